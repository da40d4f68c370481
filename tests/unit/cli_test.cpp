// The pieces of edenai-image without a process: argument parsing (the commands included), file
// names, failure classes, tables and their JSON, and the spinner.
#include <gtest/gtest.h>

#include <unistd.h>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <streambuf>

#include "batch_input.hpp"
#include "cli_options.hpp"
#include "edenai/errors.hpp"
#include "image_files.hpp"
#include "listing.hpp"
#include "report.hpp"
#include "spinner.hpp"

namespace edenai::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

CliOptions parse(std::vector<std::string> args) {
  return parse_arguments(args);
}

TEST(CliArguments, DefaultsAndBothOptionForms) {
  const CliOptions defaults = parse({"a", "red", "fox"});
  EXPECT_EQ(defaults.prompt, "a red fox");
  EXPECT_EQ(defaults.model, "openai/gpt-image-1");
  EXPECT_EQ(defaults.out_dir, ".");
  EXPECT_FALSE(defaults.n);
  EXPECT_FALSE(defaults.json);

  const CliOptions options =
      parse({"--model=google/imagen-4.0-generate-001", "-n", "3", "--size", "16:9",
             "--quality=high", "--out-dir", "pics", "--base-url", "http://x", "--api-key", "k",
             "--timeout", "2.5", "--retries=0", "--json", "--", "--not-an-option"});
  EXPECT_EQ(options.model, "google/imagen-4.0-generate-001");
  EXPECT_EQ(options.n, 3);
  EXPECT_EQ(options.size, "16:9");
  EXPECT_EQ(options.quality, "high");
  EXPECT_EQ(options.out_dir, "pics");
  EXPECT_EQ(options.base_url, "http://x");
  EXPECT_EQ(options.api_key, "k");
  EXPECT_DOUBLE_EQ(*options.timeout_seconds, 2.5);
  EXPECT_EQ(options.retries, 0);
  EXPECT_TRUE(options.json);
  EXPECT_EQ(options.prompt, "--not-an-option");
}

TEST(CliArguments, ExtraValuesAreJsonWhenTheyParseAsJson) {
  const CliOptions options =
      parse({"--extra", "background=transparent", "--extra", "output_compression=80", "--extra",
             "moderation=\"low\"", "--extra", "tags={\"a\":\"b\"}", "--extra", "flag=true",
             "--extra", "equation=a=b", "p"});
  EXPECT_EQ(options.extra["background"], "transparent");
  EXPECT_EQ(options.extra["output_compression"], 80);
  EXPECT_EQ(options.extra["moderation"], "low");
  EXPECT_EQ(options.extra["tags"], json({{"a", "b"}}));
  EXPECT_EQ(options.extra["flag"], true);
  EXPECT_EQ(options.extra["equation"], "a=b");
}

TEST(CliArguments, MistakesAreUsageErrors) {
  const std::vector<std::vector<std::string>> mistakes = {{},
                                                          {"--model"},
                                                          {"-n", "x", "p"},
                                                          {"--retries", "-1", "p"},
                                                          {"--bogus"},
                                                          {"--json=yes", "p"},
                                                          {"--timeout", "0", "p"},
                                                          {"--extra", "novalue", "p"},
                                                          {"--extra", "=v", "p"},
                                                          {"--out", "", "p"},
                                                          {"--timeout", "0.0001", "p"},
                                                          {"--timeout", "1e300", "p"},
                                                          {"--timeout", "nan", "p"}};
  for (const auto& args : mistakes) {
    EXPECT_THROW(parse(args), UsageError) << ::testing::PrintToString(args);
  }
  EXPECT_TRUE(parse({"--help"}).help);
  EXPECT_TRUE(parse({"-V"}).version);
  EXPECT_NE(help_text().find("exit codes:"), std::string::npos);
}

TEST(CliCommands, TheFirstWordNamesTheCommandElseItIsAPrompt) {
  EXPECT_EQ(parse({"a", "red", "fox"}).command, Command::generate);
  EXPECT_EQ(parse({"models"}).command, Command::models);
  EXPECT_EQ(parse({"files"}).command, Command::files);
  EXPECT_EQ(parse({"files", "list"}).command, Command::files);
  EXPECT_EQ(parse({"upload", "a.png"}).command, Command::upload);
  // A prompt that is a command's name: `generate`, or after `--`.
  const CliOptions named = parse({"generate", "models"});
  EXPECT_EQ(named.command, Command::generate);
  EXPECT_EQ(named.prompt, "models");
  const CliOptions dashed = parse({"--", "models"});
  EXPECT_EQ(dashed.command, Command::generate);
  EXPECT_EQ(dashed.prompt, "models");
  EXPECT_EQ(parse({"a", "models"}).prompt, "a models");  // only the first word names one
  EXPECT_EQ(parse({"generate", "--", "edit", "this"}).prompt, "edit this");
  EXPECT_EQ(parse({"Models"}).command, Command::generate);  // names are exact
  // Options may come before the command (as the tests' and users' wrappers put them).
  const CliOptions late = parse({"--base-url", "http://x", "--json", "models"});
  EXPECT_EQ(late.command, Command::models);
  EXPECT_EQ(late.base_url, "http://x");
  EXPECT_TRUE(late.json);
  try {
    parse({"models", "of", "cars"});
    ADD_FAILURE() << "no usage error";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("edenai-image generate \"models of cars\""),
              std::string::npos)
        << e.what();
  }
}

TEST(CliCommands, EditKeepsTheImagesInCommandLineOrder) {
  const CliOptions options = parse({"--out",      "pics",
                                    "edit",       "--image",
                                    "canvas.png", "--file-id=abc",
                                    "--image",    "ref.png",
                                    "--mask",     "mask.png",
                                    "-n",         "2",
                                    "--size",     "512x512",
                                    "--model",    "google/gemini-2.5-flash-image",
                                    "--extra",    "input_fidelity=high",
                                    "add",        "a",
                                    "door"});
  EXPECT_EQ(options.command, Command::edit);
  EXPECT_EQ(options.images, (std::vector<EditImage>{{EditImage::Kind::file, "canvas.png"},
                                                    {EditImage::Kind::file_id, "abc"},
                                                    {EditImage::Kind::file, "ref.png"}}));
  EXPECT_EQ(options.mask, "mask.png");
  EXPECT_EQ(options.n, 2);
  EXPECT_EQ(options.size, "512x512");
  EXPECT_EQ(options.model, "google/gemini-2.5-flash-image");
  EXPECT_EQ(options.extra["input_fidelity"], "high");
  EXPECT_EQ(options.out_dir, "pics");
  EXPECT_EQ(options.prompt, "add a door");
  const CliOptions by_id = parse({"edit", "--file-id", "abc", "--image", "ref.png", "p"});
  EXPECT_EQ(by_id.images.front(), (EditImage{EditImage::Kind::file_id, "abc"}));  // the canvas
  EXPECT_EQ(parse({"edit", "--image", "a.png", "p"}).model, "openai/gpt-image-1");
}

TEST(CliCommands, FileStoreCommands) {
  const CliOptions upload =
      parse({"upload", "--expires-days", "7", "--purpose=edits", "photo.png", "--json"});
  EXPECT_EQ(upload.upload_file, "photo.png");
  EXPECT_EQ(upload.expires_days, 7);
  EXPECT_EQ(upload.purpose, "edits");
  EXPECT_TRUE(upload.json);
  EXPECT_EQ(parse({"files", "--purpose", "edits"}).purpose, "edits");
  const CliOptions some = parse({"files", "delete", "id-1", "id-2"});
  EXPECT_EQ(some.command, Command::files_delete);
  EXPECT_EQ(some.file_ids, (std::vector<std::string>{"id-1", "id-2"}));
  EXPECT_FALSE(some.delete_all);
  const CliOptions all = parse({"files", "delete", "--all", "--yes"});
  EXPECT_TRUE(all.delete_all);
  EXPECT_TRUE(all.file_ids.empty());
  // `upload files` uploads a file named "files"; `files -- delete` is no deletion.
  EXPECT_EQ(parse({"upload", "files"}).upload_file, "files");
  EXPECT_THROW(parse({"files", "--", "delete"}), UsageError);
}

TEST(CliArguments, ShortOptionsTakeAttachedValuesAsGetoptDoes) {
  const CliOptions options = parse({"-n2", "-mgoogle/imagen-4.0-generate-001", "-v", "a", "fox"});
  EXPECT_EQ(options.n, 2);
  EXPECT_EQ(options.model, "google/imagen-4.0-generate-001");
  EXPECT_TRUE(options.verbose);
  EXPECT_EQ(parse({"-ofox.png", "a fox"}).output_file, "fox.png");
  EXPECT_THROW(parse({"-n", "2x", "p"}), UsageError);
  EXPECT_THROW(parse({"-vx", "p"}), UsageError);  // a flag takes no attached value
  EXPECT_THROW(parse({"-n2x", "p"}), UsageError);
}

TEST(CliArguments, OutputNamesOneFileAndOutDirADirectory) {
  const CliOptions file = parse({"-o", "fox.png", "a fox"});
  EXPECT_EQ(file.output_file, "fox.png");
  EXPECT_EQ(file.out_dir, ".");
  EXPECT_EQ(parse({"--output=pics/fox", "a fox"}).output_file, "pics/fox");
  EXPECT_EQ(parse({"--out-dir", "pics", "a fox"}).out_dir, "pics");
  EXPECT_EQ(parse({"--out", "pics", "a fox"}).out_dir, "pics");  // the former name
  const auto refused = [](const std::vector<std::string>& args) {
    try {
      parse(args);
    } catch (const UsageError& e) {
      return std::string(e.what());
    }
    return std::string("no usage error");
  };
  EXPECT_NE(refused({"--out-dir", "fox.png", "a fox"}).find("use -o fox.png"), std::string::npos);
  EXPECT_NE(refused({"-o", "fox.png", "-n", "2", "a fox"}).find("--out-dir"), std::string::npos);
  EXPECT_NE(refused({"-o", "a.png", "--prompts", "list.txt"}).find("--out-dir"), std::string::npos);
  EXPECT_NE(refused({"-o", "a.png", "--out-dir", "d", "a fox"}).find("not both"),
            std::string::npos);
  const std::string dir = ::testing::TempDir();
  EXPECT_NE(refused({"-o", dir, "a fox"}).find("is a directory"), std::string::npos);
  EXPECT_NE(refused({"-o", "pics/", "a fox"}).find("is a directory"), std::string::npos);
  const std::string taken = dir + "/edenai-cli-taken-" + std::to_string(::getpid()) + ".png";
  std::ofstream(taken) << "x";
  EXPECT_NE(refused({"-o", taken, "a fox"}).find("never replaces"), std::string::npos);
  std::filesystem::remove(taken);
  EXPECT_THROW(parse({"-o", "a.png", "-o", "b.png", "a fox"}), UsageError);
  EXPECT_THROW(parse({"models", "-o", "a.png"}), UsageError);
}

TEST(CliSpinner, ALineIsCutToTheTerminalKeepingItsTail) {
  EXPECT_EQ(fit_line("| generating", " 1.2s", 0), "| generating 1.2s");  // width unknown
  EXPECT_EQ(fit_line("| generating", " 1.2s", 40), "| generating 1.2s");
  EXPECT_EQ(fit_line("| generating 1 image", " 1.2s", 16), "| gener... 1.2s");
  EXPECT_EQ(fit_line("| generating 1 image", " 1.2s", 16).size(), 15u);
  EXPECT_EQ(fit_line("| generating", " 1.2s", 6), "| gen");  // too narrow for the tail
  EXPECT_EQ(fit_line("| \xC3\xA9t\xC3\xA9 sur la plage", " 1.2s", 12),
            "| \xC3\xA9... 1.2s");  // cut at a code point: 11 columns
}

TEST(CliCommands, MistakesAreUsageErrors) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"edit", "a prompt"},          // no image
           {"edit", "--image", "a.png"},  // no prompt
           {"edit", "--image", "", "p"},  // an empty file name
           {"edit", "--image", "a.png", "--mask", "m.png", "--mask", "n.png", "p"},
           {"edit", "--image", "a.png", "--prompts", "f"},  // no batch of edits
           {"edit", "--image", "a.png", "--concurrency", "2", "p"},
           {"--image", "a.png", "a fox"},  // --image is edit's
           {"upload"},
           {"upload", "a.png", "b.png"},
           {"upload", "--expires-days", "0", "a.png"},
           {"upload", "--expires-days", "31", "a.png"},
           {"upload", "--purpose", "", "a.png"},
           {"upload", "--size", "16x16", "a.png"},  // an image option
           {"upload", "--out", "d", "a.png"},
           {"files", "stray"},
           {"files", "--all"},
           {"files", "delete"},           // no ids
           {"files", "delete", "--all"},  // not confirmed
           {"files", "delete", "--all", "--yes", "id"},
           {"files", "delete", "--yes", "id"},  // --yes confirms --all only
           {"files", "delete", "--purpose", "p", "id"},
           {"models", "--model", "m"},
           {"models", "--bogus"},
           {"models", "x"}}) {
    EXPECT_THROW(parse(args), UsageError) << ::testing::PrintToString(args);
  }
}

TEST(CliCommands, HelpPerCommand) {
  for (const auto& [args, command] : std::vector<std::pair<std::vector<std::string>, Command>>{
           {{"--help"}, Command::generate},
           {{"generate", "-h"}, Command::generate},
           {{"edit", "--help"}, Command::edit},
           {{"upload", "--help"}, Command::upload},
           {{"files", "--help"}, Command::files},
           {{"files", "delete", "--help"}, Command::files_delete},
           {{"models", "--help"}, Command::models},
           {{"models", "--size", "1x1", "--help"}, Command::models}}) {  // help beats the rest
    const CliOptions options = parse(args);
    EXPECT_TRUE(options.help) << ::testing::PrintToString(args);
    EXPECT_EQ(options.command, command) << ::testing::PrintToString(args);
  }
  EXPECT_NE(help_text(Command::edit).find("usage: edenai-image edit"), std::string::npos);
  EXPECT_NE(help_text(Command::edit).find("the FIRST one is the\ncanvas"), std::string::npos);
  EXPECT_NE(help_text(Command::upload).find("usage: edenai-image upload"), std::string::npos);
  EXPECT_NE(help_text(Command::files_delete).find("--all --yes"), std::string::npos);
  EXPECT_NE(help_text(Command::models).find("usage: edenai-image models"), std::string::npos);
  for (const Command command :
       {Command::generate, Command::edit, Command::upload, Command::files, Command::models}) {
    EXPECT_NE(help_text(command).find("exit codes:"), std::string::npos) << command_name(command);
  }
  EXPECT_NE(help_text().find("edenai-image -- models"), std::string::npos);
}

TEST(CliListing, TablesAlignColumnsByCharacters) {
  const std::string table =
      format_table({"ID", "NAME"}, {{"a", "caf\xc3\xa9"}, {"long-id", ""}, {"x\ny", "tab\there"}});
  EXPECT_EQ(table,
            "ID       NAME\n"
            "a        caf\xc3\xa9\n"
            "long-id  -\n"
            "x y      tab here\n");
}

TEST(CliListing, SizesForPeople) {
  EXPECT_EQ(size_cell(std::nullopt), "-");
  EXPECT_EQ(size_cell(532), "532 B");
  EXPECT_EQ(size_cell(12698), "12.4 KiB");
  EXPECT_EQ(size_cell(3 * 1024 * 1024), "3.0 MiB");
  EXPECT_EQ(size_cell(std::int64_t{5} << 30), "5.0 GiB");
}

TEST(CliListing, PriceIsPerImageElseTheFirstNumberWithItsKey) {
  EXPECT_EQ(price_cell(json{{"per_image", 0.042}, {"per_image_high", 0.167}}), "0.042 per_image");
  EXPECT_EQ(price_cell(json{{"currency", "USD"}, {"per_megapixel", 0.01}}), "0.01 per_megapixel");
  EXPECT_EQ(price_cell(json{{"per_image", "0.04"}, {"per_second", 2}}), "2 per_second");
  EXPECT_EQ(price_cell(json{{"tiers", {{"low", 0.01}}}}), "-");  // no number at the top
  EXPECT_EQ(price_cell(json::object()), "-");
  EXPECT_EQ(price_cell(std::nullopt), "-");
}

TEST(CliListing, ModelsBackToJsonWithTheirExtras) {
  ListModelsResponse list;
  list.extra["has_more"] = false;
  ModelObject model;
  model.id = "openai/gpt-image-1";
  model.owned_by = "openai";
  model.created = 1745452800;
  model.pricing = json{{"per_image", 0.042}};
  model.discount = 0.0;
  model.regions.push_back({"us-east-1", "US East"});
  model.extra["object"] = "model";
  list.data.push_back(model);
  ModelObject odd;
  odd.id = "x/y";
  odd.extra["regions"] = "everywhere";  // did not fit the typed field: kept as received
  odd.extra["discount"] = "10%";
  list.data.push_back(odd);
  const json out = models_to_json(list);
  EXPECT_EQ(out["object"], "list");
  EXPECT_EQ(out["has_more"], false);
  ASSERT_EQ(out["data"].size(), 2u);
  const json& first = out["data"][0];
  EXPECT_EQ(first["id"], "openai/gpt-image-1");
  EXPECT_EQ(first["object"], "model");
  EXPECT_EQ(first["created"], 1745452800);
  EXPECT_EQ(first["pricing"]["per_image"], 0.042);
  EXPECT_EQ(first["regions"], json::parse(R"([{"code":"us-east-1","name":"US East"}])"));
  EXPECT_TRUE(first["description"].is_null());
  EXPECT_EQ(out["data"][1]["regions"], "everywhere");
  EXPECT_EQ(out["data"][1]["discount"], "10%");
  EXPECT_EQ(model_row(model), (TableRow{"openai/gpt-image-1", "openai", "0.042 per_image"}));
  EXPECT_EQ(model_row(odd), (TableRow{"x/y", "-", "-"}));
}

TEST(CliListing, FilesBackToJsonAndAsRows) {
  FileResponse file;
  file.file_id = "0b6c";
  file.file_name = "photo.png";
  file.file_size = 2048;
  file.file_mimetype = "image/png";
  file.purpose = "general";
  file.created_at = "2025-12-08T10:30:00Z";
  file.extra["owner"] = "me";
  const json out = file_to_json(file);
  EXPECT_EQ(out["file_id"], "0b6c");
  EXPECT_EQ(out["file_size"], 2048);
  EXPECT_EQ(out["owner"], "me");
  EXPECT_TRUE(out["expires_at"].is_null());
  EXPECT_EQ(file_row(file), (TableRow{"0b6c", "photo.png", "2.0 KiB", "image/png", "general",
                                      "2025-12-08T10:30:00Z", "-"}));
  EXPECT_EQ(files_header().size(), file_row(file).size());
}

TEST(CliBatch, PromptsOptionsAndTheirMistakes) {
  const CliOptions options = parse({"--prompts", "list.txt", "--concurrency=8", "--rate", "2.5"});
  EXPECT_EQ(options.prompts_file, "list.txt");
  EXPECT_EQ(options.concurrency, 8);
  EXPECT_EQ(options.rate, 2.5);
  EXPECT_EQ(parse({"a fox"}).rate, 10);  // Eden AI's default account limit
  EXPECT_EQ(parse({"--prompts", "-"}).concurrency, 4);
  EXPECT_EQ(parse({"--rate", "0", "a fox"}).rate, 0);
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--prompts", "list.txt", "a fox"},  // both a prompt and a file
           {"--prompts", ""},
           {"--concurrency", "4", "a fox"},  // only for batches
           {"--prompts", "f", "--concurrency", "0"},
           {"--prompts", "f", "--concurrency", "257"},
           {"--rate", "-1", "a fox"},
           {"--rate", "nan", "a fox"},
           {"--rate", "1001", "a fox"}}) {
    EXPECT_THROW(parse(args), UsageError) << ::testing::PrintToString(args);
  }
}

TEST(CliBatch, ReadsOnePromptPerLineSkippingBlanksAndComments) {
  std::istringstream in("a fox\r\n\n   # not a prompt\n  two  words \t\n#x\nlast");
  const auto prompts = read_prompts(in);
  ASSERT_EQ(prompts.size(), 3u);
  EXPECT_EQ(prompts[0].text, "a fox");
  EXPECT_EQ(prompts[0].line, 1u);
  EXPECT_EQ(prompts[1].text, "two  words");
  EXPECT_EQ(prompts[1].line, 4u);
  EXPECT_EQ(prompts[2].text, "last");
  EXPECT_EQ(prompts[2].line, 6u);
  std::istringstream bom("\xEF\xBB\xBF# saved by an editor\na fox\n\xEF\xBB\xBF# cat\n");
  const auto after_bom = read_prompts(bom);
  ASSERT_EQ(after_bom.size(), 1u);  // the comments stay comments, also mid-file
  EXPECT_EQ(after_bom[0].text, "a fox");
  std::istringstream empty("\n# only comments\n");
  EXPECT_TRUE(read_prompts(empty).empty());
}

TEST(CliBatch, ProgressLabelCountsDoneAndFailed) {
  EXPECT_EQ(progress_label(0, 40, 0), "0/40 done");
  EXPECT_EQ(progress_label(12, 40, 1), "12/40 done, 1 failed");
}

TEST(CliFiles, StemsAreReadableAndBounded) {
  EXPECT_EQ(file_stem("A Lighthouse at dawn, watercolor!"), "a-lighthouse-at-dawn-watercolor");
  EXPECT_EQ(file_stem("  ../../etc/passwd  "), "etc-passwd");
  EXPECT_EQ(file_stem("日本の山"), "image");
  EXPECT_EQ(file_stem(""), "image");
  const std::string stem = file_stem("one two three four five six seven eight nine ten eleven");
  EXPECT_LE(stem.size(), 48u);
  EXPECT_NE(stem.back(), '-');
  EXPECT_EQ(stem, "one-two-three-four-five-six-seven-eight-nine-ten");
}

TEST(CliReport, EachErrorClassHasItsExitCode) {
  HTTPValidationError validation;
  validation.detail.push_back({{std::string("body"), std::string("n")}, "too big", "le"});
  validation.detail.push_back({{std::string("body"), std::string("prompt")}, "empty", "short"});
  const Failure unprocessable =
      describe_failure(UnprocessableEntityError(422, "HTTP 422", "", "", validation));
  EXPECT_EQ(unprocessable.exit_code, kExitInvalidRequest);
  EXPECT_NE(unprocessable.line.find("body.n: too big; body.prompt: empty"), std::string::npos);

  EXPECT_EQ(describe_failure(InvalidRequestError("n")).exit_code, kExitInvalidRequest);
  EXPECT_EQ(describe_failure(BadRequestError(400, "m", "", "")).exit_code, kExitInvalidRequest);
  EXPECT_EQ(describe_failure(NotFoundError(404, "m", "", "")).exit_code, kExitInvalidRequest);
  EXPECT_EQ(describe_failure(AuthenticationError(401, "m", "", "")).exit_code, kExitAuthentication);
  EXPECT_EQ(describe_failure(InsufficientCreditsError(402, "m", "", "")).exit_code,
            kExitAuthentication);
  EXPECT_EQ(describe_failure(PermissionDeniedError(403, "m", "", "")).exit_code,
            kExitAuthentication);
  EXPECT_EQ(describe_failure(RateLimitError(429, "m", "", "")).exit_code, kExitRateLimited);
  EXPECT_EQ(describe_failure(InternalServerError(503, "m", "", "")).exit_code, kExitServer);
  EXPECT_EQ(describe_failure(ConflictError(409, "m", "", "")).exit_code, kExitFailure);
  EXPECT_EQ(describe_failure(ConnectionError("refused")).exit_code, kExitConnection);
  EXPECT_EQ(describe_failure(TimeoutError("slow")).exit_code, kExitConnection);
  EXPECT_EQ(describe_failure(DecodeError("$.data")).exit_code, kExitFailure);
  EXPECT_EQ(describe_failure(
                SaveError("disk full", "out", std::make_error_code(std::errc::no_space_on_device)))
                .exit_code,
            kExitFailure);
  EXPECT_EQ(describe_failure(std::runtime_error("x")).exit_code, kExitFailure);
}

TEST(CliReport, FailuresAreOneLine) {
  const Failure html =
      describe_failure(InternalServerError(502, "HTTP 502: <html>\r\n<body>\n</html>", "", ""));
  EXPECT_EQ(html.line.find_first_of("\r\n"), std::string::npos) << html.line;
  const Failure escape =
      describe_failure(InternalServerError(500, "HTTP 500: \x1b[2Jboom\x7f", "", ""));
  EXPECT_EQ(escape.line.find_first_of("\x1b\x7f"), std::string::npos) << escape.line;
  EXPECT_NE(escape.line.find("boom"), std::string::npos);
}

TEST(CliReport, ResponseJsonElidesBase64AndKeepsExtras) {
  ImageResponse response;
  response.cost = 0.08;
  response.provider = "openai";
  response.created = 7;
  ImageDataItem item;
  item.b64_json = std::string(1000, 'A');
  item.extra["seed"] = 3;
  response.data.push_back(item);
  response.extra["size"] = "1024x1024";
  const json out = response_to_json(response);
  EXPECT_EQ(out["data"][0]["b64_json"], "<1000 base64 characters elided>");
  EXPECT_EQ(out["data"][0]["seed"], 3);
  EXPECT_TRUE(out["data"][0]["url"].is_null());
  EXPECT_EQ(out["size"], "1024x1024");
  EXPECT_EQ(out["cost"], 0.08);
  EXPECT_TRUE(out["usage"].is_null());
}

// A stream buffer that lets a test wait until a number of redraws were written.
class RedrawCounter : public std::streambuf {
 public:
  void wait_for_redraws(int count) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return redraws_ >= count; });
  }
  std::string text() {
    std::lock_guard<std::mutex> lock(mutex_);
    return text_;
  }
  int redraws() {
    std::lock_guard<std::mutex> lock(mutex_);
    return redraws_;
  }

 protected:
  int_type overflow(int_type c) override {
    std::lock_guard<std::mutex> lock(mutex_);
    text_ += static_cast<char>(c);
    if (c == '\r') ++redraws_;
    changed_.notify_all();
    return c;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::string text_;
  int redraws_ = 0;
};

TEST(CliSpinner, RedrawsUntilStoppedThenErasesItsLine) {
  RedrawCounter counter;
  std::ostream out(&counter);
  Spinner spinner(out, true, "generating", std::chrono::milliseconds(1));
  counter.wait_for_redraws(3);
  spinner.stop();
  const std::string text = counter.text();
  EXPECT_EQ(text.rfind("\r| generating 0.", 0), 0u) << text;
  EXPECT_NE(text.find("\r/ generating"), std::string::npos);
  EXPECT_EQ(text.substr(text.size() - 4), "\r\033[K");
}

TEST(CliSpinner, PrintsAboveItsLineAndTakesNewLabels) {
  RedrawCounter counter;
  std::ostream out(&counter);
  Spinner spinner(out, true, "0/2 done", std::chrono::milliseconds(1));
  counter.wait_for_redraws(1);
  spinner.print(out, "saved a.png");
  spinner.set_label("1/2 done");
  counter.wait_for_redraws(counter.redraws() + 2);
  spinner.stop();
  const std::string text = counter.text();
  // The line is erased, the message printed, and the spinner redrawn below it.
  EXPECT_NE(text.find("\r\033[Ksaved a.png\n\r"), std::string::npos) << text;
  EXPECT_NE(text.find(" 1/2 done "), std::string::npos) << text;
}

TEST(CliSpinner, PrintsPlainLinesWhenDisabled) {
  std::ostringstream out;
  Spinner spinner(out, false, "generating");
  spinner.print(out, "saved a.png");
  spinner.set_label("other");
  spinner.stop();
  EXPECT_EQ(out.str(), "saved a.png\n");
}

TEST(CliSpinner, WritesNothingWhenDisabled) {
  std::ostringstream out;
  { Spinner spinner(out, false, "generating", std::chrono::milliseconds(1)); }
  EXPECT_EQ(out.str(), "");
}

}  // namespace
}  // namespace edenai::cli
