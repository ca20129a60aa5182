/* What a callee does with ownership when it fails.  A header-list builder
 * that frees the list on every failure return, a connection object that
 * takes the descriptors before a later step fails, and descriptors kept in
 * the standard slots.  Shapes found in curl and openssh, written anew. */
#include <curl/curl.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Builds *headers; on failure frees what it built and returns -1. */
static int parse_headers(const char *name, const char *value, struct curl_slist **headers)
{
    char line[128];
    if (strlen(name) + strlen(value) + 3 > sizeof line)
        return -1;
    snprintf(line, sizeof line, "%s: %s", name, value);
    struct curl_slist *list = curl_slist_append(NULL, line);
    if (!list)
        return -1;
    if (strchr(value, '\n') != NULL) {
        curl_slist_free_all(list);
        return -1;
    }
    *headers = list;
    return 0;
}

int send_with_headers(CURL *h, const char *name, const char *value)
{
    struct curl_slist *headers = NULL;
    if (parse_headers(name, value, &headers) < 0)
        return -1;
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    CURLcode rc = curl_easy_perform(h);
    curl_slist_free_all(headers);
    return rc == CURLE_OK ? 0 : -1;
}

/* The leaking twin: a later failure forgets the list. */
int send_with_headers_leaky(CURL *h, const char *name, const char *value)
{
    struct curl_slist *headers = NULL;
    if (parse_headers(name, value, &headers) < 0)
        return -1;
    if (curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers) != CURLE_OK)
        return -1; // expect: leak.resource
    CURLcode rc = curl_easy_perform(h);
    curl_slist_free_all(headers);
    return rc == CURLE_OK ? 0 : -1;
}

/* The connection takes both descriptors first; a later step may fail, and
 * the descriptors are then the connection's to dispose of. */
struct conn_state {
    int fd_in, fd_out;
    int cipher;
};
struct conn {
    struct conn_state *state;
};
int cipher_setup(struct conn_state *st);

struct conn *conn_set_fds(struct conn *c, int fd_in, int fd_out)
{
    struct conn_state *st = c->state;
    st->fd_in = fd_in;
    st->fd_out = fd_out;
    if (cipher_setup(st) != 0)
        return NULL;
    return c;
}

int conn_start(struct conn *c, const char *path)
{
    int fd = open(path, O_RDWR);
    if (fd < 0)
        return -1;
    if (conn_set_fds(c, fd, fd) == NULL)
        return -1;
    return 0;
}

/* The leaking twin: the failure comes before the connection took it. */
int conn_start_leaky(struct conn *c, const char *path)
{
    int fd = open(path, O_RDWR);
    if (fd < 0)
        return -1;
    if (c->state == NULL)
        return -1; // expect: leak.resource
    if (conn_set_fds(c, fd, fd) == NULL)
        return -1;
    return 0;
}

/* Standard slots filled from /dev/null; the first descriptor past them is
 * closed. */
void fill_std_slots(void)
{
    int fd = open("/dev/null", O_RDWR);
    if (fd < 0)
        exit(1);
    while (fd < 3)
        fd = dup(fd);
    if (fd > 2)
        close(fd);
}

/* The leaking twin: the descriptor past the slots is kept open. */
void fill_std_slots_leaky(void)
{
    int fd = open("/dev/null", O_RDWR);
    while (fd >= 0 && fd < 3)
        fd = dup(fd);
} // expect: leak.resource
