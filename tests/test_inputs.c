/* Inputs (inputs.c) and how `sesslint check` reads them (issue 15, items 2
 * and 3): flags after -- resolved as a compiler does, symlinked inputs,
 * compile_commands.json found the way clangd finds it, missing headers
 * searched for in the tree, parse errors summarized.  Each test builds its
 * own small tree in a temporary directory. */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "inputs.h"
#include "testutil.h"
#include "util.h"

/* A header the built-in libcurl rules know, and a leak through it. */
static const char *CURL_H = "#ifndef FAKE_CURL_H\n#define FAKE_CURL_H\n"
                            "typedef void CURL;\nCURL *curl_easy_init(void);\n"
                            "void curl_easy_cleanup(CURL *h);\n#endif\n";

static const char *leak_with(const char *include)
{
    static char buf[512];
    snprintf(buf, sizeof buf,
             "%s\nint fetch(int x) {\n  CURL *h = curl_easy_init();\n"
             "  if (x) return 1;\n  curl_easy_cleanup(h);\n  return 0;\n}\n",
             include);
    return buf;
}

static void rm_tree(char *dir)
{
    char *cmd = sl_xasprintf("rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
    free(cmd);
    free(dir);
}

/* Occurrences of needle in hay. */
static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

static void link_to(const char *target, const char *dir, const char *name)
{
    char *path = sl_path_join(dir, name);
    ck_assert_msg(symlink(target, path) == 0, "symlink %s", path);
    free(path);
}

/* ---- item 2: flags after --, symlinks --------------------------------- */

START_TEST(flags_resolve_against_a_base)
{
    char *base = sl_test_tmpdir();
    sl_test_put(base, "exists.h", "");
    const char *in[] = {"-Iinc",      "-I",         "inc2",         "-isystem",  "sys",
                        "-iquote./q", "-idirafter", "sub/../other", "-I/abs",    "-I=sysrel",
                        "-include",   "nothere.h",  "-include",     "exists.h",  "-imacrosexists.h",
                        "--sysroot=sr", "--sysroot", "sr2",         "-iprefix",  "pre/",
                        "-iwithprefix", "rel",      "-DX=inc",      "-Xclang",   "-Ifoo",
                        "-isysroot",  "isr",        "-include-pch", "p.pch",     "-I-",
                        "--include-directory=d", "-iframeworkwithsysroot", "fw"};
    size_t n = sizeof in / sizeof *in;
    sl_strvec out = {0};
    sl_flags_absolute(in, n, base, &out);
    ck_assert_uint_eq(out.n, n);
#define AT(i, fmt) \
    do { \
        char *want = sl_xasprintf(fmt, base); \
        ck_assert_str_eq(out.v[i], want); \
        free(want); \
    } while (0)
    AT(0, "-I%s/inc");
    ck_assert_str_eq(out.v[1], "-I");
    AT(2, "%s/inc2");
    AT(4, "%s/sys");
    AT(5, "-iquote%s/q");
    AT(7, "%s/other");
    ck_assert_str_eq(out.v[8], "-I/abs");
    ck_assert_str_eq(out.v[9], "-I=sysrel");  /* relative to the sysroot */
    ck_assert_str_eq(out.v[11], "nothere.h"); /* left to the include path */
    AT(13, "%s/exists.h");
    AT(14, "-imacros%s/exists.h");
    AT(15, "--sysroot=%s/sr");
    AT(17, "%s/sr2");
    AT(19, "%s/pre/"); /* a prefix keeps its slash */
    ck_assert_str_eq(out.v[21], "rel");     /* relative to -iprefix */
    ck_assert_str_eq(out.v[22], "-DX=inc"); /* not a path flag */
    ck_assert_str_eq(out.v[24], "-Ifoo");   /* -Xclang's own */
    AT(26, "%s/isr");
    AT(28, "%s/p.pch");
    ck_assert_str_eq(out.v[29], "-I-");
    AT(30, "--include-directory=%s/d");
    ck_assert_str_eq(out.v[32], "fw");
#undef AT
    sl_strvec_free(&out);
    rm_tree(base);
}
END_TEST

START_TEST(relative_include_from_the_working_directory)
{
    char *t = sl_test_tmpdir();
    sl_test_put(t, "proj/include/h.h", CURL_H);
    /* what resolving against each source's directory would find */
    sl_test_put(t, "proj/src/include/h.h", "#error \"-Iinclude read from src/\"\n");
    sl_test_put(t, "proj/src/a.c", leak_with("#include \"h.h\""));
    char *proj = sl_path_join(t, "proj");
    const char *a[] = {"check", "--no-db", "src", "--", "-Iinclude", NULL};
    sl_cmd_result r = sl_run_sesslint(proj, a);
    ck_assert_msg(r.status == 1 && strstr(r.err, "src/a.c:4:") &&
                      strstr(r.err, "[leak.session]") && !strstr(r.err, "error:"),
                  "%d %s", r.status, r.err);
    sl_cmd_result_free(&r);
    /* from the directory above, the same flag spelled from there */
    const char *b[] = {"check", "--no-db", "proj/src", "--", "-I", "proj/include", NULL};
    r = sl_run_sesslint(t, b);
    ck_assert_msg(r.status == 1 && strstr(r.err, "[leak.session]") && !strstr(r.err, "error:"),
                  "%d %s", r.status, r.err);
    sl_cmd_result_free(&r);
    free(proj);
    rm_tree(t);
}
END_TEST

START_TEST(compile_flags_txt_resolves_against_its_directory)
{
    char *t = sl_test_tmpdir();
    sl_test_put(t, "cf/compile_flags.txt", "-Iinc\n");
    sl_test_put(t, "cf/inc/h.h", CURL_H);
    sl_test_put(t, "inc/h.h", "#error \"-Iinc read from the working directory\"\n");
    sl_test_put(t, "cf/sub/a.c", leak_with("#include <h.h>"));
    const char *a[] = {"check", "--no-db", "cf", NULL};
    sl_cmd_result r = sl_run_sesslint(t, a);
    ck_assert_msg(r.status == 1 && strstr(r.err, "[leak.session]") && !strstr(r.err, "error:"),
                  "%d %s", r.status, r.err);
    sl_cmd_result_free(&r);
    rm_tree(t);
}
END_TEST

START_TEST(symlinked_input_keeps_its_path)
{
    char *t = sl_test_tmpdir();
    /* a content store: the target has no C name (libclang would read it
     * as an AST file) */
    sl_test_put(t, "store/blob", leak_with("typedef void CURL;\nCURL *curl_easy_init(void);\n"
                                           "void curl_easy_cleanup(CURL *h);"));
    sl_test_put(t, "links/.keep", "");
    link_to("../store/blob", t, "links/leak.c");
    const char *a[] = {"check", "--db", "f.db", "--format", "json", "links/leak.c", NULL};
    sl_cmd_result r = sl_run_sesslint(t, a);
    ck_assert_msg(r.status == 1 && !strstr(r.err, "could not read the AST"), "%d %s", r.status,
                  r.err);
    json_error_t je;
    json_t *doc = json_loads(r.out, 0, &je);
    ck_assert_msg(doc != NULL, "%s", r.out);
    json_t *fs = json_object_get(doc, "findings");
    ck_assert_uint_eq(json_array_size(fs), 1);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(fs, 0), "file")),
                     "links/leak.c");
    json_decref(doc);
    sl_cmd_result_free(&r);
    /* the database holds the link's path too */
    const char *q[] = {"query", "--db", "f.db", "--format", "csv",
                       "SELECT (SELECT group_concat(path) FROM files) || ',' || "
                       "(SELECT group_concat(file) FROM findings)",
                       NULL};
    r = sl_run_sesslint(t, q);
    ck_assert_msg(r.status == 0 && strstr(r.out, "links/leak.c,links/leak.c") &&
                      !strstr(r.out, "blob"),
                  "%s %s", r.out, r.err);
    sl_cmd_result_free(&r);
    /* found while walking, the same */
    const char *b[] = {"check", "--no-db", "links", NULL};
    r = sl_run_sesslint(t, b);
    ck_assert_msg(r.status == 1 && strstr(r.err, "links/leak.c:6:") && !strstr(r.err, "blob"),
                  "%d %s", r.status, r.err);
    sl_cmd_result_free(&r);
    rm_tree(t);
}
END_TEST

/* ---- item 3: compile_commands.json the way clangd finds it ------------ */

/* A compile_commands.json in dir with one entry: file (relative to
 * directory) compiled with flags. */
static void put_compdb(const char *root, const char *name, const char *directory,
                       const char *file, const char *flags)
{
    char *text = sl_xasprintf("[{\"directory\": \"%s\", \"command\": \"cc %s -c %s\", "
                              "\"file\": \"%s\"}]\n",
                              directory, flags, file, file);
    sl_test_put(root, name, text);
    free(text);
}

START_TEST(compdb_found_like_clangd)
{
    char *t = sl_test_tmpdir();
    sl_test_put(t, "p1/compile_commands.json", "[]\n");
    sl_test_put(t, "p1/src/a.c", "");
    sl_test_put(t, "p2/build/compile_commands.json", "[]\n");
    sl_test_put(t, "p2/src/deep/a.c", "");
    sl_test_put(t, "p3/compile_commands.json", "[]\n");
    sl_test_put(t, "p3/build/compile_commands.json", "[]\n");
    sl_test_put(t, "p3/sub/build/compile_commands.json", "[]\n");
    sl_test_put(t, "p3/sub/x/a.c", "");
    sl_test_put(t, "none/a.c", "");
    struct {
        const char *path, *want;
    } cases[] = {
        {"p1/src/a.c", "p1"},           {"p1/src", "p1"},      {"p1", "p1"},
        {"p2/src/deep/a.c", "p2/build"}, {"p2", "p2/build"},   {"p3", "p3"},
        {"p3/sub/x", "p3/sub/build"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *path = sl_path_join(t, cases[i].path), *want = sl_path_join(t, cases[i].want);
        char *got = sl_compdb_find(path);
        ck_assert_msg(got && !strcmp(got, want), "%s: %s", cases[i].path, got ? got : "none");
        free(got);
        free(path);
        free(want);
    }
    /* none in the tree (one above the temporary directory is not ours) */
    char *path = sl_path_join(t, "none/a.c");
    char *got = sl_compdb_find(path);
    ck_assert_msg(!got || strncmp(got, t, strlen(t)), "%s", got);
    free(got);
    free(path);
    rm_tree(t);
}
END_TEST

START_TEST(discover_merges_database_and_tree)
{
    char *t = sl_test_tmpdir();
    char *build = sl_path_join(t, "build");
    put_compdb(t, "build/compile_commands.json", build, "../src/a.c", "-DFROM_DB -I../include");
    sl_test_put(t, "build/CMakeCache.txt", "");
    sl_test_put(t, "build/CMakeFiles/probe/CMakeCCompilerId.c", "int main(void){return 0;}\n");
    sl_test_put(t, "build/generated.h", "");
    sl_test_put(t, "src/a.c", "");
    sl_test_put(t, "src/b.c", "");
    sl_test_put(t, "include/x.h", "");
    sl_test_put(t, "include/sub/y.hpp", "");
    sl_test_put(t, "store/blob", "");
    link_to("../store/blob", t, "src/link.c");
    sl_jobs jobs = {0};
    sl_strvec headers = {0}, notes = {0};
    sl_error err = {{0}};
    const char *paths[] = {t};
    const char *extra[] = {"-Irel"};
    ck_assert_int_eq(sl_jobs_discover(&jobs, &headers, &notes, paths, 1, extra, 1, &err), 0);
    ck_assert_uint_eq(jobs.n, 3); /* a.c, b.c, link.c; not the CMake probe */
    char *a = sl_path_join(t, "src/a.c"), *b = sl_path_join(t, "src/b.c");
    char *l = sl_path_join(t, "src/link.c");
    ck_assert_str_eq(jobs.v[0].file, a);
    ck_assert_str_eq(jobs.v[1].file, b);
    ck_assert_str_eq(jobs.v[2].file, l); /* its own name, not store/blob */
    /* a.c: the database's flags and directory, then the extra flags */
    ck_assert(jobs.v[0].from_compdb && !jobs.v[1].from_compdb && !jobs.v[2].from_compdb);
    ck_assert_str_eq(jobs.v[0].directory, build);
    bool from_db = false;
    for (size_t i = 0; i < jobs.v[0].args.n; i++)
        from_db |= !strcmp(jobs.v[0].args.v[i], "-DFROM_DB");
    ck_assert(from_db);
    /* -Irel is read from the working directory, for every job */
    char cwd[4096];
    ck_assert(getcwd(cwd, sizeof cwd));
    char *rel = sl_xasprintf("-I%s/rel", cwd);
    for (size_t k = 0; k < jobs.n; k++)
        ck_assert_str_eq(jobs.v[k].args.v[jobs.v[k].args.n - 1], rel);
    /* headers of the tree, sorted; the build tree's too */
    ck_assert_uint_eq(headers.n, 3);
    char *h0 = sl_path_join(t, "build/generated.h"), *h1 = sl_path_join(t, "include/sub/y.hpp");
    ck_assert_str_eq(headers.v[0], h0);
    ck_assert_str_eq(headers.v[1], h1);
    /* one line says which database is used, and for how much */
    ck_assert_uint_eq(notes.n, 1);
    char *note = sl_xasprintf("sesslint: using %s/compile_commands.json for 1 of 3 files", build);
    ck_assert_msg(!strncmp(notes.v[0], note, strlen(note)), "%s", notes.v[0]);
    free(note);
    free(h0);
    free(h1);
    free(rel);
    free(a);
    free(b);
    free(l);
    free(build);
    sl_jobs_free(&jobs);
    sl_strvec_free(&headers);
    sl_strvec_free(&notes);
    rm_tree(t);
}
END_TEST

START_TEST(check_uses_database_in_parent_and_in_build)
{
    char *t = sl_test_tmpdir();
    /* p1: the database in the given directory's parent, its -I relative to
     * its "directory"; a.c leaks only with the database's -DUSE_DB */
    char *p1 = sl_path_join(t, "p1");
    put_compdb(t, "p1/compile_commands.json", p1, "src/a.c", "-DUSE_DB -Iinc");
    sl_test_put(t, "p1/inc/h.h", CURL_H);
    sl_test_put(t, "p1/src/a.c", leak_with("#ifndef USE_DB\n#error \"no database\"\n#endif\n"
                                           "#include <h.h>"));
    sl_test_put(t, "p1/src/other.c", "int other(void) { return 0; }\n");
    char *src = sl_path_join(p1, "src");
    const char *a[] = {"check", "--no-db", ".", NULL};
    sl_cmd_result r = sl_run_sesslint(src, a);
    char *want = sl_xasprintf("sesslint: using %s/compile_commands.json for 1 of 2 files", p1);
    ck_assert_msg(r.status == 1 && strstr(r.err, want) && strstr(r.err, "a.c:7:") &&
                      !strstr(r.err, "error:"),
                  "%d %s", r.status, r.err);
    free(want);
    sl_cmd_result_free(&r);
    /* -q: no such line */
    const char *q[] = {"check", "--no-db", "-q", ".", NULL};
    r = sl_run_sesslint(src, q);
    ck_assert_msg(r.status == 1 && !strstr(r.err, "sesslint: using"), "%s", r.err);
    sl_cmd_result_free(&r);

    /* p2: build/compile_commands.json below the given directory, in a CMake
     * build tree whose probe sources are not analyzed */
    char *b2 = sl_path_join(t, "p2/build");
    put_compdb(t, "p2/build/compile_commands.json", b2, "../a.c", "-DUSE_DB -I../inc");
    sl_test_put(t, "p2/build/CMakeCache.txt", "");
    sl_test_put(t, "p2/build/CMakeFiles/3.25/CompilerIdC/CMakeCCompilerId.c",
                "int main(void) { return 0 }\n");
    sl_test_put(t, "p2/inc/h.h", CURL_H);
    sl_test_put(t, "p2/a.c", leak_with("#ifndef USE_DB\n#error \"no database\"\n#endif\n"
                                       "#include <h.h>"));
    char *p2 = sl_path_join(t, "p2");
    r = sl_run_sesslint(p2, a);
    want = sl_xasprintf("sesslint: using %s/compile_commands.json\n", b2);
    ck_assert_msg(r.status == 1 && strstr(r.err, want) && strstr(r.err, "in 1 translation unit") &&
                      !strstr(r.err, "error:"),
                  "%d %s", r.status, r.err);
    free(want);
    sl_cmd_result_free(&r);
    free(p2);
    free(b2);
    free(src);
    free(p1);
    rm_tree(t);
}
END_TEST

/* ---- item 3: missing headers searched for in the tree ----------------- */

START_TEST(missing_headers_found_in_the_tree)
{
    char *t = sl_test_tmpdir();
    sl_test_put(t, "lib/x.h", CURL_H);
    sl_test_put(t, "third/a/sub/y.h", "#define Y_OK 0\n");
    sl_test_put(t, "app/main.c", leak_with("#include <x.h>\n#include \"sub/y.h\"\n"
                                           "int y(void) { return Y_OK; }"));
    sl_test_put(t, "app/other.c", "#include <x.h>\n#include \"sub/y.h\"\n"
                                  "int other(void) { CURL *h = curl_easy_init();\n"
                                  "  curl_easy_cleanup(h); return Y_OK; }\n");
    const char *a[] = {"check", "--no-db", ".", NULL};
    sl_cmd_result r = sl_run_sesslint(t, a);
    char *lib = sl_xasprintf("sesslint: added -idirafter %s/lib for 'x.h'", t);
    char *third = sl_xasprintf("sesslint: added -idirafter %s/third/a for 'sub/y.h'", t);
    ck_assert_msg(r.status == 1 && !strstr(r.err, "error:") && strstr(r.err, "main.c:6:") &&
                      strstr(r.err, "[leak.session]"),
                  "%d %s", r.status, r.err);
    /* said once per directory, though two files needed each */
    ck_assert_msg(count(r.err, lib) == 1 && count(r.err, third) == 1, "%s", r.err);
    ck_assert_int_eq(count(r.err, "sesslint: added"), 2);
    sl_cmd_result_free(&r);
    const char *q[] = {"check", "--no-db", "-q", ".", NULL};
    r = sl_run_sesslint(t, q);
    ck_assert_msg(r.status == 1 && !strstr(r.err, "sesslint: added"), "%s", r.err);
    sl_cmd_result_free(&r);
    /* a file given by name: its directory's tree is searched */
    sl_test_put(t, "solo/inc/x.h", CURL_H);
    sl_test_put(t, "solo/main.c", leak_with("#include <x.h>"));
    const char *f[] = {"check", "--no-db", "solo/main.c", NULL};
    r = sl_run_sesslint(t, f);
    char *solo = sl_xasprintf("sesslint: added -idirafter %s/solo/inc for 'x.h'", t);
    ck_assert_msg(r.status == 1 && strstr(r.err, solo) && !strstr(r.err, "error:"), "%s", r.err);
    free(solo);
    sl_cmd_result_free(&r);
    /* a header that is the including file itself is not an answer, nor is
     * a header the system has (it is found before the tree's) */
    sl_test_put(t, "self/adapters/ae.h", "#include <ae.h>\n");
    sl_test_put(t, "self/stdio.h", "#error \"the tree's stdio.h\"\n");
    sl_test_put(t, "self/use.c", "#include <stdio.h>\n#include \"adapters/ae.h\"\n"
                                 "int use(void) { return 0; }\n");
    const char *s[] = {"check", "--no-db", "self", NULL};
    r = sl_run_sesslint(t, s);
    ck_assert_msg(!strstr(r.err, "sesslint: added") && strstr(r.err, "'ae.h' file not found") &&
                      !strstr(r.err, "the tree's stdio.h"),
                  "%s", r.err);
    sl_cmd_result_free(&r);
    free(lib);
    free(third);
    rm_tree(t);
}
END_TEST

START_TEST(parse_errors_summarized)
{
    char *t = sl_test_tmpdir();
    sl_test_put(t, "bad.c", "int a(void) { return x1; }\nint b(void) { return x2; }\n"
                            "int c(void) { return x3; }\nint d(void) { return x4; }\n"
                            "int e(void) { return x5; }\n");
    const char *a[] = {"check", "--no-db", "--allow-partial", "bad.c", NULL};
    sl_cmd_result r = sl_run_sesslint(t, a);
    ck_assert_msg(count(r.err, ": error: ") == 3 &&
                      strstr(r.err, "bad.c: note: 2 more errors not shown "
                                    "(--show-parse-errors shows all)") &&
                      strstr(r.err, "bad.c:3:") && !strstr(r.err, "bad.c:4:22: error"),
                  "%s", r.err);
    sl_cmd_result_free(&r);
    const char *b[] = {"check", "--no-db", "--allow-partial", "--show-parse-errors", "bad.c",
                       NULL};
    r = sl_run_sesslint(t, b);
    ck_assert_msg(count(r.err, ": error: ") == 5 && !strstr(r.err, "not shown"), "%s", r.err);
    sl_cmd_result_free(&r);
    /* the JSON report keeps the whole count */
    const char *c[] = {"check", "--no-db", "-q", "--format", "json", "bad.c", NULL};
    r = sl_run_sesslint(t, c);
    ck_assert_msg(strstr(r.out, "\"errors\": 5"), "%s", r.out);
    sl_cmd_result_free(&r);
    const char *h[] = {"help", "check", NULL};
    r = sl_run_sesslint(t, h);
    ck_assert(strstr(r.out, "--show-parse-errors") && strstr(r.out, "the first 3 of a file") &&
              strstr(r.out, "read from the current\n") && strstr(r.out, "-idirafter"));
    sl_cmd_result_free(&r);
    rm_tree(t);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("inputs");
    TCase *tc = tcase_create("inputs");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, flags_resolve_against_a_base);
    tcase_add_test(tc, relative_include_from_the_working_directory);
    tcase_add_test(tc, compile_flags_txt_resolves_against_its_directory);
    tcase_add_test(tc, symlinked_input_keeps_its_path);
    tcase_add_test(tc, compdb_found_like_clangd);
    tcase_add_test(tc, discover_merges_database_and_tree);
    tcase_add_test(tc, check_uses_database_in_parent_and_in_build);
    tcase_add_test(tc, missing_headers_found_in_the_tree);
    tcase_add_test(tc, parse_errors_summarized);
    suite_add_tcase(s, tc);
    return sl_test_run_suite(s);
}
