/* store: the findings database, and the one place in sesslint that speaks
 * SQL.  Schema and queries users can write on it: docs/db.md.
 *
 * A sl_store is one open SQLite connection to one database file.  The
 * caller owns it and ends it with sl_store_close(); on a failed open *out
 * is NULL and there is nothing to close.
 *
 * Safety of stored data:
 *   - Every run is written in one transaction (BEGIN IMMEDIATE), so a run
 *     is stored whole or not at all, whatever kills the process.
 *   - The file is in WAL mode: readers never wait for a writer, and a
 *     writer waits up to the busy timeout (10 s; SESSLINT_BUSY_TIMEOUT_MS
 *     overrides it, in milliseconds) for another writer before it fails
 *     with "database is locked".
 *   - The schema version is PRAGMA user_version, migrated forward on a
 *     read-write open.  A file from a newer sesslint, a file that is not a
 *     sesslint database, or a corrupt one is refused with a message naming
 *     it; no function here deletes or rewrites data it did not write in the
 *     same call.
 *   - Read-only opens use SQLITE_OPEN_READONLY and PRAGMA query_only, so
 *     nothing done through them can change the file.
 *
 * How `sesslint check` uses it, in this order:
 *   1. analyze; sl_findings_finalize(&fs, root) (fingerprints);
 *   2. sl_suppress_apply (suppress.h) for inline comments, then
 *      sl_store_apply_triage so stored decisions suppress too;
 *   3. --baseline REF: sl_store_resolve_run(st, REF, root, &base, &err) --
 *      before saving, so "latest" means the previous run -- then
 *      sl_store_mark_new(st, base, &fs, is_new, &err); SL_STORE_NO_RUN is
 *      the case --baseline-missing decides;
 *   4. write the reports; sl_store_save_run(st, &info, &fs, &tus, ...);
 *   5. sl_store_close.
 * With --no-db and --baseline, open read-only (nothing is stored).
 *
 * Every function that can fail returns 0 on success and -1 with err set
 * ("PATH: what went wrong"); sl_store_resolve_run also returns
 * SL_STORE_NO_RUN (see there).  Findings handed in are only read; findings
 * handed out (sl_store_load_run) belong to the caller, who frees them with
 * sl_findings_free().
 */
#ifndef SL_STORE_H
#define SL_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "findings.h"
#include "summary.h"
#include "util.h"

/* Current schema version (PRAGMA user_version of a migrated file). */
#define SL_STORE_SCHEMA_VERSION 3
/* PRAGMA application_id of a sesslint database: 0x534c4442, "SLDB". */
#define SL_STORE_APPLICATION_ID 1397507138
/* Returned by sl_store_resolve_run when the reference is valid but no run
 * is stored for it (the CI gate's "baseline missing"). */
#define SL_STORE_NO_RUN (-2)

typedef struct sl_store sl_store;

/* Open (and, read-write, create) the database at path.
 *   readonly = false: creates the parent directory (e.g. `.sesslint/`) and
 *     the file when missing, turns on WAL and migrates the schema forward.
 *     A file the process cannot write is refused ("read-only").
 *   readonly = true: the file must exist and already hold the current
 *     schema; nothing is created, migrated or written.
 * On success *out is the new store (caller closes it).  On failure *out is
 * NULL, err names the file and the problem, and the file is untouched. */
int sl_store_open(sl_store **out, const char *path, bool readonly, sl_error *err);
/* Close the connection and free st (NULL is fine). */
void sl_store_close(sl_store *st);
/* The path st was opened with (borrowed). */
const char *sl_store_path(const sl_store *st);

/* Busy timeout in milliseconds: SESSLINT_BUSY_TIMEOUT_MS when set to a
 * non-negative integer, else 10000. */
int sl_store_busy_timeout_ms(void);

/* What a run records besides its findings.  Borrowed strings; NULL allowed
 * for commit and branch (not a git tree, no commit yet, detached HEAD),
 * rules_digest and command.  root (absolute) is required: file paths are
 * stored relative to it.  status is "complete" or "incomplete" (some TU
 * failed).  Times are seconds since the epoch. */
typedef struct sl_run_info {
    const char *commit, *branch;
    bool dirty;
    const char *root, *tool_version, *rules_digest, *status, *command;
    long long started, finished;
    /* --shard K/N: shard_index K (1..N) and shard_count N; 0 and 0 for a
     * run over everything it was given */
    int shard_index, shard_count;
} sl_run_info;

/* Store one run: its row in `runs`, a `files` row per TU of tus (may be
 * NULL) and per other file holding a finding (content hash read now), and
 * a `findings` row per finding of fs.  Findings must be finalized (have a
 * fingerprint).  All of it in one transaction: on failure (-1) nothing of
 * this run is stored and earlier runs are untouched.  *run_id gets the new
 * run's id. */
int sl_store_save_run(sl_store *st, const sl_run_info *run, const sl_findings *fs,
                      const sl_tu_results *tus, long long *run_id, sl_error *err);

/* Find the run a reference names.  ref is one of
 *   "#N" or "N"   the run with id N (a bare number that is also a stored
 *                 commit's hash prefix is refused as ambiguous);
 *   "latest"      the most recent run;
 *   a full hash or a unique prefix (4+ hex digits) of a stored commit;
 *   anything `git rev-parse` resolves to a commit (HEAD~2, a branch, a tag),
 *                 run in git_dir (NULL: the current directory).
 * A commit with several runs resolves to its most recent run taken on a
 * clean work tree, or, when every run of it was dirty, its most recent run
 * (so a pre-commit check of a dirty tree never becomes the baseline of the
 * commit it started from).  "latest" is the most recent run of any kind.
 * Returns 0 with *run_id set; SL_STORE_NO_RUN when ref names a commit (or
 * "latest") for which no run is stored; -1 for every other failure (an
 * ambiguous prefix lists the candidates, an unknown revision says so). */
int sl_store_resolve_run(sl_store *st, const char *ref, const char *git_dir,
                         long long *run_id, sl_error *err);

/* The same for commits only: ref is a hash, a unique prefix or a git
 * revision; run ids and "latest" are not accepted (a bare number is a
 * commit prefix here). */
int sl_store_resolve_commit(sl_store *st, const char *ref, const char *git_dir,
                            long long *run_id, sl_error *err);

/* A stored run's own record (runs row).  Owned strings, freed by
 * sl_run_record_release. */
typedef struct sl_run_record {
    long long id;
    char *commit, *branch; /* may be NULL */
    bool dirty;
    char *root, *tool_version, *rules_digest, *status, *command; /* digest, command may be NULL */
    long long started, finished;
    size_t nfindings;
    int shard_index, shard_count; /* 0, 0: not a shard */
} sl_run_record;
int sl_store_load_run_record(sl_store *st, long long run_id, sl_run_record *out,
                             sl_error *err);
void sl_run_record_release(sl_run_record *r);

/* Append the findings of run run_id to out, in stored order (the order
 * sl_findings_finalize gave them), with absolute paths rebuilt from the
 * run's root.  Every field written by sl_store_save_run comes back,
 * fingerprint, ordinal and suppression included.  On -1, out is as it
 * was. */
int sl_store_load_run(sl_store *st, long long run_id, sl_findings *out, sl_error *err);
/* Append the run's analyzed translation units (files rows that were TUs)
 * to out, with absolute paths.  On -1, out is as it was. */
int sl_store_load_tus(sl_store *st, long long run_id, sl_tu_results *out, sl_error *err);

/* ---- logical runs (docs/db.md, "Sharded runs") ---- */

typedef SL_VEC(long long) sl_run_ids;

/* The runs that form one logical run with run_id.  A run taken with
 * --shard K/N under a commit is joined by the most recent run of every
 * other shard of N under the same commit, with the same dirty flag and
 * rules digest (a shard never stored is absent: its files count as not
 * analyzed); run_id itself stands for shard K.  Any other run is alone.
 * ids (owned vector, overwritten) gets the run ids in shard order. */
int sl_store_run_group(sl_store *st, long long run_id, sl_run_ids *ids, sl_error *err);

/* Store one new run in st joining runs run_ids[i] of the databases ins[i]
 * (`sesslint merge`): run describes it (its shard fields are ignored: the
 * merged run is whole), every files row of every input (a TU's row wins
 * over a row that names the same path as 'included'), every finding with
 * its steps, paths kept relative to run->root, findings ordered and given
 * ordinals and fingerprints as one run over all of them.  Inputs are only
 * read; st gets the run in one transaction (on -1 nothing of it). */
int sl_store_merge(sl_store *st, sl_store *const *ins, const long long *run_ids, size_t n,
                   const sl_run_info *run, long long *new_id, sl_error *err);

/* ---- diff ---- */

typedef enum sl_diff_state { SL_DIFF_NEW, SL_DIFF_FIXED, SL_DIFF_UNCHANGED } sl_diff_state;
const char *sl_diff_state_name(sl_diff_state s); /* "new", "fixed", "unchanged" */

/* One line of a diff: an index into the head list (new, unchanged) or the
 * base list (fixed); unchanged entries also carry their base index. */
typedef struct sl_diff_entry {
    sl_diff_state state;
    size_t head; /* head index; new and unchanged only */
    size_t base; /* base index; fixed and unchanged only */
} sl_diff_entry;

/* Entries in this order: every new (head order), every fixed (base order),
 * every unchanged (head order).  Owned array; free with sl_diff_free. */
typedef struct sl_diff {
    SL_VEC(sl_diff_entry) e;
    size_t nnew, nfixed, nunchanged;
} sl_diff;

/* Match head findings against base findings by fingerprint.  A fingerprint
 * present n times in base matches at most n head findings.  Lists are only
 * read.  out is overwritten (call sl_diff_free when done). */
void sl_diff_findings(const sl_findings *base, const sl_findings *head, sl_diff *out);
void sl_diff_free(sl_diff *d);

/* For the CI gate: is_new[i] (an array of head->n) becomes true when head
 * finding i's fingerprint is not among the findings of run base_run. */
int sl_store_mark_new(sl_store *st, long long base_run, const sl_findings *head,
                      bool *is_new, sl_error *err);

/* ---- triage ---- */

/* Record a decision about a finding, by fingerprint or a unique prefix of
 * one (4+ hex digits) that some stored finding or triage entry has.  status
 * is "false-positive", "intentional" or "confirmed"; reason is required.  A
 * later call for the same fingerprint replaces the decision.  *full_fp (if
 * non-NULL) gets the full fingerprint (owned). */
int sl_store_set_triage(sl_store *st, const char *fingerprint, const char *status,
                        const char *reason, char **full_fp, sl_error *err);
/* Forget the decision about a fingerprint (or unique prefix). */
int sl_store_remove_triage(sl_store *st, const char *fingerprint, char **full_fp,
                           sl_error *err);
/* For every finding whose fingerprint is triaged false-positive or
 * intentional: suppressed = true and suppress_reason = "STATUS: REASON"
 * (a finding already suppressed, e.g. by an inline comment, keeps its own
 * reason).  Confirmed findings are left as they are. */
int sl_store_apply_triage(sl_store *st, sl_findings *fs, sl_error *err);

/* ---- read-only SQL ---- */

/* A result cell: type is 'i' (integer), 'r' (real), 't' (text), 'b' (blob)
 * or 'n' (NULL).  text holds the value as text for every type but NULL
 * (integers and reals printed as SQLite prints them, blobs as lower-case
 * hex), owned. */
typedef struct sl_cell {
    char type;
    char *text;
    long long i;
    double r;
} sl_cell;

/* A whole result set: ncols column names and nrows*ncols cells, row-major.
 * Owned; free with sl_table_free. */
typedef struct sl_table {
    size_t ncols, nrows;
    char **cols;
    SL_VEC(sl_cell) cells;
} sl_table;
void sl_table_free(sl_table *t);

/* Run one SQL statement that only reads, binding params[0..nparams) as
 * text (NULL binds NULL), and collect its rows into out.  A statement that
 * would write (INSERT, UPDATE, DELETE, DDL, ATTACH, VACUUM, a PRAGMA that
 * sets a value, ...) is refused before it runs, as is more than one
 * statement.  Works on any store; `sesslint query` opens it read-only too.
 * On -1, out is empty. */
int sl_store_query(sl_store *st, const char *sql, const char *const *params,
                   size_t nparams, sl_table *out, sl_error *err);

/* ---- for tests of the migration mechanism ---- */

struct sqlite3;
/* One forward step: SQL run to go from version `to - 1` to `to`. */
typedef struct sl_migration {
    int to;
    const char *sql;
} sl_migration;
/* Bring the database db (file name path, for messages) from its
 * user_version up to steps[n-1].to, applying each missing step in order,
 * all in one transaction.  A version above steps[n-1].to is refused.  On
 * failure nothing changes.  sl_store_open calls this with sesslint's own
 * steps. */
int sl_store_migrate(struct sqlite3 *db, const char *path, const sl_migration *steps,
                     size_t n, sl_error *err);
/* sesslint's own steps (static storage; *n gets how many): a test makes a
 * database of an older version with the first of them. */
const sl_migration *sl_store_schema_steps(size_t *n);

/* Function summaries learned by earlier runs with the same rules (digest),
 * merged into out; resources are resolved in rs.  Save replaces the stored
 * summary of every function in sums, in one transaction. */
int sl_store_load_summaries(sl_store *st, const char *digest, const sl_ruleset *rs,
                            sl_summaries *out, sl_error *err);
int sl_store_save_summaries(sl_store *st, const char *digest, const sl_summaries *sums,
                            sl_error *err);

/* The incremental cache (table tu_cache): one text blob per key, and the
 * groups of inference candidates the entries share (table tu_cache_decls,
 * declpool.h).  get sets *blob (owned) or NULL when there is no entry;
 * decls_get sets *lines (owned) to the group of key, or NULL. */
int sl_store_cache_get(sl_store *st, const char *key, char **blob, sl_error *err);
int sl_store_cache_decls_get(sl_store *st, const char *key, char **lines, sl_error *err);

/* What sl_store_cache_put stores (every array borrowed): n entries, each
 * with the JSON array of the group keys it reads (decls[i], may be NULL),
 * and ngroups groups (keys and lines) not known to be stored yet. */
typedef struct sl_cache_rows {
    const char *const *keys, *const *files, *const *blobs, *const *decls;
    size_t n;
    const char *const *group_keys, *const *group_lines;
    size_t ngroups;
} sl_cache_rows;

/* Store rows in one transaction, keep only the newest entry per file, and
 * drop the groups no entry reads any more. */
int sl_store_cache_put(sl_store *st, const sl_cache_rows *rows, sl_error *err);

#endif
