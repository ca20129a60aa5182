/* frontend: lowering libclang cursors to the ownership IR.  See frontend.h.
 *
 * The walk is pruned to function bodies in the main file.  Statements and
 * expressions are lowered by recursive descent bounded by SL_MAX_NESTING; a
 * function nested deeper is skipped with a reason instead of overflowing the
 * stack.  Operators are read from libclang where it exposes them (17+) and
 * otherwise from the source text next to the operands.
 */
#include "frontend.h"

#include "infer.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- small helpers ---------------------------------------------------- */

typedef SL_VEC(CXCursor) sl_cursors;

static enum CXChildVisitResult sl_collect_visitor(CXCursor c, CXCursor parent, CXClientData d)
{
    (void)parent;
    sl_cursors *v = d;
    SL_VEC_PUSH(*v, c);
    return CXChildVisit_Continue;
}

/* Children of c.  Returns owned array in *out (free out->v). */
static void sl_children(CXCursor c, sl_cursors *out)
{
    out->n = 0;
    clang_visitChildren(c, sl_collect_visitor, out);
}

static char *sl_cxstr(CXString s) /* returns owned */
{
    const char *c = clang_getCString(s);
    char *r = sl_xstrdup(c ? c : "");
    clang_disposeString(s);
    return r;
}

static bool sl_is_expr(CXCursor c)
{
    return clang_isExpression(clang_getCursorKind(c));
}

/* Per-TU state shared by the functions being lowered. */
typedef struct sl_namecache_entry {
    char *name;
    int value;
} sl_namecache_entry;

typedef struct sl_tuctx {
    CXTranslationUnit tu;
    CXFile main_file;
    sl_tu *out;
    SL_VEC(sl_namecache_entry) noreturn_cache;
    bool collect_decls; /* gather inference candidates (sl_record_decl) */
    const char *decl_file; /* the header of the last candidate (in the TU's
                              arena): the next ones mostly share it */
} sl_tuctx;

/* ---- lowering state per function --------------------------------------- */

typedef struct sl_scope {
    int serial;
    SL_VEC(int) vars;
} sl_scope;

typedef struct sl_loopctx {
    int brk, cont;   /* -1: not allowed here */
    size_t nscopes;  /* scope depth at the loop/switch */
} sl_loopctx;

typedef struct sl_switchctx {
    int block;
    SL_VEC(long long) values;
    SL_VEC(int) targets;
    int deflt;
} sl_switchctx;

typedef struct sl_label {
    const char *name;
    int block;
    bool defined;
    int *chain;  /* scope serials at the label */
    size_t nchain;
} sl_label;

typedef struct sl_pending_goto {
    const char *label;
    int tramp;
    int *chain;          /* scope serials at the goto */
    size_t nchain;
    int **chain_vars;    /* vars of each scope, innermost last */
    size_t *chain_nvars;
    sl_srcloc loc;
} sl_pending_goto;

typedef struct sl_declmap_entry {
    CXCursor decl;
    int var;
} sl_declmap_entry;

typedef struct sl_lw {
    sl_tuctx *T;
    sl_func *f;
    int cur;
    int depth;
    bool failed;
    int next_serial;
    int ntemps;
    SL_VEC(sl_scope) scopes;
    SL_VEC(sl_loopctx) loops;
    SL_VEC(sl_switchctx *) switches;
    SL_VEC(sl_label) labels;
    SL_VEC(sl_pending_goto) gotos;
    sl_declmap_entry *declmap;
    size_t declmap_cap, declmap_n;
    int memory_var; /* pseudo variable for stores we cannot name */
    CXCursor disp;  /* condition as written ("!h"), for branch notes */
    bool disp_neg;  /* disp is the negation of the test being lowered */
    int macro_stmts; /* depth of do { } while (0) bodies written in a macro */
    bool saw_devnull; /* the string "/dev/null" was lowered (call arguments) */
} sl_lw;

static sl_srcloc sl_loc_of_location(CXSourceLocation l)
{
    unsigned line = 0, col = 0;
    clang_getExpansionLocation(l, NULL, &line, &col, NULL);
    sl_srcloc r = {line, col};
    return r;
}

static sl_srcloc sl_loc(CXCursor c)
{
    return sl_loc_of_location(clang_getCursorLocation(c));
}

/* Location of the last character of c's extent (a closing brace). */
static sl_srcloc sl_end_loc(CXCursor c)
{
    CXSourceRange r = clang_getCursorExtent(c);
    sl_srcloc l = sl_loc_of_location(clang_getRangeEnd(r));
    if (l.col > 1)
        l.col--;
    return l;
}

/* Source buffer and offset for a location (spelling when asked). */
static const char *sl_buffer_at(sl_tuctx *T, CXSourceLocation loc, bool spelling, size_t *off,
                                size_t *size)
{
    CXFile file = NULL;
    unsigned o = 0;
    if (spelling)
        clang_getFileLocation(loc, &file, NULL, NULL, &o);
    else
        clang_getExpansionLocation(loc, &file, NULL, NULL, &o);
    if (!file)
        return NULL;
    const char *buf = clang_getFileContents(T->tu, file, size);
    if (!buf || o > *size)
        return NULL;
    *off = o;
    return buf;
}

static bool sl_ident_char(char c);

static bool sl_ident_start(char c)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Source text of an extent, whitespace collapsed, at most 96 chars.  Arena
 * owned. */
static const char *sl_extent_text(sl_lw *L, CXCursor c)
{
    CXSourceRange r = clang_getCursorExtent(c);
    size_t o1 = 0, o2 = 0, sz1 = 0, sz2 = 0;
    const char *b1 = sl_buffer_at(L->T, clang_getRangeStart(r), false, &o1, &sz1);
    const char *b2 = sl_buffer_at(L->T, clang_getRangeEnd(r), false, &o2, &sz2);
    if (!b1 || b1 != b2 || o2 <= o1) {
        /* inside a macro: the whole extent expands at the macro's name;
         * an argument's text is where it is spelled */
        b1 = sl_buffer_at(L->T, clang_getRangeStart(r), true, &o1, &sz1);
        b2 = sl_buffer_at(L->T, clang_getRangeEnd(r), true, &o2, &sz2);
        /* a last token that is itself a macro ends at its start: take its
         * name and its argument list */
        if (b1 && b1 == b2 && o2 < sz2 && sl_ident_start(b2[o2])) {
            while (o2 < sz2 && sl_ident_char(b2[o2]))
                o2++;
            size_t p = o2;
            while (p < sz2 && (b2[p] == ' ' || b2[p] == '\t'))
                p++;
            if (p < sz2 && b2[p] == '(') {
                int depth = 0;
                for (; p < sz2; p++) {
                    depth += b2[p] == '(';
                    if (b2[p] == ')' && --depth == 0) {
                        o2 = p + 1;
                        break;
                    }
                    if (b2[p] == ';' || b2[p] == '{')
                        break;
                }
            }
        }
    }
    if (!b1 || b1 != b2 || o2 <= o1)
        return NULL;
    char tmp[100];
    size_t n = 0;
    bool space = false;
    for (size_t i = o1; i < o2 && n < 96; i++) {
        char ch = b1[i];
        if (ch == '\n' || ch == '\t' || ch == '\r' || ch == ' ') {
            space = true;
            continue;
        }
        if (space && n > 0)
            tmp[n++] = ' ';
        space = false;
        if (n < 96)
            tmp[n++] = ch;
    }
    if (o2 - o1 > 96 && n >= 93) {
        n = 93;
        tmp[n++] = '.';
        tmp[n++] = '.';
        tmp[n++] = '.';
    }
    return sl_arena_strndup(L->f->arena, tmp, n);
}

/* ---- operators ------------------------------------------------------ */

static CXCursor sl_single_expr_child(CXCursor e);

typedef enum sl_binop {
    SL_B_UNKNOWN, SL_B_ASSIGN, SL_B_EQ, SL_B_NE, SL_B_LT, SL_B_LE, SL_B_GT, SL_B_GE,
    SL_B_LAND, SL_B_LOR, SL_B_COMMA, SL_B_BITAND, SL_B_ARITH,
} sl_binop;

#if CINDEX_VERSION_MINOR < 64
/* libclang before 17 has no operator kinds: they are read from the source
 * text.  Where the operator sits depends on where the operands come from:
 *  - operands expanding at different places: the operator is written
 *    between them in the file (macros may hold the operands, not it);
 *  - operands from one macro expansion: the operator is written in that
 *    macro's body or in one of its arguments, next to an operand where the
 *    operand is written.  clang_getSpellingLocation does not tell where a
 *    token of a macro body is written (it answers the expansion point), but
 *    clang_tokenize lexes a range where it is written: the first token of
 *    [loc, loc] sits in the #define line for a body token. */

static const char *const sl_op_texts[] = {
    "<<=", ">>=", "==", "!=", "<=", ">=", "&&", "||", "<<", ">>", "+=", "-=", "*=", "/=",
    "%=", "&=", "|=", "^=", "->", "=", "<", ">", ",", "+", "-", "*", "/", "%", "&", "|", "^",
};

static sl_binop sl_binop_from_text(const char *t)
{
    if (!strcmp(t, "="))
        return SL_B_ASSIGN;
    if (!strcmp(t, "=="))
        return SL_B_EQ;
    if (!strcmp(t, "!="))
        return SL_B_NE;
    if (!strcmp(t, "<"))
        return SL_B_LT;
    if (!strcmp(t, "<="))
        return SL_B_LE;
    if (!strcmp(t, ">"))
        return SL_B_GT;
    if (!strcmp(t, ">="))
        return SL_B_GE;
    if (!strcmp(t, "&&"))
        return SL_B_LAND;
    if (!strcmp(t, "||"))
        return SL_B_LOR;
    if (!strcmp(t, ","))
        return SL_B_COMMA;
    if (!strcmp(t, "->"))
        return SL_B_UNKNOWN;
    if (!strcmp(t, "&"))
        return SL_B_BITAND;
    return SL_B_ARITH;
}

/* Skip whitespace and comments forward from off. */
static size_t sl_skip_ws(const char *b, size_t off, size_t size)
{
    while (off < size) {
        if (b[off] == ' ' || b[off] == '\t' || b[off] == '\n' || b[off] == '\r' ||
            b[off] == '\\') {
            off++;
        } else if (off + 1 < size && b[off] == '/' && b[off + 1] == '*') {
            const char *e = strstr(b + off + 2, "*/");
            off = e ? (size_t)(e - b) + 2 : size;
        } else if (off + 1 < size && b[off] == '/' && b[off + 1] == '/') {
            while (off < size && b[off] != '\n')
                off++;
        } else {
            break;
        }
    }
    return off;
}

/* Skip whitespace, line splices and block comments backward from off, not
 * before start. */
static size_t sl_skip_ws_back(const char *b, size_t off, size_t start)
{
    while (off > start) {
        char c = b[off - 1];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\\') {
            off--;
        } else if (off - start >= 4 && c == '/' && b[off - 2] == '*') {
            size_t p = off - 2;
            while (p > start + 1 && !(b[p - 2] == '/' && b[p - 1] == '*'))
                p--;
            if (p <= start + 1)
                break;
            off = p - 2;
        } else {
            break;
        }
    }
    return off;
}

static const char *sl_match_op(const char *b, size_t off, size_t size)
{
    for (size_t i = 0; i < sizeof sl_op_texts / sizeof *sl_op_texts; i++) {
        size_t n = strlen(sl_op_texts[i]);
        if (off + n <= size && memcmp(b + off, sl_op_texts[i], n) == 0)
            return sl_op_texts[i];
    }
    return NULL;
}

/* The operator that ends just before off (after whitespace), not before
 * start; *at is where it starts. */
static const char *sl_match_op_back(const char *b, size_t off, size_t start, size_t *at)
{
    size_t p = sl_skip_ws_back(b, off, start);
    for (size_t n = 3; n >= 1; n--) {
        if (p >= start + n) {
            const char *op = sl_match_op(b, p - n, p);
            if (op && strlen(op) == n) {
                *at = p - n;
                return op;
            }
        }
    }
    return NULL;
}

/* A macro body ends at the first newline that is not spliced. */
static size_t sl_logical_line_end(const char *b, size_t off, size_t size)
{
    for (; off < size; off++) {
        if (b[off] != '\n')
            continue;
        size_t p = off;
        if (p > 0 && b[p - 1] == '\r')
            p--;
        if (p == 0 || b[p - 1] != '\\')
            return off;
    }
    return size;
}

static size_t sl_logical_line_start(const char *b, size_t off)
{
    for (; off > 0; off--) {
        if (b[off - 1] != '\n')
            continue;
        size_t p = off - 1;
        if (p > 0 && b[p - 1] == '\r')
            p--;
        if (p == 0 || b[p - 1] != '\\')
            return off;
    }
    return 0;
}

/* Where the token at loc is written (see above).  With named, where the
 * macro it comes from is named inside an argument of the enclosing one
 * (clang_getFileLocation), when that is neither where the token is written
 * nor the expansion point inv of inv_file. */
typedef struct sl_spelled {
    CXFile file;
    const char *buf;
    size_t off, size;
    size_t lo, hi; /* the text an operator next to it may come from */
    bool in_body;  /* written in a macro body, not where it expands */
} sl_spelled;

static bool sl_spelled_at(sl_tuctx *T, CXSourceLocation loc, bool named, CXFile inv_file,
                          size_t inv, sl_spelled *s)
{
    CXToken *toks = NULL;
    unsigned n = 0;
    clang_tokenize(T->tu, clang_getRange(loc, loc), &toks, &n);
    CXSourceLocation at = n ? clang_getTokenLocation(T->tu, toks[0]) : clang_getNullLocation();
    clang_disposeTokens(T->tu, toks, n);
    unsigned o = 0, fo = 0;
    CXFile f = NULL;
    s->file = NULL;
    clang_getFileLocation(at, &s->file, NULL, NULL, &o);
    clang_getFileLocation(loc, &f, NULL, NULL, &fo);
    if (!s->file || !f)
        return false;
    s->in_body = !(clang_File_isEqual(f, s->file) && fo == o);
    if (named) {
        if (!s->in_body || (clang_File_isEqual(f, inv_file) && fo == inv))
            return false;
        s->in_body = false;
        s->file = f;
        o = fo;
    }
    s->buf = clang_getFileContents(T->tu, s->file, &s->size);
    if (!s->buf || o > s->size)
        return false;
    s->off = o;
    if (!s->in_body) {
        /* written where it expands: a macro argument */
        s->lo = 0;
        s->hi = s->size;
    } else {
        /* written in a macro body: its #define line */
        s->lo = sl_logical_line_start(s->buf, o);
        s->hi = sl_logical_line_end(s->buf, o, s->size);
    }
    return true;
}

/* Past a string or character literal starting at off; SIZE_MAX if it does
 * not end before end. */
static size_t sl_skip_literal(const char *b, size_t off, size_t end)
{
    char q = b[off++];
    while (off < end && b[off] != q)
        off += b[off] == '\\' ? 2 : 1;
    return off < end ? off + 1 : SIZE_MAX;
}

/* Past the bracketed group opening at off; SIZE_MAX if unbalanced. */
static size_t sl_skip_group(const char *b, size_t off, size_t end)
{
    int depth = 0;
    while (off < end) {
        char c = b[off];
        if (c == '"' || c == '\'') {
            off = sl_skip_literal(b, off, end);
            if (off == SIZE_MAX)
                return SIZE_MAX;
            continue;
        }
        if (c == '/' && off + 1 < end && (b[off + 1] == '*' || b[off + 1] == '/')) {
            off = sl_skip_ws(b, off, end);
            continue;
        }
        if (c == '(' || c == '[' || c == '{')
            depth++;
        else if ((c == ')' || c == ']' || c == '}') && --depth == 0)
            return off + 1;
        off++;
    }
    return SIZE_MAX;
}

static bool sl_is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Past the text of a postfix expression (a name, literal or parenthesized
 * expression, then calls, subscripts and member accesses) starting at off;
 * SIZE_MAX when it is not one. */
static size_t sl_skip_postfix_expr(const char *b, size_t off, size_t end)
{
    size_t p = off;
    if (p >= end)
        return SIZE_MAX;
    if (sl_ident_start(b[p])) {
        while (p < end && sl_ident_char(b[p]))
            p++;
    } else if (sl_is_digit(b[p]) || (b[p] == '.' && p + 1 < end && sl_is_digit(b[p + 1]))) {
        /* a preprocessing number: 0x1f, 1.5e+3, 10UL */
        while (p < end && (sl_ident_char(b[p]) || b[p] == '.' ||
                           ((b[p] == '+' || b[p] == '-') && strchr("eEpP", b[p - 1]))))
            p++;
    } else if (b[p] == '"' || b[p] == '\'') {
        p = sl_skip_literal(b, p, end);
    } else if (b[p] == '(') {
        p = sl_skip_group(b, p, end);
    } else {
        return SIZE_MAX;
    }
    while (p != SIZE_MAX) {
        size_t q = sl_skip_ws(b, p, end);
        if (q >= end)
            break;
        if (b[q] == '(' || b[q] == '[') {
            p = sl_skip_group(b, q, end);
            continue;
        }
        if (b[q] == '.' && !(q + 1 < end && sl_is_digit(b[q + 1])))
            q++;
        else if (b[q] == '-' && q + 1 < end && b[q + 1] == '>')
            q += 2;
        else
            break;
        q = sl_skip_ws(b, q, end);
        if (q >= end || !sl_ident_start(b[q]))
            return SIZE_MAX;
        while (q < end && sl_ident_char(b[q]))
            q++;
        p = q;
    }
    return p;
}

/* An operand whose whole text sl_skip_postfix_expr steps over. */
static bool sl_is_postfix_operand(CXCursor c)
{
    for (;;) {
        enum CXCursorKind k = clang_getCursorKind(c);
        if (k != CXCursor_UnexposedExpr)
            return k == CXCursor_DeclRefExpr || k == CXCursor_MemberRefExpr ||
                   k == CXCursor_CallExpr || k == CXCursor_ArraySubscriptExpr ||
                   k == CXCursor_ParenExpr || k == CXCursor_IntegerLiteral ||
                   k == CXCursor_FloatingLiteral || k == CXCursor_CharacterLiteral ||
                   k == CXCursor_StringLiteral;
        /* an implicit conversion spans its operand's text */
        CXCursor child = sl_single_expr_child(c);
        if (clang_Cursor_isNull(child) ||
            !clang_equalRanges(clang_getCursorExtent(c), clang_getCursorExtent(child)))
            return false;
        c = child;
    }
}

/* Is the ',' at off a macro's argument separator rather than a comma
 * operator?  It is when the innermost bracket open at it is a '(' after a
 * name.  from: where to start lexing (the #define line, or the macro's name
 * at the expansion). */
static bool sl_comma_separates_args(sl_tuctx *T, CXFile file, size_t from, size_t off)
{
    CXToken *toks = NULL;
    unsigned n = 0;
    clang_tokenize(T->tu,
                   clang_getRange(clang_getLocationForOffset(T->tu, file, (unsigned)from),
                                  clang_getLocationForOffset(T->tu, file, (unsigned)off)),
                   &toks, &n);
    bool after_name[64];
    size_t depth = 0;
    for (unsigned i = 0; i < n; i++) {
        if (clang_getTokenKind(toks[i]) != CXToken_Punctuation)
            continue;
        char *p = sl_cxstr(clang_getTokenSpelling(T->tu, toks[i]));
        if (!strcmp(p, "(") || !strcmp(p, "[") || !strcmp(p, "{")) {
            if (depth < sizeof after_name / sizeof *after_name)
                after_name[depth] =
                    p[0] == '(' && i > 0 && clang_getTokenKind(toks[i - 1]) == CXToken_Identifier;
            depth++;
        } else if ((!strcmp(p, ")") || !strcmp(p, "]") || !strcmp(p, "}")) && depth > 0) {
            depth--;
        }
        free(p);
    }
    clang_disposeTokens(T->tu, toks, n);
    return depth == 0 || depth > sizeof after_name / sizeof *after_name || after_name[depth - 1];
}

/* The operator between two operands from the one macro expansion at inv (an
 * offset in inv_file): after the left operand or before the right one, where
 * they are written, else where the macros they come from are named in an
 * argument (O_RDONLY | O_CLOEXEC passed to a macro). */
static const char *sl_op_in_macro(sl_tuctx *T, CXCursor lhs, CXSourceLocation ls,
                                  CXSourceLocation rs, CXFile inv_file, size_t inv)
{
    bool postfix = sl_is_postfix_operand(lhs);
    for (int named = 0; named < 2; named++) {
        sl_spelled s;
        const char *op = NULL;
        size_t at = 0;
        if (postfix && sl_spelled_at(T, ls, named, inv_file, inv, &s)) {
            size_t p = sl_skip_postfix_expr(s.buf, s.off, s.hi);
            if (p != SIZE_MAX) {
                at = sl_skip_ws(s.buf, p, s.hi);
                op = sl_match_op(s.buf, at, s.hi);
            }
        }
        if ((!op || !strcmp(op, "->")) && sl_spelled_at(T, rs, named, inv_file, inv, &s))
            op = sl_match_op_back(s.buf, s.off, s.lo, &at);
        if (!op || !strcmp(op, "->"))
            continue;
        if (!strcmp(op, ",")) {
            /* a separator between the macro's arguments is no operator: lex
             * from the #define line, or from the macro's name at the
             * expansion for an argument */
            if (!s.in_body && (!clang_File_isEqual(s.file, inv_file) || inv > at))
                continue;
            if (sl_comma_separates_args(T, s.file, s.in_body ? s.lo : inv, at))
                continue;
        }
        return op;
    }
    return NULL;
}

/* The prefix operator that starts e where it is written: one of & * ! - ~ +,
 * 'I' for ++, 'D' for --, or 0 (a postfix operator: its operand starts e,
 * and an operand never starts with an operator). */
static char sl_prefix_op(sl_tuctx *T, CXCursor e)
{
    sl_spelled s;
    if (!sl_spelled_at(T, clang_getRangeStart(clang_getCursorExtent(e)), false, NULL, 0, &s) ||
        s.off >= s.size)
        return 0;
    char c0 = s.buf[s.off], c1 = s.off + 1 < s.size ? s.buf[s.off + 1] : 0;
    if (c0 == c1 && (c0 == '+' || c0 == '-'))
        return c0 == '+' ? 'I' : 'D';
    return c0 && strchr("&*!-~+", c0) ? c0 : 0;
}

#endif

static sl_binop sl_binop_kind(sl_lw *L, CXCursor e, CXCursor lhs, CXCursor rhs)
{
#if CINDEX_VERSION_MINOR >= 64
    (void)L;
    (void)lhs;
    (void)rhs;
    switch (clang_getCursorBinaryOperatorKind(e)) {
    case CXBinaryOperator_Assign: return SL_B_ASSIGN;
    case CXBinaryOperator_EQ: return SL_B_EQ;
    case CXBinaryOperator_NE: return SL_B_NE;
    case CXBinaryOperator_LT: return SL_B_LT;
    case CXBinaryOperator_LE: return SL_B_LE;
    case CXBinaryOperator_GT: return SL_B_GT;
    case CXBinaryOperator_GE: return SL_B_GE;
    case CXBinaryOperator_LAnd: return SL_B_LAND;
    case CXBinaryOperator_LOr: return SL_B_LOR;
    case CXBinaryOperator_Comma: return SL_B_COMMA;
    case CXBinaryOperator_And: return SL_B_BITAND;
    case CXBinaryOperator_Invalid: return SL_B_UNKNOWN;
    default: return SL_B_ARITH;
    }
#else
    CXSourceLocation ls = clang_getRangeStart(clang_getCursorExtent(lhs));
    CXSourceLocation rs = clang_getRangeStart(clang_getCursorExtent(rhs));
    CXFile lf = NULL, rf = NULL;
    unsigned lo = 0, ro = 0;
    clang_getExpansionLocation(ls, &lf, NULL, NULL, &lo);
    clang_getExpansionLocation(rs, &rf, NULL, NULL, &ro);
    if (lf && rf && clang_File_isEqual(lf, rf) && lo == ro) {
        const char *op = sl_op_in_macro(L->T, lhs, ls, rs, lf, lo);
        if (op)
            return sl_binop_from_text(op);
        /* Neither operand is written next to the operator: both are
         * arguments, or one is another macro (x = NULL in a freeing macro).
         * Of the binary operators only = and , give a pointer of both
         * operands' type; take it as =. */
        CXType t = clang_getCanonicalType(clang_getCursorType(e));
        return t.kind == CXType_Pointer &&
                       clang_equalTypes(t, clang_getCanonicalType(clang_getCursorType(lhs))) &&
                       clang_equalTypes(t, clang_getCanonicalType(clang_getCursorType(rhs)))
                   ? SL_B_ASSIGN
                   : SL_B_UNKNOWN;
    }
    /* The operator is written in the file: it follows the left operand's
     * expansion... */
    size_t off, size, at;
    const char *b = sl_buffer_at(L->T, clang_getRangeEnd(clang_getCursorExtent(lhs)), false, &off,
                                 &size);
    if (b) {
        const char *op = sl_match_op(b, sl_skip_ws(b, off, size), size);
        if (op)
            return sl_binop_from_text(op);
    }
    /* ...and precedes the right operand's. */
    b = sl_buffer_at(L->T, rs, false, &off, &size);
    const char *op = b ? sl_match_op_back(b, off, 0, &at) : NULL;
    return op ? sl_binop_from_text(op) : SL_B_UNKNOWN;
#endif
}

typedef enum sl_unop {
    SL_U_UNKNOWN, SL_U_ADDR, SL_U_DEREF, SL_U_NOT, SL_U_NEG, SL_U_BITNOT, SL_U_PLUS, SL_U_INCDEC,
} sl_unop;

static sl_unop sl_unop_kind(sl_lw *L, CXCursor e)
{
#if CINDEX_VERSION_MINOR >= 64
    (void)L;
    switch (clang_getCursorUnaryOperatorKind(e)) {
    case CXUnaryOperator_AddrOf: return SL_U_ADDR;
    case CXUnaryOperator_Deref: return SL_U_DEREF;
    case CXUnaryOperator_LNot: return SL_U_NOT;
    case CXUnaryOperator_Minus: return SL_U_NEG;
    case CXUnaryOperator_Not: return SL_U_BITNOT;
    case CXUnaryOperator_Plus: return SL_U_PLUS;
    case CXUnaryOperator_PostInc:
    case CXUnaryOperator_PostDec:
    case CXUnaryOperator_PreInc:
    case CXUnaryOperator_PreDec: return SL_U_INCDEC;
    default: return SL_U_UNKNOWN;
    }
#else
    /* A prefix operator starts the expression where it is written (a macro
     * body too); a postfix one (++ or --) ends its text in the file.  When
     * neither is found, fall back on the types. */
    switch (sl_prefix_op(L->T, e)) {
    case 'I':
    case 'D': return SL_U_INCDEC;
    case '&': return SL_U_ADDR;
    case '*': return SL_U_DEREF;
    case '!': return SL_U_NOT;
    case '-': return SL_U_NEG;
    case '~': return SL_U_BITNOT;
    case '+': return SL_U_PLUS;
    default: break;
    }
    CXSourceRange r = clang_getCursorExtent(e);
    size_t o1, o2, sz1, sz2;
    const char *b = sl_buffer_at(L->T, clang_getRangeStart(r), false, &o1, &sz1);
    const char *b2 = sl_buffer_at(L->T, clang_getRangeEnd(r), false, &o2, &sz2);
    (void)sz2;
    if (b && b == b2 && o1 < o2 && o2 <= sz1 && o2 - o1 >= 2 &&
        ((b[o2 - 1] == '+' && b[o2 - 2] == '+') || (b[o2 - 1] == '-' && b[o2 - 2] == '-')))
        return SL_U_INCDEC;
    CXCursor child = sl_single_expr_child(e);
    if (clang_Cursor_isNull(child))
        return SL_U_UNKNOWN;
    CXType rt = clang_getCanonicalType(clang_getCursorType(e));
    CXType ct = clang_getCanonicalType(clang_getCursorType(child));
    if (rt.kind == CXType_Pointer &&
        clang_equalTypes(clang_getCanonicalType(clang_getPointeeType(rt)), ct))
        return SL_U_ADDR;
    if (ct.kind == CXType_Pointer &&
        clang_equalTypes(clang_getCanonicalType(clang_getPointeeType(ct)), rt))
        return SL_U_DEREF;
    if (ct.kind == CXType_Pointer && (rt.kind == CXType_Int || rt.kind == CXType_Bool))
        return SL_U_NOT;
    if (rt.kind == CXType_Int && ct.kind != CXType_Int)
        return SL_U_NOT; /* !x on a non-int scalar gives int */
    return SL_U_UNKNOWN;
#endif
}

/* ++x or --x (rather than x++ or x--)? */
static bool sl_is_prefix_incdec(sl_lw *L, CXCursor e)
{
#if CINDEX_VERSION_MINOR >= 64
    (void)L;
    enum CXUnaryOperatorKind k = clang_getCursorUnaryOperatorKind(e);
    return k == CXUnaryOperator_PreInc || k == CXUnaryOperator_PreDec;
#else
    char op = sl_prefix_op(L->T, e);
    return op == 'I' || op == 'D';
#endif
}

/* +1 for ++x and x++, -1 for --x and x--, 0 when it cannot tell. */
static int sl_incdec_delta(sl_lw *L, CXCursor e)
{
#if CINDEX_VERSION_MINOR >= 64
    (void)L;
    enum CXUnaryOperatorKind k = clang_getCursorUnaryOperatorKind(e);
    return k == CXUnaryOperator_PreInc || k == CXUnaryOperator_PostInc   ? 1
           : k == CXUnaryOperator_PreDec || k == CXUnaryOperator_PostDec ? -1
                                                                         : 0;
#else
    char op = sl_prefix_op(L->T, e);
    if (op == 'I' || op == 'D')
        return op == 'I' ? 1 : -1;
    size_t off, size;
    const char *b = sl_buffer_at(L->T, clang_getRangeEnd(clang_getCursorExtent(e)), false, &off,
                                 &size);
    if (b && off >= 2 && off <= size && b[off - 1] == b[off - 2] &&
        (b[off - 1] == '+' || b[off - 1] == '-'))
        return b[off - 1] == '+' ? 1 : -1;
    return 0;
#endif
}

/* ---- variables ------------------------------------------------------- */

static size_t sl_declmap_slot(sl_lw *L, CXCursor d)
{
    size_t mask = L->declmap_cap - 1;
    size_t i = clang_hashCursor(d) & mask;
    while (L->declmap[i].var >= 0 && !clang_equalCursors(L->declmap[i].decl, d))
        i = (i + 1) & mask;
    return i;
}

static int sl_declmap_get(sl_lw *L, CXCursor d)
{
    if (!L->declmap_cap)
        return -1;
    return L->declmap[sl_declmap_slot(L, d)].var;
}

static void sl_declmap_put(sl_lw *L, CXCursor d, int var)
{
    if (2 * (L->declmap_n + 1) > L->declmap_cap) {
        sl_declmap_entry *old = L->declmap;
        size_t oldcap = L->declmap_cap;
        L->declmap_cap = oldcap ? oldcap * 2 : 64;
        L->declmap = sl_xmalloc(L->declmap_cap * sizeof *L->declmap);
        for (size_t i = 0; i < L->declmap_cap; i++)
            L->declmap[i].var = -1;
        for (size_t i = 0; i < oldcap; i++)
            if (old[i].var >= 0)
                L->declmap[sl_declmap_slot(L, old[i].decl)] = old[i];
        free(old);
    }
    size_t s = sl_declmap_slot(L, d);
    if (L->declmap[s].var < 0)
        L->declmap_n++;
    L->declmap[s].decl = d;
    L->declmap[s].var = var;
}

static bool sl_type_is_pointer(CXType t)
{
    t = clang_getCanonicalType(t);
    return t.kind == CXType_Pointer || t.kind == CXType_BlockPointer ||
           t.kind == CXType_ObjCObjectPointer;
}

/* __attribute__((cleanup(fn))) on a variable, also when spelled through a
 * macro (systemd's _cleanup_(fn)).  Returns arena string or NULL. */
static const char *sl_cleanup_attr(sl_lw *L, CXCursor var)
{
    sl_cursors kids = {0};
    sl_children(var, &kids);
    const char *fn = NULL;
    for (size_t i = 0; i < kids.n && !fn; i++) {
        if (!clang_isAttribute(clang_getCursorKind(kids.v[i])))
            continue;
        CXToken *toks = NULL;
        unsigned n = 0;
        clang_tokenize(L->T->tu, clang_getCursorExtent(kids.v[i]), &toks, &n);
        bool saw_cleanup = false;
        const char *last_ident = NULL;
        char *idents[8];
        unsigned nid = 0;
        for (unsigned t = 0; t < n; t++) {
            char *s = sl_cxstr(clang_getTokenSpelling(L->T->tu, toks[t]));
            if (!strcmp(s, "cleanup") || !strcmp(s, "__cleanup__"))
                saw_cleanup = true;
            if (clang_getTokenKind(toks[t]) == CXToken_Identifier && nid < 8)
                idents[nid++] = s;
            else
                free(s);
        }
        /* "cleanup ( fn )" -> the identifier after cleanup; through a macro
         * "_cleanup_ ( fn )" -> the last identifier in the parentheses. */
        if (nid >= 2)
            last_ident = idents[nid - 1];
        if (saw_cleanup || (n >= 4 && last_ident && nid == 2))
            fn = last_ident ? sl_arena_strdup(L->f->arena, last_ident) : NULL;
        for (unsigned k = 0; k < nid; k++)
            free(idents[k]);
        clang_disposeTokens(L->T->tu, toks, n);
    }
    free(kids.v);
    return fn;
}

static int sl_global_index(sl_tuctx *T, const char *usr)
{
    for (size_t i = 0; i < T->out->globals.n; i++)
        if (!strcmp(T->out->globals.v[i].usr, usr))
            return (int)i;
    return -1;
}

/* Variable for a declaration referenced in the body; creates globals and
 * static locals on first use. */
static int sl_var_for_decl(sl_lw *L, CXCursor d)
{
    int v = sl_declmap_get(L, d);
    if (v >= 0)
        return v;
    char *name = sl_cxstr(clang_getCursorSpelling(d));
    v = sl_func_add_var(L->f, name, SL_VAR_GLOBAL);
    free(name);
    sl_var *var = &L->f->vars.v[v];
    var->is_pointer = sl_type_is_pointer(clang_getCursorType(d));
    char *usr = sl_cxstr(clang_getCursorUSR(d));
    var->usr = sl_arena_strdup(L->f->arena, usr);
    var->global_index = sl_global_index(L->T, usr);
    free(usr);
    sl_declmap_put(L, d, v);
    return v;
}

static int sl_new_temp(sl_lw *L)
{
    char name[32];
    snprintf(name, sizeof name, "(tmp%d)", L->ntemps++);
    return sl_func_add_var(L->f, name, SL_VAR_TEMP);
}

static int sl_memory_path(sl_lw *L)
{
    if (L->memory_var < 0)
        L->memory_var = sl_func_add_var(L->f, "(memory)", SL_VAR_GLOBAL);
    return sl_func_root_path(L->f, L->memory_var);
}

/* ---- blocks and events ------------------------------------------------- */

static void sl_ensure_block(sl_lw *L)
{
    if (L->cur < 0)
        L->cur = sl_func_new_block(L->f); /* unreachable code */
}

static void sl_goto(sl_lw *L, int target)
{
    sl_block_goto(L->f, &L->cur, target);
}

static sl_event *sl_emit(sl_lw *L, sl_evkind k, sl_srcloc loc)
{
    sl_ensure_block(L);
    return sl_block_add_event(L->f, L->cur, k, loc);
}

static sl_operand sl_opd(sl_opkind k, int path, long long v)
{
    sl_operand o = {k, path, v};
    return o;
}

static void sl_emit_assign(sl_lw *L, int dst, sl_operand src, sl_srcloc loc)
{
    sl_event *e = sl_emit(L, SL_EV_ASSIGN, loc);
    e->dst = dst;
    e->src = src;
}

/* Cleanup calls (innermost first) for scopes [from, scopes.n). */
static void sl_emit_cleanups(sl_lw *L, size_t from, sl_srcloc loc, bool scope_end)
{
    for (size_t s = L->scopes.n; s-- > from;) {
        sl_scope *sc = &L->scopes.v[s];
        for (size_t i = sc->vars.n; i-- > 0;) {
            const sl_var *v = &L->f->vars.v[sc->vars.v[i]];
            if (!v->cleanup_fn)
                continue;
            sl_event *e = sl_emit(L, SL_EV_CALL, loc);
            e->callee = v->cleanup_fn;
            e->implicit = true;
            e->nargs = 1;
            e->args = sl_arena_alloc(L->f->arena, sizeof(sl_operand));
            e->args[0] = sl_opd(SL_OPD_ADDR, v->root_path, 0);
        }
        if (scope_end && sc->vars.n) {
            sl_event *e = sl_emit(L, SL_EV_SCOPE_END, loc);
            e->nvars = (int)sc->vars.n;
            e->vars = sl_arena_alloc(L->f->arena, sc->vars.n * sizeof(int));
            memcpy(e->vars, sc->vars.v, sc->vars.n * sizeof(int));
        }
    }
}

static void sl_push_scope(sl_lw *L)
{
    sl_scope s = {0};
    s.serial = L->next_serial++;
    SL_VEC_PUSH(L->scopes, s);
}

static void sl_pop_scope(sl_lw *L, sl_srcloc loc)
{
    if (L->cur >= 0)
        sl_emit_cleanups(L, L->scopes.n - 1, loc, true);
    free(L->scopes.v[L->scopes.n - 1].vars.v);
    L->scopes.n--;
}

/* ---- expressions ------------------------------------------------------ */

static sl_operand sl_lower_expr(sl_lw *L, CXCursor e);
static void sl_lower_into(sl_lw *L, CXCursor e, int dst, sl_srcloc loc);
static void sl_lower_cond(sl_lw *L, CXCursor e, int t, int f);
static void sl_lower_stmt(sl_lw *L, CXCursor s);
static sl_operand sl_lower_compound(sl_lw *L, CXCursor c, bool want_value);

static bool sl_enter(sl_lw *L)
{
    if (++L->depth > SL_MAX_NESTING) {
        L->failed = true;
        L->f->skip_reason = "statements or expressions nested more than 5000 levels deep";
    }
    return !L->failed;
}

static void sl_leave(sl_lw *L)
{
    L->depth--;
}

/* The single expression child of a wrapper node (implicit cast, parens,
 * casts), or a null cursor. */
static CXCursor sl_single_expr_child(CXCursor e)
{
    sl_cursors kids = {0};
    sl_children(e, &kids);
    CXCursor r = clang_getNullCursor();
    int nexpr = 0;
    for (size_t i = 0; i < kids.n; i++)
        if (sl_is_expr(kids.v[i])) {
            r = kids.v[i];
            nexpr++;
        }
    free(kids.v);
    return nexpr == 1 ? r : clang_getNullCursor();
}

static bool sl_is_wrapper(enum CXCursorKind k)
{
    return k == CXCursor_UnexposedExpr || k == CXCursor_ParenExpr ||
           k == CXCursor_CStyleCastExpr || k == CXCursor_CXXStaticCastExpr ||
           k == CXCursor_CXXFunctionalCastExpr || k == CXCursor_CXXConstCastExpr ||
           k == CXCursor_CXXReinterpretCastExpr;
}

/* Strip parentheses and casts. */
static CXCursor sl_strip(CXCursor e)
{
    for (int guard = 0; guard < 64 && sl_is_wrapper(clang_getCursorKind(e)); guard++) {
        CXCursor c = sl_single_expr_child(e);
        if (clang_Cursor_isNull(c))
            break;
        e = c;
    }
    return e;
}

static bool sl_eval_const(CXCursor e, long long *out);

/* Is e an integer constant expression? */
static bool sl_eval_const_ok(CXCursor e)
{
    long long v;
    return sl_eval_const(e, &v);
}

static bool sl_eval_const(CXCursor e, long long *out)
{
    CXEvalResult r = clang_Cursor_Evaluate(e);
    if (!r)
        return false;
    bool ok = clang_EvalResult_getKind(r) == CXEval_Int;
    if (ok)
        *out = clang_EvalResult_getAsLongLong(r);
    clang_EvalResult_dispose(r);
    return ok;
}

static void sl_lower_children(sl_lw *L, CXCursor e)
{
    sl_cursors kids = {0};
    sl_children(e, &kids);
    for (size_t i = 0; i < kids.n && !L->failed; i++) {
        enum CXCursorKind k = clang_getCursorKind(kids.v[i]);
        if (clang_isExpression(k))
            (void)sl_lower_expr(L, kids.v[i]);
        else if (clang_isStatement(k))
            sl_lower_stmt(L, kids.v[i]);
    }
    free(kids.v);
}

static const char *const sl_builtin_noreturn[] = {
    "exit", "_exit", "_Exit", "abort", "quick_exit", "longjmp", "siglongjmp", "_longjmp",
    "__builtin_unreachable", "__builtin_trap", "__assert_fail", "__assert_perror_fail",
    "__assert", "err", "errx", "verr", "verrx", "pthread_exit", "__stack_chk_fail",
    "__builtin_abort", "__builtin_exit", "__builtin_longjmp",
};

static bool sl_decl_noreturn(sl_lw *L, CXCursor decl, const char *name)
{
    for (size_t i = 0; i < sizeof sl_builtin_noreturn / sizeof *sl_builtin_noreturn; i++)
        if (!strcmp(name, sl_builtin_noreturn[i]))
            return true;
    sl_tuctx *T = L->T;
    for (size_t i = 0; i < T->noreturn_cache.n; i++)
        if (!strcmp(T->noreturn_cache.v[i].name, name))
            return T->noreturn_cache.v[i].value;
    bool nr = false;
    if (!clang_Cursor_isNull(decl)) {
        char *ty = sl_cxstr(clang_getTypeSpelling(clang_getCursorType(decl)));
        nr = strstr(ty, "noreturn") != NULL;
        free(ty);
        if (!nr) {
            sl_cursors kids = {0};
            sl_children(decl, &kids);
            for (size_t i = 0; i < kids.n && !nr; i++) {
                if (!clang_isAttribute(clang_getCursorKind(kids.v[i])))
                    continue;
                CXToken *toks = NULL;
                unsigned n = 0;
                clang_tokenize(T->tu, clang_getCursorExtent(kids.v[i]), &toks, &n);
                for (unsigned t = 0; t < n && !nr; t++) {
                    char *s = sl_cxstr(clang_getTokenSpelling(T->tu, toks[t]));
                    nr = !strcmp(s, "_Noreturn") || !strcmp(s, "noreturn") ||
                         !strcmp(s, "__noreturn__");
                    free(s);
                }
                clang_disposeTokens(T->tu, toks, n);
            }
            free(kids.v);
        }
    }
    sl_namecache_entry ce = {sl_xstrdup(name), nr};
    SL_VEC_PUSH(T->noreturn_cache, ce);
    return nr;
}

/* The path of a value derived from what o holds by a pure test (step
 * "=..."), when o is a local or parameter (or a field of one) that facts
 * can be kept about; SL_NO_PATH otherwise. */
static int sl_derived_value(sl_lw *L, sl_operand o, const char *step)
{
    if (o.kind != SL_OPD_PATH || L->f->paths.v[o.path].depth >= 2)
        return SL_NO_PATH;
    const sl_var *v = &L->f->vars.v[L->f->paths.v[o.path].var];
    if (v->kind != SL_VAR_LOCAL && v->kind != SL_VAR_PARAM)
        return SL_NO_PATH;
    return sl_func_child_path(L->f, o.path, step, false);
}

/* The text of a string literal (quotes included, as spelled), or NULL.
 * Returns owned. */
static char *sl_string_literal(CXCursor e)
{
    CXCursor s = sl_strip(e);
    if (clang_getCursorKind(s) != CXCursor_StringLiteral)
        return NULL;
    return sl_cxstr(clang_getCursorSpelling(s));
}

/* strcmp(x, "lit") and its kin (strcasecmp, strncmp with a constant
 * length) compare the content of a variable or field with a constant and
 * change nothing: lowered to the value of the path x.=strcmp("lit"), so
 * that two tests of an unchanged x agree (the same file opened under
 * strcmp(path, "-") != 0 is closed under the same test).  SL_NO_PATH when
 * the call is not of that form. */
static int sl_strcmp_path(sl_lw *L, CXCursor call, const char *name, int nargs)
{
    bool cmp = !strcmp(name, "strcmp") || !strcmp(name, "strcasecmp");
    bool ncmp = !strcmp(name, "strncmp") || !strcmp(name, "strncasecmp");
    long long n = 0;
    int path = SL_NO_PATH;
    if ((cmp && nargs == 2) ||
        (ncmp && nargs == 3 && sl_eval_const(clang_Cursor_getArgument(call, 2), &n))) {
        CXCursor a = clang_Cursor_getArgument(call, 0), b = clang_Cursor_getArgument(call, 1);
        char *lit = sl_string_literal(b);
        if (!lit) {
            lit = sl_string_literal(a);
            CXCursor t = a;
            a = b;
            b = t;
        }
        CXCursor x = sl_strip(a);
        enum CXCursorKind xk = clang_getCursorKind(x);
        if (lit && (xk == CXCursor_DeclRefExpr || xk == CXCursor_MemberRefExpr)) {
            char *step = ncmp ? sl_xasprintf("=%s(%s, %lld)", name, lit, n)
                              : sl_xasprintf("=%s(%s)", name, lit);
            path = sl_derived_value(L, sl_lower_expr(L, x), step);
            free(step);
        }
        free(lit);
    }
    return path;
}

/* flags & MASK, flags a local or parameter: a value of flags, the path
 * flags.=&MASK, so that two tests of the same bits of unchanged flags
 * agree.  Unknown otherwise. */
static sl_operand sl_bit_test_path(sl_lw *L, sl_operand a, sl_operand b)
{
    if (a.kind == SL_OPD_CONST) {
        sl_operand t = a;
        a = b;
        b = t;
    }
    char step[40];
    snprintf(step, sizeof step, "=&%#llx", (unsigned long long)b.value);
    int p = b.kind == SL_OPD_CONST ? sl_derived_value(L, a, step) : SL_NO_PATH;
    return p != SL_NO_PATH ? sl_opd(SL_OPD_PATH, p, 0) : sl_opd(SL_OPD_UNKNOWN, SL_NO_PATH, 0);
}

/* Is e a test whose value is 0 or 1 and whose evaluation changes nothing
 * (a comparison, !, && or || of variables, fields, constants and bit
 * tests)?  Such a test can be lowered twice. */
static bool sl_pure_test(sl_lw *L, CXCursor e, bool top)
{
    CXCursor s = sl_strip(e);
    enum CXCursorKind k = clang_getCursorKind(s);
    if (k == CXCursor_DeclRefExpr || k == CXCursor_MemberRefExpr ||
        k == CXCursor_IntegerLiteral || k == CXCursor_CharacterLiteral)
        return !top;
    if (!top && sl_eval_const_ok(s))
        return true;
    if (k == CXCursor_UnaryOperator) {
        CXCursor c = sl_single_expr_child(s);
        return !clang_Cursor_isNull(c) && sl_unop_kind(L, s) == SL_U_NOT && sl_pure_test(L, c, false);
    }
    if (k != CXCursor_BinaryOperator)
        return false;
    sl_cursors kids = {0};
    sl_children(s, &kids);
    bool ok = false;
    if (kids.n == 2) {
        sl_binop op = sl_binop_kind(L, s, kids.v[0], kids.v[1]);
        bool test = (op >= SL_B_EQ && op <= SL_B_GE) || op == SL_B_LAND || op == SL_B_LOR;
        ok = (test || (!top && op == SL_B_BITAND)) && sl_pure_test(L, kids.v[0], false) &&
             sl_pure_test(L, kids.v[1], false);
    }
    free(kids.v);
    return ok;
}

static enum CXChildVisitResult sl_export_attr_visit(CXCursor c, CXCursor parent,
                                                     CXClientData data)
{
    (void)parent;
    enum CXCursorKind k = clang_getCursorKind(c);
    if (k == CXCursor_VisibilityAttr || k == CXCursor_DLLExport) {
        *(bool *)data = true;
        return CXChildVisit_Break;
    }
    return CXChildVisit_Continue;
}

/* Is a function declared as a library's API: an explicit
 * visibility("default") (inherited from its prototype too) or dllexport? */
static bool sl_has_export_attr(CXCursor fn)
{
    bool attr = false;
    clang_visitChildren(fn, sl_export_attr_visit, &attr);
    return attr && clang_getCursorVisibility(fn) == CXVisibility_Default;
}

/* Lower a call; its value goes to dst (SL_NO_PATH: discarded).  A pure
 * string comparison (sl_strcmp_path) emits nothing: its value, the path
 * returned, is for the caller to use; SL_NO_PATH otherwise. */
/* Calls through a function pointer stay indirect unless the pointer is
 * only ever its initializer: one store (the initialization), address
 * never taken. */
static void sl_check_fp_calls(sl_func *f)
{
    int *writes = NULL;
    for (size_t b = 0; b < f->blocks.n; b++) {
        sl_block *bl = f->blocks.v[b];
        for (size_t i = 0; i < bl->events.n; i++) {
            sl_event *e = &bl->events.v[i];
            if (e->kind != SL_EV_CALL || e->fp_var < 0)
                continue;
            if (!writes) {
                writes = sl_xcalloc(f->vars.n + 1, sizeof *writes);
                for (size_t b2 = 0; b2 < f->blocks.n; b2++)
                    for (size_t k = 0; k < f->blocks.v[b2]->events.n; k++) {
                        const sl_event *x = &f->blocks.v[b2]->events.v[k];
                        if (x->dst != SL_NO_PATH && f->paths.v[x->dst].parent == SL_NO_PATH)
                            writes[f->paths.v[x->dst].var]++;
                    }
            }
            if (writes[e->fp_var] != 1 || f->vars.v[e->fp_var].address_taken) {
                e->callee = e->callee_usr = NULL;
                e->callee_has_body = e->noreturn = false;
                e->memory_only = false;
                e->fp_var = -1;
            }
        }
    }
    free(writes);
}

/* A call through a local function pointer initialized with a function
 * (`void (*sink)(FILE *) = close_sink; sink(f);`): that function, and the
 * pointer's variable in *var; a null cursor otherwise.  Whether the
 * pointer keeps that one value (no other store, address never taken) is
 * known once the whole body is lowered (sl_check_fp_calls). */
static CXCursor sl_fp_target(sl_lw *L, CXCursor callee_expr, int *var)
{
    CXCursor none = clang_getNullCursor();
    CXCursor r = sl_strip(callee_expr);
    if (clang_getCursorKind(r) != CXCursor_DeclRefExpr)
        return none;
    CXCursor vd = clang_getCursorReferenced(r);
    if (clang_getCursorKind(vd) != CXCursor_VarDecl ||
        clang_Cursor_getStorageClass(vd) != CX_SC_None)
        return none;
    int v = sl_declmap_get(L, vd);
    if (v < 0 || L->f->vars.v[v].kind != SL_VAR_LOCAL)
        return none;
    CXCursor init = clang_Cursor_getVarDeclInitializer(vd);
    if (clang_Cursor_isNull(init))
        return none;
    init = sl_strip(init);
    if (clang_getCursorKind(init) == CXCursor_UnaryOperator)
        init = sl_strip(sl_single_expr_child(init)); /* &fn */
    if (clang_getCursorKind(init) != CXCursor_DeclRefExpr)
        return none;
    CXCursor fn = clang_getCursorReferenced(init);
    if (clang_getCursorKind(fn) != CXCursor_FunctionDecl)
        return none;
    *var = v;
    return fn;
}

static int sl_lower_call(sl_lw *L, CXCursor call, int dst)
{
    CXCursor ref = clang_getCursorReferenced(call);
    enum CXCursorKind rk = clang_getCursorKind(ref);
    bool direct = rk == CXCursor_FunctionDecl || rk == CXCursor_CXXMethod ||
                  rk == CXCursor_Constructor || rk == CXCursor_Destructor ||
                  rk == CXCursor_FunctionTemplate;
    int fp_var = -1;
    if (!direct) {
        /* Call through a pointer: evaluate the callee expression. */
        sl_cursors kids = {0};
        sl_children(call, &kids);
        if (kids.n > 0 && sl_is_expr(kids.v[0])) {
            (void)sl_lower_expr(L, kids.v[0]);
            CXCursor fn = sl_fp_target(L, kids.v[0], &fp_var);
            if (!clang_Cursor_isNull(fn)) {
                ref = fn;
                direct = true;
            }
        }
        free(kids.v);
    }
    char *name = direct ? sl_cxstr(clang_getCursorSpelling(ref)) : NULL;
    int nargs = clang_Cursor_getNumArguments(call);
    if (nargs < 0)
        nargs = 0;
    if (name && !strcmp(name, "__builtin_expect") && nargs >= 1) {
        CXCursor a0 = clang_Cursor_getArgument(call, 0);
        free(name);
        if (dst != SL_NO_PATH)
            sl_lower_into(L, a0, dst, sl_loc(call));
        else
            (void)sl_lower_expr(L, a0);
        return SL_NO_PATH;
    }
    if (name && rk == CXCursor_FunctionDecl && (nargs == 2 || nargs == 3) &&
        !strncmp(name, "str", 3)) {
        int sp = sl_strcmp_path(L, call, name, nargs);
        if (sp != SL_NO_PATH) {
            free(name);
            return sp;
        }
    }
    sl_operand *args = nargs ? sl_arena_alloc(L->f->arena, (size_t)nargs * sizeof *args) : NULL;
    bool outer_devnull = L->saw_devnull;
    L->saw_devnull = false;
    bool memory_only = name && sl_is_memory_only_name(name);
    for (int i = 0; i < nargs && !L->failed; i++) {
        args[i] = sl_lower_expr(L, clang_Cursor_getArgument(call, (unsigned)i));
        /* memset(&s, 0, sizeof s) fills s and keeps nothing: facts about s
         * stay possible (the call still kills those it may change) */
        if (args[i].kind == SL_OPD_ADDR && memory_only)
            L->f->vars.v[L->f->paths.v[args[i].path].var].addr_benign++;
    }
    bool devnull = L->saw_devnull;
    L->saw_devnull = outer_devnull;
    sl_event *e = sl_emit(L, SL_EV_CALL, sl_loc(call));
    e->dst = dst;
    e->nargs = nargs;
    e->args = args;
    e->devnull_arg = devnull;
    e->memory_only = memory_only;
    e->fp_var = fp_var;
    if (name) {
        e->callee = sl_arena_strdup(L->f->arena, name);
        char *usr = sl_cxstr(clang_getCursorUSR(ref));
        e->callee_usr = sl_arena_strdup(L->f->arena, usr);
        free(usr);
        CXCursor def = clang_getCursorDefinition(ref);
        e->callee_has_body = !clang_Cursor_isNull(def) && clang_isCursorDefinition(def);
        /* through a pointer: the block is not cut, the call may stay
         * indirect (sl_check_fp_calls) */
        e->noreturn = fp_var < 0 && sl_decl_noreturn(L, ref, name);
    }
    free(name);
    if (e->noreturn) {
        L->f->blocks.v[L->cur]->term = SL_TERM_UNREACHABLE;
        L->cur = -1;
    }
    return SL_NO_PATH;
}

/* Lower an lvalue expression to a path (SL_NO_PATH when it cannot be
 * named); side effects inside are lowered. */
static int sl_lower_lvalue(sl_lw *L, CXCursor e)
{
    sl_operand o = sl_lower_expr(L, e);
    return o.kind == SL_OPD_PATH ? o.path : SL_NO_PATH;
}

static enum CXChildVisitResult sl_first_field_visit(CXCursor c, CXCursor parent, CXClientData d)
{
    (void)parent;
    if (clang_getCursorKind(c) != CXCursor_FieldDecl)
        return CXChildVisit_Continue;
    *(CXCursor *)d = c;
    return CXChildVisit_Break;
}

/* The path step of a member access (owned): the field's name, except that
 * every member of a union is one place, named by the union's first field
 * (a handle written through u.first and read through u.second is the same
 * handle). */
static char *sl_member_step(CXCursor member_ref)
{
    CXCursor fd = clang_getCursorReferenced(member_ref);
    if (!clang_Cursor_isNull(fd) && clang_getCursorKind(fd) == CXCursor_FieldDecl) {
        CXCursor rec = clang_getCursorSemanticParent(fd);
        if (clang_getCursorKind(rec) == CXCursor_UnionDecl) {
            CXCursor first = clang_getNullCursor();
            clang_visitChildren(rec, sl_first_field_visit, &first);
            if (!clang_Cursor_isNull(first))
                return sl_cxstr(clang_getCursorSpelling(first));
        }
    }
    return sl_cxstr(clang_getCursorSpelling(member_ref));
}

static int sl_child_path_bounded(sl_lw *L, int parent, const char *step, bool arrow)
{
    if (L->f->paths.v[parent].depth >= 2)
        return SL_NO_PATH;
    return sl_func_child_path(L->f, parent, step, arrow);
}

static sl_operand sl_lower_conditional_value(sl_lw *L, CXCursor e, int dst)
{
    sl_cursors kids = {0};
    sl_children(e, &kids);
    sl_operand r = sl_opd(SL_OPD_UNKNOWN, SL_NO_PATH, 0);
    if (kids.n == 3) {
        int target = dst != SL_NO_PATH ? dst : sl_func_root_path(L->f, sl_new_temp(L));
        int bt = sl_func_new_block(L->f), bf = sl_func_new_block(L->f);
        int join = sl_func_new_block(L->f);
        sl_lower_cond(L, kids.v[0], bt, bf);
        L->cur = bt;
        sl_lower_into(L, kids.v[1], target, sl_loc(kids.v[1]));
        sl_goto(L, join);
        L->cur = bf;
        sl_lower_into(L, kids.v[2], target, sl_loc(kids.v[2]));
        sl_goto(L, join);
        L->cur = join;
        r = sl_opd(SL_OPD_PATH, target, 0);
    } else {
        sl_lower_children(L, e);
    }
    free(kids.v);
    return r;
}

static sl_operand sl_lower_expr_inner(sl_lw *L, CXCursor e)
{
    enum CXCursorKind k = clang_getCursorKind(e);
    sl_operand unknown = sl_opd(SL_OPD_UNKNOWN, SL_NO_PATH, 0);
    long long v;
    switch (k) {
    case CXCursor_IntegerLiteral:
    case CXCursor_CharacterLiteral:
        if (sl_eval_const(e, &v))
            return sl_opd(SL_OPD_CONST, SL_NO_PATH, v);
        return unknown;
    case CXCursor_GNUNullExpr:
    case CXCursor_CXXNullPtrLiteralExpr:
        return sl_opd(SL_OPD_CONST, SL_NO_PATH, 0);
    case CXCursor_StringLiteral: {
        /* "/dev/null" (a char[10]) among a call's arguments: the call
         * opens a placeholder (sl_event.devnull_arg) */
        if (clang_getArraySize(clang_getCursorType(e)) == 10) {
            char *lit = sl_cxstr(clang_getCursorSpelling(e));
            L->saw_devnull |= !strcmp(lit, "\"/dev/null\"");
            free(lit);
        }
        return unknown;
    }
    case CXCursor_FloatingLiteral:
    case CXCursor_UnaryExpr: /* sizeof/alignof: not evaluated */
        if (k == CXCursor_UnaryExpr && sl_eval_const(e, &v))
            return sl_opd(SL_OPD_CONST, SL_NO_PATH, v);
        return unknown;
    case CXCursor_LambdaExpr:
    case CXCursor_BlockExpr:
        return unknown;
    case CXCursor_DeclRefExpr: {
        CXCursor d = clang_getCursorReferenced(e);
        enum CXCursorKind dk = clang_getCursorKind(d);
        if (dk == CXCursor_EnumConstantDecl)
            return sl_opd(SL_OPD_CONST, SL_NO_PATH, clang_getEnumConstantDeclValue(d));
        if (dk == CXCursor_VarDecl || dk == CXCursor_ParmDecl) {
            int var = sl_var_for_decl(L, d);
            return sl_opd(SL_OPD_PATH, sl_func_root_path(L->f, var), 0);
        }
        return unknown;
    }
    case CXCursor_MemberRefExpr: {
        CXCursor base = sl_single_expr_child(e);
        char *field = sl_member_step(e);
        sl_operand r = unknown;
        if (!clang_Cursor_isNull(base)) {
            bool arrow = sl_type_is_pointer(clang_getCursorType(base));
            sl_operand b = sl_lower_expr(L, base);
            if (b.kind == SL_OPD_PATH) {
                int p = sl_child_path_bounded(L, b.path, field, arrow);
                if (p != SL_NO_PATH)
                    r = sl_opd(SL_OPD_PATH, p, 0);
            }
        }
        free(field);
        return r;
    }
    case CXCursor_ArraySubscriptExpr: {
        sl_cursors kids = {0};
        sl_children(e, &kids);
        sl_operand r = unknown;
        if (kids.n == 2) {
            sl_operand b = sl_lower_expr(L, kids.v[0]);
            (void)sl_lower_expr(L, kids.v[1]);
            if (b.kind == SL_OPD_PATH) {
                int p = sl_child_path_bounded(L, b.path, "[]", true);
                if (p != SL_NO_PATH)
                    r = sl_opd(SL_OPD_PATH, p, 0);
            }
        } else {
            sl_lower_children(L, e);
        }
        free(kids.v);
        return r;
    }
    case CXCursor_UnaryOperator: {
        CXCursor c = sl_single_expr_child(e);
        if (clang_Cursor_isNull(c))
            return unknown;
        sl_unop op = sl_unop_kind(L, e);
        sl_operand o = sl_lower_expr(L, c);
        switch (op) {
        case SL_U_ADDR:
            if (o.kind == SL_OPD_PATH) {
                sl_var *av = &L->f->vars.v[L->f->paths.v[o.path].var];
                av->address_taken = true;
                av->addr_uses++;
                return sl_opd(SL_OPD_ADDR, o.path, 0);
            }
            return unknown;
        case SL_U_DEREF:
            if (o.kind == SL_OPD_ADDR)
                return sl_opd(SL_OPD_PATH, o.path, 0);
            if (o.kind == SL_OPD_PATH) {
                int p = sl_child_path_bounded(L, o.path, "*", true);
                return p != SL_NO_PATH ? sl_opd(SL_OPD_PATH, p, 0) : unknown;
            }
            return unknown;
        case SL_U_NOT:
            return o.kind == SL_OPD_CONST ? sl_opd(SL_OPD_CONST, SL_NO_PATH, !o.value) : unknown;
        case SL_U_NEG:
            return o.kind == SL_OPD_CONST ? sl_opd(SL_OPD_CONST, SL_NO_PATH, -o.value) : unknown;
        case SL_U_BITNOT:
            return o.kind == SL_OPD_CONST ? sl_opd(SL_OPD_CONST, SL_NO_PATH, ~o.value) : unknown;
        case SL_U_PLUS:
            return o;
        case SL_U_INCDEC:
            if (o.kind == SL_OPD_PATH) {
                sl_event *ev = sl_emit(L, SL_EV_INVALIDATE, sl_loc(e));
                ev->dst = o.path;
                ev->src = sl_opd(SL_OPD_CONST, SL_NO_PATH, sl_incdec_delta(L, e));
                /* --x and ++x are x's new value (x++ and x-- are not) */
                if (sl_is_prefix_incdec(L, e))
                    return o;
            }
            return unknown;
        case SL_U_UNKNOWN:
            return unknown;
        }
        return unknown;
    }
    case CXCursor_CallExpr: {
        int t = sl_func_root_path(L->f, sl_new_temp(L));
        int sp = sl_lower_call(L, e, t);
        return sl_opd(SL_OPD_PATH, sp != SL_NO_PATH ? sp : t, 0);
    }
    case CXCursor_BinaryOperator: {
        sl_cursors kids = {0};
        sl_children(e, &kids);
        sl_operand r = unknown;
        if (kids.n != 2) {
            free(kids.v);
            sl_lower_children(L, e);
            return unknown;
        }
        sl_binop op = sl_binop_kind(L, e, kids.v[0], kids.v[1]);
        if (op == SL_B_ASSIGN) {
            int dst = sl_lower_lvalue(L, kids.v[0]);
            if (dst == SL_NO_PATH)
                dst = sl_memory_path(L);
            sl_lower_into(L, kids.v[1], dst, sl_loc(e));
            r = sl_opd(SL_OPD_PATH, dst, 0);
        } else if (op == SL_B_LAND || op == SL_B_LOR) {
            int bt = sl_func_new_block(L->f), bf = sl_func_new_block(L->f);
            int join = sl_func_new_block(L->f);
            sl_lower_cond(L, e, bt, bf);
            L->cur = bt;
            sl_goto(L, join);
            L->cur = bf;
            sl_goto(L, join);
            L->cur = join;
        } else if (op == SL_B_COMMA) {
            (void)sl_lower_expr(L, kids.v[0]);
            r = sl_lower_expr(L, kids.v[1]);
        } else {
            sl_operand a = sl_lower_expr(L, kids.v[0]);
            sl_operand b = sl_lower_expr(L, kids.v[1]);
            if (a.kind == SL_OPD_CONST && b.kind == SL_OPD_CONST && sl_eval_const(e, &v))
                r = sl_opd(SL_OPD_CONST, SL_NO_PATH, v);
            else if (op == SL_B_BITAND)
                r = sl_bit_test_path(L, a, b);
        }
        free(kids.v);
        return r;
    }
    case CXCursor_CompoundAssignOperator: {
        sl_cursors kids = {0};
        sl_children(e, &kids);
        if (kids.n == 2) {
            (void)sl_lower_expr(L, kids.v[1]);
            int dst = sl_lower_lvalue(L, kids.v[0]);
            if (dst != SL_NO_PATH) {
                sl_event *ev = sl_emit(L, SL_EV_INVALIDATE, sl_loc(e));
                ev->dst = dst;
            }
        }
        free(kids.v);
        return unknown;
    }
    case CXCursor_ConditionalOperator:
        return sl_lower_conditional_value(L, e, SL_NO_PATH);
    case CXCursor_StmtExpr: {
        sl_cursors kids = {0};
        sl_children(e, &kids);
        sl_operand r = unknown;
        if (kids.n == 1 && clang_getCursorKind(kids.v[0]) == CXCursor_CompoundStmt)
            r = sl_lower_compound(L, kids.v[0], true);
        else
            sl_lower_children(L, e);
        free(kids.v);
        return r;
    }
    default:
        if (sl_is_wrapper(k)) {
            CXCursor c = sl_single_expr_child(e);
            if (!clang_Cursor_isNull(c))
                return sl_lower_expr(L, c);
        }
        sl_lower_children(L, e);
        return unknown;
    }
}

static sl_operand sl_lower_expr(sl_lw *L, CXCursor e)
{
    sl_operand r = sl_opd(SL_OPD_UNKNOWN, SL_NO_PATH, 0);
    if (sl_enter(L))
        r = sl_lower_expr_inner(L, e);
    sl_leave(L);
    return r;
}

/* Lower e with its value stored into dst. */
static void sl_lower_into(sl_lw *L, CXCursor e, int dst, sl_srcloc loc)
{
    if (!sl_enter(L)) {
        sl_leave(L);
        return;
    }
    CXCursor s = sl_strip(e);
    enum CXCursorKind k = clang_getCursorKind(s);
    if (k == CXCursor_CallExpr) {
        int sp = sl_lower_call(L, s, dst);
        if (sp != SL_NO_PATH)
            sl_emit_assign(L, dst, sl_opd(SL_OPD_PATH, sp, 0), loc);
    } else if (k == CXCursor_ConditionalOperator) {
        (void)sl_lower_conditional_value(L, s, dst);
    } else if (k == CXCursor_CompoundLiteralExpr && !clang_Cursor_isNull(sl_single_expr_child(s))) {
        /* (struct t){a, b}: the fields of dst get the values */
        sl_lower_into(L, sl_single_expr_child(s), dst, loc);
    } else if (k == CXCursor_InitListExpr) {
        sl_cursors kids = {0};
        sl_children(s, &kids);
        int elem = sl_child_path_bounded(L, dst, "{}", false);
        for (size_t i = 0; i < kids.n; i++) {
            if (!sl_is_expr(kids.v[i]))
                continue;
            if (elem != SL_NO_PATH)
                sl_lower_into(L, kids.v[i], elem, sl_loc(kids.v[i]));
            else
                (void)sl_lower_expr(L, kids.v[i]);
        }
        free(kids.v);
    } else {
        sl_operand o = sl_lower_expr(L, s);
        sl_emit_assign(L, dst, o, loc);
    }
    sl_leave(L);
}

static sl_cmp sl_swap_cmp(sl_cmp op)
{
    switch (op) {
    case SL_CMP_LT: return SL_CMP_GT;
    case SL_CMP_LE: return SL_CMP_GE;
    case SL_CMP_GT: return SL_CMP_LT;
    case SL_CMP_GE: return SL_CMP_LE;
    default: return op;
    }
}

static bool sl_cmp_holds(long long a, sl_cmp op, long long b)
{
    switch (op) {
    case SL_CMP_EQ: return a == b;
    case SL_CMP_NE: return a != b;
    case SL_CMP_LT: return a < b;
    case SL_CMP_LE: return a <= b;
    case SL_CMP_GT: return a > b;
    case SL_CMP_GE: return a >= b;
    }
    return false;
}

/* Is the cursor written in an argument of a macro (its location is spelled
 * elsewhere than where the macro expands)? */
static bool sl_in_macro_arg(CXCursor c)
{
    CXSourceLocation loc = clang_getCursorLocation(c);
    CXFile ef = NULL, ff = NULL;
    unsigned eo = 0, fo = 0;
    clang_getExpansionLocation(loc, &ef, NULL, NULL, &eo);
    clang_getFileLocation(loc, &ff, NULL, NULL, &fo);
    return !(ef && ff && clang_File_isEqual(ef, ff) && eo == fo);
}

/* Is this do statement written by a macro (the source where it expands
 * does not begin with the keyword `do`)? */
static bool sl_do_from_macro(sl_lw *L, CXCursor c)
{
    size_t off = 0, size = 0;
    const char *b = sl_buffer_at(L->T, clang_getCursorLocation(c), false, &off, &size);
    if (!b || off + 2 > size)
        return false;
    return !(b[off] == 'd' && b[off + 1] == 'o' && (off + 2 == size || !sl_ident_char(b[off + 2])));
}

static void sl_branch(sl_lw *L, sl_operand lhs, sl_cmp op, long long rhs, CXCursor e, int t, int f)
{
    sl_ensure_block(L);
    if (lhs.kind == SL_OPD_CONST) {
        /* a constant condition (while (1), do { } while (0) in a macro):
         * one way only, and no branch step in a finding's path */
        L->disp = clang_getNullCursor();
        sl_goto(L, sl_cmp_holds(lhs.value, op, rhs) ? t : f);
        return;
    }
    sl_block *b = L->f->blocks.v[L->cur];
    b->term = SL_TERM_BRANCH;
    b->succ[0] = t;
    b->succ[1] = f;
    b->cond.lhs = lhs;
    b->cond.rhs_path = SL_NO_PATH;
    b->cond.op = op;
    b->cond.rhs = rhs;
    b->cond.loc = sl_loc(e);
    CXCursor shown = clang_Cursor_isNull(L->disp) ? e : L->disp;
    if (L->macro_stmts > 0 && !sl_in_macro_arg(shown)) {
        /* a test inside a statement macro's body (the do { } while (0) of
         * TAILQ_REMOVE): the macro is straight-line code to its reader, so
         * its branches are no steps of a finding's path */
        b->cond.text = NULL;
    } else if (!clang_Cursor_isNull(L->disp)) {
        b->cond.text = sl_extent_text(L, L->disp);
        b->cond.text_negated = L->disp_neg;
        b->cond.loc = sl_loc(L->disp);
    } else {
        b->cond.text = sl_extent_text(L, e);
    }
    L->disp = clang_getNullCursor();
    L->cur = -1;
}

static void sl_lower_cond_inner(sl_lw *L, CXCursor e, int t, int f)
{
    CXCursor s = sl_strip(e);
    enum CXCursorKind k = clang_getCursorKind(s);
    if (k == CXCursor_UnaryOperator && sl_unop_kind(L, s) == SL_U_NOT) {
        CXCursor c = sl_single_expr_child(s);
        if (!clang_Cursor_isNull(c)) {
            if (clang_Cursor_isNull(L->disp)) {
                L->disp = s;
                L->disp_neg = true;
            } else {
                L->disp_neg = !L->disp_neg;
            }
            sl_lower_cond(L, c, f, t);
            return;
        }
    }

    if (k == CXCursor_CallExpr) {
        CXCursor ref = clang_getCursorReferenced(s);
        char *name = sl_cxstr(clang_getCursorSpelling(ref));
        bool expect = !strcmp(name, "__builtin_expect") && clang_Cursor_getNumArguments(s) >= 1;
        free(name);
        if (expect) {
            sl_lower_cond(L, clang_Cursor_getArgument(s, 0), t, f);
            return;
        }
    }
    if (k == CXCursor_ConditionalOperator) {
        sl_cursors kids = {0};
        sl_children(s, &kids);
        if (kids.n == 3) {
            L->disp = clang_getNullCursor(); /* described by its parts */
            int bt = sl_func_new_block(L->f), bf = sl_func_new_block(L->f);
            sl_lower_cond(L, kids.v[0], bt, bf);
            L->cur = bt;
            sl_lower_cond(L, kids.v[1], t, f);
            L->cur = bf;
            sl_lower_cond(L, kids.v[2], t, f);
            free(kids.v);
            return;
        }
        free(kids.v);
    }
    if (k == CXCursor_BinaryOperator) {
        sl_cursors kids = {0};
        sl_children(s, &kids);
        if (kids.n == 2) {
            CXCursor a = kids.v[0], b = kids.v[1];
            free(kids.v);
            sl_binop op = sl_binop_kind(L, s, a, b);
            if (op == SL_B_LAND || op == SL_B_LOR || op == SL_B_COMMA)
                L->disp = clang_getNullCursor(); /* described by its parts */
            if (op == SL_B_LAND) {
                int mid = sl_func_new_block(L->f);
                sl_lower_cond(L, a, mid, f);
                L->cur = mid;
                sl_lower_cond(L, b, t, f);
                return;
            }
            if (op == SL_B_LOR) {
                int mid = sl_func_new_block(L->f);
                sl_lower_cond(L, a, t, mid);
                L->cur = mid;
                sl_lower_cond(L, b, t, f);
                return;
            }
            if (op == SL_B_COMMA) {
                (void)sl_lower_expr(L, a);
                sl_lower_cond(L, b, t, f);
                return;
            }
            if ((op == SL_B_EQ || op == SL_B_NE) && sl_pure_test(L, a, true) &&
                sl_pure_test(L, b, true)) {
                /* (x == 0) != (p == NULL): two tests compared; each side
                 * lowered as a branch, b once under each answer of a */
                L->disp = clang_getNullCursor(); /* described by its parts */
                int ba = sl_func_new_block(L->f), bn = sl_func_new_block(L->f);
                bool ne = op == SL_B_NE;
                sl_lower_cond(L, a, ba, bn);
                L->cur = ba;
                sl_lower_cond(L, b, ne ? f : t, ne ? t : f);
                L->cur = bn;
                sl_lower_cond(L, b, ne ? t : f, ne ? f : t);
                return;
            }
            if (op >= SL_B_EQ && op <= SL_B_GE) {
                static const sl_cmp map[] = {[SL_B_EQ] = SL_CMP_EQ, [SL_B_NE] = SL_CMP_NE,
                                             [SL_B_LT] = SL_CMP_LT, [SL_B_LE] = SL_CMP_LE,
                                             [SL_B_GT] = SL_CMP_GT, [SL_B_GE] = SL_CMP_GE};
                sl_operand x = sl_lower_expr(L, a);
                sl_operand y = sl_lower_expr(L, b);
                sl_cmp cmp = map[op];
                if (y.kind == SL_OPD_CONST)
                    sl_branch(L, x, cmp, y.value, s, t, f);
                else if (x.kind == SL_OPD_CONST)
                    sl_branch(L, y, sl_swap_cmp(cmp), x.value, s, t, f);
                else if (x.kind == SL_OPD_PATH && y.kind == SL_OPD_PATH) {
                    /* a == b between two values: kept for handles compared
                     * with other pointers (f != stdin); a < b for what is
                     * known of both (n < count after count++) */
                    sl_ensure_block(L);
                    int bi = L->cur;
                    sl_branch(L, x, cmp, 0, s, t, f);
                    L->f->blocks.v[bi]->cond.rhs_path = y.path;
                } else
                    sl_branch(L, sl_opd(SL_OPD_UNKNOWN, SL_NO_PATH, 0), SL_CMP_NE, 0, s, t, f);
                return;
            }
        } else {
            free(kids.v);
        }
    }
    /* Any other expression (including an assignment): its value != 0. */
    sl_operand o = sl_lower_expr(L, s);
    sl_branch(L, o, SL_CMP_NE, 0, s, t, f);
}

static void sl_lower_cond(sl_lw *L, CXCursor e, int t, int f)
{
    if (sl_enter(L))
        sl_lower_cond_inner(L, e, t, f);
    else {
        sl_ensure_block(L);
        sl_branch(L, sl_opd(SL_OPD_UNKNOWN, SL_NO_PATH, 0), SL_CMP_NE, 0, e, t, f);
    }
    sl_leave(L);
}

/* ---- statements ---------------------------------------------------- */

static void sl_lower_vardecl(sl_lw *L, CXCursor d)
{
    char *name = sl_cxstr(clang_getCursorSpelling(d));
    enum CX_StorageClass sc = clang_Cursor_getStorageClass(d);
    bool global = sc == CX_SC_Static || sc == CX_SC_Extern;
    int v = sl_func_add_var(L->f, name, global ? SL_VAR_GLOBAL : SL_VAR_LOCAL);
    free(name);
    sl_declmap_put(L, d, v);
    sl_var *var = &L->f->vars.v[v];
    CXType ty = clang_getCursorType(d);
    var->is_pointer = sl_type_is_pointer(ty);
    if (global) {
        /* static local: constant when const-qualified with a constant init */
        CXCursor init = clang_Cursor_getVarDeclInitializer(d);
        long long cv;
        if (clang_isConstQualifiedType(ty) && !clang_Cursor_isNull(init) &&
            sl_eval_const(init, &cv)) {
            var->has_const = true;
            var->const_value = cv;
        }
        return;
    }
    CXType cty = clang_getCanonicalType(ty);
    var->is_array = cty.kind == CXType_ConstantArray || cty.kind == CXType_VariableArray ||
                    cty.kind == CXType_IncompleteArray;
    var->cleanup_fn = sl_cleanup_attr(L, d);
    if (L->scopes.n)
        SL_VEC_PUSH(L->scopes.v[L->scopes.n - 1].vars, v);
    CXCursor init = clang_Cursor_getVarDeclInitializer(d);
    if (!clang_Cursor_isNull(init))
        sl_lower_into(L, init, var->root_path, sl_loc(d));
}

static sl_label *sl_label_get(sl_lw *L, const char *name)
{
    for (size_t i = 0; i < L->labels.n; i++)
        if (!strcmp(L->labels.v[i].name, name))
            return &L->labels.v[i];
    sl_label lb = {0};
    lb.name = sl_arena_strdup(L->f->arena, name);
    lb.block = sl_func_new_block(L->f);
    SL_VEC_PUSH(L->labels, lb);
    return &L->labels.v[L->labels.n - 1];
}

static int *sl_scope_chain(sl_lw *L, size_t *n)
{
    *n = L->scopes.n;
    int *c = sl_arena_alloc(L->f->arena, (L->scopes.n + 1) * sizeof(int));
    for (size_t i = 0; i < L->scopes.n; i++)
        c[i] = L->scopes.v[i].serial;
    return c;
}

static void sl_lower_loop_exit(sl_lw *L, bool is_break, CXCursor s)
{
    for (size_t i = L->loops.n; i-- > 0;) {
        sl_loopctx *lc = &L->loops.v[i];
        int target = is_break ? lc->brk : lc->cont;
        if (target < 0)
            continue;
        sl_emit_cleanups(L, lc->nscopes, sl_loc(s), true);
        sl_goto(L, target);
        return;
    }
    L->cur = -1;
}

/* Is this return statement the failure branch of an assertion macro (its
 * source where it expands is a macro whose name says assert, or GLib's
 * g_return_if_fail / g_return_val_if_fail)?  libgit2's GIT_ASSERT returns
 * -1 in release builds where it would abort in debug ones: a broken
 * invariant, not a path to check for leaks. */
static bool sl_return_is_assertion(sl_lw *L, CXCursor s)
{
    size_t off = 0, size = 0;
    const char *b = sl_buffer_at(L->T, clang_getCursorLocation(s), false, &off, &size);
    if (!b || off >= size)
        return false;
    size_t n = 0;
    char name[64];
    while (off + n < size && n + 1 < sizeof name && sl_ident_char(b[off + n])) {
        name[n] = (char)tolower((unsigned char)b[off + n]);
        n++;
    }
    name[n] = 0;
    if (!n || !strcmp(name, "return"))
        return false; /* written out, not from a macro */
    return strstr(name, "assert") || strstr(name, "return_if_fail") ||
           strstr(name, "return_val_if_fail");
}

static void sl_lower_return(sl_lw *L, CXCursor s)
{
    if (sl_return_is_assertion(L, s)) {
        /* like abort(): the path ends here */
        L->f->blocks.v[L->cur]->term = SL_TERM_UNREACHABLE;
        L->cur = -1;
        return;
    }
    CXCursor val = sl_single_expr_child(s);
    sl_operand o = sl_opd(SL_OPD_NONE, SL_NO_PATH, 0);
    if (!clang_Cursor_isNull(val))
        o = sl_lower_expr(L, val);
    bool cleanups = false;
    for (size_t i = 0; i < L->scopes.n; i++)
        for (size_t j = 0; j < L->scopes.v[i].vars.n; j++)
            if (L->f->vars.v[L->scopes.v[i].vars.v[j]].cleanup_fn)
                cleanups = true;
    if (cleanups && (o.kind == SL_OPD_PATH || o.kind == SL_OPD_ADDR)) {
        int t = sl_func_root_path(L->f, sl_new_temp(L));
        sl_emit_assign(L, t, o, sl_loc(s));
        o = sl_opd(SL_OPD_PATH, t, 0);
    }
    if (cleanups)
        sl_emit_cleanups(L, 0, sl_loc(s), false);
    sl_event *e = sl_emit(L, SL_EV_RETURN, sl_loc(s));
    e->src = o;
    L->f->blocks.v[L->cur]->term = SL_TERM_EXIT;
    L->cur = -1;
}

/* Classify the children of a for statement by where they sit relative to
 * the two semicolons of its header. */
static void sl_for_parts(sl_lw *L, CXCursor s, CXCursor *init, CXCursor *cond, CXCursor *inc,
                         CXCursor *body)
{
    *init = *cond = *inc = *body = clang_getNullCursor();
    sl_cursors kids = {0};
    sl_children(s, &kids);
    if (kids.n == 0) {
        free(kids.v);
        return;
    }
    *body = kids.v[kids.n - 1];
    if (kids.n > 1) {
        CXSourceRange whole = clang_getCursorExtent(s);
        CXSourceRange head = clang_getRange(clang_getRangeStart(whole),
                                            clang_getRangeStart(clang_getCursorExtent(*body)));
        CXToken *toks = NULL;
        unsigned n = 0;
        clang_tokenize(L->T->tu, head, &toks, &n);
        unsigned semi[2] = {0, 0};
        int nsemi = 0, depth = 0;
        for (unsigned i = 0; i < n && nsemi < 2; i++) {
            if (clang_getTokenKind(toks[i]) != CXToken_Punctuation)
                continue;
            char *p = sl_cxstr(clang_getTokenSpelling(L->T->tu, toks[i]));
            if (!strcmp(p, "(") || !strcmp(p, "[") || !strcmp(p, "{"))
                depth++;
            else if (!strcmp(p, ")") || !strcmp(p, "]") || !strcmp(p, "}"))
                depth--;
            else if (!strcmp(p, ";") && depth == 1) {
                unsigned off = 0;
                clang_getExpansionLocation(clang_getTokenLocation(L->T->tu, toks[i]), NULL, NULL,
                                           NULL, &off);
                semi[nsemi++] = off;
            }
            free(p);
        }
        clang_disposeTokens(L->T->tu, toks, n);
        for (size_t i = 0; i + 1 < kids.n; i++) {
            unsigned off = 0;
            clang_getExpansionLocation(clang_getRangeStart(clang_getCursorExtent(kids.v[i])),
                                       NULL, NULL, NULL, &off);
            if (nsemi < 2 || off < semi[0])
                *init = kids.v[i];
            else if (off < semi[1])
                *cond = kids.v[i];
            else
                *inc = kids.v[i];
        }
        if (nsemi < 2) {
            /* Header not understood (macro): keep the body, drop the rest. */
            *init = *cond = *inc = clang_getNullCursor();
        }
    }
    free(kids.v);
}

static void sl_lower_stmt_inner(sl_lw *L, CXCursor s)
{
    enum CXCursorKind k = clang_getCursorKind(s);
    switch (k) {
    case CXCursor_CompoundStmt:
        (void)sl_lower_compound(L, s, false);
        return;
    case CXCursor_DeclStmt: {
        sl_cursors kids = {0};
        sl_children(s, &kids);
        for (size_t i = 0; i < kids.n && !L->failed; i++)
            if (clang_getCursorKind(kids.v[i]) == CXCursor_VarDecl)
                sl_lower_vardecl(L, kids.v[i]);
        free(kids.v);
        return;
    }
    case CXCursor_IfStmt: {
        sl_cursors kids = {0};
        sl_children(s, &kids);
        /* C: cond, then [, else].  C++ may put an init or a condition
         * variable first: the condition is the last expression or decl
         * before the then-statement. */
        size_t i = 0;
        while (kids.n - i > 3) {
            sl_lower_stmt(L, kids.v[i]);
            i++;
        }
        if (kids.n - i < 2) {
            free(kids.v);
            return;
        }
        int bt = sl_func_new_block(L->f), bf = sl_func_new_block(L->f);
        int join = sl_func_new_block(L->f);
        bool has_else = kids.n - i == 3;
        sl_ensure_block(L);
        sl_lower_cond(L, kids.v[i], bt, has_else ? bf : join);
        L->cur = bt;
        sl_lower_stmt(L, kids.v[i + 1]);
        sl_goto(L, join);
        if (has_else) {
            L->cur = bf;
            sl_lower_stmt(L, kids.v[i + 2]);
            sl_goto(L, join);
        }
        L->cur = join;
        free(kids.v);
        return;
    }
    case CXCursor_WhileStmt: {
        sl_cursors kids = {0};
        sl_children(s, &kids);
        if (kids.n == 2) {
            int head = sl_func_new_block(L->f), body = sl_func_new_block(L->f);
            int exit = sl_func_new_block(L->f);
            sl_ensure_block(L);
            sl_goto(L, head);
            L->cur = head;
            sl_lower_cond(L, kids.v[0], body, exit);
            sl_loopctx lc = {exit, head, L->scopes.n};
            SL_VEC_PUSH(L->loops, lc);
            L->cur = body;
            sl_lower_stmt(L, kids.v[1]);
            sl_goto(L, head);
            L->loops.n--;
            L->cur = exit;
        }
        free(kids.v);
        return;
    }
    case CXCursor_DoStmt: {
        sl_cursors kids = {0};
        sl_children(s, &kids);
        if (kids.n == 2) {
            int body = sl_func_new_block(L->f), cond = sl_func_new_block(L->f);
            int exit = sl_func_new_block(L->f);
            sl_ensure_block(L);
            sl_goto(L, body);
            sl_loopctx lc = {exit, cond, L->scopes.n};
            SL_VEC_PUSH(L->loops, lc);
            L->cur = body;
            long long once = 1;
            bool macro_stmt = sl_eval_const(kids.v[1], &once) && once == 0 &&
                              sl_do_from_macro(L, s);
            L->macro_stmts += macro_stmt;
            sl_lower_stmt(L, kids.v[0]);
            L->macro_stmts -= macro_stmt;
            sl_goto(L, cond);
            L->loops.n--;
            L->cur = cond;
            sl_lower_cond(L, kids.v[1], body, exit);
            L->cur = exit;
        }
        free(kids.v);
        return;
    }
    case CXCursor_ForStmt: {
        CXCursor init, cond, inc, body;
        sl_for_parts(L, s, &init, &cond, &inc, &body);
        if (clang_Cursor_isNull(body))
            return;
        sl_push_scope(L);
        if (!clang_Cursor_isNull(init))
            sl_lower_stmt(L, init);
        int head = sl_func_new_block(L->f), bodyb = sl_func_new_block(L->f);
        int incb = sl_func_new_block(L->f), exit = sl_func_new_block(L->f);
        sl_ensure_block(L);
        sl_goto(L, head);
        L->cur = head;
        if (!clang_Cursor_isNull(cond))
            sl_lower_cond(L, cond, bodyb, exit);
        else
            sl_goto(L, bodyb);
        sl_loopctx lc = {exit, incb, L->scopes.n};
        SL_VEC_PUSH(L->loops, lc);
        L->cur = bodyb;
        sl_lower_stmt(L, body);
        sl_goto(L, incb);
        L->loops.n--;
        L->cur = incb;
        if (!clang_Cursor_isNull(inc))
            (void)sl_lower_expr(L, inc);
        sl_goto(L, head);
        L->cur = exit;
        sl_pop_scope(L, sl_end_loc(s));
        return;
    }
    case CXCursor_SwitchStmt: {
        sl_cursors kids = {0};
        sl_children(s, &kids);
        if (kids.n < 2) {
            free(kids.v);
            return;
        }
        for (size_t i = 0; i + 2 < kids.n; i++)
            sl_lower_stmt(L, kids.v[i]);
        sl_operand o = sl_lower_expr(L, kids.v[kids.n - 2]);
        sl_ensure_block(L);
        int swb = L->cur;
        int exit = sl_func_new_block(L->f);
        sl_switchctx *sw = sl_xcalloc(1, sizeof *sw);
        sw->block = swb;
        sw->deflt = -1;
        SL_VEC_PUSH(L->switches, sw);
        sl_loopctx lc = {exit, -1, L->scopes.n};
        SL_VEC_PUSH(L->loops, lc);
        L->cur = -1;
        sl_lower_stmt(L, kids.v[kids.n - 1]);
        sl_goto(L, exit);
        L->loops.n--;
        L->switches.n--;
        sl_block *b = L->f->blocks.v[swb];
        b->term = SL_TERM_SWITCH;
        b->cond.lhs = o;
        b->cond.op = SL_CMP_EQ;
        b->cond.loc = sl_loc(s);
        b->cond.text = sl_extent_text(L, kids.v[kids.n - 2]);
        b->succ[0] = sw->deflt >= 0 ? sw->deflt : exit;
        b->ncases = (int)sw->values.n;
        b->case_values = sl_arena_alloc(L->f->arena, (sw->values.n + 1) * sizeof(long long));
        b->case_succ = sl_arena_alloc(L->f->arena, (sw->values.n + 1) * sizeof(int));
        for (size_t i = 0; i < sw->values.n; i++) {
            b->case_values[i] = sw->values.v[i];
            b->case_succ[i] = sw->targets.v[i];
        }
        free(sw->values.v);
        free(sw->targets.v);
        free(sw);
        L->cur = exit;
        free(kids.v);
        return;
    }
    case CXCursor_CaseStmt:
    case CXCursor_DefaultStmt: {
        sl_cursors kids = {0};
        sl_children(s, &kids);
        int cb = sl_func_new_block(L->f);
        sl_goto(L, cb);
        if (L->switches.n) {
            sl_switchctx *sw = L->switches.v[L->switches.n - 1];
            if (k == CXCursor_DefaultStmt) {
                sw->deflt = cb;
            } else {
                long long v = 0;
                if (kids.n >= 2 && sl_eval_const(kids.v[0], &v) && kids.n == 2) {
                    SL_VEC_PUSH(sw->values, v);
                    SL_VEC_PUSH(sw->targets, cb);
                } else if (sw->deflt < 0) {
                    /* case range or unknown value: reachable, no fact */
                    SL_VEC_PUSH(sw->values, (long long)0x7fffffffffffff00LL);
                    SL_VEC_PUSH(sw->targets, cb);
                }
            }
        }
        L->cur = cb;
        if (kids.n)
            sl_lower_stmt(L, kids.v[kids.n - 1]);
        free(kids.v);
        return;
    }
    case CXCursor_BreakStmt:
        sl_lower_loop_exit(L, true, s);
        return;
    case CXCursor_ContinueStmt:
        sl_lower_loop_exit(L, false, s);
        return;
    case CXCursor_LabelStmt: {
        char *name = sl_cxstr(clang_getCursorSpelling(s));
        sl_label *lb = sl_label_get(L, name);
        free(name);
        lb->defined = true;
        lb->chain = sl_scope_chain(L, &lb->nchain);
        int block = lb->block;
        sl_goto(L, block);
        L->cur = block;
        sl_cursors kids = {0};
        sl_children(s, &kids);
        for (size_t i = 0; i < kids.n; i++)
            if (clang_isStatement(clang_getCursorKind(kids.v[i])) ||
                sl_is_expr(kids.v[i]) || clang_getCursorKind(kids.v[i]) == CXCursor_DeclStmt)
                sl_lower_stmt(L, kids.v[i]);
        free(kids.v);
        return;
    }
    case CXCursor_GotoStmt: {
        sl_cursors kids = {0};
        sl_children(s, &kids);
        char *name = kids.n ? sl_cxstr(clang_getCursorSpelling(kids.v[0])) : sl_xstrdup("");
        free(kids.v);
        sl_ensure_block(L);
        int tramp = sl_func_new_block(L->f);
        sl_goto(L, tramp);
        sl_pending_goto g = {0};
        g.label = sl_arena_strdup(L->f->arena, name);
        free(name);
        g.tramp = tramp;
        g.loc = sl_loc(s);
        g.chain = sl_scope_chain(L, &g.nchain);
        g.chain_vars = sl_arena_alloc(L->f->arena, (g.nchain + 1) * sizeof(int *));
        g.chain_nvars = sl_arena_alloc(L->f->arena, (g.nchain + 1) * sizeof(size_t));
        for (size_t i = 0; i < g.nchain; i++) {
            sl_scope *sc = &L->scopes.v[i];
            g.chain_nvars[i] = sc->vars.n;
            g.chain_vars[i] = sl_arena_alloc(L->f->arena, (sc->vars.n + 1) * sizeof(int));
            if (sc->vars.n)
                memcpy(g.chain_vars[i], sc->vars.v, sc->vars.n * sizeof(int));
        }
        SL_VEC_PUSH(L->gotos, g);
        L->cur = -1;
        return;
    }
    case CXCursor_ReturnStmt:
        sl_lower_return(L, s);
        return;
    case CXCursor_NullStmt:
        return;
    default:
        break;
    }
    if (sl_is_expr(s)) {
        CXCursor e = sl_strip(s);
        if (clang_getCursorKind(e) == CXCursor_CallExpr)
            (void)sl_lower_call(L, e, SL_NO_PATH);
        else
            (void)sl_lower_expr(L, s);
        return;
    }
    /* Anything else (asm, C++ try, range-for...): lower what it contains in
     * order, as straight-line code. */
    sl_lower_children(L, s);
}

static void sl_lower_stmt(sl_lw *L, CXCursor s)
{
    if (sl_enter(L))
        sl_lower_stmt_inner(L, s);
    sl_leave(L);
}

static sl_operand sl_lower_compound(sl_lw *L, CXCursor c, bool want_value)
{
    sl_cursors kids = {0};
    sl_children(c, &kids);
    sl_operand val = sl_opd(SL_OPD_UNKNOWN, SL_NO_PATH, 0);
    sl_push_scope(L);
    for (size_t i = 0; i < kids.n && !L->failed; i++) {
        if (want_value && i + 1 == kids.n && sl_is_expr(kids.v[i])) {
            sl_operand o = sl_lower_expr(L, kids.v[i]);
            int t = sl_func_root_path(L->f, sl_new_temp(L));
            sl_emit_assign(L, t, o, sl_loc(kids.v[i]));
            val = sl_opd(SL_OPD_PATH, t, 0);
        } else {
            sl_lower_stmt(L, kids.v[i]);
        }
    }
    sl_pop_scope(L, sl_end_loc(c));
    free(kids.v);
    return val;
}

/* Connect each goto's trampoline to its label, leaving the scopes the label
 * is not in. */
static void sl_resolve_gotos(sl_lw *L)
{
    for (size_t i = 0; i < L->gotos.n; i++) {
        sl_pending_goto *g = &L->gotos.v[i];
        sl_label *lb = sl_label_get(L, g->label);
        size_t common = 0;
        if (lb->defined)
            while (common < g->nchain && common < lb->nchain && g->chain[common] == lb->chain[common])
                common++;
        else
            common = g->nchain; /* undefined label (parse error): no scope exit */
        L->cur = g->tramp;
        for (size_t s = g->nchain; s-- > common;) {
            for (size_t v = g->chain_nvars[s]; v-- > 0;) {
                const sl_var *var = &L->f->vars.v[g->chain_vars[s][v]];
                if (!var->cleanup_fn)
                    continue;
                sl_event *e = sl_emit(L, SL_EV_CALL, g->loc);
                e->callee = var->cleanup_fn;
                e->implicit = true;
                e->nargs = 1;
                e->args = sl_arena_alloc(L->f->arena, sizeof(sl_operand));
                e->args[0] = sl_opd(SL_OPD_ADDR, var->root_path, 0);
            }
            if (g->chain_nvars[s]) {
                sl_event *e = sl_emit(L, SL_EV_SCOPE_END, g->loc);
                e->nvars = (int)g->chain_nvars[s];
                e->vars = g->chain_vars[s];
            }
        }
        sl_goto(L, lb->block);
    }
}

/* Does reaching path go through a pointer (->, *, [])? */
static bool sl_path_has_deref(const sl_func *f, int path)
{
    for (int p = path; p != SL_NO_PATH; p = f->paths.v[p].parent)
        if (f->paths.v[p].arrow)
            return true;
    return false;
}

/* A local pointer is fresh when every value it is given is an allocator's
 * result, the address of a local, or a constant. */
static void sl_compute_fresh(sl_func *f)
{
    for (size_t i = 0; i < f->vars.n; i++)
        f->vars.v[i].fresh = f->vars.v[i].kind == SL_VAR_LOCAL && f->vars.v[i].is_pointer &&
                             !f->vars.v[i].address_taken;
    for (size_t b = 0; b < f->blocks.n; b++) {
        const sl_block *bl = f->blocks.v[b];
        for (size_t j = 0; j < bl->events.n; j++) {
            const sl_event *e = &bl->events.v[j];
            if (e->dst == SL_NO_PATH || f->paths.v[e->dst].parent != SL_NO_PATH)
                continue;
            sl_var *v = &f->vars.v[f->paths.v[e->dst].var];
            if (!v->fresh)
                continue;
            if (e->kind == SL_EV_CALL) {
                if (!e->callee || !sl_is_allocator_name(e->callee))
                    v->fresh = false;
            } else if (e->kind == SL_EV_ASSIGN) {
                bool ok = e->src.kind == SL_OPD_CONST ||
                          (e->src.kind == SL_OPD_ADDR &&
                           f->vars.v[f->paths.v[e->src.path].var].kind == SL_VAR_LOCAL &&
                           !sl_path_has_deref(f, e->src.path)) ||
                          (e->src.kind == SL_OPD_PATH &&
                           f->vars.v[f->paths.v[e->src.path].var].kind == SL_VAR_TEMP);
                if (!ok)
                    v->fresh = false;
            } else if (e->kind == SL_EV_INVALIDATE) {
                v->fresh = false;
            }
        }
    }
}

/* A local pointer whose only value is the address of one local (p = &x)
 * is another name for x: p->f is x.f.  Rewrites such paths everywhere so
 * that both spellings are the same holder. */
static int sl_rebase(sl_func *f, const int *target, int path)
{
    if (path == SL_NO_PATH)
        return path;
    const int depth = f->paths.v[path].depth;
    if (depth == 0)
        return path;
    /* the chain of steps from the root */
    int chain[4];
    int n = 0;
    for (int q = path; f->paths.v[q].parent != SL_NO_PATH && n < 4; q = f->paths.v[q].parent)
        chain[n++] = q;
    int root_var = f->paths.v[path].var;
    int x = target[root_var];
    if (x < 0 || !f->paths.v[chain[n - 1]].arrow)
        return path;
    int np = f->vars.v[x].root_path;
    for (int k = n; k-- > 0;) {
        const sl_path *step = &f->paths.v[chain[k]];
        if (k == n - 1 && !strcmp(step->step, "*"))
            continue; /* *p is x itself */
        np = sl_func_child_path(f, np, step->step, k == n - 1 ? false : step->arrow);
    }
    return np;
}

static void sl_rebase_operand(sl_func *f, const int *target, sl_operand *o)
{
    if (o->kind == SL_OPD_PATH || o->kind == SL_OPD_ADDR)
        o->path = sl_rebase(f, target, o->path);
}

static void sl_resolve_local_pointers(sl_func *f)
{
    size_t nv = f->vars.n;
    int *target = sl_xmalloc((nv + 1) * sizeof *target);
    for (size_t i = 0; i < nv; i++)
        target[i] = f->vars.v[i].kind == SL_VAR_LOCAL && f->vars.v[i].is_pointer &&
                            !f->vars.v[i].address_taken
                        ? -2 /* unknown yet */
                        : -1;
    for (size_t b = 0; b < f->blocks.n; b++) {
        const sl_block *bl = f->blocks.v[b];
        for (size_t j = 0; j < bl->events.n; j++) {
            const sl_event *e = &bl->events.v[j];
            if (e->dst == SL_NO_PATH || f->paths.v[e->dst].parent != SL_NO_PATH)
                continue;
            int v = f->paths.v[e->dst].var;
            if (target[v] == -1)
                continue;
            int x = -1;
            if (e->kind == SL_EV_ASSIGN && e->src.kind == SL_OPD_ADDR &&
                f->paths.v[e->src.path].parent == SL_NO_PATH &&
                f->vars.v[f->paths.v[e->src.path].var].kind == SL_VAR_LOCAL)
                x = f->paths.v[e->src.path].var;
            if (x < 0 || (target[v] >= 0 && target[v] != x))
                target[v] = -1;
            else
                target[v] = x;
        }
    }
    bool any = false;
    for (size_t i = 0; i < nv; i++) {
        if (target[i] == -2)
            target[i] = -1;
        any |= target[i] >= 0;
    }
    if (any) {
        for (size_t b = 0; b < f->blocks.n; b++) {
            sl_block *bl = f->blocks.v[b];
            for (size_t j = 0; j < bl->events.n; j++) {
                sl_event *e = &bl->events.v[j];
                e->dst = sl_rebase(f, target, e->dst);
                sl_rebase_operand(f, target, &e->src);
                for (int a = 0; a < e->nargs; a++)
                    sl_rebase_operand(f, target, &e->args[a]);
            }
            sl_rebase_operand(f, target, &bl->cond.lhs);
        }
        /* x's address now only reaches a name for x itself */
        bool *taken = sl_xcalloc(nv + 1, sizeof *taken);
        for (size_t b = 0; b < f->blocks.n; b++) {
            const sl_block *bl = f->blocks.v[b];
            for (size_t j = 0; j < bl->events.n; j++) {
                const sl_event *e = &bl->events.v[j];
                bool alias_def = e->kind == SL_EV_ASSIGN && e->dst != SL_NO_PATH &&
                                 f->paths.v[e->dst].parent == SL_NO_PATH &&
                                 target[f->paths.v[e->dst].var] >= 0;
                if (e->src.kind == SL_OPD_ADDR && !alias_def)
                    taken[f->paths.v[e->src.path].var] = true;
                for (int a = 0; a < e->nargs; a++)
                    if (e->args[a].kind == SL_OPD_ADDR &&
                        !e->memory_only)
                        taken[f->paths.v[e->args[a].path].var] = true;
            }
        }
        bool *is_target = sl_xcalloc(nv + 1, sizeof *is_target);
        for (size_t k = 0; k < nv; k++)
            if (target[k] >= 0)
                is_target[target[k]] = true;
        for (size_t i = 0; i < nv; i++)
            if (is_target[i] && !taken[i])
                f->vars.v[i].address_taken = false;
        free(is_target);
        free(taken);
    }
    free(target);
}

/* Shrink a growable array to its length (it may still grow later). */
#define SL_VEC_FIT(vec)                                                       \
    do {                                                                      \
        if ((vec).cap > (vec).n) {                                            \
            if ((vec).n) {                                                    \
                (vec).v = sl_xrealloc((vec).v, (vec).n * sizeof *(vec).v);    \
            } else {                                                          \
                free((vec).v);                                                \
                (vec).v = NULL;                                               \
            }                                                                 \
            (vec).cap = (vec).n;                                              \
        }                                                                     \
    } while (0)

/* A lowered function's arrays cut to their length, its blocks and events
 * in one allocation.  A worker holds the IR of every TU it parsed until the
 * analysis phase (workers.h), and the arrays it was built in are up to half
 * empty, a block's events (8 at first, most blocks hold one or two) mostly
 * so. */
static void sl_func_fit(sl_func *f)
{
    sl_func_pack(f);
    SL_VEC_FIT(f->blocks);
    SL_VEC_FIT(f->vars);
    SL_VEC_FIT(f->paths);
}

static void sl_lower_function(sl_tuctx *T, CXCursor fn, CXCursor body)
{
    char *name = sl_cxstr(clang_getCursorSpelling(fn));
    sl_func *f = sl_func_new(name, T->out->file);
    free(name);
    char *usr = sl_cxstr(clang_getCursorUSR(fn));
    f->usr = sl_arena_strdup(f->arena, usr);
    free(usr);
    f->loc = sl_loc(fn);
    f->end_loc = sl_end_loc(body);
    f->is_static = clang_Cursor_getStorageClass(fn) == CX_SC_Static;
    f->exported = sl_has_export_attr(fn);

    sl_lw L = {0};
    L.T = T;
    L.f = f;
    L.cur = 0;
    L.memory_var = -1;
    L.disp = clang_getNullCursor();
    int nparams = clang_Cursor_getNumArguments(fn);
    for (int i = 0; i < nparams; i++) {
        CXCursor p = clang_Cursor_getArgument(fn, (unsigned)i);
        char *pn = sl_cxstr(clang_getCursorSpelling(p));
        int v = sl_func_add_var(f, pn[0] ? pn : "(unnamed)", SL_VAR_PARAM);
        free(pn);
        f->vars.v[v].param_index = i;
        /* a parameter declared as an array (FILE *v[]) is a pointer */
        CXType pt = clang_getCanonicalType(clang_getCursorType(p));
        f->vars.v[v].is_pointer = sl_type_is_pointer(pt) || pt.kind == CXType_IncompleteArray ||
                                  pt.kind == CXType_ConstantArray ||
                                  pt.kind == CXType_VariableArray;
        sl_declmap_put(&L, p, v);
    }
    f->nparams = nparams > 0 ? nparams : 0;
    if (clang_getCursorKind(fn) == CXCursor_CXXMethod ||
        clang_getCursorKind(fn) == CXCursor_Constructor ||
        clang_getCursorKind(fn) == CXCursor_Destructor)
        (void)sl_func_add_var(f, "this", SL_VAR_PARAM);

    (void)sl_lower_compound(&L, body, false);
    if (L.cur >= 0) {
        sl_event *e = sl_emit(&L, SL_EV_RETURN, f->end_loc);
        e->src = sl_opd(SL_OPD_NONE, SL_NO_PATH, 0);
        e->falls_off_end = true;
        f->blocks.v[L.cur]->term = SL_TERM_EXIT;
        L.cur = -1;
    }
    sl_resolve_gotos(&L);
    sl_check_fp_calls(f);
    for (size_t i = 0; i < f->vars.n; i++)
        if (f->vars.v[i].address_taken && f->vars.v[i].kind != SL_VAR_GLOBAL &&
            f->vars.v[i].addr_uses > 0 && f->vars.v[i].addr_uses == f->vars.v[i].addr_benign)
            f->vars.v[i].address_taken = false;
    sl_resolve_local_pointers(f);
    sl_compute_fresh(f);
    for (size_t b = 0; b < f->blocks.n; b++) {
        const sl_block *bl = f->blocks.v[b];
        if ((bl->term == SL_TERM_BRANCH || bl->term == SL_TERM_SWITCH) &&
            bl->cond.lhs.kind == SL_OPD_PATH)
        {
            sl_path *tp = &f->paths.v[bl->cond.lhs.path];
            tp->tested = true;
            if (tp->ntests < 255)
                tp->ntests++;
            if (bl->cond.rhs_path != SL_NO_PATH) {
                sl_path *rp = &f->paths.v[bl->cond.rhs_path];
                rp->tested = true;
                if (rp->ntests < 255)
                    rp->ntests++;
            }
        }
    }

    for (size_t i = 0; i < L.scopes.n; i++)
        free(L.scopes.v[i].vars.v);
    free(L.scopes.v);
    free(L.loops.v);
    free(L.switches.v);
    free(L.labels.v);
    free(L.gotos.v);
    free(L.declmap);
    sl_func_fit(f);
    SL_VEC_PUSH(T->out->funcs, f);
}

static void sl_record_global(sl_tuctx *T, CXCursor d)
{
    char *usr = sl_cxstr(clang_getCursorUSR(d));
    int known = sl_global_index(T, usr);
    bool def = clang_isCursorDefinition(d) != 0;
    if (known >= 0 && (!def || T->out->globals.v[known].is_def)) {
        free(usr);
        return;
    }
    if (known >= 0) {
        /* the definition after a declaration: its initializer counts */
        sl_global *k = &T->out->globals.v[known];
        CXCursor init = clang_Cursor_getVarDeclInitializer(d);
        long long v;
        k->is_def = true;
        k->has_init_const = !clang_Cursor_isNull(init) && sl_eval_const(init, &v);
        k->init_value = k->has_init_const ? v : 0;
        if (clang_Cursor_isNull(init) && k->is_static) {
            k->has_init_const = true;
            k->init_value = 0;
        }
        free(usr);
        return;
    }
    sl_global g = {0};
    g.is_def = def;
    char *name = sl_cxstr(clang_getCursorSpelling(d));
    g.name = sl_arena_strdup(T->out->arena, name);
    free(name);
    g.usr = sl_arena_strdup(T->out->arena, usr);
    free(usr);
    g.is_static = clang_Cursor_getStorageClass(d) == CX_SC_Static;
    g.is_const = clang_isConstQualifiedType(clang_getCursorType(d));
    CXCursor init = clang_Cursor_getVarDeclInitializer(d);
    long long v;
    if (!clang_Cursor_isNull(init) && sl_eval_const(init, &v)) {
        g.has_init_const = true;
        g.init_value = v;
    } else if (clang_Cursor_isNull(init) && g.is_static) {
        g.has_init_const = true; /* zero-initialized */
        g.init_value = 0;
    }
    SL_VEC_PUSH(T->out->globals, g);
}

static bool sl_is_function_kind(enum CXCursorKind k)
{
    return k == CXCursor_FunctionDecl || k == CXCursor_CXXMethod || k == CXCursor_Constructor ||
           k == CXCursor_Destructor || k == CXCursor_FunctionTemplate ||
           k == CXCursor_ConversionFunction;
}

/* The struct or union a pointer type t points to (through depth pointers,
 * 1 or 2, set in *depth) when it is a handle type: incomplete, or named
 * through a typedef ("SSL *", "gnutls_session_t").  Its canonical spelling
 * ("struct ssl_st") in the TU's arena, else NULL. */
static const char *sl_handle_type(sl_tuctx *T, CXType t, int *depth)
{
    *depth = 0;
    bool via_typedef = false;
    CXType cur = t;
    while (*depth < 3) {
        CXType can = clang_getCanonicalType(cur);
        if (can.kind != CXType_Pointer)
            break;
        if (cur.kind != CXType_Pointer) {
            via_typedef = true; /* a typedef of a pointer: gnutls_session_t */
            cur = can;
        }
        cur = clang_getPointeeType(cur);
        (*depth)++;
    }
    if (*depth < 1 || *depth > 2)
        return NULL;
    via_typedef |= cur.kind == CXType_Typedef ||
                   (cur.kind == CXType_Elaborated &&
                    clang_Type_getNamedType(cur).kind == CXType_Typedef);
    CXType canon = clang_getCanonicalType(cur);
    if (canon.kind != CXType_Record)
        return NULL;
    CXCursor decl = clang_getTypeDeclaration(canon);
    if (!via_typedef && !clang_Cursor_isNull(clang_getCursorDefinition(decl)))
        return NULL; /* a struct the caller sees whole: data, not a handle */
    char *sp = sl_cxstr(clang_getTypeSpelling(clang_getCursorType(decl)));
    const char *tag = !strncmp(sp, "struct ", 7) ? sp + 7 : !strncmp(sp, "union ", 6) ? sp + 6 : NULL;
    const char *out = NULL;
    if (tag && *tag && !strchr(tag, ' ') && !strchr(tag, '('))
        out = sl_arena_strdup(T->out->decl_arena, sp);
    free(sp);
    return out;
}

/* A function declared outside the main file and defined nowhere in the TU
 * whose name has a lifecycle word: an inference candidate (infer.h). */
static void sl_record_decl(sl_tuctx *T, CXCursor c)
{
    if (clang_getCursorKind(c) != CXCursor_FunctionDecl || clang_isCursorDefinition(c))
        return;
    CXString spelled = clang_getCursorSpelling(c);
    const char *name = clang_getCString(spelled);
    if (!sl_infer_name_candidate(name) ||
        !clang_Cursor_isNull(clang_getCursorDefinition(c))) {
        clang_disposeString(spelled);
        return;
    }
    sl_decl d = {0};
    d.name = sl_arena_strdup(T->out->decl_arena, name);
    clang_disposeString(spelled);
    CXFile file;
    unsigned line, col, off;
    /* where the declaration is expanded: a function a macro declares
     * (pcre2.h declares pcre2_code_free_8 by pasting tokens, spelled in no
     * file) is the header's that uses the macro */
    clang_getExpansionLocation(clang_getCursorLocation(c), &file, &line, &col, &off);
    char *fname = file ? sl_cxstr(clang_getFileName(file)) : NULL;
    if (!fname || !*fname) {
        free(fname); /* a builtin: declared by the compiler, not a header */
        return;
    }
    if (!T->decl_file || strcmp(T->decl_file, fname) != 0)
        T->decl_file = sl_arena_strdup(T->out->decl_arena, fname);
    d.file = T->decl_file;
    free(fname);
    d.line = line;
    int depth;
    CXType rt = clang_getCursorResultType(c);
    d.ret_type = sl_handle_type(T, rt, &depth);
    /* a pointer to const is lent, not given (DH_OpenSSL returns the
     * library's own const DH_METHOD *) */
    if (depth != 1 ||
        clang_isConstQualifiedType(clang_getPointeeType(clang_getCanonicalType(rt))))
        d.ret_type = NULL;
    enum CXTypeKind rk = clang_getCanonicalType(rt).kind;
    d.ret_int = rk >= CXType_Char_U && rk <= CXType_LongLong && rk != CXType_Bool;
    int n = clang_Cursor_getNumArguments(c);
    d.nparams = n < 0 ? 0 : n;
    for (int i = 0; i < n && i < SL_DECL_PARAMS; i++) {
        CXType pt = clang_getCursorType(clang_Cursor_getArgument(c, (unsigned)i));
        d.param_type[i] = sl_handle_type(T, pt, &depth);
        d.param_depth[i] = (unsigned char)(d.param_type[i] ? depth : 0);
        CXType can = clang_getCanonicalType(pt);
        if (!d.param_type[i] && can.kind == CXType_Pointer) {
            enum CXTypeKind pk = clang_getCanonicalType(clang_getPointeeType(can)).kind;
            if (pk != CXType_FunctionProto && pk != CXType_FunctionNoProto)
                d.param_depth[i] = SL_DECL_DATA_POINTER;
        }
    }
    SL_VEC_PUSH(T->out->decls, d);
}

static enum CXChildVisitResult sl_top_visitor(CXCursor c, CXCursor parent, CXClientData d)
{
    (void)parent;
    sl_tuctx *T = d;
    if (!clang_Location_isFromMainFile(clang_getCursorLocation(c))) {
        if (T->collect_decls)
            sl_record_decl(T, c);
        return CXChildVisit_Continue;
    }
    enum CXCursorKind k = clang_getCursorKind(c);
    if (sl_is_function_kind(k)) {
        if (clang_isCursorDefinition(c)) {
            sl_cursors kids = {0};
            sl_children(c, &kids);
            for (size_t i = kids.n; i-- > 0;)
                if (clang_getCursorKind(kids.v[i]) == CXCursor_CompoundStmt) {
                    sl_lower_function(T, c, kids.v[i]);
                    break;
                }
            free(kids.v);
        }
        return CXChildVisit_Continue;
    }
    if (k == CXCursor_VarDecl) {
        sl_record_global(T, c);
        return CXChildVisit_Continue;
    }
    if (k == CXCursor_Namespace || k == CXCursor_LinkageSpec || k == CXCursor_ClassDecl ||
        k == CXCursor_StructDecl || k == CXCursor_ClassTemplate)
        return CXChildVisit_Recurse;
    return CXChildVisit_Continue;
}

typedef struct sl_usr_index {
    const char *usr;
    size_t func;
} sl_usr_index;

static int sl_cmp_usr_index(const void *a, const void *b)
{
    return strcmp(((const sl_usr_index *)a)->usr, ((const sl_usr_index *)b)->usr);
}

/* Which of the TU's globals each function may write, itself or through the
 * TU's functions it calls (a bitset per function, in the TU's arena), handed
 * to every call of it as callee_gwrites. */
static void sl_global_write_sets(sl_tu *tu)
{
    size_t ng = tu->globals.n, nf = tu->funcs.n, nw = (ng + 63) / 64;
    if (ng == 0)
        return;
    uint64_t **w = sl_xcalloc(nf + 1, sizeof *w);
    for (size_t i = 0; i < nf; i++) {
        sl_func *f = tu->funcs.v[i];
        w[i] = sl_arena_alloc(tu->arena, nw * sizeof **w);
        memset(w[i], 0, nw * sizeof **w);
        for (size_t b = 0; b < f->blocks.n; b++)
            for (size_t j = 0; j < f->blocks.v[b]->events.n; j++) {
                const sl_event *e = &f->blocks.v[b]->events.v[j];
                if (e->dst == SL_NO_PATH)
                    continue;
                const sl_var *v = &f->vars.v[f->paths.v[e->dst].var];
                if (v->global_index >= 0)
                    w[i][v->global_index / 64] |= 1ull << (v->global_index % 64);
            }
    }
    /* callees by USR (sorted index), then a fixpoint over the call edges */
    sl_usr_index *byusr = sl_xmalloc((nf + 1) * sizeof *byusr);
    size_t nu = 0;
    for (size_t i = 0; i < nf; i++)
        if (tu->funcs.v[i]->usr)
            byusr[nu++] = (sl_usr_index){tu->funcs.v[i]->usr, i};
    qsort(byusr, nu, sizeof *byusr, sl_cmp_usr_index);
    for (size_t i = 0; i < nf; i++) {
        sl_func *f = tu->funcs.v[i];
        for (size_t b = 0; b < f->blocks.n; b++)
            for (size_t j = 0; j < f->blocks.v[b]->events.n; j++) {
                sl_event *e = &f->blocks.v[b]->events.v[j];
                if (e->kind != SL_EV_CALL || !e->callee_has_body || !e->callee_usr)
                    continue;
                sl_usr_index key = {e->callee_usr, 0};
                const sl_usr_index *hit =
                    nu ? bsearch(&key, byusr, nu, sizeof *byusr, sl_cmp_usr_index) : NULL;
                if (hit)
                    e->callee_gwrites = w[hit->func];
            }
    }
    free(byusr);
    bool changed = true;
    for (int round = 0; changed && round < 64; round++) {
        changed = false;
        for (size_t i = 0; i < nf; i++) {
            sl_func *f = tu->funcs.v[i];
            for (size_t b = 0; b < f->blocks.n; b++)
                for (size_t j = 0; j < f->blocks.v[b]->events.n; j++) {
                    sl_event *e = &f->blocks.v[b]->events.v[j];
                    if (e->kind != SL_EV_CALL || !e->callee_gwrites)
                        continue;
                    for (size_t k = 0; k < nw; k++)
                        if (e->callee_gwrites[k] & ~w[i][k]) {
                            w[i][k] |= e->callee_gwrites[k];
                            changed = true;
                        }
                }
        }
    }
    free(w);
}

/* Globals that no function writes keep their initial value: variables of
 * functions that read them become constants; the others that are private to
 * the TU (static, address never taken) are marked so: facts can be kept
 * about them. */
static void sl_fold_constant_globals(sl_tu *tu)
{
    for (size_t i = 0; i < tu->funcs.n; i++) {
        sl_func *f = tu->funcs.v[i];
        for (size_t b = 0; b < f->blocks.n; b++) {
            const sl_block *bl = f->blocks.v[b];
            for (size_t j = 0; j < bl->events.n; j++) {
                const sl_event *e = &bl->events.v[j];
                if (e->dst != SL_NO_PATH && f->paths.v[e->dst].parent == SL_NO_PATH) {
                    const sl_var *v = &f->vars.v[f->paths.v[e->dst].var];
                    if (v->global_index >= 0)
                        tu->globals.v[v->global_index].written = true;
                }
            }
        }
        for (size_t v = 0; v < f->vars.n; v++)
            if (f->vars.v[v].global_index >= 0 && f->vars.v[v].address_taken)
                tu->globals.v[f->vars.v[v].global_index].written =
                    tu->globals.v[f->vars.v[v].global_index].addr_taken = true;
    }
    for (size_t i = 0; i < tu->funcs.n; i++) {
        sl_func *f = tu->funcs.v[i];
        for (size_t v = 0; v < f->vars.n; v++) {
            sl_var *var = &f->vars.v[v];
            if (var->global_index < 0)
                continue;
            const sl_global *g = &tu->globals.v[var->global_index];
            var->tu_private = g->is_static && !g->addr_taken;
            if (g->has_init_const && !g->written && (g->is_static || g->is_const)) {
                var->has_const = true;
                var->tu_private = false;
                var->const_value = g->init_value;
            }
        }
    }
}

void sl_parse_report_release(sl_parse_report *r)
{
    sl_strbuf_release(&r->diags);
    free(r->first_error);
    r->first_error = NULL;
}

/* "/a/./b" and "/a//b" are "/a/b": the same file is named the same whether
 * it was reached through "-I." or by its absolute path ("..", which a
 * symbolic link can change the meaning of, stays). */
static void sl_drop_dot_components(char *p)
{
    if (p[0] != '/')
        return;
    char *w = p;
    const char *r = p;
    while (*r) {
        if (r[0] == '/' && r[1] == '/')
            r++;
        else if (r[0] == '/' && r[1] == '.' && (r[2] == '/' || r[2] == '\0'))
            r += 2;
        else
            *w++ = *r++;
    }
    if (w == p)
        *w++ = '/';
    *w = '\0';
}

typedef struct sl_incl_ctx {
    sl_tu *tu;
    const char *skip_dir; /* the shared precompiled header's directory, or NULL */
    size_t skip_len;
    const char *dir;      /* the compile command's directory, or NULL: the
                             working directory */
} sl_incl_ctx;

/* Every file the TU read but the main file: the headers it included, not
 * the recovery prelude nor the generated header behind a shared
 * precompiled header (its included files are listed, wherever they were
 * parsed). */
static void sl_inclusion_visitor(CXFile file, CXSourceLocation *stack, unsigned depth,
                                 CXClientData d)
{
    (void)stack;
    sl_incl_ctx *ic = d;
    if (depth == 0)
        return; /* the main file */
    char *name = sl_cxstr(clang_getFileName(file));
    if (name[0] && name[0] != '/') {
        /* as the include path spelled it (-I../include): absolute, so that
         * the cache can read it wherever sesslint runs */
        char *joined = ic->dir ? sl_path_join(ic->dir, name) : sl_xstrdup(name);
        free(name);
        name = sl_path_absolute_lexical(joined);
        free(joined);
    }
    sl_drop_dot_components(name);
    bool generated = ic->skip_dir && !strncmp(name, ic->skip_dir, ic->skip_len) &&
                     name[ic->skip_len] == '/';
    if (name[0] && !generated && strncmp(name, "/sesslint-recovered/", 20) != 0)
        SL_VEC_PUSH(ic->tu->includes, name);
    else
        free(name);
}

static int sl_strptr_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort a list of owned strings and drop repeats: the same TU lists the
 * same files whether its headers came from a precompiled header or not. */
static void sl_sort_unique(char **v, size_t *n)
{
    if (*n < 2)
        return;
    qsort(v, *n, sizeof *v, sl_strptr_cmp);
    size_t k = 1;
    for (size_t i = 1; i < *n; i++) {
        if (!strcmp(v[i], v[k - 1]))
            free(v[i]);
        else
            v[k++] = v[i];
    }
    *n = k;
}

static unsigned sl_count_errors(CXTranslationUnit ctu)
{
    unsigned nd = clang_getNumDiagnostics(ctu), n = 0;
    for (unsigned i = 0; i < nd; i++) {
        CXDiagnostic d = clang_getDiagnostic(ctu, i);
        n += clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error;
        clang_disposeDiagnostic(d);
    }
    return n;
}

/* A function whose body holds a parse error (in the parse that is
 * analyzed) was recovered by clang in ways that invent control flow: a block
 * closed early, a statement dropped.  Findings there would be guesses, so
 * such functions are not analyzed. */
static bool sl_error_from_guessing(CXDiagnostic d)
{
    /* what guessed declarations leave behind: structs without members,
     * names still unknown */
    static const char *const kinds[] = {"incomplete", "member", "undeclared", "implicit",
                                        "unknown type", "not a structure", "subscripted",
                                        "incompatible integer to pointer"};
    char *msg = sl_cxstr(clang_getDiagnosticSpelling(d));
    bool r = false;
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds && !r; i++)
        r = strstr(msg, kinds[i]) != NULL;
    free(msg);
    return r;
}

static void sl_skip_functions_with_errors(CXTranslationUnit ctu, sl_tu *tu, bool recovered)
{
    unsigned nd = clang_getNumDiagnostics(ctu);
    for (unsigned i = 0; i < nd; i++) {
        CXDiagnostic d = clang_getDiagnostic(ctu, i);
        if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error &&
            !(recovered && sl_error_from_guessing(d))) {
            CXSourceLocation loc = clang_getDiagnosticLocation(d);
            if (clang_Location_isFromMainFile(loc)) {
                unsigned line = 0;
                clang_getExpansionLocation(loc, NULL, &line, NULL, NULL);
                for (size_t k = 0; k < tu->funcs.n; k++) {
                    sl_func *f = tu->funcs.v[k];
                    if (!f->skip_reason && line >= f->loc.line && line <= f->end_loc.line)
                        f->skip_reason = "its body has parse errors";
                }
            }
        }
        clang_disposeDiagnostic(d);
    }
}

#define SL_PRELUDE "/sesslint-recovered/missing-declarations.h"
#define SL_NOTE_ADDED_DIR "sesslint: added -idirafter "

typedef SL_VEC(const char *) sl_argv;

/* The parser arguments of in (borrowed strings) into args. */
static void sl_parse_args(const sl_parse_input *in, sl_argv *args)
{
    if (in->directory) {
        SL_VEC_PUSH(*args, "-working-directory");
        SL_VEC_PUSH(*args, in->directory);
    }
    for (int i = 0; i < in->nargs; i++)
        SL_VEC_PUSH(*args, in->args[i]);
    SL_VEC_PUSH(*args, "-ferror-limit=0");
}

/* pch: a precompiled header to load first, or NULL. */
static CXTranslationUnit sl_parse_once(CXIndex idx, const sl_parse_input *in, const char *prelude,
                                       const char *pch, enum CXErrorCode *ec)
{
    sl_argv args = {0};
    sl_parse_args(in, &args);
    if (pch) {
        SL_VEC_PUSH(args, "-include-pch");
        SL_VEC_PUSH(args, pch);
    }
    struct CXUnsavedFile unsaved[2];
    unsigned nunsaved = 0;
    if (in->contents) {
        struct CXUnsavedFile u = {in->file, in->contents, strlen(in->contents)};
        unsaved[nunsaved++] = u;
    }
    if (prelude) {
        struct CXUnsavedFile u = {SL_PRELUDE, prelude, strlen(prelude)};
        unsaved[nunsaved++] = u;
        SL_VEC_PUSH(args, "-include");
        SL_VEC_PUSH(args, SL_PRELUDE);
        SL_VEC_PUSH(args, "-Wno-implicit-function-declaration");
        SL_VEC_PUSH(args, "-Wno-error=implicit-function-declaration");
        SL_VEC_PUSH(args, "-Wno-error=implicit-int");
        SL_VEC_PUSH(args, "-Wno-error=int-conversion");
    }
    CXTranslationUnit ctu = NULL;
    unsigned opts = CXTranslationUnit_KeepGoing | CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles;
    *ec = clang_parseTranslationUnit2(idx, in->file, args.v, (int)args.n,
                                      nunsaved ? unsaved : NULL, nunsaved, opts, &ctu);
    free(args.v);
    return *ec == CXError_Success ? ctu : NULL;
}

/* Quoted name in a diagnostic such as "use of undeclared identifier 'X'".
 * Returns owned or NULL. */
static char *sl_diag_name(const char *msg, const char *prefix)
{
    const char *p = strstr(msg, prefix);
    if (!p)
        return NULL;
    p += strlen(prefix);
    const char *e = strchr(p, '\'');
    return e ? sl_xstrndup(p, (size_t)(e - p)) : NULL;
}

static bool sl_ident_char(char c)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* After a header could not be found, declarations it would have provided
 * are missing and whole statements are dropped.  Guess them from the
 * errors: a name used like a type ("T *p", "T v") becomes a type, a name
 * ending in OK/SUCCESS/COMPLETE a constant 0 (every supported library's
 * success code), any other capitalized name an int.  Returns owned prelude
 * text ("" when a header is missing but no name can be guessed), or NULL
 * when there is nothing (more) to recover. */
static char *sl_recovery_prelude(CXTranslationUnit ctu, const char *previous)
{
    unsigned nd = clang_getNumDiagnostics(ctu);
    bool missing_header = false;
    sl_strbuf b = {0};
    if (previous)
        sl_strbuf_puts(&b, previous);
    size_t start_len = b.len;
    for (unsigned i = 0; i < nd; i++) {
        CXDiagnostic d = clang_getDiagnostic(ctu, i);
        char *msg = sl_cxstr(clang_getDiagnosticSpelling(d));
        if (strstr(msg, "file not found"))
            missing_header = true;
        bool type = false;
        char *name = sl_diag_name(msg, "unknown type name '");
        if (name)
            type = true;
        else
            name = sl_diag_name(msg, "use of undeclared identifier '");
        if (name) {
            bool pointer = false, decl = type;
            CXFile file;
            unsigned off = 0;
            clang_getExpansionLocation(clang_getDiagnosticLocation(d), &file, NULL, NULL, &off);
            size_t size = 0;
            const char *buf = file ? clang_getFileContents(ctu, file, &size) : NULL;
            size_t n = strlen(name);
            if (buf && off + n <= size && !strncmp(buf + off, name, n)) {
                size_t q = off + n;
                while (q < size && (buf[q] == ' ' || buf[q] == '\t'))
                    q++;
                if (q < size && buf[q] == '*') {
                    while (q < size && (buf[q] == '*' || buf[q] == ' ' || buf[q] == '\t'))
                        q++;
                    if (q < size && sl_ident_char(buf[q]))
                        pointer = decl = true;
                } else if (q < size && sl_ident_char(buf[q])) {
                    decl = true;
                }
            }
            if (pointer)
                type = true;
            bool capital = name[0] >= 'A' && name[0] <= 'Z';
            bool lower_word = false;
            for (const char *c = name; *c; c++)
                lower_word |= *c >= 'a' && *c <= 'z';
            char *line = NULL;
            if (type || decl)
                line = pointer ? sl_xasprintf("typedef struct sl_recovered_%s %s;\n", name, name)
                               : sl_xasprintf("typedef long %s;\n", name);
            else if (sl_str_ends_with(name, "OK") || strstr(name, "SUCCESS") ||
                     sl_str_ends_with(name, "COMPLETE"))
                line = sl_xasprintf("enum { %s = 0 };\n", name);
            else if (capital && !lower_word)
                line = sl_xasprintf("extern int %s;\n", name);
            if (line && !(b.s && strstr(b.s, line)))
                sl_strbuf_puts(&b, line);
            free(line);
            free(name);
        }
        free(msg);
        clang_disposeDiagnostic(d);
    }
    if (!missing_header && !previous) {
        sl_strbuf_release(&b);
        return NULL;
    }
    if (b.len == start_len && previous) {
        sl_strbuf_release(&b);
        return NULL;
    }
    /* nothing to guess: still parsed again, where an undeclared call is
     * not an error (the missing header would have declared it) */
    if (!b.s)
        return sl_xstrdup("");
    return sl_strbuf_detach(&b);
}

/* Length of the leading path components a and b share. */
static size_t sl_common_dir_len(const char *a, const char *b)
{
    size_t n = 0, i = 0;
    for (; a[i] && a[i] == b[i]; i++)
        if (a[i] == '/')
            n = i;
    if ((!a[i] || a[i] == '/') && (!b[i] || b[i] == '/'))
        n = i;
    return n;
}

/* The directory D of a tree header D/name, the one nearest the including
 * file (then the shortest, then the first by name), never the including
 * file itself (adapters/ae.h's <ae.h> is another library's).  Returns
 * owned or NULL. */
static char *sl_tree_dir_for(const sl_parse_input *in, const char *name, const char *includer)
{
    size_t n = strlen(name);
    if (!n || name[0] == '/' || !strcmp(name, "..") || !strncmp(name, "../", 3) ||
        strstr(name, "/../") || sl_str_ends_with(name, "/.."))
        return NULL;
    const char *best = NULL;
    size_t best_len = 0, best_score = 0;
    for (size_t i = 0; i < in->ntree_headers; i++) {
        const char *h = in->tree_headers[i];
        size_t hl = strlen(h);
        if (hl <= n + 1 || h[hl - n - 1] != '/' || strcmp(h + hl - n, name) ||
            !strcmp(h, includer))
            continue;
        size_t dl = hl - n - 1, score = sl_common_dir_len(h, includer);
        if (score > dl)
            score = dl;
        if (!best || score > best_score ||
            (score == best_score &&
             (dl < best_len || (dl == best_len && strncmp(h, best, dl) < 0)))) {
            best = h;
            best_len = dl;
            best_score = score;
        }
    }
    return best ? sl_xstrndup(best, best_len) : NULL;
}

/* For each "'name' file not found" in ctu whose name the tree holds, add
 * its directory to dirs (once) and a note to notes. */
static void sl_find_missing_headers(CXTranslationUnit ctu, const sl_parse_input *in,
                                    sl_strvec *dirs, sl_strbuf *notes)
{
    unsigned nd = clang_getNumDiagnostics(ctu);
    for (unsigned i = 0; i < nd; i++) {
        CXDiagnostic d = clang_getDiagnostic(ctu, i);
        char *msg = sl_cxstr(clang_getDiagnosticSpelling(d));
        const char *end = msg[0] == '\'' ? strstr(msg, "' file not found") : NULL;
        if (end) {
            char *name = sl_xstrndup(msg + 1, (size_t)(end - msg - 1));
            CXFile file = NULL;
            unsigned line = 0;
            clang_getExpansionLocation(clang_getDiagnosticLocation(d), &file, &line, NULL, NULL);
            char *spelled = file ? sl_cxstr(clang_getFileName(file)) : sl_xstrdup(in->file);
            char *includer = sl_path_absolute_lexical(spelled);
            free(spelled);
            char *dir = sl_tree_dir_for(in, name, includer);
            bool known = !dir;
            for (size_t k = 0; k < dirs->n && !known; k++)
                known = !strcmp(dirs->v[k], dir);
            if (!known) {
                sl_strbuf_printf(notes,
                                 SL_NOTE_ADDED_DIR "%s for '%s' (%s:%u; no compilation "
                                                   "database: searched the tree)\n",
                                 dir, name, includer, line);
                SL_VEC_PUSH(*dirs, dir);
                dir = NULL;
            }
            free(dir);
            free(includer);
            free(name);
        }
        free(msg);
        clang_disposeDiagnostic(d);
    }
}

void sl_frontend_print_diags(FILE *out, const char *text, sl_strvec *seen)
{
    size_t plen = strlen(SL_NOTE_ADDED_DIR);
    for (const char *p = text; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p + 1) : strlen(p);
        bool show = true;
        if (!strncmp(p, SL_NOTE_ADDED_DIR, plen)) {
            const char *key_end = strstr(p + plen, " for '");
            char *key = sl_xstrndup(p + plen, key_end && key_end < p + len
                                                  ? (size_t)(key_end - p - plen)
                                                  : len - plen);
            for (size_t k = 0; k < seen->n && show; k++)
                show = strcmp(seen->v[k], key) != 0;
            if (show)
                SL_VEC_PUSH(*seen, key);
            else
                free(key);
        }
        if (show)
            fwrite(p, 1, len, out);
        p += len;
    }
}

static sl_tu *sl_frontend_parse_here(CXIndex idx, const sl_parse_input *in0,
                                     sl_parse_report *rep, sl_error *err)
{
    enum CXErrorCode ec = CXError_Success;
    /* With a shared precompiled header first; a parse that reports any
     * error then (the header stale or built differently, a name clash) is
     * redone without it, so errors and their recovery are always those of
     * the plain parse. */
    const sl_parse_input *in = in0;
    CXTranslationUnit ctu = in->pch ? sl_parse_once(idx, in, NULL, in->pch, &ec) : NULL;
    if (ctu && sl_count_errors(ctu) > 0) {
        clang_disposeTranslationUnit(ctu);
        ctu = NULL;
    }
    const char *used_pch = ctu ? in->pch : NULL;
    if (!ctu)
        ctu = sl_parse_once(idx, in, NULL, NULL, &ec);
    /* Headers the include path misses but the tree holds: add their
     * directories and parse again (a found header can include more). */
    sl_parse_input here = *in0;
    sl_strvec dirs = {0};
    sl_strbuf found = {0};
    SL_VEC(const char *) xargs = {0};
    for (int round = 0; ctu && in->ntree_headers && round < 4 && sl_count_errors(ctu); round++) {
        size_t before = dirs.n;
        sl_find_missing_headers(ctu, in0, &dirs, &found);
        if (dirs.n == before)
            break;
        xargs.n = 0;
        for (int k = 0; k < in0->nargs; k++)
            SL_VEC_PUSH(xargs, in0->args[k]);
        for (size_t k = 0; k < dirs.n; k++) {
            SL_VEC_PUSH(xargs, "-idirafter");
            SL_VEC_PUSH(xargs, dirs.v[k]);
        }
        here.args = xargs.v;
        here.nargs = (int)xargs.n;
        here.pch = NULL;
        enum CXErrorCode ec2 = CXError_Success;
        CXTranslationUnit again = sl_parse_once(idx, &here, NULL, NULL, &ec2);
        if (!again)
            break;
        clang_disposeTranslationUnit(ctu);
        ctu = again;
        used_pch = NULL;
        in = &here;
    }
    if (found.s)
        sl_strbuf_puts(&rep->diags, found.s);
    sl_strbuf_release(&found);
    if (!ctu) {
        const char *why = ec == CXError_Crashed       ? "libclang crashed while parsing"
                          : ec == CXError_ASTReadError ? "libclang could not read the AST"
                          : ec == CXError_InvalidArguments ? "invalid parser arguments"
                                                           : "libclang could not parse it";
        sl_error_set(err, "%s: %s", in->file, why);
        sl_strvec_free(&dirs);
        free(xargs.v);
        return NULL;
    }
    unsigned nd = clang_getNumDiagnostics(ctu);
    for (unsigned i = 0; i < nd; i++) {
        CXDiagnostic d = clang_getDiagnostic(ctu, i);
        enum CXDiagnosticSeverity sev = clang_getDiagnosticSeverity(d);
        if (sev >= CXDiagnostic_Error) {
            char *msg = sl_cxstr(clang_formatDiagnostic(
                d, CXDiagnostic_DisplaySourceLocation | CXDiagnostic_DisplayColumn));
            rep->nerrors++;
            if (!rep->first_error)
                rep->first_error = sl_xstrdup(msg);
            if (in->show_all_errors || rep->nerrors <= SL_SHOWN_ERRORS)
                sl_strbuf_printf(&rep->diags, "%s\n", msg);
            free(msg);
        }
        clang_disposeDiagnostic(d);
    }
    if (!in->show_all_errors && rep->nerrors > SL_SHOWN_ERRORS)
        sl_strbuf_printf(&rep->diags,
                         "%s: note: %u more error%s not shown (--show-parse-errors shows all)\n",
                         in->file, rep->nerrors - SL_SHOWN_ERRORS,
                         rep->nerrors - SL_SHOWN_ERRORS == 1 ? "" : "s");
    /* Missing headers: re-parse with guessed declarations (two rounds at
     * most: a type found in round one can reveal more). */
    char *prelude = NULL;
    for (int round = 0; round < 2 && rep->nerrors; round++) {
        char *next = sl_recovery_prelude(ctu, prelude);
        if (!next)
            break;
        CXTranslationUnit again = sl_parse_once(idx, in, next, NULL, &ec);
        if (!again) {
            free(next);
            break;
        }
        clang_disposeTranslationUnit(ctu);
        ctu = again;
        free(prelude);
        prelude = next;
    }
    if (prelude) {
        unsigned nl = 0;
        for (const char *c = prelude; *c; c++)
            nl += *c == '\n';
        if (nl)
            sl_strbuf_printf(&rep->diags,
                             "%s: note: headers are missing; analyzed with %u guessed "
                             "declarations\n",
                             in->file, nl);
        else
            sl_strbuf_printf(&rep->diags,
                             "%s: note: headers are missing; analyzed with calls to the "
                             "functions they declare allowed\n",
                             in->file);
        rep->recovered = true;
        free(prelude);
    }

    sl_tu *tu = sl_xcalloc(1, sizeof *tu);
    tu->arena = sl_arena_new();
    tu->decl_arena = sl_arena_new();
    char *spelled = sl_cxstr(clang_getTranslationUnitSpelling(ctu));
    if (in->directory && spelled[0] != '/') {
        char *joined = sl_path_join(in->directory, spelled);
        tu->file = sl_path_absolute_lexical(joined);
        free(joined);
    } else {
        tu->file = sl_path_absolute_lexical(spelled);
    }
    free(spelled);
    sl_incl_ctx ic = {tu, NULL, 0, in->directory};
    char *pch_dir = used_pch ? sl_path_dirname(used_pch) : NULL;
    if (pch_dir) {
        ic.skip_dir = pch_dir;
        ic.skip_len = strlen(pch_dir);
    }
    clang_getInclusions(ctu, sl_inclusion_visitor, &ic);
    free(pch_dir);
    for (size_t i = 0; used_pch && i < in->npch_files; i++)
        SL_VEC_PUSH(tu->includes, sl_xstrdup(in->pch_files[i]));
    sl_sort_unique(tu->includes.v, &tu->includes.n);
    sl_tuctx T = {0};
    T.tu = ctu;
    T.out = tu;
    T.collect_decls = in->collect_decls;
    clang_visitChildren(clang_getTranslationUnitCursor(ctu), sl_top_visitor, &T);
    sl_skip_functions_with_errors(ctu, tu, rep->recovered);
    sl_fold_constant_globals(tu);
    sl_global_write_sets(tu);
    SL_VEC_FIT(tu->decls);
    for (size_t i = 0; i < T.noreturn_cache.n; i++)
        free(T.noreturn_cache.v[i].name);
    free(T.noreturn_cache.v);
    clang_disposeTranslationUnit(ctu);
    sl_strvec_free(&dirs);
    free(xargs.v);
    return tu;
}

typedef struct sl_guard_check {
    CXTranslationUnit tu;
    char *unguarded;   /* owned: the first directly included file without a guard */
    unsigned line;     /* the line that includes it */
} sl_guard_check;

static void sl_guard_visitor(CXFile file, CXSourceLocation *stack, unsigned depth,
                             CXClientData d)
{
    sl_guard_check *g = d;
    if (depth != 1 || clang_isFileMultipleIncludeGuarded(g->tu, file))
        return;
    unsigned line = 0;
    clang_getSpellingLocation(stack[0], NULL, &line, NULL, NULL);
    if (!g->unguarded || line < g->line) {
        free(g->unguarded);
        g->unguarded = sl_cxstr(clang_getFileName(file));
        g->line = line;
    }
}

int sl_frontend_write_pch(CXIndex idx, const sl_parse_input *in, const char *lang,
                          const char *out_path, unsigned *unguarded_line, sl_strvec *files,
                          sl_error *err)
{
    *unguarded_line = 0;
    sl_argv args = {0};
    sl_parse_args(in, &args);
    SL_VEC_PUSH(args, "-x");
    SL_VEC_PUSH(args, lang);
    CXTranslationUnit ctu = NULL;
    unsigned opts = CXTranslationUnit_Incomplete | CXTranslationUnit_ForSerialization |
                    CXTranslationUnit_KeepGoing;
    enum CXErrorCode ec =
        clang_parseTranslationUnit2(idx, in->file, args.v, (int)args.n, NULL, 0, opts, &ctu);
    free(args.v);
    if (ec != CXError_Success || !ctu)
        return sl_error_set(err, "%s: libclang could not parse it (error %d)", in->file, (int)ec);
    int rc = 0;
    unsigned nerr = sl_count_errors(ctu);
    sl_guard_check g = {ctu, NULL, 0};
    if (nerr) {
        rc = sl_error_set(err, "%s: %u parse errors", in->file, nerr);
    } else {
        clang_getInclusions(ctu, sl_guard_visitor, &g);
        if (g.unguarded) {
            *unguarded_line = g.line;
            rc = sl_error_set(err, "%s:%u: %s is not guarded against a second inclusion",
                              in->file, g.line, g.unguarded);
        } else if (clang_saveTranslationUnit(ctu, out_path, clang_defaultSaveOptions(ctu)) !=
                   CXSaveError_None) {
            rc = sl_error_set(err, "%s: could not save the precompiled header", out_path);
        } else {
            sl_tu list = {0};
            sl_incl_ctx ic = {&list, NULL, 0, in->directory};
            clang_getInclusions(ctu, sl_inclusion_visitor, &ic);
            *files = list.includes; /* handed over */
        }
    }
    free(g.unguarded);
    clang_disposeTranslationUnit(ctu);
    return rc;
}

/* Lowering recurses once per nesting level: it runs on a thread with a
 * large stack so that SL_MAX_NESTING levels fit whatever the frame sizes
 * (sanitizer builds have big frames).  The stack is reserved, not touched. */
#define SL_LOWER_STACK (512u << 20)

typedef struct sl_parse_call {
    CXIndex idx;
    const sl_parse_input *in;
    sl_parse_report *rep;
    sl_error *err;
    sl_tu *tu;
} sl_parse_call;

static void *sl_parse_thread(void *arg)
{
    sl_parse_call *pc = arg;
    pc->tu = sl_frontend_parse_here(pc->idx, pc->in, pc->rep, pc->err);
    return NULL;
}

sl_tu *sl_frontend_parse(CXIndex idx, const sl_parse_input *in, sl_parse_report *rep,
                         sl_error *err)
{
    sl_parse_call pc = {idx, in, rep, err, NULL};
    pthread_attr_t attr;
    pthread_t th;
    if (pthread_attr_init(&attr) == 0) {
        bool ok = pthread_attr_setstacksize(&attr, SL_LOWER_STACK) == 0 &&
                  pthread_create(&th, &attr, sl_parse_thread, &pc) == 0;
        pthread_attr_destroy(&attr);
        if (ok) {
            pthread_join(th, NULL);
            return pc.tu;
        }
    }
    sl_parse_thread(&pc); /* no thread: the nesting limit still applies */
    return pc.tu;
}
