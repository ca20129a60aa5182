/* Unit tests for the HTML report (reports/html.c): findings are built in
 * memory over source files written to a temporary directory, the page is
 * rendered into a temporary FILE and checked as text: every finding, step
 * badge and shown line is there, the source is escaped, the page is
 * self-contained, well nested and valid UTF-8, and a missing or changed
 * source file gives a note.  The browser side is tests/html_browser.sh. */
#define _GNU_SOURCE
#include <check.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "findings.h"
#include "report.h"
#include "testutil.h"

/* ---- fixture ---- */

/* src/net.c: a function whose header spans two lines (GNU style), a
 * helper before it and one after, and `<`/`&` in the code. */
static const char net_c[] =
    "/* net.c: fixture for the HTML report */\n" /* 1 */
    "#include <curl/curl.h>\n"                   /* 2 */
    "\n"                                         /* 3 */
    "static int helper(int x)\n"                 /* 4 */
    "{\n"                                        /* 5 */
    "    return x + 1;\n"                        /* 6 */
    "}\n"                                        /* 7 */
    "\n"                                         /* 8 */
    "static int\n"                               /* 9 */
    "fetch_url(const char *url)\n"               /* 10 */
    "{\n"                                        /* 11 */
    "    CURL *h = curl_easy_init();\n"          /* 12 */
    "    int rc = helper(1);\n"                  /* 13 */
    "    if (rc < 0 && h)\n"                     /* 14 */
    "        return -1;\n"                       /* 15 */
    "    curl_easy_setopt(h, CURLOPT_URL, url);\n" /* 16 */
    "    return 0;\n"                            /* 17 */
    "}\n"                                        /* 18 */
    "\n"                                         /* 19 */
    "int after(void)\n"                          /* 20 */
    "{\n"                                        /* 21 */
    "    void *c = mk_conn();\n"                 /* 22 */
    "    return c != 0;\n";                      /* 23 */

static const char helper_h[] =
    "/* helper.h */\n"                                  /* 1 */
    "#define CONN_OK 1\n"                               /* 2 */
    "static void *mk_conn(void) { return open_conn(); }\n"; /* 3 */

/* src/odd.c: CRLF line ends, a byte that is not UTF-8, a NUL, a C1
 * control, an escape character and a tab; 3 lines. */
static const char odd_c[] = "int odd(void)\r\n{ char *s = \"\xff\x00\xc2\x85\x1b\tz\"; }\r\n"
                            "/* \xc3\xa9t\xc3\xa9 */\r\n";

typedef struct fixture {
    char *root; /* temporary project root (owned) */
    sl_findings fs;
    sl_report_ctx ctx;
} fixture;

static char *under(const fixture *fx, const char *rel)
{
    return sl_path_join(fx->root, rel);
}

static sl_finding *add_finding(fixture *fx, const char *rule, sl_kind kind, const char *rel,
                               unsigned line, const char *function, const char *handle,
                               const char *message)
{
    char *file = under(fx, rel);
    sl_finding f = {0};
    f.rule_id = sl_xstrdup(rule);
    f.kind = kind;
    f.resource = sl_xstrdup("curl.easy");
    f.library = sl_xstrdup("libcurl");
    sl_loc_set(&f.loc, file, line, 5);
    f.function = sl_xstrdup(function);
    f.handle = sl_xstrdup(handle);
    f.acquire_fn = sl_xstrdup("curl_easy_init");
    f.message = sl_xstrdup(message);
    SL_VEC_PUSH(fx->fs, f);
    free(file);
    return &fx->fs.v[fx->fs.n - 1];
}

static void step(fixture *fx, sl_finding *f, sl_step_kind kind, const char *rel, unsigned line,
                 const char *msg)
{
    char *file = under(fx, rel);
    sl_finding_add_step(f, kind, file, line, 3, "%s", msg);
    if (kind == SL_STEP_ACQUIRE)
        sl_loc_set(&f->acquire_loc, file, line, 3);
    free(file);
}

/* After sorting (by file, then line): F1 src/gone.c (file missing), F2
 * src/net.c:15 (fetch_url), F3 src/net.c:23 (a function the page cannot
 * find, one step in src/helper.h), F4 src/odd.c (odd bytes, a step past
 * the end of the file), S1 src/net.c:6 (suppressed). */
static void fixture_init(fixture *fx)
{
    memset(fx, 0, sizeof *fx);
    char *tmp = sl_test_tmpdir();
    fx->root = sl_path_absolute(tmp);
    free(tmp);
    free(sl_test_write(fx->root, "src/net.c", net_c));
    free(sl_test_write(fx->root, "src/helper.h", helper_h));
    char *odd = under(fx, "src/odd.c");
    FILE *o = fopen(odd, "wb");
    ck_assert_ptr_nonnull(o);
    fwrite(odd_c, 1, sizeof odd_c - 1, o);
    fclose(o);
    free(odd);

    sl_finding *f = add_finding(fx, "leak.session", SL_KIND_SESSION, "src/net.c", 15,
                                "fetch_url", "h",
                                "curl handle 'h' is not cleaned up when rc < 0 && h");
    step(fx, f, SL_STEP_ACQUIRE, "src/net.c", 12, "'h' acquired by curl_easy_init()");
    step(fx, f, SL_STEP_BRANCH, "src/net.c", 14, "taking the true branch of 'rc < 0 && h'");
    step(fx, f, SL_STEP_LEAK, "src/net.c", 15, "'h' leaves the function here, still open");

    f = add_finding(fx, "leak.connector", SL_KIND_CONNECTOR, "src/net.c", 23, "mystery", "c",
                    "connection 'c' from mk_conn() is not closed");
    step(fx, f, SL_STEP_ACQUIRE, "src/helper.h", 3, "'c' acquired by open_conn()");
    step(fx, f, SL_STEP_ALIAS, "src/net.c", 22, "returned into 'c'");
    step(fx, f, SL_STEP_LEAK, "src/net.c", 23, "'c' leaves the function here");

    f = add_finding(fx, "leak.resource", SL_KIND_RESOURCE, "src/gone.c", 7, NULL, NULL,
                    "a handle in a file that was deleted");
    step(fx, f, SL_STEP_ACQUIRE, "src/gone.c", 3, "acquired");
    step(fx, f, SL_STEP_LEAK, "src/gone.c", 7, "leaks");

    f = add_finding(fx, "release.partial", SL_KIND_RESOURCE, "src/odd.c", 40, "odd", "s",
                    "<script>alert(\"x\")</script> & 'q' \xff");
    step(fx, f, SL_STEP_ACQUIRE, "src/odd.c", 2, "acquired \x01 here");
    step(fx, f, SL_STEP_NOTE, "src/odd.c", 2, "a note on the same line");
    step(fx, f, SL_STEP_LEAK, "src/odd.c", 40, "leaks past the end");

    f = add_finding(fx, "leak.session", SL_KIND_SESSION, "src/net.c", 6, "helper", "x",
                    "suppressed leak of 'x'");
    step(fx, f, SL_STEP_ACQUIRE, "src/net.c", 5, "'x' acquired");
    step(fx, f, SL_STEP_LEAK, "src/net.c", 6, "'x' leaves");
    f->suppressed = true;
    f->suppress_reason = sl_xstrdup("owned by <the pool>");

    sl_findings_finalize(&fx->fs, fx->root);
    fx->ctx = (sl_report_ctx){.findings = &fx->fs, .root = fx->root, .tool_version = "0.1.0",
                              .commit = "0123456789abcdef"};
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void fixture_free(fixture *fx)
{
    sl_findings_free(&fx->fs);
    nftw(fx->root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(fx->root);
}

/* Render the page; returns it (owned). */
static char *render(const sl_report_ctx *ctx, size_t *len)
{
    FILE *f = tmpfile();
    ck_assert_ptr_nonnull(f);
    sl_error err = {{0}};
    int rc = sl_report_html(f, ctx, &err);
    ck_assert_msg(rc == 0, "writer failed: %s", err.msg);
    rewind(f);
    sl_strbuf b = {0};
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        sl_strbuf_add(&b, buf, n);
    fclose(f);
    sl_strbuf_add(&b, "", 0);
    if (len)
        *len = b.len;
    return sl_strbuf_detach(&b);
}

#define HAS(page, s) ck_assert_msg(strstr(page, s) != NULL, "missing from the page: %s", s)
#define HASNT(page, s) ck_assert_msg(strstr(page, s) == NULL, "unexpected in the page: %s", s)

static size_t count(const char *page, const char *s)
{
    size_t n = 0;
    for (const char *p = strstr(page, s); p; p = strstr(p + 1, s))
        n++;
    return n;
}

/* The part of page from the element with this id to the end of the
 * section that holds it (owned). */
static char *section(const char *page, const char *id)
{
    char *key = sl_xasprintf("<section class=\"finding\" id=\"%s\"", id);
    const char *a = strstr(page, key);
    ck_assert_msg(a != NULL, "no section %s", id);
    const char *b = strstr(a, "</section>");
    ck_assert_ptr_nonnull(b);
    free(key);
    return sl_xstrndup(a, (size_t)(b - a));
}

/* Opening tags "<tag" (followed by a blank or '>') equal closing tags. */
static void balanced(const char *page, const char *tag)
{
    char *open = sl_xasprintf("<%s", tag), *close = sl_xasprintf("</%s>", tag);
    size_t no = 0, len = strlen(open);
    for (const char *p = strstr(page, open); p; p = strstr(p + 1, open))
        if (p[len] == ' ' || p[len] == '>')
            no++;
    ck_assert_msg(no == count(page, close), "<%s>: %zu opened, %zu closed", tag, no,
                  count(page, close));
    ck_assert_msg(no > 0 || strcmp(tag, "details") == 0, "no <%s> at all", tag);
    free(open);
    free(close);
}

/* Every byte sequence is valid UTF-8, and no C0 control other than tab
 * and line feed appears. */
static void valid_utf8(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned char c = p[i];
        size_t k = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
                                : (c & 0xF8) == 0xF0 ? 4 : 0;
        ck_assert_msg(k > 0 && i + k <= n, "invalid UTF-8 at byte %zu", i);
        ck_assert_msg(!(k == 2 && c < 0xC2), "overlong at byte %zu", i);
        for (size_t j = 1; j < k; j++)
            ck_assert_msg((p[i + j] & 0xC0) == 0x80, "invalid UTF-8 at byte %zu", i);
        ck_assert_msg(k > 1 || c >= 0x20 || c == '\t' || c == '\n', "control %u at %zu", c, i);
        i += k;
    }
}

/* ---- tests ---- */

START_TEST(html_every_finding_and_step)
{
    fixture fx;
    fixture_init(&fx);
    char *page = render(&fx.ctx, NULL);
    ck_assert(strncmp(page, "<!DOCTYPE html>\n<html lang=\"en\">", 32) == 0);
    ck_assert(sl_str_ends_with(page, "</html>\n"));
    /* one section per finding, in report order, suppressed ones last */
    const char *ids[] = {"F1", "F2", "F3", "F4", "S1"};
    const char *prev = page;
    for (size_t i = 0; i < 5; i++) {
        char *key = sl_xasprintf("<section class=\"finding\" id=\"%s\"", ids[i]);
        const char *at = strstr(page, key);
        ck_assert_msg(at && at > prev, "section %s missing or out of order", ids[i]);
        prev = at;
        free(key);
    }
    ck_assert_uint_eq(count(page, "<section class=\"finding\""), 5);
    /* every finding: its message, fingerprint and numbered steps */
    size_t ns = 0, nu = 0;
    for (size_t i = 0; i < fx.fs.n; i++) {
        const sl_finding *f = &fx.fs.v[i];
        char id[8];
        snprintf(id, sizeof id, "%c%zu", f->suppressed ? 'S' : 'F', f->suppressed ? ++ns : ++nu);
        char *sec = section(page, id);
        if (!strpbrk(f->message, "<&'\"\xff"))
            HAS(sec, f->message);
        char *fp = sl_xasprintf("data-fingerprint=\"%s\"", f->fingerprint);
        HAS(sec, fp);
        free(fp);
        static const char *labels[] = {"acquired", "branch", "alias", "leaks here", "note"};
        for (size_t j = 0; j < f->steps.n; j++) {
            const sl_step *st = &f->steps.v[j];
            char *badge = sl_xasprintf("\">%zu %s</span>", j + 1, labels[st->kind]);
            /* in the step list, and again on its line when the line is shown */
            ck_assert_msg(count(sec, badge) >= 1, "%s: no badge %s", id, badge);
            free(badge);
            if (!strpbrk(st->msg, "'<\x01"))
                HAS(sec, st->msg);
        }
        free(sec);
    }
    /* the escaped texts */
    char *sec = section(page, "F2");
    HAS(sec, "curl handle &#39;h&#39; is not cleaned up when rc &lt; 0 &amp;&amp; h");
    HAS(sec, "taking the true branch of &#39;rc &lt; 0 &amp;&amp; h&#39;");
    HAS(sec, "<span class=\"badge k-acquire\">1 acquired</span>");
    HAS(sec, "<span class=\"badge k-branch\">2 branch</span>");
    HAS(sec, "<span class=\"badge k-leak\">3 leaks here</span>");
    /* badges on the lines: the step row follows its source line */
    HAS(sec, "<tr id=\"F2-L12\" class=\"hit k-acquire\"><td class=\"ln\">12</td>"
             "<td class=\"tx\">    CURL *h = curl_easy_init();</td></tr>\n"
             "<tr class=\"steps\"><td class=\"ln\"></td><td><div class=\"bubble k-acquire\">"
             "<span class=\"badge k-acquire\">1 acquired</span>");
    HAS(sec, "<tr id=\"F2-L15\" class=\"hit k-leak\"><td class=\"ln\">15</td>");
    ck_assert_uint_eq(count(sec, "<div class=\"bubble"), 3);
    free(sec);
    sec = section(page, "F4");
    HAS(sec, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39; \xEF\xBF\xBD");
    HAS(sec, "acquired \xEF\xBF\xBD here");
    /* two steps on one line: one step row with both bubbles */
    HAS(sec, "<div class=\"bubble k-acquire\"><span class=\"badge k-acquire\">1 acquired</span> "
             "<span class=\"smsg\">acquired \xEF\xBF\xBD here</span></div>"
             "<div class=\"bubble k-note\"><span class=\"badge k-note\">2 note</span>");
    free(sec);
    HASNT(page, "<script>alert");
    HASNT(page, "owned by <the pool>");
    HAS(page, "owned by &lt;the pool&gt;");
    free(page);
    fixture_free(&fx);
}
END_TEST

START_TEST(html_source_lines)
{
    fixture fx;
    fixture_init(&fx);
    char *page = render(&fx.ctx, NULL);
    /* F2 (fetch_url): the whole function, from the line holding its return
     * type (9) to its closing brace (18), with line numbers */
    char *sec = section(page, "F2");
    for (unsigned l = 9; l <= 18; l++) {
        char *row = sl_xasprintf("<tr id=\"F2-L%u\"", l);
        HAS(sec, row);
        free(row);
        row = sl_xasprintf("<td class=\"ln\">%u</td>", l);
        HAS(sec, row);
        free(row);
    }
    HASNT(sec, "id=\"F2-L8\"");
    HASNT(sec, "id=\"F2-L19\"");
    HAS(sec, "<td class=\"tx\">static int</td>");
    HAS(sec, "<td class=\"tx\">    if (rc &lt; 0 &amp;&amp; h)</td>");
    HASNT(sec, "rc < 0");
    HAS(sec, "<code>src/net.c</code>, lines 9&ndash;18");
    /* the location links to its line */
    HAS(sec, "<a href=\"#F2-L15\">src/net.c:15:5</a> in <code>fetch_url</code>");
    HAS(sec, "<a href=\"#F2-L12\">src/net.c:12:3</a>");
    free(sec);
    /* F3: no header for 'mystery': 5 lines around the steps (22-23), cut
     * at the end of the file (23 lines); the step in helper.h gets its own
     * block with ids of its own */
    sec = section(page, "F3");
    HAS(sec, "id=\"F3-L17\"");
    HASNT(sec, "id=\"F3-L16\"");
    HAS(sec, "id=\"F3-L23\"");
    HASNT(sec, "id=\"F3-L24\"");
    HAS(sec, "<code>src/helper.h</code>, lines 1&ndash;3");
    HAS(sec, "<tr id=\"F3-f1-L3\" class=\"hit k-acquire\">");
    HAS(sec, "<a href=\"#F3-f1-L3\">src/helper.h:3</a>");
    ck_assert_uint_eq(count(sec, "<figure class=\"src\">"), 2);
    free(sec);
    /* F4: CRLF stripped, odd bytes replaced, tab kept; the leak on line 40
     * of a 3-line file gives a note and is not linked */
    sec = section(page, "F4");
    HAS(sec, "<td class=\"tx\">int odd(void)</td>");
    HAS(sec, "<td class=\"tx\">{ char *s = &quot;\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
             "\xEF\xBF\xBD\tz&quot;; }</td>");
    HAS(sec, "<td class=\"tx\">/* \xc3\xa9t\xc3\xa9 */</td>");
    HAS(sec, "The path reaches line 40 but the file has 3 lines now");
    HAS(sec, "(src/odd.c:40)");
    free(sec);
    /* the table links each location to its line, or to the finding when
     * the line is not shown */
    HAS(page, "<a href=\"#F2-L15\">src/net.c:15</a>");
    HAS(page, "<a href=\"#F1\">src/gone.c:7</a>");
    HAS(page, "<a href=\"#F4\">src/odd.c:40</a>");
    free(page);
    fixture_free(&fx);
}
END_TEST

START_TEST(html_missing_source)
{
    fixture fx;
    fixture_init(&fx);
    char *page = render(&fx.ctx, NULL);
    char *sec = section(page, "F1");
    HAS(sec, "<p class=\"nosrc\" role=\"note\">Source not available: <code>src/gone.c</code> "
             "could not be read (");
    HAS(sec, "No such file or directory");
    HASNT(sec, "<table class=\"code\">");
    /* the path is still listed, and the missing names show as '?' */
    HAS(sec, "<span class=\"badge k-acquire\">1 acquired</span>");
    HAS(sec, "<span class=\"badge k-leak\">2 leaks here</span>");
    HAS(sec, "(src/gone.c:3)");
    HAS(sec, "in <code>?</code>");
    free(sec);
    free(page);

    /* a source that is unreadable the same way after a checkout went away */
    char *net = sl_path_join(fx.root, "src/net.c");
    ck_assert_int_eq(unlink(net), 0);
    free(net);
    page = render(&fx.ctx, NULL);
    sec = section(page, "F2");
    HAS(sec, "Source not available: <code>src/net.c</code>");
    free(sec);
    HAS(page, "<a href=\"#F2\">src/net.c:15</a>");
    free(page);
    fixture_free(&fx);
}
END_TEST

START_TEST(html_self_contained_and_well_formed)
{
    fixture fx;
    fixture_init(&fx);
    size_t len;
    char *page = render(&fx.ctx, &len);
    ck_assert_uint_eq(strlen(page), len); /* no NUL from the sources */
    HASNT(page, "http://");
    HASNT(page, "https://");
    HASNT(page, "src=");
    HASNT(page, "<link");
    /* the style sheet loads nothing (the sources may say "url(") */
    const char *st = strstr(page, "<style>"), *se = strstr(page, "</style>");
    ck_assert(st && se && st < se);
    char *css = sl_xstrndup(st, (size_t)(se - st));
    HASNT(css, "@import");
    HASNT(css, "url(");
    free(css);
    HAS(page, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
              "style-src 'sha256-");
    HAS(page, "script-src 'sha256-");
    HAS(page, "@media (prefers-color-scheme:dark)");
    HAS(page, ":focus-visible");
    ck_assert_uint_eq(count(page, "<script>"), 1);
    ck_assert_uint_eq(count(page, "<style>"), 1);
    valid_utf8(page, len);
    const char *tags[] = {"section", "table", "tr", "td", "th", "div", "dl", "ol", "li", "a",
                          "code", "span", "figure", "details", "select", "label", "header",
                          "main"};
    for (size_t i = 0; i < sizeof tags / sizeof *tags; i++)
        balanced(page, tags[i]);
    /* ids are unique */
    for (const char *p = strstr(page, " id=\""); p; p = strstr(p + 1, " id=\"")) {
        const char *e = strchr(p + 5, '"');
        char *id = sl_xstrndup(p, (size_t)(e - p) + 1);
        ck_assert_msg(count(page, id) == 1, "duplicate%s", id);
        free(id);
    }
    free(page);
    fixture_free(&fx);
}
END_TEST

START_TEST(html_summary_table_and_suppressed)
{
    fixture fx;
    fixture_init(&fx);
    char *page = render(&fx.ctx, NULL);
    HAS(page, "<title>sesslint: 4 findings</title>");
    HAS(page, "<dt>Tool</dt><dd>sesslint 0.1.0</dd>");
    HAS(page, "<dt>Commit</dt><dd><code>0123456789abcdef</code></dd>");
    /* the project's name, its path on hover */
    const char *name = strrchr(fx.root, '/') + 1;
    char *root = sl_xasprintf("<dt>Root</dt><dd><code title=\"%s\">%s</code></dd>", fx.root, name);
    HAS(page, root);
    free(root);
    HAS(page, "<dd><strong>4</strong> (and 1 suppressed)</dd>");
    /* counts: suppressed findings not counted */
    HAS(page, "<a href=\"#findings\" data-kind=\"session\">session</a></th><td>1</td>");
    HAS(page, "<a href=\"#findings\" data-kind=\"resource\">resource</a></th><td>2</td>");
    HAS(page, "<th scope=\"row\">credential</th><td>0</td>");
    HAS(page, "data-rule=\"leak.session\">leak.session</a></th><td>1</td>");
    HAS(page, "data-q=\"src/net.c\">src/net.c</a></th><td>2</td>");
    HAS(page, "data-q=\"src/gone.c\">src/gone.c</a></th><td>1</td>");
    /* by file: most findings first */
    ck_assert(strstr(page, "data-q=\"src/net.c\"") < strstr(page, "data-q=\"src/gone.c\""));
    /* the table: one row per unsuppressed finding, filters for the script */
    ck_assert_uint_eq(count(page, "<tr data-rule="), 4);
    HAS(page, "<tr data-rule=\"leak.session\" data-kind=\"session\" data-n=\"2\">"
              "<td data-sort=\"0000000002\"><a href=\"#F2\">F2</a></td><td>leak.session</td>");
    HAS(page, "<div id=\"filters\" class=\"filters\" hidden>");
    HAS(page, "<option value=\"release.partial\">release.partial (1)</option>");
    HAS(page, "<option value=\"resource\">resource (2)</option>");
    HAS(page, "<th scope=\"col\">Location</th>");
    /* suppressed: collapsed, after the list, with the reason */
    const char *d = strstr(page, "<details class=\"suppressed\" id=\"suppressed\">\n"
                                 "<summary>Suppressed findings (1)</summary>");
    ck_assert_ptr_nonnull(d);
    ck_assert(strstr(page, "<section class=\"finding\" id=\"S1\"") > d);
    ck_assert(strstr(page, "<section class=\"finding\" id=\"F4\"") < d);
    HAS(page, "<dt>Suppressed</dt><dd>owned by &lt;the pool&gt;</dd>");
    HASNT(page, "data-n=\"5\"");
    /* keyboard: every finding has a heading link, a way back, and the code
     * regions take focus */
    HAS(page, "<h3 id=\"F1-h\"><a class=\"fid\" href=\"#F1\">F1</a>");
    ck_assert_uint_eq(count(page, "<a href=\"#findings\">Back to the findings</a>"), 5);
    HAS(page, "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Source of "
              "src/net.c\">");
    free(page);
    fixture_free(&fx);
}
END_TEST

START_TEST(html_no_findings)
{
    sl_findings none = {0};
    sl_tu_results tus = {0};
    sl_tu_result t = {.file = sl_xstrdup("/r/a.c"), .status = SL_TU_FAILED,
                      .message = sl_xstrdup("fatal error: 'x.h' file not found")};
    SL_VEC_PUSH(tus, t);
    sl_report_ctx ctx = {.findings = &none, .tus = &tus, .root = "/r", .tool_version = "0.1.0"};
    size_t len;
    char *page = render(&ctx, &len);
    HAS(page, "<title>sesslint: 0 findings</title>");
    HAS(page, "<p class=\"none\">No findings");
    HASNT(page, "id=\"ftable\"");
    HASNT(page, "<dt>Commit</dt>");
    HASNT(page, "<details class=\"suppressed\"");
    HAS(page, "<dt>Translation units</dt><dd>1 analyzed, <strong>1 failed</strong></dd>");
    HAS(page, "<li><code>a.c</code>: not analyzed: fatal error: &#39;x.h&#39; file not found</li>");
    HAS(page, "<caption>By rule</caption>\n<tbody>\n<tr><td colspan=\"2\">none</td></tr>");
    valid_utf8(page, len);
    balanced(page, "section");
    free(page);
    sl_tu_results_free(&tus);
}
END_TEST

/* The root is shown by its last component, with the whole path (escaped)
 * as the title; trailing slashes do not make the name empty. */
START_TEST(html_root_name_and_path_on_hover)
{
    static const struct {
        const char *root, *want;
    } cases[] = {
        {"/home/someone/src/project", "<dd><code title=\"/home/someone/src/project\">project</code></dd>"},
        {"/srv/build/proj/", "<dd><code title=\"/srv/build/proj/\">proj</code></dd>"},
        {"/", "<dd><code title=\"/\">/</code></dd>"},
        {"/tmp/a&b/<x>\"q\"", "<dd><code title=\"/tmp/a&amp;b/&lt;x&gt;&quot;q&quot;\">&lt;x&gt;&quot;q&quot;</code></dd>"},
        {"", "<dt>Root</dt><dd><code>?</code></dd>"},
        {NULL, "<dt>Root</dt><dd><code>?</code></dd>"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        sl_findings none = {0};
        sl_report_ctx ctx = {.findings = &none, .root = cases[i].root, .tool_version = "0.1.0"};
        char *page = render(&ctx, NULL);
        HAS(page, cases[i].want);
        if (cases[i].root && strlen(cases[i].root) > 1)
            HASNT(page, "<dd><code>/");
        free(page);
    }
}
END_TEST

START_TEST(html_write_error_names_output)
{
    FILE *full = fopen("/dev/full", "w");
    if (!full)
        return; /* no /dev/full on this system: nothing to test against */
    fixture fx;
    fixture_init(&fx);
    fx.ctx.output_name = "report.html";
    sl_error err = {{0}};
    ck_assert_int_eq(sl_report_html(full, &fx.ctx, &err), -1);
    ck_assert_msg(strstr(err.msg, "report.html") != NULL, "error: %s", err.msg);
    fclose(full);
    fixture_free(&fx);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("html");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, html_every_finding_and_step);
    tcase_add_test(tc, html_source_lines);
    tcase_add_test(tc, html_missing_source);
    tcase_add_test(tc, html_self_contained_and_well_formed);
    tcase_add_test(tc, html_summary_table_and_suppressed);
    tcase_add_test(tc, html_no_findings);
    tcase_add_test(tc, html_root_name_and_path_on_hover);
    tcase_add_test(tc, html_write_error_names_output);
    suite_add_tcase(s, tc);
    return sl_test_run_suite(s);
}
