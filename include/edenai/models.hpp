// Types of GET /v3/images/models, named as in Eden's OpenAPI contract. Unknown fields of a
// response are kept in `extra`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "edenai/export.hpp"

namespace edenai {

/// A region where a model is served (`RegionObject`).
struct EDENAI_EXPORT RegionObject {
  /// e.g. `us-east-1`.
  std::string code;
  /// Display name.
  std::string name;
};

/// One image model (`ModelObject`).
struct EDENAI_EXPORT ModelObject {
  /// `provider/model`, the value of `ImageGenerationBody::model`.
  std::string id;
  /// Unix time of the model's release.
  std::optional<std::int64_t> created;
  /// The provider or organisation that owns it.
  std::optional<std::string> owned_by;
  /// The name without the provider prefix.
  std::optional<std::string> model_name;
  /// What the model is.
  std::optional<std::string> description;
  /// Source URL.
  std::optional<std::string> source;
  /// Maximum context length in tokens, for the models that have one.
  std::optional<std::int64_t> context_length;
  /// The model this id is an alias of (shown by Eden's docs, not its spec).
  std::optional<std::string> alias_of;
  /// What the model can do, an object (its keys are Eden's).
  std::optional<nlohmann::json> capabilities;
  /// Prices after discounts, an object (its keys are Eden's and vary by model).
  std::optional<nlohmann::json> pricing;
  /// Provider list prices before discounts, an object.
  std::optional<nlohmann::json> list_pricing;
  /// Discount applied, 0 to 1.
  std::optional<double> discount;
  /// Where the model is served; when an entry is not `{code, name}` (or holds more), the list is
  /// kept as received in `extra["regions"]` too.
  std::vector<RegionObject> regions;
  /// Properties the contract does not name, and typed ones whose value did not fit, as received.
  nlohmann::json extra = nlohmann::json::object();
};

/// Response of `GET /v3/images/models` (`ListModelsResponse`): the models of the host's region
/// (the EU host lists the EU's).
struct EDENAI_EXPORT ListModelsResponse {
  /// `"list"`.
  std::string object = "list";
  /// The models (the key is required: a body without it is a DecodeError).
  std::vector<ModelObject> data;
  /// Properties the contract does not name, as received.
  nlohmann::json extra = nlohmann::json::object();
};

}  // namespace edenai
