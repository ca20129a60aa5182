/* A body in the analyzed sources beats a rule inferred from its
 * declaration: inf_own_new hands out one static object. */
#include <widget/own.h>

struct inf_own {
    int uses;
};

static struct inf_own inf_the_one;

inf_own *inf_own_new(void)
{
    inf_the_one.uses++;
    return &inf_the_one;
}

void inf_own_free(inf_own *o)
{
    o->uses--;
}

/* not a leak: nothing was allocated */
int inf_own_clean(int flag)
{
    inf_own *o = inf_own_new();
    if (flag)
        return 1;
    inf_own_free(o);
    return 0;
}
