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

/// What a run does. `generate` is the default: a command line whose first word names no
/// command is a prompt.
enum class Command { generate, edit, upload, files, files_delete, models, credits };

/// `"generate"`, `"edit"`, `"upload"`, `"files"`, `"files delete"`, `"models"` or `"credits"`.
std::string command_name(Command command);

/// An image given to `edit`: a local file (`--image`, sent inline) or a stored file's id
/// (`--file-id`).
struct EditImage {
  enum class Kind { file, file_id };
  Kind kind = Kind::file;
  std::string value;

  bool operator==(const EditImage& other) const {
    return kind == other.kind && value == other.value;
  }
};

struct CliOptions {
  Command command = Command::generate;
  std::string prompt;
  std::string model = "openai/gpt-image-1";
  std::optional<int> n;
  std::optional<std::string> size;
  std::optional<std::string> quality;
  /// `--out-dir` (or `--out`): the directory images are saved in.
  std::string out_dir = ".";
  /// `-o, --output FILE`: the one image's file (its extension made the real format's).
  std::optional<std::string> output_file;
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
  /// edit: `--image` and `--file-id` in command-line order; the first is the canvas.
  std::vector<EditImage> images;
  /// edit: `--mask FILE`, a PNG sent inline.
  std::optional<std::string> mask;
  /// upload: the file to store.
  std::string upload_file;
  /// upload: `--expires-days`, 1 to 30.
  std::optional<int> expires_days;
  /// upload: the purpose recorded; files: only the files of this purpose.
  std::optional<std::string> purpose;
  /// files delete: the ids to delete.
  std::vector<std::string> file_ids;
  /// files delete --all (which needs --yes).
  bool delete_all = false;
  bool yes = false;
  bool json = false;
  /// `--max-cost USD`: the cap of the run's budget (no call whose estimate would exceed it).
  std::optional<double> max_cost;
  /// `--dry-run`: validate and estimate, send nothing paid.
  bool dry_run = false;
  /// `-v, --verbose`: the SDK's attempt log lines on stderr.
  bool verbose = false;
  bool help = false;
  bool version = false;
};

/// One option of the command line, as the parser, the man page and the shell completions know it.
struct OptionInfo {
  const char* name;        ///< `--name` (or `-n` for an option with no long name)
  const char* alias;       ///< a short form, or ""
  const char* value_name;  ///< e.g. "FILE", "DIR", "N"; "" for a flag
  unsigned commands;       ///< the commands it applies to: bit `1 << Command`
};

/// Every option, in the order of the help texts.
const std::vector<OptionInfo>& option_table();

/// Parses `argv[1..]`. The first word that is not an option (nor an option's value) names the
/// command when it is `generate`, `edit`, `upload`, `files` or `models` (`files delete` for
/// deletions); otherwise every word is the prompt of a generation. Options may be given as
/// `--name value` or `--name=value` (a short one as `-n 2` or `-n2`), before or after the command;
/// `--` ends the options, and what follows it is never a command: `edenai-image -- models`
/// generates "models".
/// @throws UsageError
CliOptions parse_arguments(const std::vector<std::string>& args);

/// The general `--help` text: the commands, generation's options and the exit codes.
std::string help_text();

/// The `--help` text of one command (`help_text(Command::generate)` is `help_text()`).
std::string help_text(Command command);

}  // namespace edenai::cli
