// Configuration of a Client and of a single call.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "edenai/export.hpp"
#include "edenai/transport.hpp"

namespace edenai {

class Budget;

/// Severity of a log line.
enum class LogLevel { debug, info, warning, error };

/// Receives the client's log lines. Called from the thread making a blocking call, or from the
/// client's I/O thread for asynchronous and batch calls; must be thread-safe and quick. An
/// exception it throws is ignored. On the I/O thread, `generate_async` and `generate_batch` of the
/// same client are refused with InvalidRequestError (waiting there for them would never end).
using Logger = std::function<void(LogLevel level, const std::string& message)>;

/// Options of a Client. Plain struct: set what you need, the rest keeps its default.
struct EDENAI_EXPORT ClientOptions {
  /// API key sent as `Authorization: Bearer <key>`. Empty: read `EDENAI_API_KEY`, then
  /// `EDEN_AI_API_KEY`. No key at all makes the Client constructor throw InvalidRequestError.
  std::string api_key;
  /// Base URL of the API. Empty: read `EDENAI_BASE_URL`, then `EDEN_AI_BASE_URL`, else
  /// `https://api.edenai.run`. A path prefix is kept (`http://gateway/eden` sends
  /// `/eden/v3/images/generations`); a trailing slash or `/v3` names the same base. A query,
  /// a fragment or credentials are refused (InvalidRequestError says what to write).
  std::string base_url;
  /// Total time allowed for one attempt, 1 ms to 24 h. High-quality generations can take over
  /// two minutes.
  std::chrono::milliseconds timeout{std::chrono::seconds(600)};
  /// Time allowed to connect (TLS handshake included), 1 ms to 24 h.
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(5)};
  /// Retries after the first attempt on connection errors, timeouts, 408, 409, 429 and >= 500,
  /// 0 to 100. A generation is sent at most `max_retries + 1` times, whatever the connections do
  /// (the SDK alone decides every re-send), and never again once a 2xx answer began to arrive.
  /// A retried generation that the server did process is billed again; 0 turns retries off.
  int max_retries = 2;
  /// Largest response body accepted (after decompression); beyond it ResponseTooLargeError.
  /// The default, 1 GiB, holds ten 4096x4096 PNG images in base64.
  std::size_t max_response_bytes = std::size_t{1} << 30;
  /// Headers added to every API call (never to image hosts). A header the SDK also sets
  /// (`User-Agent`, `Accept`, `Content-Type`) replaces the SDK's; credential headers are rejected.
  std::map<std::string, std::string> default_headers;
  /// The HTTP transport. Null: the built-in libcurl transport.
  std::shared_ptr<Transport> transport;
  /// Client-side rate limit: at most this many API requests (retries included; image downloads
  /// are not counted) start in any one second, across all of the client's calls, blocking,
  /// asynchronous and batch. Calls beyond it wait their turn (cancellably). Eden AI's default
  /// account limit is 10 per second. 0: no limit; otherwise 0.001 (one request every 1000 s) to
  /// 1000.
  double max_requests_per_second = 0;
  /// A PEM file of certificate authorities to trust instead of the system's (a corporate CA,
  /// a test server's). TLS verification itself is always on. Empty: the system's store.
  std::string ca_bundle;
  /// A proxy URL for API calls and downloads, e.g. `http://proxy.internal:3128` (credentials
  /// may be in the URL). Empty: libcurl's standard environment variables (`https_proxy`,
  /// `http_proxy`, `all_proxy`, `no_proxy`) apply as usual.
  std::string proxy;
  /// Receives one line per HTTP attempt: method, URL, status or error, duration, attempt number,
  /// request id, and the wait before the next attempt (info for a success, warning when a retry
  /// follows, error for a final failure). At `LogLevel::debug`, also the headers and the start of
  /// the response body. `Authorization`, `Proxy-Authorization`, `X-Api-Key` and cookie headers
  /// and the key itself are redacted everywhere, and base64 payloads are elided.
  Logger logger;
  /// The least severe level passed to `logger`.
  LogLevel log_level = LogLevel::info;
  /// A spending cap for the paid calls (generations, edits), shareable between clients and
  /// threads: each reserves its estimate before it is sent, and a call that would exceed the cap
  /// is refused with BudgetExceededError, nothing sent. Null: no guard. docs/budget.md.
  std::shared_ptr<Budget> budget;
  /// Whether the estimates of paid calls may use the models' prices: `list_image_models()` is
  /// then called once, by the first paid call that needs an estimate, and its `pricing` kept for
  /// the client's life (a failed fetch is not repeated: the next sources are used).
  bool estimate_from_model_prices = false;
};

/// Options of one call; each set field overrides the client's.
struct EDENAI_EXPORT RequestOptions {
  /// Total time allowed for one attempt (1 ms to 24 h).
  std::optional<std::chrono::milliseconds> timeout;
  /// Time allowed to connect (1 ms to 24 h).
  std::optional<std::chrono::milliseconds> connect_timeout;
  /// Retries after the first attempt (0 to 100).
  std::optional<int> max_retries;
  /// HTTP headers added to this request, replacing default or SDK headers of the same name
  /// (credential headers are rejected). Not to be confused with
  /// `ImageGenerationBody::extra_headers`, which Eden forwards to the provider.
  std::map<std::string, std::string> headers;
  /// Cancels the call when triggered from another thread: it then throws `CancelledError`
  /// within about 100 ms, also while waiting before a retry.
  std::optional<CancellationToken> cancellation;
  /// A gentler stop, to spend nothing more: once triggered, the call starts no new attempt. An
  /// attempt on the wire finishes normally (its answer is the call's); a call still waiting for
  /// its first attempt (behind the rate limit) ends with CancelledError, `Delivery::not_sent`;
  /// one waiting to retry ends at once with its last attempt's outcome.
  std::optional<CancellationToken> stop_new_attempts;
  /// What this call will cost, in USD for all of its images, when the caller knows better than
  /// the client's estimate (0 or more): what `ClientOptions::budget` reserves for it.
  std::optional<double> estimated_cost;
};

}  // namespace edenai
