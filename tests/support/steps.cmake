# step(COMMAND...): runs a command from a CTest script (-P), failing the test if it fails. Shared
# by the consumers' drivers (tests/consumer, tests/subproject).
function(step)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "step failed (${result}): ${ARGN}")
  endif()
endfunction()
