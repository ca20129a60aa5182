/* libcurl multi handles (curl.multi, kind session) and share objects
 * (curl.share, kind resource).
 *
 * curl_multi_add_handle and CURLOPT_SHARE only borrow: the multi handle does
 * not own the easy handles added to it, and an easy handle does not own the
 * share object it uses.
 */
#include <curl/curl.h>
#include <stddef.h>

/* Leaks: a failed curl_multi_add_handle returns with the multi handle live. */
int leak_multi_on_add_failure(CURL *easy)
{
    CURLM *m = curl_multi_init();
    if (!m)
        return -1;
    if (curl_multi_add_handle(m, easy) != CURLM_OK)
        return -1; // expect: leak.session
    int running = 1;
    while (running) {
        if (curl_multi_perform(m, &running) != CURLM_OK)
            break;
        if (running && curl_multi_poll(m, NULL, 0, 1000, NULL) != CURLM_OK)
            break;
    }
    curl_multi_remove_handle(m, easy);
    curl_multi_cleanup(m);
    return 0;
}

/* Clean: the multi handle is cleaned up on the add failure too. */
int clean_multi_on_add_failure(CURL *easy)
{
    CURLM *m = curl_multi_init();
    if (!m)
        return -1;
    if (curl_multi_add_handle(m, easy) != CURLM_OK) {
        curl_multi_cleanup(m);
        return -1;
    }
    int running = 1;
    while (running) {
        if (curl_multi_perform(m, &running) != CURLM_OK)
            break;
        if (running && curl_multi_poll(m, NULL, 0, 1000, NULL) != CURLM_OK)
            break;
    }
    curl_multi_remove_handle(m, easy);
    curl_multi_cleanup(m);
    return 0;
}

/* Leaks: the share object is dropped when the DNS cache cannot be shared. */
CURLSH *leak_share_on_setopt_failure(void)
{
    CURLSH *sh = curl_share_init();
    if (!sh)
        return NULL;
    if (curl_share_setopt(sh, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS) != CURLSHE_OK)
        return NULL; // expect: leak.resource
    return sh;
}

/* Clean: the share object is returned on success and cleaned up on failure. */
CURLSH *clean_share_on_setopt_failure(void)
{
    CURLSH *sh = curl_share_init();
    if (!sh)
        return NULL;
    if (curl_share_setopt(sh, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS) != CURLSHE_OK) {
        curl_share_cleanup(sh);
        return NULL;
    }
    return sh;
}

/* Leaks: both easy handles are cleaned up, the share they used is not. */
int leak_share_after_easy_cleanup(const char *u1, const char *u2)
{
    CURLSH *sh = curl_share_init();
    if (!sh)
        return -1;
    curl_share_setopt(sh, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
    CURL *a = curl_easy_init();
    CURL *b = curl_easy_init();
    if (a && b) {
        curl_easy_setopt(a, CURLOPT_SHARE, sh);
        curl_easy_setopt(b, CURLOPT_SHARE, sh);
        curl_easy_setopt(a, CURLOPT_URL, u1);
        curl_easy_setopt(b, CURLOPT_URL, u2);
        curl_easy_perform(a);
        curl_easy_perform(b);
    }
    curl_easy_cleanup(a);
    curl_easy_cleanup(b);
    return 0; // expect: leak.resource
}

/* Clean: the share goes once the easy handles that used it are gone. */
int clean_share_after_easy_cleanup(const char *u1, const char *u2)
{
    CURLSH *sh = curl_share_init();
    if (!sh)
        return -1;
    curl_share_setopt(sh, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
    CURL *a = curl_easy_init();
    CURL *b = curl_easy_init();
    if (a && b) {
        curl_easy_setopt(a, CURLOPT_SHARE, sh);
        curl_easy_setopt(b, CURLOPT_SHARE, sh);
        curl_easy_setopt(a, CURLOPT_URL, u1);
        curl_easy_setopt(b, CURLOPT_URL, u2);
        curl_easy_perform(a);
        curl_easy_perform(b);
    }
    curl_easy_cleanup(a);
    curl_easy_cleanup(b);
    curl_share_cleanup(sh);
    return 0;
}
