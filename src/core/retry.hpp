// The retry loop, split into a policy (what to retry), a backoff (how long to wait) and a
// sleeper (how to wait), so tests can inject the sleeper and the jitter and assert exact delays.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>

#include "core/rate_limiter.hpp"
#include "edenai/errors.hpp"
#include "edenai/transport.hpp"

namespace edenai::internal {

/// Whether a response status is worth another attempt: 408, 409, 429 and >= 500.
bool is_retryable_status(int status);

/// Delay before retry number `retry` (0 for the first retry): min(0.5 s * 2^retry, 8 s),
/// reduced by up to 25 % as `jitter` (in [0, 1)) goes from 0 to 1.
std::chrono::milliseconds backoff_delay(int retry, double jitter);

/// The delay the server asks for, from `retry-after-ms`, then `Retry-After` (seconds or an HTTP
/// date relative to `now`), then, for an error status without either header, Eden's
/// `retry_after` (seconds) in the JSON body; std::nullopt when absent, unparsable or negative.
std::optional<std::chrono::milliseconds> requested_retry_delay(
    const HttpResponse& response, std::chrono::system_clock::time_point now);

/// `requested_retry_delay` when it is within 0..60 s: the delays the SDK waits; else std::nullopt.
std::optional<std::chrono::milliseconds> server_retry_delay(
    const HttpResponse& response, std::chrono::system_clock::time_point now);

/// What one attempt gave, for the log.
struct AttemptOutcome {
  const HttpRequest* request = nullptr;    ///< what was sent
  int attempt = 1;                         ///< 1-based
  std::int64_t max_attempts = 1;           ///< max_retries + 1
  const HttpResponse* response = nullptr;  ///< the response, or null when `error` is set
  const Error* error = nullptr;
  std::chrono::milliseconds duration{0};
  std::optional<std::chrono::milliseconds> retry_in;  ///< set when another attempt follows
};

/// How the retry loop waits and draws jitter (both replaced in tests), and whom it tells about
/// each attempt. `sleep` is given the request's cancellation token, if any, and returns early
/// once it is triggered.
struct RetryHooks {
  std::function<void(std::chrono::milliseconds, const CancellationToken*)> sleep;
  std::function<double()> jitter;
  std::function<void(const AttemptOutcome&)> on_attempt;  ///< may be empty
  /// Paces every attempt (retries included) when set; shared by all of a client's calls.
  RateLimiter* limiter = nullptr;
  /// `RequestOptions::stop_new_attempts`: once triggered, no further attempt starts.
  std::optional<CancellationToken> stop_new_attempts;
  /// Asked, for a paid request (`HttpRequest::billable`), before it retries after an attempt
  /// that may have been billed: false makes that attempt's outcome final. The client's Budget
  /// reserves the estimate of the attempt to come here. Empty: always allowed.
  std::function<bool()> may_bill_again;
};

/// Real sleeping (interrupted by cancellation) and a uniformly random jitter.
RetryHooks default_retry_hooks();

/// What the retry loop did, for the error it may lead to.
struct RetryReport {
  int attempts = 0;
  /// The delay the last response asked for, if any (also beyond 60 s).
  std::optional<std::chrono::milliseconds> server_delay;
  /// The furthest any attempt got, and how many attempts may have been billed.
  Delivery delivery = Delivery::not_sent;
  int billable_attempts = 0;

  /// Records on `error` what the attempts did: their number and how far they got.
  void stamp(Error& error) const {
    error.set_attempts(attempts);
    error.set_delivery(delivery, billable_attempts);
  }
};

/// The retry rules applied to each attempt's outcome, in one place for the blocking loop below
/// and the asynchronous engine: which outcomes are retried, after what delay, the attempt count
/// stamped on final errors, and the `on_attempt` report.
class RetryState {
 public:
  /// `request` and `hooks` must outlive the state.
  RetryState(const HttpRequest& request, int max_retries, const RetryHooks& hooks)
      : request_(request), max_retries_(max_retries), hooks_(hooks) {}

  /// Counts a new attempt; call just before sending it.
  void begin_attempt() { ++report_.attempts; }
  /// After a response: the delay before another attempt, or std::nullopt when it is final (a
  /// success, a status not retried, retries exhausted, or a server asking for more than 60 s).
  std::optional<std::chrono::milliseconds> after_response(const HttpResponse& response,
                                                          std::chrono::milliseconds took);
  /// After a failed attempt: the delay before another attempt (a transient ConnectionError or a
  /// timeout, retries left, and no 2xx answer had begun to arrive), or std::nullopt when `error`
  /// is final. Either way the report is stamped on `error`, which is the call's outcome if no
  /// attempt follows (a stop during the wait). `error.delivery()` says, on the way in, how far
  /// the attempt got (as its transport stamped it).
  std::optional<std::chrono::milliseconds> after_error(Error& error,
                                                       std::chrono::milliseconds took);

  const RetryReport& report() const noexcept { return report_; }

  /// Whether the call was told to start no new attempt (`RetryHooks::stop_new_attempts`).
  bool stopped() const noexcept {
    return hooks_.stop_new_attempts && hooks_.stop_new_attempts->cancelled();
  }

 private:
  /// Whether no further attempt may follow: retries exhausted, or no new attempt wanted.
  bool last() const noexcept { return report_.attempts > max_retries_ || stopped(); }
  /// Whether another attempt may be paid for: asks `may_bill_again` once for each attempt that
  /// may have been billed and has not been paid for yet.
  bool may_bill_again();
  void count(Delivery attempt) noexcept;
  void tell(const HttpResponse* response, const Error* error, std::chrono::milliseconds took,
            std::optional<std::chrono::milliseconds> retry_in) const;

  const HttpRequest& request_;
  int max_retries_;
  const RetryHooks& hooks_;
  RetryReport report_;
  int billed_allowed_ = 0;  // possibly billed attempts that another attempt was allowed after
};

/// The error of a call told to start no new attempt before its first one.
CancelledError call_not_started();

/// Sends `request`, retrying up to `max_retries` times on transient connection errors,
/// timeouts and retryable statuses. Once `hooks.stop_new_attempts` is triggered no attempt
/// starts: before the first, CancelledError (`call_not_started`); between two, the last
/// attempt's outcome is final. Returns the last response: a success, a non-retryable status,
/// a retryable one when retries are exhausted, or one whose server asked to wait more than 60 s
/// (the SDK gives up rather than sleep that long). Errors thrown carry the number of attempts.
/// @throws ConnectionError after the last attempt.
/// @throws CancelledError when `request.cancellation` is triggered, also during a wait.
HttpResponse send_with_retries(Transport& transport, const HttpRequest& request, int max_retries,
                               const RetryHooks& hooks, RetryReport* report = nullptr);

}  // namespace edenai::internal
