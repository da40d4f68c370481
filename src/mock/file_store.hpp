// The mock's file store behind /v3/upload: in memory, thread-safe, with expiry on an injectable
// clock so that tests can expire files without sleeping.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace edenai::mock::internal {

using Clock = std::function<std::chrono::system_clock::time_point()>;

struct StoredFile {
  std::string id;  ///< a lower-case UUID (version 4)
  std::string name;
  std::string mimetype;
  std::string purpose;
  nlohmann::json metadata = nlohmann::json::object();
  std::chrono::system_clock::time_point created_at;
  std::chrono::system_clock::time_point expires_at;
  std::uint64_t sequence = 0;  ///< upload order, newest first among equal timestamps
  std::shared_ptr<const std::string> content;
};

/// One page of files, newest first.
struct FilePage {
  std::vector<StoredFile> items;
  std::size_t total = 0;
};

class FileStore {
 public:
  /// `clock` gives the current time (the system clock when empty).
  explicit FileStore(Clock clock);

  /// Stores a file and returns what was stored. The MIME type is read from the bytes (PNG, JPEG,
  /// GIF, WebP, PDF), else `declared_type`, else `application/octet-stream`; the width and height
  /// of PNG and GIF images go into `metadata`.
  StoredFile add(std::string name, std::string declared_type, std::string purpose,
                 int expires_in_days, std::string content);
  /// A file that has not expired, by id (any letter case, with or without hyphens).
  std::optional<StoredFile> find(const std::string& id);
  /// Files that have not expired, newest first; `purpose` filters when not empty. `page` >= 1.
  FilePage list(const std::string& purpose, std::size_t page, std::size_t limit);
  /// Deletes the files with these ids; returns how many existed (expired ones do not count).
  std::size_t remove(const std::vector<std::string>& ids);
  /// Deletes every file; returns how many had not expired.
  std::size_t clear();

  std::chrono::system_clock::time_point now() const;

  /// ISO 8601 in UTC with a `Z`, to the second: `2025-12-08T10:30:00Z`.
  static std::string format_time(std::chrono::system_clock::time_point time);
  /// The canonical lower-case hyphenated form of a UUID (32 hex digits, hyphens optional, any
  /// case, an optional `urn:uuid:` prefix or braces), or std::nullopt.
  static std::optional<std::string> canonical_uuid(const std::string& text);
  /// The UploadResponse / FileResponse JSON of a file.
  static nlohmann::json describe(const StoredFile& file);

 private:
  void drop_expired_locked();

  Clock clock_;
  std::mutex mutex_;
  std::map<std::string, StoredFile> files_;
  std::uint64_t next_sequence_ = 0;
  std::uint64_t random_state_;
};

}  // namespace edenai::mock::internal
