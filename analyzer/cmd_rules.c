/* cmd_rules: `sesslint rules list|check|show`, for people writing and
 * debugging rule files.
 *
 *   list   what is loaded (built-in rules plus --rules) and from where
 *   check  validate rule files, each on its own
 *   show   one resource, or what sesslint knows about one function
 *   infer  the rules sesslint infers from the declarations sources see
 *
 * Listings go to stdout; errors to stderr.  Each subcommand owns the
 * ruleset it loads and frees it before returning.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <clang-c/Index.h>

#include "cli.h"
#include "frontend.h"
#include "infer.h"
#include "inputs.h"
#include "rules.h"
#include "util.h"

void sl_cmd_rules_help(FILE *out)
{
    fprintf(out,
            "usage: sesslint rules list [--rules FILE|DIR]... [--no-builtin-rules]\n"
            "       sesslint rules check FILE|DIR...\n"
            "       sesslint rules show [--rules FILE|DIR]... [--no-builtin-rules] NAME\n"
            "       sesslint rules infer [--rules FILE|DIR]... [--no-builtin-rules]\n"
            "                            [-p BUILD_DIR] [PATH...] [-- PARSER-FLAGS...]\n"
            "\n"
            "Inspect and validate rule files (the YAML files that tell sesslint which\n"
            "functions acquire and release handles; format in docs/rules.md).\n"
            "\n"
            "  list   print every loaded resource (kind, library, acquire and release\n"
            "         functions, file:line where it is defined), the transfers, the\n"
            "         number of borrow and deallocator entries, the files loaded and\n"
            "         the digest of the rule set\n"
            "  check  validate each FILE on its own (with the files it includes); a\n"
            "         DIR means each *.yaml / *.yml file in it.  Prints 'FILE: ok (N\n"
            "         resources)' per valid file, and 'file:line:col: message' on\n"
            "         stderr for an invalid one\n"
            "  show   print one resource in detail; if NAME is not a resource, print\n"
            "         the rule sesslint applies to the function NAME\n"
            "  infer  parse the sources (PATHs, or the compilation database of\n"
            "         BUILD_DIR, as 'sesslint check' does) and print the rules\n"
            "         'sesslint check' infers from the declarations they see: for each\n"
            "         header, a rule file pairing constructors (x_new, x_open, ...: a\n"
            "         returned or written handle of an opaque or typedef'd struct) with\n"
            "         destructors (x_free, x_close, ...: the same type first), each\n"
            "         pair commented with the declarations behind it.  Functions a\n"
            "         loaded rule names, or defined in the sources, are left out.\n"
            "         Files are separated by '# ---- file: NAME.yaml' lines: review,\n"
            "         split and commit them under a --rules directory\n"
            "\n"
            "Options (list, show and infer):\n"
            "  --rules FILE|DIR    load more rule files after the built-in ones\n"
            "                      (repeatable; a DIR loads every *.yaml / *.yml in it)\n"
            "  --no-builtin-rules  do not load the built-in rules\n"
            "\n"
            "The built-in rules are taken from $SESSLINT_RULES_DIR if set, else from\n"
            "<bin>/../share/sesslint/rules next to the installed binary, else from the\n"
            "source tree sesslint was built from.\n"
            "\n"
            "Exit codes: 0 success, 2 usage error, invalid rule file or unknown NAME.\n");
}

/* Options shared by list and show.  paths borrows from argv. */
typedef struct rules_opts {
    SL_VEC(const char *) paths;
    bool no_builtin;
    SL_VEC(const char *) args; /* positional arguments */
    const char *build_dir;     /* infer: -p */
    SL_VEC(const char *) flags;/* infer: parser flags after -- */
} rules_opts;

static int parse_opts(const char *sub, int argc, char **argv, rules_opts *o)
{
    memset(o, 0, sizeof *o);
    bool opts_done = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!opts_done && strcmp(a, "--") == 0) {
            opts_done = true;
            if (!strcmp(sub, "infer")) {
                for (i++; i < argc; i++)
                    SL_VEC_PUSH(o->flags, argv[i]);
                break;
            }
        } else if (!opts_done && !strcmp(sub, "infer") && strcmp(a, "-p") == 0) {
            if (i + 1 >= argc)
                return sl_usage_error("rules", "%s: -p needs a BUILD_DIR", sub);
            o->build_dir = argv[++i];
        } else if (!opts_done && strcmp(a, "--rules") == 0) {
            if (i + 1 >= argc)
                return sl_usage_error("rules", "%s: --rules needs a FILE or DIR", sub);
            SL_VEC_PUSH(o->paths, argv[++i]);
        } else if (!opts_done && strncmp(a, "--rules=", 8) == 0) {
            if (!a[8])
                return sl_usage_error("rules", "%s: --rules needs a FILE or DIR", sub);
            SL_VEC_PUSH(o->paths, a + 8);
        } else if (!opts_done && strcmp(a, "--no-builtin-rules") == 0) {
            o->no_builtin = true;
        } else if (!opts_done && a[0] == '-' && a[1]) {
            return sl_usage_error("rules", "%s: unknown option '%s'", sub, a);
        } else {
            SL_VEC_PUSH(o->args, a);
        }
    }
    return 0;
}

static void free_opts(rules_opts *o)
{
    free(o->paths.v);
    free(o->args.v);
    free(o->flags.v);
}

static int load_rules(const rules_opts *o, const char *argv0, sl_ruleset *rs)
{
    sl_error err;
    sl_rules_init(rs);
    if (sl_rules_load_all(rs, argv0, !o->no_builtin, o->paths.v, o->paths.n, &err) != 0) {
        fprintf(stderr, "sesslint: %s\n", err.msg);
        sl_rules_free(rs);
        return SL_EXIT_USAGE;
    }
    return SL_EXIT_OK;
}

static void print_acquire(FILE *out, const sl_acquire *a)
{
    char cond[32];
    if (a->out < 0)
        fprintf(out, "handle = return value, failed when %s",
                sl_valcond_format(a->invalid, cond, sizeof cond));
    else
        fprintf(out, "handle written through arg %d, succeeded when status %s", a->out,
                sl_valcond_format(a->success, cond, sizeof cond));
    if (a->valid_on_failure)
        fprintf(out, "; must be released even when the call failed");
}

static void print_transfer(FILE *out, const sl_transfer *t)
{
    fprintf(out, "%s: arg%s ", t->fn, t->args.n > 1 ? "s" : "");
    for (size_t i = 0; i < t->args.n; i++)
        fprintf(out, "%s%d", i ? ", " : "", t->args.v[i]);
    if (t->to >= 0)
        fprintf(out, " -> arg %d", t->to);
    else
        fprintf(out, " -> out of the caller (return value or escape)");
    fprintf(out, "  (%s:%u)\n", t->pos.file, t->pos.line);
}

static const char *plural(size_t n)
{
    return n == 1 ? "" : "s";
}

static int rules_list(int argc, char **argv, const char *argv0)
{
    rules_opts o;
    int rc = parse_opts("list", argc, argv, &o);
    if (rc)
        return rc;
    if (o.args.n) {
        rc = sl_usage_error("rules", "list: unexpected argument '%s'", o.args.v[0]);
        free_opts(&o);
        return rc;
    }
    sl_ruleset rs;
    rc = load_rules(&o, argv0, &rs);
    free_opts(&o);
    if (rc)
        return rc;

    printf("resources (%zu):\n", rs.resources.n);
    for (size_t i = 0; i < rs.resources.n; i++) {
        const sl_resource *r = rs.resources.v[i];
        printf("  %s  [%s, %s]  %s:%u\n", r->name, sl_kind_name(r->kind), r->library,
               r->pos.file, r->pos.line);
        printf("    acquire:");
        for (size_t j = 0; j < r->acquire.n; j++) {
            const sl_acquire *a = &r->acquire.v[j];
            if (a->out >= 0)
                printf("%s %s(out %d)", j ? "," : "", a->fn, a->out);
            else
                printf("%s %s", j ? "," : "", a->fn);
        }
        printf("\n    release:");
        for (size_t j = 0; j < r->release.n; j++)
            printf("%s %s(arg %d)", j ? "," : "", r->release.v[j].fn, r->release.v[j].arg);
        printf("\n");
    }
    printf("transfers (%zu):\n", rs.transfers.n);
    for (size_t i = 0; i < rs.transfers.n; i++) {
        printf("  ");
        print_transfer(stdout, rs.transfers.v[i]);
    }
    sl_rules_stats st;
    sl_rules_get_stats(&rs, &st);
    printf("borrow: %zu function%s, %zu pattern%s\n", st.borrow, plural(st.borrow),
           st.borrow_patterns, plural(st.borrow_patterns));
    printf("deallocators: %zu function%s, %zu pattern%s\n", st.deallocators,
           plural(st.deallocators), st.deallocator_patterns, plural(st.deallocator_patterns));
    char digest[65];
    sl_rules_digest(&rs, digest);
    printf("files (%zu), digest %s:\n", rs.files.n, digest);
    for (size_t i = 0; i < rs.files.n; i++)
        printf("  %s\n", rs.files.v[i]);
    sl_rules_free(&rs);
    return SL_EXIT_OK;
}

static int check_one(const char *path)
{
    sl_ruleset rs;
    sl_error err;
    sl_rules_init(&rs);
    int rc = sl_rules_load_file(&rs, path, &err);
    if (rc == 0)
        printf("%s: ok (%zu resource%s)\n", path, rs.resources.n, plural(rs.resources.n));
    else
        fprintf(stderr, "%s\n", err.msg);
    sl_rules_free(&rs);
    return rc;
}

static int rules_check(int argc, char **argv)
{
    bool opts_done = false;
    int nfiles = 0, bad = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!opts_done && strcmp(a, "--") == 0) {
            opts_done = true;
            continue;
        }
        if (!opts_done && a[0] == '-' && a[1])
            return sl_usage_error("rules", "check: unknown option '%s'", a);
    }
    opts_done = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!opts_done && strcmp(a, "--") == 0) {
            opts_done = true;
            continue;
        }
        if (!sl_path_is_dir(a)) {
            nfiles++;
            bad += check_one(a) != 0;
            continue;
        }
        sl_error err;
        size_t n = 0;
        char **files = sl_rules_list_dir(a, &n, &err);
        if (!files) {
            fprintf(stderr, "%s\n", err.msg);
            nfiles++;
            bad++;
            continue;
        }
        if (n == 0) {
            fprintf(stderr, "%s: no rule files (*.yaml, *.yml) in this directory\n", a);
            nfiles++;
            bad++;
        }
        for (size_t j = 0; j < n; j++) {
            nfiles++;
            bad += check_one(files[j]) != 0;
            free(files[j]);
        }
        free(files);
    }
    if (nfiles == 0)
        return sl_usage_error("rules", "check: no rule file given");
    return bad ? SL_EXIT_USAGE : SL_EXIT_OK;
}

static void show_resource(const sl_resource *r)
{
    printf("resource %s\n", r->name);
    printf("  kind:     %s (findings: %s)\n", sl_kind_name(r->kind), sl_kind_rule_id(r->kind));
    printf("  library:  %s\n", r->library);
    printf("  defined:  %s:%u:%u\n", r->pos.file, r->pos.line, r->pos.col);
    printf("  acquire:\n");
    for (size_t i = 0; i < r->acquire.n; i++) {
        const sl_acquire *a = &r->acquire.v[i];
        printf("    %s: ", a->fn);
        print_acquire(stdout, a);
        printf("  (%s:%u)\n", a->pos.file, a->pos.line);
    }
    printf("  release:\n");
    for (size_t i = 0; i < r->release.n; i++) {
        const sl_release *rel = &r->release.v[i];
        printf("    %s: releases arg %d (the handle or a pointer to it)  (%s:%u)\n", rel->fn,
               rel->arg, rel->pos.file, rel->pos.line);
    }
}

static void show_function(const sl_fnrule *f, const char *name)
{
    if (sl_fnrule_is_pattern(f))
        printf("function %s (matched by the pattern %s)\n", name, f->fn);
    else
        printf("function %s\n", name);
    if (f->acquire) {
        printf("  acquires %s: ", f->acquire->res->name);
        print_acquire(stdout, f->acquire);
        printf("  (%s:%u)\n", f->acquire->pos.file, f->acquire->pos.line);
    }
    for (size_t i = 0; i < f->release.n; i++)
        printf("  releases %s through arg %d  (%s:%u)\n", f->release.v[i]->res->name,
               f->release.v[i]->arg, f->release.v[i]->pos.file, f->release.v[i]->pos.line);
    if (f->transfer) {
        printf("  transfers ");
        print_transfer(stdout, f->transfer);
    }
    if (f->borrow) {
        sl_srcpos p = sl_fnrule_borrow_pos(f);
        printf("  borrows: uses handles, keeps none  (%s:%u)\n", p.file, p.line);
    }
    if (f->deallocator) {
        sl_srcpos p = sl_fnrule_dealloc_pos(f);
        printf("  deallocator: frees the memory its argument 0 points to  (%s:%u)\n", p.file,
               p.line);
    }
}

static int rules_show(int argc, char **argv, const char *argv0)
{
    rules_opts o;
    int rc = parse_opts("show", argc, argv, &o);
    if (rc)
        return rc;
    if (o.args.n != 1) {
        rc = sl_usage_error("rules", "show: expected one resource or function name");
        free_opts(&o);
        return rc;
    }
    const char *name = o.args.v[0];
    sl_ruleset rs;
    rc = load_rules(&o, argv0, &rs);
    free_opts(&o);
    if (rc)
        return rc;
    const sl_resource *r = sl_rules_find_resource(&rs, name);
    const sl_fnrule *f = r ? NULL : sl_rules_lookup(&rs, name);
    if (r) {
        show_resource(r);
    } else if (f) {
        show_function(f, name);
    } else {
        fprintf(stderr, "sesslint: no resource or function rule named '%s' "
                "(see 'sesslint rules list'; a call to a function with no rule and no "
                "known body hands its handles over)\n", name);
        rc = SL_EXIT_USAGE;
    }
    sl_rules_free(&rs);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Parse every job, keep the inference candidates and the names of the
 * functions defined, and print the inferred rule files. */
static int rules_infer(int argc, char **argv, const char *argv0)
{
    rules_opts o;
    int rc = parse_opts("infer", argc, argv, &o);
    if (rc != 0) {
        free_opts(&o);
        return rc;
    }
    sl_ruleset rs;
    if ((rc = load_rules(&o, argv0, &rs)) != 0) {
        free_opts(&o);
        return rc;
    }
    sl_jobs jobs = {0};
    sl_error err = {{0}};
    if (!o.build_dir && o.args.n == 0) {
        rc = sl_usage_error("rules", "infer: give source PATHs or -p BUILD_DIR");
        goto out;
    }
    if ((o.build_dir ? sl_jobs_from_compdb(&jobs, o.build_dir, o.args.v, o.args.n, o.flags.v,
                                           o.flags.n, &err)
                     : sl_jobs_from_paths(&jobs, o.args.v, o.args.n, o.flags.v, o.flags.n,
                                          &err)) != 0) {
        fprintf(stderr, "sesslint: %s\n", err.msg);
        rc = SL_EXIT_USAGE;
        goto out;
    }
    CXIndex idx = clang_createIndex(0, 0);
    SL_VEC(sl_tu *) tus = {0};
    SL_VEC(sl_decl) decls = {0};
    sl_strvec shown = {0}; /* the decls' files as shown */
    char *cwd = sl_path_absolute(".");
    SL_VEC(const char *) defined = {0};
    for (size_t i = 0; i < jobs.n; i++) {
        sl_parse_input in = {0};
        in.file = jobs.v[i].file;
        in.directory = jobs.v[i].directory;
        in.args = (const char *const *)jobs.v[i].args.v;
        in.nargs = (int)jobs.v[i].args.n;
        in.collect_decls = true;
        sl_parse_report rep = {0};
        sl_error perr = {{0}};
        sl_tu *tu = sl_frontend_parse(idx, &in, &rep, &perr);
        if (!tu)
            fprintf(stderr, "sesslint: %s: %s\n", jobs.v[i].file, perr.msg);
        else if (rep.nerrors)
            fprintf(stderr, "sesslint: %s: %u parse error%s (first: %s)\n", jobs.v[i].file,
                    rep.nerrors, rep.nerrors == 1 ? "" : "s",
                    rep.first_error ? rep.first_error : "?");
        sl_parse_report_release(&rep);
        if (!tu)
            continue;
        SL_VEC_PUSH(tus, tu);
        for (size_t k = 0; k < tu->decls.n; k++) {
            /* where a header is, said the same way by every libclang
             * (14 gives it absolute, 19 as the include path spelled it):
             * relative to the working directory when under it */
            sl_decl d = tu->decls.v[k];
            char *base = jobs.v[i].directory ? sl_xstrdup(jobs.v[i].directory)
                                             : sl_path_dirname(jobs.v[i].file);
            char *joined = d.file[0] == '/' ? sl_xstrdup(d.file) : sl_path_join(base, d.file);
            char *abs = sl_path_absolute_lexical(joined);
            char *rel = sl_path_relative(abs, cwd);
            free(base);
            free(joined);
            free(abs);
            SL_VEC_PUSH(shown, rel);
            d.file = rel;
            SL_VEC_PUSH(decls, d);
        }
        for (size_t k = 0; k < tu->funcs.n; k++)
            SL_VEC_PUSH(defined, tu->funcs.v[k]->name);
    }
    clang_disposeIndex(idx);
    sl_sort(defined.v, defined.n, sizeof *defined.v, cmp_str);
    sl_inferred_files files;
    sl_infer_rules(decls.v, decls.n, &rs, defined.v, defined.n, true, &files);
    for (size_t i = 0; i < files.n; i++)
        printf("%s# ---- file: %s.yaml\n%s", i ? "\n" : "", files.v[i].library,
               files.v[i].yaml);
    if (files.n == 0)
        fprintf(stderr, "sesslint: nothing to infer: no constructor and destructor pair "
                        "outside the loaded rules\n");
    sl_inferred_files_free(&files);
    for (size_t i = 0; i < tus.n; i++)
        sl_tu_free(tus.v[i]);
    free(tus.v);
    free(decls.v);
    free(defined.v);
    sl_strvec_free(&shown);
    free(cwd);
out:
    sl_jobs_free(&jobs);
    sl_rules_free(&rs);
    free_opts(&o);
    return rc;
}

int sl_cmd_rules(int argc, char **argv, const char *argv0)
{
    if (argc < 2)
        return sl_usage_error("rules", "expected a subcommand: list, check, show or infer");
    const char *sub = argv[1];
    if (strcmp(sub, "list") == 0)
        return rules_list(argc - 2, argv + 2, argv0);
    if (strcmp(sub, "check") == 0)
        return rules_check(argc - 2, argv + 2);
    if (strcmp(sub, "infer") == 0)
        return rules_infer(argc - 2, argv + 2, argv0);
    if (strcmp(sub, "show") == 0)
        return rules_show(argc - 2, argv + 2, argv0);
    return sl_usage_error("rules", "unknown subcommand '%s' (expected list, check, show or infer)",
                          sub);
}
