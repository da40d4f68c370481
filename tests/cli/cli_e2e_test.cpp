// edenai-image and edenai-mock-server run as processes, as a user runs them: files written,
// sizes, exit codes, the spinner only on a terminal, and the mock executable's flags.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <pty.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <edenai/edenai.hpp>
#include <edenai/mock/server.hpp>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <thread>

#include "image_files.hpp"
#include "json/base64.hpp"
#include "support/png_reader.hpp"
#include "support/process.hpp"
#include "support/scratch_dir.hpp"

namespace {

namespace fs = std::filesystem;
using edenai::mock::Fault;
using edenai::testing::ProcessResult;
using edenai::testing::run_process;
using nlohmann::json;

const std::string kImageTool = EDENAI_IMAGE_PATH;
const std::string kMockServer = EDENAI_MOCK_SERVER_PATH;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> files;
  if (!fs::exists(dir)) return files;
  for (const auto& entry : fs::directory_iterator(dir))
    files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

class ImageTool : public ::testing::Test {
 protected:
  void SetUp() override {
    out = edenai::testing::scratch_dir("edenai-cli");
    fs::remove_all(out);  // the tests create it when they need it (or check the tool does)
    server.start();
  }
  void TearDown() override { fs::remove_all(out); }

  // Runs the tool against the mock with a key in the environment and `--out out`.
  ProcessResult run(std::vector<std::string> args,
                    std::map<std::string, std::string> env = {{"EDENAI_API_KEY", "test-key"}}) {
    args.insert(args.begin(), {"--base-url", server.base_url(), "--out", out.string()});
    env.emplace("EDENAI_BASE_URL", "");
    env.emplace("EDEN_AI_API_KEY", "");
    return run_process(kImageTool, args, env);
  }

  edenai::mock::Server server;
  fs::path out;
};

TEST_F(ImageTool, SavesEachImageUnderANameFromThePrompt) {
  const auto result = run({"-n", "2", "--size", "320x200", "A Lighthouse at dawn, watercolor!"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto files = files_in(out);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].filename(), "a-lighthouse-at-dawn-watercolor-1.png");
  EXPECT_EQ(files[1].filename(), "a-lighthouse-at-dawn-watercolor-2.png");
  for (const auto& file : files) {
    const auto png = edenai::testing::read_png(read_file(file));
    EXPECT_EQ(png.width, 320);
    EXPECT_EQ(png.height, 200);
    EXPECT_NE(result.out.find("saved " + file.string() + " (png, 320x200"), std::string::npos)
        << result.out;
  }
  EXPECT_NE(result.out.find("provider openai, cost $"), std::string::npos) << result.out;
}

TEST_F(ImageTool, DownloadsUrlItems) {
  const auto result =
      run({"--model", "google/imagen-4.0-generate-001", "--size", "64x64", "a castle"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto files = files_in(out);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(edenai::testing::read_png(read_file(files[0])).width, 64);
  EXPECT_NE(result.out.find("provider google"), std::string::npos);
}

TEST_F(ImageTool, NeverOverwritesAnExistingFile) {
  fs::create_directories(out);
  std::ofstream(out / "a-fox-1.png") << "precious";
  const auto result = run({"--size", "16x16", "a fox"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(read_file(out / "a-fox-1.png"), "precious");
  EXPECT_TRUE(fs::exists(out / "a-fox-2.png"));  // the next number, not a-fox-1-2.png
  EXPECT_NE(result.out.find("a-fox-2.png"), std::string::npos);
}

fs::path write_prompts(const fs::path& dir, const std::string& text) {
  fs::create_directories(dir);
  const fs::path list = dir / "prompts.txt";
  std::ofstream(list) << text;
  return list;
}

TEST_F(ImageTool, BatchSavesEveryPromptAndReportsFailuresByLine) {
  const fs::path list = write_prompts(out, "a red fox\n\n# skipped\nsecond\na blue bird\n");
  // One at a time, so the script meets the prompts in order: the second gets a 400.
  server.push_faults({Fault::ok(), Fault::http(400)});
  const auto result = run({"--prompts", list.string(), "--size", "48x32", "-n", "2",
                           "--concurrency", "1", "--retries", "0"});
  EXPECT_EQ(result.exit_code, 3) << result.err;  // the first failed line's class
  EXPECT_NE(result.err.find("edenai-image: line 4: invalid request: HTTP 400"), std::string::npos)
      << result.err;
  EXPECT_NE(result.out.find("2 of 3 prompts succeeded, 4 images saved, total cost $"),
            std::string::npos)
      << result.out;
  std::vector<std::string> names;
  for (const auto& file : files_in(out))
    names.push_back(file.filename().string());
  EXPECT_EQ(names, (std::vector<std::string>{"a-blue-bird-1.png", "a-blue-bird-2.png",
                                             "a-red-fox-1.png", "a-red-fox-2.png", "prompts.txt"}));
  EXPECT_EQ(server.generation_count(), 3u);
}

TEST_F(ImageTool, BatchRunsPromptsConcurrentlyAsJsonLines) {
  server.set_latency(std::chrono::milliseconds(100));
  std::string text;
  for (int i = 0; i < 6; ++i)
    text += "prompt number " + std::to_string(i) + "\n";
  const fs::path list = write_prompts(out, text);
  const auto result = run({"--prompts", list.string(), "--size", "16x16", "--json", "--concurrency",
                           "3", "--rate", "0"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::set<int> lines;
  std::istringstream in(result.out);
  for (std::string line; std::getline(in, line);) {
    const json parsed = json::parse(line);  // every stdout line is one JSON object
    lines.insert(parsed.at("line").get<int>());
    EXPECT_EQ(parsed.at("response").at("data").size(), 1u);
  }
  EXPECT_EQ(lines, (std::set<int>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(files_in(out).size(), 7u);  // six images and the list
  EXPECT_NE(result.err.find("6 of 6 prompts succeeded"), std::string::npos) << result.err;
  // At most three connections for three calls at once.
  std::set<int> ports;
  for (const auto& request : server.requests())
    ports.insert(request.remote_port);
  EXPECT_LE(ports.size(), 3u);
}

// A prompt that is not UTF-8 (a Latin-1 file) fails alone, also with --json: its JSON line is
// written with the bad bytes replaced, and the other prompts' images are saved.
TEST_F(ImageTool, BatchJsonSurvivesAPromptThatIsNotUtf8) {
  const fs::path list = write_prompts(out, "a red fox\ncaf\xe9 au lait\na blue bird\n");
  const auto result =
      run({"--prompts", list.string(), "--size", "16x16", "--json", "--concurrency", "1"});
  EXPECT_EQ(result.exit_code, 3) << result.err;
  std::istringstream in(result.out);
  int lines = 0;
  for (std::string line; std::getline(in, line); ++lines) {
    const json parsed = json::parse(line);
    EXPECT_EQ(parsed.contains("error"), parsed.at("line") == 2) << line;
  }
  EXPECT_EQ(lines, 3);
  EXPECT_EQ(files_in(out).size(), 3u);  // two images and the list
}

TEST_F(ImageTool, BatchWithoutPromptsIsAUsageError) {
  const fs::path empty = write_prompts(out, "\n# nothing\n");
  EXPECT_EQ(run({"--prompts", empty.string()}).exit_code, 2);
  const auto missing = run({"--prompts", (out / "absent.txt").string()});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("cannot read the prompts file"), std::string::npos) << missing.err;
  EXPECT_EQ(server.generation_count(), 0u);
}

TEST_F(ImageTool, NoSpinnerOrCarriageReturnWhenStderrIsNotATerminal) {
  server.set_latency(std::chrono::milliseconds(250));
  const auto result = run({"--size", "16x16", "a fox"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err, "");
}

// The spinner's redraws in `seen`: each `\r<frame> ...` up to the line erase that ends it.
std::vector<std::string> redraws(const std::string& seen) {
  std::vector<std::string> lines;
  for (std::size_t at = seen.find('\r'); at != std::string::npos; at = seen.find('\r', at + 1)) {
    if (at + 2 >= seen.size() || seen[at + 2] != ' ' || !std::strchr("|/-\\", seen[at + 1])) {
      continue;
    }
    const std::size_t end = seen.find("\033[K", at);
    if (end != std::string::npos) lines.push_back(seen.substr(at + 1, end - at - 1));
  }
  return lines;
}

// Runs the tool on a pseudo-terminal `columns` wide (0: the pty's default size, none); once the
// spinner has drawn, the terminal is narrowed to `narrowed` columns when that is not 0 (the
// kernel sends SIGWINCH). Returns what was written there before and after the resize. Everything
// the child needs is prepared before fork(): only async-signal-safe calls are allowed in it.
std::pair<std::string, std::string> run_on_narrow_terminal(const std::vector<std::string>& args,
                                                           unsigned short columns,
                                                           unsigned short narrowed) {
  std::vector<std::string> strings = {kImageTool};
  strings.insert(strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& text : strings)
    argv.push_back(text.data());
  argv.push_back(nullptr);
  std::string key = "EDENAI_API_KEY=test-key";
  std::string term = "TERM=xterm";
  std::vector<char*> envp = {key.data(), term.data(), nullptr};
  winsize size{};
  size.ws_row = 24;
  size.ws_col = columns;
  int master = -1;
  const pid_t pid = forkpty(&master, nullptr, nullptr, columns == 0 ? nullptr : &size);
  if (pid == 0) {
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  std::string before;
  std::string after;
  bool resized = false;
  char buffer[4096];
  for (ssize_t n; (n = read(master, buffer, sizeof buffer)) > 0;) {
    (resized ? after : before).append(buffer, n);
    // Once a whole redraw has arrived (a read may end in the middle of one).
    if (narrowed != 0 && !resized && !redraws(before).empty()) {
      size.ws_col = narrowed;
      ioctl(master, TIOCSWINSZ, &size);
      resized = true;
    }
  }
  close(master);
  waitpid(pid, nullptr, 0);
  return {before, after};
}

// Runs the tool on a pseudo-terminal and returns all it wrote there.
std::string run_on_terminal(const std::vector<std::string>& args) {
  const auto [before, after] = run_on_narrow_terminal(args, 0, 0);
  return before + after;
}

TEST_F(ImageTool, TheSpinnerFitsTheTerminalAndFollowsAResize) {
  server.set_latency(std::chrono::milliseconds(1200));
  const auto [before, after] = run_on_narrow_terminal(
      {"--base-url", server.base_url(), "--out-dir", out.string(), "--size", "16x16", "a fox"}, 32,
      20);
  const std::vector<std::string> wide = redraws(before);
  const std::vector<std::string> narrow = redraws(after);
  ASSERT_FALSE(wide.empty()) << before;
  ASSERT_GE(narrow.size(), 3u) << after;
  for (const std::string& line : wide) {
    EXPECT_LE(line.size(), 31u) << line;  // ASCII: bytes are columns; the last one stays free
    EXPECT_NE(line.find("..."), std::string::npos) << "the label is shortened: " << line;
    EXPECT_EQ(line.back(), 's') << "the elapsed time stays visible: " << line;
  }
  // The first redraw after the resize may have been drawn before it; the others fit 20 columns.
  for (std::size_t i = 1; i < narrow.size(); ++i)
    EXPECT_LE(narrow[i].size(), 19u) << narrow[i];
  EXPECT_NE(after.find("saved "), std::string::npos) << after;
}

TEST_F(ImageTool, ShowsAnElapsedTimeSpinnerOnATerminal) {
  server.set_latency(std::chrono::milliseconds(350));
  const std::string seen = run_on_terminal(
      {"--base-url", server.base_url(), "--out", out.string(), "--size", "16x16", "a fox"});
  EXPECT_NE(seen.find("\r| generating 1 image with openai/gpt-image-1 0."), std::string::npos)
      << seen;
  EXPECT_NE(seen.find("\r\033[K"), std::string::npos) << "the line is not erased";
  EXPECT_NE(seen.find("saved "), std::string::npos);
}

TEST_F(ImageTool, BatchShowsAProgressLineOnATerminal) {
  server.set_latency(std::chrono::milliseconds(350));
  const fs::path list = write_prompts(out, "one\ntwo\n");
  const std::string seen =
      run_on_terminal({"--base-url", server.base_url(), "--out", out.string(), "--size", "16x16",
                       "--prompts", list.string(), "--concurrency", "1"});
  EXPECT_NE(seen.find("| 0/2 done 0."), std::string::npos) << seen;
  EXPECT_NE(seen.find(" 1/2 done "), std::string::npos) << seen;
  EXPECT_NE(seen.find("\r\033[Ksaved "), std::string::npos) << "saved lines erase the spinner";
  EXPECT_NE(seen.find("2 of 2 prompts succeeded"), std::string::npos) << seen;
}

TEST_F(ImageTool, JsonPrintsTheResponseWithBase64Elided) {
  const auto result = run({"--json", "-n", "2", "--size", "16x16", "a fox"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json response = json::parse(result.out);
  ASSERT_EQ(response["data"].size(), 2u);
  const std::string elided = response["data"][0]["b64_json"];
  EXPECT_NE(elided.find("base64 characters elided"), std::string::npos);
  EXPECT_EQ(response["provider"], "openai");
  EXPECT_EQ(response["size"], "16x16");
  EXPECT_NE(result.err.find("saved "), std::string::npos);
  EXPECT_EQ(files_in(out).size(), 2u);
}

TEST_F(ImageTool, ExtraFieldsAreSentJsonTyped) {
  const auto result = run({"--size", "16x16", "--extra", "background=transparent", "--extra",
                           "output_compression=80", "--quality", "low", "a fox"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json sent = json::parse(server.requests().at(0).body);
  EXPECT_EQ(sent["background"], "transparent");
  EXPECT_EQ(sent["output_compression"], 80);
  EXPECT_EQ(sent["quality"], "low");
}

TEST_F(ImageTool, UsageErrorsExitWith2) {
  EXPECT_EQ(run({}).exit_code, 2);
  const auto unknown = run({"--bogus", "a fox"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("--bogus"), std::string::npos);
  EXPECT_EQ(run({"-n", "two", "a fox"}).exit_code, 2);
  EXPECT_EQ(server.generation_count(), 0u);
}

TEST_F(ImageTool, HelpAndVersion) {
  const auto help = run_process(kImageTool, {"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("exit codes:"), std::string::npos);
  const auto version = run_process(kImageTool, {"--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out.rfind("edenai-image " + std::string(edenai::version()), 0), 0u);
}

TEST_F(ImageTool, InvalidRequestsExitWith3AndListFields) {
  const auto local = run({"-n", "11", "a fox"});
  EXPECT_EQ(local.exit_code, 3);
  EXPECT_EQ(server.generation_count(), 0u);  // refused before sending

  server.push_faults({Fault::http(422)});
  const auto remote = run({"a fox"});
  EXPECT_EQ(remote.exit_code, 3);
  EXPECT_NE(remote.err.find("(422): body: Value error"), std::string::npos) << remote.err;
  EXPECT_EQ(std::count(remote.err.begin(), remote.err.end(), '\n'), 1) << "one line";

  const auto size = run({"--size", "banana", "a fox"});
  EXPECT_EQ(size.exit_code, 3);
  EXPECT_NE(size.err.find("banana"), std::string::npos);
}

TEST_F(ImageTool, EachFailureClassHasItsExitCode) {
  EXPECT_EQ(run({"a fox"}, {{"EDENAI_API_KEY", ""}}).exit_code, 4);  // no key at all
  server.push_faults({Fault::http(401), Fault::http(402), Fault::http(403), Fault::rate_limited(0),
                      Fault::http(500), Fault::html(502)});
  const auto unauthorized = run({"--retries", "0", "a fox"});
  EXPECT_EQ(unauthorized.exit_code, 4);
  EXPECT_NE(unauthorized.err.find("authentication failed"), std::string::npos);
  EXPECT_EQ(run({"--retries", "0", "a fox"}).exit_code, 4);
  EXPECT_EQ(run({"--retries", "0", "a fox"}).exit_code, 4);
  EXPECT_EQ(run({"--retries", "0", "a fox"}).exit_code, 5);
  EXPECT_EQ(run({"--retries", "0", "a fox"}).exit_code, 6);
  const auto html = run({"--retries", "0", "a fox"});
  EXPECT_EQ(html.exit_code, 6);
  EXPECT_EQ(std::count(html.err.begin(), html.err.end(), '\n'), 1) << html.err;
  EXPECT_TRUE(files_in(out).empty());
}

TEST_F(ImageTool, ConnectionFailuresAndTimeoutsExitWith7) {
  server.set_latency(std::chrono::milliseconds(3000));
  const auto slow = run({"--timeout", "0.2", "--retries", "0", "a fox"});
  EXPECT_EQ(slow.exit_code, 7);
  EXPECT_NE(slow.err.find("timed out"), std::string::npos) << slow.err;
  server.set_latency(std::chrono::milliseconds(0));

  // A socket bound but not listening: connections to its port are refused, and the port
  // cannot be taken by another test's server meanwhile.
  const int sock = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(sock, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  socklen_t length = sizeof address;
  getsockname(sock, reinterpret_cast<sockaddr*>(&address), &length);
  const std::string url = "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port));
  const auto refused = run_process(kImageTool, {"--base-url", url, "--retries", "0", "a fox"},
                                   {{"EDENAI_API_KEY", "test-key"}});
  EXPECT_EQ(refused.exit_code, 7);
  EXPECT_NE(refused.err.find("connection failed"), std::string::npos) << refused.err;
  EXPECT_EQ(refused.err.find("connection failed: connection failed"), std::string::npos)
      << refused.err;
  close(sock);
}

TEST_F(ImageTool, TheKeyNeverAppearsInItsOutputEvenWhenTheServerEchoesIt) {
  const std::string key = "sk-eden-cli-secret-123";
  Fault unprocessable = Fault::http(422);
  unprocessable.body =
      json{{"detail",
            {{{"loc", {"body", key}}, {"msg", "bad Bearer " + key}, {"type", "value_error"}}}}}
          .dump();
  Fault unauthorized = Fault::http(401);
  unauthorized.body = json{{"detail", "Invalid token: " + key}}.dump();
  Fault page = Fault::html(502);
  page.body = "<html><body>upstream said Authorization: Bearer " + key + "</body></html>";
  server.push_faults({unprocessable, unauthorized, page});
  for (const int expected : {3, 4, 6}) {
    const auto result = run({"--retries", "0", "a fox"}, {{"EDENAI_API_KEY", key}});
    EXPECT_EQ(result.exit_code, expected) << result.err;
    EXPECT_EQ(result.out.find(key), std::string::npos) << result.out;
    EXPECT_EQ(result.err.find(key), std::string::npos) << result.err;
    if (expected != 6) {  // the HTML page is summarised by its status; the others are quoted
      EXPECT_NE(result.err.find("[REDACTED]"), std::string::npos) << result.err;
    }
  }
}

TEST_F(ImageTool, NorWhenItEchoesItInASuccessInAnyLetterCase) {
  const std::string key = "sk-eden-cli-Secret-123";
  std::string shout = key;
  for (char& c : shout)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  Fault echo = Fault::http(200);
  echo.body = json{{"data", json::array()}, {"echo", shout}, {key, 1}}.dump();
  server.push_faults({echo});
  const auto result = run({"--json", "a fox " + key}, {{"EDENAI_API_KEY", key}});
  ASSERT_EQ(result.exit_code, 1) << result.err;  // a response without images saves nothing
  EXPECT_NE(result.err.find("holds no image"), std::string::npos) << result.err;
  for (const std::string& spelling : {key, shout}) {
    EXPECT_EQ(result.out.find(spelling), std::string::npos) << result.out;
    EXPECT_EQ(result.err.find(spelling), std::string::npos) << result.err;
  }
  EXPECT_NE(result.out.find("[REDACTED]"), std::string::npos) << result.out;
}

// Nothing is bought that cannot be kept: the output directory is checked first.
TEST_F(ImageTool, AnUnwritableOutputDirectoryIsRefusedBeforeAnyPaidCall) {
  fs::create_directories(out);
  const fs::path file = out / "a-file";
  std::ofstream(file) << "x";
  const auto single = run_process(
      kImageTool, {"--base-url", server.base_url(), "--out", (file / "sub").string(), "a fox"},
      {{"EDENAI_API_KEY", "test-key"}, {"EDENAI_BASE_URL", ""}});
  EXPECT_EQ(single.exit_code, 1) << single.err;
  EXPECT_NE(single.err.find("cannot"), std::string::npos) << single.err;
  const fs::path prompts = write_prompts(out, "one\ntwo\nthree\nfour\nfive\n");
  const auto batch = run_process(
      kImageTool,
      {"--base-url", server.base_url(), "--out", file.string(), "--prompts", prompts.string()},
      {{"EDENAI_API_KEY", "test-key"}, {"EDENAI_BASE_URL", ""}});
  EXPECT_EQ(batch.exit_code, 1) << batch.err;
  EXPECT_EQ(server.generation_count(), 0u);
}

// A paid response keeps every image that can be saved, whatever happens to the others.
TEST_F(ImageTool, OneBadImageDoesNotCostTheOthers) {
  const std::string png = edenai::mock::render_png("a fox", 0, 8, 8);
  const std::string b64 = edenai::internal::encode_base64(
      reinterpret_cast<const std::uint8_t*>(png.data()), png.size());
  Fault mixed = Fault::http(200);
  mixed.body = json{
      {"data",
       {{{"b64_json", "!!not base64!!"}},
        {{"url", server.base_url() + "/no-such-image.png"}},
        {{"b64_json", b64}}}},
      {"cost",
       0.12}}.dump();
  server.push_faults({mixed});
  const auto result = run({"--json", "-n", "3", "--retries", "0", "a fox"});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  ASSERT_EQ(files_in(out).size(), 1u);
  EXPECT_EQ(files_in(out)[0].filename(), "a-fox-3.png");
  EXPECT_NE(result.err.find("image 1:"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("image 2: could not download it: HTTP 404"), std::string::npos)
      << result.err;
  EXPECT_EQ(json::parse(result.out)["cost"], 0.12);  // the response is printed all the same
}

TEST_F(ImageTool, UsageErrorsDoNotQuoteTheKey) {
  const std::string key = "sk-eden-usage-Secret-9";
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--api-key", key, "-n", key, "a fox"},
        std::vector<std::string>{"--api-key=" + key, "--retries", key, "a fox"},
        std::vector<std::string>{"--timeout", key, "a fox"}}) {
    const auto result = run(args, {{"EDENAI_API_KEY", key}});
    EXPECT_EQ(result.exit_code, 2) << result.err;
    EXPECT_EQ(result.err.find(key), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("[REDACTED]"), std::string::npos) << result.err;
  }
}

TEST_F(ImageTool, AnEmptyApiKeyIsNoKeyAtAll) {
  const auto result = run({"--api-key", "", "a fox"}, {{"EDENAI_API_KEY", ""}});
  EXPECT_EQ(result.exit_code, 4) << result.err;
  EXPECT_NE(result.err.find("no API key"), std::string::npos) << result.err;
  EXPECT_EQ(server.generation_count(), 0u);
}

// Waits (polling) until `done` holds; false after 20 s.
template <typename Done>
bool eventually(Done done) {
  for (int i = 0; i < 4000 && !done(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  return done();
}

// Starts the tool on a batch of six prompts against the mock, in the background.
std::unique_ptr<edenai::testing::BackgroundProcess> start_batch(const edenai::mock::Server& server,
                                                                const fs::path& out,
                                                                const std::string& concurrency,
                                                                const std::string& rate) {
  fs::create_directories(out);
  const fs::path prompts = write_prompts(out, "one\ntwo\nthree\nfour\nfive\nsix\n");
  return std::make_unique<edenai::testing::BackgroundProcess>(
      kImageTool,
      std::vector<std::string>{"--base-url", server.base_url(), "--out", (out / "images").string(),
                               "--prompts", prompts.string(), "--concurrency", concurrency,
                               "--rate", rate, "--size", "64x64"},
      std::map<std::string, std::string>{{"EDENAI_API_KEY", "test-key"}, {"EDENAI_BASE_URL", ""}});
}

// The first Ctrl-C stops launching prompts; those in flight (already paid for) finish and are
// saved; the run says what was done, saved and not started, and exits 130.
TEST_F(ImageTool, CtrlCInABatchKeepsWhatIsInFlightAndStartsNothingMore) {
  server.set_latency(std::chrono::milliseconds(2000));
  const auto tool = start_batch(server, out, "2", "0");
  const fs::path images = out / "images";
  ASSERT_TRUE(eventually([&] { return server.generation_count() == 2; }));
  tool->signal(SIGINT);
  const auto result = tool->wait();
  EXPECT_EQ(result.exit_code, 130) << result.err;
  EXPECT_EQ(server.generation_count(), 2u);
  EXPECT_EQ(files_in(images).size(), 2u);  // the two in flight were saved
  EXPECT_NE(result.err.find("interrupted"), std::string::npos) << result.err;
  EXPECT_NE(result.out.find("2 of 6 prompts done"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("2 images saved"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("4 not started"), std::string::npos) << result.out;
}

// Prompts waiting behind --rate are not sent after Ctrl-C: nothing more is bought.
TEST_F(ImageTool, CtrlCSendsNothingThatWasStillWaitingForItsTurn) {
  server.set_latency(std::chrono::milliseconds(1500));
  const auto tool = start_batch(server, out, "4", "0.01");  // one request per 100 s
  const fs::path images = out / "images";
  ASSERT_TRUE(eventually([&] { return server.generation_count() == 1; }));
  tool->signal(SIGINT);
  const auto result = tool->wait();
  EXPECT_EQ(result.exit_code, 130) << result.err;
  EXPECT_EQ(server.generation_count(), 1u);
  EXPECT_EQ(files_in(images).size(), 1u);
  EXPECT_NE(result.out.find("1 of 6 prompts done"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("5 not started"), std::string::npos) << result.out;
}

TEST_F(ImageTool, ASecondCtrlCQuitsAtOnce) {
  server.set_latency(std::chrono::milliseconds(20000));
  edenai::testing::BackgroundProcess tool(
      kImageTool, {"--base-url", server.base_url(), "--out", out.string(), "a fox"},
      {{"EDENAI_API_KEY", "test-key"}, {"EDENAI_BASE_URL", ""}});
  ASSERT_TRUE(eventually([&] { return server.generation_count() == 1; }));
  tool.signal(SIGINT);
  // A single generation interrupted says so, and waits for what is in flight...
  ASSERT_TRUE(
      eventually([&] { return tool.err_so_far().find("interrupted") != std::string::npos; }));
  tool.signal(SIGINT);  // ...until told again
  const auto result = tool.wait();
  EXPECT_EQ(result.exit_code, 130) << result.err;
  EXPECT_NE(result.err.find("quitting now"), std::string::npos) << result.err;
  EXPECT_TRUE(files_in(out).empty());
}

// Before anything is bought (prompts still being read, say) Ctrl-C quits at once.
TEST_F(ImageTool, CtrlCBeforeAnythingIsSentQuitsAtOnce) {
  fs::create_directories(out);
  const fs::path fifo = out / "prompts";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);  // no writer: reading it waits
  edenai::testing::BackgroundProcess tool(
      kImageTool, {"--base-url", server.base_url(), "--out", out.string(), "--prompts", fifo},
      {{"EDENAI_API_KEY", "test-key"}, {"EDENAI_BASE_URL", ""}});
  // A writer can open the FIFO once the tool has it open for reading: it is then reading its
  // prompts (and waits for them, as the writer writes nothing), past the start of the run.
  int writer = -1;
  ASSERT_TRUE(eventually([&] {
    if (writer < 0) writer = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
    return writer >= 0;
  }));
  tool.signal(SIGINT);
  const bool quit = tool.wait_for_exit(std::chrono::seconds(10));
  ::close(writer);  // else: the prompts end, and the tool with them
  const auto result = tool.wait();
  EXPECT_TRUE(quit) << "the first Ctrl-C did not end a run that had bought nothing";
  EXPECT_EQ(result.exit_code, 130) << result.err;
  EXPECT_NE(result.err.find("interrupted before anything was sent"), std::string::npos)
      << result.err;
  EXPECT_EQ(server.generation_count(), 0u);
}

TEST_F(ImageTool, CtrlCDuringASingleGenerationSavesItThenExits130) {
  server.set_latency(std::chrono::milliseconds(1500));
  edenai::testing::BackgroundProcess tool(
      kImageTool,
      {"--base-url", server.base_url(), "--out", out.string(), "--size", "64x64", "a fox"},
      {{"EDENAI_API_KEY", "test-key"}, {"EDENAI_BASE_URL", ""}});
  ASSERT_TRUE(eventually([&] { return server.generation_count() == 1; }));
  tool.signal(SIGINT);
  const auto result = tool.wait();
  EXPECT_EQ(result.exit_code, 130) << result.err;
  EXPECT_EQ(files_in(out).size(), 1u);  // paid for, so kept
  EXPECT_NE(result.err.find("interrupted"), std::string::npos) << result.err;
}

// The executable: prints its URL, honours --api-key and --fault, and exits 0 on SIGTERM.
TEST(MockServerExecutable, ServesUntilTerminated) {
  int out_pipe[2];
  ASSERT_EQ(pipe(out_pipe), 0);
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out_pipe[1], STDOUT_FILENO);
    close(out_pipe[0]);
    execl(kMockServer.c_str(), kMockServer.c_str(), "--port", "0", "--api-key", "k1", "--fault",
          "503", "--quiet", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out_pipe[1]);
  struct KillOnExit {  // an ASSERT must not leave the server running with ctest's stderr
    pid_t pid;
    ~KillOnExit() {
      if (pid > 0 && kill(pid, SIGKILL) == 0) waitpid(pid, nullptr, 0);
    }
  } guard{pid};
  std::string line;
  char c = 0;
  while (read(out_pipe[0], &c, 1) == 1 && c != '\n')
    line += c;
  const std::string prefix = "edenai-mock-server listening on ";
  ASSERT_EQ(line.rfind(prefix, 0), 0u) << line;
  const std::string url = line.substr(prefix.size());
  EXPECT_EQ(url.rfind("http://127.0.0.1:", 0), 0u);

  const std::map<std::string, std::string> key{{"EDENAI_API_KEY", "k1"}};
  const fs::path out = fs::temp_directory_path() / ("edenai-mock-exe-" + std::to_string(getpid()));
  const std::vector<std::string> args{"--base-url", url,      "--retries", "0",      "--out",
                                      out.string(), "--size", "8x8",       "--json", "a fox"};
  EXPECT_EQ(run_process(kImageTool, args, key).exit_code, 6);  // the scripted 503
  const auto ok = run_process(kImageTool, args, key);
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(json::parse(ok.out)["data"].size(), 1u);
  EXPECT_EQ(files_in(out).size(), 1u);
  fs::remove_all(out);
  EXPECT_EQ(run_process(kImageTool, args, {{"EDENAI_API_KEY", "wrong"}}).exit_code, 4);

  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  guard.pid = 0;
  close(out_pipe[0]);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(MockServerExecutable, RejectsBadFlags) {
  const auto result = run_process(kMockServer, {"--fault", "600"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("600"), std::string::npos);
}

}  // namespace
