# CPack: a Debian package of the installed layout (`cpack -G DEB` in the
# build tree, after building).  /usr/bin/sesslint, its rules in
# /usr/share/sesslint/rules, the man page; Depends computed by
# dpkg-shlibdeps from the binary, plus libclang's built-in headers (stddef.h
# and friends, which libclang needs to parse anything and which Debian ships
# apart from the library).  The version is read at packaging time from the
# build's version.txt (cmake/version.cmake), so the package says what the
# binary says.
set(CPACK_PACKAGE_NAME sesslint)
set(CPACK_PACKAGE_VENDOR sesslint)
set(CPACK_PACKAGE_CONTACT "sesslint developers" CACHE STRING "Maintainer field of the .deb")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "static analyzer for leaked session, credential and connector handles in C")
set(CPACK_PACKAGE_DESCRIPTION
    "sesslint finds session, credential and connector handles (curl handles, database
connections, sockets, TLS objects, credentials) that leave a C function on some
path without being closed. It follows ownership across functions and files,
stores every run in a SQLite database, gates CI on new findings and writes
text, JSON, SARIF, HTML and Markdown reports.")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# git: the commit of a run and the baseline; libc6-dev: the headers of the
# C code being analyzed.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "git, libc6-dev")
if(SESSLINT_LLVM_DIR MATCHES "/llvm-([0-9]+)/?$")
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "libclang-common-${CMAKE_MATCH_1}-dev")
endif()
set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git/" "/build[^/]*/" "/\\\\.sesslint/" "/bench/work/")

configure_file(${CMAKE_SOURCE_DIR}/cmake/cpack-project.cmake.in
               ${CMAKE_BINARY_DIR}/CPackProjectConfig.cmake @ONLY)
set(CPACK_PROJECT_CONFIG_FILE ${CMAKE_BINARY_DIR}/CPackProjectConfig.cmake)
include(CPack)
