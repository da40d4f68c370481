// The mock server: cpp-httplib routes around the generation model of generation.cpp, with the
// scripted faults, latency and the request log.
#include "edenai/mock/server.hpp"

#include <dirent.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "base64.hpp"
#include "mock/generation.hpp"
#include "mock/image_store.hpp"
#include "mock/png_encoder.hpp"
#include "mock/scene.hpp"
#include "validation.hpp"

namespace edenai::mock {
namespace {

using nlohmann::json;
constexpr const char* kGenerationsPath = "/v3/images/generations";
constexpr const char* kImagesPrefix = "/v3/mock-images/";
constexpr std::size_t kMaxRecorded = 10000;
constexpr std::size_t kMaxRecordedBytes = 64u << 20;
constexpr int kMaxConcurrentRenders = 4;
// What one response may hold: ten 2048x2048 images (about 70 MB of JSON).
constexpr long long kMaxPixelsPerResponse = 10LL * 2048 * 2048;

// Whether a route handler took the request being answered on this worker thread.
thread_local bool routed_on_this_thread = false;

void ignore_sigpipe_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction current {};
    if (sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) {
      std::signal(SIGPIPE, SIG_IGN);
    }
  });
}

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

std::string format_number(double value) {
  json number = value;
  return number.dump();
}

}  // namespace

std::string render_png(std::string_view prompt, unsigned index, int width, int height) {
  return internal::encode_png(internal::render_scene(prompt, index, width, height));
}

struct Server::Impl {
  ServerOptions options;
  httplib::Server http;
  int port = 0;
  std::thread thread;
  internal::ImageStore images;

  mutable std::mutex mutex;
  std::condition_variable stopping;
  bool stopped = false;
  std::deque<Fault> script;
  std::chrono::milliseconds latency{0};
  std::deque<RecordedRequest> requests;  // the most recent ones
  std::size_t generations = 0;
  std::size_t recorded_bytes = 0;
  std::atomic<bool> serving_ended{false};
  // At most a few responses are rendered and encoded at once, whatever the number of workers,
  // so that many large requests queue rather than multiply the memory they need.
  std::mutex render_mutex;
  std::condition_variable render_slot;
  int renders_running = 0;
  int listening_socket = -1;  // the last socket httplib created, the one it bound

  explicit Impl(ServerOptions opts) : options(std::move(opts)) {
    script.assign(options.script.begin(), options.script.end());
    latency = options.latency;
    const std::size_t workers = options.worker_threads == 0 ? 1 : options.worker_threads;
    http.new_task_queue = [workers] { return new httplib::ThreadPool(workers); };
    http.set_keep_alive_max_count(1000);
    http.set_payload_max_length(8u << 20);  // a valid body is far smaller
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
    // Requests are recorded in the handlers, where the body has been read (it has not yet in a
    // pre-routing handler) and before the answer is written.
    http.Post(kGenerationsPath, [this](const httplib::Request& req, httplib::Response& res) {
      routed_on_this_thread = true;
      record(req);
      generate(req, res);
    });
    http.Get(std::string(kImagesPrefix) + R"(([0-9a-f]{16})-(\d{1,2})-(\d{1,4})x(\d{1,4})\.png)",
             [this](const httplib::Request& req, httplib::Response& res) {
               routed_on_this_thread = true;
               record(req);
               image(req, res);
             });
    http.Get(kGenerationsPath, [this](const httplib::Request& req, httplib::Response& res) {
      routed_on_this_thread = true;
      record(req);
      res.status = 405;
      res.set_header("Allow", "POST");
      res.set_content(internal::default_error_body(405), "application/json");
    });
    // Requests no route took (404 with FastAPI's default body). Answers of the handlers are left
    // alone, even empty ones: a scripted 5xx with an empty body is a real shape.
    http.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
      routed_on_this_thread = false;
      return httplib::Server::HandlerResponse::Unhandled;
    });
    http.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
      if (routed_on_this_thread || !res.body.empty()) return;
      record(req);
      res.set_content(internal::default_error_body(res.status), "application/json");
    });
    // The logger runs once every answer is written, whether or not routing was reached (a 413
    // is answered before it): the flag must not outlive its request.
    http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
      routed_on_this_thread = false;
      if (options.on_request) {
        options.on_request(req.method + " " + req.path + " " + std::to_string(res.status) + " (" +
                           std::to_string(res.body.size()) + " bytes)");
      }
    });
    port = options.port == 0 ? http.bind_to_any_port(options.host)
                             : (http.bind_to_port(options.host, options.port) ? options.port : -1);
    if (port <= 0) {
      throw std::runtime_error("mock server: cannot bind " + options.host + ":" +
                               std::to_string(options.port));
    }
    // httplib listens with a backlog of 5: a client opening 16 connections at once would see
    // SYNs dropped and retried a second later. Listening again only raises the backlog.
    if (listening_socket >= 0) ::listen(listening_socket, SOMAXCONN);
  }

  void record(const httplib::Request& req) {
    RecordedRequest seen{req.method, req.path, {}, req.body, req.remote_port};
    for (const auto& [name, value] : req.headers) {
      // httplib adds the connection's addresses as pseudo-headers; they were not sent.
      if (name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" ||
          name == "LOCAL_PORT") {
        continue;
      }
      seen.headers.emplace_back(name, value);
    }
    std::lock_guard<std::mutex> lock(mutex);
    recorded_bytes += seen.body.size();
    requests.push_back(std::move(seen));
    while (requests.size() > 1 &&
           (requests.size() > kMaxRecorded || recorded_bytes > kMaxRecordedBytes)) {
      recorded_bytes -= requests.front().body.size();
      requests.pop_front();
    }
  }

  // Waits, but returns early when the server stops, so a long latency never delays shutdown.
  void wait(std::chrono::milliseconds duration) {
    if (duration.count() <= 0) return;
    std::unique_lock<std::mutex> lock(mutex);
    stopping.wait_for(lock, duration, [this] { return stopped; });
  }

  std::optional<Fault> next_fault() {
    std::lock_guard<std::mutex> lock(mutex);
    ++generations;
    if (script.empty()) return std::nullopt;
    Fault fault = std::move(script.front());
    script.pop_front();
    return fault;
  }

  std::chrono::milliseconds current_latency() const {
    std::lock_guard<std::mutex> lock(mutex);
    return latency;
  }

  bool authorized(const httplib::Request& req) const {
    const std::string header = req.get_header_value("Authorization");
    const std::string scheme = "Bearer ";
    // The scheme is case-insensitive (RFC 9110), as FastAPI's HTTPBearer treats it.
    if (header.size() <= scheme.size() ||
        !edenai::internal::equals_ignoring_case(std::string_view(header).substr(0, scheme.size()),
                                                scheme)) {
      return false;
    }
    const std::string token = header.substr(scheme.size());
    return options.api_key ? token == *options.api_key : !token.empty();
  }

  void generate(const httplib::Request& req, httplib::Response& res) {
    const std::optional<Fault> fault = next_fault();
    wait(current_latency() + (fault ? fault->delay : std::chrono::milliseconds(0)));
    if (fault && fault->kind == Fault::Kind::reset) {
      reset_connection(req.local_port, req.remote_port);
      return;
    }
    if (fault && fault->kind == Fault::Kind::status) {
      res.status = fault->status;
      for (const auto& [name, value] : fault->headers)
        res.set_header(name, value);
      res.set_content(fault->body.value_or(internal::default_error_body(fault->status)),
                      fault->content_type);
      return;
    }
    if (answer(req, res) && fault && fault->kind == Fault::Kind::truncate) truncate(res);
  }

  // Answers as the real service would; true for a success.
  bool answer(const httplib::Request& req, httplib::Response& res) {
    // As in FastAPI: a body that is not JSON is refused before the auth dependency runs; the
    // fields are validated after it.
    json body;
    const json problems = internal::validation_errors(req.body, body);
    const bool undecodable = !problems.empty() && problems[0]["type"] == "json_invalid";
    if (!undecodable && !authorized(req)) {
      res.status = 401;
      res.set_content(internal::default_error_body(401), "application/json");
      return false;
    }
    if (!problems.empty()) {
      res.status = 422;
      res.set_content(json{{"detail", problems}}.dump(), "application/json");
      return false;
    }
    const std::string model = body["model"].get<std::string>();
    if (model.find('/') == std::string::npos || model.front() == '/' || model.back() == '/') {
      res.status = 404;
      res.set_content(json{{"detail", "Model '" + model +
                                          "' not found: use provider/model, "
                                          "e.g. openai/gpt-image-1"}}
                          .dump(),
                      "application/json");
      return false;
    }
    const json size = body.value("size", json());
    const std::optional<internal::ImageSize> resolved = internal::resolve_size(size);
    if (!resolved) {
      res.status = 400;
      res.set_content(internal::openai_error_body(
                          "Invalid value: '" + size.get<std::string>() +
                              "'. Supported values are 'auto', WIDTHxHEIGHT with each side "
                              "from 1 to 4096, and aspect ratios such as '16:9' (at most 4:1).",
                          "size", "invalid_value"),
                      "application/json");
      return false;
    }
    const internal::Generation generation = internal::plan_generation(body, *resolved);
    if (static_cast<long long>(generation.n) * generation.size.width * generation.size.height >
        kMaxPixelsPerResponse) {
      res.status = 400;
      res.set_content(internal::openai_error_body(
                          "Too many pixels: n x size may be at most 10 images of 2048x2048 in "
                          "one response of the mock.",
                          "size", "invalid_value"),
                      "application/json");
      return false;
    }
    std::string content;
    {
      std::unique_lock<std::mutex> lock(render_mutex);
      render_slot.wait(lock, [this] { return renders_running < kMaxConcurrentRenders; });
      ++renders_running;
    }
    try {
      content = success_body(req, generation);
    } catch (...) {
      release_render_slot();
      throw;
    }
    release_render_slot();
    res.status = 200;
    // cpp-httplib gzips an exact "application/json" body whenever the client accepts gzip: for
    // megabytes of base64 that costs about a second per image and gains a quarter. The charset
    // parameter (valid JSON media type all the same) keeps successes uncompressed; small error
    // bodies are still gzipped, which keeps clients' decompression exercised.
    res.body = std::move(content);  // set_content() would copy megabytes
    res.set_header("Content-Type", "application/json; charset=utf-8");
    return true;
  }

  void release_render_slot() {
    {
      std::lock_guard<std::mutex> lock(render_mutex);
      --renders_running;
    }
    render_slot.notify_one();
  }

  std::string success_body(const httplib::Request& req, const internal::Generation& g) {
    const std::string size = std::to_string(g.size.width) + "x" + std::to_string(g.size.height);
    std::string out = "{\"created\":" + std::to_string(std::time(nullptr)) + ",\"data\":[";
    const std::string id = g.inline_images ? std::string() : images.remember(g.prompt);
    const std::string host = req.has_header("Host") ? req.get_header_value("Host")
                                                    : options.host + ":" + std::to_string(port);
    for (int i = 0; i < g.n; ++i) {
      if (i > 0) out += ',';
      if (g.inline_images) {
        const auto png =
            images.png(g.prompt, static_cast<unsigned>(i), g.size.width, g.size.height);
        out += "{\"b64_json\":\"";
        out += edenai::internal::encode_base64(reinterpret_cast<const std::uint8_t*>(png->data()),
                                               png->size());
        out += "\",\"url\":null,\"revised_prompt\":null}";
      } else {
        const std::string url =
            "http://" + host + kImagesPrefix + id + "-" + std::to_string(i) + "-" + size + ".png";
        out += "{\"url\":" + json(url).dump() + ",\"b64_json\":null,\"revised_prompt\":null}";
      }
    }
    out += "],\"output_format\":\"png\",\"size\":\"" + size + "\"";
    out += ",\"quality\":" + json(g.quality).dump();
    out += ",\"usage\":" + internal::usage_for(g).dump();
    out += ",\"cost\":" + format_number(std::round(internal::price_per_image(g) * g.n * 1e6) / 1e6);
    out += ",\"provider\":" + json(g.provider).dump() + "}";
    return out;
  }

  // Announces the whole body, sends the first half, then drops the connection.
  static void truncate(httplib::Response& res) {
    auto body = std::make_shared<std::string>(std::move(res.body));
    const std::string type = res.get_header_value("Content-Type");
    res.body.clear();
    res.set_content_provider(body->size(), type,
                             [body](std::size_t offset, std::size_t, httplib::DataSink& sink) {
                               if (offset == 0) sink.write(body->data(), body->size() / 2);
                               return false;
                             });
  }

  void image(const httplib::Request& req, httplib::Response& res) {
    const std::optional<std::string> prompt = images.prompt_for(req.matches[1]);
    const int width = std::stoi(req.matches[3]);
    const int height = std::stoi(req.matches[4]);
    if (!prompt || width < 1 || height < 1 || width > 4096 || height > 4096) {
      res.status = 404;
      res.set_content(R"({"detail":"Image not found or expired"})", "application/json");
      return;
    }
    const auto png =
        images.png(*prompt, static_cast<unsigned>(std::stoi(req.matches[2])), width, height);
    res.set_content(png->data(), png->size(), "image/png");
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
  // httplib closes its listening socket only when a running server stops: a server that was
  // never started is started first, so that its port is always released.
  if (!impl_->thread.joinable() && !impl_->http.is_running()) {
    bool already_stopped = false;
    {
      std::lock_guard<std::mutex> lock(impl_->mutex);
      already_stopped = impl_->stopped;
    }
    if (!already_stopped) start();
  }
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    impl_->stopped = true;
  }
  impl_->stopping.notify_all();
  impl_->http.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

int Server::port() const noexcept {
  return impl_->port;
}

std::string Server::base_url() const {
  const std::string& host = impl_->options.host;
  const bool ipv6 = host.find(':') != std::string::npos;
  return "http://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(impl_->port);
}

void Server::push_faults(std::vector<Fault> faults) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  for (auto& fault : faults)
    impl_->script.push_back(std::move(fault));
}

void Server::clear_faults() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->script.clear();
}

void Server::set_latency(std::chrono::milliseconds latency) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->latency = latency;
}

std::vector<RecordedRequest> Server::requests() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return {impl_->requests.begin(), impl_->requests.end()};
}

std::size_t Server::generation_count() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->generations;
}

}  // namespace edenai::mock
