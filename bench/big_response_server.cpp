// A loopback server for client_benchmark's `stream` mode: it answers every POST with one
// generation response of N images of W x H RGBA pixels each (incompressible bytes, base64), the
// largest kind of response the 1 GiB default limit is there for. A separate process, so that
// the client's peak memory is its own.
//
//   big_response_server [--images N] [--side PIXELS]
//
// Prints `big_response_server listening on URL`, then serves until killed.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "json/base64.hpp"

namespace {

std::string make_body(int images, int side) {
  const std::size_t size = static_cast<std::size_t>(side) * static_cast<std::size_t>(side) * 4;
  std::string body = "{\"created\":1700000000,\"cost\":1.9,\"provider\":\"openai\",\"data\":[";
  std::uint64_t state = 0x9e3779b97f4a7c15ULL;
  std::string bytes(size, '\0');
  for (int i = 0; i < images; ++i) {
    for (std::size_t k = 0; k + 8 <= size; k += 8) {  // xorshift: nothing a codec could shrink
      state ^= state << 13;
      state ^= state >> 7;
      state ^= state << 17;
      std::memcpy(&bytes[k], &state, 8);
    }
    body += i == 0 ? "{\"b64_json\":\"" : ",{\"b64_json\":\"";
    body += edenai::internal::encode_base64(reinterpret_cast<const std::uint8_t*>(bytes.data()),
                                            bytes.size());
    body += "\"}";
  }
  return body + "]}";
}

bool send_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// Reads one request (headers, then Content-Length bytes of body).
bool read_request(int fd) {
  std::string in;
  char chunk[8192];
  std::size_t header_end = std::string::npos;
  while (header_end == std::string::npos) {
    const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    in.append(chunk, static_cast<std::size_t>(n));
    header_end = in.find("\r\n\r\n");
  }
  std::size_t length = 0;
  for (const char* name : {"Content-Length:", "content-length:"}) {
    const auto at = in.find(name);
    if (at != std::string::npos && at < header_end)
      length = std::strtoull(in.c_str() + at + std::strlen(name), nullptr, 10);
  }
  while (in.size() < header_end + 4 + length) {
    const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    in.append(chunk, static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  int images = 10;
  int side = 4096;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string name = argv[i];
    if (name == "--images") {
      images = std::atoi(argv[i + 1]);
    } else if (name == "--side") {
      side = std::atoi(argv[i + 1]);
    } else {
      std::fprintf(stderr, "unknown option %s\n", name.c_str());
      return 2;
    }
  }
  const std::string body = make_body(images, side);
  const std::string head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                           std::to_string(body.size()) + "\r\n\r\n";
  const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listener, 16) != 0 ||
      ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    std::perror("big_response_server");
    return 1;
  }
  std::printf("big_response_server listening on http://127.0.0.1:%d\n", ntohs(address.sin_port));
  std::fflush(stdout);
  for (;;) {
    const int fd = ::accept(listener, nullptr, nullptr);
    if (fd < 0) continue;
    while (read_request(fd) && send_all(fd, head.data(), head.size()) &&
           send_all(fd, body.data(), body.size())) {
    }
    ::close(fd);
  }
}
