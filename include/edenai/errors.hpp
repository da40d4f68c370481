// The exception hierarchy thrown by the SDK. Every exception derives from edenai::Error.
//
//   Error
//   ├── InvalidRequestError        the request broke the contract; nothing was sent
//   ├── ConnectionError            no whole HTTP response was received
//   │   └── TimeoutError
//   ├── ResponseTooLargeError      the response exceeded ClientOptions::max_response_bytes
//   ├── CancelledError             RequestOptions::cancellation was triggered
//   ├── DecodeError                a 2xx body that is not JSON or not the documented shape
//   └── ApiError                   the server answered with a non-2xx status
//       ├── BadRequestError            400
//       ├── AuthenticationError        401
//       ├── InsufficientCreditsError   402
//       ├── PermissionDeniedError      403
//       ├── NotFoundError              404
//       ├── ConflictError              409
//       ├── UnprocessableEntityError   422 (with the parsed validation details)
//       ├── RateLimitError             429
//       └── InternalServerError        >= 500
//
// No message, body or request id held by these exceptions contains the API key.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "edenai/types.hpp"

namespace edenai {

/// Base of every exception the SDK throws.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message)
      : std::runtime_error(message), message_(std::make_shared<const std::string>(message)) {}

  // Copies share the message; a move is a copy, so a moved-from error still has its message.
  Error(const Error&) = default;
  Error& operator=(const Error&) = default;
  ~Error() override = default;

  const char* what() const noexcept override {
    return message_ ? message_->c_str() : std::runtime_error::what();
  }

  /// How many HTTP attempts were made before this error was raised: 0 when nothing was sent,
  /// 1 when the first attempt failed for good, `max_retries + 1` when the retries ran out.
  int attempts() const noexcept { return attempts_; }

  /// Records the number of attempts; from 2 on, `what()` ends with "(after N attempts)".
  /// Called by the SDK's retry loop.
  void set_attempts(int attempts) {
    attempts_ = attempts;
    if (attempts > 1) {
      message_ =
          std::make_shared<const std::string>(std::string(std::runtime_error::what()) + " (after " +
                                              std::to_string(attempts) + " attempts)");
    }
  }

 private:
  std::shared_ptr<const std::string> message_;  // shared: copying an exception must not throw
  int attempts_ = 0;
};

/// The request broke the contract (empty model, prompt too long, a credential header, ...).
/// Thrown before any byte is sent. The message names the field.
class InvalidRequestError : public Error {
 public:
  using Error::Error;
};

/// No whole HTTP response was received: DNS, connect, TLS, reset, or a truncated body.
class ConnectionError : public Error {
 public:
  /// @param retryable whether another attempt may succeed (false for a malformed URL, an
  ///        unsupported protocol or a failed certificate check).
  explicit ConnectionError(const std::string& message, bool retryable = true)
      : Error(message), retryable_(retryable) {}

  /// Whether the failure is transient; the client retries only those.
  bool retryable() const noexcept { return retryable_; }

 private:
  bool retryable_;
};

/// The connect timeout or the total timeout elapsed before the response was complete.
class TimeoutError : public ConnectionError {
 public:
  explicit TimeoutError(const std::string& message) : ConnectionError(message, true) {}
};

/// The response body (after decompression) exceeded the configured maximum size; the transfer
/// was stopped. Never retried.
class ResponseTooLargeError : public Error {
 public:
  using Error::Error;
};

/// The call was cancelled through `RequestOptions::cancellation`. Never retried.
class CancelledError : public Error {
 public:
  using Error::Error;
};

/// A successful (2xx) response whose body is not JSON or not the documented shape, or an
/// image whose base64 is invalid. The message names the JSON path, e.g. `$.data[0].url`.
class DecodeError : public Error {
 public:
  using Error::Error;
};

/// The server answered with a status outside 2xx.
class ApiError : public Error {
 public:
  /// @param status HTTP status code.
  /// @param message full text returned by `what()`.
  /// @param request_id value of the `x-request-id` response header, or empty.
  /// @param body the raw response body.
  ApiError(int status, const std::string& message, std::string request_id, std::string body)
      : Error(message),
        status_(status),
        request_id_(std::move(request_id)),
        body_(std::move(body)) {}

  /// HTTP status code.
  int status() const noexcept { return status_; }
  /// The `x-request-id` response header when present, otherwise empty.
  const std::string& request_id() const noexcept { return request_id_; }
  /// The raw response body (may be empty, JSON or HTML).
  const std::string& body() const noexcept { return body_; }

  /// The delay the server asked for before another attempt (`retry-after-ms` or `Retry-After`),
  /// when it said one. Above 60 s the SDK does not wait: it raises at once, and this says how long
  /// the server wants the caller to wait.
  std::optional<std::chrono::milliseconds> retry_after() const noexcept { return retry_after_; }

  /// Records the server's delay (called by the SDK).
  void set_retry_after(std::optional<std::chrono::milliseconds> delay) noexcept {
    retry_after_ = delay;
  }

 private:
  std::optional<std::chrono::milliseconds> retry_after_;
  int status_;
  std::string request_id_;
  std::string body_;
};

/// 400: the provider or Eden rejected the request (e.g. invalid tags or size).
class BadRequestError : public ApiError {
 public:
  using ApiError::ApiError;
};

/// 401: missing or invalid API key.
class AuthenticationError : public ApiError {
 public:
  using ApiError::ApiError;
};

/// 402: the account has no credits left. Never retried.
class InsufficientCreditsError : public ApiError {
 public:
  using ApiError::ApiError;
};

/// 403: the key may not use this model or endpoint.
class PermissionDeniedError : public ApiError {
 public:
  using ApiError::ApiError;
};

/// 404: unknown endpoint or model.
class NotFoundError : public ApiError {
 public:
  using ApiError::ApiError;
};

/// 409: conflict.
class ConflictError : public ApiError {
 public:
  using ApiError::ApiError;
};

/// 422: the request failed the server's validation; `validation()` lists each problem.
class UnprocessableEntityError : public ApiError {
 public:
  UnprocessableEntityError(int status, const std::string& message, std::string request_id,
                           std::string body, HTTPValidationError validation)
      : ApiError(status, message, std::move(request_id), std::move(body)),
        validation_(std::move(validation)) {}

  /// The parsed `detail` list; empty when the body was not in the documented shape.
  const HTTPValidationError& validation() const noexcept { return validation_; }

 private:
  HTTPValidationError validation_;
};

/// 429: rate limited.
class RateLimitError : public ApiError {
 public:
  using ApiError::ApiError;
};

/// 500 and above: a failure of Eden AI or of the provider behind it.
class InternalServerError : public ApiError {
 public:
  using ApiError::ApiError;
};

}  // namespace edenai
