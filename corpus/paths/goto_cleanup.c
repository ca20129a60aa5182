/* Control flow: goto cleanup ladders and do { } while (0) error blocks.
 *
 * A goto to a label in the same scope does not end a handle's life; only
 * the exit the path finally reaches does.  Handles declared at function
 * scope that are still owned there are reported at that return.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

/* Clean: one exit label releases both handles; both releases accept a
 * handle that was never set. */
int clean_goto_single_label(const char *url, const char *token)
{
    int ret = -1;
    CURL *h = NULL;
    struct curl_slist *hdrs = NULL;

    h = curl_easy_init();
    if (!h)
        goto out;
    hdrs = curl_slist_append(NULL, token);
    if (!hdrs)
        goto out;
    if (curl_easy_setopt(h, CURLOPT_URL, url) != CURLE_OK)
        goto out;
    if (curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs) != CURLE_OK)
        goto out;
    if (curl_easy_perform(h) != CURLE_OK)
        goto out;
    ret = 0;
out:
    curl_easy_cleanup(h);
    curl_slist_free_all(hdrs);
    return ret;
}

/* Leaks: the connect failure jumps past close(fd); the socket is still
 * owned at the final return. */
int leak_goto_wrong_label(const char *path, const struct sockaddr *sa, socklen_t salen)
{
    int ret = -1, fd = -1;
    char buf[4096];
    size_t n;
    FILE *f = fopen(path, "rb");
    if (!f)
        goto out;
    fd = socket(sa->sa_family, SOCK_STREAM, 0);
    if (fd < 0)
        goto out_file;
    if (connect(fd, sa, salen) < 0)
        goto out_file;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        if (send(fd, buf, n, 0) < 0)
            goto out_sock;
    ret = 0;
out_sock:
    close(fd);
out_file:
    fclose(f);
out:
    return ret; // expect: leak.connector
}

/* Clean: the same ladder with each failure sent to the right label. */
int clean_goto_right_label(const char *path, const struct sockaddr *sa, socklen_t salen)
{
    int ret = -1, fd = -1;
    char buf[4096];
    size_t n;
    FILE *f = fopen(path, "rb");
    if (!f)
        goto out;
    fd = socket(sa->sa_family, SOCK_STREAM, 0);
    if (fd < 0)
        goto out_file;
    if (connect(fd, sa, salen) < 0)
        goto out_sock;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        if (send(fd, buf, n, 0) < 0)
            goto out_sock;
    ret = 0;
out_sock:
    close(fd);
out_file:
    fclose(f);
out:
    return ret;
}

/* Clean: every failure breaks out of the do/while(0) to the one release. */
int clean_do_while_zero(const char *url)
{
    int ret = -1;
    CURL *h = curl_easy_init();
    if (!h)
        return -1;
    do {
        if (curl_easy_setopt(h, CURLOPT_URL, url) != CURLE_OK)
            break;
        if (curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L) != CURLE_OK)
            break;
        if (curl_easy_perform(h) != CURLE_OK)
            break;
        ret = 0;
    } while (0);
    curl_easy_cleanup(h);
    return ret;
}

/* Leaks: one failure inside the do/while(0) block returns instead of
 * breaking out to the release. */
int leak_do_while_zero_return(const char *url)
{
    int ret = -1;
    CURL *h = curl_easy_init();
    if (!h)
        return -1;
    do {
        if (curl_easy_setopt(h, CURLOPT_URL, url) != CURLE_OK)
            break;
        if (curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L) != CURLE_OK)
            return -1; // expect: leak.session
        if (curl_easy_perform(h) != CURLE_OK)
            break;
        ret = 0;
    } while (0);
    curl_easy_cleanup(h);
    return ret;
}
