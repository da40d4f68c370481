// The Client facade over a fake transport: configuration and environment, the request it
// builds, per-call options, and what it does with each kind of answer.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <functional>
#include <map>

#include "edenai/edenai.hpp"
#include "support/fake_transport.hpp"

namespace edenai {
namespace {

using testing::FakeTransport;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kKey = "sk-eden-unit-test-key";

// Sets or clears environment variables for one test and restores them afterwards.
class ScopedEnv {
 public:
  ScopedEnv(std::initializer_list<std::pair<const char*, const char*>> values) {
    for (const char* name :
         {"EDENAI_API_KEY", "EDEN_AI_API_KEY", "EDENAI_BASE_URL", "EDEN_AI_BASE_URL"}) {
      const char* old = std::getenv(name);
      saved_.emplace_back(name, old ? std::optional<std::string>(old) : std::nullopt);
      unsetenv(name);
    }
    for (const auto& [name, value] : values)
      setenv(name, value, 1);
  }
  ~ScopedEnv() {
    for (const auto& [name, value] : saved_) {
      if (value) {
        setenv(name, value->c_str(), 1);
      } else {
        unsetenv(name);
      }
    }
  }

 private:
  std::vector<std::pair<const char*, std::optional<std::string>>> saved_;
};

ImageGenerationBody body() {
  ImageGenerationBody b;
  b.model = "openai/gpt-image-1";
  b.prompt = "a red fox";
  return b;
}

struct Fixture : ::testing::Test {
  std::shared_ptr<FakeTransport> transport = std::make_shared<FakeTransport>();
  ScopedEnv env{};
  Client client() {
    ClientOptions options;
    options.api_key = kKey;
    options.base_url = "http://eden.test";
    options.transport = transport;
    options.max_retries = 0;
    return Client(options);
  }
};

std::string header(const HttpRequest& request, const std::string& name) {
  for (const auto& [key, value] : request.headers) {
    if (key == name) return value;
  }
  return "<absent>";
}

TEST(ClientConfig, WithoutAnyKeyConstructionFails) {
  ScopedEnv env{};
  try {
    Client client;
    FAIL() << "constructed without a key";
  } catch (const InvalidRequestError& e) {
    EXPECT_THAT(e.what(), HasSubstr("EDENAI_API_KEY"));
  }
}

TEST(ClientConfig, ReadsKeysAndBaseUrlFromTheEnvironmentInOrder) {
  auto transport = std::make_shared<FakeTransport>();
  auto sent_key = [&](std::initializer_list<std::pair<const char*, const char*>> vars) {
    ScopedEnv env(vars);
    ClientOptions options;
    options.transport = transport;
    Client client(options);
    transport->respond(200, "{}");
    client.generate(body());
    return std::make_pair(header(transport->requests().back(), "Authorization"),
                          transport->requests().back().url);
  };
  EXPECT_EQ(sent_key({{"EDENAI_API_KEY", "k1"}, {"EDEN_AI_API_KEY", "k2"}}).first, "Bearer k1");
  EXPECT_EQ(sent_key({{"EDEN_AI_API_KEY", "k2"}}).first, "Bearer k2");
  EXPECT_EQ(sent_key({{"EDENAI_API_KEY", "k1"}}).second,
            "https://api.edenai.run/v3/images/generations");
  EXPECT_EQ(sent_key({{"EDENAI_API_KEY", "k1"},
                      {"EDENAI_BASE_URL", "http://a.test/"},
                      {"EDEN_AI_BASE_URL", "http://b.test"}})
                .second,
            "http://a.test/v3/images/generations");
  EXPECT_EQ(sent_key({{"EDENAI_API_KEY", "k1"}, {"EDEN_AI_BASE_URL", "http://b.test"}}).second,
            "http://b.test/v3/images/generations");
}

TEST(ClientConfig, ExplicitOptionsWinOverTheEnvironment) {
  ScopedEnv env{{"EDENAI_API_KEY", "from-env"}, {"EDENAI_BASE_URL", "http://env.test"}};
  auto transport = std::make_shared<FakeTransport>();
  transport->respond(200, "{}");
  ClientOptions options;
  options.api_key = "explicit";
  options.base_url = "https://eu.test//";
  options.transport = transport;
  Client client(options);
  EXPECT_EQ(client.base_url(), "https://eu.test");
  client.generate(body());
  EXPECT_EQ(header(transport->requests().at(0), "Authorization"), "Bearer explicit");
  EXPECT_EQ(transport->requests().at(0).url, "https://eu.test/v3/images/generations");
}

TEST(ClientConfig, RejectsBadOptionsWithoutEchoingTheKey) {
  ScopedEnv env{};
  auto make = [](auto change) {
    ClientOptions options;
    options.api_key = kKey;
    change(options);
    Client client(options);
  };
  EXPECT_THROW(make([](ClientOptions& o) { o.base_url = "ftp://x"; }), InvalidRequestError);
  EXPECT_THROW(make([](ClientOptions& o) { o.base_url = "http://exa mple.com"; }),
               InvalidRequestError);
  EXPECT_THROW(make([](ClientOptions& o) { o.max_response_bytes = 0; }), InvalidRequestError);
  EXPECT_THROW(make([](ClientOptions& o) { o.timeout = std::chrono::milliseconds(0); }),
               InvalidRequestError);
  EXPECT_THROW(make([](ClientOptions& o) { o.connect_timeout = std::chrono::milliseconds(-1); }),
               InvalidRequestError);
  EXPECT_THROW(make([](ClientOptions& o) { o.max_retries = -1; }), InvalidRequestError);
  EXPECT_THROW(make([](ClientOptions& o) {
                 o.default_headers = {{"Authorization", "x"}};
               }),
               InvalidRequestError);
  for (const char* suffix : {"\r\nX: y", "\t", " ", "\x7f", "\xc3\xa9"}) {
    try {
      make([&](ClientOptions& o) { o.api_key = std::string(kKey) + suffix; });
      FAIL() << "accepted a key ending in " << ::testing::PrintToString(suffix);
    } catch (const InvalidRequestError& e) {
      EXPECT_THAT(e.what(), Not(HasSubstr(kKey)));
    }
  }
}

TEST_F(Fixture, BuildsTheDocumentedRequest) {
  transport->respond(200, R"({"data":[]})");
  auto b = body();
  b.n = 2;
  client().generate(b);
  ASSERT_EQ(transport->requests().size(), 1u);
  const HttpRequest sent = transport->requests()[0];
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, "http://eden.test/v3/images/generations");
  EXPECT_EQ(header(sent, "Authorization"), std::string("Bearer ") + kKey);
  EXPECT_EQ(header(sent, "Content-Type"), "application/json");
  EXPECT_EQ(header(sent, "User-Agent"), std::string("edenai-cpp/") + version());
  EXPECT_EQ(nlohmann::json::parse(sent.body),
            nlohmann::json({{"model", "openai/gpt-image-1"}, {"prompt", "a red fox"}, {"n", 2}}));
  EXPECT_EQ(sent.timeout, std::chrono::milliseconds(600'000));
  EXPECT_EQ(sent.connect_timeout, std::chrono::milliseconds(5'000));
}

TEST_F(Fixture, RequestOptionsOverrideTheClient) {
  transport->respond(200, "{}");
  RequestOptions options;
  options.timeout = std::chrono::milliseconds(1234);
  options.connect_timeout = std::chrono::milliseconds(321);
  options.headers = {{"X-Trace-Id", "t-1"}};
  client().generate(body(), options);
  const HttpRequest sent = transport->requests()[0];
  EXPECT_EQ(sent.timeout, std::chrono::milliseconds(1234));
  EXPECT_EQ(sent.connect_timeout, std::chrono::milliseconds(321));
  EXPECT_EQ(header(sent, "X-Trace-Id"), "t-1");
}

TEST_F(Fixture, CallerHeadersReplaceSdkHeadersInsteadOfDuplicatingThem) {
  transport->respond(200, "{}");
  ClientOptions options;
  options.api_key = kKey;
  options.transport = transport;
  options.default_headers = {{"user-agent", "my-app/1.0"}, {"X-Team", "blue"}};
  RequestOptions call;
  call.headers = {{"X-TEAM", "red"}, {"Accept", "application/json; q=1"}};
  Client(options).generate(body(), call);
  const HttpRequest sent = transport->requests().at(0);
  std::map<std::string, std::vector<std::string>> by_name;
  for (const auto& [name, value] : sent.headers) {
    std::string lower = name;
    for (char& c : lower)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    by_name[lower].push_back(value);
  }
  EXPECT_EQ(by_name["user-agent"], std::vector<std::string>{"my-app/1.0"});
  EXPECT_EQ(by_name["x-team"], std::vector<std::string>{"red"});
  EXPECT_EQ(by_name["accept"], std::vector<std::string>{"application/json; q=1"});
  EXPECT_EQ(by_name["content-type"], std::vector<std::string>{"application/json"});
  EXPECT_EQ(by_name["authorization"], std::vector<std::string>{std::string("Bearer ") + kKey});
}

TEST_F(Fixture, PassesTheResponseSizeLimitToTheTransport) {
  transport->respond(200, "{}");
  transport->respond(200, "IMG");
  ClientOptions options;
  options.api_key = kKey;
  options.transport = transport;
  options.max_response_bytes = 12345;
  const Client client(options);
  client.generate(body());
  ImageDataItem item;
  item.url = "http://cdn.test/x.png";
  client.download(item);
  EXPECT_EQ(transport->requests().at(0).max_response_bytes, 12345u);
  EXPECT_EQ(transport->requests().at(1).max_response_bytes, 12345u);
}

TEST_F(Fixture, PerCallMaxRetriesOverridesTheClient) {
  transport->respond(503, "", {{"retry-after-ms", "0"}});
  transport->respond(200, "{}");
  RequestOptions options;
  options.max_retries = 1;
  EXPECT_NO_THROW(client().generate(body(), options));
  EXPECT_EQ(transport->requests().size(), 2u);
}

TEST_F(Fixture, TheFinalErrorSaysHowManyAttemptsWereMade) {
  for (int i = 0; i < 3; ++i)
    transport->respond(503, R"({"detail":"busy"})", {{"retry-after-ms", "0"}});
  RequestOptions options;
  options.max_retries = 2;
  try {
    client().generate(body(), options);
    FAIL() << "expected an InternalServerError";
  } catch (const InternalServerError& e) {
    EXPECT_EQ(e.attempts(), 3);
    EXPECT_THAT(e.what(), HasSubstr("busy"));
    EXPECT_THAT(e.what(), ::testing::EndsWith("(after 3 attempts)"));
    EXPECT_EQ(e.retry_after(), std::chrono::milliseconds(0));
  }
  auto b = body();
  b.n = 11;
  try {
    client().generate(b);
    FAIL() << "expected an InvalidRequestError";
  } catch (const InvalidRequestError& e) {
    EXPECT_EQ(e.attempts(), 0);  // nothing was sent
  }
}

TEST_F(Fixture, ARetryAfterBeyondAMinuteIsRaisedAtOnceWithTheDelay) {
  transport->respond(429, R"({"detail":"slow down"})", {{"retry-after", "300"}});
  transport->respond(200, "{}");
  RequestOptions options;
  options.max_retries = 2;
  try {
    client().generate(body(), options);
    FAIL() << "expected a RateLimitError";
  } catch (const RateLimitError& e) {
    EXPECT_EQ(e.attempts(), 1);
    EXPECT_EQ(e.retry_after(), std::chrono::milliseconds(300000));
  }
  EXPECT_EQ(transport->requests().size(), 1u);
}

TEST_F(Fixture, RedactionKeepsTheAttempts) {
  const std::string leak = std::string("host ") + kKey + ".cdn.test";
  for (int i = 0; i < 2; ++i) {
    transport->push([&](const HttpRequest&) -> HttpResponse { throw ConnectionError(leak); });
  }
  RequestOptions options;
  options.max_retries = 1;
  try {
    // One backoff wait (0.5 s at most) keeps this short.
    client().generate(body(), options);
    FAIL() << "expected a ConnectionError";
  } catch (const ConnectionError& e) {
    EXPECT_THAT(e.what(), Not(HasSubstr(kKey)));
    EXPECT_EQ(e.attempts(), 2);
    EXPECT_EQ(std::string(e.what()), "host [REDACTED].cdn.test (after 2 attempts)");
  }
}

TEST_F(Fixture, ADecodeErrorCountsTheAttemptsBehindIt) {
  transport->respond(503, "", {{"retry-after-ms", "0"}});
  transport->respond(200, R"({"data":"not a list"})");
  RequestOptions options;
  options.max_retries = 1;
  try {
    client().generate(body(), options);
    FAIL() << "expected a DecodeError";
  } catch (const DecodeError& e) {
    EXPECT_EQ(e.attempts(), 2);
  }
}

TEST_F(Fixture, AnAbsurdRetryAfterGivesUpAtOnce) {
  transport->respond(429, "", {{"retry-after", "99999999999"}});
  transport->respond(200, "{}");
  RequestOptions options;
  options.max_retries = 2;
  try {
    client().generate(body(), options);
    FAIL() << "expected a RateLimitError";
  } catch (const RateLimitError& e) {
    EXPECT_EQ(e.attempts(), 1);
    EXPECT_EQ(e.retry_after(), std::chrono::hours(24 * 365));
  }
}

TEST(ClientConfig, AMalformedProxyIsRefusedWithoutQuotingIt) {
  ScopedEnv env{};
  for (const char* proxy : {"ftp://user:s3cretpw@127.0.0.1:1", "user:s3cretpw@host",
                            "http://user:s3cretpw@host with space"}) {
    ClientOptions options;
    options.api_key = kKey;
    options.proxy = proxy;
    try {
      Client client(options);
      ADD_FAILURE() << proxy;
    } catch (const InvalidRequestError& e) {
      EXPECT_THAT(e.what(), Not(HasSubstr("s3cretpw")));
    }
  }
}

TEST(ClientConfig, TheProxyPasswordIsRedactedLikeTheKey) {
  ScopedEnv env{};
  auto transport = std::make_shared<FakeTransport>();
  transport->push([](const HttpRequest&) -> HttpResponse {
    throw ConnectionError("proxy http://user:s3cretpw@proxy.test refused", false);
  });
  ClientOptions options;
  options.api_key = kKey;
  options.base_url = "http://eden.test";
  options.proxy = "http://user:s3cretpw@proxy.test:3128";
  options.transport = transport;
  options.max_retries = 0;
  try {
    Client(options).generate(body());
    FAIL() << "expected a ConnectionError";
  } catch (const ConnectionError& e) {
    EXPECT_THAT(e.what(), Not(HasSubstr("s3cretpw")));
    EXPECT_THAT(e.what(), HasSubstr("[REDACTED]"));
  }
}

TEST(Errors, AMovedFromErrorStillHasItsMessage) {
  InternalServerError original(500, "HTTP 500: boom", "id", "body");
  original.set_attempts(3);
  InternalServerError moved(std::move(original));
  EXPECT_STREQ(moved.what(), "HTTP 500: boom (after 3 attempts)");
  EXPECT_STREQ(original.what(), "HTTP 500: boom (after 3 attempts)");  // NOLINT: use after move
}

TEST_F(Fixture, InvalidBodiesAreNeverSent) {
  auto b = body();
  b.n = 11;
  EXPECT_THROW(client().generate(b), InvalidRequestError);
  RequestOptions options;
  options.headers = {{"cookie", "a=b"}};
  EXPECT_THROW(client().generate(body(), options), InvalidRequestError);
  options = {};
  options.timeout = std::chrono::milliseconds(0);
  EXPECT_THROW(client().generate(body(), options), InvalidRequestError);
  EXPECT_TRUE(transport->requests().empty());
}

TEST_F(Fixture, DecodesSuccessAndRejectsMalformedSuccess) {
  transport->respond(200, R"({"provider":"openai","data":[{"url":"http://img.test/1.png"}]})");
  const ImageResponse r = client().generate(body());
  EXPECT_EQ(r.provider, "openai");
  EXPECT_EQ(r.data.at(0).url, "http://img.test/1.png");
  transport->respond(200, "<html>oops</html>");
  EXPECT_THROW(client().generate(body()), DecodeError);
}

TEST_F(Fixture, MapsErrorsAndNeverLeaksTheKey) {
  for (int status : {400, 401, 402, 403, 404, 409, 422, 429, 500, 418}) {
    transport->respond(status, std::string(R"({"detail":"echo Bearer )") + kKey + "\"}",
                       {{"x-request-id", "r-1"}});
    try {
      client().generate(body());
      FAIL() << status;
    } catch (const ApiError& e) {
      EXPECT_EQ(e.status(), status);
      EXPECT_EQ(e.request_id(), "r-1");
      EXPECT_THAT(e.what(), Not(HasSubstr(kKey))) << status;
      EXPECT_THAT(e.body(), Not(HasSubstr(kKey))) << status;
    }
  }
}

TEST_F(Fixture, KeyNeverAppearsInNonApiErrors) {
  // Messages may quote server data: curl's text names the host, decode errors name JSON keys.
  const std::string leak = std::string("host ") + kKey + ".cdn.test";
  transport->push([&](const HttpRequest&) -> HttpResponse { throw ConnectionError(leak, false); });
  try {
    client().generate(body());
    FAIL();
  } catch (const TimeoutError&) {
    FAIL() << "type changed";
  } catch (const ConnectionError& e) {
    EXPECT_THAT(e.what(), Not(HasSubstr(kKey)));
    EXPECT_THAT(e.what(), HasSubstr("[REDACTED]"));
    EXPECT_FALSE(e.retryable()) << "retryable() must survive redaction";
  }
  transport->push([&](const HttpRequest&) -> HttpResponse { throw TimeoutError(leak); });
  try {
    client().generate(body());
    FAIL();
  } catch (const TimeoutError& e) {
    EXPECT_THAT(e.what(), Not(HasSubstr(kKey)));
  }
  transport->respond(200, std::string(R"({"data":[],")") + kKey + R"(":nope})");
  try {
    client().generate(body());
    FAIL();
  } catch (const DecodeError& e) {
    EXPECT_THAT(e.what(), Not(HasSubstr(kKey)));
  }
  ImageDataItem item;
  item.url = "https://cdn.test/a.png";
  transport->push([&](const HttpRequest&) -> HttpResponse { throw ResponseTooLargeError(leak); });
  try {
    client().download(item);
    FAIL();
  } catch (const ResponseTooLargeError& e) {
    EXPECT_THAT(e.what(), Not(HasSubstr(kKey)));
  }
  auto bad = body();
  bad.extra = nlohmann::json{{"model", kKey}};
  RequestOptions options;
  options.headers = {{std::string(kKey) + ":", "v"}};  // invalid, and quoted in the message
  for (const auto& call : std::vector<std::function<void()>>{
           [&] { client().generate(bad); }, [&] { client().generate(body(), options); }}) {
    try {
      call();
      FAIL();
    } catch (const InvalidRequestError& e) {
      EXPECT_THAT(e.what(), Not(HasSubstr(kKey)));
    }
  }
}

TEST_F(Fixture, RefusesHeadersTheTransportOwns) {
  for (const char* name :
       {"Content-Length", "transfer-encoding", "Host", "Connection", "Keep-Alive", "TE", "Trailer",
        "Upgrade", "Expect", "Proxy-Connection"}) {
    RequestOptions options;
    options.headers = {{name, "x"}};
    EXPECT_THROW(client().generate(body(), options), InvalidRequestError) << name;
    ClientOptions config;
    config.api_key = kKey;
    config.transport = transport;
    config.default_headers = {{name, "x"}};
    EXPECT_THROW(Client{config}, InvalidRequestError) << name;
  }
  EXPECT_TRUE(transport->requests().empty());
  // Headers Eden forwards to the provider are the provider's business.
  transport->respond(200, "{}");
  auto forwarded = body();
  forwarded.extra_headers = std::map<std::string, std::string>{{"Connection", "keep-alive"}};
  EXPECT_NO_THROW(client().generate(forwarded));
}

TEST_F(Fixture, DownloadDecodesInlineImagesWithoutAnyRequest) {
  ImageDataItem item;
  item.b64_json = "iVBORw0KGgo=";
  EXPECT_EQ(client().download(item),
            (std::vector<std::uint8_t>{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}));
  EXPECT_TRUE(transport->requests().empty());
  item.b64_json = "not base64!";
  EXPECT_THROW(client().download(item), DecodeError);
  EXPECT_THROW(client().download(ImageDataItem{}), DecodeError);
}

TEST_F(Fixture, DownloadSendsNeitherTheKeyNorConfiguredHeaders) {
  transport->respond(200, "IMAGE");
  ImageDataItem item;
  item.url = "https://cdn.test/a.png";
  ClientOptions options;
  options.api_key = kKey;
  options.transport = transport;
  options.default_headers = {{"X-Team", "blue"}};
  const auto bytes = Client(options).download(item);
  EXPECT_EQ(std::string(bytes.begin(), bytes.end()), "IMAGE");
  const HttpRequest sent = transport->requests().at(0);
  EXPECT_EQ(sent.method, "GET");
  EXPECT_EQ(sent.url, "https://cdn.test/a.png");
  EXPECT_EQ(header(sent, "Authorization"), "<absent>");
  EXPECT_EQ(header(sent, "X-Team"), "<absent>");
  EXPECT_EQ(sent.max_redirects, 5);
  for (const auto& [name, value] : sent.headers)
    EXPECT_THAT(value, Not(HasSubstr(kKey)));

  item.url = "file:///etc/passwd";
  EXPECT_THROW(client().download(item), InvalidRequestError);
  EXPECT_EQ(transport->requests().size(), 1u);
}

TEST(ItemBytes, DecodesOrThrows) {
  ImageDataItem item;
  EXPECT_THROW(item.bytes(), DecodeError);
  item.b64_json = "AAEC";
  EXPECT_EQ(item.bytes(), (std::vector<std::uint8_t>{0, 1, 2}));
  item.b64_json = "A";
  EXPECT_THROW(item.bytes(), DecodeError);
}

}  // namespace
}  // namespace edenai
