/* Unit tests for findings.c (order, ordinals, fingerprints, lifecycle) and
 * the rule documentation table (reports/ruledocs.c). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "findings.h"
#include "report.h"
#include "testutil.h"

typedef struct spec {
    const char *rule, *file;
    unsigned line, col;
    const char *function, *resource, *handle, *acquire_fn;
    unsigned acquire_line;
} spec;

static sl_finding make(spec s)
{
    sl_finding f = {0};
    f.rule_id = sl_xstrdup(s.rule);
    f.kind = SL_KIND_SESSION;
    f.resource = sl_xstrdup(s.resource);
    f.library = sl_xstrdup("libcurl");
    sl_loc_set(&f.loc, s.file, s.line, s.col);
    f.function = sl_xstrdup(s.function);
    f.handle = sl_xstrdup(s.handle);
    f.acquire_fn = sl_xstrdup(s.acquire_fn);
    sl_loc_set(&f.acquire_loc, s.file, s.acquire_line, 12);
    f.message = sl_xasprintf("'%s' leaks", s.handle);
    sl_finding_add_step(&f, SL_STEP_ACQUIRE, s.file, s.acquire_line, 12,
                        "'%s' acquired by %s()", s.handle, s.acquire_fn);
    sl_finding_add_step(&f, SL_STEP_LEAK, s.file, s.line, s.col,
                        "'%s' leaves the function here, still open", s.handle);
    return f;
}

/* The fingerprint s gets when it is the only finding, under root. */
static void fingerprint_of(spec s, const char *root, char out[65])
{
    sl_findings fs = {0};
    SL_VEC_PUSH(fs, make(s));
    sl_findings_finalize(&fs, root);
    ck_assert_int_eq(strlen(fs.v[0].fingerprint), 64);
    memcpy(out, fs.v[0].fingerprint, 65);
    sl_findings_free(&fs);
}

static const spec base = {"leak.session", "/proj/src/net.c", 40, 5, "fetch", "curl.easy",
                          "h", "curl_easy_init", 30};

START_TEST(sort_order)
{
    spec in[] = {
        {"leak.session", "/proj/src/b.c", 10, 1, "f", "curl.easy", "h", "curl_easy_init", 5},
        {"leak.session", "/proj/src/a.c", 20, 1, "f", "curl.easy", "h", "curl_easy_init", 5},
        {"leak.session", "/proj/src/a.c", 10, 9, "f", "curl.easy", "h", "curl_easy_init", 5},
        {"leak.session", "/proj/src/a.c", 10, 3, "f", "curl.easy", "z", "curl_easy_init", 5},
        {"leak.connector", "/proj/src/a.c", 10, 3, "f", "curl.easy", "z", "curl_easy_init", 5},
        {"leak.session", "/proj/src/a.c", 10, 3, "f", "curl.easy", "a", "curl_easy_init", 7},
        {"leak.session", "/proj/src/a.c", 10, 3, "f", "curl.easy", "a", "curl_easy_init", 6},
    };
    /* expected order as indexes into in[] */
    const int want[] = {4, 6, 5, 3, 2, 1, 0};
    size_t n = sizeof in / sizeof in[0];
    sl_findings fwd = {0}, rev = {0};
    for (size_t i = 0; i < n; i++) {
        SL_VEC_PUSH(fwd, make(in[i]));
        SL_VEC_PUSH(rev, make(in[n - 1 - i]));
    }
    sl_findings_finalize(&fwd, "/proj");
    sl_findings_finalize(&rev, "/proj");
    for (size_t i = 0; i < n; i++) {
        const spec *w = &in[want[i]];
        ck_assert_str_eq(fwd.v[i].loc.file, w->file);
        ck_assert_uint_eq(fwd.v[i].loc.line, w->line);
        ck_assert_uint_eq(fwd.v[i].loc.col, w->col);
        ck_assert_str_eq(fwd.v[i].rule_id, w->rule);
        ck_assert_str_eq(fwd.v[i].handle, w->handle);
        ck_assert_uint_eq(fwd.v[i].acquire_loc.line, w->acquire_line);
        /* the input order does not matter */
        ck_assert_str_eq(fwd.v[i].fingerprint, rev.v[i].fingerprint);
        ck_assert_uint_eq(rev.v[i].loc.line, w->line);
        ck_assert_str_eq(rev.v[i].handle, w->handle);
    }
    sl_findings_free(&fwd);
    sl_findings_free(&rev);
}
END_TEST

START_TEST(ordinals)
{
    sl_findings fs = {0};
    spec s = base;
    s.line = 90;
    SL_VEC_PUSH(fs, make(s)); /* third of its identity in sorted order */
    s.line = 50;
    SL_VEC_PUSH(fs, make(s)); /* second */
    s.handle = "other";
    SL_VEC_PUSH(fs, make(s)); /* an identity of its own */
    s.handle = "h";
    s.line = 41;
    SL_VEC_PUSH(fs, make(s)); /* first */
    sl_findings_finalize(&fs, "/proj");
    ck_assert_uint_eq(fs.n, 4);
    ck_assert_uint_eq(fs.v[0].loc.line, 41);
    ck_assert_int_eq(fs.v[0].ordinal, 0);
    ck_assert_uint_eq(fs.v[1].loc.line, 50);
    ck_assert_str_eq(fs.v[1].handle, "h");
    ck_assert_int_eq(fs.v[1].ordinal, 1);
    ck_assert_str_eq(fs.v[2].handle, "other");
    ck_assert_int_eq(fs.v[2].ordinal, 0);
    ck_assert_uint_eq(fs.v[3].loc.line, 90);
    ck_assert_int_eq(fs.v[3].ordinal, 2);
    /* equal identities still get distinct fingerprints */
    ck_assert_str_ne(fs.v[0].fingerprint, fs.v[1].fingerprint);
    ck_assert_str_ne(fs.v[1].fingerprint, fs.v[3].fingerprint);
    ck_assert_str_ne(fs.v[0].fingerprint, fs.v[3].fingerprint);

    /* Lines added above all of them keep every fingerprint. */
    char before[4][65];
    for (int i = 0; i < 4; i++)
        memcpy(before[i], fs.v[i].fingerprint, 65);
    for (size_t i = 0; i < fs.n; i++) {
        fs.v[i].loc.line += 7;
        fs.v[i].acquire_loc.line += 7;
    }
    sl_findings_finalize(&fs, "/proj");
    for (int i = 0; i < 4; i++)
        ck_assert_str_eq(fs.v[i].fingerprint, before[i]);
    sl_findings_free(&fs);
}
END_TEST

START_TEST(identity_string)
{
    sl_findings fs = {0};
    spec s = base;
    s.handle = "conn -> curl";
    SL_VEC_PUSH(fs, make(s));
    sl_findings_finalize(&fs, "/proj/");
    char *id = sl_finding_identity(&fs.v[0], "/proj");
    ck_assert_str_eq(id, "sesslint-fingerprint-v1\n"
                         "rule:12:leak.session\n"
                         "file:9:src/net.c\n"
                         "function:5:fetch\n"
                         "resource:9:curl.easy\n"
                         "handle:10:conn->curl\n"
                         "acquire:14:curl_easy_init\n"
                         "ordinal:0\n");
    char hex[65];
    sl_sha256_hex(id, strlen(id), hex);
    ck_assert_str_eq(hex, fs.v[0].fingerprint);
    free(id);

    /* NULL fields are empty values */
    free(fs.v[0].handle);
    fs.v[0].handle = NULL;
    id = sl_finding_identity(&fs.v[0], "/proj");
    ck_assert_ptr_nonnull(strstr(id, "\nhandle:0:\nacquire:"));
    free(id);
    sl_findings_free(&fs);
}
END_TEST

START_TEST(fingerprint_stable)
{
    char ref[65], fp[65];
    fingerprint_of(base, "/proj", ref);

    spec s = base; /* lines added above */
    s.line += 12;
    s.acquire_line += 12;
    fingerprint_of(s, "/proj", fp);
    ck_assert_str_eq(fp, ref);

    s = base; /* function moved further down the file */
    s.line = 400;
    s.acquire_line = 390;
    fingerprint_of(s, "/proj", fp);
    ck_assert_str_eq(fp, ref);

    s = base; /* re-indented: columns change, spacing inside the handle too */
    s.col = 17;
    s.handle = " h ";
    fingerprint_of(s, "/proj", fp);
    ck_assert_str_eq(fp, ref);

    /* another part of the function changed: message and path differ */
    sl_findings fs = {0};
    SL_VEC_PUSH(fs, make(base));
    free(fs.v[0].message);
    fs.v[0].message = sl_xstrdup("a different message");
    sl_finding_add_step(&fs.v[0], SL_STEP_BRANCH, "/proj/src/net.c", 33, 9,
                        "taking the %s branch of '%s'", "false", "rc == 0");
    sl_findings_finalize(&fs, "/proj");
    ck_assert_str_eq(fs.v[0].fingerprint, ref);
    sl_findings_free(&fs);

    /* another checkout at a different root, same relative path */
    s = base;
    s.file = "/home/ci/work/checkout/src/net.c";
    fingerprint_of(s, "/home/ci/work/checkout/", fp);
    ck_assert_str_eq(fp, ref);
}
END_TEST

START_TEST(fingerprint_changes)
{
    char ref[65], fp[65];
    fingerprint_of(base, "/proj", ref);
    spec variants[6];
    for (int i = 0; i < 6; i++)
        variants[i] = base;
    variants[0].handle = "h2";
    variants[1].acquire_fn = "curl_easy_duphandle";
    variants[2].function = "fetch_all";
    variants[3].rule = "leak.resource";
    variants[4].file = "/proj/src/net2.c";
    variants[5].resource = "curl.multi";
    for (int i = 0; i < 6; i++) {
        fingerprint_of(variants[i], "/proj", fp);
        ck_assert_msg(strcmp(fp, ref) != 0, "variant %d kept the fingerprint", i);
    }
    /* the same absolute file under another root is another relative path */
    fingerprint_of(base, "/proj/src", fp);
    ck_assert_str_ne(fp, ref);
}
END_TEST

START_TEST(lifecycle)
{
    sl_finding f = {0};
    sl_loc_set(&f.loc, "/a/b.c", 3, 4);
    sl_loc_set(&f.loc, f.loc.file, 5, 6); /* setting from its own file */
    ck_assert_str_eq(f.loc.file, "/a/b.c");
    ck_assert_uint_eq(f.loc.line, 5);
    ck_assert_uint_eq(f.loc.col, 6);
    sl_finding_add_step(&f, SL_STEP_ALIAS, "/a/b.c", 7, 1, "'%s' copied into '%s' (%d)", "h",
                        "conn", 2);
    ck_assert_uint_eq(f.steps.n, 1);
    ck_assert_str_eq(f.steps.v[0].msg, "'h' copied into 'conn' (2)");
    ck_assert_int_eq(f.steps.v[0].kind, SL_STEP_ALIAS);
    ck_assert_uint_eq(f.steps.v[0].loc.line, 7);
    f.suppress_reason = sl_xstrdup("on purpose");
    sl_finding_release(&f);
    ck_assert_ptr_null(f.loc.file);
    ck_assert_uint_eq(f.steps.n, 0);

    sl_findings a = {0}, b = {0};
    SL_VEC_PUSH(a, make(base));
    SL_VEC_PUSH(b, make(base));
    SL_VEC_PUSH(b, make(base));
    sl_findings_take(&a, &b);
    ck_assert_uint_eq(a.n, 3);
    ck_assert_uint_eq(b.n, 0);
    ck_assert_ptr_null(b.v);
    sl_findings_free(&a);
    ck_assert_uint_eq(a.n, 0);
    sl_findings_finalize(&a, "/proj"); /* empty list is fine */

    sl_tu_results tus = {0};
    sl_tu_result t = {.file = sl_xstrdup("/a/b.c"), .status = SL_TU_FAILED,
                      .message = sl_xstrdup("boom")};
    SL_VEC_PUSH(tus, t);
    sl_tu_result t2 = {.file = sl_xstrdup("/a/c.c")};
    SL_VEC_PUSH(tus, t2);
    sl_tu_results_free(&tus);
    ck_assert_uint_eq(tus.n, 0);

    ck_assert_str_eq(sl_step_kind_name(SL_STEP_ACQUIRE), "acquire");
    ck_assert_str_eq(sl_step_kind_name(SL_STEP_BRANCH), "branch");
    ck_assert_str_eq(sl_step_kind_name(SL_STEP_ALIAS), "alias");
    ck_assert_str_eq(sl_step_kind_name(SL_STEP_LEAK), "leak");
    ck_assert_str_eq(sl_step_kind_name(SL_STEP_NOTE), "note");
}
END_TEST

START_TEST(rule_docs)
{
    const char *ids[] = {"leak.session", "leak.credential", "leak.connector", "leak.resource",
                         "leak.memory", "release.partial", "release.mismatch", "leak.exit",
                         "leak.exception"};
    ck_assert_uint_eq(sl_rule_docs_count, 9);
    for (size_t i = 0; i < 9; i++) {
        const sl_rule_doc *d = sl_rule_doc_find(ids[i]);
        ck_assert_msg(d != NULL, "no doc for %s", ids[i]);
        ck_assert_int_eq(sl_rule_doc_index(ids[i]), (int)(d - sl_rule_docs));
        ck_assert(strlen(d->short_desc) > 10);
        ck_assert(strlen(d->full_desc) > strlen(d->short_desc));
        char *sup = sl_xasprintf("// sesslint: ignore[%s] reason", ids[i]);
        ck_assert_msg(strstr(d->help, sup) != NULL, "help of %s lacks '%s'", ids[i], sup);
        free(sup);
        sup = sl_xasprintf("# sesslint: ignore[%s] reason", ids[i]);
        ck_assert_msg(strstr(d->help, sup) != NULL, "help of %s lacks '%s'", ids[i], sup);
        free(sup);
        char *end = NULL;
        double sev = strtod(d->security_severity, &end);
        ck_assert(end && *end == 0 && sev > 0.0 && sev <= 10.0);
        ck_assert_ptr_nonnull(d->tags[0]);
    }
    /* Only leak.exit is a note; every other rule keeps the default level. */
    ck_assert_str_eq(sl_rule_doc_find("leak.exit")->level, "note");
    ck_assert_ptr_null(sl_rule_doc_find("leak.session")->level);
    ck_assert_ptr_null(sl_rule_doc_find("leak.nothing"));
    ck_assert_int_eq(sl_rule_doc_index(NULL), -1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("findings");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, sort_order);
    tcase_add_test(tc, ordinals);
    tcase_add_test(tc, identity_string);
    tcase_add_test(tc, fingerprint_stable);
    tcase_add_test(tc, fingerprint_changes);
    tcase_add_test(tc, lifecycle);
    tcase_add_test(tc, rule_docs);
    suite_add_tcase(s, tc);
    return sl_test_run_suite(s);
}
