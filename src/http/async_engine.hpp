// The asynchronous engine: one I/O thread per client that drives every asynchronous call through
// libcurl's multi interface, with the retry rules, the rate limit and cancellation of the
// blocking path (see docs/async.md).
#pragma once

#include <exception>
#include <functional>
#include <memory>

#include "core/retry.hpp"
#include "edenai/transport.hpp"

namespace edenai::internal {

class AsyncEngine {
 public:
  /// Called once per submitted request, on the I/O thread (on the submitting thread for a request
  /// submitted after `shutdown()`), with the final response (any status) or the final error, and
  /// what the retries did. Must not block for long: every other call of
  /// the client waits meanwhile. An exception it throws is ignored.
  using Done =
      std::function<void(HttpResponse* response, std::exception_ptr error, const RetryReport&)>;

  /// `custom` null: requests go through libcurl's multi interface, concurrently, on connections
  /// the engine keeps alive (HTTP/2 multiplexed when the server offers it). `custom` set (a
  /// transport the application injected, which is synchronous): each attempt is sent through
  /// it on the I/O thread, one at a time.
  explicit AsyncEngine(std::shared_ptr<Transport> custom = nullptr);
  /// Finishes every outstanding request with CancelledError, then joins the I/O thread.
  ~AsyncEngine();
  AsyncEngine(const AsyncEngine&) = delete;
  AsyncEngine& operator=(const AsyncEngine&) = delete;

  /// Ends the engine without waiting: outstanding requests finish with CancelledError (one an
  /// injected transport is sending finishes first), later submissions at once. The destructor
  /// does this, then joins the I/O thread.
  void shutdown();

  /// `shutdown()`, then waits for the I/O thread to end (idempotent). A request submitted from
  /// the I/O thread while it ends (a callback chaining a call) ends with CancelledError there,
  /// after its initiating call has returned.
  void finish();

  /// Whether the caller is this engine's I/O thread (a logger or an injected transport runs
  /// there): such a caller must not wait for an asynchronous call, which could never finish.
  bool on_io_thread() const noexcept;

  /// Queues `request`. Retries follow `hooks` (its `sleep` is unused: waits are timers of the
  /// I/O thread). `request.cancellation`, when triggered, finishes it with CancelledError at
  /// once, whatever it is doing. Thread-safe.
  void submit(HttpRequest request, int max_retries, RetryHooks hooks, Done done);

  /// Runs `task` on the I/O thread, after the tasks posted before it (not necessarily after the
  /// requests submitted before it have been sent). After `shutdown()`: from the I/O thread
  /// itself (a callback), still there, once the outstanding calls have ended; from another
  /// thread, at once on that thread. Thread-safe; an exception it throws is ignored.
  void post(std::function<void()> task);

 private:
  class Loop;
  std::unique_ptr<Loop> loop_;
};

}  // namespace edenai::internal
