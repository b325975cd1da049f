/*
 * files.c - file definitions. PLACEHOLDER: being written; no rules yet.
 */
#include "checks.h"

esv_status esv_prof_check_files(const esv_profile *p, esv_report *r)
{
    (void)p;
    (void)r;
    return ESV_OK;
}
