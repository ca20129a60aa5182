/* OpenSSL certificates (openssl.x509, kind credential), CRLs
 * (openssl.x509_crl), certificate stores (openssl.x509_store), keys
 * (openssl.pkey, kind credential) and certificate chains
 * (openssl.x509_stack).
 *
 * PEM_read_*, d2i_*, X509_new, X509_dup and SSL_get1_peer_certificate (and
 * the SSL_get_peer_certificate macro for it) return a reference the caller
 * frees with X509_free; EVP_PKEY_keygen writes the key through its second
 * argument and returns 1 on success.  SSL_CTX_use_certificate,
 * SSL_CTX_use_PrivateKey and X509_STORE_add_cert take their own reference
 * (the caller still frees its one); SSL_CTX_set_cert_store,
 * SSL_CTX_add_extra_chain_cert and sk_X509_push take the caller's.
 * SSL_get0_peer_certificate and SSL_get_peer_cert_chain return pointers the
 * SSL owns.
 */
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <stdio.h>
#include <string.h>

/* Leaks: the peer certificate (a new reference) is not freed when its
 * subject does not match. */
int leak_ossl_peer_cert_on_mismatch(SSL *ssl, const char *expected)
{
    X509 *peer = SSL_get_peer_certificate(ssl);
    if (!peer)
        return -1;
    char cn[256];
    if (X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName, cn,
                                  sizeof cn) < 0)
        return -1; // expect: leak.credential
    int ok = strcmp(cn, expected) == 0;
    X509_free(peer);
    return ok ? 0 : -1;
}

/* Clean: the peer certificate is freed on both paths. */
int clean_ossl_peer_cert_on_mismatch(SSL *ssl, const char *expected)
{
    X509 *peer = SSL_get1_peer_certificate(ssl);
    if (!peer)
        return -1;
    char cn[256];
    if (X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName, cn,
                                  sizeof cn) < 0) {
        X509_free(peer);
        return -1;
    }
    int ok = strcmp(cn, expected) == 0;
    X509_free(peer);
    return ok ? 0 : -1;
}

/* Clean: SSL_get0_peer_certificate and SSL_get_peer_cert_chain hand out
 * pointers the SSL keeps; nothing to free. */
int clean_ossl_get0_peer(SSL *ssl)
{
    X509 *peer = SSL_get0_peer_certificate(ssl);
    STACK_OF(X509) *chain = SSL_get_peer_cert_chain(ssl);
    if (!peer || !chain)
        return -1;
    return sk_X509_num(chain);
}

/* Leaks: the certificate read from a file is not freed after
 * SSL_CTX_use_certificate, which takes its own reference. */
int leak_ossl_cert_after_use(SSL_CTX *ctx, FILE *fp)
{
    X509 *cert = PEM_read_X509(fp, NULL, NULL, NULL);
    if (cert == NULL)
        return -1;
    if (SSL_CTX_use_certificate(ctx, cert) != 1) {
        X509_free(cert);
        return -1;
    }
    return 0; // expect: leak.credential
}

/* Clean: the caller drops its reference after SSL_CTX_use_certificate. */
int clean_ossl_cert_after_use(SSL_CTX *ctx, FILE *fp)
{
    X509 *cert = PEM_read_X509(fp, NULL, NULL, NULL);
    if (cert == NULL)
        return -1;
    int rc = SSL_CTX_use_certificate(ctx, cert);
    X509_free(cert);
    return rc == 1 ? 0 : -1;
}

/* Leaks: the private key is not freed when the context rejects it. */
int leak_ossl_key_on_use_failure(SSL_CTX *ctx, BIO *in)
{
    EVP_PKEY *key = PEM_read_bio_PrivateKey(in, NULL, NULL, NULL);
    if (!key)
        return -1;
    if (SSL_CTX_use_PrivateKey(ctx, key) != 1)
        return -1; // expect: leak.credential
    EVP_PKEY_free(key);
    return 0;
}

/* Clean: the key is freed whatever SSL_CTX_use_PrivateKey returned. */
int clean_ossl_key_on_use_failure(SSL_CTX *ctx, BIO *in)
{
    EVP_PKEY *key = PEM_read_bio_PrivateKey(in, NULL, NULL, NULL);
    if (!key)
        return -1;
    int rc = SSL_CTX_use_PrivateKey(ctx, key);
    EVP_PKEY_free(key);
    return rc == 1 ? 0 : -1;
}

/* Leaks: a DER key that decodes but is not RSA is dropped without
 * EVP_PKEY_free. */
EVP_PKEY *leak_ossl_der_key_wrong_type(const unsigned char *der, long len)
{
    const unsigned char *p = der;
    EVP_PKEY *key = d2i_AutoPrivateKey(NULL, &p, len);
    if (!key)
        return NULL;
    if (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA)
        return NULL; // expect: leak.credential
    return key;
}

/* Clean: the wrong-type key is freed. */
EVP_PKEY *clean_ossl_der_key_wrong_type(const unsigned char *der, long len)
{
    const unsigned char *p = der;
    EVP_PKEY *key = d2i_AutoPrivateKey(NULL, &p, len);
    if (!key)
        return NULL;
    if (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA) {
        EVP_PKEY_free(key);
        return NULL;
    }
    return key;
}

/* Leaks: the public key taken from a certificate (X509_get_pubkey returns
 * a new reference) is never freed. */
int leak_ossl_cert_pubkey_bits(const unsigned char *der, long len)
{
    const unsigned char *p = der;
    X509 *cert = d2i_X509(NULL, &p, len);
    if (!cert)
        return -1;
    EVP_PKEY *pub = X509_get_pubkey(cert);
    X509_free(cert);
    if (!pub)
        return -1;
    return EVP_PKEY_get_bits(pub); // expect: leak.credential
}

/* Clean: X509_get0_pubkey borrows the certificate's key; the certificate
 * is freed after the last use. */
int clean_ossl_cert_pubkey_bits(const unsigned char *der, long len)
{
    const unsigned char *p = der;
    X509 *cert = d2i_X509(NULL, &p, len);
    if (!cert)
        return -1;
    EVP_PKEY *pub = X509_get0_pubkey(cert);
    int bits = pub ? EVP_PKEY_get_bits(pub) : -1;
    X509_free(cert);
    return bits;
}

/* Leaks: a generated key is lost when setting up the signing context
 * fails. */
EVP_PKEY *leak_ossl_keygen_ctx(void)
{
    EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, NULL);
    if (!pctx)
        return NULL;
    EVP_PKEY *key = NULL;
    if (EVP_PKEY_keygen_init(pctx) <= 0 || EVP_PKEY_keygen(pctx, &key) <= 0) {
        EVP_PKEY_CTX_free(pctx);
        return NULL;
    }
    EVP_PKEY_CTX *check = EVP_PKEY_CTX_new(key, NULL);
    if (!check) {
        EVP_PKEY_CTX_free(pctx);
        return NULL; // expect: leak.credential
    }
    int ok = EVP_PKEY_check(check);
    EVP_PKEY_CTX_free(check);
    EVP_PKEY_CTX_free(pctx);
    if (ok != 1) {
        EVP_PKEY_free(key);
        return NULL;
    }
    return key;
}

/* Clean: the key is freed when the check context cannot be made. */
EVP_PKEY *clean_ossl_keygen_ctx(void)
{
    EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, NULL);
    if (!pctx)
        return NULL;
    EVP_PKEY *key = NULL;
    if (EVP_PKEY_keygen_init(pctx) <= 0 || EVP_PKEY_keygen(pctx, &key) <= 0) {
        EVP_PKEY_CTX_free(pctx);
        return NULL;
    }
    EVP_PKEY_CTX_free(pctx);
    EVP_PKEY_CTX *check = EVP_PKEY_CTX_new(key, NULL);
    if (!check) {
        EVP_PKEY_free(key);
        return NULL;
    }
    int ok = EVP_PKEY_check(check);
    EVP_PKEY_CTX_free(check);
    if (ok != 1) {
        EVP_PKEY_free(key);
        return NULL;
    }
    return key;
}

/* Leaks: the key generation context is not freed after the key is made. */
EVP_PKEY *leak_ossl_pkey_ctx(void)
{
    EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new_id(EVP_PKEY_X25519, NULL);
    if (!pctx)
        return NULL;
    EVP_PKEY *key = NULL;
    if (EVP_PKEY_keygen_init(pctx) <= 0)
        return NULL; // expect: leak.resource
    if (EVP_PKEY_keygen(pctx, &key) <= 0)
        key = NULL;
    EVP_PKEY_CTX_free(pctx);
    return key;
}

/* Leaks: a store whose CA certificate does not load is not freed; the
 * certificate itself is freed (the store took its own reference). */
X509_STORE *leak_ossl_store_on_add_failure(FILE *ca)
{
    X509_STORE *store = X509_STORE_new();
    if (!store)
        return NULL;
    X509 *cert = PEM_read_X509(ca, NULL, NULL, NULL);
    if (!cert)
        return NULL; // expect: leak.resource
    int rc = X509_STORE_add_cert(store, cert);
    X509_free(cert);
    if (rc != 1) {
        X509_STORE_free(store);
        return NULL;
    }
    return store;
}

/* Clean: the store is freed on the failure path, and the certificate is
 * freed after X509_STORE_add_cert. */
X509_STORE *clean_ossl_store_on_add_failure(FILE *ca)
{
    X509_STORE *store = X509_STORE_new();
    if (!store)
        return NULL;
    X509 *cert = PEM_read_X509(ca, NULL, NULL, NULL);
    if (!cert) {
        X509_STORE_free(store);
        return NULL;
    }
    int rc = X509_STORE_add_cert(store, cert);
    X509_free(cert);
    if (rc != 1) {
        X509_STORE_free(store);
        return NULL;
    }
    return store;
}

/* Clean: SSL_CTX_set_cert_store hands the store to the context. */
int clean_ossl_store_to_ctx(SSL_CTX *ctx, const char *ca_file)
{
    X509_STORE *store = X509_STORE_new();
    if (!store)
        return -1;
    if (X509_STORE_load_file(store, ca_file) != 1) {
        X509_STORE_free(store);
        return -1;
    }
    SSL_CTX_set_cert_store(ctx, store);
    return 0;
}

/* Clean: SSL_CTX_add_extra_chain_cert (a macro over SSL_CTX_ctrl) makes
 * the context the owner of the certificate. */
int clean_ossl_extra_chain_cert(SSL_CTX *ctx, BIO *in)
{
    X509 *cert = PEM_read_bio_X509(in, NULL, NULL, NULL);
    if (!cert)
        return -1;
    if (!SSL_CTX_add_extra_chain_cert(ctx, cert)) {
        X509_free(cert);
        return -1;
    }
    return 0;
}

/* Leaks: a copy of the certificate is made for the chain and then only
 * counted, never pushed or freed. */
int leak_ossl_cert_dup_unused(X509 *leaf, STACK_OF(X509) *chain)
{
    X509 *copy = X509_dup(leaf);
    if (!copy)
        return -1;
    return sk_X509_num(chain); // expect: leak.credential
}

/* Clean: sk_X509_push makes the stack the owner of the copy. */
int clean_ossl_cert_dup_pushed(X509 *leaf, STACK_OF(X509) *chain)
{
    X509 *copy = X509_dup(leaf);
    if (!copy)
        return -1;
    if (!sk_X509_push(chain, copy)) {
        X509_free(copy);
        return -1;
    }
    return sk_X509_num(chain);
}

/* Leaks: the chain copy made by X509_chain_up_ref is counted and dropped. */
int leak_ossl_chain_copy(STACK_OF(X509) *chain)
{
    STACK_OF(X509) *copy = X509_chain_up_ref(chain);
    if (!copy)
        return -1;
    return sk_X509_num(copy); // expect: leak.resource
}

/* Clean: the chain copy and its certificates are freed with
 * sk_X509_pop_free. */
int clean_ossl_chain_copy(STACK_OF(X509) *chain)
{
    STACK_OF(X509) *copy = X509_chain_up_ref(chain);
    if (!copy)
        return -1;
    int n = sk_X509_num(copy);
    sk_X509_pop_free(copy, X509_free);
    return n;
}

/* Leaks: a CRL that does not load into the store is not freed. */
int leak_ossl_crl_on_add_failure(X509_STORE *store, BIO *in)
{
    X509_CRL *crl = PEM_read_bio_X509_CRL(in, NULL, NULL, NULL);
    if (!crl)
        return -1;
    if (X509_STORE_add_crl(store, crl) != 1)
        return -1; // expect: leak.resource
    X509_CRL_free(crl);
    return 0;
}

/* Clean: X509_STORE_add_crl takes its own reference; the CRL is freed. */
int clean_ossl_crl_on_add_failure(X509_STORE *store, BIO *in)
{
    X509_CRL *crl = PEM_read_bio_X509_CRL(in, NULL, NULL, NULL);
    if (!crl)
        return -1;
    int rc = X509_STORE_add_crl(store, crl);
    X509_CRL_free(crl);
    return rc == 1 ? 0 : -1;
}
