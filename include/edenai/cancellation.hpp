// Cancelling a call from another thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>

#include "edenai/export.hpp"

namespace edenai {

/// A token another thread triggers to cancel the calls it was given to (through
/// `RequestOptions::cancellation`). Copies share one state: cancel any copy, all see it.
///
/// A cancelled call throws `CancelledError` within about 100 ms, whether it is connecting,
/// waiting for the response, receiving it, or waiting before a retry. A generation the server
/// already started may still be billed.
class EDENAI_EXPORT CancellationToken {
 public:
  CancellationToken();

  /// Cancels; idempotent, thread-safe, never blocks for long.
  void cancel() const;
  /// Whether `cancel()` was called.
  bool cancelled() const noexcept;

  /// For transports: runs `callback` on `cancel()` (at once, on this thread, if already
  /// cancelled). The callback runs with the token's lock held: it must be quick and must not
  /// use the token. Returns an id for `unsubscribe`.
  std::size_t subscribe(std::function<void()> callback) const;
  /// Removes a callback; once it returns, the callback is not running and will not run.
  void unsubscribe(std::size_t id) const;

  /// Waits for `duration` or until cancelled, whichever comes first; true when cancelled.
  bool wait_for(std::chrono::milliseconds duration) const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace edenai
