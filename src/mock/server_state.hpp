// What the mock's routes share: the options, the stores, the fault scripts, the request log and
// the render slots, and the wrapper that gives every route auth helpers, recording and faults.
#pragma once

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "edenai/mock/server.hpp"
#include "mock/file_store.hpp"
#include "mock/generation.hpp"
#include "mock/image_store.hpp"

namespace edenai::mock::internal {

/// How the routes serialise what they answer: text that is not UTF-8 (a file name, a form value)
/// becomes U+FFFD, as Starlette decodes it, instead of an exception and an empty 500.
inline constexpr auto kReplaceInvalidUtf8 = nlohmann::json::error_handler_t::replace;

constexpr const char* kGenerationsRoute = "POST /v3/images/generations";
constexpr const char* kImagesPrefix = "/v3/mock-images/";
/// The largest body of a generation (larger ones get 413).
constexpr std::size_t kMaxGenerationBody = std::size_t{8} << 20;
/// What one response may hold: ten 2048x2048 images (about 70 MB of JSON).
constexpr long long kMaxPixelsPerResponse = 10LL * 2048 * 2048;

struct ServerState {
  explicit ServerState(ServerOptions opts);

  ServerOptions options;
  bool eu_region = false;
  int port = 0;
  ImageStore images;
  FileStore files;

  mutable std::mutex mutex;
  std::condition_variable stopping;
  bool stopped = false;
  std::map<std::string, std::deque<Fault>> scripts;
  std::map<std::string, std::size_t> counts;
  std::chrono::milliseconds latency{0};
  double credits = 0;                    // left, in USD
  double billed = 0;                     // so far, in USD
  std::deque<RecordedRequest> requests;  // the most recent ones
  std::size_t recorded_bytes = 0;

  // At most a few responses are rendered and encoded at once, whatever the number of workers,
  // so that many large requests queue rather than multiply the memory they need.
  std::mutex render_mutex;
  std::condition_variable render_slot;
  int renders_running = 0;

  void record(const httplib::Request& req);
  /// Waits, but returns early when the server stops.
  void wait(std::chrono::milliseconds duration);
  /// Counts a request of `route` and takes the next fault of its script.
  std::optional<Fault> next_fault(const std::string& route);
  std::chrono::milliseconds current_latency() const;
  bool authorized(const httplib::Request& req) const;
  /// Whether `req` is served as the EU region (the option, or its Host).
  bool eu(const httplib::Request& req) const;
  /// `host:port` the client used, for URLs the mock serves.
  std::string host_of(const httplib::Request& req) const;
  /// Takes `cost` from the credits; when less is left, answers the 402 Eden sends and returns
  /// false (nothing billed).
  bool bill(double cost, httplib::Response& res);
  /// Runs `render` while holding one of the few render slots.
  std::string render(const std::function<std::string()>& render);
};

/// Answers one request of a route.
using Answer = std::function<void(ServerState&, const httplib::Request&, httplib::Response&)>;

/// Registers `method` `pattern` with httplib. Every request is recorded; when `route` is not
/// empty it is counted and consumes the next fault of that route's script (status answers,
/// resets, truncated successes), and with `slow` waits the server's latency first.
void add_route(httplib::Server& http, ServerState& state, const std::string& method,
               const std::string& pattern, const std::string& route, bool slow, Answer answer);
/// A 405 with `Allow` for `method` on `path`.
void add_method_not_allowed(httplib::Server& http, ServerState& state, const std::string& method,
                            const std::string& path, const std::string& allow);
/// Whether a route handler took the request being answered on this thread (see server.cpp).
bool& routed_on_this_thread();

void send_json(httplib::Response& res, int status, const std::string& body);
/// A success, labelled so that httplib does not gzip it (see docs/mock-server.md).
void send_success(httplib::Response& res, std::string body);
void send_unauthorized(httplib::Response& res);
void send_problems(httplib::Response& res, const nlohmann::json& problems);
/// The 451 of a model not cleared for the EU region.
void send_region_refusal(httplib::Response& res, const std::string& model);

/// The ImageResponse JSON of `g`, whose `data[i]` is `item(i)` (JSON text), with `usage`.
std::string image_response_body(const Generation& g, const std::function<std::string(int)>& item,
                                const nlohmann::json& usage);
/// `{"b64_json": <png>, "url": null, "revised_prompt": null}`.
std::string inline_item(const std::string& png);
/// `{"url": <url>, "b64_json": null, "revised_prompt": null}`.
std::string url_item(const std::string& url);
/// The 400 for a size the mock cannot honour, or for too many pixels in one response; empty
/// when `g` may be rendered.
std::string size_problem(const nlohmann::json& size, const Generation& g);

/// The request's multipart parts, in order.
std::vector<RecordedPart> parts_of(const httplib::Request& req);

void add_generation_routes(httplib::Server& http, ServerState& state);
void add_edit_routes(httplib::Server& http, ServerState& state);
void add_upload_routes(httplib::Server& http, ServerState& state);
void add_model_routes(httplib::Server& http, ServerState& state);
void add_credit_routes(httplib::Server& http, ServerState& state);

/// What the image response of `g` costs (its `cost`), in USD.
double response_cost(const Generation& g);

}  // namespace edenai::mock::internal
