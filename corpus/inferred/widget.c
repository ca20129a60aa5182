/* Rules inferred from declarations: widget.h has no rule file. */
#include <stddef.h>
#include <stdlib.h>
#include <widget/widget.h>

/* returned handle: leak on the send failure, and its clean twin */
int inf_conn_leak(const char *url)
{
    wg_conn *c = wg_conn_new(url);
    if (!c)
        return -1;
    if (wg_conn_send(c, "hello") != 0)
        return -1; // expect: leak.connector
    wg_conn_free(c);
    return 0;
}

int inf_conn_clean(const char *url)
{
    wg_conn *c = wg_conn_new(url);
    if (!c)
        return -1;
    if (wg_conn_send(c, "hello") != 0) {
        wg_conn_free(c);
        return -1;
    }
    wg_conn_free(c);
    return 0;
}

/* out-parameter with a status: nothing to release when it failed */
int inf_token_leak(const char *secret, int verbose)
{
    wg_token *t = NULL;
    if (wg_token_create(secret, &t) != 0)
        return -1;
    if (verbose)
        return 1; // expect: leak.credential
    wg_token_destroy(t);
    return 0;
}

int inf_token_clean(const char *secret, int verbose)
{
    wg_token *t = NULL;
    if (wg_token_create(secret, &t) != 0)
        return -1;
    wg_token_destroy(t);
    return verbose;
}

/* a destructor through the caller's pointer */
int inf_stream_leak(const char *path, char *buf)
{
    wg_stream *s = wg_stream_open(path);
    if (!s)
        return -1;
    if (wg_stream_read(s, buf, 16) < 0)
        return -1; // expect: leak.session
    wg_stream_close(&s);
    return 0;
}

int inf_stream_clean(const char *path, char *buf)
{
    wg_stream *s = wg_stream_open(path);
    if (!s)
        return -1;
    int n = wg_stream_read(s, buf, 16);
    wg_stream_close(&s);
    return n;
}

/* reference counting: the reference from _new must be dropped; a shared
 * one from _ref is the caller's business only if it keeps it */
int inf_bus_leak(int flag)
{
    wg_bus *b = wg_bus_new();
    if (!b)
        return -1;
    if (flag)
        return 1; // expect: leak.connector
    wg_bus_unref(b);
    return 0;
}

int inf_bus_clean(wg_bus *shared, int flag)
{
    wg_bus *b = wg_bus_new();
    if (!b)
        return -1;
    wg_bus *again = wg_bus_ref(shared); /* shared: not created here */
    (void)again;
    wg_bus_unref(b);
    return flag;
}

/* a getter borrows: nothing to destroy */
int inf_getter_clean(wg_conn *c)
{
    wg_token *t = wg_conn_get_token(c);
    return t != NULL;
}

/* two types sharing a prefix: each has its own destructor */
int inf_pool_leak(void)
{
    wg_pool *p = wg_pool_new(4);
    if (!p)
        return -1;
    wg_pool_entry *e = wg_pool_entry_new(p);
    if (!e) {
        wg_pool_free(p);
        return -1;
    }
    wg_pool_free(p);
    return 0; // expect: leak.resource
}

int inf_pool_clean(void)
{
    wg_pool *p = wg_pool_new(4);
    if (!p)
        return -1;
    wg_pool_entry *e = wg_pool_entry_new(p);
    if (e)
        wg_pool_entry_free(e);
    wg_pool_free(p);
    return 0;
}

/* a struct seen whole is data: no rule is inferred for it */
int inf_point_not_a_handle(void)
{
    struct wg_point *pt = wg_point_new(1, 2);
    return pt ? pt->x : 0;
}

/* a close routine that skips its close on its own flag: a release known
 * only from inferred rules does not make it a release.partial */
struct inf_app {
    int ready;
    wg_conn *conn;
};

void inf_app_close(struct inf_app *a)
{
    if (!a->ready)
        return;
    a->ready = 0;
    wg_conn_free(a->conn);
}

/* a function that frees a member of what it is given, of a type only
 * inferred rules know, does not release what it is given under another
 * resource (no release.mismatch): libssh's pki_privkey_build_ecdsa frees
 * the EC_KEY member of the key it fills when it fails */
struct inf_box {
    wg_stream *stream;
    wg_conn *conn;
};

static struct inf_box *inf_box_new(const char *path)
{
    struct inf_box *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->stream = wg_stream_open(path);
    return b;
}

static int inf_box_connect(struct inf_box *b, const char *url)
{
    b->conn = wg_conn_new(url);
    if (wg_conn_send(b->conn, "hi") != 0) {
        wg_conn_free(b->conn);
        b->conn = NULL;
        return -1;
    }
    return 0;
}

void inf_box_member_freed_clean(const char *path, const char *url)
{
    struct inf_box *b = inf_box_new(path);
    if (!b)
        return;
    inf_box_connect(b, url);
    if (b->stream)
        wg_stream_close(&b->stream);
    if (b->conn)
        wg_conn_free(b->conn);
    free(b);
}

/* the built-in method is the library's: nothing to free */
int inf_builtin_method_clean(void)
{
    wg_method *m = WG_OpenWidget();
    return m != NULL;
}

/* a method made for the caller is the caller's */
int inf_method_leak(int flag)
{
    wg_method *m = wg_method_new();
    if (!m)
        return -1;
    if (flag)
        return 1; // expect: leak.resource
    wg_method_free(m);
    return 0;
}

/* a copy into the caller's connection returns that connection */
int inf_copy_into_clean(wg_conn *to, const wg_conn *from)
{
    if (!wg_conn_copy(to, from))
        return -1;
    return 0;
}
