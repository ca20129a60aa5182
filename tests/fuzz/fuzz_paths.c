/* fuzz_paths: see fuzz_paths.h. */
#define _GNU_SOURCE
#include "fuzz_paths.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis.h"
#include "findings.h"
#include "frontend.h"
#include "ir.h"
#include "store.h"
#include "summary.h"

/* UndefinedBehaviorSanitizer stops at its first report, as in every
 * sanitizer build.  (The fuzz build compiles the core library's checks as
 * recoverable only so that bench/fuzz.sh can step over the known bugs in
 * tests/fuzz/ubsan-known.supp; UBSAN_OPTIONS adds to these defaults.) */
const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void)
{
    return "halt_on_error=1:print_stacktrace=1";
}

int sl_fuzz_ctx_init(sl_fuzz_ctx *c, const char *source_dir, sl_error *err)
{
    memset(c, 0, sizeof *c);
    /* Nothing else has a database input open: never wait for a lock. */
    setenv("SESSLINT_BUSY_TIMEOUT_MS", "0", 1);
    sl_rules_init(&c->rules);
    c->source_dir = sl_xstrdup(source_dir);
    c->rules_dir = sl_path_join(source_dir, "rules");
    if (sl_rules_load_path(&c->rules, c->rules_dir, err) != 0)
        goto fail;
    sl_rules_digest(&c->rules, c->rules_digest);
    /* Rule inputs live next to the shipped files, so an input's
     * `include: [libcurl.yaml]` reaches a real one. */
    c->rules_name = sl_path_join(c->rules_dir, "fuzz-input.yaml");
    /* C inputs are parsed as a file of the corpus, with the include
     * directories the corpus's own compile flags name. */
    c->c_name = sl_path_join(source_dir, "corpus/fuzz-input.c");
    c->c_args[0] = sl_xstrdup("-std=gnu17");
    c->c_args[1] = sl_xasprintf("-I%s/corpus/interproc/include", source_dir);
    c->c_args[2] = sl_xasprintf("-I%s/corpus/headers/include", source_dir);
    c->idx = clang_createIndex(0, 0);
    const char *tmp = getenv("TMPDIR");
    char *tmpl = sl_xasprintf("%s/sesslint-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(tmpl)) {
        sl_error_set(err, "%s: cannot make a temporary directory: %s", tmpl, strerror(errno));
        free(tmpl);
        goto fail;
    }
    c->tmpdir = tmpl;
    c->db_path = sl_path_join(c->tmpdir, "fuzz.db");
    return 0;
fail:
    sl_fuzz_ctx_release(c);
    return -1;
}

void sl_fuzz_ctx_release(sl_fuzz_ctx *c)
{
    if (c->idx)
        clang_disposeIndex(c->idx);
    if (c->tmpdir)
        rmdir(c->tmpdir);
    sl_rules_free(&c->rules);
    free(c->source_dir);
    free(c->rules_dir);
    free(c->rules_name);
    free(c->c_name);
    for (size_t i = 0; i < sizeof c->c_args / sizeof c->c_args[0]; i++)
        free(c->c_args[i]);
    free(c->tmpdir);
    free(c->db_path);
    memset(c, 0, sizeof *c);
}

/* ---- rules ------------------------------------------------------------ */

/* Look fn up, and a longer name that only a `prefix*` pattern can match;
 * touch everything the lookup hands back. */
static size_t probe_lookup(const sl_ruleset *rs, const char *fn)
{
    size_t hits = 0;
    char *longer = sl_xasprintf("%s_fuzz", fn);
    const char *names[] = {fn, longer};
    for (size_t i = 0; i < 2; i++) {
        const sl_fnrule *r = sl_rules_lookup(rs, names[i]);
        if (!r)
            continue;
        hits++;
        (void)sl_fnrule_is_pattern(r);
        sl_srcpos b = sl_fnrule_borrow_pos(r), d = sl_fnrule_dealloc_pos(r);
        hits += (b.file != NULL) + (d.file != NULL) + r->release.n;
        if (r->acquire && r->acquire->res)
            hits += sl_rules_find_resource(rs, r->acquire->res->name) != NULL;
    }
    free(longer);
    return hits;
}

static void exercise_rules(const sl_ruleset *rs)
{
    char buf[64], digest[65];
    size_t hits = 0;
    for (size_t i = 0; i < rs->resources.n; i++) {
        const sl_resource *r = rs->resources.v[i];
        hits += strlen(sl_kind_name(r->kind)) + strlen(sl_kind_rule_id(r->kind));
        hits += sl_rules_find_resource(rs, r->name) == r;
        for (size_t j = 0; j < r->acquire.n; j++) {
            hits += probe_lookup(rs, r->acquire.v[j].fn);
            hits += strlen(sl_valcond_format(r->acquire.v[j].invalid, buf, sizeof buf));
            hits += strlen(sl_valcond_format(r->acquire.v[j].success, buf, sizeof buf));
            hits += sl_valcond_holds(r->acquire.v[j].invalid, 0);
        }
        for (size_t j = 0; j < r->release.n; j++)
            hits += probe_lookup(rs, r->release.v[j].fn);
    }
    for (size_t i = 0; i < rs->transfers.n; i++)
        hits += probe_lookup(rs, rs->transfers.v[i]->fn);
    sl_rules_stats st;
    sl_rules_get_stats(rs, &st);
    sl_rules_digest(rs, digest);
    /* Keep the work from being optimized away. */
    if (hits + st.functions == (size_t)-1 || digest[64] != 0)
        abort();
}

void sl_fuzz_rules_one(const sl_fuzz_ctx *c, const uint8_t *data, size_t size,
                       sl_fuzz_outcome *out)
{
    memset(out, 0, sizeof *out);
    sl_ruleset rs;
    sl_rules_init(&rs);
    if (sl_rules_load_buffer(&rs, c->rules_name, (const char *)data, size, &out->err) == 0) {
        out->accepted = true;
        out->items = rs.resources.n;
        exercise_rules(&rs);
        /* The shipped rules on top: a conflict is refused as a whole. */
        sl_error err = {{0}};
        size_t before = rs.resources.n;
        if (sl_rules_load_path(&rs, c->rules_dir, &err) == 0)
            exercise_rules(&rs);
        else if (rs.resources.n != before || err.msg[0] == 0)
            abort(); /* a refused load must leave the set as it was, and say why */
    }
    sl_rules_free(&rs);
}

/* ---- frontend + analysis ------------------------------------------------ */

/* Every summary through its text form and back, as workers and the
 * database carry them. */
static void summaries_round_trip(const sl_summaries *sums, const sl_ruleset *rs)
{
    for (size_t i = 0; i < sums->v.n; i++) {
        sl_strbuf b = {0};
        sl_summary_format(&b, sums->v.v[i]);
        if (b.s) {
            char *nl = strchr(b.s, '\n');
            if (nl)
                *nl = 0;
            sl_summary back;
            sl_error err = {{0}};
            if (sl_summary_parse(b.s, rs, &back, &err) == 0)
                sl_summary_release(&back);
        }
        sl_strbuf_release(&b);
    }
}

void sl_fuzz_frontend_one(const sl_fuzz_ctx *c, const uint8_t *data, size_t size,
                          sl_fuzz_outcome *out)
{
    memset(out, 0, sizeof *out);
    if (memchr(data, 0, size)) {
        out->skipped = true; /* unsaved contents are NUL-terminated text */
        return;
    }
    char *src = sl_xmalloc(size + 1);
    memcpy(src, data, size);
    src[size] = 0;
    sl_parse_input in = {0};
    in.file = c->c_name;
    in.args = (const char *const *)c->c_args;
    in.nargs = (int)(sizeof c->c_args / sizeof c->c_args[0]);
    in.contents = src;
    sl_parse_report rep = {0};
    sl_tu *tu = sl_frontend_parse(c->idx, &in, &rep, &out->err);
    if (tu) {
        out->accepted = true;
        out->items = tu->funcs.n;
        sl_analysis_opts opts;
        sl_analysis_opts_default(&opts);
        sl_summaries sums;
        sl_summaries_init(&sums);
        sl_summarize_tu(tu, &c->rules, &opts, &sums);
        out->summaries = sums.v.n;
        summaries_round_trip(&sums, &c->rules);
        sl_findings fs = {0};
        sl_analyze_tu(tu, &c->rules, &opts, &sums, &fs, NULL);
        opts.unknown_calls = SL_UNKNOWN_BORROW;
        sl_analyze_tu(tu, &c->rules, &opts, &sums, &fs, NULL);
        sl_findings_finalize(&fs, c->source_dir);
        out->findings = fs.n;
        sl_findings_free(&fs);
        sl_summaries_free(&sums);
        sl_tu_free(tu);
    }
    sl_parse_report_release(&rep);
    free(src);
}

/* ---- database ----------------------------------------------------------- */

static int write_all(const char *path, const uint8_t *data, size_t size)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        return -1;
    size_t done = 0;
    while (done < size) {
        ssize_t n = write(fd, data + done, size - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    return close(fd) == 0 && done == size ? 0 : -1;
}

/* Remove the database and whatever SQLite made beside it. */
static void remove_db(const char *path)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        char *p = sl_xasprintf("%s%s", path, suffixes[i]);
        unlink(p);
        free(p);
    }
}

static void load_summaries(const sl_fuzz_ctx *c, sl_store *st, const char *digest,
                           sl_fuzz_outcome *out)
{
    sl_summaries sums;
    sl_summaries_init(&sums);
    sl_error err = {{0}};
    if (sl_store_load_summaries(st, digest, &c->rules, &sums, &err) == 0)
        out->summaries += sums.v.n;
    sl_summaries_free(&sums);
}

static void read_store(const sl_fuzz_ctx *c, sl_store *st, sl_fuzz_outcome *out)
{
    sl_error err = {{0}};
    sl_table runs;
    if (sl_store_query(st, "SELECT id FROM runs ORDER BY id", NULL, 0, &runs, &err) == 0) {
        for (size_t r = 0; r < runs.nrows && r < SL_FUZZ_MAX_RUNS; r++) {
            const sl_cell *cell = &runs.cells.v[r * runs.ncols];
            if (cell->type != 'i')
                continue;
            out->items++;
            sl_run_record rec;
            if (sl_store_load_run_record(st, cell->i, &rec, &err) == 0)
                sl_run_record_release(&rec);
            sl_findings fs = {0};
            if (sl_store_load_run(st, cell->i, &fs, &err) == 0) {
                out->findings += fs.n;
                sl_store_apply_triage(st, &fs, &err);
            }
            sl_findings_free(&fs);
            sl_tu_results tus = {0};
            sl_store_load_tus(st, cell->i, &tus, &err);
            sl_tu_results_free(&tus);
        }
    }
    sl_table_free(&runs);
    long long id;
    (void)sl_store_resolve_run(st, "latest", NULL, &id, &err);
    /* Summaries under the shipped rules' digest, and under whatever digests
     * the file holds. */
    load_summaries(c, st, c->rules_digest, out);
    sl_table hashes;
    if (sl_store_query(st, "SELECT DISTINCT hash FROM summaries LIMIT 4", NULL, 0, &hashes,
                       &err) == 0) {
        for (size_t r = 0; r < hashes.nrows; r++) {
            const sl_cell *cell = &hashes.cells.v[r * hashes.ncols];
            if (cell->type != 'n' && strcmp(cell->text, c->rules_digest) != 0)
                load_summaries(c, st, cell->text, out);
        }
    }
    sl_table_free(&hashes);
}

void sl_fuzz_db_one(const sl_fuzz_ctx *c, const uint8_t *data, size_t size,
                    sl_fuzz_outcome *out)
{
    memset(out, 0, sizeof *out);
    if (write_all(c->db_path, data, size) != 0) {
        sl_error_set(&out->err, "%s: cannot write the input: %s", c->db_path, strerror(errno));
        remove_db(c->db_path);
        return;
    }
    /* Read-only first (the file is still the input), then read-write
     * (which may migrate it). */
    for (int pass = 0; pass < 2; pass++) {
        sl_store *st = NULL;
        sl_error err = {{0}};
        if (sl_store_open(&st, c->db_path, pass == 0, &err) == 0) {
            if (pass == 0)
                out->accepted = true;
            else
                out->reopened = true;
            read_store(c, st, out);
            sl_store_close(st);
        } else if (!out->err.msg[0]) {
            out->err = err;
        }
    }
    remove_db(c->db_path);
}
