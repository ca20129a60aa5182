/* declpool: the inference candidates of a run (infer.h), one copy each.
 *
 * Every translation unit that includes a header sends the same candidate
 * lines for it (the worker protocol's Y lines: a function declared there
 * that may create or destroy a handle).  On OpenSSL that is about 540
 * lines in each of 1,317 TUs, nearly all repeats.  The parent keeps them
 * here once, in groups: the consecutive lines of one TU that name the same
 * header, keyed by a digest of their text, and each TU holds only pointers
 * to its groups.  The analysis cache stores a TU's group keys and each
 * group once (store.h, sl_store_cache_put).
 *
 * The pool owns its groups and their text; a TU's list of groups
 * (sl_dgroups) owns only its array.  Free the pool with sl_declpool_free
 * after every list that points into it.
 */
#ifndef SL_DECLPOOL_H
#define SL_DECLPOOL_H

#include "util.h"

#define SL_DGROUP_KEY 16 /* hex digits of a group key */

typedef struct sl_dgroup {
    char key[SL_DGROUP_KEY + 1]; /* first digits of the SHA-256 of lines */
    char *lines;                 /* the Y lines without "Y\t", each ending
                                    in '\n' (owned by the pool) */
    size_t nlines;
    bool stored;                 /* known to be in the analysis cache */
    unsigned mark;               /* scratch for sl_declpool_new_mark */
} sl_dgroup;

typedef SL_VEC(sl_dgroup *) sl_dgroups; /* borrowed from a pool */

typedef struct sl_declpool {
    sl_dgroup **slot; /* open addressing by key, NULL for empty */
    size_t cap, n;
    unsigned mark;
} sl_declpool;

/* A group of lines being collected for one TU (sl_declpool_feed). */
typedef struct sl_dgroup_acc {
    sl_strbuf text;
    size_t nlines;
    char *file; /* the header field of the lines so far (owned) */
} sl_dgroup_acc;

void sl_declpool_init(sl_declpool *p);
void sl_declpool_free(sl_declpool *p);

/* The group with text lines (nlines lines, each ending in '\n'), added
 * when the pool has none with that text.  Returns it (owned by the pool). */
sl_dgroup *sl_declpool_intern(sl_declpool *p, const char *lines, size_t len, size_t nlines);

/* The group of key, or NULL. */
sl_dgroup *sl_declpool_get(const sl_declpool *p, const char *key);

/* Add one Y line (without "Y\t" and without its newline) of a TU whose
 * groups go to out: lines that name the same header as the line before
 * join its group; another header closes the group into the pool. */
void sl_declpool_feed(sl_declpool *p, sl_dgroup_acc *acc, const char *line, sl_dgroups *out);
/* Close the last group of a TU (nothing when none is open). */
void sl_declpool_flush(sl_declpool *p, sl_dgroup_acc *acc, sl_dgroups *out);

/* A fresh mark: a group whose mark differs has not been visited since. */
unsigned sl_declpool_new_mark(sl_declpool *p);

#endif
