// The async engine and the rate limiter without sockets: the engine's retry decisions compared
// with the blocking loop's on the same script, the limiter on a fake clock, and the client's
// async and batch calls over a fake transport.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <future>
#include <limits>
#include <mutex>
#include <thread>

#include "core/rate_limiter.hpp"
#include "core/retry.hpp"
#include "edenai/edenai.hpp"
#include "http/async_engine.hpp"
#include "support/fake_transport.hpp"

namespace edenai::internal {
namespace {

using std::chrono::milliseconds;
using testing::FakeTransport;
using Clock = std::chrono::steady_clock;

TEST(RateLimiter, SpacesStartsByTheInterval) {
  Clock::time_point now{};
  now += std::chrono::hours(1);
  RateLimiter limiter(10, [&] { return now; });
  EXPECT_EQ(limiter.reserve(), milliseconds(0));
  EXPECT_EQ(limiter.reserve(), milliseconds(100));
  EXPECT_EQ(limiter.reserve(), milliseconds(200));
  now += milliseconds(250);  // the third slot is 50 ms away, the fourth 50 ms after that
  EXPECT_EQ(limiter.reserve(), milliseconds(50));
}

TEST(RateLimiter, GivesNoBurstAfterIdling) {
  Clock::time_point now{};
  now += std::chrono::hours(1);
  RateLimiter limiter(10, [&] { return now; });
  limiter.reserve();
  now += std::chrono::seconds(10);
  EXPECT_EQ(limiter.reserve(), milliseconds(0));
  EXPECT_EQ(limiter.reserve(), milliseconds(100));  // idle time is not saved up
}

TEST(RateLimiter, RoundsWaitsUpSoNoStartIsEarly) {
  Clock::time_point now{};
  RateLimiter limiter(3, [&] { return now; });
  limiter.reserve();
  EXPECT_EQ(limiter.reserve(), milliseconds(334));  // 333.3 ms
}

TEST(RateLimiter, RetriesCountAgainstTheLimitInTheBlockingLoop) {
  Clock::time_point now{};
  RateLimiter limiter(10, [&] { return now; });
  FakeTransport transport;
  transport.respond(503, "{}", {{"retry-after-ms", "0"}});
  transport.respond(200, "{}");
  std::vector<milliseconds> sleeps;
  RetryHooks hooks{[&](milliseconds d, const CancellationToken*) { sleeps.push_back(d); },
                   [] { return 0.0; },
                   {},
                   &limiter,
                   {},
                   {}};
  HttpRequest request;
  EXPECT_EQ(send_with_retries(transport, request, 2, hooks).status, 200);
  // The server's 0 ms, then the limiter's 100 ms before the retry.
  EXPECT_EQ(sleeps, (std::vector<milliseconds>{milliseconds(0), milliseconds(100)}));
}

// What each attempt came to, as the on_attempt hook reports it.
struct Seen {
  int attempt;
  int status;  // 0 for an error
  std::optional<milliseconds> retry_in;
  bool operator==(const Seen& o) const {
    return attempt == o.attempt && status == o.status && retry_in == o.retry_in;
  }
};

void script(FakeTransport& transport) {
  transport.push([](const HttpRequest&) -> HttpResponse {
    throw ConnectionError("connection reset", /*retryable=*/true);
  });
  transport.respond(503, "{}", {{"retry-after-ms", "3"}});
  transport.respond(429, "{}", {{"retry-after", "0"}});
  transport.respond(200, R"({"data":[]})");
}

RetryHooks recording(std::vector<Seen>& seen, std::mutex& mutex) {
  RetryHooks hooks;
  hooks.sleep = [](milliseconds, const CancellationToken*) {};
  hooks.jitter = [] { return 1.0; };  // backoff(0) = 375 ms
  hooks.on_attempt = [&](const AttemptOutcome& o) {
    std::lock_guard<std::mutex> lock(mutex);
    seen.push_back({o.attempt, o.response ? o.response->status : 0, o.retry_in});
  };
  return hooks;
}

TEST(AsyncEngine, RetriesExactlyAsTheBlockingLoop) {
  std::mutex mutex;
  std::vector<Seen> blocking;
  {
    FakeTransport transport;
    script(transport);
    HttpRequest request;
    RetryReport report;
    EXPECT_EQ(send_with_retries(transport, request, 3, recording(blocking, mutex), &report).status,
              200);
    EXPECT_EQ(report.attempts, 4);
  }
  std::vector<Seen> async;
  auto transport = std::make_shared<FakeTransport>();
  script(*transport);
  std::promise<std::pair<int, int>> finished;  // status, attempts
  {
    AsyncEngine engine(transport);
    engine.submit(HttpRequest{}, 3, recording(async, mutex),
                  [&](HttpResponse* response, std::exception_ptr, const RetryReport& report) {
                    finished.set_value({response ? response->status : 0, report.attempts});
                  });
    EXPECT_EQ(finished.get_future().get(), std::make_pair(200, 4));
  }
  std::lock_guard<std::mutex> lock(mutex);
  const std::vector<Seen> expected = {{1, 0, milliseconds(375)},
                                      {2, 503, milliseconds(3)},
                                      {3, 429, milliseconds(0)},
                                      {4, 200, std::nullopt}};
  EXPECT_EQ(blocking, expected);
  EXPECT_EQ(async, expected);
}

TEST(AsyncEngine, FinalErrorsCarryTheAttempts) {
  auto transport = std::make_shared<FakeTransport>();
  transport->respond(500, "{}", {{"retry-after-ms", "1"}});
  transport->push([](const HttpRequest&) -> HttpResponse {
    throw ConnectionError("certificate rejected", /*retryable=*/false);
  });
  std::promise<int> attempts;
  AsyncEngine engine(transport);
  RetryHooks hooks = default_retry_hooks();
  engine.submit(HttpRequest{}, 5, hooks,
                [&](HttpResponse* response, std::exception_ptr error, const RetryReport&) {
                  EXPECT_EQ(response, nullptr);
                  try {
                    std::rethrow_exception(error);
                  } catch (const ConnectionError& e) {
                    attempts.set_value(e.attempts());
                  }
                });
  EXPECT_EQ(attempts.get_future().get(), 2);  // not retryable: final at once
}

// A transport whose sends block until the test lets them through, one by one.
class Gate : public Transport {
 public:
  HttpResponse send(const HttpRequest&) override {
    std::unique_lock<std::mutex> lock(mutex_);
    ++arrived_;
    changed_.notify_all();
    changed_.wait(lock, [&] { return passes_ > 0; });
    --passes_;
    return HttpResponse{200, {}, "{}"};
  }
  void wait_for_arrivals(int count) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return arrived_ >= count; });
  }
  void let_through(int count) {
    std::lock_guard<std::mutex> lock(mutex_);
    passes_ += count;
    changed_.notify_all();
  }
  int arrived() {
    std::lock_guard<std::mutex> lock(mutex_);
    return arrived_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int arrived_ = 0;
  int passes_ = 0;
};

// Collects how each call ended: its status, or -1 for CancelledError.
struct Endings {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<int> seen;
  AsyncEngine::Done done() {
    return [this](HttpResponse* response, std::exception_ptr error, const RetryReport&) {
      int outcome = response ? response->status : 0;
      try {
        if (error) std::rethrow_exception(error);
      } catch (const CancelledError&) {
        outcome = -1;
      } catch (...) {
      }
      std::lock_guard<std::mutex> lock(mutex);
      seen.push_back(outcome);
      changed.notify_all();
    };
  }
  std::vector<int> wait_for(std::size_t count) {
    std::unique_lock<std::mutex> lock(mutex);
    changed.wait(lock, [&] { return seen.size() >= count; });
    return seen;
  }
};

TEST(AsyncEngine, AnInjectedTransportSendsNothingMoreOnceTheClientEnds) {
  auto gate = std::make_shared<Gate>();
  Endings endings;
  {
    AsyncEngine engine(gate);
    for (int i = 0; i < 5; ++i)
      engine.submit(HttpRequest{}, 0, default_retry_hooks(), endings.done());
    gate->wait_for_arrivals(1);  // the first is being sent, four are queued
    engine.shutdown();           // what the destructor does first
    gate->let_through(1);
    engine.submit(HttpRequest{}, 0, default_retry_hooks(), endings.done());  // too late
  }  // the four queued calls and the late one end as cancelled, unsent
  std::vector<int> seen = endings.wait_for(6);
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, (std::vector<int>{-1, -1, -1, -1, -1, 200}));
  EXPECT_EQ(gate->arrived(), 1);
}

TEST(AsyncEngine, AQueuedCallCancelledBehindABlockingSendIsNeverSent) {
  auto gate = std::make_shared<Gate>();
  Endings endings;
  AsyncEngine engine(gate);
  engine.submit(HttpRequest{}, 0, default_retry_hooks(), endings.done());
  CancellationToken token;
  HttpRequest cancellable;
  cancellable.cancellation = token;
  engine.submit(cancellable, 0, default_retry_hooks(), endings.done());
  gate->wait_for_arrivals(1);
  token.cancel();
  gate->let_through(1);
  std::vector<int> seen = endings.wait_for(2);
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, (std::vector<int>{-1, 200}));
  EXPECT_EQ(gate->arrived(), 1);
}

TEST(AsyncEngine, ACancelledQueueHoldsAtMostOneSlot) {
  Clock::time_point now{};
  now += std::chrono::hours(1);
  std::mutex clock_mutex;
  RateLimiter limiter(4, [&] {
    std::lock_guard<std::mutex> lock(clock_mutex);
    return now;  // frozen: after the first call, the others wait
  });
  auto transport = std::make_shared<FakeTransport>();
  transport->respond(200, "{}");
  Endings endings;
  CancellationToken token;
  {
    AsyncEngine engine(transport);
    RetryHooks hooks = default_retry_hooks();
    hooks.limiter = &limiter;
    HttpRequest request;
    request.cancellation = token;
    for (int i = 0; i < 10; ++i)
      engine.submit(request, 0, hooks, endings.done());
    endings.wait_for(1);  // the first went through
    token.cancel();       // the nine others, waiting for a slot, are cancelled
    std::vector<int> seen = endings.wait_for(10);
    EXPECT_EQ(std::count(seen.begin(), seen.end(), -1), 9);
  }
  // The call that was sent took a slot, and the queue held at most one more for its head: the
  // next is one or two intervals away, not ten.
  EXPECT_LE(limiter.reserve(), milliseconds(500));
  EXPECT_EQ(transport->requests().size(), 1u);
}

// Async calls wait in line with blocking callers: a blocking caller that comes later is
// scheduled after them, instead of taking every slot as it frees up.
TEST(AsyncEngine, AsyncCallsKeepTheirPlaceInLineWithBlockingCallers) {
  const Clock::time_point start = Clock::time_point{} + std::chrono::hours(1);
  RateLimiter limiter(4, [&] { return start; });  // frozen clock
  EXPECT_EQ(limiter.reserve(), milliseconds(0));  // a blocking caller takes the slot at start
  auto transport = std::make_shared<FakeTransport>();
  transport->respond(200, "{}");
  Endings endings;
  AsyncEngine engine(transport);
  RetryHooks hooks = default_retry_hooks();
  hooks.limiter = &limiter;
  engine.submit(HttpRequest{}, 0, hooks, endings.done());
  // The engine reserves the next slot (start + 250 ms) for its queue...
  for (int i = 0; i < 2000 && limiter.next_free() != start + milliseconds(500); ++i)
    std::this_thread::sleep_for(milliseconds(1));
  ASSERT_EQ(limiter.next_free(), start + milliseconds(500));
  // ...so a blocking caller arriving now waits for the one after it.
  EXPECT_EQ(limiter.reserve(), milliseconds(500));
  EXPECT_EQ(endings.wait_for(1), std::vector<int>{200});
}

TEST(AsyncEngine, ATokenCancelledBeforehandSendsNothing) {
  auto transport = std::make_shared<FakeTransport>();
  AsyncEngine engine(transport);
  CancellationToken token;
  token.cancel();
  HttpRequest request;
  request.cancellation = token;
  std::promise<int> attempts;
  engine.submit(request, 2, default_retry_hooks(),
                [&](HttpResponse*, std::exception_ptr error, const RetryReport&) {
                  try {
                    std::rethrow_exception(error);
                  } catch (const CancelledError& e) {
                    attempts.set_value(e.attempts());
                  }
                });
  EXPECT_EQ(attempts.get_future().get(), 0);
  EXPECT_TRUE(transport->requests().empty());
}

}  // namespace
}  // namespace edenai::internal

namespace edenai {
namespace {

using std::chrono::milliseconds;
using testing::FakeTransport;
using Clock = std::chrono::steady_clock;

ImageGenerationBody body(const std::string& prompt) {
  ImageGenerationBody b;
  b.model = "openai/gpt-image-1";
  b.prompt = prompt;
  return b;
}

ClientOptions fake_options(std::shared_ptr<Transport> transport) {
  ClientOptions options;
  options.api_key = "sk-unit-async";
  options.base_url = "http://eden.test";
  options.transport = std::move(transport);
  options.max_retries = 0;
  return options;
}

constexpr const char* kOneImage = R"({"data":[{"b64_json":"aGk="}],"cost":0.01})";

TEST(ClientAsync, FutureHoldsTheDecodedResponse) {
  auto transport = std::make_shared<FakeTransport>();
  transport->respond(200, kOneImage);
  const Client client(fake_options(transport));
  const ImageResponse response = client.generate_async(body("fox")).get();
  ASSERT_EQ(response.data.size(), 1u);
  EXPECT_EQ(response.data[0].bytes(), (std::vector<std::uint8_t>{'h', 'i'}));
  EXPECT_EQ(transport->requests().at(0).url, "http://eden.test/v3/images/generations");
}

TEST(ClientAsync, BatchMapsEachAnswerToItsTypedResult) {
  auto transport = std::make_shared<FakeTransport>();
  // One call at a time through a fake transport: answers arrive in input order.
  transport->respond(200, kOneImage);
  transport->respond(404, R"({"detail":"Model not found"})");
  transport->respond(200, "not json");
  const Client client(fake_options(transport));
  BatchOptions options;
  options.concurrency = 1;
  const auto results = client.generate_batch({body("a"), body("b"), body("c")}, options);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_TRUE(results[0].ok());
  EXPECT_THROW(results[1].rethrow(), NotFoundError);
  EXPECT_THROW(results[2].rethrow(), DecodeError);
  EXPECT_EQ(results[0].error_message(), "");
  EXPECT_NE(results[1].error_message().find("Model not found"), std::string::npos);
}

TEST(ClientAsync, RejectsBadBatchAndRateOptions) {
  auto transport = std::make_shared<FakeTransport>();
  const Client client(fake_options(transport));
  BatchOptions zero;
  zero.concurrency = 0;
  EXPECT_THROW(client.generate_batch({body("a")}, zero), InvalidRequestError);
  BatchOptions bad_retries;
  bad_retries.request.max_retries = -1;
  EXPECT_THROW(client.generate_batch({body("a")}, bad_retries), InvalidRequestError);
  BatchOptions credential;
  credential.request.headers["Authorization"] = "Bearer other";
  EXPECT_THROW(client.generate_batch({body("a")}, credential), InvalidRequestError);
  EXPECT_TRUE(client.generate_batch({}).empty());
  for (double rate : {-1.0, 1001.0, std::nan(""), std::numeric_limits<double>::infinity()}) {
    auto options = fake_options(transport);
    options.max_requests_per_second = rate;
    EXPECT_THROW(Client{options}, InvalidRequestError) << rate;
  }
  EXPECT_TRUE(transport->requests().empty());
}

TEST(ClientAsync, ACancelledBatchEndsTheRestWithoutEncodingIt) {
  auto transport = std::make_shared<FakeTransport>();
  for (int i = 0; i < 2; ++i)
    transport->respond(200, kOneImage);
  const Client client(fake_options(transport));
  std::vector<ImageGenerationBody> bodies(40, body("ok"));
  for (std::size_t i = 10; i < bodies.size(); ++i)
    bodies[i].n = 0;  // invalid, but never looked at: the batch is cancelled before
  CancellationToken token;
  BatchOptions options;
  options.concurrency = 1;
  options.request.cancellation = token;
  std::size_t calls = 0;
  options.on_result = [&](std::size_t, GenerationResult&) {
    ++calls;
    token.cancel();
  };
  const auto results = client.generate_batch(bodies, options);
  EXPECT_EQ(calls, bodies.size());  // every body still gets its callback
  EXPECT_TRUE(results[0].ok());
  // Body 1 was started before the first callback ran (the batch keeps its pipe full): it may
  // have been sent or cancelled. Every later one ends cancelled, unsent and unvalidated.
  for (std::size_t i = 2; i < results.size(); ++i) {
    try {
      results[i].rethrow();
      ADD_FAILURE() << i << " succeeded";
    } catch (const CancelledError& e) {
      EXPECT_EQ(e.attempts(), 0) << i;
    } catch (const std::exception& e) {
      ADD_FAILURE() << i << ": " << e.what();
    }
  }
  EXPECT_LE(transport->requests().size(), 2u);
}

// A transport that notes when each request was sent.
class Stopwatch : public Transport {
 public:
  HttpResponse send(const HttpRequest&) override {
    std::lock_guard<std::mutex> lock(mutex_);
    times_.push_back(Clock::now());
    return HttpResponse{200, {}, kOneImage};
  }
  std::vector<Clock::time_point> times() {
    std::lock_guard<std::mutex> lock(mutex_);
    return times_;
  }

 private:
  std::mutex mutex_;
  std::vector<Clock::time_point> times_;
};

TEST(ClientAsync, OneRateLimitCoversBlockingAndAsyncCalls) {
  auto transport = std::make_shared<Stopwatch>();
  auto options = fake_options(transport);
  options.max_requests_per_second = 50;  // 20 ms apart
  const Client client(options);
  const auto begin = Clock::now();
  auto batch = std::async(std::launch::async, [&] {
    return client.generate_batch(std::vector<ImageGenerationBody>(5, body("a")));
  });
  for (int i = 0; i < 5; ++i)
    client.generate(body("b"));
  for (const auto& result : batch.get())
    EXPECT_TRUE(result.ok());
  auto times = transport->times();
  ASSERT_EQ(times.size(), 10u);
  std::sort(times.begin(), times.end());
  // Never early: the k-th request starts at least k intervals after the first could.
  for (std::size_t k = 0; k < times.size(); ++k)
    EXPECT_GE(times[k] - begin, milliseconds(20) * static_cast<int>(k)) << k;
}

}  // namespace
}  // namespace edenai
