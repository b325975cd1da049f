/*
 * ids.c - ICCID, IMSI, EF.ACC. PLACEHOLDER: being written; no rules yet.
 */
#include "checks.h"

esv_status esv_prof_check_ids(const esv_profile *p, esv_report *r)
{
    (void)p;
    (void)r;
    return ESV_OK;
}
