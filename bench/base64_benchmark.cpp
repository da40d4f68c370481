// Base64 kernel benchmark: decodes ~12.6 MB of clean base64 (random bytes encoded, padded, the
// size of a 4-image gpt-image response) with each kernel into one buffer reserved once, and the
// same text in MIME lines (76 characters and CRLF). Prints the median time per decode, the input
// rate and the ratio of the kernels, and the time of a memcpy of the text; figures only.
//
//   base64_benchmark [--iterations N]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "json/base64.hpp"

namespace {

using edenai::internal::Base64Kernel;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kBytes = 4 * 2'360'000 + 1;  // +1: the text ends in "=="

// The median milliseconds of one decode of `text`, or a negative number if it did not decode.
double median_ms(const std::string& text, Base64Kernel kernel, std::vector<std::uint8_t>& out,
                 int iterations) {
  std::vector<double> times;
  for (int i = 0; i < iterations; ++i) {
    const Clock::time_point start = Clock::now();
    const auto size = edenai::internal::decode_base64_into(text, out.data(), kernel);
    times.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    if (!size) return -1;
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

void run(const char* name, const std::string& text, int iterations) {
  std::vector<std::uint8_t> out(edenai::internal::decoded_size_bound(text));
  std::printf("%s: %zu characters, %d decodes per kernel\n", name, text.size(), iterations);
  double scalar = 0;
  for (const Base64Kernel kernel : {Base64Kernel::scalar, Base64Kernel::avx2}) {
    const char* kernel_name = kernel == Base64Kernel::avx2 ? "avx2" : "scalar";
    if (!edenai::internal::base64_kernel_available(kernel)) {
      std::printf("kernel %s unavailable on this CPU\n", kernel_name);
      continue;
    }
    const double ms = median_ms(text, kernel, out, iterations);
    if (ms < 0) {
      std::printf("kernel %s did not decode the text\n", kernel_name);
      continue;
    }
    std::printf("kernel %s ms_per_decode %.3f GB_per_s %.2f", kernel_name, ms,
                static_cast<double>(text.size()) / (ms * 1e6));
    if (kernel == Base64Kernel::scalar) scalar = ms;
    if (kernel == Base64Kernel::avx2 && scalar > 0) std::printf(" ratio %.2f", scalar / ms);
    std::printf("\n");
  }
}

}  // namespace

int main(int argc, char** argv) {
  int iterations = 30;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--iterations") == 0 && i + 1 < argc) {
      iterations = std::max(1, std::atoi(argv[++i]));
    } else {
      std::fprintf(stderr, "usage: %s [--iterations N]\n", argv[0]);
      return 2;
    }
  }
  std::mt19937_64 engine(2026);
  std::vector<std::uint8_t> data(kBytes);
  for (auto& b : data)
    b = static_cast<std::uint8_t>(engine());  // incompressible, like PNG
  const std::string clean = edenai::internal::encode_base64(data.data(), data.size());
  std::string mime;
  mime.reserve(clean.size() + clean.size() / 38 + 2);
  for (std::size_t i = 0; i < clean.size(); i += 76)
    mime.append(clean, i, 76).append("\r\n");

  // The memory's own speed on this machine: a copy of the text (the AVX2 kernel reads as much and
  // writes three quarters of it).
  std::string copy(clean.size(), '\0');
  std::vector<double> copies;
  for (int i = 0; i < iterations; ++i) {
    const Clock::time_point start = Clock::now();
    std::memcpy(copy.data(), clean.data(), clean.size());
    copies.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  std::sort(copies.begin(), copies.end());
  std::printf("memcpy of the clean text ms_per_copy %.3f (checksum %d)\n",
              copies[copies.size() / 2], copy[copy.size() / 2]);

  run("clean", clean, iterations);
  run("mime", mime, iterations);
  return 0;
}
