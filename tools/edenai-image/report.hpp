// What edenai-image prints about a response or a failure, and its exit codes.
#pragma once

#include <exception>
#include <string>

#include <nlohmann/json.hpp>

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
};

struct Failure {
  int exit_code = kExitFailure;
  std::string line;  ///< one line, no trailing newline
};

/// Classifies an exception thrown while generating or saving, with a one-line explanation
/// (422 details listed field by field).
Failure describe_failure(const std::exception& error);

/// The response as JSON, each `b64_json` replaced by a short note of its length.
nlohmann::json response_to_json(const ImageResponse& response);

}  // namespace edenai::cli
