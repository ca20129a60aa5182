/* stdio streams (stdio.file) and pipes (stdio.pipe), both kind resource.
 *
 * fopen and popen return NULL on failure; fgets, fputs and fprintf borrow;
 * fclose and pclose release.  fdopen takes over the descriptor it is given
 * (transfer arg 0 to the returned stream), so closing the stream is enough.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

/* Leaks: an empty file returns without fclose. */
int leak_fopen_on_empty_file(const char *path, char *line, int n)
{
    FILE *f = fopen(path, "re");
    if (f == NULL)
        return -1;
    if (fgets(line, n, f) == NULL)
        return -1; // expect: leak.resource
    fclose(f);
    return 0;
}

/* Clean: the stream is closed before the read result is judged. */
int clean_fopen_on_empty_file(const char *path, char *line, int n)
{
    FILE *f = fopen(path, "re");
    if (f == NULL)
        return -1;
    char *got = fgets(line, n, f);
    fclose(f);
    return got ? 0 : -1;
}

/* Clean: fdopen takes the descriptor; closing the stream closes both, and a
 * failed fdopen leaves the descriptor to be closed by hand. */
int clean_fdopen_takes_fd(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        return -1;
    }
    fprintf(f, "%ld\n", (long)getpid());
    return fclose(f);
}

/* Leaks: the stream that owns the descriptor is not closed on the read
 * error; the descriptor itself was handed over and is not reported. */
int leak_fdopen_stream_on_error(const char *path, char *buf, int n)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    FILE *f = fdopen(fd, "r");
    if (!f) {
        close(fd);
        return -1;
    }
    if (!fgets(buf, n, f))
        return -1; // expect: leak.resource
    fclose(f);
    return 0;
}

/* Leaks: a command that prints nothing returns without pclose. */
int leak_popen_on_no_output(const char *cmd, char *out, int n)
{
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    if (!fgets(out, n, p))
        return -1; // expect: leak.resource
    return pclose(p);
}

/* Clean: the pipe is closed whether or not the command printed anything. */
int clean_popen_on_no_output(const char *cmd, char *out, int n)
{
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    char *got = fgets(out, n, p);
    int status = pclose(p);
    return got ? status : -1;
}
