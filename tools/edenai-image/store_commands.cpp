// edenai-image upload, files and files delete: Eden's file store.
#include <algorithm>
#include <iostream>

#include "commands.hpp"
#include "listing.hpp"

namespace edenai::cli {
namespace {

// Client::delete_files takes at most this many ids per call.
constexpr std::size_t kDeleteChunk = 100;

void print_deleted(const CliOptions& options, const Client& client, int deleted,
                   std::optional<std::size_t> asked) {
  if (options.json) {
    print_json({{"deleted_count", deleted}}, client);
    return;
  }
  std::cout << "deleted " << deleted;
  if (asked && static_cast<std::size_t>(deleted) < *asked) {
    std::cout << " of " << *asked << " files (ids Eden does not know are ignored)\n";
  } else {
    std::cout << (deleted == 1 ? " file\n" : " files\n");
  }
}

}  // namespace

int run_upload(const CliOptions& options) {
  require_readable(options.upload_file, "file");
  UploadRequest request = UploadRequest::file(options.upload_file);
  request.expires_in_days = options.expires_days;
  request.purpose = options.purpose;
  const Client client = make_client(options);
  const UploadResponse stored = client.upload(request);
  if (options.json) {
    print_json(file_to_json(stored), client);
  } else {
    std::cout << client.redact(stored.file_id) << "\n";
  }
  return kExitOk;
}

int run_files(const CliOptions& options) {
  const Client client = make_client(options);
  ListFilesQuery query;
  query.purpose = options.purpose;
  const std::vector<FileResponse> files = client.list_all_files(query);
  if (options.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const FileResponse& file : files)
      out.push_back(file_to_json(file));
    print_json(out, client);
    return kExitOk;
  }
  if (files.empty()) {
    std::cout << client.redact(options.purpose ? "no files of purpose " + *options.purpose
                                               : std::string("no files"))
              << "\n";
    return kExitOk;
  }
  std::vector<TableRow> rows;
  rows.reserve(files.size());
  for (const FileResponse& file : files)
    rows.push_back(file_row(file));
  std::cout << format_table(files_header(), redact_cells(client, std::move(rows)));
  return kExitOk;
}

int run_files_delete(const CliOptions& options) {
  const Client client = make_client(options);
  if (options.delete_all) {  // --yes was required by the parser
    print_deleted(options, client, client.delete_all_files(), std::nullopt);
    return kExitOk;
  }
  int deleted = 0;
  for (std::size_t at = 0; at < options.file_ids.size(); at += kDeleteChunk) {
    const auto begin = options.file_ids.begin() + static_cast<std::ptrdiff_t>(at);
    const auto end =
        begin + static_cast<std::ptrdiff_t>(std::min(kDeleteChunk, options.file_ids.size() - at));
    deleted += client.delete_files(std::vector<std::string>(begin, end));
  }
  print_deleted(options, client, deleted, options.file_ids.size());
  return kExitOk;
}

}  // namespace edenai::cli
