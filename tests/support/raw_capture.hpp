// A one-shot HTTP server on a raw socket (127.0.0.1, OS-chosen port) that records the request
// bytes exactly as received, for checks a parsing server would hide (empty header values,
// duplicates). It answers one request with a fixed response, then closes.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>
#include <string>
#include <thread>

#include "support/raw_server.hpp"

namespace edenai::testing {

class RawCapture {
 public:
  explicit RawCapture(std::string response) : response_(std::move(response)) {
    listener_ = listen_on_loopback(1, &port_);
    thread_ = std::thread([this] { serve(); });
  }

  ~RawCapture() {
    ::shutdown(listener_, SHUT_RDWR);
    if (thread_.joinable()) thread_.join();
    ::close(listener_);
  }

  RawCapture(const RawCapture&) = delete;
  RawCapture& operator=(const RawCapture&) = delete;

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  /// The request as received; complete once the client has its response.
  const std::string& request() {
    if (thread_.joinable()) thread_.join();
    return request_;
  }

 private:
  void serve() {
    const int connection = ::accept(listener_, nullptr, nullptr);
    if (connection < 0) return;
    char buffer[4096];
    // Read the head, then as many body bytes as Content-Length announces.
    std::size_t wanted = std::string::npos;
    while (wanted == std::string::npos || request_.size() < wanted) {
      const ssize_t n = ::recv(connection, buffer, sizeof(buffer), 0);
      if (n <= 0) break;
      request_.append(buffer, static_cast<std::size_t>(n));
      const auto head_end = request_.find("\r\n\r\n");
      if (wanted == std::string::npos && head_end != std::string::npos) {
        const auto at = request_.find("Content-Length: ");
        const std::size_t body = at < head_end ? std::stoul(request_.substr(at + 16)) : 0;
        wanted = head_end + 4 + body;
      }
    }
    ::send(connection, response_.data(), response_.size(), MSG_NOSIGNAL);
    ::close(connection);
  }

  std::string response_;
  int listener_ = -1;
  int port_ = 0;
  std::thread thread_;
  std::string request_;
};

}  // namespace edenai::testing
