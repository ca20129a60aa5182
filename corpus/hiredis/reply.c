/* hiredis replies (hiredis.reply, kind resource).
 *
 * redisCommand and redisCommandArgv return a reply or NULL; redisGetReply
 * writes one through its second argument (out 1) and returns REDIS_OK (0)
 * on success.  freeReplyObject releases.  The context is a parameter.
 */
#include <hiredis/hiredis.h>
#include <stddef.h>
#include <string.h>

/* Leaks: a reply of the wrong type returns without freeReplyObject. */
long long leak_reply_wrong_type(redisContext *c, const char *key)
{
    redisReply *r = redisCommand(c, "INCR %s", key);
    if (!r)
        return -1;
    if (r->type != REDIS_REPLY_INTEGER)
        return -1; // expect: leak.resource
    long long v = r->integer;
    freeReplyObject(r);
    return v;
}

/* Clean: the reply is freed on the wrong-type path too. */
long long clean_reply_wrong_type(redisContext *c, const char *key)
{
    redisReply *r = redisCommand(c, "INCR %s", key);
    if (!r)
        return -1;
    long long v = r->type == REDIS_REPLY_INTEGER ? r->integer : -1;
    freeReplyObject(r);
    return v;
}

/* Clean: a binary-safe SET whose reply is freed once inspected. */
int clean_command_argv(redisContext *c, const char *key, const char *val, size_t len)
{
    const char *argv[3] = { "SET", key, val };
    size_t lens[3] = { 3, strlen(key), len };
    redisReply *r = redisCommandArgv(c, 3, argv, lens);
    if (r == NULL)
        return -1;
    int ok = r->type == REDIS_REPLY_STATUS;
    freeReplyObject(r);
    return ok ? 0 : -1;
}

/* Clean: pipelined replies come back through the out-parameter and are
 * freed one by one; a failed redisGetReply writes no reply. */
int clean_pipeline_replies(redisContext *c, int n)
{
    for (int i = 0; i < n; i++) {
        if (redisAppendCommand(c, "PING") != REDIS_OK)
            return -1;
    }
    for (int i = 0; i < n; i++) {
        void *reply;
        if (redisGetReply(c, &reply) != REDIS_OK)
            return -1;
        freeReplyObject(reply);
    }
    return 0;
}

/* Leaks: an error reply fetched with redisGetReply is not freed. */
int leak_get_reply_error(redisContext *c)
{
    void *reply;
    if (redisGetReply(c, &reply) != REDIS_OK)
        return -1;
    redisReply *r = reply;
    if (r->type == REDIS_REPLY_ERROR)
        return -1; // expect: leak.resource
    freeReplyObject(reply);
    return 0;
}
