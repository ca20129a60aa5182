/* json: the versioned JSON report for scripts (schema in docs/json.md).
 * Built as a jansson tree (so every string is escaped by jansson) and
 * written in one go; the tree is freed before returning. */
#include <stdlib.h>
#include <string.h>

#include "report_internal.h"

#define SL_JSON_SCHEMA_VERSION 1

static json_t *rel_path(const char *file, const char *root)
{
    if (!file)
        return json_null();
    char *rel = sl_path_relative(file, root);
    json_t *j = sl_json_str(rel);
    free(rel);
    return j;
}

static const char *tu_status_name(sl_tu_status s)
{
    switch (s) {
    case SL_TU_OK:
        return "ok";
    case SL_TU_PARSE_ERRORS:
        return "parse-errors";
    case SL_TU_FAILED:
        return "failed";
    }
    return "failed";
}

static json_t *summary(const sl_report_ctx *ctx)
{
    const sl_findings *fs = ctx->findings;
    json_t *by_rule = sl_json_obj(), *by_kind = sl_json_obj();
    /* Every known rule and kind is present, zero or not, so scripts can
     * read summary.by_rule["leak.session"] without a null check. */
    for (size_t i = 0; i < sl_rule_docs_count; i++)
        sl_json_set(by_rule, sl_rule_docs[i].id, sl_json_uint(0));
    for (int k = 0; k < SL_REPORT_NKINDS; k++)
        sl_json_set(by_kind, sl_report_kind_name((sl_kind)k), sl_json_uint(0));
    size_t nfindings = 0, nsuppressed = 0;
    for (size_t i = 0; fs && i < fs->n; i++) {
        const sl_finding *f = &fs->v[i];
        if (f->suppressed) {
            nsuppressed++;
            continue;
        }
        nfindings++;
        const char *rule = f->rule_id ? f->rule_id : "";
        json_t *c = json_object_get(by_rule, rule);
        sl_json_set(by_rule, rule, sl_json_uint((unsigned long long)json_integer_value(c) + 1));
        const char *kind = sl_report_kind_name(f->kind);
        c = json_object_get(by_kind, kind);
        sl_json_set(by_kind, kind, sl_json_uint((unsigned long long)json_integer_value(c) + 1));
    }
    size_t ntus = ctx->tus ? ctx->tus->n : 0, nfailed = 0, nparse = 0, nskipped = 0;
    for (size_t i = 0; i < ntus; i++) {
        nfailed += ctx->tus->v[i].status == SL_TU_FAILED;
        nparse += ctx->tus->v[i].status == SL_TU_PARSE_ERRORS;
        nskipped += ctx->tus->v[i].skipped.n;
    }
    json_t *s = sl_json_obj();
    sl_json_set(s, "findings", sl_json_uint(nfindings));
    sl_json_set(s, "suppressed", sl_json_uint(nsuppressed));
    sl_json_set(s, "by_rule", by_rule);
    sl_json_set(s, "by_kind", by_kind);
    sl_json_set(s, "translation_units", sl_json_uint(ntus));
    sl_json_set(s, "failed", sl_json_uint(nfailed));
    sl_json_set(s, "parse_errors", sl_json_uint(nparse));
    sl_json_set(s, "not_analyzed", sl_json_uint(nskipped));
    return s;
}

/* A new object {"kind", "file", "line", "column"} for something at l. */
static json_t *kind_at(const char *kind, const sl_loc *l, const char *root)
{
    json_t *o = sl_json_obj();
    sl_json_set(o, "kind", sl_json_str(kind));
    sl_json_set(o, "file", rel_path(l->file, root));
    sl_json_set(o, "line", sl_json_uint(l->line));
    sl_json_set(o, "column", sl_json_uint(l->col));
    return o;
}

static json_t *finding(const sl_finding *f, const char *root)
{
    json_t *o = sl_json_obj(), *acq = sl_json_obj(), *steps = sl_json_arr();
    sl_json_set(o, "rule", sl_json_str(f->rule_id));
    sl_json_set(o, "kind", sl_json_str(sl_report_kind_name(f->kind)));
    sl_json_set(o, "resource", sl_json_str(f->resource));
    sl_json_set(o, "library", sl_json_str(f->library));
    sl_json_set(o, "inferred", json_boolean(sl_finding_inferred(f)));
    sl_json_set(o, "file", rel_path(f->loc.file, root));
    sl_json_set(o, "line", sl_json_uint(f->loc.line));
    sl_json_set(o, "column", sl_json_uint(f->loc.col));
    sl_json_set(o, "function", sl_json_str(f->function));
    sl_json_set(o, "handle", sl_json_str(f->handle));
    sl_json_set(acq, "function", sl_json_str(f->acquire_fn));
    sl_json_set(acq, "file", rel_path(f->acquire_loc.file, root));
    sl_json_set(acq, "line", sl_json_uint(f->acquire_loc.line));
    sl_json_set(acq, "column", sl_json_uint(f->acquire_loc.col));
    sl_json_set(o, "acquire", acq);
    sl_json_set(o, "message", sl_json_str(f->message));
    sl_json_set(o, "fingerprint", sl_json_str(f->fingerprint));
    sl_json_set(o, "ordinal", sl_json_uint((unsigned long long)(f->ordinal < 0 ? 0 : f->ordinal)));
    sl_json_set(o, "suppressed", json_boolean(f->suppressed));
    sl_json_set(o, "suppression_reason",
                f->suppressed ? sl_json_str(f->suppress_reason) : json_null());
    for (size_t i = 0; i < f->steps.n; i++) {
        const sl_step *st = &f->steps.v[i];
        json_t *s = kind_at(sl_step_kind_name(st->kind), &st->loc, root);
        sl_json_set(s, "message", sl_json_str(st->msg));
        sl_json_push(steps, s);
    }
    sl_json_set(o, "steps", steps);
    return o;
}

static json_t *tu(const sl_tu_result *t, const char *root)
{
    json_t *o = sl_json_obj();
    sl_json_set(o, "file", rel_path(t->file, root));
    sl_json_set(o, "status", sl_json_str(tu_status_name(t->status)));
    sl_json_set(o, "errors", sl_json_uint(t->nerrors));
    sl_json_set(o, "message", sl_json_str(t->message));
    sl_json_set(o, "functions", sl_json_uint(t->nfunctions));
    json_t *skipped = sl_json_arr();
    for (size_t i = 0; i < t->skipped.n; i++) {
        const sl_skip *k = &t->skipped.v[i];
        json_t *e = kind_at(sl_skip_kind_name(k->kind), &k->loc, root);
        sl_json_set(e, "function", sl_json_str(k->function));
        sl_json_set(e, "what", sl_json_str(k->what));
        sl_json_set(e, "reason", sl_json_str(k->reason));
        sl_json_push(skipped, e);
    }
    sl_json_set(o, "not_analyzed", skipped);
    return o;
}

int sl_report_json(FILE *out, const sl_report_ctx *ctx, sl_error *err)
{
    json_t *doc = sl_json_obj(), *tool = sl_json_obj(), *findings = sl_json_arr(),
           *tus = sl_json_arr();
    sl_json_set(doc, "version", sl_json_uint(SL_JSON_SCHEMA_VERSION));
    sl_json_set(tool, "name", sl_json_str("sesslint"));
    sl_json_set(tool, "version", sl_json_str(ctx->tool_version));
    sl_json_set(doc, "tool", tool);
    sl_json_set(doc, "root", sl_json_str(ctx->root));
    sl_json_set(doc, "commit", sl_json_str(ctx->commit));
    sl_json_set(doc, "summary", summary(ctx));
    for (size_t i = 0; ctx->findings && i < ctx->findings->n; i++)
        sl_json_push(findings, finding(&ctx->findings->v[i], ctx->root));
    sl_json_set(doc, "findings", findings);
    for (size_t i = 0; ctx->tus && i < ctx->tus->n; i++)
        sl_json_push(tus, tu(&ctx->tus->v[i], ctx->root));
    sl_json_set(doc, "translation_units", tus);
    int rc = sl_report_dump_json(out, doc, ctx, err);
    json_decref(doc);
    return rc;
}
