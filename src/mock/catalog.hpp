// The models the mock lists (GET /v3/images/models, GET /v3/models) and prices its images with.
#pragma once

#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

namespace edenai::mock::internal {

/// One model of the catalog. Prices are list prices in USD for one 1024x1024 image (about one
/// megapixel) at the default quality; `per_image_low` / `per_image_high` for gpt-image models.
struct ModelInfo {
  std::string_view id;
  std::string_view description;
  std::int64_t created;
  bool image_generation;
  bool image_edit;
  bool chat;
  double list_price;  ///< per image, or per million input tokens for chat models
  double list_price_low;
  double list_price_high;
  double discount;  ///< 0 to 1: `pricing` = `list_pricing` x (1 - discount)
  bool eu;          ///< cleared for the EU region (listed by the EU host)
};

/// The image model with this id, or nullptr.
const ModelInfo* find_image_model(std::string_view id);

/// What one image of `model` costs after the discount, at `quality` (`low`, `high`/`hd`, else
/// the default), for about one megapixel.
double discounted_price(const ModelInfo& model, std::string_view quality);

/// `{"object": "list", "data": [ModelObject]}`: the image models, or every model (chat ones too,
/// for OpenAI's `models.list()`); only EU-cleared ones when `eu`.
nlohmann::json models_list(bool eu, bool chat_models_too);

}  // namespace edenai::mock::internal
