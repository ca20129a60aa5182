/* pyfront: the Python front end, Python source -> ownership IR.
 *
 * The second front end beside frontend.c (libclang): it parses one .py file
 * with tree-sitter and the tree-sitter-python grammar and lowers every
 * function and method (async ones, nested ones) into the same sl_func CFGs
 * the C front end builds, so that the analysis, summaries, findings and
 * reports never learn which language they read.  How Python maps onto the
 * IR is written in docs/python.md; in short:
 *
 *   - calls are named by the dotted name their imports resolve to
 *     (`from azure.identity.aio import DefaultAzureCredential as DAC`;
 *     `DAC()` is the call azure.identity.aio.DefaultAzureCredential), a
 *     method call `h.close()` on a value of unknown class is the call
 *     `.close` with the receiver as argument 0 (sl_event.receiver);
 *   - functions of the project get the USR "py:<module>.<qualname>", a
 *     class's constructor the USR of its __init__ ("py:<module>.<Class>"),
 *     and keyword arguments are placed by the callee's parameter names when
 *     its definition is in the file or in a module of the same project;
 *   - `x is None`, `not x`, `if x:` and `x.closed` test the handle;
 *   - `with` / `async with` call `.__exit__` / `.__aexit__` on the context
 *     manager on every path out of the block;
 *   - a statement that computes something that may raise (a call, await
 *     or subscript) may raise into the handlers of its `try`, else through
 *     the `with` exits and `finally` bodies around it out of the function:
 *     a block ending SL_TERM_UNREACHABLE with raise_loc set, where the
 *     engine reports leak.exception when a rule file asks for it;
 *   - `with pytest.raises(...)` goes on only by the exception; `a, b =
 *     f(x)` of a library function is f(&a, &b, x) (rules: `out: N`);
 *   - `self.x = v` in a class with no method that can release `self.x`
 *     (close, aclose, __exit__, __aexit__, shutdown, ..., or a
 *     weakref.finalize callback given it) is no transfer to the object: the
 *     stored value is dropped there.
 *
 * sl_py_parse returns an owned sl_tu (sl_tu_free) or NULL with err set when
 * the file cannot be read.  Syntax errors are counted in rep (owned by the
 * caller, sl_parse_report_release) and the functions that hold them are
 * skipped with a reason; the rest is still lowered.  Modules of the project
 * read for parameter names are listed in the TU's includes.
 */
#ifndef SL_PYFRONT_H
#define SL_PYFRONT_H

#include "frontend.h"
#include "ir.h"
#include "util.h"

/* Is this a Python source file name (.py)? */
bool sl_is_python_name(const char *name);

/* file: path of the source; contents: its text, or NULL to read the file. */
sl_tu *sl_py_parse(const char *file, const char *contents, sl_parse_report *rep, sl_error *err);

#endif
