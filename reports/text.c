/* text: the compiler-style report (see report.h).
 *
 *   file:line:col: warning: <message> [<rule_id>]
 *   file:line:col: note: <step message>          (one per witness step)
 *
 * No blank lines between findings, so editors and CI log parsers read every
 * line on its own.  Suppressed findings are not printed.  Paths are
 * relative to the current directory when under it, else as given.
 * Allocates nothing that outlives a call. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report_internal.h"

/* Print s on one line: line breaks and other control characters become
 * spaces, so a finding can never forge extra lines in the log. */
static void put_line_text(FILE *out, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++)
        fputc(*p < 0x20 || *p == 0x7F ? ' ' : *p, out);
}

static void put_loc(FILE *out, const sl_loc *l, const char *cwd)
{
    if (l->file) {
        char *rel = cwd ? sl_path_relative(l->file, cwd) : sl_xstrdup(l->file);
        put_line_text(out, rel);
        free(rel);
    } else {
        fputs("<unknown>", out);
    }
    fprintf(out, ":%u:%u: ", l->line, l->col);
}

int sl_report_text(FILE *out, const sl_report_ctx *ctx, sl_error *err)
{
    char cwdbuf[PATH_MAX];
    const char *cwd = getcwd(cwdbuf, sizeof cwdbuf);
    const sl_findings *fs = ctx->findings;
    for (size_t i = 0; fs && i < fs->n; i++) {
        const sl_finding *f = &fs->v[i];
        if (f->suppressed)
            continue;
        put_loc(out, &f->loc, cwd);
        fputs("warning: ", out);
        put_line_text(out, f->message);
        fputs(" [", out);
        put_line_text(out, f->rule_id);
        fputs("]\n", out);
        for (size_t j = 0; j < f->steps.n; j++) {
            const sl_step *st = &f->steps.v[j];
            put_loc(out, &st->loc, cwd);
            fputs("note: ", out);
            put_line_text(out, st->msg);
            fputc('\n', out);
        }
    }
    for (size_t i = 0; ctx->tus && i < ctx->tus->n; i++)
        for (size_t j = 0; j < ctx->tus->v[i].skipped.n; j++) {
            const sl_skip *k = &ctx->tus->v[i].skipped.v[j];
            char *msg = sl_skip_message(k);
            put_loc(out, &k->loc, cwd);
            fputs("warning: ", out);
            put_line_text(out, msg);
            fputs(" [", out);
            put_line_text(out, sl_skip_id(k->kind));
            fputs("]\n", out);
            free(msg);
        }
    return sl_report_finish(out, ctx, err);
}
