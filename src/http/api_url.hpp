// The API's base URL, parsed and joined with libcurl's URL API (CURLU) rather than by hand.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace edenai::internal {

/// A base URL such as `https://api.edenai.run` or `http://gateway.internal/eden`: scheme, host,
/// port and an optional path prefix. A trailing `/v3` (what Eden's docs tell OpenAI-SDK users to
/// set) names the same base, and is dropped. A query, a fragment or credentials are refused,
/// since they would be lost or end up in the wrong place.
class ApiUrl {
 public:
  /// @throws InvalidRequestError saying what to write instead.
  explicit ApiUrl(const std::string& text);

  /// The normalised base, without a trailing slash, e.g. `https://api.edenai.run`.
  const std::string& base() const noexcept { return base_; }

  /// The absolute URL of `path` (e.g. `/v3/images/generations`) under the base, with `query`
  /// (already encoded, without `?`) when not empty.
  /// The URL of a path without a query is built once and remembered (a CURLU round trip costs
  /// a small call a tenth of its client CPU); there are as many as the API has endpoints.
  /// @throws InvalidRequestError when libcurl cannot build it.
  std::string join(std::string_view path, std::string_view query = {}) const;

 private:
  std::string build(std::string_view path, std::string_view query) const;

  std::string base_;
  std::string prefix_;  // the path prefix, "" or "/eden", without a trailing slash
  struct Joined {
    std::mutex mutex;
    std::map<std::string, std::string, std::less<>> urls;  // path -> URL
  };
  std::shared_ptr<Joined> joined_ = std::make_shared<Joined>();
};

/// Whether `url` is an absolute `http://` or `https://` URL (the scheme in any letter case) that
/// libcurl can parse, without spaces or control characters.
bool is_http_url(const std::string& url);

}  // namespace edenai::internal
