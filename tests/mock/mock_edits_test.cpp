// POST /v3/images/edits on the mock, over raw HTTP: both request forms, outputs derived from the
// canvas (and repainted only under the mask), sizes, b64_json vs url, the inputs' 4xx, and 422s.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "mock/surface_support.hpp"

namespace {

using edenai::mock::Server;
using edenai::mock::ServerOptions;
using edenai::testing::PngImage;
using edenai::testing::read_png;
using namespace edenai::testing::surface;

constexpr int kW = 48;
constexpr int kH = 32;

const std::string& canvas_png() {
  static const std::string png = write_png(kW, kH, 3, gradient(kW, kH));
  return png;
}

// The canvas pixel (channel c) that output pixel (x, y) of an out_w x out_h image samples.
int canvas_at(int x, int y, int c, int out_w = kW, int out_h = kH) {
  const std::vector<std::uint8_t> pixels = gradient(kW, kH);
  const int sx = x * kW / out_w, sy = y * kH / out_h;
  return pixels[(static_cast<std::size_t>(sy) * kW + sx) * 3 + c];
}

json edit_body(const std::string& model, json images) {
  return {{"model", model}, {"prompt", "a sunset over the sea"}, {"images", std::move(images)}};
}

class MockEdits : public ::testing::Test {
 protected:
  void SetUp() override { server.start(); }
  Server server;
  Http http{server};
};

TEST_F(MockEdits, MultipartTwoImagesAndAMaskRepaintOnlyTheMasksTransparentRegion) {
  const auto hole = [](int x, int y) { return x >= 8 && x < 24 && y >= 8 && y < 24; };
  const std::string reference = write_png(kW, kH, 3, gradient(kW, kH, 20));
  const auto result = http.post_form("/v3/images/edits",
                                     {{"model", "openai/gpt-image-1", "", ""},
                                      {"prompt", "a red fox at sunset", "", ""},
                                      {"n", "2", "", ""},
                                      {"image[]", canvas_png(), "canvas.png", "image/png"},
                                      {"image[]", reference, "reference.png", "image/png"},
                                      {"mask", mask_png(kW, kH, hole), "mask.png", "image/png"}});
  const json response = body_of(result, 200);
  ASSERT_EQ(response["data"].size(), 2u);
  EXPECT_EQ(response["size"], "48x32");  // the canvas's size when none is asked
  for (std::size_t i = 0; i < 2; ++i) {
    const PngImage out = image_of(response, i);
    ASSERT_EQ(out.width, kW);
    ASSERT_EQ(out.height, kH);
    int changed_inside = 0, inside = 0;
    for (int y = 0; y < kH; ++y) {
      for (int x = 0; x < kW; ++x) {
        int difference = 0;
        for (int c = 0; c < 3; ++c)
          difference += std::abs(out.pixels[(y * kW + x) * 3 + c] - canvas_at(x, y, c));
        if (hole(x, y)) {
          ++inside;
          changed_inside += difference > 30 ? 1 : 0;
        } else {
          ASSERT_EQ(difference, 0) << "outside the mask at " << x << "," << y;
        }
      }
    }
    EXPECT_GT(changed_inside, inside * 9 / 10);
  }
  EXPECT_NE(response["data"][0]["b64_json"], response["data"][1]["b64_json"]);
  EXPECT_EQ(response["provider"], "openai");
  EXPECT_GT(response["cost"].get<double>(), 0.0);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].parts.size(), 6u);
}

TEST_F(MockEdits, WithoutAMaskTheCanvasIsRetintedAndKeepsItsShapes) {
  const json response = body_of(
      http.post_json("/v3/images/edits",
                     edit_body("openai/gpt-image-1", {{{"image_url", data_url(canvas_png())}}})),
      200);
  const PngImage out = image_of(response);
  ASSERT_EQ(out.width, kW);
  long long difference = 0;
  double left = 0, right = 0;
  for (int y = 0; y < kH; ++y) {
    for (int x = 0; x < kW; ++x) {
      for (int c = 0; c < 3; ++c) {
        const int value = out.pixels[(y * kW + x) * 3 + c];
        difference += std::abs(value - canvas_at(x, y, c));
        (x < kW / 2 ? left : right) += value;
      }
    }
  }
  EXPECT_GT(difference / (static_cast<long long>(kW) * kH * 3), 8) << "re-tinted";
  EXPECT_GT(right, left * 1.2) << "the canvas's red ramp still shows";
}

TEST_F(MockEdits, TheRequestedSizeIsHonouredAndAutoMeansTheCanvasSize) {
  json body = edit_body("openai/gpt-image-1-mini", {{{"image_url", data_url(canvas_png())}}});
  body["size"] = "20x40";
  const json sized = body_of(http.post_json("/v3/images/edits", body), 200);
  EXPECT_EQ(sized["size"], "20x40");
  const PngImage out = image_of(sized);
  EXPECT_EQ(out.width, 20);
  EXPECT_EQ(out.height, 40);
  body["size"] = "auto";
  EXPECT_EQ(image_of(body_of(http.post_json("/v3/images/edits", body), 200)).width, kW);
  body["size"] = "banana";
  const json refused = body_of(http.post_json("/v3/images/edits", body), 400);
  EXPECT_EQ(refused["error"]["param"], "size");
}

TEST_F(MockEdits, GptImageModelsAnswerB64JsonOthersAUrlTheMockServes) {
  const json inline_images = body_of(
      http.post_json("/v3/images/edits",
                     edit_body("openai/gpt-image-1", {{{"image_url", data_url(canvas_png())}}})),
      200);
  EXPECT_TRUE(inline_images["data"][0]["b64_json"].is_string());
  EXPECT_TRUE(inline_images["data"][0]["url"].is_null());
  json body = edit_body("google/gemini-2.5-flash-image", {{{"image_url", data_url(canvas_png())}}});
  body["n"] = 2;
  const json linked = body_of(http.post_json("/v3/images/edits", body), 200);
  EXPECT_EQ(linked["provider"], "google");
  for (const json& item : linked["data"]) {
    ASSERT_TRUE(item["url"].is_string());
    EXPECT_TRUE(item["b64_json"].is_null());
    const std::string url = item["url"];
    const std::string prefix = "http://127.0.0.1:" + std::to_string(server.port());
    ASSERT_EQ(url.rfind(prefix, 0), 0u) << url;
    httplib::Client download("127.0.0.1", server.port());
    const auto image = download.Get(url.substr(prefix.size()).c_str());  // no key needed
    ASSERT_TRUE(image);
    ASSERT_EQ(image->status, 200);
    EXPECT_EQ(read_png(image->body).width, kW);
  }
}

TEST_F(MockEdits, UploadedFilesAreValidCanvasesAndMasks) {
  const auto upload = [&](const std::string& bytes) {
    return body_of(http.post_form("/v3/upload", {{"file", bytes, "x.png", "image/png"}}), 200)
        .at("file_id")
        .get<std::string>();
  };
  const std::string canvas = upload(canvas_png());
  const std::string mask = upload(mask_png(kW, kH, [](int x, int) { return x < kW / 2; }));
  json body = edit_body("openai/gpt-image-1", {{{"file_id", canvas}}});
  body["mask"] = {{"file_id", mask}};
  const PngImage out = image_of(body_of(http.post_json("/v3/images/edits", body), 200));
  for (int c = 0; c < 3; ++c)
    EXPECT_EQ(out.pixels[(5 * kW + kW - 1) * 3 + c], canvas_at(kW - 1, 5, c));
}

TEST_F(MockEdits, AnUnknownFileIdIs404FileNotFound) {
  const std::string id = "0f0e0d0c-0b0a-4908-8706-050403020100";
  const auto result =
      http.post_json("/v3/images/edits", edit_body("openai/gpt-image-1", {{{"file_id", id}}}));
  EXPECT_EQ(body_of(result, 404), json({{"detail", "File not found: " + id}}));
  json with_mask = edit_body("openai/gpt-image-1", {{{"image_url", data_url(canvas_png())}}});
  with_mask["mask"] = {{"file_id", id}};
  EXPECT_EQ(http.post_json("/v3/images/edits", with_mask)->status, 404);
}

TEST_F(MockEdits, RemoteUrlsAre400ForGptImageAndAGeneratedCanvasForOthers) {
  const json refused = body_of(
      http.post_json("/v3/images/edits", edit_body("openai/gpt-image-1",
                                                   {{{"image_url", "https://example.com/a.png"}}})),
      400);
  EXPECT_EQ(refused["error"]["code"], "invalid_image_url");
  EXPECT_EQ(refused["error"]["param"], "images[0].image_url");
  json body =
      edit_body("google/gemini-2.5-flash-image", {{{"image_url", "https://example.com/a.png"}}});
  body["size"] = "32x32";
  EXPECT_EQ(body_of(http.post_json("/v3/images/edits", body), 200)["size"], "32x32");
}

TEST_F(MockEdits, UndecodableInputsAre400) {
  const auto edit_with = [&](const std::string& url) {
    return body_of(
        http.post_json("/v3/images/edits", edit_body("openai/gpt-image-1", {{{"image_url", url}}})),
        400)["error"];
  };
  EXPECT_EQ(edit_with(data_url("not a png at all"))["code"], "invalid_image_file");
  EXPECT_EQ(edit_with("data:image/png;base64,@@@")["code"], "invalid_image_url");
  EXPECT_EQ(edit_with("data:image/png,plain")["code"], "invalid_image_url");
  EXPECT_EQ(edit_with("ftp://example.com/a.png")["code"], "invalid_image_url");
  std::string corrupt = canvas_png();
  corrupt[corrupt.size() - 20] ^= 0x55;  // inside IDAT: its CRC no longer matches
  EXPECT_EQ(edit_with(data_url(corrupt))["param"], "images[0]");
}

TEST_F(MockEdits, AMaskWithoutAlphaOrOfAnotherSizeIs400) {
  json body = edit_body("openai/gpt-image-1", {{{"image_url", data_url(canvas_png())}}});
  body["mask"] = {{"image_url", data_url(canvas_png())}};  // RGB: nothing is transparent
  EXPECT_EQ(body_of(http.post_json("/v3/images/edits", body), 400)["error"]["param"], "mask");
  body["mask"] = {{"image_url", data_url(mask_png(8, 8, [](int, int) { return true; }))}};
  EXPECT_EQ(body_of(http.post_json("/v3/images/edits", body), 400)["error"]["code"],
            "invalid_value");
}

TEST_F(MockEdits, ModelsThatCannotEditAre400AndNoPrefixIs404) {
  const json images = {{{"image_url", data_url(canvas_png())}}};
  EXPECT_EQ(body_of(http.post_json("/v3/images/edits",
                                   edit_body("google/imagen-4.0-generate-001", images)),
                    400)["error"]["code"],
            "unsupported_model");
  EXPECT_EQ(http.post_json("/v3/images/edits", edit_body("gpt-image-1", images))->status, 404);
}

TEST(MockEditsAuth, BothFormsNeedTheKeyButNonJsonIs422First) {
  ServerOptions options;
  options.api_key = "right";
  Server server(options);
  server.start();
  Http wrong(server, "wrong");
  const json body = edit_body("openai/gpt-image-1", {{{"image_url", data_url(canvas_png())}}});
  EXPECT_EQ(body_of(wrong.post_json("/v3/images/edits", body), 401),
            json({{"detail", "Invalid authentication credentials"}}));
  EXPECT_EQ(wrong.post_form("/v3/images/edits", {{"model", "openai/gpt-image-1", "", ""}})->status,
            401);
  EXPECT_EQ(wrong.post_json("/v3/images/edits", std::string("{oops"))->status, 422);
  EXPECT_EQ(Http(server, "right").post_json("/v3/images/edits", body)->status, 200);
}

}  // namespace
