/* interproc/app.c: callers of the wrappers in client.c and net.c.  Each leak
 * is only visible through what the callee's body does with ownership. */
#include <stdlib.h>

#include "net.h"

/* Leak through three wrapper levels: the error return skips the release. */
int app_fetch(const char *url)
{
    CURL *h = net_open(url);
    if (!h)
        return -1;
    if (curl_easy_perform(h) != CURLE_OK)
        return -2; // expect: leak.session
    handle_free(h);
    return 0;
}

/* Clean twin: released through the releaser on both paths; handle_log only
 * borrows. */
int app_fetch_ok(const char *url)
{
    CURL *h = net_open(url);
    int rc = 0;
    if (!h)
        return -1;
    handle_log(h);
    if (curl_easy_perform(h) != CURLE_OK)
        rc = -2;
    handle_free(h);
    return rc;
}

/* Leak: the handle db_connect wrote through the out-parameter. */
int app_query(const char *path, int fast)
{
    sqlite3 *db;
    if (db_connect(path, &db) != 0)
        return -1;
    if (fast)
        return 1; // expect: leak.connector
    sqlite3_close(db);
    return 0;
}

/* Clean twin: a failed db_connect leaves nothing to close. */
int app_query_ok(const char *path)
{
    sqlite3 *db;
    if (db_connect(path, &db) != 0)
        return -1;
    sqlite3_close(db);
    return 0;
}

/* Leak: a constructed connection never destroyed. */
int app_conn_forgotten(void)
{
    struct conn *c = conn_open();
    if (!c)
        return -1;
    c->retries = 3;
    return 0; // expect: leak.session
}

/* Clean: constructor and destructor paired. */
int app_conn_ok(void)
{
    struct conn *c = conn_open();
    if (!c)
        return -1;
    curl_easy_perform(c->curl);
    conn_close(c);
    return 0;
}

/* Leak: free() of the struct does not release the handle inside it. */
void app_conn_freed(void)
{
    struct conn *c = conn_open();
    if (!c)
        return;
    free(c); // expect: leak.session
}

/* Clean: ownership moved into a struct that is destroyed properly. */
int app_transfer_ok(void)
{
    struct conn *c = calloc(1, sizeof *c);
    CURL *h = curl_easy_init();
    if (!c || !h) {
        free(c);
        if (h)
            curl_easy_cleanup(h);
        return -1;
    }
    conn_set_curl(c, h);
    conn_close(c);
    return 0;
}

/* Leak: moved into a struct that is freed without its field; h still names
 * the handle after the free, so the leak is where the last name goes. */
int app_transfer_leak(void)
{
    struct conn *c = calloc(1, sizeof *c);
    CURL *h = curl_easy_init();
    if (!c || !h) {
        free(c);
        if (h)
            curl_easy_cleanup(h);
        return -1;
    }
    conn_set_curl(c, h);
    free(c);
    return 0; // expect: leak.session
}

/* Leak through recursion and mutual recursion. */
void app_retry(void)
{
    CURL *a = retry_init(3);
    CURL *b = ping_a(2);
    if (b)
        curl_easy_cleanup(b);
    (void)a;
} // expect: leak.session

/* Clean: a handle given to a function pointer is assumed handed over (the
 * default --unknown-calls=escape). */
void app_callback(void (*sink)(CURL *))
{
    CURL *h = curl_easy_init();
    if (h)
        sink(h);
}

/* Clean: the close routine is called with a loop, so it closes. */
void app_session_done(struct session *s, void *loop)
{
    session_close(s, loop);
}
