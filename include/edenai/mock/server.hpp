// edenai::mock — an in-process emulation of Eden AI's v3 image API, for tests and offline demos.
// Installed as the `mock` component: `find_package(edenai COMPONENTS mock)`, then link
// `edenai::mock`.
//
// Routes: `POST /v3/images/generations`, `POST /v3/images/edits` (JSON or multipart),
// `POST|GET|DELETE /v3/upload`, `POST /v3/upload/delete`, `GET /v3/images/models` and
// `GET /v3/models`. The server answers the way the real service does: Bearer auth (401) on every
// route, FastAPI/Pydantic-style 422 validation, OpenAI-style 400s, and on success real PNG images
// (deterministic for a prompt; edits derived from the caller's canvas) inline as `b64_json` for
// `openai/gpt-image-*` models or as a `url` it serves itself for other providers. Faults can be
// scripted per route for retry tests. docs/mock-server.md describes every choice.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "edenai/export.hpp"

namespace edenai::mock {

/// One scripted answer. Each request of a route consumes the next fault of that route's script,
/// in order; when the script is empty, requests are answered normally.
struct EDENAI_EXPORT Fault {
  /// What the server does instead of answering normally.
  enum class Kind {
    status,    ///< answer `status` with `body` (or the status's usual body) and `headers`
    reset,     ///< reset the TCP connection without answering
    truncate,  ///< start the normal 200 answer, then close the connection half-way through
    pass,      ///< answer normally (a success between failures)
  };
  Kind kind = Kind::status;  ///< What happens
  int status = 500;          ///< The status answered, for `Kind::status`
  /// Extra response headers, e.g. `{"Retry-After", "1"}`.
  std::vector<std::pair<std::string, std::string>> headers;
  /// The body; when unset, the shape Eden AI uses for `status` (see API-NOTES): `{"detail": …}`,
  /// `{"error": …}` for 400 and 402, and so on.
  std::optional<std::string> body;
  /// Content type of `body`.
  std::string content_type = "application/json";
  /// Waited before answering (in addition to the server's latency).
  std::chrono::milliseconds delay{0};

  /// `status` with its usual body.
  static Fault http(int status);
  /// 429, with `Retry-After: <seconds>` when given.
  static Fault rate_limited(std::optional<int> retry_after_seconds = std::nullopt);
  /// An HTML page such as a proxy sends (`502 Bad Gateway` by default).
  static Fault html(int status = 502);
  /// A connection reset instead of an answer.
  static Fault reset();
  /// A 200 answer cut off half-way through its body.
  static Fault truncated();
  /// The normal answer (a success between failures).
  static Fault ok();

  /// Parses the command-line form, e.g. `429:retry-after=1`, `500`, `502:html`, `503:delay=200`,
  /// `reset`, `truncate`, `ok`. Options after the status: `retry-after=S`, `retry-after-ms=MS`,
  /// `html`, `delay=MS`. The status is 200 to 599, except 204, 205 and 304 (they have no body).
  /// @throws std::invalid_argument naming what is wrong.
  static Fault parse(std::string_view spec);
  /// Parses a comma-separated list of `parse` specs, e.g. `429:retry-after=1,500,ok`.
  static std::vector<Fault> parse_list(std::string_view specs);
  /// Parses `ROUTE=SPECS`, e.g. `POST /v3/upload=500,ok`: a route of `scriptable_routes()` and a
  /// `parse_list` form. @throws std::invalid_argument naming what is wrong.
  static std::pair<std::string, std::vector<Fault>> parse_route(std::string_view spec);
};

/// The routes whose faults can be scripted, named `METHOD PATH`: `POST /v3/images/generations`,
/// `POST /v3/images/edits`, `POST /v3/upload`, `GET /v3/upload`, `POST /v3/upload/delete`,
/// `DELETE /v3/upload`, `GET /v3/images/models`, `GET /v3/models`,
/// `GET /v2/cost_management/credits/`.
EDENAI_EXPORT const std::vector<std::string>& scriptable_routes();

/// How the server is set up. The defaults suit a unit test.
struct EDENAI_EXPORT ServerOptions {
  /// Address to bind. Loopback by default; anything else exposes the mock to the network.
  std::string host = "127.0.0.1";
  /// 0 lets the operating system pick a free port (see `Server::port()`).
  int port = 0;
  /// The only token accepted. When unset, any non-empty Bearer token is accepted.
  std::optional<std::string> api_key;
  /// Waited before answering each generation or edit request (they take 5–120 s for real).
  std::chrono::milliseconds latency{0};
  /// Faults for the first generation requests, in order.
  std::vector<Fault> script;
  /// Faults for the first requests of each route, keyed by a name of `scriptable_routes()`
  /// (e.g. `"POST /v3/upload"`); each request of a route consumes the next fault of its own
  /// script. Generations consume `script` first, then
  /// `route_scripts["POST /v3/images/generations"]`. An unknown route name makes the
  /// constructor throw std::invalid_argument.
  std::map<std::string, std::vector<Fault>> route_scripts;
  /// `"global"` (api.edenai.run) or `"eu"` (api.eu.edenai.run): the EU region lists only the
  /// models cleared for the EU and answers 451 to generations and edits with the others. A
  /// request whose `Host` starts with `eu.` or `api.eu.` is served as the EU region whatever
  /// this says. Anything else makes the constructor throw std::invalid_argument.
  std::string region = "global";
  /// The largest file `POST /v3/upload` stores (Eden's guide: 100 MB); larger ones get 413.
  /// Request bodies other than generations' (8 MiB) may be this size plus 1 MiB.
  std::size_t max_upload_bytes = std::size_t{100} << 20;
  /// The time of the file store (upload dates and expiry); the system clock when unset. A test
  /// can move it forward to expire uploads without sleeping.
  std::function<std::chrono::system_clock::time_point()> clock;
  /// Connections served at once (0 is taken as 1). A connection holds its worker thread for as
  /// long as it is kept alive (until it closes, has been idle for `keep_alive_timeout` or has
  /// carried 1000 requests), so N clients connected at once need N workers; more connections wait
  /// for a free one. `edenai-mock-server --workers N` sets it.
  std::size_t worker_threads = 64;
  /// How long a kept-alive connection may stay idle before the server closes it (whole seconds;
  /// less than 1 s is taken as 1 s).
  std::chrono::seconds keep_alive_timeout{5};
  /// The account's credits, in USD. Each generation or edit answered with images lowers them by
  /// its `cost`; one that costs more than is left gets 402 in Eden's shape (`detail`,
  /// `error_code: INSUFFICIENT_CREDIT`, `required_credits`, `available_credits`) and is not
  /// billed. `GET /v2/cost_management/credits/` reads them. Not finite or negative: the
  /// constructor throws std::invalid_argument.
  double credits = 100000;
  /// Whether `GET /v2/cost_management/credits/` answers 403, as Eden's dashboard routes may for
  /// a key that is not allowed to read them (`{"detail": "You do not have permission to perform
  /// this action."}`).
  bool refuse_credits_route = false;
  /// Called after each answer with a one-line summary (`POST /v3/images/generations 200 ...`);
  /// from the server's worker threads.
  std::function<void(const std::string& line)> on_request;
};

/// One part of a multipart/form-data request.
struct EDENAI_EXPORT RecordedPart {
  std::string name;          ///< The field's name
  std::string filename;      ///< empty for a text field
  std::string content_type;  ///< The part's Content-Type, empty when it had none
  std::string content;       ///< The part's bytes
};

/// One request the server received, as it arrived.
struct EDENAI_EXPORT RecordedRequest {
  std::string method;  ///< `GET`, `POST`, ...
  std::string path;    ///< The path, without the query
  /// Header names as sent; look them up with `header()`.
  std::vector<std::pair<std::string, std::string>> headers;
  /// The body; empty for multipart/form-data, whose parts are in `parts`.
  std::string body;
  std::vector<RecordedPart> parts;  ///< The multipart/form-data parts, in order
  /// The client's port: requests on one kept-alive connection share it.
  int remote_port = 0;

  /// The value of a header (case-insensitive name), if present.
  std::optional<std::string> header(std::string_view name) const;
};

/// The mock server. It binds in the constructor, so `port()` is known (and clients may connect)
/// before `start()`. Thread-safe: faults and latency may be changed while serving.
///
/// Ignores SIGPIPE in the process when first constructed (if it was at its default), since a
/// client that hangs up must not kill the process that hosts the mock.
class EDENAI_EXPORT Server {
 public:
  /// @throws std::runtime_error when the address cannot be bound.
  explicit Server(ServerOptions options = {});
  /// Stops serving and joins the server thread.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Serves on a background thread; returns at once.
  void start();
  /// Serves on the calling thread until `stop()` is called from another thread.
  void run();
  /// Stops serving; idempotent.
  void stop();

  /// The bound port.
  int port() const noexcept;
  /// `http://HOST:PORT`: what `edenai::ClientOptions::base_url` takes. OpenAI's SDKs take
  /// `base_url() + "/v3"`.
  std::string base_url() const;

  /// Appends faults to the generations' script.
  void push_faults(std::vector<Fault> faults);
  /// Appends faults to the script of `route`, a name of `scriptable_routes()`.
  /// @throws std::invalid_argument for another name.
  void push_faults(std::string_view route, std::vector<Fault> faults);
  /// Drops the faults not yet consumed, of every route.
  void clear_faults();
  /// Replaces the latency.
  void set_latency(std::chrono::milliseconds latency);

  /// The account's credits left (see `ServerOptions::credits`).
  double credits() const;
  /// Replaces the credits left.
  void set_credits(double usd);
  /// What the paid answers billed so far, in USD.
  double billed() const;

  /// Every request received so far, in arrival order.
  std::vector<RecordedRequest> requests() const;
  /// How many generation requests (`POST /v3/images/generations`) arrived.
  std::size_t generation_count() const;
  /// How many requests of `route` (a name of `scriptable_routes()`) arrived.
  std::size_t request_count(std::string_view route) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The PNG image the mock returns for `prompt` at position `index` of a response, `width` ×
/// `height` pixels (1 to 4096 each). Deterministic: the same arguments give the same bytes.
/// @throws std::invalid_argument for a size out of range.
EDENAI_EXPORT std::string render_png(std::string_view prompt, unsigned index, int width,
                                     int height);

}  // namespace edenai::mock
