// The mock's validation follows what FastAPI + Pydantic v2 (lax mode) answer for the contract's
// models, field by field in declaration order, so tests see the real service's 422 wording.
#include "mock/pydantic.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <regex>

#include "mock/text.hpp"

namespace edenai::mock::internal {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxPromptLength = 32000;
constexpr std::size_t kMaxJsonDepth = 64;

json body_loc(const std::string& field) {
  return json::array({"body", field});
}

bool is_credential_header(const std::string& name) {
  static const std::array<const char*, 5> kCredentials = {"authorization", "proxy-authorization",
                                                          "x-api-key", "api-key", "cookie"};
  const std::string lowered = lower(name);
  return std::any_of(kCredentials.begin(), kCredentials.end(),
                     [&](const char* credential) { return lowered == credential; });
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

std::string plural(std::size_t count) {
  return count == 1 ? "" : "s";
}

}  // namespace

json problem(json loc, const std::string& type, const std::string& msg, const json& input,
             json ctx) {
  json entry = {{"type", type}, {"loc", std::move(loc)}, {"msg", msg}, {"input", input}};
  if (!ctx.is_null()) entry["ctx"] = std::move(ctx);
  return entry;
}

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
    const std::size_t offset = utf8_length(before).value_or(before.size());
    return problem({"body", offset}, "json_invalid", "JSON decode error", json::object(),
                   {{"error", reason}});
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

bool decode_object_body(std::string_view body, json& parsed, json& errors) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    errors.push_back(problem({"body"}, "missing", "Field required", nullptr));
    return false;
  }
  if (auto invalid = decode_json(body, parsed)) {
    errors.push_back(std::move(*invalid));
    return false;
  }
  if (!parsed.is_object()) {
    errors.push_back(problem({"body"}, "model_attributes_type",
                             "Input should be a valid dictionary or object to extract fields from",
                             parsed));
    return false;
  }
  return true;
}

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
  static const std::regex kInteger(R"([+-]?[0-9]+(\.0*)?)");
  if (!std::regex_match(digits, kInteger)) return std::nullopt;
  return std::strtold(digits.c_str(), nullptr);
}

std::optional<long long> check_int_value(const json& value, const json& loc, long long min,
                                         long long max, json& errors) {
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
      errors.push_back(problem(loc, "int_parsing_size",
                               "Unable to parse input string as an integer, exceeded maximum size",
                               value));
      return std::nullopt;
    }
    if (d != std::floor(d)) {
      errors.push_back(problem(loc, "int_from_float",
                               "Input should be a valid integer, got a number with a fractional "
                               "part",
                               value));
      return std::nullopt;
    }
    number = d;
  } else if (value.is_string()) {
    const auto parsed = lax_integer_string(value.get<std::string>());
    if (!parsed) {
      errors.push_back(problem(loc, "int_parsing",
                               "Input should be a valid integer, unable to parse string as an "
                               "integer",
                               value));
      return std::nullopt;
    }
    number = *parsed;
  } else {
    errors.push_back(problem(loc, "int_type", "Input should be a valid integer", value));
    return std::nullopt;
  }
  if (number < static_cast<long double>(min)) {
    errors.push_back(problem(loc, "greater_than_equal",
                             "Input should be greater than or equal to " + std::to_string(min),
                             value, {{"ge", min}}));
    return std::nullopt;
  }
  if (number > static_cast<long double>(max)) {
    errors.push_back(problem(loc, "less_than_equal",
                             "Input should be less than or equal to " + std::to_string(max), value,
                             {{"le", max}}));
    return std::nullopt;
  }
  return static_cast<long long>(number);
}

void check_int(const json& body, const std::string& field, int min, int max, json& errors) {
  if (!body.contains(field) || body[field].is_null()) return;
  check_int_value(body[field], body_loc(field), min, max, errors);
}

void check_string(const json& body, const std::string& field, bool required, json& errors) {
  if (!body.contains(field)) {
    if (required) errors.push_back(problem(body_loc(field), "missing", "Field required", body));
    return;
  }
  const json& value = body[field];
  if (value.is_null() && !required) return;
  if (!value.is_string()) {
    errors.push_back(
        problem(body_loc(field), "string_type", "Input should be a valid string", value));
  }
}

void check_prompt(const json& body, json& errors) {
  check_string(body, "prompt", true, errors);
  if (!body.contains("prompt") || !body["prompt"].is_string()) return;
  const json issue = string_length_problem(body_loc("prompt"), body["prompt"].get<std::string>(), 1,
                                           kMaxPromptLength);
  if (!issue.is_null()) errors.push_back(issue);
}

void check_object(const json& body, const std::string& field, json& errors) {
  if (!body.contains(field) || body[field].is_null()) return;
  if (!body[field].is_object()) {
    errors.push_back(
        problem(body_loc(field), "dict_type", "Input should be a valid dictionary", body[field]));
  }
}

void check_extra_headers(const json& body, json& errors) {
  check_object(body, "extra_headers", errors);
  if (!body.contains("extra_headers") || !body["extra_headers"].is_object()) return;
  bool values_ok = true;
  for (const auto& [name, value] : body["extra_headers"].items()) {
    if (!value.is_string()) {
      errors.push_back(problem({"body", "extra_headers", name}, "string_type",
                               "Input should be a valid string", value));
      values_ok = false;
    }
  }
  if (!values_ok) return;
  for (const auto& [name, value] : body["extra_headers"].items()) {
    if (is_credential_header(name)) {
      errors.push_back(problem(body_loc("extra_headers"), "value_error",
                               "Value error, credential headers are not allowed in "
                               "extra_headers: " +
                                   name,
                               body["extra_headers"], {{"error", json::object()}}));
      return;
    }
  }
}

void check_shared_image_fields(const json& body, json& errors) {
  check_string(body, "model", true, errors);
  check_prompt(body, errors);
  check_int(body, "n", 1, 10, errors);
  check_string(body, "size", false, errors);
  check_string(body, "user", false, errors);
  check_object(body, "metadata", errors);
  check_extra_headers(body, errors);
}

json list_length_problem(const json& loc, std::size_t actual, std::size_t min, std::size_t max,
                         const json& input) {
  if (actual < min) {
    return problem(loc, "too_short",
                   "List should have at least " + std::to_string(min) + " item" + plural(min) +
                       " after validation, not " + std::to_string(actual),
                   input, {{"field_type", "List"}, {"min_length", min}, {"actual_length", actual}});
  }
  if (actual > max) {
    return problem(loc, "too_long",
                   "List should have at most " + std::to_string(max) + " item" + plural(max) +
                       " after validation, not " + std::to_string(actual),
                   input, {{"field_type", "List"}, {"max_length", max}, {"actual_length", actual}});
  }
  return nullptr;
}

json string_length_problem(const json& loc, const std::string& value, std::size_t min,
                           std::size_t max) {
  const std::size_t length = utf8_length(value).value_or(value.size());
  if (length < min) {
    return problem(
        loc, "string_too_short",
        "String should have at least " + std::to_string(min) + " character" + plural(min), value,
        {{"min_length", min}});
  }
  if (length > max) {
    return problem(loc, "string_too_long",
                   "String should have at most " + std::to_string(max) + " character" + plural(max),
                   value, {{"max_length", max}});
  }
  return nullptr;
}

}  // namespace edenai::mock::internal
