/*
 * test_prof_gp.c - PROF-100..124 (test-profile markers, RFM/RAM, OTA
 * security levels, TARs, security domain keys and privileges, life
 * cycles, applications): what the real GSMA TS.48 profiles carry, and
 * each rule firing on a variant of a real profile derived at test time.
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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
