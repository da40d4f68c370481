// The 422s of POST /v3/images/edits, in FastAPI / Pydantic's shape, for both request forms.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mock/surface_support.hpp"

namespace {

using edenai::mock::Server;
using namespace edenai::testing::surface;

const std::string& tiny_png() {
  static const std::string png = write_png(4, 4, 3, gradient(4, 4));
  return png;
}

json valid_body() {
  return {{"model", "openai/gpt-image-1"},
          {"prompt", "a fox"},
          {"images", {{{"image_url", data_url(tiny_png())}}}}};
}

struct JsonCase {
  const char* name;
  json change;  // merged into the valid body (null values delete the key)
  json loc;
  const char* type;
};

class MockEditValidation : public ::testing::TestWithParam<JsonCase> {
 protected:
  void SetUp() override { server.start(); }
  Server server;
};

TEST_P(MockEditValidation, IsOne422AtItsLocation) {
  json body = valid_body();
  body.merge_patch(GetParam().change);
  const json detail = body_of(Http(server).post_json("/v3/images/edits", body), 422)["detail"];
  ASSERT_EQ(detail.size(), 1u) << detail.dump();
  EXPECT_EQ(detail[0]["loc"], GetParam().loc) << detail.dump();
  EXPECT_EQ(detail[0]["type"], GetParam().type) << detail.dump();
  EXPECT_TRUE(detail[0]["msg"].is_string());
}

const json kRef = {{"file_id", "0f0e0d0c-0b0a-4908-8706-050403020100"}};

INSTANTIATE_TEST_SUITE_P(
    Json, MockEditValidation,
    ::testing::Values(
        JsonCase{"missing_model", {{"model", nullptr}}, {"body", "model"}, "missing"},
        JsonCase{"missing_prompt", {{"prompt", nullptr}}, {"body", "prompt"}, "missing"},
        JsonCase{"empty_prompt", {{"prompt", ""}}, {"body", "prompt"}, "string_too_short"},
        JsonCase{"model_not_a_string", {{"model", 5}}, {"body", "model"}, "string_type"},
        JsonCase{"missing_images", {{"images", nullptr}}, {"body", "images"}, "missing"},
        JsonCase{"images_not_a_list", {{"images", "x"}}, {"body", "images"}, "list_type"},
        JsonCase{"no_images", {{"images", json::array()}}, {"body", "images"}, "too_short"},
        JsonCase{"seventeen_images",
                 {{"images", json(std::vector<json>(17, kRef))}},
                 {"body", "images"},
                 "too_long"},
        JsonCase{"both_fields",
                 {{"images", {{{"file_id", "a"}, {"image_url", "b"}}}}},
                 {"body", "images", 0},
                 "value_error"},
        JsonCase{
            "neither_field", {{"images", {json::object()}}}, {"body", "images", 0}, "value_error"},
        JsonCase{"both_null",
                 {{"images", {kRef, {{"file_id", nullptr}, {"image_url", nullptr}}}}},
                 {"body", "images", 1},
                 "value_error"},
        JsonCase{"unknown_key",
                 {{"images", {{{"file_id", "a"}, {"url", "b"}}}}},
                 {"body", "images", 0, "url"},
                 "extra_forbidden"},
        JsonCase{"ref_not_an_object", {{"images", {5}}}, {"body", "images", 0}, "model_type"},
        JsonCase{"file_id_not_a_string",
                 {{"images", {{{"file_id", 5}}}}},
                 {"body", "images", 0, "file_id"},
                 "string_type"},
        JsonCase{"mask_with_both",
                 {{"mask", {{"file_id", "a"}, {"image_url", "b"}}}},
                 {"body", "mask"},
                 "value_error"},
        JsonCase{"n_zero", {{"n", 0}}, {"body", "n"}, "greater_than_equal"},
        JsonCase{"n_eleven", {{"n", 11}}, {"body", "n"}, "less_than_equal"},
        JsonCase{"n_text", {{"n", "x"}}, {"body", "n"}, "int_parsing"},
        JsonCase{"n_fraction", {{"n", 1.5}}, {"body", "n"}, "int_from_float"},
        JsonCase{"size_not_a_string", {{"size", 5}}, {"body", "size"}, "string_type"},
        JsonCase{"metadata_not_an_object", {{"metadata", "x"}}, {"body", "metadata"}, "dict_type"},
        JsonCase{"credential_extra_header",
                 {{"extra_headers", {{"Authorization", "Bearer x"}}}},
                 {"body", "extra_headers"},
                 "value_error"}),
    [](const ::testing::TestParamInfo<JsonCase>& info) { return std::string(info.param.name); });

class MockEditForm : public ::testing::Test {
 protected:
  void SetUp() override { server.start(); }
  json problems(const httplib::MultipartFormDataItems& items) {
    return body_of(Http(server).post_form("/v3/images/edits", items), 422)["detail"];
  }
  Server server;
};

TEST_F(MockEditForm, MissingFieldsAreEachReported) {
  const json detail = problems({{"n", "11", "", ""}});
  ASSERT_EQ(detail.size(), 4u) << detail.dump();
  EXPECT_EQ(detail[0]["loc"], json({"body", "model"}));
  EXPECT_EQ(detail[0]["input"], nullptr);
  EXPECT_EQ(detail[1]["loc"], json({"body", "prompt"}));
  EXPECT_EQ(detail[2]["type"], "less_than_equal");
  EXPECT_EQ(detail[3]["loc"], json({"body", "image"}));
  EXPECT_EQ(detail[3]["type"], "missing");
}

TEST_F(MockEditForm, AnImageSentAsTextOrTooManyImagesAre422) {
  const json text = problems({{"model", "openai/gpt-image-1", "", ""},
                              {"prompt", "a fox", "", ""},
                              {"image", "not a file", "", ""}});
  ASSERT_EQ(text.size(), 1u);
  EXPECT_EQ(text[0]["type"], "value_error");
  EXPECT_EQ(text[0]["loc"], json({"body", "image"}));
  httplib::MultipartFormDataItems many = {{"model", "openai/gpt-image-1", "", ""},
                                          {"prompt", "a fox", "", ""}};
  for (int i = 0; i < 17; ++i)
    many.push_back({"image[]", tiny_png(), "i.png", "image/png"});
  const json too_many = problems(many);
  ASSERT_EQ(too_many.size(), 1u);
  EXPECT_EQ(too_many[0]["type"], "too_long");
  const json prompt = problems({{"model", "openai/gpt-image-1", "", ""},
                                {"prompt", "", "", ""},
                                {"image", tiny_png(), "i.png", "image/png"}});
  ASSERT_EQ(prompt.size(), 1u);
  EXPECT_EQ(prompt[0]["type"], "string_too_short");
}

TEST_F(MockEditForm, ASingleImagePartNamedImageIsAccepted) {
  const auto result =
      Http(server).post_form("/v3/images/edits", {{"model", "openai/gpt-image-1", "", ""},
                                                  {"prompt", "a fox", "", ""},
                                                  {"image", tiny_png(), "i.png", "image/png"}});
  EXPECT_EQ(image_of(body_of(result, 200)).width, 4);
}

}  // namespace
