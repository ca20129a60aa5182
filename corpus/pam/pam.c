/* PAM transactions (pam.handle, kind session).
 *
 * pam_start writes the handle through its fourth argument (out 3),
 * pam_start_confdir through its fifth (out 4); PAM_SUCCESS (0) is success,
 * and a failed start leaves nothing to end.  pam_end releases; pam_authenticate,
 * pam_acct_mgmt, pam_open_session and pam_close_session borrow.  The status
 * variable reused for those later calls no longer says anything about the
 * acquisition.
 */
#include <security/pam_appl.h>
#include <stddef.h>

/* Leaks: a failed authentication returns without pam_end. */
int leak_pam_on_auth_failure(const char *user, const struct pam_conv *conv)
{
    pam_handle_t *pamh = NULL;
    int rc = pam_start("login", user, conv, &pamh);
    if (rc != PAM_SUCCESS)
        return -1;
    rc = pam_authenticate(pamh, 0);
    if (rc != PAM_SUCCESS)
        return -1; // expect: leak.session
    rc = pam_acct_mgmt(pamh, 0);
    pam_end(pamh, rc);
    return rc == PAM_SUCCESS ? 0 : -1;
}

/* Clean: the transaction is ended on the failed authentication too. */
int clean_pam_on_auth_failure(const char *user, const struct pam_conv *conv)
{
    pam_handle_t *pamh = NULL;
    int rc = pam_start("login", user, conv, &pamh);
    if (rc != PAM_SUCCESS)
        return -1;
    rc = pam_authenticate(pamh, 0);
    if (rc == PAM_SUCCESS)
        rc = pam_acct_mgmt(pamh, 0);
    pam_end(pamh, rc);
    return rc == PAM_SUCCESS ? 0 : -1;
}

/* Leaks: a session that fails to open returns without pam_end. */
int leak_pam_confdir_on_session_failure(const char *dir, const char *user,
                                        const struct pam_conv *conv)
{
    pam_handle_t *pamh;
    if (pam_start_confdir("sesslint-test", user, conv, dir, &pamh) != PAM_SUCCESS)
        return -1;
    if (pam_open_session(pamh, 0) != PAM_SUCCESS)
        return -1; // expect: leak.session
    pam_close_session(pamh, 0);
    pam_end(pamh, PAM_SUCCESS);
    return 0;
}

/* Clean: every path after a successful start reaches pam_end. */
int clean_pam_confdir_on_session_failure(const char *dir, const char *user,
                                         const struct pam_conv *conv)
{
    pam_handle_t *pamh;
    if (pam_start_confdir("sesslint-test", user, conv, dir, &pamh) != PAM_SUCCESS)
        return -1;
    int rc = pam_open_session(pamh, 0);
    if (rc == PAM_SUCCESS)
        rc = pam_close_session(pamh, 0);
    pam_end(pamh, rc);
    return rc == PAM_SUCCESS ? 0 : -1;
}
