// The mock server's connection limits: one worker thread per kept-alive connection
// (ServerOptions::worker_threads, `edenai-mock-server --workers`), so that a client with 256 calls
// in flight is served at once.
#include <gtest/gtest.h>
#include <httplib.h>

#include <edenai/edenai.hpp>
#include <edenai/mock/server.hpp>

#include <chrono>
#include <memory>
#include <set>
#include <vector>

namespace {

using edenai::mock::Server;
using edenai::mock::ServerOptions;

// A kept-alive connection to `server`, waiting at most `timeout` for an answer.
std::unique_ptr<httplib::Client> connection(const Server& server,
                                            std::chrono::milliseconds timeout) {
  auto http = std::make_unique<httplib::Client>("127.0.0.1", server.port());
  http->set_keep_alive(true);
  http->set_read_timeout(std::chrono::duration_cast<std::chrono::seconds>(timeout).count(),
                         (timeout.count() % 1000) * 1000);
  http->set_bearer_token_auth("test-key");
  return http;
}

// How many client ports (connections) the server's recorded requests came from.
std::size_t client_ports(const Server& server) {
  std::set<int> ports;
  for (const auto& request : server.requests())
    ports.insert(request.remote_port);
  return ports.size();
}

bool answered(httplib::Client& http) {
  const httplib::Result result = http.Get("/v3/images/models");
  return result && result->status == 200;
}

// Every connection stays open (kept alive) while the next is made: each holds a worker. Without
// enough workers, the first connection beyond them would wait for one to close, past the 4 s its
// answer may take. The idle timeout is long so that on a loaded machine (where 300 answers may
// take longer than the default 5 s) no connection is closed for idling: each is used twice.
TEST(MockConnections, ServesAsManyKeptAliveConnectionsAsItHasWorkers) {
  ServerOptions options;
  options.worker_threads = 300;
  options.keep_alive_timeout = std::chrono::seconds(300);
  Server server(options);
  server.start();
  std::vector<std::unique_ptr<httplib::Client>> open;
  for (int i = 0; i < 300; ++i) {
    open.push_back(connection(server, std::chrono::seconds(4)));
    ASSERT_TRUE(answered(*open.back())) << "connection " << i;
  }
  for (auto& http : open)  // the same connections again, each still served
    EXPECT_TRUE(answered(*http));
  EXPECT_EQ(client_ports(server), 300u);
}

TEST(MockConnections, AConnectionBeyondTheWorkersWaitsForOneToClose) {
  ServerOptions options;
  options.worker_threads = 4;
  options.keep_alive_timeout = std::chrono::seconds(300);
  Server server(options);
  server.start();
  std::vector<std::unique_ptr<httplib::Client>> open;
  for (int i = 0; i < 4; ++i) {
    open.push_back(connection(server, std::chrono::seconds(4)));
    ASSERT_TRUE(answered(*open.back()));
  }
  EXPECT_FALSE(answered(*connection(server, std::chrono::milliseconds(300))));
  open.erase(open.begin());  // the client and its connection closed: its worker is free
  EXPECT_TRUE(answered(*connection(server, std::chrono::seconds(4))));
}

// A connection idle for `keep_alive_timeout` is closed, which frees its worker: with one worker,
// a second connection is answered once the first has idled for 1 s (with the default 5 s it
// would wait past its 4 s), and the first, used again, is served on a new connection.
TEST(MockConnections, AnIdleConnectionIsClosedAfterTheKeepAliveTimeout) {
  ServerOptions options;
  options.worker_threads = 1;
  options.keep_alive_timeout = std::chrono::seconds(1);
  Server server(options);
  server.start();
  const auto first = connection(server, std::chrono::seconds(4));
  ASSERT_TRUE(answered(*first));
  EXPECT_TRUE(answered(*connection(server, std::chrono::seconds(4))));
  EXPECT_TRUE(answered(*first));
  EXPECT_EQ(client_ports(server), 3u);
}

// 256 generations in flight at once, each answered after 250 ms: every one is answered, each on
// a connection of its own (that the workers serve them together is the test above's; no test
// here asserts on time).
TEST(MockConnections, AnswersABatchOf256CallsEachOnItsOwnConnection) {
  ServerOptions options;
  options.worker_threads = 256;
  options.latency = std::chrono::milliseconds(250);
  Server server(options);
  server.start();
  edenai::ClientOptions client_options;
  client_options.api_key = "test-key";
  client_options.base_url = server.base_url();
  client_options.max_retries = 0;
  const edenai::Client client(client_options);
  edenai::ImageGenerationBody body;
  body.model = "google/imagen-4.0-generate-001";
  body.prompt = "a lighthouse";
  body.size = "64x64";
  edenai::BatchOptions batch;
  batch.concurrency = 256;
  const auto results =
      client.generate_batch(std::vector<edenai::ImageGenerationBody>(256, body), batch);
  for (const auto& result : results)
    EXPECT_TRUE(result.ok()) << result.error_message();
  EXPECT_EQ(client_ports(server), 256u);  // one connection per call in flight
}

}  // namespace
