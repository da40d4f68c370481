// Lenient readings of JSON text for the response decoder: a paid response is not thrown away for
// a flaw in a field that does not carry its images (see docs/decoding.md).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace edenai::internal {

/// Decodes a JSON string token (with its quotes) whose only flaw may be an unpaired surrogate
/// escape (`"\ud800"`, which RFC 8259 leaves undefined and simdjson refuses): each becomes
/// U+FFFD. Returns std::nullopt for what is not a string at all (a bad escape, a missing quote).
/// The bytes between escapes must already be valid UTF-8.
std::optional<std::string> unescape_lenient(std::string_view token);

/// The length of the valid UTF-8 sequence that begins `text` (1 for ASCII), or 0 when none does
/// (overlong forms, surrogates and code points beyond U+10FFFF are not valid).
std::size_t utf8_sequence_length(std::string_view text);

/// `text` with every byte that is not part of a valid UTF-8 sequence replaced by U+FFFD.
std::string repair_utf8(std::string_view text);

/// A JSON text with what simdjson refuses but a reader can mend: invalid UTF-8 (each bad byte
/// becomes U+FFFD) and raw control characters inside strings (each becomes its `\u00XX`
/// escape, so a line break inside base64 is read as a line break). std::nullopt when there is
/// nothing of the kind to mend.
std::optional<std::string> repair_json_text(std::string_view text);

/// The length of a UTF-8 byte-order mark at the start of `text` (3), or 0. RFC 8259 lets a
/// parser ignore one.
std::size_t bom_length(std::string_view text);

}  // namespace edenai::internal
