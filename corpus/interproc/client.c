/* interproc/client.c: wrappers one and two deep around curl_easy_init. */
#include "net.h"

/* Returns an owned curl.easy handle (NULL on failure). */
CURL *client_new(void)
{
    return curl_easy_init();
}

/* Wraps client_new; clean: the handle goes back to the caller. */
CURL *client_make(long timeout)
{
    CURL *h = client_new();
    if (!h)
        return NULL;
    curl_easy_setopt(h, CURLOPT_TIMEOUT, timeout);
    return h;
}

/* Releases its parameter on every path. */
void handle_free(CURL *h)
{
    if (h)
        curl_easy_cleanup(h);
}

/* Only uses its parameter. */
void handle_log(CURL *h)
{
    char *url = NULL;
    curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &url);
}

/* Recursion: returns an owned handle on every path that has one. */
CURL *retry_init(int tries)
{
    CURL *h = curl_easy_init();
    if (!h && tries > 0)
        return retry_init(tries - 1);
    return h;
}

/* Mutual recursion: both return owned handles. */
CURL *ping_a(int n)
{
    if (n <= 0)
        return curl_easy_init();
    return ping_b(n - 1);
}

CURL *ping_b(int n)
{
    if (n <= 0)
        return client_new();
    return ping_a(n - 1);
}
