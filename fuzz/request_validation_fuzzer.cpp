// libFuzzer target: request validation of any JSON in `extra` and `metadata`, however deep or
// wide, with properties on top of "no crash, no hang": a body refused is refused with
// InvalidRequestError, and a body accepted encodes to JSON that parses back. The input is read as
// JSON when it parses (nlohmann's parser and destructor do not recurse), else taken as a string.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "api/images.hpp"
#include "api/validation.hpp"
#include "edenai/errors.hpp"
#include "json/codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  nlohmann::json value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) value = text;  // any bytes: invalid UTF-8 included

  edenai::ImageGenerationBody body;
  body.model = "openai/gpt-image-1";
  body.prompt = "a fox";
  // Moved, never copied: nlohmann's copy recurses, and the input may be deep.
  if (size > 0 && data[0] % 2 == 0) {
    body.extra["x"] = std::move(value);
  } else {
    nlohmann::json metadata = nlohmann::json::object();
    metadata["m"] = std::move(value);
    body.metadata = std::move(metadata);
  }
  try {
    edenai::internal::validate_request(body);
  } catch (const edenai::InvalidRequestError&) {
    return 0;
  }
  const std::string wire = edenai::internal::encode_request(body);
  if (nlohmann::json::parse(wire, nullptr, false).is_discarded()) std::abort();
  return 0;
}
