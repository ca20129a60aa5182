/* findings: what the analysis reports, independent of how it is shown or
 * stored.
 *
 * A sl_finding owns all its strings and its steps.  A sl_findings list owns
 * its findings; sl_findings_free releases them all.  File paths in findings
 * are absolute; writers make them relative to the project root.
 */
#ifndef SL_FINDINGS_H
#define SL_FINDINGS_H

#include "rules.h"
#include "util.h"

typedef struct sl_loc {
    char *file; /* absolute path, owned */
    unsigned line, col;
} sl_loc;

typedef enum sl_step_kind {
    SL_STEP_ACQUIRE, /* "handle 'h' acquired by curl_easy_init()" */
    SL_STEP_BRANCH,  /* "taking the true branch of 'rc != 0'" */
    SL_STEP_ALIAS,   /* "'h' copied into 'conn'" */
    SL_STEP_LEAK,    /* "'h' leaves the function here, still open" */
    SL_STEP_NOTE,    /* anything else */
} sl_step_kind;

const char *sl_step_kind_name(sl_step_kind k); /* "acquire", "branch", ... */

typedef struct sl_step {
    sl_step_kind kind;
    sl_loc loc;
    char *msg; /* owned */
} sl_step;

typedef struct sl_finding {
    char *rule_id;     /* "leak.session", "release.partial" */
    sl_kind kind;
    char *resource;    /* "curl.easy" */
    char *library;     /* "libcurl" */
    sl_loc loc;        /* where it is reported (the leaking exit) */
    char *function;    /* enclosing function */
    char *handle;      /* "h", "conn->curl" */
    char *acquire_fn;  /* "curl_easy_init" */
    sl_loc acquire_loc;
    char *message;     /* one line, no trailing newline */
    SL_VEC(sl_step) steps; /* witness path, in path order */
    /* Filled by sl_findings_finalize: */
    int ordinal;           /* among findings with the same identity */
    char fingerprint[65];  /* sha256 hex, no line numbers in its input */
    /* Filled by suppression handling (later issues); 0/NULL here. */
    bool suppressed;
    char *suppress_reason;
    /* The translation unit (main file, absolute, owned) whose analysis
     * reported it; NULL when unknown (runs stored before schema 2).  What
     * decides whether two runs can compare it (scope.h). */
    char *tu;
} sl_finding;

typedef SL_VEC(sl_finding) sl_findings;

/* Set a location; copies file (NULL allowed).  l must be zeroed or set
 * before: its previous file is freed. */
void sl_loc_set(sl_loc *l, const char *file, unsigned line, unsigned col);
/* Append a step whose message is formatted from fmt; copies file. */
void sl_finding_add_step(sl_finding *f, sl_step_kind kind, const char *file,
                         unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
void sl_finding_release(sl_finding *f); /* frees contents, zeroes *f */
/* Was the rule behind f inferred from declarations (infer.h: its resource
 * is named "inferred.TYPE")? */
bool sl_finding_inferred(const sl_finding *f);
void sl_findings_free(sl_findings *fs);  /* frees every finding and the array */
/* Rebase a path (owned, may be NULL) under root from to the same place
 * under root to; a path outside from is left as it is. */
void sl_path_reroot(char **path, const char *from, const char *to);
/* The same for every path of fs: locations, steps and TU. */
void sl_findings_reroot(sl_findings *fs, const char *from, const char *to);
/* Move every finding of src to the end of dst; src is left empty. */
void sl_findings_take(sl_findings *dst, sl_findings *src);

/* Sort by file, line, column, rule, handle, acquisition line (then by every
 * remaining field, so the order never depends on the input order); assign
 * ordinals and fingerprints.  root: project root used to make paths
 * relative for the fingerprint (so a checkout elsewhere gives the same
 * fingerprints).  May be called again after findings change.
 *
 * Fingerprint (version 1) = lower-case hex SHA-256 of the canonical
 * identity string below.  It holds no line or column numbers: adding lines
 * above a finding, moving its function within the file or re-indenting
 * keeps it; changing the rule, file, function, resource, handle or
 * acquiring call changes it.  The canonical string is, byte for byte
 * (every line ends in "\n"; LEN is the decimal byte length of VALUE):
 *
 *     sesslint-fingerprint-v1
 *     rule:LEN:VALUE          rule_id
 *     file:LEN:VALUE          sl_path_relative(loc.file, root)
 *     function:LEN:VALUE      function
 *     resource:LEN:VALUE      resource
 *     handle:LEN:VALUE        handle
 *     acquire:LEN:VALUE       acquire_fn
 *     ordinal:N               ordinal, decimal
 *
 * A NULL field is written as the empty value ("handle:0:").  Whitespace is
 * removed from function, handle and acquire_fn ("conn -> curl" and
 * "conn->curl" are the same handle); rule, file and resource are taken as
 * they are.  The length prefix keeps fields from running into each other.
 * `ordinal` is the finding's 0-based index, in sorted order, among the
 * findings whose six other fields are all equal.  A file outside root
 * keeps its absolute path, so its fingerprint depends on where it is. */
void sl_findings_finalize(sl_findings *fs, const char *root);

/* The canonical identity string above for f (using f->ordinal).  Returns
 * owned. */
char *sl_finding_identity(const sl_finding *f, const char *root);

/* One analyzed translation unit, for reports and the DB. */
typedef enum sl_tu_status {
    SL_TU_OK,          /* parsed and analyzed */
    SL_TU_PARSE_ERRORS,/* parsed with errors; analyzed what parsed */
    SL_TU_FAILED,      /* could not be analyzed at all */
} sl_tu_status;

/* Code of an analyzed TU that was not checked: a function whose body could
 * not be lowered, or a handle or close-routine parameter whose run ran out
 * of the function's analysis budget.  Owns its strings. */
typedef enum sl_skip_kind {
    SL_SKIP_FUNCTION,  /* the whole function (lowering gave up) */
    SL_SKIP_HANDLE,    /* one acquisition's handle was not followed */
    SL_SKIP_PARAMETER, /* a close routine's parameter was not followed */
} sl_skip_kind;

typedef struct sl_skip {
    sl_skip_kind kind;
    sl_loc loc;       /* the function's name, the acquisition, the parameter */
    char *function;
    char *what;       /* "handle 'f5' acquired by fopen()", "function 'g'" */
    char *reason;     /* "the function's analysis budget ran out", ... */
} sl_skip;

typedef SL_VEC(sl_skip) sl_skips;

const char *sl_skip_kind_name(sl_skip_kind k); /* "function", "handle", "parameter" */
/* The id reports give it: "skipped.function", "skipped.handle",
 * "skipped.parameter". */
const char *sl_skip_id(sl_skip_kind k);
/* One line for people: "handle 'f' acquired by fopen() in 'work' was not
 * followed: REASON".  Returns owned. */
char *sl_skip_message(const sl_skip *k);
void sl_skip_release(sl_skip *k); /* frees its strings, zeroes *k */
void sl_skips_free(sl_skips *s);   /* frees every entry and the array */

typedef struct sl_tu_result {
    char *file; /* absolute, owned */
    sl_tu_status status;
    unsigned nerrors;   /* parse diagnostics of severity error or fatal */
    char *message;      /* owned; first error or why it failed; may be NULL */
    unsigned nfunctions;/* functions analyzed */
    sl_skips skipped;   /* what in it was not checked, in source order */
} sl_tu_result;

typedef SL_VEC(sl_tu_result) sl_tu_results;
void sl_tu_results_free(sl_tu_results *r);

#endif
