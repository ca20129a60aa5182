/* OpenSSL digest and cipher contexts (openssl.md_ctx, openssl.cipher_ctx)
 * and OCSP messages (openssl.ocsp_request, openssl.ocsp_response,
 * openssl.ocsp_basicresp, openssl.ocsp_certid), all kind resource.
 *
 * EVP_MD_CTX_new / EVP_CIPHER_CTX_new return NULL on failure and are freed
 * with EVP_MD_CTX_free / EVP_CIPHER_CTX_free.  OCSP_REQUEST_new,
 * d2i_OCSP_RESPONSE, OCSP_response_get1_basic and OCSP_cert_to_id return
 * new objects (NULL on failure); OCSP_request_add0_id hands the certificate
 * ID to the request.
 */
#include <openssl/evp.h>
#include <openssl/ocsp.h>
#include <openssl/x509.h>
#include <stddef.h>

/* Leaks: the digest context is not freed when the update fails. */
int leak_ossl_digest_on_update_failure(const void *data, size_t len, unsigned char *out)
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    if (!md)
        return -1;
    if (EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
        EVP_MD_CTX_free(md);
        return -1;
    }
    if (EVP_DigestUpdate(md, data, len) != 1)
        return -1; // expect: leak.resource
    unsigned int n = 0;
    int rc = EVP_DigestFinal_ex(md, out, &n);
    EVP_MD_CTX_free(md);
    return rc == 1 ? (int)n : -1;
}

/* Clean: every exit after EVP_MD_CTX_new goes through one free. */
int clean_ossl_digest_on_update_failure(const void *data, size_t len, unsigned char *out)
{
    int ret = -1;
    unsigned int n = 0;
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    if (!md)
        return -1;
    if (EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1)
        goto done;
    if (EVP_DigestUpdate(md, data, len) != 1)
        goto done;
    if (EVP_DigestFinal_ex(md, out, &n) == 1)
        ret = (int)n;
done:
    EVP_MD_CTX_free(md);
    return ret;
}

/* Leaks: the cipher context is not freed when the key setup fails. */
int leak_ossl_cipher_on_init_failure(const unsigned char *key, const unsigned char *iv,
                                     const unsigned char *in, int inlen, unsigned char *out)
{
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    if (c == NULL)
        return -1;
    if (EVP_EncryptInit_ex(c, EVP_aes_128_cbc(), NULL, key, iv) != 1)
        return -1; // expect: leak.resource
    int n = 0, fin = 0;
    int ok = EVP_EncryptUpdate(c, out, &n, in, inlen) == 1 &&
             EVP_EncryptFinal_ex(c, out + n, &fin) == 1;
    EVP_CIPHER_CTX_free(c);
    return ok ? n + fin : -1;
}

/* Clean: the cipher context is freed on the key setup failure too. */
int clean_ossl_cipher_on_init_failure(const unsigned char *key, const unsigned char *iv,
                                      const unsigned char *in, int inlen, unsigned char *out)
{
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    if (c == NULL)
        return -1;
    if (EVP_EncryptInit_ex(c, EVP_aes_128_cbc(), NULL, key, iv) != 1) {
        EVP_CIPHER_CTX_free(c);
        return -1;
    }
    int n = 0, fin = 0;
    int ok = EVP_EncryptUpdate(c, out, &n, in, inlen) == 1 &&
             EVP_EncryptFinal_ex(c, out + n, &fin) == 1;
    EVP_CIPHER_CTX_free(c);
    return ok ? n + fin : -1;
}

/* Leaks: the certificate ID is neither added to the request nor freed
 * when the request cannot be allocated. */
OCSP_REQUEST *leak_ossl_certid_without_request(X509 *cert, X509 *issuer)
{
    OCSP_CERTID *id = OCSP_cert_to_id(NULL, cert, issuer);
    if (!id)
        return NULL;
    OCSP_REQUEST *req = OCSP_REQUEST_new();
    if (!req)
        return NULL; // expect: leak.resource
    if (!OCSP_request_add0_id(req, id)) {
        OCSP_CERTID_free(id);
        OCSP_REQUEST_free(req);
        return NULL;
    }
    return req;
}

/* Clean: OCSP_request_add0_id hands the ID to the request, and the ID is
 * freed when there is no request to hand it to. */
OCSP_REQUEST *clean_ossl_certid_without_request(X509 *cert, X509 *issuer)
{
    OCSP_CERTID *id = OCSP_cert_to_id(NULL, cert, issuer);
    if (!id)
        return NULL;
    OCSP_REQUEST *req = OCSP_REQUEST_new();
    if (!req) {
        OCSP_CERTID_free(id);
        return NULL;
    }
    if (!OCSP_request_add0_id(req, id)) {
        OCSP_CERTID_free(id);
        OCSP_REQUEST_free(req);
        return NULL;
    }
    return req;
}

/* Leaks: the request is not freed when adding a nonce fails. */
OCSP_REQUEST *leak_ossl_request_on_nonce_failure(OCSP_CERTID *id)
{
    OCSP_REQUEST *req = OCSP_REQUEST_new();
    if (!req)
        return NULL;
    if (OCSP_request_add1_nonce(req, NULL, -1) != 1)
        return NULL; // expect: leak.resource
    if (!OCSP_request_add0_id(req, id)) {
        OCSP_REQUEST_free(req);
        return NULL;
    }
    return req;
}

/* Clean: the request is freed when adding a nonce fails. */
OCSP_REQUEST *clean_ossl_request_on_nonce_failure(OCSP_CERTID *id)
{
    OCSP_REQUEST *req = OCSP_REQUEST_new();
    if (!req)
        return NULL;
    if (OCSP_request_add1_nonce(req, NULL, -1) != 1 || !OCSP_request_add0_id(req, id)) {
        OCSP_REQUEST_free(req);
        return NULL;
    }
    return req;
}

/* Leaks: a response that is not successful is returned from without
 * OCSP_RESPONSE_free; the basic response is freed. */
int leak_ossl_response_status(const unsigned char *der, long len)
{
    const unsigned char *p = der;
    OCSP_RESPONSE *resp = d2i_OCSP_RESPONSE(NULL, &p, len);
    if (!resp)
        return -1;
    if (OCSP_response_status(resp) != OCSP_RESPONSE_STATUS_SUCCESSFUL)
        return -1; // expect: leak.resource
    OCSP_BASICRESP *bs = OCSP_response_get1_basic(resp);
    OCSP_RESPONSE_free(resp);
    if (!bs)
        return -1;
    int n = OCSP_resp_count(bs);
    OCSP_BASICRESP_free(bs);
    return n;
}

/* Leaks: the basic response (a get1 reference) is never freed. */
int leak_ossl_basicresp_count(OCSP_RESPONSE *resp)
{
    OCSP_BASICRESP *bs = OCSP_response_get1_basic(resp);
    if (!bs)
        return -1;
    return OCSP_resp_count(bs); // expect: leak.resource
}

/* Clean: the response and the basic response are freed on every path. */
int clean_ossl_response_status(const unsigned char *der, long len)
{
    const unsigned char *p = der;
    OCSP_RESPONSE *resp = d2i_OCSP_RESPONSE(NULL, &p, len);
    if (!resp)
        return -1;
    if (OCSP_response_status(resp) != OCSP_RESPONSE_STATUS_SUCCESSFUL) {
        OCSP_RESPONSE_free(resp);
        return -1;
    }
    OCSP_BASICRESP *bs = OCSP_response_get1_basic(resp);
    OCSP_RESPONSE_free(resp);
    if (!bs)
        return -1;
    int n = OCSP_resp_count(bs);
    OCSP_BASICRESP_free(bs);
    return n;
}
