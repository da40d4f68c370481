// Saving images: the real format read from the bytes, files that are never replaced.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "edenai/errors.hpp"
#include "edenai/export.hpp"
#include "edenai/result.hpp"

namespace edenai {

/// What an image's bytes are, read from their signature, with the pixel size where the header
/// holds it. Providers answer PNG, JPEG or WebP whatever the request's file name suggested.
struct EDENAI_EXPORT ImageFormat {
  std::string extension;      ///< "png", "jpg", "webp", "gif", or "bin" when not recognised
  std::string mime_type;      ///< "image/png", "image/jpeg", "image/webp", "image/gif", or empty
  std::optional<int> width;   ///< Pixels, when the header holds them
  std::optional<int> height;  ///< Pixels, when the header holds them

  /// Whether the bytes are one of the four formats above.
  bool known() const noexcept { return !mime_type.empty(); }
};

/// Recognises PNG, JPEG, WebP and GIF by their signatures and reads the size from the header.
/// Never throws for any input; unknown or empty bytes give `extension == "bin"`.
EDENAI_EXPORT ImageFormat detect_image_format(std::string_view bytes);
/// @copydoc detect_image_format(std::string_view)
EDENAI_EXPORT ImageFormat detect_image_format(const std::vector<std::uint8_t>& bytes);

/// An image could not be written to disk (a file already there, a missing permission, a full
/// disk). Nothing was sent. `bytes()` keeps the image, so that a picture already paid for (or
/// downloaded from a URL that expires) is not lost with the error: save it elsewhere.
class EDENAI_EXPORT SaveError : public Error {
 public:
  ErrorKind kind() const noexcept override { return ErrorKind::save; }
  /// @param message what failed, naming the path.
  /// @param path the file or directory that could not be written.
  /// @param code the system's reason (`std::errc::file_exists` for a name already taken).
  /// @param bytes the image that was not written.
  SaveError(const std::string& message, std::filesystem::path path, std::error_code code,
            std::shared_ptr<const std::vector<std::uint8_t>> bytes = nullptr)
      : Error(message),
        what_(std::make_shared<const What>(What{std::move(path), std::move(bytes)})),
        code_(code) {}

  /// The file or directory that could not be written.
  const std::filesystem::path& path() const noexcept { return what_->path; }
  /// Why: `std::errc::file_exists`, `std::errc::permission_denied`,
  /// `std::errc::no_space_on_device`...
  std::error_code code() const noexcept { return code_; }
  /// The image's bytes that were not written; empty when there were none yet.
  const std::vector<std::uint8_t>& bytes() const noexcept;

 private:
  struct What {
    std::filesystem::path path;
    std::shared_ptr<const std::vector<std::uint8_t>> bytes;
  };
  std::shared_ptr<const What> what_;  // shared: copying the error must not throw
  std::error_code code_;
};

/// Writes an image to a new file at `file`, creating its missing parent directories, and returns
/// the path written. The extension is the real format's: `file`'s own is kept when it names that
/// format (`.jpeg` and `.jpg` both name JPEG, in any letter case), one of `.png`, `.jpg`, `.jpeg`,
/// `.webp`, `.gif` that names another is replaced (`fox.png` holding a JPEG is written as
/// `fox.jpg`), and the real one is appended to any other (`fox` -> `fox.webp`). Bytes of an
/// unrecognised format are written to `file` as given.
///
/// The image is written and flushed under a temporary name, then linked to its name, which
/// fails when the name exists: an existing file is never replaced, even by a concurrent writer,
/// no reader sees a partial image, and a write that fails leaves no file behind
/// (docs/saving.md).
/// @throws SaveError with `std::errc::file_exists` when the path is taken, or the system's
/// reason; the error keeps the bytes.
EDENAI_EXPORT std::filesystem::path save_image(const std::vector<std::uint8_t>& bytes,
                                               const std::filesystem::path& file);

/// Writes an image into `directory` (created with its parents when missing) as
/// `stem.<real extension>`, or `stem-2.<ext>`, `stem-3.<ext>`, ... when that name is taken, and
/// returns the path written. Never replaces a file, as `save_image`.
/// @throws InvalidRequestError when `stem` is empty, `.` or `..`, or holds a `/` or a NUL.
/// @throws SaveError when the directory cannot be created or written; the error keeps the bytes.
EDENAI_EXPORT std::filesystem::path save_image_in(const std::vector<std::uint8_t>& bytes,
                                                  const std::filesystem::path& directory,
                                                  std::string_view stem = "image");

/// `save_image` without exceptions: the path written, or the SaveError (with the bytes).
EDENAI_EXPORT Result<std::filesystem::path> try_save_image(
    const std::vector<std::uint8_t>& bytes, const std::filesystem::path& file) noexcept;

/// `save_image_in` without exceptions.
EDENAI_EXPORT Result<std::filesystem::path> try_save_image_in(
    const std::vector<std::uint8_t>& bytes, const std::filesystem::path& directory,
    std::string_view stem = "image") noexcept;

}  // namespace edenai
