/* store: see store.h.  Schema documented in docs/db.md; keep them in step. */
#define _GNU_SOURCE
#include "store.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "gitinfo.h"
#include "version.h"

struct sl_store {
    sqlite3 *db;
    char *path;
    bool readonly;
    int busy_ms;
};

/* ---- schema ---- */

#define SL_STR_(x) #x
#define SL_STR(x) SL_STR_(x)

/* Version 1.  Each later version appends a step; a step never edits an
 * earlier one (files in the field were made by it). */
static const sl_migration sl_schema_steps[] = {
    {1,
     "PRAGMA application_id = " SL_STR(SL_STORE_APPLICATION_ID) ";\n"
     "CREATE TABLE runs (\n"
     "  id           INTEGER PRIMARY KEY AUTOINCREMENT,\n"
     "  commit_hash  TEXT,\n"
     "  branch       TEXT,\n"
     "  dirty        INTEGER NOT NULL DEFAULT 0,\n"
     "  root         TEXT NOT NULL,\n"
     "  tool_version TEXT NOT NULL,\n"
     "  rules_digest TEXT,\n"
     "  status       TEXT NOT NULL CHECK (status IN ('complete', 'incomplete')),\n"
     "  command      TEXT,\n"
     "  started      INTEGER NOT NULL,\n"
     "  finished     INTEGER NOT NULL\n"
     ");\n"
     "CREATE INDEX runs_commit ON runs (commit_hash);\n"
     "CREATE TABLE files (\n"
     "  id         INTEGER PRIMARY KEY,\n"
     "  run_id     INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,\n"
     "  path       TEXT NOT NULL,\n"
     "  sha256     TEXT,\n"
     "  status     TEXT NOT NULL CHECK (status IN ('ok', 'parse-errors', 'failed', 'included')),\n"
     "  nerrors    INTEGER NOT NULL DEFAULT 0,\n"
     "  message    TEXT,\n"
     "  nfunctions INTEGER NOT NULL DEFAULT 0,\n"
     "  UNIQUE (run_id, path)\n"
     ");\n"
     "CREATE TABLE findings (\n"
     "  id              INTEGER PRIMARY KEY,\n"
     "  run_id          INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,\n"
     "  fingerprint     TEXT NOT NULL,\n"
     "  ordinal         INTEGER NOT NULL DEFAULT 0,\n"
     "  rule            TEXT NOT NULL,\n"
     "  kind            TEXT NOT NULL,\n"
     "  resource        TEXT,\n"
     "  library         TEXT,\n"
     "  file            TEXT NOT NULL,\n"
     "  line            INTEGER NOT NULL,\n"
     "  col             INTEGER NOT NULL,\n"
     "  function        TEXT,\n"
     "  handle          TEXT,\n"
     "  acquire_fn      TEXT,\n"
     "  acquire_file    TEXT,\n"
     "  acquire_line    INTEGER,\n"
     "  acquire_col     INTEGER,\n"
     "  message         TEXT NOT NULL,\n"
     "  suppressed      INTEGER NOT NULL DEFAULT 0,\n"
     "  suppress_reason TEXT\n"
     ");\n"
     "CREATE INDEX findings_run ON findings (run_id, fingerprint);\n"
     "CREATE INDEX findings_fingerprint ON findings (fingerprint);\n"
     "CREATE TABLE steps (\n"
     "  finding_id INTEGER NOT NULL REFERENCES findings (id) ON DELETE CASCADE,\n"
     "  seq        INTEGER NOT NULL,\n"
     "  kind       TEXT NOT NULL,\n"
     "  file       TEXT,\n"
     "  line       INTEGER NOT NULL,\n"
     "  col        INTEGER NOT NULL,\n"
     "  message    TEXT NOT NULL,\n"
     "  PRIMARY KEY (finding_id, seq)\n"
     ") WITHOUT ROWID;\n"
     "CREATE TABLE triage (\n"
     "  fingerprint TEXT PRIMARY KEY,\n"
     "  status      TEXT NOT NULL CHECK (status IN ('false-positive', 'intentional', 'confirmed')),\n"
     "  reason      TEXT NOT NULL,\n"
     "  updated     INTEGER NOT NULL\n"
     ");\n"
     "CREATE TABLE summaries (\n"
     "  usr     TEXT PRIMARY KEY,\n"
     "  name    TEXT NOT NULL,\n"
     "  file    TEXT,\n"
     "  summary TEXT NOT NULL,\n"
     "  hash    TEXT NOT NULL,\n"
     "  updated INTEGER NOT NULL\n"
     ");\n"
     "CREATE TABLE tu_cache (\n"
     "  key      TEXT PRIMARY KEY,\n"
     "  file     TEXT NOT NULL,\n"
     "  findings BLOB NOT NULL,\n"
     "  created  INTEGER NOT NULL\n"
     ");\n"
     "CREATE INDEX tu_cache_file ON tu_cache (file);\n"},
    /* Version 2: runs taken with --shard K/N say which shard they are, and
     * a finding records the translation unit that reported it (scope.h). */
    {2,
     "ALTER TABLE runs ADD COLUMN shard_index INTEGER;\n"
     "ALTER TABLE runs ADD COLUMN shard_count INTEGER;\n"
     "ALTER TABLE findings ADD COLUMN tu TEXT;\n"},
    /* Version 3: the inference candidates of the cached TUs are stored once
     * per group (declpool.h) instead of in every TU's entry; entries of
     * the older form are dropped (a cache: they are analyzed again). */
    {3,
     "CREATE TABLE tu_cache_decls (\n"
     "  key   TEXT PRIMARY KEY,\n"
     "  lines TEXT NOT NULL\n"
     ") WITHOUT ROWID;\n"
     "ALTER TABLE tu_cache ADD COLUMN decls TEXT;\n"
     "DELETE FROM tu_cache;\n"},
};
#define SL_NSTEPS (sizeof sl_schema_steps / sizeof sl_schema_steps[0])
_Static_assert(sizeof sl_schema_steps / sizeof sl_schema_steps[0] == SL_STORE_SCHEMA_VERSION,
               "SL_STORE_SCHEMA_VERSION must be the last migration step");

const sl_migration *sl_store_schema_steps(size_t *n)
{
    *n = SL_NSTEPS;
    return sl_schema_steps;
}

/* ---- errors ---- */

/* Explain result code rc of db for path, prefixed by what we were doing. */
static int db_fail(sqlite3 *db, const char *path, int rc, int busy_ms, const char *what,
                   sl_error *err)
{
    const char *msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    int sys = db ? sqlite3_system_errno(db) : 0;
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return sl_error_set(err,
                            "%s: %s: database is locked by another process (gave up after "
                            "%d ms; SESSLINT_BUSY_TIMEOUT_MS sets how long to wait)",
                            path, what, busy_ms);
    case SQLITE_READONLY:
        return sl_error_set(err, "%s: %s: database is read-only (%s)", path, what, msg);
    case SQLITE_FULL:
        return sl_error_set(err, "%s: %s: disk full (%s)", path, what, msg);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return sl_error_set(err, "%s: not a sesslint database or corrupt (%s)", path, msg);
    case SQLITE_IOERR:
        if (sys == ENOSPC || sys == EFBIG || sys == EDQUOT)
            return sl_error_set(err, "%s: %s: disk full or file size limit reached (%s)",
                                path, what, strerror(sys));
        return sl_error_set(err, "%s: %s: I/O error (%s%s%s)", path, what, msg,
                            sys ? ": " : "", sys ? strerror(sys) : "");
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
        return sl_error_set(err, "%s: %s: cannot open (%s%s%s)", path, what, msg,
                            sys ? ": " : "", sys ? strerror(sys) : "");
    default:
        return sl_error_set(err, "%s: %s: %s", path, what, msg);
    }
}

static int st_fail(sl_store *st, int rc, const char *what, sl_error *err)
{
    return db_fail(st->db, st->path, rc, st->busy_ms, what, err);
}

/* ---- small helpers ---- */

int sl_store_busy_timeout_ms(void)
{
    const char *s = getenv("SESSLINT_BUSY_TIMEOUT_MS");
    if (s && *s) {
        char *end;
        errno = 0;
        long v = strtol(s, &end, 10);
        if (!*end && errno == 0 && v >= 0 && v <= INT_MAX)
            return (int)v;
    }
    return 10000;
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* BEGIN IMMEDIATE: take the write lock now, waiting for other writers.
 * The busy handler waits inside the call; the loop also retries the BUSY
 * results SQLite returns without calling it (WAL recovery, snapshots),
 * until the busy timeout has passed. */
static int begin_write(sqlite3 *db, int busy_ms)
{
    long long deadline = now_ms() + busy_ms;
    for (;;) {
        int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
        if ((rc & 0xff) != SQLITE_BUSY || now_ms() >= deadline)
            return rc;
        sqlite3_sleep(20);
    }
}

static void rollback(sqlite3 *db)
{
    if (!sqlite3_get_autocommit(db))
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

static int prepare(sl_store *st, const char *sql, sqlite3_stmt **stmt, sl_error *err)
{
    int rc = sqlite3_prepare_v2(st->db, sql, -1, stmt, NULL);
    if (rc != SQLITE_OK) {
        *stmt = NULL;
        return st_fail(st, rc, "preparing a query", err);
    }
    return 0;
}

/* Text of column i, copied (NULL stays NULL); returns owned. */
static char *col_dup(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    if (!t)
        return NULL;
    return sl_xstrndup((const char *)t, (size_t)sqlite3_column_bytes(s, i));
}

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, i);
}

/* Read one integer from a single-row query without parameters. */
static int query_int(sqlite3 *db, const char *sql, long long *v)
{
    sqlite3_stmt *s;
    int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *v = sqlite3_column_int64(s, 0);
        rc = SQLITE_OK;
    } else if (rc == SQLITE_DONE) {
        *v = 0;
        rc = SQLITE_OK;
    }
    sqlite3_finalize(s);
    return rc;
}

static bool is_hex(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!isxdigit((unsigned char)*s))
            return false;
    return true;
}

static bool is_digits(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return false;
    return true;
}

static char *lower_dup(const char *s)
{
    char *d = sl_xstrdup(s);
    for (char *p = d; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return d;
}

/* ---- migrations ---- */

static int newer_error(const char *path, long long v, int last, sl_error *err)
{
    return sl_error_set(err,
                        "%s: database schema version %lld is newer than this sesslint (%s) "
                        "supports (version %d); use a newer sesslint or another --db",
                        path, v, SESSLINT_VERSION, last);
}

int sl_store_migrate(struct sqlite3 *db, const char *path, const sl_migration *steps,
                     size_t n, sl_error *err)
{
    int busy = sl_store_busy_timeout_ms();
    int last = n ? steps[n - 1].to : 0;
    long long v = 0;
    int rc = query_int(db, "PRAGMA user_version", &v);
    if (rc != SQLITE_OK)
        return db_fail(db, path, rc, busy, "reading the schema version", err);
    if (v > last)
        goto newer;
    if (v == last)
        return 0;

    rc = begin_write(db, busy);
    if (rc != SQLITE_OK)
        return db_fail(db, path, rc, busy, "migrating the schema", err);
    /* Another process may have migrated it while we waited. */
    rc = query_int(db, "PRAGMA user_version", &v);
    if (rc != SQLITE_OK) {
        rollback(db);
        return db_fail(db, path, rc, busy, "reading the schema version", err);
    }
    if (v > last) {
        rollback(db);
        goto newer;
    }
    long long from = v;
    for (size_t i = 0; i < n; i++) {
        if (steps[i].to <= v)
            continue;
        rc = sqlite3_exec(db, steps[i].sql, NULL, NULL, NULL);
        if (rc != SQLITE_OK) {
            char what[128];
            snprintf(what, sizeof what, "migrating the schema from version %lld to %d", from,
                     steps[i].to);
            db_fail(db, path, rc, busy, what, err);
            rollback(db);
            return -1;
        }
    }
    char set[64];
    snprintf(set, sizeof set, "PRAGMA user_version = %d", last);
    rc = sqlite3_exec(db, set, NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        db_fail(db, path, rc, busy, "migrating the schema", err);
        rollback(db);
        return -1;
    }
    return 0;

newer:
    return newer_error(path, v, last, err);
}

/* ---- open / close ---- */

static void mkdir_parents(const char *path)
{
    char *dir = sl_path_dirname(path);
    for (char *s = dir + 1; *s; s++) {
        if (*s == '/') {
            *s = 0;
            mkdir(dir, 0777);
            *s = '/';
        }
    }
    mkdir(dir, 0777);
    free(dir);
}

/* "file:" URI for path with immutable=1, for reading a database whose
 * directory we cannot write (no -shm file can be made there).  Returns
 * owned. */
static char *immutable_uri(const char *path)
{
    sl_strbuf b = {0};
    sl_strbuf_puts(&b, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (*p == '%' || *p == '?' || *p == '#' || *p < 0x21 || *p >= 0x7f)
            sl_strbuf_printf(&b, "%%%02X", *p);
        else
            sl_strbuf_add(&b, (const char *)p, 1);
    }
    sl_strbuf_puts(&b, "?immutable=1");
    return sl_strbuf_detach(&b);
}

/* Check that db is a sesslint database (or a new, empty file).  Also the
 * first read of the file, so this is where a corrupt file shows. */
static int check_identity(sl_store *st, long long *version, sl_error *err)
{
    long long app = 0, objs = 0;
    int rc = query_int(st->db, "PRAGMA application_id", &app);
    if (rc == SQLITE_OK)
        rc = query_int(st->db, "PRAGMA user_version", version);
    if (rc == SQLITE_OK)
        rc = query_int(st->db, "SELECT count(*) FROM sqlite_master", &objs);
    if (rc != SQLITE_OK)
        return st_fail(st, rc, "reading the database", err);
    if (app == SL_STORE_APPLICATION_ID)
        return 0;
    if (app == 0 && *version == 0 && objs == 0)
        return 0; /* new or empty: version 0 */
    return sl_error_set(err,
                        "%s: not a sesslint database or corrupt (it holds data sesslint did "
                        "not write; application_id %lld, user_version %lld)",
                        st->path, app, *version);
}

int sl_store_open(sl_store **out, const char *path, bool readonly, sl_error *err)
{
    *out = NULL;
    struct stat sb;
    if (readonly) {
        if (stat(path, &sb) != 0)
            return sl_error_set(err,
                                "%s: no findings database here (%s); run 'sesslint check' "
                                "first, or name one with --db",
                                path, strerror(errno));
    } else {
        mkdir_parents(path);
    }
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
        return sl_error_set(err, "%s: is a directory, not a database file", path);

    sl_store *st = sl_xcalloc(1, sizeof *st);
    st->path = sl_xstrdup(path);
    st->readonly = readonly;
    st->busy_ms = sl_store_busy_timeout_ms();
    int flags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    int rc = sqlite3_open_v2(path, &st->db, flags, NULL);
    if (rc != SQLITE_OK)
        goto fail_rc;
    sqlite3_extended_result_codes(st->db, 1);
    sqlite3_busy_timeout(st->db, st->busy_ms);
    if (!readonly && sqlite3_db_readonly(st->db, "main") == 1) {
        sl_error_set(err,
                     "%s: database is read-only (no write permission); fix its "
                     "permissions, name another with --db, or skip storing with --no-db",
                     path);
        goto fail;
    }

    long long version = 0;
    sl_error probe;
    if (check_identity(st, &version, &probe) != 0) {
        int code = sqlite3_extended_errcode(st->db);
        if (readonly && ((code & 0xff) == SQLITE_CANTOPEN || (code & 0xff) == SQLITE_READONLY)) {
            /* A WAL database in a directory we cannot write: read it as an
             * immutable file instead (nobody can be writing it through a
             * -shm we could not create). */
            sqlite3_close(st->db);
            st->db = NULL;
            char *uri = immutable_uri(path);
            rc = sqlite3_open_v2(uri, &st->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
            free(uri);
            if (rc != SQLITE_OK)
                goto fail_rc;
            sqlite3_extended_result_codes(st->db, 1);
            if (check_identity(st, &version, err) != 0)
                goto fail;
        } else {
            *err = probe;
            goto fail;
        }
    }

    if (readonly) {
        rc = sqlite3_exec(st->db, "PRAGMA query_only = 1", NULL, NULL, NULL);
        if (rc != SQLITE_OK)
            goto fail_rc;
        if (version > SL_STORE_SCHEMA_VERSION) {
            newer_error(path, version, SL_STORE_SCHEMA_VERSION, err);
            goto fail;
        }
        if (version == 0) {
            sl_error_set(err, "%s: holds no sesslint data yet; run 'sesslint check' first", path);
            goto fail;
        }
        if (version < SL_STORE_SCHEMA_VERSION) {
            sl_error_set(err,
                         "%s: database schema version %lld is older than this sesslint's "
                         "(%d); run a command that writes to it (sesslint check) to migrate it",
                         path, version, SL_STORE_SCHEMA_VERSION);
            goto fail;
        }
    } else {
        /* Refuse a newer file before changing anything in it. */
        if (version > SL_STORE_SCHEMA_VERSION) {
            newer_error(path, version, SL_STORE_SCHEMA_VERSION, err);
            goto fail;
        }
        char *mode = NULL;
        sqlite3_stmt *s;
        rc = sqlite3_prepare_v2(st->db, "PRAGMA journal_mode = WAL", -1, &s, NULL);
        if (rc == SQLITE_OK) {
            rc = sqlite3_step(s);
            if (rc == SQLITE_ROW) {
                mode = col_dup(s, 0);
                rc = SQLITE_OK;
            }
            sqlite3_finalize(s);
        }
        if (rc != SQLITE_OK) {
            free(mode);
            db_fail(st->db, path, rc, st->busy_ms, "turning on WAL mode", err);
            goto fail;
        }
        bool wal = mode && strcmp(mode, "wal") == 0;
        free(mode);
        if (!wal) {
            sl_error_set(err, "%s: cannot turn on WAL mode (is it on a network file system?)",
                         path);
            goto fail;
        }
        if (sl_store_migrate(st->db, path, sl_schema_steps, SL_NSTEPS, err) != 0)
            goto fail;
    }
    rc = sqlite3_exec(st->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        goto fail_rc;
    *out = st;
    return 0;

fail_rc:
    db_fail(st->db, path, rc, st->busy_ms, readonly ? "opening read-only" : "opening", err);
fail:
    sqlite3_close(st->db);
    free(st->path);
    free(st);
    return -1;
}

void sl_store_close(sl_store *st)
{
    if (!st)
        return;
    sqlite3_close(st->db);
    free(st->path);
    free(st);
}

const char *sl_store_path(const sl_store *st)
{
    return st->path;
}

/* ---- saving a run ---- */

static const char *tu_status_name(sl_tu_status s)
{
    switch (s) {
    case SL_TU_OK:
        return "ok";
    case SL_TU_PARSE_ERRORS:
        return "parse-errors";
    case SL_TU_FAILED:
        return "failed";
    }
    return "failed";
}

/* One files row, gathered before the transaction so the write lock is
 * held only for the inserts. */
typedef struct file_row {
    char *path;  /* relative to root (owned) */
    const char *abs;
    size_t order; /* TUs first, then findings' files, in input order */
    char sha[65];
    bool have_sha;
    const char *status;
    unsigned nerrors, nfunctions;
    const char *message;
} file_row;

static int cmp_file_row(const void *pa, const void *pb)
{
    const file_row *a = pa, *b = pb;
    int c = strcmp(a->path, b->path);
    if (!c)
        c = (a->order > b->order) - (a->order < b->order);
    return c;
}

typedef SL_VEC(file_row) file_rows;

static void add_file(file_rows *rows, const char *abs, const char *root, const char *status,
                     const sl_tu_result *tu)
{
    file_row r = {0};
    r.path = sl_path_relative(abs, root);
    r.abs = abs;
    r.order = rows->n;
    r.status = status;
    if (tu) {
        r.nerrors = tu->nerrors;
        r.nfunctions = tu->nfunctions;
        r.message = tu->message;
    }
    SL_VEC_PUSH(*rows, r);
}

/* The files of a run: every TU, then every other file a finding is in;
 * sorted by path, the first entry for a path kept (a TU wins over the same
 * file named by a finding).  Content hashes are read here. */
static void gather_files(const sl_run_info *run, const sl_findings *fs,
                         const sl_tu_results *tus, file_rows *rows)
{
    for (size_t i = 0; tus && i < tus->n; i++)
        add_file(rows, tus->v[i].file, run->root, tu_status_name(tus->v[i].status), &tus->v[i]);
    for (size_t i = 0; i < fs->n; i++) {
        add_file(rows, fs->v[i].loc.file, run->root, "included", NULL);
        if (fs->v[i].acquire_loc.file)
            add_file(rows, fs->v[i].acquire_loc.file, run->root, "included", NULL);
    }
    if (rows->n > 1)
        qsort(rows->v, rows->n, sizeof *rows->v, cmp_file_row);
    size_t o = 0;
    for (size_t i = 0; i < rows->n; i++) {
        if (o > 0 && strcmp(rows->v[o - 1].path, rows->v[i].path) == 0) {
            free(rows->v[i].path);
            continue;
        }
        rows->v[o++] = rows->v[i];
    }
    rows->n = o;
    for (size_t i = 0; i < rows->n; i++) {
        size_t len;
        char *data = sl_read_file(rows->v[i].abs, &len, NULL);
        if (data) {
            sl_sha256_hex(data, len, rows->v[i].sha);
            rows->v[i].have_sha = true;
            free(data);
        }
    }
}

static void free_file_rows(file_rows *rows)
{
    for (size_t i = 0; i < rows->n; i++)
        free(rows->v[i].path);
    free(rows->v);
}

static int check_run_input(const sl_run_info *run, const sl_findings *fs, sl_error *err)
{
    if (!run->root || run->root[0] != '/')
        return sl_error_set(err, "storing a run: the project root must be an absolute path");
    if (!run->tool_version)
        return sl_error_set(err, "storing a run: the tool version is missing");
    if (!run->status || (strcmp(run->status, "complete") && strcmp(run->status, "incomplete")))
        return sl_error_set(err, "storing a run: status must be \"complete\" or \"incomplete\"");
    for (size_t i = 0; i < fs->n; i++) {
        const sl_finding *f = &fs->v[i];
        if (strlen(f->fingerprint) != 64)
            return sl_error_set(err,
                                "storing a run: finding %zu has no fingerprint "
                                "(sl_findings_finalize was not called)",
                                i);
        if (!f->loc.file)
            return sl_error_set(err, "storing a run: finding %zu has no file", i);
    }
    return 0;
}

static const char sql_insert_run[] =
    "INSERT INTO runs (commit_hash, branch, dirty, root, tool_version, rules_digest, status, "
    "command, started, finished, shard_index, shard_count) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
static const char sql_insert_file[] =
    "INSERT INTO files (run_id, path, sha256, status, nerrors, message, nfunctions) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char sql_insert_finding[] =
    "INSERT INTO findings (run_id, fingerprint, ordinal, rule, kind, resource, library, file, "
    "line, col, function, handle, acquire_fn, acquire_file, acquire_line, acquire_col, "
    "message, suppressed, suppress_reason, tu) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
    "?19, ?20)";
static const char sql_insert_step[] =
    "INSERT INTO steps (finding_id, seq, kind, file, line, col, message) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

/* Step a prepared insert and reset it for the next row. */
static int step_reset(sqlite3_stmt *s)
{
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int insert_findings(sl_store *st, long long run_id, const sl_run_info *run,
                           const sl_findings *fs, sqlite3_stmt *fins, sqlite3_stmt *sins)
{
    int rc = SQLITE_OK;
    for (size_t i = 0; i < fs->n && rc == SQLITE_OK; i++) {
        const sl_finding *f = &fs->v[i];
        char *file = sl_path_relative(f->loc.file, run->root);
        char *afile = f->acquire_loc.file ? sl_path_relative(f->acquire_loc.file, run->root)
                                          : NULL;
        sqlite3_bind_int64(fins, 1, run_id);
        bind_text(fins, 2, f->fingerprint);
        sqlite3_bind_int(fins, 3, f->ordinal);
        bind_text(fins, 4, f->rule_id);
        bind_text(fins, 5, sl_kind_name(f->kind));
        bind_text(fins, 6, f->resource);
        bind_text(fins, 7, f->library);
        bind_text(fins, 8, file);
        sqlite3_bind_int64(fins, 9, f->loc.line);
        sqlite3_bind_int64(fins, 10, f->loc.col);
        bind_text(fins, 11, f->function);
        bind_text(fins, 12, f->handle);
        bind_text(fins, 13, f->acquire_fn);
        bind_text(fins, 14, afile);
        if (afile) {
            sqlite3_bind_int64(fins, 15, f->acquire_loc.line);
            sqlite3_bind_int64(fins, 16, f->acquire_loc.col);
        }
        bind_text(fins, 17, f->message);
        sqlite3_bind_int(fins, 18, f->suppressed ? 1 : 0);
        bind_text(fins, 19, f->suppress_reason);
        char *tu = f->tu ? sl_path_relative(f->tu, run->root) : NULL;
        bind_text(fins, 20, tu);
        rc = step_reset(fins);
        free(file);
        free(afile);
        free(tu);
        if (rc != SQLITE_OK)
            break;
        long long fid = sqlite3_last_insert_rowid(st->db);
        for (size_t k = 0; k < f->steps.n && rc == SQLITE_OK; k++) {
            const sl_step *s = &f->steps.v[k];
            char *sfile = s->loc.file ? sl_path_relative(s->loc.file, run->root) : NULL;
            sqlite3_bind_int64(sins, 1, fid);
            sqlite3_bind_int64(sins, 2, (long long)k);
            bind_text(sins, 3, sl_step_kind_name(s->kind));
            bind_text(sins, 4, sfile);
            sqlite3_bind_int64(sins, 5, s->loc.line);
            sqlite3_bind_int64(sins, 6, s->loc.col);
            bind_text(sins, 7, s->msg ? s->msg : "");
            rc = step_reset(sins);
            free(sfile);
        }
    }
    return rc;
}

/* The statements that write one run, inside one write transaction. */
typedef struct run_writer {
    sqlite3_stmt *rins, *fileins, *fins, *sins;
    long long id; /* the new run's id */
} run_writer;

/* Begin the transaction, prepare the inserts and insert the runs row of
 * run (its shard fields when it is a shard).  Returns an SQLite code. */
static int run_writer_begin(sl_store *st, run_writer *w, const sl_run_info *run)
{
    memset(w, 0, sizeof *w);
    int rc = begin_write(st->db, st->busy_ms);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_prepare_v2(st->db, sql_insert_run, -1, &w->rins, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(st->db, sql_insert_file, -1, &w->fileins, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(st->db, sql_insert_finding, -1, &w->fins, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(st->db, sql_insert_step, -1, &w->sins, NULL);
    if (rc != SQLITE_OK)
        return rc;
    bind_text(w->rins, 1, run->commit);
    bind_text(w->rins, 2, run->branch);
    sqlite3_bind_int(w->rins, 3, run->dirty ? 1 : 0);
    bind_text(w->rins, 4, run->root);
    bind_text(w->rins, 5, run->tool_version);
    bind_text(w->rins, 6, run->rules_digest);
    bind_text(w->rins, 7, run->status);
    bind_text(w->rins, 8, run->command);
    sqlite3_bind_int64(w->rins, 9, run->started);
    sqlite3_bind_int64(w->rins, 10, run->finished);
    if (run->shard_count > 0) {
        sqlite3_bind_int(w->rins, 11, run->shard_index);
        sqlite3_bind_int(w->rins, 12, run->shard_count);
    }
    rc = step_reset(w->rins);
    w->id = sqlite3_last_insert_rowid(st->db);
    return rc;
}

/* One files row of the run being written. */
static int run_writer_file(run_writer *w, const char *path, const char *sha,
                           const char *status, long long nerrors, const char *message,
                           long long nfunctions)
{
    sqlite3_bind_int64(w->fileins, 1, w->id);
    bind_text(w->fileins, 2, path);
    bind_text(w->fileins, 3, sha);
    bind_text(w->fileins, 4, status);
    sqlite3_bind_int64(w->fileins, 5, nerrors);
    bind_text(w->fileins, 6, message);
    sqlite3_bind_int64(w->fileins, 7, nfunctions);
    return step_reset(w->fileins);
}

/* Insert the findings, commit when rc is still SQLITE_OK, else roll back
 * with err saying what failed; finalize the statements.  Returns 0 (run_id
 * set) or -1. */
static int run_writer_end(sl_store *st, run_writer *w, int rc, const sl_run_info *run,
                          const sl_findings *fs, long long *run_id, sl_error *err)
{
    const char *what = "storing the run";
    if (rc == SQLITE_OK)
        rc = insert_findings(st, w->id, run, fs, w->fins, w->sins);
    if (rc == SQLITE_OK) {
        what = "committing the run";
        rc = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
    }
    if (rc == SQLITE_OK) {
        *run_id = w->id;
    } else {
        char m[128];
        snprintf(m, sizeof m, "%s (nothing of this run was stored)", what);
        st_fail(st, rc, m, err);
        rollback(st->db);
    }
    sqlite3_finalize(w->rins);
    sqlite3_finalize(w->fileins);
    sqlite3_finalize(w->fins);
    sqlite3_finalize(w->sins);
    return rc == SQLITE_OK ? 0 : -1;
}

int sl_store_save_run(sl_store *st, const sl_run_info *run, const sl_findings *fs,
                      const sl_tu_results *tus, long long *run_id, sl_error *err)
{
    if (st->readonly)
        return sl_error_set(err, "%s: opened read-only; cannot store a run", st->path);
    if (check_run_input(run, fs, err) != 0)
        return -1;
    file_rows files = {0};
    gather_files(run, fs, tus, &files);
    run_writer w;
    int rc = run_writer_begin(st, &w, run);
    for (size_t i = 0; i < files.n && rc == SQLITE_OK; i++) {
        const file_row *r = &files.v[i];
        rc = run_writer_file(&w, r->path, r->have_sha ? r->sha : NULL, r->status, r->nerrors,
                             r->message, r->nfunctions);
    }
    int res = run_writer_end(st, &w, rc, run, fs, run_id, err);
    free_file_rows(&files);
    return res;
}

/* ---- resolving references ---- */

static int run_exists(sl_store *st, long long id, bool *exists, sl_error *err)
{
    sqlite3_stmt *s;
    if (prepare(st, "SELECT 1 FROM runs WHERE id = ?1", &s, err) != 0)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return st_fail(st, rc, "looking up a run", err);
    *exists = rc == SQLITE_ROW;
    return 0;
}

/* Stored commits starting with prefix (lower-case hex): up to max of them
 * into cands (owned strings), their number into *n (capped at max+1 to
 * tell "more"). */
static int commits_with_prefix(sl_store *st, const char *prefix, char **cands, size_t max,
                               size_t *n, sl_error *err)
{
    sqlite3_stmt *s;
    *n = 0;
    if (prepare(st,
                "SELECT DISTINCT commit_hash FROM runs "
                "WHERE commit_hash >= ?1 AND commit_hash < ?1 || 'g' "
                "ORDER BY commit_hash LIMIT ?2",
                &s, err) != 0)
        return -1;
    bind_text(s, 1, prefix);
    sqlite3_bind_int64(s, 2, (long long)max + 1);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n < max)
            cands[*n] = col_dup(s, 0);
        (*n)++;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        for (size_t i = 0; i < *n && i < max; i++)
            free(cands[i]);
        *n = 0;
        return st_fail(st, rc, "looking up commits", err);
    }
    return 0;
}

/* The run that stands for a full commit hash: its most recent run taken
 * on a clean tree, else its most recent run; *found false when none. */
static int latest_for_commit(sl_store *st, const char *commit, long long *id, bool *found,
                             sl_error *err)
{
    sqlite3_stmt *s;
    if (prepare(st,
                "SELECT id FROM runs WHERE commit_hash = ?1 ORDER BY dirty, id DESC LIMIT 1", &s,
                err) != 0)
        return -1;
    bind_text(s, 1, commit);
    int rc = sqlite3_step(s);
    *found = rc == SQLITE_ROW;
    if (*found)
        *id = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return st_fail(st, rc, "looking up runs", err);
    return 0;
}

#define SL_MAX_CANDIDATES 5

static int ambiguous(sl_store *st, const char *ref, char **cands, size_t n, bool also_run,
                     sl_error *err)
{
    sl_strbuf b = {0};
    for (size_t i = 0; i < n && i < SL_MAX_CANDIDATES; i++)
        sl_strbuf_printf(&b, "%s%.12s", i ? ", " : "", cands[i]);
    if (n > SL_MAX_CANDIDATES)
        sl_strbuf_puts(&b, ", ...");
    if (also_run)
        sl_error_set(err,
                     "%s: '%s' is ambiguous: run #%s and stored commit %s; write '#%s' for "
                     "the run or more digits of the commit",
                     st->path, ref, ref, b.s, ref);
    else
        sl_error_set(err,
                     "%s: commit prefix '%s' is ambiguous; it matches stored commits %s; "
                     "give more digits",
                     st->path, ref, b.s);
    sl_strbuf_release(&b);
    for (size_t i = 0; i < n && i < SL_MAX_CANDIDATES; i++)
        free(cands[i]);
    return -1;
}

/* sl_store_resolve_run, or with runs = false sl_store_resolve_commit. */
static int resolve(sl_store *st, const char *ref, const char *git_dir, bool runs,
                   long long *run_id, sl_error *err)
{
    if (!ref || !*ref)
        return sl_error_set(err, "empty run reference");
    bool exists = false;
    if (!runs && (ref[0] == '#' || strcmp(ref, "latest") == 0))
        return sl_error_set(err, "'%s' is not a commit", ref);
    if (strcmp(ref, "latest") == 0) {
        long long id = 0;
        int rc = query_int(st->db, "SELECT coalesce(max(id), 0) FROM runs", &id);
        if (rc != SQLITE_OK)
            return st_fail(st, rc, "looking up the latest run", err);
        if (id == 0) {
            sl_error_set(err, "%s: no run is stored yet; run 'sesslint check' first", st->path);
            return SL_STORE_NO_RUN;
        }
        *run_id = id;
        return 0;
    }
    if (ref[0] == '#') {
        char *end;
        errno = 0;
        long long id = strtoll(ref + 1, &end, 10);
        if (!is_digits(ref + 1) || *end || errno || id <= 0)
            return sl_error_set(err, "'%s' is not a run id (write #N, N a number)", ref);
        if (run_exists(st, id, &exists, err) != 0)
            return -1;
        if (!exists)
            return sl_error_set(err, "%s: there is no run #%lld ('sesslint runs' lists them)",
                                st->path, id);
        *run_id = id;
        return 0;
    }

    char *cands[SL_MAX_CANDIDATES];
    size_t n = 0;
    bool hex = is_hex(ref);
    char *lower = hex ? lower_dup(ref) : NULL;
    if (hex && strlen(ref) >= 4 && strlen(ref) <= 40 &&
        commits_with_prefix(st, lower, cands, SL_MAX_CANDIDATES, &n, err) != 0) {
        free(lower);
        return -1;
    }
    if (runs && is_digits(ref) && strlen(ref) < 19) {
        long long id = strtoll(ref, NULL, 10);
        if (run_exists(st, id, &exists, err) != 0) {
            for (size_t i = 0; i < n && i < SL_MAX_CANDIDATES; i++)
                free(cands[i]);
            free(lower);
            return -1;
        }
        if (exists && n > 0) {
            free(lower);
            return ambiguous(st, ref, cands, n, true, err);
        }
        if (exists) {
            free(lower);
            *run_id = id;
            return 0;
        }
    }
    if (n > 1) {
        free(lower);
        return ambiguous(st, ref, cands, n, false, err);
    }
    if (n == 1) {
        bool found;
        int r = latest_for_commit(st, cands[0], run_id, &found, err);
        free(cands[0]);
        free(lower);
        return r;
    }
    /* A full hash that no run has: no need to ask git. */
    if (hex && strlen(ref) == 40) {
        sl_error_set(err,
                     "%s: no run is stored for commit %s; run 'sesslint check' on it first",
                     st->path, lower);
        free(lower);
        return SL_STORE_NO_RUN;
    }
    free(lower);

    sl_error gerr;
    char *commit = sl_git_resolve_commit(git_dir, ref, &gerr);
    if (!commit)
        return sl_error_set(err, "'%s' names no stored run: %s, and %s", ref,
                            runs ? "not a run id, not a stored commit" : "not a stored commit",
                            gerr.msg);
    bool found;
    if (latest_for_commit(st, commit, run_id, &found, err) != 0) {
        free(commit);
        return -1;
    }
    if (!found) {
        sl_error_set(err,
                     "%s: no run is stored for commit %s (%s); run 'sesslint check' on it "
                     "first",
                     st->path, commit, ref);
        free(commit);
        return SL_STORE_NO_RUN;
    }
    free(commit);
    return 0;
}

int sl_store_resolve_run(sl_store *st, const char *ref, const char *git_dir, long long *run_id,
                         sl_error *err)
{
    return resolve(st, ref, git_dir, true, run_id, err);
}

int sl_store_resolve_commit(sl_store *st, const char *ref, const char *git_dir,
                            long long *run_id, sl_error *err)
{
    return resolve(st, ref, git_dir, false, run_id, err);
}

/* ---- loading ---- */

void sl_run_record_release(sl_run_record *r)
{
    free(r->commit);
    free(r->branch);
    free(r->root);
    free(r->tool_version);
    free(r->rules_digest);
    free(r->status);
    free(r->command);
    memset(r, 0, sizeof *r);
}

int sl_store_load_run_record(sl_store *st, long long run_id, sl_run_record *out, sl_error *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s;
    if (prepare(st,
                "SELECT id, commit_hash, branch, dirty, root, tool_version, rules_digest, "
                "status, command, started, finished, "
                "(SELECT count(*) FROM findings WHERE run_id = runs.id), "
                "coalesce(shard_index, 0), coalesce(shard_count, 0) "
                "FROM runs WHERE id = ?1",
                &s, err) != 0)
        return -1;
    sqlite3_bind_int64(s, 1, run_id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        out->id = sqlite3_column_int64(s, 0);
        out->commit = col_dup(s, 1);
        out->branch = col_dup(s, 2);
        out->dirty = sqlite3_column_int(s, 3) != 0;
        out->root = col_dup(s, 4);
        out->tool_version = col_dup(s, 5);
        out->rules_digest = col_dup(s, 6);
        out->status = col_dup(s, 7);
        out->command = col_dup(s, 8);
        out->started = sqlite3_column_int64(s, 9);
        out->finished = sqlite3_column_int64(s, 10);
        out->nfindings = (size_t)sqlite3_column_int64(s, 11);
        out->shard_index = sqlite3_column_int(s, 12);
        out->shard_count = sqlite3_column_int(s, 13);
    }
    sqlite3_finalize(s);
    if (rc == SQLITE_DONE)
        return sl_error_set(err, "%s: there is no run #%lld", st->path, run_id);
    if (rc != SQLITE_ROW)
        return st_fail(st, rc, "reading a run", err);
    if (!out->root || !out->tool_version || !out->status) {
        sl_run_record_release(out);
        return sl_error_set(err, "%s: run #%lld is incomplete in the database", st->path, run_id);
    }
    return 0;
}

/* Absolute path of a stored path (relative to root unless absolute);
 * returns owned, NULL for NULL. */
static char *abs_path(const char *root, const unsigned char *rel)
{
    if (!rel)
        return NULL;
    if (rel[0] == '/')
        return sl_xstrdup((const char *)rel);
    return sl_path_join(root, (const char *)rel);
}

static bool kind_from_name(const char *name, sl_kind *k)
{
    static const sl_kind all[] = {SL_KIND_SESSION, SL_KIND_CREDENTIAL, SL_KIND_CONNECTOR,
                                  SL_KIND_RESOURCE, SL_KIND_MEMORY};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (name && strcmp(sl_kind_name(all[i]), name) == 0) {
            *k = all[i];
            return true;
        }
    return false;
}

static sl_step_kind step_kind_from_name(const char *name)
{
    static const sl_step_kind all[] = {SL_STEP_ACQUIRE, SL_STEP_BRANCH, SL_STEP_ALIAS,
                                       SL_STEP_LEAK, SL_STEP_NOTE};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (name && strcmp(sl_step_kind_name(all[i]), name) == 0)
            return all[i];
    return SL_STEP_NOTE;
}

int sl_store_load_run(sl_store *st, long long run_id, sl_findings *out, sl_error *err)
{
    sl_run_record rec;
    if (sl_store_load_run_record(st, run_id, &rec, err) != 0)
        return -1;
    sl_findings got = {0};
    SL_VEC(long long) ids = {0};
    sqlite3_stmt *s = NULL;
    int rc;
    if (prepare(st,
                "SELECT id, fingerprint, ordinal, rule, kind, resource, library, file, line, "
                "col, function, handle, acquire_fn, acquire_file, acquire_line, acquire_col, "
                "message, suppressed, suppress_reason, tu FROM findings WHERE run_id = ?1 "
                "ORDER BY id",
                &s, err) != 0)
        goto fail;
    sqlite3_bind_int64(s, 1, run_id);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        sl_finding f = {0};
        SL_VEC_PUSH(ids, sqlite3_column_int64(s, 0));
        const unsigned char *fp = sqlite3_column_text(s, 1);
        snprintf(f.fingerprint, sizeof f.fingerprint, "%s", fp ? (const char *)fp : "");
        f.ordinal = sqlite3_column_int(s, 2);
        f.rule_id = col_dup(s, 3);
        const char *kname = (const char *)sqlite3_column_text(s, 4);
        if (!kind_from_name(kname, &f.kind))
            f.kind = SL_KIND_RESOURCE;
        f.resource = col_dup(s, 5);
        f.library = col_dup(s, 6);
        f.loc.file = abs_path(rec.root, sqlite3_column_text(s, 7));
        f.loc.line = (unsigned)sqlite3_column_int64(s, 8);
        f.loc.col = (unsigned)sqlite3_column_int64(s, 9);
        f.function = col_dup(s, 10);
        f.handle = col_dup(s, 11);
        f.acquire_fn = col_dup(s, 12);
        f.acquire_loc.file = abs_path(rec.root, sqlite3_column_text(s, 13));
        f.acquire_loc.line = (unsigned)sqlite3_column_int64(s, 14);
        f.acquire_loc.col = (unsigned)sqlite3_column_int64(s, 15);
        f.message = col_dup(s, 16);
        f.suppressed = sqlite3_column_int(s, 17) != 0;
        f.suppress_reason = col_dup(s, 18);
        f.tu = abs_path(rec.root, sqlite3_column_text(s, 19));
        SL_VEC_PUSH(got, f);
    }
    sqlite3_finalize(s);
    s = NULL;
    if (rc != SQLITE_DONE) {
        st_fail(st, rc, "reading findings", err);
        goto fail;
    }

    if (prepare(st,
                "SELECT s.finding_id, s.kind, s.file, s.line, s.col, s.message FROM steps s "
                "JOIN findings f ON f.id = s.finding_id WHERE f.run_id = ?1 "
                "ORDER BY s.finding_id, s.seq",
                &s, err) != 0)
        goto fail;
    sqlite3_bind_int64(s, 1, run_id);
    size_t k = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        long long fid = sqlite3_column_int64(s, 0);
        while (k < ids.n && ids.v[k] < fid)
            k++;
        if (k == ids.n || ids.v[k] != fid)
            continue; /* cannot happen: the join keeps only this run's */
        sl_step step = {0};
        step.kind = step_kind_from_name((const char *)sqlite3_column_text(s, 1));
        step.loc.file = abs_path(rec.root, sqlite3_column_text(s, 2));
        step.loc.line = (unsigned)sqlite3_column_int64(s, 3);
        step.loc.col = (unsigned)sqlite3_column_int64(s, 4);
        step.msg = col_dup(s, 5);
        SL_VEC_PUSH(got.v[k].steps, step);
    }
    sqlite3_finalize(s);
    s = NULL;
    if (rc != SQLITE_DONE) {
        st_fail(st, rc, "reading finding steps", err);
        goto fail;
    }
    free(ids.v);
    sl_run_record_release(&rec);
    sl_findings_take(out, &got);
    return 0;

fail:
    sqlite3_finalize(s);
    free(ids.v);
    sl_run_record_release(&rec);
    sl_findings_free(&got);
    return -1;
}

int sl_store_load_tus(sl_store *st, long long run_id, sl_tu_results *out, sl_error *err)
{
    sl_run_record rec;
    if (sl_store_load_run_record(st, run_id, &rec, err) != 0)
        return -1;
    sqlite3_stmt *s;
    if (prepare(st,
                "SELECT path, status, nerrors, message, nfunctions FROM files "
                "WHERE run_id = ?1 AND status <> 'included' ORDER BY path",
                &s, err) != 0) {
        sl_run_record_release(&rec);
        return -1;
    }
    sqlite3_bind_int64(s, 1, run_id);
    sl_tu_results got = {0};
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        sl_tu_result r = {0};
        r.file = abs_path(rec.root, sqlite3_column_text(s, 0));
        const char *status = (const char *)sqlite3_column_text(s, 1);
        r.status = status && strcmp(status, "ok") == 0             ? SL_TU_OK
                   : status && strcmp(status, "parse-errors") == 0 ? SL_TU_PARSE_ERRORS
                                                                    : SL_TU_FAILED;
        r.nerrors = (unsigned)sqlite3_column_int64(s, 2);
        r.message = col_dup(s, 3);
        r.nfunctions = (unsigned)sqlite3_column_int64(s, 4);
        SL_VEC_PUSH(got, r);
    }
    sqlite3_finalize(s);
    sl_run_record_release(&rec);
    if (rc != SQLITE_DONE) {
        sl_tu_results_free(&got);
        return st_fail(st, rc, "reading analyzed files", err);
    }
    for (size_t i = 0; i < got.n; i++)
        SL_VEC_PUSH(*out, got.v[i]);
    free(got.v);
    return 0;
}

/* ---- logical runs ---- */

int sl_store_run_group(sl_store *st, long long run_id, sl_run_ids *ids, sl_error *err)
{
    sl_run_record rec;
    if (sl_store_load_run_record(st, run_id, &rec, err) != 0)
        return -1;
    ids->n = 0;
    if (rec.shard_count <= 0 || !rec.commit) {
        SL_VEC_PUSH(*ids, run_id);
        sl_run_record_release(&rec);
        return 0;
    }
    sqlite3_stmt *s;
    if (prepare(st,
                "SELECT shard_index, max(id) FROM runs WHERE commit_hash = ?1 "
                "AND shard_count = ?2 AND dirty = ?3 AND rules_digest IS ?4 "
                "AND shard_index BETWEEN 1 AND ?2 GROUP BY shard_index ORDER BY shard_index",
                &s, err) != 0) {
        sl_run_record_release(&rec);
        return -1;
    }
    bind_text(s, 1, rec.commit);
    sqlite3_bind_int(s, 2, rec.shard_count);
    sqlite3_bind_int(s, 3, rec.dirty ? 1 : 0);
    bind_text(s, 4, rec.rules_digest);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        /* the run named stands for its own shard, even when a later run of
         * the same shard exists */
        long long id = sqlite3_column_int(s, 0) == rec.shard_index ? run_id
                                                                    : sqlite3_column_int64(s, 1);
        SL_VEC_PUSH(*ids, id);
    }
    sqlite3_finalize(s);
    sl_run_record_release(&rec);
    if (rc != SQLITE_DONE) {
        ids->n = 0;
        return st_fail(st, rc, "looking up the shards of a run", err);
    }
    return 0;
}

/* ---- merging shard databases ---- */

/* A files row read from another database (owned strings). */
typedef struct merged_file {
    char *path, *sha, *status, *message;
    long long nerrors, nfunctions;
} merged_file;

static int cmp_merged_file(const void *pa, const void *pb)
{
    const merged_file *a = pa, *b = pb;
    int c = strcmp(a->path, b->path);
    if (!c) /* a translation unit's row before a row naming it as 'included' */
        c = (strcmp(a->status, "included") == 0) - (strcmp(b->status, "included") == 0);
    return c;
}

static void merged_file_release(merged_file *m)
{
    free(m->path);
    free(m->sha);
    free(m->status);
    free(m->message);
}

static void merged_files_free(merged_file *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        merged_file_release(&v[i]);
    free(v);
}

int sl_store_merge(sl_store *st, sl_store *const *ins, const long long *run_ids, size_t n,
                   const sl_run_info *run, long long *new_id, sl_error *err)
{
    if (st->readonly)
        return sl_error_set(err, "%s: opened read-only; cannot store a run", st->path);
    sl_findings all = {0};
    SL_VEC(merged_file) files = {0};
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        sl_run_record rec;
        sl_findings fs = {0};
        if (sl_store_load_run_record(ins[i], run_ids[i], &rec, err) != 0) {
            rc = -1;
            break;
        }
        if (sl_store_load_run(ins[i], run_ids[i], &fs, err) != 0) {
            sl_run_record_release(&rec);
            rc = -1;
            break;
        }
        /* stored paths are relative to each run's root: the same under the
         * merged run's root */
        sl_findings_reroot(&fs, rec.root, run->root);
        sl_run_record_release(&rec);
        sl_findings_take(&all, &fs);
        sqlite3_stmt *s;
        if (prepare(ins[i],
                    "SELECT path, sha256, status, nerrors, message, nfunctions FROM files "
                    "WHERE run_id = ?1",
                    &s, err) != 0) {
            rc = -1;
            break;
        }
        sqlite3_bind_int64(s, 1, run_ids[i]);
        int r;
        while ((r = sqlite3_step(s)) == SQLITE_ROW) {
            merged_file m = {col_dup(s, 0), col_dup(s, 1), col_dup(s, 2), col_dup(s, 4),
                             sqlite3_column_int64(s, 3), sqlite3_column_int64(s, 5)};
            if (!m.path || !m.status) {
                merged_file_release(&m);
                continue;
            }
            SL_VEC_PUSH(files, m);
        }
        sqlite3_finalize(s);
        if (r != SQLITE_DONE)
            rc = st_fail(ins[i], r, "reading the files of a run", err);
    }
    if (rc) {
        sl_findings_free(&all);
        merged_files_free(files.v, files.n);
        return -1;
    }
    /* one run over every shard: its order, ordinals and fingerprints */
    sl_findings_finalize(&all, run->root);
    if (files.n > 1)
        qsort(files.v, files.n, sizeof *files.v, cmp_merged_file);
    if (check_run_input(run, &all, err) != 0) {
        sl_findings_free(&all);
        merged_files_free(files.v, files.n);
        return -1;
    }

    sl_run_info whole = *run;
    whole.shard_index = whole.shard_count = 0;
    run_writer w;
    int sr = run_writer_begin(st, &w, &whole);
    for (size_t i = 0; i < files.n && sr == SQLITE_OK; i++) {
        const merged_file *m = &files.v[i];
        if (i == 0 || strcmp(files.v[i - 1].path, m->path) != 0)
            sr = run_writer_file(&w, m->path, m->sha, m->status, m->nerrors, m->message,
                                 m->nfunctions);
    }
    rc = run_writer_end(st, &w, sr, &whole, &all, new_id, err);
    sl_findings_free(&all);
    merged_files_free(files.v, files.n);
    return rc;
}

/* ---- diff ---- */

const char *sl_diff_state_name(sl_diff_state s)
{
    switch (s) {
    case SL_DIFF_NEW:
        return "new";
    case SL_DIFF_FIXED:
        return "fixed";
    case SL_DIFF_UNCHANGED:
        return "unchanged";
    }
    return "unchanged";
}

typedef struct fp_ref {
    const char *fp;
    size_t index;
} fp_ref;

static int cmp_fp_ref(const void *pa, const void *pb)
{
    const fp_ref *a = pa, *b = pb;
    int c = strcmp(a->fp, b->fp);
    if (!c)
        c = (a->index > b->index) - (a->index < b->index);
    return c;
}

static fp_ref *sorted_refs(const sl_findings *fs)
{
    fp_ref *r = sl_xcalloc(fs->n ? fs->n : 1, sizeof *r);
    for (size_t i = 0; i < fs->n; i++) {
        r[i].fp = fs->v[i].fingerprint;
        r[i].index = i;
    }
    qsort(r, fs->n, sizeof *r, cmp_fp_ref);
    return r;
}

void sl_diff_findings(const sl_findings *base, const sl_findings *head, sl_diff *out)
{
    memset(out, 0, sizeof *out);
    fp_ref *b = sorted_refs(base), *h = sorted_refs(head);
    /* base_of[i]: base index matched to head i, or SIZE_MAX. */
    size_t *base_of = sl_xmalloc((head->n ? head->n : 1) * sizeof *base_of);
    bool *base_used = sl_xcalloc(base->n ? base->n : 1, sizeof *base_used);
    for (size_t i = 0; i < head->n; i++)
        base_of[i] = SIZE_MAX;
    /* Merge the two sorted lists: equal fingerprints pair up in order. */
    size_t i = 0, j = 0;
    while (i < base->n && j < head->n) {
        int c = strcmp(b[i].fp, h[j].fp);
        if (c < 0) {
            i++;
        } else if (c > 0) {
            j++;
        } else {
            base_of[h[j].index] = b[i].index;
            base_used[b[i].index] = true;
            i++;
            j++;
        }
    }
    for (size_t k = 0; k < head->n; k++)
        if (base_of[k] == SIZE_MAX) {
            sl_diff_entry e = {SL_DIFF_NEW, k, 0};
            SL_VEC_PUSH(out->e, e);
            out->nnew++;
        }
    for (size_t k = 0; k < base->n; k++)
        if (!base_used[k]) {
            sl_diff_entry e = {SL_DIFF_FIXED, 0, k};
            SL_VEC_PUSH(out->e, e);
            out->nfixed++;
        }
    for (size_t k = 0; k < head->n; k++)
        if (base_of[k] != SIZE_MAX) {
            sl_diff_entry e = {SL_DIFF_UNCHANGED, k, base_of[k]};
            SL_VEC_PUSH(out->e, e);
            out->nunchanged++;
        }
    free(b);
    free(h);
    free(base_of);
    free(base_used);
}

void sl_diff_free(sl_diff *d)
{
    free(d->e.v);
    memset(d, 0, sizeof *d);
}

int sl_store_mark_new(sl_store *st, long long base_run, const sl_findings *head, bool *is_new,
                      sl_error *err)
{
    bool exists = false;
    if (run_exists(st, base_run, &exists, err) != 0)
        return -1;
    if (!exists)
        return sl_error_set(err, "%s: there is no run #%lld", st->path, base_run);
    sqlite3_stmt *s;
    if (prepare(st, "SELECT 1 FROM findings WHERE run_id = ?1 AND fingerprint = ?2", &s, err) !=
        0)
        return -1;
    int rc = SQLITE_OK;
    for (size_t i = 0; i < head->n; i++) {
        sqlite3_bind_int64(s, 1, base_run);
        bind_text(s, 2, head->v[i].fingerprint);
        rc = sqlite3_step(s);
        sqlite3_reset(s);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            break;
        is_new[i] = rc == SQLITE_DONE;
        rc = SQLITE_OK;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_OK)
        return st_fail(st, rc, "comparing with the baseline run", err);
    return 0;
}

/* ---- triage ---- */

static bool triage_status_ok(const char *s)
{
    return s && (strcmp(s, "false-positive") == 0 || strcmp(s, "intentional") == 0 ||
                 strcmp(s, "confirmed") == 0);
}

/* Full fingerprint for a prefix that stored findings or triage entries
 * have; returns owned or NULL with err set. */
static char *resolve_fingerprint(sl_store *st, const char *prefix, sl_error *err)
{
    if (!prefix || strlen(prefix) < 4 || strlen(prefix) > 64 || !is_hex(prefix)) {
        sl_error_set(err, "'%s' is not a fingerprint (4 to 64 hex digits)", prefix ? prefix : "");
        return NULL;
    }
    char *lower = lower_dup(prefix);
    sqlite3_stmt *s;
    if (prepare(st,
                "SELECT fingerprint FROM findings "
                "WHERE fingerprint >= ?1 AND fingerprint < ?1 || 'g' "
                "UNION SELECT fingerprint FROM triage "
                "WHERE fingerprint >= ?1 AND fingerprint < ?1 || 'g' ORDER BY 1 LIMIT 6",
                &s, err) != 0) {
        free(lower);
        return NULL;
    }
    bind_text(s, 1, lower);
    char *found[6];
    size_t n = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW && n < 6)
        found[n++] = col_dup(s, 0);
    sqlite3_finalize(s);
    char *res = NULL;
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        st_fail(st, rc, "looking up fingerprints", err);
    } else if (n == 0) {
        sl_error_set(err, "%s: no stored finding has a fingerprint starting with '%s'", st->path,
                     lower);
    } else if (n > 1) {
        sl_strbuf b = {0};
        for (size_t i = 0; i < n && i < 5; i++)
            sl_strbuf_printf(&b, "%s%.16s", i ? ", " : "", found[i]);
        if (n > 5)
            sl_strbuf_puts(&b, ", ...");
        sl_error_set(err, "%s: fingerprint prefix '%s' is ambiguous (%s); give more digits",
                     st->path, lower, b.s);
        sl_strbuf_release(&b);
    } else {
        res = found[0];
        found[0] = NULL;
    }
    for (size_t i = 0; i < n; i++)
        free(found[i]);
    free(lower);
    return res;
}

int sl_store_set_triage(sl_store *st, const char *fingerprint, const char *status,
                        const char *reason, char **full_fp, sl_error *err)
{
    if (full_fp)
        *full_fp = NULL;
    if (st->readonly)
        return sl_error_set(err, "%s: opened read-only; cannot record triage", st->path);
    if (!triage_status_ok(status))
        return sl_error_set(err,
                            "triage status '%s' is not one of false-positive, intentional, "
                            "confirmed",
                            status ? status : "");
    if (!reason || !*reason)
        return sl_error_set(err, "a triage decision needs a reason");
    char *fp = resolve_fingerprint(st, fingerprint, err);
    if (!fp)
        return -1;
    sqlite3_stmt *s;
    if (prepare(st,
                "INSERT INTO triage (fingerprint, status, reason, updated) "
                "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (fingerprint) DO UPDATE SET "
                "status = excluded.status, reason = excluded.reason, updated = excluded.updated",
                &s, err) != 0) {
        free(fp);
        return -1;
    }
    bind_text(s, 1, fp);
    bind_text(s, 2, status);
    bind_text(s, 3, reason);
    sqlite3_bind_int64(s, 4, (long long)time(NULL));
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        free(fp);
        return st_fail(st, rc, "recording triage", err);
    }
    if (full_fp)
        *full_fp = fp;
    else
        free(fp);
    return 0;
}

int sl_store_remove_triage(sl_store *st, const char *fingerprint, char **full_fp, sl_error *err)
{
    if (full_fp)
        *full_fp = NULL;
    if (st->readonly)
        return sl_error_set(err, "%s: opened read-only; cannot change triage", st->path);
    char *fp = resolve_fingerprint(st, fingerprint, err);
    if (!fp)
        return -1;
    sqlite3_stmt *s;
    if (prepare(st, "DELETE FROM triage WHERE fingerprint = ?1", &s, err) != 0) {
        free(fp);
        return -1;
    }
    bind_text(s, 1, fp);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        free(fp);
        return st_fail(st, rc, "removing triage", err);
    }
    if (sqlite3_changes(st->db) == 0) {
        sl_error_set(err, "%s: finding %.16s has no triage decision to remove", st->path, fp);
        free(fp);
        return -1;
    }
    if (full_fp)
        *full_fp = fp;
    else
        free(fp);
    return 0;
}

int sl_store_apply_triage(sl_store *st, sl_findings *fs, sl_error *err)
{
    sqlite3_stmt *s;
    if (prepare(st, "SELECT status, reason FROM triage WHERE fingerprint = ?1", &s, err) != 0)
        return -1;
    int rc = SQLITE_OK;
    for (size_t i = 0; i < fs->n; i++) {
        sl_finding *f = &fs->v[i];
        bind_text(s, 1, f->fingerprint);
        rc = sqlite3_step(s);
        if (rc == SQLITE_ROW) {
            const char *status = (const char *)sqlite3_column_text(s, 0);
            const char *reason = (const char *)sqlite3_column_text(s, 1);
            if (status && strcmp(status, "confirmed") != 0 && !f->suppressed) {
                f->suppressed = true;
                free(f->suppress_reason);
                f->suppress_reason = sl_xasprintf("%s: %s", status, reason ? reason : "");
            }
            rc = SQLITE_DONE;
        }
        sqlite3_reset(s);
        if (rc != SQLITE_DONE)
            break;
        rc = SQLITE_OK;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_OK)
        return st_fail(st, rc, "reading triage", err);
    return 0;
}

/* ---- read-only SQL ---- */

void sl_table_free(sl_table *t)
{
    for (size_t i = 0; i < t->ncols; i++)
        free(t->cols[i]);
    free(t->cols);
    for (size_t i = 0; i < t->cells.n; i++)
        free(t->cells.v[i].text);
    free(t->cells.v);
    memset(t, 0, sizeof *t);
}

/* Pragmas that only read even when given an argument. */
static bool pragma_reads(const char *name, const char *arg)
{
    static const char *const with_arg[] = {
        "table_info", "table_xinfo", "table_list", "index_info", "index_xinfo",
        "index_list", "foreign_key_list", "foreign_key_check", "integrity_check",
        "quick_check", NULL};
    static const char *const never[] = {"optimize", "wal_checkpoint", "incremental_vacuum",
                                        "shrink_memory", NULL};
    if (!name)
        return false;
    for (size_t i = 0; never[i]; i++)
        if (sqlite3_stricmp(name, never[i]) == 0)
            return false;
    if (!arg)
        return true;
    for (size_t i = 0; with_arg[i]; i++)
        if (sqlite3_stricmp(name, with_arg[i]) == 0)
            return true;
    return false;
}

typedef struct auth_state {
    const char *refused; /* what was refused, static */
} auth_state;

static int query_authorizer(void *ud, int action, const char *a, const char *b,
                            const char *dbname, const char *trigger)
{
    auth_state *as = ud;
    (void)dbname;
    (void)trigger;
    switch (action) {
    case SQLITE_ATTACH:
    case SQLITE_DETACH:
        as->refused = "ATTACH and DETACH are not allowed";
        return SQLITE_DENY;
    case SQLITE_PRAGMA:
        if (!pragma_reads(a, b)) {
            as->refused = "a PRAGMA that sets a value is not allowed";
            return SQLITE_DENY;
        }
        return SQLITE_OK;
    case SQLITE_FUNCTION:
        if (b && sqlite3_stricmp(b, "load_extension") == 0) {
            as->refused = "load_extension() is not allowed";
            return SQLITE_DENY;
        }
        return SQLITE_OK;
    default:
        return SQLITE_OK;
    }
}

static char *blob_hex(const unsigned char *p, int n)
{
    char *s = sl_xmalloc((size_t)n * 2 + 1);
    for (int i = 0; i < n; i++)
        snprintf(s + 2 * i, 3, "%02x", p[i]);
    s[2 * n] = 0;
    return s;
}

int sl_store_query(sl_store *st, const char *sql, const char *const *params, size_t nparams,
                   sl_table *out, sl_error *err)
{
    memset(out, 0, sizeof *out);
    auth_state as = {0};
    sqlite3_set_authorizer(st->db, query_authorizer, &as);
    sqlite3_stmt *s = NULL;
    const char *tail = NULL;
    int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, &tail);
    if (rc != SQLITE_OK) {
        if (as.refused)
            sl_error_set(err, "query refused: %s (queries only read)", as.refused);
        else
            sl_error_set(err, "query: %s", sqlite3_errmsg(st->db));
        goto fail;
    }
    if (!s) {
        sl_error_set(err, "query: no SQL statement given");
        goto fail;
    }
    if (tail && *tail) {
        sqlite3_stmt *more = NULL;
        int rc2 = sqlite3_prepare_v2(st->db, tail, -1, &more, NULL);
        bool extra = rc2 != SQLITE_OK || more != NULL;
        sqlite3_finalize(more);
        if (extra) {
            sl_error_set(err, "query: give one SQL statement at a time");
            goto fail;
        }
    }
    if (!sqlite3_stmt_readonly(s)) {
        sl_error_set(err,
                     "query refused: the statement would change the database; queries only "
                     "read (SELECT, WITH, EXPLAIN, PRAGMA that reads)");
        goto fail;
    }
    if ((size_t)sqlite3_bind_parameter_count(s) > nparams) {
        sl_error_set(err, "query: the statement has parameters (?), which are not supported here");
        goto fail;
    }
    for (size_t i = 0; i < nparams; i++)
        bind_text(s, (int)i + 1, params[i]);

    out->ncols = (size_t)sqlite3_column_count(s);
    out->cols = sl_xcalloc(out->ncols ? out->ncols : 1, sizeof *out->cols);
    for (size_t i = 0; i < out->ncols; i++)
        out->cols[i] = sl_xstrdup(sqlite3_column_name(s, (int)i));
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        for (size_t i = 0; i < out->ncols; i++) {
            sl_cell c = {0};
            int ci = (int)i;
            switch (sqlite3_column_type(s, ci)) {
            case SQLITE_INTEGER:
                c.type = 'i';
                c.i = sqlite3_column_int64(s, ci);
                c.text = col_dup(s, ci);
                break;
            case SQLITE_FLOAT:
                c.type = 'r';
                c.r = sqlite3_column_double(s, ci);
                c.text = col_dup(s, ci);
                break;
            case SQLITE_TEXT:
                c.type = 't';
                c.text = col_dup(s, ci);
                break;
            case SQLITE_BLOB:
                c.type = 'b';
                c.text = blob_hex(sqlite3_column_blob(s, ci), sqlite3_column_bytes(s, ci));
                break;
            default:
                c.type = 'n';
                break;
            }
            SL_VEC_PUSH(out->cells, c);
        }
        out->nrows++;
    }
    if (rc != SQLITE_DONE) {
        if (as.refused)
            sl_error_set(err, "query refused: %s (queries only read)", as.refused);
        else
            st_fail(st, rc, "running the query", err);
        goto fail;
    }
    sqlite3_finalize(s);
    sqlite3_set_authorizer(st->db, NULL, NULL);
    return 0;

fail:
    sqlite3_finalize(s);
    sqlite3_set_authorizer(st->db, NULL, NULL);
    sl_table_free(out);
    return -1;
}

/* ---- function summaries --------------------------------------------- */

int sl_store_load_summaries(sl_store *st, const char *digest, const sl_ruleset *rs,
                            sl_summaries *out, sl_error *err)
{
    sqlite3_stmt *s;
    if (prepare(st, "SELECT summary FROM summaries WHERE hash = ?1 ORDER BY usr", &s, err) != 0)
        return -1;
    bind_text(s, 1, digest);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *line = (const char *)sqlite3_column_text(s, 0);
        sl_summary sm;
        if (line && sl_summary_parse(line, rs, &sm, NULL) == 0) {
            sl_summaries_put(out, &sm);
            sl_summary_release(&sm);
        }
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return st_fail(st, rc, "reading function summaries", err);
    return 0;
}

int sl_store_save_summaries(sl_store *st, const char *digest, const sl_summaries *sums,
                            sl_error *err)
{
    int rc = begin_write(st->db, st->busy_ms);
    if (rc != SQLITE_OK)
        return st_fail(st, rc, "starting to store function summaries", err);
    sqlite3_stmt *s;
    if (prepare(st,
                "INSERT INTO summaries (usr, name, file, summary, hash, updated) "
                "VALUES (?1, ?2, ?3, ?4, ?5, strftime('%s','now')) "
                "ON CONFLICT (usr) DO UPDATE SET name = excluded.name, file = excluded.file, "
                "summary = excluded.summary, hash = excluded.hash, updated = excluded.updated",
                &s, err) != 0) {
        rollback(st->db);
        return -1;
    }
    sl_strbuf line = {0};
    for (size_t i = 0; i < sums->v.n; i++) {
        const sl_summary *sm = sums->v.v[i];
        line.len = 0;
        sl_summary_format(&line, sm);
        bind_text(s, 1, sm->usr);
        bind_text(s, 2, sm->name);
        bind_text(s, 3, sm->file);
        bind_text(s, 4, line.s);
        bind_text(s, 5, digest);
        rc = sqlite3_step(s);
        sqlite3_reset(s);
        if (rc != SQLITE_DONE) {
            sqlite3_finalize(s);
            sl_strbuf_release(&line);
            rollback(st->db);
            return st_fail(st, rc, "storing function summaries", err);
        }
    }
    sqlite3_finalize(s);
    sl_strbuf_release(&line);
    rc = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        rollback(st->db);
        return st_fail(st, rc, "committing function summaries", err);
    }
    return 0;
}

/* ---- the incremental cache ----------------------------------------- */

/* The text column of the row sql (one parameter, key) selects, or NULL. */
static int sl_store_cache_text(sl_store *st, const char *sql, const char *key, char **out,
                               sl_error *err)
{
    *out = NULL;
    sqlite3_stmt *s;
    if (prepare(st, sql, &s, err) != 0)
        return -1;
    bind_text(s, 1, key);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *out = col_dup(s, 0);
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return st_fail(st, rc, "reading the analysis cache", err);
    return 0;
}

int sl_store_cache_get(sl_store *st, const char *key, char **blob, sl_error *err)
{
    return sl_store_cache_text(st, "SELECT findings FROM tu_cache WHERE key = ?1", key, blob, err);
}

int sl_store_cache_decls_get(sl_store *st, const char *key, char **lines, sl_error *err)
{
    return sl_store_cache_text(st, "SELECT lines FROM tu_cache_decls WHERE key = ?1", key, lines,
                               err);
}

/* Run sql with the n pairs (a[i], b[i]) bound to ?1 and ?2 (b may be
 * NULL: ?2 is then NULL), inside the caller's transaction. */
static int sl_store_pairs(sl_store *st, const char *sql, const char *const *a,
                          const char *const *b, size_t n, sl_error *err)
{
    sqlite3_stmt *s;
    if (prepare(st, sql, &s, err) != 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        bind_text(s, 1, a[i]);
        bind_text(s, 2, b ? b[i] : NULL);
        int rc = sqlite3_step(s);
        sqlite3_reset(s);
        if (rc != SQLITE_DONE) {
            sqlite3_finalize(s);
            return st_fail(st, rc, "storing the analysis cache", err);
        }
    }
    sqlite3_finalize(s);
    return 0;
}

int sl_store_cache_put(sl_store *st, const sl_cache_rows *rows, sl_error *err)
{
    int rc = begin_write(st->db, st->busy_ms);
    if (rc != SQLITE_OK)
        return st_fail(st, rc, "starting to store the analysis cache", err);
    sqlite3_stmt *s;
    if (prepare(st,
                "INSERT OR REPLACE INTO tu_cache (key, file, findings, decls, created) "
                "VALUES (?1, ?2, ?3, ?4, strftime('%s','now'))",
                &s, err) != 0) {
        rollback(st->db);
        return -1;
    }
    for (size_t i = 0; i < rows->n; i++) {
        bind_text(s, 1, rows->keys[i]);
        bind_text(s, 2, rows->files[i]);
        bind_text(s, 3, rows->blobs[i]);
        bind_text(s, 4, rows->decls[i]);
        rc = sqlite3_step(s);
        sqlite3_reset(s);
        if (rc != SQLITE_DONE) {
            sqlite3_finalize(s);
            rollback(st->db);
            return st_fail(st, rc, "storing the analysis cache", err);
        }
    }
    sqlite3_finalize(s);
    if (sl_store_pairs(st, "INSERT OR IGNORE INTO tu_cache_decls (key, lines) VALUES (?1, ?2)",
                       rows->group_keys, rows->group_lines, rows->ngroups, err) != 0) {
        rollback(st->db);
        return -1;
    }
    /* one entry per file: older keys of a re-analyzed file are stale */
    rc = sqlite3_exec(st->db,
                      "DELETE FROM tu_cache WHERE rowid NOT IN "
                      "(SELECT max(rowid) FROM tu_cache GROUP BY file);"
                      /* and the groups no entry reads any more */
                      "DELETE FROM tu_cache_decls WHERE key NOT IN "
                      "(SELECT j.value FROM tu_cache, json_each(tu_cache.decls) AS j "
                      " WHERE json_valid(tu_cache.decls))",
                      NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        rollback(st->db);
        return st_fail(st, rc, "committing the analysis cache", err);
    }
    return 0;
}
