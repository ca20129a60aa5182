/* Failure checks, one spelling per case.  On the branch where the check
 * says the acquisition failed there is nothing to release, so returning
 * there is clean: `h == NULL`, `NULL != h`, `if (h)` and its else branch,
 * `fd == -1`, `fd >= 0`, `if (!(h = init()))`, `if ((fd = open(...)) < 0)`,
 * checks joined with && and ||, and the status of an out-parameter
 * acquisition tested directly or through a variable.
 */
#include <curl/curl.h>
#include <fcntl.h>
#include <netdb.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Clean: `h == NULL` is the failure branch. */
int clean_eq_null(const char *url)
{
    CURL *h = curl_easy_init();
    if (h == NULL)
        return -1;
    curl_easy_setopt(h, CURLOPT_URL, url);
    CURLcode rc = curl_easy_perform(h);
    curl_easy_cleanup(h);
    return rc == CURLE_OK ? 0 : -1;
}

/* Clean: `NULL != h` guards the work; the fall-through return is the
 * failure branch. */
int clean_null_ne_handle(const char *url)
{
    CURL *h = curl_easy_init();
    if (NULL != h) {
        curl_easy_setopt(h, CURLOPT_URL, url);
        CURLcode rc = curl_easy_perform(h);
        curl_easy_cleanup(h);
        return rc == CURLE_OK ? 0 : -1;
    }
    return -1;
}

/* Clean: `if (f)` does the work; its else branch is the failure. */
int clean_if_handle_else(const char *path, char *buf, int n)
{
    FILE *f = fopen(path, "r");
    if (f) {
        char *got = fgets(buf, n, f);
        fclose(f);
        return got ? 0 : -1;
    } else {
        return -1;
    }
}

/* Clean: `fd == -1` is the failure branch. */
int clean_eq_minus_one(const char *path, char *buf, size_t n)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd == -1)
        return -1;
    ssize_t r = read(fd, buf, n);
    close(fd);
    return r < 0 ? -1 : 0;
}

/* Clean: `fd >= 0` holds the success path; the return after it is the
 * failure branch. */
int clean_ge_zero(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        close(fd);
        return 1;
    }
    return 0;
}

/* Clean: the assignment inside `!( ... )` is checked in place. */
int clean_assign_in_not(const char *url)
{
    CURL *h;
    if (!(h = curl_easy_init()))
        return -1;
    curl_easy_setopt(h, CURLOPT_URL, url);
    CURLcode rc = curl_easy_perform(h);
    curl_easy_cleanup(h);
    return rc == CURLE_OK ? 0 : -1;
}

/* Clean: the classic `(fd = open(...)) < 0`. */
int clean_assign_in_lt_zero(const char *path, const char *line)
{
    int fd;
    if ((fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)) < 0)
        return -1;
    ssize_t w = write(fd, line, strlen(line));
    close(fd);
    return w < 0 ? -1 : 0;
}

/* Clean: `a && b` guards the work; outside it, each handle that exists is
 * cleaned up (curl_easy_cleanup accepts NULL). */
int clean_and_success_branch(const char *u1, const char *u2)
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
    curl_easy_cleanup(a);
    curl_easy_cleanup(b);
    return -1;
}

/* Clean: `fd < 0 || ...` failure joined with another test. */
int clean_or_with_other_test(const char *path, int allowed)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || !allowed) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    close(fd);
    return 0;
}

/* Clean: the out-parameter acquisition's status tested in the if itself. */
int clean_status_direct(sqlite3 *db, int *n)
{
    sqlite3_stmt *stmt;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM kv", -1, &stmt, NULL) != SQLITE_OK)
        return -1;
    *n = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : 0;
    sqlite3_finalize(stmt);
    return 0;
}

/* Clean: the status kept in a variable and tested as `if (rc)`. */
int clean_status_variable_truthy(const char *host, char *canon, size_t n)
{
    struct addrinfo hints, *res;
    memset(&hints, 0, sizeof hints);
    hints.ai_flags = AI_CANONNAME;
    int rc = getaddrinfo(host, NULL, &hints, &res);
    if (rc)
        return -1;
    snprintf(canon, n, "%s", res->ai_canonname ? res->ai_canonname : host);
    freeaddrinfo(res);
    return 0;
}

/* Clean: the status tested with the constant first. */
int clean_status_constant_first(sqlite3 *db)
{
    sqlite3_stmt *stmt;
    int rc = sqlite3_prepare_v2(db, "DELETE FROM kv", -1, &stmt, NULL);
    if (SQLITE_OK != rc)
        return rc;
    rc = sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}
