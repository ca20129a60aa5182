/* summary: what a function with a body does with ownership, learned by the
 * analysis and used by its callers exactly like a rule.
 *
 * Summaries are keyed by the function's clang USR, so a function defined in
 * one translation unit is known to callers in every other.  A sl_summaries
 * table owns its summaries, their strings and the synthesized acquire
 * entries; resource pointers are borrowed from the ruleset, which must
 * outlive the table.
 */
#ifndef SL_SUMMARY_H
#define SL_SUMMARY_H

#include <stdio.h>

#include "rules.h"
#include "util.h"

#define SL_MAX_PARAMS 32

typedef struct sl_summary {
    char *usr;
    char *name;
    char *file;          /* where it was learned (absolute) */
    unsigned line;
    /* parameters (bit i = parameter i, or what it points to) */
    unsigned releases_all;  /* released on every path */
    unsigned releases_some; /* released on some paths, returned live on others */
    unsigned escapes;       /* stored, returned or handed on: the callee keeps it */
    unsigned escapes_weak;  /* ...of those, kept only as far as an unknown call
                               (no body, no rule, or through a pointer) may keep it */
    const sl_resource *rel_res; /* what the releaser releases, when a rule said */
    /* an owned handle leaves through the return value or out-parameter */
    const sl_resource *ret_res;
    bool ret_composite;     /* returned inside a struct: free() alone leaks it */
    int out_param;          /* -1, or the parameter an owned handle is written through */
    const sl_resource *out_res;
    sl_valcond out_ok;      /* the return status under which it was written
                               (learned from the returns; "== 0" by default) */
    bool exported;          /* declared as a library's API (visibility("default"),
                               dllexport) */
    /* A constant value: for a function, what it returns on every path
     * (staticReturnsFalse); for a global variable's entry (is_global), the
     * one value it ever holds in the analyzed program: its initializer, and
     * every store into it, in every TU of the run (docs/engine.md). */
    bool has_const;
    long long const_value;
    bool is_global;         /* the entry of a global variable, not a function */
    /* Parameter rel_if_param (-1: none), released on some paths only, is
     * released on every path when the global rel_if_usr satisfies rel_if
     * and on none otherwise (a sink that closes unless a flag is set):
     * a caller that knows the global's value knows which. */
    int rel_if_param;
    sl_valcond rel_if;
    char *rel_if_usr;
    /* the global (USR) whose handle it releases on every path (a sink that
     * closes what a file-level variable holds), and as what resource */
    char *rel_global_usr;
    const sl_resource *rel_global_res;
    /* Parameter keep_if_param (-1: none), kept (escapes), is kept only when
     * the function returns a value satisfying keep_if; on its other returns
     * it neither kept nor released it (a setter that stores its argument
     * only when it succeeds): the caller still owns it there. */
    int keep_if_param;
    sl_valcond keep_if;
    /* parameter i is stored into field xfer_field[i] of parameter xfer_to[i]
     * (-1: not a transfer) */
    signed char xfer_to[SL_MAX_PARAMS];
    char *xfer_field[SL_MAX_PARAMS];
    /* synthesized acquire entries for callers (owned) */
    sl_acquire *ret_acq, *out_acq;
    /* in a table: the table's change count when this entry last changed
     * (set by sl_summaries_put; not part of the summary's content) */
    unsigned long gen;
} sl_summary;

typedef struct sl_summaries {
    SL_VEC(sl_summary *) v;
    size_t *slots; /* private hash: index+1 by usr, 0 empty */
    size_t nslots;
    /* Change tracking, so that a function is summarized again only when a
     * summary it reads changed: id is unique to this table in the process,
     * gen counts the changes made so far (each new or different entry takes
     * the next number as its gen). */
    unsigned long id;
    unsigned long gen;
} sl_summaries;

/* An empty summary: says nothing (out_param -1, no transfers). */
void sl_summary_init(sl_summary *s);

void sl_summaries_init(sl_summaries *t);
void sl_summaries_free(sl_summaries *t);
const sl_summary *sl_summaries_get(const sl_summaries *t, const char *usr);
/* Insert or replace (copies s's strings).  Returns true when the table
 * changed: a new function, or a different summary for a known one; the
 * entry then takes the table's next change number as its gen. */
bool sl_summaries_put(sl_summaries *t, const sl_summary *s);
/* Merge every summary of src into dst; returns true when dst changed. */
bool sl_summaries_merge(sl_summaries *dst, const sl_summaries *src);
/* Is there anything to say about this function? */
bool sl_summary_is_interesting(const sl_summary *s);
/* Does it say more about its parameters than that an unknown call may keep
 * them (an acquisition, a release, a store into a field, a definite keep)?
 * Such a summary outweighs a rule's borrow pattern matching its name. */
bool sl_summary_is_definite(const sl_summary *s);

/* Text form, one summary per line, for worker pipes and the database:
 * "usr\tname\tfile\tline\trel_all\trel_some\tescapes\tret_res\tret_comp\tout\tout_res\txfers\trel_res\tout_ok\tesc_weak\texported\tvalue\trel_if\trel_global\tkeep_if"
 * where xfers is "-" or "i:j:field,..." and out_ok a condition ("== 1"),
 * value "-", "r=V" (a function returning V) or "g=V" (a global holding V),
 * rel_if "-" or "param|condition|usr", rel_global "-" or "resource|usr"
 * (resource "-" when no rule said), and keep_if "-" or "param|condition".
 * Parsing resolves resource names in rs; unknown names fail. */
void sl_summary_format(sl_strbuf *b, const sl_summary *s);
int sl_summary_parse(const char *line, const sl_ruleset *rs, sl_summary *out, sl_error *err);
void sl_summary_release(sl_summary *s);

#endif
