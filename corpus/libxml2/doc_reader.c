/* libxml2 documents (libxml2.doc), parser contexts (libxml2.parser_ctxt)
 * and text readers (libxml2.reader), all of kind resource.
 *
 * xmlReadFile, xmlReadMemory, xmlParseFile and xmlCtxtReadFile return a
 * document or NULL, freed with xmlFreeDoc.  xmlNewParserCtxt returns a
 * context freed with xmlFreeParserCtxt.  xmlNewTextReaderFilename and
 * xmlReaderForMemory return a reader or NULL, freed with
 * xmlFreeTextReader; xmlTextReaderClose does not free it.
 */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* Leaks: a document whose root is not the expected element is dropped. */
xmlDocPtr xml_case_read_root_leak(const char *path)
{
    xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
    if (doc == NULL)
        return NULL;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (root == NULL || xmlStrcmp(root->name, (const xmlChar *)"config") != 0) {
        fprintf(stderr, "%s: not a config file\n", path);
        return NULL; // expect: leak.resource
    }
    return doc;
}

/* Clean: the document is freed when the root is wrong. */
xmlDocPtr xml_case_read_root_clean(const char *path)
{
    xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
    if (doc == NULL)
        return NULL;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (root == NULL || xmlStrcmp(root->name, (const xmlChar *)"config") != 0) {
        fprintf(stderr, "%s: not a config file\n", path);
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

/* Leaks: the parsed buffer is never freed when saving it fails. */
int xml_case_memory_save_leak(const char *buf, int len, const char *out)
{
    xmlDocPtr doc = xmlReadMemory(buf, len, "in.xml", NULL, 0);
    if (!doc)
        return -1;
    if (xmlSaveFormatFile(out, doc, 1) < 0)
        return -1; // expect: leak.resource
    xmlFreeDoc(doc);
    return 0;
}

/* Clean: the old entry point xmlParseFile, freed on both paths. */
int xml_case_parse_file_clean(const char *path, const char *out)
{
    xmlDocPtr doc = xmlParseFile(path);
    if (!doc)
        return -1;
    int rc = xmlSaveFormatFile(out, doc, 1) < 0 ? -1 : 0;
    xmlFreeDoc(doc);
    return rc;
}

/* Leaks: the parser context is not freed when the document is invalid
 * (the document is). */
int xml_case_ctxt_validate_leak(const char *path)
{
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt)
        return -1;
    xmlDocPtr doc = xmlCtxtReadFile(ctxt, path, NULL, XML_PARSE_DTDVALID);
    if (!doc) {
        xmlFreeParserCtxt(ctxt);
        return -1;
    }
    int valid = ctxt->valid;
    xmlFreeDoc(doc);
    if (!valid)
        return 1; // expect: leak.resource
    xmlFreeParserCtxt(ctxt);
    return 0;
}

/* Clean: context and document are freed on every path. */
int xml_case_ctxt_validate_clean(const char *path)
{
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt)
        return -1;
    xmlDocPtr doc = xmlCtxtReadFile(ctxt, path, NULL, XML_PARSE_DTDVALID);
    int rc = -1;
    if (doc) {
        rc = ctxt->valid ? 0 : 1;
        xmlFreeDoc(doc);
    }
    xmlFreeParserCtxt(ctxt);
    return rc;
}

/* Leaks: xmlTextReaderClose closes the input, but the reader is never
 * freed. */
int xml_case_reader_close_leak(const char *path)
{
    xmlTextReaderPtr reader = xmlNewTextReaderFilename(path);
    if (reader == NULL)
        return -1;
    int n = 0, ret;
    while ((ret = xmlTextReaderRead(reader)) == 1)
        n++;
    xmlTextReaderClose(reader);
    return ret == 0 ? n : -1; // expect: leak.resource
}

/* Clean: the reader is freed. */
int xml_case_reader_close_clean(const char *path)
{
    xmlTextReaderPtr reader = xmlNewTextReaderFilename(path);
    if (reader == NULL)
        return -1;
    int n = 0, ret;
    while ((ret = xmlTextReaderRead(reader)) == 1)
        n++;
    xmlFreeTextReader(reader);
    return ret == 0 ? n : -1;
}

/* Leaks: the document kept with xmlTextReaderCurrentDoc must be freed by
 * the caller ("the reader will not destroy the associated XML document"),
 * and this path drops it. */
int xml_case_reader_doc_leak(const char *buf, int len)
{
    xmlTextReaderPtr reader = xmlReaderForMemory(buf, len, NULL, NULL, 0);
    if (!reader)
        return -1;
    while (xmlTextReaderRead(reader) == 1)
        ;
    xmlDocPtr doc = xmlTextReaderCurrentDoc(reader);
    xmlFreeTextReader(reader);
    if (!doc)
        return -1;
    if (xmlDocGetRootElement(doc) == NULL)
        return -1; // expect: leak.resource
    xmlFreeDoc(doc);
    return 0;
}

/* Clean: the kept document is freed on both paths. */
int xml_case_reader_doc_clean(const char *buf, int len)
{
    xmlTextReaderPtr reader = xmlReaderForMemory(buf, len, NULL, NULL, 0);
    if (!reader)
        return -1;
    while (xmlTextReaderRead(reader) == 1)
        ;
    xmlDocPtr doc = xmlTextReaderCurrentDoc(reader);
    xmlFreeTextReader(reader);
    if (!doc)
        return -1;
    int rc = xmlDocGetRootElement(doc) == NULL ? -1 : 0;
    xmlFreeDoc(doc);
    return rc;
}
