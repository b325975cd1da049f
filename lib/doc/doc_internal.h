/*
 * doc_internal.h - the document writers (esv/document.h): what doc.c keeps
 * per document and what html.c and sarif.c write.
 */
#ifndef ESV_DOC_INTERNAL_H
#define ESV_DOC_INTERNAL_H

#include "esv/document.h"
#include "../core/buf.h"

#include <jansson.h>

/* What the summary keeps of each input added. */
typedef struct doc_row {
    char *name;         /* the input's name as given (escaped when written) */
    const char *kind;   /* static strings from the report */
    const char *policy;
    esv_verdict verdict;
    esv_status status;
    size_t errors, warnings, infos, dropped;
    int64_t time;
    int time_set;
} doc_row;

struct esv_doc {
    const esv_ctx *ctx;
    esv_format format;
    esv_out o;        /* the caller's write function, in pieces */
    int started;      /* the head is written */
    int finished;
    doc_row *rows;
    size_t nrows, cap_rows;
    /* SARIF */
    size_t nresults;
    json_t *artifacts;     /* run.artifacts, one per input */
    json_t *notifications; /* invocation.toolExecutionNotifications */
    int all_ok;            /* every report's status was ESV_OK */
};

/* html.c */
void doc_html_head(esv_doc *d);
esv_status doc_html_add(esv_doc *d, size_t n, const esv_report *r, const uint8_t *input,
                        size_t input_len);
void doc_html_tail(esv_doc *d);

/* sarif.c */
esv_status doc_sarif_head(esv_doc *d);
esv_status doc_sarif_add(esv_doc *d, size_t n, const esv_report *r);
esv_status doc_sarif_tail(esv_doc *d);

#endif
