// The decoder of ImageResponse (generations and edits): strict about what carries the images,
// lenient about the rest (docs/decoding.md). `data` must be an array of objects whose `url` and
// `b64_json` are strings or null; a metadata field of the wrong type or out of range is left
// unset and kept, as received, in `extra`.
#include "api/images.hpp"
#include "json/reader.hpp"

namespace edenai::internal {
namespace {
using namespace json;  // NOLINT(google-build-using-namespace): the readers are this file's words

ImageDataItem decode_item(od::value& value, const std::string& path) {
  ImageDataItem item;
  MetadataReader metadata(item.extra, 3);
  for_each_member(require_object(value, path), path,
                  [&](std::string_view key, const std::string& child, od::value& v) {
                    if (key == "url") {
                      if (holds(v, child, od::json_type::string, "string or null")) {
                        item.url = string_of(v, child);  // a repeated null keeps it (see above)
                      }
                    } else if (key == "b64_json") {
                      read_large_string(v, child, item.b64_json);
                    } else if (key == "revised_prompt") {
                      metadata.string(key, v, child, item.revised_prompt);
                    } else {
                      metadata.keep(key, v, child);
                    }
                  });
  return item;
}

void decode_data(od::value& value, const std::string& path, std::vector<ImageDataItem>& out) {
  out.clear();
  if (!holds(value, path, od::json_type::array, "array or null")) return;
  for_each_element(array_of(value, path), path, [&](const std::string& child, od::value& v) {
    out.push_back(decode_item(v, child));
  });
}

}  // namespace

ImageResponse decode_image_response(const std::string& body) {
  ImageResponse response;
  json::with_document(body, [&](od::value& root) {
    MetadataReader metadata(response.extra, 1);
    for_each_member(require_object(root, "$"), "$",
                    [&](std::string_view key, const std::string& path, od::value& v) {
                      if (key == "data") {
                        // A repeated `data` that holds no image (null, []) keeps the images.
                        std::vector<ImageDataItem> items;
                        decode_data(v, path, items);
                        if (!items.empty() || response.data.empty())
                          response.data = std::move(items);
                      } else if (key == "cost") {
                        metadata.number(key, v, path, response.cost);
                      } else if (key == "provider") {
                        metadata.string(key, v, path, response.provider);
                      } else if (key == "created") {
                        metadata.integer(key, v, path, response.created);
                      } else if (key == "usage") {
                        metadata.object(key, v, path, response.usage);
                      } else {
                        metadata.keep(key, v, path);
                      }
                    });
  });
  return response;
}

}  // namespace edenai::internal
