// edenai-image [generate]: one prompt, or a batch of prompts (--prompts FILE) through
// Client::generate_batch, each saved as it arrives.
#include <fstream>
#include <iostream>

#include "batch_input.hpp"
#include "commands.hpp"
#include "edenai/errors.hpp"
#include "image_files.hpp"
#include "spinner.hpp"

namespace edenai::cli {
namespace {

constexpr const char* kInterruptedBatch =
    "edenai-image: interrupted: no new prompt or retry starts; generations already sent (they "
    "may be billed) finish and are saved. Ctrl-C again quits at once.";

ImageGenerationBody make_body(const CliOptions& options, const std::string& prompt) {
  ImageGenerationBody body;
  body.model = options.model;
  body.prompt = prompt;
  body.n = options.n;
  body.size = options.size;
  body.quality = options.quality;
  body.extra = options.extra;
  return body;
}

std::vector<PromptLine> load_prompts(const std::string& file) {
  if (file == "-") return read_prompts(std::cin);
  std::ifstream in(file);
  if (!in) throw UsageError("cannot read the prompts file " + file);
  return read_prompts(in);
}

// A prompt whose response came, but some of whose images could not be saved.
struct SaveFailure {
  Failure failure;
};

// Whether a batch result is a prompt the budget refused (nothing sent).
bool over_budget(const GenerationResult& result) {
  return !result.ok() && result.kind() == ErrorKind::budget_exceeded;
}

// Whether a batch result is a prompt the batch never started (after Ctrl-C).
bool never_started(const GenerationResult& result) {
  try {
    result.rethrow();
  } catch (const CancelledError& e) {
    return e.attempts() == 0 && e.delivery() == Delivery::not_sent;
  } catch (...) {
  }
  return false;
}

// Batch mode: every prompt through Client::generate_batch; each result is saved (or reported)
// as it arrives, while the others keep running on the client's I/O thread. The first Ctrl-C
// stops launching prompts; those in flight finish and are saved.
int run_batch(const CliOptions& options, InterruptWatch& interrupts) {
  const std::vector<PromptLine> prompts = load_prompts(*options.prompts_file);
  if (prompts.empty()) throw UsageError("no prompts in " + *options.prompts_file);
  if (!options.dry_run) ensure_writable_directory(output_directory(options));  // before buying
  const std::shared_ptr<Budget> budget = run_budget(options);
  const Client client = make_client(options, budget);
  std::vector<ImageGenerationBody> bodies;
  bodies.reserve(prompts.size());
  for (const auto& prompt : prompts)
    bodies.push_back(make_body(options, prompt.text));
  if (options.dry_run) {
    std::vector<std::size_t> lines;
    lines.reserve(prompts.size());
    for (const auto& prompt : prompts)
      lines.push_back(prompt.line);
    return run_dry_run(
        options, client, bodies.size(),
        [&](std::size_t i) { return client.estimate_cost(bodies[i]); }, lines);
  }

  Spinner spinner(std::cerr, stderr_is_terminal(), progress_label(0, prompts.size(), 0));
  std::ostream& progress = options.json ? std::cerr : std::cout;
  const auto say = [&](std::ostream& out, const std::string& text) {
    spinner.print(out, client.redact(text));
  };
  std::size_t finished = 0;
  std::size_t failed = 0;
  std::size_t not_started = 0;
  std::size_t unaffordable = 0;  // refused by --max-cost, nothing sent
  std::size_t saved = 0;
  std::size_t first_failure = prompts.size();
  int exit_code = kExitOk;
  BatchOptions batch;
  batch.concurrency = static_cast<std::size_t>(options.concurrency);
  const CancellationToken stop;
  batch.stop_launching = stop;
  const InterruptHandler on_interrupt(interrupts, [&] {
    stop.cancel();
    say(std::cerr, kInterruptedBatch);
  });
  if (interrupts.interrupted()) stop.cancel();  // before the handler was in place
  // Catches what it can: an exception from here would cancel every other prompt of the batch.
  const auto count_failure = [&](std::size_t index, const Failure& failure, nlohmann::json& line,
                                 bool report, const std::exception* error) {
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
      line["error"] = error_to_json(error, failure, "save")["error"];
      line["exit_code"] = failure.exit_code;
    } catch (...) {
    }
  };
  batch.on_result = [&](std::size_t index, GenerationResult& result) {
    const PromptLine& prompt = prompts[index];
    nlohmann::json line = nlohmann::json::object();
    if (!result.ok() && (never_started(result) || over_budget(result))) {
      ++not_started;
      line["not_started"] = true;
      if (over_budget(result)) {
        ++unaffordable;
        line["over_budget"] = true;
      }
    } else {
      try {
        // Taken out of the result: the batch need not keep every image until the end.
        const ImageResponse response = std::move(result.value());
        const std::string where = "edenai-image: line " + std::to_string(prompt.line) + ": ";
        const Saved kept = save_images(
            client, response, options, prompt.text,
            [&](const std::string& text) { say(progress, text); },
            [&](const std::string& text) { say(std::cerr, where + text); });
        saved += kept.images;
        if (options.json) line["response"] = saved_json(response, kept);
        if (kept.failure) throw SaveFailure{*kept.failure};
      } catch (const SaveFailure& unsaved) {  // reported image by image already
        count_failure(index, unsaved.failure, line, false, nullptr);
      } catch (const std::exception& e) {  // the call's error
        count_failure(index, describe_failure(e), line, true, &e);
      }
    }
    try {
      if (options.json) {
        line["line"] = prompt.line;
        line["prompt"] = prompt.text;
        // A prompt or a server message need not be UTF-8: replaced, not fatal.
        spinner.print(std::cout,
                      redacted_json(line, client)
                          .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      }
      spinner.set_label(
          progress_label(++finished - not_started, prompts.size() - not_started, failed));
    } catch (...) {  // out of memory while printing: the images are saved regardless
    }
  };
  client.generate_batch(bodies, batch);
  spinner.stop();
  std::ostream& summary = options.json ? std::cerr : std::cout;
  const std::size_t done = prompts.size() - not_started;
  if (stop.cancelled() || unaffordable > 0) {
    summary << (stop.cancelled() ? "interrupted: " : "") << done << " of " << prompts.size()
            << " prompts done (" << (done - failed) << " succeeded, " << failed << " failed), "
            << saved << (saved == 1 ? " image" : " images") << " saved, " << not_started
            << " not started";
    if (unaffordable > 0) {
      summary << " (" << unaffordable << " would have exceeded --max-cost)";
    }
  } else {
    summary << (prompts.size() - failed) << " of " << prompts.size() << " prompts succeeded, "
            << saved << (saved == 1 ? " image" : " images") << " saved";
  }
  summary << ", " << cost_summary(*budget, options) << "\n";
  if (stop.cancelled()) return kExitInterrupted;
  return exit_code == kExitOk && unaffordable > 0 ? kExitBudget : exit_code;
}
}  // namespace

int run_generate(const CliOptions& options, InterruptWatch& interrupts) {
  if (options.prompts_file) return run_batch(options, interrupts);
  if (!options.dry_run) ensure_writable_directory(output_directory(options));  // before buying
  const std::shared_ptr<Budget> budget = run_budget(options);
  const Client client = make_client(options, budget);
  const ImageGenerationBody body = make_body(options, options.prompt);
  if (options.dry_run) {
    return run_dry_run(options, client, 1, [&](std::size_t) { return client.estimate_cost(body); },
                       {});
  }
  const int count = options.n.value_or(1);
  return run_paid_call(options, interrupts, client, *budget,
                       "generating " + std::to_string(count) + (count == 1 ? " image" : " images") +
                           " with " + options.model,
                       "generation",
                       [&](const RequestOptions& call) { return client.generate(body, call); });
}

}  // namespace edenai::cli
