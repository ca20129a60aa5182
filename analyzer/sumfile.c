/* sumfile: see sumfile.h. */
#include "sumfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sl_sumfile_esc(sl_strbuf *b, const char *s)
{
    if (!s) {
        sl_strbuf_puts(b, "\\0");
        return;
    }
    while (*s) {
        size_t run = strcspn(s, "\\\t\n"); /* what needs no escape, in one piece */
        sl_strbuf_add(b, s, run);
        s += run;
        if (!*s)
            break;
        sl_strbuf_puts(b, *s == '\\' ? "\\\\" : *s == '\t' ? "\\t" : "\\n");
        s++;
    }
}

char *sl_sumfile_unesc(const char *s)
{
    if (!strcmp(s, "\\0"))
        return NULL;
    char *out = sl_xmalloc(strlen(s) + 1);
    size_t o = 0;
    for (; *s; s++) {
        if (*s == '\\' && s[1]) {
            s++;
            out[o++] = *s == 't' ? '\t' : *s == 'n' ? '\n' : *s;
        } else {
            out[o++] = *s;
        }
    }
    out[o] = 0;
    return out;
}

void sl_sumfile_analysis(int unknown_calls, int max_states, bool infer, char buf[64])
{
    snprintf(buf, 64, "%d/%d/%d", unknown_calls, max_states, (int)infer);
}

static void import_tu_release(sl_import_tu *t)
{
    free(t->file);
    free(t->digest);
    free(t->inferred);
    free(t->from);
    sl_strvec_free(&t->callees);
    sl_strvec_free(&t->globals);
    sl_strvec_free(&t->decls);
    sl_strvec_free(&t->defs);
    sl_strvec_free(&t->summaries);
    memset(t, 0, sizeof *t);
}

void sl_imports_free(sl_imports *im)
{
    for (size_t i = 0; i < im->v.n; i++)
        import_tu_release(&im->v.v[i]);
    free(im->v.v);
    for (size_t i = 0; i < im->groups.n; i++) {
        free(im->groups.v[i].key);
        free(im->groups.v[i].lines);
    }
    free(im->groups.v);
    memset(im, 0, sizeof *im);
}

int sl_sumfile_write(const char *path, const char *rules_digest, const char *analysis,
                     int shard_index, int shard_count, const char *body, sl_error *err)
{
    sl_strbuf b = {0};
    sl_strbuf_printf(&b, "sesslint-summaries %d\nR\t%s\nA\t%s\nH\t%d\t%d\n", SL_SUMFILE_VERSION,
                     rules_digest, analysis, shard_index, shard_count);
    sl_strbuf_puts(&b, body ? body : "");
    char sum[65];
    sl_sha256_hex(b.s, b.len, sum);
    sl_strbuf_printf(&b, "E\t%s\n", sum);
    FILE *f = fopen(path, "w");
    int rc = 0;
    if (!f) {
        rc = sl_error_set(err, "%s: cannot write: %s", path, strerror(errno));
    } else {
        size_t w = fwrite(b.s, 1, b.len, f);
        if (fclose(f) != 0 || w != b.len)
            rc = sl_error_set(err, "%s: write error: %s", path, strerror(errno ? errno : EIO));
    }
    sl_strbuf_release(&b);
    return rc;
}

/* The last group of im gets the text collected in b (its y lines). */
static void group_close(sl_imports *im, sl_strbuf *b)
{
    if (im->groups.n && !im->groups.v[im->groups.n - 1].lines)
        im->groups.v[im->groups.n - 1].lines = b->s ? sl_strbuf_detach(b) : sl_xstrdup("");
    sl_strbuf_release(b);
}

/* The value after "X\t" on a line of kind X, or NULL. */
static const char *field(const char *line, char kind)
{
    return line[0] == kind && line[1] == '\t' ? line + 2 : NULL;
}

int sl_sumfile_read(sl_imports *im, const char *path, const char *root,
                    const char *rules_digest, const char *analysis, sl_error *err)
{
    size_t len = 0;
    sl_error rerr;
    char *text = sl_read_file(path, &len, &rerr);
    if (!text)
        return sl_error_set(err, "%s", rerr.msg);
    int version = 0;
    if (sscanf(text, "sesslint-summaries %d\n", &version) != 1 || strlen(text) != len) {
        free(text);
        return sl_error_set(err,
                            "%s: not a sesslint summaries file (write one with 'sesslint "
                            "summaries --shard K/N --export FILE')",
                            path);
    }
    if (version != SL_SUMFILE_VERSION) {
        free(text);
        return sl_error_set(err,
                            "%s: summaries file version %d; this sesslint reads version %d "
                            "(export it again with this sesslint)",
                            path, version, SL_SUMFILE_VERSION);
    }
    /* the last line is "E\t<sha256 of everything before it>\n" (67 bytes) */
    bool ok = len >= 67 && text[len - 1] == '\n';
    char *end = ok ? text + len - 67 : NULL;
    ok = ok && (end == text || end[-1] == '\n') && !strncmp(end, "E\t", 2);
    if (ok) {
        char sum[65];
        sl_sha256_hex(text, (size_t)(end - text), sum);
        ok = !strncmp(end + 2, sum, 64);
    }
    if (!ok) {
        free(text);
        return sl_error_set(err,
                            "%s: corrupt summaries file (cut short or changed: its checksum "
                            "does not match); export it again",
                            path);
    }
    *end = 0;
    sl_imports got = {0};
    sl_strbuf gtext = {0}; /* the y lines of the last group */
    sl_import_tu *cur = NULL;
    int rc = 0;
    unsigned lineno = 0;
    bool have_r = false, have_a = false;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line && !rc;
         line = strtok_r(NULL, "\n", &save)) {
        lineno++;
        const char *v;
        if (lineno == 1)
            continue;
        if ((v = field(line, 'R'))) {
            have_r = true;
            if (strcmp(v, rules_digest))
                rc = sl_error_set(err,
                                  "%s: exported with other rules (digest %.12s, this run's are "
                                  "%.12s): give 'summaries' and 'check' the same --rules, "
                                  "--enable and --no-builtin-rules",
                                  path, v, rules_digest);
        } else if ((v = field(line, 'A'))) {
            have_a = true;
            if (strcmp(v, analysis))
                rc = sl_error_set(err,
                                  "%s: exported with other analysis options (%s, this run's "
                                  "are %s): give 'summaries' and 'check' the same "
                                  "--unknown-calls, --max-states and --no-infer",
                                  path, v, analysis);
        } else if (field(line, 'H')) {
            /* the shard it came from: informative */
        } else if ((v = field(line, 'T'))) {
            sl_import_tu t = {0};
            char *rel = sl_sumfile_unesc(v);
            t.file = rel && rel[0] == '/' ? sl_xstrdup(rel) : sl_path_join(root, rel ? rel : "");
            t.from = sl_xstrdup(path);
            free(rel);
            SL_VEC_PUSH(got.v, t);
            cur = &got.v.v[got.v.n - 1];
        } else if ((v = field(line, 'G'))) {
            group_close(&got, &gtext);
            sl_import_group g = {sl_xstrdup(v), NULL, 0};
            SL_VEC_PUSH(got.groups, g);
        } else if ((v = field(line, 'y'))) {
            if (!got.groups.n) {
                rc = sl_error_set(err, "%s:%u: a candidate line before any group", path, lineno);
            } else {
                sl_strbuf_puts(&gtext, v);
                sl_strbuf_puts(&gtext, "\n");
                got.groups.v[got.groups.n - 1].nlines++;
            }
        } else if (!cur) {
            rc = sl_error_set(err, "%s:%u: a record before the first translation unit", path,
                              lineno);
        } else if ((v = field(line, 'K'))) {
            free(cur->digest);
            cur->digest = sl_xstrdup(v);
        } else if ((v = field(line, 'J'))) {
            free(cur->inferred);
            cur->inferred = sl_xstrdup(v);
        } else if ((v = field(line, 'C'))) {
            char *u = sl_sumfile_unesc(v);
            if (u)
                SL_VEC_PUSH(cur->callees, u);
        } else if ((v = field(line, 'W'))) {
            SL_VEC_PUSH(cur->globals, sl_xstrdup(v));
        } else if ((v = field(line, 'Y'))) {
            SL_VEC_PUSH(cur->decls, sl_xstrdup(v));
        } else if ((v = field(line, 'Z'))) {
            SL_VEC_PUSH(cur->defs, sl_xstrdup(v));
        } else if ((v = field(line, 'S'))) {
            SL_VEC_PUSH(cur->summaries, sl_xstrdup(v));
        } else {
            rc = sl_error_set(err, "%s:%u: unknown record '%.20s'", path, lineno, line);
        }
    }
    group_close(&got, &gtext);
    if (!rc && (!have_r || !have_a))
        rc = sl_error_set(err, "%s: the rules digest or analysis options line is missing", path);
    for (size_t i = 0; !rc && i < got.v.n; i++)
        if (!got.v.v[i].digest || !got.v.v[i].inferred)
            rc = sl_error_set(err, "%s: translation unit %s has no K or J line", path,
                              got.v.v[i].file);
    free(text);
    if (rc) {
        sl_imports_free(&got);
        return -1;
    }
    for (size_t i = 0; i < got.v.n; i++)
        SL_VEC_PUSH(im->v, got.v.v[i]);
    for (size_t i = 0; i < got.groups.n; i++)
        SL_VEC_PUSH(im->groups, got.groups.v[i]);
    free(got.v.v);
    free(got.groups.v);
    return 0;
}
