// Retry conventions of the official OpenAI SDKs (see docs/retries.md).
#include "core/retry.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <ctime>
#include <random>
#include <thread>

#include "core/cancellation_scope.hpp"
#include "edenai/errors.hpp"
#include "http/api_errors.hpp"

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
  if (after == nullptr) {
    // Eden documents its 429 with the delay in the body only.
    if (response.status >= 200 && response.status < 300) return std::nullopt;
    const auto seconds = body_retry_after_seconds(response.body);
    return seconds ? as_delay(*seconds * 1000.0) : std::nullopt;
  }
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
  RetryHooks hooks;
  hooks.sleep = [](milliseconds delay, const CancellationToken* cancellation) {
    if (cancellation != nullptr) {
      cancellation->wait_for(delay);
    } else {
      std::this_thread::sleep_for(delay);
    }
  };
  hooks.jitter = [] {
    thread_local std::mt19937_64 engine{std::random_device{}()};
    return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
  };
  return hooks;
}

void RetryState::count(Delivery attempt) noexcept {
  if (static_cast<int>(attempt) > static_cast<int>(report_.delivery)) report_.delivery = attempt;
  if (attempt == Delivery::unanswered || attempt == Delivery::answered) {
    ++report_.billable_attempts;
  }
}

std::optional<milliseconds> RetryState::after_response(const HttpResponse& response,
                                                       milliseconds took) {
  count(response.status >= 200 && response.status < 300 ? Delivery::answered : Delivery::rejected);
  report_.server_delay = requested_retry_delay(response, std::chrono::system_clock::now());
  std::optional<milliseconds> delay;
  // A server that wants more than a minute is not waited for: the caller decides.
  if (!last() && is_retryable_status(response.status) &&
      !(report_.server_delay && *report_.server_delay > kMaxServerDelay) && may_bill_again()) {
    delay = report_.server_delay ? *report_.server_delay
                                 : backoff_delay(report_.attempts - 1, hooks_.jitter());
  }
  tell(&response, nullptr, took, delay);
  return delay;
}

std::optional<milliseconds> RetryState::after_error(Error& error, milliseconds took) {
  count(error.delivery());
  std::optional<milliseconds> delay;
  const auto* connection = dynamic_cast<const ConnectionError*>(&error);
  // Answered means billed: an attempt whose 2xx had begun to arrive is never made again.
  if (connection != nullptr && connection->retryable() && !last() &&
      !(error.delivery() == Delivery::answered && request_.billable) && may_bill_again()) {
    delay = backoff_delay(report_.attempts - 1, hooks_.jitter());
  }  // else final: not retried (too large, cancelled, paid), not retryable, or retries exhausted
  report_.stamp(error);
  tell(nullptr, &error, took, delay);
  return delay;
}

bool RetryState::may_bill_again() {
  if (!request_.billable || !hooks_.may_bill_again) return true;
  if (report_.billable_attempts <= billed_allowed_) return true;
  if (!hooks_.may_bill_again()) return false;
  billed_allowed_ = report_.billable_attempts;
  return true;
}

void RetryState::tell(const HttpResponse* response, const Error* error, milliseconds took,
                      std::optional<milliseconds> retry_in) const {
  if (!hooks_.on_attempt) return;
  AttemptOutcome outcome;
  outcome.request = &request_;
  outcome.attempt = report_.attempts;
  outcome.max_attempts = std::int64_t{max_retries_} + 1;
  outcome.response = response;
  outcome.error = error;
  outcome.duration = took;
  outcome.retry_in = retry_in;
  hooks_.on_attempt(outcome);
}

CancelledError call_not_started() {
  return CancelledError("not started: the call was told to start no new attempt");
}

HttpResponse send_with_retries(Transport& transport, const HttpRequest& request, int max_retries,
                               const RetryHooks& hooks, RetryReport* report) {
  RetryState state(request, max_retries, hooks);
  const CancellationToken* cancellation = request.cancellation ? &*request.cancellation : nullptr;
  const auto stop_if_cancelled = [&] {
    if (cancellation != nullptr && cancellation->cancelled()) {
      CancelledError cancelled = call_cancelled();
      state.report().stamp(cancelled);
      throw cancelled;
    }
  };
  // Waits end early on cancellation, and on a stop too when there can be one.
  std::optional<CancellationToken> wake;
  if (hooks.stop_new_attempts) wake.emplace();
  const std::optional<CancellationToken> none;
  const ScopedSubscription wake_on_cancel(wake ? request.cancellation : none,
                                          [&wake] { wake->cancel(); });
  const ScopedSubscription wake_on_stop(hooks.stop_new_attempts, [&wake] { wake->cancel(); });
  const CancellationToken* waiting = wake ? &*wake : cancellation;
  struct Publish {  // the report reaches the caller however the loop ends
    const RetryState& state;
    RetryReport* out;
    ~Publish() {
      if (out != nullptr) *out = state.report();
    }
  } publish{state, report};
  // The outcome of an attempt followed by a wait: final if no attempt follows it.
  std::optional<HttpResponse> last_response;
  std::exception_ptr last_error;
  const auto end_with_last = [&]() -> HttpResponse {
    if (last_response) return std::move(*last_response);
    std::rethrow_exception(last_error);
  };
  for (;;) {
    stop_if_cancelled();
    if (hooks.limiter != nullptr && !state.stopped()) {
      if (const milliseconds wait = hooks.limiter->reserve(); wait.count() > 0) {
        hooks.sleep(wait, waiting);
        stop_if_cancelled();
      }
    }
    if (state.stopped()) {
      if (state.report().attempts > 0) return end_with_last();
      CancelledError not_started = call_not_started();
      state.report().stamp(not_started);
      throw not_started;
    }
    state.begin_attempt();
    const auto started = std::chrono::steady_clock::now();
    const auto took = [&] {
      return std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - started);
    };
    std::optional<milliseconds> delay;
    last_response.reset();
    last_error = nullptr;
    try {
      HttpResponse response = transport.send(request);
      delay = state.after_response(response, took());
      if (!delay) return response;
      last_response = std::move(response);
    } catch (Error& e) {
      delay = state.after_error(e, took());
      if (!delay) throw;
      last_error = std::current_exception();  // stamped: the outcome if no attempt follows
    }
    hooks.sleep(*delay, waiting);
  }
}

}  // namespace edenai::internal
