/* frontend: libclang -> ownership IR.
 *
 * sl_frontend_parse parses one translation unit (no precompiled preamble,
 * KeepGoing) and lowers every function whose body is in the TU's main file.
 * The returned sl_tu is owned by the caller (sl_tu_free).  The libclang
 * translation unit is disposed before returning: nothing downstream sees a
 * cursor.  The CXIndex is borrowed.
 */
#ifndef SL_FRONTEND_H
#define SL_FRONTEND_H

#include <clang-c/Index.h>

#include "ir.h"
#include "util.h"

typedef struct sl_parse_input {
    const char *file;       /* source file (absolute or relative to directory) */
    const char *directory;  /* working directory of the compile command, or NULL */
    const char *const *args;/* parser arguments (no compiler name, no file) */
    int nargs;
    const char *contents;   /* unsaved contents for file, or NULL (tests) */
} sl_parse_input;

typedef struct sl_parse_report {
    unsigned nerrors;   /* diagnostics of severity error or fatal */
    sl_strbuf diags;    /* "file:line:col: error: message" lines (owned) */
    char *first_error;  /* owned, or NULL */
    bool recovered;     /* headers were missing: re-parsed with guessed
                           declarations for the names they would provide */
} sl_parse_report;

void sl_parse_report_release(sl_parse_report *r);

/* Returns owned TU, or NULL with err set when libclang could not produce a
 * translation unit at all.  Parse errors that libclang recovered from are
 * counted in rep and the TU is still returned. */
sl_tu *sl_frontend_parse(CXIndex idx, const sl_parse_input *in, sl_parse_report *rep,
                         sl_error *err);

/* Maximum statement/expression nesting lowered; deeper functions are skipped
 * with a reason. */
#define SL_MAX_NESTING 1000

#endif
