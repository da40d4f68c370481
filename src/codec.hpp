// JSON codec: request encoding and error bodies (nlohmann/json, codec.cpp); successful
// responses (simdjson On-Demand, response_decoder.cpp).
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

/// Serialises a (validated) body. Unset optionals are omitted; `extra` is merged at the top.
std::string encode_request(const ImageGenerationBody& body);

/// Parses a 2xx body (a UTF-8 byte-order mark is skipped). When `body.capacity()` leaves
/// simdjson's padding after the data, the string is parsed in place; otherwise it is copied once.
/// Strict about the shape that carries the images, lenient about metadata (docs/decoding.md).
/// @throws DecodeError naming the JSON path of the first problem.
ImageResponse decode_image_response(const std::string& body);

/// Parses an error body as JSON for inspection: std::nullopt when it is not JSON, larger than
/// 8 MiB, or nested more than 64 levels deep (so nothing that walks the result recursively can
/// exhaust the stack).
std::optional<nlohmann::json> parse_error_body(std::string_view body);

/// Reads a 422 body's `detail` list. Returns std::nullopt when the JSON is not in that shape.
/// A `loc` index beyond 64 bits' signed range is kept exactly, as its decimal text.
std::optional<HTTPValidationError> validation_from_json(const nlohmann::json& body);

}  // namespace edenai::internal
