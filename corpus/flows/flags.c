/* flows/flags.c: a callee that closes what it is given or not depending on
 * a flag the caller sets just before the call (a file-static flag here,
 * a global defined in switches.c below): what the caller set decides. */
#include <stdio.h>

#include "flows.h"

static int keep_open;

static void finish(FILE *f)
{
    if (keep_open)
        puts("kept");
    else if (f)
        fclose(f);
}

void flag_says_close(void)
{
    FILE *f = fopen("/tmp/a", "r");
    keep_open = 0;
    finish(f);
}

void flag_says_keep(void)
{
    FILE *f = fopen("/tmp/a", "r");
    keep_open = 1;
    finish(f);
} // expect: leak.resource

/* the flag is a global with external linkage (flows.h: close_on_finish) */
static void finish_public(FILE *f)
{
    if (close_on_finish && f)
        fclose(f);
}

void public_flag_says_close(void)
{
    FILE *f = fopen("/tmp/a", "r");
    close_on_finish = 1;
    finish_public(f);
}

void public_flag_says_keep(void)
{
    FILE *f = fopen("/tmp/a", "r");
    close_on_finish = 0;
    finish_public(f);
} // expect: leak.resource

/* nothing set before the call: either may happen, and the path that keeps
 * it open leaks */
void public_flag_unknown(void)
{
    FILE *f = fopen("/tmp/a", "r");
    finish_public(f);
} // expect: leak.resource
