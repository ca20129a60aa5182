# Run at build time (cmake -P): the man page sesslint.1 from --help texts.
#   -DSESSLINT=the built binary  -DHELP2MAN=help2man  -DOUT=sesslint.1
# Writes OUT and OUT.gz (what is installed, as Debian ships man pages).
# help2man reads `sesslint --help` (DESCRIPTION, OPTIONS) and `sesslint
# --version`; SYNOPSIS is the main usage line, and a COMMANDS section holds
# `sesslint help COMMAND` for every command the main help lists, verbatim
# (.nf), so the man page says exactly what the binary says.
if(NOT SESSLINT OR NOT HELP2MAN OR NOT OUT)
  message(FATAL_ERROR "manpage.cmake: SESSLINT, HELP2MAN and OUT must be set")
endif()

execute_process(COMMAND "${SESSLINT}" --help OUTPUT_VARIABLE main RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "manpage.cmake: '${SESSLINT} --help' exited ${rc}")
endif()

# The command names: lines "  NAME  summary" under "Commands:".
string(REGEX MATCH "\nCommands:\n(  [^\n]*\n)+" block "${main}")
string(REGEX MATCHALL "\n  [a-z]+ " names "${block}")
set(commands "")
foreach(n IN LISTS names)
  string(STRIP "${n}" n)
  if(NOT n STREQUAL "help")
    list(APPEND commands "${n}")
  endif()
endforeach()
list(LENGTH commands ncommands)
if(ncommands LESS 2)
  message(FATAL_ERROR "manpage.cmake: no commands found in '${SESSLINT} --help'")
endif()

# Help text as roff inside .nf: backslashes and minus signs escaped, and a
# line that roff or help2man's include parser would read as a request or a
# section ('.', ''', '[', '/') starts with the zero-width \&.
function(roff_verbatim text outvar)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REPLACE "-" "\\-" text "${text}")
  string(REGEX REPLACE "\n([.'[/])" "\n\\\\&\\1" text "\n${text}")
  string(REGEX REPLACE "^\n" "" text "${text}")
  set(${outvar} "${text}" PARENT_SCOPE)
endfunction()

# SYNOPSIS from the main usage line (help2man only knows "Usage:").
if(NOT main MATCHES "^usage: sesslint ([^\n]*)\n")
  message(FATAL_ERROR "manpage.cmake: '${SESSLINT} --help' does not start with 'usage: sesslint'")
endif()
roff_verbatim("${CMAKE_MATCH_1}" usage)
set(include "[SYNOPSIS]\n.B sesslint\n${usage}\n")
string(APPEND include "[COMMANDS]\nEach command's options, as printed by\n.B sesslint help\n.IR COMMAND .\n")
foreach(c IN LISTS commands)
  execute_process(COMMAND "${SESSLINT}" help ${c} OUTPUT_VARIABLE text RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "manpage.cmake: '${SESSLINT} help ${c}' exited ${rc}")
  endif()
  roff_verbatim("${text}" text)
  string(APPEND include ".SS \"sesslint ${c}\"\n.nf\n${text}.fi\n")
endforeach()
string(APPEND include "[SEE ALSO]\nThe README and docs/ in sesslint's source tree: the rule format, the\nfindings database, the report formats and CI set-ups.\n")
file(WRITE "${OUT}.h2m" "${include}")

execute_process(COMMAND "${HELP2MAN}" --no-info --section=1
                        "--name=find session, credential and connector handles that leak"
                        "--include=${OUT}.h2m" "--output=${OUT}.tmp" "${SESSLINT}"
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "manpage.cmake: help2man failed (${rc}): ${err}")
endif()
file(RENAME "${OUT}.tmp" "${OUT}")
find_program(GZIP gzip REQUIRED)
execute_process(COMMAND "${GZIP}" -n -9 -c "${OUT}" OUTPUT_FILE "${OUT}.gz" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "manpage.cmake: gzip failed (${rc})")
endif()
