/* Directory streams (posix.dir, kind resource): opendir / closedir.
 *
 * readdir borrows the stream; the dirent it returns belongs to the stream
 * and is not a handle of its own.
 */
#include <dirent.h>
#include <string.h>

/* Leaks: finding the entry returns from inside the loop without closedir. */
int leak_opendir_on_match(const char *path, const char *name)
{
    DIR *d = opendir(path);
    if (!d)
        return -1;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, name) == 0)
            return 1; // expect: leak.resource
    }
    closedir(d);
    return 0;
}

/* Clean: the match breaks out of the loop to the single closedir. */
int clean_opendir_on_match(const char *path, const char *name)
{
    DIR *d = opendir(path);
    if (!d)
        return -1;
    int found = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, name) == 0) {
            found = 1;
            break;
        }
    }
    closedir(d);
    return found;
}
