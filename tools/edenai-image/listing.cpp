#include "listing.hpp"

#include <algorithm>
#include <cstdio>

namespace edenai::cli {
namespace {

using nlohmann::json;

std::string clean_cell(std::string text) {
  for (char& c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) c = ' ';
  }
  return text.empty() ? "-" : text;
}

// Characters, not bytes: UTF-8 continuation bytes do not count.
std::size_t width_of(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string or_dash(const std::optional<std::string>& text) {
  return text ? *text : "-";
}

// `out[key]` is the typed value when set; else what `extra` kept under that key (a value that
// did not fit the type), else null.
template <typename T>
void put(json& out, const char* key, const std::optional<T>& value) {
  if (value) {
    out[key] = *value;
  } else if (!out.contains(key)) {
    out[key] = nullptr;
  }
}

json model_to_json(const ModelObject& model) {
  json out = model.extra.is_object() ? model.extra : json::object();
  out["id"] = model.id;
  put(out, "created", model.created);
  put(out, "owned_by", model.owned_by);
  put(out, "model_name", model.model_name);
  put(out, "description", model.description);
  put(out, "source", model.source);
  put(out, "context_length", model.context_length);
  put(out, "alias_of", model.alias_of);
  put(out, "capabilities", model.capabilities);
  put(out, "pricing", model.pricing);
  put(out, "list_pricing", model.list_pricing);
  put(out, "discount", model.discount);
  if (!model.regions.empty() || !out.contains("regions")) {
    json regions = json::array();
    for (const RegionObject& region : model.regions)
      regions.push_back({{"code", region.code}, {"name", region.name}});
    out["regions"] = std::move(regions);
  }
  return out;
}

}  // namespace

std::string format_table(const TableRow& header, const std::vector<TableRow>& rows) {
  std::vector<TableRow> lines;
  lines.reserve(rows.size() + 1);
  lines.push_back(header);
  for (const TableRow& row : rows)
    lines.push_back(row);
  std::vector<std::size_t> widths;
  for (TableRow& line : lines) {
    for (std::size_t i = 0; i < line.size(); ++i) {
      line[i] = clean_cell(std::move(line[i]));
      if (widths.size() <= i) widths.push_back(0);
      widths[i] = std::max(widths[i], width_of(line[i]));
    }
  }
  std::string text;
  for (const TableRow& line : lines) {
    std::string out;
    for (std::size_t i = 0; i < line.size(); ++i) {
      out += line[i];
      if (i + 1 < line.size()) out += std::string(widths[i] - width_of(line[i]) + 2, ' ');
    }
    while (!out.empty() && out.back() == ' ')
      out.pop_back();
    text += out + "\n";
  }
  return text;
}

std::string size_cell(std::optional<std::int64_t> bytes) {
  if (!bytes || *bytes < 0) return "-";
  if (*bytes < 1024) return std::to_string(*bytes) + " B";
  static const char* const kUnits[] = {"KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(*bytes) / 1024;
  std::size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(kUnits)) {
    value /= 1024;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.1f %s", value, kUnits[unit]);
  return text;
}

std::string price_cell(const std::optional<nlohmann::json>& pricing) {
  if (!pricing || !pricing->is_object()) return "-";
  const auto per_image = pricing->find("per_image");
  if (per_image != pricing->end() && per_image->is_number()) {
    return per_image->dump() + " per_image";
  }
  for (const auto& [key, value] : pricing->items()) {
    if (value.is_number()) return value.dump() + " " + key;
  }
  return "-";
}

TableRow files_header() {
  return {"ID", "NAME", "SIZE", "TYPE", "PURPOSE", "CREATED", "EXPIRES"};
}

TableRow file_row(const FileResponse& file) {
  return {file.file_id,
          file.file_name,
          size_cell(file.file_size),
          or_dash(file.file_mimetype),
          or_dash(file.purpose),
          or_dash(file.created_at),
          or_dash(file.expires_at)};
}

TableRow models_header() {
  return {"ID", "OWNER", "PRICE"};
}

TableRow model_row(const ModelObject& model) {
  return {model.id, or_dash(model.owned_by), price_cell(model.pricing)};
}

json file_to_json(const FileResponse& file) {
  json out = file.extra.is_object() ? file.extra : json::object();
  out["file_id"] = file.file_id;
  out["file_name"] = file.file_name;
  put(out, "file_size", file.file_size);
  put(out, "file_mimetype", file.file_mimetype);
  put(out, "purpose", file.purpose);
  put(out, "created_at", file.created_at);
  put(out, "expires_at", file.expires_at);
  put(out, "metadata", file.metadata);
  return out;
}

json models_to_json(const ListModelsResponse& list) {
  json out = list.extra.is_object() ? list.extra : json::object();
  out["object"] = list.object;
  json data = json::array();
  for (const ModelObject& model : list.data)
    data.push_back(model_to_json(model));
  out["data"] = std::move(data);
  return out;
}

}  // namespace edenai::cli
