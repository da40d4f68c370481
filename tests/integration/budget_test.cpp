// The cost guard against the mock, over real libcurl: a Budget shared by threads and batches never
// lets more be bought than its cap (the mock's known prices as estimates), nothing is sent once
// it is spent, settlement uses the real cost, possibly billed failures keep their estimate, a
// retry after a possibly billed attempt needs another reservation, a batch waits for its own
// calls to settle before refusing one, and the credits route and the mock's 402.
#include <gtest/gtest.h>

#include <edenai/edenai.hpp>
#include <edenai/mock/server.hpp>

#include <atomic>
#include <cmath>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

using edenai::Budget;
using edenai::BudgetExceededError;
using edenai::Client;
using edenai::ClientOptions;
using edenai::ErrorKind;
using edenai::EstimateSource;
using edenai::mock::Fault;
using edenai::mock::Server;
using edenai::mock::ServerOptions;

constexpr double kGptImagePrice = 0.042;  // the mock's openai/gpt-image-1, medium quality

edenai::ImageGenerationBody body(const std::string& prompt, int n = 1) {
  edenai::ImageGenerationBody b;
  b.model = "openai/gpt-image-1";
  b.prompt = prompt;
  b.n = n;
  b.size = "64x64";
  return b;
}

ClientOptions options_for(const Server& server, std::shared_ptr<Budget> budget,
                          bool model_prices = true) {
  ClientOptions options;
  options.api_key = "sk-budget";
  options.base_url = server.base_url();
  options.budget = std::move(budget);
  options.estimate_from_model_prices = model_prices;
  options.max_retries = 0;
  return options;
}

TEST(Budget, NoCallIsSentOnceTheBudgetIsSpent) {
  Server server;
  server.start();
  auto budget = std::make_shared<Budget>(0.05);
  const Client client(options_for(server, budget));
  EXPECT_EQ(client.generate(body("first")).data.size(), 1u);
  EXPECT_NEAR(budget->spent(), kGptImagePrice, 1e-9);
  try {
    client.generate(body("second"));
    FAIL() << "the second call fits no more";
  } catch (const BudgetExceededError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::budget_exceeded);
    EXPECT_EQ(e.attempts(), 0);
    EXPECT_EQ(e.delivery(), edenai::Delivery::not_sent);
    EXPECT_FALSE(e.may_have_been_billed());
    EXPECT_NEAR(e.estimate(), kGptImagePrice, 1e-9);
    EXPECT_NEAR(e.remaining(), 0.05 - kGptImagePrice, 1e-9);
    EXPECT_DOUBLE_EQ(e.cap(), 0.05);
  }
  // Asynchronous forms are refused the same way, before sending.
  auto future = client.generate_async(body("third"));
  EXPECT_THROW(future.get(), BudgetExceededError);
  std::promise<edenai::Result<edenai::ImageResponse>> called;
  client.generate_async(body("fourth"), [&](edenai::Result<edenai::ImageResponse> result) {
    called.set_value(std::move(result));
  });
  const auto result = called.get_future().get();
  EXPECT_EQ(result.kind(), ErrorKind::budget_exceeded);
  EXPECT_EQ(server.generation_count(), 1u);
  EXPECT_NEAR(server.billed(), kGptImagePrice, 1e-9);
  EXPECT_DOUBLE_EQ(budget->reserved(), 0);
}

TEST(Budget, SettlementUsesTheResponsesRealCost) {
  Server server;
  server.start();
  auto budget = std::make_shared<Budget>(1.0);
  const Client client(options_for(server, budget, /*model_prices=*/false));
  edenai::RequestOptions call;
  call.estimated_cost = 1.0;  // the whole cap: admitted, then settled at the real price
  const auto response = client.generate(body("fox", 2), call);
  ASSERT_TRUE(response.cost);
  EXPECT_NEAR(budget->spent(), *response.cost, 1e-12);
  EXPECT_NEAR(budget->spent(), 2 * kGptImagePrice, 1e-9);
  EXPECT_NEAR(budget->remaining(), 1.0 - 2 * kGptImagePrice, 1e-9);
  const auto models = budget->by_model();
  ASSERT_EQ(models.count("openai/gpt-image-1"), 1u);
  const auto& spending = models.at("openai/gpt-image-1");
  EXPECT_EQ(spending.calls, 1u);
  EXPECT_EQ(spending.images, 2u);
  EXPECT_EQ(spending.unknown_cost_calls, 0u);
  EXPECT_DOUBLE_EQ(spending.estimated_cost, 0);
  // What it saw is the next estimate of the same model, size and quality (per image).
  EXPECT_NEAR(*budget->observed_price("openai/gpt-image-1", "64x64", ""), kGptImagePrice, 1e-9);
  const auto next = client.estimate_cost(body("again", 3));
  EXPECT_EQ(next.source, EstimateSource::last_observed);
  EXPECT_NEAR(next.usd, 3 * kGptImagePrice, 1e-9);
}

// Many threads, each with its own client and batches, share one budget: what the mock billed
// never exceeds the cap (the estimates are the mock's own prices), the budget's account matches
// the mock's to the cent, and the cap was used up to less than one call.
TEST(Budget, ThreadsAndBatchesSharingOneBudgetNeverExceedItsCap) {
  ServerOptions server_options;
  server_options.worker_threads = 32;
  Server server(server_options);
  server.start();
  constexpr double kCap = 1.0;
  auto budget = std::make_shared<Budget>(kCap);
  constexpr int kThreads = 6;
  std::atomic<int> succeeded{0};
  std::atomic<int> refused{0};
  std::atomic<int> other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const Client client(options_for(server, budget));
      for (int round = 0; round < 2; ++round) {
        std::vector<edenai::ImageGenerationBody> bodies;
        for (int i = 0; i < 6; ++i)
          bodies.push_back(body("t" + std::to_string(t) + "r" + std::to_string(round) + "i" +
                                std::to_string(i)));
        edenai::BatchOptions batch;
        batch.concurrency = 4;
        for (const auto& result : client.generate_batch(bodies, batch)) {
          if (result.ok()) {
            ++succeeded;
          } else if (result.kind() == ErrorKind::budget_exceeded) {
            EXPECT_EQ(result.error_as<BudgetExceededError>()->attempts(), 0);
            ++refused;
          } else {
            ++other;
          }
        }
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(succeeded.load() + refused.load(), kThreads * 12);
  const int fits = static_cast<int>(std::floor(kCap / kGptImagePrice + 1e-9));  // 23
  EXPECT_EQ(succeeded.load(), fits);
  EXPECT_EQ(server.generation_count(), static_cast<std::size_t>(fits));
  EXPECT_LE(server.billed(), kCap + 1e-9);
  EXPECT_NEAR(budget->spent(), server.billed(), 1e-9);
  EXPECT_LT(budget->remaining(), kGptImagePrice);
  EXPECT_DOUBLE_EQ(budget->reserved(), 0);
  EXPECT_EQ(budget->total().calls, static_cast<std::size_t>(fits));
}

// Under-estimated calls (the caller says $0.03, the mock bills $0.042) can overshoot only by
// their estimate's error, once per call in flight: never more.
TEST(Budget, UnderestimatesOvershootByAtMostTheirErrorPerCallInFlight) {
  Server server;
  server.start();
  constexpr double kCap = 0.5;
  constexpr double kEstimate = 0.03;
  auto budget = std::make_shared<Budget>(kCap);
  constexpr int kThreads = 4;
  constexpr std::size_t kConcurrency = 3;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const Client client(options_for(server, budget, /*model_prices=*/false));
      std::vector<edenai::ImageGenerationBody> bodies;
      for (int i = 0; i < 10; ++i)
        bodies.push_back(body("u" + std::to_string(t) + "-" + std::to_string(i)));
      edenai::BatchOptions batch;
      batch.concurrency = kConcurrency;
      batch.request.estimated_cost = kEstimate;
      client.generate_batch(bodies, batch);
    });
  }
  for (auto& thread : threads)
    thread.join();
  const double error = kGptImagePrice - kEstimate;
  EXPECT_LE(server.billed(), kCap + kThreads * kConcurrency * error + 1e-9);
  EXPECT_NEAR(budget->spent(), server.billed(), 1e-9);
  EXPECT_GT(server.billed(), kCap - kGptImagePrice);  // and the cap was used
}

TEST(Budget, AFailureThatMayHaveBeenBilledKeepsItsEstimateAsSpent) {
  Server server;
  server.start();
  auto budget = std::make_shared<Budget>(1.0);
  std::vector<std::string> lines;
  ClientOptions options = options_for(server, budget);
  options.logger = [&](edenai::LogLevel, const std::string& line) { lines.push_back(line); };
  const Client client(options);
  server.push_faults({Fault::truncated()});  // a 200 cut short: produced and billed
  try {
    client.generate(body("cut"));
    FAIL() << "a truncated answer is an error";
  } catch (const edenai::Error& e) {
    EXPECT_TRUE(e.may_have_been_billed());
  }
  EXPECT_NEAR(budget->spent(), kGptImagePrice, 1e-9);
  EXPECT_NEAR(server.billed(), kGptImagePrice, 1e-9);  // the mock did bill it
  const auto spending = budget->total();
  EXPECT_EQ(spending.possibly_billed_failures, 1u);
  EXPECT_EQ(spending.unknown_cost_calls, 1u);
  EXPECT_EQ(spending.estimated_attempts, 1u);
  EXPECT_NEAR(spending.estimated_cost, kGptImagePrice, 1e-9);
  bool said = false;
  for (const auto& line : lines)
    said = said || line.find("kept as spent") != std::string::npos;
  EXPECT_TRUE(said) << "the log says the estimate was kept";

  // A failure Eden answered with an error status bought nothing: released, not counted.
  server.push_faults({Fault::http(400)});
  EXPECT_THROW(client.generate(body("refused")), edenai::BadRequestError);
  EXPECT_NEAR(budget->spent(), kGptImagePrice, 1e-9);
  EXPECT_EQ(budget->total().calls, 1u);
  EXPECT_DOUBLE_EQ(budget->reserved(), 0);
}

TEST(Budget, ARetryAfterAPossiblyBilledAttemptNeedsAnotherReservation) {
  Server server;
  server.start();
  auto budget = std::make_shared<Budget>(0.06);  // one estimate fits, two do not
  ClientOptions options = options_for(server, budget);
  options.max_retries = 2;
  const Client client(options);
  server.push_faults({Fault::reset(), Fault::ok()});  // reset after the request arrived
  try {
    client.generate(body("reset"));
    FAIL() << "the retry is not paid for";
  } catch (const edenai::ConnectionError& e) {
    EXPECT_EQ(e.attempts(), 1);
    EXPECT_TRUE(e.may_have_been_billed());
  }
  EXPECT_EQ(server.generation_count(), 1u);
  EXPECT_NEAR(budget->spent(), kGptImagePrice, 1e-9);  // the reset attempt may have been billed
  EXPECT_DOUBLE_EQ(budget->reserved(), 0);
}

// A batch whose next call does not fit while its own calls run waits for them to settle: the
// default estimate ($0.25) admits one call, whose real cost then makes room for the others.
TEST(Budget, ABatchWaitsForItsCallsToSettleBeforeRefusingOne) {
  Server server;
  server.start();
  auto budget = std::make_shared<Budget>(0.30);
  const Client client(options_for(server, budget, /*model_prices=*/false));
  std::vector<edenai::ImageGenerationBody> bodies;
  for (int i = 0; i < 6; ++i)
    bodies.push_back(body("deferred " + std::to_string(i)));
  edenai::BatchOptions batch;
  batch.concurrency = 6;
  const auto results = client.generate_batch(bodies, batch);
  for (const auto& result : results)
    EXPECT_TRUE(result.ok()) << result.error_message();
  EXPECT_EQ(server.generation_count(), 6u);
  EXPECT_NEAR(budget->spent(), 6 * kGptImagePrice, 1e-9);

  // With nothing of its own in flight, a call that does not fit is refused for good.
  auto tight = std::make_shared<Budget>(0.01);
  const Client poor(options_for(server, tight, /*model_prices=*/false));
  const auto refused = poor.generate_batch({body("a"), body("b")}, batch);
  for (const auto& result : refused)
    EXPECT_EQ(result.kind(), ErrorKind::budget_exceeded);
  EXPECT_EQ(server.generation_count(), 6u);
}

TEST(Budget, EstimatesComeFromTheCallerThenTheModelPricesThenTheDefault) {
  Server server;
  server.start();
  auto budget = std::make_shared<Budget>(10.0, 0.5);
  const Client priced(options_for(server, budget));
  const auto from_prices = priced.estimate_cost(body("fox", 2));
  EXPECT_EQ(from_prices.source, EstimateSource::model_price);
  EXPECT_NEAR(from_prices.usd, 2 * kGptImagePrice, 1e-9);
  EXPECT_EQ(from_prices.images, 2);
  auto high = body("fox");
  high.quality = "high";
  high.size = "2048x2048";  // four megapixels: four times the 1024x1024 price
  EXPECT_NEAR(priced.estimate_cost(high).usd, 4 * 0.167, 1e-9);
  edenai::RequestOptions mine;
  mine.estimated_cost = 0.07;
  const auto from_caller = priced.estimate_cost(body("fox"), mine);
  EXPECT_EQ(from_caller.source, EstimateSource::caller);
  EXPECT_DOUBLE_EQ(from_caller.usd, 0.07);
  auto unknown = body("fox");
  unknown.model = "acme/painter-9";  // not in the list: the budget's default
  const auto fallback = priced.estimate_cost(unknown);
  EXPECT_EQ(fallback.source, EstimateSource::default_estimate);
  EXPECT_DOUBLE_EQ(fallback.usd, 0.5);
  // The list was read once, and nothing paid was sent.
  EXPECT_EQ(server.request_count("GET /v3/images/models"), 1u);
  EXPECT_EQ(server.generation_count(), 0u);

  const Client unpriced(options_for(server, budget, /*model_prices=*/false));
  EXPECT_EQ(unpriced.estimate_cost(body("fox")).source, EstimateSource::default_estimate);
  EXPECT_EQ(server.request_count("GET /v3/images/models"), 1u);
  auto invalid = body("fox");
  invalid.n = 0;
  EXPECT_THROW(unpriced.estimate_cost(invalid), edenai::InvalidRequestError);
  mine.estimated_cost = -1;
  EXPECT_THROW(unpriced.estimate_cost(body("fox"), mine), edenai::InvalidRequestError);
}

TEST(Budget, EditsAreGuardedLikeGenerations) {
  Server server;
  server.start();
  auto budget = std::make_shared<Budget>(0.0);  // nothing may be bought
  const Client client(options_for(server, budget, /*model_prices=*/false));
  edenai::ImageEditBody edit;
  edit.model = "openai/gpt-image-1";
  edit.prompt = "add a hat";
  edit.images.push_back(edenai::ImageRef::url("https://example.com/cat.png"));
  EXPECT_THROW(client.edit(edit), BudgetExceededError);
  EXPECT_EQ(server.request_count("POST /v3/images/edits"), 0u);
}

TEST(Credits, AreReadAndLoweredAsTheMockBills) {
  ServerOptions server_options;
  server_options.credits = 1.0;
  Server server(server_options);
  server.start();
  ClientOptions options;
  options.api_key = "sk-credits";
  options.base_url = server.base_url();
  const Client client(options);
  EXPECT_DOUBLE_EQ(client.credits(), 1.0);
  client.generate(body("fox"));
  EXPECT_NEAR(client.credits(), 1.0 - kGptImagePrice, 1e-9);
  EXPECT_EQ(server.requests().back().path, "/v2/cost_management/credits/");
  EXPECT_EQ(client.try_credits().kind(), ErrorKind::none);
}

TEST(Credits, RunningOutGives402InEdensShapeAndIsNotRetried) {
  ServerOptions server_options;
  server_options.credits = 0.05;
  Server server(server_options);
  server.start();
  ClientOptions options;
  options.api_key = "sk-credits";
  options.base_url = server.base_url();
  options.max_retries = 2;
  const Client client(options);
  client.generate(body("paid"));
  try {
    client.generate(body("unpaid"));
    FAIL() << "no credits left for it";
  } catch (const edenai::InsufficientCreditsError& e) {
    EXPECT_EQ(e.status(), 402);
    EXPECT_EQ(e.error_code(), "INSUFFICIENT_CREDIT");
    ASSERT_TRUE(e.required_credits());
    EXPECT_NEAR(*e.required_credits(), kGptImagePrice, 1e-9);
    ASSERT_TRUE(e.available_credits());
    EXPECT_NEAR(*e.available_credits(), 0.05 - kGptImagePrice, 1e-9);
    EXPECT_EQ(e.attempts(), 1);
  }
  EXPECT_EQ(server.generation_count(), 2u);
  EXPECT_NEAR(server.billed(), kGptImagePrice, 1e-9);
  server.set_credits(1.0);
  EXPECT_EQ(client.generate(body("paid again")).data.size(), 1u);
}

TEST(Credits, AKeyNotAllowedToReadThemGetsATypedErrorSayingSo) {
  ServerOptions server_options;
  server_options.refuse_credits_route = true;
  server_options.api_key = "sk-right";
  Server server(server_options);
  server.start();
  ClientOptions options;
  options.api_key = "sk-right";
  options.base_url = server.base_url();
  const Client client(options);
  try {
    client.credits();
    FAIL() << "the route is refused";
  } catch (const edenai::PermissionDeniedError& e) {
    EXPECT_EQ(e.status(), 403);
    EXPECT_NE(std::string(e.what()).find("may not read the account's credits"), std::string::npos)
        << e.what();
  }
  options.api_key = "sk-wrong";
  const Client wrong(options);
  EXPECT_THROW(wrong.credits(), edenai::AuthenticationError);
  EXPECT_EQ(wrong.try_credits().kind(), ErrorKind::authentication);
}

}  // namespace
