// What the fake-transport tests of the image surface share: a client over a FakeTransport, the
// request it sent, small images and ids.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <string>

#include "edenai/edenai.hpp"
#include "support/fake_transport.hpp"

namespace edenai::testing {

inline constexpr const char* kSurfaceKey = "sk-eden-surface-test-key";
inline const std::string kPng = std::string("\x89PNG\r\n\x1a\n", 8) + "rest-of-a-png";
inline const std::string kJpeg = std::string("\xFF\xD8\xFF\xE0", 4) + "rest-of-a-jpeg";

struct Surface : ::testing::Test {
  std::shared_ptr<FakeTransport> transport = std::make_shared<FakeTransport>();
  Client client(int max_retries = 0, const std::string& base_url = "http://eden.test") {
    ClientOptions options;
    options.api_key = kSurfaceKey;
    options.base_url = base_url;
    options.transport = transport;
    options.max_retries = max_retries;
    return Client(options);
  }
  HttpRequest only_request() {
    const auto requests = transport->requests();
    EXPECT_EQ(requests.size(), 1u);
    return requests.empty() ? HttpRequest{} : requests.front();
  }
};

/// The value of the first header named `name` (as sent), or "<absent>".
inline std::string sent_header(const HttpRequest& request, const std::string& name) {
  for (const auto& [key, value] : request.headers) {
    if (key == name) return value;
  }
  return "<absent>";
}

/// Writes `data` to a file of the test's temporary directory and returns its path.
inline std::string temp_file(const std::string& name, const std::string& data) {
  const std::string path = ::testing::TempDir() + name;
  std::ofstream(path, std::ios::binary) << data;
  return path;
}

}  // namespace edenai::testing
