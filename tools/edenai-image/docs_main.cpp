// edenai-image-docs: writes edenai-image's man page and shell completions for the build (it is
// not installed):   edenai-image-docs OUTPUT_DIR VERSION
// writes OUTPUT_DIR/edenai-image.1, OUTPUT_DIR/edenai-image.bash and OUTPUT_DIR/_edenai-image.
#include <fstream>
#include <iostream>
#include <string>

#include "shell_docs.hpp"

namespace {

bool write(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) std::cerr << "edenai-image-docs: cannot write " << path << "\n";
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: edenai-image-docs OUTPUT_DIR VERSION\n";
    return 2;
  }
  const std::string dir = argv[1];
  const bool written = write(dir + "/edenai-image.1", edenai::cli::man_page(argv[2])) &&
                       write(dir + "/edenai-image.bash", edenai::cli::bash_completion()) &&
                       write(dir + "/_edenai-image", edenai::cli::zsh_completion());
  return written ? 0 : 1;
}
