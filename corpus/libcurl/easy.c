/* libcurl easy handles (curl.easy, kind session).
 *
 * Error paths after curl_easy_init and curl_easy_duphandle, the rule that
 * one acquisition is reported once (at its first leaking exit by line), and
 * handles whose result nobody keeps.
 */
#include <curl/curl.h>
#include <stddef.h>

/* Leaks: a failed setopt returns before curl_easy_cleanup. */
int leak_easy_on_setopt_failure(const char *url)
{
    CURL *h = curl_easy_init();
    if (!h)
        return -1;
    if (curl_easy_setopt(h, CURLOPT_URL, url) != CURLE_OK)
        return -1; // expect: leak.session
    CURLcode rc = curl_easy_perform(h);
    curl_easy_cleanup(h);
    return rc == CURLE_OK ? 0 : -1;
}

/* Clean: the setopt failure path cleans up before returning. */
int clean_easy_on_setopt_failure(const char *url)
{
    CURL *h = curl_easy_init();
    if (!h)
        return -1;
    if (curl_easy_setopt(h, CURLOPT_URL, url) != CURLE_OK) {
        curl_easy_cleanup(h);
        return -1;
    }
    CURLcode rc = curl_easy_perform(h);
    curl_easy_cleanup(h);
    return rc == CURLE_OK ? 0 : -1;
}

/* Leaks on two exits (failed perform, HTTP error); one acquisition is
 * reported once, at the exit with the smaller line number. */
long leak_easy_two_exits_reported_once(const char *url)
{
    long code = 0;
    CURL *h = curl_easy_init();
    if (!h)
        return -1;
    curl_easy_setopt(h, CURLOPT_URL, url);
    if (curl_easy_perform(h) != CURLE_OK)
        return -1; // expect: leak.session
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    if (code >= 400)
        return -code; /* leaks too, but this acquisition is already reported above */
    curl_easy_cleanup(h);
    return code;
}

/* Clean: both error exits clean up; the response code is read before cleanup. */
long clean_easy_two_exits(const char *url)
{
    long code = 0;
    CURL *h = curl_easy_init();
    if (!h)
        return -1;
    curl_easy_setopt(h, CURLOPT_URL, url);
    if (curl_easy_perform(h) != CURLE_OK) {
        curl_easy_cleanup(h);
        return -1;
    }
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_cleanup(h);
    return code >= 400 ? -code : code;
}

/* Leaks: the duplicated handle is dropped when its transfer fails. */
int leak_duphandle_on_perform_failure(CURL *tmpl, const char *url)
{
    CURL *h = curl_easy_duphandle(tmpl);
    if (h == NULL)
        return -1;
    curl_easy_setopt(h, CURLOPT_URL, url);
    if (curl_easy_perform(h) != CURLE_OK)
        return -1; // expect: leak.session
    curl_easy_cleanup(h);
    return 0;
}

/* Clean: the duplicate is cleaned up whatever the transfer's outcome. */
int clean_duphandle(CURL *tmpl, const char *url)
{
    CURL *h = curl_easy_duphandle(tmpl);
    if (h == NULL)
        return -1;
    curl_easy_setopt(h, CURLOPT_URL, url);
    CURLcode rc = curl_easy_perform(h);
    curl_easy_cleanup(h);
    return rc == CURLE_OK ? 0 : -1;
}

/* Leaks: the probe handle is only tested against NULL and then dropped;
 * nobody keeps the result of the call. */
int leak_init_result_only_tested(void)
{
    if (curl_easy_init() == NULL) // expect: leak.session
        return 0;
    return 1;
}

/* Leaks: the result of curl_easy_init is discarded outright. */
void leak_init_result_discarded(void)
{
    curl_easy_init(); // expect: leak.session
}

/* Clean: the probe handle is kept, tested and cleaned up. */
int clean_init_probe(void)
{
    CURL *h = curl_easy_init();
    if (h == NULL)
        return 0;
    curl_easy_cleanup(h);
    return 1;
}
