/*
 * fuzz_cert.c - one certificate, DER or PEM.
 * Target functions: esv_cert_verify without a trust (strict DER walk,
 * certificate parse and extension decoding, the mbedTLS gate, the profile
 * rules, validity) and the JSON writer on its result; also the same bytes
 * offered as a trusted CI (esv_trust_add_ci: parse, self-signature).
 * Checks beyond "no crash": a report is returned with status OK or LIMIT;
 * a pass verdict has no error finding; a CI the trust accepts is one the
 * verifier parses (no PKI-001 on it).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
    esv_trust *t = NULL;
    esv_blob b = {data, size};
    esv_status st;

    if (esv_ctx_new(&ctx) != ESV_OK)
        return 0;
    if (esv_ctx_set_limit(ctx, ESV_LIMIT_FINDINGS, 64) != ESV_OK ||
        esv_ctx_set_time(ctx, 1893456000) != ESV_OK)
        abort();
    st = esv_cert_verify(ctx, NULL, &b, 1, ESV_ROLE_ANY, &r);
    if (st != ESV_E_NOMEM) {
        if (r == NULL || (st != ESV_OK && st != ESV_E_LIMIT))
            abort();
        if (esv_report_verdict(r) == ESV_VERDICT_PASS &&
            esv_report_count_severity(r, ESV_SEV_ERROR) != 0)
            abort();
        st = esv_report_write(r, ESV_FORMAT_JSON, "fuzz", discard, NULL);
        if (st != ESV_OK && st != ESV_E_NOMEM)
            abort();
    }
    if (esv_trust_new(&t) == ESV_OK) {
        st = esv_trust_add_ci(t, data, size);
        if (st == ESV_OK && r != NULL && esv_report_find(r, "PKI-001") != NULL)
            abort();
        if (st != ESV_OK && st != ESV_E_PARSE && st != ESV_E_NOMEM)
            abort();
        esv_trust_free(t);
    }
    esv_report_free(r);
    esv_ctx_free(ctx);
    return 0;
}
