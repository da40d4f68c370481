// The machinery every route of the mock goes through: recording, scripted faults (status
// answers, resets, truncation), latency, auth and the shapes of the common answers.
#include "mock/server_state.hpp"

#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <cmath>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <stdexcept>

#include "mock/generation.hpp"
#include "mock/text.hpp"

namespace edenai::mock::internal {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxRecorded = 10000;
constexpr std::size_t kMaxRecordedBytes = 64u << 20;
constexpr int kMaxConcurrentRenders = 4;

thread_local bool routed = false;

int port_of(const sockaddr_storage& address) {
  if (address.ss_family == AF_INET) {
    return ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
  }
  if (address.ss_family == AF_INET6) {
    return ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
  }
  return -1;
}

// httplib does not hand its socket to handlers, so the connection is found among the process's
// descriptors by its two ports. A TCP connect() to AF_UNSPEC disconnects with a RST while the
// descriptor stays valid for httplib to close.
void reset_connection(int local_port, int remote_port) {
  DIR* fds = opendir("/proc/self/fd");
  if (fds == nullptr) return;
  while (const dirent* entry = readdir(fds)) {
    const int fd = std::atoi(entry->d_name);
    if (fd <= 2 || fd == dirfd(fds)) continue;
    sockaddr_storage mine{};
    sockaddr_storage peer{};
    socklen_t mine_size = sizeof mine;
    socklen_t peer_size = sizeof peer;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&mine), &mine_size) != 0 ||
        getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_size) != 0 ||
        port_of(mine) != local_port || port_of(peer) != remote_port) {
      continue;
    }
    const linger abort_on_close{1, 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof abort_on_close);
    sockaddr unspecified{};
    unspecified.sa_family = AF_UNSPEC;
    // Whether it succeeds does not matter: a connection already gone needs no reset.
    (void)connect(fd, &unspecified, sizeof unspecified);
    break;
  }
  closedir(fds);
}

// Announces the whole body, sends the first half, then drops the connection.
void truncate(httplib::Response& res) {
  auto body = std::make_shared<std::string>(std::move(res.body));
  const std::string type = res.get_header_value("Content-Type");
  res.body.clear();
  res.set_content_provider(body->size(), type,
                           [body](std::size_t offset, std::size_t, httplib::DataSink& sink) {
                             if (offset == 0) sink.write(body->data(), body->size() / 2);
                             return false;
                           });
}

bool known_route(const std::string& route) {
  const auto& known = scriptable_routes();
  return std::find(known.begin(), known.end(), route) != known.end();
}

}  // namespace

ServerState::ServerState(ServerOptions opts)
    : options(std::move(opts)), files(options.clock), latency(options.latency) {
  if (options.region != "global" && options.region != "eu") {
    throw std::invalid_argument("mock server: region must be \"global\" or \"eu\", not \"" +
                                options.region + "\"");
  }
  eu_region = options.region == "eu";
  if (!std::isfinite(options.credits) || options.credits < 0) {
    throw std::invalid_argument("mock server: credits must be a finite number, 0 or more");
  }
  credits = options.credits;
  scripts[kGenerationsRoute].assign(options.script.begin(), options.script.end());
  for (const auto& [route, faults] : options.route_scripts) {
    if (!known_route(route)) {
      throw std::invalid_argument("mock server: no route '" + route + "' to script faults for");
    }
    auto& script = scripts[route];
    script.insert(script.end(), faults.begin(), faults.end());
  }
}

void ServerState::record(const httplib::Request& req) {
  RecordedRequest seen{req.method, req.path, {}, req.body, parts_of(req), req.remote_port};
  for (const auto& [name, value] : req.headers) {
    // httplib adds the connection's addresses as pseudo-headers; they were not sent.
    if (name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" ||
        name == "LOCAL_PORT") {
      continue;
    }
    seen.headers.emplace_back(name, value);
  }
  std::size_t size = seen.body.size();
  for (const auto& part : seen.parts)
    size += part.content.size();
  std::lock_guard<std::mutex> lock(mutex);
  recorded_bytes += size;
  requests.push_back(std::move(seen));
  while (requests.size() > 1 &&
         (requests.size() > kMaxRecorded || recorded_bytes > kMaxRecordedBytes)) {
    std::size_t dropped = requests.front().body.size();
    for (const auto& part : requests.front().parts)
      dropped += part.content.size();
    recorded_bytes -= dropped;
    requests.pop_front();
  }
}

void ServerState::wait(std::chrono::milliseconds duration) {
  if (duration.count() <= 0) return;
  std::unique_lock<std::mutex> lock(mutex);
  stopping.wait_for(lock, duration, [this] { return stopped; });
}

std::optional<Fault> ServerState::next_fault(const std::string& route) {
  std::lock_guard<std::mutex> lock(mutex);
  ++counts[route];
  auto& script = scripts[route];
  if (script.empty()) return std::nullopt;
  Fault fault = std::move(script.front());
  script.pop_front();
  return fault;
}

std::chrono::milliseconds ServerState::current_latency() const {
  std::lock_guard<std::mutex> lock(mutex);
  return latency;
}

bool ServerState::authorized(const httplib::Request& req) const {
  const std::string header = req.get_header_value("Authorization");
  const std::string scheme = "Bearer ";
  // The scheme is case-insensitive (RFC 9110), as FastAPI's HTTPBearer treats it.
  if (header.size() <= scheme.size() ||
      !equals_ignoring_case(std::string_view(header).substr(0, scheme.size()), scheme)) {
    return false;
  }
  const std::string token = header.substr(scheme.size());
  return options.api_key ? token == *options.api_key : !token.empty();
}

bool ServerState::eu(const httplib::Request& req) const {
  const std::string host = lower(req.get_header_value("Host"));
  return eu_region || starts_with(host, "eu.") || starts_with(host, "api.eu.");
}

std::string ServerState::host_of(const httplib::Request& req) const {
  return req.has_header("Host") ? req.get_header_value("Host")
                                : options.host + ":" + std::to_string(port);
}

std::string ServerState::render(const std::function<std::string()>& work) {
  {
    std::unique_lock<std::mutex> lock(render_mutex);
    render_slot.wait(lock, [this] { return renders_running < kMaxConcurrentRenders; });
    ++renders_running;
  }
  const auto release = [this] {
    {
      std::lock_guard<std::mutex> lock(render_mutex);
      --renders_running;
    }
    render_slot.notify_one();
  };
  std::string out;
  try {
    out = work();
  } catch (...) {
    release();
    throw;
  }
  release();
  return out;
}

bool& routed_on_this_thread() {
  return routed;
}

void add_route(httplib::Server& http, ServerState& state, const std::string& method,
               const std::string& pattern, const std::string& route, bool slow, Answer answer) {
  // Requests are recorded in the handlers, where the body has been read (it has not yet in a
  // pre-routing handler) and before the answer is written.
  auto handler = [&state, route, slow, answer = std::move(answer)](const httplib::Request& req,
                                                                   httplib::Response& res) {
    routed = true;
    state.record(req);
    // Generations keep their own bound (other routes take uploads); no fault is consumed, as
    // when httplib refused such bodies itself.
    if (route == kGenerationsRoute && req.body.size() > kMaxGenerationBody) {
      res.status = 413;
      res.set_content(default_error_body(413), "application/json");
      return;
    }
    const std::optional<Fault> fault = route.empty() ? std::nullopt : state.next_fault(route);
    const auto delay = fault ? fault->delay : std::chrono::milliseconds(0);
    state.wait((slow ? state.current_latency() : std::chrono::milliseconds(0)) + delay);
    if (fault && fault->kind == Fault::Kind::reset) {
      reset_connection(req.local_port, req.remote_port);
      return;
    }
    if (fault && fault->kind == Fault::Kind::status) {
      res.status = fault->status;
      for (const auto& [name, value] : fault->headers)
        res.set_header(name, value);
      res.set_content(fault->body.value_or(default_error_body(fault->status)), fault->content_type);
      return;
    }
    answer(state, req, res);
    if (fault && fault->kind == Fault::Kind::truncate && res.status == 200) truncate(res);
  };
  if (method == "POST") {
    http.Post(pattern, handler);
  } else if (method == "GET") {
    http.Get(pattern, handler);
  } else if (method == "DELETE") {
    http.Delete(pattern, handler);
  } else {
    throw std::logic_error("mock server: no route method " + method);
  }
}

void add_method_not_allowed(httplib::Server& http, ServerState& state, const std::string& method,
                            const std::string& path, const std::string& allow) {
  add_route(http, state, method, path, "", false,
            [allow](ServerState&, const httplib::Request&, httplib::Response& res) {
              res.status = 405;
              res.set_header("Allow", allow);
              res.set_content(default_error_body(405), "application/json");
            });
}

void send_json(httplib::Response& res, int status, const std::string& body) {
  res.status = status;
  res.set_content(body, "application/json");
}

void send_success(httplib::Response& res, std::string body) {
  res.status = 200;
  // cpp-httplib gzips an exact "application/json" body whenever the client accepts gzip: for
  // megabytes of base64 that costs about a second per image and gains a quarter. The charset
  // parameter (valid JSON media type all the same) keeps successes uncompressed; small error
  // bodies are still gzipped, which keeps clients' decompression exercised.
  res.body = std::move(body);  // set_content() would copy megabytes
  res.set_header("Content-Type", "application/json; charset=utf-8");
}

void send_unauthorized(httplib::Response& res) {
  send_json(res, 401, default_error_body(401));
}

void send_problems(httplib::Response& res, const json& problems) {
  send_json(res, 422, json{{"detail", problems}}.dump(-1, ' ', false, kReplaceInvalidUtf8));
}

void send_region_refusal(httplib::Response& res, const std::string& model) {
  send_json(res, 451,
            json{{"error",
                  {{"message", "Model '" + model + "' is not available in the EU region"},
                   {"type", "request_forbidden"},
                   {"param", "model"},
                   {"code", "region_not_allowed"}}}}
                .dump(-1, ' ', false, kReplaceInvalidUtf8));
}

std::vector<RecordedPart> parts_of(const httplib::Request& req) {
  std::vector<RecordedPart> parts;
  for (const auto& [name, part] : req.files)
    parts.push_back({part.name, part.filename, part.content_type, part.content});
  return parts;
}

}  // namespace edenai::mock::internal
