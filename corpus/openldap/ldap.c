/* OpenLDAP sessions (openldap.ldap, kind connector), result messages
 * (openldap.message), BER elements (openldap.ber) and value arrays
 * (openldap.values).
 *
 * ldap_initialize(&ld, uri) returns LDAP_SUCCESS (0) with the session
 * written through argument 0, released by ldap_unbind_ext_s (whatever it
 * returns).  ldap_search_ext_s writes its result through argument 10 and
 * the result must be freed with ldap_msgfree "regardless of return value".
 * ldap_first_attribute hands out a BerElement through argument 2, freed
 * with ber_free(ber, 0); the attribute names are freed with ldap_memfree.
 */
#include <ldap.h>
#include <stddef.h>
#include <string.h>

/* Leaks: the session is not unbound when the bind fails. */
LDAP *leak_ldap_session_on_bind_failure(const char *uri, const char *dn, struct berval *pw)
{
    LDAP *ld = NULL;
    if (ldap_initialize(&ld, uri) != LDAP_SUCCESS)
        return NULL;
    int version = LDAP_VERSION3;
    ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &version);
    if (ldap_sasl_bind_s(ld, dn, LDAP_SASL_SIMPLE, pw, NULL, NULL, NULL) != LDAP_SUCCESS)
        return NULL; // expect: leak.connector
    return ld;
}

/* Clean: unbind on the failed bind. */
LDAP *clean_ldap_session_on_bind_failure(const char *uri, const char *dn, struct berval *pw)
{
    LDAP *ld = NULL;
    if (ldap_initialize(&ld, uri) != LDAP_SUCCESS)
        return NULL;
    int version = LDAP_VERSION3;
    ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &version);
    if (ldap_sasl_bind_s(ld, dn, LDAP_SASL_SIMPLE, pw, NULL, NULL, NULL) != LDAP_SUCCESS) {
        ldap_unbind_ext_s(ld, NULL, NULL);
        return NULL;
    }
    return ld;
}

/* Leaks: a failed search still returns a result message that must be
 * freed. */
int leak_ldap_search_result_on_failure(LDAP *ld, const char *base, const char *filter)
{
    LDAPMessage *res = NULL;
    int rc = ldap_search_ext_s(ld, base, LDAP_SCOPE_SUBTREE, filter, NULL, 0, NULL, NULL, NULL,
                               0, &res);
    if (rc != LDAP_SUCCESS)
        return -1; // expect: leak.resource
    int n = ldap_count_entries(ld, res);
    ldap_msgfree(res);
    return n;
}

/* Clean: the result is freed whatever the search returned. */
int clean_ldap_search_result_on_failure(LDAP *ld, const char *base, const char *filter)
{
    LDAPMessage *res = NULL;
    int rc = ldap_search_ext_s(ld, base, LDAP_SCOPE_SUBTREE, filter, NULL, 0, NULL, NULL, NULL,
                               0, &res);
    int n = rc == LDAP_SUCCESS ? ldap_count_entries(ld, res) : -1;
    ldap_msgfree(res);
    return n;
}

/* Leaks: the BerElement of the attribute walk is never freed; the names
 * are. */
int leak_ldap_ber_after_attributes(LDAP *ld, LDAPMessage *entry)
{
    BerElement *ber = NULL;
    int n = 0;
    for (char *a = ldap_first_attribute(ld, entry, &ber); a != NULL;
         a = ldap_next_attribute(ld, entry, ber)) {
        n++;
        ldap_memfree(a);
    }
    return n; // expect: leak.resource
}

/* Clean: ber_free(ber, 0) after the walk, when there is one. */
int clean_ldap_ber_after_attributes(LDAP *ld, LDAPMessage *entry)
{
    BerElement *ber = NULL;
    int n = 0;
    for (char *a = ldap_first_attribute(ld, entry, &ber); a != NULL;
         a = ldap_next_attribute(ld, entry, ber)) {
        n++;
        ldap_memfree(a);
    }
    if (ber != NULL)
        ber_free(ber, 0);
    return n;
}

/* Leaks: the values are not freed when the first one is too long. */
int leak_ldap_values_too_long(LDAP *ld, LDAPMessage *entry, const char *attr, char *out,
                              size_t size)
{
    struct berval **vals = ldap_get_values_len(ld, entry, attr);
    if (!vals)
        return -1;
    if (vals[0] == NULL || vals[0]->bv_len >= size)
        return -1; // expect: leak.resource
    memcpy(out, vals[0]->bv_val, vals[0]->bv_len);
    out[vals[0]->bv_len] = 0;
    ldap_value_free_len(vals);
    return 0;
}

/* Clean: the values are freed on both paths. */
int clean_ldap_values_too_long(LDAP *ld, LDAPMessage *entry, const char *attr, char *out,
                               size_t size)
{
    struct berval **vals = ldap_get_values_len(ld, entry, attr);
    if (!vals)
        return -1;
    int rc = -1;
    if (vals[0] != NULL && vals[0]->bv_len < size) {
        memcpy(out, vals[0]->bv_val, vals[0]->bv_len);
        out[vals[0]->bv_len] = 0;
        rc = 0;
    }
    ldap_value_free_len(vals);
    return rc;
}

/* Leaks: an asynchronous result that is not a search entry is dropped. */
int leak_ldap_result_wrong_type(LDAP *ld, int msgid, struct timeval *tv)
{
    LDAPMessage *msg = NULL;
    int type = ldap_result(ld, msgid, LDAP_MSG_ONE, tv, &msg);
    if (type <= 0)
        return -1;
    if (type != LDAP_RES_SEARCH_ENTRY)
        return 0; // expect: leak.resource
    ldap_msgfree(msg);
    return 1;
}

/* Clean: every result with a message is freed. */
int clean_ldap_result_wrong_type(LDAP *ld, int msgid, struct timeval *tv)
{
    LDAPMessage *msg = NULL;
    int type = ldap_result(ld, msgid, LDAP_MSG_ONE, tv, &msg);
    if (type <= 0)
        return -1;
    ldap_msgfree(msg);
    return type == LDAP_RES_SEARCH_ENTRY;
}
