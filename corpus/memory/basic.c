/* Heap blocks as a resource (sesslint check --enable memory): every
 * allocator of the memory rules, each leak next to its clean twin.  Without
 * --enable memory nothing here is reported.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* Leaks: the early return forgets the buffer. */
int leak_malloc_early_return(size_t n, int fail)
{
    char *buf = malloc(n);
    if (!buf)
        return -1;
    memset(buf, 0, n);
    if (fail)
        return -1; // expect: leak.memory
    free(buf);
    return 0;
}

/* Clean: freed on both paths. */
int clean_malloc_early_return(size_t n, int fail)
{
    char *buf = malloc(n);
    if (!buf)
        return -1;
    memset(buf, 0, n);
    if (fail) {
        free(buf);
        return -1;
    }
    free(buf);
    return 0;
}

/* Leaks: calloc'd table dropped at the end of the function. */
void leak_calloc_end(size_t n)
{
    int *table = calloc(n, sizeof *table);
    if (table == NULL)
        return;
    table[0] = 1;
    printf("%d\n", table[0]);
} // expect: leak.memory

/* Clean: the same table freed. */
void clean_calloc_end(size_t n)
{
    int *table = calloc(n, sizeof *table);
    if (table == NULL)
        return;
    table[0] = 1;
    printf("%d\n", table[0]);
    free(table);
}

/* Leaks: the copy leaves scope at the end of the loop body. */
void leak_strdup_in_loop(const char *const *names, int n)
{
    for (int i = 0; i < n; i++) {
        char *copy = strdup(names[i]);
        if (!copy)
            continue;
        puts(copy);
    } // expect: leak.memory
}

/* Clean: freed in the loop body. */
void clean_strdup_in_loop(const char *const *names, int n)
{
    for (int i = 0; i < n; i++) {
        char *copy = strdup(names[i]);
        if (!copy)
            continue;
        puts(copy);
        free(copy);
    }
}

/* Leaks: strndup's result is overwritten by a second copy. */
void leak_strndup_overwrite(const char *a, const char *b)
{
    char *s = strndup(a, 8);
    s = strndup(b, 8); // expect: leak.memory
    if (s)
        puts(s);
    free(s);
}

/* Clean: the first copy is freed before the second. */
void clean_strndup_overwrite(const char *a, const char *b)
{
    char *s = strndup(a, 8);
    free(s);
    s = strndup(b, 8);
    if (s)
        puts(s);
    free(s);
}

/* Leaks: a wide copy whose result nobody keeps. */
void leak_wcsdup_discarded(const wchar_t *w)
{
    wcsdup(w); // expect: leak.memory
}

/* Clean: kept and freed. */
void clean_wcsdup(const wchar_t *w)
{
    wchar_t *copy = wcsdup(w);
    if (copy)
        fputws(copy, stdout);
    free(copy);
}

/* Leaks: asprintf's string (written through argument 0) is never freed
 * when the write fails. */
int leak_asprintf(FILE *out, int code)
{
    char *msg;
    if (asprintf(&msg, "code %d\n", code) < 0)
        return -1;
    if (fputs(msg, out) == EOF)
        return -1; // expect: leak.memory
    free(msg);
    return 0;
}

/* Clean: a failed asprintf wrote nothing to free (-1); otherwise freed. */
int clean_asprintf(FILE *out, int code)
{
    char *msg;
    if (asprintf(&msg, "code %d\n", code) < 0)
        return -1;
    int rc = fputs(msg, out) == EOF ? -1 : 0;
    free(msg);
    return rc;
}

/* Leaks: vasprintf's string dropped at the end. */
void leak_vasprintf(const char *fmt, va_list ap)
{
    char *s = NULL;
    if (vasprintf(&s, fmt, ap) >= 0)
        puts(s);
} // expect: leak.memory

/* Clean: freed on success. */
void clean_vasprintf(const char *fmt, va_list ap)
{
    char *s = NULL;
    if (vasprintf(&s, fmt, ap) >= 0) {
        puts(s);
        free(s);
    }
}

/* Clean: memory freed through a helper of this file. */
static void release_buffer(char *p)
{
    free(p);
}

void clean_free_through_helper(size_t n)
{
    char *p = malloc(n);
    if (!p)
        return;
    p[0] = 0;
    release_buffer(p);
}

/* Leaks: the helper only reads the buffer. */
static size_t peek_buffer(const char *p)
{
    return strlen(p);
}

size_t leak_helper_only_reads(size_t n)
{
    char *p = malloc(n + 1);
    if (!p)
        return 0;
    p[0] = 0;
    return peek_buffer(p); // expect: leak.memory
}

/* Clean: main's return ends the process. */
int main(void)
{
    char *keep = malloc(16);
    if (!keep)
        return 1;
    keep[0] = 0;
    return 0;
}
