// Receive buffers through real libcurl: a response received after the last one was dropped
// lands in that one's buffer (no fresh pages), and one received while the last is kept gets a
// buffer of its own, the kept images untouched. Synchronous and on the I/O thread.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <string>

#include "edenai/edenai.hpp"
#include "http/buffer_pool.hpp"
#include "json/base64.hpp"
#include "support/test_server.hpp"

namespace edenai {
namespace {

using testing::TestServer;

std::string image(unsigned seed) {
  std::string bytes(300000, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i)
    bytes[i] = static_cast<char>((i * 31 + seed) >> 2);
  return bytes;
}

std::vector<std::uint8_t> bytes_of(const std::string& text) {
  return std::vector<std::uint8_t>(text.begin(), text.end());
}

std::string as_b64(const std::string& bytes) {
  return internal::encode_base64(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

struct ReceiveBuffers : ::testing::Test {
  TestServer server;
  std::atomic<unsigned> served{0};  // handlers run on the server's threads
  void SetUp() override {
    internal::receive_buffers().clear();
    server.post("/v3/images/generations", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content("{\"data\":[{\"b64_json\":\"" + as_b64(image(served++)) + "\"}]}",
                      "application/json");
    });
    server.start();
  }
  Client client() const {
    ClientOptions options;
    options.api_key = "sk-buffers";
    options.base_url = server.base_url();
    options.max_retries = 0;
    return Client(options);
  }
  static ImageGenerationBody body() {
    ImageGenerationBody b;
    b.model = "openai/gpt-image-1";
    b.prompt = "a buffer";
    return b;
  }
};

TEST_F(ReceiveBuffers, ANewResponseReusesTheBufferOfADroppedOneAndNeverOfAKeptOne) {
  const Client c = client();
  std::uintptr_t first_place = 0;
  {
    const ImageResponse first = c.generate(body());
    ASSERT_TRUE(first.data.at(0).b64_json->shares_response_buffer());
    first_place = reinterpret_cast<std::uintptr_t>(first.data[0].b64_json->data());
  }
  EXPECT_EQ(internal::receive_buffers().idle_buffers(), 1u);  // the first body, given back
  const ImageResponse second = c.generate(body());
  EXPECT_EQ(internal::receive_buffers().idle_buffers(), 0u);  // ... and taken again
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(second.data.at(0).b64_json->data()), first_place);
  // Kept: the next response goes elsewhere, and this one still reads its own image.
  const ImageResponse third = c.generate_async(body()).get();
  EXPECT_NE(third.data.at(0).b64_json->data(), second.data[0].b64_json->data());
  EXPECT_EQ(second.data[0].bytes(), bytes_of(image(1)));
  EXPECT_EQ(third.data[0].bytes(), bytes_of(image(2)));
}

TEST_F(ReceiveBuffers, TheIoThreadReusesThemToo) {
  const Client c = client();
  std::uintptr_t first_place = 0;
  {
    const ImageResponse first = c.generate_async(body()).get();
    first_place = reinterpret_cast<std::uintptr_t>(first.data.at(0).b64_json->data());
  }
  EXPECT_EQ(internal::receive_buffers().idle_buffers(), 1u);
  const ImageResponse second = c.generate_async(body()).get();
  EXPECT_EQ(internal::receive_buffers().idle_buffers(), 0u);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(second.data.at(0).b64_json->data()), first_place);
  EXPECT_EQ(second.data[0].bytes(), bytes_of(image(1)));
}

}  // namespace
}  // namespace edenai
