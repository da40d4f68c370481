// Base64 (RFC 4648) decoding of image payloads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edenai::internal {

/// Decodes base64 in the standard alphabet, the URL-safe one (`-` and `_`), or a mix (Node's
/// decoder takes both; Python has a function for each). Padding is optional; ASCII whitespace
/// anywhere (line breaks every 76 characters, spaces) is skipped. Returns std::nullopt for anything
/// else (a character of neither alphabet, padding before the end, a lone trailing character).
std::optional<std::vector<std::uint8_t>> decode_base64(std::string_view text);

/// An upper bound of the bytes `text` decodes to (text.size() / 4 * 3 + 3): what
/// decode_base64_into needs.
std::size_t decoded_size_bound(std::string_view text) noexcept;

/// The decoding kernels. `avx2` runs only where the CPU has AVX2 (checked once at run time).
enum class Base64Kernel { scalar, avx2 };

bool base64_kernel_available(Base64Kernel kernel) noexcept;

/// The kernel decode_base64 and decode_base64_into use: avx2 when available, else scalar.
Base64Kernel base64_default_kernel() noexcept;

/// Decodes `text` into `out`, which has room for decoded_size_bound(text) bytes, with the same
/// rules and results as decode_base64. Returns the number of bytes written, or std::nullopt when
/// the text is not base64 (then `out`'s contents are unspecified). Never writes past
/// out + decoded_size_bound(text).
std::optional<std::size_t> decode_base64_into(std::string_view text, std::uint8_t* out);

/// The same with a chosen kernel (tests, fuzzing, benchmarks); an unavailable kernel falls back
/// to scalar.
std::optional<std::size_t> decode_base64_into(std::string_view text, std::uint8_t* out,
                                              Base64Kernel kernel);

/// Encodes bytes as padded standard base64 (used by tests, benchmarks and the mock server).
std::string encode_base64(const std::uint8_t* data, std::size_t size);

}  // namespace edenai::internal
