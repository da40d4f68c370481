// What the benchmark programs share: the process's CPU time, its memory figures, the loop that
// times a call after a warm-up, and the small call with its client options. Header-only; benchmarks
// print figures, never judge them.
#pragma once

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "edenai/edenai.hpp"

namespace bench {

/// The small call every benchmark of small calls makes (client_benchmark's `url` and
/// `concurrency`, scale_benchmark, floor_benchmark's `paired`); the floor sends its JSON.
inline edenai::ImageGenerationBody url_body() {
  edenai::ImageGenerationBody body;
  body.model = "google/imagen-4.0-generate-001";
  body.prompt = "a lighthouse";
  body.size = "64x64";
  return body;
}

/// The benchmarks' client options: the mock's key, no retry (a failure must show, not hide in a
/// retry).
inline edenai::ClientOptions client_options(const std::string& base_url) {
  edenai::ClientOptions options;
  options.api_key = "bench-key";
  options.base_url = base_url;
  options.max_retries = 0;
  return options;
}

inline double seconds(const timeval& t) {
  return t.tv_sec + t.tv_usec / 1e6;
}

/// User + system time of every thread of the process, in seconds.
inline double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

/// A field of /proc/self/status in KiB (VmHWM: peak resident set; VmRSS: current), or -1.
inline long status_kib(const std::string& field) {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(field + ":", 0) == 0)
      return std::strtol(line.c_str() + field.size() + 1, nullptr, 10);
  }
  return -1;
}

/// Runs `call` three times (warm-up: connection, buffers, the mock's caches), then `iterations`
/// times, and prints the CPU and wall time per call and the sum of what the calls returned.
template <typename Call>
void per_call(const char* label, int iterations, Call call) {
  for (int i = 0; i < 3; ++i)
    call();
  const double cpu0 = cpu_seconds();
  const auto wall0 = std::chrono::steady_clock::now();
  std::size_t checksum = 0;
  for (int i = 0; i < iterations; ++i)
    checksum += call();
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  const double cpu = cpu_seconds() - cpu0;
  std::printf("mode %s\niterations %d\ncpu_ms_per_call %.4f\nwall_ms_per_call %.4f\nchecksum %zu\n",
              label, iterations, cpu * 1000 / iterations, wall * 1000 / iterations, checksum);
}

}  // namespace bench
