/* Scope ends: falling off the end of a void function, and handles whose
 * only owner is declared in an if-block or a plain { } block.  The finding
 * is on the closing brace of the function or block that ends with the
 * handle still owned.
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

/* Leaks: the void function runs off its end with the stream open. */
void leak_void_falls_off_end(const char *path, const char *msg)
{
    FILE *f = fopen(path, "a");
    if (!f)
        return;
    fputs(msg, f);
} // expect: leak.resource

/* Clean: the stream is closed before the end of the function. */
void clean_void_falls_off_end(const char *path, const char *msg)
{
    FILE *f = fopen(path, "a");
    if (!f)
        return;
    fputs(msg, f);
    fclose(f);
}

/* Leaks: the log stream declared in the if-block dies with the block. */
int leak_if_block_scope(const char *path, const char *log_path, char *buf, size_t n)
{
    if (log_path != NULL) {
        FILE *log = fopen(log_path, "a");
        if (log)
            fprintf(log, "reading %s\n", path);
    } // expect: leak.resource
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t r = read(fd, buf, n);
    close(fd);
    return r < 0 ? -1 : 0;
}

/* Clean: the log stream is closed inside its block. */
int clean_if_block_scope(const char *path, const char *log_path, char *buf, size_t n)
{
    if (log_path != NULL) {
        FILE *log = fopen(log_path, "a");
        if (log) {
            fprintf(log, "reading %s\n", path);
            fclose(log);
        }
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t r = read(fd, buf, n);
    close(fd);
    return r < 0 ? -1 : 0;
}

/* Leaks: the descriptor declared in a plain block is not closed before the
 * block ends. */
long leak_plain_block_scope(const char *path, char *buf, size_t n)
{
    ssize_t r = -1;
    {
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd >= 0)
            r = read(fd, buf, n);
    } // expect: leak.resource
    return (long)r;
}

/* Clean: the plain block closes its descriptor. */
long clean_plain_block_scope(const char *path, char *buf, size_t n)
{
    ssize_t r = -1;
    {
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd >= 0) {
            r = read(fd, buf, n);
            close(fd);
        }
    }
    return (long)r;
}

/* Returning from main ends the process, which closes the socket: not a
 * leak while the program runs, but one at its end (leak.exit). */
#include <sys/socket.h>
int main(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return 1;
    return 0; // expect: leak.exit
}
