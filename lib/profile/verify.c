/*
 * verify.c - esv_profile_verify: the profile package pipeline.
 *
 * TCA eUICC Profile Package: Interoperable Format, 2.1 / 8.1: a profile
 * package is a sequence of ProfileElement values, each a DER TLV. The
 * package is split into its elements by the strict DER reader; each
 * element's tree is validated on its own, so one broken element is
 * reported with its index and the rest are still checked.
 */
#include "esv/profile.h"
#include "../check/der_check.h"

esv_status esv_profile_verify(const esv_ctx *ctx, const uint8_t *data, size_t len,
                              esv_report **out)
{
    esv_report *r;
    esv_status st;
    if (out == NULL)
        return ESV_E_ARG;
    *out = NULL;
    if (ctx == NULL || (data == NULL && len > 0))
        return ESV_E_ARG;
    r = esv_report_create(ctx, "profile");
    if (r == NULL)
        return ESV_E_NOMEM;
    st = esv_der_check_values(r, ctx, data, len, 1, 1, NULL, NULL);
    if (st != ESV_OK) {
        esv_report_free(r);
        return st;
    }
    esv_report_finish(r);
    *out = r;
    return esv_report_status(r);
}
