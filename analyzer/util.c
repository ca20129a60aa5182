/* util: see util.h. */
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int sl_error_set(sl_error *err, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static void sl_oom(size_t n)
{
    fprintf(stderr, "sesslint: out of memory (allocating %zu bytes)\n", n);
    abort();
}

void *sl_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        sl_oom(n);
    return p;
}

void *sl_xcalloc(size_t n, size_t m)
{
    void *p = calloc(n ? n : 1, m ? m : 1);
    if (!p)
        sl_oom(n * m);
    return p;
}

void *sl_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        sl_oom(n);
    return q;
}

void sl_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    if (n > 1)
        qsort(base, n, size, cmp);
}

char *sl_xstrdup(const char *s)
{
    return s ? sl_xstrndup(s, strlen(s)) : NULL;
}

char *sl_xstrndup(const char *s, size_t n)
{
    char *d = sl_xmalloc(n + 1);
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

char *sl_xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = sl_xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

static void sl_strbuf_reserve(sl_strbuf *b, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n + 1)
            cap *= 2;
        b->s = sl_xrealloc(b->s, cap);
        b->cap = cap;
    }
}

void sl_strbuf_add(sl_strbuf *b, const char *s, size_t n)
{
    sl_strbuf_reserve(b, n);
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = 0;
}

void sl_strbuf_puts(sl_strbuf *b, const char *s)
{
    sl_strbuf_add(b, s, strlen(s));
}

void sl_strbuf_printf(sl_strbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n <= 0)
        return;
    sl_strbuf_reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

char *sl_strbuf_detach(sl_strbuf *b)
{
    char *s = b->s ? b->s : sl_xstrdup("");
    b->s = NULL;
    b->len = b->cap = 0;
    return s;
}

void sl_strbuf_release(sl_strbuf *b)
{
    free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
}

char *sl_read_file(const char *path, size_t *len, sl_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        sl_error_set(err, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    sl_strbuf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        sl_strbuf_add(&b, chunk, n);
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        sl_strbuf_release(&b);
        sl_error_set(err, "%s: read error", path);
        return NULL;
    }
    if (len)
        *len = b.len;
    return sl_strbuf_detach(&b);
}

char *sl_path_join(const char *dir, const char *name)
{
    if (!dir || !*dir || name[0] == '/')
        return sl_xstrdup(name);
    size_t n = strlen(dir);
    return sl_xasprintf("%s%s%s", dir, dir[n - 1] == '/' ? "" : "/", name);
}

char *sl_path_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return sl_xstrdup(".");
    if (slash == path)
        return sl_xstrdup("/");
    return sl_xstrndup(path, (size_t)(slash - path));
}

/* Normalize an absolute path lexically: drop "." and empty components,
 * resolve "..". */
static char *sl_path_normalize(const char *abs)
{
    size_t n = strlen(abs);
    char *out = sl_xmalloc(n + 2);
    size_t o = 0;
    const char *p = abs;
    while (*p) {
        while (*p == '/')
            p++;
        if (!*p)
            break;
        const char *e = strchr(p, '/');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == 1 && p[0] == '.') {
        } else if (len == 2 && p[0] == '.' && p[1] == '.') {
            while (o > 0 && out[o - 1] != '/')
                o--;
            if (o > 0)
                o--;
        } else {
            out[o++] = '/';
            memcpy(out + o, p, len);
            o += len;
        }
        p += len;
    }
    if (o == 0)
        out[o++] = '/';
    out[o] = 0;
    return out;
}

char *sl_path_absolute(const char *path)
{
    char buf[PATH_MAX];
    if (realpath(path, buf))
        return sl_xstrdup(buf);
    if (path[0] == '/')
        return sl_path_normalize(path);
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd))
        return sl_xstrdup(path);
    char *joined = sl_path_join(cwd, path);
    char *norm = sl_path_normalize(joined);
    free(joined);
    return norm;
}

char *sl_path_relative(const char *path, const char *root)
{
    if (!root || !*root)
        return sl_xstrdup(path);
    size_t n = strlen(root);
    while (n > 1 && root[n - 1] == '/')
        n--;
    if (strncmp(path, root, n) == 0 && path[n] == '/')
        return sl_xstrdup(path + n + 1);
    if (strcmp(path, root) == 0)
        return sl_xstrdup(".");
    return sl_xstrdup(path);
}

bool sl_path_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool sl_str_ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

char *sl_find_upwards(const char *dir, const char *name)
{
    char *d = sl_xstrdup(dir);
    for (int guard = 0; guard < 256; guard++) {
        char *probe = sl_path_join(d, name);
        bool found = access(probe, F_OK) == 0;
        free(probe);
        if (found)
            return d;
        if (!strcmp(d, "/") || !strchr(d, '/'))
            break;
        char *up = sl_path_dirname(d);
        free(d);
        d = up;
    }
    free(d);
    return NULL;
}

void sl_strvec_free(sl_strvec *v)
{
    for (size_t i = 0; i < v->n; i++)
        free(v->v[i]);
    free(v->v);
    v->v = NULL;
    v->n = v->cap = 0;
}
