/* inputs: which translation units to analyze, and with what flags.
 *
 * From a compilation database (libclang's CXCompilationDatabase reads
 * BUILD_DIR/compile_commands.json) or from files and directories given on
 * the command line, with the flags in the nearest compile_flags.txt (the
 * convention clangd uses) plus any extra flags.  A sl_jobs list owns every
 * job and every string in it.
 */
#ifndef SL_INPUTS_H
#define SL_INPUTS_H

#include "util.h"

typedef struct sl_job {
    char *file;      /* absolute path of the source file */
    char *directory; /* working directory for relative paths in args */
    SL_VEC(char *) args; /* parser flags (no compiler, no -c/-o, no file) */
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

/* Is this a C or C++ source file name? */
bool sl_is_source_name(const char *name);

#endif
