/* scope: see scope.h. */
#include "scope.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitinfo.h"

/* ---- logical runs ---- */

void sl_logical_run_release(sl_logical_run *r)
{
    free(r->ids.v);
    free(r->shards.v);
    sl_run_record_release(&r->rec);
    sl_findings_free(&r->fs);
    sl_tu_results_free(&r->tus);
    memset(r, 0, sizeof *r);
}

int sl_logical_run_load(sl_store *st, long long run_id, sl_logical_run *out, sl_error *err)
{
    memset(out, 0, sizeof *out);
    if (sl_store_run_group(st, run_id, &out->ids, err) != 0 ||
        sl_store_load_run_record(st, run_id, &out->rec, err) != 0)
        goto fail;
    out->rec.nfindings = 0;
    for (size_t i = 0; i < out->ids.n; i++) {
        sl_run_record rec;
        sl_findings fs = {0};
        sl_tu_results tus = {0};
        if (sl_store_load_run_record(st, out->ids.v[i], &rec, err) != 0)
            goto fail;
        if (sl_store_load_run(st, out->ids.v[i], &fs, err) != 0 ||
            sl_store_load_tus(st, out->ids.v[i], &tus, err) != 0) {
            sl_run_record_release(&rec);
            sl_findings_free(&fs);
            sl_tu_results_free(&tus);
            goto fail;
        }
        sl_findings_reroot(&fs, rec.root, out->rec.root);
        for (size_t k = 0; k < tus.n; k++) {
            sl_path_reroot(&tus.v[k].file, rec.root, out->rec.root);
            SL_VEC_PUSH(out->tus, tus.v[k]);
        }
        free(tus.v);
        out->rec.nfindings += fs.n;
        sl_findings_take(&out->fs, &fs);
        if (rec.shard_count > 0)
            SL_VEC_PUSH(out->shards, rec.shard_index);
        sl_run_record_release(&rec);
    }
    /* Several runs: the order, ordinals and fingerprints one run over all
     * their translation units would have given (two shards can each hold a
     * finding that is otherwise identical, e.g. in a shared header). */
    if (out->ids.n > 1)
        sl_findings_finalize(&out->fs, out->rec.root);
    return 0;
fail:
    sl_logical_run_release(out);
    return -1;
}

char *sl_logical_run_shards(const sl_logical_run *r)
{
    if (r->rec.shard_count <= 0)
        return sl_xstrdup("");
    sl_strbuf b = {0};
    sl_strbuf_printf(&b, "shard%s ", r->shards.n == 1 ? "" : "s");
    for (size_t i = 0; i < r->shards.n; i++)
        sl_strbuf_printf(&b, "%s%d", i ? ", " : "", r->shards.v[i]);
    sl_strbuf_printf(&b, " of %d", r->rec.shard_count);
    if ((int)r->shards.n < r->rec.shard_count) {
        sl_strbuf_puts(&b, " (missing:");
        for (int k = 1, sep = 0; k <= r->rec.shard_count; k++) {
            bool have = false;
            for (size_t i = 0; i < r->shards.n; i++)
                have |= r->shards.v[i] == k;
            if (!have)
                sl_strbuf_printf(&b, "%s %d", sep++ ? "," : "", k);
        }
        sl_strbuf_puts(&b, ")");
    }
    return sl_strbuf_detach(&b);
}

/* ---- scope ---- */

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool in_set(const sl_strvec *v, const char *path)
{
    return v->n && bsearch(&path, v->v, v->n, sizeof *v->v, cmp_cstr) != NULL;
}

/* The TUs a run analyzed (not failed), relative to root, sorted, unique. */
static void analyzed_set(const sl_tu_results *tus, const char *root, sl_strvec *out)
{
    for (size_t i = 0; tus && i < tus->n; i++)
        if (tus->v[i].status != SL_TU_FAILED && tus->v[i].file)
            SL_VEC_PUSH(*out, sl_path_relative(tus->v[i].file, root));
    if (out->n > 1)
        qsort(out->v, out->n, sizeof *out->v, cmp_cstr);
    size_t o = 0;
    for (size_t i = 0; i < out->n; i++) {
        if (o && !strcmp(out->v[o - 1], out->v[i]))
            free(out->v[i]);
        else
            out->v[o++] = out->v[i];
    }
    out->n = o;
}

/* The files of a commit (git ls-tree), sorted; false when git cannot
 * tell (no commit, a dirty tree, not a repository that has it). */
static bool commit_files(const sl_scope_run *r, const char *git_dir, sl_strvec *out)
{
    if (!r->commit || r->dirty)
        return false;
    const char *args[] = {"ls-tree", "-r", "-z", "--name-only", "--full-tree", r->commit, NULL};
    char *text = NULL;
    int status = 0;
    sl_error err;
    if (sl_git_run(git_dir, args, &text, NULL, &status, &err) != 0 || status != 0) {
        free(text);
        return false;
    }
    /* NUL-separated names */
    size_t len = 0;
    for (const char *p = text; p && *p; p += len + 1) {
        len = strlen(p);
        SL_VEC_PUSH(*out, sl_xstrdup(p));
    }
    free(text);
    if (out->n > 1)
        qsort(out->v, out->n, sizeof *out->v, cmp_cstr);
    return true;
}

void sl_scope_build(const sl_scope_run *base, const sl_scope_run *head, const char *root,
                    const char *git_dir, sl_scope *out)
{
    memset(out, 0, sizeof *out);
    sl_strvec b = {0}, h = {0}, btree = {0}, htree = {0};
    analyzed_set(base->tus, root, &b);
    analyzed_set(head->tus, root, &h);
    int bknown = -1, hknown = -1; /* -1: not asked yet */
    size_t i = 0, j = 0;
    while (i < b.n || j < h.n) {
        int c = i == b.n ? 1 : j == h.n ? -1 : strcmp(b.v[i], h.v[j]);
        const char *path = c <= 0 ? b.v[i] : h.v[j];
        bool compared;
        if (c == 0) {
            compared = true;
        } else if (c < 0) {
            /* base only: deleted by head's commit? */
            if (hknown < 0)
                hknown = commit_files(head, git_dir, &htree);
            compared = hknown && !in_set(&htree, path);
        } else {
            /* head only: added since base's commit? */
            if (bknown < 0)
                bknown = commit_files(base, git_dir, &btree);
            compared = bknown && !in_set(&btree, path);
        }
        SL_VEC_PUSH(out->analyzed, sl_xstrdup(path));
        if (compared) {
            SL_VEC_PUSH(out->compared, sl_xstrdup(path));
        } else {
            sl_scope_file f = {sl_xstrdup(path), c < 0 ? SL_SCOPE_BASE_ONLY : SL_SCOPE_HEAD_ONLY,
                               0};
            SL_VEC_PUSH(out->not_analyzed, f);
        }
        if (c <= 0)
            i++;
        if (c >= 0)
            j++;
    }
    sl_strvec_free(&b);
    sl_strvec_free(&h);
    sl_strvec_free(&btree);
    sl_strvec_free(&htree);
}

/* The path that decides a finding's scope, relative to root (owned). */
static char *scope_path(const sl_finding *f, const char *root)
{
    return sl_path_relative(f->tu ? f->tu : f->loc.file ? f->loc.file : "", root);
}

bool sl_scope_covers(const sl_scope *sc, const sl_finding *f, const char *root)
{
    char *p = scope_path(f, root);
    bool ok = in_set(&sc->compared, p) || (!f->tu && !in_set(&sc->analyzed, p));
    free(p);
    return ok;
}

static int cmp_scope_file(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, ((const sl_scope_file *)b)->path);
}

void sl_scope_split(sl_scope *sc, sl_findings *fs, const char *root, bool is_base,
                    sl_findings *aside)
{
    size_t o = 0;
    for (size_t i = 0; i < fs->n; i++) {
        if (sl_scope_covers(sc, &fs->v[i], root)) {
            fs->v[o++] = fs->v[i];
            continue;
        }
        char *p = scope_path(&fs->v[i], root);
        const char *key = p;
        sl_scope_file *f = sc->not_analyzed.n ? bsearch(&key, sc->not_analyzed.v,
                                                        sc->not_analyzed.n,
                                                        sizeof *sc->not_analyzed.v,
                                                        cmp_scope_file)
                                              : NULL;
        if (f)
            f->nfindings++;
        free(p);
        if (is_base)
            sc->nbase_out++;
        else
            sc->nhead_out++;
        if (aside)
            SL_VEC_PUSH(*aside, fs->v[i]);
        else
            sl_finding_release(&fs->v[i]);
    }
    fs->n = o;
}

void sl_scope_free(sl_scope *sc)
{
    sl_strvec_free(&sc->compared);
    sl_strvec_free(&sc->analyzed);
    for (size_t i = 0; i < sc->not_analyzed.n; i++)
        free(sc->not_analyzed.v[i].path);
    free(sc->not_analyzed.v);
    memset(sc, 0, sizeof *sc);
}

void sl_scope_describe(const sl_scope *sc, size_t max, sl_strbuf *b)
{
    size_t n = sc->not_analyzed.n;
    if (!n)
        return;
    sl_strbuf_printf(b, "%zu file%s not analyzed in both runs, not compared:", n,
                     n == 1 ? "" : "s");
    for (size_t i = 0; i < n && i < max; i++) {
        const sl_scope_file *f = &sc->not_analyzed.v[i];
        sl_strbuf_printf(b, "%s %s (%s only", i ? "," : "", f->path,
                         f->side == SL_SCOPE_BASE_ONLY ? "base" : "head");
        if (f->nfindings)
            sl_strbuf_printf(b, "; %zu finding%s not compared", f->nfindings,
                             f->nfindings == 1 ? "" : "s");
        sl_strbuf_puts(b, ")");
    }
    if (n > max)
        sl_strbuf_printf(b, ", and %zu more", n - max);
}

/* ---- the CI gate ---- */

static int cmp_fp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int sl_scope_mark_new(sl_store *st, long long base_run, const sl_findings *head,
                      const sl_scope_run *head_run, const char *root, bool *is_new,
                      sl_scope *scope, sl_error *err)
{
    memset(scope, 0, sizeof *scope);
    sl_logical_run base;
    if (sl_logical_run_load(st, base_run, &base, err) != 0)
        return -1;
    sl_findings_reroot(&base.fs, base.rec.root, root);
    for (size_t i = 0; i < base.tus.n; i++)
        sl_path_reroot(&base.tus.v[i].file, base.rec.root, root);
    sl_scope_run bs = {&base.tus, base.rec.commit, base.rec.dirty};
    sl_scope_build(&bs, head_run, root, root, scope);
    const char **fps = sl_xcalloc(base.fs.n + 1, sizeof *fps);
    for (size_t i = 0; i < base.fs.n; i++)
        fps[i] = base.fs.v[i].fingerprint;
    qsort(fps, base.fs.n, sizeof *fps, cmp_fp);
    for (size_t i = 0; i < head->n; i++) {
        const sl_finding *f = &head->v[i];
        if (!sl_scope_covers(scope, f, root)) {
            is_new[i] = false;
            scope->nhead_out++;
            char *p = scope_path(f, root);
            const char *key = p;
            sl_scope_file *sf =
                scope->not_analyzed.n
                    ? bsearch(&key, scope->not_analyzed.v, scope->not_analyzed.n,
                              sizeof *scope->not_analyzed.v, cmp_scope_file)
                    : NULL;
            if (sf)
                sf->nfindings++;
            free(p);
            continue;
        }
        const char *key = f->fingerprint;
        is_new[i] = !base.fs.n || !bsearch(&key, fps, base.fs.n, sizeof *fps, cmp_fp);
    }
    free(fps);
    sl_logical_run_release(&base);
    return 0;
}
