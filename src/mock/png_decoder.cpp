// The PNG reader behind the mock's edits. It handles what clients send as a canvas or a mask
// (what the mock and image editors write); interlacing and bit depths below 8 are refused.
#include "mock/png_decoder.hpp"

#include <zlib.h>

#include <array>
#include <cstring>
#include <memory>
#include <string>

namespace edenai::mock::internal {
namespace {

constexpr std::uint32_t kMaxSide = 4096;

[[noreturn]] void fail(const std::string& what) {
  throw PngError(what);
}

std::uint32_t be32(const unsigned char* p) {
  return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
}

int paeth(int a, int b, int c) {
  const int pa = std::abs(b - c), pb = std::abs(a - c), pc = std::abs(a + b - 2 * c);
  return pa <= pb && pa <= pc ? a : (pb <= pc ? b : c);
}

std::size_t channels_of(int colour_type) {
  switch (colour_type) {
    case 0:
      return 1;
    case 2:
      return 3;
    case 3:
      return 1;
    case 4:
      return 2;
    case 6:
      return 4;
    default:
      fail("unknown PNG colour type " + std::to_string(colour_type));
  }
}

std::vector<std::uint8_t> inflate_all(const std::string& data, std::size_t expected) {
  std::vector<std::uint8_t> raw(expected + 1);  // a spare byte shows a stream that is too long
  z_stream z{};
  if (inflateInit(&z) != Z_OK) fail("zlib could not start");
  const std::unique_ptr<z_stream, int (*)(z_stream*)> end(&z, inflateEnd);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = raw.data();
  z.avail_out = static_cast<uInt>(raw.size());
  const int status = inflate(&z, Z_FINISH);
  if (status != Z_STREAM_END || z.total_out != expected) {
    fail("the PNG's image data is corrupt or does not match its size");
  }
  raw.resize(expected);
  return raw;
}

// Undoes the row filters in place; returns the unfiltered rows without their filter bytes.
std::vector<std::uint8_t> unfilter(const std::vector<std::uint8_t>& raw, std::size_t height,
                                   std::size_t stride, std::size_t bpp) {
  std::vector<std::uint8_t> out(height * stride);
  for (std::size_t y = 0; y < height; ++y) {
    const std::uint8_t filter = raw[y * (stride + 1)];
    const std::uint8_t* in = raw.data() + y * (stride + 1) + 1;
    std::uint8_t* row = out.data() + y * stride;
    const std::uint8_t* up = y > 0 ? row - stride : nullptr;
    if (filter > 4) fail("row " + std::to_string(y) + " has an unknown filter type");
    for (std::size_t i = 0; i < stride; ++i) {
      const int a = i >= bpp ? row[i - bpp] : 0;
      const int b = up != nullptr ? up[i] : 0;
      const int c = i >= bpp && up != nullptr ? up[i - bpp] : 0;
      const int predictor = filter == 0   ? 0
                            : filter == 1 ? a
                            : filter == 2 ? b
                            : filter == 3 ? (a + b) / 2
                                          : paeth(a, b, c);
      row[i] = static_cast<std::uint8_t>(in[i] + predictor);
    }
  }
  return out;
}

}  // namespace

RgbaImage decode_png(std::string_view file) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(file.data());
  if (file.size() < 8 || std::memcmp(bytes, "\x89PNG\r\n\x1a\n", 8) != 0) {
    fail("not a PNG file");
  }
  std::uint32_t width = 0, height = 0;
  int depth = 0, colour = -1;
  std::string idat;
  std::vector<std::array<std::uint8_t, 4>> palette;
  std::string transparency;
  bool ended = false;
  for (std::size_t pos = 8; pos < file.size() && !ended;) {
    if (file.size() - pos < 12) fail("the PNG is truncated");
    const std::uint32_t length = be32(bytes + pos);
    if (length > 0x7FFFFFFFu || file.size() - pos - 12 < length) fail("the PNG is truncated");
    const std::string type(file.substr(pos + 4, 4));
    const unsigned char* data = bytes + pos + 8;
    if (crc32(0L, bytes + pos + 4, static_cast<uInt>(length + 4)) != be32(data + length)) {
      fail("CRC mismatch in the PNG's " + type + " chunk");
    }
    if (pos == 8 && type != "IHDR") fail("the PNG does not start with IHDR");
    if (type == "IHDR") {
      if (length != 13) fail("bad IHDR chunk");
      width = be32(data), height = be32(data + 4), depth = data[8], colour = data[9];
      if (width == 0 || height == 0 || width > kMaxSide || height > kMaxSide) {
        fail("PNG size " + std::to_string(width) + "x" + std::to_string(height) +
             " (the mock decodes 1 to 4096 pixels a side)");
      }
      channels_of(colour);
      if (!(depth == 8 || (depth == 16 && colour != 3))) {
        fail("PNG bit depth " + std::to_string(depth) + " (the mock decodes 8 and 16)");
      }
      if (data[10] != 0 || data[11] != 0) fail("unknown PNG compression or filter method");
      if (data[12] != 0) fail("interlaced PNGs are not supported by the mock");
    } else if (type == "PLTE") {
      if (length % 3 != 0 || length / 3 > 256) fail("bad PLTE chunk");
      for (std::uint32_t i = 0; i < length; i += 3)
        palette.push_back({data[i], data[i + 1], data[i + 2], 255});
    } else if (type == "tRNS") {
      transparency.assign(reinterpret_cast<const char*>(data), length);
    } else if (type == "IDAT") {
      idat.append(reinterpret_cast<const char*>(data), length);
    } else if (type == "IEND") {
      ended = true;
    } else if ((type[0] & 0x20) == 0) {
      fail("unknown critical PNG chunk " + type);
    }
    pos += 12 + std::size_t{length};
  }
  if (colour < 0 || idat.empty()) fail("the PNG has no image data");
  if (colour == 3 && palette.empty()) fail("a palette PNG without PLTE");

  const std::size_t channels = channels_of(colour);
  const std::size_t bpp = channels * static_cast<std::size_t>(depth / 8);
  const std::size_t stride = width * bpp;
  const auto rows = unfilter(inflate_all(idat, height * (stride + 1)), height, stride, bpp);

  RgbaImage image;
  image.width = static_cast<int>(width);
  image.height = static_cast<int>(height);
  image.has_alpha = colour == 4 || colour == 6 || !transparency.empty();
  image.pixels.resize(std::size_t{width} * height * 4);
  for (std::size_t i = 0; i < transparency.size() && colour == 3 && i < palette.size(); ++i) {
    palette[i][3] = static_cast<std::uint8_t>(transparency[i]);
  }
  // tRNS of grey and RGB images: one 16-bit sample value per channel that is transparent.
  const auto sample = [&](const std::uint8_t* p, std::size_t c) {  // the high byte of 16 bits
    return p[c * (depth / 8)];
  };
  const auto keyed = [&](const std::uint8_t* p) {
    if (transparency.empty() || (colour != 0 && colour != 2)) return false;
    const std::size_t keys = colour == 0 ? 1 : 3;
    if (transparency.size() < 2 * keys) return false;
    for (std::size_t c = 0; c < keys; ++c) {
      const unsigned key = static_cast<unsigned char>(transparency[2 * c]) << 8 |
                           static_cast<unsigned char>(transparency[2 * c + 1]);
      const unsigned value = depth == 16 ? (unsigned{p[2 * c]} << 8 | p[2 * c + 1]) : p[c];
      if (key != value) return false;
    }
    return true;
  };
  for (std::size_t i = 0; i < std::size_t{width} * height; ++i) {
    const std::uint8_t* p = rows.data() + i * bpp;
    std::uint8_t* out = image.pixels.data() + 4 * i;
    if (colour == 3) {
      if (p[0] >= palette.size()) fail("a palette index beyond the PLTE chunk");
      std::memcpy(out, palette[p[0]].data(), 4);
      continue;
    }
    const bool grey = colour == 0 || colour == 4;
    out[0] = sample(p, 0);
    out[1] = grey ? out[0] : sample(p, 1);
    out[2] = grey ? out[0] : sample(p, 2);
    out[3] = colour == 4 ? sample(p, 1) : colour == 6 ? sample(p, 3) : (keyed(p) ? 0 : 255);
  }
  return image;
}

}  // namespace edenai::mock::internal
