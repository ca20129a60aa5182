/* Hostile input: whatever a real tree holds, sesslint ends with a message
 * naming the file and a documented exit code, and never crashes. */
#define _GNU_SOURCE
#include <check.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"
#include "util.h"

/* Exit codes a run may end with: never a signal. */
static void assert_documented_exit(const sl_cmd_result *r)
{
    ck_assert_msg(r->status >= 0 && r->status <= 3, "exit %d (a crash?): %s", r->status,
                  r->err);
}

static void write_big(const char *path, void (*gen)(FILE *, void *), void *arg)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    gen(f, arg);
    fclose(f);
}

static void gen_nested_blocks(FILE *f, void *arg)
{
    int n = *(int *)arg;
    fputs("#include <curl/curl.h>\nvoid f(void) {\n CURL *h = curl_easy_init();\n", f);
    for (int i = 0; i < n; i++)
        fputc('{', f);
    fputs(" (void)h; ", f);
    for (int i = 0; i < n; i++)
        fputc('}', f);
    fputs("\n}\nvoid g(void) { CURL *k = curl_easy_init(); (void)k; }\n", f);
}

static void gen_nested_parens(FILE *f, void *arg)
{
    int n = *(int *)arg;
    fputs("int f(int x) {\n return ", f);
    for (int i = 0; i < n; i++)
        fputc('(', f);
    fputs("x", f);
    for (int i = 0; i < n; i++)
        fputc(')', f);
    fputs(";\n}\n", f);
}

START_TEST(deep_nesting)
{
    char *dir = sl_test_tmpdir();
    char *blocks = sl_path_join(dir, "blocks.c");
    int n = 20000;
    write_big(blocks, gen_nested_blocks, &n);
    char *parens = sl_path_join(dir, "parens.c");
    int m = 5000;
    write_big(parens, gen_nested_parens, &m);
    const char *a[] = {"check", "--no-db", "blocks.c", NULL};
    sl_cmd_result r = sl_run_sesslint(dir, a);
    assert_documented_exit(&r);
    /* clang's own nesting limit is reported with file and line, and the
     * function it broke is not analyzed (no finding invented from clang's
     * error recovery), with a warning saying so */
    ck_assert_msg(strstr(r.err, "blocks.c:") && strstr(r.err, "bracket nesting level"), "%s",
                  r.err);
    ck_assert_msg(!strstr(r.err, "[leak.session]"), "%s", r.err);
    ck_assert_msg(strstr(r.err, "function 'f' was not analyzed: its body has parse errors "
                                "[skipped.function]"),
                  "%s", r.err);
    ck_assert_int_eq(r.status, 3);
    sl_cmd_result_free(&r);
    const char *b[] = {"check", "--no-db", "parens.c", NULL};
    r = sl_run_sesslint(dir, b);
    assert_documented_exit(&r);
    ck_assert_msg(strstr(r.err, "parens.c:"), "%s", r.err);
    sl_cmd_result_free(&r);
    free(blocks);
    free(parens);
    free(dir);
}
END_TEST

static void gen_million_lines(FILE *f, void *arg)
{
    (void)arg;
    fputs("#include <stdio.h>\n", f);
    /* 1,000,000 lines: 100,000 functions of 10 lines, one in 1000 leaking */
    for (int i = 0; i < 100000; i++) {
        fprintf(f, "int fn%d(const char *p)\n{\n    FILE *f = fopen(p, \"r\");\n", i);
        fprintf(f, "    if (!f)\n        return -1;\n    if (fgetc(f) == %d)\n", i % 1000);
        fprintf(f, "        return 1;\n    %s\n    return 0;\n}\n",
                i % 1000 == 7 ? "(void)0;" : "fclose(f);");
    }
}

START_TEST(million_lines)
{
    char *dir = sl_test_tmpdir();
    char *big = sl_path_join(dir, "big.c");
    write_big(big, gen_million_lines, NULL);
    const char *a[] = {"check", "--no-db", "-q", "--format", "json", "big.c", NULL};
    sl_cmd_result r = sl_run_sesslint(dir, a);
    ck_assert_msg(r.status == 1, "exit %d: %s", r.status, r.err);
    json_t *doc = json_loads(r.out, 0, NULL);
    ck_assert_ptr_nonnull(doc);
    /* every function leaks on its early return; the 100 without a close
     * leak on the last return too (the same finding: one per site) */
    ck_assert_int_eq(json_array_size(json_object_get(doc, "findings")), 100000);
    json_decref(doc);
    sl_cmd_result_free(&r);
    unlink(big);
    free(big);
    free(dir);
}
END_TEST

START_TEST(random_bytes_and_odd_names)
{
    char *dir = sl_test_tmpdir();
    /* random bytes named .c */
    char *rnd = sl_path_join(dir, "random.c");
    FILE *f = fopen(rnd, "wb");
    unsigned s = 12345;
    for (int i = 0; i < 200000; i++) {
        s = s * 1103515245u + 12345u;
        fputc((int)(s >> 16) & 0xff, f);
    }
    fclose(f);
    /* a non-UTF-8 file name and non-UTF-8 bytes in the source */
    char *odd = sl_path_join(dir, "caf\xe9-\xff.c");
    f = fopen(odd, "wb");
    fputs("#include <stdio.h>\n/* \xff\xfe latin1: caf\xe9 */\n"
          "int g(void) { FILE *f = fopen(\"\xe9\", \"r\"); if (!f) return 1; return 0; }\n",
          f);
    fclose(f);
    const char *a[] = {"check", "--no-db", "--format", "json", ".", NULL};
    sl_cmd_result r = sl_run_sesslint(dir, a);
    assert_documented_exit(&r);
    ck_assert_msg(strstr(r.err, "random.c:"), "%s", r.err);
    json_t *doc = json_loads(r.out, 0, NULL);
    ck_assert_msg(doc != NULL, "JSON output must stay valid: %.200s", r.out);
    ck_assert_int_eq(json_array_size(json_object_get(doc, "findings")), 1);
    ck_assert_int_eq(json_array_size(json_object_get(doc, "translation_units")), 2);
    json_decref(doc);
    sl_cmd_result_free(&r);
    const char *t[] = {"check", "--no-db", odd, NULL};
    r = sl_run_sesslint(dir, t);
    ck_assert_int_eq(r.status, 1);
    ck_assert(strstr(r.err, "[leak.resource]"));
    sl_cmd_result_free(&r);
    unlink(rnd);
    unlink(odd);
    free(rnd);
    free(odd);
    free(dir);
}
END_TEST

START_TEST(unreadable_inputs)
{
    char *dir = sl_test_tmpdir();
    char *loop = sl_path_join(dir, "loop.c");
    ck_assert_int_eq(symlink("loop.c", loop), 0);
    const char *a[] = {"check", "--no-db", "loop.c", NULL};
    sl_cmd_result r = sl_run_sesslint(dir, a);
    ck_assert_int_eq(r.status, 2);
    ck_assert_msg(strstr(r.err, "loop.c"), "%s", r.err);
    sl_cmd_result_free(&r);
    /* A file sesslint may not read.  Root reads any file, so as root (how
     * CI runs) the check runs as nobody, from a copy of the binary and the
     * rules in the test's directory (the build tree may sit where nobody
     * cannot go). */
    char *secret = sl_test_write(dir, "secret.c", "int x;\n");
    ck_assert_int_eq(chmod(secret, 0), 0);
    ck_assert_int_eq(chmod(dir, 0755), 0);
    char *cmd = sl_xasprintf("cp '%s' '%s/sesslint' && cp -r '%s' '%s/rules' && chmod -R a+rX '%s'",
                             SESSLINT_BINARY, dir, SESSLINT_SOURCE_DIR "/rules", dir, dir);
    ck_assert_int_eq(system(cmd), 0);
    free(cmd);
    ck_assert_int_eq(chmod(secret, 0), 0);
    char *errpath = sl_test_write(dir, "err.txt", "");
    ck_assert_int_eq(chmod(errpath, 0666), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
            _exit(90);
        int efd = open(errpath, O_WRONLY | O_TRUNC);
        int nfd = open("/dev/null", O_RDWR);
        if (efd < 0 || nfd < 0 || chdir(dir) != 0 ||
            setenv("SESSLINT_RULES_DIR", "rules", 1) != 0)
            _exit(91);
        dup2(nfd, 0);
        dup2(nfd, 1);
        dup2(efd, 2);
        execl("./sesslint", "sesslint", "check", "--no-db", "secret.c", (char *)NULL);
        _exit(92);
    }
    int st = 0;
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    char *err = sl_read_file(errpath, NULL, NULL);
    ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 3, "status %d: %s", st, err ? err : "");
    ck_assert_msg(err && strstr(err, "secret.c: error: cannot read"), "%s", err ? err : "");
    free(err);
    free(errpath);
    unlink(secret);
    free(secret);
    unlink(loop);
    free(loop);
    free(dir);
}
END_TEST

/* A full disk while writing the report: the write error is named and the
 * exit code says the job could not finish. */
START_TEST(full_disk_report)
{
    char *dir = sl_test_tmpdir();
    sl_test_put(dir, "leak.c",
                  "#include <stdio.h>\nint f(const char *p) { FILE *f = fopen(p, \"r\"); "
                  "if (!f) return 1; return 0; }\n");
    char *out = sl_path_join(dir, "report.json");
    pid_t pid = fork();
    if (pid == 0) {
        struct rlimit rl = {64, 64};
        setrlimit(RLIMIT_FSIZE, &rl);
        signal(SIGXFSZ, SIG_IGN);
        if (chdir(dir) != 0)
            _exit(99);
        int fd = open("/dev/null", O_WRONLY);
        dup2(fd, 1);
        int efd = open("err.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(efd, 2);
        execl(SESSLINT_BINARY, SESSLINT_BINARY, "check", "--no-db", "--format", "json", "-o",
              "report.json", "leak.c", (char *)NULL);
        _exit(98);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    ck_assert(WIFEXITED(st));
    ck_assert_int_eq(WEXITSTATUS(st), 2);
    char *errpath = sl_path_join(dir, "err.txt");
    char *err = sl_read_file(errpath, NULL, NULL);
    ck_assert_msg(err && strstr(err, "report.json"), "%s", err ? err : "(none)");
    free(err);
    free(errpath);
    free(out);
    free(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hostile");
    TCase *tc = tcase_create("hostile");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, deep_nesting);
    tcase_add_test(tc, million_lines);
    tcase_add_test(tc, random_bytes_and_odd_names);
    tcase_add_test(tc, unreadable_inputs);
    tcase_add_test(tc, full_disk_report);
    suite_add_tcase(s, tc);
    return sl_test_run_suite(s);
}
