/* check_run: the `sesslint check` pipeline behind the CLI: rules -> inputs ->
 * parse and lower each TU -> analyze -> finalize -> report.
 *
 * sl_check_opts borrows every string it points to (argv); its vectors are
 * owned and freed by sl_check_opts_release.  sl_check_main returns an exit
 * code (cli.h).
 */
#ifndef SL_CHECK_RUN_H
#define SL_CHECK_RUN_H

#include "analysis.h"
#include "shard.h"
#include "util.h"

typedef enum sl_fail_on { SL_FAIL_ANY, SL_FAIL_NEW, SL_FAIL_NONE } sl_fail_on;

typedef enum sl_check_format {
    SL_FORMAT_TEXT,
    SL_FORMAT_JSON,
    SL_FORMAT_SARIF,
    SL_FORMAT_HTML,
} sl_check_format;

typedef struct sl_check_opts {
    const char *argv0;
    const char *build_dir;
    SL_VEC(const char *) paths;
    SL_VEC(const char *) extra_flags;
    SL_VEC(const char *) rule_paths;
    SL_VEC(const char *) enable; /* --enable NAME: opt-in rule sets */
    bool builtin_rules;
    sl_check_format format;
    const char *output;
    bool quiet;
    bool show_parse_errors; /* every parse error, not the first few a file */
    int njobs;          /* worker processes; 0: one per online CPU */
    bool no_db;
    bool no_cache;
    bool no_pch;        /* no shared precompiled headers (pch.h) */
    bool allow_partial; /* code not checked (sl_skip) does not make exit 3 */
    const char *db;
    const char *commit;          /* --commit, or NULL: git HEAD */
    sl_fail_on fail_on;
    const char *baseline;        /* --baseline REF, or NULL */
    bool baseline_missing_all_new;
    sl_analysis_opts analysis;
    sl_shard shard;              /* --shard K/N (count 0: not sharded) */
    SL_VEC(const char *) summaries; /* --summaries FILE...: other shards' exports */
    /* `sesslint summaries --export FILE`: parse and summarize the inputs,
     * write the summaries file (sumfile.h), analyze and store nothing */
    const char *export_summaries;
} sl_check_opts;

void sl_check_opts_init(sl_check_opts *o);
void sl_check_opts_release(sl_check_opts *o);

int sl_check_main(const sl_check_opts *o);

#endif
