/* inputs: see inputs.h. */
#include "inputs.h"

#include <clang-c/CXCompilationDatabase.h>
#include <dirent.h>
#include <limits.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pyfront.h"

void sl_jobs_free(sl_jobs *jobs)
{
    for (size_t i = 0; i < jobs->n; i++) {
        sl_job *j = &jobs->v[i];
        free(j->file);
        free(j->directory);
        for (size_t k = 0; k < j->args.n; k++)
            free(j->args.v[k]);
        free(j->args.v);
    }
    free(jobs->v);
    jobs->v = NULL;
    jobs->n = jobs->cap = 0;
}

bool sl_is_source_name(const char *name)
{
    static const char *const ext[] = {".c", ".cc", ".cpp", ".cxx", ".c++", ".C"};
    for (size_t i = 0; i < sizeof ext / sizeof *ext; i++)
        if (sl_str_ends_with(name, ext[i]))
            return true;
    return false;
}

bool sl_is_header_name(const char *name)
{
    static const char *const ext[] = {".h",   ".hh",  ".hpp", ".hxx", ".h++", ".H",
                                      ".inc", ".def", ".inl", ".ipp", ".tcc", ".tpp"};
    for (size_t i = 0; i < sizeof ext / sizeof *ext; i++)
        if (sl_str_ends_with(name, ext[i]))
            return true;
    return false;
}

/* Flags whose value is a path.  Alone, the value is the next argument;
 * joined, it follows the name directly, or after '=' for the eq forms.
 * Where one name begins another, the longer comes first; keep entries are
 * relative to something other than the working directory (the sysroot,
 * -iprefix) and stay as written. */
static const struct sl_path_flag {
    const char *name;
    bool eq;   /* joined form is name=value (else namevalue) */
    bool file; /* -include and the like: rewritten only when base/value exists */
    bool keep; /* never rewritten */
} sl_path_flags[] = {
    {"-include-pch", false, false, false},
    {"-include", false, true, false},
    {"-imacros", false, true, false},
    {"-idirafter", false, false, false},
    {"-iquote", false, false, false},
    {"-isystem-after", false, false, false},
    {"-isystem", false, false, false},
    {"-isysroot", false, false, false},
    {"-iframeworkwithsysroot", false, false, true},
    {"-iframework", false, false, false},
    {"-iwithsysroot", false, false, true},
    {"-iwithprefixbefore", false, false, true},
    {"-iwithprefix", false, false, true},
    {"-iprefix", false, false, false},
    {"-ivfsoverlay", false, false, false},
    {"-cxx-isystem", false, false, false},
    {"-I", false, false, false},
    {"-F", false, false, false},
    {"--sysroot", true, false, false},
    {"--include-directory-after", true, false, false},
    {"--include-directory", true, false, false},
    {"-resource-dir", true, false, false},
    {"-fmodule-map-file", true, false, false},
    {"-fmodules-cache-path", true, false, false},
    {"-fprebuilt-module-path", true, false, false},
};

/* value read from base; returns owned. */
static char *sl_flag_path(const struct sl_path_flag *pf, const char *value, const char *base)
{
    if (pf->keep || !*value || value[0] == '/' || value[0] == '=' || value[0] == '$' ||
        !strcmp(value, "-"))
        return sl_xstrdup(value);
    char *joined = sl_path_join(base, value);
    if (pf->file && access(joined, F_OK) != 0) {
        free(joined);
        return sl_xstrdup(value);
    }
    char *abs = sl_path_absolute_lexical(joined);
    free(joined);
    if (value[strlen(value) - 1] == '/' && abs[strlen(abs) - 1] != '/') {
        char *slashed = sl_xasprintf("%s/", abs); /* -iprefix is a prefix */
        free(abs);
        abs = slashed;
    }
    return abs;
}

void sl_flags_absolute(const char *const *flags, size_t n, const char *base, sl_strvec *out)
{
    for (size_t i = 0; i < n; i++) {
        const char *a = flags[i];
        if (!strcmp(a, "-Xclang") && i + 1 < n) { /* the next one is the parser's own */
            SL_VEC_PUSH(*out, sl_xstrdup(a));
            SL_VEC_PUSH(*out, sl_xstrdup(flags[++i]));
            continue;
        }
        const struct sl_path_flag *pf = NULL;
        size_t len = 0;
        for (size_t k = 0; k < sizeof sl_path_flags / sizeof *sl_path_flags && !pf; k++) {
            len = strlen(sl_path_flags[k].name);
            if (!strncmp(a, sl_path_flags[k].name, len) &&
                (!a[len] || (sl_path_flags[k].eq ? a[len] == '=' : true)))
                pf = &sl_path_flags[k];
        }
        if (!pf) {
            SL_VEC_PUSH(*out, sl_xstrdup(a));
        } else if (!a[len]) { /* separate: the value is the next argument */
            SL_VEC_PUSH(*out, sl_xstrdup(a));
            if (i + 1 < n)
                SL_VEC_PUSH(*out, sl_flag_path(pf, flags[++i], base));
        } else {
            size_t skip = len + (pf->eq ? 1 : 0);
            char *v = sl_flag_path(pf, a + skip, base);
            SL_VEC_PUSH(*out, sl_xasprintf("%.*s%s", (int)skip, a, v));
            free(v);
        }
    }
}

/* The extra flags of a job list, read from the current directory (owned
 * strings in out). */
static void sl_extra_from_cwd(const char *const *extra, size_t nextra, sl_strvec *out)
{
    char *cwd = sl_path_absolute_lexical(".");
    sl_flags_absolute(extra, nextra, cwd, out);
    free(cwd);
}

static bool sl_matches_filter(const char *file, const char *const *filters, size_t n)
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

/* Flags that make no sense for a parse (outputs, dependency files). */
static size_t sl_skip_flag(const char *a)
{
    if (!strcmp(a, "-o") || !strcmp(a, "-MF") || !strcmp(a, "-MT") || !strcmp(a, "-MQ"))
        return 2;
    if (!strcmp(a, "-c") || !strcmp(a, "-MD") || !strcmp(a, "-MMD") || !strcmp(a, "-M") ||
        !strcmp(a, "-MM") || !strcmp(a, "-MP") || !strncmp(a, "-o", 2) ||
        !strncmp(a, "-MF", 3) || !strncmp(a, "-MT", 3) || !strncmp(a, "-MQ", 3))
        return 1;
    return 0;
}

static int sl_cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int sl_job_cmp(const void *a, const void *b)
{
    return strcmp(((const sl_job *)a)->file, ((const sl_job *)b)->file);
}

int sl_jobs_from_compdb(sl_jobs *out, const char *build_dir, const char *const *filters,
                        size_t nfilters, const char *const *extra, size_t nextra, sl_error *err)
{
    char *dbfile = sl_path_join(build_dir, "compile_commands.json");
    struct stat st;
    if (stat(dbfile, &st) != 0) {
        sl_error_set(err, "%s: cannot read the compilation database: %s", dbfile,
                     strerror(errno));
        free(dbfile);
        return -1;
    }
    /* libclang prefers a compile_flags.txt next to compile_commands.json
     * (and then lists no commands): load the JSON from a private copy. */
    char *flags = sl_path_join(build_dir, "compile_flags.txt");
    char *tmpdir = NULL;
    const char *load_dir = build_dir;
    if (access(flags, F_OK) == 0) {
        char tmpl[] = "/tmp/sesslint-compdb-XXXXXX";
        if (mkdtemp(tmpl)) {
            tmpdir = sl_xstrdup(tmpl);
            char *copy = sl_path_join(tmpdir, "compile_commands.json");
            size_t len = 0;
            char *text = sl_read_file(dbfile, &len, NULL);
            FILE *f = text ? fopen(copy, "wb") : NULL;
            if (f) {
                fwrite(text, 1, len, f);
                fclose(f);
                load_dir = tmpdir;
            }
            free(text);
            free(copy);
        }
    }
    free(flags);
    CXCompilationDatabase_Error dberr = CXCompilationDatabase_NoError;
    CXCompilationDatabase db = clang_CompilationDatabase_fromDirectory(load_dir, &dberr);
    if (tmpdir) {
        char *copy = sl_path_join(tmpdir, "compile_commands.json");
        unlink(copy);
        rmdir(tmpdir);
        free(copy);
        free(tmpdir);
    }
    if (dberr != CXCompilationDatabase_NoError || !db) {
        sl_error_set(err, "%s:1:1: not a valid compilation database (libclang could not load it)",
                     dbfile);
        free(dbfile);
        if (db)
            clang_CompilationDatabase_dispose(db);
        return -1;
    }
    char *absbuild = sl_path_absolute(build_dir);
    sl_strvec xflags = {0};
    sl_extra_from_cwd(extra, nextra, &xflags);
    CXCompileCommands cmds = clang_CompilationDatabase_getAllCompileCommands(db);
    unsigned n = cmds ? clang_CompileCommands_getSize(cmds) : 0;
    char **absfilters = sl_xcalloc(nfilters + 1, sizeof *absfilters);
    for (size_t i = 0; i < nfilters; i++)
        absfilters[i] = sl_path_absolute(filters[i]);
    size_t first = out->n;
    for (unsigned i = 0; i < n; i++) {
        CXCompileCommand cmd = clang_CompileCommands_getCommand(cmds, i);
        CXString dir = clang_CompileCommand_getDirectory(cmd);
        CXString fn = clang_CompileCommand_getFilename(cmd);
        const char *d0 = clang_getCString(dir), *f = clang_getCString(fn);
        /* A relative "directory" is taken relative to the database's own
         * directory, not to wherever sesslint was started. */
        char *dabs = d0 && *d0 ? sl_path_join(absbuild, d0) : sl_xstrdup(absbuild);
        const char *d = dabs;
        char *joined = sl_path_join(d, f ? f : "");
        char *abs = sl_path_absolute(joined);
        free(joined);
        bool dup = false;
        for (size_t k = first; k < out->n && !dup; k++)
            dup = !strcmp(out->v[k].file, abs);
        if (dup || !sl_matches_filter(abs, (const char *const *)absfilters, nfilters)) {
            free(abs);
            free(dabs);
            clang_disposeString(dir);
            clang_disposeString(fn);
            continue;
        }
        sl_job job = {0};
        job.file = abs;
        job.directory = sl_path_absolute(d);
        unsigned na = clang_CompileCommand_getNumArgs(cmd);
        for (unsigned a = 1; a < na; a++) {
            CXString s = clang_CompileCommand_getArg(cmd, a);
            const char *arg = clang_getCString(s);
            size_t skip = arg ? sl_skip_flag(arg) : 1;
            bool is_file = arg && f && (!strcmp(arg, f) || !strcmp(arg, abs));
            if (arg && !is_file && !skip && arg[0] != '-') {
                /* the source named relative to the directory while "file"
                 * is absolute (as bear writes it) */
                char *j = sl_path_join(d, arg);
                char *ja = sl_path_absolute(j);
                is_file = !strcmp(ja, abs);
                free(j);
                free(ja);
            }
            if (!skip && !is_file)
                SL_VEC_PUSH(job.args, sl_xstrdup(arg));
            clang_disposeString(s);
            if (skip == 2)
                a++;
        }
        for (size_t k = 0; k < xflags.n; k++)
            SL_VEC_PUSH(job.args, sl_xstrdup(xflags.v[k]));
        job.from_compdb = true;
        SL_VEC_PUSH(*out, job);
        free(dabs);
        clang_disposeString(dir);
        clang_disposeString(fn);
    }
    for (size_t i = 0; i < nfilters; i++)
        free(absfilters[i]);
    free(absfilters);
    if (cmds)
        clang_CompileCommands_dispose(cmds);
    clang_CompilationDatabase_dispose(db);
    free(dbfile);
    free(absbuild);
    sl_strvec_free(&xflags);
    if (out->n - first > 1)
        qsort(out->v + first, out->n - first, sizeof *out->v, sl_job_cmp);
    return 0;
}

/* Flags from the nearest compile_flags.txt above file (one flag a line;
 * relative -I paths are relative to that file's directory). */
static void sl_add_compile_flags(sl_job *job)
{
    char *start = sl_path_dirname(job->file);
    char *dir = sl_find_upwards(start, "compile_flags.txt");
    free(start);
    if (!dir)
        return;
    char *cf = sl_path_join(dir, "compile_flags.txt");
    char *text = sl_read_file(cf, NULL, NULL);
    free(cf);
    if (text) {
        free(job->directory);
        job->directory = sl_xstrdup(dir);
        for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
            size_t n = strlen(line);
            while (n && (line[n - 1] == '\r' || line[n - 1] == ' '))
                line[--n] = 0;
            if (n && line[0] != '#')
                SL_VEC_PUSH(job->args, sl_xstrdup(line));
        }
        free(text);
    }
    free(dir);
}

/* Is path dir or below it? */
static bool sl_under(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    return !strncmp(path, dir, n) && (!path[n] || path[n] == '/' || (n && dir[n - 1] == '/'));
}

/* What a walk collects: sources into jobs, header files into headers. */
typedef struct sl_walk_ctx {
    sl_jobs *jobs;
    sl_strvec *headers; /* or NULL */
    sl_error *err;
} sl_walk_ctx;

/* Walk the directory path (absolute).  sources: collect sources here (off
 * below a CMake build tree, and when only headers are wanted). */
static int sl_walk(sl_walk_ctx *w, const char *path, int depth, bool sources)
{
    if (depth > 64)
        return 0;
    DIR *d = opendir(path);
    if (!d)
        return sl_error_set(w->err, "%s: cannot read directory: %s", path, strerror(errno));
    SL_VEC(char *) names = {0};
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        SL_VEC_PUSH(names, sl_xstrdup(de->d_name));
    }
    closedir(d);
    int rc = 0;
    for (size_t i = 0; i < names.n; i++) {
        char *full = sl_path_join(path, names.v[i]);
        struct stat st;
        if (stat(full, &st) == 0) {
            if (S_ISDIR(st.st_mode)) {
                char *cache = sl_path_join(full, "CMakeCache.txt");
                bool build_tree = access(cache, F_OK) == 0;
                free(cache);
                if (rc == 0 && (w->headers || (sources && !build_tree)))
                    rc = sl_walk(w, full, depth + 1, sources && !build_tree);
            } else if (!S_ISREG(st.st_mode)) {
            } else if (sources &&
                       (sl_is_source_name(names.v[i]) || sl_is_python_name(names.v[i]))) {
                sl_job job = {0};
                job.file = sl_xstrdup(full);
                SL_VEC_PUSH(*w->jobs, job);
            } else if (w->headers && sl_is_header_name(names.v[i])) {
                SL_VEC_PUSH(*w->headers, sl_xstrdup(full));
            }
        }
        free(full);
        free(names.v[i]);
    }
    free(names.v);
    return rc;
}

/* sl_jobs_from_paths, and the header files of the trees into headers (may
 * be NULL). */
static int sl_collect(sl_jobs *out, sl_strvec *headers, const char *const *paths, size_t npaths,
                      const char *const *extra, size_t nextra, sl_error *err)
{
    size_t first = out->n;
    sl_walk_ctx w = {out, headers, err};
    sl_strvec walked = {0}, file_dirs = {0};
    int rc = 0;
    for (size_t i = 0; i < npaths && rc == 0; i++) {
        struct stat st;
        if (stat(paths[i], &st) != 0) {
            rc = sl_error_set(err, "%s: %s", paths[i], strerror(errno));
            break;
        }
        char *abs = sl_path_absolute_lexical(paths[i]);
        if (S_ISDIR(st.st_mode)) {
            rc = sl_walk(&w, abs, 0, true);
            SL_VEC_PUSH(walked, abs);
        } else {
            sl_job job = {0};
            job.file = abs;
            SL_VEC_PUSH(*out, job);
            if (headers)
                SL_VEC_PUSH(file_dirs, sl_path_dirname(abs));
        }
    }
    /* the headers of given files' directories, each tree walked once */
    if (file_dirs.n)
        qsort(file_dirs.v, file_dirs.n, sizeof *file_dirs.v, sl_cmp_str);
    for (size_t i = 0; i < file_dirs.n && rc == 0; i++) {
        bool done = false;
        for (size_t k = 0; k < walked.n && !done; k++)
            done = sl_under(file_dirs.v[i], walked.v[k]);
        if (!done) {
            rc = sl_walk(&w, file_dirs.v[i], 0, false);
            SL_VEC_PUSH(walked, sl_xstrdup(file_dirs.v[i]));
        }
    }
    sl_strvec_free(&walked);
    sl_strvec_free(&file_dirs);
    if (rc != 0)
        return -1;
    if (out->n - first > 1)
        qsort(out->v + first, out->n - first, sizeof *out->v, sl_job_cmp);
    /* drop duplicates (a file named twice) */
    size_t o = first;
    for (size_t i = first; i < out->n; i++) {
        if (o > first && !strcmp(out->v[o - 1].file, out->v[i].file)) {
            free(out->v[i].file);
            continue;
        }
        out->v[o++] = out->v[i];
    }
    out->n = o;
    sl_strvec xflags = {0};
    sl_extra_from_cwd(extra, nextra, &xflags);
    for (size_t i = first; i < out->n; i++) {
        sl_job *j = &out->v[i];
        j->directory = sl_path_dirname(j->file);
        sl_add_compile_flags(j);
        for (size_t k = 0; k < xflags.n; k++)
            SL_VEC_PUSH(j->args, sl_xstrdup(xflags.v[k]));
    }
    sl_strvec_free(&xflags);
    if (headers && headers->n) {
        qsort(headers->v, headers->n, sizeof *headers->v, sl_cmp_str);
        size_t h = 1;
        for (size_t i = 1; i < headers->n; i++) {
            if (!strcmp(headers->v[h - 1], headers->v[i]))
                free(headers->v[i]);
            else
                headers->v[h++] = headers->v[i];
        }
        headers->n = h;
    }
    return 0;
}

int sl_jobs_from_paths(sl_jobs *out, const char *const *paths, size_t npaths,
                       const char *const *extra, size_t nextra, sl_error *err)
{
    return sl_collect(out, NULL, paths, npaths, extra, nextra, err);
}

void sl_paths_digest(const sl_strvec *paths, char out[65])
{
    sl_sha256 c;
    sl_sha256_init(&c);
    for (size_t i = 0; i < paths->n; i++)
        sl_sha256_update(&c, paths->v[i], strlen(paths->v[i]) + 1);
    sl_sha256_final_hex(&c, out);
}

char *sl_compdb_find(const char *path)
{
    char *d = sl_path_absolute_lexical(path);
    if (!sl_path_is_dir(d)) {
        char *up = sl_path_dirname(d);
        free(d);
        d = up;
    }
    for (;;) {
        char *probe = sl_path_join(d, "compile_commands.json");
        bool here = access(probe, F_OK) == 0;
        free(probe);
        if (here)
            return d;
        char *build = sl_path_join(d, "build");
        probe = sl_path_join(build, "compile_commands.json");
        bool below = access(probe, F_OK) == 0;
        free(probe);
        if (below) {
            free(d);
            return build;
        }
        free(build);
        if (!strcmp(d, "/")) {
            free(d);
            return NULL;
        }
        char *up = sl_path_dirname(d);
        free(d);
        d = up;
    }
}

/* Give path jobs whose file a database job names (the same file after
 * symlinks) that job's directory and flags; database jobs for files no
 * path job names are added.  A path job keeps its own file name.  Takes
 * the strings of db (leaves it empty).  Returns how many db jobs were used. */
static size_t sl_merge_compdb(sl_jobs *out, size_t first, char **real, sl_jobs *db)
{
    size_t used = 0, npath = out->n;
    for (size_t k = 0; k < db->n; k++) {
        sl_job *d = &db->v[k];
        sl_job *p = NULL;
        for (size_t i = first; i < npath && !p; i++)
            if (real[i - first] && !strcmp(real[i - first], d->file))
                p = &out->v[i];
        used++;
        if (!p) {
            SL_VEC_PUSH(*out, *d);
            continue;
        }
        free(d->file);
        free(p->directory);
        for (size_t a = 0; a < p->args.n; a++)
            free(p->args.v[a]);
        free(p->args.v);
        p->directory = d->directory;
        p->args.v = d->args.v;
        p->args.n = d->args.n;
        p->args.cap = d->args.cap;
        p->from_compdb = true;
    }
    free(db->v);
    memset(db, 0, sizeof *db);
    return used;
}

int sl_jobs_discover(sl_jobs *out, sl_strvec *headers, sl_strvec *notes,
                     const char *const *paths, size_t npaths, const char *const *extra,
                     size_t nextra, sl_error *err)
{
    size_t first = out->n;
    if (sl_collect(out, headers, paths, npaths, extra, nextra, err) != 0)
        return -1;
    /* the database of each path; paths sharing one are loaded together */
    SL_VEC(char *) dbs = {0};
    size_t *which = sl_xcalloc(npaths + 1, sizeof *which);
    for (size_t i = 0; i < npaths; i++) {
        char *d = sl_compdb_find(paths[i]);
        which[i] = SIZE_MAX;
        if (!d)
            continue;
        for (size_t k = 0; k < dbs.n && which[i] == SIZE_MAX; k++)
            if (!strcmp(dbs.v[k], d))
                which[i] = k;
        if (which[i] == SIZE_MAX) {
            which[i] = dbs.n;
            SL_VEC_PUSH(dbs, d);
        } else {
            free(d);
        }
    }
    size_t *used = sl_xcalloc(dbs.n + 1, sizeof *used);
    char **real = sl_xcalloc(out->n - first + 1, sizeof *real);
    for (size_t i = first; dbs.n && i < out->n; i++) {
        char buf[PATH_MAX];
        real[i - first] = realpath(out->v[i].file, buf) ? sl_xstrdup(buf) : NULL;
    }
    size_t npath = out->n - first;
    for (size_t k = 0; k < dbs.n; k++) {
        SL_VEC(const char *) filters = {0};
        for (size_t i = 0; i < npaths; i++)
            if (which[i] == k)
                SL_VEC_PUSH(filters, paths[i]);
        sl_jobs db = {0};
        sl_error derr = {{0}};
        if (sl_jobs_from_compdb(&db, dbs.v[k], filters.v, filters.n, extra, nextra, &derr) != 0) {
            if (notes)
                SL_VEC_PUSH(*notes, sl_xasprintf("sesslint: %s; not used", derr.msg));
        } else {
            used[k] = sl_merge_compdb(out, first, real, &db);
        }
        sl_jobs_free(&db);
        free(filters.v);
    }
    for (size_t i = 0; i < npath; i++)
        free(real[i]);
    free(real);
    if (out->n - first > 1)
        qsort(out->v + first, out->n - first, sizeof *out->v, sl_job_cmp);
    for (size_t k = 0; k < dbs.n; k++) {
        if (notes && used[k]) {
            char *file = sl_path_join(dbs.v[k], "compile_commands.json");
            size_t total = out->n - first;
            if (used[k] == total)
                SL_VEC_PUSH(*notes, sl_xasprintf("sesslint: using %s", file));
            else
                SL_VEC_PUSH(*notes,
                            sl_xasprintf("sesslint: using %s for %zu of %zu files (the others: "
                                         "compile_flags.txt and the flags after --)",
                                         file, used[k], total));
            free(file);
        }
        free(dbs.v[k]);
    }
    free(dbs.v);
    free(used);
    free(which);
    return 0;
}
