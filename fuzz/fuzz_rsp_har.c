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
    esv_ctx *ctx;
    esv_status st;
    if ((ctx = rsp_check_ctx()) == NULL)
        return 0;
    st = esv_rsp_verify_har(ctx, NULL, NULL, data, size, each, NULL);
    if (st != ESV_OK && st != ESV_E_NOMEM)
        abort();
    esv_ctx_free(ctx);
    return 0;
}
