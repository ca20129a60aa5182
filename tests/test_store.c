/* Unit tests for store.c (the findings database) and gitinfo.c, plus the
 * robustness cases of issue 8: read-only, locked, corrupt, newer schema,
 * full disk, a writer killed mid-run, two writers at once. */
#define _GNU_SOURCE
#include <check.h>
#include <ftw.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gitinfo.h"
#include "store.h"
#include "testutil.h"

/* Remove a test's temporary directory tree. */
static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(p);
}

static void rm_rf(const char *dir)
{
    nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* ---- helpers ---- */

/* A finding under root/rel with a fingerprint derived from its identity
 * (tests set fingerprints directly; sl_findings_finalize is tested with the
 * findings module). */
static sl_finding mkf(const char *root, const char *rel, unsigned line, const char *rule,
                      sl_kind kind, const char *fn, const char *handle, int nsteps)
{
    sl_finding f = {0};
    f.rule_id = sl_xstrdup(rule);
    f.kind = kind;
    f.resource = sl_xstrdup("curl.easy");
    f.library = sl_xstrdup("libcurl");
    f.loc.file = sl_path_join(root, rel);
    f.loc.line = line;
    f.loc.col = 5;
    f.function = sl_xstrdup(fn);
    f.handle = sl_xstrdup(handle);
    f.acquire_fn = sl_xstrdup("curl_easy_init");
    f.acquire_loc.file = sl_path_join(root, rel);
    f.acquire_loc.line = line > 2 ? line - 2 : 1;
    f.acquire_loc.col = 9;
    f.message = sl_xasprintf("handle '%s' leaks when %s returns", handle, fn);
    for (int i = 0; i < nsteps; i++) {
        sl_step s = {0};
        s.kind = i == 0 ? SL_STEP_ACQUIRE : i == nsteps - 1 ? SL_STEP_LEAK : SL_STEP_BRANCH;
        s.loc.file = sl_path_join(root, rel);
        s.loc.line = f.acquire_loc.line + (unsigned)i;
        s.loc.col = (unsigned)i + 1;
        s.msg = sl_xasprintf("step %d of '%s'", i, handle);
        SL_VEC_PUSH(f.steps, s);
    }
    char *id = sl_xasprintf("%s|%s|%s|%s", rule, rel, fn, handle);
    sl_sha256_hex(id, strlen(id), f.fingerprint);
    free(id);
    return f;
}

static void add(sl_findings *fs, sl_finding f)
{
    SL_VEC_PUSH(*fs, f);
}

/* A run of n findings spread over a few files. */
static void many(sl_findings *fs, const char *root, size_t n, int steps)
{
    for (size_t i = 0; i < n; i++) {
        char rel[64], h[32];
        snprintf(rel, sizeof rel, "src/f%zu.c", i % 7);
        snprintf(h, sizeof h, "h%zu", i);
        add(fs, mkf(root, rel, 10 + (unsigned)i, "leak.session", SL_KIND_SESSION, "work", h,
                    steps));
    }
}

static sl_run_info info(const char *root, const char *commit)
{
    sl_run_info r = {
        .commit = commit,
        .branch = "main",
        .dirty = false,
        .root = root,
        .tool_version = "0.1.0",
        .rules_digest = "d1",
        .status = "complete",
        .command = "sesslint check .",
        .started = 1700000000,
        .finished = 1700000005,
    };
    return r;
}

static long long save(sl_store *st, const char *root, const char *commit, const sl_findings *fs)
{
    sl_run_info ri = info(root, commit);
    long long id = -1;
    sl_error err = {{0}};
    int rc = sl_store_save_run(st, &ri, fs, NULL, &id, &err);
    ck_assert_msg(rc == 0, "save_run: %s", err.msg);
    return id;
}

static sl_store *open_rw(const char *path)
{
    sl_store *st = NULL;
    sl_error err = {{0}};
    ck_assert_msg(sl_store_open(&st, path, false, &err) == 0, "open: %s", err.msg);
    return st;
}

/* One integer from a raw connection (not through the store). */
static long long raw_int(const char *path, const char *sql)
{
    sqlite3 *db;
    ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *s;
    ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK, "%s: %s", sql,
                  sqlite3_errmsg(db));
    ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
    long long v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return v;
}

static void raw_exec(const char *path, const char *sql)
{
    sqlite3 *db;
    ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    ck_assert_msg(rc == SQLITE_OK, "%s: %s", sql, msg ? msg : "");
    sqlite3_close(db);
}

static char *integrity(const char *path)
{
    sqlite3 *db;
    ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *s;
    ck_assert_int_eq(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
    char *r = sl_xstrdup((const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    sqlite3_close(db);
    return r;
}

static void assert_same_finding(const sl_finding *a, const sl_finding *b)
{
    ck_assert_str_eq(a->fingerprint, b->fingerprint);
    ck_assert_int_eq(a->ordinal, b->ordinal);
    ck_assert_str_eq(a->rule_id, b->rule_id);
    ck_assert_int_eq(a->kind, b->kind);
    ck_assert_str_eq(a->resource, b->resource);
    ck_assert_str_eq(a->library, b->library);
    ck_assert_str_eq(a->loc.file, b->loc.file);
    ck_assert_uint_eq(a->loc.line, b->loc.line);
    ck_assert_uint_eq(a->loc.col, b->loc.col);
    ck_assert_str_eq(a->function, b->function);
    ck_assert_str_eq(a->handle, b->handle);
    ck_assert_str_eq(a->acquire_fn, b->acquire_fn);
    ck_assert_str_eq(a->acquire_loc.file, b->acquire_loc.file);
    ck_assert_uint_eq(a->acquire_loc.line, b->acquire_loc.line);
    ck_assert_uint_eq(a->acquire_loc.col, b->acquire_loc.col);
    ck_assert_str_eq(a->message, b->message);
    ck_assert_int_eq(a->suppressed, b->suppressed);
    if (a->suppress_reason || b->suppress_reason)
        ck_assert_str_eq(a->suppress_reason, b->suppress_reason);
    ck_assert_uint_eq(a->steps.n, b->steps.n);
    for (size_t i = 0; i < a->steps.n; i++) {
        ck_assert_int_eq(a->steps.v[i].kind, b->steps.v[i].kind);
        ck_assert_str_eq(a->steps.v[i].loc.file, b->steps.v[i].loc.file);
        ck_assert_uint_eq(a->steps.v[i].loc.line, b->steps.v[i].loc.line);
        ck_assert_uint_eq(a->steps.v[i].loc.col, b->steps.v[i].loc.col);
        ck_assert_str_eq(a->steps.v[i].msg, b->steps.v[i].msg);
    }
}

static void assert_run_equals(sl_store *st, long long id, const sl_findings *want)
{
    sl_findings got = {0};
    sl_error err = {{0}};
    ck_assert_msg(sl_store_load_run(st, id, &got, &err) == 0, "load: %s", err.msg);
    ck_assert_uint_eq(got.n, want->n);
    for (size_t i = 0; i < got.n; i++)
        assert_same_finding(&got.v[i], &want->v[i]);
    sl_findings_free(&got);
}

static char *read_all(const char *path, size_t *len)
{
    char *s = sl_read_file(path, len, NULL);
    ck_assert_ptr_nonnull(s);
    return s;
}

static void git(const char *dir, const char *const *args)
{
    char *out = NULL, *eout = NULL;
    int status;
    sl_error err;
    ck_assert_msg(sl_git_run(dir, args, &out, &eout, &status, &err) == 0, "%s", err.msg);
    ck_assert_msg(status == 0, "git %s: %s", args[0], eout);
    free(out);
    free(eout);
}

static void git_commit(const char *dir, const char *file, const char *text)
{
    free(sl_test_write(dir, file, text));
    const char *add_args[] = {"add", "-A", NULL};
    git(dir, add_args);
    const char *commit[] = {"-c", "user.name=t", "-c", "user.email=t@example.invalid",
                            "commit", "-q", "-m", file, NULL};
    git(dir, commit);
}

static char *git_rev(const char *dir, const char *rev)
{
    sl_error err;
    char *c = sl_git_resolve_commit(dir, rev, &err);
    ck_assert_msg(c != NULL, "%s", err.msg);
    return c;
}

static char *git_repo(void)
{
    char *dir = sl_test_tmpdir();
    const char *init[] = {"init", "-q", "-b", "main", NULL};
    git(dir, init);
    return dir;
}

/* ---- roundtrip ---- */

START_TEST(save_load_roundtrip)
{
    char *dir = sl_test_tmpdir();
    char *db = sl_path_join(dir, ".sesslint/findings.db");
    free(sl_test_write(dir, "src/a.c", "int main(void) { return 0; }\n"));
    free(sl_test_write(dir, "src/b.h", "/* header */\n"));
    sl_store *st = open_rw(db);
    char *sdir = sl_path_join(dir, ".sesslint");
    ck_assert(sl_path_is_dir(sdir)); /* made by the open */
    free(sdir);

    sl_findings fs = {0};
    add(&fs, mkf(dir, "src/a.c", 12, "leak.session", SL_KIND_SESSION, "fetch", "h", 3));
    add(&fs, mkf(dir, "src/b.h", 40, "leak.connector", SL_KIND_CONNECTOR, "open_db", "conn->db",
                 0));
    fs.v[1].ordinal = 1;
    fs.v[1].suppressed = true;
    fs.v[1].suppress_reason = sl_xstrdup("owned by the pool");
    /* Absent acquisition, and a NULL library. */
    free(fs.v[1].acquire_loc.file);
    fs.v[1].acquire_loc = (sl_loc){0};
    free(fs.v[1].acquire_fn);
    fs.v[1].acquire_fn = NULL;
    free(fs.v[1].library);
    fs.v[1].library = sl_xstrdup("");

    sl_tu_results tus = {0};
    sl_tu_result tu = {.file = sl_path_join(dir, "src/a.c"), .status = SL_TU_PARSE_ERRORS,
                       .nerrors = 2, .message = sl_xstrdup("a.c:3: error: x"), .nfunctions = 4};
    SL_VEC_PUSH(tus, tu);
    sl_tu_result tu2 = {.file = sl_path_join(dir, "src/gone.c"), .status = SL_TU_FAILED};
    SL_VEC_PUSH(tus, tu2);

    sl_run_info ri = info(dir, "0123456789abcdef0123456789abcdef01234567");
    ri.dirty = true;
    ri.status = "incomplete";
    long long id = 0;
    sl_error err = {{0}};
    ck_assert_msg(sl_store_save_run(st, &ri, &fs, &tus, &id, &err) == 0, "%s", err.msg);
    ck_assert_int_gt(id, 0);

    /* Findings come back field for field, the absent acquisition too. */
    sl_findings got = {0};
    ck_assert_int_eq(sl_store_load_run(st, id, &got, &err), 0);
    ck_assert_uint_eq(got.n, 2);
    assert_same_finding(&got.v[0], &fs.v[0]);
    ck_assert_ptr_null(got.v[1].acquire_loc.file);
    ck_assert_ptr_null(got.v[1].acquire_fn);
    ck_assert_str_eq(got.v[1].suppress_reason, "owned by the pool");
    ck_assert(got.v[1].suppressed);
    ck_assert_int_eq(got.v[1].ordinal, 1);
    ck_assert_uint_eq(got.v[1].steps.n, 0);
    sl_findings_free(&got);

    sl_run_record rec;
    ck_assert_int_eq(sl_store_load_run_record(st, id, &rec, &err), 0);
    ck_assert_str_eq(rec.commit, ri.commit);
    ck_assert_str_eq(rec.branch, "main");
    ck_assert(rec.dirty);
    ck_assert_str_eq(rec.root, dir);
    ck_assert_str_eq(rec.status, "incomplete");
    ck_assert_str_eq(rec.command, "sesslint check .");
    ck_assert_int_eq(rec.started, 1700000000);
    ck_assert_int_eq(rec.finished, 1700000005);
    ck_assert_uint_eq(rec.nfindings, 2);
    sl_run_record_release(&rec);

    sl_tu_results tgot = {0};
    ck_assert_int_eq(sl_store_load_tus(st, id, &tgot, &err), 0);
    ck_assert_uint_eq(tgot.n, 2);
    ck_assert_str_eq(tgot.v[0].file, tus.v[0].file);
    ck_assert_int_eq(tgot.v[0].status, SL_TU_PARSE_ERRORS);
    ck_assert_uint_eq(tgot.v[0].nerrors, 2);
    ck_assert_str_eq(tgot.v[0].message, "a.c:3: error: x");
    ck_assert_uint_eq(tgot.v[0].nfunctions, 4);
    ck_assert_int_eq(tgot.v[1].status, SL_TU_FAILED);
    sl_tu_results_free(&tgot);
    sl_store_close(st);

    /* Paths are stored relative to the root, with content hashes; the
     * header holding a finding is an 'included' file; a missing file has
     * no hash. */
    ck_assert_int_eq(raw_int(db, "SELECT count(*) FROM findings WHERE file = 'src/a.c'"), 1);
    ck_assert_int_eq(raw_int(db, "SELECT count(*) FROM files"), 3);
    char hex[65];
    const char *content = "int main(void) { return 0; }\n";
    sl_sha256_hex(content, strlen(content), hex);
    char *q = sl_xasprintf("SELECT count(*) FROM files WHERE path = 'src/a.c' AND sha256 = '%s' "
                           "AND status = 'parse-errors'",
                           hex);
    ck_assert_int_eq(raw_int(db, q), 1);
    free(q);
    ck_assert_int_eq(
        raw_int(db, "SELECT count(*) FROM files WHERE path = 'src/b.h' AND status = 'included'"),
        1);
    ck_assert_int_eq(
        raw_int(db, "SELECT count(*) FROM files WHERE path = 'src/gone.c' AND sha256 IS NULL"),
        1);
    ck_assert_int_eq(raw_int(db, "SELECT count(*) FROM steps"), 3);
    ck_assert_int_eq(raw_int(db, "PRAGMA user_version"), SL_STORE_SCHEMA_VERSION);
    ck_assert_int_eq(raw_int(db, "PRAGMA application_id"), SL_STORE_APPLICATION_ID);
    /* The room left for later features exists. */
    ck_assert_int_eq(raw_int(db, "SELECT count(*) FROM sqlite_master WHERE name IN "
                                 "('summaries', 'tu_cache', 'triage')"),
                     3);
    char *mode = NULL;
    {
        sqlite3 *h;
        sqlite3_open(db, &h);
        sqlite3_stmt *s;
        sqlite3_prepare_v2(h, "PRAGMA journal_mode", -1, &s, NULL);
        ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
        mode = sl_xstrdup((const char *)sqlite3_column_text(s, 0));
        sqlite3_finalize(s);
        sqlite3_close(h);
    }
    ck_assert_str_eq(mode, "wal");
    free(mode);

    sl_findings_free(&fs);
    sl_tu_results_free(&tus);
    free(db);
    rm_rf(dir);
    free(dir);
}
END_TEST

START_TEST(save_rejects_unfinalized)
{
    char *dir = sl_test_tmpdir();
    char *db = sl_path_join(dir, "f.db");
    sl_store *st = open_rw(db);
    sl_findings fs = {0};
    add(&fs, mkf(dir, "a.c", 1, "leak.session", SL_KIND_SESSION, "f", "h", 0));
    fs.v[0].fingerprint[0] = 0;
    sl_run_info ri = info(dir, NULL);
    long long id = 0;
    sl_error err;
    ck_assert_int_eq(sl_store_save_run(st, &ri, &fs, NULL, &id, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "fingerprint"));
    ri = info("relative/root", NULL);
    fs.v[0].fingerprint[0] = 'a';
    ck_assert_int_eq(sl_store_save_run(st, &ri, &fs, NULL, &id, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "absolute"));
    sl_store_close(st);
    ck_assert_int_eq(raw_int(db, "SELECT count(*) FROM runs"), 0);
    sl_findings_free(&fs);
    free(db);
    rm_rf(dir);
    free(dir);
}
END_TEST

/* ---- atomicity ---- */

START_TEST(run_is_atomic)
{
    char *dir = sl_test_tmpdir();
    char *db = sl_path_join(dir, "f.db");
    sl_store *st = open_rw(db);
    sl_findings first = {0};
    many(&first, dir, 20, 2);
    long long id1 = save(st, dir, "1111111111111111111111111111111111111111", &first);

    /* The 150th finding of the next run makes the insert fail half-way. */
    sl_findings second = {0};
    many(&second, dir, 300, 2);
    memcpy(second.v[150].fingerprint, "deadbeef", 8);
    char *trig = sl_xasprintf("CREATE TRIGGER fail_mid BEFORE INSERT ON findings "
                              "WHEN NEW.fingerprint = '%s' "
                              "BEGIN SELECT RAISE(ABORT, 'simulated failure'); END",
                              second.v[150].fingerprint);
    raw_exec(db, trig);
    free(trig);
    sl_run_info ri = info(dir, "2222222222222222222222222222222222222222");
    long long id2 = -7;
    sl_error err;
    ck_assert_int_eq(sl_store_save_run(st, &ri, &second, NULL, &id2, &err), -1);
    ck_assert_int_eq(id2, -7);
    ck_assert_ptr_nonnull(strstr(err.msg, "simulated failure"));
    ck_assert_ptr_nonnull(strstr(err.msg, "nothing of this run was stored"));
    ck_assert_ptr_nonnull(strstr(err.msg, db));

    /* Nothing of the failed run, the first intact, and the store usable. */
    ck_assert_int_eq(raw_int(db, "SELECT count(*) FROM runs"), 1);
    ck_assert_int_eq(raw_int(db, "SELECT count(*) FROM findings"), 20);
    ck_assert_int_eq(raw_int(db, "SELECT count(*) FROM steps"), 40);
    ck_assert_int_eq(raw_int(db, "SELECT count(*) FROM files WHERE run_id <> 1"), 0);
    assert_run_equals(st, id1, &first);
    raw_exec(db, "DROP TRIGGER fail_mid");
    long long id3 = save(st, dir, "2222222222222222222222222222222222222222", &second);
    ck_assert_int_gt(id3, id1);
    assert_run_equals(st, id3, &second);
    sl_store_close(st);
    sl_findings_free(&first);
    sl_findings_free(&second);
    free(db);
    rm_rf(dir);
    free(dir);
}
END_TEST

/* A child saving big runs in a loop is killed with SIGKILL at several
 * moments; the file stays consistent and holds only whole runs. */
START_TEST(sigkill_mid_save)
{
    char *dir = sl_test_tmpdir();
    char *db = sl_path_join(dir, "f.db");
    sl_store *st = open_rw(db);
    sl_findings first = {0};
    many(&first, dir, 50, 3);
    long long id1 = save(st, dir, "1111111111111111111111111111111111111111", &first);
    sl_store_close(st);

    const size_t big = 3000;
    srand((unsigned)time(NULL));
    for (int round = 0; round < 4; round++) {
        int ready[2];
        ck_assert_int_eq(pipe(ready), 0);
        pid_t pid = fork();
        ck_assert_int_ge(pid, 0);
        if (pid == 0) {
            close(ready[0]);
            sl_store *cst;
            sl_error cerr;
            if (sl_store_open(&cst, db, false, &cerr) != 0)
                _exit(3);
            sl_findings fs = {0};
            many(&fs, dir, big, 4);
            sl_run_info ri = info(dir, "3333333333333333333333333333333333333333");
            long long id;
            /* Tell the parent we are about to write, then write forever. */
            if (write(ready[1], "x", 1) != 1)
                _exit(4);
            for (;;)
                if (sl_store_save_run(cst, &ri, &fs, NULL, &id, &cerr) != 0)
                    _exit(5);
        }
        close(ready[1]);
        char c;
        ck_assert_int_eq(read(ready[0], &c, 1), 1);
        close(ready[0]);
        /* Somewhere inside the first few transactions. */
        usleep((useconds_t)(20000 + rand() % 400000));
        kill(pid, SIGKILL);
        int status;
        waitpid(pid, &status, 0);
        ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
                      "child ended on its own (status %d)", status);

        char *ic = integrity(db);
        ck_assert_str_eq(ic, "ok");
        free(ic);
        /* Every stored run is whole. */
        ck_assert_int_eq(raw_int(db, "SELECT count(*) FROM runs r WHERE (SELECT count(*) FROM "
                                     "findings f WHERE f.run_id = r.id) NOT IN (50, 3000)"),
                         0);
        ck_assert_int_eq(raw_int(db, "SELECT count(*) FROM findings f WHERE (SELECT count(*) "
                                     "FROM steps s WHERE s.finding_id = f.id) <> "
                                     "CASE f.run_id WHEN 1 THEN 3 ELSE 4 END"),
                         0);
    }
    st = open_rw(db);
    assert_run_equals(st, id1, &first);
    /* And the next writer carries on. */
    long long id = save(st, dir, "4444444444444444444444444444444444444444", &first);
    ck_assert_int_gt(id, id1);
    sl_store_close(st);
    sl_findings_free(&first);
    free(db);
    rm_rf(dir);
    free(dir);
}
END_TEST

START_TEST(two_writers_at_once)
{
    char *dir = sl_test_tmpdir();
    char *db = sl_path_join(dir, "f.db");
    sl_store *st = open_rw(db);
    sl_store_close(st);
    /* Each waits for the other as long as it takes (slow under valgrind). */
    setenv("SESSLINT_BUSY_TIMEOUT_MS", "120000", 1);
    const int runs_each = 8;
    pid_t pids[2];
    for (int w = 0; w < 2; w++) {
        pids[w] = fork();
        ck_assert_int_ge(pids[w], 0);
        if (pids[w] == 0) {
            sl_store *cst;
            sl_error cerr;
            if (sl_store_open(&cst, db, false, &cerr) != 0) {
                fprintf(stderr, "%s\n", cerr.msg);
                _exit(3);
            }
            sl_findings fs = {0};
            many(&fs, dir, 400, 3);
            sl_run_info ri = info(dir, w ? "5555555555555555555555555555555555555555"
                                         : "6666666666666666666666666666666666666666");
            for (int i = 0; i < runs_each; i++) {
                long long id;
                if (sl_store_save_run(cst, &ri, &fs, NULL, &id, &cerr) != 0) {
                    fprintf(stderr, "%s\n", cerr.msg);
                    _exit(4);
                }
                usleep(5000); /* a real run analyzes between two saves */
            }
            sl_store_close(cst);
            sl_findings_free(&fs);
            free(db); /* the child's copies: leave nothing for valgrind */
            free(dir);
            _exit(0);
        }
    }
    for (int w = 0; w < 2; w++) {
        int status;
        waitpid(pids[w], &status, 0);
        ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "writer %d failed (%d)", w,
                      status);
    }
    unsetenv("SESSLINT_BUSY_TIMEOUT_MS");
    ck_assert_int_eq(raw_int(db, "SELECT count(*) FROM runs"), 2 * runs_each);
    ck_assert_int_eq(raw_int(db, "SELECT count(*) FROM findings"), 2 * runs_each * 400);
    char *ic = integrity(db);
    ck_assert_str_eq(ic, "ok");
    free(ic);
    free(db);
    rm_rf(dir);
    free(dir);
}
END_TEST

/* ---- read-only queries ---- */

START_TEST(query_refuses_writes)
{
    char *dir = sl_test_tmpdir();
    char *db = sl_path_join(dir, "f.db");
    char *other = sl_path_join(dir, "other.db");
    sl_store *st = open_rw(db);
    sl_findings fs = {0};
    many(&fs, dir, 3, 1);
    save(st, dir, "1111111111111111111111111111111111111111", &fs);
    sl_store_close(st);

    sl_store *ro = NULL;
    sl_error err;
    ck_assert_int_eq(sl_store_open(&ro, db, true, &err), 0);
    char *attach_write =
        sl_xasprintf("ATTACH DATABASE '%s' AS x; CREATE TABLE x.t (a)", other);
    char *attach = sl_xasprintf("ATTACH DATABASE '%s' AS x", other);
    char *vacuum = sl_xasprintf("VACUUM INTO '%s'", other);
    const char *bad[] = {
        "INSERT INTO runs (root, tool_version, status, started, finished) "
        "VALUES ('/', '0', 'complete', 0, 0)",
        "DELETE FROM findings",
        "UPDATE findings SET rule = 'x'",
        "DROP TABLE findings",
        "CREATE TABLE t (a)",
        "REPLACE INTO triage VALUES ('a', 'confirmed', 'r', 0)",
        "PRAGMA user_version = 5",
        "PRAGMA journal_mode = DELETE",
        "SELECT 1; DELETE FROM findings",
        "WITH x AS (SELECT 1) DELETE FROM findings",
        attach,
        attach_write,
        vacuum,
        "",
    };
    sl_store *rw = open_rw(db);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sl_table t;
        ck_assert_msg(sl_store_query(ro, bad[i], NULL, 0, &t, &err) == -1, "ran: %s", bad[i]);
        ck_assert_uint_eq(t.nrows, 0);
        /* Refused on a read-write store too: the check is on the SQL. */
        ck_assert_msg(sl_store_query(rw, bad[i], NULL, 0, &t, &err) == -1, "rw ran: %s", bad[i]);
    }
    sl_store_close(rw);
    ck_assert_int_eq(access(other, F_OK), -1);
    ck_assert_int_eq(raw_int(db, "SELECT count(*) FROM findings"), 3);
    ck_assert_int_eq(raw_int(db, "PRAGMA user_version"), SL_STORE_SCHEMA_VERSION);

    /* Reads work, with parameters, pragmas that read and every type. */
    sl_table t;
    const char *params[] = {"leak.session"};
    ck_assert_int_eq(sl_store_query(ro,
                                    "SELECT count(*) AS n, ?1 AS r, 1.5 AS x, NULL AS z, "
                                    "x'00ff' AS b FROM findings WHERE rule = ?1",
                                    params, 1, &t, &err),
                     0);
    ck_assert_uint_eq(t.ncols, 5);
    ck_assert_uint_eq(t.nrows, 1);
    ck_assert_str_eq(t.cols[0], "n");
    ck_assert_int_eq(t.cells.v[0].type, 'i');
    ck_assert_int_eq(t.cells.v[0].i, 3);
    ck_assert_str_eq(t.cells.v[1].text, "leak.session");
    ck_assert_int_eq(t.cells.v[2].type, 'r');
    ck_assert_int_eq(t.cells.v[3].type, 'n');
    ck_assert_str_eq(t.cells.v[4].text, "00ff");
    sl_table_free(&t);
    ck_assert_int_eq(sl_store_query(ro, "PRAGMA table_info(findings)", NULL, 0, &t, &err), 0);
    ck_assert_uint_gt(t.nrows, 10);
    sl_table_free(&t);
    ck_assert_int_eq(sl_store_query(ro, "SELECT 1;  -- trailing comment\n", NULL, 0, &t, &err),
                     0);
    sl_table_free(&t);
    sl_store_close(ro);
    sl_findings_free(&fs);
    free(attach_write);
    free(attach);
    free(vacuum);
    free(other);
    free(db);
    rm_rf(dir);
    free(dir);
}
END_TEST

/* ---- hostile databases ---- */

/* Drop to an unprivileged user when root (root ignores file modes). */
static void become_nobody(void)
{
    if (geteuid() == 0) {
        if (setgid(65534) != 0 || setuid(65534) != 0)
            _exit(90);
    }
}

START_TEST(read_only_file)
{
    char *dir = sl_test_tmpdir();
    char *db = sl_path_join(dir, "f.db");
    sl_store *st = open_rw(db);
    sl_findings fs = {0};
    many(&fs, dir, 4, 1);
    save(st, dir, "1111111111111111111111111111111111111111", &fs);
    sl_store_close(st);
    sl_findings_free(&fs);
    ck_assert_int_eq(chmod(db, 0444), 0);
    ck_assert_int_eq(chmod(dir, 0555), 0);
    /* nobody runs a copy of the binary: the build tree may sit where only
     * its owner can go (a clone in /root). */
    char *pub = sl_test_tmpdir();
    char *bin = sl_path_join(pub, "sesslint");
    char *cp = sl_xasprintf("cp '%s' '%s' && chmod -R a+rX '%s'", SESSLINT_BINARY, bin, pub);
    ck_assert_int_eq(system(cp), 0);
    free(cp);

    pid_t pid = fork();
    if (pid == 0) {
        become_nobody();
        sl_store *cst;
        sl_error cerr;
        /* Writing: refused, naming the file and the problem. */
        if (sl_store_open(&cst, db, false, &cerr) == 0)
            _exit(10);
        if (!strstr(cerr.msg, db) || !strstr(cerr.msg, "read-only"))
            _exit(11);
        /* Reading still works. */
        if (sl_store_open(&cst, db, true, &cerr) != 0) {
            fprintf(stderr, "%s\n", cerr.msg);
            _exit(12);
        }
        sl_table t;
        if (sl_store_query(cst, "SELECT count(*) FROM findings", NULL, 0, &t, &cerr) != 0 ||
            t.cells.v[0].i != 4)
            _exit(13);
        sl_table_free(&t);
        sl_store_close(cst);
        /* Through the CLI: reading works, triage (a write) fails with 2. */
        const char *runs[] = {"runs", "--db", db, NULL};
        sl_cmd_result r = sl_run_sesslint_at(bin, NULL, runs);
        if (r.status != 0)
            _exit(14);
        sl_cmd_result_free(&r);
        const char *tri[] = {"triage", "abcd", "--status", "confirmed", "--reason", "x", "--db",
                             db, NULL};
        r = sl_run_sesslint_at(bin, NULL, tri);
        if (r.status != 2 || !strstr(r.err, "read-only"))
            _exit(15);
        sl_cmd_result_free(&r);
        free(bin);
        free(pub);
        free(db);
        free(dir);
        _exit(0);
    }
    int status;
    waitpid(pid, &status, 0);
    rm_rf(pub);
    free(bin);
    free(pub);
    chmod(dir, 0700);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child failed at step %d",
                  WEXITSTATUS(status));
    ck_assert_int_eq(raw_int(db, "SELECT count(*) FROM findings"), 4);
    free(db);
    rm_rf(dir);
    free(dir);
}
END_TEST

START_TEST(locked_database)
{
    setenv("SESSLINT_BUSY_TIMEOUT_MS", "300", 1);
    ck_assert_int_eq(sl_store_busy_timeout_ms(), 300);
    char *dir = sl_test_tmpdir();
    char *db = sl_path_join(dir, "f.db");
    sl_store *st = open_rw(db);
    sl_findings fs = {0};
    many(&fs, dir, 5, 1);
    save(st, dir, "1111111111111111111111111111111111111111", &fs);

    /* Another connection holds the write lock past our busy timeout.  Its
     * locks are file locks, so the sesslint processes started below see
     * them too. */
    sqlite3 *h;
    ck_assert_int_eq(sqlite3_open(db, &h), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(h, "BEGIN EXCLUSIVE", NULL, NULL, NULL), SQLITE_OK);
    ck_assert_int_eq(
        sqlite3_exec(h, "INSERT INTO triage VALUES ('ff', 'confirmed', 'held', 0)", NULL, NULL,
                     NULL),
        SQLITE_OK);

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    sl_run_info ri = info(dir, "2222222222222222222222222222222222222222");
    long long id;
    sl_error err;
    ck_assert_int_eq(sl_store_save_run(st, &ri, &fs, NULL, &id, &err), -1);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    ck_assert_int_ge(ms, 250);
    ck_assert_int_lt(ms, 20000);
    ck_assert_ptr_nonnull(strstr(err.msg, db));
    ck_assert_ptr_nonnull(strstr(err.msg, "locked"));
    ck_assert_ptr_nonnull(strstr(err.msg, "300 ms"));

    /* Readers are not blocked by the writer (WAL). */
    sl_table t;
    ck_assert_int_eq(sl_store_query(st, "SELECT count(*) FROM runs", NULL, 0, &t, &err), 0);
    ck_assert_int_eq(t.cells.v[0].i, 1);
    sl_table_free(&t);
    /* The CLI: a reading command works, a writing one says "locked". */
    const char *runs[] = {"runs", "--db", db, NULL};
    sl_cmd_result r = sl_run_sesslint(NULL, runs);
    ck_assert_int_eq(r.status, 0);
    sl_cmd_result_free(&r);
    char fp8[9];
    memcpy(fp8, fs.v[0].fingerprint, 8);
    fp8[8] = 0;
    const char *tri[] = {"triage", fp8, "--status", "confirmed", "--reason", "x", "--db", db,
                         NULL};
    r = sl_run_sesslint(NULL, tri);
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "locked"));
    sl_cmd_result_free(&r);

    /* Once released, the same store writes. */
    ck_assert_int_eq(sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    ck_assert_int_eq(sl_store_save_run(st, &ri, &fs, NULL, &id, &err), 0);
    ck_assert_int_eq(raw_int(db, "SELECT count(*) FROM runs"), 2);
    ck_assert_int_eq(raw_int(db, "SELECT count(*) FROM triage"), 0);
    sl_store_close(st);
    sl_findings_free(&fs);
    unsetenv("SESSLINT_BUSY_TIMEOUT_MS");
    free(db);
    rm_rf(dir);
    free(dir);
}
END_TEST

START_TEST(corrupt_file)
{
    char *dir = sl_test_tmpdir();
    char *db = sl_path_join(dir, "random.db");
    unsigned char bytes[8192];
    srand(42);
    for (size_t i = 0; i < sizeof bytes; i++)
        bytes[i] = (unsigned char)(rand() & 0xff);
    FILE *f = fopen(db, "wb");
    fwrite(bytes, 1, sizeof bytes, f);
    fclose(f);

    for (int ro = 0; ro < 2; ro++) {
        sl_store *st = NULL;
        sl_error err;
        ck_assert_int_eq(sl_store_open(&st, db, ro, &err), -1);
        ck_assert_ptr_null(st);
        ck_assert_ptr_nonnull(strstr(err.msg, db));
        ck_assert_ptr_nonnull(strstr(err.msg, "not a sesslint database or corrupt"));
    }
    size_t len;
    char *after = read_all(db, &len);
    ck_assert_uint_eq(len, sizeof bytes);
    ck_assert(memcmp(after, bytes, len) == 0);
    free(after);
    char *wal = sl_xasprintf("%s-wal", db);
    ck_assert_int_eq(access(wal, F_OK), -1);
    free(wal);

    const char *args[] = {"runs", "--db", db, NULL};
    sl_cmd_result r = sl_run_sesslint(NULL, args);
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "not a sesslint database or corrupt"));
    sl_cmd_result_free(&r);

    /* A real database whose pages after the header are overwritten. */
    char *db2 = sl_path_join(dir, "damaged.db");
    sl_store *st = open_rw(db2);
    sl_findings fs = {0};
    many(&fs, dir, 200, 2);
    save(st, dir, "1111111111111111111111111111111111111111", &fs);
    sl_store_close(st);
    sl_findings_free(&fs);
    int fd = open(db2, O_WRONLY);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(pwrite(fd, bytes, sizeof bytes, 100), (ssize_t)sizeof bytes);
    close(fd);
    sl_error err;
    int rc = sl_store_open(&st, db2, true, &err);
    if (rc == 0) {
        sl_findings got = {0};
        rc = sl_store_load_run(st, 1, &got, &err);
        sl_findings_free(&got);
        sl_store_close(st);
    }
    ck_assert_int_eq(rc, -1);
    ck_assert_msg(strstr(err.msg, "corrupt") != NULL, "%s", err.msg);
    free(db2);
    free(db);
    rm_rf(dir);
    free(dir);
}
END_TEST

START_TEST(newer_schema_refused)
{
    char *dir = sl_test_tmpdir();
    char *db = sl_path_join(dir, "f.db");
    sl_store *st = open_rw(db);
    sl_findings fs = {0};
    many(&fs, dir, 2, 1);
    save(st, dir, "1111111111111111111111111111111111111111", &fs);
    sl_store_close(st);
    sl_findings_free(&fs);
    raw_exec(db, "PRAGMA user_version = 99");
    for (int ro = 0; ro < 2; ro++) {
        sl_error err;
        ck_assert_int_eq(sl_store_open(&st, db, ro, &err), -1);
        ck_assert_ptr_nonnull(strstr(err.msg, db));
        ck_assert_ptr_nonnull(strstr(err.msg, "version 99 is newer"));
        char want[32];
        snprintf(want, sizeof want, "(version %d)", SL_STORE_SCHEMA_VERSION);
        ck_assert_ptr_nonnull(strstr(err.msg, want));
    }
    ck_assert_int_eq(raw_int(db, "PRAGMA user_version"), 99);
    ck_assert_int_eq(raw_int(db, "SELECT count(*) FROM findings"), 2);
    const char *args[] = {"findings", "--db", db, NULL};
    sl_cmd_result r = sl_run_sesslint(NULL, args);
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "newer"));
    sl_cmd_result_free(&r);
    free(db);
    rm_rf(dir);
    free(dir);
}
END_TEST

/* A database of schema 2 (as sesslint made it before the candidate groups)
 * becomes schema 3 when a writing command opens it: its runs, findings,
 * steps and triage stay; the cache entries of the old form go (the TUs are
 * analyzed again), and the table of candidate groups is there. */
START_TEST(migrate_from_v2)
{
    char *dir = sl_test_tmpdir();
    char *db = sl_path_join(dir, "v2.db");
    sqlite3 *h;
    ck_assert_int_eq(sqlite3_open(db, &h), SQLITE_OK);
    size_t n;
    const sl_migration *steps = sl_store_schema_steps(&n);
    ck_assert_uint_ge(n, 3);
    sl_error err = {{0}};
    ck_assert_int_eq(sl_store_migrate(h, db, steps, 2, &err), 0);
    sqlite3_close(h);
    raw_exec(db, "INSERT INTO runs (id, root, tool_version, status, started, finished) "
                 "VALUES (1, '/src', '0.1.0', 'complete', 1, 2);"
                 "INSERT INTO findings (id, run_id, fingerprint, rule, kind, file, line, col, "
                 "message, tu) VALUES (1, 1, 'fp', 'leak.resource', 'resource', 'a.c', 3, 1, "
                 "'m', 'a.c');"
                 "INSERT INTO steps VALUES (1, 0, 'acquire', 'a.c', 2, 1, 'acquired here');"
                 "INSERT INTO triage VALUES ('fp', 'confirmed', 'seen', 5);"
                 "INSERT INTO tu_cache VALUES ('k', '/src/a.c', 'sesslint-cache 1\nY\tx', 7);");
    ck_assert_int_eq(raw_int(db, "PRAGMA user_version"), 2);
    sl_store *st = open_rw(db);
    sl_store_close(st);
    ck_assert_int_eq(raw_int(db, "PRAGMA user_version"), 3);
    ck_assert_int_eq(raw_int(db, "SELECT count(*) FROM runs"), 1);
    ck_assert_int_eq(raw_int(db, "SELECT count(*) FROM findings WHERE tu = 'a.c'"), 1);
    ck_assert_int_eq(raw_int(db, "SELECT count(*) FROM steps"), 1);
    ck_assert_int_eq(raw_int(db, "SELECT count(*) FROM triage"), 1);
    ck_assert_int_eq(raw_int(db, "SELECT count(*) FROM tu_cache"), 0);
    ck_assert_int_eq(raw_int(db, "SELECT count(*) FROM tu_cache_decls"), 0);
    ck_assert_int_eq(raw_int(db, "SELECT count(*) FROM pragma_table_info('tu_cache') "
                                 "WHERE name = 'decls'"),
                     1);
    free(db);
    free(dir);
}
END_TEST

START_TEST(migrate_from_v0)
{
    char *dir = sl_test_tmpdir();
    /* An empty file (version 0) becomes a current database. */
    char *db = sl_path_join(dir, "empty.db");
    free(sl_test_write(dir, "empty.db", ""));
    sl_store *st;
    sl_error err;
    /* Read-only: nothing to read yet, and nothing is created. */
    ck_assert_int_eq(sl_store_open(&st, db, true, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "no sesslint data"));
    st = open_rw(db);
    sl_store_close(st);
    ck_assert_int_eq(raw_int(db, "PRAGMA user_version"), SL_STORE_SCHEMA_VERSION);
    ck_assert_int_eq(raw_int(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
                                 "name IN ('runs', 'files', 'findings', 'steps', 'triage', "
                                 "'summaries', 'tu_cache')"),
                     7);
    /* Opening again does not migrate twice. */
    st = open_rw(db);
    sl_store_close(st);
    ck_assert_int_eq(raw_int(db, "PRAGMA user_version"), SL_STORE_SCHEMA_VERSION);

    /* Someone else's database (version 0, but with tables) is refused
     * untouched. */
    char *foreign = sl_path_join(dir, "foreign.db");
    raw_exec(foreign, "CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES ('keep')");
    ck_assert_int_eq(sl_store_open(&st, foreign, false, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "not a sesslint database"));
    ck_assert_int_eq(raw_int(foreign, "PRAGMA user_version"), 0);
    ck_assert_int_eq(raw_int(foreign, "SELECT count(*) FROM sqlite_master"), 1);

    /* The mechanism, with steps of our own: 0 -> 1 -> 2 in one go. */
    char *mdb = sl_path_join(dir, "m.db");
    sqlite3 *h;
    ck_assert_int_eq(sqlite3_open(mdb, &h), SQLITE_OK);
    const sl_migration two[] = {
        {1, "CREATE TABLE t1 (a INTEGER); INSERT INTO t1 VALUES (7);"},
        {2, "ALTER TABLE t1 ADD COLUMN b TEXT DEFAULT 'x';"},
    };
    ck_assert_int_eq(sl_store_migrate(h, mdb, two, 1, &err), 0);
    ck_assert_int_eq(raw_int(mdb, "PRAGMA user_version"), 1);
    ck_assert_int_eq(sl_store_migrate(h, mdb, two, 2, &err), 0);
    ck_assert_int_eq(raw_int(mdb, "PRAGMA user_version"), 2);
    ck_assert_int_eq(raw_int(mdb, "SELECT count(*) FROM t1 WHERE a = 7 AND b = 'x'"), 1);
    /* A failing step changes nothing, earlier steps of the same call
     * included. */
    const sl_migration bad[] = {
        two[0],
        two[1],
        {3, "CREATE TABLE t3 (a);"},
        {4, "INSERT INTO no_such_table VALUES (1);"},
    };
    ck_assert_int_eq(sl_store_migrate(h, mdb, bad, 4, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "from version 2 to 4"));
    ck_assert_ptr_nonnull(strstr(err.msg, mdb));
    ck_assert_int_eq(raw_int(mdb, "PRAGMA user_version"), 2);
    ck_assert_int_eq(raw_int(mdb, "SELECT count(*) FROM sqlite_master WHERE name = 't3'"), 0);
    /* A file newer than the steps known is refused. */
    ck_assert_int_eq(sl_store_migrate(h, mdb, two, 1, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "version 2 is newer"));
    sqlite3_close(h);

    free(mdb);
    free(foreign);
    free(db);
    rm_rf(dir);
    free(dir);
}
END_TEST

/* A write that hits the file size limit fails cleanly and loses nothing. */
START_TEST(full_disk)
{
    char *dir = sl_test_tmpdir();
    char *db = sl_path_join(dir, "f.db");
    sl_store *st = open_rw(db);
    sl_findings fs = {0};
    many(&fs, dir, 30, 2);
    long long id1 = save(st, dir, "1111111111111111111111111111111111111111", &fs);
    sl_store_close(st);

    int pfd[2];
    ck_assert_int_eq(pipe(pfd), 0);
    pid_t pid = fork();
    if (pid == 0) {
        close(pfd[0]);
        signal(SIGXFSZ, SIG_IGN);
        sl_store *cst;
        sl_error cerr = {{0}};
        if (sl_store_open(&cst, db, false, &cerr) != 0)
            _exit(3);
        struct rlimit rl = {256 * 1024, 256 * 1024};
        if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
            _exit(4);
        sl_findings big = {0};
        many(&big, dir, 5000, 4);
        sl_run_info ri = info(dir, "2222222222222222222222222222222222222222");
        long long id;
        int rc = sl_store_save_run(cst, &ri, &big, NULL, &id, &cerr);
        ssize_t w = write(pfd[1], cerr.msg, strlen(cerr.msg) + 1);
        (void)w;
        sl_store_close(cst);
        sl_findings_free(&big);
        sl_findings_free(&fs);
        free(db);
        free(dir);
        _exit(rc == 0 ? 5 : 0);
    }
    close(pfd[1]);
    char msg[2048] = {0};
    ssize_t n = read(pfd[0], msg, sizeof msg - 1);
    close(pfd[0]);
    int status;
    waitpid(pid, &status, 0);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %d", status);
    ck_assert_int_gt(n, 0);
    ck_assert_msg(strstr(msg, "disk full") != NULL, "%s", msg);
    ck_assert_ptr_nonnull(strstr(msg, db));
    ck_assert_ptr_nonnull(strstr(msg, "nothing of this run was stored"));

    char *ic = integrity(db);
    ck_assert_str_eq(ic, "ok");
    free(ic);
    ck_assert_int_eq(raw_int(db, "SELECT count(*) FROM runs"), 1);
    st = open_rw(db);
    assert_run_equals(st, id1, &fs);
    sl_store_close(st);
    sl_findings_free(&fs);
    free(db);
    rm_rf(dir);
    free(dir);
}
END_TEST

/* ---- diff ---- */

START_TEST(diff_classification)
{
    const char *root = "/p";
    sl_findings base = {0}, head = {0};
    add(&base, mkf(root, "a.c", 10, "leak.session", SL_KIND_SESSION, "f", "gone", 0));  /* fixed */
    add(&base, mkf(root, "a.c", 20, "leak.session", SL_KIND_SESSION, "f", "stays", 0)); /* unch */
    add(&base, mkf(root, "b.c", 30, "leak.connector", SL_KIND_CONNECTOR, "g", "moved", 0));
    /* Head: "stays" unchanged, "moved" at another line (same fingerprint),
     * one new finding, and a duplicate fingerprint with only one base
     * partner. */
    add(&head, mkf(root, "a.c", 25, "leak.session", SL_KIND_SESSION, "f", "stays", 0));
    add(&head, mkf(root, "b.c", 99, "leak.connector", SL_KIND_CONNECTOR, "g", "moved", 0));
    add(&head, mkf(root, "c.c", 5, "leak.credential", SL_KIND_CREDENTIAL, "h", "cred", 0));
    add(&head, mkf(root, "a.c", 26, "leak.session", SL_KIND_SESSION, "f", "stays", 0));

    sl_diff d;
    sl_diff_findings(&base, &head, &d);
    ck_assert_uint_eq(d.nnew, 2);
    ck_assert_uint_eq(d.nfixed, 1);
    ck_assert_uint_eq(d.nunchanged, 2);
    ck_assert_uint_eq(d.e.n, 5);
    /* Order: new (head order), fixed, unchanged (head order). */
    ck_assert_int_eq(d.e.v[0].state, SL_DIFF_NEW);
    ck_assert_uint_eq(d.e.v[0].head, 2);
    ck_assert_int_eq(d.e.v[1].state, SL_DIFF_NEW);
    ck_assert_uint_eq(d.e.v[1].head, 3);
    ck_assert_int_eq(d.e.v[2].state, SL_DIFF_FIXED);
    ck_assert_uint_eq(d.e.v[2].base, 0);
    ck_assert_int_eq(d.e.v[3].state, SL_DIFF_UNCHANGED);
    ck_assert_uint_eq(d.e.v[3].head, 0);
    ck_assert_uint_eq(d.e.v[3].base, 1);
    ck_assert_int_eq(d.e.v[4].state, SL_DIFF_UNCHANGED);
    ck_assert_uint_eq(d.e.v[4].head, 1);
    ck_assert_uint_eq(d.e.v[4].base, 2);
    ck_assert_str_eq(sl_diff_state_name(SL_DIFF_FIXED), "fixed");
    sl_diff_free(&d);

    /* Against nothing: all new; from nothing: all fixed. */
    sl_findings none = {0};
    sl_diff_findings(&none, &head, &d);
    ck_assert_uint_eq(d.nnew, 4);
    sl_diff_free(&d);
    sl_diff_findings(&base, &none, &d);
    ck_assert_uint_eq(d.nfixed, 3);
    ck_assert_uint_eq(d.nnew + d.nunchanged, 0);
    sl_diff_free(&d);
    sl_findings_free(&base);
    sl_findings_free(&head);
}
END_TEST

/* The fingerprint cases of issue 5 through sl_findings_finalize and the
 * diff: moved lines, a moved function and re-indentation keep a finding
 * "unchanged"; another handle, acquisition or function makes it new (and
 * the old one fixed). */
static sl_finding leak_at(const char *root, unsigned line, unsigned acq_line, const char *fn,
                          const char *handle, const char *acquire)
{
    sl_finding f = mkf(root, "src/net.c", line, "leak.session", SL_KIND_SESSION, fn, handle, 2);
    f.acquire_loc.line = acq_line;
    free(f.acquire_fn);
    f.acquire_fn = sl_xstrdup(acquire);
    f.fingerprint[0] = 0; /* finalize computes it */
    return f;
}

static void diff_case(const char *root, sl_finding base_f, sl_finding head_f, size_t nnew,
                      size_t nfixed, size_t nunchanged)
{
    sl_findings base = {0}, head = {0};
    SL_VEC_PUSH(base, base_f);
    SL_VEC_PUSH(base, leak_at(root, 200, 190, "other", "s", "curl_easy_init"));
    SL_VEC_PUSH(head, head_f);
    SL_VEC_PUSH(head, leak_at(root, 260, 250, "other", "s", "curl_easy_init"));
    sl_findings_finalize(&base, root);
    sl_findings_finalize(&head, root);
    sl_diff d;
    sl_diff_findings(&base, &head, &d);
    ck_assert_uint_eq(d.nnew, nnew);
    ck_assert_uint_eq(d.nfixed, nfixed);
    ck_assert_uint_eq(d.nunchanged, nunchanged);
    sl_diff_free(&d);
    sl_findings_free(&base);
    sl_findings_free(&head);
}

START_TEST(diff_fingerprint_cases)
{
    const char *root = "/proj";
    /* Lines added above: everything moves down. */
    diff_case(root, leak_at(root, 40, 30, "fetch", "h", "curl_easy_init"),
              leak_at(root, 52, 42, "fetch", "h", "curl_easy_init"), 0, 0, 2);
    /* The function moved below another one. */
    diff_case(root, leak_at(root, 40, 30, "fetch", "h", "curl_easy_init"),
              leak_at(root, 400, 390, "fetch", "h", "curl_easy_init"), 0, 0, 2);
    /* Re-indented: columns change, and so may spacing inside names. */
    sl_finding reindented = leak_at(root, 40, 30, "fetch", "conn -> curl", "curl_easy_init");
    reindented.loc.col = 9;
    diff_case(root, leak_at(root, 40, 30, "fetch", "conn->curl", "curl_easy_init"), reindented,
              0, 0, 2);
    /* Another handle, acquisition or function: a different finding. */
    diff_case(root, leak_at(root, 40, 30, "fetch", "h", "curl_easy_init"),
              leak_at(root, 40, 30, "fetch", "h2", "curl_easy_init"), 1, 1, 1);
    diff_case(root, leak_at(root, 40, 30, "fetch", "h", "curl_easy_init"),
              leak_at(root, 40, 30, "fetch", "h", "curl_easy_duphandle"), 1, 1, 1);
    diff_case(root, leak_at(root, 40, 30, "fetch", "h", "curl_easy_init"),
              leak_at(root, 40, 30, "fetch_all", "h", "curl_easy_init"), 1, 1, 1);
    /* A checkout elsewhere gives the same fingerprints. */
    sl_findings a = {0}, b = {0};
    SL_VEC_PUSH(a, leak_at("/proj", 40, 30, "fetch", "h", "curl_easy_init"));
    SL_VEC_PUSH(b, leak_at("/elsewhere/proj", 40, 30, "fetch", "h", "curl_easy_init"));
    sl_findings_finalize(&a, "/proj");
    sl_findings_finalize(&b, "/elsewhere/proj");
    ck_assert_str_eq(a.v[0].fingerprint, b.v[0].fingerprint);
    sl_findings_free(&a);
    sl_findings_free(&b);
}
END_TEST

START_TEST(mark_new_against_baseline)
{
    char *dir = sl_test_tmpdir();
    char *db = sl_path_join(dir, "f.db");
    sl_store *st = open_rw(db);
    sl_findings base = {0}, head = {0};
    add(&base, mkf(dir, "a.c", 10, "leak.session", SL_KIND_SESSION, "f", "a", 0));
    add(&base, mkf(dir, "a.c", 20, "leak.session", SL_KIND_SESSION, "f", "b", 0));
    long long bid = save(st, dir, "1111111111111111111111111111111111111111", &base);
    add(&head, mkf(dir, "a.c", 11, "leak.session", SL_KIND_SESSION, "f", "a", 0));
    add(&head, mkf(dir, "a.c", 30, "leak.session", SL_KIND_SESSION, "f", "c", 0));
    bool is_new[2] = {true, false};
    sl_error err;
    ck_assert_int_eq(sl_store_mark_new(st, bid, &head, is_new, &err), 0);
    ck_assert(!is_new[0]);
    ck_assert(is_new[1]);
    ck_assert_int_eq(sl_store_mark_new(st, bid + 50, &head, is_new, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "no run"));
    sl_store_close(st);
    sl_findings_free(&base);
    sl_findings_free(&head);
    free(db);
    rm_rf(dir);
    free(dir);
}
END_TEST

/* ---- resolving references ---- */

START_TEST(resolve_references)
{
    char *dir = sl_test_tmpdir();
    char *notrepo = sl_test_tmpdir();
    char *db = sl_path_join(dir, "f.db");
    sl_store *st = open_rw(db);
    sl_findings fs = {0};
    long long r1 = save(st, dir, "aaaa111111111111111111111111111111111111", &fs);
    long long r2 = save(st, dir, "aaaa222222222222222222222222222222222222", &fs);
    save(st, dir, "bbbb333333333333333333333333333333333333", &fs);
    long long r4 = save(st, dir, "bbbb333333333333333333333333333333333333", &fs);
    long long id = 0;
    sl_error err;

    ck_assert_int_eq(sl_store_resolve_run(st, "latest", notrepo, &id, &err), 0);
    ck_assert_int_eq(id, r4);
    ck_assert_int_eq(sl_store_resolve_run(st, "#2", notrepo, &id, &err), 0);
    ck_assert_int_eq(id, r2);
    ck_assert_int_eq(sl_store_resolve_run(st, "1", notrepo, &id, &err), 0);
    ck_assert_int_eq(id, r1);
    ck_assert_int_eq(sl_store_resolve_run(st, "#9", notrepo, &id, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "no run #9"));
    ck_assert_int_eq(sl_store_resolve_run(st, "#x", notrepo, &id, &err), -1);
    /* Unique prefix, any case; a commit with two runs gives the latest. */
    ck_assert_int_eq(sl_store_resolve_run(st, "BBBB3", notrepo, &id, &err), 0);
    ck_assert_int_eq(id, r4);
    /* A dirty run of the same commit does not replace the clean one. */
    sl_run_info dirty = info(dir, "bbbb333333333333333333333333333333333333");
    dirty.dirty = true;
    long long r5;
    ck_assert_int_eq(sl_store_save_run(st, &dirty, &fs, NULL, &r5, &err), 0);
    ck_assert_int_eq(sl_store_resolve_run(st, "bbbb3", notrepo, &id, &err), 0);
    ck_assert_int_eq(id, r4);
    ck_assert_int_eq(sl_store_resolve_run(st, "latest", notrepo, &id, &err), 0);
    ck_assert_int_eq(id, r5);
    /* Only dirty runs: the latest of them. */
    dirty.commit = "dddd444444444444444444444444444444444444";
    long long r6, r7;
    ck_assert_int_eq(sl_store_save_run(st, &dirty, &fs, NULL, &r6, &err), 0);
    ck_assert_int_eq(sl_store_save_run(st, &dirty, &fs, NULL, &r7, &err), 0);
    ck_assert_int_eq(sl_store_resolve_run(st, "dddd", notrepo, &id, &err), 0);
    ck_assert_int_eq(id, r7);
    ck_assert_int_eq(sl_store_resolve_run(st, "aaaa2", notrepo, &id, &err), 0);
    ck_assert_int_eq(id, r2);
    ck_assert_int_eq(
        sl_store_resolve_run(st, "aaaa111111111111111111111111111111111111", notrepo, &id, &err),
        0);
    ck_assert_int_eq(id, r1);
    /* Ambiguous prefix: an error listing both. */
    ck_assert_int_eq(sl_store_resolve_run(st, "aaaa", notrepo, &id, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "ambiguous"));
    ck_assert_ptr_nonnull(strstr(err.msg, "aaaa11111111"));
    ck_assert_ptr_nonnull(strstr(err.msg, "aaaa22222222"));
    /* A full hash no run has: "no run" (the CI gate's missing baseline). */
    ck_assert_int_eq(
        sl_store_resolve_run(st, "cccc333333333333333333333333333333333333", notrepo, &id, &err),
        SL_STORE_NO_RUN);
    ck_assert_ptr_nonnull(strstr(err.msg, "no run is stored for commit"));
    /* Neither stored nor known to git: a different error. */
    ck_assert_int_eq(sl_store_resolve_run(st, "no-such-branch", notrepo, &id, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "no-such-branch"));
    ck_assert_int_eq(sl_store_resolve_run(st, "", notrepo, &id, &err), -1);

    /* A number that is both a run id and a commit prefix. */
    raw_exec(db, "INSERT INTO runs (id, commit_hash, root, tool_version, status, started, "
                 "finished) VALUES (1234, '1234ffffffffffffffffffffffffffffffffffff', '/', "
                 "'0', 'complete', 0, 0)");
    ck_assert_int_eq(sl_store_resolve_run(st, "1234", notrepo, &id, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "#1234"));
    ck_assert_int_eq(sl_store_resolve_run(st, "#1234", notrepo, &id, &err), 0);
    ck_assert_int_eq(id, 1234);
    ck_assert_int_eq(sl_store_resolve_run(st, "1234f", notrepo, &id, &err), 0);
    ck_assert_int_eq(id, 1234);
    /* For commits only, a number is a commit prefix; run ids are not
     * accepted. */
    ck_assert_int_eq(sl_store_resolve_commit(st, "1234", notrepo, &id, &err), 0);
    ck_assert_int_eq(id, 1234);
    ck_assert_int_eq(sl_store_resolve_commit(st, "bbbb", notrepo, &id, &err), 0);
    ck_assert_int_eq(id, r4);
    ck_assert_int_eq(sl_store_resolve_commit(st, "#2", notrepo, &id, &err), -1);
    ck_assert_int_eq(sl_store_resolve_commit(st, "latest", notrepo, &id, &err), -1);
    sl_store_close(st);

    /* An empty database: "latest" is a missing run. */
    char *db2 = sl_path_join(dir, "empty.db");
    st = open_rw(db2);
    ck_assert_int_eq(sl_store_resolve_run(st, "latest", notrepo, &id, &err), SL_STORE_NO_RUN);
    ck_assert_ptr_nonnull(strstr(err.msg, "no run is stored yet"));
    sl_store_close(st);
    free(db2);
    free(db);
    rm_rf(notrepo);
    free(notrepo);
    rm_rf(dir);
    free(dir);
}
END_TEST

START_TEST(resolve_git_revisions)
{
    char *repo = git_repo();
    git_commit(repo, "a.c", "int a;\n");
    git_commit(repo, "b.c", "int b;\n");
    git_commit(repo, "c.c", "int c;\n");
    char *c1 = git_rev(repo, "HEAD~2"), *c3 = git_rev(repo, "HEAD");
    char *db = sl_path_join(repo, ".sesslint/findings.db");
    sl_store *st = open_rw(db);
    sl_findings fs = {0};
    long long r1 = save(st, repo, c1, &fs);
    save(st, repo, c3, &fs);
    long long r3b = save(st, repo, c3, &fs);
    long long id;
    sl_error err;
    ck_assert_int_eq(sl_store_resolve_run(st, "HEAD~2", repo, &id, &err), 0);
    ck_assert_int_eq(id, r1);
    ck_assert_int_eq(sl_store_resolve_run(st, "main", repo, &id, &err), 0);
    ck_assert_int_eq(id, r3b);
    ck_assert_int_eq(sl_store_resolve_run(st, "HEAD", repo, &id, &err), 0);
    ck_assert_int_eq(id, r3b);
    /* A commit git knows but no run was stored for. */
    ck_assert_int_eq(sl_store_resolve_run(st, "HEAD~1", repo, &id, &err), SL_STORE_NO_RUN);
    ck_assert_ptr_nonnull(strstr(err.msg, "HEAD~1"));
    ck_assert_ptr_nonnull(strstr(err.msg, "no run is stored for commit"));
    ck_assert_int_eq(sl_store_resolve_run(st, "HEAD~7", repo, &id, &err), -1);
    ck_assert_int_eq(sl_store_resolve_run(st, "--output=x", repo, &id, &err), -1);
    sl_store_close(st);
    free(db);
    free(c1);
    free(c3);
    rm_rf(repo);
    free(repo);
}
END_TEST

/* ---- triage ---- */

START_TEST(triage_survives_new_run)
{
    char *dir = sl_test_tmpdir();
    char *db = sl_path_join(dir, "f.db");
    sl_store *st = open_rw(db);
    sl_findings run1 = {0};
    add(&run1, mkf(dir, "a.c", 10, "leak.session", SL_KIND_SESSION, "f", "fp", 0));
    add(&run1, mkf(dir, "a.c", 20, "leak.session", SL_KIND_SESSION, "f", "real", 0));
    add(&run1, mkf(dir, "b.c", 5, "leak.connector", SL_KIND_CONNECTOR, "g", "meant", 0));
    save(st, dir, "1111111111111111111111111111111111111111", &run1);
    char prefix[9];
    memcpy(prefix, run1.v[0].fingerprint, 8);
    prefix[8] = 0;
    char *full = NULL;
    sl_error err;
    ck_assert_int_eq(sl_store_set_triage(st, prefix, "false-positive", "pool owns it", &full,
                                         &err),
                     0);
    ck_assert_str_eq(full, run1.v[0].fingerprint);
    free(full);
    ck_assert_int_eq(sl_store_set_triage(st, run1.v[1].fingerprint, "confirmed", "real leak",
                                         NULL, &err),
                     0);
    ck_assert_int_eq(sl_store_set_triage(st, run1.v[2].fingerprint, "intentional", "lives "
                                         "for the process", NULL, &err),
                     0);

    /* Bad input. */
    ck_assert_int_eq(sl_store_set_triage(st, prefix, "wontfix", "x", NULL, &err), -1);
    ck_assert_int_eq(sl_store_set_triage(st, prefix, "confirmed", "", NULL, &err), -1);
    ck_assert_int_eq(sl_store_set_triage(st, "abc", "confirmed", "x", NULL, &err), -1);
    ck_assert_int_eq(sl_store_set_triage(st, "0000000000", "confirmed", "x", NULL, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "no stored finding"));

    /* Re-analysis: the lines moved, the fingerprints did not. */
    sl_findings run2 = {0};
    add(&run2, mkf(dir, "a.c", 14, "leak.session", SL_KIND_SESSION, "f", "fp", 0));
    add(&run2, mkf(dir, "a.c", 24, "leak.session", SL_KIND_SESSION, "f", "real", 0));
    add(&run2, mkf(dir, "b.c", 9, "leak.connector", SL_KIND_CONNECTOR, "g", "meant", 0));
    add(&run2, mkf(dir, "c.c", 1, "leak.session", SL_KIND_SESSION, "k", "fresh", 0));
    run2.v[2].suppressed = true; /* an inline comment got there first */
    run2.v[2].suppress_reason = sl_xstrdup("inline reason");
    ck_assert_int_eq(sl_store_apply_triage(st, &run2, &err), 0);
    ck_assert(run2.v[0].suppressed);
    ck_assert_str_eq(run2.v[0].suppress_reason, "false-positive: pool owns it");
    ck_assert(!run2.v[1].suppressed);
    ck_assert_str_eq(run2.v[2].suppress_reason, "inline reason");
    ck_assert(!run2.v[3].suppressed);
    long long id2 = save(st, dir, "2222222222222222222222222222222222222222", &run2);
    ck_assert_int_eq(raw_int(db, "SELECT count(*) FROM findings WHERE suppressed AND run_id = 2"),
                     2);
    (void)id2;

    /* A new decision replaces the old; removal forgets it. */
    ck_assert_int_eq(sl_store_set_triage(st, prefix, "confirmed", "it does leak after all", NULL,
                                         &err),
                     0);
    ck_assert_int_eq(raw_int(db, "SELECT count(*) FROM triage"), 3);
    sl_findings run3 = {0};
    add(&run3, mkf(dir, "a.c", 14, "leak.session", SL_KIND_SESSION, "f", "fp", 0));
    ck_assert_int_eq(sl_store_apply_triage(st, &run3, &err), 0);
    ck_assert(!run3.v[0].suppressed);
    ck_assert_int_eq(sl_store_remove_triage(st, prefix, NULL, &err), 0);
    ck_assert_int_eq(sl_store_remove_triage(st, prefix, NULL, &err), -1);
    ck_assert_int_eq(raw_int(db, "SELECT count(*) FROM triage"), 2);
    sl_store_close(st);
    sl_findings_free(&run1);
    sl_findings_free(&run2);
    sl_findings_free(&run3);
    free(db);
    rm_rf(dir);
    free(dir);
}
END_TEST

START_TEST(triage_ambiguous_prefix)
{
    char *dir = sl_test_tmpdir();
    char *db = sl_path_join(dir, "f.db");
    sl_store *st = open_rw(db);
    sl_findings fs = {0};
    add(&fs, mkf(dir, "a.c", 1, "leak.session", SL_KIND_SESSION, "f", "x", 0));
    add(&fs, mkf(dir, "a.c", 2, "leak.session", SL_KIND_SESSION, "f", "y", 0));
    memcpy(fs.v[0].fingerprint, "abcd1", 5);
    memcpy(fs.v[1].fingerprint, "abcd2", 5);
    save(st, dir, NULL, &fs);
    sl_error err;
    ck_assert_int_eq(sl_store_set_triage(st, "abcd", "confirmed", "x", NULL, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "ambiguous"));
    ck_assert_int_eq(sl_store_set_triage(st, "ABCD2", "confirmed", "x", NULL, &err), 0);
    sl_store_close(st);
    sl_findings_free(&fs);
    free(db);
    rm_rf(dir);
    free(dir);
}
END_TEST

/* ---- gitinfo ---- */

START_TEST(git_info)
{
    char *repo = git_repo();
    char *sub = sl_path_join(repo, "src/deep");
    free(sl_test_write(repo, "src/deep/x.c", "int x;\n"));
    char *root = sl_git_root(sub);
    char *want = sl_path_absolute(repo);
    ck_assert_ptr_nonnull(root);
    ck_assert_str_eq(root, want);
    free(root);

    /* No commit yet: no hash, the unborn branch's name. */
    char *commit, *branch;
    bool dirty;
    sl_error err;
    ck_assert_int_eq(sl_git_head(repo, &commit, &branch, &dirty, &err), 0);
    ck_assert_ptr_null(commit);
    ck_assert_str_eq(branch, "main");
    free(branch);

    git_commit(repo, "src/deep/x.c", "int x;\n");
    ck_assert_int_eq(sl_git_head(repo, &commit, &branch, &dirty, &err), 0);
    char *head = git_rev(repo, "HEAD");
    ck_assert_str_eq(commit, head);
    ck_assert_uint_eq(strlen(commit), 40);
    ck_assert_str_eq(branch, "main");
    ck_assert(!dirty);
    free(commit);
    free(branch);
    /* Untracked files (such as .sesslint/) leave the tree clean. */
    free(sl_test_write(repo, ".sesslint/findings.db", "x"));
    ck_assert_int_eq(sl_git_head(repo, &commit, &branch, &dirty, &err), 0);
    ck_assert(!dirty);
    free(commit);
    free(branch);
    free(sl_test_write(repo, "src/deep/x.c", "int x, y;\n"));
    ck_assert_int_eq(sl_git_head(repo, &commit, &branch, &dirty, &err), 0);
    ck_assert(dirty);
    free(commit);
    free(branch);
    /* Detached HEAD: no branch. */
    const char *detach[] = {"checkout", "-q", "--detach", "HEAD", NULL};
    git(repo, detach);
    ck_assert_int_eq(sl_git_head(repo, &commit, &branch, &dirty, &err), 0);
    ck_assert_ptr_null(branch);
    ck_assert_str_eq(commit, head);
    free(commit);

    /* The default DB: at the top of the work tree, else here. */
    char *dbp = sl_default_db_path(sub);
    char *wantdb = sl_path_join(want, ".sesslint/findings.db");
    ck_assert_str_eq(dbp, wantdb);
    free(dbp);
    free(wantdb);
    char *outside = sl_test_tmpdir();
    ck_assert_ptr_null(sl_git_root(outside));
    ck_assert_int_eq(sl_git_head(outside, &commit, &branch, &dirty, &err), -1);
    ck_assert_ptr_null(commit);
    dbp = sl_default_db_path(outside);
    wantdb = sl_path_join(outside, ".sesslint/findings.db");
    ck_assert_str_eq(dbp, wantdb);
    free(dbp);
    free(wantdb);
    ck_assert_int_eq(chdir(outside), 0);
    dbp = sl_default_db_path(NULL);
    char *cwd = sl_path_absolute(".");
    wantdb = sl_path_join(cwd, ".sesslint/findings.db");
    ck_assert_str_eq(dbp, wantdb);
    free(cwd);
    free(dbp);
    free(wantdb);

    /* A directory that does not exist is an error, not a crash. */
    char *out = NULL;
    int status;
    const char *v[] = {"--version", NULL};
    ck_assert_int_eq(sl_git_run("/nonexistent/dir", v, &out, NULL, &status, &err), -1);
    ck_assert_ptr_null(out);
    ck_assert_ptr_nonnull(strstr(err.msg, "/nonexistent/dir"));

    rm_rf(outside);
    free(outside);
    free(head);
    free(want);
    free(sub);
    rm_rf(repo);
    free(repo);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("store");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, save_load_roundtrip);
    tcase_add_test(tc, save_rejects_unfinalized);
    tcase_add_test(tc, run_is_atomic);
    tcase_add_test(tc, sigkill_mid_save);
    tcase_add_test(tc, two_writers_at_once);
    tcase_add_test(tc, query_refuses_writes);
    tcase_add_test(tc, read_only_file);
    tcase_add_test(tc, locked_database);
    tcase_add_test(tc, corrupt_file);
    tcase_add_test(tc, newer_schema_refused);
    tcase_add_test(tc, migrate_from_v0);
    tcase_add_test(tc, migrate_from_v2);
    tcase_add_test(tc, full_disk);
    tcase_add_test(tc, diff_classification);
    tcase_add_test(tc, diff_fingerprint_cases);
    tcase_add_test(tc, mark_new_against_baseline);
    tcase_add_test(tc, resolve_references);
    tcase_add_test(tc, resolve_git_revisions);
    tcase_add_test(tc, triage_survives_new_run);
    tcase_add_test(tc, triage_ambiguous_prefix);
    tcase_add_test(tc, git_info);
    suite_add_tcase(s, tc);
    return sl_test_run_suite(s);
}
