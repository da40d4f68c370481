// POST /v3/images/generations, and the image responses it shares with edits.
#include <cmath>
#include <ctime>

#include "mock/catalog.hpp"
#include "mock/server_state.hpp"
#include "mock/text.hpp"

namespace edenai::mock::internal {
namespace {

using nlohmann::json;

std::string format_number(double value) {
  json number = value;
  return number.dump();
}

// Answers as the real service would.
void generate(ServerState& state, const httplib::Request& req, httplib::Response& res) {
  // As in FastAPI: a body that is not JSON is refused before the auth dependency runs; the
  // fields are validated after it.
  json body;
  const json problems = validation_errors(req.body, body);
  const bool undecodable = !problems.empty() && problems[0]["type"] == "json_invalid";
  if (!undecodable && !state.authorized(req)) return send_unauthorized(res);
  if (!problems.empty()) return send_problems(res, problems);
  const std::string model = body["model"].get<std::string>();
  if (!has_provider_prefix(model)) return send_json(res, 404, model_not_found_body(model));
  const ModelInfo* known = find_image_model(model);
  if (known != nullptr && !known->eu && state.eu(req)) return send_region_refusal(res, model);
  const json size = body.value("size", json());
  const std::optional<ImageSize> resolved = resolve_size(size);
  const Generation g = plan_generation(body, resolved.value_or(ImageSize{}));
  const std::string refused = size_problem(size, g);
  if (!refused.empty()) return send_json(res, 400, refused);
  if (!state.bill(response_cost(g), res)) return;
  const std::string id = g.inline_images ? std::string() : state.images.remember(g.prompt);
  const std::string dimensions = std::to_string(g.size.width) + "x" + std::to_string(g.size.height);
  const std::string base = "http://" + state.host_of(req) + kImagesPrefix;
  send_success(res, state.render([&] {
    return image_response_body(
        g,
        [&](int i) {
          if (!g.inline_images) {
            return url_item(base + id + "-" + std::to_string(i) + "-" + dimensions + ".png");
          }
          return inline_item(
              *state.images.png(g.prompt, static_cast<unsigned>(i), g.size.width, g.size.height));
        },
        usage_for(g));
  }));
}

void image(ServerState& state, const httplib::Request& req, httplib::Response& res) {
  const std::optional<std::string> prompt = state.images.prompt_for(req.matches[1]);
  const int width = std::stoi(req.matches[3]);
  const int height = std::stoi(req.matches[4]);
  if (!prompt || width < 1 || height < 1 || width > 4096 || height > 4096) {
    send_json(res, 404, R"({"detail":"Image not found or expired"})");
    return;
  }
  const auto png =
      state.images.png(*prompt, static_cast<unsigned>(std::stoi(req.matches[2])), width, height);
  res.set_content(png->data(), png->size(), "image/png");
}

void edited_image(ServerState& state, const httplib::Request& req, httplib::Response& res) {
  const auto png = state.images.kept(req.matches[1]);
  if (!png) {
    send_json(res, 404, R"({"detail":"Image not found or expired"})");
    return;
  }
  res.set_content(png->data(), png->size(), "image/png");
}

}  // namespace

std::string size_problem(const json& size, const Generation& g) {
  if (!size.is_null() && !resolve_size(size)) {
    return openai_error_body("Invalid value: '" + size.get<std::string>() +
                                 "'. Supported values are 'auto', WIDTHxHEIGHT with each side "
                                 "from 1 to 4096, and aspect ratios such as '16:9' (at most 4:1).",
                             "size", "invalid_value");
  }
  if (static_cast<long long>(g.n) * g.size.width * g.size.height > kMaxPixelsPerResponse) {
    return openai_error_body(
        "Too many pixels: n x size may be at most 10 images of 2048x2048 in one response of the "
        "mock.",
        "size", "invalid_value");
  }
  return "";
}

double response_cost(const Generation& g) {
  return std::round(price_per_image(g) * g.n * 1e6) / 1e6;
}

std::string inline_item(const std::string& png) {
  return "{\"b64_json\":\"" + encode_base64(png) + "\",\"url\":null,\"revised_prompt\":null}";
}

std::string url_item(const std::string& url) {
  return "{\"url\":" + json(url).dump() + ",\"b64_json\":null,\"revised_prompt\":null}";
}

std::string image_response_body(const Generation& g, const std::function<std::string(int)>& item,
                                const json& usage) {
  const std::string size = std::to_string(g.size.width) + "x" + std::to_string(g.size.height);
  std::string out = "{\"created\":" + std::to_string(std::time(nullptr)) + ",\"data\":[";
  for (int i = 0; i < g.n; ++i) {
    if (i > 0) out += ',';
    out += item(i);
  }
  out += "],\"output_format\":\"png\",\"size\":\"" + size + "\"";
  out += ",\"quality\":" + json(g.quality).dump();
  out += ",\"usage\":" + usage.dump();
  out += ",\"cost\":" + format_number(response_cost(g));
  out += ",\"provider\":" + json(g.provider).dump() + "}";
  return out;
}

void add_generation_routes(httplib::Server& http, ServerState& state) {
  add_route(http, state, "POST", "/v3/images/generations", kGenerationsRoute, true, generate);
  add_method_not_allowed(http, state, "GET", "/v3/images/generations", "POST");
  add_route(http, state, "GET",
            std::string(kImagesPrefix) + R"(([0-9a-f]{16})-(\d{1,2})-(\d{1,4})x(\d{1,4})\.png)", "",
            false, image);
  add_route(http, state, "GET", std::string(kImagesPrefix) + R"(edits/([0-9a-f]{32})\.png)", "",
            false, edited_image);
}

}  // namespace edenai::mock::internal
