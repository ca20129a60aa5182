/* flows/switches.c: the definitions the other files of this folder test.
 * Constants across files: a const global, a global that holds its
 * initializer for the whole program, functions returning one constant, and
 * a global that another function changes (not a constant). */
#include "flows.h"

const int FEATURE_ON = 1;
int log_level = 5;
int verbose = 0;
int close_on_finish = 1;

int feature_enabled(void)
{
    return 1;
}

int feature_disabled(void)
{
    return 0;
}

void flows_set_verbose(void)
{
    verbose = 1;
}
