// What edenai-image prints about a response or a failure, and its exit codes.
#pragma once

#include <exception>
#include <string>

#include <nlohmann/json.hpp>

#include "edenai/client.hpp"
#include "edenai/types.hpp"

namespace edenai::cli {

/// The documented exit codes (see `help_text()`).
enum ExitCode : int {
  kExitOk = 0,
  kExitFailure = 1,
  kExitUsage = 2,
  kExitInvalidRequest = 3,
  kExitAuthentication = 4,
  kExitRateLimited = 5,
  kExitServer = 6,
  kExitConnection = 7,
  kExitBudget = 8,
};

struct Failure {
  int exit_code = kExitFailure;
  std::string line;  ///< one line, no trailing newline
};

/// Classifies an exception thrown while generating or saving, with a one-line explanation
/// (422 details listed field by field).
Failure describe_failure(const std::exception& error);

/// What `--json` prints for a failure: `{"error": {"type", "status", "code", "request_id",
/// "message", "exit_code"}}` (and `"detail"`, the fields of a 422). `type` is the SDK's
/// `ErrorKind` name (`unprocessable_entity`, `rate_limit`, ...), `other` for another exception,
/// and `without` when there is no exception (`usage` for a command line that cannot run); `status`,
/// `code` and `request_id` are null when the server said none. Not redacted: print it through
/// `redacted_json`.
nlohmann::json error_to_json(const std::exception* error, const Failure& failure,
                             const char* without = "usage");

/// The response as JSON, each `b64_json` replaced by a short note of its length.
nlohmann::json response_to_json(const ImageResponse& response);

/// `value` with the client's secrets redacted from every string and key (a server may echo the
/// key anywhere in what it sends back; edenai-image prints nothing that holds it).
nlohmann::json redacted_json(const nlohmann::json& value, const Client& client);
/// `value` with each of `secrets` redacted, for what is printed before a client exists.
nlohmann::json redacted_json(const nlohmann::json& value, const std::vector<std::string>& secrets);

}  // namespace edenai::cli
