// Command-line options of edenai-image and their parsing.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace edenai::cli {

/// A command line that cannot be run: the message says why (exit code 2).
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct CliOptions {
  std::string prompt;
  std::string model = "openai/gpt-image-1";
  std::optional<int> n;
  std::optional<std::string> size;
  std::optional<std::string> quality;
  std::string out_dir = ".";
  std::optional<std::string> base_url;
  std::optional<std::string> api_key;
  nlohmann::json extra = nlohmann::json::object();
  std::optional<double> timeout_seconds;
  std::optional<int> retries;
  /// Batch mode: a file of prompts, one per line (`-` reads standard input).
  std::optional<std::string> prompts_file;
  /// Batch mode: generations in flight at once.
  int concurrency = 4;
  /// Requests started per second at most (0: no limit). Eden AI's default account limit.
  double rate = 10;
  bool json = false;
  bool help = false;
  bool version = false;
};

/// Parses `argv[1..]`. Options may be given as `--name value` or `--name=value`; words that are
/// not options are joined with spaces into the prompt; `--` ends the options.
/// @throws UsageError
CliOptions parse_arguments(const std::vector<std::string>& args);

/// The `--help` text, exit codes included.
std::string help_text();

}  // namespace edenai::cli
