/* GnuTLS sessions (gnutls.session, kind session), credentials
 * (gnutls.certificate_credentials, gnutls.anon_client_credentials,
 * gnutls.psk_client_credentials, kind credential), priority caches,
 * certificates and private keys.
 *
 * Every constructor writes the object through argument 0 and returns
 * GNUTLS_E_SUCCESS (0) on success.  gnutls_credentials_set keeps a pointer
 * to the credentials without owning them; gnutls_bye only ends the TLS
 * connection; gnutls_certificate_set_x509_key copies the key it is given,
 * gnutls_certificate_set_key and gnutls_privkey_import_x509 take theirs.
 */
#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <stddef.h>

/* Leaks: the session is not deinitialized when the handshake fails. */
int leak_gnutls_session_on_handshake(gnutls_certificate_credentials_t cred, int fd)
{
    gnutls_session_t s;
    if (gnutls_init(&s, GNUTLS_CLIENT) != GNUTLS_E_SUCCESS)
        return -1;
    gnutls_set_default_priority(s);
    gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
    gnutls_transport_set_int(s, fd);
    int ret;
    do {
        ret = gnutls_handshake(s);
    } while (ret < 0 && gnutls_error_is_fatal(ret) == 0);
    if (ret < 0)
        return -1; // expect: leak.session
    gnutls_bye(s, GNUTLS_SHUT_RDWR);
    gnutls_deinit(s);
    return 0;
}

/* Clean: bye and deinit after use, deinit on the handshake failure. */
int clean_gnutls_session_on_handshake(gnutls_certificate_credentials_t cred, int fd)
{
    gnutls_session_t s;
    if (gnutls_init(&s, GNUTLS_CLIENT) != GNUTLS_E_SUCCESS)
        return -1;
    gnutls_set_default_priority(s);
    gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
    gnutls_transport_set_int(s, fd);
    int ret;
    do {
        ret = gnutls_handshake(s);
    } while (ret < 0 && gnutls_error_is_fatal(ret) == 0);
    if (ret >= 0)
        gnutls_bye(s, GNUTLS_SHUT_RDWR);
    gnutls_deinit(s);
    return ret < 0 ? -1 : 0;
}

/* Leaks: the certificate credentials are dropped when the CA file does not
 * load. */
gnutls_certificate_credentials_t leak_gnutls_cred_on_bad_ca(const char *ca)
{
    gnutls_certificate_credentials_t cred;
    if (gnutls_certificate_allocate_credentials(&cred) < 0)
        return NULL;
    if (gnutls_certificate_set_x509_trust_file(cred, ca, GNUTLS_X509_FMT_PEM) <= 0)
        return NULL; // expect: leak.credential
    return cred;
}

/* Clean: the credentials are freed when the CA file does not load. */
gnutls_certificate_credentials_t clean_gnutls_cred_on_bad_ca(const char *ca)
{
    gnutls_certificate_credentials_t cred;
    if (gnutls_certificate_allocate_credentials(&cred) < 0)
        return NULL;
    if (gnutls_certificate_set_x509_trust_file(cred, ca, GNUTLS_X509_FMT_PEM) <= 0) {
        gnutls_certificate_free_credentials(cred);
        return NULL;
    }
    return cred;
}

/* Leaks: the session is freed, but the anonymous credentials it used are
 * not (the session never owned them). */
int leak_gnutls_anon_cred_after_session(int fd)
{
    gnutls_anon_client_credentials_t anon;
    if (gnutls_anon_allocate_client_credentials(&anon) != 0)
        return -1;
    gnutls_session_t s;
    if (gnutls_init(&s, GNUTLS_CLIENT) != 0) {
        gnutls_anon_free_client_credentials(anon);
        return -1;
    }
    gnutls_credentials_set(s, GNUTLS_CRD_ANON, anon);
    gnutls_transport_set_int(s, fd);
    int ret = gnutls_handshake(s);
    gnutls_deinit(s);
    return ret; // expect: leak.credential
}

/* Clean: credentials freed after the session that used them. */
int clean_gnutls_anon_cred_after_session(int fd)
{
    gnutls_anon_client_credentials_t anon;
    if (gnutls_anon_allocate_client_credentials(&anon) != 0)
        return -1;
    gnutls_session_t s;
    if (gnutls_init(&s, GNUTLS_CLIENT) != 0) {
        gnutls_anon_free_client_credentials(anon);
        return -1;
    }
    gnutls_credentials_set(s, GNUTLS_CRD_ANON, anon);
    gnutls_transport_set_int(s, fd);
    int ret = gnutls_handshake(s);
    gnutls_deinit(s);
    gnutls_anon_free_client_credentials(anon);
    return ret;
}

/* Leaks: the PSK credentials are not freed when the key cannot be set. */
gnutls_psk_client_credentials_t leak_gnutls_psk(const char *user, const gnutls_datum_t *key)
{
    gnutls_psk_client_credentials_t psk;
    if (gnutls_psk_allocate_client_credentials(&psk) != 0)
        return NULL;
    if (gnutls_psk_set_client_credentials(psk, user, key, GNUTLS_PSK_KEY_HEX) != 0)
        return NULL; // expect: leak.credential
    return psk;
}

/* Clean: freed on the failure path. */
gnutls_psk_client_credentials_t clean_gnutls_psk(const char *user, const gnutls_datum_t *key)
{
    gnutls_psk_client_credentials_t psk;
    if (gnutls_psk_allocate_client_credentials(&psk) != 0)
        return NULL;
    if (gnutls_psk_set_client_credentials(psk, user, key, GNUTLS_PSK_KEY_HEX) != 0) {
        gnutls_psk_free_client_credentials(psk);
        return NULL;
    }
    return psk;
}

/* Leaks: the priority cache is not freed when the session refuses it. */
int leak_gnutls_priority(gnutls_session_t s, const char *prio)
{
    gnutls_priority_t cache;
    if (gnutls_priority_init(&cache, prio, NULL) != GNUTLS_E_SUCCESS)
        return -1;
    if (gnutls_priority_set(s, cache) != GNUTLS_E_SUCCESS)
        return -1; // expect: leak.resource
    gnutls_priority_deinit(cache);
    return 0;
}

/* Clean: the cache is freed whatever gnutls_priority_set returned. */
int clean_gnutls_priority(gnutls_session_t s, const char *prio)
{
    gnutls_priority_t cache;
    if (gnutls_priority_init(&cache, prio, NULL) != GNUTLS_E_SUCCESS)
        return -1;
    int ret = gnutls_priority_set(s, cache);
    gnutls_priority_deinit(cache);
    return ret;
}

/* Leaks: a certificate that does not import is not deinitialized. */
int leak_gnutls_crt_on_import(const gnutls_datum_t *pem, char *dn, size_t *dn_size)
{
    gnutls_x509_crt_t crt;
    if (gnutls_x509_crt_init(&crt) < 0)
        return -1;
    if (gnutls_x509_crt_import(crt, pem, GNUTLS_X509_FMT_PEM) < 0)
        return -1; // expect: leak.credential
    int ret = gnutls_x509_crt_get_dn(crt, dn, dn_size);
    gnutls_x509_crt_deinit(crt);
    return ret;
}

/* Clean: deinit on the import failure too. */
int clean_gnutls_crt_on_import(const gnutls_datum_t *pem, char *dn, size_t *dn_size)
{
    gnutls_x509_crt_t crt;
    if (gnutls_x509_crt_init(&crt) < 0)
        return -1;
    int ret = gnutls_x509_crt_import(crt, pem, GNUTLS_X509_FMT_PEM);
    if (ret >= 0)
        ret = gnutls_x509_crt_get_dn(crt, dn, dn_size);
    gnutls_x509_crt_deinit(crt);
    return ret;
}

/* Leaks: gnutls_certificate_set_x509_key copies the key, so the caller's
 * key must still be deinitialized. */
int leak_gnutls_key_after_set_x509_key(gnutls_certificate_credentials_t cred,
                                       gnutls_x509_crt_t *chain, int n,
                                       const gnutls_datum_t *pem)
{
    gnutls_x509_privkey_t key;
    if (gnutls_x509_privkey_init(&key) < 0)
        return -1;
    if (gnutls_x509_privkey_import(key, pem, GNUTLS_X509_FMT_PEM) < 0) {
        gnutls_x509_privkey_deinit(key);
        return -1;
    }
    return gnutls_certificate_set_x509_key(cred, chain, n, key); // expect: leak.credential
}

/* Clean: the key is deinitialized after it was copied. */
int clean_gnutls_key_after_set_x509_key(gnutls_certificate_credentials_t cred,
                                        gnutls_x509_crt_t *chain, int n,
                                        const gnutls_datum_t *pem)
{
    gnutls_x509_privkey_t key;
    if (gnutls_x509_privkey_init(&key) < 0)
        return -1;
    int ret = gnutls_x509_privkey_import(key, pem, GNUTLS_X509_FMT_PEM);
    if (ret >= 0)
        ret = gnutls_certificate_set_x509_key(cred, chain, n, key);
    gnutls_x509_privkey_deinit(key);
    return ret;
}

/* Clean: gnutls_certificate_set_key makes the key part of the
 * credentials. */
int clean_gnutls_set_key_takes_privkey(gnutls_certificate_credentials_t cred,
                                       gnutls_pcert_st *pcerts, unsigned n,
                                       const gnutls_datum_t *pem)
{
    gnutls_privkey_t key;
    if (gnutls_privkey_init(&key) < 0)
        return -1;
    if (gnutls_privkey_import_x509_raw(key, pem, GNUTLS_X509_FMT_PEM, NULL, 0) < 0) {
        gnutls_privkey_deinit(key);
        return -1;
    }
    int ret = gnutls_certificate_set_key(cred, NULL, 0, pcerts, n, key);
    if (ret < 0)
        gnutls_privkey_deinit(key);
    return ret;
}

/* Leaks: the abstract key is not deinitialized when the raw import
 * fails. */
gnutls_privkey_t leak_gnutls_privkey_import(const gnutls_datum_t *pem)
{
    gnutls_privkey_t key;
    if (gnutls_privkey_init(&key) < 0)
        return NULL;
    if (gnutls_privkey_import_x509_raw(key, pem, GNUTLS_X509_FMT_PEM, NULL, 0) < 0)
        return NULL; // expect: leak.credential
    return key;
}

/* Clean: deinitialized when the raw import fails. */
gnutls_privkey_t clean_gnutls_privkey_import(const gnutls_datum_t *pem)
{
    gnutls_privkey_t key;
    if (gnutls_privkey_init(&key) < 0)
        return NULL;
    if (gnutls_privkey_import_x509_raw(key, pem, GNUTLS_X509_FMT_PEM, NULL, 0) < 0) {
        gnutls_privkey_deinit(key);
        return NULL;
    }
    return key;
}
