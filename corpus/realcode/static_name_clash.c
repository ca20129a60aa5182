/* A project's own static function that shares its name with a library
 * function a rule file describes (libssh2's static sftp_stat and libssh's
 * sftp_stat) is read from its body: the rule is about another function. */
#include <stdio.h>

struct clash_sftp {
    int fd;
};

/* returns a status, not libssh's sftp_attributes */
static int sftp_stat(struct clash_sftp *s, const char *path, int *size)
{
    (void)path;
    *size = s->fd;
    return s->fd < 0 ? -1 : 0;
}

int clash_static_status(struct clash_sftp *s, const char *path)
{
    int size = 0;
    int rc = sftp_stat(s, path, &size);
    if (rc)
        return -1;
    return size;
}

/* its leaking twin: a static function named like libssh's sftp_open whose
 * body opens a stream; the stream leaks (as a stdio stream, its body says) */
static FILE *sftp_open(const char *path)
{
    return fopen(path, "r");
}

int clash_static_opens(const char *path)
{
    FILE *f = sftp_open(path);
    if (!f)
        return -1;
    if (fgetc(f) < 0)
        return -1; // expect: leak.resource
    fclose(f);
    return 0;
}
