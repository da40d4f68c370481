// Client benchmark: the SDK end to end against a running edenai-mock-server (another process, so
// that this process's CPU time is the client's alone). bench/node_client.mjs does the same work
// with OpenAI's official Node SDK; bench/compare_client.sh runs both side by side.
//
//   client_benchmark MODE --base-url URL [--iterations N] [--requests N] [--concurrency N]
//
// Modes, each printing `key value` lines:
//   b64          sequential 4-image b64_json generations (1536x1240, ~12.6 MB of JSON each),
//                every image decoded to bytes: client CPU and wall time per response
//   url          sequential small `url` responses on a kept-alive connection: CPU per response
//   concurrency  --requests generations through generate_batch, --concurrency at once (run it
//                against a mock started with --latency 250): total wall time
//   rss          one b64 generation, images decoded: peak resident memory (VmHWM) before and
//                after, and the payload size
//   stream       the same against bench/big_response_server (ten 4096x4096 RGBA images, 0.9 GB
//                of JSON): one response, each image decoded in turn into one reused vector
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "edenai/edenai.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Args {
  std::string mode;
  std::string base_url;
  int iterations = 20;
  int requests = 64;
  int concurrency = 16;
};

edenai::ImageGenerationBody b64_body() {
  edenai::ImageGenerationBody body;
  body.model = "openai/gpt-image-1";
  body.prompt = "a lighthouse at dawn";
  body.n = 4;
  body.size = "1536x1240";
  return body;
}

// Decodes every image, as an application saving them would; returns the bytes decoded.
std::size_t decode_all(const edenai::ImageResponse& response) {
  std::size_t total = 0;
  for (const auto& item : response.data)
    total += item.bytes().size();
  return total;
}

int run(const Args& args) {
  const edenai::Client client(bench::client_options(args.base_url));

  if (args.mode == "b64") {
    bench::per_call("b64", args.iterations,
                    [&] { return decode_all(client.generate(b64_body())); });
  } else if (args.mode == "url") {
    bench::per_call("url", args.iterations,
                    [&] { return client.generate(bench::url_body()).data.at(0).url->size(); });
  } else if (args.mode == "concurrency") {
    const std::vector<edenai::ImageGenerationBody> bodies(args.requests, bench::url_body());
    edenai::BatchOptions batch;
    batch.concurrency = static_cast<std::size_t>(args.concurrency);
    client.generate_batch({bench::url_body()},
                          batch);  // connect once, as a long-lived client would
    const double cpu0 = bench::cpu_seconds();
    const auto wall0 = Clock::now();
    int ok = 0;
    for (const auto& result : client.generate_batch(bodies, batch))
      ok += result.ok() ? 1 : 0;
    const double wall = std::chrono::duration<double>(Clock::now() - wall0).count();
    std::printf(
        "mode concurrency\nrequests %d\nconcurrency %d\nsucceeded %d\nwall_s %.3f\ncpu_ms %.3f\n",
        args.requests, args.concurrency, ok, wall, (bench::cpu_seconds() - cpu0) * 1000);
    if (ok != args.requests) return 1;
  } else if (args.mode == "rss") {
    const long before = bench::status_kib("VmHWM");
    const edenai::ImageResponse response = client.generate(b64_body());
    const std::size_t decoded = decode_all(response);
    std::size_t payload = 0;  // what the server sent: the JSON, nearly all of it base64
    for (const auto& item : response.data)
      payload += item.b64_json->size();
    std::printf(
        "mode rss\nhwm_before_kib %ld\nhwm_after_kib %ld\nbase64_bytes %zu\ndecoded_bytes %zu\n",
        before, bench::status_kib("VmHWM"), payload, decoded);
  } else if (args.mode == "stream") {
    const long before = bench::status_kib("VmHWM");
    const auto wall0 = Clock::now();
    const double cpu0 = bench::cpu_seconds();
    const edenai::ImageResponse response = client.generate(b64_body());
    std::vector<std::uint8_t> image;  // one buffer for every image, as a program saving them would
    std::size_t decoded = 0;
    std::size_t payload = 0;
    for (const auto& item : response.data) {
      decoded += item.bytes_into(image);
      payload += item.b64_json->size();
    }
    std::printf(
        "mode stream\nimages %zu\nhwm_before_kib %ld\nhwm_after_kib %ld\nbase64_bytes "
        "%zu\ndecoded_bytes %zu\ncpu_s %.3f\nwall_s %.3f\n",
        response.data.size(), before, bench::status_kib("VmHWM"), payload, decoded,
        bench::cpu_seconds() - cpu0, std::chrono::duration<double>(Clock::now() - wall0).count());
  } else {
    std::cerr << "unknown mode '" << args.mode << "' (b64, url, concurrency, rss, stream)\n";
    return 2;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (argc < 2) {
    std::cerr << "usage: client_benchmark MODE --base-url URL [--iterations N] [--requests N] "
                 "[--concurrency N]\n";
    return 2;
  }
  args.mode = argv[1];
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string name = argv[i];
    const std::string value = argv[i + 1];
    if (name == "--base-url") {
      args.base_url = value;
    } else if (name == "--iterations") {
      args.iterations = std::atoi(value.c_str());
    } else if (name == "--requests") {
      args.requests = std::atoi(value.c_str());
    } else if (name == "--concurrency") {
      args.concurrency = std::atoi(value.c_str());
    } else {
      std::cerr << "unknown option " << name << "\n";
      return 2;
    }
  }
  try {
    return run(args);
  } catch (const std::exception& e) {
    std::cerr << "client_benchmark: " << e.what() << "\n";
    return 1;
  }
}
