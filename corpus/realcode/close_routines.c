/* Close routines, and functions that only release along the way.
 *
 * release.partial is about a function whose job is to release what it is
 * given (its name says close, free, destroy, cleanup, end, ...) and that
 * skips the release on some path.  Option setters, I/O callbacks and range
 * closers that release on one path are doing something else; a close routine
 * that closes the object owning the handle instead has nothing left to
 * close; a bare descriptor closed only under a global policy (how it was
 * obtained) is the program's choice.  Shapes found on curl, libssh and
 * openssh, written anew. */
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct options {
    char *cookiefile;
    CURL *share;
    int verbose;
};

/* An option setter: drops the shared handle in one case of a switch. */
int set_option(struct options *o, int which)
{
    switch (which) {
    case 1:
        curl_easy_cleanup(o->share);
        o->share = NULL;
        return 0;
    case 2:
        o->verbose = 1;
        return 0;
    default:
        return 0;
    }
}

/* An I/O callback: closes the descriptor when the peer hung up, and
 * otherwise has nothing to do with its lifetime. */
int on_readable(int fd, int revents, void *userdata)
{
    char buf[64];
    (void)userdata;
    if (revents & 0x10) {
        close(fd);
        return -1;
    }
    if (read(fd, buf, sizeof buf) < 0)
        return -1;
    return 0;
}

/* Closes every descriptor from lowfd up: lowfd is a bound, not a handle. */
void close_from(int lowfd)
{
    long fd, maxfd = sysconf(_SC_OPEN_MAX);
    for (fd = lowfd; fd < maxfd; fd++)
        (void)close((int)fd);
}

/* The agent socket is closed only when it was opened here, which the
 * environment says (the same test as where it was obtained). */
void close_agent_socket(int sock)
{
    if (getenv("AGENT_SOCK"))
        close(sock);
}

/* A connection record owns its transport when it has one: closing the
 * transport closes the descriptor. */
struct transport {
    int fd_in, fd_out;
};
void transport_close(struct transport *t)
{
    close(t->fd_in);
    if (t->fd_out != t->fd_in)
        close(t->fd_out);
}
struct record {
    struct transport *tr;
    char *name;
};
struct record records[64];

void record_free(int s)
{
    free(records[s].name);
    if (records[s].tr) {
        transport_close(records[s].tr);
        free(records[s].tr);
        records[s].tr = NULL;
    } else
        close(s);
}

/* The leaking twin: the same record, but the path with a transport closes
 * nothing at all. */
void record_free_leaky(int s, int quiet)
{
    free(records[s].name);
    if (quiet)
        return; // expect: release.partial
    close(s);
}

/* A close routine that skips on another parameter: still reported. */
void conn_close(CURL *h, void *loop)
{
    if (loop == NULL)
        return; // expect: release.partial
    curl_easy_cleanup(h);
}
