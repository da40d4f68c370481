// Base64 (RFC 4648) decoding of image payloads.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace edenai::internal {

/// Decodes base64 in the standard alphabet, the URL-safe one (`-` and `_`), or a mix (Node's
/// decoder takes both; Python has a function for each). Padding is optional; ASCII whitespace
/// anywhere (line breaks every 76 characters, spaces) is skipped. Returns std::nullopt for anything
/// else (a character of neither alphabet, padding before the end, a lone trailing character).
std::optional<std::vector<std::uint8_t>> decode_base64(std::string_view text);

/// Encodes bytes as padded standard base64 (used by tests, benchmarks and the mock server).
std::string encode_base64(const std::uint8_t* data, std::size_t size);

}  // namespace edenai::internal
