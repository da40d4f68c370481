// POST /v3/images/generations: the operation, its encoder, and the client's calls.
#include "api/images.hpp"
#include "api/validation.hpp"
#include "core/client_impl.hpp"
#include "edenai/errors.hpp"
#include "json/codec.hpp"

#include <optional>
#include <string>

namespace edenai {
namespace internal {

namespace {

// The body written directly, in nlohmann's (sorted) key order, when it has no `extra` members
// and no `metadata` (free-form JSON): what dump_request would write, at a fraction of the cost.
// std::nullopt for anything else, and for a string that is not UTF-8 (the general path then
// refuses it with its own message).
std::optional<std::string> encode_plain(const ImageGenerationBody& body) {
  if ((body.extra.is_object() && !body.extra.empty()) ||
      (body.metadata && !body.metadata->is_null())) {
    return std::nullopt;
  }
  JsonObjectWriter out;
  if (body.extra_headers) {
    std::string headers = "{";
    for (const auto& [name, value] : *body.extra_headers) {
      if (headers.size() > 1) headers += ',';
      if (!JsonObjectWriter::append_string(headers, name)) return std::nullopt;
      headers += ':';
      if (!JsonObjectWriter::append_string(headers, value)) return std::nullopt;
    }
    headers += '}';
    out.raw("extra_headers", headers);
  }
  out.string("model", body.model);
  if (body.n) out.integer("n", *body.n);
  out.string("prompt", body.prompt);
  if (body.quality) out.string("quality", *body.quality);
  if (body.response_format) out.string("response_format", *body.response_format);
  if (body.size) out.string("size", *body.size);
  if (body.user) out.string("user", *body.user);
  if (!out.ok()) return std::nullopt;
  return std::move(out).finish();
}

}  // namespace

std::string encode_request(const ImageGenerationBody& body) {
  if (auto plain = encode_plain(body)) return std::move(*plain);
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
  operation.purchase = Purchase{body.model, body.n.value_or(1), body.size.value_or(""),
                                body.quality.value_or(""), "generate"};
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

void Client::generate_async(const ImageGenerationBody& body, const RequestOptions& options,
                            Callback<ImageResponse> done) const {
  impl_->start_with_callback<ImageResponse>([&] { return internal::generation(body); },
                                            "generate_async", options,
                                            internal::decode_image_response, std::move(done));
}

std::vector<GenerationResult> Client::generate_batch(const std::vector<ImageGenerationBody>& bodies,
                                                     const BatchOptions& options) const {
  return impl_->batch(
      bodies.size(), options, "generate_batch",
      [&](std::size_t i) { return internal::generation(bodies[i]); },
      internal::decode_image_response);
}

CostEstimate Client::estimate_cost(const ImageGenerationBody& body,
                                   const RequestOptions& options) const {
  return impl_->estimate_of([&] { return internal::generation(body); }, options);
}

}  // namespace edenai
