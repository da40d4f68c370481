// A minimal PNG encoder for the mock server's images: 8-bit RGB, no ancillary chunks.
#pragma once

#include <string>

#include "mock/scene.hpp"

namespace edenai::mock::internal {

/// Encodes `image` as an 8-bit RGB, non-interlaced PNG (IHDR, one or more IDAT, IEND), choosing a
/// filter per row and compressing with zlib at `compression_level` (0 to 9). The encoder asks zlib
/// for run-length matches only, which makes levels 1 to 9 give the same output; 0 stores the data
/// uncompressed. Returns the file's bytes; a std::string because they become an HTTP body or a
/// base64 payload.
/// @throws std::invalid_argument for an empty image, a pixel buffer of the wrong size or a level
/// outside 0 to 9; std::runtime_error if zlib fails.
std::string encode_png(const RgbImage& image, int compression_level = 6);

}  // namespace edenai::mock::internal
