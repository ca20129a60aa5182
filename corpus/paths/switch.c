/* Control flow: switch with case, default, fallthrough, and acquisitions in
 * several cases.  Two acquisition calls that leak at the same exit are two
 * findings on that line.
 */
#include <curl/curl.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

enum fetch_status { FETCH_OK, FETCH_RETRY, FETCH_FAIL };

/* Leaks: the retryable cases return before curl_easy_cleanup. */
enum fetch_status leak_switch_case_return(const char *url)
{
    CURL *h = curl_easy_init();
    if (!h)
        return FETCH_FAIL;
    curl_easy_setopt(h, CURLOPT_URL, url);
    switch (curl_easy_perform(h)) {
    case CURLE_OK:
        break;
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_COULDNT_CONNECT:
        return FETCH_RETRY; // expect: leak.session
    default:
        curl_easy_cleanup(h);
        return FETCH_FAIL;
    }
    curl_easy_cleanup(h);
    return FETCH_OK;
}

/* Clean: the retryable cases fall through to the default's cleanup. */
enum fetch_status clean_switch_fallthrough(const char *url)
{
    enum fetch_status st = FETCH_FAIL;
    CURL *h = curl_easy_init();
    if (!h)
        return FETCH_FAIL;
    curl_easy_setopt(h, CURLOPT_URL, url);
    switch (curl_easy_perform(h)) {
    case CURLE_OK:
        curl_easy_cleanup(h);
        return FETCH_OK;
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_COULDNT_CONNECT:
        st = FETCH_RETRY;
        /* fall through */
    default:
        curl_easy_cleanup(h);
        return st;
    }
}

/* Leaks: each case opens the file its own way, and the short write returns
 * without close: three acquisition calls, three findings. */
int leak_switch_acquire_per_case(int mode, const char *path, const void *buf, size_t n)
{
    int fd;
    switch (mode) {
    case 0:
        fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
        break;
    case 1:
        fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
        break;
    default:
        fd = creat(path, 0644);
        break;
    }
    if (fd < 0)
        return -1;
    if (write(fd, buf, n) != (ssize_t)n)
        return -1; // expect: leak.resource, leak.resource, leak.resource
    return close(fd);
}

/* Clean: whichever case opened it, the descriptor is closed. */
int clean_switch_acquire_per_case(int mode, const char *path, const void *buf, size_t n)
{
    int fd;
    switch (mode) {
    case 0:
        fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
        break;
    case 1:
        fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
        break;
    default:
        fd = creat(path, 0644);
        break;
    }
    if (fd < 0)
        return -1;
    ssize_t w = write(fd, buf, n);
    close(fd);
    return w == (ssize_t)n ? 0 : -1;
}
