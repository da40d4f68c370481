// Validation of the request bodies against the OpenAPI contracts. Only what a contract states is
// checked: size and quality are the provider's business.
#include "api/validation.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <vector>

#include "api/image_format.hpp"
#include "edenai/errors.hpp"
#include "json/codec.hpp"

namespace edenai::internal {
namespace {

constexpr std::size_t kMaxPromptChars = 32000;
constexpr int kMinImages = 1;
constexpr int kMaxImages = 10;

// Fields of ImageGenerationBody and ImageEditBody; `extra` must not shadow them.
constexpr std::array<std::string_view, 9> kTypedFields = {
    "model",   "prompt",          "n",        "size",         "user",
    "quality", "response_format", "metadata", "extra_headers"};
constexpr std::array<std::string_view, 10> kEditFields = {
    "model", "prompt", "images",  "mask",     "n",
    "size",  "user",   "quality", "metadata", "extra_headers"};
constexpr std::size_t kMaxEditImages = 16;

// Headers that carry credentials: Eden rejects them in extra_headers, and the client sets
// Authorization itself.
constexpr std::array<std::string_view, 4> kCredentialHeaders = {
    "authorization", "proxy-authorization", "x-api-key", "cookie"};

// Headers that frame the message or concern one connection: libcurl sets them.
constexpr std::array<std::string_view, 9> kTransportHeaders = {
    "content-length", "transfer-encoding", "host",  "connection", "keep-alive", "te",
    "trailer",        "upgrade",           "expect"};

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// RFC 9110 token characters, the only ones allowed in a header name.
bool is_token_char(char c) {
  if (std::isalnum(static_cast<unsigned char>(c))) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// A header name for an error message: control and non-ASCII bytes shown as '?'.
std::string printable(std::string_view text) {
  std::string out(text.substr(0, 64));
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
  }
  return out;
}

[[noreturn]] void fail(const std::string& field, const std::string& problem) {
  refuse(field, problem);
}

void require_utf8(std::string_view text, const std::string& field) {
  if (!utf8_length(text)) fail(field, "is not valid UTF-8");
}

// A JSON value is sendable when every string (keys included) is valid UTF-8, no value is
// nlohmann's "discarded" marker, and nothing sits deeper than kMaxJsonDepth below the body's
// top-level object (`depth` is the root's own level). Walked with an explicit stack, in linear
// time and memory: the path of a problem is spelled out only when there is one.
void require_sendable_json(const nlohmann::json& root, std::string_view field, int depth) {
  struct Level {
    const nlohmann::json* container;
    nlohmann::json::const_iterator next;
    std::size_t taken = 0;  // elements taken so far
    std::string_view key;   // of the member taken last
  };
  std::vector<Level> stack;
  const auto path = [&] {
    std::string out(field);
    for (const Level& level : stack) {
      out += level.container->is_object() ? "." + printable(level.key)
                                          : "[" + std::to_string(level.taken - 1) + "]";
    }
    return out;
  };
  const nlohmann::json* value = &root;
  while (value != nullptr) {
    if (depth + static_cast<int>(stack.size()) > kMaxJsonDepth) {
      fail(path(), "is nested more than 64 levels deep");
    }
    if (value->is_discarded()) fail(path(), "holds a discarded JSON value (a failed parse?)");
    if (value->is_string()) require_utf8(value->get_ref<const std::string&>(), path());
    if (value->is_number_float() && !std::isfinite(value->get<double>())) {
      fail(path(),
           "is not a finite number (JSON has no NaN or infinity; it would be sent as null)");
    }
    if ((value->is_object() || value->is_array()) && !value->empty()) {
      stack.push_back({value, value->cbegin(), 0, {}});
    }
    value = nullptr;
    while (!stack.empty() && value == nullptr) {
      Level& top = stack.back();
      if (top.next == top.container->cend()) {
        stack.pop_back();
        continue;
      }
      if (top.container->is_object()) {
        top.key = top.next.key();
        if (!utf8_length(top.key)) fail(path() + " key", "is not valid UTF-8");
      }
      value = &*top.next;
      ++top.taken;
      ++top.next;
    }
  }
}

void require_optional_utf8(const std::optional<std::string>& value, const char* field) {
  if (value) require_utf8(*value, field);
}

}  // namespace

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::optional<std::size_t> utf8_length(std::string_view text) {
  std::size_t count = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    const unsigned char c = *p;
    if (c < 0x80) {
      ++p;
    } else {
      int extra = 0;
      std::uint32_t cp = 0;
      std::uint32_t min = 0;
      if ((c & 0xE0) == 0xC0) {
        extra = 1, cp = c & 0x1F, min = 0x80;
      } else if ((c & 0xF0) == 0xE0) {
        extra = 2, cp = c & 0x0F, min = 0x800;
      } else if ((c & 0xF8) == 0xF0) {
        extra = 3, cp = c & 0x07, min = 0x10000;
      } else {
        return std::nullopt;
      }
      if (end - p <= extra) return std::nullopt;
      for (int i = 1; i <= extra; ++i) {
        if ((p[i] & 0xC0) != 0x80) return std::nullopt;
        cp = (cp << 6) | (p[i] & 0x3F);
      }
      if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
      p += extra + 1;
    }
    ++count;
  }
  return count;
}

void validate_headers(const std::map<std::string, std::string>& headers, std::string_view what,
                      bool on_the_wire) {
  const std::string where(what);
  for (const auto& [name, value] : headers) {
    if (name.empty() || !std::all_of(name.begin(), name.end(), is_token_char)) {
      fail(where, "header name '" + printable(name) +
                      "' is not a valid HTTP header name (letters, digits and !#$%&'*+-.^_`|~)");
    }
    const std::string lname = lower(name);
    if (std::find(kCredentialHeaders.begin(), kCredentialHeaders.end(), lname) !=
        kCredentialHeaders.end()) {
      fail(where, "must not carry the credential header '" + name + "'");
    }
    if (on_the_wire && (lname.rfind("proxy-", 0) == 0 ||
                        std::find(kTransportHeaders.begin(), kTransportHeaders.end(), lname) !=
                            kTransportHeaders.end())) {
      fail(where, "must not set '" + name + "': the HTTP transport manages it");
    }
    const auto control = [](char c) {
      return (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f;
    };
    if (std::any_of(value.begin(), value.end(), control)) {
      fail(where, "header '" + lname + "' contains a CR, LF, NUL or other control character");
    }
    require_utf8(value, where + " header '" + lname + "'");
  }
}

namespace {

// What generations and edits share: model, prompt, n, the optional strings, metadata, the
// forwarded headers and the extra properties (whose keys must differ from `typed`).
template <typename Body, typename Fields>
void validate_shared(const Body& body, const Fields& typed) {
  if (body.model.empty()) fail("model", "must not be empty");
  require_utf8(body.model, "model");

  const auto prompt_chars = utf8_length(body.prompt);
  if (!prompt_chars) fail("prompt", "is not valid UTF-8");
  if (*prompt_chars < 1 || *prompt_chars > kMaxPromptChars) {
    fail("prompt", "must have 1 to 32000 characters (has " + std::to_string(*prompt_chars) + ")");
  }

  if (body.n && (*body.n < kMinImages || *body.n > kMaxImages)) {
    fail("n", "must be between 1 and 10 (is " + std::to_string(*body.n) + ")");
  }
  require_optional_utf8(body.size, "size");
  require_optional_utf8(body.user, "user");
  require_optional_utf8(body.quality, "quality");

  if (body.metadata) {
    if (!body.metadata->is_object() && !body.metadata->is_null()) {
      fail("metadata", "must be a JSON object");
    }
    require_sendable_json(*body.metadata, "metadata", 1);
  }
  if (body.extra_headers) validate_headers(*body.extra_headers, "extra_headers");

  if (!body.extra.is_object() && !body.extra.is_null()) fail("extra", "must be a JSON object");
  if (body.extra.is_object()) {
    for (const auto& [key, value] : body.extra.items()) {
      if (std::find(typed.begin(), typed.end(), key) != typed.end()) {
        fail("extra", "key '" + key + "' collides with the typed field of that name");
      }
    }
    require_sendable_json(body.extra, "extra", 0);
  }
}

// One image reference: exactly one of the two fields, each non-empty valid UTF-8; a mask given
// inline must be a PNG.
void validate_ref(const ImageRef& ref, const std::string& field, bool mask) {
  if (ref.file_id().has_value() == ref.image_url().has_value()) {
    fail(field, "must have exactly one of file_id and image_url (has " +
                    std::string(ref.file_id() ? "both" : "neither") + ")");
  }
  const std::string& value = ref.file_id() ? *ref.file_id() : *ref.image_url();
  const std::string name = field + (ref.file_id() ? ".file_id" : ".image_url");
  if (value.empty()) fail(name, "must not be empty");
  require_utf8(value, name);
  if (!ref.image_url()) return;
  const std::optional<std::string> inline_type = data_url_type(value);
  if (!inline_type && !is_web_url(value)) {
    fail(name,
         "must be an https:// URL or a data:<type>/<subtype>;base64,<data> URL (a file path "
         "goes through ImageRef::file)");
  }
  if (mask && inline_type && *inline_type != "image/png") {
    fail(field,
         "must be a PNG (its transparent pixels mark the region to edit), not " + *inline_type);
  }
}

}  // namespace

[[noreturn]] void refuse(const std::string& field, const std::string& problem) {
  throw InvalidRequestError("invalid request: " + field + " " + problem);
}

void validate_request(const ImageGenerationBody& body) {
  validate_shared(body, kTypedFields);
  require_optional_utf8(body.response_format, "response_format");
}

void validate_request(const ImageEditBody& body) {
  validate_shared(body, kEditFields);
  if (body.images.empty() || body.images.size() > kMaxEditImages) {
    fail("images", "must hold 1 to 16 images (holds " + std::to_string(body.images.size()) + ")");
  }
  for (std::size_t i = 0; i < body.images.size(); ++i) {
    validate_ref(body.images[i], "images[" + std::to_string(i) + "]", /*mask=*/false);
  }
  if (body.mask) validate_ref(*body.mask, "mask", /*mask=*/true);
}

}  // namespace edenai::internal
