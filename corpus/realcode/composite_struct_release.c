/* A project function returns a library struct it filled with a handle (a
 * struct of handles: libssh's sftp_open path builds an sftp_file whose
 * handle string it read).  Given to the library's release routine of the
 * struct itself, it is destroyed with what it holds: no mismatch and no
 * leak.  Freeing only the struct leaks the string. */
#include <libssh/sftp.h>
#include <stdlib.h>

static sftp_file composite_make_file(const char *name)
{
    sftp_file f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->handle = ssh_string_from_char(name);
    if (!f->handle) {
        free(f);
        return NULL;
    }
    return f;
}

int composite_closed_with_its_release(const char *name, int flag)
{
    sftp_file h = composite_make_file(name);
    if (!h)
        return -1;
    if (flag) {
        sftp_close(h);
        return 1;
    }
    sftp_close(h);
    return 0;
}

int composite_struct_freed_alone(const char *name)
{
    sftp_file h = composite_make_file(name);
    if (!h)
        return -1;
    free(h); // expect: leak.resource
    return 0;
}
