/* gitinfo: see gitinfo.h. */
#define _GNU_SOURCE
#include "gitinfo.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Read both pipes until both reach end of file, so a child that fills one
 * never blocks while we wait on the other. */
static void drain_pipes(int ofd, int efd, sl_strbuf *out, sl_strbuf *errb)
{
    struct pollfd p[2] = {{.fd = ofd, .events = POLLIN}, {.fd = efd, .events = POLLIN}};
    sl_strbuf *dst[2] = {out, errb};
    int open_fds = 2;
    char buf[8192];
    while (open_fds > 0) {
        int rc = poll(p, 2, -1);
        if (rc < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (int i = 0; i < 2; i++) {
            if (p[i].fd < 0 || !(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            ssize_t n = read(p[i].fd, buf, sizeof buf);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                p[i].fd = -1;
                open_fds--;
                continue;
            }
            sl_strbuf_add(dst[i], buf, (size_t)n);
        }
    }
}

int sl_git_run(const char *dir, const char *const *args, char **out,
               char **errout, int *status, sl_error *err)
{
    if (out)
        *out = NULL;
    if (errout)
        *errout = NULL;
    *status = -1;
    size_t n = 0;
    while (args[n])
        n++;
    const char **argv = sl_xcalloc(n + 2, sizeof *argv);
    argv[0] = "git";
    for (size_t i = 0; i < n; i++)
        argv[i + 1] = args[i];

    int po[2], pe[2], px[2];
    if (pipe2(po, O_CLOEXEC) != 0) {
        free(argv);
        return sl_error_set(err, "cannot run git: pipe: %s", strerror(errno));
    }
    if (pipe2(pe, O_CLOEXEC) != 0) {
        int e = errno;
        close(po[0]);
        close(po[1]);
        free(argv);
        return sl_error_set(err, "cannot run git: pipe: %s", strerror(e));
    }
    /* px carries errno from a failed chdir/exec in the child. */
    if (pipe2(px, O_CLOEXEC) != 0) {
        int e = errno;
        close(po[0]);
        close(po[1]);
        close(pe[0]);
        close(pe[1]);
        free(argv);
        return sl_error_set(err, "cannot run git: pipe: %s", strerror(e));
    }
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(po[0]);
        close(po[1]);
        close(pe[0]);
        close(pe[1]);
        close(px[0]);
        close(px[1]);
        free(argv);
        return sl_error_set(err, "cannot run git: fork: %s", strerror(e));
    }
    if (pid == 0) {
        /* Child: only async-signal-safe calls from here on. */
        int stage = 0, e;
        int in = open("/dev/null", O_RDONLY);
        if (in >= 0)
            dup2(in, 0);
        dup2(po[1], 1);
        dup2(pe[1], 2);
        signal(SIGPIPE, SIG_DFL);
        if (dir && chdir(dir) != 0) {
            e = errno;
            stage = 1;
        } else {
            execvp("git", (char *const *)argv);
            e = errno;
            stage = 2;
        }
        int msg[2] = {stage, e};
        ssize_t w = write(px[1], msg, sizeof msg);
        (void)w;
        _exit(127);
    }
    close(po[1]);
    close(pe[1]);
    close(px[1]);
    free(argv);
    sl_strbuf ob = {0}, eb = {0};
    drain_pipes(po[0], pe[0], &ob, &eb);
    close(po[0]);
    close(pe[0]);
    int msg[2] = {0, 0};
    ssize_t got;
    do
        got = read(px[0], msg, sizeof msg);
    while (got < 0 && errno == EINTR);
    close(px[0]);
    int st = 0;
    pid_t w;
    while ((w = waitpid(pid, &st, 0)) < 0 && errno == EINTR)
        ;
    if (w < 0) {
        int e = errno;
        sl_strbuf_release(&ob);
        sl_strbuf_release(&eb);
        return sl_error_set(err, "cannot run git: waiting for it failed: %s", strerror(e));
    }
    if (got == (ssize_t)sizeof msg) {
        sl_strbuf_release(&ob);
        sl_strbuf_release(&eb);
        if (msg[0] == 1)
            return sl_error_set(err, "%s: cannot enter directory to run git: %s",
                                dir ? dir : ".", strerror(msg[1]));
        return sl_error_set(err, "cannot run git: %s%s", strerror(msg[1]),
                            msg[1] == ENOENT ? " (is git installed and on PATH?)" : "");
    }
    *status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    if (out)
        *out = sl_strbuf_detach(&ob);
    else
        sl_strbuf_release(&ob);
    if (errout)
        *errout = sl_strbuf_detach(&eb);
    else
        sl_strbuf_release(&eb);
    return 0;
}

/* Drop trailing newlines and spaces in place. */
static void chomp(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        s[--n] = 0;
}

/* First line of git's stderr, for messages; returns owned. */
static char *first_line(const char *s)
{
    if (!s)
        return sl_xstrdup("");
    const char *nl = strchr(s, '\n');
    char *l = nl ? sl_xstrndup(s, (size_t)(nl - s)) : sl_xstrdup(s);
    chomp(l);
    return l;
}

/* Run git and return its trimmed stdout when it exits 0; else NULL with err
 * set to git's own first line of complaint. */
static char *git_capture(const char *dir, const char *const *args, sl_error *err)
{
    char *out = NULL, *eout = NULL;
    int status;
    if (sl_git_run(dir, args, &out, &eout, &status, err) != 0)
        return NULL;
    if (status != 0) {
        char *l = first_line(eout);
        sl_error_set(err, "git %s failed in %s: %s", args[0], dir ? dir : ".",
                     *l ? l : "(no message)");
        free(l);
        free(out);
        free(eout);
        return NULL;
    }
    free(eout);
    chomp(out);
    return out;
}

char *sl_git_root(const char *dir)
{
    static const char *const args[] = {"rev-parse", "--show-toplevel", NULL};
    char *top = git_capture(dir, args, NULL);
    if (!top || !*top) {
        free(top);
        return NULL;
    }
    char *abs = sl_path_absolute(top);
    free(top);
    return abs;
}

int sl_git_head(const char *root, char **commit, char **branch, bool *dirty,
                sl_error *err)
{
    *commit = NULL;
    *branch = NULL;
    *dirty = false;

    static const char *const inside[] = {"rev-parse", "--is-inside-work-tree", NULL};
    char *in = git_capture(root, inside, err);
    if (!in)
        return -1;
    bool ok = strcmp(in, "true") == 0;
    free(in);
    if (!ok)
        return sl_error_set(err, "%s: not inside a git work tree", root);

    /* HEAD may not exist yet (no commit on the branch): that is not an
     * error, the run simply has no commit. */
    static const char *const head[] = {"rev-parse", "--verify", "-q", "HEAD^{commit}", NULL};
    char *out = NULL;
    int status;
    if (sl_git_run(root, head, &out, NULL, &status, err) != 0)
        return -1;
    chomp(out);
    if (status == 0 && *out)
        *commit = out;
    else
        free(out);

    static const char *const sym[] = {"symbolic-ref", "--short", "-q", "HEAD", NULL};
    out = NULL;
    if (sl_git_run(root, sym, &out, NULL, &status, err) != 0)
        goto fail;
    chomp(out);
    if (status == 0 && *out)
        *branch = out;
    else
        free(out);

    static const char *const st[] = {"status", "--porcelain", "--untracked-files=no",
                                     "--ignore-submodules=dirty", NULL};
    out = git_capture(root, st, err);
    if (!out)
        goto fail;
    *dirty = *out != 0;
    free(out);
    return 0;

fail:
    free(*commit);
    free(*branch);
    *commit = *branch = NULL;
    *dirty = false;
    return -1;
}

char *sl_git_resolve_commit(const char *dir, const char *rev, sl_error *err)
{
    if (!rev || !*rev || rev[0] == '-') {
        sl_error_set(err, "'%s' is not a revision", rev ? rev : "");
        return NULL;
    }
    char *spec = sl_xasprintf("%s^{commit}", rev);
    const char *args[] = {"rev-parse", "--verify", "-q", spec, NULL};
    char *out = NULL;
    int status;
    if (sl_git_run(dir, args, &out, NULL, &status, err) != 0) {
        free(spec);
        return NULL;
    }
    free(spec);
    chomp(out);
    if (status != 0 || !*out) {
        free(out);
        sl_error_set(err, "git does not know the revision '%s' in %s", rev, dir ? dir : ".");
        return NULL;
    }
    return out;
}

char *sl_default_db_path(const char *dir)
{
    char *root = sl_git_root(dir);
    if (!root)
        root = sl_path_absolute(dir ? dir : ".");
    char *db = sl_path_join(root, ".sesslint/findings.db");
    free(root);
    return db;
}
