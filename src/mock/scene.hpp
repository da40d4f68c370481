// The picture the mock server returns: a stylised landscape poster chosen by the prompt, so an
// offline "generation" is a real image that is deterministic per prompt and worth looking at.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace edenai::mock::internal {

/// An 8-bit RGB image, row-major, `pixels.size() == width * height * 3`.
struct RgbImage {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> pixels;
};

/// Renders the deterministic landscape for a prompt. `variant` is the index of the image in the
/// response: the same prompt keeps its theme (palette) and each variant gets its own composition.
/// A theme keyword in the prompt (night, sunset, dawn, desert, forest, ...) picks the palette;
/// otherwise the prompt's hash does. The same arguments give the same pixels on every run.
/// @throws std::invalid_argument unless 1 <= width, height <= 4096.
RgbImage render_scene(std::string_view prompt, unsigned variant, int width, int height);

}  // namespace edenai::mock::internal
