// The simdjson On-Demand readers shared by every response decoder (src/api/*): typed access with
// JSON paths in errors, lenient strings (lone surrogates), free-form values as nlohmann::json,
// the lenient metadata readers, and one entry point that handles padding, a BOM and the repair
// pass. The rules are docs/decoding.md's: strict about what a response exists to carry (images,
// a file id), lenient about metadata.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace edenai::internal::json {
namespace od = simdjson::ondemand;

/// `path.key` for error messages (control characters become '?', a long key is cut).
std::string member_path(const std::string& path, std::string_view key);

/// The JSON path of a value, for error messages, spelled out (`str()`) only when one is needed:
/// a decoder that meets no problem builds no path. A root (`"$"`), or a member or an element of
/// a parent path, which it refers to: a path is valid while its parent and key are.
class Path {
 public:
  Path(const char* root) : root_(root) {}  // NOLINT(google-explicit-constructor): "$" literals
  Path(const Path& parent, std::string_view key) : parent_(&parent), key_(key), member_(true) {}
  Path(const Path& parent, std::size_t index) : parent_(&parent), index_(index) {}
  Path(const Path&& parent, std::string_view key) = delete;  // would dangle
  Path(const Path&& parent, std::size_t index) = delete;
  std::string str() const;

 private:
  const Path* parent_ = nullptr;
  const char* root_ = "$";
  std::string_view key_;
  std::size_t index_ = 0;
  bool member_ = false;
};

/// @throws DecodeError "invalid response body at <path>: <problem>"
[[noreturn]] void fail(const Path& path, const std::string& problem);
/// @throws DecodeError when `error` is set.
void check(simdjson::error_code error, const Path& path);
[[noreturn]] void wrong_type(od::json_type got, const char* expected, const Path& path);
/// The value's type, a literal checked (`nope` is not `null`).
od::json_type type_of(od::value& value, const Path& path);
/// A string value, unescaped; an unpaired surrogate escape becomes U+FFFD.
std::string string_of(od::value& value, const Path& path);
/// A member's key, with the same leniency.
/// `storage` holds a key decoded leniently; the view is valid while the document (or `storage`)
/// is.
std::string_view key_of(od::field& field, const Path& path, std::string& storage);
od::object object_of(od::value& value, const Path& path);
od::array array_of(od::value& value, const Path& path);
/// The value as nlohmann::json; containers deeper than kMaxJsonDepth are kept as their text.
nlohmann::json to_json(od::value value, const Path& path, int depth);
/// Whether a nullable field holds a value: false for null, DecodeError when it is neither null
/// nor of the `expected` type (`what` names it).
bool holds(od::value& value, const Path& path, od::json_type expected, const char* what);
/// A multi-megabyte string (base64): the raw token copied once when it holds no escape. A null
/// leaves `out` as it was (a repeated key holding nothing never replaces one holding an image).
void read_large_string(od::value& value, const Path& path, std::optional<std::string>& out);
/// The value's text as it lies in the parsed buffer (a string with its quotes, escapes as they
/// are), trailing whitespace cut. The value is not consumed.
std::string_view raw_token(od::value& value);
/// The value, which must be an object.
od::object require_object(od::value& value, const Path& path);

/// Parses `body` (in place when its capacity leaves simdjson's padding, else from one copy; a
/// UTF-8 BOM skipped) and calls `visit` with the root value; trailing content is refused. A
/// document simdjson refuses for invalid UTF-8 or raw control characters is visited again from a
/// repaired copy. @throws DecodeError naming the JSON path of the first problem.
void with_document(const std::string& body, const std::function<void(od::value& root)>& visit);

// Calls visit(key, member's path, value) for each member of `object`, in document order.
template <typename Visit>
void for_each_member(od::object object, const Path& path, Visit&& visit) {
  for (auto member : object) {
    od::field field;
    check(std::move(member).get(field), path);
    std::string storage;
    const std::string_view key = key_of(field, path, storage);
    const Path child(path, key);
    od::value value = field.value();
    visit(key, child, value);
  }
}

// Calls visit(element's path, value) for each element of `array`, in order.
template <typename Visit>
void for_each_element(od::array array, const Path& path, Visit&& visit) {
  std::size_t index = 0;
  for (auto element : array) {
    const Path child(path, index++);
    od::value value;
    check(element.get(value), child);
    visit(child, value);
  }
}

// The lenient readers of metadata fields. Each sets `out` from a nullable field and returns true,
// or, when the value does not fit the field (wrong type, out of range), leaves `out` unset,
// keeps the value as received in `extra[key]`, and returns false.
class MetadataReader {
 public:
  /// `extra` receives what does not fit; `depth` is the nesting of the object being read.
  MetadataReader(nlohmann::json& extra, int depth) : extra_(extra), depth_(depth) {}

  void string(std::string_view key, od::value& value, const Path& path,
              std::optional<std::string>& out) {
    out.reset();
    const od::json_type type = type_of(value, path);
    if (type == od::json_type::string) {
      out = string_of(value, path);
    } else if (type != od::json_type::null) {
      keep(key, value, path);
    }
  }

  void number(std::string_view key, od::value& value, const Path& path,
              std::optional<double>& out) {
    out.reset();
    const od::json_type type = type_of(value, path);
    double number = 0;
    if (type == od::json_type::number && !value.get_double().get(number)) {
      out = number;
    } else if (type != od::json_type::null) {
      keep(key, value, path);  // "0.04", or 1e400 (kept as its text)
    }
  }

  void integer(std::string_view key, od::value& value, const Path& path,
               std::optional<std::int64_t>& out) {
    out.reset();
    const od::json_type type = type_of(value, path);
    std::int64_t number = 0;
    if (type == od::json_type::number && !value.get_int64().get(number)) {
      out = number;
    } else if (type != od::json_type::null) {
      keep(key, value, path);  // 1.7e9, "1", or beyond 64 bits
    }
  }

  void object(std::string_view key, od::value& value, const Path& path,
              std::optional<nlohmann::json>& out) {
    out.reset();
    const od::json_type type = type_of(value, path);
    if (type == od::json_type::object) {
      out = to_json(value, path, depth_);
    } else if (type != od::json_type::null) {
      keep(key, value, path);
    }
  }

  void keep(std::string_view key, od::value& value, const Path& path) {
    extra_[std::string(key)] = to_json(value, path, depth_);
  }

 private:
  nlohmann::json& extra_;
  int depth_;
};

}  // namespace edenai::internal::json
