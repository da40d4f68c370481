// The client facade: validates, encodes, sends (with retries), decodes, and maps errors.
#pragma once

#include <cstdint>
#include <filesystem>
#include <future>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "edenai/batch.hpp"
#include "edenai/budget.hpp"
#include "edenai/edits.hpp"
#include "edenai/export.hpp"
#include "edenai/files.hpp"
#include "edenai/models.hpp"
#include "edenai/options.hpp"
#include "edenai/result.hpp"
#include "edenai/types.hpp"

namespace edenai {

/// `text` with each of `secrets` replaced by `[REDACTED]`, in any ASCII letter case: the rule
/// the SDK applies to its errors and logs, for text a program prints itself.
EDENAI_EXPORT std::string redact(std::string text, const std::vector<std::string>& secrets);

/// A client of Eden AI's image API: generations, edits, the file store and the model list.
///
/// One Client is safe to use from many threads at once; it reuses connections across calls,
/// so create one and share it rather than one per call. A moved-from Client may only be
/// destroyed or assigned to.
class EDENAI_EXPORT Client {
 public:
  /// @throws InvalidRequestError when no API key is given or found in the environment, or an
  ///         option is out of range.
  explicit Client(ClientOptions options = {});
  ~Client();
  /// Takes over `other`'s connections, I/O thread and calls in flight; `other` may then only
  /// be destroyed or assigned to.
  Client(Client&& other) noexcept;
  /// Finishes this client's calls as its destructor does, then takes over `other`'s.
  Client& operator=(Client&& other) noexcept;
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

  /// Starts a generation and returns at once; `done` gets its result, exactly once: the response,
  /// or the typed error `generate` would throw (InvalidRequestError for a refused body included).
  /// For event loops: `done` can post the result to the application's loop (an asio
  /// `io_context`, a GUI loop), which a `std::future` cannot wake. Every failure goes to `done`.
  ///
  /// **Where it runs.** `done` runs on the client's I/O thread (named `edenai-io`), never inside
  /// this call, even for a body refused before sending, or for a call a callback starts while
  /// the client is being destroyed (it then gets CancelledError, after this returns). One
  /// exception: when the I/O thread cannot be started, `done` gets that error here, before this
  /// returns. A client destroyed before the call ends gives CancelledError; its destructor
  /// returns once every callback has run.
  ///
  /// **What it may do.** Move the response out, save it, hand it to another thread or loop, and
  /// start other asynchronous calls of this client (a chain), any number.
  ///
  /// **What it must not do.** Block for long: every other call of this client waits meanwhile
  /// (post slow work elsewhere). Wait for this client's calls: starting a future-form call or a
  /// batch there is refused with InvalidRequestError, and waiting on a future of this client
  /// made elsewhere never ends (the I/O thread is the one waiting). Make its blocking calls
  /// (they hold every other call up). Destroy this client. Start a new call on every failure
  /// without checking for `ErrorKind::cancelled`: while the client ends, each would fail at
  /// once and start the next, and the destructor would never return. Throw: an exception
  /// leaving `done` calls `std::terminate`, as one leaving a thread's function does.
  /// @throws InvalidRequestError when `done` is empty (nothing else throws).
  void generate_async(const ImageGenerationBody& body, const RequestOptions& options,
                      Callback<ImageResponse> done) const;

  /// `generate_async(body, {}, done)`, for any copyable callable taking a `Result<ImageResponse>`
  /// (a `Callback` is a `std::function`: hold a move-only state in a `std::shared_ptr`).
  template <typename Done,
            std::enable_if_t<std::is_invocable_v<Done&, Result<ImageResponse>>, int> = 0>
  void generate_async(const ImageGenerationBody& body, Done&& done) const {
    generate_async(body, RequestOptions{}, Callback<ImageResponse>(std::forward<Done>(done)));
  }

  /// Runs many generations, at most `options.concurrency` at once, and returns one result per
  /// body, in input order: each a response or the typed error it failed with (one failure does not
  /// lose the others' images). Blocks until all have finished; `options.on_result` sees each as it
  /// finishes. @throws InvalidRequestError when `options` themselves are invalid, or when called on
  /// this client's own I/O thread (nothing is sent); whatever `on_result` throws.
  std::vector<GenerationResult> generate_batch(const std::vector<ImageGenerationBody>& bodies,
                                               const BatchOptions& options = {}) const;

  /// Edits images (`POST /v3/images/edits`, JSON form): the same semantics, retries and errors
  /// as `generate` (an edit is billed like a generation). @throws InvalidRequestError also for
  /// 0 or more than 16 images, a reference without exactly one of `file_id`/`image_url`, or a
  /// mask given inline that is not a PNG; nothing is sent.
  ImageResponse edit(const ImageEditBody& body, const RequestOptions& options = {}) const;

  /// `generate_async` for an edit.
  std::future<ImageResponse> edit_async(const ImageEditBody& body,
                                        const RequestOptions& options = {}) const;

  /// The callback form of `edit_async`: `done` runs as `generate_async`'s callback does.
  /// @throws InvalidRequestError when `done` is empty.
  void edit_async(const ImageEditBody& body, const RequestOptions& options,
                  Callback<ImageResponse> done) const;

  /// `edit_async(body, {}, done)`, for any copyable callable taking a `Result<ImageResponse>`.
  template <typename Done,
            std::enable_if_t<std::is_invocable_v<Done&, Result<ImageResponse>>, int> = 0>
  void edit_async(const ImageEditBody& body, Done&& done) const {
    edit_async(body, RequestOptions{}, Callback<ImageResponse>(std::forward<Done>(done)));
  }

  /// `generate_batch` for edits: one result per body, in input order.
  std::vector<GenerationResult> edit_batch(const std::vector<ImageEditBody>& bodies,
                                           const BatchOptions& options = {}) const;

  /// Stores a file in Eden's file store (`POST /v3/upload`, multipart) for use as
  /// `ImageRef::file_id`. Retried as a generation is (never once a 2xx answer began: a second
  /// attempt would store a second file). @throws InvalidRequestError for an empty file name,
  /// `expires_in_days` outside 1..30, a `purpose` outside 1..50 characters, an empty file or a
  /// MIME type that is not `type/subtype`.
  UploadResponse upload(const UploadRequest& request, const RequestOptions& options = {}) const;

  /// One page of the stored files, newest first (`GET /v3/upload`). Retried on every transient
  /// failure. @throws InvalidRequestError for a page below 1 or a limit outside 1..1000.
  ListFilesResponse list_files(const ListFilesQuery& query = {},
                               const RequestOptions& options = {}) const;

  /// Every stored file (of `query.purpose`, when set), walking the pages from `query.page` (1 by
  /// default) until the last one: a page with no file not seen before, `total` files seen, the
  /// server answering another page than asked, or `page >= total_pages` ends the walk. Each
  /// page is a `list_files` call. @throws what `list_files` throws; the pages already read are
  /// then lost (walk with `list_files` to keep them).
  std::vector<FileResponse> list_all_files(const ListFilesQuery& query = {},
                                           const RequestOptions& options = {}) const;

  /// Deletes the files of `file_ids` (1 to 100 UUIDs; `POST /v3/upload/delete`) and returns how
  /// many Eden deleted (ids unknown to Eden are ignored by it). Retried on every transient
  /// failure. @throws InvalidRequestError for 0 or more than 100 ids, or one that is not a UUID.
  int delete_files(const std::vector<std::string>& file_ids,
                   const RequestOptions& options = {}) const;

  /// Deletes every file of the account (`DELETE /v3/upload`) and returns how many there were.
  int delete_all_files(const RequestOptions& options = {}) const;

  /// The image models of the base URL's region (`GET /v3/images/models`): ids, capabilities,
  /// prices and regions. Retried on every transient failure.
  ListModelsResponse list_image_models(const RequestOptions& options = {}) const;

  /// The account's remaining credits, in USD (`GET /v2/cost_management/credits/`, Eden's
  /// cost-management route). Retried on every transient failure. Eden counts this route among
  /// its dashboard endpoints: a key that may not read it gets AuthenticationError (401) or
  /// PermissionDeniedError (403), whose message says so.
  /// @throws DecodeError when the body has no number `credits`.
  double credits(const RequestOptions& options = {}) const;

  /// What `generate(body, options)` would reserve on the client's budget, the body validated as
  /// `generate` does (InvalidRequestError) and nothing paid sent: the caller's estimate, the
  /// model's price (when `ClientOptions::estimate_from_model_prices` is set; the first call may
  /// read the model list, which is free), the budget's last observed price, else its default.
  /// Works without a budget too (the default is then `Budget::kDefaultEstimatePerImage`).
  CostEstimate estimate_cost(const ImageGenerationBody& body,
                             const RequestOptions& options = {}) const;
  /// `estimate_cost` for an edit.
  CostEstimate estimate_cost(const ImageEditBody& body, const RequestOptions& options = {}) const;

  /// Returns the bytes of an image: decoded `b64_json`, or a GET of `url`. The GET carries
  /// neither the API key nor any configured header, follows at most 5 redirects, http(s) only,
  /// and never from https to http (ConnectionError: the image would travel unencrypted).
  /// @throws DecodeError when the item has neither field or its base64 is invalid.
  std::vector<std::uint8_t> download(const ImageDataItem& item) const;

  /// Saves an image (its `b64_json` decoded, or its `url` downloaded as `download` does) to a new
  /// file at `file`, with the real format's extension, and returns the path written. See
  /// `edenai::save_image` for the naming rules; an existing file is never replaced.
  /// @throws what `download` throws; SaveError (keeping the bytes) when the file cannot be written.
  std::filesystem::path save(const ImageDataItem& item, const std::filesystem::path& file) const;

  /// Saves an image into `directory` as `stem.<ext>` (`stem-2.<ext>`, ... when taken; the
  /// extension is the real format's) and returns the path written. See `edenai::save_image_in`.
  /// @throws what `download` and `save_image_in` throw.
  std::filesystem::path save_in(const ImageDataItem& item, const std::filesystem::path& directory,
                                std::string_view stem = "image") const;

  /// @name Non-throwing entry points
  /// For code built without exceptions (`-fno-exceptions`) or that prefers values: each is the
  /// call of the same name without `try_`, with its value or the error it would have thrown in a
  /// `Result` (read it with `ok()`, `kind()`, `status()`, `error_message()`, `error_as<E>()`).
  /// None throws. For asynchronous calls, the callback forms of `generate_async` and
  /// `edit_async` are the non-throwing ones. docs/no-exceptions.md shows them in use.
  ///@{

  /// The client, or why it could not be made (InvalidRequestError for a missing key, a bad
  /// `base_url`, an option out of range).
  static Result<Client> try_create(ClientOptions options = {}) noexcept;
  /// `generate` without exceptions.
  Result<ImageResponse> try_generate(const ImageGenerationBody& body,
                                     const RequestOptions& options = {}) const noexcept;
  /// `generate_batch` without exceptions (a failure of the batch itself, such as invalid
  /// options, is the outer Result; each call's is its own).
  Result<std::vector<GenerationResult>> try_generate_batch(
      const std::vector<ImageGenerationBody>& bodies,
      const BatchOptions& options = {}) const noexcept;
  /// `edit` without exceptions.
  Result<ImageResponse> try_edit(const ImageEditBody& body,
                                 const RequestOptions& options = {}) const noexcept;
  /// `edit_batch` without exceptions.
  Result<std::vector<GenerationResult>> try_edit_batch(
      const std::vector<ImageEditBody>& bodies, const BatchOptions& options = {}) const noexcept;
  /// `upload` without exceptions.
  Result<UploadResponse> try_upload(const UploadRequest& request,
                                    const RequestOptions& options = {}) const noexcept;
  /// `list_files` without exceptions.
  Result<ListFilesResponse> try_list_files(const ListFilesQuery& query = {},
                                           const RequestOptions& options = {}) const noexcept;
  /// `list_all_files` without exceptions.
  Result<std::vector<FileResponse>> try_list_all_files(
      const ListFilesQuery& query = {}, const RequestOptions& options = {}) const noexcept;
  /// `delete_files` without exceptions.
  Result<int> try_delete_files(const std::vector<std::string>& file_ids,
                               const RequestOptions& options = {}) const noexcept;
  /// `delete_all_files` without exceptions.
  Result<int> try_delete_all_files(const RequestOptions& options = {}) const noexcept;
  /// `list_image_models` without exceptions.
  Result<ListModelsResponse> try_list_image_models(
      const RequestOptions& options = {}) const noexcept;
  /// `estimate_cost` without exceptions.
  Result<CostEstimate> try_estimate_cost(const ImageGenerationBody& body,
                                         const RequestOptions& options = {}) const noexcept;
  /// `estimate_cost` of an edit without exceptions.
  Result<CostEstimate> try_estimate_cost(const ImageEditBody& body,
                                         const RequestOptions& options = {}) const noexcept;
  /// `credits` without exceptions.
  Result<double> try_credits(const RequestOptions& options = {}) const noexcept;
  /// `download` without exceptions.
  Result<std::vector<std::uint8_t>> try_download(const ImageDataItem& item) const noexcept;
  /// `save` without exceptions (a SaveError keeps the bytes: `error_as<SaveError>()->bytes()`).
  Result<std::filesystem::path> try_save(const ImageDataItem& item,
                                         const std::filesystem::path& file) const noexcept;
  /// `save_in` without exceptions.
  Result<std::filesystem::path> try_save_in(const ImageDataItem& item,
                                            const std::filesystem::path& directory,
                                            std::string_view stem = "image") const noexcept;
  ///@}

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
