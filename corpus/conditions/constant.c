/* Constant conditions prune the branch they rule out: literals (also behind
 * a macro), enum constants, `static const` values, and file-static
 * variables that nothing in this file writes after initialization.  A
 * file-static that is written somewhere in the file is not constant.
 */
#include <curl/curl.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#define ABORT_EARLY_FOR_DEBUGGING 0
#define FEATURE_UPLOAD_DISABLED 1

enum { TRACE_ENABLED = 0 };
static const int dry_run = 0;
static int strict_mode = 1;  /* never written after initialization */
static int verbose;          /* written by set_verbose() below */

void set_verbose(int on)
{
    verbose = on;
}

/* Clean: the literal 0 (through a macro) rules the early return out. */
int clean_if_zero_macro(const char *path, char *buf, size_t n)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (ABORT_EARLY_FOR_DEBUGGING)
        return -2;
    ssize_t r = read(fd, buf, n);
    close(fd);
    return r < 0 ? -1 : 0;
}

/* Clean: the enum constant is 0, so the traced early return cannot run. */
int clean_enum_constant(const char *url)
{
    CURL *h = curl_easy_init();
    if (!h)
        return -1;
    if (TRACE_ENABLED) {
        curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
        return 1;
    }
    curl_easy_setopt(h, CURLOPT_URL, url);
    CURLcode rc = curl_easy_perform(h);
    curl_easy_cleanup(h);
    return rc == CURLE_OK ? 0 : -1;
}

/* Clean: the static const is 0, so the dry-run return cannot run. */
int clean_static_const(const char *url)
{
    CURL *h = curl_easy_init();
    if (!h)
        return -1;
    if (dry_run)
        return 0;
    curl_easy_setopt(h, CURLOPT_URL, url);
    CURLcode rc = curl_easy_perform(h);
    curl_easy_cleanup(h);
    return rc == CURLE_OK ? 0 : -1;
}

/* Clean: strict_mode is never written, so `!strict_mode` is always false. */
int clean_static_never_written(const char *path, const char *line)
{
    FILE *f = fopen(path, "a");
    if (!f)
        return -1;
    if (!strict_mode)
        return 0;
    int rc = fputs(line, f) < 0 ? -1 : 0;
    fclose(f);
    return rc;
}

/* Leaks: verbose is written by set_verbose, so its branch is feasible. */
int leak_static_written_elsewhere(const char *path, const char *line)
{
    FILE *f = fopen(path, "a");
    if (!f)
        return -1;
    if (verbose)
        return 0; // expect: leak.resource
    int rc = fputs(line, f) < 0 ? -1 : 0;
    fclose(f);
    return rc;
}

/* Leaks: the constant 1 makes the early return certain. */
int leak_constant_true(const char *url)
{
    CURL *h = curl_easy_init();
    if (!h)
        return -1;
    if (FEATURE_UPLOAD_DISABLED)
        return -2; // expect: leak.session
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    CURLcode rc = curl_easy_perform(h);
    curl_easy_cleanup(h);
    return rc == CURLE_OK ? 0 : -1;
}

/* Clean: while (1) is left only through the break after the release. */
int clean_while_one(const char *path, char *buf, size_t n)
{
    int tries = 0;
    while (1) {
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            if (++tries == 3)
                return -1;
            sleep(1);
            continue;
        }
        ssize_t r = read(fd, buf, n);
        close(fd);
        if (r >= 0)
            break;
    }
    return 0;
}
