/* libmemcached clients (memcached.client), connection pools
 * (memcached.pool) and connections fetched from a pool (memcached.pooled),
 * all of kind connector.
 *
 * memcached(config, len) returns a client or NULL; memcached_free releases
 * it.  memcached_pool(config, len) returns a pool or NULL, released by
 * memcached_pool_destroy.  memcached_pool_fetch (older name
 * memcached_pool_pop) hands out a connection or NULL, and
 * memcached_pool_release (older name memcached_pool_push) gives it back.
 * memcached_create is not tracked: its struct may be the caller's own.
 */
#include <libmemcached/memcached.h>
#include <libmemcachedutil-1.0/pool.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Leaks: a failed SET returns without freeing the client. */
int memcached_case_set_leak(const char *config, const char *key, const char *val)
{
    memcached_st *mc = memcached(config, strlen(config));
    if (!mc)
        return -1;
    memcached_return_t rc = memcached_set(mc, key, strlen(key), val, strlen(val), 0, 0);
    if (rc != MEMCACHED_SUCCESS) {
        fprintf(stderr, "set %s: %s\n", key, memcached_strerror(mc, rc));
        return -1; // expect: leak.connector
    }
    memcached_free(mc);
    return 0;
}

/* Clean: the client is freed on both paths. */
int memcached_case_set_clean(const char *config, const char *key, const char *val)
{
    memcached_st *mc = memcached(config, strlen(config));
    if (!mc)
        return -1;
    memcached_return_t rc = memcached_set(mc, key, strlen(key), val, strlen(val), 0, 0);
    if (rc != MEMCACHED_SUCCESS)
        fprintf(stderr, "set %s: %s\n", key, memcached_strerror(mc, rc));
    memcached_free(mc);
    return rc == MEMCACHED_SUCCESS ? 0 : -1;
}

/* Clean: memcached_create on a struct of the caller's, freed in place (not
 * tracked, and nothing is reported either way). */
int memcached_case_create_inplace_clean(const char *host)
{
    memcached_st memc;
    memcached_create(&memc);
    memcached_server_add(&memc, host, 11211);
    memcached_return_t rc = memcached_flush(&memc, 0);
    memcached_free(&memc);
    return rc == MEMCACHED_SUCCESS ? 0 : -1;
}

/* Leaks: a connection fetched from the pool is not given back when the
 * value is missing; with blocking fetches the pool runs dry. */
char *memcached_case_pooled_get_leak(memcached_pool_st *pool, const char *key)
{
    memcached_return_t rc;
    memcached_st *mc = memcached_pool_fetch(pool, NULL, &rc);
    if (mc == NULL)
        return NULL;
    size_t len;
    uint32_t flags;
    char *val = memcached_get(mc, key, strlen(key), &len, &flags, &rc);
    if (val == NULL)
        return NULL; // expect: leak.connector
    memcached_pool_release(pool, mc);
    return val;
}

/* Clean: the connection goes back to the pool on both paths. */
char *memcached_case_pooled_get_clean(memcached_pool_st *pool, const char *key)
{
    memcached_return_t rc;
    memcached_st *mc = memcached_pool_fetch(pool, NULL, &rc);
    if (mc == NULL)
        return NULL;
    size_t len;
    uint32_t flags;
    char *val = memcached_get(mc, key, strlen(key), &len, &flags, &rc);
    memcached_pool_release(pool, mc);
    return val;
}

/* Leaks: the older pop/push pair, with the push skipped on a delete
 * error. */
int memcached_case_pop_push_leak(memcached_pool_st *pool, const char *key)
{
    memcached_return_t rc;
    memcached_st *mc = memcached_pool_pop(pool, true, &rc);
    if (!mc)
        return -1;
    rc = memcached_delete(mc, key, strlen(key), 0);
    if (rc != MEMCACHED_SUCCESS && rc != MEMCACHED_NOTFOUND)
        return -1; // expect: leak.connector
    memcached_pool_push(pool, mc);
    return 0;
}

/* Clean: pushed back on every path. */
int memcached_case_pop_push_clean(memcached_pool_st *pool, const char *key)
{
    memcached_return_t rc;
    memcached_st *mc = memcached_pool_pop(pool, true, &rc);
    if (!mc)
        return -1;
    rc = memcached_delete(mc, key, strlen(key), 0);
    memcached_pool_push(pool, mc);
    return rc == MEMCACHED_SUCCESS || rc == MEMCACHED_NOTFOUND ? 0 : -1;
}

/* Leaks: the pool is not destroyed when its warm-up fetch fails. */
memcached_pool_st *memcached_case_pool_leak(const char *config)
{
    memcached_pool_st *pool = memcached_pool(config, strlen(config));
    if (!pool)
        return NULL;
    memcached_return_t rc;
    memcached_st *mc = memcached_pool_fetch(pool, NULL, &rc);
    if (!mc)
        return NULL; // expect: leak.connector
    memcached_pool_release(pool, mc);
    return pool;
}

/* Clean: destroyed when the warm-up fetch fails. */
memcached_pool_st *memcached_case_pool_clean(const char *config)
{
    memcached_pool_st *pool = memcached_pool(config, strlen(config));
    if (!pool)
        return NULL;
    memcached_return_t rc;
    memcached_st *mc = memcached_pool_fetch(pool, NULL, &rc);
    if (!mc) {
        memcached_pool_destroy(pool);
        return NULL;
    }
    memcached_pool_release(pool, mc);
    return pool;
}
