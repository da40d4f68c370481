// The one place secrets (the API key, a proxy password) are removed from text: error messages,
// bodies, log lines, the CLI's output. Matching ignores ASCII letter case, so a server that
// upper-cases or lower-cases what it echoes (a header name, say) cannot carry the key out.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace edenai::internal {

/// The secrets of a client: the key, then a proxy password when there is one.
using Secrets = std::vector<std::string>;

/// `text` with every occurrence of `secret`, in any ASCII letter case, replaced by `[REDACTED]`.
std::string redact(std::string text, std::string_view secret);

/// `redact` for each of `secrets`.
std::string redact_all(std::string text, const Secrets& secrets);

/// Whether `text` holds one of `secrets`, in any letter case.
bool mentions_any(std::string_view text, const Secrets& secrets);

/// A body with every secret replaced, also where JSON escapes spell it out (`sk-\u0065den-...`,
/// `\/` and the like), in any letter case, however large or deep the body: it is scanned, not
/// parsed, and left as it was everywhere else.
std::string redacted_body(std::string body, const Secrets& secrets);

/// `redacted_body` for an error body that is to be read too: the redacted text, and its JSON
/// (already redacted) when it parses (see `parse_error_body`). The body is parsed once for both.
std::pair<std::string, std::optional<nlohmann::json>> redact_and_parse(std::string body,
                                                                       const Secrets& secrets);

}  // namespace edenai::internal
