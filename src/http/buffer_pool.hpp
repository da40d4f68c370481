// Receive buffers, reused between responses. A 12 MB response received into fresh memory costs
// the kernel 3 000 page faults (zero-filling every page), more than parsing and decoding it:
// glibc hands blocks that large back to the system when they are freed. The pool keeps a few
// buffers of the last responses for the next ones, within limits, and drops what has been idle.
// docs/shared-buffers.md.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>

namespace edenai::internal {

class BufferPool {
 public:
  using Clock = std::chrono::steady_clock;

  struct Limits {
    /// Buffers kept idle at most.
    std::size_t max_buffers = 8;
    /// Capacity kept idle at most, in all; a larger buffer is never kept.
    std::size_t max_bytes = std::size_t{64} << 20;
    /// A buffer idle for longer is freed at the pool's next use.
    Clock::duration max_idle = std::chrono::seconds(30);
  };

  explicit BufferPool(Limits limits, std::function<Clock::time_point()> now = Clock::now);

  /// An empty string with room for `capacity` bytes: the smallest idle buffer that has it and
  /// is not much larger (at most twice, or 1 MiB more), else a new one. @throws std::bad_alloc
  std::string take(std::size_t capacity);
  /// Keeps `buffer` for a later `take` if the limits allow (evicting the longest idle), else
  /// frees it.
  void give_back(std::string&& buffer) noexcept;
  /// Frees the buffers idle for longer than `max_idle` (also done by every take and give_back).
  void release_idle() noexcept;
  /// Frees every idle buffer.
  void clear() noexcept;

  std::size_t idle_buffers() const;
  std::size_t idle_bytes() const;

 private:
  struct Idle {
    std::string buffer;
    Clock::time_point since;
  };
  void expire(Clock::time_point now) noexcept;  // mutex held

  Limits limits_;
  std::function<Clock::time_point()> now_;
  mutable std::mutex mutex_;
  // Oldest first. Under AddressSanitizer an idle buffer's bytes are poisoned, so a view left
  // pointing into a body that went back to the pool is reported, not read.
  std::list<Idle> idle_;
  std::size_t idle_bytes_ = 0;
};

/// The process's pool of receive buffers (never destroyed, so a response may outlive `main`'s
/// statics and still give its buffer back).
BufferPool& receive_buffers();

/// A received body, shared by what was decoded from it (the images' base64 points into it).
using SharedBody = std::shared_ptr<const std::string>;

/// Owns a body while it is shared; gives its buffer back to `receive_buffers()` when the last
/// reference goes.
struct BodyHolder {
  std::string text;
  BodyHolder() = default;
  BodyHolder(const BodyHolder&) = delete;
  BodyHolder& operator=(const BodyHolder&) = delete;
  ~BodyHolder();
};

/// Takes `body` (moved), with room for the JSON parser's padding so that it is parsed, and its
/// strings referenced, in place.
std::shared_ptr<BodyHolder> hold_body(std::string&& body);

/// The body's text back from `holder`: moved when nothing else refers to it, else copied.
std::string reclaim(std::shared_ptr<BodyHolder>&& holder);

}  // namespace edenai::internal
