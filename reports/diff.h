/* diff: writers for `sesslint diff` (text, JSON, Markdown, SARIF with
 * baselineState) and the Markdown form of `sesslint report`.
 *
 * Writers only read what they are given and own none of it.  Paths are
 * printed relative to the run's root.  Each returns 0, or -1 with err set
 * (an I/O error names the output).  Output shapes: docs/db.md.
 */
#ifndef SL_DIFF_REPORT_H
#define SL_DIFF_REPORT_H

#include <stdio.h>

#include "../analyzer/findings.h"
#include "../analyzer/scope.h"
#include "../analyzer/store.h"

typedef struct sl_diff_ctx {
    const sl_run_record *base, *head;        /* the two runs compared */
    const sl_findings *base_findings;        /* base->root paths */
    const sl_findings *head_findings;        /* head->root paths */
    const sl_diff *diff;                     /* sl_diff_findings(base, head) */
    const char *repo_url;   /* "https://github.com/o/r": Markdown links; may be NULL */
    const char *output_name;/* for I/O errors; NULL: "output" */
    /* What the two runs did not both analyze (NULL: everything compared):
     * its files are listed as "not analyzed", and the head findings set
     * aside for them (head_aside, NULL allowed) appear in SARIF without a
     * baselineState. */
    const sl_scope *scope;
    const sl_findings *head_aside;
    /* "shards 1, 2 of 3" when a run is sharded (NULL or "": not) */
    const char *base_shards, *head_shards;
} sl_diff_ctx;

/* Counts, then the new, fixed and unchanged findings in compiler style. */
int sl_diff_write_text(FILE *out, const sl_diff_ctx *ctx, sl_error *err);
/* {"version":1,"base":RUN,"head":RUN,"counts":{...},"not_analyzed":[...],
 *  "new":[...],"fixed":[...],"unchanged":[...]} */
int sl_diff_write_json(FILE *out, const sl_diff_ctx *ctx, sl_error *err);
/* Short tables of new and fixed findings for a pull-request comment. */
int sl_diff_write_markdown(FILE *out, const sl_diff_ctx *ctx, sl_error *err);
/* SARIF from sl_report_sarif over the head findings plus the fixed ones,
 * each result given "baselineState": "new", "unchanged" or "absent"
 * (fixed). */
int sl_diff_write_sarif(FILE *out, const sl_diff_ctx *ctx, sl_error *err);

/* Every finding of one stored run as a Markdown table. */
int sl_run_write_markdown(FILE *out, const sl_run_record *run, const sl_findings *fs,
                          const char *repo_url, const char *output_name, sl_error *err);

/* A JSON object for one finding, paths relative to root (the shape
 * `sesslint diff --format json` uses).  Returns a new reference. */
struct json_t;
struct json_t *sl_diff_finding_json(const sl_finding *f, const char *root);

/* s as valid UTF-8 (invalid bytes become U+FFFD).  Returns owned; NULL
 * for NULL. */
char *sl_utf8_clean(const char *s);

#endif
