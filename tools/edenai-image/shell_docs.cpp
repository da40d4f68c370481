#include "shell_docs.hpp"

#include <array>
#include <sstream>
#include <utility>
#include <vector>

#include "cli_options.hpp"

namespace edenai::cli {
namespace {

// The commands a completion names, in the help's order (files delete is files' second word).
constexpr std::array<Command, 6> kCommands = {Command::generate, Command::edit,   Command::upload,
                                              Command::files,    Command::models, Command::credits};

unsigned bit(Command command) {
  return 1U << static_cast<unsigned>(command);
}

// Every spelling of the options of `command`, space-separated (files' and files delete's
// together: both are completed after `files`).
std::string spellings(Command command) {
  const unsigned commands =
      command == Command::files ? bit(Command::files) | bit(Command::files_delete) : bit(command);
  std::string words;
  for (const OptionInfo& option : option_table()) {
    if ((option.commands & commands) == 0) continue;
    words += (words.empty() ? "" : " ") + std::string(option.name);
    if (*option.alias != '\0') words += " " + std::string(option.alias);
  }
  return words;
}

// The spellings of the options whose value is `value_name` (FILE, DIR), joined by `separator`.
std::string taking(const char* value_name, const char* separator) {
  std::string words;
  for (const OptionInfo& option : option_table()) {
    if (std::string(option.value_name) != value_name) continue;
    words += (words.empty() ? "" : separator) + std::string(option.name);
    if (*option.alias != '\0') words += separator + std::string(option.alias);
  }
  return words;
}

// The options that take a value of another kind: nothing is offered after them.
std::string taking_other(const char* separator) {
  std::string words;
  for (const OptionInfo& option : option_table()) {
    const std::string value = option.value_name;
    if (value.empty() || value == "FILE" || value == "DIR") continue;
    words += (words.empty() ? "" : separator) + std::string(option.name);
    if (*option.alias != '\0') words += separator + std::string(option.alias);
  }
  return words;
}

// A line of help text as roff shows it verbatim: backslashes escaped, and a leading dot or
// quote (which roff would read as a request) protected.
std::string roff_line(const std::string& line) {
  std::string out;
  for (const char c : line)
    out += c == '\\' ? std::string("\\e") : std::string(1, c);
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out.insert(0, "\\&");
  return out;
}

void verbatim(std::ostringstream& out, const std::string& text) {
  out << ".nf\n";
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);)
    out << roff_line(line) << "\n";
  out << ".fi\n";
}

}  // namespace

std::string man_page(const std::string& version) {
  std::ostringstream out;
  out << ".\\\" Generated from edenai-image's --help texts; edit "
         "tools/edenai-image/help_text.cpp.\n"
      << ".TH EDENAI-IMAGE 1 \"\" \"" << roff_line(version) << "\" \"User Commands\"\n"
      << ".SH NAME\n"
      << "edenai-image \\- generate and edit images with Eden AI, and manage its file store\n"
      << ".SH DESCRIPTION\n";
  verbatim(out, help_text(Command::generate));
  for (const Command command : kCommands) {
    if (command == Command::generate) continue;
    out << ".SH \"" << command_name(command) << " command\"\n";
    verbatim(out, help_text(command));
  }
  out << ".SH ENVIRONMENT\n"
      << ".TP\n.B EDENAI_API_KEY\nthe API key (then EDEN_AI_API_KEY)\n"
      << ".TP\n.B EDENAI_BASE_URL\nthe API base URL\n"
      << ".SH SEE ALSO\n"
      << "edenai-mock-server(1) is not a page; run edenai-mock-server --help.\n";
  return out.str();
}

std::string bash_completion() {
  std::ostringstream out;
  out << "# bash completion for edenai-image, generated from its option table.\n"
      << "_edenai_image() {\n"
      << "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
      << "  local command=generate named= i\n"
      << "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
      << "    case ${COMP_WORDS[i]} in\n"
      << "      " << taking("FILE", "|") << "|" << taking("DIR", "|") << "|" << taking_other("|")
      << ") ((i++)) ;;\n"
      << "      generate|edit|upload|files|models) command=${COMP_WORDS[i]}; named=1; break ;;\n"
      << "      -*) ;;\n"
      << "      *) named=prompt; break ;;\n"
      << "    esac\n"
      << "  done\n"
      << "  case $prev in\n"
      << "    " << taking("FILE", "|") << ") COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n"
      << "    " << taking("DIR", "|") << ") COMPREPLY=($(compgen -d -- \"$cur\")); return ;;\n"
      << "    " << taking_other("|") << ") COMPREPLY=(); return ;;\n"
      << "  esac\n"
      << "  if [[ $cur == -* ]]; then\n"
      << "    case $command in\n";
  for (const Command command : kCommands) {
    out << "      " << command_name(command) << ") COMPREPLY=($(compgen -W \"" << spellings(command)
        << "\" -- \"$cur\")) ;;\n";
  }
  out << "    esac\n"
      << "  elif [[ -z $named ]]; then\n"
      << "    COMPREPLY=($(compgen -W \"generate edit upload files models\" -- \"$cur\"))\n"
      << "  elif [[ $command == files ]]; then\n"
      << "    COMPREPLY=($(compgen -W \"list delete\" -- \"$cur\"))\n"
      << "  elif [[ $command == upload ]]; then\n"
      << "    COMPREPLY=($(compgen -f -- \"$cur\"))\n"
      << "  fi\n"
      << "}\n"
      << "complete -o filenames -F _edenai_image edenai-image\n";
  return out.str();
}

std::string zsh_completion() {
  std::ostringstream out;
  out << "#compdef edenai-image\n"
      << "# zsh completion for edenai-image, generated from its option table.\n"
      << "local command=generate named= i\n"
      << "for ((i = 2; i < CURRENT; i++)); do\n"
      << "  case ${words[i]} in\n"
      << "    (" << taking("FILE", "|") << "|" << taking("DIR", "|") << "|" << taking_other("|")
      << ") ((i++)) ;;\n"
      << "    (generate|edit|upload|files|models) command=${words[i]}; named=1; break ;;\n"
      << "    (-*) ;;\n"
      << "    (*) named=prompt; break ;;\n"
      << "  esac\n"
      << "done\n"
      << "case ${words[CURRENT-1]} in\n"
      << "  (" << taking("FILE", "|") << ") _files; return ;;\n"
      << "  (" << taking("DIR", "|") << ") _files -/; return ;;\n"
      << "  (" << taking_other("|") << ") return 1 ;;\n"
      << "esac\n"
      << "if [[ $PREFIX == -* ]]; then\n"
      << "  case $command in\n";
  for (const Command command : kCommands) {
    out << "    (" << command_name(command) << ") compadd -- " << spellings(command) << " ;;\n";
  }
  out << "  esac\n"
      << "elif [[ -z $named ]]; then\n"
      << "  compadd -- generate edit upload files models\n"
      << "elif [[ $command == files ]]; then\n"
      << "  compadd -- list delete\n"
      << "elif [[ $command == upload ]]; then\n"
      << "  _files\n"
      << "fi\n";
  return out.str();
}

}  // namespace edenai::cli
