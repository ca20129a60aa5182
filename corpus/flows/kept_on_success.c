/* flows/kept_on_success.c: a callee that keeps what it is given only when
 * it succeeds (it stores it, then returns 0; it returns -1 before storing
 * it): on its failure the caller still owns the handle. */
#include <stdio.h>

struct sink {
    FILE *out;
    int ready;
};

static int sink_attach(struct sink *s, FILE *f)
{
    if (!s->ready)
        return -1;
    s->out = f;
    return 0;
}

int attach_failure_leaks(struct sink *s, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    if (sink_attach(s, f) != 0)
        return -1; // expect: leak.resource
    return 0;
}

int attach_failure_closes(struct sink *s, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    if (sink_attach(s, f) != 0) {
        fclose(f);
        return -1;
    }
    return 0;
}

/* the status not looked at: taken as kept */
void attach_unchecked(struct sink *s, const char *path)
{
    FILE *f = fopen(path, "w");
    if (f)
        sink_attach(s, f);
}
