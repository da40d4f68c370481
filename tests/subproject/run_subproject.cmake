# Configures and builds tests/subproject, which adds this source tree with add_subdirectory; then
# checks that nothing of CTest's and no mock library was made in its build tree, and runs the
# program. Run by CTest.
set(build ${WORK_DIR}/build)
file(REMOVE_RECURSE ${WORK_DIR})

include(${CMAKE_CURRENT_LIST_DIR}/../support/steps.cmake)

# The README's layout: the SDK's tree at third_party/edenai-cpp of the project.
set(source ${WORK_DIR}/src)
file(COPY ${CONSUMER_SOURCE_DIR}/ DESTINATION ${source})
file(MAKE_DIRECTORY ${source}/third_party)
file(CREATE_LINK ${EDENAI_SOURCE_DIR} ${source}/third_party/edenai-cpp SYMBOLIC)
step(${CMAKE_COMMAND} -S ${source} -B ${build} -G ${CMAKE_GENERATOR}
     -DEDENAI_SOURCE_DIR=${EDENAI_SOURCE_DIR} -DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}
     -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=${SHARED})
include(ProcessorCount)
ProcessorCount(jobs)
step(${CMAKE_COMMAND} --build ${build} --parallel ${jobs})
file(GLOB_RECURSE dart ${build}/DartConfiguration.tcl)
file(GLOB_RECURSE mock ${build}/libedenai_mock* ${build}/edenai-mock-server)
file(GLOB_RECURSE tests ${build}/CTestTestfile.cmake)
foreach(found dart mock tests)
  if(${found})
    message(FATAL_ERROR "the sub-project's build made ${${found}}")
  endif()
endforeach()
step(${build}/my_app)
