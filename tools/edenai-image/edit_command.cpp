// edenai-image edit: the canvas and references (--image files inline, --file-id from the store,
// in command-line order), an optional mask, and the results saved as generations are.
#include "commands.hpp"
#include "image_files.hpp"

namespace edenai::cli {

int run_edit(const CliOptions& options, InterruptWatch& interrupts) {
  for (const EditImage& image : options.images) {
    if (image.kind == EditImage::Kind::file) require_readable(image.value, "image file");
  }
  if (options.mask) require_readable(*options.mask, "mask file");
  if (!options.dry_run) ensure_writable_directory(output_directory(options));  // before buying

  ImageEditBody body;
  body.model = options.model;
  body.prompt = options.prompt;
  for (const EditImage& image : options.images) {
    body.images.push_back(image.kind == EditImage::Kind::file ? ImageRef::file(image.value)
                                                              : ImageRef::file_id(image.value));
  }
  if (options.mask) body.mask = ImageRef::file(*options.mask);
  body.n = options.n;
  body.size = options.size;
  body.quality = options.quality;
  body.extra = options.extra;

  const std::shared_ptr<Budget> budget = run_budget(options);
  const Client client = make_client(options, budget);
  if (options.dry_run) {
    return run_dry_run(options, client, 1, [&](std::size_t) { return client.estimate_cost(body); },
                       {});
  }
  const int count = options.n.value_or(1);
  return run_paid_call(options, interrupts, client, *budget,
                       "editing " + std::to_string(count) + (count == 1 ? " image" : " images") +
                           " with " + options.model,
                       "edit", [&](const RequestOptions& call) { return client.edit(body, call); });
}

}  // namespace edenai::cli
