// The image operations (generations, edits): their encoders, their shared decoder, and the
// Operations the client's pipeline runs.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/operation.hpp"
#include "edenai/edits.hpp"
#include "edenai/types.hpp"
#include "http/buffer_pool.hpp"

namespace edenai::internal {

/// The JSON of what generations and edits share: `extra` merged at the top, then the model,
/// the prompt and the optional fields that are set.
template <typename Body>
nlohmann::json shared_request_json(const Body& body) {
  nlohmann::json out = body.extra.is_object() ? body.extra : nlohmann::json::object();
  out["model"] = body.model;
  out["prompt"] = body.prompt;
  if (body.n) out["n"] = *body.n;
  if (body.size) out["size"] = *body.size;
  if (body.user) out["user"] = *body.user;
  if (body.quality) out["quality"] = *body.quality;
  if (body.metadata && !body.metadata->is_null()) out["metadata"] = *body.metadata;
  if (body.extra_headers) out["extra_headers"] = *body.extra_headers;
  return out;
}

/// Serialises a (validated) generation body. Unset optionals are omitted; `extra` is merged.
std::string encode_request(const ImageGenerationBody& body);
/// Serialises a (validated) edit body, writing each image reference's URL once into the output
/// (a 16-image edit of inline images is tens of megabytes).
std::string encode_request(const ImageEditBody& body);

/// Parses a 2xx body of a generation or an edit (a UTF-8 byte-order mark is skipped). The
/// images' base64 is left in `body`, which they share (`Base64Text`).
/// @throws DecodeError naming the JSON path of the first problem.
ImageResponse decode_image_response(const SharedBody& body);
/// The same from a string (tests, fuzzing, benchmarks): `body` is moved into a shared buffer.
ImageResponse decode_image_response(std::string body);

/// The operations, validated and encoded. @throws InvalidRequestError
Operation generation(const ImageGenerationBody& body);
Operation edit(const ImageEditBody& body);

}  // namespace edenai::internal
