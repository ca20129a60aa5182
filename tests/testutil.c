/* testutil: see testutil.h. */
#define _GNU_SOURCE
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

static char *slurp_fd(int fd)
{
    sl_strbuf b = {0};
    char buf[8192];
    ssize_t n;
    lseek(fd, 0, SEEK_SET);
    while ((n = read(fd, buf, sizeof buf)) > 0)
        sl_strbuf_add(&b, buf, (size_t)n);
    return sl_strbuf_detach(&b);
}

sl_cmd_result sl_run_sesslint(const char *cwd, const char *const *argv)
{
    return sl_run_sesslint_at(SESSLINT_BINARY, cwd, argv);
}

sl_cmd_result sl_run_sesslint_at(const char *bin, const char *cwd, const char *const *argv)
{
    sl_cmd_result r = {0};
    char outp[] = "/tmp/sl-out-XXXXXX", errp[] = "/tmp/sl-err-XXXXXX";
    int ofd = mkstemp(outp), efd = mkstemp(errp);
    unlink(outp);
    unlink(errp);
    size_t n = 0;
    while (argv[n])
        n++;
    const char **args = sl_xcalloc(n + 2, sizeof *args);
    args[0] = bin;
    for (size_t i = 0; i < n; i++)
        args[i + 1] = argv[i];
    pid_t pid = fork();
    if (pid == 0) {
        if (cwd && chdir(cwd) != 0)
            _exit(127);
        int in = open("/dev/null", O_RDONLY);
        dup2(in, 0);
        dup2(ofd, 1);
        dup2(efd, 2);
        execv(bin, (char *const *)args);
        _exit(127);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    free(args);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    r.out = slurp_fd(ofd);
    r.err = slurp_fd(efd);
    close(ofd);
    close(efd);
    return r;
}

void sl_cmd_result_free(sl_cmd_result *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

char *sl_test_tmpdir(void)
{
    char tmpl[] = "/tmp/sesslint-test-XXXXXX";
    if (!mkdtemp(tmpl)) {
        perror("mkdtemp");
        abort();
    }
    return sl_xstrdup(tmpl);
}

static void mkdirs(const char *path)
{
    char *p = sl_xstrdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s == '/') {
            *s = 0;
            mkdir(p, 0755);
            *s = '/';
        }
    }
    free(p);
}

char *sl_test_write(const char *dir, const char *name, const char *text)
{
    char *path = sl_path_join(dir, name);
    mkdirs(path);
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        abort();
    }
    fputs(text, f);
    fclose(f);
    return path;
}

void sl_test_put(const char *dir, const char *name, const char *text)
{
    free(sl_test_write(dir, name, text));
}

int sl_test_run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int run = srunner_ntests_run(sr);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    if (run == 0) {
        fprintf(stderr, "no test ran\n");
        return 1;
    }
    return failed == 0 ? 0 : 1;
}

sl_tu *sl_test_parse_clean(CXIndex idx, const sl_parse_input *in)
{
    sl_parse_report rep = {0};
    sl_error err = {{0}};
    sl_tu *tu = sl_frontend_parse(idx, in, &rep, &err);
    ck_assert_msg(tu != NULL, "%s: parse failed: %s", in->file, err.msg);
    ck_assert_msg(rep.nerrors == 0, "parse errors: %s", rep.diags.s ? rep.diags.s : "");
    sl_parse_report_release(&rep);
    return tu;
}

sl_tu *sl_test_parse_snippet(CXIndex idx, const char *name, const char *src)
{
    char *file = sl_xasprintf("/virtual/%s", name);
    sl_parse_input in = {0};
    in.file = file;
    in.contents = src;
    static const char *const args[] = {"-std=gnu17"};
    in.args = args;
    in.nargs = 1;
    sl_tu *tu = sl_test_parse_clean(idx, &in);
    free(file);
    return tu;
}
