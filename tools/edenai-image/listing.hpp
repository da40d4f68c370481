// What edenai-image prints of the file store and the model list: readable tables, and the typed
// responses written back as JSON.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "edenai/files.hpp"
#include "edenai/models.hpp"

namespace edenai::cli {

using TableRow = std::vector<std::string>;

/// `header` and `rows` as columns aligned by two spaces (widths in UTF-8 characters), one line
/// each, no trailing spaces. Control characters in a cell become spaces; an empty cell is `-`.
std::string format_table(const TableRow& header, const std::vector<TableRow>& rows);

/// A byte count for people: `532 B`, `12.4 KiB`, `3.0 MiB`, `1.2 GiB`; `-` when unknown.
std::string size_cell(std::optional<std::int64_t> bytes);

/// The price of a model from its `pricing` object: the `per_image` value when it is a number,
/// else the first numeric value, written `<value> <key>` (`0.042 per_image`); `-` when there is
/// none (no pricing, or no number in it).
std::string price_cell(const std::optional<nlohmann::json>& pricing);

/// The columns of `edenai-image files`: id, name, size, type, purpose, created, expires.
TableRow files_header();
TableRow file_row(const FileResponse& file);

/// The columns of `edenai-image models`: id, owner, price.
TableRow models_header();
TableRow model_row(const ModelObject& model);

/// A stored file as JSON: the contract's fields (null when unset) and its `extra`.
nlohmann::json file_to_json(const FileResponse& file);

/// The model list as JSON: `object`, `data` (each model's fields, null when unset, and its
/// `extra`) and the list's `extra`. A field kept in `extra` because its value did not fit the
/// typed one (a `regions` of another shape, say) is written as received.
nlohmann::json models_to_json(const ListModelsResponse& list);

}  // namespace edenai::cli
