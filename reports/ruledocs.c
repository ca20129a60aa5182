/* ruledocs: the static description of every rule id sesslint emits (see
 * report.h).  Everything here is static data; nothing is allocated. */
#include <string.h>

#include "report.h"

#define SL_SUPPRESS_HELP(rule)                                                \
    "To suppress a finding that is intended, put a comment on the reported "  \
    "line or the line above it: `// sesslint: ignore[" rule "] reason` "      \
    "(`# sesslint: ignore[" rule "] reason` in Python). "                      \
    "Always give the reason."

const sl_rule_doc sl_rule_docs[] = {
    {
        .id = "leak.session",
        .name = "LeakedSession",
        .short_desc = "A session handle leaves the function without being closed.",
        .full_desc =
            "A session object (a curl easy or multi handle, an OpenSSL SSL, a libssh or "
            "libssh2 session, an SFTP session, a GSSAPI security context, a PAM handle) "
            "is acquired in this function and, on at least one path, the function "
            "returns or the last reference is lost while the session is still open and "
            "nobody else has taken ownership of it. Each leaked session keeps memory, "
            "sockets and server-side state alive until the process exits.",
        .help =
            "Release the session on every path that leaves the function after it was "
            "acquired, including error paths (curl_easy_cleanup, SSL_free, ssh_free, "
            "libssh2_session_free, gss_delete_sec_context, pam_end...). A common fix is "
            "a single cleanup label at the end of the function that every early exit "
            "jumps to. Disconnect calls such as ssh_disconnect only borrow the handle; "
            "they do not free it. If ownership really moves elsewhere (a struct the "
            "caller frees, a global, a library call that takes it), make that visible to "
            "sesslint with a transfer rule in a rule file (--rules). " SL_SUPPRESS_HELP("leak.session"),
        .security_severity = "5.0",
        .tags = {"security", "reliability", "resource-leak", "external/cwe/cwe-772", NULL},
    },
    {
        .id = "leak.credential",
        .name = "LeakedCredential",
        .short_desc = "A credential handle leaves the function without being released.",
        .full_desc =
            "A credential object (GSSAPI credentials from gss_acquire_cred, a Kerberos "
            "credential cache) is acquired in this function and, on at least one path, "
            "leaves it without being released and without being handed to an owner. "
            "Leaked credentials keep secret material in memory longer than needed and "
            "can keep ticket caches open.",
        .help =
            "Release the credential on every path after it was acquired, including "
            "error paths: gss_release_cred(&minor, &cred), krb5_cc_close or "
            "krb5_cc_destroy. Release it as soon as the last use is done rather than at "
            "process exit. If ownership moves elsewhere, describe that with a transfer "
            "rule in a rule file (--rules). " SL_SUPPRESS_HELP("leak.credential"),
        .security_severity = "6.5",
        .tags = {"security", "reliability", "resource-leak", "external/cwe/cwe-772", NULL},
    },
    {
        .id = "leak.connector",
        .name = "LeakedConnector",
        .short_desc = "A connection handle leaves the function without being closed.",
        .full_desc =
            "A connection (a socket, a database connection such as a libpq PGconn or an "
            "sqlite3 handle, a hiredis context, an OpenSSL BIO, an SSH channel) is opened "
            "in this function and, on at least one path, leaves it still open with no "
            "other owner. Leaked connections exhaust file descriptors, pile up sockets in "
            "CLOSE_WAIT and hold server-side connection slots. Some libraries allocate "
            "the handle even when opening fails (PQconnectdb, sqlite3_open, "
            "redisConnect): it must be closed on the failure path too.",
        .help =
            "Close the connection on every path after it was opened, including the path "
            "where opening reported failure when the library allocates the handle anyway "
            "(PQfinish after a failed PQconnectdb, sqlite3_close after a failed "
            "sqlite3_open, redisFree after a failed redisConnect). Use one cleanup label "
            "that every early exit jumps to. If ownership moves elsewhere, describe that "
            "with a transfer rule in a rule file (--rules). " SL_SUPPRESS_HELP("leak.connector"),
        .security_severity = "5.0",
        .tags = {"security", "reliability", "resource-leak", "external/cwe/cwe-772", NULL},
    },
    {
        .id = "leak.resource",
        .name = "LeakedResource",
        .short_desc = "A library resource leaves the function without being freed.",
        .full_desc =
            "A resource that belongs to a session or connection API (a file descriptor, a "
            "FILE stream, a directory stream, an addrinfo list, a prepared statement, a "
            "query result, a reply object, a header list, a TLS context...) is acquired "
            "in this function and, on at least one path, leaves it without being freed "
            "and with no other owner.",
        .help =
            "Free the resource with its release function on every path after it was "
            "acquired (close, fclose, closedir, freeaddrinfo, sqlite3_finalize, PQclear, "
            "freeReplyObject, curl_slist_free_all, SSL_CTX_free...), including error "
            "paths. If ownership moves elsewhere, describe that with a transfer rule in a "
            "rule file (--rules). " SL_SUPPRESS_HELP("leak.resource"),
        .security_severity = "4.0",
        .tags = {"security", "reliability", "resource-leak", "external/cwe/cwe-772", NULL},
    },
    {
        .id = "leak.memory",
        .name = "LeakedMemory",
        .short_desc = "A heap block leaves the function without being freed.",
        .full_desc =
            "A block of heap memory (from malloc, calloc, realloc, strdup, strndup, wcsdup, "
            "asprintf or vasprintf) is allocated in this function and, on at least one "
            "path, the last pointer to it is lost (the function returns, the pointer goes "
            "out of scope or is overwritten) while the block is neither freed nor handed to "
            "an owner. This includes `p = realloc(p, n)`: when realloc fails it returns "
            "NULL and the old block, still allocated, is no longer reachable. Reported only "
            "when the memory rules are enabled (sesslint check --enable memory).",
        .help =
            "Free the block on every path after it was allocated, including error paths, "
            "or hand it to an owner (return it, store it in a structure the caller owns). "
            "For realloc, keep the old pointer until the call succeeded: `q = realloc(p, "
            "n); if (!q) { free(p); return -1; } p = q;`. " SL_SUPPRESS_HELP("leak.memory"),
        .security_severity = "3.0",
        .tags = {"security", "reliability", "memory-leak", "external/cwe/cwe-401", NULL},
    },
    {
        .id = "leak.exit",
        .name = "LeakedAtExit",
        .short_desc = "A handle is still open when the process exits.",
        .full_desc =
            "A handle acquired in this function is still open, with no other owner, when "
            "the process ends on this path: main returns, or exit(), _exit(), _Exit() or "
            "quick_exit() is called. The operating system reclaims descriptors and memory "
            "then, but not what the handle stands for on the other side (a server-side "
            "session or connection slot, a lock, a temporary file, data a stream still "
            "buffers with _exit()), and the same code moved into a function that returns "
            "leaks for real. Reported only for handles with no other leak; a note, not a "
            "warning: filter it with its rule id.",
        .help =
            "Release the handle before main returns or before calling exit(), or use one "
            "cleanup path that every exit goes through. To accept leaks at exit in a "
            "project, filter the rule id leak.exit in reports or suppress it where it is "
            "intended. " SL_SUPPRESS_HELP("leak.exit"),
        .security_severity = "2.0",
        .tags = {"reliability", "resource-leak", "external/cwe/cwe-772", NULL},
        .level = "note",
    },
    {
        .id = "leak.exception",
        .name = "LeakedOnException",
        .short_desc = "A handle is still open when an exception leaves the function.",
        .full_desc =
            "A handle acquired in this function (a Python session, credential, connection "
            "or file) is released on every normal way out, but a statement between the "
            "acquisition and the release may raise, and no `with` block, `try`/`finally` or "
            "handler around it releases the handle: the exception leaves the function with "
            "the handle still open and nobody else holding it. Reported only for handles "
            "with no other leak, and only when enabled (sesslint check --enable exception): "
            "almost any call may raise, so most findings are about code where an error "
            "already happened (docs/python.md gives its precision on real projects).",
        .help =
            "Acquire the handle in a `with` / `async with` statement, or release it in a "
            "`finally` block, so that it is closed however the function is left. "
            SL_SUPPRESS_HELP("leak.exception"),
        .security_severity = "3.0",
        .tags = {"reliability", "resource-leak", "external/cwe/cwe-772", NULL},
    },
    {
        .id = "release.partial",
        .name = "PartialRelease",
        .short_desc = "A close routine releases the handle it owns on some paths only.",
        .full_desc =
            "This function is a close routine (its name says it releases: close, free, "
            "destroy, cleanup, ..._end, ...) and releases the handle it is given on some "
            "paths, but on at least one path it returns without releasing it, for example "
            "when an early check returns before the cleanup call. Callers trust it to "
            "close the handle, so the handle leaks on that path.",
        .help =
            "Make the close routine release the handle on every path: move early returns "
            "after the release call, or release before returning. Checks that make the "
            "routine skip its work (a missing event loop, an already-failed state) should "
            "still free what it owns. " SL_SUPPRESS_HELP("release.partial"),
        .security_severity = "5.0",
        .tags = {"security", "reliability", "resource-leak", "external/cwe/cwe-404", NULL},
    },
    {
        .id = "release.mismatch",
        .name = "MismatchedRelease",
        .short_desc = "A handle is given to the release routine of another kind of resource.",
        .full_desc =
            "A handle acquired in this function is passed to a function that releases a "
            "different resource: a file descriptor from open() given to fclose(), a FILE "
            "stream given to close(), or a project function whose body releases the other "
            "resource. The call does not release the handle (it is undefined behaviour "
            "for most such pairs), so the handle also stays open; its leak is reported "
            "as well.",
        .help =
            "Release the handle with the routine of its own resource (close() for a "
            "descriptor, fclose() for a FILE stream, curl_easy_cleanup() for an easy "
            "handle...). If a stream is wanted, make one with fdopen() and close that. " SL_SUPPRESS_HELP("release.mismatch"),
        .security_severity = "5.0",
        .tags = {"security", "reliability", "resource-leak", "external/cwe/cwe-404", NULL},
    },
};
const size_t sl_rule_docs_count = sizeof sl_rule_docs / sizeof sl_rule_docs[0];

int sl_rule_doc_index(const char *id)
{
    if (!id)
        return -1;
    for (size_t i = 0; i < sl_rule_docs_count; i++)
        if (strcmp(sl_rule_docs[i].id, id) == 0)
            return (int)i;
    return -1;
}

const sl_rule_doc *sl_rule_doc_find(const char *id)
{
    int i = sl_rule_doc_index(id);
    return i < 0 ? NULL : &sl_rule_docs[i];
}
