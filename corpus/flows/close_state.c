/* flows/close_state.c: a close routine that returns before its close
 * because of a member of what it was given.  The struct's own bookkeeping
 * (the member it closes, an ownership flag, a refcount, a state set where
 * the handle is stored) excuses the skip: it says there is nothing to
 * close.  A member that only holds a reference the storing code was given
 * (the event loop beside the session, a verbosity copied from a parameter)
 * does not: that is the shape of a close routine that leaks its session
 * whenever the loop is gone. */
#include <curl/curl.h>
#include <fcntl.h>
#include <openssl/ssl.h>
#include <stddef.h>
#include <unistd.h>

struct fsys {
    void *loop;
    CURLM *multi;
};

int fsys_open(struct fsys *fs, void *loop)
{
    fs->loop = loop;
    fs->multi = curl_multi_init();
    return fs->multi ? 0 : -1;
}

void fsys_close(struct fsys *fs)
{
    if (fs->loop == NULL)
        return; // expect: release.partial
    curl_multi_cleanup(fs->multi);
}

void fsys_close_fixed(struct fsys *fs)
{
    if (fs->multi == NULL)
        return;
    curl_multi_cleanup(fs->multi);
}

/* an ownership flag set where the descriptor is stored */
struct fdconn {
    int fd;
    int owns_fd;
};

int fdconn_open(struct fdconn *c, const char *path)
{
    c->owns_fd = 0;
    c->fd = open(path, O_RDONLY);
    if (c->fd < 0)
        return -1;
    c->owns_fd = 1;
    return 0;
}

void fdconn_close(struct fdconn *c)
{
    if (!c->owns_fd)
        return;
    close(c->fd);
}

/* a refcount set where the handle is stored */
struct shared {
    CURL *h;
    int refs;
};

int shared_init(struct shared *s)
{
    s->h = curl_easy_init();
    if (!s->h)
        return -1;
    s->refs = 1;
    return 0;
}

void shared_release(struct shared *s)
{
    if (--s->refs > 0)
        return;
    curl_easy_cleanup(s->h);
}

/* a state set where the handle is stored */
enum tls_state { TLS_IDLE, TLS_READY };

struct tls {
    SSL *ssl;
    enum tls_state state;
};

int tls_start(struct tls *t, SSL_CTX *ctx)
{
    t->ssl = SSL_new(ctx);
    if (!t->ssl)
        return -1;
    t->state = TLS_READY;
    return 0;
}

void tls_close(struct tls *t)
{
    if (t->state != TLS_READY)
        return;
    SSL_free(t->ssl);
}

/* a member set before the handle, for other reasons */
struct logged {
    int verbose;
    int fd;
};

int logged_open(struct logged *l, const char *path, int verbose)
{
    l->verbose = verbose;
    l->fd = open(path, O_RDONLY);
    return l->fd < 0 ? -1 : 0;
}

void logged_close(struct logged *l)
{
    if (l->verbose == 0)
        return; // expect: release.partial
    close(l->fd);
}
