/* check_run: see check_run.h. */
#include "check_run.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "findings.h"
#include "frontend.h"
#include "inputs.h"
#include "report.h"
#include "rules.h"

void sl_check_opts_init(sl_check_opts *o)
{
    memset(o, 0, sizeof *o);
    o->builtin_rules = true;
    o->format = SL_FORMAT_TEXT;
    sl_analysis_opts_default(&o->analysis);
}

void sl_check_opts_release(sl_check_opts *o)
{
    free(o->paths.v);
    free(o->extra_flags.v);
    free(o->rule_paths.v);
    memset(o, 0, sizeof *o);
}

int sl_check_load_rules(sl_ruleset *rs, const char *argv0, bool builtin,
                        const char *const *paths, size_t npaths, sl_error *err)
{
    if (builtin) {
        char *dir = sl_rules_builtin_dir(argv0, err);
        if (!dir)
            return -1;
        int rc = sl_rules_load_path(rs, dir, err);
        free(dir);
        if (rc != 0)
            return -1;
    }
    for (size_t i = 0; i < npaths; i++)
        if (sl_rules_load_path(rs, paths[i], err) != 0)
            return -1;
    if (rs->resources.n == 0)
        return sl_error_set(err, "no rules loaded: give --rules FILE or drop --no-builtin-rules");
    return 0;
}

/* Project root: the git work tree containing the current directory, else
 * the current directory.  Returns owned. */
static char *sl_project_root(void)
{
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd))
        return sl_xstrdup("/");
    char *dir = sl_xstrdup(cwd);
    for (int guard = 0; guard < 128; guard++) {
        char *git = sl_path_join(dir, ".git");
        bool found = access(git, F_OK) == 0;
        free(git);
        if (found)
            return dir;
        if (!strcmp(dir, "/"))
            break;
        char *up = sl_path_dirname(dir);
        free(dir);
        dir = up;
    }
    free(dir);
    return sl_xstrdup(cwd);
}

static void sl_print_summary(const sl_findings *fs, const sl_tu_results *tus)
{
    size_t shown = 0, by_kind[4] = {0};
    for (size_t i = 0; i < fs->n; i++)
        if (!fs->v[i].suppressed) {
            shown++;
            by_kind[fs->v[i].kind]++;
        }
    size_t failed = 0, errs = 0;
    for (size_t i = 0; i < tus->n; i++) {
        if (tus->v[i].status == SL_TU_FAILED)
            failed++;
        else if (tus->v[i].status == SL_TU_PARSE_ERRORS)
            errs++;
    }
    sl_strbuf b = {0};
    sl_strbuf_printf(&b, "sesslint: %zu finding%s", shown, shown == 1 ? "" : "s");
    if (shown) {
        sl_strbuf_puts(&b, " (");
        bool first = true;
        for (int k = 0; k < 4; k++)
            if (by_kind[k]) {
                sl_strbuf_printf(&b, "%s%zu %s", first ? "" : ", ", by_kind[k],
                                 sl_kind_name((sl_kind)k));
                first = false;
            }
        sl_strbuf_puts(&b, ")");
    }
    sl_strbuf_printf(&b, " in %zu translation unit%s", tus->n, tus->n == 1 ? "" : "s");
    if (errs)
        sl_strbuf_printf(&b, "; %zu with parse errors (analyzed what parsed)", errs);
    if (failed)
        sl_strbuf_printf(&b, "; %zu could not be analyzed", failed);
    fprintf(stderr, "%s\n", b.s);
    sl_strbuf_release(&b);
}

/* Analyze every job; findings and per-TU results are appended. */
static void sl_check_jobs(const sl_check_opts *o, const sl_ruleset *rules, const sl_jobs *jobs,
                          sl_findings *fs, sl_tu_results *tus)
{
    CXIndex idx = clang_createIndex(0, 0);
    for (size_t i = 0; i < jobs->n; i++) {
        const sl_job *j = &jobs->v[i];
        sl_parse_input in = {0};
        in.file = j->file;
        in.directory = j->directory;
        in.args = (const char *const *)j->args.v;
        in.nargs = (int)j->args.n;
        sl_parse_report rep = {0};
        sl_error err = {{0}};
        sl_tu *tu = sl_frontend_parse(idx, &in, &rep, &err);
        sl_tu_result r = {0};
        r.file = sl_xstrdup(j->file);
        r.nerrors = rep.nerrors;
        if (!tu) {
            r.status = SL_TU_FAILED;
            r.message = sl_xstrdup(err.msg);
            fprintf(stderr, "%s: error: %s\n", j->file, err.msg);
        } else {
            r.status = rep.nerrors ? SL_TU_PARSE_ERRORS : SL_TU_OK;
            r.message = rep.first_error ? sl_xstrdup(rep.first_error) : NULL;
            if (rep.nerrors && !o->quiet)
                fputs(rep.diags.s, stderr);
            r.nfunctions = (unsigned)tu->funcs.n;
            for (size_t k = 0; k < tu->funcs.n; k++)
                if (tu->funcs.v[k]->skip_reason && !o->quiet)
                    fprintf(stderr, "%s:%u:%u: warning: function '%s' not analyzed: %s\n",
                            tu->file, tu->funcs.v[k]->loc.line, tu->funcs.v[k]->loc.col,
                            tu->funcs.v[k]->name, tu->funcs.v[k]->skip_reason);
            sl_analyze_tu(tu, rules, &o->analysis, fs);
            sl_tu_free(tu);
        }
        sl_parse_report_release(&rep);
        SL_VEC_PUSH(*tus, r);
    }
    clang_disposeIndex(idx);
}

static int sl_write_report(const sl_check_opts *o, const sl_report_ctx *ctx)
{
    sl_error err = {{0}};
    FILE *out = NULL;
    if (o->output) {
        out = fopen(o->output, "w");
        if (!out) {
            fprintf(stderr, "sesslint: %s: cannot write: %s\n", o->output, strerror(errno));
            return -1;
        }
    } else {
        out = o->format == SL_FORMAT_TEXT ? stderr : stdout;
    }
    int rc;
    switch (o->format) {
    case SL_FORMAT_JSON: rc = sl_report_json(out, ctx, &err); break;
    case SL_FORMAT_SARIF: rc = sl_report_sarif(out, ctx, &err); break;
    case SL_FORMAT_HTML: rc = sl_report_html(out, ctx, &err); break;
    default: rc = sl_report_text(out, ctx, &err); break;
    }
    if (o->output) {
        if (fclose(out) != 0 && rc == 0)
            rc = sl_error_set(&err, "%s: write error: %s", o->output, strerror(errno));
    } else {
        fflush(out);
    }
    if (rc != 0)
        fprintf(stderr, "sesslint: %s\n", err.msg);
    return rc;
}

int sl_check_main(const sl_check_opts *o)
{
    sl_error err = {{0}};
    sl_ruleset rules;
    sl_rules_init(&rules);
    sl_jobs jobs = {0};
    sl_findings fs = {0};
    sl_tu_results tus = {0};
    char *root = NULL;
    int rc = SL_EXIT_OK;

    if (sl_check_load_rules(&rules, o->argv0, o->builtin_rules, o->rule_paths.v,
                            o->rule_paths.n, &err) != 0) {
        fprintf(stderr, "sesslint: %s\n", err.msg);
        rc = SL_EXIT_USAGE;
        goto out;
    }
    int jr = o->build_dir
                 ? sl_jobs_from_compdb(&jobs, o->build_dir, o->paths.v, o->paths.n,
                                       o->extra_flags.v, o->extra_flags.n, &err)
                 : sl_jobs_from_paths(&jobs, o->paths.v, o->paths.n, o->extra_flags.v,
                                      o->extra_flags.n, &err);
    if (jr != 0) {
        fprintf(stderr, "sesslint: %s\n", err.msg);
        rc = SL_EXIT_USAGE;
        goto out;
    }
    if (jobs.n == 0) {
        fprintf(stderr, "sesslint: no C or C++ sources to analyze in the given %s\n",
                o->build_dir ? "compilation database" : "paths");
        rc = SL_EXIT_USAGE;
        goto out;
    }
    sl_check_jobs(o, &rules, &jobs, &fs, &tus);
    root = sl_project_root();
    sl_findings_finalize(&fs, root);

    sl_report_ctx ctx = {0};
    ctx.findings = &fs;
    ctx.tus = &tus;
    ctx.rules = &rules;
    ctx.root = root;
    ctx.tool_version = SESSLINT_VERSION;
    ctx.output_name = o->output;
    if (sl_write_report(o, &ctx) != 0) {
        rc = SL_EXIT_USAGE;
        goto out;
    }
    if (!o->quiet)
        sl_print_summary(&fs, &tus);
    bool failed = false, any = false;
    for (size_t i = 0; i < tus.n; i++)
        failed |= tus.v[i].status == SL_TU_FAILED;
    for (size_t i = 0; i < fs.n; i++)
        any |= !fs.v[i].suppressed;
    rc = failed ? SL_EXIT_INCOMPLETE : any ? SL_EXIT_FINDINGS : SL_EXIT_OK;
out:
    free(root);
    sl_findings_free(&fs);
    sl_tu_results_free(&tus);
    sl_jobs_free(&jobs);
    sl_rules_free(&rules);
    return rc;
}
