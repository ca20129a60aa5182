/* shard: see shard.h. */
#include "shard.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int sl_shard_parse(const char *s, sl_shard *out, sl_error *err)
{
    const char *slash = s ? strchr(s, '/') : NULL;
    char *end = NULL;
    long k = 0, n = 0;
    bool ok = slash && slash != s && slash[1];
    if (ok) {
        errno = 0;
        k = strtol(s, &end, 10);
        ok = end == slash && !errno;
    }
    if (ok) {
        n = strtol(slash + 1, &end, 10);
        ok = !*end && !errno && (s[0] >= '0' && s[0] <= '9') && slash[1] >= '0' &&
             slash[1] <= '9';
    }
    if (!ok)
        return sl_error_set(err, "--shard needs K/N, shard K of N (e.g. --shard 2/4); got '%s'",
                            s ? s : "");
    if (n < 1 || n > SL_SHARD_MAX)
        return sl_error_set(err, "--shard %s: the number of shards N must be from 1 to %d", s,
                            SL_SHARD_MAX);
    if (k < 1 || k > n)
        return sl_error_set(err,
                            "--shard %s: the shard K must be from 1 to N (%ld); shards are "
                            "numbered from 1",
                            s, n);
    out->index = (int)k;
    out->count = (int)n;
    return 0;
}

int sl_shard_of(const char *file, const char *root, int count)
{
    char *rel = sl_path_relative(file, root);
    unsigned char h[32];
    sl_sha256 c;
    sl_sha256_init(&c);
    sl_sha256_update(&c, rel, strlen(rel));
    sl_sha256_final(&c, h);
    free(rel);
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | h[i];
    return count > 0 ? (int)(v % (uint64_t)count) + 1 : 1;
}

void sl_shard_filter(sl_jobs *jobs, const sl_shard *s, const char *root, size_t *total)
{
    if (total)
        *total = jobs->n;
    if (s->count <= 0)
        return;
    size_t o = 0;
    sl_jobs drop = {0};
    for (size_t i = 0; i < jobs->n; i++) {
        if (sl_shard_of(jobs->v[i].file, root, s->count) == s->index)
            jobs->v[o++] = jobs->v[i];
        else
            SL_VEC_PUSH(drop, jobs->v[i]);
    }
    jobs->n = o;
    sl_jobs_free(&drop);
}
