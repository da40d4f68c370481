// TLS verification against a real TLS server (a throwaway self-signed certificate made with the
// openssl tool), the CA bundle option, and proxies: the option and libcurl's environment
// variables.
#include <gtest/gtest.h>
#include <httplib.h>

#include <edenai/edenai.hpp>

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "support/test_server.hpp"

namespace {

namespace fs = std::filesystem;

constexpr const char* kSuccess = R"({"provider":"openai","data":[{"url":"http://x.test/a.png"}]})";

edenai::ImageGenerationBody body() {
  edenai::ImageGenerationBody b;
  b.model = "openai/gpt-image-1";
  b.prompt = "a fox";
  return b;
}

edenai::Client client(const std::string& base_url, const std::string& ca_bundle = "",
                      const std::string& proxy = "") {
  edenai::ClientOptions options;
  options.api_key = "test-key";
  options.base_url = base_url;
  options.max_retries = 0;
  options.ca_bundle = ca_bundle;
  options.proxy = proxy;
  return edenai::Client(options);
}

// A TLS server on 127.0.0.1 with a certificate for that address, signed by itself.
class TlsServer : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir = fs::temp_directory_path() / ("edenai-tls-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const std::string command =
        "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 "
        "-addext subjectAltName=IP:127.0.0.1 -keyout '" +
        (dir / "key.pem").string() + "' -out '" + (dir / "cert.pem").string() + "' >/dev/null 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0) << "openssl could not make a certificate";
  }
  static void TearDownTestSuite() { fs::remove_all(dir); }

  void SetUp() override {
    server =
        std::make_unique<httplib::SSLServer>((dir / "cert.pem").c_str(), (dir / "key.pem").c_str());
    ASSERT_TRUE(server->is_valid());
    server->Post("/v3/images/generations", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(kSuccess, "application/json");
    });
    // Images: one served here, one that redirects to the plain http server.
    plain.get("/a.png", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("\x89PNG", "image/png");
    });
    plain.start();
    server->Get("/a.png",
                [target = plain.base_url() + "/a.png"](
                    const httplib::Request&, httplib::Response& res) { res.set_redirect(target); });
    server->Get("/b.png", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("\x89PNG", "image/png");
    });
    port = server->bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { server->listen_after_bind(); });
    while (!server->is_running())
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  void TearDown() override {
    server->stop();
    thread.join();
  }

  std::string url() const { return "https://127.0.0.1:" + std::to_string(port); }

  static inline fs::path dir;
  edenai::testing::TestServer plain;
  std::unique_ptr<httplib::SSLServer> server;
  std::thread thread;
  int port = 0;
};

TEST_F(TlsServer, AnUntrustedCertificateIsRefusedAndNotRetried) {
  try {
    client(url()).generate(body());
    FAIL() << "a self-signed certificate must not be trusted";
  } catch (const edenai::ConnectionError& e) {
    EXPECT_FALSE(e.retryable()) << e.what();
  }
}

TEST_F(TlsServer, TheCaBundleOptionTrustsIt) {
  const auto response = client(url(), (dir / "cert.pem").string()).generate(body());
  EXPECT_EQ(response.provider, "openai");
}

TEST_F(TlsServer, AMissingCaBundleIsAnErrorNotASilentFallback) {
  try {
    client(url(), (dir / "missing.pem").string()).generate(body());
    FAIL() << "expected a ConnectionError";
  } catch (const edenai::ConnectionError& e) {
    // The bundle's own error, not the untrusted certificate's: the option was applied.
    EXPECT_NE(std::string(e.what()).find("missing.pem"), std::string::npos) << e.what();
    EXPECT_FALSE(e.retryable());
  }
}

// What travelled encrypted keeps doing so: an https image URL that redirects to http is refused
// before anything is asked of the http host (the image would travel in clear).
TEST_F(TlsServer, ADownloadNeverFollowsARedirectFromHttpsToHttp) {
  const auto c = client(url(), (dir / "cert.pem").string());
  edenai::ImageDataItem item;
  item.url = url() + "/a.png";
  try {
    c.download(item);
    FAIL() << "followed a redirect to http";
  } catch (const edenai::ConnectionError& e) {
    EXPECT_NE(std::string(e.what()).find("redirect from https"), std::string::npos) << e.what();
    EXPECT_FALSE(e.retryable());
  }
  EXPECT_TRUE(plain.seen().empty());
  item.url = "HTTPS://127.0.0.1:" + std::to_string(port) + "/b.png";  // any letter case
  EXPECT_EQ(c.download(item).size(), 4u);
}

// A forward proxy for plain http: it sees the absolute URL and answers itself.
class Proxy : public ::testing::Test {
 protected:
  void SetUp() override {
    proxy.post(R"(.*)", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mutex);
      targets.push_back(req.target);
      res.set_content(kSuccess, "application/json");
    });
    proxy.start();
  }

  std::vector<std::string> seen() {
    std::lock_guard<std::mutex> lock(mutex);
    return targets;
  }

  edenai::testing::TestServer proxy;
  std::mutex mutex;
  std::vector<std::string> targets;
};

TEST_F(Proxy, TheProxyOptionRoutesApiCallsThroughIt) {
  // eden.test does not resolve: only a proxy can answer.
  const auto response = client("http://eden.test", "", proxy.base_url()).generate(body());
  EXPECT_EQ(response.provider, "openai");
  ASSERT_EQ(seen().size(), 1u);
  EXPECT_EQ(seen()[0], "http://eden.test/v3/images/generations");
}

// Sets or unsets environment variables for a scope, then restores them.
class ScopedVariables {
 public:
  explicit ScopedVariables(std::vector<std::pair<std::string, const char*>> values) {
    for (const auto& [name, value] : values) {
      const char* before = std::getenv(name.c_str());
      saved_.emplace_back(name,
                          before != nullptr ? std::optional<std::string>(before) : std::nullopt);
      value != nullptr ? setenv(name.c_str(), value, 1) : unsetenv(name.c_str());
    }
  }
  ~ScopedVariables() {
    for (const auto& [name, value] : saved_) {
      value ? setenv(name.c_str(), value->c_str(), 1) : unsetenv(name.c_str());
    }
  }

 private:
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

TEST_F(Proxy, CurlsEnvironmentVariablesKeepWorking) {
  const ScopedVariables env({{"http_proxy", proxy.base_url().c_str()},
                             {"no_proxy", nullptr},
                             {"NO_PROXY", nullptr},
                             {"all_proxy", nullptr},
                             {"ALL_PROXY", nullptr}});
  const auto response = client("http://eden.test").generate(body());
  EXPECT_EQ(response.provider, "openai");
  ASSERT_EQ(seen().size(), 1u);
  EXPECT_EQ(seen()[0], "http://eden.test/v3/images/generations");
}

}  // namespace
