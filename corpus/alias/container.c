/* Containers: a handle stored in a field of a local struct, or of a struct
 * the function allocated, is owned through that field.  Freeing the
 * allocated struct while the field is still owned loses the handle
 * (reported at the free); a local struct going out of scope with an owned
 * field leaks like a local variable.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct job {
    int fd;
    char *name;
};

struct endpoints {
    int in;
    int out;
};

long process(const char *name, long size);

/* Leaks: the job is freed while its descriptor is open. */
long leak_container_freed(const char *path)
{
    struct job *j = malloc(sizeof *j);
    if (!j)
        return -1;
    j->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (j->fd < 0) {
        free(j);
        return -1;
    }
    j->name = strdup(path);
    if (!j->name) {
        free(j); // expect: leak.resource
        return -1;
    }
    long size = lseek(j->fd, 0, SEEK_END);
    close(j->fd);
    long r = process(j->name, size);
    free(j->name);
    free(j);
    return r;
}

/* Clean: the descriptor is closed before the struct is freed. */
long clean_container_freed(const char *path)
{
    struct job *j = malloc(sizeof *j);
    if (!j)
        return -1;
    j->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (j->fd < 0) {
        free(j);
        return -1;
    }
    j->name = strdup(path);
    if (!j->name) {
        close(j->fd);
        free(j);
        return -1;
    }
    long size = lseek(j->fd, 0, SEEK_END);
    close(j->fd);
    long r = process(j->name, size);
    free(j->name);
    free(j);
    return r;
}

/* Leaks: the output descriptor held in the local struct is never closed. */
int leak_local_struct_field(const char *src, const char *dst)
{
    struct endpoints e;
    e.in = open(src, O_RDONLY | O_CLOEXEC);
    if (e.in < 0)
        return -1;
    e.out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (e.out < 0) {
        close(e.in);
        return -1;
    }
    char buf[4096];
    ssize_t n;
    while ((n = read(e.in, buf, sizeof buf)) > 0)
        if (write(e.out, buf, (size_t)n) != n)
            break;
    close(e.in);
    return n == 0 ? 0 : -1; // expect: leak.resource
}

/* Clean: both descriptors in the local struct are closed. */
int clean_local_struct_field(const char *src, const char *dst)
{
    struct endpoints e;
    e.in = open(src, O_RDONLY | O_CLOEXEC);
    if (e.in < 0)
        return -1;
    e.out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (e.out < 0) {
        close(e.in);
        return -1;
    }
    char buf[4096];
    ssize_t n;
    while ((n = read(e.in, buf, sizeof buf)) > 0)
        if (write(e.out, buf, (size_t)n) != n)
            break;
    close(e.in);
    if (close(e.out) < 0)
        return -1;
    return n == 0 ? 0 : -1;
}
