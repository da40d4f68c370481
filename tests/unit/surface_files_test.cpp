// The file store and the model list over a fake transport: the request each call builds, what
// is refused before sending, each operation's retry rule, decoding; and the error classes.
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

std::string header(const HttpRequest& request, const std::string& name) {
  return testing::sent_header(request, name);
}

constexpr const char* kId1 = "550e8400-e29b-41d4-a716-446655440000";
constexpr const char* kId2 = "550E8400-E29B-41D4-A716-446655440001";

// -- the file store ------------------------------------------------------------------------

constexpr const char* kFile =
    R"({"file_id":"550e8400-e29b-41d4-a716-446655440000","file_name":"canvas.png",)"
    R"("file_size":21,"file_mimetype":"image/png","purpose":"edits",)"
    R"("created_at":"2026-12-01T10:30:00Z","expires_at":"2026-12-08T10:30:00Z",)"
    R"("metadata":{"width":2},"region":"eu"})";

TEST_F(Surface, UploadSendsAMultipartFormAndReadsTheStoredFile) {
  transport->respond(200, kFile);
  UploadRequest request = UploadRequest::file(temp_file("canvas.png", kPng));
  request.expires_in_days = 7;
  request.purpose = "edits";
  const UploadResponse file = client().upload(request);
  EXPECT_EQ(file.file_id, "550e8400-e29b-41d4-a716-446655440000");
  EXPECT_EQ(file.file_name, "canvas.png");
  EXPECT_EQ(file.file_size, 21);
  EXPECT_EQ(file.file_mimetype, "image/png");
  EXPECT_EQ(file.purpose, "edits");
  EXPECT_EQ(file.created_at, "2026-12-01T10:30:00Z");
  EXPECT_EQ(file.expires_at, "2026-12-08T10:30:00Z");
  EXPECT_EQ(file.metadata, json({{"width", 2}}));
  EXPECT_EQ(file.extra, json({{"region", "eu"}}));

  const HttpRequest sent = only_request();
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, "http://eden.test/v3/upload");
  EXPECT_TRUE(sent.body.empty());
  EXPECT_EQ(header(sent, "Content-Type"), "<absent>");  // the transport writes the boundary
  EXPECT_TRUE(sent.billable);
  ASSERT_EQ(sent.form.size(), 3u);
  EXPECT_EQ(sent.form[0].name, "file");
  EXPECT_EQ(sent.form[0].data, kPng);
  EXPECT_EQ(sent.form[0].file_name, "canvas.png");
  EXPECT_EQ(sent.form[0].content_type, "image/png");
  EXPECT_EQ(sent.form[1].name, "expires_in_days");
  EXPECT_EQ(sent.form[1].data, "7");
  EXPECT_FALSE(sent.form[1].file_name);
  EXPECT_EQ(sent.form[2].name, "purpose");
  EXPECT_EQ(sent.form[2].data, "edits");
}

TEST_F(Surface, UploadOutOfRangeIsRefusedBeforeSending) {
  const auto refused = [&](UploadRequest request, const char* says) {
    try {
      client().upload(request);
      ADD_FAILURE() << "sent";
    } catch (const InvalidRequestError& e) {
      EXPECT_THAT(e.what(), HasSubstr(says));
    }
  };
  const UploadRequest ok = UploadRequest::bytes("data", "a.bin", "application/octet-stream");
  UploadRequest r = ok;
  r.expires_in_days = 0;
  refused(r, "expires_in_days must be from 1 to 30 (is 0)");
  r.expires_in_days = 31;
  refused(r, "(is 31)");
  r = ok;
  r.purpose = "";
  refused(r, "purpose must have 1 to 50 characters (has 0)");
  r.purpose = std::string(51, 'p');
  refused(r, "(has 51)");
  r = ok;
  r.file_name = "";
  refused(r, "file_name must not be empty");
  r.file_name = "a\r\nb";
  refused(r, "file_name must be valid UTF-8 without control characters");
  r = ok;
  r.mime_type = "image/png; x=\"1\"";
  refused(r, "mime_type must be a MIME type");
  r = ok;
  r.data.clear();
  refused(r, "data is empty");
  EXPECT_THROW(UploadRequest::file("/nonexistent/file.pdf"), InvalidRequestError);
  try {
    UploadRequest::file(::testing::TempDir());  // a directory reads as nothing: refused
    ADD_FAILURE();
  } catch (const InvalidRequestError& e) {
    EXPECT_THAT(e.what(), HasSubstr("not a regular file"));
  }
  EXPECT_EQ(UploadRequest::bytes(kJpeg, "a.jpg").mime_type, "image/jpeg");
  EXPECT_EQ(UploadRequest::bytes("%PDF-1.7", "a.pdf").mime_type, "application/pdf");
  EXPECT_TRUE(transport->requests().empty());
}

TEST_F(Surface, UploadIsNeverRetriedOnceAnswered) {
  transport->push([](const HttpRequest&) -> HttpResponse {
    ConnectionError cut("connection cut after the status line");
    cut.set_delivery(Delivery::answered, 1);
    throw cut;
  });
  EXPECT_THROW(client(3).upload(UploadRequest::bytes("x", "x.bin", "")), ConnectionError);
  EXPECT_EQ(transport->requests().size(), 1u);
  EXPECT_EQ(transport->requests()[0].form[0].content_type, "application/octet-stream");
}

TEST_F(Surface, ListFilesSendsItsQueryAndReadsThePage) {
  transport->respond(200, std::string(R"({"items":[)") + kFile +
                              R"(],"total":1,"page":2,"limit":5,"total_pages":1})");
  ListFilesQuery query;
  query.purpose = "my edits&more";
  query.page = 2;
  query.limit = 5;
  const ListFilesResponse page = client().list_files(query);
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].file_id, "550e8400-e29b-41d4-a716-446655440000");
  EXPECT_EQ(page.total, 1);
  EXPECT_EQ(page.page, 2);
  EXPECT_EQ(page.limit, 5);
  EXPECT_EQ(page.total_pages, 1);
  const HttpRequest sent = only_request();
  EXPECT_EQ(sent.method, "GET");
  EXPECT_EQ(sent.url, "http://eden.test/v3/upload?purpose=my%20edits%26more&page=2&limit=5");
  EXPECT_FALSE(sent.billable);
}

TEST_F(Surface, ListFilesOutOfRangeIsRefused) {
  ListFilesQuery query;
  query.limit = 1001;
  EXPECT_THROW(client().list_files(query), InvalidRequestError);
  query.limit = 0;
  EXPECT_THROW(client().list_files(query), InvalidRequestError);
  query.limit.reset();
  query.page = 0;
  EXPECT_THROW(client().list_files(query), InvalidRequestError);
  EXPECT_TRUE(transport->requests().empty());
}

TEST_F(Surface, ListAllFilesWalksEveryPage) {
  const auto page = [](int number, const std::string& id) {
    return R"({"items":[{"file_id":")" + id + R"(","file_name":"f"}],"total":3,"page":)" +
           std::to_string(number) + R"(,"limit":1,"total_pages":3})";
  };
  transport->respond(200, page(1, "c"));
  transport->respond(200, page(2, "b"));
  transport->respond(200, page(3, "a"));
  ListFilesQuery query;
  query.limit = 1;
  const auto files = client().list_all_files(query);
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files[0].file_id, "c");
  EXPECT_EQ(files[2].file_id, "a");
  const auto requests = transport->requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[2].url, "http://eden.test/v3/upload?page=3&limit=1");
}

TEST_F(Surface, ListAllFilesEndsWhenTheServerAnswersAnotherPage) {
  const auto first_page = [](const std::string& id) {
    return R"({"items":[{"file_id":")" + id +
           R"(","file_name":"f"}],"page":1,"limit":1,"total_pages":1000000000})";
  };
  transport->respond(200, first_page("a"));
  transport->respond(200, first_page("b"));  // asked for page 2, answers page 1
  transport->respond(200, first_page("c"));
  EXPECT_EQ(client().list_all_files().size(), 2u);
  EXPECT_EQ(transport->requests().size(), 2u);
}

TEST_F(Surface, ListAllFilesEndsWhenAPageBringsNothingNew) {
  const auto page = [](int number) {
    return R"({"items":[{"file_id":"a","file_name":"f"}],"page":)" + std::to_string(number) +
           R"(,"limit":1,"total_pages":1000000000})";
  };
  transport->respond(200, page(1));
  transport->respond(200, page(2));  // the same file again: a server that ignores `page`
  transport->respond(200, page(3));
  EXPECT_EQ(client().list_all_files().size(), 1u);
  EXPECT_EQ(transport->requests().size(), 2u);
}

TEST_F(Surface, GetsAndDeletesAreRetriedEvenAfterAnAnswerBegan) {
  const auto cut = [](const HttpRequest&) -> HttpResponse {
    ConnectionError error("connection cut after the status line");
    error.set_delivery(Delivery::answered, 1);
    throw error;
  };
  transport->push(cut);
  transport->respond(200, R"({"items":[],"total":0,"page":1,"limit":100,"total_pages":0})");
  transport->push(cut);
  transport->respond(200, R"({"deleted_count":2})");
  Client c = client(2);
  c = Client(std::move(c));
  EXPECT_TRUE(c.list_files().items.empty());
  EXPECT_EQ(c.delete_files({kId1, kId2}), 2);
  EXPECT_EQ(transport->requests().size(), 4u);
}

TEST_F(Surface, DeleteFilesSendsTheIdsAndReturnsTheCount) {
  transport->respond(200, R"({"deleted_count":1})");
  transport->respond(200, R"({"deleted_count":7})");
  EXPECT_EQ(client().delete_files({kId1, kId2}), 1);
  EXPECT_EQ(client().delete_all_files(), 7);
  const auto requests = transport->requests();
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].url, "http://eden.test/v3/upload/delete");
  EXPECT_EQ(json::parse(requests[0].body), json({{"file_ids", {kId1, kId2}}}));
  EXPECT_EQ(requests[1].method, "DELETE");
  EXPECT_EQ(requests[1].url, "http://eden.test/v3/upload");
  EXPECT_TRUE(requests[1].body.empty());
  EXPECT_THROW(client().delete_files({}), InvalidRequestError);
  EXPECT_THROW(client().delete_files(std::vector<std::string>(101, kId1)), InvalidRequestError);
  try {  // the contract's ids are UUIDs: a malformed one would fail the whole delete at Eden
    client().delete_files({kId1, "../x"});
    FAIL();
  } catch (const InvalidRequestError& e) {
    EXPECT_THAT(e.what(), HasSubstr("file_ids[1] must be a file id, a UUID"));
  }
  EXPECT_EQ(transport->requests().size(), 2u);
}

TEST_F(Surface, ResponsesThatLackWhatTheyExistForAreDecodeErrorsKeepingTheBody) {
  transport->respond(200, R"({"file_name":"a.png"})");
  transport->respond(200, R"({"deleted":3})");
  transport->respond(200, R"({"object":"list","data":[{"id":7}]})");
  try {
    client().upload(UploadRequest::bytes("x", "a.png", "image/png"));
    FAIL();
  } catch (const DecodeError& e) {
    EXPECT_THAT(e.what(), HasSubstr("$.file_id"));
    EXPECT_EQ(e.body(), R"({"file_name":"a.png"})");
  }
  EXPECT_THROW(client().delete_all_files(), DecodeError);
  try {
    client().list_image_models();
    FAIL();
  } catch (const DecodeError& e) {
    EXPECT_THAT(e.what(), HasSubstr("$.data[0].id"));
  }
}

TEST_F(Surface, ListsWithoutTheirArrayAreDecodeErrorsAndARepeatedArrayIsTheLast) {
  transport->respond(200, R"({"detail":"maintenance"})");
  transport->respond(200, R"({"object":"list"})");
  transport->respond(200, R"({"items":[{"file_id":"a"}],"items":[{"file_id":"b"}]})");
  transport->respond(200, R"({"data":[{"id":"a"}],"data":[{"id":"b"}]})");
  EXPECT_THROW(client().list_files(), DecodeError);
  EXPECT_THROW(client().list_image_models(), DecodeError);
  const auto files = client().list_files().items;
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].file_id, "b");
  const auto models = client().list_image_models().data;
  ASSERT_EQ(models.size(), 1u);
  EXPECT_EQ(models[0].id, "b");
}

TEST_F(Surface, FileMetadataOfTheWrongTypeIsKeptNotFatal) {
  transport->respond(200, R"({"file_id":"f","file_name":"a","file_size":"21","created_at":5})");
  const UploadResponse file = client().upload(UploadRequest::bytes("x", "a", "image/png"));
  EXPECT_EQ(file.file_id, "f");
  EXPECT_FALSE(file.file_size);
  EXPECT_EQ(file.extra["file_size"], "21");
  EXPECT_EQ(file.extra["created_at"], 5);
}

// -- models --------------------------------------------------------------------------------

TEST_F(Surface, ListImageModelsReadsEveryTypedFieldAndKeepsTheRest) {
  transport->respond(200, R"({"object":"list","data":[
    {"id":"openai/gpt-image-1","object":"model","created":1745000000,"owned_by":"openai",
     "model_name":"gpt-image-1","description":"GPT Image","capabilities":{"image_edit":true},
     "pricing":{"per_image":0.04},"list_pricing":{"per_image":0.05},"discount":0.2,
     "regions":[{"code":"us-east-1","name":"US East"}],"alias_of":null,"tier":"pro"},
    {"id":"google/gemini-2.5-flash-image","regions":[{"code":"eu","name":"EU","zone":"b"}]},
    {"id":"google/imagen-4.0-generate-001","created":1.5,"owned_by":"google",
     "model_name":"imagen","regions":[{"code":1}]}]})");
  const ListModelsResponse models = client(0, "https://api.eu.edenai.run").list_image_models();
  EXPECT_EQ(only_request().url, "https://api.eu.edenai.run/v3/images/models");
  EXPECT_EQ(only_request().method, "GET");
  EXPECT_EQ(header(only_request(), "Authorization"), std::string("Bearer ") + kKey);
  EXPECT_EQ(models.object, "list");
  ASSERT_EQ(models.data.size(), 3u);
  const ModelObject& gpt = models.data[0];
  EXPECT_EQ(gpt.id, "openai/gpt-image-1");
  EXPECT_EQ(gpt.created, 1745000000);
  EXPECT_EQ(gpt.owned_by, "openai");
  EXPECT_EQ(gpt.model_name, "gpt-image-1");
  EXPECT_EQ(gpt.description, "GPT Image");
  EXPECT_EQ(gpt.capabilities, json({{"image_edit", true}}));
  EXPECT_EQ(gpt.pricing, json({{"per_image", 0.04}}));
  EXPECT_EQ(gpt.list_pricing, json({{"per_image", 0.05}}));
  EXPECT_EQ(gpt.discount, 0.2);
  ASSERT_EQ(gpt.regions.size(), 1u);
  EXPECT_EQ(gpt.regions[0].code, "us-east-1");
  EXPECT_EQ(gpt.regions[0].name, "US East");
  EXPECT_FALSE(gpt.alias_of);
  EXPECT_EQ(gpt.extra, json({{"object", "model"}, {"tier", "pro"}}));
  const ModelObject& gemini = models.data[1];  // a region with more than code and name
  ASSERT_EQ(gemini.regions.size(), 1u);
  EXPECT_EQ(gemini.regions[0].code, "eu");
  EXPECT_EQ(gemini.extra["regions"][0]["zone"], "b");
  const ModelObject& imagen = models.data[2];
  EXPECT_FALSE(imagen.created);
  EXPECT_EQ(imagen.extra["created"], 1.5);
  EXPECT_TRUE(imagen.regions.empty());
  EXPECT_EQ(imagen.extra["regions"], json::parse(R"([{"code":1}])"));
}

TEST_F(Surface, ErrorsOfEveryEndpointAreTypedAndRedacted) {
  transport->respond(404, std::string(R"({"detail":"File not found for key )") + kKey + "\"}");
  transport->respond(422, R"({"detail":[{"loc":["query","limit"],"msg":"too big","type":"x"}]})");
  try {
    client().delete_files({kId1});
    FAIL();
  } catch (const NotFoundError& e) {
    EXPECT_THAT(e.what(), Not(HasSubstr(kKey)));
    EXPECT_THAT(e.body(), Not(HasSubstr(kKey)));
    EXPECT_THAT(e.what(), HasSubstr("[REDACTED]"));
  }
  try {
    client().list_files();
    FAIL();
  } catch (const UnprocessableEntityError& e) {
    ASSERT_EQ(e.validation().detail.size(), 1u);
    EXPECT_EQ(format_location(e.validation().detail[0].loc), "query.limit");
  }
}

// Each class of the hierarchy says its kind and, redacted, holds the key in no text of its own.
TEST(ErrorClasses, EachNamesItsKindAndRedactsEveryTextItHolds) {
  const std::string key = kKey;
  const std::string text = "echo " + key + " echo";
  std::vector<std::pair<std::unique_ptr<Error>, ErrorKind>> errors;
  const auto add = [&](Error* e, ErrorKind kind) { errors.emplace_back(e, kind); };
  add(new InvalidRequestError(text), ErrorKind::invalid_request);
  add(new ConnectionError(text), ErrorKind::connection);
  add(new TimeoutError(text), ErrorKind::timeout);
  add(new ResponseTooLargeError(text), ErrorKind::response_too_large);
  add(new CancelledError(text), ErrorKind::cancelled);
  add(new DecodeError(text, text), ErrorKind::decode);
  add(new ApiError(418, text, text, text, text), ErrorKind::api);
  add(new BadRequestError(400, text, text, text, text), ErrorKind::bad_request);
  add(new AuthenticationError(401, text, text, text, text), ErrorKind::authentication);
  add(new InsufficientCreditsError(402, text, text, text, text), ErrorKind::insufficient_credits);
  add(new PermissionDeniedError(403, text, text, text, text), ErrorKind::permission_denied);
  add(new NotFoundError(404, text, text, text, text), ErrorKind::not_found);
  add(new ConflictError(409, text, text, text, text), ErrorKind::conflict);
  HTTPValidationError detail;
  detail.detail.push_back({{std::string("body"), text}, text, text});
  add(new UnprocessableEntityError(422, text, text, text, detail, text),
      ErrorKind::unprocessable_entity);
  add(new RateLimitError(429, text, text, text, text), ErrorKind::rate_limit);
  add(new RegionNotAllowedError(451, text, text, text, text), ErrorKind::region_not_allowed);
  add(new InternalServerError(500, text, text, text, text), ErrorKind::internal_server);
  for (auto& [error, kind] : errors) {
    EXPECT_EQ(error->kind(), kind) << to_string(kind);
    error->redact({key});
    std::string all = error->what();
    if (const auto* api = dynamic_cast<const ApiError*>(error.get())) {
      all += api->body() + api->request_id() + api->error_code();
    }
    if (const auto* decode = dynamic_cast<const DecodeError*>(error.get())) all += decode->body();
    if (const auto* invalid = dynamic_cast<const UnprocessableEntityError*>(error.get())) {
      for (const auto& problem : invalid->validation().detail) {
        all += problem.msg + problem.type + format_location(problem.loc);
      }
    }
    EXPECT_EQ(all.find(key), std::string::npos) << to_string(kind) << ": " << all;
    EXPECT_THAT(all, HasSubstr("[REDACTED]")) << to_string(kind);
  }
}

}  // namespace
}  // namespace edenai
