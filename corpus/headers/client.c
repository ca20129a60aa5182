/* headers/client.c: the same leaks must be found whether or not the
 * project's headers can be found.  tests/test_corpus.c analyzes this file
 * twice: with compile_flags.txt (include/ on the path) and copied alone to a
 * directory where netclient.h, and so curl.h and sqlite3.h through it, are
 * missing.  Without headers sesslint guesses the missing declarations from
 * how names are used and still matches the calls by name. */
#include "netclient.h"

/* Leak: the early return after a failed setopt skips the cleanup. */
int client_fetch(const netclient_opts *o)
{
    CURL *h = curl_easy_init();
    CURLcode rc;
    if (!h)
        return -1;
    if (curl_easy_setopt(h, CURLOPT_URL, o->url) != CURLE_OK)
        return -2; // expect: leak.session
    rc = curl_easy_perform(h);
    curl_easy_cleanup(h);
    return rc == CURLE_OK ? 0 : -3;
}

/* Clean twin: every path after a successful init reaches the cleanup. */
int client_fetch_ok(const netclient_opts *o)
{
    CURL *h = curl_easy_init();
    int ret = 0;
    if (!h)
        return -1;
    if (curl_easy_setopt(h, CURLOPT_URL, o->url) != CURLE_OK)
        ret = -2;
    else if (curl_easy_perform(h) != CURLE_OK)
        ret = -3;
    curl_easy_cleanup(h);
    return ret;
}

/* Leak: sqlite3_open allocates the handle even when it fails. */
int client_cache_open(const char *path)
{
    sqlite3 *db;
    if (sqlite3_open(path, &db) != SQLITE_OK)
        return -1; // expect: leak.connector
    sqlite3_close(db);
    return 0;
}

/* Clean twin: the failure path closes too. */
int client_cache_open_ok(const char *path)
{
    sqlite3 *db;
    int rc = sqlite3_open(path, &db);
    sqlite3_close(db);
    return rc == SQLITE_OK ? 0 : -1;
}
