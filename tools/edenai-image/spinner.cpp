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
    : out_(out), label_(std::move(label)), period_(period) {
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

void Spinner::run() {
  static const char kFrames[] = {'|', '/', '-', '\\'};
  const auto start = std::chrono::steady_clock::now();
  std::unique_lock<std::mutex> lock(mutex_);
  for (unsigned frame = 0; !done_; ++frame) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    char elapsed[32];
    std::snprintf(elapsed, sizeof elapsed, "%.1fs", seconds);
    out_ << '\r' << kFrames[frame % 4] << ' ' << label_ << ' ' << elapsed << std::flush;
    wake_.wait_for(lock, period_, [this] { return done_; });
  }
  out_ << "\r\033[K" << std::flush;  // erase the spinner's line
}

}  // namespace edenai::cli
