// edenai-image: generates images from the command line and saves them. See `--help`.
#include <edenai/edenai.hpp>

#include <curl/curl.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "cli_options.hpp"
#include "image_files.hpp"
#include "report.hpp"
#include "spinner.hpp"

namespace {

using edenai::cli::CliOptions;

edenai::Client make_client(const CliOptions& options) {
  edenai::ClientOptions client_options;
  if (options.api_key) client_options.api_key = *options.api_key;
  if (options.base_url) client_options.base_url = *options.base_url;
  if (options.retries) client_options.max_retries = *options.retries;
  if (options.timeout_seconds) {
    client_options.timeout =
        std::chrono::milliseconds(std::llround(*options.timeout_seconds * 1000.0));
  }
  return edenai::Client(std::move(client_options));
}

edenai::ImageGenerationBody make_body(const CliOptions& options) {
  edenai::ImageGenerationBody body;
  body.model = options.model;
  body.prompt = options.prompt;
  body.n = options.n;
  body.size = options.size;
  body.quality = options.quality;
  body.extra = options.extra;
  return body;
}

std::string describe_saved(const std::string& path, const edenai::cli::ImageFormat& format,
                           std::size_t bytes) {
  std::string line = "saved " + path + " (" + format.extension;
  if (format.width && format.height) {
    line += ", " + std::to_string(*format.width) + "x" + std::to_string(*format.height);
  }
  return line + ", " + std::to_string((bytes + 512) / 1024) + " KiB)";
}

int run(const CliOptions& options) {
  const edenai::Client client = make_client(options);
  const edenai::ImageGenerationBody body = make_body(options);
  const int count = options.n.value_or(1);

  edenai::ImageResponse response;
  {
    edenai::cli::Spinner spinner(std::cerr, edenai::cli::stderr_is_terminal(),
                                 "generating " + std::to_string(count) +
                                     (count == 1 ? " image" : " images") + " with " +
                                     options.model);
    response = client.generate(body);
  }

  std::ostream& progress = options.json ? std::cerr : std::cout;
  const std::string stem = edenai::cli::file_stem(options.prompt);
  for (std::size_t i = 0; i < response.data.size(); ++i) {
    const std::vector<std::uint8_t> bytes = client.download(response.data[i]);
    const edenai::cli::ImageFormat format = edenai::cli::detect_format(bytes);
    const std::string path = edenai::cli::save_new_file(
        options.out_dir, stem + "-" + std::to_string(i + 1), format.extension, bytes);
    progress << describe_saved(path, format, bytes.size()) << "\n";
  }
  if (options.json) {
    std::cout << edenai::cli::response_to_json(response).dump(2) << "\n";
  } else {
    std::cout << "provider " << response.provider.value_or("unknown") << ", cost ";
    if (response.cost) {
      std::cout << "$" << *response.cost << "\n";
    } else {
      std::cout << "not reported\n";
    }
  }
  return edenai::cli::kExitOk;
}

int cli_main(const std::vector<std::string>& args) {
  CliOptions options;
  try {
    options = edenai::cli::parse_arguments(args);
  } catch (const edenai::cli::UsageError& e) {
    std::cerr << "edenai-image: " << e.what() << "\n";
    return edenai::cli::kExitUsage;
  }
  if (options.help) {
    std::cout << edenai::cli::help_text();
    return edenai::cli::kExitOk;
  }
  if (options.version) {
    std::cout << "edenai-image " << edenai::version() << " (" << curl_version() << ")\n";
    return edenai::cli::kExitOk;
  }
  const bool key_in_environment = [] {
    for (const char* name : {"EDENAI_API_KEY", "EDEN_AI_API_KEY"}) {
      const char* value = std::getenv(name);
      if (value != nullptr && *value != '\0') return true;
    }
    return false;
  }();
  if (!options.api_key && !key_in_environment) {
    std::cerr << "edenai-image: no API key: set EDENAI_API_KEY (or pass --api-key)\n";
    return edenai::cli::kExitAuthentication;
  }
  try {
    return run(options);
  } catch (const std::exception& e) {
    const edenai::cli::Failure failure = edenai::cli::describe_failure(e);
    std::cerr << "edenai-image: " << failure.line << "\n";
    return failure.exit_code;
  }
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return cli_main(std::vector<std::string>(argv + 1, argv + argc));
  } catch (...) {  // out of memory while printing, say: still a documented exit code
    return edenai::cli::kExitFailure;
  }
}
