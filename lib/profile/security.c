/*
 * security.c - PIN, PUK, AKA, known values. PLACEHOLDER: being written; no rules yet.
 */
#include "checks.h"

esv_status esv_prof_check_security(const esv_profile *p, esv_report *r)
{
    (void)p;
    (void)r;
    return ESV_OK;
}
