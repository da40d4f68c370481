// The generation endpoint's model: its body's validation (in FastAPI / Pydantic's words, see
// pydantic.cpp), sizes, prices, usage and the error bodies Eden AI sends.
#include "mock/generation.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "mock/catalog.hpp"
#include "mock/text.hpp"

namespace edenai::mock::internal {
namespace {

using nlohmann::json;

constexpr int kMaxSide = 4096;

bool is_gpt_image(std::string_view model) {
  return starts_with(model, "openai/gpt-image");
}

}  // namespace

json validation_errors(std::string_view body, json& parsed) {
  json errors = json::array();
  if (!decode_object_body(body, parsed, errors)) return errors;
  check_shared_image_fields(parsed, errors);
  check_string(parsed, "quality", false, errors);
  check_string(parsed, "response_format", false, errors);
  return errors;
}

bool has_provider_prefix(std::string_view model) {
  return model.find('/') != std::string_view::npos && model.front() != '/' && model.back() != '/';
}

std::string model_not_found_body(std::string_view model) {
  return json{{"detail", "Model '" + std::string(model) +
                             "' not found: use provider/model, e.g. openai/gpt-image-1"}}
      .dump();
}

std::optional<ImageSize> resolve_size(const json& size) {
  if (size.is_null()) return ImageSize{};
  const std::string text = lower(size.get<std::string>());
  if (text == "auto") return ImageSize{};
  for (const char separator : {'x', ':'}) {
    const auto at = text.find(separator);
    if (at == std::string::npos || at == 0 || at + 1 == text.size()) continue;
    const std::string left = text.substr(0, at);
    const std::string right = text.substr(at + 1);
    const auto digits = [](const std::string& s) {
      return s.size() <= 5 &&
             std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
    };
    if (!digits(left) || !digits(right)) return std::nullopt;
    const int a = std::stoi(left);
    const int b = std::stoi(right);
    if (separator == 'x') {
      if (a < 1 || b < 1 || a > kMaxSide || b > kMaxSide) return std::nullopt;
      return ImageSize{a, b};
    }
    if (a < 1 || b < 1 || a > 4 * b || b > 4 * a) return std::nullopt;
    // About one megapixel with the requested shape, each side a multiple of 64.
    const double ratio = static_cast<double>(a) / b;
    const auto side = [](double v) {
      return std::max(64, static_cast<int>(std::lround(v / 64)) * 64);
    };
    return ImageSize{side(1024 * std::sqrt(ratio)), side(1024 / std::sqrt(ratio))};
  }
  return std::nullopt;
}

Generation plan_generation(const json& body, ImageSize size) {
  Generation g;
  g.model = body.at("model").get<std::string>();
  g.provider = g.model.substr(0, g.model.find('/'));
  g.prompt = body.at("prompt").get<std::string>();
  const json n = body.value("n", json());
  if (n.is_number()) g.n = static_cast<int>(n.get<double>());
  if (n.is_boolean()) g.n = 1;
  if (n.is_string()) g.n = static_cast<int>(lax_integer_string(n.get<std::string>()).value_or(1));
  const json quality = body.value("quality", json());
  g.quality = quality.is_string() ? quality.get<std::string>() : "auto";
  g.size = size;
  const json format = body.value("response_format", json());
  g.inline_images = is_gpt_image(g.model) || (format.is_string() && format == "b64_json");
  return g;
}

double price_per_image(const Generation& g) {
  const double megapixels = g.size.width * static_cast<double>(g.size.height) / (1024.0 * 1024.0);
  const std::string quality = lower(g.quality);
  double base = 0.04;  // Imagen 4, Nova Canvas and most others
  if (const ModelInfo* known = find_image_model(g.model)) {
    base = discounted_price(*known, quality);
  } else if (is_gpt_image(g.model)) {
    const bool mini = g.model.find("mini") != std::string::npos;
    if (quality == "low") {
      base = mini ? 0.005 : 0.011;
    } else if (quality == "high" || quality == "hd") {
      base = mini ? 0.036 : 0.167;
    } else {
      base = mini ? 0.011 : 0.042;
    }
  } else if (starts_with(g.model, "stabilityai/")) {
    base = 0.065;
  } else if (g.model.find("gemini") != std::string::npos) {
    base = 0.039;
  }
  return std::round(base * std::max(1.0, megapixels) * 1e6) / 1e6;
}

json usage_for(const Generation& g) {
  if (!is_gpt_image(g.model)) return nullptr;
  const std::string quality = lower(g.quality);
  // OpenAI's published output-token counts for a 1024x1024 image by quality.
  const int per_image = quality == "low"                         ? 272
                        : (quality == "high" || quality == "hd") ? 4160
                                                                 : 1056;
  const int input = static_cast<int>(g.prompt.size() / 4) + 1;
  const int output = per_image * g.n;
  return {{"total_tokens", input + output},
          {"input_tokens", input},
          {"output_tokens", output},
          {"input_tokens_details", {{"text_tokens", input}, {"image_tokens", 0}}}};
}

std::string default_error_body(int status) {
  switch (status) {
    case 400:
      return openai_error_body("Bad request", "", "");
    case 401:
      return R"({"detail":"Invalid authentication credentials"})";
    case 402:
      return R"({"error":"Insufficient credits"})";
    case 403:
      return R"({"detail":"You do not have access to this resource"})";
    case 404:
      return R"({"detail":"Not Found"})";
    case 405:
      return R"({"detail":"Method Not Allowed"})";
    case 408:
      return R"({"detail":"Request timeout"})";
    case 409:
      return R"({"detail":"Conflict"})";
    case 413:
      return R"({"detail":"Request entity too large"})";
    case 422:
      return R"({"detail":[{"type":"value_error","loc":["body"],"msg":"Value error, invalid request","input":null}]})";
    case 429:
      return R"({"detail":"Rate limit exceeded: 10 per 1 second"})";
    case 500:
      return R"({"detail":"Internal Server Error"})";
    default:
      return status >= 500 ? R"({"detail":"Provider error, please try again later"})"
                           : R"({"detail":"Error"})";
  }
}

std::string openai_error_body(std::string_view message, std::string_view param,
                              std::string_view code) {
  const json error = {{"error",
                       {{"message", message},
                        {"type", "invalid_request_error"},
                        {"param", param.empty() ? json() : json(param)},
                        {"code", code.empty() ? json() : json(code)}}}};
  return error.dump();
}

std::string html_error_page(int status) {
  const char* reason = status == 502   ? "Bad Gateway"
                       : status == 503 ? "Service Temporarily Unavailable"
                       : status == 504 ? "Gateway Time-out"
                                       : "Internal Server Error";
  const std::string title = std::to_string(status) + " " + reason;
  return "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title +
         "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
}

}  // namespace edenai::mock::internal
