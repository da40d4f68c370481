// edenai-image upload, files and files delete: Eden's file store.
#include <algorithm>
#include <cctype>
#include <iostream>

#include "commands.hpp"
#include "listing.hpp"

namespace edenai::cli {
namespace {

// Client::delete_files takes at most this many ids per call.
constexpr std::size_t kDeleteChunk = 100;

// A file id as the contract has them (a UUID), checked for every id before the first batch
// goes out: a deletion cannot be undone, so a typo must not stop the command half-way.
bool is_file_id(const std::string& id) {
  if (id.size() != 36) return false;
  for (std::size_t i = 0; i < id.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? id[i] != '-' : std::isxdigit(static_cast<unsigned char>(id[i])) == 0) return false;
  }
  return true;
}

// The name Eden records for an uploaded file: the file's base name, with what the SDK refuses
// in a name (control characters, quotes, bytes that are not UTF-8) replaced by '_'.
std::string upload_name(std::string name) {
  for (std::size_t i = 0; i < name.size();) {
    const auto c = static_cast<unsigned char>(name[i]);
    std::size_t length = c < 0x80           ? 1
                         : (c >> 5) == 0x6  ? 2
                         : (c >> 4) == 0xE  ? 3
                         : (c >> 3) == 0x1E ? 4
                                            : 0;
    bool valid = length > 0 && i + length <= name.size();
    for (std::size_t k = 1; valid && k < length; ++k) {
      valid = (static_cast<unsigned char>(name[i + k]) & 0xC0) == 0x80;
    }
    if (!valid || c < 0x20 || c == 0x7f || c == '"') {
      name[i] = '_';
      length = 1;
    }
    i += length;
  }
  return name;
}

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
  request.file_name = upload_name(std::move(request.file_name));
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
  for (std::size_t i = 0; i < options.file_ids.size(); ++i) {
    if (!is_file_id(options.file_ids[i])) {
      throw UsageError("id " + std::to_string(i + 1) + " is not a file id (a UUID such as " +
                       "550e8400-e29b-41d4-a716-446655440000): " + options.file_ids[i] +
                       "; nothing was deleted");
    }
  }
  int deleted = 0;
  for (std::size_t at = 0; at < options.file_ids.size(); at += kDeleteChunk) {
    const auto begin = options.file_ids.begin() + static_cast<std::ptrdiff_t>(at);
    const auto end =
        begin + static_cast<std::ptrdiff_t>(std::min(kDeleteChunk, options.file_ids.size() - at));
    try {
      deleted += client.delete_files(std::vector<std::string>(begin, end));
    } catch (const Error&) {
      if (deleted > 0 || at > 0) {  // what is gone is gone: say so before the error
        std::cerr << "edenai-image: " << deleted << " file(s) deleted before the failure (ids 1 to "
                  << at << " sent)\n";
      }
      throw;
    }
  }
  print_deleted(options, client, deleted, options.file_ids.size());
  return kExitOk;
}

}  // namespace edenai::cli
