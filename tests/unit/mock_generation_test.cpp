// The mock's model of the endpoint, without sockets: FastAPI/Pydantic-style validation, size
// resolution, prices and usage, and the command-line form of faults.
#include <gtest/gtest.h>

#include <string>

#include "edenai/mock/server.hpp"
#include "mock/generation.hpp"

namespace edenai::mock::internal {
namespace {

using nlohmann::json;

json problems_for(const std::string& body) {
  json parsed;
  return validation_errors(body, parsed);
}

// The single problem reported for `body`, or a failure.
json only_problem(const std::string& body) {
  const json problems = problems_for(body);
  EXPECT_EQ(problems.size(), 1u) << problems.dump();
  return problems.empty() ? json() : problems[0];
}

std::string body_with(const std::string& field, const std::string& value_json) {
  return R"({"model":"openai/gpt-image-1","prompt":"a fox",")" + field + "\":" + value_json + "}";
}

TEST(MockValidation, AcceptsAMinimalBodyAndKeepsIt) {
  json parsed;
  EXPECT_TRUE(
      validation_errors(R"({"model":"openai/gpt-image-1","prompt":"a fox"})", parsed).empty());
  EXPECT_EQ(parsed["prompt"], "a fox");
}

TEST(MockValidation, MissingFieldsAreEachReportedInDeclarationOrder) {
  const json problems = problems_for("{}");
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0]["type"], "missing");
  EXPECT_EQ(problems[0]["loc"], json({"body", "model"}));
  EXPECT_EQ(problems[0]["msg"], "Field required");
  EXPECT_EQ(problems[1]["loc"], json({"body", "prompt"}));
}

TEST(MockValidation, PromptLengthIsCountedInCharactersNotBytes) {
  const json empty = only_problem(body_with("prompt", R"("")"));
  EXPECT_EQ(empty["type"], "string_too_short");
  EXPECT_EQ(empty["msg"], "String should have at least 1 character");
  EXPECT_EQ(empty["ctx"]["min_length"], 1);

  std::string two_byte;
  for (int i = 0; i < 32000; ++i)
    two_byte += "\xc3\xa9";  // é: 64000 bytes, 32000 characters
  EXPECT_TRUE(problems_for(json{{"model", "a/b"}, {"prompt", two_byte}}.dump()).empty());

  const json long_prompt =
      only_problem(json{{"model", "a/b"}, {"prompt", std::string(32001, 'a')}}.dump());
  EXPECT_EQ(long_prompt["type"], "string_too_long");
  EXPECT_EQ(long_prompt["msg"], "String should have at most 32000 characters");
}

TEST(MockValidation, NIsALaxIntegerFromOneToTen) {
  EXPECT_EQ(only_problem(body_with("n", "0"))["type"], "greater_than_equal");
  EXPECT_EQ(only_problem(body_with("n", "0"))["msg"], "Input should be greater than or equal to 1");
  const json eleven = only_problem(body_with("n", "11"));
  EXPECT_EQ(eleven["type"], "less_than_equal");
  EXPECT_EQ(eleven["loc"], json({"body", "n"}));
  EXPECT_EQ(eleven["ctx"]["le"], 10);
  EXPECT_EQ(only_problem(body_with("n", R"("many")"))["type"], "int_parsing");
  EXPECT_EQ(only_problem(body_with("n", "2.5"))["type"], "int_from_float");
  EXPECT_EQ(only_problem(body_with("n", "[2]"))["type"], "int_type");
  // Lax mode, like Pydantic's default: whole floats and numeric strings are integers.
  EXPECT_TRUE(problems_for(body_with("n", "3.0")).empty());
  for (const char* spelled : {R"("3")", R"(" 5 ")", R"("5.0")", R"("1_0")", "true"}) {
    EXPECT_TRUE(problems_for(body_with("n", spelled)).empty()) << spelled;
  }
  EXPECT_EQ(plan_generation(json::parse(body_with("n", R"("1_0")")), ImageSize{}).n, 10);
  EXPECT_EQ(plan_generation(json::parse(body_with("n", R"(" 5.0 ")")), ImageSize{}).n, 5);
  EXPECT_EQ(only_problem(body_with("n", R"("1__0")"))["type"], "int_parsing");
  EXPECT_TRUE(problems_for(body_with("n", "null")).empty());
}

TEST(MockValidation, HugeNumbersAreCheckedWithoutOverflow) {
  EXPECT_EQ(only_problem(body_with("n", "1e300"))["type"], "int_parsing_size");
  EXPECT_EQ(only_problem(body_with("n", "-1e300"))["type"], "int_parsing_size");
  EXPECT_EQ(only_problem(body_with("n", "18446744073709551615"))["type"], "less_than_equal");
  EXPECT_EQ(only_problem(body_with("n", "-9223372036854775808"))["type"], "greater_than_equal");
  EXPECT_EQ(only_problem(body_with("n", R"("99999999999999999999999")"))["type"],
            "less_than_equal");
}

TEST(MockValidation, WrongJsonTypesNameTheField) {
  const json model = only_problem(R"({"model":5,"prompt":"a fox"})");
  EXPECT_EQ(model["type"], "string_type");
  EXPECT_EQ(model["loc"], json({"body", "model"}));
  EXPECT_EQ(model["msg"], "Input should be a valid string");
  EXPECT_EQ(only_problem(body_with("size", "1024"))["loc"], json({"body", "size"}));
  EXPECT_EQ(only_problem(body_with("metadata", "[]"))["type"], "dict_type");
  const json header = only_problem(body_with("extra_headers", R"({"X-Trace":1})"));
  EXPECT_EQ(header["loc"], json({"body", "extra_headers", "X-Trace"}));
}

TEST(MockValidation, CredentialHeadersInExtraHeadersAreRejected) {
  for (const char* name : {"Authorization", "x-api-key", "Cookie", "Proxy-Authorization"}) {
    const json problem = only_problem(body_with("extra_headers", json{{name, "secret"}}.dump()));
    EXPECT_EQ(problem["type"], "value_error") << name;
    EXPECT_EQ(problem["loc"], json({"body", "extra_headers"}));
    EXPECT_NE(problem["msg"].get<std::string>().find(name), std::string::npos);
    EXPECT_EQ(problem["ctx"]["error"], json::object());  // FastAPI's `{"error": {}}`, not null
  }
  EXPECT_TRUE(problems_for(body_with("extra_headers", R"({"X-Trace":"1"})")).empty());
}

TEST(MockValidation, BodiesThatAreNotAJsonObject) {
  const json not_json = only_problem("{\"model\": oops}");
  EXPECT_EQ(not_json["type"], "json_invalid");
  EXPECT_EQ(not_json["msg"], "JSON decode error");
  ASSERT_EQ(not_json["loc"].size(), 2u);
  EXPECT_TRUE(not_json["loc"][1].is_number_integer());

  EXPECT_EQ(not_json["ctx"]["error"], "Expecting value");
  EXPECT_EQ(only_problem(R"({"model" "x"})")["ctx"]["error"], "Expecting ':' delimiter");
  EXPECT_EQ(only_problem(R"({model: 1})")["ctx"]["error"],
            "Expecting property name enclosed in double quotes");
  EXPECT_EQ(only_problem(R"({"a":1} x)")["ctx"]["error"], "Extra data");
  // The offset counts characters, as Python does: "é" is one.
  EXPECT_EQ(only_problem("{\"prompt\": \"\xc3\xa9\" x}")["loc"][1], 15);

  EXPECT_EQ(only_problem("[1,2]")["type"], "model_attributes_type");
  const json empty = only_problem("");
  EXPECT_EQ(empty["type"], "missing");
  EXPECT_EQ(empty["loc"], json({"body"}));
}

TEST(MockValidation, DeepNestingIsRefusedWithoutRecursingIntoIt) {
  const std::string deep =
      R"({"prompt":"x","metadata":)" + std::string(100000, '[') + std::string(100000, ']') + "}";
  const json problem = only_problem(deep);
  EXPECT_EQ(problem["type"], "json_invalid");
  EXPECT_EQ(problem["ctx"]["error"], "Maximum nesting depth exceeded");
  // 64 levels are still fine.
  const std::string nested = R"({"model":"a/b","prompt":"x","metadata":{"k":)" +
                             std::string(60, '[') + std::string(60, ']') + "}}";
  EXPECT_TRUE(problems_for(nested).empty());
}

TEST(MockSize, DefaultsRatiosAndRefusals) {
  const auto square = resolve_size(nullptr);
  ASSERT_TRUE(square);
  EXPECT_EQ(square->width, 1024);
  EXPECT_EQ(resolve_size("auto")->height, 1024);
  EXPECT_EQ(resolve_size("1536x1024")->width, 1536);
  const auto wide = resolve_size("16:9");
  ASSERT_TRUE(wide);
  EXPECT_EQ(wide->width, 1344);
  EXPECT_EQ(wide->height, 768);
  const auto tall = resolve_size("9:16");
  EXPECT_EQ(tall->width, 768);
  EXPECT_EQ(tall->height, 1344);
  for (const char* bad :
       {"banana", "0x10", "5000x5000", "5:1", "x", "10x", "-1x5", "1024x1024x2"}) {
    EXPECT_FALSE(resolve_size(bad)) << bad;
  }
}

TEST(MockPricing, GptImageIsPricedByQualityAndReportsUsage) {
  json body = {{"model", "openai/gpt-image-1"}, {"prompt", "a fox"}, {"quality", "low"}, {"n", 2}};
  const Generation low = plan_generation(body, ImageSize{});
  EXPECT_EQ(low.provider, "openai");
  EXPECT_TRUE(low.inline_images);
  EXPECT_EQ(low.n, 2);
  body["quality"] = "high";
  const Generation high = plan_generation(body, ImageSize{});
  EXPECT_LT(price_per_image(low), price_per_image(high));
  EXPECT_GT(price_per_image(low), 0.0);
  const json usage = usage_for(high);
  EXPECT_EQ(usage["output_tokens"], 2 * 4160);
  EXPECT_EQ(usage["total_tokens"], usage["input_tokens"].get<int>() + 2 * 4160);
}

TEST(MockPricing, OtherProvidersAnswerWithUrlsAndNoUsage) {
  const json body = {{"model", "google/imagen-4.0-generate-001"}, {"prompt", "a fox"}};
  const Generation g = plan_generation(body, ImageSize{});
  EXPECT_EQ(g.provider, "google");
  EXPECT_FALSE(g.inline_images);
  EXPECT_TRUE(usage_for(g).is_null());
  json inline_body = body;
  inline_body["response_format"] = "b64_json";
  EXPECT_TRUE(plan_generation(inline_body, ImageSize{}).inline_images);
}

TEST(MockErrors, DefaultBodiesFollowApiNotes) {
  EXPECT_EQ(json::parse(default_error_body(401))["detail"], "Invalid authentication credentials");
  EXPECT_EQ(json::parse(default_error_body(402))["error"], "Insufficient credits");
  EXPECT_TRUE(json::parse(default_error_body(400))["error"].contains("message"));
  EXPECT_TRUE(json::parse(default_error_body(422))["detail"].is_array());
  EXPECT_TRUE(json::parse(default_error_body(503))["detail"].is_string());
  EXPECT_NE(html_error_page(502).find("<title>502 Bad Gateway</title>"), std::string::npos);
}

TEST(MockFaults, ParsesTheCommandLineForm) {
  const Fault limited = Fault::parse("429:retry-after=1");
  EXPECT_EQ(limited.kind, Fault::Kind::status);
  EXPECT_EQ(limited.status, 429);
  ASSERT_EQ(limited.headers.size(), 1u);
  EXPECT_EQ(limited.headers[0], std::make_pair(std::string("Retry-After"), std::string("1")));

  const Fault page = Fault::parse("502:html:delay=20");
  EXPECT_EQ(page.content_type, "text/html");
  EXPECT_NE(page.body->find("502 Bad Gateway"), std::string::npos);
  EXPECT_EQ(page.delay.count(), 20);

  EXPECT_EQ(Fault::parse("503:retry-after-ms=250").headers.at(0).first, "retry-after-ms");
  EXPECT_EQ(Fault::parse("reset").kind, Fault::Kind::reset);
  EXPECT_EQ(Fault::parse("truncate").kind, Fault::Kind::truncate);

  const auto list = Fault::parse_list("429:retry-after=1,500,ok");
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[1].status, 500);
  EXPECT_EQ(list[2].kind, Fault::Kind::pass);
}

TEST(MockFaults, RefusesWhatItCannotParse) {
  for (const char* bad : {"", "42", "abc", "500:bogus", "429:retry-after=x", "600", "reset:html",
                          "100", "204", "304"}) {
    EXPECT_THROW(Fault::parse(bad), std::invalid_argument) << bad;
  }
  EXPECT_THROW(Fault::parse_list("500,,ok"), std::invalid_argument);
}

}  // namespace
}  // namespace edenai::mock::internal
