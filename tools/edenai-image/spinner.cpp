#include "spinner.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace edenai::cli {

bool stderr_is_terminal() {
  const char* term = std::getenv("TERM");
  return ::isatty(STDERR_FILENO) == 1 && !(term != nullptr && std::strcmp(term, "dumb") == 0);
}

Spinner::Spinner(std::ostream& out, bool enabled, std::string label,
                 std::chrono::milliseconds period)
    : out_(out), enabled_(enabled), label_(std::move(label)), period_(period) {
  if (enabled) thread_ = std::thread([this] { run(); });
}

Spinner::~Spinner() {
  stop();
}

void Spinner::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    done_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Spinner::set_label(std::string label) {
  std::lock_guard<std::mutex> lock(mutex_);
  label_ = std::move(label);
}

void Spinner::print(std::ostream& target, const std::string& line) {
  std::lock_guard<std::mutex> lock(mutex_);
  const bool drawing = enabled_ && !done_;
  if (drawing) out_ << "\r\033[K" << std::flush;
  target << line << '\n' << std::flush;
  if (drawing) draw();
}

void Spinner::draw() {
  static const char kFrames[] = {'|', '/', '-', '\\'};
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  char elapsed[32];
  std::snprintf(elapsed, sizeof elapsed, "%.1fs", seconds);
  out_ << '\r' << kFrames[frame_ % 4] << ' ' << label_ << ' ' << elapsed << std::flush;
}

void Spinner::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (; !done_; ++frame_) {
    draw();
    wake_.wait_for(lock, period_, [this] { return done_; });
  }
  out_ << "\r\033[K" << std::flush;  // erase the spinner's line
}

}  // namespace edenai::cli
