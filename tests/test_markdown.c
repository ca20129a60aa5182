/* Unit tests for the Markdown report (reports/markdown.c): table rows from
 * sl_markdown_finding_row, links with and without a repository URL,
 * escaping of cell text, and the whole document compared byte for byte. */
#define _GNU_SOURCE
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "findings.h"
#include "report.h"
#include "testutil.h"

#define ROOT "/work/proj"
#define REPO "https://github.com/org/proj"
#define COMMIT "0123456789abcdef"

/* A finding at ROOT/rel (or at rel when it is absolute). */
static sl_finding make(const char *rule, sl_kind kind, const char *rel, unsigned line,
                       const char *function, const char *handle, const char *message)
{
    sl_finding f = {0};
    char *file = rel[0] == '/' ? sl_xstrdup(rel) : sl_path_join(ROOT, rel);
    f.rule_id = sl_xstrdup(rule);
    f.kind = kind;
    sl_loc_set(&f.loc, file, line, 5);
    f.function = sl_xstrdup(function);
    f.handle = sl_xstrdup(handle);
    f.message = sl_xstrdup(message);
    free(file);
    return f;
}

/* The row for f (owned). */
static char *row(const sl_finding *f, const char *repo, const char *commit)
{
    sl_strbuf b = {0};
    sl_markdown_finding_row(&b, f, ROOT, repo, commit);
    return sl_strbuf_detach(&b);
}

static char *render(const sl_report_ctx *ctx, const char *repo)
{
    FILE *f = tmpfile();
    ck_assert_ptr_nonnull(f);
    sl_error err = {{0}};
    int rc = sl_report_markdown(f, ctx, repo, &err);
    ck_assert_msg(rc == 0, "writer failed: %s", err.msg);
    rewind(f);
    sl_strbuf b = {0};
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        sl_strbuf_add(&b, buf, n);
    fclose(f);
    sl_strbuf_add(&b, "", 0);
    return sl_strbuf_detach(&b);
}

START_TEST(md_row_with_link)
{
    sl_finding f = make("leak.session", SL_KIND_SESSION, "src/net.c", 42, "fetch_url", "h",
                        "curl handle 'h' is not cleaned up");
    char *r = row(&f, REPO, COMMIT);
    ck_assert_str_eq(r, "| leak.session | [src/net.c:42](" REPO "/blob/" COMMIT
                        "/src/net.c#L42) | `fetch_url` | `h` | curl handle 'h' is not cleaned "
                        "up |\n");
    free(r);
    /* a trailing slash on the URL is dropped; the path is percent-encoded
     * in the link and escaped in the text */
    sl_finding_release(&f);
    f = make("leak.connector", SL_KIND_CONNECTOR, "src/my dir/db_open.c", 7, "open_db", "db",
             "m");
    r = row(&f, REPO "/", COMMIT);
    ck_assert_str_eq(r, "| leak.connector | [src/my dir/db\\_open.c:7](" REPO "/blob/" COMMIT
                        "/src/my%20dir/db_open.c#L7) | `open_db` | `db` | m |\n");
    free(r);
    /* characters that would end the link or the cell are encoded in the
     * repository URL too */
    r = row(&f, "https://example.test/a(b)|c d", COMMIT);
    ck_assert_str_eq(r, "| leak.connector | [src/my dir/db\\_open.c:7](https://example.test/"
                        "a%28b%29%7Cc%20d/blob/" COMMIT "/src/my%20dir/db_open.c#L7) | "
                        "`open_db` | `db` | m |\n");
    free(r);
    sl_finding_release(&f);
}
END_TEST

START_TEST(md_row_without_link)
{
    sl_finding f = make("leak.session", SL_KIND_SESSION, "src/net.c", 42, "fetch_url", "h",
                        "msg");
    const char *want = "| leak.session | src/net.c:42 | `fetch_url` | `h` | msg |\n";
    char *r = row(&f, NULL, COMMIT); /* no repository URL */
    ck_assert_str_eq(r, want);
    free(r);
    r = row(&f, REPO, NULL); /* no commit to link to */
    ck_assert_str_eq(r, want);
    free(r);
    r = row(&f, "", COMMIT);
    ck_assert_str_eq(r, want);
    free(r);
    sl_finding_release(&f);
    /* a file outside the root keeps its absolute path and is not linked */
    f = make("leak.resource", SL_KIND_RESOURCE, "/usr/include/x.h", 3, NULL, NULL, "msg");
    r = row(&f, REPO, COMMIT);
    ck_assert_str_eq(r, "| leak.resource | /usr/include/x.h:3 |  |  | msg |\n");
    free(r);
    sl_finding_release(&f);
}
END_TEST

START_TEST(md_row_escaping)
{
    sl_finding f = make("leak.session", SL_KIND_SESSION, "src/net.c", 1, "open|db", "a`b",
                        "h | `rc` < 0 & *x* _y_ [z](w) \\ ~q~ !\nnext\r\tline \xff\xc3");
    char *r = row(&f, NULL, NULL);
    ck_assert_str_eq(r, "| leak.session | src/net.c:1 | `open\\|db` | ``a`b`` | "
                        "h \\| \\`rc\\` \\< 0 \\& \\*x\\* \\_y\\_ \\[z\\](w) \\\\ \\~q\\~ \\! "
                        "next  line \xEF\xBF\xBD\xEF\xBF\xBD |\n");
    free(r);
    sl_finding_release(&f);
    /* a handle that starts or ends with a backtick is padded inside a
     * longer fence; a backtick run of two needs a fence of three */
    f = make("leak.session", SL_KIND_SESSION, "src/net.c", 1, "x``y", "`h", "m");
    r = row(&f, NULL, NULL);
    ck_assert_str_eq(r, "| leak.session | src/net.c:1 | ```x``y``` | `` `h `` | m |\n");
    free(r);
    sl_finding_release(&f);
    /* every row has exactly six unescaped pipes whatever the input */
    f = make("a|b", SL_KIND_SESSION, "src/p|q.c", 1, "|", "||", "|||");
    r = row(&f, REPO, COMMIT);
    size_t pipes = 0;
    for (size_t i = 0; r[i]; i++)
        if (r[i] == '|' && (i == 0 || r[i - 1] != '\\'))
            pipes++;
    ck_assert_msg(pipes == 6, "row: %s", r);
    ck_assert_ptr_nonnull(strstr(r, "/src/p%7Cq.c#L1)"));
    free(r);
    sl_finding_release(&f);
}
END_TEST

START_TEST(md_table_head)
{
    sl_strbuf b = {0};
    sl_markdown_table_head(&b);
    ck_assert_str_eq(b.s, "| Rule | Location | Function | Handle | Message |\n"
                          "|---|---|---|---|---|\n");
    sl_strbuf_release(&b);
}
END_TEST

START_TEST(md_document)
{
    sl_findings fs = {0};
    SL_VEC_PUSH(fs, make("leak.session", SL_KIND_SESSION, "src/net.c", 42, "fetch_url", "h",
                         "curl handle 'h' is not cleaned up"));
    SL_VEC_PUSH(fs, make("leak.connector", SL_KIND_CONNECTOR, "src/db.c", 20, "open_db", "db",
                         "connection 'db' is not closed"));
    SL_VEC_PUSH(fs, make("leak.session", SL_KIND_SESSION, "src/db.c", 30, "other", "s",
                         "second session"));
    SL_VEC_PUSH(fs, make("leak.credential", SL_KIND_CREDENTIAL, "src/net.c", 80, "login",
                         "cred", "suppressed one"));
    fs.v[3].suppressed = true;
    sl_findings_finalize(&fs, ROOT);
    sl_report_ctx ctx = {.findings = &fs, .root = ROOT, .tool_version = "0.1.0",
                         .commit = COMMIT};
    char *doc = render(&ctx, REPO);
    ck_assert_str_eq(
        doc, "## sesslint: 3 findings\n"
             "\n"
             "**3** findings (2 session, 1 connector) in 2 files; 1 suppressed. Commit "
             "`" COMMIT "`.\n"
             "\n"
             "| Rule | Location | Function | Handle | Message |\n"
             "|---|---|---|---|---|\n"
             "| leak.connector | [src/db.c:20](" REPO "/blob/" COMMIT "/src/db.c#L20) | "
             "`open_db` | `db` | connection 'db' is not closed |\n"
             "| leak.session | [src/db.c:30](" REPO "/blob/" COMMIT "/src/db.c#L30) | "
             "`other` | `s` | second session |\n"
             "| leak.session | [src/net.c:42](" REPO "/blob/" COMMIT "/src/net.c#L42) | "
             "`fetch_url` | `h` | curl handle 'h' is not cleaned up |\n");
    free(doc);
    /* without a URL (or without a commit) the same table, unlinked */
    ctx.commit = NULL;
    doc = render(&ctx, REPO);
    ck_assert_ptr_nonnull(strstr(doc, "in 2 files; 1 suppressed.\n\n| Rule |"));
    ck_assert_ptr_nonnull(strstr(doc, "\n| leak.connector | src/db.c:20 | `open_db` |"));
    ck_assert_ptr_null(strstr(doc, "]("));
    free(doc);
    sl_findings_free(&fs);
}
END_TEST

START_TEST(md_no_findings)
{
    sl_findings fs = {0};
    sl_report_ctx ctx = {.findings = &fs, .root = ROOT, .tool_version = "0.1.0"};
    char *doc = render(&ctx, REPO);
    ck_assert_str_eq(doc, "## sesslint: no findings\n\nNo unreleased handles found.\n");
    free(doc);
    SL_VEC_PUSH(fs, make("leak.session", SL_KIND_SESSION, "a.c", 1, "f", "h", "m"));
    fs.v[0].suppressed = true;
    ctx.commit = "abc";
    doc = render(&ctx, NULL);
    ck_assert_str_eq(doc, "## sesslint: no findings\n\nNo unreleased handles found; 1 "
                          "suppressed. Commit `abc`.\n");
    free(doc);
    sl_findings_free(&fs);
}
END_TEST

START_TEST(md_many_rows)
{
    sl_findings fs = {0};
    for (unsigned i = 1; i <= 105; i++)
        SL_VEC_PUSH(fs, make("leak.resource", SL_KIND_RESOURCE, "a.c", i, "f", "h", "m"));
    sl_findings_finalize(&fs, ROOT);
    sl_report_ctx ctx = {.findings = &fs, .root = ROOT, .tool_version = "0.1.0"};
    char *doc = render(&ctx, NULL);
    size_t rows = 0;
    for (const char *p = strstr(doc, "\n| leak.resource | "); p;
         p = strstr(p + 1, "\n| leak.resource | "))
        rows++;
    ck_assert_uint_eq(rows, 100);
    ck_assert_ptr_nonnull(strstr(doc, "| a.c:100 |"));
    ck_assert_ptr_null(strstr(doc, "| a.c:101 |"));
    ck_assert(sl_str_ends_with(doc, "|\n\n5 more not shown; see the full report.\n"));
    ck_assert_ptr_nonnull(strstr(doc, "**105** findings (105 resource) in 1 file."));
    free(doc);
    sl_findings_free(&fs);
}
END_TEST

START_TEST(md_write_error_names_output)
{
    FILE *full = fopen("/dev/full", "w");
    if (!full)
        return; /* no /dev/full on this system: nothing to test against */
    sl_findings fs = {0};
    SL_VEC_PUSH(fs, make("leak.session", SL_KIND_SESSION, "a.c", 1, "f", "h", "m"));
    sl_report_ctx ctx = {.findings = &fs, .root = ROOT, .tool_version = "0.1.0",
                         .output_name = "comment.md"};
    sl_error err = {{0}};
    ck_assert_int_eq(sl_report_markdown(full, &ctx, NULL, &err), -1);
    ck_assert_msg(strstr(err.msg, "comment.md") != NULL, "error: %s", err.msg);
    fclose(full);
    sl_findings_free(&fs);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("markdown");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, md_row_with_link);
    tcase_add_test(tc, md_row_without_link);
    tcase_add_test(tc, md_row_escaping);
    tcase_add_test(tc, md_table_head);
    tcase_add_test(tc, md_document);
    tcase_add_test(tc, md_no_findings);
    tcase_add_test(tc, md_many_rows);
    tcase_add_test(tc, md_write_error_names_output);
    suite_add_tcase(s, tc);
    return sl_test_run_suite(s);
}
