/* zlib gzip files (zlib.gzfile, kind resource).
 *
 * gzopen returns a gzFile or NULL; gzclose (or gzclose_r / gzclose_w)
 * releases it.  gzdopen takes the descriptor it is given: "The next call
 * of gzclose on the returned gzFile will also close the file descriptor
 * fd".
 */
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <unistd.h>
#include <zlib.h>

/* Leaks: a read error returns without closing the gzip file. */
long gz_case_count_leak(const char *path)
{
    gzFile gz = gzopen(path, "rb");
    if (!gz)
        return -1;
    char buf[4096];
    long total = 0;
    int n;
    while ((n = gzread(gz, buf, sizeof buf)) > 0)
        total += n;
    if (n < 0) {
        int errnum;
        fprintf(stderr, "%s: %s\n", path, gzerror(gz, &errnum));
        return -1; // expect: leak.resource
    }
    gzclose_r(gz);
    return total;
}

/* Clean: closed on the error path too. */
long gz_case_count_clean(const char *path)
{
    gzFile gz = gzopen(path, "rb");
    if (!gz)
        return -1;
    char buf[4096];
    long total = 0;
    int n;
    while ((n = gzread(gz, buf, sizeof buf)) > 0)
        total += n;
    if (n < 0) {
        int errnum;
        fprintf(stderr, "%s: %s\n", path, gzerror(gz, &errnum));
        total = -1;
    }
    gzclose(gz);
    return total;
}

/* Leaks: a short write drops the gzip file (the descriptor went to it). */
int gz_case_fd_write_leak(const char *path, const char *text, unsigned len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return -1;
    gzFile gz = gzdopen(fd, "wb9");
    if (gz == NULL) {
        close(fd);
        return -1;
    }
    if (gzwrite(gz, text, len) != (int)len)
        return -1; // expect: leak.resource
    return gzclose_w(gz);
}

/* Clean: gzclose also closes the descriptor, so neither is left. */
int gz_case_fd_write_clean(const char *path, const char *text, unsigned len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return -1;
    gzFile gz = gzdopen(fd, "wb9");
    if (gz == NULL) {
        close(fd);
        return -1;
    }
    int ok = gzwrite(gz, text, len) == (int)len;
    int rc = gzclose(gz);
    return ok ? rc : -1;
}
