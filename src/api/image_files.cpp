// Saving images: the real extension, never replacing a file, never showing a partial one.
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "api/validation.hpp"
#include "edenai/client.hpp"
#include "edenai/save.hpp"

namespace edenai {
namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<std::uint8_t>;

std::error_code last_error() {
  return {errno, std::generic_category()};
}

[[noreturn]] void fail(const std::string& what, const fs::path& path, std::error_code code,
                       const Bytes& bytes) {
  throw SaveError("cannot " + what + " " + path.string() + ": " + code.message(), path, code,
                  std::make_shared<const Bytes>(bytes));
}

void create_parents(const fs::path& directory, const Bytes& bytes) {
  std::error_code code;
  fs::create_directories(directory, code);
  if (code) fail("create the directory", directory, code, bytes);
  const bool is_directory = fs::is_directory(directory, code);
  if (code) fail("save in", directory, code, bytes);
  if (!is_directory) {
    fail("save in", directory, std::make_error_code(std::errc::not_a_directory), bytes);
  }
}

// The checks of the names, made before an image is downloaded or anything is created.
void check_file(const fs::path& file) {
  const fs::path name = file.filename();
  if (name.empty() || name == "." || name == "..") {
    throw InvalidRequestError("save_image: '" + file.string() + "' does not name a file");
  }
}

void check_stem(std::string_view stem) {
  if (stem.empty() || stem == "." || stem == ".." || stem.find('/') != std::string_view::npos ||
      stem.find('\0') != std::string_view::npos) {
    throw InvalidRequestError("save_image_in: the stem '" +
                              std::string(stem.substr(0, stem.find('\0'))) +
                              "' is not a file name (empty, '.', '..', or with a '/' or a NUL)");
  }
}

// Writes all of `bytes` to `fd`, flushes and closes it; the reason when that failed.
std::error_code write_all(int fd, const Bytes& bytes) {
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::error_code code = n < 0 ? last_error() : std::make_error_code(std::errc::io_error);
      ::close(fd);
      return code;
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const std::error_code code = last_error();
    ::close(fd);
    return code;
  }
  return ::close(fd) == 0 ? std::error_code() : last_error();
}

// An image written in full, under a temporary name, and flushed to the disk: it then gets its
// final name by link(), which fails when the name exists, so no file is ever replaced and no
// other reader (nor a crash) ever sees a partial image under that name.
class TemporaryFile {
 public:
  TemporaryFile(const fs::path& directory, const Bytes& bytes) : bytes_(bytes) {
    std::string name = (directory / ".edenai-save-XXXXXX").string();
    const int fd = ::mkstemp(name.data());
    if (fd < 0) fail("create a file in", directory, last_error(), bytes);
    path_ = name;
    ::fchmod(fd, 0644);  // mkstemp makes 0600; an image is as readable as any new file
    const std::error_code code = write_all(fd, bytes);
    if (code) {
      ::unlink(path_.c_str());  // no destructor runs for a constructor that throws
      fail("write", directory, code, bytes);
    }
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  ~TemporaryFile() { ::unlink(path_.c_str()); }  // after a link, only the final name is left

  // Gives the image the name `path`; false when that name exists.
  bool link_as(const fs::path& path) const {
    if (::link(path_.c_str(), path.c_str()) == 0) return true;
    if (errno == EEXIST) return false;
    if (errno == EPERM || errno == EOPNOTSUPP || errno == ENOSYS) return write_directly(path);
    fail("create", path, last_error(), bytes_);
  }

 private:
  // A file system without hard links (FAT, some FUSE ones): created exclusively and written in
  // place; a failed write removes it.
  bool write_directly(const fs::path& path) const {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0 && errno == EEXIST) return false;
    if (fd < 0) fail("create", path, last_error(), bytes_);
    const std::error_code code = write_all(fd, bytes_);
    if (code) {
      ::unlink(path.c_str());
      fail("write", path, code, bytes_);
    }
    return true;
  }

  const Bytes& bytes_;
  fs::path path_;
};

bool names_an_image_format(std::string_view extension) {
  for (const std::string_view known : {".png", ".jpg", ".jpeg", ".webp", ".gif"}) {
    if (internal::equals_ignoring_case(extension, known)) return true;
  }
  return false;
}

// `file` with the extension of the bytes' real format (see save_image).
fs::path with_real_extension(fs::path file, const ImageFormat& format) {
  if (!format.known()) return file;
  std::string name = file.filename().string();
  if (name.back() == '.') {  // "fox." is "fox", not "fox..png"
    name.pop_back();
    file.replace_filename(name);
  }
  const std::string given = file.extension().string();
  const bool same = internal::equals_ignoring_case(given, "." + format.extension) ||
                    (format.extension == "jpg" && internal::equals_ignoring_case(given, ".jpeg"));
  if (same) return file;
  if (names_an_image_format(given)) return file.replace_extension(format.extension);
  file += "." + format.extension;
  return file;
}

}  // namespace

const std::vector<std::uint8_t>& SaveError::bytes() const noexcept {
  static const Bytes kNone;
  return what_->bytes ? *what_->bytes : kNone;
}

fs::path save_image(const Bytes& bytes, const fs::path& file) {
  check_file(file);
  fs::path path = with_real_extension(file, detect_image_format(bytes));
  const fs::path directory = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  create_parents(directory, bytes);
  const TemporaryFile image(directory, bytes);
  if (!image.link_as(path))
    fail("create", path, std::make_error_code(std::errc::file_exists), bytes);
  return path;
}

fs::path save_image_in(const Bytes& bytes, const fs::path& directory, std::string_view stem) {
  check_stem(stem);
  const ImageFormat format = detect_image_format(bytes);
  const fs::path dir = directory.empty() ? fs::path(".") : directory;
  create_parents(dir, bytes);
  const TemporaryFile image(dir, bytes);
  constexpr int kMaxNames = 10000;
  for (int n = 1; n <= kMaxNames; ++n) {
    const std::string name =
        std::string(stem) + (n == 1 ? "" : "-" + std::to_string(n)) + "." + format.extension;
    fs::path path = dir / name;
    if (image.link_as(path)) return path;
  }
  fail("find a free name for " + std::string(stem) + "." + format.extension + " in", dir,
       std::make_error_code(std::errc::file_exists), bytes);
}

fs::path Client::save(const ImageDataItem& item, const fs::path& file) const {
  check_file(file);  // before a download that a bad name would waste
  return save_image(download(item), file);
}

fs::path Client::save_in(const ImageDataItem& item, const fs::path& directory,
                         std::string_view stem) const {
  check_stem(stem);
  return save_image_in(download(item), directory, stem);
}

}  // namespace edenai
