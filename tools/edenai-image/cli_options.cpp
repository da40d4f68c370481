#include "cli_options.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>

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

}  // namespace

CliOptions parse_arguments(const std::vector<std::string>& args) {
  CliOptions options;
  std::vector<std::string> words;
  bool options_done = false;
  bool concurrency_set = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (options_done || arg.empty() || arg[0] != '-' || arg == "-") {
      words.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    std::string name = arg;
    std::optional<std::string> inline_value;
    if (const auto equals = arg.find('='); arg.rfind("--", 0) == 0 && equals != std::string::npos) {
      name = arg.substr(0, equals);
      inline_value = arg.substr(equals + 1);
    }
    const auto flag = [&](bool& target) {
      if (inline_value) throw UsageError(name + " takes no value");
      target = true;
    };
    const auto value = [&]() -> std::string {
      if (inline_value) return *inline_value;
      if (i + 1 >= args.size()) throw UsageError(name + " needs a value");
      return args[++i];
    };
    if (name == "-h" || name == "--help") {
      flag(options.help);
    } else if (name == "-V" || name == "--version") {
      flag(options.version);
    } else if (name == "--json") {
      flag(options.json);
    } else if (name == "-m" || name == "--model") {
      options.model = value();
    } else if (name == "-n") {
      options.n = parse_int(name, value());
    } else if (name == "--size") {
      options.size = value();
    } else if (name == "--quality") {
      options.quality = value();
    } else if (name == "-o" || name == "--out") {
      options.out_dir = value();
    } else if (name == "--base-url") {
      options.base_url = value();
    } else if (name == "--api-key") {
      options.api_key = value();
    } else if (name == "--extra") {
      add_extra(options, value());
    } else if (name == "--timeout") {
      options.timeout_seconds = parse_seconds(name, value());
    } else if (name == "--retries") {
      options.retries = parse_int(name, value());
      if (*options.retries < 0 || *options.retries > 100) {
        throw UsageError("--retries must be from 0 to 100");
      }
    } else if (name == "--prompts") {
      options.prompts_file = value();
      if (options.prompts_file->empty()) throw UsageError("--prompts needs a file (or -)");
    } else if (name == "--concurrency") {
      options.concurrency = parse_int(name, value());
      concurrency_set = true;
      if (options.concurrency < 1 || options.concurrency > 256) {
        throw UsageError("--concurrency must be from 1 to 256");
      }
    } else if (name == "--rate") {
      options.rate = parse_rate(name, value());
    } else {
      throw UsageError("unknown option '" + name + "' (see --help)");
    }
  }
  for (const auto& word : words) {
    options.prompt += (options.prompt.empty() ? "" : " ") + word;
  }
  if (options.prompts_file && !options.prompt.empty()) {
    throw UsageError("give a prompt or --prompts FILE, not both");
  }
  if (concurrency_set && !options.prompts_file) {
    throw UsageError("--concurrency applies to --prompts FILE");
  }
  if (options.prompt.empty() && !options.prompts_file && !options.help && !options.version) {
    throw UsageError("a prompt is required, e.g. edenai-image \"a red fox in the snow\"");
  }
  if (options.out_dir.empty()) throw UsageError("--out needs a directory");
  return options;
}

std::string help_text() {
  return R"(usage: edenai-image [options] PROMPT
       edenai-image [options] --prompts FILE

Generates images with Eden AI (POST /v3/images/generations) and saves them.

options:
  -m, --model MODEL      provider/model (default openai/gpt-image-1)
  -n N                   number of images, 1 to 10 (default 1)
      --size SIZE        e.g. 1024x1024, 1536x1024, auto, 16:9 (provider-specific)
      --quality Q        e.g. low, medium, high (provider-specific)
  -o, --out DIR          where to save the images (default .; created if missing)
      --base-url URL     API base URL (default $EDENAI_BASE_URL, else https://api.edenai.run)
      --api-key KEY      API key (default $EDENAI_API_KEY, then $EDEN_AI_API_KEY); prefer the
                         environment: a key on the command line is visible to other users
      --extra KEY=VALUE  another body field, repeatable; VALUE is read as JSON when it is JSON
                         (80, true, {"a":1}), else as text: --extra background=transparent
      --timeout SECONDS  total time allowed per attempt (default 600, at most 86400)
      --retries N        retries of transient failures, 0 to 100 (default 2; 0 turns them
                         off). A generation whose answer began to arrive is never bought again
      --json             print the response as JSON on stdout (base64 elided); saved paths go
                         to stderr. With --prompts, one JSON object per line and prompt
      --prompts FILE     batch: one prompt per line (- for stdin; blank and # lines skipped),
                         generated concurrently, each saved as it arrives
      --concurrency N    batch: generations in flight at once, 1 to 256 (default 4)
      --rate R           requests started per second at most (default 10, Eden AI's default
                         account limit; 0 for no limit, else 0.001 to 1000)
  -h, --help             this text
  -V, --version          the version

Each image is saved as DIR/<words-of-the-prompt>-<i>.<ext>, the extension from the image's real
format (png, jpg, webp, gif); an existing file is never overwritten (a suffix is added instead).
While waiting, an elapsed-time spinner is shown on stderr when it is a terminal; in batch mode
it counts the prompts finished and failed. A failed prompt is reported on stderr with its line
number and does not stop the others; the exit code is then that of the first failed line.
The output directory is checked before anything is bought. Ctrl-C starts no new prompt, lets
the generations in flight finish and be saved (they are paid for), prints what was done, saved
and not started, and exits 130; a second Ctrl-C quits at once.

exit codes:
  0  the images were saved
  1  another failure (an unreadable response, a file that could not be written)
  2  usage: the command line is wrong
  3  invalid request: refused before sending, or by the server (400, 404, 413, 422)
  4  authentication, permission, credits or region (401, 403, 402, 451), or no key at all
  5  rate limited (429) after the retries
  6  server or provider error (5xx) after the retries
  7  connection failure or timeout after the retries
  130 interrupted by Ctrl-C
)";
}

}  // namespace edenai::cli
