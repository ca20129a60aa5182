/* realcode/wrapper_fd_invalid.c: a function of this file that returns a
 * descriptor (socket() inside, -1 on failure) is learned as an acquirer,
 * but the learned acquirer gets the pointer default "== 0 means no handle"
 * instead of the descriptor rule "< 0".  Its callers test the result the way
 * descriptors are tested (< 0, == -1) and sesslint takes the failure branch
 * for a live handle.  Shape found in openssh (listener, X11 and tunnel
 * helpers and their callers: eight findings). */
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

int hand_to_loop(int fd); /* declared only: keeps the descriptor */

/* The wrapper: a listening socket, or -1. */
static int open_listener(int family, int backlog)
{
    int s = socket(family, SOCK_STREAM, 0);
    if (s == -1)
        return -1;
    if (listen(s, backlog) == -1) {
        close(s);
        return -1;
    }
    return s;
}

/* Clean: the failure test "< 0" means there is nothing to close. */
int clean_listener_lt(int family)
{
    int s = open_listener(family, 8);
    if (s < 0)
        return 0;
    return hand_to_loop(s);
}

/* Clean: the same with "== -1" inside the condition. */
int clean_listener_eq(int family)
{
    int s;
    if ((s = open_listener(family, 8)) == -1) {
        fprintf(stderr, "no listener\n");
        return 0;
    }
    return hand_to_loop(s);
}

/* Clean: a failure sent to a cleanup label that closes only a real
 * descriptor. */
int clean_listener_label(int family)
{
    int s = open_listener(family, 8);
    int ok = 0;
    if (s < 0)
        goto out;
    ok = hand_to_loop(s);
    s = -1;
out:
    if (s != -1)
        close(s);
    return ok;
}

/* Clean twin (already quiet): the same test on socket() itself, whose rule
 * says "< 0". */
int clean_direct_socket(int family)
{
    int s = socket(family, SOCK_STREAM, 0);
    if (s < 0)
        return 0;
    return hand_to_loop(s);
}

/* Leaks: a valid listener is dropped when the port is refused. */
int leak_listener_refused(int family, int port)
{
    int s = open_listener(family, 8);
    if (s < 0)
        return 0;
    if (port < 1024)
        return -1; // expect: leak.connector
    return hand_to_loop(s);
}
