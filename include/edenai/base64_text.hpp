// The base64 text of an image (`ImageDataItem::b64_json`), stored once.
#pragma once

#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>

#include "edenai/export.hpp"

namespace edenai {

namespace internal {
struct Base64Access;
}  // namespace internal

/// The base64 text of an image, as a read-only string that is not copied.
///
/// A decoded response keeps the base64 where it arrived, in the received body: every
/// `Base64Text` of that response shares the body's buffer, which is freed (or reused for a later
/// response) when the last of them is gone. Copying a `Base64Text` (or the `ImageDataItem`, or
/// the `ImageResponse`) copies a reference, never the text; copies and moves may be used and
/// destroyed on any thread. Assigning a `std::string` stores that string instead.
///
/// It converts to `std::string_view`; `str()` makes a `std::string` copy on request.
/// One image kept alive keeps its whole response body alive: `text = text.str()` detaches it.
/// See docs/shared-buffers.md.
class EDENAI_EXPORT Base64Text {
 public:
  /// Empty text.
  Base64Text() noexcept = default;
  /// Stores `text` (moved, not copied).
  Base64Text(std::string text);  // NOLINT(google-explicit-constructor): a string-like value
  /// Stores a copy of `text`.
  Base64Text(const char* text);  // NOLINT(google-explicit-constructor)
  /// Stores a copy of `text`.
  explicit Base64Text(std::string_view text);

  /// The text. For a string the server sent with JSON escapes (`\/`), the unescaped text, made
  /// once on first use; escapes that are not valid JSON leave the text as received.
  std::string_view view() const;
  /// `view()`: the text converts implicitly to a `std::string_view`.
  operator std::string_view() const { return view(); }  // NOLINT(google-explicit-constructor)
  /// `view().data()`: not NUL-terminated.
  const char* data() const { return view().data(); }
  /// `view().size()`.
  std::size_t size() const { return view().size(); }
  /// `view().size()`.
  std::size_t length() const { return size(); }
  /// `view().begin()`.
  std::string_view::const_iterator begin() const { return view().begin(); }
  /// `view().end()`.
  std::string_view::const_iterator end() const { return view().end(); }
  /// `view().empty()`.
  bool empty() const { return view().empty(); }
  /// A `std::string` copy of the text.
  std::string str() const { return std::string(view()); }
  /// `str()`, for `static_cast<std::string>(text)`.
  explicit operator std::string() const { return str(); }

  /// Whether the text lives in a received response's buffer (no copy of it was made).
  bool shares_response_buffer() const noexcept;

  // Compared as text, with strings, string views and C strings (found only for a Base64Text).
  /// Whether the texts are equal.
  friend bool operator==(const Base64Text& a, const Base64Text& b) { return a.view() == b.view(); }
  /// Whether the texts are equal.
  friend bool operator==(const Base64Text& a, std::string_view b) { return a.view() == b; }
  /// Whether the texts are equal.
  friend bool operator==(std::string_view a, const Base64Text& b) { return a == b.view(); }
  /// Whether the texts are equal.
  friend bool operator==(const Base64Text& a, const std::string& b) { return a.view() == b; }
  /// Whether the texts are equal.
  friend bool operator==(const std::string& a, const Base64Text& b) { return a == b.view(); }
  /// Whether the texts are equal.
  friend bool operator==(const Base64Text& a, const char* b) { return a.view() == b; }
  /// Whether the texts are equal.
  friend bool operator==(const char* a, const Base64Text& b) { return a == b.view(); }
  /// Whether the texts differ.
  friend bool operator!=(const Base64Text& a, const Base64Text& b) { return !(a == b); }
  /// Whether the texts differ.
  friend bool operator!=(const Base64Text& a, std::string_view b) { return !(a == b); }
  /// Whether the texts differ.
  friend bool operator!=(std::string_view a, const Base64Text& b) { return !(a == b); }
  /// Whether the texts differ.
  friend bool operator!=(const Base64Text& a, const std::string& b) { return !(a == b); }
  /// Whether the texts differ.
  friend bool operator!=(const std::string& a, const Base64Text& b) { return !(a == b); }
  /// Whether the texts differ.
  friend bool operator!=(const Base64Text& a, const char* b) { return !(a == b); }
  /// Whether the texts differ.
  friend bool operator!=(const char* a, const Base64Text& b) { return !(a == b); }

 private:
  friend struct internal::Base64Access;
  class Storage;
  explicit Base64Text(std::shared_ptr<const Storage> storage) noexcept;
  std::shared_ptr<const Storage> storage_;
};

/// Writes the text.
EDENAI_EXPORT std::ostream& operator<<(std::ostream& out, const Base64Text& text);

}  // namespace edenai
