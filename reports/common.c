/* common: helpers shared by the report writers (see report_internal.h). */
#include "report_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char *sl_report_kind_name(sl_kind k)
{
    switch (k) {
    case SL_KIND_SESSION:
        return "session";
    case SL_KIND_CREDENTIAL:
        return "credential";
    case SL_KIND_CONNECTOR:
        return "connector";
    case SL_KIND_RESOURCE:
        return "resource";
    case SL_KIND_MEMORY:
        return "memory";
    }
    return "resource";
}

static void sl_json_oom(void)
{
    fprintf(stderr, "sesslint: out of memory (building JSON)\n");
    abort();
}

size_t sl_utf8_seq_len(const unsigned char *s, size_t avail)
{
    if (avail == 0)
        return 0;
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return avail >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        if (avail < 3 || s[1] < lo || s[1] > hi || (s[2] & 0xC0) != 0x80)
            return 0;
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        if (avail < 4 || s[1] < lo || s[1] > hi || (s[2] & 0xC0) != 0x80 ||
            (s[3] & 0xC0) != 0x80)
            return 0;
        return 4;
    }
    return 0;
}

void sl_uri_encode(sl_strbuf *b, const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        unsigned char c = *p;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
            sl_strbuf_add(b, (const char *)p, 1);
        } else {
            char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
            sl_strbuf_add(b, esc, 3);
        }
    }
}

json_t *sl_json_str(const char *s)
{
    if (!s)
        return json_null();
    sl_strbuf b = {0};
    sl_strbuf_add(&b, "", 0);
    const unsigned char *p = (const unsigned char *)s;
    size_t left = strlen(s);
    while (*p) {
        size_t n = sl_utf8_seq_len(p, left);
        if (n == 0) {
            sl_strbuf_add(&b, "\xEF\xBF\xBD", 3);
            n = 1;
        } else {
            sl_strbuf_add(&b, (const char *)p, n);
        }
        p += n;
        left -= n;
    }
    json_t *j = json_stringn(b.s, b.len);
    sl_strbuf_release(&b);
    if (!j)
        sl_json_oom();
    return j;
}

json_t *sl_json_uint(unsigned long long v)
{
    json_t *j = json_integer((json_int_t)v);
    if (!j)
        sl_json_oom();
    return j;
}

json_t *sl_json_obj(void)
{
    json_t *j = json_object();
    if (!j)
        sl_json_oom();
    return j;
}

json_t *sl_json_arr(void)
{
    json_t *j = json_array();
    if (!j)
        sl_json_oom();
    return j;
}

void sl_json_set(json_t *obj, const char *key, json_t *val)
{
    if (!val || json_object_set_new(obj, key, val) != 0)
        sl_json_oom();
}

void sl_json_push(json_t *arr, json_t *val)
{
    if (!val || json_array_append_new(arr, val) != 0)
        sl_json_oom();
}

static const char *output_name(const sl_report_ctx *ctx)
{
    return ctx->output_name ? ctx->output_name : "report output";
}

int sl_report_finish(FILE *out, const sl_report_ctx *ctx, sl_error *err)
{
    errno = 0;
    int rc = fflush(out);
    int e = errno;
    if (rc != 0 || ferror(out))
        return sl_error_set(err, "%s: write error: %s", output_name(ctx),
                            e ? strerror(e) : "I/O error");
    return 0;
}

int sl_report_dump_json(FILE *out, const json_t *doc, const sl_report_ctx *ctx,
                        sl_error *err)
{
    errno = 0;
    if (json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0) {
        int e = errno;
        return sl_error_set(err, "%s: write error: %s", output_name(ctx),
                            e ? strerror(e) : "I/O error");
    }
    fputc('\n', out); /* a failure sets the error flag checked below */
    return sl_report_finish(out, ctx, err);
}
