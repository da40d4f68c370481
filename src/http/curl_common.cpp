// Pieces of one libcurl transfer shared by the synchronous transport and the async engine.
#include "http/curl_common.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <stdexcept>
#include <string_view>

#include "api/validation.hpp"
#include "http/buffer_pool.hpp"
#include "json/simdjson_padding.hpp"

namespace edenai::internal::curl {
namespace {

// Why an attempt failed when a (reused) connection died after the request and before any answer.
constexpr const char* kClosedUnanswered =
    "the connection closed after the request was sent, before any answer";

void append(HeaderList& list, const std::string& line) {
  curl_slist* head = curl_slist_append(list.get(), line.c_str());
  if (head == nullptr) throw ConnectionError("libcurl could not allocate a header");
  (void)list.release();  // `head` is the same list, now one longer
  list.reset(head);
}

curl_socket_t open_socket(void* user, curlsocktype, curl_sockaddr* address) noexcept {
  auto* exchange = static_cast<Exchange*>(user);
  const curl_socket_t fd = ::socket(address->family, address->socktype, address->protocol);
  if (fd == CURL_SOCKET_BAD) return fd;
  try {
    exchange->sockets->add(fd, exchange->curl);
  } catch (...) {
    ::close(fd);
    exchange->failure = std::current_exception();
    return CURL_SOCKET_BAD;
  }
  if (exchange->cancelled) ::shutdown(fd, SHUT_RDWR);
  return fd;
}

int close_socket(void* user, curl_socket_t fd) noexcept {
  try {
    static_cast<SocketRegistry*>(user)->closing(fd);
  } catch (...) {  // the descriptor is closed regardless; at worst a cancel misses it
  }
  return ::close(fd);
}

// Called each time libcurl is about to send the request, on a new or a reused connection. A
// transfer cancelled before its request went out stops here. So does a re-send libcurl would
// make on its own (a reused connection that died before answering) once it has taken any byte
// of the body: only the SDK decides whether a request that may have been processed goes again.
// An inline body (request_body.cpp) is taken with the head, and libcurl keeps no count of what
// an earlier start wrote that survives its reconnect (CURLINFO_REQUEST_SIZE misses what a first
// write left pending, and the upload count restarts): any second start is refused, and counted
// as sent in full.
int on_request_start(void* user, char*, char*, int, int) noexcept {
  auto* exchange = static_cast<Exchange*>(user);
  if (exchange->cancelled) return CURL_PREREQFUNC_ABORT;
  bool refuse = false;
  if (exchange->request_starts > 0 && exchange->body_inline) {
    refuse = exchange->inline_written = true;
  } else if (exchange->request_starts > 0) {
    // A body with nothing to hand (an empty form part) counts as handed from the first start.
    const bool has_body = exchange->body != nullptr || !exchange->parts.empty();
    refuse = exchange->body_handed > 0 || (has_body && exchange->body_total == 0);
  }
  if (refuse) {
    try {
      exchange->failure = std::make_exception_ptr(
          ConnectionError(std::string("connection failed: ") + kClosedUnanswered +
                          " (not re-sent by the transport)"));
    } catch (...) {
      exchange->failure = std::current_exception();
    }
    return CURL_PREREQFUNC_ABORT;
  }
  ++exchange->request_starts;
  exchange->final_status.reset();
  exchange->expect_status_line = true;
  exchange->in_interim = false;
  return CURL_PREREQFUNC_OK;
}

// A backstop for the phases without a socket (name resolution).
int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) noexcept {
  return static_cast<Exchange*>(user)->cancelled ? 1 : 0;
}

// Gives the body room for `capacity` bytes: from the pool of receive buffers while it is still
// empty (memory whose pages are already mapped), else by growing it.
void make_room(std::string& body, std::size_t capacity) {
  if (body.capacity() >= capacity) return;
  if (body.empty()) {
    body = internal::receive_buffers().take(capacity);
  } else {
    body.reserve(capacity);
  }
}

void append_body(Exchange& exchange, const char* data, std::size_t n) {
  std::string& body = exchange.response.body;
  if (n > exchange.max_body - std::min(body.size(), exchange.max_body)) {
    throw ResponseTooLargeError("response body exceeds max_response_bytes (" +
                                std::to_string(exchange.max_body) + " bytes)");
  }
  // Grow geometrically and keep room for the JSON parser's padding, so the decoder can parse
  // the body in place instead of copying it.
  const std::size_t needed = body.size() + n + internal::kParserPadding;
  if (body.capacity() < needed) make_room(body, std::max(needed, body.capacity() * 2));
  body.append(data, n);
}

// Runs one callback step; an exception is stored and 0 returned, which aborts the transfer.
template <typename Step>
std::size_t guarded(void* user, std::size_t n, Step step) {
  auto* exchange = static_cast<Exchange*>(user);
  try {
    step(*exchange);
    return n;
  } catch (...) {
    exchange->failure = std::current_exception();
    return 0;
  }
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  return guarded(user, size * count, [&](Exchange& e) { append_body(e, data, size * count); });
}

std::string_view trim(std::string_view text) {
  const auto begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return {};
  const auto end = text.find_last_not_of(" \t\r\n");
  return text.substr(begin, end - begin + 1);
}

// A status line begins a response, final or interim. libcurl has parsed it already, and it
// takes more spellings than "HTTP/1.1 200" (any letter case, extra blanks before the code), so
// the code is read from libcurl, never from the line: both must agree on what was answered.
// Interim answers are followed to the final one (RFC 9110 15.2: a client must parse 1xx it did
// not expect), except 101: the client never asks for an upgrade, and after a protocol switch no
// HTTP answer can follow, so waiting would only hold the call for its whole timeout.
void begin_response(Exchange& exchange) {
  long status = 0;
  curl_easy_getinfo(exchange.curl, CURLINFO_RESPONSE_CODE, &status);
  if (status == 101) {
    throw ConnectionError(
        "connection failed: the server answered 101 Switching Protocols, which the client never "
        "asks for; no HTTP answer can follow it",
        /*retryable=*/false);
  }
  if (status < 200) {
    exchange.in_interim = true;
    exchange.interim_seen = true;
  } else {
    exchange.final_status = static_cast<int>(status);
  }
  // A new response begins (after a redirect or an interim 1xx): forget the previous one.
  exchange.response.headers.clear();
  exchange.response.body.clear();
}

// The first line of a response is its status line, whatever it looks like; a trailer or a
// header named `HTTP/x` is not one.
void add_header_line(Exchange& exchange, std::string_view line) {
  if (exchange.expect_status_line) {
    exchange.expect_status_line = false;
    begin_response(exchange);
    return;
  }
  if (line.find_first_not_of("\r\n") == std::string_view::npos) {  // the end of a header block
    if (exchange.in_interim) exchange.expect_status_line = true;   // the answer proper follows
    exchange.in_interim = false;
    return;
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return;
  std::string name(line.substr(0, colon));
  for (char& c : name) {  // ASCII only, whatever the process locale
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  std::string value(trim(line.substr(colon + 1)));
  if (name == "content-length") {
    // Pre-size the body buffer up to the response limit, so that a big body is never copied
    // while it grows. The header is the server's word, not a promise: a reservation only maps
    // address space (pages are taken as bytes arrive), and one the system refuses is not needed.
    char* end = nullptr;
    const unsigned long long length = std::strtoull(value.c_str(), &end, 10);
    if (end != value.c_str() && length <= exchange.max_body &&
        length <= SIZE_MAX - internal::kParserPadding) {
      try {
        make_room(exchange.response.body,
                  static_cast<std::size_t>(length) + internal::kParserPadding);
      } catch (const std::bad_alloc&) {  // the body grows as it arrives instead
      } catch (const std::length_error&) {
      }
    }
  }
  if (exchange.response.headers.capacity() == 0) exchange.response.headers.reserve(8);
  exchange.response.headers.emplace_back(std::move(name), std::move(value));
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  return guarded(user, size * count,
                 [&](Exchange& e) { add_header_line(e, std::string_view(data, size * count)); });
}

// Failures another attempt may cure: name resolution, connecting, the connection dropping.
// (A timeout becomes TimeoutError, always retryable, before this is asked.)
// A malformed URL, an unsupported protocol or a failed certificate check will fail again.
bool is_transient(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_PARTIAL_FILE:
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_HTTP3:
    case CURLE_QUIC_CONNECT_ERROR:
    case CURLE_BAD_CONTENT_ENCODING:
    case CURLE_SEND_FAIL_REWIND:  // a reused connection died unanswered; libcurl did not re-send
      return true;
    default:
      return false;
  }
}

std::string error_text(CURLcode code, const Exchange& exchange) {
  if (code == CURLE_SEND_FAIL_REWIND) return kClosedUnanswered;
  std::string text = curl_easy_strerror(code);
  if (exchange.error[0] != '\0') text += std::string(" (") + exchange.error + ")";
  return text;
}

}  // namespace

void ensure_global() {
  struct Global {
    Global() {
      if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        throw ConnectionError("libcurl could not be initialised");
      }
    }
  };
  static const Global global;  // thread-safe initialisation, never torn down
  (void)global;
}

Handle new_handle() {
  Handle handle(curl_easy_init());
  if (!handle) throw ConnectionError("libcurl could not create a handle");
  return handle;
}

void SocketRegistry::add(curl_socket_t fd, CURL* handle) {
  std::lock_guard<std::mutex> lock(mutex_);
  owners_[fd] = handle;
}

void SocketRegistry::closing(curl_socket_t fd) {
  std::lock_guard<std::mutex> lock(mutex_);
  owners_.erase(fd);
}

void SocketRegistry::forget(CURL* handle) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = owners_.begin(); it != owners_.end();) {
    it = it->second == handle ? owners_.erase(it) : std::next(it);
  }
}

void SocketRegistry::shut_down(Exchange* exchange) {
  std::lock_guard<std::mutex> lock(mutex_);
  exchange->cancelled = true;
  for (const auto& [fd, handle] : owners_) {
    if (handle == exchange->curl) ::shutdown(fd, SHUT_RDWR);
  }
}

namespace {

constexpr const char* kAcceptEncoding = "Accept-Encoding: gzip";

bool has_header(const std::vector<Header>& headers, std::string_view name) {
  return std::any_of(headers.begin(), headers.end(), [&](const Header& header) {
    return equals_ignoring_case(header.first, name);
  });
}

bool is_https(const std::string& url) {
  return url.size() >= 8 && equals_ignoring_case(std::string_view(url).substr(0, 8), "https://");
}

// The options a transfer of this shape always has the same: set once per handle and shape.
void set_fixed_options(CURL* curl, const HttpRequest& request, const Shape& shape,
                       const Exchange& exchange, CancelWatch watch) {
  if (shape.method != "GET" && shape.method != "POST") {  // DELETE
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_PREREQFUNCTION, on_request_start);
  // A proxy's answer to CONNECT is not the server's: it must not count as one.
  curl_easy_setopt(curl, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  // Decodes what the server compressed. gzip only is offered (kAcceptEncoding, sent with the
  // headers): the encoding servers use for JSON; each encoding more cost a small call 4 %.
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "gzip");
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!request.ca_bundle.empty()) {
    curl_easy_setopt(curl, CURLOPT_CAINFO, request.ca_bundle.c_str());
    curl_easy_setopt(curl, CURLOPT_PROXY_CAINFO, request.ca_bundle.c_str());  // https proxies
  }
  // Unset, libcurl reads the proxy environment variables itself.
  if (!request.proxy.empty()) curl_easy_setopt(curl, CURLOPT_PROXY, request.proxy.c_str());
  // Large responses (12 MB of base64) arrive in 256 KiB reads rather than libcurl's default
  // 16 KiB: 16 times fewer recv and poll calls (see BENCHMARKS.md).
  curl_easy_setopt(curl, CURLOPT_BUFFERSIZE, 256L * 1024);
  curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
  if (shape.redirects) {
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
    // Never from https down to http: what travelled encrypted keeps doing so.
    curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, shape.https ? "https" : "http,https");
  }
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  if (exchange.sockets != nullptr) {
    // Set on every transfer, so every connection in the cache was opened and will be closed
    // through the registry, whichever call later reuses it.
    curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, open_socket);
    curl_easy_setopt(curl, CURLOPT_CLOSESOCKETFUNCTION, close_socket);
    curl_easy_setopt(curl, CURLOPT_CLOSESOCKETDATA, exchange.sockets);
  }
  if (watch.enabled && watch.progress_backstop) {
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  }
}

}  // namespace

Shape shape_of(const HttpRequest& request, const Exchange& exchange, CancelWatch watch) {
  Shape shape;
  shape.method = request.method;
  shape.body = body_kind(request);
  shape.ca_bundle = request.ca_bundle;
  shape.proxy = request.proxy;
  shape.https = is_https(request.url);
  shape.redirects = request.max_redirects > 0;
  shape.cancel_watch = watch.enabled;
  shape.progress_backstop = watch.enabled && watch.progress_backstop;
  shape.sockets = exchange.sockets;
  return shape;
}

bool same_shape(const Shape& shape, const HttpRequest& request, const Exchange& exchange,
                CancelWatch watch) {
  return shape.method == request.method && shape.body == body_kind(request) &&
         shape.ca_bundle == request.ca_bundle && shape.proxy == request.proxy &&
         shape.https == is_https(request.url) && shape.redirects == (request.max_redirects > 0) &&
         shape.cancel_watch == watch.enabled &&
         shape.progress_backstop == (watch.enabled && watch.progress_backstop) &&
         shape.sockets == exchange.sockets;
}

void configure(PooledHandle& pooled, const HttpRequest& request, Exchange& exchange,
               CancelWatch watch) {
  CURL* curl = pooled.handle.get();
  exchange.max_body = request.max_response_bytes;
  exchange.curl = curl;
  exchange.billable = request.billable;
  // Never wait for "100 Continue" before sending the body (libcurl asks for one above 1 MiB;
  // never for an inline body, under 64 KiB).
  const BodyKind kind = body_kind(request);
  const bool expect_off = kind != BodyKind::inline_json;
  // The header list is built again only when the headers differ from the last call's (a
  // client's calls mostly send the same ones).
  if (!pooled.header_list || pooled.expect_off != expect_off ||
      pooled.header_source != request.headers) {
    HeaderList headers;
    std::string line;
    for (const auto& [name, value] : request.headers) {
      // "Name:" would tell curl to remove the header; "Name;" sends it with an empty value.
      line.assign(name);
      if (value.empty()) {
        line += ';';
      } else {
        line.append(": ").append(value);
      }
      append(headers, line);
    }
    if (expect_off) append(headers, "Expect:");
    // Written as a header of the list, libcurl sends it as it is; left to CURLOPT_ACCEPT_ENCODING
    // (which still turns decoding on), libcurl formats it anew, char by char, for every request.
    // A caller's own Accept-Encoding replaces it.
    if (!has_header(request.headers, "Accept-Encoding")) append(headers, kAcceptEncoding);
    pooled.header_source = request.headers;
    pooled.header_list = std::move(headers);
    pooled.expect_off = expect_off;
  }

  // A handle whose last transfer had the same shape keeps those options (docs/transport.md);
  // any other is reset first, so that nothing of an earlier shape remains.
  const bool same = pooled.shape && same_shape(*pooled.shape, request, exchange, watch) &&
                    pooled.shape->body != BodyKind::form;
  if (!same) {
    if (pooled.used) curl_easy_reset(curl);
    pooled.used = true;
    pooled.shape.reset();  // until the options are set
    Shape shape = shape_of(request, exchange, watch);
    set_fixed_options(curl, request, shape, exchange, watch);
    pooled.shape = std::move(shape);
  }
  const Shape& shape = *pooled.shape;
  // The per-call values, and every pointer into this exchange.
  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, pooled.header_list.get());
  attach_body(curl, request, kind, exchange);
  curl_easy_setopt(curl, CURLOPT_PREREQDATA, &exchange);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(request.connect_timeout.count()));
  if (shape.redirects) {
    curl_easy_setopt(curl, CURLOPT_MAXREDIRS, static_cast<long>(request.max_redirects));
    exchange.https_only_redirects = shape.https;
  }
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &exchange);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &exchange);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, exchange.error);
  if (exchange.sockets != nullptr) curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, &exchange);
  if (shape.progress_backstop) curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &exchange);
}

void after_transfer(PooledHandle& pooled, const Exchange& exchange) noexcept {
  // libcurl counts its own reconnects on the handle (five at most, then it fails a transfer)
  // and only a reset clears the count.
  if (exchange.request_starts > 1) pooled.shape.reset();
}

Delivery attempt_delivery(const Exchange& exchange) noexcept {
  if (exchange.final_status) {
    return *exchange.final_status >= 200 && *exchange.final_status < 300 ? Delivery::answered
                                                                         : Delivery::rejected;
  }
  bool whole_body = exchange.body_handed >= exchange.body_total;
  if (exchange.body_inline) {
    // Written with the head: the whole body went when libcurl counts it uploaded (its count of
    // body bytes written, whether with the head or after a write that had to wait). A refused
    // second start counts as sent in full: the count then restarted with the new connection.
    curl_off_t uploaded = 0;
    curl_easy_getinfo(exchange.curl, CURLINFO_SIZE_UPLOAD_T, &uploaded);
    whole_body = exchange.inline_written ||
                 (uploaded >= 0 && static_cast<std::size_t>(uploaded) >= exchange.body_total);
  }
  return exchange.request_starts > 0 && whole_body ? Delivery::unanswered : Delivery::not_sent;
}

void stamp_delivery(Error& error, const Exchange& exchange) noexcept {
  const Delivery delivery = attempt_delivery(exchange);
  error.set_delivery(delivery,
                     delivery == Delivery::unanswered || delivery == Delivery::answered ? 1 : 0);
}

HttpResponse finish(CURL* curl, CURLcode code, Exchange& exchange) {
  const auto stamped = [&](auto error) {
    stamp_delivery(error, exchange);
    return error;
  };
  if (exchange.failure) {
    try {
      std::rethrow_exception(exchange.failure);
    } catch (Error& e) {
      stamp_delivery(e, exchange);
      throw;
    }
  }
  if (code == CURLE_OK) {
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    exchange.response.status = static_cast<int>(status);
    return std::move(exchange.response);
  }
  const Delivery delivery = attempt_delivery(exchange);
  // Once a 2xx status has arrived the generation exists (and is billed): a failure while reading
  // the rest is final, since another attempt would buy it again. (An image download is not
  // bought: it may be repeated.)
  const bool paid = delivery == Delivery::answered && exchange.billable;
  const std::string cut_short =
      paid ? "the " + std::to_string(*exchange.final_status) +
                 " response was cut short (not retried: the request was processed, and another "
                 "attempt would buy or store it again): "
           : std::string();
  // A server that sent an interim answer has the request and may be processing it: another
  // attempt could buy it twice.
  const bool acknowledged =
      delivery == Delivery::unanswered && exchange.interim_seen && exchange.billable;
  const std::string not_again =
      acknowledged ? " (not retried: the server had acknowledged the request with an interim "
                     "answer, so it may be processing it)"
                   : std::string();
  if (code == CURLE_OPERATION_TIMEDOUT) {
    throw stamped(TimeoutError(
        (paid ? cut_short : "request timed out: ") + error_text(code, exchange) + not_again,
        !paid && !acknowledged));
  }
  std::string text = error_text(code, exchange);
  bool transient = is_transient(code);
  if (code == CURLE_UNSUPPORTED_PROTOCOL && exchange.https_only_redirects) {
    text =
        "refused to follow a redirect from https to a URL that is not https (the image "
        "would travel unencrypted)";
  }
  long tunnel = 0;  // the proxy's answer to CONNECT, when there was a proxy
  curl_easy_getinfo(curl, CURLINFO_HTTP_CONNECTCODE, &tunnel);
  if (tunnel >= 400) {
    text = "the proxy refused the tunnel with HTTP " + std::to_string(tunnel) +
           (tunnel == 407 ? " (check the credentials in the proxy URL)" : "");
    transient = tunnel >= 500;  // a 4xx from the proxy will not change by itself
  }
  throw stamped(ConnectionError((paid ? cut_short : "connection failed: ") + text + not_again,
                                !paid && !acknowledged && transient));
}

}  // namespace edenai::internal::curl
