#include "mock/image_store.hpp"

#include <cstdint>
#include <cstdio>

#include "edenai/mock/server.hpp"

namespace edenai::mock::internal {
namespace {

std::string hash_id(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a
  for (const unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(hash));
  return out;
}

}  // namespace

std::string ImageStore::remember(const std::string& prompt) {
  std::string id = hash_id(prompt);
  std::lock_guard<std::mutex> lock(mutex_);
  if (prompts_.emplace(id, prompt).second) {
    prompt_order_.push_back(id);
    if (prompt_order_.size() > kMaxPrompts) {
      prompts_.erase(prompt_order_.front());
      prompt_order_.pop_front();
    }
  }
  return id;
}

std::optional<std::string> ImageStore::prompt_for(const std::string& id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto found = prompts_.find(id);
  if (found == prompts_.end()) return std::nullopt;
  return found->second;
}

std::shared_ptr<const std::string> ImageStore::png(const std::string& prompt, unsigned index,
                                                   int width, int height) {
  const std::string key = hash_id(prompt) + "/" + std::to_string(index) + "/" +
                          std::to_string(width) + "x" + std::to_string(height);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto found = pngs_.find(key);
    if (found != pngs_.end()) return found->second;
  }
  // Rendered outside the lock: two requests for the same new image may both render it.
  auto image = std::make_shared<const std::string>(render_png(prompt, index, width, height));
  std::lock_guard<std::mutex> lock(mutex_);
  if (pngs_.emplace(key, image).second) {
    png_order_.push_back(key);
    cached_bytes_ += image->size();
    while (cached_bytes_ > kMaxCachedBytes && png_order_.size() > 1) {
      cached_bytes_ -= pngs_[png_order_.front()]->size();
      pngs_.erase(png_order_.front());
      png_order_.pop_front();
    }
  }
  return image;
}

std::string ImageStore::keep(std::string png) {
  auto image = std::make_shared<const std::string>(std::move(png));
  std::lock_guard<std::mutex> lock(mutex_);
  // Unique per server: a counter and the image's own hash.
  std::string id = hash_id(std::to_string(edit_counter_++)) + hash_id(*image);
  edits_.emplace(id, image);
  edit_order_.push_back(id);
  edit_bytes_ += image->size();
  while (edit_order_.size() > 1 &&
         (edit_order_.size() > kMaxEdits || edit_bytes_ > kMaxEditBytes)) {
    edit_bytes_ -= edits_[edit_order_.front()]->size();
    edits_.erase(edit_order_.front());
    edit_order_.pop_front();
  }
  return id;
}

std::shared_ptr<const std::string> ImageStore::kept(const std::string& id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto found = edits_.find(id);
  return found == edits_.end() ? nullptr : found->second;
}

}  // namespace edenai::mock::internal
