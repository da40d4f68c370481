// Request pacing (see rate_limiter.hpp and docs/async.md).
#include "core/rate_limiter.hpp"

#include <algorithm>
#include <utility>

namespace edenai::internal {

RateLimiter::RateLimiter(double per_second, Clock now)
    : interval_(std::chrono::duration_cast<std::chrono::steady_clock::duration>(
          std::chrono::duration<double>(1.0 / per_second))),
      now_(std::move(now)) {}

// The clock is read under the lock: a caller descheduled between the two could otherwise book
// a slot in the past.
std::chrono::milliseconds RateLimiter::reserve() {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto now = now_();
  const auto start = std::max(now, next_);
  next_ = start + interval_;
  return std::chrono::ceil<std::chrono::milliseconds>(start - now);
}

std::chrono::steady_clock::time_point RateLimiter::next_free() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return next_;
}

}  // namespace edenai::internal
