/* infer: see infer.h. */
#include "infer.h"

#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- names ------------------------------------------------------------ */

#define SL_MAX_WORDS 12
#define SL_WORD_LEN 32

typedef struct sl_words {
    int n;
    char w[SL_MAX_WORDS][SL_WORD_LEN];
} sl_words;

/* Split a C name into lower-case words at underscores and at CamelCase
 * boundaries ("XMLParserNew": xml, parser, new).  Words past the limits
 * are dropped or cut. */
static void sl_split_words(const char *name, sl_words *out)
{
    out->n = 0;
    size_t len = 0;
    for (const char *p = name;; p++) {
        bool boundary = !*p || *p == '_' || !isalnum((unsigned char)*p);
        if (!boundary && len > 0 && isupper((unsigned char)*p) &&
            (islower((unsigned char)p[-1]) || isdigit((unsigned char)p[-1]) ||
             (isupper((unsigned char)p[-1]) && islower((unsigned char)p[1]))))
            boundary = true;
        if (boundary && len > 0) {
            out->w[out->n][len < SL_WORD_LEN ? len : SL_WORD_LEN - 1] = 0;
            if (++out->n == SL_MAX_WORDS)
                return;
            len = 0;
        }
        if (!*p)
            return;
        if (isalnum((unsigned char)*p)) {
            if (len < SL_WORD_LEN - 1)
                out->w[out->n][len] = (char)tolower((unsigned char)*p);
            len++;
        }
    }
}

static bool sl_word_in(const char *w, const char *const *set)
{
    /* the first letter first: the frontend asks about every declaration */
    for (; *set; set++)
        if (w[0] == (*set)[0] && !strcmp(w, *set))
            return true;
    return false;
}

static const char *const sl_ctor_words[] = {
    "new", "create", "open", "init", "initialize", "connect", "alloc", "allocate",
    "dup", "copy", "clone", "compile", "acquire", "start", NULL};
/* destructors that free the object */
static const char *const sl_dtor_words[] = {
    "free", "destroy", "release", "delete", "del", "deinit", "cleanup", "dispose", "unref",
    "put", NULL};
/* destructors that end the object's use: the only release of a type that
 * has no destructor of the list above, else a shutdown that leaves the
 * object to be freed (nl_close and nl_socket_free, sd_bus_close and
 * sd_bus_unref, ssh_disconnect and ssh_free) */
static const char *const sl_end_words[] = {
    "close", "disconnect", "term", "finish", "stop", "end", "exit", NULL};
/* words that make a would-be constructor a getter, a reference count or a
 * singleton: what it returns is borrowed */
static const char *const sl_borrow_words[] = {
    "get", "ref", "default", "instance", "global", "shared", "singleton", "current",
    "peek", "find", "lookup", NULL};
/* words of accessors, which never destroy (sd_bus_set_exit_on_disconnect) */
static const char *const sl_accessor_words[] = {"get", "set", NULL};

typedef enum { SL_ROLE_NONE, SL_ROLE_CTOR, SL_ROLE_DTOR } sl_role;

static bool sl_all_digits(const char *w)
{
    if (!*w)
        return false;
    for (; *w; w++)
        if (!isdigit((unsigned char)*w))
            return false;
    return true;
}

/* The words of a name, less a last word of digits only (pcre2's code unit
 * width: pcre2_code_free_8). */
static void sl_name_words(const char *name, sl_words *ws)
{
    sl_split_words(name, ws);
    if (ws->n > 2 && sl_all_digits(ws->w[ws->n - 1]))
        ws->n--;
}

static bool sl_dtor_word(const char *w)
{
    return sl_word_in(w, sl_dtor_words) || sl_word_in(w, sl_end_words);
}

/* Do the words ws[from..] all appear among the words of type (its tag)? */
static bool sl_words_name_type(const sl_words *ws, int from, const char *type)
{
    sl_words tw;
    sl_split_words(type, &tw);
    if (from >= ws->n)
        return false;
    for (int i = from; i < ws->n; i++) {
        bool found = false;
        for (int k = 0; k < tw.n && !found; k++)
            found = !strcmp(ws->w[i], tw.w[k]);
        if (!found)
            return false;
    }
    return true;
}

/* How a name makes a destructor (sl_name_role). */
typedef struct sl_dtor_how {
    bool end; /* only by sl_end_words words: releases if nothing frees */
    bool mid; /* only by its second word, the words after which do not name
               * the type: releases if a constructor has the same words
               * after its own second word (ZSTD_createCStream) */
} sl_dtor_how;

/* What the name says the function is.  A name with an accessor word is
 * neither; one with a borrow word is no constructor.  A constructor word
 * counts anywhere (pcap_open_live, udev_device_new_from_syspath), a
 * destructor word first or last, or second (the PREFIX_verbObject style:
 * ZSTD_freeCCtx), which *how tells, with whether the words after it name
 * type (the handle type's tag: ZSTD_CCtx_s; NULL: they do).  `put` (a
 * reference dropped: json_object_put, nl_object_put) counts only for a
 * function of one parameter (nparams; -1: unknown). */
static sl_role sl_name_role(const char *name, const char *type, int nparams,
                            sl_dtor_how *how)
{
    sl_words ws;
    sl_name_words(name, &ws);
    memset(how, 0, sizeof *how);
    if (ws.n < 2)
        return SL_ROLE_NONE; /* "free", "open": the C library's, not an API's */
    for (int i = 0; i < ws.n; i++)
        if (sl_word_in(ws.w[i], sl_accessor_words))
            return SL_ROLE_NONE;
    const char *pos[3] = {ws.w[0], ws.w[ws.n - 1], ws.n > 2 ? ws.w[1] : NULL};
    bool dtor = false, strong = false, edge = false;
    for (int i = 0; i < 3; i++) {
        const char *w = pos[i];
        if (!w || !sl_dtor_word(w) || (!strcmp(w, "put") && nparams > 1))
            continue;
        dtor = true;
        strong |= sl_word_in(w, sl_dtor_words);
        edge |= i < 2;
    }
    if (dtor) {
        how->end = !strong;
        how->mid = !edge && type && !sl_words_name_type(&ws, 2, type);
        return SL_ROLE_DTOR;
    }
    bool ctor = false;
    for (int i = 0; i < ws.n; i++) {
        /* a function of no arguments opens nothing it is not told of:
         * "open" inside its name is a brand (UI_OpenSSL(), DH_OpenSSL()
         * return static methods); as its last word it still creates
         * (ZSTD_createCCtx(), BN_new() are constructors) */
        if (nparams == 0 && i != ws.n - 1 && !strcmp(ws.w[i], "open"))
            continue;
        ctor |= sl_word_in(ws.w[i], sl_ctor_words);
        if (sl_word_in(ws.w[i], sl_borrow_words))
            return SL_ROLE_NONE;
    }
    return ctor ? SL_ROLE_CTOR : SL_ROLE_NONE;
}

#define SL_NAME_MEMO 16384 /* slots, a power of two */
typedef struct sl_name_memo_entry {
    uint64_t hash; /* 0: empty */
    uint32_t len;
    bool yes;
} sl_name_memo_entry;
static sl_name_memo_entry sl_name_memo[SL_NAME_MEMO];
static size_t sl_name_memo_n;
static pthread_mutex_t sl_name_memo_lock = PTHREAD_MUTEX_INITIALIZER;

bool sl_infer_name_candidate(const char *name)
{
    if (!name)
        return false;
    /* one word ("memcpy", "strlen") is never a candidate: look for a word
     * boundary before splitting (most declarations a TU sees are such) */
    bool two = false;
    for (const char *p = name; *p && !two; p++)
        two = *p == '_' || (p > name && *p >= 'A' && *p <= 'Z' &&
                            ((p[-1] >= 'a' && p[-1] <= 'z') || (p[-1] >= '0' && p[-1] <= '9') ||
                             (p[1] >= 'a' && p[1] <= 'z')));
    if (!two)
        return false;
    /* Every TU of a project includes the same headers: remember the answer
     * for each name this process has seen (64-bit hash and length; no
     * allocation, bounded, shared by the parse threads under a lock). */
    uint64_t h = 1469598103934665603ull;
    size_t len = 0;
    for (const char *p = name; *p; p++, len++)
        h = (h ^ (unsigned char)*p) * 1099511628211ull;
    h |= 1; /* 0 marks an empty slot */
    size_t mask = SL_NAME_MEMO - 1, i = (size_t)(h >> 17) & mask;
    pthread_mutex_lock(&sl_name_memo_lock);
    for (;; i = (i + 1) & mask) {
        if (sl_name_memo[i].hash == 0)
            break;
        if (sl_name_memo[i].hash == h && sl_name_memo[i].len == len) {
            bool yes = sl_name_memo[i].yes;
            pthread_mutex_unlock(&sl_name_memo_lock);
            return yes;
        }
    }
    pthread_mutex_unlock(&sl_name_memo_lock);
    sl_dtor_how how;
    bool yes = sl_name_role(name, NULL, -1, &how) != SL_ROLE_NONE;
    pthread_mutex_lock(&sl_name_memo_lock);
    if (sl_name_memo_n < SL_NAME_MEMO / 4 * 3) {
        for (i = (size_t)(h >> 17) & mask; sl_name_memo[i].hash && sl_name_memo[i].hash != h;
             i = (i + 1) & mask)
            ;
        if (!sl_name_memo[i].hash) {
            sl_name_memo[i] = (sl_name_memo_entry){h, (uint32_t)len, yes};
            sl_name_memo_n++;
        }
    }
    pthread_mutex_unlock(&sl_name_memo_lock);
    return yes;
}

/* The kind a handle type and its constructor's name suggest. */
static sl_kind sl_guess_kind(const char *type, const char *fn)
{
    static const char *const cred[] = {"cred", "creds", "credential", "credentials", "key",
                                       "keys", "cert", "certs", "certificate", "token",
                                       "auth", "secret", "keytab", "password", "privkey",
                                       "pkey", NULL};
    static const char *const sess[] = {"session", "sess", "channel", "stream", "tls", "ssl",
                                       NULL};
    static const char *const conn[] = {"conn", "connection", "client", "bus", "socket", "sock",
                                       NULL};
    const char *names[2] = {type, fn};
    for (int k = 0; k < 2; k++) {
        sl_words ws;
        sl_split_words(names[k], &ws);
        for (int i = 0; i < ws.n; i++)
            if (sl_word_in(ws.w[i], cred))
                return SL_KIND_CREDENTIAL;
        for (int i = 0; i < ws.n; i++)
            if (sl_word_in(ws.w[i], sess))
                return SL_KIND_SESSION;
        for (int i = 0; i < ws.n; i++)
            if (sl_word_in(ws.w[i], conn))
                return SL_KIND_CONNECTOR;
    }
    return SL_KIND_RESOURCE;
}

/* The library an inferred file describes: the header's path below its
 * last include directory ("gnutls/gnutls.h"), else its base name. */
static char *sl_header_library(const char *file)
{
    const char *p = !strncmp(file, "include/", 8) ? file + 8 : NULL;
    for (const char *q = file; (q = strstr(q, "/include/")); q++)
        p = q + strlen("/include/");
    if (!p) {
        p = strrchr(file, '/');
        p = p ? p + 1 : file;
    }
    return sl_xstrdup(*p ? p : "unknown header");
}

/* The type's name without "struct " / "union ". */
static const char *sl_type_tag(const char *type)
{
    if (!strncmp(type, "struct ", 7))
        return type + 7;
    if (!strncmp(type, "union ", 6))
        return type + 6;
    return type;
}

static size_t sl_common_prefix(const char *a, const char *b)
{
    size_t n = 0;
    while (a[n] && a[n] == b[n])
        n++;
    return n;
}

/* ---- pairing ----------------------------------------------------------- */

typedef struct sl_cand {
    const sl_decl *d;
    size_t order;     /* index among the declarations given */
    sl_role role;
    const char *type; /* the handle type it makes or takes */
    int out;          /* constructor: -1 returned, else the T ** argument */
    sl_dtor_how how;  /* destructor: how its name makes it one */
} sl_cand;

static int sl_cmp_cand(const void *a, const void *b)
{
    const sl_cand *x = a, *y = b;
    int c = strcmp(x->type, y->type);
    if (!c)
        c = (int)x->role - (int)y->role;
    if (!c)
        c = strcmp(x->d->name, y->d->name);
    return c;
}

static int sl_cmp_cand_name(const void *a, const void *b)
{
    const sl_cand *x = a, *y = b;
    int c = strcmp(x->d->name, y->d->name);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

static int sl_cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int sl_cmp_file(const void *a, const void *b)
{
    const sl_inferred_file *x = a, *y = b;
    return strcmp(x->library, y->library);
}

/* What decl d can be: a constructor of a handle type (returned, or written
 * through a `T **`), a destructor taking one first, or neither.  A
 * destructor takes no other pointer (XML_MemFree(parser, ptr) and
 * libusb_dev_mem_free(handle, buf, len) free the buffer, krb5-style
 * x_close(ctx, obj) the object) and returns nothing, a status, or the type
 * it takes (sd_bus_unref and udev_unref return NULL). */
static bool sl_name_has_word(const char *name, const char *word)
{
    sl_words ws;
    sl_name_words(name, &ws);
    for (int i = 0; i < ws.n; i++)
        if (!strcmp(ws.w[i], word))
            return true;
    return false;
}

static bool sl_classify(const sl_decl *d, sl_cand *c)
{
    memset(c, 0, sizeof *c);
    c->d = d;
    c->out = -1;
    const char *first = d->nparams >= 1 ? d->param_type[0] : NULL;
    c->role = sl_name_role(d->name, first ? sl_type_tag(first) : "", d->nparams, &c->how);
    if (c->role == SL_ROLE_CTOR) {
        if (d->ret_type) {
            /* a copy returning the type of its first argument, with more
             * arguments: it fills the first and returns it (BN_copy(to,
             * from)), unlike a copy of its only argument
             * (pcre2_code_copy(code)) */
            if (first && d->param_depth[0] == 1 && !strcmp(first, d->ret_type) &&
                d->nparams > 1 && sl_name_has_word(d->name, "copy"))
                return false;
            c->type = d->ret_type;
            return true;
        }
        for (int i = 0; i < d->nparams && i < SL_DECL_PARAMS; i++)
            if (d->param_type[i] && d->param_depth[i] == 2) {
                c->type = d->param_type[i];
                c->out = i;
                return true;
            }
        return false;
    }
    if (c->role != SL_ROLE_DTOR || !first || (d->ret_type && strcmp(d->ret_type, first)))
        return false;
    for (int i = 1; i < d->nparams && i < SL_DECL_PARAMS; i++)
        if (d->param_depth[i])
            return false;
    c->type = first;
    return true;
}

/* Does a constructor among c[0..n) have the words d has after its second
 * (ZSTD_createCStream for ZSTD_freeCStream)? */
static bool sl_same_object(const sl_cand *d, const sl_cand *c, size_t n)
{
    sl_words dw;
    sl_name_words(d->d->name, &dw);
    for (size_t i = 0; i < n; i++) {
        if (c[i].role != SL_ROLE_CTOR)
            continue;
        sl_words cw;
        sl_name_words(c[i].d->name, &cw);
        if (cw.n != dw.n || !sl_word_in(cw.w[1], sl_ctor_words) || strcmp(cw.w[0], dw.w[0]))
            continue;
        bool same = true;
        for (int k = 2; k < cw.n && same; k++)
            same = !strcmp(cw.w[k], dw.w[k]);
        if (same)
            return true;
    }
    return false;
}

/* The stem names[0] shares with every other name, cut after its last '_'
 * ("wg_conn_" for wg_conn_new and wg_conn_free): its length, 0 when it is
 * shorter than 3 characters. */
static size_t sl_stem_len(const char *first, const char *const *names, size_t n)
{
    size_t len = strlen(first);
    for (size_t i = 0; i < n; i++) {
        size_t l = sl_common_prefix(first, names[i]);
        if (l < len)
            len = l;
    }
    while (len > 0 && first[len - 1] != '_')
        len--;
    return len < 3 ? 0 : len;
}

/* Append "  - \"STEM*\"\n" for the stem of the group's names to borrow,
 * unless it is there already. */
static void sl_note_stem(sl_strbuf *borrow, const sl_cand *c, size_t n)
{
    const char **names = sl_xmalloc((n + 1) * sizeof *names);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (c[i].role != SL_ROLE_NONE) /* not a demoted close */
            names[k++] = c[i].d->name;
    size_t len = k ? sl_stem_len(names[0], names, k) : 0;
    const char *stem = k ? names[0] : NULL;
    free(names);
    if (!len)
        return;
    char *line = sl_xasprintf("  - \"%.*s*\"\n", (int)len, stem);
    if (!borrow->s || !strstr(borrow->s, line))
        sl_strbuf_puts(borrow, line);
    free(line);
}

static void sl_emit_resource(sl_strbuf *b, const sl_cand *c, size_t n, bool comments)
{
    const sl_cand *first_ctor = NULL;
    for (size_t i = 0; i < n && !first_ctor; i++)
        if (c[i].role == SL_ROLE_CTOR)
            first_ctor = &c[i];
    sl_kind kind = sl_guess_kind(sl_type_tag(c[0].type), first_ctor->d->name);
    sl_strbuf_printf(b, "  %s%s:\n    kind: %s\n    acquire:\n", SL_INFERRED_PREFIX,
                     sl_type_tag(c[0].type), sl_kind_name(kind));
    for (size_t i = 0; i < n; i++) {
        if (c[i].role != SL_ROLE_CTOR)
            continue;
        if (comments) {
            /* the destructor sharing the longest stem with it */
            const sl_cand *best = NULL;
            size_t bl = 0;
            for (size_t j = 0; j < n; j++) {
                size_t l = c[j].role == SL_ROLE_DTOR
                               ? sl_common_prefix(c[i].d->name, c[j].d->name)
                               : 0;
                if (c[j].role == SL_ROLE_DTOR && (!best || l > bl)) {
                    best = &c[j];
                    bl = l;
                }
            }
            sl_strbuf_printf(b, "      # %s (%s:%u) %s %s *; pairs with %s\n", c[i].d->name,
                             c[i].d->file, c[i].d->line,
                             c[i].out < 0 ? "returns" : "writes through a pointer to a",
                             c[i].type, best->d->name);
        }
        if (c[i].out < 0)
            sl_strbuf_printf(b, "      - {fn: %s}\n", c[i].d->name);
        else
            sl_strbuf_printf(b, "      - {fn: %s, out: %d%s}\n", c[i].d->name, c[i].out,
                             c[i].d->ret_int ? "" : ", success: any");
    }
    sl_strbuf_puts(b, "    release:\n");
    for (size_t i = 0; i < n; i++) {
        if (c[i].role != SL_ROLE_DTOR)
            continue;
        if (comments)
            sl_strbuf_printf(b, "      # %s (%s:%u) takes %s *%s first\n", c[i].d->name,
                             c[i].d->file, c[i].d->line, c[i].type,
                             c[i].d->param_depth[0] == 2 ? "*" : "");
        sl_strbuf_printf(b, "      - {fn: %s, arg: 0}\n", c[i].d->name);
    }
}

void sl_infer_rules(const sl_decl *decls, size_t n, const sl_ruleset *known,
                    const char *const *defined, size_t ndefined, bool comments,
                    sl_inferred_files *out)
{
    memset(out, 0, sizeof *out);
    /* candidates, one per name (the first declaration given wins) */
    SL_VEC(sl_cand) cs = {0};
    for (size_t i = 0; i < n; i++) {
        const sl_decl *d = &decls[i];
        sl_cand c;
        if (!d->name || !sl_classify(d, &c))
            continue;
        if (known && sl_rules_lookup(known, d->name))
            continue;
        if (ndefined && bsearch(&d->name, defined, ndefined, sizeof *defined, sl_cmp_cstr))
            continue;
        c.order = i;
        SL_VEC_PUSH(cs, c);
    }
    sl_sort(cs.v, cs.n, sizeof *cs.v, sl_cmp_cand_name);
    size_t k = 0;
    for (size_t i = 0; i < cs.n; i++)
        if (!k || strcmp(cs.v[k - 1].d->name, cs.v[i].d->name))
            cs.v[k++] = cs.v[i];
    cs.n = k;
    sl_sort(cs.v, cs.n, sizeof *cs.v, sl_cmp_cand);
    /* one resource per handle type that has both a constructor and a
     * destructor and none of whose destructors a rule already names */
    SL_VEC(sl_strbuf) bufs = {0}, borrows = {0};
    for (size_t i = 0; i < cs.n;) {
        size_t j = i;
        bool ctor = false, dtor = false, frees = false;
        while (j < cs.n && !strcmp(cs.v[j].type, cs.v[i].type)) {
            ctor |= cs.v[j].role == SL_ROLE_CTOR;
            dtor |= cs.v[j].role == SL_ROLE_DTOR;
            j++;
        }
        /* a destructor named by its second word alone whose object no
         * constructor names is some other release (libusb_release_interface
         * takes a libusb_device_handle) */
        for (size_t y = i; y < j; y++)
            if (cs.v[y].role == SL_ROLE_DTOR && cs.v[y].how.mid &&
                !sl_same_object(&cs.v[y], &cs.v[i], j - i))
                cs.v[y].role = SL_ROLE_NONE;
        /* a type with a destructor that frees it: its close, disconnect,
         * stop, end... only end its use (nl_close before nl_socket_free) */
        for (size_t y = i; y < j; y++)
            frees |= cs.v[y].role == SL_ROLE_DTOR && !cs.v[y].how.end;
        for (size_t y = i; frees && y < j; y++)
            if (cs.v[y].role == SL_ROLE_DTOR && cs.v[y].how.end)
                cs.v[y].role = SL_ROLE_NONE;
        dtor = false;
        for (size_t y = i; y < j; y++)
            dtor |= cs.v[y].role == SL_ROLE_DTOR;
        bool dtor_known = false;
        for (size_t q = 0; known && q < known->resources.n && !dtor_known; q++) {
            const sl_resource *r = known->resources.v[q];
            for (size_t x = 0; x < r->release.n && !dtor_known; x++)
                for (size_t y = i; y < j && !dtor_known; y++)
                    dtor_known = cs.v[y].role == SL_ROLE_DTOR &&
                                 !strcmp(r->release.v[x].fn, cs.v[y].d->name);
        }
        if (ctor && dtor && !dtor_known) {
            const sl_cand *first_ctor = &cs.v[i];
            while (first_ctor->role != SL_ROLE_CTOR)
                first_ctor++;
            char *lib = sl_header_library(first_ctor->d->file);
            size_t f = 0;
            while (f < out->n && strcmp(out->v[f].library, lib))
                f++;
            if (f == out->n) {
                sl_inferred_file nf = {0};
                nf.library = lib;
                nf.name = sl_xasprintf("inferred:%s", lib);
                SL_VEC_PUSH(*out, nf);
                sl_strbuf nb = {0};
                if (comments)
                    sl_strbuf_printf(&nb,
                                     "# Inferred by sesslint from the declarations in %s:\n"
                                     "# review every pair against the library's documentation\n"
                                     "# (failure values, ownership on failure, transfers)\n"
                                     "# before committing this file under your rules.\n",
                                     lib);
                sl_strbuf_printf(&nb, "library: \"%s\"\nresources:\n", lib);
                SL_VEC_PUSH(bufs, nb);
                sl_strbuf nbr = {0};
                SL_VEC_PUSH(borrows, nbr);
            } else {
                free(lib);
            }
            sl_emit_resource(&bufs.v[f], &cs.v[i], j - i, comments);
            if (comments)
                sl_note_stem(&borrows.v[f], &cs.v[i], j - i);
        }
        i = j;
    }
    for (size_t f = 0; f < out->n; f++) {
        if (borrows.v[f].s) {
            /* what the run assumes of the rest of each API (sl_infer_call_uses),
             * as a rule file can say it */
            sl_strbuf_puts(&bufs.v[f],
                           "# The other functions of each API only use its handles, as the\n"
                           "# run assumed (except names that say they take ownership: set0,\n"
                           "# push, add, attach, adopt, take, own, give, append, insert,\n"
                           "# move, steal, transfer, register).  List any function that\n"
                           "# keeps a handle under transfers:.\n"
                           "borrow:\n");
            sl_strbuf_puts(&bufs.v[f], borrows.v[f].s);
        }
        sl_strbuf_release(&borrows.v[f]);
        out->v[f].yaml = sl_strbuf_detach(&bufs.v[f]);
    }
    free(bufs.v);
    free(borrows.v);
    sl_sort(out->v, out->n, sizeof *out->v, sl_cmp_file);
    free(cs.v);
}

void sl_inferred_files_free(sl_inferred_files *v)
{
    for (size_t i = 0; i < v->n; i++) {
        free(v->v[i].name);
        free(v->v[i].library);
        free(v->v[i].yaml);
    }
    free(v->v);
    memset(v, 0, sizeof *v);
}

/* The length of the stem all of r's constructors and destructors share
 * (sl_infer_call_uses), 0 for none. */
static size_t sl_resource_stem(const sl_resource *r)
{
    if (!r->acquire.n || !r->release.n)
        return 0;
    size_t n = r->acquire.n + r->release.n;
    const char **names = sl_xmalloc(n * sizeof *names);
    for (size_t i = 0; i < r->acquire.n; i++)
        names[i] = r->acquire.v[i].fn;
    for (size_t i = 0; i < r->release.n; i++)
        names[r->acquire.n + i] = r->release.v[i].fn;
    size_t len = sl_stem_len(names[0], names, n);
    free(names);
    return len;
}

int sl_infer_load(sl_ruleset *rs, const sl_inferred_files *files, sl_error *err)
{
    for (size_t i = 0; i < files->n; i++) {
        size_t before = rs->resources.n;
        if (sl_rules_load_buffer(rs, files->v[i].name, files->v[i].yaml,
                                 strlen(files->v[i].yaml), err) != 0)
            return -1;
        for (size_t r = before; r < rs->resources.n; r++) {
            sl_resource *res = rs->resources.v[r];
            res->inferred = true;
            res->infer_stem = sl_resource_stem(res);
        }
    }
    return 0;
}

bool sl_infer_affects(const char *callee, void *rules)
{
    const sl_ruleset *rs = rules;
    const sl_fnrule *fr = sl_rules_lookup(rs, callee);
    if (fr) {
        if (fr->acquire && fr->acquire->res->inferred)
            return true;
        for (size_t k = 0; k < fr->release.n; k++)
            if (fr->release.v[k]->res->inferred)
                return true;
        const char *from = sl_fnrule_borrow_pos(fr).file;
        if (fr->borrow && from && !strncmp(from, "inferred:", 9))
            return true; /* an inferred file's borrow: pattern */
    }
    for (size_t r = 0; r < rs->resources.n; r++)
        if (rs->resources.v[r]->inferred && sl_infer_call_uses(rs->resources.v[r], callee))
            return true;
    return false;
}

bool sl_infer_call_uses(const sl_resource *r, const char *callee)
{
    if (!callee || !r->infer_stem || strncmp(callee, r->acquire.v[0].fn, r->infer_stem) != 0)
        return false;
    size_t len = r->infer_stem;
    static const char *const takes[] = {"set0", "push", "add", "attach", "adopt", "take",
                                        "own", "give", "append", "insert", "move", "steal",
                                        "transfer", "register", NULL};
    sl_words ws;
    sl_split_words(callee + len, &ws);
    for (int i = 0; i < ws.n; i++)
        if (sl_word_in(ws.w[i], takes))
            return false;
    return true;
}
