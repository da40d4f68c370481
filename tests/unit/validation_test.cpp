// Client-side validation: each rule of the contract, its edges, and the field named in the error.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api/validation.hpp"
#include "edenai/errors.hpp"

namespace edenai::internal {
namespace {

using ::testing::HasSubstr;

ImageGenerationBody valid_body() {
  ImageGenerationBody body;
  body.model = "openai/gpt-image-1";
  body.prompt = "a cat";
  return body;
}

std::string rejection(const ImageGenerationBody& body) {
  try {
    validate_request(body);
  } catch (const InvalidRequestError& e) {
    return e.what();
  }
  ADD_FAILURE() << "body was accepted";
  return {};
}

std::string repeat(std::string_view unit, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i)
    out += unit;
  return out;
}

TEST(Utf8Length, CountsCodePoints) {
  EXPECT_EQ(utf8_length(""), 0u);
  EXPECT_EQ(utf8_length("abc"), 3u);
  EXPECT_EQ(utf8_length("caf\xc3\xa9"), 4u);
  EXPECT_EQ(utf8_length("\xe2\x82\xac"), 1u);
  EXPECT_EQ(utf8_length("\xf0\x9f\x8e\xa8!"), 2u);
}

TEST(Utf8Length, RejectsMalformedSequences) {
  for (const char* bad : {"\x80", "\xc3", "\xc3\x28", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80",
                          "\xf4\x90\x80\x80", "\xf8\x88\x80\x80\x80", "\xff", "ok\xe2\x82"}) {
    EXPECT_FALSE(utf8_length(bad)) << ::testing::PrintToString(bad);
  }
}

TEST(ValidateRequest, AcceptsAValidBody) {
  EXPECT_NO_THROW(validate_request(valid_body()));
}

TEST(ValidateRequest, RejectsAnEmptyModel) {
  auto body = valid_body();
  body.model.clear();
  EXPECT_THAT(rejection(body), HasSubstr("model"));
}

TEST(ValidateRequest, PromptLengthIsCountedInCharacters) {
  auto body = valid_body();
  body.prompt.clear();
  EXPECT_THAT(rejection(body), HasSubstr("prompt"));

  body.prompt = repeat("\xc3\xa9", 32000);  // 32000 characters, 64000 bytes
  EXPECT_NO_THROW(validate_request(body));
  body.prompt = repeat("\xf0\x9f\x8e\xa8", 32000);  // 32000 characters, 128000 bytes
  EXPECT_NO_THROW(validate_request(body));
  body.prompt = repeat("a", 32001);
  EXPECT_THAT(rejection(body), HasSubstr("prompt must have 1 to 32000 characters (has 32001)"));
  body.prompt = repeat("\xc3\xa9", 32001);
  EXPECT_THAT(rejection(body), HasSubstr("has 32001"));
  body.prompt = "x";
  EXPECT_NO_THROW(validate_request(body));
}

TEST(ValidateRequest, NMustBeOneToTen) {
  auto body = valid_body();
  for (int ok : {1, 10}) {
    body.n = ok;
    EXPECT_NO_THROW(validate_request(body)) << ok;
  }
  for (int bad : {0, -1, 11}) {
    body.n = bad;
    EXPECT_THAT(rejection(body), HasSubstr("n must be between 1 and 10")) << bad;
  }
}

TEST(ValidateRequest, StringsMustBeUtf8) {
  const std::string bad = "\xc3\x28";
  auto body = valid_body();
  body.prompt = "a " + bad;
  EXPECT_THAT(rejection(body), HasSubstr("prompt is not valid UTF-8"));
  body = valid_body();
  body.model = bad;
  EXPECT_THAT(rejection(body), HasSubstr("model"));
  for (auto member : {&ImageGenerationBody::size, &ImageGenerationBody::user,
                      &ImageGenerationBody::quality, &ImageGenerationBody::response_format}) {
    body = valid_body();
    body.*member = bad;
    EXPECT_THAT(rejection(body), HasSubstr("not valid UTF-8"));
  }
  body = valid_body();
  body.metadata = nlohmann::json{{"k", {{"deep", bad}}}};
  EXPECT_THAT(rejection(body), HasSubstr("metadata.k.deep"));
  body = valid_body();
  body.extra = nlohmann::json{{"style", nlohmann::json::array({"ok", bad})}};
  EXPECT_THAT(rejection(body), HasSubstr("extra.style[1]"));
  body = valid_body();
  body.extra_headers = std::map<std::string, std::string>{{"X-A", bad}};
  EXPECT_THAT(rejection(body), HasSubstr("extra_headers"));
}

TEST(ValidateRequest, DoesNotCheckWhatTheProviderOwns) {
  auto body = valid_body();
  body.size = "banana";
  body.quality = "ultra-mega";
  EXPECT_NO_THROW(validate_request(body));
}

TEST(ValidateRequest, RejectsCredentialHeadersInAnyCase) {
  for (const char* name : {"Authorization", "authorization", "AUTHORIZATION", "Proxy-Authorization",
                           "x-api-key", "X-API-KEY", "Cookie", "cOOkie"}) {
    auto body = valid_body();
    body.extra_headers = std::map<std::string, std::string>{{name, "secret"}};
    const std::string message = rejection(body);
    EXPECT_THAT(message, HasSubstr("credential header")) << name;
    EXPECT_THAT(message, ::testing::Not(HasSubstr("secret"))) << name;
  }
  auto body = valid_body();
  body.extra_headers = std::map<std::string, std::string>{{"X-Custom", "fine"}};
  EXPECT_NO_THROW(validate_request(body));
}

TEST(ValidateRequest, RejectsControlCharactersInHeaderValues) {
  for (const std::string& value :
       std::vector<std::string>{"v\r\nInjected: 1", "v\nx", std::string("a\0b", 3), "\x1b[31m"}) {
    auto body = valid_body();
    body.extra_headers = std::map<std::string, std::string>{{"X-A", value}};
    EXPECT_THAT(rejection(body), HasSubstr("control character")) << value;
  }
  auto body = valid_body();
  body.extra_headers = std::map<std::string, std::string>{{"X-A", "tab\tis fine"}};
  EXPECT_NO_THROW(validate_request(body));
}

TEST(ValidateRequest, HeaderNamesMustBeHttpTokens) {
  // Names that are not tokens could smuggle a credential header past the check, e.g.
  // "Authorization:" would be sent as "Authorization:: ...".
  for (const char* name :
       {"Authorization:", "Cookie ", " X-A", "X-A\r", "X\nB", "X A", "X(A)", "", "caf\xc3\xa9"}) {
    auto body = valid_body();
    body.extra_headers = std::map<std::string, std::string>{{name, "v"}};
    EXPECT_THAT(rejection(body), HasSubstr("not a valid HTTP header name")) << name;
  }
  auto body = valid_body();
  body.extra_headers = std::map<std::string, std::string>{{"X-Odd_Name.v2!#$%&'*+^`|~", "v"}};
  EXPECT_NO_THROW(validate_request(body));
}

TEST(ValidateRequest, RejectsDiscardedJsonValues) {
  auto body = valid_body();
  body.extra = nlohmann::json{{"x", nlohmann::json::parse("{oops", nullptr, false)}};
  EXPECT_THAT(rejection(body), HasSubstr("extra.x holds a discarded JSON value"));
  body = valid_body();
  body.metadata = nlohmann::json{{"y", nlohmann::json::parse("", nullptr, false)}};
  EXPECT_THAT(rejection(body), HasSubstr("metadata.y"));
}

TEST(ValidateRequest, ExtraMustNotShadowTypedFields) {
  for (const char* key : {"model", "prompt", "n", "size", "user", "quality", "response_format",
                          "metadata", "extra_headers"}) {
    auto body = valid_body();
    body.extra = nlohmann::json{{key, "x"}};
    EXPECT_THAT(rejection(body), HasSubstr(std::string("key '") + key + "' collides")) << key;
  }
  auto body = valid_body();
  body.extra = nlohmann::json{{"background", "transparent"}};
  EXPECT_NO_THROW(validate_request(body));
}

TEST(ValidateRequest, ExtraAndMetadataMustBeObjects) {
  auto body = valid_body();
  body.extra = nlohmann::json::array({1});
  EXPECT_THAT(rejection(body), HasSubstr("extra must be a JSON object"));
  body = valid_body();
  body.metadata = nlohmann::json("text");
  EXPECT_THAT(rejection(body), HasSubstr("metadata must be a JSON object"));
}

}  // namespace
}  // namespace edenai::internal
