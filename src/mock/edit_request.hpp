// The two request forms of POST /v3/images/edits (JSON and multipart), validated in FastAPI /
// Pydantic's words and read into one EditRequest.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace edenai::mock::internal {

/// One part of a multipart/form-data body.
struct FormPart {
  std::string name;
  std::string filename;  ///< empty for a text field
  std::string content_type;
  std::string content;
};

/// Where one input image comes from: an upload id, a URL (https or data:), or a file part.
struct ImageSource {
  std::string param;  ///< names it in error messages: `images[0]`, `image[1]`, `mask`
  std::optional<std::string> file_id;
  std::optional<std::string> image_url;
  std::optional<std::string> bytes;
};

struct EditRequest {
  /// The scalar fields (`model`, `prompt`, `n`, `size`, `quality`, ...) as a generation body.
  nlohmann::json body = nlohmann::json::object();
  std::vector<ImageSource> images;  ///< the first is the canvas
  std::optional<ImageSource> mask;
};

/// Checks a JSON edit body (ImageEditJsonBody). Returns the 422 `detail` list, empty when valid
/// (then `out` holds the request). `undecodable` tells a body that is not JSON (reported before
/// auth, as FastAPI does).
nlohmann::json parse_json_edit(std::string_view body, EditRequest& out, bool& undecodable);

/// Checks a multipart edit body: `image[]` (or `image`) file parts, an optional `mask` file part
/// and the other fields as text parts. Returns the 422 `detail` list, empty when valid.
nlohmann::json parse_form_edit(const std::vector<FormPart>& parts, EditRequest& out);

/// The `value_error` FastAPI reports for a text field where a file is expected.
nlohmann::json expected_file_problem(const std::string& field, const std::string& text);

}  // namespace edenai::mock::internal
