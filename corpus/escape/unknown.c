/* Escape by unknown call: a function with no rule and no body in this file
 * is assumed to take the handles passed to it (the default
 * --unknown-calls=escape policy).  Only a call that actually receives the
 * handle counts.
 */
#include <curl/curl.h>
#include <stddef.h>

void keep_handle(CURL *h);           /* no rule, no body: takes h */
void note_progress(const char *what); /* no rule, no body, never sees a handle */

/* Clean: keep_handle is assumed to take the handle. */
int clean_unknown_call_takes_handle(const char *url)
{
    CURL *h = curl_easy_init();
    if (!h)
        return -1;
    curl_easy_setopt(h, CURLOPT_URL, url);
    keep_handle(h);
    return 0;
}

/* Leaks: the handle reaches keep_handle on one path only. */
int leak_unknown_call_on_one_path(const char *url, int cache)
{
    CURL *h = curl_easy_init();
    if (!h)
        return -1;
    curl_easy_setopt(h, CURLOPT_URL, url);
    if (cache)
        keep_handle(h);
    return 0; // expect: leak.session
}

/* Leaks: the unknown call never receives the handle. */
int leak_unknown_call_without_handle(const char *url)
{
    CURL *h = curl_easy_init();
    if (!h)
        return -1;
    curl_easy_setopt(h, CURLOPT_URL, url);
    note_progress(url);
    return 0; // expect: leak.session
}

/* Clean: cached on one path, cleaned up on the other. */
int clean_unknown_call_or_cleanup(const char *url, int cache)
{
    CURL *h = curl_easy_init();
    if (!h)
        return -1;
    curl_easy_setopt(h, CURLOPT_URL, url);
    if (cache)
        keep_handle(h);
    else
        curl_easy_cleanup(h);
    return 0;
}
