/* realcode/shapes.c: code shapes that produced false alarms when sesslint
 * ran on real projects (curl's tool and library, hiredis) and on its own
 * sources.  Each clean case is written from the shape, not copied; each has
 * a leaking twin so the fix cannot simply stop looking. */
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Reads a little; only uses the stream. */
static int slurp(FILE *f, char **out)
{
    static char buf[64];
    *out = fgets(buf, sizeof buf, f);
    return *out == NULL;
}

/* Clean: a stream compared with stdin before closing it (a file this
 * function opened is never stdin). */
int clean_read_config(const char *name, char **text)
{
    FILE *file;
    if (strcmp(name, "-"))
        file = fopen(name, "r");
    else
        file = stdin;
    if (!file)
        return 1;
    int rc = slurp(file, text);
    if (file != stdin)
        fclose(file);
    return rc;
}

/* Leak: the same shape with the close on the wrong side of the test. */
int leak_read_config(const char *name, char **text)
{
    FILE *file;
    if (strcmp(name, "-"))
        file = fopen(name, "r");
    else
        file = stdin;
    if (!file)
        return 1;
    int rc = slurp(file, text);
    if (file == stdin)
        fclose(file);
    return rc; // expect: leak.resource
}

/* Clean: a descriptor that may be the standard input is closed unless it
 * is. */
ssize_t clean_read_tty(char *buf, size_t n)
{
    int fd = open("/dev/tty", O_RDONLY);
    if (fd == -1)
        fd = STDIN_FILENO;
    ssize_t r = read(fd, buf, n);
    if (fd != STDIN_FILENO)
        close(fd);
    return r;
}

/* Clean: a flag chosen with the stream says whether to close it. */
int clean_flagged_close(const char *arg, char **text)
{
    bool use_stdin = !strcmp(arg, "-");
    FILE *file = use_stdin ? stdin : fopen(arg, "r");
    if (!file)
        return 1;
    int err = slurp(file, text);
    for (int i = 0; i < 3 && !err; i++)
        err = (*text)[i] == 0;
    if (!use_stdin)
        fclose(file);
    return err;
}

struct out {
    FILE *stream;
    bool opened;
    const char *name;
};

/* Clean: a compound literal written through an out-parameter hands the
 * stream to the caller. */
int clean_open_output(const char *path, struct out *o)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    *o = (struct out){f, true, path};
    return 0;
}

/* Clean: a stream stored into a struct that a local pointer names
 * (p = &local), then the struct handed over. */
struct job {
    struct out save;
};
int queue_job(struct job *j);
int clean_pointer_to_local(const char *path, struct job *j)
{
    struct out first;
    struct out *save = &first;
    memset(&first, 0, sizeof first);
    {
        FILE *f = fopen(path, "w");
        if (!f)
            return -1;
        save->opened = true;
        save->stream = f;
    }
    j->save = first;
    return queue_job(j);
}

/* Leak: the struct is never handed over. */
int leak_pointer_to_local(const char *path)
{
    struct out first;
    struct out *save = &first;
    memset(&first, 0, sizeof first);
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    save->stream = f;
    return 0; // expect: leak.resource
}

/* Clean: a stream stored through a pointer into another struct's field
 * (&conn->out is not a local). */
struct conn {
    struct out out;
};
int clean_store_in_field_of_param(struct conn *c, const char *path)
{
    struct out *o = &c->out;
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    o->stream = f;
    return 0;
}

/* Clean: handles kept in a local array are handed over with it. */
int start_workers(FILE **files, int n); /* no body: takes them */
int clean_array_of_handles(const char *a, const char *b)
{
    FILE *files[2] = {fopen(a, "r"), fopen(b, "r")};
    return start_workers(files, 2);
}
