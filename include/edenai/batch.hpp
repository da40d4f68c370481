// Results and options of Client::generate_batch.
#pragma once

#include <cstddef>
#include <exception>
#include <functional>
#include <optional>
#include <string>

#include "edenai/options.hpp"
#include "edenai/types.hpp"

namespace edenai {

/// The outcome of one generation of a batch: its response, or the typed error it failed with.
class GenerationResult {
 public:
  /// A success.
  explicit GenerationResult(ImageResponse response) : response_(std::move(response)) {}
  /// A failure; `error` holds an exception (an `edenai::Error` for every failure the SDK reports).
  explicit GenerationResult(std::exception_ptr error)
      : error_(std::move(error)) {}  // NOLINT(bugprone-throw-keyword-missing): kept, not thrown

  /// Whether the call succeeded.
  bool ok() const noexcept { return response_.has_value(); }
  explicit operator bool() const noexcept { return ok(); }

  /// The response. @throws the call's own error (UnprocessableEntityError, TimeoutError, ...)
  /// when it failed.
  const ImageResponse& value() const& {
    rethrow();
    return *response_;
  }
  ImageResponse& value() & {
    rethrow();
    return *response_;
  }

  /// The error, or null on success. `std::rethrow_exception` it inside a `try` to catch it by
  /// type, or call `rethrow()`.
  const std::exception_ptr& error() const noexcept { return error_; }
  /// Throws the error when the call failed; does nothing on success.
  void rethrow() const {
    if (error_) std::rethrow_exception(error_);
  }
  /// The error's message (`what()`), or an empty string on success.
  std::string error_message() const;

 private:
  std::optional<ImageResponse> response_;
  std::exception_ptr error_;
};

/// Options of `Client::generate_batch`.
struct BatchOptions {
  /// Calls in flight at once (at least 1). The client's rate limit, if set, applies on top.
  std::size_t concurrency = 8;
  /// Options of every call. Its `cancellation` token cancels the whole batch: calls in flight
  /// and calls not yet started all finish with CancelledError, and the batch returns.
  RequestOptions request;
  /// A gentler stop, to spend nothing more: once triggered, no further call is started and no
  /// call starts a new attempt (`RequestOptions::stop_new_attempts`), while the attempts on the
  /// wire finish normally (their images are paid for). The calls never started end with
  /// CancelledError, `attempts() == 0` and `Delivery::not_sent`. For a Ctrl-C handler, a budget.
  std::optional<CancellationToken> stop_launching;
  /// Called as each call finishes, in completion order, on the thread that called
  /// `generate_batch` (never concurrently), with the body's index and its result. It may move the
  /// response out (to save memory on large batches); the returned vector then holds what is left.
  /// If it throws, the batch cancels the calls still running, waits for them, and rethrows.
  std::function<void(std::size_t index, GenerationResult& result)> on_result;
};

}  // namespace edenai
