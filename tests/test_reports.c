/* Unit tests for the report writers (reports/text.c, json.c, sarif.c):
 * findings are built in memory, written to a temporary FILE, and parsed
 * back (JSON and SARIF with jansson) to check the documented shapes field
 * by field. */
#define _GNU_SOURCE
#include <check.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "findings.h"
#include "report.h"
#include "testutil.h"

/* ---- fixture ---- */

typedef struct fixture {
    char *tmp;  /* temporary directory (owned) */
    char *root; /* <tmp>/proj dir, real path (owned) */
    sl_findings fs;
    sl_tu_results tus;
    sl_report_ctx ctx;
} fixture;

static char *under(const fixture *fx, const char *rel)
{
    return sl_path_join(fx->root, rel);
}

static void add_finding(fixture *fx, const char *rule, sl_kind kind, const char *resource,
                        const char *library, const char *rel, unsigned line, unsigned col,
                        const char *function, const char *handle, const char *acquire_fn,
                        unsigned acq_line, unsigned acq_col, const char *message)
{
    char *file = under(fx, rel);
    sl_finding f = {0};
    f.rule_id = sl_xstrdup(rule);
    f.kind = kind;
    f.resource = sl_xstrdup(resource);
    f.library = sl_xstrdup(library);
    sl_loc_set(&f.loc, file, line, col);
    f.function = sl_xstrdup(function);
    f.handle = sl_xstrdup(handle);
    f.acquire_fn = sl_xstrdup(acquire_fn);
    sl_loc_set(&f.acquire_loc, file, acq_line, acq_col);
    f.message = sl_xstrdup(message);
    SL_VEC_PUSH(fx->fs, f);
    free(file);
}

static sl_finding *last(fixture *fx)
{
    return &fx->fs.v[fx->fs.n - 1];
}

static void add_tu(fixture *fx, const char *rel, sl_tu_status st, unsigned nerrors,
                   const char *msg, unsigned nfunctions)
{
    sl_tu_result t = {.file = under(fx, rel), .status = st, .nerrors = nerrors,
                      .message = sl_xstrdup(msg), .nfunctions = nfunctions};
    SL_VEC_PUSH(fx->tus, t);
}

/* Three findings (one suppressed) in two files, and three TUs: one ok, one
 * with parse errors, one failed.  The root has a space in its name. */
static void fixture_init(fixture *fx)
{
    memset(fx, 0, sizeof *fx);
    fx->tmp = sl_test_tmpdir();
    char *dir = sl_path_join(fx->tmp, "proj dir");
    ck_assert_int_eq(mkdir(dir, 0755), 0);
    fx->root = sl_path_absolute(dir);
    free(dir);

    char *net = under(fx, "src/net.c"), *db = under(fx, "src/db.c");
    add_finding(fx, "leak.session", SL_KIND_SESSION, "curl.easy", "libcurl", "src/net.c", 42, 5,
                "fetch_url", "h", "curl_easy_init", 30, 16,
                "curl handle 'h' acquired by curl_easy_init() is not cleaned up on this path");
    sl_finding_add_step(last(fx), SL_STEP_ACQUIRE, net, 30, 16, "'h' acquired by %s()",
                        "curl_easy_init");
    sl_finding_add_step(last(fx), SL_STEP_BRANCH, net, 35, 9,
                        "taking the true branch of 'rc != CURLE_OK'");
    sl_finding_add_step(last(fx), SL_STEP_LEAK, net, 42, 5,
                        "'h' leaves the function here, still open");

    add_finding(fx, "leak.connector", SL_KIND_CONNECTOR, "sqlite3.db", "sqlite3", "src/db.c",
                20, 9, "open_db", "db", "sqlite3_open", 12, 10,
                "connection 'db' from sqlite3_open(\"a\\b.db\") is not closed when open fails");
    sl_finding_add_step(last(fx), SL_STEP_ACQUIRE, db, 12, 10, "'db' acquired by sqlite3_open()");
    sl_finding_add_step(last(fx), SL_STEP_BRANCH, db, 13, 5,
                        "taking the true branch of 'rc != SQLITE_OK'");
    sl_finding_add_step(last(fx), SL_STEP_ALIAS, db, 15, 9, "'db' copied into 'conn'");
    sl_finding_add_step(last(fx), SL_STEP_LEAK, db, 20, 9,
                        "'conn' leaves the function here, still open");

    add_finding(fx, "leak.credential", SL_KIND_CREDENTIAL, "gssapi.cred", "gssapi",
                "src/net.c", 80, 3, "login", "cred", "gss_acquire_cred", 70, 7,
                "credential 'cred' acquired by gss_acquire_cred() is not released");
    sl_finding_add_step(last(fx), SL_STEP_ACQUIRE, net, 70, 7,
                        "'cred' acquired by gss_acquire_cred()");
    sl_finding_add_step(last(fx), SL_STEP_LEAK, net, 80, 3, "'cred' leaves the function here");
    last(fx)->suppressed = true;
    last(fx)->suppress_reason = sl_xstrdup("handed to the cache thread");
    free(net);
    free(db);

    sl_findings_finalize(&fx->fs, fx->root);

    add_tu(fx, "src/net.c", SL_TU_OK, 0, NULL, 3);
    add_tu(fx, "src/db.c", SL_TU_PARSE_ERRORS, 2, "src/db.c:3:10: unknown type name 'sqlite4'",
           1);
    add_tu(fx, "src/broken.c", SL_TU_FAILED, 1, "fatal error: 'curl/curl.h' file not found", 0);

    fx->ctx = (sl_report_ctx){.findings = &fx->fs, .tus = &fx->tus, .root = fx->root,
                              .tool_version = "0.1.0", .commit = "0123456789abcdef"};
}

static void fixture_free(fixture *fx)
{
    sl_findings_free(&fx->fs);
    sl_tu_results_free(&fx->tus);
    rmdir(fx->root);
    rmdir(fx->tmp);
    free(fx->root);
    free(fx->tmp);
}

/* Finding of the fixture with this rule id. */
static const sl_finding *by_rule(const fixture *fx, const char *rule)
{
    for (size_t i = 0; i < fx->fs.n; i++)
        if (strcmp(fx->fs.v[i].rule_id, rule) == 0)
            return &fx->fs.v[i];
    ck_abort_msg("no finding %s", rule);
    return NULL;
}

typedef int (*writer_fn)(FILE *, const sl_report_ctx *, sl_error *);

/* Run a writer into a temporary file; returns its output (owned). */
static char *render(writer_fn w, const sl_report_ctx *ctx)
{
    FILE *f = tmpfile();
    ck_assert_ptr_nonnull(f);
    sl_error err = {{0}};
    int rc = w(f, ctx, &err);
    ck_assert_msg(rc == 0, "writer failed: %s", err.msg);
    rewind(f);
    sl_strbuf b = {0};
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        sl_strbuf_add(&b, buf, n);
    fclose(f);
    return sl_strbuf_detach(&b);
}

static json_t *render_json(writer_fn w, const sl_report_ctx *ctx)
{
    char *text = render(w, ctx);
    json_error_t jerr;
    json_t *doc = json_loads(text, 0, &jerr);
    ck_assert_msg(doc != NULL, "output is not JSON: %s (line %d)", jerr.text, jerr.line);
    ck_assert(sl_str_ends_with(text, "}\n"));
    free(text);
    return doc;
}

/* doc[path], following object keys and array indexes separated by '/'
 * ("runs/0/tool"); fails the test when absent. */
static json_t *at(json_t *doc, const char *path)
{
    char *p = sl_xstrdup(path), *save = NULL;
    json_t *cur = doc;
    for (char *tok = strtok_r(p, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
        if (json_is_array(cur)) {
            char *end;
            long i = strtol(tok, &end, 10);
            ck_assert_msg(*end == 0, "%s: '%s' is not an index", path, tok);
            cur = json_array_get(cur, (size_t)i);
        } else {
            cur = json_object_get(cur, tok);
        }
        ck_assert_msg(cur != NULL, "%s: no '%s'", path, tok);
    }
    free(p);
    return cur;
}

static const char *str_at(json_t *doc, const char *path)
{
    json_t *j = at(doc, path);
    ck_assert_msg(json_is_string(j), "%s is not a string", path);
    return json_string_value(j);
}

static long long int_at(json_t *doc, const char *path)
{
    json_t *j = at(doc, path);
    ck_assert_msg(json_is_integer(j), "%s is not an integer", path);
    return json_integer_value(j);
}

static size_t len_at(json_t *doc, const char *path)
{
    json_t *j = at(doc, path);
    ck_assert_msg(json_is_array(j), "%s is not an array", path);
    return json_array_size(j);
}

/* ---- text ---- */

START_TEST(text_relative_to_cwd)
{
    fixture fx;
    fixture_init(&fx);
    char old[PATH_MAX];
    ck_assert_ptr_nonnull(getcwd(old, sizeof old));
    ck_assert_int_eq(chdir(fx.root), 0);
    char *out = render(sl_report_text, &fx.ctx);
    ck_assert_int_eq(chdir(old), 0);
    ck_assert_str_eq(
        out,
        "src/db.c:20:9: warning: connection 'db' from sqlite3_open(\"a\\b.db\") is not closed "
        "when open fails [leak.connector]\n"
        "src/db.c:12:10: note: 'db' acquired by sqlite3_open()\n"
        "src/db.c:13:5: note: taking the true branch of 'rc != SQLITE_OK'\n"
        "src/db.c:15:9: note: 'db' copied into 'conn'\n"
        "src/db.c:20:9: note: 'conn' leaves the function here, still open\n"
        "src/net.c:42:5: warning: curl handle 'h' acquired by curl_easy_init() is not cleaned "
        "up on this path [leak.session]\n"
        "src/net.c:30:16: note: 'h' acquired by curl_easy_init()\n"
        "src/net.c:35:9: note: taking the true branch of 'rc != CURLE_OK'\n"
        "src/net.c:42:5: note: 'h' leaves the function here, still open\n");
    free(out);
    fixture_free(&fx);
}
END_TEST

START_TEST(text_outside_cwd)
{
    fixture fx;
    fixture_init(&fx);
    char old[PATH_MAX];
    ck_assert_ptr_nonnull(getcwd(old, sizeof old));
    ck_assert_int_eq(chdir("/"), 0);
    /* keep only the session finding, and break its message over two lines */
    sl_finding *f = (sl_finding *)by_rule(&fx, "leak.session");
    free(f->message);
    f->message = sl_xstrdup("first\nsecond");
    sl_findings one = {.v = f, .n = 1, .cap = 1};
    fx.ctx.findings = &one;
    char *out = render(sl_report_text, &fx.ctx);
    ck_assert_int_eq(chdir(old), 0);
    char *want = sl_xasprintf("%s/src/net.c:42:5: warning: first second [leak.session]\n"
                              "%s/src/net.c:30:16: note: 'h' acquired by curl_easy_init()\n"
                              "%s/src/net.c:35:9: note: taking the true branch of "
                              "'rc != CURLE_OK'\n"
                              "%s/src/net.c:42:5: note: 'h' leaves the function here, still "
                              "open\n",
                              fx.root, fx.root, fx.root, fx.root);
    ck_assert_str_eq(out, want);
    free(want);
    free(out);
    fixture_free(&fx);
}
END_TEST

START_TEST(text_nothing)
{
    sl_findings none = {0};
    sl_report_ctx ctx = {.findings = &none, .root = "/x", .tool_version = "0.1.0"};
    char *out = render(sl_report_text, &ctx);
    ck_assert_str_eq(out, "");
    free(out);
}
END_TEST

/* ---- JSON ---- */

START_TEST(json_shape)
{
    fixture fx;
    fixture_init(&fx);
    json_t *doc = render_json(sl_report_json, &fx.ctx);

    ck_assert_int_eq(int_at(doc, "version"), 1);
    ck_assert_str_eq(str_at(doc, "tool/name"), "sesslint");
    ck_assert_str_eq(str_at(doc, "tool/version"), "0.1.0");
    ck_assert_str_eq(str_at(doc, "root"), fx.root);
    ck_assert_str_eq(str_at(doc, "commit"), "0123456789abcdef");

    ck_assert_int_eq(int_at(doc, "summary/findings"), 2);
    ck_assert_int_eq(int_at(doc, "summary/suppressed"), 1);
    ck_assert_int_eq(int_at(doc, "summary/by_rule/leak.session"), 1);
    ck_assert_int_eq(int_at(doc, "summary/by_rule/leak.connector"), 1);
    ck_assert_int_eq(int_at(doc, "summary/by_rule/leak.credential"), 0);
    ck_assert_int_eq(int_at(doc, "summary/by_rule/leak.resource"), 0);
    ck_assert_int_eq(int_at(doc, "summary/by_rule/release.partial"), 0);
    ck_assert_int_eq(int_at(doc, "summary/by_kind/session"), 1);
    ck_assert_int_eq(int_at(doc, "summary/by_kind/connector"), 1);
    ck_assert_int_eq(int_at(doc, "summary/by_kind/credential"), 0);
    ck_assert_int_eq(int_at(doc, "summary/by_kind/resource"), 0);
    ck_assert_int_eq(int_at(doc, "summary/translation_units"), 3);
    ck_assert_int_eq(int_at(doc, "summary/failed"), 1);
    ck_assert_int_eq(int_at(doc, "summary/parse_errors"), 1);

    /* every finding, suppressed ones included, in finalized order */
    ck_assert_uint_eq(len_at(doc, "findings"), fx.fs.n);
    for (size_t i = 0; i < fx.fs.n; i++) {
        const sl_finding *f = &fx.fs.v[i];
        char p[64];
#define P(field) (snprintf(p, sizeof p, "findings/%zu/%s", i, field), p)
        ck_assert_str_eq(str_at(doc, P("rule")), f->rule_id);
        ck_assert_str_eq(str_at(doc, P("resource")), f->resource);
        ck_assert_str_eq(str_at(doc, P("library")), f->library);
        ck_assert_int_eq(int_at(doc, P("line")), f->loc.line);
        ck_assert_int_eq(int_at(doc, P("column")), f->loc.col);
        ck_assert_str_eq(str_at(doc, P("function")), f->function);
        ck_assert_str_eq(str_at(doc, P("handle")), f->handle);
        ck_assert_str_eq(str_at(doc, P("acquire/function")), f->acquire_fn);
        ck_assert_int_eq(int_at(doc, P("acquire/line")), f->acquire_loc.line);
        ck_assert_int_eq(int_at(doc, P("acquire/column")), f->acquire_loc.col);
        ck_assert_str_eq(str_at(doc, P("message")), f->message);
        ck_assert_str_eq(str_at(doc, P("fingerprint")), f->fingerprint);
        ck_assert_int_eq(strlen(f->fingerprint), 64);
        ck_assert(json_is_boolean(at(doc, P("suppressed"))));
        ck_assert_int_eq(json_is_true(at(doc, P("suppressed"))), f->suppressed);
        ck_assert_uint_eq(len_at(doc, P("steps")), f->steps.n);
        for (size_t j = 0; j < f->steps.n; j++) {
            char sp[96];
            snprintf(sp, sizeof sp, "findings/%zu/steps/%zu/", i, j);
            char q[128];
#define Q(field) (snprintf(q, sizeof q, "%s%s", sp, field), q)
            ck_assert_str_eq(str_at(doc, Q("kind")), sl_step_kind_name(f->steps.v[j].kind));
            ck_assert_int_eq(int_at(doc, Q("line")), f->steps.v[j].loc.line);
            ck_assert_int_eq(int_at(doc, Q("column")), f->steps.v[j].loc.col);
            ck_assert_str_eq(str_at(doc, Q("message")), f->steps.v[j].msg);
            char *rel = sl_path_relative(f->steps.v[j].loc.file, fx.root);
            ck_assert_str_eq(str_at(doc, Q("file")), rel);
            free(rel);
#undef Q
        }
#undef P
    }
    /* findings[0] is the connector leak in src/db.c (sorted by file) */
    ck_assert_str_eq(str_at(doc, "findings/0/rule"), "leak.connector");
    ck_assert_str_eq(str_at(doc, "findings/0/kind"), "connector");
    ck_assert_str_eq(str_at(doc, "findings/0/file"), "src/db.c");
    ck_assert_str_eq(str_at(doc, "findings/0/acquire/file"), "src/db.c");
    ck_assert_str_eq(str_at(doc, "findings/0/message"),
                     "connection 'db' from sqlite3_open(\"a\\b.db\") is not closed when open "
                     "fails");
    ck_assert_str_eq(str_at(doc, "findings/0/steps/2/kind"), "alias");
    ck_assert(json_is_null(at(doc, "findings/0/suppression_reason")));
    ck_assert_str_eq(str_at(doc, "findings/1/kind"), "session");
    ck_assert_str_eq(str_at(doc, "findings/1/file"), "src/net.c");
    ck_assert_str_eq(str_at(doc, "findings/2/kind"), "credential");
    ck_assert(json_is_true(at(doc, "findings/2/suppressed")));
    ck_assert_str_eq(str_at(doc, "findings/2/suppression_reason"), "handed to the cache thread");

    ck_assert_uint_eq(len_at(doc, "translation_units"), 3);
    ck_assert_str_eq(str_at(doc, "translation_units/0/file"), "src/net.c");
    ck_assert_str_eq(str_at(doc, "translation_units/0/status"), "ok");
    ck_assert_int_eq(int_at(doc, "translation_units/0/errors"), 0);
    ck_assert(json_is_null(at(doc, "translation_units/0/message")));
    ck_assert_int_eq(int_at(doc, "translation_units/0/functions"), 3);
    ck_assert_str_eq(str_at(doc, "translation_units/1/status"), "parse-errors");
    ck_assert_int_eq(int_at(doc, "translation_units/1/errors"), 2);
    ck_assert_str_eq(str_at(doc, "translation_units/2/file"), "src/broken.c");
    ck_assert_str_eq(str_at(doc, "translation_units/2/status"), "failed");
    ck_assert_str_eq(str_at(doc, "translation_units/2/message"),
                     "fatal error: 'curl/curl.h' file not found");
    ck_assert_int_eq(int_at(doc, "translation_units/2/functions"), 0);
    json_decref(doc);
    fixture_free(&fx);
}
END_TEST

START_TEST(json_empty_and_odd_bytes)
{
    /* No commit, no TU list, a handle that is not UTF-8. */
    sl_findings fs = {0};
    sl_finding f = {0};
    f.rule_id = sl_xstrdup("leak.resource");
    f.kind = SL_KIND_RESOURCE;
    sl_loc_set(&f.loc, "/elsewhere/x.c", 3, 1);
    f.handle = sl_xstrdup("h\xff\xc3");
    f.message = sl_xstrdup("tab\there");
    SL_VEC_PUSH(fs, f);
    sl_findings_finalize(&fs, "/root");
    sl_report_ctx ctx = {.findings = &fs, .root = "/root", .tool_version = "0.1.0"};
    json_t *doc = render_json(sl_report_json, &ctx);
    ck_assert(json_is_null(at(doc, "commit")));
    ck_assert_uint_eq(len_at(doc, "translation_units"), 0);
    ck_assert_int_eq(int_at(doc, "summary/translation_units"), 0);
    ck_assert_int_eq(int_at(doc, "summary/failed"), 0);
    ck_assert_int_eq(int_at(doc, "summary/findings"), 1);
    ck_assert_int_eq(int_at(doc, "summary/by_kind/resource"), 1);
    ck_assert_str_eq(str_at(doc, "findings/0/handle"), "h\xEF\xBF\xBD\xEF\xBF\xBD");
    ck_assert_str_eq(str_at(doc, "findings/0/message"), "tab\there");
    /* outside the root: the absolute path */
    ck_assert_str_eq(str_at(doc, "findings/0/file"), "/elsewhere/x.c");
    ck_assert(json_is_null(at(doc, "findings/0/function")));
    ck_assert(json_is_null(at(doc, "findings/0/acquire/file")));
    ck_assert_uint_eq(len_at(doc, "findings/0/steps"), 0);
    json_decref(doc);
    sl_findings_free(&fs);
}
END_TEST

START_TEST(write_error_names_output)
{
    FILE *full = fopen("/dev/full", "w");
    if (!full)
        return; /* no /dev/full on this system: nothing to test against */
    fixture fx;
    fixture_init(&fx);
    fx.ctx.output_name = "report.json";
    writer_fn writers[] = {sl_report_text, sl_report_json, sl_report_sarif};
    for (size_t i = 0; i < 3; i++) {
        sl_error err = {{0}};
        clearerr(full);
        ck_assert_int_eq(writers[i](full, &fx.ctx, &err), -1);
        ck_assert_msg(strstr(err.msg, "report.json") != NULL, "error: %s", err.msg);
    }
    fclose(full);
    fixture_free(&fx);
}
END_TEST

/* ---- SARIF ---- */

START_TEST(sarif_shape)
{
    fixture fx;
    fixture_init(&fx);
    json_t *doc = render_json(sl_report_sarif, &fx.ctx);

    ck_assert_str_eq(str_at(doc, "$schema"), "https://json.schemastore.org/sarif-2.1.0.json");
    ck_assert_str_eq(str_at(doc, "version"), "2.1.0");
    ck_assert_uint_eq(len_at(doc, "runs"), 1);
    json_t *run = at(doc, "runs/0");
    ck_assert_str_eq(str_at(run, "tool/driver/name"), "sesslint");
    ck_assert_str_eq(str_at(run, "tool/driver/semanticVersion"), "0.1.0");
    ck_assert_ptr_null(json_object_get(at(run, "tool/driver"), "informationUri"));

    /* one rule entry per documented rule id, in table order */
    ck_assert_uint_eq(len_at(run, "tool/driver/rules"), sl_rule_docs_count);
    for (size_t i = 0; i < sl_rule_docs_count; i++) {
        json_t *r = json_array_get(at(run, "tool/driver/rules"), i);
        ck_assert_str_eq(str_at(r, "id"), sl_rule_docs[i].id);
        ck_assert_str_eq(str_at(r, "name"), sl_rule_docs[i].name);
        ck_assert_str_eq(str_at(r, "shortDescription/text"), sl_rule_docs[i].short_desc);
        ck_assert_str_eq(str_at(r, "fullDescription/text"), sl_rule_docs[i].full_desc);
        ck_assert_str_eq(str_at(r, "help/text"), sl_rule_docs[i].help);
        ck_assert_str_eq(str_at(r, "defaultConfiguration/level"),
                         sl_rule_docs[i].level ? sl_rule_docs[i].level : "warning");
        ck_assert(len_at(r, "properties/tags") > 0);
        /* GitHub rejects a number here: it must be a string */
        ck_assert_str_eq(str_at(r, "properties/security-severity"),
                         sl_rule_docs[i].security_severity);
    }

    /* the root, percent-encoded, as %SRCROOT% */
    char *enc = sl_xstrdup(fx.root);
    char *sp = strstr(enc, "proj dir");
    ck_assert_ptr_nonnull(sp);
    *sp = 0; /* mkdtemp names use unreserved characters only */
    char *want_root = sl_xasprintf("file://%sproj%%20dir/", enc);
    ck_assert_str_eq(str_at(run, "originalUriBaseIds/%SRCROOT%/uri"), want_root);
    free(want_root);
    free(enc);

    ck_assert(json_is_false(at(run, "invocations/0/executionSuccessful")));
    json_t *notes = at(run, "invocations/0/toolExecutionNotifications");
    bool named_failed = false;
    for (size_t i = 0; i < json_array_size(notes); i++) {
        const char *text = str_at(json_array_get(notes, i), "message/text");
        const char *level = str_at(json_array_get(notes, i), "level");
        if (strstr(text, "src/broken.c") && strcmp(level, "error") == 0)
            named_failed = true;
    }
    ck_assert_msg(named_failed, "no error notification names src/broken.c");
    ck_assert_str_eq(str_at(run, "properties/commit"), "0123456789abcdef");

    ck_assert_uint_eq(len_at(run, "results"), fx.fs.n);
    json_t *rules = at(run, "tool/driver/rules");
    for (size_t i = 0; i < fx.fs.n; i++) {
        const sl_finding *f = &fx.fs.v[i];
        json_t *r = json_array_get(at(run, "results"), i);
        ck_assert_str_eq(str_at(r, "ruleId"), f->rule_id);
        json_t *rule = json_array_get(rules, (size_t)int_at(r, "ruleIndex"));
        ck_assert_str_eq(str_at(rule, "id"), f->rule_id);
        ck_assert_str_eq(str_at(r, "level"), "warning");
        ck_assert_str_eq(str_at(r, "message/text"), f->message);

        ck_assert_uint_eq(len_at(r, "locations"), 1);
        json_t *pl = at(r, "locations/0/physicalLocation");
        char *rel = sl_path_relative(f->loc.file, fx.root);
        ck_assert_str_eq(str_at(pl, "artifactLocation/uri"), rel);
        ck_assert(rel[0] != '/');
        free(rel);
        ck_assert_str_eq(str_at(pl, "artifactLocation/uriBaseId"), "%SRCROOT%");
        ck_assert_int_eq(int_at(pl, "region/startLine"), f->loc.line);
        ck_assert_int_eq(int_at(pl, "region/startColumn"), f->loc.col);
        ck_assert_str_eq(str_at(r, "locations/0/logicalLocations/0/name"), f->function);

        ck_assert_uint_eq(len_at(r, "relatedLocations"), 1);
        ck_assert_int_eq(int_at(r, "relatedLocations/0/id"), 1);
        ck_assert_int_eq(int_at(r, "relatedLocations/0/physicalLocation/region/startLine"),
                         f->acquire_loc.line);
        ck_assert_ptr_nonnull(strstr(str_at(r, "relatedLocations/0/message/text"),
                                     f->acquire_fn));

        ck_assert(len_at(r, "codeFlows") >= 1);
        ck_assert_uint_eq(len_at(r, "codeFlows/0/threadFlows"), 1);
        json_t *tfl = at(r, "codeFlows/0/threadFlows/0/locations");
        ck_assert_uint_eq(json_array_size(tfl), f->steps.n);
        for (size_t j = 0; j < f->steps.n; j++) {
            json_t *t = json_array_get(tfl, j);
            ck_assert_str_eq(str_at(t, "location/message/text"), f->steps.v[j].msg);
            ck_assert_int_eq(int_at(t, "location/physicalLocation/region/startLine"),
                             f->steps.v[j].loc.line);
            ck_assert_str_eq(str_at(t, "location/physicalLocation/artifactLocation/uriBaseId"),
                             "%SRCROOT%");
            if (f->steps.v[j].kind == SL_STEP_ACQUIRE)
                ck_assert_str_eq(str_at(t, "kinds/0"), "acquire");
            if (f->steps.v[j].kind == SL_STEP_BRANCH)
                ck_assert_str_eq(str_at(t, "kinds/0"), "branch");
        }

        json_t *pf = at(r, "partialFingerprints");
        json_t *fp = json_object_get(pf, "sesslint/v1");
        ck_assert(json_is_string(fp));
        ck_assert_str_eq(json_string_value(fp), f->fingerprint);
        ck_assert_ptr_null(json_object_get(pf, "primaryLocationLineHash"));

        json_t *sup = json_object_get(r, "suppressions");
        if (f->suppressed) {
            ck_assert_uint_eq(len_at(r, "suppressions"), 1);
            ck_assert_str_eq(str_at(r, "suppressions/0/kind"), "inSource");
            ck_assert_str_eq(str_at(r, "suppressions/0/justification"), f->suppress_reason);
        } else {
            ck_assert_ptr_null(sup);
        }
    }
    json_decref(doc);
    fixture_free(&fx);
}
END_TEST

START_TEST(sarif_uris_and_extra_rules)
{
    /* A file with a space and '#' under the root, a file outside it, an
     * undocumented rule id, no steps, every TU fine. */
    sl_findings fs = {0};
    sl_finding f = {0};
    f.rule_id = sl_xstrdup("leak.custom");
    sl_loc_set(&f.loc, "/work/my root/src/a b#1.c", 7, 2);
    sl_loc_set(&f.acquire_loc, "/work/my root/src/a b#1.c", 5, 3);
    f.acquire_fn = sl_xstrdup("open_thing");
    f.handle = sl_xstrdup("t");
    f.message = sl_xstrdup("'t' leaks");
    SL_VEC_PUSH(fs, f);
    sl_finding g = {0};
    g.rule_id = sl_xstrdup("leak.resource");
    sl_loc_set(&g.loc, "/opt/ext/h.c", 1, 0);
    g.message = sl_xstrdup("outside");
    SL_VEC_PUSH(fs, g);
    sl_findings_finalize(&fs, "/work/my root");
    sl_tu_results tus = {0};
    sl_tu_result t = {.file = sl_xstrdup("/work/my root/src/a b#1.c"), .nfunctions = 1};
    SL_VEC_PUSH(tus, t);
    sl_report_ctx ctx = {.findings = &fs, .tus = &tus, .root = "/work/my root",
                         .tool_version = "0.1.0"};
    json_t *doc = render_json(sl_report_sarif, &ctx);
    json_t *run = at(doc, "runs/0");
    ck_assert_str_eq(str_at(run, "originalUriBaseIds/%SRCROOT%/uri"), "file:///work/my%20root/");
    ck_assert(json_is_true(at(run, "invocations/0/executionSuccessful")));
    ck_assert_ptr_null(json_object_get(at(run, "invocations/0"), "toolExecutionNotifications"));
    ck_assert_ptr_null(json_object_get(run, "properties"));

    /* sorted: /opt/... before /work/... */
    json_t *outside = at(run, "results/0"), *inside = at(run, "results/1");
    ck_assert_str_eq(str_at(outside, "locations/0/physicalLocation/artifactLocation/uri"),
                     "file:///opt/ext/h.c");
    ck_assert_ptr_null(json_object_get(at(outside, "locations/0/physicalLocation/artifactLocation"),
                                       "uriBaseId"));
    /* column 0 is unknown and left out */
    ck_assert_ptr_null(
        json_object_get(at(outside, "locations/0/physicalLocation/region"), "startColumn"));
    ck_assert_str_eq(str_at(outside, "ruleId"), "leak.resource");
    ck_assert_int_eq(int_at(outside, "ruleIndex"), sl_rule_doc_index("leak.resource"));

    ck_assert_str_eq(str_at(inside, "locations/0/physicalLocation/artifactLocation/uri"),
                     "src/a%20b%231.c");
    ck_assert_str_eq(str_at(inside, "ruleId"), "leak.custom");
    long long idx = int_at(inside, "ruleIndex");
    ck_assert_int_eq(idx, (long long)sl_rule_docs_count);
    ck_assert_uint_eq(len_at(run, "tool/driver/rules"), sl_rule_docs_count + 1);
    ck_assert_str_eq(str_at(json_array_get(at(run, "tool/driver/rules"), (size_t)idx), "id"),
                     "leak.custom");
    /* no steps: the flow shows the acquisition and the reported location */
    ck_assert_uint_eq(len_at(inside, "codeFlows/0/threadFlows/0/locations"), 2);
    ck_assert_int_eq(
        int_at(inside,
               "codeFlows/0/threadFlows/0/locations/0/location/physicalLocation/region/startLine"),
        5);
    ck_assert_str_eq(str_at(inside, "codeFlows/0/threadFlows/0/locations/1/location/message/text"),
                     "'t' leaks");
    json_decref(doc);
    sl_findings_free(&fs);
    sl_tu_results_free(&tus);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("reports");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, text_relative_to_cwd);
    tcase_add_test(tc, text_outside_cwd);
    tcase_add_test(tc, text_nothing);
    tcase_add_test(tc, json_shape);
    tcase_add_test(tc, json_empty_and_odd_bytes);
    tcase_add_test(tc, write_error_names_output);
    tcase_add_test(tc, sarif_shape);
    tcase_add_test(tc, sarif_uris_and_extra_rules);
    suite_add_tcase(s, tc);
    return sl_test_run_suite(s);
}
