// Renders the mock's landscape poster: a sky gradient with clouds and a sun or moon, four ridge
// layers fading into the haze with distance, sometimes a lake that mirrors them, then a vignette
// and film grain. Every random choice is an integer hash of the prompt, the variant or the pixel
// position (never <random> distributions or rand(), whose output differs between standard
// libraries), so the same arguments always give the same pixels.
#include "mock/scene.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <iterator>
#include <stdexcept>
#include <string>
#include <utility>

namespace edenai::mock::internal {
namespace {

using u64 = std::uint64_t;
constexpr u64 kGolden = 0x9E3779B97F4A7C15ull;
constexpr int kLayers = 4;

u64 mix64(u64 x) {  // the splitmix64 finaliser
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// The top 24 bits, as a float in [0, 1).
float unit(u64 h) {
  return static_cast<float>(h >> 40) * (1.0f / 16777216.0f);
}
float clamp01(float v) {
  return std::min(1.0f, std::max(0.0f, v));
}
float centre_of(int pixel) {
  return static_cast<float>(pixel) + 0.5f;
}

struct Rng {
  u64 state;
  float operator()(float lo, float hi) { return lo + (hi - lo) * unit(mix64(state += kGolden)); }
};

float value_noise(float t, u64 seed) {
  const float cell = std::floor(t), f = t - cell;
  const auto k = static_cast<u64>(static_cast<std::int64_t>(cell));
  const float a = unit(mix64(seed + k * kGolden)), b = unit(mix64(seed + (k + 1) * kGolden));
  return a + (b - a) * f * f * (3.0f - 2.0f * f);
}

// Octaves of value noise in [0, 1]. The first `ridged` octaves are folded into sharp crests: big
// peaks for mountains, while the finer octaves stay rounded (folded ones there look like icicles).
float fbm(float t, u64 seed, int octaves, int ridged = 0) {
  float sum = 0.0f, amplitude = 1.0f, total = 0.0f;
  for (int o = 0; o < octaves; ++o, amplitude *= 0.5f, t *= 2.03f) {
    const float v = value_noise(t, seed + static_cast<u64>(o) * kGolden);
    sum += amplitude * (o < ridged ? 1.0f - std::fabs(2.0f * v - 1.0f) : v);
    total += amplitude;
  }
  return sum / total;
}

struct Rgb {
  float r, g, b;
  Rgb operator*(float s) const { return {r * s, g * s, b * s}; }
};
Rgb hex(std::uint32_t c) {
  return {static_cast<float>((c >> 16) & 0xFF), static_cast<float>((c >> 8) & 0xFF),
          static_cast<float>(c & 0xFF)};
}
Rgb mix(Rgb a, Rgb b, float t) {
  return {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t};
}

enum class Terrain { kMountains, kForest, kDunes };

struct Palette {
  std::uint32_t sky_top, sky_mid, sky_horizon, body, glow, cloud;
  std::uint32_t land_far, land_near, haze, water;
  float body_height;  // centre of the sun or moon, fraction of the horizon's depth; 0 = setting
  float body_radius;  // fraction of the image height
  float body_blur;    // width of the disc's soft edge, fraction of its radius
  float glow_strength, cloudiness, mist;
  bool night;  // a moon and stars
  Terrain terrain;
};

enum PaletteId { kDawn, kDay, kSunset, kNight, kMisty, kDesert, kPaletteCount };
constexpr Palette kPalettes[kPaletteCount] = {
    {0x4a5a8c, 0xb493b0, 0xfbcfa4, 0xfff4d6, 0xffd9a8, 0xf4b6a8, 0xbfa5ba, 0x3b3553, 0xf0c7b4,
     0x4d5784, 0.0f, 0.05f, 0.0f, 0.8f, 0.6f, 0.6f, false, Terrain::kMountains},
    {0x2f74c0, 0x72a9dc, 0xd4e9f3, 0xfffdf0, 0xfff8e0, 0xffffff, 0x9dbad0, 0x2e5a3e, 0xd0e4ee,
     0x2f6a8f, 0.3f, 0.04f, 0.0f, 0.5f, 0.8f, 0.6f, false, Terrain::kMountains},
    {0x1f1846, 0xa23f6c, 0xffa552, 0xfff0b8, 0xff8f3f, 0xff8a6a, 0xb65a78, 0x2a1230, 0xf28a6c,
     0x3a1f4a, 0.0f, 0.075f, 0.0f, 1.0f, 0.7f, 0.6f, false, Terrain::kMountains},
    {0x050818, 0x101b45, 0x2e447e, 0xf4f1de, 0x8fa6e0, 0x2a3766, 0x34467a, 0x080c1c, 0x2c3f72,
     0x0c1433, 0.3f, 0.038f, 0.0f, 0.55f, 0.3f, 0.5f, true, Terrain::kMountains},
    {0x7d9592, 0xb8c8c0, 0xe3e8de, 0xfbfaf0, 0xf3f1e2, 0xeef0e8, 0x9fb5ab, 0x1f3b33, 0xdde4da,
     0x56706a, 0.35f, 0.06f, 0.5f, 0.35f, 0.0f, 0.9f, false, Terrain::kForest},
    {0x3d78b8, 0x9cc0d8, 0xf6dfb8, 0xfff6dc, 0xffe7b0, 0xfff4e6, 0xe7b98a, 0xa8582a, 0xf3d2a8,
     0x5b8fb0, 0.33f, 0.05f, 0.0f, 0.6f, 0.25f, 0.4f, false, Terrain::kDunes},
};

// Whole words, so "start" or "sandwich" pick no theme. Earlier themes win: the time of day ("a
// desert at night") matters more to the picture than the place.
constexpr std::pair<PaletteId, std::string_view> kThemes[] = {
    {kNight, " night nighttime midnight moon moonlit moonlight star stars starry "},
    {kSunset, " sunset sunsets dusk evening twilight "},
    {kDawn, " dawn sunrise morning daybreak "},
    {kDesert, " desert deserts dune dunes sand sands sandy "},
    {kMisty, " forest forests woods mist misty fog foggy "},
    {kDay, " day noon sunny afternoon "},
};

int pick_palette(std::string_view prompt, u64 prompt_hash) {
  std::size_t best = std::size(kThemes);
  std::string word = " ";
  for (std::size_t i = 0; i <= prompt.size(); ++i) {
    const char c = i < prompt.size() ? prompt[i] : ' ';
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      word += static_cast<char>(c | 0x20);  // ASCII lower case
      continue;
    }
    word += ' ';
    for (std::size_t t = 0; t < best && word.size() > 2; ++t) {
      if (kThemes[t].second.find(word) != std::string_view::npos) best = t;
    }
    word = " ";
  }
  return best < std::size(kThemes) ? kThemes[best].first
                                   : static_cast<int>(prompt_hash % kPaletteCount);
}

struct Layer {                          // one ridge; the vectors hold a value per column
  std::vector<float> top, tree, shade;  // silhouette, height of a tree on it, light
  Rgb colour;
  float fog, fog_scale, slant;
};

struct CloudBand {  // a streak of stratus; per column
  std::vector<float> centre, inv_thickness, density;
};

class Scene {
 public:
  Scene(const Palette& palette, u64 seed, int width, int height)
      : p_(palette), seed_(seed), w_(width), h_(height) {
    Rng rng{seed};
    const bool lake = p_.terrain != Terrain::kDunes && rng(0.0f, 1.0f) < 0.65f;
    const float horizon = lake ? rng(0.68f, 0.76f) : 1.0f;  // fraction of the height
    water_y_ = lake ? horizon * fh_ : fh_ + 1.0f;
    sun_x_ = fw_ * rng(0.18f, 0.82f);
    for (int i = 0; i < kLayers; ++i)
      add_layer(rng, horizon);
    sun_r_ = std::max(1.0f, p_.body_radius * fh_ * rng(0.9f, 1.1f));
    const float ridge = layers_[0].top[std::min(w_ - 1, static_cast<int>(sun_x_))];
    sun_y_ =
        p_.body_height == 0.0f  // a setting (or rising) sun rests on the far ridge
            ? ridge - sun_r_ * rng(0.1f, 0.6f)
            : std::max(1.6f * sun_r_, std::min(horizon * fh_ * p_.body_height * rng(0.8f, 1.2f),
                                               ridge - 1.5f * sun_r_));
    const float sky_depth = std::min(water_y_, fh_) * 0.98f;
    for (int y = 0; y < h_; ++y) {
      const float t = clamp01(centre_of(y) / sky_depth);
      const float s = t < 0.55f ? t / 0.55f : (t - 0.55f) / 0.45f, smooth = s * s * (3 - 2 * s);
      sky_rows_.push_back(t < 0.55f ? mix(hex(p_.sky_top), hex(p_.sky_mid), smooth)
                                    : mix(hex(p_.sky_mid), hex(p_.sky_horizon), smooth));
    }
    const int bands = p_.cloudiness > 0.0f ? 2 + static_cast<int>(rng(0.0f, 3.0f)) : 0;
    for (int b = 0; b < bands; ++b)
      add_clouds(rng, sky_depth, mix64(seed + 7 + b));
  }

  void render(std::uint8_t* out) const {
    const u64 grain_seed = mix64(seed_ + 99);
    for (int y = 0; y < h_; ++y) {
      const float fy = centre_of(y), vy = 2.0f * fy / fh_ - 1.0f;
      for (int x = 0; x < w_; ++x) {
        const float fx = centre_of(x), vx = 2.0f * fx / fw_ - 1.0f;
        const Rgb c = (fy < water_y_ ? land_or_sky(x, fx, fy) : water(fx, fy)) *
                      (1.0f - 0.08f * (vx * vx + vy * vy));  // vignette
        // ±3 of grain per channel, added before rounding so it also dithers the gradients
        const u64 g = mix64(grain_seed ^ (static_cast<u64>(y) << 32 | static_cast<u64>(x)));
        const float channels[3] = {c.r, c.g, c.b};
        for (int k = 0; k < 3; ++k) {
          const float noise = static_cast<float>((g >> (8 * k)) & 0xFF) * (6.0f / 255.0f) - 3.0f;
          *out++ = static_cast<std::uint8_t>(std::clamp(channels[k] + noise + 0.5f, 0.0f, 255.0f));
        }
      }
    }
  }

 private:
  void add_layer(Rng& rng, float horizon) {
    const int i = static_cast<int>(layers_.size());
    const float depth = static_cast<float>(i) / (kLayers - 1);  // 0 = farthest
    const bool dunes = p_.terrain == Terrain::kDunes;
    const bool ridged = p_.terrain == Terrain::kMountains && i < 2;
    const float base = horizon * fh_ * (0.62f + 0.35f * depth + rng(-0.02f, 0.02f));
    const float amplitude =
        horizon * fh_ * (dunes ? 0.45f : 1.0f) * (0.3f - 0.19f * depth) * rng(0.8f, 1.2f);
    const float freq = (dunes ? 2.0f : 1.0f) * (4.2f - 2.8f * depth) * rng(0.85f, 1.15f);
    const float offset = rng(0.0f, 100.0f), phase = rng(0.0f, 6.28f);
    const u64 seed = mix64(seed_ + 101 + static_cast<u64>(i));
    Layer layer{};
    for (int x = 0; x < w_; ++x) {
      const float u = centre_of(x) / fh_ * freq + offset;
      float profile = 0.0f;  // 0 to 1, how far the ridge rises above its base
      if (dunes) {           // sharp, leaning crests: a folded sine with a warped phase
        const float warped = u + 0.45f * std::sin(u) + 0.4f * std::sin(0.53f * u + phase);
        profile = 0.75f * (1.0f - std::fabs(std::sin(warped))) + 0.25f * fbm(u, seed, 3);
      } else {
        const float noise = fbm(u, seed, ridged ? 6 : 3, ridged ? 2 : 0);
        profile = 0.75f * (ridged ? noise : clamp01((noise - 0.2f) / 0.6f)) +
                  0.25f * (0.5f + 0.5f * std::sin(0.6f * u + phase));
      }
      layer.top.push_back(base - amplitude * profile);
    }
    // Light from the slope of the crest, smoothed so fine jags do not streak the whole column,
    // and read along a slant below it so lit and shaded faces meet in diagonal ridge lines.
    const float strength = p_.night ? 0.05f : (dunes ? 0.2f : 0.09f);
    const int reach = std::max(1, h_ / 40);
    for (int x = 0; x < w_; ++x) {
      const float rise = layer.top[std::max(x - reach, 0)] - layer.top[std::min(x + reach, w_ - 1)];
      const float toward_sun = centre_of(x) < sun_x_ ? 1.0f : -1.0f;
      const float lit = clamp01(0.5f - rise * toward_sun * 0.75f / static_cast<float>(reach));
      layer.shade.push_back(1.0f + strength * (2.0f * lit - 1.0f));
    }
    layer.slant =
        (rng(0.0f, 1.0f) < 0.5f ? -1.0f : 1.0f) * (dunes ? rng(0.8f, 1.6f) : rng(0.3f, 0.8f));
    layer.tree.assign(layer.top.size(), 0.0f);
    const bool forest = p_.terrain == Terrain::kForest && i >= 2;
    if (forest || (p_.terrain == Terrain::kMountains && i == kLayers - 1)) {
      add_trees(layer, seed, fh_ * (0.012f + 0.01f * depth), forest);
    }
    layer.colour = mix(hex(p_.land_near), hex(p_.land_far), 1.0f - depth);
    layer.fog = p_.mist * (0.9f - 0.35f * depth);
    layer.fog_scale = 1.0f / std::max(1.0f, amplitude * 1.2f);
    layers_.push_back(std::move(layer));
  }

  // Conifer silhouettes: a forest is dense, elsewhere they stand in scattered groves.
  void add_trees(Layer& layer, u64 seed, float spacing, bool dense) const {
    for (int x = 0; x < w_; ++x) {
      const float fx = centre_of(x);
      const auto cell = static_cast<std::int64_t>(fx / spacing);
      for (std::int64_t c = cell - 2; c <= cell + 2; ++c) {
        const u64 r = mix64(seed ^ static_cast<u64>(c) * kGolden);
        const float grove = dense ? 0.85f : value_noise(static_cast<float>(c) * 0.13f, r & 7);
        if (unit(r) > grove) continue;
        const float centre = (static_cast<float>(c) + unit(mix64(r))) * spacing;
        const float height = spacing * (1.0f + 1.4f * unit(mix64(r + 1)));
        layer.tree[x] = std::max(layer.tree[x], height - std::fabs(fx - centre) * 5.0f);
      }
      layer.top[x] -= layer.tree[x];
    }
  }

  void add_clouds(Rng& rng, float sky_depth, u64 seed) {
    const float centre = sky_depth * rng(0.08f, 0.5f), thickness = fh_ * rng(0.012f, 0.035f);
    const float freq = rng(1.5f, 4.0f), offset = rng(0.0f, 100.0f);
    CloudBand band;
    for (int x = 0; x < w_; ++x) {
      const float u = centre_of(x) / fh_ + offset;
      band.centre.push_back(centre + fh_ * 0.04f * (fbm(u * 2.0f, seed, 2) - 0.5f));
      band.inv_thickness.push_back(1.0f / (thickness * (0.4f + fbm(u * 3.0f, seed + 1, 3))));
      band.density.push_back(p_.cloudiness * clamp01((fbm(u * freq, seed + 2, 4) - 0.45f) * 2.5f));
    }
    clouds_.push_back(std::move(band));
  }

  Rgb sky(int col, float x, float y) const {
    const int row = std::clamp(static_cast<int>(y), 0, h_ - 1);
    Rgb c = sky_rows_[row];
    const u64 star = mix64(seed_ ^ (static_cast<u64>(row) << 32 | static_cast<u64>(col)));
    const float fade = 1.0f - y / water_y_;
    if (p_.night && unit(star) < 0.003f * fade * fade) {
      const float b = unit(mix64(star));
      c = mix(c, Rgb{255.0f, 250.0f, 235.0f}, (0.3f + 0.7f * b * b) * fade);
    }
    const float dx = x - sun_x_, dy = y - sun_y_, d2 = (dx * dx + dy * dy) / (fh_ * fh_);
    const float g = p_.glow_strength * (0.3f / (1.0f + 12.0f * d2) + 0.6f / (1.0f + 300.0f * d2));
    c = mix(c, hex(p_.glow), std::min(g, 1.0f));
    const float edge = std::max(1.0f, sun_r_ * p_.body_blur);  // a sun seen through fog is soft
    const float disc = clamp01((sun_r_ + 0.5f - std::sqrt(d2) * fh_) / edge);
    if (disc > 0.0f) {  // the moon gets faint maria, so it is not a flat disc
      const float maria = std::sin(dx / sun_r_ * 2.7f + 1.1f) * std::sin(dy / sun_r_ * 2.1f);
      c = mix(c, hex(p_.body) * (p_.night ? 0.93f + 0.07f * maria : 1.0f), disc);
    }
    for (const CloudBand& band : clouds_) {
      const float t = (y - band.centre[col]) * band.inv_thickness[col];
      if (std::fabs(t) >= 1.0f || band.density[col] <= 0.0f) continue;
      const Rgb lit = mix(hex(p_.cloud), hex(p_.glow), 0.8f / (1.0f + 8.0f * d2));
      c = mix(c, lit, (1.0f - t * t) * (1.0f - t * t) * band.density[col]);
    }
    return c;
  }

  Rgb land_or_sky(int col, float x, float y) const {
    int first = kLayers;  // the nearest layer covering the whole pixel hides everything behind it
    while (first > 0 && layers_[first - 1].top[col] > y - 0.5f)
      --first;
    Rgb c = first > 0 ? Rgb{} : sky(col, x, y);
    for (int i = std::max(first - 1, 0); i < kLayers; ++i) {
      const Layer& layer = layers_[i];
      const float top = layer.top[col], cover = clamp01(y + 0.5f - top);
      if (cover <= 0.0f) continue;
      // the mist rises from the ground, so it is measured from the ridge, not from a tree's tip
      const float fog = layer.fog * clamp01((y - top - layer.tree[col]) * layer.fog_scale);
      const int lit = std::clamp(col + static_cast<int>(layer.slant * (y - top)), 0, w_ - 1);
      c = mix(c, mix(layer.colour * layer.shade[lit], hex(p_.haze), fog), cover);
    }
    return c;
  }

  Rgb water(float x, float y) const {
    const float d = y - water_y_, depth = clamp01(d / (fh_ - water_y_));
    const float dn = d / fh_;  // ripples spread out toward the viewer, as on a receding plane
    const float wave = std::sin(6.0f / (dn + 0.015f) + 0.5f * std::sin(17.0f / (dn + 0.02f)));
    const float sx = std::clamp(x + fh_ * (0.001f + 0.02f * dn) * wave, 0.0f, fw_ - 0.01f);
    Rgb c = mix(land_or_sky(static_cast<int>(sx), sx, water_y_ - d), hex(p_.water),
                0.15f + 0.55f * depth);
    // Glints: broken streaks on the ripple crests, brightest in a path below the sun.
    const float line = clamp01((std::sin(40.0f / (dn + 0.03f)) - 0.8f) * 5.0f);
    if (line > 0.0f) {
      const float streak = value_noise(x / (fh_ * (0.01f + 0.25f * dn)) + d * 7.13f, seed_ + 3);
      const float along = (x - sun_x_) / (fh_ * 0.12f);
      const float strength = line * clamp01((streak - 0.5f) * 4.0f) * std::min(1.0f, dn * 30);
      c = mix(c, hex(p_.glow), strength * (0.25f + 0.5f / (1.0f + along * along)));
    }
    return c;
  }

  const Palette& p_;
  u64 seed_;
  int w_, h_;
  float fw_ = static_cast<float>(w_), fh_ = static_cast<float>(h_);
  float water_y_ = 0, sun_x_ = 0, sun_y_ = 0, sun_r_ = 0;
  std::vector<Layer> layers_;  // farthest first
  std::vector<Rgb> sky_rows_;
  std::vector<CloudBand> clouds_;
};

}  // namespace

RgbImage render_scene(std::string_view prompt, unsigned variant, int width, int height) {
  if (width < 1 || width > 4096 || height < 1 || height > 4096) {
    throw std::invalid_argument("render_scene: width and height must be 1 to 4096, got " +
                                std::to_string(width) + "x" + std::to_string(height));
  }
  u64 prompt_hash = 0xCBF29CE484222325ull;  // FNV-1a
  for (const char c : prompt) {
    prompt_hash = (prompt_hash ^ static_cast<unsigned char>(c)) * 0x100000001B3ull;
  }
  Scene scene(kPalettes[pick_palette(prompt, prompt_hash)],
              mix64(prompt_hash ^ mix64(variant + 1ull)), width, height);
  RgbImage image{width, height, {}};
  image.pixels.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3);
  scene.render(image.pixels.data());
  return image;
}

}  // namespace edenai::mock::internal
