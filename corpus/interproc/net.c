/* interproc/net.c: a third wrapper level, an out-parameter helper, a
 * constructor/destructor pair, a transfer into a struct, and a close routine
 * that returns early. */
#include <stdlib.h>

#include "net.h"

/* Wrapper, depth 3. */
CURL *net_open(const char *url)
{
    CURL *h = client_make(30);
    if (!h)
        return NULL;
    if (curl_easy_setopt(h, CURLOPT_URL, url) != CURLE_OK) {
        handle_free(h);
        return NULL;
    }
    return h;
}

/* Out-parameter helper: on success the caller owns *out. */
int db_connect(const char *path, sqlite3 **out)
{
    sqlite3 *db;
    if (sqlite3_open(path, &db) != SQLITE_OK) {
        sqlite3_close(db);
        return -1;
    }
    *out = db;
    return 0;
}

/* Constructor: a struct holding a curl handle. */
struct conn *conn_open(void)
{
    struct conn *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->curl = curl_easy_init();
    if (!c->curl) {
        free(c);
        return NULL;
    }
    return c;
}

/* Destructor: releases the field and the struct. */
void conn_close(struct conn *c)
{
    if (!c)
        return;
    curl_easy_cleanup(c->curl);
    free(c);
}

/* Moves h into c: the struct owns it afterwards. */
void conn_set_curl(struct conn *c, CURL *h)
{
    c->curl = h;
}

/* The close routine that skips its close when the loop is absent. */
void session_close(struct session *s, void *loop)
{
    if (loop == NULL)
        return; // expect: release.partial
    ssh_disconnect(s->ssh);
    ssh_free(s->ssh);
}
