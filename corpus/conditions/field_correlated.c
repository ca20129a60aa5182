/* conditions/field_correlated.c: the same field of a parameter tested twice
 * (found when sesslint checked its own report writer). */
#include <stdio.h>

struct report_opts {
    const char *output;
    int verbose;
};

void emit(FILE *out, const char *text);

/* Clean: opened and closed under the same test of o->output, which nothing
 * changes in between. */
int clean_write_report(const struct report_opts *o, const char *text)
{
    FILE *out = stdout;
    if (o->output) {
        out = fopen(o->output, "w");
        if (!out)
            return -1;
    }
    fputs(text, out);
    if (o->output)
        fclose(out);
    return 0;
}

/* Leak: the second test is of another field. */
int leak_write_report_wrong_field(const struct report_opts *o, const char *text)
{
    FILE *out = stdout;
    if (o->output) {
        out = fopen(o->output, "w");
        if (!out)
            return -1;
    }
    fputs(text, out);
    if (o->verbose)
        fclose(out);
    return 0; // expect: leak.resource
}

/* Leak: the struct is handed to a function between the tests, which may
 * change the field. */
void refresh(struct report_opts *o);
int leak_write_report_changed(struct report_opts *o, const char *text)
{
    FILE *out = stdout;
    if (o->output) {
        out = fopen(o->output, "w");
        if (!out)
            return -1;
    }
    refresh(o);
    fputs(text, out);
    if (o->output)
        fclose(out);
    return 0; // expect: leak.resource
}
