// GET /v3/images/models and GET /v3/models (region-aware), catalog prices in generation costs,
// and faults scripted per route.
#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "mock/surface_support.hpp"

namespace {

using edenai::mock::Fault;
using edenai::mock::Server;
using edenai::mock::ServerOptions;
using namespace edenai::testing::surface;

const std::set<std::string> kImageModels = {"openai/gpt-image-1",
                                            "openai/gpt-image-1-mini",
                                            "openai/gpt-image-2",
                                            "google/imagen-4.0-generate-001",
                                            "google/gemini-2.5-flash-image",
                                            "google/gemini-3-pro-image-preview",
                                            "stabilityai/sd3.5-large",
                                            "amazon/amazon.nova-canvas-v1:0"};

std::set<std::string> ids_of(const json& list) {
  std::set<std::string> ids;
  for (const json& model : list["data"])
    ids.insert(model["id"].get<std::string>());
  return ids;
}

json model_named(const json& list, const std::string& id) {
  for (const json& model : list["data"]) {
    if (model["id"] == id) return model;
  }
  return nullptr;
}

TEST(MockModels, TheImageModelListHasEveryKnownIdInEdensShape) {
  Server server;
  server.start();
  const json list = body_of(Http(server).get("/v3/images/models"), 200);
  EXPECT_EQ(list["object"], "list");
  EXPECT_EQ(ids_of(list), kImageModels);
  for (const json& model : list["data"]) {
    EXPECT_EQ(model["object"], "model");
    EXPECT_TRUE(model["created"].is_number_integer());
    const std::string id = model["id"];
    EXPECT_EQ(model["owned_by"], id.substr(0, id.find('/')));
    EXPECT_EQ(model["model_name"], id.substr(id.find('/') + 1));
    EXPECT_TRUE(model["description"].is_string());
    EXPECT_EQ(model["capabilities"]["image_generation"], true);
    EXPECT_TRUE(model["capabilities"]["image_edit"].is_boolean());
    EXPECT_GT(model["pricing"]["per_image"].get<double>(), 0.0);
    EXPECT_GT(model["list_pricing"]["per_image"].get<double>(), 0.0);
    const double discount = model["discount"];
    EXPECT_NEAR(model["pricing"]["per_image"].get<double>(),
                model["list_pricing"]["per_image"].get<double>() * (1 - discount), 1e-6);
    ASSERT_FALSE(model["regions"].empty());
    EXPECT_TRUE(model["regions"][0]["code"].is_string());
    EXPECT_TRUE(model["regions"][0]["name"].is_string());
  }
  EXPECT_GT(model_named(list, "stabilityai/sd3.5-large")["discount"].get<double>(), 0.0);
}

TEST(MockModels, TheEuRegionListsOnlyEuModelsAndRefusesTheOthersWith451) {
  ServerOptions options;
  options.region = "eu";
  Server eu(options);
  eu.start();
  Server global;
  global.start();
  const std::set<std::string> eu_ids = ids_of(body_of(Http(eu).get("/v3/images/models"), 200));
  EXPECT_LT(eu_ids.size(), kImageModels.size());
  EXPECT_TRUE(eu_ids.count("openai/gpt-image-1"));
  EXPECT_FALSE(eu_ids.count("openai/gpt-image-2"));
  const json eu_list = body_of(Http(eu).get("/v3/images/models"), 200);
  for (const json& model : eu_list["data"]) {
    EXPECT_TRUE(std::any_of(model["regions"].begin(), model["regions"].end(),
                            [](const json& r) { return r["code"] == "eu-west-1"; }));
  }
  // A global server answers a request to the EU host name as the EU region.
  EXPECT_EQ(
      ids_of(body_of(Http(global).get("/v3/images/models", {{"Host", "api.eu.edenai.run"}}), 200)),
      eu_ids);
  EXPECT_EQ(ids_of(body_of(Http(global).get("/v3/images/models"), 200)), kImageModels);
  const json body = {{"model", "openai/gpt-image-2"}, {"prompt", "x"}, {"size", "8x8"}};
  EXPECT_EQ(body_of(Http(eu).post_json("/v3/images/generations", body), 451)["error"]["code"],
            "region_not_allowed");
  EXPECT_EQ(Http(global).post_json("/v3/images/generations", body)->status, 200);
  options.region = "mars";
  EXPECT_THROW(Server{options}, std::invalid_argument);
}

TEST(MockModels, V3ModelsListsImageAndChatModelsInOpenAisShape) {
  Server server;
  server.start();
  const json list = body_of(Http(server).get("/v3/models"), 200);
  EXPECT_EQ(list["object"], "list");
  const std::set<std::string> ids = ids_of(list);
  for (const std::string& id : kImageModels)
    EXPECT_TRUE(ids.count(id)) << id;
  EXPECT_GT(ids.size(), kImageModels.size());
  for (const json& model : list["data"]) {
    EXPECT_EQ(model["object"], "model");
    EXPECT_TRUE(model["owned_by"].is_string());
  }
}

TEST(MockModels, CostsUseTheListedPrices) {
  Server server;
  server.start();
  Http http(server);
  const json list = body_of(http.get("/v3/images/models"), 200);
  for (const std::string id : {"stabilityai/sd3.5-large", "openai/gpt-image-1-mini"}) {
    const json body = {{"model", id}, {"prompt", "a fox"}, {"n", 3}, {"size", "16x16"}};
    const double price = model_named(list, id)["pricing"]["per_image"];
    EXPECT_NEAR(body_of(http.post_json("/v3/images/generations", body), 200)["cost"].get<double>(),
                3 * price, 1e-9)
        << id;
  }
  const json edit = {{"model", "openai/gpt-image-1"},
                     {"prompt", "a fox"},
                     {"n", 2},
                     {"images", {{{"image_url", data_url(write_png(4, 4, 3, gradient(4, 4)))}}}}};
  EXPECT_NEAR(body_of(http.post_json("/v3/images/edits", edit), 200)["cost"].get<double>(),
              2 * model_named(list, "openai/gpt-image-1")["pricing"]["per_image"].get<double>(),
              1e-9);
}

TEST(MockRouteFaults, EachRouteConsumesItsOwnScript) {
  std::mutex mutex;
  std::vector<std::string> lines;
  ServerOptions options;
  options.route_scripts["POST /v3/upload"] = Fault::parse_list("500,ok,503");
  options.route_scripts["GET /v3/images/models"] = {Fault::rate_limited(2)};
  options.on_request = [&](const std::string& line) {
    std::lock_guard<std::mutex> lock(mutex);
    lines.push_back(line);
  };
  Server server(options);
  server.start();
  Http http(server);
  const httplib::MultipartFormDataItems file = {{"file", "x", "x.txt", "text/plain"}};
  EXPECT_EQ(http.post_form("/v3/upload", file)->status, 500);
  EXPECT_EQ(http.get("/v3/upload")->status, 200);  // another route: its own, empty script
  const json generation = {{"model", "a/b"}, {"prompt", "x"}, {"size", "8x8"}};
  EXPECT_EQ(http.post_json("/v3/images/generations", generation)->status, 200);
  EXPECT_EQ(http.post_form("/v3/upload", file)->status, 200);
  EXPECT_EQ(http.post_form("/v3/upload", file)->status, 503);
  EXPECT_EQ(http.post_form("/v3/upload", file)->status, 200);
  const auto limited = http.get("/v3/images/models");
  EXPECT_EQ(limited->status, 429);
  EXPECT_EQ(limited->get_header_value("Retry-After"), "2");
  EXPECT_EQ(http.get("/v3/images/models")->status, 200);
  server.push_faults("POST /v3/images/edits", {Fault::reset()});
  EXPECT_FALSE(http.post_json("/v3/images/edits", json::object()));  // the connection was reset
  EXPECT_EQ(server.request_count("POST /v3/upload"), 4u);
  EXPECT_EQ(server.request_count("GET /v3/images/models"), 2u);
  EXPECT_EQ(server.request_count("POST /v3/images/edits"), 1u);
  EXPECT_EQ(server.generation_count(), 1u);
  server.stop();
  std::lock_guard<std::mutex> lock(mutex);
  EXPECT_EQ(std::count_if(lines.begin(), lines.end(),
                          [](const std::string& l) { return l.rfind("POST /v3/upload ", 0) == 0; }),
            4);
  // Each line is written after its answer, by the worker thread: their order is not the requests'.
  EXPECT_EQ(
      std::count_if(lines.begin(), lines.end(),
                    [](const std::string& l) { return l.rfind("POST /v3/upload 500 (", 0) == 0; }),
      1);
}

TEST(MockRouteFaults, TheGenerationScriptStillFeedsGenerationsOnly) {
  ServerOptions options;
  options.script = {Fault::http(502)};
  options.route_scripts["POST /v3/images/generations"] = {Fault::http(503)};
  Server server(options);
  server.start();
  Http http(server);
  const json generation = {{"model", "a/b"}, {"prompt", "x"}, {"size", "8x8"}};
  EXPECT_EQ(http.get("/v3/images/models")->status, 200);
  EXPECT_EQ(http.post_json("/v3/images/generations", generation)->status, 502);
  EXPECT_EQ(http.post_json("/v3/images/generations", generation)->status, 503);
  server.push_faults({Fault::http(504)});
  server.push_faults("POST /v3/images/generations", {Fault::http(500)});
  EXPECT_EQ(http.post_json("/v3/images/generations", generation)->status, 504);
  EXPECT_EQ(http.post_json("/v3/images/generations", generation)->status, 500);
  server.push_faults("GET /v3/models", {Fault::http(500)});
  server.clear_faults();
  EXPECT_EQ(http.get("/v3/models")->status, 200);
}

TEST(MockRouteFaults, RoutesAreNamedAsTheCommandLineNamesThem) {
  const auto [route, faults] = Fault::parse_route("POST /v3/upload=500,ok");
  EXPECT_EQ(route, "POST /v3/upload");
  ASSERT_EQ(faults.size(), 2u);
  EXPECT_EQ(faults[0].status, 500);
  EXPECT_EQ(faults[1].kind, Fault::Kind::pass);
  EXPECT_THROW(Fault::parse_route("POST /v3/nowhere=500"), std::invalid_argument);
  EXPECT_THROW(Fault::parse_route("POST /v3/upload"), std::invalid_argument);
  EXPECT_THROW(Fault::parse_route("POST /v3/upload=banana"), std::invalid_argument);
  EXPECT_EQ(edenai::mock::scriptable_routes().size(), 9u);
  ServerOptions options;
  options.route_scripts["GET /v3/nowhere"] = {Fault::http(500)};
  EXPECT_THROW(Server{options}, std::invalid_argument);
  Server server;
  EXPECT_THROW(server.push_faults("PUT /v3/upload", {Fault::http(500)}), std::invalid_argument);
}

}  // namespace
