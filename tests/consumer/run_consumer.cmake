# Installs the build in EDENAI_BINARY_DIR into a scratch prefix, then configures, builds and runs
# the consumer project against it with find_package(edenai). Run by CTest.
set(prefix ${WORK_DIR}/prefix)
set(build ${WORK_DIR}/build)
file(REMOVE_RECURSE ${WORK_DIR})

function(step)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "consumer step failed (${result}): ${ARGN}")
  endif()
endfunction()

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
