/* SQLite connections (sqlite3.db, kind connector).
 *
 * sqlite3_open, sqlite3_open_v2 and sqlite3_open16 write the handle through
 * their second argument (out 1) and allocate it even when they fail
 * (valid_on_failure): "Whether or not an error occurs when it is opened,
 * resources associated with the database connection handle should be
 * released by passing it to sqlite3_close()".  Testing their status is
 * therefore NOT a failed acquisition.  sqlite3_errmsg and sqlite3_exec
 * borrow.
 */
#include <sqlite3.h>
#include <stdio.h>

/* Leaks: a failed open still allocated the handle, and the error branch
 * returns without sqlite3_close. */
int leak_open_status_checked(const char *path)
{
    sqlite3 *db;
    if (sqlite3_open(path, &db) != SQLITE_OK) {
        fprintf(stderr, "cannot open %s: %s\n", path, sqlite3_errmsg(db));
        return -1; // expect: leak.connector
    }
    int rc = sqlite3_exec(db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
    sqlite3_close(db);
    return rc == SQLITE_OK ? 0 : -1;
}

/* Clean: the failed open is closed in the error branch. */
int clean_open_status_checked(const char *path)
{
    sqlite3 *db;
    if (sqlite3_open(path, &db) != SQLITE_OK) {
        fprintf(stderr, "cannot open %s: %s\n", path, sqlite3_errmsg(db));
        sqlite3_close(db);
        return -1;
    }
    int rc = sqlite3_exec(db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
    sqlite3_close(db);
    return rc == SQLITE_OK ? 0 : -1;
}

/* Leaks: the status kept in a variable does not make the handle go away. */
int leak_open_rc_variable(const char *path)
{
    sqlite3 *db;
    int rc = sqlite3_open(path, &db);
    if (rc)
        return rc; // expect: leak.connector
    rc = sqlite3_exec(db, "CREATE TABLE IF NOT EXISTS kv(k TEXT PRIMARY KEY, v TEXT)", NULL, NULL, NULL);
    sqlite3_close(db);
    return rc;
}

/* Clean: sqlite3_close_v2 runs on every path, success or not. */
int clean_open_v2_close_v2(const char *path)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, "CREATE TABLE IF NOT EXISTS kv(k TEXT PRIMARY KEY, v TEXT)", NULL, NULL, NULL);
    sqlite3_close_v2(db);
    return rc;
}

/* Clean: the goto ladder ends in one place that finalizes and closes; both
 * release functions accept a handle that was never set. */
int clean_open_v2_goto_out(const char *path, int *count)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;
    int ret = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        goto out;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM kv", -1, &stmt, NULL) != SQLITE_OK)
        goto out;
    if (sqlite3_step(stmt) != SQLITE_ROW)
        goto out;
    *count = sqlite3_column_int(stmt, 0);
    ret = 0;
out:
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return ret;
}

/* Leaks: the UTF-16 open is rejected on a read-only database without close. */
int leak_open16_on_readonly(const void *path16)
{
    sqlite3 *db;
    if (sqlite3_open16(path16, &db) != SQLITE_OK) {
        sqlite3_close(db);
        return -1;
    }
    if (sqlite3_db_readonly(db, "main") == 1)
        return -1; // expect: leak.connector
    sqlite3_close(db);
    return 0;
}
