// Calls generate(), upload() and edit() through the installed package against the installed mock;
// exits 0 on success.
#include <edenai/edenai.hpp>
#include <edenai/mock/server.hpp>

#include <iostream>

int main() {
  edenai::mock::ServerOptions mock_options;
  mock_options.api_key = "consumer-key";
  edenai::mock::Server mock(mock_options);
  mock.start();
  try {
    edenai::ClientOptions options;
    options.api_key = "consumer-key";
    options.base_url = mock.base_url();
    const edenai::Client client(options);
    edenai::ImageGenerationBody body;
    body.model = "openai/gpt-image-1";
    body.prompt = "installed package check";
    body.size = "32x32";
    const auto response = client.generate(body);
    const auto bytes = response.data.at(0).bytes();
    std::cout << "edenai " << edenai::version() << ": provider " << *response.provider << ", "
              << bytes.size() << " image bytes\n";
    // The rest of the surface through the installed headers and library: upload, edit by id.
    const std::string png(bytes.begin(), bytes.end());
    const auto stored = client.upload(edenai::UploadRequest::bytes(png, "canvas.png", "image/png"));
    edenai::ImageEditBody edit;
    edit.model = "openai/gpt-image-1";
    edit.prompt = "installed package edit";
    edit.images = {edenai::ImageRef::file_id(stored.file_id)};
    const auto edited = client.edit(edit);
    std::cout << "edited " << stored.file_id << ": " << edited.data.size() << " image(s)\n";
    return bytes.size() > 8 && bytes[1] == 'P' && !edited.data.empty() ? 0 : 1;
  } catch (const edenai::Error& e) {
    std::cerr << "consumer failed: " << e.what() << "\n";
  }
  return 1;
}
