/* SQLite statements (sqlite3.stmt, kind resource).
 *
 * sqlite3_prepare and sqlite3_prepare_v2 write the statement through their
 * fourth argument (out 3), sqlite3_prepare_v3 through its fifth (out 4);
 * SQLITE_OK (0) is success and a failed prepare leaves no statement.  Step,
 * bind, column and reset borrow; only sqlite3_finalize releases.  The
 * connection is always a parameter here: it outlives the function, so a
 * statement left behind is a real leak.
 */
#include <sqlite3.h>
#include <stdio.h>

/* Leaks: a step that finds no row returns without sqlite3_finalize. */
int leak_stmt_on_step_result(sqlite3 *db, const char *key, char *val, int n)
{
    sqlite3_stmt *stmt;
    if (sqlite3_prepare_v2(db, "SELECT v FROM kv WHERE k = ?1", -1, &stmt, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(stmt);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? 0 : -1; // expect: leak.resource
    snprintf(val, (size_t)n, "%s", (const char *)sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    return 1;
}

/* Clean: the statement is finalized on the no-row path as well. */
int clean_stmt_on_step_result(sqlite3 *db, const char *key, char *val, int n)
{
    sqlite3_stmt *stmt;
    if (sqlite3_prepare_v2(db, "SELECT v FROM kv WHERE k = ?1", -1, &stmt, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(stmt);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(stmt);
        return rc == SQLITE_DONE ? 0 : -1;
    }
    snprintf(val, (size_t)n, "%s", (const char *)sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    return 1;
}

/* Leaks: each iteration prepares a statement and only resets it; the
 * return inside the loop is the first leaking exit by line (the end of the
 * loop body leaks the same acquisition and is not reported again). */
int leak_prepare_v3_in_loop(sqlite3 *db, const char *const *msgs, int n)
{
    for (int i = 0; i < n; i++) {
        sqlite3_stmt *stmt;
        if (sqlite3_prepare_v3(db, "INSERT INTO log(msg) VALUES (?)", -1, 0, &stmt, NULL) != SQLITE_OK)
            return -1;
        sqlite3_bind_text(stmt, 1, msgs[i], -1, SQLITE_TRANSIENT);
        if (sqlite3_step(stmt) != SQLITE_DONE)
            return -1; // expect: leak.resource
        sqlite3_reset(stmt);
    }
    return 0;
}

/* Clean: one statement prepared before the loop, reset in it, finalized after. */
int clean_stmt_reused_in_loop(sqlite3 *db, const char *const *msgs, int n)
{
    sqlite3_stmt *stmt;
    if (sqlite3_prepare_v3(db, "INSERT INTO log(msg) VALUES (?)", -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
        return -1;
    int rc = SQLITE_DONE;
    for (int i = 0; i < n && rc == SQLITE_DONE; i++) {
        sqlite3_bind_text(stmt, 1, msgs[i], -1, SQLITE_TRANSIENT);
        rc = sqlite3_step(stmt);
        sqlite3_reset(stmt);
    }
    sqlite3_finalize(stmt);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* Clean: the prepared statement goes to the caller through *out. */
int clean_prepare_into_out_param(sqlite3 *db, sqlite3_stmt **out)
{
    sqlite3_stmt *stmt;
    int rc = sqlite3_prepare_v2(db, "SELECT v FROM kv WHERE k = ?1", -1, &stmt, NULL);
    if (rc != SQLITE_OK)
        return rc;
    *out = stmt;
    return SQLITE_OK;
}

/* Leaks: the bind failure jumps to a label past both finalizers, so both
 * statements leak at the one return (two acquisitions, two findings). */
int leak_stmt_goto_wrong_label(sqlite3 *db, int from, int to)
{
    sqlite3_stmt *debit = NULL, *credit = NULL;
    int ret = -1;
    if (sqlite3_prepare_v2(db, "UPDATE acct SET bal = bal - 1 WHERE id = ?", -1, &debit, NULL) != SQLITE_OK)
        goto out;
    if (sqlite3_prepare_v2(db, "UPDATE acct SET bal = bal + 1 WHERE id = ?", -1, &credit, NULL) != SQLITE_OK)
        goto out_debit;
    if (sqlite3_bind_int(debit, 1, from) != SQLITE_OK || sqlite3_bind_int(credit, 1, to) != SQLITE_OK)
        goto out;
    if (sqlite3_step(debit) == SQLITE_DONE && sqlite3_step(credit) == SQLITE_DONE)
        ret = 0;
    sqlite3_finalize(credit);
out_debit:
    sqlite3_finalize(debit);
out:
    return ret; // expect: leak.resource, leak.resource
}

/* Clean: the same ladder with the bind failure sent to the right label. */
int clean_stmt_goto_right_label(sqlite3 *db, int from, int to)
{
    sqlite3_stmt *debit = NULL, *credit = NULL;
    int ret = -1;
    if (sqlite3_prepare_v2(db, "UPDATE acct SET bal = bal - 1 WHERE id = ?", -1, &debit, NULL) != SQLITE_OK)
        goto out;
    if (sqlite3_prepare_v2(db, "UPDATE acct SET bal = bal + 1 WHERE id = ?", -1, &credit, NULL) != SQLITE_OK)
        goto out_debit;
    if (sqlite3_bind_int(debit, 1, from) != SQLITE_OK || sqlite3_bind_int(credit, 1, to) != SQLITE_OK)
        goto out_credit;
    if (sqlite3_step(debit) == SQLITE_DONE && sqlite3_step(credit) == SQLITE_DONE)
        ret = 0;
out_credit:
    sqlite3_finalize(credit);
out_debit:
    sqlite3_finalize(debit);
out:
    return ret;
}
