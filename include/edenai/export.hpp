// EDENAI_EXPORT marks the public API: the libraries are built with hidden visibility
// (-fvisibility=hidden), so that a shared libedenai exports what the headers of include/edenai
// declare and nothing else, and the internals may change within an ABI version
// (docs/packaging.md). Only GCC and Clang are supported.
#pragma once

#if defined(__GNUC__)
#define EDENAI_EXPORT __attribute__((visibility("default")))
/// For a class the public headers only name (`Client::Impl`): an exported class's nested
/// classes would be exported with it.
#define EDENAI_NO_EXPORT __attribute__((visibility("hidden")))
#else
#define EDENAI_EXPORT
#define EDENAI_NO_EXPORT
#endif
