// What the decoders and ImageDataItem::bytes need of Base64Text's storage.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "edenai/base64_text.hpp"
#include "http/buffer_pool.hpp"

namespace edenai::internal {

struct Base64Access {
  /// The text of a JSON string whose content (between the quotes, escapes not yet undone) is
  /// `raw`, inside `body`. Nothing is copied or scanned: escapes are undone on first use.
  static Base64Text in_body(SharedBody body, std::string_view raw);
  /// The same text copied (the document was parsed from a repaired copy of the body).
  static Base64Text copied(std::string_view raw);
  /// Decodes the text into `out` (resized to the image's size). A text received with no escape
  /// is decoded where it lies: the decoder refuses a backslash, so success proves there was none
  /// and the text is never scanned for one. @returns false when the text is not base64.
  static bool decode(const Base64Text& text, std::vector<std::uint8_t>& out);
};

}  // namespace edenai::internal
