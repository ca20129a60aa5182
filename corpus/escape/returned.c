/* Escape by return: a returned handle (also as a field of a returned struct
 * pointer) belongs to the caller.  Only the paths that do not return it
 * can leak.
 */
#include <curl/curl.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

struct http_client {
    CURL *easy;
    struct curl_slist *headers;
};

/* Leaks: a failed bind returns -1 with the socket open; the success path
 * returns the socket to the caller. */
int leak_listener_on_bind_failure(uint16_t port)
{
    int fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in6 a = { .sin6_family = AF_INET6, .sin6_port = htons(port) };
    if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0)
        return -1; // expect: leak.connector
    if (listen(fd, 128) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Clean: both failures close the socket; success returns it. */
int clean_listener_on_bind_failure(uint16_t port)
{
    int fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in6 a = { .sin6_family = AF_INET6, .sin6_port = htons(port) };
    if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(fd, 128) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Clean: the handles live in a struct that is returned to the caller. */
struct http_client *clean_return_in_struct(const char *accept)
{
    struct http_client *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->easy = curl_easy_init();
    if (!c->easy) {
        free(c);
        return NULL;
    }
    c->headers = curl_slist_append(NULL, accept);
    if (!c->headers) {
        curl_easy_cleanup(c->easy);
        free(c);
        return NULL;
    }
    return c;
}

/* Leaks: the struct is freed on the header failure while it still holds
 * the easy handle. */
struct http_client *leak_free_struct_holding_handle(const char *accept)
{
    struct http_client *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->easy = curl_easy_init();
    if (!c->easy) {
        free(c);
        return NULL;
    }
    c->headers = curl_slist_append(NULL, accept);
    if (!c->headers) {
        free(c); // expect: leak.session
        return NULL;
    }
    return c;
}
