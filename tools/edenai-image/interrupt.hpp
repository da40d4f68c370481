// Ctrl-C for edenai-image: the first SIGINT asks the run to stop spending (finish what is in
// flight, start nothing new), a second one ends the process at once.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <thread>

#include <signal.h>

namespace edenai::cli {

/// Exit code of a run ended by SIGINT (128 + 2, as shells report it).
constexpr int kExitInterrupted = 130;

/// Watches SIGINT on a thread of its own (sigwait), so that what the first one triggers may lock
/// mutexes and cancel tokens, which a signal handler may not. Construct it before any other
/// thread (the client's I/O thread, the spinner): threads inherit the blocked signal mask.
/// The second SIGINT writes a line to stderr and exits with kExitInterrupted at once.
class InterruptWatch {
 public:
  InterruptWatch();
  ~InterruptWatch();
  InterruptWatch(const InterruptWatch&) = delete;
  InterruptWatch& operator=(const InterruptWatch&) = delete;

  /// Whether SIGINT arrived.
  bool interrupted() const noexcept { return interrupted_.load(); }

  /// What the first SIGINT does, on the watching thread (empty: only `interrupted()` changes).
  /// Once this returns, the previous handler is not running and will not run.
  void set_handler(std::function<void()> handler);

 private:
  void run();

  std::mutex mutex_;
  std::function<void()> handler_;
  sigset_t previous_{};
  std::atomic<bool> interrupted_{false};
  std::thread thread_;
};

/// Installs a handler for the length of a scope.
class InterruptHandler {
 public:
  InterruptHandler(InterruptWatch& watch, std::function<void()> handler) : watch_(watch) {
    watch_.set_handler(std::move(handler));
  }
  ~InterruptHandler() { watch_.set_handler(nullptr); }
  InterruptHandler(const InterruptHandler&) = delete;
  InterruptHandler& operator=(const InterruptHandler&) = delete;

 private:
  InterruptWatch& watch_;
};

}  // namespace edenai::cli
