/* flows/constants.c: branches that can never run, because their guard is a
 * constant across functions and files (switches.c), must not make a path
 * that skips the close; the same code with the guard the other way round
 * leaks. */
#include <stdio.h>

#include "flows.h"

static int always_false(void)
{
    return 0;
}

static int always_true(void)
{
    return 1;
}

/* same file: a static function that returns 0 */
void static_false_guard(void)
{
    FILE *f = fopen("/tmp/a", "r");
    if (always_false()) {
        puts("never");
    } else if (f) {
        fclose(f);
    }
}

void static_true_guard_leaks(void)
{
    FILE *f = fopen("/tmp/a", "r");
    if (always_true()) {
        puts("always");
    } else if (f) {
        fclose(f);
    }
} // expect: leak.resource

/* another file: functions returning one constant */
void other_file_function_guard(void)
{
    FILE *f = fopen("/tmp/a", "r");
    if (feature_enabled()) {
        if (f)
            fclose(f);
    }
}

void other_file_function_guard_leaks(void)
{
    FILE *f = fopen("/tmp/a", "r");
    if (feature_disabled()) {
        if (f)
            fclose(f);
    }
} // expect: leak.resource

/* a const global defined in another file */
void extern_const_guard(void)
{
    FILE *f = fopen("/tmp/a", "r");
    if (FEATURE_ON != 1)
        return;
    if (f)
        fclose(f);
}

void extern_const_guard_leaks(void)
{
    FILE *f = fopen("/tmp/a", "r");
    if (FEATURE_ON == 1)
        return; // expect: leak.resource
    if (f)
        fclose(f);
}

/* a global that no function stores into: it holds its initializer */
void unchanged_global_guard(void)
{
    FILE *f = fopen("/tmp/a", "r");
    if (log_level == 5) {
        if (f)
            fclose(f);
    }
}

void unchanged_global_guard_leaks(void)
{
    FILE *f = fopen("/tmp/a", "r");
    if (log_level != 5) {
        if (f)
            fclose(f);
    }
} // expect: leak.resource

/* a global that flows_set_verbose() changes is not a constant: both ways are
 * possible, and the way that skips the close leaks */
void changing_global_guard_leaks(void)
{
    FILE *f = fopen("/tmp/a", "r");
    if (verbose == 0) {
        if (f)
            fclose(f);
    }
} // expect: leak.resource
