/* hiredis contexts (hiredis.context, kind connector).
 *
 * redisConnect and friends return NULL only when the context cannot be
 * allocated; a failed connection comes back as a context with c->err set,
 * which still has to be redisFree'd (valid_on_failure).  Testing c->err is
 * not a failed acquisition.  redisFree(NULL) is allowed.
 */
#include <hiredis/hiredis.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/time.h>

/* Leaks: the c->err half of the check returns an allocated context. */
redisContext *leak_context_on_err(const char *host, int port)
{
    redisContext *c = redisConnect(host, port);
    if (c == NULL || c->err) {
        fprintf(stderr, "redis: %s\n", c ? c->errstr : "out of memory");
        return NULL; // expect: leak.connector
    }
    return c;
}

/* Clean: the errored context is freed under a guard. */
redisContext *clean_context_on_err(const char *host, int port)
{
    redisContext *c = redisConnect(host, port);
    if (c == NULL || c->err) {
        fprintf(stderr, "redis: %s\n", c ? c->errstr : "out of memory");
        if (c)
            redisFree(c);
        return NULL;
    }
    return c;
}

/* Leaks: falling back to TCP overwrites the only pointer to the failed
 * unix-socket context. */
redisContext *leak_reconnect_overwrite(const char *sock, const char *host, int port)
{
    redisContext *c = redisConnectUnix(sock);
    if (c != NULL && c->err)
        c = redisConnect(host, port); // expect: leak.connector
    if (c == NULL || c->err) {
        redisFree(c);
        return NULL;
    }
    return c;
}

/* Clean: the failed context is freed before the fallback replaces it. */
redisContext *clean_reconnect_free_first(const char *sock, const char *host, int port)
{
    redisContext *c = redisConnectUnix(sock);
    if (c != NULL && c->err) {
        redisFree(c);
        c = redisConnect(host, port);
    }
    if (c == NULL || c->err) {
        redisFree(c);
        return NULL;
    }
    return c;
}

/* Leaks: a timed connection that fails its PING is dropped unfreed. */
int leak_context_timeout_ping(const char *host, int port)
{
    struct timeval tv = { 1, 500000 };
    redisContext *c = redisConnectWithTimeout(host, port, tv);
    if (!c)
        return -1;
    if (c->err) {
        redisFree(c);
        return -1;
    }
    redisReply *r = redisCommand(c, "PING");
    if (!r)
        return -1; // expect: leak.connector
    freeReplyObject(r);
    redisFree(c);
    return 0;
}

/* Clean: the context is freed when the PING gets no reply. */
int clean_context_timeout_ping(const char *host, int port)
{
    struct timeval tv = { 1, 500000 };
    redisContext *c = redisConnectWithTimeout(host, port, tv);
    if (!c)
        return -1;
    if (c->err) {
        redisFree(c);
        return -1;
    }
    redisReply *r = redisCommand(c, "PING");
    int ok = r != NULL;
    if (r)
        freeReplyObject(r);
    redisFree(c);
    return ok ? 0 : -1;
}
