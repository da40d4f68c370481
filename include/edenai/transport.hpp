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
#include "edenai/export.hpp"

namespace edenai {

/// An HTTP header as a name/value pair.
using Header = std::pair<std::string, std::string>;

/// One part of a `multipart/form-data` body (an upload).
struct EDENAI_EXPORT FormPart {
  /// The form field's name, e.g. `file` or `purpose`.
  std::string name;
  /// The part's content: a file's bytes, or a text field's value.
  std::string data;
  /// Set for a file part: the file name sent in its `Content-Disposition`.
  std::optional<std::string> file_name;
  /// The part's `Content-Type` (a file's MIME type); empty sends none (a text field).
  std::string content_type;
};

/// One HTTP request, fully prepared by the client.
struct EDENAI_EXPORT HttpRequest {
  std::string method = "GET";   ///< `GET`, `POST` or `DELETE`
  std::string url;              ///< The whole URL, with the query
  std::vector<Header> headers;  ///< In order, the Authorization header among them
  /// The body (JSON), sent as is; empty for none or when `form` is used.
  std::string body;
  /// When not empty, the body is `multipart/form-data` made of these parts, in order, and
  /// `body` is empty. The transport writes the boundary and the `Content-Type` header.
  std::vector<FormPart> form;
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
  /// Whether the request must not be repeated once a 2xx answer began to arrive: a generation or
  /// an edit (billed: another attempt would buy it again) and an upload (it would store a second
  /// file). A request without that risk (a GET, a delete, an image download) may be.
  bool billable = true;
};

/// One complete HTTP response.
struct EDENAI_EXPORT HttpResponse {
  int status = 0;  ///< The final status (interim 1xx answers are not responses)
  /// Response headers with lower-case names, in the order received.
  std::vector<Header> headers;
  /// The body, already decompressed.
  std::string body;

  /// The value of the first header named `name` (lower case), or nullptr.
  const std::string* header(const std::string& name) const;
};

/// Sends HTTP requests. Implementations must be safe to call from many threads at once.
class EDENAI_EXPORT Transport {
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
EDENAI_EXPORT std::shared_ptr<Transport> make_curl_transport();

}  // namespace edenai
