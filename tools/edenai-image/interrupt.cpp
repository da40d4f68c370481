#include "interrupt.hpp"

#include <pthread.h>
#include <unistd.h>

#include <cstring>

namespace edenai::cli {
namespace {

// SIGINT, and the signal the destructor wakes the watcher with.
sigset_t watched() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGUSR2);
  return set;
}

}  // namespace

InterruptWatch::InterruptWatch() {
  const sigset_t set = watched();
  pthread_sigmask(SIG_BLOCK, &set, &previous_);
  thread_ = std::thread([this] { run(); });
}

InterruptWatch::~InterruptWatch() {
  pthread_kill(thread_.native_handle(), SIGUSR2);
  thread_.join();
  pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
}

void InterruptWatch::set_handler(std::function<void()> handler) {
  std::lock_guard<std::mutex> lock(mutex_);
  handler_ = std::move(handler);
}

void InterruptWatch::run() {
  const sigset_t set = watched();
  for (;;) {
    int signal = 0;
    if (sigwait(&set, &signal) != 0) continue;
    if (signal != SIGINT) return;
    if (interrupted_.exchange(true)) {
      static const char kLine[] = "\nedenai-image: interrupted again: quitting now\n";
      (void)!::write(STDERR_FILENO, kLine, std::strlen(kLine));
      ::_exit(kExitInterrupted);
    }
    std::lock_guard<std::mutex> lock(mutex_);
    try {
      if (handler_) handler_();
    } catch (...) {  // printing failed: the stop itself has been asked for
    }
  }
}

}  // namespace edenai::cli
