/*
 * fuzz_chain.c - a chain and a CI (and a CRL).
 * Input framing: parts, each a 2-byte big-endian length and that many
 * bytes: part 0 the CI (DER or PEM), part 1 a CRL (may be empty), parts
 * 2.. the certificates to verify (at most 8); a short last part takes
 * what is left.
 * Target functions: esv_trust_add_ci, esv_trust_add_crl, esv_trust_set_cache
 * and esv_cert_verify with a trust (chain building, signatures, the cache,
 * validity, the EID prefix rule, CRL verification and lookup), twice so
 * the second run goes through the cache.
 * Checks beyond "no crash": statuses as documented; both runs give the
 * same verdict and the same number of findings.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "esv/esv.h"

#define MAX_PARTS 10

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    esv_blob parts[MAX_PARTS];
    size_t n = 0, off = 0;
    esv_ctx *ctx = NULL;
    esv_trust *t = NULL;
    esv_report *r1 = NULL, *r2 = NULL;
    esv_status s1, s2;

    while (off < size && n < MAX_PARTS) {
        size_t len = 0;
        if (size - off >= 2) {
            len = ((size_t)data[off] << 8) | data[off + 1];
            off += 2;
        }
        if (len > size - off)
            len = size - off;
        parts[n].data = data + off;
        parts[n].len = len;
        n++;
        off += len;
    }
    if (n < 3)
        return 0;
    if (esv_ctx_new(&ctx) != ESV_OK)
        return 0;
    if (esv_ctx_set_limit(ctx, ESV_LIMIT_FINDINGS, 64) != ESV_OK ||
        esv_ctx_set_time(ctx, 1893456000) != ESV_OK)
        abort();
    if (esv_trust_new(&t) != ESV_OK)
        goto out;
    s1 = esv_trust_add_ci(t, parts[0].data, parts[0].len);
    if (s1 != ESV_OK && s1 != ESV_E_PARSE && s1 != ESV_E_NOMEM)
        abort();
    if (parts[1].len) {
        s1 = esv_trust_add_crl(t, parts[1].data, parts[1].len);
        if (s1 != ESV_OK && s1 != ESV_E_PARSE && s1 != ESV_E_NOMEM)
            abort();
    }
    if (esv_trust_set_cache(t, 4) != ESV_OK)
        goto out;
    s1 = esv_cert_verify(ctx, t, parts + 2, n - 2, ESV_ROLE_ANY, &r1);
    s2 = esv_cert_verify(ctx, t, parts + 2, n - 2, ESV_ROLE_ANY, &r2);
    if (s1 != ESV_E_NOMEM && s2 != ESV_E_NOMEM) {
        if (r1 == NULL || r2 == NULL || (s1 != ESV_OK && s1 != ESV_E_LIMIT) || s1 != s2)
            abort();
        if (esv_report_verdict(r1) != esv_report_verdict(r2) ||
            esv_report_finding_count(r1) != esv_report_finding_count(r2))
            abort();
        if (esv_report_verdict(r1) == ESV_VERDICT_PASS &&
            esv_report_count_severity(r1, ESV_SEV_ERROR) != 0)
            abort();
    }
out:
    esv_report_free(r1);
    esv_report_free(r2);
    esv_trust_free(t);
    esv_ctx_free(ctx);
    return 0;
}
