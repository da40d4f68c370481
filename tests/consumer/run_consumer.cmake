# Installs the build in EDENAI_BINARY_DIR into a scratch prefix, then builds and runs the consumer
# and its twin built with -fno-exceptions against it twice: as a CMake project with
# find_package(edenai) (linking only edenai::mock, which brings edenai::edenai), and as one
# compiler command with `pkg-config --cflags --libs` alone.
# Checks the licence is installed under share/doc. Run by CTest.
set(prefix ${WORK_DIR}/prefix)
set(build ${WORK_DIR}/build)
file(REMOVE_RECURSE ${WORK_DIR})

include(${CMAKE_CURRENT_LIST_DIR}/../support/steps.cmake)

step(${CMAKE_COMMAND} --install ${EDENAI_BINARY_DIR} --prefix ${prefix})
foreach(tool edenai-image edenai-mock-server)
  if(NOT EXISTS ${prefix}/bin/${tool})
    message(FATAL_ERROR "${tool} was not installed in ${prefix}/bin")
  endif()
  step(${prefix}/bin/${tool} --version)
endforeach()
step(${CMAKE_COMMAND} -S ${CONSUMER_SOURCE_DIR} -B ${build} -G ${CMAKE_GENERATOR}
     -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}
     -DCMAKE_BUILD_TYPE=Release)
step(${CMAKE_COMMAND} --build ${build})
step(${build}/consumer)
step(${build}/consumer_no_exceptions)
step(${build}/my_app)

# pkg-config: the installed .pc files alone, no CMake.
find_program(PKG_CONFIG pkg-config REQUIRED)
set(ENV{PKG_CONFIG_PATH} ${prefix}/${LIBDIR}/pkgconfig)
execute_process(COMMAND ${PKG_CONFIG} --cflags --libs edenai-mock edenai
  OUTPUT_VARIABLE flags OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "pkg-config --cflags --libs edenai-mock edenai failed (${result})")
endif()
message(STATUS "pkg-config: ${flags}")
separate_arguments(flags UNIX_COMMAND "${flags}")
step(${CMAKE_CXX_COMPILER} -std=c++17 ${CONSUMER_SOURCE_DIR}/main.cpp ${flags}
     -o ${WORK_DIR}/consumer_pkg_config)
step(${CMAKE_COMMAND} -E env LD_LIBRARY_PATH=${prefix}/${LIBDIR} ${WORK_DIR}/consumer_pkg_config)
step(${CMAKE_CXX_COMPILER} -std=c++17 -fno-exceptions ${CONSUMER_SOURCE_DIR}/no_exceptions.cpp
     ${flags} -o ${WORK_DIR}/consumer_no_exceptions_pkg_config)
step(${CMAKE_COMMAND} -E env LD_LIBRARY_PATH=${prefix}/${LIBDIR}
     ${WORK_DIR}/consumer_no_exceptions_pkg_config)
# The README's pkg-config command line itself, run in a copy of my_app.cpp's directory.
include(${CMAKE_CURRENT_LIST_DIR}/../support/readme_blocks.cmake)
edenai_readme_block(${CONSUMER_SOURCE_DIR}/../../README.md sh "pkg-config --cflags --libs edenai"
  readme_sh)
string(REGEX MATCH "g\\+\\+ [^\n]*" readme_command "${readme_sh}")
message(STATUS "README: ${readme_command}")
file(MAKE_DIRECTORY ${WORK_DIR}/readme)
file(COPY ${CONSUMER_SOURCE_DIR}/my_app.cpp DESTINATION ${WORK_DIR}/readme)
execute_process(COMMAND sh -c "${readme_command}" WORKING_DIRECTORY ${WORK_DIR}/readme
  RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "the README's pkg-config command failed (${result}): ${readme_command}")
endif()
step(${CMAKE_COMMAND} -E env LD_LIBRARY_PATH=${prefix}/${LIBDIR} ${WORK_DIR}/readme/my_app)

# The CLI's generated man page and completions.
foreach(file ${MANDIR}/man1/edenai-image.1 ${DATADIR}/bash-completion/completions/edenai-image
    ${ZSHDIR}/_edenai-image)
  if(NOT EXISTS ${prefix}/${file})
    message(FATAL_ERROR "${file} was not installed in ${prefix}")
  endif()
endforeach()

foreach(doc LICENSE README.md)
  if(NOT EXISTS ${prefix}/${DOCDIR}/${doc})
    message(FATAL_ERROR "${doc} was not installed in ${prefix}/${DOCDIR}")
  endif()
endforeach()

# A shared library's SONAME carries the version whose ABI it keeps (0.MINOR before 1.0).
if(SHARED)
  find_program(READELF readelf REQUIRED)
  foreach(lib edenai edenai_mock)
    execute_process(COMMAND ${READELF} -d ${prefix}/${LIBDIR}/lib${lib}.so
      OUTPUT_VARIABLE dynamic RESULT_VARIABLE result)
    if(NOT result EQUAL 0 OR NOT dynamic MATCHES "Library soname: \\[lib${lib}\\.so\\.${SOVERSION}\\]")
      message(FATAL_ERROR "lib${lib}.so's SONAME is not lib${lib}.so.${SOVERSION}:\n${dynamic}")
    endif()
  endforeach()
  # Only the public API is exported (hidden visibility, EDENAI_EXPORT): no symbol of an
  # internal namespace (edenai::internal, edenai::mock::internal); the public API is there.
  find_program(NM nm REQUIRED)
  foreach(lib edenai edenai_mock)
    execute_process(COMMAND ${NM} -DC --defined-only ${prefix}/${LIBDIR}/lib${lib}.so
      OUTPUT_VARIABLE exported RESULT_VARIABLE result)
    if(NOT result EQUAL 0)
      message(FATAL_ERROR "nm -D failed on lib${lib}.so")
    endif()
    string(REGEX MATCHALL "[^\n]*edenai::(mock::)?internal::[^\n]*" internal "${exported}")
    list(LENGTH internal count)
    if(count GREATER 0)
      list(GET internal 0 first)
      message(FATAL_ERROR "lib${lib}.so exports ${count} internal symbols, e.g.\n${first}")
    endif()
    set(expected "edenai::Client::generate" "typeinfo for edenai::UnprocessableEntityError"
      "edenai::save_image_in")
    if(lib STREQUAL "edenai_mock")
      set(expected "edenai::mock::Server::start")
    endif()
    foreach(symbol ${expected})
      string(FIND "${exported}" "${symbol}" at)
      if(at LESS 0)
        message(FATAL_ERROR "lib${lib}.so does not export ${symbol}")
      endif()
    endforeach()
  endforeach()
endif()
