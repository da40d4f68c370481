// GET /v3/images/models (Eden's ModelObject list) and GET /v3/models (what OpenAI's SDKs'
// `models.list()` calls), both region-aware.
#include "mock/catalog.hpp"
#include "mock/server_state.hpp"

namespace edenai::mock::internal {
namespace {

void answer_list(ServerState& state, const httplib::Request& req, httplib::Response& res,
                 bool everything) {
  if (!state.authorized(req)) return send_unauthorized(res);
  send_success(res,
               models_list(state.eu(req), everything).dump(-1, ' ', false, kReplaceInvalidUtf8));
}

}  // namespace

void add_model_routes(httplib::Server& http, ServerState& state) {
  add_route(http, state, "GET", "/v3/images/models", "GET /v3/images/models", false,
            [](ServerState& s, const httplib::Request& req, httplib::Response& res) {
              answer_list(s, req, res, false);
            });
  add_route(http, state, "GET", "/v3/models", "GET /v3/models", false,
            [](ServerState& s, const httplib::Request& req, httplib::Response& res) {
              answer_list(s, req, res, true);
            });
  add_method_not_allowed(http, state, "POST", "/v3/images/models", "GET");
  add_method_not_allowed(http, state, "POST", "/v3/models", "GET");
}

}  // namespace edenai::mock::internal
