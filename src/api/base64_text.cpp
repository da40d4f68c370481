// Base64Text: the text in its response's buffer (or in its own string), with the JSON escapes of
// a received string undone lazily, once, by whichever thread needs the text first.
#include "edenai/base64_text.hpp"

#include <mutex>
#include <ostream>

#include "api/base64_access.hpp"
#include "edenai/errors.hpp"
#include "json/base64.hpp"
#include "json/reader.hpp"
#include "json/simdjson_padding.hpp"

namespace edenai {

class EDENAI_NO_EXPORT Base64Text::Storage {
 public:
  explicit Storage(std::string text) : owned_(std::move(text)), raw_(owned_), resolved_(true) {}
  Storage(internal::SharedBody body, std::string_view raw, bool response_buffer = true)
      : body_(std::move(body)), raw_(raw), response_buffer_(response_buffer) {}
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;
  ~Storage() = default;

  /// As received (escapes, if any, not undone).
  std::string_view raw() const noexcept { return raw_; }
  bool in_body() const noexcept { return body_ != nullptr && response_buffer_; }

  std::string_view text() const {
    if (resolved_) return raw_;
    std::call_once(once_, [this] { text_ = unescape(); });
    return text_;
  }

  /// The raw text decoded as base64, hence holds no backslash: it is the text.
  void known_unescaped() const {
    if (!resolved_) std::call_once(once_, [this] { text_ = raw_; });
  }

 private:
  std::string_view unescape() const {
    if (raw_.find('\\') == std::string_view::npos) return raw_;
    // The string as the one element of an array (simdjson reads no scalar as a document's value).
    std::string document;
    document.reserve(raw_.size() + 4 + internal::kParserPadding);
    document.append("[\"").append(raw_).append("\"]");
    try {
      internal::json::with_document(document, [&](internal::json::od::value& root) {
        internal::json::for_each_element(
            internal::json::array_of(root, "$"), "$",
            [&](const internal::json::Path& path, internal::json::od::value& value) {
              unescaped_ = internal::json::string_of(value, path);
            });
      });
    } catch (const DecodeError&) {
      return raw_;  // not valid JSON escapes: kept as received (and not base64)
    }
    return unescaped_;
  }

  internal::SharedBody body_;  // the response's body, when the text lies in it
  std::string owned_;
  std::string_view raw_;
  bool response_buffer_ = false;  // body_ is the received body, not a copy of one string
  bool resolved_ = false;         // the raw text is the text (a string stored by the user)
  mutable std::once_flag once_;
  mutable std::string unescaped_;
  mutable std::string_view text_;
};

Base64Text::Base64Text(std::string text)
    : storage_(std::make_shared<const Storage>(std::move(text))) {}
Base64Text::Base64Text(const char* text) : Base64Text(std::string(text)) {}
Base64Text::Base64Text(std::string_view text) : Base64Text(std::string(text)) {}
Base64Text::Base64Text(std::shared_ptr<const Storage> storage) noexcept
    : storage_(std::move(storage)) {}

std::string_view Base64Text::view() const {
  return storage_ ? storage_->text() : std::string_view();
}

bool Base64Text::shares_response_buffer() const noexcept {
  return storage_ && storage_->in_body();
}

std::ostream& operator<<(std::ostream& out, const Base64Text& text) {
  return out << text.view();
}

namespace internal {

Base64Text Base64Access::in_body(SharedBody body, std::string_view raw) {
  return Base64Text(std::make_shared<const Base64Text::Storage>(std::move(body), raw));
}

Base64Text Base64Access::copied(std::string_view raw) {
  auto text = std::make_shared<const std::string>(raw);
  const std::string_view view(*text);
  return Base64Text(std::make_shared<const Base64Text::Storage>(std::move(text), view, false));
}

namespace {

bool decode_text(std::string_view text, std::vector<std::uint8_t>& out) {
  out.resize(decoded_size_bound(text));
  const auto written = decode_base64_into(text, out.data());
  if (!written) return false;
  out.resize(*written);
  return true;
}

}  // namespace

bool Base64Access::decode(const Base64Text& text, std::vector<std::uint8_t>& out) {
  const Base64Text::Storage* storage = text.storage_.get();
  if (storage == nullptr) return decode_text({}, out);
  if (decode_text(storage->raw(), out)) {
    storage->known_unescaped();
    return true;
  }
  const std::string_view unescaped = storage->text();
  return unescaped.data() != storage->raw().data() && decode_text(unescaped, out);
}

}  // namespace internal
}  // namespace edenai
