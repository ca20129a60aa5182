/* libcurl header lists (curl.slist, kind resource).
 *
 * curl_slist_append returns the list and takes over the list passed as its
 * first argument (transfer arg 0 to the return value), so
 * `l = curl_slist_append(l, ...)` is not an overwrite of the only owner.
 * CURLOPT_HTTPHEADER only borrows the list: the caller frees it after the
 * transfer.
 */
#include <curl/curl.h>
#include <stddef.h>

/* Leaks: a failed transfer returns before curl_slist_free_all. */
int leak_slist_on_perform_failure(CURL *h)
{
    struct curl_slist *hdrs = curl_slist_append(NULL, "Content-Type: application/json");
    if (!hdrs)
        return -1;
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    CURLcode rc = curl_easy_perform(h);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
    if (rc != CURLE_OK)
        return -1; // expect: leak.resource
    curl_slist_free_all(hdrs);
    return 0;
}

/* Clean: the list is freed on both outcomes of the transfer. */
int clean_slist_on_perform_failure(CURL *h)
{
    struct curl_slist *hdrs = curl_slist_append(NULL, "Content-Type: application/json");
    if (!hdrs)
        return -1;
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    CURLcode rc = curl_easy_perform(h);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
    curl_slist_free_all(hdrs);
    return rc == CURLE_OK ? 0 : -1;
}

/* Clean: the second append takes over the first list, one free releases all. */
int clean_slist_chained_appends(CURL *h, const char *token)
{
    struct curl_slist *hdrs = NULL;
    hdrs = curl_slist_append(hdrs, "Accept: application/json");
    hdrs = curl_slist_append(hdrs, token);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    CURLcode rc = curl_easy_perform(h);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
    curl_slist_free_all(hdrs);
    return rc == CURLE_OK ? 0 : -1;
}

/* Leaks: the chained list is never freed; the first append's list was taken
 * over by the second, so only the second acquisition is reported. */
int leak_slist_chained_never_freed(CURL *h, const char *token)
{
    struct curl_slist *hdrs = NULL;
    hdrs = curl_slist_append(hdrs, "Accept: application/json");
    hdrs = curl_slist_append(hdrs, token);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    CURLcode rc = curl_easy_perform(h);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
    return rc == CURLE_OK ? 0 : -1; // expect: leak.resource
}
