/* Overwrite of the only owner: assigning a new value to the one variable
 * that holds an owned handle loses it, reported at the assignment.
 */
#include <curl/curl.h>
#include <hiredis/hiredis.h>
#include <stddef.h>

/* Leaks: re-initialising for the second request loses the first handle. */
int leak_overwrite_reinit(const char *u1, const char *u2)
{
    CURL *h = curl_easy_init();
    if (!h)
        return -1;
    curl_easy_setopt(h, CURLOPT_URL, u1);
    CURLcode r1 = curl_easy_perform(h);
    h = curl_easy_init(); // expect: leak.session
    if (!h)
        return -1;
    curl_easy_setopt(h, CURLOPT_URL, u2);
    CURLcode r2 = curl_easy_perform(h);
    curl_easy_cleanup(h);
    return (r1 == CURLE_OK && r2 == CURLE_OK) ? 0 : -1;
}

/* Clean: the first handle is cleaned up before the variable is reused. */
int clean_overwrite_after_cleanup(const char *u1, const char *u2)
{
    CURL *h = curl_easy_init();
    if (!h)
        return -1;
    curl_easy_setopt(h, CURLOPT_URL, u1);
    CURLcode r1 = curl_easy_perform(h);
    curl_easy_cleanup(h);
    h = curl_easy_init();
    if (!h)
        return -1;
    curl_easy_setopt(h, CURLOPT_URL, u2);
    CURLcode r2 = curl_easy_perform(h);
    curl_easy_cleanup(h);
    return (r1 == CURLE_OK && r2 == CURLE_OK) ? 0 : -1;
}

/* Leaks: the reply variable is reused for the second command without
 * freeing the first reply. */
int leak_reply_variable_reused(redisContext *c, const char *key)
{
    redisReply *r = redisCommand(c, "MULTI");
    if (!r)
        return -1;
    r = redisCommand(c, "INCR %s", key); // expect: leak.resource
    if (!r)
        return -1;
    freeReplyObject(r);
    r = redisCommand(c, "EXEC");
    if (!r)
        return -1;
    freeReplyObject(r);
    return 0;
}

/* Clean: every reply is freed before the variable takes the next one. */
int clean_reply_variable_reused(redisContext *c, const char *key)
{
    redisReply *r = redisCommand(c, "MULTI");
    if (!r)
        return -1;
    freeReplyObject(r);
    r = redisCommand(c, "INCR %s", key);
    if (!r)
        return -1;
    freeReplyObject(r);
    r = redisCommand(c, "EXEC");
    if (!r)
        return -1;
    freeReplyObject(r);
    return 0;
}
