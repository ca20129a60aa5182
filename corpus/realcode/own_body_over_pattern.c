/* A project's own function whose name falls under a library's borrow
 * pattern (libssh's rules borrow every ssh_*) is read from its body: this
 * ssh_conn_set_fd stores the descriptor in the connection, so the caller no
 * longer owns it.  Shape found in libssh's socket.c and bind.c, written
 * anew. */
#include <sys/socket.h>
#include <unistd.h>

struct ssh_conn_rec {
    int fd;
    int state;
};

void ssh_conn_set_fd(struct ssh_conn_rec *c, int fd)
{
    c->fd = fd;
    c->state = 1;
}

int ssh_conn_fd_ok(int fd)
{
    return fd > 2;
}

int conn_open(struct ssh_conn_rec *c)
{
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    ssh_conn_set_fd(c, fd);
    return 0;
}

/* The leaking twin: ssh_conn_fd_ok only looks at the descriptor. */
int conn_open_leaky(struct ssh_conn_rec *c)
{
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    if (!ssh_conn_fd_ok(fd))
        return -1; // expect: leak.connector
    ssh_conn_set_fd(c, fd);
    return 0;
}
