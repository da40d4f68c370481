// libFuzzer target: turning an error response into its typed exception (any body shape, any
// status), with a property on top of "no crash": the API key never survives in the message, the
// body or a 422 detail, even when the body spells it out.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "api_errors.hpp"
#include "edenai/errors.hpp"

namespace {

constexpr std::string_view kSecret = "sk-eden-fuzz-7f3a";

void require_no_secret(std::string_view text) {
  if (text.find(kSecret) != std::string_view::npos) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  static constexpr int kStatuses[] = {400, 401, 402, 403, 404, 409, 413, 418, 422, 429, 500, 502};
  edenai::HttpResponse response;
  response.status = kStatuses[data[0] % (sizeof kStatuses / sizeof kStatuses[0])];
  // The body may quote the key: "@K" in the input stands for it.
  std::string body(reinterpret_cast<const char*>(data + 1), size - 1);
  for (auto at = body.find("@K"); at != std::string::npos; at = body.find("@K", at)) {
    body.replace(at, 2, kSecret);
  }
  response.body = body;
  (void)edenai::internal::server_message(response.body);
  try {
    edenai::internal::throw_api_error(response, kSecret);
  } catch (const edenai::UnprocessableEntityError& e) {
    require_no_secret(e.what());
    require_no_secret(e.body());
    for (const auto& problem : e.validation().detail) {
      require_no_secret(problem.msg);
      require_no_secret(problem.type);
      require_no_secret(edenai::format_location(problem.loc));
    }
  } catch (const edenai::ApiError& e) {
    require_no_secret(e.what());
    require_no_secret(e.body());
  }
  return 0;
}
