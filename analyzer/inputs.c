/* inputs: see inputs.h. */
#include "inputs.h"

#include <clang-c/CXCompilationDatabase.h>
#include <dirent.h>
#include <errno.h>
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
        for (size_t k = 0; k < nextra; k++)
            SL_VEC_PUSH(job.args, sl_xstrdup(extra[k]));
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

static int sl_walk(sl_jobs *out, const char *path, int depth, sl_error *err)
{
    if (depth > 64)
        return 0;
    DIR *d = opendir(path);
    if (!d)
        return sl_error_set(err, "%s: cannot read directory: %s", path, strerror(errno));
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
                if (rc == 0)
                    rc = sl_walk(out, full, depth + 1, err);
            } else if (S_ISREG(st.st_mode) &&
                       (sl_is_source_name(names.v[i]) || sl_is_python_name(names.v[i]))) {
                sl_job job = {0};
                job.file = sl_path_absolute(full);
                SL_VEC_PUSH(*out, job);
            }
        }
        free(full);
        free(names.v[i]);
    }
    free(names.v);
    return rc;
}

int sl_jobs_from_paths(sl_jobs *out, const char *const *paths, size_t npaths,
                       const char *const *extra, size_t nextra, sl_error *err)
{
    size_t first = out->n;
    for (size_t i = 0; i < npaths; i++) {
        struct stat st;
        if (stat(paths[i], &st) != 0)
            return sl_error_set(err, "%s: %s", paths[i], strerror(errno));
        if (S_ISDIR(st.st_mode)) {
            if (sl_walk(out, paths[i], 0, err) != 0)
                return -1;
        } else {
            sl_job job = {0};
            job.file = sl_path_absolute(paths[i]);
            SL_VEC_PUSH(*out, job);
        }
    }
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
    for (size_t i = first; i < out->n; i++) {
        sl_job *j = &out->v[i];
        j->directory = sl_path_dirname(j->file);
        sl_add_compile_flags(j);
        for (size_t k = 0; k < nextra; k++)
            SL_VEC_PUSH(j->args, sl_xstrdup(extra[k]));
    }
    return 0;
}
