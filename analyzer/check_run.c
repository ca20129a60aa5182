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
#include "workers.h"

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

/* Project root: the git work tree containing the current directory, else
 * the current directory.  Returns owned. */
static char *sl_project_root(void)
{
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd))
        return sl_xstrdup("/");
    char *root = sl_find_upwards(cwd, ".git");
    return root ? root : sl_xstrdup(cwd);
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

    if (sl_rules_load_all(&rules, o->argv0, o->builtin_rules, o->rule_paths.v, o->rule_paths.n,
                          &err) != 0) {
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
    sl_workers_opts wo = {0};
    wo.njobs = o->njobs > 0 ? o->njobs : sl_online_cpus();
    wo.quiet = o->quiet;
    wo.progress = !o->quiet && isatty(2);
    wo.analysis = &o->analysis;
    sl_summaries sums;
    sl_summaries_init(&sums);
    int wr = sl_workers_run(&jobs, &rules, &wo, &sums, &fs, &tus, &err);
    sl_summaries_free(&sums);
    if (wr != 0) {
        fprintf(stderr, "sesslint: %s\n", err.msg);
        rc = SL_EXIT_INCOMPLETE;
        goto out;
    }
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
