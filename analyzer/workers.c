/* workers: see workers.h.
 *
 * Protocol (text lines over two pipes per worker; strings escaped with
 * \\, \t, \n):
 *   parent -> worker
 *     P idx        parse and lower job idx, learn its summaries
 *     U n          n summary lines follow: merge them into the worker's table
 *     R            re-learn summaries of every TU held
 *     A            analyze every TU held
 *     X idx        parse and analyze job idx (replacing a dead worker)
 *     Q            quit
 *   worker -> parent (each reply ends with a line ".")
 *     T idx status nerrors nfunctions message   the TU's result
 *     D text                                    parse diagnostics to show
 *     S summary                                 a learned summary
 *     B idx / E idx                             analysis of idx begins / ends
 *     F idx finding...                          a finding
 *     O idx kind line col file function what reason
 *                                               code not checked (sl_skip)
 *     Y name file line ret_type ret_int nparams (type depth)x4
 *                                               an inference candidate (sl_decl)
 *     Z name                                    a function the TU defines
 *   parent -> worker, before U when rules were inferred for the run
 *     L n          n lines "name library yaml": load them (once)
 */
#include "workers.h"

#include <errno.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "declpool.h"
#include "frontend.h"
#include "infer.h"
#include "pch.h"
#include "pyfront.h"
#include "store.h"
#include "sumfile.h"

int sl_online_cpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

static int sl_cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* ---- escaping: sl_sumfile_esc / sl_sumfile_unesc (sumfile.h) ---- */


/* Split a line on tabs into at most max fields (in place). */
static int sl_split(char *line, char **f, int max)
{
    int n = 0;
    char *nl = strchr(line, '\n');
    if (nl)
        *nl = 0;
    while (n < max) {
        f[n++] = line;
        char *t = strchr(line, '\t');
        if (!t)
            break;
        *t = 0;
        line = t + 1;
    }
    return n;
}

/* ---- one job ------------------------------------------------------ */

/* Parse and lower job i (after its shared precompiled header when the
 * plan pch has one).  *out gets the TU (NULL when it failed), r the result,
 * diag the diagnostics to show. */
static void sl_job_parse(CXIndex idx, const sl_job *j, sl_pch *pch, size_t i,
                         const sl_workers_opts *o, bool collect_decls, sl_tu **out,
                         sl_tu_result *r, sl_strbuf *diag)
{
    const char *crash = getenv("SESSLINT_TEST_CRASH");
    if (crash && *crash && strstr(j->file, crash))
        abort(); /* test hook: a crash while parsing this TU */
    memset(r, 0, sizeof *r);
    r->file = sl_xstrdup(j->file);
    *out = NULL;
    if (access(j->file, R_OK) != 0) {
        r->status = SL_TU_FAILED;
        r->message = sl_xasprintf("cannot read: %s", strerror(errno));
        sl_strbuf_printf(diag, "%s: error: %s\n", j->file, r->message);
        return;
    }
    sl_parse_input in = {0};
    in.file = j->file;
    in.directory = j->directory;
    in.args = (const char *const *)j->args.v;
    in.nargs = (int)j->args.n;
    in.pch = sl_pch_get(pch, idx, i, &in.pch_files, &in.npch_files);
    in.collect_decls = collect_decls;
    in.show_all_errors = o->show_parse_errors;
    if (!j->from_compdb) {
        in.tree_headers = o->tree_headers;
        in.ntree_headers = o->ntree_headers;
    }
    sl_parse_report rep = {0};
    sl_error err = {{0}};
    sl_tu *tu = sl_is_python_name(j->file) ? sl_py_parse(j->file, NULL, &rep, &err)
                                           : sl_frontend_parse(idx, &in, &rep, &err);
    r->nerrors = rep.nerrors;
    if (!tu) {
        r->status = SL_TU_FAILED;
        r->message = sl_xstrdup(err.msg);
        sl_strbuf_printf(diag, "%s: error: %s\n", j->file, err.msg);
    } else {
        r->status = rep.nerrors ? SL_TU_PARSE_ERRORS : SL_TU_OK;
        r->message = rep.first_error ? sl_xstrdup(rep.first_error) : NULL;
        if (rep.diags.s) /* shown unless quiet, by the parent: cached with the TU */
            sl_strbuf_puts(diag, rep.diags.s);
        r->nfunctions = (unsigned)tu->funcs.n;
        *out = tu;
    }
    sl_parse_report_release(&rep);
}

/* ---- serialization ---------------------------------------------------- */

static void sl_put_result(sl_strbuf *b, size_t idx, const sl_tu_result *r, const char *diag)
{
    sl_strbuf_printf(b, "T\t%zu\t%d\t%u\t%u\t", idx, (int)r->status, r->nerrors, r->nfunctions);
    sl_sumfile_esc(b, r->message);
    sl_strbuf_puts(b, "\n");
    if (diag && *diag) {
        sl_strbuf_puts(b, "D\t");
        sl_sumfile_esc(b, diag);
        sl_strbuf_puts(b, "\n");
    }
}

static void sl_put_summaries_of(sl_strbuf *b, const sl_tu *tu, const sl_summaries *table)
{
    for (size_t i = 0; i < tu->funcs.n; i++) {
        const sl_summary *s = sl_summaries_get(table, tu->funcs.v[i]->usr);
        if (!s)
            continue;
        sl_strbuf_puts(b, "S\t");
        sl_summary_format(b, s);
    }
}

/* A "C usr" line for a table entry the TU depends on, once (seen). */
static void sl_put_dependency(sl_strbuf *b, sl_summaries *seen, const char *usr)
{
    if (!usr || !*usr || sl_summaries_get(seen, usr))
        return;
    sl_summary mark;
    sl_summary_init(&mark);
    mark.usr = (char *)usr;
    sl_summaries_put(seen, &mark);
    sl_strbuf_puts(b, "C\t");
    sl_sumfile_esc(b, usr);
    sl_strbuf_puts(b, "\n");
}

/* What the cache needs to know about a TU: the files it included, the
 * functions it defines and the functions it calls that it does not define. */
static void sl_put_tu_facts(sl_strbuf *b, const sl_tu *tu)
{
    for (size_t i = 0; i < tu->includes.n; i++) {
        sl_strbuf_puts(b, "I\t");
        sl_sumfile_esc(b, tu->includes.v[i]);
        sl_strbuf_puts(b, "\n");
    }
    sl_summaries seen;
    sl_summaries_init(&seen);
    for (size_t i = 0; i < tu->funcs.n; i++) {
        const sl_func *f = tu->funcs.v[i];
        if (f->usr && *f->usr) {
            sl_strbuf_puts(b, "N\t");
            sl_sumfile_esc(b, f->usr);
            sl_strbuf_puts(b, "\n");
        }
        for (size_t k = 0; k < f->blocks.n; k++)
            for (size_t j = 0; j < f->blocks.v[k]->events.n; j++) {
                const sl_event *e = &f->blocks.v[k]->events.v[j];
                if (e->kind == SL_EV_CALL && !e->callee_has_body)
                    sl_put_dependency(b, &seen, e->callee_usr);
            }
    }
    /* globals with external linkage it reads: their program-wide values
     * are entries of the table too */
    for (size_t i = 0; i < tu->funcs.n; i++) {
        const sl_func *f = tu->funcs.v[i];
        for (size_t v = 0; v < f->vars.n; v++) {
            const sl_var *var = &f->vars.v[v];
            if (var->kind == SL_VAR_GLOBAL &&
                !(var->global_index >= 0 && tu->globals.v[var->global_index].is_static))
                sl_put_dependency(b, &seen, var->usr);
        }
    }
    sl_summaries_free(&seen);
    /* inference candidates, and the names it defines (which are never
     * inferred) */
    for (size_t i = 0; i < tu->decls.n; i++) {
        const sl_decl *d = &tu->decls.v[i];
        sl_strbuf_puts(b, "Y\t");
        sl_sumfile_esc(b, d->name);
        sl_strbuf_puts(b, "\t");
        sl_sumfile_esc(b, d->file);
        sl_strbuf_printf(b, "\t%u\t", d->line);
        sl_sumfile_esc(b, d->ret_type);
        sl_strbuf_printf(b, "\t%d\t%d", d->ret_int, d->nparams);
        for (int k = 0; k < SL_DECL_PARAMS; k++) {
            sl_strbuf_puts(b, "\t");
            sl_sumfile_esc(b, d->param_type[k]);
            sl_strbuf_printf(b, "\t%d", d->param_depth[k]);
        }
        sl_strbuf_puts(b, "\n");
    }
    for (size_t i = 0; tu->decls.n && i < tu->funcs.n; i++) {
        sl_strbuf_puts(b, "Z\t");
        sl_sumfile_esc(b, tu->funcs.v[i]->name);
        sl_strbuf_puts(b, "\n");
    }
    /* what it does to them: "W usr name flags init wvalue", flags d
     * (defines), k (with a constant), w (stores), c (only wvalue), x (stores
     * something else or takes the address) */
    sl_global_uses uses = {0};
    sl_tu_global_uses(tu, &uses);
    for (size_t i = 0; i < uses.n; i++) {
        const sl_global_use *u = &uses.v[i];
        sl_strbuf_puts(b, "W\t");
        sl_sumfile_esc(b, u->usr);
        sl_strbuf_puts(b, "\t");
        sl_sumfile_esc(b, u->name ? u->name : "");
        sl_strbuf_printf(b, "\t%s%s%s%s%s-\t%lld\t%lld\n", u->defined ? "d" : "",
                         u->def_const ? "k" : "", u->written ? "w" : "",
                         u->const_writes ? "c" : "", u->other_writes ? "x" : "", u->init,
                         u->wvalue);
    }
    free(uses.v);
}

static void sl_put_finding(sl_strbuf *b, size_t idx, const sl_finding *f)
{
    sl_strbuf_printf(b, "F\t%zu", idx);
    const char *strs[] = {f->rule_id, f->resource, f->library, f->loc.file, f->function,
                          f->handle, f->acquire_fn, f->acquire_loc.file, f->message};
    for (size_t i = 0; i < sizeof strs / sizeof *strs; i++) {
        sl_strbuf_puts(b, "\t");
        sl_sumfile_esc(b, strs[i]);
    }
    sl_strbuf_printf(b, "\t%d\t%u\t%u\t%u\t%u\t%zu", (int)f->kind, f->loc.line, f->loc.col,
                     f->acquire_loc.line, f->acquire_loc.col, f->steps.n);
    for (size_t i = 0; i < f->steps.n; i++) {
        const sl_step *st = &f->steps.v[i];
        sl_strbuf_printf(b, "\t%d\t%u\t%u\t", (int)st->kind, st->loc.line, st->loc.col);
        sl_sumfile_esc(b, st->loc.file);
        sl_strbuf_puts(b, "\t");
        sl_sumfile_esc(b, st->msg);
    }
    sl_strbuf_puts(b, "\n");
}

static int sl_get_finding(char *line, size_t *idx, sl_finding *f)
{
    char *fld[16 + 5 * 64];
    int n = sl_split(line, fld, (int)(sizeof fld / sizeof *fld));
    memset(f, 0, sizeof *f);
    if (n < 17)
        return -1;
    *idx = (size_t)strtoull(fld[1], NULL, 10);
    f->rule_id = sl_sumfile_unesc(fld[2]);
    f->resource = sl_sumfile_unesc(fld[3]);
    f->library = sl_sumfile_unesc(fld[4]);
    f->loc.file = sl_sumfile_unesc(fld[5]);
    f->function = sl_sumfile_unesc(fld[6]);
    f->handle = sl_sumfile_unesc(fld[7]);
    f->acquire_fn = sl_sumfile_unesc(fld[8]);
    f->acquire_loc.file = sl_sumfile_unesc(fld[9]);
    f->message = sl_sumfile_unesc(fld[10]);
    f->kind = (sl_kind)atoi(fld[11]);
    f->loc.line = (unsigned)atoi(fld[12]);
    f->loc.col = (unsigned)atoi(fld[13]);
    f->acquire_loc.line = (unsigned)atoi(fld[14]);
    f->acquire_loc.col = (unsigned)atoi(fld[15]);
    if (n < 17)
        return -1;
    size_t nsteps = (size_t)strtoull(fld[16], NULL, 10);
    for (size_t i = 0, k = 17; i < nsteps && k + 4 < (size_t)n; i++, k += 5) {
        sl_step st = {0};
        st.kind = (sl_step_kind)atoi(fld[k]);
        st.loc.line = (unsigned)atoi(fld[k + 1]);
        st.loc.col = (unsigned)atoi(fld[k + 2]);
        st.loc.file = sl_sumfile_unesc(fld[k + 3]);
        st.msg = sl_sumfile_unesc(fld[k + 4]);
        SL_VEC_PUSH(f->steps, st);
    }
    return 0;
}

static void sl_put_skip(sl_strbuf *b, size_t idx, const sl_skip *k)
{
    sl_strbuf_printf(b, "O\t%zu\t%d\t%u\t%u", idx, (int)k->kind, k->loc.line, k->loc.col);
    const char *strs[] = {k->loc.file, k->function, k->what, k->reason};
    for (size_t i = 0; i < sizeof strs / sizeof *strs; i++) {
        sl_strbuf_puts(b, "\t");
        sl_sumfile_esc(b, strs[i]);
    }
    sl_strbuf_puts(b, "\n");
}

/* Parse an O line (modified in place) into *k (owned strings) and its job
 * index.  Returns 0, or -1 when the line is malformed (*k left empty). */
static int sl_get_skip(char *line, size_t *idx, sl_skip *k)
{
    char *fld[9];
    memset(k, 0, sizeof *k);
    if (sl_split(line, fld, 9) != 9)
        return -1;
    *idx = (size_t)strtoull(fld[1], NULL, 10);
    k->kind = (sl_skip_kind)atoi(fld[2]);
    k->loc.line = (unsigned)atoi(fld[3]);
    k->loc.col = (unsigned)atoi(fld[4]);
    k->loc.file = sl_sumfile_unesc(fld[5]);
    k->function = sl_sumfile_unesc(fld[6]);
    k->what = sl_sumfile_unesc(fld[7]);
    k->reason = sl_sumfile_unesc(fld[8]);
    return 0;
}

/* The findings and skips of one analyzed TU, as reply lines. */
static void sl_put_analysis(sl_strbuf *b, size_t idx, const sl_findings *fs,
                            const sl_skips *sk)
{
    for (size_t k = 0; k < fs->n; k++)
        sl_put_finding(b, idx, &fs->v[k]);
    for (size_t k = 0; k < sk->n; k++)
        sl_put_skip(b, idx, &sk->v[k]);
}

/* The digest of the inferred rules this process has loaded ("" for none):
 * a worker forked after the parent loaded them has them already. */
static char sl_loaded_inferred[65];

static void sl_inferred_digest(const sl_inferred_files *f, char out[65])
{
    if (!f->n) {
        strcpy(out, "none");
        return;
    }
    sl_sha256 c;
    sl_sha256_init(&c);
    for (size_t i = 0; i < f->n; i++) {
        sl_sha256_update(&c, f->v[i].name, strlen(f->v[i].name) + 1);
        sl_sha256_update(&c, f->v[i].yaml, strlen(f->v[i].yaml) + 1);
    }
    sl_sha256_final_hex(&c, out);
}

/* ---- the worker side ------------------------------------------------ */

typedef struct sl_wstate {
    const sl_jobs *jobs;
    const sl_ruleset *rules;
    const sl_workers_opts *o;
    CXIndex idx;
    sl_tu **held;  /* by job index */
    sl_summaries table;
    FILE *out;
    sl_pch *pch;   /* the parent's plan (borrowed), or NULL */
} sl_wstate;

static void sl_wsend(sl_wstate *w, sl_strbuf *b)
{
    sl_strbuf_puts(b, ".\n");
    fwrite(b->s, 1, b->len, w->out);
    fflush(w->out);
    sl_strbuf_release(b);
}

static void sl_worker_parse(sl_wstate *w, size_t i, bool analyze)
{
    sl_strbuf b = {0}, diag = {0};
    sl_tu *tu = NULL;
    sl_tu_result r;
    sl_job_parse(w->idx, &w->jobs->v[i], w->pch, i, w->o, w->o->analysis->infer, &tu, &r, &diag);
    sl_put_result(&b, i, &r, diag.s);
    if (tu) {
        sl_put_tu_facts(&b, tu);
        /* the candidates and the included files are the parent's now:
         * nothing here reads them again, and a worker holds its TUs until
         * the analysis */
        sl_tu_drop_decls(tu);
        sl_strvec_free(&tu->includes);
    }
    if (tu) {
        sl_apply_global_values(tu, &w->table);
        if (analyze) {
            sl_findings fs = {0};
            sl_skips sk = {0};
            sl_summarize_tu(tu, w->rules, w->o->analysis, &w->table);
            sl_analyze_tu(tu, w->rules, w->o->analysis, &w->table, &fs, &sk);
            sl_put_analysis(&b, i, &fs, &sk);
            sl_findings_free(&fs);
            sl_skips_free(&sk);
            sl_tu_free(tu);
        } else {
            sl_summarize_tu(tu, w->rules, w->o->analysis, &w->table);
            sl_put_summaries_of(&b, tu, &w->table);
            w->held[i] = tu;
        }
    }
    free(r.file);
    free(r.message);
    sl_strbuf_release(&diag);
    sl_wsend(w, &b);
}

/* sl_tu_rules_changed predicate when the new rules could not be sorted
 * out: every function is summarized again. */
static bool sl_every_callee(const char *callee, void *ctx)
{
    (void)callee;
    (void)ctx;
    return true;
}

static void sl_worker_main(sl_wstate *w, int in_fd, int out_fd)
{
    FILE *in = fdopen(in_fd, "r");
    if (!in)
        _exit(70);
    w->out = fdopen(out_fd, "w");
    if (!w->out) {
        fclose(in);
        _exit(70);
    }
    /* One malloc arena for the worker and its parse threads: memory that
     * libclang frees after a TU is reused by the analysis and by the next
     * TU instead of sitting in a second arena beside the IR held between
     * phases (curl at -j2: peak RSS per worker 106 -> 97 MiB, page faults
     * 246,000 -> 60,000). */
    mallopt(M_ARENA_MAX, 1);
    w->idx = clang_createIndex(0, 0);
    w->held = sl_xcalloc(w->jobs->n + 1, sizeof *w->held);
    sl_summaries_init(&w->table);
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, in) > 0) {
        if (line[0] == 'P' || line[0] == 'X') {
            size_t i = (size_t)strtoull(line + 2, NULL, 10);
            if (i < w->jobs->n)
                sl_worker_parse(w, i, line[0] == 'X');
        } else if (line[0] == 'L') {
            long n = strtol(line + 2, NULL, 10);
            sl_inferred_files files = {0};
            for (long k = 0; k < n && getline(&line, &cap, in) > 0; k++) {
                char *f[3];
                if (sl_split(line, f, 3) != 3)
                    continue;
                sl_inferred_file nf = {sl_sumfile_unesc(f[0]), sl_sumfile_unesc(f[1]), sl_sumfile_unesc(f[2])};
                SL_VEC_PUSH(files, nf);
            }
            char digest[65];
            sl_inferred_digest(&files, digest);
            sl_error lerr = {{0}};
            if (strcmp(digest, sl_loaded_inferred) != 0) {
                /* this process's copy of the run's rules gains them */
                bool loaded = sl_infer_load((sl_ruleset *)w->rules, &files, &lerr) == 0;
                if (!loaded)
                    fprintf(stderr, "sesslint: warning: inferred rules not loaded: %s\n",
                            lerr.msg);
                memcpy(sl_loaded_inferred, digest, sizeof digest);
                /* only functions calling what the new rules speak of are
                 * summarized again */
                for (size_t i = 0; i < w->jobs->n; i++)
                    if (w->held[i])
                        sl_tu_rules_changed(w->held[i],
                                            loaded ? sl_infer_affects : sl_every_callee,
                                            (void *)w->rules);
            }
            sl_inferred_files_free(&files);
        } else if (line[0] == 'U') {
            long n = strtol(line + 2, NULL, 10);
            for (long k = 0; k < n && getline(&line, &cap, in) > 0; k++) {
                sl_summary s;
                if (sl_summary_parse(line, w->rules, &s, NULL) == 0) {
                    sl_summaries_put(&w->table, &s);
                    sl_summary_release(&s);
                }
            }
            for (size_t i = 0; i < w->jobs->n; i++)
                if (w->held[i])
                    sl_apply_global_values(w->held[i], &w->table);
        } else if (line[0] == 'R') {
            sl_strbuf b = {0};
            for (size_t i = 0; i < w->jobs->n; i++)
                if (w->held[i] && sl_summarize_tu(w->held[i], w->rules, w->o->analysis, &w->table))
                    sl_put_summaries_of(&b, w->held[i], &w->table);
            sl_wsend(w, &b);
        } else if (line[0] == 'A') {
            for (size_t i = 0; i < w->jobs->n; i++) {
                if (!w->held[i])
                    continue;
                sl_strbuf b = {0};
                sl_strbuf_printf(&b, "B\t%zu\n", i);
                fwrite(b.s, 1, b.len, w->out);
                fflush(w->out);
                sl_strbuf_release(&b);
                sl_findings fs = {0};
                sl_skips sk = {0};
                sl_analyze_tu(w->held[i], w->rules, w->o->analysis, &w->table, &fs, &sk);
                sl_put_analysis(&b, i, &fs, &sk);
                sl_strbuf_printf(&b, "E\t%zu\n", i);
                fwrite(b.s, 1, b.len, w->out);
                fflush(w->out);
                sl_strbuf_release(&b);
                sl_findings_free(&fs);
                sl_skips_free(&sk);
                sl_tu_free(w->held[i]);
                w->held[i] = NULL;
            }
            sl_strbuf b = {0};
            sl_wsend(w, &b);
        } else if (line[0] == 'Q') {
            break;
        }
    }
    free(line);
    for (size_t i = 0; i < w->jobs->n; i++)
        sl_tu_free(w->held[i]);
    free(w->held);
    sl_summaries_free(&w->table);
    clang_disposeIndex(w->idx);
    fclose(in);
    fclose(w->out);
}

/* ---- the parent side ---------------------------------------------- */

typedef struct sl_worker {
    pid_t pid;
    int to, from;   /* pipe ends */
    FILE *fin;      /* from, buffered */
    bool alive;
    long job;       /* job in flight (phase 1 / X), -1 idle */
    SL_VEC(size_t) held;
} sl_worker;

typedef struct sl_tu_facts {
    SL_VEC(char *) includes;
    SL_VEC(char *) funcs;
    SL_VEC(char *) callees;
    SL_VEC(char *) globals; /* W lines without "W\t" */
    sl_dgroups decls;       /* its Y lines, in groups of the run's pool */
    sl_dgroup_acc yacc;     /* the group being received */
    SL_VEC(char *) defs;    /* Z lines without "Z\t" */
} sl_tu_facts;

static void sl_tu_facts_release(sl_tu_facts *t)
{
    for (size_t i = 0; i < t->includes.n; i++)
        free(t->includes.v[i]);
    for (size_t i = 0; i < t->funcs.n; i++)
        free(t->funcs.v[i]);
    for (size_t i = 0; i < t->callees.n; i++)
        free(t->callees.v[i]);
    for (size_t i = 0; i < t->globals.n; i++)
        free(t->globals.v[i]);
    sl_strbuf_release(&t->yacc.text);
    free(t->yacc.file);
    for (size_t i = 0; i < t->defs.n; i++)
        free(t->defs.v[i]);
    free(t->decls.v);
    free(t->defs.v);
    free(t->includes.v);
    free(t->funcs.v);
    free(t->callees.v);
    free(t->globals.v);
    memset(t, 0, sizeof *t);
}

typedef struct sl_parent {
    const sl_jobs *jobs;
    const sl_ruleset *rules;
    const sl_workers_opts *o;
    sl_worker *w;
    int nw;
    sl_summaries *table;
    sl_tu_result *results; /* by job, file NULL until known */
    char **diags;          /* by job */
    sl_findings *found;    /* by job */
    bool *done;            /* by job: fully analyzed or failed */
    sl_tu_facts *facts;    /* by job: for the cache */
    bool *cached;          /* by job: taken from the cache */
    sl_pch *pch;           /* shared precompiled headers (owned), or NULL */
    size_t ncached;
    size_t ndone_parse;
    struct timespec start;
    sl_ruleset *rules_out;      /* the run's rules, which gain the inferred ones */
    sl_inferred_files inferred; /* rules inferred for the run (sl_learn_inferred) */
    char inferred_digest[65];   /* of their text; "none" when there are none */
    /* imported TUs of other shards (opts imports, less this run's jobs) */
    SL_VEC(const sl_import_tu *) imp;
    SL_VEC(sl_dgroups) imp_decls; /* their Y lines, by imp index */
    sl_declpool pool;             /* every TU's inference candidates, once */
} sl_parent;


static int sl_spawn(sl_parent *P, sl_worker *w, sl_error *err)
{
    int down[2], up[2];
    if (pipe(down) != 0 || pipe(up) != 0)
        return sl_error_set(err, "cannot create a pipe for a worker: %s", strerror(errno));
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return sl_error_set(err, "cannot start a worker process: %s", strerror(errno));
    if (pid == 0) {
        sl_pch_signals_restore(P->pch);
        close(down[1]);
        close(up[0]);
        /* close the other workers' pipes inherited from the parent */
        for (int i = 0; i < P->nw; i++)
            if (&P->w[i] != w && P->w[i].alive) {
                close(P->w[i].to);
                if (P->w[i].fin)
                    fclose(P->w[i].fin);
            }
        sl_wstate ws = {0};
        ws.jobs = P->jobs;
        ws.rules = P->rules;
        ws.o = P->o;
        ws.pch = P->pch;
        sl_worker_main(&ws, down[0], up[1]);
        _exit(0);
    }
    close(down[0]);
    close(up[1]);
    memset(w, 0, sizeof *w);
    w->pid = pid;
    w->to = down[1];
    w->from = up[0];
    w->fin = fdopen(up[0], "r");
    w->alive = true;
    w->job = -1;
    return 0;
}

static void sl_send(sl_worker *w, const char *s, size_t n)
{
    while (n > 0 && w->alive) {
        ssize_t k = write(w->to, s, n);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            return; /* the worker died; noticed when reading */
        }
        s += k;
        n -= (size_t)k;
    }
}

static void sl_sendf(sl_worker *w, const char *fmt, size_t v)
{
    char buf[64];
    int n = snprintf(buf, sizeof buf, fmt, v);
    sl_send(w, buf, (size_t)n);
}

/* Reap a dead worker; returns a description of how it died (static). */
static const char *sl_reap(sl_worker *w, char *buf, size_t n)
{
    int st = 0;
    if (w->fin)
        fclose(w->fin);
    w->fin = NULL;
    close(w->to);
    waitpid(w->pid, &st, 0);
    w->alive = false;
    if (WIFSIGNALED(st))
        snprintf(buf, n, "the worker analyzing it crashed (signal %d, %s)", WTERMSIG(st),
                 strsignal(WTERMSIG(st)));
    else
        snprintf(buf, n, "the worker analyzing it exited with status %d", WEXITSTATUS(st));
    return buf;
}

static void sl_fail_job(sl_parent *P, size_t i, const char *why)
{
    sl_tu_result *r = &P->results[i];
    free(r->file);
    free(r->message);
    sl_skips_free(&r->skipped);
    memset(r, 0, sizeof *r);
    r->file = sl_xstrdup(P->jobs->v[i].file);
    r->status = SL_TU_FAILED;
    r->message = sl_xstrdup(why);
    sl_findings_free(&P->found[i]);
    free(P->diags[i]);
    P->diags[i] = sl_xasprintf("%s: error: %s\n", P->jobs->v[i].file, why);
    P->done[i] = true;
}


/* ---- the incremental cache ------------------------------------------ */

/* The analysis's own revision, part of every cache key: raise it whenever
 * the same inputs can give other findings or summaries (the version number
 * does not change with every engine change, and a database cached between
 * CI pipelines would otherwise serve the old engine's results). */
#define SL_CACHE_REVISION "sesslint-cache-v7"

void sl_cache_key(const sl_workers_opts *o, const sl_job *j, char out[65])
{
    sl_sha256 c;
    sl_sha256_init(&c);
    char opts[64];
    snprintf(opts, sizeof opts, "%d/%d/%d/%d", (int)o->analysis->unknown_calls,
             o->analysis->max_states, (int)o->analysis->infer, (int)o->show_parse_errors);
    const char *parts[] = {SL_CACHE_REVISION, o->tool_version ? o->tool_version : "",
                           o->rules_digest ? o->rules_digest : "", opts, j->file,
                           j->directory ? j->directory : ""};
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
        sl_sha256_update(&c, parts[i], strlen(parts[i]) + 1);
    for (size_t i = 0; i < j->args.n; i++)
        sl_sha256_update(&c, j->args.v[i], strlen(j->args.v[i]) + 1);
    if (!j->from_compdb && o->tree_digest)
        sl_sha256_update(&c, o->tree_digest, strlen(o->tree_digest) + 1);
    sl_sha256_final_hex(&c, out);
}

/* Content hashes of files, each read once per run. */
typedef struct sl_hashmemo {
    char **paths;
    char (*hex)[65];
    size_t cap, n;
} sl_hashmemo;

static size_t sl_memo_slot(const sl_hashmemo *m, const char *path)
{
    size_t h = 1469598103934665603ull;
    for (const char *p = path; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ull;
    size_t k = h & (m->cap - 1);
    while (m->paths[k] && strcmp(m->paths[k], path))
        k = (k + 1) & (m->cap - 1);
    return k;
}

/* Hash of a file's content ("-" when unreadable); the string belongs to m. */
static const char *sl_memo_hash(sl_hashmemo *m, const char *path)
{
    if (2 * (m->n + 1) > m->cap) {
        sl_hashmemo old = *m;
        m->cap = old.cap ? old.cap * 2 : 1024;
        m->paths = sl_xcalloc(m->cap, sizeof *m->paths);
        m->hex = sl_xcalloc(m->cap, sizeof *m->hex);
        for (size_t i = 0; i < old.cap; i++)
            if (old.paths[i]) {
                size_t k = sl_memo_slot(m, old.paths[i]);
                m->paths[k] = old.paths[i];
                memcpy(m->hex[k], old.hex[i], 65);
            }
        free(old.paths);
        free(old.hex);
    }
    size_t k = sl_memo_slot(m, path);
    if (!m->paths[k]) {
        size_t len = 0;
        char *text = sl_read_file(path, &len, NULL);
        if (text)
            sl_sha256_hex(text, len, m->hex[k]);
        else
            strcpy(m->hex[k], "-");
        free(text);
        m->paths[k] = sl_xstrdup(path);
        m->n++;
    }
    return m->hex[k];
}

static void sl_memo_free(sl_hashmemo *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->paths[i]);
    free(m->paths);
    free(m->hex);
}

/* Digest of the summaries a TU's external callees have now. */
static void sl_callee_digest(const sl_summaries *table, char *const *usrs, size_t n,
                             char out[65])
{
    sl_strbuf b = {0};
    for (size_t i = 0; i < n; i++) {
        const sl_summary *sm = sl_summaries_get(table, usrs[i]);
        sl_strbuf_printf(&b, "%s=", usrs[i]);
        if (sm)
            sl_summary_format(&b, sm);
        else
            sl_strbuf_puts(&b, "-\n");
    }
    sl_sha256_hex(b.s ? b.s : "", b.len, out);
    sl_strbuf_release(&b);
}

/* A cache entry read back: the lines it holds, split by kind. */
typedef struct sl_cache_entry {
    char *blob;               /* owned; the fields below point into it */
    SL_VEC(char *) callees;
    SL_VEC(char *) summaries;
    SL_VEC(char *) findings;
    SL_VEC(char *) globals;   /* W lines without "W\t" */
    SL_VEC(char *) dkeys;     /* Y lines: the keys of its candidate groups */
    sl_dgroups decls;         /* ...those groups (sl_cache_entry_groups) */
    SL_VEC(char *) defs;      /* Z lines without "Z\t" */
    char *result;
    char *diag;
    char *digest;
    char *inferred;           /* J: digest of the run's inferred rules */
} sl_cache_entry;

static void sl_cache_entry_free(sl_cache_entry *e)
{
    for (size_t i = 0; i < e->callees.n; i++)
        free(e->callees.v[i]);
    free(e->callees.v);
    free(e->summaries.v);
    free(e->findings.v);
    free(e->globals.v);
    free(e->dkeys.v);
    free(e->decls.v);
    free(e->defs.v);
    free(e->blob);
    memset(e, 0, sizeof *e);
}

/* Put summary lines (text form) into table; those naming a resource rules
 * does not know (yet: an inferred one) are left out. */
static void sl_put_summary_lines(char *const *lines, size_t n, const sl_ruleset *rules,
                                 sl_summaries *table)
{
    for (size_t k = 0; k < n; k++) {
        sl_summary sm;
        if (sl_summary_parse(lines[k], rules, &sm, NULL) == 0) {
            sl_summaries_put(table, &sm);
            sl_summary_release(&sm);
        }
    }
}

/* The summaries of cache entry e, and those an imported TU exported. */
static void sl_cache_entry_summaries(const sl_cache_entry *e, const sl_ruleset *rules,
                                     sl_summaries *table)
{
    sl_put_summary_lines(e->summaries.v, e->summaries.n, rules, table);
}

static void sl_import_summaries(const sl_import_tu *t, const sl_ruleset *rules,
                                sl_summaries *table)
{
    sl_put_summary_lines(t->summaries.v, t->summaries.n, rules, table);
}

/* Parse blob (taking it) and check the content of the main file and of
 * every include.  Returns true when the entry is still valid. */
static bool sl_cache_entry_load(sl_cache_entry *e, char *blob, const sl_job *j, sl_hashmemo *m)
{
    memset(e, 0, sizeof *e);
    e->blob = blob;
    bool ok = !strncmp(blob, "sesslint-cache 2\n", 17);
    char *save = NULL;
    for (char *line = strtok_r(blob, "\n", &save); line && ok;
         line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == 'M' && line[1] == '\t') {
            ok = !strcmp(line + 2, sl_memo_hash(m, j->file));
        } else if (line[0] == 'I' && line[1] == '\t') {
            char *tab = strchr(line + 2, '\t');
            if (!tab)
                return false;
            *tab = 0;
            char *path = sl_sumfile_unesc(tab + 1);
            ok = path && !strcmp(line + 2, sl_memo_hash(m, path));
            free(path);
        } else if (line[0] == 'C' && line[1] == '\t') {
            SL_VEC_PUSH(e->callees, sl_sumfile_unesc(line + 2));
        } else if (line[0] == 'K' && line[1] == '\t') {
            e->digest = line + 2;
        } else if (line[0] == 'S' && line[1] == '\t') {
            SL_VEC_PUSH(e->summaries, line + 2);
        } else if ((line[0] == 'F' || line[0] == 'O') && line[1] == '\t') {
            SL_VEC_PUSH(e->findings, line);
        } else if (line[0] == 'W' && line[1] == '\t') {
            SL_VEC_PUSH(e->globals, line + 2);
        } else if (line[0] == 'Y' && line[1] == '\t') {
            SL_VEC_PUSH(e->dkeys, line + 2);
        } else if (line[0] == 'Z' && line[1] == '\t') {
            SL_VEC_PUSH(e->defs, line + 2);
        } else if (line[0] == 'J' && line[1] == '\t') {
            e->inferred = line + 2;
        } else if (line[0] == 'T' && line[1] == '\t') {
            e->result = line;
        } else if (line[0] == 'G' && line[1] == '\t') {
            e->diag = line + 2;
        }
    }
    return ok && e->result && e->digest;
}

/* Find the candidate groups entry e names, in the run's pool or else in
 * the cache.  Returns false when one is in neither (the entry is then not
 * used: its TU is analyzed again). */
static bool sl_cache_entry_groups(sl_parent *P, sl_cache_entry *e)
{
    for (size_t k = 0; k < e->dkeys.n; k++) {
        sl_dgroup *g = sl_declpool_get(&P->pool, e->dkeys.v[k]);
        if (!g) {
            char *lines = NULL;
            if (sl_store_cache_decls_get(P->o->cache, e->dkeys.v[k], &lines, NULL) != 0 ||
                !lines)
                return false;
            size_t nl = 0;
            for (const char *c = lines; *c; c++)
                nl += *c == '\n';
            g = sl_declpool_intern(&P->pool, lines, strlen(lines), nl);
            free(lines);
            if (strcmp(g->key, e->dkeys.v[k]) != 0)
                return false; /* not the text its key says */
            g->stored = true;
        }
        SL_VEC_PUSH(e->decls, g);
    }
    return true;
}

static char *sl_cache_entry_make(const sl_parent *P, size_t i, sl_hashmemo *m)
{
    const sl_job *j = &P->jobs->v[i];
    const sl_tu_facts *t = &P->facts[i];
    sl_strbuf b = {0};
    sl_strbuf_puts(&b, "sesslint-cache 2\n");
    sl_strbuf_printf(&b, "M\t%s\n", sl_memo_hash(m, j->file));
    for (size_t k = 0; k < t->includes.n; k++) {
        sl_strbuf_printf(&b, "I\t%s\t", sl_memo_hash(m, t->includes.v[k]));
        sl_sumfile_esc(&b, t->includes.v[k]);
        sl_strbuf_puts(&b, "\n");
    }
    for (size_t k = 0; k < t->callees.n; k++) {
        sl_strbuf_puts(&b, "C\t");
        sl_sumfile_esc(&b, t->callees.v[k]);
        sl_strbuf_puts(&b, "\n");
    }
    for (size_t k = 0; k < t->globals.n; k++)
        sl_strbuf_printf(&b, "W\t%s\n", t->globals.v[k]);
    for (size_t k = 0; k < t->decls.n; k++)
        sl_strbuf_printf(&b, "Y\t%s\n", t->decls.v[k]->key);
    for (size_t k = 0; k < t->defs.n; k++)
        sl_strbuf_printf(&b, "Z\t%s\n", t->defs.v[k]);
    sl_strbuf_printf(&b, "J\t%s\n", P->inferred_digest);
    char digest[65];
    sl_callee_digest(P->table, t->callees.v, t->callees.n, digest);
    sl_strbuf_printf(&b, "K\t%s\n", digest);
    for (size_t k = 0; k < t->funcs.n; k++) {
        const sl_summary *sm = sl_summaries_get(P->table, t->funcs.v[k]);
        if (sm) {
            sl_strbuf_puts(&b, "S\t");
            sl_summary_format(&b, sm);
        }
    }
    sl_put_result(&b, i, &P->results[i], NULL);
    if (P->diags[i]) {
        sl_strbuf_puts(&b, "G\t");
        sl_sumfile_esc(&b, P->diags[i]);
        sl_strbuf_puts(&b, "\n");
    }
    sl_put_analysis(&b, i, &P->found[i], &P->results[i].skipped);
    return sl_strbuf_detach(&b);
}

/* Take a valid entry's result, diagnostics and findings for job i. */
static void sl_cache_entry_use(sl_parent *P, size_t i, sl_cache_entry *e)
{
    char *f[6];
    char *line = sl_xstrdup(e->result);
    if (sl_split(line, f, 6) == 6) {
        sl_tu_result *r = &P->results[i];
        r->file = sl_xstrdup(P->jobs->v[i].file);
        r->status = (sl_tu_status)atoi(f[2]);
        r->nerrors = (unsigned)atoi(f[3]);
        r->nfunctions = (unsigned)atoi(f[4]);
        r->message = sl_sumfile_unesc(f[5]);
    }
    free(line);
    if (e->diag)
        P->diags[i] = sl_sumfile_unesc(e->diag);
    for (size_t k = 0; k < e->findings.n; k++) {
        char *fl = sl_xstrdup(e->findings.v[k]);
        size_t idx;
        if (fl[0] == 'O') {
            sl_skip sk;
            if (sl_get_skip(fl, &idx, &sk) == 0)
                SL_VEC_PUSH(P->results[i].skipped, sk);
        } else {
            sl_finding fd;
            if (sl_get_finding(fl, &idx, &fd) == 0)
                SL_VEC_PUSH(P->found[i], fd);
            else
                sl_finding_release(&fd);
        }
        free(fl);
    }
    P->done[i] = true;
    P->cached[i] = true;
    P->ncached++;
}

/* Handle one reply line; returns 1 at the end of a reply, 0 otherwise. */
static int sl_reply_line(sl_parent *P, sl_worker *w, char *line, bool *table_changed)
{
    if (line[0] == '.' && (line[1] == '\n' || !line[1])) {
        if (w->job >= 0 && (size_t)w->job < P->jobs->n && P->facts) {
            sl_tu_facts *t = &P->facts[w->job];
            sl_declpool_flush(&P->pool, &t->yacc, &t->decls);
        }
        return 1;
    }
    if (line[0] == 'T') {
        char *f[6];
        if (sl_split(line, f, 6) == 6) {
            size_t i = (size_t)strtoull(f[1], NULL, 10);
            if (i < P->jobs->n) {
                sl_tu_result *r = &P->results[i];
                free(r->file);
                free(r->message);
                r->file = sl_xstrdup(P->jobs->v[i].file);
                r->status = (sl_tu_status)atoi(f[2]);
                r->nerrors = (unsigned)atoi(f[3]);
                r->nfunctions = (unsigned)atoi(f[4]);
                r->message = sl_sumfile_unesc(f[5]);
                if (r->status == SL_TU_FAILED)
                    P->done[i] = true;
                else
                    SL_VEC_PUSH(w->held, i);
            }
        }
    } else if ((line[0] == 'I' || line[0] == 'N' || line[0] == 'C') && line[1] == '\t' &&
               w->job >= 0 && P->facts) {
        char *f[2];
        if (sl_split(line, f, 2) == 2) {
            sl_tu_facts *t = &P->facts[w->job];
            char *v = sl_sumfile_unesc(f[1]);
            if (line[0] == 'I')
                SL_VEC_PUSH(t->includes, v);
            else if (line[0] == 'N')
                SL_VEC_PUSH(t->funcs, v);
            else
                SL_VEC_PUSH(t->callees, v);
        }
    } else if ((line[0] == 'Y' || line[0] == 'Z') && line[1] == '\t' && w->job >= 0 &&
               P->facts) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = 0;
        sl_tu_facts *t = &P->facts[w->job];
        if (line[0] == 'Y')
            sl_declpool_feed(&P->pool, &t->yacc, line + 2, &t->decls);
        else
            SL_VEC_PUSH(t->defs, sl_xstrdup(line + 2));
    } else if (line[0] == 'W' && line[1] == '\t' && w->job >= 0 && P->facts) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = 0;
        SL_VEC_PUSH(P->facts[w->job].globals, sl_xstrdup(line + 2));
    } else if (line[0] == 'D' && w->job >= 0) {
        char *f[2];
        if (sl_split(line, f, 2) == 2) {
            free(P->diags[w->job]);
            P->diags[w->job] = sl_sumfile_unesc(f[1]);
        }
    } else if (line[0] == 'S') {
        sl_summary s;
        if (sl_summary_parse(line + 2, P->rules, &s, NULL) == 0) {
            *table_changed |= sl_summaries_put(P->table, &s);
            sl_summary_release(&s);
        }
    } else if (line[0] == 'F') {
        size_t i = 0;
        sl_finding f;
        int ok = sl_get_finding(line, &i, &f);
        if (ok == 0 && i < P->jobs->n)
            SL_VEC_PUSH(P->found[i], f);
        else
            sl_finding_release(&f);
    } else if (line[0] == 'O') {
        size_t i = 0;
        sl_skip k;
        if (sl_get_skip(line, &i, &k) == 0 && i < P->jobs->n)
            SL_VEC_PUSH(P->results[i].skipped, k);
        else
            sl_skip_release(&k);
    } else if (line[0] == 'B') {
        w->job = (long)strtol(line + 2, NULL, 10);
    } else if (line[0] == 'E') {
        size_t i = (size_t)strtoull(line + 2, NULL, 10);
        if (i < P->jobs->n)
            P->done[i] = true;
        w->job = -1;
    }
    return 0;
}

/* Read one whole reply from w.  Returns 0, or -1 when the worker died
 * (then it has been reaped and *why says how). */
static int sl_read_reply(sl_parent *P, sl_worker *w, bool *table_changed, char *why, size_t n)
{
    char *line = NULL;
    size_t cap = 0;
    for (;;) {
        ssize_t k = getline(&line, &cap, w->fin);
        if (k <= 0) {
            free(line);
            sl_reap(w, why, n);
            return -1;
        }
        if (sl_reply_line(P, w, line, table_changed)) {
            free(line);
            return 0;
        }
    }
}

static void sl_progress(sl_parent *P, size_t i)
{
    if (!P->o->progress)
        return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double el = (double)(now.tv_sec - P->start.tv_sec) + (now.tv_nsec - P->start.tv_nsec) / 1e9;
    size_t d = P->ndone_parse, t = P->jobs->n;
    double rate = el > 0 ? (double)d / el : 0;
    double eta = rate > 0 ? (double)(t - d) / rate : 0;
    const char *file = P->jobs->v[i].file;
    const char *base = strrchr(file, '/');
    fprintf(stderr, "\r\033[K[%zu/%zu] %.1f TU/s, ETA %.0fs  %s", d, t, rate, eta,
            base ? base + 1 : file);
    fflush(stderr);
}

/* The whole summary table as a U command, followed by cmd. */
static void sl_table_command(const sl_parent *P, sl_strbuf *b, const char *cmd)
{
    if (P->inferred.n) {
        sl_strbuf_printf(b, "L %zu\n", P->inferred.n);
        for (size_t i = 0; i < P->inferred.n; i++) {
            const sl_inferred_file *f = &P->inferred.v[i];
            sl_sumfile_esc(b, f->name);
            sl_strbuf_puts(b, "\t");
            sl_sumfile_esc(b, f->library);
            sl_strbuf_puts(b, "\t");
            sl_sumfile_esc(b, f->yaml);
            sl_strbuf_puts(b, "\n");
        }
    }
    sl_strbuf_printf(b, "U %zu\n", P->table->v.n);
    for (size_t s = 0; s < P->table->v.n; s++)
        sl_summary_format(b, P->table->v.v[s]);
    sl_strbuf_puts(b, cmd);
}

/* Send cmd, preceded by the whole summary table, to every live worker. */
static void sl_broadcast(sl_parent *P, const char *cmd)
{
    sl_strbuf b = {0};
    sl_table_command(P, &b, cmd);
    for (int k = 0; k < P->nw; k++)
        if (P->w[k].alive)
            sl_send(&P->w[k], b.s, b.len);
    sl_strbuf_release(&b);
}

/* Give a dead worker's held TUs to a fresh worker, one at a time with X
 * (parse and analyze with the summaries known now). */
/* Parse and analyze job i alone in a fresh worker, with the summaries
 * known now (a crash costs only that job). */
static int sl_run_single(sl_parent *P, size_t i, sl_error *err)
{
    sl_worker fresh;
    if (sl_spawn(P, &fresh, err) != 0)
        return -1;
    sl_strbuf b = {0};
    char cmd[64];
    snprintf(cmd, sizeof cmd, "X %zu\n", i);
    sl_table_command(P, &b, cmd);
    sl_send(&fresh, b.s, b.len);
    sl_strbuf_release(&b);
    fresh.job = (long)i;
    sl_findings_free(&P->found[i]);
    sl_skips_free(&P->results[i].skipped);
    bool ch = false;
    char why[160];
    if (sl_read_reply(P, &fresh, &ch, why, sizeof why) != 0) {
        sl_fail_job(P, i, why);
    } else {
        P->done[i] = true;
        sl_send(&fresh, "Q\n", 2);
        char tmp[160];
        sl_reap(&fresh, tmp, sizeof tmp);
    }
    free(fresh.held.v);
    return 0;
}

static int sl_recover(sl_parent *P, sl_worker *dead, sl_error *err)
{
    SL_VEC(size_t) todo = {0};
    for (size_t k = 0; k < dead->held.n; k++)
        if (!P->done[dead->held.v[k]])
            SL_VEC_PUSH(todo, dead->held.v[k]);
    free(dead->held.v);
    dead->held.v = NULL;
    dead->held.n = dead->held.cap = 0;
    int rc = 0;
    for (size_t k = 0; k < todo.n && rc == 0; k++)
        rc = sl_run_single(P, todo.v[k], err);
    free(todo.v);
    return rc;
}

/* One TU's W line about one global, split (fields point into a copy). */
typedef struct sl_gline {
    const char *usr, *name, *flags, *file;
    long long init, wvalue;
    bool constant; /* on the first line of its global: decided constant */
} sl_gline;

static int sl_cmp_gline(const void *a, const void *b)
{
    return strcmp(((const sl_gline *)a)->usr, ((const sl_gline *)b)->usr);
}

/* Which facts of a TU (sl_fact_lines). */
typedef enum { SL_FACT_GLOBALS, SL_FACT_DEFS } sl_fact_kind;

/* The W or Z lines of TU i of the run (i >= jobs: the imported TUs of
 * other shards): from the import, from its cache entry (a cache
 * candidate) or as its worker sent them now.  *out points at the lines;
 * returns how many. */
static size_t sl_fact_lines(const sl_parent *P, const sl_cache_entry *entries,
                            const bool *candidate, size_t i, sl_fact_kind k, char *const **out)
{
    const sl_import_tu *im = i >= P->jobs->n ? P->imp.v[i - P->jobs->n] : NULL;
#define SL_FACT_PICK(field)                                                     \
    (im             ? (*out = im->field.v, im->field.n)                          \
     : candidate[i] ? (*out = entries[i].field.v, entries[i].field.n)            \
                    : (*out = P->facts[i].field.v, P->facts[i].field.n))
    size_t n = k == SL_FACT_GLOBALS ? SL_FACT_PICK(globals) : SL_FACT_PICK(defs);
#undef SL_FACT_PICK
    return n;
}

/* The groups of inference candidates of TU i of the run, as sl_fact_lines
 * picks its lines. */
static const sl_dgroups *sl_fact_decls(const sl_parent *P, const sl_cache_entry *entries,
                                       const bool *candidate, size_t i)
{
    return i >= P->jobs->n ? &P->imp_decls.v[i - P->jobs->n]
           : candidate[i]  ? &entries[i].decls
                           : &P->facts[i].decls;
}

/* Parse one Y line (without "Y\t", len bytes) into d, its strings pushed
 * on owned.  Returns false for a malformed line. */
static bool sl_decl_parse(const char *ys, size_t len, sl_decl *d, sl_strvec *owned)
{
    char *line = sl_xstrndup(ys, len), *f[6 + 2 * SL_DECL_PARAMS];
    int nf = sl_split(line, f, 6 + 2 * SL_DECL_PARAMS);
    if (nf != 6 + 2 * SL_DECL_PARAMS) {
        free(line);
        return false;
    }
    memset(d, 0, sizeof *d);
    char *strs[3 + SL_DECL_PARAMS] = {sl_sumfile_unesc(f[0]), sl_sumfile_unesc(f[1]), sl_sumfile_unesc(f[3])};
    d->name = strs[0];
    d->file = strs[1];
    d->line = (unsigned)atoi(f[2]);
    d->ret_type = strs[2];
    d->ret_int = atoi(f[4]) != 0;
    d->nparams = atoi(f[5]);
    for (int p = 0; p < SL_DECL_PARAMS; p++) {
        strs[3 + p] = sl_sumfile_unesc(f[6 + 2 * p]);
        d->param_type[p] = strs[3 + p];
        d->param_depth[p] = (unsigned char)atoi(f[7 + 2 * p]);
    }
    for (size_t q = 0; q < sizeof strs / sizeof *strs; q++)
        if (strs[q])
            SL_VEC_PUSH(*owned, strs[q]);
    free(line);
    return true;
}

/* The rules inferred from the declarations every TU of the run sees (its Y
 * lines; a cached TU's from its cache entry), leaving out the functions any
 * TU defines (Z lines) or the summary table knows from an earlier run, and
 * those the loaded rules name: loaded into the
 * run's rules here and, through sl_table_command, into every worker's copy.
 * The summaries of cached TUs that name an inferred resource are read again
 * now that it exists. */
static void sl_learn_inferred(sl_parent *P, const sl_cache_entry *entries,
                              const bool *candidate)
{
    if (!P->o->analysis->infer)
        return;
    SL_VEC(sl_decl) decls = {0};
    sl_strvec owned = {0};
    SL_VEC(const char *) defs = {0};
    /* each group once: most TUs include the same headers */
    unsigned mark = sl_declpool_new_mark(&P->pool);
    for (size_t i = 0; i < P->jobs->n + P->imp.n; i++) {
        const sl_dgroups *gs = sl_fact_decls(P, entries, candidate, i);
        for (size_t g = 0; g < gs->n; g++) {
            sl_dgroup *grp = gs->v[g];
            if (grp->mark == mark)
                continue;
            grp->mark = mark;
            for (const char *l = grp->lines; *l;) {
                size_t len = strcspn(l, "\n");
                sl_decl d;
                if (sl_decl_parse(l, len, &d, &owned))
                    SL_VEC_PUSH(decls, d);
                l += len + (l[len] == '\n');
            }
        }
        char *const *zs;
        size_t nz = sl_fact_lines(P, entries, candidate, i, SL_FACT_DEFS, &zs);
        for (size_t k = 0; k < nz; k++) {
            char *name = sl_sumfile_unesc(zs[k]);
            if (name) {
                SL_VEC_PUSH(owned, name);
                SL_VEC_PUSH(defs, name);
            }
        }
    }
    /* functions with a body summarized in an earlier run of the same
     * database (its table entries) are defined too */
    for (size_t k = 0; k < P->table->v.n; k++)
        if (P->table->v.v[k]->name && !P->table->v.v[k]->is_global)
            SL_VEC_PUSH(defs, P->table->v.v[k]->name);
    if (defs.n)
        sl_sort(defs.v, defs.n, sizeof *defs.v, sl_cmp_cstr);
    sl_infer_rules(decls.v, decls.n, P->rules, defs.v, defs.n, false, &P->inferred);
    sl_error err = {{0}};
    if (P->inferred.n && sl_infer_load(P->rules_out, &P->inferred, &err) != 0) {
        fprintf(stderr, "sesslint: warning: rules inferred from declarations not used: %s\n",
                err.msg);
        sl_inferred_files_free(&P->inferred);
    }
    sl_inferred_digest(&P->inferred, P->inferred_digest);
    memcpy(sl_loaded_inferred, P->inferred_digest, sizeof P->inferred_digest);
    for (size_t i = 0; P->inferred.n && i < P->jobs->n; i++)
        if (candidate[i])
            sl_cache_entry_summaries(&entries[i], P->rules, P->table);
    for (size_t i = 0; P->inferred.n && i < P->imp.n; i++)
        sl_import_summaries(P->imp.v[i], P->rules, P->table);
    for (size_t i = 0; i < owned.n; i++)
        free(owned.v[i]);
    free(owned.v);
    free(decls.v);
    free(defs.v);
}

/* The values that globals with external linkage hold across the program,
 * from what every TU of the run does to them (its W lines; a cached TU's
 * from its cache entry): a global defined once with a constant, into which
 * no TU stores anything else and whose address no TU takes, always holds
 * that constant (Juliet's globalFive, GLOBAL_CONST_TRUE; a project's
 * `int verbose = 0;` that only an option parser sets is not one).  Each
 * becomes an is_global entry of the table.  Returns true when the table
 * changed. */
static bool sl_learn_global_values(sl_parent *P, const sl_cache_entry *entries,
                                   const bool *candidate)
{
    SL_VEC(sl_gline) g = {0};
    for (size_t i = 0; i < P->jobs->n + P->imp.n; i++) {
        const sl_import_tu *im = i >= P->jobs->n ? P->imp.v[i - P->jobs->n] : NULL;
        char *const *lines;
        size_t n = sl_fact_lines(P, entries, candidate, i, SL_FACT_GLOBALS, &lines);
        for (size_t k = 0; k < n; k++) {
            sl_gline l = {0};
            char *copy = sl_xstrdup(lines[k]);
            char *f[5];
            if (sl_split(copy, f, 5) != 5) {
                free(copy);
                continue;
            }
            l.usr = sl_sumfile_unesc(f[0]);
            l.name = sl_sumfile_unesc(f[1]);
            l.flags = sl_xstrdup(f[2]);
            l.init = strtoll(f[3], NULL, 10);
            l.wvalue = strtoll(f[4], NULL, 10);
            l.file = im ? im->file : P->jobs->v[i].file;
            free(copy);
            if (!l.usr || !l.name) {
                free((char *)l.usr);
                free((char *)l.name);
                free((char *)l.flags);
                continue;
            }
            SL_VEC_PUSH(g, l);
        }
    }
    if (g.n)
        sl_sort(g.v, g.n, sizeof *g.v, sl_cmp_gline);
    bool changed = false;
    for (size_t i = 0; i < g.n;) {
        size_t j = i;
        int ndef = 0;
        bool ok = true;
        const sl_gline *def = NULL;
        for (; j < g.n && !strcmp(g.v[j].usr, g.v[i].usr); j++) {
            const char *fl = g.v[j].flags;
            if (strchr(fl, 'd')) {
                ndef++;
                def = &g.v[j];
                ok &= strchr(fl, 'k') != NULL;
            }
            ok &= !strchr(fl, 'x') && (!strchr(fl, 'w') || strchr(fl, 'c'));
        }
        ok &= ndef == 1;
        for (size_t k = i; ok && k < j; k++)
            if (strchr(g.v[k].flags, 'w') && g.v[k].wvalue != def->init)
                ok = false;
        g.v[i].constant = ok;
        if (ok) {
            sl_summary e;
            sl_summary_init(&e);
            e.usr = (char *)def->usr;
            e.name = (char *)def->name;
            e.file = (char *)def->file;
            e.is_global = e.has_const = true;
            e.const_value = def->init;
            changed |= sl_summaries_put(P->table, &e);
        }
        i = j;
    }
    /* An entry from an earlier run (the table starts from the stored one)
     * that is no longer a constant: the program changed. */
    for (size_t k = 0; k < P->table->v.n; k++) {
        const sl_summary *old = P->table->v.v[k];
        if (!old->is_global || !old->has_const)
            continue;
        sl_gline key = {.usr = old->usr};
        const sl_gline *hit = g.n ? bsearch(&key, g.v, g.n, sizeof *g.v, sl_cmp_gline) : NULL;
        while (hit && hit > g.v && !strcmp(hit[-1].usr, old->usr))
            hit--;
        if (hit && hit->constant)
            continue;
        sl_summary e;
        sl_summary_init(&e);
        e.usr = sl_xstrdup(old->usr);
        e.name = sl_xstrdup(old->name ? old->name : "");
        e.file = sl_xstrdup(old->file ? old->file : "");
        e.is_global = true;
        changed |= sl_summaries_put(P->table, &e);
        free(e.usr);
        free(e.name);
        free(e.file);
    }
    for (size_t i = 0; i < g.n; i++) {
        free((char *)g.v[i].usr);
        free((char *)g.v[i].name);
        free((char *)g.v[i].flags);
    }
    free(g.v);
    return changed;
}

/* ---- sharded runs (sumfile.h) ---- */

/* The imported TUs that are not among the jobs go to P->imp, and their
 * summaries into the table. */
static void sl_take_imports(sl_parent *P, const sl_imports *im)
{
    if (!im || !im->v.n)
        return;
    /* their candidate groups, once, into the pool (a group whose text is
     * not what its key says is left out: no TU finds it) */
    for (size_t i = 0; i < im->groups.n; i++) {
        const sl_import_group *g = &im->groups.v[i];
        sl_dgroup *d = sl_declpool_intern(&P->pool, g->lines, strlen(g->lines), g->nlines);
        if (strcmp(d->key, g->key) != 0)
            fprintf(stderr, "sesslint: warning: a group of declarations in a summaries file "
                            "does not match its key %s: left out\n", g->key);
    }
    SL_VEC(const char *) own = {0};
    for (size_t i = 0; i < P->jobs->n; i++)
        SL_VEC_PUSH(own, P->jobs->v[i].file);
    if (own.n)
        qsort(own.v, own.n, sizeof *own.v, sl_cmp_cstr);
    for (size_t i = 0; i < im->v.n; i++) {
        const sl_import_tu *t = &im->v.v[i];
        if (own.n && bsearch(&t->file, own.v, own.n, sizeof *own.v, sl_cmp_cstr))
            continue;
        SL_VEC_PUSH(P->imp, t);
        sl_dgroups gs = {0};
        for (size_t k = 0; k < t->decls.n; k++) {
            sl_dgroup *d = sl_declpool_get(&P->pool, t->decls.v[k]);
            if (d)
                SL_VEC_PUSH(gs, d);
        }
        SL_VEC_PUSH(P->imp_decls, gs);
        sl_import_summaries(t, P->rules, P->table);
    }
    free(own.v);
}

/* Digest of what the run's inferred rules say about the functions a TU
 * calls from elsewhere (callees: their USRs): for each, the inferred
 * resources it acquires or releases and those whose API it only uses
 * (sl_infer_call_uses).  Rules inferred for functions the TU never calls
 * do not change what it learns, so they do not count. */
static void sl_tu_inferred_digest(const sl_ruleset *rules, char *const *callees, size_t n,
                                  char out[65])
{
    sl_strbuf b = {0};
    sl_strbuf_puts(&b, "inferred");
    for (size_t i = 0; i < n; i++) {
        const char *f = strstr(callees[i], "@F@"), *next;
        while (f && (next = strstr(f + 3, "@F@")))
            f = next;
        if (!f)
            continue;
        char *name = sl_xstrndup(f + 3, strcspn(f + 3, "#"));
        const sl_fnrule *r = sl_rules_lookup(rules, name);
        if (r && r->acquire && r->acquire->res && r->acquire->res->inferred)
            sl_strbuf_printf(&b, "\n%s a %s %d", name, r->acquire->res->name, r->acquire->out);
        for (size_t k = 0; r && k < r->release.n; k++)
            if (r->release.v[k]->res && r->release.v[k]->res->inferred)
                sl_strbuf_printf(&b, "\n%s r %s %d", name, r->release.v[k]->res->name,
                                 r->release.v[k]->arg);
        for (size_t k = 0; k < rules->resources.n; k++) {
            const sl_resource *res = rules->resources.v[k];
            if (res->inferred && sl_infer_call_uses(res, name))
                sl_strbuf_printf(&b, "\n%s u %s", name, res->name);
        }
        free(name);
    }
    sl_sha256_hex(b.s, b.len, out);
    sl_strbuf_release(&b);
}

/* The T section of every job that parsed, for a summaries file; each
 * candidate group (G and its y lines) before the first T that names it. */
static void sl_export_sections(sl_parent *P, sl_strbuf *b)
{
    unsigned mark = sl_declpool_new_mark(&P->pool);
    for (size_t i = 0; i < P->jobs->n; i++) {
        const sl_tu_facts *t = &P->facts[i];
        if (!P->results[i].file || P->results[i].status == SL_TU_FAILED)
            continue;
        for (size_t k = 0; k < t->decls.n; k++) {
            sl_dgroup *g = t->decls.v[k];
            if (g->mark == mark)
                continue;
            g->mark = mark;
            sl_strbuf_printf(b, "G\t%s\n", g->key);
            for (const char *l = g->lines; *l;) {
                size_t len = strcspn(l, "\n");
                sl_strbuf_puts(b, "y\t");
                sl_strbuf_add(b, l, len);
                sl_strbuf_puts(b, "\n");
                l += len + (l[len] == '\n');
            }
        }
        char *rel = sl_path_relative(P->jobs->v[i].file, P->o->root ? P->o->root : "/");
        sl_strbuf_puts(b, "T\t");
        sl_sumfile_esc(b, rel);
        free(rel);
        char digest[65], inferred[65];
        sl_callee_digest(P->table, t->callees.v, t->callees.n, digest);
        sl_tu_inferred_digest(P->rules, t->callees.v, t->callees.n, inferred);
        sl_strbuf_printf(b, "\nK\t%s\nJ\t%s\n", digest, inferred);
        for (size_t k = 0; k < t->callees.n; k++) {
            sl_strbuf_puts(b, "C\t");
            sl_sumfile_esc(b, t->callees.v[k]);
            sl_strbuf_puts(b, "\n");
        }
        for (size_t k = 0; k < t->globals.n; k++)
            sl_strbuf_printf(b, "W\t%s\n", t->globals.v[k]);
        for (size_t k = 0; k < t->decls.n; k++)
            sl_strbuf_printf(b, "Y\t%s\n", t->decls.v[k]->key);
        for (size_t k = 0; k < t->defs.n; k++)
            sl_strbuf_printf(b, "Z\t%s\n", t->defs.v[k]);
        for (size_t k = 0; k < t->funcs.n; k++) {
            const sl_summary *sm = sl_summaries_get(P->table, t->funcs.v[k]);
            if (sm) {
                sl_strbuf_puts(b, "S\t");
                sl_summary_format(b, sm);
            }
        }
    }
}

/* Imported TUs whose summaries were learned against other callee
 * summaries or other inferred rules than this run ends with. */
static void sl_list_stale(const sl_parent *P, sl_strvec *out)
{
    for (size_t i = 0; i < P->imp.n; i++) {
        const sl_import_tu *t = P->imp.v[i];
        char digest[65], inferred[65];
        sl_callee_digest(P->table, t->callees.v, t->callees.n, digest);
        sl_tu_inferred_digest(P->rules, t->callees.v, t->callees.n, inferred);
        if (strcmp(digest, t->digest) || strcmp(t->inferred, inferred))
            SL_VEC_PUSH(*out, sl_xstrdup(t->file));
    }
}

int sl_workers_run(const sl_jobs *jobs, sl_ruleset *rules, const sl_workers_opts *o,
                   sl_summaries *summaries, sl_findings *fs, sl_tu_results *tus,
                   size_t *ncached, sl_error *err)
{
    sl_parent P = {0};
    P.jobs = jobs;
    P.rules = rules;
    P.rules_out = rules;
    strcpy(P.inferred_digest, "none");
    P.o = o;
    P.table = summaries;
    size_t n = jobs->n;
    P.nw = o->njobs < 1 ? 1 : o->njobs;
    if ((size_t)P.nw > n)
        P.nw = n ? (int)n : 1;
    P.w = sl_xcalloc((size_t)P.nw, sizeof *P.w);
    P.results = sl_xcalloc(n + 1, sizeof *P.results);
    P.diags = sl_xcalloc(n + 1, sizeof *P.diags);
    P.found = sl_xcalloc(n + 1, sizeof *P.found);
    P.done = sl_xcalloc(n + 1, sizeof *P.done);
    P.facts = sl_xcalloc(n + 1, sizeof *P.facts);
    P.cached = sl_xcalloc(n + 1, sizeof *P.cached);
    clock_gettime(CLOCK_MONOTONIC, &P.start);
    sl_declpool_init(&P.pool);
    sl_hashmemo memo = {0};
    sl_cache_entry *entries = sl_xcalloc(n + 1, sizeof *entries);
    bool *candidate = sl_xcalloc(n + 1, sizeof *candidate);
    char (*keys)[65] = sl_xcalloc(n + 1, sizeof *keys);
    sl_take_imports(&P, o->imports);
    if (o->cache) {
        /* entries whose sources are unchanged: their summaries join the
         * table now; whether their callees' summaries changed is known
         * after phase 2 */
        for (size_t i = 0; i < n; i++) {
            sl_cache_key(o, &jobs->v[i], keys[i]);
            char *blob = NULL;
            if (sl_store_cache_get(o->cache, keys[i], &blob, NULL) != 0 || !blob)
                continue;
            if (!sl_cache_entry_load(&entries[i], blob, &jobs->v[i], &memo) ||
                !sl_cache_entry_groups(&P, &entries[i])) {
                sl_cache_entry_free(&entries[i]);
                continue;
            }
            candidate[i] = true;
            sl_cache_entry_summaries(&entries[i], rules, summaries);
        }
    }
    if (!o->no_pch)
        P.pch = sl_pch_plan(jobs, candidate);
    signal(SIGPIPE, SIG_IGN);
    int rc = 0;
    int started = 0;
    for (int k = 0; k < P.nw; k++) {
        if (sl_spawn(&P, &P.w[k], err) != 0) {
            rc = -1;
            break;
        }
        started++;
    }
    P.nw = started;
    if (rc != 0 && started == 0)
        goto out;
    rc = 0;

    /* Phase 1: hand out jobs dynamically. */
    size_t next = 0;
    SL_VEC(size_t) orphans = {0}; /* held by workers that died: parse again */
    for (;;) {
        for (int k = 0; k < P.nw; k++) {
            sl_worker *w = &P.w[k];
            if (!w->alive || w->job >= 0)
                continue;
            long job = -1;
            while (next < n && candidate[next])
                next++;
            if (orphans.n)
                job = (long)orphans.v[--orphans.n];
            else if (next < n)
                job = (long)next++;
            if (job < 0)
                continue;
            w->job = job;
            sl_sendf(w, "P %zu\n", (size_t)job);
        }
        /* wait for any busy worker */
        struct pollfd *pf = sl_xcalloc((size_t)P.nw, sizeof *pf);
        int *map = sl_xcalloc((size_t)P.nw, sizeof *map);
        int np = 0;
        for (int k = 0; k < P.nw; k++)
            if (P.w[k].alive && P.w[k].job >= 0) {
                pf[np].fd = P.w[k].from;
                pf[np].events = POLLIN;
                map[np++] = k;
            }
        if (np == 0) {
            free(pf);
            free(map);
            break;
        }
        int pr = poll(pf, (nfds_t)np, -1);
        for (int q = 0; pr > 0 && q < np; q++) {
            if (!(pf[q].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            sl_worker *w = &P.w[map[q]];
            size_t i = (size_t)w->job;
            bool ch = false;
            char why[160];
            if (sl_read_reply(&P, w, &ch, why, sizeof why) != 0) {
                sl_fail_job(&P, i, why);
                for (size_t h = 0; h < w->held.n; h++)
                    SL_VEC_PUSH(orphans, w->held.v[h]);
                w->held.n = 0;
                if (sl_spawn(&P, w, err) != 0) {
                    rc = -1;
                    free(pf);
                    free(map);
                    free(orphans.v);
                    goto out;
                }
            } else {
                w->job = -1;
            }
            P.ndone_parse++;
            sl_progress(&P, i);
        }
        free(pf);
        free(map);
    }
    free(orphans.v);
    if (o->progress)
        fprintf(stderr, "\r\033[K");

    sl_learn_global_values(&P, entries, candidate);
    sl_learn_inferred(&P, entries, candidate);
    /* Phase 2: everyone learns everyone's summaries, until stable. */
    for (int round = 0; round < 4; round++) {
        sl_broadcast(&P, "R\n");
        bool changed = false;
        for (int k = 0; k < P.nw; k++) {
            char why[160];
            if (P.w[k].alive && sl_read_reply(&P, &P.w[k], &changed, why, sizeof why) != 0) {
                /* died while learning: its TUs are redone in phase 3 */
            }
        }
        if (!changed)
            break;
    }
    /* Cache candidates: taken when their callees' summaries are still the
     * ones they were analyzed with, else analyzed now. */
    for (size_t i = 0; i < n; i++) {
        if (!candidate[i])
            continue;
        char digest[65];
        sl_callee_digest(P.table, entries[i].callees.v, entries[i].callees.n, digest);
        if (!strcmp(digest, entries[i].digest) && entries[i].inferred &&
            !strcmp(entries[i].inferred, P.inferred_digest))
            sl_cache_entry_use(&P, i, &entries[i]);
        else if (sl_run_single(&P, i, err) != 0)
            rc = -1;
    }
    if (o->export_out)
        sl_export_sections(&P, o->export_out);
    if (o->stale)
        sl_list_stale(&P, o->stale);
    /* Phase 3: analyze. */
    if (!o->summaries_only) {
        sl_broadcast(&P, "A\n");
        for (int k = 0; k < P.nw; k++) {
            sl_worker *w = &P.w[k];
            bool ch = false;
            char why[160];
            if (!w->alive || sl_read_reply(&P, w, &ch, why, sizeof why) != 0) {
                if (w->job >= 0 && (size_t)w->job < n && !P.done[w->job])
                    sl_fail_job(&P, (size_t)w->job, why);
            }
        }
        for (int k = 0; k < P.nw; k++)
            if (sl_recover(&P, &P.w[k], err) != 0)
                rc = -1;
    }
    /* Jobs that nobody finished (a worker died while learning summaries and
     * its replacement could not run them) are failures, never silent. */
    for (size_t i = 0; i < n; i++)
        if (!P.done[i] && !P.results[i].file)
            sl_fail_job(&P, i, "not analyzed: its worker stopped");
    /* Store what was analyzed in the cache, in one transaction. */
    if (o->cache && rc == 0) {
        SL_VEC(const char *) ks = {0}, fl = {0}, gk = {0}, gl = {0};
        SL_VEC(char *) blobs = {0}, dj = {0};
        unsigned mark = sl_declpool_new_mark(&P.pool);
        for (size_t i = 0; i < n; i++) {
            if (P.cached[i] || !P.results[i].file || P.results[i].status == SL_TU_FAILED)
                continue;
            SL_VEC_PUSH(ks, keys[i]);
            SL_VEC_PUSH(fl, jobs->v[i].file);
            SL_VEC_PUSH(blobs, sl_cache_entry_make(&P, i, &memo));
            /* the groups it reads, as a JSON array (keys are hex digits) */
            sl_strbuf j = {0};
            sl_strbuf_puts(&j, "[");
            for (size_t k = 0; k < P.facts[i].decls.n; k++) {
                sl_dgroup *g = P.facts[i].decls.v[k];
                sl_strbuf_printf(&j, "%s\"%s\"", k ? "," : "", g->key);
                if (!g->stored && g->mark != mark) {
                    g->mark = mark;
                    SL_VEC_PUSH(gk, g->key);
                    SL_VEC_PUSH(gl, g->lines);
                }
            }
            sl_strbuf_puts(&j, "]");
            SL_VEC_PUSH(dj, sl_strbuf_detach(&j));
        }
        sl_cache_rows rows = {ks.v, fl.v, (const char *const *)blobs.v,
                              (const char *const *)dj.v, ks.n, gk.v, gl.v, gk.n};
        sl_error cerr = {{0}};
        if (ks.n && sl_store_cache_put(o->cache, &rows, &cerr) != 0)
            fprintf(stderr, "sesslint: warning: the analysis cache was not updated: %s\n",
                    cerr.msg);
        for (size_t i = 0; i < blobs.n; i++) {
            free(blobs.v[i]);
            free(dj.v[i]);
        }
        free(blobs.v);
        free(dj.v);
        free(ks.v);
        free(fl.v);
        free(gk.v);
        free(gl.v);
    }
out:
    for (int k = 0; k < P.nw; k++) {
        if (P.w[k].alive) {
            sl_send(&P.w[k], "Q\n", 2);
            char tmp[160];
            sl_reap(&P.w[k], tmp, sizeof tmp);
        }
        free(P.w[k].held.v);
    }
    sl_pch_free(P.pch);
    sl_strvec dirs_noted = {0};
    for (size_t i = 0; i < n; i++) {
        if (P.diags[i]) {
            if (!o->quiet || P.results[i].status == SL_TU_FAILED)
                sl_frontend_print_diags(stderr, P.diags[i], &dirs_noted);
            free(P.diags[i]);
        }
        if (!P.results[i].file)
            P.results[i].file = sl_xstrdup(jobs->v[i].file);
        SL_VEC_PUSH(*tus, P.results[i]);
        /* the TU that reported each finding: what decides whether two runs
         * can compare it (scope.h) */
        for (size_t k = 0; k < P.found[i].n; k++)
            if (!P.found[i].v[k].tu)
                P.found[i].v[k].tu = sl_xstrdup(jobs->v[i].file);
        sl_findings_take(fs, &P.found[i]);
        free(P.found[i].v);
    }
    if (ncached)
        *ncached = P.ncached;
    for (size_t i = 0; i < n; i++) {
        sl_tu_facts_release(&P.facts[i]);
        sl_cache_entry_free(&entries[i]);
    }
    free(P.facts);
    free(P.cached);
    free(entries);
    free(candidate);
    free(keys);
    sl_memo_free(&memo);
    sl_inferred_files_free(&P.inferred);
    free(P.imp.v);
    for (size_t i = 0; i < P.imp_decls.n; i++)
        free(P.imp_decls.v[i].v);
    free(P.imp_decls.v);
    sl_declpool_free(&P.pool);
    free(P.w);
    free(P.results);
    free(P.diags);
    sl_strvec_free(&dirs_noted);
    free(P.found);
    free(P.done);
    return rc;
}
