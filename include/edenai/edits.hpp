// Request types of POST /v3/images/edits (JSON form), named as in Eden's OpenAPI contract.
// The response is the `ImageResponse` of generations.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "edenai/export.hpp"

namespace edenai {

/// An image given to an edit (`ImageRef`): on the wire exactly one of `{"file_id": ...}` (a file
/// of the store, see `Client::upload`) or `{"image_url": ...}` (an https URL or a `data:` URL).
///
/// Built from what a program has. `bytes` and `file` send the image inline, as a
/// `data:image/...;base64,...` URL: gpt-image models fetch no remote URL, so inline data or a
/// `file_id` is what they take (see API-NOTES). For many edits of one large image, upload it once
/// and refer to it by `file_id`.
class EDENAI_EXPORT ImageRef {
 public:
  /// A file of Eden's file store, by the `file_id` `Client::upload` returned.
  static ImageRef file_id(std::string id);
  /// An `https://` (or `http://`) URL the provider fetches, or a ready
  /// `data:image/...;base64,...` URL; `Client::edit` refuses anything else.
  static ImageRef url(std::string image_url);
  /// Image bytes, sent inline. `mime_type` empty: detected from the bytes (PNG, JPEG, WebP, GIF).
  /// @throws InvalidRequestError for no bytes, a `mime_type` that is not `type/subtype`, or no
  ///         `mime_type` and bytes of none of those formats.
  static ImageRef bytes(std::string_view data, std::string mime_type = {});
  /// Same as `bytes(std::string_view, mime_type)`.
  static ImageRef bytes(const std::vector<std::uint8_t>& data, std::string mime_type = {});
  /// The bytes of `path`, sent inline, the format detected from the bytes (PNG, JPEG, WebP, GIF).
  /// @throws InvalidRequestError naming the path when it cannot be read or is none of those.
  static ImageRef file(const std::string& path);

  /// Both fields as given, for a reference built by hand; `Client::edit` refuses one without
  /// exactly one of them.
  ImageRef(std::optional<std::string> file_id, std::optional<std::string> image_url)
      : file_id_(std::move(file_id)), image_url_(std::move(image_url)) {}

  /// The `file_id`, when the reference is one.
  const std::optional<std::string>& file_id() const noexcept { return file_id_; }
  /// The `image_url` (an https or `data:` URL), when the reference is one.
  const std::optional<std::string>& image_url() const noexcept { return image_url_; }
  /// The MIME type (lower case) of an inline image (`bytes`, `file`, or a well-formed base64
  /// `data:` URL), else empty.
  std::string mime_type() const;

 private:
  std::optional<std::string> file_id_;
  std::optional<std::string> image_url_;
};

/// Body of `POST /v3/images/edits` in its JSON form (`images[]` of `ImageRef`).
///
/// Unset optionals are omitted from the wire body. `Client::edit` validates it before sending
/// anything and throws `InvalidRequestError` naming the offending field.
struct EDENAI_EXPORT ImageEditBody {
  /// `provider/model`, e.g. `"openai/gpt-image-1"`. Required, non-empty.
  std::string model;
  /// What to change: 1 to 32000 characters (Unicode code points), valid UTF-8.
  std::string prompt;
  /// 1 to 16 images: the first is the canvas, the others references.
  std::vector<ImageRef> images;
  /// A PNG whose transparent pixels mark the region of the canvas to edit; inline bytes or a file
  /// must be a PNG.
  std::optional<ImageRef> mask;
  /// Number of images, 1 to 10.
  std::optional<int> n;
  /// Provider-specific size such as `"1024x1024"` or `"auto"`; checked by the provider.
  std::optional<std::string> size;
  /// End-user identifier for abuse tracking.
  std::optional<std::string> user;
  /// Provider-specific quality such as `"low"` or `"high"`; checked by the provider.
  std::optional<std::string> quality;
  /// Arbitrary metadata attached to the request; must be a JSON object, nested at most 64 levels.
  std::optional<nlohmann::json> metadata;
  /// HTTP headers Eden forwards to the provider; the same rules as for generations.
  std::optional<std::map<std::string, std::string>> extra_headers;
  /// Additional top-level properties (`background`, `output_format`, `input_fidelity`, ...),
  /// sent unchanged. A JSON object (or null) whose keys differ from the typed fields.
  nlohmann::json extra = nlohmann::json::object();
};

}  // namespace edenai
