// What a file's first bytes say it is, for inline images and uploads.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace edenai::internal {

/// `image/png`, `image/jpeg`, `image/webp` or `image/gif` from the signature, else empty.
std::string image_mime_type(std::string_view bytes);

/// `image_mime_type`, `application/pdf`, else empty.
std::string file_mime_type(std::string_view bytes);

/// Whether `text` is a MIME type `type/subtype` of RFC 9110 token characters (no parameters).
bool is_mime_type(std::string_view text);

/// The MIME type of a `data:<type>/<subtype>[;param...];base64,<payload>` URL (the scheme in any
/// letter case, the payload not empty), lower-cased; std::nullopt for anything else.
std::optional<std::string> data_url_type(std::string_view url);

/// Whether `url` starts with `http://` or `https://`, in any letter case, followed by a host.
bool is_web_url(std::string_view url);

/// The whole regular file at `path`. @throws InvalidRequestError naming the path and the reason.
std::string read_file(const std::string& path, const char* what);

}  // namespace edenai::internal
