/* Aliases: after `b = a` both names refer to one handle, and releasing
 * through either releases it.  Reassigning one name leaves the handle with
 * the other; it leaks only when no owner is left.
 */
#include <stdio.h>

/* Clean: the handle is released through the alias. */
int clean_release_through_alias(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    FILE *in = f;
    int c = fgetc(in);
    fclose(in);
    return c;
}

/* Clean: the first stream stays owned by `first` when `f` is reused. */
int clean_alias_survives_reassignment(const char *a, const char *b, char *line, int n)
{
    FILE *f = fopen(a, "r");
    if (!f)
        return -1;
    FILE *first = f;
    f = fopen(b, "r");
    if (!f) {
        fclose(first);
        return -1;
    }
    int ok = fgets(line, n, first) != NULL && fgets(line, n, f) != NULL;
    fclose(first);
    fclose(f);
    return ok ? 0 : -1;
}

/* Leaks: ownership was moved to `in` (the original was cleared), and the
 * read failure returns without closing `in`. */
int leak_alias_moved_then_dropped(const char *path, char *buf, int n)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    FILE *in = f;
    f = NULL;
    if (!fgets(buf, n, in))
        return -1; // expect: leak.resource
    fclose(in);
    return 0;
}

/* Leaks: reopening overwrites `log`, but `old` still holds the first stream,
 * so the assignment loses nothing; the first stream leaks where its last
 * owner goes away, first at the failed reopen's return (the later return
 * leaks it too and is not reported again). */
int leak_alias_outlives_overwrite(const char *path, const char *msg)
{
    FILE *log = fopen(path, "a");
    if (!log)
        return -1;
    FILE *old = log;
    fputs(msg, old);
    log = fopen(path, "a");
    if (!log)
        return -1; // expect: leak.resource
    fputs(msg, log);
    fclose(log);
    return 0;
}

/* Clean: the alias is closed once the reopened stream is in place. */
int clean_alias_outlives_overwrite(const char *path, const char *msg)
{
    FILE *log = fopen(path, "a");
    if (!log)
        return -1;
    FILE *old = log;
    fputs(msg, old);
    log = fopen(path, "a");
    fclose(old);
    if (!log)
        return -1;
    fputs(msg, log);
    fclose(log);
    return 0;
}
