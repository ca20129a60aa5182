/* analysis: ownership typestate over the IR.  See analysis.h. */
#include "analysis.h"

#include "infer.h"
#include "summary.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define SL_MAX_ALIAS 8
#define SL_MAX_STATUS 4
#define SL_MAX_FACTS 8
#define SL_MAX_HIST 40

typedef enum sl_hstate {
    SL_H_NONE,     /* not acquired yet on this path */
    SL_H_LIVE,     /* acquired, success not known */
    SL_H_OK,       /* acquired and checked valid */
    SL_H_FAILED,   /* acquisition failed: nothing to release */
    SL_H_RELEASED, /* released */
    SL_H_ESCAPED,  /* ownership left the function */
} sl_hstate;

typedef struct sl_fact {
    int path;
    sl_cmp op;
    long long v;
} sl_fact;
/* lists of facts are compared as bytes (memcmp in sl_facts_slot): no padding */
_Static_assert(sizeof(sl_fact) == sizeof(int) + sizeof(sl_cmp) + sizeof(long long),
               "sl_fact has padding");

typedef struct sl_hist {
    const struct sl_hist *prev;
    sl_step_kind kind;
    sl_srcloc loc;
    const char *text;  /* for a branch: the condition as written */
    bool truth;        /* for a branch: which way it went (as written) */
    int len;
} sl_hist;

/* The note for a step; returns owned. */
static char *sl_hist_text(const sl_hist *h)
{
    if (h->kind == SL_STEP_BRANCH)
        return sl_xasprintf("taking the %s branch of '%s'", h->truth ? "true" : "false",
                            h->text ? h->text : "?");
    return sl_xstrdup(h->text ? h->text : "");
}

typedef struct sl_state {
    unsigned char status, nal, nst, nfacts;
    int al[SL_MAX_ALIAS];
    int st[SL_MAX_STATUS];
    unsigned char ninv;
    int inv[4];      /* parameter seed: members this path found invalid or
                        asked about (their paths), or SL_INV_OTHER(path):
                        the struct asked through a call, or its owner
                        closed instead */
    int rel_path;    /* parameter seed: 1 + what was released, 0 if nothing */
    unsigned char policy; /* parameter seed: a branch on global state (the
                             environment, a global) was taken */
    bool pend_keep;  /* pend is a callee's status that says whether it kept
                        the handle (its summary's keep_if: kept), not a
                        release; pend_call is that call (scratch numbering) */
    bool joined;     /* facts were lost joining it with another state past
                        the cap: what it says of conditions is incomplete,
                        so a leak only it finds is not reported */
    int pend_call;
    int pend;        /* acquisition run: 1 + the local variable holding the
                        result of a conditional release given the handle
                        (q = realloc(p, n)) not yet tested, 0 if none */
    unsigned hash;   /* of everything above (set when stored) */
    unsigned hash_nf;/* of everything above but the facts (set when stored) */
    const sl_hist *hist;
    /* last: a block keeps only the first nfacts of them (sl_stored) */
    sl_fact facts[SL_MAX_FACTS];
} sl_state;

#define SL_INV_OTHER(path) (-(path)-2)

/* A state as a block keeps it: all of it but the facts, which are nfacts
 * entries of the engine's fact pool from fact0.  The pool holds each
 * distinct list of facts once (most states of a run share theirs with many
 * others), and a state rarely fills the SL_MAX_FACTS it has room for: on
 * curl's largest function the run needs a third of the memory it did with
 * whole states (its worker's peak). */
#define SL_STATE_HEAD offsetof(sl_state, facts)
typedef struct sl_stored {
    _Alignas(sl_state) unsigned char head[SL_STATE_HEAD];
    unsigned fact0;
    unsigned hash, hash_nf; /* the state's, read without loading it */
} sl_stored;

typedef SL_VEC(sl_stored) sl_states;

typedef struct sl_work {
    int block;
    int idx;
} sl_work;

/* The states of a run, kept by the caller between runs (of all the
 * functions of a TU) so that their memory is reused (sl_engine_reset,
 * then sl_engine_free). */
typedef struct sl_engine {
    sl_states *entry; /* per block */
    size_t nentry;    /* blocks entry has room for */
    SL_VEC(sl_work) queue;
    size_t qhead;
    int cap;
    SL_VEC(sl_fact) facts; /* the stored states' facts (sl_stored), each
                              distinct list once */
    unsigned *fslot;       /* open addressing: 1 + the start of a list in
                              facts, 0 for empty */
    unsigned char *flen;   /* ...and its length, by slot */
    size_t fcap, fn;       /* slots, lists */
} sl_engine;

/* What a call event's callee is, looked up once per function and phase
 * (the rules and the summaries do not change while its runs go). */
typedef struct sl_callinfo {
    const sl_fnrule *rule;   /* the rule naming the callee, or NULL */
    const sl_summary *sum;   /* its summary when no rule names it, or NULL */
    const sl_acquire *acq;   /* sl_call_acquire */
    int dep;                 /* summarizing: the callee's index in the memo's deps, or -1 */
    uint64_t read;           /* summarizing: what of sum the runs read (SL_READ_*) */
} sl_callinfo;

/* What a run reads of a callee's summary besides its acquire entry and
 * ret_composite (always read): bit j < SL_MAX_PARAMS, whether it releases,
 * keeps or stores elsewhere parameter j; and: */
#define SL_READ_PRESENT (1ull << 32) /* whether it has a summary at all */
#define SL_READ_RELANY  (1ull << 33) /* whether it releases any parameter */
#define SL_READ_DEFINITE (1ull << 34) /* whether it outweighs a pattern
                                         (sl_summary_outweighs_pattern) */

/* Per function and phase: the call lookups, and the run memory (kept by
 * the caller of sl_scratch_init across functions: it only grows), shared by
 * all its runs (sl_scratch_init, sl_scratch_free). */
#define SL_CG_COND 1
#define SL_CG_CLOSED 2

typedef struct sl_scratch {
    sl_engine *eng;
    size_t *first;       /* per block: index of its first event in calls */
    sl_callinfo *calls;  /* per event (only CALL events are filled) */
    size_t *pstart;      /* per block b: its predecessors are pred[pstart[b] .. pstart[b+1]) */
    int *pred;
    unsigned char *callee_globals; /* per variable: SL_CG_COND when a callee's
                                      release depends on that global (rel_if),
                                      SL_CG_CLOSED when a callee releases what
                                      it holds (rel_global); NULL until an
                                      acquisition run needs it */
    int *member_copy;    /* per variable: the parameter member it is a copy of
                            (sl_member_copies), or SL_NO_PATH; NULL until a
                            parameter run needs it */
    /* control dependence (sl_control_deps), computed when the first
     * acquisition run needs it: the branch and switch blocks that decide
     * whether block x runs are cd[cdstart[x] .. cdstart[x + 1]); cd_state
     * 0 not yet computed, 1 computed, 2 too large to keep (every branch
     * after a site then counts) */
    size_t *cdstart;
    int *cd;
    int cd_state;
    size_t nsites;       /* calls that acquire a handle (calls[].acq set) */
} sl_scratch;

typedef enum sl_leakkind {
    SL_LEAK_RETURN, SL_LEAK_END, SL_LEAK_SCOPE, SL_LEAK_OVERWRITE, SL_LEAK_DISCARD,
    SL_LEAK_CONTAINER,
    SL_LEAK_EXIT_MAIN, /* leak.exit: main returns with it open */
    SL_LEAK_EXIT_CALL, /* leak.exit: exit() ends the process with it open */
    SL_LEAK_EXCEPTION, /* leak.exception: an exception leaves the function */
} sl_leakkind;

/* Members set together with a handle member on the paths that store an
 * acquired handle into it (the field names, borrowed from the TU): an
 * ownership flag, a refcount, a state; and members beside it that hold a
 * reference the storing function was given (an event loop).  A close
 * routine that skips its close on the answer of its own bookkeeping trusts
 * it; one that skips it because such a reference is missing leaks the
 * handle (sl_compute_ties, sl_member_excuses). */
typedef struct sl_tie {
    const char *handle_field, *other_field;
    bool borrowed; /* not tied: other_field holds a reference the code was
                      given (fs->loop = loop), stored beside the handle */
} sl_tie;
typedef SL_VEC(sl_tie) sl_ties;

typedef struct sl_ctx {
    sl_func *f;
    const sl_ruleset *rules;
    const sl_analysis_opts *opts;
    const sl_summaries *sums;
    /* the tracked handle */
    int site_block, site_event; /* -1: seeded at entry (parameter) */
    const sl_acquire *acq;      /* NULL for a parameter seed */
    int seed_path;
    /* result */
    bool leaked;
    sl_srcloc leak_loc;
    sl_leakkind leak_kind;
    const sl_hist *leak_hist;
    int leak_container;
    /* the same for a leak where the process ends (leak.exit), reported
     * only when the site has no other leak */
    bool exit_leaked;
    sl_srcloc exit_loc;
    sl_leakkind exit_kind;
    const sl_hist *exit_hist;
    bool reached_exit_unreleased; /* parameter seed: some exit without release */
    bool reached_exit;
    /* how ownership left (for the function's own summary) */
    bool esc_return, esc_return_container, esc_out, esc_other;
    int esc_out_param;
    /* parameter seed */
    bool seed_released;      /* released on some path */
    bool seed_escaped;       /* stored, returned or handed on, on some path */
    bool seed_live_exit;     /* returned on some path with it neither */
    bool seed_maybe_released;/* given to a callee that releases it on some paths */
    bool released_somewhere; /* released on some path */
    bool esc_strong;         /* ownership left on some path by a store, a return, a
                                transfer, or a callee known to keep it (not only
                                into an unknown call) */
    /* acquisition: the values returned on paths where the handle left
     * through an out-parameter, and on paths that hold no handle (never
     * acquired, failed, released); *_unknown when one was not a constant */
    long long out_vals[8], none_vals[8];
    int nout_vals, nnone_vals;
    bool out_unknown, none_unknown;
    /* what the function returns on paths that released it and on paths
     * that left it open: a close routine returns the same either way */
    struct sl_retkey { int kind; long long v; sl_srcloc loc; const struct sl_hist *hist;
                       int inv[5]; int ninv; bool policy; }
        rel_rets[8], live_rets[8];
    int released_members[8]; /* members released on some path */
    int nreleased_members;
    int nrel_rets, nlive_rets;
    /* acquisition run: the handle given to the release routine of another
     * resource (close() of a FILE *, fclose() of a descriptor) */
    bool mismatch;
    sl_srcloc mismatch_loc;
    const char *mismatch_fn;
    const sl_resource *mismatch_res;
    /* parameter run under a known value of a global (sl_conditional_release):
     * its path in this function, and the fact it starts with */
    int cond_path;
    sl_cmp cond_op;
    long long cond_value;
    const unsigned char *global_closed; /* acquisition run: the scratch's
                                           callee_globals */
    const sl_ties *ties;     /* parameter run in sl_analyze_tu: the TU's ties */
    bool released_whole;     /* parameter run: released itself or a member,
                                not only elements of an array it points to */
    int nlive_exits;         /* parameter run: exits with the handle live */
    bool orphaned;           /* ...and paths where the function let go of it */
    sl_srcloc seed_exit_loc;
    const sl_hist *seed_exit_hist;
    const sl_resource *seed_res; /* resource of a release seen */
    bool composite;          /* the tracked handle is a struct of handles */
    unsigned char *relevant; /* paths tested on the way to the site or after it
                                (facts worth keeping), 2 when after it */
    int xfer_param;          /* seed stored only into this param's field, -2 elsewhere */
    const char *xfer_field;
    struct sl_arena *arena;
    int handle_path; /* first holder, for the message */
    long *budget;    /* block visits left for this function (shared by its runs) */
    bool verdict_only; /* acquisition run of sl_analyze_tu: only whether it
                          leaks matters, not what paths without the handle
                          return (a summary's business) */
    bool out_of_budget;
    struct sl_scratch *scr; /* the function's lookups and run memory */
} sl_ctx;

/* ---- value sets ------------------------------------------------------ */

/* A set of integers: an interval [lo, hi], or its complement when neg. */
typedef struct sl_vset {
    long long lo, hi;
    bool neg;
} sl_vset;

static sl_vset sl_vset_of(sl_cmp op, long long v)
{
    sl_vset s = {LLONG_MIN, LLONG_MAX, false};
    switch (op) {
    case SL_CMP_EQ: s.lo = s.hi = v; break;
    case SL_CMP_NE: s.lo = s.hi = v; s.neg = true; break;
    case SL_CMP_LT: s.hi = v == LLONG_MIN ? v : v - 1; if (v == LLONG_MIN) { s.lo = 1; s.hi = 0; } break;
    case SL_CMP_LE: s.hi = v; break;
    case SL_CMP_GT: s.lo = v == LLONG_MAX ? v : v + 1; if (v == LLONG_MAX) { s.lo = 1; s.hi = 0; } break;
    case SL_CMP_GE: s.lo = v; break;
    }
    return s;
}

static sl_cmp sl_negate(sl_cmp op)
{
    switch (op) {
    case SL_CMP_EQ: return SL_CMP_NE;
    case SL_CMP_NE: return SL_CMP_EQ;
    case SL_CMP_LT: return SL_CMP_GE;
    case SL_CMP_LE: return SL_CMP_GT;
    case SL_CMP_GT: return SL_CMP_LE;
    case SL_CMP_GE: return SL_CMP_LT;
    }
    return op;
}

static bool sl_vset_empty(sl_vset a)
{
    return !a.neg && a.lo > a.hi;
}

/* a ⊆ b */
static bool sl_vset_subset(sl_vset a, sl_vset b)
{
    if (sl_vset_empty(a))
        return true;
    if (!a.neg && !b.neg)
        return a.lo >= b.lo && a.hi <= b.hi;
    if (!a.neg && b.neg) /* interval inside the complement of b's interval */
        return a.hi < b.lo || a.lo > b.hi;
    if (a.neg && b.neg) /* complement of A inside complement of B: B ⊆ A */
        return b.lo >= a.lo && b.hi <= a.hi;
    /* complement of an interval inside an interval: only if b is everything */
    return b.lo == LLONG_MIN && b.hi == LLONG_MAX;
}

/* a ∩ b = ∅ */
static bool sl_vset_disjoint(sl_vset a, sl_vset b)
{
    if (sl_vset_empty(a) || sl_vset_empty(b))
        return true;
    if (!a.neg && !b.neg)
        return a.hi < b.lo || b.hi < a.lo;
    if (!a.neg && b.neg)
        return a.lo >= b.lo && a.hi <= b.hi;
    if (a.neg && !b.neg)
        return b.lo >= a.lo && b.hi <= a.hi;
    return false;
}

/* ---- state helpers -------------------------------------------------- */

static bool sl_live(const sl_state *s)
{
    return s->status == SL_H_LIVE || s->status == SL_H_OK;
}

/* An acquisition run's state that holds no handle any more (failed,
 * released, handed over) and waits for no test that could say otherwise. */
static bool sl_dead(const sl_state *s)
{
    return (s->status == SL_H_FAILED || s->status == SL_H_RELEASED ||
            s->status == SL_H_ESCAPED) &&
           !s->pend;
}

static int sl_find_ll(const long long *a, int n, long long x)
{
    for (int i = 0; i < n; i++)
        if (a[i] == x)
            return i;
    return -1;
}

/* Add a returned value to a set of at most 8 (unknown: not a constant,
 * or too many to tell apart). */
static void sl_note_return_value(long long *vals, int *n, bool *unknown, bool known, long long v)
{
    if (!known || (*n >= 8 && sl_find_ll(vals, *n, v) < 0))
        *unknown = true;
    else if (sl_find_ll(vals, *n, v) < 0)
        vals[(*n)++] = v;
}

static int sl_find(const int *a, int n, int x)
{
    for (int i = 0; i < n; i++)
        if (a[i] == x)
            return i;
    return -1;
}

static void sl_sorted_insert(int *a, unsigned char *n, int cap, int x)
{
    if (sl_find(a, *n, x) >= 0 || *n >= cap)
        return;
    int i = *n;
    while (i > 0 && a[i - 1] > x) {
        a[i] = a[i - 1];
        i--;
    }
    a[i] = x;
    (*n)++;
}

static void sl_remove_at(int *a, unsigned char *n, int i)
{
    memmove(a + i, a + i + 1, (size_t)(*n - i - 1) * sizeof(int));
    (*n)--;
}

static void sl_clear_handle(sl_state *s, sl_hstate st)
{
    s->status = (unsigned char)st;
    s->nal = 0;
    s->nst = 0;
    s->pend = 0;
    s->pend_keep = false;
    s->pend_call = 0;
}

/* Sets s->hash (everything but hist) and s->hash_nf (the same without the
 * facts). */
static void sl_state_hash(sl_state *s)
{
    unsigned h = 2166136261u;
#define SL_MIX(x) (h = (h ^ (unsigned)(x)) * 16777619u)
    SL_MIX(s->status);
    SL_MIX(s->rel_path);
    SL_MIX(0x400 + s->policy);
    SL_MIX(0x500 + s->pend);
    SL_MIX(0x600 + s->pend_keep);
    SL_MIX(s->pend_call);
    for (int i = 0; i < s->nal; i++)
        SL_MIX(s->al[i]);
    SL_MIX(0x100 + s->nst);
    for (int i = 0; i < s->nst; i++)
        SL_MIX(s->st[i]);
    SL_MIX(0x200 + s->ninv);
    for (int i = 0; i < s->ninv; i++)
        SL_MIX(s->inv[i]);
    s->hash_nf = h;
    SL_MIX(0x300 + s->nfacts);
    for (int i = 0; i < s->nfacts; i++) {
        SL_MIX(s->facts[i].path);
        SL_MIX(s->facts[i].op);
        SL_MIX((unsigned)s->facts[i].v);
    }
#undef SL_MIX
    s->hash = h;
}

static bool sl_ints_eq(const int *a, const int *b, int n)
{
    for (int i = 0; i < n; i++)
        if (a[i] != b[i])
            return false;
    return true;
}

/* Equal but for their facts (and hist). */
static bool sl_state_eq_nofacts(const sl_state *a, const sl_state *b)
{
    return a->status == b->status && a->nal == b->nal && a->nst == b->nst &&
           a->ninv == b->ninv && a->rel_path == b->rel_path && a->policy == b->policy &&
           a->pend == b->pend && a->pend_keep == b->pend_keep && a->pend_call == b->pend_call &&
           sl_ints_eq(a->inv, b->inv, a->ninv) && sl_ints_eq(a->al, b->al, a->nal) &&
           sl_ints_eq(a->st, b->st, a->nst);
}

/* Equal but for their hist. */
static bool sl_state_eq(const sl_state *a, const sl_state *b)
{
    if (a->nfacts != b->nfacts || !sl_state_eq_nofacts(a, b))
        return false;
    for (int i = 0; i < a->nfacts; i++)
        if (a->facts[i].path != b->facts[i].path || a->facts[i].op != b->facts[i].op ||
            a->facts[i].v != b->facts[i].v)
            return false;
    return true;
}

static const sl_hist *sl_hist_add(sl_ctx *c, const sl_hist *prev, sl_step_kind k, sl_srcloc loc,
                                  const char *text, bool truth)
{
    if (prev && prev->len >= SL_MAX_HIST)
        return prev;
    sl_hist *h = sl_arena_alloc(c->arena, sizeof *h);
    h->prev = prev;
    h->kind = k;
    h->loc = loc;
    h->text = text;
    h->truth = truth;
    h->len = prev ? prev->len + 1 : 1;
    return h;
}

static const sl_var *sl_root_var(const sl_func *f, int path)
{
    return &f->vars.v[f->paths.v[path].var];
}

/* Storing a handle into path hands it to someone else.  Elements of
 * arrays and initializer lists are not told apart, so a handle stored in one
 * is no longer followed (it may be released through any element). */
/* Is path an element of a local array (arr[], elements not told apart),
 * or below one (arr[].fd)? */
static bool sl_in_local_array(const sl_func *f, int path)
{
    for (int p = path; p != SL_NO_PATH; p = f->paths.v[p].parent) {
        const sl_path *pp = &f->paths.v[p];
        if (pp->step && !strcmp(pp->step, "[]") && pp->parent != SL_NO_PATH &&
            f->paths.v[pp->parent].parent == SL_NO_PATH) {
            const sl_var *v = &f->vars.v[f->paths.v[pp->parent].var];
            return v->kind == SL_VAR_LOCAL && v->is_array;
        }
    }
    return false;
}

/* Are the holders below container only elements of a local array? */
static bool sl_holds_only_elements(const sl_ctx *c, const sl_state *s, int container)
{
    bool any = false;
    for (int i = 0; i < s->nal; i++) {
        if (s->al[i] == container || !sl_path_is_prefix(c->f, container, s->al[i]))
            continue;
        if (!sl_in_local_array(c->f, s->al[i]))
            return false;
        any = true;
    }
    return any;
}

static bool sl_path_escapes(const sl_func *f, int path)
{
    for (int p = path; p != SL_NO_PATH; p = f->paths.v[p].parent) {
        const sl_path *pp = &f->paths.v[p];
        if (pp->step && !strcmp(pp->step, "[]") && sl_in_local_array(f, p))
            continue; /* an element of a local array: still the function's */
        if (pp->step && (!strcmp(pp->step, "[]") || !strcmp(pp->step, "{}")))
            return true;
        if (pp->parent == SL_NO_PATH) {
            const sl_var *v = &f->vars.v[pp->var];
            return v->kind == SL_VAR_GLOBAL;
        }
        if (pp->arrow) {
            const sl_path *par = &f->paths.v[pp->parent];
            /* A dereference below a parameter, a temporary, or a local
             * pointer that may point anywhere: memory we do not own. */
            if (par->parent != SL_NO_PATH)
                return true;
            const sl_var *v = &f->vars.v[par->var];
            if (v->kind == SL_VAR_PARAM || v->kind == SL_VAR_TEMP || v->kind == SL_VAR_GLOBAL)
                return true;
            if (v->kind == SL_VAR_LOCAL && !v->fresh)
                return true;
        }
    }
    return false;
}

static void sl_kill_facts_var(sl_ctx *c, sl_state *s, int var)
{
    int o = 0;
    for (int i = 0; i < s->nfacts; i++)
        if (c->f->paths.v[s->facts[i].path].var != var)
            s->facts[o++] = s->facts[i];
    s->nfacts = (unsigned char)o;
}

static void sl_kill_facts_below(sl_ctx *c, sl_state *s, int path, bool derived_too)
{
    int o = 0;
    for (int i = 0; i < s->nfacts; i++)
        if (s->facts[i].path == path || !sl_path_is_prefix(c->f, path, s->facts[i].path) ||
            (!derived_too && sl_path_is_derived(c->f, s->facts[i].path)))
            s->facts[o++] = s->facts[i];
    s->nfacts = (unsigned char)o;
}

/* A store into path: facts about it and below it die (all facts about the
 * variable when path is the variable itself). */
static void sl_kill_facts_at(sl_ctx *c, sl_state *s, int path)
{
    if (c->f->paths.v[path].parent == SL_NO_PATH) {
        sl_kill_facts_var(c, s, c->f->paths.v[path].var);
        return;
    }
    int o = 0;
    for (int i = 0; i < s->nfacts; i++)
        if (!sl_path_is_prefix(c->f, path, s->facts[i].path))
            s->facts[o++] = s->facts[i];
    s->nfacts = (unsigned char)o;
}

/* Facts are kept about locals and parameters whose address is not taken,
 * and about fields reached from them (up to the two levels paths have);
 * a field fact dies when anything below its root is assigned or the root
 * is handed to a call. */
static bool sl_fact_var_ok(const sl_ctx *c, int path)
{
    if (path == SL_NO_PATH)
        return false;
    if (path == c->cond_path)
        return true;
    const sl_var *v = sl_root_var(c->f, path);
    /* a global whose value decides what a callee releases (relevant 3) */
    if (c->relevant && c->relevant[path] == 3)
        return !v->address_taken;
    /* globals only in acquisition runs, where facts are kept only about
     * paths tested on the way to the site or after it */
    return (v->kind == SL_VAR_LOCAL || v->kind == SL_VAR_PARAM || v->kind == SL_VAR_TEMP ||
            (v->kind == SL_VAR_GLOBAL && v->tu_private && c->relevant)) &&
           !v->address_taken &&
           c->f->paths.v[path].tested && (!c->relevant || c->relevant[path]);
}

static void sl_add_fact(sl_ctx *c, sl_state *s, int path, sl_cmp op, long long v)
{
    if (!sl_fact_var_ok(c, path) || (c->verdict_only && sl_dead(s)))
        return;
    /* past the acquisition, what decided only the way to it is done */
    if (c->relevant && c->relevant[path] == 1 && s->status != SL_H_NONE)
        return;
    /* One fact per path, the one that says most: an equality stays, any
     * other test replaces what was known (x != 1 after x != 0).  Keeps the
     * number of distinct states small on chains of tests. */
    for (int i = 0; i < s->nfacts; i++) {
        if (s->facts[i].path != path)
            continue;
        if (s->facts[i].op == SL_CMP_EQ || (s->facts[i].op == op && s->facts[i].v == v))
            return;
        /* a range (n > 0 after n++) says more than one excluded value
         * (n != 4): keep it */
        if (op == SL_CMP_NE && s->facts[i].op != SL_CMP_NE)
            return;
        /* two ranges: their intersection, or (one fact per path) the side
         * of it that excludes 0, which the tests of counters ask about
         * (k > 0, then k < 8: k > 0 stays) */
        if (op != SL_CMP_NE && s->facts[i].op != SL_CMP_NE) {
            sl_vset a = sl_vset_of(s->facts[i].op, s->facts[i].v), b = sl_vset_of(op, v);
            long long lo = a.lo > b.lo ? a.lo : b.lo, hi = a.hi < b.hi ? a.hi : b.hi;
            if (lo == hi) {
                op = SL_CMP_EQ;
                v = lo;
            } else if (lo > 0 && lo != LLONG_MIN) {
                op = SL_CMP_GE;
                v = lo;
            } else if (hi < 0 && hi != LLONG_MAX) {
                op = SL_CMP_LE;
                v = hi;
            }
        }
        memmove(s->facts + i, s->facts + i + 1, (size_t)(s->nfacts - i - 1) * sizeof(sl_fact));
        s->nfacts--;
        break;
    }
    if (s->nfacts == SL_MAX_FACTS) {
        /* forget one: a fact only about the way to the acquisition first */
        int drop = 0;
        for (int i = 0; c->relevant && i < s->nfacts; i++)
            if (c->relevant[s->facts[i].path] != 2) {
                drop = i;
                break;
            }
        memmove(s->facts + drop, s->facts + drop + 1,
                (size_t)(SL_MAX_FACTS - drop - 1) * sizeof(sl_fact));
        s->nfacts--;
    }
    /* keep sorted by path then op then value for canonical comparison */
    sl_fact nf = {path, op, v};
    int i = s->nfacts;
    while (i > 0 && (s->facts[i - 1].path > path ||
                     (s->facts[i - 1].path == path &&
                      (s->facts[i - 1].op > op || (s->facts[i - 1].op == op && s->facts[i - 1].v > v))))) {
        s->facts[i] = s->facts[i - 1];
        i--;
    }
    s->facts[i] = nf;
    s->nfacts++;
}

/* Is a at or before b in the file? */
static bool sl_loc_not_after(sl_srcloc a, sl_srcloc b)
{
    return a.line < b.line || (a.line == b.line && a.col <= b.col);
}

static void sl_record_leak(sl_ctx *c, const sl_state *s, sl_srcloc loc, sl_leakkind k,
                           int container)
{
    if (c->site_block < 0) {
        c->reached_exit_unreleased = true;
        c->orphaned = true;
        return;
    }
    if (s->joined)
        return; /* a path that correlated conditions might have excluded,
                   had the cap not made us forget them: prefer silence */
    if (c->leaked && sl_loc_not_after(c->leak_loc, loc))
        return;
    c->leaked = true;
    c->leak_loc = loc;
    c->leak_kind = k;
    c->leak_hist = s->hist;
    c->leak_container = container;
}

/* The process ends on this path (main returns, exit() is called) with the
 * handle of an acquisition run still open: leak.exit, at the first such
 * place by line. */
static void sl_record_exit_leak(sl_ctx *c, const sl_state *s, sl_srcloc loc, sl_leakkind k)
{
    if (c->site_block < 0 || s->joined || !sl_live(s) || s->nal == 0 ||
        (c->acq && c->acq->res && c->acq->res->kind == SL_KIND_MEMORY))
        return; /* memory: the process's end is how most programs free it */
    if (c->exit_leaked && sl_loc_not_after(c->exit_loc, loc))
        return;
    c->exit_leaked = true;
    c->exit_loc = loc;
    c->exit_kind = k;
    c->exit_hist = s->hist;
}

/* The call that ends block b's path when it ends the process normally
 * (exit, _exit, _Exit, quick_exit: not abort, not a project's fatal()),
 * else NULL. */
static const sl_event *sl_exit_call(const sl_block *b)
{
    if (b->term != SL_TERM_UNREACHABLE)
        return NULL;
    for (size_t i = b->events.n; i-- > 0;) {
        const sl_event *e = &b->events.v[i];
        if (e->kind != SL_EV_CALL)
            continue;
        if (e->noreturn && e->callee &&
            (!strcmp(e->callee, "exit") || !strcmp(e->callee, "_exit") ||
             !strcmp(e->callee, "_Exit") || !strcmp(e->callee, "quick_exit")))
            return e;
        return NULL;
    }
    return NULL;
}

/* Drop holders rooted at var (or equal to/below path when var < 0). */
static void sl_drop_holders_below(sl_ctx *c, sl_state *s, int path)
{
    for (int i = s->nal; i-- > 0;)
        if (sl_path_is_prefix(c->f, path, s->al[i]))
            sl_remove_at(s->al, &s->nal, i);
    for (int i = s->nst; i-- > 0;)
        if (sl_path_is_prefix(c->f, path, s->st[i]))
            sl_remove_at(s->st, &s->nst, i);
}

/* The handle lost its last holder.  In an acquisition run that is a leak
 * (reported once; tracking stops).  In a parameter run the function let go
 * of what it was given without releasing or keeping it (`data =
 * fopen(...)` over a parameter): the caller still owns it, as after a
 * borrow. */
static void sl_check_orphan(sl_ctx *c, sl_state *s, sl_srcloc loc, sl_leakkind k, int container)
{
    if (sl_live(s) && s->nal == 0) {
        sl_record_leak(c, s, loc, k, container);
        sl_clear_handle(s, c->site_block < 0 ? SL_H_FAILED : SL_H_ESCAPED);
    }
}

/* Is path a parameter or local variable itself (not what it points to,
 * not a global)?  What is stored there is not seen by the caller. */
static bool sl_is_local_itself(const sl_func *f, int path)
{
    sl_var_kind k = f->vars.v[f->paths.v[path].var].kind;
    return f->paths.v[path].parent == SL_NO_PATH && k != SL_VAR_GLOBAL;
}

/* Temporaries die after the event that reads them. */
static void sl_kill_temp(sl_ctx *c, sl_state *s, sl_operand o, sl_srcloc loc)
{
    if (o.kind != SL_OPD_PATH)
        return;
    const sl_var *v = sl_root_var(c->f, o.path);
    if (v->kind != SL_VAR_TEMP)
        return;
    bool had = s->nal > 0;
    sl_drop_holders_below(c, s, v->root_path);
    if (had)
        sl_check_orphan(c, s, loc, SL_LEAK_DISCARD, SL_NO_PATH);
}

static bool sl_is_holder(const sl_state *s, sl_operand o)
{
    return (o.kind == SL_OPD_PATH || o.kind == SL_OPD_ADDR) && sl_find(s->al, s->nal, o.path) >= 0;
}

/* o names a strict prefix of some holder (a struct holding the handle). */
static bool sl_is_container(const sl_ctx *c, const sl_state *s, sl_operand o)
{
    if (o.kind != SL_OPD_PATH && o.kind != SL_OPD_ADDR)
        return false;
    for (int i = 0; i < s->nal; i++)
        if (s->al[i] != o.path && sl_path_is_prefix(c->f, o.path, s->al[i]))
            return true;
    return false;
}

/* o names something below a holder (a field of the tracked struct). */
static sl_operand sl_opd_path(int path)
{
    sl_operand o = {SL_OPD_PATH, path, 0};
    return o;
}

static bool sl_is_member(const sl_ctx *c, const sl_state *s, sl_operand o)
{
    if (o.kind != SL_OPD_PATH && o.kind != SL_OPD_ADDR)
        return false;
    for (int i = 0; i < s->nal; i++)
        if (s->al[i] != o.path && sl_path_is_prefix(c->f, s->al[i], o.path))
            return true;
    return false;
}

static bool sl_path_through_element(const sl_func *f, int path)
{
    for (int p = path; p != SL_NO_PATH; p = f->paths.v[p].parent)
        if (f->paths.v[p].step && !strcmp(f->paths.v[p].step, "[]"))
            return true;
    return false;
}

/* A member below the tracked parameter that this path found invalid (NULL,
 * -1, negative): a close routine that skips closing it has nothing to close.
 * Returns its path, or SL_NO_PATH. */
static int sl_invalid_member(const sl_ctx *c, const sl_state *s)
{
    sl_vset invalid = sl_vset_of(SL_CMP_LE, 0);
    for (int i = 0; i < s->nfacts; i++) {
        const sl_fact *f = &s->facts[i];
        bool below = false;
        for (int k = 0; k < s->nal && !below; k++)
            below = s->al[k] != f->path && sl_path_is_prefix(c->f, s->al[k], f->path);
        if (below && sl_vset_subset(sl_vset_of(f->op, f->v), invalid))
            return f->path;
    }
    return SL_NO_PATH;
}

static const sl_summary *sl_call_summary(const sl_ctx *c, const sl_event *e)
{
    return e->callee_usr ? sl_summaries_get(c->sums, e->callee_usr) : NULL;
}

static bool sl_same_dir(const char *a, const char *b)
{
    const char *sa = a ? strrchr(a, '/') : NULL, *sb = b ? strrchr(b, '/') : NULL;
    if (!sa || !sb)
        return !sa && !sb;
    return sa - a == sb - b && !strncmp(a, b, (size_t)(sa - a));
}

/* Does a summary outweigh a rule's `prefix*` pattern matching its name, for
 * a call from caller_file?  When it says something definite about ownership
 * (an acquisition, a release, a store into a field, a keep that is not only
 * an unknown call's): a project's own ssh_socket_set_fd, which stores the
 * descriptor, is read from its body, not taken for a libssh borrow because
 * of its name.  Not for a library's API (exported) called from another
 * directory: that is the library's client, whom the rule file describes
 * (curl's tool calling curl_easy_setopt, compiled in the same run as
 * libcurl). */
static bool sl_summary_outweighs_pattern(const sl_summary *s, const char *caller_file)
{
    return s && sl_summary_is_definite(s) && !(s->exported && !sl_same_dir(s->file, caller_file));
}

/* Is the callee a function of this TU with internal linkage (a static
 * function: its USR names the file, "c:sftp.c@F@sftp_stat")?  No library's
 * function is one, whatever rule shares its name: its body decides
 * (libssh2's own static sftp_stat is not libssh's). */
static bool sl_callee_is_local(const sl_event *e)
{
    return e->callee_has_body && e->callee_usr && !strncmp(e->callee_usr, "c:", 2) &&
           e->callee_usr[2] != '@';
}

/* The rule that decides a call in a function of caller_file, given the
 * rule naming the callee (named, or NULL): that rule, unless the callee is a
 * static function of the TU or the rule is a pattern the callee's summary
 * outweighs. */
static const sl_fnrule *sl_deciding_rule(const sl_fnrule *named, const sl_summaries *sums,
                                         const sl_event *e, const char *caller_file)
{
    if (named && sl_callee_is_local(e))
        return NULL;
    if (named && sl_fnrule_is_pattern(named) && e->callee_usr &&
        sl_summary_outweighs_pattern(sl_summaries_get(sums, e->callee_usr), caller_file))
        return NULL;
    return named;
}

static const sl_fnrule *sl_call_rule(const sl_ruleset *rules, const sl_summaries *sums,
                                     const sl_event *e, const char *caller_file)
{
    if (e->kind != SL_EV_CALL || !e->callee)
        return NULL;
    return sl_deciding_rule(sl_rules_lookup(rules, e->callee), sums, e, caller_file);
}

/* Is the callee named by a rule that no body overrides (an exact name)? */
static bool sl_callee_named_exactly(const sl_ruleset *rules, const sl_event *e)
{
    const sl_fnrule *r = e->callee ? sl_rules_lookup(rules, e->callee) : NULL;
    return r && !sl_fnrule_is_pattern(r) && !sl_callee_is_local(e);
}

/* The acquire entry for a call decided by rule r (sl_call_rule): the
 * rule's, else the callee's summary's. */
static const sl_acquire *sl_call_acquire(const sl_fnrule *r, const sl_summaries *sums,
                                         const sl_event *e)
{
    if (e->kind != SL_EV_CALL || !e->callee)
        return NULL;
    if (r)
        return r->acquire;
    const sl_summary *s = e->callee_usr ? sl_summaries_get(sums, e->callee_usr) : NULL;
    if (!s)
        return NULL;
    return s->ret_acq ? s->ret_acq : s->out_acq;
}

static void sl_mark_released(sl_ctx *c, sl_state *s)
{
    c->released_somewhere = true;
    sl_clear_handle(s, SL_H_RELEASED);
}

/* Ownership leaves: strong when something is known to keep the handle,
 * weak when only an unknown call might. */
static void sl_escape_as(sl_ctx *c, sl_state *s, bool strong)
{
    c->esc_other = true;
    c->xfer_param = -2;
    c->esc_strong |= strong;
    sl_clear_handle(s, SL_H_ESCAPED);
}

static void sl_escape(sl_ctx *c, sl_state *s)
{
    sl_escape_as(c, s, true);
}

/* The parameter whose pointee path is (*p, p a pointer parameter), or -1:
 * a handle stored there leaves through an out-parameter when the function
 * returns. */
static int sl_out_param_of(const sl_func *f, int path)
{
    if (path == SL_NO_PATH)
        return -1;
    const sl_path *p = &f->paths.v[path];
    if (p->depth != 1 || strcmp(p->step, "*") != 0)
        return -1;
    const sl_var *v = &f->vars.v[p->var];
    return v->kind == SL_VAR_PARAM ? v->param_index : -1;
}

/* The first holder that is an out-parameter's pointee, or SL_NO_PATH. */
static int sl_out_holder(const sl_ctx *c, const sl_state *s)
{
    for (int i = 0; i < s->nal; i++)
        if (sl_out_param_of(c->f, s->al[i]) >= 0)
            return s->al[i];
    return SL_NO_PATH;
}

/* A store into path hands the handle over: through an out-parameter
 * (`*out = h`) or anywhere else. */
static void sl_note_store_escape(sl_ctx *c, int path)
{
    c->esc_strong = true;
    const sl_path *p = &c->f->paths.v[path];
    const sl_var *v = sl_root_var(c->f, path);
    int out = sl_out_param_of(c->f, path);
    if (out >= 0) {
        c->esc_out = true;
        c->esc_out_param = out;
    } else if (v->kind == SL_VAR_PARAM && p->depth == 1 && p->arrow && strcmp(p->step, "[]") &&
               strcmp(p->step, "{}")) {
        /* stored into param->field: callers see it move into their struct */
        if (c->xfer_param < 0) {
            c->xfer_param = v->param_index;
            c->xfer_field = p->step;
        } else if (c->xfer_param != v->param_index || strcmp(c->xfer_field, p->step)) {
            c->xfer_param = -2;
        }
        c->esc_other = true;
    } else {
        c->esc_other = true;
        c->xfer_param = -2;
    }
}

/* Does rule r release argument arg, for a handle of res (NULL: a
 * parameter run, of any resource)?  A parameter run does not take a
 * release of memory (free, with the memory rules enabled) for a release:
 * free stays a deallocator there, as without those rules, so the summaries
 * of destructors and close routines do not change with them. */
static bool sl_rule_releases_arg(const sl_fnrule *r, int arg, const sl_resource *res)
{
    if (!r)
        return false;
    for (size_t i = 0; i < r->release.n; i++)
        if (r->release.v[i]->arg == arg &&
            (res ? r->release.v[i]->res == res : r->release.v[i]->res->kind != SL_KIND_MEMORY))
            return true;
    return false;
}

/* ---- conditional releases (realloc) ----------------------------------
 * A release entry with `when:` (rules.h) releases its argument only when
 * the call's result satisfies the condition: realloc frees the old block
 * only when it returns a new one.  In an acquisition run:
 *
 * - result stored over every holder of the handle (`p = realloc(p, n)`):
 *   on failure the store loses the only pointer to a block still
 *   allocated.  The call does not release it, and the store reports it (an
 *   overwrite of its last holder): sl_release_lost_on_failure.
 * - result stored in a local variable (`q = realloc(p, n)`): the release
 *   is pending on that variable (sl_state.pend).  A branch on it decides
 *   (sl_pend_edge): where the result satisfies `when` the handle is
 *   released, where it cannot the caller still owns it (`if (!q) return;`
 *   without free(p) leaks).  Until tested, a store into the variable or the
 *   end of its scope takes the release as done (sl_pend_settle).
 * - anywhere else (not stored, stored through a pointer): taken as done.
 *
 * Parameter runs do not see these releases (memory, sl_rule_releases_arg). */

/* The conditional release entry of rule r for argument j of res, or NULL. */
static const sl_release *sl_cond_release(const sl_fnrule *r, int j, const sl_resource *res)
{
    for (size_t i = 0; r && res && i < r->release.n; i++)
        if (r->release.v[i]->arg == j && r->release.v[i]->res == res &&
            r->release.v[i]->conditional)
            return r->release.v[i];
    return NULL;
}

/* Must the call not release argument j because its result overwrites
 * every holder of the handle? */
static bool sl_release_lost_on_failure(const sl_ctx *c, const sl_state *s, const sl_fnrule *r,
                                       int j, const sl_resource *res, const sl_event *e)
{
    if (!sl_cond_release(r, j, res) || e->dst == SL_NO_PATH || s->nal == 0)
        return false;
    for (int i = 0; i < s->nal; i++)
        if (!sl_path_is_prefix(c->f, e->dst, s->al[i]))
            return false; /* another holder keeps the old block */
    return true;
}

/* Does the call leave the release of argument j pending on its result (a
 * local variable)?  Then s->pend names that variable and the handle stays
 * live. */
static bool sl_pend_release(const sl_ctx *c, sl_state *s, const sl_fnrule *r, int j,
                            const sl_resource *res, const sl_event *e)
{
    if (!sl_cond_release(r, j, res) || e->dst == SL_NO_PATH ||
        c->f->paths.v[e->dst].parent != SL_NO_PATH)
        return false;
    const sl_var *v = sl_root_var(c->f, e->dst);
    if (v->kind != SL_VAR_LOCAL || v->address_taken)
        return false;
    s->pend = e->dst + 1;
    return true;
}

/* A callee (call: its index in the scratch's calls) that keeps the handle
 * only when its status satisfies its summary's keep_if, its status stored
 * in a local variable: the keep is pending on that variable, as a
 * conditional release is. */
static bool sl_pend_keep(const sl_ctx *c, sl_state *s, size_t call, const sl_event *e)
{
    if (e->dst == SL_NO_PATH || c->f->paths.v[e->dst].parent != SL_NO_PATH || s->pend)
        return false;
    const sl_var *v = sl_root_var(c->f, e->dst);
    if ((v->kind != SL_VAR_LOCAL && v->kind != SL_VAR_TEMP) || v->address_taken)
        return false;
    s->pend = e->dst + 1;
    s->pend_keep = true;
    s->pend_call = (int)call;
    return true;
}

/* Before event e: a store into the pending result, or the end of its
 * scope, before any test of it takes the release as done. */
static void sl_pend_settle(sl_ctx *c, sl_state *s, const sl_event *e)
{
    if (!s->pend)
        return;
    int var = c->f->paths.v[s->pend - 1].var;
    bool ends = (e->kind == SL_EV_ASSIGN || e->kind == SL_EV_CALL ||
                 e->kind == SL_EV_INVALIDATE) &&
                e->dst != SL_NO_PATH && c->f->paths.v[e->dst].var == var;
    for (int i = 0; e->kind == SL_EV_SCOPE_END && i < e->nvars && !ends; i++)
        ends = e->vars[i] == var;
    if (ends && s->pend_keep) {
        sl_escape_as(c, s, true); /* not tested: taken as kept */
    } else if (ends) {
        c->released_somewhere = true;
        sl_clear_handle(s, SL_H_RELEASED);
    }
}

/* An edge on which the pending result o lies in C: released where every
 * value of C satisfies the release's condition, still owned where none
 * does.  The condition is the one the resource's conditional releases
 * share; when they differ, the edge decides nothing. */
static void sl_pend_edge(sl_ctx *c, sl_state *s, sl_operand o, sl_vset C)
{
    if (!s->pend || !sl_live(s) || o.kind != SL_OPD_PATH || o.path != s->pend - 1 || !c->acq)
        return;
    if (s->pend_keep) {
        /* the callee's status: kept where it says so, still ours where not */
        const sl_summary *sum = c->scr->calls[s->pend_call].sum;
        if (!sum)
            return;
        sl_vset K = sl_vset_of(sum->keep_if.op, sum->keep_if.value);
        if (sl_vset_subset(C, K))
            sl_escape_as(c, s, true);
        else if (sl_vset_disjoint(C, K))
            s->pend = 0;
        return;
    }
    const sl_release *rel = NULL;
    const sl_resource *res = c->acq->res;
    for (size_t i = 0; i < res->release.n; i++) {
        const sl_release *r = &res->release.v[i];
        if (!r->conditional)
            continue;
        if (rel && (rel->when.op != r->when.op || rel->when.value != r->when.value))
            return;
        rel = r;
    }
    if (!rel)
        return;
    sl_vset W = sl_vset_of(rel->when.op, rel->when.value);
    if (sl_vset_subset(C, W)) {
        c->released_somewhere = true;
        sl_clear_handle(s, SL_H_RELEASED);
    } else if (sl_vset_disjoint(C, W)) {
        s->pend = 0;
    }
}

/* A seed (a parameter a close routine was given) released by argument j of
 * a call: remember what resource it was, from the release rule or from the
 * callee's summary.  A seed released only by a deallocator (free) or by a
 * summary that releases no handle keeps none: it is memory, and a
 * destructor that skips a free is not a close routine skipping its close. */
static void sl_note_seed_res(sl_ctx *c, const sl_fnrule *rule, const sl_summary *sum, int j)
{
    if (c->seed_res)
        return;
    for (size_t k = 0; rule && k < rule->release.n; k++)
        if (rule->release.v[k]->arg == j)
            c->seed_res = rule->release.v[k]->res;
    if (!c->seed_res && sum && sum->rel_res)
        c->seed_res = sum->rel_res;
}

/* Do resources a and b share a release function (close() for sockets and
 * descriptors)?  The release routine of one then releases the other. */
static bool sl_resources_compatible(const sl_resource *a, const sl_resource *b)
{
    if (a == b || !a || !b)
        return true;
    for (size_t i = 0; i < a->release.n; i++)
        for (size_t k = 0; k < b->release.n; k++)
            if (!strcmp(a->release.v[i].fn, b->release.v[k].fn))
                return true;
    return false;
}

/* The resource whose release routine argument j of this call is, when
 * that is not res nor compatible with it (fclose((FILE *)fd), or a callee
 * whose summary releases a FILE given a descriptor: sum_rel, the summary
 * releases argument j here), else NULL. */
static const sl_resource *sl_release_mismatch(const sl_fnrule *rule, const sl_summary *sum,
                                              bool sum_rel, int j, const sl_resource *res)
{
    if (!res)
        return NULL;
    if (rule) {
        const sl_resource *other = NULL;
        for (size_t k = 0; k < rule->release.n; k++) {
            if (rule->release.v[k]->arg != j)
                continue;
            /* free() of a struct that holds a handle is the deallocator's
             * business (a container leak), not another resource's release */
            if (rule->deallocator && rule->release.v[k]->res->kind == SL_KIND_MEMORY)
                continue;
            /* a method (".shutdown") of another class of the same name says
             * nothing about this handle (a socket's shutdown is no
             * executor's) */
            if (rule->release.v[k]->fn[0] == '.')
                continue;
            if (sl_resources_compatible(rule->release.v[k]->res, res))
                return NULL;
            other = rule->release.v[k]->res;
        }
        return other;
    }
    /* a heap block given to the destructor of what it holds is no mismatch,
     * nor a handle given to a function that frees memory; nor one given to a
     * function that releases something only inferred rules know (libssh's
     * pki_privkey_build_ecdsa frees the EC_KEY member of the key it is
     * given on a failure: weak evidence of what it does with the key) */
    if (sum && sum_rel && sum->rel_res && res->kind != SL_KIND_MEMORY &&
        sum->rel_res->kind != SL_KIND_MEMORY && !sum->rel_res->inferred &&
        !sl_resources_compatible(sum->rel_res, res))
        return sum->rel_res;
    return NULL;
}

/* Remember the first call that gave the handle to another resource's
 * release routine (reported as release.mismatch). */
static void sl_note_mismatch(sl_ctx *c, const sl_event *e, const sl_resource *wrong)
{
    if (c->mismatch || c->site_block < 0)
        return;
    c->mismatch = true;
    c->mismatch_loc = e->loc;
    c->mismatch_fn = e->callee;
    c->mismatch_res = wrong;
}

static bool sl_rule_transfers_arg(const sl_fnrule *r, int arg)
{
    if (!r || !r->transfer)
        return false;
    for (size_t i = 0; i < r->transfer->args.n; i++)
        if (r->transfer->args.v[i] == arg)
            return true;
    return false;
}

static bool sl_is_site(const sl_ctx *c, int b, int i)
{
    return b == c->site_block && i == c->site_event;
}

/* The value sets for "invalid handle" and "acquisition succeeded". */
static sl_vset sl_invalid_set(const sl_ctx *c)
{
    if (c->acq && c->acq->out < 0)
        return sl_vset_of(c->acq->invalid.op, c->acq->invalid.value);
    if (!c->acq) /* a parameter of unknown kind: NULL or a negative descriptor */
        return sl_vset_of(SL_CMP_LE, 0);
    /* written through an out-parameter: what no handle of its resource is
     * (a descriptor set to -1 was never opened) */
    sl_valcond v = sl_resource_invalid(c->acq->res);
    return sl_vset_of(v.op, v.value);
}

/* The runs of a summary are reused only while what they read of the
 * callees' summaries is unchanged (see sl_dep_same): note that argument j
 * of a call is the tracked handle, a field of it or a struct holding it, so
 * the callee's summary decides its fate.  For a callee with a body in the
 * TU, having no summary and having one with nothing to say are the same
 * (both borrow); for others an unknown callee may keep the handle. */
static void sl_mark_read(sl_callinfo *ci, const sl_event *e, int j, bool container)
{
    if (ci->rule)
        return;
    if (j < SL_MAX_PARAMS)
        ci->read |= 1ull << j;
    if (!e->callee_has_body)
        ci->read |= SL_READ_PRESENT;
    if (container)
        ci->read |= SL_READ_RELANY;
}

/* The holder that is a global a callee here releases, or SL_NO_PATH. */
static int sl_global_holder(const sl_ctx *c, const sl_state *s, const char *usr)
{
    for (int i = 0; i < s->nal; i++) {
        const sl_path *p = &c->f->paths.v[s->al[i]];
        const sl_var *v = &c->f->vars.v[p->var];
        if (p->parent == SL_NO_PATH && v->kind == SL_VAR_GLOBAL && v->usr &&
            (!usr || !strcmp(v->usr, usr)))
            return s->al[i];
    }
    return SL_NO_PATH;
}

/* Does what s knows of the global a callee's release depends on satisfy
 * the callee's condition (1), contradict it (0), or not tell (-1)? */
static int sl_global_cond_holds(const sl_ctx *c, const sl_state *s, const sl_summary *sum)
{
    sl_vset C = sl_vset_of(sum->rel_if.op, sum->rel_if.value);
    for (int i = 0; i < s->nfacts; i++) {
        const sl_path *p = &c->f->paths.v[s->facts[i].path];
        const sl_var *v = &c->f->vars.v[p->var];
        if (p->parent != SL_NO_PATH || v->kind != SL_VAR_GLOBAL || !v->usr ||
            strcmp(v->usr, sum->rel_if_usr))
            continue;
        sl_vset F = sl_vset_of(s->facts[i].op, s->facts[i].v);
        if (sl_vset_subset(F, C))
            return 1;
        if (sl_vset_disjoint(F, C))
            return 0;
    }
    return -1;
}

/* Locals that are only ever a copy of a parameter's member (`FILE *data =
 * s.file;`, set once, address never taken): in a parameter run, closing
 * or testing the copy is closing or testing the member, as a close routine
 * given a struct by value does. */
static void sl_member_copies(const sl_func *f, int *out)
{
    int *writes = sl_xcalloc(f->vars.n + 1, sizeof *writes);
    for (size_t v = 0; v < f->vars.n; v++)
        out[v] = SL_NO_PATH;
    for (size_t b = 0; b < f->blocks.n; b++) {
        const sl_block *bl = f->blocks.v[b];
        for (size_t i = 0; i < bl->events.n; i++) {
            const sl_event *e = &bl->events.v[i];
            if (e->dst == SL_NO_PATH || f->paths.v[e->dst].parent != SL_NO_PATH)
                continue;
            int v = f->paths.v[e->dst].var;
            writes[v]++;
            const sl_operand o = e->src;
            if (e->kind == SL_EV_ASSIGN && o.kind == SL_OPD_PATH &&
                f->paths.v[o.path].parent != SL_NO_PATH &&
                f->vars.v[f->paths.v[o.path].var].kind == SL_VAR_PARAM)
                out[v] = o.path;
        }
    }
    for (size_t v = 0; v < f->vars.n; v++)
        if (writes[v] != 1 || f->vars.v[v].kind != SL_VAR_LOCAL || f->vars.v[v].address_taken)
            out[v] = SL_NO_PATH;
    free(writes);
}

/* In a parameter run: o, or the member of the parameter it copies. */
static sl_operand sl_seed_view(sl_ctx *c, sl_operand o)
{
    if (c->site_block >= 0 || o.kind != SL_OPD_PATH || c->f->paths.v[o.path].parent != SL_NO_PATH)
        return o;
    if (!c->scr->member_copy) {
        c->scr->member_copy = sl_xmalloc((c->f->vars.n + 1) * sizeof *c->scr->member_copy);
        sl_member_copies(c->f, c->scr->member_copy);
    }
    int m = c->scr->member_copy[c->f->paths.v[o.path].var];
    return m == SL_NO_PATH ? o : sl_opd_path(m);
}

static void sl_apply_call(sl_ctx *c, sl_state *s, int b, int idx, const sl_event *e)
{
    sl_callinfo *ci = &c->scr->calls[c->scr->first[b] + (size_t)idx];
    const sl_fnrule *rule = ci->rule;
    const sl_summary *sum = ci->sum;
    const sl_resource *res = c->acq ? c->acq->res : NULL;
    bool site = sl_is_site(c, b, idx);
    const sl_acquire *call_acq = site ? c->acq : ci->acq;
    bool dealloc = rule && rule->deallocator;
    bool releaser_of_anything = (rule && (rule->release.n > 0 || dealloc)) ||
                                (sum && sum->releases_all);

    /* 1. arguments */
    if (sl_live(s)) {
        for (int j = 0; j < e->nargs && sl_live(s); j++) {
            sl_operand o = sl_seed_view(c, e->args[j]);
            bool sum_rel = sum && j < SL_MAX_PARAMS && ((sum->releases_all >> j) & 1);
            bool sum_esc = sum && j < SL_MAX_PARAMS && ((sum->escapes >> j) & 1);
            bool sum_some = sum && j < SL_MAX_PARAMS && ((sum->releases_some >> j) & 1);
            if (sum_some && sum->rel_if_param == j && c->site_block >= 0) {
                /* released or not by the value of a global we may know */
                int holds = sl_global_cond_holds(c, s, sum);
                if (holds >= 0) {
                    sum_rel = holds == 1;
                    sum_some = false;
                }
            }
            if (sl_is_holder(s, o)) {
                sl_mark_read(ci, e, j, false);
                if (sum_some && c->site_block < 0)
                    c->seed_maybe_released = true;
                if (site && call_acq && call_acq->out == j)
                    continue; /* re-acquired into the same place */
                /* a struct holding handles (a composite) given to the
                 * release routine of the struct itself is destroyed with
                 * what it holds (libssh's sftp_close of the sftp_file whose
                 * handle string a project function filled) */
                bool struct_destroyed = c->composite && o.kind == SL_OPD_PATH &&
                                        o.path == c->handle_path &&
                                        sl_rule_releases_arg(rule, j, NULL);
                const sl_resource *wrong =
                    c->site_block >= 0 && !struct_destroyed
                        ? sl_release_mismatch(rule, sum, sum_rel, j, res)
                        : NULL;
                if (struct_destroyed) {
                    sl_mark_released(c, s);
                } else if (wrong) {
                    /* released with another resource's routine: still
                     * open (and a finding of its own) */
                    sl_note_mismatch(c, e, wrong);
                } else if ((sl_rule_releases_arg(rule, j, res) &&
                            !(res && sl_release_lost_on_failure(c, s, rule, j, res, e)) &&
                            !(res && sl_pend_release(c, s, rule, j, res, e))) ||
                           sum_rel) {
                    if (c->site_block < 0) {
                        s->rel_path = o.path + 1;
                        c->released_whole |= !sl_path_through_element(c->f, o.path);
                    }
                    sl_note_seed_res(c, rule, sum, j);
                    sl_mark_released(c, s);
                } else if (dealloc && o.kind == SL_OPD_PATH) {
                    if (c->site_block < 0)
                        s->rel_path = o.path + 1;
                    if (c->composite) {
                        /* free() of a struct of handles releases none of them */
                        sl_remove_at(s->al, &s->nal, sl_find(s->al, s->nal, o.path));
                        sl_check_orphan(c, s, e->loc, SL_LEAK_CONTAINER, o.path);
                    } else {
                        sl_mark_released(c, s);
                    }
                } else if (sum && j < SL_MAX_PARAMS && sum->xfer_to[j] >= 0 &&
                           sum->xfer_to[j] < e->nargs &&
                           e->args[sum->xfer_to[j]].kind == SL_OPD_PATH &&
                           sum->xfer_field[j]) {
                    /* stored by the callee into a field of another argument */
                    int base = e->args[sum->xfer_to[j]].path;
                    int np = c->f->paths.v[base].depth < 2
                                 ? sl_func_child_path(c->f, base, sum->xfer_field[j], true)
                                 : SL_NO_PATH;
                    if (np == SL_NO_PATH || sl_path_escapes(c->f, np)) {
                        if (np != SL_NO_PATH)
                            sl_note_store_escape(c, np);
                        else
                            c->esc_other = true;
                        sl_clear_handle(s, SL_H_ESCAPED);
                    } else {
                        sl_sorted_insert(s->al, &s->nal, SL_MAX_ALIAS, np);
                    }
                } else if (sum_esc && sum->keep_if_param == j && c->site_block >= 0 &&
                           sl_pend_keep(c, s, c->scr->first[b] + (size_t)idx, e)) {
                    /* kept only if its status says so: decided where it is
                     * tested (sl_pend_edge) */
                } else if (sl_rule_transfers_arg(rule, j) || sum_esc) {
                    sl_escape_as(c, s, !sum_esc || !((sum->escapes_weak >> j) & 1));
                } else if (rule || sum) {
                    /* a known function that only uses it */
                } else if (e->callee_has_body) {
                    /* a body in this TU with nothing to say: it only uses it */
                } else if (res && res->inferred && sl_infer_call_uses(res, e->callee)) {
                    /* another function of the inferred library's own API
                     * (wg_conn_send of a wg_conn_new handle) */
                } else if (j == 0 && e->receiver) {
                    /* the receiver of an unknown method: used */
                } else if (c->opts->unknown_calls == SL_UNKNOWN_ESCAPE) {
                    sl_escape_as(c, s, false);
                }
            } else if (c->site_block < 0 && sl_is_member(c, s, o)) {
                /* a close routine releasing a field of what it was given
                 * (elements of an array it was given are a collection's
                 * contents, not the thing itself) */
                sl_mark_read(ci, e, j, false);
                bool copy = e->args[j].kind == SL_OPD_PATH && o.path != e->args[j].path;
                if ((sl_rule_releases_arg(rule, j, NULL) || sum_rel || (dealloc && copy)) &&
                    !sl_path_through_element(c->f, o.path)) {
                    s->rel_path = o.path + 1;
                    c->released_whole = true;
                    if (c->nreleased_members < 8)
                        c->released_members[c->nreleased_members++] = o.path;
                    sl_note_seed_res(c, rule, sum, (int)j);
                    sl_mark_released(c, s);
                }
            } else if (c->site_block < 0 && o.kind == SL_OPD_PATH && sum &&
                       j < SL_MAX_PARAMS && ((sum->releases_all | sum->releases_some) >> j & 1) &&
                       !sl_is_container(c, s, o)) {
                /* a close routine that closes another object instead
                 * (confree: the packet that owns the descriptor, or the
                 * descriptor itself): on this path the handle went with
                 * its owner, there is nothing left to close */
                sl_mark_read(ci, e, j, false);
                sl_sorted_insert(s->inv, &s->ninv, 4, SL_INV_OTHER(o.path));
            } else if (sl_is_container(c, s, o)) {
                sl_mark_read(ci, e, j, true);
                if (releaser_of_anything && o.kind == SL_OPD_PATH && !sum_rel) {
                    for (int i = s->nal; i-- > 0;)
                        if (s->al[i] != o.path && sl_path_is_prefix(c->f, o.path, s->al[i]))
                            sl_remove_at(s->al, &s->nal, i);
                    sl_check_orphan(c, s, e->loc, SL_LEAK_CONTAINER, o.path);
                } else if (sum_rel && c->site_block < 0) {
                    /* a parameter copied into a struct that is destroyed:
                     * not a release of the parameter itself */
                    sl_escape(c, s);
                } else if (sum_rel && sl_release_mismatch(NULL, sum, true, j, res)) {
                    /* a destructor of the struct that releases what it holds
                     * as another resource (fclose of a descriptor field) */
                    sl_note_mismatch(c, e, sl_release_mismatch(NULL, sum, true, j, res));
                } else if (sum_rel && res && res->kind != SL_KIND_MEMORY &&
                           (!sum->rel_res || sum->rel_res->kind == SL_KIND_MEMORY)) {
                    /* it frees memory of the struct, no handle: what the
                     * struct holds is still the caller's */
                } else if (sum_rel) {
                    /* a destructor of the struct: releases what it holds */
                    sl_mark_released(c, s);
                } else if (sum_some &&
                           (sl_holds_only_elements(c, s, o.path) ||
                            (c->site_block >= 0 && sum->rel_if_param != j &&
                             o.kind == SL_OPD_PATH &&
                             sl_root_var(c->f, o.path)->kind == SL_VAR_PARAM))) {
                    /* an array given to a function that closes its
                     * elements in a loop (none when its count is 0): which
                     * ones it closes, we cannot tell; nor, for a handle kept
                     * in memory our caller gave us, whether a callee that
                     * releases it on some of its paths (on a parameter of
                     * its own: libssh2's _libssh2_sha_algo_ctx_final) did */
                    sl_escape_as(c, s, false);
                } else if ((rule && !sl_rule_transfers_arg(rule, j)) || (sum && !sum_esc) ||
                           (!rule && !sum && e->callee_has_body)) {
                    /* borrowed */
                } else if (rule || sum || c->opts->unknown_calls == SL_UNKNOWN_ESCAPE) {
                    sl_escape_as(c, s, rule || (sum && !((sum->escapes_weak >> j) & 1)));
                }
            }
        }
    }
    /* 1b. a callee that releases the global holding the handle */
    if (sl_live(s) && sum && sum->rel_global_usr && c->site_block >= 0 &&
        sl_global_holder(c, s, sum->rel_global_usr) != SL_NO_PATH) {
        if (sum->rel_global_res && !sl_resources_compatible(sum->rel_global_res, res))
            sl_note_mismatch(c, e, sum->rel_global_res);
        else
            sl_mark_released(c, s);
    }
    /* 2. out-parameter writes by another acquisition (a rule's: a project
     * function that acquires through a pointer may load only what is not
     * there yet, libgit2's ensure_base_rev_loaded(&base_rev, ...), so it is
     * not taken to overwrite a handle the pointer already holds) */
    if (!site && call_acq && !(sum && !rule && call_acq == sum->out_acq) &&
        call_acq->out >= 0 && call_acq->out < e->nargs &&
        e->args[call_acq->out].kind == SL_OPD_ADDR) {
        int p = e->args[call_acq->out].path;
        int k = sl_find(s->al, s->nal, p);
        if (k >= 0) {
            sl_remove_at(s->al, &s->nal, k);
            sl_check_orphan(c, s, e->loc, SL_LEAK_OVERWRITE, SL_NO_PATH);
        }
    }
    /* An address passed to any call may be written through, and so may
     * what a pointer argument points to: those facts die.  Comparisons of
     * a string's content (strcmp(path, "-")) survive calls that only read
     * it (printf, error messages); a call that fills memory kills them. */
    bool writes = e->memory_only;
    /* the TU's private globals change only in the TU's functions that
     * write them, or in any function reached through a pointer */
    if (s->nfacts) {
        int k = 0;
        for (int x = 0; x < s->nfacts; x++) {
            const sl_var *v = sl_root_var(c->f, s->facts[x].path);
            bool dies = v->kind == SL_VAR_GLOBAL &&
                        (!e->callee || !v->tu_private ||
                         (e->callee_gwrites && v->global_index >= 0 &&
                          ((e->callee_gwrites[v->global_index / 64] >> (v->global_index % 64)) & 1)));
            if (!dies)
                s->facts[k++] = s->facts[x];
        }
        s->nfacts = (unsigned char)k;
    }
    for (int j = 0; j < e->nargs; j++) {
        if (e->args[j].kind == SL_OPD_ADDR)
            sl_kill_facts_var(c, s, c->f->paths.v[e->args[j].path].var);
        else if (e->args[j].kind == SL_OPD_PATH)
            sl_kill_facts_below(c, s, e->args[j].path, writes);
    }
    /* seed: a value stored where the released one was is a replacement, and
     * a handle acquired into the parameter makes it an output: neither is
     * a close routine's release (a parameter itself, given by value, is
     * no output: the caller never sees what is stored into it) */
    if (c->site_block < 0) {
        int w = call_acq && call_acq->out >= 0 && call_acq->out < e->nargs &&
                        e->args[call_acq->out].kind == SL_OPD_ADDR
                    ? e->args[call_acq->out].path
                    : e->dst;
        if (w != SL_NO_PATH && !sl_is_local_itself(c->f, w)) {
            if (s->status == SL_H_RELEASED && s->rel_path &&
                sl_path_is_prefix(c->f, w, s->rel_path - 1))
                sl_clear_handle(s, SL_H_ESCAPED);
            else if (call_acq && sl_live(s) &&
                     (sl_find(s->al, s->nal, w) >= 0 ||
                      sl_is_member(c, s, sl_opd_path(w))))
                sl_escape(c, s);
        }
    }
    /* 3. the result overwrites dst (with the constant the callee always
     * returns, when it does) */
    if (e->dst != SL_NO_PATH) {
        sl_kill_facts_at(c, s, e->dst);
        bool had = s->nal > 0;
        if (!sl_in_local_array(c->f, e->dst))
            sl_drop_holders_below(c, s, e->dst);
        if (had && !site)
            sl_check_orphan(c, s, e->loc, SL_LEAK_OVERWRITE, SL_NO_PATH);
        if (sum && sum->has_const && !sum->is_global && !site)
            sl_add_fact(c, s, e->dst, SL_CMP_EQ, sum->const_value);
    }
    /* 4. the acquisition itself */
    if (site) {
        int target = SL_NO_PATH;
        const sl_acquire *a = c->acq;
        if (a->out < 0)
            target = e->dst;
        else if (a->out < e->nargs && e->args[a->out].kind == SL_OPD_ADDR)
            target = e->args[a->out].path;
        else if (a->out < e->nargs && e->args[a->out].kind == SL_OPD_PATH &&
                 c->f->paths.v[e->args[a->out].path].depth == 0 &&
                 sl_root_var(c->f, e->args[a->out].path)->kind == SL_VAR_PARAM)
            /* written through a pointer parameter: followed as *p, which
             * leaves through that out-parameter when the function returns */
            target = sl_func_child_path(c->f, e->args[a->out].path, "*", true);
        else if (a->out < e->nargs)
            target = -2; /* written through a pointer we were given: not ours */
        if (sl_live(s) && s->nal > 0 && a->out >= 0 && target >= 0 &&
            sl_find(s->al, s->nal, target) >= 0) {
            /* same handle updated in place (gss_init_sec_context loops) */
        } else {
            if (sl_live(s) && s->nal > 0 && target >= 0 && sl_find(s->al, s->nal, target) >= 0 &&
                !sl_in_local_array(c->f, target)) {
                sl_remove_at(s->al, &s->nal, sl_find(s->al, s->nal, target));
                sl_check_orphan(c, s, e->loc, SL_LEAK_OVERWRITE, SL_NO_PATH);
            }
            sl_clear_handle(s, SL_H_LIVE);
            s->hist = sl_hist_add(c, NULL, SL_STEP_ACQUIRE, e->loc, NULL, false);
            if (c->relevant) {
                /* facts that only decided the way here are done */
                int k = 0;
                for (int x = 0; x < s->nfacts; x++)
                    if (c->relevant[s->facts[x].path] == 2)
                        s->facts[k++] = s->facts[x];
                s->nfacts = (unsigned char)k;
            }
            if (target == -2) {
                c->esc_out = true;
                c->esc_out_param = e->args[a->out].kind == SL_OPD_PATH
                                       ? sl_root_var(c->f, e->args[a->out].path)->param_index
                                       : -1;
                if (c->esc_out_param < 0)
                    c->esc_other = true;
                sl_clear_handle(s, SL_H_ESCAPED);
            } else if (target >= 0 && sl_path_escapes(c->f, target) &&
                       sl_out_param_of(c->f, target) < 0) {
                sl_note_store_escape(c, target);
                sl_clear_handle(s, SL_H_ESCAPED);
            } else if (target >= 0) {
                s->al[s->nal++] = target;
                if (a->out >= 0 && e->dst != SL_NO_PATH)
                    s->st[s->nst++] = e->dst;
            } else {
                sl_record_leak(c, s, e->loc, SL_LEAK_DISCARD, SL_NO_PATH);
                sl_clear_handle(s, SL_H_ESCAPED);
            }
        }
    }
    /* 5. temporaries read as arguments die */
    for (int j = 0; j < e->nargs; j++)
        sl_kill_temp(c, s, e->args[j], e->loc);
}

/* The holders strictly below src, moved below dst (dst.f for src.f),
 * appended to holders[*n] (those too deep to follow left out).  Returns
 * true when one cannot be followed there or lands where a store escapes. */
static bool sl_rebase_holders(sl_ctx *c, const sl_state *s, int src, int dst, int *holders,
                              int *n)
{
    const sl_func *f = c->f;
    bool escapes = false;
    for (int i = 0; i < s->nal && *n < SL_MAX_ALIAS; i++) {
        int h = s->al[i];
        if (h == src || !sl_path_is_prefix(f, src, h))
            continue;
        const char *steps[4];
        bool arrows[4];
        int k = 0;
        for (int p = h; p != src && k < 4; p = f->paths.v[p].parent) {
            steps[k] = f->paths.v[p].step;
            arrows[k] = f->paths.v[p].arrow;
            k++;
        }
        int np = dst;
        while (k-- > 0 && np != SL_NO_PATH)
            np = f->paths.v[np].depth >= 2 ? SL_NO_PATH
                                           : sl_func_child_path(c->f, np, steps[k], arrows[k]);
        if (np == SL_NO_PATH || sl_path_escapes(f, np))
            escapes = true;
        if (np != SL_NO_PATH)
            holders[(*n)++] = np;
    }
    return escapes;
}

static void sl_apply_assign(sl_ctx *c, sl_state *s, const sl_event *e)
{
    const sl_func *f = c->f;
    int dst = e->dst;
    sl_operand src = e->src;
    bool src_holder = sl_live(s) && sl_is_holder(s, src) && src.kind == SL_OPD_PATH;
    bool src_container = sl_live(s) && !src_holder && sl_is_container(c, s, src);
    bool src_status = src.kind == SL_OPD_PATH && sl_find(s->st, s->nst, src.path) >= 0;
    int new_holders[SL_MAX_ALIAS];
    int nnew = 0;
    bool escapes = false;

    bool closed_global = c->global_closed && f->paths.v[dst].parent == SL_NO_PATH &&
                         (c->global_closed[f->paths.v[dst].var] & SL_CG_CLOSED);
    if (src_holder) {
        if (sl_path_escapes(f, dst) && !(c->site_block >= 0 && sl_out_param_of(f, dst) >= 0) &&
            !closed_global)
            escapes = true;
        else
            new_holders[nnew++] = dst;
        /* a parameter run holds both the pointer and what it points to:
         * `FILE **pp = (FILE **)vp;` makes *pp a holder as *vp was (an
         * alias, not a store: nothing escapes by it) */
        if (!escapes)
            sl_rebase_holders(c, s, src.path, dst, new_holders, &nnew);
    } else if (src_container) {
        if (sl_path_escapes(f, dst) ||
            (src.kind == SL_OPD_ADDR && sl_root_var(f, dst)->kind != SL_VAR_TEMP)) {
            escapes = true;
        } else if (src.kind == SL_OPD_PATH) {
            /* copy of a pointer or struct holding the handle: rebase holders */
            escapes = sl_rebase_holders(c, s, src.path, dst, new_holders, &nnew);
        } else {
            escapes = true;
        }
    }
    if (c->site_block < 0 && s->status == SL_H_RELEASED && s->rel_path &&
        sl_path_is_prefix(f, dst, s->rel_path - 1) && src.kind != SL_OPD_CONST &&
        !sl_is_local_itself(f, dst))
        sl_clear_handle(s, SL_H_ESCAPED); /* released and replaced */
    /* dst loses what it held (not an element of a local array: one path
     * stands for every element, and storing into one keeps the others) */
    sl_kill_facts_at(c, s, dst);
    bool had = s->nal > 0;
    if (!(src.kind == SL_OPD_PATH && src.path == dst) && !sl_in_local_array(f, dst))
        sl_drop_holders_below(c, s, dst);
    if (escapes) {
        sl_note_store_escape(c, dst);
        sl_clear_handle(s, SL_H_ESCAPED);
    } else {
        for (int i = 0; i < nnew; i++)
            sl_sorted_insert(s->al, &s->nal, SL_MAX_ALIAS, new_holders[i]);
        if (src_status && f->paths.v[dst].parent == SL_NO_PATH)
            sl_sorted_insert(s->st, &s->nst, SL_MAX_STATUS, dst);
        if (had)
            sl_check_orphan(c, s, e->loc, SL_LEAK_OVERWRITE, SL_NO_PATH);
    }
    /* facts: constants assigned to plain variables */
    if (src.kind == SL_OPD_CONST)
        sl_add_fact(c, s, dst, SL_CMP_EQ, src.value);
    else if (src.kind == SL_OPD_PATH && sl_root_var(f, src.path)->has_const &&
             f->paths.v[src.path].parent == SL_NO_PATH)
        sl_add_fact(c, s, dst, SL_CMP_EQ, sl_root_var(f, src.path)->const_value);
    else if (src.kind == SL_OPD_PATH && sl_fact_var_ok(c, src.path) && sl_fact_var_ok(c, dst)) {
        /* copy facts of src to dst */
        sl_fact copy[SL_MAX_FACTS];
        int n = 0;
        for (int i = 0; i < s->nfacts; i++)
            if (s->facts[i].path == src.path)
                copy[n++] = s->facts[i];
        for (int i = 0; i < n; i++)
            sl_add_fact(c, s, dst, copy[i].op, copy[i].v);
    }
    sl_kill_temp(c, s, src, e->loc);
}

/* The value of o when it is a constant, or a variable whose value is known
 * for the whole function. */
static bool sl_const_operand(const sl_ctx *c, sl_operand o, long long *v)
{
    return sl_operand_const(c->f, o, v);
}

/* The value return operand o has on this path, when known: a constant, or
 * a variable known equal to one. */
static bool sl_return_value(const sl_ctx *c, const sl_state *s, sl_operand o, long long *rv)
{
    if (sl_operand_const(c->f, o, rv))
        return true;
    for (int i = 0; o.kind == SL_OPD_PATH && i < s->nfacts; i++)
        if (s->facts[i].path == o.path && s->facts[i].op == SL_CMP_EQ) {
            *rv = s->facts[i].v;
            return true;
        }
    return false;
}

static void sl_apply_event(sl_ctx *c, sl_state *s, int b, int idx, const sl_event *e)
{
    sl_pend_settle(c, s, e);
    switch (e->kind) {
    case SL_EV_CALL:
        sl_apply_call(c, s, b, idx, e);
        break;
    case SL_EV_ASSIGN:
        sl_apply_assign(c, s, e);
        break;
    case SL_EV_INVALIDATE: {
        /* a counter that was not negative is positive after ++ (what
         * `a[n++] = h; ... if (n > 0)` needs), kept as one range so that a
         * loop does not make a state per value */
        bool positive = false;
        if (e->src.kind == SL_OPD_CONST && e->src.value > 0)
            for (int i = 0; i < s->nfacts; i++)
                if (s->facts[i].path == e->dst)
                    positive = sl_vset_subset(sl_vset_of(s->facts[i].op, s->facts[i].v),
                                              sl_vset_of(SL_CMP_GE, 0));
        sl_kill_facts_at(c, s, e->dst);
        if (positive)
            sl_add_fact(c, s, e->dst, SL_CMP_GT, 0);
        for (int i = s->nst; i-- > 0;)
            if (s->st[i] == e->dst)
                sl_remove_at(s->st, &s->nst, i);
        break;
    }
    case SL_EV_SCOPE_END: {
        bool had = s->nal > 0;
        for (int v = 0; v < e->nvars; v++) {
            sl_drop_holders_below(c, s, c->f->vars.v[e->vars[v]].root_path);
            sl_kill_facts_var(c, s, e->vars[v]);
        }
        if (had)
            sl_check_orphan(c, s, e->loc, SL_LEAK_SCOPE, SL_NO_PATH);
        break;
    }
    case SL_EV_RETURN: {
        sl_operand o = e->src;
        if (c->site_block < 0) {
            /* parameter seed: only a release (or a failed handle) counts */
            c->reached_exit = true;
            if (sl_live(s) && (sl_is_holder(s, o) || sl_is_container(c, s, o))) {
                c->esc_strong = true;
                sl_clear_handle(s, SL_H_ESCAPED);
            }
            /* the status returned with it kept, and with it still the
             * caller's (a callee that keeps it only on success) */
            long long rv = 0;
            bool known = sl_return_value(c, s, o, &rv);
            if (s->status == SL_H_ESCAPED)
                sl_note_return_value(c->out_vals, &c->nout_vals, &c->out_unknown, known, rv);
            else if (s->status != SL_H_RELEASED && s->status != SL_H_FAILED)
                sl_note_return_value(c->none_vals, &c->nnone_vals, &c->none_unknown, known, rv);
            struct sl_retkey key = {(int)o.kind, o.kind == SL_OPD_CONST ? o.value : 0, e->loc,
                                    s->hist, {0}, 0, s->policy != 0};
            for (int k = 0; k < s->ninv; k++)
                key.inv[key.ninv++] = s->inv[k];
            int im = sl_invalid_member(c, s);
            if (im != SL_NO_PATH)
                key.inv[key.ninv++] = im;
            if (o.kind == SL_OPD_PATH && sl_const_operand(c, o, &key.v))
                key.kind = SL_OPD_CONST;
            bool comparable = key.kind == SL_OPD_NONE || key.kind == SL_OPD_CONST;
            if (s->status == SL_H_RELEASED) {
                c->seed_released = true;
                if (comparable && c->nrel_rets < 8)
                    c->rel_rets[c->nrel_rets++] = key;
            } else if (s->status == SL_H_ESCAPED) {
                c->seed_escaped = true;
            } else if (s->status != SL_H_FAILED) {
                if (!c->seed_live_exit) {
                    c->seed_exit_loc = e->loc;
                    c->seed_exit_hist = s->hist;
                }
                c->seed_live_exit = true;
                c->nlive_exits++;
                if (comparable && c->nlive_rets < 8)
                    c->live_rets[c->nlive_rets++] = key;
            }
            if (s->status != SL_H_RELEASED && s->status != SL_H_FAILED)
                c->reached_exit_unreleased = true;
            break;
        }
        /* what this path returns, for an out-parameter acquirer's status */
        long long rv = 0;
        bool known = sl_return_value(c, s, o, &rv);
        int oh = sl_live(s) ? sl_out_holder(c, s) : SL_NO_PATH;
        if (oh != SL_NO_PATH) {
            /* the handle leaves through the out-parameter */
            c->esc_out = true;
            c->esc_out_param = sl_out_param_of(c->f, oh);
            c->esc_strong = true;
            sl_clear_handle(s, SL_H_ESCAPED);
            sl_note_return_value(c->out_vals, &c->nout_vals, &c->out_unknown, known, rv);
        } else if (s->status == SL_H_NONE || s->status == SL_H_FAILED ||
                   s->status == SL_H_RELEASED) {
            sl_note_return_value(c->none_vals, &c->nnone_vals, &c->none_unknown, known, rv);
        }
        if (sl_live(s) && sl_is_holder(s, o)) {
            c->esc_return = true;
            sl_clear_handle(s, SL_H_ESCAPED);
        } else if (sl_live(s) && sl_is_container(c, s, o)) {
            c->esc_return = c->esc_return_container = true;
            sl_clear_handle(s, SL_H_ESCAPED);
        }
        c->reached_exit = true;
        /* still in a global (one a callee here would have released): kept */
        if (sl_live(s) && sl_global_holder(c, s, NULL) != SL_NO_PATH)
            sl_clear_handle(s, SL_H_ESCAPED);
        /* returning from main ends the process, which closes everything:
         * a leak of its own kind (leak.exit) */
        if (sl_live(s) && s->nal > 0 && strcmp(c->f->name, "main") != 0)
            sl_record_leak(c, s, e->loc, e->falls_off_end ? SL_LEAK_END : SL_LEAK_RETURN,
                           SL_NO_PATH);
        else if (sl_live(s) && s->nal > 0)
            sl_record_exit_leak(c, s, e->loc, SL_LEAK_EXIT_MAIN);
        break;
    }
    }
}

/* ---- worklist ------------------------------------------------------- */

static void sl_engine_reset(sl_engine *E, size_t nblocks, int cap)
{
    if (E->nentry < nblocks) {
        E->entry = sl_xrealloc(E->entry, nblocks * sizeof *E->entry);
        memset(E->entry + E->nentry, 0, (nblocks - E->nentry) * sizeof *E->entry);
        E->nentry = nblocks;
    }
    for (size_t i = 0; i < nblocks; i++)
        E->entry[i].n = 0;
    E->queue.n = 0;
    E->qhead = 0;
    E->cap = cap;
    E->facts.n = 0;
    if (E->fn && E->fcap > 4096 && E->fn * 8 < E->fcap) {
        /* a table grown for a larger run: clearing it for each small run
         * would cost more than growing a fresh one */
        free(E->fslot);
        free(E->flen);
        E->fslot = NULL;
        E->flen = NULL;
        E->fcap = 0;
    } else if (E->fn) {
        memset(E->fslot, 0, E->fcap * sizeof *E->fslot);
    }
    E->fn = 0;
}

static void sl_engine_free(sl_engine *E)
{
    for (size_t i = 0; i < E->nentry; i++)
        free(E->entry[i].v);
    free(E->entry);
    free(E->queue.v);
    free(E->facts.v);
    free(E->fslot);
    free(E->flen);
    memset(E, 0, sizeof *E);
}

/* The predecessors of every block (owned arrays, set in *pstart, *pred):
 * those of block b are pred[pstart[b] .. pstart[b + 1]). */
static void sl_predecessors(const sl_func *f, size_t **pstart, int **pred)
{
    size_t n = f->blocks.n;
    size_t *cnt = sl_xcalloc(n + 2, sizeof *cnt);
    for (int pass = 0; pass < 2; pass++) {
        size_t *fill = pass ? sl_xmalloc((n + 1) * sizeof *fill) : NULL;
        if (fill)
            memcpy(fill, cnt, (n + 1) * sizeof *fill);
        for (size_t b = 0; b < n; b++) {
            const sl_block *bl = f->blocks.v[b];
            int succ[2] = {-1, -1};
            if (bl->term == SL_TERM_GOTO || bl->term == SL_TERM_BRANCH ||
                bl->term == SL_TERM_SWITCH)
                succ[0] = bl->succ[0];
            if (bl->term == SL_TERM_BRANCH)
                succ[1] = bl->succ[1];
            for (int k = -2; k < (bl->term == SL_TERM_SWITCH ? bl->ncases : 0); k++) {
                int t = k < 0 ? succ[k + 2] : bl->case_succ[k];
                if (t < 0)
                    continue;
                if (pass)
                    (*pred)[fill[t]++] = (int)b;
                else
                    cnt[t + 1]++;
            }
        }
        if (!pass) {
            for (size_t b = 0; b < n; b++)
                cnt[b + 1] += cnt[b];
            *pred = sl_xmalloc((cnt[n] + 1) * sizeof **pred);
        }
        free(fill);
    }
    *pstart = cnt;
}

static void sl_scratch_init(sl_scratch *scr, sl_engine *eng, const sl_func *f,
                            const sl_ruleset *rules, const sl_summaries *sums)
{
    memset(scr, 0, sizeof *scr);
    scr->eng = eng;
    scr->first = sl_xmalloc((f->blocks.n + 1) * sizeof *scr->first);
    size_t n = 0;
    for (size_t b = 0; b < f->blocks.n; b++) {
        scr->first[b] = n;
        n += f->blocks.v[b]->events.n;
    }
    scr->calls = sl_xcalloc(n + 1, sizeof *scr->calls);
    for (size_t b = 0; b < f->blocks.n; b++) {
        const sl_block *bl = f->blocks.v[b];
        for (size_t i = 0; i < bl->events.n; i++) {
            const sl_event *e = &bl->events.v[i];
            if (e->kind != SL_EV_CALL)
                continue;
            sl_callinfo *ci = &scr->calls[scr->first[b] + i];
            const sl_fnrule *named = e->callee ? sl_rules_lookup(rules, e->callee) : NULL;
            ci->rule = sl_deciding_rule(named, sums, e, f->file);
            ci->sum = ci->rule || !e->callee_usr ? NULL : sl_summaries_get(sums, e->callee_usr);
            ci->acq = sl_call_acquire(ci->rule, sums, e);
            scr->nsites += ci->acq != NULL;
            /* a pattern rule stands unless the callee's summary outweighs
             * it: which one applied depends on that */
            if (named && sl_fnrule_is_pattern(named))
                ci->read |= SL_READ_DEFINITE;
        }
    }
}

static void sl_scratch_free(sl_scratch *scr)
{
    free(scr->first);
    free(scr->calls);
    free(scr->pstart);
    free(scr->pred);
    free(scr->member_copy);
    free(scr->callee_globals);
    free(scr->cdstart);
    free(scr->cd);
}

/* State idx of block, whole. */
static void sl_stored_load(const sl_engine *E, int block, size_t idx, sl_state *out)
{
    const sl_stored *st = &E->entry[block].v[idx];
    memcpy(out, st->head, SL_STATE_HEAD);
    if (out->nfacts) /* else the pool may be empty (NULL) */
        memcpy(out->facts, E->facts.v + st->fact0, out->nfacts * sizeof *out->facts);
}

static unsigned sl_facts_hash(const sl_fact *f, int n)
{
    unsigned h = 2166136261u;
    for (int i = 0; i < n; i++) {
        h = (h ^ (unsigned)f[i].path) * 16777619u;
        h = (h ^ (unsigned)f[i].op) * 16777619u;
        h = (h ^ (unsigned)f[i].v ^ (unsigned)((unsigned long long)f[i].v >> 32)) * 16777619u;
    }
    return h ^ (unsigned)n;
}

/* The slot of the list f[0..n) in E's table: where it is, or the empty
 * slot where it goes. */
static size_t sl_facts_slot(const sl_engine *E, const sl_fact *f, int n)
{
    size_t mask = E->fcap - 1;
    for (size_t i = sl_facts_hash(f, n) & mask;; i = (i + 1) & mask) {
        if (!E->fslot[i])
            return i;
        if (E->flen[i] == n &&
            !memcmp(E->facts.v + E->fslot[i] - 1, f, (size_t)n * sizeof *f))
            return i;
    }
}

/* Where the list f[0..n) starts in E's pool, added when new. */
static unsigned sl_facts_intern(sl_engine *E, const sl_fact *f, int n)
{
    if (n == 0)
        return 0;
    if (2 * (E->fn + 1) > E->fcap) {
        unsigned *os = E->fslot;
        unsigned char *ol = E->flen;
        size_t ocap = E->fcap;
        E->fcap = ocap ? 2 * ocap : 1024;
        E->fslot = sl_xcalloc(E->fcap, sizeof *E->fslot);
        E->flen = sl_xcalloc(E->fcap, sizeof *E->flen);
        for (size_t i = 0; i < ocap; i++)
            if (os[i]) {
                size_t k = sl_facts_slot(E, E->facts.v + os[i] - 1, ol[i]);
                E->fslot[k] = os[i];
                E->flen[k] = ol[i];
            }
        free(os);
        free(ol);
    }
    size_t k = sl_facts_slot(E, f, n);
    if (!E->fslot[k]) {
        E->fslot[k] = (unsigned)E->facts.n + 1;
        E->flen[k] = (unsigned char)n;
        E->fn++;
        for (int i = 0; i < n; i++)
            SL_VEC_PUSH(E->facts, f[i]);
    }
    return E->fslot[k] - 1;
}

/* st becomes s. */
static void sl_stored_set(sl_engine *E, sl_stored *st, const sl_state *s)
{
    memcpy(st->head, s, SL_STATE_HEAD);
    st->fact0 = sl_facts_intern(E, s->facts, s->nfacts);
    st->hash = s->hash;
    st->hash_nf = s->hash_nf;
}

static void sl_push_state(sl_engine *E, int block, sl_state s)
{
    sl_states *v = &E->entry[block];
    sl_state_hash(&s);
    sl_state o;
    for (size_t i = 0; i < v->n; i++) {
        if (v->v[i].hash != s.hash)
            continue;
        sl_stored_load(E, block, i, &o);
        if (sl_state_eq(&o, &s))
            return;
    }
    if ((int)v->n >= E->cap) {
        /* precision fallback: join with a state that differs only in its
         * facts, keeping the facts both hold (a fact true on every path
         * here survives); facts only shrink, so this ends */
        for (size_t i = 0; i < v->n; i++) {
            if (v->v[i].hash_nf != s.hash_nf)
                continue;
            sl_stored_load(E, block, i, &o);
            if (!sl_state_eq_nofacts(&o, &s))
                continue;
            int k = 0;
            for (int x = 0; x < o.nfacts; x++)
                for (int y = 0; y < s.nfacts; y++)
                    if (o.facts[x].path == s.facts[y].path && o.facts[x].op == s.facts[y].op &&
                        o.facts[x].v == s.facts[y].v) {
                        o.facts[k++] = o.facts[x];
                        break;
                    }
            if (k == o.nfacts)
                return; /* the new state adds nothing */
            o.nfacts = (unsigned char)k;
            o.joined = true;
            sl_state_hash(&o);
            sl_stored_set(E, &v->v[i], &o);
            sl_work w = {block, (int)i};
            SL_VEC_PUSH(E->queue, w);
            return;
        }
        if ((int)v->n >= 2 * E->cap)
            return;
    }
    sl_stored st;
    sl_stored_set(E, &st, &s);
    SL_VEC_PUSH(*v, st);
    sl_work w = {block, (int)v->n - 1};
    SL_VEC_PUSH(E->queue, w);
}

/* Decide an edge whose condition restricts operand o to set C. Returns false
 * when the edge is infeasible; updates s. */
static bool sl_edge(sl_ctx *c, sl_state *s, sl_operand o, sl_cmp op, long long v, bool no_fact)
{
    sl_vset C = sl_vset_of(op, v);
    if (o.kind == SL_OPD_CONST)
        return !sl_vset_disjoint(sl_vset_of(SL_CMP_EQ, o.value), C);
    if (o.kind != SL_OPD_PATH)
        return true;
    const sl_func *f = c->f;
    const sl_var *rv = sl_root_var(f, o.path);
    if (rv->has_const && f->paths.v[o.path].parent == SL_NO_PATH)
        return !sl_vset_disjoint(sl_vset_of(SL_CMP_EQ, rv->const_value), C);
    if (no_fact)
        return true;
    for (int i = 0; i < s->nfacts; i++)
        if (s->facts[i].path == o.path &&
            sl_vset_disjoint(sl_vset_of(s->facts[i].op, s->facts[i].v), C))
            return false;
    sl_pend_edge(c, s, o, C);
    if (sl_live(s) && sl_find(s->al, s->nal, o.path) >= 0) {
        sl_vset I = sl_invalid_set(c);
        /* a descriptor equal to 0, 1 or 2 is a standard stream the code
         * means to keep (fd = open(...); ... if (fd != STDIN_FILENO) close) */
        /* so is the false side of "fd > STDERR_FILENO" or "fd > 0": a
         * standard stream or no descriptor at all */
        bool std_or_none = !sl_vset_empty(C) && !C.neg && C.hi >= 0 && C.hi <= 2;
        if (c->acq && c->acq->out < 0 && c->acq->invalid.op == SL_CMP_LT &&
            c->acq->invalid.value == 0 && std_or_none) {
            sl_clear_handle(s, SL_H_FAILED);
            sl_add_fact(c, s, o.path, op, v);
            return true;
        }
        if (sl_vset_subset(C, I)) {
            if (s->status == SL_H_OK)
                return false;
            sl_clear_handle(s, SL_H_FAILED);
        } else if (sl_vset_disjoint(C, I)) {
            s->status = SL_H_OK;
        }
    } else if (sl_live(s) && c->acq && sl_find(s->st, s->nst, o.path) >= 0) {
        sl_vset S = sl_vset_of(c->acq->success.op, c->acq->success.value);
        if (sl_vset_subset(C, S)) {
            s->status = SL_H_OK;
        } else if (sl_vset_disjoint(C, S)) {
            if (s->status == SL_H_OK)
                return false;
            if (!c->acq->valid_on_failure)
                sl_clear_handle(s, SL_H_FAILED);
        }
    }
    bool member = c->site_block < 0 && sl_is_member(c, s, o);
    if (member && sl_vset_subset(C, sl_vset_of(SL_CMP_LE, 0)))
        sl_sorted_insert(s->inv, &s->ninv, 4, o.path);
    /* what this edge says is worth keeping when another test of the same
     * value may read it (or a close routine's member, which its returns
     * read); a value tested here only would split states for nothing */
    if (f->paths.v[o.path].ntests >= 2 || member)
        sl_add_fact(c, s, o.path, op, v);
    return true;
}

/* The call of block b whose value the branch tests (o, a temporary), or
 * NULL. */
static const sl_event *sl_call_of_temp(const sl_ctx *c, const sl_block *b, sl_operand o)
{
    if (o.kind != SL_OPD_PATH || sl_root_var(c->f, o.path)->kind != SL_VAR_TEMP)
        return NULL;
    for (size_t i = b->events.n; i-- > 0;)
        if (b->events.v[i].kind == SL_EV_CALL && b->events.v[i].dst == o.path)
            return &b->events.v[i];
    return NULL;
}

/* Parameter seed: does this branch ask the struct it was given about its
 * own state (a member, or a call given the struct: sshbuf_check_sanity(buf))?
 * A close routine that skips the close on such an answer trusts its
 * bookkeeping; one that skips on something else (another parameter, the
 * environment) is a partial release. */
static bool sl_tests_own_state(const sl_ctx *c, const sl_state *s, const sl_block *b,
                               sl_operand o)
{
    if (o.kind != SL_OPD_PATH)
        return false;
    if (sl_is_member(c, s, o))
        return true;
    const sl_event *e = sl_call_of_temp(c, b, o);
    for (int j = 0; e && j < e->nargs; j++)
        if (sl_is_holder(s, e->args[j]) || sl_is_member(c, s, e->args[j]))
            return true;
    return false;
}

/* Parameter seed: does this branch test only the program's global state (a
 * global variable, or a call given no local value: getenv("X"))?  A close
 * routine given a bare handle that closes it only under such a test follows
 * the program's policy on where its handles come from. */
static bool sl_tests_global_state(const sl_ctx *c, const sl_block *b, sl_operand o)
{
    if (o.kind != SL_OPD_PATH)
        return false;
    const sl_var *v = sl_root_var(c->f, o.path);
    if (v->kind == SL_VAR_GLOBAL)
        return true;
    const sl_event *e = sl_call_of_temp(c, b, o);
    for (int j = 0; e && j < e->nargs; j++)
        if ((e->args[j].kind == SL_OPD_PATH || e->args[j].kind == SL_OPD_ADDR) &&
            sl_root_var(c->f, e->args[j].path)->kind != SL_VAR_GLOBAL)
            return false;
    return e && e->callee != NULL;
}

/* Does an edge need a value beyond what an int holds (len > INT_MAX,
 * n >= SIZE_MAX / 2)?  Such guards protect against sizes the program's own
 * checks already exclude; a leak only on that edge is not worth a finding. */
static bool sl_beyond_int_range(sl_cmp op, long long v)
{
    if (v < INT_MAX && v > INT_MIN)
        return false;
    sl_vset C = sl_vset_of(op, v);
    if (C.neg || sl_vset_empty(C))
        return false;
    return (C.lo > INT_MAX && C.lo != LLONG_MIN) || (C.hi < INT_MIN && C.hi != LLONG_MAX) ||
           (op == SL_CMP_GE && v == INT_MAX);
}

/* The values path may hold in s, as an interval (its fact, or the
 * constant its variable holds; everything when nothing is known). */
static void sl_path_range(const sl_ctx *c, const sl_state *s, int path, long long *lo,
                          long long *hi)
{
    *lo = LLONG_MIN;
    *hi = LLONG_MAX;
    long long k;
    if (sl_operand_const(c->f, sl_opd_path(path), &k)) {
        *lo = *hi = k;
        return;
    }
    for (int i = 0; i < s->nfacts; i++)
        if (s->facts[i].path == path) {
            sl_vset v = sl_vset_of(s->facts[i].op, s->facts[i].v);
            if (!v.neg && v.lo <= v.hi) {
                *lo = v.lo;
                *hi = v.hi;
            }
            return;
        }
}

/* Can a OP b hold, given what s knows of each? */
static bool sl_order_possible(const sl_ctx *c, const sl_state *s, int a, sl_cmp op, int b)
{
    long long alo, ahi, blo, bhi;
    sl_path_range(c, s, a, &alo, &ahi);
    sl_path_range(c, s, b, &blo, &bhi);
    switch (op) {
    case SL_CMP_LT: return alo < bhi;
    case SL_CMP_LE: return alo <= bhi;
    case SL_CMP_GT: return ahi > blo;
    case SL_CMP_GE: return ahi >= blo;
    default: return true;
    }
}

static void sl_take_edge(sl_ctx *c, sl_engine *E, const sl_state *in, const sl_block *b,
                         int succ, sl_operand o, sl_cmp op, long long v, bool constrained,
                         bool truth)
{
    sl_state s = *in;
    if (b->cond.rhs_path != SL_NO_PATH) {
        /* a handle compared with another pointer: a handle this function
         * acquired is no other object (f == stdin is false) */
        constrained = false;
        bool lh = o.kind == SL_OPD_PATH && sl_find(s.al, s.nal, o.path) >= 0;
        bool rh = sl_find(s.al, s.nal, b->cond.rhs_path) >= 0;
        if (sl_live(&s) && c->site_block >= 0 && lh != rh && op == SL_CMP_EQ)
            return;
        /* two values ordered against what is known of each: with n == 0
         * and count > 0, n < count cannot be false */
        if (op != SL_CMP_EQ && op != SL_CMP_NE && o.kind == SL_OPD_PATH &&
            !sl_order_possible(c, &s, o.path, op, b->cond.rhs_path))
            return;
    }
    o = sl_seed_view(c, o);
    if (constrained && !sl_edge(c, &s, o, op, v, false))
        return;
    if (constrained && c->site_block >= 0 && sl_live(&s) && sl_beyond_int_range(op, v) &&
        !(o.kind == SL_OPD_PATH &&
          (sl_find(s.al, s.nal, o.path) >= 0 || sl_find(s.st, s.nst, o.path) >= 0)))
        return; /* a sanity guard no value the program makes can pass */
    if (c->site_block < 0 && sl_live(&s) && sl_tests_own_state(c, &s, b, o))
        sl_sorted_insert(s.inv, &s.ninv, 4,
                         sl_is_member(c, &s, o) ? o.path : SL_INV_OTHER(o.path));
    else if (c->site_block < 0 && sl_live(&s) && sl_tests_global_state(c, b, o))
        s.policy = 1;
    if (sl_live(in) && b->cond.text && (truth || !b->cond.quiet_false)) {
        /* the note is formatted only if a finding needs it */
        s.hist = sl_hist_add(c, s.hist, SL_STEP_BRANCH, b->cond.loc, b->cond.text,
                             b->cond.text_negated ? !truth : truth);
    }
    sl_kill_temp(c, &s, o, b->cond.loc);
    sl_push_state(E, succ, s);
}

static void sl_run(sl_ctx *c, sl_state init)
{
    sl_func *f = c->f;
    sl_engine *E = c->scr->eng;
    sl_engine_reset(E, f->blocks.n, c->opts->max_states > 0 ? c->opts->max_states : 32);
    sl_push_state(E, 0, init);
    while (E->qhead < E->queue.n) {
        if (c->budget && --*c->budget < 0) {
            /* precision fallback: the function's analysis budget is spent;
             * this run ends without a verdict (no finding from it) */
            c->out_of_budget = true;
            c->leaked = false;
            c->seed_live_exit = false;
            c->seed_released = false;
            c->reached_exit_unreleased = true;
            break;
        }
        sl_work w = E->queue.v[E->qhead++];
        const sl_block *b = f->blocks.v[w.block];
        sl_state s;
        sl_stored_load(E, w.block, (size_t)w.idx, &s);
        for (size_t i = 0; i < b->events.n; i++) {
            const sl_event *e = &b->events.v[i];
            if (s.status == SL_H_NONE && !sl_is_site(c, w.block, (int)i) &&
                e->kind != SL_EV_ASSIGN && e->kind != SL_EV_INVALIDATE && e->kind != SL_EV_CALL &&
                e->kind != SL_EV_SCOPE_END && e->kind != SL_EV_RETURN)
                continue;
            sl_apply_event(c, &s, w.block, (int)i, e);
        }
        if (c->verdict_only && s.nfacts && sl_dead(&s)) {
            /* no leak can come of it: its facts would only keep it apart
             * from the other such states at every block below.  Were the
             * loop to bring it back to the acquisition, what it found then
             * is incomplete, so it stays silent (joined). */
            s.nfacts = 0;
            s.joined = true;
        }
        switch (b->term) {
        case SL_TERM_GOTO:
            sl_push_state(E, b->succ[0], s);
            break;
        case SL_TERM_BRANCH:
            sl_take_edge(c, E, &s, b, b->succ[0], b->cond.lhs, b->cond.op, b->cond.rhs, true,
                         true);
            sl_take_edge(c, E, &s, b, b->succ[1], b->cond.lhs, sl_negate(b->cond.op),
                         b->cond.rhs, true, false);
            break;
        case SL_TERM_SWITCH: {
            bool single = b->ncases == 1 && b->case_values[0] != 0x7fffffffffffff00LL;
            for (int k = 0; k < b->ncases; k++) {
                bool known = b->case_values[k] != 0x7fffffffffffff00LL;
                sl_take_edge(c, E, &s, b, b->case_succ[k], b->cond.lhs, SL_CMP_EQ,
                             b->case_values[k], known, true);
            }
            sl_take_edge(c, E, &s, b, b->succ[0], b->cond.lhs, SL_CMP_NE,
                         single ? b->case_values[0] : 0, single, false);
            break;
        }
        case SL_TERM_UNREACHABLE: {
            const sl_event *x = sl_exit_call(b);
            if (x)
                sl_record_exit_leak(c, &s, x->loc, SL_LEAK_EXIT_CALL);
            else if (b->raise_loc.line && c->rules->report_exception)
                sl_record_exit_leak(c, &s, b->raise_loc, SL_LEAK_EXCEPTION);
            break;
        }
        case SL_TERM_EXIT:
            break;
        }
    }
}

/* ---- findings ------------------------------------------------------- */

/* The name of the variable an acquisition run's handle is acquired into,
 * or NULL when it has none (a call's result). */
static const char *sl_handle_name(const sl_ctx *c)
{
    const sl_func *f = c->f;
    const char *name = c->handle_path >= 0 ? f->paths.v[c->handle_path].text : NULL;
    return name && sl_root_var(f, c->handle_path)->kind != SL_VAR_TEMP ? name : NULL;
}

/* A finding of rule about the handle of an acquisition run, at loc: its
 * resource, function, handle and acquisition filled in.  *hname gets the
 * handle's name, or NULL when it has none (a call's result). */
static sl_finding sl_site_finding(const sl_ctx *c, const sl_event *site, const char *rule,
                                  sl_srcloc loc, const char **hname)
{
    const sl_func *f = c->f;
    const sl_acquire *a = c->acq;
    const sl_resource *r = a->res;
    sl_finding fd = {0};
    fd.rule_id = sl_xstrdup(rule);
    fd.kind = r->kind;
    fd.resource = sl_xstrdup(r->name);
    fd.library = sl_xstrdup(r->library);
    sl_loc_set(&fd.loc, f->file, loc.line, loc.col);
    fd.function = sl_xstrdup(f->name);
    *hname = sl_handle_name(c);
    fd.handle = sl_xstrdup(*hname ? *hname : "(result)");
    fd.acquire_fn = sl_xstrdup(a->fn);
    sl_loc_set(&fd.acquire_loc, f->file, site->loc.line, site->loc.col);
    return fd;
}

static void sl_emit_finding(sl_ctx *c, const sl_event *site, sl_findings *out)
{
    const sl_func *f = c->f;
    const sl_acquire *a = c->acq;
    const sl_resource *r = a->res;
    const char *hname;
    bool at_exit = c->leak_kind == SL_LEAK_EXIT_MAIN || c->leak_kind == SL_LEAK_EXIT_CALL;
    const char *rule = at_exit                                ? "leak.exit"
                       : c->leak_kind == SL_LEAK_EXCEPTION ? "leak.exception"
                                                           : sl_kind_rule_id(r->kind);
    sl_finding fd = sl_site_finding(c, site, rule, c->leak_loc, &hname);
    bool named = hname != NULL;
    const char *kind = sl_kind_name(r->kind);
    char *what = named ? sl_xasprintf("%s handle '%s' acquired by %s() at line %u", kind, hname,
                                      a->fn, site->loc.line)
                       : sl_xasprintf("%s handle returned by %s() at line %u", kind, a->fn,
                                      site->loc.line);
    if (r->inferred && r->release.n) {
        /* say where the rule came from: no rule file named these */
        char *w = sl_xasprintf("%s (rule inferred from the declarations of %s() and %s())",
                               what, a->fn, r->release.v[0].fn);
        free(what);
        what = w;
    }
    const char *leakmsg = NULL;
    switch (c->leak_kind) {
    case SL_LEAK_EXIT_MAIN:
        fd.message = sl_xasprintf("%s is not released before main returns here and the "
                                  "process exits",
                                  what);
        leakmsg = "main returns here with the handle still open";
        break;
    case SL_LEAK_EXIT_CALL:
        fd.message = sl_xasprintf("%s is not released before the process exits here", what);
        leakmsg = "the process exits here with the handle still open";
        break;
    case SL_LEAK_EXCEPTION:
        fd.message = sl_xasprintf("%s is not released when an exception raised here leaves "
                                  "the function",
                                  what);
        leakmsg = "an exception leaves the function here with the handle still open";
        break;
    case SL_LEAK_RETURN:
        fd.message = sl_xasprintf("%s is not released when the function returns here", what);
        leakmsg = "returns here with the handle still open";
        break;
    case SL_LEAK_END:
        fd.message = sl_xasprintf("%s is not released when the function ends here", what);
        leakmsg = "the function ends here with the handle still open";
        break;
    case SL_LEAK_SCOPE:
        fd.message = sl_xasprintf("%s goes out of scope here without being released", what);
        leakmsg = "the last variable holding the handle goes out of scope here";
        break;
    case SL_LEAK_OVERWRITE:
        fd.message = sl_xasprintf("%s is overwritten here while still open", what);
        leakmsg = "the only reference to the handle is overwritten here";
        break;
    case SL_LEAK_DISCARD:
        fd.message = sl_xasprintf("%s is never stored, so it cannot be released", what);
        leakmsg = "the handle is dropped here";
        break;
    case SL_LEAK_CONTAINER:
        fd.message = sl_xasprintf("'%s' is freed here while it still holds the %s",
                                  c->leak_container >= 0 ? f->paths.v[c->leak_container].text
                                                         : "?",
                                  what);
        leakmsg = "the structure holding the handle is freed here";
        break;
    }
    /* steps: the history is a reversed list */
    const sl_hist *hs[SL_MAX_HIST + 1];
    int n = 0;
    for (const sl_hist *h = c->leak_hist; h && n <= SL_MAX_HIST; h = h->prev)
        hs[n++] = h;
    for (int i = n; i-- > 0;) {
        const sl_hist *h = hs[i];
        if (h->kind == SL_STEP_ACQUIRE)
            sl_finding_add_step(&fd, SL_STEP_ACQUIRE, f->file, h->loc.line, h->loc.col,
                                "%s acquired here by %s()", named ? hname : "handle", a->fn);
        else {
            char *t = sl_hist_text(h);
            sl_finding_add_step(&fd, h->kind, f->file, h->loc.line, h->loc.col, "%s", t);
            free(t);
        }
    }
    sl_finding_add_step(&fd, SL_STEP_LEAK, f->file, c->leak_loc.line, c->leak_loc.col, "%s",
                        leakmsg);
    free(what);
    SL_VEC_PUSH(*out, fd);
}

/* ---- driving ---------------------------------------------------- */

static void sl_ctx_init(sl_ctx *c, sl_func *f, const sl_ruleset *rules,
                        const sl_analysis_opts *opts, const sl_summaries *sums,
                        sl_scratch *scr)
{
    memset(c, 0, sizeof *c);
    c->scr = scr;
    c->f = f;
    c->rules = rules;
    c->opts = opts;
    c->sums = sums;
    c->site_block = c->site_event = -1;
    c->handle_path = SL_NO_PATH;
    c->leak_container = SL_NO_PATH;
    c->esc_out_param = -1;
    c->xfer_param = -1;
    c->cond_path = SL_NO_PATH;
    c->arena = sl_arena_new();
}

/* The globals this function's callees care about (scratch callee_globals,
 * computed once per function): those whose value decides what a callee
 * releases (summary rel_if), and those whose handle a callee releases
 * (rel_global). */
static const unsigned char *sl_callee_globals(sl_ctx *c)
{
    sl_scratch *scr = c->scr;
    if (scr->callee_globals)
        return scr->callee_globals;
    const sl_func *f = c->f;
    scr->callee_globals = sl_xcalloc(f->vars.n + 1, 1);
    for (size_t b = 0; b < f->blocks.n; b++)
        for (size_t i = 0; i < f->blocks.v[b]->events.n; i++) {
            const sl_summary *sum = scr->calls[scr->first[b] + i].sum;
            if (!sum || (!sum->rel_if_usr && !sum->rel_global_usr))
                continue;
            for (size_t v = 0; v < f->vars.n; v++) {
                const char *usr = f->vars.v[v].kind == SL_VAR_GLOBAL ? f->vars.v[v].usr : NULL;
                if (!usr)
                    continue;
                if (sum->rel_if_param >= 0 && sum->rel_if_usr && !strcmp(usr, sum->rel_if_usr))
                    scr->callee_globals[v] |= SL_CG_COND;
                if (sum->rel_global_usr && !strcmp(usr, sum->rel_global_usr))
                    scr->callee_globals[v] |= SL_CG_CLOSED;
            }
        }
    return scr->callee_globals;
}

/* Mark in reach the blocks reachable from block `from` by one edge or more. */
static void sl_reachable_from(const sl_func *f, int from, bool *reach)
{
    int *stack = sl_xmalloc((f->blocks.n + 1) * sizeof *stack);
    size_t sp = 0;
    stack[sp++] = from;
    while (sp) {
        const sl_block *bl = f->blocks.v[stack[--sp]];
        int succ[2] = {bl->term == SL_TERM_EXIT || bl->term == SL_TERM_UNREACHABLE ? -1
                                                                                  : bl->succ[0],
                       bl->term == SL_TERM_BRANCH ? bl->succ[1] : -1};
        for (int k = 0; k < 2; k++)
            if (succ[k] >= 0 && !reach[succ[k]]) {
                reach[succ[k]] = true;
                stack[sp++] = succ[k];
            }
        for (int k = 0; bl->term == SL_TERM_SWITCH && k < bl->ncases; k++)
            if (!reach[bl->case_succ[k]]) {
                reach[bl->case_succ[k]] = true;
                stack[sp++] = bl->case_succ[k];
            }
    }
    free(stack);
}

/* Mark (1) the paths tested in the blocks from which block `site` can be
 * reached: what they say decides which paths reach the acquisition (a flag
 * tested at entry that ties an out-parameter to the branch that opens). */
static void sl_mark_tested_before(sl_ctx *c, int site)
{
    const sl_func *f = c->f;
    if (!c->scr->pstart)
        sl_predecessors(f, &c->scr->pstart, &c->scr->pred);
    const size_t *cnt = c->scr->pstart;
    const int *pred = c->scr->pred;
    bool *seen = sl_xcalloc(f->blocks.n + 1, sizeof *seen);
    int *stack = sl_xmalloc((f->blocks.n + 1) * sizeof *stack);
    size_t sp = 0;
    stack[sp++] = site;
    seen[site] = true;
    while (sp) {
        int b = stack[--sp];
        for (size_t k = cnt[b]; k < cnt[b + 1]; k++) {
            int p = pred[k];
            if (seen[p])
                continue;
            seen[p] = true;
            stack[sp++] = p;
            const sl_block *pb = f->blocks.v[p];
            if ((pb->term == SL_TERM_BRANCH || pb->term == SL_TERM_SWITCH) &&
                pb->cond.lhs.kind == SL_OPD_PATH) {
                if (!c->relevant[pb->cond.lhs.path])
                    c->relevant[pb->cond.lhs.path] = 1;
                if (pb->cond.rhs_path != SL_NO_PATH && !c->relevant[pb->cond.rhs_path])
                    c->relevant[pb->cond.rhs_path] = 1;
            }
        }
    }
    free(seen);
    free(stack);
}

/* ---- which branches decide what happens to a handle -------------------
 *
 * A fact about a value is worth keeping in an acquisition run only when a
 * later branch on that value may send the handle different ways.  Branches
 * that decide nothing about the handle (a counter tested before each
 * read of another stream) would otherwise split the states of every run
 * into as many combinations as the cap allows, at 16 visits per block, and
 * a long function's budget would run out after three handles. */

/* Successor k of bl (a switch's cases first, then succ[0], then succ[1]),
 * or -1 past the last. */
static int sl_succ_at(const sl_block *bl, int k)
{
    switch (bl->term) {
    case SL_TERM_SWITCH:
        return k < bl->ncases ? bl->case_succ[k] : k == bl->ncases ? bl->succ[0] : -1;
    case SL_TERM_GOTO:
        return k == 0 ? bl->succ[0] : -1;
    case SL_TERM_BRANCH:
        return k < 2 ? bl->succ[k] : -1;
    default:
        return -1;
    }
}

/* The immediate post-dominator of every block (owned; n + 1 entries, entry
 * n is the function's exit, which every block without successors leads to).
 * A block from which no exit can be reached (an endless loop) is taken to
 * lead to the exit too.  Iterative algorithm over the reversed graph
 * (Cooper, Harvey and Kennedy, "A Simple, Fast Dominance Algorithm"). */
static int *sl_post_dominators(const sl_func *f, const size_t *pstart, const int *pred)
{
    int n = (int)f->blocks.n, X = n;
    bool *to_exit = sl_xcalloc((size_t)n + 1, sizeof *to_exit);
    bool *seen = sl_xcalloc((size_t)n + 1, sizeof *seen);
    int *po = sl_xmalloc(((size_t)n + 1) * sizeof *po);    /* postorder number */
    int *order = sl_xmalloc(((size_t)n + 1) * sizeof *order); /* by number */
    int *stack = sl_xmalloc(((size_t)n + 1) * sizeof *stack);
    size_t *next = sl_xmalloc(((size_t)n + 1) * sizeof *next);
    int npo = 0;
    for (int b = 0; b < n; b++)
        to_exit[b] = sl_succ_at(f->blocks.v[b], 0) < 0;
    /* depth-first over the reversed graph from the exit: its children are
     * the blocks that end paths, then any block still unseen */
    seen[X] = true;
    for (int pass = 0; pass < 2; pass++)
        for (int r = 0; r < n; r++) {
            if (seen[r] || (pass == 0 && !to_exit[r]))
                continue;
            to_exit[r] = true;
            int sp = 0;
            stack[sp] = r;
            next[sp++] = pstart[r];
            seen[r] = true;
            while (sp) {
                int b = stack[sp - 1];
                if (next[sp - 1] < pstart[b + 1]) {
                    int p = pred[next[sp - 1]++];
                    if (!seen[p]) {
                        seen[p] = true;
                        stack[sp] = p;
                        next[sp++] = pstart[p];
                    }
                    continue;
                }
                po[b] = npo;
                order[npo++] = b;
                sp--;
            }
        }
    po[X] = npo;
    order[npo++] = X;
    int *ipdom = sl_xmalloc(((size_t)n + 1) * sizeof *ipdom);
    for (int b = 0; b <= n; b++)
        ipdom[b] = -1;
    ipdom[X] = X;
    for (bool changed = true; changed;) {
        changed = false;
        for (int i = npo - 2; i >= 0; i--) {
            int b = order[i], nd = to_exit[b] ? X : -1;
            const sl_block *bl = f->blocks.v[b];
            for (int k = 0; sl_succ_at(bl, k) >= 0; k++) {
                int p = sl_succ_at(bl, k);
                if (ipdom[p] < 0)
                    continue;
                if (nd < 0) {
                    nd = p;
                    continue;
                }
                int x = p, y = nd;
                while (x != y) {
                    while (po[x] < po[y])
                        x = ipdom[x];
                    while (po[y] < po[x])
                        y = ipdom[y];
                }
                nd = x;
            }
            if (nd != ipdom[b]) {
                ipdom[b] = nd;
                changed = true;
            }
        }
    }
    free(to_exit);
    free(seen);
    free(po);
    free(order);
    free(stack);
    free(next);
    return ipdom;
}

/* Fill the scratch's control dependences: block x depends on branch B when
 * one of B's successors leads to x on every path and B itself does not
 * (x post-dominates a successor but not B).  Gives up (cd_state 2) when the
 * relation holds more than 32 entries per block. */
static void sl_control_deps(const sl_func *f, sl_scratch *scr)
{
    if (!scr->pstart)
        sl_predecessors(f, &scr->pstart, &scr->pred);
    int n = (int)f->blocks.n;
    int *ipdom = sl_post_dominators(f, scr->pstart, scr->pred);
    size_t cap = 32 * (size_t)n + 4096, np = 0;
    int(*pairs)[2] = sl_xmalloc(cap * sizeof *pairs);
    scr->cd_state = 1;
    for (int b = 0; b < n && scr->cd_state == 1; b++) {
        const sl_block *bl = f->blocks.v[b];
        if (bl->term != SL_TERM_BRANCH && bl->term != SL_TERM_SWITCH)
            continue;
        for (int k = 0; sl_succ_at(bl, k) >= 0 && scr->cd_state == 1; k++)
            for (int t = sl_succ_at(bl, k); t != ipdom[b] && t != n && t >= 0; t = ipdom[t]) {
                if (np == cap) {
                    scr->cd_state = 2;
                    break;
                }
                pairs[np][0] = t;
                pairs[np++][1] = b;
            }
    }
    if (scr->cd_state == 1) {
        scr->cdstart = sl_xcalloc((size_t)n + 2, sizeof *scr->cdstart);
        for (size_t i = 0; i < np; i++)
            scr->cdstart[pairs[i][0] + 1]++;
        for (int x = 0; x < n; x++)
            scr->cdstart[x + 1] += scr->cdstart[x];
        size_t *fill = sl_xmalloc(((size_t)n + 1) * sizeof *fill);
        memcpy(fill, scr->cdstart, ((size_t)n + 1) * sizeof *fill);
        scr->cd = sl_xmalloc((np + 1) * sizeof *scr->cd);
        for (size_t i = 0; i < np; i++)
            scr->cd[fill[pairs[i][0]]++] = pairs[i][1];
        free(fill);
    }
    free(pairs);
    free(ipdom);
}

/* The root variable of an operand that names a place (a path or its
 * address), or -1. */
static int sl_opd_var(const sl_func *f, sl_operand o)
{
    return (o.kind == SL_OPD_PATH || o.kind == SL_OPD_ADDR) && o.path != SL_NO_PATH
               ? f->paths.v[o.path].var
               : -1;
}

/* A call that only uses what it is given: a `borrow:` entry that acquires,
 * releases and transfers nothing. */
static bool sl_call_only_borrows(const sl_callinfo *ci)
{
    const sl_fnrule *r = ci->rule;
    return r && r->borrow && !r->acquire && r->release.n == 0 && !r->transfer &&
           !r->deallocator && !ci->acq;
}

/* The variables that may come to hold the handle of this acquisition run,
 * whatever the path (owned, one flag per variable): the one it is acquired
 * into, then any variable assigned from one of them or its address, and
 * the result and the other arguments of a call given one of them (unless
 * the call only borrows).  *global set when a global is among them. */
static bool *sl_may_hold(const sl_ctx *c, bool *global)
{
    const sl_func *f = c->f;
    bool *v = sl_xcalloc(f->vars.n + 1, sizeof *v);
    *global = false;
    if (c->handle_path == SL_NO_PATH)
        return v;
    v[f->paths.v[c->handle_path].var] = true;
    for (bool changed = true; changed;) {
        changed = false;
        for (size_t b = 0; b < f->blocks.n; b++) {
            const sl_block *bl = f->blocks.v[b];
            for (size_t i = 0; i < bl->events.n; i++) {
                const sl_event *e = &bl->events.v[i];
                int add[SL_MAX_PARAMS + 2], na = 0;
                if (e->kind == SL_EV_ASSIGN && e->dst != SL_NO_PATH) {
                    int s = sl_opd_var(f, e->src);
                    if (s >= 0 && v[s])
                        add[na++] = f->paths.v[e->dst].var;
                } else if (e->kind == SL_EV_CALL &&
                           !sl_call_only_borrows(&c->scr->calls[c->scr->first[b] + i])) {
                    bool given = false;
                    for (int a = 0; a < e->nargs && !given; a++) {
                        int s = sl_opd_var(f, e->args[a]);
                        given = s >= 0 && v[s];
                    }
                    if (!given)
                        continue;
                    if (e->dst != SL_NO_PATH)
                        add[na++] = f->paths.v[e->dst].var;
                    for (int a = 0; a < e->nargs && na < SL_MAX_PARAMS + 2; a++)
                        if (sl_opd_var(f, e->args[a]) >= 0)
                            add[na++] = sl_opd_var(f, e->args[a]);
                }
                for (int k = 0; k < na; k++)
                    if (!v[add[k]]) {
                        v[add[k]] = changed = true;
                        if (f->vars.v[add[k]].kind == SL_VAR_GLOBAL)
                            *global = true;
                    }
            }
        }
    }
    return v;
}

/* Whether block b may do something to the handle of this run: end a path,
 * return, copy, overwrite or let go of a variable that may hold it, or give
 * it to a call that does more than borrow (any call that is not only a
 * borrow, once a global may hold it). */
static bool sl_block_touches(const sl_ctx *c, int b, const bool *hold, bool global)
{
    const sl_func *f = c->f;
    const sl_block *bl = f->blocks.v[b];
    if (bl->term == SL_TERM_EXIT || bl->term == SL_TERM_UNREACHABLE)
        return true;
    for (size_t i = 0; i < bl->events.n; i++) {
        const sl_event *e = &bl->events.v[i];
        int d = e->dst != SL_NO_PATH ? f->paths.v[e->dst].var : -1;
        switch (e->kind) {
        case SL_EV_RETURN:
            return true;
        case SL_EV_SCOPE_END:
            for (int k = 0; k < e->nvars; k++)
                if (hold[e->vars[k]])
                    return true;
            break;
        case SL_EV_INVALIDATE:
            if (d >= 0 && hold[d])
                return true;
            break;
        case SL_EV_ASSIGN: {
            int s = sl_opd_var(f, e->src);
            if ((d >= 0 && hold[d]) || (s >= 0 && hold[s]))
                return true;
            break;
        }
        case SL_EV_CALL: {
            if (sl_call_only_borrows(&c->scr->calls[c->scr->first[b] + i]))
                break;
            if (global || e->noreturn || (d >= 0 && hold[d]))
                return true;
            for (int a = 0; a < e->nargs; a++) {
                int s = sl_opd_var(f, e->args[a]);
                if (s >= 0 && hold[s])
                    return true;
            }
            break;
        }
        default:
            return true;
        }
    }
    return false;
}

static void sl_mark_cond_paths(sl_ctx *c, const sl_block *bl)
{
    if ((bl->term != SL_TERM_BRANCH && bl->term != SL_TERM_SWITCH) ||
        bl->cond.lhs.kind != SL_OPD_PATH)
        return;
    c->relevant[bl->cond.lhs.path] = 2;
    if (bl->cond.rhs_path != SL_NO_PATH)
        c->relevant[bl->cond.rhs_path] = 2;
}

/* Mark (2) the paths whose facts may decide what happens to the handle of
 * the acquisition run at block site: those tested by a branch that decides,
 * itself or through the branches it decides, whether a block after the
 * site that touches the handle runs (sl_block_touches; the site's own block
 * counts), and those copied into such a path.  Without the control
 * dependences (too large), every branch after the site counts. */
static void sl_mark_decisive(sl_ctx *c, int site)
{
    const sl_func *f = c->f;
    sl_scratch *scr = c->scr;
    size_t n = f->blocks.n;
    bool *after = sl_xcalloc(n + 1, sizeof *after);
    sl_reachable_from(f, site, after);
    after[site] = true;
    if (!scr->cd_state)
        sl_control_deps(f, scr);
    if (scr->cd_state != 1) {
        for (size_t k = 0; k < n; k++)
            if (after[k])
                sl_mark_cond_paths(c, f->blocks.v[k]);
        free(after);
        return;
    }
    bool global;
    bool *hold = sl_may_hold(c, &global);
    bool *decides = sl_xcalloc(n + 1, sizeof *decides);
    int *work = sl_xmalloc((2 * n + 1) * sizeof *work);
    size_t nw = 0;
    for (size_t k = 0; k < n; k++)
        if (after[k] && ((int)k == site || sl_block_touches(c, (int)k, hold, global)))
            work[nw++] = (int)k;
    while (nw) {
        int x = work[--nw];
        for (size_t j = scr->cdstart[x]; j < scr->cdstart[x + 1]; j++)
            if (!decides[scr->cd[j]]) {
                decides[scr->cd[j]] = true;
                work[nw++] = scr->cd[j];
                sl_mark_cond_paths(c, f->blocks.v[scr->cd[j]]);
            }
    }
    /* values copied into a decisive one decide too */
    for (bool changed = true; changed;) {
        changed = false;
        for (size_t b = 0; b < n; b++)
            for (size_t i = 0; i < f->blocks.v[b]->events.n; i++) {
                const sl_event *e = &f->blocks.v[b]->events.v[i];
                if (e->kind == SL_EV_ASSIGN && e->dst != SL_NO_PATH &&
                    c->relevant[e->dst] == 2 && e->src.kind == SL_OPD_PATH &&
                    c->relevant[e->src.path] != 2) {
                    c->relevant[e->src.path] = 2;
                    changed = true;
                }
            }
    }
    free(work);
    free(decides);
    free(hold);
    free(after);
}

/* Follow the handle acquired by event i of block b. */
static void sl_run_site(sl_ctx *c, int b, int i, const sl_acquire *a)
{
    const sl_event *e = &c->f->blocks.v[b]->events.v[i];
    c->site_block = b;
    c->site_event = i;
    c->acq = a;
    if (a->out < 0)
        c->handle_path = e->dst;
    else if (a->out < e->nargs && e->args[a->out].kind == SL_OPD_ADDR)
        c->handle_path = e->args[a->out].path;
    const sl_summary *sum = sl_call_summary(c, e);
    c->composite = sum && a == sum->ret_acq && sum->ret_composite;
    /* Facts are worth keeping only about paths tested where they may decide
     * what happens to the handle: the others would multiply states for
     * nothing. */
    sl_func *f = c->f;
    c->relevant = sl_xcalloc(f->paths.n + 1, sizeof *c->relevant);
    sl_mark_tested_before(c, b);
    /* the globals callees here decide on (3), then what is tested in the
     * site's block and every block after it (2) */
    const unsigned char *cg = sl_callee_globals(c);
    for (size_t v = 0; v < f->vars.n; v++)
        if (cg[v] & SL_CG_COND)
            c->relevant[f->vars.v[v].root_path] = 3;
    c->global_closed = cg;
    sl_mark_decisive(c, b);
    sl_state init = {0};
    sl_run(c, init);
    free(c->relevant);
    c->relevant = NULL;
    c->global_closed = NULL;
}

/* Follow what parameter var is given, from the entry. */
static void sl_run_seed(sl_ctx *c, int var)
{
    sl_state init = {0};
    init.status = SL_H_LIVE;
    int root = c->f->vars.v[var].root_path;
    init.al[init.nal++] = root;
    int deref = sl_func_child_path(c->f, root, "*", true);
    sl_sorted_insert(init.al, &init.nal, SL_MAX_ALIAS, deref);
    /* p[i] of a pointer parameter is what it points to too (an array of
     * handles given by the caller: elements not told apart) */
    int elem = c->f->vars.v[var].is_pointer ? sl_func_find_child(c->f, root, "[]", true)
                                            : SL_NO_PATH;
    if (elem != SL_NO_PATH)
        sl_sorted_insert(init.al, &init.nal, SL_MAX_ALIAS, elem);
    c->handle_path = root;
    if (c->cond_path != SL_NO_PATH)
        sl_add_fact(c, &init, c->cond_path, c->cond_op, c->cond_value);
    sl_run(c, init);
}

void sl_analysis_opts_default(sl_analysis_opts *o)
{
    o->unknown_calls = SL_UNKNOWN_ESCAPE;
    o->max_states = 32;
    o->infer = true;
    o->no_reuse = false;
    o->stats = NULL;
}

/* A local pointer set from a constructor that a summary knows (it returns
 * a struct holding handles) is as fresh as one set from malloc. */
static void sl_refresh_fresh(sl_func *f, const sl_ruleset *rules, const sl_summaries *sums)
{
    for (size_t b = 0; b < f->blocks.n; b++) {
        const sl_block *bl = f->blocks.v[b];
        for (size_t j = 0; j < bl->events.n; j++) {
            const sl_event *e = &bl->events.v[j];
            if (e->kind != SL_EV_CALL || e->dst == SL_NO_PATH ||
                f->paths.v[e->dst].parent != SL_NO_PATH || !e->callee_usr)
                continue;
            sl_var *v = &f->vars.v[f->paths.v[e->dst].var];
            if (v->fresh || v->kind != SL_VAR_LOCAL || !v->is_pointer || v->address_taken)
                continue;
            const sl_summary *s = sl_summaries_get(sums, e->callee_usr);
            if (!s || !s->ret_composite || sl_call_rule(rules, sums, e, f->file))
                continue;
            /* fresh if no other kind of assignment exists */
            bool ok = true;
            for (size_t b2 = 0; b2 < f->blocks.n && ok; b2++) {
                const sl_block *o = f->blocks.v[b2];
                for (size_t k = 0; k < o->events.n && ok; k++) {
                    const sl_event *x = &o->events.v[k];
                    if (x->dst != e->dst)
                        continue;
                    if (x->kind == SL_EV_CALL) {
                        const sl_summary *xs =
                            x->callee_usr ? sl_summaries_get(sums, x->callee_usr) : NULL;
                        ok = (x->callee && sl_is_allocator_name(x->callee)) ||
                             (xs && xs->ret_composite);
                    } else if (x->kind == SL_EV_ASSIGN) {
                        ok = x->src.kind == SL_OPD_CONST;
                    } else {
                        ok = false;
                    }
                }
            }
            v->fresh = ok;
        }
    }
}

/* Block visits allowed per function and phase: 64 per block, plus 32 per
 * block for each acquisition site (at least 200,000).  A run that keeps to
 * the states that decide something about its handle visits a block once or
 * twice; one whose handle's fate rests on many tested values (a switch of
 * options in a loop, each case returning) keeps up to the state cap at
 * every block.  Linear in the function's size times its handles. */
static long sl_function_budget(const sl_func *f, const sl_scratch *scr)
{
    long b = (64L + 32L * (long)scr->nsites) * (long)f->blocks.n;
    return b < 200000 ? 200000 : b;
}

/* Variables handed to a call, stored or returned somewhere in f (bit per
 * variable, owned): a parameter that is only read or compared can be
 * neither released nor kept, so its run is skipped. */
static bool *sl_vars_handed_on(const sl_func *f)
{
    bool *m = sl_xcalloc(f->vars.n + 1, sizeof *m);
    for (size_t b = 0; b < f->blocks.n; b++) {
        const sl_block *bl = f->blocks.v[b];
        for (size_t i = 0; i < bl->events.n; i++) {
            const sl_event *e = &bl->events.v[i];
            if ((e->kind == SL_EV_ASSIGN || e->kind == SL_EV_RETURN) &&
                (e->src.kind == SL_OPD_PATH || e->src.kind == SL_OPD_ADDR))
                m[f->paths.v[e->src.path].var] = true;
            if (e->kind == SL_EV_CALL)
                for (int a = 0; a < e->nargs; a++)
                    if (e->args[a].kind == SL_OPD_PATH || e->args[a].kind == SL_OPD_ADDR)
                        m[f->paths.v[e->args[a].path].var] = true;
        }
    }
    return m;
}

/* ---- reuse of a function's last summary ------------------------------
 *
 * A function's summary depends only on its IR and on what its runs read of
 * the table entries of the functions it calls, by USR (the summary of a
 * callee that a rule names is never read: the rule wins).  The runs are
 * deterministic: given the same answers they take the same steps and ask
 * the same questions.  So summarizing it again while every answer is the
 * same gives the same summary and leaves the IR as it was: the paths its
 * runs create exist already with the same numbers, and its fresh pointers
 * were set from the same entries.  The last result is kept with the table's
 * change count at the time, what the runs read of each callee's entry
 * (sl_mark_read) and that entry; it is reused while every callee's entry is
 * either not newer or the same in what was read (sl_dep_same).  The outcome
 * of its runs is kept too: sl_analyze_tu needs to run again only those that
 * may yield a finding (sl_seed_skip, sl_site_skip). */

typedef enum sl_seed_outcome {
    SL_SEED_UNKNOWN,   /* not run when summarizing: run it */
    SL_SEED_QUIET,     /* ran to the end in `cost` block visits; no finding
                          (release.partial, or leak for a site) can come of it */
    SL_SEED_EXHAUSTED, /* the budget ran out before its end */
    SL_SEED_REPORT,    /* may yield a finding: run it */
} sl_seed_outcome;

/* A callee as the last summary saw it: what the runs read of its entry,
 * and a 64-bit digest of that much of the entry then (sl_dep_view).  A
 * function's memo has one per distinct callee, and a worker holds the memos
 * of every TU it parsed until the analysis: a copy of the fields read (150
 * bytes and some strings) made them the largest part of what it held
 * (openssh: 3.2 of 24 MB). */
typedef struct sl_dep {
    const char *usr;
    uint64_t read;               /* SL_READ_* and parameter bits */
    uint64_t seen;               /* sl_dep_view of the entry then */
} sl_dep;

typedef struct sl_sum_memo {
    const sl_ruleset *rules;     /* what it was computed with */
    sl_unknown_policy unknown_calls;
    int max_states;
    unsigned long table_id;      /* 0: nothing computed yet */
    unsigned long gen;           /* the table's change count then */
    sl_summary sum;              /* the result (strings borrowed from f) */
    sl_dep *deps;                /* callees whose summaries it may read, by usr */
    size_t ndeps;
    unsigned char *seed;         /* per variable: sl_seed_outcome */
    long *seed_cost;             /* per variable: block visits of its run */
    unsigned char *site;         /* per event (sl_scratch's numbering):
                                    sl_seed_outcome of its acquisition's run */
    long *site_cost;             /* per event: block visits of that run */
    size_t nev;                  /* events in f */
} sl_sum_memo;

static int sl_cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int sl_cmp_dep(const void *key, const void *d)
{
    return strcmp((const char *)key, ((const sl_dep *)d)->usr);
}

/* The memo of f, created (empty, in f's arena) on first use, its callees
 * listed for rules. */
static sl_sum_memo *sl_memo_of(sl_func *f, const sl_ruleset *rules)
{
    sl_sum_memo *m = f->sum_memo;
    if (m && m->rules == rules)
        return m;
    if (!m) {
        m = sl_arena_alloc(f->arena, sizeof *m);
        m->seed = sl_arena_alloc(f->arena, f->vars.n + 1);
        m->seed_cost = sl_arena_alloc(f->arena, (f->vars.n + 1) * sizeof *m->seed_cost);
        size_t nev = 0;
        for (size_t b = 0; b < f->blocks.n; b++)
            nev += f->blocks.v[b]->events.n;
        m->nev = nev;
        m->site = sl_arena_alloc(f->arena, nev + 1);
        m->site_cost = sl_arena_alloc(f->arena, (nev + 1) * sizeof *m->site_cost);
        f->sum_memo = m;
    }
    m->rules = rules;
    m->table_id = 0;
    m->ndeps = 0;
    SL_VEC(const char *) d = {0};
    for (size_t b = 0; b < f->blocks.n; b++) {
        const sl_block *bl = f->blocks.v[b];
        for (size_t i = 0; i < bl->events.n; i++) {
            const sl_event *e = &bl->events.v[i];
            if (e->kind == SL_EV_CALL && e->callee_usr && !sl_callee_named_exactly(rules, e))
                SL_VEC_PUSH(d, e->callee_usr);
        }
    }
    if (d.n)
        qsort(d.v, d.n, sizeof *d.v, sl_cmp_str);
    size_t k = 0;
    for (size_t i = 0; i < d.n; i++)
        if (i == 0 || strcmp(d.v[i], d.v[k - 1]))
            d.v[k++] = d.v[i];
    m->deps = sl_arena_alloc(f->arena, (k + 1) * sizeof *m->deps);
    for (size_t i = 0; i < k; i++)
        m->deps[m->ndeps++].usr = d.v[i];
    free(d.v);
    return m;
}

void sl_tu_rules_changed(sl_tu *tu, bool (*affects)(const char *callee, void *ctx), void *ctx)
{
    for (size_t i = 0; i < tu->funcs.n; i++) {
        sl_func *f = tu->funcs.v[i];
        if (!f->sum_memo || !f->sum_memo->rules)
            continue;
        bool hit = false;
        for (size_t b = 0; b < f->blocks.n && !hit; b++) {
            const sl_block *bl = f->blocks.v[b];
            for (size_t e = 0; e < bl->events.n && !hit; e++) {
                const sl_event *ev = &bl->events.v[e];
                hit = ev->kind == SL_EV_CALL && ev->callee && affects(ev->callee, ctx);
            }
        }
        if (hit)
            f->sum_memo->rules = NULL;
    }
}

static uint64_t sl_mix(uint64_t h, uint64_t x)
{
    h = (h ^ x) * 0x100000001b3ull;
    return h ^ (h >> 29);
}

static uint64_t sl_mix_str(uint64_t h, const char *str)
{
    if (!str)
        return sl_mix(h, 0x6e756c6cull); /* apart from "" */
    for (; *str; str++)
        h = sl_mix(h, (unsigned char)*str);
    return sl_mix(h, 0x100);
}

/* A digest of what a run that read `read` of a callee reads of its entry s
 * (NULL: none).  Always read: the acquire entry the call gets (is it an
 * acquisition, of what, through which parameter), whether the callee
 * returns a struct of handles or a constant, and the global it releases.
 * Two entries a run reads alike have the same digest; two it reads apart
 * differ but with a chance of 2^-64. */
static uint64_t sl_dep_view(const sl_summary *s, uint64_t read, const char *caller_file)
{
    uint64_t h = 0xcbf29ce484222325ull;
    const sl_resource *ret = s ? s->ret_res : NULL, *out = s ? s->out_res : NULL;
    h = sl_mix(h, (uint64_t)(uintptr_t)ret);
    if (!ret) {
        h = sl_mix(h, (uint64_t)(uintptr_t)out);
        if (out)
            h = sl_mix(sl_mix(sl_mix(h, (uint64_t)s->out_param), (uint64_t)s->out_ok.op),
                       (uint64_t)s->out_ok.value);
    }
    h = sl_mix(h, s && s->ret_composite);
    h = sl_mix(h, s && s->has_const);
    if (s && s->has_const)
        h = sl_mix(h, (uint64_t)s->const_value);
    h = sl_mix_str(h, s ? s->rel_global_usr : NULL);
    h = sl_mix(h, (uint64_t)(uintptr_t)(s ? s->rel_global_res : NULL));
    if (read & SL_READ_DEFINITE)
        h = sl_mix(h, 0x10 + sl_summary_outweighs_pattern(s, caller_file));
    if (read & SL_READ_PRESENT)
        h = sl_mix(h, 0x20 + (s != NULL));
    if (read & SL_READ_RELANY)
        h = sl_mix(h, 0x30 + (s && s->releases_all));
    for (int j = 0; j < SL_MAX_PARAMS; j++) {
        if (!((read >> j) & 1))
            continue;
        unsigned bit = 1u << j;
        h = sl_mix(h, 0x100 + (uint64_t)j);
        h = sl_mix(h, (s && (s->releases_all & bit) ? 1 : 0) | (s && (s->releases_some & bit) ? 2 : 0) |
                          (s && (s->escapes_weak & bit) ? 4 : 0) | (s && (s->escapes & bit) ? 8 : 0));
        if (s && s->keep_if_param == j)
            h = sl_mix(sl_mix(sl_mix(h, 0x200), (uint64_t)s->keep_if.op), (uint64_t)s->keep_if.value);
        if (s && s->rel_if_usr && s->rel_if_param == j)
            h = sl_mix_str(sl_mix(sl_mix(sl_mix(h, 0x300), (uint64_t)s->rel_if.op),
                                  (uint64_t)s->rel_if.value),
                           s->rel_if_usr);
        int to = s ? s->xfer_to[j] : -1;
        h = sl_mix(h, 0x400 + (uint64_t)(to + 1));
        if (to >= 0)
            h = sl_mix_str(h, s->xfer_field[j]);
    }
    return h;
}

/* Remember callee entry s (NULL: none) in d, as far as d->read says the
 * runs read it. */
static void sl_dep_take(sl_func *f, sl_dep *d, const sl_summary *s)
{
    d->seen = sl_dep_view(s, d->read, f->file);
}

/* Would a run that read what d says of a callee read the same in entry s
 * (NULL: none)? */
static bool sl_dep_same(const sl_dep *d, const sl_summary *s, const char *caller_file)
{
    return sl_dep_view(s, d->read, caller_file) == d->seen;
}

/* Was f's last summary computed from what sums holds now, as far as its
 * runs read it? */
static bool sl_memo_current(const sl_func *f, const sl_ruleset *rules,
                            const sl_analysis_opts *opts, const sl_summaries *sums)
{
    const sl_sum_memo *m = f->sum_memo;
    if (!m || opts->no_reuse || !sums || !sums->id || m->table_id != sums->id ||
        m->rules != rules || m->unknown_calls != opts->unknown_calls ||
        m->max_states != opts->max_states)
        return false;
    for (size_t i = 0; i < m->ndeps; i++) {
        const sl_summary *s = sl_summaries_get(sums, m->deps[i].usr);
        /* unchanged since (entries are never removed: absent now, absent
         * then), or changed in nothing the runs read */
        if (s && s->gen > m->gen && !sl_dep_same(&m->deps[i], s, f->file))
            return false;
    }
    return true;
}

/* The status that tells the paths with the handle (out_vals: an
 * out-parameter written, or in a parameter run the parameter kept) from
 * those without (none_vals), from what they returned: the one value every
 * path with it returned (lastlog_openseek: 1), else any value but the one
 * every path without it returned, else ">= 0" when those were all negative
 * and the others not.  False when the returns do not tell. */
static bool sl_status_of(const sl_ctx *c, sl_valcond *out)
{
    if (c->out_unknown || c->none_unknown || c->nout_vals == 0 || c->nnone_vals == 0)
        return false;
    for (int i = 0; i < c->nout_vals; i++)
        if (sl_find_ll(c->none_vals, c->nnone_vals, c->out_vals[i]) >= 0)
            return false; /* the status does not tell */
    if (c->nout_vals == 1) {
        *out = (sl_valcond){SL_CMP_EQ, c->out_vals[0]};
        return true;
    }
    if (c->nnone_vals == 1) {
        *out = (sl_valcond){SL_CMP_NE, c->none_vals[0]};
        return true;
    }
    bool neg = true, nonneg = true;
    for (int i = 0; i < c->nnone_vals; i++)
        neg &= c->none_vals[i] < 0;
    for (int i = 0; i < c->nout_vals; i++)
        nonneg &= c->out_vals[i] >= 0;
    *out = (sl_valcond){SL_CMP_GE, 0};
    return neg && nonneg;
}

/* The status under which an out-parameter acquirer wrote its handle
 * (sl_status_of), "== 0" (the convention) when the returns do not tell. */
static sl_valcond sl_learned_status(const sl_ctx *c)
{
    sl_valcond st = {SL_CMP_EQ, 0};
    return sl_status_of(c, &st) ? st : (sl_valcond){SL_CMP_EQ, 0};
}

/* Does f return the same constant on every path (a literal, or a variable
 * whose value is known for the whole function)?  The guards of Juliet's
 * flow variants (staticReturnsFalse(), globalReturnsTrue()) and a project's
 * feature switches (`static int have_ipv6(void) { return 0; }`). */
static bool sl_returns_constant(const sl_func *f, long long *value)
{
    bool any = false;
    for (size_t b = 0; b < f->blocks.n; b++) {
        const sl_block *bl = f->blocks.v[b];
        for (size_t i = 0; i < bl->events.n; i++) {
            const sl_event *e = &bl->events.v[i];
            if (e->kind != SL_EV_RETURN)
                continue;
            long long v;
            if (!sl_operand_const(f, e->src, &v))
                return false;
            if (any && v != *value)
                return false;
            *value = v;
            any = true;
        }
    }
    return any;
}

/* Parameter run: does every exit that returned with the handle live know
 * that the member it releases elsewhere held nothing (`if (b->f)
 * fclose(b->f);` on the path where b->f is NULL)?  Such a function
 * releases what it was given on every path that had something to release. */
static bool sl_live_exits_excused(const sl_ctx *c)
{
    if (c->nlive_exits != c->nlive_rets || c->nreleased_members == 0)
        return false;
    for (int i = 0; i < c->nlive_rets; i++) {
        const struct sl_retkey *l = &c->live_rets[i];
        bool ok = false;
        for (int k = 0; k < l->ninv && !ok; k++)
            for (int m = 0; m < c->nreleased_members && !ok; m++)
                ok = l->inv[k] == c->released_members[m];
        if (!ok)
            return false;
    }
    return true;
}

/* Parameter run: released on every path that had something to release. */
static bool sl_seed_releases_all(const sl_ctx *c)
{
    return c->reached_exit && c->seed_released &&
           (!c->reached_exit_unreleased || (!c->orphaned && sl_live_exits_excused(c)));
}

/* Parameter var is released on some paths only.  When the function tests
 * a global (a flag it does not own) and, run again with that global known
 * nonzero and known zero, releases the parameter on every path under one
 * value and on none under the other, the summary says so (rel_if): a
 * caller that set the flag before the call knows what happens. */
static void sl_conditional_release(sl_func *f, const sl_ruleset *rules,
                                   const sl_analysis_opts *opts, const sl_summaries *sums,
                                   sl_scratch *scr, int var, long *budget, sl_summary *sm)
{
    int g = SL_NO_PATH;
    for (size_t b = 0; b < f->blocks.n && g == SL_NO_PATH; b++) {
        const sl_block *bl = f->blocks.v[b];
        if ((bl->term != SL_TERM_BRANCH && bl->term != SL_TERM_SWITCH) ||
            bl->cond.lhs.kind != SL_OPD_PATH)
            continue;
        const sl_path *p = &f->paths.v[bl->cond.lhs.path];
        const sl_var *v = &f->vars.v[p->var];
        if (p->parent == SL_NO_PATH && v->kind == SL_VAR_GLOBAL && v->usr && *v->usr &&
            !v->has_const && !v->address_taken)
            g = bl->cond.lhs.path;
    }
    if (g == SL_NO_PATH)
        return;
    static const sl_cmp ops[2] = {SL_CMP_NE, SL_CMP_EQ};
    bool all[2], none[2];
    const sl_resource *res[2];
    for (int k = 0; k < 2; k++) {
        sl_ctx c;
        sl_ctx_init(&c, f, rules, opts, sums, scr);
        c.budget = budget;
        c.cond_path = g;
        c.cond_op = ops[k];
        sl_run_seed(&c, var);
        all[k] = !c.out_of_budget && sl_seed_releases_all(&c);
        none[k] = !c.out_of_budget && !c.seed_released && !c.seed_escaped &&
                  !c.seed_maybe_released;
        res[k] = c.seed_res;
        sl_arena_free(c.arena);
    }
    int k = all[0] && none[1] ? 0 : all[1] && none[0] ? 1 : -1;
    if (k < 0)
        return;
    sm->rel_if_param = f->vars.v[var].param_index;
    sm->rel_if = (sl_valcond){ops[k], 0};
    sm->rel_if_usr = (char *)f->vars.v[f->paths.v[g].var].usr;
    if (!sm->rel_res)
        sm->rel_res = res[k];
}

/* Does a function's summary give up the resource it returns (old, NULL:
 * none yet) for nw?  The first acquisition returned wins, except that a
 * heap block (memory rules) yields to any other resource: a constructor
 * that mallocs a struct and stores a session in it returns the session
 * (inside a struct), as it does without the memory rules. */
static bool sl_summary_res_yields(const sl_resource *old, const sl_resource *nw)
{
    return !old || (old->kind == SL_KIND_MEMORY && nw->kind != SL_KIND_MEMORY);
}

/* A global (a file-level variable, not a constant, address never taken)
 * that the function reads the handle of and releases on every path (a
 * sink that closes what the variable holds): its USR and resource go into
 * the summary, so a caller that stored a handle there before the call
 * knows it released (or, as another resource, mismatched).  The first such
 * global, of at most four tried. */
static void sl_global_release(sl_func *f, const sl_ruleset *rules, const sl_analysis_opts *opts,
                              const sl_summaries *sums, sl_scratch *scr, const bool *handed,
                              long *budget, sl_summary *sm)
{
    /* candidates: globals given to a releasing call, themselves or through
     * a local copied from them (`FILE *f = current; fclose(f);`) */
    unsigned char *given = NULL;
    for (size_t b = 0; b < f->blocks.n; b++)
        for (size_t i = 0; i < f->blocks.v[b]->events.n; i++) {
            const sl_event *e = &f->blocks.v[b]->events.v[i];
            const sl_callinfo *ci = &scr->calls[scr->first[b] + i];
            if (e->kind != SL_EV_CALL ||
                !((ci->rule && ci->rule->release.n > 0) ||
                  (ci->sum && (ci->sum->releases_all || ci->sum->releases_some))))
                continue;
            for (int j = 0; j < e->nargs; j++)
                if (e->args[j].kind == SL_OPD_PATH || e->args[j].kind == SL_OPD_ADDR) {
                    if (!given)
                        given = sl_xcalloc(f->vars.n + 1, 1);
                    given[f->paths.v[e->args[j].path].var] = 1;
                }
        }
    if (!given)
        return;
    for (size_t b = 0; b < f->blocks.n; b++)
        for (size_t i = 0; i < f->blocks.v[b]->events.n; i++) {
            const sl_event *e = &f->blocks.v[b]->events.v[i];
            if (e->kind == SL_EV_ASSIGN && e->src.kind == SL_OPD_PATH && e->dst != SL_NO_PATH &&
                f->paths.v[e->dst].parent == SL_NO_PATH && given[f->paths.v[e->dst].var] == 1 &&
                f->paths.v[e->src.path].parent == SL_NO_PATH)
                given[f->paths.v[e->src.path].var] |= 2;
        }
    int tried = 0;
    for (size_t v = 0; v < f->vars.n && tried < 4 && !sm->rel_global_usr; v++) {
        const sl_var *var = &f->vars.v[v];
        if (var->kind != SL_VAR_GLOBAL || !var->usr || !*var->usr || var->has_const ||
            var->address_taken || !handed[v] || !given[v])
            continue;
        tried++;
        sl_ctx c;
        sl_ctx_init(&c, f, rules, opts, sums, scr);
        c.budget = budget;
        sl_run_seed(&c, (int)v);
        if (!c.out_of_budget && !c.seed_escaped && sl_seed_releases_all(&c)) {
            sm->rel_global_usr = (char *)var->usr;
            sm->rel_global_res = c.seed_res;
        }
        sl_arena_free(c.arena);
    }
    free(given);
}

static void sl_summarize_func(sl_func *f, const sl_ruleset *rules, const sl_analysis_opts *opts,
                              const sl_summaries *sums, sl_summary *sm, sl_sum_memo *memo,
                              sl_engine *eng)
{
    sl_summary_init(sm);
    sm->usr = (char *)f->usr;
    sm->name = (char *)f->name;
    sm->file = (char *)f->file;
    sm->line = f->loc.line;
    sm->exported = f->exported;
    if (f->skip_reason)
        return;
    sm->has_const = sl_returns_constant(f, &sm->const_value);
    sl_refresh_fresh(f, rules, sums);
    if (memo) {
        memset(memo->seed, SL_SEED_UNKNOWN, f->vars.n);
        memset(memo->site, SL_SEED_UNKNOWN, memo->nev);
    }
    bool *handed = sl_vars_handed_on(f);
    sl_scratch scr;
    sl_scratch_init(&scr, eng, f, rules, sums);
    long budget = sl_function_budget(f, &scr);
    if (memo)
        for (size_t b = 0; b < f->blocks.n; b++)
            for (size_t i = 0; i < f->blocks.v[b]->events.n; i++) {
                const sl_event *e = &f->blocks.v[b]->events.v[i];
                sl_callinfo *ci = &scr.calls[scr.first[b] + i];
                const sl_dep *d = e->kind == SL_EV_CALL && e->callee_usr &&
                                          !sl_callee_named_exactly(rules, e)
                                      ? bsearch(e->callee_usr, memo->deps, memo->ndeps,
                                                sizeof *memo->deps, sl_cmp_dep)
                                      : NULL;
                ci->dep = d ? (int)(d - memo->deps) : -1;
            }
    for (size_t v = 0; v < f->vars.n; v++) {
        const sl_var *var = &f->vars.v[v];
        if (var->kind != SL_VAR_PARAM || var->param_index < 0 ||
            var->param_index >= SL_MAX_PARAMS || !handed[v])
            continue;
        sl_ctx c;
        sl_ctx_init(&c, f, rules, opts, sums, &scr);
        c.budget = &budget;
        long before = budget;
        sl_run_seed(&c, (int)v);
        if (memo) {
            /* what sl_analyze_tu would see (see sl_seed_skip) */
            memo->seed[v] = c.out_of_budget ? SL_SEED_EXHAUSTED
                            : c.seed_released && c.seed_live_exit && !c.seed_escaped
                                ? SL_SEED_REPORT
                                : SL_SEED_QUIET;
            memo->seed_cost[v] = before - budget;
        }
        unsigned bit = 1u << var->param_index;
        if (sl_seed_releases_all(&c)) {
            sm->releases_all |= bit;
            if (!sm->rel_res)
                sm->rel_res = c.seed_res;
        }
        else if ((c.seed_released && c.seed_live_exit) || c.seed_maybe_released)
            sm->releases_some |= bit;
        if (c.seed_escaped && c.xfer_param >= 0 && !c.seed_released && !c.seed_live_exit &&
            c.xfer_param != var->param_index) {
            /* always stored into the same field of another parameter */
            sm->xfer_to[var->param_index] = (signed char)c.xfer_param;
            sm->xfer_field[var->param_index] = (char *)c.xfer_field;
        } else if (c.seed_escaped) {
            sm->escapes |= bit;
            if (!c.esc_strong)
                sm->escapes_weak |= bit;
            /* kept on some paths, left to the caller on the others, and the
             * status tells which */
            sl_valcond kc;
            if (sm->keep_if_param < 0 && c.seed_live_exit && !c.seed_released && !c.orphaned &&
                !c.seed_maybe_released && sl_status_of(&c, &kc)) {
                sm->keep_if_param = var->param_index;
                sm->keep_if = kc;
            }
        }
        sl_arena_free(c.arena);
        if ((sm->releases_some & bit) && !(sm->escapes & bit) && sm->rel_if_param < 0)
            sl_conditional_release(f, rules, opts, sums, &scr, (int)v, &budget, sm);
    }
    sl_global_release(f, rules, opts, sums, &scr, handed, &budget, sm);
    for (size_t b = 0; b < f->blocks.n; b++) {
        const sl_block *bl = f->blocks.v[b];
        for (size_t i = 0; i < bl->events.n; i++) {
            const sl_acquire *a = scr.calls[scr.first[b] + i].acq;
            if (!a)
                continue;
            sl_ctx c;
            sl_ctx_init(&c, f, rules, opts, sums, &scr);
            c.budget = &budget;
            long before = budget;
            sl_run_site(&c, (int)b, (int)i, a);
            if (memo) {
                /* what sl_analyze_tu would see (see sl_site_skip) */
                size_t k = scr.first[b] + i;
                bool report = c.leaked || c.exit_leaked || c.mismatch;
                memo->site[k] = c.out_of_budget ? SL_SEED_EXHAUSTED
                                : report        ? SL_SEED_REPORT
                                                : SL_SEED_QUIET;
                memo->site_cost[k] = before - budget;
            }
            if (c.out_of_budget) {
                sl_arena_free(c.arena);
                continue;
            }
            if (!c.leaked && !c.esc_other && c.esc_return && !c.esc_out &&
                sl_summary_res_yields(sm->ret_res, a->res)) {
                sm->ret_res = a->res;
                sm->ret_composite = c.esc_return_container || c.composite;
            } else if (!c.leaked && !c.esc_other && !c.esc_return && c.esc_out &&
                       c.esc_out_param >= 0 && !sm->out_res) {
                sm->out_param = c.esc_out_param;
                sm->out_res = a->res;
                sm->out_ok = sl_learned_status(&c);
            }
            sl_arena_free(c.arena);
        }
    }
    if (memo) {
        /* what the runs read of each callee's entry, and the entries */
        for (size_t k = 0; k < memo->ndeps; k++)
            memo->deps[k].read = 0;
        size_t nev = f->blocks.n ? scr.first[f->blocks.n - 1] +
                                       f->blocks.v[f->blocks.n - 1]->events.n
                                 : 0;
        for (size_t k = 0; k < nev; k++)
            if (scr.calls[k].dep >= 0)
                memo->deps[scr.calls[k].dep].read |= scr.calls[k].read;
        for (size_t k = 0; k < memo->ndeps; k++)
            sl_dep_take(f, &memo->deps[k], sl_summaries_get(sums, memo->deps[k].usr));
    }
    sl_scratch_free(&scr);
    free(handed);
}

bool sl_apply_global_values(sl_tu *tu, const sl_summaries *table)
{
    bool any = false;
    for (size_t i = 0; i < tu->funcs.n; i++) {
        sl_func *f = tu->funcs.v[i];
        bool changed = false;
        for (size_t v = 0; v < f->vars.n; v++) {
            sl_var *var = &f->vars.v[v];
            if (var->kind != SL_VAR_GLOBAL || !var->usr || var->has_const)
                continue;
            const sl_summary *g = sl_summaries_get(table, var->usr);
            if (!g || !g->is_global || !g->has_const)
                continue;
            var->has_const = true;
            var->const_value = g->const_value;
            var->tu_private = false;
            changed = true;
        }
        if (changed && f->sum_memo)
            f->sum_memo->table_id = 0; /* not current: summarize again */
        any |= changed;
    }
    return any;
}

bool sl_summarize_tu(sl_tu *tu, const sl_ruleset *rules, const sl_analysis_opts *opts,
                     sl_summaries *table)
{
    bool any = false;
    sl_engine eng = {0};
    /* Rounds over the TU so that wrappers of wrappers and recursion settle;
     * bounded.  A function none of whose callees' entries changed since its
     * last summary, in what that summary's runs read, is not summarized
     * again: its last summary is put again (the entry may have been
     * replaced from another TU since). */
    for (int round = 0; round < 6; round++) {
        bool changed = false;
        for (size_t i = 0; i < tu->funcs.n; i++) {
            sl_func *f = tu->funcs.v[i];
            const sl_summary *sm;
            if (sl_memo_current(f, rules, opts, table)) {
                sm = &f->sum_memo->sum;
                if (opts->stats)
                    opts->stats->reused++;
            } else {
                if (opts->stats)
                    opts->stats->summarized++;
                sl_sum_memo *m = sl_memo_of(f, rules);
                m->table_id = 0;
                sl_summarize_func(f, rules, opts, table, &m->sum, m, &eng);
                m->unknown_calls = opts->unknown_calls;
                m->max_states = opts->max_states;
                m->table_id = table->id;
                m->gen = table->gen;
                sm = &m->sum;
            }
            if (!sm->usr || !*sm->usr)
                continue;
            changed |= sl_summaries_put(table, sm);
        }
        any |= changed;
        if (!changed)
            break;
    }
    sl_engine_free(&eng);
    return any;
}

/* A close routine skips its close when some path returns the same thing
 * (nothing, or the same constant) as the paths that release, with the
 * handle still open.  A function that releases only on its error path and
 * returns a different status there hands ownership over on failure: not a
 * partial release.  Picks the skipping exit with the smallest line. */
/* Does the answer of member p excuse a close routine for skipping the
 * close of the members it releases elsewhere: p is such a member (or holds
 * or is held by one), or it is set together with one where the handle is
 * stored (c->ties)?  A close routine that releases the object itself
 * trusts any of its members.  `if (fs->loop == NULL) return;` before
 * closing fs->multi is no excuse: the loop is not the session. */
static bool sl_member_excuses(const sl_ctx *c, int p)
{
    if (c->nreleased_members == 0)
        return true;
    const sl_func *f = c->f;
    bool borrowed = false;
    for (int m = 0; m < c->nreleased_members; m++) {
        int r = c->released_members[m];
        if (sl_path_is_prefix(f, p, r) || sl_path_is_prefix(f, r, p))
            return true;
        const sl_path *pp = &f->paths.v[p], *rp = &f->paths.v[r];
        if (!c->ties || pp->parent != rp->parent || !pp->step || !rp->step)
            continue;
        for (size_t t = 0; t < c->ties->n; t++)
            if (!strcmp(c->ties->v[t].handle_field, rp->step) &&
                !strcmp(c->ties->v[t].other_field, pp->step)) {
                if (!c->ties->v[t].borrowed)
                    return true;
                borrowed = true;
            }
    }
    /* a member the code was given beside the handle is not its state;
     * any other member is the struct's bookkeeping, trusted */
    return !borrowed;
}

/* Is a skipping exit excused by what it found of the struct's state? */
static bool sl_skip_excused(const sl_ctx *c, const struct sl_retkey *l)
{
    for (int k = 0; k < l->ninv; k++)
        if (l->inv[k] < 0 || sl_member_excuses(c, l->inv[k]))
            return true;
    return false;
}

static bool sl_seed_partial_exit(sl_ctx *c)
{
    bool found = false;
    for (int i = 0; i < c->nlive_rets; i++) {
        const struct sl_retkey *l = &c->live_rets[i];
        if (sl_skip_excused(c, l))
            continue; /* the struct's own state (the handle member NULL or
                         -1, an ownership flag, a refcount) said there was
                         nothing to close, or its owner was closed instead */
        if (l->policy && c->nreleased_members == 0)
            continue; /* a bare handle closed or kept by global policy */
        bool same = false;
        for (int k = 0; k < c->nrel_rets && !same; k++)
            same = c->rel_rets[k].kind == l->kind && c->rel_rets[k].v == l->v;
        if (!same)
            continue;
        if (!found || l->loc.line < c->seed_exit_loc.line ||
            (l->loc.line == c->seed_exit_loc.line && l->loc.col < c->seed_exit_loc.col)) {
            c->seed_exit_loc = l->loc;
            c->seed_exit_hist = l->hist;
        }
        found = true;
    }
    return found;
}

/* release.mismatch: the handle acquired at site was given to the release
 * routine of another resource (fclose() of a descriptor).  It is reported
 * at that call; the handle stays open there, so its leak is reported too. */
static void sl_emit_mismatch(sl_ctx *c, const sl_event *site, sl_findings *out)
{
    const sl_func *f = c->f;
    const sl_acquire *a = c->acq;
    const sl_resource *r = a->res, *w = c->mismatch_res;
    const char *hname;
    sl_finding fd = sl_site_finding(c, site, "release.mismatch", c->mismatch_loc, &hname);
    bool named = hname != NULL;
    const char *fn = c->mismatch_fn ? c->mismatch_fn : "a call through a pointer";
    const char *proper = r->release.n ? r->release.v[0].fn : NULL;
    char *how = proper ? sl_xasprintf("; a %s is released by %s()", r->name, proper)
                       : sl_xstrdup("");
    fd.message = sl_xasprintf("%s handle '%s' acquired by %s() at line %u is given to %s(), "
                              "which releases a %s, not a %s%s",
                              sl_kind_name(r->kind), named ? hname : "(result)", a->fn,
                              site->loc.line, fn, w->name, r->name, how);
    sl_finding_add_step(&fd, SL_STEP_ACQUIRE, f->file, site->loc.line, site->loc.col,
                        "%s acquired here by %s()", named ? hname : "handle", a->fn);
    sl_finding_add_step(&fd, SL_STEP_LEAK, f->file, c->mismatch_loc.line, c->mismatch_loc.col,
                        "given to %s(), the release routine of %s", fn, w->name);
    free(how);
    SL_VEC_PUSH(*out, fd);
}

static void sl_emit_partial(sl_ctx *c, const sl_var *param, sl_findings *out)
{
    const sl_func *f = c->f;
    const sl_resource *r = c->seed_res;
    sl_finding fd = {0};
    fd.rule_id = sl_xstrdup("release.partial");
    fd.kind = r ? r->kind : SL_KIND_RESOURCE;
    fd.resource = sl_xstrdup(r ? r->name : "");
    fd.library = sl_xstrdup(r ? r->library : "");
    sl_loc_set(&fd.loc, f->file, c->seed_exit_loc.line, c->seed_exit_loc.col);
    fd.function = sl_xstrdup(f->name);
    fd.handle = sl_xstrdup(param->name);
    fd.acquire_fn = sl_xstrdup("(parameter)");
    sl_loc_set(&fd.acquire_loc, f->file, f->loc.line, f->loc.col);
    /* name the condition that skips the release: the last branch taken */
    const sl_hist *last = NULL;
    for (const sl_hist *h = c->seed_exit_hist; h; h = h->prev)
        if (h->kind == SL_STEP_BRANCH) {
            last = h;
            break;
        }
    char *lastnote = last ? sl_hist_text(last) : NULL;
    fd.message = last ? sl_xasprintf("'%s' releases '%s' on some paths but returns here without "
                                     "releasing it, after %s",
                                     f->name, param->name, lastnote)
                      : sl_xasprintf("'%s' releases '%s' on some paths but returns here without "
                                     "releasing it",
                                     f->name, param->name);
    const sl_hist *hs[SL_MAX_HIST + 1];
    int n = 0;
    for (const sl_hist *h = c->seed_exit_hist; h && n <= SL_MAX_HIST; h = h->prev)
        hs[n++] = h;
    sl_finding_add_step(&fd, SL_STEP_NOTE, f->file, f->loc.line, f->loc.col,
                        "'%s' is given to %s() to release", param->name, f->name);
    for (int i = n; i-- > 0;) {
        char *t = sl_hist_text(hs[i]);
        sl_finding_add_step(&fd, hs[i]->kind, f->file, hs[i]->loc.line, hs[i]->loc.col, "%s", t);
        free(t);
    }
    sl_finding_add_step(&fd, SL_STEP_LEAK, f->file, c->seed_exit_loc.line, c->seed_exit_loc.col,
                        "returns here without releasing '%s'", param->name);
    free(lastnote);
    SL_VEC_PUSH(*out, fd);
}

/* Does a function's name say that its job is to release (close, free,
 * destroy, ...)?  Only such functions are close routines for
 * release.partial: an option setter that frees one field in one case, or an
 * I/O callback that closes on error, releases along the way. */
bool sl_name_says_release(const char *name)
{
    static const char *const inner[] = {
        "close", "free", "destroy", "release", "cleanup", "clean_up", "shutdown",
        "disconnect", "dispose", "deinit", "finish", "finalize", "finalise", "teardown",
        "unref", "delete", "terminate", "dtor",
    };
    static const char *const words[] = {"del", "end", "term", "fini", "stop", "drop", "put",
                                        "done", "exit"};
    char low[256];
    size_t n = 0;
    for (; name[n] && n < sizeof low - 1; n++)
        low[n] = (char)(name[n] >= 'A' && name[n] <= 'Z' ? name[n] - 'A' + 'a' : name[n]);
    low[n] = 0;
    for (size_t i = 0; i < sizeof inner / sizeof *inner; i++)
        if (strstr(low, inner[i]))
            return true;
    /* short words only as a whole word: session_end, ctx_fini, ConnDel */
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        size_t w = strlen(words[i]);
        for (const char *p = strstr(low, words[i]); p; p = strstr(p + 1, words[i])) {
            size_t at = (size_t)(p - low);
            bool start = at == 0 || name[at - 1] == '_' ||
                         (name[at] >= 'A' && name[at] <= 'Z');
            bool stop = name[at + w] == 0 || name[at + w] == '_' ||
                        (name[at + w] >= 'A' && name[at + w] <= 'Z') ||
                        (name[at + w] >= '0' && name[at + w] <= '9');
            if (start && stop)
                return true;
        }
    }
    return false;
}

/* Is parameter variable v a number the function counts with (it, or a
 * local copied from it, is incremented: for (fd = lowfd; ...; fd++))?
 * Then what it closes is a range, not the handle it was given. */
static bool sl_param_is_counter(const sl_func *f, size_t v)
{
    bool *copy = sl_xcalloc(f->vars.n + 1, sizeof *copy);
    copy[v] = true;
    for (size_t b = 0; b < f->blocks.n; b++)
        for (size_t i = 0; i < f->blocks.v[b]->events.n; i++) {
            const sl_event *e = &f->blocks.v[b]->events.v[i];
            if (e->kind == SL_EV_ASSIGN && e->src.kind == SL_OPD_PATH && e->dst != SL_NO_PATH &&
                f->paths.v[e->src.path].parent == SL_NO_PATH &&
                f->paths.v[e->dst].parent == SL_NO_PATH && f->paths.v[e->src.path].var == (int)v)
                copy[f->paths.v[e->dst].var] = true;
        }
    bool counter = false;
    for (size_t b = 0; b < f->blocks.n && !counter; b++)
        for (size_t i = 0; i < f->blocks.v[b]->events.n && !counter; i++) {
            const sl_event *e = &f->blocks.v[b]->events.v[i];
            counter = e->kind == SL_EV_INVALIDATE && e->dst != SL_NO_PATH &&
                      f->paths.v[e->dst].parent == SL_NO_PATH && copy[f->paths.v[e->dst].var];
        }
    free(copy);
    return counter;
}

/* Can the run of parameter variable v be left out of sl_analyze_tu?  When
 * f's last summary was computed from the summaries in sums (memo current),
 * this run would repeat the one made then, except that the sites ran first
 * here and left it less budget.  A run that ended quietly then (no
 * release.partial: it found no release, or a hand-over, or no open return)
 * ends quietly now or runs out of budget; one that ran out then runs out
 * now.  Either way it reports nothing, and only its effect on *budget is
 * played, exactly: the visits it makes when it ends, else down to -1 (one
 * more when already spent).  Returns SL_SEED_QUIET when it ends within the
 * budget, SL_SEED_EXHAUSTED when it runs out (it is not followed), and
 * SL_SEED_UNKNOWN when it must be run. */
static sl_seed_outcome sl_seed_skip(const sl_func *f, bool memo_current, size_t v,
                                   long *budget)
{
    if (!memo_current)
        return SL_SEED_UNKNOWN;
    const sl_sum_memo *m = f->sum_memo;
    if (m->seed[v] == SL_SEED_QUIET && *budget >= m->seed_cost[v]) {
        *budget -= m->seed_cost[v];
        return SL_SEED_QUIET;
    }
    if (m->seed[v] == SL_SEED_QUIET || m->seed[v] == SL_SEED_EXHAUSTED) {
        *budget = *budget >= 0 ? -1 : *budget - 1;
        return SL_SEED_EXHAUSTED;
    }
    return SL_SEED_UNKNOWN;
}

/* Can the run of the acquisition at event k (sl_scratch's numbering) be
 * left out of sl_analyze_tu?  When f's last summary was computed from what
 * sums holds (memo current), this run would repeat the one made then, with
 * at least the budget it had then: the analysis runs the sites first, the
 * summary ran them after the parameters.  One that ended then without a
 * leak ends the same now, in the same visits, which are charged. */
static bool sl_site_skip(const sl_func *f, bool memo_current, size_t k, long *budget)
{
    if (!memo_current)
        return false;
    const sl_sum_memo *m = f->sum_memo;
    if (m->site[k] == SL_SEED_QUIET && *budget >= m->site_cost[k]) {
        *budget -= m->site_cost[k];
        return true;
    }
    return false;
}

/* The TU's ties: for every call that acquires a handle stored into a
 * member (`c->fd = open(...)`, or the result's variable stored there
 * later), the other members of the same object assigned after it, in that
 * block or a block reachable from it (`c->owns_fd = 1`, `c->refs = 1`,
 * `c->state = CONNECTED`); and, as borrowed, the members of that object
 * the function stores one of its parameters into, before or after
 * (`fs->loop = loop; fs->multi = curl_multi_init();`). */
/* Tie member `other` to the handle member hp when it is another member of
 * the same object. */
static void sl_add_tie(const sl_func *f, int hp, int other, bool borrowed, sl_ties *out)
{
    const sl_path *hpp = &f->paths.v[hp], *wp = &f->paths.v[other];
    if (wp->parent != hpp->parent || other == hp || !wp->step || !hpp->step ||
        !strcmp(wp->step, hpp->step))
        return;
    sl_tie t = {hpp->step, wp->step, borrowed};
    SL_VEC_PUSH(*out, t);
}

static void sl_compute_ties(const sl_tu *tu, const sl_ruleset *rules, const sl_summaries *sums,
                            sl_ties *out)
{
    for (size_t fi = 0; fi < tu->funcs.n; fi++) {
        const sl_func *f = tu->funcs.v[fi];
        if (f->skip_reason)
            continue;
        bool *reach = NULL;
        for (size_t b = 0; b < f->blocks.n; b++) {
            const sl_block *bl = f->blocks.v[b];
            for (size_t i = 0; i < bl->events.n; i++) {
                const sl_event *e = &bl->events.v[i];
                if (e->kind != SL_EV_CALL || e->dst == SL_NO_PATH)
                    continue;
                const sl_fnrule *r = sl_call_rule(rules, sums, e, f->file);
                const sl_acquire *a = sl_call_acquire(r, sums, e);
                if (!a || a->out >= 0)
                    continue;
                /* where the handle is kept: dst, or a member it is copied to */
                int hp = f->paths.v[e->dst].parent != SL_NO_PATH ? e->dst : SL_NO_PATH;
                if (!reach)
                    reach = sl_xcalloc(f->blocks.n + 1, sizeof *reach);
                memset(reach, 0, f->blocks.n + 1);
                sl_reachable_from(f, (int)b, reach);
                for (size_t b2 = 0; b2 < f->blocks.n; b2++) {
                    if (!reach[b2] && b2 != b)
                        continue;
                    const sl_block *x = f->blocks.v[b2];
                    for (size_t k = b2 == b ? i + 1 : 0; k < x->events.n; k++) {
                        const sl_event *w = &x->events.v[k];
                        if (w->kind != SL_EV_ASSIGN || w->dst == SL_NO_PATH ||
                            f->paths.v[w->dst].parent == SL_NO_PATH)
                            continue;
                        if (hp == SL_NO_PATH) {
                            if (w->src.kind == SL_OPD_PATH && w->src.path == e->dst)
                                hp = w->dst;
                            continue;
                        }
                        sl_add_tie(f, hp, w->dst, false, out);
                    }
                }
                /* members given a parameter, anywhere in the function */
                for (size_t b2 = 0; hp != SL_NO_PATH && b2 < f->blocks.n; b2++) {
                    const sl_block *x = f->blocks.v[b2];
                    for (size_t k = 0; k < x->events.n; k++) {
                        const sl_event *w = &x->events.v[k];
                        if (w->kind != SL_EV_ASSIGN || w->dst == SL_NO_PATH ||
                            w->src.kind != SL_OPD_PATH ||
                            f->paths.v[w->src.path].parent != SL_NO_PATH ||
                            f->vars.v[f->paths.v[w->src.path].var].kind != SL_VAR_PARAM)
                            continue;
                        sl_add_tie(f, hp, w->dst, true, out);
                    }
                }
            }
        }
        free(reach);
    }
}

/* Note in skipped that f's run of what ran out of its budget (what: owned,
 * taken). */
static void sl_skip_budget(sl_skips *skipped, const sl_func *f, const sl_scratch *scr,
                           sl_skip_kind kind, sl_srcloc loc, char *what)
{
    if (!skipped) {
        free(what);
        return;
    }
    sl_skip k = {0};
    k.kind = kind;
    sl_loc_set(&k.loc, f->file, loc.line, loc.col);
    k.function = sl_xstrdup(f->name);
    k.what = what;
    k.reason = sl_xasprintf("the analysis budget of '%s' (%ld block visits) ran out",
                            f->name, sl_function_budget(f, scr));
    SL_VEC_PUSH(*skipped, k);
}

void sl_analyze_tu(sl_tu *tu, const sl_ruleset *rules, const sl_analysis_opts *opts,
                   const sl_summaries *sums, sl_findings *out, sl_skips *skipped)
{
    sl_engine eng = {0};
    sl_ties ties = {0};
    sl_compute_ties(tu, rules, sums, &ties);
    for (size_t fi = 0; fi < tu->funcs.n; fi++) {
        sl_func *f = tu->funcs.v[fi];
        if (f->skip_reason) {
            if (skipped) {
                sl_skip k = {0};
                k.kind = SL_SKIP_FUNCTION;
                sl_loc_set(&k.loc, f->file, f->loc.line, f->loc.col);
                k.function = sl_xstrdup(f->name);
                k.what = sl_xasprintf("function '%s'", f->name);
                k.reason = sl_xstrdup(f->skip_reason);
                SL_VEC_PUSH(*skipped, k);
            }
            continue;
        }
        bool memo_current = sl_memo_current(f, rules, opts, sums);
        sl_refresh_fresh(f, rules, sums);
        sl_scratch scr;
        sl_scratch_init(&scr, &eng, f, rules, sums);
        long budget = sl_function_budget(f, &scr);
        for (size_t b = 0; b < f->blocks.n; b++) {
            const sl_block *bl = f->blocks.v[b];
            for (size_t i = 0; i < bl->events.n; i++) {
                const sl_event *e = &bl->events.v[i];
                const sl_acquire *a = scr.calls[scr.first[b] + i].acq;
                if (!a)
                    continue;
                if (sl_site_skip(f, memo_current, scr.first[b] + i, &budget)) {
                    if (opts->stats)
                        opts->stats->sites_skipped++;
                    continue;
                }
                if (opts->stats)
                    opts->stats->sites_run++;
                sl_ctx c;
                sl_ctx_init(&c, f, rules, opts, sums, &scr);
                c.budget = &budget;
                c.verdict_only = true;
                sl_run_site(&c, (int)b, (int)i, a);
                /* a descriptor onto /dev/null that the function neither
                 * closes nor hands on, on any path, is a placeholder kept
                 * on purpose (a reserved slot: fd 0 after close(0)) */
                bool reserved = e->devnull_arg && !c.released_somewhere && !c.esc_other &&
                                !c.esc_return && !c.esc_out;
                if (c.mismatch)
                    sl_emit_mismatch(&c, e, out);
                if (!c.leaked && c.exit_leaked) {
                    /* no leak while the process goes on: the one at its end */
                    c.leaked = true;
                    c.leak_loc = c.exit_loc;
                    c.leak_kind = c.exit_kind;
                    c.leak_hist = c.exit_hist;
                    c.leak_container = SL_NO_PATH;
                }
                if (c.leaked && !reserved)
                    sl_emit_finding(&c, e, out);
                if (c.out_of_budget) {
                    const char *hname = sl_handle_name(&c);
                    sl_skip_budget(skipped, f, &scr, SL_SKIP_HANDLE, e->loc,
                                   hname ? sl_xasprintf("handle '%s' acquired by %s()", hname,
                                                        a->fn)
                                         : sl_xasprintf("handle returned by %s()", a->fn));
                }
                sl_arena_free(c.arena);
            }
        }
        /* close routines that skip their close */
        bool *handed = sl_vars_handed_on(f);
        bool closer = sl_name_says_release(f->name);
        for (size_t v = 0; v < f->vars.n; v++) {
            const sl_var *var = &f->vars.v[v];
            if (var->kind != SL_VAR_PARAM || var->param_index < 0 || !handed[v])
                continue;
            if (!closer || sl_param_is_counter(f, v))
                continue; /* not a close routine for v: nothing to report */
            sl_seed_outcome known = sl_seed_skip(f, memo_current, v, &budget);
            if (known == SL_SEED_EXHAUSTED)
                sl_skip_budget(skipped, f, &scr, SL_SKIP_PARAMETER, f->loc,
                               sl_xasprintf("parameter '%s'", var->name));
            if (known != SL_SEED_UNKNOWN) {
                if (opts->stats)
                    opts->stats->seeds_skipped++;
                continue;
            }
            if (opts->stats)
                opts->stats->seeds_run++;
            sl_ctx c;
            sl_ctx_init(&c, f, rules, opts, sums, &scr);
            c.budget = &budget;
            c.ties = &ties;
            sl_run_seed(&c, (int)v);
            if (c.out_of_budget)
                sl_skip_budget(skipped, f, &scr, SL_SKIP_PARAMETER, f->loc,
                               sl_xasprintf("parameter '%s'", var->name));
            /* closing the elements of an array it was given is emptying a
             * collection, not closing the thing itself */
            /* a release known only from inferred rules is too weak a sign
             * that the function's job is to close (openssh's
             * ssh_packet_close_internal frees DH keys through it) */
            if (c.seed_released && c.seed_res && !c.seed_res->inferred && c.seed_live_exit &&
                !c.seed_escaped &&
                c.released_whole && sl_seed_partial_exit(&c))
                sl_emit_partial(&c, var, out);
            sl_arena_free(c.arena);
        }
        free(handed);
        sl_scratch_free(&scr);
    }
    free(ties.v);
    sl_engine_free(&eng);
}
