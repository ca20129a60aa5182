/* libssh channels (libssh.channel, kind connector): ssh_channel_new /
 * ssh_channel_free.
 *
 * ssh_channel_close sends the close but does not free the channel.  The
 * session is a parameter that outlives these functions, so a channel left
 * behind accumulates for the session's whole life.  Passing the session to
 * ssh_channel_new borrows it.
 */
#include <libssh/libssh.h>
#include <stddef.h>

/* Leaks: the exec failure closes the channel but never frees it. */
int leak_channel_on_exec_failure(ssh_session s, const char *cmd)
{
    ssh_channel ch = ssh_channel_new(s);
    if (!ch)
        return -1;
    if (ssh_channel_open_session(ch) != SSH_OK) {
        ssh_channel_free(ch);
        return -1;
    }
    if (ssh_channel_request_exec(ch, cmd) != SSH_OK) {
        ssh_channel_close(ch);
        return -1; // expect: leak.connector
    }
    char buf[256];
    while (ssh_channel_read(ch, buf, sizeof buf, 0) > 0)
        ;
    ssh_channel_send_eof(ch);
    ssh_channel_close(ch);
    ssh_channel_free(ch);
    return 0;
}

/* Clean: every path after ssh_channel_new frees the channel. */
int clean_channel_on_exec_failure(ssh_session s, const char *cmd)
{
    ssh_channel ch = ssh_channel_new(s);
    if (!ch)
        return -1;
    int rc = -1;
    if (ssh_channel_open_session(ch) != SSH_OK)
        goto out;
    if (ssh_channel_request_exec(ch, cmd) != SSH_OK)
        goto out_close;
    char buf[256];
    while (ssh_channel_read(ch, buf, sizeof buf, 0) > 0)
        ;
    ssh_channel_send_eof(ch);
    rc = 0;
out_close:
    ssh_channel_close(ch);
out:
    ssh_channel_free(ch);
    return rc;
}
