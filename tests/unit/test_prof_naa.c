/*
 * test_prof_naa.c - NAA contexts, PIN contexts and AKA placement (issue
 * 11): PROF-008 per NAA context, PROF-150 (USIM/ISIM without AKA
 * parameters), PROF-091 (the mapped NAA comes first), PROF-151..153 (PIN
 * contexts), PROF-154..156 (pinStatusTemplateDO), PROF-157 (empty CDMA
 * fields). Each fires, with its severity, on the element a variant of a
 * real TS.48 profile derived at test time says; all stay quiet on the 18
 * TS.48 profiles and on the builder's samples.
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

#include "esv/esv.h"
#include "profile_builder.h"
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

static const char *const naa_rules[] = {
    "PROF-008", "PROF-077", "PROF-091", "PROF-150", "PROF-151", "PROF-152",
    "PROF-153", "PROF-154", "PROF-155", "PROF-156", "PROF-157",
};
#define N_NAA_RULES (sizeof(naa_rules) / sizeof(naa_rules[0]))

/* Findings of rule_id on element (any element when element < 0). */
static size_t count_rule(const esv_report *r, const char *rule_id, long element)
{
    size_t n = 0;
    for (size_t i = 0; i < esv_report_finding_count(r); i++) {
        const esv_finding *f = esv_report_finding(r, i);
        if (strcmp(esv_finding_rule_id(f), rule_id) == 0 && (element < 0 || esv_finding_element(f) == element))
            n++;
    }
    return n;
}

/* Asserts rule_id fires on element with severity sev (the test policy's,
 * which for these rules is the production one). */
static void fires(const esv_report *r, const char *rule_id, long element, esv_severity sev)
{
    pv_assert_fires(r, rule_id, element);
    for (size_t i = 0; i < esv_report_finding_count(r); i++) {
        const esv_finding *f = esv_report_finding(r, i);
        if (strcmp(esv_finding_rule_id(f), rule_id) == 0 && esv_finding_element(f) == element) {
            assert_int_equal(esv_finding_severity(f), sev);
            return;
        }
    }
}

static esv_report *verify(const pv_profile *p)
{
    return pv_verify(p, ESV_POLICY_TEST);
}

/* The Fcp of a template element's first file (its DF or ADF). */
static Fcp_t *first_fcp(File_t *f)
{
    for (int i = 0; i < f->list.count; i++)
        if (f->list.array[i]->present == File__Member_PR_fileDescriptor)
            return &f->list.array[i]->choice.fileDescriptor;
    fail_msg("file without an Fcp");
    return NULL;
}

static void set_psdo(Fcp_t *fcp, const char *hex)
{
    if (fcp->pinStatusTemplateDO == NULL)
        fcp->pinStatusTemplateDO = calloc(1, sizeof(*fcp->pinStatusTemplateDO));
    assert_non_null(fcp->pinStatusTemplateDO);
    pv_set_hex(fcp->pinStatusTemplateDO, hex);
}

static PINConfiguration_t *pin_cfg(pv_profile *p, long i, int k)
{
    PE_PINCodes_t *pc;
    assert_true(i >= 0);
    assert_int_equal(p->pe[i]->present, ProfileElement_PR_pinCodes);
    pc = &p->pe[i]->choice.pinCodes;
    assert_int_equal(pc->pinCodes.present, PE_PINCodes__pinCodes_PR_pinconfig);
    assert_true(k < pc->pinCodes.choice.pinconfig.list.count);
    return pc->pinCodes.choice.pinconfig.list.array[k];
}

/* The PE-PINCodes directly after the first element of type t. */
static long pins_after(pv_profile *p, ProfileElement_PR t)
{
    long i = pv_find(p, t, 0);
    assert_true(i >= 0);
    while ((size_t)i < p->count && p->pe[i]->present != ProfileElement_PR_pinCodes)
        i++;
    assert_true((size_t)i < p->count);
    return i;
}

/* Makes the AKA element at i a mapping to the AID hex. */
static void make_mapping(pv_profile *p, long i, const char *aid)
{
    PE_AKAParameter_t *aka = &p->pe[i]->choice.akaParameter;
    MappingParameter_t *m;
    assert_int_equal(p->pe[i]->present, ProfileElement_PR_akaParameter);
    if (aka->algoConfiguration.present == PE_AKAParameter__algoConfiguration_PR_algoParameter)
        ASN_STRUCT_FREE_CONTENTS_ONLY(asn_DEF_AlgoParameter, &aka->algoConfiguration.choice.algoParameter);
    else
        ASN_STRUCT_FREE_CONTENTS_ONLY(asn_DEF_MappingParameter, &aka->algoConfiguration.choice.mappingParameter);
    memset(&aka->algoConfiguration.choice, 0, sizeof(aka->algoConfiguration.choice));
    aka->algoConfiguration.present = PE_AKAParameter__algoConfiguration_PR_mappingParameter;
    m = &aka->algoConfiguration.choice.mappingParameter;
    pv_set_hex(&m->mappingOptions, "01");
    pv_set_hex(&m->mappingSource, aid);
}

static void hex_of(const OCTET_STRING_t *os, char *out)
{
    for (int i = 0; i < os->size; i++)
        sprintf(out + 2 * i, "%02X", os->buf[i]);
    out[2 * os->size] = 0;
}

/* ---------------------------------------------------------------------- */

static void test_quiet_on_ts48(void **state)
{
    (void)state;
    if (tu_testdata() == NULL)
        skip();
    pv_assert_quiet_ts48(naa_rules, N_NAA_RULES);
}

/* The context model on the real profiles: every PE-PINCodes is in a
 * context of its own (no PROF-151 above), and a copy of one placed right
 * after it lands in the same context (PROF-151 on the copy, naming it).
 * The number of PIN contexts holding a PE-PINCodes is printed. */
static void test_ts48_pin_contexts(void **state)
{
    (void)state;
    if (tu_testdata() == NULL)
        skip();
    for (size_t f = 0; f < TU_TS48_COUNT; f++) {
        char rel[128];
        pv_profile p;
        size_t n = 0;
        snprintf(rel, sizeof(rel), "profiles/ts48/%s", tu_ts48_files[f]);
        assert_int_equal(pv_load(rel, &p), 0);
        for (size_t i = 0; i < p.count; i++) {
            esv_report *r;
            if (p.pe[i]->present != ProfileElement_PR_pinCodes)
                continue;
            n++;
            pv_duplicate(&p, i, i + 1);
            r = verify(&p);
            fires(r, "PROF-151", (long)i + 1, ESV_SEV_ERROR);
            assert_int_equal(count_rule(r, "PROF-151", -1), 1);
            esv_report_free(r);
            pv_remove(&p, i + 1);
        }
        print_message("%s: %zu PE-PINCodes, each in its own PIN context\n", tu_ts48_files[f], n);
        assert_true(n >= 2);
        pv_free(&p);
    }
}

static void test_quiet_on_builder_samples(void **state)
{
    pb_options o;
    uint8_t *d;
    size_t len;
    esv_report *r;
    (void)state;
    for (int k = 0; k < 3; k++) {
        if (k == 0) {
            pb_options_sample(&o);
            o.telecom = o.opt_usim = o.df_5gs = o.isim = true;
        } else if (k == 1) {
            pb_options_sample(&o);
            o.telecom = o.opt_usim = o.df_5gs = o.isim = false;
        } else {
            pb_options_test(&o);
            o.isim = true;
        }
        assert_int_equal(pb_build(&o, &d, &len), 0);
        r = pv_verify_bytes(d, len, ESV_POLICY_TEST);
        pv_assert_quiet_all(r, naa_rules, N_NAA_RULES);
        esv_report_free(r);
        free(d);
    }
    pb_options_sample(&o);
    assert_int_equal(pb_build_minimal(o.iccid, &d, &len), 0);
    r = pv_verify_bytes(d, len, ESV_POLICY_TEST);
    pv_assert_quiet_all(r, naa_rules, N_NAA_RULES);
    esv_report_free(r);
    free(d);
}

/* ---------------------------------------------------------------------- */
/* S3: PROF-008 per NAA context                                           */

static void test_per_naa_cardinality(void **state)
{
    pv_profile p;
    esv_report *r;
    long usim, optusim, isim, cdma;
    ProfileHeader_t *h;
    (void)state;
    LOAD(&p);
    h = &p.pe[0]->choice.header;
    /* multiple-usim: a second USIM with its own opt-usim is fine */
    h->eUICC_Mandatory_services.multiple_usim = calloc(1, sizeof(NULL_t));
    assert_non_null(h->eUICC_Mandatory_services.multiple_usim);
    usim = pv_find(&p, ProfileElement_PR_usim, 0);
    optusim = pv_find(&p, ProfileElement_PR_opt_usim, 0);
    isim = pv_find(&p, ProfileElement_PR_isim, 0);
    assert_true(usim > 0 && optusim == usim + 1 && isim > optusim);
    pv_duplicate(&p, (size_t)usim, (size_t)isim);         /* usim #2 */
    pv_duplicate(&p, (size_t)optusim, (size_t)isim + 1);  /* its opt-usim */
    r = verify(&p);
    pv_assert_quiet(r, "PROF-008");
    esv_report_free(r);
    /* ... but two opt-usim after the same USIM are an error, whatever the
     * header allows: the finding names the context's USIM */
    pv_duplicate(&p, (size_t)optusim, (size_t)optusim + 1);
    r = verify(&p);
    fires(r, "PROF-008", optusim + 1, ESV_SEV_ERROR);
    assert_int_equal(count_rule(r, "PROF-008", -1), 1);
    assert_non_null(strstr(esv_finding_message(esv_report_find(r, "PROF-008")), "context of usim"));
    esv_report_free(r);
    pv_free(&p);

    /* a second PE-CDMAParameter for the one CSIM */
    LOAD(&p);
    cdma = pv_find(&p, ProfileElement_PR_cdmaParameter, 0);
    assert_true(cdma > 0);
    pv_duplicate(&p, (size_t)cdma, (size_t)cdma + 1);
    r = verify(&p);
    fires(r, "PROF-008", cdma + 1, ESV_SEV_ERROR);
    esv_report_free(r);
    pv_free(&p);
}

/* ---------------------------------------------------------------------- */
/* N1, N2: AKA parameters per NAA, mapping to an earlier NAA              */

static void test_naa_without_aka(void **state)
{
    pv_profile p;
    esv_report *r;
    long usim, isim;
    (void)state;
    LOAD(&p);
    usim = pv_find(&p, ProfileElement_PR_usim, 0);
    pv_remove(&p, (size_t)pv_find(&p, ProfileElement_PR_akaParameter, 0)); /* the usim's */
    r = verify(&p);
    fires(r, "PROF-150", usim, ESV_SEV_WARNING);
    assert_int_equal(count_rule(r, "PROF-150", -1), 1);
    esv_report_free(r);
    /* the isim's, the last NAA: missing before the end */
    pv_remove(&p, (size_t)pv_find(&p, ProfileElement_PR_akaParameter, 0));
    isim = pv_find(&p, ProfileElement_PR_isim, 0);
    r = verify(&p);
    fires(r, "PROF-150", isim, ESV_SEV_WARNING);
    assert_int_equal(count_rule(r, "PROF-150", -1), 2);
    esv_report_free(r);
    pv_free(&p);
}

static void test_mapping_precedes(void **state)
{
    pv_profile p;
    esv_report *r;
    long usim, isim, aka_u, aka_i;
    char usim_aid[40], isim_aid[40];
    (void)state;
    LOAD(&p);
    usim = pv_find(&p, ProfileElement_PR_usim, 0);
    isim = pv_find(&p, ProfileElement_PR_isim, 0);
    hex_of(first_fcp(&p.pe[usim]->choice.usim.adf_usim)->dfName, usim_aid);
    hex_of(first_fcp(&p.pe[isim]->choice.isim.adf_isim)->dfName, isim_aid);
    aka_u = pv_find(&p, ProfileElement_PR_akaParameter, 0);
    aka_i = pv_find(&p, ProfileElement_PR_akaParameter, 1);
    assert_true(usim < aka_u && aka_u < isim && isim < aka_i);
    /* the ISIM reuses the USIM's algorithm: the USIM comes first */
    make_mapping(&p, aka_i, usim_aid);
    r = verify(&p);
    pv_assert_quiet(r, "PROF-091");
    esv_report_free(r);
    /* the USIM maps the ISIM, created only later */
    make_mapping(&p, aka_u, isim_aid);
    r = verify(&p);
    fires(r, "PROF-091", aka_u, ESV_SEV_ERROR);
    assert_int_equal(count_rule(r, "PROF-091", -1), 1);
    assert_non_null(strstr(esv_finding_message(esv_report_find(r, "PROF-091")), "created before"));
    esv_report_free(r);
    /* a right-truncated AID (first 7 bytes) too */
    isim_aid[14] = 0;
    make_mapping(&p, aka_u, isim_aid);
    r = verify(&p);
    fires(r, "PROF-091", aka_u, ESV_SEV_ERROR);
    esv_report_free(r);
    pv_free(&p);
}

/* ---------------------------------------------------------------------- */
/* N4: PE-CDMAParameter                                                   */

static void test_cdma_empty_fields(void **state)
{
    pv_profile p;
    esv_report *r;
    long cdma;
    PE_CDMAParameter_t *c;
    (void)state;
    LOAD(&p);
    cdma = pv_find(&p, ProfileElement_PR_cdmaParameter, 0);
    c = &p.pe[cdma]->choice.cdmaParameter;
    if (c->simpleIPAuthenticationData == NULL)
        c->simpleIPAuthenticationData = calloc(1, sizeof(*c->simpleIPAuthenticationData));
    assert_non_null(c->simpleIPAuthenticationData);
    pv_set_octets(c->simpleIPAuthenticationData, "", 0);
    r = verify(&p);
    fires(r, "PROF-157", cdma, ESV_SEV_WARNING);
    assert_string_equal(esv_finding_path(esv_report_find(r, "PROF-157")),
                        "cdmaParameter/simpleIPAuthenticationData");
    esv_report_free(r);
    pv_free(&p);
}

/* ---------------------------------------------------------------------- */
/* P1: PIN contexts                                                       */

static void test_pin_context_duplicates(void **state)
{
    pv_profile p;
    esv_report *r;
    long tpins, gfm;
    FileManagement_t *fm;
    struct FileManagement__Member *last = NULL;
    (void)state;
    LOAD(&p);
    /* the generic file management after DF.TELECOM's PE-PINCodes ends
     * with DF.TELECOM ('7F10') selected: a PE-PINCodes after it is in
     * DF.TELECOM's context, which has one already */
    tpins = pins_after(&p, ProfileElement_PR_telecom);
    gfm = tpins + 1;
    assert_int_equal(p.pe[gfm]->present, ProfileElement_PR_genericFileManagement);
    {
        PE_GenericFileManagement_t *g = &p.pe[gfm]->choice.genericFileManagement;
        fm = g->fileManagementCMD.list.array[g->fileManagementCMD.list.count - 1];
        for (int j = 0; j < fm->list.count; j++)
            if (fm->list.array[j]->present == FileManagement__Member_PR_filePath)
                last = fm->list.array[j];
        assert_non_null(last);
    }
    pv_set_hex(&last->choice.filePath, "7F10");
    r = verify(&p);
    pv_assert_quiet(r, "PROF-151");
    esv_report_free(r);
    pv_duplicate(&p, (size_t)tpins, (size_t)gfm + 1);
    r = verify(&p);
    fires(r, "PROF-151", gfm + 1, ESV_SEV_ERROR);
    assert_non_null(strstr(esv_finding_message(esv_report_find(r, "PROF-151")), "telecom"));
    pv_assert_quiet(r, "PROF-077");
    esv_report_free(r);
    /* ending with the MF selected (''): the MF's context */
    pv_set_hex(&last->choice.filePath, "");
    r = verify(&p);
    fires(r, "PROF-151", gfm + 1, ESV_SEV_ERROR);
    assert_non_null(strstr(esv_finding_message(esv_report_find(r, "PROF-151")), "the MF"));
    pv_assert_fires(r, "PROF-077", gfm + 1); /* a local PIN with the MF */
    esv_report_free(r);
    pv_free(&p);
}

static void test_pin_mix_and_adm(void **state)
{
    pv_profile p;
    esv_report *r;
    long mfpins, upins;
    (void)state;
    LOAD(&p);
    mfpins = pins_after(&p, ProfileElement_PR_mf);
    upins = pins_after(&p, ProfileElement_PR_usim);
    /* the USIM's PE-PINCodes replaced by a copy of the MF's (pinAppl1,
     * adm1, adm2) with pinAppl1 made secondPINAppl1: local PIN and ADM
     * codes mixed in an ADF context */
    pv_duplicate(&p, (size_t)mfpins, (size_t)upins + 1);
    pv_remove(&p, (size_t)upins);
    pv_set_int(&pin_cfg(&p, upins, 0)->keyReference, 0x81);
    r = verify(&p);
    fires(r, "PROF-152", upins, ESV_SEV_ERROR);
    assert_int_equal(count_rule(r, "PROF-152", -1), 1);
    pv_assert_quiet(r, "PROF-153"); /* the mix says it */
    pv_assert_quiet(r, "PROF-077");
    esv_report_free(r);
    /* ADM codes only, in the ADF's context: a warning */
    pv_set_int(&pin_cfg(&p, upins, 0)->keyReference, 0x0C); /* adm3 */
    r = verify(&p);
    fires(r, "PROF-153", upins, ESV_SEV_WARNING);
    pv_assert_quiet(r, "PROF-152");
    esv_report_free(r);
    /* a global PIN too: PROF-077 names it, PROF-152 stays quiet */
    pv_set_int(&pin_cfg(&p, upins, 0)->keyReference, 0x02);
    r = verify(&p);
    pv_assert_fires(r, "PROF-077", upins);
    pv_assert_quiet(r, "PROF-152");
    esv_report_free(r);
    pv_free(&p);
}

/* ---------------------------------------------------------------------- */
/* F4: pinStatusTemplateDO                                                */

static void test_psdo_coding(void **state)
{
    pv_profile p;
    esv_report *r;
    long usim;
    Fcp_t *fcp;
    (void)state;
    LOAD(&p);
    usim = pv_find(&p, ProfileElement_PR_usim, 0);
    fcp = first_fcp(&p.pe[usim]->choice.usim.adf_usim);
    /* the 'C6' DO itself: '90' PS_DO, '83' key references */
    set_psdo(fcp, "C60C900170830101830181830A0A");
    r = verify(&p);
    fires(r, "PROF-154", usim, ESV_SEV_ERROR);
    assert_string_equal(esv_finding_path(esv_report_find(r, "PROF-154")), "usim/adf-usim/pinStatusTemplateDO");
    pv_assert_quiet(r, "PROF-155");
    esv_report_free(r);
    set_psdo(fcp, "9001F0830101");
    r = verify(&p);
    fires(r, "PROF-154", usim, ESV_SEV_ERROR);
    esv_report_free(r);
    /* a byte that is no key reference */
    set_psdo(fcp, "81010A20");
    r = verify(&p);
    fires(r, "PROF-155", usim, ESV_SEV_ERROR);
    assert_int_equal(count_rule(r, "PROF-155", -1), 1);
    pv_assert_quiet(r, "PROF-156");
    esv_report_free(r);
    pv_free(&p);
}

static void test_psdo_defined(void **state)
{
    pv_profile p;
    esv_report *r;
    long mf, usim, telecom, tpins, upins, gfm_tel, gfm_usim;
    (void)state;
    LOAD(&p);
    mf = pv_find(&p, ProfileElement_PR_mf, 0);
    usim = pv_find(&p, ProfileElement_PR_usim, 0);
    telecom = pv_find(&p, ProfileElement_PR_telecom, 0);
    /* a global PIN the MF's PE-PINCodes does not define (pinAppl2) */
    set_psdo(first_fcp(&p.pe[mf]->choice.mf.mf), "010A0B02");
    r = verify(&p);
    fires(r, "PROF-156", mf, ESV_SEV_ERROR);
    assert_int_equal(count_rule(r, "PROF-156", -1), 1);
    esv_report_free(r);
    set_psdo(first_fcp(&p.pe[mf]->choice.mf.mf), "010A0B");
    /* a local PIN of the ADF its context does not define */
    set_psdo(first_fcp(&p.pe[usim]->choice.usim.adf_usim), "82010A0B");
    r = verify(&p);
    fires(r, "PROF-156", usim, ESV_SEV_ERROR);
    assert_int_equal(count_rule(r, "PROF-156", -1), 1);
    esv_report_free(r);
    set_psdo(first_fcp(&p.pe[usim]->choice.usim.adf_usim), "81010A0B");
    r = verify(&p);
    pv_assert_quiet(r, "PROF-156");
    esv_report_free(r);
    /* DF.TELECOM's PE-PINCodes defines secondPINAppl2 instead of 1: its
     * template's DFs and the DF a generic file management creates under
     * '7F10' ('5F3E') lose their local PIN */
    tpins = pins_after(&p, ProfileElement_PR_telecom);
    gfm_tel = tpins + 1;
    assert_int_equal(p.pe[gfm_tel]->present, ProfileElement_PR_genericFileManagement);
    pv_set_int(&pin_cfg(&p, tpins, 0)->keyReference, 0x82);
    r = verify(&p);
    fires(r, "PROF-156", telecom, ESV_SEV_ERROR);
    fires(r, "PROF-156", gfm_tel, ESV_SEV_ERROR);
    assert_int_equal(count_rule(r, "PROF-156", usim), 0);
    esv_report_free(r);
    pv_set_int(&pin_cfg(&p, tpins, 0)->keyReference, 0x81);
    /* the same for the USIM: its template, gsm-access, df-5gs, df-saip,
     * and the generic file management creating DFs under its ADF by its
     * temporary FID ('7FD0') */
    upins = pins_after(&p, ProfileElement_PR_usim);
    pv_set_int(&pin_cfg(&p, upins, 0)->keyReference, 0x82);
    gfm_usim = pv_find(&p, ProfileElement_PR_genericFileManagement, 1);
    assert_true(gfm_usim > pv_find(&p, ProfileElement_PR_isim, 0));
    r = verify(&p);
    fires(r, "PROF-156", usim, ESV_SEV_ERROR);
    fires(r, "PROF-156", pv_find(&p, ProfileElement_PR_gsm_access, 0), ESV_SEV_ERROR);
    fires(r, "PROF-156", pv_find(&p, ProfileElement_PR_df_5gs, 0), ESV_SEV_ERROR);
    fires(r, "PROF-156", gfm_usim, ESV_SEV_ERROR);
    assert_int_equal(count_rule(r, "PROF-156", telecom), 0);
    assert_int_equal(count_rule(r, "PROF-156", pv_find(&p, ProfileElement_PR_isim, 0)), 0);
    esv_report_free(r);
    pv_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quiet_on_ts48),
        cmocka_unit_test(test_ts48_pin_contexts),
        cmocka_unit_test(test_quiet_on_builder_samples),
        cmocka_unit_test(test_per_naa_cardinality),
        cmocka_unit_test(test_naa_without_aka),
        cmocka_unit_test(test_mapping_precedes),
        cmocka_unit_test(test_cdma_empty_fields),
        cmocka_unit_test(test_pin_context_duplicates),
        cmocka_unit_test(test_pin_mix_and_adm),
        cmocka_unit_test(test_psdo_coding),
        cmocka_unit_test(test_psdo_defined),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
