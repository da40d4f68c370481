// FastAPI / Pydantic v2 (lax mode) validation in their words, shared by the mock's routes: the
// `detail` entries of a 422 and the checks of the fields the image endpoints have in common.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace edenai::mock::internal {

/// One `detail` entry: `{"type", "loc", "msg", "input"[, "ctx"]}`.
nlohmann::json problem(nlohmann::json loc, const std::string& type, const std::string& msg,
                       const nlohmann::json& input, nlohmann::json ctx = nullptr);

/// Decodes a body as JSON, at most 64 levels deep. Returns the 422 `json_invalid` problem when
/// it is not JSON (FastAPI reports it before any dependency such as auth runs).
std::optional<nlohmann::json> decode_json(std::string_view body, nlohmann::json& parsed);

/// The first steps of every JSON body: an empty body is `missing`, a body that is not JSON
/// `json_invalid`, one that is not an object `model_attributes_type`. Returns true when `parsed`
/// holds an object whose fields may be checked; false when `errors` got the problem.
bool decode_object_body(std::string_view body, nlohmann::json& parsed, nlohmann::json& errors);

/// The integer a lax-mode string spells: surrounding whitespace, `_` between digits and a whole
/// decimal (`"5.0"`) are accepted.
std::optional<long double> lax_integer_string(std::string text);

/// Checks `value` as Pydantic's lax integer from `min` to `max`, reporting at `loc`. Returns the
/// integer when it is valid.
std::optional<long long> check_int_value(const nlohmann::json& value, const nlohmann::json& loc,
                                         long long min, long long max, nlohmann::json& errors);

/// The optional integer field `body[field]` (null allowed).
void check_int(const nlohmann::json& body, const std::string& field, int min, int max,
               nlohmann::json& errors);
/// A string field; `required` ones must be present and not null.
void check_string(const nlohmann::json& body, const std::string& field, bool required,
                  nlohmann::json& errors);
/// `prompt`: a required string of 1 to 32000 characters.
void check_prompt(const nlohmann::json& body, nlohmann::json& errors);
/// An optional object field (null allowed).
void check_object(const nlohmann::json& body, const std::string& field, nlohmann::json& errors);
/// `extra_headers`: an optional object of strings naming no credential header.
void check_extra_headers(const nlohmann::json& body, nlohmann::json& errors);
/// The fields generations and edits share, in the contracts' order: model, prompt, n, size,
/// user, metadata, extra_headers.
void check_shared_image_fields(const nlohmann::json& body, nlohmann::json& errors);

/// `too_short` / `too_long` for a list of `actual` items at `loc`, or null when it fits.
nlohmann::json list_length_problem(const nlohmann::json& loc, std::size_t actual, std::size_t min,
                                   std::size_t max, const nlohmann::json& input);

/// A text form field or query parameter longer than `max` or shorter than `min` characters.
nlohmann::json string_length_problem(const nlohmann::json& loc, const std::string& value,
                                     std::size_t min, std::size_t max);

}  // namespace edenai::mock::internal
