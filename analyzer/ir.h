/* ir: the ownership IR the analysis runs on.
 *
 * One sl_func per function body: a table of variables, a table of access
 * paths (a variable, or up to two field/deref steps below one), and a CFG of
 * basic blocks holding ownership events.  The frontend (frontend.c) builds
 * it from libclang cursors; the analysis never sees a cursor.
 *
 * Ownership: a sl_func owns its variables, paths, blocks, events and every
 * string in them (strings are interned in the function's arena: free the
 * function with sl_func_free and everything goes).  A sl_tu owns its
 * functions and its interned file names.
 */
#ifndef SL_IR_H
#define SL_IR_H

#include <stdint.h>

#include "rules.h"
#include "util.h"

typedef enum sl_var_kind {
    SL_VAR_LOCAL,  /* automatic local */
    SL_VAR_PARAM,  /* parameter */
    SL_VAR_GLOBAL, /* file-scope or static local: storing here escapes */
    SL_VAR_TEMP,   /* a call's or expression's value, single use */
} sl_var_kind;

typedef struct sl_var {
    const char *name;
    sl_var_kind kind;
    int param_index;        /* for SL_VAR_PARAM */
    bool is_pointer;
    bool is_array;          /* a local array: its elements (one path, v[])
                               are its own, not memory it points to */
    bool address_taken;     /* &v appears somewhere: no facts about it */
    int addr_uses;          /* frontend: how many times &v (or &v.f) is taken, */
    int addr_benign;        /* ...and how many of those only reach memset-like
                               calls that keep no pointer */
    bool has_const;         /* value known for the whole function */
    long long const_value;  /* (static const, never-written file static) */
    const char *cleanup_fn; /* __attribute__((cleanup(fn))), or NULL */
    const char *usr;        /* globals: clang USR, for constant detection */
    int global_index;       /* globals: index in the TU's global table, or -1 */
    bool tu_private;        /* globals: file-static, its address never taken:
                               only this TU's functions can change it, so
                               facts about it hold until one of them is called
                               that writes it (sl_event.callee_gwrites) */
    bool fresh;             /* local pointer only ever set from an allocator,
                               &local or NULL: fields through it stay local */
    int root_path;          /* the path of the variable itself */
} sl_var;

#define SL_NO_PATH (-1)

typedef struct sl_path {
    int var;          /* root variable */
    int parent;       /* parent path, SL_NO_PATH for the root */
    const char *step; /* field name, "*" for a dereference, "[]" for an element,
                         or "=fn(...)" for a value derived from the parent's
                         content by a pure comparison (strcmp(x, "-") is the
                         path x.=strcmp("-")) */
    bool arrow;       /* reached through -> (or *, []): a dereference of parent */
    int depth;        /* 0 for the root */
    const char *text; /* "c->curl" as it reads in source */
    bool tested;      /* some branch or switch tests it (facts are kept only
                         about such paths) */
    unsigned char ntests; /* how many branches and switches test it (at most 255) */
} sl_path;

typedef enum sl_opkind {
    SL_OPD_NONE,    /* no value (void return) */
    SL_OPD_PATH,    /* the value held in path */
    SL_OPD_ADDR,    /* &path */
    SL_OPD_CONST,   /* integer constant (NULL is 0) */
    SL_OPD_UNKNOWN, /* anything else */
} sl_opkind;

typedef struct sl_operand {
    sl_opkind kind;
    int path;
    long long value;
} sl_operand;

typedef struct sl_srcloc {
    unsigned line, col;
} sl_srcloc;

typedef enum sl_evkind {
    SL_EV_CALL,       /* [dst =] callee(args) */
    SL_EV_ASSIGN,     /* dst = src */
    SL_EV_RETURN,     /* return src; (implicit at the closing brace) */
    SL_EV_SCOPE_END,  /* variables vars[] leave scope */
    SL_EV_INVALIDATE, /* dst changed in a way we do not model (+=), or by
                         src.value when src is a constant other than 0 (++: 1,
                         --: -1) */
} sl_evkind;

typedef struct sl_event {
    /* (fields ordered by size: a worker holds every event of the TUs it
     * parsed until the analysis) */
    /* CALL */
    const char *callee;      /* NULL for a call through a pointer */
    const char *callee_usr;  /* USR of the callee declaration, or NULL */
    /* the TU's globals the callee may write, itself or through this TU's
     * functions it calls (bit g % 64 of word g / 64 for global g): set when
     * its body is in the TU; NULL otherwise (a function elsewhere writes
     * none of the TU's private globals) */
    const uint64_t *callee_gwrites;
    sl_operand *args;
    /* SCOPE_END */
    int *vars;
    sl_operand src;          /* ASSIGN, RETURN */
    sl_srcloc loc;
    sl_evkind kind;
    int dst;                 /* CALL/ASSIGN/INVALIDATE target path or SL_NO_PATH */
    /* a call through a local function pointer whose only value is the
     * function named in callee: that pointer variable (else -1) */
    int fp_var;
    int nargs;
    int nvars;               /* SCOPE_END: how many in vars */
    bool callee_has_body;    /* a body for it is in this TU */
    bool noreturn;
    bool implicit;           /* inserted: cleanup attribute at scope exit */
    bool devnull_arg;        /* an argument is the string "/dev/null" */
    bool memory_only;        /* the callee only fills or reads memory
                                (sl_is_memory_only_name) */
    /* args[0] is the receiver of a method call (Python's h.get(url)): a
     * callee no rule or summary knows only uses it */
    bool receiver;
    /* RETURN at the closing brace */
    bool falls_off_end;
} sl_event;

typedef enum sl_termkind {
    SL_TERM_GOTO,        /* succ[0] */
    SL_TERM_BRANCH,      /* if (cond) succ[0] else succ[1] */
    SL_TERM_SWITCH,      /* on cond.lhs: cases[i] -> case_succ[i], else succ[0] */
    SL_TERM_EXIT,        /* return: to the function exit */
    SL_TERM_UNREACHABLE, /* noreturn call or end of an unreachable block */
} sl_termkind;

typedef struct sl_cond { /* (fields ordered by size, as sl_event's) */
    sl_operand lhs;
    long long rhs;
    const char *text; /* source text of the condition, for notes */
    sl_srcloc loc;
    sl_cmp op;
    int rhs_path;     /* == or != against another value: its path, or -1 */
    bool text_negated;/* text is the negation of the test: swap true/false */
    bool quiet_false; /* the false edge is the ordinary way on (a statement
                         that does not raise): no step is noted for it */
} sl_cond;

typedef struct sl_block { /* (fields ordered by size, as sl_event's) */
    SL_VEC(sl_event) events;
    sl_cond cond;
    long long *case_values;
    int *case_succ;
    /* SL_TERM_UNREACHABLE: an exception leaves the function here, raised
     * at raise_loc (line 0: the path just ends).  Such a path is no exit for
     * summaries; a handle still open on it is leak.exception, reported only
     * when a loaded rule file asks for it (sl_ruleset.report_exception). */
    sl_srcloc raise_loc;
    int id;
    sl_termkind term;
    int succ[2];
    int ncases;
} sl_block;

typedef struct sl_func {
    const char *name;
    const char *usr;
    const char *file;     /* absolute path, owned by the TU */
    sl_srcloc loc;        /* where the function's name is */
    sl_srcloc end_loc;    /* the closing brace */
    bool is_static;
    bool exported;        /* declared with visibility("default") or dllexport:
                             a library's API */
    int nparams;
    SL_VEC(sl_var) vars;
    SL_VEC(sl_path) paths;
    SL_VEC(sl_block *) blocks; /* blocks.v[0] is the entry */
    const char *skip_reason;   /* non-NULL: lowering gave up; not analyzed */
    struct sl_arena *arena;    /* private: strings and small arrays */
    void *packed;              /* private: when non-NULL, the blocks and their
                                  events live in this one allocation
                                  (sl_func_pack) */
    int *pathmap;              /* private: hash of child paths */
    size_t pathmap_cap;
    struct sl_sum_memo *sum_memo; /* private to analysis.c: what the last
                                     summary was computed from (in arena) */
} sl_func;

typedef struct sl_global {
    const char *name;
    const char *usr;
    bool has_init_const;
    long long init_value;
    bool is_const;   /* const-qualified */
    bool is_static;  /* internal linkage */
    bool written;    /* assigned or address taken by some function */
    bool addr_taken; /* its address is taken by some function */
    bool is_def;     /* this TU defines it (has_init_const: with a constant) */
} sl_global;



/* A function the TU declares outside its main file without defining it,
 * whose name says it may create or destroy something: a candidate for rules
 * inferred from declarations (infer.h).  Strings are in the TU's
 * decl_arena (gone with sl_tu_drop_decls). */
#define SL_DECL_PARAMS 4
typedef struct sl_decl {
    const char *name;
    const char *file;      /* the header declaring it */
    unsigned line;
    /* the struct a returned pointer points to ("struct x_cred"), when it is
     * a handle type (an incomplete struct, or one named through a typedef),
     * else NULL */
    const char *ret_type;
    bool ret_int;          /* returns an integer (a status) */
    int nparams;
    /* the same for the first parameters: the struct a `T *` (depth 1) or
     * `T **` (depth 2) parameter points to, else NULL */
    const char *param_type[SL_DECL_PARAMS];
    unsigned char param_depth[SL_DECL_PARAMS];
} sl_decl;

typedef struct sl_tu {
    char *file;                 /* main file, absolute, owned */
    sl_strvec includes;         /* every file the TU included, absolute, owned */
    SL_VEC(sl_func *) funcs;
    SL_VEC(sl_global) globals;
    SL_VEC(sl_decl) decls;      /* inference candidates (sl_decl) */
    struct sl_arena *arena;     /* private */
    struct sl_arena *decl_arena;/* private: the strings of decls */
} sl_tu;

/* Arena allocation: memory lives until the arena is freed. */
struct sl_arena *sl_arena_new(void);
void sl_arena_free(struct sl_arena *a);
void *sl_arena_alloc(struct sl_arena *a, size_t n);
const char *sl_arena_strdup(struct sl_arena *a, const char *s);
const char *sl_arena_strndup(struct sl_arena *a, const char *s, size_t n);

/* Building (frontend and tests). */
sl_func *sl_func_new(const char *name, const char *file);
void sl_func_free(sl_func *f);
/* Move f's blocks and their events into one allocation, each array cut to
 * its length: for a function whose CFG is complete (no block or event is
 * added after).  A worker holds the IR of every TU it parsed until the
 * analysis (workers.h); one allocation instead of two per block saves
 * their malloc overhead and slack. */
void sl_func_pack(sl_func *f);
int sl_func_add_var(sl_func *f, const char *name, sl_var_kind kind);
int sl_func_root_path(sl_func *f, int var);  /* path of the variable itself */
int sl_func_child_path(sl_func *f, int parent, const char *step, bool arrow);
/* The child path if the function has it, else SL_NO_PATH (creates none). */
int sl_func_find_child(const sl_func *f, int parent, const char *step, bool arrow);
int sl_func_new_block(sl_func *f);
sl_event *sl_block_add_event(sl_func *f, int block, sl_evkind kind, sl_srcloc loc);
/* End the block *cur (the one being filled; < 0: none, the code is
 * unreachable and nothing happens) with a goto to target: *cur becomes -1,
 * no block being filled.  Both front ends end blocks this way. */
void sl_block_goto(sl_func *f, int *cur, int target);
bool sl_path_is_prefix(const sl_func *f, int prefix, int path); /* prefix == path counts */
/* The value of o when it is a constant, or a variable whose value is known
 * for the whole function (has_const). */
bool sl_operand_const(const sl_func *f, sl_operand o, long long *v);
/* Is path a value derived from its parent's content ("=strcmp(...)")? */
bool sl_path_is_derived(const sl_func *f, int path);

void sl_tu_free(sl_tu *tu);
/* Free tu's inference candidates and their strings (a worker that has sent
 * them holds the rest of the TU until its analysis). */
void sl_tu_drop_decls(sl_tu *tu);

/* What one TU does to a global with external linkage (for the values that
 * hold across the program: summary.h, is_global entries). */
typedef struct sl_global_use {
    const char *usr;      /* borrowed from the TU */
    const char *name;
    bool defined;         /* defined here... */
    bool def_const;       /* ...with a constant initializer (init) */
    long long init;
    bool const_writes;    /* every store here stores wvalue */
    long long wvalue;
    bool other_writes;    /* a store of anything else, or its address taken */
    bool written;         /* stored into here at all */
} sl_global_use;

/* The TU's uses of globals with external linkage, one per USR (owned
 * vector, strings borrowed from tu). */
typedef SL_VEC(sl_global_use) sl_global_uses;
void sl_tu_global_uses(const sl_tu *tu, sl_global_uses *out);

/* Is this a memory allocator (malloc, calloc, ...)? */
bool sl_is_allocator_name(const char *name);
/* Does this C library function only read or fill the memory it is given,
 * keeping no pointer to it (memset, memcpy, snprintf, ...)? */
bool sl_is_memory_only_name(const char *name);

/* Debug and test dump of a function's CFG. Returns owned. */
char *sl_func_dump(const sl_func *f);

/* Which blocks can reach the exit (a block ending in SL_TERM_EXIT) */
void sl_func_reaches_exit(const sl_func *f, bool *out /* blocks.n */);

#endif
