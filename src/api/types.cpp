// Out-of-line members of the public value types.
#include "edenai/types.hpp"
#include "edenai/batch.hpp"
#include "edenai/errors.hpp"
#include "edenai/transport.hpp"

#include "api/base64_access.hpp"

namespace edenai {

std::size_t ImageDataItem::bytes_into(std::vector<std::uint8_t>& out) const {
  // Decoding buys nothing: its errors say so.
  const auto fail = [](const char* message) {
    DecodeError error(message);
    error.set_delivery(Delivery::not_sent, 0);
    return error;
  };
  if (!b64_json) throw fail("image has no b64_json to decode");
  if (!internal::Base64Access::decode(*b64_json, out)) {
    throw fail("image b64_json is not valid base64");
  }
  return out.size();
}

std::vector<std::uint8_t> ImageDataItem::bytes() const {
  std::vector<std::uint8_t> out;
  bytes_into(out);
  return out;
}

std::string format_location(const std::vector<std::variant<std::string, std::int64_t>>& loc) {
  std::string out;
  for (const auto& part : loc) {
    if (!out.empty()) out += '.';
    if (const auto* name = std::get_if<std::string>(&part)) {
      out += *name;
    } else {
      out += std::to_string(std::get<std::int64_t>(part));
    }
  }
  return out;
}

const std::string* HttpResponse::header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) return &value;
  }
  return nullptr;
}

}  // namespace edenai
