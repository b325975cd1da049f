/*
 * test_prof_security.c - PROF-070..091 (PINs, PUKs, ADM codes, AKA
 * parameters, publicly known values) and the known-value table: each rule
 * fires on a variant of a real TS.48 profile derived at test time; all are
 * quiet on the 18 real TS.48 profiles under the test policy; under the
 * production policy exactly the test-profile concerns fire, on the
 * elements the decoded data says.
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "profile_variant.h"
#include "testutil.h"
#include "profile/known_values.h"

#define V7 "profiles/ts48/TS48v7_SAIP2.3_BERTLV_SUCI.der"

#define LOAD(p)                                                                   \
    do {                                                                          \
        if (pv_load(V7, (p)) != 0) {                                              \
            print_message("skipped: ../shared/testdata not present\n");           \
            skip();                                                               \
        }                                                                         \
    } while (0)

#define N_TS48 (TU_TS48_COUNT)

/* Every rule of security.c. */
static const char *const security_rules[] = {
    "PROF-070", "PROF-071", "PROF-072", "PROF-073", "PROF-074", "PROF-075", "PROF-076", "PROF-077",
    "PROF-078", "PROF-079", "PROF-080", "PROF-081", "PROF-082", "PROF-083", "PROF-084", "PROF-085",
    "PROF-086", "PROF-087", "PROF-088", "PROF-089", "PROF-090", "PROF-091",
};
/* The ones about publicly known values / the test algorithm: what a TS.48
 * test profile is made of (ERROR in production, OFF in test). */
static const char *test_profile_rules[] = {"PROF-078", "PROF-079", "PROF-080", "PROF-082", "PROF-085"};

static bool is_test_profile_rule(const char *id)
{
    for (size_t k = 0; k < sizeof(test_profile_rules) / sizeof(test_profile_rules[0]); k++)
        if (strcmp(test_profile_rules[k], id) == 0)
            return true;
    return false;
}

/* Findings of rule_id (on element when element >= 0). */
static size_t count_rule(const esv_report *r, const char *rule_id, long element)
{
    size_t n = 0;
    for (size_t i = 0; i < esv_report_finding_count(r); i++) {
        const esv_finding *f = esv_report_finding(r, i);
        if (strcmp(esv_finding_rule_id(f), rule_id) == 0 &&
            (element < 0 || esv_finding_element(f) == element))
            n++;
    }
    return n;
}

/* The message of the first finding of rule_id, or "". */
static const char *message_of(const esv_report *r, const char *rule_id)
{
    const esv_finding *f = esv_report_find(r, rule_id);
    return f ? esv_finding_message(f) : "";
}

static PE_PINCodes_t *pins(pv_profile *p, long i)
{
    assert_true(i >= 0);
    assert_int_equal(p->pe[i]->present, ProfileElement_PR_pinCodes);
    return &p->pe[i]->choice.pinCodes;
}

static PINConfiguration_t *pin_cfg(pv_profile *p, long i, int k)
{
    PE_PINCodes_t *pc = pins(p, i);
    assert_int_equal(pc->pinCodes.present, PE_PINCodes__pinCodes_PR_pinconfig);
    assert_true(k < pc->pinCodes.choice.pinconfig.list.count);
    return pc->pinCodes.choice.pinconfig.list.array[k];
}

static long ref_of(const INTEGER_t *v)
{
    long x;
    assert_int_equal(esv_asn_long(v, &x), 0);
    return x;
}

/* Index in the MF's PE-PINCodes of the entry with key reference ref. */
static int pin_index(pv_profile *p, long pe, long ref)
{
    PE_PINCodes_t *pc = pins(p, pe);
    for (int k = 0; k < pc->pinCodes.choice.pinconfig.list.count; k++)
        if (ref_of(&pc->pinCodes.choice.pinconfig.list.array[k]->keyReference) == ref)
            return k;
    fail_msg("key reference %ld not in element %ld", ref, pe);
    return -1;
}

static PUKConfiguration_t *puk_cfg(pv_profile *p, int k)
{
    long i = pv_find(p, ProfileElement_PR_pukCodes, 0);
    assert_true(i >= 0);
    assert_true(k < p->pe[i]->choice.pukCodes.pukCodes.list.count);
    return p->pe[i]->choice.pukCodes.pukCodes.list.array[k];
}

static void set_u8(UInt8_t **field, long v)
{
    if (*field == NULL)
        *field = calloc(1, sizeof(**field));
    assert_non_null(*field);
    **field = v;
}

static void set_opt_hex(OCTET_STRING_t **field, const char *hex)
{
    if (*field == NULL)
        *field = calloc(1, sizeof(**field));
    assert_non_null(*field);
    pv_set_hex(*field, hex);
}

/* The first PE-AKAParameter (the usim's) as a Milenage configuration with
 * a random-looking K and OPc that appear in no publication. */
#define K_PRIV "8F3A1C5E92B7D4016E2F9A0C7B5D3E18"
#define OPC_PRIV "2C9E71B40D5FA3868B1E6C2D9047F5A3"
static AlgoParameter_t *aka_param(pv_profile *p, long *idx)
{
    long i = pv_find(p, ProfileElement_PR_akaParameter, 0);
    PE_AKAParameter_t *aka;
    assert_true(i >= 0);
    aka = &p->pe[i]->choice.akaParameter;
    assert_int_equal(aka->algoConfiguration.present,
                     PE_AKAParameter__algoConfiguration_PR_algoParameter);
    if (idx)
        *idx = i;
    return &aka->algoConfiguration.choice.algoParameter;
}

static AlgoParameter_t *as_milenage(pv_profile *p, long *idx)
{
    AlgoParameter_t *a = aka_param(p, idx);
    pv_set_int(&a->algorithmID, AlgoParameter__algorithmID_milenage);
    pv_set_hex(&a->key, K_PRIV);
    pv_set_hex(&a->opc, OPC_PRIV);
    return a;
}

/* ---------------------------------------------------------------------- */

static void test_quiet_on_all_ts48_test_policy(void **state)
{
    (void)state;
    if (tu_testdata() == NULL)
        skip();
    for (size_t i = 0; i < N_TS48; i++) {
        esv_report *r = pv_verify_ts48(tu_ts48_files[i], ESV_POLICY_TEST);
        pv_assert_quiet_all(r, security_rules, sizeof(security_rules) / sizeof(security_rules[0]));
        esv_report_free(r);
    }
}

/* Under production, the TS.48 profiles (whose PINs, PUKs, ADM codes and
 * AKA key GSMA publishes with TS.48, and whose NAAs use the USIM test
 * algorithm) trip exactly the test-profile rules: one PROF-078 per
 * application PIN, one PROF-080 per ADM code, one PROF-079 per PUK, and
 * PROF-082 + PROF-085 per test-algorithm PE-AKAParameter; everything else
 * stays quiet. The expected elements are read from the decoded package. */
static void test_ts48_production(void **state)
{
    (void)state;
    if (tu_testdata() == NULL)
        skip();
    for (size_t f = 0; f < N_TS48; f++) {
        char rel[128];
        pv_profile p;
        esv_report *r;
        size_t total[3] = {0, 0, 0}; /* PIN, ADM, PUK */
        size_t n_aka = 0;
        snprintf(rel, sizeof(rel), "profiles/ts48/%s", tu_ts48_files[f]);
        assert_int_equal(pv_load(rel, &p), 0);
        r = pv_verify(&p, ESV_POLICY_PRODUCTION);
        for (size_t i = 0; i < p.count; i++) {
            const ProfileElement_t *pe = p.pe[i];
            if (pe->present == ProfileElement_PR_pinCodes &&
                pe->choice.pinCodes.pinCodes.present == PE_PINCodes__pinCodes_PR_pinconfig) {
                size_t app = 0, adm = 0;
                for (int k = 0; k < pe->choice.pinCodes.pinCodes.choice.pinconfig.list.count; k++) {
                    long ref = ref_of(&pe->choice.pinCodes.pinCodes.choice.pinconfig.list.array[k]->keyReference);
                    /* TS 102 221 9.5.1: '0A'-'0E', '8A'-'8E' are ADM */
                    if ((ref >= 0x0A && ref <= 0x0E) || (ref >= 0x8A && ref <= 0x8E))
                        adm++;
                    else
                        app++;
                }
                assert_int_equal(count_rule(r, "PROF-078", (long)i), app);
                assert_int_equal(count_rule(r, "PROF-080", (long)i), adm);
                total[0] += app;
                total[1] += adm;
            } else if (pe->present == ProfileElement_PR_pukCodes) {
                size_t n = (size_t)pe->choice.pukCodes.pukCodes.list.count;
                assert_int_equal(count_rule(r, "PROF-079", (long)i), n);
                total[2] += n;
            } else if (pe->present == ProfileElement_PR_akaParameter) {
                const AlgoParameter_t *a = &pe->choice.akaParameter.algoConfiguration.choice.algoParameter;
                assert_int_equal(pe->choice.akaParameter.algoConfiguration.present,
                                 PE_AKAParameter__algoConfiguration_PR_algoParameter);
                assert_int_equal(ref_of(&a->algorithmID), AlgoParameter__algorithmID_usim_test_algorithm);
                assert_int_equal(count_rule(r, "PROF-082", (long)i), 1);
                assert_int_equal(count_rule(r, "PROF-085", (long)i), 1);
                n_aka++;
            }
        }
        /* no finding of these rules anywhere else */
        assert_int_equal(count_rule(r, "PROF-078", -1), total[0]);
        assert_int_equal(count_rule(r, "PROF-080", -1), total[1]);
        assert_int_equal(count_rule(r, "PROF-079", -1), total[2]);
        assert_true(total[0] >= 1 && total[1] >= 1 && total[2] >= 1);
        assert_int_equal(count_rule(r, "PROF-082", -1), n_aka);
        assert_int_equal(count_rule(r, "PROF-085", -1), n_aka);
        assert_true(n_aka >= 1);
        for (size_t k = 0; k < sizeof(security_rules) / sizeof(security_rules[0]); k++)
            if (!is_test_profile_rule(security_rules[k]))
                pv_assert_quiet(r, security_rules[k]);
        esv_report_free(r);
        pv_free(&p);
    }
}

/* ---------------------------------------------------------------------- */
/* PINs and PUKs                                                          */

static void test_key_references(void **state)
{
    pv_profile p;
    esv_report *r;
    long mfpins;
    (void)state;
    LOAD(&p);
    mfpins = pv_find(&p, ProfileElement_PR_pinCodes, 0);
    /* '11' is TS 102 221's universal PIN: SAIP has no such reference */
    pv_set_int(&pin_cfg(&p, mfpins, pin_index(&p, mfpins, 1))->keyReference, 0x11);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-070", mfpins);
    esv_report_free(r);
    pv_free(&p);

    LOAD(&p);
    pv_set_int(&puk_cfg(&p, 0)->keyReference, 9);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-070", pv_find(&p, ProfileElement_PR_pukCodes, 0));
    esv_report_free(r);
    pv_free(&p);

    LOAD(&p);
    mfpins = pv_find(&p, ProfileElement_PR_pinCodes, 0);
    pv_set_int(pin_cfg(&p, mfpins, pin_index(&p, mfpins, 1))->unblockingPINReference, 0x20);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-070", mfpins);
    pv_assert_quiet(r, "PROF-072");
    esv_report_free(r);
    pv_free(&p);
}

static void test_duplicate_references(void **state)
{
    pv_profile p;
    esv_report *r;
    long mfpins, pukpe, adfpins;
    (void)state;
    LOAD(&p);
    mfpins = pv_find(&p, ProfileElement_PR_pinCodes, 0);
    /* adm2 becomes a second adm1 */
    pv_set_int(&pin_cfg(&p, mfpins, pin_index(&p, mfpins, 11))->keyReference, 10);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-071", mfpins);
    esv_report_free(r);
    pv_free(&p);

    LOAD(&p);
    pukpe = pv_find(&p, ProfileElement_PR_pukCodes, 0);
    /* secondPUKAppl1 becomes a second pukAppl1: the ADF PINs it unblocked
     * now name an undefined PUK */
    assert_int_equal(ref_of(&puk_cfg(&p, 1)->keyReference), 0x81);
    pv_set_int(&puk_cfg(&p, 1)->keyReference, 1);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-071", pukpe);
    adfpins = pv_find(&p, ProfileElement_PR_pinCodes, 1);
    pv_assert_fires(r, "PROF-072", adfpins);
    esv_report_free(r);
    pv_free(&p);
}

static void test_puk_missing(void **state)
{
    pv_profile p;
    esv_report *r;
    (void)state;
    LOAD(&p);
    pv_remove(&p, (size_t)pv_find(&p, ProfileElement_PR_pukCodes, 0));
    r = pv_verify(&p, ESV_POLICY_TEST);
    /* every PE-PINCodes names a PUK (pukAppl1 or secondPUKAppl1) */
    for (size_t n = 0; pv_find(&p, ProfileElement_PR_pinCodes, n) >= 0; n++)
        pv_assert_fires(r, "PROF-072", pv_find(&p, ProfileElement_PR_pinCodes, n));
    esv_report_free(r);
    pv_free(&p);
}

static void test_pin_puk_coding(void **state)
{
    static const char *bad_pins[] = {
        "3132FFFFFFFFFFFF", /* 2 digits */
        "3132333400000000", /* padded with 00 */
        "31323334FF35FFFF", /* digit after padding */
        "313233343536FF",   /* 7 bytes */
        "41424344FFFFFFFF", /* not digits */
    };
    pv_profile p;
    esv_report *r;
    long mfpins;
    (void)state;
    for (size_t i = 0; i < sizeof(bad_pins) / sizeof(bad_pins[0]); i++) {
        LOAD(&p);
        mfpins = pv_find(&p, ProfileElement_PR_pinCodes, 0);
        pv_set_hex(&pin_cfg(&p, mfpins, pin_index(&p, mfpins, 1))->pinValue, bad_pins[i]);
        r = pv_verify(&p, ESV_POLICY_TEST);
        pv_assert_fires(r, "PROF-073", mfpins);
        esv_report_free(r);
        pv_free(&p);
    }
    /* 8 digits and 4 digits are fine; ADM codes may hold any bytes */
    LOAD(&p);
    mfpins = pv_find(&p, ProfileElement_PR_pinCodes, 0);
    pv_set_hex(&pin_cfg(&p, mfpins, pin_index(&p, mfpins, 1))->pinValue, "3830353937343632");
    pv_set_hex(&pin_cfg(&p, mfpins, pin_index(&p, mfpins, 10))->pinValue, "A17C02E95B3D4F68");
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    pv_assert_quiet(r, "PROF-073");
    assert_int_equal(count_rule(r, "PROF-080", mfpins), 1); /* adm2 still TS.48's */
    esv_report_free(r);
    pv_free(&p);

    LOAD(&p);
    pv_set_hex(&puk_cfg(&p, 0)->pukValue, "31313131FFFFFFFF");
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-074", pv_find(&p, ProfileElement_PR_pukCodes, 0));
    esv_report_free(r);
    pv_free(&p);
}

static void test_retry_counters(void **state)
{
    pv_profile p;
    esv_report *r;
    long mfpins;
    int k;
    (void)state;
    /* max 0 */
    LOAD(&p);
    mfpins = pv_find(&p, ProfileElement_PR_pinCodes, 0);
    k = pin_index(&p, mfpins, 1);
    set_u8(&pin_cfg(&p, mfpins, k)->maxNumOfAttemps_retryNumLeft, 0x03);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-075", mfpins);
    esv_report_free(r);
    /* 5 left of 3 */
    set_u8(&pin_cfg(&p, mfpins, k)->maxNumOfAttemps_retryNumLeft, 0x35);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-075", mfpins);
    pv_assert_quiet(r, "PROF-076");
    esv_report_free(r);
    /* blocked at delivery */
    set_u8(&pin_cfg(&p, mfpins, k)->maxNumOfAttemps_retryNumLeft, 0x30);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-076", mfpins);
    pv_assert_quiet(r, "PROF-075");
    esv_report_free(r);
    pv_free(&p);

    /* a PUK with 5 attempts instead of TS 102 221's 10 */
    LOAD(&p);
    set_u8(&puk_cfg(&p, 0)->maxNumOfAttemps_retryNumLeft, 0x55);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-076", pv_find(&p, ProfileElement_PR_pukCodes, 0));
    esv_report_free(r);
    pv_free(&p);

    /* an ADM code's maximum is not TS 102 221's business */
    LOAD(&p);
    mfpins = pv_find(&p, ProfileElement_PR_pinCodes, 0);
    set_u8(&pin_cfg(&p, mfpins, pin_index(&p, mfpins, 10))->maxNumOfAttemps_retryNumLeft, 0x55);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_quiet(r, "PROF-076");
    pv_assert_quiet(r, "PROF-075");
    esv_report_free(r);
    pv_free(&p);
}

static void test_pin_context(void **state)
{
    pv_profile p;
    esv_report *r;
    long mfpins, adfpins;
    (void)state;
    LOAD(&p);
    mfpins = pv_find(&p, ProfileElement_PR_pinCodes, 0);
    assert_int_equal(p.pe[mfpins - 2]->present, ProfileElement_PR_mf); /* mf, pukCodes, pinCodes */
    /* pinAppl1 of the MF turned into a local PIN */
    pv_set_int(&pin_cfg(&p, mfpins, pin_index(&p, mfpins, 1))->keyReference, 0x81);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-077", mfpins);
    esv_report_free(r);
    pv_free(&p);

    LOAD(&p);
    /* the usim ADF's PE-PINCodes (after opt-usim) given a global PIN */
    adfpins = pv_find(&p, ProfileElement_PR_pinCodes, 2);
    assert_int_equal(p.pe[adfpins - 1]->present, ProfileElement_PR_opt_usim);
    pv_set_int(&pin_cfg(&p, adfpins, 0)->keyReference, 2);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-077", adfpins);
    esv_report_free(r);
    pv_free(&p);
}

static void test_known_pins(void **state)
{
    pv_profile p;
    esv_report *r;
    long mfpins;
    (void)state;
    LOAD(&p);
    mfpins = pv_find(&p, ProfileElement_PR_pinCodes, 0);
    /* "1234": a factory default */
    pv_set_hex(&pin_cfg(&p, mfpins, pin_index(&p, mfpins, 1))->pinValue, "31323334FFFFFFFF");
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    assert_int_equal(count_rule(r, "PROF-078", mfpins), 1);
    assert_non_null(strstr(message_of(r, "PROF-078"), "1234"));
    esv_report_free(r);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_quiet(r, "PROF-078");
    esv_report_free(r);
    /* an unpublished PIN: quiet */
    pv_set_hex(&pin_cfg(&p, mfpins, pin_index(&p, mfpins, 1))->pinValue, "37333931FFFFFFFF");
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    assert_int_equal(count_rule(r, "PROF-078", mfpins), 0);
    esv_report_free(r);
    pv_free(&p);
}

static void test_known_puks_and_adm(void **state)
{
    pv_profile p;
    esv_report *r;
    long mfpins, pukpe;
    int adm1;
    (void)state;
    LOAD(&p);
    mfpins = pv_find(&p, ProfileElement_PR_pinCodes, 0);
    pukpe = pv_find(&p, ProfileElement_PR_pukCodes, 0);
    adm1 = pin_index(&p, mfpins, 10);
    /* private values everywhere: quiet */
    pv_set_hex(&puk_cfg(&p, 0)->pukValue, "3437313130383135");
    pv_set_hex(&puk_cfg(&p, 1)->pukValue, "3932303437353833");
    pv_set_hex(&pin_cfg(&p, mfpins, adm1)->pinValue, "A17C02E95B3D4F68");
    pv_set_hex(&pin_cfg(&p, mfpins, pin_index(&p, mfpins, 11))->pinValue, "5E0B93C7264AD18F");
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    pv_assert_quiet(r, "PROF-079");
    pv_assert_quiet(r, "PROF-080");
    esv_report_free(r);
    /* "12345678": sequential digits */
    pv_set_hex(&puk_cfg(&p, 0)->pukValue, "3132333435363738");
    /* ADM1 as a repeating 2-byte pattern */
    pv_set_hex(&pin_cfg(&p, mfpins, adm1)->pinValue, "A55AA55AA55AA55A");
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    assert_int_equal(count_rule(r, "PROF-079", pukpe), 1);
    assert_non_null(strstr(message_of(r, "PROF-079"), "sequential"));
    assert_int_equal(count_rule(r, "PROF-080", mfpins), 1);
    assert_non_null(strstr(message_of(r, "PROF-080"), "repeating"));
    esv_report_free(r);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_quiet(r, "PROF-079");
    pv_assert_quiet(r, "PROF-080");
    esv_report_free(r);
    pv_free(&p);
}

/* ---------------------------------------------------------------------- */
/* AKA                                                                    */

static void test_algorithm_id(void **state)
{
    pv_profile p;
    esv_report *r;
    long aka;
    (void)state;
    LOAD(&p);
    pv_set_int(&aka_param(&p, &aka)->algorithmID, 7);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-081", aka);
    esv_report_free(r);
    /* the test algorithm itself: production only */
    pv_set_int(&aka_param(&p, &aka)->algorithmID, AlgoParameter__algorithmID_usim_test_algorithm);
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    pv_assert_fires(r, "PROF-082", aka);
    pv_assert_quiet(r, "PROF-081");
    esv_report_free(r);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_quiet(r, "PROF-082");
    esv_report_free(r);
    /* milenage with private values: none of the AKA rules */
    as_milenage(&p, &aka);
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    for (size_t k = 11; k < sizeof(security_rules) / sizeof(security_rules[0]); k++)
        assert_int_equal(count_rule(r, security_rules[k], aka), 0);
    esv_report_free(r);
    pv_free(&p);
}

static void test_key_lengths(void **state)
{
    pv_profile p;
    esv_report *r;
    long aka;
    AlgoParameter_t *a;
    (void)state;
    LOAD(&p);
    a = as_milenage(&p, &aka);
    pv_set_hex(&a->key, "8F3A1C5E92B7D401");
    pv_set_hex(&a->opc, "2C9E71B40D5FA386");
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-083", aka);
    pv_assert_fires(r, "PROF-084", aka);
    esv_report_free(r);
    /* TUAK: K 16 or 32 bytes, TOPc 32 (both sizes declared) */
    pv_set_int(&a->algorithmID, AlgoParameter__algorithmID_tuak);
    p.pe[0]->choice.header.eUICC_Mandatory_services.tuak128 = calloc(1, sizeof(NULL_t));
    p.pe[0]->choice.header.eUICC_Mandatory_services.tuak256 = calloc(1, sizeof(NULL_t));
    pv_set_hex(&a->key, K_PRIV K_PRIV);
    pv_set_hex(&a->opc, OPC_PRIV);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_quiet(r, "PROF-083");
    pv_assert_fires(r, "PROF-084", aka);
    esv_report_free(r);
    pv_set_hex(&a->key, K_PRIV "8F3A1C5E92B7D401");
    pv_set_hex(&a->opc, OPC_PRIV "5B17E02A4C9D83F6A01E7C3B9246D58F");
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-083", aka);
    pv_assert_quiet(r, "PROF-084");
    esv_report_free(r);
    /* a 256-bit TUAK key needs the tuak256 service; declared, it is fine */
    pv_set_hex(&a->key, K_PRIV K_PRIV);
    ASN_STRUCT_FREE(asn_DEF_NULL, p.pe[0]->choice.header.eUICC_Mandatory_services.tuak256);
    p.pe[0]->choice.header.eUICC_Mandatory_services.tuak256 = NULL;
    r = pv_verify(&p, ESV_POLICY_TEST);
    assert_non_null(strstr(message_of(r, "PROF-083"), "tuak256"));
    esv_report_free(r);
    p.pe[0]->choice.header.eUICC_Mandatory_services.tuak256 = calloc(1, sizeof(NULL_t));
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_quiet(r, "PROF-083");
    esv_report_free(r);
    pv_free(&p);
}

static void test_known_k(void **state)
{
    pv_profile p;
    esv_report *r;
    long aka;
    AlgoParameter_t *a;
    (void)state;
    LOAD(&p);
    a = as_milenage(&p, &aka);
    /* 3GPP TS 35.207 test set 1 K */
    pv_set_hex(&a->key, "465B5CE8B199B49FAA5F0A2EE238A6BC");
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    pv_assert_fires(r, "PROF-085", aka);
    assert_non_null(strstr(message_of(r, "PROF-085"), "test set 1"));
    assert_null(strstr(message_of(r, "PROF-085"), "465B")); /* the key is never printed */
    esv_report_free(r);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_quiet(r, "PROF-085");
    esv_report_free(r);
    /* weak patterns */
    pv_set_hex(&a->key, "A1B2C3D4A1B2C3D4A1B2C3D4A1B2C3D4");
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    pv_assert_fires(r, "PROF-085", aka);
    esv_report_free(r);
    pv_set_hex(&a->key, "77777777777777777777777777777777");
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    pv_assert_fires(r, "PROF-085", aka);
    esv_report_free(r);
    pv_free(&p);
}

static void test_opc(void **state)
{
    pv_profile p;
    esv_report *r;
    long aka;
    AlgoParameter_t *a;
    (void)state;
    LOAD(&p);
    a = as_milenage(&p, &aka);
    pv_set_hex(&a->opc, "00000000000000000000000000000000");
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    pv_assert_fires(r, "PROF-086", aka);
    esv_report_free(r);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_quiet(r, "PROF-086");
    esv_report_free(r);
    /* 3GPP TS 35.207 test set 3 OPc */
    pv_set_hex(&a->opc, "1006020F0A478BF6B699F15C062E42B3");
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    pv_assert_fires(r, "PROF-086", aka);
    assert_non_null(strstr(message_of(r, "PROF-086"), "test set 3 OPc"));
    esv_report_free(r);
    /* OPc = K: a defect under both policies */
    pv_set_hex(&a->opc, K_PRIV);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-087", aka);
    pv_assert_quiet(r, "PROF-086");
    esv_report_free(r);
    pv_free(&p);
}

static void test_milenage_constants(void **state)
{
    pv_profile p;
    esv_report *r;
    long aka;
    AlgoParameter_t *a;
    char x[161];
    (void)state;
    LOAD(&p);
    a = aka_param(&p, &aka);
    /* ignored with the test algorithm */
    set_opt_hex(&a->rotationConstants, "4000204061");
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_quiet(r, "PROF-088");
    esv_report_free(r);
    a = as_milenage(&p, &aka);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-088", aka);
    esv_report_free(r);
    /* the standard rotation, c5 = 16 instead of 8 (TS 35.206: c1..c5 = 0,
     * 1, 2, 4, 8 in the last byte) */
    set_opt_hex(&a->rotationConstants, "4000204060");
    memset(x, '0', 160);
    x[160] = '\0';
    x[1 * 32 + 31] = '1';
    x[2 * 32 + 31] = '2';
    x[3 * 32 + 31] = '4';
    x[4 * 32 + 30] = '1';
    set_opt_hex(&a->xoringConstants, x);
    r = pv_verify(&p, ESV_POLICY_TEST);
    assert_int_equal(count_rule(r, "PROF-088", aka), 1);
    esv_report_free(r);
    x[4 * 32 + 30] = '0';
    x[4 * 32 + 31] = '8';
    set_opt_hex(&a->xoringConstants, x);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_quiet(r, "PROF-088");
    esv_report_free(r);
    pv_free(&p);
}

static void test_tuak_keccak(void **state)
{
    pv_profile p;
    esv_report *r;
    long aka;
    AlgoParameter_t *a;
    (void)state;
    LOAD(&p);
    a = as_milenage(&p, &aka);
    pv_set_int(&a->algorithmID, AlgoParameter__algorithmID_tuak);
    pv_set_hex(&a->opc, OPC_PRIV "5B17E02A4C9D83F6A01E7C3B9246D58F");
    set_u8(&a->numberOfKeccak, 0);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-089", aka);
    esv_report_free(r);
    set_u8(&a->numberOfKeccak, 1);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_quiet(r, "PROF-089");
    esv_report_free(r);
    pv_free(&p);
}

static void test_sqn_limits(void **state)
{
    pv_profile p;
    esv_report *r;
    long aka;
    PE_AKAParameter_t *k;
    (void)state;
    LOAD(&p);
    aka_param(&p, &aka);
    k = &p.pe[aka]->choice.akaParameter;
    set_opt_hex(&k->sqnDelta, "080000000000");
    /* ignored with the test algorithm */
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_quiet(r, "PROF-090");
    esv_report_free(r);
    as_milenage(&p, &aka);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-090", aka);
    esv_report_free(r);
    set_opt_hex(&k->sqnDelta, "07FFFFFFFFFF"); /* the maximum itself */
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_quiet(r, "PROF-090");
    esv_report_free(r);
    if (k->sqnInit && k->sqnInit->list.count > 3) {
        pv_set_hex(k->sqnInit->list.array[3], "100000000000");
        r = pv_verify(&p, ESV_POLICY_TEST);
        pv_assert_fires(r, "PROF-090", aka);
        esv_report_free(r);
    }
    pv_free(&p);
}

/* The AID of the first usim's ADF, as hex. */
static void usim_aid_hex(pv_profile *p, char *out, size_t n)
{
    const File_t *f = &p->pe[pv_find(p, ProfileElement_PR_usim, 0)]->choice.usim.adf_usim;
    const OCTET_STRING_t *aid = NULL;
    for (int i = 0; i < f->list.count && aid == NULL; i++)
        if (f->list.array[i]->present == File__Member_PR_fileDescriptor)
            aid = f->list.array[i]->choice.fileDescriptor.dfName;
    assert_non_null(aid);
    out[0] = '\0';
    for (size_t i = 0; i < (size_t)aid->size && 2 * i + 2 < n; i++)
        snprintf(out + 2 * i, n - 2 * i, "%02X", aid->buf[i]);
}

static void test_mapping_source(void **state)
{
    pv_profile p;
    esv_report *r;
    long aka;
    PE_AKAParameter_t *k;
    char aid[40];
    (void)state;
    LOAD(&p);
    usim_aid_hex(&p, aid, sizeof(aid));
    /* the isim's PE-AKAParameter reuses the usim's configuration */
    aka = pv_find(&p, ProfileElement_PR_akaParameter, 1);
    assert_true(aka > 0);
    k = &p.pe[aka]->choice.akaParameter;
    ASN_STRUCT_FREE_CONTENTS_ONLY(asn_DEF_AlgoParameter, &k->algoConfiguration.choice.algoParameter);
    memset(&k->algoConfiguration.choice, 0, sizeof(k->algoConfiguration.choice));
    k->algoConfiguration.present = PE_AKAParameter__algoConfiguration_PR_mappingParameter;
    pv_set_hex(&k->algoConfiguration.choice.mappingParameter.mappingOptions, "00");
    pv_set_hex(&k->algoConfiguration.choice.mappingParameter.mappingSource, aid);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_quiet(r, "PROF-091");
    esv_report_free(r);
    /* an AID no ADF of the package has */
    pv_set_hex(&k->algoConfiguration.choice.mappingParameter.mappingSource, "A0000000099999");
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-091", aka);
    esv_report_free(r);
    pv_free(&p);
}

/* ---------------------------------------------------------------------- */
/* The known-value table                                                  */

static void test_known_value_table(void **state)
{
    static const uint8_t ts1_k[16] = {0x46, 0x5B, 0x5C, 0xE8, 0xB1, 0x99, 0xB4, 0x9F,
                                      0xAA, 0x5F, 0x0A, 0x2E, 0xE2, 0x38, 0xA6, 0xBC};
    uint8_t v[32];
    const esv_known_value *e;
    (void)state;
    for (size_t i = 0; i < esv_known_values_count; i++) {
        assert_true(esv_known_values[i].len > 0 && esv_known_values[i].len <= ESV_KV_MAX_LEN);
        assert_non_null(esv_known_values[i].source);
        assert_true(strlen(esv_known_values[i].source) > 10);
        /* each entry is found by its own kind only */
        e = esv_kv_lookup(esv_known_values[i].kind, esv_known_values[i].value, esv_known_values[i].len);
        assert_non_null(e);
        assert_int_equal(e->kind, esv_known_values[i].kind);
    }
    e = esv_kv_lookup(ESV_KV_K, ts1_k, sizeof(ts1_k));
    assert_non_null(e);
    assert_non_null(strstr(e->source, "35.207"));
    assert_null(esv_kv_lookup(ESV_KV_OPC, ts1_k, sizeof(ts1_k)));
    assert_null(esv_kv_lookup(ESV_KV_K, ts1_k, 15));
    memcpy(v, ts1_k, 16);
    v[15] ^= 1;
    assert_null(esv_kv_lookup(ESV_KV_K, v, 16));

    memset(v, 0, 16);
    assert_true(esv_kv_all_zero(v, 16));
    assert_true(esv_kv_all_equal(v, 16));
    assert_false(esv_kv_repeating(v, 16));
    for (int i = 0; i < 16; i++)
        v[i] = (uint8_t)(0xFE + i); /* FE FF 00 01 ...: wraps */
    assert_true(esv_kv_sequential(v, 16));
    for (int i = 0; i < 8; i++)
        v[i] = (uint8_t)('8' - i); /* 87654321 */
    assert_true(esv_kv_sequential(v, 8));
    assert_string_equal(esv_kv_weakness(v, 8), "a sequential byte run");
    memcpy(v, "\x12\x34\x56\x12\x34\x56\x12\x34\x56", 9);
    assert_true(esv_kv_repeating(v, 9));
    assert_false(esv_kv_repeating(v, 5)); /* shorter than two periods */
    assert_null(esv_kv_weakness(ts1_k, 16));
    assert_false(esv_kv_all_zero(v, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quiet_on_all_ts48_test_policy),
        cmocka_unit_test(test_ts48_production),
        cmocka_unit_test(test_key_references),
        cmocka_unit_test(test_duplicate_references),
        cmocka_unit_test(test_puk_missing),
        cmocka_unit_test(test_pin_puk_coding),
        cmocka_unit_test(test_retry_counters),
        cmocka_unit_test(test_pin_context),
        cmocka_unit_test(test_known_pins),
        cmocka_unit_test(test_known_puks_and_adm),
        cmocka_unit_test(test_algorithm_id),
        cmocka_unit_test(test_key_lengths),
        cmocka_unit_test(test_known_k),
        cmocka_unit_test(test_opc),
        cmocka_unit_test(test_milenage_constants),
        cmocka_unit_test(test_tuak_keccak),
        cmocka_unit_test(test_sqn_limits),
        cmocka_unit_test(test_mapping_source),
        cmocka_unit_test(test_known_value_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
