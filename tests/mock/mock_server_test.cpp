// The mock server over real sockets: through the SDK (as an application's tests would use it)
// and through a raw HTTP client where the SDK's own checks would stop a request first.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <edenai/edenai.hpp>
#include <edenai/mock/server.hpp>

#include <chrono>
#include <ctime>
#include <string>
#include <thread>

#include "support/png_reader.hpp"

namespace {

using edenai::mock::Fault;
using edenai::mock::Server;
using edenai::mock::ServerOptions;
using nlohmann::json;

edenai::testing::PngImage decode_png(const std::vector<std::uint8_t>& bytes) {
  return edenai::testing::read_png(std::string(bytes.begin(), bytes.end()));
}

edenai::Client client_for(const Server& server, int max_retries = 0,
                          const std::string& key = "test-key") {
  edenai::ClientOptions options;
  options.api_key = key;
  options.base_url = server.base_url();
  options.max_retries = max_retries;
  return edenai::Client(options);
}

edenai::ImageGenerationBody body(const std::string& prompt, int n = 1,
                                 const std::string& model = "openai/gpt-image-1") {
  edenai::ImageGenerationBody b;
  b.model = model;
  b.prompt = prompt;
  b.n = n;
  b.size = "256x256";
  return b;
}

// A raw POST with a Bearer token, for bodies the SDK would refuse to send.
httplib::Result raw_post(const Server& server, const std::string& payload,
                         const std::string& token = "test-key") {
  httplib::Client http("127.0.0.1", server.port());
  httplib::Headers headers;
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  return http.Post("/v3/images/generations", headers, payload, "application/json");
}

class MockServer : public ::testing::Test {
 protected:
  void SetUp() override { server.start(); }
  Server server;
};

TEST_F(MockServer, GptImageModelsReturnDecodablePngsInline) {
  const auto response = client_for(server).generate(body("a lighthouse at dawn", 2));
  ASSERT_EQ(response.data.size(), 2u);
  for (const auto& item : response.data) {
    ASSERT_TRUE(item.b64_json);
    EXPECT_FALSE(item.url);
    const auto png = decode_png(item.bytes());
    EXPECT_EQ(png.width, 256);
    EXPECT_EQ(png.height, 256);
  }
  EXPECT_NE(response.data[0].b64_json, response.data[1].b64_json);
  EXPECT_EQ(response.provider, "openai");
  ASSERT_TRUE(response.cost);
  EXPECT_GT(*response.cost, 0.0);
  ASSERT_TRUE(response.usage);
  EXPECT_GT((*response.usage)["output_tokens"].get<int>(), 0);
  EXPECT_EQ(response.extra["output_format"], "png");
  EXPECT_EQ(response.extra["size"], "256x256");
  ASSERT_TRUE(response.created);
  EXPECT_LE(std::abs(*response.created - static_cast<std::int64_t>(std::time(nullptr))), 60);
}

TEST_F(MockServer, ImagesAreDeterministicForAPrompt) {
  const auto client = client_for(server);
  const auto first = client.generate(body("a red fox in the snow"));
  const auto again = client.generate(body("a red fox in the snow"));
  const auto other = client.generate(body("a blue whale at night"));
  EXPECT_EQ(first.data[0].b64_json, again.data[0].b64_json);
  EXPECT_NE(first.data[0].b64_json, other.data[0].b64_json);
  EXPECT_EQ(first.data[0].bytes(), [] {
    const std::string png = edenai::mock::render_png("a red fox in the snow", 0, 256, 256);
    return std::vector<std::uint8_t>(png.begin(), png.end());
  }());
}

TEST_F(MockServer, OtherProvidersReturnUrlsTheMockServes) {
  const auto client = client_for(server);
  const auto response = client.generate(body("a castle", 2, "google/imagen-4.0-generate-001"));
  ASSERT_EQ(response.data.size(), 2u);
  EXPECT_EQ(response.provider, "google");
  EXPECT_FALSE(response.usage);
  for (const auto& item : response.data) {
    ASSERT_TRUE(item.url);
    EXPECT_FALSE(item.b64_json);
    EXPECT_EQ(item.url->rfind(server.base_url() + "/", 0), 0u) << *item.url;
    const auto png = decode_png(client.download(item));
    EXPECT_EQ(png.width, 256);
  }
  // Image requests need no key, like a provider's pre-signed URL.
  const auto requests = server.requests();
  EXPECT_FALSE(requests.back().header("Authorization"));
}

TEST_F(MockServer, SizesMapAsDocumented) {
  const auto client = client_for(server);
  auto request = body("a wide valley");
  request.size = "16:9";
  const auto wide = client.generate(request);
  EXPECT_EQ(wide.extra["size"], "1344x768");
  EXPECT_EQ(decode_png(wide.data[0].bytes()).width, 1344);
  request.size.reset();
  EXPECT_EQ(client.generate(request).extra["size"], "1024x1024");
  request.size = "auto";
  EXPECT_EQ(client.generate(request).extra["size"], "1024x1024");
}

TEST_F(MockServer, ASizeItCannotHonourIsAnOpenAiStyle400) {
  auto request = body("a fox");
  request.size = "99999x2";
  try {
    client_for(server).generate(request);
    FAIL() << "expected a BadRequestError";
  } catch (const edenai::BadRequestError& e) {
    const json error = json::parse(e.body())["error"];
    EXPECT_EQ(error["param"], "size");
    EXPECT_EQ(error["type"], "invalid_request_error");
    EXPECT_NE(std::string(e.what()).find("99999x2"), std::string::npos);
  }
}

TEST_F(MockServer, ModelsWithoutAProviderPrefixAreNotFound) {
  EXPECT_THROW(client_for(server).generate(body("a fox", 1, "gpt-image-1")), edenai::NotFoundError);
}

TEST(MockServerAuth, AWrongOrMissingKeyIs401WithEdensBody) {
  ServerOptions options;
  options.api_key = "the-right-key";
  Server server(options);
  server.start();
  try {
    client_for(server, 0, "a-wrong-key").generate(body("a fox"));
    FAIL() << "expected an AuthenticationError";
  } catch (const edenai::AuthenticationError& e) {
    EXPECT_EQ(json::parse(e.body()), json({{"detail", "Invalid authentication credentials"}}));
  }
  EXPECT_EQ(raw_post(server, R"({"model":"a/b","prompt":"x"})", "")->status, 401);
  EXPECT_EQ(client_for(server, 0, "the-right-key").generate(body("a fox")).data.size(), 1u);
}

TEST_F(MockServer, AnyNonEmptyTokenIsAcceptedWithoutAConfiguredKey) {
  EXPECT_EQ(raw_post(server, R"({"model":"a/b","prompt":"x","size":"8x8"})", "anything")->status,
            200);
  EXPECT_EQ(raw_post(server, R"({"model":"a/b","prompt":"x"})", "")->status, 401);
}

TEST_F(MockServer, ValidationErrorsAre422InFastApisShape) {
  const auto result = raw_post(server, R"({"prompt":"","n":11})");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 422);
  EXPECT_EQ(result->get_header_value("Content-Type"), "application/json");
  const json detail = json::parse(result->body)["detail"];
  ASSERT_EQ(detail.size(), 3u);
  EXPECT_EQ(detail[0]["type"], "missing");
  EXPECT_EQ(detail[1]["type"], "string_too_short");
  EXPECT_EQ(detail[2]["loc"], json({"body", "n"}));
  EXPECT_EQ(detail[2]["type"], "less_than_equal");
  EXPECT_EQ(raw_post(server, "not json")->status, 422);
}

TEST(MockServerAuth, BodiesThatAreNotJsonAre422EvenWithoutAKey) {
  // FastAPI decodes the body before the auth dependency runs; fields are validated after it.
  ServerOptions options;
  options.api_key = "the-right-key";
  Server server(options);
  server.start();
  EXPECT_EQ(raw_post(server, "{oops", "")->status, 422);
  EXPECT_EQ(raw_post(server, R"({"n":99})", "")->status, 401);
  EXPECT_EQ(raw_post(server, R"({"n":99})", "the-right-key")->status, 422);
}

TEST_F(MockServer, TheBearerSchemeIsCaseInsensitive) {
  httplib::Client http("127.0.0.1", server.port());
  const auto result = http.Post("/v3/images/generations", {{"Authorization", "bearer k"}},
                                R"({"model":"a/b","prompt":"x","size":"8x8"})", "application/json");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
}

TEST_F(MockServer, TheEndpointAnswers405ToOtherMethods) {
  httplib::Client http("127.0.0.1", server.port());
  const auto result = http.Get("/v3/images/generations");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 405);
  EXPECT_EQ(json::parse(result->body)["detail"], "Method Not Allowed");
}

TEST_F(MockServer, DeeplyNestedBodiesAreRefusedAndTheServerLives) {
  const std::string deep =
      R"({"prompt":"x","a":)" + std::string(100000, '[') + std::string(100000, ']') + "}";
  const auto result = raw_post(server, deep);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 422);
  EXPECT_EQ(json::parse(result->body)["detail"][0]["type"], "json_invalid");
  EXPECT_EQ(client_for(server).generate(body("still alive")).data.size(), 1u);
}

TEST_F(MockServer, ResponsesAreBoundedInPixels) {
  auto request = body("a huge fox", 10);
  request.size = "4096x4096";
  try {
    client_for(server).generate(request);
    FAIL() << "expected a BadRequestError";
  } catch (const edenai::BadRequestError& e) {
    EXPECT_EQ(json::parse(e.body())["error"]["param"], "size");
  }
}

TEST_F(MockServer, AScriptedEmptyBodyArrivesEmpty) {
  Fault empty = Fault::http(503);
  empty.body = "";
  empty.content_type = "text/plain";
  server.push_faults({empty});
  const auto result = raw_post(server, R"({"model":"a/b","prompt":"x"})");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 503);
  EXPECT_EQ(result->body, "");
}

TEST_F(MockServer, AScripted422IsParsedByTheSdk) {
  server.push_faults({Fault::http(422)});
  try {
    client_for(server).generate(body("a fox"));
    FAIL() << "expected an UnprocessableEntityError";
  } catch (const edenai::UnprocessableEntityError& e) {
    ASSERT_EQ(e.validation().detail.size(), 1u);
    EXPECT_EQ(e.validation().detail[0].type, "value_error");
  }
}

TEST_F(MockServer, ScriptedFaultsAreRetriedByTheSdkThenSucceed) {
  Fault server_error = Fault::http(500);
  server_error.headers.emplace_back("retry-after-ms", "0");  // no real backoff in a test
  server.push_faults({Fault::rate_limited(0), server_error});
  const auto response = client_for(server, 2).generate(body("a fox"));
  EXPECT_EQ(response.data.size(), 1u);
  EXPECT_EQ(server.generation_count(), 3u);
}

TEST_F(MockServer, ARetryAfterBeyondAMinuteEndsTheRetriesWithTheDelayOnTheError) {
  server.push_faults({Fault::rate_limited(120)});
  try {
    client_for(server, 2).generate(body("a fox"));
    FAIL() << "expected a RateLimitError";
  } catch (const edenai::RateLimitError& e) {
    EXPECT_EQ(e.attempts(), 1);
    EXPECT_EQ(e.retry_after(), std::chrono::seconds(120));
  }
  EXPECT_EQ(server.generation_count(), 1u);
}

TEST_F(MockServer, EachErrorShapeMapsToItsSdkError) {
  const auto client = client_for(server);
  server.push_faults({Fault::http(402), Fault::http(403), Fault::http(404), Fault::html(502),
                      Fault::rate_limited(7)});
  try {
    client.generate(body("a fox"));
    FAIL();
  } catch (const edenai::InsufficientCreditsError& e) {
    EXPECT_NE(std::string(e.what()).find("Insufficient credits"), std::string::npos);
  }
  EXPECT_THROW(client.generate(body("a fox")), edenai::PermissionDeniedError);
  EXPECT_THROW(client.generate(body("a fox")), edenai::NotFoundError);
  try {
    client.generate(body("a fox"));
    FAIL();
  } catch (const edenai::InternalServerError& e) {
    EXPECT_EQ(e.status(), 502);
    EXPECT_NE(e.body().find("<html>"), std::string::npos);
  }
  EXPECT_THROW(client.generate(body("a fox")), edenai::RateLimitError);
  EXPECT_EQ(client.generate(body("a fox")).data.size(), 1u);  // the script is used up
}

TEST_F(MockServer, SuccessesAreSentUncompressedEvenWhenGzipIsAccepted) {
  httplib::Client http("127.0.0.1", server.port());
  http.set_decompress(false);
  const httplib::Headers headers = {{"Authorization", "Bearer k"}, {"Accept-Encoding", "gzip"}};
  const auto ok = http.Post("/v3/images/generations", headers,
                            R"({"model":"a/b","prompt":"x","size":"8x8"})", "application/json");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_FALSE(ok->has_header("Content-Encoding"));
  EXPECT_EQ(json::parse(ok->body)["provider"], "a");
}

TEST_F(MockServer, RateLimitFaultsCarryRetryAfter) {
  server.push_faults(Fault::parse_list("429:retry-after=3"));
  const auto result = raw_post(server, R"({"model":"a/b","prompt":"x"})");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 429);
  EXPECT_EQ(result->get_header_value("Retry-After"), "3");
}

TEST_F(MockServer, ResetAndTruncationAreConnectionErrors) {
  const auto client = client_for(server);
  server.push_faults({Fault::reset(), Fault::truncated()});
  EXPECT_THROW(client.generate(body("a fox")), edenai::ConnectionError);
  try {
    client.generate(body("a fox"));
    FAIL() << "expected a ConnectionError";
  } catch (const edenai::ConnectionError& e) {
    // A 200 cut short: the generation was produced and billed, so it is not bought again.
    EXPECT_FALSE(e.retryable());
    EXPECT_EQ(e.delivery(), edenai::Delivery::answered);
    EXPECT_TRUE(e.may_have_been_billed());
  }
  EXPECT_EQ(client.generate(body("a fox")).data.size(), 1u);
}

TEST_F(MockServer, ResetIsRetriedByTheSdk) {
  server.push_faults({Fault::reset()});
  // The first retry waits the SDK's backoff (0.5 s at most); one retry keeps the test short.
  EXPECT_EQ(client_for(server, 1).generate(body("a fox")).data.size(), 1u);
  EXPECT_EQ(server.generation_count(), 2u);
}

TEST_F(MockServer, LatencyLongerThanTheClientsTimeoutIsATimeout) {
  server.set_latency(std::chrono::milliseconds(2000));
  edenai::RequestOptions options;
  options.timeout = std::chrono::milliseconds(100);
  EXPECT_THROW(client_for(server).generate(body("a fox"), options), edenai::TimeoutError);
  server.set_latency(std::chrono::milliseconds(0));
  // stop() does not wait out the latency of the request still being answered.
}

TEST_F(MockServer, RecordsWhatItReceives) {
  client_for(server).generate(body("a recorded fox"));
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].path, "/v3/images/generations");
  EXPECT_EQ(requests[0].header("authorization"), "Bearer test-key");
  EXPECT_FALSE(requests[0].header("REMOTE_ADDR"));
  EXPECT_EQ(json::parse(requests[0].body)["prompt"], "a recorded fox");
}

TEST_F(MockServer, UnknownPathsAndExpiredImagesAre404) {
  httplib::Client http("127.0.0.1", server.port());
  const auto unknown = http.Get("/v3/nothing-here");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
  EXPECT_EQ(json::parse(unknown->body)["detail"], "Not Found");
  const auto image = http.Get("/v3/mock-images/0123456789abcdef-0-64x64.png");
  ASSERT_TRUE(image);
  EXPECT_EQ(image->status, 404);
}

TEST(MockServerOptions, BindsTheRequestedPortAndHost) {
  Server first;  // takes a free port, which is then requested explicitly by a second server
  const int port = first.port();
  first.stop();
  ServerOptions options;
  options.port = port;
  Server second(options);
  EXPECT_EQ(second.port(), port);
  EXPECT_EQ(second.base_url(), "http://127.0.0.1:" + std::to_string(port));
  ServerOptions taken;
  taken.port = port;
  EXPECT_THROW(Server{taken}, std::runtime_error);
}

}  // namespace

namespace socket_checks {

// A non-blocking TCP connection to 127.0.0.1:`port`, in progress.
int start_connect(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  (void)::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  return fd;
}

int local_port(int fd, bool peer) {
  sockaddr_in address{};
  socklen_t length = sizeof address;
  const int rc = peer ? ::getpeername(fd, reinterpret_cast<sockaddr*>(&address), &length)
                      : ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  return rc == 0 && address.sin_family == AF_INET ? ntohs(address.sin_port) : -1;
}

}  // namespace socket_checks

// httplib listens with a backlog of 5; the mock raises it, or a client opening many connections
// at once sees SYNs dropped and retried a second later (this made the concurrency benchmark
// take 1.75 s instead of 1.0 s). Nothing accepts here: every connection must fit in the queue.
TEST(MockServerSockets, ManyConnectionsAtOnceFitInTheAcceptQueue) {
  Server server;  // bound and listening, not serving
  std::vector<pollfd> fds;
  fds.reserve(32);
  for (int i = 0; i < 32; ++i)
    fds.push_back({socket_checks::start_connect(server.port()), POLLOUT, 0});
  // Each connection completes at once or never (a dropped SYN is retried only after a second,
  // and dropped again); the 3 s bound only keeps a failure from hanging.
  int connected = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (!fds.empty() && std::chrono::steady_clock::now() < deadline) {
    if (::poll(fds.data(), fds.size(), 100) <= 0) continue;
    for (auto it = fds.begin(); it != fds.end();) {
      if (it->revents == 0) {
        ++it;
        continue;
      }
      int error = 0;
      socklen_t length = sizeof error;
      ::getsockopt(it->fd, SOL_SOCKET, SO_ERROR, &error, &length);
      if (error == 0) ++connected;
      ::close(it->fd);
      it = fds.erase(it);
    }
  }
  for (const auto& entry : fds)
    ::close(entry.fd);
  EXPECT_EQ(connected, 32);
}

// Without TCP_NODELAY, httplib's separate header and body writes wait for the client's delayed
// ACK: every small answer took 40 ms. The server's end of a connection must have it set.
TEST(MockServerSockets, AnsweredConnectionsHaveNagleOff) {
  Server server;
  server.start();
  const int client = socket_checks::start_connect(server.port());
  pollfd wait{client, POLLOUT, 0};
  ASSERT_EQ(::poll(&wait, 1, 5000), 1);
  const std::string request = "GET /nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  ASSERT_EQ(::send(client, request.data(), request.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(request.size()));
  wait = {client, POLLIN, 0};
  ASSERT_EQ(::poll(&wait, 1, 5000), 1);  // answered (404), connection kept alive
  const int client_port = socket_checks::local_port(client, false);
  int checked = 0;
  for (int fd = 0; fd < 4096; ++fd) {  // this process's end of the server side of that connection
    if (fd == client || socket_checks::local_port(fd, false) != server.port() ||
        socket_checks::local_port(fd, true) != client_port) {
      continue;
    }
    int nodelay = 0;
    socklen_t length = sizeof nodelay;
    ASSERT_EQ(::getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &nodelay, &length), 0);
    EXPECT_NE(nodelay, 0);
    ++checked;
  }
  EXPECT_EQ(checked, 1);
  ::close(client);
}
