// Base URLs through libcurl's URL API: its parser is the one that reads the URL when sending, so
// what is checked here is what goes on the wire.
#include "http/api_url.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <memory>

#include "api/validation.hpp"
#include "edenai/errors.hpp"

namespace edenai::internal {
namespace {

struct UrlDeleter {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};
using Url = std::unique_ptr<CURLU, UrlDeleter>;

struct TextDeleter {
  void operator()(char* text) const { curl_free(text); }
};

constexpr const char* kExample = "e.g. https://api.edenai.run or http://gateway.internal/eden";

// Printable ASCII without spaces: what may stand in a URL as given.
bool is_visible_ascii(const std::string& text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

Url new_url() {
  Url url(curl_url());
  if (!url) throw InvalidRequestError("libcurl could not allocate a URL");
  return url;
}

// A part of `url`, or nullopt-like empty with `present` false when the URL has none.
std::string part(CURLU* url, CURLUPart which, bool* present = nullptr) {
  char* raw = nullptr;
  const CURLUcode code = curl_url_get(url, which, &raw, 0);
  const std::unique_ptr<char, TextDeleter> text(raw);
  if (present != nullptr) *present = code == CURLUE_OK && text;
  return code == CURLUE_OK && text ? std::string(text.get()) : std::string();
}

[[noreturn]] void refuse(const std::string& problem) {
  throw InvalidRequestError("base_url " + problem);
}

// Parses an absolute http(s) URL, or returns null.
Url parse_http(const std::string& text) {
  Url url = new_url();
  if (curl_url_set(url.get(), CURLUPART_URL, text.c_str(), 0) != CURLUE_OK) return nullptr;
  const std::string scheme = part(url.get(), CURLUPART_SCHEME);
  if (scheme != "http" && scheme != "https") return nullptr;
  return url;
}

}  // namespace

ApiUrl::ApiUrl(const std::string& text) {
  if (!is_visible_ascii(text)) {
    refuse("must be an http:// or https:// URL without spaces or control characters");
  }
  const Url url = parse_http(text);
  if (!url) refuse(std::string("must be an http:// or https:// URL, ") + kExample);
  bool user = false;
  bool password = false;
  part(url.get(), CURLUPART_USER, &user);
  part(url.get(), CURLUPART_PASSWORD, &password);
  if (user || password) {
    refuse(
        "must not carry credentials (user:password@): the key goes in ClientOptions::api_key "
        "(or EDENAI_API_KEY), a proxy's in ClientOptions::proxy");
  }
  bool present = false;
  part(url.get(), CURLUPART_QUERY, &present);
  if (present || text.find('?') != std::string::npos) {
    refuse(
        "must not have a query string (?...): the SDK appends the API's paths to base_url, so "
        "a query would end up inside the path; write the address only, " +
        std::string(kExample) +
        ", and send what the query carried as a header "
        "(ClientOptions::default_headers)");
  }
  part(url.get(), CURLUPART_FRAGMENT, &present);
  if (present || text.find('#') != std::string::npos) {
    refuse("must not have a fragment (#...), which is never sent: write the address only, " +
           std::string(kExample));
  }
  prefix_ = part(url.get(), CURLUPART_PATH);
  const auto drop_slashes = [this] {
    while (!prefix_.empty() && prefix_.back() == '/')
      prefix_.pop_back();
  };
  const auto ends_with = [this](std::string_view tail) {
    return prefix_.size() >= tail.size() &&
           equals_ignoring_case(std::string_view(prefix_).substr(prefix_.size() - tail.size()),
                                tail);
  };
  drop_slashes();
  if (ends_with("/images/generations") || ends_with("/images/edits") || ends_with("/upload")) {
    refuse(
        "is the API's root, not an endpoint: drop the endpoint's path (write "
        "https://api.edenai.run, or https://api.edenai.run/v3)");
  }
  // `.../v3` is the same base: the SDK's paths begin with /v3.
  if (ends_with("/v3")) {
    prefix_.resize(prefix_.size() - 3);
    drop_slashes();
  }
  if (curl_url_set(url.get(), CURLUPART_PATH, prefix_.empty() ? "/" : prefix_.c_str(), 0) !=
      CURLUE_OK) {
    refuse(std::string("has a path libcurl cannot use, ") + kExample);
  }
  base_ = part(url.get(), CURLUPART_URL);
  while (!base_.empty() && base_.back() == '/')
    base_.pop_back();
}

std::string ApiUrl::join(std::string_view path, std::string_view query) const {
  if (!query.empty()) return build(path, query);
  {
    const std::lock_guard<std::mutex> lock(joined_->mutex);
    const auto found = joined_->urls.find(path);
    if (found != joined_->urls.end()) return found->second;
  }
  std::string url = build(path, query);
  const std::lock_guard<std::mutex> lock(joined_->mutex);
  if (joined_->urls.size() < 64) joined_->urls.emplace(std::string(path), url);
  return url;
}

std::string ApiUrl::build(std::string_view path, std::string_view query) const {
  const Url url = new_url();
  const std::string full_path = prefix_ + std::string(path);
  const std::string query_text(query);
  if (curl_url_set(url.get(), CURLUPART_URL, base_.c_str(), 0) != CURLUE_OK ||
      curl_url_set(url.get(), CURLUPART_PATH, full_path.c_str(), 0) != CURLUE_OK ||
      (!query.empty() &&
       curl_url_set(url.get(), CURLUPART_QUERY, query_text.c_str(), 0) != CURLUE_OK)) {
    throw InvalidRequestError("cannot build the URL of " + std::string(path) + " under " + base_);
  }
  return part(url.get(), CURLUPART_URL);
}

bool is_http_url(const std::string& url) {
  return is_visible_ascii(url) && parse_http(url) != nullptr;
}

}  // namespace edenai::internal
