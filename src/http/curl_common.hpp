// What the synchronous transport (curl_transport.cpp) and the asynchronous engine
// (async_engine.cpp) share about one libcurl transfer: the handle types, the options set from an
// HttpRequest, the callbacks that fill the response, and the mapping of a result to an error.
#pragma once

#include <curl/curl.h>

#include <atomic>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "edenai/errors.hpp"
#include "edenai/transport.hpp"

namespace edenai::internal::curl {

/// Initialises libcurl once per process, thread-safely; never torn down.
void ensure_global();

struct HandleDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
using Handle = std::unique_ptr<CURL, HandleDeleter>;

struct ListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using HeaderList = std::unique_ptr<curl_slist, ListDeleter>;

/// A new easy handle. @throws ConnectionError when libcurl cannot allocate one.
Handle new_handle();

struct MimeDeleter {
  void operator()(curl_mime* mime) const { curl_mime_free(mime); }
};
using Mime = std::unique_ptr<curl_mime, MimeDeleter>;

class SocketRegistry;
struct Exchange;

/// One part of a multipart body, handed to libcurl by a read callback that, like the JSON
/// body's, cannot rewind once it has handed anything.
struct PartReader {
  const std::string* data = nullptr;
  std::size_t offset = 0;
  Exchange* exchange = nullptr;
};

/// What the callbacks fill while a transfer runs. Callbacks never let an exception unwind
/// through libcurl's C frames: they store it and abort the transfer, and `finish` rethrows it.
struct Exchange {
  HttpResponse response;
  std::size_t max_body = 0;
  /// The request body, handed to libcurl by a read callback that cannot rewind (see
  /// docs/retries.md: libcurl then cannot re-send it on its own), and how much of it was handed.
  const std::string* body = nullptr;
  std::size_t body_handed = 0;
  /// The bytes of body to hand over: the JSON body's, or the sum of the form parts' contents.
  std::size_t body_total = 0;
  /// The JSON body goes out with the head (CURLOPT_POSTFIELDS, under kInlineBodyLimit): how
  /// much of it was written is then read from libcurl, not counted by a callback.
  bool body_inline = false;
  /// libcurl wanted to send an inline body's request again (which the pre-request callback
  /// refused): it may have been written in full before.
  bool inline_written = false;
  /// A multipart body (`HttpRequest::form`): its parts' readers (never reallocated: libcurl
  /// holds pointers to them) and the MIME structure, alive as long as the transfer.
  std::vector<PartReader> parts;
  Mime mime;
  /// How many times libcurl began sending the request in this transfer (1 unless it reconnected).
  int request_starts = 0;
  /// The status of the last final (non-1xx) status line received, once one has arrived.
  std::optional<int> final_status;
  /// Whether the next header line is a status line: the first of a response (at the request's
  /// start, or after an interim answer's blank line), as libcurl itself reads them.
  bool expect_status_line = false;
  bool in_interim = false;
  /// Whether an interim (1xx) answer arrived: the server has the request.
  bool interim_seen = false;
  /// Redirects may only lead to https URLs (a download that began on https).
  bool https_only_redirects = false;
  /// `HttpRequest::billable`.
  bool billable = true;
  std::exception_ptr failure;
  char error[CURL_ERROR_SIZE] = {};
  CURL* curl = nullptr;
  /// Set by the synchronous transport, whose cancellation shuts sockets down.
  SocketRegistry* sockets = nullptr;
  std::atomic<bool> cancelled{false};
};

// The sockets of each pooled handle, so that a cancellation can shut them down and wake libcurl
// at once (its own progress callback may wait a second on an idle transfer). A socket belongs
// to the handle that opened it, for as long as the connection sits in that handle's cache, so
// a call that reuses a kept-alive connection is found too. Sockets are registered when opened
// and forgotten when libcurl closes them through the callback, and all of a handle's entries are
// forgotten when the handle is dropped (libcurl does not always close through the callback after
// an aborted transfer), so a cancellation never shuts down a descriptor number the system has
// since given to someone else.
class SocketRegistry {
 public:
  void add(curl_socket_t fd, CURL* handle);
  void closing(curl_socket_t fd);
  void forget(CURL* handle);
  void shut_down(Exchange* exchange);

 private:
  std::mutex mutex_;
  std::unordered_map<curl_socket_t, CURL*> owners_;
};

/// How a transfer watches for cancellation (synchronous transport only).
struct CancelWatch {
  bool enabled = false;           ///< the request has a token
  bool progress_backstop = true;  ///< also poll the flag from the progress callback
};

/// How a request's body is handed to libcurl (request_body.cpp).
enum class BodyKind { none, inline_json, read_json, form };

/// What the options a transfer keeps from one call to the next depend on: a handle whose last
/// transfer had the same shape needs only its per-call values set (URL, headers, body, timeouts,
/// the pointers into the exchange), anything else a reset and every option.
struct Shape {
  std::string method;
  BodyKind body = BodyKind::none;
  std::string ca_bundle;
  std::string proxy;
  bool https = false;
  bool redirects = false;
  bool cancel_watch = false;
  bool progress_backstop = false;
  const SocketRegistry* sockets = nullptr;
};

/// The shape of `request` as `configure` would set it.
Shape shape_of(const HttpRequest& request, const Exchange& exchange, CancelWatch watch);
/// Whether `request` has `shape` (every member equal to shape_of's, without building one).
bool same_shape(const Shape& shape, const HttpRequest& request, const Exchange& exchange,
                CancelWatch watch);

/// A pooled easy handle and the shape of the transfer it was last configured for. Between
/// transfers the handle still points at the finished exchange; nothing reads those pointers
/// before `configure` replaces them.
struct PooledHandle {
  /// The request header list the handle sends (alive as long as its transfer), the headers it
  /// was built from, and whether it removes `Expect:`. Declared before the handle, which is
  /// cleaned up first.
  HeaderList header_list;
  std::vector<Header> header_source;
  bool expect_off = false;
  Handle handle;
  /// Unset when new or after a transfer libcurl restarted (a handle whose configuration failed
  /// is dropped by its owner, never configured again).
  std::optional<Shape> shape;
  /// Whether any option was ever set: a used handle is reset before a new shape.
  bool used = false;
};

/// Sets the options of `request` on `pooled` and points its callbacks at `exchange`, which must
/// outlive the transfer: only the per-call ones when the handle's last transfer had the same
/// shape (a form's never does), else after a reset of a used handle, all of them. When
/// `exchange.sockets` is set, sockets are opened and closed through that registry.
/// @throws ConnectionError when a header or a form cannot be allocated.
void configure(PooledHandle& pooled, const HttpRequest& request, Exchange& exchange,
               CancelWatch watch = {});

/// JSON bodies shorter than this go out with the request's head, in one send(): libcurl's
/// MAX_INITIAL_POST_SIZE, below which it appends CURLOPT_POSTFIELDS to the head.
constexpr std::size_t kInlineBodyLimit = std::size_t{64} << 10;

/// How `request`'s body goes: none, a JSON body under kInlineBodyLimit with the head, a larger
/// one by read callback, or a form (http/request_body.cpp).
BodyKind body_kind(const HttpRequest& request);

/// Hands `request`'s body of `kind` (`body_kind(request)`) to `curl`: a small JSON body with
/// the head, anything else through callbacks that cannot rewind; records its size in
/// `exchange`. @throws ConnectionError
void attach_body(CURL* curl, const HttpRequest& request, BodyKind kind, Exchange& exchange);

/// After a successful transfer, before the handle goes back to its pool: a transfer libcurl
/// restarted on a new connection (allowed only before anything of it was written) leaves a
/// count on the handle that only a reset clears, so the next configure resets it.
void after_transfer(PooledHandle& pooled, const Exchange& exchange) noexcept;

/// How far the transfer's request got: answered (a 2xx final status arrived) or rejected (another
/// final status arrived), else unanswered once the request was sent in full (libcurl began
/// sending it and took the whole body, or wrote the whole of an inline one), else not sent. A
/// proxy's answer to CONNECT is none.
Delivery attempt_delivery(const Exchange& exchange) noexcept;

/// Records on `error` how far the transfer's request got (`attempt_delivery`).
void stamp_delivery(Error& error, const Exchange& exchange) noexcept;

/// The response of a finished transfer, or the error it deserves: an exception a callback
/// stored, TimeoutError, or ConnectionError (retryable when another attempt may cure it, never
/// once a 2xx answer to a billable request had begun to arrive). Every error carries
/// `attempt_delivery`.
HttpResponse finish(CURL* curl, CURLcode code, Exchange& exchange);

}  // namespace edenai::internal::curl
