/* Escape into globals: a handle stored in a global, in a field of a global
 * struct or in an element of a global array is no longer the function's to
 * release.  The paths that return before the store can still leak.
 */
#define _GNU_SOURCE
#include <curl/curl.h>
#include <sqlite3.h>
#include <stddef.h>
#include <sys/socket.h>
#include <unistd.h>

static CURLM *g_multi;
int g_clients[64];

static struct {
    sqlite3 *db;
    int ready;
} g_store;

/* Clean: the multi handle is parked in a file-static global. */
int clean_store_in_static_global(void)
{
    CURLM *m = curl_multi_init();
    if (!m)
        return -1;
    if (curl_multi_setopt(m, CURLMOPT_MAXCONNECTS, 16L) != CURLM_OK) {
        curl_multi_cleanup(m);
        return -1;
    }
    g_multi = m;
    return 0;
}

/* Leaks: the setopt failure returns before the handle reaches the global. */
int leak_before_store_in_static_global(void)
{
    CURLM *m = curl_multi_init();
    if (!m)
        return -1;
    if (curl_multi_setopt(m, CURLMOPT_MAXCONNECTS, 16L) != CURLM_OK)
        return -1; // expect: leak.session
    g_multi = m;
    return 0;
}

/* Clean: the connection goes into a field of a global struct. */
int clean_store_in_global_field(const char *path)
{
    sqlite3 *db;
    if (sqlite3_open(path, &db) != SQLITE_OK) {
        sqlite3_close(db);
        return -1;
    }
    g_store.db = db;
    g_store.ready = 1;
    return 0;
}

/* Clean: the accepted socket goes into an element of a global array. */
int clean_store_in_global_array(int lfd, int slot)
{
    int c = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
    if (c < 0)
        return -1;
    g_clients[slot] = c;
    return 0;
}

/* Leaks: a full table turns the client away without closing its socket. */
int leak_before_store_in_global_array(int lfd, int slot)
{
    int c = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
    if (c < 0)
        return -1;
    if (slot < 0 || slot >= 64)
        return -1; // expect: leak.connector
    g_clients[slot] = c;
    return 0;
}
