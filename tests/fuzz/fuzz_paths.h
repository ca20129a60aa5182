/* fuzz_paths: what each fuzz harness does with one input.
 *
 * Shared by the libFuzzer entry points (tests/fuzz/fuzz_*.c) and the replay
 * of committed regression inputs (tests/test_fuzz_regressions.c), so both
 * drive exactly the same code:
 *   rules     sl_rules_load_buffer on the bytes, then lookups, stats and the
 *             digest of what loaded, then the shipped rules on top of it
 *             (conflicts between the input and the shipped files);
 *   frontend  the bytes as unsaved C source through sl_frontend_parse,
 *             sl_summarize_tu, sl_analyze_tu (both unknown-call policies),
 *             sl_findings_finalize and the summaries' text round trip;
 *   db        the bytes as a database file, opened read-only and then
 *             read-write with sl_store_open; whatever opens is read: runs
 *             (at most SL_FUZZ_MAX_RUNS), their records, findings, TUs and
 *             triage, and the stored function summaries.
 *
 * A sl_fuzz_ctx owns what the harnesses set up once (the shipped rules, a
 * CXIndex, a temporary directory); sl_fuzz_ctx_release frees it all.  Each
 * sl_fuzz_*_one call frees everything it made before returning, so a leak
 * reported by LeakSanitizer for one input is a leak in sesslint.
 */
#ifndef SL_FUZZ_PATHS_H
#define SL_FUZZ_PATHS_H

#include <clang-c/Index.h>
#include <stddef.h>
#include <stdint.h>

#include "rules.h"
#include "util.h"

#define SL_FUZZ_MAX_RUNS 10

typedef struct sl_fuzz_ctx {
    char *source_dir;      /* sesslint source tree (owned) */
    char *rules_dir;       /* its rules/ (owned) */
    sl_ruleset rules;      /* the shipped rules, loaded once */
    char rules_digest[65]; /* sl_rules_digest of rules */
    char *rules_name;      /* name rule inputs are loaded under (owned) */
    char *c_name;          /* file name C inputs are parsed as (owned) */
    char *c_args[3];       /* parser arguments for C inputs (owned) */
    CXIndex idx;           /* for C inputs (owned) */
    char *tmpdir;          /* for database inputs (owned; removed on release) */
    char *db_path;         /* tmpdir/fuzz.db (owned) */
} sl_fuzz_ctx;

/* Set up everything the three harnesses need, from the source tree at
 * source_dir.  0, or -1 with err set (the shipped rules did not load, no
 * temporary directory). */
int sl_fuzz_ctx_init(sl_fuzz_ctx *c, const char *source_dir, sl_error *err);
void sl_fuzz_ctx_release(sl_fuzz_ctx *c);

/* What became of one input, for the regression replay to check. */
typedef struct sl_fuzz_outcome {
    bool skipped;    /* frontend: the input holds a NUL byte (not C text) */
    bool accepted;   /* rules loaded / a TU came back / the file opened */
    bool reopened;   /* db: the read-write open succeeded too */
    size_t items;    /* resources loaded / functions lowered / runs read */
    size_t findings; /* frontend: findings reported; db: findings loaded */
    size_t summaries;/* frontend: summaries learned; db: summaries loaded */
    sl_error err;    /* why the input was refused (first refusal), or "" */
} sl_fuzz_outcome;

void sl_fuzz_rules_one(const sl_fuzz_ctx *c, const uint8_t *data, size_t size,
                       sl_fuzz_outcome *out);
void sl_fuzz_frontend_one(const sl_fuzz_ctx *c, const uint8_t *data, size_t size,
                          sl_fuzz_outcome *out);
void sl_fuzz_db_one(const sl_fuzz_ctx *c, const uint8_t *data, size_t size,
                    sl_fuzz_outcome *out);

#endif
