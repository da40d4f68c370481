// The state the I/O thread (http/async_engine.cpp) keeps per asynchronous request, and its timers.
#pragma once

#include <chrono>
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>

#include "core/retry.hpp"
#include "edenai/errors.hpp"
#include "http/async_engine.hpp"
#include "http/curl_common.hpp"

namespace edenai::internal::async {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// How the calls still outstanding end when their client is destroyed.
inline CancelledError client_gone() {
  return CancelledError("the client was destroyed before the call finished");
}

struct MultiDeleter {
  void operator()(CURLM* multi) const { curl_multi_cleanup(multi); }
};
using Multi = std::unique_ptr<CURLM, MultiDeleter>;

// One submitted request, from submit() to its Done.
struct Job {
  Job(HttpRequest r, int retries, RetryHooks h, AsyncEngine::Done d)
      : request(std::move(r)),
        hooks(std::move(h)),
        done(std::move(d)),
        state(request, retries, hooks) {}

  std::uint64_t id = 0;
  HttpRequest request;
  RetryHooks hooks;
  AsyncEngine::Done done;
  RetryState state;  // refers to `request` and `hooks`, declared before it
  std::optional<std::size_t> subscription;
  std::optional<std::size_t> stop_subscription;
  // The outcome of the last attempt while the next one waits: final if a stop comes first.
  std::optional<HttpResponse> last_response;
  std::exception_ptr last_error;
  // The attempt in flight, when there is one.
  curl::PooledHandle easy;
  std::unique_ptr<curl::Exchange> exchange;
  Clock::time_point started;
  // Invalidates a timer set for an earlier wait.
  std::uint64_t timer = 0;
};

struct Timer {
  Clock::time_point due;
  std::uint64_t job;
  std::uint64_t serial;  // matches Job::timer while the timer is current
  bool operator>(const Timer& other) const { return due > other.due; }
};

}  // namespace edenai::internal::async
