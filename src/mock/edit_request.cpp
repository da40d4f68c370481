#include "mock/edit_request.hpp"

#include "mock/pydantic.hpp"

namespace edenai::mock::internal {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxImages = 16;
const char* const kRefFields[] = {"file_id", "image_url"};

// One ImageRef (extra='forbid', exactly one of its two fields), as Pydantic checks it: the
// fields in order, then the unknown keys, then the model validator when the fields were valid.
void check_ref(const json& value, const json& loc, json& errors) {
  if (!value.is_object()) {
    errors.push_back(problem(loc, "model_type",
                             "Input should be a valid dictionary or instance of ImageRef", value,
                             {{"class_name", "ImageRef"}}));
    return;
  }
  const std::size_t before = errors.size();
  int set = 0;
  for (const char* field : kRefFields) {
    if (!value.contains(field) || value[field].is_null()) continue;
    if (!value[field].is_string()) {
      json at = loc;
      at.push_back(field);
      errors.push_back(problem(at, "string_type", "Input should be a valid string", value[field]));
    }
    ++set;
  }
  for (const auto& [key, item] : value.items()) {
    if (key == kRefFields[0] || key == kRefFields[1]) continue;
    json at = loc;
    at.push_back(key);
    errors.push_back(problem(at, "extra_forbidden", "Extra inputs are not permitted", item));
  }
  if (errors.size() == before && set != 1) {
    errors.push_back(problem(loc, "value_error",
                             "Value error, Exactly one of file_id or image_url must be set", value,
                             {{"error", json::object()}}));
  }
}

ImageSource source_of(const json& ref, std::string param) {
  ImageSource source;
  source.param = std::move(param);
  if (ref.contains("file_id") && ref["file_id"].is_string()) source.file_id = ref["file_id"];
  if (ref.contains("image_url") && ref["image_url"].is_string()) {
    source.image_url = ref["image_url"];
  }
  return source;
}

}  // namespace

json expected_file_problem(const std::string& field, const std::string& text) {
  return problem({"body", field}, "value_error",
                 "Value error, Expected UploadFile, received: <class 'str'>", text,
                 {{"error", json::object()}});
}

json parse_json_edit(std::string_view body, EditRequest& out, bool& undecodable) {
  json errors = json::array();
  json parsed;
  undecodable = false;
  if (!decode_object_body(body, parsed, errors)) {
    undecodable = errors[0]["type"] == "json_invalid";
    return errors;
  }
  // The contract's declaration order: model, prompt, n, size, user, metadata, extra_headers,
  // images, mask.
  check_shared_image_fields(parsed, errors);
  if (!parsed.contains("images")) {
    errors.push_back(problem({"body", "images"}, "missing", "Field required", parsed));
  } else if (!parsed["images"].is_array()) {
    errors.push_back(
        problem({"body", "images"}, "list_type", "Input should be a valid list", parsed["images"]));
  } else {
    const json& images = parsed["images"];
    const json length =
        list_length_problem({"body", "images"}, images.size(), 1, kMaxImages, images);
    if (!length.is_null()) {
      errors.push_back(length);
    } else {
      for (std::size_t i = 0; i < images.size(); ++i)
        check_ref(images[i], {"body", "images", i}, errors);
    }
  }
  if (parsed.contains("mask") && !parsed["mask"].is_null()) {
    check_ref(parsed["mask"], {"body", "mask"}, errors);
  }
  if (!errors.empty()) return errors;
  for (std::size_t i = 0; i < parsed["images"].size(); ++i) {
    out.images.push_back(source_of(parsed["images"][i], "images[" + std::to_string(i) + "]"));
  }
  if (parsed.contains("mask") && !parsed["mask"].is_null()) {
    out.mask = source_of(parsed["mask"], "mask");
  }
  parsed.erase("images");
  parsed.erase("mask");
  out.body = std::move(parsed);
  return errors;
}

json parse_form_edit(const std::vector<FormPart>& parts, EditRequest& out) {
  json errors = json::array();
  json fields = json::object();
  std::vector<const FormPart*> images;
  const FormPart* mask = nullptr;
  for (const FormPart& part : parts) {
    if (part.name == "image" || part.name == "image[]") {
      images.push_back(&part);
    } else if (part.name == "mask") {
      mask = &part;
    } else if (part.filename.empty()) {
      fields[part.name] = part.content;  // as in Starlette's form, the last value wins
    }
  }
  check_string(fields, "model", true, errors);
  check_prompt(fields, errors);
  check_int(fields, "n", 1, 10, errors);
  // A form field that is not sent is reported with input null (FastAPI checks each on its own).
  for (json& entry : errors) {
    if (entry["type"] == "missing") entry["input"] = nullptr;
  }
  if (images.empty()) {
    errors.push_back(problem({"body", "image"}, "missing", "Field required", nullptr));
  } else if (images.size() > kMaxImages) {
    errors.push_back(
        list_length_problem({"body", "image"}, images.size(), 1, kMaxImages, json::array()));
  } else {
    for (const FormPart* image : images) {
      if (image->filename.empty()) {
        errors.push_back(expected_file_problem("image", image->content));
        break;
      }
    }
  }
  if (mask != nullptr && mask->filename.empty()) {
    errors.push_back(expected_file_problem("mask", mask->content));
  }
  if (!errors.empty()) return errors;
  for (std::size_t i = 0; i < images.size(); ++i) {
    ImageSource source;
    source.param = images.size() == 1 ? "image" : "image[" + std::to_string(i) + "]";
    source.bytes = images[i]->content;
    out.images.push_back(std::move(source));
  }
  if (mask != nullptr) {
    ImageSource source;
    source.param = "mask";
    source.bytes = mask->content;
    out.mask = std::move(source);
  }
  out.body = std::move(fields);
  return errors;
}

}  // namespace edenai::mock::internal
