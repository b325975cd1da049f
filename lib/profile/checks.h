/*
 * checks.h - the profile rules, one function per group, each reading the
 * decoded model and adding findings. Every check is written against the
 * clause it enforces (named above each test in the .c files).
 *
 * A check returns ESV_OK or ESV_E_NOMEM (from esv_report_add); it never
 * parses raw bytes itself except through the DER reader, and it skips
 * elements that did not decode (already reported as DER- findings).
 */
#ifndef ESV_PROFILE_CHECKS_H
#define ESV_PROFILE_CHECKS_H

#include "model.h"
#include "../check/sink.h"

typedef esv_status (*esv_profile_check_fn)(const esv_profile *p, esv_report *r);

esv_status esv_prof_check_structure(const esv_profile *p, esv_report *r); /* structure.c */
esv_status esv_prof_check_ids(const esv_profile *p, esv_report *r);       /* ids.c: ICCID, IMSI, ACC */
esv_status esv_prof_check_files(const esv_profile *p, esv_report *r);     /* files.c: file definitions */
esv_status esv_prof_check_dirs(const esv_profile *p, esv_report *r);      /* dirs.c: file IDs, SFIs (from files.c) */
esv_status esv_prof_check_arr(const esv_profile *p, esv_report *r);       /* arr.c: EF.ARR records (from files.c) */
esv_status esv_prof_check_security(const esv_profile *p, esv_report *r);  /* security.c: PIN, PUK, AKA, known values */
esv_status esv_prof_check_gp(const esv_profile *p, esv_report *r);        /* gp.c: SD, RFM, RAM, applications, test profiles */
esv_status esv_prof_check_templates(const esv_profile *p, esv_report *r); /* templates.c: Annex B template OIDs */

/* Whether the package carries a GSMA TS.48 test-profile mark (its
 * profileType, a test ICCID or the test version file; gp.c), for the
 * message checks that compare it with the metadata's profileClass. */
bool esv_prof_is_test(const esv_profile *p);

/* Adds a finding on element e with a field path: ESV_FIND (the one sink,
 * lib/check/sink.h) at the element's location. */
#define PROF_FIND(r, rule, e, path, ...)                                       \
    do {                                                                       \
        esv_loc loc_ = esv_pe_loc((e), (path));                                \
        ESV_FIND((r), (rule), &loc_, __VA_ARGS__);                             \
    } while (0)

#endif
