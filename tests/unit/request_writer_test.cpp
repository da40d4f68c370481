// The direct writer of request bodies (JsonObjectWriter, and the generation encoder's path
// through it): byte for byte what nlohmann::json's dump() writes for the same members, and a
// refusal exactly where dump() refuses (invalid UTF-8).
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/images.hpp"
#include "json/codec.hpp"

namespace edenai::internal {
namespace {

using json = nlohmann::json;

// What dump() writes for `text` as a JSON string, or std::nullopt when it refuses it.
std::optional<std::string> dumped(const std::string& text) {
  try {
    return json(text).dump();
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

std::optional<std::string> written(const std::string& text) {
  std::string out;
  if (!JsonObjectWriter::append_string(out, text)) return std::nullopt;
  return out;
}

TEST(RequestWriter, EscapesEveryAsciiCharacterAsDumpDoes) {
  for (int c = 0; c < 0x80; ++c) {
    const std::string text = std::string("a") + static_cast<char>(c) + "z";
    EXPECT_EQ(written(text), dumped(text)) << "character " << c;
  }
}

TEST(RequestWriter, AcceptsAndRefusesTheUtf8SequencesDumpDoes) {
  const std::vector<std::string> cases = {
      "\xC2\x80", "\xDF\xBF", "\xE0\xA0\x80", "\xED\x9F\xBF", "\xEE\x80\x80", "\xEF\xBF\xBF",
      "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF", "caf\xC3\xA9", "\xF0\x9F\xA6\x8A",
      // refused: overlong forms, surrogates, beyond U+10FFFF, stray and missing continuations
      "\xC0\x80", "\xC1\xBF", "\xE0\x9F\xBF", "\xED\xA0\x80", "\xED\xBF\xBF", "\xF0\x8F\xBF\xBF",
      "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xFF", "\x80", "\xC3", "\xE2\x82", "\xF0\x9F\xA6",
      "\xC3\x28", "\xE2\x28\xA1", "\xF0\x28\x8C\x28"};
  for (const std::string& text : cases) {
    EXPECT_EQ(written(text), dumped(text)) << ::testing::PrintToString(text);
  }
}

// Random strings mixing ASCII, valid characters of every length, and random bytes.
TEST(RequestWriter, MatchesDumpOnRandomStrings) {
  std::mt19937 random(12345);
  const std::vector<std::string> pieces = {
      "a", "\"", "\\", "\n", "\x01", "\x7f", "/", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\xA6\x8A",
      " "};
  int refused = 0;
  for (int round = 0; round < 5000; ++round) {
    std::string text;
    const int length = static_cast<int>(random() % 24);
    for (int i = 0; i < length; ++i) {
      if (random() % 8 == 0) {
        text += static_cast<char>(random() % 256);
      } else {
        text += pieces[random() % pieces.size()];
      }
    }
    const auto expected = dumped(text);
    if (!expected) ++refused;
    ASSERT_EQ(written(text), expected) << "round " << round;
  }
  EXPECT_GT(refused, 100);  // both outcomes were exercised
  EXPECT_LT(refused, 4900);
}

TEST(RequestWriter, AnObjectIsWhatDumpWritesForTheSameMembers) {
  JsonObjectWriter out;
  out.raw("a", "{\"x\":1}");
  out.integer("b", -42);
  out.string("c\n", "d\"e");
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(std::move(out).finish(), json({{"a", {{"x", 1}}}, {"b", -42}, {"c\n", "d\"e"}}).dump());
  JsonObjectWriter empty;
  EXPECT_EQ(std::move(empty).finish(), "{}");
  JsonObjectWriter bad;
  bad.string("k", "\xFF");
  EXPECT_FALSE(bad.ok());
}

// The generation body the general path (an nlohmann object, dumped) would write.
std::string general_path(const ImageGenerationBody& body) {
  json out = shared_request_json(body);
  if (body.response_format) out["response_format"] = *body.response_format;
  return out.dump();
}

TEST(RequestWriter, EveryCombinationOfGenerationFieldsIsEncodedAsBefore) {
  for (int mask = 0; mask < 64; ++mask) {
    ImageGenerationBody body;
    body.model = "openai/gpt-image-1";
    body.prompt = "a \"fox\"\n\xF0\x9F\xA6\x8A\\";
    if (mask & 1) body.n = 3;
    if (mask & 2) body.size = "1024x1024";
    if (mask & 4) body.user = "u\x01";
    if (mask & 8) body.quality = "high";
    if (mask & 16) body.response_format = "b64_json";
    if (mask & 32) body.extra_headers = std::map<std::string, std::string>{{"b", "2"}, {"a", "1"}};
    EXPECT_EQ(encode_request(body), general_path(body)) << "fields " << mask;
  }
}

TEST(RequestWriter, ExtrasAndMetadataTakeTheGeneralPathWithTheSameResult) {
  ImageGenerationBody body;
  body.model = "m";
  body.prompt = "p";
  body.extra = {{"zeta", 1}, {"alpha", {1, 2}}, {"model", "overridden"}};
  body.metadata = json{{"k", "v"}};
  EXPECT_EQ(encode_request(body), general_path(body));
  body.extra = json();  // not an object: ignored by both
  body.metadata = json();
  EXPECT_EQ(encode_request(body), general_path(body));
}

}  // namespace
}  // namespace edenai::internal
