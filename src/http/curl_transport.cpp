// The synchronous libcurl transport. Easy handles are pooled: a call borrows one, and since a
// handle keeps its connection cache (and, for a call of the same shape, its options), sequential
// calls reuse kept-alive connections while concurrent calls each get a handle of their own. No
// curl type leaves this file and curl_common.cpp.
#include "http/curl_transport.hpp"

#include <mutex>
#include <optional>
#include <vector>

#include "core/cancellation_scope.hpp"
#include "edenai/errors.hpp"
#include "http/curl_common.hpp"

namespace edenai {
namespace {

using internal::curl::Exchange;
using internal::curl::PooledHandle;
using internal::curl::SocketRegistry;

class CurlTransport final : public Transport {
 public:
  explicit CurlTransport(bool progress_backstop) : progress_backstop_(progress_backstop) {
    internal::curl::ensure_global();
  }

  HttpResponse send(const HttpRequest& request) override {
    // Declared first so it outlives the handle, which points at it until reset or cleanup.
    Exchange exchange;
    exchange.sockets = &sockets_;
    if (request.cancellation && request.cancellation->cancelled()) throw internal::call_cancelled();
    // What fails before the transfer begins (libcurl out of memory) sent nothing.
    const auto not_sent = [](Error& e) { e.set_delivery(Delivery::not_sent, 0); };
    PooledHandle handle;
    try {
      handle = acquire();
    } catch (Error& e) {
      not_sent(e);
      throw;
    }
    // Unless the handle goes back to the pool, its sockets are forgotten before it is cleaned up.
    struct ForgetUnlessKept {
      SocketRegistry& sockets;
      CURL* handle;
      bool keep = false;
      ~ForgetUnlessKept() {
        if (!keep) sockets.forget(handle);
      }
    } forget{sockets_, handle.handle.get()};
    CURLcode code = CURLE_OK;
    {
      try {
        internal::curl::configure(handle, request, exchange,
                                  {request.cancellation.has_value(), progress_backstop_});
      } catch (Error& e) {
        not_sent(e);
        throw;
      }
      // From here to its end, a cancel() shuts this exchange's sockets down.
      const internal::ScopedSubscription subscription(
          request.cancellation, [this, &exchange] { sockets_.shut_down(&exchange); });
      code = curl_easy_perform(handle.handle.get());
    }
    // A failed or cancelled transfer may leave its connection in any state: its handle is
    // dropped. A cancel that arrived after the last byte does not throw away a complete (and
    // billed) response.
    if (exchange.cancelled && (code != CURLE_OK || exchange.failure)) {
      CancelledError cancelled = internal::call_cancelled();
      internal::curl::stamp_delivery(cancelled, exchange);
      throw cancelled;
    }
    HttpResponse response = internal::curl::finish(handle.handle.get(), code, exchange);
    // A connection a late cancel shut down is not worth pooling.
    forget.keep = !exchange.cancelled;
    if (forget.keep) {
      internal::curl::after_transfer(handle, exchange);
      release(std::move(handle));
    }
    return response;
  }

 private:
  PooledHandle acquire() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!idle_.empty()) {
        PooledHandle handle = std::move(idle_.back());
        idle_.pop_back();
        return handle;
      }
    }
    PooledHandle fresh;
    fresh.handle = internal::curl::new_handle();
    return fresh;
  }

  // Pooled handles keep their connections and options; configure() replaces every pointer into
  // the finished call before the next transfer.
  void release(PooledHandle handle) {
    std::lock_guard<std::mutex> lock(mutex_);
    idle_.push_back(std::move(handle));
  }

  bool progress_backstop_;
  SocketRegistry sockets_;  // before the handles: their connections close through it
  std::mutex mutex_;
  std::vector<PooledHandle> idle_;
};

}  // namespace

std::shared_ptr<Transport> make_curl_transport() {
  return std::make_shared<CurlTransport>(/*progress_backstop=*/true);
}

std::shared_ptr<Transport> internal::make_curl_transport(bool progress_backstop) {
  return std::make_shared<CurlTransport>(progress_backstop);
}

}  // namespace edenai
