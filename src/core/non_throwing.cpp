// The non-throwing entry points (Client::try_*, try_save_image*): each runs the throwing call of
// the same name and keeps what it returned or threw in a Result (docs/no-exceptions.md).
#include <utility>

#include "edenai/client.hpp"
#include "edenai/save.hpp"

namespace edenai {
namespace {

// Whatever `call` throws, std::bad_alloc included, becomes the Result's error.
template <typename Call>
auto capture(Call&& call) noexcept -> Result<decltype(call())> {
  using Value = decltype(call());
  try {
    return Result<Value>(call());
  } catch (...) {
    return Result<Value>(std::current_exception());
  }
}

}  // namespace

Result<Client> Client::try_create(ClientOptions options) noexcept {
  return capture([&] { return Client(std::move(options)); });
}

Result<ImageResponse> Client::try_generate(const ImageGenerationBody& body,
                                           const RequestOptions& options) const noexcept {
  return capture([&] { return generate(body, options); });
}

Result<std::vector<GenerationResult>> Client::try_generate_batch(
    const std::vector<ImageGenerationBody>& bodies, const BatchOptions& options) const noexcept {
  return capture([&] { return generate_batch(bodies, options); });
}

Result<ImageResponse> Client::try_edit(const ImageEditBody& body,
                                       const RequestOptions& options) const noexcept {
  return capture([&] { return edit(body, options); });
}

Result<std::vector<GenerationResult>> Client::try_edit_batch(
    const std::vector<ImageEditBody>& bodies, const BatchOptions& options) const noexcept {
  return capture([&] { return edit_batch(bodies, options); });
}

Result<UploadResponse> Client::try_upload(const UploadRequest& request,
                                          const RequestOptions& options) const noexcept {
  return capture([&] { return upload(request, options); });
}

Result<ListFilesResponse> Client::try_list_files(const ListFilesQuery& query,
                                                 const RequestOptions& options) const noexcept {
  return capture([&] { return list_files(query, options); });
}

Result<std::vector<FileResponse>> Client::try_list_all_files(
    const ListFilesQuery& query, const RequestOptions& options) const noexcept {
  return capture([&] { return list_all_files(query, options); });
}

Result<int> Client::try_delete_files(const std::vector<std::string>& file_ids,
                                     const RequestOptions& options) const noexcept {
  return capture([&] { return delete_files(file_ids, options); });
}

Result<int> Client::try_delete_all_files(const RequestOptions& options) const noexcept {
  return capture([&] { return delete_all_files(options); });
}

Result<ListModelsResponse> Client::try_list_image_models(
    const RequestOptions& options) const noexcept {
  return capture([&] { return list_image_models(options); });
}

Result<CostEstimate> Client::try_estimate_cost(const ImageGenerationBody& body,
                                               const RequestOptions& options) const noexcept {
  return capture([&] { return estimate_cost(body, options); });
}

Result<CostEstimate> Client::try_estimate_cost(const ImageEditBody& body,
                                               const RequestOptions& options) const noexcept {
  return capture([&] { return estimate_cost(body, options); });
}

Result<double> Client::try_credits(const RequestOptions& options) const noexcept {
  return capture([&] { return credits(options); });
}

Result<std::vector<std::uint8_t>> Client::try_download(const ImageDataItem& item) const noexcept {
  return capture([&] { return download(item); });
}

Result<std::filesystem::path> Client::try_save(const ImageDataItem& item,
                                               const std::filesystem::path& file) const noexcept {
  return capture([&] { return save(item, file); });
}

Result<std::filesystem::path> Client::try_save_in(const ImageDataItem& item,
                                                  const std::filesystem::path& directory,
                                                  std::string_view stem) const noexcept {
  return capture([&] { return save_in(item, directory, stem); });
}

Result<std::filesystem::path> try_save_image(const std::vector<std::uint8_t>& bytes,
                                             const std::filesystem::path& file) noexcept {
  return capture([&] { return save_image(bytes, file); });
}

Result<std::filesystem::path> try_save_image_in(const std::vector<std::uint8_t>& bytes,
                                                const std::filesystem::path& directory,
                                                std::string_view stem) noexcept {
  return capture([&] { return save_image_in(bytes, directory, stem); });
}

}  // namespace edenai
