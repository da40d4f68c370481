#include "report.hpp"

#include "edenai/errors.hpp"
#include "image_files.hpp"

namespace edenai::cli {
namespace {

// Keeps a line a line, and the terminal safe: a server message may hold newlines (an HTML
// page, a stack trace) or escape sequences. Every control character becomes a space.
std::string one_line(std::string text) {
  for (char& c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) c = ' ';
  }
  return text;
}

}  // namespace

Failure describe_failure(const std::exception& error) {
  const auto failure = [&](int code, const std::string& what, const std::string& detail) {
    return Failure{code, one_line(what + ": " + detail)};
  };
  if (const auto* e = dynamic_cast<const UnprocessableEntityError*>(&error)) {
    std::string fields;
    for (const auto& problem : e->validation().detail) {
      fields += (fields.empty() ? "" : "; ") + format_location(problem.loc) + ": " + problem.msg;
    }
    return failure(kExitInvalidRequest, "the server rejected the request (422)",
                   fields.empty() ? e->what() : fields);
  }
  if (const auto* e = dynamic_cast<const ApiError*>(&error)) {
    const int status = e->status();
    if (status == 401 || status == 402 || status == 403 || status == 451) {
      const char* what = status == 401   ? "authentication failed"
                         : status == 402 ? "out of credits"
                         : status == 403 ? "permission denied"
                                         : "not available in this region";
      return failure(kExitAuthentication, what, e->what());
    }
    if (status == 429) return failure(kExitRateLimited, "rate limited", e->what());
    if (status >= 500) return failure(kExitServer, "server error", e->what());
    if (status == 400 || status == 404 || status == 413 || status == 415) {
      return failure(kExitInvalidRequest, "invalid request", e->what());
    }
    return failure(kExitFailure, "request failed", e->what());
  }
  if (dynamic_cast<const InvalidRequestError*>(&error) != nullptr) {
    return failure(kExitInvalidRequest, "nothing was sent", error.what());
  }
  if (dynamic_cast<const TimeoutError*>(&error) != nullptr) {
    return failure(kExitConnection, "timed out", error.what());
  }
  if (dynamic_cast<const ConnectionError*>(&error) != nullptr) {
    std::string what = error.what();
    constexpr std::string_view kSaid = "connection failed: ";  // said once is enough
    if (what.compare(0, kSaid.size(), kSaid) == 0) what.erase(0, kSaid.size());
    return failure(kExitConnection, "connection failed", what);
  }
  if (dynamic_cast<const BudgetExceededError*>(&error) != nullptr) {
    return failure(kExitBudget, "not sent (--max-cost)", error.what());
  }
  if (dynamic_cast<const SaveError*>(&error) != nullptr) {
    return failure(kExitFailure, "cannot save", error.what());
  }
  if (dynamic_cast<const Error*>(&error) != nullptr) {
    return failure(kExitFailure, "unexpected response", error.what());
  }
  return failure(kExitFailure, "error", error.what());
}

nlohmann::json response_to_json(const ImageResponse& response) {
  using nlohmann::json;
  json out = response.extra.is_object() ? response.extra : json::object();
  const auto put = [&](const char* key, const auto& value) {
    out[key] = value ? json(*value) : json();
  };
  put("created", response.created);
  put("cost", response.cost);
  put("provider", response.provider);
  put("usage", response.usage);
  json data = json::array();
  for (const auto& item : response.data) {
    json entry = item.extra.is_object() ? item.extra : json::object();
    entry["url"] = item.url ? json(*item.url) : json();
    entry["b64_json"] =
        item.b64_json
            ? json("<" + std::to_string(item.b64_json->size()) + " base64 characters elided>")
            : json();
    entry["revised_prompt"] = item.revised_prompt ? json(*item.revised_prompt) : json();
    data.push_back(std::move(entry));
  }
  out["data"] = std::move(data);
  return out;
}

nlohmann::json error_to_json(const std::exception* error, const Failure& failure,
                             const char* without) {
  using nlohmann::json;
  const auto* sdk = dynamic_cast<const Error*>(error);
  const auto* api = dynamic_cast<const ApiError*>(error);
  const auto or_null = [](const std::string& text) { return text.empty() ? json() : json(text); };
  json out = json::object();
  out["type"] = error == nullptr ? without : sdk != nullptr ? to_string(sdk->kind()) : "other";
  out["status"] = api != nullptr && api->status() != 0 ? json(api->status()) : json();
  out["code"] = api != nullptr ? or_null(api->error_code()) : json();
  out["request_id"] = api != nullptr ? or_null(api->request_id()) : json();
  out["message"] = failure.line;
  out["exit_code"] = failure.exit_code;
  if (const auto* rejected = dynamic_cast<const UnprocessableEntityError*>(error)) {
    json detail = json::array();
    for (const auto& problem : rejected->validation().detail) {
      detail.push_back(
          {{"loc", format_location(problem.loc)}, {"msg", problem.msg}, {"type", problem.type}});
    }
    out["detail"] = std::move(detail);
  }
  return json{{"error", std::move(out)}};
}

namespace {

template <typename Redact>
nlohmann::json redacted_with(const nlohmann::json& value, const Redact& redact_text) {
  if (value.is_string()) return redact_text(value.get<std::string>());
  if (value.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : value)
      out.push_back(redacted_with(item, redact_text));
    return out;
  }
  if (value.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, item] : value.items())
      out[redact_text(key)] = redacted_with(item, redact_text);
    return out;
  }
  return value;
}

}  // namespace

nlohmann::json redacted_json(const nlohmann::json& value, const Client& client) {
  return redacted_with(value, [&](std::string text) { return client.redact(std::move(text)); });
}

nlohmann::json redacted_json(const nlohmann::json& value, const std::vector<std::string>& secrets) {
  return redacted_with(value, [&](std::string text) { return redact(std::move(text), secrets); });
}

}  // namespace edenai::cli
