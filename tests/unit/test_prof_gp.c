/*
 * test_prof_gp.c - PROF-100..124 and 140..148 (test-profile markers,
 * RFM/RAM, OTA security levels, TARs, security domain keys and
 * privileges, life cycles, applications, extradition, sdPersoData, access
 * domains): what the real GSMA TS.48 profiles carry, and each rule firing
 * on a variant of a real profile derived at test time.
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

#include "ADFRFMAccess.h"
#include "profile_builder.h"
#include "profile_variant.h"
#include "testutil.h"

#define DIR "profiles/ts48/"
#define V7_RAM DIR "TS48v7_SAIP2.3_BERTLV_SUCI.der"
#define V7_NORAM DIR "TS48v7_SAIP2.3_NoBERTLV_NoRAMRFM.der"

static void load(const char *rel, pv_profile *p)
{
    if (pv_load(rel, p) != 0) {
        print_message("skipped: ../shared/testdata not present\n");
        skip();
    }
}


/* Rules no real TS.48 profile triggers, under either policy. */
static const char *never_on_ts48[] = {
    "PROF-104", "PROF-106", "PROF-107", "PROF-110", "PROF-111", "PROF-112", "PROF-113",
    "PROF-115", "PROF-117", "PROF-119", "PROF-120", "PROF-121", "PROF-122", "PROF-123",
    "PROF-124",
};

/* ------------------------------------------------------------ helpers */

static bool has_on(const esv_report *r, const char *id, long element)
{
    for (size_t i = 0; i < esv_report_finding_count(r); i++) {
        const esv_finding *f = esv_report_finding(r, i);
        if (strcmp(esv_finding_rule_id(f), id) == 0 && esv_finding_element(f) == element)
            return true;
    }
    return false;
}

static void assert_quiet_on(const esv_report *r, const char *id, long element)
{
    if (has_on(r, id, element))
        fail_msg("%s fired on element %ld", id, element);
}

static bool is_gp_rule(const char *id)
{
    return strncmp(id, "PROF-1", 6) == 0 && strlen(id) == 8 && id[6] >= '0' && id[6] <= '3';
}

static size_t gp_errors(const esv_report *r)
{
    size_t n = 0;
    for (size_t i = 0; i < esv_report_finding_count(r); i++) {
        const esv_finding *f = esv_report_finding(r, i);
        if (is_gp_rule(esv_finding_rule_id(f)) && esv_finding_severity(f) == ESV_SEV_ERROR)
            n++;
    }
    return n;
}

static ApplicationInstance_t *sd_instance(pv_profile *p)
{
    long sd = pv_find(p, ProfileElement_PR_securityDomain, 0);
    assert_true(sd > 0);
    return &p->pe[sd]->choice.securityDomain.instance;
}

static OCTET_STRING_t *toolkit(ApplicationInstance_t *in)
{
    if (in->applicationParameters == NULL) {
        in->applicationParameters = calloc(1, sizeof(*in->applicationParameters));
        assert_non_null(in->applicationParameters);
    }
    if (in->applicationParameters->uiccToolkitApplicationSpecificParametersField == NULL) {
        in->applicationParameters->uiccToolkitApplicationSpecificParametersField =
            calloc(1, sizeof(OCTET_STRING_t));
        assert_non_null(in->applicationParameters->uiccToolkitApplicationSpecificParametersField);
    }
    return in->applicationParameters->uiccToolkitApplicationSpecificParametersField;
}

static KeyObject_t *sd_key(pv_profile *p, int i)
{
    long sd = pv_find(p, ProfileElement_PR_securityDomain, 0);
    PE_SecurityDomain_t *s = &p->pe[sd]->choice.securityDomain;
    assert_non_null(s->keyList);
    assert_true(i < s->keyList->list.count);
    return s->keyList->list.array[i];
}

static PE_RFM_t *rfm(pv_profile *p, size_t nth, long *index)
{
    long i = pv_find(p, ProfileElement_PR_rfm, nth);
    assert_true(i > 0);
    if (index)
        *index = i;
    return &p->pe[i]->choice.rfm;
}

/* The createFCP of EF 6FAB (the TS.48 version file), or NULL. */
static Fcp_t *version_fcp(pv_profile *p)
{
    for (size_t i = 0; i < p->count; i++) {
        PE_GenericFileManagement_t *g;
        if (p->pe[i]->present != ProfileElement_PR_genericFileManagement)
            continue;
        g = &p->pe[i]->choice.genericFileManagement;
        for (int k = 0; k < g->fileManagementCMD.list.count; k++) {
            FileManagement_t *fm = g->fileManagementCMD.list.array[k];
            for (int j = 0; j < fm->list.count; j++) {
                struct FileManagement__Member *c = fm->list.array[j];
                if (c->present == FileManagement__Member_PR_createFCP && c->choice.createFCP.fileID &&
                    c->choice.createFCP.fileID->size == 2 && c->choice.createFCP.fileID->buf[0] == 0x6F &&
                    c->choice.createFCP.fileID->buf[1] == 0xAB)
                    return &c->choice.createFCP;
            }
        }
    }
    return NULL;
}

/* Removes every TS.48 marker: an operator profileType, another ICCID, the
 * version file renamed. */
static void make_operator_profile(pv_profile *p)
{
    ProfileHeader_t *h = &p->pe[0]->choice.header;
    Fcp_t *v = version_fcp(p);
    pv_set_octets(h->profileType, "Operator Profile", 16);
    pv_set_hex(&h->iccid, "89490200001234567895");
    if (v)
        pv_set_hex(v->fileID, "6FAC");
}

static void set_priv(ApplicationInstance_t *in, const char *hexv)
{
    pv_set_hex(&in->applicationPrivileges, hexv);
}

static void set_lcs(ApplicationInstance_t *in, const char *hexv)
{
    if (in->lifeCycleState == NULL) {
        in->lifeCycleState = calloc(1, sizeof(OCTET_STRING_t));
        assert_non_null(in->lifeCycleState);
    }
    pv_set_hex(in->lifeCycleState, hexv);
}

/* A new application instance (load package / class / instance AIDs). */
static ApplicationInstance_t *new_instance(const char *priv, const char *lcs)
{
    ApplicationInstance_t *in = calloc(1, sizeof(*in));
    assert_non_null(in);
    pv_set_hex(&in->applicationLoadPackageAID, "A0000005591011");
    pv_set_hex(&in->classAID, "A000000559101101");
    pv_set_hex(&in->instanceAID, "A000000559101101");
    set_priv(in, priv);
    set_lcs(in, lcs);
    pv_set_hex(&in->applicationSpecificParametersC9, "");
    return in;
}

/* Inserts a PE-Application (load block of `size` bytes, hash when asked,
 * and the given instance, which it takes) before PE-End; returns its
 * index. */
static long add_application(pv_profile *p, size_t size, bool hash, ApplicationInstance_t *in)
{
    ProfileElement_t *pe = calloc(1, sizeof(*pe));
    PE_Application_t *a;
    long end = pv_find(p, ProfileElement_PR_end, 0);
    uint8_t *code = calloc(1, size);
    assert_non_null(pe);
    assert_non_null(code);
    assert_true(end > 0);
    pe->present = ProfileElement_PR_application;
    a = &pe->choice.application;
    a->app_Header.identification = 900;
    if (size) {
        a->loadBlock = calloc(1, sizeof(*a->loadBlock));
        assert_non_null(a->loadBlock);
        pv_set_hex(&a->loadBlock->loadPackageAID, "A0000005591011");
        pv_set_octets(&a->loadBlock->loadBlockObject, code, size);
        if (hash) {
            a->loadBlock->hashValue = calloc(1, sizeof(OCTET_STRING_t));
            assert_non_null(a->loadBlock->hashValue);
            pv_set_hex(a->loadBlock->hashValue, "00112233445566778899AABBCCDDEEFF00112233");
        }
    }
    if (in) {
        a->instanceList = calloc(1, sizeof(*a->instanceList));
        assert_non_null(a->instanceList);
        assert_int_equal(ASN_SEQUENCE_ADD(&a->instanceList->list, in), 0);
    }
    free(code);
    p->pe = realloc(p->pe, (p->count + 1) * sizeof(*p->pe));
    assert_non_null(p->pe);
    memmove(&p->pe[end + 1], &p->pe[end], (p->count - (size_t)end) * sizeof(*p->pe));
    p->pe[end] = pe;
    p->count++;
    return end;
}

/* --------------------------------------------------- real profiles */

static void test_real_ts48_profiles(void **state)
{
    (void)state;
    if (tu_testdata() == NULL)
        skip();
    for (size_t i = 0; i < TU_TS48_COUNT; i++) {
        char rel[128];
        size_t len;
        uint8_t *d;
        pv_profile p;
        long sd, rfm0;
        bool noram = strstr(tu_ts48_files[i], "NoRAMRFM") != NULL, v7 = strncmp(tu_ts48_files[i], "TS48v7", 6) == 0;
        snprintf(rel, sizeof(rel), DIR "%s", tu_ts48_files[i]);
        d = tu_read_testdata(rel, &len);
        assert_non_null(d);
        pv_decode(d, len, &p);
        sd = pv_find(&p, ProfileElement_PR_securityDomain, 0);
        rfm0 = pv_find(&p, ProfileElement_PR_rfm, 0);
        assert_true(sd > 0);
        assert_true(noram ? rfm0 < 0 : rfm0 > 0);
        for (int pol = 0; pol < 2; pol++) {
            esv_report *r = pv_verify_bytes(d, len, pol ? ESV_POLICY_PRODUCTION : ESV_POLICY_TEST);
            for (size_t k = 0; k < sizeof(never_on_ts48) / sizeof(never_on_ts48[0]); k++)
                pv_assert_quiet(r, never_on_ts48[k]);
            if (pol) { /* production: every TS.48 profile is a test profile */
                pv_assert_fires(r, "PROF-100", 0);
                pv_assert_fires(r, "PROF-101", 0);
                if (v7) /* only v7 carries the version file (DF 7F26 / EF 6FAB) */
                    pv_assert_fires(r, "PROF-102", pv_find(&p, ProfileElement_PR_genericFileManagement, 0));
                else
                    pv_assert_quiet(r, "PROF-102");
            } else {
                pv_assert_quiet(r, "PROF-100");
                pv_assert_quiet(r, "PROF-101");
                pv_assert_quiet(r, "PROF-102");
            }
            if (noram) {
                /* NoRAMRFM: no remote management, nothing to report as
                 * an error under test */
                pv_assert_quiet(r, "PROF-103");
                pv_assert_quiet(r, "PROF-105");
                pv_assert_quiet(r, "PROF-108");
                pv_assert_quiet(r, "PROF-109");
                pv_assert_quiet(r, "PROF-114");
                if (!pol)
                    assert_int_equal(gp_errors(r), 0);
            } else {
                /* RAM/RFM open in a test profile: an error under both */
                for (size_t k = 0; k < 4; k++)
                    pv_assert_fires(r, "PROF-103", pv_find(&p, ProfileElement_PR_rfm, k));
                pv_assert_fires(r, "PROF-105", sd);
                pv_assert_fires(r, "PROF-109", sd);   /* MSL without counter */
                pv_assert_fires(r, "PROF-109", rfm0);
                pv_assert_fires(r, "PROF-114", sd);   /* KVN 01 DES keys */
            }
            esv_report_free(r);
        }
        pv_free(&p);
        free(d);
    }
}

/* --------------------------------------------------- test-profile markers */

static void test_test_profile_markers(void **state)
{
    pv_profile p;
    esv_report *r;
    ProfileHeader_t *h;
    Fcp_t *v;
    long gfm;
    (void)state;
    load(V7_NORAM, &p);
    h = &p.pe[0]->choice.header;
    v = version_fcp(&p);
    assert_non_null(v);
    gfm = pv_find(&p, ProfileElement_PR_genericFileManagement, 0);

    pv_set_octets(h->profileType, "Operator Profile", 16);
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    pv_assert_quiet(r, "PROF-100");
    pv_assert_fires(r, "PROF-101", 0);
    pv_assert_fires(r, "PROF-102", gfm);
    esv_report_free(r);

    pv_set_octets(h->profileType, "ACME Test Profile", 17); /* any "... Test Profile" */
    pv_set_hex(&h->iccid, "89490200001234567895");
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    pv_assert_fires(r, "PROF-100", 0);
    pv_assert_quiet(r, "PROF-101");
    esv_report_free(r);

    pv_set_hex(&h->iccid, "89000123456789012358"); /* the v2 SAIP 2.1 NoBERTLV ICCID */
    pv_set_hex(v->fileID, "6FAC");
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    pv_assert_fires(r, "PROF-101", 0);
    pv_assert_quiet(r, "PROF-102");
    esv_report_free(r);

    /* under test policy the markers are expected */
    pv_set_hex(v->fileID, "6FAB");
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_quiet(r, "PROF-100");
    pv_assert_quiet(r, "PROF-101");
    pv_assert_quiet(r, "PROF-102");
    esv_report_free(r);
    pv_free(&p);
}

/* ------------------------------------------------------------ RFM/RAM */

static void test_remote_management_test_vs_operator(void **state)
{
    pv_profile p;
    esv_report *r;
    long sd, rfm1;
    (void)state;
    load(V7_RAM, &p);
    sd = pv_find(&p, ProfileElement_PR_securityDomain, 0);
    rfm1 = pv_find(&p, ProfileElement_PR_rfm, 1);

    /* a test profile recognised by its version file alone still has
     * RAM/RFM flagged as an error */
    pv_set_octets(p.pe[0]->choice.header.profileType, "Operator Profile", 16);
    pv_set_hex(&p.pe[0]->choice.header.iccid, "89490200001234567895");
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-103", rfm1);
    pv_assert_fires(r, "PROF-105", sd);
    esv_report_free(r);

    make_operator_profile(&p);
    for (int pol = 0; pol < 2; pol++) {
        r = pv_verify(&p, pol ? ESV_POLICY_PRODUCTION : ESV_POLICY_TEST);
        pv_assert_quiet(r, "PROF-103");
        pv_assert_quiet(r, "PROF-105");
        pv_assert_fires(r, "PROF-104", rfm1);
        pv_assert_fires(r, "PROF-106", sd);
        esv_report_free(r);
    }

    /* no toolkit TAR: no RAM */
    pv_set_hex(toolkit(sd_instance(&p)), "0100000000020102000000"); /* TAR field length 0 */
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    pv_assert_quiet(r, "PROF-106");
    pv_assert_quiet(r, "PROF-113");
    esv_report_free(r);
    pv_free(&p);
}

static void test_rfm_minimum_security_level(void **state)
{
    pv_profile p;
    esv_report *r;
    long i0, i1, i2, i3;
    (void)state;
    load(V7_RAM, &p);
    rfm(&p, 0, &i0);
    rfm(&p, 1, &i1);
    rfm(&p, 2, &i2);
    rfm(&p, 3, &i3);
    pv_set_hex(&rfm(&p, 0, NULL)->minimumSecurityLevel, "00"); /* no security at all */
    pv_set_hex(&rfm(&p, 1, NULL)->minimumSecurityLevel, "05"); /* RC + ciphering */
    pv_set_hex(&rfm(&p, 2, NULL)->minimumSecurityLevel, "16"); /* CC + ciphering + counter higher */
    pv_set_hex(&rfm(&p, 3, NULL)->minimumSecurityLevel, "1F"); /* DS + ciphering + counter one higher */
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-107", i0);
    pv_assert_fires(r, "PROF-108", i0);
    pv_assert_fires(r, "PROF-109", i0);
    pv_assert_fires(r, "PROF-107", i1);
    assert_quiet_on(r, "PROF-108", i1);
    for (long e = i2; e <= i3; e++) {
        assert_quiet_on(r, "PROF-107", e);
        assert_quiet_on(r, "PROF-108", e);
        assert_quiet_on(r, "PROF-109", e);
    }
    esv_report_free(r);
    pv_free(&p);
}

static void test_sd_toolkit_security_level(void **state)
{
    pv_profile p;
    esv_report *r;
    long sd;
    (void)state;
    load(V7_RAM, &p);
    sd = pv_find(&p, ProfileElement_PR_securityDomain, 0);
    /* MSL field empty: OTA commands to TAR B20100 need no security */
    pv_set_hex(toolkit(sd_instance(&p)), "01000000" "00" "00" "03B20100" "00");
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-107", sd);
    pv_assert_fires(r, "PROF-108", sd);
    pv_assert_fires(r, "PROF-105", sd);
    esv_report_free(r);
    /* MSL '12' (CC, counter higher), one menu entry */
    pv_set_hex(toolkit(sd_instance(&p)), "01000001" "0000" "00" "020112" "03B20100" "00");
    r = pv_verify(&p, ESV_POLICY_TEST);
    assert_quiet_on(r, "PROF-107", sd);
    assert_quiet_on(r, "PROF-109", sd);
    pv_assert_fires(r, "PROF-108", sd);
    pv_assert_quiet(r, "PROF-113");
    esv_report_free(r);
    pv_free(&p);
}

static void test_tar_lists(void **state)
{
    pv_profile p;
    esv_report *r;
    long i0, i1, i2, sd;
    PE_RFM_t *f;
    (void)state;
    load(V7_RAM, &p);
    sd = pv_find(&p, ProfileElement_PR_securityDomain, 0);
    rfm(&p, 0, &i0);
    rfm(&p, 1, &i1);
    rfm(&p, 2, &i2);
    /* a TAR listed twice in one PE-RFM */
    f = rfm(&p, 0, NULL);
    {
        OCTET_STRING_t *t = calloc(1, sizeof(*t));
        assert_non_null(t);
        pv_set_hex(t, "B00120");
        assert_int_equal(ASN_SEQUENCE_ADD(&f->tarList->list, t), 0);
    }
    /* a 2-byte TAR */
    pv_set_hex(rfm(&p, 2, NULL)->tarList->list.array[0], "B001");
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-110", i0);
    pv_assert_fires(r, "PROF-110", i2);
    assert_quiet_on(r, "PROF-111", i0); /* a duplicate within one list is PROF-110 only */
    esv_report_free(r);
    pv_set_hex(rfm(&p, 2, NULL)->tarList->list.array[0], "B00141");

    /* the second PE-RFM takes the first one's TAR; an RFM takes the SD's */
    pv_set_hex(rfm(&p, 1, NULL)->tarList->list.array[0], "B00120");
    pv_set_hex(rfm(&p, 2, NULL)->tarList->list.array[0], "B20100");
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-111", i1);
    /* the SD comes first in the package: the later RFM carries the finding */
    assert_true(sd < i2);
    pv_assert_fires(r, "PROF-111", i2);
    pv_assert_fires(r, "PROF-112", i2); /* 'B20100' is a RAM TAR, not RFM */
    esv_report_free(r);

    /* a present but empty tarList */
    {
        long i3;
        rfm(&p, 3, &i3);
        PE_RFM_t *f3 = rfm(&p, 3, NULL);
        while (f3->tarList->list.count > 0) {
            OCTET_STRING_t *t = f3->tarList->list.array[0];
            asn_sequence_del(&f3->tarList->list, 0, 0);
            ASN_STRUCT_FREE(asn_DEF_OCTET_STRING, t);
        }
        r = pv_verify(&p, ESV_POLICY_TEST);
        pv_assert_fires(r, "PROF-110", i3);
        esv_report_free(r);
    }
    pv_free(&p);
}

static void test_tar_ranges(void **state)
{
    pv_profile p;
    esv_report *r;
    long i3, sd;
    (void)state;
    load(V7_RAM, &p);
    sd = pv_find(&p, ProfileElement_PR_securityDomain, 0);
    rfm(&p, 3, &i3);
    pv_set_hex(rfm(&p, 3, NULL)->tarList->list.array[0], "C00001");
    pv_set_hex(toolkit(sd_instance(&p)), "01000000" "00" "020102" "06B10000000000" "00");
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-112", i3);
    pv_assert_fires(r, "PROF-112", sd); /* 'B10000' */
    esv_report_free(r);
    pv_free(&p);
}

static void test_unreadable_parameters(void **state)
{
    pv_profile p;
    esv_report *r;
    long sd;
    ApplicationInstance_t *in;
    (void)state;
    load(V7_RAM, &p);
    sd = pv_find(&p, ProfileElement_PR_securityDomain, 0);
    in = sd_instance(&p);
    /* C9: a length running past the end */
    pv_set_hex(&in->applicationSpecificParametersC9, "81068000");
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-113", sd);
    esv_report_free(r);
    /* C9: a non-minimal (BER, not DER) length */
    pv_set_hex(&in->applicationSpecificParametersC9, "8181028000");
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-113", sd);
    esv_report_free(r);
    pv_set_hex(&in->applicationSpecificParametersC9, "810280008201F08301F08701F0");
    /* toolkit parameters cut inside the TAR field */
    pv_set_hex(toolkit(in), "0100000000020102" "06B20100");
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-113", sd);
    assert_quiet_on(r, "PROF-105", sd); /* not guessed */
    esv_report_free(r);
    /* an MSL field in another coding */
    pv_set_hex(toolkit(in), "0100000000" "020212" "03B20100" "00");
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-113", sd);
    pv_assert_fires(r, "PROF-105", sd);
    esv_report_free(r);
    pv_free(&p);
}

/* ------------------------------------------------------------ SD keys */

static void test_key_types_and_lengths(void **state)
{
    pv_profile p;
    esv_report *r;
    long sd;
    (void)state;
    load(V7_NORAM, &p); /* AES keys only (KVN 02) */
    sd = pv_find(&p, ProfileElement_PR_securityDomain, 0);
    pv_set_hex(&sd_key(&p, 0)->keyCompontents.list.array[0]->keyType, "82"); /* 3DES CBC */
    pv_set_hex(&sd_key(&p, 1)->keyCompontents.list.array[0]->keyData, "00112233445566778899AABBCCDDEE");
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-114", sd);
    pv_assert_fires(r, "PROF-115", sd); /* AES key of 15 bytes */
    esv_report_free(r);
    pv_set_hex(&sd_key(&p, 1)->keyCompontents.list.array[0]->keyData, "00112233445566778899AABBCCDDEEFF");
    pv_set_hex(&sd_key(&p, 0)->keyCompontents.list.array[0]->keyData, "0011223344556677889900");
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-115", sd); /* DES key of 11 bytes */
    esv_report_free(r);
    pv_set_hex(&sd_key(&p, 0)->keyCompontents.list.array[0]->keyType, "88");
    pv_set_hex(&sd_key(&p, 0)->keyCompontents.list.array[0]->keyData,
               "F0E1D2C3B4A5968778695A4B3C2D1E0F0F1E2D3C4B5A69788796A5B4C3D2E1F0"); /* AES-256 */
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_quiet(r, "PROF-114");
    pv_assert_quiet(r, "PROF-115");
    esv_report_free(r);
    pv_free(&p);
}

static void test_key_reuse_and_duplicate_ids(void **state)
{
    pv_profile p;
    esv_report *r;
    long sd;
    (void)state;
    load(V7_NORAM, &p);
    sd = pv_find(&p, ProfileElement_PR_securityDomain, 0);
    /* the real profile: the three keys share one value */
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    pv_assert_fires(r, "PROF-116", sd);
    esv_report_free(r);
    /* distinct values: quiet */
    pv_set_hex(&sd_key(&p, 0)->keyCompontents.list.array[0]->keyData, "0123456789ABCDEF1032547698BADCFE");
    pv_set_hex(&sd_key(&p, 1)->keyCompontents.list.array[0]->keyData, "F0E1D2C3B4A596870F1E2D3C4B5A6978");
    pv_set_hex(&sd_key(&p, 2)->keyCompontents.list.array[0]->keyData, "13579BDF02468ACE2468ACE013579BDF");
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    pv_assert_quiet(r, "PROF-116");
    pv_assert_quiet(r, "PROF-117");
    esv_report_free(r);
    /* the DEK (KID 03) takes the ENC key's value */
    pv_set_hex(&sd_key(&p, 2)->keyCompontents.list.array[0]->keyData, "0123456789ABCDEF1032547698BADCFE");
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    pv_assert_fires(r, "PROF-116", sd);
    esv_report_free(r);
    r = pv_verify(&p, ESV_POLICY_TEST); /* a test-profile trait: info under test */
    assert_int_equal(esv_finding_severity(esv_report_find(r, "PROF-116")), ESV_SEV_INFO);
    esv_report_free(r);
    pv_set_hex(&sd_key(&p, 2)->keyCompontents.list.array[0]->keyData, "13579BDF02468ACE2468ACE013579BDF");
    /* two keys KVN 02 / KID 01 */
    pv_set_hex(&sd_key(&p, 1)->keyIdentifier, "01");
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-117", sd);
    esv_report_free(r);
    pv_free(&p);
}

/* -------------------------------------------- privileges, life cycle */

static void test_privileges(void **state)
{
    pv_profile p;
    esv_report *r;
    long sd;
    ApplicationInstance_t *in;
    (void)state;
    load(V7_NORAM, &p);
    sd = pv_find(&p, ProfileElement_PR_securityDomain, 0);
    in = sd_instance(&p);
    r = pv_verify(&p, ESV_POLICY_PRODUCTION); /* '82DC00': Authorized Management */
    pv_assert_fires(r, "PROF-118", sd);
    esv_report_free(r);
    set_priv(in, "829C00"); /* without Authorized Management */
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    pv_assert_quiet(r, "PROF-118");
    esv_report_free(r);
    set_priv(in, "A29C00"); /* Delegated Management */
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    pv_assert_fires(r, "PROF-118", sd);
    pv_assert_quiet(r, "PROF-119");
    esv_report_free(r);
    set_priv(in, "82DC"); /* 2 bytes */
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-119", sd);
    esv_report_free(r);
    set_priv(in, "82DC08"); /* RFU bit of byte 3 */
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-119", sd);
    pv_assert_quiet(r, "PROF-120");
    esv_report_free(r);
    set_priv(in, "02DC00"); /* no Security Domain privilege */
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-120", sd);
    pv_assert_quiet(r, "PROF-119");
    esv_report_free(r);
    set_priv(in, "20"); /* Delegated Management without Security Domain */
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-119", sd);
    pv_assert_fires(r, "PROF-120", sd);
    esv_report_free(r);
    set_priv(in, "81DC00"); /* Mandated DAP without DAP Verification */
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-119", sd);
    esv_report_free(r);
    pv_free(&p);
}

static void test_life_cycle(void **state)
{
    pv_profile p;
    esv_report *r;
    long sd, app;
    ApplicationInstance_t *in;
    (void)state;
    load(V7_NORAM, &p);
    sd = pv_find(&p, ProfileElement_PR_securityDomain, 0);
    in = sd_instance(&p);
    static const char *sd_ok[] = {"03", "07", "0F", "8F"};
    for (size_t i = 0; i < 4; i++) {
        set_lcs(in, sd_ok[i]);
        r = pv_verify(&p, ESV_POLICY_TEST);
        pv_assert_quiet(r, "PROF-122");
        esv_report_free(r);
    }
    set_lcs(in, "1F"); /* application specific: not for an SD */
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-122", sd);
    esv_report_free(r);
    set_lcs(in, "0F");
    /* an application: '1F' is an application-specific state, '05' none */
    app = add_application(&p, 0, false, new_instance("00", "1F"));
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_quiet(r, "PROF-122");
    esv_report_free(r);
    set_lcs(p.pe[app]->choice.application.instanceList->list.array[0], "05");
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-122", app);
    esv_report_free(r);
    pv_free(&p);
}

/* ------------------------------------------------------- applications */

static void test_applications(void **state)
{
    pv_profile p;
    esv_report *r;
    long app, app2, sd;
    ApplicationInstance_t *in;
    (void)state;
    load(V7_NORAM, &p);
    sd = pv_find(&p, ProfileElement_PR_securityDomain, 0);
    app = add_application(&p, 1234, false, new_instance("00", "07"));
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-123", app);
    pv_assert_fires(r, "PROF-124", app);
    pv_assert_quiet(r, "PROF-121");
    assert_non_null(strstr(esv_finding_message(esv_report_find(r, "PROF-123")), "1234 bytes"));
    assert_non_null(strstr(esv_finding_message(esv_report_find(r, "PROF-123")), "A0000005591011"));
    esv_report_free(r);

    /* with a hash, an instance with the SD privilege, reachable by OTA
     * with the SD's TAR and a weak MSL */
    in = new_instance("80", "07");
    pv_set_hex(toolkit(in), "01000000" "00" "020102" "03B20100" "00");
    app2 = add_application(&p, 100, true, in);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-123", app2);
    assert_quiet_on(r, "PROF-124", app2);
    pv_assert_fires(r, "PROF-121", app2);
    pv_assert_fires(r, "PROF-108", app2);
    pv_assert_quiet(r, "PROF-111"); /* NoRAMRFM: the SD has no TAR */
    esv_report_free(r);

    /* the SD gets TAR B20100 too: shared */
    pv_set_hex(toolkit(sd_instance(&p)), "01000000" "00" "020116" "03B20100" "00");
    r = pv_verify(&p, ESV_POLICY_TEST);
    assert_true(sd < app2);
    pv_assert_fires(r, "PROF-111", app2);
    pv_assert_fires(r, "PROF-105", sd); /* and RAM is now open in this test profile */
    esv_report_free(r);
    pv_free(&p);
}

/* PROF-125: every real TS.48 profile's OTA keys are public (production
 * error, off under test); a random key is quiet, a GlobalPlatform default
 * test key or a weak pattern fires. */
static void test_known_sd_keys(void **state)
{
    pv_profile p;
    esv_report *r;
    long sd;
    KeyObject_t *ko;
    static const uint8_t random_key[16] = {0x5e, 0x91, 0x0c, 0xd2, 0x7a, 0x33, 0xe8, 0x14,
                                           0x9b, 0x60, 0xa5, 0x2f, 0xc7, 0x48, 0x1d, 0xb6};
    (void)state;
    if (tu_testdata() == NULL)
        skip();
    for (size_t i = 0; i < TU_TS48_COUNT; i++) {
        char rel[128];
        snprintf(rel, sizeof(rel), DIR "%s", tu_ts48_files[i]);
        load(rel, &p);
        sd = pv_find(&p, ProfileElement_PR_securityDomain, 0);
        r = pv_verify(&p, ESV_POLICY_PRODUCTION);
        pv_assert_fires(r, "PROF-125", sd);
        esv_report_free(r);
        r = pv_verify(&p, ESV_POLICY_TEST);
        pv_assert_quiet(r, "PROF-125");
        esv_report_free(r);
        pv_free(&p);
    }
    load(V7_NORAM, &p);
    sd = pv_find(&p, ProfileElement_PR_securityDomain, 0);
    /* give every key a distinct random value: quiet */
    for (int k = 0; k < p.pe[sd]->choice.securityDomain.keyList->list.count; k++) {
        uint8_t key[16];
        ko = sd_key(&p, k);
        memcpy(key, random_key, sizeof(key));
        key[0] = (uint8_t)(key[0] + k);
        for (int c = 0; c < ko->keyCompontents.list.count; c++)
            pv_set_octets(&ko->keyCompontents.list.array[c]->keyData, key, sizeof(key));
    }
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    pv_assert_quiet(r, "PROF-125");
    esv_report_free(r);
    /* the GlobalPlatform default key 404142..4F */
    ko = sd_key(&p, 1);
    pv_set_hex(&ko->keyCompontents.list.array[0]->keyData, "404142434445464748494A4B4C4D4E4F");
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    pv_assert_fires(r, "PROF-125", sd);
    assert_non_null(strstr(esv_finding_message(esv_report_find(r, "PROF-125")), "GlobalPlatform"));
    esv_report_free(r);
    /* a weak pattern that is in no table */
    pv_set_hex(&ko->keyCompontents.list.array[0]->keyData, "A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5");
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    pv_assert_fires(r, "PROF-125", sd);
    esv_report_free(r);
    pv_free(&p);
}


/* ------------------------------------- PROF-140..148 (checklist D2-A2) */

/* The finding of rule id on element, asserting its severity. */
static const esv_finding *fires_as(const esv_report *r, const char *id, long element, esv_severity sev)
{
    for (size_t i = 0; i < esv_report_finding_count(r); i++) {
        const esv_finding *f = esv_report_finding(r, i);
        if (strcmp(esv_finding_rule_id(f), id) == 0 && esv_finding_element(f) == element) {
            assert_int_equal(esv_finding_severity(f), sev);
            return f;
        }
    }
    pv_assert_fires(r, id, element); /* fails, listing the findings */
    return NULL;
}

static size_t count_of(const esv_report *r, const char *id)
{
    size_t n = 0;
    for (size_t i = 0; i < esv_report_finding_count(r); i++)
        n += strcmp(esv_finding_rule_id(esv_report_finding(r, i)), id) == 0;
    return n;
}

/* Rules of checklist D2-A2 that neither a TS.48 profile nor a builder
 * sample triggers; PROF-147 (full access, info) is what the RFM elements
 * of the RAM/RFM profiles and of the builder's test sample grant. */
static const char *new_quiet[] = {"PROF-140", "PROF-141", "PROF-142", "PROF-143", "PROF-144",
                                  "PROF-145", "PROF-146", "PROF-148"};

static void assert_full_access_on_rfm(const esv_report *r, const pv_profile *p)
{
    size_t n = 0;
    for (long k; (k = pv_find(p, ProfileElement_PR_rfm, n)) >= 0; n++)
        fires_as(r, "PROF-147", k, ESV_SEV_INFO);
    assert_int_equal(count_of(r, "PROF-147"), n);
}

static void test_new_rules_quiet_on_ts48_and_samples(void **state)
{
    (void)state;
    for (int s = 0; s < 2; s++) { /* the builder's samples */
        pb_options o;
        pv_profile p;
        ProfileElement_t **pes;
        size_t n;
        if (s)
            pb_options_test(&o);
        else
            pb_options_sample(&o);
        assert_int_equal(pb_build_elements(&o, &pes, &n), 0);
        p.pe = pes;
        p.count = n;
        for (int pol = 0; pol < 2; pol++) {
            esv_report *r = pv_verify(&p, pol ? ESV_POLICY_PRODUCTION : ESV_POLICY_TEST);
            pv_assert_quiet_all(r, new_quiet, sizeof(new_quiet) / sizeof(new_quiet[0]));
            assert_full_access_on_rfm(r, &p);
            assert_int_equal(pv_find(&p, ProfileElement_PR_rfm, 0) >= 0, s == 1);
            esv_report_free(r);
        }
        pv_free(&p);
    }
    if (tu_testdata() == NULL)
        skip();
    for (size_t i = 0; i < TU_TS48_COUNT; i++) {
        char rel[128];
        pv_profile p;
        snprintf(rel, sizeof(rel), DIR "%s", tu_ts48_files[i]);
        load(rel, &p);
        for (int pol = 0; pol < 2; pol++) {
            esv_report *r = pv_verify_ts48(tu_ts48_files[i], pol ? ESV_POLICY_PRODUCTION : ESV_POLICY_TEST);
            pv_assert_quiet_all(r, new_quiet, sizeof(new_quiet) / sizeof(new_quiet[0]));
            /* every RFM element of the RAM/RFM profiles grants '00' */
            assert_full_access_on_rfm(r, &p);
            esv_report_free(r);
        }
        pv_free(&p);
    }
}

/* A copy of the MNO-SD after it (at sd + 1 + n), with its own AID and
 * life cycle state. */
static PE_SecurityDomain_t *add_sd(pv_profile *p, long sd, size_t n, const char *aid, const char *lcs)
{
    PE_SecurityDomain_t *s;
    pv_duplicate(p, (size_t)sd, (size_t)sd + 1 + n);
    s = &p->pe[sd + 1 + (long)n]->choice.securityDomain;
    pv_set_hex(&s->instance.instanceAID, aid);
    s->sd_Header.identification = 700 + (long)n;
    set_lcs(&s->instance, lcs);
    return s;
}

/* D2, SAIP v3.4.1 8.7.3: extradition to an SD of the package that is not
 * PERSONALIZED (error), to one the package does not create (info). */
static void test_extradition(void **state)
{
    pv_profile p;
    esv_report *r;
    long sd;
    PE_SecurityDomain_t *target, *ssd;
    const esv_finding *f;
    (void)state;
    load(V7_NORAM, &p);
    sd = pv_find(&p, ProfileElement_PR_securityDomain, 0);
    target = add_sd(&p, sd, 0, "A000000151000001", "07");
    ssd = add_sd(&p, sd, 1, "A000000151000002", "0F");
    ssd->instance.extraditeSecurityDomainAID = calloc(1, sizeof(OCTET_STRING_t));
    assert_non_null(ssd->instance.extraditeSecurityDomainAID);
    pv_set_hex(ssd->instance.extraditeSecurityDomainAID, "A000000151000001");
    r = pv_verify(&p, ESV_POLICY_TEST);
    f = fires_as(r, "PROF-140", sd + 2, ESV_SEV_ERROR);
    assert_non_null(strstr(esv_finding_message(f), "'07'"));
    assert_string_equal(esv_finding_path(f), "securityDomain/instance/extraditeSecurityDomainAID");
    assert_int_equal(count_of(r, "PROF-140") + count_of(r, "PROF-141"), 1);
    esv_report_free(r);
    /* the target personalized: quiet */
    set_lcs(&target->instance, "0F");
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_quiet(r, "PROF-140");
    pv_assert_quiet(r, "PROF-141");
    esv_report_free(r);
    /* locked from PERSONALIZED is not PERSONALIZED */
    set_lcs(&target->instance, "8F");
    r = pv_verify(&p, ESV_POLICY_TEST);
    fires_as(r, "PROF-140", sd + 2, ESV_SEV_ERROR);
    esv_report_free(r);
    /* an SD the package does not create: info; also on an application */
    pv_set_hex(ssd->instance.extraditeSecurityDomainAID, "A0000001510000FF");
    {
        ApplicationInstance_t *in = new_instance("00", "07");
        long app;
        in->extraditeSecurityDomainAID = calloc(1, sizeof(OCTET_STRING_t));
        assert_non_null(in->extraditeSecurityDomainAID);
        pv_set_hex(in->extraditeSecurityDomainAID, "A000000151000002"); /* PERSONALIZED: quiet */
        app = add_application(&p, 10, true, in);
        r = pv_verify(&p, ESV_POLICY_TEST);
        pv_assert_quiet(r, "PROF-140");
        f = fires_as(r, "PROF-141", sd + 2, ESV_SEV_INFO);
        assert_non_null(strstr(esv_finding_message(f), "A0000001510000FF"));
        assert_quiet_on(r, "PROF-141", app);
        esv_report_free(r);
        pv_set_hex(in->extraditeSecurityDomainAID, "A000000151000001"); /* locked */
        r = pv_verify(&p, ESV_POLICY_TEST);
        fires_as(r, "PROF-140", app, ESV_SEV_ERROR);
        assert_string_equal(esv_finding_path(esv_report_find(r, "PROF-140")),
                            "application/instanceList[0]/extraditeSecurityDomainAID");
        esv_report_free(r);
    }
    pv_free(&p);
}

/* D3, GP CS v2.3.1 11.1.8-11.1.10: key usage qualifier, key access and
 * key type codings on the real MNO-SD's keys. */
static void test_key_codings(void **state)
{
    pv_profile p;
    esv_report *r;
    long sd;
    KeyObject_t *ko;
    static const struct {
        const char *usage, *access, *type;
        const char *rule, *says; /* NULL: quiet */
    } cases[] = {
        {"00", NULL, NULL, "PROF-142", "zero"},
        {"0000", NULL, NULL, "PROF-142", "zero"},
        {"1801", NULL, NULL, "PROF-142", "RFU bits"},
        {"1880", NULL, NULL, NULL, NULL}, /* + key agreement */
        {"82", NULL, NULL, NULL, NULL},
        {NULL, "03", NULL, "PROF-142", "keyAccess '03'"},
        {NULL, "FF", NULL, NULL, NULL},
        {NULL, "02", NULL, NULL, NULL},
        {NULL, NULL, "86", "PROF-143", "RFU"},
        {NULL, NULL, "81", "PROF-143", "reserved"},
        {NULL, NULL, "7F", "PROF-143", "private use"},
        {NULL, NULL, "FF", "PROF-143", "extended-format"},
        {NULL, NULL, "B8", "PROF-143", "RFU"},
        {NULL, NULL, "8888", "PROF-143", "not one byte"},
        {NULL, NULL, "88", NULL, NULL},
        {NULL, NULL, "85", NULL, NULL},
        {NULL, NULL, "A8", NULL, NULL},
        {NULL, NULL, "B7", NULL, NULL},
        {NULL, NULL, "F0", NULL, NULL},
    };
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        load(V7_RAM, &p);
        sd = pv_find(&p, ProfileElement_PR_securityDomain, 0);
        ko = sd_key(&p, 2);
        if (cases[i].usage)
            pv_set_hex(&ko->keyUsageQualifier, cases[i].usage);
        if (cases[i].access) {
            if (ko->keyAccess == NULL) /* DER leaves out the DEFAULT '00' */
                ko->keyAccess = calloc(1, sizeof(OCTET_STRING_t));
            assert_non_null(ko->keyAccess);
            pv_set_hex(ko->keyAccess, cases[i].access);
        }
        if (cases[i].type)
            pv_set_hex(&ko->keyCompontents.list.array[0]->keyType, cases[i].type);
        r = pv_verify(&p, ESV_POLICY_TEST);
        if (cases[i].rule) {
            const esv_finding *f = fires_as(r, cases[i].rule, sd, ESV_SEV_WARNING);
            if (strstr(esv_finding_message(f), cases[i].says) == NULL)
                fail_msg("case %zu: \"%s\" lacks \"%s\"", i, esv_finding_message(f), cases[i].says);
            assert_string_equal(esv_finding_path(f), "securityDomain/keyList[2]");
            assert_int_equal(count_of(r, "PROF-142") + count_of(r, "PROF-143"), 1);
        } else {
            pv_assert_quiet(r, "PROF-142");
            pv_assert_quiet(r, "PROF-143");
        }
        esv_report_free(r);
        pv_free(&p);
    }
}

/* D4, SAIP v3.4.1 8.8: a PE-RFM without tarList is reached by the TAR in
 * bytes 13 to 15 of its AID, which PROF-111 and PROF-112 check. */
static void test_derived_rfm_tar(void **state)
{
    pv_profile p;
    esv_report *r;
    long r0, r1;
    PE_RFM_t *f;
    const esv_finding *x;
    (void)state;
    load(V7_RAM, &p);
    rfm(&p, 0, &r0);
    f = rfm(&p, 1, &r1);
    for (int k = 0; k < f->tarList->list.count; k++)
        ASN_STRUCT_FREE(asn_DEF_OCTET_STRING, f->tarList->list.array[k]);
    free(f->tarList->list.array);
    free(f->tarList);
    f->tarList = NULL;
    /* bytes 13..15 = 'B00120', the first RFM's TAR */
    pv_set_hex(&f->instanceAID, "A0000005591010FFFFFFFF89B0012000");
    r = pv_verify(&p, ESV_POLICY_TEST);
    x = fires_as(r, "PROF-111", r1, ESV_SEV_ERROR);
    assert_non_null(strstr(esv_finding_message(x), "'B00120'"));
    assert_non_null(strstr(esv_finding_message(x), "derived from its instanceAID"));
    assert_quiet_on(r, "PROF-133", r1);
    assert_quiet_on(r, "PROF-112", r1);
    esv_report_free(r);
    /* a TAR outside the RFM range */
    pv_set_hex(&f->instanceAID, "A0000005591010FFFFFFFF89C0000100");
    r = pv_verify(&p, ESV_POLICY_TEST);
    x = fires_as(r, "PROF-112", r1, ESV_SEV_WARNING);
    assert_non_null(strstr(esv_finding_message(x), "'C00001' (derived from instanceAID"));
    assert_string_equal(esv_finding_path(x), "rfm/instanceAID");
    assert_quiet_on(r, "PROF-111", r1);
    esv_report_free(r);
    /* an RFM-range TAR of its own: quiet */
    pv_set_hex(&f->instanceAID, "A0000005591010FFFFFFFF89B0FF0100");
    r = pv_verify(&p, ESV_POLICY_TEST);
    assert_quiet_on(r, "PROF-111", r1);
    assert_quiet_on(r, "PROF-112", r1);
    esv_report_free(r);
    pv_free(&p);
}

/* Appends an sdPersoData entry. */
static void perso_add(PE_SecurityDomain_t *s, const char *hexv)
{
    OCTET_STRING_t *o = calloc(1, sizeof(*o));
    assert_non_null(o);
    pv_set_hex(o, hexv);
    assert_int_equal(ASN_SEQUENCE_ADD(&s->sdPersoData->list, o), 0);
}

/* D5, SAIP v3.4.1 8.6.3 / GP CS 11.11.4.2: each sdPersoData entry one DGI;
 * the key control reference template '00B9' followed by its key's DGI. */
static void test_sd_perso_dgis(void **state)
{
    static const struct {
        const char *entry, *next; /* next: a second entry, or NULL */
        const char *says;         /* NULL: quiet */
        int at;                   /* the entry reported first */
        size_t n;                 /* findings */
    } cases[] = {
        {"0070", NULL, "shorter than a DGI header", 1, 1},
        {"007003AABB", NULL, "runs past the entry", 1, 1},
        {"007001AABB", NULL, "1 bytes follow", 1, 1},
        {"0070FF0001AA", NULL, "under 255", 1, 1},
        {"0070FF00", NULL, "lacks the two length bytes", 1, 1},
        {"007000", NULL, NULL, 0, 0},
        {"00B9059501820101", NULL, "is the last entry", 1, 1},
        /* the second '00B9' is the last entry too */
        {"00B9059501820101", "00B9059501820102", "followed by another '00B9'", 2, 2},
        {"00B9059501820101", "81131000112233445566778899AABBCCDDEEFF", NULL, 0, 0},
    };
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        pv_profile p;
        esv_report *r;
        long sd;
        PE_SecurityDomain_t *s;
        char path[64];
        load(V7_RAM, &p);
        sd = pv_find(&p, ProfileElement_PR_securityDomain, 0);
        s = &p.pe[sd]->choice.securityDomain;
        assert_non_null(s->sdPersoData);
        perso_add(s, cases[i].entry);
        if (cases[i].next)
            perso_add(s, cases[i].next);
        r = pv_verify(&p, ESV_POLICY_TEST);
        if (cases[i].says) {
            const esv_finding *f = fires_as(r, "PROF-144", sd, ESV_SEV_ERROR);
            if (strstr(esv_finding_message(f), cases[i].says) == NULL)
                fail_msg("case %zu: \"%s\" lacks \"%s\"", i, esv_finding_message(f), cases[i].says);
            snprintf(path, sizeof(path), "securityDomain/sdPersoData[%d]", cases[i].at);
            assert_string_equal(esv_finding_path(f), path);
            assert_int_equal(count_of(r, "PROF-144"), cases[i].n);
        } else {
            pv_assert_quiet(r, "PROF-144");
        }
        esv_report_free(r);
        pv_free(&p);
    }
    { /* a 255-byte value in the 'FF' form fills its entry: quiet */
        pv_profile p;
        esv_report *r;
        char hexv[2 * 260 + 1];
        load(V7_RAM, &p);
        strcpy(hexv, "8020FF00FF");
        for (int k = 0; k < 255; k++)
            strcat(hexv, "5A");
        perso_add(&p.pe[pv_find(&p, ProfileElement_PR_securityDomain, 0)]->choice.securityDomain, hexv);
        r = pv_verify(&p, ESV_POLICY_TEST);
        pv_assert_quiet(r, "PROF-144");
        esv_report_free(r);
        pv_free(&p);
    }
}

static OCTET_STRING_t **access_field(ApplicationInstance_t *in, int admin)
{
    if (in->applicationParameters == NULL) {
        in->applicationParameters = calloc(1, sizeof(*in->applicationParameters));
        assert_non_null(in->applicationParameters);
    }
    return admin ? &in->applicationParameters->uiccAdministrativeAccessApplicationSpecificParametersField
                 : &in->applicationParameters->uiccAccessApplicationSpecificParametersField;
}

static void set_access(ApplicationInstance_t *in, int admin, const char *hexv)
{
    OCTET_STRING_t **f = access_field(in, admin);
    if (*f == NULL) {
        *f = calloc(1, sizeof(OCTET_STRING_t));
        assert_non_null(*f);
    }
    pv_set_hex(*f, hexv);
}

/* D6, SAIP v3.4.1 8.6.3: an Access Domain DAP needs the DAP key (KVN '11'
 * KID '02') in the MNO-SD; the access parameters' domains as D7. */
static void test_access_domain_dap(void **state)
{
    pv_profile p;
    esv_report *r;
    long sd, app;
    ApplicationInstance_t *in;
    const esv_finding *f;
    (void)state;
    load(V7_NORAM, &p);
    sd = pv_find(&p, ProfileElement_PR_securityDomain, 0);
    in = new_instance("00", "07");
    /* UICC file system: UICC access mechanism with data, a 4-byte DAP */
    set_access(in, 0, "00" "020201" "0411223344");
    app = add_application(&p, 10, true, in);
    r = pv_verify(&p, ESV_POLICY_TEST);
    f = fires_as(r, "PROF-145", app, ESV_SEV_WARNING);
    assert_string_equal(esv_finding_path(f),
                        "application/instanceList[0]/applicationParameters/uiccAccessApplicationSpecificParametersField");
    assert_int_equal(count_of(r, "PROF-145"), 1);
    pv_assert_quiet(r, "PROF-146");
    pv_assert_quiet(r, "PROF-147");
    pv_assert_quiet(r, "PROF-113");
    esv_report_free(r);
    /* no DAP: quiet */
    set_access(in, 0, "00" "020201" "00");
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_quiet(r, "PROF-145");
    esv_report_free(r);
    /* a DAP in the administrative access parameters, with the key in the
     * MNO-SD: quiet; without it: fires */
    set_access(in, 1, "0CA0000000871002FF49FF0589" "01FF" "02ABCD");
    {
        KeyObject_t *ko = sd_key(&p, 0);
        pv_set_hex(&ko->keyVersionNumber, "11");
        pv_set_hex(&ko->keyIdentifier, "02");
        r = pv_verify(&p, ESV_POLICY_TEST);
        pv_assert_quiet(r, "PROF-145");
        esv_report_free(r);
        pv_set_hex(&ko->keyVersionNumber, "11");
        pv_set_hex(&ko->keyIdentifier, "01");
        r = pv_verify(&p, ESV_POLICY_TEST);
        f = fires_as(r, "PROF-145", app, ESV_SEV_WARNING);
        assert_non_null(strstr(esv_finding_path(f), "uiccAdministrativeAccessApplicationSpecificParametersField"));
        esv_report_free(r);
    }
    /* full access and an undefined domain in the access parameters */
    set_access(in, 0, "00" "0100" "00" "0CA0000000871002FF49FF0589" "0107" "00");
    r = pv_verify(&p, ESV_POLICY_TEST);
    f = fires_as(r, "PROF-147", app, ESV_SEV_INFO);
    assert_non_null(strstr(esv_finding_message(f), "access (UICC file system)"));
    f = fires_as(r, "PROF-146", app, ESV_SEV_WARNING);
    assert_non_null(strstr(esv_finding_message(f), "'07'"));
    esv_report_free(r);
    /* a length past the end: unreadable (PROF-113) */
    set_access(in, 0, "00" "0500");
    r = pv_verify(&p, ESV_POLICY_TEST);
    f = fires_as(r, "PROF-113", app, ESV_SEV_WARNING);
    assert_non_null(strstr(esv_finding_message(f), "access domain runs past the end"));
    esv_report_free(r);
    (void)sd;
    pv_free(&p);
}

/* D7, SAIP v3.4.1 8.8 / TS 102 226: PE-RFM access domain codings
 * (warning) and full access (info, naming the domains). */
static void test_rfm_access_domains(void **state)
{
    static const struct {
        const char *v, *says; /* NULL says: defined */
    } cases[] = {
        {"", "empty"}, {"05", "other than '00', '02' or 'FF'"}, {"01", "reserved or RFU"},
        {"02", "without its access domain data"}, {"0001", "does not take"}, {"FF00", "does not take"},
        {"FF", NULL}, {"020100", NULL},
    };
    pv_profile p;
    esv_report *r;
    long r1;
    PE_RFM_t *f;
    const esv_finding *x;
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        load(V7_RAM, &p);
        f = rfm(&p, 1, &r1);
        assert_non_null(f->adfRFMAccess);
        pv_set_hex(&f->adfRFMAccess->adfAdminAccessDomain, cases[i].v);
        r = pv_verify(&p, ESV_POLICY_TEST);
        if (cases[i].says) {
            x = fires_as(r, "PROF-146", r1, ESV_SEV_WARNING);
            if (strstr(esv_finding_message(x), cases[i].says) == NULL)
                fail_msg("case %zu: \"%s\" lacks \"%s\"", i, esv_finding_message(x), cases[i].says);
            assert_string_equal(esv_finding_path(x), "rfm/adfRFMAccess/adfAdminAccessDomain");
            assert_int_equal(count_of(r, "PROF-146"), 1);
        } else {
            pv_assert_quiet(r, "PROF-146");
        }
        /* the other three domains are still '00' */
        x = fires_as(r, "PROF-147", r1, ESV_SEV_INFO);
        assert_null(strstr(esv_finding_message(x), "adfAdminAccessDomain"));
        assert_non_null(strstr(esv_finding_message(x), "adfAccessDomain (ADF A0000000871002FF49FF0589)"));
        esv_report_free(r);
        pv_free(&p);
    }
    /* all four closed: no full access on that element */
    load(V7_RAM, &p);
    f = rfm(&p, 1, &r1);
    pv_set_hex(&f->uiccAccessDomain, "FF");
    pv_set_hex(&f->uiccAdminAccessDomain, "020100");
    pv_set_hex(&f->adfRFMAccess->adfAccessDomain, "FF");
    pv_set_hex(&f->adfRFMAccess->adfAdminAccessDomain, "FF");
    r = pv_verify(&p, ESV_POLICY_TEST);
    assert_quiet_on(r, "PROF-147", r1);
    pv_assert_quiet(r, "PROF-146");
    assert_int_equal(count_of(r, "PROF-147"), 3);
    esv_report_free(r);
    pv_free(&p);
}

/* A2, SAIP v3.4.1 8.7: an instance whose load package no PE-Application
 * of the package loads (or only a later one), a load block whose SD the
 * package does not create: info. */
static void test_application_links(void **state)
{
    pv_profile p;
    esv_report *r;
    long app, app2;
    ApplicationInstance_t *in;
    PE_Application_t *a;
    const esv_finding *f;
    (void)state;
    load(V7_NORAM, &p);
    app = add_application(&p, 10, true, new_instance("00", "07")); /* loads its own package */
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_quiet(r, "PROF-148");
    esv_report_free(r);
    /* an instance-only PE-Application of that package after it: quiet */
    in = new_instance("00", "07");
    pv_set_hex(&in->instanceAID, "A000000559101102");
    app2 = add_application(&p, 0, false, in);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_quiet(r, "PROF-148");
    esv_report_free(r);
    /* ... of a package the profile does not load */
    pv_set_hex(&in->applicationLoadPackageAID, "A0000005591099");
    r = pv_verify(&p, ESV_POLICY_TEST);
    f = fires_as(r, "PROF-148", app2, ESV_SEV_INFO);
    assert_non_null(strstr(esv_finding_message(f), "A0000005591099"));
    assert_string_equal(esv_finding_path(f), "application/instanceList[0]/applicationLoadPackageAID");
    assert_int_equal(count_of(r, "PROF-148"), 1);
    esv_report_free(r);
    /* ... loaded only by a later element */
    pv_set_hex(&in->applicationLoadPackageAID, "A0000005591011");
    pv_move(&p, (size_t)app2, (size_t)app);
    r = pv_verify(&p, ESV_POLICY_TEST);
    f = fires_as(r, "PROF-148", app, ESV_SEV_INFO);
    assert_non_null(strstr(esv_finding_message(f), "only later"));
    esv_report_free(r);
    pv_move(&p, (size_t)app, (size_t)app2);
    /* the load block's SD: the MNO-SD (quiet), one not in the package */
    a = &p.pe[app]->choice.application;
    a->loadBlock->securityDomainAID = calloc(1, sizeof(OCTET_STRING_t));
    assert_non_null(a->loadBlock->securityDomainAID);
    pv_set_hex(a->loadBlock->securityDomainAID, "A000000151000000");
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_quiet(r, "PROF-148");
    esv_report_free(r);
    pv_set_hex(a->loadBlock->securityDomainAID, "A000000151000077");
    r = pv_verify(&p, ESV_POLICY_TEST);
    f = fires_as(r, "PROF-148", app, ESV_SEV_INFO);
    assert_string_equal(esv_finding_path(f), "application/loadBlock/securityDomainAID");
    assert_int_equal(count_of(r, "PROF-148"), 1);
    esv_report_free(r);
    pv_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_ts48_profiles),
        cmocka_unit_test(test_test_profile_markers),
        cmocka_unit_test(test_remote_management_test_vs_operator),
        cmocka_unit_test(test_rfm_minimum_security_level),
        cmocka_unit_test(test_sd_toolkit_security_level),
        cmocka_unit_test(test_tar_lists),
        cmocka_unit_test(test_tar_ranges),
        cmocka_unit_test(test_unreadable_parameters),
        cmocka_unit_test(test_key_types_and_lengths),
        cmocka_unit_test(test_key_reuse_and_duplicate_ids),
        cmocka_unit_test(test_privileges),
        cmocka_unit_test(test_life_cycle),
        cmocka_unit_test(test_applications),
        cmocka_unit_test(test_known_sd_keys),
        cmocka_unit_test(test_new_rules_quiet_on_ts48_and_samples),
        cmocka_unit_test(test_extradition),
        cmocka_unit_test(test_key_codings),
        cmocka_unit_test(test_derived_rfm_tar),
        cmocka_unit_test(test_sd_perso_dgis),
        cmocka_unit_test(test_access_domain_dap),
        cmocka_unit_test(test_rfm_access_domains),
        cmocka_unit_test(test_application_links),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
