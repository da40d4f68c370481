// What the commands share: the client, saving images, and one paid call with its spinner.
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "edenai/errors.hpp"
#include "image_files.hpp"
#include "spinner.hpp"

namespace edenai::cli {
namespace {

std::string describe_saved(const std::string& path, const ImageFormat& format, std::size_t bytes) {
  std::string line = "saved " + path + " (" + format.extension;
  if (format.width && format.height) {
    line += ", " + std::to_string(*format.width) + "x" + std::to_string(*format.height);
  }
  return line + ", " + std::to_string((bytes + 512) / 1024) + " KiB)";
}

}  // namespace

Client make_client(const CliOptions& options) {
  ClientOptions client_options;
  if (options.api_key && !options.api_key->empty()) client_options.api_key = *options.api_key;
  if (options.base_url) client_options.base_url = *options.base_url;
  if (options.retries) client_options.max_retries = *options.retries;
  client_options.max_requests_per_second = options.rate;
  if (options.timeout_seconds) {
    client_options.timeout =
        std::chrono::milliseconds(std::llround(*options.timeout_seconds * 1000.0));
  }
  return Client(std::move(client_options));
}

void require_readable(const std::string& path, const std::string& what) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    throw UsageError("the " + what + " " + path + " is a directory, not a file");
  }
  const std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError("cannot read the " + what + " " + path);
}

void print_json(const nlohmann::json& value, const Client& client) {
  std::cout
      << redacted_json(value, client).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
      << "\n";
}

std::vector<TableRow> redact_cells(const Client& client, std::vector<TableRow> rows) {
  for (TableRow& row : rows) {
    for (std::string& cell : row)
      cell = client.redact(std::move(cell));
  }
  return rows;
}

Saved save_images(const Client& client, const ImageResponse& response, const CliOptions& options,
                  const std::string& prompt, const LineSink& report, const LineSink& fail) {
  const std::string stem = file_stem(prompt);
  Saved saved;
  if (response.data.empty()) {  // exit 0 means the images were saved: none is no success
    saved.failure = Failure{kExitFailure, "the response holds no image: nothing was saved"};
    fail(saved.failure->line);
  }
  for (std::size_t i = 0; i < response.data.size(); ++i) {
    try {
      const std::vector<std::uint8_t> bytes = client.download(response.data[i]);
      const ImageFormat format = detect_image_format(bytes);
      const std::string path =
          save_image_in(bytes, options.out_dir, stem + "-" + std::to_string(i + 1)).string();
      report(client.redact(describe_saved(path, format, bytes.size())));
      ++saved.images;
    } catch (const std::exception& e) {
      Failure failure = describe_failure(e);
      failure.exit_code = kExitFailure;
      // An image host's 404 is an expired or wrong URL, not an invalid request of the user's.
      const bool download = dynamic_cast<const ApiError*>(&e) != nullptr ||
                            dynamic_cast<const ConnectionError*>(&e) != nullptr;
      failure.line = "image " + std::to_string(i + 1) + ": " +
                     (download ? "could not download it: " + std::string(e.what()) : failure.line);
      fail(client.redact(failure.line));
      if (!saved.failure) saved.failure = std::move(failure);
    }
  }
  return saved;
}

int run_paid_call(const CliOptions& options, InterruptWatch& interrupts, const Client& client,
                  const std::string& label, const std::string& what,
                  const std::function<ImageResponse(const RequestOptions&)>& call) {
  ImageResponse response;
  {
    Spinner spinner(std::cerr, stderr_is_terminal(), client.redact(label));
    RequestOptions request;
    const CancellationToken stop;
    request.stop_new_attempts = stop;
    const InterruptHandler on_interrupt(interrupts, [&] {
      stop.cancel();
      const std::string article = what.rfind('e', 0) == 0 ? "an " : "a ";
      spinner.print(std::cerr, "edenai-image: interrupted: no retry starts; " + article + what +
                                   " already sent (it may be billed) finishes and is saved. "
                                   "Ctrl-C again quits at once.");
    });
    if (interrupts.interrupted()) {
      spinner.stop();
      std::cerr << "edenai-image: interrupted before anything was sent\n";
      return kExitInterrupted;
    }
    response = call(request);
  }

  std::ostream& progress = options.json ? std::cerr : std::cout;
  const InterruptHandler on_interrupt(interrupts, [] {
    std::cerr << "edenai-image: interrupted: the images that arrived are being saved. Ctrl-C "
                 "again quits at once.\n";
  });
  const Saved kept = save_images(
      client, response, options, options.prompt,
      [&](const std::string& line) { progress << line << "\n"; },
      [&](const std::string& line) { std::cerr << "edenai-image: " << line << "\n"; });
  if (options.json) {
    std::cout << redacted_json(response_to_json(response), client).dump(2) << "\n";
  } else {
    std::cout << client.redact("provider " + response.provider.value_or("unknown")) << ", cost ";
    if (response.cost) {
      std::cout << "$" << *response.cost << "\n";
    } else {
      std::cout << "not reported\n";
    }
  }
  if (interrupts.interrupted()) {
    std::cerr << "edenai-image: interrupted: the " << what << " in flight finished; " << kept.images
              << " of " << response.data.size() << " images saved\n";
    return kExitInterrupted;
  }
  return kept.failure ? kept.failure->exit_code : kExitOk;
}

}  // namespace edenai::cli
