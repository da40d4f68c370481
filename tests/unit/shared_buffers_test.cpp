// The images' base64 stays in the received body (Base64Text), shared by every copy of an item,
// whatever outlives what and on whichever thread; and the pool that hands receive buffers back
// out: its limits, its choice of buffer, and its release of what has been idle. These run under
// ASan and TSan too (scripts/sanitize.sh).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "api/images.hpp"
#include "edenai/types.hpp"
#include "http/buffer_pool.hpp"
#include "json/base64.hpp"

namespace edenai {
namespace {

using internal::BufferPool;

std::vector<std::uint8_t> pattern(std::size_t size, unsigned seed) {
  std::vector<std::uint8_t> bytes(size);
  for (std::size_t i = 0; i < size; ++i)
    bytes[i] = static_cast<std::uint8_t>((i * 131 + std::size_t{seed} * 7) >> 1);
  return bytes;
}

std::string b64(const std::vector<std::uint8_t>& bytes) {
  return internal::encode_base64(bytes.data(), bytes.size());
}

// A response of `count` images of `size` bytes each, the i-th seeded with i; `escaped` writes
// every '/' as the JSON escape "\/".
std::string response_json(int count, std::size_t size, bool escaped = false) {
  std::string json = "{\"cost\":0.04,\"data\":[";
  for (int i = 0; i < count; ++i) {
    std::string text = b64(pattern(size, static_cast<unsigned>(i)));
    if (escaped) {
      std::string out;
      for (const char c : text)
        out += c == '/' ? std::string("\\/") : std::string(1, c);
      text = out;
    }
    json += (i > 0 ? ",{\"b64_json\":\"" : "{\"b64_json\":\"") + text + "\"}";
  }
  return json + "]}";
}

TEST(SharedBuffers, ItemsOutliveTheirResponseAndShareItsBuffer) {
  BufferPool& pool = internal::receive_buffers();
  pool.clear();
  std::optional<ImageDataItem> kept;
  {
    const ImageResponse response = internal::decode_image_response(response_json(3, 5000));
    ASSERT_EQ(response.data.size(), 3u);
    for (const auto& item : response.data) {
      EXPECT_TRUE(item.b64_json->shares_response_buffer());
    }
    // The three texts lie in one buffer, one after the other: nothing was copied out of it.
    EXPECT_LT(response.data[0].b64_json->data(), response.data[1].b64_json->data());
    EXPECT_LT(response.data[1].b64_json->data(), response.data[2].b64_json->data());
    kept = response.data[2];
    EXPECT_EQ(kept->b64_json->data(), response.data[2].b64_json->data());  // a reference copied
  }
  // The response is gone; the item keeps the buffer alive. Were it given back, the next body
  // would take it and overwrite the image (and under ASan, reading it would be reported).
  std::string next = pool.take(1);
  next.assign(next.capacity(), 'Z');
  EXPECT_EQ(kept->bytes(), pattern(5000, 2));
  EXPECT_EQ(kept->b64_json->view(), b64(pattern(5000, 2)));
  EXPECT_EQ(std::string(kept->b64_json->begin(), kept->b64_json->end()), b64(pattern(5000, 2)));
}

TEST(SharedBuffers, CopiesMovesAndAssignmentsKeepTheirOwnText) {
  ImageResponse response = internal::decode_image_response(response_json(2, 3000));
  const ImageResponse copy = response;  // copies references, not megabytes
  EXPECT_EQ(copy.data[0].b64_json->data(), response.data[0].b64_json->data());

  ImageDataItem moved = std::move(response.data[0]);
  EXPECT_EQ(moved.b64_json->data(), copy.data[0].b64_json->data());
  response = ImageResponse{};  // the original dropped: copy and moved still read the text
  EXPECT_EQ(moved.bytes(), pattern(3000, 0));
  EXPECT_EQ(copy.data[1].bytes(), pattern(3000, 1));

  // Assigning a string stores that string; str() copies out and detaches.
  ImageDataItem own = copy.data[1];
  own.b64_json = own.b64_json->str();
  EXPECT_FALSE(own.b64_json->shares_response_buffer());
  EXPECT_NE(own.b64_json->data(), copy.data[1].b64_json->data());
  EXPECT_EQ(own.b64_json, copy.data[1].b64_json);
  own.b64_json = "QUJD";
  EXPECT_EQ(own.bytes(), (std::vector<std::uint8_t>{'A', 'B', 'C'}));
  EXPECT_EQ(std::string(*own.b64_json), "QUJD");
  EXPECT_EQ(std::string_view(*copy.data[1].b64_json), b64(pattern(3000, 1)));
}

TEST(SharedBuffers, ThreadsReadCopyAndDropItemsInAnyOrder) {
  // Escaped text too: its first reader undoes the escapes, once, whichever thread that is.
  for (const bool escaped : {false, true}) {
    std::vector<ImageDataItem> items;
    {
      const ImageResponse response =
          internal::decode_image_response(response_json(4, 20000, escaped));
      items = response.data;
    }
    std::atomic<int> good{0};
    std::vector<std::thread> threads;
    threads.reserve(8);
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&, t, item = items[t % 4]]() mutable {
        const auto expected = pattern(20000, static_cast<unsigned>(t % 4));
        std::vector<std::uint8_t> out;
        bool ok = true;
        for (int i = 0; i < 5; ++i) {
          const ImageDataItem copy = item;
          ok = ok && copy.bytes_into(out) == expected.size() && out == expected;
          ok = ok && copy.b64_json->view() == b64(expected);
        }
        item = ImageDataItem{};  // this thread's reference dropped while others still read
        if (ok) ++good;
      });
    }
    items.clear();  // the main thread's references dropped while the threads run
    for (auto& thread : threads)
      thread.join();
    EXPECT_EQ(good.load(), 8) << (escaped ? "escaped" : "plain");
  }
}

TEST(SharedBuffers, TheBodyGoesBackToThePoolWhenItsLastImageIsGone) {
  BufferPool& pool = internal::receive_buffers();
  pool.clear();
  std::optional<ImageDataItem> last;
  {
    const ImageResponse response = internal::decode_image_response(response_json(2, 4000));
    last = response.data[1];
  }
  EXPECT_EQ(pool.idle_buffers(), 0u);  // an image still refers to the body
  last.reset();
  EXPECT_EQ(pool.idle_buffers(), 1u);
  EXPECT_GE(pool.idle_bytes(), response_json(2, 4000).size());
  pool.clear();
}

// A pool on a clock the test moves.
struct Pool : ::testing::Test {
  BufferPool::Clock::time_point now{};
  BufferPool make(BufferPool::Limits limits) {
    return BufferPool(limits, [this] { return now; });
  }
  static std::string buffer(std::size_t capacity) {
    std::string s;
    s.reserve(capacity);
    s = "leftover";
    return s;
  }
};

TEST_F(Pool, TakesTheSmallestIdleBufferThatFitsClearedElseANewOne) {
  BufferPool pool = make({});
  pool.give_back(buffer(1000));
  pool.give_back(buffer(100000));
  pool.give_back(buffer(10000));
  const std::string got = pool.take(5000);
  EXPECT_TRUE(got.empty());
  EXPECT_GE(got.capacity(), 10000u);
  EXPECT_LT(got.capacity(), 100000u);
  EXPECT_EQ(pool.idle_buffers(), 2u);
  const std::string fresh = pool.take(200000);  // none fits: a new one, the idle ones stay
  EXPECT_GE(fresh.capacity(), 200000u);
  EXPECT_EQ(pool.idle_buffers(), 2u);
}

TEST_F(Pool, NeverHandsAMuchLargerBufferToASmallBody) {
  // A 20 KB error body kept in an exception must not pin 4 MB of the pool's.
  BufferPool pool = make({});
  pool.give_back(buffer(std::size_t{4} << 20));
  EXPECT_LT(pool.take(20000).capacity(), std::size_t{1} << 20);
  EXPECT_EQ(pool.idle_buffers(), 1u);
  EXPECT_GE(pool.take(std::size_t{3} << 20).capacity(), std::size_t{4} << 20);  // twice at most
  EXPECT_EQ(pool.idle_buffers(), 0u);
}

TEST_F(Pool, KeepsNoMoreBuffersOrBytesThanItsLimitsDroppingTheOldest) {
  BufferPool::Limits limits;
  limits.max_buffers = 2;
  limits.max_bytes = 50000;
  BufferPool pool = make(limits);
  pool.give_back(buffer(10000));
  pool.give_back(buffer(20000));
  pool.give_back(buffer(15000));  // a third: the oldest (10000) goes
  EXPECT_EQ(pool.idle_buffers(), 2u);
  EXPECT_GE(pool.take(20000).capacity(), 20000u);
  EXPECT_EQ(pool.idle_buffers(), 1u);
  EXPECT_LT(pool.take(0).capacity(), 20000u);  // what stayed was the 15000 one
  pool.give_back(buffer(60000));               // larger than max_bytes: never kept
  EXPECT_EQ(pool.idle_buffers(), 0u);
  pool.give_back(buffer(30000));
  pool.give_back(buffer(30000));  // 60000 in all is over max_bytes: the first goes
  EXPECT_EQ(pool.idle_buffers(), 1u);
  EXPECT_LE(pool.idle_bytes(), limits.max_bytes);
  pool.give_back(std::string());  // nothing to keep
  EXPECT_EQ(pool.idle_buffers(), 1u);
}

TEST_F(Pool, ReleasesWhatHasBeenIdleTooLong) {
  BufferPool::Limits limits;
  limits.max_idle = std::chrono::seconds(30);
  BufferPool pool = make(limits);
  pool.give_back(buffer(10000));
  now += std::chrono::seconds(20);
  pool.give_back(buffer(20000));
  now += std::chrono::seconds(15);  // the first has been idle 35 s, the second 15 s
  pool.release_idle();
  EXPECT_EQ(pool.idle_buffers(), 1u);
  EXPECT_GE(pool.idle_bytes(), 20000u);
  now += std::chrono::seconds(20);
  EXPECT_LT(pool.take(100).capacity(), 20000u);  // take releases first: a new buffer
  EXPECT_EQ(pool.idle_buffers(), 0u);
  EXPECT_EQ(pool.idle_bytes(), 0u);
}

TEST_F(Pool, KeepsNothingWhenItsLimitIsZero) {
  BufferPool::Limits limits;
  limits.max_buffers = 0;
  BufferPool pool = make(limits);
  pool.give_back(buffer(1000));
  EXPECT_EQ(pool.idle_buffers(), 0u);
}

}  // namespace
}  // namespace edenai
