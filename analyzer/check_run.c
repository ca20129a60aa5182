/* check_run: see check_run.h. */
#include "check_run.h"

#include <errno.h>
#include <time.h>
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
#include "gitinfo.h"
#include "scope.h"
#include "store.h"
#include "sumfile.h"
#include "suppress.h"
#include "version.h"

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
    free(o->enable.v);
    free(o->summaries.v);
    memset(o, 0, sizeof *o);
}

/* Project root: the git work tree containing the current directory, else
 * the current directory.  Returns owned. */
static char *sl_project_root(void)
{
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd))
        return sl_xstrdup("/");
    char *root = sl_git_root(cwd);
    return root ? root : sl_xstrdup(cwd);
}

static void sl_print_summary(const sl_findings *fs, const sl_tu_results *tus)
{
    size_t shown = 0, by_kind[SL_KIND_COUNT] = {0};
    for (size_t i = 0; i < fs->n; i++)
        if (!fs->v[i].suppressed) {
            shown++;
            by_kind[(unsigned)fs->v[i].kind < SL_KIND_COUNT ? fs->v[i].kind : SL_KIND_RESOURCE]++;
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
        for (int k = 0; k < SL_KIND_COUNT; k++)
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
    size_t nk[3] = {0};
    for (size_t i = 0; i < tus->n; i++)
        for (size_t j = 0; j < tus->v[i].skipped.n; j++)
            nk[(unsigned)tus->v[i].skipped.v[j].kind < 3 ? tus->v[i].skipped.v[j].kind : 0]++;
    if (nk[0] + nk[1] + nk[2]) {
        static const char *const what[3][2] = {{"function", "functions"},
                                               {"handle", "handles"},
                                               {"parameter", "parameters"}};
        sl_strbuf_puts(&b, "; not checked:");
        const char *sep = " ";
        for (int k = 0; k < 3; k++)
            if (nk[k]) {
                sl_strbuf_printf(&b, "%s%zu %s", sep, nk[k], what[k][nk[k] != 1]);
                sep = ", ";
            }
        sl_strbuf_puts(&b, " (see the skipped.* warnings)");
    }
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

/* Where to store the run: --db, else the default under the project. */
static char *sl_db_path(const sl_check_opts *o)
{
    return o->db ? sl_xstrdup(o->db) : sl_default_db_path(NULL);
}

/* Run information for the store.  Strings are owned by the caller's out
 * parameters. */
static void sl_fill_run_info(const sl_check_opts *o, const char *root, const sl_tu_results *tus,
                             long long started, char **commit, char **branch,
                             const char *digest, char **command, sl_run_info *ri)
{
    bool dirty = false;
    sl_error gerr = {{0}};
    if (o->commit) {
        *commit = sl_xstrdup(o->commit);
    } else if (sl_git_head(root, commit, branch, &dirty, &gerr) != 0) {
        *commit = NULL;
        *branch = NULL;
    }
    bool failed = false;
    for (size_t i = 0; i < tus->n; i++)
        failed |= tus->v[i].status == SL_TU_FAILED;
    sl_strbuf cmd = {0};
    sl_strbuf_puts(&cmd, "sesslint check");
    for (size_t i = 0; i < o->paths.n; i++)
        sl_strbuf_printf(&cmd, " %s", o->paths.v[i]);
    if (o->build_dir)
        sl_strbuf_printf(&cmd, " -p %s", o->build_dir);
    if (o->shard.count)
        sl_strbuf_printf(&cmd, " --shard %d/%d", o->shard.index, o->shard.count);
    *command = sl_strbuf_detach(&cmd);
    memset(ri, 0, sizeof *ri);
    ri->commit = *commit;
    ri->branch = *branch;
    ri->dirty = dirty;
    ri->root = root;
    ri->tool_version = SESSLINT_VERSION;
    ri->rules_digest = digest;
    ri->status = failed ? "incomplete" : "complete";
    ri->command = *command;
    ri->started = started;
    ri->finished = (long long)time(NULL);
    ri->shard_index = o->shard.index;
    ri->shard_count = o->shard.count;
}

/* The rules of a run: the built-in ones, the opt-in sets named with
 * --enable (in the order given; a set named twice is loaded once), then
 * the --rules paths.  All or nothing; 0, or -1 with err set. */
static int sl_check_load_rules(const sl_check_opts *o, sl_ruleset *rules, sl_error *err)
{
    SL_VEC(const char *) paths = {0};
    SL_VEC(char *) owned = {0};
    int rc = 0;
    for (size_t i = 0; i < o->enable.n && !rc; i++) {
        char *p = sl_rules_optional_path(o->argv0, o->enable.v[i], err);
        if (!p) {
            rc = -1;
            break;
        }
        SL_VEC_PUSH(owned, p);
        SL_VEC_PUSH(paths, p);
    }
    for (size_t i = 0; i < o->rule_paths.n && !rc; i++)
        SL_VEC_PUSH(paths, o->rule_paths.v[i]);
    if (!rc)
        rc = sl_rules_load_all(rules, o->argv0, o->builtin_rules, paths.v, paths.n, err);
    for (size_t i = 0; i < owned.n; i++)
        free(owned.v[i]);
    free(owned.v);
    free(paths.v);
    return rc;
}

/* --shard and --summaries: keep the jobs of the shard, read the other
 * shards' summaries.  Prints why not and returns -1 on a bad file. */
static int sl_check_shard_inputs(const sl_check_opts *o, const char *root, const char *digest,
                                 sl_jobs *jobs, sl_imports *imports)
{
    size_t total = 0;
    sl_shard_filter(jobs, &o->shard, root, &total);
    if (o->shard.count && !o->quiet)
        fprintf(stderr, "sesslint: shard %d/%d: %zu of %zu translation units\n", o->shard.index,
                o->shard.count, jobs->n, total);
    char analysis[64];
    sl_sumfile_analysis((int)o->analysis.unknown_calls, o->analysis.max_states,
                        o->analysis.infer, analysis);
    for (size_t i = 0; i < o->summaries.n; i++) {
        sl_error err = {{0}};
        if (sl_sumfile_read(imports, o->summaries.v[i], root, digest, analysis, &err) != 0) {
            fprintf(stderr, "sesslint: %s\n", err.msg);
            return -1;
        }
    }
    return 0;
}

/* Write the summaries file of `sesslint summaries --export`; returns the
 * exit code: 3 when some translation unit could not be parsed (its
 * summaries are missing), 2 when the file cannot be written. */
static int sl_check_export(const sl_check_opts *o, const char *digest, const char *body,
                           const sl_tu_results *tus)
{
    char analysis[64];
    sl_sumfile_analysis((int)o->analysis.unknown_calls, o->analysis.max_states,
                        o->analysis.infer, analysis);
    sl_error err = {{0}};
    if (sl_sumfile_write(o->export_summaries, digest, analysis, o->shard.index, o->shard.count,
                         body, &err) != 0) {
        fprintf(stderr, "sesslint: %s\n", err.msg);
        return SL_EXIT_USAGE;
    }
    size_t failed = 0;
    for (size_t i = 0; i < tus->n; i++)
        failed += tus->v[i].status == SL_TU_FAILED;
    if (!o->quiet)
        fprintf(stderr, "sesslint: summaries of %zu translation unit%s written to %s%s\n",
                tus->n - failed, tus->n - failed == 1 ? "" : "s", o->export_summaries,
                failed ? " (some could not be parsed)" : "");
    return failed ? SL_EXIT_INCOMPLETE : SL_EXIT_OK;
}

int sl_check_main(const sl_check_opts *o)
{
    sl_error err = {{0}};
    sl_ruleset rules;
    sl_rules_init(&rules);
    sl_jobs jobs = {0};
    sl_strvec headers = {0}, notes = {0}; /* of the trees without -p */
    char tree_digest[65] = "";
    sl_findings fs = {0};
    sl_tu_results tus = {0};
    sl_summaries sums;
    sl_summaries_init(&sums);
    sl_store *st = NULL;
    char *root = NULL, *dbpath = NULL, *commit = NULL, *branch = NULL, *command = NULL;
    bool *is_new = NULL;
    sl_imports imports = {0};
    sl_scope scope = {0};
    char digest[65] = "";
    int rc = SL_EXIT_OK;
    long long started = (long long)time(NULL);

    if (sl_check_load_rules(o, &rules, &err) != 0) {
        fprintf(stderr, "sesslint: %s\n", err.msg);
        rc = SL_EXIT_USAGE;
        goto out;
    }
    sl_rules_digest(&rules, digest);
    int jr = o->build_dir
                 ? sl_jobs_from_compdb(&jobs, o->build_dir, o->paths.v, o->paths.n,
                                       o->extra_flags.v, o->extra_flags.n, &err)
                 : sl_jobs_discover(&jobs, &headers, &notes, o->paths.v, o->paths.n,
                                    o->extra_flags.v, o->extra_flags.n, &err);
    for (size_t i = 0; i < notes.n && !o->quiet; i++)
        fprintf(stderr, "%s\n", notes.v[i]);
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
    root = sl_project_root();
    if (sl_check_shard_inputs(o, root, digest, &jobs, &imports) != 0) {
        rc = SL_EXIT_USAGE;
        goto out;
    }
    /* The database is opened before the analysis: a locked, corrupt or
     * newer database is a configuration error found in a second, not after
     * the whole run.  With --no-db it is only read, for --baseline. */
    if ((!o->no_db || o->baseline) && !o->export_summaries) {
        dbpath = sl_db_path(o);
        if (sl_store_open(&st, dbpath, o->no_db, &err) != 0) {
            fprintf(stderr, "sesslint: %s\n", err.msg);
            rc = SL_EXIT_USAGE;
            goto out;
        }
        if (sl_store_load_summaries(st, digest, &rules, &sums, &err) != 0) {
            fprintf(stderr, "sesslint: %s\n", err.msg);
            rc = SL_EXIT_USAGE;
            goto out;
        }
    }
    sl_workers_opts wo = {0};
    wo.njobs = o->njobs > 0 ? o->njobs : sl_online_cpus();
    wo.quiet = o->quiet;
    wo.progress = !o->quiet && isatty(2);
    wo.analysis = &o->analysis;
    wo.cache = o->no_db || o->no_cache ? NULL : st;
    wo.rules_digest = digest;
    wo.tool_version = SESSLINT_VERSION;
    wo.no_pch = o->no_pch;
    wo.show_parse_errors = o->show_parse_errors;
    if (headers.n) {
        sl_paths_digest(&headers, tree_digest);
        wo.tree_headers = (const char *const *)headers.v;
        wo.ntree_headers = headers.n;
        wo.tree_digest = tree_digest;
    }
    wo.imports = &imports;
    wo.root = root;
    sl_strbuf exported = {0};
    if (o->export_summaries) {
        wo.summaries_only = true;
        wo.export_out = &exported;
    }
    size_t ncached = 0;
    sl_strvec stale = {0};
    wo.stale = &stale;
    int wr = jobs.n ? sl_workers_run(&jobs, &rules, &wo, &sums, &fs, &tus, &ncached, &err) : 0;
    if (stale.n && !o->quiet) {
        sl_strbuf b = {0};
        for (size_t i = 0; i < stale.n && i < 3; i++) {
            char *rel = sl_path_relative(stale.v[i], root);
            sl_strbuf_printf(&b, "%s%s", i ? ", " : "", rel);
            free(rel);
        }
        fprintf(stderr,
                "sesslint: note: %zu translation unit%s of other shards (%s%s) %s "
                "summarized before what %s call%s in other shards was known; findings can "
                "differ from an unsharded run where a summary depends on that: to rule it "
                "out, export the summaries again with --summaries FILE... of this round "
                "(docs/ci.md)\n",
                stale.n, stale.n == 1 ? "" : "s", b.s, stale.n > 3 ? ", ..." : "",
                stale.n == 1 ? "was" : "were", stale.n == 1 ? "it" : "they",
                stale.n == 1 ? "s" : "");
        sl_strbuf_release(&b);
    }
    sl_strvec_free(&stale);
    if (wr == 0 && o->export_summaries) {
        rc = sl_check_export(o, digest, exported.s, &tus);
        sl_strbuf_release(&exported);
        goto out;
    }
    sl_strbuf_release(&exported);
    if (wr != 0) {
        fprintf(stderr, "sesslint: %s\n", err.msg);
        rc = SL_EXIT_INCOMPLETE;
        goto out;
    }
    sl_findings_finalize(&fs, root);

    /* inline suppressions, in the analyzed files and the files of findings */
    {
        SL_VEC(const char *) files = {0};
        for (size_t i = 0; i < tus.n; i++)
            SL_VEC_PUSH(files, tus.v[i].file);
        sl_strbuf warnings = {0};
        if (sl_suppress_apply(&fs, files.v, files.n, &warnings, &err) != 0)
            fprintf(stderr, "sesslint: %s\n", err.msg);
        if (warnings.s && !o->quiet)
            fputs(warnings.s, stderr);
        sl_strbuf_release(&warnings);
        free(files.v);
    }
    if (st && sl_store_apply_triage(st, &fs, &err) != 0)
        fprintf(stderr, "sesslint: %s\n", err.msg);

    /* the gate's baseline, resolved before this run is stored */
    if (o->baseline) {
        long long base = 0;
        int r = sl_store_resolve_run(st, o->baseline, root, &base, &err);
        is_new = sl_xcalloc(fs.n + 1, sizeof *is_new);
        if (r == SL_STORE_NO_RUN || r != 0) {
            if (r == SL_STORE_NO_RUN && o->baseline_missing_all_new) {
                for (size_t i = 0; i < fs.n; i++)
                    is_new[i] = true;
                if (!o->quiet)
                    fprintf(stderr, "sesslint: no stored run for baseline '%s': every finding "
                                    "counts as new\n",
                            o->baseline);
            } else {
                fprintf(stderr, "sesslint: %s\n", r == SL_STORE_NO_RUN && !err.msg[0]
                                                       ? "no stored run for the baseline"
                                                       : err.msg);
                if (r == SL_STORE_NO_RUN)
                    fprintf(stderr, "sesslint: run 'sesslint check' on '%s' first, or pass "
                                    "--baseline-missing=all-new\n",
                            o->baseline);
                rc = SL_EXIT_USAGE;
                goto out;
            }
        } else {
            /* only what both runs analyzed is compared (scope.h) */
            char *hc = NULL, *hb = NULL;
            bool hd = false;
            sl_error gerr = {{0}};
            if (o->commit)
                hc = sl_xstrdup(o->commit);
            else if (sl_git_head(root, &hc, &hb, &hd, &gerr) != 0)
                hc = NULL;
            sl_scope_run hs = {&tus, hc, hd};
            int mr = sl_scope_mark_new(st, base, &fs, &hs, root, is_new, &scope, &err);
            free(hc);
            free(hb);
            if (mr != 0) {
                fprintf(stderr, "sesslint: %s\n", err.msg);
                rc = SL_EXIT_USAGE;
                goto out;
            }
        }
    }

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
    if (!o->quiet) {
        sl_print_summary(&fs, &tus);
        if (ncached)
            fprintf(stderr, "sesslint: %zu of %zu translation units unchanged, taken from the "
                            "cache\n",
                    ncached, tus.n);
    }

    /* store the run, then the summaries learned */
    if (st && !o->no_db) {
        sl_run_info ri;
        /* digest: of the rule files, taken before the run gained its
         * inferred rules (they follow from the sources analyzed) */
        sl_fill_run_info(o, root, &tus, started, &commit, &branch, digest, &command, &ri);
        ctx.commit = commit;
        long long run_id = 0;
        if (sl_store_save_run(st, &ri, &fs, &tus, &run_id, &err) != 0 ||
            sl_store_save_summaries(st, digest, &sums, &err) != 0) {
            fprintf(stderr, "sesslint: %s\n", err.msg);
            rc = SL_EXIT_INCOMPLETE;
            goto out;
        }
        if (!o->quiet)
            fprintf(stderr, "sesslint: stored as run #%lld in %s\n", run_id, dbpath);
    }

    bool failed = false, gate = false;
    size_t nnew = 0;
    for (size_t i = 0; i < tus.n; i++)
        failed |= tus.v[i].status == SL_TU_FAILED ||
                  (tus.v[i].skipped.n > 0 && !o->allow_partial);
    for (size_t i = 0; i < fs.n; i++) {
        if (fs.v[i].suppressed)
            continue;
        if (is_new && is_new[i])
            nnew++;
        if (o->fail_on == SL_FAIL_ANY || (o->fail_on == SL_FAIL_NEW && is_new && is_new[i]))
            gate = true;
    }
    if (is_new && !o->quiet) {
        fprintf(stderr, "sesslint: %zu new finding%s relative to %s\n", nnew,
                nnew == 1 ? "" : "s", o->baseline);
        sl_strbuf na = {0};
        sl_scope_describe(&scope, 10, &na);
        if (na.s)
            fprintf(stderr, "sesslint: %s\n", na.s);
        sl_strbuf_release(&na);
    }
    rc = failed ? SL_EXIT_INCOMPLETE : gate ? SL_EXIT_FINDINGS : SL_EXIT_OK;
out:
    if (st)
        sl_store_close(st);
    sl_scope_free(&scope);
    sl_imports_free(&imports);
    free(is_new);
    free(dbpath);
    free(commit);
    free(branch);
    free(command);
    free(root);
    sl_summaries_free(&sums);
    sl_findings_free(&fs);
    sl_tu_results_free(&tus);
    sl_jobs_free(&jobs);
    sl_strvec_free(&headers);
    sl_strvec_free(&notes);
    sl_rules_free(&rules);
    return rc;
}
