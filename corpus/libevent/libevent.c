/* libevent event bases (libevent.base), events (libevent.event),
 * bufferevents (libevent.bufferevent, kind connector), HTTP servers,
 * connections and requests, DNS bases and listeners.
 *
 * Constructors return NULL on failure and each object has its own free
 * call.  evhttp_make_request gives the request to the connection (it is
 * freed even when the call fails); bufferevent_socket_new is taken to own
 * the socket it is given (BEV_OPT_CLOSE_ON_FREE).
 */
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/dns.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/listener.h>
#include <stddef.h>

static void libevent_case_cb(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    (void)arg;
}

/* Leaks: the event base is not freed when the timer cannot be made. */
int leak_libevent_base_on_event_failure(void)
{
    struct event_base *base = event_base_new();
    if (!base)
        return -1;
    struct event *tick = evtimer_new(base, libevent_case_cb, NULL);
    if (!tick)
        return -1; // expect: leak.resource
    struct timeval tv = {1, 0};
    evtimer_add(tick, &tv);
    event_base_dispatch(base);
    event_free(tick);
    event_base_free(base);
    return 0;
}

/* Clean: the base is freed on the failure path too. */
int clean_libevent_base_on_event_failure(void)
{
    struct event_base *base = event_base_new();
    if (!base)
        return -1;
    struct event *tick = evtimer_new(base, libevent_case_cb, NULL);
    if (!tick) {
        event_base_free(base);
        return -1;
    }
    struct timeval tv = {1, 0};
    evtimer_add(tick, &tv);
    event_base_dispatch(base);
    event_free(tick);
    event_base_free(base);
    return 0;
}

/* Leaks: event_del makes the event non-pending but does not free it. */
int leak_libevent_event_deleted_not_freed(struct event_base *base, evutil_socket_t fd)
{
    struct event *ev = event_new(base, fd, EV_READ, libevent_case_cb, NULL);
    if (!ev)
        return -1;
    if (event_add(ev, NULL) != 0) {
        event_free(ev);
        return -1;
    }
    int rc = event_base_loop(base, EVLOOP_ONCE);
    event_del(ev);
    return rc; // expect: leak.resource
}

/* Clean: event_free after event_del. */
int clean_libevent_event_deleted_not_freed(struct event_base *base, evutil_socket_t fd)
{
    struct event *ev = event_new(base, fd, EV_READ, libevent_case_cb, NULL);
    if (!ev)
        return -1;
    if (event_add(ev, NULL) != 0) {
        event_free(ev);
        return -1;
    }
    int rc = event_base_loop(base, EVLOOP_ONCE);
    event_del(ev);
    event_free(ev);
    return rc;
}

/* Leaks: the bufferevent is not freed when the connect fails at once. */
struct bufferevent *leak_libevent_bev_on_connect(struct event_base *base,
                                                 struct evdns_base *dns, const char *host)
{
    struct bufferevent *bev = bufferevent_socket_new(base, -1, BEV_OPT_CLOSE_ON_FREE);
    if (!bev)
        return NULL;
    if (bufferevent_socket_connect_hostname(bev, dns, AF_UNSPEC, host, 443) < 0)
        return NULL; // expect: leak.connector
    bufferevent_enable(bev, EV_READ | EV_WRITE);
    return bev;
}

/* Clean: bufferevent_free on the failed connect. */
struct bufferevent *clean_libevent_bev_on_connect(struct event_base *base,
                                                  struct evdns_base *dns, const char *host)
{
    struct bufferevent *bev = bufferevent_socket_new(base, -1, BEV_OPT_CLOSE_ON_FREE);
    if (!bev)
        return NULL;
    if (bufferevent_socket_connect_hostname(bev, dns, AF_UNSPEC, host, 443) < 0) {
        bufferevent_free(bev);
        return NULL;
    }
    bufferevent_enable(bev, EV_READ | EV_WRITE);
    return bev;
}

/* Leaks: the HTTP server is not freed when the port cannot be bound. */
struct evhttp *leak_libevent_evhttp_on_bind(struct event_base *base, unsigned short port)
{
    struct evhttp *http = evhttp_new(base);
    if (!http)
        return NULL;
    if (evhttp_bind_socket(http, "0.0.0.0", port) != 0)
        return NULL; // expect: leak.connector
    return http;
}

/* Clean: evhttp_free when the bind fails. */
struct evhttp *clean_libevent_evhttp_on_bind(struct event_base *base, unsigned short port)
{
    struct evhttp *http = evhttp_new(base);
    if (!http)
        return NULL;
    if (evhttp_bind_socket(http, "0.0.0.0", port) != 0) {
        evhttp_free(http);
        return NULL;
    }
    return http;
}

static void libevent_case_done(struct evhttp_request *req, void *arg)
{
    (void)req;
    (void)arg;
}

/* Leaks: a request that fails to get its header is dropped; once made,
 * a request belongs to the connection. */
int leak_libevent_request_before_make(struct evhttp_connection *conn, const char *host)
{
    struct evhttp_request *req = evhttp_request_new(libevent_case_done, NULL);
    if (!req)
        return -1;
    if (evhttp_add_header(evhttp_request_get_output_headers(req), "Host", host) != 0)
        return -1; // expect: leak.resource
    return evhttp_make_request(conn, req, EVHTTP_REQ_GET, "/");
}

/* Clean: the request is freed when the header fails, and handed to the
 * connection otherwise (which frees it even when the call fails). */
int clean_libevent_request_before_make(struct evhttp_connection *conn, const char *host)
{
    struct evhttp_request *req = evhttp_request_new(libevent_case_done, NULL);
    if (!req)
        return -1;
    if (evhttp_add_header(evhttp_request_get_output_headers(req), "Host", host) != 0) {
        evhttp_request_free(req);
        return -1;
    }
    return evhttp_make_request(conn, req, EVHTTP_REQ_GET, "/");
}

/* Leaks: the DNS base is not freed when the nameserver is refused. */
struct evdns_base *leak_libevent_dns_on_nameserver(struct event_base *base, const char *ns)
{
    struct evdns_base *dns = evdns_base_new(base, 0);
    if (!dns)
        return NULL;
    if (evdns_base_nameserver_ip_add(dns, ns) != 0)
        return NULL; // expect: leak.connector
    return dns;
}

/* Clean: evdns_base_free on the refused nameserver. */
struct evdns_base *clean_libevent_dns_on_nameserver(struct event_base *base, const char *ns)
{
    struct evdns_base *dns = evdns_base_new(base, 0);
    if (!dns)
        return NULL;
    if (evdns_base_nameserver_ip_add(dns, ns) != 0) {
        evdns_base_free(dns, 1);
        return NULL;
    }
    return dns;
}

static void libevent_case_accept(struct evconnlistener *l, evutil_socket_t fd,
                                 struct sockaddr *sa, int socklen, void *arg)
{
    (void)l;
    (void)fd;
    (void)sa;
    (void)socklen;
    (void)arg;
}

/* Leaks: the listener is not freed when the loop fails to start. */
int leak_libevent_listener_on_loop(struct event_base *base, const struct sockaddr *sa,
                                   int len)
{
    struct evconnlistener *l = evconnlistener_new_bind(
        base, libevent_case_accept, NULL, LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE, -1, sa, len);
    if (!l)
        return -1;
    if (event_base_dispatch(base) < 0)
        return -1; // expect: leak.connector
    evconnlistener_free(l);
    return 0;
}

/* Clean: the listener is freed whatever the loop returned. */
int clean_libevent_listener_on_loop(struct event_base *base, const struct sockaddr *sa,
                                    int len)
{
    struct evconnlistener *l = evconnlistener_new_bind(
        base, libevent_case_accept, NULL, LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE, -1, sa, len);
    if (!l)
        return -1;
    int rc = event_base_dispatch(base);
    evconnlistener_free(l);
    return rc < 0 ? -1 : 0;
}
