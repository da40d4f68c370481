// Retry pieces: backoff maths, the server's requested delay, and the loop with an injected
// sleeper and jitter so exact delays are asserted without waiting.
#include <gtest/gtest.h>

#include <clocale>
#include <cstdlib>
#include <string>

#include "core/retry.hpp"
#include "edenai/errors.hpp"
#include "support/fake_transport.hpp"

namespace edenai::internal {
namespace {

using std::chrono::milliseconds;
using testing::FakeTransport;

TEST(Backoff, DoublesFromHalfASecondUpToEightSeconds) {
  EXPECT_EQ(backoff_delay(0, 0.0), milliseconds(500));
  EXPECT_EQ(backoff_delay(1, 0.0), milliseconds(1000));
  EXPECT_EQ(backoff_delay(2, 0.0), milliseconds(2000));
  EXPECT_EQ(backoff_delay(3, 0.0), milliseconds(4000));
  EXPECT_EQ(backoff_delay(4, 0.0), milliseconds(8000));
  EXPECT_EQ(backoff_delay(9, 0.0), milliseconds(8000));
}

TEST(Backoff, JitterTakesOffUpToAQuarter) {
  EXPECT_EQ(backoff_delay(0, 1.0), milliseconds(375));
  EXPECT_EQ(backoff_delay(1, 0.5), milliseconds(875));
  EXPECT_EQ(backoff_delay(4, 1.0), milliseconds(6000));
}

TEST(RetryableStatus, FollowsTheOpenAiConventions) {
  for (int yes : {408, 409, 429, 500, 502, 503, 504, 599})
    EXPECT_TRUE(is_retryable_status(yes));
  for (int no : {200, 400, 401, 402, 403, 404, 413, 422})
    EXPECT_FALSE(is_retryable_status(no));
}

HttpResponse with_headers(std::vector<Header> headers) {
  return HttpResponse{429, headers, ""};
}

TEST(ServerRetryDelay, ReadsMillisecondsSecondsAndDates) {
  const auto now = std::chrono::system_clock::from_time_t(1'700'000'000);
  EXPECT_EQ(server_retry_delay(with_headers({{"retry-after-ms", "1500"}}), now),
            milliseconds(1500));
  EXPECT_EQ(server_retry_delay(with_headers({{"retry-after", "2"}}), now), milliseconds(2000));
  EXPECT_EQ(server_retry_delay(with_headers({{"retry-after", "0.25"}}), now), milliseconds(250));
  EXPECT_EQ(server_retry_delay(with_headers({{"retry-after", "0"}}), now), milliseconds(0));
  // 1700000000 is Tue, 14 Nov 2023 22:13:20 GMT.
  EXPECT_EQ(
      server_retry_delay(with_headers({{"retry-after", "Tue, 14 Nov 2023 22:13:25 GMT"}}), now),
      milliseconds(5000));
  EXPECT_EQ(
      server_retry_delay(with_headers({{"retry-after-ms", "100"}, {"retry-after", "3"}}), now),
      milliseconds(100));
}

// Switches to a German locale, compiling one into a scratch LOCPATH when the system has none.
bool use_german_locale() {
  if (std::setlocale(LC_ALL, "de_DE.UTF-8") != nullptr) return true;
  const std::string dir = ::testing::TempDir() + "edenai-locales";
  const std::string command =
      "mkdir -p '" + dir + "' && localedef -i de_DE -f UTF-8 '" + dir + "/de_DE.UTF-8' 2>/dev/null";
  if (std::system(command.c_str()) != 0) return false;
  setenv("LOCPATH", dir.c_str(), 1);
  return std::setlocale(LC_ALL, "de_DE.UTF-8") != nullptr;
}

TEST(ServerRetryDelay, DoesNotDependOnTheProcessLocale) {
  // de_DE writes 0,25 for 0.25 and has its own day and month names; headers are always in the
  // C format.
  if (!use_german_locale()) GTEST_SKIP() << "no de_DE locale and localedef could not make one";
  ASSERT_EQ(std::strtod("0,25", nullptr), 0.25) << "the German locale is not in effect";
  const auto now = std::chrono::system_clock::from_time_t(1'700'000'000);
  const auto seconds = server_retry_delay(with_headers({{"retry-after", "0.25"}}), now);
  const auto date =
      server_retry_delay(with_headers({{"retry-after", "Tue, 14 Nov 2023 22:13:25 GMT"}}), now);
  std::setlocale(LC_ALL, "C");
  EXPECT_EQ(seconds, milliseconds(250));
  EXPECT_EQ(date, milliseconds(5000));
}

TEST(ServerRetryDelay, IgnoresAbsentOutOfRangeAndGarbage) {
  const auto now = std::chrono::system_clock::from_time_t(1'700'000'000);
  EXPECT_FALSE(server_retry_delay(with_headers({}), now));
  EXPECT_FALSE(server_retry_delay(with_headers({{"retry-after", "61"}}), now));
  EXPECT_FALSE(server_retry_delay(with_headers({{"retry-after", "-1"}}), now));
  EXPECT_FALSE(server_retry_delay(with_headers({{"retry-after", "soon"}}), now));
  EXPECT_FALSE(server_retry_delay(with_headers({{"retry-after", "nan"}}), now));
  EXPECT_FALSE(
      server_retry_delay(with_headers({{"retry-after", "Tue, 14 Nov 2023 22:13:10 GMT"}}), now));
}

struct RecordingHooks {
  std::vector<milliseconds> sleeps;
  RetryHooks hooks() {
    return RetryHooks{[this](milliseconds d, const CancellationToken*) { sleeps.push_back(d); },
                      [] { return 0.0; },
                      {},
                      nullptr,
                      {},
                      {}};
  }
};

TEST(SendWithRetries, RetriesRetryableStatusesWithBackoff) {
  FakeTransport transport;
  transport.respond(503, "");
  transport.respond(429, "");
  transport.respond(200, "{}");
  RecordingHooks recorder;
  const HttpResponse response = send_with_retries(transport, HttpRequest{}, 2, recorder.hooks());
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(transport.requests().size(), 3u);
  EXPECT_EQ(recorder.sleeps, (std::vector<milliseconds>{milliseconds(500), milliseconds(1000)}));
}

TEST(SendWithRetries, HonoursTheServersDelay) {
  FakeTransport transport;
  transport.respond(429, "", {{"retry-after", "3"}});
  transport.respond(200, "{}");
  RecordingHooks recorder;
  send_with_retries(transport, HttpRequest{}, 2, recorder.hooks());
  EXPECT_EQ(recorder.sleeps, std::vector<milliseconds>{milliseconds(3000)});
}

TEST(SendWithRetries, NeverRetriesClientErrors) {
  for (int status : {400, 401, 402, 403, 404, 413, 422}) {
    FakeTransport transport;
    transport.respond(status, "");
    RecordingHooks recorder;
    EXPECT_EQ(send_with_retries(transport, HttpRequest{}, 2, recorder.hooks()).status, status);
    EXPECT_EQ(transport.requests().size(), 1u) << status;
    EXPECT_TRUE(recorder.sleeps.empty());
  }
}

TEST(SendWithRetries, ReturnsTheLastResponseWhenRetriesRunOut) {
  FakeTransport transport;
  for (int i = 0; i < 3; ++i)
    transport.respond(500, "e" + std::to_string(i));
  RecordingHooks recorder;
  const HttpResponse response = send_with_retries(transport, HttpRequest{}, 2, recorder.hooks());
  EXPECT_EQ(response.body, "e2");
  EXPECT_EQ(transport.requests().size(), 3u);
}

TEST(SendWithRetries, RetriesConnectionErrorsThenRethrows) {
  FakeTransport transport;
  transport.push([](const HttpRequest&) -> HttpResponse { throw ConnectionError("reset"); });
  transport.respond(200, "{}");
  RecordingHooks recorder;
  EXPECT_EQ(send_with_retries(transport, HttpRequest{}, 1, recorder.hooks()).status, 200);

  FakeTransport failing;
  failing.push([](const HttpRequest&) -> HttpResponse { throw TimeoutError("slow"); });
  failing.push([](const HttpRequest&) -> HttpResponse { throw TimeoutError("slow again"); });
  EXPECT_THROW(send_with_retries(failing, HttpRequest{}, 1, recorder.hooks()), TimeoutError);
  EXPECT_EQ(failing.requests().size(), 2u);
}

TEST(SendWithRetries, DoesNotRetryPermanentConnectionErrors) {
  FakeTransport transport;
  transport.push([](const HttpRequest&) -> HttpResponse {
    throw ConnectionError("URL using bad/illegal format", /*retryable=*/false);
  });
  RecordingHooks recorder;
  EXPECT_THROW(send_with_retries(transport, HttpRequest{}, 2, recorder.hooks()), ConnectionError);
  EXPECT_EQ(transport.requests().size(), 1u);
  EXPECT_TRUE(recorder.sleeps.empty());
}

TEST(SendWithRetries, DoesNotRetryAnOversizedResponse) {
  FakeTransport transport;
  transport.push(
      [](const HttpRequest&) -> HttpResponse { throw ResponseTooLargeError("too big"); });
  RecordingHooks recorder;
  EXPECT_THROW(send_with_retries(transport, HttpRequest{}, 2, recorder.hooks()),
               ResponseTooLargeError);
  EXPECT_EQ(transport.requests().size(), 1u);
}

TEST(SendWithRetries, GivesUpWhenTheServerWantsMoreThanAMinute) {
  const auto now = std::chrono::system_clock::now();
  EXPECT_EQ(requested_retry_delay(with_headers({{"retry-after", "120"}}), now),
            milliseconds(120000));
  FakeTransport transport;
  transport.respond(429, "", {{"retry-after", "120"}});
  transport.respond(200, "{}");
  RecordingHooks recorder;
  RetryReport report;
  EXPECT_EQ(send_with_retries(transport, HttpRequest{}, 2, recorder.hooks(), &report).status, 429);
  EXPECT_EQ(transport.requests().size(), 1u);
  EXPECT_TRUE(recorder.sleeps.empty());
  EXPECT_EQ(report.attempts, 1);
  EXPECT_EQ(report.server_delay, milliseconds(120000));
}

TEST(SendWithRetries, ReportsAndStampsTheAttempts) {
  FakeTransport transport;
  for (int i = 0; i < 3; ++i)
    transport.respond(500, "");
  RecordingHooks recorder;
  RetryReport report;
  send_with_retries(transport, HttpRequest{}, 2, recorder.hooks(), &report);
  EXPECT_EQ(report.attempts, 3);
  EXPECT_FALSE(report.server_delay);

  FakeTransport failing;
  for (int i = 0; i < 2; ++i) {
    failing.push([](const HttpRequest&) -> HttpResponse { throw ConnectionError("reset"); });
  }
  try {
    send_with_retries(failing, HttpRequest{}, 1, recorder.hooks());
    FAIL() << "expected a ConnectionError";
  } catch (const ConnectionError& e) {
    EXPECT_EQ(e.attempts(), 2);
    EXPECT_STREQ(e.what(), "reset (after 2 attempts)");
  }
  FakeTransport oversized;
  oversized.push([](const HttpRequest&) -> HttpResponse { throw ResponseTooLargeError("big"); });
  try {
    send_with_retries(oversized, HttpRequest{}, 2, recorder.hooks());
    FAIL() << "expected a ResponseTooLargeError";
  } catch (const ResponseTooLargeError& e) {
    EXPECT_EQ(e.attempts(), 1);
    EXPECT_STREQ(e.what(), "big");  // one attempt: nothing added
  }
}

TEST(SendWithRetries, ACancellationDuringTheWaitEndsTheCall) {
  FakeTransport transport;
  transport.respond(503, "");
  transport.respond(200, "{}");
  HttpRequest request;
  request.cancellation = CancellationToken();
  // The sleeper stands for the wait being interrupted: it cancels, as another thread would.
  std::vector<milliseconds> sleeps;
  const RetryHooks hooks{[&](milliseconds d, const CancellationToken* token) {
                           sleeps.push_back(d);
                           ASSERT_NE(token, nullptr);
                           token->cancel();
                         },
                         [] { return 0.0; },
                         {},
                         nullptr,
                         {},
                         {}};
  try {
    send_with_retries(transport, request, 2, hooks);
    FAIL() << "expected a CancelledError";
  } catch (const CancelledError& e) {
    EXPECT_EQ(e.attempts(), 1);
  }
  EXPECT_EQ(transport.requests().size(), 1u);
  EXPECT_EQ(sleeps.size(), 1u);
}

TEST(SendWithRetries, ZeroRetriesMeansOneAttempt) {
  FakeTransport transport;
  transport.respond(503, "");
  RecordingHooks recorder;
  EXPECT_EQ(send_with_retries(transport, HttpRequest{}, 0, recorder.hooks()).status, 503);
  EXPECT_EQ(transport.requests().size(), 1u);
  EXPECT_TRUE(recorder.sleeps.empty());
}

}  // namespace
}  // namespace edenai::internal
