// Scripted faults of the mock server: the factories and the command-line form.
#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <string>

#include "edenai/mock/server.hpp"
#include "mock/generation.hpp"
#include "mock/text.hpp"

namespace edenai::mock {
namespace {

int parse_number(std::string_view text, std::string_view what, std::string_view spec) {
  const bool digits =
      !text.empty() && text.size() <= 9 &&
      std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
  if (!digits) {
    throw std::invalid_argument("fault '" + std::string(spec) + "': " + std::string(what) +
                                " must be a whole number, not '" + std::string(text) + "'");
  }
  return std::stoi(std::string(text));
}

}  // namespace

Fault Fault::http(int status) {
  Fault fault;
  fault.status = status;
  return fault;
}

Fault Fault::rate_limited(std::optional<int> retry_after_seconds) {
  Fault fault = http(429);
  if (retry_after_seconds)
    fault.headers.emplace_back("Retry-After", std::to_string(*retry_after_seconds));
  return fault;
}

Fault Fault::html(int status) {
  Fault fault = http(status);
  fault.body = internal::html_error_page(status);
  fault.content_type = "text/html";
  return fault;
}

Fault Fault::reset() {
  Fault fault;
  fault.kind = Kind::reset;
  return fault;
}

Fault Fault::truncated() {
  Fault fault;
  fault.kind = Kind::truncate;
  return fault;
}

Fault Fault::ok() {
  Fault fault;
  fault.kind = Kind::pass;
  return fault;
}

Fault Fault::parse(std::string_view spec) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const std::size_t colon = spec.find(':', start);
    parts.push_back(spec.substr(start, colon - start));
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  Fault fault;
  const std::string_view head = parts.front();
  if (head == "reset") {
    fault = reset();
  } else if (head == "truncate") {
    fault = truncated();
  } else if (head == "ok") {
    fault = ok();
  } else {
    const int status = parse_number(head, "the status", spec);
    // Statuses that may carry a body: 1xx, 204, 205 and 304 may not, and httplib would send one.
    if (status < 200 || status > 599 || status == 204 || status == 205 || status == 304) {
      throw std::invalid_argument("fault '" + std::string(spec) +
                                  "': the status must be from 200 to 599, not 204, 205 or 304");
    }
    fault = http(status);
  }
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const std::string_view option = parts[i];
    const std::size_t equals = option.find('=');
    const std::string_view name = option.substr(0, equals);
    const std::string_view value =
        equals == std::string_view::npos ? std::string_view() : option.substr(equals + 1);
    if (name == "delay") {
      fault.delay = std::chrono::milliseconds(parse_number(value, "delay", spec));
    } else if (fault.kind == Kind::status && name == "retry-after") {
      fault.headers.emplace_back("Retry-After",
                                 std::to_string(parse_number(value, "retry-after", spec)));
    } else if (fault.kind == Kind::status && name == "retry-after-ms") {
      fault.headers.emplace_back("retry-after-ms",
                                 std::to_string(parse_number(value, "retry-after-ms", spec)));
    } else if (fault.kind == Kind::status && name == "html" && equals == std::string_view::npos) {
      fault = [&] {
        Fault page = html(fault.status);
        page.headers = fault.headers;
        page.delay = fault.delay;
        return page;
      }();
    } else {
      throw std::invalid_argument("fault '" + std::string(spec) + "': unknown option '" +
                                  std::string(option) +
                                  "' (known: retry-after=S, retry-after-ms=MS, html, delay=MS)");
    }
  }
  return fault;
}

std::vector<Fault> Fault::parse_list(std::string_view specs) {
  std::vector<Fault> faults;
  for (std::size_t start = 0;;) {
    const std::size_t comma = specs.find(',', start);
    const std::string_view spec = specs.substr(start, comma - start);
    if (spec.empty()) throw std::invalid_argument("empty fault in '" + std::string(specs) + "'");
    faults.push_back(parse(spec));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return faults;
}

std::pair<std::string, std::vector<Fault>> Fault::parse_route(std::string_view spec) {
  const std::size_t equals = spec.find('=');
  if (equals == std::string_view::npos) {
    throw std::invalid_argument("route faults '" + std::string(spec) +
                                "': expected ROUTE=FAULTS, e.g. 'POST /v3/upload=500,ok'");
  }
  std::string route(spec.substr(0, equals));
  const auto& known = scriptable_routes();
  if (std::find(known.begin(), known.end(), route) == known.end()) {
    std::string names;
    for (const auto& name : known)
      names += (names.empty() ? "" : ", ") + name;
    throw std::invalid_argument("route faults '" + std::string(spec) + "': unknown route '" +
                                route + "' (known: " + names + ")");
  }
  return {std::move(route), parse_list(spec.substr(equals + 1))};
}

const std::vector<std::string>& scriptable_routes() {
  static const std::vector<std::string> kRoutes = {"POST /v3/images/generations",
                                                   "POST /v3/images/edits",
                                                   "POST /v3/upload",
                                                   "GET /v3/upload",
                                                   "POST /v3/upload/delete",
                                                   "DELETE /v3/upload",
                                                   "GET /v3/images/models",
                                                   "GET /v2/cost_management/credits/",
                                                   "GET /v3/models"};
  return kRoutes;
}

std::optional<std::string> RecordedRequest::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (internal::equals_ignoring_case(key, name)) return value;
  }
  return std::nullopt;
}

}  // namespace edenai::mock
