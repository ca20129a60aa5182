/* ZeroMQ contexts (zmq.context, kind resource) and sockets (zmq.socket,
 * kind connector).
 *
 * zmq_ctx_new and zmq_socket return NULL on failure.  zmq_close releases a
 * socket and zmq_ctx_term (or its deprecated names zmq_ctx_destroy and
 * zmq_term) a context.  Terminating a context does not close its sockets:
 * zmq_ctx_term blocks until every socket has been closed, so the socket
 * cases take the context as a parameter.
 */
#include <stddef.h>
#include <stdio.h>
#include <zmq.h>

/* Leaks: a bind failure returns without closing the socket. */
void *zmq_case_socket_bind_leak(void *ctx, const char *endpoint)
{
    void *s = zmq_socket(ctx, ZMQ_PULL);
    if (!s)
        return NULL;
    if (zmq_bind(s, endpoint) != 0) {
        fprintf(stderr, "bind %s: %s\n", endpoint, zmq_strerror(zmq_errno()));
        return NULL; // expect: leak.connector
    }
    return s;
}

/* Clean: the socket is closed when the bind fails. */
void *zmq_case_socket_bind_clean(void *ctx, const char *endpoint)
{
    void *s = zmq_socket(ctx, ZMQ_PULL);
    if (!s)
        return NULL;
    if (zmq_bind(s, endpoint) != 0) {
        fprintf(stderr, "bind %s: %s\n", endpoint, zmq_strerror(zmq_errno()));
        zmq_close(s);
        return NULL;
    }
    return s;
}

/* Leaks: the request socket is dropped when the reply does not come. */
int zmq_case_request_leak(void *ctx, const char *endpoint, char *buf, size_t len)
{
    void *req = zmq_socket(ctx, ZMQ_REQ);
    if (req == NULL)
        return -1;
    int linger = 0;
    zmq_setsockopt(req, ZMQ_LINGER, &linger, sizeof linger);
    if (zmq_connect(req, endpoint) != 0 || zmq_send(req, "ping", 4, 0) != 4) {
        zmq_close(req);
        return -1;
    }
    int n = zmq_recv(req, buf, len, 0);
    if (n < 0)
        return -1; // expect: leak.connector
    zmq_close(req);
    return n;
}

/* Clean: one exit closes the socket on every path. */
int zmq_case_request_clean(void *ctx, const char *endpoint, char *buf, size_t len)
{
    int n = -1;
    void *req = zmq_socket(ctx, ZMQ_REQ);
    if (req == NULL)
        return -1;
    if (zmq_connect(req, endpoint) == 0 && zmq_send(req, "ping", 4, 0) == 4)
        n = zmq_recv(req, buf, len, 0);
    zmq_close(req);
    return n;
}

/* Leaks: the context is not terminated when the socket cannot be made. */
int zmq_case_context_leak(const char *endpoint)
{
    void *ctx = zmq_ctx_new();
    if (!ctx)
        return -1;
    void *pub = zmq_socket(ctx, ZMQ_PUB);
    if (!pub)
        return -1; // expect: leak.resource
    int rc = zmq_bind(pub, endpoint);
    zmq_close(pub);
    zmq_ctx_term(ctx);
    return rc;
}

/* Clean: the context is terminated on the failure path too, here with the
 * deprecated zmq_ctx_destroy. */
int zmq_case_context_clean(const char *endpoint)
{
    void *ctx = zmq_ctx_new();
    if (!ctx)
        return -1;
    void *pub = zmq_socket(ctx, ZMQ_PUB);
    if (!pub) {
        zmq_ctx_destroy(ctx);
        return -1;
    }
    int rc = zmq_bind(pub, endpoint);
    zmq_close(pub);
    zmq_ctx_term(ctx);
    return rc;
}

/* Clean: zmq_ctx_shutdown is no release, but the context is still
 * terminated afterwards. */
int zmq_case_context_shutdown_clean(void)
{
    void *ctx = zmq_ctx_new();
    if (ctx == NULL)
        return -1;
    zmq_ctx_set(ctx, ZMQ_IO_THREADS, 2);
    zmq_ctx_shutdown(ctx);
    return zmq_ctx_term(ctx);
}

/* Leaks: zmq_ctx_shutdown only interrupts blocking calls; the context is
 * never terminated. */
int zmq_case_context_shutdown_leak(void)
{
    void *ctx = zmq_ctx_new();
    if (ctx == NULL)
        return -1;
    zmq_ctx_set(ctx, ZMQ_IO_THREADS, 2);
    return zmq_ctx_shutdown(ctx); // expect: leak.resource
}
