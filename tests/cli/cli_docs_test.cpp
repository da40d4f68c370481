// edenai-image's generated man page and shell completions (build/cli-docs, made from the help
// texts and the option table): bash completes commands, each command's own options and file or
// directory names as a user's shell would; zsh parses the function; the page renders cleanly
// and names every option; and each help text names every option of its command.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "cli_options.hpp"
#include "support/process.hpp"

namespace {

namespace fs = std::filesystem;
using edenai::cli::Command;
using edenai::cli::option_table;
using edenai::testing::run_process;

const fs::path kDocs = EDENAI_CLI_DOCS_DIR;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

bool have(const char* program) {
  return run_process("/bin/sh", {"-c", std::string("command -v ") + program}).exit_code == 0;
}

// What bash's completion offers for the command line `words`, the last word being completed.
std::vector<std::string> complete(const std::vector<std::string>& words) {
  std::string script = "source \"$0\"; COMP_WORDS=(";
  for (const std::string& word : words)
    script += "'" + word + "' ";
  script += "); COMP_CWORD=" + std::to_string(words.size() - 1) +
            "; _edenai_image; printf '%s\\n' \"${COMPREPLY[@]}\"";
  const auto result =
      run_process("/bin/bash", {"-c", script, (kDocs / "edenai-image.bash").string()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  std::vector<std::string> offered;
  std::istringstream lines(result.out);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) offered.push_back(line);
  }
  std::sort(offered.begin(), offered.end());
  return offered;
}

using Words = std::vector<std::string>;

TEST(CliCompletion, BashCompletesCommandsAndEachCommandsOwnOptions) {
  EXPECT_EQ(complete({"edenai-image", "ed"}), Words{"edit"});
  EXPECT_EQ(complete({"edenai-image", "--out"}), (Words{"--out", "--out-dir", "--output"}));
  EXPECT_EQ(complete({"edenai-image", "edit", "--ma"}), (Words{"--mask", "--max-cost"}));
  EXPECT_EQ(complete({"edenai-image", "models", "--mo"}), Words{});  // not an option of models
  EXPECT_EQ(complete({"edenai-image", "files", "--a"}), (Words{"--all", "--api-key"}));
  EXPECT_EQ(complete({"edenai-image", "files", "d"}), Words{"delete"});
  EXPECT_EQ(complete({"edenai-image", "a", "fox", "ed"}), Words{});  // a prompt, not a command
  EXPECT_EQ(complete({"edenai-image", "--size", "16x16", "ed"}), Words{"edit"});  // a value
  EXPECT_EQ(complete({"edenai-image", "-n", ""}), Words{});  // a number: nothing to offer
}

TEST(CliCompletion, BashCompletesFilesAndDirectoriesWhereTheyAreTaken) {
  const fs::path dir =
      fs::temp_directory_path() / ("edenai-completion-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "pictures");
  std::ofstream(dir / "prompts.txt") << "a fox\n";
  const std::string base = dir.string() + "/";
  EXPECT_EQ(complete({"edenai-image", "--prompts", base + "pro"}), Words{base + "prompts.txt"});
  EXPECT_EQ(complete({"edenai-image", "--out-dir", base}), Words{base + "pictures"});
  EXPECT_EQ(complete({"edenai-image", "edit", "--image", base + "p"}),
            (Words{base + "pictures", base + "prompts.txt"}));
  fs::remove_all(dir);
}

TEST(CliCompletion, EveryOptionIsCompletedForEachOfItsCommands) {
  for (const auto& option : option_table()) {
    for (const Command command : {Command::generate, Command::edit, Command::upload, Command::files,
                                  Command::files_delete, Command::models}) {
      if ((option.commands & (1U << static_cast<unsigned>(command))) == 0) continue;
      const std::string word = command == Command::files_delete ? "files" : command_name(command);
      const Words offered = complete({"edenai-image", word, option.name});
      EXPECT_NE(std::find(offered.begin(), offered.end(), option.name), offered.end())
          << option.name << " after " << word;
    }
  }
}

TEST(CliCompletion, ZshFunctionParses) {
  const std::string function = read_file(kDocs / "_edenai-image");
  EXPECT_EQ(function.rfind("#compdef edenai-image\n", 0), 0u);
  for (const auto& option : option_table())
    EXPECT_NE(function.find(option.name), std::string::npos) << option.name;
  if (!have("zsh")) GTEST_SKIP() << "zsh is not installed (scripts/install-deps.sh installs it)";
  const auto parsed =
      run_process("/bin/sh", {"-c", "zsh -n \"$0\"", (kDocs / "_edenai-image").string()});
  EXPECT_EQ(parsed.exit_code, 0) << parsed.err;
}

TEST(CliManPage, NamesEveryCommandAndOptionAndRendersWithoutWarnings) {
  const std::string page = read_file(kDocs / "edenai-image.1");
  EXPECT_EQ(page.find(".TH EDENAI-IMAGE 1"), page.find(".TH"));
  for (const char* command : {"edit command", "upload command", "files command", "models command"})
    EXPECT_NE(page.find(command), std::string::npos) << command;
  for (const auto& option : option_table())
    EXPECT_NE(page.find(option.name), std::string::npos) << option.name;
  if (!have("groff")) GTEST_SKIP() << "groff is not installed";
  const auto rendered = run_process(
      "/bin/sh", {"-c", "groff -man -Tutf8 -ww -z \"$0\"", (kDocs / "edenai-image.1").string()});
  EXPECT_EQ(rendered.exit_code, 0);
  EXPECT_EQ(rendered.err, "");  // roff warnings (-ww)
}

TEST(CliHelp, EachHelpTextNamesEveryOptionOfItsCommand) {
  for (const auto& option : option_table()) {
    for (const Command command :
         {Command::generate, Command::edit, Command::upload, Command::files, Command::models}) {
      if ((option.commands & (1U << static_cast<unsigned>(command))) == 0) continue;
      EXPECT_NE(edenai::cli::help_text(command).find(option.name), std::string::npos)
          << option.name << " in " << command_name(command) << " --help";
    }
  }
}

}  // namespace
