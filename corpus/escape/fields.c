/* Escape into a parameter: a handle stored in a field of a struct the
 * caller passed (one or two levels deep), or acquired straight into such a
 * field, belongs to the caller.
 */
#include <hiredis/hiredis.h>
#include <openssl/ssl.h>
#include <sqlite3.h>
#include <stddef.h>

struct cache {
    redisContext *rc;
    int db;
};

struct tls_state {
    SSL *ssl;
    int handshaken;
};

struct peer {
    int fd;
    struct tls_state tls;
};

struct store {
    sqlite3 *db;
};

/* Clean: the context ends up in the caller's struct. */
int clean_store_in_param_field(struct cache *cache, const char *host, int port)
{
    redisContext *c = redisConnect(host, port);
    if (c == NULL)
        return -1;
    if (c->err) {
        redisFree(c);
        return -1;
    }
    cache->rc = c;
    return 0;
}

/* Leaks: a SELECT without reply returns before the store into the struct. */
int leak_before_store_in_param_field(struct cache *cache, const char *host, int port, int db)
{
    redisContext *c = redisConnect(host, port);
    if (c == NULL)
        return -1;
    if (c->err) {
        redisFree(c);
        return -1;
    }
    redisReply *r = redisCommand(c, "SELECT %d", db);
    if (r == NULL)
        return -1; // expect: leak.connector
    freeReplyObject(r);
    cache->rc = c;
    cache->db = db;
    return 0;
}

/* Clean: the SSL goes two levels deep into the caller's struct. */
int clean_store_two_levels(struct peer *p, SSL_CTX *ctx)
{
    SSL *ssl = SSL_new(ctx);
    if (!ssl)
        return -1;
    if (!SSL_set_fd(ssl, p->fd)) {
        SSL_free(ssl);
        return -1;
    }
    p->tls.ssl = ssl;
    p->tls.handshaken = 0;
    return 0;
}

/* Clean: acquired straight into a field of the parameter. */
int clean_acquire_into_param_field(struct cache *cache, const char *path)
{
    cache->rc = redisConnectUnix(path);
    if (cache->rc == NULL)
        return -1;
    return cache->rc->err ? -1 : 0;
}

/* Clean: sqlite3_open writes into &st->db, a field the caller owns; the
 * caller closes it whatever the status. */
int clean_open_into_param_field(struct store *st, const char *path)
{
    return sqlite3_open(path, &st->db);
}
