// Edits (JSON form) over a fake transport: the request each call builds, what is refused before
// sending, the retry rule, async and batch, and Result<T>.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "edenai/edenai.hpp"
#include "json/base64.hpp"
#include "support/surface_fixture.hpp"

namespace edenai {
namespace {

using ::testing::HasSubstr;
using testing::kJpeg;
using testing::kPng;
using ::testing::Not;
using testing::Surface;
using testing::temp_file;
using json = nlohmann::json;

constexpr const char* kKey = testing::kSurfaceKey;
constexpr const char* kImages = R"({"data":[{"b64_json":"QUJD"}],"cost":0.05,"provider":"openai"})";

std::string header(const HttpRequest& request, const std::string& name) {
  return testing::sent_header(request, name);
}

ImageEditBody edit_body() {
  ImageEditBody body;
  body.model = "openai/gpt-image-1";
  body.prompt = "make it winter";
  body.images = {ImageRef::bytes(kPng), ImageRef::file_id("f-123"),
                 ImageRef::url("https://example.com/ref.jpg")};
  return body;
}

// -- edits ---------------------------------------------------------------------------------

TEST_F(Surface, EditSendsTheJsonFormWithEachReferenceAsOneWireField) {
  transport->respond(200, kImages);
  ImageEditBody body = edit_body();
  body.mask = ImageRef::bytes(kPng);
  body.n = 2;
  body.size = "1024x1024";
  body.extra = {{"input_fidelity", "high"}};
  const ImageResponse response = client().edit(body);
  ASSERT_EQ(response.data.size(), 1u);
  EXPECT_EQ(response.data[0].bytes(), (std::vector<std::uint8_t>{'A', 'B', 'C'}));

  const HttpRequest request = only_request();
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.url, "http://eden.test/v3/images/edits");
  EXPECT_EQ(header(request, "Content-Type"), "application/json");
  EXPECT_EQ(header(request, "Authorization"), std::string("Bearer ") + kKey);
  EXPECT_TRUE(request.billable);
  const json wire = json::parse(request.body);
  const std::string png_url =
      "data:image/png;base64," +
      internal::encode_base64(reinterpret_cast<const std::uint8_t*>(kPng.data()), kPng.size());
  EXPECT_EQ(wire["images"], json::parse(R"([{"image_url":")" + png_url +
                                        R"("},{"file_id":"f-123"},)"
                                        R"({"image_url":"https://example.com/ref.jpg"}])"));
  EXPECT_EQ(wire["mask"], json({{"image_url", png_url}}));
  EXPECT_EQ(wire["model"], "openai/gpt-image-1");
  EXPECT_EQ(wire["prompt"], "make it winter");
  EXPECT_EQ(wire["n"], 2);
  EXPECT_EQ(wire["size"], "1024x1024");
  EXPECT_EQ(wire["input_fidelity"], "high");
  EXPECT_FALSE(wire.contains("user"));
}

TEST_F(Surface, EditEscapesAReferenceThatNeedsIt) {
  transport->respond(200, kImages);
  ImageEditBody body = edit_body();
  body.images = {ImageRef::url("https://example.com/a\"b\\c.png")};
  client().edit(body);
  EXPECT_EQ(json::parse(only_request().body)["images"][0]["image_url"],
            "https://example.com/a\"b\\c.png");
}

TEST_F(Surface, SixteenInlineImagesEncodeWhole) {
  transport->respond(200, kImages);
  ImageEditBody body = edit_body();
  body.images.clear();
  for (int i = 0; i < 16; ++i)
    body.images.push_back(ImageRef::bytes(kPng + std::to_string(i)));
  client().edit(body);
  const json wire = json::parse(only_request().body);
  ASSERT_EQ(wire["images"].size(), 16u);
  EXPECT_EQ(wire["images"][15]["image_url"], *body.images[15].image_url());
}

TEST(ImageRefs, BytesAndFilesBecomeDataUrlsOfTheirDetectedType) {
  EXPECT_EQ(ImageRef::bytes(kJpeg).mime_type(), "image/jpeg");
  EXPECT_EQ(ImageRef::bytes(std::string("RIFF\0\0\0\0WEBPVP8 ", 16)).mime_type(), "image/webp");
  EXPECT_EQ(ImageRef::bytes(std::string("GIF89a....")).mime_type(), "image/gif");
  EXPECT_EQ(ImageRef::bytes("anything", "image/avif").mime_type(), "image/avif");
  const ImageRef ref = ImageRef::file(temp_file("canvas.png", kPng));
  ASSERT_TRUE(ref.image_url());
  EXPECT_EQ(ref.image_url()->rfind("data:image/png;base64,", 0), 0u);
  EXPECT_EQ(*internal::decode_base64(ref.image_url()->substr(22)),
            std::vector<std::uint8_t>(kPng.begin(), kPng.end()));
  EXPECT_FALSE(ref.file_id());
  EXPECT_EQ(ImageRef::file_id("abc").file_id(), "abc");
  EXPECT_EQ(ImageRef::file_id("abc").mime_type(), "");
}

TEST(ImageRefs, UnreadableFilesAndUnknownFormatsAreNamed) {
  try {
    ImageRef::file("/nonexistent/canvas.png");
    FAIL();
  } catch (const InvalidRequestError& e) {
    EXPECT_THAT(e.what(), HasSubstr("/nonexistent/canvas.png"));
    EXPECT_THAT(e.what(), HasSubstr("No such file"));
  }
  const std::string text = temp_file("notes.txt", "just text");
  try {
    ImageRef::file(text);
    FAIL();
  } catch (const InvalidRequestError& e) {
    EXPECT_THAT(e.what(), HasSubstr(text));
    EXPECT_THAT(e.what(), HasSubstr("not a PNG, JPEG, WebP or GIF"));
  }
  EXPECT_THROW(ImageRef::bytes("just text"), InvalidRequestError);
  EXPECT_THROW(ImageRef::bytes("", "image/png"), InvalidRequestError);
  EXPECT_THROW(ImageRef::bytes(kPng, "image/png,evil;x=\"1\""), InvalidRequestError);
  EXPECT_THROW(ImageRef::file(::testing::TempDir()), InvalidRequestError);  // a directory
  EXPECT_EQ(ImageRef::url("data:Image/PNG;base64,iVBO").mime_type(), "image/png");
}

struct Refused {
  const char* name;
  std::function<void(ImageEditBody&)> change;
  const char* says;
};

class EditRefusals : public Surface, public ::testing::WithParamInterface<Refused> {};

TEST_P(EditRefusals, NothingIsSent) {
  ImageEditBody body = edit_body();
  GetParam().change(body);
  try {
    client().edit(body);
    FAIL() << "sent";
  } catch (const InvalidRequestError& e) {
    EXPECT_THAT(e.what(), HasSubstr(GetParam().says));
    EXPECT_EQ(e.attempts(), 0);
  }
  EXPECT_TRUE(transport->requests().empty());
}

INSTANTIATE_TEST_SUITE_P(
    Edits, EditRefusals,
    ::testing::Values(
        Refused{"NoImages", [](ImageEditBody& b) { b.images.clear(); }, "images must hold 1 to 16"},
        Refused{"SeventeenImages",
                [](ImageEditBody& b) { b.images.assign(17, ImageRef::file_id("f")); }, "holds 17"},
        Refused{"BothFields",
                [](ImageEditBody& b) { b.images[1] = ImageRef("f", "https://x.test/a.png"); },
                "images[1] must have exactly one of file_id and image_url (has both)"},
        Refused{"NeitherField",
                [](ImageEditBody& b) { b.images[0] = ImageRef(std::nullopt, std::nullopt); },
                "images[0] must have exactly one of file_id and image_url (has neither)"},
        Refused{"EmptyFileId", [](ImageEditBody& b) { b.images[0] = ImageRef::file_id(""); },
                "images[0].file_id must not be empty"},
        Refused{"JpegMask", [](ImageEditBody& b) { b.mask = ImageRef::bytes(kJpeg); },
                "mask must be a PNG"},
        Refused{"MaskWithBothFields", [](ImageEditBody& b) { b.mask = ImageRef("f", "u"); },
                "mask must have exactly one"},
        Refused{"EmptyModel", [](ImageEditBody& b) { b.model.clear(); }, "model must not be empty"},
        Refused{"EmptyPrompt", [](ImageEditBody& b) { b.prompt.clear(); }, "prompt must have 1"},
        Refused{"TooMany", [](ImageEditBody& b) { b.n = 11; }, "n must be between 1 and 10"},
        Refused{"ExtraShadowsImages",
                [](ImageEditBody& b) {
                  b.extra = {{"images", 1}};
                },
                "collides with the typed field"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST_F(Surface, EditsAreNeverRetriedOnceAnswered) {
  transport->push([](const HttpRequest&) -> HttpResponse {
    ConnectionError cut("connection cut after the status line");
    cut.set_delivery(Delivery::answered, 1);
    throw cut;
  });
  try {
    client(3).edit(edit_body());
    FAIL();
  } catch (const ConnectionError& e) {
    EXPECT_EQ(e.attempts(), 1);
    EXPECT_TRUE(e.may_have_been_billed());
  }
  EXPECT_EQ(transport->requests().size(), 1u);
}

TEST_F(Surface, EditAsyncAndBatchReturnTheirImagesInOrder) {
  for (int i = 0; i < 3; ++i) {
    transport->push([](const HttpRequest& request) {
      const std::string prompt = json::parse(request.body)["prompt"];
      return HttpResponse{200, {}, R"({"data":[{"url":"https://img.test/)" + prompt + R"("}]})"};
    });
  }
  std::vector<ImageEditBody> bodies(2, edit_body());
  bodies[0].prompt = "first";
  bodies[1].prompt = "second";
  const Client c = client();
  const auto results = c.edit_batch(bodies);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].value().data[0].url, "https://img.test/first");
  EXPECT_EQ(results[1].value().data[0].url, "https://img.test/second");
  ImageEditBody third = edit_body();
  third.prompt = "third";
  EXPECT_EQ(c.edit_async(third).get().data[0].url, "https://img.test/third");
}

TEST_F(Surface, ResultsTellTheErrorWithoutARethrow) {
  transport->respond(429, R"({"detail":"Rate limit exceeded","error_code":"RATE_LIMITED"})",
                     {{"x-request-id", "req-42"}});
  transport->respond(200, kImages);
  ImageEditBody invalid = edit_body();
  invalid.images.clear();
  BatchOptions options;
  options.concurrency = 1;
  const auto results = client().edit_batch({edit_body(), edit_body(), invalid}, options);
  EXPECT_EQ(results[0].kind(), ErrorKind::rate_limit);
  EXPECT_EQ(results[0].status(), 429);
  EXPECT_EQ(results[0].request_id(), "req-42");
  EXPECT_THAT(results[0].error_message(), HasSubstr("Rate limit exceeded"));
  EXPECT_THROW(results[0].rethrow(), RateLimitError);
  EXPECT_TRUE(results[1].ok());
  EXPECT_EQ(results[1].kind(), ErrorKind::none);
  EXPECT_EQ(results[1].status(), 0);
  EXPECT_EQ(results[2].kind(), ErrorKind::invalid_request);
  EXPECT_STREQ(to_string(results[2].kind()), "invalid_request");
  const Result<int> empty{std::exception_ptr()};  // no error given: still a failure, never UB
  EXPECT_FALSE(empty.ok());
  EXPECT_EQ(empty.kind(), ErrorKind::other);
  EXPECT_THROW(empty.value(), std::invalid_argument);
}

}  // namespace
}  // namespace edenai
