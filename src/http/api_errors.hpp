// Turning a non-2xx response into the typed ApiError subclass for its status, with what Eden's
// error bodies say (message, error_code, credits, retry_after).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/redaction.hpp"
#include "edenai/transport.hpp"

namespace edenai::internal {

/// The server's own message in an error body, whichever shape it came in:
/// `{"error":{"message":…}}`, `{"error":"…"}`, `{"detail":"…"}`, `{"message":"…"}`, a 422
/// `detail` list (joined as `loc: msg; …`), an HTML page (its title) or plain text.
/// Empty when the body says nothing. Control characters are replaced and the text is bounded.
std::string server_message(std::string_view body);

/// Eden's `retry_after` (seconds) in a JSON error body such as a 429's
/// `{"detail":"Rate limit exceeded","error_code":"RATE_LIMITED","retry_after":1.5}`; std::nullopt
/// when the body has none (or it is not a finite number).
std::optional<double> body_retry_after_seconds(std::string_view body);

/// Throws the ApiError subclass for `response.status`. Message, body, request id and details are
/// built from the body with every secret redacted first (a cut must never leave part of one).
[[noreturn]] void throw_api_error(const HttpResponse& response, const Secrets& secrets);

}  // namespace edenai::internal
