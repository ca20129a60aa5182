/* libpq connections (libpq.conn, kind connector).
 *
 * PQconnectdb, PQconnectdbParams, PQsetdbLogin and PQconnectStart return a
 * connection object even when the connection failed (valid_on_failure): only
 * NULL (out of memory) is a failed acquisition.  A bad PQstatus is not:
 * "even if the server connection attempt fails (as indicated by PQstatus),
 * the application should call PQfinish to free the memory used by the
 * PGconn object" (libpq documentation).  PQstatus, PQerrorMessage and
 * PQconnectPoll borrow.
 */
#include <libpq-fe.h>
#include <stddef.h>
#include <stdio.h>

/* Leaks: the bad-status branch returns without PQfinish. */
PGconn *leak_conn_on_bad_status(const char *conninfo)
{
    PGconn *conn = PQconnectdb(conninfo);
    if (PQstatus(conn) != CONNECTION_OK) {
        fprintf(stderr, "connection failed: %s", PQerrorMessage(conn));
        return NULL; // expect: leak.connector
    }
    return conn;
}

/* Clean: the failed connection is finished before returning. */
PGconn *clean_conn_on_bad_status(const char *conninfo)
{
    PGconn *conn = PQconnectdb(conninfo);
    if (PQstatus(conn) != CONNECTION_OK) {
        fprintf(stderr, "connection failed: %s", PQerrorMessage(conn));
        PQfinish(conn);
        return NULL;
    }
    return conn;
}

/* Clean: NULL (out of memory) is a failed acquisition; the bad status is
 * finished. */
PGconn *clean_conn_params(const char *host, const char *dbname)
{
    const char *const keys[] = { "host", "dbname", NULL };
    const char *const vals[] = { host, dbname, NULL };
    PGconn *conn = PQconnectdbParams(keys, vals, 0);
    if (conn == NULL)
        return NULL;
    if (PQstatus(conn) == CONNECTION_BAD) {
        PQfinish(conn);
        return NULL;
    }
    return conn;
}

/* Leaks: a NULL check alone does not cover the bad-status connection. */
PGconn *leak_setdb_login_null_check_only(const char *host, const char *db, const char *user, const char *pw)
{
    PGconn *conn = PQsetdbLogin(host, NULL, NULL, NULL, db, user, pw);
    if (!conn)
        return NULL;
    if (PQstatus(conn) == CONNECTION_BAD)
        return NULL; // expect: leak.connector
    return conn;
}

/* Leaks: a failed non-blocking connection attempt is abandoned unfinished. */
PGconn *leak_connect_start_poll_failed(const char *conninfo)
{
    PGconn *conn = PQconnectStart(conninfo);
    if (!conn)
        return NULL;
    for (;;) {
        PostgresPollingStatusType st = PQconnectPoll(conn);
        if (st == PGRES_POLLING_OK)
            return conn;
        if (st == PGRES_POLLING_FAILED)
            return NULL; // expect: leak.connector
    }
}

/* Clean: the failed attempt is finished before giving up. */
PGconn *clean_connect_start_poll_failed(const char *conninfo)
{
    PGconn *conn = PQconnectStart(conninfo);
    if (!conn)
        return NULL;
    for (;;) {
        PostgresPollingStatusType st = PQconnectPoll(conn);
        if (st == PGRES_POLLING_OK)
            return conn;
        if (st == PGRES_POLLING_FAILED) {
            PQfinish(conn);
            return NULL;
        }
    }
}
