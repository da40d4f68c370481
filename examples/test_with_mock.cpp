// Testing your own code against edenai::mock with GoogleTest: no key, no network, no cost.
//
// In your CMakeLists.txt:
//   find_package(edenai CONFIG REQUIRED COMPONENTS mock)
//   find_package(GTest REQUIRED)
//   target_link_libraries(my_tests PRIVATE edenai::edenai edenai::mock GTest::gtest_main)
#include <gtest/gtest.h>
#include <edenai/edenai.hpp>
#include <edenai/mock/server.hpp>

#include <string>
#include <vector>

namespace my_app {

// The application code under test: makes `count` avatars and returns their bytes, or nothing
// when the service refuses the request.
std::vector<std::vector<std::uint8_t>> make_avatars(const edenai::Client& client,
                                                    const std::string& description, int count) {
  edenai::ImageGenerationBody body;
  body.model = "openai/gpt-image-1-mini";
  body.prompt = "an avatar: " + description;
  body.n = count;
  body.size = "256x256";
  std::vector<std::vector<std::uint8_t>> avatars;
  try {
    for (const auto& item : client.generate(body).data)
      avatars.push_back(client.download(item));
  } catch (const edenai::ApiError&) {
    avatars.clear();
  }
  return avatars;
}

}  // namespace my_app

namespace {

class AvatarTest : public ::testing::Test {
 protected:
  void SetUp() override { mock.start(); }

  edenai::Client client(int max_retries = 2) const {
    edenai::ClientOptions options;
    options.api_key = "test-key";        // the mock accepts any non-empty key by default
    options.base_url = mock.base_url();  // http://127.0.0.1:<free port>
    options.max_retries = max_retries;
    return edenai::Client(options);
  }

  edenai::mock::Server mock;  // binds 127.0.0.1 on a free port
};

TEST_F(AvatarTest, ReturnsOnePngPerAvatar) {
  const auto avatars = my_app::make_avatars(client(), "a smiling robot", 3);
  ASSERT_EQ(avatars.size(), 3u);
  for (const auto& png : avatars)
    EXPECT_EQ(png.at(1), 'P');  // "\x89PNG"
  // What the application sent, as the server saw it.
  const auto sent = nlohmann::json::parse(mock.requests().at(0).body);
  EXPECT_EQ(sent["prompt"], "an avatar: a smiling robot");
}

TEST_F(AvatarTest, SurvivesATransientServerError) {
  edenai::mock::Fault busy = edenai::mock::Fault::http(503);
  busy.headers.emplace_back("retry-after-ms", "10");  // keep the SDK's retry wait short
  mock.push_faults({busy});
  EXPECT_EQ(my_app::make_avatars(client(), "a cat", 1).size(), 1u);
  EXPECT_EQ(mock.generation_count(), 2u);  // the failure, then the retry
}

TEST_F(AvatarTest, GivesNothingWhenOutOfCredits) {
  mock.push_faults({edenai::mock::Fault::http(402)});  // {"error":"Insufficient credits"}
  EXPECT_TRUE(my_app::make_avatars(client(), "a dog", 1).empty());
}

}  // namespace
