/* A project function that opens into a pointer only when nothing is there
 * yet (libgit2's ensure_base_rev_loaded(&base_rev, ...)): called on a
 * pointer that already holds a stream, it keeps that stream, so the call is
 * no overwrite.  The twin opens through it into an empty pointer and never
 * closes what it got. */
#include <stdio.h>

static int lim_ensure_open(FILE **f, const char *path)
{
    if (*f != NULL)
        return 0;
    *f = fopen(path, "r");
    return *f ? 0 : -1;
}

int lim_already_open_clean(const char *a, const char *b)
{
    FILE *f = fopen(a, "r");
    if (!f)
        return -1;
    int rc = lim_ensure_open(&f, b);
    fclose(f);
    return rc;
}

int lim_opened_and_dropped(const char *b)
{
    FILE *g = NULL;
    if (lim_ensure_open(&g, b) < 0)
        return -1;
    return fgetc(g); // expect: leak.resource
}
