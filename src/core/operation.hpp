// One API operation, described as data: what the pipeline (core/client_impl.hpp) needs to send
// it. The endpoint files of src/api/ build these; nothing else about an endpoint is special.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/cost_guard.hpp"
#include "edenai/transport.hpp"

namespace edenai::internal {

struct Operation {
  /// `GET`, `POST` or `DELETE`.
  const char* method = "GET";
  /// Under the base URL, e.g. `/v3/images/edits`.
  const char* path = "";
  /// The query, already percent-encoded, without `?`; empty for none.
  std::string query;
  /// A JSON body, or empty.
  std::string json;
  /// Or a `multipart/form-data` body.
  std::vector<FormPart> form;
  /// Whether the request may be re-sent after a 2xx answer began to arrive (a GET, a delete):
  /// nothing is bought or created twice. Generations, edits and uploads are not repeatable.
  bool repeatable = false;
  /// What the operation buys, for the client's Budget: set for the paid ones (generations,
  /// edits), which reserve their estimate before they are sent.
  std::optional<Purchase> purchase;
};

/// `text` percent-encoded for a query value (RFC 3986: unreserved characters kept).
std::string encode_query_value(std::string_view text);

}  // namespace edenai::internal
