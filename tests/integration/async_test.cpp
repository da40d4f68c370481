// generate_async and generate_batch against the local mock, over real libcurl (multi interface):
// input order, partial failure, retries inside a batch, cancellation of a batch, the rate limit,
// one I/O thread, connection reuse, timeouts, and a client destroyed with calls in flight.
#include <arpa/inet.h>
#include <dirent.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <edenai/edenai.hpp>
#include <edenai/mock/server.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "support/png_reader.hpp"

namespace {

using edenai::mock::Fault;
using edenai::mock::Server;
using edenai::mock::ServerOptions;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

edenai::ImageGenerationBody body(const std::string& prompt, int n = 1, int width = 64) {
  edenai::ImageGenerationBody b;
  b.model = "openai/gpt-image-1";
  b.prompt = prompt;
  b.n = n;
  b.size = std::to_string(width) + "x64";
  return b;
}

edenai::ClientOptions options_for(const Server& server, int max_retries = 0) {
  edenai::ClientOptions options;
  options.api_key = "test-key";
  options.base_url = server.base_url();
  options.max_retries = max_retries;
  return options;
}

int png_width(const edenai::ImageDataItem& item) {
  const auto bytes = item.bytes();
  return static_cast<int>(edenai::testing::read_png(std::string(bytes.begin(), bytes.end())).width);
}

// Threads of this process.
int thread_count() {
  int count = 0;
  if (DIR* dir = opendir("/proc/self/task")) {
    while (const dirent* entry = readdir(dir)) {
      if (entry->d_name[0] != '.') ++count;
    }
    closedir(dir);
  }
  return count;
}

// Polls (briefly) until `done` holds or about 10 s have passed.
template <typename Condition>
bool eventually(Condition done) {
  for (int i = 0; i < 2000 && !done(); ++i)
    std::this_thread::sleep_for(milliseconds(5));
  return done();
}

template <typename E>
void expect_error(const edenai::GenerationResult& result) {
  ASSERT_FALSE(result.ok());
  EXPECT_THROW(result.rethrow(), E) << result.error_message();
}

TEST(Async, FutureHoldsTheSameImagesAsTheBlockingCall) {
  Server server;
  server.start();
  const edenai::Client client(options_for(server));
  auto future = client.generate_async(body("a lighthouse at dawn", 2, 96));
  const edenai::ImageResponse async_response = future.get();
  const edenai::ImageResponse blocking = client.generate(body("a lighthouse at dawn", 2, 96));
  ASSERT_EQ(async_response.data.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(async_response.data[i].bytes(), blocking.data[i].bytes());
    EXPECT_EQ(png_width(async_response.data[i]), 96);
  }
  EXPECT_EQ(async_response.provider, blocking.provider);
}

TEST(Async, FutureCarriesTypedErrorsWithoutTheKey) {
  Server server;
  server.start();
  auto options = options_for(server);
  options.api_key = "sk-async-secret-1234";
  const edenai::Client client(options);
  // Refused before sending: the future holds InvalidRequestError.
  auto invalid = body("x");
  invalid.n = 0;
  EXPECT_THROW(client.generate_async(invalid).get(), edenai::InvalidRequestError);
  // A 422 that echoes the key.
  Fault echo = Fault::http(422);
  echo.body = R"({"detail":[{"type":"value_error","loc":["body","prompt"],)"
              R"("msg":"bad key sk-async-secret-1234","input":"x"}]})";
  server.push_faults({echo});
  // The future outlives the reads of its error, as in most programs (see the note on
  // exception_ptr in src/async_engine.cpp: ThreadSanitizer cannot see libstdc++'s counts).
  auto future = client.generate_async(body("x"));
  try {
    future.get();
    FAIL() << "no error";
  } catch (const edenai::UnprocessableEntityError& e) {
    EXPECT_EQ(std::string(e.what()).find("sk-async-secret-1234"), std::string::npos) << e.what();
    ASSERT_EQ(e.validation().detail.size(), 1u);
    EXPECT_EQ(e.validation().detail[0].type, "value_error");
    EXPECT_EQ(e.attempts(), 1);
  }
}

TEST(Batch, ResultsComeBackInInputOrder) {
  Server server;
  server.start();
  const edenai::Client client(options_for(server));
  std::vector<edenai::ImageGenerationBody> bodies;
  for (int i = 0; i < 12; ++i)
    bodies.push_back(body("scene " + std::to_string(i), i % 3 + 1, 32 + 8 * i));
  // Early bodies are the slowest (largest n): they tend to finish after later ones.
  std::vector<std::size_t> seen;
  edenai::BatchOptions options;
  options.concurrency = 4;
  options.on_result = [&](std::size_t index, edenai::GenerationResult& result) {
    EXPECT_TRUE(result.ok()) << result.error_message();
    seen.push_back(index);
  };
  const auto results = client.generate_batch(bodies, options);
  ASSERT_EQ(results.size(), bodies.size());
  for (std::size_t i = 0; i < results.size(); ++i) {
    ASSERT_TRUE(results[i].ok()) << i << ": " << results[i].error_message();
    ASSERT_EQ(results[i].value().data.size(), static_cast<std::size_t>(i % 3 + 1)) << i;
    EXPECT_EQ(png_width(results[i].value().data[0]), static_cast<int>(32 + 8 * i)) << i;
  }
  // The callback saw every index exactly once.
  std::sort(seen.begin(), seen.end());
  std::vector<std::size_t> all(bodies.size());
  for (std::size_t i = 0; i < all.size(); ++i)
    all[i] = i;
  EXPECT_EQ(seen, all);
  EXPECT_EQ(server.generation_count(), bodies.size());
}

TEST(Batch, OneFailureDoesNotLoseTheOthersImages) {
  Server server;
  server.start();
  const edenai::Client client(options_for(server));
  std::vector<edenai::ImageGenerationBody> bodies;
  for (int i = 0; i < 6; ++i)
    bodies.push_back(body("image " + std::to_string(i)));
  bodies[1].n = 0;                  // refused by the SDK: never sent
  bodies[3].model = "no-provider";  // the mock's 404 for a model without provider/
  bodies[4].size = "9999x9999";     // the mock's 400 for a size it cannot honour
  const auto results = client.generate_batch(bodies);
  expect_error<edenai::InvalidRequestError>(results[1]);
  expect_error<edenai::NotFoundError>(results[3]);
  expect_error<edenai::BadRequestError>(results[4]);
  for (std::size_t i : {0u, 2u, 5u}) {
    ASSERT_TRUE(results[i].ok()) << i << ": " << results[i].error_message();
    EXPECT_FALSE(results[i].value().data[0].bytes().empty());
  }
  EXPECT_THROW(results[3].value(), edenai::NotFoundError);
  EXPECT_EQ(server.generation_count(), 5u);
}

TEST(Batch, RetriesInsideABatchAsInTheBlockingCall) {
  Server server;
  server.start();
  const edenai::Client client(options_for(server, /*max_retries=*/2));
  std::vector<Fault> faults;
  for (int i = 0; i < 3; ++i) {
    Fault unavailable = Fault::http(503);
    unavailable.headers = {{"retry-after-ms", "20"}};
    faults.push_back(unavailable);
  }
  faults.push_back(Fault::reset());
  server.push_faults(faults);
  std::vector<edenai::ImageGenerationBody> bodies;
  for (int i = 0; i < 8; ++i)
    bodies.push_back(body("retry " + std::to_string(i)));
  edenai::BatchOptions options;
  options.concurrency = 4;
  const auto results = client.generate_batch(bodies, options);
  for (const auto& result : results)
    ASSERT_TRUE(result.ok()) << result.error_message();
  EXPECT_EQ(server.generation_count(), 8u + 4u);  // every fault absorbed by one retry

  // Retries run out as in the blocking call: 3 attempts, the last status, its retry delay.
  std::vector<Fault> always;
  for (int i = 0; i < 3; ++i) {
    Fault limited = Fault::rate_limited();
    limited.headers = {{"retry-after-ms", "15"}};
    always.push_back(limited);
  }
  server.push_faults(always);
  const auto exhausted = client.generate_batch({body("unlucky")});
  try {
    exhausted[0].rethrow();
    FAIL() << "no error";
  } catch (const edenai::RateLimitError& e) {
    EXPECT_EQ(e.attempts(), 3);
    ASSERT_TRUE(e.retry_after().has_value());
    EXPECT_EQ(*e.retry_after(), milliseconds(15));
  }
}

TEST(Batch, CancellingTheTokenEndsEveryCallAndSendsNoMore) {
  Server server;
  server.set_latency(milliseconds(30'000));
  server.start();
  const edenai::Client client(options_for(server));
  std::vector<edenai::ImageGenerationBody> bodies(20, body("never"));
  edenai::CancellationToken token;
  edenai::BatchOptions options;
  options.concurrency = 4;
  options.request.cancellation = token;
  std::thread canceller([&] {
    eventually([&] { return server.generation_count() >= 4; });
    token.cancel();
  });
  const auto results = client.generate_batch(bodies, options);
  canceller.join();
  ASSERT_EQ(results.size(), bodies.size());
  int sent = 0;
  for (const auto& result : results) {
    ASSERT_FALSE(result.ok());
    try {
      result.rethrow();
    } catch (const edenai::CancelledError& e) {
      sent += e.attempts();
      EXPECT_LE(e.attempts(), 1);
    }
  }
  EXPECT_EQ(sent, 4);  // the four in flight; the sixteen others were never sent
  EXPECT_EQ(server.generation_count(), 4u);
}

TEST(Batch, AThrowingCallbackCancelsTheRestAndIsRethrown) {
  Server server;
  server.start();
  const edenai::Client client(options_for(server));
  std::vector<edenai::ImageGenerationBody> bodies(10, body("stop early"));
  edenai::BatchOptions options;
  options.concurrency = 2;
  int calls = 0;
  options.on_result = [&](std::size_t, edenai::GenerationResult&) {
    ++calls;
    throw std::runtime_error("disk full");
  };
  EXPECT_THROW(client.generate_batch(bodies, options), std::runtime_error);
  EXPECT_EQ(calls, 1);
  EXPECT_LT(server.generation_count(), bodies.size());
  // The client is still usable.
  EXPECT_TRUE(client.generate_batch({body("after")})[0].ok());
}

TEST(Batch, ACallbackMayTakeTheImagesAway) {
  Server server;
  server.start();
  const edenai::Client client(options_for(server));
  std::vector<std::size_t> sizes;
  edenai::BatchOptions options;
  options.on_result = [&](std::size_t, edenai::GenerationResult& result) {
    edenai::ImageResponse taken = std::move(result.value());
    sizes.push_back(taken.data.size());
  };
  const auto results = client.generate_batch({body("a", 2), body("b", 3)}, options);
  std::sort(sizes.begin(), sizes.end());
  EXPECT_EQ(sizes, (std::vector<std::size_t>{2, 3}));
  EXPECT_TRUE(results[0].value().data.empty());  // moved out by the callback
}

TEST(Batch, RateLimitSpacesRequestStarts) {
  std::mutex mutex;
  std::vector<Clock::time_point> arrivals;  // declared before the server, whose threads use it
  ServerOptions server_options;
  server_options.on_request = [&](const std::string& line) {
    if (line.find("/v3/images/generations") == std::string::npos) return;
    std::lock_guard<std::mutex> lock(mutex);
    arrivals.push_back(Clock::now());
  };
  Server server(server_options);
  server.start();
  auto options = options_for(server);
  options.max_requests_per_second = 20;  // one start every 50 ms
  const edenai::Client client(options);
  std::vector<edenai::ImageGenerationBody> bodies(8, body("paced"));
  edenai::BatchOptions batch;
  batch.concurrency = 8;  // the limit, not the concurrency, is what spaces them
  const auto begin = Clock::now();
  for (const auto& result : client.generate_batch(bodies, batch))
    ASSERT_TRUE(result.ok()) << result.error_message();
  // Each answer comes after its request started, and the k-th start is at least k intervals
  // after the batch began: so is the k-th answer. (A lower bound: a slow machine only adds.)
  // The server notes an answer just after writing it: the client may have it first.
  ASSERT_TRUE(eventually([&] {
    std::lock_guard<std::mutex> lock(mutex);
    return arrivals.size() == bodies.size();
  }));
  std::lock_guard<std::mutex> lock(mutex);
  std::sort(arrivals.begin(), arrivals.end());
  for (std::size_t k = 0; k < arrivals.size(); ++k) {
    EXPECT_GE(arrivals[k] - begin, milliseconds(50) * static_cast<int>(k)) << k;
  }
}

// A listener that accepts on the test's own thread and never answers: unlike a server, it
// starts no thread, so every thread that appears during the calls is the SDK's.
class SilentListener {
 public:
  SilentListener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&address), length) != 0 || ::listen(fd_, 64) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      throw std::runtime_error("cannot listen on 127.0.0.1");
    }
    port_ = ntohs(address.sin_port);
  }
  ~SilentListener() {
    for (int fd : accepted_)
      ::close(fd);
    ::close(fd_);
  }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // Accepts until `count` connections are open (or about 10 s pass); returns how many are.
  std::size_t accept_until(std::size_t count) {
    for (int i = 0; i < 2000 && accepted_.size() < count; ++i) {
      const int fd = ::accept(fd_, nullptr, nullptr);
      if (fd >= 0) {
        accepted_.push_back(fd);
      } else {
        std::this_thread::sleep_for(milliseconds(5));
      }
    }
    return accepted_.size();
  }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::vector<int> accepted_;
};

TEST(Async, RunsOnOneIoThreadNotAThreadPerCall) {
  SilentListener listener;
  edenai::ClientOptions options;
  options.api_key = "test-key";
  options.base_url = listener.base_url();
  options.max_retries = 0;
  const edenai::Client client(options);
  const int before = thread_count();
  edenai::CancellationToken token;
  edenai::RequestOptions call;
  call.cancellation = token;
  std::vector<std::future<edenai::ImageResponse>> futures;
  for (int i = 0; i < 24; ++i)
    futures.push_back(client.generate_async(body("thread " + std::to_string(i)), call));
  ASSERT_EQ(listener.accept_until(24), 24u);  // all 24 connected and waiting for an answer
  const int during = thread_count();
  token.cancel();
  for (auto& future : futures)
    EXPECT_THROW(future.get(), edenai::CancelledError);
  EXPECT_EQ(during - before, 1) << "threads before " << before << ", during " << during;
}

TEST(Async, ReusesConnections) {
  Server server;
  server.start();
  const edenai::Client client(options_for(server));
  for (int i = 0; i < 5; ++i)
    client.generate_async(body("again")).get();
  edenai::BatchOptions options;
  options.concurrency = 3;
  const auto results =
      client.generate_batch(std::vector<edenai::ImageGenerationBody>(15, body("pool")), options);
  for (const auto& result : results)
    ASSERT_TRUE(result.ok());
  std::set<int> sequential;
  std::set<int> all;
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 20u);
  for (std::size_t i = 0; i < requests.size(); ++i) {
    if (i < 5) sequential.insert(requests[i].remote_port);
    all.insert(requests[i].remote_port);
  }
  EXPECT_EQ(sequential.size(), 1u);  // one kept-alive connection
  EXPECT_LE(all.size(), 3u);         // no more connections than calls at once
}

TEST(Async, TimeoutsAsInTheBlockingCall) {
  Server server;
  server.set_latency(milliseconds(10'000));
  server.start();
  const edenai::Client client(options_for(server, /*max_retries=*/1));
  edenai::RequestOptions call;
  call.timeout = milliseconds(150);
  call.max_retries = 0;
  auto future = client.generate_async(body("slow"), call);
  try {
    future.get();
    FAIL() << "no error";
  } catch (const edenai::TimeoutError& e) {
    EXPECT_EQ(e.attempts(), 1);
  }
}

TEST(Async, CancelledWhileWaitingToRetry) {
  Server server;
  server.start();
  Fault wait = Fault::http(503);
  wait.headers = {{"Retry-After", "30"}};
  server.push_faults({wait});
  const edenai::Client client(options_for(server, /*max_retries=*/2));
  edenai::CancellationToken token;
  edenai::RequestOptions call;
  call.cancellation = token;
  auto future = client.generate_async(body("wait"), call);
  ASSERT_TRUE(eventually([&] { return server.generation_count() >= 1; }));
  token.cancel();
  try {
    future.get();
    FAIL() << "no error";
  } catch (const edenai::CancelledError& e) {
    EXPECT_EQ(e.attempts(), 1);
  }
  EXPECT_EQ(server.generation_count(), 1u);
}

TEST(Async, ADestroyedClientFinishesItsCallsAsCancelled) {
  Server server;
  server.set_latency(milliseconds(30'000));
  server.start();
  std::vector<std::future<edenai::ImageResponse>> futures;
  {
    const edenai::Client client(options_for(server));
    for (int i = 0; i < 3; ++i)
      futures.push_back(client.generate_async(body("orphan")));
    ASSERT_TRUE(eventually([&] { return server.generation_count() >= 3; }));
  }
  for (auto& future : futures)
    EXPECT_THROW(future.get(), edenai::CancelledError);
}

TEST(Async, LogsEachAttemptFromTheIoThread) {
  Server server;
  server.start();
  Fault busy = Fault::http(503);
  busy.headers = {{"retry-after-ms", "5"}};
  server.push_faults({busy});
  std::mutex mutex;
  std::vector<std::string> lines;
  auto options = options_for(server, 1);
  options.api_key = "sk-log-secret-987";
  options.logger = [&](edenai::LogLevel, const std::string& line) {
    std::lock_guard<std::mutex> lock(mutex);
    lines.push_back(line);
  };
  const edenai::Client client(options);
  client.generate_async(body("logged")).get();
  std::lock_guard<std::mutex> lock(mutex);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[0].find("503"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("attempt 1/2"), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find("200"), std::string::npos) << lines[1];
  for (const auto& line : lines)
    EXPECT_EQ(line.find("sk-log-secret-987"), std::string::npos);
}

TEST(Async, ACancelledAttemptIsLoggedAsInTheBlockingCall) {
  Server server;
  server.set_latency(milliseconds(30'000));
  server.start();
  std::mutex mutex;
  std::vector<std::string> lines;
  auto options = options_for(server);
  options.logger = [&](edenai::LogLevel, const std::string& line) {
    std::lock_guard<std::mutex> lock(mutex);
    lines.push_back(line);
  };
  const edenai::Client client(options);
  edenai::CancellationToken token;
  edenai::RequestOptions call;
  call.cancellation = token;
  auto future = client.generate_async(body("cut short"), call);
  ASSERT_TRUE(eventually([&] { return server.generation_count() >= 1; }));
  token.cancel();
  EXPECT_THROW(future.get(), edenai::CancelledError);
  std::lock_guard<std::mutex> lock(mutex);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("cancelled"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("attempt 1/1"), std::string::npos) << lines[0];
}

TEST(Async, ManyThreadsShareOneClient) {
  Server server;
  server.start();
  const edenai::Client client(options_for(server));
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::vector<std::future<edenai::ImageResponse>> futures;
      for (int i = 0; i < 6; ++i)
        futures.push_back(client.generate_async(body("t" + std::to_string(t))));
      edenai::BatchOptions options;
      options.concurrency = 3;
      for (const auto& result :
           client.generate_batch(std::vector<edenai::ImageGenerationBody>(6, body("b")), options)) {
        if (result.ok()) ++ok;
      }
      for (auto& future : futures)
        if (!future.get().data.empty()) ++ok;
    });
  }
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(ok.load(), 4 * 12);
  EXPECT_EQ(server.generation_count(), 48u);
}

}  // namespace
