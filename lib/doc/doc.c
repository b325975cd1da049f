/*
 * doc.c - esv_doc: one HTML page or SARIF log over the reports of a run
 * (esv/document.h). This file keeps the summary rows and the output; the
 * formats are html.c and sarif.c. A layer above report and profile (it
 * shows a profile's element tree), below the tool.
 */
#include "doc_internal.h"
#include "../report/report_internal.h"

#include <stdlib.h>
#include <string.h>

esv_status esv_doc_begin(const esv_ctx *ctx, esv_format format, esv_write_fn write, void *opaque,
                         esv_doc **out)
{
    esv_doc *d;
    if (out == NULL)
        return ESV_E_ARG;
    *out = NULL;
    if (ctx == NULL || write == NULL || (format != ESV_FORMAT_HTML && format != ESV_FORMAT_SARIF))
        return ESV_E_ARG;
    d = calloc(1, sizeof(*d));
    if (d == NULL)
        return ESV_E_NOMEM;
    d->ctx = ctx;
    d->format = format;
    d->all_ok = 1;
    esv_out_init(&d->o, write, opaque);
    if (format == ESV_FORMAT_SARIF) {
        d->artifacts = json_array();
        d->notifications = json_array();
        if (d->artifacts == NULL || d->notifications == NULL) {
            esv_doc_free(d);
            return ESV_E_NOMEM;
        }
    }
    *out = d;
    return ESV_OK;
}

/* Writes the head once, before the first part or the tail. */
static esv_status start(esv_doc *d)
{
    esv_status st = ESV_OK;
    if (d->started)
        return ESV_OK;
    d->started = 1;
    if (d->format == ESV_FORMAT_HTML)
        doc_html_head(d);
    else
        st = doc_sarif_head(d);
    if (st == ESV_OK && d->o.b.failed)
        st = ESV_E_NOMEM;
    return st;
}

static char *dup_name(const char *s)
{
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    if (c)
        memcpy(c, s, n);
    return c;
}

esv_status esv_doc_add(esv_doc *doc, const esv_report *report, const char *input_name,
                       const uint8_t *input, size_t input_len)
{
    doc_row *row;
    esv_status st;
    if (doc == NULL || report == NULL || (input == NULL && input_len > 0) || doc->finished)
        return ESV_E_ARG;
    if (doc->o.status != ESV_OK)
        return (esv_status)doc->o.status;
    if (doc->nrows == doc->cap_rows) {
        size_t nc = doc->cap_rows ? doc->cap_rows * 2 : 16;
        doc_row *nr = realloc(doc->rows, nc * sizeof(*nr));
        if (nr == NULL)
            return ESV_E_NOMEM;
        doc->rows = nr;
        doc->cap_rows = nc;
    }
    row = &doc->rows[doc->nrows];
    memset(row, 0, sizeof(*row));
    row->name = dup_name(input_name ? input_name : "(input)");
    if (row->name == NULL)
        return ESV_E_NOMEM;
    row->kind = esv_report_kind(report);
    row->policy = esv_report_policy(report);
    row->verdict = esv_report_verdict(report);
    row->status = esv_report_status(report);
    row->errors = esv_report_count_severity(report, ESV_SEV_ERROR);
    row->warnings = esv_report_count_severity(report, ESV_SEV_WARNING);
    row->infos = esv_report_count_severity(report, ESV_SEV_INFO);
    row->dropped = esv_report_dropped(report);
    row->time = esv_report_time(report, &row->time_set);
    doc->nrows++;
    if (row->status != ESV_OK)
        doc->all_ok = 0;

    st = start(doc);
    if (st == ESV_OK)
        st = doc->format == ESV_FORMAT_HTML ? doc_html_add(doc, doc->nrows - 1, report, input, input_len)
                                            : doc_sarif_add(doc, doc->nrows - 1, report);
    if (st == ESV_OK && doc->o.b.failed)
        st = ESV_E_NOMEM;
    if (st == ESV_OK)
        st = (esv_status)esv_out_flush(&doc->o, 1);
    if (st != ESV_OK && doc->o.status == ESV_OK)
        doc->o.status = st; /* sticky: nothing half-written follows */
    return st;
}

esv_status esv_doc_finish(esv_doc *doc)
{
    esv_status st;
    if (doc == NULL || doc->finished)
        return ESV_E_ARG;
    doc->finished = 1;
    if (doc->o.status != ESV_OK)
        return (esv_status)doc->o.status;
    st = start(doc);
    if (st == ESV_OK) {
        if (doc->format == ESV_FORMAT_HTML)
            doc_html_tail(doc);
        else
            st = doc_sarif_tail(doc);
    }
    if (st == ESV_OK && doc->o.b.failed)
        st = ESV_E_NOMEM;
    if (st == ESV_OK)
        st = (esv_status)esv_out_flush(&doc->o, 1);
    if (st != ESV_OK && doc->o.status == ESV_OK)
        doc->o.status = st;
    return st;
}

size_t esv_doc_count(const esv_doc *doc)
{
    return doc ? doc->nrows : 0;
}

void esv_doc_free(esv_doc *doc)
{
    size_t i;
    if (doc == NULL)
        return;
    for (i = 0; i < doc->nrows; i++)
        free(doc->rows[i].name);
    free(doc->rows);
    esv_buf_free(&doc->o.b);
    json_decref(doc->artifacts);
    json_decref(doc->notifications);
    free(doc);
}
