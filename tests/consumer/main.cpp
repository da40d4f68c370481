// Calls generate() through the installed package against a local server; exits 0 on success.
#include <httplib.h>
#include <edenai/edenai.hpp>

#include <iostream>
#include <thread>

int main() {
  httplib::Server server;
  server.Post("/v3/images/generations", [](const httplib::Request& req, httplib::Response& res) {
    if (req.get_header_value("Authorization") != "Bearer consumer-key") {
      res.status = 401;
      res.set_content(R"({"detail":"Invalid authentication credentials"})", "application/json");
      return;
    }
    res.set_content(R"({"provider":"openai","cost":0.04,"data":[{"b64_json":"iVBORw0KGgo="}]})",
                    "application/json");
  });
  const int port = server.bind_to_any_port("127.0.0.1");
  std::thread thread([&] { server.listen_after_bind(); });

  int status = 1;
  try {
    edenai::ClientOptions options;
    options.api_key = "consumer-key";
    options.base_url = "http://127.0.0.1:" + std::to_string(port);
    const edenai::Client client(options);
    edenai::ImageGenerationBody body;
    body.model = "openai/gpt-image-1";
    body.prompt = "installed package check";
    const auto response = client.generate(body);
    const auto bytes = response.data.at(0).bytes();
    std::cout << "edenai " << edenai::version() << ": provider " << *response.provider << ", "
              << bytes.size() << " image bytes\n";
    status = (bytes.size() == 8 && bytes[1] == 'P') ? 0 : 1;
  } catch (const edenai::Error& e) {
    std::cerr << "consumer failed: " << e.what() << "\n";
  }
  server.stop();
  thread.join();
  return status;
}
