// A small PNG decoder for the mock's edits: the canvas and the mask a client sends.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace edenai::mock::internal {

/// An 8-bit RGBA image, row-major, `pixels.size() == width * height * 4`.
struct RgbaImage {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> pixels;
  bool has_alpha = false;  ///< the file had an alpha channel or a tRNS chunk
};

/// Why a file could not be decoded, in words fit for an API error.
class PngError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Decodes a non-interlaced PNG of 8 bits per channel (grey, grey + alpha, RGB, RGBA or a
/// palette, with tRNS transparency) or 16 (reduced to 8), at most 4096 pixels a side. Every
/// chunk's CRC is checked. @throws PngError for anything else or any defect.
RgbaImage decode_png(std::string_view file);

}  // namespace edenai::mock::internal
