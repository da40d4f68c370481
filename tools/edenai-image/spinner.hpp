// The elapsed-time spinner edenai-image shows on stderr while a generation runs (5-120 s on
// the real service), only when stderr is a terminal.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>

namespace edenai::cli {

/// Whether stderr is a terminal that can redraw a line (not `TERM=dumb`).
bool stderr_is_terminal();

class Spinner {
 public:
  /// When `enabled`, redraws `\r<frame> <label> <seconds>s` on `out` every `period` until
  /// stopped, then erases the line. When not enabled, writes nothing at all.
  Spinner(std::ostream& out, bool enabled, std::string label,
          std::chrono::milliseconds period = std::chrono::milliseconds(100));
  ~Spinner();
  Spinner(const Spinner&) = delete;
  Spinner& operator=(const Spinner&) = delete;

  /// Stops and erases the line; idempotent.
  void stop();

 private:
  void run();

  std::ostream& out_;
  std::string label_;
  std::chrono::milliseconds period_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool done_ = false;
  std::thread thread_;
};

}  // namespace edenai::cli
