# edenai_readme_block(README LANGUAGE MARKER OUT): sets OUT to the text of the first ```LANGUAGE
# block of README that holds MARKER, so that a test runs the README's own snippet rather than a
# copy of it. Fails when there is none. (Blocks are read up to the next backtick: the README's
# cmake and sh blocks hold none.)
function(edenai_readme_block readme language marker out)
  file(READ ${readme} text)
  string(REGEX MATCHALL "\n```${language}\n[^`]*```" blocks "${text}")
  foreach(block IN LISTS blocks)
    string(FIND "${block}" "${marker}" at)
    if(at GREATER -1)
      string(REGEX REPLACE "^\n```${language}\n" "" block "${block}")
      string(REGEX REPLACE "```$" "" block "${block}")
      set(${out} "${block}" PARENT_SCOPE)
      return()
    endif()
  endforeach()
  message(FATAL_ERROR "${readme} has no ```${language} block holding '${marker}'")
endfunction()
