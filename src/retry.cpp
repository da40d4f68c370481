// Retry conventions of the official OpenAI SDKs (see docs/retries.md).
#include "retry.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <ctime>
#include <random>
#include <thread>

#include "edenai/errors.hpp"

namespace edenai::internal {
namespace {

using std::chrono::milliseconds;

constexpr milliseconds kInitialDelay{500};
constexpr milliseconds kMaxDelay{8000};
constexpr milliseconds kMaxServerDelay{60000};

// Locale-independent: a program that changed LC_NUMERIC or LC_TIME parses the same headers.
std::optional<double> parse_number(const std::string& text) {
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

int parse_digits(std::string_view text) {
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

// IMF-fixdate, the HTTP date format: "Sun, 06 Nov 1994 08:49:37 GMT".
std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view text) {
  static constexpr std::string_view kMonths = "JanFebMarAprMayJunJulAugSepOctNovDec";
  if (text.size() != 29 || text.substr(3, 2) != ", " || text[7] != ' ' || text[11] != ' ' ||
      text[16] != ' ' || text[19] != ':' || text[22] != ':' || text.substr(25) != " GMT") {
    return std::nullopt;
  }
  const auto month = kMonths.find(text.substr(8, 3));
  const int day = parse_digits(text.substr(5, 2));
  const int year = parse_digits(text.substr(12, 4));
  const int hour = parse_digits(text.substr(17, 2));
  const int minute = parse_digits(text.substr(20, 2));
  const int second = parse_digits(text.substr(23, 2));
  if (month == std::string_view::npos || month % 3 != 0 || day < 1 || day > 31 || year < 1970 ||
      hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
    return std::nullopt;
  }
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = static_cast<int>(month / 3);
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

// A negative delay is no delay; an enormous one is held at a year (still far beyond the 60 s
// the loop waits, so the call gives up at once).
std::optional<milliseconds> as_delay(double ms) {
  if (ms < 0) return std::nullopt;
  constexpr double kYear = 365.0 * 24 * 3600 * 1000;
  return milliseconds(static_cast<std::int64_t>(std::ceil(std::min(ms, kYear))));
}

}  // namespace

bool is_retryable_status(int status) {
  return status == 408 || status == 409 || status == 429 || status >= 500;
}

milliseconds backoff_delay(int retry, double jitter) {
  const double base = std::min(static_cast<double>(kInitialDelay.count()) * std::pow(2.0, retry),
                               static_cast<double>(kMaxDelay.count()));
  const double factor = 1.0 - 0.25 * std::clamp(jitter, 0.0, 1.0);
  return milliseconds(static_cast<std::int64_t>(base * factor));
}

std::optional<milliseconds> requested_retry_delay(const HttpResponse& response,
                                                  std::chrono::system_clock::time_point now) {
  if (const std::string* ms = response.header("retry-after-ms")) {
    if (const auto value = parse_number(*ms)) return as_delay(*value);
  }
  const std::string* after = response.header("retry-after");
  if (after == nullptr) return std::nullopt;
  if (const auto seconds = parse_number(*after)) return as_delay(*seconds * 1000.0);
  if (const auto date = parse_http_date(*after)) {
    const auto delta = std::chrono::duration_cast<milliseconds>(*date - now);
    return as_delay(static_cast<double>(delta.count()));
  }
  return std::nullopt;
}

std::optional<milliseconds> server_retry_delay(const HttpResponse& response,
                                               std::chrono::system_clock::time_point now) {
  const auto delay = requested_retry_delay(response, now);
  if (delay && *delay > kMaxServerDelay) return std::nullopt;
  return delay;
}

RetryHooks default_retry_hooks() {
  return RetryHooks{
      [](milliseconds delay, const CancellationToken* cancellation) {
        if (cancellation != nullptr) {
          cancellation->wait_for(delay);
        } else {
          std::this_thread::sleep_for(delay);
        }
      },
      [] {
        thread_local std::mt19937_64 engine{std::random_device{}()};
        return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
      },
      {},
  };
}

HttpResponse send_with_retries(Transport& transport, const HttpRequest& request, int max_retries,
                               const RetryHooks& hooks, RetryReport* report) {
  RetryReport local;
  RetryReport& done = report != nullptr ? *report : local;
  const CancellationToken* cancellation = request.cancellation ? &*request.cancellation : nullptr;
  const auto stop_if_cancelled = [&](int attempts) {
    if (cancellation == nullptr || !cancellation->cancelled()) return;
    CancelledError cancelled("the call was cancelled");
    cancelled.set_attempts(attempts);
    throw cancelled;
  };
  for (int attempt = 0;; ++attempt) {
    stop_if_cancelled(attempt);
    const bool last = attempt >= max_retries;
    done.attempts = attempt + 1;
    const auto started = std::chrono::steady_clock::now();
    const auto tell = [&](const HttpResponse* response, const Error* error,
                          std::optional<milliseconds> retry_in) {
      if (!hooks.on_attempt) return;
      AttemptOutcome outcome;
      outcome.attempt = attempt + 1;
      outcome.max_attempts = max_retries + 1;
      outcome.response = response;
      outcome.error = error;
      outcome.duration =
          std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - started);
      outcome.retry_in = retry_in;
      hooks.on_attempt(outcome);
    };
    milliseconds delay{0};
    try {
      HttpResponse response = transport.send(request);
      done.server_delay = requested_retry_delay(response, std::chrono::system_clock::now());
      // A server that wants more than a minute is not waited for: the caller decides.
      if (last || !is_retryable_status(response.status) ||
          (done.server_delay && *done.server_delay > kMaxServerDelay)) {
        tell(&response, nullptr, std::nullopt);
        return response;
      }
      delay = done.server_delay ? *done.server_delay : backoff_delay(attempt, hooks.jitter());
      tell(&response, nullptr, delay);
    } catch (ConnectionError& e) {
      if (last || !e.retryable()) {
        e.set_attempts(done.attempts);
        tell(nullptr, &e, std::nullopt);
        throw;
      }
      delay = backoff_delay(attempt, hooks.jitter());
      tell(nullptr, &e, delay);
    } catch (Error& e) {  // not retried (a response too large, a cancellation)
      e.set_attempts(done.attempts);
      tell(nullptr, &e, std::nullopt);
      throw;
    }
    hooks.sleep(delay, cancellation);
    stop_if_cancelled(attempt + 1);
  }
}

}  // namespace edenai::internal
