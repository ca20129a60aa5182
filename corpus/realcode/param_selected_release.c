/* A digest context set up and finished through dispatchers that pick the
 * algorithm from a parameter (libssh2's kex.c: _libssh2_sha_algo_ctx_init
 * and _libssh2_sha_algo_ctx_final, each acting only for the algorithm it is
 * told).  The context lives in memory the caller gave: a finishing call
 * that frees it on some of its paths, on its own parameter, may have freed
 * it, so the caller's caller is not told it owns a context.  The twin never
 * finishes it: the context comes back owned, and its caller leaks it. */
#include <openssl/evp.h>

typedef EVP_MD_CTX *psr_ctx;

static int psr_sha1_init(psr_ctx *ctx)
{
    *ctx = EVP_MD_CTX_new();
    if (!*ctx)
        return 0;
    if (EVP_DigestInit(*ctx, EVP_sha1()))
        return 1;
    EVP_MD_CTX_free(*ctx);
    *ctx = NULL;
    return 0;
}

static void psr_algo_init(int algo, void *ctx)
{
    if (algo == 1)
        psr_sha1_init((psr_ctx *)ctx);
}

static void psr_algo_final(int algo, void *ctx, unsigned char *hash)
{
    if (algo == 1) {
        psr_ctx *c = (psr_ctx *)ctx;
        EVP_DigestFinal(*c, hash, NULL);
        EVP_MD_CTX_free(*c);
    }
}

static int psr_exchange(int algo, void *hash_ctx, unsigned char *out)
{
    psr_algo_init(algo, hash_ctx);
    psr_algo_final(algo, hash_ctx, out);
    return 0;
}

int psr_group1(unsigned char *out)
{
    psr_ctx hash_ctx;
    return psr_exchange(1, (void *)&hash_ctx, out);
}

/* the twin: set up, never finished */
static int psr_exchange_unfinished(int algo, void *hash_ctx)
{
    psr_algo_init(algo, hash_ctx);
    return 0;
}

int psr_group1_unfinished(void)
{
    psr_ctx hash_ctx;
    int ret = psr_exchange_unfinished(1, (void *)&hash_ctx);
    return ret; // expect: leak.resource
}
