#include "mock/edit_render.hpp"

#include <algorithm>
#include <array>
#include <cstddef>

namespace edenai::mock::internal {
namespace {

// The multiplier per channel that moves a colour toward the palette's average: the scene's mean
// colour relative to its mean brightness, exaggerated so that the tint is plain to see.
std::array<float, 3> tint_of(std::string_view prompt, unsigned variant) {
  const RgbImage sample = render_scene(prompt, variant, 32, 32);
  std::array<double, 3> sum{};
  for (std::size_t i = 0; i < sample.pixels.size(); ++i)
    sum[i % 3] += sample.pixels[i];
  const double mean = std::max(1.0, (sum[0] + sum[1] + sum[2]) / 3.0);
  std::array<float, 3> tint{};
  for (std::size_t c = 0; c < 3; ++c)
    tint[c] = static_cast<float>(std::max(0.0, 1.0 + 1.5 * (sum[c] / mean - 1.0)));
  return tint;
}

}  // namespace

RgbaImage opaque(const RgbImage& image) {
  RgbaImage out{image.width, image.height, {}, false};
  out.pixels.reserve(image.pixels.size() / 3 * 4);
  for (std::size_t i = 0; i < image.pixels.size(); i += 3) {
    out.pixels.insert(out.pixels.end(), {image.pixels[i], image.pixels[i + 1], image.pixels[i + 2],
                                         static_cast<std::uint8_t>(255)});
  }
  return out;
}

RgbImage render_edit(const RgbaImage& canvas, const RgbaImage* mask, std::string_view prompt,
                     unsigned variant, int width, int height) {
  const bool needs_scene = mask != nullptr || canvas.has_alpha;
  const RgbImage scene = needs_scene ? render_scene(prompt, variant, width, height) : RgbImage{};
  const std::array<float, 3> tint = tint_of(prompt, variant);
  // Each variant of a response is tinted a little more strongly than the one before.
  const float strength = 0.6f + 0.08f * static_cast<float>(variant % 5);
  RgbImage out{width, height, {}};
  out.pixels.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3);
  for (int y = 0; y < height; ++y) {
    const auto sy = static_cast<std::size_t>(static_cast<long long>(y) * canvas.height / height);
    for (int x = 0; x < width; ++x) {
      const auto sx = static_cast<std::size_t>(static_cast<long long>(x) * canvas.width / width);
      const std::size_t from = (sy * static_cast<std::size_t>(canvas.width) + sx) * 4;
      const std::size_t to =
          (static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + x) * 3;
      const float alpha = static_cast<float>(canvas.pixels[from + 3]) / 255.0f;
      const float keep =
          mask != nullptr ? static_cast<float>(mask->pixels[from + 3]) / 255.0f : 1.0f;
      for (std::size_t c = 0; c < 3; ++c) {
        const float painted = needs_scene ? static_cast<float>(scene.pixels[to + c]) : 0.0f;
        float value =
            static_cast<float>(canvas.pixels[from + c]) * alpha + painted * (1.0f - alpha);
        if (mask != nullptr) {
          value = value * keep + painted * (1.0f - keep);
        } else {
          value += (std::min(255.0f, value * tint[c]) - value) * strength;
        }
        out.pixels[to + c] = static_cast<std::uint8_t>(std::clamp(value + 0.5f, 0.0f, 255.0f));
      }
    }
  }
  return out;
}

}  // namespace edenai::mock::internal
