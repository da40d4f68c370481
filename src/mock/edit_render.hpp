// The pixels of an edit: the canvas, re-tinted in the prompt's palette or, under a mask,
// repainted with the prompt's scene where the mask is transparent.
#pragma once

#include <string_view>

#include "mock/png_decoder.hpp"
#include "mock/scene.hpp"

namespace edenai::mock::internal {

/// Image `variant` of an edit, `width` x `height` (the canvas is resampled to it):
/// - with a mask (the canvas's size), each pixel is the canvas where the mask is opaque and the
///   prompt's scene (`render_scene`) where it is transparent, blended by the mask's alpha;
/// - without one, the whole canvas is re-tinted toward the prompt's palette (its transparent
///   pixels show the scene).
/// Deterministic: the same inputs give the same pixels.
RgbImage render_edit(const RgbaImage& canvas, const RgbaImage* mask, std::string_view prompt,
                     unsigned variant, int width, int height);

/// `image` as RGBA, opaque.
RgbaImage opaque(const RgbImage& image);

}  // namespace edenai::mock::internal
