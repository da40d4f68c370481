// The mock's images: the PNG encoder read back by an independent strict reader, and the landscape
// renderer's promises (deterministic, varied, themed by the prompt, never a flat colour).
#include <gtest/gtest.h>

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "mock/png_encoder.hpp"
#include "mock/scene.hpp"
#include "support/png_reader.hpp"

namespace edenai::mock::internal {
namespace {

using edenai::testing::read_png;

// Image from a formula, so the encoder meets flat areas, gradients and noise alike.
RgbImage synthetic(int width, int height) {
  RgbImage image{width, height, {}};
  std::uint32_t state = 12345;
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      state = state * 1664525u + 1013904223u;
      const bool noisy = (x / 8 + y / 8) % 3 == 0, flat = (x / 8 + y / 8) % 3 == 1;
      image.pixels.push_back(static_cast<std::uint8_t>(noisy ? state >> 24 : flat ? 200 : x * 5));
      image.pixels.push_back(static_cast<std::uint8_t>(noisy ? state >> 16 : flat ? 40 : y * 3));
      image.pixels.push_back(static_cast<std::uint8_t>(noisy ? state >> 8 : flat ? 90 : x + y));
    }
  }
  return image;
}

double luma(const std::uint8_t* p) {
  return 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2];
}

double mean_luma(const RgbImage& image, int first_row, int last_row) {
  double sum = 0;
  for (int y = first_row; y < last_row; ++y) {
    for (int x = 0; x < image.width; ++x) {
      sum += luma(&image.pixels[(static_cast<std::size_t>(y) * image.width + x) * 3]);
    }
  }
  return sum / (static_cast<double>(last_row - first_row) * image.width);
}

std::vector<std::string> chunk_types(const std::string& png) {
  std::vector<std::string> types;
  for (std::size_t pos = 8; pos + 8 <= png.size();) {
    const auto* p = reinterpret_cast<const unsigned char*>(png.data() + pos);
    const std::size_t length = std::size_t{p[0]} << 24 | p[1] << 16 | p[2] << 8 | p[3];
    types.push_back(png.substr(pos + 4, 4));
    pos += 12 + length;
  }
  return types;
}

TEST(PngEncoder, RoundTripsScenesOfSeveralSizes) {
  for (const auto& [width, height] : {std::pair{1, 1}, {3, 7}, {7, 3}, {640, 480}}) {
    const RgbImage image = render_scene("round trip", 0, width, height);
    const auto decoded = read_png(encode_png(image));
    EXPECT_EQ(decoded.width, width);
    EXPECT_EQ(decoded.height, height);
    EXPECT_EQ(decoded.pixels, image.pixels) << width << "x" << height;
  }
}

TEST(PngEncoder, RoundTripsNoiseFlatAreasAndGradientsAtEveryLevel) {
  const RgbImage image = synthetic(97, 61);
  for (int level = 0; level <= 9; ++level) {
    EXPECT_EQ(read_png(encode_png(image, level)).pixels, image.pixels) << "level " << level;
  }
}

TEST(PngEncoder, WritesSignatureHeaderDataChunksAndEnd) {
  const std::string png = encode_png(render_scene("layout", 0, 640, 480));
  ASSERT_EQ(png.compare(0, 8, "\x89PNG\r\n\x1a\n"), 0);
  const auto types = chunk_types(png);
  ASSERT_GE(types.size(), 4u);
  EXPECT_EQ(types.front(), "IHDR");
  EXPECT_EQ(types.back(), "IEND");
  // a grainy 640x480 image does not fit one 64 KiB IDAT: the split must stay readable
  EXPECT_TRUE(std::all_of(types.begin() + 1, types.end() - 1, [](auto& t) { return t == "IDAT"; }));
  // IHDR: 640x480, bit depth 8, colour type 2, then compression, filter and interlace all 0
  EXPECT_EQ(png.substr(16, 13), std::string("\0\0\x02\x80\0\0\x01\xe0\x08\x02\0\0\0", 13));
}

TEST(PngEncoder, FiltersRowsSoSmoothImagesCompressWell) {
  RgbImage ramp{256, 256, {}};  // grey, rising to the right and down
  for (int y = 0; y < 256; ++y) {
    for (int x = 0; x < 256; ++x)
      ramp.pixels.insert(ramp.pixels.end(), 3, (x + 2 * y) & 0xFF);
  }
  // Sub or Up turns each row into one repeated byte; unfiltered, the bytes change every pixel and
  // the run-length matches the encoder asks zlib for find nothing (the file outgrows the pixels).
  EXPECT_LT(encode_png(ramp).size(), ramp.pixels.size() / 50);
}

TEST(PngEncoder, RejectsMalformedImagesAndLevels) {
  EXPECT_THROW(encode_png(RgbImage{}), std::invalid_argument);
  EXPECT_THROW(encode_png(RgbImage{2, 2, std::vector<std::uint8_t>(11)}), std::invalid_argument);
  const RgbImage pixel{1, 1, {1, 2, 3}};
  EXPECT_THROW(encode_png(pixel, -1), std::invalid_argument);
  EXPECT_THROW(encode_png(pixel, 10), std::invalid_argument);
}

// The reader is what the other tests trust, so it must notice damage.
TEST(PngReader, RejectsDamagedFiles) {
  const std::string png = encode_png(render_scene("damage", 0, 32, 32));
  ASSERT_NO_THROW(read_png(png));
  std::string bad_crc = png;
  bad_crc[45] = static_cast<char>(bad_crc[45] ^ 1);  // in the first IDAT's data
  EXPECT_THROW(read_png(bad_crc), std::runtime_error);
  EXPECT_THROW(read_png(png.substr(0, png.size() - 1)), std::runtime_error);
  EXPECT_THROW(read_png(png.substr(0, png.size() - 12)), std::runtime_error);  // no IEND
  EXPECT_THROW(read_png(png + "x"), std::runtime_error);
  EXPECT_THROW(read_png("GIF89a"), std::runtime_error);
  std::string grey = png;  // colour type 0, with a valid CRC: still not what the mock sends
  grey[25] = 0;
  const uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(grey.data() + 12), 17);
  for (int i = 0; i < 4; ++i)
    grey[29 + i] = static_cast<char>(crc >> (24 - 8 * i));
  EXPECT_THROW(read_png(grey), std::runtime_error);
}

// A 2x5 image whose rows use filters 0 to 4 in turn, filtered here by hand.
TEST(PngReader, UndoesAllFiveFilterTypes) {
  const std::uint8_t pixels[5][6] = {{10, 20, 30, 200, 100, 50},
                                     {12, 25, 33, 250, 90, 40},
                                     {0, 255, 7, 1, 2, 3},
                                     {128, 64, 32, 16, 8, 4},
                                     {99, 98, 97, 3, 200, 255}};
  std::string raw;
  for (int y = 0; y < 5; ++y) {
    raw.push_back(static_cast<char>(y));
    for (int i = 0; i < 6; ++i) {
      const int a = i >= 3 ? pixels[y][i - 3] : 0, b = y > 0 ? pixels[y - 1][i] : 0;
      const int c = i >= 3 && y > 0 ? pixels[y - 1][i - 3] : 0, p = a + b - c;
      const int pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
      const int predictors[5] = {0, a, b, (a + b) / 2, pa <= pb && pa <= pc ? a : pb <= pc ? b : c};
      raw.push_back(static_cast<char>(pixels[y][i] - predictors[y]));
    }
  }
  std::string idat(compressBound(raw.size()), '\0');
  uLongf size = idat.size();
  ASSERT_EQ(compress(reinterpret_cast<Bytef*>(idat.data()), &size,
                     reinterpret_cast<const Bytef*>(raw.data()), raw.size()),
            Z_OK);
  idat.resize(size);
  std::string png("\x89PNG\r\n\x1a\n", 8);
  const auto chunk = [&png](const std::string& type, const std::string& data) {
    const std::string body = type + data;
    const uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(body.data()), body.size());
    const auto be = [](std::uint32_t v) {
      return std::string{static_cast<char>(v >> 24), static_cast<char>(v >> 16),
                         static_cast<char>(v >> 8), static_cast<char>(v)};
    };
    png += be(static_cast<std::uint32_t>(data.size())) + body + be(static_cast<std::uint32_t>(crc));
  };
  chunk("IHDR", std::string("\0\0\0\x02\0\0\0\x05\x08\x02\0\0\0", 13));
  chunk("IDAT", idat);
  chunk("IEND", "");
  const auto decoded = read_png(png);
  ASSERT_EQ(decoded.pixels.size(), 30u);
  EXPECT_TRUE(std::equal(decoded.pixels.begin(), decoded.pixels.end(), &pixels[0][0]));
}

TEST(Scene, IsDeterministic) {
  const auto first = render_scene("a lighthouse at dawn", 3, 320, 200);
  const auto second = render_scene("a lighthouse at dawn", 3, 320, 200);
  EXPECT_EQ(first.pixels, second.pixels);
  EXPECT_EQ(encode_png(first), encode_png(second));
}

TEST(Scene, DifferentPromptsGiveDifferentImages) {
  EXPECT_NE(encode_png(render_scene("a red fox", 0, 128, 128)),
            encode_png(render_scene("a red fax", 0, 128, 128)));
}

TEST(Scene, VariantsChangeTheComposition) {
  const auto first = render_scene("mountain lake", 0, 256, 256);
  const auto second = render_scene("mountain lake", 1, 256, 256);
  // grain alone differs by about 2.3 a byte on average; whole regions (ridges, sun, water) moved
  long total = 0;
  for (std::size_t i = 0; i < first.pixels.size(); ++i) {
    total += std::abs(first.pixels[i] - second.pixels[i]);
  }
  EXPECT_GT(static_cast<double>(total) / static_cast<double>(first.pixels.size()), 5.0);
}

TEST(Scene, IsALandscapeNotAFlatColour) {
  for (const char* prompt : {"a cat", "a misty forest", "desert dunes", "night sky", "a sunset"}) {
    const auto image = render_scene(prompt, 0, 256, 256);
    std::set<int> coarse;  // colours at 16 levels a channel, so the grain alone cannot count
    for (std::size_t i = 0; i < image.pixels.size(); i += 3) {
      coarse.insert(image.pixels[i] >> 4 << 8 | image.pixels[i + 1] >> 4 << 4 |
                    image.pixels[i + 2] >> 4);
    }
    EXPECT_GE(coarse.size(), 40u) << prompt;
    // sky and ground differ from top to bottom...
    std::vector<double> bands;
    for (int y = 0; y < 256; y += 32)
      bands.push_back(mean_luma(image, y, y + 32));
    const auto [darkest, brightest] = std::minmax_element(bands.begin(), bands.end());
    EXPECT_GT(*brightest - *darkest, 25.0) << prompt;
    // ...and some row crosses a ridge line or the sun, which a vertical gradient (even with the
    // vignette, at most 8% darker at the sides) never does
    double widest = 0;
    for (int y = 0; y < 256; ++y) {
      double lo = 255, hi = 0;
      for (int x = 0; x < 256; x += 4) {
        const double l = luma(&image.pixels[(static_cast<std::size_t>(y) * 256 + x) * 3]);
        lo = std::min(lo, l);
        hi = std::max(hi, l);
      }
      widest = std::max(widest, hi - lo);
    }
    EXPECT_GT(widest, 40.0) << prompt;
  }
}

TEST(Scene, HonoursTheRequestedSize) {
  for (const auto& [width, height] :
       {std::pair{300, 200}, {200, 300}, {1, 64}, {64, 1}, {4096, 1}}) {
    const auto image = render_scene("a tall ship", 2, width, height);
    EXPECT_EQ(image.width, width);
    EXPECT_EQ(image.height, height);
    EXPECT_EQ(image.pixels.size(), static_cast<std::size_t>(width) * height * 3);
  }
}

TEST(Scene, RejectsSizesOutsideOneTo4096) {
  for (const auto& [width, height] :
       {std::pair{0, 10}, {10, 0}, {-1, 10}, {4097, 10}, {10, 4097}}) {
    EXPECT_THROW(render_scene("x", 0, width, height), std::invalid_argument)
        << width << "x" << height;
  }
}

TEST(Scene, ThemeKeywordsPickThePalette) {
  const auto upper_luma = [](const char* prompt, unsigned variant) {
    const auto image = render_scene(prompt, variant, 128, 128);
    return mean_luma(image, 0, 64);
  };
  for (unsigned variant = 0; variant < 3; ++variant) {
    for (const char* night : {"a city at night", "MOONLIT harbour", "a desert under the stars"}) {
      EXPECT_LT(upper_luma(night, variant), 60.0) << night;
    }
    for (const char* desert : {"desert dunes", "Sand castles", "a camel in the desert"}) {
      EXPECT_GT(upper_luma(desert, variant), 110.0) << desert;
    }
  }
}

TEST(Scene, GrainGivesRealisticFileSizes) {
  // a gpt-image PNG at 1024x1024 is about 1.5 to 3 MB; a flat picture would be a few kilobytes
  const std::size_t size = encode_png(render_scene("a lighthouse", 0, 1024, 1024)).size();
  EXPECT_GT(size, 1'000'000u);
  EXPECT_LT(size, 3'000'000u);
}

}  // namespace
}  // namespace edenai::mock::internal
