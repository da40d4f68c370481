# Debian packages of a build, one per install component (`cpack -G DEB` in the build directory;
# scripts/package.sh builds, installs and checks them). Made from a shared build
# (-DBUILD_SHARED_LIBS=ON -DCMAKE_INSTALL_PREFIX=/usr): the runtime package holds the library.
#   libedenai<SOVERSION>   runtime: libedenai.so.<SOVERSION>, the licence
#   libedenai-dev          dev: headers, libedenai.so, CMake and pkg-config files
#   libedenai-mock-dev     mock: edenai::mock (library, header, CMake and pkg-config files) and
#                          edenai-mock-server, for tests of code that uses edenai
#   edenai-image           cli: the command-line tool
# Dependencies on shared libraries come from dpkg-shlibdeps; the others are written here.
set(CPACK_PACKAGE_NAME edenai)
set(CPACK_PACKAGE_VENDOR "edenai-cpp")
set(CPACK_PACKAGE_CONTACT "edenai-cpp maintainers <maintainers@edenai-cpp.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_COMPONENTS_ALL runtime dev cli)
if(EDENAI_HAVE_MOCK)
  list(APPEND CPACK_COMPONENTS_ALL mock)
endif()

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# dpkg-shlibdeps must find libedenai.so itself when it reads the tools and the mock library.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS ${PROJECT_BINARY_DIR})
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)

set(edenai_runtime_package libedenai${EDENAI_SOVERSION})
set(edenai_exact "(= ${PROJECT_VERSION})")

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME ${edenai_runtime_package})
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SECTION libs)
set(CPACK_COMPONENT_RUNTIME_DESCRIPTION
    "C++ client for Eden AI's image API (shared library)")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME libedenai-dev)
set(CPACK_COMPONENT_DEV_DESCRIPTION
    "C++ client for Eden AI's image API (headers, CMake and pkg-config files)")
# What the CMake and pkg-config files ask for: nlohmann/json's headers always; libcurl and
# simdjson's development files for pkg-config (a Requires.private must exist).
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
    "${edenai_runtime_package} ${edenai_exact}, nlohmann-json3-dev (>= 3.10), libcurl4-openssl-dev | libcurl-dev, libsimdjson-dev")

set(CPACK_DEBIAN_MOCK_PACKAGE_NAME libedenai-mock-dev)
set(CPACK_COMPONENT_MOCK_DESCRIPTION
    "Offline Eden AI image API server for tests of code that uses edenai (edenai::mock)")
set(CPACK_DEBIAN_MOCK_PACKAGE_DEPENDS
    "libedenai-dev ${edenai_exact}, libcpp-httplib-dev, zlib1g-dev")

set(CPACK_DEBIAN_CLI_PACKAGE_NAME edenai-image)
set(CPACK_DEBIAN_CLI_PACKAGE_SECTION utils)
set(CPACK_COMPONENT_CLI_DESCRIPTION
    "Command-line tool generating and editing images through Eden AI")
set(CPACK_DEBIAN_CLI_PACKAGE_DEPENDS "${edenai_runtime_package} ${edenai_exact}")

include(CPack)
