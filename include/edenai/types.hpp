// Request and response types of POST /v3/images/generations, named as in the OpenAPI contract.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "edenai/base64_text.hpp"
#include "edenai/export.hpp"

namespace edenai {

/// Body of `POST /v3/images/generations` (`ImageGenerationBody` in the contract).
///
/// Unset optionals are omitted from the wire body, never sent as `null`.
/// `Client::generate` validates the body before sending anything and throws
/// `InvalidRequestError` naming the offending field.
struct EDENAI_EXPORT ImageGenerationBody {
  /// `provider/model`, e.g. `"openai/gpt-image-1"`. Required, non-empty.
  std::string model;
  /// The prompt: 1 to 32000 characters (Unicode code points), valid UTF-8.
  std::string prompt;
  /// Number of images, 1 to 10.
  std::optional<int> n;
  /// Provider-specific size such as `"1024x1024"`, `"auto"` or `"16:9"`; checked by the provider.
  std::optional<std::string> size;
  /// End-user identifier for abuse tracking.
  std::optional<std::string> user;
  /// Provider-specific quality such as `"low"`, `"high"`, `"hd"`; checked by the provider.
  std::optional<std::string> quality;
  /// Legacy DALL-E parameter, forwarded to providers that still honour it.
  std::optional<std::string> response_format;
  /// Arbitrary metadata attached to the request; must be a JSON object, nested at most 64 levels.
  std::optional<nlohmann::json> metadata;
  /// HTTP headers Eden forwards to the provider. Credential headers (`Authorization`,
  /// `Proxy-Authorization`, `X-Api-Key`, `Cookie`) and CR/LF characters are rejected.
  std::optional<std::map<std::string, std::string>> extra_headers;
  /// Additional top-level properties (`background`, `output_format`, `moderation`, ...), sent
  /// unchanged. Must be a JSON object (or null for none) whose keys differ from the typed fields,
  /// nested at most 64 levels.
  nlohmann::json extra = nlohmann::json::object();
};

/// One generated image (`ImageDataItem`): either a `url` or inline `b64_json`.
struct EDENAI_EXPORT ImageDataItem {
  /// Hosted image URL (most non-OpenAI providers). Such URLs expire: download promptly.
  std::optional<std::string> url;
  /// Base64-encoded image (gpt-image models). It lies in the received body, not in a copy:
  /// `std::string_view` of it is free, `->str()` makes a `std::string` (docs/shared-buffers.md).
  std::optional<Base64Text> b64_json;
  /// The prompt as rewritten by the provider, when it says so.
  std::optional<std::string> revised_prompt;
  /// Properties of the item that the contract does not name, kept as received (an object).
  nlohmann::json extra = nlohmann::json::object();

  /// Decodes `b64_json` to the image bytes: standard or URL-safe alphabet, padded or not,
  /// whitespace (MIME line breaks, spaces) skipped.
  /// @throws DecodeError when `b64_json` is absent or not base64.
  std::vector<std::uint8_t> bytes() const;
  /// `bytes()` into `out`, reusing its memory: a loop over many images that keeps one vector
  /// never pays for fresh pages. Returns the image's size (`out.size()`).
  /// @throws DecodeError when `b64_json` is absent or not base64.
  std::size_t bytes_into(std::vector<std::uint8_t>& out) const;
};

/// Response of a generation (`ImageResponse`): OpenAI's shape plus Eden's `cost` and `provider`.
///
/// A typed field whose value does not fit it (a `cost` of `"0.04"` or `1e400`, a `created` of
/// `1.7e9`, a `usage` that is not an object) is left unset and kept, as received, in `extra`
/// under its own name: metadata never costs a paid response its images.
struct EDENAI_EXPORT ImageResponse {
  /// Price of the call in USD.
  std::optional<double> cost;
  /// The provider that served the call, e.g. `"openai"`.
  std::optional<std::string> provider;
  /// Unix time of creation, in seconds.
  std::optional<std::int64_t> created;
  /// The images, in order.
  std::vector<ImageDataItem> data;
  /// Token usage as the provider reports it (an object), when it does.
  std::optional<nlohmann::json> usage;
  /// Top-level properties the contract does not name (`output_format`, `size`, ...), as received.
  nlohmann::json extra = nlohmann::json::object();
};

/// One entry of a 422 response's `detail` list (`ValidationError`).
struct EDENAI_EXPORT ValidationError {
  /// Where the problem is, e.g. `["body", "n"]`; items are names or array indices (an index
  /// beyond the signed 64-bit range is kept exactly, as its decimal text).
  std::vector<std::variant<std::string, std::int64_t>> loc;
  /// Human-readable message.
  std::string msg;
  /// Machine-readable kind, e.g. `"less_than_equal"`.
  std::string type;
};

/// Body of a 422 response (`HTTPValidationError`).
struct EDENAI_EXPORT HTTPValidationError {
  std::vector<ValidationError> detail;  ///< One entry per problem, in the server's order
};

/// Joins a `loc` list with dots, e.g. `body.n` or `body.metadata.0`.
EDENAI_EXPORT std::string format_location(
    const std::vector<std::variant<std::string, std::int64_t>>& loc);

}  // namespace edenai
