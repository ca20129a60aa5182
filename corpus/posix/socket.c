/* POSIX sockets (posix.socket, kind connector): socket, accept, accept4.
 *
 * A descriptor is invalid when negative; connect, send and friends only
 * borrow it; close releases it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

extern volatile sig_atomic_t stop_requested;

/* Leaks: a failed connect returns without closing the socket. */
int leak_socket_on_connect_failure(const struct sockaddr_in *addr)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    if (connect(fd, (const struct sockaddr *)addr, sizeof *addr) < 0)
        return -1; // expect: leak.connector
    return fd;
}

/* Clean: the socket is closed on the connect failure and returned otherwise. */
int clean_socket_on_connect_failure(const struct sockaddr_in *addr)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    if (connect(fd, (const struct sockaddr *)addr, sizeof *addr) < 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

/* Leaks: the accepted connection is dropped by the shutdown break. */
void leak_accept_on_break(int lfd)
{
    for (;;) {
        int c = accept(lfd, NULL, NULL);
        if (c < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (stop_requested)
            break; // expect: leak.connector
        send(c, "hello\n", 6, MSG_NOSIGNAL);
        close(c);
    }
}

/* Clean: the accepted connection is closed before the shutdown break. */
void clean_accept_on_break(int lfd)
{
    for (;;) {
        int c = accept(lfd, NULL, NULL);
        if (c < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (stop_requested) {
            close(c);
            break;
        }
        send(c, "hello\n", 6, MSG_NOSIGNAL);
        close(c);
    }
}

/* Leaks: a client that sends nothing is turned away without close. */
int leak_accept4_on_empty_request(int lfd, char *buf, size_t n)
{
    int c = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
    if (c == -1)
        return -1;
    ssize_t r = recv(c, buf, n, 0);
    if (r <= 0)
        return -1; // expect: leak.connector
    return c;
}

/* Clean: the connection is closed when the client sends nothing. */
int clean_accept4_on_empty_request(int lfd, char *buf, size_t n)
{
    int c = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
    if (c == -1)
        return -1;
    ssize_t r = recv(c, buf, n, 0);
    if (r <= 0) {
        close(c);
        return -1;
    }
    return c;
}

/* Leaks: the socket made to probe IPv6 support is only tested, never kept. */
int leak_socket_only_tested(void)
{
    if (socket(AF_INET6, SOCK_DGRAM, 0) < 0) // expect: leak.connector
        return 0;
    return 1;
}

/* Clean: the probe socket is kept and closed. */
int clean_socket_probe(void)
{
    int fd = socket(AF_INET6, SOCK_DGRAM, 0);
    if (fd < 0)
        return 0;
    close(fd);
    return 1;
}
