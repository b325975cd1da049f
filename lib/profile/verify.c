/*
 * verify.c - esv_profile_verify: the profile package pipeline.
 *
 * bytes -> strict DER split (every element's tree validated) -> asn1c
 * decode of each element -> the rule groups over the decoded model ->
 * findings. One broken element is reported with its index; the others are
 * still decoded and checked.
 */
#include "esv/profile.h"
#include "checks.h"

static const esv_profile_check_fn checks[] = {
    esv_prof_check_structure, esv_prof_check_ids, esv_prof_check_files,
    esv_prof_check_security,  esv_prof_check_gp,  esv_prof_check_templates,
};

esv_status esv_profile_verify(const esv_ctx *ctx, const uint8_t *data, size_t len,
                              esv_report **out)
{
    esv_report *r;
    esv_profile p;
    esv_status st;
    size_t i;

    if (out == NULL)
        return ESV_E_ARG;
    *out = NULL;
    if (ctx == NULL || (data == NULL && len > 0))
        return ESV_E_ARG;
    r = esv_report_create(ctx, "profile");
    if (r == NULL)
        return ESV_E_NOMEM;
    st = esv_profile_load(&p, r, ctx, data, len);
    /* The rules need a split that reached the end: a package cut short is
     * reported by its DER finding alone rather than by a cascade of
     * "missing end element" findings. */
    for (i = 0; st == ESV_OK && p.complete && i < sizeof(checks) / sizeof(checks[0]); i++)
        st = checks[i](&p, r);
    /* A value decoded again that ran out of memory was skipped by the
     * check that read it: no verdict without it. */
    if (st == ESV_OK && p.scratch != NULL && p.scratch->failed)
        st = ESV_E_NOMEM;
    esv_profile_release(&p);
    if (st != ESV_OK) {
        esv_report_free(r);
        return st;
    }
    esv_report_finish(r);
    *out = r;
    return esv_report_status(r);
}
