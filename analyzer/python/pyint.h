/* pyint: what pyfront.c (modules, imports, definitions) and pylower.c
 * (statements and expressions to IR) share.  Private to the Python front
 * end.  A py_mod owns its tree, its text (when owned_src) and every string
 * in its tables; a py_ctx owns the modules it read besides the main one. */
#ifndef SL_PYINT_H
#define SL_PYINT_H

#include <tree_sitter/api.h>

#include "ir.h"
#include "util.h"

const TSLanguage *tree_sitter_python(void);

typedef struct py_alias {
    char *alias;  /* name bound in the module */
    char *dotted; /* what it stands for: "azure.identity.aio.DefaultAzureCredential" */
} py_alias;

typedef struct py_def {
    char *local;      /* "f", "Class", "Class.method" */
    char *dotted;     /* module + "." + local */
    char *usr;        /* "py:" file ":" local: the same whoever names it */
    sl_strvec params; /* parameter names in order, self included; "*a" for *a */
    bool is_class;    /* a class: its constructor (params of __init__) */
    bool is_static;   /* @staticmethod: no self */
    bool is_method;
} py_def;

typedef struct py_class {
    char *name;
    TSNode node;
    bool has_bases;     /* derives from something we do not read */
    sl_strvec released; /* attributes a release method reads, or that a
                           weakref.finalize callback is given */
} py_class;

typedef struct py_mod {
    char *file, *module, *root; /* absolute path, dotted name, dir of the top package */
    bool is_package;            /* an __init__.py */
    const char *src;
    size_t len;
    char *owned_src;
    TSTree *tree;
    SL_VEC(py_alias) imports;
    SL_VEC(py_def) defs;
    SL_VEC(py_class) classes;
} py_mod;

typedef struct py_ext {
    char *module;
    py_mod *m; /* NULL: not a module of the project */
} py_ext;

typedef struct py_ctx {
    TSParser *parser;
    py_mod *main;
    SL_VEC(py_ext) ext;
    sl_tu *tu;
} py_ctx;

bool py_is(TSNode n, const char *type);
/* A module-level statement whose body may define functions, classes and
 * imports (if, try, their clauses, a block): both walks of a module
 * (collecting definitions, lowering them) go into it. */
bool py_holds_module_defs(TSNode s);
TSNode py_field(TSNode n, const char *name);
char *py_text(const py_mod *M, TSNode n); /* owned */
bool py_text_is(const py_mod *M, TSNode n, const char *s);
sl_srcloc py_loc(TSNode n);
TSNode py_child_of_type(TSNode n, const char *type);
bool py_has_token(TSNode n, const char *kw);
TSNode py_undecorate(const py_mod *M, TSNode n, bool *is_static);
/* Parameter names of a function_definition, in order, appended to out
 * (owned strings); with star, `*args` and `**kw` keep one '*'. */
void py_params(const py_mod *M, TSNode fn, bool star, sl_strvec *out);
void py_import_stmt(py_mod *M, TSNode s);
const py_def *py_find_def(const py_mod *M, const char *local);
const char *py_find_import(const py_mod *M, const char *alias);
const py_class *py_find_class(const py_mod *M, const char *name);
const py_def *py_find_external(py_ctx *C, const char *dotted);
bool py_is_release_method(const char *name);

/* pylower.c: lower every function and method of C->main into C->tu. */
void py_lower_module(py_ctx *C, TSNode root);

#endif
