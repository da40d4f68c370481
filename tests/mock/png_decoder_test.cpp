// The mock's PNG decoder (what edits read their canvas and mask with) and its base64 decoder.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mock/png_decoder.hpp"
#include "mock/png_encoder.hpp"
#include "mock/scene.hpp"
#include "mock/surface_support.hpp"
#include "mock/text.hpp"

namespace edenai::mock::internal {
namespace {

using edenai::testing::surface::write_png;

TEST(MockPngDecoder, ReadsTheMocksOwnImagesWithEveryFilter) {
  const RgbImage scene = render_scene("a forest at dawn", 0, 61, 37);
  const RgbaImage decoded = decode_png(encode_png(scene));
  ASSERT_EQ(decoded.width, 61);
  ASSERT_EQ(decoded.height, 37);
  EXPECT_FALSE(decoded.has_alpha);
  for (std::size_t i = 0; i < scene.pixels.size() / 3; ++i) {
    for (std::size_t c = 0; c < 3; ++c)
      ASSERT_EQ(decoded.pixels[4 * i + c], scene.pixels[3 * i + c]) << i;
    ASSERT_EQ(decoded.pixels[4 * i + 3], 255);
  }
}

TEST(MockPngDecoder, ReadsRgbaGreyAndGreyAlpha) {
  std::vector<std::uint8_t> rgba, grey, grey_alpha;
  for (int i = 0; i < 7 * 6; ++i) {
    rgba.insert(rgba.end(), {static_cast<std::uint8_t>(i * 5), static_cast<std::uint8_t>(200 - i),
                             static_cast<std::uint8_t>(i * 3), static_cast<std::uint8_t>(i * 6)});
    grey.push_back(static_cast<std::uint8_t>(i * 6));
    grey_alpha.insert(grey_alpha.end(),
                      {static_cast<std::uint8_t>(i), static_cast<std::uint8_t>(255 - i)});
  }
  const RgbaImage a = decode_png(write_png(7, 6, 4, rgba));
  EXPECT_TRUE(a.has_alpha);
  EXPECT_EQ(a.pixels, rgba);
  const RgbaImage g = decode_png(write_png(7, 6, 1, grey));
  EXPECT_FALSE(g.has_alpha);
  EXPECT_EQ(g.pixels[4 * 9 + 0], 54);
  EXPECT_EQ(g.pixels[4 * 9 + 2], 54);
  const RgbaImage ga = decode_png(write_png(7, 6, 2, grey_alpha));
  EXPECT_TRUE(ga.has_alpha);
  EXPECT_EQ(ga.pixels[4 * 9 + 1], 9);
  EXPECT_EQ(ga.pixels[4 * 9 + 3], 246);
}

TEST(MockPngDecoder, RefusesWhatItCannotRead) {
  const std::string good = write_png(4, 4, 3, edenai::testing::surface::gradient(4, 4));
  EXPECT_THROW(decode_png("GIF89a"), PngError);
  EXPECT_THROW(decode_png(good.substr(0, good.size() - 30)), PngError);
  std::string bad_crc = good;
  bad_crc[20] ^= 1;  // the IHDR's width
  EXPECT_THROW(decode_png(bad_crc), PngError);
  std::string interlaced = good;
  interlaced[28] = 1;
  // Its CRC must match for the interlace method to be what is refused.
  const uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(interlaced.data() + 12), 17);
  for (int i = 0; i < 4; ++i)
    interlaced[29 + i] = static_cast<char>((crc >> (24 - 8 * i)) & 0xFF);
  try {
    decode_png(interlaced);
    FAIL() << "expected a PngError";
  } catch (const PngError& e) {
    EXPECT_NE(std::string(e.what()).find("interlaced"), std::string::npos) << e.what();
  }
}

TEST(MockText, Base64RoundTripsAndRefusesGarbage) {
  for (const std::string& text :
       std::vector<std::string>{"", "a", "ab", "abc", "abcd", std::string("\0\xff\x10", 3)}) {
    EXPECT_EQ(decode_base64(encode_base64(text)), text);
  }
  EXPECT_EQ(decode_base64("aGk"), "hi");  // padding optional
  EXPECT_EQ(decode_base64("aG k=\n"), "hi");
  EXPECT_FALSE(decode_base64("a"));
  EXPECT_FALSE(decode_base64("@@@@"));
  EXPECT_FALSE(decode_base64("aGk=aGk="));
  EXPECT_EQ(utf8_length("h\xc3\xa9"), 2u);
  EXPECT_FALSE(utf8_length("\xc3"));
}

}  // namespace
}  // namespace edenai::mock::internal
