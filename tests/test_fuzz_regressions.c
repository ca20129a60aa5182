/* Fuzz regressions: every input under tests/fuzz/regressions/HARNESS/ (an
 * input that once crashed, leaked or hung a fuzz harness, minimized) is
 * replayed through the code that harness runs, tests/fuzz/fuzz_paths.c,
 * one Check test per file.  The harnesses' seed inputs are replayed too, with
 * what they must give: the shipped rule files load, the corpus C files
 * parse and report their leaks, and a database written by `sesslint check`
 * at test time opens and reads back its run; damaged copies of the seeds are
 * refused with a message naming the file, or read, never a crash.
 *
 * fuzz_paths.c is included here rather than linked: each tests/test_*.c is
 * built from itself and testutil.c alone (tests/CMakeLists.txt), and the
 * fuzz build compiles the same file into the harnesses. */
#include "fuzz/fuzz_paths.c"

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "testutil.h"

enum { H_RULES, H_FRONTEND, H_DB, H_COUNT };
static const char *const harness_names[H_COUNT] = {"rules", "frontend", "db"};

typedef SL_VEC(char *) sl_pathlist;

static sl_fuzz_ctx g_ctx;
static sl_pathlist g_regressions[H_COUNT];

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Regular files of dir whose name does not start with '.', sorted; a
 * missing directory holds none. */
static void list_files(const char *dir, sl_pathlist *out)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || (len > 7 && !strcmp(e->d_name + len - 7, ".expect")))
            continue;
        char *p = sl_path_join(dir, e->d_name);
        struct stat sb;
        if (stat(p, &sb) == 0 && S_ISREG(sb.st_mode))
            SL_VEC_PUSH(*out, p);
        else
            free(p);
    }
    closedir(d);
    if (out->n)
        qsort(out->v, out->n, sizeof *out->v, cmp_str);
}

static void free_list(sl_pathlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

static char *read_input(const char *path, size_t *n)
{
    sl_error err = {{0}};
    char *s = sl_read_file(path, n, &err);
    ck_assert_msg(s != NULL, "%s", err.msg);
    return s;
}

/* ---- committed regression inputs ---------------------------------------- */

static void replay(int h, const char *path, sl_fuzz_outcome *out)
{
    size_t n;
    char *data = read_input(path, &n);
    fprintf(stderr, "fuzz regression %s: %s (%zu bytes)\n", harness_names[h], path, n);
    const uint8_t *bytes = (const uint8_t *)data;
    if (h == H_RULES)
        sl_fuzz_rules_one(&g_ctx, bytes, n, out);
    else if (h == H_FRONTEND)
        sl_fuzz_frontend_one(&g_ctx, bytes, n, out);
    else
        sl_fuzz_db_one(&g_ctx, bytes, n, out);
    free(data);
}

/* What an input must give in every build, not only where a sanitizer sees
 * the fault it once caused: its sidecar INPUT.expect holds lines "field
 * value" for accepted, skipped, reopened, items, findings and summaries
 * (those it names are checked).  An input without one is only replayed. */
static void check_expected(const char *path, const sl_fuzz_outcome *out)
{
    char *exp_path = sl_xasprintf("%s.expect", path);
    char *text = sl_read_file(exp_path, NULL, NULL);
    free(exp_path);
    if (!text)
        return;
    char *save = NULL;
    int checked = 0;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char field[32];
        unsigned long long v;
        if (line[0] == '#' || sscanf(line, "%31s %llu", field, &v) != 2)
            continue;
        unsigned long long got = !strcmp(field, "accepted")    ? out->accepted
                                 : !strcmp(field, "skipped")   ? out->skipped
                                 : !strcmp(field, "reopened")  ? out->reopened
                                 : !strcmp(field, "items")     ? out->items
                                 : !strcmp(field, "findings")  ? out->findings
                                 : !strcmp(field, "summaries") ? out->summaries
                                                               : ~0ull;
        ck_assert_msg(got != ~0ull, "%s.expect: unknown field '%s'", path, field);
        ck_assert_msg(got == v, "%s: %s is %llu, expected %llu", path, field, got, v);
        checked++;
    }
    free(text);
    ck_assert_msg(checked > 0, "%s.expect checks nothing", path);
}

START_TEST(rules_regression)
{
    const char *path = g_regressions[H_RULES].v[_i];
    sl_fuzz_outcome out;
    replay(H_RULES, path, &out);
    ck_assert_msg(out.accepted || strstr(out.err.msg, "fuzz-input.yaml"),
                  "%s: refused without naming the file: '%s'", path, out.err.msg);
    check_expected(path, &out);
}
END_TEST

START_TEST(frontend_regression)
{
    const char *path = g_regressions[H_FRONTEND].v[_i];
    sl_fuzz_outcome out;
    replay(H_FRONTEND, path, &out);
    ck_assert_msg(out.skipped || out.accepted || out.err.msg[0],
                  "%s: no TU and no reason", path);
    fprintf(stderr, "  accepted %d skipped %d items %zu findings %zu summaries %zu\n",
            out.accepted, out.skipped, out.items, out.findings, out.summaries);
    check_expected(path, &out);
}
END_TEST

START_TEST(db_regression)
{
    const char *path = g_regressions[H_DB].v[_i];
    sl_fuzz_outcome out;
    replay(H_DB, path, &out);
    ck_assert_msg(out.accepted || out.reopened || strstr(out.err.msg, g_ctx.db_path),
                  "%s: refused without naming the file: '%s'", path, out.err.msg);
    check_expected(path, &out);
}
END_TEST

/* ---- seeds -------------------------------------------------------------- */

START_TEST(rules_seeds)
{
    sl_pathlist files = {0};
    list_files(g_ctx.rules_dir, &files);
    size_t yaml = 0;
    for (size_t i = 0; i < files.n; i++) {
        if (!sl_str_ends_with(files.v[i], ".yaml"))
            continue;
        yaml++;
        size_t n;
        char *data = read_input(files.v[i], &n);
        sl_fuzz_outcome out;
        sl_fuzz_rules_one(&g_ctx, (const uint8_t *)data, n, &out);
        ck_assert_msg(out.accepted && out.items > 0, "%s: %s", files.v[i], out.err.msg);
        /* Cut short anywhere: loaded or refused with the name, never a crash. */
        for (size_t cut = 1; cut < 8; cut++) {
            sl_fuzz_rules_one(&g_ctx, (const uint8_t *)data, n * cut / 8, &out);
            ck_assert_msg(out.accepted || strstr(out.err.msg, "fuzz-input.yaml"),
                          "%s cut at %zu/8: '%s'", files.v[i], cut, out.err.msg);
        }
        free(data);
    }
    ck_assert_uint_ge(yaml, 5);
    free_list(&files);
}
END_TEST

/* Does a corpus file mark a leak the built-in rules report (not only
 * leak.memory, which needs --enable memory)? */
static bool marks_default_leak(const char *src)
{
    for (const char *p = strstr(src, "// expect: leak."); p; p = strstr(p + 1, "// expect: leak."))
        if (strncmp(p, "// expect: leak.memory", 22) != 0 || p[22] == ',')
            return true;
    return false;
}

START_TEST(frontend_seeds)
{
    /* The first C file of every corpus directory. */
    char *corpus = sl_path_join(g_ctx.source_dir, "corpus");
    DIR *d = opendir(corpus);
    ck_assert_ptr_nonnull(d);
    sl_pathlist dirs = {0};
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.')
            SL_VEC_PUSH(dirs, sl_path_join(corpus, e->d_name));
    closedir(d);
    size_t parsed = 0, leaky = 0;
    for (size_t i = 0; i < dirs.n; i++) {
        sl_pathlist files = {0};
        list_files(dirs.v[i], &files);
        for (size_t j = 0; j < files.n; j++) {
            if (!sl_str_ends_with(files.v[j], ".c"))
                continue;
            size_t n;
            char *src = read_input(files.v[j], &n);
            sl_fuzz_outcome out;
            sl_fuzz_frontend_one(&g_ctx, (const uint8_t *)src, n, &out);
            ck_assert_msg(out.accepted, "%s: %s", files.v[j], out.err.msg);
            ck_assert_msg(out.items > 0, "%s: no function lowered", files.v[j]);
            if (marks_default_leak(src)) {
                ck_assert_msg(out.findings > 0, "%s: its marked leaks were not reported",
                              files.v[j]);
                leaky++;
            }
            /* The same text with a NUL inside is not C: skipped. */
            if (n > 1) {
                src[n / 2] = 0;
                sl_fuzz_frontend_one(&g_ctx, (const uint8_t *)src, n, &out);
                ck_assert(out.skipped && !out.accepted);
            }
            free(src);
            parsed++;
            break;
        }
        free_list(&files);
    }
    ck_assert_uint_ge(parsed, 10);
    ck_assert_uint_ge(leaky, 5);
    free_list(&dirs);
    free(corpus);
}
END_TEST

START_TEST(db_seed)
{
    char *dir = sl_test_tmpdir();
    char *db = sl_path_join(dir, "seed.db");
    const char *argv[] = {"check", "-q", "-j1", "--db", db, "corpus/libcurl", NULL};
    sl_cmd_result r = sl_run_sesslint(g_ctx.source_dir, argv);
    ck_assert_msg(r.status == 1, "sesslint check exited %d: %s", r.status, r.err);
    sl_cmd_result_free(&r);
    size_t n;
    char *data = read_input(db, &n);
    const uint8_t *bytes = (const uint8_t *)data;

    sl_fuzz_outcome out;
    sl_fuzz_db_one(&g_ctx, bytes, n, &out);
    ck_assert_msg(out.accepted && out.reopened, "%s", out.err.msg);
    ck_assert_uint_eq(out.items, 2); /* one run, read by each open */
    ck_assert_uint_gt(out.findings, 0);

    /* Damaged copies: refused naming the file, or read; never a crash. */
    uint8_t *copy = sl_xmalloc(n);
    for (int variant = 0; variant < 4; variant++) {
        memcpy(copy, bytes, n);
        size_t len = n;
        if (variant == 0) {
            copy[0] ^= 0xff; /* not a SQLite header */
        } else if (variant == 1) {
            len = n / 2; /* truncated */
        } else if (variant == 2 && n > 8192) {
            memset(copy + 4096, 0xa5, 4096); /* a page overwritten */
        } else if (variant == 3) {
            for (size_t k = 100; k < n; k += 509)
                copy[k] ^= (uint8_t)(k * 31); /* scattered bit flips */
        }
        sl_fuzz_db_one(&g_ctx, copy, len, &out);
        ck_assert_msg(out.accepted || out.reopened || strstr(out.err.msg, g_ctx.db_path),
                      "variant %d: refused without naming the file: '%s'", variant,
                      out.err.msg);
        if (variant == 0)
            ck_assert_msg(!out.accepted && !out.reopened, "a garbled header was read");
    }
    free(copy);
    free(data);
    unlink(db);
    rmdir(dir);
    free(db);
    free(dir);
}
END_TEST

int main(void)
{
    setenv("SESSLINT_BUSY_TIMEOUT_MS", "0", 1);
    sl_error err = {{0}};
    if (sl_fuzz_ctx_init(&g_ctx, SESSLINT_SOURCE_DIR, &err) != 0) {
        fprintf(stderr, "test_fuzz_regressions: %s\n", err.msg);
        return 1;
    }
    for (int h = 0; h < H_COUNT; h++) {
        char *dir = sl_xasprintf("%s/tests/fuzz/regressions/%s", SESSLINT_SOURCE_DIR,
                                 harness_names[h]);
        list_files(dir, &g_regressions[h]);
        free(dir);
    }
    Suite *s = suite_create("fuzz_regressions");
    TCase *reg = tcase_create("regressions");
    tcase_set_timeout(reg, 120);
    tcase_add_loop_test(reg, rules_regression, 0, (int)g_regressions[H_RULES].n);
    tcase_add_loop_test(reg, frontend_regression, 0, (int)g_regressions[H_FRONTEND].n);
    tcase_add_loop_test(reg, db_regression, 0, (int)g_regressions[H_DB].n);
    suite_add_tcase(s, reg);
    TCase *seeds = tcase_create("seeds");
    tcase_set_timeout(seeds, 300);
    tcase_add_test(seeds, rules_seeds);
    tcase_add_test(seeds, frontend_seeds);
    tcase_add_test(seeds, db_seed);
    suite_add_tcase(s, seeds);
    int rc = sl_test_run_suite(s);
    for (int h = 0; h < H_COUNT; h++)
        free_list(&g_regressions[h]);
    sl_fuzz_ctx_release(&g_ctx);
    return rc;
}
