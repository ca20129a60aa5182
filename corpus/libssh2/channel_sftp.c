/* libssh2 channels (libssh2.channel, kind connector) and SFTP sessions
 * (libssh2.sftp, kind session).
 *
 * libssh2_channel_open_session and libssh2_channel_direct_tcpip are macros
 * for the acquiring libssh2_channel_open_ex / libssh2_channel_direct_tcpip_ex;
 * libssh2_channel_free releases a channel (libssh2_channel_close does not).
 * libssh2_sftp_init acquires an SFTP session, libssh2_sftp_shutdown
 * releases it.  The SSH session is a parameter that outlives the function.
 */
#include <libssh2.h>
#include <libssh2_sftp.h>
#include <stddef.h>
#include <string.h>
#include <sys/types.h>

/* Leaks: a failed exec returns with the channel allocated. */
int leak_channel_on_exec_failure(LIBSSH2_SESSION *s, const char *cmd)
{
    LIBSSH2_CHANNEL *ch = libssh2_channel_open_session(s);
    if (!ch)
        return -1;
    if (libssh2_channel_exec(ch, cmd) != 0)
        return -1; // expect: leak.connector
    char buf[512];
    while (libssh2_channel_read(ch, buf, sizeof buf) > 0)
        ;
    libssh2_channel_close(ch);
    libssh2_channel_free(ch);
    return 0;
}

/* Clean: the channel is freed on the exec failure too. */
int clean_channel_on_exec_failure(LIBSSH2_SESSION *s, const char *cmd)
{
    LIBSSH2_CHANNEL *ch = libssh2_channel_open_session(s);
    if (!ch)
        return -1;
    if (libssh2_channel_exec(ch, cmd) != 0) {
        libssh2_channel_free(ch);
        return -1;
    }
    char buf[512];
    while (libssh2_channel_read(ch, buf, sizeof buf) > 0)
        ;
    libssh2_channel_close(ch);
    libssh2_channel_free(ch);
    return 0;
}

/* Leaks: a failed write through the tunnel returns without freeing it. */
int leak_direct_tcpip_on_write_failure(LIBSSH2_SESSION *s, const char *host, int port,
                                       const char *req, size_t n)
{
    LIBSSH2_CHANNEL *ch = libssh2_channel_direct_tcpip(s, host, port);
    if (ch == NULL)
        return -1;
    if (libssh2_channel_write(ch, req, n) < 0)
        return -1; // expect: leak.connector
    libssh2_channel_free(ch);
    return 0;
}

/* Clean: the tunnel is freed whatever the write returned. */
int clean_direct_tcpip_on_write_failure(LIBSSH2_SESSION *s, const char *host, int port,
                                        const char *req, size_t n)
{
    LIBSSH2_CHANNEL *ch = libssh2_channel_direct_tcpip(s, host, port);
    if (ch == NULL)
        return -1;
    ssize_t w = libssh2_channel_write(ch, req, n);
    libssh2_channel_free(ch);
    return w < 0 ? -1 : 0;
}

/* Leaks: a failed mkdir returns without shutting the SFTP session down. */
int leak_sftp_on_mkdir_failure(LIBSSH2_SESSION *s, const char *dir)
{
    LIBSSH2_SFTP *sftp = libssh2_sftp_init(s);
    if (!sftp)
        return -1;
    if (libssh2_sftp_mkdir(sftp, dir, 0755) != 0)
        return -1; // expect: leak.session
    libssh2_sftp_shutdown(sftp);
    return 0;
}

/* Clean: the SFTP session is shut down on both outcomes. */
int clean_sftp_on_mkdir_failure(LIBSSH2_SESSION *s, const char *dir)
{
    LIBSSH2_SFTP *sftp = libssh2_sftp_init(s);
    if (!sftp)
        return -1;
    int rc = libssh2_sftp_mkdir(sftp, dir, 0755);
    libssh2_sftp_shutdown(sftp);
    return rc == 0 ? 0 : -1;
}
