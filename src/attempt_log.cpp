#include "attempt_log.hpp"

#include <algorithm>
#include <cctype>

#include "api_errors.hpp"

namespace edenai::internal {
namespace {

constexpr std::size_t kMinBase64Run = 64;
constexpr std::size_t kBodyPreview = 500;

bool is_base64_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '/';
}

bool is_credential(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return name == "authorization" || name == "proxy-authorization" || name == "x-api-key" ||
         name == "api-key" || name == "cookie" || name == "set-cookie";
}

std::string headers_text(const std::vector<Header>& headers) {
  std::string text;
  for (const auto& [name, value] : headers) {
    text += (text.empty() ? "" : "; ") + name + ": " + (is_credential(name) ? "[REDACTED]" : value);
  }
  return text;
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
      out.append(text.substr(i, std::max<std::size_t>(end - i, 1)));
      i += std::max<std::size_t>(end - i, 1);
    }
  }
  return out;
}

void log_attempt(const Logger& logger, LogLevel threshold, const HttpRequest& request,
                 const AttemptOutcome& outcome, std::string_view secret) {
  if (!logger) return;
  const bool success = outcome.response != nullptr && outcome.response->status >= 200 &&
                       outcome.response->status < 300;
  const LogLevel level =
      success ? LogLevel::info : (outcome.retry_in ? LogLevel::warning : LogLevel::error);
  if (level < threshold) return;
  try {
    std::string line = request.method + " " + request.url + " -> ";
    line += outcome.response != nullptr
                ? std::to_string(outcome.response->status)
                : std::string(outcome.error != nullptr ? outcome.error->what() : "no response");
    line += " in " + std::to_string(outcome.duration.count()) + " ms (attempt " +
            std::to_string(outcome.attempt) + "/" + std::to_string(outcome.max_attempts);
    if (outcome.response != nullptr) {
      if (const std::string* id = outcome.response->header("x-request-id")) {
        line += ", request id " + *id;
      }
    }
    line += ")";
    if (outcome.retry_in)
      line += "; retrying in " + std::to_string(outcome.retry_in->count()) + " ms";
    if (threshold == LogLevel::debug) {
      line += "\n  request headers: " + headers_text(request.headers);
      if (outcome.response != nullptr) {
        line += "\n  response headers: " + headers_text(outcome.response->headers);
        const std::string& body = outcome.response->body;
        std::string preview = elide_base64(body);
        if (preview.size() > kBodyPreview) {
          preview =
              preview.substr(0, kBodyPreview) + "... (" + std::to_string(body.size()) + " bytes)";
        }
        line += "\n  response body: " + preview;
      }
    }
    logger(level, redact(elide_base64(line), secret));
  } catch (...) {  // a log line is never worth a failed call
  }
}

}  // namespace edenai::internal
