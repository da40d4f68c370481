// The client's logger: one line per attempt with what an operator needs, and never a secret:
// not the key, not credential headers, not base64 payloads; for every kind of failure.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <mutex>

#include "core/attempt_log.hpp"
#include "edenai/client.hpp"
#include "edenai/errors.hpp"
#include "support/fake_transport.hpp"

namespace edenai {
namespace {

using testing::FakeTransport;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kKey = "sk-eden-logging-key-123";

struct Line {
  LogLevel level;
  std::string text;
};

struct Collector {
  std::mutex mutex;
  std::vector<Line> lines;
  Logger logger() {
    return [this](LogLevel level, const std::string& text) {
      std::lock_guard<std::mutex> lock(mutex);
      lines.push_back({level, text});
    };
  }
};

Client make_client(const std::shared_ptr<FakeTransport>& transport, Collector& collector,
                   LogLevel threshold = LogLevel::info, int max_retries = 0) {
  ClientOptions options;
  options.api_key = kKey;
  options.base_url = "http://eden.test";
  options.transport = transport;
  options.max_retries = max_retries;
  options.logger = collector.logger();
  options.log_level = threshold;
  return Client(options);
}

ImageGenerationBody body() {
  ImageGenerationBody b;
  b.model = "openai/gpt-image-1";
  b.prompt = "a red fox";
  return b;
}

TEST(Logging, OneLinePerAttemptWithStatusDurationAttemptAndRequestId) {
  auto transport = std::make_shared<FakeTransport>();
  transport->respond(503, "", {{"retry-after-ms", "0"}, {"x-request-id", "req-1"}});
  transport->respond(200, R"({"data":[]})", {{"x-request-id", "req-2"}});
  Collector collector;
  make_client(transport, collector, LogLevel::info, 2).generate(body());
  ASSERT_EQ(collector.lines.size(), 2u);
  EXPECT_EQ(collector.lines[0].level, LogLevel::warning);
  EXPECT_THAT(collector.lines[0].text,
              ::testing::MatchesRegex("POST http://eden.test/v3/images/generations -> 503 in "
                                      "[0-9]+ ms \\(attempt 1/3, request id req-1\\); retrying "
                                      "in 0 ms"));
  EXPECT_EQ(collector.lines[1].level, LogLevel::info);
  EXPECT_THAT(collector.lines[1].text, HasSubstr("-> 200 in "));
  EXPECT_THAT(collector.lines[1].text, HasSubstr("(attempt 2/3, request id req-2)"));
}

TEST(Logging, AFinalFailureIsAnErrorLine) {
  auto transport = std::make_shared<FakeTransport>();
  transport->push([](const HttpRequest&) -> HttpResponse { throw ConnectionError("refused"); });
  Collector collector;
  EXPECT_THROW(make_client(transport, collector).generate(body()), ConnectionError);
  ASSERT_EQ(collector.lines.size(), 1u);
  EXPECT_EQ(collector.lines[0].level, LogLevel::error);
  EXPECT_THAT(collector.lines[0].text, HasSubstr("-> refused in "));
}

TEST(Logging, BelowTheThresholdNothingIsFormatted) {
  auto transport = std::make_shared<FakeTransport>();
  transport->respond(200, R"({"data":[]})");
  Collector collector;
  make_client(transport, collector, LogLevel::warning).generate(body());
  EXPECT_TRUE(collector.lines.empty());
}

TEST(Logging, DebugShowsHeadersAndBodyWithSecretsRedactedAndBase64Elided) {
  auto transport = std::make_shared<FakeTransport>();
  const std::string image(4000, 'A');
  transport->respond(200, R"({"data":[{"b64_json":")" + image + R"("}]})",
                     {{"set-cookie", "session=abc"}, {"content-type", "application/json"}});
  Collector collector;
  ClientOptions options;
  options.api_key = kKey;
  options.base_url = "http://eden.test";
  options.transport = transport;
  options.logger = collector.logger();
  options.log_level = LogLevel::debug;
  options.default_headers = {{"X-Trace", "t-1"}};
  Client(options).generate(body());
  ASSERT_EQ(collector.lines.size(), 1u);
  const std::string& text = collector.lines[0].text;
  EXPECT_THAT(text, HasSubstr("Authorization: [REDACTED]"));
  EXPECT_THAT(text, HasSubstr("set-cookie: [REDACTED]"));
  EXPECT_THAT(text, HasSubstr("X-Trace: t-1"));
  EXPECT_THAT(text, HasSubstr("<4000 base64 chars elided>"));
  EXPECT_THAT(text, Not(HasSubstr(kKey)));
  EXPECT_THAT(text, Not(HasSubstr("session=abc")));
  EXPECT_THAT(text, Not(HasSubstr(std::string(64, 'A'))));
}

TEST(Logging, AThrowingLoggerDoesNotBreakTheCall) {
  auto transport = std::make_shared<FakeTransport>();
  transport->respond(200, R"({"data":[]})");
  ClientOptions options;
  options.api_key = kKey;
  options.base_url = "http://eden.test";
  options.transport = transport;
  options.logger = [](LogLevel, const std::string&) { throw std::runtime_error("disk full"); };
  EXPECT_NO_THROW(Client(options).generate(body()));
}

// Each scenario makes the call fail its own way while the server (or the network) echoes the
// key wherever it can; no log line and no error text may contain it.
TEST(Logging, TheKeyAppearsInNoLogLineAndNoErrorTextForEveryErrorType) {
  const std::string key = kKey;
  const std::string echo =
      R"({"detail":"bad key )" + key + R"(","error":{"message":")" + key + R"("}})";
  using Setup = std::function<void(FakeTransport&)>;
  std::vector<std::pair<std::string, Setup>> scenarios;
  for (const int status : {400, 401, 402, 403, 404, 409, 413, 418, 429, 500, 502, 503}) {
    scenarios.emplace_back("status " + std::to_string(status), [=](FakeTransport& t) {
      t.respond(status, echo, {{"x-request-id", "id-" + key}});
    });
  }
  scenarios.emplace_back("422", [=](FakeTransport& t) {
    t.respond(422, R"({"detail":[{"loc":["body",")" + key + R"("],"msg":")" + key +
                       R"(","type":"value_error"}]})");
  });
  scenarios.emplace_back("html 502", [=](FakeTransport& t) {
    t.respond(502, "<html><body>Bearer " + key + "</body></html>");
  });
  scenarios.emplace_back("connection", [=](FakeTransport& t) {
    t.push([=](const HttpRequest&) -> HttpResponse { throw ConnectionError("host " + key); });
  });
  scenarios.emplace_back("timeout", [=](FakeTransport& t) {
    t.push([=](const HttpRequest&) -> HttpResponse { throw TimeoutError("slow " + key); });
  });
  scenarios.emplace_back("too large", [=](FakeTransport& t) {
    t.push([=](const HttpRequest&) -> HttpResponse { throw ResponseTooLargeError(key); });
  });
  scenarios.emplace_back("cancelled", [=](FakeTransport& t) {
    t.push([=](const HttpRequest&) -> HttpResponse { throw CancelledError("by " + key); });
  });
  scenarios.emplace_back("decode", [=](FakeTransport& t) {
    t.respond(200, R"({"data":[{")" + key + R"(":1,"url":5}]})");
  });
  for (const auto& [name, setup] : scenarios) {
    auto transport = std::make_shared<FakeTransport>();
    setup(*transport);
    Collector collector;
    std::string error_text;
    try {
      make_client(transport, collector, LogLevel::debug).generate(body());
      ADD_FAILURE() << name << ": expected an error";
    } catch (const Error& e) {
      error_text = e.what();
      if (const auto* api = dynamic_cast<const ApiError*>(&e)) {
        error_text += api->body() + api->request_id();
      }
    }
    EXPECT_THAT(error_text, Not(HasSubstr(key))) << name;
    ASSERT_FALSE(collector.lines.empty()) << name;
    for (const auto& line : collector.lines) {
      EXPECT_THAT(line.text, Not(HasSubstr(key))) << name;
    }
  }
}

// Keys of other shapes and places: a JWT (long base64url segments that elision would otherwise
// cut up), a key that straddles the debug preview's cut, one spelled with JSON escapes.
TEST(Logging, SecretsAreRedactedBeforeAnythingIsCutOrElided) {
  const std::string jwt =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJlZGVuLXRlc3QiLCJuYW1lIjoiRWRlbiBBSSBUZXN0In"
      "0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5cSflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV";
  const std::string padding(300, '-');
  auto transport = std::make_shared<FakeTransport>();
  // First the key spelled with a JSON escape ("\u0065" is "e"), then one across the 500-char cut.
  transport->respond(200,
                     R"({"b":"\u0065)" + jwt.substr(1) + R"(","a":")" + padding + jwt + R"("})",
                     {{"x-request-id", "r-" + jwt}});
  Collector collector;
  ClientOptions options;
  options.api_key = jwt;
  options.base_url = "http://eden.test";
  options.transport = transport;
  options.logger = collector.logger();
  options.log_level = LogLevel::debug;
  EXPECT_NO_THROW(Client(options).generate(body()));
  ASSERT_FALSE(collector.lines.empty());
  for (const auto& line : collector.lines) {
    for (const std::string& piece : {jwt.substr(0, 20), jwt.substr(40, 20), jwt.substr(100, 20),
                                     jwt.substr(jwt.size() - 20)}) {
      EXPECT_THAT(line.text, Not(HasSubstr(piece))) << line.text;
    }
  }
}

TEST(Logging, UrlsLoseTheirCredentialsAndQueryStrings) {
  EXPECT_EQ(internal::loggable_url("https://user:pw@cdn.test/a.png?X-Amz-Signature=abc"),
            "https://[REDACTED]@cdn.test/a.png?[REDACTED]");
  EXPECT_EQ(internal::loggable_url("http://eden.test/v3/images/generations"),
            "http://eden.test/v3/images/generations");
  EXPECT_EQ(internal::loggable_url("http://h.test/p@q"), "http://h.test/p@q");
}

TEST(Logging, TheFinalErrorLineDoesNotRepeatTheAttemptCount) {
  auto transport = std::make_shared<FakeTransport>();
  for (int i = 0; i < 2; ++i) {
    transport->push([](const HttpRequest&) -> HttpResponse { throw TimeoutError("slow"); });
  }
  Collector collector;
  // One real backoff wait (0.5 s at most).
  EXPECT_THROW(make_client(transport, collector, LogLevel::info, 1).generate(body()), TimeoutError);
  ASSERT_EQ(collector.lines.size(), 2u);
  EXPECT_THAT(collector.lines[1].text, HasSubstr("-> slow in "));
  EXPECT_THAT(collector.lines[1].text, Not(HasSubstr("after 2 attempts")));
  EXPECT_THAT(collector.lines[1].text, HasSubstr("(attempt 2/2)"));
}

TEST(Logging, ElidesOnlyLongBase64Runs) {
  EXPECT_EQ(internal::elide_base64("short abc+/= text"), "short abc+/= text");
  EXPECT_EQ(internal::elide_base64("x " + std::string(70, 'Q') + "== y"),
            "x <72 base64 chars elided> y");
  EXPECT_EQ(internal::elide_base64(""), "");
}

}  // namespace
}  // namespace edenai
