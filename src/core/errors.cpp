// Redaction of every SDK exception: one virtual, so that each type cleans the text it holds.
// And what a Result keeps of an error.
#include "edenai/errors.hpp"

#include "edenai/result.hpp"

#include "core/redaction.hpp"

namespace edenai {

std::string Error::redacted(std::string text, const std::vector<std::string>& secrets) {
  return internal::redact_all(std::move(text), secrets);
}

void Error::redact(const std::vector<std::string>& secrets) {
  if (!internal::mentions_any(message(), secrets)) return;
  static_cast<std::runtime_error&>(*this) = std::runtime_error(redacted(message(), secrets));
  set_attempts(attempts());  // rebuilds "(after N attempts)" from the redacted message
}

void DecodeError::redact(const std::vector<std::string>& secrets) {
  Error::redact(secrets);
  // A secret may hide behind a JSON escape only where a backslash is.
  if (internal::mentions_any(*body_, secrets) || body_->find('\\') != std::string::npos) {
    body_ = std::make_shared<const std::string>(internal::redacted_body(*body_, secrets));
  }
}

void ApiError::redact(const std::vector<std::string>& secrets) {
  Error::redact(secrets);
  request_id_ = redacted(std::move(request_id_), secrets);
  error_code_ = redacted(std::move(error_code_), secrets);
  if (internal::mentions_any(body_, secrets) || body_.find('\\') != std::string::npos) {
    body_ = internal::redacted_body(std::move(body_), secrets);
  }
}

void UnprocessableEntityError::redact(const std::vector<std::string>& secrets) {
  ApiError::redact(secrets);
  for (auto& problem : validation_.detail) {
    problem.msg = redacted(std::move(problem.msg), secrets);
    problem.type = redacted(std::move(problem.type), secrets);
    for (auto& part : problem.loc) {
      if (auto* name = std::get_if<std::string>(&part)) *name = redacted(std::move(*name), secrets);
    }
  }
}

const char* to_string(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::none:
      return "none";
    case ErrorKind::invalid_request:
      return "invalid_request";
    case ErrorKind::connection:
      return "connection";
    case ErrorKind::timeout:
      return "timeout";
    case ErrorKind::response_too_large:
      return "response_too_large";
    case ErrorKind::cancelled:
      return "cancelled";
    case ErrorKind::decode:
      return "decode";
    case ErrorKind::api:
      return "api";
    case ErrorKind::bad_request:
      return "bad_request";
    case ErrorKind::authentication:
      return "authentication";
    case ErrorKind::insufficient_credits:
      return "insufficient_credits";
    case ErrorKind::permission_denied:
      return "permission_denied";
    case ErrorKind::not_found:
      return "not_found";
    case ErrorKind::conflict:
      return "conflict";
    case ErrorKind::unprocessable_entity:
      return "unprocessable_entity";
    case ErrorKind::rate_limit:
      return "rate_limit";
    case ErrorKind::region_not_allowed:
      return "region_not_allowed";
    case ErrorKind::internal_server:
      return "internal_server";
    case ErrorKind::other:
      break;
    case ErrorKind::save:
      return "save";
    case ErrorKind::budget_exceeded:
      return "budget_exceeded";
  }
  return "other";
}

detail::ErrorSummary detail::summarize(const std::exception_ptr& error) {
  ErrorSummary summary;
  if (!error) return summary;
  try {
    std::rethrow_exception(error);
  } catch (const ApiError& e) {
    summary = {e.kind(), e.status(), e.request_id(), e.what()};
  } catch (const Error& e) {
    summary = {e.kind(), 0, {}, e.what()};
  } catch (const std::exception& e) {
    summary = {ErrorKind::other, 0, {}, e.what()};
  } catch (...) {
    summary = {ErrorKind::other, 0, {}, "unknown error"};
  }
  return summary;
}

const Error* detail::error_of(const std::exception_ptr& error) noexcept {
  if (!error) return nullptr;
  try {
    std::rethrow_exception(error);
  } catch (const Error& e) {
    return &e;  // the object `error` holds: the rethrow throws it, not a copy
  } catch (...) {
  }
  return nullptr;
}

}  // namespace edenai
