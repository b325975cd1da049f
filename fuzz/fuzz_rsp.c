/*
 * fuzz_rsp.c - one SGP.22 message, DER.
 * Target functions: esv_rsp_verify (strict DER walk, message recognition,
 * the asn1c decode of asn1/RSPDefinitions.asn and its constraints, the
 * message rules, signature checks, the certificate verifier on the
 * certificates a message carries), twice: without a session, and with a
 * session that already holds values (so that every comparison and every
 * signature over session data runs), then the JSON writer.
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
    static const uint8_t v16[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    uint8_t sig[64];
    esv_ctx *ctx;
    esv_rsp_session *s = NULL;
    esv_report *r = NULL;
    esv_status st;
    int have_session;

    if ((ctx = rsp_check_ctx()) == NULL)
        return 0;
    memset(sig, 0x5a, sizeof(sig));
    have_session = esv_rsp_session_new(&s) == ESV_OK &&
                   esv_rsp_session_set(s, ESV_RSP_TRANSACTION_ID, v16, 16) == ESV_OK &&
                   esv_rsp_session_set(s, ESV_RSP_SERVER_CHALLENGE, v16, 16) == ESV_OK &&
                   esv_rsp_session_set(s, ESV_RSP_EUICC_SIGNATURE1, sig, 64) == ESV_OK &&
                   esv_rsp_session_set(s, ESV_RSP_SMDP_SIGNATURE2, sig, 64) == ESV_OK &&
                   esv_rsp_session_set(s, ESV_RSP_CONFIRMATION_CODE, (const uint8_t *)"1234", 4) == ESV_OK;
    st = esv_rsp_verify(ctx, NULL, NULL, data, size, &r);
    /* the JSON writer runs on the last report of the input (rsp_check.h) */
    rsp_check_write(st, r, !have_session);
    esv_report_free(r);
    if (have_session) {
        r = NULL;
        st = esv_rsp_verify(ctx, NULL, s, data, size, &r);
        rsp_check_write(st, r, 0);
        esv_report_free(r);
        /* the session learned from the message: verify it again */
        r = NULL;
        st = esv_rsp_verify(ctx, NULL, s, data, size, &r);
        rsp_check(st, r);
        esv_report_free(r);
    }
    esv_rsp_session_free(s);
    esv_ctx_free(ctx);
    return 0;
}
