// The client facade: validates, encodes, sends (with retries), decodes, and maps errors.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "edenai/options.hpp"
#include "edenai/types.hpp"

namespace edenai {

/// A client of Eden AI's image generation API.
///
/// One Client is safe to use from many threads at once; it reuses connections across calls,
/// so create one and share it rather than one per call. A moved-from Client may only be
/// destroyed or assigned to.
class Client {
 public:
  /// @throws InvalidRequestError when no API key is given or found in the environment, or an
  ///         option is out of range.
  explicit Client(ClientOptions options = {});
  ~Client();
  Client(Client&&) noexcept;
  Client& operator=(Client&&) noexcept;
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  /// Generates images. Blocks until the response arrives (or retries are exhausted).
  /// @throws InvalidRequestError the body broke the contract; nothing was sent.
  /// @throws UnprocessableEntityError the server rejected the body (see `validation()`).
  /// @throws ApiError (or a subclass by status) for any other non-2xx answer.
  /// @throws ConnectionError, TimeoutError when no whole response arrived.
  /// @throws DecodeError when a 2xx body is not the documented shape.
  ImageResponse generate(const ImageGenerationBody& body) const;

  /// Same as `generate(body)`, with per-call options.
  ImageResponse generate(const ImageGenerationBody& body, const RequestOptions& options) const;

  /// Returns the bytes of an image: decoded `b64_json`, or a GET of `url`. The GET carries
  /// neither the API key nor any configured header, follows at most 5 redirects, http(s) only.
  /// @throws DecodeError when the item has neither field or its base64 is invalid.
  std::vector<std::uint8_t> download(const ImageDataItem& item) const;

  /// The effective base URL, e.g. `https://api.edenai.run`.
  const std::string& base_url() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace edenai
