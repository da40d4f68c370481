// Saving images: the real format from the bytes, a readable file name from the prompt, and a
// save that never replaces an existing file.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace edenai::cli {

struct ImageFormat {
  std::string extension;  ///< "png", "jpg", "webp", "gif" or "bin" when unknown
  std::optional<int> width;
  std::optional<int> height;
};

/// Recognises PNG, JPEG, WebP and GIF by their signatures, and reads the pixel size from the
/// header when it is there.
ImageFormat detect_format(const std::vector<std::uint8_t>& bytes);

/// A file-name stem from the prompt: lower-case ASCII letters and digits joined by dashes, at
/// most `max_length` characters, cut at a word boundary; "image" when nothing is left.
std::string file_stem(std::string_view prompt, std::size_t max_length = 48);

/// A file could not be written.
class SaveError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Checks, before anything is bought, that images can be saved in `dir`: creates it (and its
/// parents) if missing, then creates and removes a probe file in it.
/// @throws SaveError saying why not (a file in the way, no permission, a read-only disk).
void ensure_writable_directory(const std::string& dir);

/// Writes `bytes` to `dir/stem.extension`, or `dir/stem-2.extension`, `-3`, ... when the name is
/// taken: the file is created exclusively, so an existing file is never replaced, even by a
/// concurrent writer. Creates `dir` (and its parents) if missing. Returns the path written.
/// @throws SaveError
std::string save_new_file(const std::string& dir, const std::string& stem,
                          const std::string& extension, const std::vector<std::uint8_t>& bytes);

}  // namespace edenai::cli
