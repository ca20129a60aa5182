/* frontend: libclang -> ownership IR.
 *
 * sl_frontend_parse parses one translation unit (KeepGoing; with a shared
 * precompiled header of its leading #include lines when the caller has
 * one, see pch.h) and lowers every function whose body is in the TU's main file.
 * The returned sl_tu is owned by the caller (sl_tu_free).  The libclang
 * translation unit is disposed before returning: nothing downstream sees a
 * cursor.  The CXIndex is borrowed.
 */
#ifndef SL_FRONTEND_H
#define SL_FRONTEND_H

#include <clang-c/Index.h>
#include <stdio.h>

#include "ir.h"
#include "util.h"

typedef struct sl_parse_input {
    const char *file;       /* source file (absolute or relative to directory) */
    const char *directory;  /* working directory of the compile command, or NULL */
    const char *const *args;/* parser arguments (no compiler name, no file) */
    int nargs;
    const char *contents;   /* unsaved contents for file, or NULL (tests) */
    const char *pch;        /* a precompiled header of the file's leading
                               #include lines (pch.h), or NULL: used when it
                               loads cleanly, else the file is parsed whole */
    const char *const *pch_files; /* the files the header read: libclang does */
    size_t npch_files;            /* not list them among the TU's inclusions */
    bool collect_decls;     /* fill the TU's decls (inference candidates) */
    /* Header files (absolute paths, sorted) to look in when an #include
     * does not resolve, or NULL: for `#include <a/x.h>` found at D/a/x.h,
     * D is added to the include path (as -idirafter: searched after the
     * system's, so it can only resolve what failed) and the TU parsed
     * again; rep->diags says what was added (sl_frontend_print_diags). */
    const char *const *tree_headers;
    size_t ntree_headers;
    bool show_all_errors;   /* every error in rep->diags (else the first
                               SL_SHOWN_ERRORS and a count of the rest) */
} sl_parse_input;

#define SL_SHOWN_ERRORS 3

typedef struct sl_parse_report {
    unsigned nerrors;   /* diagnostics of severity error or fatal (of the
                           parse with any include directories added) */
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

/* Print the diagnostics text of a TU (rep->diags) to out; a note about an
 * include directory added from the tree is printed only the first time
 * that directory is seen (seen holds them, owned strings). */
void sl_frontend_print_diags(FILE *out, const char *text, sl_strvec *seen);

/* Write a precompiled header: parse in->file (a header holding #include
 * lines) as `lang` ("c-header" or "c++-header") with in's directory and
 * arguments, and save it to out_path.  Fails (-1 with err) when the parse
 * has an error, or when a file the header includes directly is not guarded
 * against a second inclusion (#ifndef guard or #pragma once): a TU that
 * includes it again after the precompiled header would read it twice; then
 * *unguarded_line is the first line that includes such a file (else 0).
 * On success files gets every file the header read (owned strings). */
int sl_frontend_write_pch(CXIndex idx, const sl_parse_input *in, const char *lang,
                          const char *out_path, unsigned *unguarded_line, sl_strvec *files,
                          sl_error *err);

/* Maximum statement/expression nesting lowered; deeper functions are skipped
 * with a reason.  (sl_frontend_parse lowers on a thread with a 512 MiB
 * stack reservation, so the limit is reached before the stack's end.) */
#define SL_MAX_NESTING 5000

#endif
