// Base64 decoding: RFC 4648 vectors, round trips at every length, and rejection of bad input.
#include <gtest/gtest.h>

#include <random>

#include "base64.hpp"

namespace edenai::internal {
namespace {

std::vector<std::uint8_t> bytes_of(std::string_view text) {
  return std::vector<std::uint8_t>(text.begin(), text.end());
}

TEST(Base64, DecodesRfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                         {"Zg==", "f"},
                                                         {"Zm8=", "fo"},
                                                         {"Zm9v", "foo"},
                                                         {"Zm9vYg==", "foob"},
                                                         {"Zm9vYmE=", "fooba"},
                                                         {"Zm9vYmFy", "foobar"}};
  for (const auto& [encoded, plain] : vectors) {
    const auto decoded = decode_base64(encoded);
    ASSERT_TRUE(decoded) << encoded;
    EXPECT_EQ(*decoded, bytes_of(plain)) << encoded;
    EXPECT_EQ(encode_base64(bytes_of(plain).data(), std::string_view(plain).size()), encoded);
  }
}

TEST(Base64, AcceptsMissingPadding) {
  EXPECT_EQ(decode_base64("Zg"), bytes_of("f"));
  EXPECT_EQ(decode_base64("Zm8"), bytes_of("fo"));
}

TEST(Base64, RoundTripsEveryLengthAndByte) {
  std::mt19937 engine(42);
  for (std::size_t length = 0; length < 300; ++length) {
    std::vector<std::uint8_t> data(length);
    for (auto& b : data)
      b = static_cast<std::uint8_t>(engine());
    const std::string encoded = encode_base64(data.data(), data.size());
    const auto decoded = decode_base64(encoded);
    ASSERT_TRUE(decoded) << length;
    EXPECT_EQ(*decoded, data) << length;
  }
}

TEST(Base64, RejectsInvalidInput) {
  for (const char* bad : {"Z", "Zm9vY", "Zg=", "Z===", "Zm9v=", "Zm 9v", "Zm9v\n", "Zm-_",
                          "Zg==Zg==", "=Zm9", "Zm9v!A==", "Zm\xc3\xa9v"}) {
    EXPECT_FALSE(decode_base64(bad)) << bad;
  }
}

TEST(Base64, RejectsAnInvalidCharacterAnywhereInALongInput) {
  std::vector<std::uint8_t> data(3000, 0xAB);
  const std::string good = encode_base64(data.data(), data.size());
  for (std::size_t pos :
       {std::size_t{0}, std::size_t{1}, good.size() / 2, good.size() - 5, good.size() - 1}) {
    std::string bad = good;
    bad[pos] = '*';
    EXPECT_FALSE(decode_base64(bad)) << pos;
  }
}

}  // namespace
}  // namespace edenai::internal
