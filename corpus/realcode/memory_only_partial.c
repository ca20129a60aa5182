/* realcode/memory_only_partial.c: release.partial raised by free() of plain
 * memory.  A function that frees an array it was given, and returns early
 * when the count says the array is empty, is reported as a close routine
 * that skips its close, although free() releases no handle of any rule and
 * an empty list has nothing to give back.  Shape found in openssh (resident
 * key list destructors: three findings; three more release.partial
 * findings whose only release is free() or a function that only calls free()
 * also go away if memory-only releases stop seeding the rule). */
#include <stdio.h>
#include <stdlib.h>

struct entry {
    char *label;
    unsigned char *blob;
};

static void entry_free(struct entry *e)
{
    if (e == NULL)
        return;
    free(e->label);
    free(e->blob);
    free(e);
}

/* Clean: an empty list (no array, or no elements) has nothing to free. */
void clean_entries_free(struct entry **v, size_t n)
{
    size_t i;
    if (v == NULL || n == 0)
        return;
    for (i = 0; i < n; i++)
        entry_free(v[i]);
    free(v);
}

/* Clean: streams in an array are closed one by one; the array itself is
 * memory. */
void clean_streams_free(FILE **v, size_t n)
{
    size_t i;
    if (n == 0 || v == NULL)
        return;
    for (i = 0; i < n; i++)
        fclose(v[i]);
    free(v);
}

/* Clean twin (already quiet): the same destructor that trusts free(NULL). */
void clean_entries_free_null(struct entry **v, size_t n)
{
    size_t i;
    if (v == NULL)
        return;
    for (i = 0; i < n; i++)
        entry_free(v[i]);
    free(v);
}

struct logger {
    FILE *out;
    size_t lines;
};

/* release.partial: a real handle is skipped on the caller's say-so. */
void leak_logger_close(struct logger *l, int keep_open)
{
    if (keep_open)
        return; // expect: release.partial
    fclose(l->out);
}
