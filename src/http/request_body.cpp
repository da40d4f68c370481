// The request body as libcurl takes it. A small JSON body goes out with the request's head (in
// one send() over HTTP/1.1); a larger one, and a multipart form, are handed over by a read
// callback that cannot go back. Either way libcurl cannot send a request again by itself
// (docs/retries.md): the pre-request callback refuses a second start, and the SDK's retry loop
// alone decides, and counts, every attempt.
#include <algorithm>

#include "http/curl_common.hpp"

namespace edenai::internal::curl {
namespace {

// The body, handed over as libcurl asks for it. There is no way back: see on_seek.
std::size_t on_read(char* buffer, std::size_t size, std::size_t count, void* user) noexcept {
  auto* exchange = static_cast<Exchange*>(user);
  const std::size_t n = std::min(size * count, exchange->body->size() - exchange->body_handed);
  std::copy_n(exchange->body->data() + exchange->body_handed, n, buffer);
  exchange->body_handed += n;
  return n;
}

// A part of a multipart body, the same way. libcurl asks to rewind a part to its start before it
// first reads it; that is the one seek allowed.
std::size_t on_read_part(char* buffer, std::size_t size, std::size_t count, void* user) noexcept {
  auto* part = static_cast<PartReader*>(user);
  const std::size_t n = std::min(size * count, part->data->size() - part->offset);
  std::copy_n(part->data->data() + part->offset, n, buffer);
  part->offset += n;
  part->exchange->body_handed += n;
  return n;
}

int on_seek_part(void* user, curl_off_t offset, int origin) noexcept {
  const auto* part = static_cast<PartReader*>(user);
  return offset == 0 && origin == SEEK_SET && part->offset == 0 ? CURL_SEEKFUNC_OK
                                                                : CURL_SEEKFUNC_CANTSEEK;
}

// The form of `request` as libcurl's MIME structure (it writes the boundaries and the
// Content-Type header). @throws ConnectionError when libcurl cannot allocate it.
void attach_form(CURL* curl, const HttpRequest& request, Exchange& exchange) {
  exchange.mime.reset(curl_mime_init(curl));
  if (!exchange.mime) throw ConnectionError("libcurl could not create a form", false);
  exchange.parts.reserve(request.form.size());
  for (const FormPart& part : request.form) {
    exchange.parts.push_back({&part.data, 0, &exchange});
    exchange.body_total += part.data.size();
    curl_mimepart* mime_part = curl_mime_addpart(exchange.mime.get());
    if (mime_part == nullptr || curl_mime_name(mime_part, part.name.c_str()) != CURLE_OK ||
        curl_mime_data_cb(mime_part, static_cast<curl_off_t>(part.data.size()), on_read_part,
                          on_seek_part, nullptr, &exchange.parts.back()) != CURLE_OK ||
        (part.file_name && curl_mime_filename(mime_part, part.file_name->c_str()) != CURLE_OK) ||
        (!part.content_type.empty() &&
         curl_mime_type(mime_part, part.content_type.c_str()) != CURLE_OK)) {
      throw ConnectionError("libcurl could not build the form", false);
    }
  }
  curl_easy_setopt(curl, CURLOPT_MIMEPOST, exchange.mime.get());
}

// libcurl rewinds the body only to send it again by itself (on a new connection after a reused
// one died, or an HTTP/2 stream it takes for refused). Refusing makes that transfer fail with
// CURLE_SEND_FAIL_REWIND instead, and the retry loop decides.
int on_seek(void*, curl_off_t, int) noexcept {
  return CURL_SEEKFUNC_CANTSEEK;
}

}  // namespace

BodyKind body_kind(const HttpRequest& request) {
  if (!request.form.empty()) return BodyKind::form;
  if (request.method != "POST" && request.body.empty()) return BodyKind::none;
  return request.body.size() < kInlineBodyLimit ? BodyKind::inline_json : BodyKind::read_json;
}

void attach_body(CURL* curl, const HttpRequest& request, BodyKind kind, Exchange& exchange) {
  switch (kind) {
    case BodyKind::none:
      return;
    case BodyKind::form:
      attach_form(curl, request, exchange);
      return;
    case BodyKind::inline_json:
      // libcurl appends a body this small to an HTTP/1.1 head and writes both with one send()
      // (two for a read callback, and two more polls). It could replay it by itself, which the
      // pre-request callback refuses: any second start of an inline body.
      exchange.body_inline = true;
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
      break;
    case BodyKind::read_json:
      // Not CURLOPT_POSTFIELDS: libcurl would send the head first and could replay the body by
      // itself (see on_seek).
      curl_easy_setopt(curl, CURLOPT_POST, 1L);
      curl_easy_setopt(curl, CURLOPT_READFUNCTION, on_read);
      curl_easy_setopt(curl, CURLOPT_READDATA, &exchange);
      curl_easy_setopt(curl, CURLOPT_SEEKFUNCTION, on_seek);
      curl_easy_setopt(curl, CURLOPT_SEEKDATA, &exchange);
      break;
  }
  exchange.body = &request.body;
  exchange.body_total = request.body.size();
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
}

}  // namespace edenai::internal::curl
