// Internal construction of the libcurl transport, with switches for tests.
#pragma once

#include <memory>

#include "edenai/transport.hpp"

namespace edenai::internal {

/// The libcurl transport. `progress_backstop` false drops the progress-callback check of
/// cancellation, so that tests prove the socket shutdown alone cancels promptly.
std::shared_ptr<Transport> make_curl_transport(bool progress_backstop);

}  // namespace edenai::internal
