/* cmd_summaries: `sesslint summaries` -- what sesslint learned about the
 * project's own functions (acquirers, releasers, transfers, partial
 * releasers), read from the database the last `sesslint check` filled.
 * With --format yaml it writes them as a rule file a user can review, edit
 * and pin with --rules.  Owns the store, rules and table it opens. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "cli.h"
#include "gitinfo.h"
#include "rules.h"
#include "store.h"
#include "summary.h"

void sl_cmd_summaries_help(FILE *out)
{
    fprintf(out,
            "usage: sesslint summaries [options] [FUNCTION...]\n"
            "\n"
            "Print what sesslint learned from the bodies of the project's functions:\n"
            "functions that return or write through a parameter an owned handle\n"
            "(acquirers), that release a parameter on every path (releasers) or only\n"
            "on some (partial releasers), and that store a parameter into a field of\n"
            "another (transfers), each with where it was learned.  Summaries are\n"
            "stored by 'sesslint check'; run it first.  With FUNCTION names, only\n"
            "those (also when there is nothing to say about them).\n"
            "\n"
            "Options:\n"
            "  --db FILE              the database (default .sesslint/findings.db at the\n"
            "                         top of the git work tree)\n"
            "  --rules FILE|DIR, --no-builtin-rules\n"
            "                         the rules the check ran with (summaries are kept\n"
            "                         per set of rules)\n"
            "  --format text|yaml     yaml: a rule file of what was learned, to review,\n"
            "                         edit and pin with 'sesslint check --rules FILE'\n"
            "  -o FILE                write there instead of standard output\n"
            "\n"
            "\n"
            "usage: sesslint summaries --export FILE [--shard K/N] [-p BUILD_DIR] [PATH...]\n"
            "                          [--summaries FILE...] [options] [-- PARSER-FLAGS...]\n"
            "\n"
            "First phase of a sharded run (docs/ci.md): parse the translation units of\n"
            "shard K of N (all of them without --shard), learn their functions' summaries\n"
            "and write them to FILE with what the other shards need to learn exactly\n"
            "what one run over every translation unit learns.  Nothing is analyzed or\n"
            "stored.  Then 'sesslint check --shard K/N --summaries FILE...' with the files\n"
            "of every shard.  Inputs and these options are those of 'sesslint check':\n"
            "  -p BUILD_DIR, PATH..., -- PARSER-FLAGS, --shard K/N, -j N, -q,\n"
            "  --rules FILE|DIR, --no-builtin-rules, --enable NAME,\n"
            "  --unknown-calls=escape|borrow, --max-states N, --no-infer\n"
            "(rules and analysis options must be the same in both phases: the check\n"
            "refuses a file exported with others).\n"
            "  --summaries FILE...    start from the files of an earlier round (when the\n"
            "                         check notes that some shard's summaries were learned\n"
            "                         before what they call in other shards was known)\n"
            "\n"
            "Exit status: 0, 2 when the database, rules or a file cannot be read or\n"
            "written, 3 (with --export) when some translation unit could not be parsed.\n");
}

/* "--opt=value" or "--opt value" (advancing *i): the value, or NULL. */
static const char *sl_optval(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    if (!strncmp(argv[*i], name, n) && argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (!strcmp(argv[*i], name) && *i + 1 < argc)
        return argv[++*i];
    return NULL;
}

/* `sesslint summaries --export FILE ...`: the options it shares with
 * check, into o (strings borrowed from argv).  Returns 0 or an exit code. */
static int sl_export_args(int argc, char **argv, sl_check_opts *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = NULL;
        if (!strcmp(a, "--")) {
            for (int k = i + 1; k < argc; k++)
                SL_VEC_PUSH(o->extra_flags, argv[k]);
            break;
        } else if (!strcmp(a, "-p") || !strncmp(a, "--build-dir", 11)) {
            v = !strcmp(a, "-p") ? (i + 1 < argc ? argv[++i] : NULL)
                                 : sl_optval(argc, argv, &i, "--build-dir");
            if (!v)
                return sl_usage_error("summaries", "%s needs a build directory", a);
            o->build_dir = v;
        } else if (!strncmp(a, "-p", 2) && a[2]) {
            o->build_dir = a + 2;
        } else if (!strncmp(a, "--export", 8)) {
            if (!(v = sl_optval(argc, argv, &i, "--export")) || !*v)
                return sl_usage_error("summaries", "--export needs a file name");
            o->export_summaries = v;
        } else if (!strncmp(a, "--shard", 7)) {
            sl_error err = {{0}};
            if (!(v = sl_optval(argc, argv, &i, "--shard")))
                return sl_usage_error("summaries", "--shard needs K/N (e.g. --shard 2/4)");
            if (sl_shard_parse(v, &o->shard, &err) != 0)
                return sl_usage_error("summaries", "%s", err.msg);
        } else if (!strncmp(a, "--summaries", 11)) {
            size_t before = o->summaries.n;
            if (a[11] == '=')
                SL_VEC_PUSH(o->summaries, a + 12);
            else
                while (i + 1 < argc && argv[i + 1][0] != '-')
                    SL_VEC_PUSH(o->summaries, argv[++i]);
            if (o->summaries.n == before)
                return sl_usage_error("summaries", "--summaries needs one or more files");
        } else if (!strncmp(a, "--rules", 7)) {
            if (!(v = sl_optval(argc, argv, &i, "--rules")))
                return sl_usage_error("summaries", "--rules needs a file or directory");
            SL_VEC_PUSH(o->rule_paths, v);
        } else if (!strcmp(a, "--no-builtin-rules")) {
            o->builtin_rules = false;
        } else if (!strncmp(a, "--enable", 8)) {
            if (!(v = sl_optval(argc, argv, &i, "--enable")) || !*v)
                return sl_usage_error("summaries", "--enable needs the name of a rule set");
            SL_VEC_PUSH(o->enable, v);
        } else if (!strncmp(a, "--unknown-calls", 15)) {
            if ((v = sl_optval(argc, argv, &i, "--unknown-calls")) && !strcmp(v, "escape"))
                o->analysis.unknown_calls = SL_UNKNOWN_ESCAPE;
            else if (v && !strcmp(v, "borrow"))
                o->analysis.unknown_calls = SL_UNKNOWN_BORROW;
            else
                return sl_usage_error("summaries", "--unknown-calls must be escape or borrow");
        } else if (!strncmp(a, "--max-states", 12)) {
            char *end = NULL;
            long m = (v = sl_optval(argc, argv, &i, "--max-states")) ? strtol(v, &end, 10) : 0;
            if (!v || *end || m < 1 || m > 100000)
                return sl_usage_error("summaries",
                                      "--max-states must be a number from 1 to 100000");
            o->analysis.max_states = (int)m;
        } else if (!strcmp(a, "--no-infer")) {
            o->analysis.infer = false;
        } else if (!strcmp(a, "-j") || !strncmp(a, "--jobs", 6) || (!strncmp(a, "-j", 2) && a[2])) {
            char *end = NULL;
            v = !strcmp(a, "-j") ? (i + 1 < argc ? argv[++i] : NULL)
                : a[1] == 'j'    ? a + 2
                                 : sl_optval(argc, argv, &i, "--jobs");
            long m = v ? strtol(v, &end, 10) : 0;
            if (!v || *end || m < 1 || m > 1024)
                return sl_usage_error("summaries", "-j needs a number of workers from 1 to 1024");
            o->njobs = (int)m;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            o->quiet = true;
        } else if (a[0] == '-' && a[1]) {
            return sl_usage_error("summaries", "unknown option '%s' with --export", a);
        } else {
            SL_VEC_PUSH(o->paths, a);
        }
    }
    if (!o->build_dir && o->paths.n == 0)
        return sl_usage_error("summaries", "--export: nothing to parse: give source files or "
                                           "directories, or -p BUILD_DIR");
    return 0;
}

/* `sesslint summaries --export FILE ...` */
static int sl_summaries_export(int argc, char **argv, const char *argv0)
{
    sl_check_opts o;
    sl_check_opts_init(&o);
    o.argv0 = argv0;
    o.no_db = true;
    int rc = sl_export_args(argc, argv, &o);
    if (!rc)
        rc = sl_check_main(&o);
    sl_check_opts_release(&o);
    return rc;
}

static bool sl_has_export(int argc, char **argv)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
        if (!strcmp(argv[i], "--export") || !strncmp(argv[i], "--export=", 9))
            return true;
    return false;
}

static void sl_params(sl_strbuf *b, unsigned mask)
{
    bool first = true;
    for (int i = 0; i < SL_MAX_PARAMS; i++)
        if ((mask >> i) & 1) {
            sl_strbuf_printf(b, "%s%d", first ? "" : ", ", i);
            first = false;
        }
}

static bool sl_wanted(const sl_summary *s, char **names, int nnames)
{
    if (nnames == 0)
        return sl_summary_is_interesting(s);
    for (int i = 0; i < nnames; i++)
        if (!strcmp(names[i], s->name))
            return true;
    return false;
}

static void sl_summary_text(sl_strbuf *b, const sl_summary *s, const char *root)
{
    char *rel = sl_path_relative(s->file ? s->file : "", root);
    if (s->is_global) {
        sl_strbuf_printf(b, "%s  (%s, a global)\n", s->name, rel);
        free(rel);
        if (s->has_const)
            sl_strbuf_printf(b, "  holds %lld across the run (its initializer; nothing stores "
                                "another value or takes its address)\n",
                             s->const_value);
        else
            sl_strbuf_puts(b, "  not one constant across the run\n");
        return;
    }
    sl_strbuf_printf(b, "%s  (%s:%u)\n", s->name, rel, s->line);
    free(rel);
    bool said = false;
    if (s->has_const) {
        sl_strbuf_printf(b, "  returns %lld on every path\n", s->const_value);
        said = true;
    }
    if (s->ret_res) {
        sl_strbuf_printf(b, "  returns an owned %s handle (%s)%s\n", s->ret_res->name,
                         sl_kind_name(s->ret_res->kind),
                         s->ret_composite ? ", inside a struct: free() alone leaks it" : "");
        said = true;
    }
    if (s->out_res) {
        char ok[48];
        sl_strbuf_printf(b, "  writes an owned %s handle through parameter %d (when it returns %s)\n",
                         s->out_res->name, s->out_param,
                         sl_valcond_format(s->out_ok, ok, sizeof ok));
        said = true;
    }
    if (s->releases_all) {
        sl_strbuf_puts(b, "  releases parameter ");
        sl_params(b, s->releases_all);
        if (s->rel_res)
            sl_strbuf_printf(b, " (%s)", s->rel_res->name);
        sl_strbuf_puts(b, " on every path\n");
        said = true;
    }
    if (s->releases_some) {
        sl_strbuf_puts(b, "  releases parameter ");
        sl_params(b, s->releases_some);
        sl_strbuf_puts(b, " on some paths only\n");
        if (s->rel_if_param >= 0 && s->rel_if_usr) {
            char cond[48];
            const char *g = strrchr(s->rel_if_usr, '@');
            sl_strbuf_printf(b, "    parameter %d: on every path when the global '%s' is %s, on "
                                "none otherwise\n",
                             s->rel_if_param, g ? g + 1 : s->rel_if_usr,
                             sl_valcond_format(s->rel_if, cond, sizeof cond));
        }
        said = true;
    }
    if (s->rel_global_usr) {
        const char *g = strrchr(s->rel_global_usr, '@');
        sl_strbuf_printf(b, "  releases what the global '%s' holds on every path", g ? g + 1 : s->rel_global_usr);
        if (s->rel_global_res)
            sl_strbuf_printf(b, " (%s)", s->rel_global_res->name);
        sl_strbuf_puts(b, "\n");
        said = true;
    }
    for (int i = 0; i < SL_MAX_PARAMS; i++)
        if (s->xfer_to[i] >= 0) {
            sl_strbuf_printf(b, "  stores parameter %d into field '%s' of parameter %d\n", i,
                             s->xfer_field[i] ? s->xfer_field[i] : "?", s->xfer_to[i]);
            said = true;
        }
    if (s->escapes) {
        sl_strbuf_puts(b, "  keeps parameter ");
        sl_params(b, s->escapes);
        sl_strbuf_puts(b, " (stores, returns or hands it on)\n");
        if (s->keep_if_param >= 0) {
            char cond[48];
            sl_strbuf_printf(b, "    parameter %d only when it returns %s\n", s->keep_if_param,
                             sl_valcond_format(s->keep_if, cond, sizeof cond));
        }
        if (s->escapes_weak) {
            sl_strbuf_puts(b, "    of which only handed to calls sesslint cannot see: ");
            sl_params(b, s->escapes_weak);
            sl_strbuf_puts(b, "\n");
        }
        said = true;
    }
    if (!said)
        sl_strbuf_puts(b, "  only uses its parameters\n");
}

/* The releases of a resource, as YAML flow entries. */
static void sl_yaml_releases(sl_strbuf *b, const sl_resource *r, const sl_summaries *t)
{
    bool first = true;
    for (size_t i = 0; i < r->release.n; i++) {
        sl_strbuf_printf(b, "%s{fn: %s, arg: %d}", first ? "" : ", ", r->release.v[i].fn,
                         r->release.v[i].arg);
        first = false;
    }
    for (size_t i = 0; i < t->v.n; i++) {
        const sl_summary *s = t->v.v[i];
        if (s->rel_res != r || !s->releases_all)
            continue;
        for (int p = 0; p < SL_MAX_PARAMS; p++)
            if ((s->releases_all >> p) & 1) {
                sl_strbuf_printf(b, "%s{fn: %s, arg: %d}", first ? "" : ", ", s->name, p);
                first = false;
                break;
            }
    }
}

static void sl_summaries_yaml(sl_strbuf *b, const sl_summaries *t, char **names, int nnames,
                              const char *root)
{
    sl_strbuf_puts(b, "# Learned by sesslint from the bodies of this project's functions.\n"
                      "# Review, edit, and pin with: sesslint check --rules FILE\n"
                      "library: learned\n"
                      "resources:\n");
    size_t nres = 0;
    for (size_t i = 0; i < t->v.n; i++) {
        const sl_summary *s = t->v.v[i];
        const sl_resource *r = s->ret_res ? s->ret_res : s->out_res;
        if (!r || !sl_wanted(s, names, nnames))
            continue;
        char *rel = sl_path_relative(s->file ? s->file : "", root);
        sl_strbuf_printf(b, "  learned.%s:            # %s:%u\n", s->name, rel, s->line);
        free(rel);
        sl_strbuf_printf(b, "    kind: %s\n", sl_kind_name(r->kind));
        char ok[48];
        if (s->ret_res)
            sl_strbuf_printf(b, "    acquire: [{fn: %s}]\n", s->name);
        else
            sl_strbuf_printf(b, "    acquire: [{fn: %s, out: %d, success: \"%s\"}]\n", s->name,
                             s->out_param, sl_valcond_format(s->out_ok, ok, sizeof ok));
        sl_strbuf_puts(b, "    release: [");
        sl_yaml_releases(b, r, t);
        sl_strbuf_puts(b, "]\n");
        nres++;
    }
    if (nres == 0)
        sl_strbuf_puts(b, "  {}\n");
    bool any = false;
    for (size_t i = 0; i < t->v.n; i++) {
        const sl_summary *s = t->v.v[i];
        if (!sl_wanted(s, names, nnames))
            continue;
        for (int p = 0; p < SL_MAX_PARAMS; p++)
            if (s->xfer_to[p] >= 0) {
                if (!any)
                    sl_strbuf_puts(b, "transfers:\n");
                any = true;
                sl_strbuf_printf(b, "  - {fn: %s, args: [%d], to: %d}   # into field '%s'\n",
                                 s->name, p, s->xfer_to[p], s->xfer_field[p] ? s->xfer_field[p] : "");
            }
    }
}

int sl_cmd_summaries(int argc, char **argv, const char *argv0)
{
    const char *db = NULL, *output = NULL;
    bool yaml = false, builtin = true;
    SL_VEC(const char *) rule_paths = {0};
    SL_VEC(char *) names = {0};
    int rc = SL_EXIT_OK;
    sl_ruleset rules;
    sl_rules_init(&rules);
    sl_summaries table;
    sl_summaries_init(&table);
    sl_store *st = NULL;
    char *dbpath = NULL, *root = NULL;
    if (sl_has_export(argc, argv)) {
        rc = sl_summaries_export(argc, argv, argv0);
        goto out;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--db") && i + 1 < argc)
            db = argv[++i];
        else if (!strncmp(a, "--db=", 5))
            db = a + 5;
        else if (!strcmp(a, "--rules") && i + 1 < argc)
            SL_VEC_PUSH(rule_paths, argv[++i]);
        else if (!strncmp(a, "--rules=", 8))
            SL_VEC_PUSH(rule_paths, a + 8);
        else if (!strcmp(a, "--no-builtin-rules"))
            builtin = false;
        else if ((!strcmp(a, "--format") && i + 1 < argc) || !strncmp(a, "--format=", 9)) {
            const char *v = a[8] == '=' ? a + 9 : argv[++i];
            if (!strcmp(v, "yaml"))
                yaml = true;
            else if (strcmp(v, "text")) {
                rc = sl_usage_error("summaries", "--format must be text or yaml");
                goto out;
            }
        } else if (!strcmp(a, "-o") && i + 1 < argc)
            output = argv[++i];
        else if (a[0] == '-') {
            rc = sl_usage_error("summaries", "unknown option '%s'", a);
            goto out;
        } else
            SL_VEC_PUSH(names, argv[i]);
    }
    sl_error err = {{0}};
    if (sl_rules_load_all(&rules, argv0, builtin, rule_paths.v, rule_paths.n, &err) != 0) {
        fprintf(stderr, "sesslint summaries: %s\n", err.msg);
        rc = SL_EXIT_USAGE;
        goto out;
    }
    dbpath = db ? sl_xstrdup(db) : sl_default_db_path(NULL);
    if (sl_store_open(&st, dbpath, true, &err) != 0) {
        fprintf(stderr, "sesslint summaries: %s\n", err.msg);
        rc = SL_EXIT_USAGE;
        goto out;
    }
    char digest[65];
    sl_rules_digest(&rules, digest);
    if (sl_store_load_summaries(st, digest, &rules, &table, &err) != 0) {
        fprintf(stderr, "sesslint summaries: %s\n", err.msg);
        rc = SL_EXIT_USAGE;
        goto out;
    }
    root = sl_git_root(".");
    if (!root)
        root = sl_path_absolute(".");
    sl_strbuf b = {0};
    if (yaml) {
        sl_summaries_yaml(&b, &table, names.v, (int)names.n, root);
    } else {
        size_t shown = 0;
        for (size_t i = 0; i < table.v.n; i++)
            if (sl_wanted(table.v.v[i], names.v, (int)names.n)) {
                sl_summary_text(&b, table.v.v[i], root);
                shown++;
            }
        if (!shown)
            sl_strbuf_printf(&b, "no summaries%s in %s (run 'sesslint check' first, with the "
                                 "same rules)\n",
                             names.n ? " for those functions" : "", dbpath);
    }
    FILE *out = output ? fopen(output, "w") : stdout;
    if (!out) {
        fprintf(stderr, "sesslint summaries: %s: cannot write\n", output);
        rc = SL_EXIT_USAGE;
    } else {
        fputs(b.s ? b.s : "", out);
        if (output && fclose(out) != 0) {
            fprintf(stderr, "sesslint summaries: %s: write error\n", output);
            rc = SL_EXIT_USAGE;
        }
    }
    sl_strbuf_release(&b);
out:
    if (st)
        sl_store_close(st);
    free(dbpath);
    free(root);
    free(rule_paths.v);
    free(names.v);
    sl_summaries_free(&table);
    sl_rules_free(&rules);
    return rc;
}
