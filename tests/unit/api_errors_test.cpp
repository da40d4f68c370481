// Error bodies: the server's message in every shape of API-NOTES, the ApiError subclass for
// each status, and the API key redacted from every part of the exception.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/validation.hpp"
#include "core/redaction.hpp"
#include "edenai/errors.hpp"
#include "http/api_errors.hpp"

namespace edenai::internal {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(ServerMessage, ReadsEveryKnownShape) {
  EXPECT_EQ(server_message(R"({"error":{"message":"Invalid tags","type":"invalid_request_error",)"
                           R"("param":"tags","code":null}})"),
            "Invalid tags");
  EXPECT_EQ(server_message(R"({"error":"Insufficient credits"})"), "Insufficient credits");
  EXPECT_EQ(server_message(R"({"detail":"Invalid authentication credentials"})"),
            "Invalid authentication credentials");
  EXPECT_EQ(server_message(R"({"message":"Slow down"})"), "Slow down");
  EXPECT_EQ(server_message(R"({"detail":[{"loc":["body","n"],"msg":"Input should be less than or )"
                           R"(equal to 10","type":"less_than_equal"},{"loc":["body","prompt"],)"
                           R"("msg":"Field required","type":"missing"}]})"),
            "body.n: Input should be less than or equal to 10; body.prompt: Field required");
}

TEST(ServerMessage, ReadsLessCommonShapes) {
  EXPECT_EQ(server_message(R"("Internal error")"), "Internal error");
  EXPECT_EQ(server_message(R"({"detail":[{"msg":"first"},{"msg":"second","loc":"x"}]})"),
            "first; second");
  EXPECT_EQ(server_message(R"({"error":{"message":42}})"), R"({"error":{"message":42}})");
}

TEST(ServerMessage, HandlesNonJsonBodies) {
  EXPECT_EQ(server_message("<html><head><title>502 Bad Gateway</title></head><body>nginx"
                           "</body></html>"),
            "502 Bad Gateway");
  EXPECT_EQ(server_message("upstream connect error\r\nor disconnect"),
            "upstream connect error or disconnect");
  EXPECT_EQ(server_message(""), "");
  // JSON without a known message field: the body itself says the most.
  EXPECT_EQ(server_message(R"({"unrelated":1})"), R"({"unrelated":1})");
}

TEST(ServerMessage, IsBoundedAndCutOnACharacterBoundary) {
  const std::string long_text = server_message(std::string(3000, 'x'));
  EXPECT_EQ(long_text.size(), 503u);
  EXPECT_EQ(long_text.substr(500), "...");
  std::string accents = "a";  // byte 500 falls inside a two-byte character
  for (int i = 0; i < 400; ++i)
    accents += "\xc3\xa9";
  const std::string cut = server_message(accents);
  EXPECT_EQ(cut.size(), 499u + 3u);
  EXPECT_TRUE(utf8_length(cut));
}

template <typename E>
E thrown(int status, const std::string& body, std::vector<Header> headers = {},
         std::string_view secret = "") {
  try {
    Secrets secrets;
    if (!secret.empty()) secrets.emplace_back(secret);
    throw_api_error(HttpResponse{status, std::move(headers), body}, secrets);
  } catch (const E& e) {
    return e;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "status " << status << " threw the wrong type: " << e.what();
  }
  throw std::logic_error("unreachable");
}

TEST(ThrowApiError, MapsEachStatusToItsType) {
  EXPECT_EQ(thrown<BadRequestError>(400, "{}").status(), 400);
  EXPECT_EQ(thrown<AuthenticationError>(401, "{}").status(), 401);
  EXPECT_EQ(thrown<InsufficientCreditsError>(402, "{}").status(), 402);
  EXPECT_EQ(thrown<PermissionDeniedError>(403, "{}").status(), 403);
  EXPECT_EQ(thrown<NotFoundError>(404, "{}").status(), 404);
  EXPECT_EQ(thrown<ConflictError>(409, "{}").status(), 409);
  EXPECT_EQ(thrown<UnprocessableEntityError>(422, "{}").status(), 422);
  EXPECT_EQ(thrown<RateLimitError>(429, "{}").status(), 429);
  EXPECT_EQ(thrown<InternalServerError>(500, "{}").status(), 500);
  EXPECT_EQ(thrown<InternalServerError>(503, "").status(), 503);
  EXPECT_EQ(thrown<InternalServerError>(599, "").status(), 599);
  EXPECT_EQ(thrown<RegionNotAllowedError>(451, "{}").status(), 451);
  for (int other : {405, 408, 413, 418, 302}) {
    try {
      throw_api_error(HttpResponse{other, {}, ""}, {});
    } catch (const ApiError& e) {
      EXPECT_EQ(typeid(e), typeid(ApiError)) << other;
      EXPECT_EQ(e.status(), other);
    }
  }
}

TEST(ThrowApiError, WhatNamesStatusAndServerMessage) {
  const auto e = thrown<AuthenticationError>(
      401, R"({"detail":"Invalid authentication credentials"})", {{"x-request-id", "req_9"}});
  EXPECT_STREQ(e.what(),
               "HTTP 401 Unauthorized: Invalid authentication credentials (request id req_9)");
  EXPECT_EQ(e.request_id(), "req_9");
  EXPECT_EQ(e.body(), R"({"detail":"Invalid authentication credentials"})");
  EXPECT_STREQ(thrown<InternalServerError>(503, "").what(), "HTTP 503 Service Unavailable");
  EXPECT_EQ(thrown<InternalServerError>(503, "").request_id(), "");
}

TEST(ThrowApiError, ParsesValidationDetails) {
  const auto e = thrown<UnprocessableEntityError>(
      422, R"({"detail":[{"loc":["body","n"],"msg":"Input should be less than or equal to 10",)"
           R"("type":"less_than_equal","input":11,"ctx":{"le":10}}]})");
  ASSERT_EQ(e.validation().detail.size(), 1u);
  EXPECT_EQ(e.validation().detail[0].type, "less_than_equal");
  EXPECT_THAT(e.what(), HasSubstr("HTTP 422 Unprocessable Entity: body.n: Input should be"));
  EXPECT_TRUE(thrown<UnprocessableEntityError>(422, "not json").validation().detail.empty());
}

TEST(ThrowApiError, RedactsTheKeyEverywhere) {
  const std::string key = "sk-eden-SECRET123";
  const std::string body = R"({"detail":"bad key sk-eden-SECRET123 and again sk-eden-SECRET123"})";
  const auto e = thrown<AuthenticationError>(401, body, {{"x-request-id", key}}, key);
  EXPECT_THAT(e.what(), Not(HasSubstr(key)));
  EXPECT_THAT(e.body(), Not(HasSubstr(key)));
  EXPECT_THAT(e.request_id(), Not(HasSubstr(key)));
  EXPECT_THAT(e.what(), HasSubstr("[REDACTED]"));
  const auto v = thrown<UnprocessableEntityError>(
      422, R"({"detail":[{"loc":["body"],"msg":"got sk-eden-SECRET123","type":"t"}]})", {}, key);
  ASSERT_EQ(v.validation().detail.size(), 1u);
  EXPECT_THAT(v.validation().detail[0].msg, Not(HasSubstr(key)));
}

TEST(ThrowApiError, NoPartOfTheKeySurvivesTheLengthCut) {
  const std::string key = "sk-eden-ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  // Place the key across the 500-character cut, in the message and in the request id.
  for (std::size_t offset = 470; offset <= 500; offset += 3) {
    const std::string text = std::string(offset, 'm') + key + " tail";
    const auto e = thrown<AuthenticationError>(401, nlohmann::json{{"detail", text}}.dump(),
                                               {{"x-request-id", text}}, key);
    for (std::size_t n = 12; n <= key.size(); ++n) {
      const std::string part = key.substr(0, n);
      ASSERT_THAT(e.what(), Not(HasSubstr(part))) << offset;
      ASSERT_THAT(e.request_id(), Not(HasSubstr(part))) << offset;
      ASSERT_THAT(e.body(), Not(HasSubstr(part))) << offset;
    }
  }
}

TEST(ThrowApiError, RedactsValidationLocationsAndTypes) {
  const std::string key = "sk-eden-SECRET123";
  const auto e = thrown<UnprocessableEntityError>(
      422,
      R"({"detail":[{"loc":["header","Authorization","sk-eden-SECRET123"],"msg":"bad",)"
      R"("type":"sk-eden-SECRET123"}]})",
      {}, key);
  ASSERT_EQ(e.validation().detail.size(), 1u);
  EXPECT_THAT(format_location(e.validation().detail[0].loc), Not(HasSubstr(key)));
  EXPECT_THAT(e.validation().detail[0].type, Not(HasSubstr(key)));
  EXPECT_THAT(e.what(), Not(HasSubstr(key)));
}

TEST(ThrowApiError, RedactsAKeySpelledWithJsonEscapes) {
  const std::string key = "sk-eden-SECRET123";
  const std::string body = R"({"detail":"echo sk-\u0065den-SECRET123","sk-eden-\u0053ECRET123":1})";
  const auto e = thrown<AuthenticationError>(401, body, {}, key);
  EXPECT_THAT(e.what(), Not(HasSubstr(key)));
  EXPECT_THAT(e.body(), Not(HasSubstr(key)));
  const auto decoded = nlohmann::json::parse(e.body());
  EXPECT_THAT(decoded.dump(), Not(HasSubstr(key)));
  EXPECT_EQ(decoded["detail"], "echo [REDACTED]");
  // A body without the key is kept byte for byte.
  const std::string clean = R"({"detail": "Invalid  \u0041uth"})";
  EXPECT_EQ(thrown<AuthenticationError>(401, clean, {}, key).body(), clean);
}

TEST(ThrowApiError, DeeplyNestedBodiesAreTextNotACrash) {
  // Walking or re-serialising this recursively would exhaust the stack.
  const std::string deep = std::string(200'000, '[') + std::string(200'000, ']');
  const std::string key = "sk-eden-SECRET123";
  const auto e = thrown<InternalServerError>(500, deep, {}, key);
  EXPECT_THAT(e.what(), HasSubstr("HTTP 500 Internal Server Error: [[[["));
  EXPECT_TRUE(thrown<UnprocessableEntityError>(422, deep, {}, key).validation().detail.empty());
  const std::string deep_object = "{\"detail\":" + std::string(100'000, '[') +
                                  "\"sk-eden-SECRET123\"" + std::string(100'000, ']') + "}";
  const auto d = thrown<AuthenticationError>(401, deep_object, {}, key);
  EXPECT_THAT(d.body(), Not(HasSubstr(key)));
  EXPECT_THAT(d.what(), Not(HasSubstr(key)));
  // Brackets inside strings do not count as nesting.
  EXPECT_EQ(server_message("{\"detail\":\"" + std::string(500, '[') + "\"}").substr(0, 3), "[[[");
}

TEST(ThrowApiError, RedactsLargeValidationBodies) {
  // FastAPI echoes the input in 422 details, which can make the body large.
  const std::string key = "sk-eden-SECRET123";
  const std::string body =
      R"({"detail":[{"loc":["body","metadata"],"msg":"bad sk-\u0065den-SECRET123",)"
      R"("type":"dict_type","input":")" +
      std::string(3u << 20, 'x') + "\"}]}";
  const auto e = thrown<UnprocessableEntityError>(422, body, {}, key);
  ASSERT_EQ(e.validation().detail.size(), 1u);
  EXPECT_EQ(e.validation().detail[0].msg, "bad [REDACTED]");
  EXPECT_THAT(e.body(), Not(HasSubstr("SECRET123")));
  EXPECT_THAT(e.what(), HasSubstr("body.metadata: bad [REDACTED]"));
}

TEST(Redact, ReplacesEveryOccurrenceIncludingAdjacentOnes) {
  EXPECT_EQ(redact("kkk", "k"), "[REDACTED][REDACTED][REDACTED]");
  EXPECT_EQ(redact("a key b", ""), "a key b");
}

}  // namespace
}  // namespace edenai::internal
