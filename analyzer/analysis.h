/* analysis: the ownership typestate dataflow over the IR.
 *
 * For each acquisition site in a function (a call that a rule, or a summary
 * of a function in the same TU, says returns or writes an owned handle) the
 * analysis follows every path from the function's entry, tracking the
 * handle's state (live, checked ok, failed, released, escaped), the access
 * paths that hold it, the variables holding the acquisition's status, and
 * facts about tested variables (for correlated and constant conditions).  A
 * path that reaches an exit, a scope end, an overwrite or a container free
 * with the handle live and held only by locals is a leak; one finding per
 * site is reported, at the leaking exit with the smallest line.
 *
 * Cost is bounded: at most max_states distinct states per block entry
 * (default 32).  Past the cap facts are dropped first (correlated conditions
 * are then not honoured for that state), and past twice the cap new states
 * are discarded: the analysis may then miss a leak, but never adds one.
 *
 * sl_analyze_tu appends findings (owned by the caller's list).  The TU's
 * functions may gain access paths while analyzed (hence non-const), and
 * sl_summarize_tu keeps in each function's arena what its last summary was
 * computed from, so that it is not computed again for nothing (freed with
 * the function).
 */
#ifndef SL_ANALYSIS_H
#define SL_ANALYSIS_H

#include "findings.h"
#include "ir.h"
#include "rules.h"
#include "summary.h"

typedef enum sl_unknown_policy {
    SL_UNKNOWN_ESCAPE, /* a handle passed to an unknown function is handed over */
    SL_UNKNOWN_BORROW, /* ...or only used by it */
} sl_unknown_policy;

/* What sl_summarize_tu and sl_analyze_tu computed and what they reused
 * (for tests and profiling; owned by whoever sets opts.stats). */
typedef struct sl_analysis_stats {
    unsigned long summarized;    /* functions summarized */
    unsigned long reused;        /* functions whose last summary was put again */
    unsigned long seeds_run;     /* parameter runs made by sl_analyze_tu */
    unsigned long seeds_skipped; /* ...and left out (see sl_analyze_tu) */
    unsigned long sites_run;     /* acquisition runs made by sl_analyze_tu */
    unsigned long sites_skipped; /* ...and left out */
} sl_analysis_stats;

typedef struct sl_analysis_opts {
    sl_unknown_policy unknown_calls;
    int max_states; /* per block entry; 0 = default (32) */
    /* Summarize every function in every round and re-run every parameter
     * in sl_analyze_tu, instead of reusing results whose inputs did not
     * change (same results, slower: for tests that prove just that). */
    bool no_reuse;
    sl_analysis_stats *stats; /* NULL, or counted into */
    /* Infer rules from the declarations the TUs see for libraries without a
     * rule file (infer.h; default true, `--no-infer` turns it off). */
    bool infer;
} sl_analysis_opts;

void sl_analysis_opts_default(sl_analysis_opts *o);

/* Does a function's name say its job is to release what it is given
 * (close, free, destroy, cleanup, ..._end, ...)?  Only such functions are
 * reported by release.partial. */
bool sl_name_says_release(const char *name);

/* Give the globals that tu's functions read the values the table says they
 * hold across the program (is_global entries with a constant); a function
 * that gains one is summarized again.  Returns true when something changed. */
bool sl_apply_global_values(sl_tu *tu, const sl_summaries *table);

/* Learn the summaries of tu's functions into table, using what table
 * already knows about their callees (other TUs included); repeated over the
 * TU until nothing changes (bounded).  Returns true when table changed.
 *
 * A function is summarized again only when the table entry of one of its
 * callees changed, since its last summary against this table (round one of
 * a later call included), in something that summary's runs read; otherwise
 * its last summary is put again, which is what summarizing it again would
 * give. */
bool sl_summarize_tu(sl_tu *tu, const sl_ruleset *rules, const sl_analysis_opts *opts,
                     sl_summaries *table);

/* The rule set the TU's functions were summarized with gained rules (the
 * run's inferred ones): the next sl_summarize_tu summarizes again every
 * function that calls a function for which affects(callee, ctx) is true
 * (the new rules name it or make it a use of their handles), instead of
 * reusing its last summary.  A function calling none of them would be
 * summarized the same (its callees' entries changing is seen as always). */
void sl_tu_rules_changed(sl_tu *tu, bool (*affects)(const char *callee, void *ctx), void *ctx);

/* Analyze every function of tu with the summaries in sums (may be NULL);
 * findings are appended to out, and what was not checked (functions whose
 * lowering gave up, handles and close-routine parameters whose run ran out
 * of the function's budget) to skipped (may be NULL; entries owned by the
 * caller's list).  Reports leaks of acquired handles and
 * release.partial: a parameter released on some paths and returned still
 * open, neither released nor handed on, on another.  A parameter or an
 * acquisition whose run when the function was last summarized (from the
 * same summaries) showed it cannot report is not run again; only its cost
 * in the function's budget is counted. */
void sl_analyze_tu(sl_tu *tu, const sl_ruleset *rules, const sl_analysis_opts *opts,
                   const sl_summaries *sums, sl_findings *out, sl_skips *skipped);

#endif
