// The client's state and its one request pipeline: every operation of every endpoint runs through
// `call` (blocking), `start` (asynchronous) or `batch`: call options checked, headers and auth,
// rate limit, retries, attempt log, transport or I/O thread, status -> typed error, decoding,
// redaction. An endpoint (src/api/*.cpp) only describes its Operation and names its decoder.
#pragma once

#include <atomic>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/cost_guard.hpp"
#include "core/operation.hpp"
#include "core/rate_limiter.hpp"
#include "core/redaction.hpp"
#include "core/retry.hpp"
#include "edenai/batch.hpp"
#include "edenai/client.hpp"
#include "edenai/errors.hpp"
#include "edenai/result.hpp"
#include "http/api_url.hpp"
#include "http/async_engine.hpp"
#include "http/buffer_pool.hpp"

namespace edenai {

namespace internal {

/// Reads a 2xx body into the operation's response type. @throws DecodeError
template <typename T>
using Decoder = T (*)(const SharedBody& body);

/// Runs `call`; any SDK exception it raises leaves with every secret redacted, whatever its type:
/// `Error::redact` is virtual, and each type redacts the text it holds. Every public call of the
/// client goes through here (the pipeline below), so no error of any type leaves unredacted.
template <typename Call>
auto redacting(const Secrets& secrets, Call&& call) -> decltype(call()) {
  try {
    return call();
  } catch (Error& e) {
    e.redact(secrets);
    throw;
  }
}

/// Checks what a call's options may hold. @throws InvalidRequestError
void validate_call_options(const RequestOptions& options);

}  // namespace internal

struct EDENAI_NO_EXPORT Client::Impl {
  using Finished = internal::AsyncEngine::Done;

  std::string api_key;
  internal::Secrets secrets;  // api_key, then the proxy password if any
  std::optional<internal::ApiUrl> url;
  ClientOptions options;
  std::shared_ptr<Transport> transport;
  std::unique_ptr<internal::RateLimiter> limiter;  // when max_requests_per_second is set
  internal::RetryHooks retry_hooks = internal::default_retry_hooks();

  /// The hooks of one call: the client's, plus the logger, the call's stop and, for a paid call
  /// under a budget, its `charge` (extended before an attempt after a possibly billed one).
  internal::RetryHooks hooks(const RequestOptions& call = {},
                             std::shared_ptr<internal::Charge> charge = nullptr) const;

  /// What a paid call will cost: the caller's estimate, the model's price (when opted in), the
  /// budget's last observed price, else its default (docs/budget.md).
  CostEstimate estimate(const internal::Purchase& purchase, const RequestOptions& call) const;

  /// The estimate of the paid operation `describe()` validates and builds (nothing is sent).
  /// @throws InvalidRequestError
  CostEstimate estimate_of(const std::function<internal::Operation()>& describe,
                           const RequestOptions& call) const;

  /// The reservation of a paid call on the client's budget, or null (no budget, not paid).
  /// Made after everything else about the call was checked: nothing remains to refuse it but
  /// the budget. @throws BudgetExceededError
  std::shared_ptr<internal::Charge> reserve(const std::optional<internal::Purchase>& purchase,
                                            const RequestOptions& call) const;

  /// Settles `charge` (if any) with a call's outcome: the decoded value, or the error it ended
  /// with (null for one that is not an edenai::Error).
  template <typename T>
  void settle(internal::Charge* charge, const T* value, const Error* error,
              const internal::RetryReport& report) const {
    if (charge == nullptr) return;
    if constexpr (std::is_same_v<T, ImageResponse>) {
      if (value != nullptr) return charge->settle(*value, report.billable_attempts);
    }
    if (error != nullptr) settle_failure(*charge, *error);
  }
  void settle_failure(internal::Charge& charge, const Error& error) const;

  /// A line of the cost guard's to the logger, if its level is wanted (never throws).
  void note(LogLevel level, const std::string& line) const noexcept;

  /// The HTTP request of `operation`: options checked, URL, headers, auth.
  /// @throws InvalidRequestError
  HttpRequest prepare(internal::Operation operation, const RequestOptions& options) const;

  /// Sends with retries, blocking (paced by the rate limit unless `paced` is false).
  HttpResponse send(const HttpRequest& request, int max_retries, const RequestOptions& options,
                    internal::RetryReport& report, bool paced = true,
                    std::shared_ptr<internal::Charge> charge = nullptr) const;

  /// A final status outside 2xx becomes its typed ApiError.
  void check_status(const HttpResponse& response, const internal::RetryReport& report) const;

  /// The response of a final exchange: typed error, or the decoded body. A 2xx body that cannot
  /// be read travels in the DecodeError: it may have been paid for.
  template <typename T>
  T conclude(HttpResponse& response, const internal::RetryReport& report,
             internal::Decoder<T> decode) const {
    check_status(response, report);
    // Shared from here on: the images' base64 stays in this buffer (docs/shared-buffers.md).
    std::shared_ptr<internal::BodyHolder> holder = internal::hold_body(std::move(response.body));
    std::optional<DecodeError> failure;
    try {
      return decode(internal::SharedBody(holder, &holder->text));
    } catch (const DecodeError& e) {
      failure.emplace(e.message(), internal::reclaim(std::move(holder)));
    }
    report.stamp(*failure);
    throw *failure;
  }

  int max_retries(const RequestOptions& call) const {
    return call.max_retries.value_or(options.max_retries);
  }

  /// A blocking call: `describe()` validates and encodes the operation.
  template <typename T, typename Describe>
  T call(Describe&& describe, const RequestOptions& call_options,
         internal::Decoder<T> decode) const {
    return internal::redacting(secrets, [&] {
      internal::Operation operation = describe();
      const std::optional<internal::Purchase> purchase = std::move(operation.purchase);
      const HttpRequest request = prepare(std::move(operation), call_options);
      const std::shared_ptr<internal::Charge> charge = reserve(purchase, call_options);
      internal::RetryReport report;
      try {
        HttpResponse response =
            send(request, max_retries(call_options), call_options, report, true, charge);
        T value = conclude(response, report, decode);
        settle<T>(charge.get(), &value, nullptr, report);
        return value;
      } catch (const Error& e) {
        settle<T>(charge.get(), nullptr, &e, report);
        throw;
      }
    });
  }

  /// Who takes an asynchronous call's result: a thread that will wait for it (a future, a
  /// batch), or a callback of the application.
  enum class Handoff { waited_for, callback };

  /// Starts an operation on the I/O thread; `finished` gets the last response or the error
  /// there. An operation or options refused reach `finished` at once on this thread when the
  /// result is waited for, and on the I/O thread, after this returns, for a callback (only when
  /// the I/O thread itself cannot be started does a callback's refusal come at once). A call
  /// waited for is refused on the I/O thread (`refuse_on_io_thread`).
  /// A paid call's reservation is made here (a BudgetExceededError is a refusal like the
  /// others) and put in `charge`, for `finished` to settle.
  void submit(const std::function<internal::Operation()>& describe, const char* name,
              const RequestOptions& call_options, Finished finished, Handoff handoff,
              const std::shared_ptr<std::shared_ptr<internal::Charge>>& charge) const;

  /// An asynchronous call: `done` gets the decoded value or the typed, redacted error.
  template <typename T>
  void start(const std::function<internal::Operation()>& describe, const char* name,
             const RequestOptions& call_options, internal::Decoder<T> decode,
             std::function<void(Result<T>)> done, Handoff handoff = Handoff::waited_for) const {
    auto charge = std::make_shared<std::shared_ptr<internal::Charge>>();
    submit(
        describe, name, call_options,
        [this, decode, charge, done = std::move(done)](
            HttpResponse* response, std::exception_ptr error, const internal::RetryReport& report) {
          // Handed over outside any catch block, with no other reference left on this thread
          // (see AsyncEngine's settle()).
          std::optional<T> value;
          std::exception_ptr failure;
          try {
            value.emplace(internal::redacting(secrets, [&] {
              if (error) {
                const std::exception_ptr in_flight = std::move(error);
                std::rethrow_exception(in_flight);
              }
              return conclude(*response, report, decode);
            }));
          } catch (const Error& e) {
            settle<T>(charge->get(), nullptr, &e, report);
            charge->reset();
            failure = std::current_exception();
          } catch (...) {
            failure = std::current_exception();
          }
          if (value) {
            settle<T>(charge->get(), &*value, nullptr, report);
            charge->reset();
            done(Result<T>(std::move(*value)));
          } else {
            charge->reset();  // unsettled (not an edenai::Error): kept as spent
            done(Result<T>(std::move(failure)));
          }
        },
        handoff, charge);
  }

  /// `start` for an application's callback, which must not throw (std::terminate if it does).
  /// @throws InvalidRequestError when `done` is empty.
  template <typename T>
  void start_with_callback(const std::function<internal::Operation()>& describe, const char* name,
                           const RequestOptions& call_options, internal::Decoder<T> decode,
                           std::function<void(Result<T>)> done) const {
    if (!done) {
      throw InvalidRequestError(std::string(name) + " was given an empty callback");
    }
    start<T>(
        describe, name, call_options, decode,
        [done = std::move(done)](Result<T> result) noexcept { done(std::move(result)); },
        Handoff::callback);
  }

  /// `start` with a future.
  template <typename T>
  std::future<T> call_async(const std::function<internal::Operation()>& describe, const char* name,
                            const RequestOptions& call_options, internal::Decoder<T> decode) const {
    auto promise = std::make_shared<std::promise<T>>();
    std::future<T> future = promise->get_future();
    start<T>(describe, name, call_options, decode, [promise](Result<T> result) {
      if (result.ok()) {
        promise->set_value(std::move(result).value());
      } else {
        promise->set_exception(result.error());
      }
    });
    return future;
  }

  /// Runs `count` image operations (`describe(i)` builds the i-th, when it is launched), at most
  /// `options.concurrency` at once, as `generate_batch` documents.
  std::vector<GenerationResult> batch(
      std::size_t count, const BatchOptions& batch_options, const char* name,
      const std::function<internal::Operation(std::size_t)>& describe,
      internal::Decoder<ImageResponse> decode) const;

  /// Refuses a call that would wait for this client's I/O thread from that very thread (a logger
  /// or an injected transport calling back into the client): it could never finish.
  void refuse_on_io_thread(const char* call) const;

  internal::AsyncEngine& engine() const;

  /// Ends the I/O thread, if it was started: outstanding calls finish with CancelledError,
  /// with every member still alive. The destructor and the move assignment call it first.
  void finish() const;

  // The models' `pricing` by id, fetched once when `estimate_from_model_prices` is set.
  mutable std::mutex prices_mutex;
  mutable bool prices_fetched = false;
  mutable std::map<std::string, nlohmann::json> prices;
  /// The price of one image of `purchase` from the model list, fetching it the first time.
  std::optional<double> model_price(const internal::Purchase& purchase) const;

  mutable std::once_flag engine_once;
  mutable std::atomic<const internal::AsyncEngine*> engine_ptr{nullptr};  // set once created
  // Last: destroyed first, finishing outstanding calls while the members above still exist.
  mutable std::unique_ptr<internal::AsyncEngine> engine_;
};

}  // namespace edenai
