// The elapsed-time spinner edenai-image shows on stderr while a generation runs (5-120 s on
// the real service), only when stderr is a terminal.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>

namespace edenai::cli {

/// Whether stderr is a terminal that can redraw a line (not `TERM=dumb`).
bool stderr_is_terminal();

/// The columns of the terminal on stderr, 0 when unknown (not a terminal, or a size of 0).
std::size_t terminal_columns();

/// `label + tail` cut to fit in `columns - 1` columns (one code point taken as one column), the
/// label shortened with "..." first; unchanged when `columns` is 0.
std::string fit_line(const std::string& label, const std::string& tail, std::size_t columns);

/// Writes `line` and a newline to `target` through the spinner on screen, if one is, so that
/// its line is not torn (Spinner::print); from any thread (the SDK's logger calls it from the
/// I/O thread).
void print_line(std::ostream& target, const std::string& line);

class Spinner {
 public:
  /// When `enabled`, redraws `\r<frame> <label> <seconds>s` on `out` every `period` until
  /// stopped, then erases the line. Each redraw fits the terminal's width at that moment. When not
  /// enabled, writes nothing at all. While it lives, `print_line` goes through it.
  Spinner(std::ostream& out, bool enabled, std::string label,
          std::chrono::milliseconds period = std::chrono::milliseconds(100));
  ~Spinner();
  Spinner(const Spinner&) = delete;
  Spinner& operator=(const Spinner&) = delete;

  /// Replaces the label from the next redraw on.
  void set_label(std::string label);

  /// Writes `line` and a newline to `target` without tearing the spinner's line: the line is
  /// erased first and redrawn below. `target` may be another stream on the same terminal.
  void print(std::ostream& target, const std::string& line);

  /// Stops and erases the line; idempotent.
  void stop();

 private:
  void run();

  void draw();  // with mutex_ held

  std::ostream& out_;
  bool enabled_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  unsigned frame_ = 0;
  std::string label_;
  std::chrono::milliseconds period_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool done_ = false;
  std::thread thread_;
};

}  // namespace edenai::cli
