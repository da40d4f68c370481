// Findings of the reliability review over a fake transport: options that cannot be mistaken
// (base URLs through libcurl's URL parser, ranges refused), Eden's own error bodies, the key in no
// output in any letter case, no deadlock from the client's own I/O thread, and how far each
// failure got.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <thread>

#include "edenai/edenai.hpp"
#include "support/fake_transport.hpp"

namespace edenai {
namespace {

using testing::FakeTransport;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kKey = "sk-eden-Reliability-Key-42";

ImageGenerationBody body() {
  ImageGenerationBody b;
  b.model = "openai/gpt-image-1";
  b.prompt = "a red fox";
  return b;
}

ClientOptions options_with(std::shared_ptr<FakeTransport> transport) {
  ClientOptions options;
  options.api_key = kKey;
  options.base_url = "http://eden.test";
  options.transport = std::move(transport);
  options.max_retries = 0;
  return options;
}

std::string refusal(const ClientOptions& options) {
  try {
    Client client(options);
  } catch (const InvalidRequestError& e) {
    return e.what();
  }
  ADD_FAILURE() << "accepted";
  return {};
}

// --- base_url: parsed and joined by libcurl's URL API -------------------------------------------

std::string url_sent_for(const std::string& base_url) {
  auto transport = std::make_shared<FakeTransport>();
  transport->respond(200, "{}");
  ClientOptions options = options_with(transport);
  options.base_url = base_url;
  Client(options).generate(body());
  return transport->requests().at(0).url;
}

TEST(BaseUrl, KeepsPathPrefixesAndTreatsATrailingV3AsTheSameBase) {
  EXPECT_EQ(url_sent_for("http://gw/eden"), "http://gw/eden/v3/images/generations");
  EXPECT_EQ(url_sent_for("http://gw/eden/"), "http://gw/eden/v3/images/generations");
  EXPECT_EQ(url_sent_for("https://api.edenai.run/v3"),
            "https://api.edenai.run/v3/images/generations");
  EXPECT_EQ(url_sent_for("https://api.edenai.run/v3/"),
            "https://api.edenai.run/v3/images/generations");
  EXPECT_EQ(url_sent_for("http://gw/eden/v3"), "http://gw/eden/v3/images/generations");
  EXPECT_EQ(url_sent_for("HTTPS://api.edenai.run"), "https://api.edenai.run/v3/images/generations");
  EXPECT_EQ(url_sent_for("http://127.0.0.1:8080"), "http://127.0.0.1:8080/v3/images/generations");
  EXPECT_EQ(url_sent_for("http://[::1]:8080/x"), "http://[::1]:8080/x/v3/images/generations");
  EXPECT_EQ(url_sent_for("https://api.edenai.run/V3"),
            "https://api.edenai.run/v3/images/generations");

  ClientOptions options = options_with(std::make_shared<FakeTransport>());
  options.base_url = "https://api.edenai.run/v3/";
  EXPECT_EQ(Client(options).base_url(), "https://api.edenai.run");
}

TEST(BaseUrl, RefusesAQueryAFragmentOrCredentialsSayingWhatToWrite) {
  ClientOptions options = options_with(std::make_shared<FakeTransport>());
  options.base_url = "http://h/proxy?tenant=acme";
  EXPECT_THAT(refusal(options), HasSubstr("must not have a query string"));
  EXPECT_THAT(refusal(options), HasSubstr("e.g. https://api.edenai.run"));
  options.base_url = "http://h/proxy?";
  EXPECT_THAT(refusal(options), HasSubstr("query"));
  options.base_url = "http://h/proxy#frag";
  EXPECT_THAT(refusal(options), HasSubstr("must not have a fragment"));
  options.base_url = "http://user:pa55@h/";
  const std::string credentials = refusal(options);
  EXPECT_THAT(credentials, HasSubstr("must not carry credentials"));
  EXPECT_THAT(credentials, HasSubstr("ClientOptions::api_key"));
  EXPECT_THAT(credentials, Not(HasSubstr("pa55")));
  options.base_url = "https://api.edenai.run/v3/images/generations";  // the endpoint, pasted
  EXPECT_THAT(refusal(options), HasSubstr("the API's root, not an endpoint"));
  for (const char* bad : {"ftp://h", "api.edenai.run", "http://", "http://h:99999", "https//h",
                          "http://exa mple.com", "http://h/\x01"}) {
    options.base_url = bad;
    EXPECT_THAT(refusal(options), HasSubstr("base_url")) << bad;
  }
}

// --- option ranges -------------------------------------------------------------------------------

TEST(OptionRanges, OutOfRangeValuesAreRefusedWithTheirRange) {
  ClientOptions options = options_with(std::make_shared<FakeTransport>());
  options.max_requests_per_second = 1e-12;  // 1/rate would overflow the limiter's clock
  EXPECT_THAT(refusal(options), HasSubstr("0.001"));
  options.max_requests_per_second = 0.001;
  EXPECT_NO_THROW(Client{options});
  options.max_requests_per_second = 0;

  options.max_retries = INT_MAX;  // max_retries + 1 would overflow
  EXPECT_THAT(refusal(options), HasSubstr("max_retries must be from 0 to 100"));
  options.max_retries = 100;
  EXPECT_NO_THROW(Client{options});
  options.max_retries = 0;

  options.timeout = std::chrono::milliseconds::max();
  EXPECT_THAT(refusal(options), HasSubstr("timeout must be from 1 ms to 24 hours"));
  options.timeout = std::chrono::hours(24);
  EXPECT_NO_THROW(Client{options});
  options.connect_timeout = std::chrono::hours(25);
  EXPECT_THAT(refusal(options), HasSubstr("connect_timeout"));
}

TEST(OptionRanges, PerCallOptionsAreCheckedTooAndNothingIsSent) {
  auto transport = std::make_shared<FakeTransport>();
  const Client client(options_with(transport));
  RequestOptions call;
  call.max_retries = INT_MAX;
  EXPECT_THROW(client.generate(body(), call), InvalidRequestError);
  call.max_retries.reset();
  call.timeout = std::chrono::hours(100);
  EXPECT_THROW(client.generate(body(), call), InvalidRequestError);
  EXPECT_TRUE(transport->requests().empty());
}

TEST(OptionRanges, AttemptNumbersInLogsStayExact) {
  auto transport = std::make_shared<FakeTransport>();
  transport->respond(200, "{}");
  ClientOptions options = options_with(transport);
  options.max_retries = 100;
  std::string line;
  options.logger = [&](LogLevel, const std::string& text) { line = text; };
  Client(options).generate(body());
  EXPECT_THAT(line, HasSubstr("attempt 1/101"));
}

// --- validation: deep JSON is refused, not a crash ---------------------------------------------

nlohmann::json nested(std::size_t depth) {
  nlohmann::json value = 1;
  for (std::size_t i = 0; i < depth; ++i)
    value = nlohmann::json::array({std::move(value)});
  return value;
}

TEST(DeepRequests, AreRefusedBeforeSendingWithTheirPath) {
  auto transport = std::make_shared<FakeTransport>();
  const Client client(options_with(transport));
  ImageGenerationBody deep = body();
  deep.extra["deep"] = nested(20000);  // used to overflow the stack of the validation
  try {
    client.generate(deep);
    FAIL() << "sent";
  } catch (const InvalidRequestError& e) {
    EXPECT_THAT(e.what(), HasSubstr("nested more than 64 levels deep"));
    EXPECT_THAT(e.what(), HasSubstr("extra.deep[0][0]"));
    EXPECT_LT(std::string(e.what()).size(), 600u);  // the path is bounded by the cap
  }
  ImageGenerationBody metadata = body();
  metadata.metadata = nlohmann::json::object({{"m", nested(20000)}});
  EXPECT_THROW(client.generate(metadata), InvalidRequestError);
  EXPECT_TRUE(client.generate_async(metadata).wait_for(std::chrono::seconds(0)) ==
              std::future_status::ready);
  EXPECT_TRUE(transport->requests().empty());
}

TEST(DeepRequests, TheCapIsSixtyFourLevelsBelowTheBody) {
  auto transport = std::make_shared<FakeTransport>();
  const Client client(options_with(transport));
  ImageGenerationBody edge = body();
  edge.extra["x"] = nested(63);  // the member is level 1, the innermost 1 is level 64
  transport->respond(200, "{}");
  EXPECT_NO_THROW(client.generate(edge));
  edge.extra["x"] = nested(64);
  EXPECT_THROW(client.generate(edge), InvalidRequestError);
  ImageGenerationBody metadata = body();
  metadata.metadata = nlohmann::json::object({{"m", nested(62)}});
  transport->respond(200, "{}");
  EXPECT_NO_THROW(client.generate(metadata));
  metadata.metadata = nlohmann::json::object({{"m", nested(63)}});
  EXPECT_THROW(client.generate(metadata), InvalidRequestError);
}

TEST(DeepRequests, NumbersJsonCannotCarryAreRefusedNotSentAsNull) {
  auto transport = std::make_shared<FakeTransport>();
  const Client client(options_with(transport));
  for (const double odd : {std::nan(""), HUGE_VAL, -HUGE_VAL}) {
    ImageGenerationBody b = body();
    b.extra["strength"] = odd;
    try {
      client.generate(b);
      ADD_FAILURE() << "sent";
    } catch (const InvalidRequestError& e) {
      EXPECT_THAT(e.what(), HasSubstr("extra.strength is not a finite number"));
    }
  }
  EXPECT_TRUE(transport->requests().empty());
}

TEST(DeepRequests, WideValuesAreCheckedInLinearTime) {
  auto transport = std::make_shared<FakeTransport>();
  transport->respond(200, "{}");
  const Client client(options_with(transport));
  ImageGenerationBody wide = body();
  wide.extra["list"] = nlohmann::json::array();
  for (int i = 0; i < 200000; ++i)
    wide.extra["list"].push_back(i);
  wide.extra["list"].push_back("bad \xff");
  try {
    client.generate(wide);
    FAIL() << "sent";
  } catch (const InvalidRequestError& e) {
    EXPECT_THAT(e.what(), HasSubstr("extra.list[200000] is not valid UTF-8"));
  }
}

// --- Eden's error bodies -------------------------------------------------------------------------

template <typename E>
E error_of(const Client& client) {
  try {
    client.generate(body());
  } catch (const E& e) {
    return e;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "wrong type: " << e.what();
  }
  throw std::logic_error("no error");
}

TEST(EdenErrorBodies, TheBodysRetryAfterIsHonouredWithoutAHeader) {
  auto transport = std::make_shared<FakeTransport>();
  transport->respond(
      429, R"({"detail":"Rate limit exceeded","error_code":"RATE_LIMITED","retry_after":0.2})");
  transport->respond(200, "{}");
  ClientOptions options = options_with(transport);
  options.max_retries = 1;
  std::string retry_line;
  options.logger = [&](LogLevel level, const std::string& text) {
    if (level == LogLevel::warning) retry_line = text;
  };
  Client(options).generate(body());
  EXPECT_THAT(retry_line, HasSubstr("retrying in 200 ms"));  // not the 375-500 ms backoff

  // A header wins over the body; beyond 60 s nothing is waited for and the caller is told.
  auto headers_first = std::make_shared<FakeTransport>();
  headers_first->respond(429, R"({"retry_after":120})");
  options = options_with(headers_first);
  options.max_retries = 3;
  const auto e = error_of<RateLimitError>(Client(options));
  EXPECT_EQ(e.retry_after(), std::chrono::milliseconds(120000));
  EXPECT_EQ(e.attempts(), 1);
  EXPECT_EQ(e.error_code(), "");
}

TEST(EdenErrorBodies, ErrorCodeAndCreditsAreExposed) {
  auto transport = std::make_shared<FakeTransport>();
  transport->respond(402, R"({"detail":"Not enough credits","error_code":"INSUFFICIENT_CREDIT",)"
                          R"("required_credits":0.19,"available_credits":0.05})");
  transport->respond(402, R"({"error":"Insufficient credits"})");
  transport->respond(429, R"({"detail":"Rate limit exceeded","error_code":"RATE_LIMITED"})");
  transport->respond(400, R"({"error":{"message":"bad","code":"invalid_size"}})");
  const Client client(options_with(transport));
  const auto credits = error_of<InsufficientCreditsError>(client);
  EXPECT_EQ(credits.error_code(), "INSUFFICIENT_CREDIT");
  EXPECT_EQ(credits.required_credits(), 0.19);
  EXPECT_EQ(credits.available_credits(), 0.05);
  const auto bare = error_of<InsufficientCreditsError>(client);
  EXPECT_FALSE(bare.required_credits());
  EXPECT_FALSE(bare.available_credits());
  EXPECT_EQ(bare.error_code(), "");
  EXPECT_EQ(error_of<RateLimitError>(client).error_code(), "RATE_LIMITED");
  EXPECT_EQ(error_of<BadRequestError>(client).error_code(), "invalid_size");
}

TEST(EdenErrorBodies, RegionNotAllowedHasItsOwnTypeAndSaysWhatToDo) {
  auto transport = std::make_shared<FakeTransport>();
  transport->respond(451, R"({"error":{"message":"Model not available in your region",)"
                          R"("type":"request_forbidden","code":"region_not_allowed"}})");
  const auto e = error_of<RegionNotAllowedError>(Client(options_with(transport)));
  EXPECT_EQ(e.status(), 451);
  EXPECT_EQ(e.error_code(), "region_not_allowed");
  EXPECT_THAT(e.what(), HasSubstr("Model not available in your region"));
  EXPECT_THAT(e.what(), HasSubstr("not available in this region"));
  EXPECT_THAT(e.what(), HasSubstr("api.eu.edenai.run"));
  EXPECT_EQ(e.delivery(), Delivery::rejected);
}

// --- the key in no output, in any letter case ----------------------------------------------------

std::string upper(std::string text) {
  for (char& c : text)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

std::string lower(std::string text) {
  for (char& c : text)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

bool holds_key(const std::string& text) {
  return lower(text).find(lower(kKey)) != std::string::npos;
}

TEST(KeyRedaction, AHeaderNameHoldingTheKeyIsRedactedInDebugLogs) {
  auto transport = std::make_shared<FakeTransport>();
  transport->respond(200, "{}", {{"x-" + lower(kKey), "y"}, {"x-echo", upper(kKey)}});
  ClientOptions options = options_with(transport);
  options.log_level = LogLevel::debug;
  std::string log;
  options.logger = [&](LogLevel, const std::string& text) { log += text; };
  Client(options).generate(body());
  EXPECT_THAT(log, HasSubstr("response headers"));
  EXPECT_FALSE(holds_key(log)) << log;
}

TEST(KeyRedaction, EchoesInAnyLetterCaseLeaveNoErrorType) {
  auto transport = std::make_shared<FakeTransport>();
  const std::string shout = upper(kKey);
  const std::string whisper = lower(kKey);
  transport->respond(401, R"({"detail":"bad key )" + shout + R"("})", {{"x-request-id", whisper}});
  transport->respond(422, R"({"detail":[{"loc":["body",")" + whisper + R"("],"msg":")" + shout +
                              R"(","type":")" + whisper + R"("}]})");
  transport->respond(200, "{\"" + shout + "\":nope}");
  transport->push([&](const HttpRequest&) -> HttpResponse {
    throw ConnectionError("could not resolve host " + whisper);
  });
  const Client client(options_with(transport));
  const auto auth = error_of<AuthenticationError>(client);
  EXPECT_FALSE(holds_key(auth.what()));
  EXPECT_FALSE(holds_key(auth.body()));
  EXPECT_FALSE(holds_key(auth.request_id()));
  const auto invalid = error_of<UnprocessableEntityError>(client);
  EXPECT_FALSE(holds_key(invalid.what()));
  ASSERT_EQ(invalid.validation().detail.size(), 1u);
  EXPECT_FALSE(holds_key(format_location(invalid.validation().detail[0].loc)));
  EXPECT_FALSE(holds_key(invalid.validation().detail[0].msg));
  EXPECT_FALSE(holds_key(invalid.validation().detail[0].type));
  const auto decode = error_of<DecodeError>(client);
  EXPECT_FALSE(holds_key(decode.what())) << decode.what();
  EXPECT_FALSE(holds_key(decode.body()));
  const auto connection = error_of<ConnectionError>(client);
  EXPECT_FALSE(holds_key(connection.what()));
  EXPECT_FALSE(holds_key(connection.message()));
  EXPECT_FALSE(holds_key(static_cast<const std::runtime_error&>(connection).what()));
  EXPECT_FALSE(holds_key(client.redact("say " + shout)));
}

// Escapes can spell the key where no parser goes: bodies over 8 MiB or nested beyond 64 levels.
TEST(KeyRedaction, EscapedSpellingsAreRedactedInBodiesOfAnySizeOrDepth) {
  std::string escaped;  // the key with every letter as \u00XX, upper-cased: no literal trace
  for (const char c : upper(kKey)) {
    char unit[8];
    std::snprintf(unit, sizeof unit, "\\u%04x", static_cast<unsigned char>(c));
    escaped += unit;
  }
  const std::string big =
      R"({"detail":")" + escaped + R"(","pad":")" + std::string(9u << 20, 'x') + "\"}";
  const std::string deep =
      R"({"detail":)" + std::string(100, '[') + "\"" + escaped + "\"" + std::string(100, ']') + "}";
  auto transport = std::make_shared<FakeTransport>();
  transport->respond(500, big);
  transport->respond(401, deep);
  transport->respond(200, R"({"data":[{"b64_json":"QUJD"}],"note":")" + escaped + "\"} trailing");
  ClientOptions options = options_with(transport);
  options.log_level = LogLevel::debug;
  std::string log;
  options.logger = [&](LogLevel, const std::string& text) { log += text; };
  const Client client(options);
  const auto server_error = error_of<InternalServerError>(client);
  EXPECT_EQ(server_error.body().find(escaped), std::string::npos);
  EXPECT_NE(server_error.body().find("[REDACTED]"), std::string::npos);
  const auto auth = error_of<AuthenticationError>(client);
  EXPECT_EQ(auth.body().find(escaped), std::string::npos) << auth.body().substr(0, 300);
  const auto decode = error_of<DecodeError>(client);
  EXPECT_EQ(decode.body().find(escaped), std::string::npos);
  EXPECT_NE(decode.body().find("QUJD"), std::string::npos);  // the rest is left as it was
  EXPECT_THAT(log, HasSubstr("response body"));
  EXPECT_EQ(log.find(escaped), std::string::npos);
}

// --- the client's own I/O thread
// ------------------------------------------------------------------

// Runs `call` (given the client) once from the client's logger, on its I/O thread, during an
// asynchronous generation; returns what it threw ("no error" when it did not).
template <typename Call>
std::string from_the_io_thread(std::shared_ptr<FakeTransport> transport, Call call) {
  transport->respond(200, "{}");
  ClientOptions options = options_with(std::move(transport));
  const Client* self = nullptr;
  std::promise<std::string> outcome;
  std::atomic<bool> asked{false};
  options.logger = [&](LogLevel, const std::string&) {
    if (asked.exchange(true)) return;
    try {
      call(*self);
      outcome.set_value("no error");
    } catch (const InvalidRequestError& e) {
      outcome.set_value(e.what());
    }
  };
  const Client client(options);
  self = &client;
  auto generation = client.generate_async(body());
  auto message = outcome.get_future();
  if (message.wait_for(std::chrono::seconds(10)) != std::future_status::ready) return "deadlock";
  EXPECT_NO_THROW(generation.get());
  // From any other thread, the same calls work.
  EXPECT_NO_THROW(client.generate_async(body()).get());
  return message.get();
}

TEST(IoThread, ALoggerWaitingForAnAsyncCallIsRefusedInsteadOfDeadlocking) {
  auto transport = std::make_shared<FakeTransport>();
  transport->respond(200, "{}");  // for the call from another thread
  const std::string refused = from_the_io_thread(
      transport, [](const Client& c) { c.generate_async(body()).get(); });  // waits for itself
  EXPECT_THAT(refused, HasSubstr("own I/O thread"));
  EXPECT_EQ(transport->requests().size(), 2u);  // the refused call sent nothing
}

TEST(IoThread, ABatchFromTheIoThreadIsRefusedToo) {
  auto transport = std::make_shared<FakeTransport>();
  transport->respond(200, "{}");
  const std::string refused =
      from_the_io_thread(transport, [](const Client& c) { c.generate_batch({body()}); });
  EXPECT_THAT(refused, HasSubstr("generate_batch"));
}

// --- batches that stop launching ----------------------------------------------------------------

TEST(StopLaunching, CallsInFlightFinishAndTheRestAreNotStarted) {
  auto transport = std::make_shared<FakeTransport>();
  for (int i = 0; i < 10; ++i)
    transport->respond(200, R"({"data":[{"url":"u"}]})");
  const Client client(options_with(transport));
  std::vector<ImageGenerationBody> bodies(10, body());
  BatchOptions batch;
  batch.concurrency = 1;
  batch.stop_launching = CancellationToken();
  const CancellationToken stop = *batch.stop_launching;
  batch.on_result = [&](std::size_t index, GenerationResult&) {
    if (index == 2) stop.cancel();
  };
  const auto results = client.generate_batch(bodies, batch);
  ASSERT_EQ(results.size(), 10u);
  // Three finished before the stop; the fourth was launched just before it, and went out only
  // if the I/O thread sent it before the stop arrived.
  std::size_t succeeded = 0;
  for (std::size_t i = 0; i < 10; ++i) {
    if (results[i].ok()) {
      EXPECT_LE(i, 3u);
      ++succeeded;
      continue;
    }
    EXPECT_GE(i, 3u);
    try {
      results[i].rethrow();
    } catch (const CancelledError& e) {
      EXPECT_EQ(e.attempts(), 0);
      EXPECT_EQ(e.delivery(), Delivery::not_sent);
      EXPECT_THAT(e.what(), HasSubstr("not started"));
    }
  }
  EXPECT_GE(succeeded, 3u);
  EXPECT_EQ(transport->requests().size(), succeeded);  // nothing sent that did not finish
}

// --- calls told to start no new attempt -------------------------------------------------------

// Triggers `token` from another thread once `transport` has seen `requests` requests (or after a
// moment, for a call that sends nothing).
std::thread stop_when(const CancellationToken& token, const FakeTransport& transport,
                      std::size_t requests) {
  return std::thread([&token, &transport, requests] {
    for (int i = 0; i < 2000 && transport.requests().size() < requests; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // into the wait that follows
    token.cancel();
  });
}

TEST(StopNewAttempts, AWaitingRetryEndsWithTheLastOutcomeInsteadOfBeingSent) {
  for (const bool async : {false, true}) {
    auto transport = std::make_shared<FakeTransport>();
    transport->respond(503, "{}", {{"retry-after-ms", "30000"}});  // only one answer queued
    ClientOptions options = options_with(transport);
    options.max_retries = 2;
    const Client client(options);
    RequestOptions call;
    call.stop_new_attempts = CancellationToken();
    std::thread stopper = stop_when(*call.stop_new_attempts, *transport, 1);
    try {
      async ? client.generate_async(body(), call).get() : client.generate(body(), call);
      ADD_FAILURE() << "succeeded";
    } catch (const InternalServerError& e) {  // the 503 itself, not a second attempt
      EXPECT_EQ(e.attempts(), 1);
      EXPECT_EQ(e.delivery(), Delivery::rejected);
    }
    stopper.join();
    EXPECT_EQ(transport->requests().size(), 1u) << async;
  }
}

TEST(StopNewAttempts, ACallBehindTheRateLimitIsNotStarted) {
  for (const bool async : {false, true}) {
    auto transport = std::make_shared<FakeTransport>();
    transport->respond(200, "{}");
    ClientOptions options = options_with(transport);
    options.max_requests_per_second = 0.001;  // the second call would wait 1000 s
    const Client client(options);
    client.generate(body());
    RequestOptions call;
    call.stop_new_attempts = CancellationToken();
    std::thread stopper = stop_when(*call.stop_new_attempts, *transport, 1);
    try {
      async ? client.generate_async(body(), call).get() : client.generate(body(), call);
      ADD_FAILURE() << "sent";
    } catch (const CancelledError& e) {
      EXPECT_EQ(e.attempts(), 0);
      EXPECT_EQ(e.delivery(), Delivery::not_sent);
      EXPECT_THAT(e.what(), HasSubstr("not started"));
    }
    stopper.join();
    EXPECT_EQ(transport->requests().size(), 1u) << async;
  }
}

TEST(StopNewAttempts, ABatchToldToStopLaunchingRetriesNothing) {
  auto transport = std::make_shared<FakeTransport>();
  transport->respond(503, "{}", {{"retry-after-ms", "30000"}});
  transport->respond(503, "{}", {{"retry-after-ms", "30000"}});
  ClientOptions options = options_with(transport);
  options.max_retries = 2;
  const Client client(options);
  BatchOptions batch;
  batch.concurrency = 2;
  batch.stop_launching = CancellationToken();
  std::thread stopper = stop_when(*batch.stop_launching, *transport, 2);
  const auto results = client.generate_batch(std::vector<ImageGenerationBody>(5, body()), batch);
  stopper.join();
  EXPECT_EQ(transport->requests().size(), 2u);
  int rejected = 0;
  int not_started = 0;
  for (const auto& result : results) {
    try {
      result.rethrow();
    } catch (const InternalServerError& e) {
      EXPECT_EQ(e.attempts(), 1);
      ++rejected;
    } catch (const CancelledError& e) {
      EXPECT_EQ(e.delivery(), Delivery::not_sent);
      ++not_started;
    }
  }
  EXPECT_EQ(rejected, 2);
  EXPECT_EQ(not_started, 3);
}

}  // namespace
}  // namespace edenai
