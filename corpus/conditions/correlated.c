/* Correlated conditions: when the same unmodified local or parameter
 * decides both whether a handle is acquired and whether it is released,
 * the path that acquires without releasing is infeasible.  Once the
 * variable is modified in between, the correlation is gone.
 */
#include <curl/curl.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <unistd.h>

/* Clean: ssl exists exactly when tls is set, and tls is never modified. */
int clean_correlated_flag(SSL_CTX *ctx, int fd, int tls, const char *msg, int len)
{
    SSL *ssl = NULL;
    if (tls) {
        ssl = SSL_new(ctx);
        if (!ssl)
            return -1;
        SSL_set_fd(ssl, fd);
        if (SSL_connect(ssl) != 1) {
            SSL_free(ssl);
            return -1;
        }
    }
    int n = tls ? SSL_write(ssl, msg, len) : (int)write(fd, msg, (size_t)len);
    if (tls)
        SSL_free(ssl);
    return n == len ? 0 : -1;
}

/* Leaks: the handshake fallback clears tls, so the release guarded by tls
 * is skipped while ssl is still owned. */
int leak_correlated_flag_modified(SSL_CTX *ctx, int fd, int tls, const char *msg, int len)
{
    SSL *ssl = NULL;
    if (tls) {
        ssl = SSL_new(ctx);
        if (!ssl)
            return -1;
        SSL_set_fd(ssl, fd);
    }
    if (tls && SSL_connect(ssl) != 1)
        tls = 0;
    int n = tls ? SSL_write(ssl, msg, len) : (int)write(fd, msg, (size_t)len);
    if (tls)
        SSL_free(ssl);
    return n == len ? 0 : -1; // expect: leak.session
}

/* Clean: a local flag computed once picks between a file and stdout, and
 * the same flag decides the fclose. */
int clean_correlated_local(const char *path, const char *text)
{
    int to_file = path != NULL;
    FILE *out = to_file ? fopen(path, "w") : stdout;
    if (out == NULL)
        return -1;
    int rc = fputs(text, out) < 0 ? -1 : 0;
    if (to_file)
        fclose(out);
    return rc;
}

/* Clean: the parameter tested twice decides both acquisition and release. */
int clean_correlated_parameter(const char *url, const char *proxy)
{
    CURLSH *sh = NULL;
    CURL *h = curl_easy_init();
    if (!h)
        return -1;
    if (proxy) {
        sh = curl_share_init();
        if (!sh) {
            curl_easy_cleanup(h);
            return -1;
        }
        curl_share_setopt(sh, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
        curl_easy_setopt(h, CURLOPT_SHARE, sh);
        curl_easy_setopt(h, CURLOPT_PROXY, proxy);
    }
    curl_easy_setopt(h, CURLOPT_URL, url);
    CURLcode rc = curl_easy_perform(h);
    curl_easy_cleanup(h);
    if (proxy)
        curl_share_cleanup(sh);
    return rc == CURLE_OK ? 0 : -1;
}

/* Leaks: acquisition and release hang on different parameters; with a
 * proxy and without keep_dns the share is never cleaned up. */
int leak_different_conditions(const char *url, const char *proxy, int keep_dns)
{
    CURLSH *sh = NULL;
    CURL *h = curl_easy_init();
    if (!h)
        return -1;
    if (proxy) {
        sh = curl_share_init();
        if (!sh) {
            curl_easy_cleanup(h);
            return -1;
        }
        curl_share_setopt(sh, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
        curl_easy_setopt(h, CURLOPT_SHARE, sh);
        curl_easy_setopt(h, CURLOPT_PROXY, proxy);
    }
    curl_easy_setopt(h, CURLOPT_URL, url);
    CURLcode rc = curl_easy_perform(h);
    curl_easy_cleanup(h);
    if (keep_dns)
        curl_share_cleanup(sh);
    return rc == CURLE_OK ? 0 : -1; // expect: leak.resource
}
