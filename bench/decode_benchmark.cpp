// Decode benchmark: parses a 4-image gpt-image response (~12.6 MB of JSON, nearly all base64)
// into an ImageResponse and decodes every image to bytes, as Client::generate and
// ImageDataItem::bytes() do. Prints min and median wall time over many runs, and the time of
// nlohmann::json::parse alone on the same payload for comparison.
//
//   decode_benchmark [--iterations N] [--write FILE]
//
// --write FILE saves the payload so another runtime (bench/node_decode.mjs) can parse the same
// bytes.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "api/images.hpp"
#include "edenai/types.hpp"
#include "json/base64.hpp"
#include "json/codec.hpp"
#include "json/simdjson_padding.hpp"

namespace {

using Clock = std::chrono::steady_clock;

constexpr int kImages = 4;
constexpr std::size_t kImageBytes = 2'360'000;  // ~3.15 MB of base64 each, ~12.6 MB in all

std::string make_payload() {
  std::mt19937_64 engine(2026);
  std::string json = R"({"created":1779792103,"background":"opaque","data":[)";
  for (int i = 0; i < kImages; ++i) {
    std::vector<std::uint8_t> image(kImageBytes);
    for (auto& b : image)
      b = static_cast<std::uint8_t>(engine());  // incompressible, like PNG
    if (i > 0) json += ',';
    json += R"({"b64_json":")" + edenai::internal::encode_base64(image.data(), image.size()) +
            R"(","revised_prompt":null,"url":null})";
  }
  json +=
      R"(],"output_format":"png","quality":"high","size":"1024x1024",)"
      R"("usage":{"input_tokens":19,"input_tokens_details":{"image_tokens":0,"text_tokens":19},)"
      R"("output_tokens":4160,"total_tokens":4179},"cost":0.66807,"provider":"openai"})";
  return json;
}

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

void report(const char* what, std::vector<double> times) {
  std::sort(times.begin(), times.end());
  std::printf("%-44s min %7.2f ms   median %7.2f ms   (%zu runs)\n", what, times.front(),
              times[times.size() / 2], times.size());
}

}  // namespace

int main(int argc, char** argv) {
  int iterations = 50;
  const char* write_path = nullptr;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--iterations") == 0 && i + 1 < argc) {
      iterations = std::max(1, std::atoi(argv[++i]));
    } else if (std::strcmp(argv[i], "--write") == 0 && i + 1 < argc) {
      write_path = argv[++i];
    } else {
      std::fprintf(stderr, "usage: %s [--iterations N] [--write FILE]\n", argv[0]);
      return 2;
    }
  }

  // The transport leaves spare capacity after the body so the parser can work in place.
  const std::string payload = make_payload();
  std::string body;
  body.reserve(payload.size() + edenai::internal::kParserPadding);
  body = payload;
  std::printf("payload: %.2f MB of JSON, %d images of %.2f MB\n", body.size() / 1e6, kImages,
              kImageBytes / 1e6);
  if (write_path) std::ofstream(write_path, std::ios::binary) << body;

  std::size_t checksum = 0;
  std::vector<double> full;
  std::vector<double> parse_only;
  for (int i = 0; i < iterations + 2; ++i) {
    const auto start = Clock::now();
    const edenai::ImageResponse response = edenai::internal::decode_image_response(body);
    const double parsed = ms_since(start);
    for (const auto& item : response.data)
      checksum += item.bytes().size();
    const double total = ms_since(start);
    if (i >= 2) {  // the first runs warm up the allocator and the parser's buffers
      parse_only.push_back(parsed);
      full.push_back(total);
    }
  }
  report("edenai parse only (simdjson On-Demand)", parse_only);
  report("edenai parse + decode all 4 images", full);

  std::vector<double> nlohmann_times;
  for (int i = 0; i < std::min(iterations, 10); ++i) {
    const auto start = Clock::now();
    const auto json = nlohmann::json::parse(body);
    nlohmann_times.push_back(ms_since(start));
    checksum += json.size();
  }
  report("reference: nlohmann::json::parse alone", nlohmann_times);
  std::printf("(checksum %zu)\n", checksum);
  return checksum == 0 ? 1 : 0;
}
