/* Escape by transfer rule: calls that take ownership of an argument
 * (fdopen takes its descriptor; SSL_set_bio takes its BIOs).  A handle
 * given to such a call is no longer the caller's; one that was meant to be
 * given but was not still leaks.
 */
#include <openssl/bio.h>
#include <openssl/ssl.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

/* Clean: the accepted socket is handed to a stream; fclose closes both. */
int clean_fdopen_socket(int lfd, const char *greeting)
{
    int c = accept(lfd, NULL, NULL);
    if (c < 0)
        return -1;
    FILE *f = fdopen(c, "r+");
    if (!f) {
        close(c);
        return -1;
    }
    fputs(greeting, f);
    return fclose(f);
}

/* Clean: both memory BIOs go to the SSL through SSL_set_bio. */
SSL *clean_set_bio_two_bios(SSL_CTX *ctx)
{
    BIO *rbio = BIO_new(BIO_s_mem());
    BIO *wbio = BIO_new(BIO_s_mem());
    if (!rbio || !wbio) {
        BIO_free(rbio);
        BIO_free(wbio);
        return NULL;
    }
    SSL *ssl = SSL_new(ctx);
    if (!ssl) {
        BIO_free(rbio);
        BIO_free(wbio);
        return NULL;
    }
    SSL_set_bio(ssl, rbio, wbio);
    SSL_set_accept_state(ssl);
    return ssl;
}

/* Leaks: SSL_set_bio is given the read BIO twice; the write BIO is never
 * handed over nor freed. */
SSL *leak_set_bio_wrong_argument(SSL_CTX *ctx)
{
    BIO *rbio = BIO_new(BIO_s_mem());
    BIO *wbio = BIO_new(BIO_s_mem());
    if (!rbio || !wbio) {
        BIO_free(rbio);
        BIO_free(wbio);
        return NULL;
    }
    SSL *ssl = SSL_new(ctx);
    if (!ssl) {
        BIO_free(rbio);
        BIO_free(wbio);
        return NULL;
    }
    SSL_set_bio(ssl, rbio, rbio);
    SSL_set_accept_state(ssl);
    return ssl; // expect: leak.connector
}
