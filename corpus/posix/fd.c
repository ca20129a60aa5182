/* POSIX file descriptors (posix.fd, kind resource): open, openat, creat, dup.
 *
 * Invalid when negative; read, write and fstat borrow; close releases.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* Leaks: a short read returns with the file still open. */
int leak_open_on_short_read(const char *path, char *buf, size_t n)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd == -1)
        return -1;
    ssize_t r = read(fd, buf, n);
    if (r != (ssize_t)n)
        return -1; // expect: leak.resource
    close(fd);
    return 0;
}

/* Clean: the file is closed before the result of the read is judged. */
int clean_open_on_short_read(const char *path, char *buf, size_t n)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd == -1)
        return -1;
    ssize_t r = read(fd, buf, n);
    close(fd);
    return r == (ssize_t)n ? 0 : -1;
}

/* Leaks: a failed fstat returns with the directory-relative descriptor open. */
int leak_openat_on_fstat_failure(int dirfd, const char *name, off_t *size)
{
    int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) < 0)
        return -1; // expect: leak.resource
    close(fd);
    *size = st.st_size;
    return 0;
}

/* Clean: the descriptor is closed on the fstat failure too. */
int clean_openat_on_fstat_failure(int dirfd, const char *name, off_t *size)
{
    int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat st;
    int rc = fstat(fd, &st);
    close(fd);
    if (rc < 0)
        return -1;
    *size = st.st_size;
    return 0;
}

/* Leaks: a failed write leaves the created file open (and half written). */
int leak_creat_on_write_failure(const char *path, const void *data, size_t n)
{
    int fd = creat(path, 0600);
    if (fd < 0)
        return -1;
    if (write(fd, data, n) != (ssize_t)n) {
        unlink(path);
        return -1; // expect: leak.resource
    }
    return close(fd);
}

/* Clean: the created file is closed on the write failure, and the final
 * close is the return value. */
int clean_creat_on_write_failure(const char *path, const void *data, size_t n)
{
    int fd = creat(path, 0600);
    if (fd < 0)
        return -1;
    if (write(fd, data, n) != (ssize_t)n) {
        close(fd);
        unlink(path);
        return -1;
    }
    return close(fd);
}

/* Leaks: the private duplicate is not closed when the write fails. */
int leak_dup_on_write_failure(int fd, const char *msg, size_t n)
{
    int copy = dup(fd);
    if (copy < 0)
        return -1;
    if (write(copy, msg, n) < 0)
        return -1; // expect: leak.resource
    close(copy);
    return 0;
}

/* Clean: the duplicate is closed on both outcomes. */
int clean_dup_on_write_failure(int fd, const char *msg, size_t n)
{
    int copy = dup(fd);
    if (copy < 0)
        return -1;
    ssize_t w = write(copy, msg, n);
    close(copy);
    return w < 0 ? -1 : 0;
}
