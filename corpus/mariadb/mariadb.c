/* MariaDB Connector/C connections (mariadb.conn, kind connector), result
 * sets (mariadb.result) and prepared statements (mariadb.stmt).
 *
 * mysql_init(NULL) returns a new handle (NULL when out of memory).
 * mysql_real_connect returns that same handle or NULL: on failure the
 * handle from mysql_init must still be closed with mysql_close.  Result
 * sets are freed with mysql_free_result, statements with mysql_stmt_close.
 */
#include <mysql.h>
#include <stddef.h>
#include <string.h>

/* Leaks: a failed connect returns without closing the handle that
 * mysql_init allocated. */
MYSQL *leak_mariadb_conn_on_connect_failure(const char *host, const char *user,
                                            const char *pw, const char *db)
{
    MYSQL *m = mysql_init(NULL);
    if (m == NULL)
        return NULL;
    mysql_options(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
    if (!mysql_real_connect(m, host, user, pw, db, 0, NULL, 0))
        return NULL; // expect: leak.connector
    return m;
}

/* Clean: mysql_close after the failed connect. */
MYSQL *clean_mariadb_conn_on_connect_failure(const char *host, const char *user,
                                             const char *pw, const char *db)
{
    MYSQL *m = mysql_init(NULL);
    if (m == NULL)
        return NULL;
    mysql_options(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
    if (!mysql_real_connect(m, host, user, pw, db, 0, NULL, 0)) {
        mysql_close(m);
        return NULL;
    }
    return m;
}

/* Leaks: the result set is not freed when the table is empty. */
long leak_mariadb_result_empty(MYSQL *m, const char *query)
{
    if (mysql_query(m, query) != 0)
        return -1;
    MYSQL_RES *res = mysql_store_result(m);
    if (!res)
        return -1;
    if (mysql_num_rows(res) == 0)
        return 0; // expect: leak.resource
    MYSQL_ROW row = mysql_fetch_row(res);
    long v = row && row[0] ? (long)strlen(row[0]) : -1;
    mysql_free_result(res);
    return v;
}

/* Clean: the result set is freed on both paths. */
long clean_mariadb_result_empty(MYSQL *m, const char *query)
{
    if (mysql_query(m, query) != 0)
        return -1;
    MYSQL_RES *res = mysql_store_result(m);
    if (!res)
        return -1;
    long v = 0;
    if (mysql_num_rows(res) != 0) {
        MYSQL_ROW row = mysql_fetch_row(res);
        v = row && row[0] ? (long)strlen(row[0]) : -1;
    }
    mysql_free_result(res);
    return v;
}

/* Leaks: the prepared statement is not closed when preparing fails. */
int leak_mariadb_stmt_on_prepare_failure(MYSQL *m, const char *sql)
{
    MYSQL_STMT *st = mysql_stmt_init(m);
    if (!st)
        return -1;
    if (mysql_stmt_prepare(st, sql, strlen(sql)) != 0)
        return -1; // expect: leak.resource
    int rc = mysql_stmt_execute(st);
    mysql_stmt_close(st);
    return rc;
}

/* Clean: mysql_stmt_close on the failure path too. */
int clean_mariadb_stmt_on_prepare_failure(MYSQL *m, const char *sql)
{
    MYSQL_STMT *st = mysql_stmt_init(m);
    if (!st)
        return -1;
    int rc = mysql_stmt_prepare(st, sql, strlen(sql));
    if (rc == 0)
        rc = mysql_stmt_execute(st);
    mysql_stmt_close(st);
    return rc;
}
