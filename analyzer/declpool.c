/* declpool: the inference candidates of a run, one copy each.  See
 * declpool.h. */
#include "declpool.h"

#include <stdlib.h>
#include <string.h>

void sl_declpool_init(sl_declpool *p)
{
    memset(p, 0, sizeof *p);
}

void sl_declpool_free(sl_declpool *p)
{
    for (size_t i = 0; i < p->cap; i++)
        if (p->slot[i]) {
            free(p->slot[i]->lines);
            free(p->slot[i]);
        }
    free(p->slot);
    memset(p, 0, sizeof *p);
}

static size_t sl_key_hash(const char *key)
{
    /* the key is hex digits of a SHA-256: its own first bytes hash well */
    size_t h = 0;
    for (int i = 0; i < 12 && key[i]; i++)
        h = h * 16 + (size_t)(key[i] <= '9' ? key[i] - '0' : key[i] - 'a' + 10);
    return h;
}

static sl_dgroup **sl_declpool_slot(const sl_declpool *p, const char *key)
{
    size_t mask = p->cap - 1;
    for (size_t i = sl_key_hash(key) & mask;; i = (i + 1) & mask)
        if (!p->slot[i] || !strcmp(p->slot[i]->key, key))
            return &p->slot[i];
}

sl_dgroup *sl_declpool_get(const sl_declpool *p, const char *key)
{
    return p->cap ? *sl_declpool_slot(p, key) : NULL;
}

static void sl_declpool_grow(sl_declpool *p)
{
    sl_dgroup **old = p->slot;
    size_t ocap = p->cap;
    p->cap = ocap ? ocap * 2 : 256;
    p->slot = sl_xcalloc(p->cap, sizeof *p->slot);
    for (size_t i = 0; i < ocap; i++)
        if (old[i])
            *sl_declpool_slot(p, old[i]->key) = old[i];
    free(old);
}

sl_dgroup *sl_declpool_intern(sl_declpool *p, const char *lines, size_t len, size_t nlines)
{
    char hex[65];
    sl_sha256_hex(lines, len, hex);
    hex[SL_DGROUP_KEY] = 0;
    if ((p->n + 1) * 2 > p->cap)
        sl_declpool_grow(p);
    sl_dgroup **s = sl_declpool_slot(p, hex);
    if (!*s) {
        sl_dgroup *g = sl_xcalloc(1, sizeof *g);
        memcpy(g->key, hex, sizeof g->key);
        g->lines = sl_xstrndup(lines, len);
        g->nlines = nlines;
        *s = g;
        p->n++;
    }
    return *s;
}

void sl_declpool_flush(sl_declpool *p, sl_dgroup_acc *acc, sl_dgroups *out)
{
    if (acc->nlines) {
        sl_dgroup *g = sl_declpool_intern(p, acc->text.s, acc->text.len, acc->nlines);
        SL_VEC_PUSH(*out, g);
    }
    sl_strbuf_release(&acc->text);
    free(acc->file);
    memset(acc, 0, sizeof *acc);
}

void sl_declpool_feed(sl_declpool *p, sl_dgroup_acc *acc, const char *line, sl_dgroups *out)
{
    /* the header is the second field */
    const char *f = strchr(line, '\t');
    f = f ? f + 1 : line + strlen(line);
    size_t flen = strcspn(f, "\t");
    if (acc->nlines && (strlen(acc->file) != flen || strncmp(acc->file, f, flen) != 0))
        sl_declpool_flush(p, acc, out);
    if (!acc->file)
        acc->file = sl_xstrndup(f, flen);
    sl_strbuf_puts(&acc->text, line);
    sl_strbuf_puts(&acc->text, "\n");
    acc->nlines++;
}

unsigned sl_declpool_new_mark(sl_declpool *p)
{
    if (++p->mark == 0) { /* wrapped: clear every mark */
        for (size_t i = 0; i < p->cap; i++)
            if (p->slot[i])
                p->slot[i]->mark = 0;
        p->mark = 1;
    }
    return p->mark;
}
