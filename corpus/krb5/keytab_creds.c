/* Kerberos key tables (krb5.keytab, kind credential), initial credentials
 * filled in a caller's krb5_creds struct (krb5.creds, kind credential),
 * allocated credentials (krb5.creds_alloc), authentication contexts
 * (krb5.auth_context, kind session), initial credential options
 * (krb5.init_creds_opt) and contexts made from a profile.
 *
 * krb5_kt_resolve(ctx, name, &kt) / krb5_kt_default(ctx, &kt) are closed
 * with krb5_kt_close(ctx, kt).  krb5_get_init_creds_password and
 * krb5_get_init_creds_keytab fill the struct given as argument 1 and return
 * 0 on success; its contents are freed with krb5_free_cred_contents(ctx,
 * &creds).  krb5_cc_store_cred copies the credentials it stores.
 * krb5_get_credentials writes a krb5_creds * freed with krb5_free_creds.
 */
#include <krb5.h>
#include <string.h>

/* Leaks: the key table stays open when its first entry cannot be read. */
krb5_error_code leak_krb5_keytab_on_entry_failure(krb5_context ctx, const char *name,
                                                  krb5_kvno *kvno)
{
    krb5_keytab kt;
    krb5_error_code ret = krb5_kt_resolve(ctx, name, &kt);
    if (ret)
        return ret;
    krb5_kt_cursor cur;
    ret = krb5_kt_start_seq_get(ctx, kt, &cur);
    if (ret)
        return ret; // expect: leak.credential
    krb5_keytab_entry entry;
    ret = krb5_kt_next_entry(ctx, kt, &entry, &cur);
    if (ret == 0) {
        *kvno = entry.vno;
        krb5_free_keytab_entry_contents(ctx, &entry);
    }
    krb5_kt_end_seq_get(ctx, kt, &cur);
    krb5_kt_close(ctx, kt);
    return ret;
}

/* Clean: the key table is closed on the failure path too. */
krb5_error_code clean_krb5_keytab_on_entry_failure(krb5_context ctx, const char *name,
                                                   krb5_kvno *kvno)
{
    krb5_keytab kt;
    krb5_error_code ret = krb5_kt_resolve(ctx, name, &kt);
    if (ret)
        return ret;
    krb5_kt_cursor cur;
    ret = krb5_kt_start_seq_get(ctx, kt, &cur);
    if (ret) {
        krb5_kt_close(ctx, kt);
        return ret;
    }
    krb5_keytab_entry entry;
    ret = krb5_kt_next_entry(ctx, kt, &entry, &cur);
    if (ret == 0) {
        *kvno = entry.vno;
        krb5_free_keytab_entry_contents(ctx, &entry);
    }
    krb5_kt_end_seq_get(ctx, kt, &cur);
    krb5_kt_close(ctx, kt);
    return ret;
}

/* Leaks: the credentials obtained from the default key table are stored
 * in the cache and their contents never freed; the key table is closed. */
krb5_error_code leak_krb5_creds_from_keytab(krb5_context ctx, krb5_principal client,
                                            krb5_ccache cc)
{
    krb5_keytab kt;
    krb5_error_code ret = krb5_kt_default(ctx, &kt);
    if (ret)
        return ret;
    krb5_creds creds;
    memset(&creds, 0, sizeof creds);
    ret = krb5_get_init_creds_keytab(ctx, &creds, client, kt, 0, NULL, NULL);
    krb5_kt_close(ctx, kt);
    if (ret)
        return ret;
    return krb5_cc_store_cred(ctx, cc, &creds); // expect: leak.credential
}

/* Clean: the credentials' contents are freed after they are stored. */
krb5_error_code clean_krb5_creds_from_keytab(krb5_context ctx, krb5_principal client,
                                             krb5_ccache cc)
{
    krb5_keytab kt;
    krb5_error_code ret = krb5_kt_default(ctx, &kt);
    if (ret)
        return ret;
    krb5_creds creds;
    memset(&creds, 0, sizeof creds);
    ret = krb5_get_init_creds_keytab(ctx, &creds, client, kt, 0, NULL, NULL);
    krb5_kt_close(ctx, kt);
    if (ret)
        return ret;
    ret = krb5_cc_store_cred(ctx, cc, &creds);
    krb5_free_cred_contents(ctx, &creds);
    return ret;
}

/* Leaks: a failed cache initialisation returns with the password
 * credentials' contents still allocated. */
krb5_error_code leak_krb5_password_creds(krb5_context ctx, krb5_principal client,
                                         const char *password, krb5_ccache cc)
{
    krb5_creds creds;
    krb5_error_code ret =
        krb5_get_init_creds_password(ctx, &creds, client, password, NULL, NULL, 0, NULL, NULL);
    if (ret != 0)
        return ret;
    ret = krb5_cc_initialize(ctx, cc, client);
    if (ret != 0)
        return ret; // expect: leak.credential
    ret = krb5_cc_store_cred(ctx, cc, &creds);
    krb5_free_cred_contents(ctx, &creds);
    return ret;
}

/* Clean: one exit after the credentials are obtained frees them, and the
 * options structure is freed on every path. */
krb5_error_code clean_krb5_password_creds(krb5_context ctx, krb5_principal client,
                                          const char *password, krb5_ccache cc)
{
    krb5_get_init_creds_opt *opt;
    krb5_error_code ret = krb5_get_init_creds_opt_alloc(ctx, &opt);
    if (ret)
        return ret;
    krb5_get_init_creds_opt_set_forwardable(opt, 1);
    krb5_creds creds;
    ret = krb5_get_init_creds_password(ctx, &creds, client, password, NULL, NULL, 0, NULL, opt);
    krb5_get_init_creds_opt_free(ctx, opt);
    if (ret != 0)
        return ret;
    ret = krb5_cc_initialize(ctx, cc, client);
    if (ret == 0)
        ret = krb5_cc_store_cred(ctx, cc, &creds);
    krb5_free_cred_contents(ctx, &creds);
    return ret;
}

/* Leaks: the options structure is not freed when the password is
 * rejected. */
krb5_error_code leak_krb5_gic_opt(krb5_context ctx, krb5_principal client, const char *pw,
                                  krb5_creds *out)
{
    krb5_get_init_creds_opt *opt;
    krb5_error_code ret = krb5_get_init_creds_opt_alloc(ctx, &opt);
    if (ret)
        return ret;
    krb5_get_init_creds_opt_set_tkt_life(opt, 3600);
    ret = krb5_get_init_creds_password(ctx, out, client, pw, NULL, NULL, 0, NULL, opt);
    if (ret)
        return ret; // expect: leak.resource
    krb5_get_init_creds_opt_free(ctx, opt);
    return 0;
}

/* Leaks: the service ticket from krb5_get_credentials is never freed. */
krb5_error_code leak_krb5_service_ticket(krb5_context ctx, krb5_ccache cc, krb5_creds *in,
                                         krb5_deltat *life)
{
    krb5_creds *out = NULL;
    krb5_error_code ret = krb5_get_credentials(ctx, 0, cc, in, &out);
    if (ret)
        return ret;
    *life = out->times.endtime - out->times.starttime;
    return 0; // expect: leak.credential
}

/* Clean: the service ticket is freed after use. */
krb5_error_code clean_krb5_service_ticket(krb5_context ctx, krb5_ccache cc, krb5_creds *in,
                                          krb5_deltat *life)
{
    krb5_creds *out = NULL;
    krb5_error_code ret = krb5_get_credentials(ctx, 0, cc, in, &out);
    if (ret)
        return ret;
    *life = out->times.endtime - out->times.starttime;
    krb5_free_creds(ctx, out);
    return 0;
}

/* Leaks: the authentication context is not freed when setting its flags
 * fails. */
krb5_error_code leak_krb5_auth_context(krb5_context ctx, krb5_auth_context *out)
{
    krb5_auth_context ac = NULL;
    krb5_error_code ret = krb5_auth_con_init(ctx, &ac);
    if (ret)
        return ret;
    ret = krb5_auth_con_setflags(ctx, ac, KRB5_AUTH_CONTEXT_DO_SEQUENCE);
    if (ret)
        return ret; // expect: leak.session
    *out = ac;
    return 0;
}

/* Clean: krb5_auth_con_free on the failure path. */
krb5_error_code clean_krb5_auth_context(krb5_context ctx, krb5_auth_context *out)
{
    krb5_auth_context ac = NULL;
    krb5_error_code ret = krb5_auth_con_init(ctx, &ac);
    if (ret)
        return ret;
    ret = krb5_auth_con_setflags(ctx, ac, KRB5_AUTH_CONTEXT_DO_SEQUENCE);
    if (ret) {
        krb5_auth_con_free(ctx, ac);
        return ret;
    }
    *out = ac;
    return 0;
}

/* Leaks: a context made from a profile is not freed when the default
 * realm is missing. */
krb5_error_code leak_krb5_profile_context(struct _profile_t *profile, char **realm)
{
    krb5_context ctx;
    krb5_error_code ret = krb5_init_context_profile(profile, KRB5_INIT_CONTEXT_SECURE, &ctx);
    if (ret)
        return ret;
    ret = krb5_get_default_realm(ctx, realm);
    if (ret)
        return ret; // expect: leak.resource
    krb5_free_context(ctx);
    return 0;
}

/* Clean: the context is freed whatever the realm lookup returned. */
krb5_error_code clean_krb5_profile_context(struct _profile_t *profile, char **realm)
{
    krb5_context ctx;
    krb5_error_code ret = krb5_init_context_profile(profile, KRB5_INIT_CONTEXT_SECURE, &ctx);
    if (ret)
        return ret;
    ret = krb5_get_default_realm(ctx, realm);
    krb5_free_context(ctx);
    return ret;
}

/* Leaks: a cache that could not be moved is still open (krb5_cc_move
 * destroys its source only when it succeeds). */
krb5_error_code leak_krb5_cc_move_failure(krb5_context ctx, const char *name, krb5_ccache dst)
{
    krb5_ccache src;
    krb5_error_code ret = krb5_cc_resolve(ctx, name, &src);
    if (ret)
        return ret;
    ret = krb5_cc_move(ctx, src, dst);
    if (ret)
        return ret; // expect: leak.credential
    return 0;
}

/* Clean: the source cache is closed when the move fails; a successful
 * move destroyed it. */
krb5_error_code clean_krb5_cc_move_failure(krb5_context ctx, const char *name, krb5_ccache dst)
{
    krb5_ccache src;
    krb5_error_code ret = krb5_cc_resolve(ctx, name, &src);
    if (ret)
        return ret;
    ret = krb5_cc_move(ctx, src, dst);
    if (ret) {
        krb5_cc_close(ctx, src);
        return ret;
    }
    return 0;
}
