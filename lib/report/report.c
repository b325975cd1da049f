/*
 * report.c - findings and verdict.
 */
#include "report_internal.h"
#include "../core/policy_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

esv_report *esv_report_create(const esv_ctx *ctx, const char *kind)
{
    esv_report *r = calloc(1, sizeof(*r));
    if (r == NULL)
        return NULL;
    r->kind = kind;
    r->policy = esv_ctx_policy(ctx);
    r->base = esv_policy_get_base(r->policy);
    r->status = ESV_OK;
    r->cap = (size_t)esv_ctx_limit(ctx, ESV_LIMIT_FINDINGS);
    r->time = esv_ctx_time(ctx, &r->time_set);
    return r;
}

void esv_report_free(esv_report *report)
{
    size_t i;
    if (report == NULL)
        return;
    for (i = 0; i < report->count; i++) {
        free(report->findings[i].message);
        free(report->findings[i].path);
    }
    free(report->findings);
    free(report);
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

esv_status esv_report_add(esv_report *r, esv_rule_idx rule, const esv_loc *loc,
                          const char *fmt, ...)
{
    esv_severity sev = esv_policy_severity_idx(r->policy, rule);
    struct esv_finding *f;
    va_list ap;
    int n;

    if (sev == ESV_SEV_OFF)
        return ESV_OK;
    if (sev == ESV_SEV_ERROR)
        r->has_error = 1;
    if (r->count >= r->cap) {
        r->dropped++;
        return ESV_OK;
    }
    if (r->count == r->alloc) {
        size_t na = r->alloc ? r->alloc * 2 : 8;
        struct esv_finding *nf;
        if (na > r->cap)
            na = r->cap;
        nf = realloc(r->findings, na * sizeof(*nf));
        if (nf == NULL)
            return ESV_E_NOMEM;
        r->findings = nf;
        r->alloc = na;
    }
    f = &r->findings[r->count];
    memset(f, 0, sizeof(*f));
    f->rule = esv_rule_by_idx(rule);
    f->severity = sev;
    f->element = loc ? loc->element : -1;
    f->cert = loc ? loc->cert : -1;
    f->offset = loc ? loc->offset : -1;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return ESV_E_INTERNAL;
    f->message = malloc((size_t)n + 1);
    if (f->message == NULL)
        return ESV_E_NOMEM;
    va_start(ap, fmt);
    vsnprintf(f->message, (size_t)n + 1, fmt, ap);
    va_end(ap);
    if (loc && loc->path) {
        f->path = dup_str(loc->path);
        if (f->path == NULL) {
            free(f->message);
            return ESV_E_NOMEM;
        }
    }
    r->count++;
    return ESV_OK;
}

void esv_report_set_status(esv_report *r, esv_status st)
{
    if (r->status == ESV_OK)
        r->status = st;
}

void esv_report_finish(esv_report *r)
{
    r->policy = NULL;
}

esv_status esv_report_status(const esv_report *report)
{
    return report ? report->status : ESV_E_ARG;
}

esv_verdict esv_report_verdict(const esv_report *report)
{
    if (report == NULL || report->status != ESV_OK || report->has_error)
        return ESV_VERDICT_FAIL;
    return ESV_VERDICT_PASS;
}

const char *esv_verdict_str(esv_verdict verdict)
{
    return verdict == ESV_VERDICT_PASS ? "pass" : "fail";
}

const char *esv_report_kind(const esv_report *report)
{
    return report ? report->kind : NULL;
}

const char *esv_report_policy(const esv_report *report)
{
    return report ? esv_policy_base_name(report->base) : NULL;
}

size_t esv_report_finding_count(const esv_report *report)
{
    return report ? report->count : 0;
}

size_t esv_report_dropped(const esv_report *report)
{
    return report ? report->dropped : 0;
}

size_t esv_report_count_severity(const esv_report *report, esv_severity sev)
{
    size_t i, n = 0;
    if (report == NULL)
        return 0;
    for (i = 0; i < report->count; i++)
        n += report->findings[i].severity == sev;
    return n;
}

const esv_finding *esv_report_finding(const esv_report *report, size_t i)
{
    return report && i < report->count ? &report->findings[i] : NULL;
}

const esv_finding *esv_report_find(const esv_report *report, const char *rule_id)
{
    size_t i;
    if (report == NULL || rule_id == NULL)
        return NULL;
    for (i = 0; i < report->count; i++)
        if (strcmp(report->findings[i].rule->id, rule_id) == 0)
            return &report->findings[i];
    return NULL;
}

const esv_rule *esv_finding_rule(const esv_finding *f) { return f ? f->rule : NULL; }
const char *esv_finding_rule_id(const esv_finding *f) { return f ? f->rule->id : NULL; }
esv_severity esv_finding_severity(const esv_finding *f) { return f ? f->severity : ESV_SEV_OFF; }
const char *esv_finding_message(const esv_finding *f) { return f ? f->message : NULL; }
int64_t esv_finding_offset(const esv_finding *f) { return f ? f->offset : -1; }
long esv_finding_element(const esv_finding *f) { return f ? f->element : -1; }
long esv_finding_cert(const esv_finding *f) { return f ? f->cert : -1; }
const char *esv_finding_path(const esv_finding *f) { return f ? f->path : NULL; }

int64_t esv_report_time(const esv_report *report, int *is_set)
{
    if (is_set)
        *is_set = report ? report->time_set : 0;
    return report && report->time_set ? report->time : 0;
}

esv_status esv_report_merge(esv_report *dst, const esv_report *src, const char *prefix,
                            int keep_offset, int64_t base)
{
    size_t i;
    esv_status st = ESV_OK;
    for (i = 0; i < src->count && st == ESV_OK; i++) {
        const struct esv_finding *f = &src->findings[i];
        char path[256];
        esv_loc loc;
        if (prefix != NULL)
            snprintf(path, sizeof(path), "%s%s%s", prefix, f->path ? "/" : "", f->path ? f->path : "");
        else
            snprintf(path, sizeof(path), "%s", f->path ? f->path : "");
        loc.element = f->element;
        loc.cert = f->cert;
        loc.offset = keep_offset && f->offset >= 0 ? base + f->offset : -1;
        loc.path = path[0] ? path : NULL;
        st = esv_report_add(dst, esv_rule_idx_of(f->rule), &loc, "%s", f->message);
    }
    if (st == ESV_OK) {
        dst->dropped += src->dropped;
        dst->has_error |= src->has_error;
        if (src->status != ESV_OK)
            esv_report_set_status(dst, src->status);
    }
    return st;
}
