// The nlohmann/json side of the codec: the depth bound, error bodies, and the 422 detail list.
// Requests are encoded by their endpoint (src/api/); 2xx bodies are read with json/reader.hpp.
#pragma once

#include <string>
#include <string_view>

#include "edenai/types.hpp"

namespace edenai::internal {

/// Deepest nesting of a value below the top-level object of a body: a request is refused beyond
/// it (InvalidRequestError), a response's free-form value beyond it is kept as its JSON text, an
/// error body beyond it is read as text. Real bodies nest a few levels; the bound keeps hostile
/// input from exhausting the stack of anything that walks it recursively.
inline constexpr int kMaxJsonDepth = 64;

/// `json.dump()` of a validated request. @throws InvalidRequestError for what cannot be encoded
/// (invalid UTF-8 in a body that skipped validation).
std::string dump_request(const nlohmann::json& json);

/// Writes a JSON object member by member, byte for byte as nlohmann::json's `dump()` would write
/// the same members (compact; strings escaped as it escapes them, non-ASCII left as UTF-8). The
/// caller adds members in nlohmann's order (sorted keys, as std::map sorts them). Used for the
/// common request bodies, where building an nlohmann::json first would cost more than the call's
/// own parsing. A string that is not valid UTF-8 (which dump() refuses) makes `ok()` false.
class JsonObjectWriter {
 public:
  JsonObjectWriter() {
    out_.reserve(256);  // a common body in one allocation
    out_ += '{';
  }
  void string(std::string_view key, std::string_view value);
  void integer(std::string_view key, long long value);
  /// `value` already written as JSON.
  void raw(std::string_view key, std::string_view value);
  bool ok() const { return ok_; }
  /// The object, closed. Call once.
  std::string finish() &&;

  /// Appends `text` as a JSON string (quotes included) to `out`; false when it is not valid
  /// UTF-8 (nothing is then promised about `out`).
  static bool append_string(std::string& out, std::string_view text);

 private:
  void key(std::string_view name);
  std::string out_;
  bool first_ = true;
  bool ok_ = true;
};

/// Parses an error body as JSON for inspection: std::nullopt when it is not JSON, larger than
/// 8 MiB, or nested more than 64 levels deep (so nothing that walks the result recursively can
/// exhaust the stack).
std::optional<nlohmann::json> parse_error_body(std::string_view body);

/// Reads a 422 body's `detail` list. Returns std::nullopt when the JSON is not in that shape.
/// A `loc` index beyond 64 bits' signed range is kept exactly, as its decimal text.
std::optional<HTTPValidationError> validation_from_json(const nlohmann::json& body);

}  // namespace edenai::internal
