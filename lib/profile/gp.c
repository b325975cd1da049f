/*
 * gp.c - security domains, RFM/RAM, applications, test profiles. PLACEHOLDER: being written; no rules yet.
 */
#include "checks.h"

esv_status esv_prof_check_gp(const esv_profile *p, esv_report *r)
{
    (void)p;
    (void)r;
    return ESV_OK;
}
