/* Control flow: GNU statement expressions, as macros use them.
 *
 * A handle acquired inside ({ ... }) and yielded as the expression's value
 * belongs to whoever receives the value; it does not die with the
 * statement expression's local.  A goto inside a statement expression is an
 * ordinary jump.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define OPEN_LOGGED(path, flags) ({                                     \
        int _fd = open((path), (flags));                                \
        if (_fd < 0)                                                    \
            fprintf(stderr, "open %s: %s\n", (path), strerror(errno));  \
        _fd;                                                            \
    })

#define TRY(expr) ({                    \
        long _r = (long)(expr);         \
        if (_r < 0)                     \
            goto fail;                  \
        _r;                             \
    })

/* Leaks: the descriptor yielded by the macro is not closed on a failed read. */
int leak_stmt_expr_open(const char *path, char *buf, size_t n)
{
    int fd = OPEN_LOGGED(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (read(fd, buf, n) <= 0)
        return -1; // expect: leak.resource
    close(fd);
    return 0;
}

/* Clean: the descriptor yielded by the macro is closed on both paths. */
int clean_stmt_expr_open(const char *path, char *buf, size_t n)
{
    int fd = OPEN_LOGGED(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t r = read(fd, buf, n);
    close(fd);
    return r <= 0 ? -1 : 0;
}

/* Clean: the failure jumps out of the statement expressions land on a label
 * that closes the socket. */
int clean_stmt_expr_goto(const struct sockaddr *sa, socklen_t len, const char *msg)
{
    int fd = socket(sa->sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    TRY(connect(fd, sa, len));
    long sent = TRY(send(fd, msg, strlen(msg), MSG_NOSIGNAL));
    close(fd);
    return (int)sent;
fail:
    close(fd);
    return -1;
}

/* Leaks: the failure label the statement expressions jump to forgets close. */
int leak_stmt_expr_goto(const struct sockaddr *sa, socklen_t len, const char *msg)
{
    int fd = socket(sa->sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    TRY(connect(fd, sa, len));
    long sent = TRY(send(fd, msg, strlen(msg), MSG_NOSIGNAL));
    close(fd);
    return (int)sent;
fail:
    return -1; // expect: leak.connector
}
