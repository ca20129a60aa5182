/* cmd_db: the subcommands that work on the findings database without
 * analyzing anything: diff, query, runs, findings, trend, triage, report.
 *
 * Each opens the database (read-only except triage), does its one job and
 * closes it.  Exit codes (cli.h): 0 done, 1 only for `diff --exit-code`
 * when there are new findings, 2 usage, configuration or database error.
 * Schema and output shapes: docs/db.md.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diff.h"
#include "gitinfo.h"
#include "report.h"
#include "scope.h"
#include "store.h"

/* ---- shared plumbing ---- */

enum { OPT_DB = 1000, OPT_FORMAT, OPT_REPO_URL, OPT_EXIT_CODE, OPT_RUN, OPT_COMMIT, OPT_RULE,
       OPT_KIND, OPT_FILE, OPT_STATUS, OPT_REASON, OPT_REMOVE, OPT_LIST, OPT_BRANCH };

/* Options any of these commands may take; each command says which it
 * accepts. */
typedef struct db_opts {
    const char *db, *format, *output, *repo_url, *run, *commit, *rule, *kind, *file, *status,
        *reason, *branch;
    bool exit_code, remove, list;
    SL_VEC(const char *) pos; /* positional arguments */
} db_opts;

/* Parse argv (argv[0] is the command name) accepting the long options
 * listed in accept (OPT_ codes, 0-terminated) plus -o/--output when
 * allow_o.  Positional arguments, anywhere and after "--", go to o->pos
 * (borrowed from argv).  Returns 0, or SL_EXIT_USAGE after printing why. */
static int parse_opts(const char *cmd, int argc, char **argv, const int *accept, bool allow_o,
                      db_opts *o)
{
    static const struct option all[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"output", required_argument, NULL, 'o'},
        {"repo-url", required_argument, NULL, OPT_REPO_URL},
        {"exit-code", no_argument, NULL, OPT_EXIT_CODE},
        {"run", required_argument, NULL, OPT_RUN},
        {"commit", required_argument, NULL, OPT_COMMIT},
        {"rule", required_argument, NULL, OPT_RULE},
        {"kind", required_argument, NULL, OPT_KIND},
        {"file", required_argument, NULL, OPT_FILE},
        {"status", required_argument, NULL, OPT_STATUS},
        {"reason", required_argument, NULL, OPT_REASON},
        {"remove", no_argument, NULL, OPT_REMOVE},
        {"list", no_argument, NULL, OPT_LIST},
        {"branch", required_argument, NULL, OPT_BRANCH},
        {NULL, 0, NULL, 0},
    };
    memset(o, 0, sizeof *o);
    opterr = 0;
    optind = 0; /* full re-initialization (GNU) */
    int c;
    while ((c = getopt_long(argc, argv, allow_o ? "-:o:" : "-:", all, NULL)) != -1) {
        if (c == 1) {
            SL_VEC_PUSH(o->pos, optarg);
            continue;
        }
        if (c == '?' || c == ':') {
            const char *bad = argv[optind - 1];
            free(o->pos.v);
            o->pos.v = NULL;
            if (c == ':')
                return sl_usage_error(cmd, "option '%s' needs a value", bad);
            return sl_usage_error(cmd, "unknown option '%s'", bad);
        }
        bool ok = c == 'o' ? allow_o : false;
        for (const int *a = accept; !ok && *a; a++)
            ok = *a == c;
        if (!ok) {
            free(o->pos.v);
            o->pos.v = NULL;
            return sl_usage_error(cmd, "option '%s' does not apply to '%s'", argv[optind - 1],
                                  cmd);
        }
        switch (c) {
        case OPT_DB: o->db = optarg; break;
        case OPT_FORMAT: o->format = optarg; break;
        case 'o': o->output = optarg; break;
        case OPT_REPO_URL: o->repo_url = optarg; break;
        case OPT_EXIT_CODE: o->exit_code = true; break;
        case OPT_RUN: o->run = optarg; break;
        case OPT_COMMIT: o->commit = optarg; break;
        case OPT_RULE: o->rule = optarg; break;
        case OPT_KIND: o->kind = optarg; break;
        case OPT_FILE: o->file = optarg; break;
        case OPT_STATUS: o->status = optarg; break;
        case OPT_REASON: o->reason = optarg; break;
        case OPT_REMOVE: o->remove = true; break;
        case OPT_LIST: o->list = true; break;
        case OPT_BRANCH: o->branch = optarg; break;
        }
    }
    for (int i = optind; i < argc; i++)
        SL_VEC_PUSH(o->pos, argv[i]);
    return 0;
}

static void free_opts(db_opts *o)
{
    free(o->pos.v);
}

static bool one_of(const char *s, const char *const *set)
{
    for (; *set; set++)
        if (strcmp(s, *set) == 0)
            return true;
    return false;
}

/* Open the database named by --db, else the default one.  Prints the
 * error and returns NULL on failure. */
static sl_store *open_db(const char *cmd, const char *db, bool readonly)
{
    char *path = db ? sl_xstrdup(db) : sl_default_db_path(NULL);
    sl_store *st;
    sl_error err;
    if (sl_store_open(&st, path, readonly, &err) != 0) {
        fprintf(stderr, "sesslint %s: %s\n", cmd, err.msg);
        free(path);
        return NULL;
    }
    free(path);
    return st;
}

/* Where output goes: -o FILE, else stdout. */
typedef struct output {
    FILE *f;
    const char *name;
    bool is_file;
} output;

static int open_output(const char *cmd, const char *path, output *out)
{
    if (!path || strcmp(path, "-") == 0) {
        *out = (output){stdout, "standard output", false};
        return 0;
    }
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "sesslint %s: %s: cannot write: %s\n", cmd, path, strerror(errno));
        return -1;
    }
    *out = (output){f, path, true};
    return 0;
}

/* Close the output; returns 0, or -1 after saying why. */
static int close_output(const char *cmd, output *out)
{
    int bad = fflush(out->f) != 0 || ferror(out->f);
    int e = errno;
    if (out->is_file && fclose(out->f) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    if (bad) {
        fprintf(stderr, "sesslint %s: %s: write error: %s\n", cmd, out->name,
                strerror(e ? e : EIO));
        return -1;
    }
    return 0;
}

static int fail_msg(const char *cmd, const sl_error *err)
{
    fprintf(stderr, "sesslint %s: %s\n", cmd, err->msg);
    return SL_EXIT_USAGE;
}

/* ---- result tables: table, csv, json ---- */

/* Display width of a UTF-8 string (code points; good enough for the
 * monospace tables here). */
static size_t text_width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xc0) != 0x80)
            w++;
    return w;
}

static const char *cell_text(const sl_cell *c)
{
    return c->type == 'n' ? "" : c->text;
}

static void print_table(FILE *out, const sl_table *t)
{
    size_t *w = sl_xcalloc(t->ncols ? t->ncols : 1, sizeof *w);
    for (size_t j = 0; j < t->ncols; j++)
        w[j] = text_width(t->cols[j]);
    for (size_t i = 0; i < t->nrows; i++)
        for (size_t j = 0; j < t->ncols; j++) {
            size_t cw = text_width(cell_text(&t->cells.v[i * t->ncols + j]));
            if (cw > w[j])
                w[j] = cw;
        }
    for (size_t j = 0; j < t->ncols; j++)
        fprintf(out, "%s%s%*s", j ? "  " : "", t->cols[j],
                j + 1 < t->ncols ? (int)(w[j] - text_width(t->cols[j])) : 0, "");
    fputc('\n', out);
    for (size_t j = 0; j < t->ncols; j++) {
        fprintf(out, "%s", j ? "  " : "");
        for (size_t k = 0; k < w[j]; k++)
            fputc('-', out);
    }
    fputc('\n', out);
    for (size_t i = 0; i < t->nrows; i++) {
        for (size_t j = 0; j < t->ncols; j++) {
            const sl_cell *c = &t->cells.v[i * t->ncols + j];
            const char *s = cell_text(c);
            /* One line per row: newlines and tabs print as spaces. */
            fputs(j ? "  " : "", out);
            for (const char *p = s; *p; p++)
                fputc(*p == '\n' || *p == '\r' || *p == '\t' ? ' ' : *p, out);
            if (j + 1 < t->ncols)
                fprintf(out, "%*s", (int)(w[j] - text_width(s)), "");
        }
        fputc('\n', out);
    }
    fprintf(out, "(%zu row%s)\n", t->nrows, t->nrows == 1 ? "" : "s");
    free(w);
}

static void csv_field(FILE *out, const char *s)
{
    if (!strpbrk(s, ",\"\r\n") && s[0] != ' ' && (!*s || s[strlen(s) - 1] != ' ')) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            fputc('"', out);
        fputc(*p, out);
    }
    fputc('"', out);
}

static void print_csv(FILE *out, const sl_table *t)
{
    for (size_t j = 0; j < t->ncols; j++) {
        if (j)
            fputc(',', out);
        csv_field(out, t->cols[j]);
    }
    fputs("\r\n", out);
    for (size_t i = 0; i < t->nrows; i++) {
        for (size_t j = 0; j < t->ncols; j++) {
            if (j)
                fputc(',', out);
            csv_field(out, cell_text(&t->cells.v[i * t->ncols + j]));
        }
        fputs("\r\n", out);
    }
}

static json_t *cell_json(const sl_cell *c)
{
    switch (c->type) {
    case 'i':
        return json_integer(c->i);
    case 'r':
        return json_real(c->r);
    case 'n':
        return json_null();
    default: {
        char *s = sl_utf8_clean(c->text);
        json_t *j = json_string(s);
        free(s);
        return j;
    }
    }
}

static int print_json(FILE *out, const sl_table *t)
{
    /* Keys: the column names, made unique ("n", "n_2") and valid UTF-8. */
    char **keys = sl_xcalloc(t->ncols ? t->ncols : 1, sizeof *keys);
    for (size_t j = 0; j < t->ncols; j++) {
        char *base = sl_utf8_clean(t->cols[j]);
        keys[j] = sl_xstrdup(base);
        for (int k = 2;; k++) {
            bool dup = false;
            for (size_t m = 0; m < j && !dup; m++)
                dup = strcmp(keys[m], keys[j]) == 0;
            if (!dup)
                break;
            free(keys[j]);
            keys[j] = sl_xasprintf("%s_%d", base, k);
        }
        free(base);
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < t->nrows; i++) {
        json_t *row = json_object();
        for (size_t j = 0; j < t->ncols; j++)
            json_object_set_new(row, keys[j], cell_json(&t->cells.v[i * t->ncols + j]));
        json_array_append_new(arr, row);
    }
    int rc = json_dumpf(arr, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', out);
    json_decref(arr);
    for (size_t j = 0; j < t->ncols; j++)
        free(keys[j]);
    free(keys);
    return rc;
}

static const char *const table_formats[] = {"table", "csv", "json", NULL};

/* Run a read-only query and print it; the exit code. */
static int run_query(const char *cmd, sl_store *st, const char *sql, const char *const *params,
                     size_t nparams, const char *format, const char *outpath)
{
    sl_table t;
    sl_error err;
    if (sl_store_query(st, sql, params, nparams, &t, &err) != 0)
        return fail_msg(cmd, &err);
    output out = {0};
    if (open_output(cmd, outpath, &out) != 0) {
        sl_table_free(&t);
        return SL_EXIT_USAGE;
    }
    if (strcmp(format, "csv") == 0)
        print_csv(out.f, &t);
    else if (strcmp(format, "json") == 0)
        print_json(out.f, &t);
    else
        print_table(out.f, &t);
    sl_table_free(&t);
    return close_output(cmd, &out) == 0 ? SL_EXIT_OK : SL_EXIT_USAGE;
}

static const char *table_format(const char *cmd, const char *format, int *rc)
{
    *rc = 0;
    if (!format)
        return "table";
    if (!one_of(format, table_formats))
        *rc = sl_usage_error(cmd, "unknown format '%s' (table, csv or json)", format);
    return format;
}

/* ---- query ---- */

void sl_cmd_query_help(FILE *out)
{
    fprintf(out,
            "usage: sesslint query SQL [--db FILE] [--format table|csv|json] [-o FILE]\n"
            "\n"
            "Run one read-only SQL statement on the findings database and print its rows.\n"
            "The database is opened read-only (and with PRAGMA query_only), and statements\n"
            "that would change anything (INSERT, UPDATE, DELETE, CREATE, DROP, ATTACH,\n"
            "VACUUM, PRAGMAs that set values) are refused before they run.  The schema and\n"
            "example queries are in docs/db.md.\n"
            "\n"
            "Options:\n"
            "  --db FILE        database (default: .sesslint/findings.db at the top of the\n"
            "                   git work tree, else in the current directory)\n"
            "  --format FORMAT  table (default), csv (RFC 4180) or json (an array of objects)\n"
            "  -o FILE          write to FILE instead of standard output\n"
            "\n"
            "Example:\n"
            "  sesslint query \"SELECT rule, count(*) FROM findings WHERE run_id =\n"
            "                  (SELECT max(id) FROM runs) GROUP BY rule\"\n"
            "\n"
            "Exit codes: 0 done, 2 usage error, refused statement or database error.\n");
}

int sl_cmd_query(int argc, char **argv, const char *argv0)
{
    (void)argv0;
    static const int accept[] = {OPT_DB, OPT_FORMAT, 0};
    db_opts o;
    int rc = parse_opts("query", argc, argv, accept, true, &o);
    if (rc)
        return rc;
    const char *format = table_format("query", o.format, &rc);
    if (!rc && o.pos.n != 1)
        rc = sl_usage_error("query", "give exactly one SQL statement (quote it)");
    if (rc) {
        free_opts(&o);
        return rc;
    }
    sl_store *st = open_db("query", o.db, true);
    if (!st) {
        free_opts(&o);
        return SL_EXIT_USAGE;
    }
    rc = run_query("query", st, o.pos.v[0], NULL, 0, format, o.output);
    sl_store_close(st);
    free_opts(&o);
    return rc;
}

/* ---- runs ---- */

void sl_cmd_runs_help(FILE *out)
{
    fprintf(out,
            "usage: sesslint runs [--db FILE] [--branch B] [--format table|csv|json] [-o FILE]\n"
            "\n"
            "List the runs stored in the findings database, oldest first: id, commit,\n"
            "branch, whether the work tree was dirty, status (complete, or incomplete when\n"
            "some file could not be analyzed), start time (UTC), duration, number of\n"
            "findings and how many of them are suppressed, the sesslint version, and\n"
            "the shard (K/N) of a run taken with --shard.\n"
            "The table shows 12 digits of the commit; csv and json give it whole.\n"
            "\n"
            "Options:\n"
            "  --db FILE        database (default: .sesslint/findings.db in the work tree)\n"
            "  --branch B       only runs on branch B\n"
            "  --format FORMAT  table (default), csv or json\n"
            "  -o FILE          write to FILE instead of standard output\n"
            "\n"
            "Exit codes: 0 done, 2 usage or database error.\n");
}

int sl_cmd_runs(int argc, char **argv, const char *argv0)
{
    (void)argv0;
    static const int accept[] = {OPT_DB, OPT_FORMAT, OPT_BRANCH, 0};
    db_opts o;
    int rc = parse_opts("runs", argc, argv, accept, true, &o);
    if (rc)
        return rc;
    const char *format = table_format("runs", o.format, &rc);
    if (!rc && o.pos.n)
        rc = sl_usage_error("runs", "unexpected argument '%s'", o.pos.v[0]);
    if (rc) {
        free_opts(&o);
        return rc;
    }
    sl_store *st = open_db("runs", o.db, true);
    if (!st) {
        free_opts(&o);
        return SL_EXIT_USAGE;
    }
    bool table = strcmp(format, "table") == 0;
    char *sql = sl_xasprintf(
        "SELECT r.id AS run, %s AS commit_hash, r.branch AS branch, r.dirty AS dirty, "
        "r.status AS status, strftime('%%Y-%%m-%%d %%H:%%M:%%S', r.started, 'unixepoch') "
        "AS started, r.finished - r.started AS seconds, "
        "(SELECT count(*) FROM findings f WHERE f.run_id = r.id) AS findings, "
        "(SELECT count(*) FROM findings f WHERE f.run_id = r.id AND f.suppressed) "
        "AS suppressed, r.tool_version AS version, "
        "CASE WHEN r.shard_count > 0 THEN r.shard_index || '/' || r.shard_count END AS shard "
        "FROM runs r WHERE ?1 IS NULL OR r.branch = ?1 ORDER BY r.id",
        table ? "substr(r.commit_hash, 1, 12)" : "r.commit_hash");
    const char *params[] = {o.branch};
    rc = run_query("runs", st, sql, params, 1, format, o.output);
    free(sql);
    sl_store_close(st);
    free_opts(&o);
    return rc;
}

/* ---- findings ---- */

void sl_cmd_findings_help(FILE *out)
{
    fprintf(out,
            "usage: sesslint findings [--run REF | --commit C] [--rule R] [--kind K]\n"
            "                         [--file F] [--db FILE] [--format table|csv|json]\n"
            "                         [-o FILE]\n"
            "\n"
            "List the findings of one stored run (default: the latest; a shard run with\n"
            "the other shards of its commit) with their\n"
            "fingerprint, rule, kind, location, function, handle, message, suppression and\n"
            "triage status.  Paths are relative to the project root.  The table shows 12\n"
            "digits of the fingerprint (enough for 'sesslint triage'); csv and json give it\n"
            "whole.\n"
            "\n"
            "Options:\n"
            "  --run REF        the run: #N (run id), latest, a commit hash or unique\n"
            "                   prefix, or any revision git resolves (HEAD~2, a branch)\n"
            "  --commit C       the latest run for commit C (hash, prefix or revision)\n"
            "  --rule R         only rule R (leak.session, release.partial, ...)\n"
            "  --kind K         only kind K: session, credential, connector, resource or\n"
            "                   memory\n"
            "  --file F         only findings in F: a path relative to the root, a\n"
            "                   directory, or a glob such as 'src/*.c'\n"
            "  --db FILE        database (default: .sesslint/findings.db in the work tree)\n"
            "  --format FORMAT  table (default), csv or json\n"
            "  -o FILE          write to FILE instead of standard output\n"
            "\n"
            "Exit codes: 0 done (also when nothing matches), 2 usage or database error, or\n"
            "no such run.\n");
}

/* Resolve a run reference to a run id; prints why not. */
static int resolve(const char *cmd, sl_store *st, const char *ref, long long *id)
{
    sl_error err;
    if (sl_store_resolve_run(st, ref, NULL, id, &err) != 0)
        return fail_msg(cmd, &err);
    return 0;
}

int sl_cmd_findings(int argc, char **argv, const char *argv0)
{
    (void)argv0;
    static const int accept[] = {OPT_DB, OPT_FORMAT, OPT_RUN, OPT_COMMIT, OPT_RULE,
                                 OPT_KIND, OPT_FILE, 0};
    static const char *const kinds[] = {"session",  "credential", "connector",
                                        "resource", "memory",     NULL};
    db_opts o;
    int rc = parse_opts("findings", argc, argv, accept, true, &o);
    if (rc)
        return rc;
    const char *format = table_format("findings", o.format, &rc);
    if (!rc && o.pos.n)
        rc = sl_usage_error("findings", "unexpected argument '%s'", o.pos.v[0]);
    if (!rc && o.run && o.commit)
        rc = sl_usage_error("findings", "give --run or --commit, not both");
    if (!rc && o.kind && !one_of(o.kind, kinds))
        rc = sl_usage_error("findings",
                            "unknown kind '%s' (session, credential, connector, resource or "
                            "memory)",
                            o.kind);
    if (rc) {
        free_opts(&o);
        return rc;
    }
    sl_store *st = open_db("findings", o.db, true);
    if (!st) {
        free_opts(&o);
        return SL_EXIT_USAGE;
    }
    long long id;
    if (o.commit) {
        sl_error err;
        rc = sl_store_resolve_commit(st, o.commit, NULL, &id, &err) != 0 ? fail_msg("findings", &err)
                                                                         : 0;
    } else {
        rc = resolve("findings", st, o.run ? o.run : "latest", &id);
    }
    /* a shard run stands for every shard of its commit (scope.h) */
    sl_run_ids ids = {0};
    if (!rc) {
        sl_error err;
        if (sl_store_run_group(st, id, &ids, &err) != 0)
            rc = fail_msg("findings", &err);
    }
    if (!rc) {
        bool table = strcmp(format, "table") == 0;
        sl_strbuf idlist = {0};
        sl_strbuf_puts(&idlist, ",");
        for (size_t i = 0; i < ids.n; i++)
            sl_strbuf_printf(&idlist, "%lld,", ids.v[i]);
        char *sql = sl_xasprintf(
            "SELECT %s AS fingerprint, f.rule AS rule, f.kind AS kind, %s, "
            "f.function AS function, f.handle AS handle, f.message AS message, "
            "f.suppressed AS suppressed, f.suppress_reason AS suppress_reason, "
            "t.status AS triage "
            "FROM findings f LEFT JOIN triage t ON t.fingerprint = f.fingerprint "
            "WHERE instr(?1, ',' || f.run_id || ',') > 0 AND (?2 IS NULL OR f.rule = ?2) "
            "AND (?3 IS NULL OR f.kind = ?3) AND (?4 IS NULL OR f.file = ?4 "
            "OR substr(f.file, 1, length(rtrim(?4, '/')) + 1) = rtrim(?4, '/') || '/' "
            "OR f.file GLOB ?4) ORDER BY %s",
            table ? "substr(f.fingerprint, 1, 12)" : "f.fingerprint",
            table ? "f.file || ':' || f.line || ':' || f.col AS location"
                  : "f.file AS file, f.line AS line, f.col AS col",
            ids.n > 1 ? "f.file, f.line, f.col, f.rule, f.id" : "f.id");
        const char *params[] = {idlist.s, o.rule, o.kind, o.file};
        rc = run_query("findings", st, sql, params, 4, format, o.output);
        free(sql);
        sl_strbuf_release(&idlist);
    }
    free(ids.v);
    sl_store_close(st);
    free_opts(&o);
    return rc;
}

/* ---- trend ---- */

void sl_cmd_trend_help(FILE *out)
{
    fprintf(out,
            "usage: sesslint trend [--branch B] [--db FILE] [--format table|csv|json]\n"
            "                      [-o FILE]\n"
            "\n"
            "Findings per stored run over time, oldest first: the run, its date (UTC) and\n"
            "commit, the number of findings, how many are active (not suppressed), the\n"
            "active ones per kind (session, credential, connector, resource), and the\n"
            "change in active findings since the previous run listed.\n"
            "\n"
            "Options:\n"
            "  --branch B       only runs on branch B\n"
            "  --db FILE        database (default: .sesslint/findings.db in the work tree)\n"
            "  --format FORMAT  table (default), csv or json\n"
            "  -o FILE          write to FILE instead of standard output\n"
            "\n"
            "Exit codes: 0 done, 2 usage or database error.\n");
}

int sl_cmd_trend(int argc, char **argv, const char *argv0)
{
    (void)argv0;
    static const int accept[] = {OPT_DB, OPT_FORMAT, OPT_BRANCH, 0};
    db_opts o;
    int rc = parse_opts("trend", argc, argv, accept, true, &o);
    if (rc)
        return rc;
    const char *format = table_format("trend", o.format, &rc);
    if (!rc && o.pos.n)
        rc = sl_usage_error("trend", "unexpected argument '%s'", o.pos.v[0]);
    if (rc) {
        free_opts(&o);
        return rc;
    }
    sl_store *st = open_db("trend", o.db, true);
    if (!st) {
        free_opts(&o);
        return SL_EXIT_USAGE;
    }
    bool table = strcmp(format, "table") == 0;
    char *sql = sl_xasprintf(
        "WITH per AS (SELECT r.id AS run, "
        "strftime('%%Y-%%m-%%d %%H:%%M', r.started, 'unixepoch') AS date, "
        "%s AS commit_hash, r.branch AS branch, count(f.id) AS findings, "
        "coalesce(sum(f.id IS NOT NULL AND NOT f.suppressed), 0) AS active, "
        "coalesce(sum(f.kind = 'session' AND NOT f.suppressed), 0) AS session, "
        "coalesce(sum(f.kind = 'credential' AND NOT f.suppressed), 0) AS credential, "
        "coalesce(sum(f.kind = 'connector' AND NOT f.suppressed), 0) AS connector, "
        "coalesce(sum(f.kind = 'resource' AND NOT f.suppressed), 0) AS resource "
        "FROM runs r LEFT JOIN findings f ON f.run_id = r.id "
        "WHERE ?1 IS NULL OR r.branch = ?1 GROUP BY r.id) "
        "SELECT *, active - lag(active) OVER (ORDER BY run) AS change FROM per ORDER BY run",
        table ? "substr(r.commit_hash, 1, 12)" : "r.commit_hash");
    const char *params[] = {o.branch};
    rc = run_query("trend", st, sql, params, 1, format, o.output);
    free(sql);
    sl_store_close(st);
    free_opts(&o);
    return rc;
}

/* ---- triage ---- */

void sl_cmd_triage_help(FILE *out)
{
    fprintf(out,
            "usage: sesslint triage FINGERPRINT --status STATUS --reason TEXT [--db FILE]\n"
            "       sesslint triage FINGERPRINT --remove [--db FILE]\n"
            "       sesslint triage --list [--db FILE] [--format table|csv|json] [-o FILE]\n"
            "\n"
            "Record a decision about a finding in the database, keyed by its fingerprint, so\n"
            "it holds for every later run that reports the same finding, even after lines\n"
            "move.  FINGERPRINT is the full fingerprint or a unique prefix of at least 4\n"
            "digits ('sesslint findings' shows 12).  Findings triaged false-positive or\n"
            "intentional are reported as suppressed (with STATUS: TEXT as the reason) and do\n"
            "not fail the CI gate; confirmed ones stay active.  A new decision replaces the\n"
            "old one.\n"
            "\n"
            "Options:\n"
            "  --status STATUS  false-positive, intentional or confirmed\n"
            "  --reason TEXT    why (required)\n"
            "  --remove         forget the decision about FINGERPRINT\n"
            "  --list           list every decision with the latest finding it matches\n"
            "  --db FILE        database (default: .sesslint/findings.db in the work tree)\n"
            "  --format FORMAT  for --list: table (default), csv or json\n"
            "  -o FILE          for --list: write to FILE instead of standard output\n"
            "\n"
            "Exit codes: 0 recorded, 2 usage error, unknown or ambiguous fingerprint, or\n"
            "database error.\n");
}

int sl_cmd_triage(int argc, char **argv, const char *argv0)
{
    (void)argv0;
    static const int accept[] = {OPT_DB, OPT_FORMAT, OPT_STATUS, OPT_REASON, OPT_REMOVE,
                                 OPT_LIST, 0};
    static const char *const statuses[] = {"false-positive", "intentional", "confirmed", NULL};
    db_opts o;
    int rc = parse_opts("triage", argc, argv, accept, true, &o);
    if (rc)
        return rc;
    const char *format = table_format("triage", o.format, &rc);
    if (!rc && o.list) {
        if (o.pos.n || o.status || o.reason || o.remove)
            rc = sl_usage_error("triage", "--list takes no fingerprint, --status or --reason");
    } else if (!rc) {
        if (o.pos.n != 1)
            rc = sl_usage_error("triage", "give one FINGERPRINT (or --list)");
        else if (o.format || o.output)
            rc = sl_usage_error("triage", "--format and -o apply to --list only");
        else if (o.remove && (o.status || o.reason))
            rc = sl_usage_error("triage", "--remove takes no --status or --reason");
        else if (!o.remove && !o.status)
            rc = sl_usage_error("triage",
                                "--status is required (false-positive, intentional or confirmed)");
        else if (!o.remove && !one_of(o.status, statuses))
            rc = sl_usage_error("triage",
                                "unknown status '%s' (false-positive, intentional or confirmed)",
                                o.status);
        else if (!o.remove && (!o.reason || !*o.reason))
            rc = sl_usage_error("triage", "--reason is required: say why");
    }
    if (rc) {
        free_opts(&o);
        return rc;
    }
    sl_store *st = open_db("triage", o.db, o.list);
    if (!st) {
        free_opts(&o);
        return SL_EXIT_USAGE;
    }
    if (o.list) {
        bool table = strcmp(format, "table") == 0;
        char *sql = sl_xasprintf(
            "SELECT %s AS fingerprint, t.status AS status, t.reason AS reason, "
            "strftime('%%Y-%%m-%%d %%H:%%M:%%S', t.updated, 'unixepoch') AS updated, "
            "(SELECT f.rule || ' ' || f.file || ':' || f.line FROM findings f "
            "WHERE f.fingerprint = t.fingerprint ORDER BY f.id DESC LIMIT 1) AS latest "
            "FROM triage t ORDER BY t.updated, t.fingerprint",
            table ? "substr(t.fingerprint, 1, 12)" : "t.fingerprint");
        rc = run_query("triage", st, sql, NULL, 0, format, o.output);
        free(sql);
    } else {
        sl_error err;
        char *fp = NULL;
        int r = o.remove ? sl_store_remove_triage(st, o.pos.v[0], &fp, &err)
                         : sl_store_set_triage(st, o.pos.v[0], o.status, o.reason, &fp, &err);
        if (r != 0) {
            rc = fail_msg("triage", &err);
        } else {
            if (o.remove)
                fprintf(stderr, "sesslint triage: %s: decision removed\n", fp);
            else
                fprintf(stderr, "sesslint triage: %s: %s\n", fp, o.status);
            rc = SL_EXIT_OK;
        }
        free(fp);
    }
    sl_store_close(st);
    free_opts(&o);
    return rc;
}

/* ---- loading runs for diff and report ---- */

/* Resolve ref to its logical run (the shards of a commit form one), load
 * its findings and TUs and apply current triage.  Prints why not on
 * failure. */
static int load(const char *cmd, sl_store *st, const char *ref, sl_logical_run *out)
{
    memset(out, 0, sizeof *out);
    sl_error err;
    long long id;
    if (resolve(cmd, st, ref, &id) != 0)
        return -1;
    if (sl_logical_run_load(st, id, out, &err) != 0 ||
        sl_store_apply_triage(st, &out->fs, &err) != 0) {
        sl_logical_run_release(out);
        fail_msg(cmd, &err);
        return -1;
    }
    return 0;
}

/* ---- diff ---- */

void sl_cmd_diff_help(FILE *out)
{
    fprintf(out,
            "usage: sesslint diff BASE [HEAD] [--db FILE] [--format text|json|markdown|sarif]\n"
            "                     [-o FILE] [--repo-url URL] [--exit-code]\n"
            "\n"
            "Compare two stored runs: which findings are new in HEAD, which were fixed (in\n"
            "BASE only) and which are unchanged.  Findings are matched by fingerprint,\n"
            "which holds no line numbers, so moved or re-indented code still matches.\n"
            "BASE and HEAD are each a run id (#12, or 12), 'latest', a commit hash or unique\n"
            "prefix, or any revision git resolves in the current directory (HEAD~2,\n"
            "origin/main, a tag); a commit means its most recent run on a clean work\n"
            "tree (else its most recent run).  HEAD defaults to 'latest', the most recent\n"
            "run of all.  Current triage decisions are applied to both runs.  A run taken\n"
            "with --shard K/N stands with the other shards of its commit for one run.\n"
            "Only files both runs analyzed are compared: the others are listed as not\n"
            "analyzed (count and files), and their findings are neither new nor fixed\n"
            "(a file added or deleted between the two commits is compared).\n"
            "\n"
            "Options:\n"
            "  --format FORMAT  text (default): counts, then the findings of each group;\n"
            "                   json: {\"new\": [...], \"fixed\": [...], \"unchanged\": [...]};\n"
            "                   markdown: tables of new and fixed findings for a pull-request\n"
            "                   comment; sarif: SARIF 2.1.0 of HEAD's findings plus the fixed\n"
            "                   ones, each with baselineState new, unchanged or absent\n"
            "  --repo-url URL   with markdown: link each location to\n"
            "                   URL/blob/COMMIT/PATH#LLINE\n"
            "  -o FILE          write to FILE instead of standard output\n"
            "  --exit-code      exit 1 when HEAD has new findings that are not suppressed\n"
            "  --db FILE        database (default: .sesslint/findings.db in the work tree)\n"
            "\n"
            "Exit codes: 0 done, 1 new findings (only with --exit-code), 2 usage error,\n"
            "unknown or ambiguous reference, no run for a commit, or database error.\n");
}

int sl_cmd_diff(int argc, char **argv, const char *argv0)
{
    (void)argv0;
    static const int accept[] = {OPT_DB, OPT_FORMAT, OPT_REPO_URL, OPT_EXIT_CODE, 0};
    static const char *const formats[] = {"text", "json", "markdown", "sarif", NULL};
    db_opts o;
    int rc = parse_opts("diff", argc, argv, accept, true, &o);
    if (rc)
        return rc;
    const char *format = o.format ? o.format : "text";
    if (!one_of(format, formats))
        rc = sl_usage_error("diff", "unknown format '%s' (text, json, markdown or sarif)",
                            format);
    else if (o.pos.n < 1 || o.pos.n > 2)
        rc = sl_usage_error("diff", "give BASE and optionally HEAD");
    else if (o.repo_url && strcmp(format, "markdown") != 0)
        rc = sl_usage_error("diff", "--repo-url applies to --format markdown only");
    if (rc) {
        free_opts(&o);
        return rc;
    }
    sl_store *st = open_db("diff", o.db, true);
    if (!st) {
        free_opts(&o);
        return SL_EXIT_USAGE;
    }
    sl_logical_run base, head;
    if (load("diff", st, o.pos.v[0], &base) != 0) {
        sl_store_close(st);
        free_opts(&o);
        return SL_EXIT_USAGE;
    }
    if (load("diff", st, o.pos.n > 1 ? o.pos.v[1] : "latest", &head) != 0) {
        sl_logical_run_release(&base);
        sl_store_close(st);
        free_opts(&o);
        return SL_EXIT_USAGE;
    }
    sl_store_close(st);
    sl_findings_reroot(&base.fs, base.rec.root, head.rec.root);
    for (size_t i = 0; i < base.tus.n; i++)
        sl_path_reroot(&base.tus.v[i].file, base.rec.root, head.rec.root);
    free(base.rec.root);
    base.rec.root = sl_xstrdup(head.rec.root);

    /* only what both runs analyzed is compared (scope.h) */
    sl_scope scope;
    sl_scope_run bs = {&base.tus, base.rec.commit, base.rec.dirty};
    sl_scope_run hs = {&head.tus, head.rec.commit, head.rec.dirty};
    sl_scope_build(&bs, &hs, head.rec.root, NULL, &scope);
    sl_findings head_aside = {0};
    sl_scope_split(&scope, &base.fs, head.rec.root, true, NULL);
    sl_scope_split(&scope, &head.fs, head.rec.root, false, &head_aside);
    char *base_shards = sl_logical_run_shards(&base), *head_shards = sl_logical_run_shards(&head);

    sl_diff d;
    sl_diff_findings(&base.fs, &head.fs, &d);
    output out = {0};
    rc = SL_EXIT_USAGE;
    if (open_output("diff", o.output, &out) == 0) {
        sl_diff_ctx ctx = {
            .base = &base.rec,
            .head = &head.rec,
            .base_findings = &base.fs,
            .head_findings = &head.fs,
            .diff = &d,
            .repo_url = o.repo_url,
            .output_name = out.name,
            .scope = &scope,
            .head_aside = &head_aside,
            .base_shards = base_shards,
            .head_shards = head_shards,
        };
        sl_error err;
        int r;
        if (strcmp(format, "json") == 0)
            r = sl_diff_write_json(out.f, &ctx, &err);
        else if (strcmp(format, "markdown") == 0)
            r = sl_diff_write_markdown(out.f, &ctx, &err);
        else if (strcmp(format, "sarif") == 0)
            r = sl_diff_write_sarif(out.f, &ctx, &err);
        else
            r = sl_diff_write_text(out.f, &ctx, &err);
        int closed = close_output("diff", &out);
        if (r != 0) {
            fail_msg("diff", &err);
        } else if (closed == 0) {
            rc = SL_EXIT_OK;
            if (o.exit_code)
                for (size_t i = 0; i < d.e.n; i++)
                    if (d.e.v[i].state == SL_DIFF_NEW && !head.fs.v[d.e.v[i].head].suppressed)
                        rc = SL_EXIT_FINDINGS;
        }
    }
    sl_diff_free(&d);
    sl_scope_free(&scope);
    sl_findings_free(&head_aside);
    free(base_shards);
    free(head_shards);
    sl_logical_run_release(&base);
    sl_logical_run_release(&head);
    free_opts(&o);
    return rc;
}

/* ---- report ---- */

void sl_cmd_report_help(FILE *out)
{
    fprintf(out,
            "usage: sesslint report RUN [--format text|json|sarif|markdown|html] [-o FILE]\n"
            "                       [--repo-url URL] [--db FILE]\n"
            "\n"
            "Render a stored run without analyzing anything again.  RUN is a run id (#12),\n"
            "'latest', a commit hash or unique prefix, or a revision git resolves.  Current\n"
            "triage decisions are applied.  Paths are rebuilt under the root the run was\n"
            "taken in.  A run taken with --shard K/N is rendered with the other shards\n"
            "of its commit, as one run.\n"
            "\n"
            "Options:\n"
            "  --format FORMAT  text (default; compiler-style lines), json (docs/json.md),\n"
            "                   sarif (SARIF 2.1.0), markdown (one table) or html (one\n"
            "                   page with each finding's path on its source)\n"
            "  -o FILE          write to FILE instead of standard output\n"
            "  --repo-url URL   with markdown: link locations to URL/blob/COMMIT/PATH#LLINE\n"
            "  --db FILE        database (default: .sesslint/findings.db in the work tree)\n"
            "\n"
            "Exit codes: 0 done, 2 usage error, unknown run or database error.\n");
}

int sl_cmd_report(int argc, char **argv, const char *argv0)
{
    (void)argv0;
    static const int accept[] = {OPT_DB, OPT_FORMAT, OPT_REPO_URL, 0};
    static const char *const formats[] = {"text", "json", "sarif", "markdown", "html", NULL};
    db_opts o;
    int rc = parse_opts("report", argc, argv, accept, true, &o);
    if (rc)
        return rc;
    const char *format = o.format ? o.format : "text";
    if (!one_of(format, formats))
        rc = sl_usage_error("report", "unknown format '%s' (text, json, sarif, markdown or html)",
                            format);
    else if (o.pos.n != 1)
        rc = sl_usage_error("report", "give one RUN (a run id, latest, or a commit)");
    else if (o.repo_url && strcmp(format, "markdown") != 0)
        rc = sl_usage_error("report", "--repo-url applies to --format markdown only");
    if (rc) {
        free_opts(&o);
        return rc;
    }
    sl_store *st = open_db("report", o.db, true);
    if (!st) {
        free_opts(&o);
        return SL_EXIT_USAGE;
    }
    sl_logical_run run;
    sl_error err;
    if (load("report", st, o.pos.v[0], &run) != 0) {
        sl_store_close(st);
        free_opts(&o);
        return SL_EXIT_USAGE;
    }
    sl_store_close(st);
    output out = {0};
    rc = SL_EXIT_USAGE;
    if (open_output("report", o.output, &out) == 0) {
        sl_report_ctx ctx = {
            .findings = &run.fs,
            .tus = &run.tus,
            .rules = NULL,
            .root = run.rec.root,
            .tool_version = run.rec.tool_version,
            .commit = run.rec.commit,
            .output_name = out.name,
        };
        int r;
        if (strcmp(format, "json") == 0)
            r = sl_report_json(out.f, &ctx, &err);
        else if (strcmp(format, "sarif") == 0)
            r = sl_report_sarif(out.f, &ctx, &err);
        else if (strcmp(format, "markdown") == 0)
            r = sl_run_write_markdown(out.f, &run.rec, &run.fs, o.repo_url, out.name, &err);
        else if (strcmp(format, "html") == 0)
            r = sl_report_html(out.f, &ctx, &err);
        else
            r = sl_report_text(out.f, &ctx, &err);
        int closed = close_output("report", &out);
        if (r != 0)
            fail_msg("report", &err);
        else if (closed == 0)
            rc = SL_EXIT_OK;
    }
    sl_logical_run_release(&run);
    free_opts(&o);
    return rc;
}
