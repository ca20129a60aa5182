/* yamlget: read one value out of a YAML file with libyaml, for the shell
 * tests (tests/action.sh) that check action.yml and .pre-commit-hooks.yaml
 * without a YAML module for a scripting language.
 *
 *   yamlget FILE [PATH]
 *
 * PATH is dot-separated: a mapping key, or a sequence index from 0
 * ("runs.steps.2.run").  No PATH is the document itself.  Prints a scalar's
 * value followed by a newline, a mapping's keys one per line, or a
 * sequence's indexes one per line.  Exit 0 when found, 1 when PATH is not
 * in the document, 2 when FILE cannot be read or its (first) document is
 * not valid YAML (the message names FILE, and line and column from
 * libyaml). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

static yaml_node_t *child(yaml_document_t *doc, yaml_node_t *n, const char *seg)
{
    if (n->type == YAML_MAPPING_NODE) {
        for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
            yaml_node_t *k = yaml_document_get_node(doc, p->key);
            if (k && k->type == YAML_SCALAR_NODE && strlen(seg) == k->data.scalar.length &&
                memcmp(seg, k->data.scalar.value, k->data.scalar.length) == 0)
                return yaml_document_get_node(doc, p->value);
        }
        return NULL;
    }
    if (n->type == YAML_SEQUENCE_NODE) {
        char *end;
        errno = 0;
        unsigned long i = strtoul(seg, &end, 10);
        size_t len = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
        if (errno || end == seg || *end || i >= len)
            return NULL;
        return yaml_document_get_node(doc, n->data.sequence.items.start[i]);
    }
    return NULL;
}

static void print_node(yaml_document_t *doc, yaml_node_t *n)
{
    switch (n->type) {
    case YAML_SCALAR_NODE:
        fwrite(n->data.scalar.value, 1, n->data.scalar.length, stdout);
        putchar('\n');
        break;
    case YAML_MAPPING_NODE:
        for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
            yaml_node_t *k = yaml_document_get_node(doc, p->key);
            if (k && k->type == YAML_SCALAR_NODE) {
                fwrite(k->data.scalar.value, 1, k->data.scalar.length, stdout);
                putchar('\n');
            }
        }
        break;
    case YAML_SEQUENCE_NODE: {
        size_t len = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
        for (size_t i = 0; i < len; i++)
            printf("%zu\n", i);
        break;
    }
    default:
        break;
    }
}

/* Walk path (modified in place) from the root; NULL when it is not there. */
static yaml_node_t *lookup(yaml_document_t *doc, char *path)
{
    yaml_node_t *n = yaml_document_get_root_node(doc);
    if (!path || !*path)
        return n;
    for (char *save = NULL, *seg = strtok_r(path, ".", &save); n && seg;
         seg = strtok_r(NULL, ".", &save))
        n = child(doc, n, seg);
    return n;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: yamlget FILE [PATH]\n");
        return 2;
    }
    const char *file = argv[1];
    FILE *in = fopen(file, "rb");
    if (!in) {
        fprintf(stderr, "yamlget: %s: %s\n", file, strerror(errno));
        return 2;
    }
    yaml_parser_t parser;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&parser)) {
        fclose(in);
        fprintf(stderr, "yamlget: out of memory\n");
        return 2;
    }
    yaml_parser_set_input_file(&parser, in);
    int rc = 2;
    if (!yaml_parser_load(&parser, &doc)) {
        fprintf(stderr, "yamlget: %s:%zu:%zu: %s\n", file, parser.problem_mark.line + 1,
                parser.problem_mark.column + 1, parser.problem ? parser.problem : "invalid YAML");
    } else if (!yaml_document_get_root_node(&doc)) {
        fprintf(stderr, "yamlget: %s: no YAML document\n", file);
        yaml_document_delete(&doc);
    } else {
        char *path = argc == 3 ? strdup(argv[2]) : NULL;
        yaml_node_t *n = lookup(&doc, path);
        if (n) {
            print_node(&doc, n);
            rc = 0;
        } else {
            fprintf(stderr, "yamlget: %s: no %s\n", file, argv[2]);
            rc = 1;
        }
        free(path);
        yaml_document_delete(&doc);
    }
    yaml_parser_delete(&parser);
    fclose(in);
    return rc;
}
