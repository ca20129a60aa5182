/* paths/partial_release.c: functions that release what they are given on
 * some paths only.  A close routine that returns early without closing is
 * reported (release.partial); a function that releases only on its error
 * path and returns a different status there is handing ownership over on
 * failure, which is a contract, not a bug (found when sesslint checked its
 * own rules loader). */
#include <curl/curl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct client {
    CURL *easy;
    bool connected;
};

/* release.partial: skips the cleanup when no event loop is given (the
 * shape of the incident that motivates the rule). */
void client_close(struct client *c, void *loop)
{
    if (!loop)
        return; // expect: release.partial
    curl_easy_cleanup(c->easy);
}

/* Clean: the struct's own state says there is nothing to close (an
 * ownership flag, a NULL handle): sesslint trusts the struct's bookkeeping
 * (found on real code: destructors that close a member only when it was
 * opened). */
void client_close_if_connected(struct client *c)
{
    if (!c->connected || !c->easy)
        return;
    curl_easy_cleanup(c->easy);
}

/* Clean: releasing the old value to store a new one is a replacement. */
void client_replace(struct client *c, CURL *fresh)
{
    if (fresh) {
        curl_easy_cleanup(c->easy);
        c->easy = fresh;
    }
}

/* Clean: closes on every path. */
void client_close_ok(struct client *c)
{
    if (c->connected)
        curl_easy_setopt(c->easy, CURLOPT_FORBID_REUSE, 1L);
    curl_easy_cleanup(c->easy);
}

/* Clean: takes the handle only on failure, and says so by its status. */
int client_configure(CURL *h, const char *url)
{
    if (curl_easy_setopt(h, CURLOPT_URL, url) != CURLE_OK) {
        curl_easy_cleanup(h);
        return -1;
    }
    return 0;
}

/* release.partial: both paths return 0, one without the cleanup. */
int client_finish(CURL *h, int keep)
{
    if (keep)
        return 0; // expect: release.partial
    curl_easy_cleanup(h);
    return 0;
}

/* Clean: closes the descriptor only when the struct says it is open
 * (found in hiredis). */
struct fdholder {
    int fd;
};
void fdholder_close(struct fdholder *h)
{
    if (h && h->fd >= 0) {
        close(h->fd);
        h->fd = -1;
    }
}

/* Clean: opens into the caller's pointer and closes it again when the file
 * will not do; the parameter is an output, not a handle given to close
 * (found in curl). */
int open_nonempty(const char *path, FILE **fh)
{
    *fh = fopen(path, "r");
    if (!*fh)
        return -1;
    if (fgetc(*fh) == EOF) {
        fclose(*fh);
        *fh = NULL;
        return 1;
    }
    return 0;
}

/* Clean: a destructor that refuses to touch a struct that fails its own
 * sanity check (found in openssh). */
struct buffer {
    FILE *spill;
    int magic;
};
static int buffer_check(const struct buffer *b)
{
    return b->magic == 42 ? 0 : -1;
}
void buffer_free(struct buffer *b)
{
    if (b == NULL)
        return;
    if (buffer_check(b) != 0)
        return;
    fclose(b->spill);
}

/* Clean: the last reference closes (found in openssh). */
struct provider {
    int refcount;
    FILE *log;
};
void provider_unref(struct provider *p)
{
    if (--p->refcount <= 0)
        fclose(p->log);
}

/* release.partial: the skip depends on the environment, not on the
 * struct (the shape of the motivating incident). */
void session_end(struct client *c)
{
    if (getenv("KEEP_SESSION"))
        return; // expect: release.partial
    curl_easy_cleanup(c->easy);
}
