#include "cli_options.hpp"

#include <array>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>

namespace edenai::cli {
namespace {

int parse_int(const std::string& name, const std::string& value) {
  char* end = nullptr;
  errno = 0;
  const long parsed = std::strtol(value.c_str(), &end, 10);
  if (value.empty() || *end != '\0' || errno != 0 || parsed < -1000000 || parsed > 1000000) {
    throw UsageError(name + " takes a whole number, not '" + value + "'");
  }
  return static_cast<int>(parsed);
}

double parse_seconds(const std::string& name, const std::string& value) {
  char* end = nullptr;
  const double parsed = std::strtod(value.c_str(), &end);
  // From a millisecond to a day, the client's own range for a timeout.
  if (value.empty() || *end != '\0' || !(parsed >= 0.001 && parsed <= 86400)) {
    throw UsageError(name + " takes 0.001 to 86400 seconds, not '" + value + "'");
  }
  return parsed;
}

// `--extra key=value`: the value is JSON when it parses as JSON (80, true, {"a":1}, "text"),
// otherwise the text itself, so `--extra background=transparent` needs no quoting.
void add_extra(CliOptions& options, const std::string& assignment) {
  const auto equals = assignment.find('=');
  if (equals == std::string::npos || equals == 0) {
    throw UsageError("--extra takes key=value, not '" + assignment + "'");
  }
  const std::string key = assignment.substr(0, equals);
  const std::string text = assignment.substr(equals + 1);
  nlohmann::json value = nlohmann::json::parse(text, nullptr, false);
  if (value.is_discarded()) value = text;
  options.extra[key] = std::move(value);
}

double parse_rate(const std::string& name, const std::string& value) {
  char* end = nullptr;
  const double parsed = std::strtod(value.c_str(), &end);
  if (value.empty() || *end != '\0' || !(parsed == 0 || (parsed >= 0.001 && parsed <= 1000))) {
    throw UsageError(name + " takes 0 (no limit) or 0.001 to 1000 requests per second, not '" +
                     value + "'");
  }
  return parsed;
}

// The commands an option applies to, as bits.
constexpr unsigned bit(Command command) {
  return 1U << static_cast<unsigned>(command);
}
constexpr unsigned kGenerate = bit(Command::generate);
constexpr unsigned kEdit = bit(Command::edit);
constexpr unsigned kImages = kGenerate | kEdit;
constexpr unsigned kAll = kImages | bit(Command::upload) | bit(Command::files) |
                          bit(Command::files_delete) | bit(Command::models) | bit(Command::credits);

constexpr const char* kFlag = "";

// The table behind option_table(). `value_name` "" is a flag.
const std::vector<OptionInfo> kOptions = {
    {"--help", "-h", kFlag, kAll},
    {"--version", "-V", kFlag, kAll},
    {"--json", "", kFlag, kAll},
    {"--verbose", "-v", kFlag, kAll},
    {"--base-url", "", "URL", kAll},
    {"--api-key", "", "KEY", kAll},
    {"--timeout", "", "SECONDS", kAll},
    {"--retries", "", "N", kAll},
    {"--rate", "", "R", kAll},
    {"--model", "-m", "MODEL", kImages},
    {"-n", "", "N", kImages},
    {"--size", "", "SIZE", kImages},
    {"--quality", "", "Q", kImages},
    {"--output", "-o", "FILE", kImages},
    {"--out-dir", "", "DIR", kImages},
    {"--out", "", "DIR", kImages},  // the former name of --out-dir
    {"--extra", "", "KEY=VALUE", kImages},
    {"--max-cost", "", "USD", kImages},
    {"--dry-run", "", kFlag, kImages},
    {"--prompts", "", "FILE", kGenerate},
    {"--concurrency", "", "N", kGenerate},
    {"--image", "", "FILE", kEdit},
    {"--file-id", "", "ID", kEdit},
    {"--mask", "", "FILE", kEdit},
    {"--expires-days", "", "N", bit(Command::upload)},
    {"--purpose", "", "P", bit(Command::upload) | bit(Command::files)},
    {"--all", "", kFlag, bit(Command::files_delete)},
    {"--yes", "", kFlag, bit(Command::files_delete)},
};

using OptionSpec = OptionInfo;

bool takes_value(const OptionSpec& spec) {
  return *spec.value_name != '\0';
}

// An option as given: its spec, the spelling used (for messages) and its value.
struct Given {
  const OptionSpec* spec;
  std::string spelled;
  std::string value;
};

const OptionSpec* find_option(const std::string& name) {
  for (const OptionSpec& spec : kOptions) {
    if (name == spec.name || (*spec.alias != '\0' && name == spec.alias)) return &spec;
  }
  return nullptr;
}

std::string joined(const std::vector<std::string>& words) {
  std::string text;
  for (const auto& word : words)
    text += (text.empty() ? "" : " ") + word;
  return text;
}

// Sets what one option says; `name` is its long (canonical) name.
void apply(CliOptions& options, const Given& given, bool& concurrency_set, bool& out_dir_set) {
  const std::string name = given.spec->name;
  const std::string& shown = given.spelled;
  const std::string& value = given.value;
  if (name == "--help") {
    options.help = true;
  } else if (name == "--version") {
    options.version = true;
  } else if (name == "--json") {
    options.json = true;
  } else if (name == "--verbose") {
    options.verbose = true;
  } else if (name == "--base-url") {
    options.base_url = value;
  } else if (name == "--api-key") {
    options.api_key = value;
  } else if (name == "--timeout") {
    options.timeout_seconds = parse_seconds(shown, value);
  } else if (name == "--retries") {
    options.retries = parse_int(shown, value);
    if (*options.retries < 0 || *options.retries > 100) {
      throw UsageError("--retries must be from 0 to 100");
    }
  } else if (name == "--rate") {
    options.rate = parse_rate(shown, value);
  } else if (name == "--model") {
    options.model = value;
  } else if (name == "-n") {
    options.n = parse_int(shown, value);
  } else if (name == "--size") {
    options.size = value;
  } else if (name == "--quality") {
    options.quality = value;
  } else if (name == "--out" || name == "--out-dir") {
    if (out_dir_set) throw UsageError("--out-dir is given once");
    out_dir_set = true;
    options.out_dir = value;
    if (value.empty()) throw UsageError(shown + " needs a directory");
  } else if (name == "--output") {
    if (options.output_file) throw UsageError("-o/--output is given once");
    if (value.empty()) throw UsageError(shown + " needs a file name");
    options.output_file = value;
  } else if (name == "--extra") {
    add_extra(options, value);
  } else if (name == "--max-cost") {
    char* end = nullptr;
    const double usd = std::strtod(value.c_str(), &end);
    if (value.empty() || *end != '\0' || !(usd >= 0 && usd <= 1e9)) {
      throw UsageError(shown + " takes a number of USD from 0 to 1e9, not '" + value + "'");
    }
    options.max_cost = usd;
  } else if (name == "--dry-run") {
    options.dry_run = true;
  } else if (name == "--prompts") {
    options.prompts_file = value;
    if (value.empty()) throw UsageError("--prompts needs a file (or -)");
  } else if (name == "--concurrency") {
    options.concurrency = parse_int(shown, value);
    concurrency_set = true;
    if (options.concurrency < 1 || options.concurrency > 256) {
      throw UsageError("--concurrency must be from 1 to 256");
    }
  } else if (name == "--image" || name == "--file-id") {
    if (value.empty()) throw UsageError(name + " needs a value");
    options.images.push_back(
        {name == "--image" ? EditImage::Kind::file : EditImage::Kind::file_id, value});
  } else if (name == "--mask") {
    if (options.mask) throw UsageError("--mask is given once");
    if (value.empty()) throw UsageError("--mask needs a PNG file");
    options.mask = value;
  } else if (name == "--expires-days") {
    options.expires_days = parse_int(shown, value);
    if (*options.expires_days < 1 || *options.expires_days > 30) {
      throw UsageError("--expires-days must be from 1 to 30");
    }
  } else if (name == "--purpose") {
    if (value.empty()) throw UsageError("--purpose needs a value");
    options.purpose = value;
  } else if (name == "--all") {
    options.delete_all = true;
  } else if (name == "--yes") {
    options.yes = true;
  }
}

// A command that takes no words, given some: most likely a prompt that begins with its name.
[[noreturn]] void no_words_expected(Command command, const std::vector<std::string>& words) {
  throw UsageError(command_name(command) + " takes no arguments, not '" + joined(words) +
                   "' (to generate an image of that prompt: edenai-image " + "generate \"" +
                   command_name(command) + " " + joined(words) + "\")");
}

// The words left once the command is known: the prompt, a file, ids.
void take_words(CliOptions& options, std::vector<std::string> words, bool concurrency_set) {
  switch (options.command) {
    case Command::generate:
      options.prompt = joined(words);
      if (options.prompts_file && !options.prompt.empty()) {
        throw UsageError("give a prompt or --prompts FILE, not both");
      }
      if (concurrency_set && !options.prompts_file) {
        throw UsageError("--concurrency applies to --prompts FILE");
      }
      if (options.prompt.empty() && !options.prompts_file) {
        throw UsageError("a prompt is required, e.g. edenai-image \"a red fox in the snow\"");
      }
      break;
    case Command::edit:
      options.prompt = joined(words);
      if (options.images.empty()) {
        throw UsageError("edit needs an image: --image FILE or --file-id ID (see edit --help)");
      }
      if (options.prompt.empty()) {
        throw UsageError(
            "edit needs a prompt, e.g. edenai-image edit --image photo.png \"add a "
            "red door\"");
      }
      break;
    case Command::upload:
      if (words.size() != 1 || words[0].empty()) {
        throw UsageError("upload takes one FILE, e.g. edenai-image upload photo.png");
      }
      options.upload_file = words[0];
      break;
    case Command::files_delete:
      if (options.delete_all && !words.empty()) {
        throw UsageError("files delete takes ids or --all, not both");
      }
      if (!options.delete_all && words.empty()) {
        throw UsageError("files delete needs the ids to delete (or --all --yes)");
      }
      if (options.delete_all && !options.yes) {
        throw UsageError(
            "files delete --all deletes every stored file of the account: add --yes "
            "to confirm");
      }
      if (options.yes && !options.delete_all) throw UsageError("--yes confirms files delete --all");
      options.file_ids = std::move(words);
      break;
    case Command::files:
    case Command::models:
    case Command::credits:
      if (!words.empty()) no_words_expected(options.command, words);
      break;
  }
}

bool has_image_extension(const std::string& name) {
  std::string extension = std::filesystem::path(name).extension().string();
  for (char& c : extension)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* known : {".png", ".jpg", ".jpeg", ".webp", ".gif"}) {
    if (extension == known) return true;
  }
  return false;
}

// -o names one file, --out-dir a directory: each refuses what the other means.
void check_outputs(const CliOptions& options, bool out_dir_set) {
  const bool images = options.command == Command::generate || options.command == Command::edit;
  if (!images) return;
  std::error_code error;
  if (options.output_file) {
    const std::string& file = *options.output_file;
    if (out_dir_set) {
      throw UsageError("give -o FILE or --out-dir DIR, not both (-o " + file +
                       " may hold a directory part)");
    }
    if (options.prompts_file) {
      throw UsageError("-o names one image's file; a batch (--prompts) saves in --out-dir DIR");
    }
    if (options.n && *options.n > 1) {
      throw UsageError("-o names one image's file; for -n " + std::to_string(*options.n) +
                       " images use --out-dir DIR");
    }
    if (file.back() == '/' || std::filesystem::is_directory(file, error)) {
      throw UsageError("-o names a file, and " + file +
                       " is a directory: to save in it, use --out-dir " + file);
    }
    if (std::filesystem::exists(std::filesystem::symlink_status(file, error))) {
      throw UsageError(file + " exists: edenai-image never replaces a file (nothing was sent)");
    }
  } else if (has_image_extension(options.out_dir) &&
             !std::filesystem::is_directory(options.out_dir, error)) {
    throw UsageError("--out-dir takes a directory, and " + options.out_dir +
                     " looks like an image file's name: to save the image as that file, use -o " +
                     options.out_dir);
  }
}

}  // namespace

const std::vector<OptionInfo>& option_table() {
  return kOptions;
}

std::string command_name(Command command) {
  switch (command) {
    case Command::generate:
      return "generate";
    case Command::edit:
      return "edit";
    case Command::upload:
      return "upload";
    case Command::files:
      return "files";
    case Command::files_delete:
      return "files delete";
    case Command::models:
      return "models";
    case Command::credits:
      return "credits";
  }
  return "generate";
}

CliOptions parse_arguments(const std::vector<std::string>& args) {
  CliOptions options;
  std::vector<std::string> words;
  std::vector<Given> given;
  std::size_t words_before_dashes = std::string::npos;  // words that may name a command
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (words_before_dashes != std::string::npos || arg.empty() || arg[0] != '-' || arg == "-") {
      words.push_back(arg);
      continue;
    }
    if (arg == "--") {
      words_before_dashes = words.size();
      continue;
    }
    std::string name = arg;
    std::optional<std::string> inline_value;
    if (const auto equals = arg.find('='); arg.rfind("--", 0) == 0 && equals != std::string::npos) {
      name = arg.substr(0, equals);
      inline_value = arg.substr(equals + 1);
    } else if (arg.size() > 2 && arg[1] != '-') {  // -n2, -ofox.png: getopt's attached value
      const OptionSpec* attached = find_option(arg.substr(0, 2));
      if (attached != nullptr && takes_value(*attached)) {
        name = arg.substr(0, 2);
        inline_value = arg.substr(2);
      }
    }
    const OptionSpec* spec = find_option(name);
    if (spec == nullptr) throw UsageError("unknown option '" + name + "' (see --help)");
    std::string value;
    if (!takes_value(*spec)) {
      if (inline_value) throw UsageError(name + " takes no value");
    } else if (inline_value) {
      value = *inline_value;
    } else {
      if (i + 1 >= args.size()) throw UsageError(name + " needs a value");
      value = args[++i];
    }
    given.push_back({spec, name, std::move(value)});
  }

  // The command: the first word, unless it came after `--`.
  const std::size_t named = std::min(words_before_dashes, words.size());
  std::size_t taken = 0;
  if (named > 0) {
    static const std::array<std::pair<const char*, Command>, 6> kCommands = {{
        {"generate", Command::generate},
        {"edit", Command::edit},
        {"upload", Command::upload},
        {"files", Command::files},
        {"models", Command::models},
        {"credits", Command::credits},
    }};
    for (const auto& [word, command] : kCommands) {
      if (words[0] == word) {
        options.command = command;
        taken = 1;
      }
    }
    if (options.command == Command::files && named > 1 &&
        (words[1] == "delete" || words[1] == "list")) {
      if (words[1] == "delete") options.command = Command::files_delete;
      taken = 2;
    }
  }
  words.erase(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(taken));

  bool concurrency_set = false;
  bool out_dir_set = false;
  for (const Given& option : given) {
    if (option.spec->name == std::string("--help")) options.help = true;
    if (option.spec->name == std::string("--version")) options.version = true;
  }
  for (const Given& option : given) {
    if ((option.spec->commands & bit(options.command)) == 0 && !options.help) {
      throw UsageError(option.spelled + " does not apply to edenai-image " +
                       command_name(options.command) + " (see edenai-image " +
                       command_name(options.command) + " --help)");
    }
    apply(options, option, concurrency_set, out_dir_set);
  }
  if (options.help || options.version) return options;
  take_words(options, std::move(words), concurrency_set);
  check_outputs(options, out_dir_set);
  return options;
}

}  // namespace edenai::cli
