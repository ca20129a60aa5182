/* libgit2 repositories (libgit2.repository), remotes (libgit2.remote, kind
 * connector), credentials (libgit2.credential, kind credential), objects,
 * commits, references and revision walkers.
 *
 * Every constructor writes through argument 0 and returns 0 on success.
 * A credential handed back through the credential callback's out-parameter
 * belongs to libgit2; one made and not handed back must be freed with
 * git_credential_free.  Objects live on after git_repository_free and are
 * released on their own.
 */
#include <git2.h>
#include <stddef.h>
#include <string.h>

/* Leaks: the repository is not freed when HEAD cannot be read. */
int leak_git_repo_on_head_failure(const char *path, char *name, size_t size)
{
    git_repository *repo = NULL;
    if (git_repository_open(&repo, path) < 0)
        return -1;
    git_reference *head = NULL;
    if (git_repository_head(&head, repo) < 0)
        return -1; // expect: leak.resource
    strncpy(name, git_reference_shorthand(head), size - 1);
    name[size - 1] = 0;
    git_reference_free(head);
    git_repository_free(repo);
    return 0;
}

/* Clean: the repository is freed on the failure path too. */
int clean_git_repo_on_head_failure(const char *path, char *name, size_t size)
{
    git_repository *repo = NULL;
    if (git_repository_open(&repo, path) < 0)
        return -1;
    git_reference *head = NULL;
    if (git_repository_head(&head, repo) < 0) {
        git_repository_free(repo);
        return -1;
    }
    strncpy(name, git_reference_shorthand(head), size - 1);
    name[size - 1] = 0;
    git_reference_free(head);
    git_repository_free(repo);
    return 0;
}

/* Leaks: the reference to HEAD is never freed. */
int leak_git_head_reference(git_repository *repo)
{
    git_reference *head = NULL;
    if (git_repository_head(&head, repo) != 0)
        return -1;
    return git_reference_is_branch(head); // expect: leak.resource
}

/* Leaks: the remote is not freed when the fetch fails; a disconnect is
 * not a free. */
int leak_git_remote_on_fetch_failure(git_repository *repo, const char *name)
{
    git_remote *remote = NULL;
    int error = git_remote_lookup(&remote, repo, name);
    if (error < 0)
        return error;
    error = git_remote_fetch(remote, NULL, NULL, NULL);
    if (error < 0) {
        git_remote_disconnect(remote);
        return error; // expect: leak.connector
    }
    git_remote_free(remote);
    return 0;
}

/* Clean: git_remote_free on both paths. */
int clean_git_remote_on_fetch_failure(git_repository *repo, const char *name)
{
    git_remote *remote = NULL;
    int error = git_remote_lookup(&remote, repo, name);
    if (error < 0)
        return error;
    error = git_remote_fetch(remote, NULL, NULL, NULL);
    git_remote_free(remote);
    return error < 0 ? error : 0;
}

/* Clean: the credential callback hands the new credential to libgit2
 * through its out-parameter. */
static int clean_git_credential_callback(git_credential **out, const char *url,
                                         const char *username_from_url,
                                         unsigned int allowed_types, void *payload)
{
    (void)url;
    (void)payload;
    if (!(allowed_types & GIT_CREDENTIAL_USERPASS_PLAINTEXT))
        return 1;
    return git_credential_userpass_plaintext_new(out, username_from_url ? username_from_url : "git",
                                                 "secret");
}

/* Leaks: a credential made in a local variable is dropped when the key
 * type is not allowed, instead of being freed. */
static int leak_git_credential_callback(git_credential **out, const char *url,
                                        const char *username_from_url,
                                        unsigned int allowed_types, void *payload)
{
    (void)url;
    (void)payload;
    git_credential *cred = NULL;
    if (git_credential_ssh_key_from_agent(&cred, username_from_url) < 0)
        return -1;
    if (!(allowed_types & GIT_CREDENTIAL_SSH_KEY))
        return 1; // expect: leak.credential
    *out = cred;
    return 0;
}

/* Clean: the unused credential is freed before declining. */
static int clean_git_credential_declined(git_credential **out, const char *url,
                                         const char *username_from_url,
                                         unsigned int allowed_types, void *payload)
{
    (void)url;
    (void)payload;
    git_credential *cred = NULL;
    if (git_credential_ssh_key_from_agent(&cred, username_from_url) < 0)
        return -1;
    if (!(allowed_types & GIT_CREDENTIAL_SSH_KEY)) {
        git_credential_free(cred);
        return 1;
    }
    *out = cred;
    return 0;
}

/* Clean: installs the callbacks above on fetch options. */
void clean_git_install_callbacks(git_fetch_options *opts, int which)
{
    opts->callbacks.credentials = which == 0   ? clean_git_credential_callback
                                  : which == 1 ? leak_git_credential_callback
                                               : clean_git_credential_declined;
}

/* Leaks: the object looked up by spec is not freed when it is not a
 * commit. */
int leak_git_revparse_not_commit(git_repository *repo, const char *spec, git_oid *id)
{
    git_object *obj = NULL;
    if (git_revparse_single(&obj, repo, spec) != 0)
        return -1;
    if (git_object_type(obj) != GIT_OBJECT_COMMIT)
        return -1; // expect: leak.resource
    git_oid_cpy(id, git_object_id(obj));
    git_object_free(obj);
    return 0;
}

/* Clean: the object is freed on both paths. */
int clean_git_revparse_not_commit(git_repository *repo, const char *spec, git_oid *id)
{
    git_object *obj = NULL;
    if (git_revparse_single(&obj, repo, spec) != 0)
        return -1;
    int ok = git_object_type(obj) == GIT_OBJECT_COMMIT;
    if (ok)
        git_oid_cpy(id, git_object_id(obj));
    git_object_free(obj);
    return ok ? 0 : -1;
}

/* Leaks: the revision walker is not freed when pushing HEAD fails. */
int leak_git_revwalk_count(git_repository *repo)
{
    git_revwalk *walk;
    if (git_revwalk_new(&walk, repo) < 0)
        return -1;
    if (git_revwalk_push_head(walk) < 0)
        return -1; // expect: leak.resource
    git_oid oid;
    int n = 0;
    while (git_revwalk_next(&oid, walk) == 0)
        n++;
    git_revwalk_free(walk);
    return n;
}

/* Clean: the walker is freed on both paths; each commit looked up is
 * freed. */
int clean_git_revwalk_count(git_repository *repo)
{
    git_revwalk *walk;
    if (git_revwalk_new(&walk, repo) < 0)
        return -1;
    int n = -1;
    if (git_revwalk_push_head(walk) == 0) {
        git_oid oid;
        n = 0;
        while (git_revwalk_next(&oid, walk) == 0) {
            git_commit *c;
            if (git_commit_lookup(&c, repo, &oid) == 0) {
                n += git_commit_parentcount(c) > 1;
                git_commit_free(c);
            }
        }
    }
    git_revwalk_free(walk);
    return n;
}
