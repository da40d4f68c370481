// Client-side checks of a request before any byte is sent (throwing InvalidRequestError).
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "edenai/types.hpp"

namespace edenai::internal {

/// Number of code points in `text` when it is valid UTF-8 (no overlongs, no surrogates,
/// nothing above U+10FFFF); std::nullopt otherwise.
std::optional<std::size_t> utf8_length(std::string_view text);

/// Checks `body` against the contract. @throws InvalidRequestError naming the field.
void validate_request(const ImageGenerationBody& body);

/// Checks HTTP headers supplied by the caller: names are HTTP tokens and not credential headers;
/// values hold no control character but tab and are valid UTF-8.
/// `what` names the headers in the error message (e.g. "extra_headers").
/// @throws InvalidRequestError
void validate_headers(const std::map<std::string, std::string>& headers, std::string_view what);

}  // namespace edenai::internal
