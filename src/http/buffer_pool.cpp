#include "http/buffer_pool.hpp"

#include <new>
#include <utility>

#include "json/simdjson_padding.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define EDENAI_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define EDENAI_ASAN 1
#endif
#endif
#ifdef EDENAI_ASAN
#include <sanitizer/asan_interface.h>
#endif

namespace edenai::internal {
namespace {

// An idle buffer's heap bytes are nobody's: under ASan, reading them is reported.
void poison(std::string& buffer) noexcept {
#ifdef EDENAI_ASAN
  ASAN_POISON_MEMORY_REGION(buffer.data(), buffer.capacity() + 1);
#else
  (void)buffer;
#endif
}

void unpoison(std::string& buffer) noexcept {
#ifdef EDENAI_ASAN
  ASAN_UNPOISON_MEMORY_REGION(buffer.data(), buffer.capacity() + 1);
#else
  (void)buffer;
#endif
}

// Whether a buffer of `capacity` is worth handing out for `wanted` bytes: not so large that a
// small body would keep megabytes alive.
bool fits(std::size_t capacity, std::size_t wanted) {
  return capacity >= wanted && (capacity - wanted <= wanted || capacity - wanted <= (1u << 20));
}

}  // namespace

BufferPool::BufferPool(Limits limits, std::function<Clock::time_point()> now)
    : limits_(limits), now_(std::move(now)) {}

std::string BufferPool::take(std::size_t capacity) {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    expire(now_());
    auto best = idle_.end();
    for (auto it = idle_.begin(); it != idle_.end(); ++it) {
      if (fits(it->buffer.capacity(), capacity) &&
          (best == idle_.end() || it->buffer.capacity() < best->buffer.capacity())) {
        best = it;
      }
    }
    if (best != idle_.end()) {
      std::string buffer = std::move(best->buffer);  // the pointer moves; no byte is read
      idle_bytes_ -= buffer.capacity();
      idle_.erase(best);
      unpoison(buffer);
      buffer.clear();  // keeps the capacity
      return buffer;
    }
  }
  std::string buffer;
  buffer.reserve(capacity);
  return buffer;
}

void BufferPool::give_back(std::string&& buffer) noexcept {
  std::string dropped = std::move(buffer);  // freed on return unless kept
  const std::size_t capacity = dropped.capacity();
  const std::lock_guard<std::mutex> lock(mutex_);
  const Clock::time_point now = now_();
  expire(now);
  // A string's own small buffer (no memory of the heap) is not worth keeping.
  const bool small = capacity <= std::string().capacity();
  if (small || capacity > limits_.max_bytes || limits_.max_buffers == 0) return;
  while (!idle_.empty() &&
         (idle_.size() + 1 > limits_.max_buffers || idle_bytes_ + capacity > limits_.max_bytes)) {
    idle_bytes_ -= idle_.front().buffer.capacity();
    unpoison(idle_.front().buffer);
    idle_.pop_front();
  }
  try {
    idle_.push_back(Idle{std::move(dropped), now});
    idle_bytes_ += capacity;
    poison(idle_.back().buffer);
  } catch (const std::bad_alloc&) {  // nowhere to note it: the buffer is freed instead
  }
}

void BufferPool::release_idle() noexcept {
  const std::lock_guard<std::mutex> lock(mutex_);
  expire(now_());
}

void BufferPool::clear() noexcept {
  const std::lock_guard<std::mutex> lock(mutex_);
  for (Idle& idle : idle_)
    unpoison(idle.buffer);
  idle_.clear();
  idle_bytes_ = 0;
}

void BufferPool::expire(Clock::time_point now) noexcept {
  while (!idle_.empty() && now - idle_.front().since > limits_.max_idle) {
    idle_bytes_ -= idle_.front().buffer.capacity();
    unpoison(idle_.front().buffer);
    idle_.pop_front();
  }
}

std::size_t BufferPool::idle_buffers() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return idle_.size();
}

std::size_t BufferPool::idle_bytes() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return idle_bytes_;
}

BufferPool& receive_buffers() {
  static auto* pool =
      new BufferPool(BufferPool::Limits{});  // NOLINT(cppcoreguidelines-owning-memory)
  return *pool;
}

BodyHolder::~BodyHolder() {
  receive_buffers().give_back(std::move(text));
}

std::shared_ptr<BodyHolder> hold_body(std::string&& body) {
  auto holder = std::make_shared<BodyHolder>();
  holder->text = std::move(body);
  std::string& text = holder->text;
  if (text.capacity() - text.size() < kParserPadding) text.reserve(text.size() + kParserPadding);
  return holder;
}

std::string reclaim(std::shared_ptr<BodyHolder>&& holder) {
  if (holder.use_count() == 1) return std::move(holder->text);
  return holder->text;
}

}  // namespace edenai::internal
