/* libssh keys (libssh.key, kind credential), SCP and SFTP sessions
 * (libssh.scp, libssh.sftp), SFTP files, directories and attributes,
 * strings (libssh.string) and server messages (libssh.message).
 *
 * The ssh_pki_* import and generate calls write the key through their last
 * argument and return SSH_OK (0) on success; the key is freed with
 * ssh_key_free.  ssh_userauth_publickey borrows the key.  sftp_new and
 * ssh_scp_new return NULL on failure; sftp_free and ssh_scp_free release
 * them (ssh_scp_close only closes the channel).  sftp_open / sftp_opendir
 * return NULL on error and are released by sftp_close / sftp_closedir.
 * The session is a parameter, so what leaks here outlives the call.
 */
#include <fcntl.h>
#include <libssh/libssh.h>
#include <libssh/server.h>
#include <libssh/sftp.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>

#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

/* Leaks: the imported private key is not freed when authentication is
 * denied. */
int leak_libssh_key_on_auth_denied(ssh_session s, const char *path)
{
    ssh_key key = NULL;
    if (ssh_pki_import_privkey_file(path, NULL, NULL, NULL, &key) != SSH_OK)
        return -1;
    if (ssh_userauth_publickey(s, NULL, key) != SSH_AUTH_SUCCESS)
        return -1; // expect: leak.credential
    ssh_key_free(key);
    return 0;
}

/* Clean: the key is freed whatever the authentication gave. */
int clean_libssh_key_on_auth_denied(ssh_session s, const char *path)
{
    ssh_key key = NULL;
    int rc = ssh_pki_import_privkey_file(path, NULL, NULL, NULL, &key);
    if (rc != SSH_OK)
        return -1;
    rc = ssh_userauth_publickey(s, NULL, key);
    ssh_key_free(key);
    return rc == SSH_AUTH_SUCCESS ? 0 : -1;
}

/* Leaks: the public key derived from a generated key is never freed. */
int leak_libssh_generated_pubkey(char **b64)
{
    ssh_key priv = NULL, pub = NULL;
    if (ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &priv) != SSH_OK)
        return -1;
    if (ssh_pki_export_privkey_to_pubkey(priv, &pub) != SSH_OK) {
        ssh_key_free(priv);
        return -1;
    }
    ssh_key_free(priv);
    return ssh_pki_export_pubkey_base64(pub, b64); // expect: leak.credential
}

/* Clean: both keys are freed. */
int clean_libssh_generated_pubkey(char **b64)
{
    ssh_key priv = NULL, pub = NULL;
    if (ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &priv) != SSH_OK)
        return -1;
    int rc = ssh_pki_export_privkey_to_pubkey(priv, &pub);
    ssh_key_free(priv);
    if (rc != SSH_OK)
        return -1;
    rc = ssh_pki_export_pubkey_base64(pub, b64);
    ssh_key_free(pub);
    return rc;
}

/* Leaks: an authorized key that does not match is not freed. */
int leak_libssh_pubkey_mismatch(const char *b64, ssh_key offered)
{
    ssh_key allowed;
    if (ssh_pki_import_pubkey_base64(b64, SSH_KEYTYPE_ED25519, &allowed) != SSH_OK)
        return 0;
    if (ssh_key_cmp(allowed, offered, SSH_KEY_CMP_PUBLIC) != 0)
        return 0; // expect: leak.credential
    ssh_key_free(allowed);
    return 1;
}

/* Clean: the authorized key is freed on the mismatch path too. */
int clean_libssh_pubkey_mismatch(const char *b64, ssh_key offered)
{
    ssh_key allowed;
    if (ssh_pki_import_pubkey_base64(b64, SSH_KEYTYPE_ED25519, &allowed) != SSH_OK)
        return 0;
    int same = ssh_key_cmp(allowed, offered, SSH_KEY_CMP_PUBLIC) == 0;
    ssh_key_free(allowed);
    return same;
}

/* Leaks: the SCP context is closed on a failed push but not freed. */
int leak_libssh_scp_on_push_failure(ssh_session s, const char *name, const void *buf,
                                    size_t len)
{
    ssh_scp scp = ssh_scp_new(s, SSH_SCP_WRITE, ".");
    if (!scp)
        return -1;
    if (ssh_scp_init(scp) != SSH_OK) {
        ssh_scp_free(scp);
        return -1;
    }
    if (ssh_scp_push_file(scp, name, len, 0644) != SSH_OK) {
        ssh_scp_close(scp);
        return -1; // expect: leak.connector
    }
    int rc = ssh_scp_write(scp, buf, len);
    ssh_scp_close(scp);
    ssh_scp_free(scp);
    return rc;
}

/* Clean: close and free on every path after ssh_scp_new. */
int clean_libssh_scp_on_push_failure(ssh_session s, const char *name, const void *buf,
                                     size_t len)
{
    int rc = -1;
    ssh_scp scp = ssh_scp_new(s, SSH_SCP_WRITE, ".");
    if (!scp)
        return -1;
    if (ssh_scp_init(scp) != SSH_OK)
        goto out;
    if (ssh_scp_push_file(scp, name, len, 0644) == SSH_OK)
        rc = ssh_scp_write(scp, buf, len);
    ssh_scp_close(scp);
out:
    ssh_scp_free(scp);
    return rc;
}

/* Leaks: the SFTP session is not freed when sftp_init fails. */
sftp_session leak_libssh_sftp_on_init_failure(ssh_session s)
{
    sftp_session sftp = sftp_new(s);
    if (sftp == NULL)
        return NULL;
    if (sftp_init(sftp) != SSH_OK)
        return NULL; // expect: leak.session
    return sftp;
}

/* Clean: sftp_free on the sftp_init failure. */
sftp_session clean_libssh_sftp_on_init_failure(ssh_session s)
{
    sftp_session sftp = sftp_new(s);
    if (sftp == NULL)
        return NULL;
    if (sftp_init(sftp) != SSH_OK) {
        sftp_free(sftp);
        return NULL;
    }
    return sftp;
}

/* Leaks: the remote file stays open when the write is short. */
int leak_libssh_sftp_file_short_write(sftp_session sftp, const char *path, const char *data)
{
    sftp_file f = sftp_open(sftp, path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (!f)
        return -1;
    size_t len = strlen(data);
    if (sftp_write(f, data, len) != (ssize_t)len)
        return -1; // expect: leak.resource
    return sftp_close(f);
}

/* Clean: the file is closed on the short write. */
int clean_libssh_sftp_file_short_write(sftp_session sftp, const char *path, const char *data)
{
    sftp_file f = sftp_open(sftp, path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (!f)
        return -1;
    size_t len = strlen(data);
    if (sftp_write(f, data, len) != (ssize_t)len) {
        sftp_close(f);
        return -1;
    }
    return sftp_close(f);
}

/* Leaks: the directory handle is not closed when an entry is found; the
 * entry's attributes are freed. */
int leak_libssh_sftp_dir_found(sftp_session sftp, const char *dir, const char *name)
{
    sftp_dir d = sftp_opendir(sftp, dir);
    if (!d)
        return -1;
    sftp_attributes a;
    while ((a = sftp_readdir(sftp, d)) != NULL) {
        int hit = strcmp(a->name, name) == 0;
        sftp_attributes_free(a);
        if (hit)
            return 1; // expect: leak.resource
    }
    sftp_closedir(d);
    return 0;
}

/* Clean: the directory is closed on the found path too. */
int clean_libssh_sftp_dir_found(sftp_session sftp, const char *dir, const char *name)
{
    sftp_dir d = sftp_opendir(sftp, dir);
    if (!d)
        return -1;
    int found = 0;
    sftp_attributes a;
    while (!found && (a = sftp_readdir(sftp, d)) != NULL) {
        found = strcmp(a->name, name) == 0;
        sftp_attributes_free(a);
    }
    sftp_closedir(d);
    return found;
}

/* Leaks: the attributes returned by sftp_stat are never freed. */
long long leak_libssh_sftp_stat_size(sftp_session sftp, const char *path)
{
    sftp_attributes a = sftp_stat(sftp, path);
    if (!a)
        return -1;
    return (long long)a->size; // expect: leak.resource
}

/* Clean: the size is read before the attributes are freed. */
long long clean_libssh_sftp_stat_size(sftp_session sftp, const char *path)
{
    sftp_attributes a = sftp_stat(sftp, path);
    if (!a)
        return -1;
    long long size = (long long)a->size;
    sftp_attributes_free(a);
    return size;
}

/* Leaks: the SSH string is not freed when it is too long. */
int leak_libssh_string_too_long(const char *text, size_t max)
{
    ssh_string str = ssh_string_from_char(text);
    if (!str)
        return -1;
    if (ssh_string_len(str) > max)
        return -1; // expect: leak.resource
    ssh_string_free(str);
    return 0;
}

/* Clean: the string is freed on both paths. */
int clean_libssh_string_too_long(const char *text, size_t max)
{
    ssh_string str = ssh_string_from_char(text);
    if (!str)
        return -1;
    int ok = ssh_string_len(str) <= max;
    ssh_string_free(str);
    return ok ? 0 : -1;
}

/* Leaks: every message but the first password request is answered and
 * dropped without ssh_message_free. */
int leak_libssh_message_loop(ssh_session s)
{
    for (;;) {
        ssh_message m = ssh_message_get(s);
        if (!m)
            return -1;
        if (ssh_message_type(m) == SSH_REQUEST_AUTH &&
            ssh_message_subtype(m) == SSH_AUTH_METHOD_PASSWORD) {
            ssh_message_auth_reply_success(m, 0);
            ssh_message_free(m);
            return 0;
        }
        ssh_message_reply_default(m);
    } // expect: leak.resource
}

/* Clean: each message is freed after it is answered. */
int clean_libssh_message_loop(ssh_session s)
{
    for (;;) {
        ssh_message m = ssh_message_get(s);
        if (!m)
            return -1;
        if (ssh_message_type(m) == SSH_REQUEST_AUTH &&
            ssh_message_subtype(m) == SSH_AUTH_METHOD_PASSWORD) {
            ssh_message_auth_reply_success(m, 0);
            ssh_message_free(m);
            return 0;
        }
        ssh_message_reply_default(m);
        ssh_message_free(m);
    }
}
