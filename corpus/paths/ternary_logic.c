/* Control flow: the conditional operator and short-circuit && / ||, in
 * conditions and in values.
 */
#include <curl/curl.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Leaks: the handle only decides the return value and is never cleaned up. */
int leak_ternary_return(void)
{
    CURL *h = curl_easy_init();
    return h ? 0 : -1; // expect: leak.session
}

/* Clean: the handle is cleaned up (NULL is accepted) before the ?: decides. */
int clean_ternary_return(void)
{
    CURL *h = curl_easy_init();
    int ok = h != NULL;
    curl_easy_cleanup(h);
    return ok ? 0 : -1;
}

/* Leaks: either arm of the ?: acquires; a failed write leaks whichever ran,
 * so both acquisition calls are reported on that return. */
int leak_ternary_two_sites(const char *path, int truncate, const char *line)
{
    int fd = truncate ? creat(path, 0644) : open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (write(fd, line, strlen(line)) < 0)
        return -1; // expect: leak.resource, leak.resource
    return close(fd);
}

/* Clean: the descriptor from either arm is closed on both paths. */
int clean_ternary_two_sites(const char *path, int truncate, const char *line)
{
    int fd = truncate ? creat(path, 0644) : open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t w = write(fd, line, strlen(line));
    close(fd);
    return w < 0 ? -1 : 0;
}

/* Leaks: when only one of the two handles was created, the || check
 * returns the other one; each acquisition leaks on that return. */
int leak_or_check_two_handles(const char *u1, const char *u2)
{
    CURL *a = curl_easy_init();
    CURL *b = curl_easy_init();
    if (!a || !b)
        return -1; // expect: leak.session, leak.session
    curl_easy_setopt(a, CURLOPT_URL, u1);
    curl_easy_setopt(b, CURLOPT_URL, u2);
    CURLcode ra = curl_easy_perform(a);
    CURLcode rb = curl_easy_perform(b);
    curl_easy_cleanup(a);
    curl_easy_cleanup(b);
    return (ra == CURLE_OK && rb == CURLE_OK) ? 0 : -1;
}

/* Clean: guarded releases inside the || failure block. */
int clean_or_check_two_streams(const char *src, const char *dst)
{
    FILE *in = fopen(src, "rb");
    FILE *out = fopen(dst, "wb");
    if (!in || !out) {
        if (in)
            fclose(in);
        if (out)
            fclose(out);
        return -1;
    }
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, out) != n)
            break;
    fclose(in);
    return fclose(out);
}

/* Leaks: the guard closes only the input; an output that opened while the
 * input did not is left behind. */
int leak_or_check_one_guard(const char *src, const char *dst)
{
    FILE *in = fopen(src, "rb");
    FILE *out = fopen(dst, "wb");
    if (!in || !out) {
        if (in)
            fclose(in);
        return -1; // expect: leak.resource
    }
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, out) != n)
            break;
    fclose(in);
    return fclose(out);
}

/* Leaks: a socket that was created but did not connect falls through the &&
 * to the error return. */
int leak_and_connect(const struct sockaddr *sa, socklen_t len)
{
    int fd = socket(sa->sa_family, SOCK_STREAM, 0);
    if (fd >= 0 && connect(fd, sa, len) == 0)
        return fd;
    return -1; // expect: leak.connector
}

/* Clean: the socket is closed when it exists but did not connect. */
int clean_and_connect(const struct sockaddr *sa, socklen_t len)
{
    int fd = socket(sa->sa_family, SOCK_STREAM, 0);
    if (fd >= 0 && connect(fd, sa, len) == 0)
        return fd;
    if (fd >= 0)
        close(fd);
    return -1;
}

/* Clean: the && chain stops at the first failing setopt, and the one
 * cleanup after it runs on every path. */
int clean_and_chain(const char *url)
{
    CURL *h = curl_easy_init();
    if (h == NULL)
        return -1;
    int ok = curl_easy_setopt(h, CURLOPT_URL, url) == CURLE_OK &&
             curl_easy_setopt(h, CURLOPT_NOBODY, 1L) == CURLE_OK &&
             curl_easy_perform(h) == CURLE_OK;
    curl_easy_cleanup(h);
    return ok ? 0 : -1;
}
