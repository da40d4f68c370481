// POST /v3/images/generations: the operation, its encoder, and the client's calls.
#include "api/images.hpp"
#include "api/validation.hpp"
#include "core/client_impl.hpp"
#include "edenai/errors.hpp"
#include "json/codec.hpp"

namespace edenai {
namespace internal {

std::string encode_request(const ImageGenerationBody& body) {
  nlohmann::json out = shared_request_json(body);
  if (body.response_format) out["response_format"] = *body.response_format;
  return dump_request(out);
}

Operation generation(const ImageGenerationBody& body) {
  validate_request(body);
  Operation operation;
  operation.method = "POST";
  operation.path = "/v3/images/generations";
  operation.json = encode_request(body);
  return operation;
}

}  // namespace internal

ImageResponse Client::generate(const ImageGenerationBody& body) const {
  return generate(body, RequestOptions{});
}

ImageResponse Client::generate(const ImageGenerationBody& body,
                               const RequestOptions& options) const {
  return impl_->call([&] { return internal::generation(body); }, options,
                     internal::decode_image_response);
}

std::future<ImageResponse> Client::generate_async(const ImageGenerationBody& body,
                                                  const RequestOptions& options) const {
  return impl_->call_async<ImageResponse>([&] { return internal::generation(body); },
                                          "generate_async", options,
                                          internal::decode_image_response);
}

std::vector<GenerationResult> Client::generate_batch(const std::vector<ImageGenerationBody>& bodies,
                                                     const BatchOptions& options) const {
  return impl_->batch(
      bodies.size(), options, "generate_batch",
      [&](std::size_t i) { return internal::generation(bodies[i]); },
      internal::decode_image_response);
}

}  // namespace edenai
