// Client-side checks of a request before any byte is sent (throwing InvalidRequestError).
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "edenai/edits.hpp"
#include "edenai/types.hpp"

namespace edenai::internal {

/// Number of code points in `text` when it is valid UTF-8 (no overlongs, no surrogates,
/// nothing above U+10FFFF); std::nullopt otherwise.
std::optional<std::size_t> utf8_length(std::string_view text);

/// Whether `a` and `b` are equal but for ASCII case (header names, auth schemes).
bool equals_ignoring_case(std::string_view a, std::string_view b);

/// Checks `body` against the contract. @throws InvalidRequestError naming the field.
void validate_request(const ImageGenerationBody& body);
void validate_request(const ImageEditBody& body);

/// @throws InvalidRequestError "invalid request: <field> <problem>"
[[noreturn]] void refuse(const std::string& field, const std::string& problem);

/// Checks headers supplied by the caller: names are HTTP tokens and not credential headers;
/// values hold no control character but tab and are valid UTF-8. With `on_the_wire` (headers
/// of the SDK's own HTTP request, not ones Eden forwards), framing and hop-by-hop headers
/// (`Content-Length`, `Transfer-Encoding`, `Host`, `Connection`, `Expect`, `Proxy-*`, ...) are
/// refused too: libcurl owns them, and a wrong one would desynchronise a kept-alive connection.
/// `what` names the headers in the error message (e.g. "extra_headers").
/// @throws InvalidRequestError
void validate_headers(const std::map<std::string, std::string>& headers, std::string_view what,
                      bool on_the_wire = false);

}  // namespace edenai::internal
