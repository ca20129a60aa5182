/* Cyrus SASL connection contexts (sasl.conn, kind session).
 *
 * sasl_client_new and sasl_server_new write the context through their last
 * argument and return SASL_OK (0) on success; sasl_dispose(&conn) releases
 * it through a pointer to the context.  The other sasl_* calls borrow it.
 */
#include <sasl/sasl.h>
#include <stddef.h>

/* Leaks: the client context is not disposed of when no mechanism can be
 * started. */
int leak_sasl_client_on_start_failure(const char *host, const char *mechs, const char **out,
                                      unsigned *outlen)
{
    sasl_conn_t *conn = NULL;
    if (sasl_client_new("imap", host, NULL, NULL, NULL, 0, &conn) != SASL_OK)
        return -1;
    const char *mech = NULL;
    int rc = sasl_client_start(conn, mechs, NULL, out, outlen, &mech);
    if (rc != SASL_OK && rc != SASL_CONTINUE)
        return -1; // expect: leak.session
    sasl_dispose(&conn);
    return 0;
}

/* Clean: sasl_dispose on the failure path too. */
int clean_sasl_client_on_start_failure(const char *host, const char *mechs, const char **out,
                                       unsigned *outlen)
{
    sasl_conn_t *conn = NULL;
    if (sasl_client_new("imap", host, NULL, NULL, NULL, 0, &conn) != SASL_OK)
        return -1;
    const char *mech = NULL;
    int rc = sasl_client_start(conn, mechs, NULL, out, outlen, &mech);
    sasl_dispose(&conn);
    return rc == SASL_OK || rc == SASL_CONTINUE ? 0 : -1;
}

/* Leaks: a failed server step returns with the server context alive. */
int leak_sasl_server_on_step_failure(const char *mech, const char *in, unsigned inlen,
                                     const char **user)
{
    sasl_conn_t *conn;
    int rc = sasl_server_new("smtp", NULL, NULL, NULL, NULL, NULL, 0, &conn);
    if (rc != SASL_OK)
        return rc;
    const char *out;
    unsigned outlen;
    rc = sasl_server_start(conn, mech, in, inlen, &out, &outlen);
    if (rc != SASL_OK)
        return rc; // expect: leak.session
    rc = sasl_getprop(conn, SASL_USERNAME, (const void **)user);
    sasl_dispose(&conn);
    return rc;
}

/* Clean: one exit after sasl_server_new disposes of the context. */
int clean_sasl_server_on_step_failure(const char *mech, const char *in, unsigned inlen,
                                      const char **user)
{
    sasl_conn_t *conn;
    int rc = sasl_server_new("smtp", NULL, NULL, NULL, NULL, NULL, 0, &conn);
    if (rc != SASL_OK)
        return rc;
    const char *out;
    unsigned outlen;
    rc = sasl_server_start(conn, mech, in, inlen, &out, &outlen);
    if (rc == SASL_OK)
        rc = sasl_getprop(conn, SASL_USERNAME, (const void **)user);
    sasl_dispose(&conn);
    return rc;
}
