/* cmd_merge: `sesslint merge OUT.db IN.db...` -- join the runs that the
 * shards of a sharded CI job stored in their own databases into one run of
 * OUT (docs/ci.md).  Inputs are opened read-only and never changed; OUT
 * gains one run in one transaction and loses nothing.  Owns every store it
 * opens and closes them before returning. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "store.h"

void sl_cmd_merge_help(FILE *out)
{
    fprintf(out,
            "usage: sesslint merge OUT.db IN.db... [--partial] [-q]\n"
            "\n"
            "Join the runs of a sharded analysis into one run.  Each IN.db holds the run\n"
            "one shard stored ('sesslint check --shard K/N --db IN.db'); its latest run is\n"
            "taken.  They must be shards of one N, each shard once, of the same commit,\n"
            "sesslint version and rules.  OUT.db (created when missing, else kept with\n"
            "all its runs) gains one run holding every shard's files and findings, as\n"
            "one run over all translation units would have stored them; diff, findings,\n"
            "report and the gate then use it like any run.\n"
            "\n"
            "Options:\n"
            "  --partial  store the run even when some shards are missing (as\n"
            "             'incomplete'; their files count as not analyzed in diffs)\n"
            "  -q         no summary line\n"
            "\n"
            "Exit codes: 0 merged, 2 usage error, a database that cannot be read or\n"
            "written, or runs that do not form one sharded run (nothing is stored).\n");
}

/* The ids of a run for messages: "IN.db (run #3, shard 2/4)". */
static void describe(sl_strbuf *b, const char *path, const sl_run_record *r)
{
    sl_strbuf_printf(b, "%s (run #%lld", path, r->id);
    if (r->shard_count)
        sl_strbuf_printf(b, ", shard %d/%d", r->shard_index, r->shard_count);
    sl_strbuf_puts(b, ")");
}

static bool same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Do the runs form one sharded run?  0, or -1 with err. */
static int check_runs(char **paths, const sl_run_record *r, size_t n, bool partial,
                      sl_error *err)
{
    sl_strbuf b = {0};
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        b.len = 0;
        describe(&b, paths[i], &r[i]);
        if (r[i].shard_count <= 0)
            rc = sl_error_set(err,
                              "%s was not taken with --shard K/N: merge joins the runs of "
                              "the shards of one analysis",
                              b.s);
        else if (r[i].shard_count != r[0].shard_count)
            rc = sl_error_set(err, "%s is a shard of %d, %s of %d", b.s, r[i].shard_count,
                              paths[0], r[0].shard_count);
        else if (!same_str(r[i].commit, r[0].commit))
            rc = sl_error_set(err, "%s is of commit %.12s, %s of commit %.12s", b.s,
                              r[i].commit ? r[i].commit : "(none)", paths[0],
                              r[0].commit ? r[0].commit : "(none)");
        else if (!same_str(r[i].rules_digest, r[0].rules_digest))
            rc = sl_error_set(err, "%s was analyzed with other rules than %s", b.s, paths[0]);
        else if (!same_str(r[i].tool_version, r[0].tool_version))
            rc = sl_error_set(err, "%s was analyzed by sesslint %s, %s by %s", b.s,
                              r[i].tool_version, paths[0], r[0].tool_version);
        for (size_t k = 0; k < i && !rc; k++)
            if (r[k].shard_index == r[i].shard_index)
                rc = sl_error_set(err, "shard %d/%d is given twice: %s and %s",
                                  r[i].shard_index, r[i].shard_count, paths[k], paths[i]);
    }
    if (!rc && (int)n < r[0].shard_count && !partial) {
        b.len = 0;
        for (int k = 1, sep = 0; k <= r[0].shard_count; k++) {
            bool have = false;
            for (size_t i = 0; i < n; i++)
                have |= r[i].shard_index == k;
            if (!have)
                sl_strbuf_printf(&b, "%s%d/%d", sep++ ? ", " : "", k, r[0].shard_count);
        }
        bool one = r[0].shard_count - (int)n == 1;
        rc = sl_error_set(err,
                          "shard%s %s %s missing: give every shard's database, or --partial "
                          "to store an incomplete run",
                          one ? "" : "s", b.s, one ? "is" : "are");
    }
    sl_strbuf_release(&b);
    return rc;
}

int sl_cmd_merge(int argc, char **argv, const char *argv0)
{
    (void)argv0;
    SL_VEC(char *) paths = {0};
    bool partial = false, quiet = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--partial"))
            partial = true;
        else if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet"))
            quiet = true;
        else if (argv[i][0] == '-' && argv[i][1]) {
            free(paths.v);
            return sl_usage_error("merge", "unknown option '%s'", argv[i]);
        } else
            SL_VEC_PUSH(paths, argv[i]);
    }
    if (paths.n < 2) {
        free(paths.v);
        return sl_usage_error("merge", "give OUT.db and at least one IN.db");
    }
    size_t n = paths.n - 1;
    char **in = paths.v + 1;
    sl_store **ins = sl_xcalloc(n, sizeof *ins);
    sl_run_record *recs = sl_xcalloc(n, sizeof *recs);
    long long *ids = sl_xcalloc(n, sizeof *ids);
    sl_store *out = NULL;
    sl_error err = {{0}};
    int rc = SL_EXIT_USAGE;
    size_t opened = 0;
    for (; opened < n; opened++) {
        if (sl_store_open(&ins[opened], in[opened], true, &err) != 0)
            goto fail;
        int r = sl_store_resolve_run(ins[opened], "latest", NULL, &ids[opened], &err);
        if (r != 0 || sl_store_load_run_record(ins[opened], ids[opened], &recs[opened], &err) != 0)
            goto fail;
    }
    if (check_runs(in, recs, n, partial, &err) != 0)
        goto fail;
    if (sl_store_open(&out, paths.v[0], false, &err) != 0)
        goto fail;
    sl_strbuf cmd = {0};
    sl_strbuf_puts(&cmd, "sesslint merge");
    for (size_t i = 0; i < paths.n; i++)
        sl_strbuf_printf(&cmd, " %s", paths.v[i]);
    bool complete = (int)n == recs[0].shard_count;
    sl_run_info ri = {0};
    ri.commit = recs[0].commit;
    ri.branch = recs[0].branch;
    ri.root = recs[0].root;
    ri.tool_version = recs[0].tool_version;
    ri.rules_digest = recs[0].rules_digest;
    ri.command = cmd.s;
    ri.started = recs[0].started;
    ri.finished = recs[0].finished;
    for (size_t i = 0; i < n; i++) {
        ri.dirty |= recs[i].dirty;
        complete &= !strcmp(recs[i].status, "complete");
        if (recs[i].started < ri.started)
            ri.started = recs[i].started;
        if (recs[i].finished > ri.finished)
            ri.finished = recs[i].finished;
    }
    ri.status = complete ? "complete" : "incomplete";
    long long id = 0;
    int mr = sl_store_merge(out, ins, ids, n, &ri, &id, &err);
    sl_strbuf_release(&cmd);
    if (mr != 0)
        goto fail;
    if (!quiet) {
        size_t nf = 0;
        for (size_t i = 0; i < n; i++)
            nf += recs[i].nfindings;
        fprintf(stderr, "sesslint: merged %zu of %d shards (%zu findings) as run #%lld in %s%s\n",
                n, recs[0].shard_count, nf, id, paths.v[0], complete ? "" : " (incomplete)");
    }
    rc = SL_EXIT_OK;
    goto done;
fail:
    fprintf(stderr, "sesslint merge: %s\n", err.msg);
done:
    sl_store_close(out);
    for (size_t i = 0; i < n; i++) {
        sl_store_close(ins[i]);
        sl_run_record_release(&recs[i]);
    }
    free(ins);
    free(recs);
    free(ids);
    free(paths.v);
    return rc;
}
