/* libssh2 sessions (libssh2.session, kind session).
 *
 * libssh2_session_init() is a macro for libssh2_session_init_ex(), the
 * acquiring call; libssh2_session_free releases.  libssh2_session_disconnect
 * (a macro for libssh2_session_disconnect_ex) only ends the SSH connection
 * and borrows the session.  Handshake and userauth calls borrow.
 */
#include <libssh2.h>
#include <stddef.h>

/* Leaks: disconnect without libssh2_session_free. */
int leak_session_disconnect_only(int sock, const char *user, const char *pw)
{
    LIBSSH2_SESSION *s = libssh2_session_init();
    if (!s)
        return -1;
    if (libssh2_session_handshake(s, sock) != 0) {
        libssh2_session_free(s);
        return -1;
    }
    int rc = libssh2_userauth_password(s, user, pw);
    libssh2_session_disconnect(s, "done");
    return rc; // expect: leak.session
}

/* Clean: disconnect, then free. */
int clean_session_disconnect_and_free(int sock, const char *user, const char *pw)
{
    LIBSSH2_SESSION *s = libssh2_session_init();
    if (!s)
        return -1;
    if (libssh2_session_handshake(s, sock) != 0) {
        libssh2_session_free(s);
        return -1;
    }
    int rc = libssh2_userauth_password(s, user, pw);
    libssh2_session_disconnect(s, "done");
    libssh2_session_free(s);
    return rc;
}

/* Leaks: a failed handshake returns the error with the session allocated. */
LIBSSH2_SESSION *leak_session_on_handshake_failure(int sock)
{
    LIBSSH2_SESSION *s = libssh2_session_init();
    if (s == NULL)
        return NULL;
    libssh2_session_set_blocking(s, 1);
    if (libssh2_session_handshake(s, sock))
        return NULL; // expect: leak.session
    return s;
}
