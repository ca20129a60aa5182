# The Python front end (analyzer/python/): tree-sitter from Debian
# (libtree-sitter-dev 0.20.7 reads grammars of ABI 13 and 14) and the Python
# grammar's generated C sources from the npm registry's tree-sitter-python
# package, at a pinned version whose parser.c says LANGUAGE_VERSION 14,
# checked against a pinned SHA-256 and unpacked into the build tree at
# configure time.  Nothing of the grammar is committed.
#
# Offline: put the tarball at SESSLINT_TSPYTHON_TARBALL (same checksum), or
# into the download cache ${SESSLINT_DEPS_CACHE} (the first configure that could
# download fills it; later ones and other build trees read it from there).
pkg_check_modules(TREESITTER IMPORTED_TARGET tree-sitter)
if(NOT TREESITTER_FOUND)
  message(FATAL_ERROR "tree-sitter not found: install libtree-sitter-dev (run scripts/deps.sh)")
endif()

set(SESSLINT_TSPYTHON_VERSION 0.23.6)
set(SESSLINT_TSPYTHON_SHA256 aab5b860d93dbf84b37fed532f7dacc0468ede5387d0c74911d68f964287662a)
set(SESSLINT_TSPYTHON_URL
    https://registry.npmjs.org/tree-sitter-python/-/tree-sitter-python-${SESSLINT_TSPYTHON_VERSION}.tgz)
set(SESSLINT_DEPS_CACHE "$ENV{HOME}/.cache/sesslint" CACHE PATH
    "Where downloaded build inputs (the Python grammar tarball) are kept")
set(SESSLINT_TSPYTHON_TARBALL "" CACHE FILEPATH
    "A local copy of tree-sitter-python-${SESSLINT_TSPYTHON_VERSION}.tgz (no download)")

set(_tsp_dir ${CMAKE_BINARY_DIR}/_deps/tree-sitter-python-${SESSLINT_TSPYTHON_VERSION})
set(_tsp_tgz ${SESSLINT_DEPS_CACHE}/tree-sitter-python-${SESSLINT_TSPYTHON_VERSION}.tgz)
if(SESSLINT_TSPYTHON_TARBALL)
  set(_tsp_tgz ${SESSLINT_TSPYTHON_TARBALL})
endif()
if(NOT EXISTS ${_tsp_dir}/package/src/parser.c)
  set(_tsp_ok FALSE)
  if(EXISTS ${_tsp_tgz})
    file(SHA256 ${_tsp_tgz} _tsp_have)
    if(_tsp_have STREQUAL SESSLINT_TSPYTHON_SHA256)
      set(_tsp_ok TRUE)
    elseif(SESSLINT_TSPYTHON_TARBALL)
      message(FATAL_ERROR "${_tsp_tgz}: SHA-256 is ${_tsp_have}, expected "
              "${SESSLINT_TSPYTHON_SHA256} (tree-sitter-python ${SESSLINT_TSPYTHON_VERSION})")
    endif()
  endif()
  if(NOT _tsp_ok)
    message(STATUS "Downloading ${SESSLINT_TSPYTHON_URL}")
    file(DOWNLOAD ${SESSLINT_TSPYTHON_URL} ${_tsp_tgz}.part
         EXPECTED_HASH SHA256=${SESSLINT_TSPYTHON_SHA256} TIMEOUT 120 STATUS _tsp_st)
    list(GET _tsp_st 0 _tsp_code)
    if(NOT _tsp_code EQUAL 0)
      list(GET _tsp_st 1 _tsp_msg)
      file(REMOVE ${_tsp_tgz}.part)
      message(FATAL_ERROR "The Python front end needs the tree-sitter-python grammar "
              "${SESSLINT_TSPYTHON_VERSION} and it could not be downloaded from "
              "${SESSLINT_TSPYTHON_URL}: ${_tsp_msg} (code ${_tsp_code}).  Without network "
              "access, copy that file (SHA-256 ${SESSLINT_TSPYTHON_SHA256}) to ${_tsp_tgz} "
              "or pass -DSESSLINT_TSPYTHON_TARBALL=/path/to/it.")
    endif()
    file(RENAME ${_tsp_tgz}.part ${_tsp_tgz})
  endif()
  file(REMOVE_RECURSE ${_tsp_dir})
  file(ARCHIVE_EXTRACT INPUT ${_tsp_tgz} DESTINATION ${_tsp_dir} PATTERNS package/src)
  file(STRINGS ${_tsp_dir}/package/src/parser.c _tsp_abi REGEX "^#define LANGUAGE_VERSION ")
  if(NOT _tsp_abi MATCHES " (13|14)$")
    message(FATAL_ERROR "tree-sitter-python ${SESSLINT_TSPYTHON_VERSION}: '${_tsp_abi}', "
            "but libtree-sitter 0.20 reads grammars of ABI 13 and 14 only")
  endif()
endif()
message(STATUS "Python grammar: tree-sitter-python ${SESSLINT_TSPYTHON_VERSION} in ${_tsp_dir}")

# Generated code: compiled without the project's warnings.
add_library(sesslint_tspython OBJECT ${_tsp_dir}/package/src/parser.c
            ${_tsp_dir}/package/src/scanner.c)
target_include_directories(sesslint_tspython PRIVATE ${_tsp_dir}/package/src)
target_compile_options(sesslint_tspython PRIVATE -w)
set_target_properties(sesslint_tspython PROPERTIES POSITION_INDEPENDENT_CODE ON)

file(GLOB SESSLINT_PYTHON_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/analyzer/python/*.c)
target_sources(sesslint_core PRIVATE ${SESSLINT_PYTHON_SOURCES}
               $<TARGET_OBJECTS:sesslint_tspython>)
target_include_directories(sesslint_core PUBLIC ${CMAKE_SOURCE_DIR}/analyzer/python)
target_link_libraries(sesslint_core PUBLIC PkgConfig::TREESITTER)
