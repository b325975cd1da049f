/*
 * fuzz_profile.c - whole profile packages.
 * Target functions: esv_profile_verify (element split, per-element DER
 * walk, findings) and the report writers on its result.
 * Checks beyond "no crash": a report is returned with status OK or LIMIT;
 * a pass verdict has no error finding.
 */
#include <stdint.h>
#include <stdlib.h>

#include "esv/esv.h"

static int discard(void *opaque, const void *data, size_t len)
{
    (void)opaque;
    (void)data;
    (void)len;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    esv_ctx *ctx = NULL;
    esv_report *r = NULL;
    esv_status st;

    if (esv_ctx_new(&ctx) != ESV_OK)
        return 0;
    if (esv_ctx_set_limit(ctx, ESV_LIMIT_FINDINGS, 64) != ESV_OK)
        abort();
    st = esv_profile_verify(ctx, data, size, &r);
    if (st != ESV_E_NOMEM) {
        if (r == NULL || (st != ESV_OK && st != ESV_E_LIMIT))
            abort();
        if (esv_report_verdict(r) == ESV_VERDICT_PASS &&
            esv_report_count_severity(r, ESV_SEV_ERROR) != 0)
            abort();
        st = esv_report_write(r, ESV_FORMAT_JSON, "fuzz", discard, NULL);
        if (st != ESV_OK && st != ESV_E_NOMEM)
            abort();
        st = esv_report_write(r, ESV_FORMAT_CBOR, "fuzz", discard, NULL);
        if (st != ESV_OK && st != ESV_E_NOMEM)
            abort();
    }
    esv_report_free(r);
    esv_ctx_free(ctx);
    return 0;
}
