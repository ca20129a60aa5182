/* findings: see findings.h.  Owns the lifecycle of findings and TU results,
 * their deterministic order, and the line-independent fingerprint. */
#include "findings.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *sl_step_kind_name(sl_step_kind k)
{
    switch (k) {
    case SL_STEP_ACQUIRE:
        return "acquire";
    case SL_STEP_BRANCH:
        return "branch";
    case SL_STEP_ALIAS:
        return "alias";
    case SL_STEP_LEAK:
        return "leak";
    case SL_STEP_NOTE:
        return "note";
    }
    return "note";
}

void sl_loc_set(sl_loc *l, const char *file, unsigned line, unsigned col)
{
    char *copy = sl_xstrdup(file); /* before freeing: file may be l->file */
    free(l->file);
    l->file = copy;
    l->line = line;
    l->col = col;
}

void sl_finding_add_step(sl_finding *f, sl_step_kind kind, const char *file,
                         unsigned line, unsigned col, const char *fmt, ...)
{
    sl_step st = {.kind = kind};
    sl_loc_set(&st.loc, file, line, col);
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    st.msg = sl_xmalloc((size_t)n + 1);
    st.msg[0] = 0;
    va_start(ap, fmt);
    vsnprintf(st.msg, (size_t)n + 1, fmt, ap);
    va_end(ap);
    SL_VEC_PUSH(f->steps, st);
}

void sl_finding_release(sl_finding *f)
{
    free(f->rule_id);
    free(f->resource);
    free(f->library);
    free(f->loc.file);
    free(f->function);
    free(f->handle);
    free(f->acquire_fn);
    free(f->acquire_loc.file);
    free(f->message);
    for (size_t i = 0; i < f->steps.n; i++) {
        free(f->steps.v[i].loc.file);
        free(f->steps.v[i].msg);
    }
    free(f->steps.v);
    free(f->suppress_reason);
    free(f->tu);
    memset(f, 0, sizeof *f);
}

bool sl_finding_inferred(const sl_finding *f)
{
    return f->resource && !strncmp(f->resource, "inferred.", 9);
}

void sl_findings_free(sl_findings *fs)
{
    for (size_t i = 0; i < fs->n; i++)
        sl_finding_release(&fs->v[i]);
    free(fs->v);
    fs->v = NULL;
    fs->n = fs->cap = 0;
}

void sl_path_reroot(char **p, const char *from, const char *to)
{
    if (!*p)
        return;
    char *r = sl_path_relative(*p, from);
    if (r[0] != '/') {
        free(*p);
        *p = sl_path_join(to, r);
    }
    free(r);
}

void sl_findings_reroot(sl_findings *fs, const char *from, const char *to)
{
    if (strcmp(from, to) == 0)
        return;
    for (size_t i = 0; i < fs->n; i++) {
        sl_finding *f = &fs->v[i];
        sl_path_reroot(&f->loc.file, from, to);
        sl_path_reroot(&f->acquire_loc.file, from, to);
        sl_path_reroot(&f->tu, from, to);
        for (size_t k = 0; k < f->steps.n; k++)
            sl_path_reroot(&f->steps.v[k].loc.file, from, to);
    }
}

void sl_findings_take(sl_findings *dst, sl_findings *src)
{
    for (size_t i = 0; i < src->n; i++)
        SL_VEC_PUSH(*dst, src->v[i]);
    free(src->v);
    src->v = NULL;
    src->n = src->cap = 0;
}

/* Name and report id of each sl_skip_kind, in enum order. */
static const char *const sl_skip_names[][2] = {
    {"function", "skipped.function"},
    {"handle", "skipped.handle"},
    {"parameter", "skipped.parameter"},
};

const char *sl_skip_kind_name(sl_skip_kind k)
{
    return sl_skip_names[(unsigned)k < 3 ? k : 0][0];
}

const char *sl_skip_id(sl_skip_kind k)
{
    return sl_skip_names[(unsigned)k < 3 ? k : 0][1];
}

char *sl_skip_message(const sl_skip *k)
{
    if (k->kind == SL_SKIP_FUNCTION)
        return sl_xasprintf("%s was not analyzed: %s", k->what ? k->what : "a function",
                            k->reason ? k->reason : "");
    return sl_xasprintf("%s in '%s' was not followed: %s", k->what ? k->what : "a handle",
                        k->function ? k->function : "?", k->reason ? k->reason : "");
}

void sl_skip_release(sl_skip *k)
{
    free(k->loc.file);
    free(k->function);
    free(k->what);
    free(k->reason);
    memset(k, 0, sizeof *k);
}

void sl_skips_free(sl_skips *s)
{
    for (size_t i = 0; i < s->n; i++)
        sl_skip_release(&s->v[i]);
    free(s->v);
    memset(s, 0, sizeof *s);
}

void sl_tu_results_free(sl_tu_results *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->v[i].file);
        free(r->v[i].message);
        sl_skips_free(&r->v[i].skipped);
    }
    free(r->v);
    r->v = NULL;
    r->n = r->cap = 0;
}

/* ---- order ---- */

/* strcmp with NULL sorting before every string. */
static int cmp_str(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

static int cmp_uint(unsigned a, unsigned b)
{
    return (a > b) - (a < b);
}

static int cmp_loc(const sl_loc *a, const sl_loc *b)
{
    int c = cmp_str(a->file, b->file);
    if (!c)
        c = cmp_uint(a->line, b->line);
    if (!c)
        c = cmp_uint(a->col, b->col);
    return c;
}

/* Total order: the documented keys first, then every remaining field, so
 * two findings compare equal only when they would print the same. */
static int cmp_finding(const void *pa, const void *pb)
{
    const sl_finding *a = pa, *b = pb;
    int c = cmp_str(a->loc.file, b->loc.file);
    if (!c)
        c = cmp_uint(a->loc.line, b->loc.line);
    if (!c)
        c = cmp_uint(a->loc.col, b->loc.col);
    if (!c)
        c = cmp_str(a->rule_id, b->rule_id);
    if (!c)
        c = cmp_str(a->handle, b->handle);
    if (!c)
        c = cmp_uint(a->acquire_loc.line, b->acquire_loc.line);
    if (!c)
        c = cmp_uint(a->acquire_loc.col, b->acquire_loc.col);
    if (!c)
        c = cmp_str(a->acquire_loc.file, b->acquire_loc.file);
    if (!c)
        c = cmp_str(a->acquire_fn, b->acquire_fn);
    if (!c)
        c = cmp_str(a->function, b->function);
    if (!c)
        c = cmp_str(a->resource, b->resource);
    if (!c)
        c = cmp_str(a->library, b->library);
    if (!c)
        c = cmp_uint((unsigned)a->kind, (unsigned)b->kind);
    if (!c)
        c = cmp_str(a->message, b->message);
    if (!c)
        c = (a->suppressed > b->suppressed) - (a->suppressed < b->suppressed);
    if (!c)
        c = cmp_str(a->suppress_reason, b->suppress_reason);
    for (size_t i = 0; !c && i < a->steps.n && i < b->steps.n; i++) {
        const sl_step *x = &a->steps.v[i], *y = &b->steps.v[i];
        c = cmp_uint((unsigned)x->kind, (unsigned)y->kind);
        if (!c)
            c = cmp_loc(&x->loc, &y->loc);
        if (!c)
            c = cmp_str(x->msg, y->msg);
    }
    if (!c)
        c = (a->steps.n > b->steps.n) - (a->steps.n < b->steps.n);
    if (!c)
        c = cmp_str(a->tu, b->tu);
    return c;
}

/* ---- identity ---- */

static void add_field(sl_strbuf *b, const char *name, const char *value,
                      bool strip_space)
{
    sl_strbuf v = {0};
    sl_strbuf_add(&v, "", 0);
    for (const char *p = value ? value : ""; *p; p++)
        if (!strip_space || !isspace((unsigned char)*p))
            sl_strbuf_add(&v, p, 1);
    sl_strbuf_printf(b, "%s:%zu:", name, v.len);
    sl_strbuf_add(b, v.s, v.len);
    sl_strbuf_add(b, "\n", 1);
    sl_strbuf_release(&v);
}

/* The identity without the ordinal line; returns owned. */
static char *identity_base(const sl_finding *f, const char *root)
{
    sl_strbuf b = {0};
    char *rel = f->loc.file ? sl_path_relative(f->loc.file, root) : NULL;
    sl_strbuf_puts(&b, "sesslint-fingerprint-v1\n");
    add_field(&b, "rule", f->rule_id, false);
    add_field(&b, "file", rel, false);
    add_field(&b, "function", f->function, true);
    add_field(&b, "resource", f->resource, false);
    add_field(&b, "handle", f->handle, true);
    add_field(&b, "acquire", f->acquire_fn, true);
    free(rel);
    return sl_strbuf_detach(&b);
}

char *sl_finding_identity(const sl_finding *f, const char *root)
{
    char *base = identity_base(f, root);
    char *s = sl_xasprintf("%sordinal:%d\n", base, f->ordinal);
    free(base);
    return s;
}

typedef struct ident_ref {
    char *base; /* owned */
    size_t index;
} ident_ref;

static int cmp_ident_ref(const void *pa, const void *pb)
{
    const ident_ref *a = pa, *b = pb;
    int c = strcmp(a->base, b->base);
    if (!c)
        c = (a->index > b->index) - (a->index < b->index);
    return c;
}

void sl_findings_finalize(sl_findings *fs, const char *root)
{
    if (fs->n == 0)
        return;
    qsort(fs->v, fs->n, sizeof *fs->v, cmp_finding);

    /* Group equal identities (ties broken by sorted position) to number
     * them in sorted order. */
    ident_ref *refs = sl_xcalloc(fs->n, sizeof *refs);
    for (size_t i = 0; i < fs->n; i++) {
        refs[i].base = identity_base(&fs->v[i], root);
        refs[i].index = i;
    }
    qsort(refs, fs->n, sizeof *refs, cmp_ident_ref);
    int ordinal = 0;
    for (size_t i = 0; i < fs->n; i++) {
        if (i > 0 && strcmp(refs[i].base, refs[i - 1].base) == 0)
            ordinal++;
        else
            ordinal = 0;
        sl_finding *f = &fs->v[refs[i].index];
        f->ordinal = ordinal;
        char *s = sl_xasprintf("%sordinal:%d\n", refs[i].base, ordinal);
        sl_sha256_hex(s, strlen(s), f->fingerprint);
        free(s);
    }
    for (size_t i = 0; i < fs->n; i++)
        free(refs[i].base);
    free(refs);
}
