// The encoding of an edit request of large inline images: the base64 data URLs (ImageRef::bytes)
// and the JSON body around them (what Client::edit sends). Prints time per MB of output for 1, 4
// and 16 images of 4 MB, and memcpy of the same bytes as the floor: a flat time per MB shows that
// no copy grows with the number of images.
//
//   build/bench/encode_benchmark [--mb 4] [--repeat 5]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "api/images.hpp"
#include "edenai/edits.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string fake_png(std::size_t bytes, unsigned seed) {
  std::string data(bytes, '\0');
  std::mt19937 random(seed);
  for (auto& c : data)
    c = static_cast<char>(random());
  std::memcpy(data.data(), "\x89PNG\r\n\x1a\n", 8);
  return data;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t mb = 4;
  int repeat = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--mb") == 0) mb = std::stoul(argv[i + 1]);
    if (std::strcmp(argv[i], "--repeat") == 0) repeat = std::stoi(argv[i + 1]);
  }
  std::printf("edit request of N inline images of %zu MB each (best of %d)\n", mb, repeat);
  std::printf("%3s %12s %14s %12s %14s %12s %10s\n", "N", "body MB", "data URLs ms", "ms/MB",
              "JSON body ms", "ms/MB", "x memcpy");
  double first_per_mb = 0;
  double last_per_mb = 0;
  for (const int n : {1, 4, 16}) {
    std::vector<std::string> images;
    for (int i = 0; i < n; ++i)
      images.push_back(fake_png(mb << 20, static_cast<unsigned>(i)));
    double refs_ms = 1e300;
    double body_ms = 1e300;
    double copy_ms = 1e300;
    std::size_t body_size = 0;
    for (int r = 0; r < repeat; ++r) {
      edenai::ImageEditBody body;
      body.model = "openai/gpt-image-1";
      body.prompt = "make it winter";
      auto start = Clock::now();
      for (const auto& image : images)
        body.images.push_back(edenai::ImageRef::bytes(image));
      refs_ms = std::min(refs_ms, ms_since(start));
      start = Clock::now();
      const std::string wire = edenai::internal::encode_request(body);
      body_ms = std::min(body_ms, ms_since(start));
      body_size = wire.size();
      start = Clock::now();
      std::string copy(wire.size(), '\0');
      std::memcpy(copy.data(), wire.data(), wire.size());
      copy_ms = std::min(copy_ms, ms_since(start));
      if (copy[1] != wire[1]) return 1;  // keeps the copy
    }
    const double body_mb = static_cast<double>(body_size) / (1 << 20);
    const double per_mb = body_ms / body_mb;
    if (n == 1) first_per_mb = per_mb;
    last_per_mb = per_mb;
    std::printf("%3d %12.1f %14.1f %12.3f %14.1f %12.3f %10.1f\n", n, body_mb, refs_ms,
                refs_ms / body_mb, body_ms, per_mb, body_ms / copy_ms);
  }
  std::printf("JSON body time per MB, 16 images over 1 image: %.2f (1.0 is linear)\n",
              last_per_mb / first_per_mb);
  return 0;
}
