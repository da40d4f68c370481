// Secret redaction (see redaction.hpp).
#include "redaction.hpp"

#include <algorithm>

#include "codec.hpp"

namespace edenai::internal {
namespace {

constexpr std::string_view kRedacted = "[REDACTED]";

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equal_ignoring_case(char a, char b) {
  return lower(a) == lower(b);
}

// The first occurrence of `secret` in `text` from `from`, ignoring ASCII case.
std::size_t find_ignoring_case(std::string_view text, std::string_view secret, std::size_t from) {
  if (secret.empty() || from > text.size()) return std::string_view::npos;
  const auto it = std::search(text.begin() + static_cast<std::ptrdiff_t>(from), text.end(),
                              secret.begin(), secret.end(), equal_ignoring_case);
  return it == text.end() ? std::string_view::npos : static_cast<std::size_t>(it - text.begin());
}

// Replaces every secret in every string and key of `json`; true when one occurred anywhere.
bool scrub_json(nlohmann::json& json, const Secrets& secrets) {
  if (json.is_string()) {
    auto& text = json.get_ref<std::string&>();
    if (!mentions_any(text, secrets)) return false;
    text = redact_all(std::move(text), secrets);
    return true;
  }
  bool found = false;
  if (json.is_array()) {
    for (auto& item : json)
      found = scrub_json(item, secrets) || found;
  } else if (json.is_object()) {
    bool in_key = false;
    for (auto& [key, item] : json.items()) {
      found = scrub_json(item, secrets) || found;
      in_key = in_key || mentions_any(key, secrets);
    }
    if (in_key) {  // keys are immutable: rebuild the object with redacted ones
      nlohmann::json rebuilt = nlohmann::json::object();
      for (auto& [key, item] : json.items())
        rebuilt[redact_all(key, secrets)] = std::move(item);
      json = std::move(rebuilt);
    }
    found = found || in_key;
  }
  return found;
}

}  // namespace

std::string redact(std::string text, std::string_view secret) {
  std::size_t at = find_ignoring_case(text, secret, 0);
  if (at == std::string_view::npos) return text;
  std::string out;
  out.reserve(text.size());
  std::size_t done = 0;
  for (; at != std::string_view::npos; at = find_ignoring_case(text, secret, done)) {
    out.append(text, done, at - done);
    out += kRedacted;
    done = at + secret.size();
  }
  out.append(text, done, std::string::npos);
  return out;
}

std::string redact_all(std::string text, const Secrets& secrets) {
  for (const auto& secret : secrets)
    text = redact(std::move(text), secret);
  return text;
}

bool mentions_any(std::string_view text, const Secrets& secrets) {
  return std::any_of(secrets.begin(), secrets.end(), [&](const std::string& secret) {
    return find_ignoring_case(text, secret, 0) != std::string_view::npos;
  });
}

std::string redacted_body(std::string body, const Secrets& secrets) {
  body = redact_all(std::move(body), secrets);
  // An escape can hide a secret only where a backslash is: most bodies skip the parse.
  if (body.find('\\') == std::string::npos) return body;
  std::optional<nlohmann::json> json = parse_error_body(body);
  if (json && scrub_json(*json, secrets)) {
    body = json->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  return body;
}

std::pair<std::string, std::optional<nlohmann::json>> redact_and_parse(std::string body,
                                                                       const Secrets& secrets) {
  body = redact_all(std::move(body), secrets);
  std::optional<nlohmann::json> json = parse_error_body(body);
  if (json && scrub_json(*json, secrets)) {
    body = json->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  return {std::move(body), std::move(json)};
}

}  // namespace edenai::internal
