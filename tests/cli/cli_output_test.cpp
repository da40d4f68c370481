// edenai-image's outputs as processes against the mock: -o FILE and --out-dir DIR, getopt's
// attached short values, the names of a second run, --json's saved paths and error objects,
// and -v's attempt lines.
#include <gtest/gtest.h>

#include <edenai/mock/server.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "json/base64.hpp"
#include "support/process.hpp"
#include "support/scratch_dir.hpp"

namespace {

namespace fs = std::filesystem;
using edenai::mock::Fault;
using edenai::testing::ProcessResult;
using edenai::testing::run_process;
using nlohmann::json;

const std::string kImageTool = EDENAI_IMAGE_PATH;
constexpr const char* kKey = "sk-output-Secret-31";

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> names;
  if (!fs::exists(dir)) return names;
  for (const auto& entry : fs::directory_iterator(dir))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// A 200 answer holding one image of `bytes`.
Fault answer_with(const std::string& bytes) {
  Fault fault = Fault::http(200);
  fault.body = json{
      {"data",
       {{{"b64_json", edenai::internal::encode_base64(
                          reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size())}}}},
      {"cost", 0.04},
      {"provider",
       "openai"}}.dump();
  return fault;
}

class ImageToolOutput : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = edenai::testing::scratch_dir("edenai-cli-output");
    server.start();
  }
  void TearDown() override { fs::remove_all(dir); }

  // Runs the tool against the mock in `dir`, with the key in the environment; no --out-dir.
  ProcessResult run(std::vector<std::string> args) {
    args.insert(args.begin(), {"--base-url", server.base_url(), "--size", "16x16"});
    std::vector<std::string> shell = {"-c", "cd \"$0\" && exec \"$@\"", dir.string(), kImageTool};
    shell.insert(shell.end(), args.begin(), args.end());
    return run_process(
        "/bin/sh", shell,
        {{"EDENAI_API_KEY", kKey}, {"EDENAI_BASE_URL", ""}, {"EDEN_AI_API_KEY", ""}});
  }

  edenai::mock::Server server;
  fs::path dir;
};

TEST_F(ImageToolOutput, OutputNamesTheImagesFileWithItsRealExtension) {
  const auto png = run({"-o", "fox.png", "a fox"});
  ASSERT_EQ(png.exit_code, 0) << png.err;
  EXPECT_EQ(names_in(dir), (std::vector<std::string>{"fox.png"}));  // a file, not a directory
  EXPECT_TRUE(fs::is_regular_file(dir / "fox.png"));
  // A provider that answers a JPEG: fox.png would lie about it.
  server.push_faults({answer_with(std::string("\xFF\xD8\xFF\xE0\0\x10JFIF\0", 11))});
  const auto jpeg = run({"-o", "sub/cat.png", "a cat"});
  ASSERT_EQ(jpeg.exit_code, 0) << jpeg.err;
  EXPECT_EQ(names_in(dir / "sub"), (std::vector<std::string>{"cat.jpg"}));
  EXPECT_NE(jpeg.out.find("saved sub/cat.jpg"), std::string::npos) << jpeg.out;
  // A name that is taken is refused before anything is bought.
  const std::size_t sent = server.generation_count();
  const auto taken = run({"-o", "fox.png", "a fox"});
  EXPECT_EQ(taken.exit_code, 2);
  EXPECT_NE(taken.err.find("never replaces"), std::string::npos) << taken.err;
  EXPECT_EQ(server.generation_count(), sent);
}

TEST_F(ImageToolOutput, OutDirRefusesAnImageFileNameAndOutputADirectory) {
  const auto file_like = run({"--out-dir", "fox.png", "a fox"});
  EXPECT_EQ(file_like.exit_code, 2);
  EXPECT_NE(file_like.err.find("use -o fox.png"), std::string::npos) << file_like.err;
  fs::create_directories(dir / "pics");
  const auto directory = run({"-o", "pics", "a fox"});
  EXPECT_EQ(directory.exit_code, 2);
  EXPECT_NE(directory.err.find("--out-dir pics"), std::string::npos) << directory.err;
  EXPECT_EQ(server.generation_count(), 0u);
  EXPECT_EQ(names_in(dir), (std::vector<std::string>{"pics"}));  // no fox.png/ directory
}

TEST_F(ImageToolOutput, AttachedShortValuesWork) {
  const auto result = run({"-n2", "-mopenai/gpt-image-1", "--out-dir", "out", "a fox"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(json::parse(server.requests().at(0).body)["n"], 2);
  EXPECT_EQ(names_in(dir / "out"), (std::vector<std::string>{"a-fox-1.png", "a-fox-2.png"}));
}

TEST_F(ImageToolOutput, ASecondRunNumbersOnInsteadOfSuffixingEachName) {
  ASSERT_EQ(run({"-n", "2", "a fox"}).exit_code, 0);
  const auto second = run({"-n", "2", "a fox"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(names_in(dir),
            (std::vector<std::string>{"a-fox-1.png", "a-fox-2.png", "a-fox-3.png", "a-fox-4.png"}));
  EXPECT_NE(second.out.find("saved ./a-fox-3.png"), std::string::npos) << second.out;
}

TEST_F(ImageToolOutput, JsonGivesEachSavedPath) {
  const auto single = run({"--json", "-n", "2", "--out-dir", "out", "a fox"});
  ASSERT_EQ(single.exit_code, 0) << single.err;
  const json response = json::parse(single.out);
  ASSERT_EQ(response["data"].size(), 2u);
  EXPECT_EQ(response["data"][0]["saved"], "out/a-fox-1.png");
  EXPECT_EQ(response["data"][1]["saved"], "out/a-fox-2.png");
  EXPECT_TRUE(fs::exists(dir / response["data"][1]["saved"].get<std::string>()));
  const auto file = run({"--json", "-o", "one.png", "a fox"});
  EXPECT_EQ(json::parse(file.out)["data"][0]["saved"], "one.png");

  std::ofstream(dir / "prompts.txt") << "a red fox\na blue bird\n";
  const auto batch = run({"--json", "--prompts", "prompts.txt", "--out-dir", "batch"});
  ASSERT_EQ(batch.exit_code, 0) << batch.err;
  std::istringstream lines(batch.out);
  std::vector<std::string> saved;
  for (std::string line; std::getline(lines, line);)
    saved.push_back(json::parse(line)["response"]["data"][0]["saved"]);
  std::sort(saved.begin(), saved.end());
  EXPECT_EQ(saved, (std::vector<std::string>{"batch/a-blue-bird-1.png", "batch/a-red-fox-1.png"}));
}

TEST_F(ImageToolOutput, JsonErrorsAreObjects) {
  Fault rejected = Fault::http(422);
  rejected.headers = {{"x-request-id", "req-422-a"}};
  rejected.body = R"({"detail":[{"type":"missing","loc":["body","prompt"],"msg":"Field required",)"
                  R"("input":{}}]})";
  Fault limited = Fault::http(429);
  limited.body = R"({"detail":"slow down","error_code":"RATE_LIMITED"})";
  server.push_faults({rejected, limited});

  const auto unprocessable = run({"--json", "--retries", "0", "a fox"});
  EXPECT_EQ(unprocessable.exit_code, 3);
  const json error = json::parse(unprocessable.out).at("error");
  EXPECT_EQ(error["type"], "unprocessable_entity");
  EXPECT_EQ(error["status"], 422);
  EXPECT_EQ(error["request_id"], "req-422-a");
  EXPECT_TRUE(error["code"].is_null());
  EXPECT_EQ(error["exit_code"], 3);
  EXPECT_EQ(error["detail"][0]["msg"], "Field required");
  EXPECT_NE(error["message"].get<std::string>().find("Field required"), std::string::npos);
  EXPECT_NE(unprocessable.err.find("Field required"), std::string::npos);  // and for people

  const json limit = json::parse(run({"--json", "--retries", "0", "a fox"}).out).at("error");
  EXPECT_EQ(limit["type"], "rate_limit");
  EXPECT_EQ(limit["code"], "RATE_LIMITED");

  const auto usage = run({"--json", "--bogus", "a fox"});
  EXPECT_EQ(usage.exit_code, 2);
  EXPECT_EQ(json::parse(usage.out).at("error").at("type"), "usage");

  // A batch line that failed carries the same object.
  server.push_faults({rejected});
  std::ofstream(dir / "one.txt") << "a red fox\n";
  const auto batch = run({"--json", "--retries", "0", "--prompts", "one.txt"});
  EXPECT_EQ(batch.exit_code, 3);
  EXPECT_EQ(json::parse(batch.out).at("error").at("request_id"), "req-422-a");
  for (const auto* seen : {&unprocessable, &usage, &batch})
    EXPECT_EQ(seen->out.find(kKey), std::string::npos);
}

TEST_F(ImageToolOutput, VerbosePrintsEachAttemptWithoutTheKey) {
  Fault limited = Fault::rate_limited();
  limited.headers = {{"retry-after-ms", "1"}};
  limited.body = std::string(R"({"detail":"slow down )") + kKey + "\"}";  // a server echoing it
  Fault failed = Fault::http(500);
  failed.headers = {{"retry-after-ms", "1"}};
  server.push_faults({limited, failed});
  const auto verbose = run({"-v", "--retries", "2", "a fox"});
  ASSERT_EQ(verbose.exit_code, 0) << verbose.err;
  const std::size_t first = verbose.err.find("-> 429");
  const std::size_t second = verbose.err.find("-> 500");
  const std::size_t third = verbose.err.find("-> 200");
  EXPECT_NE(first, std::string::npos) << verbose.err;
  EXPECT_NE(second, std::string::npos) << verbose.err;
  EXPECT_NE(third, std::string::npos) << verbose.err;
  EXPECT_TRUE(first < second && second < third) << verbose.err;
  EXPECT_EQ(verbose.err.find(kKey), std::string::npos) << verbose.err;
  EXPECT_EQ(verbose.out.find(kKey), std::string::npos);

  server.push_faults({limited});
  const auto quiet = run({"--retries", "1", "a fox"});
  ASSERT_EQ(quiet.exit_code, 0) << quiet.err;
  EXPECT_EQ(quiet.err.find("-> 429"), std::string::npos) << quiet.err;
}

}  // namespace
