// The account's credits: what generations and edits bill, the 402 when they run out, and
// GET /v2/cost_management/credits/ (a dashboard route of Eden's v2 API, hence the slash).
#include <cmath>

#include "mock/server_state.hpp"

namespace edenai::mock::internal {

bool ServerState::bill(double cost, httplib::Response& res) {
  double left = 0;
  {
    const std::lock_guard<std::mutex> lock(mutex);
    // Credits are counted in millionths of a dollar, as the costs are rounded.
    if (std::round(cost * 1e6) <= std::round(credits * 1e6)) {
      credits = std::max(0.0, credits - cost);
      billed += cost;
      return true;
    }
    left = credits;
  }
  const nlohmann::json body = {{"detail", "Insufficient credits"},
                               {"error_code", "INSUFFICIENT_CREDIT"},
                               {"required_credits", cost},
                               {"available_credits", left}};
  send_json(res, 402, body.dump());
  return false;
}

void add_credit_routes(httplib::Server& http, ServerState& state) {
  add_route(http, state, "GET", "/v2/cost_management/credits/", "GET /v2/cost_management/credits/",
            false, [](ServerState& s, const httplib::Request& req, httplib::Response& res) {
              if (!s.authorized(req)) return send_unauthorized(res);
              if (s.options.refuse_credits_route) {
                return send_json(
                    res, 403, R"({"detail":"You do not have permission to perform this action."})");
              }
              double left = 0;
              {
                const std::lock_guard<std::mutex> lock(s.mutex);
                left = s.credits;
              }
              send_success(res, nlohmann::json{{"credits", std::round(left * 1e6) / 1e6}}.dump());
            });
  add_method_not_allowed(http, state, "POST", "/v2/cost_management/credits/", "GET");
}

}  // namespace edenai::mock::internal
