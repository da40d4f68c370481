// edenai::Result<T>: the outcome of one call of a batch or a non-throwing entry point — its value,
// or the typed error it failed with, inspectable without a rethrow.
#pragma once

#include <exception>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

#include "edenai/errors.hpp"
#include "edenai/export.hpp"

namespace edenai {

namespace detail {
/// What `Result` keeps of an error so that it can answer without rethrowing.
struct EDENAI_EXPORT ErrorSummary {
  ErrorKind kind = ErrorKind::none;
  int status = 0;
  std::string request_id;
  std::string message;
};
/// Reads `error` once (an `edenai::Error`, another `std::exception`, or anything else).
EDENAI_EXPORT ErrorSummary summarize(const std::exception_ptr& error);
/// The `edenai::Error` that `error` holds (alive as long as an exception_ptr refers to it), or
/// null. Needs no exceptions in the caller's code: the library looks.
EDENAI_EXPORT const Error* error_of(const std::exception_ptr& error) noexcept;
}  // namespace detail

/// A call's value, or the exception it failed with (an `edenai::Error` for every failure the SDK
/// reports).
template <typename T>
class Result {
 public:
  /// A success.
  explicit Result(T value) : value_(std::move(value)) {}
  /// A failure. A null `error` is kept as a `std::invalid_argument` (kind `other`).
  explicit Result(std::exception_ptr error)
      : error_(error ? std::move(error)
                     : std::make_exception_ptr(std::invalid_argument("Result without an error"))),
        summary_(detail::summarize(error_)) {}

  /// Whether the call succeeded.
  bool ok() const noexcept { return value_.has_value(); }
  /// `ok()`.
  explicit operator bool() const noexcept { return ok(); }

  /// The value (for a const, a mutable or a moved-from result alike). @throws the call's own
  /// error (UnprocessableEntityError, TimeoutError, ...) when it failed.
  const T& value() const& {
    rethrow();
    return value_.value();
  }
  /// The value, to modify or move from. @throws what `value() const&` throws.
  T& value() & {
    rethrow();
    return value_.value();
  }
  /// The value of a temporary Result, moved out. @throws what `value() const&` throws.
  T&& value() && {
    rethrow();
    return std::move(value_).value();
  }

  /// The error, or null on success. `std::rethrow_exception` it inside a `try` to catch it by
  /// type, or call `rethrow()`.
  const std::exception_ptr& error() const noexcept { return error_; }
  /// Throws the error when the call failed; does nothing on success.
  void rethrow() const {
    if (error_) std::rethrow_exception(error_);
  }

  /// The error as an `E` (an `edenai::Error` by default; `UnprocessableEntityError` for its
  /// `validation()`, `SaveError` for its `bytes()`), or null on success or when it is not one.
  /// Reads it without a rethrow in the caller's code, so it works where exceptions are off
  /// (`-fno-exceptions`). The pointer is valid while this Result, or a copy of it, lives.
  template <typename E = Error>
  const E* error_as() const& noexcept {
    static_assert(std::is_base_of_v<Error, E>, "error_as reads an edenai::Error (or a subclass)");
    return dynamic_cast<const E*>(detail::error_of(error_));
  }
  /// Refused for a temporary Result: the pointer would outlive the error it points to.
  template <typename E = Error>
  const E* error_as() const&& = delete;

  /// The error's class: `ErrorKind::none` on success, `ErrorKind::other` for an exception that
  /// is not an `edenai::Error` (one a callback threw, `std::bad_alloc`).
  ErrorKind kind() const noexcept { return summary_.kind; }
  /// The HTTP status of an `ApiError`, else 0.
  int status() const noexcept { return summary_.status; }
  /// The `x-request-id` of an `ApiError` when the server sent one, else empty.
  const std::string& request_id() const noexcept { return summary_.request_id; }
  /// The error's message (`what()`), or an empty string on success.
  const std::string& error_message() const noexcept { return summary_.message; }

 private:
  std::optional<T> value_;
  std::exception_ptr error_;
  detail::ErrorSummary summary_;
};

/// The completion callback of an asynchronous call (`Client::generate_async(body, options, done)`):
/// gets the call's value or its typed error, once.
template <typename T>
using Callback = std::function<void(Result<T>)>;

}  // namespace edenai
