/* pylower: Python statements and expressions -> the ownership IR (see
 * pyfront.h for the mapping, docs/python.md for the details). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pyint.h"

#define PY_MAX_DEPTH 400

typedef enum { PY_CLEAN_WITH, PY_CLEAN_FINALLY } py_clean_kind;

typedef struct py_cleanup {
    py_clean_kind kind;
    int path;       /* WITH: the context manager */
    bool is_async;  /* WITH: async with */
    TSNode node;    /* FINALLY: the finally block */
    sl_srcloc loc;  /* WITH: where the block ends */
} py_cleanup;

typedef struct py_loop {
    int head, after;
    size_t ncleanups; /* cleanups active when the loop began */
    int exc;
} py_loop;

typedef struct py_lw {
    py_ctx *C;
    py_mod *M;
    sl_func *f;
    const py_class *cls; /* the class of a method, or NULL */
    const char *cls_name;
    int self_var;        /* the method's self, or -1 */
    int cur;             /* current block, -1 after a jump */
    int exc;             /* block an exception raised here goes to, or -1 */
    SL_VEC(py_cleanup) cleanups;
    SL_VEC(py_loop) loops;
    sl_strvec globals; /* names declared global / nonlocal */
    int ntemps;
    int depth;
} py_lw;

static sl_operand py_expr(py_lw *L, TSNode n);
static void py_stmts(py_lw *L, TSNode block);
static void py_lower_function(py_ctx *C, TSNode fn, const char *qual, const py_class *cls,
                              const char *cls_name, bool is_static);

static sl_operand opd(sl_opkind k, int path, long long v)
{
    return (sl_operand){k, path, v};
}

static sl_operand unknown(void)
{
    return opd(SL_OPD_UNKNOWN, SL_NO_PATH, 0);
}

/* A branch on something the IR does not model (does the loop have another
 * item, does the exception match), noted in a finding's steps as text,
 * where at is. */
static sl_cond unknown_cond(const char *text, TSNode at)
{
    sl_cond c = {0};
    c.lhs = unknown();
    c.rhs_path = SL_NO_PATH;
    c.text = text;
    c.loc = py_loc(at);
    return c;
}

static int cur_block(py_lw *L)
{
    if (L->cur < 0)
        L->cur = sl_func_new_block(L->f); /* dead code after a jump */
    return L->cur;
}

static sl_event *emit(py_lw *L, sl_evkind k, sl_srcloc loc)
{
    return sl_block_add_event(L->f, cur_block(L), k, loc);
}

static void jump(py_lw *L, int target)
{
    sl_block_goto(L->f, &L->cur, target);
}

static void branch(py_lw *L, sl_cond c, int t, int f)
{
    sl_block *b = L->f->blocks.v[cur_block(L)];
    b->term = SL_TERM_BRANCH;
    b->cond = c;
    b->succ[0] = t;
    b->succ[1] = f;
    L->cur = -1;
}

static sl_cond cond_of(py_lw *L, TSNode n, sl_operand lhs, sl_cmp op)
{
    sl_cond c = {0};
    c.lhs = lhs;
    c.op = op;
    c.rhs = 0;
    c.rhs_path = SL_NO_PATH;
    char *t = py_text(L->M, n);
    c.text = sl_arena_strdup(L->f->arena, t);
    free(t);
    c.loc = py_loc(n);
    return c;
}

static int find_var(py_lw *L, const char *name);
static bool py_can_raise(py_lw *L, TSNode n);

/* A block that ends the path with an exception leaving the function,
 * raised at loc (leak.exception). */
static int raise_out(py_lw *L, sl_srcloc loc)
{
    int b = sl_func_new_block(L->f);
    L->f->blocks.v[b]->term = SL_TERM_UNREACHABLE;
    L->f->blocks.v[b]->raise_loc = loc;
    return b;
}

/* A call that does not raise in practice: a builtin that makes or asks
 * about a value (set(), len(x), isinstance(x, T)) or a logging call
 * (logging reports its own errors). */
static bool py_quiet_call(py_lw *L, TSNode call)
{
    static const char *const builtins[] = {
        "set", "list", "dict", "tuple", "frozenset", "len", "isinstance", "issubclass",
        "hasattr", "callable", "id", "type", "bool", "repr", "print", "object", "super", NULL};
    static const char *const logging[] = {"debug", "info", "warning", "warn", "error",
                                          "exception", "critical", "log", NULL};
    TSNode fn = py_field(call, "function");
    const char *const *names = builtins;
    if (py_is(fn, "attribute")) {
        fn = py_field(fn, "attribute");
        names = logging;
    } else if (!py_is(fn, "identifier")) {
        return false;
    }
    char *t = py_text(L->M, fn);
    bool quiet = false;
    for (size_t i = 0; names[i] && !quiet; i++)
        quiet = !strcmp(t, names[i]);
    if (quiet && names == builtins)
        quiet = !py_find_import(L->M, t) && !py_find_def(L->M, t) && find_var(L, t) < 0;
    free(t);
    if (!quiet)
        return false;
    TSNode args = py_field(call, "arguments");
    return ts_node_is_null(args) || !py_can_raise(L, args);
}

/* Does n compute something that may raise: a call, an await or a
 * subscript (nested definitions and lambdas run later)? */
static bool py_can_raise(py_lw *L, TSNode n)
{
    if (py_is(n, "call"))
        return !py_quiet_call(L, n);
    if (py_is(n, "await") || py_is(n, "subscript"))
        return true;
    if (py_is(n, "lambda") || py_is(n, "function_definition") || py_is(n, "class_definition") ||
        py_is(n, "decorated_definition"))
        return false;
    uint32_t k = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < k; i++)
        if (py_can_raise(L, ts_node_named_child(n, i)))
            return true;
    return false;
}

/* Is statement s only `h.close()` (or `await h.aclose()`, any method named
 * like a release)?  Its raising is no reason to call the handle leaked. */
static bool py_is_release_stmt(py_lw *L, TSNode s)
{
    if (!py_is(s, "expression_statement") || ts_node_named_child_count(s) != 1)
        return false;
    TSNode e = ts_node_named_child(s, 0);
    if (py_is(e, "await"))
        e = ts_node_named_child(e, 0);
    if (!py_is(e, "call"))
        return false;
    TSNode fn = py_field(e, "function");
    if (!py_is(fn, "attribute"))
        return false;
    char *m = py_text(L->M, py_field(fn, "attribute"));
    bool r = py_is_release_method(m);
    free(m);
    return r;
}

/* The part of statement s that runs before its body: a compound
 * statement's condition or iterable, the whole of a simple statement; a
 * null node for try, with and match (their parts raise on their own). */
static TSNode py_stmt_head(TSNode s)
{
    if (py_is(s, "if_statement") || py_is(s, "while_statement"))
        return py_field(s, "condition");
    if (py_is(s, "for_statement"))
        return py_field(s, "right");
    if (py_is(s, "with_statement"))
        return py_child_of_type(s, "with_clause");
    if (py_is(s, "try_statement") || py_is(s, "match_statement") ||
        py_is(s, "function_definition") || py_is(s, "decorated_definition") ||
        py_is(s, "class_definition"))
        return (TSNode){{0}, NULL, NULL};
    return s;
}

/* Statement s may raise here, when it computes something that may raise
 * and is not a release: inside a try (or a with block, or a finally) an
 * edge to its handler, at the level of the function an edge out of it. */
static void may_raise(py_lw *L, TSNode s)
{
    if (L->cur < 0)
        return;
    TSNode h = py_stmt_head(s);
    if (ts_node_is_null(h) || !py_can_raise(L, h) || py_is_release_stmt(L, s))
        return;
    int target = L->exc >= 0 ? L->exc : raise_out(L, py_loc(s));
    int next = sl_func_new_block(L->f);
    sl_cond c = unknown_cond("the statement raises", s);
    c.quiet_false = true;
    branch(L, c, target, next);
    L->cur = next;
}

/* ---- variables --------------------------------------------------------- */

static int find_var(py_lw *L, const char *name)
{
    for (size_t i = 0; i < L->f->vars.n; i++)
        if (L->f->vars.v[i].kind != SL_VAR_TEMP && !strcmp(L->f->vars.v[i].name, name))
            return (int)i;
    return -1;
}

static bool is_global_name(py_lw *L, const char *name)
{
    for (size_t i = 0; i < L->globals.n; i++)
        if (!strcmp(L->globals.v[i], name))
            return true;
    return false;
}

/* The variable a name is assigned to (created on first assignment). */
static int var_for_store(py_lw *L, const char *name)
{
    int v = find_var(L, name);
    if (v >= 0)
        return v;
    v = sl_func_add_var(L->f, name, is_global_name(L, name) ? SL_VAR_GLOBAL : SL_VAR_LOCAL);
    L->f->vars.v[v].is_pointer = true;
    return v;
}

/* The variable a name reads: a local or parameter, else a module-level
 * name (a global). */
static int var_for_load(py_lw *L, const char *name)
{
    int v = find_var(L, name);
    if (v >= 0)
        return v;
    v = sl_func_add_var(L->f, name, SL_VAR_GLOBAL);
    L->f->vars.v[v].is_pointer = true;
    return v;
}

static int new_temp(py_lw *L)
{
    char name[32];
    snprintf(name, sizeof name, "(tmp%d)", L->ntemps++);
    int v = sl_func_add_var(L->f, name, SL_VAR_TEMP);
    L->f->vars.v[v].is_pointer = true;
    return sl_func_root_path(L->f, v);
}

/* v itself when it is a temporary or not a variable, else a new temporary
 * holding its value now (read before what follows changes the variable:
 * a, b = b, a; a returned value before the finally bodies run). */
static sl_operand py_snapshot(py_lw *L, sl_operand v, sl_srcloc loc)
{
    if (v.kind != SL_OPD_PATH || L->f->vars.v[L->f->paths.v[v.path].var].kind == SL_VAR_TEMP)
        return v;
    int tmp = new_temp(L);
    sl_event *e = emit(L, SL_EV_ASSIGN, loc);
    e->dst = tmp;
    e->src = v;
    return opd(SL_OPD_PATH, tmp, 0);
}


/* obj.attr as an access path (text as Python writes it), or SL_NO_PATH. */
static int attr_path(py_lw *L, int parent, const char *attr)
{
    if (parent == SL_NO_PATH || L->f->paths.v[parent].depth >= 2)
        return SL_NO_PATH;
    int p = sl_func_child_path(L->f, parent, attr, true);
    char *t = sl_xasprintf("%s.%s", L->f->paths.v[parent].text, attr);
    L->f->paths.v[p].text = sl_arena_strdup(L->f->arena, t);
    free(t);
    return p;
}

/* ---- names of calls ----------------------------------------------------- */

/* The dotted name an expression made of names and attributes stands for
 * through the module's imports and definitions ("aiohttp.ClientSession"),
 * or NULL (owned).  A local variable at its root makes it no name. */
static char *dotted_of(py_lw *L, TSNode n)
{
    if (py_is(n, "identifier")) {
        char *t = py_text(L->M, n);
        if (find_var(L, t) >= 0 && L->f->vars.v[find_var(L, t)].kind != SL_VAR_GLOBAL) {
            free(t);
            return NULL;
        }
        const char *imp = py_find_import(L->M, t);
        const py_def *d = py_find_def(L->M, t);
        /* not imported nor defined here: a builtin (open, getattr) */
        char *out = imp ? sl_xstrdup(imp)
                    : d ? sl_xstrdup(d->dotted)
                        : sl_xasprintf("builtins.%s", t);
        free(t);
        return out;
    }
    if (py_is(n, "attribute")) {
        char *o = dotted_of(L, py_field(n, "object"));
        if (!o)
            return NULL;
        char *a = py_text(L->M, py_field(n, "attribute"));
        char *out = sl_xasprintf("%s.%s", o, a);
        free(o);
        free(a);
        return out;
    }
    return NULL;
}

/* Is a module-level name (not a local) written as n? */
static bool names_module_level(py_lw *L, TSNode n)
{
    if (!py_is(n, "identifier"))
        return false;
    char *t = py_text(L->M, n);
    int v = find_var(L, t);
    bool r = v < 0 || L->f->vars.v[v].kind == SL_VAR_GLOBAL;
    free(t);
    return r;
}

typedef struct py_target {
    const char *callee;   /* arena */
    const char *usr;      /* arena, or NULL */
    bool has_body;
    const py_def *sig;    /* parameter names, or NULL */
    bool ctor;            /* a class: args[0] is the new object */
    bool receiver;        /* args[0] is the receiver of a method call */
    sl_operand recv;
} py_target;

static void set_def_target(py_lw *L, py_target *t, const py_def *d, bool local)
{
    t->callee = sl_arena_strdup(L->f->arena, d->dotted);
    t->usr = sl_arena_strdup(L->f->arena, d->usr);
    t->has_body = local;
    t->sig = d;
    t->ctor = d->is_class;
}

/* What the function expression of a call names. */
static void resolve(py_lw *L, TSNode fn, py_target *t)
{
    memset(t, 0, sizeof *t);
    /* self.m(...) of a method of this class */
    if (py_is(fn, "attribute") && L->self_var >= 0 && L->cls_name) {
        TSNode o = py_field(fn, "object");
        char *on = py_is(o, "identifier") ? py_text(L->M, o) : NULL;
        if (on && !strcmp(on, L->f->vars.v[L->self_var].name)) {
            char *a = py_text(L->M, py_field(fn, "attribute"));
            char *local = sl_xasprintf("%s.%s", L->cls_name, a);
            const py_def *d = py_find_def(L->M, local);
            if (d) {
                set_def_target(L, t, d, true);
                if (!d->is_static) {
                    t->receiver = true;
                    t->recv = opd(SL_OPD_PATH, sl_func_root_path(L->f, L->self_var), 0);
                }
            }
            free(local);
            free(a);
        }
        free(on);
        if (t->callee)
            return;
    }
    TSNode root = fn;
    while (py_is(root, "attribute"))
        root = py_field(root, "object");
    if (names_module_level(L, root)) {
        char *d = dotted_of(L, fn);
        if (d) {
            char *local = NULL;
            size_t ml = strlen(L->M->module);
            if (!strncmp(d, L->M->module, ml) && d[ml] == '.')
                local = d + ml + 1;
            const py_def *def = local ? py_find_def(L->M, local) : NULL;
            if (def && !def->is_method) {
                set_def_target(L, t, def, true);
            } else if (def && def->is_class) {
                set_def_target(L, t, def, true);
            } else if ((def = py_find_external(L->C, d)) != NULL && !(def->is_method && !def->is_class)) {
                set_def_target(L, t, def, false);
            } else {
                t->callee = sl_arena_strdup(L->f->arena, d);
            }
            free(d);
            return;
        }
    }
    if (py_is(fn, "attribute")) {
        /* a method of an object whose class we do not know */
        char *a = py_text(L->M, py_field(fn, "attribute"));
        char *m = sl_xasprintf(".%s", a);
        t->callee = sl_arena_strdup(L->f->arena, m);
        free(m);
        free(a);
        t->receiver = true;
        t->recv = py_expr(L, py_field(fn, "object"));
        return;
    }
    (void)py_expr(L, fn); /* a call through a value: callee NULL */
}

/* ---- calls ------------------------------------------------------------- */

typedef SL_VEC(sl_operand) py_opds;
typedef SL_VEC(const char *) py_names;

/* An argument that is a bound release method (asyn.sync(loop,
 * session.close)): the call it will make is made here. */
static bool bound_release(py_lw *L, TSNode a)
{
    if (!py_is(a, "attribute"))
        return false;
    char *m = py_text(L->M, py_field(a, "attribute"));
    bool rel = !strcmp(m, "close") || !strcmp(m, "aclose");
    if (rel && !names_module_level(L, py_field(a, "object"))) {
        sl_operand r = py_expr(L, py_field(a, "object"));
        char *c = sl_xasprintf(".%s", m);
        sl_event *e = emit(L, SL_EV_CALL, py_loc(a));
        e->callee = sl_arena_strdup(L->f->arena, c);
        e->receiver = true;
        e->nargs = 1;
        e->args = sl_arena_alloc(L->f->arena, sizeof *e->args);
        e->args[0] = r;
        free(c);
    } else {
        rel = false;
    }
    free(m);
    return rel;
}

static sl_operand emit_call(py_lw *L, sl_srcloc loc, const py_target *t, sl_operand *args,
                            int nargs, bool want_value)
{
    sl_event *e = emit(L, SL_EV_CALL, loc);
    e->callee = t->callee;
    e->callee_usr = t->usr;
    e->callee_has_body = t->has_body;
    e->receiver = t->receiver;
    e->nargs = nargs;
    e->args = nargs ? sl_arena_alloc(L->f->arena, (size_t)nargs * sizeof *e->args) : NULL;
    for (int i = 0; i < nargs; i++)
        e->args[i] = args[i];
    if (!want_value)
        return unknown();
    int tmp = new_temp(L);
    L->f->blocks.v[L->cur]->events.v[L->f->blocks.v[L->cur]->events.n - 1].dst = tmp;
    return opd(SL_OPD_PATH, tmp, 0);
}

/* Lower the arguments of a call in source order and place them: receiver
 * (or the new object of a constructor) first, positional ones next,
 * keywords where the callee's parameters name them, the rest after. */
static sl_operand py_call_args(py_lw *L, TSNode call, const py_target *t, TSNode arglist,
                               int skip_first, bool want_value)
{
    py_opds pos = {0}, kwv = {0};
    py_names kwn = {0};
    uint32_t k = ts_node_is_null(arglist) ? 0 : ts_node_named_child_count(arglist);
    int nseen = 0;
    for (uint32_t i = 0; i < k; i++) {
        TSNode a = ts_node_named_child(arglist, i);
        if (py_is(a, "comment"))
            continue;
        if (nseen++ < skip_first)
            continue;
        if (py_is(a, "keyword_argument")) {
            char *name = py_text(L->M, py_field(a, "name"));
            TSNode v = py_field(a, "value");
            sl_operand o = bound_release(L, v) ? unknown() : py_expr(L, v);
            SL_VEC_PUSH(kwv, o);
            SL_VEC_PUSH(kwn, sl_arena_strdup(L->f->arena, name));
            free(name);
        } else if (py_is(a, "list_splat") || py_is(a, "dictionary_splat")) {
            sl_operand o = py_expr(L, ts_node_named_child(a, 0));
            SL_VEC_PUSH(kwv, o);
            SL_VEC_PUSH(kwn, (const char *)NULL);
        } else {
            sl_operand o = bound_release(L, a) ? unknown() : py_expr(L, a);
            SL_VEC_PUSH(pos, o);
        }
    }
    int first = (t->receiver || t->ctor) ? 1 : 0;
    int n = first + (int)pos.n;
    int np = t->sig ? (int)t->sig->params.n : 0;
    if (np > n)
        n = np;
    n += (int)kwv.n;
    sl_operand *args = sl_xcalloc((size_t)n + 1, sizeof *args);
    bool *used = sl_xcalloc((size_t)n + 1, sizeof *used);
    for (int i = 0; i < n; i++)
        args[i] = opd(SL_OPD_CONST, SL_NO_PATH, 0); /* a default value */
    if (t->receiver)
        args[0] = t->recv;
    else if (t->ctor)
        args[0] = unknown();
    if (first)
        used[0] = true;
    for (size_t i = 0; i < pos.n; i++) {
        args[first + (int)i] = pos.v[i];
        used[first + (int)i] = true;
    }
    int tail = first + (int)pos.n;
    if (np > tail)
        tail = np;
    for (size_t i = 0; i < kwv.n; i++) {
        int at = -1;
        for (int p = 0; kwn.v[i] && p < np && at < 0; p++)
            if (!strcmp(t->sig->params.v[p], kwn.v[i]) && !used[p])
                at = p;
        if (at < 0)
            at = tail++;
        args[at] = kwv.v[i];
        used[at] = true;
    }
    int nargs = tail > first + (int)pos.n ? tail : first + (int)pos.n;
    if (nargs < np)
        nargs = np;
    sl_operand r = emit_call(L, py_loc(call), t, args, nargs, want_value);
    free(args);
    free(used);
    free(pos.v);
    free(kwv.v);
    free(kwn.v);
    return r;
}

static bool is_finalize(py_lw *L, TSNode fn)
{
    char *d = NULL;
    TSNode root = fn;
    while (py_is(root, "attribute"))
        root = py_field(root, "object");
    if (names_module_level(L, root))
        d = dotted_of(L, fn);
    bool r = d && !strcmp(d, "weakref.finalize");
    free(d);
    return r;
}

static sl_operand py_call(py_lw *L, TSNode n)
{
    TSNode fn = py_field(n, "function");
    TSNode args = py_field(n, "arguments");
    if (!py_is(args, "argument_list")) {
        /* f(x for x in y) */
        (void)py_expr(L, args);
        args = (TSNode){{0}, NULL, NULL};
    }
    py_target t;
    if (is_finalize(L, fn) && !ts_node_is_null(args) && ts_node_named_child_count(args) >= 2) {
        /* weakref.finalize(obj, fn, *args): fn(*args) will run: the
         * arguments are handed to fn here */
        TSNode cb = ts_node_named_child(args, 1);
        resolve(L, cb, &t);
        if (t.receiver && t.sig && t.sig->is_method && !t.sig->is_static) {
            /* a bound method of self */
        } else {
            t.receiver = false;
        }
        t.ctor = false;
        (void)py_call_args(L, n, &t, args, 2, false);
        return unknown();
    }
    resolve(L, fn, &t);
    return py_call_args(L, n, &t, args, 0, true);
}

/* ---- expressions -------------------------------------------------------- */

static void py_cond(py_lw *L, TSNode n, int t, int f);

/* Every named child lowered for its calls; the values given to a pseudo
 * call that keeps them (a container, a lambda's closure, a yield). */
static sl_operand py_keep_children(py_lw *L, TSNode n, const char *what)
{
    py_opds vals = {0};
    uint32_t k = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < k; i++) {
        TSNode c = ts_node_named_child(n, i);
        if (py_is(c, "comment"))
            continue;
        sl_operand o = py_expr(L, c);
        if (o.kind == SL_OPD_PATH)
            SL_VEC_PUSH(vals, o);
    }
    sl_operand r = unknown();
    if (vals.n) {
        py_target t = {0};
        t.callee = what;
        r = emit_call(L, py_loc(n), &t, vals.v, (int)vals.n, true);
    }
    free(vals.v);
    return r;
}

/* Locals of this function a nested function or lambda reads: handed to
 * the closure. */
static void py_closure(py_lw *L, TSNode body, sl_srcloc loc, py_opds *vals)
{
    if (py_is(body, "identifier")) {
        char *t = py_text(L->M, body);
        int v = find_var(L, t);
        if (v >= 0 && L->f->vars.v[v].kind != SL_VAR_GLOBAL) {
            sl_operand o = opd(SL_OPD_PATH, sl_func_root_path(L->f, v), 0);
            SL_VEC_PUSH(*vals, o);
        }
        free(t);
        return;
    }
    uint32_t k = ts_node_named_child_count(body);
    for (uint32_t i = 0; i < k; i++)
        py_closure(L, ts_node_named_child(body, i), loc, vals);
}

static sl_operand py_capture(py_lw *L, TSNode body, sl_srcloc loc)
{
    py_opds vals = {0};
    py_closure(L, body, loc, &vals);
    sl_operand r = unknown();
    if (vals.n) {
        py_target t = {0};
        t.callee = "(closure)";
        r = emit_call(L, loc, &t, vals.v, (int)vals.n, true);
    }
    free(vals.v);
    return r;
}

static void py_assign_to(py_lw *L, TSNode target, sl_operand v, sl_srcloc loc);

/* A value computed through control flow (a and b, x if c else y): a temp
 * assigned on each arm. */
static sl_operand py_select(py_lw *L, TSNode n)
{
    int tmp = new_temp(L);
    int join = sl_func_new_block(L->f);
    if (py_is(n, "conditional_expression")) {
        TSNode a = ts_node_named_child(n, 0), c = ts_node_named_child(n, 1),
               b = ts_node_named_child(n, 2);
        int bt = sl_func_new_block(L->f), bf = sl_func_new_block(L->f);
        py_cond(L, c, bt, bf);
        L->cur = bt;
        sl_operand va = py_expr(L, a);
        sl_event *e = emit(L, SL_EV_ASSIGN, py_loc(a));
        e->dst = tmp;
        e->src = va;
        jump(L, join);
        L->cur = bf;
        sl_operand vb = py_expr(L, b);
        e = emit(L, SL_EV_ASSIGN, py_loc(b));
        e->dst = tmp;
        e->src = vb;
        jump(L, join);
    } else { /* boolean_operator */
        TSNode a = py_field(n, "left"), b = py_field(n, "right");
        TSNode op = py_field(n, "operator");
        bool is_and = py_text_is(L->M, op, "and");
        sl_operand va = py_expr(L, a);
        sl_event *e = emit(L, SL_EV_ASSIGN, py_loc(a));
        e->dst = tmp;
        e->src = va;
        int more = sl_func_new_block(L->f);
        sl_cond c = cond_of(L, a, opd(SL_OPD_PATH, tmp, 0), SL_CMP_NE);
        branch(L, c, is_and ? more : join, is_and ? join : more);
        L->cur = more;
        sl_operand vb = py_expr(L, b);
        e = emit(L, SL_EV_ASSIGN, py_loc(b));
        e->dst = tmp;
        e->src = vb;
        jump(L, join);
    }
    L->cur = join;
    return opd(SL_OPD_PATH, tmp, 0);
}

static sl_operand py_expr(py_lw *L, TSNode n)
{
    if (ts_node_is_null(n))
        return unknown();
    if (++L->depth > PY_MAX_DEPTH) {
        L->f->skip_reason = "expressions nested too deep";
        L->depth--;
        return unknown();
    }
    sl_operand r = unknown();
    const char *ty = ts_node_type(n);
    if (!strcmp(ty, "identifier")) {
        char *t = py_text(L->M, n);
        r = opd(SL_OPD_PATH, sl_func_root_path(L->f, var_for_load(L, t)), 0);
        free(t);
    } else if (!strcmp(ty, "none") || !strcmp(ty, "false")) {
        r = opd(SL_OPD_CONST, SL_NO_PATH, 0);
    } else if (!strcmp(ty, "true")) {
        r = opd(SL_OPD_CONST, SL_NO_PATH, 1);
    } else if (!strcmp(ty, "integer")) {
        char *t = py_text(L->M, n);
        char *end = NULL;
        long long v = strtoll(t, &end, 0);
        if (end && !*end)
            r = opd(SL_OPD_CONST, SL_NO_PATH, v);
        free(t);
    } else if (!strcmp(ty, "attribute")) {
        TSNode o = py_field(n, "object");
        TSNode root = o;
        while (py_is(root, "attribute"))
            root = py_field(root, "object");
        if (!names_module_level(L, root)) {
            sl_operand ov = py_expr(L, o);
            if (ov.kind == SL_OPD_PATH) {
                char *a = py_text(L->M, py_field(n, "attribute"));
                int p = attr_path(L, ov.path, a);
                free(a);
                if (p != SL_NO_PATH)
                    r = opd(SL_OPD_PATH, p, 0);
            }
        }
    } else if (!strcmp(ty, "call")) {
        r = py_call(L, n);
    } else if (!strcmp(ty, "await") || !strcmp(ty, "parenthesized_expression")) {
        uint32_t k = ts_node_named_child_count(n);
        for (uint32_t i = 0; i < k; i++) {
            TSNode c = ts_node_named_child(n, i);
            if (!py_is(c, "comment"))
                r = py_expr(L, c);
        }
    } else if (!strcmp(ty, "named_expression")) {
        sl_operand v = py_expr(L, py_field(n, "value"));
        py_assign_to(L, py_field(n, "name"), v, py_loc(n));
        r = py_expr(L, py_field(n, "name"));
    } else if (!strcmp(ty, "conditional_expression") || !strcmp(ty, "boolean_operator")) {
        r = py_select(L, n);
    } else if (!strcmp(ty, "lambda")) {
        r = py_capture(L, py_field(n, "body"), py_loc(n));
    } else if (!strcmp(ty, "assignment") || !strcmp(ty, "augmented_assignment")) {
        /* (inside an expression statement) */
        sl_operand v = py_expr(L, py_field(n, "right"));
        if (!strcmp(ty, "assignment"))
            py_assign_to(L, py_field(n, "left"), v, py_loc(n));
    } else if (!strcmp(ty, "string") || !strcmp(ty, "float") || !strcmp(ty, "ellipsis") ||
               !strcmp(ty, "comment")) {
        /* no handle; calls inside f-strings are not lowered */
    } else if (!strcmp(ty, "comparison_operator") || !strcmp(ty, "not_operator") ||
               !strcmp(ty, "binary_operator") || !strcmp(ty, "unary_operator") ||
               !strcmp(ty, "subscript") || !strcmp(ty, "slice")) {
        /* values computed from the operands: the operands are only read */
        uint32_t k = ts_node_named_child_count(n);
        for (uint32_t i = 0; i < k; i++)
            (void)py_expr(L, ts_node_named_child(n, i));
    } else if (!strcmp(ty, "yield")) {
        r = py_keep_children(L, n, "(yield)");
    } else {
        /* tuples, lists, dicts, sets, comprehensions, keyword values...:
         * what goes in is kept by the container */
        r = py_keep_children(L, n, "(container)");
    }
    L->depth--;
    return r;
}

/* ---- conditions --------------------------------------------------------- */

static void py_cond(py_lw *L, TSNode n, int t, int f)
{
    while (py_is(n, "parenthesized_expression") && ts_node_named_child_count(n) == 1)
        n = ts_node_named_child(n, 0);
    if (py_is(n, "not_operator")) {
        py_cond(L, py_field(n, "argument"), f, t);
        return;
    }
    if (py_is(n, "boolean_operator")) {
        bool is_and = py_text_is(L->M, py_field(n, "operator"), "and");
        int mid = sl_func_new_block(L->f);
        py_cond(L, py_field(n, "left"), is_and ? mid : t, is_and ? f : mid);
        L->cur = mid;
        py_cond(L, py_field(n, "right"), t, f);
        return;
    }
    if (py_is(n, "comparison_operator") && ts_node_named_child_count(n) == 2) {
        TSNode a = ts_node_named_child(n, 0), b = ts_node_named_child(n, 1);
        uint32_t ea = ts_node_end_byte(a), sb = ts_node_start_byte(b);
        char *op = sl_xstrndup(L->M->src + ea, sb > ea ? sb - ea : 0);
        /* squeeze the operator's spaces: "is not" */
        char *w = op, *o = op;
        bool sp = false;
        for (; *w; w++) {
            if (*w == ' ' || *w == '\t' || *w == '\n' || *w == '\\') {
                sp = o != op;
                continue;
            }
            if (sp)
                *o++ = ' ';
            sp = false;
            *o++ = *w;
        }
        *o = 0;
        bool eq = !strcmp(op, "is") || !strcmp(op, "==");
        bool ne = !strcmp(op, "is not") || !strcmp(op, "!=");
        free(op);
        TSNode other = py_is(b, "none") ? a : py_is(a, "none") ? b : (TSNode){{0}, NULL, NULL};
        if ((eq || ne) && !ts_node_is_null(other)) {
            sl_operand v = py_expr(L, other);
            branch(L, cond_of(L, n, v, eq ? SL_CMP_EQ : SL_CMP_NE), t, f);
            return;
        }
        if ((eq || ne) && !names_module_level(L, a)) {
            /* x == y, self._state != State.CLOSED: a test of x against
             * another value (a close routine guarded by its own state) */
            sl_operand va = py_expr(L, a), vb = py_expr(L, b);
            if (va.kind == SL_OPD_PATH && vb.kind != SL_OPD_PATH) {
                /* State.CLOSED, a literal: a value of its own */
                int tmp = new_temp(L);
                sl_event *e = emit(L, SL_EV_ASSIGN, py_loc(b));
                e->dst = tmp;
                e->src = vb;
                vb = opd(SL_OPD_PATH, tmp, 0);
            }
            if (va.kind == SL_OPD_PATH) {
                sl_cond c = cond_of(L, n, va, eq ? SL_CMP_EQ : SL_CMP_NE);
                c.rhs_path = vb.path;
                branch(L, c, t, f);
                return;
            }
            branch(L, cond_of(L, n, unknown(), SL_CMP_NE), t, f);
            return;
        }
    }
    if (py_is(n, "attribute") && py_text_is(L->M, py_field(n, "attribute"), "closed")) {
        /* session.closed: a closed handle is no handle to close */
        TSNode o = py_field(n, "object");
        sl_operand v = names_module_level(L, o) ? unknown() : py_expr(L, o);
        if (v.kind == SL_OPD_PATH) {
            branch(L, cond_of(L, n, v, SL_CMP_EQ), t, f);
            return;
        }
    }
    sl_operand v = py_expr(L, n);
    branch(L, cond_of(L, n, v, SL_CMP_NE), t, f);
}

/* ---- assignment --------------------------------------------------------- */

/* Does the class own what self.attr holds (a method can release it)? */
static bool class_owns(py_lw *L, const char *attr)
{
    if (!L->cls || L->cls->has_bases)
        return true; /* a base class we do not read may release it */
    for (size_t i = 0; i < L->cls->released.n; i++)
        if (!strcmp(L->cls->released.v[i], attr))
            return true;
    return false;
}

/* x = f(): the call's value goes to x itself when the call was the last
 * thing lowered (messages then name x). */
static bool retarget_call(py_lw *L, sl_operand v, int dst)
{
    if (v.kind != SL_OPD_PATH || L->cur < 0)
        return false;
    sl_block *b = L->f->blocks.v[L->cur];
    if (!b->events.n)
        return false;
    sl_event *last = &b->events.v[b->events.n - 1];
    if (last->kind != SL_EV_CALL || last->dst != v.path ||
        L->f->vars.v[L->f->paths.v[v.path].var].kind != SL_VAR_TEMP)
        return false;
    last->dst = dst;
    return true;
}

/* `a, b = f(x)` where v is the result of a library function just called
 * (not a method, not a function of the project): the call becomes
 * f(&a, &b, x), the names written through its first arguments, so that a
 * rule can name the element holding a handle with `out: N`
 * (tempfile.mkstemp, asyncio.open_connection).  False when the shape is
 * another. */
static bool unpack_call(py_lw *L, TSNode target, sl_operand v)
{
    if (v.kind != SL_OPD_PATH || L->cur < 0 || L->f->blocks.v[L->cur]->events.n == 0)
        return false;
    sl_block *b = L->f->blocks.v[L->cur];
    sl_event *last = &b->events.v[b->events.n - 1];
    if (last->kind != SL_EV_CALL || last->dst != v.path || last->receiver || last->callee_usr ||
        !last->callee || last->callee[0] == '.' || last->callee[0] == '(' ||
        L->f->vars.v[L->f->paths.v[v.path].var].kind != SL_VAR_TEMP)
        return false;
    uint32_t k = ts_node_named_child_count(target);
    if (k == 0 || k > 8)
        return false;
    for (uint32_t i = 0; i < k; i++)
        if (!py_is(ts_node_named_child(target, i), "identifier"))
            return false;
    sl_operand *args = sl_arena_alloc(L->f->arena, (k + (size_t)last->nargs) * sizeof *args);
    for (uint32_t i = 0; i < k; i++) {
        char *t = py_text(L->M, ts_node_named_child(target, i));
        args[i] = opd(SL_OPD_ADDR, sl_func_root_path(L->f, var_for_store(L, t)), 0);
        free(t);
    }
    /* var_for_store may have grown the blocks' events: find the call again */
    b = L->f->blocks.v[L->cur];
    last = &b->events.v[b->events.n - 1];
    for (int i = 0; i < last->nargs; i++)
        args[k + i] = last->args[i];
    last->args = args;
    last->nargs += (int)k;
    last->dst = SL_NO_PATH;
    return true;
}

static void py_assign_to(py_lw *L, TSNode target, sl_operand v, sl_srcloc loc)
{
    while (py_is(target, "parenthesized_expression") && ts_node_named_child_count(target) == 1)
        target = ts_node_named_child(target, 0);
    if (py_is(target, "identifier")) {
        char *t = py_text(L->M, target);
        int var = var_for_store(L, t);
        free(t);
        if (retarget_call(L, v, sl_func_root_path(L->f, var)))
            return;
        sl_event *e = emit(L, SL_EV_ASSIGN, loc);
        e->dst = sl_func_root_path(L->f, var);
        e->src = v;
        return;
    }
    if (py_is(target, "attribute")) {
        TSNode o = py_field(target, "object");
        char *a = py_text(L->M, py_field(target, "attribute"));
        bool self_store = L->self_var >= 0 && py_is(o, "identifier") &&
                          py_text_is(L->M, o, L->f->vars.v[L->self_var].name);
        if (self_store && !class_owns(L, a)) {
            /* no method of the class can release self.<a>: the object is
             * no owner; what is stored here is dropped here */
            char *name = sl_xasprintf("self.%s", a);
            int tv = sl_func_add_var(L->f, name, SL_VAR_LOCAL);
            free(name);
            L->f->vars.v[tv].is_pointer = true;
            sl_event *e = emit(L, SL_EV_ASSIGN, loc);
            e->dst = sl_func_root_path(L->f, tv);
            e->src = v;
            e = emit(L, SL_EV_SCOPE_END, loc);
            e->nvars = 1;
            e->vars = sl_arena_alloc(L->f->arena, sizeof *e->vars);
            e->vars[0] = tv;
            free(a);
            return;
        }
        TSNode root = o;
        while (py_is(root, "attribute"))
            root = py_field(root, "object");
        int p = SL_NO_PATH;
        if (!names_module_level(L, root)) {
            sl_operand ov = py_expr(L, o);
            if (ov.kind == SL_OPD_PATH)
                p = attr_path(L, ov.path, a);
        } else {
            /* module.attr = v: a global */
            char *name = py_text(L->M, target);
            int gv = var_for_load(L, name);
            free(name);
            p = sl_func_root_path(L->f, gv);
        }
        free(a);
        if (p != SL_NO_PATH) {
            sl_event *e = emit(L, SL_EV_ASSIGN, loc);
            e->dst = p;
            e->src = v;
        } else if (v.kind == SL_OPD_PATH) {
            py_target t = {0};
            t.callee = "(store)";
            (void)emit_call(L, loc, &t, &v, 1, false);
        }
        return;
    }
    if (py_is(target, "pattern_list") || py_is(target, "tuple_pattern") ||
        py_is(target, "list_pattern") || py_is(target, "tuple") || py_is(target, "list") ||
        py_is(target, "expression_list")) {
        /* a, b = v: each element of an unknown sequence */
        uint32_t k = ts_node_named_child_count(target);
        if (unpack_call(L, target, v))
            return;
        if (v.kind == SL_OPD_PATH) {
            py_target t = {0};
            t.callee = "(unpack)";
            (void)emit_call(L, loc, &t, &v, 1, false);
        }
        for (uint32_t i = 0; i < k; i++) {
            TSNode c = ts_node_named_child(target, i);
            if (py_is(c, "list_splat_pattern"))
                c = ts_node_named_child(c, 0);
            py_assign_to(L, c, unknown(), loc);
        }
        return;
    }
    /* x[k] = v and other targets: the container keeps v */
    (void)py_expr(L, target);
    if (v.kind == SL_OPD_PATH) {
        py_target t = {0};
        t.callee = "(store)";
        (void)emit_call(L, loc, &t, &v, 1, false);
    }
}

static void py_assignment(py_lw *L, TSNode n)
{
    TSNode left = py_field(n, "left"), right = py_field(n, "right");
    if (ts_node_is_null(right))
        return; /* x: int */
    /* a, b = c, d: pairwise */
    if ((py_is(left, "pattern_list") || py_is(left, "tuple_pattern")) &&
        (py_is(right, "expression_list") || py_is(right, "tuple")) &&
        ts_node_named_child_count(left) == ts_node_named_child_count(right)) {
        uint32_t k = ts_node_named_child_count(left);
        sl_operand *vals = sl_xcalloc(k + 1, sizeof *vals);
        for (uint32_t i = 0; i < k; i++) {
            /* copy first: a, b = b, a */
            vals[i] = py_snapshot(L, py_expr(L, ts_node_named_child(right, i)), py_loc(n));
        }
        for (uint32_t i = 0; i < k; i++)
            py_assign_to(L, ts_node_named_child(left, i), vals[i], py_loc(n));
        free(vals);
        return;
    }
    sl_operand v;
    if (py_is(right, "assignment")) {
        /* a = b = v */
        py_assignment(L, right);
        v = py_expr(L, py_field(right, "left"));
    } else {
        v = py_expr(L, right);
    }
    py_assign_to(L, left, v, py_loc(n));
}

/* ---- cleanups (with, finally) on the way out ----------------------------- */

static void py_with_exit(py_lw *L, const py_cleanup *c)
{
    sl_event *e = emit(L, SL_EV_CALL, c->loc);
    e->callee = c->is_async ? ".__aexit__" : ".__exit__";
    e->receiver = true;
    e->nargs = 1;
    e->args = sl_arena_alloc(L->f->arena, sizeof *e->args);
    e->args[0] = opd(SL_OPD_PATH, c->path, 0);
}

/* Run the cleanups from the innermost down to (not including) index
 * `down_to`, as a jump out of them does. */
static void py_unwind(py_lw *L, size_t down_to)
{
    size_t n = L->cleanups.n;
    for (size_t i = n; i-- > down_to;) {
        py_cleanup c = L->cleanups.v[i];
        if (L->cur < 0)
            return;
        if (c.kind == PY_CLEAN_WITH) {
            py_with_exit(L, &c);
        } else {
            /* the finally body runs with the cleanups outside it */
            L->cleanups.n = i;
            int saved_exc = L->exc;
            py_stmts(L, c.node);
            L->exc = saved_exc;
            L->cleanups.n = n;
        }
    }
}

/* ---- statements ---------------------------------------------------------- */

static void py_stmt(py_lw *L, TSNode s);

static void py_stmts(py_lw *L, TSNode block)
{
    uint32_t k = ts_node_named_child_count(block);
    for (uint32_t i = 0; i < k; i++)
        py_stmt(L, ts_node_named_child(block, i));
}

static TSNode else_body(TSNode n)
{
    TSNode alt = py_field(n, "alternative");
    if (py_is(alt, "else_clause"))
        return py_field(alt, "body");
    return (TSNode){{0}, NULL, NULL};
}

static void py_if(py_lw *L, TSNode s)
{
    int after = sl_func_new_block(L->f);
    TSNode cond = py_field(s, "condition");
    TSNode body = py_field(s, "consequence");
    /* the elif / else clauses in order */
    uint32_t k = ts_node_named_child_count(s);
    SL_VEC(TSNode) alts = {0};
    for (uint32_t i = 0; i < k; i++) {
        TSNode c = ts_node_named_child(s, i);
        if (py_is(c, "elif_clause") || py_is(c, "else_clause"))
            SL_VEC_PUSH(alts, c);
    }
    for (size_t i = 0;; i++) {
        int bt = sl_func_new_block(L->f), bf = sl_func_new_block(L->f);
        py_cond(L, cond, bt, bf);
        L->cur = bt;
        py_stmts(L, body);
        jump(L, after);
        L->cur = bf;
        if (i >= alts.n)
            break;
        if (py_is(alts.v[i], "else_clause")) {
            py_stmts(L, py_field(alts.v[i], "body"));
            break;
        }
        cond = py_field(alts.v[i], "condition");
        body = py_field(alts.v[i], "consequence");
    }
    jump(L, after);
    free(alts.v);
    L->cur = after;
}

static void py_loop_stmt(py_lw *L, TSNode s, bool is_for)
{
    int head = sl_func_new_block(L->f), body = sl_func_new_block(L->f);
    int orelse = sl_func_new_block(L->f), after = sl_func_new_block(L->f);
    if (is_for) {
        sl_operand it = py_expr(L, py_field(s, "right"));
        if (it.kind == SL_OPD_PATH) {
            py_target t = {0};
            t.callee = "(iterate)";
            t.receiver = true;
            t.recv = it;
            (void)emit_call(L, py_loc(s), &t, &it, 1, false);
        }
        jump(L, head);
        L->cur = head;
        branch(L, unknown_cond("the loop has another item", s), body, orelse);
        L->cur = body;
        py_assign_to(L, py_field(s, "left"), unknown(), py_loc(s));
    } else {
        jump(L, head);
        L->cur = head;
        py_cond(L, py_field(s, "condition"), body, orelse);
        L->cur = body;
    }
    py_loop lp = {head, after, L->cleanups.n, L->exc};
    SL_VEC_PUSH(L->loops, lp);
    py_stmts(L, py_field(s, "body"));
    jump(L, head);
    L->loops.n--;
    L->cur = orelse;
    TSNode eb = else_body(s);
    if (!ts_node_is_null(eb))
        py_stmts(L, eb);
    jump(L, after);
    L->cur = after;
}

/* Is the with item's manager v (just lowered) one that expects its block
 * to raise and swallows the exception: pytest.raises(...),
 * self.assertRaises(...), self.assertRaisesRegex(...)? */
static bool expects_raise(py_lw *L, TSNode v)
{
    if (!py_is(v, "call") || L->cur < 0 || L->f->blocks.v[L->cur]->events.n == 0)
        return false;
    const sl_block *b = L->f->blocks.v[L->cur];
    const sl_event *e = &b->events.v[b->events.n - 1];
    return e->kind == SL_EV_CALL && e->callee &&
           (!strcmp(e->callee, "pytest.raises") || !strcmp(e->callee, ".assertRaises") ||
            !strcmp(e->callee, ".assertRaisesRegex"));
}

static void py_with(py_lw *L, TSNode s)
{
    int resume = -1; /* where the code goes on after a pytest.raises block */
    bool is_async = py_has_token(s, "async");
    TSNode clause = py_child_of_type(s, "with_clause");
    size_t base = L->cleanups.n;
    int saved_exc = L->exc;
    uint32_t k = ts_node_named_child_count(clause);
    TSNode body = py_field(s, "body");
    TSPoint endp = ts_node_end_point(body);
    sl_srcloc endloc = {endp.row + 1, endp.column + 1};
    if (endp.column == 0 && endp.row > 0)
        endloc = (sl_srcloc){endp.row, 1};
    for (uint32_t i = 0; i < k; i++) {
        TSNode item = ts_node_named_child(clause, i);
        if (!py_is(item, "with_item"))
            continue;
        TSNode v = py_field(item, "value");
        TSNode target = (TSNode){{0}, NULL, NULL};
        if (py_is(v, "as_pattern")) {
            target = py_field(v, "alias");
            if (py_is(target, "as_pattern_target"))
                target = ts_node_named_child(target, 0);
            v = ts_node_named_child(v, 0);
        }
        sl_operand mgr = py_expr(L, v);
        bool expects = expects_raise(L, v);
        /* the manager lives in a variable of its own until the block ends
         * (the `as` name when it is a plain name) */
        char wname[32];
        snprintf(wname, sizeof wname, "(with%d)", L->ntemps++);
        bool named = py_is(target, "identifier");
        char *tname = named ? py_text(L->M, target) : NULL;
        int wv = named ? var_for_store(L, tname) : sl_func_add_var(L->f, wname, SL_VAR_LOCAL);
        free(tname);
        L->f->vars.v[wv].is_pointer = true;
        int path = sl_func_root_path(L->f, wv);
        if (mgr.kind == SL_OPD_PATH && !retarget_call(L, mgr, path)) {
            sl_event *e = emit(L, SL_EV_ASSIGN, py_loc(item));
            e->dst = path;
            e->src = mgr;
        }
        if (!ts_node_is_null(target) && !named)
            py_assign_to(L, target, opd(SL_OPD_PATH, path, 0), py_loc(item));
        py_cleanup c = {PY_CLEAN_WITH, path, is_async, {{0}, NULL, NULL}, endloc};
        SL_VEC_PUSH(L->cleanups, c);
        {
            /* an exception inside: the manager exits, then the handler
             * (out of the function when there is none) */
            int x = sl_func_new_block(L->f);
            int saved = L->cur;
            L->cur = x;
            py_with_exit(L, &c);
            if (expects) {
                /* pytest.raises: the exception is what the block is for;
                 * the code after it runs */
                if (resume < 0)
                    resume = sl_func_new_block(L->f);
                jump(L, resume);
            } else {
                jump(L, L->exc >= 0 ? L->exc : raise_out(L, py_loc(s)));
            }
            L->cur = saved;
            L->exc = x;
        }
    }
    py_stmts(L, body);
    py_unwind(L, base);
    L->cleanups.n = base;
    L->exc = saved_exc;
    if (resume >= 0) {
        /* a block expected to raise that ends normally fails the test */
        if (L->cur >= 0)
            L->f->blocks.v[L->cur]->term = SL_TERM_UNREACHABLE;
        L->cur = resume;
    }
}

static void py_try(py_lw *L, TSNode s)
{
    TSNode fin = (TSNode){{0}, NULL, NULL}, els = fin;
    SL_VEC(TSNode) handlers = {0};
    uint32_t k = ts_node_named_child_count(s);
    for (uint32_t i = 0; i < k; i++) {
        TSNode c = ts_node_named_child(s, i);
        if (py_is(c, "except_clause") || py_is(c, "except_group_clause"))
            SL_VEC_PUSH(handlers, c);
        else if (py_is(c, "finally_clause"))
            fin = py_child_of_type(c, "block");
        else if (py_is(c, "else_clause"))
            els = py_field(c, "body");
    }
    int outer_exc = L->exc;
    size_t base = L->cleanups.n;
    int after = sl_func_new_block(L->f);
    /* an exception inside, not handled here: the finally body, then out */
    int fin_exc = outer_exc;
    if (!ts_node_is_null(fin)) {
        fin_exc = sl_func_new_block(L->f); /* lowered after the body: its names are bound */
        py_cleanup c = {PY_CLEAN_FINALLY, SL_NO_PATH, false, fin, {0, 0}};
        SL_VEC_PUSH(L->cleanups, c);
    }
    int handler = -1;
    if (handlers.n)
        handler = sl_func_new_block(L->f);
    L->exc = handlers.n ? handler : fin_exc;
    py_stmts(L, py_field(s, "body"));
    L->exc = fin_exc;
    if (!ts_node_is_null(els))
        py_stmts(L, els);
    int normal_end = L->cur;
    L->cur = -1;
    /* handlers: tried in order; none matching raises on */
    if (handlers.n) {
        L->cur = handler;
        for (size_t i = 0; i < handlers.n; i++) {
            int hb = sl_func_new_block(L->f), next = sl_func_new_block(L->f);
            branch(L, unknown_cond("the exception matches", handlers.v[i]), hb, next);
            L->cur = hb;
            TSNode asp = py_child_of_type(handlers.v[i], "as_pattern");
            if (!ts_node_is_null(asp)) {
                TSNode tg = py_field(asp, "alias");
                if (py_is(tg, "as_pattern_target"))
                    tg = ts_node_named_child(tg, 0);
                if (py_is(tg, "identifier"))
                    py_assign_to(L, tg, unknown(), py_loc(tg));
            }
            py_stmts(L, py_child_of_type(handlers.v[i], "block"));
            if (L->cur >= 0) {
                py_unwind(L, base);
                jump(L, after);
            }
            L->cur = next;
        }
        /* on to the handler outside; at the level of the function the
         * path ends unreported: a handler around a statement is taken to
         * handle what it raises (leak.exception stays quiet) */
        if (outer_exc >= 0)
            jump(L, fin_exc);
        else if (L->cur >= 0)
            L->f->blocks.v[L->cur]->term = SL_TERM_UNREACHABLE;
        L->cur = -1;
    }
    L->cur = normal_end;
    if (L->cur >= 0) {
        py_unwind(L, base);
        jump(L, after);
    }
    L->cleanups.n = base;
    L->exc = outer_exc;
    free(handlers.v);
    if (!ts_node_is_null(fin)) {
        /* the finally body on the way of an exception, then out */
        L->cur = fin_exc;
        py_stmts(L, fin);
        if (L->cur >= 0)
            jump(L, outer_exc >= 0 ? outer_exc : raise_out(L, py_loc(s)));
    }
    L->cur = after;
}

static void py_return(py_lw *L, TSNode s, sl_operand v)
{
    if (L->cleanups.n) {
        /* the value is computed before the cleanups run */
        v = py_snapshot(L, v, py_loc(s));
        py_unwind(L, 0);
    }
    if (L->cur < 0)
        return;
    sl_event *e = emit(L, SL_EV_RETURN, py_loc(s));
    e->src = v;
    L->f->blocks.v[L->cur]->term = SL_TERM_EXIT;
    L->cur = -1;
}

static void py_stmt(py_lw *L, TSNode s)
{
    if (L->f->skip_reason)
        return;
    if (++L->depth > PY_MAX_DEPTH) {
        L->f->skip_reason = "statements nested too deep";
        L->depth--;
        return;
    }
    const char *ty = ts_node_type(s);
    if (strcmp(ty, "comment") && strcmp(ty, "pass_statement"))
        may_raise(L, s);
    if (!strcmp(ty, "expression_statement")) {
        uint32_t k = ts_node_named_child_count(s);
        for (uint32_t i = 0; i < k; i++) {
            TSNode e = ts_node_named_child(s, i);
            if (py_is(e, "assignment"))
                py_assignment(L, e);
            else if (py_is(e, "augmented_assignment")) {
                (void)py_expr(L, py_field(e, "right"));
                TSNode left = py_field(e, "left");
                if (py_is(left, "identifier")) {
                    char *t = py_text(L->M, left);
                    sl_event *ev = emit(L, SL_EV_INVALIDATE, py_loc(e));
                    ev->dst = sl_func_root_path(L->f, var_for_store(L, t));
                    ev->src = unknown();
                    free(t);
                }
            } else
                (void)py_expr(L, e);
        }
    } else if (!strcmp(ty, "return_statement")) {
        sl_operand v = opd(SL_OPD_NONE, SL_NO_PATH, 0);
        if (ts_node_named_child_count(s) > 0)
            v = py_expr(L, ts_node_named_child(s, 0));
        py_return(L, s, v);
    } else if (!strcmp(ty, "if_statement")) {
        py_if(L, s);
    } else if (!strcmp(ty, "while_statement")) {
        py_loop_stmt(L, s, false);
    } else if (!strcmp(ty, "for_statement")) {
        py_loop_stmt(L, s, true);
    } else if (!strcmp(ty, "with_statement")) {
        py_with(L, s);
    } else if (!strcmp(ty, "try_statement")) {
        py_try(L, s);
    } else if (!strcmp(ty, "break_statement") || !strcmp(ty, "continue_statement")) {
        if (L->loops.n) {
            py_loop lp = L->loops.v[L->loops.n - 1];
            py_unwind(L, lp.ncleanups);
            jump(L, ty[0] == 'b' ? lp.after : lp.head);
        }
    } else if (!strcmp(ty, "raise_statement")) {
        uint32_t k = ts_node_named_child_count(s);
        for (uint32_t i = 0; i < k; i++)
            (void)py_expr(L, ts_node_named_child(s, i));
        /* into the handler, else out of the function (leak.exception) */
        if (L->cur >= 0)
            jump(L, L->exc >= 0 ? L->exc : raise_out(L, py_loc(s)));
    } else if (!strcmp(ty, "assert_statement")) {
        int ok = sl_func_new_block(L->f), bad = sl_func_new_block(L->f);
        py_cond(L, ts_node_named_child(s, 0), ok, bad);
        L->cur = ok;
    } else if (!strcmp(ty, "global_statement") || !strcmp(ty, "nonlocal_statement")) {
        uint32_t k = ts_node_named_child_count(s);
        for (uint32_t i = 0; i < k; i++) {
            char *t = py_text(L->M, ts_node_named_child(s, i));
            SL_VEC_PUSH(L->globals, t);
            int v = find_var(L, t);
            if (v >= 0)
                L->f->vars.v[v].kind = SL_VAR_GLOBAL;
        }
    } else if (!strcmp(ty, "function_definition") || !strcmp(ty, "decorated_definition")) {
        bool st = false;
        TSNode d = py_undecorate(L->M, s, &st);
        if (py_is(d, "function_definition")) {
            char *name = py_text(L->M, py_field(d, "name"));
            char *qual = sl_xasprintf("%s.<locals>.%s", L->f->name, name);
            py_lower_function(L->C, d, qual, NULL, NULL, false);
            /* the nested function keeps what it reads of ours */
            sl_operand clo = py_capture(L, py_field(d, "body"), py_loc(d));
            py_assign_to(L, py_field(d, "name"), clo, py_loc(d));
            free(qual);
            free(name);
        }
    } else if (!strcmp(ty, "import_statement") || !strcmp(ty, "import_from_statement")) {
        py_import_stmt(L->M, s);
    } else if (!strcmp(ty, "delete_statement")) {
        /* del x: the name no longer holds it (the object may live on) */
        (void)py_expr(L, ts_node_named_child(s, 0));
    } else if (!strcmp(ty, "match_statement")) {
        (void)py_expr(L, py_field(s, "subject"));
        TSNode body = py_field(s, "body");
        int after = sl_func_new_block(L->f);
        uint32_t k = ts_node_named_child_count(body);
        for (uint32_t i = 0; i < k; i++) {
            TSNode c = ts_node_named_child(body, i);
            if (!py_is(c, "case_clause"))
                continue;
            int hb = sl_func_new_block(L->f), next = sl_func_new_block(L->f);
            branch(L, unknown_cond("the case matches", c), hb, next);
            L->cur = hb;
            py_stmts(L, py_field(c, "consequence"));
            jump(L, after);
            L->cur = next;
        }
        jump(L, after);
        L->cur = after;
    } else if (!strcmp(ty, "block")) {
        py_stmts(L, s);
    }
    /* pass, class definitions inside functions, print/exec (Python 2),
     * type aliases: nothing to lower */
    L->depth--;
}

/* ---- functions ------------------------------------------------------------ */

static void py_lower_function(py_ctx *C, TSNode fn, const char *qual, const py_class *cls,
                              const char *cls_name, bool is_static)
{
    py_lw L = {0};
    L.C = C;
    L.M = C->main;
    L.cls = cls;
    L.cls_name = cls_name;
    L.self_var = -1;
    L.exc = -1;
    L.f = sl_func_new(qual, C->tu->file);
    sl_func *f = L.f;
    char *usr = sl_xasprintf("py:%s:%s", C->main->file, qual);
    if (cls_name && sl_str_ends_with(qual, ".__init__")) {
        free(usr);
        usr = sl_xasprintf("py:%s:%s", C->main->file, cls_name); /* the constructor */
    }
    f->usr = sl_arena_strdup(f->arena, usr);
    free(usr);
    TSNode name = py_field(fn, "name");
    f->loc = py_loc(name);
    TSNode body = py_field(fn, "body");
    TSPoint ep = ts_node_end_point(body);
    f->end_loc = (sl_srcloc){ep.row + 1, ep.column + 1};
    if (ep.column == 0 && ep.row > 0)
        f->end_loc = (sl_srcloc){ep.row, 1};
    /* the end of a body is its last statement's last line */
    uint32_t nb = ts_node_named_child_count(body);
    if (nb) {
        TSPoint lp = ts_node_start_point(ts_node_named_child(body, nb - 1));
        TSPoint le = ts_node_end_point(ts_node_named_child(body, nb - 1));
        (void)lp;
        f->end_loc = (sl_srcloc){le.row + 1, 1};
    }
    {
        char *t = py_text(C->main, name);
        f->is_static = t[0] == '_';
        free(t);
    }
    sl_strvec params = {0};
    py_params(C->main, fn, false, &params);
    for (size_t i = 0; i < params.n; i++) {
        int v = sl_func_add_var(f, params.v[i], SL_VAR_PARAM);
        f->vars.v[v].param_index = (int)i;
        f->vars.v[v].is_pointer = true;
        if (i == 0 && cls && !is_static)
            L.self_var = v;
    }
    f->nparams = (int)params.n;
    sl_strvec_free(&params);
    if (ts_node_has_error(fn))
        f->skip_reason = "its body has syntax errors";
    L.cur = 0;
    if (!f->skip_reason)
        py_stmts(&L, body);
    if (L.cur >= 0) {
        sl_event *e = emit(&L, SL_EV_RETURN, f->end_loc);
        e->src = opd(SL_OPD_NONE, SL_NO_PATH, 0);
        e->falls_off_end = true;
        f->blocks.v[L.cur]->term = SL_TERM_EXIT;
        L.cur = -1;
    }
    for (size_t b = 0; b < f->blocks.n; b++) {
        const sl_block *bl = f->blocks.v[b];
        if (bl->term == SL_TERM_BRANCH && bl->cond.lhs.kind == SL_OPD_PATH) {
            sl_path *tp = &f->paths.v[bl->cond.lhs.path];
            tp->tested = true;
            if (tp->ntests < 255)
                tp->ntests++;
        }
    }
    free(L.cleanups.v);
    free(L.loops.v);
    sl_strvec_free(&L.globals);
    SL_VEC_PUSH(C->tu->funcs, f);
}

static void py_lower_defs(py_ctx *C, TSNode block, int depth)
{
    if (depth > 16)
        return;
    uint32_t k = ts_node_named_child_count(block);
    for (uint32_t i = 0; i < k; i++) {
        TSNode s = ts_node_named_child(block, i);
        bool st = false;
        TSNode d = py_undecorate(C->main, s, &st);
        if (py_is(d, "function_definition")) {
            char *n = py_text(C->main, py_field(d, "name"));
            py_lower_function(C, d, n, NULL, NULL, false);
            free(n);
        } else if (py_is(d, "class_definition")) {
            char *cn = py_text(C->main, py_field(d, "name"));
            const py_class *cls = py_find_class(C->main, cn);
            TSNode body = py_field(d, "body");
            uint32_t m = ts_node_named_child_count(body);
            for (uint32_t j = 0; j < m; j++) {
                bool is_static = false;
                TSNode md = py_undecorate(C->main, ts_node_named_child(body, j), &is_static);
                if (!py_is(md, "function_definition"))
                    continue;
                char *mn = py_text(C->main, py_field(md, "name"));
                char *qual = sl_xasprintf("%s.%s", cn, mn);
                py_lower_function(C, md, qual, cls, cn, is_static);
                free(qual);
                free(mn);
            }
            free(cn);
        } else if (py_holds_module_defs(s)) {
            py_lower_defs(C, s, depth + 1);
        }
    }
}

void py_lower_module(py_ctx *C, TSNode root)
{
    py_lower_defs(C, root, 0);
}
