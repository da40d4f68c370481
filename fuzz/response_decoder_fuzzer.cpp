// libFuzzer target: the 2xx response decoder (simdjson On-Demand) and the base64 decoder behind
// ImageDataItem::bytes(). Any input must end in a decoded response or an edenai::Error; anything
// else (a crash, a sanitizer report, another exception) is a finding.
#include <cstddef>
#include <cstdint>
#include <string>

#include "codec.hpp"
#include "edenai/errors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  try {
    const edenai::ImageResponse response = edenai::internal::decode_image_response(body);
    for (const auto& item : response.data) {
      if (!item.b64_json) continue;
      try {
        (void)item.bytes();
      } catch (const edenai::DecodeError&) {
      }
    }
  } catch (const edenai::DecodeError&) {
  }
  return 0;
}
