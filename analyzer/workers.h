/* workers: the analysis of a list of translation units in worker processes.
 *
 * Each worker is a forked process with its own libclang index.  Phase 1
 * hands out TUs one at a time to whichever worker is free: the worker parses
 * and lowers the TU, keeps its IR, learns its functions' summaries and sends
 * them back.  Phase 2 sends every worker the summaries of all TUs and lets
 * them re-learn theirs until nothing changes (bounded).  Phase 3 has every
 * worker analyze the TUs it holds.  Results are merged in the parent in job
 * order, so the output does not depend on the number of workers or on which
 * worker ran what.
 *
 * A worker that dies (a crash inside libclang or sesslint) costs only the TU
 * it was working on: that TU is reported as failed with the signal, the
 * worker is replaced, and the TUs it held are parsed again elsewhere.
 *
 * Everything returned is owned by the caller's lists.
 */
#ifndef SL_WORKERS_H
#define SL_WORKERS_H

#include "analysis.h"
#include "findings.h"
#include "inputs.h"
#include "summary.h"

typedef struct sl_workers_opts {
    int njobs;                      /* worker processes (>= 1) */
    bool quiet;                     /* no parse diagnostics */
    bool progress;                  /* progress line on stderr */
    const sl_analysis_opts *analysis;
    /* incremental cache: NULL for none.  A TU is taken from the cache when
     * its key (file, compile arguments, sesslint version, rules digest,
     * analysis options), its content and every file it included, and the
     * summaries of the functions it calls from other TUs are unchanged. */
    struct sl_store *cache;
    const char *rules_digest;
    const char *tool_version;  /* part of the cache key (SESSLINT_VERSION) */
    bool no_pch;               /* parse every TU whole: no precompiled header
                                  shared by TUs with the same leading
                                  includes (pch.h) */
    bool show_parse_errors;    /* every parse error, not the first few a TU */
    /* header files of the analyzed trees (borrowed, sorted), searched when
     * an #include of a job without a compilation database entry does not
     * resolve (sl_parse_input.tree_headers) */
    const char *const *tree_headers;
    size_t ntree_headers;
    const char *tree_digest; /* of tree_headers (sl_paths_digest), or NULL:
                                part of those jobs' cache key, since a
                                header added to the tree can resolve an
                                #include that failed */
    /* Sharded runs (sumfile.h).  summaries_only: parse and learn
     * summaries (phases 1 and 2), analyze nothing.  imports: what the
     * translation units of other shards exported (NULL: none); those among
     * jobs are ignored (their own parse says it).  Their summaries join the
     * table, their globals and declarations the program-wide values and
     * inferred rules, as if they had been parsed here.  export_out: when
     * non-NULL, gets the T sections of every job that parsed (paths
     * relative to root). */
    bool summaries_only;
    const struct sl_imports *imports;
    sl_strbuf *export_out;
    const char *root;
    /* out (NULL: not wanted): the files of imported translation units
     * whose summaries were learned against other summaries or inferred
     * rules than this run ended with (their digest differs): the result
     * may differ from an unsharded run.  Strings owned by the caller. */
    sl_strvec *stale;
} sl_workers_opts;

/* Analyze jobs.  tus gets one result per job, in job order; fs every
 * finding; summaries (in: known from earlier runs, may be empty; out: all
 * learned).  Unless o->analysis->infer is false, rules gains the rules
 * inferred from the declarations the TUs see (infer.h), before any TU is
 * summarized with them.  Returns 0, or -1 with err when workers could not be started. */
int sl_workers_run(const sl_jobs *jobs, sl_ruleset *rules, const sl_workers_opts *o,
                   sl_summaries *summaries, sl_findings *fs, sl_tu_results *tus,
                   size_t *ncached, sl_error *err);

/* The cache key of a job (64 hex digits and a NUL). */
void sl_cache_key(const sl_workers_opts *o, const sl_job *j, char out[65]);

/* Number of online CPUs (at least 1). */
int sl_online_cpus(void);

#endif
