#include "mock/file_store.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <random>

#include "mock/text.hpp"

namespace edenai::mock::internal {
namespace {

std::uint64_t splitmix(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

std::uint32_t be32(const std::string& s, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) << 24 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 1])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 2])) << 8 |
         static_cast<unsigned char>(s[at + 3]);
}

std::uint32_t le16(const std::string& s, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 1])) << 8;
}

// The type the bytes announce, with what the mock reads of an image's header.
std::string sniff(const std::string& bytes, nlohmann::json& metadata) {
  if (starts_with(bytes, "\x89PNG\r\n\x1a\n") && bytes.size() >= 24) {
    metadata["width"] = be32(bytes, 16);
    metadata["height"] = be32(bytes, 20);
    return "image/png";
  }
  if (starts_with(bytes, "\xFF\xD8\xFF")) return "image/jpeg";
  if ((starts_with(bytes, "GIF87a") || starts_with(bytes, "GIF89a")) && bytes.size() >= 10) {
    metadata["width"] = le16(bytes, 6);
    metadata["height"] = le16(bytes, 8);
    return "image/gif";
  }
  if (starts_with(bytes, "RIFF") && bytes.size() >= 12 && bytes.compare(8, 4, "WEBP") == 0) {
    return "image/webp";
  }
  if (starts_with(bytes, "%PDF-")) return "application/pdf";
  return "";
}

}  // namespace

FileStore::FileStore(Clock clock) : clock_(std::move(clock)) {
  std::random_device device;
  random_state_ = static_cast<std::uint64_t>(device()) << 32 | device();
}

std::chrono::system_clock::time_point FileStore::now() const {
  return clock_ ? clock_() : std::chrono::system_clock::now();
}

StoredFile FileStore::add(std::string name, std::string declared_type, std::string purpose,
                          int expires_in_days, std::string content) {
  StoredFile file;
  file.name = std::move(name);
  file.mimetype = sniff(content, file.metadata);
  if (file.mimetype.empty()) {
    file.mimetype = declared_type.empty() ? "application/octet-stream" : std::move(declared_type);
  }
  file.purpose = std::move(purpose);
  file.created_at = std::chrono::time_point_cast<std::chrono::seconds>(now());
  file.expires_at = file.created_at + std::chrono::hours(24) * expires_in_days;
  file.content = std::make_shared<const std::string>(std::move(content));
  std::lock_guard<std::mutex> lock(mutex_);
  drop_expired_locked();
  const std::uint64_t high = splitmix(random_state_);
  const std::uint64_t low = splitmix(random_state_);
  char id[37];
  std::snprintf(id, sizeof id, "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(high >> 32),
                static_cast<unsigned>((high >> 16) & 0xFFFF), static_cast<unsigned>(high & 0xFFF),
                static_cast<unsigned>(0x8000 | ((low >> 48) & 0x3FFF)),
                static_cast<unsigned long long>(low & 0xFFFFFFFFFFFFull));
  file.id = id;
  file.sequence = next_sequence_++;
  files_[file.id] = file;
  return file;
}

std::optional<StoredFile> FileStore::find(const std::string& id) {
  const std::optional<std::string> key = canonical_uuid(id);
  if (!key) return std::nullopt;
  std::lock_guard<std::mutex> lock(mutex_);
  drop_expired_locked();
  const auto found = files_.find(*key);
  if (found == files_.end()) return std::nullopt;
  return found->second;
}

FilePage FileStore::list(const std::string& purpose, std::size_t page, std::size_t limit) {
  std::vector<const StoredFile*> matching;
  FilePage result;
  std::lock_guard<std::mutex> lock(mutex_);
  drop_expired_locked();
  for (const auto& [id, file] : files_) {
    if (purpose.empty() || file.purpose == purpose) matching.push_back(&file);
  }
  std::sort(matching.begin(), matching.end(), [](const StoredFile* a, const StoredFile* b) {
    return a->created_at != b->created_at ? a->created_at > b->created_at
                                          : a->sequence > b->sequence;
  });
  result.total = matching.size();
  if (page - 1 > matching.size() / limit) return result;  // (page - 1) * limit could overflow
  const std::size_t first = (page - 1) * limit;
  for (std::size_t i = first; i < matching.size() && i < first + limit; ++i) {
    result.items.push_back(*matching[i]);
  }
  return result;
}

std::size_t FileStore::remove(const std::vector<std::string>& ids) {
  std::lock_guard<std::mutex> lock(mutex_);
  drop_expired_locked();
  std::size_t removed = 0;
  for (const std::string& id : ids) {
    const std::optional<std::string> key = canonical_uuid(id);
    if (key) removed += files_.erase(*key);
  }
  return removed;
}

std::size_t FileStore::clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  drop_expired_locked();
  const std::size_t removed = files_.size();
  files_.clear();
  return removed;
}

void FileStore::drop_expired_locked() {
  const auto current = now();
  for (auto it = files_.begin(); it != files_.end();) {
    it = it->second.expires_at <= current ? files_.erase(it) : std::next(it);
  }
}

std::string FileStore::format_time(std::chrono::system_clock::time_point time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return out;
}

std::optional<std::string> FileStore::canonical_uuid(const std::string& text) {
  std::string s = lower(text);
  if (starts_with(s, "urn:uuid:")) s = s.substr(9);
  if (s.size() == 38 && s.front() == '{' && s.back() == '}') s = s.substr(1, 36);
  std::string hex;
  if (s.size() == 36) {
    for (std::size_t i = 0; i < s.size(); ++i) {
      const bool hyphen_here = i == 8 || i == 13 || i == 18 || i == 23;
      if (hyphen_here != (s[i] == '-')) return std::nullopt;
      if (!hyphen_here) hex += s[i];
    }
  } else if (s.size() == 32) {
    hex = s;
  } else {
    return std::nullopt;
  }
  if (!std::all_of(hex.begin(), hex.end(), [](unsigned char c) { return std::isxdigit(c) != 0; })) {
    return std::nullopt;
  }
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

nlohmann::json FileStore::describe(const StoredFile& file) {
  return {{"file_id", file.id},
          {"file_name", file.name},
          {"file_size", file.content->size()},
          {"file_mimetype", file.mimetype},
          {"purpose", file.purpose},
          {"metadata", file.metadata},
          {"created_at", format_time(file.created_at)},
          {"expires_at", format_time(file.expires_at)}};
}

}  // namespace edenai::mock::internal
