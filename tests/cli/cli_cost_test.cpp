// edenai-image's cost guard, run as a process against the in-process mock: --max-cost stops
// launching prompts and says how many were left unstarted, --dry-run validates and estimates
// with no paid request in the mock's log, every run ends with its total cost, and `credits`.
#include <gtest/gtest.h>

#include <edenai/mock/server.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/process.hpp"
#include "support/scratch_dir.hpp"

namespace {

namespace fs = std::filesystem;
using edenai::testing::ProcessResult;
using edenai::testing::run_process;
using nlohmann::json;

const std::string kImageTool = EDENAI_IMAGE_PATH;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class CostGuard : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = edenai::testing::scratch_dir("edenai-cost");
    server.start();
  }
  void TearDown() override { fs::remove_all(dir); }

  ProcessResult run(std::vector<std::string> args) {
    args.insert(args.begin(), {"--base-url", server.base_url()});
    return run_process(
        kImageTool, args,
        {{"EDENAI_API_KEY", "sk-cost-test"}, {"EDENAI_BASE_URL", ""}, {"EDEN_AI_API_KEY", ""}});
  }

  fs::path prompts(int count) {
    const fs::path file = dir / "prompts.txt";
    std::ofstream out(file);
    for (int i = 0; i < count; ++i)
      out << "prompt number " << i << "\n";
    return file;
  }

  std::size_t paid_requests() const {
    return server.request_count("POST /v3/images/generations") +
           server.request_count("POST /v3/images/edits");
  }

  edenai::mock::ServerOptions options() {
    edenai::mock::ServerOptions o;
    o.credits = 10;
    return o;
  }
  edenai::mock::Server server{options()};
  fs::path dir;
};

// gpt-image-1 at 64x64 costs $0.042 in the mock: $0.10 buys two of five prompts.
TEST_F(CostGuard, MaxCostStopsLaunchingPromptsAndSaysHowManyWereLeft) {
  const ProcessResult result =
      run({"--prompts", prompts(5).string(), "--size", "64x64", "--concurrency", "1", "--max-cost",
           "0.10", "--out-dir", (dir / "out").string()});
  EXPECT_EQ(result.exit_code, 8) << result.err;
  EXPECT_EQ(paid_requests(), 2u);
  EXPECT_TRUE(contains(result.out, "3 not started (3 would have exceeded --max-cost)"))
      << result.out;
  EXPECT_TRUE(contains(result.out, "total cost $0.084 of --max-cost $0.1")) << result.out;
  EXPECT_NEAR(server.billed(), 0.084, 1e-9);
}

TEST_F(CostGuard, MaxCostRefusesASingleCallItCannotAffordBeforeSending) {
  const ProcessResult result =
      run({"--size", "64x64", "--max-cost", "0.01", "--json", "a fox", "--out-dir", dir.string()});
  EXPECT_EQ(result.exit_code, 8);
  EXPECT_EQ(paid_requests(), 0u);
  const json error = json::parse(result.out)["error"];
  EXPECT_EQ(error["type"], "budget_exceeded");
  EXPECT_TRUE(contains(result.err, "total cost $0 of --max-cost $0.01")) << result.err;
}

TEST_F(CostGuard, DryRunValidatesAndEstimatesWithoutAnyPaidRequest) {
  const fs::path file = dir / "mixed.txt";
  std::ofstream(file) << "a fox\n\na cat\n";
  const ProcessResult result =
      run({"--prompts", file.string(), "--size", "64x64", "-n", "2", "--dry-run"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(contains(result.out, "2 of 2 requests valid, 4 images, estimated cost $0.168"))
      << result.out;
  EXPECT_TRUE(contains(result.out, "nothing was sent")) << result.out;
  EXPECT_EQ(paid_requests(), 0u);
  for (const auto& request : server.requests())
    EXPECT_EQ(request.method, "GET") << request.path;  // the model list, for the prices
  EXPECT_FALSE(fs::exists(dir / "out"));

  const ProcessResult invalid = run({"--dry-run", "--json", "-n", "11", "a fox"});
  EXPECT_EQ(invalid.exit_code, 3);
  const json out = json::parse(invalid.out);
  EXPECT_EQ(out["invalid"], 1);
  EXPECT_EQ(out["errors"][0]["type"], "invalid_request");
  EXPECT_EQ(paid_requests(), 0u);
}

TEST_F(CostGuard, DryRunOfAnEditSendsNothingPaid) {
  const fs::path image = dir / "canvas.png";
  std::ofstream(image, std::ios::binary) << edenai::mock::render_png("a harbour", 0, 32, 32);
  const ProcessResult result =
      run({"edit", "--image", image.string(), "--dry-run", "--json", "add a boat"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  const json out = json::parse(result.out);
  EXPECT_EQ(out["valid"], 1);
  EXPECT_EQ(out["images"], 1);
  EXPECT_EQ(out["estimate_sources"]["model_price"], 1);
  EXPECT_EQ(paid_requests(), 0u);
}

TEST_F(CostGuard, EveryRunEndsWithItsTotalCost) {
  const ProcessResult batch = run(
      {"--prompts", prompts(2).string(), "--size", "64x64", "--out-dir", (dir / "batch").string()});
  EXPECT_EQ(batch.exit_code, 0) << batch.err;
  EXPECT_TRUE(contains(batch.out, "2 of 2 prompts succeeded, 2 images saved, total cost $0.084"))
      << batch.out;
  server.push_faults({edenai::mock::Fault::http(400)});
  const ProcessResult failed = run({"--size", "64x64", "a fox", "--out-dir", dir.string()});
  EXPECT_EQ(failed.exit_code, 3);
  EXPECT_FALSE(contains(failed.err, "total cost")) << "a 400 bought nothing: " << failed.err;
  server.push_faults({edenai::mock::Fault::truncated()});
  const ProcessResult cut =
      run({"--size", "64x64", "--retries", "0", "a fox", "--out-dir", dir.string()});
  EXPECT_NE(cut.exit_code, 0);
  EXPECT_TRUE(contains(cut.err, "1 call of unknown cost")) << cut.err;
}

TEST_F(CostGuard, CreditsPrintsTheAccountsCredits) {
  ProcessResult result = run({"credits"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "credits: 10\n");
  result = run({"credits", "--json"});
  EXPECT_EQ(json::parse(result.out)["credits"], 10);
  EXPECT_EQ(run({"credits", "extra"}).exit_code, 2);
}

TEST(CostGuardRefused, CreditsOfAKeyNotAllowedExits4SayingWhy) {
  edenai::mock::ServerOptions options;
  options.refuse_credits_route = true;
  edenai::mock::Server server(options);
  server.start();
  const ProcessResult result =
      run_process(kImageTool, {"--base-url", server.base_url(), "credits"},
                  {{"EDENAI_API_KEY", "sk-cost-test"}, {"EDENAI_BASE_URL", ""}});
  EXPECT_EQ(result.exit_code, 4);
  EXPECT_TRUE(contains(result.err, "may not read the account's credits")) << result.err;
}

}  // namespace
