/* version.h: the version of this build of sesslint.
 *
 * sl_version is defined in version.c, which cmake/version.cmake writes into
 * the build tree at every build: `git describe` of the source tree without
 * the leading 'v' (0.2.0, 0.2.0-3-gabc1234, 0.1.0-gabc1234-dirty), or the
 * CMake project version outside git.  Static storage: never freed. */
#ifndef SL_VERSION_H
#define SL_VERSION_H

extern const char sl_version[];

/* What --version prints, reports carry as the tool's version and the
 * analysis cache keys on. */
#define SESSLINT_VERSION sl_version

#endif
