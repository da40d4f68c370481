// Version of the SDK.
#pragma once

#define EDENAI_VERSION_MAJOR 0
#define EDENAI_VERSION_MINOR 3
#define EDENAI_VERSION_PATCH 1
#define EDENAI_VERSION_STRING "0.4.0"

namespace edenai {

/// The SDK version, e.g. "0.2.0".
inline constexpr const char* version() noexcept {
  return EDENAI_VERSION_STRING;
}

}  // namespace edenai
