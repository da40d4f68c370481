// Batch mode of edenai-image: the prompts file and the progress label.
#pragma once

#include <cstddef>
#include <istream>
#include <string>
#include <vector>

namespace edenai::cli {

/// One prompt of a prompts file, with its 1-based line number for messages.
struct PromptLine {
  std::size_t line = 0;
  std::string text;
};

/// Reads one prompt per line. A UTF-8 byte-order mark and surrounding whitespace (and a Windows
/// CR) are trimmed; blank lines and lines starting with `#` are skipped.
std::vector<PromptLine> read_prompts(std::istream& in);

/// `"12/40 done, 1 failed"` (the failures only when there are some).
std::string progress_label(std::size_t finished, std::size_t total, std::size_t failed);

}  // namespace edenai::cli
