/* cli: the `sesslint` subcommands.  Each cmd_*.c file implements one or a
 * few subcommands; main.c dispatches.  A subcommand returns the process exit
 * code:
 *   0 clean, 1 findings that fail the gate, 2 usage or configuration error,
 *   3 analysis could not complete for some input.
 * Subcommands print human messages to stderr and machine output to stdout
 * or the file given with -o.
 */
#ifndef SL_CLI_H
#define SL_CLI_H

#include <stdio.h>

enum {
    SL_EXIT_OK = 0,
    SL_EXIT_FINDINGS = 1,
    SL_EXIT_USAGE = 2,
    SL_EXIT_INCOMPLETE = 3,
};

typedef struct sl_command {
    const char *name;
    const char *summary; /* one line for `sesslint help` */
    int (*run)(int argc, char **argv, const char *argv0);
    void (*help)(FILE *out); /* full help for `sesslint help NAME` and --help */
} sl_command;

extern const sl_command sl_commands[];
extern const size_t sl_commands_count;

const sl_command *sl_command_find(const char *name);

/* Print "sesslint: <msg>" to stderr; returns SL_EXIT_USAGE. */
int sl_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Subcommands. */
int sl_cmd_check(int argc, char **argv, const char *argv0);
void sl_cmd_check_help(FILE *out);
int sl_cmd_rules(int argc, char **argv, const char *argv0);
void sl_cmd_rules_help(FILE *out);
/* Findings database commands (cmd_db.c). */
int sl_cmd_diff(int argc, char **argv, const char *argv0);
void sl_cmd_diff_help(FILE *out);
int sl_cmd_query(int argc, char **argv, const char *argv0);
void sl_cmd_query_help(FILE *out);
int sl_cmd_runs(int argc, char **argv, const char *argv0);
void sl_cmd_runs_help(FILE *out);
int sl_cmd_findings(int argc, char **argv, const char *argv0);
void sl_cmd_findings_help(FILE *out);
int sl_cmd_trend(int argc, char **argv, const char *argv0);
void sl_cmd_trend_help(FILE *out);
int sl_cmd_triage(int argc, char **argv, const char *argv0);
void sl_cmd_triage_help(FILE *out);
int sl_cmd_summaries(int argc, char **argv, const char *argv0);
void sl_cmd_summaries_help(FILE *out);
int sl_cmd_report(int argc, char **argv, const char *argv0);
void sl_cmd_report_help(FILE *out);
/* Joining shard databases (cmd_merge.c). */
int sl_cmd_merge(int argc, char **argv, const char *argv0);
void sl_cmd_merge_help(FILE *out);

#endif
