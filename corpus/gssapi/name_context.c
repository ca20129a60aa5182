/* GSS-API names (gssapi.name, kind resource) and security contexts
 * (gssapi.context, kind session).
 *
 * gss_import_name writes the name through its fourth argument (out 3) and
 * gss_release_name(&minor, &name) releases it.  gss_init_sec_context
 * writes the context through its third argument (out 2),
 * gss_accept_sec_context through its second (out 1); both are released by
 * gss_delete_sec_context(&minor, &ctx, ...).  gss_wrap borrows the context.
 * The cases below release the context on the failure branch of the
 * establishing call too, so they do not depend on whether that branch
 * counts as a failed acquisition.
 */
#include <gssapi/gssapi.h>
#include <string.h>

/* Leaks: the imported service name is not released when acquiring fails. */
int leak_name_on_acquire_failure(const char *service, gss_cred_id_t *out)
{
    OM_uint32 maj, min;
    gss_buffer_desc buf = { strlen(service), (void *)service };
    gss_name_t name = GSS_C_NO_NAME;
    maj = gss_import_name(&min, &buf, GSS_C_NT_HOSTBASED_SERVICE, &name);
    if (maj != GSS_S_COMPLETE)
        return -1;
    maj = gss_acquire_cred(&min, name, GSS_C_INDEFINITE, GSS_C_NO_OID_SET,
                           GSS_C_ACCEPT, out, NULL, NULL);
    if (maj != GSS_S_COMPLETE)
        return -1; // expect: leak.resource
    gss_release_name(&min, &name);
    return 0;
}

/* Clean: the name is released right after it was used. */
int clean_name_on_acquire_failure(const char *service, gss_cred_id_t *out)
{
    OM_uint32 maj, min;
    gss_buffer_desc buf = { strlen(service), (void *)service };
    gss_name_t name = GSS_C_NO_NAME;
    maj = gss_import_name(&min, &buf, GSS_C_NT_HOSTBASED_SERVICE, &name);
    if (maj != GSS_S_COMPLETE)
        return -1;
    maj = gss_acquire_cred(&min, name, GSS_C_INDEFINITE, GSS_C_NO_OID_SET,
                           GSS_C_ACCEPT, out, NULL, NULL);
    gss_release_name(&min, &name);
    return maj == GSS_S_COMPLETE ? 0 : -1;
}

/* Leaks: the established context is not deleted when wrapping fails. */
int leak_context_on_wrap_failure(gss_name_t target, gss_buffer_t token,
                                 gss_buffer_t msg, gss_buffer_t wrapped)
{
    OM_uint32 maj, min;
    gss_ctx_id_t ctx = GSS_C_NO_CONTEXT;
    maj = gss_init_sec_context(&min, GSS_C_NO_CREDENTIAL, &ctx, target, GSS_C_NO_OID,
                               0, 0, GSS_C_NO_CHANNEL_BINDINGS, GSS_C_NO_BUFFER,
                               NULL, token, NULL, NULL);
    if (maj != GSS_S_COMPLETE) {
        gss_delete_sec_context(&min, &ctx, GSS_C_NO_BUFFER);
        return -1;
    }
    maj = gss_wrap(&min, ctx, 1, GSS_C_QOP_DEFAULT, msg, NULL, wrapped);
    if (maj != GSS_S_COMPLETE)
        return -1; // expect: leak.session
    gss_delete_sec_context(&min, &ctx, GSS_C_NO_BUFFER);
    return 0;
}

/* Clean: the context is deleted once, after the wrap, whatever it returned. */
int clean_context_on_wrap_failure(gss_name_t target, gss_buffer_t token,
                                  gss_buffer_t msg, gss_buffer_t wrapped)
{
    OM_uint32 maj, min;
    gss_ctx_id_t ctx = GSS_C_NO_CONTEXT;
    maj = gss_init_sec_context(&min, GSS_C_NO_CREDENTIAL, &ctx, target, GSS_C_NO_OID,
                               0, 0, GSS_C_NO_CHANNEL_BINDINGS, GSS_C_NO_BUFFER,
                               NULL, token, NULL, NULL);
    if (maj == GSS_S_COMPLETE)
        maj = gss_wrap(&min, ctx, 1, GSS_C_QOP_DEFAULT, msg, NULL, wrapped);
    gss_delete_sec_context(&min, &ctx, GSS_C_NO_BUFFER);
    return maj == GSS_S_COMPLETE ? 0 : -1;
}

/* Clean: the acceptor's context is deleted whatever the outcome. */
int clean_accept_context(gss_cred_id_t acceptor, gss_buffer_t in, gss_buffer_t out)
{
    OM_uint32 maj, min;
    gss_ctx_id_t ctx = GSS_C_NO_CONTEXT;
    maj = gss_accept_sec_context(&min, &ctx, acceptor, in, GSS_C_NO_CHANNEL_BINDINGS,
                                 NULL, NULL, out, NULL, NULL, NULL);
    gss_delete_sec_context(&min, &ctx, GSS_C_NO_BUFFER);
    return maj == GSS_S_COMPLETE ? 0 : -1;
}
