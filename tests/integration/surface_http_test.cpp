// The rest of the image surface through real libcurl: the upload's multipart body as a server
// parses it, the methods and queries on the wire, and each operation's retry rule when
// connections misbehave (raw sockets).
#include <gtest/gtest.h>

#include <edenai/edenai.hpp>

#include <atomic>
#include <nlohmann/json.hpp>

#include "support/raw_server.hpp"
#include "support/test_server.hpp"

namespace {

using edenai::Delivery;
using edenai::testing::http_ok;
using edenai::testing::RawServer;
using edenai::testing::TestServer;

constexpr const char* kFile =
    R"({"file_id":"550e8400-e29b-41d4-a716-446655440000","file_name":"blob.bin",)"
    R"("file_size":9,"file_mimetype":"application/octet-stream","purpose":"general",)"
    R"("created_at":"2026-12-01T10:30:00Z"})";
constexpr const char* kPage = R"({"items":[],"total":0,"page":1,"limit":100,"total_pages":0})";

edenai::Client client(const std::string& base_url, int max_retries) {
  edenai::ClientOptions options;
  options.api_key = "test-key";
  options.base_url = base_url;
  options.max_retries = max_retries;
  options.timeout = std::chrono::seconds(20);
  return edenai::Client(options);
}

// Bytes no text encoder would keep: NUL, CR LF, a boundary-like line, high bytes.
const std::string kBlob = std::string("\0\r\n--x\xff\x01", 8) + "!";

TEST(SurfaceHttp, UploadIsAMultipartFormTheServerParses) {
  TestServer server;
  std::string content_type;
  httplib::MultipartFormData file;
  std::string purpose;
  std::string expires;
  server.post("/v3/upload", [&](const httplib::Request& req, httplib::Response& res) {
    content_type = req.get_header_value("Content-Type");
    file = req.get_file_value("file");
    purpose = req.get_file_value("purpose").content;
    expires = req.get_file_value("expires_in_days").content;
    res.set_content(kFile, "application/json");
  });
  server.start();
  edenai::UploadRequest request = edenai::UploadRequest::bytes(kBlob, "blob.bin", "image/x-test");
  request.purpose = "edit canvas";
  request.expires_in_days = 3;
  const edenai::UploadResponse stored = client(server.base_url(), 0).upload(request);
  server.stop();  // joins the handler's threads: what they wrote is now this thread's to read
  EXPECT_EQ(stored.file_id, "550e8400-e29b-41d4-a716-446655440000");
  EXPECT_EQ(content_type.rfind("multipart/form-data; boundary=", 0), 0u) << content_type;
  EXPECT_EQ(file.content, kBlob);
  EXPECT_EQ(file.filename, "blob.bin");
  EXPECT_EQ(file.content_type, "image/x-test");
  EXPECT_EQ(purpose, "edit canvas");
  EXPECT_EQ(expires, "3");
  ASSERT_EQ(server.seen().size(), 1u);
  EXPECT_EQ(server.seen()[0].headers.count("Authorization"), 1u);
}

// The first request line of each connection's requests, e.g. "GET /v3/upload?page=2 HTTP/1.1".
std::string request_line(const std::string& request) {
  return request.substr(0, request.find("\r\n"));
}

TEST(SurfaceHttp, MethodsPathsAndQueriesOnTheWire) {
  RawServer server([](RawServer::Connection& c) {
    std::string request;
    while (c.read_request(&request)) {
      const std::string line = request_line(request);
      if (line.rfind("GET /v3/images/models", 0) == 0) {
        c.send(http_ok(R"({"object":"list","data":[{"id":"m","created":1,"owned_by":"o",)"
                       R"("model_name":"m"}]})"));
      } else if (line.rfind("GET", 0) == 0) {
        c.send(http_ok(kPage));
      } else {
        c.send(http_ok(R"({"deleted_count":4})"));
      }
    }
  });
  const auto c = client(server.base_url(), 0);
  edenai::ListFilesQuery query;
  query.purpose = "a b";
  query.page = 2;
  EXPECT_TRUE(c.list_files(query).items.empty());
  EXPECT_EQ(c.delete_all_files(), 4);
  EXPECT_EQ(c.delete_files({"550e8400-e29b-41d4-a716-446655440000"}), 4);
  EXPECT_EQ(c.list_image_models().data.at(0).id, "m");
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 4u);
  EXPECT_EQ(request_line(requests[0]), "GET /v3/upload?purpose=a%20b&page=2 HTTP/1.1");
  EXPECT_EQ(request_line(requests[1]), "DELETE /v3/upload HTTP/1.1");
  EXPECT_EQ(request_line(requests[2]), "POST /v3/upload/delete HTTP/1.1");
  EXPECT_NE(requests[2].find(R"({"file_ids":["550e8400-e29b-41d4-a716-446655440000"]})"),
            std::string::npos);
  EXPECT_EQ(request_line(requests[3]), "GET /v3/images/models HTTP/1.1");
}

// Answers the first request of a connection, reads the next and closes without a word.
RawServer::Script answer_once_then_close() {
  return [](RawServer::Connection& c) {
    if (!c.read_request()) return;
    c.send(http_ok(kFile));
    if (!c.read_request()) return;
    c.close();
  };
}

// The kept-alive connection dies after the second upload was read: libcurl must not send the
// form again by itself (it could rewind the form's parts), only the retry loop may.
TEST(SurfaceHttp, AnUploadOnADeadKeptAliveConnectionIsNotResentByTheTransport) {
  RawServer server(answer_once_then_close());
  const auto c = client(server.base_url(), 0);
  const auto upload = edenai::UploadRequest::bytes(kBlob, "blob.bin", "");
  EXPECT_EQ(c.upload(upload).file_name, "blob.bin");
  try {
    c.upload(upload);
    FAIL() << "expected a ConnectionError";
  } catch (const edenai::ConnectionError& e) {
    EXPECT_EQ(e.attempts(), 1);
    EXPECT_EQ(e.delivery(), Delivery::unanswered) << e.what();
  }
  EXPECT_EQ(server.request_count(), 2u);
}

// The same through the transport itself, with a form whose only part is empty: nothing of the
// body is ever "handed", and still libcurl must not start the request a second time.
TEST(SurfaceHttp, AnEmptyFormIsNotResentByTheTransportEither) {
  RawServer server(answer_once_then_close());
  const auto transport = edenai::make_curl_transport();
  edenai::HttpRequest request;
  request.method = "POST";
  request.url = server.base_url() + "/v3/upload";
  request.form.push_back({"file", "", std::string("empty.bin"), "application/octet-stream"});
  EXPECT_EQ(transport->send(request).status, 200);
  EXPECT_THROW(transport->send(request), edenai::ConnectionError);
  EXPECT_EQ(server.request_count(), 2u);
}

TEST(SurfaceHttp, ACallersContentTypeNeverReplacesTheFormsBoundary) {
  TestServer server;
  std::string content;
  server.post("/v3/upload", [&](const httplib::Request& req, httplib::Response& res) {
    content = req.get_file_value("file").content;
    res.set_content(kFile, "application/json");
  });
  server.start();
  edenai::ClientOptions options;
  options.api_key = "test-key";
  options.base_url = server.base_url();
  options.default_headers = {{"content-type", "application/json"}};
  const edenai::Client c(options);
  edenai::RequestOptions call;
  call.headers = {{"Content-Type", "text/plain"}};
  c.upload(edenai::UploadRequest::bytes(kBlob, "blob.bin"), call);
  server.stop();  // joins the handler's threads
  EXPECT_EQ(content, kBlob);
  ASSERT_EQ(server.seen().size(), 1u);
  EXPECT_EQ(server.seen()[0].headers.count("Content-Type"), 1u);
}

// A 200 cut short: a GET is asked again (nothing is bought or stored twice); an upload is not
// (a second attempt would store a second file).
RawServer::Script cut_short_once() {
  auto first = std::make_shared<std::atomic<bool>>(true);
  return [first](RawServer::Connection& c) {
    while (c.read_request()) {
      if (first->exchange(false)) {
        c.send("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{");
        c.close();
        return;
      }
      c.send(http_ok(kPage));
    }
  };
}

TEST(SurfaceHttp, AListCutShortIsAskedAgain) {
  RawServer server(cut_short_once());
  EXPECT_TRUE(client(server.base_url(), 2).list_files().items.empty());
  EXPECT_EQ(server.request_count(), 2u);
}

TEST(SurfaceHttp, AnUploadCutShortIsNotSentAgain) {
  RawServer server(cut_short_once());
  try {
    client(server.base_url(), 2).upload(edenai::UploadRequest::bytes(kBlob, "b.bin", ""));
    FAIL() << "expected a ConnectionError";
  } catch (const edenai::ConnectionError& e) {
    EXPECT_EQ(e.delivery(), Delivery::answered) << e.what();
    EXPECT_FALSE(e.retryable());
  }
  EXPECT_EQ(server.request_count(), 1u);
}

TEST(SurfaceHttp, AnEditCutShortIsNotBoughtAgain) {
  RawServer server(cut_short_once());
  edenai::ImageEditBody body;
  body.model = "openai/gpt-image-1";
  body.prompt = "winter";
  body.images = {edenai::ImageRef::file_id("f-1")};
  EXPECT_THROW(client(server.base_url(), 2).edit(body), edenai::ConnectionError);
  EXPECT_EQ(server.request_count(), 1u);
}

}  // namespace
