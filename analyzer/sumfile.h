/* sumfile: the summaries file of a shard, written by
 * `sesslint summaries --shard K/N --export FILE` and read by
 * `sesslint check --shard K/N --summaries FILE...` (docs/db.md, "Sharded
 * runs").
 *
 * It holds, for every translation unit of the shard, what the other
 * shards need to learn exactly what an unsharded run learns: the
 * summaries of the functions it defines, the functions and globals it uses
 * from other TUs (with a digest of what their summaries were when it was
 * summarized), what it does to globals with external linkage, and the
 * declarations rules are inferred from.  Format, version 2 (text, one
 * record per line, fields separated by tabs, strings escaped as in the
 * worker protocol: \\ \t \n):
 *
 *   sesslint-summaries 1
 *   R <rules digest>         the rules the shard ran with
 *   A <analysis options>     unknown-call policy/max states/inference
 *   H <K> <N>                the shard
 *   T <path>                 a translation unit, relative to the project
 *                            root; the lines up to the next T are its own:
 *     K <digest>             of the summaries its outside callees had
 *     J <digest>             of the rules inferred in its run
 *     C <usr>                a function or global it uses from elsewhere
 *     W/Z <fields>           globals it touches, names it defines (the
 *                            worker protocol's lines)
 *     Y <key>                a group of its inference candidates
 *   G <key>                  a group of inference candidates (declpool.h),
 *     y <fields>             once per file, before the first Y naming it:
 *                            its lines (the worker protocol's Y lines)
 *     S <summary>            a summary (summary.h text form)
 *   E <sha256>               of every byte before this line
 *
 * A file without the first line, of another version, cut short or changed
 * (the E line does not match) is refused with a message naming it.
 *
 * sl_imports owns everything in it; free with sl_imports_free.
 */
#ifndef SL_SUMFILE_H
#define SL_SUMFILE_H

#include "util.h"

#define SL_SUMFILE_VERSION 2

typedef struct sl_import_tu {
    char *file;           /* absolute (under the reading run's root) */
    char *digest;         /* K */
    char *inferred;       /* J */
    char *from;           /* the file it was read from (for messages) */
    sl_strvec callees;    /* C, unescaped */
    sl_strvec globals;    /* W, as in the file (without "W\t") */
    sl_strvec decls;      /* Y: keys of groups in sl_imports.groups */
    sl_strvec defs;       /* Z */
    sl_strvec summaries;  /* S */
} sl_import_tu;

/* A group of inference candidates (G and its y lines). */
typedef struct sl_import_group {
    char *key;
    char *lines;          /* the y lines without "y\t", each ending in '\n' */
    size_t nlines;
} sl_import_group;

typedef struct sl_imports {
    SL_VEC(sl_import_tu) v;
    SL_VEC(sl_import_group) groups; /* of every file read (a group several
                                       files hold is here once a file) */
} sl_imports;

void sl_imports_free(sl_imports *im);

/* Write a summaries file: the header for rules digest, analysis options and
 * shard, body (T sections, see above), and the checksum.  Returns 0, or -1
 * with err naming path. */
int sl_sumfile_write(const char *path, const char *rules_digest, const char *analysis,
                     int shard_index, int shard_count, const char *body, sl_error *err);

/* Read path and append its translation units to im, their paths made
 * absolute under root.  The file must have been written with the same
 * rules digest and analysis options.  Returns 0, or -1 with err naming the
 * file (im is then as it was). */
int sl_sumfile_read(sl_imports *im, const char *path, const char *root,
                    const char *rules_digest, const char *analysis, sl_error *err);

/* The analysis options as written in the A line ("0/32/1"), into buf. */
void sl_sumfile_analysis(int unknown_calls, int max_states, bool infer, char buf[64]);

/* Escaping shared with the worker protocol. */
void sl_sumfile_esc(sl_strbuf *b, const char *s);
char *sl_sumfile_unesc(const char *s); /* returns owned; "\0" gives NULL */

#endif
