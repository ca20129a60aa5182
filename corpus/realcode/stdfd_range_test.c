/* realcode/stdfd_range_test.c: descriptor tests whose "keep" side is a range
 * that reaches below zero.  `if (fd > STDERR_FILENO) close(fd)` keeps a
 * descriptor that landed on 0, 1 or 2 (it now serves as a standard
 * stream), and `if (fd > 0) close(fd)` treats 0 as "no descriptor".  On the
 * false side the value is <= 2 (or <= 0): negative means nothing was
 * opened, 0..2 means a standard stream the code keeps, so nothing leaks.
 * sesslint only honours a test whose false side lies entirely inside 0..2
 * (fd != STDIN_FILENO) or entirely inside the invalid range, and reports
 * these.  Shape found in openssh (standard-descriptor sanitizers and a
 * two-dup error path: four findings, one of them behind a learned wrapper,
 * see wrapper_fd_invalid.c). */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

/* Clean: /dev/null is put on every closed standard descriptor; the spare
 * is closed unless it is itself one of them. */
void clean_fill_std(void)
{
    int nfd = open("/dev/null", O_RDWR);
    if (nfd == -1)
        return;
    for (int want = 0; want <= STDERR_FILENO; want++)
        if (fcntl(want, F_GETFL) == -1)
            dup2(nfd, want);
    if (nfd > STDERR_FILENO)
        close(nfd);
}

/* Clean: the same with the open tested inside the condition and a status
 * returned. */
int clean_quiet_std(int also_err)
{
    int nfd, ret = 0;
    if ((nfd = open("/dev/null", O_RDWR)) < 0)
        return -1;
    if (dup2(nfd, STDIN_FILENO) == -1 ||
        (also_err && dup2(nfd, STDERR_FILENO) == -1))
        ret = -1;
    if (nfd > STDERR_FILENO)
        close(nfd);
    return ret;
}

/* Clean: two spare descriptors reserved and given back; the error path
 * closes whichever one was obtained, with 0 treated as "none". */
int clean_reserve_two(int src)
{
    int a = -1, b = -1;
    if ((a = dup(src)) == -1 || (b = dup(src)) == -1) {
        if (a > 0)
            close(a);
        if (b > 0)
            close(b);
        return -1;
    }
    close(a);
    close(b);
    return 0;
}

/* Clean twin (already quiet): the same error path with ">= 0". */
int clean_reserve_two_ge(int src)
{
    int a = -1, b = -1;
    if ((a = dup(src)) == -1 || (b = dup(src)) == -1) {
        if (a >= 0)
            close(a);
        if (b >= 0)
            close(b);
        return -1;
    }
    close(a);
    close(b);
    return 0;
}

/* Leaks: a failed dup2 returns before the spare (which may be above 2) is
 * closed. */
int leak_fill_err(void)
{
    int nfd = open("/dev/null", O_RDWR);
    if (nfd < 0)
        return -1;
    if (dup2(nfd, STDERR_FILENO) == -1)
        return -1; // expect: leak.resource
    if (nfd > STDERR_FILENO)
        close(nfd);
    return 0;
}
