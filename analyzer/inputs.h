/* inputs: which translation units to analyze, and with what flags.
 *
 * From a compilation database (libclang's CXCompilationDatabase reads
 * BUILD_DIR/compile_commands.json) or from files and directories given on
 * the command line, with the flags in the nearest compile_flags.txt (the
 * convention clangd uses) plus any extra flags.  A sl_jobs list owns every
 * job and every string in it.
 *
 * Where relative paths in flags lead, as compilers and clangd read them:
 * extra flags (the command line's, after --) against the directory
 * sesslint was started in; compile_flags.txt lines against that file's
 * directory; a compilation database entry's against its "directory".
 */
#ifndef SL_INPUTS_H
#define SL_INPUTS_H

#include "util.h"

typedef struct sl_job {
    char *file;      /* absolute path of the source file */
    char *directory; /* working directory for relative paths in args */
    SL_VEC(char *) args; /* parser flags (no compiler, no -c/-o, no file) */
    bool from_compdb; /* flags from a compilation database; otherwise an
                         #include that does not resolve may be searched for
                         in the tree (sl_parse_input.tree_headers) */
} sl_job;

typedef SL_VEC(sl_job) sl_jobs;

void sl_jobs_free(sl_jobs *jobs);

/* Jobs from BUILD_DIR/compile_commands.json; when filters are given, only
 * entries whose file equals one of them or lies under one (a directory).
 * extra flags are appended.  Returns 0, or -1 with err naming the file. */
int sl_jobs_from_compdb(sl_jobs *out, const char *build_dir, const char *const *filters,
                        size_t nfilters, const char *const *extra, size_t nextra, sl_error *err);

/* Jobs for files and directories (C and C++ sources, recursively, hidden
 * directories skipped), sorted by path.  Returns 0, or -1 with err when a
 * path does not exist or cannot be read. */
int sl_jobs_from_paths(sl_jobs *out, const char *const *paths, size_t npaths,
                       const char *const *extra, size_t nextra, sl_error *err);

/* Jobs for PATHs when no build directory is given.  The compilation
 * database clangd would use (sl_compdb_find) gives the flags of the files
 * it lists under those paths; every other source found there gets
 * compile_flags.txt and extra flags (sl_jobs_from_paths).  Directories
 * holding a CMakeCache.txt (CMake build trees) are not searched for
 * sources.  headers (may be NULL) gets the header files under the given
 * directories and the directories of the given files (absolute, sorted);
 * notes one line per database used, for humans ("sesslint: using ...").
 * Returns 0, or -1 with err as sl_jobs_from_paths. */
int sl_jobs_discover(sl_jobs *out, sl_strvec *headers, sl_strvec *notes,
                     const char *const *paths, size_t npaths, const char *const *extra,
                     size_t nextra, sl_error *err);

/* The directory holding the compilation database clangd would use for
 * path: starting at path (a directory) or its directory (a file) and going
 * up to the root, the first directory D with D/compile_commands.json, or
 * D/build/compile_commands.json (then D/build).  Returns owned, or NULL. */
char *sl_compdb_find(const char *path);

/* Flags as a compiler started in base reads them: the relative path of a
 * flag that takes one (-I, -iquote, -isystem, -idirafter, -iframework,
 * -F, --sysroot, -isysroot, -iprefix, -ivfsoverlay, -include, -imacros,
 * -include-pch, ..., joined or separate) becomes base/path.  -include and
 * -imacros files are rewritten only when base/path exists (a compiler
 * otherwise looks for them on the include path).  Appends owned strings
 * to out. */
void sl_flags_absolute(const char *const *flags, size_t n, const char *base, sl_strvec *out);

/* Digest of a list of paths (64 hex digits and a NUL). */
void sl_paths_digest(const sl_strvec *paths, char out[65]);

/* Is this a C or C++ source file name?  A header name (.h, .hpp, .inc...)? */
bool sl_is_source_name(const char *name);
bool sl_is_header_name(const char *name);

#endif
