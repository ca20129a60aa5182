/* Unit tests for rules.c (rule-file loading and lookups) and the
 * `sesslint rules` subcommands. */
#define _GNU_SOURCE
#include <check.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rules.h"
#include "testutil.h"
#include "util.h"

#define RULES_DIR SESSLINT_SOURCE_DIR "/rules"

/* ------------------------------------------------------------------ */
/* helpers */

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void rm_tree(char *dir)
{
    nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(dir);
}

static void load_shipped(sl_ruleset *rs)
{
    sl_error err;
    sl_rules_init(rs);
    int rc = sl_rules_load_path(rs, RULES_DIR, &err);
    ck_assert_msg(rc == 0, "loading %s failed: %s", RULES_DIR, err.msg);
}

/* A small rule file every error test loads first, so that each test can
 * check that a failed load leaves an existing set untouched. */
static const char base_yaml[] =
    "library: base\n"
    "resources:\n"
    "  base.res:\n"
    "    kind: session\n"
    "    acquire: [{fn: base_open}]\n"
    "    release: [{fn: base_close, arg: 0}]\n"
    "transfers:\n"
    "  - {fn: base_xfer, args: [1], to: 0}\n"
    "borrow: [base_use, \"base_pat*\"]\n";

typedef struct snapshot {
    size_t resources, transfers, files;
    sl_rules_stats st;
    char digest[65];
} snapshot;

static snapshot snap(const sl_ruleset *rs)
{
    snapshot s;
    memset(&s, 0, sizeof s);
    s.resources = rs->resources.n;
    s.transfers = rs->transfers.n;
    s.files = rs->files.n;
    sl_rules_get_stats(rs, &s.st);
    sl_rules_digest(rs, s.digest);
    return s;
}

static void assert_base_intact(const sl_ruleset *rs, const snapshot *before)
{
    snapshot after = snap(rs);
    ck_assert_uint_eq(after.resources, before->resources);
    ck_assert_uint_eq(after.transfers, before->transfers);
    ck_assert_uint_eq(after.files, before->files);
    ck_assert(memcmp(&after.st, &before->st, sizeof after.st) == 0);
    ck_assert_str_eq(after.digest, before->digest);
    const sl_fnrule *f = sl_rules_lookup(rs, "base_open");
    ck_assert_ptr_nonnull(f);
    ck_assert_ptr_nonnull(f->acquire);
    ck_assert_str_eq(f->acquire->res->name, "base.res");
    f = sl_rules_lookup(rs, "base_close");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(f->release.n, 1);
    ck_assert_ptr_nonnull(sl_rules_find_resource(rs, "base.res"));
}

/* Write `files` (name, text pairs, NULL-terminated) into a fresh directory,
 * load base.yaml, then load the first file and expect an error starting
 * with "<dir>/<errfile>:<pos>: " and containing every word in words.  The
 * set must be unchanged afterwards, and no function or resource of the
 * failed files may be visible. */
static void expect_error(const char *const *files, const char *errfile, const char *pos,
                         const char *const *words)
{
    char *dir = sl_test_tmpdir();
    char *base = sl_test_write(dir, "base.yaml", base_yaml);
    char *first = NULL;
    for (size_t i = 0; files[i]; i += 2) {
        char *p = sl_test_write(dir, files[i], files[i + 1]);
        if (i == 0)
            first = p;
        else
            free(p);
    }
    sl_ruleset rs;
    sl_error err;
    sl_rules_init(&rs);
    ck_assert_int_eq(sl_rules_load_file(&rs, base, &err), 0);
    snapshot before = snap(&rs);

    memset(&err, 0, sizeof err);
    ck_assert_int_eq(sl_rules_load_file(&rs, first, &err), -1);
    char *prefix = errfile ? sl_xasprintf("%s/%s:%s: ", dir, errfile, pos)
                           : sl_xasprintf("%s/%s: ", dir, files[0]);
    ck_assert_msg(strncmp(err.msg, prefix, strlen(prefix)) == 0,
                  "error was\n  %s\nexpected prefix\n  %s", err.msg, prefix);
    for (size_t i = 0; words && words[i]; i++)
        ck_assert_msg(strstr(err.msg, words[i]) != NULL, "error '%s' lacks '%s'", err.msg,
                      words[i]);
    assert_base_intact(&rs, &before);
    ck_assert_ptr_null(sl_rules_lookup(&rs, "new_fn"));
    ck_assert_ptr_null(sl_rules_find_resource(&rs, "new.res"));

    /* The same set still accepts a good file afterwards. */
    char *good = sl_test_write(dir, "good.yaml",
                               "library: good\nresources:\n  good.res: "
                               "{acquire: [good_open], release: [good_close]}\n");
    ck_assert_int_eq(sl_rules_load_file(&rs, good, &err), 0);
    ck_assert_ptr_nonnull(sl_rules_lookup(&rs, "good_open"));

    free(good);
    free(prefix);
    free(first);
    free(base);
    sl_rules_free(&rs);
    rm_tree(dir);
}

#define FILES(...) ((const char *const[]){__VA_ARGS__, NULL})
#define WORDS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* ------------------------------------------------------------------ */
/* shipped rules */

typedef struct kind_row {
    const char *resource;
    sl_kind kind;
    const char *acquire; /* "fn:out ..." (out -1 = return value) */
    const char *release; /* "fn:arg ..." */
} kind_row;

/* The shared contract table (resources, kinds, acquire and release). */
static const kind_row kinds_table[] = {
    {"curl.easy", SL_KIND_SESSION, "curl_easy_init:-1 curl_easy_duphandle:-1", "curl_easy_cleanup:0"},
    {"curl.multi", SL_KIND_SESSION, "curl_multi_init:-1", "curl_multi_cleanup:0"},
    {"curl.share", SL_KIND_RESOURCE, "curl_share_init:-1", "curl_share_cleanup:0"},
    {"curl.slist", SL_KIND_RESOURCE, "curl_slist_append:-1", "curl_slist_free_all:0"},
    {"posix.socket", SL_KIND_CONNECTOR, "socket:-1 accept:-1 accept4:-1", "close:0"},
    {"posix.fd", SL_KIND_RESOURCE, "open:-1 openat:-1 creat:-1 dup:-1", "close:0"},
    {"stdio.file", SL_KIND_RESOURCE, "fopen:-1 fdopen:-1 tmpfile:-1", "fclose:0"},
    {"stdio.pipe", SL_KIND_RESOURCE, "popen:-1", "pclose:0"},
    {"posix.dir", SL_KIND_RESOURCE, "opendir:-1 fdopendir:-1", "closedir:0"},
    {"posix.addrinfo", SL_KIND_RESOURCE, "getaddrinfo:3", "freeaddrinfo:0"},
    {"posix.dl", SL_KIND_RESOURCE, "dlopen:-1", "dlclose:0"},
    {"sqlite3.db", SL_KIND_CONNECTOR, "sqlite3_open:1 sqlite3_open_v2:1 sqlite3_open16:1",
     "sqlite3_close:0 sqlite3_close_v2:0"},
    {"sqlite3.stmt", SL_KIND_RESOURCE,
     "sqlite3_prepare:3 sqlite3_prepare_v2:3 sqlite3_prepare_v3:4", "sqlite3_finalize:0"},
    {"openssl.ctx", SL_KIND_RESOURCE, "SSL_CTX_new:-1", "SSL_CTX_free:0"},
    {"openssl.ssl", SL_KIND_SESSION, "SSL_new:-1", "SSL_free:0"},
    {"openssl.bio", SL_KIND_CONNECTOR,
     "BIO_new:-1 BIO_new_socket:-1 BIO_new_connect:-1 BIO_new_mem_buf:-1 BIO_new_file:-1 "
     "BIO_new_fp:-1",
     "BIO_free:0 BIO_free_all:0 BIO_vfree:0"},
    {"libpq.conn", SL_KIND_CONNECTOR,
     "PQconnectdb:-1 PQconnectdbParams:-1 PQsetdbLogin:-1 PQconnectStart:-1 "
     "PQconnectStartParams:-1",
     "PQfinish:0"},
    {"libpq.result", SL_KIND_RESOURCE,
     "PQexec:-1 PQexecParams:-1 PQexecPrepared:-1 PQprepare:-1 PQdescribePrepared:-1 "
     "PQgetResult:-1",
     "PQclear:0"},
    {"hiredis.context", SL_KIND_CONNECTOR,
     "redisConnect:-1 redisConnectWithTimeout:-1 redisConnectUnix:-1 redisConnectNonBlock:-1",
     "redisFree:0"},
    {"hiredis.reply", SL_KIND_RESOURCE, "redisCommand:-1 redisCommandArgv:-1 redisGetReply:1",
     "freeReplyObject:0"},
    {"libssh.session", SL_KIND_SESSION, "ssh_new:-1", "ssh_free:0"},
    {"libssh.channel", SL_KIND_CONNECTOR, "ssh_channel_new:-1", "ssh_channel_free:0"},
    {"libssh2.session", SL_KIND_SESSION, "libssh2_session_init_ex:-1", "libssh2_session_free:0"},
    {"libssh2.channel", SL_KIND_CONNECTOR,
     "libssh2_channel_open_ex:-1 libssh2_channel_direct_tcpip_ex:-1", "libssh2_channel_free:0"},
    {"libssh2.sftp", SL_KIND_SESSION, "libssh2_sftp_init:-1", "libssh2_sftp_shutdown:0"},
    {"gssapi.cred", SL_KIND_CREDENTIAL, "gss_acquire_cred:5 gss_acquire_cred_with_password:6",
     "gss_release_cred:1"},
    {"gssapi.name", SL_KIND_RESOURCE, "gss_import_name:3", "gss_release_name:1"},
    {"gssapi.context", SL_KIND_SESSION, "gss_init_sec_context:2 gss_accept_sec_context:1",
     "gss_delete_sec_context:1"},
    {"krb5.context", SL_KIND_RESOURCE, "krb5_init_context:0", "krb5_free_context:0"},
    {"krb5.ccache", SL_KIND_CREDENTIAL, "krb5_cc_default:1 krb5_cc_resolve:2",
     "krb5_cc_close:1 krb5_cc_destroy:1"},
    {"krb5.principal", SL_KIND_RESOURCE, "krb5_parse_name:2", "krb5_free_principal:1"},
    {"pam.handle", SL_KIND_SESSION, "pam_start:3 pam_start_confdir:4", "pam_end:0"},
};

START_TEST(shipped_rules_match_kinds_table)
{
    sl_ruleset rs;
    load_shipped(&rs);
    ck_assert_uint_ge(rs.files.n, 14);
    for (size_t i = 0; i < sizeof kinds_table / sizeof kinds_table[0]; i++) {
        const kind_row *row = &kinds_table[i];
        const sl_resource *r = sl_rules_find_resource(&rs, row->resource);
        ck_assert_msg(r != NULL, "resource %s missing", row->resource);
        ck_assert_msg(r->kind == row->kind, "%s has kind %s", row->resource,
                      sl_kind_name(r->kind));
        for (int pass = 0; pass < 2; pass++) {
            char *list = sl_xstrdup(pass == 0 ? row->acquire : row->release);
            char *save = NULL;
            for (char *tok = strtok_r(list, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
                char *colon = strchr(tok, ':');
                *colon = 0;
                int idx = atoi(colon + 1);
                const sl_fnrule *f = sl_rules_lookup(&rs, tok);
                ck_assert_msg(f != NULL, "no rule for %s", tok);
                ck_assert_msg(!sl_fnrule_is_pattern(f), "%s found only through a pattern", tok);
                if (pass == 0) {
                    ck_assert_msg(f->acquire && f->acquire->res == r, "%s does not acquire %s",
                                  tok, row->resource);
                    ck_assert_msg(f->acquire->out == idx, "%s: out %d, expected %d", tok,
                                  f->acquire->out, idx);
                } else {
                    bool found = false;
                    for (size_t j = 0; j < f->release.n; j++)
                        found |= f->release.v[j]->res == r && f->release.v[j]->arg == idx;
                    ck_assert_msg(found, "%s does not release %s through arg %d", tok,
                                  row->resource, idx);
                }
            }
            free(list);
        }
    }
    sl_rules_free(&rs);
}
END_TEST

START_TEST(shipped_rules_lookups)
{
    sl_ruleset rs;
    load_shipped(&rs);

    const sl_fnrule *f = sl_rules_lookup(&rs, "curl_easy_init");
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(f->fn, "curl_easy_init");
    ck_assert_str_eq(f->acquire->res->name, "curl.easy");
    ck_assert_str_eq(f->acquire->res->library, "libcurl");
    ck_assert_int_eq(f->acquire->out, -1);
    ck_assert(f->acquire->invalid.op == SL_CMP_EQ && f->acquire->invalid.value == 0);
    ck_assert(!f->acquire->valid_on_failure);
    ck_assert_uint_eq(f->release.n, 0);
    ck_assert_ptr_null(f->transfer);
    ck_assert(!f->borrow);

    f = sl_rules_lookup(&rs, "sqlite3_open");
    ck_assert_int_eq(f->acquire->out, 1);
    ck_assert(f->acquire->valid_on_failure);
    ck_assert(sl_valcond_holds(f->acquire->success, 0));
    ck_assert(!sl_valcond_holds(f->acquire->success, 1));

    f = sl_rules_lookup(&rs, "gss_release_cred");
    ck_assert_uint_eq(f->release.n, 1);
    ck_assert_int_eq(f->release.v[0]->arg, 1);
    ck_assert_str_eq(f->release.v[0]->res->name, "gssapi.cred");
    ck_assert_ptr_null(f->acquire);

    f = sl_rules_lookup(&rs, "SSL_set_bio");
    ck_assert_ptr_nonnull(f->transfer);
    ck_assert_uint_eq(f->transfer->args.n, 2);
    ck_assert_int_eq(f->transfer->args.v[0], 1);
    ck_assert_int_eq(f->transfer->args.v[1], 2);
    ck_assert_int_eq(f->transfer->to, 0);
    ck_assert(!sl_fnrule_is_pattern(f));

    /* close releases two resources */
    f = sl_rules_lookup(&rs, "close");
    ck_assert_uint_eq(f->release.n, 2);

    /* acquire + transfer on one function */
    f = sl_rules_lookup(&rs, "curl_slist_append");
    ck_assert_str_eq(f->acquire->res->name, "curl.slist");
    ck_assert_int_eq(f->transfer->to, -1);
    ck_assert_int_eq(f->transfer->args.v[0], 0);
    f = sl_rules_lookup(&rs, "fdopen");
    ck_assert_str_eq(f->acquire->res->name, "stdio.file");
    ck_assert_int_eq(f->transfer->to, -1);

    /* borrow through a pattern, and through exact names */
    f = sl_rules_lookup(&rs, "curl_easy_setopt");
    ck_assert_ptr_nonnull(f);
    ck_assert(f->borrow);
    ck_assert(sl_fnrule_is_pattern(f));
    ck_assert_str_eq(f->fn, "curl_easy_*");
    ck_assert_ptr_null(f->acquire);
    f = sl_rules_lookup(&rs, "ssh_disconnect");
    ck_assert(f->borrow && f->release.n == 0);
    f = sl_rules_lookup(&rs, "libssh2_session_disconnect_ex");
    ck_assert(f->borrow && f->release.n == 0);
    f = sl_rules_lookup(&rs, "fprintf");
    ck_assert(f->borrow && !sl_fnrule_is_pattern(f));
    ck_assert_str_eq(sl_fnrule_borrow_pos(f).file, RULES_DIR "/posix.yaml");
    f = sl_rules_lookup(&rs, "free");
    ck_assert(f->deallocator && !f->borrow);

    /* exact entries win over patterns of the same prefix */
    f = sl_rules_lookup(&rs, "curl_easy_cleanup");
    ck_assert(!f->borrow && f->release.n == 1);
    f = sl_rules_lookup(&rs, "sqlite3_free");
    ck_assert(f->deallocator && !f->borrow);

    /* self-check APIs */
    f = sl_rules_lookup(&rs, "clang_parseTranslationUnit2");
    ck_assert_int_eq(f->acquire->out, 7);
    f = sl_rules_lookup(&rs, "clang_getCursorSpelling");
    ck_assert_str_eq(f->acquire->res->name, "libclang.string");
    ck_assert(!sl_valcond_holds(f->acquire->invalid, 0));
    f = sl_rules_lookup(&rs, "clang_tokenize");
    ck_assert_int_eq(f->acquire->out, 2);
    ck_assert(sl_valcond_holds(f->acquire->success, 12345));
    f = sl_rules_lookup(&rs, "clang_disposeTokens");
    ck_assert_int_eq(f->release.v[0]->arg, 1);
    f = sl_rules_lookup(&rs, "yaml_parser_initialize");
    ck_assert_int_eq(f->acquire->out, 0);
    ck_assert(sl_valcond_holds(f->acquire->success, 1));
    ck_assert(!sl_valcond_holds(f->acquire->success, 0));
    f = sl_rules_lookup(&rs, "json_object_set_new");
    ck_assert_int_eq(f->transfer->args.v[0], 2);
    ck_assert_int_eq(f->transfer->to, 0);
    f = sl_rules_lookup(&rs, "json_decref");
    ck_assert_str_eq(f->release.v[0]->res->name, "jansson.json");

    /* unknown names */
    ck_assert_ptr_null(sl_rules_lookup(&rs, "no_such_function"));
    ck_assert_ptr_null(sl_rules_lookup(&rs, ""));
    ck_assert_ptr_null(sl_rules_lookup(&rs, "curl_eas"));
    ck_assert_ptr_null(sl_rules_find_resource(&rs, "no.such"));

    sl_rules_stats st;
    sl_rules_get_stats(&rs, &st);
    ck_assert_uint_gt(st.borrow, 100);
    ck_assert_uint_gt(st.borrow_patterns, 5);
    ck_assert_uint_ge(st.deallocators, 1);
    sl_rules_free(&rs);
}
END_TEST

START_TEST(every_shipped_file_checks_alone)
{
    size_t n;
    sl_error err;
    char **files = sl_rules_list_dir(RULES_DIR, &n, &err);
    ck_assert_ptr_nonnull(files);
    ck_assert_ptr_null(files[n]);
    static const char *const expected[] = {
        "gssapi.yaml", "hiredis.yaml", "jansson.yaml", "krb5.yaml", "libclang.yaml",
        "libcurl.yaml", "libpq.yaml", "libssh.yaml", "libssh2.yaml", "libyaml.yaml",
        "openssl.yaml", "pam.yaml", "posix.yaml", "sqlite3.yaml", NULL};
    for (size_t i = 0; expected[i]; i++) {
        bool found = false;
        for (size_t j = 0; j < n; j++)
            found |= sl_str_ends_with(files[j], expected[i]);
        ck_assert_msg(found, "%s not shipped", expected[i]);
    }
    for (size_t j = 0; j < n; j++) {
        sl_ruleset rs;
        sl_rules_init(&rs);
        ck_assert_msg(sl_rules_load_file(&rs, files[j], &err) == 0, "%s", err.msg);
        ck_assert_uint_ge(rs.resources.n, 1);
        sl_rules_free(&rs);
        free(files[j]);
    }
    free(files);
}
END_TEST

/* ------------------------------------------------------------------ */
/* small pieces */

START_TEST(kinds_and_conditions)
{
    ck_assert_str_eq(sl_kind_name(SL_KIND_SESSION), "session");
    ck_assert_str_eq(sl_kind_name(SL_KIND_CREDENTIAL), "credential");
    ck_assert_str_eq(sl_kind_name(SL_KIND_CONNECTOR), "connector");
    ck_assert_str_eq(sl_kind_name(SL_KIND_RESOURCE), "resource");
    ck_assert_str_eq(sl_kind_rule_id(SL_KIND_SESSION), "leak.session");
    ck_assert_str_eq(sl_kind_rule_id(SL_KIND_CREDENTIAL), "leak.credential");
    ck_assert_str_eq(sl_kind_rule_id(SL_KIND_CONNECTOR), "leak.connector");
    ck_assert_str_eq(sl_kind_rule_id(SL_KIND_RESOURCE), "leak.resource");
    ck_assert_str_eq(sl_kind_name(SL_KIND_MEMORY), "memory");
    ck_assert_str_eq(sl_kind_rule_id(SL_KIND_MEMORY), "leak.memory");

    static const struct {
        const char *text;
        sl_cmp op;
        long long v;
        const char *shown;
    } ok[] = {
        {"== 0", SL_CMP_EQ, 0, "== 0"},    {"NULL", SL_CMP_EQ, 0, "== 0"},
        {"null", SL_CMP_EQ, 0, "== 0"},    {"<0", SL_CMP_LT, 0, "< 0"},
        {" <= -1 ", SL_CMP_LE, -1, "<= -1"}, {"!= NULL", SL_CMP_NE, 0, "!= 0"},
        {"== -1", SL_CMP_EQ, -1, "== -1"}, {">= 0x10", SL_CMP_GE, 16, ">= 16"},
        {"> 2", SL_CMP_GT, 2, "> 2"},      {"-1", SL_CMP_EQ, -1, "== -1"},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        sl_valcond c;
        ck_assert_msg(sl_valcond_parse(ok[i].text, &c) == 0, "'%s' refused", ok[i].text);
        ck_assert_int_eq(c.op, ok[i].op);
        ck_assert(c.value == ok[i].v);
        char buf[32];
        ck_assert_str_eq(sl_valcond_format(c, buf, sizeof buf), ok[i].shown);
    }
    static const char *const bad[] = {"", "=<0", "== ", "== x", "0 ==", "=0", "<< 1",
                                      "== 99999999999999999999", "none!", NULL};
    for (size_t i = 0; bad[i]; i++) {
        sl_valcond c;
        ck_assert_msg(sl_valcond_parse(bad[i], &c) == -1, "'%s' accepted", bad[i]);
    }

    sl_valcond c;
    ck_assert_int_eq(sl_valcond_parse("< 0", &c), 0);
    ck_assert(sl_valcond_holds(c, -1) && !sl_valcond_holds(c, 0));
    ck_assert_int_eq(sl_valcond_parse("!= 0", &c), 0);
    ck_assert(sl_valcond_holds(c, 3) && !sl_valcond_holds(c, 0));
    ck_assert_int_eq(sl_valcond_parse("none", &c), 0);
    ck_assert(!sl_valcond_holds(c, 0) && !sl_valcond_holds(c, LLONG_MIN) &&
              !sl_valcond_holds(c, LLONG_MAX));
    char buf[32];
    ck_assert_str_eq(sl_valcond_format(c, buf, sizeof buf), "none");
    ck_assert_int_eq(sl_valcond_parse("any", &c), 0);
    ck_assert(sl_valcond_holds(c, 0) && sl_valcond_holds(c, LLONG_MIN) &&
              sl_valcond_holds(c, LLONG_MAX));
    ck_assert_str_eq(sl_valcond_format(c, buf, sizeof buf), "any");
}
END_TEST

START_TEST(defaults_and_short_forms)
{
    char *dir = sl_test_tmpdir();
    char *p = sl_test_write(dir, "a.yaml",
                            "library: lib\n"
                            "resources:\n"
                            "  r.plain:\n"
                            "    acquire: plain_open\n"
                            "    release: plain_close\n"
                            "  r.full:\n"
                            "    kind: credential\n"
                            "    acquire:\n"
                            "      - fn: full_open\n"
                            "        out: 2\n"
                            "        success: \">= 0\"\n"
                            "        valid_on_failure: yes\n"
                            "      - {fn: full_open2, invalid: \"== -1\"}\n"
                            "    release:\n"
                            "      - {fn: full_close, arg: 1}\n"
                            "  r.empty_ok:\n"
                            "    acquire: [e_open]\n"
                            "    release: [e_close]\n"
                            "transfers:\n"
                            "  - {fn: give, args: [0, 3], to: escape}\n"
                            "  - {fn: give2, args: [1], to: return}\n"
                            "borrow:\n"
                            "deallocators: [my_free, \"my_free_*\"]\n");
    sl_ruleset rs;
    sl_error err;
    sl_rules_init(&rs);
    ck_assert_msg(sl_rules_load_file(&rs, p, &err) == 0, "%s", err.msg);
    const sl_resource *r = sl_rules_find_resource(&rs, "r.plain");
    ck_assert_int_eq(r->kind, SL_KIND_RESOURCE);
    ck_assert_str_eq(r->library, "lib");
    ck_assert_str_eq(r->pos.file, p);
    ck_assert_uint_eq(r->pos.line, 3);
    ck_assert_uint_eq(r->pos.col, 3);
    ck_assert_int_eq(r->acquire.v[0].out, -1);
    ck_assert(r->acquire.v[0].invalid.op == SL_CMP_EQ && r->acquire.v[0].invalid.value == 0);
    ck_assert(r->acquire.v[0].success.op == SL_CMP_EQ && r->acquire.v[0].success.value == 0);
    ck_assert_int_eq(r->release.v[0].arg, 0);
    ck_assert_uint_eq(r->release.v[0].pos.line, 5);
    ck_assert_uint_eq(r->release.v[0].pos.col, 14);

    r = sl_rules_find_resource(&rs, "r.full");
    ck_assert_int_eq(r->kind, SL_KIND_CREDENTIAL);
    ck_assert_int_eq(r->acquire.v[0].out, 2);
    ck_assert(r->acquire.v[0].success.op == SL_CMP_GE);
    ck_assert(r->acquire.v[0].valid_on_failure);
    ck_assert(r->acquire.v[1].invalid.value == -1);
    ck_assert_int_eq(r->release.v[0].arg, 1);
    ck_assert_ptr_eq(sl_rules_lookup(&rs, "full_open2")->acquire, &r->acquire.v[1]);

    const sl_fnrule *f = sl_rules_lookup(&rs, "give");
    ck_assert_int_eq(f->transfer->to, -1);
    ck_assert_uint_eq(f->transfer->args.n, 2);
    ck_assert_int_eq(sl_rules_lookup(&rs, "give2")->transfer->to, -1);
    ck_assert(sl_rules_lookup(&rs, "my_free")->deallocator);
    f = sl_rules_lookup(&rs, "my_free_all");
    ck_assert(f->deallocator && sl_fnrule_is_pattern(f));
    ck_assert_ptr_null(sl_rules_lookup(&rs, "my_fre"));
    sl_rules_free(&rs);
    free(p);
    rm_tree(dir);
}
END_TEST

START_TEST(pattern_precedence)
{
    char *dir = sl_test_tmpdir();
    char *p = sl_test_write(dir, "a.yaml",
                            "library: lib\n"
                            "resources:\n"
                            "  x.h: {acquire: [x_new], release: [x_free]}\n"
                            "borrow: [\"x_*\", \"x_get*\"]\n"
                            "deallocators: [\"x_get_buf_free*\"]\n");
    sl_ruleset rs;
    sl_error err;
    sl_rules_init(&rs);
    ck_assert_msg(sl_rules_load_file(&rs, p, &err) == 0, "%s", err.msg);
    ck_assert_ptr_nonnull(sl_rules_lookup(&rs, "x_new")->acquire);
    ck_assert_uint_eq(sl_rules_lookup(&rs, "x_free")->release.n, 1);
    ck_assert_str_eq(sl_rules_lookup(&rs, "x_use")->fn, "x_*");
    ck_assert_str_eq(sl_rules_lookup(&rs, "x_get_name")->fn, "x_get*");
    ck_assert_str_eq(sl_rules_lookup(&rs, "x_get")->fn, "x_get*"); /* empty rest matches */
    ck_assert_str_eq(sl_rules_lookup(&rs, "x_")->fn, "x_*");
    const sl_fnrule *f = sl_rules_lookup(&rs, "x_get_buf_free_all");
    ck_assert_str_eq(f->fn, "x_get_buf_free*");
    ck_assert(f->deallocator && !f->borrow);
    ck_assert_ptr_null(sl_rules_lookup(&rs, "x"));
    ck_assert_ptr_null(sl_rules_lookup(&rs, "y_use"));
    sl_rules_free(&rs);
    free(p);
    rm_tree(dir);
}
END_TEST

/* Many names: exercises table growth, and lookups stay exact. */
START_TEST(many_functions)
{
    sl_strbuf b = {0};
    sl_strbuf_puts(&b, "library: big\nresources:\n");
    for (int i = 0; i < 3000; i++)
        sl_strbuf_printf(&b, "  r%d: {acquire: [open_%d], release: [close_%d, close_all]}\n", i,
                         i, i);
    sl_strbuf_puts(&b, "borrow:\n");
    for (int i = 0; i < 3000; i++)
        sl_strbuf_printf(&b, "  - use_%d\n  - \"pat_%d_*\"\n", i, i);
    char *dir = sl_test_tmpdir();
    char *p = sl_test_write(dir, "big.yaml", b.s);
    sl_strbuf_release(&b);
    sl_ruleset rs;
    sl_error err;
    sl_rules_init(&rs);
    ck_assert_msg(sl_rules_load_file(&rs, p, &err) == 0, "%s", err.msg);
    for (int i = 0; i < 3000; i++) {
        char name[64];
        snprintf(name, sizeof name, "open_%d", i);
        const sl_fnrule *f = sl_rules_lookup(&rs, name);
        ck_assert_ptr_nonnull(f);
        char res[32];
        snprintf(res, sizeof res, "r%d", i);
        ck_assert_str_eq(f->acquire->res->name, res);
        snprintf(name, sizeof name, "use_%d", i);
        ck_assert(sl_rules_lookup(&rs, name)->borrow);
        snprintf(name, sizeof name, "pat_%d_x", i);
        f = sl_rules_lookup(&rs, name);
        ck_assert_ptr_nonnull(f);
        snprintf(res, sizeof res, "pat_%d_*", i);
        ck_assert_str_eq(f->fn, res);
    }
    ck_assert_uint_eq(sl_rules_lookup(&rs, "close_all")->release.n, 3000);
    ck_assert_ptr_null(sl_rules_lookup(&rs, "open_3000"));
    ck_assert_ptr_null(sl_rules_lookup(&rs, "pat_3000_x"));
    sl_rules_free(&rs);
    free(p);
    rm_tree(dir);
}
END_TEST

START_TEST(digest_is_stable_and_location_independent)
{
    sl_ruleset a, b;
    char da[65], db[65], dc[65];
    load_shipped(&a);
    load_shipped(&b);
    sl_rules_digest(&a, da);
    sl_rules_digest(&b, db);
    ck_assert_str_eq(da, db);
    ck_assert_uint_eq(strlen(da), 64);
    sl_rules_free(&b);

    /* The same files elsewhere: same digest.  One byte changed: another. */
    char *dir = sl_test_tmpdir();
    for (size_t i = 0; i < a.files.n; i++) {
        sl_error err;
        char *text = sl_read_file(a.files.v[i], NULL, &err);
        ck_assert_ptr_nonnull(text);
        const char *base = strrchr(a.files.v[i], '/') + 1;
        free(sl_test_write(dir, base, text));
        free(text);
    }
    sl_error err;
    sl_rules_init(&b);
    ck_assert_int_eq(sl_rules_load_path(&b, dir, &err), 0);
    sl_rules_digest(&b, db);
    ck_assert_str_eq(da, db);
    sl_rules_free(&b);

    char *pam = sl_path_join(dir, "pam.yaml");
    char *text = sl_read_file(pam, NULL, &err);
    char *changed = sl_xasprintf("%s# one more comment\n", text);
    free(sl_test_write(dir, "pam.yaml", changed));
    sl_rules_init(&b);
    ck_assert_int_eq(sl_rules_load_path(&b, dir, &err), 0);
    sl_rules_digest(&b, dc);
    ck_assert_str_ne(da, dc);
    sl_rules_free(&b);

    sl_ruleset empty;
    sl_rules_init(&empty);
    sl_rules_digest(&empty, dc);
    ck_assert_str_ne(da, dc);
    sl_rules_free(&empty);

    free(changed);
    free(text);
    free(pam);
    sl_rules_free(&a);
    rm_tree(dir);
}
END_TEST

START_TEST(includes_and_directories)
{
    char *dir = sl_test_tmpdir();
    free(sl_test_write(dir, "sub/b.yaml",
                       "library: b\ninclude: [../c.yaml]\n"
                       "resources:\n  b.r: {acquire: [b_open], release: [b_close]}\n"));
    free(sl_test_write(dir, "c.yaml",
                       "library: c\nresources:\n  c.r: {acquire: [c_open], release: [c_close]}\n"));
    /* a includes b and c; b includes c again (loaded once). */
    char *a = sl_test_write(dir, "a.yaml",
                            "library: a\ninclude: [sub/b.yaml, c.yaml]\n"
                            "resources:\n  a.r: {acquire: [a_open], release: [a_close]}\n");
    free(sl_test_write(dir, ".hidden.yaml", "not: [valid\n"));
    free(sl_test_write(dir, "notes.txt", "ignored\n"));

    sl_ruleset rs;
    sl_error err;
    sl_rules_init(&rs);
    ck_assert_msg(sl_rules_load_file(&rs, a, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(rs.files.n, 3);
    ck_assert_uint_eq(rs.resources.n, 3);
    ck_assert_str_eq(rs.files.v[0], a);
    ck_assert(sl_str_ends_with(rs.files.v[1], "/sub/b.yaml"));
    ck_assert(sl_str_ends_with(rs.files.v[2], "/sub/../c.yaml"));
    ck_assert_str_eq(sl_rules_find_resource(&rs, "c.r")->library, "c");
    ck_assert_str_eq(sl_rules_find_resource(&rs, "b.r")->library, "b");
    ck_assert_str_eq(sl_rules_find_resource(&rs, "a.r")->library, "a");
    /* Loading a file again, directly or through the directory, is a no-op. */
    char digest[65], digest2[65];
    sl_rules_digest(&rs, digest);
    ck_assert_int_eq(sl_rules_load_file(&rs, a, &err), 0);
    ck_assert_msg(sl_rules_load_path(&rs, dir, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(rs.files.n, 3);
    sl_rules_digest(&rs, digest2);
    ck_assert_str_eq(digest, digest2);
    sl_rules_free(&rs);

    /* A directory loads its *.yaml files in name order, skipping dot files
     * and other names. */
    sl_rules_init(&rs);
    ck_assert_msg(sl_rules_load_path(&rs, dir, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(rs.files.n, 3);
    ck_assert(sl_str_ends_with(rs.files.v[0], "/a.yaml"));
    sl_rules_free(&rs);

    /* An empty directory is an error. */
    char *empty = sl_path_join(dir, "sub");
    sl_rules_init(&rs);
    free(sl_test_write(dir, "sub/readme.txt", "x"));
    char *bfile = sl_path_join(dir, "sub/b.yaml");
    remove(bfile);
    ck_assert_int_eq(sl_rules_load_path(&rs, empty, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "no rule files"));
    ck_assert_uint_eq(rs.files.n, 0);
    sl_rules_free(&rs);
    free(bfile);
    free(empty);
    free(a);
    rm_tree(dir);
}
END_TEST

/* A directory whose second file is bad loads nothing at all. */
START_TEST(directory_load_is_all_or_nothing)
{
    char *dir = sl_test_tmpdir();
    free(sl_test_write(dir, "a.yaml",
                       "library: a\nresources:\n  a.r: {acquire: [a_open], release: [a_close]}\n"));
    char *b = sl_test_write(dir, "b.yaml",
                            "library: b\nresources:\n  a.r: {acquire: [x], release: [y]}\n");
    sl_ruleset rs;
    sl_error err;
    sl_rules_init(&rs);
    ck_assert_int_eq(sl_rules_load_path(&rs, dir, &err), -1);
    char *want = sl_xasprintf("%s:3:3: duplicate resource 'a.r': already defined at %s/a.yaml:3:3",
                              b, dir);
    ck_assert_str_eq(err.msg, want);
    ck_assert_uint_eq(rs.files.n, 0);
    ck_assert_uint_eq(rs.resources.n, 0);
    ck_assert_ptr_null(sl_rules_lookup(&rs, "a_open"));

    /* sl_rules_load_all: built-in rules plus the bad directory, nothing
     * loaded either. */
    const char *paths[] = {dir};
    setenv("SESSLINT_RULES_DIR", RULES_DIR, 1);
    ck_assert_int_eq(sl_rules_load_all(&rs, "sesslint", true, paths, 1, &err), -1);
    ck_assert_uint_eq(rs.resources.n, 0);
    ck_assert_int_eq(sl_rules_load_all(&rs, "sesslint", true, NULL, 0, &err), 0);
    ck_assert_ptr_nonnull(sl_rules_find_resource(&rs, "curl.easy"));
    sl_rules_free(&rs);
    free(want);
    free(b);
    rm_tree(dir);
}
END_TEST

START_TEST(builtin_dir)
{
    sl_error err;
    char *dir = sl_test_tmpdir();
    setenv("SESSLINT_RULES_DIR", dir, 1);
    char *got = sl_rules_builtin_dir("sesslint", &err);
    ck_assert_ptr_nonnull(got);
    ck_assert_str_eq(got, dir);
    free(got);

    char *missing = sl_path_join(dir, "missing");
    setenv("SESSLINT_RULES_DIR", missing, 1);
    ck_assert_ptr_null(sl_rules_builtin_dir("sesslint", &err));
    ck_assert_ptr_nonnull(strstr(err.msg, "SESSLINT_RULES_DIR"));
    free(missing);

    /* Unset: this test binary is in the build tree, not installed, so the
     * source tree's rules are found. */
    unsetenv("SESSLINT_RULES_DIR");
    got = sl_rules_builtin_dir("test_rules", &err);
    ck_assert_msg(got != NULL, "%s", err.msg);
    char *src = sl_path_absolute(RULES_DIR);
    char *abs = sl_path_absolute(got);
    ck_assert_str_eq(abs, src);
    free(abs);
    free(src);
    free(got);

    rm_tree(dir);
}
END_TEST

/* Run exe with args; returns its exit status and stdout (owned). */
static int run_exe(const char *exe, const char *const *args, char **out)
{
    char tmpl[] = "/tmp/sl-exe-out-XXXXXX";
    int fd = mkstemp(tmpl);
    ck_assert_int_ge(fd, 0);
    unlink(tmpl);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fd, 1);
        execv(exe, (char *const *)args);
        _exit(127);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    lseek(fd, 0, SEEK_SET);
    sl_strbuf b = {0};
    char buf[4096];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0)
        sl_strbuf_add(&b, buf, (size_t)n);
    close(fd);
    *out = sl_strbuf_detach(&b);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

/* An installed layout: <prefix>/bin/sesslint finds
 * <prefix>/share/sesslint/rules before the source tree. */
START_TEST(builtin_dir_next_to_installed_binary)
{
    char *prefix = sl_test_tmpdir();
    sl_error err;
    size_t len;
    char *image = sl_read_file(SESSLINT_BINARY, &len, &err);
    ck_assert_msg(image != NULL, "%s", err.msg);
    free(sl_test_write(prefix, "bin/.keep", ""));
    char *exe = sl_path_join(prefix, "bin/sesslint");
    FILE *f = fopen(exe, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(image, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
    ck_assert_int_eq(chmod(exe, 0755), 0);
    free(image);
    free(sl_test_write(prefix, "share/sesslint/rules/only.yaml",
                       "library: inst\nresources:\n"
                       "  inst.res: {acquire: [inst_open], release: [inst_close]}\n"));
    unsetenv("SESSLINT_RULES_DIR");
    char *out = NULL;
    int rc = run_exe(exe, (const char *const[]){exe, "rules", "list", NULL}, &out);
    ck_assert_msg(rc == 0, "exit %d, output: %s", rc, out);
    ck_assert_ptr_nonnull(strstr(out, "inst.res  [resource, inst]"));
    ck_assert_ptr_nonnull(strstr(out, "/share/sesslint/rules/only.yaml"));
    ck_assert_ptr_null(strstr(out, "curl.easy"));
    free(out);
    free(exe);
    rm_tree(prefix);
}
END_TEST

/* ------------------------------------------------------------------ */
/* one test per error kind */

START_TEST(err_yaml_syntax)
{
    expect_error(FILES("bad.yaml", "library: x\nresources:\n  a.b:\n    acquire: [f\n"),
                 "bad.yaml", "5:1", WORDS("YAML syntax error", "flow sequence"));
}
END_TEST

START_TEST(err_yaml_invalid_utf8)
{
    expect_error(FILES("bad.yaml", "library: x\nborrow: [\"a\xff\"]\n"), "bad.yaml", "2:12",
                 WORDS("YAML syntax error", "UTF-8"));
}
END_TEST

START_TEST(err_wrong_node_type)
{
    expect_error(FILES("bad.yaml", "library: x\nresources:\n  - new.res\n"), "bad.yaml", "3:3",
                 WORDS("`resources` must be a mapping", "found a sequence"));
}
END_TEST

START_TEST(err_wrong_node_type_top)
{
    expect_error(FILES("bad.yaml", "- library: x\n"), "bad.yaml", "1:1",
                 WORDS("top level", "must be a mapping", "sequence"));
}
END_TEST

START_TEST(err_wrong_node_type_entry)
{
    expect_error(FILES("bad.yaml", "library: x\nresources:\n  new.res:\n"
                                   "    acquire: [[new_fn]]\n    release: [c]\n"),
                 "bad.yaml", "4:15", WORDS("acquire entry", "mapping or a function name",
                                          "sequence"));
}
END_TEST

START_TEST(err_unknown_key)
{
    expect_error(FILES("bad.yaml", "library: x\nresources:\n  new.res:\n"
                                   "    acquire: [new_fn]\n    relase: [c]\n"),
                 "bad.yaml", "5:5",
                 WORDS("unknown key 'relase'", "did you mean 'release'",
                       "allowed keys: kind, acquire, release"));
}
END_TEST

START_TEST(err_unknown_key_top)
{
    expect_error(FILES("bad.yaml", "library: x\nbrrow: [new_fn]\n"), "bad.yaml", "2:1",
                 WORDS("unknown key 'brrow'", "at the top level", "did you mean 'borrow'",
                       "library, resources, transfers, borrow, deallocators, include"));
}
END_TEST

/* `report:` turns on opt-in findings; the shipped exception set does, the
 * built-in rules do not; an unknown finding is an error naming it. */
START_TEST(report_key)
{
    sl_ruleset rs;
    load_shipped(&rs);
    ck_assert(!rs.report_exception);
    sl_error err;
    ck_assert_msg(sl_rules_load_file(&rs, RULES_DIR "/optional/exception.yaml", &err) == 0, "%s",
                  err.msg);
    ck_assert(rs.report_exception);
    sl_rules_free(&rs);
    expect_error(FILES("bad.yaml", "library: x\nreport: [leak.bogus]\n"), "bad.yaml", "2:10",
                 WORDS("unknown opt-in finding 'leak.bogus'", "known: leak.exception"));
    expect_error(FILES("bad.yaml", "library: x\nreport: leak.exception\n"), "bad.yaml", "2:9",
                 WORDS("`report`"));
}
END_TEST

START_TEST(err_unknown_key_entry)
{
    expect_error(FILES("bad.yaml", "library: x\nresources:\n  new.res:\n"
                                   "    acquire: [{fn: new_fn, args: 1}]\n    release: [c]\n"),
                 "bad.yaml", "4:28",
                 WORDS("unknown key 'args'", "acquire entry",
                       "fn, out, invalid, success, valid_on_failure"));
}
END_TEST

START_TEST(err_duplicate_key)
{
    expect_error(FILES("bad.yaml", "library: x\nlibrary: y\n"), "bad.yaml", "2:1",
                 WORDS("duplicate key 'library'", "line 1, column 1"));
}
END_TEST

START_TEST(err_missing_library)
{
    expect_error(FILES("bad.yaml", "resources:\n  new.res: {acquire: [new_fn], release: [c]}\n"),
                 "bad.yaml", "1:1", WORDS("missing required key `library`"));
}
END_TEST

START_TEST(err_empty_file)
{
    expect_error(FILES("bad.yaml", "# nothing here\n"), "bad.yaml", "1:1",
                 WORDS("empty rule file", "`library`"));
}
END_TEST

START_TEST(err_no_acquire)
{
    expect_error(FILES("bad.yaml", "library: x\nresources:\n  new.res:\n    release: [c]\n"),
                 "bad.yaml", "3:3", WORDS("resource 'new.res' has no acquire entries"));
}
END_TEST

START_TEST(err_empty_acquire)
{
    expect_error(FILES("bad.yaml",
                       "library: x\nresources:\n  new.res:\n    acquire: []\n    release: [c]\n"),
                 "bad.yaml", "3:3", WORDS("resource 'new.res' has no acquire entries"));
}
END_TEST

START_TEST(err_no_release)
{
    expect_error(FILES("bad.yaml", "library: x\nresources:\n  new.res:\n    acquire: [new_fn]\n"),
                 "bad.yaml", "3:3", WORDS("resource 'new.res' has no release entries"));
}
END_TEST

START_TEST(err_arg_negative)
{
    expect_error(FILES("bad.yaml", "library: x\nresources:\n  new.res:\n"
                                   "    acquire: [new_fn]\n    release: [{fn: c, arg: -1}]\n"),
                 "bad.yaml", "5:28", WORDS("bad argument index -1", "`arg`", "negative"));
}
END_TEST

START_TEST(err_arg_not_integer)
{
    expect_error(FILES("bad.yaml", "library: x\nresources:\n  new.res:\n"
                                   "    acquire: [{fn: new_fn, out: first}]\n    release: [c]\n"),
                 "bad.yaml", "4:33", WORDS("bad argument index 'first'", "`out`", "integer"));
}
END_TEST

START_TEST(err_arg_too_large)
{
    expect_error(FILES("bad.yaml", "library: x\ntransfers:\n  - {fn: new_fn, args: [1, 32], to: 0}\n"),
                 "bad.yaml", "3:28", WORDS("bad argument index 32", "`args`", "larger than 31"));
}
END_TEST

START_TEST(err_unknown_kind)
{
    expect_error(FILES("bad.yaml", "library: x\nresources:\n  new.res:\n    kind: sesion\n"
                                   "    acquire: [new_fn]\n    release: [c]\n"),
                 "bad.yaml", "4:11",
                 WORDS("unknown kind 'sesion'", "did you mean 'session'",
                       "session, credential, connector, resource"));
}
END_TEST

START_TEST(err_bad_condition)
{
    expect_error(FILES("bad.yaml", "library: x\nresources:\n  new.res:\n"
                                   "    acquire: [{fn: new_fn, invalid: \"=< 0\"}]\n"
                                   "    release: [c]\n"),
                 "bad.yaml", "4:37", WORDS("bad condition '=< 0'", "`invalid`", "== != < <= > >="));
}
END_TEST

START_TEST(err_condition_misplaced)
{
    expect_error(FILES("bad.yaml", "library: x\nresources:\n  new.res:\n"
                                   "    acquire: [{fn: new_fn, success: \"== 0\"}]\n"
                                   "    release: [c]\n"),
                 "bad.yaml", "4:28", WORDS("`success` applies to out-parameter"));
}
END_TEST

START_TEST(err_duplicate_resource_in_file)
{
    expect_error(FILES("bad.yaml", "library: x\nresources:\n"
                                   "  new.res: {acquire: [new_fn], release: [c]}\n"
                                   "  new.res: {acquire: [d], release: [e]}\n"),
                 "bad.yaml", "4:3", WORDS("duplicate resource 'new.res'", "bad.yaml:3:3"));
}
END_TEST

START_TEST(err_duplicate_resource_across_files)
{
    expect_error(FILES("bad.yaml", "library: x\nresources:\n"
                                   "  new.res: {acquire: [new_fn], release: [c]}\n"
                                   "  base.res: {acquire: [d], release: [e]}\n"),
                 "bad.yaml", "4:3", WORDS("duplicate resource 'base.res'", "base.yaml:3:3"));
}
END_TEST

START_TEST(err_acquired_by_two_resources)
{
    expect_error(FILES("bad.yaml", "library: x\nresources:\n"
                                   "  new.res: {acquire: [new_fn, base_open], release: [c]}\n"),
                 "bad.yaml", "3:31",
                 WORDS("conflict", "'base_open'", "resource 'new.res'",
                       "already acquires resource 'base.res'", "base.yaml:5:20",
                       "only one resource"));
}
END_TEST

START_TEST(err_acquired_and_released)
{
    expect_error(FILES("bad.yaml", "library: x\nresources:\n"
                                   "  new.res: {acquire: [new_fn], release: [base_open]}\n"),
                 "bad.yaml", "3:42",
                 WORDS("conflict", "'base_open'", "a release of resource 'new.res'",
                       "already acquires resource 'base.res'", "base.yaml:5:20",
                       "cannot both acquire and release"));
}
END_TEST

START_TEST(err_acquired_and_released_same_file)
{
    expect_error(FILES("bad.yaml", "library: x\nresources:\n"
                                   "  new.res: {acquire: [new_fn], release: [new_fn]}\n"),
                 "bad.yaml", "3:42",
                 WORDS("conflict", "'new_fn'", "bad.yaml:3:23", "cannot both acquire and release"));
}
END_TEST

/* The opt-in memory rules: not among the built-in files, loadable with
 * them (free is a release there and stays a deallocator; asprintf acquires
 * and stays a borrow for its other arguments), realloc acquires and
 * releases its argument under `when: "!= 0"`. */
START_TEST(optional_memory_rules)
{
    size_t n;
    sl_error err;
    char **files = sl_rules_list_dir(RULES_DIR, &n, &err);
    ck_assert_ptr_nonnull(files);
    for (size_t j = 0; j < n; j++) {
        ck_assert_msg(!sl_str_ends_with(files[j], "/memory.yaml"), "%s loaded by default",
                      files[j]);
        free(files[j]);
    }
    free(files);

    sl_ruleset rs;
    load_shipped(&rs);
    ck_assert_ptr_null(sl_rules_find_resource(&rs, "libc.memory"));
    ck_assert_ptr_null(sl_rules_lookup(&rs, "malloc"));
    ck_assert_int_eq(sl_rules_load_file(&rs, RULES_DIR "/optional/memory.yaml", &err), 0);
    const sl_resource *r = sl_rules_find_resource(&rs, "libc.memory");
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(r->kind, SL_KIND_MEMORY);
    const sl_fnrule *f = sl_rules_lookup(&rs, "free");
    ck_assert(f->deallocator && f->release.n == 1 && !f->release.v[0]->conditional);
    f = sl_rules_lookup(&rs, "realloc");
    ck_assert_ptr_nonnull(f->acquire);
    ck_assert_uint_eq(f->release.n, 1);
    ck_assert(f->release.v[0]->conditional && f->release.v[0]->arg == 0);
    ck_assert_int_eq(f->release.v[0]->when.op, SL_CMP_NE);
    ck_assert_int_eq(f->release.v[0]->when.value, 0);
    f = sl_rules_lookup(&rs, "asprintf");
    ck_assert(f->acquire && f->acquire->out == 0 && f->borrow);
    ck_assert_int_eq(f->acquire->success.op, SL_CMP_GE);
    for (const char *const *a = (const char *const[]){"malloc", "calloc", "strdup", "strndup",
                                                      "wcsdup", "vasprintf", NULL};
         *a; a++)
        ck_assert_msg(sl_rules_lookup(&rs, *a) && sl_rules_lookup(&rs, *a)->acquire &&
                          sl_rules_lookup(&rs, *a)->acquire->res == r,
                      "%s does not acquire memory", *a);
    sl_rules_free(&rs);
}
END_TEST

START_TEST(err_when)
{
    /* an unconditional release still conflicts with an acquire */
    expect_error(FILES("bad.yaml", "library: x\nresources:\n"
                                   "  new.res: {acquire: [new_fn], release: [{fn: new_fn, when: "
                                   "\"!= 0\"}, {fn: new_fn, arg: 1}]}\n"),
                 "bad.yaml", "3:75",
                 WORDS("conflict", "'new_fn'", "cannot both acquire and release"));
    expect_error(FILES("bad.yaml", "library: x\nresources:\n"
                                   "  new.res: {acquire: [new_fn], release: [{fn: new_fn, when: "
                                   "any}]}\n"),
                 "bad.yaml", "3:61", WORDS("`when: any`", "always happens"));
    expect_error(FILES("bad.yaml", "library: x\nresources:\n"
                                   "  new.res: {acquire: [new_fn], release: [{fn: new_fn, when: "
                                   "\"=< 0\"}]}\n"),
                 "bad.yaml", "3:61", WORDS("bad condition", "`when`"));
    /* an acquire over a function that releases unconditionally elsewhere */
    expect_error(FILES("bad.yaml", "library: x\nresources:\n"
                                   "  new.res: {acquire: [base_close], release: [new_fn]}\n"),
                 "bad.yaml", "3:23",
                 WORDS("conflict", "'base_close'", "cannot both acquire and release"));
}
END_TEST

START_TEST(conditional_release_with_acquire)
{
    char *dir = sl_test_tmpdir();
    char *p = sl_test_write(dir, "a.yaml",
                            "library: lib\n"
                            "resources:\n"
                            "  x.h:\n"
                            "    acquire: [x_new, x_grow]\n"
                            "    release: [x_free, {fn: x_grow, arg: 0, when: \"!= 0\"}]\n");
    char *q = sl_test_write(dir, "b.yaml",
                            "library: other\n"
                            "resources:\n"
                            "  y.h: {acquire: [y_new], release: [{fn: x_grow, arg: 1, when: "
                            "\"== 0\"}]}\n"
                            "borrow: [y_new]\n");
    sl_ruleset rs;
    sl_error err;
    sl_rules_init(&rs);
    ck_assert_msg(sl_rules_load_file(&rs, p, &err) == 0, "%s", err.msg);
    ck_assert_msg(sl_rules_load_file(&rs, q, &err) == 0, "%s", err.msg);
    const sl_fnrule *f = sl_rules_lookup(&rs, "x_grow");
    ck_assert(f->acquire && f->release.n == 2);
    ck_assert(f->release.v[1]->conditional && f->release.v[1]->when.op == SL_CMP_EQ);
    ck_assert(!sl_rules_lookup(&rs, "x_free")->release.v[0]->conditional);
    f = sl_rules_lookup(&rs, "y_new");
    ck_assert(f->acquire && f->borrow);
    sl_rules_free(&rs);
    free(p);
    free(q);
    rm_tree(dir);
}
END_TEST

START_TEST(err_two_transfers)
{
    expect_error(FILES("bad.yaml", "library: x\ntransfers:\n"
                                   "  - {fn: base_xfer, args: [2], to: 0}\n"),
                 "bad.yaml", "3:10",
                 WORDS("conflict", "'base_xfer'", "transfer", "base.yaml:8:10",
                       "only one transfer"));
}
END_TEST

START_TEST(err_borrow_conflict)
{
    expect_error(FILES("bad.yaml", "library: x\nborrow: [new_fn, base_close]\n"), "bad.yaml",
                 "2:18",
                 WORDS("conflict", "'base_close'", "`borrow`",
                       "already releases resource 'base.res'", "base.yaml:6:20"));
}
END_TEST

START_TEST(err_include_cycle)
{
    expect_error(FILES("one.yaml", "library: one\ninclude: [two.yaml]\n",
                       "two.yaml", "library: two\ninclude:\n  - three.yaml\n",
                       "three.yaml", "library: three\ninclude: [one.yaml]\n"),
                 "three.yaml", "2:11", WORDS("include cycle", "one.yaml -> ", "two.yaml -> ",
                                             "three.yaml -> ", "/one.yaml"));
}
END_TEST

START_TEST(err_self_include)
{
    expect_error(FILES("self.yaml", "library: x\ninclude: self.yaml\n"), "self.yaml", "2:10",
                 WORDS("includes itself"));
}
END_TEST

START_TEST(err_unreadable_file)
{
    char *dir = sl_test_tmpdir();
    char *path = sl_path_join(dir, "missing.yaml");
    sl_ruleset rs;
    sl_error err;
    sl_rules_init(&rs);
    ck_assert_int_eq(sl_rules_load_file(&rs, path, &err), -1);
    char *want = sl_xasprintf("%s: cannot open: No such file or directory", path);
    ck_assert_str_eq(err.msg, want);
    ck_assert_uint_eq(rs.files.n, 0);
    free(want);
    ck_assert_int_eq(sl_rules_load_file(&rs, dir, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "is a directory"));
    ck_assert_int_eq(sl_rules_load_file(&rs, "/dev/zero", &err), -1);
    ck_assert_str_eq(err.msg, "/dev/zero: not a regular file");
    sl_rules_free(&rs);
    free(path);
    rm_tree(dir);
}
END_TEST

START_TEST(err_unreadable_include)
{
    expect_error(FILES("bad.yaml", "library: x\nresources:\n"
                                   "  new.res: {acquire: [new_fn], release: [c]}\n"
                                   "include: [gone.yaml]\n"),
                 "bad.yaml", "4:11", WORDS("cannot read included file", "gone.yaml", "cannot open"));
}
END_TEST

START_TEST(err_error_in_included_file)
{
    expect_error(FILES("bad.yaml", "library: x\ninclude: [inc.yaml]\n"
                                   "resources:\n  new.res: {acquire: [new_fn], release: [c]}\n",
                       "inc.yaml", "library: y\nresources:\n  base.res: {acquire: [q], release: [r]}\n"),
                 "inc.yaml", "3:3", WORDS("duplicate resource 'base.res'"));
}
END_TEST

START_TEST(err_alias)
{
    expect_error(FILES("bad.yaml", "library: x\nborrow: &b [new_fn]\ndeallocators: *b\n"),
                 "bad.yaml", "3:15", WORDS("aliases", "not supported"));
}
END_TEST

START_TEST(err_deep_nesting)
{
    sl_strbuf b = {0};
    sl_strbuf_puts(&b, "library: x\nborrow: ");
    for (int i = 0; i < 100000; i++)
        sl_strbuf_puts(&b, "[");
    sl_strbuf_puts(&b, "\n");
    expect_error(FILES("bad.yaml", b.s), "bad.yaml", "2:72", WORDS("nested deeper than 64"));
    sl_strbuf_release(&b);
}
END_TEST

START_TEST(err_second_document)
{
    expect_error(FILES("bad.yaml", "library: x\n---\nlibrary: y\n"), "bad.yaml", "2:1",
                 WORDS("one YAML document"));
}
END_TEST

START_TEST(err_bad_names)
{
    expect_error(FILES("bad.yaml", "library: x\nborrow: [\"*\"]\n"), "bad.yaml", "2:10",
                 WORDS("would match every function"));
    expect_error(FILES("bad.yaml", "library: x\nborrow: [\"a*b\"]\n"), "bad.yaml", "2:10",
                 WORDS("'*' may only end a pattern"));
    expect_error(FILES("bad.yaml", "library: x\nresources:\n"
                                   "  new.res: {acquire: [\"new_*\"], release: [c]}\n"),
                 "bad.yaml", "3:23", WORDS("patterns", "only under `borrow`"));
    expect_error(FILES("bad.yaml", "library: x\nresources:\n"
                                   "  \"new res\": {acquire: [a], release: [c]}\n"),
                 "bad.yaml", "3:3", WORDS("bad resource name 'new res'"));
    expect_error(FILES("bad.yaml", "library: x\nresources:\n"
                                   "  new.res: {acquire: [\"my func\"], release: [c]}\n"),
                 "bad.yaml", "3:23", WORDS("'my func' is not a function name"));
}
END_TEST

START_TEST(err_transfer_shape)
{
    expect_error(FILES("bad.yaml", "library: x\ntransfers:\n  - {fn: new_fn, args: [1]}\n"),
                 "bad.yaml", "3:5", WORDS("has no `to`"));
    expect_error(FILES("bad.yaml", "library: x\ntransfers:\n  - {fn: new_fn, args: [1], to: 1}\n"),
                 "bad.yaml", "3:25", WORDS("to itself"));
    expect_error(FILES("bad.yaml", "library: x\ntransfers:\n  - {fn: new_fn, args: [], to: 0}\n"),
                 "bad.yaml", "3:24", WORDS("empty `args`"));
}
END_TEST

/* A transfer repeated identically in another file is not a conflict. */
START_TEST(same_transfer_twice_is_fine)
{
    char *dir = sl_test_tmpdir();
    char *a = sl_test_write(dir, "a.yaml", "library: a\ntransfers:\n  - {fn: t, args: [1, 2], to: 0}\n");
    char *b = sl_test_write(dir, "b.yaml", "library: b\ntransfers:\n  - {fn: t, args: [2, 1], to: 0}\n");
    sl_ruleset rs;
    sl_error err;
    sl_rules_init(&rs);
    ck_assert_int_eq(sl_rules_load_file(&rs, a, &err), 0);
    ck_assert_msg(sl_rules_load_file(&rs, b, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(rs.transfers.n, 1);
    ck_assert_str_eq(sl_rules_lookup(&rs, "t")->transfer->pos.file, a);
    sl_rules_free(&rs);
    free(a);
    free(b);
    rm_tree(dir);
}
END_TEST

/* ------------------------------------------------------------------ */
/* CLI */

static sl_cmd_result run(const char *const *argv)
{
    return sl_run_sesslint(NULL, argv);
}

START_TEST(cli_rules_list)
{
    setenv("SESSLINT_RULES_DIR", RULES_DIR, 1);
    sl_cmd_result r = run((const char *const[]){"rules", "list", NULL});
    ck_assert_msg(r.status == 0, "status %d, stderr: %s", r.status, r.err);
    ck_assert_ptr_nonnull(strstr(r.out, "curl.easy  [session, libcurl]  " RULES_DIR "/libcurl.yaml:"));
    ck_assert_ptr_nonnull(strstr(r.out, "acquire: curl_easy_init, curl_easy_duphandle"));
    ck_assert_ptr_nonnull(strstr(r.out, "release: curl_easy_cleanup(arg 0)"));
    ck_assert_ptr_nonnull(strstr(r.out, "sqlite3_open(out 1)"));
    ck_assert_ptr_nonnull(strstr(r.out, "SSL_set_bio: args 1, 2 -> arg 0"));
    ck_assert_ptr_nonnull(strstr(r.out, "borrow: "));
    ck_assert_ptr_nonnull(strstr(r.out, "deallocators: "));
    ck_assert_ptr_nonnull(strstr(r.out, RULES_DIR "/posix.yaml\n"));
    ck_assert_ptr_nonnull(strstr(r.out, "digest "));
    sl_cmd_result_free(&r);

    char *dir = sl_test_tmpdir();
    char *p = sl_test_write(dir, "mine.yaml", "library: mine\nresources:\n"
                                              "  my.thing:\n    kind: credential\n"
                                              "    acquire: [{fn: my_open, out: 1}]\n"
                                              "    release: [my_close]\n"
                                              "borrow: [my_use, \"my_get*\"]\n");
    r = run((const char *const[]){"rules", "list", "--no-builtin-rules", "--rules", p, NULL});
    ck_assert_msg(r.status == 0, "status %d, stderr: %s", r.status, r.err);
    ck_assert_ptr_nonnull(strstr(r.out, "resources (1):"));
    char *want = sl_xasprintf("my.thing  [credential, mine]  %s:3\n", p);
    ck_assert_msg(strstr(r.out, want) != NULL, "output:\n%s", r.out);
    ck_assert_ptr_nonnull(strstr(r.out, "acquire: my_open(out 1)"));
    ck_assert_ptr_nonnull(strstr(r.out, "release: my_close(arg 0)"));
    ck_assert_ptr_nonnull(strstr(r.out, "borrow: 1 function, 1 pattern\n"));
    ck_assert_ptr_nonnull(strstr(r.out, "files (1)"));
    ck_assert_ptr_null(strstr(r.out, "curl.easy"));
    free(want);
    sl_cmd_result_free(&r);

    /* A user file clashing with the built-in rules: exit 2, message. */
    char *clash = sl_test_write(dir, "clash.yaml", "library: mine\nresources:\n"
                                                   "  curl.easy: {acquire: [x], release: [y]}\n");
    r = run((const char *const[]){"rules", "list", "--rules", clash, NULL});
    ck_assert_int_eq(r.status, 2);
    want = sl_xasprintf("%s:3:3: duplicate resource 'curl.easy'", clash);
    ck_assert_msg(strstr(r.err, want) != NULL, "stderr:\n%s", r.err);
    free(want);
    sl_cmd_result_free(&r);

    r = run((const char *const[]){"rules", "list", "--frobnicate", NULL});
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "unknown option '--frobnicate'"));
    sl_cmd_result_free(&r);
    free(clash);
    free(p);
    rm_tree(dir);
}
END_TEST

START_TEST(cli_rules_check)
{
    char *dir = sl_test_tmpdir();
    char *good = sl_test_write(dir, "good.yaml", "library: g\nresources:\n"
                                                 "  g.one: {acquire: [a], release: [b]}\n"
                                                 "  g.two: {acquire: [c], release: [d]}\n");
    char *bad = sl_test_write(dir, "bad.yaml", "library: g\nresources:\n"
                                               "  g.one: {acquire: [a]}\n");
    sl_cmd_result r = run((const char *const[]){"rules", "check", good, NULL});
    ck_assert_int_eq(r.status, 0);
    char *want = sl_xasprintf("%s: ok (2 resources)\n", good);
    ck_assert_str_eq(r.out, want);
    free(want);
    sl_cmd_result_free(&r);

    r = run((const char *const[]){"rules", "check", good, bad, NULL});
    ck_assert_int_eq(r.status, 2);
    want = sl_xasprintf("%s:3:3: resource 'g.one' has no release entries", bad);
    ck_assert_msg(strstr(r.err, want) != NULL, "stderr:\n%s", r.err);
    free(want);
    ck_assert_ptr_nonnull(strstr(r.out, "good.yaml: ok (2 resources)"));
    sl_cmd_result_free(&r);

    /* Files are checked each on its own: two files defining the same
     * resource are both fine. */
    char *twin = sl_test_write(dir, "twin.yaml", "library: g\nresources:\n"
                                                 "  g.one: {acquire: [a], release: [b]}\n");
    r = run((const char *const[]){"rules", "check", good, twin, NULL});
    ck_assert_int_eq(r.status, 0);
    sl_cmd_result_free(&r);

    /* The shipped directory. */
    r = run((const char *const[]){"rules", "check", RULES_DIR, NULL});
    ck_assert_msg(r.status == 0, "stderr:\n%s", r.err);
    ck_assert_ptr_nonnull(strstr(r.out, RULES_DIR "/libcurl.yaml: ok (4 resources)\n"));
    ck_assert_ptr_nonnull(strstr(r.out, RULES_DIR "/pam.yaml: ok (1 resource)\n"));
    sl_cmd_result_free(&r);

    char *missing = sl_path_join(dir, "nope.yaml");
    r = run((const char *const[]){"rules", "check", missing, NULL});
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "cannot open"));
    sl_cmd_result_free(&r);

    r = run((const char *const[]){"rules", "check", NULL});
    ck_assert_int_eq(r.status, 2);
    sl_cmd_result_free(&r);
    free(missing);
    free(twin);
    free(good);
    free(bad);
    rm_tree(dir);
}
END_TEST

START_TEST(cli_rules_show)
{
    setenv("SESSLINT_RULES_DIR", RULES_DIR, 1);
    sl_cmd_result r = run((const char *const[]){"rules", "show", "gssapi.cred", NULL});
    ck_assert_msg(r.status == 0, "stderr: %s", r.err);
    ck_assert_ptr_nonnull(strstr(r.out, "resource gssapi.cred\n"));
    ck_assert_ptr_nonnull(strstr(r.out, "kind:     credential (findings: leak.credential)"));
    ck_assert_ptr_nonnull(strstr(r.out, "library:  gssapi"));
    ck_assert_ptr_nonnull(strstr(r.out, "defined:  " RULES_DIR "/gssapi.yaml:"));
    ck_assert_ptr_nonnull(strstr(r.out, "gss_acquire_cred: handle written through arg 5, "
                                        "succeeded when status == 0"));
    ck_assert_ptr_nonnull(strstr(r.out, "gss_release_cred: releases arg 1"));
    sl_cmd_result_free(&r);

    r = run((const char *const[]){"rules", "show", "sqlite3.db", NULL});
    ck_assert_int_eq(r.status, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "must be released even when the call failed"));
    sl_cmd_result_free(&r);

    r = run((const char *const[]){"rules", "show", "curl_easy_setopt", NULL});
    ck_assert_int_eq(r.status, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "function curl_easy_setopt (matched by the pattern curl_easy_*)"));
    ck_assert_ptr_nonnull(strstr(r.out, "borrows"));
    sl_cmd_result_free(&r);

    r = run((const char *const[]){"rules", "show", "no.such.thing", NULL});
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "no resource or function rule named 'no.such.thing'"));
    sl_cmd_result_free(&r);

    r = run((const char *const[]){"rules", "show", NULL});
    ck_assert_int_eq(r.status, 2);
    sl_cmd_result_free(&r);

    r = run((const char *const[]){"rules", NULL});
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "list, check, show or infer"));
    sl_cmd_result_free(&r);

    r = run((const char *const[]){"rules", "frob", NULL});
    ck_assert_int_eq(r.status, 2);
    sl_cmd_result_free(&r);

    r = run((const char *const[]){"help", "rules", NULL});
    ck_assert_int_eq(r.status, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "sesslint rules check FILE|DIR..."));
    ck_assert_ptr_nonnull(strstr(r.out, "--no-builtin-rules"));
    sl_cmd_result_free(&r);

    /* A missing built-in rules directory is a configuration error. */
    setenv("SESSLINT_RULES_DIR", "/nonexistent/sesslint/rules", 1);
    r = run((const char *const[]){"rules", "list", NULL});
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "SESSLINT_RULES_DIR=/nonexistent/sesslint/rules: not a directory"));
    sl_cmd_result_free(&r);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("rules");
    TCase *tc = tcase_create("shipped");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, shipped_rules_match_kinds_table);
    tcase_add_test(tc, shipped_rules_lookups);
    tcase_add_test(tc, every_shipped_file_checks_alone);
    tcase_add_test(tc, digest_is_stable_and_location_independent);
    suite_add_tcase(s, tc);

    tc = tcase_create("loader");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, kinds_and_conditions);
    tcase_add_test(tc, defaults_and_short_forms);
    tcase_add_test(tc, pattern_precedence);
    tcase_add_test(tc, many_functions);
    tcase_add_test(tc, includes_and_directories);
    tcase_add_test(tc, directory_load_is_all_or_nothing);
    tcase_add_test(tc, builtin_dir);
    tcase_add_test(tc, builtin_dir_next_to_installed_binary);
    tcase_add_test(tc, same_transfer_twice_is_fine);
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, err_yaml_syntax);
    tcase_add_test(tc, err_yaml_invalid_utf8);
    tcase_add_test(tc, err_wrong_node_type);
    tcase_add_test(tc, err_wrong_node_type_top);
    tcase_add_test(tc, err_wrong_node_type_entry);
    tcase_add_test(tc, err_unknown_key);
    tcase_add_test(tc, err_unknown_key_top);
    tcase_add_test(tc, report_key);
    tcase_add_test(tc, err_unknown_key_entry);
    tcase_add_test(tc, err_duplicate_key);
    tcase_add_test(tc, err_missing_library);
    tcase_add_test(tc, err_empty_file);
    tcase_add_test(tc, err_no_acquire);
    tcase_add_test(tc, err_empty_acquire);
    tcase_add_test(tc, err_no_release);
    tcase_add_test(tc, err_arg_negative);
    tcase_add_test(tc, err_arg_not_integer);
    tcase_add_test(tc, err_arg_too_large);
    tcase_add_test(tc, err_unknown_kind);
    tcase_add_test(tc, err_bad_condition);
    tcase_add_test(tc, err_condition_misplaced);
    tcase_add_test(tc, err_duplicate_resource_in_file);
    tcase_add_test(tc, err_duplicate_resource_across_files);
    tcase_add_test(tc, err_acquired_by_two_resources);
    tcase_add_test(tc, err_acquired_and_released);
    tcase_add_test(tc, err_acquired_and_released_same_file);
    tcase_add_test(tc, err_two_transfers);
    tcase_add_test(tc, optional_memory_rules);
    tcase_add_test(tc, err_when);
    tcase_add_test(tc, conditional_release_with_acquire);
    tcase_add_test(tc, err_borrow_conflict);
    tcase_add_test(tc, err_include_cycle);
    tcase_add_test(tc, err_self_include);
    tcase_add_test(tc, err_unreadable_file);
    tcase_add_test(tc, err_unreadable_include);
    tcase_add_test(tc, err_error_in_included_file);
    tcase_add_test(tc, err_alias);
    tcase_add_test(tc, err_deep_nesting);
    tcase_add_test(tc, err_second_document);
    tcase_add_test(tc, err_bad_names);
    tcase_add_test(tc, err_transfer_shape);
    suite_add_tcase(s, tc);

    tc = tcase_create("cli");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, cli_rules_list);
    tcase_add_test(tc, cli_rules_check);
    tcase_add_test(tc, cli_rules_show);
    suite_add_tcase(s, tc);
    return sl_test_run_suite(s);
}
