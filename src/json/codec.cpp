// The nlohmann/json side of the codec: error bodies, which are small and irregular.
#include "json/codec.hpp"

#include <limits>

#include "edenai/errors.hpp"

namespace edenai::internal {
std::string dump_request(const nlohmann::json& json) {
  try {
    return json.dump();
  } catch (const nlohmann::json::exception& e) {
    throw InvalidRequestError(std::string("invalid request: cannot encode body: ") + e.what());
  }
}

namespace {

constexpr std::size_t kMaxErrorBody = std::size_t{8} << 20;

// Whether brackets outside strings nest deeper than `limit`.
bool nests_deeper_than(std::string_view text, int limit) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

}  // namespace

std::optional<nlohmann::json> parse_error_body(std::string_view body) {
  if (body.size() > kMaxErrorBody || nests_deeper_than(body, kMaxJsonDepth)) return std::nullopt;
  auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return std::nullopt;
  return json;
}

std::optional<HTTPValidationError> validation_from_json(const nlohmann::json& json) {
  if (!json.is_object()) return std::nullopt;
  const auto detail = json.find("detail");
  if (detail == json.end() || !detail->is_array()) return std::nullopt;

  HTTPValidationError out;
  for (const auto& entry : *detail) {
    if (!entry.is_object()) return std::nullopt;
    const auto loc = entry.find("loc");
    const auto msg = entry.find("msg");
    const auto type = entry.find("type");
    if (loc == entry.end() || !loc->is_array() || msg == entry.end() || !msg->is_string() ||
        type == entry.end() || !type->is_string()) {
      return std::nullopt;
    }
    ValidationError error;
    for (const auto& part : *loc) {
      if (part.is_string()) {
        error.loc.emplace_back(part.get<std::string>());
      } else if (part.is_number_unsigned() &&
                 part.get<std::uint64_t>() >
                     static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        error.loc.emplace_back(std::to_string(part.get<std::uint64_t>()));  // exact, as text
      } else if (part.is_number_integer()) {
        error.loc.emplace_back(part.get<std::int64_t>());
      } else {
        return std::nullopt;
      }
    }
    error.msg = msg->get<std::string>();
    error.type = type->get<std::string>();
    out.detail.push_back(std::move(error));
  }
  return out;
}

}  // namespace edenai::internal
