// The Client facade: configuration from options and environment, and the request pipeline of
// core/client_impl.hpp that every operation runs through. The endpoints are in src/api/.
#include "edenai/client.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "api/decoders.hpp"
#include "api/validation.hpp"
#include "core/attempt_log.hpp"
#include "core/cancellation_scope.hpp"
#include "core/client_impl.hpp"
#include "core/rate_limiter.hpp"
#include "core/redaction.hpp"
#include "core/retry.hpp"
#include "edenai/budget.hpp"
#include "edenai/errors.hpp"
#include "edenai/version.hpp"
#include "http/api_errors.hpp"
#include "http/api_url.hpp"
#include "http/async_engine.hpp"

namespace edenai {
namespace {

constexpr const char* kDefaultBaseUrl = "https://api.edenai.run";
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

const std::string& user_agent() {
  static const std::string agent = std::string("edenai-cpp/") + version();
  return agent;
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

}  // namespace

using internal::redacting;

void internal::validate_call_options(const RequestOptions& options) {
  internal::validate_headers(options.headers, "request headers", /*on_the_wire=*/true);
  if (options.timeout) require_timeout(*options.timeout, "timeout");
  if (options.connect_timeout) require_timeout(*options.connect_timeout, "connect_timeout");
  if (options.max_retries) require_retries(*options.max_retries);
  if (options.estimated_cost &&
      (!std::isfinite(*options.estimated_cost) || *options.estimated_cost < 0)) {
    throw InvalidRequestError("estimated_cost must be a finite number of USD, 0 or more");
  }
}

std::string internal::encode_query_value(std::string_view text) {
  static const char* const kHex = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (alnum || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    }
  }
  return out;
}

internal::RetryHooks Client::Impl::hooks(const RequestOptions& call,
                                         std::shared_ptr<internal::Charge> charge) const {
  internal::RetryHooks hooks = retry_hooks;
  hooks.limiter = limiter.get();
  hooks.stop_new_attempts = call.stop_new_attempts;
  if (charge) {
    hooks.may_bill_again = [this, charge = std::move(charge)] {
      if (charge->extend()) return true;
      note(LogLevel::warning,
           "budget: no retry of the " + std::string(charge->purchase().call) + " (" +
               charge->purchase().model +
               "): its last attempt may have been billed, and another one, estimated at $" +
               std::to_string(charge->estimate().usd) + ", would exceed the budget ($" +
               std::to_string(charge->remaining()) + " left)");
      return false;
    };
  }
  if (options.logger) {
    hooks.on_attempt = [this](const internal::AttemptOutcome& outcome) {
      internal::log_attempt(options.logger, options.log_level, *outcome.request, outcome, secrets);
    };
  }
  return hooks;
}

HttpRequest Client::Impl::prepare(internal::Operation operation, const RequestOptions& call) const {
  internal::validate_call_options(call);
  HttpRequest request;
  request.method = operation.method;
  request.url = url->join(operation.path, operation.query);
  request.billable = !operation.repeatable;
  request.body = std::move(operation.json);
  request.form = std::move(operation.form);
  request.timeout = call.timeout.value_or(options.timeout);
  request.connect_timeout = call.connect_timeout.value_or(options.connect_timeout);
  request.max_response_bytes = options.max_response_bytes;
  request.cancellation = call.cancellation;
  request.ca_bundle = options.ca_bundle;
  request.proxy = options.proxy;
  // SDK headers, then the client's defaults, then the call's: a later one replaces an earlier
  // one of the same name. Authorization cannot be replaced (validate_headers refuses it). A form
  // gets its Content-Type, with the boundary, from the transport.
  request.headers.reserve(4 + options.default_headers.size() + call.headers.size());
  if (!request.body.empty()) request.headers.emplace_back("Content-Type", "application/json");
  request.headers.emplace_back("Accept", "application/json");
  request.headers.emplace_back("User-Agent", user_agent());
  for (const auto& [name, value] : options.default_headers)
    set_header(request.headers, name, value);
  for (const auto& [name, value] : call.headers)
    set_header(request.headers, name, value);
  if (!request.form.empty()) {  // the transport's, with the boundary: a caller's would break it
    request.headers.erase(std::remove_if(request.headers.begin(), request.headers.end(),
                                         [](const Header& header) {
                                           return internal::equals_ignoring_case(header.first,
                                                                                 "Content-Type");
                                         }),
                          request.headers.end());
  }
  request.headers.emplace_back("Authorization", "Bearer " + api_key);
  return request;
}

HttpResponse Client::Impl::send(const HttpRequest& request, int retries, const RequestOptions& call,
                                internal::RetryReport& report, bool paced,
                                std::shared_ptr<internal::Charge> charge) const {
  internal::RetryHooks call_hooks = hooks(call, std::move(charge));
  if (!paced) call_hooks.limiter = nullptr;
  return internal::send_with_retries(*transport, request, retries, call_hooks, &report);
}

void Client::Impl::check_status(const HttpResponse& response,
                                const internal::RetryReport& report) const {
  if (response.status >= 200 && response.status < 300) return;
  try {
    internal::throw_api_error(response, secrets);
  } catch (ApiError& e) {
    report.stamp(e);
    e.set_retry_after(report.server_delay);
    throw;
  }
}

void Client::Impl::refuse_on_io_thread(const char* call) const {
  const internal::AsyncEngine* engine = engine_ptr.load(std::memory_order_acquire);
  if (engine == nullptr || !engine->on_io_thread()) return;
  throw InvalidRequestError(
      std::string(call) +
      " was called on this client's own I/O thread (from its logger or its transport), where "
      "waiting for an asynchronous call would never end: call it from another thread, or on "
      "another Client");
}

internal::AsyncEngine& Client::Impl::engine() const {
  std::call_once(engine_once, [this] {
    // An injected transport is synchronous: the engine calls it from the I/O thread.
    engine_ = std::make_unique<internal::AsyncEngine>(options.transport);
    engine_ptr.store(engine_.get(), std::memory_order_release);
  });
  return *engine_;
}

void Client::Impl::submit(const std::function<internal::Operation()>& describe, const char* name,
                          const RequestOptions& call, Finished finished, Handoff handoff,
                          const std::shared_ptr<std::shared_ptr<internal::Charge>>& charge) const {
  HttpRequest request;
  std::exception_ptr refused;
  internal::AsyncEngine* io = nullptr;
  try {
    if (handoff == Handoff::callback) io = &engine();  // to hand a refusal over there
    request = redacting(secrets, [&] {
      // A caller that waits must not be the I/O thread; a callback may start calls from there.
      if (handoff == Handoff::waited_for) refuse_on_io_thread(name);
      internal::Operation operation = describe();
      const std::optional<internal::Purchase> purchase = std::move(operation.purchase);
      HttpRequest prepared = prepare(std::move(operation), call);
      *charge = reserve(purchase, call);  // last: only the budget can refuse it now
      return prepared;
    });
    if (io == nullptr) io = &engine();
  } catch (...) {
    refused = std::current_exception();
  }
  if (!refused) {
    io->submit(std::move(request), max_retries(call), hooks(call, *charge), std::move(finished));
    return;
  }
  if (*charge) {  // refused after its reservation (the I/O thread could not start): not sent
    (*charge)->release();
    charge->reset();
  }
  if (handoff == Handoff::callback && io != nullptr) {
    // Never inside the initiating call: a refused body reaches its callback on the I/O thread too.
    io->post([finished = std::move(finished), refused = std::move(refused)]() mutable {
      finished(nullptr, std::move(refused), internal::RetryReport{});
    });
    return;
  }
  finished(nullptr, std::move(refused), internal::RetryReport{});
}

CostEstimate Client::Impl::estimate(const internal::Purchase& purchase,
                                    const RequestOptions& call) const {
  CostEstimate estimate;
  estimate.images = std::max(1, purchase.images);
  if (call.estimated_cost) {
    estimate.usd = *call.estimated_cost;
    estimate.source = EstimateSource::caller;
    return estimate;
  }
  if (options.estimate_from_model_prices) {
    if (const std::optional<double> price = model_price(purchase)) {
      estimate.usd = *price * estimate.images * internal::size_factor(purchase.size);
      estimate.source = EstimateSource::model_price;
      return estimate;
    }
  }
  const Budget* budget = options.budget.get();
  if (budget != nullptr) {
    if (const auto seen = budget->observed_price(purchase.model, purchase.size, purchase.quality)) {
      estimate.usd = *seen * estimate.images;
      estimate.source = EstimateSource::last_observed;
      return estimate;
    }
  }
  const double per_image =
      budget != nullptr ? budget->default_estimate() : Budget::kDefaultEstimatePerImage;
  estimate.usd = per_image * estimate.images * internal::size_factor(purchase.size);
  estimate.source = EstimateSource::default_estimate;
  return estimate;
}

CostEstimate Client::Impl::estimate_of(const std::function<internal::Operation()>& describe,
                                       const RequestOptions& call) const {
  return redacting(secrets, [&] {
    internal::validate_call_options(call);
    const internal::Operation operation = describe();
    return estimate(operation.purchase.value_or(internal::Purchase{}), call);
  });
}

std::optional<double> Client::Impl::model_price(const internal::Purchase& purchase) const {
  const std::lock_guard<std::mutex> lock(prices_mutex);  // one fetch, the other calls wait for it
  if (!prices_fetched) {
    prices_fetched = true;
    try {
      const ListModelsResponse list = call<ListModelsResponse>(
          [] {
            internal::Operation operation;
            operation.path = "/v3/images/models";
            operation.repeatable = true;
            return operation;
          },
          {}, internal::decode_model_list);
      for (const ModelObject& model : list.data) {
        if (model.pricing) prices[model.id] = *model.pricing;
      }
    } catch (const Error& e) {
      note(LogLevel::warning,
           std::string("budget: the model list could not be read for its prices (") + e.what() +
               "); the estimates use the other sources");
    }
  }
  const auto found = prices.find(purchase.model);
  if (found == prices.end()) return std::nullopt;
  return internal::price_from_pricing(found->second, purchase.quality);
}

std::shared_ptr<internal::Charge> Client::Impl::reserve(
    const std::optional<internal::Purchase>& purchase, const RequestOptions& call) const {
  if (!purchase || !options.budget) return nullptr;
  return std::make_shared<internal::Charge>(options.budget, *purchase, estimate(*purchase, call));
}

void Client::Impl::settle_failure(internal::Charge& charge, const Error& error) const {
  const double kept = charge.settle(error);
  if (kept > 0) {
    note(LogLevel::warning, "budget: the " + std::string(charge.purchase().call) + " (" +
                                charge.purchase().model + ") failed after " +
                                std::to_string(error.billable_attempts()) +
                                " attempt(s) that may have been billed: $" + std::to_string(kept) +
                                " (their estimate) kept as spent");
  }
}

void Client::Impl::note(LogLevel level, const std::string& line) const noexcept {
  if (!options.logger || static_cast<int>(level) < static_cast<int>(options.log_level)) return;
  try {
    options.logger(level, internal::redact_all(line, secrets));
  } catch (...) {  // a logger's exception is ignored, as for the attempt lines
  }
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
    impl_->url.emplace(url);
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

void Client::Impl::finish() const {
  if (engine_) engine_->finish();
}

// The I/O thread ends first, while every member it may reach (a callback chaining a call) is
// still alive; only then is the state destroyed.
Client::~Client() {
  if (impl_) impl_->finish();
}

Client::Client(Client&&) noexcept = default;

Client& Client::operator=(Client&& other) noexcept {
  if (this != &other) {
    if (impl_) impl_->finish();
    impl_ = std::move(other.impl_);
  }
  return *this;
}

const std::string& Client::base_url() const noexcept {
  return impl_->url->base();
}

std::string redact(std::string text, const std::vector<std::string>& secrets) {
  return internal::redact_all(std::move(text), secrets);
}

std::string Client::redact(std::string text) const {
  return edenai::redact(std::move(text), impl_->secrets);
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
    // Not paced by the rate limit, which is Eden AI's, not the image host's.
    internal::RetryReport report;
    const HttpResponse response =
        impl_->send(request, impl_->options.max_retries, {}, report, /*paced=*/false);
    impl_->check_status(response, report);
    return std::vector<std::uint8_t>(response.body.begin(), response.body.end());
  });
} catch (Error& e) {
  e.set_delivery(Delivery::not_sent, 0);  // a download buys nothing, whatever the host did
  throw;
}

}  // namespace edenai
