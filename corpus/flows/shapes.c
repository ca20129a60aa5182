/* flows/shapes.c: handles that cross a call in other shapes than a plain
 * argument: a callee that reopens its parameter, a void * that is cast
 * back, a union written through one member and read through another, a
 * struct passed by value, and close routines that test the member first. */
#include <stdio.h>
#include <stdlib.h>

/* The callee stores a new stream into its own parameter and closes that:
 * the caller's stream is neither kept nor closed by it. */
static void reopen_sink(FILE *f)
{
    f = fopen("/tmp/other", "w");
    if (f)
        fclose(f);
}

static void close_then_reopen_sink(FILE *f)
{
    if (f)
        fclose(f);
    f = fopen("/tmp/other", "w");
    if (f)
        fclose(f);
}

void overwritten_in_callee_leaks(void)
{
    FILE *f = fopen("/tmp/a", "r");
    reopen_sink(f);
} // expect: leak.resource

void closed_before_callee_reopens(void)
{
    FILE *f = fopen("/tmp/a", "r");
    close_then_reopen_sink(f);
}

/* void * carrying the address of the caller's variable */
static void close_through_void(void *p)
{
    FILE **fp = (FILE **)p;
    FILE *f = *fp;
    if (f)
        fclose(f);
}

static void ignore_through_void(void *p)
{
    FILE **fp = (FILE **)p;
    FILE *f = *fp;
    (void)f;
}

void closed_through_void(void)
{
    FILE *f = fopen("/tmp/a", "r");
    close_through_void(&f);
}

void not_closed_through_void(void)
{
    FILE *f = fopen("/tmp/a", "r");
    ignore_through_void(&f);
} // expect: leak.resource

/* one union, two members: the same handle */
union either {
    FILE *first;
    FILE *second;
};

void union_other_member_closes(void)
{
    union either u;
    u.first = fopen("/tmp/a", "r");
    FILE *g = u.second;
    if (g)
        fclose(g);
}

void union_other_member_leaks(void)
{
    union either u;
    u.first = fopen("/tmp/a", "r");
    FILE *g = u.second;
    (void)g;
} // expect: leak.resource

/* a struct given by value, and destructors that close the member only
 * when it is set */
struct box {
    FILE *f;
    int n;
};

static void box_close_copy(struct box b)
{
    FILE *f = b.f;
    if (f != NULL)
        fclose(f);
}

static void box_look(struct box b)
{
    FILE *f = b.f;
    (void)f;
}

void box_closed_by_value(void)
{
    struct box b;
    b.f = fopen("/tmp/a", "r");
    box_close_copy(b);
}

void box_not_closed_by_value(void)
{
    struct box b;
    b.f = fopen("/tmp/a", "r");
    box_look(b);
} // expect: leak.resource

void box_close(struct box *b)
{
    if (b->f)
        fclose(b->f);
}

/* closes only when a counter says so: not a close of the stream */
void box_close_counted(struct box *b)
{
    if (b->n > 0)
        fclose(b->f);
}

void box_closed_by_close(void)
{
    struct box b;
    b.f = fopen("/tmp/a", "r");
    box_close(&b);
}

void box_maybe_closed(void)
{
    struct box b;
    b.f = fopen("/tmp/a", "r");
    b.n = 0;
    box_close_counted(&b);
} // expect: leak.resource

/* a call through a local function pointer whose only value is known */
static void stream_close(FILE *f)
{
    if (f)
        fclose(f);
}

static void stream_keep(FILE *f)
{
    (void)f;
}

void closed_through_pointer(void)
{
    void (*sink)(FILE *) = stream_close;
    FILE *f = fopen("/tmp/a", "r");
    sink(f);
}

void not_closed_through_pointer(void)
{
    void (*sink)(FILE *) = &stream_keep;
    FILE *f = fopen("/tmp/a", "r");
    sink(f);
} // expect: leak.resource

/* a pointer that may hold another function is a call sesslint cannot see:
 * the stream is handed over */
void pointer_with_two_values(int which)
{
    void (*sink)(FILE *) = stream_keep;
    if (which)
        sink = stream_close;
    FILE *f = fopen("/tmp/a", "r");
    sink(f);
}

/* a function that frees a buffer of the struct, not its stream: the stream
 * is still the caller's */
struct labelled {
    FILE *f;
    char *label;
};

static void labelled_drop_label(struct labelled l)
{
    char *s = l.label;
    free(s);
}

void labelled_stream_left_open(void)
{
    struct labelled l;
    l.label = malloc(8);
    l.f = fopen("/tmp/a", "r");
    labelled_drop_label(l);
} // expect: leak.resource
