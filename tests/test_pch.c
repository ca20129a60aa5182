/* Shared precompiled headers (analyzer/pch.c): which leading #include lines
 * a job shares, that a TU parsed after the header lowers to exactly the IR
 * and include list of a whole parse, that headers which cannot be shared
 * fall back to whole parses, and that a check run gives the same findings
 * with and without them and leaves nothing in TMPDIR. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <signal.h>
#include <unistd.h>

#include "frontend.h"
#include "inputs.h"
#include "ir.h"
#include "pch.h"
#include "testutil.h"

static CXIndex g_idx;

static void setup(void)
{
    g_idx = clang_createIndex(0, 0);
}

static void teardown(void)
{
    clang_disposeIndex(g_idx);
}

static const char *get(sl_pch *p, size_t i)
{
    const char *const *files;
    size_t n;
    return sl_pch_get(p, g_idx, i, &files, &n);
}

/* A job for dir/name with the given flags (NULL-terminated). */
static void add_job(sl_jobs *js, const char *dir, const char *name, const char *const *flags)
{
    sl_job j = {0};
    j.file = sl_path_join(dir, name);
    j.directory = sl_xstrdup(dir);
    for (size_t k = 0; flags && flags[k]; k++)
        SL_VEC_PUSH(j.args, sl_xstrdup(flags[k]));
    SL_VEC_PUSH(*js, j);
}

static size_t count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d)))
        n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
    closedir(d);
    return n;
}

/* Point TMPDIR at a fresh directory; returns it (owned). */
static char *private_tmpdir(void)
{
    char *t = sl_test_tmpdir();
    setenv("TMPDIR", t, 1);
    return t;
}

/* After a test that set TMPDIR: nothing may be left in it. */
static void finish(char *tmp, char *dir, sl_jobs *js)
{
    ck_assert_uint_eq(count_entries(tmp), 0);
    if (js)
        sl_jobs_free(js);
    unsetenv("TMPDIR");
    free(dir);
    free(tmp);
}

/* The one sesslint-pch-* directory under tmp; returns owned path or NULL. */
static char *pch_dir_under(const char *tmp)
{
    DIR *d = opendir(tmp);
    ck_assert_ptr_nonnull(d);
    char *r = NULL;
    struct dirent *de;
    while ((de = readdir(d)))
        if (!strncmp(de->d_name, "sesslint-pch-", 13))
            r = sl_path_join(tmp, de->d_name);
    closedir(d);
    return r;
}

START_TEST(leading_lines_read_with_comments_and_stop_at_code)
{
    char *dir = sl_test_tmpdir();
    sl_test_put(dir, "local.h", "#pragma once\nint local_v;\n");
    const char *head = "/* licence\n * text */\n\n// a comment\n#include <stdio.h> // why\n"
                       "  #  include \"local.h\"\n#include \"elsewhere.h\"\n";
    char *a = sl_xasprintf("%s#define X 1\n#include <stdlib.h>\nint a;\n", head);
    char *b = sl_xasprintf("%sint b;\n#include <stdlib.h>\n", head);
    sl_test_put(dir, "a.c", a);
    sl_test_put(dir, "b.c", b);
    sl_test_put(dir, "c.c", head);
    sl_test_put(dir, "d.c", head);
    free(a);
    free(b);
    sl_jobs js = {0};
    for (int i = 0; i < 4; i++) {
        char name[8];
        snprintf(name, sizeof name, "%c.c", 'a' + i);
        add_job(&js, dir, name, NULL);
    }
    sl_pch *p = sl_pch_plan(&js, NULL);
    ck_assert_ptr_nonnull(p);
    size_t njobs = 0;
    ck_assert_uint_eq(sl_pch_planned(p, &njobs), 1);
    ck_assert_uint_eq(njobs, 4);
    char *local = sl_path_join(dir, "local.h");
    char *want = sl_xasprintf("#include <stdio.h>\n#include \"%s\"\n#include \"elsewhere.h\"\n",
                              local);
    for (size_t i = 0; i < 4; i++)
        ck_assert_str_eq(sl_pch_text(p, i), want);
    sl_pch_free(p);
    free(want);
    free(local);
    sl_jobs_free(&js);
    free(dir);
}
END_TEST

START_TEST(longer_prefix_only_when_enough_jobs_share_it)
{
    char *dir = sl_test_tmpdir();
    /* five files share two lines, two more only the first */
    for (int i = 0; i < 7; i++) {
        char name[16];
        snprintf(name, sizeof name, "f%d.c", i);
        sl_test_put(dir, name,
                    i < 5 ? "#include <stdio.h>\n#include <string.h>\nint x;\n"
                          : "#include <stdio.h>\n#include <errno.h>\nint y;\n");
    }
    /* one file alone in its group (other flags): nothing to share */
    sl_test_put(dir, "g.c", "#include <stdio.h>\nint z;\n");
    /* a macro operand and a forced include are never shared */
    sl_test_put(dir, "m1.c", "#include MACRO_HDR\n");
    sl_test_put(dir, "m2.c", "#include MACRO_HDR\n");
    sl_jobs js = {0};
    for (int i = 0; i < 7; i++) {
        char name[16];
        snprintf(name, sizeof name, "f%d.c", i);
        add_job(&js, dir, name, NULL);
    }
    const char *other[] = {"-DOTHER", NULL};
    add_job(&js, dir, "g.c", other);
    add_job(&js, dir, "m1.c", NULL);
    add_job(&js, dir, "m2.c", NULL);
    const char *forced[] = {"-include", "stdio.h", NULL};
    add_job(&js, dir, "f0.c", forced);
    add_job(&js, dir, "f1.c", forced);
    bool skip[12] = {0};
    skip[4] = true; /* taken from the cache: not parsed, not counted */
    sl_pch *p = sl_pch_plan(&js, skip);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(sl_pch_planned(p, NULL), 2);
    for (int i = 0; i < 4; i++)
        ck_assert_str_eq(sl_pch_text(p, (size_t)i), "#include <stdio.h>\n#include <string.h>\n");
    ck_assert_ptr_null(sl_pch_text(p, 4));
    for (int i = 5; i < 7; i++)
        ck_assert_str_eq(sl_pch_text(p, (size_t)i), "#include <stdio.h>\n");
    for (int i = 7; i < 12; i++)
        ck_assert_ptr_null(sl_pch_text(p, (size_t)i));
    sl_pch_free(p);
    /* without the skip, the same: f4 joins its four twins */
    p = sl_pch_plan(&js, NULL);
    ck_assert_str_eq(sl_pch_text(p, 4), "#include <stdio.h>\n#include <string.h>\n");
    sl_pch_free(p);
    sl_jobs_free(&js);
    free(dir);
}
END_TEST

START_TEST(nothing_shared_gives_no_plan)
{
    char *dir = sl_test_tmpdir();
    sl_test_put(dir, "a.c", "#include <stdio.h>\n");
    sl_test_put(dir, "b.c", "#include <stdlib.h>\n");
    sl_test_put(dir, "c.c", "int c;\n");
    sl_jobs js = {0};
    add_job(&js, dir, "a.c", NULL);
    add_job(&js, dir, "b.c", NULL);
    add_job(&js, dir, "c.c", NULL);
    add_job(&js, dir, "missing.c", NULL);
    ck_assert_ptr_null(sl_pch_plan(&js, NULL));
    sl_jobs_free(&js);
    free(dir);
}
END_TEST

static sl_tu *parse_job(const sl_job *j, sl_pch *p, size_t i)
{
    sl_parse_input in = {0};
    in.file = j->file;
    in.directory = j->directory;
    in.args = (const char *const *)j->args.v;
    in.nargs = (int)j->args.n;
    if (p)
        in.pch = sl_pch_get(p, g_idx, i, &in.pch_files, &in.npch_files);
    return sl_test_parse_clean(g_idx, &in);
}

static char *tu_dump(const sl_tu *tu)
{
    sl_strbuf b = {0};
    for (size_t i = 0; i < tu->includes.n; i++)
        sl_strbuf_printf(&b, "include %s\n", tu->includes.v[i]);
    for (size_t i = 0; i < tu->funcs.n; i++) {
        char *d = sl_func_dump(tu->funcs.v[i]);
        sl_strbuf_printf(&b, "%s\n", d);
        free(d);
    }
    return sl_strbuf_detach(&b);
}

START_TEST(parse_after_header_lowers_the_same)
{
    char *tmp = private_tmpdir();
    char *dir = sl_test_tmpdir();
    sl_test_put(dir, "inc/conn.h",
                "#ifndef CONN_H\n#define CONN_H\n#include <stdio.h>\n"
                "typedef struct conn conn;\nconn *conn_open(const char *);\n"
                "void conn_close(conn *);\n#define CHECK(c) ((c) != 0)\n"
                "static inline int conn_ok(conn *c) { return c != 0; }\n#endif\n");
    const char *src = "#include \"inc/conn.h\"\n#include <stdlib.h>\n"
                      "int use%d(const char *n) {\n  conn *c = conn_open(n);\n"
                      "  if (!CHECK(c)) return -1;\n  if (n[0] == 'x') return 1;\n"
                      "  conn_close(c);\n  return conn_ok(c);\n}\n";
    sl_jobs js = {0};
    const char *flags[] = {"-I", ".", "-DUNUSED=1", NULL};
    for (int i = 0; i < 2; i++) {
        char name[16];
        snprintf(name, sizeof name, "u%d.c", i);
        char *text = sl_xasprintf(src, i);
        sl_test_put(dir, name, text);
        free(text);
        add_job(&js, dir, name, flags);
    }
    sl_pch *p = sl_pch_plan(&js, NULL);
    ck_assert_ptr_nonnull(p);
    const char *pch = get(p, 0);
    ck_assert_ptr_nonnull(pch);
    ck_assert_int_eq(access(pch, R_OK), 0);
    ck_assert_str_eq(get(p, 1), pch); /* one header for both */
    for (size_t i = 0; i < 2; i++) {
        sl_tu *whole = parse_job(&js.v[i], NULL, i);
        sl_tu *shared = parse_job(&js.v[i], p, i);
        char *a = tu_dump(whole), *b = tu_dump(shared);
        if (strcmp(a, b) != 0) {
            fprintf(stderr, "---- whole\n%s---- after the header\n%s", a, b);
            ck_abort_msg("the IR differs after the precompiled header");
        }
        ck_assert_ptr_nonnull(strstr(a, "inc/conn.h")); /* the header is listed */
        ck_assert_ptr_null(strstr(b, "sesslint-pch-")); /* the generated one is not */
        free(a);
        free(b);
        sl_tu_free(whole);
        sl_tu_free(shared);
    }
    char *pdir = pch_dir_under(tmp);
    ck_assert_ptr_nonnull(pdir);
    sl_pch_free(p);
    struct stat st;
    ck_assert_int_ne(stat(pdir, &st), 0); /* removed with everything in it */
    ck_assert_uint_eq(count_entries(tmp), 0);
    free(pdir);
    sl_jobs_free(&js);
    unsetenv("TMPDIR");
    free(dir);
    free(tmp);
}
END_TEST

START_TEST(unguarded_header_ends_the_shared_lines)
{
    char *tmp = private_tmpdir();
    char *dir = sl_test_tmpdir();
    sl_test_put(dir, "guarded.h", "#ifndef G_H\n#define G_H\ntypedef int gint;\n#endif\n");
    sl_test_put(dir, "open.h", "struct once { int v; };\n"); /* a second read is an error */
    for (int i = 0; i < 5; i++) {
        char name[16];
        snprintf(name, sizeof name, "s%d.c", i);
        sl_test_put(dir, name, "#include \"guarded.h\"\n#include \"open.h\"\ngint f(void);\n");
    }
    /* a group whose first line is unguarded gets no header at all */
    sl_test_put(dir, "o1.c", "#include \"open.h\"\nint o;\n");
    sl_test_put(dir, "o2.c", "#include \"open.h\"\nint p;\n");
    sl_jobs js = {0};
    for (int i = 0; i < 5; i++) {
        char name[16];
        snprintf(name, sizeof name, "s%d.c", i);
        add_job(&js, dir, name, NULL);
    }
    add_job(&js, dir, "o1.c", NULL);
    add_job(&js, dir, "o2.c", NULL);
    sl_pch *p = sl_pch_plan(&js, NULL);
    ck_assert_ptr_nonnull(p);
    ck_assert_ptr_nonnull(strstr(sl_pch_text(p, 0), "open.h"));
    const char *pch = get(p, 0);
    ck_assert_ptr_nonnull(pch);
    ck_assert_ptr_null(strstr(sl_pch_text(p, 0), "open.h")); /* cut before it */
    ck_assert_ptr_nonnull(strstr(sl_pch_text(p, 0), "guarded.h"));
    sl_tu *tu = parse_job(&js.v[0], p, 0);
    ck_assert_uint_eq(tu->includes.n, 2);
    sl_tu_free(tu);
    ck_assert_ptr_null(get(p, 5));
    ck_assert_ptr_null(get(p, 6));
    sl_pch_free(p);
    finish(tmp, dir, &js);
}
END_TEST

START_TEST(header_whose_builder_died_is_not_tried_again)
{
    char *tmp = private_tmpdir();
    char *dir = sl_test_tmpdir();
    sl_test_put(dir, "a.c", "#include <stdio.h>\nint a;\n");
    sl_test_put(dir, "b.c", "#include <stdio.h>\nint b;\n");
    sl_jobs js = {0};
    add_job(&js, dir, "a.c", NULL);
    add_job(&js, dir, "b.c", NULL);
    sl_pch *p = sl_pch_plan(&js, NULL);
    ck_assert_ptr_nonnull(p);
    char *pdir = pch_dir_under(tmp);
    ck_assert_ptr_nonnull(pdir);
    /* what a process that crashed inside libclang while building leaves */
    sl_test_put(pdir, "0.building", "");
    ck_assert_ptr_null(get(p, 0));
    char *failed = sl_path_join(pdir, "0.failed");
    ck_assert_int_eq(access(failed, F_OK), 0);
    /* a forked process frees its copy without removing the directory */
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        sl_pch_free(p);
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    ck_assert_int_eq(access(failed, F_OK), 0);
    sl_pch_free(p);
    ck_assert_int_ne(access(pdir, F_OK), 0);
    free(failed);
    free(pdir);
    finish(tmp, dir, &js);
}
END_TEST

/* The findings array of a JSON report (the run's metadata differs). */
static char *findings_of(const char *json)
{
    const char *f = strstr(json, "\"findings\":");
    ck_assert_ptr_nonnull(f);
    const char *e = strstr(f, "\"translation_units\":");
    return e ? sl_xstrndup(f, (size_t)(e - f)) : sl_xstrdup(f);
}

START_TEST(check_same_findings_with_and_without_shared_headers)
{
    char *tmp = private_tmpdir();
    char *dir = sl_test_tmpdir();
    const char *src = "#include <stdio.h>\n#include <stdlib.h>\n"
                      "int f%d(const char *n) {\n  FILE *fp = fopen(n, \"r\");\n"
                      "  if (!fp) return -1;\n  if (n[0] == 'x') return 1;\n"
                      "  fclose(fp);\n  return 0;\n}\n";
    for (int i = 0; i < 6; i++) {
        char name[16];
        snprintf(name, sizeof name, "src/f%d.c", i);
        char *text = sl_xasprintf(src, i);
        sl_test_put(dir, name, text);
        free(text);
    }
    const char *with[] = {"check", "--no-db", "-j", "2", "--format", "json", "-q", "src", NULL};
    const char *without[] = {"check",  "--no-db", "-j", "2",   "--format",
                             "json",   "-q",      "src", "--no-pch", NULL};
    sl_cmd_result a = sl_run_sesslint(dir, with);
    sl_cmd_result b = sl_run_sesslint(dir, without);
    ck_assert_int_eq(a.status, 1);
    ck_assert_int_eq(b.status, 1);
    char *fa = findings_of(a.out), *fb = findings_of(b.out);
    ck_assert_str_eq(fa, fb);
    ck_assert_ptr_nonnull(strstr(fa, "leak.resource"));
    free(fa);
    free(fb);
    sl_cmd_result_free(&a);
    sl_cmd_result_free(&b);
    sl_cmd_result h = sl_run_sesslint(NULL, (const char *const[]){"check", "--help", NULL});
    ck_assert_ptr_nonnull(strstr(h.out, "--no-pch"));
    sl_cmd_result_free(&h);
    finish(tmp, dir, NULL);
}
END_TEST

START_TEST(interrupted_run_leaves_nothing_in_tmpdir)
{
    char *tmp = private_tmpdir();
    char *dir = sl_test_tmpdir();
    for (int i = 0; i < 40; i++) {
        char name[32], text[256];
        snprintf(name, sizeof name, "src/f%02d.c", i);
        snprintf(text, sizeof text,
                 "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n"
                 "#include <signal.h>\n#include <time.h>\nint f%d(void) { return %d; }\n",
                 i, i);
        sl_test_put(dir, name, text);
    }
    const char *bin = SESSLINT_BINARY;
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        setpgid(0, 0); /* a group of its own, as a shell job: ^C reaches all */
        if (chdir(dir) != 0)
            _exit(126);
        execl(bin, bin, "check", "--no-db", "-j", "2", "-q", "src", (char *)NULL);
        _exit(127);
    }
    setpgid(pid, pid);
    /* wait for the shared headers' directory, then interrupt the run */
    char *pdir = NULL;
    for (int k = 0; k < 20000 && !pdir; k++) {
        pdir = pch_dir_under(tmp);
        if (!pdir)
            usleep(500);
    }
    ck_assert_msg(pdir != NULL, "no shared header directory appeared");
    kill(-pid, SIGINT);
    int status = 0;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT,
                  "sesslint did not end by SIGINT (status %d)", status);
    free(pdir);
    finish(tmp, dir, NULL);
}
END_TEST

static Suite *pch_suite(void)
{
    Suite *s = suite_create("pch");
    TCase *t = tcase_create("pch");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_set_timeout(t, 120);
    tcase_add_test(t, leading_lines_read_with_comments_and_stop_at_code);
    tcase_add_test(t, longer_prefix_only_when_enough_jobs_share_it);
    tcase_add_test(t, nothing_shared_gives_no_plan);
    tcase_add_test(t, parse_after_header_lowers_the_same);
    tcase_add_test(t, unguarded_header_ends_the_shared_lines);
    tcase_add_test(t, header_whose_builder_died_is_not_tried_again);
    tcase_add_test(t, check_same_findings_with_and_without_shared_headers);
    tcase_add_test(t, interrupted_run_leaves_nothing_in_tmpdir);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return sl_test_run_suite(pch_suite());
}
