#include "spinner.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace edenai::cli {

bool stderr_is_terminal() {
  const char* term = std::getenv("TERM");
  return ::isatty(STDERR_FILENO) == 1 && !(term != nullptr && std::strcmp(term, "dumb") == 0);
}

namespace {

// The spinner print_line goes through. Taken before a spinner's own mutex, never after it.
std::mutex current_mutex;
Spinner* current = nullptr;

}  // namespace

void print_line(std::ostream& target, const std::string& line) {
  const std::lock_guard<std::mutex> lock(current_mutex);
  if (current != nullptr) {
    current->print(target, line);
  } else {
    target << line << '\n' << std::flush;
  }
}

Spinner::Spinner(std::ostream& out, bool enabled, std::string label,
                 std::chrono::milliseconds period)
    : out_(out), enabled_(enabled), label_(std::move(label)), period_(period) {
  if (enabled) thread_ = std::thread([this] { run(); });
  const std::lock_guard<std::mutex> lock(current_mutex);
  current = this;
}

Spinner::~Spinner() {
  {
    const std::lock_guard<std::mutex> lock(current_mutex);
    if (current == this) current = nullptr;
  }
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

std::size_t terminal_columns() {
  winsize size{};
  if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) != 0) return 0;
  return size.ws_col;
}

namespace {

bool starts_code_point(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
}

std::size_t width(const std::string& text) {
  std::size_t count = 0;
  for (const char c : text)
    count += starts_code_point(c) ? 1 : 0;
  return count;
}

// The first `count` code points of `text`.
std::string first_columns(const std::string& text, std::size_t count) {
  std::size_t end = 0;
  for (std::size_t seen = 0; end < text.size(); ++end) {
    if (starts_code_point(text[end]) && seen++ == count) break;
  }
  return text.substr(0, end);
}

}  // namespace

std::string fit_line(const std::string& label, const std::string& tail, std::size_t columns) {
  std::string line = label + tail;
  if (columns == 0 || width(line) < columns) return line;
  // One column is left free: a line that fills the last one wraps on some terminals.
  const std::size_t room = columns - 1;
  constexpr std::string_view kEllipsis = "...";
  if (width(tail) + kEllipsis.size() <= room) {
    return first_columns(label, room - width(tail) - kEllipsis.size()) + std::string(kEllipsis) +
           tail;
  }
  return first_columns(line, room);  // too narrow even for the tail: what fits of the line
}

void Spinner::draw() {
  static const char kFrames[] = {'|', '/', '-', '\\'};
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  char elapsed[32];
  std::snprintf(elapsed, sizeof elapsed, " %.1fs", seconds);
  // The width is read at every redraw, so a resized terminal (SIGWINCH) is followed at the next.
  const std::string label = std::string(1, kFrames[frame_ % 4]) + ' ' + label_;
  out_ << '\r' << fit_line(label, elapsed, terminal_columns()) << "\033[K" << std::flush;
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
