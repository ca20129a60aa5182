/* cmd_check: `sesslint check` -- being written; replaced before landing. */
#include "cli.h"
int sl_cmd_check(int argc, char **argv, const char *argv0)
{
    (void)argc; (void)argv; (void)argv0;
    return sl_usage_error("check", "not built yet");
}
void sl_cmd_check_help(FILE *out) { fprintf(out, "usage: sesslint check\n"); }
