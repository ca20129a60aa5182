/* zlib deflate and inflate streams (zlib.deflate, zlib.inflate,
 * zlib.inflate_back, kind resource).
 *
 * A z_stream is a struct of the caller's, set up in place by deflateInit /
 * deflateInit2 / inflateInit / inflateInit2 / inflateBackInit (macros for
 * deflateInit_ and friends), which return Z_OK (0) on success and leave
 * nothing to end on failure, and released by deflateEnd / inflateEnd /
 * inflateBackEnd.
 */
#include <stddef.h>
#include <string.h>
#include <zlib.h>

/* Leaks: a stream error returns without deflateEnd. */
long zlib_case_deflate_leak(const unsigned char *in, size_t inlen, unsigned char *out, size_t cap)
{
    z_stream s;
    memset(&s, 0, sizeof s);
    if (deflateInit(&s, Z_BEST_COMPRESSION) != Z_OK)
        return -1;
    s.next_in = (unsigned char *)in;
    s.avail_in = (uInt)inlen;
    s.next_out = out;
    s.avail_out = (uInt)cap;
    int rc = deflate(&s, Z_FINISH);
    if (rc != Z_STREAM_END)
        return -1; // expect: leak.resource
    long n = (long)s.total_out;
    deflateEnd(&s);
    return n;
}

/* Clean: deflateEnd on both paths. */
long zlib_case_deflate_clean(const unsigned char *in, size_t inlen, unsigned char *out, size_t cap)
{
    z_stream s;
    memset(&s, 0, sizeof s);
    if (deflateInit(&s, Z_BEST_COMPRESSION) != Z_OK)
        return -1;
    s.next_in = (unsigned char *)in;
    s.avail_in = (uInt)inlen;
    s.next_out = out;
    s.avail_out = (uInt)cap;
    int rc = deflate(&s, Z_FINISH);
    long n = rc == Z_STREAM_END ? (long)s.total_out : -1;
    deflateEnd(&s);
    return n;
}

/* Leaks: corrupt input returns without inflateEnd (gzip framing through
 * inflateInit2). */
long zlib_case_inflate_leak(const unsigned char *in, size_t inlen, unsigned char *out, size_t cap)
{
    z_stream s;
    memset(&s, 0, sizeof s);
    int rc = inflateInit2(&s, 16 + MAX_WBITS);
    if (rc != Z_OK)
        return -1;
    s.next_in = (unsigned char *)in;
    s.avail_in = (uInt)inlen;
    s.next_out = out;
    s.avail_out = (uInt)cap;
    rc = inflate(&s, Z_NO_FLUSH);
    if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT)
        return -1; // expect: leak.resource
    long n = (long)s.total_out;
    inflateEnd(&s);
    return n;
}

/* Clean: a goto ladder ends the stream on every path. */
long zlib_case_inflate_clean(const unsigned char *in, size_t inlen, unsigned char *out, size_t cap)
{
    long n = -1;
    z_stream s;
    memset(&s, 0, sizeof s);
    if (inflateInit(&s) != Z_OK)
        return -1;
    s.next_in = (unsigned char *)in;
    s.avail_in = (uInt)inlen;
    s.next_out = out;
    s.avail_out = (uInt)cap;
    int rc = inflate(&s, Z_NO_FLUSH);
    if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT)
        goto done;
    n = (long)s.total_out;
done:
    inflateEnd(&s);
    return n;
}

static unsigned zlib_case_in(void *desc, z_const unsigned char **buf)
{
    (void)desc;
    *buf = NULL;
    return 0;
}

static int zlib_case_out(void *desc, unsigned char *buf, unsigned len)
{
    (void)desc;
    (void)buf;
    (void)len;
    return 0;
}

/* Leaks: inflateBack's stream is not ended when inflateBack fails. */
int zlib_case_inflate_back_leak(unsigned char *window)
{
    z_stream s;
    memset(&s, 0, sizeof s);
    if (inflateBackInit(&s, 15, window) != Z_OK)
        return -1;
    int rc = inflateBack(&s, zlib_case_in, NULL, zlib_case_out, NULL);
    if (rc != Z_STREAM_END)
        return rc; // expect: leak.resource
    inflateBackEnd(&s);
    return 0;
}

/* Clean: inflateBackEnd on both paths. */
int zlib_case_inflate_back_clean(unsigned char *window)
{
    z_stream s;
    memset(&s, 0, sizeof s);
    if (inflateBackInit(&s, 15, window) != Z_OK)
        return -1;
    int rc = inflateBack(&s, zlib_case_in, NULL, zlib_case_out, NULL);
    inflateBackEnd(&s);
    return rc == Z_STREAM_END ? 0 : rc;
}
