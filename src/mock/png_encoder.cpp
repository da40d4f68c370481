// PNG writer for the mock. Each row gets the filter whose output has the smallest sum of absolute
// (signed) bytes, the heuristic the PNG specification recommends; rows stream through one zlib
// stream, and every 64 KiB of its output becomes an IDAT, so besides the file itself the encoder
// holds only a few rows and one chunk.
#include "mock/png_encoder.hpp"

#include <zlib.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <vector>

namespace edenai::mock::internal {
namespace {

constexpr std::size_t kChunkSize = std::size_t{1} << 16;
constexpr std::size_t kChannels = 3;

void put_u32(std::string& out, std::uint32_t v) {
  out.push_back(static_cast<char>(v >> 24));
  out.push_back(static_cast<char>((v >> 16) & 0xFF));
  out.push_back(static_cast<char>((v >> 8) & 0xFF));
  out.push_back(static_cast<char>(v & 0xFF));
}

void put_chunk(std::string& out, const char* type, const std::uint8_t* data, std::size_t size) {
  put_u32(out, static_cast<std::uint32_t>(size));
  const std::size_t start = out.size();
  out.append(type, 4);
  if (size > 0) out.append(reinterpret_cast<const char*>(data), size);
  const uLong crc =
      crc32(0L, reinterpret_cast<const Bytef*>(out.data() + start), static_cast<uInt>(size + 4));
  put_u32(out, static_cast<std::uint32_t>(crc));
}

// The PNG predictor, with p - a, p - b and p - c expanded so it compiles without branches.
int paeth(int a, int b, int c) {
  const int pa = std::abs(b - c), pb = std::abs(a - c), pc = std::abs(a + b - 2 * c);
  return pa <= pb && pa <= pc ? a : (pb <= pc ? b : c);
}

// Writes the five filterings of `row` (with `prior`, the previous raw row) into `out`, each
// prefixed by its filter type byte, and returns the type with the smallest cost. Each filter is
// its own loop over bytes with the left neighbours as a zero-padded prefix, so compilers can
// vectorise them: filtering with a switch per byte took longer than compressing.
int filter_row(const std::uint8_t* row, const std::uint8_t* prior, std::size_t n,
               std::array<std::vector<std::uint8_t>, 5>& out, std::vector<std::uint8_t>& padded) {
  // padded = kChannels zeros, prior row, kChannels zeros, row: the left of byte 0 reads zero
  std::copy(prior, prior + n, padded.data() + kChannels);
  std::copy(row, row + n, padded.data() + 2 * kChannels + n);
  const std::uint8_t* up = padded.data() + kChannels;
  const std::uint8_t* x = padded.data() + 2 * kChannels + n;
  // The left neighbours, read through their own pointers: `x[i - kChannels]` with an unsigned i
  // below kChannels would be pointer overflow, undefined even though it lands in the padding.
  const std::uint8_t* left = x - kChannels;
  const std::uint8_t* up_left = up - kChannels;
  std::array<std::uint8_t*, 5> f{};
  for (std::size_t t = 0; t < 5; ++t) {
    out[t][0] = static_cast<std::uint8_t>(t);
    f[t] = out[t].data() + 1;
  }
  for (std::size_t i = 0; i < n; ++i) {
    f[0][i] = x[i];
  }
  for (std::size_t i = 0; i < n; ++i) {
    f[1][i] = static_cast<std::uint8_t>(x[i] - left[i]);
  }
  for (std::size_t i = 0; i < n; ++i) {
    f[2][i] = static_cast<std::uint8_t>(x[i] - up[i]);
  }
  for (std::size_t i = 0; i < n; ++i) {
    f[3][i] = static_cast<std::uint8_t>(x[i] - ((left[i] + up[i]) >> 1));
  }
  for (std::size_t i = 0; i < n; ++i) {
    f[4][i] = static_cast<std::uint8_t>(x[i] - paeth(left[i], up[i], up_left[i]));
  }
  std::size_t best = 0;
  // The cost is the sum of the bytes read as signed: small residuals compress best. 32 bits keep
  // the loop vectorised (64 made encoding twice as slow); only a row over 11 million pixels could
  // wrap, and that would merely pick a worse filter.
  std::uint32_t best_cost = 0;
  for (std::size_t t = 0; t < 5; ++t) {
    std::uint32_t cost = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint32_t v = f[t][i];
      cost += v < 128 ? v : 256 - v;
    }
    if (t == 0 || cost < best_cost) best_cost = cost, best = t;
  }
  return static_cast<int>(best);
}

}  // namespace

std::string encode_png(const RgbImage& image, int compression_level) {
  if (image.width < 1 || image.height < 1) {
    throw std::invalid_argument("encode_png: the image is empty");
  }
  const auto width = static_cast<std::size_t>(image.width);
  const auto height = static_cast<std::size_t>(image.height);
  const std::size_t stride = width * kChannels;
  if (image.pixels.size() != stride * height) {
    throw std::invalid_argument("encode_png: pixels.size() is not width * height * 3");
  }
  if (compression_level < 0 || compression_level > 9) {
    throw std::invalid_argument("encode_png: the compression level must be 0 to 9");
  }

  std::string png("\x89PNG\r\n\x1a\n", 8);
  std::uint8_t header[13] = {};
  for (int i = 0; i < 4; ++i) {
    header[i] = static_cast<std::uint8_t>(width >> (24 - 8 * i));
    header[4 + i] = static_cast<std::uint8_t>(height >> (24 - 8 * i));
  }
  header[8] = 8;  // bits per channel
  header[9] = 2;  // colour type: RGB; compression, filter and interlace methods stay 0
  put_chunk(png, "IHDR", header, sizeof header);

  z_stream z{};
  // Z_RLE: after filtering, the scene's film grain leaves short random repeats everywhere, on which
  // the default strategy's match search spent ~190 ms per megapixel at level 6 and still came out
  // 9% larger; run-length matches keep what flat areas offer at Huffman-only speed.
  if (deflateInit2(&z, compression_level, Z_DEFLATED, 15, 8, Z_RLE) != Z_OK) {
    throw std::runtime_error("encode_png: deflateInit2 failed");
  }
  const std::unique_ptr<z_stream, int (*)(z_stream*)> end_deflate(&z, deflateEnd);
  std::array<std::vector<std::uint8_t>, 5> filtered;
  for (auto& f : filtered)
    f.resize(stride + 1);
  const std::vector<std::uint8_t> zero_row(stride, 0);
  std::vector<std::uint8_t> padded(2 * (kChannels + stride), 0);
  std::vector<std::uint8_t> chunk(kChunkSize);
  z.next_out = chunk.data();
  z.avail_out = static_cast<uInt>(chunk.size());
  for (std::size_t y = 0; y < height; ++y) {
    const std::uint8_t* row = image.pixels.data() + y * stride;
    const std::uint8_t* prior = y == 0 ? zero_row.data() : row - stride;
    const int type = filter_row(row, prior, stride, filtered, padded);
    z.next_in = filtered[static_cast<std::size_t>(type)].data();
    z.avail_in = static_cast<uInt>(stride + 1);
    const int flush = y + 1 == height ? Z_FINISH : Z_NO_FLUSH;
    int status = Z_OK;
    do {
      status = deflate(&z, flush);
      if (status == Z_STREAM_ERROR) throw std::runtime_error("encode_png: deflate failed");
      if (z.avail_out == 0 || status == Z_STREAM_END) {
        const std::size_t used = chunk.size() - z.avail_out;
        if (used > 0) put_chunk(png, "IDAT", chunk.data(), used);
        z.next_out = chunk.data();
        z.avail_out = static_cast<uInt>(chunk.size());
      }
    } while (z.avail_in > 0 || (flush == Z_FINISH && status != Z_STREAM_END));
  }
  put_chunk(png, "IEND", nullptr, 0);
  return png;
}

}  // namespace edenai::mock::internal
