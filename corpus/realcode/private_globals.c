/* Flags private to a file (static, address never taken) keep what was
 * tested or stored until a function of the same file that writes them is
 * called: a daemon that turns re-exec off in inetd mode never re-execs with
 * the inetd descriptors.  Shape found in openssh's sshd.c, written anew. */
#include <unistd.h>

static int inetd_mode, reexec = 1, verbose;

void set_mode(int argc)
{
    if (argc > 2)
        inetd_mode = 1;
}

static void log_mode(void)
{
    verbose++;
}

void take_inetd(int *in, int *out)
{
    *in = dup(STDIN_FILENO);
    *out = dup(STDOUT_FILENO);
}

int serve(int argc, int (*run)(int, int))
{
    int sock_in = -1, sock_out = -1;
    set_mode(argc);
    if (inetd_mode)
        reexec = 0;
    log_mode();
    if (inetd_mode)
        take_inetd(&sock_in, &sock_out);
    if (reexec) {
        sock_in = dup(STDIN_FILENO);
        if (sock_in < 0)
            return -1;
        sock_out = sock_in;
    }
    return run(sock_in, sock_out);
}

/* The leaking twin: the flag is changed by a function of this file between
 * the two tests, so re-exec can follow the inetd descriptors. */
static void reset_mode(void)
{
    reexec = 1;
}

int serve_leaky(int argc, int (*run)(int, int))
{
    int sock_in = -1, sock_out = -1;
    set_mode(argc);
    if (inetd_mode)
        reexec = 0;
    reset_mode();
    if (inetd_mode)
        take_inetd(&sock_in, &sock_out);
    if (reexec) {
        sock_in = dup(STDIN_FILENO); // expect: leak.resource
        if (sock_in < 0)
            return -1;
        sock_out = sock_in;
    }
    return run(sock_in, sock_out);
}
