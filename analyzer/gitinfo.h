/* gitinfo: what sesslint asks git, and where the findings database lives.
 *
 * Every question goes to the `git` program found on PATH, started with
 * fork/exec (never through a shell), with its working directory set to the
 * directory given.  Strings these functions return are owned by the caller
 * (free()); on failure they return NULL or -1 and, where they take one,
 * write the reason into err.
 */
#ifndef SL_GITINFO_H
#define SL_GITINFO_H

#include <stdbool.h>

#include "util.h"

/* Run `git ARGS...` in dir (NULL: the current directory).  args is
 * NULL-terminated and does not include "git".  On return *out (if non-NULL)
 * holds git's standard output and *errout (if non-NULL) its standard error,
 * both owned and NUL-terminated; *status gets git's exit code (128+signal
 * when it was killed).  Returns 0 when git ran, whatever its exit code; -1
 * with err set when it could not be started (not installed, dir missing).
 * On -1, *out and *errout are NULL. */
int sl_git_run(const char *dir, const char *const *args, char **out,
               char **errout, int *status, sl_error *err);

/* Top of the git work tree holding dir (NULL: the current directory),
 * absolute.  Returns owned, or NULL when dir is not inside a work tree or
 * git is not available. */
char *sl_git_root(const char *dir);

/* The commit checked out in the work tree at root.
 *   *commit: full hash of HEAD (owned), or NULL when the branch has no
 *            commit yet;
 *   *branch: short branch name (owned), or NULL when HEAD is detached;
 *   *dirty:  true when tracked files differ from HEAD (staged or not).
 *            Untracked files do not count, so `.sesslint/` itself never
 *            makes a tree dirty.
 * Returns 0, or -1 with err set (root is not a git work tree, git failed);
 * on -1 the outputs are NULL/false. */
int sl_git_head(const char *root, char **commit, char **branch, bool *dirty,
                sl_error *err);

/* Full hash of the commit that rev names in the repository holding dir
 * (`git rev-parse --verify REV^{commit}`).  Returns owned, or NULL with err
 * set when git cannot resolve it (the message quotes rev). */
char *sl_git_resolve_commit(const char *dir, const char *rev, sl_error *err);

/* The default findings database: `.sesslint/findings.db` at the top of the
 * git work tree holding dir (NULL: the current directory), else in dir
 * itself.  Returns owned (absolute). */
char *sl_default_db_path(const char *dir);

#endif
