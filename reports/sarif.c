/* sarif: the SARIF 2.1.0 report (one run), for GitHub code scanning and
 * other SARIF consumers.  What each field holds is documented in
 * docs/sarif.md.  Built as a jansson tree and written in one go; the tree
 * is freed before returning. */
#include <stdlib.h>
#include <string.h>

#include "report_internal.h"

#define SL_SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define SL_SARIF_SRCROOT "%SRCROOT%"
#define SL_SARIF_FP_KEY "sesslint/v1"

/* "file:///abs/root/" for an absolute directory; returns owned. */
static char *root_uri(const char *root)
{
    sl_strbuf b = {0};
    sl_strbuf_puts(&b, "file://");
    sl_uri_encode(&b, root);
    if (b.s[b.len - 1] != '/')
        sl_strbuf_puts(&b, "/");
    return sl_strbuf_detach(&b);
}

/* artifactLocation for file: a relative uri against %SRCROOT% when file is
 * under the root, else an absolute file: URI. */
static json_t *artifact_location(const char *file, const char *root)
{
    json_t *a = sl_json_obj();
    char *rel = sl_path_relative(file, root);
    sl_strbuf b = {0};
    if (rel[0] == '/') {
        sl_strbuf_puts(&b, "file://");
        sl_uri_encode(&b, rel);
        sl_json_set(a, "uri", sl_json_str(b.s));
    } else {
        sl_strbuf_add(&b, "", 0);
        sl_uri_encode(&b, rel);
        sl_json_set(a, "uri", sl_json_str(b.s));
        sl_json_set(a, "uriBaseId", sl_json_str(SL_SARIF_SRCROOT));
    }
    sl_strbuf_release(&b);
    free(rel);
    return a;
}

/* physicalLocation for l; NULL when l has no file.  Lines and columns are
 * 1-based; 0 means unknown and is left out. */
static json_t *physical_location(const sl_loc *l, const char *root)
{
    if (!l->file)
        return NULL;
    json_t *p = sl_json_obj();
    sl_json_set(p, "artifactLocation", artifact_location(l->file, root));
    if (l->line > 0) {
        json_t *r = sl_json_obj();
        sl_json_set(r, "startLine", sl_json_uint(l->line));
        if (l->col > 0)
            sl_json_set(r, "startColumn", sl_json_uint(l->col));
        sl_json_set(p, "region", r);
    }
    return p;
}

static json_t *message(const char *text)
{
    json_t *m = sl_json_obj();
    sl_json_set(m, "text", sl_json_str(text ? text : ""));
    return m;
}

/* A location object: id (when >= 0), physical location (if known) and
 * message (if any). */
static json_t *location(int id, const sl_loc *l, const char *root, const char *msg)
{
    json_t *o = sl_json_obj();
    if (id >= 0)
        sl_json_set(o, "id", sl_json_uint((unsigned)id));
    json_t *p = physical_location(l, root);
    if (p)
        sl_json_set(o, "physicalLocation", p);
    if (msg)
        sl_json_set(o, "message", message(msg));
    return o;
}

static json_t *rule_entry(const sl_rule_doc *d)
{
    json_t *r = sl_json_obj(), *cfg = sl_json_obj(), *props = sl_json_obj(),
           *tags = sl_json_arr();
    sl_json_set(r, "id", sl_json_str(d->id));
    if (d->name)
        sl_json_set(r, "name", sl_json_str(d->name));
    sl_json_set(r, "shortDescription", message(d->short_desc));
    sl_json_set(r, "fullDescription", message(d->full_desc));
    sl_json_set(r, "help", message(d->help));
    sl_json_set(cfg, "level", sl_json_str(d->level ? d->level : "warning"));
    sl_json_set(r, "defaultConfiguration", cfg);
    for (size_t i = 0; i < sizeof d->tags / sizeof d->tags[0] && d->tags[i]; i++)
        sl_json_push(tags, sl_json_str(d->tags[i]));
    sl_json_set(props, "tags", tags);
    if (d->security_severity)
        sl_json_set(props, "security-severity", sl_json_str(d->security_severity));
    sl_json_set(r, "properties", props);
    return r;
}

/* Rule ids seen in findings but absent from sl_rule_docs, in order of
 * first appearance; they get minimal rule entries after the documented
 * ones so every result's ruleIndex points at its rule. */
typedef SL_VEC(const char *) id_list;

static int extra_index(const id_list *extra, const char *id)
{
    for (size_t i = 0; i < extra->n; i++)
        if (strcmp(extra->v[i], id) == 0)
            return (int)(sl_rule_docs_count + i);
    return -1;
}

static json_t *rules_array(const sl_findings *fs, id_list *extra)
{
    json_t *rules = sl_json_arr();
    for (size_t i = 0; i < sl_rule_docs_count; i++)
        sl_json_push(rules, rule_entry(&sl_rule_docs[i]));
    for (size_t i = 0; fs && i < fs->n; i++) {
        const char *id = fs->v[i].rule_id;
        if (!id || sl_rule_doc_index(id) >= 0 || extra_index(extra, id) >= 0)
            continue;
        SL_VEC_PUSH(*extra, id);
        sl_rule_doc d = {.id = id, .short_desc = id, .full_desc = id, .help = id};
        sl_json_push(rules, rule_entry(&d));
    }
    return rules;
}

static json_t *step_kinds(sl_step_kind k)
{
    json_t *a = sl_json_arr();
    switch (k) {
    case SL_STEP_ACQUIRE:
        sl_json_push(a, sl_json_str("acquire"));
        sl_json_push(a, sl_json_str("resource"));
        break;
    case SL_STEP_BRANCH:
        sl_json_push(a, sl_json_str("branch"));
        break;
    case SL_STEP_ALIAS:
        sl_json_push(a, sl_json_str("value"));
        break;
    case SL_STEP_LEAK:
        sl_json_push(a, sl_json_str("resource"));
        sl_json_push(a, sl_json_str("danger"));
        break;
    case SL_STEP_NOTE:
        break;
    }
    return a;
}

static json_t *thread_flow_location(const sl_loc *l, const char *root, const char *msg,
                                    sl_step_kind kind)
{
    json_t *t = sl_json_obj();
    sl_json_set(t, "location", location(-1, l, root, msg ? msg : ""));
    json_t *kinds = step_kinds(kind);
    if (json_array_size(kinds) > 0)
        sl_json_set(t, "kinds", kinds);
    else
        json_decref(kinds);
    sl_json_set(t, "importance", sl_json_str(kind == SL_STEP_ACQUIRE || kind == SL_STEP_LEAK
                                                 ? "essential"
                                                 : "important"));
    return t;
}

/* "'h' acquired by curl_easy_init()"; returns owned. */
static char *acquire_text(const sl_finding *f)
{
    if (f->handle && f->acquire_fn)
        return sl_xasprintf("'%s' acquired by %s()", f->handle, f->acquire_fn);
    if (f->acquire_fn)
        return sl_xasprintf("acquired by %s()", f->acquire_fn);
    return sl_xstrdup("acquired here");
}

/* codeFlows: the witness path, one threadFlowLocation per step.  A finding
 * without steps gets the acquisition and the reported location, so every
 * result has a flow.  NULL when there is nothing with a file to show. */
static json_t *code_flows(const sl_finding *f, const char *root)
{
    json_t *locs = sl_json_arr();
    if (f->steps.n > 0) {
        for (size_t i = 0; i < f->steps.n; i++) {
            const sl_step *st = &f->steps.v[i];
            sl_json_push(locs, thread_flow_location(&st->loc, root, st->msg, st->kind));
        }
    } else {
        if (f->acquire_loc.file) {
            char *t = acquire_text(f);
            sl_json_push(locs, thread_flow_location(&f->acquire_loc, root, t, SL_STEP_ACQUIRE));
            free(t);
        }
        if (f->loc.file)
            sl_json_push(locs, thread_flow_location(&f->loc, root, f->message, SL_STEP_LEAK));
    }
    if (json_array_size(locs) == 0) {
        json_decref(locs);
        return NULL;
    }
    json_t *tf = sl_json_obj(), *tfs = sl_json_arr(), *cf = sl_json_obj(),
           *cfs = sl_json_arr();
    sl_json_set(tf, "locations", locs);
    sl_json_push(tfs, tf);
    sl_json_set(cf, "threadFlows", tfs);
    sl_json_push(cfs, cf);
    return cfs;
}

static json_t *result(const sl_finding *f, int rule_index, const char *root)
{
    json_t *r = sl_json_obj();
    const char *rule = f->rule_id ? f->rule_id : "";
    sl_json_set(r, "ruleId", sl_json_str(rule));
    if (rule_index >= 0)
        sl_json_set(r, "ruleIndex", sl_json_uint((unsigned)rule_index));
    const sl_rule_doc *doc =
        rule_index >= 0 && (size_t)rule_index < sl_rule_docs_count ? &sl_rule_docs[rule_index]
                                                                   : NULL;
    sl_json_set(r, "level", sl_json_str(doc && doc->level ? doc->level : "warning"));
    sl_json_set(r, "message", message(f->message ? f->message : rule));

    json_t *loc = location(-1, &f->loc, root, NULL);
    if (f->function) {
        json_t *ll = sl_json_arr(), *l = sl_json_obj();
        sl_json_set(l, "name", sl_json_str(f->function));
        sl_json_set(l, "kind", sl_json_str("function"));
        sl_json_push(ll, l);
        sl_json_set(loc, "logicalLocations", ll);
    }
    json_t *locs = sl_json_arr();
    sl_json_push(locs, loc);
    sl_json_set(r, "locations", locs);

    if (f->acquire_loc.file) {
        char *t = acquire_text(f);
        json_t *rels = sl_json_arr();
        sl_json_push(rels, location(1, &f->acquire_loc, root, t));
        free(t);
        sl_json_set(r, "relatedLocations", rels);
    }

    json_t *flows = code_flows(f, root);
    if (flows)
        sl_json_set(r, "codeFlows", flows);

    json_t *fp = sl_json_obj();
    sl_json_set(fp, SL_SARIF_FP_KEY, sl_json_str(f->fingerprint));
    sl_json_set(r, "partialFingerprints", fp);

    if (f->suppressed) {
        json_t *sups = sl_json_arr(), *s = sl_json_obj();
        sl_json_set(s, "kind", sl_json_str("inSource"));
        if (f->suppress_reason)
            sl_json_set(s, "justification", sl_json_str(f->suppress_reason));
        sl_json_push(sups, s);
        sl_json_set(r, "suppressions", sups);
    }

    json_t *props = sl_json_obj();
    sl_json_set(props, "kind", sl_json_str(sl_report_kind_name(f->kind)));
    if (f->resource)
        sl_json_set(props, "resource", sl_json_str(f->resource));
    if (f->library)
        sl_json_set(props, "library", sl_json_str(f->library));
    if (sl_finding_inferred(f))
        sl_json_set(props, "inferredRule", json_true());
    if (f->handle)
        sl_json_set(props, "handle", sl_json_str(f->handle));
    if (f->acquire_fn)
        sl_json_set(props, "acquireFunction", sl_json_str(f->acquire_fn));
    sl_json_set(props, "ordinal", sl_json_uint((unsigned)(f->ordinal < 0 ? 0 : f->ordinal)));
    sl_json_set(r, "properties", props);
    return r;
}

/* invocations[0]: executionSuccessful is false when any TU failed; each
 * failed TU (level error) and each TU with parse errors (level warning)
 * gets a notification naming its file, and each piece of code not checked
 * (a function not lowered, a handle or parameter whose run ran out of
 * budget) one at its place (level warning, id skipped.KIND). */
static json_t *invocations(const sl_tu_results *tus, const char *root)
{
    json_t *inv = sl_json_obj(), *notes = sl_json_arr();
    bool ok = true;
    for (size_t i = 0; tus && i < tus->n; i++) {
        const sl_tu_result *t = &tus->v[i];
        if (t->status == SL_TU_OK)
            continue;
        char *rel = t->file ? sl_path_relative(t->file, root) : sl_xstrdup("<unknown>");
        char *text;
        const char *level, *id;
        if (t->status == SL_TU_FAILED) {
            ok = false;
            level = "error";
            id = "tu.failed";
            text = sl_xasprintf("%s: could not be analyzed%s%s", rel, t->message ? ": " : "",
                                t->message ? t->message : "");
        } else {
            level = "warning";
            id = "tu.parse-errors";
            text = sl_xasprintf("%s: %u parse error%s, analyzed what parsed%s%s", rel,
                                t->nerrors, t->nerrors == 1 ? "" : "s",
                                t->message ? ": " : "", t->message ? t->message : "");
        }
        json_t *n = sl_json_obj(), *desc = sl_json_obj();
        sl_json_set(desc, "id", sl_json_str(id));
        sl_json_set(n, "descriptor", desc);
        sl_json_set(n, "level", sl_json_str(level));
        sl_json_set(n, "message", message(text));
        if (t->file) {
            sl_loc l = {.file = t->file};
            json_t *locs = sl_json_arr();
            sl_json_push(locs, location(-1, &l, root, NULL));
            sl_json_set(n, "locations", locs);
        }
        sl_json_push(notes, n);
        free(text);
        free(rel);
    }
    for (size_t i = 0; tus && i < tus->n; i++)
        for (size_t j = 0; j < tus->v[i].skipped.n; j++) {
            const sl_skip *k = &tus->v[i].skipped.v[j];
            json_t *n = sl_json_obj(), *desc = sl_json_obj(), *locs = sl_json_arr();
            char *text = sl_skip_message(k);
            sl_json_set(desc, "id", sl_json_str(sl_skip_id(k->kind)));
            sl_json_set(n, "descriptor", desc);
            sl_json_set(n, "level", sl_json_str("warning"));
            sl_json_set(n, "message", message(text));
            sl_json_push(locs, location(-1, &k->loc, root, NULL));
            sl_json_set(n, "locations", locs);
            sl_json_push(notes, n);
            free(text);
        }
    sl_json_set(inv, "executionSuccessful", json_boolean(ok));
    if (json_array_size(notes) > 0)
        sl_json_set(inv, "toolExecutionNotifications", notes);
    else
        json_decref(notes);
    json_t *invs = sl_json_arr();
    sl_json_push(invs, inv);
    return invs;
}

int sl_report_sarif(FILE *out, const sl_report_ctx *ctx, sl_error *err)
{
    const sl_findings *fs = ctx->findings;
    id_list extra = {0};
    json_t *doc = sl_json_obj(), *runs = sl_json_arr(), *run = sl_json_obj(),
           *tool = sl_json_obj(), *driver = sl_json_obj(), *results = sl_json_arr();

    sl_json_set(doc, "$schema", sl_json_str(SL_SARIF_SCHEMA));
    sl_json_set(doc, "version", sl_json_str("2.1.0"));

    sl_json_set(driver, "name", sl_json_str("sesslint"));
    if (ctx->tool_version) {
        sl_json_set(driver, "version", sl_json_str(ctx->tool_version));
        sl_json_set(driver, "semanticVersion", sl_json_str(ctx->tool_version));
    }
    sl_json_set(driver, "rules", rules_array(fs, &extra));
    sl_json_set(tool, "driver", driver);
    sl_json_set(run, "tool", tool);

    if (ctx->root && ctx->root[0] == '/') {
        json_t *bases = sl_json_obj(), *base = sl_json_obj();
        char *uri = root_uri(ctx->root);
        sl_json_set(base, "uri", sl_json_str(uri));
        free(uri);
        sl_json_set(bases, SL_SARIF_SRCROOT, base);
        sl_json_set(run, "originalUriBaseIds", bases);
    }
    sl_json_set(run, "invocations", invocations(ctx->tus, ctx->root));

    for (size_t i = 0; fs && i < fs->n; i++) {
        const sl_finding *f = &fs->v[i];
        int idx = f->rule_id ? sl_rule_doc_index(f->rule_id) : -1;
        if (idx < 0 && f->rule_id)
            idx = extra_index(&extra, f->rule_id);
        sl_json_push(results, result(f, idx, ctx->root));
    }
    sl_json_set(run, "results", results);
    if (ctx->commit) {
        json_t *props = sl_json_obj();
        sl_json_set(props, "commit", sl_json_str(ctx->commit));
        sl_json_set(run, "properties", props);
    }
    sl_json_push(runs, run);
    sl_json_set(doc, "runs", runs);

    int rc = sl_report_dump_json(out, doc, ctx, err);
    json_decref(doc);
    free(extra.v);
    return rc;
}
