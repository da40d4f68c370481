// An in-process HTTP server for tests: cpp-httplib bound to 127.0.0.1 on an OS-chosen port,
// listening on its own thread, recording every request it receives.
#pragma once

#include <httplib.h>

#include <chrono>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace edenai::testing {

/// What the server saw of one request.
struct SeenRequest {
  std::string method;
  std::string path;
  httplib::Headers headers;
  std::string body;
  int remote_port = 0;
};

class TestServer {
 public:
  TestServer() {
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("test server could not bind 127.0.0.1");
  }

  ~TestServer() { stop(); }

  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  /// Registers a route (before start()). Each request is recorded before the handler runs, so
  /// it is in seen() by the time the client has the response.
  void post(const std::string& path, httplib::Server::Handler handler) {
    server_.Post(path, recorded(std::move(handler)));
  }
  void get(const std::string& path, httplib::Server::Handler handler) {
    server_.Get(path, recorded(std::move(handler)));
  }

  /// Starts serving; the socket is already listening, so clients may connect at once. Always
  /// start a server: httplib closes its socket only when stopping a running server.
  void start() {
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 200 && !server_.is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }

  void stop() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }

  int port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  std::vector<SeenRequest> seen() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return seen_;
  }

 private:
  httplib::Server::Handler recorded(httplib::Server::Handler handler) {
    return
        [this, handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
          {
            std::lock_guard<std::mutex> lock(mutex_);
            seen_.push_back({req.method, req.path, req.headers, req.body, req.remote_port});
          }
          handler(req, res);
        };
  }

  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::vector<SeenRequest> seen_;
};

}  // namespace edenai::testing
