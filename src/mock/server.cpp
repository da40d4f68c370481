// The mock server: cpp-httplib set up around the routes (generations.cpp, edits.cpp, upload.cpp,
// models.cpp), which share a ServerState (server_state.cpp) for faults, latency and the log.
#include "edenai/mock/server.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <cmath>

#include <httplib.h>

#include <atomic>
#include <csignal>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "mock/png_encoder.hpp"
#include "mock/scene.hpp"
#include "mock/server_state.hpp"

namespace edenai::mock {
namespace {

void ignore_sigpipe_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction current {};
    if (sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) {
      std::signal(SIGPIPE, SIG_IGN);
    }
  });
}

void check_route(std::string_view route) {
  const auto& known = scriptable_routes();
  if (std::find(known.begin(), known.end(), route) == known.end()) {
    throw std::invalid_argument("mock server: no route '" + std::string(route) +
                                "' to script faults for");
  }
}

}  // namespace

std::string render_png(std::string_view prompt, unsigned index, int width, int height) {
  return internal::encode_png(internal::render_scene(prompt, index, width, height));
}

struct EDENAI_NO_EXPORT Server::Impl {
  internal::ServerState state;
  httplib::Server http;
  std::thread thread;
  std::atomic<bool> serving_ended{false};
  int listening_socket = -1;  // the last socket httplib created, the one it bound

  explicit Impl(ServerOptions opts) : state(std::move(opts)) {
    const ServerOptions& options = state.options;
    const std::size_t workers = options.worker_threads == 0 ? 1 : options.worker_threads;
    http.new_task_queue = [workers] { return new httplib::ThreadPool(workers); };
    http.set_keep_alive_max_count(1000);
    http.set_keep_alive_timeout(std::max<time_t>(1, options.keep_alive_timeout.count()));
    // Uploads may be large; generations keep their 8 MiB bound in their route.
    http.set_payload_max_length(
        std::max(internal::kMaxGenerationBody, options.max_upload_bytes + (std::size_t{1} << 20)));
    // Only SO_REUSEADDR: httplib's default adds SO_REUSEPORT, which would let a second mock
    // silently share a port that is already taken. TCP_NODELAY (inherited by accepted sockets):
    // httplib writes the headers and the body separately, and Nagle's algorithm would hold the
    // body back until the client's delayed ACK, 40 ms later.
    http.set_socket_options([this](int sock) {
      listening_socket = sock;
      const int yes = 1;
      setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
      setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    });
    internal::add_generation_routes(http, state);
    internal::add_edit_routes(http, state);
    internal::add_upload_routes(http, state);
    internal::add_model_routes(http, state);
    internal::add_credit_routes(http, state);
    // Requests no route took (404 with FastAPI's default body). Answers of the handlers are left
    // alone, even empty ones: a scripted 5xx with an empty body is a real shape.
    http.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
      internal::routed_on_this_thread() = false;
      return httplib::Server::HandlerResponse::Unhandled;
    });
    http.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
      if (internal::routed_on_this_thread() || !res.body.empty()) return;
      state.record(req);
      res.set_content(internal::default_error_body(res.status), "application/json");
    });
    // The logger runs once every answer is written, whether or not routing was reached (a 413
    // is answered before it): the flag must not outlive its request.
    http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
      internal::routed_on_this_thread() = false;
      if (state.options.on_request) {
        state.options.on_request(req.method + " " + req.path + " " + std::to_string(res.status) +
                                 " (" + std::to_string(res.body.size()) + " bytes)");
      }
    });
    const int port = options.port == 0
                         ? http.bind_to_any_port(options.host)
                         : (http.bind_to_port(options.host, options.port) ? options.port : -1);
    if (port <= 0) {
      throw std::runtime_error("mock server: cannot bind " + options.host + ":" +
                               std::to_string(options.port));
    }
    state.port = port;
    // httplib listens with a backlog of 5: a client opening 16 connections at once would see
    // SYNs dropped and retried a second later. Listening again only raises the backlog.
    if (listening_socket >= 0) ::listen(listening_socket, SOMAXCONN);
  }
};

Server::Server(ServerOptions options) {
  ignore_sigpipe_once();
  impl_ = std::make_unique<Impl>(std::move(options));
}

Server::~Server() {
  stop();
}

void Server::start() {
  if (impl_->thread.joinable()) return;
  impl_->thread = std::thread([this] {
    impl_->http.listen_after_bind();
    impl_->serving_ended = true;
  });
  // listen_after_bind accepts from the already-listening socket; wait until its loop runs so a
  // stop() right after start() is not lost.
  while (!impl_->http.is_running() && !impl_->serving_ended) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

void Server::run() {
  impl_->http.listen_after_bind();
}

void Server::stop() {
  internal::ServerState& state = impl_->state;
  // httplib closes its listening socket only when a running server stops: a server that was
  // never started is started first, so that its port is always released.
  if (!impl_->thread.joinable() && !impl_->http.is_running()) {
    bool already_stopped = false;
    {
      std::lock_guard<std::mutex> lock(state.mutex);
      already_stopped = state.stopped;
    }
    if (!already_stopped) start();
  }
  {
    std::lock_guard<std::mutex> lock(state.mutex);
    state.stopped = true;
  }
  state.stopping.notify_all();
  impl_->http.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

int Server::port() const noexcept {
  return impl_->state.port;
}

std::string Server::base_url() const {
  const std::string& host = impl_->state.options.host;
  const bool ipv6 = host.find(':') != std::string::npos;
  return "http://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port());
}

void Server::push_faults(std::vector<Fault> faults) {
  push_faults(internal::kGenerationsRoute, std::move(faults));
}

void Server::push_faults(std::string_view route, std::vector<Fault> faults) {
  check_route(route);
  std::lock_guard<std::mutex> lock(impl_->state.mutex);
  auto& script = impl_->state.scripts[std::string(route)];
  for (auto& fault : faults)
    script.push_back(std::move(fault));
}

void Server::clear_faults() {
  std::lock_guard<std::mutex> lock(impl_->state.mutex);
  for (auto& [route, script] : impl_->state.scripts)
    script.clear();
}

void Server::set_latency(std::chrono::milliseconds latency) {
  std::lock_guard<std::mutex> lock(impl_->state.mutex);
  impl_->state.latency = latency;
}

double Server::credits() const {
  std::lock_guard<std::mutex> lock(impl_->state.mutex);
  return impl_->state.credits;
}

void Server::set_credits(double usd) {
  if (!std::isfinite(usd) || usd < 0) {
    throw std::invalid_argument("mock server: credits must be a finite number, 0 or more");
  }
  std::lock_guard<std::mutex> lock(impl_->state.mutex);
  impl_->state.credits = usd;
}

double Server::billed() const {
  std::lock_guard<std::mutex> lock(impl_->state.mutex);
  return impl_->state.billed;
}

std::vector<RecordedRequest> Server::requests() const {
  std::lock_guard<std::mutex> lock(impl_->state.mutex);
  return {impl_->state.requests.begin(), impl_->state.requests.end()};
}

std::size_t Server::generation_count() const {
  return request_count(internal::kGenerationsRoute);
}

std::size_t Server::request_count(std::string_view route) const {
  std::lock_guard<std::mutex> lock(impl_->state.mutex);
  const auto found = impl_->state.counts.find(std::string(route));
  return found == impl_->state.counts.end() ? 0 : found->second;
}

}  // namespace edenai::mock
