// POST /v3/images/edits (JSON form): image references, the operation, its encoder, and the
// client's calls. The response is a generation's (api/image_response.cpp).
#include <cstring>

#include "api/image_format.hpp"
#include "api/images.hpp"
#include "api/validation.hpp"
#include "core/client_impl.hpp"
#include "edenai/errors.hpp"
#include "json/base64.hpp"
#include "json/codec.hpp"

namespace edenai {

ImageRef ImageRef::file_id(std::string id) {
  return ImageRef(std::move(id), std::nullopt);
}

ImageRef ImageRef::url(std::string image_url) {
  return ImageRef(std::nullopt, std::move(image_url));
}

ImageRef ImageRef::bytes(std::string_view data, std::string mime_type) {
  if (data.empty()) throw InvalidRequestError("image bytes are empty");
  if (!mime_type.empty() && !internal::is_mime_type(mime_type)) {
    throw InvalidRequestError("image MIME type must be type/subtype, e.g. image/png (is '" +
                              mime_type + "')");
  }
  if (mime_type.empty()) mime_type = internal::image_mime_type(data);
  if (mime_type.empty()) {
    throw InvalidRequestError(
        "image bytes are not a PNG, JPEG, WebP or GIF image (give their MIME type if they are "
        "another format the provider takes)");
  }
  std::string url = "data:" + mime_type + ";base64,";
  url += internal::encode_base64(reinterpret_cast<const std::uint8_t*>(data.data()), data.size());
  return ImageRef(std::nullopt, std::move(url));
}

ImageRef ImageRef::bytes(const std::vector<std::uint8_t>& data, std::string mime_type) {
  return bytes(std::string_view(reinterpret_cast<const char*>(data.data()), data.size()),
               std::move(mime_type));
}

ImageRef ImageRef::file(const std::string& path) {
  const std::string data = internal::read_file(path, "image file");
  const std::string type = internal::image_mime_type(data);
  if (type.empty()) {
    throw InvalidRequestError("image file '" + path + "' is not a PNG, JPEG, WebP or GIF image");
  }
  return bytes(data, type);
}

std::string ImageRef::mime_type() const {
  if (!image_url_) return {};
  return internal::data_url_type(*image_url_).value_or("");
}

namespace internal {
namespace {

// A JSON string. Base64 and data URLs need no escape: they are copied once, as they are.
void append_string(std::string& out, const std::string& text) {
  const bool plain = std::none_of(text.begin(), text.end(), [](char c) {
    return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
  });
  if (plain) {
    out += '"';
    out += text;
    out += '"';
  } else {
    out += dump_request(nlohmann::json(text));
  }
}

void append_ref(std::string& out, const ImageRef& ref) {
  out += ref.file_id() ? "{\"file_id\":" : "{\"image_url\":";
  append_string(out, ref.file_id() ? *ref.file_id() : *ref.image_url());
  out += '}';
}

std::size_t ref_size(const ImageRef& ref) {
  return (ref.file_id() ? ref.file_id()->size() : ref.image_url()->size()) + 24;
}

}  // namespace

std::string encode_request(const ImageEditBody& body) {
  const std::string head =
      dump_request(shared_request_json(body));  // `{...}`, never empty: it has a model

  // The images, written once into a buffer sized for them: no copy grows with their number.
  std::size_t size = head.size() + 32 + (body.mask ? ref_size(*body.mask) : 0);
  for (const auto& ref : body.images)
    size += ref_size(ref);
  std::string wire;
  wire.reserve(size);
  wire.append(head, 0, head.size() - 1);
  wire += ",\"images\":[";
  for (std::size_t i = 0; i < body.images.size(); ++i) {
    if (i > 0) wire += ',';
    append_ref(wire, body.images[i]);
  }
  wire += ']';
  if (body.mask) {
    wire += ",\"mask\":";
    append_ref(wire, *body.mask);
  }
  wire += '}';
  return wire;
}

Operation edit(const ImageEditBody& body) {
  validate_request(body);
  Operation operation;
  operation.method = "POST";
  operation.path = "/v3/images/edits";
  operation.json = encode_request(body);
  operation.purchase = Purchase{body.model, body.n.value_or(1), body.size.value_or(""),
                                body.quality.value_or(""), "edit"};
  return operation;
}

}  // namespace internal

ImageResponse Client::edit(const ImageEditBody& body, const RequestOptions& options) const {
  return impl_->call([&] { return internal::edit(body); }, options,
                     internal::decode_image_response);
}

std::future<ImageResponse> Client::edit_async(const ImageEditBody& body,
                                              const RequestOptions& options) const {
  return impl_->call_async<ImageResponse>([&] { return internal::edit(body); }, "edit_async",
                                          options, internal::decode_image_response);
}

void Client::edit_async(const ImageEditBody& body, const RequestOptions& options,
                        Callback<ImageResponse> done) const {
  impl_->start_with_callback<ImageResponse>([&] { return internal::edit(body); }, "edit_async",
                                            options, internal::decode_image_response,
                                            std::move(done));
}

std::vector<GenerationResult> Client::edit_batch(const std::vector<ImageEditBody>& bodies,
                                                 const BatchOptions& options) const {
  return impl_->batch(
      bodies.size(), options, "edit_batch",
      [&](std::size_t i) { return internal::edit(bodies[i]); }, internal::decode_image_response);
}

CostEstimate Client::estimate_cost(const ImageEditBody& body, const RequestOptions& options) const {
  return impl_->estimate_of([&] { return internal::edit(body); }, options);
}

}  // namespace edenai
