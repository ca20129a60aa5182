/* What a wrapper's status says, string tests that agree, guards no value
 * passes, and descriptors reserved on purpose.  Shapes found in openssh
 * (loginrec.c, ssh-keygen.c, sshkey.c, monitor.c), written anew. */
#include <curl/curl.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Returns 1 with *fd open, 0 with nothing open (never opened, or closed
 * again): callers test it with '!'. */
static int log_openseek(const char *file, int *fd, int mode)
{
    *fd = open(file, mode, 0600);
    if (*fd < 0)
        return 0;
    if (lseek(*fd, 100, SEEK_SET) != 100) {
        close(*fd);
        return 0;
    }
    return 1;
}

int log_write(const char *file, const char *buf, size_t n)
{
    int fd;
    if (!log_openseek(file, &fd, O_RDWR))
        return 0;
    if (write(fd, buf, n) != (ssize_t)n) {
        close(fd);
        return 0;
    }
    close(fd);
    return 1;
}

/* The leaking twin: the write error path forgets the close. */
int log_write_leaky(const char *file, const char *buf, size_t n)
{
    int fd;
    if (!log_openseek(file, &fd, O_RDWR))
        return 0;
    if (write(fd, buf, n) != (ssize_t)n)
        return 0; // expect: leak.resource
    close(fd);
    return 1;
}

/* The same string test twice, the string unchanged between: the file
 * opened under one is closed under the other. */
int count_lines(const char *path)
{
    FILE *f;
    char line[256];
    int n = 0;
    if (strcmp(path, "-") == 0)
        f = stdin;
    else if ((f = fopen(path, "r")) == NULL)
        return -1;
    printf("reading %s\n", path);
    while (fgets(line, sizeof line, f) != NULL)
        n++;
    if (strcmp(path, "-") != 0)
        fclose(f);
    return n;
}

/* The leaking twin: the second test is another one, and a path named
 * "/dev/stdin" is opened and never closed. */
int count_lines_leaky(const char *path)
{
    FILE *f;
    char line[256];
    int n = 0;
    if (strcmp(path, "-") == 0)
        f = stdin;
    else if ((f = fopen(path, "r")) == NULL)
        return -1;
    while (fgets(line, sizeof line, f) != NULL)
        n++;
    if (strcmp(path, "/dev/stdin") != 0)
        fclose(f);
    return n; // expect: leak.resource
}

/* A length past INT_MAX: no buffer this program builds is that long. */
int post_blob(const char *url, const char *blob, size_t len)
{
    CURL *h = curl_easy_init();
    if (h == NULL || len > INT_MAX)
        return -1;
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, blob);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)len);
    curl_easy_perform(h);
    curl_easy_cleanup(h);
    return 0;
}

/* The leaking twin: a limit a caller can reach. */
int post_blob_leaky(const char *url, const char *blob, size_t len)
{
    CURL *h = curl_easy_init();
    if (h == NULL || len > 4096)
        return -1; // expect: leak.session
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, blob);
    curl_easy_perform(h);
    curl_easy_cleanup(h);
    return 0;
}

/* Standard input is pointed at /dev/null for the rest of the process: the
 * descriptor is kept on purpose. */
void detach_stdin(void)
{
    int fd;
    close(STDIN_FILENO);
    if ((fd = open("/dev/null", O_RDONLY)) == -1)
        abort();
    if (fd != 0)
        fprintf(stderr, "fd %d != 0\n", fd);
}

/* The leaking twin: /dev/null opened for a write and closed on one path
 * only. */
int write_null(const char *s)
{
    int fd = open("/dev/null", O_WRONLY);
    if (fd < 0)
        return -1;
    if (write(fd, s, strlen(s)) < 0)
        return -1; // expect: leak.resource
    close(fd);
    return 0;
}

/* A consistency check at entry ties the flag to the out-parameter: when
 * the stream is opened (the flag set) the caller gave somewhere to put it. */
#define OUT_DISCARD 0x1
#define OUT_CAPTURE 0x2
int run_child(int flags, FILE **child, int fd)
{
    FILE *f = NULL;
    if (child != NULL)
        *child = NULL;
    if ((flags & OUT_DISCARD) != 0 && (flags & OUT_CAPTURE) != 0)
        return 0;
    if (((flags & OUT_CAPTURE) == 0) != (child == NULL))
        return 0;
    if ((flags & OUT_CAPTURE) == 0)
        close(fd);
    else if ((f = fdopen(fd, "r")) == NULL) {
        close(fd);
        return 0;
    }
    if (child != NULL)
        *child = f;
    return 1;
}

/* The leaking twin: without the check, a caller that passes no child with
 * the flag set loses the stream. */
int run_child_leaky(int flags, FILE **child, int fd)
{
    FILE *f = NULL;
    if (child != NULL)
        *child = NULL;
    if ((flags & OUT_CAPTURE) == 0)
        close(fd);
    else if ((f = fdopen(fd, "r")) == NULL) {
        close(fd);
        return 0;
    }
    if (child != NULL)
        *child = f;
    return 1; // expect: leak.resource
}
