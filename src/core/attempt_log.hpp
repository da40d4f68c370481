// The client's log lines: one per HTTP attempt, with secrets redacted and base64 elided.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/retry.hpp"
#include "edenai/options.hpp"

namespace edenai::internal {

/// Replaces each run of 64 or more base64 characters with `<N base64 chars elided>`.
std::string elide_base64(std::string_view text);

/// A URL fit for a log: credentials (`user:password@`) and the query string (signed URLs carry
/// their signature there) replaced by `[REDACTED]`.
std::string loggable_url(const std::string& url);

/// Formats `outcome` of `request` and hands it to `logger` at the level it deserves, if that
/// level is at least `threshold`. Every secret is redacted before anything is cut or elided
/// (an elided or cut secret could no longer be found); credential headers are redacted by name.
/// Never throws.
void log_attempt(const Logger& logger, LogLevel threshold, const HttpRequest& request,
                 const AttemptOutcome& outcome, const std::vector<std::string>& secrets);

}  // namespace edenai::internal
