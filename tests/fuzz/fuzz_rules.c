/* fuzz_rules: libFuzzer harness for the rule loader.  The input is a YAML
 * rule file, loaded with sl_rules_load_buffer, looked up, and merged with the
 * shipped rules.
 * The work per input is sl_fuzz_rules_one (fuzz_paths.c), shared with the
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
        fprintf(stderr, "fuzz_rules: %s\n", err.msg);
        exit(1);
    }
    atexit(release_ctx);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sl_fuzz_outcome out;
    sl_fuzz_rules_one(&g_ctx, data, size, &out);
    return 0;
}
