// The exception hierarchy thrown by the SDK. Every exception derives from edenai::Error.
//
//   Error
//   ├── InvalidRequestError        the request broke the contract; nothing was sent
//   ├── ConnectionError            no whole HTTP response was received
//   │   └── TimeoutError
//   ├── ResponseTooLargeError      the response exceeded ClientOptions::max_response_bytes
//   ├── CancelledError             RequestOptions::cancellation was triggered
//   ├── DecodeError                a 2xx body that is not JSON or not the documented shape
//   ├── SaveError                  an image could not be written (edenai/save.hpp)
//   ├── BudgetExceededError        the call would exceed its Budget; nothing was sent
//   └── ApiError                   the server answered with a non-2xx status
//       ├── BadRequestError            400
//       ├── AuthenticationError        401
//       ├── InsufficientCreditsError   402 (with the credits Eden said were required and left)
//       ├── PermissionDeniedError      403
//       ├── NotFoundError              404
//       ├── ConflictError              409
//       ├── UnprocessableEntityError   422 (with the parsed validation details)
//       ├── RateLimitError             429
//       ├── RegionNotAllowedError      451 (a model not cleared for this region's host)
//       └── InternalServerError        >= 500
//
// Every error says how far the call got (`delivery()`): whether Eden may have processed, and
// billed, a request that failed. No message, body or request id held by these exceptions
// contains the API key, in any letter case.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "edenai/export.hpp"
#include "edenai/types.hpp"

namespace edenai {

/// How far a failed call got, over all of its attempts: what it may have cost. Eden AI has no
/// idempotency key, so this is what tells a caller whether retrying on its own may pay twice.
enum class Delivery {
  /// No attempt reached the server whole: refused before sending, no connection, cancelled or
  /// failed before the request was written out in full. Eden cannot have processed it.
  not_sent,
  /// Every attempt that reached the server was answered with an error status (4xx, 5xx): Eden
  /// said it produced nothing.
  rejected,
  /// An attempt was sent in full and no status came back (timeout, reset, closed connection,
  /// cancelled while waiting): Eden may have processed and billed it.
  unanswered,
  /// The server answered 2xx, then the body was cut short, too large or unreadable: the
  /// generation was produced and billed. Never retried.
  answered,
};

/// The class of an SDK error, for code that branches on it without `dynamic_cast` or a rethrow
/// (`Result::kind()`): one value per class of the hierarchy above, `none` for no error and
/// `other` for an exception that is not an `edenai::Error`.
enum class ErrorKind {
  none,                  ///< no error (a successful Result)
  invalid_request,       ///< InvalidRequestError
  connection,            ///< ConnectionError
  timeout,               ///< TimeoutError
  response_too_large,    ///< ResponseTooLargeError
  cancelled,             ///< CancelledError
  decode,                ///< DecodeError
  api,                   ///< ApiError of a status without a class of its own
  bad_request,           ///< BadRequestError (400)
  authentication,        ///< AuthenticationError (401)
  insufficient_credits,  ///< InsufficientCreditsError (402)
  permission_denied,     ///< PermissionDeniedError (403)
  not_found,             ///< NotFoundError (404)
  conflict,              ///< ConflictError (409)
  unprocessable_entity,  ///< UnprocessableEntityError (422)
  rate_limit,            ///< RateLimitError (429)
  region_not_allowed,    ///< RegionNotAllowedError (451)
  internal_server,       ///< InternalServerError (>= 500)
  other,                 ///< an exception that is not an edenai::Error
  save,                  ///< SaveError (edenai/save.hpp): an image could not be written
  budget_exceeded,       ///< BudgetExceededError (edenai/budget.hpp): refused before sending
};

/// The name of `kind` as written above, e.g. `"rate_limit"`.
EDENAI_EXPORT const char* to_string(ErrorKind kind) noexcept;

/// Base of every exception the SDK throws.
class EDENAI_EXPORT Error : public std::runtime_error {
 public:
  /// An error saying `message`: nothing sent (`Delivery::not_sent`), no attempt counted.
  explicit Error(const std::string& message) : std::runtime_error(message) {}

  /// Copies share the message; a move is a copy, so a moved-from error still has its message.
  Error(const Error&) = default;
  /// As the copy constructor.
  Error& operator=(const Error&) = default;
  ~Error() override = default;

  /// The error's class (each subclass says its own).
  virtual ErrorKind kind() const noexcept { return ErrorKind::other; }

  /// The message, ending with "(after N attempts)" when several attempts were made.
  const char* what() const noexcept override {
    return full_message_ ? full_message_->c_str() : std::runtime_error::what();
  }

  /// The message as raised, without the "(after N attempts)" suffix.
  const char* message() const noexcept { return std::runtime_error::what(); }

  /// How many HTTP attempts were made before this error was raised: 0 when nothing was sent,
  /// 1 when the first attempt failed for good, `max_retries + 1` when the retries ran out. Each
  /// attempt put the request on the wire at most once: the SDK alone decides every re-send.
  int attempts() const noexcept { return attempts_; }

  /// How far the call got, over all its attempts (the furthest any attempt got).
  Delivery delivery() const noexcept { return delivery_; }

  /// Whether Eden may have processed and billed this call: some attempt was sent in full and
  /// got no error status back (`Delivery::unanswered` or `Delivery::answered`).
  bool may_have_been_billed() const noexcept {
    return delivery_ == Delivery::unanswered || delivery_ == Delivery::answered;
  }

  /// How many of the attempts may have been billed (sent in full, and not answered with an
  /// error status): 0 when `may_have_been_billed()` is false.
  int billable_attempts() const noexcept { return billable_attempts_; }

  /// Records the number of attempts; from 2 on, `what()` ends with "(after N attempts)".
  /// Called by the SDK's retry loop.
  void set_attempts(int attempts) {
    attempts_ = attempts;
    full_message_ =
        attempts > 1 ? std::make_shared<const std::string>(std::string(message()) + " (after " +
                                                           std::to_string(attempts) + " attempts)")
                     : nullptr;
  }

  /// Records how far the call got. Called by the SDK; a custom Transport sets it on the errors
  /// it throws to say how far its attempt got (see `Transport::send`).
  void set_delivery(Delivery delivery, int billable_attempts) noexcept {
    delivery_ = delivery;
    billable_attempts_ = billable_attempts;
  }

  /// Replaces every occurrence of each of `secrets`, in any letter case, with `[REDACTED]` in
  /// the message and in every other text the error holds (bodies, request ids, details).
  /// Called by the SDK on every error it lets through, so no error type can carry the key out;
  /// a subclass with text of its own redacts it in an override.
  virtual void redact(const std::vector<std::string>& secrets);

 protected:
  /// `text` with each of `secrets` replaced, in any letter case.
  static std::string redacted(std::string text, const std::vector<std::string>& secrets);

 private:
  std::shared_ptr<const std::string> full_message_;  // shared: copying must not throw
  int attempts_ = 0;
  Delivery delivery_ = Delivery::not_sent;
  int billable_attempts_ = 0;
};

/// The request broke the contract (empty model, prompt too long, a credential header, ...), or
/// an option is out of range. Thrown before any byte is sent. The message names the field.
class EDENAI_EXPORT InvalidRequestError : public Error {
 public:
  ErrorKind kind() const noexcept override { return ErrorKind::invalid_request; }
  using Error::Error;  ///< From the message, as Error.
};

/// No whole HTTP response was received: DNS, connect, TLS, reset, a truncated body, or an
/// interim (1xx) answer the client never asked for.
class EDENAI_EXPORT ConnectionError : public Error {
 public:
  ErrorKind kind() const noexcept override { return ErrorKind::connection; }
  /// @param message what failed, e.g. curl's text naming the host.
  /// @param retryable whether another attempt may succeed (false for a malformed URL, an
  ///        unsupported protocol, a failed certificate check, or a 2xx answer that was cut
  ///        short: the generation was produced, and another attempt would buy it again).
  /// A transport that raises one should say how far its attempt got with `set_delivery`;
  /// unless it does, the attempt counts as sent and unanswered (possibly billed).
  explicit ConnectionError(const std::string& message, bool retryable = true)
      : Error(message), retryable_(retryable) {
    set_delivery(Delivery::unanswered, 1);
  }

  /// Whether the failure is transient; the client retries only those (and never an attempt
  /// whose 2xx answer had begun to arrive).
  bool retryable() const noexcept { return retryable_; }

 private:
  bool retryable_;
};

/// The connect timeout or the total timeout elapsed before the response was complete.
class EDENAI_EXPORT TimeoutError : public ConnectionError {
 public:
  ErrorKind kind() const noexcept override { return ErrorKind::timeout; }
  /// @param message which timeout elapsed, and after how long.
  /// @param retryable false when the timeout cut short a 2xx answer (the generation is paid).
  explicit TimeoutError(const std::string& message, bool retryable = true)
      : ConnectionError(message, retryable) {}
};

/// The response body (after decompression) exceeded the configured maximum size; the transfer
/// was stopped. Never retried.
class EDENAI_EXPORT ResponseTooLargeError : public Error {
 public:
  ErrorKind kind() const noexcept override { return ErrorKind::response_too_large; }
  /// An error saying `message`, counted as answered (a body was arriving).
  explicit ResponseTooLargeError(const std::string& message) : Error(message) {
    set_delivery(Delivery::answered, 1);  // a body was arriving; the transport says whose
  }
};

/// The call was cancelled through `RequestOptions::cancellation` (or its client was destroyed
/// first). Never retried. `delivery()` says whether the request had gone out before.
class EDENAI_EXPORT CancelledError : public Error {
 public:
  ErrorKind kind() const noexcept override { return ErrorKind::cancelled; }
  using Error::Error;  ///< From the message, as Error.
};

/// A successful (2xx) response whose body is not JSON or not the shape that carries the images,
/// or an image whose base64 is invalid. The message names the JSON path, e.g. `$.data[0].url`.
/// The generation was produced and billed: `body()` keeps what arrived, so nothing paid for is
/// lost even when the SDK cannot read it.
class EDENAI_EXPORT DecodeError : public Error {
 public:
  ErrorKind kind() const noexcept override { return ErrorKind::decode; }
  /// An error saying `message` (naming the JSON path) about the 2xx `body`, counted as answered.
  explicit DecodeError(const std::string& message, std::string body = {})
      : Error(message), body_(std::make_shared<const std::string>(std::move(body))) {
    set_delivery(Delivery::answered, 1);
  }

  /// The raw 2xx body as received (key redacted), or empty when the error is not about a body
  /// (invalid base64 in `ImageDataItem::bytes`).
  const std::string& body() const noexcept { return *body_; }

  void redact(const std::vector<std::string>& secrets) override;

 private:
  std::shared_ptr<const std::string> body_;  // shared: a 12 MB body is not copied with the error
};

/// A paid call refused before anything was sent: its estimate would take the client's Budget
/// beyond its cap (`ClientOptions::budget`). `attempts() == 0`, `Delivery::not_sent`.
class EDENAI_EXPORT BudgetExceededError : public Error {
 public:
  ErrorKind kind() const noexcept override { return ErrorKind::budget_exceeded; }
  /// @param message what was refused, with the figures.
  /// @param estimate the call's estimate (USD).
  /// @param remaining what the budget had left when it refused (USD).
  /// @param cap the budget's cap (USD).
  BudgetExceededError(const std::string& message, double estimate, double remaining, double cap)
      : Error(message), estimate_(estimate), remaining_(remaining), cap_(cap) {}

  /// The estimate that did not fit, in USD.
  double estimate() const noexcept { return estimate_; }
  /// What the budget had left (cap minus spent and reserved), in USD.
  double remaining() const noexcept { return remaining_; }
  /// The budget's cap, in USD.
  double cap() const noexcept { return cap_; }

 private:
  double estimate_;
  double remaining_;
  double cap_;
};

/// The server answered with a status outside 2xx.
class EDENAI_EXPORT ApiError : public Error {
 public:
  ErrorKind kind() const noexcept override { return ErrorKind::api; }
  /// @param status HTTP status code.
  /// @param message full text returned by `what()`.
  /// @param request_id value of the `x-request-id` response header, or empty.
  /// @param body the raw response body.
  /// @param error_code Eden's `error_code` (or OpenAI's `error.code`) from the body, or empty.
  ApiError(int status, const std::string& message, std::string request_id, std::string body,
           std::string error_code = {})
      : Error(message),
        status_(status),
        request_id_(std::move(request_id)),
        body_(std::move(body)),
        error_code_(std::move(error_code)) {
    set_delivery(Delivery::rejected, 0);
  }

  /// HTTP status code.
  int status() const noexcept { return status_; }
  /// The `x-request-id` response header when present, otherwise empty.
  const std::string& request_id() const noexcept { return request_id_; }
  /// The raw response body (may be empty, JSON or HTML).
  const std::string& body() const noexcept { return body_; }
  /// The machine-readable code the body carries, when it has one: Eden's `error_code`
  /// (`RATE_LIMITED`, `INSUFFICIENT_CREDIT`, ...) or OpenAI's `error.code`
  /// (`region_not_allowed`, ...). Empty otherwise.
  const std::string& error_code() const noexcept { return error_code_; }

  /// The delay the server asked for before another attempt (`retry-after-ms` or `Retry-After`
  /// header, else Eden's `retry_after` in the body), when it said one. Above 60 s the SDK does
  /// not wait: it raises at once, and this says how long the server wants the caller to wait.
  std::optional<std::chrono::milliseconds> retry_after() const noexcept { return retry_after_; }

  /// Records the server's delay (called by the SDK).
  void set_retry_after(std::optional<std::chrono::milliseconds> delay) noexcept {
    retry_after_ = delay;
  }

  void redact(const std::vector<std::string>& secrets) override;

 private:
  std::optional<std::chrono::milliseconds> retry_after_;
  int status_;
  std::string request_id_;
  std::string body_;
  std::string error_code_;
};

/// 400: the provider or Eden rejected the request (e.g. invalid tags or size).
class EDENAI_EXPORT BadRequestError : public ApiError {
 public:
  ErrorKind kind() const noexcept override { return ErrorKind::bad_request; }
  using ApiError::ApiError;
};

/// 401: missing or invalid API key.
class EDENAI_EXPORT AuthenticationError : public ApiError {
 public:
  ErrorKind kind() const noexcept override { return ErrorKind::authentication; }
  using ApiError::ApiError;
};

/// 402: the account has no credits left. Never retried.
class EDENAI_EXPORT InsufficientCreditsError : public ApiError {
 public:
  ErrorKind kind() const noexcept override { return ErrorKind::insufficient_credits; }
  /// As ApiError's constructor, with the credits the body said the call required and the
  /// account had, when it said so.
  InsufficientCreditsError(int status, const std::string& message, std::string request_id,
                           std::string body, std::string error_code = {},
                           std::optional<double> required_credits = std::nullopt,
                           std::optional<double> available_credits = std::nullopt)
      : ApiError(status, message, std::move(request_id), std::move(body), std::move(error_code)),
        required_credits_(required_credits),
        available_credits_(available_credits) {}

  /// The credits the call needed (Eden's `required_credits`), when the body says.
  std::optional<double> required_credits() const noexcept { return required_credits_; }
  /// The credits the account had left (Eden's `available_credits`), when the body says.
  std::optional<double> available_credits() const noexcept { return available_credits_; }

 private:
  std::optional<double> required_credits_;
  std::optional<double> available_credits_;
};

/// 403: the key may not use this model or endpoint.
class EDENAI_EXPORT PermissionDeniedError : public ApiError {
 public:
  ErrorKind kind() const noexcept override { return ErrorKind::permission_denied; }
  using ApiError::ApiError;
};

/// 404: unknown endpoint or model.
class EDENAI_EXPORT NotFoundError : public ApiError {
 public:
  ErrorKind kind() const noexcept override { return ErrorKind::not_found; }
  using ApiError::ApiError;
};

/// 409: conflict.
class EDENAI_EXPORT ConflictError : public ApiError {
 public:
  ErrorKind kind() const noexcept override { return ErrorKind::conflict; }
  using ApiError::ApiError;
};

/// 422: the request failed the server's validation; `validation()` lists each problem.
class EDENAI_EXPORT UnprocessableEntityError : public ApiError {
 public:
  ErrorKind kind() const noexcept override { return ErrorKind::unprocessable_entity; }
  /// As ApiError's constructor, with the body's parsed `validation` details.
  UnprocessableEntityError(int status, const std::string& message, std::string request_id,
                           std::string body, HTTPValidationError validation,
                           std::string error_code = {})
      : ApiError(status, message, std::move(request_id), std::move(body), std::move(error_code)),
        validation_(std::move(validation)) {}

  /// The parsed `detail` list; empty when the body was not in the documented shape.
  const HTTPValidationError& validation() const noexcept { return validation_; }

  void redact(const std::vector<std::string>& secrets) override;

 private:
  HTTPValidationError validation_;
};

/// 429: rate limited.
class EDENAI_EXPORT RateLimitError : public ApiError {
 public:
  ErrorKind kind() const noexcept override { return ErrorKind::rate_limit; }
  using ApiError::ApiError;
};

/// 451: the model is not available in this region. Eden's EU host (`https://api.eu.edenai.run`)
/// serves only the models cleared for the EU; use one of those there, or the global host.
class EDENAI_EXPORT RegionNotAllowedError : public ApiError {
 public:
  ErrorKind kind() const noexcept override { return ErrorKind::region_not_allowed; }
  using ApiError::ApiError;
};

/// 500 and above: a failure of Eden AI or of the provider behind it.
class EDENAI_EXPORT InternalServerError : public ApiError {
 public:
  ErrorKind kind() const noexcept override { return ErrorKind::internal_server; }
  using ApiError::ApiError;
};

}  // namespace edenai
