/* floor: the parse floor for sesslint's benchmark, and a per-TU command
 * driver for the peers.
 *
 * Parse mode (default): for every translation unit of a compile_commands.json,
 * parse it exactly as sesslint does (clang_parseTranslationUnit2 with
 * KeepGoing and IgnoreNonErrorsFromIncludedFiles, no preamble; the
 * compiler, -c, -o X, -M* dependency flags and the source file dropped;
 * -working-directory DIR in front and -ferror-limit=0 at the end), count the
 * error diagnostics, and walk every cursor of the main file with
 * clang_visitChildren (subtrees outside the main file are pruned). Nothing
 * else: any libclang-driven tool pays at least this.
 *
 * Exec mode (--exec): run a command once per TU, in the TU's directory, with
 * the same filtered arguments: `{args}` expands to the filtered compile
 * arguments, `{cppflags}` to only the -I/-D/-U/-include/-isystem ones,
 * `{file}` to the source file; with neither {args} nor {file}, the arguments
 * and then the file are appended; --drop PREFIX (repeatable) leaves out of
 * {args} the arguments starting with PREFIX. Used to time `clang -fsyntax-only`,
 * clang-tidy, gcc -fanalyzer and cppcheck on exactly the same TUs.
 *
 * Both modes take -j N: N forked workers take TUs from a shared counter
 * (dynamic hand-out); -j 1 runs in the process itself. TUs are the compdb's
 * entries, one per file (first wins), sorted by path like sesslint, and
 * optionally filtered by path prefixes given after the database directory.
 *
 * Output on stdout, one line: key=value pairs (tus, cursors, errors, failed,
 * wall, maxrss_kib) for the benchmark script. In exec mode "errors" counts
 * the TUs whose command exited non-zero and "failed" those it could not run.
 *
 * Memory: the job list is owned by main and freed at exit; each worker owns
 * its CXIndex and each CXTranslationUnit only while it walks it.
 */
#define _GNU_SOURCE
#include <clang-c/CXCompilationDatabase.h>
#include <clang-c/Index.h>
#include <errno.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    char *file;      /* absolute path */
    char *directory; /* the entry's working directory */
    char **args;     /* filtered compile arguments (owned, NULL-terminated) */
    size_t nargs;
} job;

typedef struct {
    job *v;
    size_t n, cap;
} jobs;

/* Per-worker counters, in memory shared with the parent. */
typedef struct {
    unsigned long long cursors;
    unsigned long tus, errors, failed;
} counts;

typedef struct {
    atomic_size_t next; /* next TU index to hand out */
    counts per[];       /* one slot per worker */
} shared;

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fputs("floor: out of memory\n", stderr);
        exit(2);
    }
    return p;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}

/* Owned "a/b", or b when it is absolute. */
static char *path_join(const char *a, const char *b)
{
    if (b[0] == '/' || !a || !a[0])
        return xstrdup(b);
    size_t la = strlen(a), lb = strlen(b);
    char *p = xmalloc(la + lb + 2);
    memcpy(p, a, la);
    p[la] = '/';
    memcpy(p + la + 1, b, lb + 1);
    return p;
}

/* Owned canonical path when it exists, else a copy. */
static char *path_abs(const char *p)
{
    char *r = realpath(p, NULL);
    return r ? r : xstrdup(p);
}

/* Whether arg, relative to wd, names the source file abs: bear and CMake
 * write the file absolute in "file" but as the compiler saw it (often
 * relative) in the arguments. */
static bool same_file(const char *wd, const char *arg, const char *abs)
{
    const char *base = strrchr(abs, '/');
    base = base ? base + 1 : abs;
    size_t la = strlen(arg), lb = strlen(base);
    if (la < lb || strcmp(arg + la - lb, base) != 0)
        return false;
    char *joined = path_join(wd, arg);
    char *p = path_abs(joined);
    bool same = !strcmp(p, abs);
    free(joined);
    free(p);
    return same;
}

/* Same filtering as sesslint's inputs.c: how many arguments to drop here. */
static size_t skip_flag(const char *a)
{
    if (!strcmp(a, "-o") || !strcmp(a, "-MF") || !strcmp(a, "-MT") || !strcmp(a, "-MQ"))
        return 2;
    if (!strcmp(a, "-c") || !strcmp(a, "-MD") || !strcmp(a, "-MMD") || !strcmp(a, "-M") ||
        !strcmp(a, "-MM") || !strcmp(a, "-MP") || !strncmp(a, "-o", 2) ||
        !strncmp(a, "-MF", 3) || !strncmp(a, "-MT", 3) || !strncmp(a, "-MQ", 3))
        return 1;
    return 0;
}

static void push_arg(job *j, const char *a)
{
    j->args = realloc(j->args, (j->nargs + 2) * sizeof *j->args);
    if (!j->args) {
        fputs("floor: out of memory\n", stderr);
        exit(2);
    }
    j->args[j->nargs++] = xstrdup(a);
    j->args[j->nargs] = NULL;
}

static bool matches(const char *file, char **filters, size_t n)
{
    if (n == 0)
        return true;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(filters[i]);
        if (!strcmp(file, filters[i]))
            return true;
        if (!strncmp(file, filters[i], len) && (file[len] == '/' || filters[i][len - 1] == '/'))
            return true;
    }
    return false;
}

static int job_cmp(const void *a, const void *b)
{
    return strcmp(((const job *)a)->file, ((const job *)b)->file);
}

/* Load the database in dir; 0 on success. */
static int load_jobs(jobs *out, const char *dir, char **filters, size_t nfilters)
{
    CXCompilationDatabase_Error err = CXCompilationDatabase_NoError;
    CXCompilationDatabase db = clang_CompilationDatabase_fromDirectory(dir, &err);
    if (err != CXCompilationDatabase_NoError || !db) {
        fprintf(stderr, "floor: %s: cannot load compile_commands.json\n", dir);
        return -1;
    }
    CXCompileCommands cmds = clang_CompilationDatabase_getAllCompileCommands(db);
    unsigned n = cmds ? clang_CompileCommands_getSize(cmds) : 0;
    for (unsigned i = 0; i < n; i++) {
        CXCompileCommand cmd = clang_CompileCommands_getCommand(cmds, i);
        CXString cd = clang_CompileCommand_getDirectory(cmd);
        CXString cf = clang_CompileCommand_getFilename(cmd);
        const char *d = clang_getCString(cd), *f = clang_getCString(cf);
        const char *wd = d && *d ? d : dir;
        char *joined = path_join(wd, f ? f : "");
        char *abs = path_abs(joined);
        free(joined);
        bool dup = false;
        for (size_t k = 0; k < out->n && !dup; k++)
            dup = !strcmp(out->v[k].file, abs);
        if (dup || !matches(abs, filters, nfilters)) {
            free(abs);
        } else {
            job j = {abs, xstrdup(wd), NULL, 0};
            unsigned na = clang_CompileCommand_getNumArgs(cmd);
            for (unsigned a = 1; a < na; a++) {
                CXString s = clang_CompileCommand_getArg(cmd, a);
                const char *arg = clang_getCString(s);
                size_t skip = arg ? skip_flag(arg) : 1;
                bool is_file = arg && f && (!strcmp(arg, f) || !strcmp(arg, abs));
                if (arg && !skip && !is_file && arg[0] != '-')
                    is_file = same_file(wd, arg, abs);
                if (!skip && !is_file)
                    push_arg(&j, arg);
                clang_disposeString(s);
                if (skip == 2)
                    a++;
            }
            if (out->n == out->cap) {
                out->cap = out->cap ? 2 * out->cap : 64;
                out->v = realloc(out->v, out->cap * sizeof *out->v);
                if (!out->v) {
                    fputs("floor: out of memory\n", stderr);
                    exit(2);
                }
            }
            out->v[out->n++] = j;
        }
        clang_disposeString(cd);
        clang_disposeString(cf);
    }
    if (cmds)
        clang_CompileCommands_dispose(cmds);
    clang_CompilationDatabase_dispose(db);
    qsort(out->v, out->n, sizeof *out->v, job_cmp);
    return 0;
}

static void free_jobs(jobs *js)
{
    for (size_t i = 0; i < js->n; i++) {
        for (size_t k = 0; k < js->v[i].nargs; k++)
            free(js->v[i].args[k]);
        free(js->v[i].args);
        free(js->v[i].file);
        free(js->v[i].directory);
    }
    free(js->v);
}

static enum CXChildVisitResult walk(CXCursor c, CXCursor parent, CXClientData d)
{
    (void)parent;
    if (!clang_Location_isFromMainFile(clang_getCursorLocation(c)))
        return CXChildVisit_Continue;
    (*(unsigned long long *)d)++;
    return CXChildVisit_Recurse;
}

static void parse_one(CXIndex idx, const job *j, counts *c)
{
    const char **args = xmalloc((j->nargs + 3) * sizeof *args);
    int n = 0;
    args[n++] = "-working-directory";
    args[n++] = j->directory;
    for (size_t i = 0; i < j->nargs; i++)
        args[n++] = j->args[i];
    args[n++] = "-ferror-limit=0";
    unsigned opts = CXTranslationUnit_KeepGoing | CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles;
    CXTranslationUnit tu = NULL;
    enum CXErrorCode ec = clang_parseTranslationUnit2(idx, j->file, args, n, NULL, 0, opts, &tu);
    free(args);
    c->tus++;
    if (ec != CXError_Success || !tu) {
        c->failed++;
        fprintf(stderr, "floor: %s: libclang could not parse (error %d)\n", j->file, (int)ec);
        return;
    }
    unsigned nd = clang_getNumDiagnostics(tu);
    for (unsigned i = 0; i < nd; i++) {
        CXDiagnostic dg = clang_getDiagnostic(tu, i);
        if (clang_getDiagnosticSeverity(dg) >= CXDiagnostic_Error)
            c->errors++;
        clang_disposeDiagnostic(dg);
    }
    clang_visitChildren(clang_getTranslationUnitCursor(tu), walk, &c->cursors);
    clang_disposeTranslationUnit(tu);
}

/* Arguments given to --drop: compile arguments starting with one of these are
 * left out of {args} (flags an older compiler rejects). */
static char **drops;
static size_t ndrops;

static bool dropped(const char *a)
{
    for (size_t i = 0; i < ndrops; i++)
        if (!strncmp(a, drops[i], strlen(drops[i])))
            return true;
    return false;
}

/* Expand the command template for job j; returns an owned NULL-terminated argv. */
static char **exec_argv(char **tmpl, size_t ntmpl, const job *j)
{
    size_t cap = ntmpl + 2 * j->nargs + 2, n = 0;
    char **v = xmalloc(cap * sizeof *v);
    bool placed = false;
    for (size_t i = 0; i < ntmpl; i++) {
        if (!strcmp(tmpl[i], "{args}")) {
            for (size_t k = 0; k < j->nargs; k++)
                if (!dropped(j->args[k]))
                    v[n++] = j->args[k];
            placed = true;
        } else if (!strcmp(tmpl[i], "{cppflags}")) {
            for (size_t k = 0; k < j->nargs; k++) {
                const char *a = j->args[k];
                bool two = !strcmp(a, "-I") || !strcmp(a, "-D") || !strcmp(a, "-U") ||
                           !strcmp(a, "-include") || !strcmp(a, "-isystem");
                if (two && k + 1 < j->nargs) {
                    v[n++] = j->args[k];
                    v[n++] = j->args[++k];
                } else if (!strncmp(a, "-I", 2) || !strncmp(a, "-D", 2) || !strncmp(a, "-U", 2)) {
                    v[n++] = j->args[k];
                }
            }
            placed = true;
        } else if (!strcmp(tmpl[i], "{file}")) {
            v[n++] = j->file;
            placed = true;
        } else {
            v[n++] = tmpl[i];
        }
    }
    if (!placed) {
        for (size_t k = 0; k < j->nargs; k++)
            if (!dropped(j->args[k]))
                v[n++] = j->args[k];
        v[n++] = j->file;
    }
    v[n] = NULL;
    return v;
}

static void exec_one(char **tmpl, size_t ntmpl, const job *j, counts *c)
{
    char **argv = exec_argv(tmpl, ntmpl, j);
    c->tus++;
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "floor: fork: %s\n", strerror(errno));
        c->failed++;
    } else if (pid == 0) {
        if (chdir(j->directory) != 0) {
            fprintf(stderr, "floor: %s: %s\n", j->directory, strerror(errno));
            _exit(127);
        }
        execvp(argv[0], argv);
        fprintf(stderr, "floor: %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    } else {
        int st = 0;
        while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
            ;
        if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
            c->errors++; /* non-zero: findings or errors, counted not fatal */
        if (!WIFEXITED(st) || WEXITSTATUS(st) == 127)
            c->failed++;
    }
    free(argv);
}

typedef struct {
    const jobs *js;
    char **tmpl; /* NULL: parse mode */
    size_t ntmpl;
    bool quiet;
} run_ctx;

static void work(const run_ctx *r, shared *sh, size_t w)
{
    CXIndex idx = r->tmpl ? NULL : clang_createIndex(0, 0);
    for (;;) {
        size_t i = atomic_fetch_add(&sh->next, 1);
        if (i >= r->js->n)
            break;
        if (r->tmpl)
            exec_one(r->tmpl, r->ntmpl, &r->js->v[i], &sh->per[w]);
        else
            parse_one(idx, &r->js->v[i], &sh->per[w]);
    }
    if (idx)
        clang_disposeIndex(idx);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void usage(FILE *f)
{
    fputs("usage: floor [-j N] DB_DIR [PATH_PREFIX...]\n"
          "       floor [-j N] --exec [--drop FLAG_PREFIX]... DB_DIR [PATH_PREFIX...] --\n"
          "             CMD [ARG|{args}|{cppflags}|{file}]...\n"
          "       floor --list DB_DIR [PATH_PREFIX...]\n"
          "       floor --version\n",
          f);
}

int main(int argc, char **argv)
{
    long nworkers = 1;
    bool exec_mode = false, list = false;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if ((!strcmp(argv[i], "-j") && i + 1 < argc) || (!strncmp(argv[i], "-j", 2) && argv[i][2])) {
            char *end = NULL;
            nworkers = strtol(argv[i][2] ? argv[i] + 2 : argv[++i], &end, 10);
            if (!end || *end || nworkers < 1 || nworkers > 256) {
                fprintf(stderr, "floor: bad -j value '%s'\n", argv[i]);
                return 2;
            }
        } else if (!strcmp(argv[i], "--exec")) {
            exec_mode = true;
        } else if (!strcmp(argv[i], "--drop") && i + 1 < argc) {
            char **nd = realloc(drops, (ndrops + 1) * sizeof *drops);
            if (!nd) {
                fputs("floor: out of memory\n", stderr);
                return 2;
            }
            drops = nd;
            drops[ndrops++] = argv[++i];
        } else if (!strcmp(argv[i], "--list")) {
            list = true;
        } else if (!strcmp(argv[i], "--version")) {
            CXString v = clang_getClangVersion();
            printf("%s\n", clang_getCString(v));
            clang_disposeString(v);
            return 0;
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage(stdout);
            return 0;
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (i >= argc) {
        usage(stderr);
        return 2;
    }
    const char *dir = argv[i++];
    int fstart = i;
    while (i < argc && strcmp(argv[i], "--"))
        i++;
    size_t nfilters = (size_t)(i - fstart);
    char **filters = xmalloc((nfilters + 1) * sizeof *filters);
    for (size_t k = 0; k < nfilters; k++)
        filters[k] = path_abs(argv[fstart + (int)k]);
    run_ctx r = {0};
    if (exec_mode) {
        if (i + 1 >= argc) {
            usage(stderr);
            return 2;
        }
        r.tmpl = argv + i + 1;
        r.ntmpl = (size_t)(argc - i - 1);
    }

    jobs js = {0};
    int rc = load_jobs(&js, dir, filters, nfilters);
    for (size_t k = 0; k < nfilters; k++)
        free(filters[k]);
    free(filters);
    if (rc != 0)
        return 2;
    if (list) {
        for (size_t k = 0; k < js.n; k++)
            printf("%s\n", js.v[k].file);
        free_jobs(&js);
        return 0;
    }
    r.js = &js;

    size_t nw = (size_t)nworkers;
    size_t shsize = sizeof(shared) + nw * sizeof(counts);
    shared *sh = mmap(NULL, shsize, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (sh == MAP_FAILED) {
        fprintf(stderr, "floor: mmap: %s\n", strerror(errno));
        free_jobs(&js);
        return 2;
    }
    memset(sh, 0, shsize);
    atomic_init(&sh->next, 0);

    double t0 = now();
    int bad = 0;
    if (nw == 1) {
        work(&r, sh, 0);
    } else {
        pid_t *pids = xmalloc(nw * sizeof *pids);
        for (size_t w = 0; w < nw; w++) {
            fflush(NULL);
            pids[w] = fork();
            if (pids[w] < 0) {
                fprintf(stderr, "floor: fork: %s\n", strerror(errno));
                bad = 1;
                break;
            }
            if (pids[w] == 0) {
                work(&r, sh, w);
                _exit(0);
            }
        }
        for (size_t w = 0; w < nw; w++) {
            if (pids[w] <= 0)
                continue;
            int st = 0;
            while (waitpid(pids[w], &st, 0) < 0 && errno == EINTR)
                ;
            if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
                fprintf(stderr, "floor: worker %zu died (status %d)\n", w, st);
                bad = 1;
            }
        }
        free(pids);
    }
    double wall = now() - t0;

    counts tot = {0};
    for (size_t w = 0; w < nw; w++) {
        tot.tus += sh->per[w].tus;
        tot.cursors += sh->per[w].cursors;
        tot.errors += sh->per[w].errors;
        tot.failed += sh->per[w].failed;
    }
    /* Peak RSS of the largest single process: this one (-j1) or a worker
     * (or, in exec mode, a command it ran). */
    struct rusage self, kids;
    getrusage(RUSAGE_SELF, &self);
    getrusage(RUSAGE_CHILDREN, &kids);
    long maxrss = self.ru_maxrss > kids.ru_maxrss ? self.ru_maxrss : kids.ru_maxrss;
    printf("mode=%s jobs=%zu tus=%lu cursors=%llu errors=%lu failed=%lu wall=%.3f maxrss_kib=%ld\n",
           exec_mode ? "exec" : "parse", nw, tot.tus, tot.cursors, tot.errors, tot.failed, wall,
           maxrss);
    if (!bad && tot.tus != js.n)
        bad = 1;
    munmap(sh, shsize);
    free_jobs(&js);
    free(drops);
    return bad;
}
