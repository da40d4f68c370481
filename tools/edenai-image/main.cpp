// edenai-image: generates and edits images from the command line, and manages Eden AI's file
// store. See `--help`; the commands are in commands.hpp.
#include <edenai/version.hpp>

#include <curl/curl.h>

#include <string>
#include <vector>

#include "commands.hpp"
#include "report.hpp"

int main(int argc, char** argv) {
  try {
    return edenai::cli::run_cli(
        std::vector<std::string>(argv + 1, argv + argc),
        std::string("edenai-image ") + edenai::version() + " (" + curl_version() + ")");
  } catch (...) {  // out of memory while printing, say: still a documented exit code
    return edenai::cli::kExitFailure;
  }
}
