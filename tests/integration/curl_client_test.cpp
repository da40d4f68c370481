// Real libcurl against a cpp-httplib server on 127.0.0.1 (OS-chosen port): statuses and their
// types, 422 details, the exact wire request, gzip, connection reuse, timeouts, downloads.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <atomic>
#include <cctype>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "edenai/edenai.hpp"
#include "support/raw_capture.hpp"
#include "support/test_server.hpp"

namespace edenai {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::RawCapture;
using testing::TestServer;

constexpr const char* kKey = "sk-eden-integration-KEY-42";
constexpr const char* kPath = "/v3/images/generations";
constexpr const char* kPng = "iVBORw0KGgo=";  // the 8-byte PNG signature

ImageGenerationBody body() {
  ImageGenerationBody b;
  b.model = "openai/gpt-image-1";
  b.prompt = "a paper boat";
  return b;
}

Client client_for(const TestServer& server, int max_retries = 0) {
  ClientOptions options;
  options.api_key = kKey;
  options.base_url = server.base_url();
  options.max_retries = max_retries;
  return Client(options);
}

std::string gzip(const std::string& text) {
  z_stream stream{};
  deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&stream, text.size()) + 32, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = static_cast<uInt>(text.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

struct StatusCase {
  int status;
  const char* body;
  const char* content_type;
  const char* message;  // what() must contain this
};

class StatusMapping : public ::testing::TestWithParam<StatusCase> {};

template <typename E>
bool is(const ApiError& e) {
  return dynamic_cast<const E*>(&e) != nullptr;
}

bool has_expected_type(int status, const ApiError& e) {
  switch (status) {
    case 400:
      return is<BadRequestError>(e);
    case 401:
      return is<AuthenticationError>(e);
    case 402:
      return is<InsufficientCreditsError>(e);
    case 403:
      return is<PermissionDeniedError>(e);
    case 404:
      return is<NotFoundError>(e);
    case 409:
      return is<ConflictError>(e);
    case 422:
      return is<UnprocessableEntityError>(e);
    case 429:
      return is<RateLimitError>(e);
    default:
      return status >= 500 ? is<InternalServerError>(e) : typeid(e) == typeid(ApiError);
  }
}

TEST_P(StatusMapping, EachStatusBecomesItsType) {
  const StatusCase c = GetParam();
  TestServer server;
  server.post(kPath, [&](const httplib::Request&, httplib::Response& res) {
    res.status = c.status;
    res.set_header("x-request-id", "req-abc");
    res.set_content(c.body, c.content_type);
  });
  server.start();
  try {
    client_for(server).generate(body());
    FAIL() << "no exception for " << c.status;
  } catch (const ApiError& e) {
    EXPECT_EQ(e.status(), c.status);
    EXPECT_TRUE(has_expected_type(c.status, e)) << typeid(e).name();
    EXPECT_EQ(e.request_id(), "req-abc");
    EXPECT_EQ(e.body(), c.body);
    EXPECT_THAT(e.what(), HasSubstr("HTTP " + std::to_string(c.status)));
    EXPECT_THAT(e.what(), HasSubstr(c.message));
  }
}

INSTANTIATE_TEST_SUITE_P(
    ApiNotesShapes, StatusMapping,
    ::testing::Values(
        StatusCase{
            400,
            R"({"error":{"message":"Invalid tags","type":"invalid_request_error","param":"tags","code":null}})",
            "application/json", "Invalid tags"},
        StatusCase{401, R"({"detail":"Invalid authentication credentials"})", "application/json",
                   "Invalid authentication credentials"},
        StatusCase{402, R"({"error":"Insufficient credits"})", "application/json",
                   "Insufficient credits"},
        StatusCase{402, R"({"detail":"Insufficient credits"})", "application/json",
                   "Insufficient credits"},
        StatusCase{403, R"({"detail":"Model not allowed"})", "application/json",
                   "Model not allowed"},
        StatusCase{404, R"({"detail":"Not Found"})", "application/json", "Not Found"},
        StatusCase{409, R"({"detail":"Conflict"})", "application/json", "Conflict"},
        StatusCase{413, "Request Entity Too Large", "text/plain", "Request Entity Too Large"},
        StatusCase{
            422,
            R"({"detail":[{"loc":["body","n"],"msg":"Input should be less than or equal to 10","type":"less_than_equal"}]})",
            "application/json", "body.n: Input should be less than or equal to 10"},
        StatusCase{429, R"({"detail":"Rate limit exceeded"})", "application/json",
                   "Rate limit exceeded"},
        StatusCase{500, R"({"error":{"message":"provider failed"}})", "application/json",
                   "provider failed"},
        StatusCase{502, "<html><head><title>502 Bad Gateway</title></head></html>", "text/html",
                   "502 Bad Gateway"},
        StatusCase{503, "", "text/plain", "Service Unavailable"},
        StatusCase{418, "teapot", "text/plain", "teapot"}),
    [](const ::testing::TestParamInfo<StatusCase>& info) {
      return "Status" + std::to_string(info.param.status) + "_" + std::to_string(info.index);
    });

TEST(CurlClient, ParsesValidationDetails) {
  TestServer server;
  server.post(kPath, [](const httplib::Request&, httplib::Response& res) {
    res.status = 422;
    res.set_content(
        R"({"detail":[{"loc":["body","n"],"msg":"Input should be less than or equal to 10",)"
        R"("type":"less_than_equal","input":11,"ctx":{"le":10}},{"loc":["body","extra_headers",)"
        R"("Authorization"],"msg":"credential header","type":"value_error"},)"
        R"({"loc":["body","tags",3],"msg":"bad tag","type":"string_pattern_mismatch"}]})",
        "application/json");
  });
  server.start();
  try {
    client_for(server).generate(body());
    FAIL();
  } catch (const UnprocessableEntityError& e) {
    const auto& detail = e.validation().detail;
    ASSERT_EQ(detail.size(), 3u);
    EXPECT_EQ(format_location(detail[0].loc), "body.n");
    EXPECT_EQ(detail[0].type, "less_than_equal");
    EXPECT_EQ(detail[1].msg, "credential header");
    EXPECT_EQ(std::get<std::int64_t>(detail[2].loc[2]), 3);
  }
}

TEST(CurlClient, SendsExactlyTheSpecifiedRequest) {
  TestServer server;
  server.post(kPath, [](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(R"({"created":1,"data":[{"b64_json":")") + kPng + R"("}]})",
                    "application/json");
  });
  server.start();
  auto b = body();
  b.n = 2;
  b.size = "1024x1024";
  b.metadata = nlohmann::json{{"order", 17}};
  b.extra_headers = std::map<std::string, std::string>{{"X-Provider-Flag", "on"}};
  b.extra = nlohmann::json{{"background", "transparent"}};
  RequestOptions options;
  options.headers = {{"X-Trace", "t-77"}};
  const ImageResponse r = client_for(server).generate(b, options);
  ASSERT_EQ(r.data.size(), 1u);
  EXPECT_EQ(r.data[0].bytes().size(), 8u);

  const auto seen = server.seen();
  ASSERT_EQ(seen.size(), 1u);
  const auto& req = seen[0];
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.path, kPath);
  // Every header, exactly: nothing duplicated, nothing extra (extra_headers travel in the body).
  std::multimap<std::string, std::string> headers;
  for (const auto& [name, value] : req.headers) {
    std::string lower = name;
    for (char& c : lower)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    headers.emplace(lower, value);
  }
  EXPECT_THAT(headers.count("accept-encoding") == 1 ? headers.find("accept-encoding")->second : "",
              HasSubstr("gzip"));
  EXPECT_EQ(headers.count("host"), 1u);
  EXPECT_EQ(headers.count("content-length"), 1u);
  for (const char* not_ours : {"accept-encoding", "host", "content-length",
                               // cpp-httplib's own entries, not sent by the client
                               "local_addr", "local_port", "remote_addr", "remote_port"}) {
    headers.erase(not_ours);
  }
  const std::multimap<std::string, std::string> expected = {
      {"authorization", std::string("Bearer ") + kKey},
      {"content-type", "application/json"},
      {"accept", "application/json"},
      {"user-agent", std::string("edenai-cpp/") + version()},
      {"x-trace", "t-77"}};
  EXPECT_EQ(headers, expected);
  EXPECT_EQ(nlohmann::json::parse(req.body),
            nlohmann::json({{"model", "openai/gpt-image-1"},
                            {"prompt", "a paper boat"},
                            {"n", 2},
                            {"size", "1024x1024"},
                            {"metadata", {{"order", 17}}},
                            {"extra_headers", {{"X-Provider-Flag", "on"}}},
                            {"background", "transparent"}}));
  EXPECT_THAT(req.body, Not(HasSubstr("null")));
}

TEST(CurlClient, SendsHeadersWithEmptyValues) {
  // libcurl drops a header given as "Name:"; the transport must send it as "Name;".
  // cpp-httplib ignores empty values, so the raw bytes are inspected.
  RawCapture capture(
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n"
      "Connection: close\r\n\r\n{\"data\":[]}");
  ClientOptions options;
  options.api_key = kKey;
  options.base_url = capture.base_url();
  options.max_retries = 0;
  RequestOptions call;
  call.headers = {{"X-Empty", ""}};
  EXPECT_NO_THROW(Client(options).generate(body(), call));
  EXPECT_THAT(capture.request(), HasSubstr("\r\nX-Empty:\r\n"));
}

// Accept-Encoding goes out in the header list (libcurl would format it anew per request), once,
// and a caller's own replaces it; a caller's encoding is then not offered twice.
TEST(CurlClient, OffersGzipOnceAndACallersAcceptEncodingReplacesIt) {
  const auto lines_of = [](const std::string& request, const std::string& name) {
    std::vector<std::string> found;
    std::size_t at = 0;
    while ((at = request.find("\r\n" + name + ":", at)) != std::string::npos) {
      at += 2;
      found.push_back(request.substr(at, request.find("\r\n", at) - at));
    }
    return found;
  };
  const std::string answer =
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n"
      "Connection: close\r\n\r\n{\"data\":[]}";
  for (const bool own : {false, true}) {
    RawCapture capture(answer);
    ClientOptions options;
    options.api_key = kKey;
    options.base_url = capture.base_url();
    options.max_retries = 0;
    RequestOptions call;
    if (own) call.headers = {{"accept-encoding", "identity"}};
    EXPECT_NO_THROW(Client(options).generate(body(), call));
    EXPECT_THAT(
        lines_of(capture.request(), own ? "accept-encoding" : "Accept-Encoding"),
        ::testing::ElementsAre(own ? "accept-encoding: identity" : "Accept-Encoding: gzip"));
    EXPECT_THAT(capture.request(), Not(HasSubstr(own ? "Accept-Encoding" : "accept-encoding")));
  }
}

// Data the server's handlers use is declared before the server, so it outlives the server's
// threads: the socket is the only synchronisation otherwise, which ThreadSanitizer cannot see.
TEST(CurlClient, AcceptsGzippedResponses) {
  const std::string json = std::string(R"({"provider":"openai","data":[{"b64_json":")") + kPng +
                           R"("}],"padding":")" + std::string(20000, 'x') + "\"}";
  std::string accept_encoding;
  TestServer server;
  server.post(kPath, [&](const httplib::Request& req, httplib::Response& res) {
    accept_encoding = req.get_header_value("Accept-Encoding");
    res.set_header("Content-Encoding", "gzip");
    res.set_content(gzip(json), "application/json");
  });
  server.start();
  const ImageResponse r = client_for(server).generate(body());
  server.stop();  // joins the handler's thread before its write is read
  EXPECT_THAT(accept_encoding, HasSubstr("gzip"));
  EXPECT_EQ(r.provider, "openai");
  EXPECT_EQ(r.extra["padding"].get<std::string>().size(), 20000u);
}

TEST(CurlClient, SequentialCallsReuseOneConnection) {
  TestServer server;
  server.post(kPath, [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"data":[]})", "application/json");
  });
  server.start();
  const Client client = client_for(server);
  for (int i = 0; i < 4; ++i)
    client.generate(body());
  std::set<int> ports;
  for (const auto& req : server.seen())
    ports.insert(req.remote_port);
  EXPECT_EQ(server.seen().size(), 4u);
  EXPECT_EQ(ports.size(), 1u) << "each call opened a new connection";
}

TEST(CurlClient, OneClientServesManyThreads) {
  TestServer server;
  std::atomic<int> calls{0};
  server.post(kPath, [&](const httplib::Request& req, httplib::Response& res) {
    ++calls;
    const auto prompt = nlohmann::json::parse(req.body)["prompt"].get<std::string>();
    res.set_content(
        nlohmann::json({{"provider", prompt}, {"data", nlohmann::json::array()}}).dump(),
        "application/json");
  });
  server.start();
  const Client client = client_for(server);
  std::vector<std::thread> threads;
  std::atomic<int> correct{0};
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        auto b = body();
        b.prompt = "p" + std::to_string(t) + "-" + std::to_string(i);
        if (client.generate(b).provider == b.prompt) ++correct;
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(correct.load(), 60);
  EXPECT_EQ(calls.load(), 60);
}

TEST(CurlClient, RetriesAServerErrorThenSucceeds) {
  TestServer server;
  std::atomic<int> calls{0};
  server.post(kPath, [&](const httplib::Request&, httplib::Response& res) {
    if (calls++ == 0) {
      res.status = 503;
      res.set_header("retry-after-ms", "0");
      return;
    }
    res.set_content(R"({"data":[]})", "application/json");
  });
  server.start();
  EXPECT_NO_THROW(client_for(server, 2).generate(body()));
  EXPECT_EQ(calls.load(), 2);
}

TEST(CurlClient, RefusedConnectionIsAConnectionError) {
  int port = 0;
  {
    TestServer closed;  // started then stopped: nothing listens on that port afterwards
    closed.start();
    port = closed.port();
  }
  ClientOptions options;
  options.api_key = kKey;
  options.base_url = "http://127.0.0.1:" + std::to_string(port);
  options.max_retries = 0;
  options.timeout = std::chrono::seconds(10);
  try {
    Client(options).generate(body());
    FAIL();
  } catch (const TimeoutError&) {
    FAIL() << "a refused connection is not a timeout";
  } catch (const ConnectionError& e) {
    EXPECT_TRUE(e.retryable()) << "a refused connection may succeed on another attempt";
  }
}

TEST(CurlClient, SlowServerIsATimeoutError) {
  TestServer server;
  server.post(kPath, [](const httplib::Request&, httplib::Response& res) {
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    res.set_content("{}", "application/json");
  });
  server.start();
  RequestOptions options;
  options.timeout = std::chrono::milliseconds(100);
  EXPECT_THROW(client_for(server).generate(body(), options), TimeoutError);
}

TEST(CurlClient, TruncatedBodyIsAConnectionError) {
  TestServer server;
  server.post(kPath, [](const httplib::Request&, httplib::Response& res) {
    // Announces 1000 bytes, sends 10, then the handler returns and the connection closes.
    res.set_content_provider(1000, "application/json",
                             [](size_t offset, size_t, httplib::DataSink& sink) {
                               if (offset == 0) sink.write("{\"data\":[ ", 10);
                               return false;
                             });
  });
  server.start();
  EXPECT_THROW(client_for(server).generate(body()), ConnectionError);
}

TEST(CurlClient, OversizedResponsesStopAtTheLimitAndAreNotRetried) {
  const std::string big = R"({"data":[],"pad":")" + std::string(200'000, 'x') + "\"}";
  TestServer server;
  server.post(kPath, [&](const httplib::Request& req, httplib::Response& res) {
    if (req.get_header_value("X-Mode") == "gzip") {
      res.set_header("Content-Encoding", "gzip");
      res.set_content(gzip(big), "application/json");  // ~1 KB on the wire, 200 KB inflated
    } else {
      res.set_content(big, "application/json");
    }
  });
  server.start();
  ClientOptions options;
  options.api_key = kKey;
  options.base_url = server.base_url();
  options.max_response_bytes = 100'000;
  const Client client(options);  // max_retries stays at its default of 2
  for (const char* mode : {"plain", "gzip"}) {
    RequestOptions call;
    call.headers = {{"X-Mode", mode}};
    try {
      client.generate(body(), call);
      FAIL() << mode;
    } catch (const ResponseTooLargeError& e) {
      EXPECT_THAT(e.what(), HasSubstr("100000 bytes")) << mode;
    }
  }
  EXPECT_EQ(server.seen().size(), 2u) << "an oversized response was retried";
  options.max_response_bytes = 300'000;
  EXPECT_NO_THROW(Client(options).generate(body()));
}

TEST(CurlTransport, TellsTransientFailuresFromPermanentOnes) {
  int port = 0;
  {
    TestServer closed;
    closed.start();
    port = closed.port();
  }
  const auto transport = make_curl_transport();
  const auto failure = [&](const std::string& url) {
    HttpRequest request;
    request.url = url;
    request.timeout = std::chrono::seconds(10);
    try {
      transport->send(request);
    } catch (const ConnectionError& e) {
      return std::make_pair(true, e.retryable());
    }
    return std::make_pair(false, false);
  };
  EXPECT_EQ(failure("http://127.0.0.1:" + std::to_string(port) + "/"), std::make_pair(true, true))
      << "a refused connection may succeed later";
  EXPECT_EQ(failure("http://127.0.0.1:99999/"), std::make_pair(true, false)) << "bad port";
  EXPECT_EQ(failure("gopher://127.0.0.1/"), std::make_pair(true, false)) << "protocol";
}

TEST(CurlClient, MalformedSuccessIsADecodeError) {
  TestServer server;
  server.post(kPath, [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"data":[{"url":42}]})", "application/json");
  });
  server.start();
  try {
    client_for(server).generate(body());
    FAIL();
  } catch (const DecodeError& e) {
    EXPECT_THAT(e.what(), HasSubstr("$.data[0].url"));
  }
}

TEST(CurlClient, DownloadNeverSendsTheKeyToTheImageHost) {
  TestServer images;
  images.get("/old.png",
             [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/img.png"); });
  images.get("/img.png", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string("\x89PNG\r\n\x1a\n", 8), "image/png");
  });
  images.start();
  ClientOptions options;
  options.api_key = kKey;
  options.base_url = images.base_url();  // even the API's own host gets no key on a download
  options.default_headers = {{"X-Team", "blue"}};
  ImageDataItem item;
  item.url = images.base_url() + "/old.png";
  const auto bytes = Client(options).download(item);
  EXPECT_EQ(bytes.size(), 8u);
  EXPECT_EQ(bytes[1], 'P');
  const auto seen = images.seen();
  ASSERT_EQ(seen.size(), 2u);
  for (const auto& req : seen) {
    EXPECT_EQ(req.headers.count("Authorization"), 0u) << req.path;
    EXPECT_EQ(req.headers.count("X-Team"), 0u) << req.path;
    for (const auto& [name, value] : req.headers)
      EXPECT_THAT(value, Not(HasSubstr(kKey)));
  }
}

TEST(CurlClient, DownloadErrorsAreTyped) {
  TestServer images;
  images.get("/gone.png", [](const httplib::Request&, httplib::Response& res) {
    res.status = 404;
    res.set_content("expired", "text/plain");
  });
  images.start();
  ImageDataItem item;
  item.url = images.base_url() + "/gone.png";
  EXPECT_THROW(client_for(images).download(item), NotFoundError);
}

}  // namespace
}  // namespace edenai
