// The client's log lines: one per HTTP attempt, with secrets redacted and base64 elided.
#pragma once

#include <string>
#include <string_view>

#include "edenai/options.hpp"
#include "retry.hpp"

namespace edenai::internal {

/// Replaces each run of 64 or more base64 characters with `<N base64 chars elided>`.
std::string elide_base64(std::string_view text);

/// Formats `outcome` of `request` and hands it to `logger` at the level it deserves, if that
/// level is at least `threshold`. Redacts `secret` and credential headers; never throws.
void log_attempt(const Logger& logger, LogLevel threshold, const HttpRequest& request,
                 const AttemptOutcome& outcome, std::string_view secret);

}  // namespace edenai::internal
