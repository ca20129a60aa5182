/* GSS-API credentials (gssapi.cred, kind credential).
 *
 * gss_acquire_cred writes the credential through its sixth argument (out 5),
 * gss_acquire_cred_with_password through its seventh (out 6); a major status
 * of GSS_S_COMPLETE (0) is success.  The release is
 * gss_release_cred(&minor, &cred): the handle is passed by pointer
 * (argument 1).  gss_inquire_cred borrows.
 */
#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>
#include <stdio.h>
#include <string.h>

/* Leaks: a credential about to expire is rejected without being released. */
int leak_cred_expiring(gss_name_t me, gss_cred_id_t *out)
{
    OM_uint32 maj, min, lifetime = 0;
    gss_cred_id_t cred = GSS_C_NO_CREDENTIAL;
    maj = gss_acquire_cred(&min, me, GSS_C_INDEFINITE, GSS_C_NO_OID_SET,
                           GSS_C_INITIATE, &cred, NULL, &lifetime);
    if (maj != GSS_S_COMPLETE)
        return -1;
    if (lifetime < 60) {
        fprintf(stderr, "credential expires in %u s\n", (unsigned)lifetime);
        return -1; // expect: leak.credential
    }
    *out = cred;
    return 0;
}

/* Clean: the rejected credential is released through a pointer to it. */
int clean_cred_expiring(gss_name_t me, gss_cred_id_t *out)
{
    OM_uint32 maj, min, lifetime = 0;
    gss_cred_id_t cred = GSS_C_NO_CREDENTIAL;
    maj = gss_acquire_cred(&min, me, GSS_C_INDEFINITE, GSS_C_NO_OID_SET,
                           GSS_C_INITIATE, &cred, NULL, &lifetime);
    if (maj != GSS_S_COMPLETE)
        return -1;
    if (lifetime < 60) {
        fprintf(stderr, "credential expires in %u s\n", (unsigned)lifetime);
        gss_release_cred(&min, &cred);
        return -1;
    }
    *out = cred;
    return 0;
}

/* Clean: the password credential is inquired and released; maj is reused
 * after the acquisition check. */
int clean_cred_with_password(gss_name_t user, const char *pw, OM_uint32 *lifetime)
{
    OM_uint32 maj, min;
    gss_cred_id_t cred = GSS_C_NO_CREDENTIAL;
    gss_buffer_desc pwbuf = { strlen(pw), (void *)pw };
    maj = gss_acquire_cred_with_password(&min, user, &pwbuf, GSS_C_INDEFINITE,
                                         GSS_C_NO_OID_SET, GSS_C_INITIATE, &cred, NULL, NULL);
    if (maj != GSS_S_COMPLETE)
        return -1;
    maj = gss_inquire_cred(&min, cred, NULL, lifetime, NULL, NULL);
    gss_release_cred(&min, &cred);
    return maj == GSS_S_COMPLETE ? 0 : -1;
}

/* Leaks: the status variable now holds gss_inquire_cred's result; its
 * failure branch is not a failed acquisition and returns the credential. */
int leak_cred_with_password_on_inquire(gss_name_t user, const char *pw, OM_uint32 *lifetime)
{
    OM_uint32 maj, min;
    gss_cred_id_t cred = GSS_C_NO_CREDENTIAL;
    gss_buffer_desc pwbuf = { strlen(pw), (void *)pw };
    maj = gss_acquire_cred_with_password(&min, user, &pwbuf, GSS_C_INDEFINITE,
                                         GSS_C_NO_OID_SET, GSS_C_INITIATE, &cred, NULL, NULL);
    if (maj != GSS_S_COMPLETE)
        return -1;
    maj = gss_inquire_cred(&min, cred, NULL, lifetime, NULL, NULL);
    if (maj != GSS_S_COMPLETE)
        return -1; // expect: leak.credential
    gss_release_cred(&min, &cred);
    return 0;
}

/* Leaks: the exit label releases only the name; the inquire failure jumps
 * there with the credential still owned. */
int leak_cred_goto_ladder(const char *user, gss_cred_id_t *out)
{
    OM_uint32 maj, min;
    int ret = -1;
    gss_name_t name = GSS_C_NO_NAME;
    gss_cred_id_t cred = GSS_C_NO_CREDENTIAL;
    gss_buffer_desc buf = { strlen(user), (void *)user };

    maj = gss_import_name(&min, &buf, GSS_C_NT_USER_NAME, &name);
    if (maj != GSS_S_COMPLETE)
        goto out;
    maj = gss_acquire_cred(&min, name, GSS_C_INDEFINITE, GSS_C_NO_OID_SET,
                           GSS_C_INITIATE, &cred, NULL, NULL);
    if (maj != GSS_S_COMPLETE)
        goto out;
    maj = gss_inquire_cred(&min, cred, NULL, NULL, NULL, NULL);
    if (maj != GSS_S_COMPLETE)
        goto out;
    *out = cred;
    ret = 0;
out:
    gss_release_name(&min, &name);
    return ret; // expect: leak.credential
}

/* Clean: the credential handed out is cleared from the local, so the exit
 * label can release both unconditionally. */
int clean_cred_goto_ladder(const char *user, gss_cred_id_t *out)
{
    OM_uint32 maj, min;
    int ret = -1;
    gss_name_t name = GSS_C_NO_NAME;
    gss_cred_id_t cred = GSS_C_NO_CREDENTIAL;
    gss_buffer_desc buf = { strlen(user), (void *)user };

    maj = gss_import_name(&min, &buf, GSS_C_NT_USER_NAME, &name);
    if (maj != GSS_S_COMPLETE)
        goto out;
    maj = gss_acquire_cred(&min, name, GSS_C_INDEFINITE, GSS_C_NO_OID_SET,
                           GSS_C_INITIATE, &cred, NULL, NULL);
    if (maj != GSS_S_COMPLETE)
        goto out;
    maj = gss_inquire_cred(&min, cred, NULL, NULL, NULL, NULL);
    if (maj != GSS_S_COMPLETE)
        goto out;
    *out = cred;
    cred = GSS_C_NO_CREDENTIAL;
    ret = 0;
out:
    gss_release_cred(&min, &cred);
    gss_release_name(&min, &name);
    return ret;
}
