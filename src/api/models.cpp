// GET /v3/images/models: the operation, its decoder and the client's call.
#include <algorithm>

#include "api/decoders.hpp"
#include "core/client_impl.hpp"
#include "json/reader.hpp"

namespace edenai {
namespace internal {
namespace {

using namespace json;  // NOLINT(google-build-using-namespace): the readers are this file's words

// `regions` is typed when every entry is `{code, name}` with strings; otherwise, or when an
// entry holds more than those two, it is (also) kept, as received, in `extra`.
void read_regions(const nlohmann::json& regions, ModelObject& model) {
  std::vector<RegionObject> typed;
  const bool fits = regions.is_array() && std::all_of(regions.begin(), regions.end(), [](auto& r) {
                      return r.is_object() && r.value("code", nlohmann::json()).is_string() &&
                             r.value("name", nlohmann::json()).is_string();
                    });
  const bool more =
      fits && std::any_of(regions.begin(), regions.end(), [](auto& r) { return r.size() > 2; });
  if (!fits || more) {
    if (!regions.is_null()) model.extra["regions"] = regions;
    if (!fits) return;
  }
  for (const auto& region : regions) {
    typed.push_back({region["code"].get<std::string>(), region["name"].get<std::string>()});
  }
  model.regions = std::move(typed);
}

// A model: its `id` is what the entry exists for (strict); the rest is metadata.
ModelObject read_model(od::value& value, const Path& path) {
  ModelObject model;
  MetadataReader metadata(model.extra, 3);
  std::optional<std::string> id;
  for_each_member(require_object(value, path), path,
                  [&](std::string_view key, const Path& child, od::value& v) {
                    if (key == "id") {
                      if (holds(v, child, od::json_type::string, "string"))
                        id = string_of(v, child);
                    } else if (key == "created") {
                      metadata.integer(key, v, child, model.created);
                    } else if (key == "owned_by") {
                      metadata.string(key, v, child, model.owned_by);
                    } else if (key == "model_name") {
                      metadata.string(key, v, child, model.model_name);
                    } else if (key == "description") {
                      metadata.string(key, v, child, model.description);
                    } else if (key == "source") {
                      metadata.string(key, v, child, model.source);
                    } else if (key == "context_length") {
                      metadata.integer(key, v, child, model.context_length);
                    } else if (key == "alias_of") {
                      metadata.string(key, v, child, model.alias_of);
                    } else if (key == "capabilities") {
                      metadata.object(key, v, child, model.capabilities);
                    } else if (key == "pricing") {
                      metadata.object(key, v, child, model.pricing);
                    } else if (key == "list_pricing") {
                      metadata.object(key, v, child, model.list_pricing);
                    } else if (key == "discount") {
                      metadata.number(key, v, child, model.discount);
                    } else if (key == "regions") {
                      read_regions(to_json(v, child, 3), model);
                    } else {
                      metadata.keep(key, v, child);
                    }
                  });
  if (!id) fail(Path(path, "id"), "missing");
  model.id = std::move(*id);
  return model;
}

}  // namespace

using namespace json;  // NOLINT(google-build-using-namespace): the readers are this file's words

ListModelsResponse decode_model_list(const SharedBody& shared) {
  const std::string& body = *shared;
  ListModelsResponse list;
  bool has_data = false;
  with_document(body, [&](od::value& root) {
    MetadataReader metadata(list.extra, 1);
    for_each_member(
        require_object(root, "$"), "$", [&](std::string_view key, const Path& path, od::value& v) {
          if (key == "data") {
            has_data = true;
            list.data.clear();  // a repeated key: the last one, as other parsers
            if (!holds(v, path, od::json_type::array, "array or null")) return;
            for_each_element(array_of(v, path), path, [&](const Path& child, od::value& model) {
              list.data.push_back(read_model(model, child));
            });
          } else if (key == "object") {
            std::optional<std::string> object;
            metadata.string(key, v, path, object);
            if (object) list.object = std::move(*object);
          } else {
            metadata.keep(key, v, path);
          }
        });
  });
  if (!has_data) fail("$.data", "missing");
  return list;
}

}  // namespace internal

ListModelsResponse Client::list_image_models(const RequestOptions& options) const {
  return impl_->call(
      [] {
        internal::Operation operation;
        operation.path = "/v3/images/models";
        operation.repeatable = true;
        return operation;
      },
      options, internal::decode_model_list);
}

}  // namespace edenai
