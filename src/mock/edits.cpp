// POST /v3/images/edits: the JSON and multipart forms, the inputs resolved from the file store or
// data: URLs, the canvas and mask decoded, and each output rendered from them (edit_render.cpp).
#include <optional>
#include <string>
#include <vector>

#include "mock/catalog.hpp"
#include "mock/edit_render.hpp"
#include "mock/edit_request.hpp"
#include "mock/png_decoder.hpp"
#include "mock/png_encoder.hpp"
#include "mock/server_state.hpp"
#include "mock/text.hpp"

namespace edenai::mock::internal {
namespace {

using nlohmann::json;

// An input image: its bytes, or the https URL the mock does not fetch.
struct Input {
  std::optional<std::string> bytes;
  std::optional<std::string> remote_url;
};

// Resolves `source`; on failure answers the request and returns std::nullopt.
std::optional<Input> resolve(ServerState& state, const ImageSource& source,
                             const std::string& model, httplib::Response& res) {
  Input input;
  if (source.bytes) {
    input.bytes = source.bytes;
  } else if (source.file_id) {
    const auto file = state.files.find(*source.file_id);
    if (!file) {
      send_json(res, 404,
                json{{"detail", "File not found: " + *source.file_id}}.dump(-1, ' ', false,
                                                                            kReplaceInvalidUtf8));
      return std::nullopt;
    }
    input.bytes = *file->content;
  } else if (source.image_url && starts_with(*source.image_url, "data:")) {
    const std::string& url = *source.image_url;
    const std::size_t comma = url.find(',');
    const std::string header = comma == std::string::npos ? "" : lower(url.substr(5, comma - 5));
    const std::size_t marker = header.rfind(";base64");
    if (comma != std::string::npos && marker != std::string::npos && marker + 7 == header.size()) {
      input.bytes = decode_base64(std::string_view(url).substr(comma + 1));
    }
    if (!input.bytes) {
      send_json(res, 400,
                openai_error_body("Invalid data URL in " + source.param +
                                      ".image_url: expected data:<media type>;base64,<data>",
                                  source.param + ".image_url", "invalid_image_url"));
      return std::nullopt;
    }
  } else if (source.image_url && (starts_with(*source.image_url, "https://") ||
                                  starts_with(*source.image_url, "http://"))) {
    if (starts_with(model, "openai/gpt-image")) {
      send_json(res, 400,
                openai_error_body(model + " does not fetch remote image URLs (" + source.param +
                                      ".image_url): send a data: URL or a file_id from "
                                      "POST /v3/upload",
                                  source.param + ".image_url", "invalid_image_url"));
      return std::nullopt;
    }
    input.remote_url = source.image_url;
  } else {
    send_json(res, 400,
              openai_error_body("Invalid image URL in " + source.param +
                                    ".image_url: expected an https:// or a data: URL",
                                source.param + ".image_url", "invalid_image_url"));
    return std::nullopt;
  }
  return input;
}

// The mask standing for one the mock does not fetch: an ellipse in the middle to repaint.
RgbaImage generated_mask(int width, int height) {
  RgbaImage mask{width, height, std::vector<std::uint8_t>(std::size_t(width) * height * 4, 255),
                 true};
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const double dx = (x + 0.5) / width - 0.5, dy = (y + 0.5) / height - 0.5;
      if (dx * dx + dy * dy < 0.09) mask.pixels[(std::size_t(y) * width + x) * 4 + 3] = 0;
    }
  }
  return mask;
}

std::optional<RgbaImage> decode_input(const std::string& bytes, const std::string& param,
                                      httplib::Response& res) {
  try {
    return decode_png(bytes);
  } catch (const PngError& e) {
    send_json(res, 400,
              openai_error_body("Invalid image file for " + param + ": " + e.what() +
                                    ". The mock edits PNG images (8 or 16 bits, not interlaced).",
                                param, "invalid_image_file"));
    return std::nullopt;
  }
}

void edit(ServerState& state, const httplib::Request& req, httplib::Response& res) {
  EditRequest request;
  json problems;
  if (req.is_multipart_form_data()) {
    if (!state.authorized(req)) return send_unauthorized(res);
    std::vector<FormPart> parts;
    for (auto& part : parts_of(req)) {
      parts.push_back({std::move(part.name), std::move(part.filename), std::move(part.content_type),
                       std::move(part.content)});
    }
    problems = parse_form_edit(parts, request);
  } else {
    bool undecodable = false;
    problems = parse_json_edit(req.body, request, undecodable);
    if (!undecodable && !state.authorized(req)) return send_unauthorized(res);
  }
  if (!problems.empty()) return send_problems(res, problems);

  const std::string model = request.body["model"].get<std::string>();
  if (!has_provider_prefix(model)) return send_json(res, 404, model_not_found_body(model));
  const ModelInfo* known = find_image_model(model);
  if (known != nullptr && !known->image_edit) {
    return send_json(res, 400,
                     openai_error_body("Model '" + model + "' does not support image edits",
                                       "model", "unsupported_model"));
  }
  if (known != nullptr && !known->eu && state.eu(req)) return send_region_refusal(res, model);

  std::vector<Input> inputs;
  for (const ImageSource& source : request.images) {
    auto input = resolve(state, source, model, res);
    if (!input) return;
    inputs.push_back(std::move(*input));
  }
  std::optional<Input> mask_input;
  if (request.mask) {
    mask_input = resolve(state, *request.mask, model, res);
    if (!mask_input) return;
  }

  // Without a size (or with `auto`) the output has the canvas's size.
  json size = request.body.value("size", json());
  if (size.is_string() && lower(size.get<std::string>()) == "auto") size = nullptr;
  const std::optional<ImageSize> asked = resolve_size(size);
  std::optional<RgbaImage> canvas;
  if (inputs[0].remote_url) {
    const ImageSize side = asked.value_or(ImageSize{});
    canvas = opaque(render_scene(*inputs[0].remote_url, 0, side.width, side.height));
  } else {
    canvas = decode_input(*inputs[0].bytes, request.images[0].param, res);
    if (!canvas) return;
  }
  std::optional<RgbaImage> mask;
  if (mask_input && mask_input->remote_url) {
    mask = generated_mask(canvas->width, canvas->height);
  } else if (mask_input) {
    mask = decode_input(*mask_input->bytes, "mask", res);
    if (!mask) return;
    if (!mask->has_alpha) {
      return send_json(res, 400,
                       openai_error_body("Invalid mask: it must be a PNG with an alpha channel, "
                                         "whose transparent pixels mark the region to edit",
                                         "mask", "invalid_image_file"));
    }
    if (mask->width != canvas->width || mask->height != canvas->height) {
      return send_json(
          res, 400,
          openai_error_body("Invalid mask: it is " + std::to_string(mask->width) + "x" +
                                std::to_string(mask->height) + " and the image is " +
                                std::to_string(canvas->width) + "x" +
                                std::to_string(canvas->height) + "; they must be the same size",
                            "mask", "invalid_value"));
    }
  }

  const Generation g = plan_generation(
      request.body, asked && !size.is_null() ? *asked : ImageSize{canvas->width, canvas->height});
  const std::string refused = size_problem(size, g);
  if (!refused.empty()) return send_json(res, 400, refused);

  json usage = usage_for(g);
  if (usage.is_object()) {  // gpt-image models count the input images as tokens too
    const int image_tokens = 272 * static_cast<int>(inputs.size() + (mask ? 1 : 0));
    usage["input_tokens"] = usage["input_tokens"].get<int>() + image_tokens;
    usage["total_tokens"] = usage["total_tokens"].get<int>() + image_tokens;
    usage["input_tokens_details"]["image_tokens"] = image_tokens;
  }
  if (!state.bill(response_cost(g), res)) return;
  const std::string base = "http://" + state.host_of(req) + kImagesPrefix + "edits/";
  send_success(res, state.render([&] {
    return image_response_body(
        g,
        [&](int i) {
          std::string png =
              encode_png(render_edit(*canvas, mask ? &*mask : nullptr, g.prompt,
                                     static_cast<unsigned>(i), g.size.width, g.size.height));
          return g.inline_images ? inline_item(png)
                                 : url_item(base + state.images.keep(std::move(png)) + ".png");
        },
        usage);
  }));
}

}  // namespace

void add_edit_routes(httplib::Server& http, ServerState& state) {
  add_route(http, state, "POST", "/v3/images/edits", "POST /v3/images/edits", true, edit);
  add_method_not_allowed(http, state, "GET", "/v3/images/edits", "POST");
}

}  // namespace edenai::mock::internal
