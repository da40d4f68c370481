// Helpers of the mock's surface tests: raw HTTP against a running edenai::mock::Server and a
// small, independent PNG writer for the images the tests send.
#pragma once

#include <httplib.h>
#include <zlib.h>

#include <edenai/mock/server.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/png_reader.hpp"

namespace edenai::testing::surface {

using nlohmann::json;

/// A PNG of `channels` (1 grey, 2 grey + alpha, 3 RGB, 4 RGBA) 8-bit samples, `pixels` row-major.
/// Row y uses filter type y % 5, so that readers meet every filter.
inline std::string write_png(int width, int height, int channels,
                             const std::vector<std::uint8_t>& pixels) {
  static const int kColourType[] = {0, 0, 4, 2, 6};
  const std::size_t stride = static_cast<std::size_t>(width) * channels;
  std::vector<std::uint8_t> raw;
  for (int y = 0; y < height; ++y) {
    const int filter = y % 5;
    raw.push_back(static_cast<std::uint8_t>(filter));
    const std::uint8_t* row = pixels.data() + y * stride;
    const std::uint8_t* up = y > 0 ? row - stride : nullptr;
    for (std::size_t i = 0; i < stride; ++i) {
      const int a = i >= static_cast<std::size_t>(channels) ? row[i - channels] : 0;
      const int b = up != nullptr ? up[i] : 0;
      const int c = i >= static_cast<std::size_t>(channels) && up != nullptr ? up[i - channels] : 0;
      int predictor = 0;
      if (filter == 1) predictor = a;
      if (filter == 2) predictor = b;
      if (filter == 3) predictor = (a + b) / 2;
      if (filter == 4) predictor = edenai::testing::png_detail::paeth(a, b, c);
      raw.push_back(static_cast<std::uint8_t>(row[i] - predictor));
    }
  }
  uLongf size = compressBound(static_cast<uLong>(raw.size()));
  std::string deflated(size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(deflated.data()), &size, raw.data(),
                static_cast<uLong>(raw.size()), 6) != Z_OK) {
    throw std::runtime_error("compress2 failed");
  }
  deflated.resize(size);
  const auto chunk = [](std::string& out, const std::string& type, const std::string& data) {
    const auto u32 = [&out](std::uint32_t v) {
      for (int shift = 24; shift >= 0; shift -= 8)
        out.push_back(static_cast<char>((v >> shift) & 0xFF));
    };
    u32(static_cast<std::uint32_t>(data.size()));
    const std::string body = type + data;
    out += body;
    u32(static_cast<std::uint32_t>(
        crc32(0L, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()))));
  };
  std::string header;
  for (const int v : {width, height}) {
    for (int shift = 24; shift >= 0; shift -= 8)
      header.push_back(static_cast<char>((v >> shift) & 0xFF));
  }
  header += std::string{8, static_cast<char>(kColourType[channels]), 0, 0, 0};
  std::string png("\x89PNG\r\n\x1a\n", 8);
  chunk(png, "IHDR", header);
  chunk(png, "IDAT", deflated);
  chunk(png, "IEND", "");
  return png;
}

/// An RGB gradient canvas: red grows to the right, green downward, blue fixed.
inline std::vector<std::uint8_t> gradient(int width, int height, std::uint8_t blue = 128) {
  std::vector<std::uint8_t> pixels;
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      pixels.push_back(static_cast<std::uint8_t>(x * 255 / std::max(1, width - 1)));
      pixels.push_back(static_cast<std::uint8_t>(y * 255 / std::max(1, height - 1)));
      pixels.push_back(blue);
    }
  }
  return pixels;
}

/// An RGBA mask, transparent where `hole(x, y)`, opaque elsewhere.
template <typename Hole>
std::string mask_png(int width, int height, Hole hole) {
  std::vector<std::uint8_t> pixels;
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      pixels.insert(pixels.end(), {0, 0, 0, static_cast<std::uint8_t>(hole(x, y) ? 0 : 255)});
    }
  }
  return write_png(width, height, 4, pixels);
}

inline std::string base64(const std::string& bytes) {
  static const char* kDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (const unsigned char c : bytes) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kDigits[(acc >> bits) & 63];
    }
  }
  if (bits > 0) out += kDigits[(acc << (6 - bits)) & 63];
  while (out.size() % 4 != 0)
    out += '=';
  return out;
}

inline std::string unbase64(const std::string& text) {
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (const char c : text) {
    int v = -1;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    if (c >= '0' && c <= '9') v = c - '0' + 52;
    if (c == '+') v = 62;
    if (c == '/') v = 63;
    if (v < 0) continue;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

inline std::string data_url(const std::string& png) {
  return "data:image/png;base64," + base64(png);
}

/// Raw HTTP to a mock, with a Bearer token unless it is empty.
class Http {
 public:
  explicit Http(const edenai::mock::Server& server, std::string token = "test-key")
      : client_("127.0.0.1", server.port()), token_(std::move(token)) {
    client_.set_read_timeout(30, 0);
  }
  httplib::Headers headers(httplib::Headers extra = {}) const {
    if (!token_.empty()) extra.emplace("Authorization", "Bearer " + token_);
    return extra;
  }
  httplib::Result post_json(const std::string& path, const std::string& body) {
    return client_.Post(path.c_str(), headers(), body, "application/json");
  }
  httplib::Result post_json(const std::string& path, const json& body) {
    return post_json(path, body.dump());
  }
  httplib::Result post_form(const std::string& path, const httplib::MultipartFormDataItems& items) {
    return client_.Post(path.c_str(), headers(), items);
  }
  httplib::Result get(const std::string& path, httplib::Headers extra = {}) {
    return client_.Get(path.c_str(), headers(std::move(extra)));
  }
  httplib::Result del(const std::string& path) { return client_.Delete(path.c_str(), headers()); }

 private:
  httplib::Client client_;
  std::string token_;
};

/// The JSON body of a result with `status`, or a test failure.
inline json body_of(const httplib::Result& result, int status) {
  if (!result) throw std::runtime_error("no answer: " + httplib::to_string(result.error()));
  if (result->status != status) {
    throw std::runtime_error("status " + std::to_string(result->status) + ", expected " +
                             std::to_string(status) + ": " + result->body.substr(0, 2000));
  }
  return json::parse(result->body);
}

/// Decodes `data[i].b64_json` of an image response.
inline edenai::testing::PngImage image_of(const json& response, std::size_t i = 0) {
  return edenai::testing::read_png(unbase64(response.at("data").at(i).at("b64_json")));
}

}  // namespace edenai::testing::surface
