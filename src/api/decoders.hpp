// The decoders of the file store's and the model list's responses (json/reader.hpp's rules:
// strict about what a response exists to carry, lenient about metadata).
#pragma once

#include <string>

#include "edenai/files.hpp"
#include "edenai/models.hpp"
#include "http/buffer_pool.hpp"

namespace edenai::internal {

/// `POST /v3/upload`: the stored file; `file_id` must be a string. @throws DecodeError
FileResponse decode_upload(const SharedBody& body);
/// `GET /v3/upload`: a page; `items` an array of files (or null). @throws DecodeError
ListFilesResponse decode_file_list(const SharedBody& body);
/// The deletes: `deleted_count` must be a non-negative integer. @throws DecodeError
int decode_deleted_count(const SharedBody& body);
/// `GET /v3/images/models`: `data` an array of models, each with a string `id`.
/// @throws DecodeError
ListModelsResponse decode_model_list(const SharedBody& body);

}  // namespace edenai::internal
