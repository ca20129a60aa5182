/* Corpus runner: analyzes corpus/ with the sesslint binary (JSON output) and
 * compares the findings with the `// expect: RULE[, RULE...]` markers in the
 * corpus files.  Every expected finding must be reported on its line and
 * nothing else may be reported.  Prints found/expected/unexpected counts. */
#include <check.h>
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "util.h"

typedef struct mark {
    char *file; /* relative to the source dir */
    unsigned line;
    char *rule;
    bool matched;
} mark;

typedef SL_VEC(mark) marks;

static void add_marks_from_file(marks *out, const char *abs, const char *rel)
{
    char *text = sl_read_file(abs, NULL, NULL);
    ck_assert_msg(text != NULL, "cannot read %s", abs);
    unsigned line = 1;
    for (char *p = text; *p; line++) {
        char *eol = strchr(p, '\n');
        if (eol)
            *eol = 0;
        char *m = strstr(p, "expect:");
        /* the marker is a comment: // expect:, / * expect: or (Python) # expect: */
        if (m && m > p &&
            (strstr(p, "// expect:") || strstr(p, "/* expect:") || strstr(p, "# expect:"))) {
            char *list = sl_xstrdup(m + strlen("expect:"));
            char *end = strstr(list, "*/");
            if (end)
                *end = 0;
            for (char *tok = strtok(list, ", \t"); tok; tok = strtok(NULL, ", \t")) {
                mark mk = {sl_xstrdup(rel), line, sl_xstrdup(tok), false};
                SL_VEC_PUSH(*out, mk);
            }
            free(list);
        }
        if (!eol)
            break;
        p = eol + 1;
    }
    free(text);
}

static void walk(marks *out, const char *root, const char *rel)
{
    char *dir = sl_path_join(root, rel);
    DIR *d = opendir(dir);
    ck_assert_msg(d != NULL, "cannot open %s", dir);
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        char *r = sl_path_join(rel, de->d_name);
        char *a = sl_path_join(root, r);
        struct stat st;
        if (stat(a, &st) == 0 && S_ISDIR(st.st_mode))
            walk(out, root, r);
        else if (sl_str_ends_with(de->d_name, ".c") || sl_str_ends_with(de->d_name, ".cc") ||
                 sl_str_ends_with(de->d_name, ".cpp") || sl_str_ends_with(de->d_name, ".h") ||
                 sl_str_ends_with(de->d_name, ".py"))
            add_marks_from_file(out, a, r);
        free(a);
        free(r);
    }
    closedir(d);
    free(dir);
}

static void free_marks(marks *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->v[i].file);
        free(m->v[i].rule);
    }
    free(m->v);
}

/* The rule ids that only opt-in rule sets report (sesslint check --enable
 * SET): a run without the set expects none of their markers, and must
 * report nothing there. */
static const struct {
    const char *rule, *set;
} optional_rules[] = {{"leak.memory", "memory"}, {"leak.exception", "exception"}, {NULL, NULL}};

/* Drop from m the markers of the opt-in rules whose set is not named after
 * an --enable in extra. */
static void drop_optional_marks(marks *m, const char *const *extra)
{
    size_t o = 0;
    for (size_t i = 0; i < m->n; i++) {
        bool drop = false;
        for (size_t k = 0; optional_rules[k].rule; k++) {
            if (strcmp(m->v[i].rule, optional_rules[k].rule) != 0)
                continue;
            drop = true;
            for (int j = 0; extra && extra[j] && extra[j + 1]; j++)
                if (!strcmp(extra[j], "--enable") && !strcmp(extra[j + 1], optional_rules[k].set))
                    drop = false;
        }
        if (drop) {
            free(m->v[i].file);
            free(m->v[i].rule);
        } else {
            m->v[o++] = m->v[i];
        }
    }
    m->n = o;
}

/* Run sesslint on corpus_rel (relative to the source dir) with extra args,
 * and compare with the markers under it; without --enable in extra, the
 * markers of opt-in rules expect nothing. */
static void run_corpus(const char *corpus_rel, bool compdb, const char *const *extra)
{
    marks expected = {0};
    walk(&expected, SESSLINT_SOURCE_DIR, corpus_rel);
    drop_optional_marks(&expected, extra);
    const char *argv[32] = {"check", "--no-db", "-q", "--format", "json", compdb ? "-p" : corpus_rel,
                            compdb ? corpus_rel : NULL};
    int n = compdb ? 7 : 6;
    for (int i = 0; extra && extra[i] && n < 30; i++)
        argv[n++] = extra[i];
    argv[n] = NULL;
    sl_cmd_result r = sl_run_sesslint(SESSLINT_SOURCE_DIR, argv);
    ck_assert_msg(r.status == 0 || r.status == 1, "sesslint exited %d: %s", r.status, r.err);
    json_error_t jerr;
    json_t *doc = json_loads(r.out, 0, &jerr);
    ck_assert_msg(doc != NULL, "bad JSON: %s", jerr.text);
    const char *root = json_string_value(json_object_get(doc, "root"));
    ck_assert_ptr_nonnull(root);
    /* every case parses cleanly: a missing -dev package or a lost
     * compile_flags.txt must fail the run, not pass with fewer paths seen
     * (the missing-headers case runs on its own, below) */
    json_t *sum = json_object_get(doc, "summary");
    ck_assert_msg(json_integer_value(json_object_get(sum, "parse_errors")) == 0 &&
                      json_integer_value(json_object_get(sum, "failed")) == 0,
                  "%s: %lld translation units with parse errors, %lld failed:\n%s", corpus_rel,
                  (long long)json_integer_value(json_object_get(sum, "parse_errors")),
                  (long long)json_integer_value(json_object_get(sum, "failed")), r.err);
    json_t *fs = json_object_get(doc, "findings");
    size_t found = 0, unexpected = 0;
    sl_strbuf report = {0};
    for (size_t i = 0; i < json_array_size(fs); i++) {
        json_t *f = json_array_get(fs, i);
        if (json_is_true(json_object_get(f, "suppressed")))
            continue;
        const char *file = json_string_value(json_object_get(f, "file"));
        /* findings are relative to the project root; markers to the source dir */
        char *abs = sl_path_join(root, file);
        char *rel = sl_path_relative(abs, SESSLINT_SOURCE_DIR);
        unsigned line = (unsigned)json_integer_value(json_object_get(f, "line"));
        const char *rule = json_string_value(json_object_get(f, "rule"));
        bool ok = false;
        for (size_t k = 0; k < expected.n && !ok; k++) {
            mark *m = &expected.v[k];
            if (!m->matched && m->line == line && !strcmp(m->file, rel) && !strcmp(m->rule, rule)) {
                m->matched = true;
                ok = true;
            }
        }
        if (ok) {
            found++;
        } else {
            unexpected++;
            sl_strbuf_printf(&report, "unexpected: %s:%u: %s: %s\n", rel, line, rule,
                             json_string_value(json_object_get(f, "message")));
        }
        free(abs);
        free(rel);
    }
    size_t missing = 0;
    for (size_t k = 0; k < expected.n; k++)
        if (!expected.v[k].matched) {
            missing++;
            sl_strbuf_printf(&report, "missing:    %s:%u: %s\n", expected.v[k].file,
                             expected.v[k].line, expected.v[k].rule);
        }
    printf("corpus %s: %zu expected, %zu found, %zu missing, %zu unexpected\n", corpus_rel,
           expected.n, found, missing, unexpected);
    if (report.s)
        printf("%s", report.s);
    fflush(stdout);
    ck_assert_msg(expected.n > 0, "no expectations found under %s", corpus_rel);
    ck_assert_msg(missing == 0 && unexpected == 0, "%zu missing, %zu unexpected:\n%s", missing,
                  unexpected, report.s ? report.s : "");
    json_decref(doc);
    sl_strbuf_release(&report);
    sl_cmd_result_free(&r);
    free_marks(&expected);
}

START_TEST(whole_corpus)
{
    run_corpus("corpus", false, NULL);
}
END_TEST

/* The memory cases with the memory rules enabled: every marker, the
 * leak.memory ones included (the whole-corpus run above sees the same
 * files without them and must report only their other markers). */
/* The Python cases alone (corpus/python/: the same markers, # comments). */
START_TEST(python_corpus)
{
    run_corpus("corpus/python", false, NULL);
}
END_TEST

/* The Python cases with leak.exception enabled: its markers too. */
START_TEST(exception_enabled)
{
    const char *const extra[] = {"--enable", "exception", NULL};
    run_corpus("corpus/python", false, extra);
}
END_TEST

START_TEST(memory_enabled)
{
    const char *const extra[] = {"--enable", "memory", NULL};
    run_corpus("corpus/memory", false, extra);
}
END_TEST

/* The multi-file cases through their own compile_commands.json. */
START_TEST(interproc_compdb)
{
    run_corpus("corpus/interproc", true, NULL);
}
END_TEST

/* The headers case analyzed without its headers: the file alone in a fresh
 * directory (no compile_flags.txt, no include/) must give the same
 * findings on the same lines. */
START_TEST(headers_missing)
{
    const char *src = SESSLINT_SOURCE_DIR "/corpus/headers/client.c";
    marks expected = {0};
    add_marks_from_file(&expected, src, "client.c");
    char *text = sl_read_file(src, NULL, NULL);
    ck_assert_ptr_nonnull(text);
    char *dir = sl_test_tmpdir();
    char *copy = sl_test_write(dir, "client.c", text);
    const char *argv[] = {"check", "--no-db", "--format", "json", copy, NULL};
    sl_cmd_result r = sl_run_sesslint(dir, argv);
    ck_assert_msg(r.status == 1, "exit %d: %s", r.status, r.err);
    /* the missing header is reported, and the recovery is said */
    ck_assert_msg(strstr(r.err, "netclient.h' file not found") != NULL, "%s", r.err);
    ck_assert_msg(strstr(r.err, "headers are missing") != NULL, "%s", r.err);
    json_t *doc = json_loads(r.out, 0, NULL);
    ck_assert_ptr_nonnull(doc);
    json_t *fs = json_object_get(doc, "findings");
    ck_assert_int_eq(json_array_size(fs), expected.n);
    for (size_t i = 0; i < json_array_size(fs); i++) {
        json_t *f = json_array_get(fs, i);
        unsigned line = (unsigned)json_integer_value(json_object_get(f, "line"));
        const char *rule = json_string_value(json_object_get(f, "rule"));
        bool ok = false;
        for (size_t k = 0; k < expected.n; k++)
            if (!expected.v[k].matched && expected.v[k].line == line &&
                !strcmp(expected.v[k].rule, rule))
                ok = expected.v[k].matched = true;
        ck_assert_msg(ok, "unexpected finding without headers at line %u: %s", line, rule);
    }
    json_decref(doc);
    sl_cmd_result_free(&r);
    free_marks(&expected);
    unlink(copy);
    rmdir(dir);
    free(copy);
    free(dir);
    free(text);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("corpus");
    TCase *tc = tcase_create("corpus");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, whole_corpus);
    tcase_add_test(tc, headers_missing);
    tcase_add_test(tc, interproc_compdb);
    tcase_add_test(tc, memory_enabled);
    tcase_add_test(tc, exception_enabled);
    tcase_add_test(tc, python_corpus);
    suite_add_tcase(s, tc);
    return sl_test_run_suite(s);
}
