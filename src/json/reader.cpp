// The simdjson On-Demand readers every response decoder shares (json/reader.hpp).
#include "json/reader.hpp"

#include <algorithm>

#include "edenai/errors.hpp"
#include "json/codec.hpp"
#include "json/json_text.hpp"
#include "json/simdjson_padding.hpp"

namespace edenai::internal::json {
static_assert(kParserPadding == simdjson::SIMDJSON_PADDING);

namespace {

const char* type_name(od::json_type type) {
  switch (type) {
    case od::json_type::array:
      return "array";
    case od::json_type::object:
      return "object";
    case od::json_type::number:
      return "number";
    case od::json_type::string:
      return "string";
    case od::json_type::boolean:
      return "boolean";
    case od::json_type::null:
      return "null";
  }
  return "unknown";
}

}  // namespace

// `path.key` for error messages. The key is the server's: control characters become '?' and
// a long key is cut, so a message stays one readable line.
std::string member_path(const std::string& path, std::string_view key) {
  constexpr std::size_t kMaxKeyInPath = 64;
  std::size_t keep = std::min(key.size(), kMaxKeyInPath);
  while (keep > 0 && keep < key.size() && (static_cast<unsigned char>(key[keep]) & 0xC0) == 0x80) {
    --keep;  // do not split a UTF-8 character
  }
  std::string out = path + ".";
  for (std::size_t i = 0; i < keep; ++i) {
    const auto c = static_cast<unsigned char>(key[i]);
    out += (c < 0x20 || c == 0x7f) ? '?' : static_cast<char>(c);
  }
  if (keep < key.size()) out += "...";
  return out;
}

std::string Path::str() const {
  if (parent_ == nullptr) return root_;
  if (member_) return member_path(parent_->str(), key_);
  return parent_->str() + "[" + std::to_string(index_) + "]";
}

[[noreturn]] void fail(const Path& path, const std::string& problem) {
  throw DecodeError("invalid response body at " + path.str() + ": " + problem);
}

void check(simdjson::error_code error, const Path& path) {
  if (error) fail(path, simdjson::error_message(error));
}

// type() looks at the first byte only: a literal is checked when it is classified, so that
// `nope` is not taken for `null`.
od::json_type type_of(od::value& value, const Path& path) {
  od::json_type type{};
  check(value.type().get(type), path);
  if (type == od::json_type::null) {
    bool is_null = false;
    check(value.is_null().get(is_null), path);
    if (!is_null) fail(path, "invalid literal");
  }
  return type;
}

std::string_view trim_token(std::string_view token) {
  while (!token.empty() && (token.back() == ' ' || token.back() == '\t' || token.back() == '\n' ||
                            token.back() == '\r')) {
    token.remove_suffix(1);
  }
  return token;
}

// A string value. simdjson unescapes it, except one holding an unpaired surrogate escape
// (`\ud800`), which it refuses: that one is decoded leniently, with U+FFFD in its place.
std::string string_of(od::value& value, const Path& path) {
  const std::string_view token = trim_token(value.raw_json_token());  // before it is consumed
  std::string_view text;
  if (!value.get_string().get(text)) return std::string(text);
  if (auto lenient = unescape_lenient(token)) return std::move(*lenient);
  fail(path, "invalid string");
}

// A member's key, with the same leniency as string_of.
// The view of a key simdjson unescapes lies in the document's string buffer, valid as long as
// the document.
std::string_view key_of(od::field& field, const Path& path, std::string& storage) {
  // Taken first: unescaped_key() consumes the key. Just after the opening quote; stage 1 has
  // found the closing one.
  const char* start = field.key().raw();
  std::string_view key;
  if (!field.unescaped_key().get(key)) return key;
  std::size_t length = 0;
  while (start[length] != '"')
    length += start[length] == '\\' ? 2 : 1;
  if (auto lenient = unescape_lenient(std::string_view(start - 1, length + 2))) {
    storage = std::move(*lenient);
    return storage;
  }
  fail(path, "invalid key");
}

// JSON's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool is_json_number(std::string_view text) {
  std::size_t i = 0;
  const auto digits = [&] {
    const std::size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9')
      ++i;
    return i > start;
  };
  if (i < text.size() && text[i] == '-') ++i;
  if (i < text.size() && text[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == text.size();
}

[[noreturn]] void wrong_type(od::json_type got, const char* expected, const Path& path) {
  fail(path, std::string("expected ") + expected + ", got " + type_name(got));
}

// Free-form numbers keep their exact type when they fit; an integer wider than 64 bits becomes
// a double, and a valid number beyond double's range (1e400) is kept as its text.
nlohmann::json number_to_json(od::value& value, const Path& path) {
  const std::string_view token = trim_token(value.raw_json_token());
  od::number number;
  if (!value.get_number().get(number)) {
    switch (number.get_number_type()) {
      case od::number_type::signed_integer:
        return number.get_int64();
      case od::number_type::unsigned_integer:
        return number.get_uint64();
      default:
        return number.get_double();
    }
  }
  if (!is_json_number(token)) fail(path, "invalid number");
  double approximate = 0;
  if (!value.get_double().get(approximate)) return approximate;
  return std::string(token);
}

od::object object_of(od::value& value, const Path& path) {
  od::object object;
  check(value.get_object().get(object), path);
  return object;
}

od::array array_of(od::value& value, const Path& path) {
  od::array array;
  check(value.get_array().get(array), path);
  return array;
}

// A container nested beyond the bound is kept as its JSON text, so nothing that walks the
// result recursively can exhaust the stack, and nothing is lost either.
nlohmann::json raw_text(od::value& value, od::json_type type, const Path& path) {
  std::string_view text;
  if (type == od::json_type::object) {
    check(object_of(value, path).raw_json().get(text), path);
  } else {
    check(array_of(value, path).raw_json().get(text), path);
  }
  return std::string(trim_token(text));
}

nlohmann::json to_json(od::value value, const Path& path, int depth) {
  const od::json_type type = type_of(value, path);
  if (depth > kMaxJsonDepth && (type == od::json_type::object || type == od::json_type::array)) {
    return raw_text(value, type, path);
  }
  switch (type) {
    case od::json_type::object: {
      nlohmann::json out = nlohmann::json::object();
      for_each_member(object_of(value, path), path,
                      [&](std::string_view key, const Path& child, od::value& member) {
                        out[std::string(key)] = to_json(member, child, depth + 1);
                      });
      return out;
    }
    case od::json_type::array: {
      nlohmann::json out = nlohmann::json::array();
      for_each_element(array_of(value, path), path, [&](const Path& child, od::value& element) {
        out.push_back(to_json(element, child, depth + 1));
      });
      return out;
    }
    case od::json_type::number:
      return number_to_json(value, path);
    case od::json_type::string:
      return string_of(value, path);
    case od::json_type::boolean: {
      bool flag = false;
      check(value.get_bool().get(flag), path);
      return flag;
    }
    case od::json_type::null:
      break;  // type_of has checked the literal
  }
  return nullptr;
}

// Whether a nullable field that carries images holds a value: false for null (absent),
// DecodeError when it is neither null nor of the `expected` type.
bool holds(od::value& value, const Path& path, od::json_type expected, const char* what) {
  const od::json_type type = type_of(value, path);
  if (type == od::json_type::null) return false;
  if (type != expected) wrong_type(type, what, path);
  return true;
}

// For multi-megabyte strings (base64 images): copies the raw token directly when it holds no
// escape, skipping the unescape pass into the parser's own buffer. Stage 1 has already checked
// the string's bounds and UTF-8.
// A repeated key (RFC 8259 leaves duplicates undefined) that carries nothing never replaces one
// that carries an image: a null leaves `out` as it was; a value replaces it, as in other parsers.
void read_large_string(od::value& value, const Path& path, std::optional<std::string>& out) {
  if (!holds(value, path, od::json_type::string, "string or null")) return;
  const std::string_view token = trim_token(value.raw_json_token());
  if (token.size() >= 2 && token.front() == '"' && token.back() == '"' &&
      token.find('\\') == std::string_view::npos) {
    out.emplace(token.substr(1, token.size() - 2));
  } else {
    out.emplace(string_of(value, path));
  }
}

std::string_view raw_token(od::value& value) {
  return trim_token(value.raw_json_token());
}

od::object require_object(od::value& value, const Path& path) {
  const od::json_type type = type_of(value, path);
  if (type != od::json_type::object) wrong_type(type, "object", path);
  return object_of(value, path);
}

// One parser per thread: it keeps its buffers between calls, and a parser is not thread-safe.
namespace {

od::parser& thread_parser() {
  thread_local od::parser parser;
  return parser;
}

}  // namespace

void with_document(const std::string& body, const std::function<void(od::value& root)>& visit) {
  const auto read = [&](const simdjson::padded_string_view& input) {
    od::document doc;
    check(thread_parser().iterate(input).get(doc), "$");
    od::value root;
    check(doc.get_value().get(root), "$");
    visit(root);
    // Anything after the root value is an error; current_location() fails only at the end.
    if (!doc.current_location().error()) fail("$", "trailing content after the JSON object");
  };
  const std::size_t bom = bom_length(body);
  simdjson::padded_string copy;
  simdjson::padded_string_view input;
  if (body.capacity() - body.size() >= simdjson::SIMDJSON_PADDING) {
    input =
        simdjson::padded_string_view(body.data() + bom, body.size() - bom, body.capacity() - bom);
  } else {
    copy = simdjson::padded_string(body.data() + bom, body.size() - bom);
    input = copy;
  }
  try {
    read(input);
  } catch (const DecodeError&) {
    // Invalid UTF-8 anywhere, or a raw control character in a string (a line break inside
    // base64), makes simdjson refuse the whole document. What was paid for is worth a second
    // pass over a repaired copy (see repair_json_text); a string left unreadable fails alone.
    auto repaired = repair_json_text(std::string_view(body.data() + bom, body.size() - bom));
    if (!repaired) throw;
    read(simdjson::padded_string(*repaired));
  }
}

}  // namespace edenai::internal::json
