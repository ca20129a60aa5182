/* libxml2 XPath contexts (libxml2.xpath_context), results
 * (libxml2.xpath_object) and compiled expressions (libxml2.xpath_comp),
 * all of kind resource.
 *
 * xmlXPathNewContext returns a context ("The caller will need to free
 * it") released by xmlXPathFreeContext; xmlXPathEvalExpression and
 * xmlXPathCompiledEval return a result or NULL ("the caller has to free
 * the object") released by xmlXPathFreeObject; xmlXPathCompile returns a
 * compiled expression released by xmlXPathFreeCompExpr.  The document is a
 * parameter.
 */
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stddef.h>

/* Leaks: an empty node set returns without freeing the result (the
 * context is freed). */
int xml_case_xpath_count_leak(xmlDocPtr doc, const char *expr)
{
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    if (!ctx)
        return -1;
    xmlXPathObjectPtr res = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
    xmlXPathFreeContext(ctx);
    if (!res)
        return -1;
    if (xmlXPathNodeSetIsEmpty(res->nodesetval))
        return 0; // expect: leak.resource
    int n = res->nodesetval->nodeNr;
    xmlXPathFreeObject(res);
    return n;
}

/* Clean: the result is freed on both paths. */
int xml_case_xpath_count_clean(xmlDocPtr doc, const char *expr)
{
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    if (!ctx)
        return -1;
    xmlXPathObjectPtr res = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
    xmlXPathFreeContext(ctx);
    if (!res)
        return -1;
    int n = xmlXPathNodeSetIsEmpty(res->nodesetval) ? 0 : res->nodesetval->nodeNr;
    xmlXPathFreeObject(res);
    return n;
}

/* Leaks: the context is not freed when the namespace cannot be
 * registered. */
xmlChar *xml_case_xpath_ns_leak(xmlDocPtr doc, const char *expr)
{
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    if (ctx == NULL)
        return NULL;
    if (xmlXPathRegisterNs(ctx, (const xmlChar *)"a", (const xmlChar *)"urn:example:a") != 0)
        return NULL; // expect: leak.resource
    xmlXPathObjectPtr res = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
    xmlChar *s = res ? xmlXPathCastToString(res) : NULL;
    xmlXPathFreeObject(res);
    xmlXPathFreeContext(ctx);
    return s;
}

/* Clean: freed when registration fails. */
xmlChar *xml_case_xpath_ns_clean(xmlDocPtr doc, const char *expr)
{
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    if (ctx == NULL)
        return NULL;
    if (xmlXPathRegisterNs(ctx, (const xmlChar *)"a", (const xmlChar *)"urn:example:a") != 0) {
        xmlXPathFreeContext(ctx);
        return NULL;
    }
    xmlXPathObjectPtr res = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
    xmlChar *s = res ? xmlXPathCastToString(res) : NULL;
    xmlXPathFreeObject(res);
    xmlXPathFreeContext(ctx);
    return s;
}

/* Leaks: the compiled expression is not freed when the context cannot be
 * made. */
int xml_case_xpath_compiled_leak(xmlDocPtr doc, const char *expr)
{
    xmlXPathCompExprPtr comp = xmlXPathCompile((const xmlChar *)expr);
    if (!comp)
        return -1;
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    if (!ctx)
        return -1; // expect: leak.resource
    xmlXPathObjectPtr res = xmlXPathCompiledEval(comp, ctx);
    int found = res != NULL && res->type == XPATH_BOOLEAN && res->boolval;
    xmlXPathFreeObject(res);
    xmlXPathFreeContext(ctx);
    xmlXPathFreeCompExpr(comp);
    return found;
}

/* Clean: freed when the context cannot be made. */
int xml_case_xpath_compiled_clean(xmlDocPtr doc, const char *expr)
{
    xmlXPathCompExprPtr comp = xmlXPathCompile((const xmlChar *)expr);
    if (!comp)
        return -1;
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    if (!ctx) {
        xmlXPathFreeCompExpr(comp);
        return -1;
    }
    xmlXPathObjectPtr res = xmlXPathCompiledEval(comp, ctx);
    int found = res != NULL && res->type == XPATH_BOOLEAN && res->boolval;
    xmlXPathFreeObject(res);
    xmlXPathFreeContext(ctx);
    xmlXPathFreeCompExpr(comp);
    return found;
}

/* Clean: xmlXPathConvertBoolean frees (or reuses) the object it is given
 * and returns the one to free. */
int xml_case_xpath_convert_clean(xmlXPathContextPtr ctx, const char *expr)
{
    xmlXPathObjectPtr res = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
    if (!res)
        return -1;
    xmlXPathObjectPtr b = xmlXPathConvertBoolean(res);
    if (!b)
        return -1;
    int v = b->boolval;
    xmlXPathFreeObject(b);
    return v;
}
