/* libpq results (libpq.result, kind resource).
 *
 * PQexec, PQexecParams, PQexecPrepared, PQprepare, PQdescribePrepared and
 * PQgetResult return a result that must be PQclear'ed whatever its status;
 * only NULL is a failed acquisition.  The connection argument of those calls
 * is borrowed.  PQresultStatus, PQntuples and PQgetvalue borrow the result.
 * PQfinish does not free results, so the connection is a parameter here.
 */
#include <libpq-fe.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* Leaks: an error result still has to be cleared. */
int leak_result_on_bad_status(PGconn *conn, const char *sql)
{
    PGresult *res = PQexec(conn, sql);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        fprintf(stderr, "%s: %s", sql, PQerrorMessage(conn));
        return -1; // expect: leak.resource
    }
    PQclear(res);
    return 0;
}

/* Clean: the error result is cleared as well. */
int clean_result_on_bad_status(PGconn *conn, const char *sql)
{
    PGresult *res = PQexec(conn, sql);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        fprintf(stderr, "%s: %s", sql, PQerrorMessage(conn));
        PQclear(res);
        return -1;
    }
    PQclear(res);
    return 0;
}

/* Leaks: the empty-result check returns before PQclear. */
char *leak_result_on_no_rows(PGconn *conn, const char *user)
{
    const char *params[1] = { user };
    PGresult *res = PQexecParams(conn, "SELECT email FROM users WHERE name = $1",
                                 1, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        PQclear(res);
        return NULL;
    }
    if (PQntuples(res) == 0)
        return NULL; // expect: leak.resource
    char *email = strdup(PQgetvalue(res, 0, 0));
    PQclear(res);
    return email;
}

/* Clean: the value is copied out, then the result is cleared on every path. */
char *clean_result_on_no_rows(PGconn *conn, const char *user)
{
    const char *params[1] = { user };
    PGresult *res = PQexecParams(conn, "SELECT email FROM users WHERE name = $1",
                                 1, NULL, params, NULL, NULL, 0);
    char *email = NULL;
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) > 0)
        email = strdup(PQgetvalue(res, 0, 0));
    PQclear(res);
    return email;
}

/* Leaks: the result of PQprepare is dropped; nobody keeps it. */
int leak_prepare_result_dropped(PGconn *conn)
{
    PQprepare(conn, "ins", "INSERT INTO t VALUES ($1)", 1, NULL); // expect: leak.resource
    return 0;
}

/* Clean: the result of PQprepare is checked and cleared. */
int clean_prepare_result_cleared(PGconn *conn)
{
    PGresult *res = PQprepare(conn, "ins", "INSERT INTO t VALUES ($1)", 1, NULL);
    int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    return ok ? 0 : -1;
}

/* Clean: each result drained from PQgetResult is cleared inside the loop;
 * the loop ends on NULL, a failed acquisition. */
int clean_drain_results(PGconn *conn)
{
    int failed = 0;
    PGresult *res;
    while ((res = PQgetResult(conn)) != NULL) {
        if (PQresultStatus(res) == PGRES_FATAL_ERROR)
            failed = 1;
        PQclear(res);
    }
    return failed ? -1 : 0;
}

/* Leaks: a fatal result returns from inside the drain loop uncleared. */
int leak_drain_results_early_return(PGconn *conn)
{
    PGresult *res;
    while ((res = PQgetResult(conn)) != NULL) {
        if (PQresultStatus(res) == PGRES_FATAL_ERROR) {
            fprintf(stderr, "%s", PQresultErrorMessage(res));
            return -1; // expect: leak.resource
        }
        PQclear(res);
    }
    return 0;
}

/* Clean: the prepared statement's execution result is cleared on both paths. */
int clean_exec_prepared(PGconn *conn, const char *value)
{
    const char *params[1] = { value };
    PGresult *res = PQexecPrepared(conn, "ins", 1, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        PQclear(res);
        return -1;
    }
    PQclear(res);
    return 0;
}

/* Leaks: the description is consulted and never cleared. */
int leak_describe_prepared(PGconn *conn, const char *name)
{
    PGresult *res = PQdescribePrepared(conn, name);
    if (res == NULL)
        return -1;
    return PQnparams(res); // expect: leak.resource
}
