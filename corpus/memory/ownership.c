/* Where heap blocks go (sesslint check --enable memory): returned, stored
 * through a parameter, into a global, through an out-parameter, handed to a
 * function sesslint cannot see.  Each escapes as a handle does.
 */
#include <stdlib.h>
#include <string.h>

struct name_list {
    char *first;
    char *names[4];
};

static char *last_name;

extern void registry_adopt(char *name); /* no body: an unknown call */

/* Clean: returned to the caller. */
char *clean_returned(const char *s)
{
    char *copy = strdup(s);
    return copy;
}

/* Clean: stored in a field of a parameter. */
int clean_into_param_field(struct name_list *l, const char *s)
{
    l->first = strdup(s);
    return l->first ? 0 : -1;
}

/* Clean: stored into an array element of a parameter. */
void clean_into_param_array(struct name_list *l, int i, const char *s)
{
    char *copy = strdup(s);
    l->names[i] = copy;
}

/* Clean: stored in a global. */
void clean_into_global(const char *s)
{
    char *copy = strdup(s);
    if (copy)
        last_name = copy;
}

/* Clean: written through an out-parameter. */
int clean_out_param(char **out, size_t n)
{
    char *p = calloc(1, n);
    if (!p)
        return -1;
    *out = p;
    return 0;
}

/* Clean: handed to a function whose body sesslint does not see (with the
 * default --unknown-calls=escape). */
void clean_unknown_call(const char *s)
{
    char *copy = strdup(s);
    if (copy)
        registry_adopt(copy);
}

/* Leaks: a wrapper of this file returns a block (its summary makes it an
 * allocator), and the caller drops it on the error path. */
static char *make_label(int n)
{
    char *label = malloc(32);
    if (label)
        label[0] = (char)('0' + n % 10);
    return label;
}

int leak_wrapper_result(int n, int fail)
{
    char *label = make_label(n);
    if (!label)
        return -1;
    if (fail)
        return -1; // expect: leak.memory
    free(label);
    return 0;
}

/* Clean: the wrapper's block freed on every path. */
int clean_wrapper_result(int n, int fail)
{
    char *label = make_label(n);
    if (!label)
        return -1;
    free(label);
    return fail ? -1 : 0;
}

/* Leaks: the block is stored in a struct this function allocated, and the
 * struct is freed while it still holds the block. */
void leak_freed_container(const char *s)
{
    struct name_list *l = malloc(sizeof *l);
    if (!l)
        return;
    l->first = strdup(s);
    free(l); // expect: leak.memory
}

/* Clean: the field is freed first. */
void clean_freed_container(const char *s)
{
    struct name_list *l = malloc(sizeof *l);
    if (!l)
        return;
    l->first = strdup(s);
    free(l->first);
    free(l);
}
