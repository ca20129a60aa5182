/* Release forms: a release call reached through a macro, under a guard
 * (`if (h) release(h)`, `if (fd >= 0) close(fd)`), or on a handle kept in
 * a variable that was reset to "no handle" after release.
 */
#include <curl/curl.h>
#include <fcntl.h>
#include <stddef.h>
#include <unistd.h>

#define SAFE_CLOSE(fd) do {             \
        if ((fd) >= 0) {                \
            close(fd);                  \
            (fd) = -1;                  \
        }                               \
    } while (0)

#define CURL_DROP(h) do {               \
        curl_easy_cleanup(h);           \
        (h) = NULL;                     \
    } while (0)

/* Clean: the macro's guarded close runs on both paths. */
int clean_release_in_macro(const char *path, char *buf, size_t n)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t r = -1;
    if (fd >= 0)
        r = read(fd, buf, n);
    SAFE_CLOSE(fd);
    return r < 0 ? -1 : 0;
}

/* Leaks: the macro release sits after an early return. */
int leak_release_in_macro_skipped(const char *path, char *buf, size_t n)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (read(fd, buf, n) < 0)
        return -1; // expect: leak.resource
    SAFE_CLOSE(fd);
    return 0;
}

/* Clean: the cleanup macro clears the variable, so reusing it is no overwrite. */
int clean_release_macro_then_reuse(const char *u1, const char *u2)
{
    CURL *h = curl_easy_init();
    if (!h)
        return -1;
    curl_easy_setopt(h, CURLOPT_URL, u1);
    curl_easy_perform(h);
    CURL_DROP(h);
    h = curl_easy_init();
    if (!h)
        return -1;
    curl_easy_setopt(h, CURLOPT_URL, u2);
    curl_easy_perform(h);
    CURL_DROP(h);
    return 0;
}

/* Clean: a guarded release at a shared exit covers the path where the
 * handle was never created. */
int clean_guarded_release(const char *url, int dry_run)
{
    CURL *h = NULL;
    int rc = 0;
    if (!dry_run) {
        h = curl_easy_init();
        if (h == NULL)
            return -1;
        curl_easy_setopt(h, CURLOPT_URL, url);
        rc = curl_easy_perform(h) == CURLE_OK ? 0 : -1;
    }
    if (h)
        curl_easy_cleanup(h);
    return rc;
}
