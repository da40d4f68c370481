// The `my_app` of the README's "In your project" snippets, which the consumer test builds with
// those snippets themselves (find_package, pkg-config): it only has to compile, link and run.
#include <edenai/edenai.hpp>

#include <iostream>

int main() {
  edenai::ClientOptions options;
  options.api_key = "my-app-key";
  options.base_url = "http://127.0.0.1:9";  // nothing is sent
  const edenai::Client client(options);
  std::cout << "my_app: edenai " << edenai::version() << ", " << client.base_url() << "\n";
  return 0;
}
