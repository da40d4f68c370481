// The Client facade: configuration from options and environment, then for each call
// validate -> encode -> send with retries -> decode or map the error.
#include "edenai/client.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <mutex>

#include "api_errors.hpp"
#include "api_url.hpp"
#include "async_engine.hpp"
#include "attempt_log.hpp"
#include "cancellation_scope.hpp"
#include "codec.hpp"
#include "edenai/errors.hpp"
#include "edenai/version.hpp"
#include "rate_limiter.hpp"
#include "redaction.hpp"
#include "retry.hpp"
#include "validation.hpp"

namespace edenai {
namespace {

constexpr const char* kDefaultBaseUrl = "https://api.edenai.run";
constexpr const char* kGenerationsPath = "/v3/images/generations";
constexpr int kMaxDownloadRedirects = 5;

std::string first_env(std::initializer_list<const char*> names) {
  for (const char* name : names) {
    const char* value = std::getenv(name);
    if (value != nullptr && *value != '\0') return value;
  }
  return {};
}

// Printable ASCII without spaces: what may stand in a URL or a bearer token as given.
bool is_visible_ascii(const std::string& text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

// Adds or replaces (case-insensitively) a header.
void set_header(std::vector<Header>& headers, const std::string& name, const std::string& value) {
  for (auto& header : headers) {
    if (internal::equals_ignoring_case(header.first, name)) {
      header.second = value;
      return;
    }
  }
  headers.emplace_back(name, value);
}

std::string user_agent() {
  return std::string("edenai-cpp/") + version();
}

using internal::Secrets;

// The documented ranges of the options (options.hpp); out of range is refused, never clamped.
constexpr std::chrono::hours kMaxTimeout{24};
constexpr int kMaxRetries = 100;
constexpr double kMinRequestsPerSecond = 0.001;
constexpr double kMaxRequestsPerSecond = 1000;

void require_timeout(std::chrono::milliseconds value, const char* name) {
  if (value.count() <= 0 || value > kMaxTimeout) {
    throw InvalidRequestError(std::string(name) + " must be from 1 ms to 24 hours (is " +
                              std::to_string(value.count()) + " ms)");
  }
}

void require_retries(int retries) {
  if (retries < 0 || retries > kMaxRetries) {
    throw InvalidRequestError("max_retries must be from 0 to 100 (is " + std::to_string(retries) +
                              ")");
  }
}

// What a call's options may hold. @throws InvalidRequestError
void validate_call_options(const RequestOptions& options) {
  internal::validate_headers(options.headers, "request headers", /*on_the_wire=*/true);
  if (options.timeout) require_timeout(*options.timeout, "timeout");
  if (options.connect_timeout) require_timeout(*options.connect_timeout, "connect_timeout");
  if (options.max_retries) require_retries(*options.max_retries);
}

void require_rate(double per_second) {
  // Also refuses NaN. Below the minimum, 1/rate would overflow the limiter's clock.
  if (!(per_second == 0 ||
        (per_second >= kMinRequestsPerSecond && per_second <= kMaxRequestsPerSecond))) {
    throw InvalidRequestError(
        "max_requests_per_second must be 0 (no limit) or from 0.001 (one request every 1000 s) "
        "to 1000");
  }
}

// The password of `scheme://user:password@host...`, or empty.
std::string proxy_password(const std::string& proxy) {
  const auto scheme_end = proxy.find("://");
  if (scheme_end == std::string::npos) return {};
  const auto authority =
      proxy.substr(scheme_end + 3, proxy.find('/', scheme_end + 3) - scheme_end - 3);
  const auto at = authority.rfind('@');
  if (at == std::string::npos) return {};
  const auto colon = authority.find(':');
  return colon < at ? authority.substr(colon + 1, at - colon - 1) : std::string();
}

// A proxy URL libcurl understands; the message never quotes it (it may hold a password).
void validate_proxy(const std::string& proxy) {
  static const char* const kSchemes[] = {"http://",    "https://",  "socks4://",
                                         "socks4a://", "socks5://", "socks5h://"};
  const bool known = std::any_of(std::begin(kSchemes), std::end(kSchemes), [&](const char* s) {
    return proxy.rfind(s, 0) == 0 && proxy.size() > std::strlen(s);
  });
  if (!known || !is_visible_ascii(proxy)) {
    throw InvalidRequestError(
        "proxy must be an http://, https:// or socks URL without spaces or control characters");
  }
}

// Runs `call`; any SDK exception it raises leaves with every secret redacted, whatever its type
// (each type redacts the text it holds). Messages may quote server data (JSON paths, curl's text
// naming a host, header names), so no message is trusted to be free of the key.
template <typename Call>
auto redacting(const Secrets& secrets, Call&& call) -> decltype(call()) {
  try {
    return call();
  } catch (Error& e) {
    e.redact(secrets);
    throw;
  }
}

}  // namespace

struct Client::Impl {
  std::string api_key;
  Secrets secrets;  // api_key, then the proxy password if any
  std::string base_url;
  std::string generations_url;
  ClientOptions options;
  std::shared_ptr<Transport> transport;
  std::unique_ptr<internal::RateLimiter> limiter;  // when max_requests_per_second is set
  internal::RetryHooks retry_hooks = internal::default_retry_hooks();

  // The hooks of one call: the client's, plus the logger and the call's stop.
  internal::RetryHooks hooks(const RequestOptions& call = {}) const {
    internal::RetryHooks hooks = retry_hooks;
    hooks.limiter = limiter.get();
    hooks.stop_new_attempts = call.stop_new_attempts;
    if (options.logger) {
      hooks.on_attempt = [this](const internal::AttemptOutcome& outcome) {
        internal::log_attempt(options.logger, options.log_level, *outcome.request, outcome,
                              secrets);
      };
    }
    return hooks;
  }

  // A final status outside 2xx becomes its typed ApiError.
  void check_status(const HttpResponse& response, const internal::RetryReport& report) const {
    if (response.status >= 200 && response.status < 300) return;
    try {
      internal::throw_api_error(response, secrets);
    } catch (ApiError& e) {
      report.stamp(e);
      e.set_retry_after(report.server_delay);
      throw;
    }
  }

  // An image download, with retries, blocking; a final status outside 2xx becomes its typed
  // ApiError. Not paced by the rate limit, which is Eden AI's, not the image host's.
  HttpResponse exchange(const HttpRequest& request, int max_retries,
                        internal::RetryReport* report) const {
    internal::RetryHooks call_hooks = hooks();
    call_hooks.limiter = nullptr;
    HttpResponse response =
        internal::send_with_retries(*transport, request, max_retries, call_hooks, report);
    check_status(response, *report);
    return response;
  }

  // The request of a generation, validated: validate -> encode -> headers.
  // @throws InvalidRequestError
  HttpRequest prepare(const ImageGenerationBody& body, const RequestOptions& options) const;

  // The response of a generation's final exchange: typed error or decoded images. A body that
  // cannot be read travels in the DecodeError: it was paid for.
  ImageResponse conclude(HttpResponse& response, const internal::RetryReport& report) const {
    check_status(response, report);
    std::optional<DecodeError> failure;
    try {
      return internal::decode_image_response(response.body);
    } catch (const DecodeError& e) {
      failure.emplace(e.message(), std::move(response.body));
    }
    report.stamp(*failure);
    throw *failure;
  }

  // Refuses a call that would wait for this client's I/O thread from that very thread (a
  // logger or an injected transport calling back into the client): it could never finish.
  void refuse_on_io_thread(const char* call) const {
    const internal::AsyncEngine* engine = engine_ptr.load(std::memory_order_acquire);
    if (engine == nullptr || !engine->on_io_thread()) return;
    throw InvalidRequestError(
        std::string(call) +
        " was called on this client's own I/O thread (from its logger or its transport), where "
        "waiting for an asynchronous call would never end: call it from another thread, or on "
        "another Client");
  }

  // Starts a generation on the I/O thread; `done` gets its response or error there.
  void start(const ImageGenerationBody& body, const RequestOptions& options,
             std::function<void(std::optional<ImageResponse>, std::exception_ptr)> done) const;

  internal::AsyncEngine& engine() const {
    std::call_once(engine_once, [this] {
      // An injected transport is synchronous: the engine calls it from the I/O thread.
      engine_ = std::make_unique<internal::AsyncEngine>(options.transport);
      engine_ptr.store(engine_.get(), std::memory_order_release);
    });
    return *engine_;
  }

  mutable std::once_flag engine_once;
  mutable std::atomic<const internal::AsyncEngine*> engine_ptr{nullptr};  // set once created
  // Last: destroyed first, finishing outstanding calls while the members above still exist.
  mutable std::unique_ptr<internal::AsyncEngine> engine_;
};

HttpRequest Client::Impl::prepare(const ImageGenerationBody& body,
                                  const RequestOptions& options) const {
  internal::validate_request(body);
  validate_call_options(options);

  HttpRequest request;
  request.method = "POST";
  request.url = generations_url;
  request.body = internal::encode_request(body);
  request.timeout = options.timeout.value_or(this->options.timeout);
  request.connect_timeout = options.connect_timeout.value_or(this->options.connect_timeout);
  request.max_response_bytes = this->options.max_response_bytes;
  request.cancellation = options.cancellation;
  request.ca_bundle = this->options.ca_bundle;
  request.proxy = this->options.proxy;
  // SDK headers, then the client's defaults, then the call's: a later one replaces an earlier
  // one of the same name. Authorization cannot be replaced (validate_headers refuses it).
  request.headers = {{"Content-Type", "application/json"},
                     {"Accept", "application/json"},
                     {"User-Agent", user_agent()}};
  for (const auto& [name, value] : this->options.default_headers) {
    set_header(request.headers, name, value);
  }
  for (const auto& [name, value] : options.headers)
    set_header(request.headers, name, value);
  request.headers.emplace_back("Authorization", "Bearer " + api_key);
  return request;
}

void Client::Impl::start(
    const ImageGenerationBody& body, const RequestOptions& options,
    std::function<void(std::optional<ImageResponse>, std::exception_ptr)> done) const {
  HttpRequest request;
  std::exception_ptr refused;
  try {
    request = redacting(secrets, [&] {
      refuse_on_io_thread("generate_async");
      return prepare(body, options);
    });
  } catch (...) {
    refused = std::current_exception();
  }
  if (refused) {
    done(std::nullopt, std::move(refused));
    return;
  }
  const int max_retries = options.max_retries.value_or(this->options.max_retries);
  engine().submit(std::move(request), max_retries, hooks(options),
                  [this, done = std::move(done)](HttpResponse* response, std::exception_ptr error,
                                                 const internal::RetryReport& report) {
                    // Handed over outside any catch block, with no other reference left on this
                    // thread (see AsyncEngine's settle()).
                    std::optional<ImageResponse> images;
                    std::exception_ptr failure;
                    try {
                      images = redacting(secrets, [&] {
                        if (error) {
                          const std::exception_ptr in_flight = std::move(error);
                          std::rethrow_exception(in_flight);
                        }
                        return conclude(*response, report);
                      });
                    } catch (...) {
                      failure = std::current_exception();
                    }
                    if (images) {
                      done(std::move(images), nullptr);
                    } else {
                      done(std::nullopt, std::move(failure));
                    }
                  });
}

Client::Client(ClientOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->api_key =
      options.api_key.empty() ? first_env({"EDENAI_API_KEY", "EDEN_AI_API_KEY"}) : options.api_key;
  if (impl_->api_key.empty()) {
    throw InvalidRequestError(
        "no API key: set ClientOptions::api_key or the EDENAI_API_KEY environment variable");
  }
  if (!is_visible_ascii(impl_->api_key)) {
    throw InvalidRequestError("the API key contains whitespace, control or non-ASCII characters");
  }
  impl_->secrets = {impl_->api_key};

  std::string base_url = options.base_url.empty()
                             ? first_env({"EDENAI_BASE_URL", "EDEN_AI_BASE_URL"})
                             : options.base_url;
  if (base_url.empty()) base_url = kDefaultBaseUrl;
  redacting(impl_->secrets, [&] {
    const internal::ApiUrl url(base_url);
    impl_->base_url = url.base();
    impl_->generations_url = url.join(kGenerationsPath);
  });

  require_timeout(options.timeout, "timeout");
  require_timeout(options.connect_timeout, "connect_timeout");
  require_retries(options.max_retries);
  if (options.max_response_bytes == 0) {
    throw InvalidRequestError("max_response_bytes must be positive");
  }
  redacting(impl_->secrets, [&] {
    internal::validate_headers(options.default_headers, "default_headers", /*on_the_wire=*/true);
  });

  if (!options.proxy.empty()) validate_proxy(options.proxy);
  if (std::string password = proxy_password(options.proxy); !password.empty()) {
    impl_->secrets.push_back(std::move(password));
  }
  require_rate(options.max_requests_per_second);
  if (options.max_requests_per_second > 0) {
    impl_->limiter = std::make_unique<internal::RateLimiter>(options.max_requests_per_second);
  }
  impl_->transport = options.transport ? options.transport : make_curl_transport();
  impl_->options = std::move(options);
  impl_->options.api_key.clear();  // kept once, in impl_->api_key
}

Client::~Client() = default;
Client::Client(Client&&) noexcept = default;
Client& Client::operator=(Client&&) noexcept = default;

const std::string& Client::base_url() const noexcept {
  return impl_->base_url;
}

std::string redact(std::string text, const std::vector<std::string>& secrets) {
  return internal::redact_all(std::move(text), secrets);
}

std::string Client::redact(std::string text) const {
  return edenai::redact(std::move(text), impl_->secrets);
}

ImageResponse Client::generate(const ImageGenerationBody& body) const {
  return generate(body, RequestOptions{});
}

ImageResponse Client::generate(const ImageGenerationBody& body,
                               const RequestOptions& options) const {
  return redacting(impl_->secrets, [&] {
    const HttpRequest request = impl_->prepare(body, options);
    internal::RetryReport report;
    HttpResponse response = internal::send_with_retries(
        *impl_->transport, request, options.max_retries.value_or(impl_->options.max_retries),
        impl_->hooks(options), &report);
    return impl_->conclude(response, report);
  });
}

std::future<ImageResponse> Client::generate_async(const ImageGenerationBody& body,
                                                  const RequestOptions& options) const {
  auto promise = std::make_shared<std::promise<ImageResponse>>();
  std::future<ImageResponse> future = promise->get_future();
  impl_->start(body, options,
               [promise](std::optional<ImageResponse> response, std::exception_ptr error) {
                 if (response) {
                   promise->set_value(std::move(*response));
                 } else {
                   promise->set_exception(std::move(error));
                 }
               });
  return future;
}

std::vector<GenerationResult> Client::generate_batch(const std::vector<ImageGenerationBody>& bodies,
                                                     const BatchOptions& options) const {
  if (options.concurrency == 0) throw InvalidRequestError("concurrency must be at least 1");
  redacting(impl_->secrets, [&] {
    impl_->refuse_on_io_thread("generate_batch");
    validate_call_options(options.request);
  });
  // One token for the batch: the caller's cancels it, and so does a throwing on_result. And one
  // for its calls' gentler stop: the caller's own, or stop_launching.
  CancellationToken stop;
  const internal::ScopedSubscription link(options.request.cancellation, [stop] { stop.cancel(); });
  RequestOptions call_options = options.request;
  call_options.cancellation = stop;
  const CancellationToken calm;
  const internal::ScopedSubscription calm_on_request(options.request.stop_new_attempts,
                                                     [calm] { calm.cancel(); });
  const internal::ScopedSubscription calm_on_launch(options.stop_launching,
                                                    [calm] { calm.cancel(); });
  if (options.request.stop_new_attempts || options.stop_launching) {
    call_options.stop_new_attempts = calm;
  }

  // Finished calls, handed from the I/O thread to this one.
  struct Finished {
    std::mutex mutex;
    std::condition_variable ready;
    std::deque<std::pair<std::size_t, GenerationResult>> queue;
  };
  auto finished = std::make_shared<Finished>();
  const auto launch = [&](std::size_t index) {
    // A cancelled or failed batch, or one told to stop launching: the rest is not even encoded.
    const bool stopped = stop.cancelled();
    if (stopped || calm.cancelled()) {
      const CancelledError not_started =
          stopped ? internal::call_cancelled() : internal::call_not_started();
      std::lock_guard<std::mutex> lock(finished->mutex);
      finished->queue.emplace_back(index, GenerationResult(std::make_exception_ptr(not_started)));
      return;
    }
    impl_->start(
        bodies[index], call_options,
        [finished, index](std::optional<ImageResponse> response, std::exception_ptr error) {
          GenerationResult result = response ? GenerationResult(std::move(*response))
                                             : GenerationResult(std::move(error));
          std::lock_guard<std::mutex> lock(finished->mutex);
          finished->queue.emplace_back(index, std::move(result));
          finished->ready.notify_one();
        });
  };

  std::vector<std::optional<GenerationResult>> slots(bodies.size());
  std::size_t next = 0;
  std::size_t running = 0;
  for (; next < bodies.size() && running < options.concurrency; ++next, ++running)
    launch(next);
  std::exception_ptr callback_error;
  while (running > 0) {
    std::unique_lock<std::mutex> lock(finished->mutex);
    finished->ready.wait(lock, [&] { return !finished->queue.empty(); });
    auto [index, result] = std::move(finished->queue.front());
    finished->queue.pop_front();
    lock.unlock();
    --running;
    if (next < bodies.size()) {  // keep the pipe full before handing the result over
      launch(next++);
      ++running;
    }
    slots[index].emplace(std::move(result));
    if (options.on_result && !callback_error) {
      try {
        options.on_result(index, *slots[index]);
      } catch (...) {
        callback_error = std::current_exception();
        stop.cancel();
      }
    }
  }
  if (callback_error) std::rethrow_exception(callback_error);
  std::vector<GenerationResult> results;
  results.reserve(bodies.size());
  for (auto& slot : slots)
    results.push_back(std::move(*slot));
  return results;
}

std::vector<std::uint8_t> Client::download(const ImageDataItem& item) const try {
  return redacting(impl_->secrets, [&] {
    if (item.b64_json) return item.bytes();
    if (!item.url) throw DecodeError("image has neither b64_json nor url");
    if (!internal::is_http_url(*item.url)) {
      throw InvalidRequestError("image url must be an http:// or https:// URL without spaces");
    }
    // The image host is not Eden AI: no API key and no configured header goes there, and
    // nothing is bought, so a download cut short may be repeated.
    HttpRequest request;
    request.url = *item.url;
    request.billable = false;
    request.headers.emplace_back("User-Agent", user_agent());
    request.timeout = impl_->options.timeout;
    request.connect_timeout = impl_->options.connect_timeout;
    request.max_redirects = kMaxDownloadRedirects;
    request.max_response_bytes = impl_->options.max_response_bytes;
    request.ca_bundle = impl_->options.ca_bundle;
    request.proxy = impl_->options.proxy;
    internal::RetryReport report;
    const HttpResponse response = impl_->exchange(request, impl_->options.max_retries, &report);
    return std::vector<std::uint8_t>(response.body.begin(), response.body.end());
  });
} catch (Error& e) {
  e.set_delivery(Delivery::not_sent, 0);  // a download buys nothing, whatever the host did
  throw;
}

}  // namespace edenai
