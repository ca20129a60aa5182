/* scope: which findings two runs can compare, and the logical run that
 * several shard runs of one commit form.
 *
 * A run records the translation units it analyzed (its `files` rows other
 * than 'included').  Two runs compare a finding only when the translation
 * unit that reported it (sl_finding.tu; for a finding stored before schema
 * 2, which has none, its own file) is in the scope of both:
 *   - analyzed by both runs (a TU that failed counts as not analyzed), or
 *   - analyzed by one run and absent from the commit of the other, which
 *     git says and which was taken on a clean tree: a file added or deleted
 *     between them, whose findings are new or fixed.
 * Every other file analyzed by one run only was "not analyzed" by the
 * other: its findings are neither new nor fixed; they are counted and the
 * files listed.  A finding without a TU whose file neither run analyzed as
 * a TU (a header, in a run stored before schema 2) is compared as before.
 *
 * Everything here owns what it returns; free with the *_release/_free
 * functions.  Paths in a sl_scope are relative to the root they were
 * built with.
 */
#ifndef SL_SCOPE_H
#define SL_SCOPE_H

#include <stdbool.h>

#include "findings.h"
#include "store.h"
#include "util.h"

/* A logical run: one run, or the shard runs that stand for one commit
 * (sl_store_run_group). */
typedef struct sl_logical_run {
    sl_run_ids ids;     /* its runs, in shard order */
    sl_run_record rec;  /* the run that was named; nfindings counts all */
    sl_findings fs;     /* every run's findings, paths under rec.root (with
                           several runs: sorted and given ordinals and
                           fingerprints again, as one run would have) */
    sl_tu_results tus;  /* every run's translation units, under rec.root */
    SL_VEC(int) shards; /* the shard index of each run (empty: not sharded) */
} sl_logical_run;

/* Load the logical run of run_id.  On -1 (err set) *out is empty. */
int sl_logical_run_load(sl_store *st, long long run_id, sl_logical_run *out, sl_error *err);
void sl_logical_run_release(sl_logical_run *r);
/* "shards 1, 2 of 3 (missing: 3)" for a sharded logical run, "" otherwise.
 * Returns owned. */
char *sl_logical_run_shards(const sl_logical_run *r);

typedef enum sl_scope_side { SL_SCOPE_BASE_ONLY, SL_SCOPE_HEAD_ONLY } sl_scope_side;

typedef struct sl_scope_file {
    char *path;         /* relative to the root */
    sl_scope_side side; /* the run that analyzed it */
    size_t nfindings;   /* its findings set aside (sl_scope_split) */
} sl_scope_file;

typedef struct sl_scope {
    sl_strvec compared;   /* sorted: TUs whose findings are compared */
    sl_strvec analyzed;   /* sorted: TUs analyzed by either run */
    SL_VEC(sl_scope_file) not_analyzed; /* sorted by path */
    size_t nbase_out, nhead_out;        /* findings set aside */
} sl_scope;

/* One side of a comparison. */
typedef struct sl_scope_run {
    const sl_tu_results *tus; /* absolute paths */
    const char *commit;       /* NULL: git cannot tell what it held */
    bool dirty;
} sl_scope_run;

/* The scope of base and head, both with paths under root.  git_dir: the
 * repository to ask which files a commit holds (NULL: the current
 * directory); when git cannot tell, a file analyzed by one run only is not
 * analyzed by the other. */
void sl_scope_build(const sl_scope_run *base, const sl_scope_run *head, const char *root,
                    const char *git_dir, sl_scope *out);
/* Is f (paths under root) compared? */
bool sl_scope_covers(const sl_scope *sc, const sl_finding *f, const char *root);
/* Move the findings of fs that are not compared to the end of *aside
 * (NULL: free them), counting them on their file; is_base says which run
 * fs belongs to. */
void sl_scope_split(sl_scope *sc, sl_findings *fs, const char *root, bool is_base,
                    sl_findings *aside);
void sl_scope_free(sl_scope *sc);
/* "2 files not analyzed in both runs, not compared: b.c (base only), c.c
 * (head only)", naming at most max files ("and N more"); nothing when every
 * file was compared. */
void sl_scope_describe(const sl_scope *sc, size_t max, sl_strbuf *b);

/* For the CI gate: compare this run's findings (head, paths under root;
 * its TUs and commit in head_run) with the logical run of base_run.
 * is_new[i] (an array of head->n) becomes true when head finding i is
 * compared and its fingerprint is not among the base's; findings that are
 * not compared are never new.  *scope (free with sl_scope_free) says what
 * was not compared, with the head findings set aside counted on their
 * files.  Returns 0, or -1 with err set. */
int sl_scope_mark_new(sl_store *st, long long base_run, const sl_findings *head,
                      const sl_scope_run *head_run, const char *root, bool *is_new,
                      sl_scope *scope, sl_error *err);

#endif
