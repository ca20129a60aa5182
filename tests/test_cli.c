/* CLI tests: argument handling, help, formats and exit codes of
 * `sesslint check`, run as a user would run the binary. */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "util.h"

static const char *LEAK_C =
    "#include <curl/curl.h>\n"
    "int fetch(const char *url) {\n"
    "  CURL *h = curl_easy_init();\n"
    "  if (!h) return -1;\n"
    "  if (curl_easy_setopt(h, CURLOPT_URL, url) != CURLE_OK) return -2;\n"
    "  curl_easy_cleanup(h);\n"
    "  return 0;\n"
    "}\n";

static const char *CLEAN_C =
    "#include <curl/curl.h>\n"
    "int fetch(const char *url) {\n"
    "  CURL *h = curl_easy_init();\n"
    "  if (!h) return -1;\n"
    "  curl_easy_setopt(h, CURLOPT_URL, url);\n"
    "  curl_easy_cleanup(h);\n"
    "  return 0;\n"
    "}\n";

static sl_cmd_result run(const char *cwd, const char *const *argv)
{
    return sl_run_sesslint(cwd, argv);
}

START_TEST(version_and_help)
{
    const char *v[] = {"--version", NULL};
    sl_cmd_result r = run(NULL, v);
    ck_assert_int_eq(r.status, 0);
    ck_assert(strncmp(r.out, "sesslint ", 9) == 0);
    sl_cmd_result_free(&r);

    const char *h[] = {"help", NULL};
    r = run(NULL, h);
    ck_assert_int_eq(r.status, 0);
    ck_assert(strstr(r.out, "check") && strstr(r.out, "rules"));
    sl_cmd_result_free(&r);

    const char *hc[] = {"help", "check", NULL};
    r = run(NULL, hc);
    ck_assert_int_eq(r.status, 0);
    ck_assert(strstr(r.out, "--unknown-calls") && strstr(r.out, "Exit status"));
    sl_cmd_result_free(&r);

    const char *ch[] = {"check", "--help", NULL};
    r = run(NULL, ch);
    ck_assert_int_eq(r.status, 0);
    ck_assert(strstr(r.out, "usage: sesslint check"));
    sl_cmd_result_free(&r);

    const char *none[] = {NULL};
    r = run(NULL, none);
    ck_assert_int_eq(r.status, 2);
    ck_assert(strstr(r.err, "usage: sesslint"));
    sl_cmd_result_free(&r);
}
END_TEST

START_TEST(usage_errors)
{
    const char *cases[][4] = {
        {"frobnicate", NULL},
        {"check", NULL},
        {"check", "--format", "xml", NULL},
        {"check", "--unknown-calls=maybe", "x.c", NULL},
        {"check", "--bogus", "x.c", NULL},
        {"check", "/nonexistent/file.c", NULL},
        {"check", "-p", "/nonexistent-build-dir", NULL},
        {"help", "nosuchcommand", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        sl_cmd_result r = run(NULL, cases[i]);
        ck_assert_msg(r.status == 2, "case %zu (%s %s) exited %d: %s", i, cases[i][0],
                      cases[i][1] ? cases[i][1] : "", r.status, r.err);
        ck_assert_msg(strlen(r.err) > 0, "case %zu printed no message", i);
        sl_cmd_result_free(&r);
    }
    /* a missing path is named */
    const char *m[] = {"check", "/nonexistent/file.c", NULL};
    sl_cmd_result r = run(NULL, m);
    ck_assert(strstr(r.err, "/nonexistent/file.c"));
    sl_cmd_result_free(&r);
}
END_TEST

START_TEST(findings_and_exit_codes)
{
    char *dir = sl_test_tmpdir();
    char *leak = sl_test_write(dir, "leak.c", LEAK_C);
    char *clean = sl_test_write(dir, "clean.c", CLEAN_C);

    const char *a[] = {"check", "--no-db", "leak.c", NULL};
    sl_cmd_result r = run(dir, a);
    ck_assert_int_eq(r.status, 1);
    /* compiler form: file:line:col: warning: ... [rule], then notes */
    ck_assert_msg(strstr(r.err, "leak.c:5:58: warning: session handle 'h' acquired by "
                                "curl_easy_init() at line 3") != NULL,
                  "%s", r.err);
    ck_assert(strstr(r.err, "[leak.session]"));
    ck_assert(strstr(r.err, "leak.c:3:13: note: h acquired here by curl_easy_init()"));
    ck_assert(strstr(r.err, "note: taking the true branch of"));
    ck_assert(strstr(r.err, "sesslint: 1 finding (1 session) in 1 translation unit"));
    sl_cmd_result_free(&r);

    const char *b[] = {"check", "--no-db", "clean.c", NULL};
    r = run(dir, b);
    ck_assert_msg(r.status == 0, "%s", r.err);
    ck_assert(strstr(r.err, "sesslint: 0 findings"));
    sl_cmd_result_free(&r);

    /* -q: findings only */
    const char *q[] = {"check", "--no-db", "-q", "leak.c", NULL};
    r = run(dir, q);
    ck_assert_int_eq(r.status, 1);
    ck_assert(strstr(r.err, "[leak.session]"));
    ck_assert(!strstr(r.err, "sesslint: 1 finding"));
    sl_cmd_result_free(&r);

    /* a directory is searched; json to a file with -o */
    char *out = sl_path_join(dir, "out.json");
    const char *c[] = {"check", "--no-db", "--format", "json", "-o", out, ".", NULL};
    r = run(dir, c);
    ck_assert_int_eq(r.status, 1);
    json_t *doc = json_load_file(out, 0, NULL);
    ck_assert_ptr_nonnull(doc);
    ck_assert_int_eq(json_array_size(json_object_get(doc, "findings")), 1);
    ck_assert_int_eq(json_array_size(json_object_get(doc, "translation_units")), 2);
    json_decref(doc);
    sl_cmd_result_free(&r);

    /* sarif on stdout */
    const char *s[] = {"check", "--no-db", "--format=sarif", "leak.c", NULL};
    r = run(dir, s);
    ck_assert_int_eq(r.status, 1);
    doc = json_loads(r.out, 0, NULL);
    ck_assert_ptr_nonnull(doc);
    ck_assert_str_eq(json_string_value(json_object_get(doc, "version")), "2.1.0");
    json_decref(doc);
    sl_cmd_result_free(&r);

    /* html on stdout: the page, with the finding and its source line */
    const char *h[] = {"check", "--no-db", "--format", "html", "leak.c", NULL};
    r = run(dir, h);
    ck_assert_int_eq(r.status, 1);
    ck_assert(strncmp(r.out, "<!DOCTYPE html>", 15) == 0);
    ck_assert(strstr(r.out, "<section class=\"finding\" id=\"F1\""));
    ck_assert(strstr(r.out, "<td class=\"ln\">3</td>"));
    ck_assert(strstr(r.out, "1 acquired</span>"));
    sl_cmd_result_free(&r);

    /* --unknown-calls=borrow finds the handle handed to an unknown function */
    sl_test_put(dir, "unk.c",
                  "#include <curl/curl.h>\nvoid keep(CURL *h);\n"
                  "void f(void) { CURL *h = curl_easy_init(); keep(h); }\n");
    const char *e[] = {"check", "--no-db", "-q", "unk.c", NULL};
    r = run(dir, e);
    ck_assert_int_eq(r.status, 0);
    sl_cmd_result_free(&r);
    const char *bo[] = {"check", "--no-db", "-q", "--unknown-calls=borrow", "unk.c", NULL};
    r = run(dir, bo);
    ck_assert_int_eq(r.status, 1);
    sl_cmd_result_free(&r);

    free(out);
    free(leak);
    free(clean);
    free(dir);
}
END_TEST

START_TEST(parser_flags_after_double_dash)
{
    char *dir = sl_test_tmpdir();
    sl_test_put(dir, "d.c",
                  "#include <curl/curl.h>\n"
                  "void f(void) {\n"
                  "#ifdef WITH_LEAK\n"
                  "  CURL *h = curl_easy_init();\n"
                  "  (void)h;\n"
                  "#endif\n"
                  "}\n");
    const char *a[] = {"check", "--no-db", "-q", "d.c", NULL};
    sl_cmd_result r = run(dir, a);
    ck_assert_int_eq(r.status, 0);
    sl_cmd_result_free(&r);
    const char *b[] = {"check", "--no-db", "-q", "d.c", "--", "-DWITH_LEAK", NULL};
    r = run(dir, b);
    ck_assert_msg(r.status == 1, "%s", r.err);
    ck_assert(strstr(r.err, "d.c:7:1: warning"));
    sl_cmd_result_free(&r);
    free(dir);
}
END_TEST

START_TEST(compilation_database)
{
    char *dir = sl_test_tmpdir();
    sl_test_put(dir, "src/leak.c", LEAK_C);
    sl_test_put(dir, "src/clean.c", CLEAN_C);
    char *db = sl_xasprintf(
        "[\n"
        " {\"directory\": \"%s/src\", \"command\": \"cc -c -o leak.o leak.c\", \"file\": \"leak.c\"},\n"
        " {\"directory\": \"%s/src\", \"arguments\": [\"cc\", \"-c\", \"clean.c\"], \"file\": \"clean.c\"},\n"
        " {\"directory\": \"%s/src\", \"command\": \"cc -c gone.c\", \"file\": \"gone.c\"}\n"
        "]\n",
        dir, dir, dir);
    /* bear's form: "file" absolute, the argument relative */
    char *bear = sl_xasprintf("[{\"directory\": \"%s/src\", \"file\": \"%s/src/leak.c\", "
                              "\"arguments\": [\"cc\", \"-c\", \"leak.c\"]}]\n",
                              dir, dir);
    sl_test_put(dir, "bear/compile_commands.json", bear);
    free(bear);
    const char *bb[] = {"check", "--no-db", "-q", "-p", "bear", NULL};
    sl_cmd_result rb = run(dir, bb);
    ck_assert_msg(rb.status == 1, "bear-style database: exit %d: %s", rb.status, rb.err);
    ck_assert(strstr(rb.err, "[leak.session]"));
    sl_cmd_result_free(&rb);
    sl_test_put(dir, "build/compile_commands.json", db);
    free(db);
    /* the missing file cannot be analyzed: exit 3, the others still are */
    const char *a[] = {"check", "--no-db", "-p", "build", NULL};
    sl_cmd_result r = run(dir, a);
    ck_assert_msg(r.status == 3, "exit %d: %s", r.status, r.err);
    ck_assert(strstr(r.err, "gone.c"));
    ck_assert(strstr(r.err, "[leak.session]"));
    ck_assert(strstr(r.err, "in 3 translation units"));
    ck_assert(strstr(r.err, "1 could not be analyzed"));
    sl_cmd_result_free(&r);
    /* PATH selects entries of the database */
    const char *b[] = {"check", "--no-db", "-p", "build", "src/clean.c", NULL};
    r = run(dir, b);
    ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
    ck_assert(strstr(r.err, "in 1 translation unit"));
    sl_cmd_result_free(&r);
    /* a malformed database is a configuration error naming the file */
    sl_test_put(dir, "bad/compile_commands.json", "[ {\"directory\": ");
    const char *c[] = {"check", "--no-db", "-p", "bad", NULL};
    r = run(dir, c);
    ck_assert_int_eq(r.status, 2);
    ck_assert(strstr(r.err, "bad/compile_commands.json"));
    sl_cmd_result_free(&r);
    free(dir);
}
END_TEST

START_TEST(parse_errors_are_reported)
{
    char *dir = sl_test_tmpdir();
    sl_test_put(dir, "broken.c",
                  "#include <curl/curl.h>\n"
                  "int broken(void) { return 1 +; }\n"
                  "void f(void) { CURL *h = curl_easy_init(); (void)h; }\n");
    const char *a[] = {"check", "--no-db", "broken.c", NULL};
    sl_cmd_result r = run(dir, a);
    /* the error is shown with file and line, and the rest is analyzed */
    ck_assert_msg(strstr(r.err, "broken.c:2:") && strstr(r.err, "error:"), "%s", r.err);
    ck_assert(strstr(r.err, "broken.c:3:") && strstr(r.err, "[leak.session]"));
    /* the function that did not parse is named as not checked, counted in
     * the summary line, and makes the run partial: exit 3 */
    ck_assert_msg(strstr(r.err, "broken.c:2:5: warning: function 'broken' was not analyzed: "
                                "its body has parse errors [skipped.function]"),
                  "%s", r.err);
    ck_assert_msg(strstr(r.err, "not checked: 1 function"), "%s", r.err);
    ck_assert_int_eq(r.status, 3);
    sl_cmd_result_free(&r);
    /* --allow-partial accepts that: the findings decide */
    const char *b[] = {"check", "--no-db", "--allow-partial", "broken.c", NULL};
    r = run(dir, b);
    ck_assert_msg(strstr(r.err, "[skipped.function]"), "%s", r.err);
    ck_assert_int_eq(r.status, 1);
    sl_cmd_result_free(&r);
    free(dir);
}
END_TEST

START_TEST(rules_options)
{
    char *dir = sl_test_tmpdir();
    sl_test_put(dir, "my.c",
                  "typedef struct widget widget;\nwidget *widget_open(void);\n"
                  "void widget_close(widget *w);\n"
                  "int f(void) { widget *w = widget_open(); if (!w) return 1; return 0; }\n");
    sl_test_put(dir, "rules/widget.yaml",
                  "library: widgets\nresources:\n  widget.handle:\n    kind: connector\n"
                  "    acquire: [widget_open]\n    release: [{fn: widget_close, arg: 0}]\n");
    const char *a[] = {"check", "--no-db", "-q", "my.c", NULL};
    sl_cmd_result r = run(dir, a);
    ck_assert_int_eq(r.status, 0);
    sl_cmd_result_free(&r);
    const char *b[] = {"check", "--no-db", "-q", "--rules", "rules", "my.c", NULL};
    r = run(dir, b);
    ck_assert_msg(r.status == 1, "%s", r.err);
    ck_assert(strstr(r.err, "[leak.connector]"));
    sl_cmd_result_free(&r);
    const char *c[] = {"check", "--no-db", "-q", "--no-builtin-rules", "--rules",
                       "rules/widget.yaml", "my.c", NULL};
    r = run(dir, c);
    ck_assert_int_eq(r.status, 1);
    sl_cmd_result_free(&r);
    /* a malformed rule file: exit 2 with file:line:col */
    sl_test_put(dir, "bad.yaml", "library: x\nresources:\n  a:\n    acquire: [f]\n");
    const char *d[] = {"check", "--no-db", "--rules", "bad.yaml", "my.c", NULL};
    r = run(dir, d);
    ck_assert_int_eq(r.status, 2);
    ck_assert_msg(strstr(r.err, "bad.yaml:"), "%s", r.err);
    sl_cmd_result_free(&r);
    free(dir);
}
END_TEST

/* --enable NAME loads an opt-in rule set: memory is off by default, on
 * with --enable memory (also given twice, or as --enable=memory); an unknown
 * set is a usage error naming the available ones; the help says so. */
START_TEST(enable_rule_sets)
{
    char *dir = sl_test_tmpdir();
    sl_test_put(dir, "mem.c",
                "#include <stdlib.h>\n"
                "int f(int fail) {\n"
                "  char *p = malloc(8);\n"
                "  if (!p) return -1;\n"
                "  if (fail) return -1;\n"
                "  free(p);\n"
                "  return 0;\n"
                "}\n");
    const char *off[] = {"check", "--no-db", "mem.c", NULL};
    sl_cmd_result r = run(dir, off);
    ck_assert_msg(r.status == 0, "%s", r.err);
    ck_assert(strstr(r.err, "leak.memory") == NULL);
    sl_cmd_result_free(&r);

    const char *on[] = {"check", "--no-db", "--enable", "memory", "--enable=memory",
                        "--format", "json", "mem.c", NULL};
    r = run(dir, on);
    ck_assert_msg(r.status == 1, "%s", r.err);
    json_t *doc = json_loads(r.out, 0, NULL);
    ck_assert_ptr_nonnull(doc);
    json_t *fs = json_object_get(doc, "findings");
    ck_assert_uint_eq(json_array_size(fs), 1);
    json_t *f0 = json_array_get(fs, 0);
    ck_assert_str_eq(json_string_value(json_object_get(f0, "rule")), "leak.memory");
    ck_assert_str_eq(json_string_value(json_object_get(f0, "kind")), "memory");
    ck_assert_int_eq(json_integer_value(json_object_get(f0, "line")), 5);
    json_t *sum = json_object_get(doc, "summary");
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(sum, "by_rule"),
                                                        "leak.memory")), 1);
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(sum, "by_kind"),
                                                        "memory")), 1);
    json_decref(doc);
    sl_cmd_result_free(&r);

    const char *text[] = {"check", "--no-db", "--enable", "memory", "mem.c", NULL};
    r = run(dir, text);
    ck_assert_int_eq(r.status, 1);
    ck_assert_msg(strstr(r.err, "mem.c:5:13: warning: memory handle 'p' acquired by malloc() "
                                "at line 3") != NULL, "%s", r.err);
    ck_assert(strstr(r.err, "sesslint: 1 finding (1 memory) in 1 translation unit"));
    sl_cmd_result_free(&r);

    const char *bad[] = {"check", "--no-db", "--enable", "memroy", "mem.c", NULL};
    r = run(dir, bad);
    ck_assert_int_eq(r.status, 2);
    ck_assert_msg(strstr(r.err, "unknown rule set 'memroy' for --enable (available: exception, memory)"),
                  "%s", r.err);
    sl_cmd_result_free(&r);

    const char *path[] = {"check", "--no-db", "--enable", "../posix", "mem.c", NULL};
    r = run(dir, path);
    ck_assert_int_eq(r.status, 2);
    ck_assert_msg(strstr(r.err, "unknown rule set '../posix'"), "%s", r.err);
    sl_cmd_result_free(&r);

    const char *missing[] = {"check", "--no-db", "mem.c", "--enable", NULL};
    r = run(dir, missing);
    ck_assert_int_eq(r.status, 2);
    ck_assert_msg(strstr(r.err, "--enable needs the name of a rule set"), "%s", r.err);
    sl_cmd_result_free(&r);

    const char *help[] = {"check", "--help", NULL};
    r = run(NULL, help);
    ck_assert_int_eq(r.status, 0);
    ck_assert(strstr(r.out, "--enable NAME") && strstr(r.out, "leak.memory") &&
              strstr(r.out, "leak.exception"));
    sl_cmd_result_free(&r);
    free(dir);
}
END_TEST

/* The fingerprint and the file of each finding of a JSON report, in report
 * order ("file fingerprint rule" per line; owned). */
static char *fingerprints(const char *json)
{
    json_t *doc = json_loads(json, 0, NULL);
    ck_assert_ptr_nonnull(doc);
    json_t *fs = json_object_get(doc, "findings");
    sl_strbuf b = {0};
    for (size_t i = 0; i < json_array_size(fs); i++) {
        json_t *f = json_array_get(fs, i);
        sl_strbuf_printf(&b, "%s %s %s\n", json_string_value(json_object_get(f, "file")),
                         json_string_value(json_object_get(f, "fingerprint")),
                         json_string_value(json_object_get(f, "rule")));
    }
    json_decref(doc);
    return b.s ? sl_strbuf_detach(&b) : sl_xstrdup("");
}

/* A tree of C and Python sources is one run (one report, both front ends),
 * and a Python finding keeps its fingerprint when its function moves down
 * the file below new code and gains lines and spaces inside. */
START_TEST(mixed_tree_and_python_fingerprints)
{
    char *dir = sl_test_tmpdir();
    sl_test_put(dir, "fetch.c", LEAK_C);
    sl_test_put(dir, "app.py",
                "import aiohttp\n"
                "\n"
                "async def get(url):\n"
                "    session = aiohttp.ClientSession()\n"
                "    resp = await session.get(url)\n"
                "    if resp.status != 200:\n"
                "        return None\n"
                "    await session.close()\n"
                "    return resp\n");
    const char *argv[] = {"check", "--no-db", "--format", "json", ".", NULL};
    sl_cmd_result r = run(dir, argv);
    ck_assert_msg(r.status == 1, "%s", r.err);
    json_t *doc = json_loads(r.out, 0, NULL);
    ck_assert_ptr_nonnull(doc);
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(doc, "summary"),
                                                        "translation_units")), 2);
    json_decref(doc);
    char *before = fingerprints(r.out);
    ck_assert_msg(strstr(before, "fetch.c ") && strstr(before, "app.py "), "%s", before);
    ck_assert_msg(strstr(before, "leak.session\n") != NULL, "%s", before);
    sl_cmd_result_free(&r);

    /* lines added above, a function before it, a line and spaces inside
     * it: the same finding, the same fingerprint */
    sl_test_put(dir, "app.py",
                "import aiohttp\n"
                "import logging\n"
                "\n"
                "LOG = logging.getLogger(__name__)\n"
                "\n"
                "\n"
                "def other(x):\n"
                "    return x + 1\n"
                "\n"
                "\n"
                "async def get(url):\n"
                "    session = aiohttp.ClientSession()\n"
                "    resp = await  session.get(url)\n"
                "    if resp.status != 200:\n"
                "        LOG.debug('bad status')\n"
                "        return None\n"
                "    await session.close()\n"
                "    return resp\n");
    r = run(dir, argv);
    ck_assert_msg(r.status == 1, "%s", r.err);
    char *after = fingerprints(r.out);
    ck_assert_str_eq(after, before);
    sl_cmd_result_free(&r);
    free(before);
    free(after);
    free(dir);
}
END_TEST

/* A crash while analyzing one TU costs only that TU; results do not depend
 * on the number of workers. */
START_TEST(workers_and_crash_isolation)
{
    char *dir = sl_test_tmpdir();
    sl_test_put(dir, "a_leak.c", LEAK_C);
    sl_test_put(dir, "b_crash.c", LEAK_C);
    sl_test_put(dir, "c_leak.c", LEAK_C);
    sl_test_put(dir, "d_clean.c", CLEAN_C);
    const char *j1[] = {"check", "--no-db", "-q", "-j1", "--format", "json", ".", NULL};
    const char *j3[] = {"check", "--no-db", "-q", "-j", "3", "--format", "json", ".", NULL};
    sl_cmd_result r1 = run(dir, j1), r3 = run(dir, j3);
    ck_assert_int_eq(r1.status, 1);
    ck_assert_int_eq(r3.status, 1);
    ck_assert_str_eq(r1.out, r3.out);
    sl_cmd_result_free(&r1);
    sl_cmd_result_free(&r3);

    setenv("SESSLINT_TEST_CRASH", "b_crash.c", 1);
    const char *c[] = {"check", "--no-db", "-j2", "--format", "json", ".", NULL};
    sl_cmd_result r = run(dir, c);
    unsetenv("SESSLINT_TEST_CRASH");
    ck_assert_msg(r.status == 3, "exit %d: %s", r.status, r.err);
    ck_assert_msg(strstr(r.err, "b_crash.c: error: the worker analyzing it") != NULL, "%s",
                  r.err);
    json_t *doc = json_loads(r.out, 0, NULL);
    ck_assert_ptr_nonnull(doc);
    /* the two other leaks are still found, the crashed TU is listed as failed */
    ck_assert_int_eq(json_array_size(json_object_get(doc, "findings")), 2);
    json_t *tus = json_object_get(doc, "translation_units");
    ck_assert_int_eq(json_array_size(tus), 4);
    int failed = 0;
    for (size_t i = 0; i < json_array_size(tus); i++)
        failed += !strcmp(json_string_value(json_object_get(json_array_get(tus, i), "status")),
                          "failed");
    ck_assert_int_eq(failed, 1);
    json_decref(doc);
    sl_cmd_result_free(&r);
    const char *bad[] = {"check", "--no-db", "-j0", ".", NULL};
    r = run(dir, bad);
    ck_assert_int_eq(r.status, 2);
    sl_cmd_result_free(&r);
    free(dir);
}
END_TEST

/* --max-states: past the cap, states that differ only in facts are joined
 * and lose the facts they do not share.  A path that such a state finds
 * leaking may be one the lost facts exclude (own == 0 implies n == 0
 * here), so it is not reported: with a cap of 1 the run is silent, as with
 * the default cap, which keeps both states and their facts.  The leak on
 * the path that needs no lost fact is found with the default cap. */
START_TEST(max_states_joins_stay_silent)
{
    char *dir = sl_test_tmpdir();
    sl_test_put(dir, "j.c",
                "#include <fcntl.h>\n#include <unistd.h>\n"
                "int joined(const char *p, int mode) {\n"
                "    int fd = open(p, O_RDONLY);\n"
                "    if (fd < 0) return -1;\n"
                "    int own = 0, n = 0;\n"
                "    if (mode) { own = 1; n = 5; }\n"
                "    if (own) { close(fd); return 1; }\n"
                "    if (n == 5) return 2;\n"
                "    close(fd);\n"
                "    return 0;\n"
                "}\n"
                "int leaks(const char *p, int mode) {\n"
                "    int fd = open(p, O_RDONLY);\n"
                "    if (fd < 0) return -1;\n"
                "    if (mode) return 1;\n"
                "    close(fd);\n"
                "    return 0;\n"
                "}\n");
    for (int k = 0; k < 2; k++) {
        const char *cap[] = {"check", "--no-db", "-q", "--max-states", k ? "1" : "32", "j.c",
                             NULL};
        sl_cmd_result r = run(dir, cap);
        ck_assert_msg(r.status == 1, "%d: %s", r.status, r.err);
        ck_assert_msg(!strstr(r.err, "j.c:9:"), "%s", r.err);
        ck_assert_msg(strstr(r.err, "j.c:16:"), "%s", r.err);
        sl_cmd_result_free(&r);
    }
    const char *bad[] = {"check", "--no-db", "--max-states", "0", "j.c", NULL};
    sl_cmd_result r = run(dir, bad);
    ck_assert_int_eq(r.status, 2);
    sl_cmd_result_free(&r);
    free(dir);
}
END_TEST

/* A function whose runs outgrow its analysis budget (a high --max-states
 * over a long chain of tests that each decide whether the handle is
 * copied): the handles not followed are named in every format, counted in
 * the summary line, make the run partial (exit 3, unless --allow-partial),
 * and come back the same from the cache. */
START_TEST(handles_not_followed_are_reported)
{
    char *dir = sl_test_tmpdir();
    sl_strbuf b = {0};
    sl_strbuf_puts(&b, "#include <stdio.h>\n"
                       "int work(const char *p, int c1, int c2, int c3, int c4, int c5, "
                       "int c6, int c7, int c8) {\n"
                       "    FILE *h = fopen(p, \"r\"), *g = fopen(p, \"w\"), *h2 = 0;\n");
    for (int i = 0; i < 3000; i++)
        sl_strbuf_printf(&b, "    if (c%d) h2 = h;\n", i % 8 + 1);
    sl_strbuf_puts(&b, "    if (h) fclose(h);\n    if (g) fclose(g);\n    return h2 != 0;\n}\n");
    sl_test_put(dir, "long.c", b.s);
    sl_strbuf_release(&b);
    for (int k = 0; k < 2; k++) {
        /* the second run takes the TU from the cache */
        const char *a[] = {"check", "--db", "f.db", "--max-states", "256", "long.c", NULL};
        sl_cmd_result r = run(dir, a);
        ck_assert_msg(r.status == 3, "%d: %s", r.status, r.err);
        /* h's run spends most of the budget; g's runs out */
        ck_assert_msg(strstr(r.err, "long.c:3:35: warning: handle 'g' acquired by fopen() in "
                                    "'work' was not followed: the analysis budget of 'work'"),
                      "%s", r.err);
        ck_assert_msg(!strstr(r.err, "handle 'h'"), "%s", r.err);
        ck_assert_msg(strstr(r.err, "not checked: 1 handle "), "%s", r.err);
        ck_assert(!k || strstr(r.err, "taken from the cache"));
        sl_cmd_result_free(&r);
    }
    const char *j[] = {"check", "--no-db", "-q", "--max-states", "256", "--format", "json",
                       "long.c", NULL};
    sl_cmd_result r = run(dir, j);
    ck_assert_int_eq(r.status, 3);
    ck_assert_msg(strstr(r.out, "\"not_analyzed\": 1") &&
                      strstr(r.out, "\"what\": \"handle 'g' acquired by fopen()\""),
                  "%s", r.out);
    sl_cmd_result_free(&r);
    const char *sa[] = {"check", "--no-db", "-q", "--max-states", "256", "--format", "sarif",
                        "--allow-partial", "long.c", NULL};
    r = run(dir, sa);
    ck_assert_int_eq(r.status, 0);
    ck_assert_msg(strstr(r.out, "\"toolExecutionNotifications\"") &&
                      strstr(r.out, "\"id\": \"skipped.handle\""),
                  "%s", r.out);
    sl_cmd_result_free(&r);
    /* at the default cap both handles are followed */
    const char *d[] = {"check", "--no-db", "long.c", NULL};
    r = run(dir, d);
    ck_assert_msg(r.status == 0 && !strstr(r.err, "skipped."), "%d: %s", r.status, r.err);
    sl_cmd_result_free(&r);
    free(dir);
}
END_TEST

/* Rules inferred from declarations (corpus/inferred: a header with no rule
 * file): `rules infer` prints the pairs with where they come from; a check
 * says the rule was inferred, in text, JSON and SARIF, the same from the
 * cache; --no-infer turns it off. */
START_TEST(rules_inferred_from_declarations)
{
    char *dir = sl_test_tmpdir();
    char *cmd = sl_xasprintf("cp -r '%s/corpus/inferred' '%s'", SESSLINT_SOURCE_DIR, dir);
    ck_assert_int_eq(system(cmd), 0);
    free(cmd);
    char *sub = sl_path_join(dir, "inferred");
    const char *inf[] = {"rules", "infer", "widget.c", NULL};
    sl_cmd_result r = run(sub, inf);
    ck_assert_msg(r.status == 0, "%d: %s", r.status, r.err);
    ck_assert_msg(strstr(r.out, "# ---- file: widget/widget.h.yaml\n") &&
                      strstr(r.out, "library: \"widget/widget.h\"") &&
                      strstr(r.out, "  inferred.wg_token:\n    kind: credential\n") &&
                      strstr(r.out, "- {fn: wg_token_create, out: 1}") &&
                      strstr(r.out, "- {fn: wg_stream_close, arg: 0}") &&
                      strstr(r.out, "# wg_conn_new (include/widget/widget.h:9) returns struct "
                                    "wg_conn *; pairs with wg_conn_free"),
                  "%s", r.out);
    /* borrowed, data, and defined in the sources: never inferred */
    ck_assert_msg(!strstr(r.out, "wg_bus_ref") && !strstr(r.out, "wg_conn_get_token") &&
                      !strstr(r.out, "wg_point") && !strstr(r.out, "inf_own"),
                  "%s", r.out);
    /* what it prints is a rule file: committed, it finds the same leaks */
    sl_test_put(sub, "rules/widget.yaml", r.out);
    sl_cmd_result_free(&r);
    const char *asfile[] = {"check", "--no-db", "--no-infer", "--rules", "rules/widget.yaml",
                            "widget.c", "own.c", NULL};
    r = run(sub, asfile);
    ck_assert_msg(r.status == 1 && strstr(r.err, "6 findings"), "%d: %s", r.status, r.err);
    ck_assert_msg(!strstr(r.err, "rule inferred"), "%s", r.err);
    sl_cmd_result_free(&r);
    for (int k = 0; k < 2; k++) {
        const char *a[] = {"check", "--db", "f.db", "widget.c", "own.c", NULL};
        r = run(sub, a);
        ck_assert_msg(r.status == 1, "%d: %s", r.status, r.err);
        ck_assert_msg(strstr(r.err, "widget.c:38:9: warning: credential handle 't' acquired by "
                                    "wg_token_create() at line 35 (rule inferred from the "
                                    "declarations of wg_token_create() and "
                                    "wg_token_destroy())"),
                      "%s", r.err);
        ck_assert_msg(strstr(r.err, "6 findings"), "%s", r.err);
        ck_assert(!k || strstr(r.err, "taken from the cache"));
        sl_cmd_result_free(&r);
    }
    const char *j[] = {"check", "--no-db", "-q", "--format", "json", "widget.c", NULL};
    r = run(sub, j);
    ck_assert_msg(strstr(r.out, "\"resource\": \"inferred.wg_conn\"") &&
                      strstr(r.out, "\"inferred\": true"),
                  "%s", r.out);
    sl_cmd_result_free(&r);
    const char *sa[] = {"check", "--no-db", "-q", "--format", "sarif", "widget.c", NULL};
    r = run(sub, sa);
    ck_assert_msg(strstr(r.out, "\"inferredRule\": true"), "%s", r.out);
    sl_cmd_result_free(&r);
    const char *off[] = {"check", "--no-db", "--no-infer", "widget.c", NULL};
    r = run(sub, off);
    ck_assert_msg(r.status == 0 && strstr(r.err, "0 findings"), "%d: %s", r.status, r.err);
    sl_cmd_result_free(&r);
    free(sub);
    free(dir);
}
END_TEST

/* A handle still open where the process ends is leak.exit: in text, and a
 * note in SARIF; the same handle leaking before that is the ordinary rule. */
START_TEST(leak_exit_is_a_note)
{
    char *dir = sl_test_tmpdir();
    sl_test_put(dir, "m.c",
                "#include <stdio.h>\n#include <stdlib.h>\n"
                "static int use(FILE *f) { return fgetc(f); }\n"
                "int main(int argc, char **argv) {\n"
                "    FILE *f = fopen(argv[1], \"r\");\n"
                "    if (!f) return 1;\n"
                "    if (argc > 2) exit(2);\n"
                "    use(f);\n"
                "    return 0;\n"
                "}\n");
    const char *a[] = {"check", "--no-db", "m.c", NULL};
    sl_cmd_result r = run(dir, a);
    ck_assert_msg(r.status == 1 &&
                      strstr(r.err, "m.c:7:19: warning: resource handle 'f' acquired by fopen() at "
                                    "line 5 is not released before the process exits here "
                                    "[leak.exit]"),
                  "%d: %s", r.status, r.err);
    sl_cmd_result_free(&r);
    const char *sa[] = {"check", "--no-db", "-q", "--format", "sarif", "m.c", NULL};
    r = run(dir, sa);
    ck_assert_msg(strstr(r.out, "\"ruleId\": \"leak.exit\"") &&
                      strstr(r.out, "\"level\": \"note\""),
                  "%s", r.out);
    sl_cmd_result_free(&r);
    free(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cli");
    TCase *tc = tcase_create("cli");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, version_and_help);
    tcase_add_test(tc, usage_errors);
    tcase_add_test(tc, findings_and_exit_codes);
    tcase_add_test(tc, parser_flags_after_double_dash);
    tcase_add_test(tc, compilation_database);
    tcase_add_test(tc, parse_errors_are_reported);
    tcase_add_test(tc, rules_options);
    tcase_add_test(tc, enable_rule_sets);
    tcase_add_test(tc, workers_and_crash_isolation);
    tcase_add_test(tc, max_states_joins_stay_silent);
    tcase_add_test(tc, handles_not_followed_are_reported);
    tcase_add_test(tc, rules_inferred_from_declarations);
    tcase_add_test(tc, leak_exit_is_a_note);
    tcase_add_test(tc, mixed_tree_and_python_fingerprints);
    suite_add_tcase(s, tc);
    return sl_test_run_suite(s);
}
