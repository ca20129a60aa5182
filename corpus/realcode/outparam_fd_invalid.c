/* realcode/outparam_fd_invalid.c: a descriptor that a learned wrapper
 * writes through an out-parameter is no descriptor while it holds -1.  The
 * caller starts with -1, lets the wrapper fill it, and its error path
 * closes only `if (fd != -1)`: on the other side there is nothing to close.
 * Shape found in curl's FTP code (a socket opened through an out-parameter
 * helper, closed on error when it is not CURL_SOCKET_BAD). */
#include <sys/socket.h>
#include <unistd.h>

int use_fd(int fd); /* declared only: keeps the descriptor */

/* The wrapper: 0 with a socket in *out, or 1 with *out untouched. */
static int open_sock(int family, int *out)
{
    int s = socket(family, SOCK_STREAM, 0);
    if (s < 0)
        return 1;
    *out = s;
    return 0;
}

/* Clean: the error path closes only a real descriptor. */
int clean_error_path_tests_bad(int family, int port)
{
    int fd = -1;
    int err = 0;
    if (open_sock(family, &fd))
        err = 1;
    if (!err && port < 1024)
        err = 2;
    if (err) {
        if (fd != -1)
            close(fd);
        return err;
    }
    return use_fd(fd);
}

/* Clean: the same test written as "< 0". */
int clean_error_path_tests_negative(int family, int port)
{
    int fd = -1;
    int err = open_sock(family, &fd) ? 1 : 0;
    if (!err && port < 1024)
        err = 2;
    if (err) {
        if (fd >= 0)
            close(fd);
        return err;
    }
    return use_fd(fd);
}

/* Leaks: a refused port returns with the socket open. */
int leak_refused_port(int family, int port)
{
    int fd = -1;
    if (open_sock(family, &fd))
        return 1;
    if (port < 1024)
        return 2; // expect: leak.connector
    return use_fd(fd);
}
