/* OpenSSL connections (openssl.ssl, kind session): SSL_new / SSL_free.
 *
 * SSL_set_fd, SSL_connect, SSL_write and SSL_shutdown borrow.  SSL_shutdown
 * ends the TLS session but does not free the object.
 */
#include <openssl/ssl.h>
#include <stddef.h>

/* Leaks: a failed handshake returns without SSL_free. */
SSL *leak_ssl_on_handshake_failure(SSL_CTX *ctx, int fd)
{
    SSL *ssl = SSL_new(ctx);
    if (!ssl)
        return NULL;
    if (SSL_set_fd(ssl, fd) != 1) {
        SSL_free(ssl);
        return NULL;
    }
    if (SSL_connect(ssl) <= 0)
        return NULL; // expect: leak.session
    return ssl;
}

/* Clean: the failed handshake frees the SSL. */
SSL *clean_ssl_on_handshake_failure(SSL_CTX *ctx, int fd)
{
    SSL *ssl = SSL_new(ctx);
    if (!ssl)
        return NULL;
    if (SSL_set_fd(ssl, fd) != 1) {
        SSL_free(ssl);
        return NULL;
    }
    if (SSL_connect(ssl) <= 0) {
        SSL_free(ssl);
        return NULL;
    }
    return ssl;
}

/* Leaks: SSL_shutdown closes the TLS session but the object is never freed. */
int leak_ssl_shutdown_only(SSL_CTX *ctx, int fd, const void *msg, int len)
{
    SSL *ssl = SSL_new(ctx);
    if (!ssl)
        return -1;
    SSL_set_fd(ssl, fd);
    int ok = SSL_connect(ssl) == 1 && SSL_write(ssl, msg, len) == len;
    SSL_shutdown(ssl);
    return ok ? 0 : -1; // expect: leak.session
}

/* Clean: shutdown then free. */
int clean_ssl_shutdown_and_free(SSL_CTX *ctx, int fd, const void *msg, int len)
{
    SSL *ssl = SSL_new(ctx);
    if (!ssl)
        return -1;
    SSL_set_fd(ssl, fd);
    int ok = SSL_connect(ssl) == 1 && SSL_write(ssl, msg, len) == len;
    SSL_shutdown(ssl);
    SSL_free(ssl);
    return ok ? 0 : -1;
}
