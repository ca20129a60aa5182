/* Heap blocks inside a struct given by value (sesslint check --enable
 * memory): the callee frees a copy of the member, or only reads it. */
#include <stdlib.h>
#include <string.h>

struct msg {
    char *text;
    int len;
};

static void msg_consume(struct msg m)
{
    char *t = m.text;
    free(t);
}

static int msg_peek(struct msg m)
{
    char *t = m.text;
    return t[0];
}

void msg_given_to_consumer(void)
{
    struct msg m;
    m.text = strdup("hello");
    if (!m.text)
        return;
    msg_consume(m);
}

void msg_only_peeked(void)
{
    struct msg m;
    m.text = strdup("hello");
    if (!m.text)
        return;
    msg_peek(m);
} // expect: leak.memory
