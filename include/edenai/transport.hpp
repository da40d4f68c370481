// The seam between the client and HTTP: one virtual method. The SDK ships a libcurl
// implementation (the default); tests and applications may inject their own.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "edenai/cancellation.hpp"

namespace edenai {

/// An HTTP header as a name/value pair.
using Header = std::pair<std::string, std::string>;

/// One HTTP request, fully prepared by the client.
struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<Header> headers;
  std::string body;
  /// Total time allowed for the exchange, from connect to the last byte of the response.
  std::chrono::milliseconds timeout{600'000};
  /// Time allowed to establish the connection, TLS handshake included.
  std::chrono::milliseconds connect_timeout{5'000};
  /// Follow up to this many redirects (http and https only); 0 follows none.
  int max_redirects = 0;
  /// Largest response body accepted, counted after decompression.
  std::size_t max_response_bytes = std::size_t{1} << 30;
  /// PEM file of trusted certificate authorities; empty for the system's.
  std::string ca_bundle;
  /// Proxy URL; empty for the environment's (`https_proxy`, `http_proxy`, `no_proxy`, ...).
  std::string proxy;
  /// When set and triggered, the transport abandons the exchange promptly and throws
  /// `CancelledError`.
  std::optional<CancellationToken> cancellation;
  /// Whether Eden may bill the request (a generation). Such a request is never repeated once a
  /// 2xx answer began to arrive; one that is not billed (an image download) may be.
  bool billable = true;
};

/// One complete HTTP response.
struct HttpResponse {
  int status = 0;
  /// Response headers with lower-case names, in the order received.
  std::vector<Header> headers;
  /// The body, already decompressed.
  std::string body;

  /// The value of the first header named `name` (lower case), or nullptr.
  const std::string* header(const std::string& name) const;
};

/// Sends HTTP requests. Implementations must be safe to call from many threads at once.
class Transport {
 public:
  virtual ~Transport() = default;

  /// Sends `request` and returns the whole response, whatever its status. Sends it at most
  /// once: re-sending is the client's decision alone (its retry loop counts every attempt).
  /// An error thrown should say with `Error::set_delivery` how far the request got
  /// (`Delivery::not_sent` before it was written out whole, `Delivery::answered` once a 2xx
  /// status line had arrived, `Delivery::rejected` after another status line, else
  /// `Delivery::unanswered`); the client never retries an answered attempt. Without it, a
  /// ConnectionError counts as unanswered (possibly billed).
  /// @throws TimeoutError when a timeout elapsed.
  /// @throws ConnectionError when no whole response was received.
  /// @throws ResponseTooLargeError when the body exceeds `request.max_response_bytes`.
  /// @throws CancelledError when `request.cancellation` was triggered.
  virtual HttpResponse send(const HttpRequest& request) = 0;
};

/// The default transport: libcurl with kept-alive connections reused across calls, gzip
/// accepted and TLS verification always on.
std::shared_ptr<Transport> make_curl_transport();

}  // namespace edenai
