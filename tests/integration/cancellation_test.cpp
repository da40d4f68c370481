// Cancellation through RequestOptions::cancellation, with real libcurl against the mock server:
// before sending, while waiting for the response, during a retry's wait, and the client still
// working afterwards. The time each cancellation took is printed, never asserted.
#include <gtest/gtest.h>

#include <edenai/edenai.hpp>
#include <edenai/mock/server.hpp>

#include "http/curl_transport.hpp"

#include <chrono>
#include <iostream>
#include <stdexcept>
#include <thread>

namespace {

using edenai::mock::Fault;
using std::chrono::milliseconds;

edenai::ImageGenerationBody body() {
  edenai::ImageGenerationBody b;
  b.model = "openai/gpt-image-1";
  b.prompt = "a fox";
  b.size = "16x16";
  return b;
}

class Cancellation : public ::testing::Test {
 protected:
  void SetUp() override { server.start(); }

  edenai::Client client(int max_retries = 0) const {
    edenai::ClientOptions options;
    options.api_key = "test-key";
    options.base_url = server.base_url();
    options.max_retries = max_retries;
    return edenai::Client(options);
  }

  // Cancels `token` from another thread once the server has received `requests` generations,
  // then returns how long the call took to give up after the cancel.
  static void cancel_when(const edenai::mock::Server& server, std::size_t requests,
                          const edenai::CancellationToken& token,
                          std::chrono::steady_clock::time_point& cancelled_at) {
    while (server.generation_count() < requests)
      std::this_thread::sleep_for(milliseconds(5));
    std::this_thread::sleep_for(milliseconds(50));  // well inside the wait
    cancelled_at = std::chrono::steady_clock::now();
    token.cancel();
  }

  edenai::mock::Server server;
};

TEST_F(Cancellation, ATokenCancelledBeforehandSendsNothing) {
  edenai::RequestOptions options;
  options.cancellation = edenai::CancellationToken();
  options.cancellation->cancel();
  try {
    client().generate(body(), options);
    FAIL() << "expected a CancelledError";
  } catch (const edenai::CancelledError& e) {
    EXPECT_EQ(e.attempts(), 0);
  }
  EXPECT_EQ(server.generation_count(), 0u);
}

TEST_F(Cancellation, WhileWaitingForTheResponse) {
  server.set_latency(milliseconds(30000));
  edenai::RequestOptions options;
  options.cancellation = edenai::CancellationToken();
  std::chrono::steady_clock::time_point cancelled_at;
  std::thread canceller(cancel_when, std::cref(server), 1, *options.cancellation,
                        std::ref(cancelled_at));
  EXPECT_THROW(client().generate(body(), options), edenai::CancelledError);
  const auto took = std::chrono::steady_clock::now() - cancelled_at;
  canceller.join();
  std::cout << "[ figure ] cancelled while waiting for the response after "
            << std::chrono::duration<double, std::milli>(took).count() << " ms\n";
  server.set_latency(milliseconds(0));
}

TEST_F(Cancellation, DuringTheWaitBeforeARetry) {
  Fault busy = Fault::http(503);
  busy.headers.emplace_back("retry-after-ms", "30000");
  server.push_faults({busy});
  edenai::RequestOptions options;
  options.cancellation = edenai::CancellationToken();
  std::chrono::steady_clock::time_point cancelled_at;
  std::thread canceller(cancel_when, std::cref(server), 1, *options.cancellation,
                        std::ref(cancelled_at));
  try {
    client(2).generate(body(), options);
    FAIL() << "expected a CancelledError";
  } catch (const edenai::CancelledError& e) {
    EXPECT_EQ(e.attempts(), 1);
  }
  const auto took = std::chrono::steady_clock::now() - cancelled_at;
  canceller.join();
  std::cout << "[ figure ] cancelled during a retry wait after "
            << std::chrono::duration<double, std::milli>(took).count() << " ms\n";
  EXPECT_EQ(server.generation_count(), 1u);
}

TEST_F(Cancellation, TheClientKeepsWorkingAfterwards) {
  server.set_latency(milliseconds(30000));
  const edenai::Client shared = client();
  edenai::RequestOptions options;
  options.cancellation = edenai::CancellationToken();
  std::chrono::steady_clock::time_point cancelled_at;
  std::thread canceller(cancel_when, std::cref(server), 1, *options.cancellation,
                        std::ref(cancelled_at));
  EXPECT_THROW(shared.generate(body(), options), edenai::CancelledError);
  canceller.join();
  server.set_latency(milliseconds(0));
  EXPECT_EQ(shared.generate(body()).data.size(), 1u);
  edenai::RequestOptions fresh;
  fresh.cancellation = edenai::CancellationToken();  // a token never triggered changes nothing
  EXPECT_EQ(shared.generate(body(), fresh).data.size(), 1u);
}

// Without libcurl's progress callback, only the socket shutdown can end the wait: a cancelled call
// that reuses a kept-alive connection must still end in CancelledError, not in the 5 s timeout.
// The cancelled connection is then dropped: the next call arrives on a new one.
TEST_F(Cancellation, OnAReusedConnectionTheSocketShutdownAloneEndsTheCall) {
  edenai::ClientOptions options;
  options.api_key = "test-key";
  options.base_url = server.base_url();
  options.max_retries = 0;
  options.timeout = std::chrono::milliseconds(5000);
  options.transport = edenai::internal::make_curl_transport(/*progress_backstop=*/false);
  const edenai::Client shared(options);

  ASSERT_EQ(shared.generate(body()).data.size(), 1u);
  server.set_latency(milliseconds(30000));
  edenai::RequestOptions call;
  call.cancellation = edenai::CancellationToken();
  std::chrono::steady_clock::time_point cancelled_at;
  std::thread canceller(cancel_when, std::cref(server), 2, *call.cancellation,
                        std::ref(cancelled_at));
  EXPECT_THROW(shared.generate(body(), call), edenai::CancelledError);
  const auto took = std::chrono::steady_clock::now() - cancelled_at;
  canceller.join();
  std::cout << "[ figure ] cancelled on a reused connection after "
            << std::chrono::duration<double, std::milli>(took).count() << " ms\n";
  server.set_latency(milliseconds(0));
  ASSERT_EQ(shared.generate(body()).data.size(), 1u);

  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[1].remote_port, requests[0].remote_port) << "the second call reused";
  EXPECT_NE(requests[2].remote_port, requests[1].remote_port) << "the cancelled one was dropped";
}

TEST(CancellationToken, AThrowingCallbackStopsNeitherTheOthersNorTheWaiters) {
  edenai::CancellationToken token;
  int later = 0;
  token.subscribe([] { throw std::runtime_error("callback failed"); });
  token.subscribe([&] { ++later; });
  std::thread waiter([&] { EXPECT_TRUE(token.wait_for(milliseconds(60000))); });
  EXPECT_NO_THROW(token.cancel());
  waiter.join();
  EXPECT_EQ(later, 1);
  EXPECT_TRUE(token.cancelled());
}

TEST(CancellationToken, CopiesShareOneStateAndCallbacksRunOnce) {
  edenai::CancellationToken token;
  const edenai::CancellationToken copy = token;
  int runs = 0;
  const std::size_t id = copy.subscribe([&] { ++runs; });
  int removed_runs = 0;
  copy.unsubscribe(copy.subscribe([&] { ++removed_runs; }));
  EXPECT_FALSE(copy.cancelled());
  token.cancel();
  token.cancel();
  EXPECT_TRUE(copy.cancelled());
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(removed_runs, 0);
  copy.unsubscribe(id);
  int late = 0;
  copy.subscribe([&] { ++late; });  // already cancelled: runs at once
  EXPECT_EQ(late, 1);
  EXPECT_TRUE(copy.wait_for(milliseconds(60000)));  // returns at once when cancelled
}

}  // namespace
