#include "image_files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <filesystem>
#include <system_error>

namespace edenai::cli {

std::string file_stem(std::string_view prompt, std::size_t max_length) {
  std::string stem;
  for (const unsigned char c : prompt) {
    if (std::isalnum(c) && c < 0x80) {
      stem += static_cast<char>(std::tolower(c));
    } else if (!stem.empty() && stem.back() != '-') {
      stem += '-';
    }
  }
  if (stem.size() > max_length) {
    const auto cut = stem.rfind('-', max_length);
    stem.resize(cut == std::string::npos || cut < max_length / 2 ? max_length : cut);
  }
  while (!stem.empty() && stem.back() == '-')
    stem.pop_back();
  return stem.empty() ? "image" : stem;
}

void ensure_writable_directory(const std::string& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) throw SaveError("cannot create " + dir + ": " + error.message(), dir, error);
  if (!std::filesystem::is_directory(dir, error)) {
    throw SaveError("cannot save in " + dir + ": not a directory", dir,
                    std::make_error_code(std::errc::not_a_directory));
  }
  const std::string probe =
      (std::filesystem::path(dir) / (".edenai-image-probe-" + std::to_string(::getpid()))).string();
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 && errno != EEXIST) {
    const std::error_code code(errno, std::generic_category());
    throw SaveError("cannot write in " + dir + ": " + code.message(), dir, code);
  }
  if (fd >= 0) {
    ::close(fd);
    ::unlink(probe.c_str());
  }
}

}  // namespace edenai::cli
