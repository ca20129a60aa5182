/* Heap structs that hold session handles.  With --enable memory the struct
 * is itself a tracked block; the session inside it is followed as without
 * the memory rules: freeing the struct while it holds an open session leaks
 * the session, a constructor that returns the struct leaks nothing, and a
 * destructor releases both.  The leak.session lines are reported with and
 * without --enable memory; the leak.memory lines only with it.
 */
#include <curl/curl.h>
#include <stdlib.h>

struct fetcher {
    CURL *curl;
    char *url;
};

/* Clean: a constructor returns the struct holding the session. */
struct fetcher *fetcher_new(void)
{
    struct fetcher *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->curl = curl_easy_init();
    if (!f->curl) {
        free(f);
        return NULL;
    }
    return f;
}

/* Clean: the destructor releases the session, then the struct. */
void fetcher_free(struct fetcher *f)
{
    if (!f)
        return;
    curl_easy_cleanup(f->curl);
    free(f->url);
    free(f);
}

/* Clean: built with the constructor, released with the destructor. */
int clean_fetch_once(const char *url)
{
    struct fetcher *f = fetcher_new();
    if (!f)
        return -1;
    curl_easy_setopt(f->curl, CURLOPT_URL, url);
    CURLcode rc = curl_easy_perform(f->curl);
    fetcher_free(f);
    return rc == CURLE_OK ? 0 : -1;
}

/* Leaks the session: free() of the struct alone does not close it. */
int leak_struct_freed_session_open(const char *url)
{
    struct fetcher *f = fetcher_new();
    if (!f)
        return -1;
    curl_easy_setopt(f->curl, CURLOPT_URL, url);
    free(f); // expect: leak.session
    return 0;
}

/* Leaks the session, and with the memory rules the struct too: the error
 * path returns with both still owned. */
int leak_both_on_error(const char *url)
{
    struct fetcher *f = malloc(sizeof *f);
    if (!f)
        return -1;
    f->url = NULL;
    f->curl = curl_easy_init();
    if (!f->curl) {
        free(f);
        return -1;
    }
    if (curl_easy_setopt(f->curl, CURLOPT_URL, url) != CURLE_OK)
        return -1; // expect: leak.session, leak.memory
    curl_easy_cleanup(f->curl);
    free(f);
    return 0;
}

/* Clean: the same function with the error path fixed. */
int clean_both_on_error(const char *url)
{
    struct fetcher *f = malloc(sizeof *f);
    if (!f)
        return -1;
    f->url = NULL;
    f->curl = curl_easy_init();
    if (!f->curl) {
        free(f);
        return -1;
    }
    int rc = curl_easy_setopt(f->curl, CURLOPT_URL, url) != CURLE_OK ? -1 : 0;
    curl_easy_cleanup(f->curl);
    free(f);
    return rc;
}

/* Clean: the struct is stored in a field of a parameter (its owner). */
struct pool {
    struct fetcher *spare;
};

int clean_struct_into_owner(struct pool *p)
{
    struct fetcher *f = malloc(sizeof *f);
    if (!f)
        return -1;
    f->url = NULL;
    f->curl = NULL;
    p->spare = f;
    return 0;
}
