/* pch: precompiled headers shared by translation units that begin with the
 * same #include lines.
 *
 * Most of a run is libclang parsing the same project and system headers
 * again for every TU.  sl_pch_plan reads the leading #include lines of each
 * job's main file (those before any other directive or code) and, among the
 * jobs with the same directory, arguments and language, gives each job the
 * longest run of leading includes it shares with enough other jobs (the
 * first include with one other job, each further one with
 * SL_PCH_EXTEND_SHARE - 1 others).  Quoted names found beside the main file
 * are written as absolute paths, so the shared header includes the very
 * files the TU would.  Parsing the TU after that header changes nothing:
 * the files it already read are skipped by their include guards (a file
 * without one makes the header unusable), and a parse that reports any error
 * is redone without it (frontend.c).
 *
 * Headers are built lazily by whichever process first needs one (a lock
 * file per header, so forked workers share them) in a private temporary
 * directory.  A header that cannot be built is marked failed and its TUs
 * are parsed whole; so is a header whose builder died.
 *
 * Ownership: the plan owns its directory and everything in it; sl_pch_free
 * removes them when called by the process that made the plan (a forked
 * worker only frees its memory).
 */
#ifndef SL_PCH_H
#define SL_PCH_H

#include <clang-c/Index.h>

#include "inputs.h"

#define SL_PCH_EXTEND_SHARE 4

typedef struct sl_pch sl_pch;

/* Returns an owned plan (sl_pch_free), or NULL when no two jobs share a
 * leading include or no temporary directory could be made (TMPDIR, else
 * /tmp): then every TU is parsed whole, which is never an error.  Jobs with
 * skip[i] set (may be NULL) are left out (taken from the cache).  jobs must
 * outlive the plan. */
sl_pch *sl_pch_plan(const sl_jobs *jobs, const bool *skip);

/* Path of job i's precompiled header, built now when no process has built
 * it yet; NULL when job i has none or it could not be built.  files gets
 * the files the header read (libclang does not list them among the
 * inclusions of a TU parsed after it).  All borrowed: valid until
 * sl_pch_free. */
const char *sl_pch_get(sl_pch *p, CXIndex idx, size_t i, const char *const **files,
                       size_t *nfiles);

/* Number of distinct headers planned, and of jobs that have one. */
size_t sl_pch_planned(const sl_pch *p, size_t *njobs);

/* The generated header text for job i (the #include lines), or NULL.
 * Borrowed. */
const char *sl_pch_text(const sl_pch *p, size_t i);

/* From sl_pch_plan to sl_pch_free, SIGINT, SIGTERM and SIGHUP (unless
 * ignored) remove the plan's directory before ending the process as they
 * would have.  A forked worker calls sl_pch_signals_restore first thing: it
 * gets the dispositions the process had before (p may be NULL). */
void sl_pch_signals_restore(const sl_pch *p);

void sl_pch_free(sl_pch *p);

#endif
