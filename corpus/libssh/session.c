/* libssh sessions (libssh.session, kind session): ssh_new / ssh_free.
 *
 * ssh_disconnect closes the connection and leaves the session object
 * reusable for a new connection; only ssh_free deallocates it.
 * ssh_options_set, ssh_connect, ssh_userauth_* and ssh_get_error borrow.
 */
#include <libssh/libssh.h>
#include <stddef.h>
#include <stdio.h>

/* Leaks: ssh_disconnect alone leaves the session allocated. */
int leak_session_disconnect_only(const char *host)
{
    ssh_session s = ssh_new();
    if (s == NULL)
        return -1;
    ssh_options_set(s, SSH_OPTIONS_HOST, host);
    if (ssh_connect(s) != SSH_OK) {
        ssh_free(s);
        return -1;
    }
    int ok = ssh_userauth_publickey_auto(s, NULL, NULL) == SSH_AUTH_SUCCESS;
    ssh_disconnect(s);
    return ok ? 0 : -1; // expect: leak.session
}

/* Clean: disconnect, then free. */
int clean_session_disconnect_and_free(const char *host)
{
    ssh_session s = ssh_new();
    if (s == NULL)
        return -1;
    ssh_options_set(s, SSH_OPTIONS_HOST, host);
    if (ssh_connect(s) != SSH_OK) {
        ssh_free(s);
        return -1;
    }
    int ok = ssh_userauth_publickey_auto(s, NULL, NULL) == SSH_AUTH_SUCCESS;
    ssh_disconnect(s);
    ssh_free(s);
    return ok ? 0 : -1;
}

/* Leaks: a failed ssh_connect returns without ssh_free. */
ssh_session leak_session_on_connect_failure(const char *host, int port)
{
    ssh_session s = ssh_new();
    if (!s)
        return NULL;
    ssh_options_set(s, SSH_OPTIONS_HOST, host);
    ssh_options_set(s, SSH_OPTIONS_PORT, &port);
    if (ssh_connect(s) != SSH_OK) {
        fprintf(stderr, "ssh %s: %s\n", host, ssh_get_error(s));
        return NULL; // expect: leak.session
    }
    return s;
}

/* Clean: the session is freed on the connect failure and returned otherwise. */
ssh_session clean_session_on_connect_failure(const char *host, int port)
{
    ssh_session s = ssh_new();
    if (!s)
        return NULL;
    ssh_options_set(s, SSH_OPTIONS_HOST, host);
    ssh_options_set(s, SSH_OPTIONS_PORT, &port);
    if (ssh_connect(s) != SSH_OK) {
        fprintf(stderr, "ssh %s: %s\n", host, ssh_get_error(s));
        ssh_free(s);
        return NULL;
    }
    return s;
}
