// The man page and the bash and zsh completions of edenai-image, generated at build time from
// the one source of its help texts and option table (cli_options.hpp), so that neither is kept
// by hand beside them.
#pragma once

#include <string>

namespace edenai::cli {

/// edenai-image(1) in roff (man's format): every command's `--help` text, as the tool prints it.
std::string man_page(const std::string& version);

/// A bash completion script (`complete -F`): commands, each command's options, and file or
/// directory names after the options that take them.
std::string bash_completion();

/// A zsh completion function (`#compdef edenai-image`) completing what the bash one does.
std::string zsh_completion();

}  // namespace edenai::cli
