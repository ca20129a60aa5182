/* rules: the resource model sesslint checks against, loaded from YAML rule
 * files (format in docs/rules.md).
 *
 * A sl_ruleset owns everything it holds: resources, their acquire and
 * release entries, transfers, borrow and deallocator lists, and all strings.
 * Pointers handed out by lookups stay valid until sl_rules_free().
 * Loading is additive: several files may be loaded into one set; a resource
 * defined twice, or a function given two conflicting roles, is an error that
 * names both places.
 */
#ifndef SL_RULES_H
#define SL_RULES_H

#include "util.h"

typedef enum sl_kind {
    SL_KIND_SESSION,
    SL_KIND_CREDENTIAL,
    SL_KIND_CONNECTOR,
    SL_KIND_RESOURCE,
    SL_KIND_MEMORY, /* heap blocks: only in opt-in rule sets (--enable memory) */
} sl_kind;

#define SL_KIND_COUNT 5

const char *sl_kind_name(sl_kind k);           /* "session", ... */
const char *sl_kind_rule_id(sl_kind k);        /* "leak.session", ... */

typedef enum sl_cmp { SL_CMP_EQ, SL_CMP_NE, SL_CMP_LT, SL_CMP_LE, SL_CMP_GT, SL_CMP_GE } sl_cmp;

/* A value test such as "== 0", "< 0", "!= 0".  In YAML: a string
 * "<op> <integer>" or "NULL" (== 0).  Two special values: "none" (no value
 * satisfies it: a returned handle with no failure value, such as a struct
 * returned by value; stored as < LLONG_MIN) and "any" (every value does: a
 * call with no status to test; stored as >= LLONG_MIN). */
typedef struct sl_valcond {
    sl_cmp op;
    long long value;
} sl_valcond;

/* Parse "== 0", "<0", "!= -1", "NULL", "== NULL", "0x10", "none", "any"
 * (a bare value means "== value").  0, or -1 if s is not a condition. */
int sl_valcond_parse(const char *s, sl_valcond *out);
/* Write c as text ("== 0", "none", "any") into buf (n >= 32 is enough);
 * returns buf. */
const char *sl_valcond_format(sl_valcond c, char *buf, size_t n);

/* Where a rule entry came from, for messages. */
typedef struct sl_srcpos {
    const char *file; /* owned by the ruleset (interned) */
    unsigned line, col;
} sl_srcpos;

struct sl_resource;

typedef struct sl_acquire {
    char *fn;
    /* -1: the handle is the return value.  N >= 0: the handle is written
     * through argument N (a pointer to the handle), and the return value is a
     * status. */
    int out;
    /* Return-value handles: the value meaning "acquisition failed" (default
     * "== 0", i.e. NULL).  Ignored for out-parameter acquisitions. */
    sl_valcond invalid;
    /* Out-parameter acquisitions: the return status meaning success
     * (default "== 0"). */
    sl_valcond success;
    /* The handle must be released even when the call reported failure
     * (sqlite3_open, PQconnectdb, redisConnect). */
    bool valid_on_failure;
    struct sl_resource *res; /* back pointer, owned by the set */
    sl_srcpos pos;
} sl_acquire;

typedef struct sl_release {
    char *fn;
    /* Argument holding the handle.  The argument may be the handle itself or
     * a pointer to it (gss_release_cred(&minor, &cred) is arg 1). */
    int arg;
    /* YAML `when:`: the argument is released only when the call's result
     * satisfies `when` (realloc: "!= 0"); otherwise the caller still owns
     * it.  Such a release may share its function with an acquire entry. */
    bool conditional;
    sl_valcond when;
    struct sl_resource *res;
    sl_srcpos pos;
} sl_release;

typedef struct sl_resource {
    char *name;    /* "curl.easy" */
    char *library; /* "libcurl", from the file's `library:` key */
    sl_kind kind;
    bool inferred; /* from the run's declarations (infer.h), not a rule file */
    /* inferred only: the length of the name stem its functions share
     * ("wg_conn_"), 0 for none (set by sl_infer_load) */
    size_t infer_stem;
    SL_VEC(sl_acquire) acquire;
    SL_VEC(sl_release) release;
    sl_srcpos pos;
} sl_resource;

/* Ownership of the listed arguments moves: to argument `to`, or out of the
 * caller entirely when to == -1 (YAML `to: return` means the return value
 * owns them, which for the caller is the same: the handle is no longer its
 * own to close). */
typedef struct sl_transfer {
    char *fn;
    SL_VEC(int) args;
    int to;
    sl_srcpos pos;
} sl_transfer;

/* Everything the analysis needs to know about one function name.
 * Precedence for the analysis: acquire, release and transfer say what the
 * call does to its handles; the other arguments of such a call are only
 * used.  `borrow` never comes together with another role on one exact
 * name (the loader refuses it); `deallocator` may (a memory block tracked
 * as a resource can be released by free).
 * A rule found through a `prefix*` pattern has fn == the pattern. */
typedef struct sl_fnrule {
    const char *fn;
    const sl_acquire *acquire;          /* NULL if not an acquirer */
    SL_VEC(const sl_release *) release; /* may release several arguments */
    const sl_transfer *transfer;        /* NULL if none */
    bool borrow;      /* named in a `borrow:` list: uses handles, keeps none */
    bool deallocator; /* named in `deallocators:`: frees memory (free) */
} sl_fnrule;

typedef struct sl_ruleset {
    SL_VEC(sl_resource *) resources;
    SL_VEC(sl_transfer *) transfers;
    SL_VEC(char *) files;       /* every file loaded, in order (owned) */
    /* opt-in findings some loaded file asks for with `report:` */
    bool report_exception;      /* leak.exception (rules/optional/exception.yaml) */
    /* private: lookup table by function name */
    struct sl_fnrule_table *table;
} sl_ruleset;

void sl_rules_init(sl_ruleset *rs);
void sl_rules_free(sl_ruleset *rs); /* frees contents, not rs itself */

/* Load one YAML file (and the files it names under `include:`).  On error
 * returns -1 and err holds "file:line:col: message" (or "file: message"
 * when the file cannot be read); rs is left as it was before the call.
 * A file already loaded into rs (same absolute path) is skipped. */
int sl_rules_load_file(sl_ruleset *rs, const char *path, sl_error *err);
/* The same for rule text already in memory (buf need not be
 * NUL-terminated).  name stands for the file: it is used in messages and
 * positions, to resolve `include:` entries, and to skip text already
 * loaded under that name. */
int sl_rules_load_buffer(sl_ruleset *rs, const char *name, const char *buf, size_t len,
                         sl_error *err);
/* A file, or every *.yaml / *.yml in a directory (sorted by name, names
 * starting with '.' skipped; a directory without one is an error).  All or
 * nothing, like sl_rules_load_file. */
int sl_rules_load_path(sl_ruleset *rs, const char *path, sl_error *err);
/* The rule files sl_rules_load_path would load from directory path:
 * returns an owned, NULL-terminated array of owned paths (free each, then
 * the array) and their count in *n; NULL with err set if path cannot be
 * read. */
char **sl_rules_list_dir(const char *path, size_t *n, sl_error *err);
/* What `check` and `rules list` load: the built-in rules (when builtin is
 * true; located with sl_rules_builtin_dir) and then each of paths[0..n)
 * (files or directories).  All or nothing. */
int sl_rules_load_all(sl_ruleset *rs, const char *argv0, bool builtin,
                      const char *const *paths, size_t npaths, sl_error *err);
/* Opt-in rule sets: <built-in rules dir>/optional/NAME.yaml, loaded only
 * when asked for (`check --enable NAME`).  The path of set `name` (owned),
 * or NULL with err set: "unknown rule set 'x' for --enable (available:
 * memory)" when there is no such set. */
char *sl_rules_optional_path(const char *argv0, const char *name, sl_error *err);
/* The names of the opt-in rule sets, sorted, comma-separated ("memory"), or
 * "none" (owned). */
char *sl_rules_optional_names(const char *argv0);

/* Directory of the built-in rules: $SESSLINT_RULES_DIR if set, else
 * <exe dir>/../share/sesslint/rules (installed), else the source tree's
 * rules/ (build tree; path compiled in as SESSLINT_SOURCE_RULES_DIR).
 * Returns owned, or NULL with err set. */
char *sl_rules_builtin_dir(const char *argv0, sl_error *err);

/* The rule for a function name: its exact entry if there is one, else the
 * `prefix*` pattern with the longest matching prefix, else NULL.  Exact
 * names are found in O(1) average; patterns in O(length of fn). */
const sl_fnrule *sl_rules_lookup(const sl_ruleset *rs, const char *fn);

/* The value meaning "no handle" for a handle of res however it was
 * obtained (a wrapper's return, an out-parameter): what the resource's own
 * returning acquirers say (a descriptor: "< 0"), "== 0" (NULL) when none
 * returns one or res is NULL. */
sl_valcond sl_resource_invalid(const sl_resource *res);
const sl_resource *sl_rules_find_resource(const sl_ruleset *rs, const char *name);

/* About a rule returned by sl_rules_lookup: whether it came from a pattern,
 * and where its `borrow:` / `deallocators:` entry was first given (file
 * NULL when it has none). */
bool sl_fnrule_is_pattern(const sl_fnrule *r);
sl_srcpos sl_fnrule_borrow_pos(const sl_fnrule *r);
sl_srcpos sl_fnrule_dealloc_pos(const sl_fnrule *r);

typedef struct sl_rules_stats {
    size_t functions;             /* distinct exact names with any rule */
    size_t borrow, borrow_patterns;
    size_t deallocators, deallocator_patterns;
} sl_rules_stats;
void sl_rules_get_stats(const sl_ruleset *rs, sl_rules_stats *st);

/* SHA-256 hex identifying the loaded rules, for the DB and the cache key:
 * the hash, over the files in load order, of each file's path basename, a
 * NUL, the SHA-256 hex of its content and a newline.  Independent of where
 * the files are installed. */
void sl_rules_digest(const sl_ruleset *rs, char out[65]);

/* Evaluate a value test. */
bool sl_valcond_holds(sl_valcond c, long long v);

#endif
