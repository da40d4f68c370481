// The nlohmann/json side of the codec (error bodies, which are small and irregular), and the
// direct writer of request objects that writes what nlohmann's dump() would.
#include "json/codec.hpp"

#include <algorithm>
#include <limits>

#include "edenai/errors.hpp"
#include "json/json_text.hpp"

namespace edenai::internal {

std::string dump_request(const nlohmann::json& json) {
  try {
    return json.dump();
  } catch (const nlohmann::json::exception& e) {
    throw InvalidRequestError(std::string("invalid request: cannot encode body: ") + e.what());
  }
}

namespace {

// The bytes a JSON string holds as they are: printable ASCII but the quote and the backslash.
struct PlainBytes {
  bool plain[256] = {};
  constexpr PlainBytes() {
    for (int c = 0x20; c < 0x80; ++c)
      plain[c] = c != '"' && c != '\\';
  }
  constexpr bool operator[](unsigned char c) const { return plain[c]; }
};
constexpr PlainBytes kPlain;

}  // namespace

bool JsonObjectWriter::append_string(std::string& out, std::string_view text) {
  static const char* const kHex = "0123456789abcdef";
  const std::size_t needed = out.size() + text.size() + 2;
  if (out.capacity() < needed) out.reserve(std::max(needed, 2 * out.capacity()));  // geometric
  out += '"';
  std::size_t i = 0;
  while (i < text.size()) {
    // Plain ASCII runs are copied whole.
    std::size_t run = i;
    while (run < text.size() && kPlain[static_cast<unsigned char>(text[run])]) {
      ++run;
    }
    out.append(text.data() + i, run - i);
    i = run;
    if (i == text.size()) break;
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      const std::size_t length = utf8_sequence_length(text.substr(i));
      if (length == 0) return false;
      out.append(text.data() + i, length);
      i += length;
      continue;
    }
    out += '\\';
    switch (c) {
      case '"':
        out += '"';
        break;
      case '\\':
        out += '\\';
        break;
      case '\b':
        out += 'b';
        break;
      case '\f':
        out += 'f';
        break;
      case '\n':
        out += 'n';
        break;
      case '\r':
        out += 'r';
        break;
      case '\t':
        out += 't';
        break;
      default:
        out += "u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
    }
    ++i;
  }
  out += '"';
  return true;
}

void JsonObjectWriter::key(std::string_view name) {
  if (!first_) out_ += ',';
  first_ = false;
  ok_ = append_string(out_, name) && ok_;
  out_ += ':';
}

void JsonObjectWriter::string(std::string_view key_name, std::string_view value) {
  key(key_name);
  ok_ = append_string(out_, value) && ok_;
}

void JsonObjectWriter::integer(std::string_view key_name, long long value) {
  key(key_name);
  out_ += std::to_string(value);
}

void JsonObjectWriter::raw(std::string_view key_name, std::string_view value) {
  key(key_name);
  out_ += value;
}

std::string JsonObjectWriter::finish() && {
  out_ += '}';
  return std::move(out_);
}

namespace {

constexpr std::size_t kMaxErrorBody = std::size_t{8} << 20;

// Whether brackets outside strings nest deeper than `limit`.
bool nests_deeper_than(std::string_view text, int limit) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

}  // namespace

std::optional<nlohmann::json> parse_error_body(std::string_view body) {
  if (body.size() > kMaxErrorBody || nests_deeper_than(body, kMaxJsonDepth)) return std::nullopt;
  auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return std::nullopt;
  return json;
}

std::optional<HTTPValidationError> validation_from_json(const nlohmann::json& json) {
  if (!json.is_object()) return std::nullopt;
  const auto detail = json.find("detail");
  if (detail == json.end() || !detail->is_array()) return std::nullopt;

  HTTPValidationError out;
  for (const auto& entry : *detail) {
    if (!entry.is_object()) return std::nullopt;
    const auto loc = entry.find("loc");
    const auto msg = entry.find("msg");
    const auto type = entry.find("type");
    if (loc == entry.end() || !loc->is_array() || msg == entry.end() || !msg->is_string() ||
        type == entry.end() || !type->is_string()) {
      return std::nullopt;
    }
    ValidationError error;
    for (const auto& part : *loc) {
      if (part.is_string()) {
        error.loc.emplace_back(part.get<std::string>());
      } else if (part.is_number_unsigned() &&
                 part.get<std::uint64_t>() >
                     static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        error.loc.emplace_back(std::to_string(part.get<std::uint64_t>()));  // exact, as text
      } else if (part.is_number_integer()) {
        error.loc.emplace_back(part.get<std::int64_t>());
      } else {
        return std::nullopt;
      }
    }
    error.msg = msg->get<std::string>();
    error.type = type->get<std::string>();
    out.detail.push_back(std::move(error));
  }
  return out;
}

}  // namespace edenai::internal
