/* flows/mismatch.c: a handle given to the release routine of another
 * resource is not released (release.mismatch at the call, and the leak);
 * routines that share a release function (close() for sockets and
 * descriptors) are no mismatch. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

void descriptor_given_to_fclose(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd != -1)
        fclose((FILE *)(long)fd); // expect: release.mismatch
} // expect: leak.resource

void descriptor_closed(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd != -1)
        close(fd);
}

static void stream_sink(long h)
{
    if (h != 0)
        fclose((FILE *)h);
}

static void fd_sink(int fd)
{
    if (fd != -1)
        close(fd);
}

void descriptor_given_to_stream_closer(const char *path)
{
    int fd = open(path, O_RDONLY);
    stream_sink(fd); // expect: release.mismatch
} // expect: leak.resource

void socket_given_to_descriptor_closer(void)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    fd_sink(s);
}

/* a struct whose descriptor field a "destructor" closes as a stream */
struct holder {
    int fd;
};

static void holder_close_as_stream(struct holder h)
{
    int fd = h.fd;
    if (fd != -1)
        fclose((FILE *)(long)fd);
}

static void holder_close(struct holder h)
{
    int fd = h.fd;
    if (fd != -1)
        close(fd);
}

void field_given_to_stream_closer(const char *path)
{
    struct holder h;
    h.fd = open(path, O_RDONLY);
    holder_close_as_stream(h); // expect: release.mismatch
} // expect: leak.resource

void field_closed(const char *path)
{
    struct holder h;
    h.fd = open(path, O_RDONLY);
    holder_close(h);
}

/* a descriptor kept in a file-level variable that a sink closes */
static long current;
static int current_fd = -1;

static void close_current_as_stream(void)
{
    long h = current;
    if (h)
        fclose((FILE *)h);
}

static void close_current_fd(void)
{
    int fd = current_fd;
    if (fd != -1)
        close(fd);
}

void global_given_to_stream_closer(const char *path)
{
    int fd = open(path, O_RDONLY);
    current = fd;
    close_current_as_stream(); // expect: release.mismatch
}

void global_closed_by_sink(const char *path)
{
    int fd = open(path, O_RDONLY);
    current_fd = fd;
    close_current_fd();
}
