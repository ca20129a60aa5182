/* The incremental cache: every part of a TU's key invalidates it.  The key
 * parts are checked directly (sesslint's version cannot change under a
 * test); content, includes, flags, rules and callee summaries through the
 * CLI. */
#include <check.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "util.h"
#include "workers.h"

static long long db_int(const char *dir, const char *sql);

static void key_of(const char *version, const char *digest, int unknown, const char *arg,
                   const char *dir, char out[65])
{
    sl_analysis_opts ao;
    sl_analysis_opts_default(&ao);
    ao.unknown_calls = (sl_unknown_policy)unknown;
    sl_workers_opts o = {0};
    o.analysis = &ao;
    o.rules_digest = digest;
    o.tool_version = version;
    sl_job j = {0};
    j.file = "/src/a.c";
    j.directory = (char *)dir;
    char *args[] = {(char *)arg};
    j.args.v = args;
    j.args.n = 1;
    sl_cache_key(&o, &j, out);
}

START_TEST(key_parts)
{
    char base[65], k[65];
    key_of("0.1.0", "d1", 0, "-DX", "/src", base);
    key_of("0.1.0", "d1", 0, "-DX", "/src", k);
    ck_assert_str_eq(base, k);
    key_of("0.2.0", "d1", 0, "-DX", "/src", k);
    ck_assert_str_ne(base, k); /* sesslint version */
    key_of("0.1.0", "d2", 0, "-DX", "/src", k);
    ck_assert_str_ne(base, k); /* rules digest */
    key_of("0.1.0", "d1", 1, "-DX", "/src", k);
    ck_assert_str_ne(base, k); /* analysis options */
    key_of("0.1.0", "d1", 0, "-DY", "/src", k);
    ck_assert_str_ne(base, k); /* compile arguments */
    key_of("0.1.0", "d1", 0, "-DX", "/elsewhere", k);
    ck_assert_str_ne(base, k); /* working directory */
}
END_TEST

/* Runs check with --db DB in dir; returns how many TUs came from the cache
 * (from the summary line), and the exit code in *status. */
static int cached(const char *dir, const char *const *extra, int *status)
{
    const char *argv[16] = {"check", "--db", "c.db"};
    int n = 3;
    for (int i = 0; extra[i]; i++)
        argv[n++] = extra[i];
    argv[n] = NULL;
    sl_cmd_result r = sl_run_sesslint(dir, argv);
    *status = r.status;
    int k = 0;
    const char *p = strstr(r.err, "translation units unchanged");
    if (p) {
        while (p > r.err && p[-1] != '\n')
            p--;
        k = atoi(p + strlen("sesslint: "));
    }
    sl_cmd_result_free(&r);
    return k;
}

START_TEST(invalidation)
{
    char *dir = sl_test_tmpdir();
    sl_test_put(dir, "inc/api.h", "#include <stdio.h>\n#define MODE \"r\"\nint helper(FILE *f);\n");
    sl_test_put(dir, "a.c",
                "#include \"api.h\"\nint a(const char *p) { FILE *f = fopen(p, MODE); "
                "if (!f) return -1; return helper(f); }\n");
    sl_test_put(dir, "b.c",
                "#include <stdio.h>\nint helper(FILE *f) { return fgetc(f); }\n");
    sl_test_put(dir, "c.c", "int c(void) { return 0; }\n");
    sl_test_put(dir, "compile_flags.txt", "-Iinc\n");
    int st;
    const char *all[] = {"a.c", "b.c", "c.c", NULL};
    ck_assert_int_eq(cached(dir, all, &st), 0);
    ck_assert_int_eq(st, 1); /* helper only borrows: a leaks */
    ck_assert_int_eq(cached(dir, all, &st), 3);
    ck_assert_int_eq(st, 1);
    /* the main file's content */
    sl_test_put(dir, "c.c", "int c(void) { return 1; }\n");
    ck_assert_int_eq(cached(dir, all, &st), 2);
    /* an included header */
    sl_test_put(dir, "inc/api.h", "#include <stdio.h>\n#define MODE \"rb\"\nint helper(FILE *f);\n");
    ck_assert_int_eq(cached(dir, all, &st), 2);
    /* the summary of a function called from another TU: helper now closes,
     * so a.c (unchanged) must be analyzed again, and its leak is gone */
    sl_test_put(dir, "b.c",
                "#include <stdio.h>\nint helper(FILE *f) { int c = fgetc(f); fclose(f); "
                "return c; }\n");
    ck_assert_int_eq(cached(dir, all, &st), 1);
    ck_assert_int_eq(st, 0);
    ck_assert_int_eq(cached(dir, all, &st), 3);
    ck_assert_int_eq(st, 0);
    /* compile arguments */
    const char *flags[] = {"a.c", "b.c", "c.c", "--", "-DEXTRA", NULL};
    ck_assert_int_eq(cached(dir, flags, &st), 0);
    /* the rules */
    sl_test_put(dir, "more.yaml",
                "library: extra\nresources:\n  extra.thing:\n    acquire: [thing_open]\n"
                "    release: [thing_close]\n");
    const char *rules[] = {"--rules", "more.yaml", "a.c", "b.c", "c.c", NULL};
    ck_assert_int_eq(cached(dir, rules, &st), 0);
    ck_assert_int_eq(cached(dir, rules, &st), 3);
    /* --no-cache */
    const char *nocache[] = {"--no-cache", "--rules", "more.yaml", "a.c", "b.c", "c.c", NULL};
    ck_assert_int_eq(cached(dir, nocache, &st), 0);
    free(dir);
}
END_TEST

/* A global's value across files is a summary too: a.c closes only when
 * `mode` (defined in b.c, never stored into) is 1.  Once c.c stores
 * another value into it, a.c (unchanged) is analyzed again and leaks; when
 * the store goes, the constant and the silence come back. */
START_TEST(global_values)
{
    char *dir = sl_test_tmpdir();
    sl_test_put(dir, "a.c",
                "#include <stdio.h>\nextern int mode;\nvoid a(const char *p) { "
                "FILE *f = fopen(p, \"r\"); if (mode == 1 && f) fclose(f); }\n");
    sl_test_put(dir, "b.c", "int mode = 1;\n");
    sl_test_put(dir, "c.c", "extern int mode;\nint c(void) { return mode; }\n");
    int st;
    const char *all[] = {"a.c", "b.c", "c.c", NULL};
    ck_assert_int_eq(cached(dir, all, &st), 0);
    ck_assert_int_eq(st, 0);
    ck_assert_int_eq(cached(dir, all, &st), 3);
    ck_assert_int_eq(st, 0);
    const char *sums[] = {"summaries", "--db", "c.db", NULL};
    sl_cmd_result r = sl_run_sesslint(dir, sums);
    ck_assert_msg(r.status == 0 && strstr(r.out, "mode  (b.c, a global)\n  holds 1 across the run"),
                  "%d: %s%s", r.status, r.out, r.err);
    sl_cmd_result_free(&r);
    sl_test_put(dir, "c.c", "extern int mode;\nvoid c(void) { mode = 2; }\n");
    ck_assert_int_eq(cached(dir, all, &st), 1); /* b.c only */
    ck_assert_int_eq(st, 1);
    sl_test_put(dir, "c.c", "extern int mode;\nvoid c(void) { mode = 1; }\n");
    ck_assert_int_eq(cached(dir, all, &st), 1);
    ck_assert_int_eq(st, 0);
    free(dir);
}
END_TEST

/* A compile database whose -I is relative to its "directory": libclang
 * names the headers as the include path spells them; a changed header
 * still invalidates the TU wherever sesslint runs from. */
START_TEST(relative_include_paths)
{
    char *dir = sl_test_tmpdir();
    sl_test_put(dir, "inc/api.h", "#define MODE \"r\"\n");
    sl_test_put(dir, "src/a.c",
                "#include <stdio.h>\n#include \"api.h\"\nvoid a(const char *p) { "
                "FILE *f = fopen(p, MODE); if (f) fclose(f); }\n");
    char *db = sl_xasprintf("[{\"directory\": \"%s/build\", \"file\": \"../src/a.c\", "
                            "\"arguments\": [\"cc\", \"-I../inc\", \"-c\", \"../src/a.c\"]}]\n",
                            dir);
    sl_test_put(dir, "build/compile_commands.json", db);
    free(db);
    int st;
    const char *all[] = {"-p", "build", NULL};
    ck_assert_int_eq(cached(dir, all, &st), 0);
    ck_assert_int_eq(st, 0);
    ck_assert_int_eq(cached(dir, all, &st), 1);
    ck_assert_int_eq(db_int(dir, "SELECT instr(findings, char(10) || 'I' || char(9) || '-') "
                                 "FROM tu_cache"), 0); /* every header was read */
    sl_test_put(dir, "inc/api.h", "#define MODE \"rb\"\n");
    ck_assert_int_eq(cached(dir, all, &st), 0);
    ck_assert_int_eq(cached(dir, all, &st), 1);
    free(dir);
}
END_TEST

/* One integer from the database at dir/c.db. */
static long long db_int(const char *dir, const char *sql)
{
    char *path = sl_path_join(dir, "c.db");
    sqlite3 *db;
    ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    sqlite3_stmt *s;
    ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK, "%s: %s", sql,
                  sqlite3_errmsg(db));
    long long v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
    sqlite3_finalize(s);
    sqlite3_close(db);
    free(path);
    return v;
}

/* The inference candidates of TUs that include the same header are stored
 * once (declpool.h): the cached TUs still infer the rule that finds a.c's
 * leak; a group missing from the database makes its TUs be analyzed again;
 * a group no entry reads any more is dropped. */
START_TEST(candidates_stored_once)
{
    char *dir = sl_test_tmpdir();
    sl_test_put(dir, "inc/wg.h",
                "struct wg;\nstruct wg *wg_open(const char *name);\nvoid wg_close(struct wg *w);\n");
    sl_test_put(dir, "a.c", "#include \"wg.h\"\nvoid a(void) { struct wg *w = wg_open(\"a\"); (void)w; }\n");
    sl_test_put(dir, "b.c", "#include \"wg.h\"\nvoid b(void) { wg_close(wg_open(\"b\")); }\n");
    sl_test_put(dir, "c.c", "int c(void) { return 0; }\n");
    sl_test_put(dir, "compile_flags.txt", "-Iinc\n");
    int st;
    const char *all[] = {"a.c", "b.c", "c.c", NULL};
    ck_assert_int_eq(cached(dir, all, &st), 0);
    ck_assert_int_eq(st, 1); /* a.c leaks a widget: the rule is inferred */
    ck_assert_int_eq(db_int(dir, "SELECT count(*) FROM tu_cache"), 3);
    ck_assert_int_eq(db_int(dir, "SELECT count(*) FROM tu_cache_decls"), 1);
    ck_assert_int_eq(db_int(dir, "SELECT count(DISTINCT decls) FROM tu_cache WHERE decls <> '[]'"), 1);
    ck_assert_int_eq(db_int(dir, "SELECT count(*) FROM tu_cache WHERE decls = '[]'"), 1);
    ck_assert_int_eq(db_int(dir, "SELECT length(lines) - length(replace(lines, char(10), '')) "
                                 "FROM tu_cache_decls"), 2); /* wg_open, wg_close */
    ck_assert_int_eq(cached(dir, all, &st), 3);
    ck_assert_int_eq(st, 1); /* from cached candidates alone */
    /* a group gone from the database: its TUs are analyzed again */
    ck_assert_int_eq(db_int(dir, "DELETE FROM tu_cache_decls RETURNING 1"), 1);
    ck_assert_int_eq(cached(dir, all, &st), 1);
    ck_assert_int_eq(st, 1);
    ck_assert_int_eq(db_int(dir, "SELECT count(*) FROM tu_cache_decls"), 1);
    /* a changed header: the old group is read by no entry and goes (the
     * rules inferred change too, so c.c is analyzed again as well) */
    sl_test_put(dir, "inc/wg.h",
                "struct wg;\nstruct wg *wg_open(const char *name);\nvoid wg_close(struct wg *w);\n"
                "struct wg *wg_dup(struct wg *w);\n");
    ck_assert_int_eq(cached(dir, all, &st), 0);
    ck_assert_int_eq(st, 1);
    ck_assert_int_eq(db_int(dir, "SELECT count(*) FROM tu_cache_decls"), 1);
    ck_assert_int_eq(db_int(dir, "SELECT length(lines) - length(replace(lines, char(10), '')) "
                                 "FROM tu_cache_decls"), 3);
    free(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cache");
    TCase *tc = tcase_create("cache");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, key_parts);
    tcase_add_test(tc, invalidation);
    tcase_add_test(tc, global_values);
    tcase_add_test(tc, candidates_stored_once);
    tcase_add_test(tc, relative_include_paths);
    suite_add_tcase(s, tc);
    return sl_test_run_suite(s);
}
