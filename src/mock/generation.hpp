// The mock's model of the generation endpoint, free of sockets: request validation in FastAPI /
// Pydantic's words, size resolution, prices and usage, and the error bodies Eden AI sends.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "mock/pydantic.hpp"

namespace edenai::mock::internal {

/// Checks a request body the way Eden's FastAPI service does. Returns the `detail` list of a 422
/// (empty when the body is valid); on success `parsed` holds the body.
nlohmann::json validation_errors(std::string_view body, nlohmann::json& parsed);

struct ImageSize {
  int width = 1024;
  int height = 1024;
};

/// Resolves `size`: absent, null or `auto` → 1024x1024; `WxH` (each 1 to 4096); an aspect ratio
/// `W:H` (each side 1 to 4 times the other) → about one megapixel in multiples of 64.
/// Returns std::nullopt for a size that cannot be honoured.
std::optional<ImageSize> resolve_size(const nlohmann::json& size);

/// What a valid request asks for.
struct Generation {
  std::string model;
  std::string provider;  ///< the model's prefix, e.g. "openai"
  std::string prompt;
  std::string quality;  ///< as given, or "auto"
  int n = 1;
  ImageSize size;
  bool inline_images = true;  ///< b64_json (gpt-image models) rather than url
};

/// Reads a body that `validation_errors` accepted.
Generation plan_generation(const nlohmann::json& body, ImageSize size);

/// The price of one image in USD: the catalog's `pricing` for its models (see catalog.hpp), a
/// plausible one from public price lists for others; scaled by the megapixels beyond one.
double price_per_image(const Generation& generation);

/// Whether `model` names a provider: `provider/name`, neither part empty.
bool has_provider_prefix(std::string_view model);

/// The 404 body for a model without a provider prefix.
std::string model_not_found_body(std::string_view model);

/// The `usage` object gpt-image models report; null for other models.
nlohmann::json usage_for(const Generation& generation);

/// The body Eden AI sends with `status` when nothing more specific applies (see API-NOTES).
std::string default_error_body(int status);

/// An OpenAI-style error body: `{"error": {"message", "type", "param", "code"}}`.
std::string openai_error_body(std::string_view message, std::string_view param,
                              std::string_view code);

/// An nginx-style HTML error page for `status`.
std::string html_error_page(int status);

}  // namespace edenai::mock::internal
