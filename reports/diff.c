/* diff: see diff.h. */
#define _GNU_SOURCE
#include "diff.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report.h"

/* Findings listed per Markdown table before "and N more". */
#define SL_MD_MAX_ROWS 50

/* ---- UTF-8 and JSON helpers ---- */

/* Length of the well-formed UTF-8 sequence at p (n bytes left), or 0. */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
    unsigned c = p[0];
    if (c < 0x80)
        return 1;
    size_t len;
    unsigned cp;
    if (c >= 0xc2 && c <= 0xdf) {
        len = 2;
        cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
        len = 3;
        cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3f);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
        (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return len;
}

char *sl_utf8_clean(const char *s)
{
    if (!s)
        return NULL;
    sl_strbuf b = {0};
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    sl_strbuf_add(&b, "", 0);
    while (n > 0) {
        size_t k = utf8_seq(p, n);
        if (k == 0) {
            sl_strbuf_puts(&b, "\xef\xbf\xbd");
            k = 1;
        } else {
            sl_strbuf_add(&b, (const char *)p, k);
        }
        p += k;
        n -= k;
    }
    return sl_strbuf_detach(&b);
}

static json_t *jstr(const char *s)
{
    if (!s)
        return json_null();
    char *c = sl_utf8_clean(s);
    json_t *j = json_string(c);
    free(c);
    if (!j)
        abort(); /* allocation failure: the util.h rule */
    return j;
}

static void jset(json_t *o, const char *k, json_t *v)
{
    if (!v || json_object_set_new(o, k, v) != 0)
        abort();
}

static void jpush(json_t *a, json_t *v)
{
    if (!v || json_array_append_new(a, v) != 0)
        abort();
}

/* Path of file relative to root, as stored and printed.  Returns owned. */
static char *rel(const char *file, const char *root)
{
    return file ? sl_path_relative(file, root) : NULL;
}

static json_t *loc_json(const char *fn, const sl_loc *l, const char *root)
{
    json_t *o = json_object();
    if (fn)
        jset(o, "function", jstr(fn));
    char *r = rel(l->file, root);
    jset(o, "file", jstr(r));
    free(r);
    jset(o, "line", json_integer(l->line));
    jset(o, "column", json_integer(l->col));
    return o;
}

json_t *sl_diff_finding_json(const sl_finding *f, const char *root)
{
    json_t *o = json_object();
    jset(o, "fingerprint", jstr(f->fingerprint));
    jset(o, "rule", jstr(f->rule_id));
    jset(o, "kind", jstr(sl_kind_name(f->kind)));
    jset(o, "resource", jstr(f->resource));
    jset(o, "library", jstr(f->library));
    char *r = rel(f->loc.file, root);
    jset(o, "file", jstr(r));
    free(r);
    jset(o, "line", json_integer(f->loc.line));
    jset(o, "column", json_integer(f->loc.col));
    jset(o, "function", jstr(f->function));
    jset(o, "handle", jstr(f->handle));
    if (f->acquire_fn || f->acquire_loc.file) {
        json_t *a = loc_json(NULL, &f->acquire_loc, root);
        jset(a, "call", jstr(f->acquire_fn));
        jset(o, "acquire", a);
    } else {
        jset(o, "acquire", json_null());
    }
    jset(o, "message", jstr(f->message));
    jset(o, "suppressed", json_boolean(f->suppressed));
    jset(o, "suppress_reason", jstr(f->suppress_reason));
    json_t *steps = json_array();
    for (size_t i = 0; i < f->steps.n; i++) {
        const sl_step *s = &f->steps.v[i];
        json_t *so = loc_json(NULL, &s->loc, root);
        jset(so, "kind", jstr(sl_step_kind_name(s->kind)));
        jset(so, "message", jstr(s->msg));
        jpush(steps, so);
    }
    jset(o, "steps", steps);
    return o;
}

/* "2024-05-01T12:00:00Z" into buf. */
static void iso_time(long long t, char buf[32])
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (gmtime_r(&tt, &tm))
        strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
    else
        snprintf(buf, 32, "%lld", t);
}

static json_t *run_json(const sl_run_record *r)
{
    json_t *o = json_object();
    char t[32];
    jset(o, "id", json_integer(r->id));
    jset(o, "commit", jstr(r->commit));
    jset(o, "branch", jstr(r->branch));
    jset(o, "dirty", json_boolean(r->dirty));
    jset(o, "status", jstr(r->status));
    iso_time(r->started, t);
    jset(o, "started", jstr(t));
    iso_time(r->finished, t);
    jset(o, "finished", jstr(t));
    jset(o, "tool_version", jstr(r->tool_version));
    return o;
}

static const char *out_name(const sl_diff_ctx *ctx)
{
    return ctx->output_name ? ctx->output_name : "output";
}

static int finish(FILE *out, const char *name, sl_error *err)
{
    if (fflush(out) != 0 || ferror(out))
        return sl_error_set(err, "%s: write error: %s", name, strerror(errno ? errno : EIO));
    return 0;
}

/* ---- text ---- */

static void describe_run(FILE *out, const char *label, const sl_run_record *r,
                         const char *shards)
{
    fprintf(out, "%s: run #%lld", label, r->id);
    if (shards && *shards)
        fprintf(out, " (%s)", shards);
    if (r->commit)
        fprintf(out, ", commit %.12s", r->commit);
    if (r->branch || r->dirty)
        fprintf(out, " (%s%s%s)", r->branch ? r->branch : "", r->branch && r->dirty ? ", " : "",
                r->dirty ? "dirty" : "");
    char t[32];
    iso_time(r->started, t);
    fprintf(out, ", %s%s\n", t, strcmp(r->status, "complete") ? ", incomplete" : "");
}

static void text_line(FILE *out, const sl_finding *f, const char *root)
{
    char *r = rel(f->loc.file, root);
    fprintf(out, "  %s:%u:%u: warning: %s [%s]", r, f->loc.line, f->loc.col,
            f->message ? f->message : "", f->rule_id ? f->rule_id : "");
    if (f->suppressed)
        fprintf(out, " (suppressed%s%s)", f->suppress_reason ? ": " : "",
                f->suppress_reason ? f->suppress_reason : "");
    fprintf(out, "\n");
    free(r);
}

int sl_diff_write_text(FILE *out, const sl_diff_ctx *ctx, sl_error *err)
{
    const sl_diff *d = ctx->diff;
    describe_run(out, "base", ctx->base, ctx->base_shards);
    describe_run(out, "head", ctx->head, ctx->head_shards);
    size_t nna = ctx->scope ? ctx->scope->not_analyzed.n : 0;
    fprintf(out, "%zu new, %zu fixed, %zu unchanged", d->nnew, d->nfixed, d->nunchanged);
    if (nna)
        fprintf(out, ", %zu file%s not analyzed in both runs", nna, nna == 1 ? "" : "s");
    fprintf(out, "\n");
    if (nna) {
        fprintf(out, "\nnot analyzed (%zu): findings in these files are not compared\n", nna);
        for (size_t i = 0; i < nna; i++) {
            const sl_scope_file *f = &ctx->scope->not_analyzed.v[i];
            char *p = sl_utf8_clean(f->path);
            fprintf(out, "  %s: analyzed in %s only", p,
                    f->side == SL_SCOPE_BASE_ONLY ? "base" : "head");
            if (f->nfindings)
                fprintf(out, " (%zu finding%s)", f->nfindings, f->nfindings == 1 ? "" : "s");
            fprintf(out, "\n");
            free(p);
        }
    }
    static const sl_diff_state order[] = {SL_DIFF_NEW, SL_DIFF_FIXED, SL_DIFF_UNCHANGED};
    for (size_t o = 0; o < 3; o++) {
        size_t count = order[o] == SL_DIFF_NEW     ? d->nnew
                       : order[o] == SL_DIFF_FIXED ? d->nfixed
                                                   : d->nunchanged;
        if (count == 0)
            continue;
        fprintf(out, "\n%s (%zu):\n", sl_diff_state_name(order[o]), count);
        for (size_t i = 0; i < d->e.n; i++) {
            const sl_diff_entry *e = &d->e.v[i];
            if (e->state != order[o])
                continue;
            if (e->state == SL_DIFF_FIXED)
                text_line(out, &ctx->base_findings->v[e->base], ctx->base->root);
            else
                text_line(out, &ctx->head_findings->v[e->head], ctx->head->root);
        }
    }
    return finish(out, out_name(ctx), err);
}

/* ---- JSON ---- */

int sl_diff_write_json(FILE *out, const sl_diff_ctx *ctx, sl_error *err)
{
    const sl_diff *d = ctx->diff;
    json_t *doc = json_object();
    jset(doc, "version", json_integer(1));
    jset(doc, "base", run_json(ctx->base));
    jset(doc, "head", run_json(ctx->head));
    json_t *counts = json_object();
    jset(counts, "new", json_integer((json_int_t)d->nnew));
    jset(counts, "fixed", json_integer((json_int_t)d->nfixed));
    jset(counts, "unchanged", json_integer((json_int_t)d->nunchanged));
    size_t nna = ctx->scope ? ctx->scope->not_analyzed.n : 0;
    jset(counts, "not_analyzed", json_integer((json_int_t)nna));
    jset(doc, "counts", counts);
    json_t *na = json_array();
    for (size_t i = 0; i < nna; i++) {
        const sl_scope_file *f = &ctx->scope->not_analyzed.v[i];
        json_t *o = json_object();
        jset(o, "file", jstr(f->path));
        jset(o, "analyzed_in", json_string(f->side == SL_SCOPE_BASE_ONLY ? "base" : "head"));
        jset(o, "findings", json_integer((json_int_t)f->nfindings));
        jpush(na, o);
    }
    jset(doc, "not_analyzed", na);
    json_t *arr[3] = {json_array(), json_array(), json_array()};
    for (size_t i = 0; i < d->e.n; i++) {
        const sl_diff_entry *e = &d->e.v[i];
        json_t *fo = e->state == SL_DIFF_FIXED
                         ? sl_diff_finding_json(&ctx->base_findings->v[e->base], ctx->base->root)
                         : sl_diff_finding_json(&ctx->head_findings->v[e->head], ctx->head->root);
        jpush(arr[e->state], fo);
    }
    jset(doc, "new", arr[SL_DIFF_NEW]);
    jset(doc, "fixed", arr[SL_DIFF_FIXED]);
    jset(doc, "unchanged", arr[SL_DIFF_UNCHANGED]);
    int rc = json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(doc);
    if (rc != 0)
        return sl_error_set(err, "%s: write error", out_name(ctx));
    fputc('\n', out);
    return finish(out, out_name(ctx), err);
}

/* ---- Markdown ---- */

/* Text for a table cell: one line, HTML and Markdown specials escaped. */
static void md_text(sl_strbuf *b, const char *s)
{
    char *c = sl_utf8_clean(s ? s : "");
    for (const char *p = c; *p; p++) {
        switch (*p) {
        case '|':
        case '\\':
        case '*':
        case '_':
        case '[':
        case ']':
        case '`':
        case '#':
        case '~':
            sl_strbuf_printf(b, "\\%c", *p);
            break;
        case '<':
            sl_strbuf_puts(b, "&lt;");
            break;
        case '>':
            sl_strbuf_puts(b, "&gt;");
            break;
        case '&':
            sl_strbuf_puts(b, "&amp;");
            break;
        case '\n':
        case '\r':
        case '\t':
            sl_strbuf_puts(b, " ");
            break;
        default:
            sl_strbuf_add(b, p, 1);
        }
    }
    free(c);
}

/* `code` when s has no backtick or line break, else escaped text. */
static void md_code(sl_strbuf *b, const char *s)
{
    if (!s || !*s)
        return;
    if (strpbrk(s, "`\n\r")) {
        md_text(b, s);
        return;
    }
    char *c = sl_utf8_clean(s);
    sl_strbuf_puts(b, "`");
    for (const char *p = c; *p; p++) {
        if (*p == '|')
            sl_strbuf_puts(b, "\\|");
        else
            sl_strbuf_add(b, p, 1);
    }
    sl_strbuf_puts(b, "`");
    free(c);
}

/* Percent-encode a path for a URL (keeps '/'). */
static void url_path(sl_strbuf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p))
            sl_strbuf_add(b, (const char *)p, 1);
        else
            sl_strbuf_printf(b, "%%%02X", *p);
    }
}

static void md_row(sl_strbuf *b, const sl_finding *f, const char *root, const char *commit,
                   const char *repo_url)
{
    char *r = rel(f->loc.file, root);
    sl_strbuf_puts(b, "| ");
    char *lineref = sl_xasprintf("%s:%u", r, f->loc.line);
    if (repo_url && *repo_url && commit && r[0] != '/') {
        size_t n = strlen(repo_url);
        while (n > 0 && repo_url[n - 1] == '/')
            n--;
        sl_strbuf_puts(b, "[");
        md_text(b, lineref);
        sl_strbuf_puts(b, "](");
        sl_strbuf_add(b, repo_url, n);
        sl_strbuf_puts(b, "/blob/");
        url_path(b, commit);
        sl_strbuf_puts(b, "/");
        url_path(b, r);
        sl_strbuf_printf(b, "#L%u)", f->loc.line);
    } else {
        md_text(b, lineref);
    }
    free(lineref);
    sl_strbuf_puts(b, " | ");
    md_code(b, f->rule_id);
    sl_strbuf_puts(b, " | ");
    md_code(b, f->function);
    sl_strbuf_puts(b, " | ");
    md_text(b, f->message);
    if (f->suppressed) {
        sl_strbuf_puts(b, " _(suppressed");
        if (f->suppress_reason) {
            sl_strbuf_puts(b, ": ");
            md_text(b, f->suppress_reason);
        }
        sl_strbuf_puts(b, ")_");
    }
    sl_strbuf_puts(b, " |\n");
    free(r);
}

static const char md_header[] = "| Location | Rule | Function | Message |\n"
                                "| --- | --- | --- | --- |\n";

static void md_section(sl_strbuf *b, const char *title, const sl_diff_ctx *ctx,
                       sl_diff_state state, size_t count)
{
    if (count == 0)
        return;
    sl_strbuf_printf(b, "\n#### %s (%zu)\n\n%s", title, count, md_header);
    size_t shown = 0;
    for (size_t i = 0; i < ctx->diff->e.n && shown < SL_MD_MAX_ROWS; i++) {
        const sl_diff_entry *e = &ctx->diff->e.v[i];
        if (e->state != state)
            continue;
        if (state == SL_DIFF_FIXED)
            md_row(b, &ctx->base_findings->v[e->base], ctx->base->root, ctx->base->commit,
                   ctx->repo_url);
        else
            md_row(b, &ctx->head_findings->v[e->head], ctx->head->root, ctx->head->commit,
                   ctx->repo_url);
        shown++;
    }
    if (count > shown)
        sl_strbuf_printf(b, "\n...and %zu more (`sesslint diff` lists them all).\n",
                         count - shown);
}

static void md_run_name(sl_strbuf *b, const sl_run_record *r)
{
    if (r->commit)
        sl_strbuf_printf(b, "`%.12s` (run #%lld)", r->commit, r->id);
    else
        sl_strbuf_printf(b, "run #%lld", r->id);
}

int sl_diff_write_markdown(FILE *out, const sl_diff_ctx *ctx, sl_error *err)
{
    const sl_diff *d = ctx->diff;
    sl_strbuf b = {0};
    sl_strbuf_printf(&b, "### sesslint: %zu new, %zu fixed, %zu unchanged\n\n", d->nnew,
                     d->nfixed, d->nunchanged);
    sl_strbuf_puts(&b, "Compared ");
    md_run_name(&b, ctx->head);
    sl_strbuf_puts(&b, " with the baseline ");
    md_run_name(&b, ctx->base);
    sl_strbuf_puts(&b, ".\n");
    if (d->nnew == 0 && d->nfixed == 0)
        sl_strbuf_puts(&b, "\nNo new or fixed findings.\n");
    size_t nna = ctx->scope ? ctx->scope->not_analyzed.n : 0;
    if (nna) {
        sl_strbuf_printf(&b, "\n%zu file%s not analyzed in both runs (findings there are not "
                             "compared):",
                         nna, nna == 1 ? "" : "s");
        for (size_t i = 0; i < nna && i < 20; i++) {
            sl_strbuf_puts(&b, i ? ", " : " ");
            md_text(&b, ctx->scope->not_analyzed.v[i].path);
        }
        if (nna > 20)
            sl_strbuf_printf(&b, ", and %zu more", nna - 20);
        sl_strbuf_puts(&b, ".\n");
    }
    md_section(&b, "New", ctx, SL_DIFF_NEW, d->nnew);
    md_section(&b, "Fixed", ctx, SL_DIFF_FIXED, d->nfixed);
    fwrite(b.s, 1, b.len, out);
    sl_strbuf_release(&b);
    return finish(out, out_name(ctx), err);
}

int sl_run_write_markdown(FILE *out, const sl_run_record *run, const sl_findings *fs,
                          const char *repo_url, const char *output_name, sl_error *err)
{
    sl_strbuf b = {0};
    size_t nsup = 0;
    for (size_t i = 0; i < fs->n; i++)
        nsup += fs->v[i].suppressed;
    sl_strbuf_printf(&b, "### sesslint: %zu finding%s", fs->n, fs->n == 1 ? "" : "s");
    if (nsup)
        sl_strbuf_printf(&b, " (%zu suppressed)", nsup);
    sl_strbuf_puts(&b, " in ");
    md_run_name(&b, run);
    sl_strbuf_puts(&b, "\n");
    if (strcmp(run->status, "complete") != 0)
        sl_strbuf_puts(&b, "\nThis run is incomplete: some files could not be analyzed.\n");
    if (fs->n > 0) {
        sl_strbuf_printf(&b, "\n%s", md_header);
        for (size_t i = 0; i < fs->n; i++)
            md_row(&b, &fs->v[i], run->root, run->commit, repo_url);
    }
    fwrite(b.s, 1, b.len, out);
    sl_strbuf_release(&b);
    return finish(out, output_name ? output_name : "output", err);
}

/* ---- SARIF with baselineState ---- */

typedef struct fp_state {
    const char *fp;
    const char *state;
} fp_state;

static int cmp_fp_state(const void *a, const void *b)
{
    return strcmp(((const fp_state *)a)->fp, ((const fp_state *)b)->fp);
}

/* The baselineState for a result: found through any value of its
 * partialFingerprints (or fingerprints) that is one of ours. */
static const char *state_of(json_t *result, const fp_state *map, size_t n)
{
    static const char *const keys[] = {"partialFingerprints", "fingerprints"};
    for (size_t k = 0; k < 2; k++) {
        json_t *fps = json_object_get(result, keys[k]);
        const char *key;
        json_t *v;
        json_object_foreach(fps, key, v)
        {
            if (!json_is_string(v))
                continue;
            fp_state want = {json_string_value(v), NULL};
            const fp_state *hit = bsearch(&want, map, n, sizeof *map, cmp_fp_state);
            if (hit)
                return hit->state;
        }
    }
    return NULL;
}

int sl_diff_write_sarif(FILE *out, const sl_diff_ctx *ctx, sl_error *err)
{
    const sl_diff *d = ctx->diff;
    /* Head findings in head order, then the fixed ones: borrowed copies of
     * the structs (nothing here is freed but the array). */
    sl_findings all = {0};
    size_t nmap = 0;
    fp_state *map = sl_xcalloc(d->e.n ? d->e.n : 1, sizeof *map);
    const char **by_index = sl_xcalloc(d->e.n ? d->e.n : 1, sizeof *by_index);
    const char **head_state = sl_xcalloc(ctx->head_findings->n ? ctx->head_findings->n : 1,
                                         sizeof *head_state);
    for (size_t i = 0; i < d->e.n; i++)
        if (d->e.v[i].state != SL_DIFF_FIXED)
            head_state[d->e.v[i].head] = d->e.v[i].state == SL_DIFF_NEW ? "new" : "unchanged";
    for (size_t i = 0; i < ctx->head_findings->n; i++) {
        SL_VEC_PUSH(all, ctx->head_findings->v[i]);
        by_index[all.n - 1] = head_state[i];
        map[nmap++] = (fp_state){ctx->head_findings->v[i].fingerprint, head_state[i]};
    }
    /* head findings in files the base did not analyze: no baselineState */
    static const char no_state[] = "";
    size_t naside = ctx->head_aside ? ctx->head_aside->n : 0;
    if (naside) {
        size_t cap = d->e.n + ctx->head_findings->n + naside + 1;
        map = sl_xrealloc(map, cap * sizeof *map);
        by_index = sl_xrealloc(by_index, cap * sizeof *by_index);
    }
    for (size_t i = 0; i < naside; i++) {
        SL_VEC_PUSH(all, ctx->head_aside->v[i]);
        by_index[all.n - 1] = no_state;
        map[nmap++] = (fp_state){ctx->head_aside->v[i].fingerprint, no_state};
    }
    for (size_t i = 0; i < d->e.n; i++)
        if (d->e.v[i].state == SL_DIFF_FIXED) {
            SL_VEC_PUSH(all, ctx->base_findings->v[d->e.v[i].base]);
            by_index[all.n - 1] = "absent";
            map[nmap++] = (fp_state){ctx->base_findings->v[d->e.v[i].base].fingerprint, "absent"};
        }
    free(head_state);
    qsort(map, nmap, sizeof *map, cmp_fp_state);

    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem)
        abort();
    sl_report_ctx rc = {
        .findings = &all,
        .tus = NULL,
        .rules = NULL,
        .root = ctx->head->root,
        .tool_version = ctx->head->tool_version,
        .commit = ctx->head->commit,
        .output_name = out_name(ctx),
    };
    int r = sl_report_sarif(mem, &rc, err);
    fclose(mem);
    free(all.v);
    json_t *doc = NULL;
    if (r == 0) {
        json_error_t jerr;
        doc = json_loadb(buf, len, 0, &jerr);
        if (!doc)
            r = sl_error_set(err, "SARIF writer produced invalid JSON: %s", jerr.text);
    }
    free(buf);
    json_t *results = NULL;
    if (r == 0) {
        results = json_object_get(json_array_get(json_object_get(doc, "runs"), 0), "results");
        if (!json_is_array(results))
            r = sl_error_set(err, "SARIF writer produced no runs[0].results array");
    }
    if (r == 0) {
        size_t n = json_array_size(results);
        bool by_order = n == nmap;
        for (size_t i = 0; i < n && r == 0; i++) {
            json_t *res = json_array_get(results, i);
            const char *state = state_of(res, map, nmap);
            if (!state && by_order)
                state = by_index[i];
            if (!state)
                r = sl_error_set(err, "SARIF result %zu carries none of our fingerprints", i);
            else if (*state)
                jset(res, "baselineState", json_string(state));
        }
    }
    free(map);
    free(by_index);
    if (r == 0) {
        if (json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
            r = sl_error_set(err, "%s: write error", out_name(ctx));
        else
            fputc('\n', out);
    }
    json_decref(doc);
    if (r == 0)
        r = finish(out, out_name(ctx), err);
    return r;
}
