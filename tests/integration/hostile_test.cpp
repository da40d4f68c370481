// Hostile and broken responses through real libcurl: each ends in a typed edenai::Error, with
// nothing crashed, and the client keeps working. Plus 16 threads sharing one Client for hundreds
// of calls with successes and failures mixed (also run under ThreadSanitizer in CI).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <edenai/edenai.hpp>
#include <edenai/mock/server.hpp>

#include <atomic>
#include <mutex>
#include <thread>

#include "json/base64.hpp"
#include "support/test_server.hpp"

namespace {

using edenai::testing::TestServer;

edenai::ImageGenerationBody body() {
  edenai::ImageGenerationBody b;
  b.model = "openai/gpt-image-1";
  b.prompt = "a fox";
  b.size = "8x8";
  return b;
}

edenai::Client client(const std::string& base_url) {
  edenai::ClientOptions options;
  options.api_key = "test-key";
  options.base_url = base_url;
  options.max_retries = 0;
  options.timeout = std::chrono::milliseconds(2000);
  return edenai::Client(options);
}

struct Hostile {
  const char* name;
  int status;
  std::string body;
  const char* content_type;
};

class HostileSuccess : public ::testing::TestWithParam<Hostile> {};

TEST_P(HostileSuccess, IsADecodeErrorAndTheClientCarriesOn) {
  const Hostile& hostile = GetParam();
  TestServer server;
  std::atomic<int> calls{0};
  server.post("/v3/images/generations", [&](const httplib::Request&, httplib::Response& res) {
    if (calls++ == 0) {
      res.status = hostile.status;
      res.set_content(hostile.body, hostile.content_type);
    } else {
      res.set_content(R"({"data":[]})", "application/json");
    }
  });
  server.start();
  const auto c = client(server.base_url());
  EXPECT_THROW(c.generate(body()), edenai::DecodeError) << hostile.name;
  EXPECT_NO_THROW(c.generate(body())) << hostile.name;
}

INSTANTIATE_TEST_SUITE_P(
    Responses, HostileSuccess,
    ::testing::Values(
        Hostile{"empty", 200, "", "application/json"},
        Hostile{"html", 200, "<html><body>Welcome to nginx!</body></html>", "text/html"},
        Hostile{"wrong_types", 200, R"({"data":{"b64_json":1},"cost":"free"})", "application/json"},
        Hostile{"not_an_object", 200, "[1,2,3]", "application/json"},
        Hostile{"trailing_garbage", 200, R"({"data":[]} trailing)", "application/json"},
        Hostile{"created_202", 202, "null", "application/json"}),
    [](const ::testing::TestParamInfo<Hostile>& info) { return std::string(info.param.name); });

// A paid response whose images are fine but whose metadata or encoding is odd keeps its images:
// each variant below comes back with the same bytes.
struct OddButPaid {
  const char* name;
  std::string (*body)(const std::string& b64);
};

std::string with_line_breaks(const std::string& b64, const char* separator, std::size_t every) {
  std::string out;
  for (std::size_t i = 0; i < b64.size(); i += every)
    out += b64.substr(i, every) + separator;
  return out;
}

std::string url_safe(std::string b64) {
  for (char& c : b64)
    c = c == '+' ? '-' : c == '/' ? '_' : c;
  while (!b64.empty() && b64.back() == '=')
    b64.pop_back();
  return b64;
}

class PaidResponse : public ::testing::TestWithParam<OddButPaid> {};

TEST_P(PaidResponse, KeepsItsImagesWhateverTheMetadata) {
  std::string image(3000, '\0');
  for (std::size_t i = 0; i < image.size(); ++i)
    image[i] = static_cast<char>(i * 7 + 3);  // every base64 character, '+' and '/' included
  const std::string b64 = edenai::internal::encode_base64(
      reinterpret_cast<const std::uint8_t*>(image.data()), image.size());
  const std::string text = GetParam().body(b64);  // outlives the server's handlers
  TestServer server;
  server.post("/v3/images/generations", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(text, "application/json");
  });
  server.start();
  const auto response = client(server.base_url()).generate(body());
  ASSERT_EQ(response.data.size(), 1u);
  const auto bytes = response.data[0].bytes();
  EXPECT_EQ(std::string(bytes.begin(), bytes.end()), image);
}

INSTANTIATE_TEST_SUITE_P(
    Variants, PaidResponse,
    ::testing::Values(
        OddButPaid{"cost_as_text",
                   [](const std::string& b) {
                     return R"({"cost":"0.04","data":[{"b64_json":")" + b + "\"}]}";
                   }},
        OddButPaid{"cost_out_of_range",
                   [](const std::string& b) {
                     return R"({"cost":1e400,"data":[{"b64_json":")" + b + "\"}]}";
                   }},
        OddButPaid{"created_as_float",
                   [](const std::string& b) {
                     return R"({"created":1.7e9,"data":[{"b64_json":")" + b + "\"}]}";
                   }},
        OddButPaid{"lone_surrogate",
                   [](const std::string& b) {
                     return R"({"data":[{"revised_prompt":"a \ud800 fox","b64_json":")" + b +
                            "\"}]}";
                   }},
        OddButPaid{"invalid_utf8_in_metadata",
                   [](const std::string& b) {
                     return "{\"provider\":\"op\xff\",\"data\":[{\"b64_json\":\"" + b + "\"}]}";
                   }},
        OddButPaid{"mime_lines",
                   [](const std::string& b) {
                     return R"({"data":[{"b64_json":")" + with_line_breaks(b, "\\r\\n", 76) +
                            "\"}]}";
                   }},
        OddButPaid{"spaces",
                   [](const std::string& b) {
                     return R"({"data":[{"b64_json":")" + with_line_breaks(b, " ", 4) + "\"}]}";
                   }},
        OddButPaid{"url_safe_alphabet",
                   [](const std::string& b) {
                     return R"({"data":[{"b64_json":")" + url_safe(b) + "\"}]}";
                   }},
        OddButPaid{"byte_order_mark",
                   [](const std::string& b) {
                     return "\xEF\xBB\xBF{\"data\":[{\"b64_json\":\"" + b + "\"}]}";
                   }},
        OddButPaid{"deep_usage",
                   [](const std::string& b) {
                     return R"({"usage":)" + std::string(500, '[') + std::string(500, ']') +
                            R"(,"data":[{"b64_json":")" + b + "\"}]}";
                   }}),
    [](const ::testing::TestParamInfo<OddButPaid>& info) { return std::string(info.param.name); });

TEST(HostileResponses, ASlowDripPastTheTimeoutIsATimeoutError) {
  TestServer server;
  server.post("/v3/images/generations", [](const httplib::Request&, httplib::Response& res) {
    // One byte every 100 ms, forever: each read makes progress, only the total timeout ends it.
    res.set_chunked_content_provider("application/json", [](std::size_t, httplib::DataSink& sink) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      return sink.write(" ", 1);
    });
  });
  server.start();
  edenai::ClientOptions options;
  options.api_key = "test-key";
  options.base_url = server.base_url();
  options.max_retries = 0;
  options.timeout = std::chrono::milliseconds(400);
  EXPECT_THROW(edenai::Client(options).generate(body()), edenai::TimeoutError);
}

// A listener whose accept queue is full: the kernel drops further SYNs, so connecting hangs
// until the connect timeout, without any address outside 127.0.0.1.
class FullListener {
 public:
  FullListener() {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    listen(listener_, 0);
    socklen_t length = sizeof address;
    getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    for (int& filler : fillers_) {
      filler = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
      connect(filler, reinterpret_cast<sockaddr*>(&address), sizeof address);
    }
  }
  ~FullListener() {
    for (const int filler : fillers_)
      close(filler);
    close(listener_);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  int listener_ = -1;
  int port_ = 0;
  int fillers_[4] = {};
};

TEST(Timeouts, AConnectTimeoutIsATimeoutErrorPerClientAndPerCall) {
  const FullListener listener;
  edenai::ClientOptions options;
  options.api_key = "test-key";
  options.base_url = listener.url();
  options.max_retries = 0;
  options.connect_timeout = std::chrono::milliseconds(300);
  EXPECT_THROW(edenai::Client(options).generate(body()), edenai::TimeoutError);

  options.connect_timeout = std::chrono::milliseconds(60000);
  edenai::RequestOptions call;
  call.connect_timeout = std::chrono::milliseconds(300);
  EXPECT_THROW(edenai::Client(options).generate(body(), call), edenai::TimeoutError);
}

TEST(HostileResponses, AnErrorStatusWithGarbageIsItsApiError) {
  TestServer server;
  server.post("/v3/images/generations", [](const httplib::Request&, httplib::Response& res) {
    res.status = 500;
    res.set_content(std::string("\x00\xff{{{\x01", 6), "application/octet-stream");
  });
  server.start();
  try {
    client(server.base_url()).generate(body());
    FAIL() << "expected an InternalServerError";
  } catch (const edenai::InternalServerError& e) {
    EXPECT_EQ(e.status(), 500);
  }
}

TEST(Concurrency, SixteenThreadsShareOneClientForHundredsOfMixedCalls) {
  edenai::mock::Server mock;
  mock.start();
  // Transient failures that the retries absorb, whichever thread meets them: even a call that
  // met every one of them would still succeed (max_retries is larger than the script).
  std::vector<edenai::mock::Fault> faults;
  for (int i = 0; i < 20; ++i) {
    edenai::mock::Fault busy = edenai::mock::Fault::http(503);
    busy.headers.emplace_back("retry-after-ms", "0");
    faults.push_back(busy);
    if (i % 10 == 0) faults.push_back(edenai::mock::Fault::reset());
  }
  mock.push_faults(faults);
  edenai::ClientOptions options;
  options.api_key = "test-key";
  options.base_url = mock.base_url();
  options.max_retries = static_cast<int>(faults.size());
  const edenai::Client shared(options);

  constexpr int kThreads = 16;
  constexpr int kCallsPerThread = 24;
  std::atomic<int> successes{0};
  std::atomic<int> bad_requests{0};
  std::atomic<int> not_found{0};
  std::atomic<int> unexpected{0};
  std::mutex mutex;
  std::string first_unexpected;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kCallsPerThread; ++i) {
        auto request = body();
        request.prompt = "thread " + std::to_string(t) + " call " + std::to_string(i);
        if (i % 3 == 1) request.size = "banana";        // 400
        if (i % 3 == 2) request.model = "no-provider";  // 404
        try {
          const auto response = shared.generate(request);
          if (response.data.size() == 1 && response.data[0].bytes().size() > 8) ++successes;
        } catch (const edenai::BadRequestError&) {
          ++bad_requests;
        } catch (const edenai::NotFoundError&) {
          ++not_found;
        } catch (const std::exception& e) {
          ++unexpected;
          std::lock_guard<std::mutex> lock(mutex);
          if (first_unexpected.empty()) first_unexpected = e.what();
        }
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  constexpr int kCalls = kThreads * kCallsPerThread;
  EXPECT_EQ(unexpected.load(), 0) << first_unexpected;
  EXPECT_EQ(successes.load(), kCalls / 3);
  EXPECT_EQ(bad_requests.load(), kCalls / 3);
  EXPECT_EQ(not_found.load(), kCalls / 3);
  EXPECT_EQ(mock.generation_count(), static_cast<std::size_t>(kCalls) + faults.size());
}

}  // namespace
