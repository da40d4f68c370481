// A client-side limit on how often requests start, shared by all of a client's calls (blocking
// and asynchronous), so that a large batch does not earn itself a wall of 429s.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>

namespace edenai::internal {

/// Spaces request starts at least 1/rate seconds apart, so that no half-open one-second window
/// holds more than `rate` scheduled starts (a sliding window, no burst). Thread-safe.
class RateLimiter {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  /// @param per_second positive and finite.
  /// @param now the clock; replaced in tests.
  explicit RateLimiter(double per_second, Clock now = std::chrono::steady_clock::now);

  /// Reserves the next free start and returns how long the caller must wait for it (zero when
  /// it may start at once). Rounded up to whole milliseconds, so never early. A slot is kept if its
  /// caller gives up (a cancelled call): blocking callers hold one each, the async engine one for
  /// its whole queue.
  std::chrono::milliseconds reserve();

  /// The earliest start not yet reserved (for tests).
  std::chrono::steady_clock::time_point next_free() const;

 private:
  std::chrono::steady_clock::duration interval_;
  Clock now_;
  mutable std::mutex mutex_;
  std::chrono::steady_clock::time_point next_{};  // earliest free start
};

}  // namespace edenai::internal
