// libFuzzer target: turning an error response into its typed exception (any body shape, any
// status), with a property on top of "no crash": the API key never survives, in any letter case,
// in the message, the body, the error code or a 422 detail, even when the body spells it out.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/redaction.hpp"
#include "edenai/errors.hpp"
#include "http/api_errors.hpp"

namespace {

constexpr std::string_view kSecret = "sk-eden-fuzz-7f3a";

const edenai::internal::Secrets& secrets() {
  static const edenai::internal::Secrets list{std::string(kSecret)};
  return list;
}

void require_no_secret(std::string_view text) {
  if (edenai::internal::mentions_any(text, secrets())) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  static constexpr int kStatuses[] = {400, 401, 402, 403, 404, 409, 413,
                                      418, 422, 429, 451, 500, 502};
  edenai::HttpResponse response;
  response.status = kStatuses[data[0] % (sizeof kStatuses / sizeof kStatuses[0])];
  // The body may quote the key: "@K" in the input stands for it, "@U" for it upper-cased.
  std::string body(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string shout(kSecret);
  for (char& c : shout)
    c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  for (auto at = body.find('@'); at != std::string::npos; at = body.find('@', at + 1)) {
    if (body.compare(at, 2, "@K") == 0) body.replace(at, 2, kSecret);
    if (body.compare(at, 2, "@U") == 0) body.replace(at, 2, shout);
  }
  response.body = body;
  (void)edenai::internal::server_message(response.body);
  try {
    edenai::internal::throw_api_error(response, secrets());
  } catch (const edenai::UnprocessableEntityError& e) {
    require_no_secret(e.what());
    require_no_secret(e.body());
    for (const auto& problem : e.validation().detail) {
      require_no_secret(problem.msg);
      require_no_secret(problem.type);
      require_no_secret(edenai::format_location(problem.loc));
    }
    require_no_secret(e.error_code());
  } catch (const edenai::ApiError& e) {
    require_no_secret(e.what());
    require_no_secret(e.body());
    require_no_secret(e.error_code());
    require_no_secret(e.request_id());
  }
  return 0;
}
