// Types of Eden's file store: POST/GET/DELETE /v3/upload and POST /v3/upload/delete, named as in
// Eden's OpenAPI contract. Unknown fields of a response are kept in `extra`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "edenai/export.hpp"

namespace edenai {

/// A file to upload (`multipart/form-data` with a `file` part). Uploads are not billed.
struct EDENAI_EXPORT UploadRequest {
  /// The file at `path`: its bytes, its base name, and a MIME type detected from the bytes
  /// (PNG, JPEG, WebP, GIF, PDF), else `application/octet-stream`.
  /// @throws InvalidRequestError naming the path when it cannot be read or is not a regular file.
  static UploadRequest file(const std::string& path);
  /// `data` sent as a file named `file_name` of type `mime_type` (empty: detected from the bytes
  /// as by `file`).
  static UploadRequest bytes(std::string data, std::string file_name, std::string mime_type = {});

  /// The file's bytes; `Client::upload` refuses an empty file.
  std::string data;
  /// The name Eden records (`file_name`); required, without control characters or quotes.
  std::string file_name;
  /// The part's MIME type, e.g. `image/png`; empty sends `application/octet-stream`.
  std::string mime_type;
  /// Days until Eden deletes the file: 1 to 30 (Eden's default when unset: 30, its guide says 7).
  std::optional<int> expires_in_days;
  /// What the file is for: 1 to 50 characters (Eden's default when unset: `general`).
  std::optional<std::string> purpose;
};

/// A stored file (`FileResponse`).
struct EDENAI_EXPORT FileResponse {
  /// The identifier to pass as `ImageRef::file_id` (a UUID).
  std::string file_id;
  /// The name given at upload.
  std::string file_name;
  /// Size in bytes.
  std::optional<std::int64_t> file_size;
  /// The MIME type Eden detected.
  std::optional<std::string> file_mimetype;
  /// What the file is for (`general` by default).
  std::optional<std::string> purpose;
  /// Upload time, ISO 8601 as Eden wrote it (e.g. `2025-12-08T10:30:00Z`).
  std::optional<std::string> created_at;
  /// When Eden deletes the file, ISO 8601; unset for none.
  std::optional<std::string> expires_at;
  /// File metadata (e.g. `page_count` of a PDF), an object.
  std::optional<nlohmann::json> metadata;
  /// Properties the contract does not name, and typed ones whose value did not fit, as received.
  nlohmann::json extra = nlohmann::json::object();
};

/// Response of `POST /v3/upload` (`UploadResponse`): the stored file.
using UploadResponse = FileResponse;

/// Query of `GET /v3/upload`. Unset fields are not sent (Eden's defaults: page 1, limit 100).
struct EDENAI_EXPORT ListFilesQuery {
  /// Only files of this purpose (at most 50 characters).
  std::optional<std::string> purpose;
  /// The page, from 1.
  std::optional<int> page;
  /// Files per page, 1 to 1000.
  std::optional<int> limit;
};

/// Response of `GET /v3/upload` (`ListFilesResponse`): one page of files, newest first.
struct EDENAI_EXPORT ListFilesResponse {
  /// The files of this page (the key is required: a body without it is a DecodeError).
  std::vector<FileResponse> items;
  /// Files in all pages.
  std::optional<std::int64_t> total;
  /// This page's number, from 1.
  std::optional<std::int64_t> page;
  /// Files per page.
  std::optional<std::int64_t> limit;
  /// Number of pages (0 for an empty store).
  std::optional<std::int64_t> total_pages;
  /// Properties the contract does not name, and typed ones whose value did not fit, as received.
  nlohmann::json extra = nlohmann::json::object();
};

}  // namespace edenai
