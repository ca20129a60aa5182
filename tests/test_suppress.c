/* Unit tests for suppress.c: inline suppression comments. */
#define _GNU_SOURCE
#include <check.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "suppress.h"
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

static sl_finding mkf(const char *file, unsigned line, const char *rule, unsigned acq_line)
{
    sl_finding f = {0};
    f.rule_id = sl_xstrdup(rule);
    f.kind = SL_KIND_SESSION;
    f.loc.file = sl_xstrdup(file);
    f.loc.line = line;
    f.loc.col = 1;
    f.function = sl_xstrdup("f");
    f.handle = sl_xstrdup("h");
    f.acquire_fn = sl_xstrdup("open_it");
    if (acq_line) {
        f.acquire_loc.file = sl_xstrdup(file);
        f.acquire_loc.line = acq_line;
        f.acquire_loc.col = 1;
    }
    f.message = sl_xstrdup("leaks");
    return f;
}

/* Apply to findings fs over file; returns the warnings (owned). */
static char *apply(sl_findings *fs, const char *file)
{
    sl_strbuf w = {0};
    sl_error err = {{0}};
    const char *files[] = {file};
    ck_assert_msg(sl_suppress_apply(fs, files, 1, &w, &err) == 0, "%s", err.msg);
    return sl_strbuf_detach(&w);
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p++)
        n++;
    return n;
}

START_TEST(same_line_and_line_above)
{
    char *dir = sl_test_tmpdir();
    char *src = sl_test_write(dir, "a.c",
                              "void f(void)\n"                                                /* 1 */
                              "{\n"                                                           /* 2 */
                              "    // sesslint: ignore[leak.session] the pool owns it\n"      /* 3 */
                              "    return;\n"                                                 /* 4 */
                              "    x(); /* sesslint: ignore[leak.connector] closed at exit */\n" /* 5 */
                              "\n"                                                            /* 6 */
                              "    // sesslint: ignore[leak.session] two lines above\n"       /* 7 */
                              "\n"                                                            /* 8 */
                              "    y();\n"                                                    /* 9 */
                              "}\n");
    sl_findings fs = {0};
    SL_VEC_PUSH(fs, mkf(src, 4, "leak.session", 0));   /* line above: suppressed */
    SL_VEC_PUSH(fs, mkf(src, 3, "leak.session", 0));   /* same line: suppressed */
    SL_VEC_PUSH(fs, mkf(src, 5, "leak.connector", 0)); /* same line, block comment */
    SL_VEC_PUSH(fs, mkf(src, 5, "leak.session", 0));   /* rule differs... */
    SL_VEC_PUSH(fs, mkf(src, 9, "leak.session", 0));   /* two lines below: not */
    char *w = apply(&fs, src);
    ck_assert(fs.v[0].suppressed);
    ck_assert_str_eq(fs.v[0].suppress_reason, "the pool owns it");
    ck_assert(fs.v[1].suppressed);
    ck_assert(fs.v[2].suppressed);
    ck_assert_str_eq(fs.v[2].suppress_reason, "closed at exit");
    /* ...but the line-3 comment is not above line 5. */
    ck_assert(!fs.v[3].suppressed);
    ck_assert_ptr_null(fs.v[3].suppress_reason);
    ck_assert(!fs.v[4].suppressed);
    /* Exactly one unused suppression: line 7, column of the comment. */
    char *want = sl_xasprintf("%s:7:5: warning: suppression matches no finding "
                              "[sesslint.unused-suppression]\n",
                              src);
    ck_assert_str_eq(w, want);
    free(want);
    free(w);
    sl_findings_free(&fs);
    free(src);
    rm_rf(dir);
    free(dir);
}
END_TEST

START_TEST(wildcards_and_lists)
{
    char *dir = sl_test_tmpdir();
    char *src = sl_test_write(dir, "b.c",
                              "// sesslint: ignore[*] generated\n"                           /* 1 */
                              "a();\n"                                                       /* 2 */
                              "// sesslint: ignore vendored code\n"                          /* 3 */
                              "b();\n"                                                       /* 4 */
                              "// sesslint: ignore[leak.*] any leak here\n"                  /* 5 */
                              "c();\n"                                                       /* 6 */
                              "/* sesslint: ignore[leak.session, leak.connector] both */\n" /* 7 */
                              "d();\n"                                                       /* 8 */
                              "// sesslint: ignore[leak.*] not release rules\n"              /* 9 */
                              "e();\n");                                                     /* 10 */
    sl_findings fs = {0};
    SL_VEC_PUSH(fs, mkf(src, 2, "release.partial", 0));
    SL_VEC_PUSH(fs, mkf(src, 4, "leak.credential", 0));
    SL_VEC_PUSH(fs, mkf(src, 6, "leak.resource", 0));
    SL_VEC_PUSH(fs, mkf(src, 8, "leak.session", 0));
    SL_VEC_PUSH(fs, mkf(src, 8, "leak.connector", 0));
    SL_VEC_PUSH(fs, mkf(src, 8, "leak.credential", 0));
    SL_VEC_PUSH(fs, mkf(src, 10, "release.partial", 0));
    char *w = apply(&fs, src);
    ck_assert(fs.v[0].suppressed);
    ck_assert_str_eq(fs.v[0].suppress_reason, "generated");
    ck_assert(fs.v[1].suppressed);
    ck_assert_str_eq(fs.v[1].suppress_reason, "vendored code");
    ck_assert(fs.v[2].suppressed);
    ck_assert(fs.v[3].suppressed);
    ck_assert(fs.v[4].suppressed);
    ck_assert_str_eq(fs.v[4].suppress_reason, "both");
    ck_assert(!fs.v[5].suppressed);
    ck_assert(!fs.v[6].suppressed);
    ck_assert_uint_eq(count(w, "unused-suppression"), 1);
    ck_assert_ptr_nonnull(strstr(w, ":9:1: warning: suppression matches no finding"));
    free(w);
    sl_findings_free(&fs);
    free(src);
    rm_rf(dir);
    free(dir);
}
END_TEST

START_TEST(missing_reason_warns_but_applies)
{
    char *dir = sl_test_tmpdir();
    char *src = sl_test_write(dir, "c.c",
                              "int x;\n"
                              "  h = open_it(); // sesslint: ignore[leak.session]\n"
                              "/* sesslint: ignore[leak.session] - */\n"
                              "z();\n");
    sl_findings fs = {0};
    SL_VEC_PUSH(fs, mkf(src, 2, "leak.session", 0));
    SL_VEC_PUSH(fs, mkf(src, 4, "leak.session", 0));
    char *w = apply(&fs, src);
    ck_assert(fs.v[0].suppressed);
    ck_assert_ptr_null(fs.v[0].suppress_reason);
    ck_assert(fs.v[1].suppressed);
    char *want = sl_xasprintf("%s:2:18: warning: suppression gives no reason; add one after the "
                              "rule list [sesslint.suppression-reason]\n"
                              "%s:3:1: warning: suppression gives no reason; add one after the "
                              "rule list [sesslint.suppression-reason]\n",
                              src, src);
    ck_assert_str_eq(w, want);
    free(want);
    free(w);
    sl_findings_free(&fs);
    free(src);
    rm_rf(dir);
    free(dir);
}
END_TEST

START_TEST(acquisition_line_and_block_comments)
{
    char *dir = sl_test_tmpdir();
    char *src = sl_test_write(dir, "d.c",
                              "void f(void) {\n"                                        /* 1 */
                              "    CURL *h = curl_easy_init(); // sesslint: ignore[leak.session] global\n" /* 2 */
                              "    use(h);\n"                                           /* 3 */
                              "}\n"                                                     /* 4 */
                              "/*\n"                                                    /* 5 */
                              " * Long comment.\n"                                      /* 6 */
                              " * sesslint: ignore[leak.connector] kept for reuse\n"    /* 7 */
                              " */\n"                                                   /* 8 */
                              "g();\n");                                                /* 9 */
    sl_findings fs = {0};
    SL_VEC_PUSH(fs, mkf(src, 4, "leak.session", 2));   /* reported at '}', acquired on 2 */
    SL_VEC_PUSH(fs, mkf(src, 8, "leak.connector", 0)); /* line after the marker's line */
    SL_VEC_PUSH(fs, mkf(src, 9, "leak.connector", 0)); /* two below the marker: not */
    char *w = apply(&fs, src);
    ck_assert(fs.v[0].suppressed);
    ck_assert_str_eq(fs.v[0].suppress_reason, "global");
    ck_assert(fs.v[1].suppressed);
    ck_assert_str_eq(fs.v[1].suppress_reason, "kept for reuse");
    ck_assert(!fs.v[2].suppressed);
    ck_assert_str_eq(w, "");
    free(w);
    sl_findings_free(&fs);
    free(src);
    rm_rf(dir);
    free(dir);
}
END_TEST

START_TEST(strings_and_malformed)
{
    char *dir = sl_test_tmpdir();
    char *src = sl_test_write(dir, "e.c",
                              "const char *s = \"// sesslint: ignore[*] not a comment\";\n" /* 1 */
                              "a();\n"                                                       /* 2 */
                              "char c = '\"'; // sesslint: ignore[leak.session reason\n"    /* 3 */
                              "b();\n"                                                       /* 4 */
                              "// sesslint: ignored word, not a suppression\n"               /* 5 */
                              "c();\n"                                                       /* 6 */
                              "// sesslint: ignore[leak.session,] trailing comma\n"          /* 7 */
                              "d();\n"                                                       /* 8 */
                              "/* unterminated \" quote in a comment */ // sesslint: ignore ok\n" /* 9 */
                              "e();\n");                                                     /* 10 */
    sl_findings fs = {0};
    SL_VEC_PUSH(fs, mkf(src, 2, "leak.session", 0));
    SL_VEC_PUSH(fs, mkf(src, 4, "leak.session", 0));
    SL_VEC_PUSH(fs, mkf(src, 6, "leak.session", 0));
    SL_VEC_PUSH(fs, mkf(src, 8, "leak.session", 0));
    SL_VEC_PUSH(fs, mkf(src, 10, "leak.session", 0));
    char *w = apply(&fs, src);
    ck_assert(!fs.v[0].suppressed);
    ck_assert(!fs.v[1].suppressed);
    ck_assert(!fs.v[2].suppressed);
    ck_assert(!fs.v[3].suppressed);
    ck_assert(fs.v[4].suppressed);
    ck_assert_str_eq(fs.v[4].suppress_reason, "ok");
    ck_assert_uint_eq(count(w, "[sesslint.bad-suppression]"), 2);
    ck_assert_ptr_nonnull(strstr(w, ":3:15: warning: malformed suppression (no ']' closes"));
    ck_assert_ptr_nonnull(strstr(w, ":7:1: warning: malformed suppression (empty rule name"));
    ck_assert_uint_eq(count(w, "unused-suppression"), 0);
    free(w);
    sl_findings_free(&fs);
    free(src);
    rm_rf(dir);
    free(dir);
}
END_TEST

/* Python: a # inside a string (one-quoted, triple-quoted over several
 * lines, with an escaped quote) is no comment, and the lines a
 * triple-quoted string spans still count. */
START_TEST(python_strings)
{
    char *dir = sl_test_tmpdir();
    char *src = sl_test_write(dir, "e.py",
                              "s = '# sesslint: ignore[*] not a comment'\n"     /* 1 */
                              "a()\n"                                          /* 2 */
                              "doc = \"\"\"\n"                                /* 3 */
                              "# sesslint: ignore[*] inside the docstring\n"   /* 4 */
                              "b()\n"                                          /* 5 */
                              "\"\"\"\n"                                      /* 6 */
                              "t = \"a \\\" # sesslint: ignore[*] still a string\"\n" /* 7 */
                              "c()\n"                                          /* 8 */
                              "# sesslint: ignore[leak.session] after them\n"  /* 9 */
                              "d()\n");                                        /* 10 */
    sl_findings fs = {0};
    SL_VEC_PUSH(fs, mkf(src, 2, "leak.session", 0));
    SL_VEC_PUSH(fs, mkf(src, 5, "leak.session", 0));
    SL_VEC_PUSH(fs, mkf(src, 8, "leak.session", 0));
    SL_VEC_PUSH(fs, mkf(src, 10, "leak.session", 0));
    char *w = apply(&fs, src);
    ck_assert(!fs.v[0].suppressed);
    ck_assert(!fs.v[1].suppressed);
    ck_assert(!fs.v[2].suppressed);
    ck_assert(fs.v[3].suppressed);
    ck_assert_str_eq(fs.v[3].suppress_reason, "after them");
    ck_assert_uint_eq(count(w, "unused-suppression"), 0);
    free(w);
    sl_findings_free(&fs);
    free(src);
    rm_rf(dir);
    free(dir);
}
END_TEST

START_TEST(files_and_errors)
{
    char *dir = sl_test_tmpdir();
    /* A file with a finding is scanned though not listed; a listed file
     * with no finding still reports its unused suppressions. */
    char *hdr = sl_test_write(dir, "inc/h.h", "// sesslint: ignore[leak.session] header\nx();\n");
    char *lone = sl_test_write(dir, "lone.c", "// sesslint: ignore[leak.session] stale\n");
    sl_findings fs = {0};
    SL_VEC_PUSH(fs, mkf(hdr, 2, "leak.session", 0));
    /* Already suppressed by triage: counts as a match, keeps its reason. */
    SL_VEC_PUSH(fs, mkf(hdr, 2, "leak.session", 0));
    fs.v[1].suppressed = true;
    fs.v[1].suppress_reason = sl_xstrdup("false-positive: triaged");
    free(fs.v[1].handle);
    fs.v[1].handle = sl_xstrdup("other");
    sl_strbuf w = {0};
    sl_error err;
    const char *files[] = {lone, lone};
    ck_assert_int_eq(sl_suppress_apply(&fs, files, 2, &w, &err), 0);
    ck_assert(fs.v[0].suppressed);
    ck_assert_str_eq(fs.v[0].suppress_reason, "header");
    ck_assert_str_eq(fs.v[1].suppress_reason, "false-positive: triaged");
    char *want = sl_xasprintf("%s:1:1: warning: suppression matches no finding "
                              "[sesslint.unused-suppression]\n",
                              lone);
    ck_assert_str_eq(w.s, want);
    free(want);
    sl_strbuf_release(&w);

    /* An unreadable file: -1, nothing changed, nothing appended. */
    sl_findings fs2 = {0};
    SL_VEC_PUSH(fs2, mkf(hdr, 2, "leak.session", 0));
    const char *bad[] = {"/nonexistent/x.c"};
    ck_assert_int_eq(sl_suppress_apply(&fs2, bad, 1, &w, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "/nonexistent/x.c"));
    ck_assert(!fs2.v[0].suppressed);
    ck_assert_uint_eq(w.len, 0);
    /* Warnings may be NULL. */
    ck_assert_int_eq(sl_suppress_apply(&fs2, NULL, 0, NULL, &err), 0);
    ck_assert(fs2.v[0].suppressed);

    sl_findings_free(&fs);
    sl_findings_free(&fs2);
    free(hdr);
    free(lone);
    rm_rf(dir);
    free(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("suppress");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, same_line_and_line_above);
    tcase_add_test(tc, wildcards_and_lists);
    tcase_add_test(tc, missing_reason_warns_but_applies);
    tcase_add_test(tc, acquisition_line_and_block_comments);
    tcase_add_test(tc, strings_and_malformed);
    tcase_add_test(tc, python_strings);
    tcase_add_test(tc, files_and_errors);
    suite_add_tcase(s, tc);
    return sl_test_run_suite(s);
}
