// The Budget's arithmetic without a server: reservations, settlement of each kind of outcome,
// the price readers, the retry loop's question before re-billing, and a client's accounting of a
// response that reports no cost.
#include <gtest/gtest.h>

#include <edenai/edenai.hpp>

#include <atomic>
#include <cmath>
#include <limits>
#include <thread>
#include <vector>

#include "core/cost_guard.hpp"
#include "core/retry.hpp"
#include "support/fake_transport.hpp"

namespace edenai {
namespace {

using internal::Charge;
using internal::Purchase;

Purchase purchase(int images = 1) {
  return Purchase{"openai/gpt-image-1", images, "1024x1024", "", "generate"};
}

CostEstimate estimate(double usd) {
  CostEstimate e;
  e.usd = usd;
  return e;
}

ImageResponse response_costing(std::optional<double> cost, int images = 1) {
  ImageResponse response;
  response.cost = cost;
  response.data.resize(static_cast<std::size_t>(images));
  return response;
}

TEST(BudgetUnit, RefusesACapOrDefaultThatIsNotAPrice) {
  EXPECT_THROW(Budget(-1), InvalidRequestError);
  EXPECT_THROW(Budget(std::nan("")), InvalidRequestError);
  EXPECT_THROW(Budget(1, -0.1), InvalidRequestError);
  EXPECT_THROW(Budget(1, std::numeric_limits<double>::infinity()), InvalidRequestError);
  Budget counting(std::numeric_limits<double>::infinity());
  EXPECT_THROW(counting.set_default_estimate(std::nan("")), InvalidRequestError);
  counting.set_default_estimate(0.1);
  EXPECT_DOUBLE_EQ(counting.default_estimate(), 0.1);
  EXPECT_DOUBLE_EQ(Budget(1).default_estimate(), Budget::kDefaultEstimatePerImage);
}

TEST(BudgetUnit, AReservationHoldsItsEstimateUntilSettledAtTheRealCost) {
  auto budget = std::make_shared<Budget>(0.10);
  {
    Charge charge(budget, purchase(2), estimate(0.08));
    EXPECT_DOUBLE_EQ(budget->reserved(), 0.08);
    EXPECT_NEAR(budget->remaining(), 0.02, 1e-12);
    // A second one does not fit beside it, and reserves nothing.
    EXPECT_THROW(Charge(budget, purchase(), estimate(0.03)), BudgetExceededError);
    EXPECT_DOUBLE_EQ(budget->reserved(), 0.08);
    charge.settle(response_costing(0.05, 2), 1);
  }
  EXPECT_DOUBLE_EQ(budget->reserved(), 0);
  EXPECT_DOUBLE_EQ(budget->spent(), 0.05);
  const ModelSpending spending = budget->by_model().at("openai/gpt-image-1");
  EXPECT_EQ(spending.calls, 1u);
  EXPECT_EQ(spending.images, 2u);
  EXPECT_DOUBLE_EQ(spending.cost, 0.05);
  EXPECT_EQ(spending.unknown_cost_calls, 0u);
  EXPECT_DOUBLE_EQ(*budget->observed_price("openai/gpt-image-1", "1024x1024", ""), 0.025);
  EXPECT_FALSE(budget->observed_price("openai/gpt-image-1", "1024x1024", "high"));
  // Exactly what is left fits.
  Charge exact(budget, purchase(), estimate(0.05));
  exact.settle(response_costing(0.05), 1);
  EXPECT_NEAR(budget->remaining(), 0, 1e-12);
}

TEST(BudgetUnit, EachEarlierAttemptThatMayHaveBeenBilledCountsAtItsEstimate) {
  auto budget = std::make_shared<Budget>(1.0);
  Charge charge(budget, purchase(), estimate(0.04));
  ASSERT_TRUE(charge.extend());  // a retry after an unanswered attempt
  EXPECT_DOUBLE_EQ(budget->reserved(), 0.08);
  charge.settle(response_costing(0.03), 2);  // the unanswered one and the answered one
  EXPECT_DOUBLE_EQ(budget->reserved(), 0);
  EXPECT_DOUBLE_EQ(budget->spent(), 0.07);
  const ModelSpending total = budget->total();
  EXPECT_EQ(total.calls, 1u);
  EXPECT_EQ(total.estimated_attempts, 1u);
  EXPECT_EQ(total.unknown_cost_calls, 1u);
  EXPECT_DOUBLE_EQ(total.estimated_cost, 0.04);
  EXPECT_EQ(total.possibly_billed_failures, 0u);
}

TEST(BudgetUnit, AResponseWithoutCostIsAccountedAtItsEstimate) {
  auto budget = std::make_shared<Budget>(1.0);
  Charge(budget, purchase(), estimate(0.2)).settle(response_costing(std::nullopt), 1);
  EXPECT_DOUBLE_EQ(budget->spent(), 0.2);
  const ModelSpending total = budget->total();
  EXPECT_EQ(total.unknown_cost_calls, 1u);
  EXPECT_EQ(total.estimated_attempts, 1u);
  EXPECT_EQ(total.images, 1u);
  EXPECT_FALSE(budget->observed_price("openai/gpt-image-1", "1024x1024", ""));
}

TEST(BudgetUnit, FailuresKeepTheEstimatesOfTheirPossiblyBilledAttemptsOnly) {
  auto budget = std::make_shared<Budget>(1.0);
  ConnectionError unanswered("reset");
  unanswered.set_delivery(Delivery::unanswered, 2);
  {
    Charge charge(budget, purchase(), estimate(0.1));
    ASSERT_TRUE(charge.extend());
    EXPECT_DOUBLE_EQ(charge.settle(unanswered), 0.2);
  }
  EXPECT_DOUBLE_EQ(budget->spent(), 0.2);
  EXPECT_EQ(budget->total().possibly_billed_failures, 1u);
  EXPECT_EQ(budget->total().estimated_attempts, 2u);
  ApiError rejected(500, "server error", "", "");
  EXPECT_DOUBLE_EQ(Charge(budget, purchase(), estimate(0.1)).settle(rejected), 0);
  EXPECT_DOUBLE_EQ(budget->spent(), 0.2);
  EXPECT_DOUBLE_EQ(budget->reserved(), 0);
  EXPECT_EQ(budget->total().calls, 1u);
  // Never settled (an exception that is no edenai::Error): kept, the guard never under-counts.
  { Charge lost(budget, purchase(), estimate(0.1)); }
  EXPECT_DOUBLE_EQ(budget->spent(), 0.3);
}

TEST(BudgetUnit, AReleasedChargeGivesItsReservationsBackAndCountsNothing) {
  auto budget = std::make_shared<Budget>(1.0);
  {
    Charge charge(budget, purchase(), estimate(0.4));
    ASSERT_TRUE(charge.extend());
    EXPECT_DOUBLE_EQ(budget->reserved(), 0.8);
    charge.release();
  }  // released: the destructor keeps nothing
  EXPECT_DOUBLE_EQ(budget->reserved(), 0);
  EXPECT_DOUBLE_EQ(budget->spent(), 0);
  EXPECT_TRUE(budget->by_model().empty());
}

TEST(BudgetUnit, ConcurrentReservationsNeverExceedTheCap) {
  auto budget = std::make_shared<Budget>(5.0);
  std::atomic<int> admitted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        try {
          Charge charge(budget, purchase(), estimate(0.01));
          ++admitted;
          EXPECT_LE(budget->spent() + budget->reserved(), 5.0 + 1e-9);
          charge.settle(response_costing(0.01), 1);
        } catch (const BudgetExceededError&) {
        }
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(admitted.load(), 500);
  EXPECT_NEAR(budget->spent(), 5.0, 1e-9);
}

TEST(BudgetUnit, PricesAreReadFromWhateverKeysThePricingHas) {
  const nlohmann::json pricing = {
      {"per_image", 0.042}, {"per_image_low", 0.011}, {"per_image_high", 0.167}};
  EXPECT_DOUBLE_EQ(*internal::price_from_pricing(pricing, ""), 0.042);
  EXPECT_DOUBLE_EQ(*internal::price_from_pricing(pricing, "LOW"), 0.011);
  EXPECT_DOUBLE_EQ(*internal::price_from_pricing(pricing, "hd"), 0.167);
  EXPECT_DOUBLE_EQ(*internal::price_from_pricing({{"per_image", 0.04}}, "high"), 0.04);
  EXPECT_FALSE(internal::price_from_pricing({{"per_image", "0.04"}}, ""));
  EXPECT_FALSE(internal::price_from_pricing({{"per_image", -1}}, ""));
  EXPECT_FALSE(internal::price_from_pricing({{"input_per_million_tokens", 2.5}}, ""));
  EXPECT_FALSE(internal::price_from_pricing(nlohmann::json(), ""));
  EXPECT_DOUBLE_EQ(internal::size_factor("2048x2048"), 4);
  EXPECT_DOUBLE_EQ(internal::size_factor("1536x1024"), 1.5);
  EXPECT_DOUBLE_EQ(internal::size_factor("256x256"), 1);
  EXPECT_DOUBLE_EQ(internal::size_factor("auto"), 1);
  EXPECT_DOUBLE_EQ(internal::size_factor("16:9"), 1);
  EXPECT_DOUBLE_EQ(internal::size_factor("999999x9"), 1);
}

TEST(BudgetUnit, TheRetryLoopAsksOnceForEachPossiblyBilledAttemptBeforeRetrying) {
  testing::FakeTransport transport;
  const auto unanswered = [](const HttpRequest&) -> HttpResponse {
    throw ConnectionError("connection reset after the request was sent");
  };
  transport.push(unanswered);
  transport.respond(503, "{}");  // rejected: not billable, no question before its retry
  transport.push(unanswered);
  transport.respond(200, "{}");
  internal::RetryHooks hooks;
  hooks.sleep = [](std::chrono::milliseconds, const CancellationToken*) {};
  hooks.jitter = [] { return 0.0; };
  int asked = 0;
  hooks.may_bill_again = [&] { return ++asked > 0; };
  HttpRequest request;  // billable, as a generation is
  internal::RetryReport report;
  EXPECT_EQ(internal::send_with_retries(transport, request, 5, hooks, &report).status, 200);
  EXPECT_EQ(asked, 2);
  EXPECT_EQ(report.billable_attempts, 3);

  testing::FakeTransport refusing;
  refusing.push(unanswered);
  refusing.respond(200, "{}");
  hooks.may_bill_again = [] { return false; };
  EXPECT_THROW(internal::send_with_retries(refusing, request, 5, hooks), ConnectionError);
  EXPECT_EQ(refusing.requests().size(), 1u);

  // A request that buys nothing is never asked about.
  request.billable = false;
  testing::FakeTransport free;
  free.push(unanswered);
  free.respond(200, "{}");
  EXPECT_EQ(internal::send_with_retries(free, request, 5, hooks).status, 200);
}

TEST(BudgetUnit, AClientAccountsAResponseWithoutCostAtItsEstimate) {
  auto transport = std::make_shared<testing::FakeTransport>();
  transport->respond(200, R"({"created":1,"data":[{"url":"https://img.example/a.png"}]})");
  auto budget = std::make_shared<Budget>(1.0, 0.3);
  ClientOptions options;
  options.api_key = "sk-unit";
  options.transport = transport;
  options.budget = budget;
  options.max_retries = 0;
  const Client client(options);
  ImageGenerationBody body;
  body.model = "acme/painter";
  body.prompt = "fox";
  EXPECT_EQ(client.generate(body).data.size(), 1u);
  EXPECT_DOUBLE_EQ(budget->spent(), 0.3);
  EXPECT_EQ(budget->by_model().at("acme/painter").unknown_cost_calls, 1u);
  // The next one no longer fits (0.3 + 0.3 + 0.3 + 0.3 > 1): refused, nothing sent.
  transport->respond(200, R"({"created":1,"data":[{"url":"https://img.example/b.png"}]})");
  transport->respond(200, R"({"created":1,"data":[{"url":"https://img.example/c.png"}]})");
  client.generate(body);
  client.generate(body);
  EXPECT_THROW(client.generate(body), BudgetExceededError);
  EXPECT_EQ(transport->requests().size(), 3u);
  EXPECT_STREQ(to_string(ErrorKind::budget_exceeded), "budget_exceeded");
  EXPECT_EQ(client.try_estimate_cost(body).value().source, EstimateSource::default_estimate);
  body.n = 11;
  EXPECT_EQ(client.try_estimate_cost(body).kind(), ErrorKind::invalid_request);
  EXPECT_STREQ(to_string(EstimateSource::last_observed), "last_observed");
}

}  // namespace
}  // namespace edenai
