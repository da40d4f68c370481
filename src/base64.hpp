// Base64 (RFC 4648, standard alphabet) decoding of image payloads.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace edenai::internal {

/// Decodes standard base64. Padding is optional; whitespace and the URL-safe alphabet are not
/// accepted. Returns std::nullopt when `text` is not valid base64.
std::optional<std::vector<std::uint8_t>> decode_base64(std::string_view text);

/// Encodes bytes as padded standard base64 (used by tests, benchmarks and the mock server).
std::string encode_base64(const std::uint8_t* data, std::size_t size);

}  // namespace edenai::internal
