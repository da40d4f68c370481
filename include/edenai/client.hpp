// The client facade: validates, encodes, sends (with retries), decodes, and maps errors.
#pragma once

#include <cstdint>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "edenai/batch.hpp"
#include "edenai/options.hpp"
#include "edenai/types.hpp"

namespace edenai {

/// `text` with each of `secrets` replaced by `[REDACTED]`, in any ASCII letter case: the rule
/// the SDK applies to its errors and logs, for text a program prints itself.
std::string redact(std::string text, const std::vector<std::string>& secrets);

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

  /// Starts a generation and returns at once (the body is validated and encoded before it
  /// returns, so `body` need not outlive the call). The call runs on the client's I/O thread, which
  /// drives every asynchronous call through libcurl's multi interface (not a thread per call),
  /// with the same retries, timeouts, rate limit and cancellation as `generate`. The future holds
  /// the response or the same typed error `generate` would throw (InvalidRequestError included).
  /// A client destroyed before the call ends finishes it with CancelledError. Called on this
  /// client's own I/O thread (from its logger or an injected transport), the future holds
  /// InvalidRequestError at once: waiting there for the call would never end.
  std::future<ImageResponse> generate_async(const ImageGenerationBody& body,
                                            const RequestOptions& options = {}) const;

  /// Runs many generations, at most `options.concurrency` at once, and returns one result per
  /// body, in input order: each a response or the typed error it failed with (one failure does not
  /// lose the others' images). Blocks until all have finished; `options.on_result` sees each as it
  /// finishes. @throws InvalidRequestError when `options` themselves are invalid, or when called on
  /// this client's own I/O thread (nothing is sent); whatever `on_result` throws.
  std::vector<GenerationResult> generate_batch(const std::vector<ImageGenerationBody>& bodies,
                                               const BatchOptions& options = {}) const;

  /// Returns the bytes of an image: decoded `b64_json`, or a GET of `url`. The GET carries
  /// neither the API key nor any configured header, follows at most 5 redirects, http(s) only,
  /// and never from https to http (ConnectionError: the image would travel unencrypted).
  /// @throws DecodeError when the item has neither field or its base64 is invalid.
  std::vector<std::uint8_t> download(const ImageDataItem& item) const;

  /// The effective base URL, e.g. `https://api.edenai.run` (normalised: no trailing slash or
  /// `/v3`).
  const std::string& base_url() const noexcept;

  /// `text` with this client's secrets (the key, a proxy password) replaced by `[REDACTED]`, in
  /// any letter case, as the SDK does in its errors and logs: for an application that prints
  /// what a server sent back.
  std::string redact(std::string text) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace edenai
