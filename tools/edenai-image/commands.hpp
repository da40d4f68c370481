// The commands of edenai-image, and what they share: the client, saving a response's images, a
// paid call with its spinner and Ctrl-C handling.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli_options.hpp"
#include "edenai/client.hpp"
#include "interrupt.hpp"
#include "listing.hpp"
#include "report.hpp"

namespace edenai::cli {

/// The whole tool: parses `args` (`argv[1..]`), runs the command, prints, and returns the exit
/// code. `version_line` is what `--version` prints.
int run_cli(const std::vector<std::string>& args, const std::string& version_line);

/// The client the options describe, guarded by `budget` when given.
Client make_client(const CliOptions& options, std::shared_ptr<Budget> budget = nullptr);

/// The budget of a paid run: `--max-cost`'s cap, else none (it then only counts).
std::shared_ptr<Budget> run_budget(const CliOptions& options);

/// `total cost $X` of what `budget` accounted, with the calls of unknown cost and the cap when
/// there is one.
std::string cost_summary(const Budget& budget, const CliOptions& options);

/// @throws UsageError naming `what` when `path` cannot be opened for reading.
void require_readable(const std::string& path, const std::string& what);

/// What saving a response's images came to.
struct Saved {
  std::size_t images = 0;
  /// Per image of the response, in order: the path it was saved to, or none.
  std::vector<std::optional<std::string>> paths;
  std::optional<Failure> failure;  ///< the first image that could not be saved
};

/// `response_to_json(response)` with each image's saved path (`data[i].saved`, null when it was
/// not saved).
nlohmann::json saved_json(const ImageResponse& response, const Saved& saved);

/// The directory the images are saved in: `--out-dir`, or `-o FILE`'s.
std::string output_directory(const CliOptions& options);

/// Prints `value` on stdout, indented, with the client's secrets redacted (text that is not UTF-8
/// is replaced, not fatal).
void print_json(const nlohmann::json& value, const Client& client);

/// `rows` with the client's secrets redacted from every cell.
std::vector<TableRow> redact_cells(const Client& client, std::vector<TableRow> rows);

using LineSink = std::function<void(const std::string&)>;

/// Saves every image of `response` it can (downloading `url` items) as
/// `options.out_dir/<stem of prompt>-<k>.<ext>` (k the next free number), or the first as
/// `-o FILE`, and reports each saved file through `report`.
/// An image that cannot be downloaded, decoded or written is reported through `fail`, and the
/// others are saved all the same: they are paid for. Such a failure exits 1, as does a response
/// without images.
Saved save_images(const Client& client, const ImageResponse& response, const CliOptions& options,
                  const std::string& prompt, const LineSink& report, const LineSink& fail);

/// One paid call (a generation or an edit) and its images: a spinner labelled `label` while it
/// runs; the first Ctrl-C starts no retry and lets the call finish and its images be saved
/// (exit 130); then the images are saved and the response printed (`--json`, or the provider
/// and cost). `what` names the call in messages ("generation", "edit"). A failure that may have
/// been billed (or under `--max-cost`) prints the run's total cost (`budget`'s) on stderr first.
int run_paid_call(const CliOptions& options, InterruptWatch& interrupts, const Client& client,
                  const Budget& budget, const std::string& label, const std::string& what,
                  const std::function<ImageResponse(const RequestOptions&)>& call);

/// `edenai-image [generate]`: one prompt, or a batch (`--prompts`).
int run_generate(const CliOptions& options, InterruptWatch& interrupts);
/// `edenai-image edit`.
int run_edit(const CliOptions& options, InterruptWatch& interrupts);
/// `edenai-image upload FILE`.
int run_upload(const CliOptions& options);
/// `edenai-image files`.
int run_files(const CliOptions& options);
/// `edenai-image files delete`.
int run_files_delete(const CliOptions& options);
/// `edenai-image models`.
int run_models(const CliOptions& options);
/// `edenai-image credits`.
int run_credits(const CliOptions& options);

/// `--dry-run` of generate or edit: each body validated and estimated (`estimate(i)` throws
/// InvalidRequestError for an invalid one), the totals printed; nothing paid is sent. `lines`
/// gives each body's line number in messages (empty for a single body).
int run_dry_run(const CliOptions& options, const Client& client, std::size_t count,
                const std::function<CostEstimate(std::size_t)>& estimate,
                const std::vector<std::size_t>& lines);

}  // namespace edenai::cli
