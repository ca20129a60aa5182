/* infer: rules inferred from the declarations a run sees, for libraries
 * that have no rule file.
 *
 * A header that declares `x_cred *x_cred_new(void)` and `void
 * x_cred_free(x_cred *)` says plainly that one creates what the other
 * destroys.  From the declarations the frontend collects (sl_decl: functions
 * declared, not defined, outside the main file, whose name has a lifecycle
 * word) this module pairs constructors with destructors by the handle type
 * they return or take, and writes the pairs as rule files (docs/rules.md
 * format), one per header, that the run loads after the shipped and the
 * user's rules.  Precedence: a function named by any loaded rule (exactly
 * or by a pattern) or defined in the analyzed sources is never inferred.
 *
 * Everything returned is owned by the caller.
 */
#ifndef SL_INFER_H
#define SL_INFER_H

#include "ir.h"
#include "rules.h"

/* Does the name hold a word that makes it a candidate (a constructor or a
 * destructor word, in snake_case or CamelCase)?  A cheap test the frontend
 * runs on every declaration; answers are remembered per process (safe from
 * several threads). */
bool sl_infer_name_candidate(const char *name);

/* One inferred rule file: its text, the name it is loaded under
 * ("inferred:HEADER") and the header it describes. */
typedef struct sl_inferred_file {
    char *name;
    char *library; /* "gnutls/gnutls.h" */
    char *yaml;
} sl_inferred_file;

typedef SL_VEC(sl_inferred_file) sl_inferred_files;

void sl_inferred_files_free(sl_inferred_files *v);

/* Infer rules from decls[0..n) (duplicates by name allowed: the first
 * wins).  Functions for which known has a rule (sl_rules_lookup), and those
 * whose names are in defined[0..ndefined) (sorted, strcmp), are left out.
 * With comments, each file also says, for every resource, which
 * declarations were paired and where (`sesslint rules infer`).  Files come
 * sorted by library, their resources by name: the output depends only on
 * the set of declarations. */
void sl_infer_rules(const sl_decl *decls, size_t n, const sl_ruleset *known,
                    const char *const *defined, size_t ndefined, bool comments,
                    sl_inferred_files *out);

/* Load every file of files into rs (sl_rules_load_buffer) and mark the
 * resources they define as inferred.  Returns 0, or -1 with err. */
int sl_infer_load(sl_ruleset *rs, const sl_inferred_files *files, sl_error *err);

/* Does a call of callee only use a handle of inferred resource r?  Yes when
 * the callee belongs to the same API (its name starts with the stem all of
 * r's constructors and destructors share, cut after its last '_': "wg_conn_"
 * for wg_conn_new and wg_conn_free) and no word of it says it takes
 * ownership (set0, push, add, attach, adopt, take, own, give, append,
 * insert, move, steal, transfer, register).  Any other call of a function
 * without rule or body is unknown, as for every handle. */
bool sl_infer_call_uses(const struct sl_resource *r, const char *callee);

/* Do the inferred rules loaded into a rule set (sl_infer_load; ctx is the
 * sl_ruleset) change what a call of callee means: its rule acquires or
 * releases an inferred resource or is an inferred file's borrow: pattern,
 * or it uses the handle of an inferred resource (sl_infer_call_uses)?  The
 * signature fits sl_tu_rules_changed. */
bool sl_infer_affects(const char *callee, void *rules);

/* The param_depth the frontend gives a parameter (after the first
 * SL_DECL_PARAMS) that points to data of no handle type (`void *`, `char
 * *`, a struct the caller sees whole): a function taking one is no
 * destructor of its first argument (XML_MemFree(parser, ptr) frees ptr).
 * Function pointers are not data. */
#define SL_DECL_DATA_POINTER 3

/* A resource name given to inferred resources starts with this (as
 * sl_finding_inferred expects). */
#define SL_INFERRED_PREFIX "inferred."

#endif
