// The floor: a program that does only the work no client can avoid, for client_benchmark's
// workload against the same edenai-mock-server. One libcurl easy handle kept alive; one receive
// buffer reserved once and reused; simdjson On-Demand parsing that buffer in place; each image's
// base64 decoded where it lies, by the SDK's fastest base64 kernel, into one output buffer
// reserved once. No typed response, no error mapping, no retry, no checks beyond the parse.
// bench/compare_client.sh prints the SDK's figures as multiples of these.
//
//   floor_benchmark MODE --base-url URL [--iterations N] [--read-callback] [--sdk-request]
//
// --read-callback hands the request body to libcurl through a read callback, as the SDK does
// for bodies of 64 KiB and more, instead of CURLOPT_POSTFIELDS: the head and the body then leave
// in two send() calls instead of one.
// --sdk-request sends the request the SDK sends, byte for byte in its headers (Accept,
// User-Agent, Accept-Encoding: gzip) and with its timeouts: what is left between the SDK and
// this floor is then the SDK's own work (typed request and response, checks, retries, log).
//
// Modes (the same `key value` lines as client_benchmark):
//   b64   4-image b64_json generations, every image decoded: CPU and wall time per response
//   url   small `url` responses on the kept-alive connection: CPU per response
//   paired  the `url` workload of the floor and of the SDK (client_benchmark's `url`) in this one
//         process, taking turns every 50 calls, each on its own kept-alive connection: the CPU
//         time per call of each and their ratio. Separate runs of a fraction of a second each
//         differ by a third on these shared machines; turns this short put whatever load comes
//         and goes on both alike.
#include <curl/curl.h>
#include <simdjson.h>
#include <sys/resource.h>

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include <edenai/edenai.hpp>

#include "bench_support.hpp"
#include "json/base64.hpp"

namespace {

using Clock = std::chrono::steady_clock;
namespace od = simdjson::ondemand;

struct Buffer {
  char* data = nullptr;
  std::size_t size = 0;
  std::size_t capacity = 0;
};

struct Upload {
  const std::string* body = nullptr;
  std::size_t offset = 0;
};

std::size_t on_read(char* out, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, upload->body->size() - upload->offset);
  std::memcpy(out, upload->body->data() + upload->offset, n);
  upload->offset += n;
  return n;
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* buffer = static_cast<Buffer*>(user);
  const std::size_t n = size * count;
  if (buffer->size + n + simdjson::SIMDJSON_PADDING > buffer->capacity) return 0;  // too big
  std::memcpy(buffer->data + buffer->size, data, n);
  buffer->size += n;
  return n;
}

class Floor {
 public:
  Floor(const std::string& base_url, bool read_callback, bool sdk_request)
      : curl_(curl_easy_init()), read_callback_(read_callback) {
    receive_.capacity = std::size_t{64} << 20;
    storage_.resize(receive_.capacity);  // touched once, here: its pages stay mapped
    receive_.data = storage_.data();
    output_.resize(std::size_t{16} << 20);
    headers_ = curl_slist_append(headers_, "Authorization: Bearer bench-key");
    headers_ = curl_slist_append(headers_, "Content-Type: application/json");
    if (sdk_request) {
      headers_ = curl_slist_append(headers_, "Accept: application/json");
      user_agent_ = std::string("User-Agent: edenai-cpp/") + edenai::version();
      headers_ = curl_slist_append(headers_, user_agent_.c_str());
      // As the SDK sends it: from the header list, the option only turning decoding on.
      headers_ = curl_slist_append(headers_, "Accept-Encoding: gzip");
      curl_easy_setopt(curl_, CURLOPT_ACCEPT_ENCODING, "gzip");
      curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, 600000L);
      curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
    }
    url_ = base_url + "/v3/images/generations";
    curl_easy_setopt(curl_, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers_);
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &receive_);
    curl_easy_setopt(curl_, CURLOPT_BUFFERSIZE, 256L * 1024);
    // No signal handling: without it libcurl installs and restores a SIGPIPE handler around
    // every transfer, six system calls a call that a program need not make (the SDK does not).
    curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
  }
  Floor(const Floor&) = delete;
  Floor& operator=(const Floor&) = delete;
  ~Floor() {
    curl_slist_free_all(headers_);
    curl_easy_cleanup(curl_);
  }

  // One request; returns the decoded bytes (b64) or the URL's length (url).
  std::size_t call(const std::string& body, bool b64) {
    receive_.size = 0;
    if (read_callback_) {
      upload_ = Upload{&body, 0};
      curl_easy_setopt(curl_, CURLOPT_POST, 1L);
      curl_easy_setopt(curl_, CURLOPT_READFUNCTION, on_read);
      curl_easy_setopt(curl_, CURLOPT_READDATA, &upload_);
      curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    } else {
      curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, body.c_str());
      curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    }
    if (curl_easy_perform(curl_) != CURLE_OK) throw std::runtime_error("transfer failed");
    od::document doc = parser_.iterate(
        simdjson::padded_string_view(receive_.data, receive_.size, receive_.capacity));
    std::size_t total = 0;
    for (auto item : doc["data"].get_array()) {
      if (b64) {
        const std::string_view token = item["b64_json"].raw_json_token();
        const std::string_view text = token.substr(1, token.rfind('"') - 1);
        const auto written = edenai::internal::decode_base64_into(text, output_.data());
        if (!written) throw std::runtime_error("not base64");
        total += *written;
      } else {
        total += std::string_view(item["url"].get_string()).size();
      }
    }
    return total;
  }

 private:
  CURL* curl_;
  bool read_callback_;
  Upload upload_;
  curl_slist* headers_ = nullptr;
  std::string user_agent_;
  std::string url_;
  std::vector<char> storage_;
  Buffer receive_;
  std::vector<std::uint8_t> output_;
  od::parser parser_;
};

double process_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);  // exact, where getrusage counts in ticks
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

// The floor and the SDK taking turns on the same small call (see `paired` above).
void paired(Floor& floor, const std::string& body, const std::string& base_url, int iterations) {
  const edenai::Client client(bench::client_options(base_url));
  const edenai::ImageGenerationBody request = bench::url_body();  // `body`, typed
  const auto sdk_call = [&] { return client.generate(request).data.at(0).url->size(); };
  const auto floor_call = [&] { return floor.call(body, false); };
  for (int i = 0; i < 3; ++i) {  // warm-up: connections, buffers
    sdk_call();
    floor_call();
  }
  constexpr int kTurn = 50;
  double floor_cpu = 0;
  double sdk_cpu = 0;
  std::size_t floor_sum = 0;
  std::size_t sdk_sum = 0;
  for (int done = 0; done < iterations; done += kTurn) {
    const int n = std::min(kTurn, iterations - done);
    const double t0 = process_cpu_seconds();
    for (int i = 0; i < n; ++i)
      floor_sum += floor_call();
    const double t1 = process_cpu_seconds();
    for (int i = 0; i < n; ++i)
      sdk_sum += sdk_call();
    const double t2 = process_cpu_seconds();
    floor_cpu += t1 - t0;
    sdk_cpu += t2 - t1;
  }
  if (floor_sum != sdk_sum) throw std::runtime_error("the floor and the SDK read different URLs");
  std::printf(
      "mode paired\niterations %d\nfloor_cpu_ms_per_call %.4f\nsdk_cpu_ms_per_call %.4f\n"
      "sdk_over_floor %.3f\nchecksum %zu\n",
      iterations, floor_cpu * 1000 / iterations, sdk_cpu * 1000 / iterations, sdk_cpu / floor_cpu,
      sdk_sum);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: floor_benchmark b64|url|paired --base-url URL [--iterations N] "
                 "[--read-callback] "
                 "[--sdk-request]\n";
    return 2;
  }
  const std::string mode = argv[1];
  std::string base_url;
  int iterations = 20;
  bool read_callback = false;
  bool sdk_request = false;
  for (int i = 2; i < argc; ++i) {
    const std::string name = argv[i];
    if (name == "--read-callback") {
      read_callback = true;
    } else if (name == "--sdk-request") {
      sdk_request = true;
    } else if (i + 1 >= argc) {
      std::cerr << "option " << name << " needs a value\n";
      return 2;
    } else if (name == "--base-url") {
      base_url = argv[++i];
    } else if (name == "--iterations") {
      iterations = std::atoi(argv[++i]);
    } else {
      std::cerr << "unknown option " << name << "\n";
      return 2;
    }
  }
  // The bodies client_benchmark sends.
  const std::string b64_body =
      R"({"model":"openai/gpt-image-1","prompt":"a lighthouse at dawn","n":4,"size":"1536x1240"})";
  const std::string url_body =
      R"({"model":"google/imagen-4.0-generate-001","prompt":"a lighthouse","size":"64x64"})";
  try {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    Floor floor(base_url, read_callback, sdk_request);
    if (mode == "b64") {
      bench::per_call("b64", iterations, [&] { return floor.call(b64_body, true); });
    } else if (mode == "url") {
      bench::per_call("url", iterations, [&] { return floor.call(url_body, false); });
    } else if (mode == "paired") {
      paired(floor, url_body, base_url, iterations);
    } else {
      std::cerr << "unknown mode '" << mode << "' (b64, url, paired)\n";
      return 2;
    }
  } catch (const std::exception& e) {
    std::cerr << "floor_benchmark: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
