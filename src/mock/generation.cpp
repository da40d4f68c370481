// The mock's validation follows what FastAPI + Pydantic v2 (lax mode) answer for the contract's
// model, field by field in declaration order, so tests see the real service's 422 wording.
#include "mock/generation.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <regex>

#include "validation.hpp"

namespace edenai::mock::internal {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxPromptLength = 32000;
constexpr int kMaxSide = 4096;
constexpr std::size_t kMaxJsonDepth = 64;

json problem(const std::string& field, const std::string& type, const std::string& msg,
             const json& input, json ctx = nullptr) {
  json entry = {{"type", type}, {"loc", {"body", field}}, {"msg", msg}, {"input", input}};
  if (!ctx.is_null()) entry["ctx"] = std::move(ctx);
  return entry;
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The integer a lax-mode string spells, Pydantic-style: surrounding whitespace, `_` between
// digits and a whole decimal (`"5.0"`) are accepted. Saturates far beyond any limit checked.
std::optional<long double> lax_integer_string(std::string text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return std::nullopt;
  text = text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
  std::string digits;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool between_digits = i > 0 && i + 1 < text.size() &&
                                std::isdigit(static_cast<unsigned char>(text[i - 1])) != 0 &&
                                std::isdigit(static_cast<unsigned char>(text[i + 1])) != 0;
    if (text[i] == '_' && between_digits) continue;
    digits += text[i];
  }
  const bool integer_shape = std::regex_match(digits, std::regex(R"([+-]?[0-9]+(\.0*)?)"));
  if (!integer_shape) return std::nullopt;
  return std::strtold(digits.c_str(), nullptr);
}

// Pydantic's lax integer: integers, whole floats, booleans and strings that spell an integer.
void check_int(const json& body, const std::string& field, int min, int max, json& errors) {
  if (!body.contains(field) || body[field].is_null()) return;
  const json& value = body[field];
  // Compared as long double, so that huge or unsigned values need no cast that could overflow.
  long double number = 0;
  if (value.is_boolean()) {
    number = value.get<bool>() ? 1 : 0;
  } else if (value.is_number_unsigned()) {
    number = static_cast<long double>(value.get<std::uint64_t>());
  } else if (value.is_number_integer()) {
    number = static_cast<long double>(value.get<std::int64_t>());
  } else if (value.is_number_float()) {
    const double d = value.get<double>();
    if (std::fabs(d) >= 9.2e18) {
      errors.push_back(problem(field, "int_parsing_size",
                               "Unable to parse input string as an integer, exceeded maximum size",
                               value));
      return;
    }
    if (d != std::floor(d)) {
      errors.push_back(problem(field, "int_from_float",
                               "Input should be a valid integer, got a number with a fractional "
                               "part",
                               value));
      return;
    }
    number = d;
  } else if (value.is_string()) {
    const auto parsed = lax_integer_string(value.get<std::string>());
    if (!parsed) {
      errors.push_back(problem(field, "int_parsing",
                               "Input should be a valid integer, unable to parse string as an "
                               "integer",
                               value));
      return;
    }
    number = *parsed;
  } else {
    errors.push_back(problem(field, "int_type", "Input should be a valid integer", value));
    return;
  }
  if (number < min) {
    errors.push_back(problem(field, "greater_than_equal",
                             "Input should be greater than or equal to " + std::to_string(min),
                             value, {{"ge", min}}));
  } else if (number > max) {
    errors.push_back(problem(field, "less_than_equal",
                             "Input should be less than or equal to " + std::to_string(max), value,
                             {{"le", max}}));
  }
}

void check_string(const json& body, const std::string& field, bool required, json& errors) {
  if (!body.contains(field)) {
    if (required) errors.push_back(problem(field, "missing", "Field required", body));
    return;
  }
  const json& value = body[field];
  if (value.is_null() && !required) return;
  if (!value.is_string()) {
    errors.push_back(problem(field, "string_type", "Input should be a valid string", value));
  }
}

void check_prompt(const json& body, json& errors) {
  check_string(body, "prompt", true, errors);
  if (!body.contains("prompt") || !body["prompt"].is_string()) return;
  const auto& prompt = body["prompt"].get_ref<const std::string&>();
  const std::size_t length = edenai::internal::utf8_length(prompt).value_or(prompt.size());
  if (length < 1) {
    errors.push_back(problem("prompt", "string_too_short",
                             "String should have at least 1 character", prompt,
                             {{"min_length", 1}}));
  } else if (length > kMaxPromptLength) {
    errors.push_back(problem("prompt", "string_too_long",
                             "String should have at most 32000 characters", prompt,
                             {{"max_length", kMaxPromptLength}}));
  }
}

void check_object(const json& body, const std::string& field, json& errors) {
  if (!body.contains(field) || body[field].is_null()) return;
  if (!body[field].is_object()) {
    errors.push_back(
        problem(field, "dict_type", "Input should be a valid dictionary", body[field]));
  }
}

bool is_credential_header(const std::string& name) {
  static const std::array<const char*, 5> kCredentials = {"authorization", "proxy-authorization",
                                                          "x-api-key", "api-key", "cookie"};
  const std::string lowered = lower(name);
  return std::any_of(kCredentials.begin(), kCredentials.end(),
                     [&](const char* credential) { return lowered == credential; });
}

void check_extra_headers(const json& body, json& errors) {
  check_object(body, "extra_headers", errors);
  if (!body.contains("extra_headers") || !body["extra_headers"].is_object()) return;
  bool values_ok = true;
  for (const auto& [name, value] : body["extra_headers"].items()) {
    if (!value.is_string()) {
      errors.push_back({{"type", "string_type"},
                        {"loc", {"body", "extra_headers", name}},
                        {"msg", "Input should be a valid string"},
                        {"input", value}});
      values_ok = false;
    }
  }
  if (!values_ok) return;
  for (const auto& [name, value] : body["extra_headers"].items()) {
    if (is_credential_header(name)) {
      errors.push_back(problem("extra_headers", "value_error",
                               "Value error, credential headers are not allowed in "
                               "extra_headers: " +
                                   name,
                               body["extra_headers"], {{"error", json::object()}}));
      return;
    }
  }
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool is_gpt_image(std::string_view model) {
  return starts_with(model, "openai/gpt-image");
}

// Python's json module words for the common mistakes, from what nlohmann expected instead.
std::string python_json_error(const std::string& what) {
  const auto at = what.rfind("; expected ");
  const std::string expected = at == std::string::npos ? "" : what.substr(at + 11);
  if (expected == "':'") return "Expecting ':' delimiter";
  if (expected == "string literal") return "Expecting property name enclosed in double quotes";
  if (expected == "'}'" || expected == "']'") return "Expecting ',' delimiter";
  if (expected == "end of input") return "Extra data";
  return "Expecting value";
}

}  // namespace

std::optional<json> decode_json(std::string_view body, json& parsed) {
  std::size_t deepest = 0;
  const auto depth_guard = [&deepest](int depth, json::parse_event_t, json&) {
    deepest = std::max(deepest, static_cast<std::size_t>(depth));
    if (deepest > kMaxJsonDepth) throw std::length_error("nesting");
    return true;
  };
  // FastAPI reports the *character* offset of a decode error as the second `loc` item.
  const auto invalid = [&](std::size_t byte_offset, const std::string& reason) {
    const std::string_view before = body.substr(0, std::min(byte_offset, body.size()));
    const std::size_t offset = edenai::internal::utf8_length(before).value_or(before.size());
    return json{{"type", "json_invalid"},
                {"loc", {"body", offset}},
                {"msg", "JSON decode error"},
                {"input", json::object()},
                {"ctx", {{"error", reason}}}};
  };
  try {
    parsed = json::parse(body, depth_guard);
  } catch (const json::parse_error& e) {
    return invalid(e.byte > 0 ? e.byte - 1 : 0, python_json_error(e.what()));
  } catch (const std::length_error&) {
    // Python's decoder would recurse out of its stack; the mock refuses before that.
    return invalid(0, "Maximum nesting depth exceeded");
  }
  return std::nullopt;
}

json validation_errors(std::string_view body, json& parsed) {
  json errors = json::array();
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    errors.push_back(
        {{"type", "missing"}, {"loc", {"body"}}, {"msg", "Field required"}, {"input", nullptr}});
    return errors;
  }
  if (auto problem = decode_json(body, parsed)) {
    errors.push_back(std::move(*problem));
    return errors;
  }
  if (!parsed.is_object()) {
    errors.push_back(
        {{"type", "model_attributes_type"},
         {"loc", {"body"}},
         {"msg", "Input should be a valid dictionary or object to extract fields from"},
         {"input", parsed}});
    return errors;
  }
  check_string(parsed, "model", true, errors);
  check_prompt(parsed, errors);
  check_int(parsed, "n", 1, 10, errors);
  check_string(parsed, "size", false, errors);
  check_string(parsed, "user", false, errors);
  check_object(parsed, "metadata", errors);
  check_extra_headers(parsed, errors);
  check_string(parsed, "quality", false, errors);
  check_string(parsed, "response_format", false, errors);
  return errors;
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
  if (is_gpt_image(g.model)) {
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
