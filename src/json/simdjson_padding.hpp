// The spare bytes the JSON parser needs after a buffer to parse it in place.
#pragma once

#include <cstddef>

namespace edenai::internal {

/// Equal to simdjson::SIMDJSON_PADDING (checked in codec.cpp), kept here so the transport can
/// size its buffers without including simdjson.
inline constexpr std::size_t kParserPadding = 64;

}  // namespace edenai::internal
