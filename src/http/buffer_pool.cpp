#include "http/buffer_pool.hpp"

#include <algorithm>
#include <new>
#include <utility>

#include "json/simdjson_padding.hpp"

namespace edenai::internal {

BufferPool::BufferPool(Limits limits, std::function<Clock::time_point()> now)
    : limits_(limits), now_(std::move(now)) {}

std::string BufferPool::take(std::size_t capacity) {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    expire(now_());
    auto best = idle_.end();
    for (auto it = idle_.begin(); it != idle_.end(); ++it) {
      if (it->buffer.capacity() >= capacity &&
          (best == idle_.end() || it->buffer.capacity() < best->buffer.capacity())) {
        best = it;
      }
    }
    if (best != idle_.end()) {
      std::string buffer = std::move(best->buffer);
      idle_bytes_ -= buffer.capacity();
      idle_.erase(best);
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
    idle_.erase(idle_.begin());
  }
  try {
    idle_.push_back(Idle{std::move(dropped), now});
    idle_bytes_ += capacity;
  } catch (const std::bad_alloc&) {  // nowhere to note it: the buffer is freed instead
  }
}

void BufferPool::release_idle() noexcept {
  const std::lock_guard<std::mutex> lock(mutex_);
  expire(now_());
}

void BufferPool::clear() noexcept {
  const std::lock_guard<std::mutex> lock(mutex_);
  idle_.clear();
  idle_bytes_ = 0;
}

void BufferPool::expire(Clock::time_point now) noexcept {
  const auto fresh = std::find_if(idle_.begin(), idle_.end(), [&](const Idle& idle) {
    return now - idle.since <= limits_.max_idle;
  });
  for (auto it = idle_.begin(); it != fresh; ++it)
    idle_bytes_ -= it->buffer.capacity();
  idle_.erase(idle_.begin(), fresh);
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
