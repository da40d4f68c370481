// GET /v2/cost_management/credits/: the account's remaining credits (Eden's cost-management
// route, which a key may not be allowed to read).
#include "core/client_impl.hpp"
#include "json/reader.hpp"

#include <cmath>

namespace edenai {
namespace internal {
namespace {

using namespace json;  // NOLINT(google-build-using-namespace): the readers are this file's words

// `{"credits": 42.5}`: the number is what the response exists for (strict).
double decode_credits(const SharedBody& shared) {
  std::optional<double> credits;
  with_document(*shared, [&](od::value& root) {
    for_each_member(require_object(root, "$"), "$",
                    [&](std::string_view key, const Path& path, od::value& v) {
                      if (key != "credits") return;
                      double value = 0;
                      if (type_of(v, path) != od::json_type::number || v.get_double().get(value) ||
                          !std::isfinite(value)) {
                        fail(path, "expected a number");
                      }
                      credits = value;
                    });
  });
  if (!credits) fail("$.credits", "missing");
  return *credits;
}

// What a refusal means here: Eden counts its cost-management routes among the dashboard ones,
// which a key that works for images may not be allowed to read.
constexpr const char* kForbidden =
    "this key may not read the account's credits (GET /v2/cost_management/credits/ is one of "
    "Eden's dashboard routes; use a key allowed to read them): ";
constexpr const char* kUnauthenticated =
    "the credits could not be read with this key (a key that works for images may still be "
    "refused on Eden's dashboard routes, such as GET /v2/cost_management/credits/): ";

// The same error, its message saying what the refusal means here.
template <typename E>
[[noreturn]] void explain(const E& e, const char* meaning) {
  E explained(e.status(), meaning + std::string(e.message()), e.request_id(), e.body(),
              e.error_code());
  explained.set_attempts(e.attempts());
  explained.set_delivery(e.delivery(), e.billable_attempts());
  explained.set_retry_after(e.retry_after());
  throw explained;
}

}  // namespace
}  // namespace internal

double Client::credits(const RequestOptions& options) const {
  try {
    return impl_->call(
        [] {
          internal::Operation operation;
          operation.path = "/v2/cost_management/credits/";
          operation.repeatable = true;
          return operation;
        },
        options, internal::decode_credits);
  } catch (const AuthenticationError& e) {
    internal::explain(e, internal::kUnauthenticated);
  } catch (const PermissionDeniedError& e) {
    internal::explain(e, internal::kForbidden);
  }
}

}  // namespace edenai
