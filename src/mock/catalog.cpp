// The mock's model catalog: the image model ids Eden AI serves (API-NOTES), with plausible prices
// from the providers' public price lists, and a few chat models so that `GET /v3/models` looks
// like the whole list. Which models are cleared for the EU is the mock's own choice.
#include "mock/catalog.hpp"

#include <array>
#include <cmath>
#include <string>

#include "mock/text.hpp"

namespace edenai::mock::internal {
namespace {

using nlohmann::json;

// id, description, created, generation, edit, chat, price, low, high, discount, eu
constexpr std::array<ModelInfo, 11> kModels = {{
    {"openai/gpt-image-1", "OpenAI's natively multimodal image model: generation and editing",
     1745452800, true, true, false, 0.042, 0.011, 0.167, 0.0, true},
    {"openai/gpt-image-1-mini", "A smaller, cheaper gpt-image-1", 1759708800, true, true, false,
     0.011, 0.005, 0.036, 0.0, true},
    {"openai/gpt-image-2", "OpenAI's second-generation image model", 1767225600, true, true, false,
     0.053, 0.012, 0.211, 0.0, false},
    {"google/imagen-4.0-generate-001", "Google Imagen 4 text-to-image", 1747785600, true, false,
     false, 0.04, 0.04, 0.04, 0.0, true},
    {"google/gemini-2.5-flash-image", "Gemini 2.5 Flash Image: generation and conversational edits",
     1756339200, true, true, false, 0.039, 0.039, 0.039, 0.0, true},
    {"google/gemini-3-pro-image-preview", "Gemini 3 Pro Image (preview)", 1763596800, true, true,
     false, 0.134, 0.134, 0.134, 0.0, false},
    {"stabilityai/sd3.5-large", "Stable Diffusion 3.5 Large", 1729555200, true, false, false, 0.065,
     0.065, 0.065, 0.1, false},
    {"amazon/amazon.nova-canvas-v1:0", "Amazon Nova Canvas: generation, inpainting, outpainting",
     1733270400, true, true, false, 0.04, 0.04, 0.04, 0.0, true},
    {"openai/gpt-4o", "GPT-4o", 1715367600, false, false, true, 2.5, 0, 0, 0.0, true},
    {"anthropic/claude-sonnet-4-5", "Claude Sonnet 4.5", 1759104000, false, false, true, 3.0, 0, 0,
     0.0, true},
    {"mistral/mistral-large-latest", "Mistral Large", 1731974400, false, false, true, 2.0, 0, 0,
     0.0, true},
}};

double rounded(double usd) {
  return std::round(usd * 1e6) / 1e6;
}

json pricing(const ModelInfo& model, double factor) {
  if (model.chat) {
    return {{"input_per_million_tokens", rounded(model.list_price * factor)},
            {"output_per_million_tokens", rounded(4 * model.list_price * factor)}};
  }
  json price = {{"per_image", rounded(model.list_price * factor)}};
  if (model.list_price_low != model.list_price || model.list_price_high != model.list_price) {
    price["per_image_low"] = rounded(model.list_price_low * factor);
    price["per_image_high"] = rounded(model.list_price_high * factor);
  }
  return price;
}

json model_object(const ModelInfo& model) {
  const std::string id(model.id);
  const auto slash = id.find('/');
  json regions = json::array({{{"code", "us-east-1"}, {"name", "US East (N. Virginia)"}}});
  if (model.eu) regions.push_back({{"code", "eu-west-1"}, {"name", "Europe (Ireland)"}});
  json capabilities = model.chat ? json{{"chat", true}, {"image_generation", false}}
                                 : json{{"image_generation", model.image_generation},
                                        {"image_edit", model.image_edit}};
  return {{"id", id},
          {"object", "model"},
          {"created", model.created},
          {"owned_by", id.substr(0, slash)},
          {"model_name", id.substr(slash + 1)},
          {"description", model.description},
          {"source", nullptr},
          {"context_length", model.chat ? json(128000) : json()},
          {"capabilities", std::move(capabilities)},
          {"pricing", pricing(model, 1.0 - model.discount)},
          {"list_pricing", pricing(model, 1.0)},
          {"discount", model.discount},
          {"regions", std::move(regions)}};
}

}  // namespace

const ModelInfo* find_image_model(std::string_view id) {
  for (const ModelInfo& model : kModels) {
    if (!model.chat && model.id == id) return &model;
  }
  return nullptr;
}

double discounted_price(const ModelInfo& model, std::string_view quality) {
  const std::string q = lower(quality);
  const double list = q == "low"                   ? model.list_price_low
                      : (q == "high" || q == "hd") ? model.list_price_high
                                                   : model.list_price;
  return rounded(list * (1.0 - model.discount));
}

json models_list(bool eu, bool chat_models_too) {
  json data = json::array();
  for (const ModelInfo& model : kModels) {
    if ((eu && !model.eu) || (model.chat && !chat_models_too)) continue;
    data.push_back(model_object(model));
  }
  return {{"object", "list"}, {"data", std::move(data)}};
}

}  // namespace edenai::mock::internal
