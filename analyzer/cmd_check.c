/* cmd_check: `sesslint check` -- collect translation units, parse and lower
 * each, analyze, report.  Owns everything it creates and frees it before
 * returning (libclang index, rules, findings). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis.h"
#include "check_run.h"
#include "cli.h"
#include "findings.h"
#include "frontend.h"
#include "inputs.h"
#include "report.h"
#include "rules.h"

void sl_cmd_check_help(FILE *out)
{
    fprintf(out,
            "usage: sesslint check [options] [PATH...] [-- PARSER-FLAGS...]\n"
            "\n"
            "Analyze C, C++ and Python sources and report session, credential and connector\n"
            "handles that leave a function on some path without being released.\n"
            "\n"
            "Inputs:\n"
            "  PATH...                files, or directories searched recursively for C/C++\n"
            "                         and Python (.py) sources (not in CMake build\n"
            "                         trees).  Without -p, the compile_commands.json\n"
            "                         clangd would use (in PATH or a parent, or in\n"
            "                         build/ below one of them) gives the flags of the\n"
            "                         C files it lists, and one line says which; other\n"
            "                         files get the nearest compile_flags.txt plus\n"
            "                         PARSER-FLAGS, and an #include of theirs that does\n"
            "                         not resolve is looked for under the PATHs (a\n"
            "                         file's: its directory; the header's directory is\n"
            "                         added with -idirafter; one line per directory says\n"
            "                         so)\n"
            "  -p BUILD_DIR           analyze the translation units of\n"
            "                         BUILD_DIR/compile_commands.json; with PATHs, only\n"
            "                         the entries under those paths\n"
            "  -- PARSER-FLAGS        extra flags for the parser (-I, -D, -std=...);\n"
            "                         relative paths in them are read from the current\n"
            "                         directory, as a compiler reads them (those in\n"
            "                         compile_flags.txt from its directory, a database\n"
            "                         entry's from its \"directory\")\n"
            "\n"
            "Rules:\n"
            "  --rules FILE|DIR       load rule files (repeatable); adds to the built-in\n"
            "                         rules\n"
            "  --no-builtin-rules     do not load the rules shipped with sesslint\n"
            "  --enable NAME          load an opt-in rule set shipped with sesslint\n"
            "                         (repeatable); 'memory' reports heap blocks from\n"
            "                         malloc, calloc, realloc, strdup... that are never\n"
            "                         freed, as leak.memory (CWE-401); 'exception'\n"
            "                         reports Python handles left open only when an\n"
            "                         exception leaves the function, as leak.exception\n"
            "  --unknown-calls=escape|borrow\n"
            "                         a handle passed to a function with no rule and no\n"
            "                         body is assumed handed over (escape, the default:\n"
            "                         fewer false alarms) or only used (borrow: finds\n"
            "                         more leaks, may report handles that callee keeps)\n"
            "  --no-infer             do not infer rules from declarations: by default a\n"
            "                         library with no rule file is read from its headers\n"
            "                         (x_new/x_free pairs over an opaque type; see\n"
            "                         'sesslint rules infer' and docs/rules.md)\n"
            "  --max-states N         distinct states kept per block (default 32); past\n"
            "                         it precision is traded for speed (see docs/engine.md)\n"
            "  --allow-partial        exit as if everything was checked when some code was\n"
            "                         not: a function whose body could not be lowered, a\n"
            "                         handle or parameter whose function ran out of its\n"
            "                         analysis budget (each is still listed as a warning)\n"
            "\n"
            "Output:\n"
            "  --format text|json|sarif|html\n"
            "                         text (default) goes to stderr in compiler form;\n"
            "                         json, sarif and html go to stdout; html is one\n"
            "                         self-contained page (docs/html.md)\n"
            "  -o FILE                write the report to FILE instead\n"
            "  -q, --quiet            no progress, summary line or parse diagnostics\n"
            "  --show-parse-errors    every parse error; by default the first 3 of a file\n"
            "                         and a count of the rest (JSON, SARIF and the\n"
            "                         database always hold the full count)\n"
            "\n"
            "Speed:\n"
            "  -j N, --jobs N         worker processes (default: one per online CPU);\n"
            "                         results are the same for any N, and a crash while\n"
            "                         analyzing one file costs only that file\n"
            "  --no-cache             analyze every translation unit; by default one whose\n"
            "                         sources, flags, rules and callees are unchanged since\n"
            "                         the last run is taken from the database\n"
            "  --no-pch               parse every file whole; by default files that begin\n"
            "                         with the same #include lines (and flags) share one\n"
            "                         precompiled header of them, built in TMPDIR and\n"
            "                         removed at the end; findings are the same\n"
            "\n"
            "Sharded runs (docs/ci.md, docs/db.md):\n"
            "  --shard K/N            analyze shard K of N: the translation units whose\n"
            "                         path relative to the project root hashes to K (the\n"
            "                         same whatever the order of the inputs); runs of\n"
            "                         every shard stored under one commit form one run\n"
            "                         for diff, findings, report and the gate\n"
            "  --summaries FILE...    summaries exported by 'sesslint summaries --shard\n"
            "                         K/N --export FILE' (every argument up to the next\n"
            "                         option): what the other shards' functions do, so\n"
            "                         findings are those of one run over all of them\n"
            "\n"
            "Database and CI gate:\n"
            "  --db FILE, --no-db     where to store the run (default\n"
            "                         .sesslint/findings.db at the top of the git work\n"
            "                         tree, else the current directory); --no-db stores\n"
            "                         nothing\n"
            "  --commit ID            the commit to record (default: git HEAD, a dirty\n"
            "                         tree recorded as such)\n"
            "  --fail-on any|new|none exit 1 for any finding (default), only for findings\n"
            "                         new relative to --baseline, or never\n"
            "  --baseline REF         the stored run to compare with: a commit (prefix,\n"
            "                         HEAD~N, branch), #RUN-ID or latest\n"
            "  --baseline-missing=error|all-new\n"
            "                         when REF has no stored run: exit 2 (default) or\n"
            "                         count every finding as new\n"
            "Findings can be suppressed in the source with\n"
            "  // sesslint: ignore[RULE] reason\n"
            "on the line or the line above, or triaged with 'sesslint triage'.\n"
            "\n"
            "Exit status: 0 no findings, 1 findings, 2 usage or configuration error,\n"
            "3 some translation unit could not be analyzed, or (without --allow-partial)\n"
            "some function, handle or parameter was not checked (the rest is reported).\n");
}

static int sl_parse_format(const char *s, sl_check_format *out)
{
    if (!strcmp(s, "text"))
        *out = SL_FORMAT_TEXT;
    else if (!strcmp(s, "json"))
        *out = SL_FORMAT_JSON;
    else if (!strcmp(s, "sarif"))
        *out = SL_FORMAT_SARIF;
    else if (!strcmp(s, "html"))
        *out = SL_FORMAT_HTML;
    else
        return -1;
    return 0;
}

/* "--opt=value" or "--opt value": returns the value or NULL. */
static const char *sl_optval(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    if (!strncmp(argv[*i], name, n) && argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (!strcmp(argv[*i], name)) {
        if (*i + 1 >= argc)
            return NULL;
        return argv[++*i];
    }
    return NULL;
}

static bool sl_is_opt(const char *arg, const char *name)
{
    size_t n = strlen(name);
    return !strcmp(arg, name) || (!strncmp(arg, name, n) && arg[n] == '=');
}

int sl_cmd_check(int argc, char **argv, const char *argv0)
{
    sl_check_opts o;
    sl_check_opts_init(&o);
    o.argv0 = argv0;
    int rc = SL_EXIT_OK;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v;
        if (!strcmp(a, "--")) {
            for (int k = i + 1; k < argc; k++)
                SL_VEC_PUSH(o.extra_flags, argv[k]);
            break;
        } else if (!strcmp(a, "-p") || sl_is_opt(a, "--build-dir")) {
            v = !strcmp(a, "-p") ? (i + 1 < argc ? argv[++i] : NULL)
                                 : sl_optval(argc, argv, &i, "--build-dir");
            if (!v) {
                rc = sl_usage_error("check", "%s needs a build directory", a);
                goto out;
            }
            o.build_dir = v;
        } else if (!strncmp(a, "-p", 2) && a[2]) {
            o.build_dir = a + 2;
        } else if (sl_is_opt(a, "--rules")) {
            if (!(v = sl_optval(argc, argv, &i, "--rules"))) {
                rc = sl_usage_error("check", "--rules needs a file or directory");
                goto out;
            }
            SL_VEC_PUSH(o.rule_paths, v);
        } else if (!strcmp(a, "--no-builtin-rules")) {
            o.builtin_rules = false;
        } else if (sl_is_opt(a, "--enable")) {
            if (!(v = sl_optval(argc, argv, &i, "--enable")) || !*v) {
                rc = sl_usage_error("check", "--enable needs the name of a rule set (e.g. "
                                             "--enable memory)");
                goto out;
            }
            SL_VEC_PUSH(o.enable, v);
        } else if (sl_is_opt(a, "--format")) {
            if (!(v = sl_optval(argc, argv, &i, "--format")) || sl_parse_format(v, &o.format)) {
                rc = sl_usage_error("check", "--format must be text, json, sarif or html");
                goto out;
            }
        } else if (!strcmp(a, "-o") || sl_is_opt(a, "--output")) {
            v = !strcmp(a, "-o") ? (i + 1 < argc ? argv[++i] : NULL)
                                 : sl_optval(argc, argv, &i, "--output");
            if (!v) {
                rc = sl_usage_error("check", "%s needs a file name", a);
                goto out;
            }
            o.output = v;
        } else if (!strcmp(a, "-j") || sl_is_opt(a, "--jobs") || (!strncmp(a, "-j", 2) && a[2])) {
            v = !strcmp(a, "-j") ? (i + 1 < argc ? argv[++i] : NULL)
                : !strncmp(a, "-j", 2) && a[2] != '-' ? a + 2
                                                      : sl_optval(argc, argv, &i, "--jobs");
            char *end = NULL;
            long n = v ? strtol(v, &end, 10) : 0;
            if (!v || *end || n < 1 || n > 1024) {
                rc = sl_usage_error("check", "-j needs a number of workers from 1 to 1024");
                goto out;
            }
            o.njobs = (int)n;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            o.quiet = true;
        } else if (!strcmp(a, "--show-parse-errors")) {
            o.show_parse_errors = true;
        } else if (!strcmp(a, "--no-cache")) {
            o.no_cache = true;
        } else if (!strcmp(a, "--no-pch")) {
            o.no_pch = true;
        } else if (!strcmp(a, "--allow-partial")) {
            o.allow_partial = true;
        } else if (!strcmp(a, "--no-infer")) {
            o.analysis.infer = false;
        } else if (!strcmp(a, "--no-db")) {
            o.no_db = true;
        } else if (sl_is_opt(a, "--db")) {
            if (!(v = sl_optval(argc, argv, &i, "--db"))) {
                rc = sl_usage_error("check", "--db needs a file name");
                goto out;
            }
            o.db = v;
        } else if (sl_is_opt(a, "--commit")) {
            if (!(v = sl_optval(argc, argv, &i, "--commit"))) {
                rc = sl_usage_error("check", "--commit needs a commit id");
                goto out;
            }
            o.commit = v;
        } else if (sl_is_opt(a, "--baseline")) {
            if (!(v = sl_optval(argc, argv, &i, "--baseline"))) {
                rc = sl_usage_error("check", "--baseline needs a commit or run");
                goto out;
            }
            o.baseline = v;
        } else if (sl_is_opt(a, "--baseline-missing")) {
            v = sl_optval(argc, argv, &i, "--baseline-missing");
            if (v && !strcmp(v, "error"))
                o.baseline_missing_all_new = false;
            else if (v && !strcmp(v, "all-new"))
                o.baseline_missing_all_new = true;
            else {
                rc = sl_usage_error("check", "--baseline-missing must be error or all-new");
                goto out;
            }
        } else if (sl_is_opt(a, "--fail-on")) {
            v = sl_optval(argc, argv, &i, "--fail-on");
            if (v && !strcmp(v, "any"))
                o.fail_on = SL_FAIL_ANY;
            else if (v && !strcmp(v, "new"))
                o.fail_on = SL_FAIL_NEW;
            else if (v && !strcmp(v, "none"))
                o.fail_on = SL_FAIL_NONE;
            else {
                rc = sl_usage_error("check", "--fail-on must be any, new or none");
                goto out;
            }
        } else if (sl_is_opt(a, "--unknown-calls")) {
            v = sl_optval(argc, argv, &i, "--unknown-calls");
            if (v && !strcmp(v, "escape"))
                o.analysis.unknown_calls = SL_UNKNOWN_ESCAPE;
            else if (v && !strcmp(v, "borrow"))
                o.analysis.unknown_calls = SL_UNKNOWN_BORROW;
            else {
                rc = sl_usage_error("check", "--unknown-calls must be escape or borrow");
                goto out;
            }
        } else if (sl_is_opt(a, "--shard")) {
            sl_error serr = {{0}};
            if (!(v = sl_optval(argc, argv, &i, "--shard")) ||
                sl_shard_parse(v, &o.shard, &serr) != 0) {
                rc = sl_usage_error("check", "%s",
                                    v ? serr.msg : "--shard needs K/N (e.g. --shard 2/4)");
                goto out;
            }
        } else if (sl_is_opt(a, "--summaries")) {
            size_t before = o.summaries.n;
            if (a[11] == '=')
                SL_VEC_PUSH(o.summaries, a + 12);
            else
                while (i + 1 < argc && argv[i + 1][0] != '-')
                    SL_VEC_PUSH(o.summaries, argv[++i]);
            if (o.summaries.n == before || !*o.summaries.v[o.summaries.n - 1]) {
                rc = sl_usage_error("check", "--summaries needs one or more files written by "
                                             "'sesslint summaries --export'");
                goto out;
            }
        } else if (sl_is_opt(a, "--max-states")) {
            v = sl_optval(argc, argv, &i, "--max-states");
            char *end = NULL;
            long n = v ? strtol(v, &end, 10) : 0;
            if (!v || *end || n < 1 || n > 100000) {
                rc = sl_usage_error("check", "--max-states must be a number from 1 to 100000");
                goto out;
            }
            o.analysis.max_states = (int)n;
        } else if (a[0] == '-' && a[1]) {
            rc = sl_usage_error("check", "unknown option '%s'", a);
            goto out;
        } else {
            SL_VEC_PUSH(o.paths, a);
        }
    }
    if (!o.build_dir && o.paths.n == 0) {
        rc = sl_usage_error("check", "nothing to analyze: give source files or directories, "
                                     "or -p BUILD_DIR with a compile_commands.json");
        goto out;
    }
    if (o.fail_on == SL_FAIL_NEW && !o.baseline) {
        rc = sl_usage_error("check", "--fail-on new needs --baseline REF (the run to compare with)");
        goto out;
    }
    rc = sl_check_main(&o);
out:
    sl_check_opts_release(&o);
    return rc;
}
