// The images the mock has handed out: the prompt behind each image URL, and a bounded cache of
// rendered PNGs so repeated requests (benchmarks, retries) do not render again.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace edenai::mock::internal {

class ImageStore {
 public:
  /// Remembers `prompt` and returns the id its image URLs carry.
  std::string remember(const std::string& prompt);
  /// The prompt behind an id, while it is remembered (URLs "expire" after many new prompts).
  std::optional<std::string> prompt_for(const std::string& id) const;
  /// The PNG for one image, rendered once and then served from the cache.
  std::shared_ptr<const std::string> png(const std::string& prompt, unsigned index, int width,
                                         int height);
  /// Keeps an edited image (edits depend on their input images, so they cannot be rendered
  /// again from a prompt) and returns the id its URL carries: 32 hex digits. The most recent
  /// 1024 edited images, 128 MiB at most, are kept; older ones "expire".
  std::string keep(std::string png);
  /// An edited image kept by `keep`, while it is.
  std::shared_ptr<const std::string> kept(const std::string& id) const;

 private:
  static constexpr std::size_t kMaxPrompts = 4096;
  static constexpr std::size_t kMaxCachedBytes = 256u << 20;

  mutable std::mutex mutex_;
  std::map<std::string, std::string> prompts_;
  std::deque<std::string> prompt_order_;
  std::map<std::string, std::shared_ptr<const std::string>> pngs_;
  std::deque<std::string> png_order_;
  std::size_t cached_bytes_ = 0;
  static constexpr std::size_t kMaxEdits = 1024;
  static constexpr std::size_t kMaxEditBytes = 128u << 20;
  std::map<std::string, std::shared_ptr<const std::string>> edits_;
  std::deque<std::string> edit_order_;
  std::size_t edit_bytes_ = 0;
  std::uint64_t edit_counter_ = 0;
};

}  // namespace edenai::mock::internal
