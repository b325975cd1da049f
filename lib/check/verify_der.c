/*
 * verify_der.c - esv_der_verify, the public well-formedness check.
 */
#include "esv/der.h"
#include "der_check.h"

esv_status esv_der_verify(const esv_ctx *ctx, const uint8_t *data, size_t len,
                          unsigned flags, esv_report **out)
{
    esv_report *r;
    esv_status st;
    if (out == NULL)
        return ESV_E_ARG;
    *out = NULL;
    if (ctx == NULL || (data == NULL && len > 0))
        return ESV_E_ARG;
    r = esv_report_create(ctx, "der");
    if (r == NULL)
        return ESV_E_NOMEM;
    st = esv_der_check_values(r, ctx, data, len, (flags & ESV_DER_SEQUENCE_OF_VALUES) != 0,
                              (flags & ESV_DER_SEQUENCE_OF_VALUES) != 0, -1, NULL, NULL);
    if (st != ESV_OK) {
        esv_report_free(r);
        return st;
    }
    esv_report_finish(r);
    *out = r;
    return esv_report_status(r);
}
