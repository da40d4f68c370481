// The README's usage example, compiled in CI so it stays correct.
#include <edenai/edenai.hpp>
#include <fstream>
#include <iostream>

int main() {
  edenai::Client client;  // reads EDENAI_API_KEY
  edenai::ImageGenerationBody body;
  body.model = "openai/gpt-image-1";
  body.prompt = "a paper boat on a pond, studio light";
  body.n = 2;
  try {
    const edenai::ImageResponse response = client.generate(body);
    for (std::size_t i = 0; i < response.data.size(); ++i) {
      const auto bytes = client.download(response.data[i]);  // b64_json or url
      std::ofstream("boat-" + std::to_string(i) + ".png", std::ios::binary)
          .write(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    }
    std::cout << "cost $" << response.cost.value_or(0) << "\n";
  } catch (const edenai::UnprocessableEntityError& e) {  // 422
    for (const auto& problem : e.validation().detail)
      std::cerr << edenai::format_location(problem.loc) << ": " << problem.msg << "\n";
  } catch (const edenai::Error& e) {
    std::cerr << e.what() << "\n";
  }
}
