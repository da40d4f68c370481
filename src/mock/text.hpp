// Small text helpers of the mock: its own, so that the mock depends on no internal header of the
// client library (only on its public headers).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace edenai::mock::internal {

/// The number of code points of UTF-8 `text`; std::nullopt when it is not valid UTF-8.
std::optional<std::size_t> utf8_length(std::string_view text);

/// Whether `a` and `b` are equal but for ASCII case.
bool equals_ignoring_case(std::string_view a, std::string_view b);

/// `text` in ASCII lower case.
std::string lower(std::string_view text);

/// Whether `text` begins with `prefix`.
bool starts_with(std::string_view text, std::string_view prefix);

/// Standard base64 with padding.
std::string encode_base64(std::string_view bytes);

/// Decodes standard or URL-safe base64; whitespace is skipped and padding is optional.
/// Returns std::nullopt for any other character or an impossible length.
std::optional<std::string> decode_base64(std::string_view text);

}  // namespace edenai::mock::internal
