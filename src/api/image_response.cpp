// The decoder of ImageResponse (generations and edits): strict about what carries the images,
// lenient about the rest (docs/decoding.md). `data` must be an array of objects whose `url` and
// `b64_json` are strings or null; a metadata field of the wrong type or out of range is left
// unset and kept, as received, in `extra`. The images' base64 is not copied: each `b64_json`
// refers to its place in the body (docs/shared-buffers.md).
#include <functional>

#include "api/base64_access.hpp"
#include "api/images.hpp"
#include "json/reader.hpp"

namespace edenai::internal {
namespace {
using namespace json;  // NOLINT(google-build-using-namespace): the readers are this file's words

// Whether `token` lies inside `body` (the document was parsed in place, not from a repaired copy).
bool lies_in(std::string_view token, const std::string& body) {
  const std::less_equal<const char*> le;
  return le(body.data(), token.data()) &&
         le(token.data() + token.size(), body.data() + body.size());
}

// A base64 string: referred to where it lies in the body, quotes cut and escapes left for
// Base64Text to undo if any (checking for them here would be one more pass over megabytes). A
// document parsed from a repaired copy has its strings copied, as every other field's, under the
// same rule for escapes: ones that are not JSON cost that image only.
void read_image_text(od::value& value, const Path& path, const SharedBody& body,
                     std::optional<Base64Text>& out) {
  if (!holds(value, path, od::json_type::string, "string or null")) return;
  const std::string_view token = raw_token(value);
  if (token.size() >= 2 && token.front() == '"' && token.back() == '"') {
    const std::string_view raw = token.substr(1, token.size() - 2);
    out = lies_in(token, *body) ? Base64Access::in_body(body, raw) : Base64Access::copied(raw);
    return;
  }
  std::optional<std::string> text;
  read_large_string(value, path, text);
  if (text) out = std::move(*text);
}

ImageDataItem decode_item(od::value& value, const Path& path, const SharedBody& body) {
  ImageDataItem item;
  MetadataReader metadata(item.extra, 3);
  for_each_member(require_object(value, path), path,
                  [&](std::string_view key, const Path& child, od::value& v) {
                    if (key == "url") {
                      if (holds(v, child, od::json_type::string, "string or null")) {
                        item.url = string_of(v, child);  // a repeated null keeps it (see above)
                      }
                    } else if (key == "b64_json") {
                      read_image_text(v, child, body, item.b64_json);
                    } else if (key == "revised_prompt") {
                      metadata.string(key, v, child, item.revised_prompt);
                    } else {
                      metadata.keep(key, v, child);
                    }
                  });
  return item;
}

void decode_data(od::value& value, const Path& path, const SharedBody& body,
                 std::vector<ImageDataItem>& out) {
  out.clear();
  if (!holds(value, path, od::json_type::array, "array or null")) return;
  for_each_element(array_of(value, path), path, [&](const Path& child, od::value& v) {
    out.push_back(decode_item(v, child, body));
  });
}

}  // namespace

ImageResponse decode_image_response(const SharedBody& body) {
  ImageResponse response;
  json::with_document(*body, [&](od::value& root) {
    MetadataReader metadata(response.extra, 1);
    for_each_member(require_object(root, "$"), "$",
                    [&](std::string_view key, const Path& path, od::value& v) {
                      if (key == "data") {
                        // A repeated `data` that holds no image (null, []) keeps the images.
                        std::vector<ImageDataItem> items;
                        decode_data(v, path, body, items);
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

ImageResponse decode_image_response(std::string body) {
  const std::shared_ptr<BodyHolder> holder = hold_body(std::move(body));
  return decode_image_response(SharedBody(holder, &holder->text));
}

}  // namespace edenai::internal
