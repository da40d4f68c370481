// A scripted HTTP/1.1 server on raw sockets (127.0.0.1, OS-chosen port), for what a real server
// never does on purpose: reading a request and closing or resetting without an answer, cutting a
// 200 short, sending an interim status and then nothing. Each accepted connection runs the script
// on a thread of its own; every request read in full is recorded, in arrival order.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace edenai::testing {

/// A socket listening on 127.0.0.1 at an OS-chosen port, which `*port` receives.
inline int listen_on_loopback(int backlog, int* port) {
  const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  if (listener < 0 || ::bind(listener, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
      ::listen(listener, backlog) != 0 ||
      ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    throw std::runtime_error("could not listen on 127.0.0.1");
  }
  *port = ntohs(address.sin_port);
  return listener;
}

class RawServer {
 public:
  /// One accepted connection, as the script sees it.
  class Connection {
   public:
    Connection(RawServer& server, int fd, int index) : server_(server), fd_(fd), index_(index) {}

    /// 0 for the first connection accepted, 1 for the next...
    int index() const { return index_; }

    /// Reads one whole request (head, then the Content-Length body) and records it. False when
    /// the peer closed first (or the server is stopping).
    bool read_request(std::string* request = nullptr) {
      std::string text;
      std::size_t wanted = std::string::npos;
      for (;;) {
        const auto head_end = buffer_.find("\r\n\r\n");
        if (wanted == std::string::npos && head_end != std::string::npos) {
          std::size_t body = 0;
          const auto at = buffer_.find("Content-Length: ");
          if (at != std::string::npos && at < head_end) body = std::stoul(buffer_.substr(at + 16));
          wanted = head_end + 4 + body;
        }
        if (wanted != std::string::npos && buffer_.size() >= wanted) break;
        char chunk[65536];
        const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
        if (n <= 0) return false;
        buffer_.append(chunk, static_cast<std::size_t>(n));
      }
      text = buffer_.substr(0, wanted);
      buffer_.erase(0, wanted);
      server_.record(text);
      if (request != nullptr) *request = std::move(text);
      return true;
    }

    void send(std::string_view bytes) {
      while (!bytes.empty()) {
        const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n <= 0) return;
        bytes.remove_prefix(static_cast<std::size_t>(n));
      }
    }

    /// Closes with a TCP reset (SO_LINGER 0) instead of a FIN.
    void reset() {
      const linger hard{1, 0};
      ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
      close();
    }

    /// Closes (a FIN); the script may return at once or go on waiting.
    void close() {
      if (fd_ < 0) return;
      std::lock_guard<std::mutex> lock(server_.mutex_);
      server_.open_.erase(fd_);
      ::close(fd_);
      fd_ = -1;
    }

    /// Says nothing until the peer closes or the server stops.
    void hold() {
      char chunk[4096];
      while (fd_ >= 0 && !server_.stopping_) {
        pollfd watch{fd_, POLLIN, 0};
        if (::poll(&watch, 1, 50) > 0 && ::recv(fd_, chunk, sizeof chunk, 0) <= 0) return;
      }
    }

    int fd() const { return fd_; }

   private:
    RawServer& server_;
    int fd_;
    int index_;
    std::string buffer_;
  };

  using Script = std::function<void(Connection&)>;

  explicit RawServer(Script script) : script_(std::move(script)) {
    listener_ = listen_on_loopback(64, &port_);
    acceptor_ = std::thread([this] { accept_loop(); });
  }

  ~RawServer() {
    stopping_ = true;
    ::shutdown(listener_, SHUT_RDWR);
    acceptor_.join();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      for (const int fd : open_)
        ::shutdown(fd, SHUT_RDWR);
    }
    for (auto& thread : connections_)
      thread.join();
    ::close(listener_);
  }

  RawServer(const RawServer&) = delete;
  RawServer& operator=(const RawServer&) = delete;

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  /// The requests read in full so far, in arrival order.
  std::vector<std::string> requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }
  std::size_t request_count() const { return requests().size(); }

 private:
  void record(const std::string& request) {
    std::lock_guard<std::mutex> lock(mutex_);
    requests_.push_back(request);
  }

  void accept_loop() {
    for (int index = 0;; ++index) {
      const int fd = ::accept(listener_, nullptr, nullptr);
      if (fd < 0) return;
      std::lock_guard<std::mutex> lock(mutex_);
      open_.insert(fd);
      connections_.emplace_back([this, fd, index] {
        Connection connection(*this, fd, index);
        script_(connection);
        connection.close();
      });
    }
  }

  Script script_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  mutable std::mutex mutex_;
  std::set<int> open_;
  std::vector<std::thread> connections_;
  std::vector<std::string> requests_;
};

/// A 200 answer with `body` (JSON), kept alive.
inline std::string http_ok(const std::string& body) {
  return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

}  // namespace edenai::testing
