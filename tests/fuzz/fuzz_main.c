/* fuzz_main: the libFuzzer entry points of every harness, compiled once per
 * harness (tests/fuzz/CMakeLists.txt) with SL_FUZZ_NAME, its name, and
 * SL_FUZZ_ONE, the function that does the work for one input
 * (fuzz_paths.c, shared with the regression replay in
 * tests/test_fuzz_regressions.c):
 *   fuzz_rules     sl_fuzz_rules_one: a YAML rule file, loaded with
 *                  sl_rules_load_buffer, looked up, merged with the shipped
 *                  rules;
 *   fuzz_frontend  sl_fuzz_frontend_one: C source parsed through
 *                  sl_frontend_parse as unsaved contents (inputs holding a
 *                  NUL byte are skipped), then summarized and analyzed;
 *   fuzz_db        sl_fuzz_db_one: a database file opened read-only and
 *                  read-write with sl_store_open, every run (up to ten),
 *                  finding, TU and summary in it read back.
 * Build and run: bench/fuzz.sh. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_paths.h"

#if !defined(SL_FUZZ_NAME) || !defined(SL_FUZZ_ONE)
#error "build through tests/fuzz/CMakeLists.txt: SL_FUZZ_NAME and SL_FUZZ_ONE name the harness"
#endif

/* Set up once, and kept (reachable) for the life of the process. */
static sl_fuzz_ctx g_ctx;

/* On a normal end (-runs, -max_total_time): remove the temporary directory. */
static void release_ctx(void)
{
    sl_fuzz_ctx_release(&g_ctx);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    sl_error err = {{0}};
    if (sl_fuzz_ctx_init(&g_ctx, SESSLINT_SOURCE_DIR, &err) != 0) {
        fprintf(stderr, "%s: %s\n", SL_FUZZ_NAME, err.msg);
        exit(1);
    }
    atexit(release_ctx);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sl_fuzz_outcome out;
    SL_FUZZ_ONE(&g_ctx, data, size, &out);
    return 0;
}
