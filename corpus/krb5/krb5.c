/* Kerberos: library contexts (krb5.context, kind resource), credential
 * caches (krb5.ccache, kind credential) and principals (krb5.principal,
 * kind resource).
 *
 * All three are written through an out-parameter and a return of 0 is
 * success: krb5_init_context(&ctx) (out 0), krb5_cc_default(ctx, &cc)
 * (out 1), krb5_cc_resolve(ctx, name, &cc) (out 2), krb5_parse_name(ctx,
 * name, &p) (out 2).  Releases: krb5_free_context(ctx), krb5_cc_close or
 * krb5_cc_destroy(ctx, cc) (argument 1), krb5_free_principal(ctx, p)
 * (argument 1).  The krb5_context argument of the other calls is borrowed.
 */
#include <krb5.h>
#include <stdlib.h>
#include <string.h>

/* Leaks: the context is not freed when the default realm is missing. */
int leak_context_on_realm_failure(char **realm_out)
{
    krb5_context ctx;
    if (krb5_init_context(&ctx) != 0)
        return -1;
    char *realm;
    if (krb5_get_default_realm(ctx, &realm) != 0)
        return -1; // expect: leak.resource
    *realm_out = strdup(realm);
    krb5_free_default_realm(ctx, realm);
    krb5_free_context(ctx);
    return *realm_out ? 0 : -1;
}

/* Clean: the context is freed on the missing-realm path too. */
int clean_context_on_realm_failure(char **realm_out)
{
    krb5_context ctx;
    if (krb5_init_context(&ctx) != 0)
        return -1;
    char *realm;
    if (krb5_get_default_realm(ctx, &realm) != 0) {
        krb5_free_context(ctx);
        return -1;
    }
    *realm_out = strdup(realm);
    krb5_free_default_realm(ctx, realm);
    krb5_free_context(ctx);
    return *realm_out ? 0 : -1;
}

/* Leaks: the resolved cache stays open when initialising it fails. */
krb5_error_code leak_ccache_on_initialize_failure(krb5_context ctx, const char *name,
                                                  krb5_principal client)
{
    krb5_ccache cc;
    krb5_error_code ret = krb5_cc_resolve(ctx, name, &cc);
    if (ret)
        return ret;
    ret = krb5_cc_initialize(ctx, cc, client);
    if (ret)
        return ret; // expect: leak.credential
    return krb5_cc_close(ctx, cc);
}

/* Clean: the cache is closed on the failure path, and closing is the
 * success path's return value. */
krb5_error_code clean_ccache_on_initialize_failure(krb5_context ctx, const char *name,
                                                   krb5_principal client)
{
    krb5_ccache cc;
    krb5_error_code ret = krb5_cc_resolve(ctx, name, &cc);
    if (ret)
        return ret;
    ret = krb5_cc_initialize(ctx, cc, client);
    if (ret) {
        krb5_cc_close(ctx, cc);
        return ret;
    }
    return krb5_cc_close(ctx, cc);
}

/* Clean: logging out destroys the default cache, which releases it. */
krb5_error_code clean_ccache_destroy(krb5_context ctx)
{
    krb5_ccache cc;
    krb5_error_code ret = krb5_cc_default(ctx, &cc);
    if (ret != 0)
        return ret;
    return krb5_cc_destroy(ctx, cc);
}

/* Leaks: the default cache is opened to read its principal and never closed. */
krb5_error_code leak_ccache_default_not_closed(krb5_context ctx, krb5_principal *client)
{
    krb5_ccache cc;
    krb5_error_code ret = krb5_cc_default(ctx, &cc);
    if (ret != 0)
        return ret;
    ret = krb5_cc_get_principal(ctx, cc, client);
    return ret; // expect: leak.credential
}

/* Leaks: the parsed principal is not freed when unparsing fails. */
int leak_principal_on_unparse_failure(krb5_context ctx, const char *user, char **canon)
{
    krb5_principal p;
    if (krb5_parse_name(ctx, user, &p) != 0)
        return -1;
    if (krb5_unparse_name(ctx, p, canon) != 0)
        return -1; // expect: leak.resource
    krb5_free_principal(ctx, p);
    return 0;
}

/* Clean: the principal is freed whatever unparsing returned. */
int clean_principal_on_unparse_failure(krb5_context ctx, const char *user, char **canon)
{
    krb5_principal p;
    if (krb5_parse_name(ctx, user, &p) != 0)
        return -1;
    krb5_error_code ret = krb5_unparse_name(ctx, p, canon);
    krb5_free_principal(ctx, p);
    return ret ? -1 : 0;
}
