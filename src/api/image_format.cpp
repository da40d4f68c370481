// Signatures of the image formats providers take, and reading a file a request names.
#include "api/image_format.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "edenai/errors.hpp"

namespace edenai::internal {
namespace {

bool starts_with(std::string_view bytes, std::size_t at, std::string_view signature) {
  return bytes.size() >= at + signature.size() && bytes.substr(at, signature.size()) == signature;
}

}  // namespace

std::string image_mime_type(std::string_view bytes) {
  using namespace std::string_view_literals;
  if (starts_with(bytes, 0, "\x89PNG\r\n\x1a\n"sv)) return "image/png";
  if (starts_with(bytes, 0, "\xFF\xD8\xFF"sv)) return "image/jpeg";
  if (starts_with(bytes, 0, "RIFF"sv) && starts_with(bytes, 8, "WEBP"sv)) return "image/webp";
  if (starts_with(bytes, 0, "GIF87a"sv) || starts_with(bytes, 0, "GIF89a"sv)) return "image/gif";
  return {};
}

std::string file_mime_type(std::string_view bytes) {
  std::string type = image_mime_type(bytes);
  if (type.empty() && starts_with(bytes, 0, "%PDF-")) type = "application/pdf";
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
