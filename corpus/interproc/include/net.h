/* interproc/include/net.h: the project API the interprocedural cases use.
 * Every function here has its body in another file of this folder; the
 * analysis learns what each one does with ownership from that body. */
#ifndef NET_H
#define NET_H
#include <curl/curl.h>
#include <libssh/libssh.h>
#include <sqlite3.h>

struct conn {
    CURL *curl;
    int retries;
};

struct session {
    ssh_session ssh;
    const char *name;
};

CURL *client_new(void);                       /* wrapper, depth 1 */
CURL *client_make(long timeout);              /* wrapper, depth 2 */
CURL *net_open(const char *url);              /* wrapper, depth 3 */
int db_connect(const char *path, sqlite3 **out); /* out-parameter helper */
struct conn *conn_open(void);                 /* constructor */
void conn_close(struct conn *c);              /* destructor */
void conn_set_curl(struct conn *c, CURL *h);  /* moves h into c */
CURL *retry_init(int tries);                  /* recursive */
CURL *ping_a(int n);                          /* mutually recursive */
CURL *ping_b(int n);
void session_close(struct session *s, void *loop); /* close routine */
void handle_free(CURL *h);                    /* releaser */
void handle_log(CURL *h);                     /* borrows */

#endif
