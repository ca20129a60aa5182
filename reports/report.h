/* report: writers that turn findings into text for people and tools.
 *
 * Writers only read what they are given; they never re-run the analysis and
 * own nothing they are passed.  Each returns 0, or -1 with err set (an I/O
 * error names the output).
 */
#ifndef SL_REPORT_H
#define SL_REPORT_H

#include <stdio.h>

#include "../analyzer/findings.h"
#include "../analyzer/rules.h"

typedef struct sl_report_ctx {
    const sl_findings *findings;   /* finalized (sorted, fingerprinted) */
    const sl_tu_results *tus;      /* may be NULL */
    const sl_ruleset *rules;       /* may be NULL */
    const char *root;              /* project root (absolute) */
    const char *tool_version;      /* "0.1.0" */
    const char *commit;            /* may be NULL */
    const char *output_name;       /* names the output in I/O errors; NULL:
                                      "report output" */
} sl_report_ctx;

/* Compiler-style text: "file:line:col: warning: msg [rule]" and note lines.
 * Paths are printed relative to the current directory when under it. */
int sl_report_text(FILE *out, const sl_report_ctx *ctx, sl_error *err);
/* JSON, schema in docs/json.md (top-level "version": 1). */
int sl_report_json(FILE *out, const sl_report_ctx *ctx, sl_error *err);
/* SARIF 2.1.0, one run. */
int sl_report_sarif(FILE *out, const sl_report_ctx *ctx, sl_error *err);
/* One self-contained HTML5 page (inline CSS and script, no external
 * resources): summary counts, a findings table to filter and sort, and per
 * finding the source around its path, read from disk now, with the path
 * steps numbered on their lines.  A source file that cannot be read gives a
 * note in its place, not an error.  Described in docs/html.md. */
int sl_report_html(FILE *out, const sl_report_ctx *ctx, sl_error *err);

/* Markdown for a pull-request comment: a heading with counts and a table of
 * the unsuppressed findings (rule, file:line, function, handle, message).
 * With repo_url and ctx->commit both set, file:line links to
 * REPO_URL/blob/COMMIT/PATH#LLINE (e.g. repo_url
 * "https://github.com/org/proj"); repo_url may be NULL. */
int sl_report_markdown(FILE *out, const sl_report_ctx *ctx, const char *repo_url,
                       sl_error *err);
/* Append the table head row and separator row matching
 * sl_markdown_finding_row (two lines, each ending in "\n"). */
void sl_markdown_table_head(sl_strbuf *b);
/* Append one table row for f ("| rule | file:line | function | handle |
 * message |\n").  Text is escaped for Markdown table cells (pipes,
 * backticks, backslashes and the characters that start inline markup;
 * line breaks become spaces, bytes that are not UTF-8 become U+FFFD).  The
 * path is relative to root; it is linked as above when repo_url and commit
 * are both non-NULL and the file is under root. */
void sl_markdown_finding_row(sl_strbuf *b, const sl_finding *f, const char *root,
                             const char *repo_url, const char *commit);

/* Static descriptions of every rule id sesslint can emit, for SARIF rule
 * entries and `sesslint help rules` (reports/ruledocs.c). */
typedef struct sl_rule_doc {
    const char *id;
    const char *name; /* SARIF rule "name": a Pascal-case friendly name */
    const char *short_desc;
    const char *full_desc;
    const char *help;
    /* SARIF properties."security-severity": a decimal string such as
     * "5.0" (GitHub code scanning requires a string). */
    const char *security_severity;
    /* SARIF properties.tags, NULL-terminated. */
    const char *tags[6];
    /* SARIF level of its results and defaultConfiguration: NULL means
     * "warning"; leak.exit is a "note". */
    const char *level;
} sl_rule_doc;
extern const sl_rule_doc sl_rule_docs[];
extern const size_t sl_rule_docs_count;
/* The entry for id, or NULL. */
const sl_rule_doc *sl_rule_doc_find(const char *id);
/* Index of id in sl_rule_docs, or -1. */
int sl_rule_doc_index(const char *id);

#endif
