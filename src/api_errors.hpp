// Turning a non-2xx response into the typed ApiError subclass for its status.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "edenai/transport.hpp"

namespace edenai::internal {

/// The server's own message in an error body, whichever shape it came in:
/// `{"error":{"message":…}}`, `{"error":"…"}`, `{"detail":"…"}`, `{"message":"…"}`, a 422
/// `detail` list (joined as `loc: msg; …`), an HTML page (its title) or plain text.
/// Empty when the body says nothing. Control characters are replaced and the text is bounded.
std::string server_message(std::string_view body);

/// Replaces every occurrence of `secret` in `text` with `[REDACTED]`.
std::string redact(std::string text, std::string_view secret);

/// `redact` for each of `secrets` (the key, a proxy password...).
std::string redact_all(std::string text, const std::vector<std::string>& secrets);

/// Throws the ApiError subclass for `response.status`. Message and body are redacted of `secret`.
/// `body` with `secret` replaced wherever it occurs, also where JSON escapes spell it out (the
/// JSON is then re-serialised from its decoded, redacted form; bodies over 8 MiB are only
/// redacted literally).
std::string redacted_body(std::string body, std::string_view secret);

[[noreturn]] void throw_api_error(const HttpResponse& response, std::string_view secret);

}  // namespace edenai::internal
