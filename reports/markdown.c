/* markdown: the short Markdown summary for pull-request comments (see
 * report.h).  GitHub-flavoured Markdown: a heading with counts, then one
 * table row per unsuppressed finding, at most SL_MD_MAX_ROWS of them.
 *
 * Cell text is escaped so that no finding can break the table or start
 * markup: ASCII punctuation that opens inline markup is backslash-escaped
 * (CommonMark allows a backslash before any ASCII punctuation), '|' is
 * written "\|" (GFM tables honour that even inside code spans), line
 * breaks become spaces and bytes that are not UTF-8 become U+FFFD.
 * Function and handle names go in code spans whose backtick fence is longer
 * than any backtick run inside.  The rows are built in an sl_strbuf so
 * `sesslint diff --format markdown` can reuse them.
 */
#include <stdlib.h>
#include <string.h>

#include "report_internal.h"

/* Rows past this are summarized in one line: GitHub limits a comment to
 * 65536 characters. */
#define SL_MD_MAX_ROWS 100

/* Append the n bytes at s, one line: control characters become spaces and
 * invalid UTF-8 U+FFFD.  esc: backslash-escape markup punctuation (plain
 * text); otherwise only '|' (inside a code span). */
static void md_text_n(sl_strbuf *b, const char *s, size_t n, bool esc)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t k = sl_utf8_seq_len(p + i, n - i);
        unsigned char c = p[i];
        if (k == 0) {
            sl_strbuf_add(b, "\xEF\xBF\xBD", 3);
            k = 1;
        } else if (k > 1) {
            sl_strbuf_add(b, (const char *)p + i, k);
        } else if (c < 0x20 || c == 0x7F) {
            sl_strbuf_add(b, " ", 1);
        } else if (c == '|' || (esc && strchr("\\`*_[]<>&~!#", c))) {
            char e[2] = {'\\', (char)c};
            sl_strbuf_add(b, e, 2);
        } else {
            sl_strbuf_add(b, (const char *)p + i, 1);
        }
        i += k;
    }
}

static void md_text(sl_strbuf *b, const char *s)
{
    if (s)
        md_text_n(b, s, strlen(s), true);
}

/* s as a code span; an empty cell when s is NULL or empty. */
static void md_code(sl_strbuf *b, const char *s)
{
    if (!s || !*s)
        return;
    size_t run = 0, longest = 0;
    for (const char *p = s; *p; p++) {
        run = *p == '`' ? run + 1 : 0;
        if (run > longest)
            longest = run;
    }
    size_t len = strlen(s);
    /* A space inside the fence is stripped by the renderer; it keeps a
     * leading or trailing backtick from joining the fence. */
    bool pad = s[0] == '`' || s[len - 1] == '`';
    for (size_t i = 0; i <= longest; i++)
        sl_strbuf_add(b, "`", 1);
    if (pad)
        sl_strbuf_add(b, " ", 1);
    md_text_n(b, s, len, false);
    if (pad)
        sl_strbuf_add(b, " ", 1);
    for (size_t i = 0; i <= longest; i++)
        sl_strbuf_add(b, "`", 1);
}

/* Append s to a link destination: bytes that would end the destination or
 * the table cell (blanks, controls, "()<>|\") are percent-encoded. */
static void md_url_raw(sl_strbuf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p <= 0x20 || *p == 0x7F || strchr("()<>|\\\"'`", *p)) {
            char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            sl_strbuf_add(b, e, 3);
        } else {
            sl_strbuf_add(b, (const char *)p, 1);
        }
    }
}

void sl_markdown_table_head(sl_strbuf *b)
{
    sl_strbuf_puts(b, "| Rule | Location | Function | Handle | Message |\n"
                      "|---|---|---|---|---|\n");
}

void sl_markdown_finding_row(sl_strbuf *b, const sl_finding *f, const char *root,
                             const char *repo_url, const char *commit)
{
    sl_strbuf_puts(b, "| ");
    md_text(b, f->rule_id);
    sl_strbuf_puts(b, " | ");
    if (f->loc.file) {
        char *rel = sl_path_relative(f->loc.file, root);
        bool link = repo_url && *repo_url && commit && *commit && rel[0] != '/';
        if (link)
            sl_strbuf_puts(b, "[");
        md_text(b, rel);
        sl_strbuf_printf(b, ":%u", f->loc.line);
        if (link) {
            size_t n = strlen(repo_url);
            while (n > 0 && repo_url[n - 1] == '/')
                n--;
            char *base = sl_xstrndup(repo_url, n);
            sl_strbuf_puts(b, "](");
            md_url_raw(b, base);
            sl_strbuf_puts(b, "/blob/");
            sl_uri_encode(b, commit);
            sl_strbuf_puts(b, "/");
            sl_uri_encode(b, rel);
            if (f->loc.line)
                sl_strbuf_printf(b, "#L%u", f->loc.line);
            sl_strbuf_puts(b, ")");
            free(base);
        }
        free(rel);
    }
    sl_strbuf_puts(b, " | ");
    md_code(b, f->function);
    sl_strbuf_puts(b, " | ");
    md_code(b, f->handle);
    sl_strbuf_puts(b, " | ");
    md_text(b, f->message);
    sl_strbuf_puts(b, " |\n");
}

int sl_report_markdown(FILE *out, const sl_report_ctx *ctx, const char *repo_url,
                       sl_error *err)
{
    const sl_findings *fs = ctx->findings;
    size_t nshown = 0, nsupp = 0, nfiles = 0, kinds[SL_REPORT_NKINDS] = {0};
    const char *prev_file = NULL;
    for (size_t i = 0; fs && i < fs->n; i++) {
        const sl_finding *f = &fs->v[i];
        if (f->suppressed) {
            nsupp++;
            continue;
        }
        nshown++;
        kinds[f->kind < SL_REPORT_NKINDS ? f->kind : SL_KIND_RESOURCE]++;
        /* findings are sorted by file: count the changes */
        const char *file = f->loc.file ? f->loc.file : "";
        if (!prev_file || strcmp(prev_file, file) != 0)
            nfiles++;
        prev_file = file;
    }

    sl_strbuf b = {0};
    if (nshown == 0)
        sl_strbuf_puts(&b, "## sesslint: no findings\n\n");
    else
        sl_strbuf_printf(&b, "## sesslint: %zu finding%s\n\n", nshown, nshown == 1 ? "" : "s");
    if (nshown) {
        sl_strbuf_printf(&b, "**%zu** finding%s (", nshown, nshown == 1 ? "" : "s");
        bool first = true;
        for (int k = 0; k < SL_REPORT_NKINDS; k++) {
            if (!kinds[k])
                continue;
            sl_strbuf_printf(&b, "%s%zu %s", first ? "" : ", ", kinds[k],
                             sl_report_kind_name((sl_kind)k));
            first = false;
        }
        sl_strbuf_printf(&b, ") in %zu file%s", nfiles, nfiles == 1 ? "" : "s");
    } else {
        sl_strbuf_puts(&b, "No unreleased handles found");
    }
    if (nsupp)
        sl_strbuf_printf(&b, "; %zu suppressed", nsupp);
    sl_strbuf_puts(&b, ".");
    if (ctx->commit) {
        sl_strbuf_puts(&b, " Commit ");
        md_code(&b, ctx->commit);
        sl_strbuf_puts(&b, ".");
    }
    sl_strbuf_puts(&b, "\n");
    if (nshown) {
        sl_strbuf_puts(&b, "\n");
        sl_markdown_table_head(&b);
        size_t n = 0;
        for (size_t i = 0; i < fs->n; i++) {
            if (fs->v[i].suppressed)
                continue;
            if (++n > SL_MD_MAX_ROWS)
                break;
            sl_markdown_finding_row(&b, &fs->v[i], ctx->root, repo_url, ctx->commit);
        }
        if (nshown > SL_MD_MAX_ROWS)
            sl_strbuf_printf(&b, "\n%zu more not shown; see the full report.\n",
                             nshown - SL_MD_MAX_ROWS);
    }
    fwrite(b.s, 1, b.len, out);
    sl_strbuf_release(&b);
    return sl_report_finish(out, ctx, err);
}
