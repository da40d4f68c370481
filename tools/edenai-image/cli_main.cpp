// edenai-image's entry point: parses the command line, checks the key, watches Ctrl-C, runs the
// command and maps what it threw to the documented exit codes.
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>

#include "commands.hpp"
#include "edenai/errors.hpp"

namespace edenai::cli {
namespace {

// The keys this run may hold: the environment's, and any given with --api-key. Nothing the
// tool prints contains one, usage errors (which quote arguments) included.
std::vector<std::string> keys_in(const std::vector<std::string>& args) {
  std::vector<std::string> keys;
  for (const char* name : {"EDENAI_API_KEY", "EDEN_AI_API_KEY"}) {
    const char* value = std::getenv(name);
    if (value != nullptr && *value != '\0') keys.emplace_back(value);
  }
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--") break;
    if (args[i] == "--api-key" && i + 1 < args.size()) keys.push_back(args[i + 1]);
    if (args[i].rfind("--api-key=", 0) == 0) keys.push_back(args[i].substr(10));
  }
  keys.erase(std::remove(keys.begin(), keys.end(), std::string()), keys.end());
  return keys;
}

// Whether --json was asked for, read from the words themselves: a command line that cannot be
// parsed still gets its error as JSON.
bool wants_json(const std::vector<std::string>& args) {
  for (const std::string& arg : args) {
    if (arg == "--") break;
    if (arg == "--json") return true;
  }
  return false;
}

// Prints a failure: one line on stderr, and with --json its object on stdout too.
int report_failure(bool json, const std::exception* error, const Failure& failure,
                   const std::vector<std::string>& keys) {
  std::cerr << "edenai-image: " << redact(failure.line, keys) << "\n";
  if (json) {
    std::cout << redacted_json(error_to_json(error, failure), keys)
                     .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
              << "\n";
  }
  return failure.exit_code;
}

bool key_in_environment() {
  for (const char* name : {"EDENAI_API_KEY", "EDEN_AI_API_KEY"}) {
    const char* value = std::getenv(name);
    if (value != nullptr && *value != '\0') return true;
  }
  return false;
}

int run_command(const CliOptions& options, InterruptWatch& interrupts) {
  switch (options.command) {
    case Command::generate:
      return run_generate(options, interrupts);
    case Command::edit:
      return run_edit(options, interrupts);
    case Command::upload:
      return run_upload(options);
    case Command::files:
      return run_files(options);
    case Command::files_delete:
      return run_files_delete(options);
    case Command::models:
      return run_models(options);
    case Command::credits:
      return run_credits(options);
  }
  return kExitUsage;
}

}  // namespace

int run_cli(const std::vector<std::string>& args, const std::string& version_line) {
  const std::vector<std::string> keys = keys_in(args);
  CliOptions options;
  try {
    options = parse_arguments(args);
  } catch (const UsageError& e) {
    return report_failure(wants_json(args), nullptr, Failure{kExitUsage, e.what()}, keys);
  }
  if (options.help) {
    std::cout << help_text(options.command);
    return kExitOk;
  }
  if (options.version) {
    std::cout << version_line << "\n";
    return kExitOk;
  }
  if ((!options.api_key || options.api_key->empty()) && !key_in_environment()) {
    const AuthenticationError missing(0, "no API key: set EDENAI_API_KEY (or pass --api-key)", {},
                                      {});
    return report_failure(options.json, &missing, Failure{kExitAuthentication, missing.what()},
                          keys);
  }
  InterruptWatch interrupts;  // before any other thread starts: they inherit its signal mask
  // Until a generation or an edit is under way nothing is bought, and Ctrl-C (reading prompts
  // from a terminal, say) quits at once; those two put their own handler in place before they
  // spend. The file store and the model list buy nothing: Ctrl-C quits them at once.
  const bool paid = options.command == Command::generate || options.command == Command::edit;
  interrupts.set_handler([paid] {
    static const char kUnsent[] = "\nedenai-image: interrupted before anything was sent\n";
    static const char kStopped[] = "\nedenai-image: interrupted\n";
    if (paid) {
      (void)!::write(STDERR_FILENO, kUnsent, sizeof kUnsent - 1);
    } else {
      (void)!::write(STDERR_FILENO, kStopped, sizeof kStopped - 1);
    }
    ::_exit(kExitInterrupted);
  });
  try {
    return run_command(options, interrupts);
  } catch (const UsageError& e) {  // an unreadable input file, an empty prompts file
    return report_failure(options.json, nullptr, Failure{kExitUsage, e.what()}, keys);
  } catch (const std::exception& e) {
    Failure failure = describe_failure(e);
    if (interrupts.interrupted()) failure.exit_code = kExitInterrupted;
    return report_failure(options.json, &e, failure, keys);
  }
}

}  // namespace edenai::cli
