/* pch: precompiled headers shared by TUs with the same leading includes
 * (see pch.h). */
#define _GNU_SOURCE
#include "pch.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "frontend.h"
#include "util.h"

/* Bytes of a main file read for its leading includes. */
#define SL_PCH_SCAN_BYTES (256u << 10)

typedef enum { SL_PCH_UNKNOWN, SL_PCH_READY, SL_PCH_FAILED } sl_pch_state;

typedef struct sl_pch_entry {
    char *text;        /* owned: the header's #include lines */
    size_t job;        /* a job of the group: directory, arguments */
    const char *lang;  /* "c-header" or "c++-header" (static) */
    char *path;        /* owned: DIR/N.pch */
    sl_pch_state state;/* as this process knows it */
    sl_strvec files;   /* the files the header read (when ready) */
} sl_pch_entry;

struct sl_pch {
    const sl_jobs *jobs;
    char *dir;                 /* owned temporary directory */
    pid_t owner;               /* the process that made the plan */
    SL_VEC(sl_pch_entry) entries;
    long *job_entry;           /* owned: per job, an entry index or -1 */
    sl_strvec removals;        /* every path the plan may create, files
                                  first, the directory last */
    bool handlers;             /* signal handlers installed */
    struct sigaction old[3];
};

/* The plan whose directory a fatal signal removes (see
 * sl_pch_remove_on_signal). */
static sl_pch *volatile sl_pch_signal_plan;
static const int sl_pch_signals[3] = {SIGINT, SIGTERM, SIGHUP};

/* ---- leading includes ------------------------------------------------- */

static size_t sl_skip_blank(const char *b, size_t i, size_t n, bool newlines)
{
    while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\f' || b[i] == '\v' ||
                     (newlines && (b[i] == '\n' || b[i] == '\r'))))
        i++;
    return i;
}

/* The #include operands ("name" or <name>) before the first other
 * directive or code, in order.  Stops at anything it does not read with
 * certainty (a macro operand, a line continuation, an unterminated
 * comment). */
static void sl_leading_includes(const char *b, size_t n, sl_strvec *out)
{
    size_t i = 0;
    for (;;) {
        i = sl_skip_blank(b, i, n, true);
        if (i + 1 < n && b[i] == '/' && b[i + 1] == '*') {
            const char *e = memmem(b + i + 2, n - i - 2, "*/", 2);
            if (!e)
                return;
            i = (size_t)(e - b) + 2;
            continue;
        }
        if (i + 1 < n && b[i] == '/' && b[i + 1] == '/') {
            while (i < n && b[i] != '\n') {
                if (b[i] == '\\')
                    return; /* a comment continued on the next line */
                i++;
            }
            continue;
        }
        if (i >= n || b[i] != '#')
            return;
        i = sl_skip_blank(b, i + 1, n, false);
        if (i + 7 > n || strncmp(b + i, "include", 7) != 0)
            return;
        i = sl_skip_blank(b, i + 7, n, false);
        if (i >= n || (b[i] != '"' && b[i] != '<'))
            return;
        char close = b[i] == '"' ? '"' : '>';
        size_t s = i++;
        while (i < n && b[i] != close && b[i] != '\n' && b[i] != '\\')
            i++;
        if (i >= n || b[i] != close || i == s + 1)
            return;
        i++;
        size_t e = i;
        i = sl_skip_blank(b, i, n, false);
        if (i < n && b[i] != '\n' && b[i] != '\r' && !(i + 1 < n && b[i] == '/' &&
                                                       (b[i + 1] == '/' || b[i + 1] == '*')))
            return;
        SL_VEC_PUSH(*out, sl_xstrndup(b + s, e - s));
    }
}

/* A quoted name found beside the main file becomes that file's absolute
 * path (the generated header lives elsewhere); anything else stays as
 * written.  Returns owned, or NULL when the name cannot be written back. */
static char *sl_resolve_include(const char *spec, const char *main_dir)
{
    if (spec[0] != '"' || spec[1] == '/')
        return sl_xstrdup(spec);
    char *name = sl_xstrndup(spec + 1, strlen(spec) - 2);
    char *cand = sl_path_join(main_dir, name);
    free(name);
    struct stat st;
    char *r = NULL;
    if (stat(cand, &st) != 0 || !S_ISREG(st.st_mode))
        r = sl_xstrdup(spec);
    else if (!strpbrk(cand, "\"\n\\"))
        r = sl_xasprintf("\"%s\"", cand);
    free(cand);
    return r;
}

static const char *sl_header_lang(const sl_job *j)
{
    for (size_t k = 0; k < j->args.n; k++) {
        const char *a = j->args.v[k];
        /* a forced include would be read again after the shared header; a
         * chosen language or module build is not what the header assumes */
        if (!strcmp(a, "-x") || !strncmp(a, "-include", 8) || !strcmp(a, "-imacros") ||
            !strncmp(a, "-fmodules", 9) || !strcmp(a, "-E"))
            return NULL;
    }
    const char *dot = strrchr(j->file, '.');
    if (!dot || strchr(dot, '/'))
        return NULL;
    if (!strcmp(dot, ".c"))
        return "c-header";
    static const char *const cxx[] = {".cc", ".cpp", ".cxx", ".c++", ".C"};
    for (size_t k = 0; k < sizeof cxx / sizeof *cxx; k++)
        if (!strcmp(dot, cxx[k]))
            return "c++-header";
    return NULL;
}

/* Returns owned text, or NULL when the file cannot be read. */
static char *sl_read_head(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *b = sl_xmalloc(SL_PCH_SCAN_BYTES);
    *n = fread(b, 1, SL_PCH_SCAN_BYTES, f);
    fclose(f);
    return b;
}

/* ---- planning ----------------------------------------------------------- */

typedef struct sl_prefix {
    char *key;    /* owned: group digest, then the include lines */
    size_t job;
} sl_prefix;

static int sl_prefix_cmp(const void *a, const void *b)
{
    const sl_prefix *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    return x->job < y->job ? -1 : x->job > y->job;
}

/* How many jobs share the prefix key (keys sorted). */
static size_t sl_prefix_count(const sl_prefix *v, size_t n, const char *key)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(v[mid].key, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t c = 0;
    while (lo + c < n && !strcmp(v[lo + c].key, key))
        c++;
    return c;
}

static void sl_group_digest(const sl_job *j, const char *lang, char out[65])
{
    sl_sha256 h;
    sl_sha256_init(&h);
    sl_sha256_update(&h, j->directory ? j->directory : "", strlen(j->directory ? j->directory : "") + 1);
    sl_sha256_update(&h, lang, strlen(lang) + 1);
    for (size_t k = 0; k < j->args.n; k++)
        sl_sha256_update(&h, j->args.v[k], strlen(j->args.v[k]) + 1);
    sl_sha256_final_hex(&h, out);
}

/* Job i's resolved leading include lines, each "#include X\n" (owned). */
static void sl_job_lines(const sl_job *j, sl_strvec *lines)
{
    size_t n = 0;
    char *b = sl_read_head(j->file, &n);
    if (!b)
        return;
    sl_strvec specs = {0};
    sl_leading_includes(b, n, &specs);
    free(b);
    char *dir = sl_path_dirname(j->file);
    bool stop = false;
    for (size_t k = 0; k < specs.n; k++) {
        char *r = stop ? NULL : sl_resolve_include(specs.v[k], dir);
        if (!r)
            stop = true;
        else
            SL_VEC_PUSH(*lines, sl_xasprintf("#include %s\n", r));
        free(r);
    }
    sl_strvec_free(&specs);
    free(dir);
}

static char *sl_make_tmpdir(void)
{
    const char *t = getenv("TMPDIR");
    char *tmpl = sl_xasprintf("%s/sesslint-pch-XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(tmpl)) {
        free(tmpl);
        return NULL;
    }
    return tmpl;
}

static void sl_pch_fill_removals(sl_pch *p);
static void sl_pch_remove_on_signal(sl_pch *p);

sl_pch *sl_pch_plan(const sl_jobs *jobs, const bool *skip)
{
    size_t nj = jobs->n;
    SL_VEC(sl_prefix) all = {0};
    /* per job: its group digest and resolved lines */
    char (*group)[65] = sl_xcalloc(nj ? nj : 1, sizeof *group);
    sl_strvec *lines = sl_xcalloc(nj ? nj : 1, sizeof *lines);
    const char **langs = sl_xcalloc(nj ? nj : 1, sizeof *langs);
    for (size_t i = 0; i < nj; i++) {
        const sl_job *j = &jobs->v[i];
        const char *lang = langs[i] = skip && skip[i] ? NULL : sl_header_lang(j);
        if (!lang)
            continue;
        sl_job_lines(j, &lines[i]);
        sl_group_digest(j, lang, group[i]);
        sl_strbuf k = {0};
        sl_strbuf_puts(&k, group[i]);
        sl_strbuf_puts(&k, "\n");
        for (size_t l = 0; l < lines[i].n; l++) {
            sl_strbuf_puts(&k, lines[i].v[l]);
            sl_prefix p = {sl_xstrdup(k.s), i};
            SL_VEC_PUSH(all, p);
        }
        sl_strbuf_release(&k);
    }
    if (all.n)
        qsort(all.v, all.n, sizeof *all.v, sl_prefix_cmp);

    sl_pch *p = sl_xcalloc(1, sizeof *p);
    p->jobs = jobs;
    p->owner = getpid();
    p->job_entry = sl_xmalloc((nj ? nj : 1) * sizeof *p->job_entry);
    sl_strvec chosen = {0}; /* per entry, its prefix key */
    for (size_t i = 0; i < nj; i++) {
        p->job_entry[i] = -1;
        sl_strbuf k = {0}, text = {0};
        sl_strbuf_puts(&k, group[i]);
        sl_strbuf_puts(&k, "\n");
        size_t best = 0;
        char *best_key = NULL;
        for (size_t l = 0; l < lines[i].n; l++) {
            sl_strbuf_puts(&k, lines[i].v[l]);
            size_t c = sl_prefix_count(all.v, all.n, k.s);
            if (c < (l == 0 ? 2u : (size_t)SL_PCH_EXTEND_SHARE))
                break;
            best = l + 1;
            free(best_key);
            best_key = sl_xstrdup(k.s);
        }
        sl_strbuf_release(&k);
        if (best) {
            long e = -1;
            for (size_t c = 0; c < chosen.n && e < 0; c++)
                if (!strcmp(chosen.v[c], best_key))
                    e = (long)c;
            if (e < 0) {
                for (size_t l = 0; l < best; l++)
                    sl_strbuf_puts(&text, lines[i].v[l]);
                sl_pch_entry en = {sl_strbuf_detach(&text), i, langs[i], NULL, SL_PCH_UNKNOWN,
                                   {0}};
                SL_VEC_PUSH(p->entries, en);
                SL_VEC_PUSH(chosen, best_key);
                best_key = NULL;
                e = (long)p->entries.n - 1;
            }
            p->job_entry[i] = e;
        }
        free(best_key);
    }
    sl_strvec_free(&chosen);
    for (size_t k = 0; k < all.n; k++)
        free(all.v[k].key);
    free(all.v);
    for (size_t i = 0; i < nj; i++)
        sl_strvec_free(&lines[i]);
    free(lines);
    free(langs);
    free(group);
    /* the directory exists only with the handlers that remove it: a signal
     * in between waits */
    sigset_t block, old;
    sigemptyset(&block);
    for (int k = 0; k < 3; k++)
        sigaddset(&block, sl_pch_signals[k]);
    sigprocmask(SIG_BLOCK, &block, &old);
    if (p->entries.n)
        p->dir = sl_make_tmpdir();
    if (!p->dir) {
        sigprocmask(SIG_SETMASK, &old, NULL);
        sl_pch_free(p);
        return NULL;
    }
    sl_pch_fill_removals(p);
    sl_pch_remove_on_signal(p);
    sigprocmask(SIG_SETMASK, &old, NULL);
    return p;
}

static void sl_pch_fill_removals(sl_pch *p)
{
    static const char *const suffix[] = {"pch", "pch.tmp", "files", "failed", "building", "lock"};
    for (size_t e = 0; e < p->entries.n; e++) {
        p->entries.v[e].path = sl_xasprintf("%s/%zu.pch", p->dir, e);
        for (size_t k = 0; k < sizeof suffix / sizeof *suffix; k++)
            SL_VEC_PUSH(p->removals, sl_xasprintf("%s/%zu.%s", p->dir, e, suffix[k]));
        SL_VEC_PUSH(p->removals, sl_xasprintf("%s/h/%zu.h", p->dir, e));
    }
    SL_VEC_PUSH(p->removals, sl_xasprintf("%s/h", p->dir));
    SL_VEC_PUSH(p->removals, sl_xstrdup(p->dir));
}

size_t sl_pch_planned(const sl_pch *p, size_t *njobs)
{
    size_t n = 0;
    for (size_t i = 0; p && i < p->jobs->n; i++)
        n += p->job_entry[i] >= 0;
    if (njobs)
        *njobs = n;
    return p ? p->entries.n : 0;
}

const char *sl_pch_text(const sl_pch *p, size_t i)
{
    if (!p || i >= p->jobs->n || p->job_entry[i] < 0)
        return NULL;
    return p->entries.v[p->job_entry[i]].text;
}

/* ---- building ------------------------------------------------------------ */

static bool sl_exists(const char *path)
{
    return access(path, F_OK) == 0;
}

static int sl_touch(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    return close(fd);
}

static int sl_write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    bool ok = fputs(text, f) >= 0;
    return fclose(f) == 0 && ok ? 0 : -1;
}

/* The list of files beside a header: one path per line. */
static int sl_write_list(const char *path, const sl_strvec *files)
{
    sl_strbuf b = {0};
    for (size_t i = 0; i < files->n; i++)
        sl_strbuf_printf(&b, "%s\n", files->v[i]);
    int rc = sl_write_text(path, b.s ? b.s : "");
    sl_strbuf_release(&b);
    return rc;
}

static int sl_read_list(const char *path, sl_strvec *files)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) > 0) {
        if (line[n - 1] == '\n')
            line[--n] = '\0';
        if (n > 0)
            SL_VEC_PUSH(*files, sl_xstrdup(line));
    }
    free(line);
    bool bad = ferror(f);
    fclose(f);
    return bad ? -1 : 0;
}

/* Keep the first n lines of text. */
static void sl_cut_lines(char *text, unsigned n)
{
    char *p = text;
    for (unsigned k = 0; k < n && (p = strchr(p, '\n')); k++)
        p++;
    if (p)
        *p = '\0';
}

/* Build entry e unless a process did; the caller holds its lock. */
static sl_pch_state sl_pch_build_locked(sl_pch *p, CXIndex idx, size_t e)
{
    sl_pch_entry *en = &p->entries.v[e];
    char *failed = sl_xasprintf("%s/%zu.failed", p->dir, e);
    char *building = sl_xasprintf("%s/%zu.building", p->dir, e);
    char *hdir = sl_xasprintf("%s/h", p->dir);
    char *header = sl_xasprintf("%s/%zu.h", hdir, e);
    char *tmp = sl_xasprintf("%s/%zu.pch.tmp", p->dir, e);
    char *list = sl_xasprintf("%s/%zu.files", p->dir, e);
    sl_pch_state st = SL_PCH_FAILED;
    if (sl_exists(en->path)) {
        st = sl_read_list(list, &en->files) == 0 ? SL_PCH_READY : SL_PCH_FAILED;
    } else if (sl_exists(failed) || sl_exists(building)) {
        /* failed before, or its builder died (a crash inside libclang):
         * never tried twice */
        sl_touch(failed);
    } else if (sl_touch(building) == 0) {
        const sl_job *j = &p->jobs->v[en->job];
        sl_parse_input in = {0};
        in.file = header;
        in.directory = j->directory;
        in.args = (const char *const *)j->args.v;
        in.nargs = (int)j->args.n;
        sl_error err = {{0}};
        bool dir_ok = mkdir(hdir, 0700) == 0 || errno == EEXIST;
        /* a line including a file without a guard ends the header there */
        while (dir_ok && st != SL_PCH_READY && en->text[0]) {
            unsigned cut = 0;
            if (sl_write_text(header, en->text) != 0)
                break;
            sl_strvec_free(&en->files);
            if (sl_frontend_write_pch(idx, &in, en->lang, tmp, &cut, &en->files, &err) == 0 &&
                sl_write_list(list, &en->files) == 0 && rename(tmp, en->path) == 0) {
                st = SL_PCH_READY;
                break;
            }
            if (cut == 0)
                break;
            sl_cut_lines(en->text, cut - 1);
        }
        if (st != SL_PCH_READY) {
            unlink(tmp);
            sl_touch(failed);
        }
        unlink(building);
    }
    free(failed);
    free(building);
    free(hdir);
    free(header);
    free(tmp);
    free(list);
    if (st != SL_PCH_READY)
        sl_strvec_free(&en->files);
    return st;
}

const char *sl_pch_get(sl_pch *p, CXIndex idx, size_t i, const char *const **files,
                       size_t *nfiles)
{
    *files = NULL;
    *nfiles = 0;
    if (!p || i >= p->jobs->n || p->job_entry[i] < 0)
        return NULL;
    size_t e = (size_t)p->job_entry[i];
    sl_pch_entry *en = &p->entries.v[e];
    if (en->state == SL_PCH_UNKNOWN) {
        en->state = SL_PCH_FAILED;
        char *lock = sl_xasprintf("%s/%zu.lock", p->dir, e);
        int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd >= 0) {
            if (flock(fd, LOCK_EX) == 0) {
                en->state = sl_pch_build_locked(p, idx, e);
                flock(fd, LOCK_UN);
            }
            close(fd);
        }
        free(lock);
    }
    if (en->state != SL_PCH_READY)
        return NULL;
    *files = (const char *const *)en->files.v;
    *nfiles = en->files.n;
    return en->path;
}

/* Only async-signal-safe calls: also run from a signal handler. */
static void sl_remove_tree(const sl_pch *p)
{
    for (size_t i = 0; i < p->removals.n; i++)
        if (unlink(p->removals.v[i]) != 0)
            rmdir(p->removals.v[i]);
}

static void sl_pch_on_signal(int sig)
{
    sl_pch *p = sl_pch_signal_plan;
    if (p && p->owner == getpid()) {
        /* a worker that got the signal too may still be writing a file;
         * once the directory is gone it cannot (2 s at most) */
        struct timespec ts = {0, 20 * 1000 * 1000};
        for (int i = 0; i < 100; i++) {
            sl_remove_tree(p);
            if (access(p->dir, F_OK) != 0)
                break;
            nanosleep(&ts, NULL);
        }
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

static void sl_pch_remove_on_signal(sl_pch *p)
{
    if (!p || p->handlers)
        return;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = sl_pch_on_signal;
    sigemptyset(&sa.sa_mask);
    sl_pch_signal_plan = p;
    for (int k = 0; k < 3; k++) {
        sigaction(sl_pch_signals[k], NULL, &p->old[k]);
        if (p->old[k].sa_handler != SIG_IGN) /* an ignored signal stays so */
            sigaction(sl_pch_signals[k], &sa, NULL);
    }
    p->handlers = true;
}

void sl_pch_signals_restore(const sl_pch *p)
{
    for (int k = 0; p && p->handlers && k < 3; k++)
        sigaction(sl_pch_signals[k], &p->old[k], NULL);
}

void sl_pch_free(sl_pch *p)
{
    if (!p)
        return;
    if (p->handlers && p->owner == getpid()) {
        sl_pch_signals_restore(p);
        sl_pch_signal_plan = NULL;
    }
    if (p->dir && p->owner == getpid())
        sl_remove_tree(p);
    sl_strvec_free(&p->removals);
    for (size_t e = 0; e < p->entries.n; e++) {
        free(p->entries.v[e].text);
        free(p->entries.v[e].path);
        sl_strvec_free(&p->entries.v[e].files);
    }
    free(p->entries.v);
    free(p->job_entry);
    free(p->dir);
    free(p);
}
