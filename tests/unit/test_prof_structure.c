/*
 * test_prof_structure.c - PROF-002..017 (structure, ordering, cardinality,
 * services): each fires on a variant of a real TS.48 profile derived at
 * test time, and all stay quiet on every real TS.48 profile.
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "profile_variant.h"
#include "testutil.h"

#define V7 "profiles/ts48/TS48v7_SAIP2.3_BERTLV_SUCI.der"

#define LOAD(p)                                                                   \
    do {                                                                          \
        if (pv_load(V7, (p)) != 0) {                                              \
            print_message("skipped: ../shared/testdata not present\n");           \
            skip();                                                               \
        }                                                                         \
    } while (0)

static const char *const structure_rules[] = {
    "PROF-002", "PROF-003", "PROF-004", "PROF-005", "PROF-006", "PROF-007", "PROF-008",
    "PROF-009", "PROF-010", "PROF-011", "PROF-012", "PROF-013", "PROF-014", "PROF-015",
    "PROF-016", "PROF-017", "PROF-018", "PROF-019", "PROF-020",
};

static void test_quiet_on_all_ts48(void **state)
{
    (void)state;
    if (tu_testdata() == NULL)
        skip();
    for (size_t i = 0; i < TU_TS48_COUNT; i++) {
        esv_report *r = pv_verify_ts48(tu_ts48_files[i], ESV_POLICY_TEST);
        pv_assert_quiet_all(r, structure_rules, sizeof(structure_rules) / sizeof(structure_rules[0]));
        pv_assert_quiet(r, "DER-021");
        pv_assert_quiet(r, "PROF-001");
        esv_report_free(r);
    }
}

static void test_header_not_first(void **state)
{
    pv_profile p;
    esv_report *r;
    (void)state;
    LOAD(&p);
    pv_move(&p, 0, 3);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-002", 0);
    pv_assert_fires(r, "PROF-007", 0); /* MF is now first, not second */
    esv_report_free(r);
    pv_remove(&p, (size_t)pv_find(&p, ProfileElement_PR_header, 0));
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-002", 0);
    esv_report_free(r);
    pv_free(&p);
}

static void test_two_headers_two_ends(void **state)
{
    pv_profile p;
    esv_report *r;
    long end;
    (void)state;
    LOAD(&p);
    pv_duplicate(&p, 0, 2);
    end = pv_find(&p, ProfileElement_PR_end, 0);
    pv_duplicate(&p, (size_t)end, (size_t)end);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-003", 2);
    pv_assert_fires(r, "PROF-005", (long)p.count - 1);
    /* the copied end repeats the first end's identification (the header
     * has no PEHeader, so its copy repeats none) */
    pv_assert_fires(r, "PROF-011", (long)p.count - 1);
    esv_report_free(r);
    pv_free(&p);
}

static void test_end_not_last_or_missing(void **state)
{
    pv_profile p;
    esv_report *r;
    (void)state;
    LOAD(&p);
    pv_move(&p, p.count - 1, 5);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-004", (long)p.count - 1);
    esv_report_free(r);
    pv_remove(&p, 5);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-004", (long)p.count - 1);
    esv_report_free(r);
    pv_free(&p);
}

static void test_mf_missing_or_late(void **state)
{
    pv_profile p;
    esv_report *r;
    long mf;
    (void)state;
    LOAD(&p);
    mf = pv_find(&p, ProfileElement_PR_mf, 0);
    assert_int_equal(mf, 1);
    pv_move(&p, 1, 4);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-007", 4);
    pv_assert_quiet(r, "PROF-006");
    esv_report_free(r);
    pv_remove(&p, 4);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-006", -1);
    esv_report_free(r);
    pv_free(&p);
}

static void test_cardinality_and_dependencies(void **state)
{
    pv_profile p;
    esv_report *r;
    long usim, optusim, isim;
    (void)state;
    LOAD(&p);
    usim = pv_find(&p, ProfileElement_PR_usim, 0);
    optusim = pv_find(&p, ProfileElement_PR_opt_usim, 0);
    assert_true(usim > 0 && optusim > usim);
    /* a second usim (no multiple-usim service) */
    pv_duplicate(&p, (size_t)usim, (size_t)usim + 1);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-008", usim + 1);
    esv_report_free(r);
    pv_remove(&p, (size_t)usim + 1);
    /* opt-usim before usim */
    pv_move(&p, (size_t)optusim, (size_t)usim);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-010", usim);
    esv_report_free(r);
    pv_move(&p, (size_t)usim, (size_t)optusim);
    /* opt-isim without isim */
    isim = pv_find(&p, ProfileElement_PR_isim, 0);
    assert_true(isim > 0);
    pv_remove(&p, (size_t)isim);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-009", pv_find(&p, ProfileElement_PR_opt_isim, 0));
    pv_assert_fires(r, "PROF-013", 0); /* isim declared, no isim element */
    esv_report_free(r);
    pv_free(&p);
}

static void test_header_version_and_services(void **state)
{
    pv_profile p;
    esv_report *r;
    ProfileHeader_t *h;
    (void)state;
    LOAD(&p);
    h = &p.pe[0]->choice.header;
    h->major_version = 4;
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-012", 0);
    esv_report_free(r);
    h->major_version = 2;
    /* usim element without the usim service */
    ASN_STRUCT_FREE(asn_DEF_NULL, h->eUICC_Mandatory_services.usim);
    h->eUICC_Mandatory_services.usim = NULL;
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-014", pv_find(&p, ProfileElement_PR_usim, 0));
    esv_report_free(r);
    pv_free(&p);
}

static void test_algorithm_services(void **state)
{
    pv_profile p;
    esv_report *r;
    ProfileHeader_t *h;
    long aka;
    (void)state;
    LOAD(&p);
    h = &p.pe[0]->choice.header;
    /* declare tuak128, which no akaParameter uses */
    h->eUICC_Mandatory_services.tuak128 = calloc(1, sizeof(NULL_t));
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-015", 0);
    esv_report_free(r);
    /* the akaParameter's algorithm (TS.48: usim-test-algorithm) no longer
     * declared */
    assert_non_null(h->eUICC_Mandatory_services.usim_test_algorithm);
    ASN_STRUCT_FREE(asn_DEF_NULL, h->eUICC_Mandatory_services.usim_test_algorithm);
    h->eUICC_Mandatory_services.usim_test_algorithm = NULL;
    aka = pv_find(&p, ProfileElement_PR_akaParameter, 0);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-016", aka);
    esv_report_free(r);
    pv_free(&p);
}

static void test_suci_without_df5gs(void **state)
{
    pv_profile p;
    esv_report *r;
    (void)state;
    LOAD(&p);
    assert_non_null(p.pe[0]->choice.header.eUICC_Mandatory_services.get_identity != NULL ||
                            p.pe[0]->choice.header.eUICC_Mandatory_services.profile_a_x25519 != NULL
                        ? (void *)1
                        : NULL);
    pv_remove(&p, (size_t)pv_find(&p, ProfileElement_PR_df_5gs, 0));
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-017", 0);
    esv_report_free(r);
    pv_free(&p);
}

/* Replaces an OID's contents (DER contents octets given in hex). */
static void set_oid(OBJECT_IDENTIFIER_t *o, const char *hex)
{
    size_t n;
    uint8_t *b = tu_hex(hex, &n);
    free(o->buf);
    o->buf = b;
    o->size = (int)n;
}

/* PROF-018/019/020: template OIDs against eUICC-Mandatory-GFSTEList. */
static void test_template_oids(void **state)
{
    pv_profile p;
    esv_report *r;
    ProfileHeader_t *h;
    long usim;
    OBJECT_IDENTIFIER_t *tid, *extra;
    int k, found = -1;
    (void)state;
    LOAD(&p);
    h = &p.pe[0]->choice.header;
    usim = pv_find(&p, ProfileElement_PR_usim, 0);
    tid = &p.pe[usim]->choice.usim.templateID;
    /* drop the usim's template from the header's list */
    for (k = 0; k < h->eUICC_Mandatory_GFSTEList.list.count; k++) {
        OBJECT_IDENTIFIER_t *o = h->eUICC_Mandatory_GFSTEList.list.array[k];
        if (o->size == tid->size && memcmp(o->buf, tid->buf, (size_t)o->size) == 0)
            found = k;
    }
    assert_true(found >= 0);
    {
        OBJECT_IDENTIFIER_t *gone = h->eUICC_Mandatory_GFSTEList.list.array[found];
        asn_sequence_del(&h->eUICC_Mandatory_GFSTEList.list, found, 0);
        ASN_STRUCT_FREE(asn_DEF_OBJECT_IDENTIFIER, gone);
    }
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-018", usim);
    pv_assert_quiet(r, "PROF-019");
    esv_report_free(r);
    pv_free(&p);

    LOAD(&p);
    usim = pv_find(&p, ProfileElement_PR_usim, 0);
    /* a templateID outside the TCA arc: 1.2.3.4 */
    set_oid(&p.pe[usim]->choice.usim.templateID, "2a0304");
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-019", usim);
    pv_assert_fires(r, "PROF-018", usim);
    /* the usim's real template is now listed but unused */
    pv_assert_fires(r, "PROF-020", 0);
    esv_report_free(r);
    pv_free(&p);

    LOAD(&p);
    /* an extra listed template 2.23.143.1.2.99 that no element uses */
    extra = calloc(1, sizeof(*extra));
    assert_non_null(extra);
    set_oid(extra, "67810f010263");
    assert_int_equal(ASN_SEQUENCE_ADD(&p.pe[0]->choice.header.eUICC_Mandatory_GFSTEList.list, extra), 0);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-020", 0);
    assert_int_equal(esv_finding_severity(esv_report_find(r, "PROF-020")), ESV_SEV_INFO);
    pv_assert_quiet(r, "PROF-018");
    esv_report_free(r);
    pv_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quiet_on_all_ts48),
        cmocka_unit_test(test_header_not_first),
        cmocka_unit_test(test_two_headers_two_ends),
        cmocka_unit_test(test_end_not_last_or_missing),
        cmocka_unit_test(test_mf_missing_or_late),
        cmocka_unit_test(test_cardinality_and_dependencies),
        cmocka_unit_test(test_header_version_and_services),
        cmocka_unit_test(test_algorithm_services),
        cmocka_unit_test(test_suci_without_df5gs),
        cmocka_unit_test(test_template_oids),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
