// The callback forms of generate_async and edit_async against the local mock, over real libcurl:
// where the callback runs (the I/O thread, never inside the call, a refused body included), what
// it gets (the typed, redacted error), chaining from a callback, a destroyed client, an empty
// callback, and a throwing one.
#include <gtest/gtest.h>
#include <pthread.h>

#include <edenai/edenai.hpp>
#include <edenai/mock/server.hpp>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

using edenai::ImageResponse;
using edenai::Result;
using edenai::mock::Fault;
using edenai::mock::Server;
using std::chrono::milliseconds;

edenai::ImageGenerationBody body(const std::string& prompt, int n = 1) {
  edenai::ImageGenerationBody b;
  b.model = "openai/gpt-image-1";
  b.prompt = prompt;
  b.n = n;
  b.size = "32x32";
  return b;
}

edenai::ClientOptions options_for(const Server& server) {
  edenai::ClientOptions options;
  options.api_key = "sk-callback-secret-42";
  options.base_url = server.base_url();
  options.max_retries = 0;
  return options;
}

std::string thread_name() {
  char name[32] = {};
  pthread_getname_np(pthread_self(), name, sizeof name);
  return name;
}

// What a callback saw: the result, and the thread it ran on.
struct Seen {
  std::optional<Result<ImageResponse>> result;
  std::thread::id thread;
  std::string thread_name;
};

// Collects callbacks' results; `wait(n)` blocks (at most 20 s) until n have arrived.
class Collector {
 public:
  edenai::Callback<ImageResponse> callback() {
    return [this](Result<ImageResponse> result) {
      Seen seen{std::move(result), std::this_thread::get_id(), thread_name()};
      const std::lock_guard<std::mutex> lock(mutex_);
      seen_.push_back(std::move(seen));
      arrived_.notify_all();
    };
  }
  std::vector<Seen> wait(std::size_t count) {
    std::unique_lock<std::mutex> lock(mutex_);
    arrived_.wait_for(lock, std::chrono::seconds(20), [&] { return seen_.size() >= count; });
    return seen_;
  }
  std::size_t count() {
    const std::lock_guard<std::mutex> lock(mutex_);
    return seen_.size();
  }

 private:
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<Seen> seen_;
};

TEST(Callbacks, TheResponseReachesTheCallbackOnTheIoThread) {
  Server server;
  server.start();
  const edenai::Client client(options_for(server));
  Collector collector;
  client.generate_async(body("a lighthouse at dawn", 2), collector.callback());
  const auto seen = collector.wait(1);
  ASSERT_EQ(seen.size(), 1u);
  ASSERT_TRUE(seen[0].result->ok()) << seen[0].result->error_message();
  EXPECT_NE(seen[0].thread, std::this_thread::get_id());
  EXPECT_EQ(seen[0].thread_name, "edenai-io");
  const ImageResponse blocking = client.generate(body("a lighthouse at dawn", 2));
  const ImageResponse& response = seen[0].result->value();
  ASSERT_EQ(response.data.size(), 2u);
  EXPECT_EQ(response.data[1].bytes(), blocking.data[1].bytes());
}

TEST(Callbacks, ARefusedBodyReachesItsCallbackOnTheIoThreadNotInsideTheCall) {
  Server server;
  server.start();
  const edenai::Client client(options_for(server));
  Collector collector;
  auto invalid = body("x");
  invalid.n = 0;
  client.generate_async(invalid, collector.callback());
  const auto seen = collector.wait(1);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].result->kind(), edenai::ErrorKind::invalid_request);
  ASSERT_NE(seen[0].result->error_as<edenai::InvalidRequestError>(), nullptr);
  EXPECT_EQ(seen[0].result->error_as()->attempts(), 0);
  EXPECT_EQ(seen[0].thread_name, "edenai-io");  // not the calling thread
  EXPECT_EQ(server.generation_count(), 0u);
}

TEST(Callbacks, AServerErrorArrivesTypedAndRedacted) {
  Server server;
  server.start();
  Fault echo = Fault::http(422);
  echo.body = R"({"detail":[{"type":"value_error","loc":["body","prompt"],)"
              R"("msg":"bad key sk-callback-secret-42","input":"x"}]})";
  server.push_faults({echo});
  const edenai::Client client(options_for(server));
  Collector collector;
  client.generate_async(body("x"), edenai::RequestOptions{}, collector.callback());
  const auto seen = collector.wait(1);
  ASSERT_EQ(seen.size(), 1u);
  const Result<ImageResponse>& result = *seen[0].result;
  EXPECT_EQ(result.status(), 422);
  EXPECT_EQ(result.error_message().find("sk-callback-secret-42"), std::string::npos);
  const auto* unprocessable = result.error_as<edenai::UnprocessableEntityError>();
  ASSERT_NE(unprocessable, nullptr);
  ASSERT_EQ(unprocessable->validation().detail.size(), 1u);
  EXPECT_EQ(unprocessable->validation().detail[0].msg.find("sk-callback-secret-42"),
            std::string::npos);
  EXPECT_EQ(result.error_as<edenai::TimeoutError>(), nullptr);  // the type is checked
}

TEST(Callbacks, ACallbackMayStartTheNextCallOfItsClient) {
  Server server;
  server.start();
  const edenai::Client client(options_for(server));
  Collector collector;
  // A stored canvas for the edit; then a generation whose callback starts the edit.
  const ImageResponse first = client.generate(body("a red square"));
  const std::vector<std::uint8_t> canvas = first.data[0].bytes();
  const auto stored = client.upload(edenai::UploadRequest::bytes(
      std::string(canvas.begin(), canvas.end()), "canvas.png", "image/png"));
  auto next = collector.callback();
  client.generate_async(
      body("a fox"), [&client, next, file_id = stored.file_id](Result<ImageResponse> result) {
        next(std::move(result));
        edenai::ImageEditBody edit;
        edit.model = "openai/gpt-image-1";
        edit.prompt = "add a hat";
        edit.images = {edenai::ImageRef::file_id(file_id)};
        client.edit_async(edit, next);  // started on the I/O thread, from its callback
      });
  const auto seen = collector.wait(2);
  ASSERT_EQ(seen.size(), 2u);
  for (const Seen& one : seen) {
    ASSERT_TRUE(one.result->ok()) << one.result->error_message();
    EXPECT_EQ(one.result->value().data.size(), 1u);
    EXPECT_EQ(one.thread_name, "edenai-io");
  }
  EXPECT_EQ(server.generation_count(), 2u);  // the blocking one and the chained generation
  EXPECT_EQ(server.request_count("POST /v3/images/edits"), 1u);
}

TEST(Callbacks, ADestroyedClientEndsItsCallsWithCancelledErrorBeforeItIsGone) {
  Server server;
  server.set_latency(milliseconds(30'000));
  server.start();
  Collector collector;
  {
    const edenai::Client client(options_for(server));
    for (int i = 0; i < 3; ++i)
      client.generate_async(body("orphan"), collector.callback());
    for (int i = 0; i < 2000 && server.generation_count() < 3; ++i)
      std::this_thread::sleep_for(milliseconds(5));
    ASSERT_EQ(server.generation_count(), 3u);
  }
  ASSERT_EQ(collector.count(), 3u);  // all delivered by the time the destructor returned
  for (const Seen& seen : collector.wait(3)) {
    EXPECT_EQ(seen.result->kind(), edenai::ErrorKind::cancelled);
    EXPECT_EQ(seen.result->error_as()->attempts(), 1);
  }
}

// A chain while the client ends: each callback, holding its own (non-recursive) lock, starts
// the next call. Each must get CancelledError on the I/O thread after its initiating call has
// returned (before the fix it ran inside it: a recursion, and a deadlock on that lock).
TEST(Callbacks, ACallWhileTheClientEndsIsEndedOnTheIoThreadNotInsideItsStart) {
  Server server;
  server.set_latency(milliseconds(30'000));
  server.start();
  struct Chain {
    std::mutex lock;  // held while starting the next call, as a callback guarding state would
    int links = 0;
    int inside_start = 0;  // callbacks run while a generate_async of this chain was running
    bool starting = false;
    std::vector<std::string> threads;
    std::vector<edenai::ErrorKind> kinds;
  };
  Chain chain;
  std::optional<edenai::Client> client(options_for(server));
  // Declared outside the client's life: its callbacks run during the client's destructor.
  std::function<void(Result<ImageResponse>)> next = [&](Result<ImageResponse> result) {
    const std::lock_guard<std::mutex> guard(chain.lock);
    if (chain.starting) ++chain.inside_start;
    chain.threads.push_back(thread_name());
    chain.kinds.push_back(result.kind());
    if (++chain.links < 5) {  // a bounded chain: it checks nothing but its length
      chain.starting = true;
      client->generate_async(body("again"), next);
      chain.starting = false;
    }
  };
  client->generate_async(body("first"), next);
  for (int i = 0; i < 2000 && server.generation_count() < 1; ++i)
    std::this_thread::sleep_for(milliseconds(5));
  client.reset();  // the destructor: the call in flight is cancelled, and its callback chains
  EXPECT_EQ(chain.links, 5);
  EXPECT_EQ(chain.inside_start, 0);
  for (std::size_t i = 0; i < chain.threads.size(); ++i) {
    EXPECT_EQ(chain.threads[i], "edenai-io") << i;
    EXPECT_EQ(chain.kinds[i], edenai::ErrorKind::cancelled) << i;
  }
}

TEST(Callbacks, AnEmptyCallbackIsRefusedAndNothingIsSent) {
  Server server;
  server.start();
  const edenai::Client client(options_for(server));
  EXPECT_THROW(client.generate_async(body("x"), {}, edenai::Callback<ImageResponse>{}),
               edenai::InvalidRequestError);
  EXPECT_THROW(client.edit_async(edenai::ImageEditBody{}, {}, edenai::Callback<ImageResponse>{}),
               edenai::InvalidRequestError);
  EXPECT_EQ(server.generation_count(), 0u);
}

TEST(CallbacksDeathTest, AnExceptionLeavingACallbackTerminates) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(
      {
        edenai::ClientOptions options;
        options.api_key = "sk-death";
        options.base_url = "http://127.0.0.1:9";  // never reached: the body is refused
        const edenai::Client client(options);
        auto invalid = body("x");
        invalid.n = 0;
        client.generate_async(
            invalid, [](Result<ImageResponse>) { throw std::runtime_error("in callback"); });
        // Waits for the I/O thread to end the process; were it to go on, this returns.
        for (int i = 0; i < 2000; ++i)
          std::this_thread::sleep_for(milliseconds(5));
      },
      "in callback");  // std::terminate's report of the exception, not any crash
}

}  // namespace
