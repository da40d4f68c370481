// The state behind CancellationToken: a flag, the callbacks of calls in flight, and a condition
// variable for retry waits.
#include "edenai/cancellation.hpp"

#include <condition_variable>
#include <map>
#include <mutex>

namespace edenai {

struct EDENAI_NO_EXPORT CancellationToken::State {
  std::mutex mutex;
  std::condition_variable changed;
  bool cancelled = false;
  std::size_t next_id = 1;
  std::map<std::size_t, std::function<void()>> callbacks;
};

CancellationToken::CancellationToken() : state_(std::make_shared<State>()) {}

void CancellationToken::cancel() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  if (state_->cancelled) return;
  state_->cancelled = true;
  state_->changed.notify_all();
  // A throwing callback must not keep the others from running.
  for (auto& [id, callback] : state_->callbacks) {
    try {
      callback();
    } catch (...) {
    }
  }
}

bool CancellationToken::cancelled() const noexcept {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->cancelled;
}

std::size_t CancellationToken::subscribe(std::function<void()> callback) const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  const std::size_t id = state_->next_id++;
  if (state_->cancelled) {
    callback();
  } else {
    state_->callbacks.emplace(id, std::move(callback));
  }
  return id;
}

void CancellationToken::unsubscribe(std::size_t id) const {
  std::lock_guard<std::mutex> lock(state_->mutex);  // waits out a cancel() running callbacks
  state_->callbacks.erase(id);
}

bool CancellationToken::wait_for(std::chrono::milliseconds duration) const {
  std::unique_lock<std::mutex> lock(state_->mutex);
  return state_->changed.wait_for(lock, duration, [this] { return state_->cancelled; });
}

}  // namespace edenai
