/* report_internal: helpers the report writers share (reports/common.c).
 * Not part of the public API; only files under reports/ include this.
 *
 * The JSON helpers follow the util.h rule for allocation failure: they
 * abort instead of returning NULL, so writers never build half a document.
 * Every json_t they return is a new reference owned by the caller (or,
 * once passed to sl_json_set/sl_json_push, by the container).
 */
#ifndef SL_REPORT_INTERNAL_H
#define SL_REPORT_INTERNAL_H

#include <jansson.h>
#include <stdio.h>

#include "report.h"

/* "session", "credential", "connector", "resource", "memory". */
const char *sl_report_kind_name(sl_kind k);
#define SL_REPORT_NKINDS SL_KIND_COUNT

/* Length of the valid UTF-8 sequence at s (1-4) among the avail bytes
 * there, or 0 when they do not start one (overlong forms, surrogates,
 * values above U+10FFFF and sequences cut short by avail are invalid).
 * Reads at most avail bytes, so s need not be NUL-terminated. */
size_t sl_utf8_seq_len(const unsigned char *s, size_t avail);
/* Append path to b, percent-encoding every byte that is not an RFC 3986
 * unreserved character or '/' (for file: URIs and web links). */
void sl_uri_encode(sl_strbuf *b, const char *path);

/* A JSON string for s (json null when s is NULL).  Bytes that are not
 * valid UTF-8 become U+FFFD, so any path or message can be written. */
json_t *sl_json_str(const char *s);
json_t *sl_json_uint(unsigned long long v);
json_t *sl_json_obj(void); /* a new empty object */
json_t *sl_json_arr(void); /* a new empty array */
/* Set obj[key] = val, taking the reference to val. */
void sl_json_set(json_t *obj, const char *key, json_t *val);
/* Append val to arr, taking the reference to val. */
void sl_json_push(json_t *arr, json_t *val);
/* Write doc (indented, keys in insertion order, a final newline) and flush.
 * Does not take doc.  Returns 0, or -1 with err naming the output. */
int sl_report_dump_json(FILE *out, const json_t *doc, const sl_report_ctx *ctx,
                        sl_error *err);
/* Flush out and check its error flag.  Returns 0, or -1 with err naming
 * the output (ctx->output_name). */
int sl_report_finish(FILE *out, const sl_report_ctx *ctx, sl_error *err);

#endif
