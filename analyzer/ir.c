/* ir: builders, arena and dump for the ownership IR.  See ir.h. */
#include "ir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct sl_arena_chunk {
    struct sl_arena_chunk *next;
    size_t used, cap;
    _Alignas(16) unsigned char data[];
} sl_arena_chunk;

struct sl_arena {
    sl_arena_chunk *head;
};

struct sl_arena *sl_arena_new(void)
{
    return sl_xcalloc(1, sizeof(struct sl_arena));
}

void sl_arena_free(struct sl_arena *a)
{
    if (!a)
        return;
    sl_arena_chunk *c = a->head;
    while (c) {
        sl_arena_chunk *n = c->next;
        free(c);
        c = n;
    }
    free(a);
}

void *sl_arena_alloc(struct sl_arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (!a->head || a->head->used + n > a->head->cap) {
        /* chunks double from 1 KiB to 16 KiB: most functions need little,
         * and thousands of them stay in memory between phases */
        size_t cap = a->head ? a->head->cap * 2 : 1024;
        if (cap > 16384)
            cap = 16384;
        if (cap < n)
            cap = n;
        sl_arena_chunk *c = sl_xmalloc(sizeof *c + cap);
        c->used = 0;
        c->cap = cap;
        c->next = a->head;
        a->head = c;
    }
    void *p = a->head->data + a->head->used;
    a->head->used += n;
    memset(p, 0, n);
    return p;
}

const char *sl_arena_strndup(struct sl_arena *a, const char *s, size_t n)
{
    char *d = sl_arena_alloc(a, n + 1);
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

const char *sl_arena_strdup(struct sl_arena *a, const char *s)
{
    return s ? sl_arena_strndup(a, s, strlen(s)) : NULL;
}

sl_func *sl_func_new(const char *name, const char *file)
{
    sl_func *f = sl_xcalloc(1, sizeof *f);
    f->arena = sl_arena_new();
    f->name = sl_arena_strdup(f->arena, name);
    f->file = file;
    sl_func_new_block(f); /* entry */
    return f;
}

void sl_func_free(sl_func *f)
{
    if (!f)
        return;
    for (size_t i = 0; !f->packed && i < f->blocks.n; i++) {
        free(f->blocks.v[i]->events.v);
        free(f->blocks.v[i]);
    }
    free(f->packed);
    free(f->blocks.v);
    free(f->vars.v);
    free(f->paths.v);
    free(f->pathmap);
    sl_arena_free(f->arena);
    free(f);
}

void sl_func_pack(sl_func *f)
{
    if (f->packed || !f->blocks.n)
        return;
    size_t bytes = f->blocks.n * sizeof(sl_block);
    for (size_t i = 0; i < f->blocks.n; i++)
        bytes += f->blocks.v[i]->events.n * sizeof(sl_event);
    sl_block *blocks = sl_xmalloc(bytes);
    sl_event *ev = (sl_event *)(blocks + f->blocks.n);
    for (size_t i = 0; i < f->blocks.n; i++) {
        sl_block *b = f->blocks.v[i];
        blocks[i] = *b;
        if (b->events.n)
            memcpy(ev, b->events.v, b->events.n * sizeof *ev);
        blocks[i].events.v = b->events.n ? ev : NULL;
        blocks[i].events.cap = b->events.n;
        ev += b->events.n;
        free(b->events.v);
        free(b);
        f->blocks.v[i] = &blocks[i];
    }
    f->packed = blocks;
}

int sl_func_add_var(sl_func *f, const char *name, sl_var_kind kind)
{
    sl_var v = {0};
    v.name = sl_arena_strdup(f->arena, name ? name : "");
    v.kind = kind;
    v.param_index = -1;
    v.global_index = -1;
    v.root_path = (int)f->paths.n;
    SL_VEC_PUSH(f->vars, v);
    int id = (int)f->vars.n - 1;
    sl_path p = {.var = id, .parent = SL_NO_PATH, .step = NULL, .depth = 0,
                 .text = f->vars.v[id].name};
    SL_VEC_PUSH(f->paths, p);
    return id;
}

/* Each variable's root path is created with it; path ids of roots are not
 * the variable ids once child paths exist, so look them up. */
int sl_func_root_path(sl_func *f, int var)
{
    return f->vars.v[var].root_path;
}

static size_t sl_path_hash(int parent, const char *step, bool arrow)
{
    size_t h = 1469598103934665603ull ^ (size_t)parent * 31 ^ (size_t)arrow;
    for (const unsigned char *s = (const unsigned char *)step; *s; s++)
        h = (h ^ *s) * 1099511628211ull;
    return h;
}

static void sl_pathmap_insert(sl_func *f, int id)
{
    const sl_path *p = &f->paths.v[id];
    size_t mask = f->pathmap_cap - 1;
    size_t i = sl_path_hash(p->parent, p->step, p->arrow) & mask;
    while (f->pathmap[i] >= 0)
        i = (i + 1) & mask;
    f->pathmap[i] = id;
}

static void sl_pathmap_grow(sl_func *f)
{
    size_t cap = f->pathmap_cap ? f->pathmap_cap * 2 : 64;
    free(f->pathmap);
    f->pathmap = sl_xmalloc(cap * sizeof *f->pathmap);
    f->pathmap_cap = cap;
    for (size_t i = 0; i < cap; i++)
        f->pathmap[i] = -1;
    for (size_t i = 0; i < f->paths.n; i++)
        if (f->paths.v[i].parent != SL_NO_PATH)
            sl_pathmap_insert(f, (int)i);
}

int sl_func_find_child(const sl_func *f, int parent, const char *step, bool arrow)
{
    if (f->pathmap_cap) {
        size_t mask = f->pathmap_cap - 1;
        for (size_t i = sl_path_hash(parent, step, arrow) & mask; f->pathmap[i] >= 0;
             i = (i + 1) & mask) {
            const sl_path *p = &f->paths.v[f->pathmap[i]];
            if (p->parent == parent && p->arrow == arrow && strcmp(p->step, step) == 0)
                return f->pathmap[i];
        }
    }
    return SL_NO_PATH;
}

int sl_func_child_path(sl_func *f, int parent, const char *step, bool arrow)
{
    int found = sl_func_find_child(f, parent, step, arrow);
    if (found != SL_NO_PATH)
        return found;
    const sl_path *par = &f->paths.v[parent];
    sl_path p = {.var = par->var, .parent = parent, .arrow = arrow, .depth = par->depth + 1};
    p.step = sl_arena_strdup(f->arena, step);
    char *text;
    if (strcmp(step, "*") == 0)
        text = sl_xasprintf("*%s", par->text);
    else if (strcmp(step, "[]") == 0)
        text = sl_xasprintf("%s[]", par->text);
    else if (step[0] == '=' && step[1] == '&')
        text = sl_xasprintf("(%s & %s)", par->text, step + 2);
    else if (step[0] == '=' && strchr(step, '('))
        /* =strcmp("-") below path reads strcmp(path, "-") */
        text = sl_xasprintf("%.*s%s, %s", (int)(strchr(step, '(') - step), step + 1, par->text,
                            strchr(step, '(') + 1);
    else
        text = sl_xasprintf("%s%s%s", par->text, arrow ? "->" : ".", step);
    p.text = sl_arena_strdup(f->arena, text);
    free(text);
    SL_VEC_PUSH(f->paths, p);
    int id = (int)f->paths.n - 1;
    if (2 * (size_t)id >= f->pathmap_cap)
        sl_pathmap_grow(f);
    else
        sl_pathmap_insert(f, id);
    return id;
}

int sl_func_new_block(sl_func *f)
{
    sl_block *b = sl_xcalloc(1, sizeof *b);
    b->id = (int)f->blocks.n;
    b->term = SL_TERM_UNREACHABLE;
    b->succ[0] = b->succ[1] = -1;
    b->cond.rhs_path = SL_NO_PATH;
    SL_VEC_PUSH(f->blocks, b);
    return b->id;
}

void sl_block_goto(sl_func *f, int *cur, int target)
{
    if (*cur < 0)
        return;
    sl_block *b = f->blocks.v[*cur];
    b->term = SL_TERM_GOTO;
    b->succ[0] = target;
    *cur = -1;
}

sl_event *sl_block_add_event(sl_func *f, int block, sl_evkind kind, sl_srcloc loc)
{
    sl_block *b = f->blocks.v[block];
    sl_event e = {0};
    e.kind = kind;
    e.loc = loc;
    e.dst = SL_NO_PATH;
    e.fp_var = -1;
    SL_VEC_PUSH(b->events, e);
    return &b->events.v[b->events.n - 1];
}

bool sl_path_is_prefix(const sl_func *f, int prefix, int path)
{
    while (path != SL_NO_PATH) {
        if (path == prefix)
            return true;
        path = f->paths.v[path].parent;
    }
    return false;
}

void sl_tu_free(sl_tu *tu)
{
    if (!tu)
        return;
    for (size_t i = 0; i < tu->funcs.n; i++)
        sl_func_free(tu->funcs.v[i]);
    free(tu->funcs.v);
    free(tu->globals.v);
    sl_tu_drop_decls(tu);
    sl_strvec_free(&tu->includes);
    sl_arena_free(tu->arena);
    free(tu->file);
    free(tu);
}

void sl_tu_drop_decls(sl_tu *tu)
{
    free(tu->decls.v);
    tu->decls.v = NULL;
    tu->decls.n = tu->decls.cap = 0;
    sl_arena_free(tu->decl_arena);
    tu->decl_arena = NULL;
}

static const char *sl_cmp_text(sl_cmp op)
{
    static const char *t[] = {"==", "!=", "<", "<=", ">", ">="};
    return t[op];
}

static void sl_dump_operand(sl_strbuf *b, const sl_func *f, sl_operand o)
{
    switch (o.kind) {
    case SL_OPD_NONE: sl_strbuf_puts(b, "-"); break;
    case SL_OPD_PATH: sl_strbuf_puts(b, f->paths.v[o.path].text); break;
    case SL_OPD_ADDR: sl_strbuf_printf(b, "&%s", f->paths.v[o.path].text); break;
    case SL_OPD_CONST: sl_strbuf_printf(b, "%lld", o.value); break;
    case SL_OPD_UNKNOWN: sl_strbuf_puts(b, "?"); break;
    }
}

char *sl_func_dump(const sl_func *f)
{
    sl_strbuf b = {0};
    sl_strbuf_printf(&b, "function %s\n", f->name);
    for (size_t i = 0; i < f->blocks.n; i++) {
        const sl_block *bl = f->blocks.v[i];
        sl_strbuf_printf(&b, "B%d:\n", bl->id);
        for (size_t j = 0; j < bl->events.n; j++) {
            const sl_event *e = &bl->events.v[j];
            sl_strbuf_printf(&b, "  %u: ", e->loc.line);
            switch (e->kind) {
            case SL_EV_CALL:
                if (e->dst != SL_NO_PATH)
                    sl_strbuf_printf(&b, "%s = ", f->paths.v[e->dst].text);
                sl_strbuf_printf(&b, "call %s(", e->callee ? e->callee : "<indirect>");
                for (int a = 0; a < e->nargs; a++) {
                    if (a)
                        sl_strbuf_puts(&b, ", ");
                    sl_dump_operand(&b, f, e->args[a]);
                }
                sl_strbuf_printf(&b, ")%s%s\n", e->noreturn ? " noreturn" : "",
                                 e->implicit ? " cleanup" : "");
                break;
            case SL_EV_ASSIGN:
                sl_strbuf_printf(&b, "%s = ", f->paths.v[e->dst].text);
                sl_dump_operand(&b, f, e->src);
                sl_strbuf_puts(&b, "\n");
                break;
            case SL_EV_RETURN:
                sl_strbuf_puts(&b, e->falls_off_end ? "end " : "return ");
                sl_dump_operand(&b, f, e->src);
                sl_strbuf_puts(&b, "\n");
                break;
            case SL_EV_SCOPE_END:
                sl_strbuf_puts(&b, "scope-end");
                for (int v = 0; v < e->nvars; v++)
                    sl_strbuf_printf(&b, " %s", f->vars.v[e->vars[v]].name);
                sl_strbuf_puts(&b, "\n");
                break;
            case SL_EV_INVALIDATE:
                sl_strbuf_printf(&b, "invalidate %s\n", f->paths.v[e->dst].text);
                break;
            }
        }
        switch (bl->term) {
        case SL_TERM_GOTO: sl_strbuf_printf(&b, "  goto B%d\n", bl->succ[0]); break;
        case SL_TERM_BRANCH:
            sl_strbuf_puts(&b, "  if ");
            sl_dump_operand(&b, f, bl->cond.lhs);
            sl_strbuf_printf(&b, " %s %lld then B%d else B%d\n", sl_cmp_text(bl->cond.op),
                             bl->cond.rhs, bl->succ[0], bl->succ[1]);
            break;
        case SL_TERM_SWITCH:
            sl_strbuf_puts(&b, "  switch ");
            sl_dump_operand(&b, f, bl->cond.lhs);
            for (int c = 0; c < bl->ncases; c++)
                sl_strbuf_printf(&b, " %lld:B%d", bl->case_values[c], bl->case_succ[c]);
            sl_strbuf_printf(&b, " default:B%d\n", bl->succ[0]);
            break;
        case SL_TERM_EXIT: sl_strbuf_puts(&b, "  exit\n"); break;
        case SL_TERM_UNREACHABLE:
            if (bl->raise_loc.line)
                sl_strbuf_printf(&b, "  raise out (line %u)\n", bl->raise_loc.line);
            else
                sl_strbuf_puts(&b, "  unreachable\n");
            break;
        }
    }
    return sl_strbuf_detach(&b);
}

void sl_func_reaches_exit(const sl_func *f, bool *out)
{
    size_t n = f->blocks.n;
    for (size_t i = 0; i < n; i++)
        out[i] = f->blocks.v[i]->term == SL_TERM_EXIT;
    /* Iterate to a fixed point over the successor relation; the number of
     * rounds is bounded by the longest acyclic path. */
    bool changed = true;
    while (changed) {
        changed = false;
        for (size_t i = n; i-- > 0;) {
            if (out[i])
                continue;
            const sl_block *b = f->blocks.v[i];
            bool r = false;
            if (b->term == SL_TERM_GOTO || b->term == SL_TERM_BRANCH || b->term == SL_TERM_SWITCH)
                for (int s = 0; s < 2; s++)
                    if (b->succ[s] >= 0 && out[b->succ[s]])
                        r = true;
            if (b->term == SL_TERM_SWITCH)
                for (int c = 0; c < b->ncases; c++)
                    if (out[b->case_succ[c]])
                        r = true;
            if (r) {
                out[i] = true;
                changed = true;
            }
        }
    }
}

static const char *const sl_allocators[] = {
    "malloc", "calloc", "realloc", "reallocarray", "aligned_alloc", "xmalloc", "xcalloc",
    "xzalloc", "zalloc", "g_malloc", "g_malloc0", "g_malloc_n", "g_malloc0_n", "OPENSSL_zalloc",
    "OPENSSL_malloc", "memalign", "valloc",
};

static const char *const sl_memory_only[] = {
    "memset", "memcpy", "memmove", "memcmp", "bzero", "explicit_bzero", "memset_s",
    "strcpy", "strncpy", "strlcpy", "strcat", "strncat", "strlcat", "snprintf", "sprintf",
    "vsnprintf", "strlen", "strnlen", "strcmp", "strncmp", "__builtin_memset",
    "__builtin_memcpy", "__builtin_memmove", "__builtin___memset_chk", "__builtin___memcpy_chk",
    "__builtin___memmove_chk", "__builtin___strcpy_chk", "__builtin___strncpy_chk",
    "__builtin___snprintf_chk", "__builtin___sprintf_chk",
};

bool sl_path_is_derived(const sl_func *f, int path)
{
    const char *st = path >= 0 ? f->paths.v[path].step : NULL;
    return st && st[0] == '=';
}

bool sl_is_memory_only_name(const char *name)
{
    for (size_t i = 0; i < sizeof sl_memory_only / sizeof *sl_memory_only; i++)
        if (!strcmp(name, sl_memory_only[i]))
            return true;
    return false;
}

bool sl_is_allocator_name(const char *name)
{
    for (size_t i = 0; i < sizeof sl_allocators / sizeof *sl_allocators; i++)
        if (!strcmp(name, sl_allocators[i]))
            return true;
    return false;
}

bool sl_operand_const(const sl_func *f, sl_operand o, long long *v)
{
    if (o.kind == SL_OPD_CONST) {
        *v = o.value;
        return true;
    }
    if (o.kind == SL_OPD_PATH && f->paths.v[o.path].parent == SL_NO_PATH &&
        f->vars.v[f->paths.v[o.path].var].has_const) {
        *v = f->vars.v[f->paths.v[o.path].var].const_value;
        return true;
    }
    return false;
}

static sl_global_use *sl_use_of(sl_global_uses *u, const char *usr, const char *name)
{
    for (size_t i = 0; i < u->n; i++)
        if (!strcmp(u->v[i].usr, usr))
            return &u->v[i];
    sl_global_use g = {0};
    g.usr = usr;
    g.name = name;
    SL_VEC_PUSH(*u, g);
    return &u->v[u->n - 1];
}

void sl_tu_global_uses(const sl_tu *tu, sl_global_uses *out)
{
    for (size_t i = 0; i < tu->globals.n; i++) {
        const sl_global *g = &tu->globals.v[i];
        if (g->is_static || !g->is_def || !g->usr || !*g->usr)
            continue;
        sl_global_use *u = sl_use_of(out, g->usr, g->name);
        u->defined = true;
        u->def_const = g->has_init_const;
        u->init = g->init_value;
    }
    for (size_t i = 0; i < tu->funcs.n; i++) {
        const sl_func *f = tu->funcs.v[i];
        for (size_t b = 0; b < f->blocks.n; b++) {
            const sl_block *bl = f->blocks.v[b];
            for (size_t j = 0; j < bl->events.n; j++) {
                const sl_event *e = &bl->events.v[j];
                if (e->dst == SL_NO_PATH || f->paths.v[e->dst].parent != SL_NO_PATH)
                    continue;
                const sl_var *v = &f->vars.v[f->paths.v[e->dst].var];
                if (v->kind != SL_VAR_GLOBAL || !v->usr || !*v->usr ||
                    (v->global_index >= 0 && tu->globals.v[v->global_index].is_static))
                    continue;
                sl_global_use *u = sl_use_of(out, v->usr, v->name);
                long long val = 0;
                bool k = e->kind == SL_EV_ASSIGN && sl_operand_const(f, e->src, &val);
                if (k && (!u->written || (u->const_writes && u->wvalue == val))) {
                    u->const_writes = true;
                    u->wvalue = val;
                } else {
                    u->const_writes = false;
                    u->other_writes = true;
                }
                u->written = true;
            }
        }
        for (size_t v = 0; v < f->vars.n; v++) {
            const sl_var *var = &f->vars.v[v];
            if (var->kind == SL_VAR_GLOBAL && var->usr && *var->usr && var->address_taken &&
                !(var->global_index >= 0 && tu->globals.v[var->global_index].is_static)) {
                sl_global_use *u = sl_use_of(out, var->usr, var->name);
                u->written = u->other_writes = true;
                u->const_writes = false;
            }
        }
    }
}
