// Redaction of every SDK exception: one virtual, so that each type cleans the text it holds.
#include "edenai/errors.hpp"

#include "redaction.hpp"

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

}  // namespace edenai
