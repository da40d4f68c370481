// What the commands share: the client, saving images, and one paid call with its spinner.
#include <cctype>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <map>
#include <sstream>

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

Client make_client(const CliOptions& options, std::shared_ptr<Budget> budget) {
  ClientOptions client_options;
  client_options.budget = std::move(budget);
  // The model list (free) gives the estimates a budget reserves, when there is a cap to keep.
  client_options.estimate_from_model_prices = options.max_cost.has_value() || options.dry_run;
  if (options.api_key && !options.api_key->empty()) client_options.api_key = *options.api_key;
  if (options.base_url) client_options.base_url = *options.base_url;
  if (options.retries) client_options.max_retries = *options.retries;
  client_options.max_requests_per_second = options.rate;
  if (options.verbose) {  // every attempt, as the SDK logs it (redacted there)
    client_options.log_level = LogLevel::info;
    client_options.logger = [](LogLevel, const std::string& line) {
      print_line(std::cerr, "edenai-image: " + line);
    };
  }
  if (options.timeout_seconds) {
    client_options.timeout =
        std::chrono::milliseconds(std::llround(*options.timeout_seconds * 1000.0));
  }
  return Client(std::move(client_options));
}

std::shared_ptr<Budget> run_budget(const CliOptions& options) {
  return std::make_shared<Budget>(
      options.max_cost.value_or(std::numeric_limits<double>::infinity()));
}

namespace {

std::string dollars(double usd) {
  std::ostringstream out;
  out << "$" << usd;
  return out.str();
}

}  // namespace

std::string cost_summary(const Budget& budget, const CliOptions& options) {
  const ModelSpending total = budget.total();
  std::string line = "total cost " + dollars(budget.spent());
  if (options.max_cost) line += " of --max-cost " + dollars(*options.max_cost);
  if (total.unknown_cost_calls > 0) {
    line += " (" + std::to_string(total.unknown_cost_calls) +
            (total.unknown_cost_calls == 1 ? " call" : " calls") + " of unknown cost, " +
            dollars(total.estimated_cost) + " of it estimated)";
  }
  return line;
}

int run_dry_run(const CliOptions& options, const Client& client, std::size_t count,
                const std::function<CostEstimate(std::size_t)>& estimate,
                const std::vector<std::size_t>& lines) {
  double usd = 0;
  long long images = 0;
  std::size_t invalid = 0;
  std::map<std::string, std::size_t> sources;
  nlohmann::json errors = nlohmann::json::array();
  int exit_code = kExitOk;
  for (std::size_t i = 0; i < count; ++i) {
    try {
      const CostEstimate e = estimate(i);
      usd += e.usd;
      images += e.images;
      ++sources[to_string(e.source)];
    } catch (const std::exception& e) {
      ++invalid;
      Failure failure = describe_failure(e);
      if (exit_code == kExitOk) exit_code = failure.exit_code;
      const std::string where = lines.empty() ? "" : "line " + std::to_string(lines[i]) + ": ";
      std::cerr << "edenai-image: " << client.redact(where + failure.line) << "\n";
      nlohmann::json entry = error_to_json(&e, failure)["error"];
      if (!lines.empty()) entry["line"] = lines[i];
      errors.push_back(std::move(entry));
    }
  }
  const std::size_t valid = count - invalid;
  if (options.json) {
    nlohmann::json out = {{"dry_run", true},
                          {"requests", count},
                          {"valid", valid},
                          {"invalid", invalid},
                          {"images", images},
                          {"estimated_cost", usd},
                          {"estimate_sources", sources},
                          {"errors", std::move(errors)}};
    if (options.max_cost) out["max_cost"] = *options.max_cost;
    print_json(out, client);
  } else {
    std::string from;
    for (const auto& [source, n] : sources)
      from += (from.empty() ? "" : ", ") + std::to_string(n) + " " + source;
    std::cout << "dry run: " << valid << " of " << count << (count == 1 ? " request" : " requests")
              << " valid, " << images << (images == 1 ? " image" : " images") << ", estimated cost "
              << dollars(usd);
    if (!from.empty()) std::cout << " (estimates: " << from << ")";
    if (options.max_cost && usd > *options.max_cost) {
      std::cout << ", more than --max-cost " << dollars(*options.max_cost)
                << ": the run would stop before the end";
    }
    std::cout << "; nothing was sent\n";
  }
  return exit_code;
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

nlohmann::json saved_json(const ImageResponse& response, const Saved& saved) {
  nlohmann::json out = response_to_json(response);
  for (std::size_t i = 0; i < saved.paths.size() && i < out["data"].size(); ++i) {
    out["data"][i]["saved"] = saved.paths[i] ? nlohmann::json(*saved.paths[i]) : nlohmann::json();
  }
  return out;
}

std::string output_directory(const CliOptions& options) {
  if (!options.output_file) return options.out_dir;
  const std::filesystem::path parent = std::filesystem::path(*options.output_file).parent_path();
  return parent.empty() ? "." : parent.string();
}

namespace {

constexpr std::size_t kMaxNumber = 1'000'000;

bool already_exists(const SaveError& e) {
  return e.code() == std::errc::file_exists;
}

// Where the images of one response go: `-o FILE` for the first (its extension made the real
// format's) and FILE's stem numbered from 2 for any other; else `DIR/<stem>-<k>.<ext>`, the
// response's images numbered as a block, image i as <stem>-<first + i>, with the first block
// of numbers that no file of an image extension holds. A second run of two images thus gives
// <stem>-3 and <stem>-4 beside the first run's <stem>-1 and <stem>-2, rather than <stem>-1-2 and
// <stem>-2-2. The names are checked first and written exclusively (save_image): a file created
// meanwhile is never replaced, the image then taking the next free `-2` name of its own.
class ImageNames {
 public:
  ImageNames(const CliOptions& options, const std::string& prompt, std::size_t count)
      : options_(options), stem_(file_stem(prompt)) {
    if (options.output_file) return;
    while (first_ < kMaxNumber && !block_is_free(count))
      ++first_;
  }

  /// Saves image `index` under its name and returns the path; `note` says why it is not the
  /// name it was given, when it is not. @throws SaveError
  std::string save(std::size_t index, const std::vector<std::uint8_t>& bytes, std::string& note) {
    if (options_.output_file) return save_output(index, bytes, note);
    const std::filesystem::path dir = options_.out_dir;
    const std::string name = stem_ + "-" + std::to_string(first_ + index);
    try {
      return save_image(bytes, dir / name).string();
    } catch (const SaveError& e) {
      if (!already_exists(e)) throw;
      note = e.path().filename().string() + " appeared meanwhile";
    }
    return save_image_in(bytes, dir, name).string();
  }

 private:
  std::string save_output(std::size_t index, const std::vector<std::uint8_t>& bytes,
                          std::string& note) {
    const std::filesystem::path file = *options_.output_file;
    if (index == 0) {
      try {
        return save_image(bytes, file).string();
      } catch (const SaveError& e) {
        if (!already_exists(e)) throw;
        note = e.path().filename().string() + " exists";  // e.g. fox.jpg for -o fox.png
      }
    }
    return save_image_in(bytes, output_directory(options_), file_stem_of(file)).string();
  }

  bool block_is_free(std::size_t count) const {
    std::error_code error;
    for (std::size_t i = 0; i < count; ++i) {
      const std::string name = stem_ + "-" + std::to_string(first_ + i);
      for (const char* extension : kExtensions) {
        if (std::filesystem::exists(std::filesystem::path(options_.out_dir) / (name + extension),
                                    error)) {
          return false;
        }
      }
    }
    return true;
  }

  // fox.png -> fox, fox.v2 -> fox.v2.
  static std::string file_stem_of(const std::filesystem::path& file) {
    std::string extension = file.extension().string();
    for (char& c : extension)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const char* known : kExtensions) {
      if (extension == known) return file.stem().string();
    }
    return file.filename().string();
  }

  // The names an image of any format gets (an unknown one is written as named).
  static constexpr const char* kExtensions[] = {".png", ".jpg", ".jpeg", ".webp", ".gif", ""};

  const CliOptions& options_;
  std::string stem_;
  std::size_t first_ = 1;
};

}  // namespace

Saved save_images(const Client& client, const ImageResponse& response, const CliOptions& options,
                  const std::string& prompt, const LineSink& report, const LineSink& fail) {
  ImageNames names(options, prompt, response.data.size());
  Saved saved;
  saved.paths.resize(response.data.size());
  if (response.data.empty()) {  // exit 0 means the images were saved: none is no success
    saved.failure = Failure{kExitFailure, "the response holds no image: nothing was saved"};
    fail(saved.failure->line);
  }
  for (std::size_t i = 0; i < response.data.size(); ++i) {
    try {
      const std::vector<std::uint8_t> bytes = client.download(response.data[i]);
      const ImageFormat format = detect_image_format(bytes);
      std::string note;
      const std::string path = names.save(i, bytes, note);
      std::string line = describe_saved(path, format, bytes.size());
      if (!note.empty()) line += " (" + note + ")";
      report(client.redact(line));
      saved.paths[i] = path;
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
                  const Budget& budget, const std::string& label, const std::string& what,
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
    try {
      response = call(request);
    } catch (const Error&) {
      // What the failure may have cost, when it may have cost something (or was kept under a
      // cap); a failure that bought nothing stays one line.
      if (budget.spent() > 0 || options.max_cost) {
        spinner.stop();
        std::cerr << "edenai-image: " << cost_summary(budget, options) << "\n";
      }
      throw;
    }
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
    std::cout << redacted_json(saved_json(response, kept), client)
                     .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
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
    std::cerr << "edenai-image: interrupted: the " << what << " in flight finished; " << kept.images
              << " of " << response.data.size() << " images saved\n";
    return kExitInterrupted;
  }
  return kept.failure ? kept.failure->exit_code : kExitOk;
}

}  // namespace edenai::cli
