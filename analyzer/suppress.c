/* suppress: see suppress.h. */
#define _GNU_SOURCE
#include "suppress.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct supp {
    unsigned line, col;   /* of the comment holding it, 1-based */
    SL_VEC(char *) rules; /* empty: any rule */
    char *reason;         /* NULL when missing */
    bool used;
} supp;

typedef struct src_file {
    char *abs;     /* absolute path, the key (owned) */
    char *display; /* for messages (owned) */
    char *text;    /* contents (owned) */
    size_t len;
    SL_VEC(supp) supps;
} src_file;

typedef SL_VEC(src_file) src_files;

/* A warning waiting to be printed in file/line order. */
typedef struct pending {
    size_t file;
    unsigned line, col;
    char *text; /* owned: "warning: ..." */
} pending;
typedef SL_VEC(pending) pendings;

static void warn(pendings *w, size_t file, unsigned line, unsigned col, const char *text)
{
    pending p = {file, line, col, sl_xstrdup(text)};
    SL_VEC_PUSH(*w, p);
}

static char *trim_dup(const char *s, size_t n)
{
    while (n > 0 && isspace((unsigned char)*s)) {
        s++;
        n--;
    }
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        n--;
    return sl_xstrndup(s, n);
}

static void supp_release(supp *s)
{
    for (size_t k = 0; k < s->rules.n; k++)
        free(s->rules.v[k]);
    free(s->rules.v);
    free(s->reason);
}

/* Parse "[a, b, c]" at body[*i] (which is '[') up to the closing bracket
 * on the same line.  Fills s->rules (left empty for a list holding "*")
 * and moves *i past the ']'.  Returns NULL, or the reason it is
 * malformed. */
static const char *parse_rules(supp *s, const char *body, size_t n, size_t *i)
{
    size_t close = *i + 1;
    while (close < n && body[close] != ']' && body[close] != '\n')
        close++;
    if (close >= n || body[close] != ']')
        return "no ']' closes the rule list";
    bool any = false;
    for (size_t p = *i + 1; p <= close;) {
        size_t q = p;
        while (q < close && body[q] != ',')
            q++;
        char *rule = trim_dup(body + p, q - p);
        if (!*rule) {
            free(rule);
            return "empty rule name in the list";
        }
        if (strcmp(rule, "*") == 0) {
            any = true;
            free(rule);
        } else {
            SL_VEC_PUSH(s->rules, rule);
        }
        p = q + 1;
    }
    if (any) {
        for (size_t k = 0; k < s->rules.n; k++)
            free(s->rules.v[k]);
        s->rules.n = 0;
    }
    *i = close + 1;
    return NULL;
}

/* Parse the text after "sesslint:" (body, n bytes, the rest of the
 * comment).  Appends a suppression to f, or a warning when the text starts
 * with "ignore" but is malformed; other text is not a suppression. */
static void parse_marker(src_file *f, size_t fi, const char *body, size_t n, unsigned line,
                         unsigned col, pendings *w)
{
    size_t i = 0;
    while (i < n && (body[i] == ' ' || body[i] == '\t'))
        i++;
    if (n - i < 6 || strncmp(body + i, "ignore", 6) != 0)
        return;
    i += 6;
    if (i < n && (isalnum((unsigned char)body[i]) || body[i] == '_' || body[i] == '-'))
        return; /* "ignored", "ignore-me": another word */
    supp s = {.line = line, .col = col};
    if (i < n && body[i] == '[') {
        const char *bad = parse_rules(&s, body, n, &i);
        if (bad) {
            char *msg = sl_xasprintf("warning: malformed suppression (%s); it is ignored "
                                     "[sesslint.bad-suppression]",
                                     bad);
            warn(w, fi, line, col, msg);
            free(msg);
            supp_release(&s);
            return;
        }
    }
    size_t end = i;
    while (end < n && body[end] != '\n')
        end++;
    /* Separators people write before the reason. */
    while (i < end && (isspace((unsigned char)body[i]) || body[i] == ':' || body[i] == '-' ||
                       body[i] == ',' || body[i] == ';'))
        i++;
    char *reason = trim_dup(body + i, end - i);
    if (*reason) {
        s.reason = reason;
    } else {
        free(reason);
        warn(w, fi, line, col,
             "warning: suppression gives no reason; add one after the rule list "
             "[sesslint.suppression-reason]");
    }
    SL_VEC_PUSH(f->supps, s);
}

/* Look for the marker in one comment body. */
static void scan_comment(src_file *f, size_t fi, const char *body, size_t n, unsigned line,
                         unsigned col, pendings *w)
{
    static const char marker[] = "sesslint:";
    const size_t mlen = sizeof marker - 1;
    for (size_t i = 0; i + mlen <= n; i++) {
        if (memcmp(body + i, marker, mlen) != 0)
            continue;
        /* Line of the marker inside a block comment. */
        unsigned l = line;
        for (size_t k = 0; k < i; k++)
            if (body[k] == '\n')
                l++;
        parse_marker(f, fi, body + i + mlen, n - i - mlen, l, l == line ? col : 1, w);
        return; /* one suppression per comment */
    }
}

/* Past the string or character literal whose opening quote is at t[i]
 * (triple: a Python triple-quoted string, whose quote is three of them),
 * counting the lines it spans in *line and *line_start.  A literal ends at
 * its closing quote or, unterminated (and not triple-quoted), before the
 * end of its line; a backslash escapes the next character, a newline too. */
static size_t skip_literal(const char *t, size_t n, size_t i, bool triple, unsigned *line,
                           size_t *line_start)
{
    char q = t[i];
    i += triple ? 3 : 1;
    while (i < n) {
        if (t[i] == '\\' && i + 1 < n) {
            if (t[i + 1] == '\n') {
                (*line)++;
                *line_start = i + 2;
            }
            i += 2;
            continue;
        }
        if (triple ? (i + 2 < n && t[i] == q && t[i + 1] == q && t[i + 2] == q) : t[i] == q)
            return i + (triple ? 3 : 1);
        if (t[i] == '\n') {
            if (!triple)
                return i;
            (*line)++;
            *line_start = i + 1;
        }
        i++;
    }
    return i;
}

/* Python: # comments to the end of the line (not inside string literals;
 * a triple-quoted string is skipped whole). */
static void scan_py_file(src_file *f, size_t fi, pendings *w)
{
    const char *t = f->text;
    size_t n = f->len, i = 0, line_start = 0;
    unsigned line = 1;
    while (i < n) {
        char c = t[i];
        if (c == '\n') {
            line++;
            line_start = ++i;
        } else if (c == '"' || c == '\'') {
            bool triple = i + 2 < n && t[i + 1] == c && t[i + 2] == c;
            i = skip_literal(t, n, i, triple, &line, &line_start);
        } else if (c == '#') {
            size_t b = i + 1, e = b;
            while (e < n && t[e] != '\n')
                e++;
            scan_comment(f, fi, t + b, e - b, line, (unsigned)(i - line_start + 1), w);
            i = e;
        } else {
            i++;
        }
    }
}

/* Walk the C source text, finding comments (not inside string or character
 * literals). */
static void scan_file(src_file *f, size_t fi, pendings *w)
{
    if (sl_str_ends_with(f->abs, ".py")) {
        scan_py_file(f, fi, w);
        return;
    }
    const char *t = f->text;
    size_t n = f->len, i = 0;
    unsigned line = 1;
    size_t line_start = 0;
    while (i < n) {
        char c = t[i];
        if (c == '\n') {
            line++;
            line_start = ++i;
        } else if (c == '"' || c == '\'') {
            i = skip_literal(t, n, i, false, &line, &line_start);
        } else if (c == '/' && i + 1 < n && t[i + 1] == '/') {
            unsigned cline = line, ccol = (unsigned)(i - line_start + 1);
            size_t b = i + 2, e = b;
            /* A backslash before the newline continues a // comment. */
            while (e < n && !(t[e] == '\n' && (e == b || t[e - 1] != '\\')))
                e++;
            scan_comment(f, fi, t + b, e - b, cline, ccol, w);
            for (size_t k = b; k < e; k++)
                if (t[k] == '\n') {
                    line++;
                    line_start = k + 1;
                }
            i = e;
        } else if (c == '/' && i + 1 < n && t[i + 1] == '*') {
            unsigned cline = line, ccol = (unsigned)(i - line_start + 1);
            size_t b = i + 2, e = b;
            while (e + 1 < n && !(t[e] == '*' && t[e + 1] == '/'))
                e++;
            if (e + 1 >= n)
                e = n; /* unterminated: to the end of the file */
            scan_comment(f, fi, t + b, e - b, cline, ccol, w);
            for (size_t k = b; k < e; k++)
                if (t[k] == '\n') {
                    line++;
                    line_start = k + 1;
                }
            i = e < n ? e + 2 : n;
        } else {
            i++;
        }
    }
}

static bool rule_matches(const supp *s, const char *rule)
{
    if (s->rules.n == 0)
        return true;
    if (!rule)
        return false;
    for (size_t k = 0; k < s->rules.n; k++) {
        const char *r = s->rules.v[k];
        size_t len = strlen(r);
        if (strcmp(r, rule) == 0)
            return true;
        /* "leak.*" matches "leak.session". */
        if (len >= 2 && r[len - 1] == '*' && r[len - 2] == '.' &&
            strncmp(r, rule, len - 1) == 0)
            return true;
    }
    return false;
}

static bool near(unsigned supp_line, unsigned line)
{
    return line != 0 && (line == supp_line || line == supp_line + 1);
}

static int cmp_src_file(const void *a, const void *b)
{
    return strcmp(((const src_file *)a)->abs, ((const src_file *)b)->abs);
}

static src_file *find_file(src_files *fs, const char *abs)
{
    src_file key = {.abs = (char *)abs};
    return fs->n ? bsearch(&key, fs->v, fs->n, sizeof *fs->v, cmp_src_file) : NULL;
}

static int cmp_pending(const void *pa, const void *pb)
{
    const pending *a = pa, *b = pb;
    if (a->file != b->file)
        return a->file < b->file ? -1 : 1;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    if (a->col != b->col)
        return a->col < b->col ? -1 : 1;
    return strcmp(a->text, b->text);
}

static void src_files_free(src_files *fs)
{
    for (size_t i = 0; i < fs->n; i++) {
        free(fs->v[i].abs);
        free(fs->v[i].display);
        free(fs->v[i].text);
        for (size_t k = 0; k < fs->v[i].supps.n; k++)
            supp_release(&fs->v[i].supps.v[k]);
        free(fs->v[i].supps.v);
    }
    free(fs->v);
}

static void add_path(src_files *fs, const char *path)
{
    if (!path)
        return;
    src_file f = {0};
    f.abs = sl_path_absolute(path);
    SL_VEC_PUSH(*fs, f);
}

int sl_suppress_apply(sl_findings *fs, const char *const *files, size_t nfiles,
                      sl_strbuf *warnings, sl_error *err)
{
    src_files src = {0};
    for (size_t i = 0; i < nfiles; i++)
        add_path(&src, files[i]);
    for (size_t i = 0; i < fs->n; i++)
        add_path(&src, fs->v[i].loc.file);
    if (src.n > 1)
        qsort(src.v, src.n, sizeof *src.v, cmp_src_file);
    size_t o = 0;
    for (size_t i = 0; i < src.n; i++) {
        if (o > 0 && strcmp(src.v[o - 1].abs, src.v[i].abs) == 0) {
            free(src.v[i].abs);
            continue;
        }
        src.v[o++] = src.v[i];
    }
    src.n = o;

    /* Read everything first: on failure nothing has changed. */
    for (size_t i = 0; i < src.n; i++) {
        sl_error rerr;
        src.v[i].text = sl_read_file(src.v[i].abs, &src.v[i].len, &rerr);
        if (!src.v[i].text) {
            sl_error_set(err, "%s (reading it for suppression comments)", rerr.msg);
            src_files_free(&src);
            return -1;
        }
    }

    char cwd[PATH_MAX];
    bool have_cwd = getcwd(cwd, sizeof cwd) != NULL;
    pendings w = {0};
    for (size_t i = 0; i < src.n; i++) {
        src.v[i].display = have_cwd ? sl_path_relative(src.v[i].abs, cwd)
                                    : sl_xstrdup(src.v[i].abs);
        scan_file(&src.v[i], i, &w);
    }

    for (size_t i = 0; i < fs->n; i++) {
        sl_finding *f = &fs->v[i];
        char *abs = sl_path_absolute(f->loc.file);
        src_file *sf = find_file(&src, abs);
        free(abs);
        bool acq_here = false;
        if (sf && f->acquire_loc.file) {
            char *aabs = sl_path_absolute(f->acquire_loc.file);
            acq_here = strcmp(aabs, sf->abs) == 0;
            free(aabs);
        }
        for (size_t k = 0; sf && k < sf->supps.n; k++) {
            supp *s = &sf->supps.v[k];
            bool at = near(s->line, f->loc.line) || (acq_here && near(s->line, f->acquire_loc.line));
            if (!at || !rule_matches(s, f->rule_id))
                continue;
            s->used = true;
            if (!f->suppressed) {
                f->suppressed = true;
                free(f->suppress_reason);
                f->suppress_reason = sl_xstrdup(s->reason);
            }
        }
    }

    for (size_t i = 0; i < src.n; i++)
        for (size_t k = 0; k < src.v[i].supps.n; k++)
            if (!src.v[i].supps.v[k].used)
                warn(&w, i, src.v[i].supps.v[k].line, src.v[i].supps.v[k].col,
                     "warning: suppression matches no finding [sesslint.unused-suppression]");
    if (w.n > 1)
        qsort(w.v, w.n, sizeof *w.v, cmp_pending);
    for (size_t i = 0; i < w.n; i++) {
        if (warnings)
            sl_strbuf_printf(warnings, "%s:%u:%u: %s\n", src.v[w.v[i].file].display,
                             w.v[i].line, w.v[i].col, w.v[i].text);
        free(w.v[i].text);
    }
    free(w.v);
    src_files_free(&src);
    return 0;
}
