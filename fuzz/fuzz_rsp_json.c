/*
 * fuzz_rsp_json.c - one ES9+ HTTP body of the JSON binding.
 * Target functions: esv_rsp_verify_json (jansson's parser with duplicate
 * members refused, the base64 and hex members, the messages put together
 * from members, then everything esv_rsp_verify does on them), without and
 * with a session, then the JSON writer.
 * Checks beyond "no crash": a report is returned with status OK or LIMIT;
 * a pass verdict has no error finding; the last report writes as JSON.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "esv/esv.h"
#include "rsp_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t v16[16] = {0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
                                    0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf};
    esv_ctx *ctx;
    esv_rsp_session *s = NULL;
    esv_report *r = NULL;
    esv_status st;
    int have_session;

    if ((ctx = rsp_check_ctx()) == NULL)
        return 0;
    st = esv_rsp_verify_json(ctx, NULL, NULL, data, size, &r);
    have_session = esv_rsp_session_new(&s) == ESV_OK &&
                   esv_rsp_session_set(s, ESV_RSP_TRANSACTION_ID, v16, 16) == ESV_OK;
    /* the JSON writer runs on the last report of the input (rsp_check.h) */
    rsp_check_write(st, r, !have_session);
    esv_report_free(r);
    if (have_session) {
        r = NULL;
        st = esv_rsp_verify_json(ctx, NULL, s, data, size, &r);
        rsp_check(st, r);
        esv_report_free(r);
    }
    esv_rsp_session_free(s);
    esv_ctx_free(ctx);
    return 0;
}
