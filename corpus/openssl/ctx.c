/* OpenSSL contexts (openssl.ctx, kind resource): SSL_CTX_new / SSL_CTX_free.
 *
 * SSL_CTX_* configuration calls borrow the context.  An SSL made from a
 * context holds its own reference, so the caller's reference must still be
 * freed.
 */
#include <openssl/ssl.h>
#include <stddef.h>

struct tls_config {
    SSL_CTX *ctx;
    int verify;
};

/* Leaks: a CA file that does not load returns without SSL_CTX_free. */
int leak_ctx_on_bad_ca(struct tls_config *cfg, const char *ca_file)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx)
        return -1;
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    if (SSL_CTX_load_verify_locations(ctx, ca_file, NULL) != 1)
        return -1; // expect: leak.resource
    cfg->ctx = ctx;
    cfg->verify = 1;
    return 0;
}

/* Clean: the context is freed on the bad CA path and otherwise handed to
 * the caller's struct. */
int clean_ctx_on_bad_ca(struct tls_config *cfg, const char *ca_file)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx)
        return -1;
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    if (SSL_CTX_load_verify_locations(ctx, ca_file, NULL) != 1) {
        SSL_CTX_free(ctx);
        return -1;
    }
    cfg->ctx = ctx;
    cfg->verify = 1;
    return 0;
}

/* Clean: any failing step of the certificate setup frees the context. */
SSL_CTX *clean_server_ctx(const char *cert, const char *key)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (ctx == NULL)
        return NULL;
    if (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1 ||
        SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_check_private_key(ctx) != 1) {
        SSL_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

/* Leaks: the SSL keeps its own reference; the local context reference is
 * never dropped, so the context outlives every SSL made from it. */
SSL *leak_ctx_after_ssl_new(int fd)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx)
        return NULL;
    SSL *ssl = SSL_new(ctx);
    if (!ssl) {
        SSL_CTX_free(ctx);
        return NULL;
    }
    if (!SSL_set_fd(ssl, fd)) {
        SSL_free(ssl);
        SSL_CTX_free(ctx);
        return NULL;
    }
    return ssl; // expect: leak.resource
}

/* Clean: the local context reference is dropped right after SSL_new. */
SSL *clean_ctx_after_ssl_new(int fd)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx)
        return NULL;
    SSL *ssl = SSL_new(ctx);
    SSL_CTX_free(ctx);
    if (!ssl)
        return NULL;
    if (!SSL_set_fd(ssl, fd)) {
        SSL_free(ssl);
        return NULL;
    }
    return ssl;
}
