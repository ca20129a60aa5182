/* suppress: inline suppression comments in the analyzed sources.
 *
 *     // sesslint: ignore[leak.session] the pool closes it at exit
 *     /+ sesslint: ignore[leak.session,leak.connector] handed to the event loop +/
 *     // sesslint: ignore[*] generated code      (any rule; so is a bare "ignore")
 *
 * (with '*' for '+' in the block comment).  A suppression written on line L
 * applies to findings reported on line L or L+1, or whose acquisition is on
 * line L or L+1 (so it can sit next to the call that opens the handle).
 * Rule names are exact ids, "*" for any, or a prefix ending in ".*"
 * ("leak.*").  The text after the closing bracket, up to the end of the
 * comment or of its first line, is the reason; a suppression without one
 * still applies, with a warning.  Only real comments count: the marker
 * inside a string literal is ignored.
 *
 * Ownership: sl_suppress_apply only reads the files; it sets the findings'
 * suppressed flag and replaces their suppress_reason (owned by the
 * finding).  Warnings are appended to a caller-owned strbuf.
 */
#ifndef SL_SUPPRESS_H
#define SL_SUPPRESS_H

#include <stddef.h>

#include "findings.h"
#include "util.h"

/* Scan files (the analyzed sources; every file holding a finding is scanned
 * too, whether listed or not; duplicates are fine) and suppress the
 * findings their comments match.  Appends to warnings (NULL: no warnings)
 * one compiler-style line per problem, paths relative to the current
 * directory when under it:
 *   FILE:LINE:COL: warning: suppression matches no finding [sesslint.unused-suppression]
 *   FILE:LINE:COL: warning: suppression gives no reason; add one after the
 *     rule list [sesslint.suppression-reason]
 *   FILE:LINE:COL: warning: malformed suppression (...); it is ignored
 *     [sesslint.bad-suppression]
 * A finding already suppressed (for example by triage) still counts as a
 * match and keeps its own reason.  Returns 0, or -1 with err naming a file
 * that cannot be read; on -1 no finding is changed and nothing is appended
 * to warnings. */
int sl_suppress_apply(sl_findings *fs, const char *const *files, size_t nfiles,
                      sl_strbuf *warnings, sl_error *err);

#endif
