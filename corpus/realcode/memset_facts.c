/* A local struct cleared with memset and used through a pointer to it keeps
 * its facts: memset fills it and keeps no pointer, so 'save->fopened' set
 * next to the fopen is still known where the close is decided.  Shape found
 * in curl's tool_operate.c, written anew. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

struct out {
    FILE *stream;
    bool fopened;
};
struct transfer {
    struct out o;
};
int add_transfer(struct transfer **t);

int start(const char *name, struct transfer **tp)
{
    struct out first;
    struct out *save;
    struct transfer *t;
    memset(&first, 0, sizeof(first));
    save = &first;
    save->stream = stdout;
    if (strcmp(name, "-")) {
        FILE *nf = fopen(name, "wb");
        if (!nf)
            return 1;
        save->fopened = true;
        save->stream = nf;
    }
    if (add_transfer(&t)) {
        if (save->fopened)
            fclose(save->stream);
        return 2;
    }
    t->o = first;
    *tp = t;
    return 0;
}

/* The leaking twin: the flag is never set, so the close is skipped. */
int start_leaky(const char *name, struct transfer **tp)
{
    struct out first;
    struct out *save;
    struct transfer *t;
    memset(&first, 0, sizeof(first));
    save = &first;
    save->stream = stdout;
    if (strcmp(name, "-")) {
        FILE *nf = fopen(name, "wb");
        if (!nf)
            return 1;
        save->stream = nf;
    }
    if (add_transfer(&t)) {
        if (save->fopened)
            fclose(save->stream);
        return 2; // expect: leak.resource
    }
    t->o = first;
    *tp = t;
    return 0;
}
