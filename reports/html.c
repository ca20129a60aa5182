/* html: the self-contained HTML report (see report.h and docs/html.md).
 *
 * One HTML5 page with its CSS and script inline and nothing fetched from
 * anywhere (a Content-Security-Policy in the page forbids it), so the file
 * can be mailed, archived as a CI artifact and opened offline.  Everything
 * is rendered here, server side: the script only adds filtering and
 * sorting to a table that is complete without it.
 *
 * Per finding the page shows the source around its witness path, read from
 * disk while writing: from the start of the enclosing function when a line
 * naming it can be found above the first step (else 5 lines before the
 * first step) to the function's closing brace (else 5 lines after the last
 * step).  Steps in other files get a block of their own.  A file that
 * cannot be read, or that is shorter than the steps say, gives a note.
 *
 * Every string from findings or files goes through html_text(), which
 * escapes markup characters and writes U+FFFD for bytes that are not UTF-8
 * and for control characters.  Memory: the source cache and the per-finding
 * blocks are freed before sl_report_html returns.
 */
#include <stdlib.h>
#include <string.h>

#include "report_internal.h"

#define REPL "\xEF\xBF\xBD" /* U+FFFD */
/* Lines shown around the path when the function's bounds are not found. */
#define SL_HTML_CONTEXT 5
/* How far to look above the first step for the function header, and below
 * the last step for its closing brace. */
#define SL_HTML_FN_SCAN 300

/* ---- escaping ---- */

/* Write the n bytes at s as HTML text (also safe inside a double- or
 * single-quoted attribute).  Tabs are kept; line breaks become spaces;
 * other control characters (C0, DEL, C1) and invalid UTF-8 become U+FFFD. */
static void html_text_n(FILE *out, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t k = sl_utf8_seq_len(p + i, n - i);
        unsigned char c = p[i];
        if (k == 0) {
            fputs(REPL, out);
            k = 1;
        } else if (k == 1) {
            switch (c) {
            case '&': fputs("&amp;", out); break;
            case '<': fputs("&lt;", out); break;
            case '>': fputs("&gt;", out); break;
            case '"': fputs("&quot;", out); break;
            case '\'': fputs("&#39;", out); break;
            case '\t': fputc('\t', out); break;
            case '\n':
            case '\r': fputc(' ', out); break;
            default:
                if (c < 0x20 || c == 0x7F)
                    fputs(REPL, out);
                else
                    fputc(c, out);
            }
        } else if (k == 2 && c == 0xC2 && p[i + 1] < 0xA0) {
            fputs(REPL, out); /* C1 control */
        } else {
            fwrite(p + i, 1, k, out);
        }
        i += k;
    }
}

/* html_text_n for a NUL-terminated string; NULL writes nothing. */
static void html_text(FILE *out, const char *s)
{
    if (s)
        html_text_n(out, s, strlen(s));
}

/* s, or dash when s is NULL or empty. */
static void html_text_or(FILE *out, const char *s, const char *dash)
{
    html_text(out, s && *s ? s : dash);
}

/* ---- source files ---- */

typedef struct src_file {
    char *path;  /* absolute, owned */
    char *text;  /* owned; NULL when the file could not be read */
    char *error; /* owned; why text is NULL */
    SL_VEC(size_t) starts; /* byte offset of each line */
} src_file;

typedef SL_VEC(src_file *) src_cache;

static src_file *src_get(src_cache *c, const char *path)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->v[i]->path, path) == 0)
            return c->v[i];
    src_file *sf = sl_xcalloc(1, sizeof *sf);
    sf->path = sl_xstrdup(path);
    sl_error err = {{0}};
    size_t len = 0;
    sf->text = sl_read_file(path, &len, &err);
    if (!sf->text) {
        sf->error = sl_xstrdup(err.msg);
    } else {
        for (size_t off = 0; off < len;) {
            SL_VEC_PUSH(sf->starts, off);
            const char *nl = memchr(sf->text + off, '\n', len - off);
            off = nl ? (size_t)(nl - sf->text) + 1 : len;
        }
        SL_VEC_PUSH(sf->starts, len); /* end sentinel */
    }
    SL_VEC_PUSH(*c, sf);
    return sf;
}

static void src_cache_free(src_cache *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->v[i]->path);
        free(c->v[i]->text);
        free(c->v[i]->error);
        free(c->v[i]->starts.v);
        free(c->v[i]);
    }
    free(c->v);
    *c = (src_cache){0};
}

static unsigned src_nlines(const src_file *sf)
{
    return sf->text ? (unsigned)(sf->starts.n - 1) : 0;
}

/* Line l (1-based, <= src_nlines) without its line break. */
static const char *src_line(const src_file *sf, unsigned l, size_t *n)
{
    size_t a = sf->starts.v[l - 1], b = sf->starts.v[l];
    if (b > a && sf->text[b - 1] == '\n')
        b--;
    if (b > a && sf->text[b - 1] == '\r')
        b--;
    *n = b - a;
    return sf->text + a;
}

static bool ident_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c >= 0x80;
}

/* Does s[0..n) hold the identifier name followed by blanks and '('? */
static bool names_call(const char *s, size_t n, const char *name, size_t nlen)
{
    for (size_t i = 0; i + nlen <= n; i++) {
        if (memcmp(s + i, name, nlen) != 0)
            continue;
        if (i > 0 && ident_char((unsigned char)s[i - 1]))
            continue;
        size_t j = i + nlen;
        while (j < n && (s[j] == ' ' || s[j] == '\t'))
            j++;
        if (j < n && s[j] == '(')
            return true;
    }
    return false;
}

/* Last non-blank byte of s[0..n), or 0. */
static char last_nonblank(const char *s, size_t n)
{
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return n ? s[n - 1] : 0;
}

/* The line where function fn starts, searching up from line `from`: the
 * nearest line naming fn before '(' that does not end in ';' (a call or a
 * prototype).  A line that starts in column 0 is preferred (a definition in
 * C); an indented one is taken when none is found (a C++ method).  When the
 * line before a column-0 header holds the rest of the declaration
 * ("static int" above "name(void)"), the block starts there.  *top_level
 * tells which kind was found.  0 when none is found. */
static unsigned find_function_start(const src_file *sf, const char *fn, unsigned from,
                                    bool *top_level)
{
    if (!fn || !*fn)
        return 0;
    const char *name = fn;
    for (const char *p = strstr(fn, "::"); p; p = strstr(p + 2, "::"))
        name = p + 2;
    size_t nlen = strcspn(name, "( \t<");
    if (nlen == 0)
        return 0;
    for (int pass = 0; pass < 2; pass++) {
        for (unsigned l = from; l >= 1 && from - l <= SL_HTML_FN_SCAN; l--) {
            size_t n;
            const char *s = src_line(sf, l, &n);
            if (!names_call(s, n, name, nlen) || last_nonblank(s, n) == ';')
                continue;
            bool col0 = n > 0 && s[0] != ' ' && s[0] != '\t';
            if (pass == 0 && !col0)
                continue;
            *top_level = col0;
            if (col0 && l > 1) {
                size_t pn;
                const char *ps = src_line(sf, l - 1, &pn);
                char lc = last_nonblank(ps, pn);
                if (pn > 0 && ident_char((unsigned char)ps[0]) && lc != ';' && lc != '{' &&
                    lc != '}' && lc != '/' && lc != '\\' && lc != ',' && lc != ')')
                    return l - 1;
            }
            return l;
        }
    }
    return 0;
}

/* The first line at or below `from` that starts with '}' (the end of a
 * top-level function), or 0. */
static unsigned find_function_end(const src_file *sf, unsigned from)
{
    unsigned nl = src_nlines(sf);
    for (unsigned l = from; l <= nl && l - from <= SL_HTML_FN_SCAN; l++) {
        size_t n;
        const char *s = src_line(sf, l, &n);
        if (n > 0 && s[0] == '}')
            return l;
    }
    return 0;
}

/* ---- per-finding source blocks ---- */

/* The lines of one file shown for a finding. */
typedef struct src_block {
    const char *file; /* borrowed from the finding */
    src_file *sf;     /* borrowed from the cache */
    unsigned lo, hi;  /* lines the path touches in this file */
    unsigned first, last; /* lines shown; 0 when nothing can be shown */
    unsigned past_end;    /* a path line past the end of the file, or 0 */
} src_block;

typedef SL_VEC(src_block) src_blocks;

static void block_touch(src_blocks *bs, const sl_loc *l)
{
    if (!l->file || l->line == 0)
        return;
    for (size_t i = 0; i < bs->n; i++) {
        if (strcmp(bs->v[i].file, l->file) == 0) {
            if (l->line < bs->v[i].lo)
                bs->v[i].lo = l->line;
            if (l->line > bs->v[i].hi)
                bs->v[i].hi = l->line;
            return;
        }
    }
    src_block b = {.file = l->file, .lo = l->line, .hi = l->line};
    SL_VEC_PUSH(*bs, b);
}

/* Blocks for f: the reporting file first, then every other file the path
 * visits, in path order; their line ranges resolved against the files. */
static void blocks_for(const sl_finding *f, src_cache *cache, src_blocks *bs)
{
    block_touch(bs, &f->loc);
    for (size_t i = 0; i < f->steps.n; i++)
        block_touch(bs, &f->steps.v[i].loc);
    block_touch(bs, &f->acquire_loc);
    for (size_t i = 0; i < bs->n; i++) {
        src_block *b = &bs->v[i];
        b->sf = src_get(cache, b->file);
        unsigned nl = src_nlines(b->sf);
        if (nl == 0)
            continue;
        if (b->hi > nl)
            b->past_end = b->hi;
        unsigned lo = b->lo <= nl ? b->lo : nl, hi = b->hi <= nl ? b->hi : nl;
        bool top = false;
        unsigned start = i == 0 ? find_function_start(b->sf, f->function, lo, &top) : 0;
        unsigned end = start && top ? find_function_end(b->sf, hi) : 0;
        b->first = start ? start : (lo > SL_HTML_CONTEXT ? lo - SL_HTML_CONTEXT : 1);
        b->last = end ? end : (hi + SL_HTML_CONTEXT < nl ? hi + SL_HTML_CONTEXT : nl);
    }
}

/* Write the id of line `line` of block bi of finding fid ("F1-L30", or
 * "F1-f2-L30" for a second file). */
static void line_id(FILE *out, const char *fid, size_t bi, unsigned line)
{
    if (bi == 0)
        fprintf(out, "%s-L%u", fid, line);
    else
        fprintf(out, "%s-f%zu-L%u", fid, bi, line);
}

/* Write l as "path:line[:col]", linked to its line in a shown block when
 * there is one. */
static void loc_link(FILE *out, const sl_loc *l, const src_blocks *bs, const char *fid,
                     const char *root, bool with_col)
{
    if (!l->file) {
        fputs("unknown location", out);
        return;
    }
    char *rel = sl_path_relative(l->file, root);
    const src_block *hit = NULL;
    size_t bi = 0;
    for (size_t i = 0; i < bs->n; i++) {
        const src_block *b = &bs->v[i];
        if (strcmp(b->file, l->file) == 0 && b->first && l->line >= b->first &&
            l->line <= b->last) {
            hit = b;
            bi = i;
        }
    }
    if (hit) {
        fputs("<a href=\"#", out);
        line_id(out, fid, bi, l->line);
        fputs("\">", out);
    }
    html_text(out, rel);
    if (l->line)
        fprintf(out, ":%u", l->line);
    if (with_col && l->line && l->col)
        fprintf(out, ":%u", l->col);
    if (hit)
        fputs("</a>", out);
    free(rel);
}

static const char *step_label(sl_step_kind k)
{
    switch (k) {
    case SL_STEP_ACQUIRE: return "acquired";
    case SL_STEP_BRANCH: return "branch";
    case SL_STEP_ALIAS: return "alias";
    case SL_STEP_LEAK: return "leaks here";
    case SL_STEP_NOTE: return "note";
    }
    return "note";
}

/* Step j (0-based) as a badge and its message. */
static void step_badge(FILE *out, const sl_step *st, size_t j)
{
    fprintf(out, "<span class=\"badge k-%s\">%zu %s</span> <span class=\"smsg\">",
            sl_step_kind_name(st->kind), j + 1, step_label(st->kind));
    html_text(out, st->msg);
    fputs("</span>", out);
}

/* Highlight of a line: the most telling step on it. */
static int step_rank(sl_step_kind k)
{
    switch (k) {
    case SL_STEP_LEAK: return 5;
    case SL_STEP_ACQUIRE: return 4;
    case SL_STEP_BRANCH: return 3;
    case SL_STEP_ALIAS: return 2;
    case SL_STEP_NOTE: return 1;
    }
    return 1;
}

static void write_block(FILE *out, const sl_finding *f, const src_blocks *bs, size_t bi,
                        const char *fid, const char *root)
{
    const src_block *b = &bs->v[bi];
    char *rel = sl_path_relative(b->file, root);
    if (!b->sf->text) {
        fputs("<p class=\"nosrc\" role=\"note\">Source not available: <code>", out);
        html_text(out, rel);
        fputs("</code> could not be read (", out);
        html_text(out, b->sf->error);
        fputs("). The path steps are listed above.</p>\n", out);
        free(rel);
        return;
    }
    if (src_nlines(b->sf) == 0) {
        fputs("<p class=\"nosrc\" role=\"note\">Source not available: <code>", out);
        html_text(out, rel);
        fputs("</code> is empty now; it changed after the analysis.</p>\n", out);
        free(rel);
        return;
    }
    fputs("<figure class=\"src\">\n<figcaption><code>", out);
    html_text(out, rel);
    fprintf(out, "</code>, lines %u&ndash;%u</figcaption>\n", b->first, b->last);
    if (b->past_end)
        fprintf(out,
                "<p class=\"nosrc\" role=\"note\">The path reaches line %u but the file has %u "
                "lines now; it changed after the analysis, so the lines below may not match.</p>\n",
                b->past_end, src_nlines(b->sf));
    fputs("<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Source of ", out);
    html_text(out, rel);
    fputs("\">\n<table class=\"code\">\n", out);
    for (unsigned l = b->first; l <= b->last; l++) {
        int rank = 0;
        sl_step_kind hk = SL_STEP_NOTE;
        for (size_t j = 0; j < f->steps.n; j++) {
            const sl_step *st = &f->steps.v[j];
            if (st->loc.file && st->loc.line == l && strcmp(st->loc.file, b->file) == 0 &&
                step_rank(st->kind) > rank) {
                rank = step_rank(st->kind);
                hk = st->kind;
            }
        }
        fputs("<tr id=\"", out);
        line_id(out, fid, bi, l);
        fputs("\"", out);
        if (rank)
            fprintf(out, " class=\"hit k-%s\"", sl_step_kind_name(hk));
        fprintf(out, "><td class=\"ln\">%u</td><td class=\"tx\">", l);
        size_t n;
        const char *s = src_line(b->sf, l, &n);
        html_text_n(out, s, n);
        fputs("</td></tr>\n", out);
        if (!rank)
            continue;
        fputs("<tr class=\"steps\"><td class=\"ln\"></td><td>", out);
        for (size_t j = 0; j < f->steps.n; j++) {
            const sl_step *st = &f->steps.v[j];
            if (st->loc.file && st->loc.line == l && strcmp(st->loc.file, b->file) == 0) {
                fprintf(out, "<div class=\"bubble k-%s\">", sl_step_kind_name(st->kind));
                step_badge(out, st, j);
                fputs("</div>", out);
            }
        }
        fputs("</td></tr>\n", out);
    }
    fputs("</table>\n</div>\n</figure>\n", out);
    free(rel);
}

static void write_finding(FILE *out, const sl_finding *f, const char *fid, src_cache *cache,
                          const char *root)
{
    src_blocks bs = {0};
    blocks_for(f, cache, &bs);
    fprintf(out, "<section class=\"finding\" id=\"%s\" data-fingerprint=\"", fid);
    html_text(out, f->fingerprint);
    fprintf(out, "\" aria-labelledby=\"%s-h\">\n<h3 id=\"%s-h\"><a class=\"fid\" href=\"#%s\">%s</a> ",
            fid, fid, fid, fid);
    fputs("<span class=\"rule\">", out);
    html_text_or(out, f->rule_id, "?");
    fputs("</span> ", out);
    html_text(out, f->message);
    fputs("</h3>\n<dl class=\"facts\">\n<dt>Where</dt><dd>", out);
    loc_link(out, &f->loc, &bs, fid, root, true);
    fputs(" in <code>", out);
    html_text_or(out, f->function, "?");
    fputs("</code></dd>\n<dt>Handle</dt><dd><code>", out);
    html_text_or(out, f->handle, "?");
    fputs("</code>, ", out);
    html_text(out, sl_report_kind_name(f->kind));
    if (f->resource) {
        fputs(" <code>", out);
        html_text(out, f->resource);
        fputs("</code>", out);
    }
    if (f->library) {
        fputs(" from ", out);
        html_text(out, f->library);
    }
    fputs("</dd>\n", out);
    if (f->acquire_fn || f->acquire_loc.file) {
        fputs("<dt>Acquired by</dt><dd><code>", out);
        html_text_or(out, f->acquire_fn, "?");
        fputs("</code> at ", out);
        loc_link(out, &f->acquire_loc, &bs, fid, root, true);
        fputs("</dd>\n", out);
    }
    const sl_rule_doc *doc = f->rule_id ? sl_rule_doc_find(f->rule_id) : NULL;
    fputs("<dt>Rule</dt><dd><code>", out);
    html_text_or(out, f->rule_id, "?");
    fputs("</code>", out);
    if (doc) {
        fputs(": ", out);
        html_text(out, doc->short_desc);
    }
    fputs("</dd>\n<dt>Fingerprint</dt><dd><code class=\"fp\">", out);
    html_text(out, f->fingerprint);
    fputs("</code></dd>\n", out);
    if (f->suppressed) {
        fputs("<dt>Suppressed</dt><dd>", out);
        html_text_or(out, f->suppress_reason, "no reason given");
        fputs("</dd>\n", out);
    }
    fputs("</dl>\n", out);
    if (f->steps.n) {
        fputs("<ol class=\"path\" aria-label=\"Path\">\n", out);
        for (size_t j = 0; j < f->steps.n; j++) {
            fputs("<li>", out);
            step_badge(out, &f->steps.v[j], j);
            fputs(" <span class=\"at\">(", out);
            loc_link(out, &f->steps.v[j].loc, &bs, fid, root, false);
            fputs(")</span></li>\n", out);
        }
        fputs("</ol>\n", out);
    }
    for (size_t i = 0; i < bs.n; i++)
        write_block(out, f, &bs, i, fid, root);
    if (bs.n == 0)
        fputs("<p class=\"nosrc\" role=\"note\">Source not available: the finding has no "
              "location.</p>\n",
              out);
    fputs("<p class=\"back\"><a href=\"#findings\">Back to the findings</a></p>\n</section>\n",
          out);
    free(bs.v);
}

/* ---- summary ---- */

typedef struct count_row {
    const char *key; /* borrowed */
    char *label;     /* owned; NULL: key */
    size_t n;
} count_row;

typedef SL_VEC(count_row) count_rows;

static void count_add(count_rows *c, const char *key)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->v[i].key, key) == 0) {
            c->v[i].n++;
            return;
        }
    count_row r = {.key = key, .n = 1};
    SL_VEC_PUSH(*c, r);
}

static int count_cmp(const void *a, const void *b)
{
    const count_row *x = a, *y = b;
    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;
    return strcmp(x->key, y->key);
}

static void count_rows_free(count_rows *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->v[i].label);
    free(c->v);
}

/* A two-column table of counts.  filter (NULL for none): the attribute
 * ("data-q", "data-rule", "data-kind") that lets the script set the
 * findings filter to a row's label when the row is followed. */
static void write_counts(FILE *out, const char *caption, const count_rows *c,
                         const char *filter)
{
    fputs("<table class=\"counts\">\n<caption>", out);
    html_text(out, caption);
    fputs("</caption>\n<tbody>\n", out);
    for (size_t i = 0; i < c->n; i++) {
        const char *label = c->v[i].label ? c->v[i].label : c->v[i].key;
        fputs("<tr><th scope=\"row\">", out);
        if (filter && c->v[i].n) {
            fprintf(out, "<a href=\"#findings\" %s=\"", filter);
            html_text(out, label);
            fputs("\">", out);
            html_text(out, label);
            fputs("</a>", out);
        } else {
            html_text(out, label);
        }
        fprintf(out, "</th><td>%zu</td></tr>\n", c->v[i].n);
    }
    if (c->n == 0)
        fputs("<tr><td colspan=\"2\">none</td></tr>\n", out);
    fputs("</tbody>\n</table>\n", out);
}

/* The last component of root (its trailing slashes ignored), as a span of
 * root: *len bytes at the returned pointer; "/" for the file system's root.
 * NULL when root is NULL or empty. */
static const char *root_name(const char *root, size_t *len)
{
    if (!root || !*root)
        return NULL;
    size_t end = strlen(root);
    while (end > 1 && root[end - 1] == '/')
        end--;
    size_t start = end;
    while (start > 0 && root[start - 1] != '/')
        start--;
    if (start == end) { /* "/" (or "//...") */
        *len = 1;
        return root;
    }
    *len = end - start;
    return root + start;
}

static void write_header(FILE *out, const sl_report_ctx *ctx, size_t nshown, size_t nsupp)
{
    fputs("<header class=\"top\">\n<h1>sesslint report</h1>\n<dl class=\"meta\">\n", out);
    fputs("<dt>Tool</dt><dd>sesslint ", out);
    html_text_or(out, ctx->tool_version, "(version unknown)");
    fputs("</dd>\n", out);
    if (ctx->commit) {
        fputs("<dt>Commit</dt><dd><code>", out);
        html_text(out, ctx->commit);
        fputs("</code></dd>\n", out);
    }
    /* The project's name, with its path on hover: a shared report does not
     * lead with the analyzing machine's directories. */
    size_t nlen;
    const char *name = root_name(ctx->root, &nlen);
    if (name) {
        fputs("<dt>Root</dt><dd><code title=\"", out);
        html_text(out, ctx->root);
        fputs("\">", out);
        html_text_n(out, name, nlen);
        fputs("</code></dd>\n", out);
    } else {
        fputs("<dt>Root</dt><dd><code>?</code></dd>\n", out);
    }
    if (ctx->tus) {
        size_t nfailed = 0, nparse = 0;
        for (size_t i = 0; i < ctx->tus->n; i++) {
            nfailed += ctx->tus->v[i].status == SL_TU_FAILED;
            nparse += ctx->tus->v[i].status == SL_TU_PARSE_ERRORS;
        }
        fprintf(out, "<dt>Translation units</dt><dd>%zu analyzed", ctx->tus->n);
        if (nfailed)
            fprintf(out, ", <strong>%zu failed</strong>", nfailed);
        if (nparse)
            fprintf(out, ", %zu with parse errors", nparse);
        fputs("</dd>\n", out);
    }
    fprintf(out, "<dt>Findings</dt><dd><strong>%zu</strong>", nshown);
    if (nsupp)
        fprintf(out, " (and %zu suppressed)", nsupp);
    fputs("</dd>\n</dl>\n", out);
    if (ctx->tus) {
        bool any = false;
        for (size_t i = 0; i < ctx->tus->n; i++) {
            const sl_tu_result *t = &ctx->tus->v[i];
            if (t->status == SL_TU_OK)
                continue;
            if (!any)
                fputs("<details class=\"tus\"><summary>Translation units with problems</summary>"
                      "\n<ul>\n",
                      out);
            any = true;
            char *rel = sl_path_relative(t->file ? t->file : "?", ctx->root);
            fputs("<li><code>", out);
            html_text(out, rel);
            fprintf(out, "</code>: %s", t->status == SL_TU_FAILED ? "not analyzed" : "parse errors");
            if (t->message) {
                fputs(": ", out);
                html_text(out, t->message);
            }
            fputs("</li>\n", out);
            free(rel);
        }
        if (any)
            fputs("</ul>\n</details>\n", out);
    }
    fputs("</header>\n", out);
}

static void write_summary(FILE *out, const sl_report_ctx *ctx)
{
    const sl_findings *fs = ctx->findings;
    count_rows kinds = {0}, rules = {0}, files = {0};
    for (int k = 0; k < SL_REPORT_NKINDS; k++) {
        count_row r = {.key = sl_report_kind_name((sl_kind)k)};
        SL_VEC_PUSH(kinds, r);
    }
    for (size_t i = 0; fs && i < fs->n; i++) {
        const sl_finding *f = &fs->v[i];
        if (f->suppressed)
            continue;
        kinds.v[f->kind < SL_REPORT_NKINDS ? f->kind : SL_KIND_RESOURCE].n++;
        count_add(&rules, f->rule_id ? f->rule_id : "?");
        count_add(&files, f->loc.file ? f->loc.file : "?");
    }
    for (size_t i = 0; i < files.n; i++)
        files.v[i].label = sl_path_relative(files.v[i].key, ctx->root);
    if (rules.n)
        qsort(rules.v, rules.n, sizeof *rules.v, count_cmp);
    if (files.n)
        qsort(files.v, files.n, sizeof *files.v, count_cmp);
    fputs("<section id=\"summary\" aria-labelledby=\"summary-h\">\n"
          "<h2 id=\"summary-h\">Summary</h2>\n<div class=\"cards\">\n",
          out);
    write_counts(out, "By kind", &kinds, "data-kind");
    write_counts(out, "By rule", &rules, "data-rule");
    write_counts(out, "By file", &files, "data-q");
    fputs("</div>\n</section>\n", out);
    count_rows_free(&kinds);
    count_rows_free(&rules);
    count_rows_free(&files);
}

/* ---- findings table ---- */

/* One row of the findings table.  Its location links to the line in the
 * finding's source block when that line is shown, else to the finding. */
static void write_row(FILE *out, const sl_finding *f, const char *fid, size_t n,
                      const char *root, src_cache *cache)
{
    const src_file *sf = f->loc.file ? src_get(cache, f->loc.file) : NULL;
    bool shown = sf && f->loc.line >= 1 && f->loc.line <= src_nlines(sf);
    char *rel = f->loc.file ? sl_path_relative(f->loc.file, root) : sl_xstrdup("?");
    fputs("<tr data-rule=\"", out);
    html_text(out, f->rule_id);
    fprintf(out, "\" data-kind=\"%s\" data-n=\"%zu\">", sl_report_kind_name(f->kind), n);
    fprintf(out, "<td data-sort=\"%010zu\"><a href=\"#%s\">%s</a></td><td>", n, fid, fid);
    html_text(out, f->rule_id);
    fprintf(out, "</td><td>%s</td><td data-sort=\"", sl_report_kind_name(f->kind));
    html_text(out, rel);
    fprintf(out, "\t%010u\"><a href=\"#%s", f->loc.line, fid);
    if (shown)
        fprintf(out, "-L%u", f->loc.line);
    fputs("\">", out);
    html_text(out, rel);
    fprintf(out, ":%u</a></td><td><code>", f->loc.line);
    html_text(out, f->function);
    fputs("</code></td><td><code>", out);
    html_text(out, f->handle);
    fputs("</code></td><td>", out);
    html_text(out, f->message);
    fputs("</td></tr>\n", out);
    free(rel);
}

/* A <select> over the distinct values the findings have (rule or kind). */
static void write_select(FILE *out, const char *id, const char *label, const sl_findings *fs,
                         bool rule)
{
    count_rows vals = {0};
    for (size_t i = 0; fs && i < fs->n; i++) {
        const sl_finding *f = &fs->v[i];
        if (!f->suppressed)
            count_add(&vals, rule ? (f->rule_id ? f->rule_id : "?")
                                  : sl_report_kind_name(f->kind));
    }
    fprintf(out, "<label>%s <select id=\"%s\"><option value=\"\">all</option>", label, id);
    for (size_t i = 0; i < vals.n; i++) {
        fputs("<option value=\"", out);
        html_text(out, vals.v[i].key);
        fputs("\">", out);
        html_text(out, vals.v[i].key);
        fprintf(out, " (%zu)</option>", vals.v[i].n);
    }
    fputs("</select></label>\n", out);
    count_rows_free(&vals);
}

static void write_table(FILE *out, const sl_report_ctx *ctx, size_t nshown, src_cache *cache)
{
    fputs("<section id=\"findings\" aria-labelledby=\"findings-h\">\n"
          "<h2 id=\"findings-h\">Findings</h2>\n",
          out);
    if (nshown == 0) {
        fputs("<p class=\"none\">No findings: every handle the rules know is released on "
              "every path.</p>\n</section>\n",
              out);
        return;
    }
    fputs("<div id=\"filters\" class=\"filters\" hidden>\n"
          "<label>Filter <input id=\"q\" type=\"search\" placeholder=\"text in any column\">"
          "</label>\n",
          out);
    write_select(out, "frule", "Rule", ctx->findings, true);
    write_select(out, "fkind", "Kind", ctx->findings, false);
    fputs("<span id=\"shown\" role=\"status\" aria-live=\"polite\"></span>\n</div>\n"
          "<div class=\"scroll\">\n<table id=\"ftable\" class=\"list\">\n"
          "<thead><tr><th scope=\"col\">#</th><th scope=\"col\">Rule</th>"
          "<th scope=\"col\">Kind</th><th scope=\"col\">Location</th>"
          "<th scope=\"col\">Function</th><th scope=\"col\">Handle</th>"
          "<th scope=\"col\">Message</th></tr></thead>\n<tbody>\n",
          out);
    size_t n = 0;
    for (size_t i = 0; i < ctx->findings->n; i++) {
        const sl_finding *f = &ctx->findings->v[i];
        if (f->suppressed)
            continue;
        char fid[32];
        snprintf(fid, sizeof fid, "F%zu", ++n);
        write_row(out, f, fid, n, ctx->root, cache);
    }
    fputs("</tbody>\n</table>\n</div>\n</section>\n", out);
}

/* ---- page ---- */

static const char css[] =
    ":root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#59636e;--border:#d1d9e0;"
    "--panel:#f6f8fa;--link:#0550ae;--focus:#0969da;--target:#ddf4ff;"
    "--acquire:#116329;--acquire-bg:#dafbe1;--branch:#7d4e00;--branch-bg:#fff1c2;"
    "--alias:#0550ae;--alias-bg:#ddf4ff;--leak:#a40e26;--leak-bg:#ffebe9;"
    "--note:#424a53;--note-bg:#eaeef2}\n"
    "@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;"
    "--border:#3d444d;--panel:#151b23;--link:#79c0ff;--focus:#58a6ff;--target:#12263f;"
    "--acquire:#7ee787;--acquire-bg:#0f3d1f;--branch:#f2cc60;--branch-bg:#3d2c00;"
    "--alias:#a5d6ff;--alias-bg:#0c2d6b;--leak:#ffa198;--leak-bg:#5a1414;"
    "--note:#d1d7e0;--note-bg:#2d333b}}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"
    "'Segoe UI',Roboto,'Noto Sans','Liberation Sans',sans-serif}\n"
    "code,.tx,.fp{font-family:ui-monospace,'SFMono-Regular','DejaVu Sans Mono',Menlo,Consolas,"
    "'Liberation Mono',monospace;font-size:13px}\n"
    "a{color:var(--link)}\n"
    "a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,"
    "summary:focus-visible,[tabindex]:focus-visible{outline:3px solid var(--focus);"
    "outline-offset:2px;border-radius:3px}\n"
    ".skip{position:absolute;left:-999px;top:0;background:var(--bg);padding:4px 8px}\n"
    ".skip:focus{left:8px}\n"
    "header.top,main{max-width:1200px;margin:0 auto;padding:0 20px}\n"
    "header.top{padding-top:16px;border-bottom:1px solid var(--border)}\n"
    "h1{font-size:24px;margin:0 0 8px}h2{font-size:20px;margin:24px 0 8px}\n"
    "h3{font-size:16px;margin:0 0 8px;font-weight:600}\n"
    "dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0 0 12px}\n"
    "dl.meta dt,dl.facts dt{color:var(--muted)}dl.meta dd,dl.facts dd{margin:0;"
    "overflow-wrap:anywhere}\n"
    "details.tus{margin:0 0 12px}\n"
    ".cards{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}\n"
    "table.counts{border-collapse:collapse;min-width:200px;background:var(--panel);"
    "border:1px solid var(--border);border-radius:6px}\n"
    "table.counts caption{text-align:left;font-weight:600;padding:0 0 4px}\n"
    "table.counts th,table.counts td{padding:3px 10px;text-align:left;"
    "border-top:1px solid var(--border)}\n"
    "table.counts th{font-weight:normal;overflow-wrap:anywhere}table.counts td{text-align:right;"
    "font-variant-numeric:tabular-nums}\n"
    ".filters{display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin:0 0 8px}\n"
    ".filters input,.filters select{font:inherit;color:inherit;background:var(--bg);"
    "border:1px solid var(--border);border-radius:6px;padding:3px 6px}\n"
    ".filters input{min-width:260px}#shown{color:var(--muted)}\n"
    ".scroll{overflow-x:auto}\n"
    "table.list{border-collapse:collapse;width:100%}\n"
    "table.list th,table.list td{padding:5px 8px;border-bottom:1px solid var(--border);"
    "text-align:left;vertical-align:top}\n"
    "table.list thead th{background:var(--panel);white-space:nowrap}\n"
    "table.list tbody tr:hover{background:var(--panel)}\n"
    "button.sort{font:inherit;font-weight:600;color:inherit;background:none;border:0;"
    "padding:0;cursor:pointer}\n"
    "th[aria-sort=ascending] button.sort::after{content:' \\25B2'}\n"
    "th[aria-sort=descending] button.sort::after{content:' \\25BC'}\n"
    "section.finding{margin:24px 0;padding:16px;border:1px solid var(--border);"
    "border-radius:8px}\n"
    "section.finding:target{background:var(--target)}\n"
    "a.fid{font-weight:700;text-decoration:none}.rule{color:var(--muted);font-weight:400}\n"
    "dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0 0 8px}\n"
    ".fp{font-size:12px}\n"
    "ol.path{margin:0 0 12px;padding-left:0;list-style:none}ol.path li{margin:2px 0}\n"
    ".at{color:var(--muted)}\n"
    ".badge{display:inline-block;font-size:12px;font-weight:700;border-radius:10px;"
    "padding:0 8px;border:1px solid currentColor;white-space:nowrap}\n"
    ".k-acquire .badge,.badge.k-acquire{color:var(--acquire);background:var(--acquire-bg)}\n"
    ".k-branch .badge,.badge.k-branch{color:var(--branch);background:var(--branch-bg)}\n"
    ".k-alias .badge,.badge.k-alias{color:var(--alias);background:var(--alias-bg)}\n"
    ".k-leak .badge,.badge.k-leak{color:var(--leak);background:var(--leak-bg)}\n"
    ".k-note .badge,.badge.k-note{color:var(--note);background:var(--note-bg)}\n"
    "figure.src{margin:8px 0 0}figure.src figcaption{color:var(--muted);font-size:13px;"
    "margin:0 0 4px}\n"
    "figure.src .scroll{border:1px solid var(--border);border-radius:6px;background:var(--panel)}\n"
    "table.code{border-collapse:collapse;width:100%}\n"
    "table.code td{padding:0 8px;vertical-align:top}\n"
    "td.ln{width:1%;text-align:right;color:var(--muted);user-select:none;"
    "font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:12px;"
    "border-right:1px solid var(--border);white-space:nowrap}\n"
    "td.tx{white-space:pre;tab-size:8}\n"
    "tr:target td{background:var(--target)}\n"
    "tr.hit.k-acquire td.tx{background:var(--acquire-bg)}"
    "tr.hit.k-branch td.tx{background:var(--branch-bg)}"
    "tr.hit.k-alias td.tx{background:var(--alias-bg)}"
    "tr.hit.k-leak td.tx{background:var(--leak-bg)}"
    "tr.hit.k-note td.tx{background:var(--note-bg)}\n"
    "tr.steps td{padding:2px 8px 4px}\n"
    ".bubble{display:inline-block;margin:2px 8px 2px 0;padding:2px 8px 2px 4px;"
    "border:1px solid var(--border);border-left:4px solid currentColor;border-radius:6px;"
    "background:var(--bg);font-size:13px}\n"
    ".bubble.k-acquire{border-left-color:var(--acquire)}"
    ".bubble.k-branch{border-left-color:var(--branch)}"
    ".bubble.k-alias{border-left-color:var(--alias)}"
    ".bubble.k-leak{border-left-color:var(--leak)}"
    ".bubble.k-note{border-left-color:var(--note)}\n"
    ".nosrc{padding:8px 12px;border:1px dashed var(--border);border-radius:6px;"
    "background:var(--panel)}\n"
    ".back{margin:8px 0 0;font-size:13px}\n"
    "details.suppressed{margin:24px 0 40px}details.suppressed>summary{font-size:18px;"
    "font-weight:600;cursor:pointer}\n"
    "footer{max-width:1200px;margin:0 auto 24px;padding:0 20px;color:var(--muted);"
    "font-size:13px}\n";

/* Filtering and sorting of #ftable; the page is complete without it.  It
 * marks <html data-js="ready"> when done, which the browser test checks. */
static const char script[] =
    "(function(){'use strict';\n"
    "var each=function(l,f){Array.prototype.forEach.call(l,f);};\n"
    "var t=document.getElementById('ftable');\n"
    "if(t){\n"
    "var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows);\n"
    "var q=document.getElementById('q'),fr=document.getElementById('frule'),"
    "fk=document.getElementById('fkind'),shown=document.getElementById('shown');\n"
    "var apply=function(){var s=q.value.trim().toLowerCase(),n=0;\n"
    " rows.forEach(function(tr){var ok=(!fr.value||tr.getAttribute('data-rule')===fr.value)&&"
    "(!fk.value||tr.getAttribute('data-kind')===fk.value)&&"
    "(!s||tr.textContent.toLowerCase().indexOf(s)>=0);tr.hidden=!ok;if(ok)n++;});\n"
    " shown.textContent=n+' of '+rows.length+' shown';};\n"
    "[q,fr,fk].forEach(function(el){el.addEventListener('input',apply);"
    "el.addEventListener('change',apply);});\n"
    "var heads=t.tHead.rows[0].cells;\n"
    "each(heads,function(th,i){var b=document.createElement('button');b.type='button';"
    "b.className='sort';b.textContent=th.textContent;th.textContent='';th.appendChild(b);\n"
    " b.addEventListener('click',function(){var dir=th.getAttribute('aria-sort')==='ascending'?-1:1;\n"
    "  each(heads,function(h){h.removeAttribute('aria-sort');});\n"
    "  th.setAttribute('aria-sort',dir>0?'ascending':'descending');\n"
    "  var key=function(tr){var c=tr.cells[i];return c.hasAttribute('data-sort')?"
    "c.getAttribute('data-sort'):c.textContent.toLowerCase();};\n"
    "  rows.sort(function(a,b){var x=key(a),y=key(b);return (x<y?-1:x>y?1:0)*dir||"
    "a.getAttribute('data-n')-b.getAttribute('data-n');});\n"
    "  rows.forEach(function(tr){body.appendChild(tr);});});});\n"
    "each(document.querySelectorAll('a[data-q],a[data-rule],a[data-kind]'),function(a){"
    "a.addEventListener('click',function(){q.value=a.getAttribute('data-q')||'';"
    "fr.value=a.getAttribute('data-rule')||'';fk.value=a.getAttribute('data-kind')||'';"
    "apply();});});\n"
    "document.getElementById('filters').hidden=false;apply();}\n"
    "document.documentElement.setAttribute('data-js','ready');})();\n";

/* Standard base64 of n bytes into out (4 * ceil(n / 3) + 1 bytes). */
static void base64(const unsigned char *in, size_t n, char *out)
{
    static const char al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)in[i] << 16;
        if (i + 1 < n)
            v |= (unsigned)in[i + 1] << 8;
        if (i + 2 < n)
            v |= in[i + 2];
        out[o++] = al[(v >> 18) & 63];
        out[o++] = al[(v >> 12) & 63];
        out[o++] = i + 1 < n ? al[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < n ? al[v & 63] : '=';
    }
    out[o] = 0;
}

/* "'sha256-BASE64'" of text, for the Content-Security-Policy. */
static void csp_hash(const char *text, char out[64])
{
    sl_sha256 c;
    unsigned char d[32];
    sl_sha256_init(&c);
    sl_sha256_update(&c, text, strlen(text));
    sl_sha256_final(&c, d);
    char b64[48];
    base64(d, sizeof d, b64);
    snprintf(out, 64, "'sha256-%s'", b64);
}

int sl_report_html(FILE *out, const sl_report_ctx *ctx, sl_error *err)
{
    const sl_findings *fs = ctx->findings;
    const char *root = ctx->root;
    size_t nshown = 0, nsupp = 0;
    for (size_t i = 0; fs && i < fs->n; i++) {
        if (fs->v[i].suppressed)
            nsupp++;
        else
            nshown++;
    }
    char css_h[64], js_h[64];
    csp_hash(css, css_h);
    csp_hash(script, js_h);
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n", out);
    fprintf(out,
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src %s; script-src %s; img-src data:; base-uri 'none'; "
            "form-action 'none'\">\n",
            css_h, js_h);
    fputs("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta name=\"color-scheme\" content=\"light dark\">\n"
          "<meta name=\"generator\" content=\"sesslint ",
          out);
    html_text(out, ctx->tool_version);
    fprintf(out, "\">\n<title>sesslint: %zu finding%s</title>\n", nshown,
            nshown == 1 ? "" : "s");
    fprintf(out, "<style>%s</style>\n</head>\n<body>\n", css);
    fputs("<a class=\"skip\" href=\"#findings\">Skip to the findings</a>\n", out);
    write_header(out, ctx, nshown, nsupp);
    fputs("<main>\n", out);
    src_cache cache = {0};
    write_summary(out, ctx);
    write_table(out, ctx, nshown, &cache);
    size_t n = 0;
    for (size_t i = 0; fs && i < fs->n; i++) {
        if (fs->v[i].suppressed)
            continue;
        char fid[32];
        snprintf(fid, sizeof fid, "F%zu", ++n);
        write_finding(out, &fs->v[i], fid, &cache, root);
    }
    if (nsupp) {
        fprintf(out,
                "<details class=\"suppressed\" id=\"suppressed\">\n"
                "<summary>Suppressed findings (%zu)</summary>\n",
                nsupp);
        n = 0;
        for (size_t i = 0; i < fs->n; i++) {
            if (!fs->v[i].suppressed)
                continue;
            char fid[32];
            snprintf(fid, sizeof fid, "S%zu", ++n);
            write_finding(out, &fs->v[i], fid, &cache, root);
        }
        fputs("</details>\n", out);
    }
    src_cache_free(&cache);
    fputs("</main>\n<footer>Generated by sesslint ", out);
    html_text(out, ctx->tool_version);
    fputs(". Source shown as read when the report was written.</footer>\n", out);
    fprintf(out, "<script>%s</script>\n</body>\n</html>\n", script);
    return sl_report_finish(out, ctx, err);
}
