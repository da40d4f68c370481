// The cost guard's overhead per call (BENCHMARKS.md):
//   1. a reservation and its settlement on a Budget alone (internal::Charge), ns per call;
//   2. paired in one process: generate() against an in-process mock (small `url` answers on a
//      kept-alive connection), with a Budget and without, taking turns every 50 calls, each
//      turn timed on the process's CPU clock; the ratio of the two.
//
//   budget_benchmark [--calls N]   (default 4000 calls in each of the two clients)
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <limits>
#include <memory>
#include <string>

#include "core/cost_guard.hpp"
#include "edenai/edenai.hpp"
#include "edenai/mock/server.hpp"

namespace {

double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

edenai::ImageGenerationBody small_body() {
  edenai::ImageGenerationBody body;
  body.model = "google/imagen-4.0-generate-001";  // a `url` answer: small
  body.prompt = "a lighthouse at dawn";
  body.size = "64x64";
  return body;
}

edenai::Client client_of(const edenai::mock::Server& server,
                         std::shared_ptr<edenai::Budget> budget) {
  edenai::ClientOptions options;
  options.api_key = "sk-bench";
  options.base_url = server.base_url();
  options.budget = std::move(budget);
  return edenai::Client(options);
}

int run(int argc, char** argv) {
  int calls = 4000;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--calls") == 0) calls = std::max(50, std::atoi(argv[i + 1]));
  }

  // 1. The guard alone.
  auto alone = std::make_shared<edenai::Budget>(std::numeric_limits<double>::infinity());
  const edenai::internal::Purchase purchase{"openai/gpt-image-1", 1, "1024x1024", "", "generate"};
  edenai::CostEstimate estimate;
  estimate.usd = 0.042;
  edenai::ImageResponse response;
  response.cost = 0.042;
  response.data.resize(1);
  constexpr int kGuardOnly = 1'000'000;
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < kGuardOnly; ++i) {
    edenai::internal::Charge charge(alone, purchase, estimate);
    charge.settle(response, 1);
  }
  const double guard_ns =
      std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - started).count() /
      kGuardOnly;
  std::printf("reserve_and_settle_ns %.1f\n", guard_ns);

  // 2. Paired calls against the mock.
  edenai::mock::Server server;
  server.start();
  const edenai::Client plain = client_of(server, nullptr);
  auto budget = std::make_shared<edenai::Budget>(std::numeric_limits<double>::infinity());
  const edenai::Client guarded = client_of(server, budget);
  const edenai::ImageGenerationBody body = small_body();
  plain.generate(body);  // connections and the URL cache warm
  guarded.generate(body);
  double plain_cpu = 0;
  double guarded_cpu = 0;
  constexpr int kTurn = 50;
  for (int done = 0; done < calls; done += kTurn) {
    double t0 = cpu_seconds();
    for (int i = 0; i < kTurn; ++i)
      plain.generate(body);
    plain_cpu += cpu_seconds() - t0;
    t0 = cpu_seconds();
    for (int i = 0; i < kTurn; ++i)
      guarded.generate(body);
    guarded_cpu += cpu_seconds() - t0;
  }
  const int made = (calls + kTurn - 1) / kTurn * kTurn;
  std::printf("calls_each %d\n", made);
  std::printf("cpu_ms_per_call_without_budget %.4f\n", plain_cpu * 1e3 / made);
  std::printf("cpu_ms_per_call_with_budget %.4f\n", guarded_cpu * 1e3 / made);
  std::printf("ratio_with_over_without %.3f\n", guarded_cpu / plain_cpu);
  std::printf("budget_spent_usd %.3f over %zu calls\n", budget->spent(), budget->total().calls);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "budget_benchmark: %s\n", e.what());
    return 1;
  }
}
