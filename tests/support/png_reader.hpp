// A strict, minimal PNG reader for tests: 8-bit RGB, non-interlaced only. It checks everything it
// reads (signature, chunk order, every CRC, the zlib stream's length) and throws on any defect, so
// a round trip through it shows that the encoder wrote a well-formed file, not merely the pixels.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace edenai::testing {

struct PngImage {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> pixels;  ///< RGB8, row-major
};

namespace png_detail {

[[noreturn]] inline void fail(const std::string& what) {
  throw std::runtime_error("read_png: " + what);
}

inline std::uint32_t be32(const unsigned char* p) {
  return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
}

inline int paeth(int a, int b, int c) {
  const int p = a + b - c;
  const int pa = p > a ? p - a : a - p, pb = p > b ? p - b : b - p, pc = p > c ? p - c : c - p;
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

}  // namespace png_detail

/// Decodes `file`. @throws std::runtime_error naming the first defect found.
inline PngImage read_png(std::string_view file) {
  using png_detail::fail;
  const auto* bytes = reinterpret_cast<const unsigned char*>(file.data());
  static constexpr unsigned char kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  if (file.size() < 8 || std::memcmp(bytes, kSignature, 8) != 0) fail("not a PNG signature");

  PngImage image;
  std::string idat;
  std::string previous;  // type of the previous chunk
  bool iend = false;
  for (std::size_t pos = 8; pos < file.size();) {
    if (iend) fail("bytes after IEND");
    if (file.size() - pos < 12) fail("truncated chunk at offset " + std::to_string(pos));
    const std::uint32_t length = png_detail::be32(bytes + pos);
    if (length > 0x7FFFFFFFu) fail("chunk length over 2^31 - 1 at offset " + std::to_string(pos));
    if (file.size() - pos - 12 < length) fail("truncated chunk at offset " + std::to_string(pos));
    const std::string type(file.substr(pos + 4, 4));
    const unsigned char* data = bytes + pos + 8;
    const uLong crc = crc32(0L, bytes + pos + 4, static_cast<uInt>(length + 4));
    if (crc != png_detail::be32(data + length)) fail("CRC mismatch in " + type);
    if (previous.empty() && type != "IHDR") fail("first chunk is " + type + ", not IHDR");

    if (type == "IHDR") {
      if (!previous.empty()) fail("IHDR is not the first chunk");
      if (length != 13) fail("IHDR length " + std::to_string(length) + ", expected 13");
      const std::uint32_t width = png_detail::be32(data), height = png_detail::be32(data + 4);
      if (width == 0 || height == 0 || std::uint64_t{width} * height > std::uint64_t{1} << 26) {
        fail("unsupported size " + std::to_string(width) + "x" + std::to_string(height));
      }
      if (data[8] != 8) fail("bit depth " + std::to_string(data[8]) + ", expected 8");
      if (data[9] != 2) fail("colour type " + std::to_string(data[9]) + ", expected 2 (RGB)");
      if (data[10] != 0 || data[11] != 0) fail("unknown compression or filter method");
      if (data[12] != 0) fail("interlaced images are not supported");
      image.width = static_cast<int>(width);
      image.height = static_cast<int>(height);
    } else if (type == "IDAT") {
      if (!idat.empty() && previous != "IDAT") fail("IDAT chunks are not consecutive");
      idat.append(reinterpret_cast<const char*>(data), length);
    } else if (type == "IEND") {
      if (length != 0) fail("IEND has data");
      iend = true;
    } else if ((type[0] & 0x20) == 0) {
      fail("unknown critical chunk " + type);
    }  // ancillary chunks are skipped
    previous = type;
    pos += 12 + std::size_t{length};
  }
  if (!iend) fail("no IEND chunk");
  if (idat.empty()) fail("no IDAT chunk");
  if (idat.size() > std::numeric_limits<uInt>::max()) fail("image data too large for this reader");

  const std::size_t stride = static_cast<std::size_t>(image.width) * 3;
  const std::size_t expected = static_cast<std::size_t>(image.height) * (stride + 1);
  std::vector<std::uint8_t> raw(expected + 1);  // one spare byte reveals a stream that is too long
  z_stream z{};
  if (inflateInit(&z) != Z_OK) fail("inflateInit failed");
  z.next_in = reinterpret_cast<Bytef*>(idat.data());
  z.avail_in = static_cast<uInt>(idat.size());
  z.next_out = raw.data();
  z.avail_out = static_cast<uInt>(raw.size());
  const int status = inflate(&z, Z_FINISH);
  const std::size_t produced = z.total_out, unread = z.avail_in;
  const std::string message = z.msg != nullptr ? z.msg : "";
  inflateEnd(&z);
  if (status != Z_STREAM_END) {
    if (produced > expected) fail("more image data than " + std::to_string(expected) + " bytes");
    fail("zlib stream incomplete or corrupt (" + std::to_string(status) + " " + message + ")");
  }
  if (produced != expected) {
    fail("image data is " + std::to_string(produced) + " bytes, expected " +
         std::to_string(expected));
  }
  if (unread != 0) fail(std::to_string(unread) + " bytes after the end of the zlib stream");

  image.pixels.resize(static_cast<std::size_t>(image.height) * stride);
  for (std::size_t y = 0; y < static_cast<std::size_t>(image.height); ++y) {
    const std::uint8_t filter = raw[y * (stride + 1)];
    const std::uint8_t* in = raw.data() + y * (stride + 1) + 1;
    std::uint8_t* out = image.pixels.data() + y * stride;
    const std::uint8_t* up = y > 0 ? out - stride : nullptr;
    for (std::size_t i = 0; i < stride; ++i) {
      const int a = i >= 3 ? out[i - 3] : 0, b = up != nullptr ? up[i] : 0;
      const int c = i >= 3 && up != nullptr ? up[i - 3] : 0;
      int predictor = 0;
      switch (filter) {
        case 0:
          predictor = 0;
          break;
        case 1:
          predictor = a;
          break;
        case 2:
          predictor = b;
          break;
        case 3:
          predictor = (a + b) / 2;
          break;
        case 4:
          predictor = png_detail::paeth(a, b, c);
          break;
        default:
          fail("row " + std::to_string(y) + " has filter type " + std::to_string(filter));
      }
      out[i] = static_cast<std::uint8_t>(in[i] + predictor);
    }
  }
  return image;
}

}  // namespace edenai::testing
