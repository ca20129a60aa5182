/* libarchive readers (libarchive.read), writers (libarchive.write),
 * matching objects (libarchive.match) and entries (libarchive.entry), all
 * of kind resource.
 *
 * archive_read_new / archive_write_new / archive_write_disk_new /
 * archive_match_new / archive_entry_new return an object or NULL.  A reader
 * must be freed with archive_read_free even when opening the file failed;
 * archive_read_close only closes the file ("Note that archive_read_free
 * will call archive_read_close for you").  Writers are freed with
 * archive_write_free, entries with archive_entry_free, and archive_free
 * frees any archive object.  Entries from archive_read_next_header belong
 * to the reader.
 */
#include <archive.h>
#include <archive_entry.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

/* Leaks: a reader whose open failed still has to be freed. */
long archive_case_list_open_leak(const char *path)
{
    struct archive *a = archive_read_new();
    if (!a)
        return -1;
    archive_read_support_filter_all(a);
    archive_read_support_format_all(a);
    if (archive_read_open_filename(a, path, 10240) != ARCHIVE_OK) {
        fprintf(stderr, "%s: %s\n", path, archive_error_string(a));
        return -1; // expect: leak.resource
    }
    long n = 0;
    struct archive_entry *entry;
    while (archive_read_next_header(a, &entry) == ARCHIVE_OK) {
        n++;
        archive_read_data_skip(a);
    }
    archive_read_free(a);
    return n;
}

/* Clean: freed on the failed open too. */
long archive_case_list_open_clean(const char *path)
{
    struct archive *a = archive_read_new();
    if (!a)
        return -1;
    archive_read_support_filter_all(a);
    archive_read_support_format_all(a);
    if (archive_read_open_filename(a, path, 10240) != ARCHIVE_OK) {
        fprintf(stderr, "%s: %s\n", path, archive_error_string(a));
        archive_read_free(a);
        return -1;
    }
    long n = 0;
    struct archive_entry *entry;
    while (archive_read_next_header(a, &entry) == ARCHIVE_OK) {
        n++;
        archive_read_data_skip(a);
    }
    archive_read_free(a);
    return n;
}

/* Leaks: archive_read_close is not archive_read_free. */
int archive_case_read_close_leak(const void *buf, size_t len)
{
    struct archive *a = archive_read_new();
    if (a == NULL)
        return -1;
    archive_read_support_format_tar(a);
    int rc = archive_read_open_memory(a, buf, len);
    if (rc == ARCHIVE_OK) {
        struct archive_entry *entry;
        rc = archive_read_next_header(a, &entry);
    }
    archive_read_close(a);
    return rc; // expect: leak.resource
}

/* Clean: closed, then freed (archive_free works for any archive). */
int archive_case_read_close_clean(const void *buf, size_t len)
{
    struct archive *a = archive_read_new();
    if (a == NULL)
        return -1;
    archive_read_support_format_tar(a);
    int rc = archive_read_open_memory(a, buf, len);
    if (rc == ARCHIVE_OK) {
        struct archive_entry *entry;
        rc = archive_read_next_header(a, &entry);
    }
    archive_read_close(a);
    archive_free(a);
    return rc;
}

/* Leaks: the entry is not freed when its header cannot be written (the
 * writer is). */
int archive_case_write_entry_leak(const char *out, const char *name, const void *data, size_t len)
{
    struct archive *w = archive_write_new();
    if (!w)
        return -1;
    archive_write_set_format_pax_restricted(w);
    if (archive_write_open_filename(w, out) != ARCHIVE_OK) {
        archive_write_free(w);
        return -1;
    }
    struct archive_entry *e = archive_entry_new();
    if (!e) {
        archive_write_free(w);
        return -1;
    }
    archive_entry_set_pathname(e, name);
    archive_entry_set_size(e, (la_int64_t)len);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    if (archive_write_header(w, e) != ARCHIVE_OK) {
        archive_write_free(w);
        return -1; // expect: leak.resource
    }
    archive_write_data(w, data, len);
    archive_entry_free(e);
    archive_write_close(w);
    archive_write_free(w);
    return 0;
}

/* Clean: the entry stays the caller's after archive_write_header and is
 * freed on every path. */
int archive_case_write_entry_clean(const char *out, const char *name, const void *data, size_t len)
{
    struct archive *w = archive_write_new();
    if (!w)
        return -1;
    archive_write_set_format_pax_restricted(w);
    if (archive_write_open_filename(w, out) != ARCHIVE_OK) {
        archive_write_free(w);
        return -1;
    }
    struct archive_entry *e = archive_entry_new();
    if (!e) {
        archive_write_free(w);
        return -1;
    }
    archive_entry_set_pathname(e, name);
    archive_entry_set_size(e, (la_int64_t)len);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    int rc = archive_write_header(w, e) == ARCHIVE_OK ? 0 : -1;
    if (rc == 0)
        archive_write_data(w, data, len);
    archive_entry_free(e);
    archive_write_close(w);
    archive_write_free(w);
    return rc;
}

/* Leaks: the disk writer is dropped when extraction fails midway. */
int archive_case_extract_leak(struct archive *in, int flags)
{
    struct archive *disk = archive_write_disk_new();
    if (!disk)
        return -1;
    archive_write_disk_set_options(disk, flags);
    archive_write_disk_set_standard_lookup(disk);
    struct archive_entry *entry;
    int r;
    while ((r = archive_read_next_header(in, &entry)) == ARCHIVE_OK) {
        if (archive_write_header(disk, entry) != ARCHIVE_OK)
            return -1; // expect: leak.resource
        archive_write_finish_entry(disk);
    }
    archive_write_free(disk);
    return r == ARCHIVE_EOF ? 0 : -1;
}

/* Clean: freed when extraction fails midway. */
int archive_case_extract_clean(struct archive *in, int flags)
{
    struct archive *disk = archive_write_disk_new();
    if (!disk)
        return -1;
    archive_write_disk_set_options(disk, flags);
    archive_write_disk_set_standard_lookup(disk);
    struct archive_entry *entry;
    int r;
    while ((r = archive_read_next_header(in, &entry)) == ARCHIVE_OK) {
        if (archive_write_header(disk, entry) != ARCHIVE_OK) {
            archive_write_free(disk);
            return -1;
        }
        archive_write_finish_entry(disk);
    }
    archive_write_free(disk);
    return r == ARCHIVE_EOF ? 0 : -1;
}

/* Leaks: the matching object is not freed when the pattern is refused. */
int archive_case_match_leak(struct archive_entry *entry, const char *pattern)
{
    struct archive *m = archive_match_new();
    if (!m)
        return -1;
    if (archive_match_include_pattern(m, pattern) != ARCHIVE_OK)
        return -1; // expect: leak.resource
    int excluded = archive_match_path_excluded(m, entry);
    archive_match_free(m);
    return excluded;
}

/* Clean: freed when the pattern is refused. */
int archive_case_match_clean(struct archive_entry *entry, const char *pattern)
{
    struct archive *m = archive_match_new();
    if (!m)
        return -1;
    int excluded = -1;
    if (archive_match_include_pattern(m, pattern) == ARCHIVE_OK)
        excluded = archive_match_path_excluded(m, entry);
    archive_match_free(m);
    return excluded;
}
