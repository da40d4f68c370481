// libFuzzer target: the 2xx response decoders (simdjson On-Demand) of every endpoint, and the
// base64 decoder behind ImageDataItem::bytes(). Any input must end in a decoded response or an
// edenai::Error; anything else (a crash, a sanitizer report, another exception) is a finding.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "api/decoders.hpp"
#include "api/images.hpp"
#include "edenai/errors.hpp"
#include "json/codec.hpp"

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
  // The same input through the file store's and the model list's decoders.
  const edenai::internal::SharedBody shared = std::make_shared<const std::string>(body);
  const auto attempt = [&](auto decode) {
    try {
      (void)decode(shared);
    } catch (const edenai::DecodeError&) {
    }
  };
  attempt(edenai::internal::decode_upload);
  attempt(edenai::internal::decode_file_list);
  attempt(edenai::internal::decode_deleted_count);
  attempt(edenai::internal::decode_model_list);
  return 0;
}
