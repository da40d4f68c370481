// Saving images in the CLI: a readable file name from the prompt, and a directory checked
// before anything is bought. Detection and exclusive saving are the library's (edenai/save.hpp).
#pragma once

#include <string>
#include <string_view>

#include "edenai/save.hpp"

namespace edenai::cli {

/// A file-name stem from the prompt: lower-case ASCII letters and digits joined by dashes, at
/// most `max_length` characters, cut at a word boundary; "image" when nothing is left.
std::string file_stem(std::string_view prompt, std::size_t max_length = 48);

/// Checks, before anything is bought, that images can be saved in `dir`: creates it (and its
/// parents) if missing, then creates and removes a probe file in it.
/// @throws SaveError saying why not (a file in the way, no permission, a read-only disk).
void ensure_writable_directory(const std::string& dir);

}  // namespace edenai::cli
