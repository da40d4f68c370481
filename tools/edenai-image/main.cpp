// edenai-image: generates images from the command line and saves them. See `--help`.
#include <edenai/edenai.hpp>

#include <curl/curl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "batch_input.hpp"
#include "cli_options.hpp"
#include "image_files.hpp"
#include "interrupt.hpp"
#include "report.hpp"
#include "spinner.hpp"

namespace {

using edenai::cli::CliOptions;
using edenai::cli::InterruptWatch;

constexpr const char* kInterruptedBatch =
    "edenai-image: interrupted: no new prompt or retry starts; generations already sent (they "
    "may be billed) finish and are saved. Ctrl-C again quits at once.";
constexpr const char* kInterruptedSingle =
    "edenai-image: interrupted: no retry starts; a generation already sent (it may be billed) "
    "finishes and is saved. Ctrl-C again quits at once.";

edenai::Client make_client(const CliOptions& options) {
  edenai::ClientOptions client_options;
  if (options.api_key && !options.api_key->empty()) client_options.api_key = *options.api_key;
  if (options.base_url) client_options.base_url = *options.base_url;
  if (options.retries) client_options.max_retries = *options.retries;
  client_options.max_requests_per_second = options.rate;
  if (options.timeout_seconds) {
    client_options.timeout =
        std::chrono::milliseconds(std::llround(*options.timeout_seconds * 1000.0));
  }
  return edenai::Client(std::move(client_options));
}

edenai::ImageGenerationBody make_body(const CliOptions& options, const std::string& prompt) {
  edenai::ImageGenerationBody body;
  body.model = options.model;
  body.prompt = prompt;
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

// What saving a response's images came to.
struct Saved {
  std::size_t images = 0;
  std::optional<edenai::cli::Failure> failure;  // the first image that could not be saved
};

// Saves every image of `response` it can (downloading `url` items) and reports each saved file.
// An image that cannot be downloaded, decoded or written is reported through `fail`, and the
// others are saved all the same: they are paid for. Such a failure exits 1.
template <typename Report, typename Fail>
Saved save_images(const edenai::Client& client, const edenai::ImageResponse& response,
                  const CliOptions& options, const std::string& prompt, Report report, Fail fail) {
  const std::string stem = edenai::cli::file_stem(prompt);
  Saved saved;
  if (response.data.empty()) {  // exit 0 means the images were saved: none is no success
    saved.failure = edenai::cli::Failure{edenai::cli::kExitFailure,
                                         "the response holds no image: nothing was saved"};
    fail(saved.failure->line);
  }
  for (std::size_t i = 0; i < response.data.size(); ++i) {
    try {
      const std::vector<std::uint8_t> bytes = client.download(response.data[i]);
      const edenai::cli::ImageFormat format = edenai::cli::detect_format(bytes);
      const std::string path = edenai::cli::save_new_file(
          options.out_dir, stem + "-" + std::to_string(i + 1), format.extension, bytes);
      report(client.redact(describe_saved(path, format, bytes.size())));
      ++saved.images;
    } catch (const std::exception& e) {
      edenai::cli::Failure failure = edenai::cli::describe_failure(e);
      failure.exit_code = edenai::cli::kExitFailure;
      // An image host's 404 is an expired or wrong URL, not an invalid request of the user's.
      const bool download = dynamic_cast<const edenai::ApiError*>(&e) != nullptr ||
                            dynamic_cast<const edenai::ConnectionError*>(&e) != nullptr;
      failure.line = "image " + std::to_string(i + 1) + ": " +
                     (download ? "could not download it: " + std::string(e.what()) : failure.line);
      fail(client.redact(failure.line));
      if (!saved.failure) saved.failure = std::move(failure);
    }
  }
  return saved;
}

std::vector<edenai::cli::PromptLine> load_prompts(const std::string& file) {
  if (file == "-") return edenai::cli::read_prompts(std::cin);
  std::ifstream in(file);
  if (!in) throw edenai::cli::UsageError("cannot read the prompts file " + file);
  return edenai::cli::read_prompts(in);
}

// A prompt whose response came, but some of whose images could not be saved.
struct SaveFailure {
  edenai::cli::Failure failure;
};

// Whether a batch result is a prompt the batch never started (after Ctrl-C).
bool never_started(const edenai::GenerationResult& result) {
  try {
    result.rethrow();
  } catch (const edenai::CancelledError& e) {
    return e.attempts() == 0 && e.delivery() == edenai::Delivery::not_sent;
  } catch (...) {
  }
  return false;
}

// Batch mode: every prompt through Client::generate_batch; each result is saved (or reported)
// as it arrives, while the others keep running on the client's I/O thread. The first Ctrl-C
// stops launching prompts; those in flight finish and are saved.
int run_batch(const CliOptions& options, InterruptWatch& interrupts) {
  const std::vector<edenai::cli::PromptLine> prompts = load_prompts(*options.prompts_file);
  if (prompts.empty()) throw edenai::cli::UsageError("no prompts in " + *options.prompts_file);
  edenai::cli::ensure_writable_directory(options.out_dir);  // before anything is bought
  const edenai::Client client = make_client(options);
  std::vector<edenai::ImageGenerationBody> bodies;
  bodies.reserve(prompts.size());
  for (const auto& prompt : prompts)
    bodies.push_back(make_body(options, prompt.text));

  edenai::cli::Spinner spinner(std::cerr, edenai::cli::stderr_is_terminal(),
                               edenai::cli::progress_label(0, prompts.size(), 0));
  std::ostream& progress = options.json ? std::cerr : std::cout;
  const auto say = [&](std::ostream& out, const std::string& text) {
    spinner.print(out, client.redact(text));
  };
  std::size_t finished = 0;
  std::size_t failed = 0;
  std::size_t not_started = 0;
  std::size_t saved = 0;
  double cost = 0;
  bool costed = false;
  std::size_t first_failure = prompts.size();
  int exit_code = edenai::cli::kExitOk;
  edenai::BatchOptions batch;
  batch.concurrency = static_cast<std::size_t>(options.concurrency);
  const edenai::CancellationToken stop;
  batch.stop_launching = stop;
  const edenai::cli::InterruptHandler on_interrupt(interrupts, [&] {
    stop.cancel();
    say(std::cerr, kInterruptedBatch);
  });
  if (interrupts.interrupted()) stop.cancel();  // before the handler was in place
  // Catches what it can: an exception from here would cancel every other prompt of the batch.
  const auto count_failure = [&](std::size_t index, const edenai::cli::Failure& failure,
                                 nlohmann::json& line, bool report) {
    ++failed;
    if (index < first_failure) {
      first_failure = index;
      exit_code = failure.exit_code;
    }
    try {
      if (report) {
        say(std::cerr,
            "edenai-image: line " + std::to_string(prompts[index].line) + ": " + failure.line);
      }
      line["error"] = failure.line;
      line["exit_code"] = failure.exit_code;
    } catch (...) {
    }
  };
  batch.on_result = [&](std::size_t index, edenai::GenerationResult& result) {
    const edenai::cli::PromptLine& prompt = prompts[index];
    nlohmann::json line = nlohmann::json::object();
    if (!result.ok() && never_started(result)) {
      ++not_started;
      line["not_started"] = true;
    } else {
      try {
        // Taken out of the result: the batch need not keep every image until the end.
        const edenai::ImageResponse response = std::move(result.value());
        const std::string where = "edenai-image: line " + std::to_string(prompt.line) + ": ";
        const Saved kept = save_images(
            client, response, options, prompt.text,
            [&](const std::string& text) { say(progress, text); },
            [&](const std::string& text) { say(std::cerr, where + text); });
        saved += kept.images;
        if (response.cost) {
          cost += *response.cost;
          costed = true;
        }
        if (options.json) line["response"] = edenai::cli::response_to_json(response);
        if (kept.failure) throw SaveFailure{*kept.failure};
      } catch (const SaveFailure& unsaved) {  // reported image by image already
        count_failure(index, unsaved.failure, line, false);
      } catch (const std::exception& e) {  // the call's error
        count_failure(index, edenai::cli::describe_failure(e), line, true);
      }
    }
    try {
      if (options.json) {
        line["line"] = prompt.line;
        line["prompt"] = prompt.text;
        // A prompt or a server message need not be UTF-8: replaced, not fatal.
        spinner.print(std::cout,
                      edenai::cli::redacted_json(line, client)
                          .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      }
      spinner.set_label(edenai::cli::progress_label(++finished - not_started,
                                                    prompts.size() - not_started, failed));
    } catch (...) {  // out of memory while printing: the images are saved regardless
    }
  };
  client.generate_batch(bodies, batch);
  spinner.stop();
  std::ostream& summary = options.json ? std::cerr : std::cout;
  const std::size_t done = prompts.size() - not_started;
  if (stop.cancelled()) {
    summary << "interrupted: " << done << " of " << prompts.size() << " prompts done ("
            << (done - failed) << " succeeded, " << failed << " failed), " << saved
            << (saved == 1 ? " image" : " images") << " saved, " << not_started << " not started";
  } else {
    summary << (prompts.size() - failed) << " of " << prompts.size() << " prompts succeeded, "
            << saved << (saved == 1 ? " image" : " images") << " saved";
  }
  if (costed) summary << ", cost $" << cost;
  summary << "\n";
  return stop.cancelled() ? edenai::cli::kExitInterrupted : exit_code;
}

int run(const CliOptions& options, InterruptWatch& interrupts) {
  if (options.prompts_file) return run_batch(options, interrupts);
  edenai::cli::ensure_writable_directory(options.out_dir);  // before anything is bought
  const edenai::Client client = make_client(options);
  const edenai::ImageGenerationBody body = make_body(options, options.prompt);
  const int count = options.n.value_or(1);

  edenai::ImageResponse response;
  {
    edenai::cli::Spinner spinner(
        std::cerr, edenai::cli::stderr_is_terminal(),
        client.redact("generating " + std::to_string(count) + (count == 1 ? " image" : " images") +
                      " with " + options.model));
    edenai::RequestOptions call;
    const edenai::CancellationToken stop;
    call.stop_new_attempts = stop;
    const edenai::cli::InterruptHandler on_interrupt(interrupts, [&] {
      stop.cancel();
      spinner.print(std::cerr, kInterruptedSingle);
    });
    if (interrupts.interrupted()) {
      spinner.stop();
      std::cerr << "edenai-image: interrupted before anything was sent\n";
      return edenai::cli::kExitInterrupted;
    }
    response = client.generate(body, call);
  }

  std::ostream& progress = options.json ? std::cerr : std::cout;
  const edenai::cli::InterruptHandler on_interrupt(interrupts, [] {
    std::cerr << "edenai-image: interrupted: the images that arrived are being saved. Ctrl-C "
                 "again quits at once.\n";
  });
  const Saved kept = save_images(
      client, response, options, options.prompt,
      [&](const std::string& line) { progress << line << "\n"; },
      [&](const std::string& line) { std::cerr << "edenai-image: " << line << "\n"; });
  if (options.json) {
    std::cout << edenai::cli::redacted_json(edenai::cli::response_to_json(response), client).dump(2)
              << "\n";
  } else {
    std::cout << client.redact("provider " + response.provider.value_or("unknown")) << ", cost ";
    if (response.cost) {
      std::cout << "$" << *response.cost << "\n";
    } else {
      std::cout << "not reported\n";
    }
  }
  if (interrupts.interrupted()) {
    std::cerr << "edenai-image: interrupted: the generation in flight finished; " << kept.images
              << " of " << response.data.size() << " images saved\n";
    return edenai::cli::kExitInterrupted;
  }
  return kept.failure ? kept.failure->exit_code : edenai::cli::kExitOk;
}

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

int cli_main(const std::vector<std::string>& args) {
  const std::vector<std::string> keys = keys_in(args);
  CliOptions options;
  try {
    options = edenai::cli::parse_arguments(args);
  } catch (const edenai::cli::UsageError& e) {
    std::cerr << "edenai-image: " << edenai::redact(e.what(), keys) << "\n";
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
  if ((!options.api_key || options.api_key->empty()) && !key_in_environment) {
    std::cerr << "edenai-image: no API key: set EDENAI_API_KEY (or pass --api-key)\n";
    return edenai::cli::kExitAuthentication;
  }
  InterruptWatch interrupts;  // before any other thread starts: they inherit its signal mask
  // Until a generation is under way nothing is bought, and Ctrl-C (reading prompts from a
  // terminal, say) quits at once; each mode puts its own handler in place before it spends.
  interrupts.set_handler([] {
    static const char kLine[] = "\nedenai-image: interrupted before anything was sent\n";
    (void)!::write(STDERR_FILENO, kLine, sizeof kLine - 1);
    ::_exit(edenai::cli::kExitInterrupted);
  });
  try {
    return run(options, interrupts);
  } catch (const edenai::cli::UsageError& e) {  // an unreadable or empty prompts file
    std::cerr << "edenai-image: " << edenai::redact(e.what(), keys) << "\n";
    return edenai::cli::kExitUsage;
  } catch (const std::exception& e) {
    const edenai::cli::Failure failure = edenai::cli::describe_failure(e);
    std::cerr << "edenai-image: " << edenai::redact(failure.line, keys) << "\n";
    return interrupts.interrupted() ? edenai::cli::kExitInterrupted : failure.exit_code;
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
