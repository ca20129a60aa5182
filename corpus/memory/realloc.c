/* realloc(p, n) (sesslint check --enable memory): a new block on success,
 * which releases p; NULL on failure, when p is still allocated and still
 * the caller's to free.  realloc(NULL, n) is malloc(n).
 */
#include <stdlib.h>
#include <string.h>

/* Leaks: when realloc fails, the only pointer to the old block is
 * overwritten with NULL. */
char *leak_realloc_over_itself(size_t n)
{
    char *p = malloc(16);
    if (!p)
        return NULL;
    p[0] = 0;
    p = realloc(p, n); // expect: leak.memory
    return p;
}

/* Clean: the result goes to another pointer; the old block is freed when
 * realloc fails and given up when it succeeds. */
char *clean_realloc_keeps_old(size_t n)
{
    char *p = malloc(16);
    if (!p)
        return NULL;
    p[0] = 0;
    char *q = realloc(p, n);
    if (!q) {
        free(p);
        return NULL;
    }
    p = q;
    return p;
}

/* Clean: the same, testing the success side first. */
void clean_realloc_success_first(size_t n)
{
    char *data = malloc(100);
    if (data == NULL)
        return;
    strcpy(data, "A String");
    char *tmp = realloc(data, n);
    if (tmp != NULL) {
        data = tmp;
        strcpy(data, "A String");
    }
    free(data);
}

/* Leaks: realloc of a NULL pointer is a plain allocation, dropped here. */
void leak_realloc_of_null(size_t n)
{
    char *p = NULL;
    p = realloc(p, n);
    if (p == NULL)
        return;
    memset(p, 0, n);
} // expect: leak.memory

/* Clean: the same block freed. */
void clean_realloc_of_null(size_t n)
{
    char *p = NULL;
    p = realloc(p, n);
    if (p == NULL)
        return;
    memset(p, 0, n);
    free(p);
}

/* Leaks: growing in a loop with p = realloc(p, ...) loses the buffer the
 * first time realloc fails. */
char *leak_grow_loop(const char *src, size_t len)
{
    size_t cap = 16, used = 0;
    char *buf = malloc(cap);
    if (!buf)
        return NULL;
    while (used < len) {
        if (used == cap) {
            cap *= 2;
            buf = realloc(buf, cap); // expect: leak.memory
            if (!buf)
                return NULL;
        }
        buf[used] = src[used];
        used++;
    }
    return buf;
}

/* Clean: the loop keeps the old block until realloc succeeded. */
char *clean_grow_loop(const char *src, size_t len)
{
    size_t cap = 16, used = 0;
    char *buf = malloc(cap);
    if (!buf)
        return NULL;
    while (used < len) {
        if (used == cap) {
            cap *= 2;
            char *bigger = realloc(buf, cap);
            if (!bigger) {
                free(buf);
                return NULL;
            }
            buf = bigger;
        }
        buf[used] = src[used];
        used++;
    }
    return buf;
}

/* Clean: another pointer still holds the old block when realloc's result
 * overwrites the first one, and frees it on failure. */
int clean_realloc_with_saved_copy(size_t n)
{
    char *p = malloc(16);
    if (!p)
        return -1;
    char *old = p;
    p = realloc(p, n);
    if (!p) {
        free(old);
        return -1;
    }
    free(p);
    return 0;
}

/* Leaks: the failure path returns without freeing the old block, which
 * realloc left allocated. */
int leak_realloc_failure_forgets_old(size_t n)
{
    char *p = malloc(16);
    if (!p)
        return -1;
    char *q = realloc(p, n);
    if (!q)
        return -1; // expect: leak.memory
    free(q);
    return 0;
}

/* Clean: the same with the old block freed on failure. */
int clean_realloc_failure_frees_old(size_t n)
{
    char *p = malloc(16);
    if (!p)
        return -1;
    char *q = realloc(p, n);
    if (!q) {
        free(p);
        return -1;
    }
    free(q);
    return 0;
}

/* Leaks: the result is returned untested; when it is NULL the old block is
 * lost. */
char *leak_realloc_result_returned(size_t n)
{
    char *p = strdup("seed");
    if (!p)
        return NULL;
    char *q = realloc(p, n);
    return q; // expect: leak.memory
}

/* Clean: a failed realloc hands the old block back to the caller. */
char *clean_realloc_falls_back(size_t n)
{
    char *p = strdup("seed");
    if (!p)
        return NULL;
    char *q = realloc(p, n);
    if (q == NULL)
        return p;
    return q;
}
