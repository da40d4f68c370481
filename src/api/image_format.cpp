// Signatures and sizes of the image formats providers take and return, and reading a file a
// request names.
#include "api/image_format.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "edenai/errors.hpp"
#include "edenai/save.hpp"

namespace edenai {
namespace {

// The helpers read bytes as unsigned; callers have checked the length.
unsigned byte_at(std::string_view b, std::size_t at) {
  return static_cast<unsigned char>(b[at]);
}
unsigned be16(std::string_view b, std::size_t at) {
  return (byte_at(b, at) << 8) | byte_at(b, at + 1);
}
unsigned long be32(std::string_view b, std::size_t at) {
  return (static_cast<unsigned long>(be16(b, at)) << 16) | be16(b, at + 2);
}
unsigned le16(std::string_view b, std::size_t at) {
  return byte_at(b, at) | (byte_at(b, at + 1) << 8);
}
unsigned long le24(std::string_view b, std::size_t at) {
  return le16(b, at) | (static_cast<unsigned long>(byte_at(b, at + 2)) << 16);
}
unsigned long le32(std::string_view b, std::size_t at) {
  return le24(b, at) | (static_cast<unsigned long>(byte_at(b, at + 3)) << 24);
}

bool has_at(std::string_view bytes, std::size_t at, std::string_view signature) {
  return bytes.size() >= at + signature.size() && bytes.substr(at, signature.size()) == signature;
}

// The frame header (SOF0..SOF15 except DHT, JPG and DAC) holds the size; walk the segments to it.
void jpeg_size(std::string_view b, ImageFormat& format) {
  std::size_t at = 2;
  while (at + 9 < b.size()) {
    if (byte_at(b, at) != 0xFF) return;
    const unsigned marker = byte_at(b, at + 1);
    if (marker == 0xFF) {
      ++at;
      continue;
    }
    const bool frame =
        marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (frame) {
      format.height = static_cast<int>(be16(b, at + 5));
      format.width = static_cast<int>(be16(b, at + 7));
      return;
    }
    const unsigned length = be16(b, at + 2);
    if (length < 2) return;
    at += 2 + length;
  }
}

void webp_size(std::string_view b, ImageFormat& format) {
  if (has_at(b, 12, "VP8X") && b.size() >= 30) {
    format.width = static_cast<int>(le24(b, 24) + 1);
    format.height = static_cast<int>(le24(b, 27) + 1);
  } else if (has_at(b, 12, "VP8 ") && b.size() >= 30) {
    format.width = static_cast<int>(le16(b, 26) & 0x3FFF);
    format.height = static_cast<int>(le16(b, 28) & 0x3FFF);
  } else if (has_at(b, 12, "VP8L") && b.size() >= 25) {
    const unsigned long bits = le32(b, 21);
    format.width = static_cast<int>((bits & 0x3FFF) + 1);
    format.height = static_cast<int>(((bits >> 14) & 0x3FFF) + 1);
  }
}

}  // namespace

ImageFormat detect_image_format(std::string_view b) {
  using namespace std::string_view_literals;
  ImageFormat format;
  if (has_at(b, 0, "\x89PNG\r\n\x1a\n"sv)) {
    format.extension = "png";
    format.mime_type = "image/png";
    // PNG limits both to 2^31 - 1; a larger value is a broken header, left unread.
    constexpr unsigned long kMaxSide = 0x7FFFFFFFUL;
    if (b.size() >= 24 && has_at(b, 12, "IHDR") && be32(b, 16) <= kMaxSide &&
        be32(b, 20) <= kMaxSide) {
      format.width = static_cast<int>(be32(b, 16));
      format.height = static_cast<int>(be32(b, 20));
    }
  } else if (has_at(b, 0, "\xFF\xD8\xFF"sv)) {
    format.extension = "jpg";
    format.mime_type = "image/jpeg";
    jpeg_size(b, format);
  } else if (has_at(b, 0, "RIFF") && has_at(b, 8, "WEBP")) {
    format.extension = "webp";
    format.mime_type = "image/webp";
    webp_size(b, format);
  } else if (has_at(b, 0, "GIF87a") || has_at(b, 0, "GIF89a")) {
    format.extension = "gif";
    format.mime_type = "image/gif";
    if (b.size() >= 10) {
      format.width = static_cast<int>(le16(b, 6));
      format.height = static_cast<int>(le16(b, 8));
    }
  } else {
    format.extension = "bin";
  }
  return format;
}

ImageFormat detect_image_format(const std::vector<std::uint8_t>& bytes) {
  return detect_image_format(
      std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

}  // namespace edenai

namespace edenai::internal {

std::string image_mime_type(std::string_view bytes) {
  return detect_image_format(bytes).mime_type;
}

std::string file_mime_type(std::string_view bytes) {
  std::string type = image_mime_type(bytes);
  if (type.empty() && has_at(bytes, 0, "%PDF-")) type = "application/pdf";
  return type;
}

namespace {

bool is_token_char(char c) {
  const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  return alnum || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), is_token_char);
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && lower(text.substr(0, prefix.size())) == prefix;
}

}  // namespace

bool is_mime_type(std::string_view text) {
  const std::size_t slash = text.find('/');
  return slash != std::string_view::npos && is_token(text.substr(0, slash)) &&
         is_token(text.substr(slash + 1));
}

std::optional<std::string> data_url_type(std::string_view url) {
  if (!starts_with_ignoring_case(url, "data:")) return std::nullopt;
  const std::size_t comma = url.find(',');
  if (comma == std::string_view::npos || comma + 1 == url.size()) return std::nullopt;
  const std::string_view header = url.substr(5, comma - 5);
  constexpr std::string_view kBase64 = ";base64";
  if (header.size() < kBase64.size() ||
      lower(header.substr(header.size() - kBase64.size())) != kBase64) {
    return std::nullopt;
  }
  const std::string_view type = header.substr(0, header.find(';'));
  if (!is_mime_type(type)) return std::nullopt;
  return lower(type);
}

bool is_web_url(std::string_view url) {
  const std::size_t prefix = starts_with_ignoring_case(url, "https://")  ? 8
                             : starts_with_ignoring_case(url, "http://") ? 7
                                                                         : 0;
  return prefix > 0 && url.size() > prefix && url[prefix] != '/';
}

std::string read_file(const std::string& path, const char* what) {
  std::error_code error_code;
  if (std::filesystem::exists(path, error_code) &&
      !std::filesystem::is_regular_file(path, error_code)) {
    throw InvalidRequestError(std::string("cannot read ") + what + " '" + path +
                              "': not a regular file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int error = errno;
    throw InvalidRequestError(std::string("cannot read ") + what + " '" + path +
                              "': " + (error != 0 ? std::strerror(error) : "cannot open"));
  }
  std::ostringstream out;
  out << in.rdbuf();
  if (in.bad()) throw InvalidRequestError(std::string("cannot read ") + what + " '" + path + "'");
  return std::move(out).str();
}

}  // namespace edenai::internal
