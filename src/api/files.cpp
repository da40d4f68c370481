// Eden's file store: POST /v3/upload (multipart), GET /v3/upload, POST /v3/upload/delete and
// DELETE /v3/upload. Operations, decoders and the client's calls.
#include <algorithm>
#include <climits>
#include <unordered_set>

#include "api/decoders.hpp"
#include "api/image_format.hpp"
#include "api/validation.hpp"
#include "core/client_impl.hpp"
#include "edenai/errors.hpp"
#include "json/codec.hpp"
#include "json/reader.hpp"

namespace edenai {

UploadRequest UploadRequest::file(const std::string& path) {
  std::string data = internal::read_file(path, "file");
  const std::size_t slash = path.find_last_of('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  return bytes(std::move(data), std::move(name));
}

UploadRequest UploadRequest::bytes(std::string data, std::string file_name, std::string mime_type) {
  UploadRequest request;
  request.data = std::move(data);
  request.file_name = std::move(file_name);
  request.mime_type =
      mime_type.empty() ? internal::file_mime_type(request.data) : std::move(mime_type);
  return request;
}

namespace internal {
namespace {

constexpr std::size_t kMaxPurposeChars = 50;
constexpr int kMaxExpiryDays = 30;
constexpr int kMaxPageLimit = 1000;
constexpr std::size_t kMaxDeleteIds = 100;

bool has_control(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

void validate_purpose(const std::optional<std::string>& purpose, std::size_t min_chars) {
  if (!purpose) return;
  const auto chars = utf8_length(*purpose);
  if (!chars) refuse("purpose", "is not valid UTF-8");
  if (*chars < min_chars || *chars > kMaxPurposeChars) {
    refuse("purpose", "must have " + std::to_string(min_chars) + " to 50 characters (has " +
                          std::to_string(*chars) + ")");
  }
}

// 8-4-4-4-12 hexadecimal digits: the `format: uuid` of the contract's file ids.
bool is_uuid(std::string_view id) {
  if (id.size() != 36) return false;
  for (std::size_t i = 0; i < id.size(); ++i) {
    const char c = id[i];
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (dash ? c != '-' : !hex) return false;
  }
  return true;
}

Operation upload(const UploadRequest& request) {
  if (request.data.empty()) refuse("data", "is empty: there is no file to upload");
  if (request.file_name.empty()) refuse("file_name", "must not be empty");
  if (!utf8_length(request.file_name) || has_control(request.file_name) ||
      request.file_name.find('"') != std::string::npos) {
    refuse("file_name", "must be valid UTF-8 without control characters or quotes");
  }
  if (!request.mime_type.empty() && !is_mime_type(request.mime_type)) {
    refuse("mime_type", "must be a MIME type such as image/png (type/subtype)");
  }
  if (request.expires_in_days &&
      (*request.expires_in_days < 1 || *request.expires_in_days > kMaxExpiryDays)) {
    refuse("expires_in_days",
           "must be from 1 to 30 (is " + std::to_string(*request.expires_in_days) + ")");
  }
  validate_purpose(request.purpose, 1);
  Operation operation;
  operation.method = "POST";
  operation.path = "/v3/upload";
  operation.form.push_back(
      {"file", request.data, request.file_name,
       request.mime_type.empty() ? "application/octet-stream" : request.mime_type});
  if (request.expires_in_days) {
    operation.form.push_back({"expires_in_days", std::to_string(*request.expires_in_days), {}, {}});
  }
  if (request.purpose) operation.form.push_back({"purpose", *request.purpose, {}, {}});
  return operation;  // not repeatable: a second attempt after an answer would store a second file
}

Operation list_files(const ListFilesQuery& query) {
  validate_purpose(query.purpose, 0);
  if (query.page && *query.page < 1) {
    refuse("page", "must be at least 1 (is " + std::to_string(*query.page) + ")");
  }
  if (query.limit && (*query.limit < 1 || *query.limit > kMaxPageLimit)) {
    refuse("limit", "must be from 1 to 1000 (is " + std::to_string(*query.limit) + ")");
  }
  Operation operation;
  operation.path = "/v3/upload";
  operation.repeatable = true;
  const auto add = [&](const char* name, const std::string& value) {
    operation.query +=
        (operation.query.empty() ? "" : "&") + std::string(name) + "=" + encode_query_value(value);
  };
  if (query.purpose) add("purpose", *query.purpose);
  if (query.page) add("page", std::to_string(*query.page));
  if (query.limit) add("limit", std::to_string(*query.limit));
  return operation;
}

Operation delete_files(const std::vector<std::string>& ids) {
  if (ids.empty() || ids.size() > kMaxDeleteIds) {
    refuse("file_ids", "must hold 1 to 100 ids (holds " + std::to_string(ids.size()) + ")");
  }
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (!is_uuid(ids[i])) {
      refuse("file_ids[" + std::to_string(i) + "]",
             "must be a file id, a UUID such as 550e8400-e29b-41d4-a716-446655440000");
    }
  }
  Operation operation;
  operation.method = "POST";
  operation.path = "/v3/upload/delete";
  operation.json = dump_request(nlohmann::json{{"file_ids", ids}});
  operation.repeatable = true;  // deleting twice deletes nothing more
  return operation;
}

using namespace json;  // NOLINT(google-build-using-namespace): the readers are this file's words

// A stored file: `file_id` is what the response exists for (strict); the rest is metadata.
FileResponse read_file_object(od::value& value, const Path& path, int depth) {
  FileResponse file;
  MetadataReader metadata(file.extra, depth);
  std::optional<std::string> id;
  std::optional<std::string> name;
  for_each_member(require_object(value, path), path,
                  [&](std::string_view key, const Path& child, od::value& v) {
                    if (key == "file_id") {
                      if (holds(v, child, od::json_type::string, "string"))
                        id = string_of(v, child);
                    } else if (key == "file_name") {
                      metadata.string(key, v, child, name);
                    } else if (key == "file_size") {
                      metadata.integer(key, v, child, file.file_size);
                    } else if (key == "file_mimetype") {
                      metadata.string(key, v, child, file.file_mimetype);
                    } else if (key == "purpose") {
                      metadata.string(key, v, child, file.purpose);
                    } else if (key == "created_at") {
                      metadata.string(key, v, child, file.created_at);
                    } else if (key == "expires_at") {
                      metadata.string(key, v, child, file.expires_at);
                    } else if (key == "metadata") {
                      metadata.object(key, v, child, file.metadata);
                    } else {
                      metadata.keep(key, v, child);
                    }
                  });
  if (!id) fail(Path(path, "file_id"), "missing");
  file.file_id = std::move(*id);
  file.file_name = name.value_or("");
  return file;
}

}  // namespace

using namespace json;  // NOLINT(google-build-using-namespace): the readers are this file's words

FileResponse decode_upload(const SharedBody& shared) {
  const std::string& body = *shared;
  FileResponse file;
  with_document(body, [&](od::value& root) { file = read_file_object(root, "$", 1); });
  return file;
}

ListFilesResponse decode_file_list(const SharedBody& shared) {
  const std::string& body = *shared;
  ListFilesResponse list;
  bool has_items = false;
  with_document(body, [&](od::value& root) {
    MetadataReader metadata(list.extra, 1);
    for_each_member(
        require_object(root, "$"), "$", [&](std::string_view key, const Path& path, od::value& v) {
          if (key == "items") {
            has_items = true;
            list.items.clear();  // a repeated key: the last one, as other parsers
            if (!holds(v, path, od::json_type::array, "array or null")) return;
            for_each_element(array_of(v, path), path, [&](const Path& child, od::value& item) {
              list.items.push_back(read_file_object(item, child, 3));
            });
          } else if (key == "total") {
            metadata.integer(key, v, path, list.total);
          } else if (key == "page") {
            metadata.integer(key, v, path, list.page);
          } else if (key == "limit") {
            metadata.integer(key, v, path, list.limit);
          } else if (key == "total_pages") {
            metadata.integer(key, v, path, list.total_pages);
          } else {
            metadata.keep(key, v, path);
          }
        });
  });
  if (!has_items) fail("$.items", "missing");
  return list;
}

// `deleted_count` is what the response exists for: it must be an integer.
int decode_deleted_count(const SharedBody& shared) {
  const std::string& body = *shared;
  std::optional<int> count;
  with_document(body, [&](od::value& root) {
    for_each_member(require_object(root, "$"), "$",
                    [&](std::string_view key, const Path& path, od::value& v) {
                      std::int64_t n = 0;
                      if (key != "deleted_count") return;
                      if (type_of(v, path) != od::json_type::number || v.get_int64().get(n) ||
                          n < 0 || n > INT32_MAX) {
                        fail(path, "expected a count");
                      }
                      count = static_cast<int>(n);
                    });
  });
  if (!count) fail("$.deleted_count", "missing");
  return *count;
}

}  // namespace internal

UploadResponse Client::upload(const UploadRequest& request, const RequestOptions& options) const {
  return impl_->call([&] { return internal::upload(request); }, options, internal::decode_upload);
}

ListFilesResponse Client::list_files(const ListFilesQuery& query,
                                     const RequestOptions& options) const {
  return impl_->call([&] { return internal::list_files(query); }, options,
                     internal::decode_file_list);
}

std::vector<FileResponse> Client::list_all_files(const ListFilesQuery& query,
                                                 const RequestOptions& options) const {
  std::vector<FileResponse> files;
  std::unordered_set<std::string> seen;
  ListFilesQuery page = query;
  page.page = query.page.value_or(1);
  for (;;) {
    ListFilesResponse list = list_files(page, options);
    bool news = false;  // a server that repeats a page (or ignores `page`) ends the walk
    for (auto& file : list.items) {
      if (seen.insert(file.file_id).second) {
        files.push_back(std::move(file));
        news = true;
      }
    }
    // The last page: nothing new on it, all files seen, the server says so (or does not say
    // there are more), or answered another page than the one asked for.
    if (!news || !list.total_pages || *page.page >= *list.total_pages ||
        (list.total && static_cast<std::int64_t>(files.size()) >= *list.total) ||
        (list.page && *list.page != *page.page) || *page.page == INT_MAX) {
      return files;
    }
    ++*page.page;
  }
}

int Client::delete_files(const std::vector<std::string>& file_ids,
                         const RequestOptions& options) const {
  return impl_->call([&] { return internal::delete_files(file_ids); }, options,
                     internal::decode_deleted_count);
}

int Client::delete_all_files(const RequestOptions& options) const {
  return impl_->call(
      [] {
        internal::Operation operation;
        operation.method = "DELETE";
        operation.path = "/v3/upload";
        operation.repeatable = true;
        return operation;
      },
      options, internal::decode_deleted_count);
}

}  // namespace edenai
