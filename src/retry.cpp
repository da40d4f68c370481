// Retry conventions of the official OpenAI SDKs (see docs/retries.md).
#include "retry.hpp"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <random>
#include <thread>

#include "edenai/errors.hpp"

namespace edenai::internal {
namespace {

using std::chrono::milliseconds;

constexpr milliseconds kInitialDelay{500};
constexpr milliseconds kMaxDelay{8000};
constexpr milliseconds kMaxServerDelay{60000};

std::optional<double> parse_number(const std::string& text) {
  try {
    std::size_t used = 0;
    const double value = std::stod(text, &used);
    if (used != text.size() || !std::isfinite(value)) return std::nullopt;
    return value;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<std::chrono::system_clock::time_point> parse_http_date(const std::string& text) {
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

std::optional<milliseconds> within_bounds(double ms) {
  if (ms < 0 || ms > static_cast<double>(kMaxServerDelay.count())) return std::nullopt;
  return milliseconds(static_cast<std::int64_t>(std::ceil(ms)));
}

}  // namespace

bool is_retryable_status(int status) {
  return status == 408 || status == 409 || status == 429 || status >= 500;
}

milliseconds backoff_delay(int retry, double jitter) {
  const double base = std::min(static_cast<double>(kInitialDelay.count()) * std::pow(2.0, retry),
                               static_cast<double>(kMaxDelay.count()));
  const double factor = 1.0 - 0.25 * std::clamp(jitter, 0.0, 1.0);
  return milliseconds(static_cast<std::int64_t>(base * factor));
}

std::optional<milliseconds> server_retry_delay(const HttpResponse& response,
                                               std::chrono::system_clock::time_point now) {
  if (const std::string* ms = response.header("retry-after-ms")) {
    if (const auto value = parse_number(*ms)) return within_bounds(*value);
  }
  const std::string* after = response.header("retry-after");
  if (after == nullptr) return std::nullopt;
  if (const auto seconds = parse_number(*after)) return within_bounds(*seconds * 1000.0);
  if (const auto date = parse_http_date(*after)) {
    const auto delta = std::chrono::duration_cast<milliseconds>(*date - now);
    return within_bounds(static_cast<double>(delta.count()));
  }
  return std::nullopt;
}

RetryHooks default_retry_hooks() {
  return RetryHooks{
      [](milliseconds delay) { std::this_thread::sleep_for(delay); },
      [] {
        thread_local std::mt19937_64 engine{std::random_device{}()};
        return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
      },
  };
}

HttpResponse send_with_retries(Transport& transport, const HttpRequest& request, int max_retries,
                               const RetryHooks& hooks) {
  for (int attempt = 0;; ++attempt) {
    const bool last = attempt >= max_retries;
    std::optional<milliseconds> delay;
    try {
      HttpResponse response = transport.send(request);
      if (last || !is_retryable_status(response.status)) return response;
      delay = server_retry_delay(response, std::chrono::system_clock::now());
    } catch (const ConnectionError& e) {
      if (last || !e.retryable()) throw;
    }
    hooks.sleep(delay ? *delay : backoff_delay(attempt, hooks.jitter()));
  }
}

}  // namespace edenai::internal
