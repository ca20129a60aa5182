/* Checks that are NOT failed acquisitions: errno, the status of a later
 * call kept in the same variable, a success branch that covers only the
 * case where everything worked.  Returning on those branches leaks.
 */
#include <curl/curl.h>
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>

/* Leaks: errno can be set while fopen succeeded; the stream leaks there. */
int leak_errno_instead_of_handle(const char *path, char *buf, int n)
{
    errno = 0;
    FILE *f = fopen(path, "r");
    if (errno != 0)
        return -1; // expect: leak.resource
    if (f == NULL)
        return -1;
    char *got = fgets(buf, n, f);
    fclose(f);
    return got ? 0 : -1;
}

/* Clean: the stream itself is tested. */
int clean_handle_instead_of_errno(const char *path, char *buf, int n)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return -errno;
    char *got = fgets(buf, n, f);
    fclose(f);
    return got ? 0 : -1;
}

/* Leaks: rc now holds the bind status; its failure branch is not a failed
 * prepare. */
int leak_status_variable_reused(sqlite3 *db, const char *name)
{
    sqlite3_stmt *stmt;
    int rc = sqlite3_prepare_v2(db, "INSERT INTO t(name) VALUES (?)", -1, &stmt, NULL);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_bind_text(stmt, 1, name, -1, SQLITE_TRANSIENT);
    if (rc != SQLITE_OK)
        return rc; // expect: leak.resource
    rc = sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Clean: the bind failure finalizes the statement. */
int clean_status_variable_reused(sqlite3 *db, const char *name)
{
    sqlite3_stmt *stmt;
    int rc = sqlite3_prepare_v2(db, "INSERT INTO t(name) VALUES (?)", -1, &stmt, NULL);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_bind_text(stmt, 1, name, -1, SQLITE_TRANSIENT);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Leaks: only the both-succeeded branch cleans up; when exactly one handle
 * was created it leaks at the final return (each acquisition once). */
int leak_and_success_branch_only(const char *u1, const char *u2)
{
    CURL *a = curl_easy_init();
    CURL *b = curl_easy_init();
    if (a && b) {
        curl_easy_setopt(a, CURLOPT_URL, u1);
        curl_easy_setopt(b, CURLOPT_URL, u2);
        curl_easy_perform(a);
        curl_easy_perform(b);
        curl_easy_cleanup(a);
        curl_easy_cleanup(b);
        return 0;
    }
    return -1; // expect: leak.session, leak.session
}
