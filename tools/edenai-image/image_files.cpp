#include "image_files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace edenai::cli {
namespace {

bool starts_with(const std::vector<std::uint8_t>& bytes, std::size_t at, std::string_view magic) {
  if (bytes.size() < at + magic.size()) return false;
  return std::memcmp(bytes.data() + at, magic.data(), magic.size()) == 0;
}

unsigned be16(const std::vector<std::uint8_t>& b, std::size_t at) {
  return (unsigned{b[at]} << 8) | b[at + 1];
}
unsigned long be32(const std::vector<std::uint8_t>& b, std::size_t at) {
  return (static_cast<unsigned long>(be16(b, at)) << 16) | be16(b, at + 2);
}
unsigned le16(const std::vector<std::uint8_t>& b, std::size_t at) {
  return b[at] | (unsigned{b[at + 1]} << 8);
}
unsigned long le24(const std::vector<std::uint8_t>& b, std::size_t at) {
  return le16(b, at) | (static_cast<unsigned long>(b[at + 2]) << 16);
}

// The frame header (SOF0..SOF15 except DHT, JPG and DAC) holds the size; walk the segments to it.
void jpeg_size(const std::vector<std::uint8_t>& b, ImageFormat& format) {
  std::size_t at = 2;
  while (at + 9 < b.size()) {
    if (b[at] != 0xFF) return;
    const unsigned marker = b[at + 1];
    if (marker == 0xFF) {
      ++at;
      continue;
    }
    const unsigned length = be16(b, at + 2);
    const bool frame =
        marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (frame) {
      format.height = static_cast<int>(be16(b, at + 5));
      format.width = static_cast<int>(be16(b, at + 7));
      return;
    }
    if (length < 2) return;
    at += 2 + length;
  }
}

void webp_size(const std::vector<std::uint8_t>& b, ImageFormat& format) {
  if (starts_with(b, 12, "VP8X") && b.size() >= 30) {
    format.width = static_cast<int>(le24(b, 24) + 1);
    format.height = static_cast<int>(le24(b, 27) + 1);
  } else if (starts_with(b, 12, "VP8 ") && b.size() >= 30) {
    format.width = static_cast<int>(le16(b, 26) & 0x3FFF);
    format.height = static_cast<int>(le16(b, 28) & 0x3FFF);
  } else if (starts_with(b, 12, "VP8L") && b.size() >= 25) {
    const unsigned long bits = b[21] | (b[22] << 8) | (static_cast<unsigned long>(b[23]) << 16) |
                               (static_cast<unsigned long>(b[24]) << 24);
    format.width = static_cast<int>((bits & 0x3FFF) + 1);
    format.height = static_cast<int>(((bits >> 14) & 0x3FFF) + 1);
  }
}

}  // namespace

ImageFormat detect_format(const std::vector<std::uint8_t>& b) {
  ImageFormat format;
  if (starts_with(b, 0, "\x89PNG\r\n\x1a\n")) {
    format.extension = "png";
    if (b.size() >= 24 && starts_with(b, 12, "IHDR")) {
      format.width = static_cast<int>(be32(b, 16));
      format.height = static_cast<int>(be32(b, 20));
    }
  } else if (starts_with(b, 0, "\xFF\xD8\xFF")) {
    format.extension = "jpg";
    jpeg_size(b, format);
  } else if (starts_with(b, 0, "RIFF") && starts_with(b, 8, "WEBP")) {
    format.extension = "webp";
    webp_size(b, format);
  } else if (starts_with(b, 0, "GIF87a") || starts_with(b, 0, "GIF89a")) {
    format.extension = "gif";
    if (b.size() >= 10) {
      format.width = static_cast<int>(le16(b, 6));
      format.height = static_cast<int>(le16(b, 8));
    }
  } else {
    format.extension = "bin";
  }
  return format;
}

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
  if (error) throw SaveError("cannot create " + dir + ": " + error.message());
  if (!std::filesystem::is_directory(dir, error)) {
    throw SaveError("cannot save in " + dir + ": not a directory");
  }
  const std::string probe =
      (std::filesystem::path(dir) / (".edenai-image-probe-" + std::to_string(::getpid()))).string();
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 && errno != EEXIST) {
    throw SaveError("cannot write in " + dir + ": " + std::strerror(errno));
  }
  if (fd >= 0) {
    ::close(fd);
    ::unlink(probe.c_str());
  }
}

std::string save_new_file(const std::string& dir, const std::string& stem,
                          const std::string& extension, const std::vector<std::uint8_t>& bytes) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) throw SaveError("cannot create " + dir + ": " + error.message());
  for (int attempt = 1; attempt <= 10000; ++attempt) {
    const std::string name =
        stem + (attempt == 1 ? "" : "-" + std::to_string(attempt)) + "." + extension;
    std::string path = (std::filesystem::path(dir) / name).string();
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0 && errno == EEXIST) continue;
    if (fd < 0) throw SaveError("cannot create " + path + ": " + std::strerror(errno));
    std::size_t written = 0;
    while (written < bytes.size()) {
      const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        const std::string reason = std::strerror(errno);
        ::close(fd);
        ::unlink(path.c_str());
        throw SaveError("cannot write " + path + ": " + reason);
      }
      written += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0) throw SaveError("cannot write " + path + ": " + std::strerror(errno));
    return path;
  }
  throw SaveError("no free file name for " + stem + "." + extension + " in " + dir);
}

}  // namespace edenai::cli
