#include "batch_input.hpp"

namespace edenai::cli {

std::vector<PromptLine> read_prompts(std::istream& in) {
  std::vector<PromptLine> prompts;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    // A byte-order mark, as some editors write (mid-file when files were concatenated): not
    // part of the prompt or comment after it.
    if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    const auto begin = line.find_first_not_of(" \t\r");
    if (begin == std::string::npos || line[begin] == '#') continue;
    const auto end = line.find_last_not_of(" \t\r");
    prompts.push_back({number, line.substr(begin, end - begin + 1)});
  }
  return prompts;
}

std::string progress_label(std::size_t finished, std::size_t total, std::size_t failed) {
  std::string label = std::to_string(finished) + "/" + std::to_string(total) + " done";
  if (failed > 0) label += ", " + std::to_string(failed) + " failed";
  return label;
}

}  // namespace edenai::cli
