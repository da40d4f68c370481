// A pooled easy handle keeps its options from one call to the next of the same shape
// (curl::configure): every request of a sequence that changes shapes is still sent as its own
// (method, body, form, headers), and the per-call values of the same shape are replaced.
#include <gtest/gtest.h>

#include <edenai/edenai.hpp>

#include <atomic>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/curl_common.hpp"
#include "support/raw_server.hpp"

namespace edenai {
namespace {

using testing::http_ok;
using testing::RawServer;

// Answers every request of a connection with 200 `{}`; counts the connections.
RawServer::Script always_ok(std::atomic<int>& connections) {
  return [&connections](RawServer::Connection& c) {
    ++connections;
    while (c.read_request())
      c.send(http_ok("{}"));
  };
}

std::string head_of(const std::string& request) {
  return request.substr(0, request.find("\r\n\r\n"));
}
std::string body_of(const std::string& request) {
  return request.substr(request.find("\r\n\r\n") + 4);
}
bool has_header(const std::string& request, const std::string& line) {
  return head_of(request).find("\r\n" + line) != std::string::npos;
}

HttpRequest json_post(const std::string& url, std::string body) {
  HttpRequest request;
  request.method = "POST";
  request.url = url;
  request.headers = {{"Content-Type", "application/json"}};
  request.body = std::move(body);
  return request;
}

TEST(HandleReuse, EachRequestOfASequenceOfShapesIsSentAsItsOwn) {
  std::atomic<int> connections{0};
  RawServer server(always_ok(connections));
  const auto transport = make_curl_transport();
  const std::string base = server.base_url();
  const std::string large = "{\"p\":\"" + std::string(std::size_t{80} << 10, 'x') + "\"}";

  HttpRequest del;
  del.method = "DELETE";
  del.url = base + "/v3/upload/f1";
  HttpRequest get;
  get.url = base + "/v3/images/models?limit=2";
  HttpRequest form;
  form.method = "POST";
  form.url = base + "/v3/upload";
  form.form = {{"file", "PNGDATA", std::string("a.png"), "image/png"}, {"purpose", "edit", {}, ""}};

  // Every change of shape, each way: a small body and a large one, a body and none, GET and
  // DELETE, JSON and a form, and repeats of each.
  const std::vector<HttpRequest> sequence = {json_post(base + "/a", "{\"n\":1}"),
                                             json_post(base + "/b", "{\"n\":22}"),
                                             json_post(base + "/c", large),
                                             json_post(base + "/d", "{\"n\":3}"),
                                             json_post(base + "/e", large + " "),
                                             json_post(base + "/f", large),
                                             del,
                                             get,
                                             get,
                                             del,
                                             form,
                                             form,
                                             json_post(base + "/g", "{}"),
                                             form,
                                             json_post(base + "/h", large),
                                             get};
  for (const HttpRequest& request : sequence)
    EXPECT_EQ(transport->send(request).status, 200);

  const auto seen = server.requests();
  ASSERT_EQ(seen.size(), sequence.size());
  EXPECT_EQ(connections, 1) << "the calls shared one kept-alive connection (and handle)";
  for (std::size_t i = 0; i < seen.size(); ++i) {
    const HttpRequest& sent = sequence[i];
    const std::string& got = seen[i];
    const std::string target = sent.url.substr(base.size());
    // The header list is rebuilt when the headers change, and reused when they do not.
    EXPECT_EQ(has_header(got, "Content-Type: application/json"), !sent.headers.empty())
        << i << ": " << head_of(got);
    EXPECT_EQ(got.rfind(sent.method + " " + target + " HTTP/1.1\r\n", 0), 0u)
        << i << ": " << head_of(got);
    if (!sent.form.empty()) {
      EXPECT_TRUE(has_header(got, "Content-Type: multipart/form-data; boundary=")) << i;
      EXPECT_NE(body_of(got).find("PNGDATA"), std::string::npos) << i;
    } else {
      EXPECT_EQ(body_of(got), sent.body) << i;
      EXPECT_FALSE(has_header(got, "Content-Type: multipart")) << i;
      if (sent.body.empty() && sent.method != "POST") {
        EXPECT_FALSE(has_header(got, "Content-Length")) << i << ": " << head_of(got);
      } else {
        EXPECT_TRUE(has_header(got, "Content-Length: " + std::to_string(sent.body.size())))
            << i << ": " << head_of(got);
      }
    }
  }
}

TEST(HandleReuse, TheSameShapeTakesEachCallsUrlHeadersBodyAndTimeout) {
  // Answers the first two requests and never the third.
  std::atomic<int> answered{0};
  RawServer server([&answered](RawServer::Connection& c) {
    while (c.read_request()) {
      if (answered++ < 2) c.send(http_ok("{}"));
    }
  });
  const auto transport = make_curl_transport();
  HttpRequest first = json_post(server.base_url() + "/first", "{\"call\":1}");
  first.headers.emplace_back("X-Call", "one");
  first.timeout = std::chrono::hours(1);
  EXPECT_EQ(transport->send(first).status, 200);
  HttpRequest second = json_post(server.base_url() + "/second?q=2", "{\"call\":\"two\"}");
  second.headers.emplace_back("X-Other", "two");
  second.timeout = std::chrono::hours(1);
  EXPECT_EQ(transport->send(second).status, 200);
  const auto seen = server.requests();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[1].rfind("POST /second?q=2 HTTP/1.1\r\n", 0), 0u) << head_of(seen[1]);
  EXPECT_TRUE(has_header(seen[1], "X-Other: two"));
  EXPECT_FALSE(has_header(seen[1], "X-Call")) << head_of(seen[1]);
  EXPECT_EQ(body_of(seen[1]), "{\"call\":\"two\"}");
  // A third call of the same shape with a short timeout ends by it, not by the first's hour.
  HttpRequest third = json_post(server.base_url() + "/third", "{}");
  third.timeout = std::chrono::milliseconds(300);
  EXPECT_THROW(transport->send(third), TimeoutError);
}

// The I/O thread's handles keep their options the same way: generations with small (inline)
// and large (read callback) bodies, alternating, each reach the server as sent.
TEST(HandleReuse, TheIoThreadSendsEachBodyOfAnAlternatingSequence) {
  std::atomic<int> connections{0};
  RawServer server([&connections](RawServer::Connection& c) {
    ++connections;
    while (c.read_request())
      c.send(http_ok(R"({"data":[{"url":"https://example.com/a.png"}]})"));
  });
  ClientOptions options;
  options.api_key = "test-key";
  options.base_url = server.base_url();
  options.max_retries = 0;
  const Client client(options);
  std::vector<std::string> prompts;
  for (int i = 0; i < 6; ++i) {
    ImageGenerationBody body;
    body.model = "openai/gpt-image-1";
    body.prompt = "call " + std::to_string(i);
    if (i % 2 == 1) {
      for (int k = 0; k < 20000; ++k)
        body.prompt += "\xF0\x9F\xA6\x8A";  // 80 kB: over the 64 KiB sent with the head
    }
    prompts.push_back(body.prompt);
    EXPECT_EQ(client.generate_async(body).get().data.size(), 1u) << i;
  }
  const auto seen = server.requests();
  ASSERT_EQ(seen.size(), prompts.size());
  EXPECT_EQ(connections, 1);
  for (std::size_t i = 0; i < seen.size(); ++i) {
    EXPECT_EQ(nlohmann::json::parse(body_of(seen[i]))["prompt"], prompts[i]) << i;
    EXPECT_TRUE(has_header(seen[i], "Content-Length: " + std::to_string(body_of(seen[i]).size())))
        << i;
  }
}

// A GET (nothing of it can buy anything) that libcurl restarts on a new connection, after the
// kept-alive one died unanswered, is allowed; libcurl counts such restarts on the handle and
// fails the sixth. A handle that kept its options would keep that count too: it is reset after
// a restarted transfer, so every call of a long run still succeeds.
TEST(HandleReuse, RestartsOfEarlierCallsDoNotAccumulate) {
  RawServer server([](RawServer::Connection& c) {
    if (!c.read_request()) return;
    c.send(http_ok("{}"));
    if (c.read_request()) c.close();  // the next request on this connection dies unanswered
  });
  const auto transport = make_curl_transport();
  HttpRequest get;
  get.url = server.base_url() + "/v3/images/models";
  get.timeout = std::chrono::seconds(20);
  for (int i = 0; i < 12; ++i)
    EXPECT_EQ(transport->send(get).status, 200) << "call " << i;
  EXPECT_EQ(server.request_count(), 23u);  // the first call once, each later one twice
}

// The shape a handle is compared with is the one configure() records: every member counts.
TEST(HandleReuse, EveryDifferenceOfShapeIsSeen) {
  using internal::curl::CancelWatch;
  using internal::curl::Exchange;
  const auto agree = [](const HttpRequest& request, const Exchange& exchange, CancelWatch watch) {
    return internal::curl::same_shape(internal::curl::shape_of(request, exchange, watch), request,
                                      exchange, watch);
  };
  const HttpRequest base = json_post("http://127.0.0.1:1/a", "{}");
  Exchange exchange;
  const auto shape = internal::curl::shape_of(base, exchange, {});
  EXPECT_TRUE(agree(base, exchange, {}));
  EXPECT_TRUE(internal::curl::same_shape(shape, json_post("http://127.0.0.1:2/b?q", "{\"x\":1}"),
                                         exchange, {}))
      << "URL, body and headers are per-call values";
  std::vector<HttpRequest> others(8, base);
  others[0].method = "DELETE";
  others[1].body = std::string(std::size_t{70} << 10, ' ');  // by read callback
  others[2].form = {{"file", "x", std::string("a.png"), "image/png"}};
  others[3].ca_bundle = "/etc/ssl/ca.pem";
  others[4].proxy = "http://proxy:3128";
  others[5].url = "https://127.0.0.1:1/a";
  others[6].max_redirects = 5;
  others[7].method = "GET";
  others[7].body.clear();
  for (std::size_t i = 0; i < others.size(); ++i) {
    EXPECT_TRUE(agree(others[i], exchange, {})) << i;
    EXPECT_FALSE(internal::curl::same_shape(shape, others[i], exchange, {})) << i;
  }
  EXPECT_FALSE(internal::curl::same_shape(shape, base, exchange, CancelWatch{true, false}));
  EXPECT_FALSE(internal::curl::same_shape(shape, base, exchange, CancelWatch{true, true}));
  EXPECT_TRUE(agree(base, exchange, CancelWatch{true, true}));
  internal::curl::SocketRegistry sockets;
  Exchange watched;
  watched.sockets = &sockets;
  EXPECT_FALSE(internal::curl::same_shape(shape, base, watched, {}));
}

}  // namespace
}  // namespace edenai
