/*
 * fuzz_rsp_har.c - one HAR file of an ES9+ exchange.
 * Target functions: esv_rsp_verify_har (jansson's parser, the HAR's
 * entries and URLs, base64 response content, then esv_rsp_verify_json on
 * every body in one session).
 * Checks beyond "no crash": the call returns OK (or NOMEM); every report
 * handed out that passes has no error finding.
 */
#include <stdint.h>
#include <stdlib.h>

#include "esv/esv.h"
#include "rsp_check.h"

static int each(void *opaque, const char *name, const esv_report *r)
{
    (void)opaque;
    if (name == NULL || r == NULL)
        abort();
    rsp_check_report(r);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    esv_ctx *ctx = NULL;
    esv_status st;
    if (esv_ctx_new(&ctx) != ESV_OK)
        return 0;
    if (esv_ctx_set_limit(ctx, ESV_LIMIT_FINDINGS, 64) != ESV_OK ||
        esv_ctx_set_time(ctx, 1830297600) != ESV_OK)
        abort();
    st = esv_rsp_verify_har(ctx, NULL, NULL, data, size, each, NULL);
    if (st != ESV_OK && st != ESV_E_NOMEM)
        abort();
    esv_ctx_free(ctx);
    return 0;
}
