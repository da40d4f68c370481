// Uploads a photo to Eden's file store, edits the region a mask marks by the photo's file_id, and
// saves the result: the README's "Edit an image" example, compiled and run by the tests against
// the mock server.
//
//   EDENAI_API_KEY=sk-eden-... ./edit_with_mask photo.png mask.png "a hot-air balloon"
#include <edenai/edenai.hpp>

#include <iostream>
#include <string>

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: " << argv[0] << " PHOTO MASK PROMPT\n";
    return 2;
  }
  try {
    const edenai::Client client;  // EDENAI_API_KEY and, if set, EDENAI_BASE_URL

    // Upload once, refer by id: the photo's bytes travel once however many edits use it.
    edenai::UploadRequest upload = edenai::UploadRequest::file(argv[1]);
    upload.expires_in_days = 1;
    const edenai::UploadResponse photo = client.upload(upload);
    std::cout << "uploaded " << photo.file_name << " as " << photo.file_id << "\n";

    edenai::ImageEditBody edit;
    edit.model = "openai/gpt-image-1";
    edit.prompt = argv[3];
    edit.images = {edenai::ImageRef::file_id(photo.file_id)};
    edit.mask = edenai::ImageRef::file(argv[2]);  // a PNG: its transparent pixels are edited
    const edenai::ImageResponse response = client.edit(edit);

    for (std::size_t i = 0; i < response.data.size(); ++i) {
      // b64_json or url, saved with the real format's extension: edited-1.png, edited-1.jpg...
      const auto path = client.save_in(response.data[i], ".", "edited-" + std::to_string(i + 1));
      std::cout << "saved " << path.string() << "\n";
    }
    client.delete_files({photo.file_id});  // or let it expire
    return 0;
  } catch (const edenai::Error& e) {
    std::cerr << "error: " << e.what() << "\n";
  }
  return 1;
}
