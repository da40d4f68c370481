// edenai-image models: the image models of the base URL's region, as a table or as JSON; and
// edenai-image credits: the account's remaining credits.
#include <iostream>

#include "commands.hpp"
#include "listing.hpp"

namespace edenai::cli {

int run_models(const CliOptions& options) {
  const Client client = make_client(options);
  const ListModelsResponse list = client.list_image_models();
  if (options.json) {
    print_json(models_to_json(list), client);
    return kExitOk;
  }
  std::vector<TableRow> rows;
  rows.reserve(list.data.size());
  for (const ModelObject& model : list.data)
    rows.push_back(model_row(model));
  std::cout << format_table(models_header(), redact_cells(client, std::move(rows)));
  return kExitOk;
}

}  // namespace edenai::cli

namespace edenai::cli {

int run_credits(const CliOptions& options) {
  const Client client = make_client(options);
  const double credits = client.credits();
  if (options.json) {
    print_json({{"credits", credits}}, client);
  } else {
    std::cout << "credits: " << credits << "\n";
  }
  return kExitOk;
}

}  // namespace edenai::cli
