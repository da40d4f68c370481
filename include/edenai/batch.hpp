// Results and options of Client::generate_batch and Client::edit_batch.
#pragma once

#include <cstddef>
#include <exception>
#include <functional>
#include <optional>
#include <string>

#include "edenai/export.hpp"
#include "edenai/options.hpp"
#include "edenai/result.hpp"
#include "edenai/types.hpp"

namespace edenai {

/// The outcome of one generation or edit of a batch: its response, or the typed error it failed
/// with. (The name predates `Result<T>`, which it now is.)
using GenerationResult = Result<ImageResponse>;

/// Options of `Client::generate_batch` and `Client::edit_batch`.
struct EDENAI_EXPORT BatchOptions {
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
