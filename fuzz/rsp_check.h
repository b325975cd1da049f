/*
 * rsp_check.h - what the RSP harnesses (fuzz_rsp, fuzz_rsp_json,
 * fuzz_rsp_har) share: one context for every run, and what they require
 * of every report beyond "no crash": a pass verdict has no error finding,
 * and the report writes as JSON.
 */
#ifndef ESV_FUZZ_RSP_CHECK_H
#define ESV_FUZZ_RSP_CHECK_H

#include <stdlib.h>

#include "esv/esv.h"

static int rsp_check_discard(void *opaque, const void *data, size_t len)
{
    (void)opaque;
    (void)data;
    (void)len;
    return 0;
}

/* A context with a findings limit and a fixed verification time (so that
 * a run replays the same way on any day); NULL when out of memory. */
static inline esv_ctx *rsp_check_ctx(void)
{
    esv_ctx *ctx = NULL;
    if (esv_ctx_new(&ctx) != ESV_OK)
        return NULL;
    if (esv_ctx_set_limit(ctx, ESV_LIMIT_FINDINGS, 64) != ESV_OK ||
        esv_ctx_set_time(ctx, 1830297600) != ESV_OK)
        abort();
    return ctx;
}

/* Aborts unless r is consistent: a pass has no error finding; with
 * write set, the report also writes as JSON. */
static inline void rsp_check_report_write(const esv_report *r, int write)
{
    if (esv_report_verdict(r) == ESV_VERDICT_PASS)
        for (size_t i = 0; i < esv_report_finding_count(r); i++)
            if (esv_finding_severity(esv_report_finding(r, i)) == ESV_SEV_ERROR)
                abort();
    if (write && esv_report_write(r, ESV_FORMAT_JSON, "in", rsp_check_discard, NULL) == ESV_E_ARG)
        abort();
}

static inline void rsp_check_report(const esv_report *r)
{
    rsp_check_report_write(r, 1);
}

/* Aborts unless a verification returned a report with status OK or LIMIT
 * (or ran out of memory) and the report is consistent. The JSON writer
 * runs on the report only with write set: it took two thirds of a run
 * when every one of an input's verifications wrote (fuzz/README.md, "Fast
 * mode"), so the harnesses write the last report of each input, the one
 * with the most findings, and check the others without writing. */
static inline void rsp_check_write(esv_status st, const esv_report *r, int write)
{
    if (st == ESV_E_NOMEM)
        return;
    if (r == NULL || (st != ESV_OK && st != ESV_E_LIMIT))
        abort();
    rsp_check_report_write(r, write);
}

static inline void rsp_check(esv_status st, const esv_report *r)
{
    rsp_check_write(st, r, 1);
}

#endif
