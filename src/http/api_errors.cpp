// Error bodies vary by status and by layer (see API-NOTES): each known shape is tried in turn,
// and whatever the body, the exception says the status and the server's words.
#include "http/api_errors.hpp"

#include <nlohmann/json.hpp>

#include <cmath>

#include "edenai/errors.hpp"
#include "json/codec.hpp"

namespace edenai::internal {
namespace {

constexpr std::size_t kMaxMessageChars = 500;

const char* reason_phrase(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 402:
      return "Payment Required";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 413:
      return "Payload Too Large";
    case 422:
      return "Unprocessable Entity";
    case 429:
      return "Too Many Requests";
    case 451:
      return "Unavailable For Legal Reasons";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "";
  }
}

// Single line, printable, bounded (cut on a UTF-8 character boundary).
std::string tidy(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    const bool blank = static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    if (blank) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  if (out.size() > kMaxMessageChars) {
    std::size_t cut = kMaxMessageChars;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80)
      --cut;
    out.resize(cut);
    out += "...";
  }
  return out;
}

// The message in a JSON error body: a bare string, or the first string found under `error`,
// `detail` or `message`, directly, as `{"message": ...}`, or as a list of `{"msg": ...}`.
std::string message_from_json(const nlohmann::json& json) {
  if (json.is_string()) return json.get<std::string>();
  if (!json.is_object()) return {};
  for (const char* key : {"error", "detail", "message"}) {
    const auto it = json.find(key);
    if (it == json.end()) continue;
    if (it->is_string()) return it->get<std::string>();
    if (it->is_object()) {
      const auto message = it->find("message");
      if (message != it->end() && message->is_string()) return message->get<std::string>();
    }
    if (it->is_array()) {
      std::string joined;
      for (const auto& entry : *it) {
        if (!entry.is_object()) continue;
        const auto msg = entry.find("msg");
        if (msg == entry.end() || !msg->is_string()) continue;
        if (!joined.empty()) joined += "; ";
        joined += msg->get<std::string>();
      }
      if (!joined.empty()) return joined;
    }
  }
  return {};
}

std::string validation_summary(const HTTPValidationError& validation) {
  std::string out;
  for (const auto& error : validation.detail) {
    if (!out.empty()) out += "; ";
    const std::string where = format_location(error.loc);
    out += where.empty() ? error.msg : where + ": " + error.msg;
  }
  return out;
}

std::string html_title(std::string_view body) {
  const auto open = body.find("<title>");
  if (open == std::string_view::npos) return {};
  const auto start = open + 7;
  const auto close = body.find("</title>", start);
  if (close == std::string_view::npos) return {};
  return std::string(body.substr(start, close - start));
}

bool looks_like_html(std::string_view body) {
  const auto first = body.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && body[first] == '<';
}

// `json` is the parsed body when it is JSON (see parse_error_body).
std::string message_from_body(std::string_view body, const std::optional<nlohmann::json>& json) {
  if (json) {
    if (const auto validation = validation_from_json(*json)) {
      return tidy(validation_summary(*validation));
    }
    if (std::string said = message_from_json(*json); !said.empty()) return tidy(said);
  } else if (looks_like_html(body)) {
    return tidy(html_title(body));
  }
  return tidy(body);  // no known field: the body itself says the most
}

// Eden's `error_code`, else OpenAI's `error.code` (a string or an integer), else empty.
std::string error_code_from_json(const std::optional<nlohmann::json>& json) {
  if (!json || !json->is_object()) return {};
  const auto text = [](const nlohmann::json& value) -> std::string {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_number_integer()) return value.dump();
    return {};
  };
  if (const auto it = json->find("error_code"); it != json->end()) {
    if (std::string code = text(*it); !code.empty()) return tidy(code);
  }
  if (const auto error = json->find("error"); error != json->end() && error->is_object()) {
    if (const auto it = error->find("code"); it != error->end()) return tidy(text(*it));
  }
  return {};
}

std::optional<double> number_field(const std::optional<nlohmann::json>& json, const char* key) {
  if (!json || !json->is_object()) return std::nullopt;
  const auto it = json->find(key);
  if (it == json->end() || !it->is_number()) return std::nullopt;
  const double value = it->get<double>();
  return std::isfinite(value) ? std::optional<double>(value) : std::nullopt;
}

}  // namespace

std::string server_message(std::string_view body) {
  return message_from_body(body, parse_error_body(body));
}

std::optional<double> body_retry_after_seconds(std::string_view body) {
  return number_field(parse_error_body(body), "retry_after");
}

void throw_api_error(const HttpResponse& response, const Secrets& secrets) {
  // Redact first, then extract and shorten: a cut must never leave part of a secret behind.
  // Where JSON escapes spell it out (`sk-\u0065den-...`), the body is re-serialised from its
  // decoded, redacted form.
  const int status = response.status;
  auto [body, json] = redact_and_parse(response.body, secrets);

  std::string message = "HTTP " + std::to_string(status);
  if (const char* phrase = reason_phrase(status); *phrase) message += std::string(" ") + phrase;
  if (const std::string said = message_from_body(body, json); !said.empty()) {
    message += ": " + said;
  }
  if (status == 451) {
    message +=
        " (the model is not available in this region: Eden's EU host, api.eu.edenai.run, serves "
        "only models cleared for the EU; use one of those, or the global host api.edenai.run)";
  }
  std::string request_id;
  if (const std::string* id = response.header("x-request-id")) {
    request_id = tidy(redact_all(*id, secrets));
    message += " (request id " + request_id + ")";
  }
  message = redact_all(std::move(message), secrets);
  std::string code = redact_all(error_code_from_json(json), secrets);

  switch (status) {
    case 400:
      throw BadRequestError(status, message, request_id, std::move(body), std::move(code));
    case 401:
      throw AuthenticationError(status, message, request_id, std::move(body), std::move(code));
    case 402:
      throw InsufficientCreditsError(status, message, request_id, std::move(body), std::move(code),
                                     number_field(json, "required_credits"),
                                     number_field(json, "available_credits"));
    case 403:
      throw PermissionDeniedError(status, message, request_id, std::move(body), std::move(code));
    case 404:
      throw NotFoundError(status, message, request_id, std::move(body), std::move(code));
    case 409:
      throw ConflictError(status, message, request_id, std::move(body), std::move(code));
    case 422: {
      // Parsed from the redacted body, so loc, msg and type are free of the key too.
      auto validation = json ? validation_from_json(*json) : std::nullopt;
      throw UnprocessableEntityError(status, message, request_id, std::move(body),
                                     validation.value_or(HTTPValidationError{}), std::move(code));
    }
    case 429:
      throw RateLimitError(status, message, request_id, std::move(body), std::move(code));
    case 451:
      throw RegionNotAllowedError(status, message, request_id, std::move(body), std::move(code));
    default:
      if (status >= 500) {
        throw InternalServerError(status, message, request_id, std::move(body), std::move(code));
      }
      throw ApiError(status, message, request_id, std::move(body), std::move(code));
  }
}

}  // namespace edenai::internal
