/* Scope-exit cleanup: `__attribute__((cleanup(fn)))` runs fn(&var) when var
 * goes out of scope, on every path.  The cleanup functions are defined in
 * this file, so their bodies say what they release: each calls the release
 * function on *p (guarded or not).  The attribute is used directly and
 * through a systemd-style `_cleanup_(fn)` macro.  TAKE_PTR / TAKE_FD move
 * the handle out and leave the variable empty, so the cleanup has nothing
 * left to release.
 */
#include <curl/curl.h>
#include <fcntl.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <unistd.h>

#define _cleanup_(f) __attribute__((cleanup(f)))

#define TAKE_PTR(p) ({                  \
        __typeof__(p) _ptr_ = (p);      \
        (p) = NULL;                     \
        _ptr_;                          \
    })

#define TAKE_FD(fd) ({                  \
        int _fd_ = (fd);                \
        (fd) = -1;                      \
        _fd_;                           \
    })

static void curl_cleanupp(CURL **p)
{
    if (*p)
        curl_easy_cleanup(*p);
}

static void fclosep(FILE **f)
{
    if (*f)
        fclose(*f);
}

static void closep(int *fd)
{
    if (*fd >= 0)
        close(*fd);
}

static void ssl_freep(SSL **p)
{
    SSL_free(*p);
}

/* Clean: the attribute written out releases the handle on every return. */
int clean_cleanup_attribute_direct(const char *url)
{
    __attribute__((cleanup(curl_cleanupp))) CURL *h = curl_easy_init();
    if (!h)
        return -1;
    if (curl_easy_setopt(h, CURLOPT_URL, url) != CURLE_OK)
        return -1;
    return curl_easy_perform(h) == CURLE_OK ? 0 : -1;
}

/* Clean: the _cleanup_ macro closes the stream on every return. */
int clean_cleanup_macro(const char *path, char *line, int n)
{
    _cleanup_(fclosep) FILE *f = fopen(path, "re");
    if (!f)
        return -1;
    if (!fgets(line, n, f))
        return -1;
    return 0;
}

/* Clean: a cleanup variable in an inner block is closed at that block's end. */
long clean_cleanup_block_scope(const char *const *paths, int n)
{
    long total = 0;
    for (int i = 0; i < n; i++) {
        _cleanup_(closep) int fd = open(paths[i], O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            continue;
        total += lseek(fd, 0, SEEK_END);
    }
    return total;
}

/* Clean: an unguarded cleanup function (SSL_free accepts NULL). */
int clean_cleanup_unguarded(SSL_CTX *ctx, int fd)
{
    _cleanup_(ssl_freep) SSL *ssl = SSL_new(ctx);
    if (!ssl)
        return -1;
    if (!SSL_set_fd(ssl, fd))
        return -1;
    return SSL_connect(ssl) == 1 ? 0 : -1;
}

/* Clean: TAKE_PTR hands the handle to the caller and empties h, so the
 * cleanup finds nothing; the error return is covered by the cleanup. */
CURL *clean_take_ptr_return(const char *url)
{
    _cleanup_(curl_cleanupp) CURL *h = curl_easy_init();
    if (!h)
        return NULL;
    if (curl_easy_setopt(h, CURLOPT_URL, url) != CURLE_OK)
        return NULL;
    return TAKE_PTR(h);
}

/* Clean: TAKE_FD moves the descriptor into the out-parameter. */
int clean_take_fd_out_param(const char *path, int *ret)
{
    _cleanup_(closep) int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (lseek(fd, 0, SEEK_END) < 0)
        return -1;
    *ret = TAKE_FD(fd);
    return 0;
}

/* Leaks: reopening overwrites the cleanup variable; the cleanup closes only
 * the second stream, the first is lost at the assignment. */
int leak_cleanup_variable_overwritten(const char *primary, const char *fallback, char *line, int n)
{
    _cleanup_(fclosep) FILE *f = fopen(primary, "re");
    if (!f)
        return -1;
    if (!fgets(line, n, f)) {
        f = fopen(fallback, "re"); // expect: leak.resource
        if (!f || !fgets(line, n, f))
            return -1;
    }
    return 0;
}

/* Clean: the first stream is closed before the variable takes the fallback. */
int clean_cleanup_variable_reset(const char *primary, const char *fallback, char *line, int n)
{
    _cleanup_(fclosep) FILE *f = fopen(primary, "re");
    if (!f)
        return -1;
    if (!fgets(line, n, f)) {
        fclose(f);
        f = fopen(fallback, "re");
        if (!f || !fgets(line, n, f))
            return -1;
    }
    return 0;
}

/* Leaks: the curl handle has a cleanup, the output stream next to it does
 * not, and the failed transfer returns without fclose. */
int leak_partial_cleanup_conversion(const char *url, const char *path)
{
    _cleanup_(curl_cleanupp) CURL *h = curl_easy_init();
    if (!h)
        return -1;
    FILE *out = fopen(path, "wbe");
    if (!out)
        return -1;
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, out);
    if (curl_easy_perform(h) != CURLE_OK)
        return -1; // expect: leak.resource
    return fclose(out);
}

/* Clean: both handles are covered, one by cleanup, one by hand. */
int clean_partial_cleanup_conversion(const char *url, const char *path)
{
    _cleanup_(curl_cleanupp) CURL *h = curl_easy_init();
    if (!h)
        return -1;
    _cleanup_(fclosep) FILE *out = fopen(path, "wbe");
    if (!out)
        return -1;
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, out);
    if (curl_easy_perform(h) != CURLE_OK)
        return -1;
    return fflush(out) == 0 ? 0 : -1;
}
