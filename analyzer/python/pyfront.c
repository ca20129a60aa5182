/* pyfront: see pyfront.h.  Module level (reading the file, imports, the
 * definitions and classes of a module, modules of the project read for
 * their signatures) is here; statements and expressions are lowered in
 * pylower.c. */
#include "pyfront.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis.h"
#include "pyint.h"

/* Directories above a file searched for the modules it imports. */
#define PY_SEARCH_UP 4

bool sl_is_python_name(const char *name)
{
    return sl_str_ends_with(name, ".py");
}

/* ---- tree helpers ------------------------------------------------------ */

bool py_is(TSNode n, const char *type)
{
    return !ts_node_is_null(n) && strcmp(ts_node_type(n), type) == 0;
}

TSNode py_field(TSNode n, const char *name)
{
    return ts_node_child_by_field_name(n, name, (uint32_t)strlen(name));
}

char *py_text(const py_mod *M, TSNode n)
{
    uint32_t b = ts_node_start_byte(n), e = ts_node_end_byte(n);
    if (e > M->len)
        e = (uint32_t)M->len;
    return sl_xstrndup(M->src + b, b < e ? e - b : 0);
}

bool py_text_is(const py_mod *M, TSNode n, const char *s)
{
    uint32_t b = ts_node_start_byte(n), e = ts_node_end_byte(n);
    size_t len = strlen(s);
    return e >= b && e - b == len && e <= M->len && memcmp(M->src + b, s, len) == 0;
}

sl_srcloc py_loc(TSNode n)
{
    TSPoint p = ts_node_start_point(n);
    return (sl_srcloc){p.row + 1, p.column + 1};
}

/* The first named child of type, or a null node. */
TSNode py_child_of_type(TSNode n, const char *type)
{
    uint32_t k = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < k; i++) {
        TSNode c = ts_node_named_child(n, i);
        if (py_is(c, type))
            return c;
    }
    return (TSNode){{0}, NULL, NULL};
}

/* Does n have an anonymous child token "kw" (async)? */
bool py_has_token(TSNode n, const char *kw)
{
    uint32_t k = ts_node_child_count(n);
    for (uint32_t i = 0; i < k; i++) {
        TSNode c = ts_node_child(n, i);
        if (!ts_node_is_named(c) && strcmp(ts_node_type(c), kw) == 0)
            return true;
    }
    return false;
}

/* ---- module names ------------------------------------------------------ */

static bool py_file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Module name of file (absolute): the directories above it that hold an
 * __init__.py make its package.  *root gets the directory the top package
 * is in (owned). */
static char *py_module_name(const char *file, char **root)
{
    char *dir = sl_path_dirname(file);
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    size_t bl = strlen(base);
    char *name = sl_xstrndup(base, bl > 3 ? bl - 3 : bl);
    if (!strcmp(name, "__init__")) {
        free(name);
        name = NULL;
    }
    for (int depth = 0; depth < 64; depth++) {
        char *init = sl_path_join(dir, "__init__.py");
        bool pkg = py_file_exists(init);
        free(init);
        if (!pkg)
            break;
        const char *slash = strrchr(dir, '/');
        if (!slash || slash == dir)
            break;
        char *part = sl_xstrdup(slash + 1);
        char *up = sl_xstrndup(dir, (size_t)(slash - dir));
        char *joined = name ? sl_xasprintf("%s.%s", part, name) : sl_xstrdup(part);
        free(name);
        free(part);
        free(dir);
        name = joined;
        dir = up;
    }
    *root = dir;
    return name ? name : sl_xstrdup("__init__");
}

/* ---- imports and definitions ----------------------------------------- */

static void py_add_import(py_mod *M, const char *alias, const char *dotted)
{
    for (size_t i = 0; i < M->imports.n; i++)
        if (!strcmp(M->imports.v[i].alias, alias)) {
            free(M->imports.v[i].dotted);
            M->imports.v[i].dotted = sl_xstrdup(dotted);
            return;
        }
    py_alias a = {sl_xstrdup(alias), sl_xstrdup(dotted)};
    SL_VEC_PUSH(M->imports, a);
}

/* The absolute name of a relative module ".x" / "..x" / "." in M. */
static char *py_absolute_module(const py_mod *M, const char *rel)
{
    size_t dots = 0;
    while (rel[dots] == '.')
        dots++;
    if (dots == 0)
        return sl_xstrdup(rel);
    /* the package of M: the module name without its last part (unless M is
     * a package's __init__) */
    char *pkg = sl_xstrdup(M->module);
    if (!M->is_package) {
        char *d = strrchr(pkg, '.');
        if (d)
            *d = 0;
        else
            pkg[0] = 0;
    }
    for (size_t i = 1; i < dots; i++) {
        char *d = strrchr(pkg, '.');
        if (d)
            *d = 0;
        else
            pkg[0] = 0;
    }
    char *out = rel[dots] ? (pkg[0] ? sl_xasprintf("%s.%s", pkg, rel + dots)
                                    : sl_xstrdup(rel + dots))
                          : sl_xstrdup(pkg);
    free(pkg);
    return out;
}

void py_import_stmt(py_mod *M, TSNode s)
{
    if (py_is(s, "import_statement")) {
        uint32_t k = ts_node_named_child_count(s);
        for (uint32_t i = 0; i < k; i++) {
            TSNode c = ts_node_named_child(s, i);
            if (py_is(c, "dotted_name")) {
                char *t = py_text(M, c);
                char *dot = strchr(t, '.');
                char *first = dot ? sl_xstrndup(t, (size_t)(dot - t)) : sl_xstrdup(t);
                py_add_import(M, first, first);
                free(first);
                free(t);
            } else if (py_is(c, "aliased_import")) {
                char *t = py_text(M, py_field(c, "name"));
                char *a = py_text(M, py_field(c, "alias"));
                py_add_import(M, a, t);
                free(t);
                free(a);
            }
        }
    } else if (py_is(s, "import_from_statement")) {
        TSNode mn = py_field(s, "module_name");
        if (ts_node_is_null(mn))
            return;
        char *rel = py_text(M, mn);
        char *mod = py_absolute_module(M, rel);
        free(rel);
        uint32_t k = ts_node_named_child_count(s);
        for (uint32_t i = 0; i < k; i++) {
            TSNode c = ts_node_named_child(s, i);
            if (ts_node_eq(c, mn))
                continue;
            char *name = NULL, *alias = NULL;
            if (py_is(c, "dotted_name")) {
                name = py_text(M, c);
                alias = sl_xstrdup(name);
            } else if (py_is(c, "aliased_import")) {
                name = py_text(M, py_field(c, "name"));
                alias = py_text(M, py_field(c, "alias"));
            }
            if (name) {
                char *full = mod[0] ? sl_xasprintf("%s.%s", mod, name) : sl_xstrdup(name);
                py_add_import(M, alias, full);
                free(full);
            }
            free(name);
            free(alias);
        }
        free(mod);
    }
}

/* The definition node inside a decorated_definition (or n itself), and
 * whether a decorator is @staticmethod. */
TSNode py_undecorate(const py_mod *M, TSNode n, bool *is_static)
{
    if (is_static)
        *is_static = false;
    if (!py_is(n, "decorated_definition"))
        return n;
    uint32_t k = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < k; i++) {
        TSNode c = ts_node_named_child(n, i);
        if (py_is(c, "decorator") && is_static) {
            char *t = py_text(M, c);
            if (!strcmp(t, "@staticmethod"))
                *is_static = true;
            free(t);
        }
    }
    return py_field(n, "definition");
}

void py_params(const py_mod *M, TSNode fn, bool star, sl_strvec *out)
{
    TSNode ps = py_field(fn, "parameters");
    uint32_t k = ts_node_named_child_count(ps);
    for (uint32_t i = 0; i < k; i++) {
        TSNode p = ts_node_named_child(ps, i);
        TSNode id = p;
        if (py_is(p, "default_parameter") || py_is(p, "typed_default_parameter"))
            id = py_field(p, "name");
        else if (py_is(p, "typed_parameter") || py_is(p, "list_splat_pattern") ||
                 py_is(p, "dictionary_splat_pattern"))
            id = py_child_of_type(p, "identifier");
        else if (!py_is(p, "identifier"))
            continue; /* / and * separators */
        if (ts_node_is_null(id))
            continue;
        char *t = py_text(M, id);
        if (star && (py_is(p, "list_splat_pattern") || py_is(p, "dictionary_splat_pattern"))) {
            char *s = sl_xasprintf("*%s", t);
            free(t);
            t = s;
        }
        SL_VEC_PUSH(*out, t);
    }
}

static py_def *py_add_def(py_mod *M, const char *local, TSNode fn, bool is_class, bool is_static,
                          bool is_method)
{
    py_def d = {0};
    d.local = sl_xstrdup(local);
    d.dotted = sl_xasprintf("%s.%s", M->module, local);
    d.usr = sl_xasprintf("py:%s:%s", M->file, local);
    d.is_class = is_class;
    d.is_static = is_static;
    d.is_method = is_method;
    if (!ts_node_is_null(fn))
        py_params(M, fn, true, &d.params);
    SL_VEC_PUSH(M->defs, d);
    return &M->defs.v[M->defs.n - 1];
}

const py_def *py_find_def(const py_mod *M, const char *local)
{
    for (size_t i = 0; i < M->defs.n; i++)
        if (!strcmp(M->defs.v[i].local, local))
            return &M->defs.v[i];
    return NULL;
}

const char *py_find_import(const py_mod *M, const char *alias)
{
    for (size_t i = 0; i < M->imports.n; i++)
        if (!strcmp(M->imports.v[i].alias, alias))
            return M->imports.v[i].dotted;
    return NULL;
}

/* Does a method of this name release what its object holds? */
bool py_is_release_method(const char *name)
{
    return !strcmp(name, "__exit__") || !strcmp(name, "__aexit__") || !strcmp(name, "__del__") ||
           (strncmp(name, "__", 2) != 0 && sl_name_says_release(name));
}

/* Every attribute self.X read in n (X added to out once). */
static void py_self_attrs(const py_mod *M, TSNode n, const char *self, sl_strvec *out)
{
    if (py_is(n, "attribute")) {
        TSNode o = py_field(n, "object");
        if (py_is(o, "identifier") && py_text_is(M, o, self)) {
            char *a = py_text(M, py_field(n, "attribute"));
            bool have = false;
            for (size_t i = 0; i < out->n && !have; i++)
                have = !strcmp(out->v[i], a);
            if (have)
                free(a);
            else
                SL_VEC_PUSH(*out, a);
        }
    }
    uint32_t k = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < k; i++)
        py_self_attrs(M, ts_node_named_child(n, i), self, out);
}

/* weakref.finalize(self, fn, args...) anywhere under n: the attributes
 * among args are released by the finalizer. */
static void py_finalize_attrs(const py_mod *M, TSNode n, const char *self, sl_strvec *out)
{
    if (py_is(n, "call")) {
        char *fn = py_text(M, py_field(n, "function"));
        const char *dot = strrchr(fn, '.');
        bool fin = !strcmp(fn, "weakref.finalize") ||
                   (!strcmp(fn, "finalize") && py_find_import(M, "finalize") &&
                    !strcmp(py_find_import(M, "finalize"), "weakref.finalize"));
        (void)dot;
        free(fn);
        if (fin) {
            py_self_attrs(M, py_field(n, "arguments"), self, out);
            return;
        }
    }
    uint32_t k = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < k; i++)
        py_finalize_attrs(M, ts_node_named_child(n, i), self, out);
}

static char *py_first_param(const py_mod *M, TSNode fn)
{
    sl_strvec ps = {0};
    py_params(M, fn, true, &ps);
    char *s = ps.n ? sl_xstrdup(ps.v[0]) : NULL;
    sl_strvec_free(&ps);
    return s;
}

static void py_collect_class(py_mod *M, TSNode cls)
{
    char *name = py_text(M, py_field(cls, "name"));
    py_class c = {0};
    c.name = sl_xstrdup(name);
    c.node = cls;
    TSNode sup = py_field(cls, "superclasses");
    if (!ts_node_is_null(sup)) {
        uint32_t k = ts_node_named_child_count(sup);
        for (uint32_t i = 0; i < k; i++) {
            TSNode b = ts_node_named_child(sup, i);
            if (!(py_is(b, "identifier") && py_text_is(M, b, "object")) &&
                !py_is(b, "keyword_argument"))
                c.has_bases = true;
        }
    }
    TSNode body = py_field(cls, "body");
    bool have_init = false;
    uint32_t k = ts_node_named_child_count(body);
    for (uint32_t i = 0; i < k; i++) {
        bool is_static = false;
        TSNode d = py_undecorate(M, ts_node_named_child(body, i), &is_static);
        if (!py_is(d, "function_definition"))
            continue;
        char *mn = py_text(M, py_field(d, "name"));
        char *local = sl_xasprintf("%s.%s", name, mn);
        py_add_def(M, local, d, false, is_static, true);
        char *self = is_static ? NULL : py_first_param(M, d);
        if (self && py_is_release_method(mn))
            py_self_attrs(M, py_field(d, "body"), self, &c.released);
        if (self)
            py_finalize_attrs(M, py_field(d, "body"), self, &c.released);
        if (!strcmp(mn, "__init__")) {
            py_def *ctor = py_add_def(M, name, d, true, false, true);
            (void)ctor;
            have_init = true;
        }
        free(self);
        free(local);
        free(mn);
    }
    if (!have_init)
        py_add_def(M, name, (TSNode){{0}, NULL, NULL}, true, false, true);
    SL_VEC_PUSH(M->classes, c);
    free(name);
}

bool py_holds_module_defs(TSNode s)
{
    return py_is(s, "if_statement") || py_is(s, "try_statement") ||
           py_is(s, "else_clause") || py_is(s, "elif_clause") || py_is(s, "except_clause") ||
           py_is(s, "finally_clause") || py_is(s, "block");
}

/* Definitions and imports at module level (also inside if / try blocks
 * there). */
static void py_collect(py_mod *M, TSNode block, int depth)
{
    if (depth > 16)
        return;
    uint32_t k = ts_node_named_child_count(block);
    for (uint32_t i = 0; i < k; i++) {
        TSNode s = ts_node_named_child(block, i);
        bool is_static = false;
        TSNode d = py_undecorate(M, s, &is_static);
        if (py_is(d, "function_definition")) {
            char *n = py_text(M, py_field(d, "name"));
            py_add_def(M, n, d, false, false, false);
            free(n);
        } else if (py_is(d, "class_definition")) {
            py_collect_class(M, d);
        } else if (py_is(s, "import_statement") || py_is(s, "import_from_statement")) {
            py_import_stmt(M, s);
        } else if (py_is(s, "expression_statement") &&
                   py_is(ts_node_named_child(s, 0), "assignment") &&
                   py_is(py_field(ts_node_named_child(s, 0), "left"), "identifier")) {
            /* a module-level variable: module.name */
            char *n = py_text(M, py_field(ts_node_named_child(s, 0), "left"));
            if (!py_find_import(M, n)) {
                char *full = sl_xasprintf("%s.%s", M->module, n);
                py_add_import(M, n, full);
                free(full);
            }
            free(n);
        } else if (py_holds_module_defs(s)) {
            py_collect(M, s, depth + 1);
        }
    }
}

const py_class *py_find_class(const py_mod *M, const char *name)
{
    for (size_t i = 0; i < M->classes.n; i++)
        if (!strcmp(M->classes.v[i].name, name))
            return &M->classes.v[i];
    return NULL;
}

static void py_mod_free(py_mod *M)
{
    if (!M)
        return;
    for (size_t i = 0; i < M->imports.n; i++) {
        free(M->imports.v[i].alias);
        free(M->imports.v[i].dotted);
    }
    free(M->imports.v);
    for (size_t i = 0; i < M->defs.n; i++) {
        free(M->defs.v[i].local);
        free(M->defs.v[i].dotted);
        free(M->defs.v[i].usr);
        sl_strvec_free(&M->defs.v[i].params);
    }
    free(M->defs.v);
    for (size_t i = 0; i < M->classes.n; i++) {
        free(M->classes.v[i].name);
        sl_strvec_free(&M->classes.v[i].released);
    }
    free(M->classes.v);
    if (M->tree)
        ts_tree_delete(M->tree);
    free(M->file);
    free(M->module);
    free(M->root);
    free(M->owned_src);
    free(M);
}

/* Parse src (owned by M when owned is true) as module file. */
static py_mod *py_mod_open(TSParser *P, const char *file, const char *src, size_t len,
                           bool owned)
{
    py_mod *M = sl_xcalloc(1, sizeof *M);
    M->file = sl_path_absolute(file);
    M->src = src;
    M->len = len;
    if (owned)
        M->owned_src = (char *)src;
    M->module = py_module_name(M->file, &M->root);
    M->is_package = sl_str_ends_with(M->file, "/__init__.py");
    M->tree = ts_parser_parse_string(P, NULL, src, (uint32_t)len);
    if (M->tree)
        py_collect(M, ts_tree_root_node(M->tree), 0);
    return M;
}

/* ---- other modules of the project ------------------------------------ */

/* The definition a dotted name names in a module of the project (a .py
 * file under M's root), or NULL.  Modules read are kept in C and listed in
 * the TU's includes. */
const py_def *py_find_external(py_ctx *C, const char *dotted)
{
    /* try every split module.rest, longest module first */
    size_t len = strlen(dotted);
    for (size_t cut = len; cut > 0; cut--) {
        if (dotted[cut] != '.' || cut == len)
            continue;
        char *mod = sl_xstrndup(dotted, cut);
        const char *rest = dotted + cut + 1;
        py_mod *X = NULL;
        for (size_t i = 0; i < C->ext.n && !X; i++)
            if (!strcmp(C->ext.v[i].module, mod))
                X = C->ext.v[i].m;
        bool known = false;
        for (size_t i = 0; i < C->ext.n && !known; i++)
            known = !strcmp(C->ext.v[i].module, mod);
        if (!known && C->ext.n < 64) {
            char *relpath = sl_xstrdup(mod);
            for (char *p = relpath; *p; p++)
                if (*p == '.')
                    *p = '/';
            /* under the top package's directory, or (namespace packages,
             * scripts beside their package) under a directory above the file */
            char *cands[2 * PY_SEARCH_UP + 2];
            int nc = 0;
            cands[nc++] = sl_xasprintf("%s/%s.py", C->main->root, relpath);
            cands[nc++] = sl_xasprintf("%s/%s/__init__.py", C->main->root, relpath);
            char *dir = sl_path_dirname(C->main->file);
            for (int up = 0; up < PY_SEARCH_UP && strcmp(dir, "/"); up++) {
                cands[nc++] = sl_xasprintf("%s/%s.py", dir, relpath);
                cands[nc++] = sl_xasprintf("%s/%s/__init__.py", dir, relpath);
                char *parent = sl_path_dirname(dir);
                free(dir);
                dir = parent;
            }
            free(dir);
            for (int c = 0; c < nc && !X; c++) {
                if (!strcmp(cands[c], C->main->file) || !py_file_exists(cands[c]))
                    continue;
                size_t n = 0;
                char *text = sl_read_file(cands[c], &n, NULL);
                if (text) {
                    X = py_mod_open(C->parser, cands[c], text, n, true);
                    SL_VEC_PUSH(C->tu->includes, sl_xstrdup(X->file));
                }
            }
            for (int c = 0; c < nc; c++)
                free(cands[c]);
            free(relpath);
            py_ext e = {sl_xstrdup(mod), X};
            SL_VEC_PUSH(C->ext, e);
        }
        free(mod);
        if (X) {
            const py_def *d = py_find_def(X, rest);
            if (d)
                return d;
        }
    }
    return NULL;
}

/* ---- the file ---------------------------------------------------------- */

/* Count the syntax errors under n (ERROR and MISSING nodes), first one's
 * position in *first. */
static unsigned py_count_errors(TSNode n, TSNode *first)
{
    if (!ts_node_has_error(n))
        return 0;
    if (py_is(n, "ERROR") || ts_node_is_missing(n)) {
        if (ts_node_is_null(*first))
            *first = n;
        return 1;
    }
    unsigned c = 0;
    uint32_t k = ts_node_child_count(n);
    for (uint32_t i = 0; i < k; i++)
        c += py_count_errors(ts_node_child(n, i), first);
    return c;
}

sl_tu *sl_py_parse(const char *file, const char *contents, sl_parse_report *rep, sl_error *err)
{
    size_t len = 0;
    char *text = NULL;
    if (contents) {
        len = strlen(contents);
        text = sl_xstrndup(contents, len);
    } else {
        sl_error rerr = {{0}};
        text = sl_read_file(file, &len, &rerr);
        if (!text) {
            sl_error_set(err, "%s", rerr.msg);
            return NULL;
        }
    }
    if (len > UINT32_MAX / 2) {
        free(text);
        sl_error_set(err, "%s: too large for the Python parser", file);
        return NULL;
    }
    TSParser *P = ts_parser_new();
    if (!ts_parser_set_language(P, tree_sitter_python())) {
        ts_parser_delete(P);
        free(text);
        sl_error_set(err, "%s: the Python grammar does not match this libtree-sitter", file);
        return NULL;
    }
    py_ctx C = {0};
    C.parser = P;
    C.tu = sl_xcalloc(1, sizeof *C.tu);
    C.tu->arena = sl_arena_new();
    C.main = py_mod_open(P, file, text, len, true);
    if (!C.main->tree) {
        py_mod_free(C.main);
        ts_parser_delete(P);
        sl_tu_free(C.tu);
        sl_error_set(err, "%s: the Python parser gave up", file);
        return NULL;
    }
    C.tu->file = sl_xstrdup(C.main->file);
    TSNode root = ts_tree_root_node(C.main->tree);
    TSNode first = {{0}, NULL, NULL};
    unsigned nerr = py_count_errors(root, &first);
    if (nerr) {
        TSPoint p = ts_node_start_point(first);
        rep->nerrors = nerr;
        rep->first_error = sl_xasprintf("%s:%u:%u: error: invalid Python syntax", file,
                                        p.row + 1, p.column + 1);
        sl_strbuf_printf(&rep->diags, "%s\n", rep->first_error);
        if (nerr > 1)
            sl_strbuf_printf(&rep->diags, "%s: note: %u more syntax errors not shown\n", file,
                             nerr - 1);
    }
    py_lower_module(&C, root);
    for (size_t i = 0; i < C.ext.n; i++) {
        free(C.ext.v[i].module);
        py_mod_free(C.ext.v[i].m);
    }
    free(C.ext.v);
    py_mod_free(C.main);
    ts_parser_delete(P);
    return C.tu;
}
