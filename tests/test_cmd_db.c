/* CLI tests of the database commands (diff, query, runs, findings, trend,
 * triage, report) on a database populated through the store API, in a
 * temporary git repository with several commits. */
#define _GNU_SOURCE
#include <check.h>
#include <ftw.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>
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

/* ---- fixture ---- */

static char *repo;        /* the git work tree (absolute) */
static char *commits[3];  /* c1, c2, c3 */
static char fp_a[65], fp_b[65], fp_c[65], fp_d[65];

static sl_finding mkf(const char *rel, unsigned line, const char *rule, sl_kind kind,
                      const char *fn, const char *handle)
{
    sl_finding f = {0};
    f.rule_id = sl_xstrdup(rule);
    f.kind = kind;
    f.resource = sl_xstrdup("curl.easy");
    f.library = sl_xstrdup("libcurl");
    f.loc.file = sl_path_join(repo, rel);
    f.loc.line = line;
    f.loc.col = 5;
    f.function = sl_xstrdup(fn);
    f.handle = sl_xstrdup(handle);
    f.acquire_fn = sl_xstrdup("curl_easy_init");
    f.acquire_loc.file = sl_path_join(repo, rel);
    f.acquire_loc.line = line - 1;
    f.acquire_loc.col = 9;
    f.message = sl_xasprintf("'%s' leaks | when %s returns", handle, fn);
    sl_step s = {SL_STEP_ACQUIRE, {sl_path_join(repo, rel), line - 1, 9},
                 sl_xasprintf("'%s' acquired", handle)};
    SL_VEC_PUSH(f.steps, s);
    char *id = sl_xasprintf("%s|%s|%s|%s", rule, rel, fn, handle);
    sl_sha256_hex(id, strlen(id), f.fingerprint);
    free(id);
    return f;
}

static void git(const char *const *args)
{
    char *out = NULL, *eout = NULL;
    int status;
    sl_error err;
    ck_assert_msg(sl_git_run(repo, args, &out, &eout, &status, &err) == 0, "%s", err.msg);
    ck_assert_msg(status == 0, "git %s: %s", args[0], eout);
    free(out);
    free(eout);
}

static void commit_file(const char *name, const char *text)
{
    free(sl_test_write(repo, name, text));
    const char *add[] = {"add", "-A", NULL};
    git(add);
    const char *c[] = {"-c", "user.name=t", "-c", "user.email=t@example.invalid",
                       "commit", "-q", "-m", name, NULL};
    git(c);
}

static void save(sl_store *st, const char *commit, sl_findings *fs)
{
    sl_run_info ri = {
        .commit = commit,
        .branch = "main",
        .root = repo,
        .tool_version = "0.1.0",
        .rules_digest = "d",
        .status = "complete",
        .command = "sesslint check",
        .started = 1700000000,
        .finished = 1700000003,
    };
    long long id;
    sl_error err;
    ck_assert_msg(sl_store_save_run(st, &ri, fs, NULL, &id, &err) == 0, "%s", err.msg);
    sl_findings_free(fs);
}

/* Three commits, one run each:
 *   run 1 (c1): A a.c:10, B b.c:20 (connector), C a.c:30 (credential)
 *   run 2 (c2): A moved to a.c:15, C, D b.c:40 new; B fixed
 *   run 3 (c3): the same as run 2 */
static void setup(void)
{
    repo = sl_test_tmpdir();
    char *abs = sl_path_absolute(repo);
    free(repo);
    repo = abs;
    const char *init[] = {"init", "-q", "-b", "main", NULL};
    git(init);
    commit_file("a.c", "int a;\n");
    commit_file("b.c", "int b;\n");
    commit_file("c.c", "int c;\n");
    const char *revs[] = {"HEAD~2", "HEAD~1", "HEAD"};
    for (int i = 0; i < 3; i++) {
        sl_error err;
        commits[i] = sl_git_resolve_commit(repo, revs[i], &err);
        ck_assert_ptr_nonnull(commits[i]);
    }
    char *db = sl_path_join(repo, ".sesslint/findings.db");
    sl_store *st;
    sl_error err;
    ck_assert_msg(sl_store_open(&st, db, false, &err) == 0, "%s", err.msg);
    free(db);

    sl_findings fs = {0};
    SL_VEC_PUSH(fs, mkf("a.c", 10, "leak.session", SL_KIND_SESSION, "fetch", "h"));
    SL_VEC_PUSH(fs, mkf("b.c", 20, "leak.connector", SL_KIND_CONNECTOR, "open_db", "conn"));
    SL_VEC_PUSH(fs, mkf("a.c", 30, "leak.credential", SL_KIND_CREDENTIAL, "login", "cred"));
    memcpy(fp_a, fs.v[0].fingerprint, 65);
    memcpy(fp_b, fs.v[1].fingerprint, 65);
    memcpy(fp_c, fs.v[2].fingerprint, 65);
    save(st, commits[0], &fs);
    for (int i = 1; i < 3; i++) {
        SL_VEC_PUSH(fs, mkf("a.c", 15, "leak.session", SL_KIND_SESSION, "fetch", "h"));
        SL_VEC_PUSH(fs, mkf("a.c", 30, "leak.credential", SL_KIND_CREDENTIAL, "login", "cred"));
        SL_VEC_PUSH(fs, mkf("b.c", 40, "leak.session", SL_KIND_SESSION, "serve", "sess"));
        memcpy(fp_d, fs.v[2].fingerprint, 65);
        save(st, commits[i], &fs);
    }
    sl_store_close(st);
}

static void teardown(void)
{
    for (int i = 0; i < 3; i++)
        free(commits[i]);
    rm_rf(repo);
    free(repo);
}

/* Run sesslint in the repository with the given arguments (NULL-ended). */
static sl_cmd_result run(const char *first, ...)
{
    const char *args[32];
    size_t n = 0;
    va_list ap;
    va_start(ap, first);
    for (const char *a = first; a && n < 31; a = va_arg(ap, const char *))
        args[n++] = a;
    va_end(ap);
    args[n] = NULL;
    return sl_run_sesslint(repo, args);
}

static json_t *parse(const char *text)
{
    json_error_t jerr;
    json_t *j = json_loads(text, 0, &jerr);
    ck_assert_msg(j != NULL, "bad JSON (%s): %s", jerr.text, text);
    return j;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p++)
        n++;
    return n;
}

/* ---- runs, findings, trend ---- */

START_TEST(runs_command)
{
    sl_cmd_result r = run("runs", NULL);
    ck_assert_msg(r.status == 0, "%s", r.err);
    ck_assert_ptr_nonnull(strstr(r.out, "(3 rows)"));
    char short1[13];
    memcpy(short1, commits[0], 12);
    short1[12] = 0;
    ck_assert_ptr_nonnull(strstr(r.out, short1));
    ck_assert_ptr_null(strstr(r.out, commits[0])); /* table shows 12 digits */
    sl_cmd_result_free(&r);

    r = run("runs", "--format", "json", NULL);
    ck_assert_int_eq(r.status, 0);
    json_t *j = parse(r.out);
    ck_assert_uint_eq(json_array_size(j), 3);
    json_t *first = json_array_get(j, 0);
    ck_assert_str_eq(json_string_value(json_object_get(first, "commit_hash")), commits[0]);
    ck_assert_int_eq(json_integer_value(json_object_get(first, "findings")), 3);
    ck_assert_int_eq(json_integer_value(json_object_get(first, "seconds")), 3);
    ck_assert_str_eq(json_string_value(json_object_get(first, "started")), "2023-11-14 22:13:20");
    json_decref(j);
    sl_cmd_result_free(&r);

    r = run("runs", "--format", "csv", "--branch", "main", NULL);
    ck_assert_int_eq(r.status, 0);
    ck_assert(strncmp(r.out, "run,commit_hash,branch,dirty,status,started,seconds,findings,"
                             "suppressed,version,shard\r\n",
                      87) == 0);
    ck_assert_uint_eq(count(r.out, "\r\n"), 4);
    sl_cmd_result_free(&r);

    r = run("runs", "--branch", "other", NULL);
    ck_assert_int_eq(r.status, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "(0 rows)"));
    sl_cmd_result_free(&r);

    /* From a subdirectory the default database is still found. */
    char *sub = sl_path_join(repo, "deep/er");
    free(sl_test_write(repo, "deep/er/x", ""));
    const char *args[] = {"runs", "--format", "csv", NULL};
    r = sl_run_sesslint(sub, args);
    ck_assert_int_eq(r.status, 0);
    ck_assert_uint_eq(count(r.out, "\r\n"), 4);
    sl_cmd_result_free(&r);
    free(sub);

    r = run("runs", "--format", "xml", NULL);
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "unknown format 'xml'"));
    sl_cmd_result_free(&r);
    r = run("runs", "--bogus", NULL);
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "unknown option '--bogus'"));
    sl_cmd_result_free(&r);
    r = run("runs", "--db", NULL);
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "needs a value"));
    sl_cmd_result_free(&r);
    r = run("runs", "--rule", "x", NULL);
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "does not apply"));
    sl_cmd_result_free(&r);
}
END_TEST

START_TEST(findings_command)
{
    /* Default: the latest run. */
    sl_cmd_result r = run("findings", "--format", "json", NULL);
    ck_assert_msg(r.status == 0, "%s", r.err);
    json_t *j = parse(r.out);
    ck_assert_uint_eq(json_array_size(j), 3);
    json_t *last = json_array_get(j, 2);
    ck_assert_str_eq(json_string_value(json_object_get(last, "fingerprint")), fp_d);
    ck_assert_str_eq(json_string_value(json_object_get(last, "file")), "b.c");
    ck_assert_int_eq(json_integer_value(json_object_get(last, "line")), 40);
    json_decref(j);
    sl_cmd_result_free(&r);

    r = run("findings", "--run", "#1", "--rule", "leak.connector", NULL);
    ck_assert_int_eq(r.status, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "b.c:20:5"));
    ck_assert_ptr_nonnull(strstr(r.out, "(1 row)"));
    char fp12[13];
    memcpy(fp12, fp_b, 12);
    fp12[12] = 0;
    ck_assert_ptr_nonnull(strstr(r.out, fp12));
    sl_cmd_result_free(&r);

    char c1[9];
    memcpy(c1, commits[0], 8);
    c1[8] = 0;
    r = run("findings", "--commit", c1, "--kind", "credential", NULL);
    ck_assert_int_eq(r.status, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "a.c:30:5"));
    ck_assert_ptr_nonnull(strstr(r.out, "(1 row)"));
    sl_cmd_result_free(&r);

    r = run("findings", "--run", "HEAD~2", "--file", "b.c", "--format", "csv", NULL);
    ck_assert_int_eq(r.status, 0);
    ck_assert_uint_eq(count(r.out, "\r\n"), 2);
    /* The message holds a '|' and a comma-free text: CSV leaves it bare. */
    ck_assert_ptr_nonnull(strstr(r.out, "'conn' leaks | when open_db returns"));
    sl_cmd_result_free(&r);

    r = run("findings", "--file", "a*", NULL);
    ck_assert_int_eq(r.status, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "(2 rows)"));
    sl_cmd_result_free(&r);

    r = run("findings", "--kind", "bogus", NULL);
    ck_assert_int_eq(r.status, 2);
    sl_cmd_result_free(&r);
    r = run("findings", "--run", "#1", "--commit", "HEAD", NULL);
    ck_assert_int_eq(r.status, 2);
    sl_cmd_result_free(&r);
    r = run("findings", "--run", "#44", NULL);
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "no run #44"));
    sl_cmd_result_free(&r);
}
END_TEST

START_TEST(trend_command)
{
    sl_cmd_result r = run("trend", "--format", "json", NULL);
    ck_assert_msg(r.status == 0, "%s", r.err);
    json_t *j = parse(r.out);
    ck_assert_uint_eq(json_array_size(j), 3);
    json_t *r1 = json_array_get(j, 0), *r2 = json_array_get(j, 1);
    ck_assert_int_eq(json_integer_value(json_object_get(r1, "findings")), 3);
    ck_assert_int_eq(json_integer_value(json_object_get(r1, "connector")), 1);
    ck_assert(json_is_null(json_object_get(r1, "change")));
    ck_assert_int_eq(json_integer_value(json_object_get(r2, "connector")), 0);
    ck_assert_int_eq(json_integer_value(json_object_get(r2, "session")), 2);
    ck_assert_int_eq(json_integer_value(json_object_get(r2, "change")), 0);
    json_decref(j);
    sl_cmd_result_free(&r);
    r = run("trend", NULL);
    ck_assert_int_eq(r.status, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "credential"));
    ck_assert_ptr_nonnull(strstr(r.out, "(3 rows)"));
    sl_cmd_result_free(&r);
}
END_TEST

/* ---- query ---- */

START_TEST(query_command)
{
    sl_cmd_result r = run("query", "SELECT count(*) AS n FROM findings", "--format", "json", NULL);
    ck_assert_msg(r.status == 0, "%s", r.err);
    json_t *j = parse(r.out);
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(j, 0), "n")), 9);
    json_decref(j);
    sl_cmd_result_free(&r);

    r = run("query", "SELECT rule, count(*) AS n FROM findings GROUP BY rule ORDER BY rule",
            NULL);
    ck_assert_int_eq(r.status, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "leak.connector   1"));
    ck_assert_ptr_nonnull(strstr(r.out, "leak.session     5"));
    sl_cmd_result_free(&r);

    r = run("query", "SELECT 'a,b' AS x, 'say \"hi\"' AS y, NULL AS z", "--format", "csv", NULL);
    ck_assert_int_eq(r.status, 0);
    ck_assert_str_eq(r.out, "x,y,z\r\n\"a,b\",\"say \"\"hi\"\"\",\r\n");
    sl_cmd_result_free(&r);

    /* Writes are refused and change nothing. */
    const char *writes[] = {"DELETE FROM findings", "DROP TABLE runs",
                            "INSERT INTO triage VALUES ('a', 'confirmed', 'r', 0)",
                            "ATTACH DATABASE 'x.db' AS x",
                            "UPDATE runs SET branch = 'x'"};
    for (size_t i = 0; i < sizeof writes / sizeof writes[0]; i++) {
        r = run("query", writes[i], NULL);
        ck_assert_msg(r.status == 2, "%s: %d", writes[i], r.status);
        ck_assert_msg(strstr(r.err, "refused") != NULL, "%s: %s", writes[i], r.err);
        ck_assert_str_eq(r.out, "");
        sl_cmd_result_free(&r);
    }
    char *x = sl_path_join(repo, "x.db");
    ck_assert_int_eq(access(x, F_OK), -1);
    free(x);
    r = run("query", "SELECT count(*) FROM findings", "--format", "csv", NULL);
    ck_assert_str_eq(r.out, "count(*)\r\n9\r\n");
    sl_cmd_result_free(&r);

    r = run("query", "SELECT 1; SELECT 2", NULL);
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "one SQL statement"));
    sl_cmd_result_free(&r);
    r = run("query", "SELECT * FROM nope", NULL);
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "no such table: nope"));
    sl_cmd_result_free(&r);
    r = run("query", NULL);
    ck_assert_int_eq(r.status, 2);
    sl_cmd_result_free(&r);

    /* -o writes a file; a database that is not there is said plainly. */
    char *out = sl_path_join(repo, "q.json");
    r = run("query", "SELECT 1 AS one", "--format", "json", "-o", out, NULL);
    ck_assert_int_eq(r.status, 0);
    ck_assert_str_eq(r.out, "");
    char *text = sl_read_file(out, NULL, NULL);
    ck_assert_ptr_nonnull(strstr(text, "\"one\": 1"));
    free(text);
    free(out);
    sl_cmd_result_free(&r);
    r = run("query", "SELECT 1", "--db", "/nonexistent/f.db", NULL);
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "/nonexistent/f.db: no findings database here"));
    sl_cmd_result_free(&r);
}
END_TEST

/* ---- diff ---- */

START_TEST(diff_text_and_json)
{
    sl_cmd_result r = run("diff", "HEAD~2", "HEAD", NULL);
    ck_assert_msg(r.status == 0, "%s", r.err);
    ck_assert_ptr_nonnull(strstr(r.out, "1 new, 1 fixed, 2 unchanged"));
    const char *n = strstr(r.out, "\nnew (1):\n  b.c:40:5: warning: 'sess' leaks");
    const char *f = strstr(r.out, "\nfixed (1):\n  b.c:20:5: warning:");
    const char *u = strstr(r.out, "\nunchanged (2):\n  a.c:15:5:");
    ck_assert_ptr_nonnull(n);
    ck_assert_ptr_nonnull(f);
    ck_assert_ptr_nonnull(u);
    ck_assert(n < f && f < u);
    sl_cmd_result_free(&r);

    /* The same runs named other ways: ids, prefixes, latest by default. */
    char c1[8];
    memcpy(c1, commits[0], 7);
    c1[7] = 0;
    const char *bases[] = {"#1", "1", c1, commits[0], "main~2"};
    for (size_t i = 0; i < sizeof bases / sizeof bases[0]; i++) {
        r = run("diff", bases[i], "--format", "json", NULL);
        ck_assert_msg(r.status == 0, "%s: %s", bases[i], r.err);
        json_t *j = parse(r.out);
        json_t *nw = json_object_get(j, "new"), *fx = json_object_get(j, "fixed"),
               *un = json_object_get(j, "unchanged");
        ck_assert_uint_eq(json_array_size(nw), 1);
        ck_assert_uint_eq(json_array_size(fx), 1);
        ck_assert_uint_eq(json_array_size(un), 2);
        ck_assert_str_eq(json_string_value(json_object_get(json_array_get(nw, 0), "fingerprint")),
                         fp_d);
        ck_assert_str_eq(json_string_value(json_object_get(json_array_get(fx, 0), "fingerprint")),
                         fp_b);
        json_t *moved = json_array_get(un, 0);
        ck_assert_str_eq(json_string_value(json_object_get(moved, "fingerprint")), fp_a);
        ck_assert_int_eq(json_integer_value(json_object_get(moved, "line")), 15);
        ck_assert_str_eq(json_string_value(json_object_get(moved, "file")), "a.c");
        json_t *acq = json_object_get(moved, "acquire");
        ck_assert_str_eq(json_string_value(json_object_get(acq, "call")), "curl_easy_init");
        ck_assert_uint_eq(json_array_size(json_object_get(moved, "steps")), 1);
        ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(j, "base"), "id")), 1);
        ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(j, "head"), "id")), 3);
        ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "head"), "commit")),
                         commits[2]);
        ck_assert_int_eq(
            json_integer_value(json_object_get(json_object_get(j, "counts"), "unchanged")), 2);
        json_decref(j);
        sl_cmd_result_free(&r);
    }

    /* Equal runs: nothing new; --exit-code tells new findings apart. */
    r = run("diff", "HEAD~1", "HEAD", "--exit-code", NULL);
    ck_assert_int_eq(r.status, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "0 new, 0 fixed, 3 unchanged"));
    sl_cmd_result_free(&r);
    r = run("diff", "#1", "#2", "--exit-code", NULL);
    ck_assert_int_eq(r.status, 1);
    sl_cmd_result_free(&r);

    /* Errors. */
    r = run("diff", "no-such-rev", "HEAD", NULL);
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "no-such-rev"));
    sl_cmd_result_free(&r);
    commit_file("d.c", "int d;\n");
    r = run("diff", "HEAD~1", "HEAD", NULL);
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "no run is stored for commit"));
    sl_cmd_result_free(&r);
    r = run("diff", NULL);
    ck_assert_int_eq(r.status, 2);
    sl_cmd_result_free(&r);
    r = run("diff", "#1", "#2", "--format", "html", NULL);
    ck_assert_int_eq(r.status, 2);
    sl_cmd_result_free(&r);
}
END_TEST

START_TEST(diff_markdown)
{
    sl_cmd_result r = run("diff", "#1", "#3", "--format", "markdown", "--repo-url",
                          "https://example.invalid/o/r/", NULL);
    ck_assert_msg(r.status == 0, "%s", r.err);
    ck_assert(strncmp(r.out, "### sesslint: 1 new, 1 fixed, 2 unchanged\n", 42) == 0);
    char *newlink = sl_xasprintf("| [b.c:40](https://example.invalid/o/r/blob/%s/b.c#L40) | "
                                 "`leak.session` | `serve` | 'sess' leaks \\| when serve returns |",
                                 commits[2]);
    char *fixlink = sl_xasprintf("[b.c:20](https://example.invalid/o/r/blob/%s/b.c#L20)",
                                 commits[0]);
    ck_assert_msg(strstr(r.out, newlink) != NULL, "%s", r.out);
    ck_assert_ptr_nonnull(strstr(r.out, fixlink));
    ck_assert_ptr_nonnull(strstr(r.out, "#### New (1)"));
    ck_assert_ptr_nonnull(strstr(r.out, "#### Fixed (1)"));
    ck_assert_ptr_null(strstr(r.out, "a.c:15")); /* unchanged: counted, not listed */
    free(newlink);
    free(fixlink);
    sl_cmd_result_free(&r);

    r = run("diff", "#2", "#3", "--format", "markdown", NULL);
    ck_assert_int_eq(r.status, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "No new or fixed findings."));
    ck_assert_ptr_null(strstr(r.out, "]("));
    sl_cmd_result_free(&r);
    r = run("diff", "#1", "--repo-url", "https://x", NULL);
    ck_assert_int_eq(r.status, 2);
    sl_cmd_result_free(&r);
}
END_TEST

START_TEST(diff_sarif)
{
    char *out = sl_path_join(repo, "diff.sarif");
    sl_cmd_result r = run("diff", "#1", "#3", "--format", "sarif", "-o", out, NULL);
    ck_assert_msg(r.status == 0, "%s", r.err);
    sl_cmd_result_free(&r);
    char *text = sl_read_file(out, NULL, NULL);
    ck_assert_ptr_nonnull(text);
    json_t *j = parse(text);
    json_t *results = json_object_get(json_array_get(json_object_get(j, "runs"), 0), "results");
    ck_assert_uint_eq(json_array_size(results), 4);
    int nnew = 0, nun = 0, nabs = 0;
    size_t i;
    json_t *res;
    json_array_foreach(results, i, res)
    {
        const char *st = json_string_value(json_object_get(res, "baselineState"));
        ck_assert_ptr_nonnull(st);
        nnew += strcmp(st, "new") == 0;
        nun += strcmp(st, "unchanged") == 0;
        nabs += strcmp(st, "absent") == 0;
        /* The state belongs to the right finding. */
        char *dump = json_dumps(res, JSON_COMPACT);
        if (strstr(dump, fp_d))
            ck_assert_str_eq(st, "new");
        if (strstr(dump, fp_b))
            ck_assert_str_eq(st, "absent");
        if (strstr(dump, fp_a) || strstr(dump, fp_c))
            ck_assert_str_eq(st, "unchanged");
        free(dump);
    }
    ck_assert_int_eq(nnew, 1);
    ck_assert_int_eq(nun, 2);
    ck_assert_int_eq(nabs, 1);
    json_decref(j);
    free(text);
    free(out);
}
END_TEST

/* ---- triage ---- */

START_TEST(triage_command)
{
    char pre[9];
    memcpy(pre, fp_a, 8);
    pre[8] = 0;
    sl_cmd_result r = run("triage", pre, "--status", "false-positive", "--reason",
                          "the pool closes it", NULL);
    ck_assert_msg(r.status == 0, "%s", r.err);
    ck_assert_ptr_nonnull(strstr(r.err, fp_a));
    sl_cmd_result_free(&r);

    r = run("findings", "--format", "json", NULL);
    json_t *j = parse(r.out);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(j, 0), "triage")),
                     "false-positive");
    ck_assert(json_is_null(json_object_get(json_array_get(j, 1), "triage")));
    json_decref(j);
    sl_cmd_result_free(&r);

    /* Triage shows in diff (applied to the stored runs it renders). */
    r = run("diff", "#1", "#3", "--format", "json", NULL);
    j = parse(r.out);
    json_t *moved = json_array_get(json_object_get(j, "unchanged"), 0);
    ck_assert(json_is_true(json_object_get(moved, "suppressed")));
    ck_assert_str_eq(json_string_value(json_object_get(moved, "suppress_reason")),
                     "false-positive: the pool closes it");
    json_decref(j);
    sl_cmd_result_free(&r);
    r = run("diff", "#1", "#3", NULL);
    ck_assert_ptr_nonnull(strstr(r.out, "(suppressed: false-positive: the pool closes it)"));
    sl_cmd_result_free(&r);

    r = run("triage", "--list", "--format", "json", NULL);
    ck_assert_int_eq(r.status, 0);
    j = parse(r.out);
    ck_assert_uint_eq(json_array_size(j), 1);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(j, 0), "fingerprint")),
                     fp_a);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(j, 0), "latest")),
                     "leak.session a.c:15");
    json_decref(j);
    sl_cmd_result_free(&r);

    /* Usage errors. */
    r = run("triage", pre, "--status", "wontfix", "--reason", "x", NULL);
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "unknown status 'wontfix'"));
    sl_cmd_result_free(&r);
    r = run("triage", pre, "--status", "confirmed", NULL);
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "--reason is required"));
    sl_cmd_result_free(&r);
    r = run("triage", "ffffffff", "--status", "confirmed", "--reason", "x", NULL);
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "no stored finding"));
    sl_cmd_result_free(&r);

    r = run("triage", pre, "--remove", NULL);
    ck_assert_int_eq(r.status, 0);
    sl_cmd_result_free(&r);
    r = run("triage", "--list", NULL);
    ck_assert_ptr_nonnull(strstr(r.out, "(0 rows)"));
    sl_cmd_result_free(&r);
}
END_TEST

/* ---- report ---- */

START_TEST(report_command)
{
    char *json_out = sl_path_join(repo, "r.json");
    sl_cmd_result r = run("report", "#2", "--format", "json", "-o", json_out, NULL);
    ck_assert_msg(r.status == 0, "%s", r.err);
    sl_cmd_result_free(&r);
    char *text = sl_read_file(json_out, NULL, NULL);
    json_t *j = parse(text);
    ck_assert_ptr_nonnull(strstr(text, fp_d));
    ck_assert_ptr_null(strstr(text, fp_b));
    json_decref(j);
    free(text);
    free(json_out);

    char *sarif = sl_path_join(repo, "r.sarif");
    r = run("report", "HEAD~2", "--format", "sarif", "-o", sarif, NULL);
    ck_assert_msg(r.status == 0, "%s", r.err);
    sl_cmd_result_free(&r);
    text = sl_read_file(sarif, NULL, NULL);
    j = parse(text);
    json_t *results = json_object_get(json_array_get(json_object_get(j, "runs"), 0), "results");
    ck_assert_uint_eq(json_array_size(results), 3);
    ck_assert_ptr_nonnull(strstr(text, fp_b));
    json_decref(j);
    free(text);
    free(sarif);

    r = run("report", "latest", NULL);
    ck_assert_int_eq(r.status, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "b.c:40:5"));
    ck_assert_ptr_nonnull(strstr(r.out, "leak.session"));
    sl_cmd_result_free(&r);

    r = run("report", "latest", "--format", "markdown", "--repo-url", "https://h/o/r", NULL);
    ck_assert_int_eq(r.status, 0);
    ck_assert(strncmp(r.out, "### sesslint: 3 findings in `", 29) == 0);
    ck_assert_uint_eq(count(r.out, "](https://h/o/r/blob/"), 3);
    sl_cmd_result_free(&r);

    r = run("report", "#77", NULL);
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "no run #77"));
    sl_cmd_result_free(&r);
    r = run("report", "latest", "-o", "/nonexistent/dir/x", NULL);
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "/nonexistent/dir/x"));
    sl_cmd_result_free(&r);
}
END_TEST

START_TEST(help_texts)
{
    const char *cmds[] = {"diff", "query", "runs", "findings", "trend", "triage", "report"};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        sl_cmd_result r = run(cmds[i], "--help", NULL);
        ck_assert_int_eq(r.status, 0);
        char *want = sl_xasprintf("usage: sesslint %s", cmds[i]);
        ck_assert_msg(strncmp(r.out, want, strlen(want)) == 0, "%s", r.out);
        ck_assert_ptr_nonnull(strstr(r.out, "Exit codes:"));
        free(want);
        sl_cmd_result_free(&r);
        r = run("help", cmds[i], NULL);
        ck_assert_int_eq(r.status, 0);
        sl_cmd_result_free(&r);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cmd_db");
    TCase *tc = tcase_create("cli");
    tcase_set_timeout(tc, 300);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, runs_command);
    tcase_add_test(tc, findings_command);
    tcase_add_test(tc, trend_command);
    tcase_add_test(tc, query_command);
    tcase_add_test(tc, diff_text_and_json);
    tcase_add_test(tc, diff_markdown);
    tcase_add_test(tc, diff_sarif);
    tcase_add_test(tc, triage_command);
    tcase_add_test(tc, report_command);
    tcase_add_test(tc, help_texts);
    suite_add_tcase(s, tc);
    return sl_test_run_suite(s);
}
