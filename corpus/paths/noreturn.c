/* Control flow: calls that never return end the path: exit, abort, _exit,
 * and functions declared noreturn (with the GNU attribute or with
 * _Noreturn).  A handle still open when exit() or _exit() ends the process
 * is reported under its own rule (leak.exit); abort() and a project's own
 * fatal() end the path silently.  A plain error reporter that returns does
 * not end the path.
 */
#include <curl/curl.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

_Noreturn void fatal(const char *fmt, ...);
__attribute__((noreturn)) void die_errno(const char *what);
void log_error(const char *msg);

/* The failures end in exit() or the _Noreturn fatal(): the handle is still
 * open when exit() ends the process (leak.exit); fatal() is silent. */
void clean_exit_paths(const char *url)
{
    CURL *h = curl_easy_init();
    if (!h)
        fatal("curl_easy_init failed");
    if (curl_easy_setopt(h, CURLOPT_URL, url) != CURLE_OK)
        exit(EXIT_FAILURE); // expect: leak.exit
    if (curl_easy_perform(h) != CURLE_OK)
        fatal("transfer of %s failed", url);
    curl_easy_cleanup(h);
}

/* Leaks: log_error returns, so the path goes on to the return. */
int leak_error_reporter_returns(const char *url)
{
    CURL *h = curl_easy_init();
    if (!h)
        fatal("curl_easy_init failed");
    if (curl_easy_perform(h) != CURLE_OK) {
        log_error(url);
        return -1; // expect: leak.session
    }
    curl_easy_cleanup(h);
    return 0;
}

/* Clean: abort() on a broken invariant ends the path. */
long clean_abort_path(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) < 0)
        abort();
    close(fd);
    return (long)st.st_size;
}

/* A child that cannot redirect its output ends with _exit, the descriptor
 * still open (leak.exit); with nothing open, the first _exit is silent. */
int clean_underscore_exit(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0)
        _exit(127);
    if (dup2(fd, STDOUT_FILENO) < 0)
        _exit(127); // expect: leak.exit
    close(fd);
    return 0;
}

/* Clean: the attribute-declared die_errno ends the failure path. */
int clean_attribute_noreturn(const char *path, char *buf, size_t n)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        die_errno(path);
    if (read(fd, buf, n) < 0)
        die_errno(path);
    close(fd);
    return 0;
}

/* Leaks: only one of the two failure paths ends in die_errno; the other
 * returns with the file open. */
int leak_noreturn_on_one_branch(const char *path, char *buf, size_t n)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        die_errno(path);
    ssize_t r = read(fd, buf, n);
    if (r < 0)
        die_errno(path);
    if (r == 0)
        return -1; // expect: leak.resource
    close(fd);
    return 0;
}
