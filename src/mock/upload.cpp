// The file store's routes: POST /v3/upload (multipart), GET /v3/upload (pages, newest first),
// POST /v3/upload/delete (by ids) and DELETE /v3/upload (everything).
#include <climits>
#include <string>
#include <vector>

#include "mock/edit_request.hpp"
#include "mock/pydantic.hpp"
#include "mock/server_state.hpp"

namespace edenai::mock::internal {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxDeleteIds = 100;

// The last text value of a form field (as Starlette's form keeps it), if sent.
const httplib::MultipartFormData* last_part(const httplib::Request& req, const std::string& name) {
  const httplib::MultipartFormData* found = nullptr;
  const auto range = req.files.equal_range(name);
  for (auto it = range.first; it != range.second; ++it)
    found = &it->second;
  return found;
}

void upload(ServerState& state, const httplib::Request& req, httplib::Response& res) {
  if (!state.authorized(req)) return send_unauthorized(res);
  json errors = json::array();
  const httplib::MultipartFormData* file = last_part(req, "file");
  if (file == nullptr) {
    errors.push_back(problem({"body", "file"}, "missing", "Field required", nullptr));
  } else if (file->filename.empty()) {
    errors.push_back(expected_file_problem("file", file->content));
  }
  // FastAPI takes an empty form value for a field with a default as absent.
  long long days = 30;
  const httplib::MultipartFormData* expires = last_part(req, "expires_in_days");
  if (expires != nullptr && !expires->content.empty()) {
    days =
        check_int_value(expires->content, {"body", "expires_in_days"}, 1, 30, errors).value_or(30);
  }
  std::string purpose = "general";
  const httplib::MultipartFormData* asked = last_part(req, "purpose");
  if (asked != nullptr && !asked->content.empty()) {
    const json issue = string_length_problem({"body", "purpose"}, asked->content, 1, 50);
    if (!issue.is_null()) errors.push_back(issue);
    purpose = asked->content;
  }
  if (!errors.empty() || file == nullptr) return send_problems(res, errors);
  if (file->content.size() > state.options.max_upload_bytes) {
    return send_json(res, 413,
                     json{{"detail", "File too large: " + std::to_string(file->content.size()) +
                                         " bytes, the limit is " +
                                         std::to_string(state.options.max_upload_bytes) + " bytes"}}
                         .dump(-1, ' ', false, kReplaceInvalidUtf8));
  }
  const StoredFile stored = state.files.add(file->filename, file->content_type, purpose,
                                            static_cast<int>(days), file->content);
  send_success(res, FileStore::describe(stored).dump(-1, ' ', false, kReplaceInvalidUtf8));
}

// A query parameter's last value, as FastAPI reads repeated ones for a scalar.
std::optional<std::string> query(const httplib::Request& req, const std::string& name) {
  std::optional<std::string> value;
  const auto range = req.params.equal_range(name);
  for (auto it = range.first; it != range.second; ++it)
    value = it->second;
  return value;
}

void list(ServerState& state, const httplib::Request& req, httplib::Response& res) {
  if (!state.authorized(req)) return send_unauthorized(res);
  json errors = json::array();
  const std::optional<std::string> purpose = query(req, "purpose");
  if (purpose) {
    const json issue = string_length_problem({"query", "purpose"}, *purpose, 0, 50);
    if (!issue.is_null()) errors.push_back(issue);
  }
  long long page = 1;
  long long limit = 100;
  if (const auto text = query(req, "page")) {
    page = check_int_value(*text, {"query", "page"}, 1, LLONG_MAX, errors).value_or(1);
  }
  if (const auto text = query(req, "limit")) {
    limit = check_int_value(*text, {"query", "limit"}, 1, 1000, errors).value_or(100);
  }
  if (!errors.empty()) return send_problems(res, errors);
  const FilePage found = state.files.list(purpose.value_or(""), static_cast<std::size_t>(page),
                                          static_cast<std::size_t>(limit));
  json items = json::array();
  for (const StoredFile& file : found.items)
    items.push_back(FileStore::describe(file));
  const auto pages =
      (found.total + static_cast<std::size_t>(limit) - 1) / static_cast<std::size_t>(limit);
  send_success(res, json{{"items", std::move(items)},
                         {"total", found.total},
                         {"page", page},
                         {"limit", limit},
                         {"total_pages", pages}}
                        .dump(-1, ' ', false, kReplaceInvalidUtf8));
}

// Pydantic's words for a string that is not a UUID, in the common cases.
std::string uuid_error(const std::string& text) {
  std::vector<std::string> groups(1);
  for (const char c : text) {
    if (c == '-') {
      groups.emplace_back();
    } else {
      groups.back() += c;
    }
  }
  if (groups.size() == 1 && text.size() != 32) {
    return "invalid length: expected length 32 for simple format, found " +
           std::to_string(text.size());
  }
  if (groups.size() != 1 && groups.size() != 5) {
    return "invalid group count: expected 5, found " + std::to_string(groups.size());
  }
  static const std::size_t kLengths[] = {8, 4, 4, 4, 12};
  for (std::size_t g = 0; groups.size() == 5 && g < 5; ++g) {
    if (groups[g].size() != kLengths[g]) {
      return "invalid group length in group " + std::to_string(g) + ": expected " +
             std::to_string(kLengths[g]) + ", found " + std::to_string(groups[g].size());
    }
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (std::isxdigit(static_cast<unsigned char>(text[i])) == 0 && text[i] != '-') {
      return "invalid character: found `" + text.substr(i, 1) + "` at " + std::to_string(i + 1);
    }
  }
  return "invalid UUID";
}

void delete_some(ServerState& state, const httplib::Request& req, httplib::Response& res) {
  json errors = json::array();
  json body;
  const bool object = decode_object_body(req.body, body, errors);
  const bool undecodable = !errors.empty() && errors[0]["type"] == "json_invalid";
  if (!undecodable && !state.authorized(req)) return send_unauthorized(res);
  std::vector<std::string> ids;
  if (object && !body.contains("file_ids")) {
    errors.push_back(problem({"body", "file_ids"}, "missing", "Field required", body));
  } else if (object && !body["file_ids"].is_array()) {
    errors.push_back(problem({"body", "file_ids"}, "list_type", "Input should be a valid list",
                             body["file_ids"]));
  } else if (object) {
    const json& list = body["file_ids"];
    const json length =
        list_length_problem({"body", "file_ids"}, list.size(), 1, kMaxDeleteIds, list);
    if (!length.is_null()) errors.push_back(length);
    for (std::size_t i = 0; length.is_null() && i < list.size(); ++i) {
      const json& item = list[i];
      if (!item.is_string()) {
        errors.push_back(problem({"body", "file_ids", i}, "uuid_type",
                                 "UUID input should be a string, bytes or UUID object", item));
      } else if (!FileStore::canonical_uuid(item.get<std::string>())) {
        const std::string why = uuid_error(item.get<std::string>());
        errors.push_back(problem({"body", "file_ids", i}, "uuid_parsing",
                                 "Input should be a valid UUID, " + why, item, {{"error", why}}));
      } else {
        ids.push_back(item.get<std::string>());
      }
    }
  }
  if (!errors.empty()) return send_problems(res, errors);
  send_success(res, json{{"deleted_count", state.files.remove(ids)}}.dump(-1, ' ', false,
                                                                          kReplaceInvalidUtf8));
}

void delete_all(ServerState& state, const httplib::Request& req, httplib::Response& res) {
  if (!state.authorized(req)) return send_unauthorized(res);
  send_success(
      res, json{{"deleted_count", state.files.clear()}}.dump(-1, ' ', false, kReplaceInvalidUtf8));
}

}  // namespace

void add_upload_routes(httplib::Server& http, ServerState& state) {
  add_route(http, state, "POST", "/v3/upload", "POST /v3/upload", false, upload);
  add_route(http, state, "GET", "/v3/upload", "GET /v3/upload", false, list);
  add_route(http, state, "DELETE", "/v3/upload", "DELETE /v3/upload", false, delete_all);
  add_route(http, state, "POST", "/v3/upload/delete", "POST /v3/upload/delete", false, delete_some);
  add_method_not_allowed(http, state, "GET", "/v3/upload/delete", "POST");
}

}  // namespace edenai::mock::internal
