/* MongoDB C driver clients (mongoc.client, kind connector), pooled clients
 * (mongoc.pooled_client), collections, cursors, URIs, client sessions
 * (mongoc.client_session, kind session) and BSON documents (mongoc.bson).
 *
 * mongoc_client_new returns NULL on error and is freed with
 * mongoc_client_destroy; a client popped from a pool goes back with
 * mongoc_client_pool_push.  Collections, cursors and documents have their
 * own destroy calls; inserts and finds copy the documents they are given.
 */
#include <mongoc/mongoc.h>
#include <stddef.h>

/* Leaks: the client is not destroyed when the ping fails. */
mongoc_client_t *leak_mongoc_client_on_ping(const char *uri, bson_error_t *err)
{
    mongoc_client_t *client = mongoc_client_new(uri);
    if (!client)
        return NULL;
    bson_t *ping = BCON_NEW("ping", BCON_INT32(1));
    bool ok = mongoc_client_command_simple(client, "admin", ping, NULL, NULL, err);
    bson_destroy(ping);
    if (!ok)
        return NULL; // expect: leak.connector
    return client;
}

/* Clean: the client is destroyed when the ping fails. */
mongoc_client_t *clean_mongoc_client_on_ping(const char *uri, bson_error_t *err)
{
    mongoc_client_t *client = mongoc_client_new(uri);
    if (!client)
        return NULL;
    bson_t *ping = BCON_NEW("ping", BCON_INT32(1));
    bool ok = mongoc_client_command_simple(client, "admin", ping, NULL, NULL, err);
    bson_destroy(ping);
    if (!ok) {
        mongoc_client_destroy(client);
        return NULL;
    }
    return client;
}

/* Leaks: a client popped from the pool is not pushed back when the insert
 * fails; the collection and the document are released. */
int leak_mongoc_pooled_client_on_insert(mongoc_client_pool_t *pool, const char *json,
                                        bson_error_t *err)
{
    bson_t *doc = bson_new_from_json((const uint8_t *)json, -1, err);
    if (!doc)
        return -1;
    mongoc_client_t *client = mongoc_client_pool_pop(pool);
    mongoc_collection_t *coll = mongoc_client_get_collection(client, "app", "events");
    bool ok = mongoc_collection_insert_one(coll, doc, NULL, NULL, err);
    mongoc_collection_destroy(coll);
    bson_destroy(doc);
    if (!ok)
        return -1; // expect: leak.connector
    mongoc_client_pool_push(pool, client);
    return 0;
}

/* Clean: the client goes back to the pool on both paths. */
int clean_mongoc_pooled_client_on_insert(mongoc_client_pool_t *pool, const char *json,
                                         bson_error_t *err)
{
    bson_t *doc = bson_new_from_json((const uint8_t *)json, -1, err);
    if (!doc)
        return -1;
    mongoc_client_t *client = mongoc_client_pool_pop(pool);
    mongoc_collection_t *coll = mongoc_client_get_collection(client, "app", "events");
    bool ok = mongoc_collection_insert_one(coll, doc, NULL, NULL, err);
    mongoc_collection_destroy(coll);
    bson_destroy(doc);
    mongoc_client_pool_push(pool, client);
    return ok ? 0 : -1;
}

/* Leaks: the cursor is not destroyed when it reports an error; the filter
 * and the collection are. */
long leak_mongoc_cursor_on_error(mongoc_client_t *client, bson_error_t *err)
{
    mongoc_collection_t *coll = mongoc_client_get_collection(client, "app", "users");
    bson_t *filter = bson_new();
    mongoc_cursor_t *cur = mongoc_collection_find_with_opts(coll, filter, NULL, NULL);
    bson_destroy(filter);
    mongoc_collection_destroy(coll);
    const bson_t *doc;
    long n = 0;
    while (mongoc_cursor_next(cur, &doc))
        n++;
    if (mongoc_cursor_error(cur, err))
        return -1; // expect: leak.resource
    mongoc_cursor_destroy(cur);
    return n;
}

/* Clean: the cursor is destroyed whatever it reported. */
long clean_mongoc_cursor_on_error(mongoc_client_t *client, bson_error_t *err)
{
    mongoc_collection_t *coll = mongoc_client_get_collection(client, "app", "users");
    bson_t *filter = bson_new();
    mongoc_cursor_t *cur = mongoc_collection_find_with_opts(coll, filter, NULL, NULL);
    bson_destroy(filter);
    mongoc_collection_destroy(coll);
    const bson_t *doc;
    long n = 0;
    while (mongoc_cursor_next(cur, &doc))
        n++;
    if (mongoc_cursor_error(cur, err))
        n = -1;
    mongoc_cursor_destroy(cur);
    return n;
}

/* Leaks: the collection handle is never destroyed. */
int64_t leak_mongoc_collection_count(mongoc_client_t *client, bson_error_t *err)
{
    mongoc_collection_t *coll = mongoc_client_get_collection(client, "app", "users");
    return mongoc_collection_estimated_document_count(coll, NULL, NULL, NULL, err); // expect: leak.resource
}

/* Clean: the collection handle is destroyed after counting. */
int64_t clean_mongoc_collection_count(mongoc_client_t *client, bson_error_t *err)
{
    mongoc_collection_t *coll = mongoc_client_get_collection(client, "app", "users");
    int64_t n = mongoc_collection_estimated_document_count(coll, NULL, NULL, NULL, err);
    mongoc_collection_destroy(coll);
    return n;
}

/* Leaks: the parsed URI is not destroyed when the pool cannot be made. */
mongoc_client_pool_t *leak_mongoc_uri_on_pool_failure(const char *s, bson_error_t *err)
{
    mongoc_uri_t *uri = mongoc_uri_new_with_error(s, err);
    if (!uri)
        return NULL;
    mongoc_client_pool_t *pool = mongoc_client_pool_new(uri);
    if (!pool)
        return NULL; // expect: leak.resource
    mongoc_uri_destroy(uri);
    return pool;
}

/* Clean: the URI is destroyed on both paths (the pool keeps its own copy). */
mongoc_client_pool_t *clean_mongoc_uri_on_pool_failure(const char *s, bson_error_t *err)
{
    mongoc_uri_t *uri = mongoc_uri_new_with_error(s, err);
    if (!uri)
        return NULL;
    mongoc_client_pool_t *pool = mongoc_client_pool_new(uri);
    mongoc_uri_destroy(uri);
    return pool;
}

/* Leaks: the client session is not destroyed when the transaction cannot
 * start. */
int leak_mongoc_session_on_txn(mongoc_client_t *client, bson_error_t *err)
{
    mongoc_client_session_t *cs = mongoc_client_start_session(client, NULL, err);
    if (!cs)
        return -1;
    if (!mongoc_client_session_start_transaction(cs, NULL, err))
        return -1; // expect: leak.session
    bool ok = mongoc_client_session_commit_transaction(cs, NULL, err);
    mongoc_client_session_destroy(cs);
    return ok ? 0 : -1;
}

/* Clean: the session is destroyed on both paths. */
int clean_mongoc_session_on_txn(mongoc_client_t *client, bson_error_t *err)
{
    mongoc_client_session_t *cs = mongoc_client_start_session(client, NULL, err);
    if (!cs)
        return -1;
    bool ok = mongoc_client_session_start_transaction(cs, NULL, err) &&
              mongoc_client_session_commit_transaction(cs, NULL, err);
    mongoc_client_session_destroy(cs);
    return ok ? 0 : -1;
}
