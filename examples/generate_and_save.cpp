// Generates images with the key in EDENAI_API_KEY and saves them as image-1.png, image-2.jpg...
// (the extension is the real format's; an existing file is never replaced).
//
//   EDENAI_API_KEY=sk-eden-... ./generate_and_save "a lighthouse at dawn, watercolor" 2
#include <edenai/edenai.hpp>

#include <cstdlib>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: " << argv[0] << " PROMPT [N] [MODEL]\n";
    return 2;
  }
  try {
    const edenai::Client client;  // EDENAI_API_KEY and, if set, EDENAI_BASE_URL

    edenai::ImageGenerationBody body;
    body.prompt = argv[1];
    body.n = argc > 2 ? std::atoi(argv[2]) : 1;
    body.model = argc > 3 ? argv[3] : "openai/gpt-image-1";
    body.size = "1024x1024";

    const edenai::ImageResponse response = client.generate(body);
    for (std::size_t i = 0; i < response.data.size(); ++i) {
      // b64_json or url; image-1.png, or image-1-2.png when image-1.png exists
      const auto path = client.save_in(response.data[i], ".", "image-" + std::to_string(i + 1));
      std::cout << "saved " << path.string() << "\n";
    }
    std::cout << "provider " << response.provider.value_or("?") << ", cost $"
              << response.cost.value_or(0.0) << "\n";
    return 0;
  } catch (const edenai::UnprocessableEntityError& e) {
    std::cerr << "the request was rejected:\n";
    for (const auto& problem : e.validation().detail) {
      std::cerr << "  " << edenai::format_location(problem.loc) << ": " << problem.msg << "\n";
    }
  } catch (const edenai::Error& e) {
    std::cerr << "error: " << e.what() << "\n";
  }
  return 1;
}
