/* cmd_rules: `sesslint rules` -- being written; replaced before landing. */
#include "cli.h"
int sl_cmd_rules(int argc, char **argv, const char *argv0)
{
    (void)argc; (void)argv; (void)argv0;
    return sl_usage_error("rules", "not built yet");
}
void sl_cmd_rules_help(FILE *out) { fprintf(out, "usage: sesslint rules\n"); }
