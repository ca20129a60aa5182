/* Control flow: loops, break, continue, and goto out of a loop body.
 *
 * A handle whose only owner is declared in the loop body dies at the end of
 * each iteration: it leaks at the body's closing brace, or at the break,
 * continue or goto that leaves the body while it is owned.
 */
#include <curl/curl.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

/* Clean: each iteration closes the file it opened. */
long clean_loop_release_each_iteration(const char *const *paths, int n)
{
    long total = 0;
    for (int i = 0; i < n; i++) {
        int fd = open(paths[i], O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            continue;
        struct stat st;
        if (fstat(fd, &st) == 0)
            total += st.st_size;
        close(fd);
    }
    return total;
}

/* Leaks: the file opened in the body is never closed; it dies at the end of
 * the body. */
long leak_loop_body_end(const char *const *paths, int n)
{
    long total = 0;
    for (int i = 0; i < n; i++) {
        int fd = open(paths[i], O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            continue;
        struct stat st;
        if (fstat(fd, &st) == 0)
            total += st.st_size;
    } // expect: leak.resource
    return total;
}

/* Leaks: an empty file skips to the next iteration with the stream open. */
long leak_loop_continue(const char *const *paths, int n)
{
    long lines = 0;
    char buf[256];
    for (int i = 0; i < n; i++) {
        FILE *f = fopen(paths[i], "r");
        if (!f)
            continue;
        if (fgets(buf, sizeof buf, f) == NULL)
            continue; // expect: leak.resource
        while (fgets(buf, sizeof buf, f) != NULL)
            lines++;
        fclose(f);
    }
    return lines;
}

/* Clean: the stream is closed before continue. */
long clean_loop_continue(const char *const *paths, int n)
{
    long lines = 0;
    char buf[256];
    for (int i = 0; i < n; i++) {
        FILE *f = fopen(paths[i], "r");
        if (!f)
            continue;
        if (fgets(buf, sizeof buf, f) == NULL) {
            fclose(f);
            continue;
        }
        while (fgets(buf, sizeof buf, f) != NULL)
            lines++;
        fclose(f);
    }
    return lines;
}

/* Leaks: the first file whose first line matches breaks out of the while
 * loop with its stream still open. */
int leak_while_break(const char *const *paths, int n, const char *want)
{
    char buf[256];
    int i = 0, found = -1;
    while (i < n) {
        FILE *f = fopen(paths[i], "r");
        if (f != NULL) {
            if (fgets(buf, sizeof buf, f) != NULL && buf[0] == want[0]) {
                found = i;
                break; // expect: leak.resource
            }
            fclose(f);
        }
        i++;
    }
    return found;
}

/* Leaks: a setopt failure jumps out of the body with the handle owned. */
int leak_goto_out_of_loop(const char *const *urls, int n)
{
    for (int i = 0; i < n; i++) {
        CURL *h = curl_easy_init();
        if (!h)
            goto fail;
        if (curl_easy_setopt(h, CURLOPT_URL, urls[i]) != CURLE_OK)
            goto fail; // expect: leak.session
        CURLcode rc = curl_easy_perform(h);
        curl_easy_cleanup(h);
        if (rc != CURLE_OK)
            goto fail;
    }
    return 0;
fail:
    return -1;
}

/* Clean: the handle is cleaned up before jumping out of the body. */
int clean_goto_out_of_loop(const char *const *urls, int n)
{
    for (int i = 0; i < n; i++) {
        CURL *h = curl_easy_init();
        if (!h)
            goto fail;
        if (curl_easy_setopt(h, CURLOPT_URL, urls[i]) != CURLE_OK) {
            curl_easy_cleanup(h);
            goto fail;
        }
        CURLcode rc = curl_easy_perform(h);
        curl_easy_cleanup(h);
        if (rc != CURLE_OK)
            goto fail;
    }
    return 0;
fail:
    return -1;
}

/* Clean: a function-scope descriptor holds one attempt at a time, closed
 * before it is reset for the next one. */
int clean_retry_loop(const struct sockaddr *sa, socklen_t len, int attempts)
{
    int fd = -1;
    for (int i = 0; i < attempts; i++) {
        fd = socket(sa->sa_family, SOCK_STREAM, 0);
        if (fd < 0)
            return -1;
        if (connect(fd, sa, len) == 0)
            return fd;
        close(fd);
        fd = -1;
        sleep(1);
    }
    return -1;
}

/* Leaks: the failed attempt is reset to -1 without close; the reset
 * overwrites the only owner. */
int leak_retry_loop_reset_without_close(const struct sockaddr *sa, socklen_t len, int attempts)
{
    int fd = -1;
    for (int i = 0; i < attempts; i++) {
        fd = socket(sa->sa_family, SOCK_STREAM, 0);
        if (fd < 0)
            return -1;
        if (connect(fd, sa, len) == 0)
            return fd;
        fd = -1; // expect: leak.connector
        sleep(1);
    }
    return -1;
}
