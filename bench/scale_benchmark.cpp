// Scale benchmark: Client::generate_batch at growing concurrency against a running
// edenai-mock-server started with `--latency 250 --workers N` (N >= the highest concurrency; in
// another process, so that this process's CPU time is the client's alone). bench/scale.sh starts
// the mock, runs this and prints a table.
//
//   scale_benchmark --base-url URL [--concurrency 1,16,64,256] [--requests-per-slot 4]
//                   [--min-requests 16] [--latency-ms 250]
//
// For each concurrency C, R = max(requests-per-slot * C, min-requests) small `url` generations
// (one 64x64 image each, max_retries 0). Prints `key value` lines, each key prefixed with
// `c<C>.`; it never judges the figures. The exit status is 1 only when a call failed.
//
// Each C runs in a child process of its own (forked before this process starts any thread), so
// that no C inherits the heap, the connections or the memory peak of another:
//   1. A client makes a one-call batch: libcurl, the I/O thread, the multi handle and the code
//      paths are set up. The R bodies are built. Then the baseline: VmRSS (rss_base_kib).
//   2. A warm-up batch of C calls opens C kept-alive connections, as a long-lived client has
//      them. rss_after_warmup_kib - rss_base_kib: what C idle connections and pooled easy
//      handles keep between batches.
//   3. The measured batch of R calls, C at once: wall time, and CPU time from getrusage (user +
//      system of every thread of the process, the I/O thread included) divided by R. The
//      responses are dropped as they arrive (BatchOptions::on_result moves them out), so that
//      memory counts what the calls in flight hold, not R results kept until the batch returns.
//   Memory per in-flight call: the peak resident set during step 2 or 3 (whichever is higher)
//   minus rss_base_kib, divided by C. The peak is exact, not sampled: VmHWM is reset to the
//   current VmRSS (`5` written to /proc/self/clear_refs, Linux 4.0+) before steps 2 and 3 and
//   read after each (peak_exact 0 says the kernel refused the reset; then VmHWM is the peak of
//   the whole process and the figure an upper bound). It charges each call everything that
//   having C calls in flight costs: its connection (libcurl's state and buffers; the kernel's
//   socket buffers are not in RSS), its easy handle, the request, the response being read, the
//   engine's and the batch's state. Resident pages only: libcurl's 256 KiB receive buffer counts
//   for what a response touches of it.
//   (The user/system split that getrusage reports is sampled at the scheduler's tick; their sum
//   is the exact CPU time.)
#include <dirent.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "edenai/edenai.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Args {
  std::string base_url;
  std::vector<int> concurrency{1, 16, 64, 256};
  int requests_per_slot = 4;
  int min_requests = 16;
  int latency_ms = 250;
};

struct Usage {
  double user_s = 0;
  double sys_s = 0;
  long switches = 0;  // voluntary and involuntary context switches
};

// Every thread of the process: the caller's, the client's I/O thread.
Usage usage() {
  rusage now{};
  getrusage(RUSAGE_SELF, &now);
  return {bench::seconds(now.ru_utime), bench::seconds(now.ru_stime), now.ru_nvcsw + now.ru_nivcsw};
}

// The TCP connections this process has open, by socket inode: the sockets of /proc/self/fd that
// /proc/self/net/tcp (or tcp6) lists. (Not the multi handle's wakeup pair, a Unix socket pair.)
std::set<std::string> tcp_connections() {
  std::set<std::string> tcp;
  for (const char* table : {"/proc/self/net/tcp", "/proc/self/net/tcp6"}) {
    std::ifstream in(table);
    std::string line;
    std::getline(in, line);  // the header
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string field;
      for (int i = 0; i < 10 && fields >> field; ++i) {
      }
      tcp.insert(field);  // the 10th field: the inode
    }
  }
  std::set<std::string> open;
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return open;
  while (const dirent* entry = readdir(dir)) {
    const std::string path = std::string("/proc/self/fd/") + entry->d_name;
    char target[64] = {};
    if (readlink(path.c_str(), target, sizeof target - 1) <= 0) continue;
    const std::string link(target);  // socket:[INODE]
    if (link.rfind("socket:[", 0) != 0) continue;
    std::string inode = link.substr(8, link.size() - 9);
    if (tcp.count(inode) > 0) open.insert(std::move(inode));
  }
  closedir(dir);
  return open;
}

// Sets VmHWM back to the current VmRSS (Linux 4.0+), so that VmHWM then reads the peak from
// now on, exactly. False when the kernel does not allow it.
bool reset_peak_rss() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
  out.flush();
  return static_cast<bool>(out);
}

// One concurrency, in this (child) process. Prints `c<C>.key value` lines.
int measure(const Args& args, int concurrency) {
  const int requests = std::max(args.requests_per_slot * concurrency, args.min_requests);
  const edenai::Client client(bench::client_options(args.base_url));

  edenai::BatchOptions batch;
  batch.concurrency = static_cast<std::size_t>(concurrency);
  int succeeded = 0;
  int failed = 0;
  std::string first_error;
  batch.on_result = [&](std::size_t, edenai::GenerationResult& result) {
    if (result.ok()) {
      ++succeeded;
      const edenai::ImageResponse dropped = std::move(result.value());  // freed here
    } else {
      ++failed;
      if (first_error.empty()) first_error = result.error_message();
    }
  };

  client.generate_batch({bench::url_body()}, batch);  // step 1
  const std::vector<edenai::ImageGenerationBody> warm(static_cast<std::size_t>(concurrency),
                                                      bench::url_body());
  const std::vector<edenai::ImageGenerationBody> bodies(static_cast<std::size_t>(requests),
                                                        bench::url_body());
  const long rss_base = bench::status_kib("VmRSS");
  bool exact = reset_peak_rss();

  client.generate_batch(warm, batch);  // step 2
  const long peak_warm = bench::status_kib("VmHWM");
  const long rss_warm = bench::status_kib("VmRSS");
  const std::set<std::string> connections_warm = tcp_connections();
  exact = reset_peak_rss() && exact;
  const int warmup_failed = failed;
  succeeded = 0;
  failed = 0;

  const Usage before = usage();
  const auto wall0 = Clock::now();
  client.generate_batch(bodies, batch);  // step 3
  const double wall = std::chrono::duration<double>(Clock::now() - wall0).count();
  const Usage after = usage();
  const long peak_batch = bench::status_kib("VmHWM");
  const long rss_end = bench::status_kib("VmRSS");
  const std::set<std::string> connections_end = tcp_connections();
  const long peak = std::max(peak_warm, peak_batch);

  const double ideal =
      std::ceil(static_cast<double>(requests) / concurrency) * args.latency_ms / 1000.0;
  const double calls = requests;
  const std::string p = "c" + std::to_string(concurrency) + ".";
  std::printf("%sconcurrency %d\n", p.c_str(), concurrency);
  std::printf("%srequests %d\n", p.c_str(), requests);
  std::printf("%ssucceeded %d\n", p.c_str(), succeeded);
  std::printf("%sfailed %d\n", p.c_str(), failed);
  std::printf("%swarmup_failed %d\n", p.c_str(), warmup_failed);
  std::printf("%swall_s %.3f\n", p.c_str(), wall);
  std::printf("%sideal_s %.3f\n", p.c_str(), ideal);
  std::printf("%swall_over_ideal %.3f\n", p.c_str(), wall / ideal);
  std::printf("%scpu_ms_per_call %.4f\n", p.c_str(),
              (after.user_s + after.sys_s - before.user_s - before.sys_s) * 1000 / calls);
  std::printf("%suser_ms_per_call %.4f\n", p.c_str(),
              (after.user_s - before.user_s) * 1000 / calls);
  std::printf("%ssys_ms_per_call %.4f\n", p.c_str(), (after.sys_s - before.sys_s) * 1000 / calls);
  std::printf("%scontext_switches_per_call %.2f\n", p.c_str(),
              static_cast<double>(after.switches - before.switches) / calls);
  std::printf("%srss_base_kib %ld\n", p.c_str(), rss_base);
  std::printf("%speak_warmup_kib %ld\n", p.c_str(), peak_warm);
  std::printf("%srss_after_warmup_kib %ld\n", p.c_str(), rss_warm);
  std::printf("%speak_batch_kib %ld\n", p.c_str(), peak_batch);
  std::printf("%srss_end_kib %ld\n", p.c_str(), rss_end);
  std::printf("%speak_exact %d\n", p.c_str(), exact ? 1 : 0);
  std::printf("%speak_added_kib %ld\n", p.c_str(), peak - rss_base);
  std::printf("%skib_per_inflight_call %.1f\n", p.c_str(),
              static_cast<double>(peak - rss_base) / concurrency);
  std::printf("%skib_per_idle_connection %.1f\n", p.c_str(),
              static_cast<double>(rss_warm - rss_base) / concurrency);
  std::size_t opened = 0;  // during the batch, and still open at its end: a lower bound
  for (const std::string& inode : connections_end)
    opened += connections_warm.count(inode) == 0 ? 1 : 0;
  std::printf("%sconnections_after_warmup %zu\n", p.c_str(), connections_warm.size());
  std::printf("%sconnections_after_batch %zu\n", p.c_str(), connections_end.size());
  std::printf("%sconnections_opened_by_batch_min %zu\n", p.c_str(), opened);
  if (!first_error.empty()) std::printf("%sfirst_error %s\n", p.c_str(), first_error.c_str());
  std::fflush(stdout);
  return failed == 0 && warmup_failed == 0 ? 0 : 1;
}

std::vector<int> parse_list(const std::string& text) {
  std::vector<int> values;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    const int value = std::atoi(item.c_str());
    if (value < 1) throw std::invalid_argument("bad concurrency '" + item + "'");
    values.push_back(value);
  }
  return values;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  try {
    for (int i = 1; i + 1 < argc; i += 2) {
      const std::string name = argv[i];
      const std::string value = argv[i + 1];
      if (name == "--base-url") {
        args.base_url = value;
      } else if (name == "--concurrency") {
        args.concurrency = parse_list(value);
      } else if (name == "--requests-per-slot") {
        args.requests_per_slot = std::atoi(value.c_str());
      } else if (name == "--min-requests") {
        args.min_requests = std::atoi(value.c_str());
      } else if (name == "--latency-ms") {
        args.latency_ms = std::atoi(value.c_str());
      } else {
        throw std::invalid_argument("unknown option " + name);
      }
    }
    if (args.base_url.empty() || argc % 2 == 0) throw std::invalid_argument("--base-url URL");
  } catch (const std::exception& e) {
    std::cerr << "usage: scale_benchmark --base-url URL [--concurrency 1,16,64,256] "
                 "[--requests-per-slot 4] [--min-requests 16] [--latency-ms 250] ("
              << e.what() << ")\n";
    return 2;
  }
  int status = 0;
  for (const int concurrency : args.concurrency) {
    std::fflush(stdout);
    const pid_t child = fork();  // this process has no thread yet: the child starts clean
    if (child < 0) {
      std::perror("scale_benchmark: fork");
      return 1;
    }
    if (child == 0) {
      int code = 1;
      try {
        code = measure(args, concurrency);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "scale_benchmark: c%d: %s\n", concurrency, e.what());
      }
      std::fflush(stdout);
      _exit(code);
    }
    int child_status = 0;
    waitpid(child, &child_status, 0);
    if (!WIFEXITED(child_status) || WEXITSTATUS(child_status) != 0) status = 1;
  }
  return status;
}
