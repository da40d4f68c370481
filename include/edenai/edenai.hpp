// Umbrella header of the Eden AI C++ SDK: include this one.
#pragma once

#include "edenai/base64_text.hpp"
#include "edenai/batch.hpp"
#include "edenai/budget.hpp"
#include "edenai/cancellation.hpp"
#include "edenai/client.hpp"
#include "edenai/edits.hpp"
#include "edenai/errors.hpp"
#include "edenai/files.hpp"
#include "edenai/models.hpp"
#include "edenai/options.hpp"
#include "edenai/result.hpp"
#include "edenai/save.hpp"
#include "edenai/transport.hpp"
#include "edenai/types.hpp"
#include "edenai/version.hpp"

/// The Eden AI C++ SDK: `Client` and the types of its calls, errors and options.
namespace edenai {}

/// The offline mock of Eden AI's image API (`edenai::mock::Server`), for tests: link
/// `edenai::mock`.
namespace edenai::mock {}
