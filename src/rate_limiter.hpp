// A client-side limit on how often requests start, shared by all of a client's calls (blocking
// and asynchronous), so that a large batch does not earn itself a wall of 429s.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>

namespace edenai::internal {

/// Spaces request starts at least 1/rate seconds apart: in any one-second window, at most
/// `rate` requests start (a sliding window, no burst). Thread-safe.
class RateLimiter {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  /// @param per_second positive and finite.
  /// @param now the clock; replaced in tests.
  explicit RateLimiter(double per_second, Clock now = std::chrono::steady_clock::now);

  /// Reserves the next free start and returns how long the caller must wait for it (zero when
  /// it may start at once). Rounded up to whole milliseconds, so never early. A reservation is
  /// kept even when the caller gives up (a cancelled call), which can only slow others down.
  std::chrono::milliseconds reserve();

 private:
  std::chrono::steady_clock::duration interval_;
  Clock now_;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point next_{};  // earliest free start
};

}  // namespace edenai::internal
