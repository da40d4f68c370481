#include "core/attempt_log.hpp"

#include <algorithm>
#include <cctype>

#include "api/validation.hpp"
#include "core/redaction.hpp"

namespace edenai::internal {
namespace {

constexpr std::size_t kMinBase64Run = 64;
constexpr std::size_t kBodyPreview = 500;

bool is_base64_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '/';
}

bool is_credential(std::string_view name) {
  static const char* const kCredentials[] = {
      "authorization", "proxy-authorization", "x-api-key",    "api-key",           "cookie",
      "set-cookie",    "www-authenticate",    "x-auth-token", "proxy-authenticate"};
  return std::any_of(std::begin(kCredentials), std::end(kCredentials), [&](const char* credential) {
    return equals_ignoring_case(name, credential);
  });
}

std::string headers_text(const std::vector<Header>& headers,
                         const std::vector<std::string>& secrets) {
  std::string text;
  for (const auto& [name, value] : headers) {
    // Names too: a server can echo the key in a header's name (`x-<key>: y`).
    text += (text.empty() ? "" : "; ") + redact_all(name, secrets) + ": " +
            (is_credential(name) ? "[REDACTED]" : redact_all(value, secrets));
  }
  return text;
}

// A log line stays one line per field: control characters are spelled out.
std::string escape_controls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

// The start of a body: every secret redacted (JSON-escaped spellings too) before the cut.
// How much of `text`, from its start, makes the first `limit` characters of its elided form.
std::size_t elided_source_length(std::string_view text, std::size_t limit) {
  std::size_t out = 0;
  std::size_t i = 0;
  while (i < text.size() && out < limit) {
    std::size_t end = i;
    while (end < text.size() && is_base64_char(text[end]))
      ++end;
    if (end - i >= kMinBase64Run) {
      while (end < text.size() && text[end] == '=')
        ++end;
      out += 32;  // "<N base64 chars elided>", at most
      i = end;
    } else {
      out += std::max<std::size_t>(end - i, 1);
      i += std::max<std::size_t>(end - i, 1);
    }
  }
  return i;
}

std::string body_preview(const std::string& body, const std::vector<std::string>& secrets) {
  // Only the start of a large body reaches the preview: that much is redacted, with room for a
  // secret that begins inside it and is spelled with escapes (six characters each).
  std::size_t longest = 0;
  for (const auto& secret : secrets)
    longest = std::max(longest, secret.size());
  const std::size_t window = elided_source_length(body, kBodyPreview) + 6 * longest + 16;
  std::string text =
      elide_base64(redacted_body(body.substr(0, std::min(window, body.size())), secrets));
  if (text.size() > kBodyPreview) {
    text = text.substr(0, kBodyPreview) + "... (" + std::to_string(body.size()) + " bytes)";
  }
  return escape_controls(text);
}

}  // namespace

std::string elide_base64(std::string_view text) {
  std::string out;
  out.reserve(std::min(text.size(), std::size_t{4096}));
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t end = i;
    while (end < text.size() && is_base64_char(text[end]))
      ++end;
    while (end < text.size() && text[end] == '=' && end - i >= kMinBase64Run)
      ++end;
    if (end - i >= kMinBase64Run) {
      out += "<" + std::to_string(end - i) + " base64 chars elided>";
      i = end;
    } else {
      const std::size_t step = std::max<std::size_t>(end - i, 1);
      out.append(text.substr(i, step));
      i += step;
    }
  }
  return out;
}

std::string loggable_url(const std::string& url) {
  std::string out = url;
  const auto query = out.find('?');
  if (query != std::string::npos) out = out.substr(0, query) + "?[REDACTED]";
  const auto scheme_end = out.find("://");
  if (scheme_end != std::string::npos) {
    const auto authority_end = out.find_first_of("/?", scheme_end + 3);
    const auto at = out.rfind('@', authority_end);
    if (at != std::string::npos && at > scheme_end) {
      out = out.substr(0, scheme_end + 3) + "[REDACTED]" + out.substr(at);
    }
  }
  return out;
}

void log_attempt(const Logger& logger, LogLevel threshold, const HttpRequest& request,
                 const AttemptOutcome& outcome, const std::vector<std::string>& secrets) {
  if (!logger) return;
  const bool success = outcome.response != nullptr && outcome.response->status >= 200 &&
                       outcome.response->status < 300;
  const LogLevel level =
      success ? LogLevel::info : (outcome.retry_in ? LogLevel::warning : LogLevel::error);
  if (level < threshold) return;
  try {
    std::string line = request.method + " " + loggable_url(request.url) + " -> ";
    if (outcome.response != nullptr) {
      line += std::to_string(outcome.response->status);
    } else if (outcome.error != nullptr) {
      // The message as raised, without the "(after N attempts)" the line says anyway.
      line += escape_controls(outcome.error->message());
    } else {
      line += "no response";
    }
    line += " in " + std::to_string(outcome.duration.count()) + " ms (attempt " +
            std::to_string(outcome.attempt) + "/" + std::to_string(outcome.max_attempts);
    if (outcome.response != nullptr) {
      if (const std::string* id = outcome.response->header("x-request-id")) {
        line += ", request id " + escape_controls(*id);
      }
    }
    line += ")";
    if (outcome.retry_in) {
      line += "; retrying in " + std::to_string(outcome.retry_in->count()) + " ms";
    }
    // Secrets go first: once cut or elided, a secret could no longer be recognised.
    line = elide_base64(redact_all(std::move(line), secrets));
    if (threshold == LogLevel::debug) {
      line += "\n  request headers: " + elide_base64(headers_text(request.headers, secrets));
      if (outcome.response != nullptr) {
        line += "\n  response headers: " +
                elide_base64(headers_text(outcome.response->headers, secrets));
        line += "\n  response body: " + body_preview(outcome.response->body, secrets);
      }
    }
    logger(level, line);
  } catch (...) {  // a log line is never worth a failed call
  }
}

}  // namespace edenai::internal
