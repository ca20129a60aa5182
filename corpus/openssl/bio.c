/* OpenSSL BIOs (openssl.bio, kind connector).
 *
 * BIO_new* acquire; BIO_free, BIO_free_all and BIO_vfree release.
 * SSL_set_bio gives both of its BIO arguments to the SSL (one reference
 * when the same BIO is passed twice), SSL_set0_rbio and SSL_set0_wbio give
 * theirs: after those calls freeing the SSL frees the BIOs.  Other BIO_*
 * calls and PEM_read_bio_* borrow.
 */
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <stddef.h>
#include <string.h>

/* Clean: SSL_set_bio hands the socket BIO to the SSL; the error paths free
 * the BIO only before that point. */
SSL *clean_set_bio_transfer(SSL_CTX *ctx, int fd)
{
    BIO *bio = BIO_new_socket(fd, BIO_NOCLOSE);
    if (!bio)
        return NULL;
    SSL *ssl = SSL_new(ctx);
    if (!ssl) {
        BIO_free(bio);
        return NULL;
    }
    SSL_set_bio(ssl, bio, bio);
    if (SSL_connect(ssl) != 1) {
        SSL_free(ssl);
        return NULL;
    }
    return ssl;
}

/* Leaks: SSL_new fails after the BIO was made, and nobody frees the BIO. */
SSL *leak_bio_before_set_bio(SSL_CTX *ctx, int fd)
{
    BIO *bio = BIO_new_socket(fd, BIO_NOCLOSE);
    if (!bio)
        return NULL;
    SSL *ssl = SSL_new(ctx);
    if (!ssl)
        return NULL; // expect: leak.connector
    SSL_set_bio(ssl, bio, bio);
    if (SSL_connect(ssl) != 1) {
        SSL_free(ssl);
        return NULL;
    }
    return ssl;
}

/* Clean: SSL_set0_rbio and SSL_set0_wbio each hand one memory BIO to the SSL. */
SSL *clean_set0_bios(SSL_CTX *ctx)
{
    SSL *ssl = SSL_new(ctx);
    if (!ssl)
        return NULL;
    BIO *rbio = BIO_new(BIO_s_mem());
    BIO *wbio = BIO_new(BIO_s_mem());
    if (!rbio || !wbio) {
        BIO_free(rbio);
        BIO_free(wbio);
        SSL_free(ssl);
        return NULL;
    }
    SSL_set0_rbio(ssl, rbio);
    SSL_set0_wbio(ssl, wbio);
    SSL_set_connect_state(ssl);
    return ssl;
}

/* Leaks: when one of the two BIOs fails, the other one is not freed; each
 * acquisition leaks on that return. */
SSL *leak_set0_bios_half_made(SSL_CTX *ctx)
{
    SSL *ssl = SSL_new(ctx);
    if (!ssl)
        return NULL;
    BIO *rbio = BIO_new(BIO_s_mem());
    BIO *wbio = BIO_new(BIO_s_mem());
    if (!rbio || !wbio) {
        SSL_free(ssl);
        return NULL; // expect: leak.connector, leak.connector
    }
    SSL_set0_rbio(ssl, rbio);
    SSL_set0_wbio(ssl, wbio);
    SSL_set_connect_state(ssl);
    return ssl;
}

/* Leaks: a PEM parse failure returns with the memory BIO allocated. */
X509 *leak_mem_bio_on_parse_failure(const char *pem)
{
    BIO *bio = BIO_new_mem_buf(pem, (int)strlen(pem));
    if (!bio)
        return NULL;
    X509 *cert = PEM_read_bio_X509(bio, NULL, NULL, NULL);
    if (!cert)
        return NULL; // expect: leak.connector
    BIO_free(bio);
    return cert;
}

/* Clean: the memory BIO is freed whatever the parse gave. */
X509 *clean_mem_bio_on_parse_failure(const char *pem)
{
    BIO *bio = BIO_new_mem_buf(pem, (int)strlen(pem));
    if (!bio)
        return NULL;
    X509 *cert = PEM_read_bio_X509(bio, NULL, NULL, NULL);
    BIO_free(bio);
    return cert;
}

/* Leaks: a failed connect returns without freeing the connect BIO. */
int leak_connect_bio_on_failure(const char *host_port, const char *req)
{
    BIO *b = BIO_new_connect(host_port);
    if (b == NULL)
        return -1;
    if (BIO_do_connect(b) <= 0)
        return -1; // expect: leak.connector
    int ok = BIO_puts(b, req) > 0;
    BIO_free_all(b);
    return ok ? 0 : -1;
}

/* Clean: BIO_free_all on the failure path as well. */
int clean_connect_bio_on_failure(const char *host_port, const char *req)
{
    BIO *b = BIO_new_connect(host_port);
    if (b == NULL)
        return -1;
    if (BIO_do_connect(b) <= 0) {
        BIO_free_all(b);
        return -1;
    }
    int ok = BIO_puts(b, req) > 0;
    BIO_free_all(b);
    return ok ? 0 : -1;
}

/* Clean: the file BIO is released with BIO_vfree after reading the key. */
EVP_PKEY *clean_file_bio_vfree(const char *path)
{
    BIO *in = BIO_new_file(path, "r");
    if (!in)
        return NULL;
    EVP_PKEY *key = PEM_read_bio_PrivateKey(in, NULL, NULL, NULL);
    BIO_vfree(in);
    return key;
}
