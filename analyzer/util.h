/* util: small helpers every module shares.
 *
 * Ownership rule for the whole code base: a function whose comment says
 * "returns owned" hands the caller memory to free with free() (or with the
 * named *_free function); everything else is borrowed and stays owned by the
 * object it came from.
 *
 * Errors are values: a function that can fail takes an `sl_error *err`,
 * returns -1 (or NULL) and writes a human message into err.  Messages about
 * input name the file and, where known, the line: "path:line:col: what".
 * Allocation failure is the one thing that aborts (sl_x* functions).
 */
#ifndef SL_UTIL_H
#define SL_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sl_error {
    char msg[2048];
} sl_error;

/* Format a message into err (err may be NULL).  Always returns -1 so callers
 * can write `return sl_error_set(err, ...);`. */
int sl_error_set(sl_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

void *sl_xmalloc(size_t n);            /* returns owned; aborts on OOM */
void *sl_xcalloc(size_t n, size_t m);  /* returns owned; aborts on OOM */
void *sl_xrealloc(void *p, size_t n);  /* returns owned; aborts on OOM */
/* qsort that accepts an empty array with a NULL base (qsort's own contract
 * does not: UBSan reports it). */
void sl_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));
char *sl_xstrdup(const char *s);       /* returns owned; NULL stays NULL */
char *sl_xstrndup(const char *s, size_t n);     /* returns owned */
char *sl_xasprintf(const char *fmt, ...)        /* returns owned */
    __attribute__((format(printf, 1, 2)));

/* Growable array: SL_VEC(int) v = {0}; SL_VEC_PUSH(v, 3); free(v.v); */
#define SL_VEC(T) struct { T *v; size_t n, cap; }
#define SL_VEC_PUSH(vec, x)                                                   \
    do {                                                                      \
        if ((vec).n == (vec).cap) {                                           \
            (vec).cap = (vec).cap ? (vec).cap * 2 : 8;                        \
            (vec).v = sl_xrealloc((vec).v, (vec).cap * sizeof *(vec).v);      \
        }                                                                     \
        (vec).v[(vec).n++] = (x);                                             \
    } while (0)

typedef SL_VEC(char *) sl_strvec; /* owned strings, each freed with free() */
void sl_strvec_free(sl_strvec *v);

/* Growable string.  sl_strbuf_release frees the contents;
 * sl_strbuf_detach hands the string to the caller (returns owned). */
typedef struct sl_strbuf {
    char *s;
    size_t len, cap;
} sl_strbuf;
void sl_strbuf_add(sl_strbuf *b, const char *s, size_t n);
void sl_strbuf_puts(sl_strbuf *b, const char *s);
void sl_strbuf_printf(sl_strbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *sl_strbuf_detach(sl_strbuf *b);
void sl_strbuf_release(sl_strbuf *b);

/* Read a whole file.  Returns owned, NUL-terminated; *len (if non-NULL)
 * gets the size.  NULL with err set when the file cannot be read. */
char *sl_read_file(const char *path, size_t *len, sl_error *err);

/* Path helpers.  All return owned strings. */
char *sl_path_join(const char *dir, const char *name);
char *sl_path_dirname(const char *path);
/* Absolute, normalized (no "." or ".." components, no symlink resolution
 * beyond what realpath gives when the file exists). */
char *sl_path_absolute(const char *path);
/* path relative to root when path is under root, else a copy of path. */
char *sl_path_relative(const char *path, const char *root);
bool sl_path_is_dir(const char *path);
/* The nearest directory at or above dir that holds an entry called name.
 * Returns owned, or NULL when none up to the root does. */
char *sl_find_upwards(const char *dir, const char *name);
bool sl_str_ends_with(const char *s, const char *suffix);

/* SHA-256 (hash.c).  sl_sha256_hex writes 64 hex digits and a NUL. */
typedef struct sl_sha256 {
    uint32_t h[8];
    uint64_t len;
    unsigned char buf[64];
    size_t nbuf;
} sl_sha256;
void sl_sha256_init(sl_sha256 *c);
void sl_sha256_update(sl_sha256 *c, const void *data, size_t n);
void sl_sha256_final(sl_sha256 *c, unsigned char out[32]);
void sl_sha256_final_hex(sl_sha256 *c, char out[65]); /* 64 hex digits and a NUL */
void sl_sha256_hex(const void *data, size_t n, char out[65]);

#endif
