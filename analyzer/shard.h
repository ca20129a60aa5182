/* shard: `--shard K/N`, which translation units one of N shards analyzes.
 *
 * A translation unit belongs to shard 1 + (H mod N), H the first eight
 * bytes (big-endian) of the SHA-256 of its path relative to the project
 * root.  The choice depends on nothing but that path and N: not on the
 * order of the compilation database or of the inputs, not on the machine
 * (a checkout elsewhere gives the same shards), and every TU is in exactly
 * one shard.  A path outside the root is hashed whole.
 */
#ifndef SL_SHARD_H
#define SL_SHARD_H

#include "inputs.h"
#include "util.h"

typedef struct sl_shard {
    int index; /* 1..count */
    int count; /* 0: not sharded */
} sl_shard;

/* Largest N accepted. */
#define SL_SHARD_MAX 10000

/* Parse "K/N" (1 <= K <= N <= SL_SHARD_MAX).  Returns 0, or -1 with err
 * saying what is wrong with s. */
int sl_shard_parse(const char *s, sl_shard *out, sl_error *err);

/* The shard (1..count) of the TU at file (absolute). */
int sl_shard_of(const char *file, const char *root, int count);

/* Keep the jobs of shard s, in their order; the others are freed.
 * *total (if non-NULL) gets the number of jobs before. */
void sl_shard_filter(sl_jobs *jobs, const sl_shard *s, const char *root, size_t *total);

#endif
