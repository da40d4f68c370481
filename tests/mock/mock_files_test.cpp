// The mock's file store over raw HTTP: POST /v3/upload, GET /v3/upload (pages, newest first,
// expiry on an injected clock), POST /v3/upload/delete and DELETE /v3/upload, with their 422s.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "mock/surface_support.hpp"

namespace {

using edenai::mock::Server;
using edenai::mock::ServerOptions;
using namespace edenai::testing::surface;
using std::chrono::system_clock;

// A clock the test moves by hand: 2025-12-08T10:30:00Z plus `offset` seconds.
struct TestClock {
  std::shared_ptr<std::atomic<long long>> offset = std::make_shared<std::atomic<long long>>(0);
  void advance(std::chrono::seconds by) const { *offset += by.count(); }
  std::function<system_clock::time_point()> function() const {
    auto shared = offset;
    return [shared] {
      return system_clock::time_point(std::chrono::seconds(1765189800 + shared->load()));
    };
  }
};

class MockFiles : public ::testing::Test {
 protected:
  MockFiles()
      : server([this] {
          ServerOptions options;
          options.clock = clock.function();
          options.max_upload_bytes = 4096;
          return options;
        }()) {}
  void SetUp() override { server.start(); }

  json upload(const std::string& content, httplib::MultipartFormDataItems more = {},
              const std::string& type = "application/octet-stream") {
    more.push_back({"file", content, "f.bin", type});
    return body_of(http.post_form("/v3/upload", more), 200);
  }
  std::vector<std::string> listed(const std::string& query) {
    std::vector<std::string> ids;
    const json page = body_of(http.get("/v3/upload" + query), 200);
    for (const json& item : page["items"])
      ids.push_back(item["file_id"]);
    return ids;
  }

  TestClock clock;
  Server server;
  Http http{server};
};

TEST_F(MockFiles, AnUploadIsDescribedAsEdenDescribesIt) {
  const std::string png = write_png(6, 5, 3, gradient(6, 5));
  const json file = upload(png);
  EXPECT_TRUE(std::regex_match(file["file_id"].get<std::string>(),
                               std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
                                          "[0-9a-f]{12}")))
      << file;
  EXPECT_EQ(file["file_name"], "f.bin");
  EXPECT_EQ(file["file_size"], png.size());
  EXPECT_EQ(file["file_mimetype"], "image/png");  // from the bytes, not the part's type
  EXPECT_EQ(file["metadata"], json({{"width", 6}, {"height", 5}}));
  EXPECT_EQ(file["purpose"], "general");
  EXPECT_EQ(file["created_at"], "2025-12-08T10:30:00Z");
  EXPECT_EQ(file["expires_at"], "2026-01-07T10:30:00Z");  // 30 days by default
  const json text = upload(
      "hello", {{"purpose", "notes", "", ""}, {"expires_in_days", "7", "", ""}}, "text/plain");
  EXPECT_EQ(text["file_mimetype"], "text/plain");
  EXPECT_EQ(text["metadata"], json::object());
  EXPECT_EQ(text["purpose"], "notes");
  EXPECT_EQ(text["expires_at"], "2025-12-15T10:30:00Z");
  EXPECT_NE(text["file_id"], file["file_id"]);
}

TEST_F(MockFiles, UploadFieldsAreValidatedAs422) {
  const auto problem = [&](const httplib::MultipartFormDataItems& items) {
    const json detail = body_of(http.post_form("/v3/upload", items), 422)["detail"];
    EXPECT_EQ(detail.size(), 1u) << detail;
    return detail[0];
  };
  EXPECT_EQ(problem({{"purpose", "x", "", ""}})["loc"], json({"body", "file"}));
  EXPECT_EQ(problem({{"file", "text", "", ""}})["type"], "value_error");
  const httplib::MultipartFormData file = {"file", "x", "x.txt", "text/plain"};
  EXPECT_EQ(problem({file, {"expires_in_days", "0", "", ""}})["type"], "greater_than_equal");
  EXPECT_EQ(problem({file, {"expires_in_days", "31", "", ""}})["type"], "less_than_equal");
  EXPECT_EQ(problem({file, {"expires_in_days", "soon", "", ""}})["type"], "int_parsing");
  EXPECT_EQ(problem({file, {"purpose", std::string(51, 'p'), "", ""}})["type"], "string_too_long");
  EXPECT_EQ(http.post_json("/v3/upload", json::object())->status, 422);  // not a form: no file
}

// Starlette decodes form values with replacement: a file name that is not UTF-8 is stored and
// answered (as U+FFFD), never an empty 500 that leaves an unlistable file behind.
TEST_F(MockFiles, AFileNameThatIsNotUtf8IsStoredAndListed) {
  const json stored = body_of(
      http.post_form("/v3/upload", {{"file", "data", "bad\xff\xfe.png", "image/png"}}), 200);
  EXPECT_EQ(stored["file_name"], "bad\xEF\xBF\xBD\xEF\xBF\xBD.png");
  const json list = body_of(http.get("/v3/upload"), 200);
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_EQ(list["items"][0]["file_id"], stored["file_id"]);
}

TEST_F(MockFiles, AFileOverTheSizeCapIs413) {
  const auto result = http.post_form("/v3/upload", {{"file", std::string(5000, 'x'), "big", ""}});
  EXPECT_EQ(body_of(result, 413)["detail"].get<std::string>().find("File too large"), 0u);
  EXPECT_EQ(listed(""), std::vector<std::string>{});
}

TEST_F(MockFiles, TheListIsNewestFirstInPages) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    ids.insert(ids.begin(), upload("file " + std::to_string(i))["file_id"].get<std::string>());
    if (i % 2 == 0) clock.advance(std::chrono::seconds(1));  // equal timestamps keep their order
  }
  const json first = body_of(http.get("/v3/upload?limit=2"), 200);
  EXPECT_EQ(first["total"], 5);
  EXPECT_EQ(first["page"], 1);
  EXPECT_EQ(first["limit"], 2);
  EXPECT_EQ(first["total_pages"], 3);
  EXPECT_EQ(listed("?limit=2&page=1"), std::vector<std::string>(ids.begin(), ids.begin() + 2));
  EXPECT_EQ(listed("?limit=2&page=2"), std::vector<std::string>(ids.begin() + 2, ids.begin() + 4));
  EXPECT_EQ(listed("?limit=2&page=3"), std::vector<std::string>(ids.begin() + 4, ids.end()));
  EXPECT_EQ(listed("?limit=2&page=4"), std::vector<std::string>{});
  EXPECT_EQ(listed(""), ids);  // limit 100 by default
  EXPECT_EQ(body_of(http.get("/v3/upload"), 200)["limit"], 100);
}

TEST_F(MockFiles, TheListFiltersByPurpose) {
  const std::string kept = upload("a", {{"purpose", "edits", "", ""}})["file_id"];
  upload("b");
  EXPECT_EQ(listed("?purpose=edits"), std::vector<std::string>{kept});
  EXPECT_EQ(listed("?purpose=").size(), 2u);
}

TEST_F(MockFiles, ListQueriesAreValidatedAs422) {
  const auto type = [&](const std::string& query) {
    const json detail = body_of(http.get("/v3/upload" + query), 422)["detail"];
    EXPECT_EQ(detail[0]["loc"][0], "query");
    return detail[0]["type"].get<std::string>();
  };
  EXPECT_EQ(type("?limit=0"), "greater_than_equal");
  EXPECT_EQ(type("?limit=1001"), "less_than_equal");
  EXPECT_EQ(type("?page=0"), "greater_than_equal");
  EXPECT_EQ(type("?page=first"), "int_parsing");
  EXPECT_EQ(type("?purpose=" + std::string(51, 'p')), "string_too_long");
  EXPECT_EQ(http.get("/v3/upload?limit=1000&page=7")->status, 200);
}

TEST_F(MockFiles, FilesExpireOnTheServersClock) {
  const std::string short_lived = upload("a", {{"expires_in_days", "1", "", ""}})["file_id"];
  const std::string long_lived = upload("b", {{"expires_in_days", "3", "", ""}})["file_id"];
  clock.advance(std::chrono::hours(24) - std::chrono::seconds(1));
  EXPECT_EQ(listed("").size(), 2u);
  clock.advance(std::chrono::seconds(1));
  EXPECT_EQ(listed(""), std::vector<std::string>{long_lived});
  const json edit = {
      {"model", "openai/gpt-image-1"}, {"prompt", "x"}, {"images", {{{"file_id", short_lived}}}}};
  EXPECT_EQ(http.post_json("/v3/images/edits", edit)->status, 404);
  EXPECT_EQ(body_of(http.post_json("/v3/upload/delete", json{{"file_ids", {short_lived}}}), 200),
            json({{"deleted_count", 0}}));
}

TEST_F(MockFiles, DeletingByIdsIgnoresUnknownIds) {
  const std::string a = upload("a")["file_id"], b = upload("b")["file_id"];
  const std::string c = upload("c")["file_id"];
  std::string upper = a;
  for (char& ch : upper)
    ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  const json body = {{"file_ids", {upper, c, "00000000-0000-4000-8000-000000000000"}}};
  EXPECT_EQ(body_of(http.post_json("/v3/upload/delete", body), 200), json({{"deleted_count", 2}}));
  EXPECT_EQ(listed(""), std::vector<std::string>{b});
}

TEST_F(MockFiles, DeletingByIdsIsValidatedAs422) {
  const auto first = [&](const json& body) {
    return body_of(http.post_json("/v3/upload/delete", body), 422)["detail"][0];
  };
  EXPECT_EQ(first(json{{"file_ids", json::array()}})["type"], "too_short");
  const json many =
      json{{"file_ids", std::vector<std::string>(101, "00000000-0000-4000-8000-000000000000")}};
  EXPECT_EQ(first(many)["type"], "too_long");
  const json bad = first(json{{"file_ids", {"abc"}}});
  EXPECT_EQ(bad["type"], "uuid_parsing");
  EXPECT_EQ(bad["loc"], json({"body", "file_ids", 0}));
  EXPECT_EQ(bad["msg"],
            "Input should be a valid UUID, invalid length: expected length 32 for simple "
            "format, found 3");
  EXPECT_EQ(first(json{{"file_ids", {5}}})["type"], "uuid_type");
  EXPECT_EQ(first(json{{"file_ids", "x"}})["type"], "list_type");
  EXPECT_EQ(first(json::object())["type"], "missing");
}

TEST_F(MockFiles, DeletingEverythingEmptiesTheStore) {
  upload("a");
  upload("b");
  EXPECT_EQ(body_of(http.del("/v3/upload"), 200), json({{"deleted_count", 2}}));
  EXPECT_EQ(body_of(http.get("/v3/upload"), 200)["total"], 0);
  EXPECT_EQ(body_of(http.get("/v3/upload"), 200)["total_pages"], 0);
  EXPECT_EQ(body_of(http.del("/v3/upload"), 200), json({{"deleted_count", 0}}));
}

TEST(MockSurfaceAuth, EveryRouteAnswers401InEdensShape) {
  ServerOptions options;
  options.api_key = "right";
  Server server(options);
  server.start();
  Http wrong(server, "wrong");
  Http none(server, "");
  const json expected = {{"detail", "Invalid authentication credentials"}};
  const httplib::MultipartFormDataItems file = {{"file", "x", "x.txt", "text/plain"}};
  for (Http* http : {&wrong, &none}) {
    EXPECT_EQ(body_of(http->post_form("/v3/upload", file), 401), expected);
    EXPECT_EQ(body_of(http->get("/v3/upload"), 401), expected);
    EXPECT_EQ(body_of(http->del("/v3/upload"), 401), expected);
    EXPECT_EQ(body_of(http->post_json("/v3/upload/delete", json{{"file_ids", json::array()}}), 401),
              expected);
    EXPECT_EQ(body_of(http->get("/v3/images/models"), 401), expected);
    EXPECT_EQ(body_of(http->get("/v3/models"), 401), expected);
    EXPECT_EQ(body_of(http->post_json("/v3/images/edits", json::object()), 401), expected);
  }
  EXPECT_EQ(Http(server, "right").get("/v3/upload")->status, 200);
}

}  // namespace
