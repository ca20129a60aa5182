/* sesslint: command-line entry point.  Dispatches to the subcommands listed
 * in sl_commands (cli.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "version.h"

const sl_command sl_commands[] = {
    {"check", "analyze sources and report handles that leak", sl_cmd_check, sl_cmd_check_help},
    {"rules", "list, validate and show rule files", sl_cmd_rules, sl_cmd_rules_help},
    {"diff", "new, fixed and unchanged findings between two stored runs", sl_cmd_diff,
     sl_cmd_diff_help},
    {"query", "run a read-only SQL query on the findings database", sl_cmd_query,
     sl_cmd_query_help},
    {"runs", "list the stored runs", sl_cmd_runs, sl_cmd_runs_help},
    {"findings", "list the findings of a stored run", sl_cmd_findings, sl_cmd_findings_help},
    {"trend", "findings per stored run over time", sl_cmd_trend, sl_cmd_trend_help},
    {"triage", "mark a finding false-positive, intentional or confirmed", sl_cmd_triage,
     sl_cmd_triage_help},
    {"summaries", "what was learned about the project's own functions", sl_cmd_summaries,
     sl_cmd_summaries_help},
    {"report", "render a stored run (text, json, sarif, markdown)", sl_cmd_report,
     sl_cmd_report_help},
    {"merge", "join the databases of sharded runs into one run", sl_cmd_merge,
     sl_cmd_merge_help},
};
const size_t sl_commands_count = sizeof sl_commands / sizeof sl_commands[0];

const sl_command *sl_command_find(const char *name)
{
    for (size_t i = 0; i < sl_commands_count; i++)
        if (strcmp(sl_commands[i].name, name) == 0)
            return &sl_commands[i];
    return NULL;
}

int sl_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "sesslint%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n");
    if (cmd)
        fprintf(stderr, "Try 'sesslint help %s'.\n", cmd);
    else
        fprintf(stderr, "Try 'sesslint help'.\n");
    return SL_EXIT_USAGE;
}

static void sl_main_help(FILE *out)
{
    fprintf(out,
            "usage: sesslint <command> [options]\n"
            "\n"
            "Finds session, credential and connector handles (curl handles, database\n"
            "connections, sockets, TLS objects, credentials) that leave a function on some\n"
            "path without being closed.\n"
            "\n"
            "Commands:\n");
    for (size_t i = 0; i < sl_commands_count; i++)
        fprintf(out, "  %-10s %s\n", sl_commands[i].name, sl_commands[i].summary);
    fprintf(out,
            "  %-10s %s\n"
            "\n"
            "Options:\n"
            "  --version  print the version and exit\n"
            "  --help     print this help and exit\n"
            "\n"
            "Exit codes: 0 no findings, 1 findings, 2 usage or configuration error,\n"
            "3 some input could not be analyzed.\n"
            "Run 'sesslint help <command>' for a command's options.\n",
            "help", "show help for a command");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        sl_main_help(stderr);
        return SL_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("sesslint %s\n", SESSLINT_VERSION);
        return SL_EXIT_OK;
    }
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        sl_main_help(stdout);
        return SL_EXIT_OK;
    }
    if (strcmp(cmd, "help") == 0) {
        if (argc < 3) {
            sl_main_help(stdout);
            return SL_EXIT_OK;
        }
        const sl_command *c = sl_command_find(argv[2]);
        if (!c)
            return sl_usage_error(NULL, "no such command '%s'", argv[2]);
        c->help(stdout);
        return SL_EXIT_OK;
    }
    const sl_command *c = sl_command_find(cmd);
    if (!c)
        return sl_usage_error(NULL, "no such command '%s'", cmd);
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            c->help(stdout);
            return SL_EXIT_OK;
        }
    }
    return c->run(argc - 1, argv + 1, argv[0]);
}
