/* rules: loading YAML rule files into a sl_ruleset, and looking functions
 * up in it.  Format and semantics: docs/rules.md; contract: rules.h.
 *
 * Ownership.  The ruleset owns every resource, transfer, file name and
 * lookup entry.  Inside this file:
 *   - a YAML file is first read into a small private tree (ynode), built
 *     from libyaml events with an explicit stack and a depth limit, so that
 *     hostile input cannot exhaust the C stack; the tree is freed as soon as
 *     the file has been checked;
 *   - a load works on a "loader": a temporary sl_ruleset that receives the
 *     new files (and their includes) while every check also consults the
 *     existing set read-only.  Only when everything loaded without error is
 *     the temporary merged into the real set (loader_commit); on error it is
 *     freed (loader_abort) and the real set was never touched.
 *
 * Lookups.  Exact function names live in an open-addressing hash table
 * (strmap) whose keys point into the entries themselves; `prefix*`
 * patterns live in a second table keyed by the prefix, probed from the
 * longest candidate prefix of a name down to the shortest pattern length.
 */
#define _GNU_SOURCE
#include "rules.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

enum {
    SL_RULES_MAX_ARG = 31,       /* highest argument index a rule may name */
    SL_RULES_MAX_NAME = 255,     /* longest function or resource name */
    SL_RULES_MAX_DEPTH = 64,     /* YAML nesting limit */
    SL_RULES_MAX_INCLUDE = 32,   /* include: nesting limit */
};

#define SL_RULES_MAX_FILE (16L * 1024 * 1024) /* bytes; rule files are small */

/* ------------------------------------------------------------------ */
/* Kinds and value conditions                                          */

const char *sl_kind_name(sl_kind k)
{
    switch (k) {
    case SL_KIND_SESSION: return "session";
    case SL_KIND_CREDENTIAL: return "credential";
    case SL_KIND_CONNECTOR: return "connector";
    case SL_KIND_RESOURCE: return "resource";
    case SL_KIND_MEMORY: return "memory";
    }
    return "resource";
}

const char *sl_kind_rule_id(sl_kind k)
{
    switch (k) {
    case SL_KIND_SESSION: return "leak.session";
    case SL_KIND_CREDENTIAL: return "leak.credential";
    case SL_KIND_CONNECTOR: return "leak.connector";
    case SL_KIND_RESOURCE: return "leak.resource";
    case SL_KIND_MEMORY: return "leak.memory";
    }
    return "leak.resource";
}

bool sl_valcond_holds(sl_valcond c, long long v)
{
    switch (c.op) {
    case SL_CMP_EQ: return v == c.value;
    case SL_CMP_NE: return v != c.value;
    case SL_CMP_LT: return v < c.value;
    case SL_CMP_LE: return v <= c.value;
    case SL_CMP_GT: return v > c.value;
    case SL_CMP_GE: return v >= c.value;
    }
    return false;
}

static bool valcond_is_none(sl_valcond c)
{
    return c.op == SL_CMP_LT && c.value == LLONG_MIN;
}

static bool valcond_is_any(sl_valcond c)
{
    return c.op == SL_CMP_GE && c.value == LLONG_MIN;
}

/* Parse a decimal or 0x-hex integer filling all of s; false on junk or
 * overflow. */
static bool parse_ll(const char *s, long long *out)
{
    if (!*s)
        return false;
    const char *digits = s;
    if (*digits == '-' || *digits == '+')
        digits++;
    if (!*digits || !(*digits >= '0' && *digits <= '9'))
        return false;
    int base = (digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) ? 16 : 10;
    errno = 0;
    char *end;
    long long v = strtoll(s, &end, base);
    if (errno || *end)
        return false;
    *out = v;
    return true;
}

int sl_valcond_parse(const char *s, sl_valcond *out)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    char buf[64];
    if (n == 0 || n >= sizeof buf)
        return -1;
    memcpy(buf, s, n);
    buf[n] = 0;

    if (strcmp(buf, "none") == 0) {
        *out = (sl_valcond){SL_CMP_LT, LLONG_MIN};
        return 0;
    }
    if (strcmp(buf, "any") == 0) {
        *out = (sl_valcond){SL_CMP_GE, LLONG_MIN};
        return 0;
    }
    static const struct { const char *text; sl_cmp op; } ops[] = {
        {"==", SL_CMP_EQ}, {"!=", SL_CMP_NE}, {"<=", SL_CMP_LE},
        {">=", SL_CMP_GE}, {"<", SL_CMP_LT},  {">", SL_CMP_GT},
    };
    sl_cmp op = SL_CMP_EQ;
    const char *rest = buf;
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        size_t len = strlen(ops[i].text);
        if (strncmp(buf, ops[i].text, len) == 0) {
            op = ops[i].op;
            rest = buf + len;
            break;
        }
    }
    while (*rest == ' ' || *rest == '\t')
        rest++;
    long long v;
    if (strcmp(rest, "NULL") == 0 || strcmp(rest, "null") == 0 ||
        strcmp(rest, "nullptr") == 0)
        v = 0;
    else if (!parse_ll(rest, &v))
        return -1;
    out->op = op; /* a bare value ("NULL", "0", "-1") means "== value" */
    out->value = v;
    return 0;
}

const char *sl_valcond_format(sl_valcond c, char *buf, size_t n)
{
    static const char *const names[] = {"==", "!=", "<", "<=", ">", ">="};
    if (valcond_is_none(c))
        snprintf(buf, n, "none");
    else if (valcond_is_any(c))
        snprintf(buf, n, "any");
    else
        snprintf(buf, n, "%s %lld", names[c.op], c.value);
    return buf;
}

/* ------------------------------------------------------------------ */
/* strmap: string -> pointer, open addressing with linear probing.  Keys
 * are borrowed (they must outlive the map) and need not be NUL-terminated
 * at klen. */

typedef struct strmap_slot {
    const char *key; /* NULL: empty */
    size_t klen;
    uint64_t hash;
    void *val;
} strmap_slot;

typedef struct strmap {
    strmap_slot *slots;
    size_t cap, n; /* cap is 0 or a power of two */
} strmap;

static uint64_t hash_step(uint64_t h, unsigned char c)
{
    return (h ^ c) * 1099511628211ull; /* FNV-1a */
}

static const uint64_t hash_init = 14695981039346656037ull;

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = hash_init;
    for (size_t i = 0; i < n; i++)
        h = hash_step(h, (unsigned char)s[i]);
    return h;
}

static void *strmap_get_h(const strmap *m, const char *k, size_t klen, uint64_t h)
{
    if (!m->cap)
        return NULL;
    size_t mask = m->cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        const strmap_slot *s = &m->slots[i];
        if (!s->key)
            return NULL;
        if (s->hash == h && s->klen == klen && memcmp(s->key, k, klen) == 0)
            return s->val;
    }
}

static void *strmap_get(const strmap *m, const char *k)
{
    size_t n = strlen(k);
    return strmap_get_h(m, k, n, hash_bytes(k, n));
}

static void strmap_insert_slot(strmap_slot *slots, size_t cap, strmap_slot s)
{
    size_t mask = cap - 1;
    size_t i = (size_t)s.hash & mask;
    while (slots[i].key)
        i = (i + 1) & mask;
    slots[i] = s;
}

/* Insert a key (its first klen bytes) that is not yet present. */
static void strmap_put_n(strmap *m, const char *k, size_t klen, void *val)
{
    if ((m->n + 1) * 10 > m->cap * 7) {
        size_t cap = m->cap ? m->cap * 2 : 32;
        strmap_slot *slots = sl_xcalloc(cap, sizeof *slots);
        for (size_t i = 0; i < m->cap; i++)
            if (m->slots[i].key)
                strmap_insert_slot(slots, cap, m->slots[i]);
        free(m->slots);
        m->slots = slots;
        m->cap = cap;
    }
    strmap_insert_slot(m->slots, m->cap,
                       (strmap_slot){k, klen, hash_bytes(k, klen), val});
    m->n++;
}

static void strmap_put(strmap *m, const char *k, void *val)
{
    strmap_put_n(m, k, strlen(k), val);
}

static void strmap_free(strmap *m)
{
    free(m->slots);
    m->slots = NULL;
    m->cap = m->n = 0;
}

/* ------------------------------------------------------------------ */
/* The private part of a ruleset. */

typedef struct fnentry {
    sl_fnrule rule; /* first member: a sl_fnrule * converts back */
    sl_srcpos borrow_pos, dealloc_pos;
    bool pattern;   /* name is a prefix; the entry matches name + anything */
    char name[];    /* the function name, or the pattern with its '*' */
} fnentry;

typedef struct filehash {
    unsigned char sha[32];
} filehash;

struct sl_fnrule_table {
    strmap exact;      /* function name -> fnentry */
    strmap patterns;   /* prefix (without '*') -> fnentry */
    strmap resources;  /* resource name -> sl_resource */
    strmap files;      /* absolute path -> (void *)(index + 1) */
    SL_VEC(fnentry *) entries; /* owned, in insertion order */
    size_t pat_minlen, pat_maxlen;
    SL_VEC(char *) abspaths;   /* owned, parallel to sl_ruleset.files */
    SL_VEC(filehash) hashes;   /* parallel to sl_ruleset.files */
};

static struct sl_fnrule_table *table_new(void)
{
    struct sl_fnrule_table *t = sl_xcalloc(1, sizeof *t);
    t->pat_minlen = SIZE_MAX;
    return t;
}

static void table_free(struct sl_fnrule_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->entries.n; i++) {
        free(t->entries.v[i]->rule.release.v);
        free(t->entries.v[i]);
    }
    free(t->entries.v);
    for (size_t i = 0; i < t->abspaths.n; i++)
        free(t->abspaths.v[i]);
    free(t->abspaths.v);
    free(t->hashes.v);
    strmap_free(&t->exact);
    strmap_free(&t->patterns);
    strmap_free(&t->resources);
    strmap_free(&t->files);
    free(t);
}

static void resource_free(sl_resource *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->acquire.n; i++)
        free(r->acquire.v[i].fn);
    for (size_t i = 0; i < r->release.n; i++)
        free(r->release.v[i].fn);
    free(r->acquire.v);
    free(r->release.v);
    free(r->name);
    free(r->library);
    free(r);
}

static void transfer_free(sl_transfer *t)
{
    if (!t)
        return;
    free(t->fn);
    free(t->args.v);
    free(t);
}

void sl_rules_init(sl_ruleset *rs)
{
    memset(rs, 0, sizeof *rs);
    rs->table = table_new();
}

void sl_rules_free(sl_ruleset *rs)
{
    for (size_t i = 0; i < rs->resources.n; i++)
        resource_free(rs->resources.v[i]);
    free(rs->resources.v);
    for (size_t i = 0; i < rs->transfers.n; i++)
        transfer_free(rs->transfers.v[i]);
    free(rs->transfers.v);
    for (size_t i = 0; i < rs->files.n; i++)
        free(rs->files.v[i]);
    free(rs->files.v);
    table_free(rs->table);
    memset(rs, 0, sizeof *rs);
}

static fnentry *table_exact(const struct sl_fnrule_table *t, const char *fn)
{
    return t ? strmap_get(&t->exact, fn) : NULL;
}

/* The entry for fn (exact) or for the pattern fn ("prefix*"), created
 * empty when missing. */
static fnentry *table_get_or_add(struct sl_fnrule_table *t, const char *fn, bool pattern)
{
    size_t len = strlen(fn);
    strmap *m = pattern ? &t->patterns : &t->exact;
    size_t keylen = pattern ? len - 1 : len;
    fnentry *e = strmap_get_h(m, fn, keylen, hash_bytes(fn, keylen));
    if (e)
        return e;
    e = sl_xcalloc(1, sizeof *e + len + 1);
    memcpy(e->name, fn, len + 1);
    e->rule.fn = e->name;
    e->pattern = pattern;
    SL_VEC_PUSH(t->entries, e);
    /* A pattern's key is its prefix: the name without the '*'. */
    strmap_put_n(m, e->name, keylen, e);
    if (pattern) {
        if (keylen < t->pat_minlen)
            t->pat_minlen = keylen;
        if (keylen > t->pat_maxlen)
            t->pat_maxlen = keylen;
    }
    return e;
}

/* ------------------------------------------------------------------ */
/* Lookups */

const sl_fnrule *sl_rules_lookup(const sl_ruleset *rs, const char *fn)
{
    const struct sl_fnrule_table *t = rs->table;
    if (!t || !fn)
        return NULL;
    fnentry *e = strmap_get(&t->exact, fn);
    if (e)
        return &e->rule;
    if (!t->patterns.n)
        return NULL;
    /* Hash every candidate prefix length in one pass, then probe from the
     * longest: the most specific pattern wins. */
    size_t len = strlen(fn);
    size_t maxlen = t->pat_maxlen < len ? t->pat_maxlen : len;
    if (maxlen < t->pat_minlen)
        return NULL;
    uint64_t hs[SL_RULES_MAX_NAME + 1];
    uint64_t h = hash_init;
    for (size_t i = 0; i <= maxlen; i++) {
        hs[i] = h;
        if (i < maxlen)
            h = hash_step(h, (unsigned char)fn[i]);
    }
    for (size_t k = maxlen + 1; k-- > t->pat_minlen;) {
        e = strmap_get_h(&t->patterns, fn, k, hs[k]);
        if (e)
            return &e->rule;
    }
    return NULL;
}

const sl_resource *sl_rules_find_resource(const sl_ruleset *rs, const char *name)
{
    return rs->table ? strmap_get(&rs->table->resources, name) : NULL;
}

bool sl_fnrule_is_pattern(const sl_fnrule *r)
{
    return ((const fnentry *)r)->pattern;
}

sl_srcpos sl_fnrule_borrow_pos(const sl_fnrule *r)
{
    return ((const fnentry *)r)->borrow_pos;
}

sl_srcpos sl_fnrule_dealloc_pos(const sl_fnrule *r)
{
    return ((const fnentry *)r)->dealloc_pos;
}

void sl_rules_get_stats(const sl_ruleset *rs, sl_rules_stats *st)
{
    memset(st, 0, sizeof *st);
    const struct sl_fnrule_table *t = rs->table;
    if (!t)
        return;
    for (size_t i = 0; i < t->entries.n; i++) {
        const fnentry *e = t->entries.v[i];
        if (!e->pattern)
            st->functions++;
        if (e->rule.borrow)
            (*(e->pattern ? &st->borrow_patterns : &st->borrow))++;
        if (e->rule.deallocator)
            (*(e->pattern ? &st->deallocator_patterns : &st->deallocators))++;
    }
}

void sl_rules_digest(const sl_ruleset *rs, char out[65])
{
    static const char hex[] = "0123456789abcdef";
    sl_sha256 c;
    sl_sha256_init(&c);
    const struct sl_fnrule_table *t = rs->table;
    for (size_t i = 0; t && i < rs->files.n; i++) {
        const char *base = strrchr(rs->files.v[i], '/');
        base = base ? base + 1 : rs->files.v[i];
        char line[65];
        for (int j = 0; j < 32; j++) {
            line[2 * j] = hex[t->hashes.v[i].sha[j] >> 4];
            line[2 * j + 1] = hex[t->hashes.v[i].sha[j] & 15];
        }
        line[64] = 0;
        sl_sha256_update(&c, base, strlen(base));
        sl_sha256_update(&c, "", 1);
        sl_sha256_update(&c, line, 64);
        sl_sha256_update(&c, "\n", 1);
    }
    sl_sha256_final_hex(&c, out);
}

/* ------------------------------------------------------------------ */
/* YAML to a small tree, through libyaml's event API. */

typedef enum ytype { Y_SCALAR, Y_SEQ, Y_MAP } ytype;

typedef struct ynode {
    ytype type;
    unsigned line, col;  /* 1-based */
    char *s;             /* scalar text (owned), NUL-terminated */
    bool plain;          /* scalar written without quotes */
    SL_VEC(struct ynode *) kids; /* sequence items; mapping key, value, ... */
} ynode;

typedef struct ydoc {
    ynode *root;
    SL_VEC(ynode *) all; /* every node, owned */
} ydoc;

static void ydoc_free(ydoc *d)
{
    for (size_t i = 0; i < d->all.n; i++) {
        free(d->all.v[i]->s);
        free(d->all.v[i]->kids.v);
        free(d->all.v[i]);
    }
    free(d->all.v);
    memset(d, 0, sizeof *d);
}

static const char *ytype_name(const ynode *n)
{
    switch (n->type) {
    case Y_SCALAR: return "a scalar";
    case Y_SEQ: return "a sequence";
    case Y_MAP: return "a mapping";
    }
    return "?";
}

/* 1-based line and column of byte offset off in buf. */
static void offset_to_pos(const char *buf, size_t len, size_t off, unsigned *line, unsigned *col)
{
    unsigned l = 1, c = 1;
    for (size_t i = 0; i < off && i < len; i++) {
        if (buf[i] == '\n') {
            l++;
            c = 1;
        } else {
            c++;
        }
    }
    *line = l;
    *col = c;
}

static int yaml_error(const yaml_parser_t *p, const char *path, const char *buf, size_t len,
                      sl_error *err)
{
    const char *problem = p->problem ? p->problem : "malformed input";
    switch (p->error) {
    case YAML_MEMORY_ERROR:
        return sl_error_set(err, "%s: out of memory while parsing YAML", path);
    case YAML_READER_ERROR: {
        unsigned line, col;
        offset_to_pos(buf, len, p->problem_offset, &line, &col);
        return sl_error_set(err, "%s:%u:%u: YAML syntax error: %s", path, line, col, problem);
    }
    default:
        break;
    }
    unsigned line = (unsigned)p->problem_mark.line + 1, col = (unsigned)p->problem_mark.column + 1;
    if (p->context)
        return sl_error_set(err, "%s:%u:%u: YAML syntax error: %s (%s at line %u, column %u)",
                            path, line, col, problem, p->context,
                            (unsigned)p->context_mark.line + 1,
                            (unsigned)p->context_mark.column + 1);
    return sl_error_set(err, "%s:%u:%u: YAML syntax error: %s", path, line, col, problem);
}

static ynode *ynode_new(ydoc *d, ytype type, const yaml_mark_t *m)
{
    ynode *n = sl_xcalloc(1, sizeof *n);
    n->type = type;
    n->line = (unsigned)m->line + 1;
    n->col = (unsigned)m->column + 1;
    SL_VEC_PUSH(d->all, n);
    return n;
}

/* Parse buf (one YAML document) into d.  Aliases are refused (a rule file
 * has no use for them, and expanding them invites exponential input);
 * nesting is capped at SL_RULES_MAX_DEPTH. */
static int ydoc_parse(ydoc *d, const char *path, const char *buf, size_t len, sl_error *err)
{
    memset(d, 0, sizeof *d);
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        return sl_error_set(err, "%s: cannot initialize the YAML parser", path);
    yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);

    SL_VEC(ynode *) stack = {0};
    int rc = 0, ndocs = 0;
    bool done = false;
    while (!done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            rc = yaml_error(&p, path, buf, len, err);
            break;
        }
        unsigned line = (unsigned)ev.start_mark.line + 1, col = (unsigned)ev.start_mark.column + 1;
        ynode *n = NULL;
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            done = true;
            break;
        case YAML_DOCUMENT_START_EVENT:
            if (++ndocs > 1)
                rc = sl_error_set(err, "%s:%u:%u: a rule file holds one YAML document; "
                                  "found a second one", path, line, col);
            break;
        case YAML_ALIAS_EVENT:
            rc = sl_error_set(err, "%s:%u:%u: YAML aliases (*%s) are not supported in rule "
                              "files; write the value out", path, line, col,
                              (const char *)ev.data.alias.anchor);
            break;
        case YAML_SCALAR_EVENT:
            if (strlen((const char *)ev.data.scalar.value) != ev.data.scalar.length) {
                rc = sl_error_set(err, "%s:%u:%u: scalar contains a NUL character", path,
                                  line, col);
                break;
            }
            n = ynode_new(d, Y_SCALAR, &ev.start_mark);
            n->s = sl_xstrndup((const char *)ev.data.scalar.value, ev.data.scalar.length);
            n->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
            break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            if (stack.n >= SL_RULES_MAX_DEPTH) {
                rc = sl_error_set(err, "%s:%u:%u: YAML nested deeper than %d levels", path,
                                  line, col, SL_RULES_MAX_DEPTH);
                break;
            }
            n = ynode_new(d, ev.type == YAML_SEQUENCE_START_EVENT ? Y_SEQ : Y_MAP,
                          &ev.start_mark);
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            if (stack.n)
                stack.n--;
            break;
        default:
            break;
        }
        if (n) {
            if (stack.n)
                SL_VEC_PUSH(stack.v[stack.n - 1]->kids, n);
            else
                d->root = n;
            if (n->type != Y_SCALAR)
                SL_VEC_PUSH(stack, n);
        }
        yaml_event_delete(&ev);
        if (rc)
            break;
    }
    free(stack.v);
    yaml_parser_delete(&p);
    if (rc)
        ydoc_free(d);
    return rc;
}

/* ------------------------------------------------------------------ */
/* The loader */

typedef struct loader {
    const sl_ruleset *base; /* the set being added to; read only until commit */
    sl_ruleset tmp;         /* what this load adds */
    SL_VEC(const char *) stack_abs;  /* files being loaded (include chain) */
    SL_VEC(const char *) stack_disp;
    sl_error *err;
    const char *file;       /* display path of the file being read (interned) */
    const char *library;    /* its `library:` (borrowed from the tree) */
} loader;

static void loader_init(loader *L, const sl_ruleset *base, sl_error *err)
{
    memset(L, 0, sizeof *L);
    L->base = base;
    sl_rules_init(&L->tmp);
    L->err = err;
}

static void loader_abort(loader *L)
{
    sl_rules_free(&L->tmp);
    free(L->stack_abs.v);
    free(L->stack_disp.v);
}

/* Move everything in L->tmp into rs.  Cannot fail: every conflict with rs
 * was checked while loading. */
static void loader_commit(loader *L, sl_ruleset *rs)
{
    if (!rs->table)
        rs->table = table_new();
    struct sl_fnrule_table *T = rs->table, *t = L->tmp.table;
    for (size_t i = 0; i < L->tmp.resources.n; i++) {
        sl_resource *r = L->tmp.resources.v[i];
        SL_VEC_PUSH(rs->resources, r);
        strmap_put(&T->resources, r->name, r);
    }
    for (size_t i = 0; i < L->tmp.transfers.n; i++)
        SL_VEC_PUSH(rs->transfers, L->tmp.transfers.v[i]);
    rs->report_exception |= L->tmp.report_exception;
    for (size_t i = 0; i < L->tmp.files.n; i++) {
        SL_VEC_PUSH(rs->files, L->tmp.files.v[i]);
        SL_VEC_PUSH(T->abspaths, t->abspaths.v[i]);
        SL_VEC_PUSH(T->hashes, t->hashes.v[i]);
        strmap_put(&T->files, t->abspaths.v[i], (void *)(uintptr_t)rs->files.n);
    }
    for (size_t i = 0; i < t->entries.n; i++) {
        fnentry *e = t->entries.v[i];
        fnentry *x = table_get_or_add(T, e->name, e->pattern);
        if (!x->rule.acquire)
            x->rule.acquire = e->rule.acquire;
        for (size_t j = 0; j < e->rule.release.n; j++)
            SL_VEC_PUSH(x->rule.release, e->rule.release.v[j]);
        if (!x->rule.transfer)
            x->rule.transfer = e->rule.transfer;
        if (e->rule.borrow && !x->rule.borrow) {
            x->rule.borrow = true;
            x->borrow_pos = e->borrow_pos;
        }
        if (e->rule.deallocator && !x->rule.deallocator) {
            x->rule.deallocator = true;
            x->dealloc_pos = e->dealloc_pos;
        }
        free(e->rule.release.v);
        free(e);
    }
    /* Everything owned by tmp has moved; free only its containers. */
    free(L->tmp.resources.v);
    free(L->tmp.transfers.v);
    free(L->tmp.files.v);
    free(t->entries.v);
    free(t->abspaths.v);
    free(t->hashes.v);
    strmap_free(&t->exact);
    strmap_free(&t->patterns);
    strmap_free(&t->resources);
    strmap_free(&t->files);
    free(t);
    memset(&L->tmp, 0, sizeof L->tmp);
    free(L->stack_abs.v);
    free(L->stack_disp.v);
}

/* "file:line:col: message" at a place in the current file. */
static int lerr_v(loader *L, unsigned line, unsigned col, const char *fmt, va_list ap)
{
    char msg[1536];
    vsnprintf(msg, sizeof msg, fmt, ap);
    return sl_error_set(L->err, "%s:%u:%u: %s", L->file, line, col, msg);
}

/* The same about node n (NULL: the start of the file). */
static int lerr(loader *L, const ynode *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int lerr(loader *L, const ynode *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = lerr_v(L, n ? n->line : 1, n ? n->col : 1, fmt, ap);
    va_end(ap);
    return rc;
}

static int lerr_at(loader *L, sl_srcpos at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int lerr_at(loader *L, sl_srcpos at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = lerr_v(L, at.line, at.col, fmt, ap);
    va_end(ap);
    return rc;
}

static sl_srcpos lpos(const loader *L, const ynode *n)
{
    return (sl_srcpos){L->file, n->line, n->col};
}

/* The existing set's table first, then the temporary's. */
static const struct sl_fnrule_table *ltable(const loader *L, int i)
{
    return i == 0 ? L->base->table : L->tmp.table;
}

/* ---- small validators ---- */

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 40 || lb > 40)
        return SIZE_MAX;
    size_t prev[41], cur[41];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
        memcpy(prev, cur, (lb + 1) * sizeof *prev);
    }
    return prev[lb];
}

/* "; did you mean 'x'?" when one of the choices is close, else "". */
static const char *suggest(const char *word, const char *const *choices, char *buf, size_t n)
{
    size_t best = SIZE_MAX;
    const char *pick = NULL;
    for (size_t i = 0; choices[i]; i++) {
        size_t d = edit_distance(word, choices[i]);
        if (d < best) {
            best = d;
            pick = choices[i];
        }
    }
    if (pick && best <= 2 && best < strlen(word))
        snprintf(buf, n, "; did you mean '%s'?", pick);
    else
        buf[0] = 0;
    return buf;
}

static void join_choices(const char *const *choices, char *buf, size_t n)
{
    buf[0] = 0;
    size_t used = 0;
    for (size_t i = 0; choices[i]; i++) {
        int w = snprintf(buf + used, n - used, "%s%s", i ? ", " : "", choices[i]);
        if (w < 0 || (size_t)w >= n - used)
            break;
        used += (size_t)w;
    }
}

/* A YAML null written as nothing, "~" or "null": an empty collection. */
static bool ynull(const ynode *n)
{
    return n->type == Y_SCALAR && n->plain &&
           (!*n->s || strcmp(n->s, "~") == 0 || strcmp(n->s, "null") == 0 ||
            strcmp(n->s, "Null") == 0 || strcmp(n->s, "NULL") == 0);
}

static int want(loader *L, const ynode *n, ytype type, const char *what)
{
    if (n->type == type)
        return 0;
    static const char *const names[] = {"a scalar (string or number)", "a sequence (list)",
                                        "a mapping"};
    return lerr(L, n, "%s must be %s, found %s", what, names[type], ytype_name(n));
}

/* Check a mapping's keys: scalar, known (from allowed, NULL-terminated),
 * and not repeated.  vals[i] receives the value of allowed[i] or NULL. */
static int map_fields(loader *L, const ynode *m, const char *where, const char *const *allowed,
                      const ynode **vals, const ynode **keys)
{
    size_t nallowed = 0;
    while (allowed[nallowed])
        nallowed++;
    for (size_t i = 0; i < nallowed; i++) {
        vals[i] = NULL;
        if (keys)
            keys[i] = NULL;
    }
    const ynode *seen_at[16] = {0};
    for (size_t i = 0; i + 1 < m->kids.n; i += 2) {
        const ynode *k = m->kids.v[i], *v = m->kids.v[i + 1];
        if (k->type != Y_SCALAR)
            return lerr(L, k, "key %s must be a scalar, found %s", where, ytype_name(k));
        size_t j = 0;
        while (j < nallowed && strcmp(allowed[j], k->s) != 0)
            j++;
        if (j == nallowed) {
            char list[256], hint[96];
            join_choices(allowed, list, sizeof list);
            return lerr(L, k, "unknown key '%s' %s%s (allowed keys: %s)", k->s, where,
                        suggest(k->s, allowed, hint, sizeof hint), list);
        }
        if (seen_at[j])
            return lerr(L, k, "duplicate key '%s' %s (first given at line %u, column %u)", k->s,
                        where, seen_at[j]->line, seen_at[j]->col);
        seen_at[j] = k;
        vals[j] = v;
        if (keys)
            keys[j] = k;
    }
    return 0;
}

static bool is_ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '$' || c == ':' || c == '.'; /* '.': Python's dotted names */
}

/* A function name (C identifier, '::' allowed for C++), or with
 * allow_pattern a "prefix*" pattern. */
static int check_fn_name(loader *L, const ynode *n, const char *what, bool allow_pattern)
{
    int rc = want(L, n, Y_SCALAR, what);
    if (rc)
        return rc;
    const char *s = n->s;
    size_t len = strlen(s);
    if (len == 0)
        return lerr(L, n, "%s is empty", what);
    if (len > SL_RULES_MAX_NAME)
        return lerr(L, n, "%s is longer than %d characters", what, SL_RULES_MAX_NAME);
    size_t body = len;
    if (s[len - 1] == '*') {
        if (!allow_pattern)
            return lerr(L, n, "%s '%s': patterns (name*) are allowed only under `borrow` and "
                        "`deallocators`", what, s);
        body = len - 1;
        if (body == 0)
            return lerr(L, n, "pattern '*' would match every function; give a prefix such "
                        "as 'curl_easy_*'");
    }
    if (s[0] >= '0' && s[0] <= '9')
        return lerr(L, n, "%s '%s' is not a function name", what, s);
    for (size_t i = 0; i < body; i++) {
        if (!is_ident_char(s[i])) {
            if (s[i] == '*')
                return lerr(L, n, "%s '%s': '*' may only end a pattern (prefix*)", what, s);
            return lerr(L, n, "%s '%s' is not a function name (letters, digits and '_' only)",
                        what, s);
        }
    }
    return 0;
}

static int parse_arg_index(loader *L, const ynode *n, const char *what, int *out)
{
    if (n->type != Y_SCALAR)
        return lerr(L, n, "bad argument index for `%s`: expected an integer from 0 to %d, found %s",
                    what, SL_RULES_MAX_ARG, ytype_name(n));
    long long v;
    if (!parse_ll(n->s, &v))
        return lerr(L, n, "bad argument index '%s' for `%s`: expected an integer from 0 to %d",
                    n->s, what, SL_RULES_MAX_ARG);
    if (v < 0)
        return lerr(L, n, "bad argument index %lld for `%s`: negative (arguments count from 0)",
                    v, what);
    if (v > SL_RULES_MAX_ARG)
        return lerr(L, n, "bad argument index %lld for `%s`: larger than %d", v, what,
                    SL_RULES_MAX_ARG);
    *out = (int)v;
    return 0;
}

static int parse_bool(loader *L, const ynode *n, const char *what, bool *out)
{
    int rc = want(L, n, Y_SCALAR, what);
    if (rc)
        return rc;
    static const char *const yes[] = {"true", "True", "TRUE", "yes", "Yes", "YES", NULL};
    static const char *const no[] = {"false", "False", "FALSE", "no", "No", "NO", NULL};
    for (size_t i = 0; yes[i]; i++) {
        if (strcmp(n->s, yes[i]) == 0) {
            *out = true;
            return 0;
        }
        if (strcmp(n->s, no[i]) == 0) {
            *out = false;
            return 0;
        }
    }
    return lerr(L, n, "`%s` must be true or false, found '%s'", what, n->s);
}

static int parse_cond(loader *L, const ynode *n, const char *what, sl_valcond *out)
{
    if (n->type != Y_SCALAR)
        return lerr(L, n, "bad condition for `%s`: expected a string such as \"== 0\", found %s",
                    what, ytype_name(n));
    if (sl_valcond_parse(n->s, out) != 0)
        return lerr(L, n, "bad condition '%s' for `%s`: expected \"<op> <integer>\" with op one "
                    "of == != < <= > >= (e.g. \"== 0\", \"< 0\"), NULL, none or any", n->s, what);
    return 0;
}

/* ---- role conflicts ---- */

enum role { ROLE_ACQUIRE, ROLE_RELEASE, ROLE_TRANSFER, ROLE_BORROW, ROLE_DEALLOC };

static const char *role_phrase(enum role r)
{
    switch (r) {
    case ROLE_ACQUIRE: return "an acquire";
    case ROLE_RELEASE: return "a release";
    case ROLE_TRANSFER: return "a transfer";
    case ROLE_BORROW: return "a `borrow` entry";
    case ROLE_DEALLOC: return "a `deallocators` entry";
    }
    return "?";
}

static void describe_existing(const fnentry *x, enum role r, char *buf, size_t n,
                              const char *res_for_release, int arg_for_release)
{
    switch (r) {
    case ROLE_ACQUIRE:
        snprintf(buf, n, "already acquires resource '%s' at %s:%u:%u", x->rule.acquire->res->name,
                 x->rule.acquire->pos.file, x->rule.acquire->pos.line, x->rule.acquire->pos.col);
        return;
    case ROLE_RELEASE: {
        const sl_release *rel = x->rule.release.v[0];
        for (size_t i = 0; i < x->rule.release.n; i++)
            if (res_for_release && strcmp(x->rule.release.v[i]->res->name, res_for_release) == 0 &&
                x->rule.release.v[i]->arg == arg_for_release)
                rel = x->rule.release.v[i];
        snprintf(buf, n, "already releases resource '%s' (arg %d) at %s:%u:%u", rel->res->name, rel->arg,
                 rel->pos.file, rel->pos.line, rel->pos.col);
        return;
    }
    case ROLE_TRANSFER:
        snprintf(buf, n, "already has a transfer at %s:%u:%u", x->rule.transfer->pos.file,
                 x->rule.transfer->pos.line, x->rule.transfer->pos.col);
        return;
    case ROLE_BORROW:
        snprintf(buf, n, "is already listed under `borrow` at %s:%u:%u", x->borrow_pos.file,
                 x->borrow_pos.line, x->borrow_pos.col);
        return;
    case ROLE_DEALLOC:
        snprintf(buf, n, "is already listed under `deallocators` at %s:%u:%u", x->dealloc_pos.file,
                 x->dealloc_pos.line, x->dealloc_pos.col);
        return;
    }
}

/* Which existing role of x conflicts with a new role `r`?  Returns the
 * conflicting role or -1.  res/arg describe a new release. */
static int conflicting_role(const fnentry *x, enum role r, const sl_resource *res, int arg,
                            bool conditional)
{
    bool has_acq = x->rule.acquire != NULL, has_rel = false;
    bool has_xfer = x->rule.transfer != NULL, has_borrow = x->rule.borrow;
    bool has_dealloc = x->rule.deallocator;
    /* a release conditional on the result (realloc) may come with an
     * acquire; an acquire may come with a borrow (the borrow then speaks of
     * the arguments the acquisition does not write: asprintf) */
    for (size_t i = 0; i < x->rule.release.n; i++)
        has_rel |= r != ROLE_ACQUIRE || !x->rule.release.v[i]->conditional;
    switch (r) {
    case ROLE_ACQUIRE:
        if (has_acq) return ROLE_ACQUIRE;
        if (has_rel) return ROLE_RELEASE;
        return -1;
    case ROLE_RELEASE:
        if (has_acq && !conditional) return ROLE_ACQUIRE;
        if (has_borrow) return ROLE_BORROW;
        for (size_t i = 0; i < x->rule.release.n; i++)
            if (x->rule.release.v[i]->res == res && x->rule.release.v[i]->arg == arg)
                return ROLE_RELEASE;
        return -1;
    case ROLE_TRANSFER:
        if (has_borrow) return ROLE_BORROW;
        if (has_xfer) return ROLE_TRANSFER;
        return -1;
    case ROLE_BORROW:
        if (has_rel) return ROLE_RELEASE;
        if (has_xfer) return ROLE_TRANSFER;
        if (has_dealloc) return ROLE_DEALLOC;
        return -1;
    case ROLE_DEALLOC:
        if (has_borrow) return ROLE_BORROW;
        return -1;
    }
    return -1;
}

static const char *role_rule(enum role a, int b)
{
    if (a == ROLE_ACQUIRE && b == ROLE_ACQUIRE)
        return "a function can acquire only one resource";
    if ((a == ROLE_ACQUIRE && b == ROLE_RELEASE) || (a == ROLE_RELEASE && b == ROLE_ACQUIRE))
        return "a function cannot both acquire and release";
    if (a == ROLE_RELEASE && b == ROLE_RELEASE)
        return "the same release is listed twice";
    if (a == ROLE_TRANSFER && b == ROLE_TRANSFER)
        return "a function can have only one transfer";
    return "a borrowing function keeps no handle and can have no other role";
}

/* Check that function fn (at node n) may take role r; 0 or -1 with the
 * conflict message naming both places. */
static int check_role(loader *L, sl_srcpos at, const char *fn, enum role r,
                      const sl_resource *res, int arg, bool conditional)
{
    for (int i = 0; i < 2; i++) {
        const fnentry *x = table_exact(ltable(L, i), fn);
        if (!x)
            continue;
        int c = conflicting_role(x, r, res, arg, conditional);
        if (c < 0)
            continue;
        char other[640];
        describe_existing(x, (enum role)c, other, sizeof other, res ? res->name : NULL, arg);
        char mine[320];
        if (r == ROLE_ACQUIRE || r == ROLE_RELEASE)
            snprintf(mine, sizeof mine, "%s of resource '%s'", role_phrase(r), res->name);
        else
            snprintf(mine, sizeof mine, "%s", role_phrase(r));
        return lerr_at(L, at, "conflict: '%s' is given here as %s, but it %s; %s", fn, mine,
                    other, role_rule(r, c));
    }
    return 0;
}

/* ---- resources ---- */

static const char *const kind_names[] = {"session", "credential", "connector", "resource",
                                         "memory", NULL};

static int parse_acquire(loader *L, const ynode *n, const char *resname, sl_acquire *a)
{
    memset(a, 0, sizeof *a);
    a->out = -1;
    a->invalid = (sl_valcond){SL_CMP_EQ, 0};
    a->success = (sl_valcond){SL_CMP_EQ, 0};
    const ynode *fn = n;
    char where[320];
    snprintf(where, sizeof where, "in an acquire entry of resource '%s'", resname);
    if (n->type == Y_MAP) {
        static const char *const keys[] = {"fn", "out", "invalid", "success", "valid_on_failure", NULL};
        const ynode *v[5];
        const ynode *k[5];
        int rc = map_fields(L, n, where, keys, v, k);
        if (rc)
            return rc;
        if (!v[0])
            return lerr(L, n, "acquire entry of resource '%s' has no `fn`", resname);
        fn = v[0];
        if (v[1] && (rc = parse_arg_index(L, v[1], "out", &a->out)))
            return rc;
        if (v[2]) {
            if (v[1])
                return lerr(L, k[2], "`invalid` applies to acquisitions that return the handle; "
                            "with `out:` the return value is a status: use `success`");
            if ((rc = parse_cond(L, v[2], "invalid", &a->invalid)))
                return rc;
            if (valcond_is_any(a->invalid))
                return lerr(L, v[2], "`invalid: any` would mean the call always fails");
        }
        if (v[3]) {
            if (!v[1])
                return lerr(L, k[3], "`success` applies to out-parameter acquisitions "
                            "(`out: N`); for a returned handle use `invalid`");
            if ((rc = parse_cond(L, v[3], "success", &a->success)))
                return rc;
            if (valcond_is_none(a->success))
                return lerr(L, v[3], "`success: none` would mean the call never succeeds");
        }
        if (v[4] && (rc = parse_bool(L, v[4], "valid_on_failure", &a->valid_on_failure)))
            return rc;
    } else if (n->type != Y_SCALAR) {
        return lerr(L, n, "acquire entry of resource '%s' must be a mapping or a function "
                    "name, found %s", resname, ytype_name(n));
    }
    int rc = check_fn_name(L, fn, "acquire function", false);
    if (rc)
        return rc;
    a->fn = sl_xstrdup(fn->s);
    a->pos = lpos(L, fn);
    return 0;
}

static int parse_release(loader *L, const ynode *n, const char *resname, sl_release *r)
{
    memset(r, 0, sizeof *r);
    const ynode *fn = n;
    char where[320];
    snprintf(where, sizeof where, "in a release entry of resource '%s'", resname);
    if (n->type == Y_MAP) {
        static const char *const keys[] = {"fn", "arg", "when", NULL};
        const ynode *v[3];
        int rc = map_fields(L, n, where, keys, v, NULL);
        if (rc)
            return rc;
        if (!v[0])
            return lerr(L, n, "release entry of resource '%s' has no `fn`", resname);
        fn = v[0];
        if (v[1] && (rc = parse_arg_index(L, v[1], "arg", &r->arg)))
            return rc;
        if (v[2]) {
            if ((rc = parse_cond(L, v[2], "when", &r->when)))
                return rc;
            if (valcond_is_none(r->when) || valcond_is_any(r->when))
                return lerr(L, v[2], "`when: %s` says nothing about the result: leave `when` "
                            "out for a release that always happens", v[2]->s);
            r->conditional = true;
        }
    } else if (n->type != Y_SCALAR) {
        return lerr(L, n, "release entry of resource '%s' must be a mapping or a function "
                    "name, found %s", resname, ytype_name(n));
    }
    int rc = check_fn_name(L, fn, "release function", false);
    if (rc)
        return rc;
    r->fn = sl_xstrdup(fn->s);
    r->pos = lpos(L, fn);
    return 0;
}

static bool valid_resource_name(const char *s)
{
    if (!*s || strlen(s) > SL_RULES_MAX_NAME)
        return false;
    for (; *s; s++)
        if (!(is_ident_char(*s) || *s == '.' || *s == '-') || *s == '$' || *s == ':')
            return false;
    return true;
}

static int parse_resource(loader *L, const ynode *key, const ynode *val)
{
    if (key->type != Y_SCALAR)
        return lerr(L, key, "resource name must be a scalar, found %s", ytype_name(key));
    const char *name = key->s;
    if (!valid_resource_name(name))
        return lerr(L, key, "bad resource name '%s': use letters, digits, '.', '_' and '-'", name);
    for (int i = 0; i < 2; i++) {
        const struct sl_fnrule_table *t = ltable(L, i);
        const sl_resource *old = t ? strmap_get(&t->resources, name) : NULL;
        if (old)
            return lerr(L, key, "duplicate resource '%s': already defined at %s:%u:%u", name,
                        old->pos.file, old->pos.line, old->pos.col);
    }
    char what[320];
    snprintf(what, sizeof what, "resource '%s'", name);
    int rc = want(L, val, Y_MAP, what);
    if (rc)
        return rc;
    char where[320];
    snprintf(where, sizeof where, "in resource '%s'", name);
    static const char *const keys[] = {"kind", "acquire", "release", NULL};
    const ynode *v[3];
    if ((rc = map_fields(L, val, where, keys, v, NULL)))
        return rc;

    sl_kind kind = SL_KIND_RESOURCE;
    if (v[0]) {
        if ((rc = want(L, v[0], Y_SCALAR, "`kind`")))
            return rc;
        size_t k = 0;
        while (kind_names[k] && strcmp(kind_names[k], v[0]->s) != 0)
            k++;
        if (!kind_names[k]) {
            char hint[96];
            return lerr(L, v[0], "unknown kind '%s' for resource '%s'%s (allowed kinds: session, "
                        "credential, connector, resource, memory)", v[0]->s, name,
                        suggest(v[0]->s, kind_names, hint, sizeof hint));
        }
        kind = (sl_kind)k;
    }
    for (int which = 1; which <= 2; which++) {
        const char *field = which == 1 ? "acquire" : "release";
        if (!v[which] || ynull(v[which]) || (v[which]->type == Y_SEQ && v[which]->kids.n == 0))
            return lerr(L, key, "resource '%s' has no %s entries (every resource needs at least "
                        "one `acquire` and one `release`)", name, field);
    }

    sl_resource *r = sl_xcalloc(1, sizeof *r);
    r->name = sl_xstrdup(name);
    r->library = sl_xstrdup(L->library);
    r->kind = kind;
    r->pos = lpos(L, key);
    /* A single entry may be written without the list. */
    for (int which = 1; which <= 2 && !rc; which++) {
        const ynode *list = v[which];
        size_t count = list->type == Y_SEQ ? list->kids.n : 1;
        for (size_t i = 0; i < count && !rc; i++) {
            const ynode *item = list->type == Y_SEQ ? list->kids.v[i] : list;
            if (which == 1) {
                sl_acquire a;
                if (!(rc = parse_acquire(L, item, name, &a))) {
                    a.res = r;
                    SL_VEC_PUSH(r->acquire, a);
                }
            } else {
                sl_release rel;
                if (!(rc = parse_release(L, item, name, &rel))) {
                    rel.res = r;
                    SL_VEC_PUSH(r->release, rel);
                }
            }
        }
    }
    if (rc) {
        resource_free(r);
        return rc;
    }
    /* The resource is complete: its entry arrays no longer move, so lookup
     * entries may point into them. */
    SL_VEC_PUSH(L->tmp.resources, r);
    strmap_put(&L->tmp.table->resources, r->name, r);
    for (size_t i = 0; i < r->acquire.n; i++) {
        sl_acquire *a = &r->acquire.v[i];
        if ((rc = check_role(L, a->pos, a->fn, ROLE_ACQUIRE, r, -1, false)))
            return rc;
        table_get_or_add(L->tmp.table, a->fn, false)->rule.acquire = a;
    }
    for (size_t i = 0; i < r->release.n; i++) {
        sl_release *rel = &r->release.v[i];
        if ((rc = check_role(L, rel->pos, rel->fn, ROLE_RELEASE, r, rel->arg,
                              rel->conditional)))
            return rc;
        fnentry *e = table_get_or_add(L->tmp.table, rel->fn, false);
        SL_VEC_PUSH(e->rule.release, rel);
    }
    return 0;
}

/* ---- transfers ---- */

static bool same_transfer(const sl_transfer *a, const sl_transfer *b)
{
    if (a->to != b->to || a->args.n != b->args.n)
        return false;
    for (size_t i = 0; i < a->args.n; i++) {
        bool found = false;
        for (size_t j = 0; j < b->args.n; j++)
            found |= a->args.v[i] == b->args.v[j];
        if (!found)
            return false;
    }
    return true;
}

static int parse_transfer(loader *L, const ynode *n)
{
    if (n->type != Y_MAP)
        return lerr(L, n, "transfer entry must be a mapping {fn, args, to}, found %s",
                    ytype_name(n));
    static const char *const keys[] = {"fn", "args", "to", NULL};
    const ynode *v[3];
    int rc = map_fields(L, n, "in a transfer", keys, v, NULL);
    if (rc)
        return rc;
    if (!v[0])
        return lerr(L, n, "transfer has no `fn`");
    if ((rc = check_fn_name(L, v[0], "transfer function", false)))
        return rc;
    if (!v[1])
        return lerr(L, n, "transfer of '%s' has no `args` (the arguments whose ownership moves)",
                    v[0]->s);
    if (!v[2])
        return lerr(L, n, "transfer of '%s' has no `to` (an argument index, `return` or `escape`)",
                    v[0]->s);
    if ((rc = want(L, v[1], Y_SEQ, "`args`")))
        return rc;
    if (v[1]->kids.n == 0)
        return lerr(L, v[1], "transfer of '%s' has an empty `args` list", v[0]->s);
    sl_transfer *t = sl_xcalloc(1, sizeof *t);
    t->to = -1;
    const ynode *to = v[2];
    if (to->type == Y_SCALAR && (strcmp(to->s, "return") == 0 || strcmp(to->s, "escape") == 0))
        t->to = -1;
    else if ((rc = parse_arg_index(L, to, "to", &t->to)))
        goto fail;
    for (size_t i = 0; i < v[1]->kids.n; i++) {
        const ynode *an = v[1]->kids.v[i];
        int arg;
        if ((rc = parse_arg_index(L, an, "args", &arg)))
            goto fail;
        if (arg == t->to) {
            rc = lerr(L, an, "transfer of '%s' moves argument %d to itself", v[0]->s, arg);
            goto fail;
        }
        for (size_t j = 0; j < t->args.n; j++) {
            if (t->args.v[j] == arg) {
                rc = lerr(L, an, "argument %d is listed twice in the transfer of '%s'", arg,
                          v[0]->s);
                goto fail;
            }
        }
        SL_VEC_PUSH(t->args, arg);
    }
    t->fn = sl_xstrdup(v[0]->s);
    t->pos = lpos(L, v[0]);
    /* The same transfer declared again (another file describing the same
     * API) is harmless; a different one is a conflict. */
    for (int i = 0; i < 2; i++) {
        const fnentry *x = table_exact(ltable(L, i), t->fn);
        if (x && x->rule.transfer && same_transfer(x->rule.transfer, t)) {
            transfer_free(t);
            return 0;
        }
    }
    if ((rc = check_role(L, t->pos, t->fn, ROLE_TRANSFER, NULL, -1, false)))
        goto fail;
    SL_VEC_PUSH(L->tmp.transfers, t);
    table_get_or_add(L->tmp.table, t->fn, false)->rule.transfer = t;
    return 0;
fail:
    transfer_free(t);
    return rc;
}

/* ---- borrow / deallocators ---- */

static int parse_name_list(loader *L, const ynode *list, bool dealloc)
{
    const char *field = dealloc ? "deallocators" : "borrow";
    if (ynull(list))
        return 0;
    char what[64];
    snprintf(what, sizeof what, "`%s`", field);
    int rc = want(L, list, Y_SEQ, what);
    if (rc)
        return rc;
    for (size_t i = 0; i < list->kids.n; i++) {
        const ynode *n = list->kids.v[i];
        snprintf(what, sizeof what, "`%s` entry", field);
        if ((rc = check_fn_name(L, n, what, true)))
            return rc;
        bool pattern = n->s[strlen(n->s) - 1] == '*';
        if (!pattern && (rc = check_role(L, lpos(L, n), n->s, dealloc ? ROLE_DEALLOC : ROLE_BORROW,
                                                    NULL, -1, false)))
            return rc;
        fnentry *e = table_get_or_add(L->tmp.table, n->s, pattern);
        if (dealloc && !e->rule.deallocator) {
            e->rule.deallocator = true;
            e->dealloc_pos = lpos(L, n);
        } else if (!dealloc && !e->rule.borrow) {
            e->rule.borrow = true;
            e->borrow_pos = lpos(L, n);
        }
    }
    return 0;
}

/* ---- files ---- */

static int load_one(loader *L, const char *path, const ynode *from);

static int load_includes(loader *L, const ynode *list)
{
    if (ynull(list))
        return 0;
    if (list->type != Y_SEQ && list->type != Y_SCALAR)
        return want(L, list, Y_SEQ, "`include`");
    char *dir = sl_path_dirname(L->file);
    size_t count = list->type == Y_SEQ ? list->kids.n : 1;
    int rc = 0;
    for (size_t i = 0; i < count && !rc; i++) {
        const ynode *n = list->type == Y_SEQ ? list->kids.v[i] : list;
        if ((rc = want(L, n, Y_SCALAR, "`include` entry")))
            break;
        if (!*n->s) {
            rc = lerr(L, n, "`include` entry is empty");
            break;
        }
        /* Relative to the including file; a file named without a directory
         * keeps its includes without a "./" in front. */
        char *path = strchr(L->file, '/') ? sl_path_join(dir, n->s) : sl_xstrdup(n->s);
        const char *file = L->file, *library = L->library;
        rc = load_one(L, path, n);
        L->file = file;
        L->library = library;
        free(path);
    }
    free(dir);
    return rc;
}

/* `report: [leak.exception]`: opt-in findings the file turns on. */
static int parse_report(loader *L, const ynode *val)
{
    int rc = want(L, val, Y_SEQ, "`report`");
    for (size_t i = 0; !rc && i < val->kids.n; i++) {
        const ynode *n = val->kids.v[i];
        if ((rc = want(L, n, Y_SCALAR, "an entry of `report`")))
            break;
        if (strcmp(n->s, "leak.exception") != 0)
            return lerr(L, n, "unknown opt-in finding '%s' in `report` (known: leak.exception)",
                        n->s);
        L->tmp.report_exception = true;
    }
    return rc;
}

static int load_doc(loader *L, const ydoc *d)
{
    const ynode *root = d->root;
    if (!root || ynull(root))
        return lerr(L, NULL, "empty rule file: the required key `library` is missing");
    int rc = want(L, root, Y_MAP, "the top level of a rule file");
    if (rc)
        return rc;
    static const char *const keys[] = {"library", "resources", "transfers", "borrow",
                                       "deallocators", "include", "report", NULL};
    const ynode *v[7];
    if ((rc = map_fields(L, root, "at the top level", keys, v, NULL)))
        return rc;
    if (!v[0])
        return lerr(L, root, "missing required key `library` (the library these rules describe)");
    if ((rc = want(L, v[0], Y_SCALAR, "`library`")))
        return rc;
    if (!*v[0]->s)
        return lerr(L, v[0], "`library` is empty");
    L->library = v[0]->s;

    /* Definitions in document order, includes last. */
    for (size_t i = 0; i + 1 < root->kids.n; i += 2) {
        const char *k = root->kids.v[i]->s;
        const ynode *val = root->kids.v[i + 1];
        if (strcmp(k, "resources") == 0) {
            if (ynull(val))
                continue;
            if ((rc = want(L, val, Y_MAP, "`resources`")))
                return rc;
            for (size_t j = 0; j + 1 < val->kids.n; j += 2)
                if ((rc = parse_resource(L, val->kids.v[j], val->kids.v[j + 1])))
                    return rc;
        } else if (strcmp(k, "transfers") == 0) {
            if (ynull(val))
                continue;
            if ((rc = want(L, val, Y_SEQ, "`transfers`")))
                return rc;
            for (size_t j = 0; j < val->kids.n; j++)
                if ((rc = parse_transfer(L, val->kids.v[j])))
                    return rc;
        } else if (strcmp(k, "borrow") == 0 || strcmp(k, "deallocators") == 0) {
            if ((rc = parse_name_list(L, val, k[0] == 'd')))
                return rc;
        } else if (strcmp(k, "report") == 0 && (rc = parse_report(L, val))) {
            return rc;
        }
    }
    return v[5] ? load_includes(L, v[5]) : 0;
}

static bool file_known(const loader *L, const char *abs)
{
    for (int i = 0; i < 2; i++) {
        const struct sl_fnrule_table *t = ltable(L, i);
        if (t && strmap_get(&t->files, abs))
            return true;
    }
    return false;
}

/* Parse and load the text of file `path` (absolute path abs, which this
 * takes over) into L->tmp. */
static int load_text(loader *L, const char *path, char *abs, const char *buf, size_t len)
{
    ydoc d;
    if (ydoc_parse(&d, path, buf, len, L->err) != 0) {
        free(abs);
        return -1;
    }
    /* Register the file; its display name is the interned file name of
     * every position in it. */
    struct sl_fnrule_table *t = L->tmp.table;
    char *disp = sl_xstrdup(path);
    SL_VEC_PUSH(L->tmp.files, disp);
    SL_VEC_PUSH(t->abspaths, abs);
    filehash fh;
    sl_sha256 c;
    sl_sha256_init(&c);
    sl_sha256_update(&c, buf, len);
    sl_sha256_final(&c, fh.sha);
    SL_VEC_PUSH(t->hashes, fh);
    strmap_put(&t->files, abs, (void *)(uintptr_t)L->tmp.files.n);

    SL_VEC_PUSH(L->stack_abs, abs);
    SL_VEC_PUSH(L->stack_disp, disp);
    L->file = disp;
    L->library = NULL;
    int rc = load_doc(L, &d);
    L->stack_abs.n--;
    L->stack_disp.n--;
    ydoc_free(&d);
    return rc;
}

/* Load path into L->tmp.  from: the include entry naming it, or NULL for a
 * file named by the caller. */
static int load_one(loader *L, const char *path, const ynode *from)
{
    char *abs = sl_path_absolute(path);
    for (size_t i = 0; i < L->stack_abs.n; i++) {
        if (strcmp(L->stack_abs.v[i], abs) != 0)
            continue;
        free(abs);
        if (i + 1 == L->stack_abs.n)
            return lerr(L, from, "'%s' includes itself", L->file);
        sl_strbuf chain = {0};
        for (size_t j = i; j < L->stack_disp.n; j++)
            sl_strbuf_printf(&chain, "%s -> ", L->stack_disp.v[j]);
        sl_strbuf_puts(&chain, path);
        int rc = lerr(L, from, "include cycle: %s", chain.s);
        sl_strbuf_release(&chain);
        return rc;
    }
    if (file_known(L, abs)) {
        /* Already loaded (a shared include, or named twice): once is enough. */
        free(abs);
        return 0;
    }
    if (L->stack_abs.n >= SL_RULES_MAX_INCLUDE) {
        free(abs);
        return lerr(L, from, "includes nested deeper than %d files", SL_RULES_MAX_INCLUDE);
    }
    sl_error rerr;
    size_t len = 0;
    char *buf = NULL;
    struct stat st;
    if (stat(path, &st) != 0)
        sl_error_set(&rerr, "%s: cannot open: %s", path, strerror(errno));
    else if (S_ISDIR(st.st_mode))
        sl_error_set(&rerr, "%s: is a directory, not a rule file", path);
    else if (!S_ISREG(st.st_mode))
        sl_error_set(&rerr, "%s: not a regular file", path);
    else if (st.st_size > SL_RULES_MAX_FILE)
        sl_error_set(&rerr, "%s: too large for a rule file (%lld bytes; the limit is %ld)", path,
                     (long long)st.st_size, SL_RULES_MAX_FILE);
    else
        buf = sl_read_file(path, &len, &rerr);
    if (!buf) {
        free(abs);
        if (from)
            return lerr(L, from, "cannot read included file: %s", rerr.msg);
        return sl_error_set(L->err, "%s", rerr.msg);
    }
    int rc = load_text(L, path, abs, buf, len);
    free(buf);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **sl_rules_list_dir(const char *path, size_t *n, sl_error *err)
{
    *n = 0;
    DIR *dir = opendir(path);
    if (!dir) {
        sl_error_set(err, "%s: cannot open directory: %s", path, strerror(errno));
        return NULL;
    }
    SL_VEC(char *) names = {0};
    struct dirent *de;
    while ((de = readdir(dir)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        if (!sl_str_ends_with(de->d_name, ".yaml") && !sl_str_ends_with(de->d_name, ".yml"))
            continue;
        char *full = sl_path_join(path, de->d_name);
        struct stat st;
        if (stat(full, &st) == 0 && S_ISREG(st.st_mode))
            SL_VEC_PUSH(names, full);
        else
            free(full);
    }
    closedir(dir);
    if (names.n)
        qsort(names.v, names.n, sizeof *names.v, cmp_str);
    SL_VEC_PUSH(names, NULL);
    *n = names.n - 1;
    return names.v;
}

/* A file, or every rule file in a directory. */
static int load_any(loader *L, const char *path)
{
    if (!sl_path_is_dir(path))
        return load_one(L, path, NULL);
    size_t n;
    char **names = sl_rules_list_dir(path, &n, L->err);
    if (!names)
        return -1;
    int rc = 0;
    if (n == 0)
        rc = sl_error_set(L->err, "%s: no rule files (*.yaml, *.yml) in this directory", path);
    for (size_t i = 0; i < n && !rc; i++)
        rc = load_one(L, names[i], NULL);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

int sl_rules_load_file(sl_ruleset *rs, const char *path, sl_error *err)
{
    loader L;
    loader_init(&L, rs, err);
    if (load_one(&L, path, NULL) != 0) {
        loader_abort(&L);
        return -1;
    }
    loader_commit(&L, rs);
    return 0;
}

int sl_rules_load_buffer(sl_ruleset *rs, const char *name, const char *buf, size_t len,
                         sl_error *err)
{
    loader L;
    loader_init(&L, rs, err);
    char *abs = sl_path_absolute(name);
    if (file_known(&L, abs)) {
        free(abs);
        loader_abort(&L);
        return 0;
    }
    if (load_text(&L, name, abs, buf, len) != 0) {
        loader_abort(&L);
        return -1;
    }
    loader_commit(&L, rs);
    return 0;
}

int sl_rules_load_path(sl_ruleset *rs, const char *path, sl_error *err)
{
    loader L;
    loader_init(&L, rs, err);
    if (load_any(&L, path) != 0) {
        loader_abort(&L);
        return -1;
    }
    loader_commit(&L, rs);
    return 0;
}

int sl_rules_load_all(sl_ruleset *rs, const char *argv0, bool builtin,
                      const char *const *paths, size_t npaths, sl_error *err)
{
    loader L;
    loader_init(&L, rs, err);
    int rc = 0;
    if (builtin) {
        char *dir = sl_rules_builtin_dir(argv0, err);
        if (!dir)
            rc = -1;
        else
            rc = load_any(&L, dir);
        free(dir);
    }
    for (size_t i = 0; i < npaths && !rc; i++)
        rc = load_any(&L, paths[i]);
    if (rc) {
        loader_abort(&L);
        return -1;
    }
    loader_commit(&L, rs);
    return 0;
}

/* ------------------------------------------------------------------ */
/* Built-in rules directory */

/* The running executable: /proc/self/exe, else argv0 (a path, or a name
 * searched in $PATH).  Returns owned or NULL. */
static char *find_exe(const char *argv0)
{
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n > 0) {
        buf[n] = 0;
        return sl_xstrdup(buf);
    }
    if (!argv0 || !*argv0)
        return NULL;
    if (strchr(argv0, '/'))
        return sl_path_absolute(argv0);
    const char *path = getenv("PATH");
    if (!path)
        return NULL;
    while (*path) {
        const char *colon = strchr(path, ':');
        size_t len = colon ? (size_t)(colon - path) : strlen(path);
        char *dir = len ? sl_xstrndup(path, len) : sl_xstrdup(".");
        char *cand = sl_path_join(dir, argv0);
        free(dir);
        if (access(cand, X_OK) == 0) {
            char *abs = sl_path_absolute(cand);
            free(cand);
            return abs;
        }
        free(cand);
        path += len;
        if (*path == ':')
            path++;
    }
    return NULL;
}

char *sl_rules_builtin_dir(const char *argv0, sl_error *err)
{
    const char *env = getenv("SESSLINT_RULES_DIR");
    if (env && *env) {
        if (!sl_path_is_dir(env)) {
            sl_error_set(err, "SESSLINT_RULES_DIR=%s: not a directory", env);
            return NULL;
        }
        return sl_path_absolute(env);
    }
    char *tried = NULL;
    char *exe = find_exe(argv0);
    if (exe) {
        char *dir = sl_path_dirname(exe);
        char *rel = sl_path_join(dir, "../share/sesslint/rules");
        char *cand = sl_path_absolute(rel);
        free(rel);
        free(dir);
        free(exe);
        if (sl_path_is_dir(cand))
            return cand;
        tried = cand;
    }
#ifdef SESSLINT_SOURCE_RULES_DIR
    if (sl_path_is_dir(SESSLINT_SOURCE_RULES_DIR)) {
        free(tried);
        return sl_xstrdup(SESSLINT_SOURCE_RULES_DIR);
    }
    sl_error_set(err, "built-in rules not found (looked in %s and %s); set SESSLINT_RULES_DIR "
                 "or use --no-builtin-rules", tried ? tried : "<executable not found>",
                 SESSLINT_SOURCE_RULES_DIR);
#else
    sl_error_set(err, "built-in rules not found (looked in %s); set SESSLINT_RULES_DIR or use "
                 "--no-builtin-rules", tried ? tried : "<executable not found>");
#endif
    free(tried);
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Opt-in rule sets                                                    */

/* The directory of the opt-in sets (owned), or NULL with err set. */
static char *optional_dir(const char *argv0, sl_error *err)
{
    char *dir = sl_rules_builtin_dir(argv0, err);
    if (!dir)
        return NULL;
    char *opt = sl_path_join(dir, "optional");
    free(dir);
    return opt;
}

char *sl_rules_optional_names(const char *argv0)
{
    sl_error err = {{0}};
    char *dir = optional_dir(argv0, &err);
    size_t n = 0;
    char **files = dir && sl_path_is_dir(dir) ? sl_rules_list_dir(dir, &n, &err) : NULL;
    sl_strbuf b = {0};
    for (size_t i = 0; i < n; i++) {
        const char *base = strrchr(files[i], '/');
        base = base ? base + 1 : files[i];
        size_t len = strlen(base) - (sl_str_ends_with(base, ".yml") ? 4 : 5);
        sl_strbuf_printf(&b, "%s%.*s", i ? ", " : "", (int)len, base);
    }
    for (size_t i = 0; i < n; i++)
        free(files[i]);
    free(files);
    free(dir);
    return b.s ? b.s : sl_xstrdup("none");
}

char *sl_rules_optional_path(const char *argv0, const char *name, sl_error *err)
{
    bool ok = *name != 0;
    for (const char *p = name; *p && ok; p++)
        ok = is_ident_char(*p) || *p == '-';
    char *dir = ok ? optional_dir(argv0, err) : NULL;
    if (ok && !dir)
        return NULL;
    char *path = NULL;
    for (int i = 0; ok && i < 2 && !path; i++) {
        char *base = sl_xasprintf("%s%s", name, i ? ".yml" : ".yaml");
        char *cand = sl_path_join(dir, base);
        struct stat st;
        if (stat(cand, &st) == 0 && S_ISREG(st.st_mode))
            path = cand;
        else
            free(cand);
        free(base);
    }
    free(dir);
    if (!path) {
        char *names = sl_rules_optional_names(argv0);
        sl_error_set(err, "unknown rule set '%s' for --enable (available: %s)", name, names);
        free(names);
    }
    return path;
}

sl_valcond sl_resource_invalid(const sl_resource *res)
{
    for (size_t i = 0; res && i < res->acquire.n; i++)
        if (res->acquire.v[i].out < 0)
            return res->acquire.v[i].invalid;
    return (sl_valcond){SL_CMP_EQ, 0};
}
