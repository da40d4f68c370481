// What the blocking transport, the retry loop, the async engine and the batch call share about
// cancellation: the error a cancelled call ends with, and a subscription for the length of a scope.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <utility>

#include "edenai/cancellation.hpp"
#include "edenai/errors.hpp"

namespace edenai::internal {

/// The error of a call cancelled through its token, after `attempts` attempts.
inline CancelledError call_cancelled(int attempts = 0) {
  CancelledError error("the call was cancelled");
  error.set_attempts(attempts);
  return error;
}

/// Runs `callback` when `token` (if any) is cancelled, until the end of the scope; once the
/// destructor returns, the callback is not running and will not run.
class ScopedSubscription {
 public:
  ScopedSubscription(const std::optional<CancellationToken>& token, std::function<void()> callback)
      : token_(token) {
    if (token_) id_ = token_->subscribe(std::move(callback));
  }
  ~ScopedSubscription() {
    if (token_) token_->unsubscribe(id_);
  }
  ScopedSubscription(const ScopedSubscription&) = delete;
  ScopedSubscription& operator=(const ScopedSubscription&) = delete;

 private:
  const std::optional<CancellationToken>& token_;
  std::size_t id_ = 0;
};

}  // namespace edenai::internal
