/*
 * test_prof_acceptance.c - what a lab sees on the real TS.48 profiles
 * under each base policy, with every rule group running together:
 *  - production: every TS.48 profile fails, with the test-profile finding
 *    (PROF-100: profileType "GSMA Generic eUICC Test Profile");
 *  - test: the two v7 NoRAMRFM profiles pass (no error at all);
 *  - the RAM/RFM-enabled profiles carry the RFM (PROF-103) and RAM
 *    (PROF-105) findings as errors under both policies.
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "profile_variant.h"
#include "testutil.h"


static const esv_finding *first_error(const esv_report *r)
{
    for (size_t i = 0; i < esv_report_finding_count(r); i++)
        if (esv_finding_severity(esv_report_finding(r, i)) == ESV_SEV_ERROR)
            return esv_report_finding(r, i);
    return NULL;
}

static void test_production_fails_every_ts48(void **state)
{
    (void)state;
    if (tu_testdata() == NULL)
        skip();
    for (size_t i = 0; i < TU_TS48_COUNT; i++) {
        esv_report *r = pv_verify_ts48(tu_ts48_files[i], ESV_POLICY_PRODUCTION);
        const esv_finding *f = esv_report_find(r, "PROF-100");
        if (esv_report_verdict(r) != ESV_VERDICT_FAIL || f == NULL ||
            esv_finding_severity(f) != ESV_SEV_ERROR)
            fail_msg("%s: expected a fail with the PROF-100 test-profile error", tu_ts48_files[i]);
        esv_report_free(r);
    }
}

static void test_test_policy(void **state)
{
    (void)state;
    if (tu_testdata() == NULL)
        skip();
    for (size_t i = 0; i < TU_TS48_COUNT; i++) {
        int noram = strstr(tu_ts48_files[i], "NoRAMRFM") != NULL;
        esv_report *r = pv_verify_ts48(tu_ts48_files[i], ESV_POLICY_TEST);
        if (noram) {
            const esv_finding *e = first_error(r);
            if (e)
                fail_msg("%s: %s under the test policy: %s", tu_ts48_files[i], esv_finding_rule_id(e),
                         esv_finding_message(e));
            assert_int_equal(esv_report_verdict(r), ESV_VERDICT_PASS);
            pv_assert_quiet(r, "PROF-103");
            pv_assert_quiet(r, "PROF-105");
        } else {
            assert_int_equal(esv_report_verdict(r), ESV_VERDICT_FAIL);
            pv_assert_fires(r, "PROF-103", -1);
            pv_assert_fires(r, "PROF-105", -1);
            assert_int_equal(esv_finding_severity(esv_report_find(r, "PROF-103")), ESV_SEV_ERROR);
            assert_int_equal(esv_finding_severity(esv_report_find(r, "PROF-105")), ESV_SEV_ERROR);
        }
        esv_report_free(r);
        /* the RAM finding stays under production too */
        if (!noram) {
            r = pv_verify_ts48(tu_ts48_files[i], ESV_POLICY_PRODUCTION);
            assert_int_equal(esv_finding_severity(esv_report_find(r, "PROF-103")), ESV_SEV_ERROR);
            assert_int_equal(esv_finding_severity(esv_report_find(r, "PROF-105")), ESV_SEV_ERROR);
            esv_report_free(r);
        }
    }
}

/* The rule catalogue has the PROF- rules the issue asks for, each with a
 * reference. */
static void test_catalogue_has_prof_rules(void **state)
{
    size_t n = 0;
    (void)state;
    for (size_t i = 0; i < esv_rule_count(); i++)
        if (strncmp(esv_rule_id(esv_rule_at(i)), "PROF-", 5) == 0) {
            n++;
            assert_true(strlen(esv_rule_reference(esv_rule_at(i))) > 10);
        }
    print_message("%zu PROF- rules\n", n);
    assert_true(n >= 60);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_production_fails_every_ts48),
        cmocka_unit_test(test_test_policy),
        cmocka_unit_test(test_catalogue_has_prof_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
