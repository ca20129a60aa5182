/* Escape through an out-parameter: `*out = h` hands the handle to the
 * caller.  Paths that return before the store can leak.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

/* Clean: the stream is handed over through *out; the failure closes it. */
int clean_out_param(const char *path, FILE **out)
{
    FILE *f = fopen(path, "re");
    if (!f)
        return -errno;
    if (setvbuf(f, NULL, _IOLBF, 0) != 0) {
        fclose(f);
        return -EIO;
    }
    *out = f;
    return 0;
}

/* Leaks: the setvbuf failure returns before *out is written. */
int leak_out_param_only_on_success(const char *path, FILE **out)
{
    FILE *f = fopen(path, "re");
    if (!f)
        return -errno;
    if (setvbuf(f, NULL, _IOLBF, 0) != 0)
        return -EIO; // expect: leak.resource
    *out = f;
    return 0;
}

/* Clean: both sockets of the pair go out through the two out-parameters. */
int clean_two_out_params(int family, int *a, int *b)
{
    int s1 = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s1 < 0)
        return -1;
    int s2 = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s2 < 0) {
        close(s1);
        return -1;
    }
    *a = s1;
    *b = s2;
    return 0;
}

/* Leaks: only the first socket is written out when the second fails. */
int leak_two_out_params_partial(int family, int *a, int *b)
{
    int s1 = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s1 < 0)
        return -1;
    int s2 = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s2 < 0)
        return -1; // expect: leak.connector
    *a = s1;
    *b = s2;
    return 0;
}
