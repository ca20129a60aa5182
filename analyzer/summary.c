/* summary: see summary.h. */
#include "summary.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sl_summaries_init(sl_summaries *t)
{
    static atomic_ulong ids;
    memset(t, 0, sizeof *t);
    t->id = atomic_fetch_add(&ids, 1) + 1;
}

void sl_summary_init(sl_summary *s)
{
    memset(s, 0, sizeof *s);
    s->out_param = -1;
    s->rel_if_param = -1;
    s->keep_if_param = -1;
    s->out_ok = (sl_valcond){SL_CMP_EQ, 0};
    for (int i = 0; i < SL_MAX_PARAMS; i++)
        s->xfer_to[i] = -1;
}

void sl_summary_release(sl_summary *s)
{
    free(s->usr);
    free(s->name);
    free(s->file);
    free(s->ret_acq);
    free(s->out_acq);
    free(s->rel_if_usr);
    free(s->rel_global_usr);
    for (int i = 0; i < SL_MAX_PARAMS; i++)
        free(s->xfer_field[i]);
    sl_summary_init(s);
}

void sl_summaries_free(sl_summaries *t)
{
    for (size_t i = 0; i < t->v.n; i++) {
        sl_summary_release(t->v.v[i]);
        free(t->v.v[i]);
    }
    free(t->v.v);
    free(t->slots);
    memset(t, 0, sizeof *t);
}

static size_t sl_strhash(const char *s)
{
    size_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static void sl_summaries_rehash(sl_summaries *t)
{
    size_t n = t->nslots ? t->nslots * 2 : 256;
    free(t->slots);
    t->slots = sl_xcalloc(n, sizeof *t->slots);
    t->nslots = n;
    for (size_t i = 0; i < t->v.n; i++) {
        size_t k = sl_strhash(t->v.v[i]->usr) & (n - 1);
        while (t->slots[k])
            k = (k + 1) & (n - 1);
        t->slots[k] = i + 1;
    }
}

const sl_summary *sl_summaries_get(const sl_summaries *t, const char *usr)
{
    if (!usr || !t || !t->nslots)
        return NULL;
    for (size_t k = sl_strhash(usr) & (t->nslots - 1); t->slots[k];
         k = (k + 1) & (t->nslots - 1))
        if (!strcmp(t->v.v[t->slots[k] - 1]->usr, usr))
            return t->v.v[t->slots[k] - 1];
    return NULL;
}

/* Does it store a parameter into a field of another? */
static bool sl_summary_has_xfer(const sl_summary *s)
{
    for (int i = 0; i < SL_MAX_PARAMS; i++)
        if (s->xfer_to[i] >= 0)
            return true;
    return false;
}

bool sl_summary_is_interesting(const sl_summary *s)
{
    return s->releases_all || s->releases_some || s->escapes || s->ret_res || s->out_res ||
           sl_summary_has_xfer(s) || s->has_const || s->rel_global_usr;
}

bool sl_summary_is_definite(const sl_summary *s)
{
    return s->releases_all || s->releases_some || (s->escapes & ~s->escapes_weak) || s->ret_res ||
           s->out_res || sl_summary_has_xfer(s);
}

static bool sl_xfers_same(const sl_summary *a, const sl_summary *b)
{
    for (int i = 0; i < SL_MAX_PARAMS; i++) {
        if (a->xfer_to[i] != b->xfer_to[i])
            return false;
        if (a->xfer_to[i] >= 0 && strcmp(a->xfer_field[i] ? a->xfer_field[i] : "",
                                         b->xfer_field[i] ? b->xfer_field[i] : ""))
            return false;
    }
    return true;
}

static bool sl_summary_same(const sl_summary *a, const sl_summary *b)
{
    return a->releases_all == b->releases_all && a->releases_some == b->releases_some &&
           a->escapes == b->escapes && a->ret_res == b->ret_res &&
           a->ret_composite == b->ret_composite && a->out_param == b->out_param &&
           a->out_res == b->out_res && a->rel_res == b->rel_res && sl_xfers_same(a, b) &&
           a->escapes_weak == b->escapes_weak && a->exported == b->exported &&
           a->out_ok.op == b->out_ok.op &&
           a->out_ok.value == b->out_ok.value && a->has_const == b->has_const &&
           (!a->has_const || a->const_value == b->const_value) && a->is_global == b->is_global &&
           a->rel_if_param == b->rel_if_param &&
           (a->rel_if_param < 0 ||
            (a->rel_if.op == b->rel_if.op && a->rel_if.value == b->rel_if.value &&
             !strcmp(a->rel_if_usr ? a->rel_if_usr : "", b->rel_if_usr ? b->rel_if_usr : ""))) &&
           !strcmp(a->rel_global_usr ? a->rel_global_usr : "",
                   b->rel_global_usr ? b->rel_global_usr : "") &&
           a->rel_global_res == b->rel_global_res && a->keep_if_param == b->keep_if_param &&
           (a->keep_if_param < 0 ||
            (a->keep_if.op == b->keep_if.op && a->keep_if.value == b->keep_if.value));
}

/* composite: the handle comes back inside a struct, so the returned pointer
 * is NULL on failure whatever the handle's own failure value. */
static sl_acquire *sl_synth_acquire(const char *name, int out, const sl_resource *res,
                                    bool composite, sl_valcond ok)
{
    sl_acquire *a = sl_xcalloc(1, sizeof *a);
    a->fn = (char *)name; /* points at the summary's own name */
    a->out = out;
    a->invalid = composite ? (sl_valcond){SL_CMP_EQ, 0} : sl_resource_invalid(res);
    a->success = ok;
    a->res = (sl_resource *)res;
    return a;
}

static void sl_summary_copy(sl_summary *d, const sl_summary *s)
{
    *d = *s;
    d->usr = sl_xstrdup(s->usr);
    d->name = sl_xstrdup(s->name ? s->name : "");
    d->file = sl_xstrdup(s->file ? s->file : "");
    sl_valcond eq0 = {SL_CMP_EQ, 0};
    d->ret_acq =
        s->ret_res ? sl_synth_acquire(d->name, -1, s->ret_res, s->ret_composite, eq0) : NULL;
    d->out_acq = s->out_res ? sl_synth_acquire(d->name, s->out_param, s->out_res, false, s->out_ok)
                            : NULL;
    for (int i = 0; i < SL_MAX_PARAMS; i++)
        d->xfer_field[i] = s->xfer_to[i] >= 0 && s->xfer_field[i] ? sl_xstrdup(s->xfer_field[i])
                                                                   : NULL;
    d->rel_if_usr = s->rel_if_param >= 0 && s->rel_if_usr ? sl_xstrdup(s->rel_if_usr) : NULL;
    if (!d->rel_if_usr)
        d->rel_if_param = -1;
    d->rel_global_usr = s->rel_global_usr ? sl_xstrdup(s->rel_global_usr) : NULL;
    if (!d->rel_global_usr)
        d->rel_global_res = NULL;
}

bool sl_summaries_put(sl_summaries *t, const sl_summary *s)
{
    const sl_summary *old = sl_summaries_get(t, s->usr);
    if (old) {
        /* One name defined in several files (each program's main in a tree
         * of several programs): the first file by path keeps it, whatever
         * order workers sent them in, so that the table and everything
         * learned from it are the same for any number of workers. */
        int by_file = strcmp(s->file ? s->file : "", old->file ? old->file : "");
        if (by_file > 0)
            return false;
        if (by_file == 0 && sl_summary_same(old, s))
            return false;
        sl_summary *o = (sl_summary *)old;
        sl_summary_release(o);
        sl_summary_copy(o, s);
        o->gen = ++t->gen;
        return true;
    }
    sl_summary *n = sl_xmalloc(sizeof *n);
    sl_summary_copy(n, s);
    n->gen = ++t->gen;
    SL_VEC_PUSH(t->v, n);
    if (2 * t->v.n > t->nslots)
        sl_summaries_rehash(t);
    else {
        size_t k = sl_strhash(n->usr) & (t->nslots - 1);
        while (t->slots[k])
            k = (k + 1) & (t->nslots - 1);
        t->slots[k] = t->v.n;
    }
    return true;
}

bool sl_summaries_merge(sl_summaries *dst, const sl_summaries *src)
{
    bool changed = false;
    for (size_t i = 0; i < src->v.n; i++)
        changed |= sl_summaries_put(dst, src->v.v[i]);
    return changed;
}

void sl_summary_format(sl_strbuf *b, const sl_summary *s)
{
    sl_strbuf_printf(b, "%s\t%s\t%s\t%u\t%u\t%u\t%u\t%s\t%d\t%d\t%s\t", s->usr, s->name,
                     s->file ? s->file : "", s->line, s->releases_all, s->releases_some,
                     s->escapes, s->ret_res ? s->ret_res->name : "-", s->ret_composite ? 1 : 0,
                     s->out_param, s->out_res ? s->out_res->name : "-");
    bool any = false;
    for (int i = 0; i < SL_MAX_PARAMS; i++)
        if (s->xfer_to[i] >= 0 && s->xfer_field[i]) {
            sl_strbuf_printf(b, "%s%d:%d:%s", any ? "," : "", i, s->xfer_to[i], s->xfer_field[i]);
            any = true;
        }
    char ok[48];
    sl_strbuf_printf(b, "%s\t%s\t%s\t%u\t%d\t", any ? "" : "-",
                     s->rel_res ? s->rel_res->name : "-",
                     sl_valcond_format(s->out_ok, ok, sizeof ok), s->escapes_weak,
                     s->exported ? 1 : 0);
    if (s->has_const)
        sl_strbuf_printf(b, "%c=%lld\t", s->is_global ? 'g' : 'r', s->const_value);
    else
        sl_strbuf_puts(b, s->is_global ? "g\t" : "-\t");
    if (s->rel_if_param >= 0 && s->rel_if_usr)
        sl_strbuf_printf(b, "%d|%s|%s\t", s->rel_if_param,
                         sl_valcond_format(s->rel_if, ok, sizeof ok), s->rel_if_usr);
    else
        sl_strbuf_puts(b, "-\t");
    if (s->rel_global_usr)
        sl_strbuf_printf(b, "%s|%s\t", s->rel_global_res ? s->rel_global_res->name : "-",
                         s->rel_global_usr);
    else
        sl_strbuf_puts(b, "-\t");
    if (s->keep_if_param >= 0)
        sl_strbuf_printf(b, "%d|%s\n", s->keep_if_param,
                         sl_valcond_format(s->keep_if, ok, sizeof ok));
    else
        sl_strbuf_puts(b, "-\n");
}

int sl_summary_parse(const char *line, const sl_ruleset *rs, sl_summary *out, sl_error *err)
{
    char *copy = sl_xstrdup(line);
    char *f[20];
    int n = 0;
    char *p = copy;
    while (n < 20) {
        f[n++] = p;
        char *tab = strchr(p, '\t');
        if (!tab)
            break;
        *tab = 0;
        p = tab + 1;
    }
    char *nl = strchr(f[n - 1], '\n');
    if (nl)
        *nl = 0;
    if (n != 20) {
        free(copy);
        return sl_error_set(err, "malformed summary line (%d fields)", n);
    }
    memset(out, 0, sizeof *out);
    for (int i = 0; i < SL_MAX_PARAMS; i++)
        out->xfer_to[i] = -1;
    out->usr = f[0];
    out->name = f[1];
    out->file = f[2];
    out->line = (unsigned)strtoul(f[3], NULL, 10);
    out->releases_all = (unsigned)strtoul(f[4], NULL, 10);
    out->releases_some = (unsigned)strtoul(f[5], NULL, 10);
    out->escapes = (unsigned)strtoul(f[6], NULL, 10);
    out->ret_res = strcmp(f[7], "-") ? sl_rules_find_resource(rs, f[7]) : NULL;
    out->ret_composite = atoi(f[8]) != 0;
    out->out_param = atoi(f[9]);
    out->out_res = strcmp(f[10], "-") ? sl_rules_find_resource(rs, f[10]) : NULL;
    out->rel_res = strcmp(f[12], "-") ? sl_rules_find_resource(rs, f[12]) : NULL;
    if (sl_valcond_parse(f[13], &out->out_ok) != 0) {
        free(copy);
        return sl_error_set(err, "malformed summary line (status '%s')", f[13]);
    }
    out->escapes_weak = (unsigned)strtoul(f[14], NULL, 10);
    out->exported = atoi(f[15]) != 0;
    out->is_global = f[16][0] == 'g';
    if ((f[16][0] == 'r' || f[16][0] == 'g') && f[16][1] == '=') {
        char *end;
        out->const_value = strtoll(f[16] + 2, &end, 10);
        out->has_const = end != f[16] + 2 && !*end;
    } else if (strcmp(f[16], "-") && strcmp(f[16], "g")) {
        free(copy);
        return sl_error_set(err, "malformed summary line (value '%s')", f[16]);
    }
    out->rel_if_param = -1;
    char *rel_usr = NULL;
    if (strcmp(f[17], "-")) {
        char *bar1 = strchr(f[17], '|'), *bar2 = bar1 ? strchr(bar1 + 1, '|') : NULL;
        if (!bar2) {
            free(copy);
            return sl_error_set(err, "malformed summary line (condition '%s')", f[17]);
        }
        *bar1 = *bar2 = 0;
        out->rel_if_param = atoi(f[17]);
        if (sl_valcond_parse(bar1 + 1, &out->rel_if) != 0 || out->rel_if_param < 0 ||
            out->rel_if_param >= SL_MAX_PARAMS || !bar2[1]) {
            free(copy);
            return sl_error_set(err, "malformed summary line (condition)");
        }
        rel_usr = bar2 + 1;
    }
    char *glob_usr = NULL;
    if (strcmp(f[18], "-")) {
        char *bar = strchr(f[18], '|');
        if (!bar || !bar[1]) {
            free(copy);
            return sl_error_set(err, "malformed summary line (global '%s')", f[18]);
        }
        *bar = 0;
        out->rel_global_res = strcmp(f[18], "-") ? sl_rules_find_resource(rs, f[18]) : NULL;
        if (strcmp(f[18], "-") && !out->rel_global_res) {
            free(copy);
            return sl_error_set(err, "summary names an unknown resource");
        }
        glob_usr = bar + 1;
    }
    out->keep_if_param = -1;
    if (strcmp(f[19], "-")) {
        char *bar = strchr(f[19], '|');
        if (!bar || sl_valcond_parse(bar + 1, &out->keep_if) != 0) {
            free(copy);
            return sl_error_set(err, "malformed summary line (keep_if '%s')", f[19]);
        }
        out->keep_if_param = atoi(f[19]);
        if (out->keep_if_param < 0 || out->keep_if_param >= SL_MAX_PARAMS) {
            free(copy);
            return sl_error_set(err, "malformed summary line (keep_if)");
        }
    }
    if ((strcmp(f[7], "-") && !out->ret_res) || (strcmp(f[10], "-") && !out->out_res)) {
        free(copy);
        return sl_error_set(err, "summary names an unknown resource");
    }
    /* strings point into copy: make them owned */
    sl_summary tmp = *out;
    if (strcmp(f[11], "-")) {
        for (char *item = strtok(f[11], ","); item; item = strtok(NULL, ",")) {
            int i = -1, j = -1, used = 0;
            if (sscanf(item, "%d:%d:%n", &i, &j, &used) >= 2 && used > 0 && i >= 0 &&
                i < SL_MAX_PARAMS && j >= 0 && j < SL_MAX_PARAMS) {
                tmp.xfer_to[i] = (signed char)j;
                tmp.xfer_field[i] = sl_xstrdup(item + used);
            }
        }
    }
    tmp.usr = sl_xstrdup(f[0]);
    tmp.name = sl_xstrdup(f[1]);
    tmp.file = sl_xstrdup(f[2]);
    tmp.rel_if_usr = rel_usr ? sl_xstrdup(rel_usr) : NULL;
    tmp.rel_global_usr = glob_usr ? sl_xstrdup(glob_usr) : NULL;
    free(copy);
    *out = tmp;
    return 0;
}
