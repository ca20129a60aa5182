/* A return written by an assertion macro (libgit2's GIT_ASSERT returns -1
 * in release builds where debug builds abort; GLib's g_return_val_if_fail)
 * ends a path that only a broken invariant takes: like abort(), nothing is
 * reported there.  A macro that returns on an ordinary check is an ordinary
 * return. */
#include <stdio.h>

#define AM_ASSERT(expr)                                                  \
    do {                                                                 \
        if (!(expr)) {                                                   \
            fprintf(stderr, "assertion failed: %s\n", #expr);           \
            return -1;                                                   \
        }                                                                \
    } while (0)

#define AM_CHECK(expr)                                                   \
    do {                                                                 \
        if (!(expr))                                                     \
            return -1;                                                   \
    } while (0)

int am_assertion_path_clean(const char *p, int n)
{
    FILE *f = fopen(p, "r");
    if (!f)
        return -1;
    AM_ASSERT(n >= 0);
    fclose(f);
    return 0;
}

int am_check_macro_leaks(const char *p, int n)
{
    FILE *f = fopen(p, "r");
    if (!f)
        return -1;
    AM_CHECK(n >= 0); // expect: leak.resource
    fclose(f);
    return 0;
}
