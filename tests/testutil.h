/* testutil: helpers shared by the Check suites. */
#ifndef SL_TESTUTIL_H
#define SL_TESTUTIL_H

#include <stddef.h>

/* Result of running the sesslint binary. out/err are owned by the struct. */
typedef struct sl_cmd_result {
    int status;  /* exit code, or 128+signal */
    char *out;   /* captured stdout */
    char *err;   /* captured stderr */
} sl_cmd_result;

/* Run SESSLINT_BINARY with argv (NULL-terminated, without argv[0]) in the
 * directory cwd (NULL: current).  Returns the result; free with
 * sl_cmd_result_free. */
sl_cmd_result sl_run_sesslint(const char *cwd, const char *const *argv);
/* The same with the sesslint binary at bin (a copy of SESSLINT_BINARY). */
sl_cmd_result sl_run_sesslint_at(const char *bin, const char *cwd, const char *const *argv);
void sl_cmd_result_free(sl_cmd_result *r);

/* Make a fresh temporary directory; returns owned path. */
char *sl_test_tmpdir(void);
/* Write text to dir/name (creating dir/name's parent dirs); returns owned
 * full path. */
char *sl_test_write(const char *dir, const char *name, const char *text);
/* The same, when the path is not needed. */
void sl_test_put(const char *dir, const char *name, const char *text);
/* Parse in with sl_frontend_parse and fail the test unless it gives a TU
 * with no parse error.  Returns the TU (owned: sl_tu_free). */
#include "frontend.h"
sl_tu *sl_test_parse_clean(CXIndex idx, const sl_parse_input *in);

/* Parse src as the unsaved file /virtual/NAME (-std=gnu17), as above. */
sl_tu *sl_test_parse_snippet(CXIndex idx, const char *name, const char *src);

/* Run a Check suite and return the process exit status (0 when every test
 * passed, 1 otherwise; a suite that ran no test counts as failure). */
#include <check.h>
int sl_test_run_suite(Suite *s);

#endif
