/* fuzz_frontend: libFuzzer harness for the frontend and the analysis.  The
 * input is C source, parsed through sl_frontend_parse as unsaved contents
 * (inputs holding a NUL byte are skipped), then summarized and analyzed
 * against the shipped rules.
 * The work per input is sl_fuzz_frontend_one (fuzz_paths.c), shared with the
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
    sl_error err = {{0}};
    if (sl_fuzz_ctx_init(&g_ctx, SESSLINT_SOURCE_DIR, &err) != 0) {
        fprintf(stderr, "fuzz_frontend: %s\n", err.msg);
        exit(1);
    }
    atexit(release_ctx);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sl_fuzz_outcome out;
    sl_fuzz_frontend_one(&g_ctx, data, size, &out);
    return 0;
}
