/* fuzz_db: libFuzzer harness for reading a database file.  The input is
 * written to a temporary file, opened read-only and read-write with
 * sl_store_open, and every run (up to ten), finding, TU and function summary
 * in it is read back.
 * The work per input is sl_fuzz_db_one (fuzz_paths.c), shared with the
 * regression replay in tests/test_fuzz_regressions.c.  Build and run:
 * bench/fuzz.sh. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_paths.h"

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
    /* Nothing else has the file open: never wait for a lock. */
    setenv("SESSLINT_BUSY_TIMEOUT_MS", "0", 1);
    sl_error err = {{0}};
    if (sl_fuzz_ctx_init(&g_ctx, SESSLINT_SOURCE_DIR, &err) != 0) {
        fprintf(stderr, "fuzz_db: %s\n", err.msg);
        exit(1);
    }
    atexit(release_ctx);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sl_fuzz_outcome out;
    sl_fuzz_db_one(&g_ctx, data, size, &out);
    return 0;
}
