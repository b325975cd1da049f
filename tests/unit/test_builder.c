/*
 * test_builder.c - the project's profile builder (tests/support/
 * profile_builder.h): its packages decode element by element to the
 * expected types in the order of TCA SAIP 8.1, re-encode byte for byte,
 * carry consistent identities (header ICCID = EF.ICCID, EF.IMSI / EF.ACC /
 * EF.AD per 3GPP TS 31.102), pass the production policy when they are the
 * clean sample, and every option changes what it claims to change. The
 * committed samples in examples/data must be what the builder makes now.
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "profile/model.h"
#include "profile_builder.h"
#include "profile_variant.h"
#include "testutil.h"

static void build(const pb_options *o, pv_profile *p)
{
    uint8_t *d;
    size_t len;
    assert_int_equal(pb_build(o, &d, &len), 0);
    pv_decode(d, len, p);
    free(d);
}

/* BCD nibbles to digits: swapped = low nibble first (SIM files). Stops at
 * the first 'F'. */
static void bcd_digits(const uint8_t *b, size_t n, int swapped, char *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned a = swapped ? b[i] & 0x0F : b[i] >> 4;
        unsigned c = swapped ? b[i] >> 4 : b[i] & 0x0F;
        if (a > 9)
            break;
        out[k++] = (char)('0' + a);
        if (c > 9)
            break;
        out[k++] = (char)('0' + c);
    }
    out[k] = 0;
}

/* The first fillFileContent of a File, or NULL. */
static const OCTET_STRING_t *first_content(const File_t *f)
{
    for (int i = 0; f && i < f->list.count; i++)
        if (f->list.array[i]->present == File__Member_PR_fillFileContent)
            return &f->list.array[i]->choice.fillFileContent;
    return NULL;
}

static long int_of(const INTEGER_t *v)
{
    long x = -1;
    assert_int_equal(esv_asn_long(v, &x), 0);
    return x;
}

/* Whether the header lists template 2.23.143.1.2.n. */
static int has_template(const ProfileHeader_t *h, unsigned long n)
{
    for (int i = 0; i < h->eUICC_Mandatory_GFSTEList.list.count; i++) {
        unsigned long arcs[8];
        int c = OBJECT_IDENTIFIER_get_arcs(h->eUICC_Mandatory_GFSTEList.list.array[i], arcs,
                                           sizeof(arcs[0]), 8);
        if (c == 6 && arcs[0] == 2 && arcs[1] == 23 && arcs[2] == 143 && arcs[3] == 1 &&
            arcs[4] == 2 && arcs[5] == n)
            return 1;
    }
    return 0;
}

static unsigned long template_of(const OBJECT_IDENTIFIER_t *oid)
{
    unsigned long arcs[8];
    int c = OBJECT_IDENTIFIER_get_arcs(oid, arcs, sizeof(arcs[0]), 8);
    assert_int_equal(c, 6);
    assert_true(arcs[0] == 2 && arcs[1] == 23 && arcs[2] == 143 && arcs[3] == 1 && arcs[4] == 2);
    return arcs[5];
}

static void test_luhn(void **state)
{
    pb_options o;
    uint8_t *d;
    size_t len;
    (void)state;
    /* ISO/IEC 7812-1 annex B worked example: 7992739871 -> 3. */
    assert_int_equal(pb_luhn_digit("7992739871"), '3');
    assert_int_equal(pb_luhn_digit("0"), '0');
    assert_int_equal(pb_luhn_digit(""), -1);
    assert_int_equal(pb_luhn_digit("12a4"), -1);
    /* The builder refuses an ICCID whose check digit is wrong, and bad
     * lengths or digits elsewhere. */
    pb_options_sample(&o);
    o.iccid[19] = (char)(o.iccid[19] == '9' ? '0' : o.iccid[19] + 1);
    assert_int_equal(pb_build(&o, &d, &len), -1);
    pb_options_sample(&o);
    snprintf(o.imsi, sizeof(o.imsi), "%s", "23492");
    assert_int_equal(pb_build(&o, &d, &len), -1);
    pb_options_sample(&o);
    o.k_len = 15;
    assert_int_equal(pb_build(&o, &d, &len), -1);
    pb_options_sample(&o);
    o.mnc_len = 4;
    assert_int_equal(pb_build(&o, &d, &len), -1);
    pb_options_sample(&o);
    o.iccid[19] = (char)(o.iccid[19] == '0' ? '1' : '0');
    assert_int_equal(pb_build_minimal(o.iccid, &d, &len), -1);
}

/* TCA SAIP 8.1: header, MF, then the PEs in creation order, end last;
 * identification values unique (8.2.2). */
static void test_sample_order(void **state)
{
    static const ProfileElement_PR expect[] = {
        ProfileElement_PR_header,   ProfileElement_PR_mf,           ProfileElement_PR_pukCodes,
        ProfileElement_PR_pinCodes, ProfileElement_PR_telecom,      ProfileElement_PR_usim,
        ProfileElement_PR_opt_usim, ProfileElement_PR_akaParameter, ProfileElement_PR_securityDomain,
        ProfileElement_PR_end,
    };
    pb_options o;
    pv_profile p;
    (void)state;
    pb_options_sample(&o);
    build(&o, &p);
    assert_int_equal(p.count, sizeof(expect) / sizeof(expect[0]));
    for (size_t i = 0; i < p.count; i++) {
        const PEHeader_t *h;
        assert_int_equal(p.pe[i]->present, expect[i]);
        if (i == 0)
            continue;
        h = (const PEHeader_t *)esv_pe_header(p.pe[i]);
        assert_non_null(h);
        for (size_t j = 1; j < i; j++)
            assert_int_not_equal(((const PEHeader_t *)esv_pe_header(p.pe[j]))->identification,
                                 h->identification);
    }
    /* Each template PE names its own template. */
    assert_int_equal(template_of(&p.pe[1]->choice.mf.templateID), 1);
    assert_int_equal(template_of(&p.pe[4]->choice.telecom.templateID), 3);
    assert_int_equal(template_of(&p.pe[5]->choice.usim.templateID), 4);
    assert_int_equal(template_of(&p.pe[6]->choice.opt_usim.templateID), 5);
    pv_free(&p);
}

/* The header ICCID (E.118 BCD, TCA SAIP 8.2.1) and EF.ICCID (swapped BCD,
 * ETSI TS 102 221 13.2) are the same number, with a valid Luhn digit, and
 * not the GSMA TS.48 test ICCID. */
static void test_iccid_agrees(void **state)
{
    pb_options o;
    pv_profile p;
    char h[21], f[21], body[20];
    const OCTET_STRING_t *ef;
    (void)state;
    pb_options_sample(&o);
    build(&o, &p);
    bcd_digits(p.pe[0]->choice.header.iccid.buf, p.pe[0]->choice.header.iccid.size, 0, h);
    ef = first_content(&p.pe[1]->choice.mf.ef_iccid);
    assert_non_null(ef);
    assert_int_equal(ef->size, 10);
    bcd_digits(ef->buf, ef->size, 1, f);
    assert_string_equal(h, o.iccid);
    assert_string_equal(f, o.iccid);
    memcpy(body, h, strlen(h) - 1);
    body[strlen(h) - 1] = 0;
    assert_int_equal(pb_luhn_digit(body), h[strlen(h) - 1]);
    assert_string_not_equal(h, "89000123456789012341");
    pv_free(&p);

    /* A 19-digit ICCID is padded with 'F' in both codings. */
    snprintf(body, sizeof(body), "%s", "894492010033330744");
    snprintf(o.iccid, sizeof(o.iccid), "%s%c", body, pb_luhn_digit(body));
    build(&o, &p);
    assert_int_equal(p.pe[0]->choice.header.iccid.buf[9] & 0x0F, 0x0F);
    ef = first_content(&p.pe[1]->choice.mf.ef_iccid);
    assert_int_equal(ef->buf[9] >> 4, 0x0F);
    bcd_digits(ef->buf, ef->size, 1, f);
    assert_string_equal(f, o.iccid);
    pv_free(&p);
}

/* EF.IMSI (TS 31.102 4.2.2): length, parity nibble, digits; EF.ACC
 * (4.2.15): exactly one class 0..9; EF.AD (4.2.18): MNC length;
 * EF.EHPLMN (4.2.84): the IMSI's PLMN. */
static void check_identity(const pb_options *o)
{
    pv_profile p;
    const PE_USIM_t *u;
    const OCTET_STRING_t *imsi, *acc, *ad, *ehplmn;
    size_t n = strlen(o->imsi);
    char digits[20];
    unsigned last = (unsigned)(o->imsi[n - 1] - '0'), bits = 0, cls = 99;
    long ui = 0;

    build(o, &p);
    ui = pv_find(&p, ProfileElement_PR_usim, 0);
    assert_true(ui > 0);
    u = &p.pe[ui]->choice.usim;
    imsi = first_content(&u->ef_imsi);
    assert_non_null(imsi);
    assert_int_equal(imsi->size, 9);
    assert_int_equal(imsi->buf[0], (n + 2) / 2);
    assert_int_equal(imsi->buf[1] & 0x0F, n % 2 ? 0x9 : 0x1);
    /* digits follow the parity nibble: high nibble of byte 1, then
     * swapped pairs */
    digits[0] = (char)('0' + (imsi->buf[1] >> 4));
    bcd_digits(imsi->buf + 2, imsi->buf[0] - 1, 1, digits + 1);
    assert_string_equal(digits, o->imsi);

    acc = first_content(&u->ef_acc);
    assert_non_null(acc);
    assert_int_equal(acc->size, 2);
    for (unsigned c = 0; c < 16; c++) {
        unsigned byte = c < 8 ? acc->buf[1] : acc->buf[0];
        if (byte >> (c % 8) & 1) {
            bits++;
            cls = c;
        }
    }
    assert_int_equal(bits, 1);
    assert_int_equal(cls, last);

    ad = first_content(u->ef_ad);
    assert_non_null(ad);
    assert_int_equal(ad->size, 4);
    assert_int_equal(ad->buf[3], o->mnc_len);

    if (o->opt_usim) {
        long oi = pv_find(&p, ProfileElement_PR_opt_usim, 0);
        uint8_t want[3];
        assert_true(oi > ui);
        ehplmn = first_content(p.pe[oi]->choice.opt_usim.ef_ehplmn);
        assert_non_null(ehplmn);
        want[0] = (uint8_t)((o->imsi[1] - '0') << 4 | (o->imsi[0] - '0'));
        want[1] = (uint8_t)((o->mnc_len == 3 ? (o->imsi[5] - '0') : 0xF) << 4 | (o->imsi[2] - '0'));
        want[2] = (uint8_t)((o->imsi[4] - '0') << 4 | (o->imsi[3] - '0'));
        assert_memory_equal(ehplmn->buf, want, 3);
    }
    pv_free(&p);
}

static void test_imsi_acc_ad(void **state)
{
    pb_options o;
    (void)state;
    pb_options_sample(&o);
    check_identity(&o); /* 15 digits, MNC of 2 */
    snprintf(o.imsi, sizeof(o.imsi), "%s", "23492099556238");
    o.mnc_len = 3;
    check_identity(&o); /* 14 digits (even), MNC of 3, class 8 */
    snprintf(o.imsi, sizeof(o.imsi), "%s", "234920995562339");
    check_identity(&o); /* class 9 */
}

/* PIN1 refers to PUK1, which exists; values are ASCII padded with 'FF'
 * (ETSI TS 102 221 9.5.1); DEFAULT components are absent (DER). */
static void test_pin_puk(void **state)
{
    pb_options o;
    pv_profile p;
    const PINConfiguration_t *pin1, *adm1;
    const PUKConfiguration_t *puk1;
    uint8_t want[8];
    (void)state;
    pb_options_sample(&o);
    build(&o, &p);
    puk1 = p.pe[2]->choice.pukCodes.pukCodes.list.array[0];
    assert_int_equal(int_of(&puk1->keyReference), 1);
    assert_null(puk1->maxNumOfAttemps_retryNumLeft);
    memset(want, 0xFF, sizeof(want));
    memcpy(want, o.puk1, strlen(o.puk1));
    assert_memory_equal(puk1->pukValue.buf, want, 8);
    assert_int_equal(p.pe[3]->choice.pinCodes.pinCodes.present, PE_PINCodes__pinCodes_PR_pinconfig);
    pin1 = p.pe[3]->choice.pinCodes.pinCodes.choice.pinconfig.list.array[0];
    adm1 = p.pe[3]->choice.pinCodes.pinCodes.choice.pinconfig.list.array[1];
    assert_int_equal(int_of(&pin1->keyReference), 1);
    assert_non_null(pin1->unblockingPINReference);
    assert_int_equal(int_of(pin1->unblockingPINReference), int_of(&puk1->keyReference));
    memset(want, 0xFF, sizeof(want));
    memcpy(want, o.pin1, strlen(o.pin1));
    assert_memory_equal(pin1->pinValue.buf, want, 8);
    assert_int_equal(int_of(&adm1->keyReference), 10);
    assert_null(adm1->unblockingPINReference);
    assert_memory_equal(adm1->pinValue.buf, o.adm1, 8);
    pv_free(&p);
}

/* Decoding and re-encoding every element gives the same bytes (the
 * builder's output is canonical DER as the generated encoder writes it). */
static void test_reencode_identical(void **state)
{
    pb_options o;
    pv_profile p;
    uint8_t *d, *e;
    size_t len, elen;
    (void)state;
    for (int variant = 0; variant < 3; variant++) {
        if (variant == 0)
            pb_options_sample(&o);
        else if (variant == 1)
            pb_options_test(&o);
        else {
            pb_options_sample(&o);
            o.isim = o.df_5gs = o.rfm = o.sd_ram = true;
        }
        assert_int_equal(pb_build(&o, &d, &len), 0);
        pv_decode(d, len, &p);
        e = pv_encode(&p, &elen);
        assert_int_equal(elen, len);
        assert_memory_equal(e, d, len);
        free(e);
        free(d);
        pv_free(&p);
    }
    assert_int_equal(pb_build_minimal("89449201005834235573", &d, &len), 0);
    pv_decode(d, len, &p);
    assert_int_equal(p.count, 5); /* header, MF, PUK and PIN codes, end */
    e = pv_encode(&p, &elen);
    assert_int_equal(elen, len);
    assert_memory_equal(e, d, len);
    free(e);
    free(d);
    pv_free(&p);
}

static void print_if_findings(const esv_report *r)
{
    for (size_t i = 0; i < esv_report_finding_count(r); i++) {
        const esv_finding *f = esv_report_finding(r, i);
        print_message("    %s %s element %ld: %s\n", esv_finding_rule_id(f),
                      esv_severity_str(esv_finding_severity(f)), esv_finding_element(f),
                      esv_finding_message(f));
    }
}

/* The clean sample, and the minimal package, pass the production policy
 * with no error or warning; the test-style profile fails it. */
static void test_production_verdicts(void **state)
{
    pb_options o;
    uint8_t *d;
    size_t len;
    esv_report *r;
    (void)state;
    pb_options_sample(&o);
    assert_int_equal(pb_build(&o, &d, &len), 0);
    r = pv_verify_bytes(d, len, ESV_POLICY_PRODUCTION);
    if (esv_report_verdict(r) != ESV_VERDICT_PASS ||
        esv_report_count_severity(r, ESV_SEV_WARNING) != 0)
        print_if_findings(r);
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_PASS);
    assert_int_equal(esv_report_count_severity(r, ESV_SEV_ERROR), 0);
    assert_int_equal(esv_report_count_severity(r, ESV_SEV_WARNING), 0);
    esv_report_free(r);
    free(d);

    assert_int_equal(pb_build_minimal(o.iccid, &d, &len), 0);
    r = pv_verify_bytes(d, len, ESV_POLICY_PRODUCTION);
    if (esv_report_verdict(r) != ESV_VERDICT_PASS)
        print_if_findings(r);
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_PASS);
    esv_report_free(r);
    free(d);

    /* The test-style sample: fails production; with RFM and RAM open it
     * fails the test policy too (remote management left open in a test
     * profile is an error under both, GSMA TS.48 v7.0 NoRAMRFM). */
    pb_options_test(&o);
    assert_int_equal(pb_build(&o, &d, &len), 0);
    r = pv_verify_bytes(d, len, ESV_POLICY_PRODUCTION);
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_FAIL);
    esv_report_free(r);
    {
        pv_profile p;
        long sd, rfm;
        pv_decode(d, len, &p);
        sd = pv_find(&p, ProfileElement_PR_securityDomain, 0);
        rfm = pv_find(&p, ProfileElement_PR_rfm, 0);
        pv_free(&p);
        r = pv_verify_bytes(d, len, ESV_POLICY_TEST);
        assert_int_equal(esv_report_verdict(r), ESV_VERDICT_FAIL);
        pv_assert_fires(r, "PROF-103", rfm); /* RFM open in a test profile */
        pv_assert_fires(r, "PROF-105", sd);  /* RAM open in a test profile */
        esv_report_free(r);
    }
    free(d);

    /* Without RFM and RAM, the same test profile has no error under the
     * test policy (the acceptance rule for TS.48 NoRAMRFM profiles). */
    o.rfm = o.sd_ram = false;
    for (size_t i = 0; i < 3; i++)
        for (size_t k = 0; k < 16; k++)
            o.sd_keys[i][k] = (uint8_t)(k + 16 * i); /* distinct keys */
    assert_int_equal(pb_build(&o, &d, &len), 0);
    r = pv_verify_bytes(d, len, ESV_POLICY_TEST);
    if (esv_report_count_severity(r, ESV_SEV_ERROR) != 0)
        print_if_findings(r);
    assert_int_equal(esv_report_count_severity(r, ESV_SEV_ERROR), 0);
    esv_report_free(r);
    free(d);
}

/* TCA SAIP 8.2.1 / 8.6: the algorithm option sets both the header service
 * and the AKA parameters. */
static void check_algorithm(const pb_options *o, int service_tuak128, int service_tuak256,
                            int service_milenage, int service_test)
{
    pv_profile p;
    const ServicesList_t *sv;
    const AlgoParameter_t *ap;
    long ai;
    build(o, &p);
    sv = &p.pe[0]->choice.header.eUICC_Mandatory_services;
    assert_int_equal(sv->tuak128 != NULL, service_tuak128);
    assert_int_equal(sv->tuak256 != NULL, service_tuak256);
    assert_int_equal(sv->milenage != NULL, service_milenage);
    assert_int_equal(sv->usim_test_algorithm != NULL, service_test);
    assert_non_null(sv->usim);
    ai = pv_find(&p, ProfileElement_PR_akaParameter, 0);
    assert_true(ai > pv_find(&p, ProfileElement_PR_usim, 0));
    assert_int_equal(p.pe[ai]->choice.akaParameter.algoConfiguration.present,
                     PE_AKAParameter__algoConfiguration_PR_algoParameter);
    ap = &p.pe[ai]->choice.akaParameter.algoConfiguration.choice.algoParameter;
    assert_int_equal(int_of(&ap->algorithmID), (long)o->algorithm);
    assert_int_equal(ap->key.size, o->k_len);
    assert_memory_equal(ap->key.buf, o->k, o->k_len);
    assert_int_equal(ap->opc.size, o->opc_len);
    assert_memory_equal(ap->opc.buf, o->opc, o->opc_len);
    /* standard constants: left to their DEFAULT */
    assert_null(ap->rotationConstants);
    assert_null(ap->xoringConstants);
    pv_free(&p);
}

static void test_algorithm_option(void **state)
{
    pb_options o;
    (void)state;
    pb_options_sample(&o);
    check_algorithm(&o, 0, 0, 1, 0);
    o.algorithm = PB_ALG_TUAK;
    for (size_t i = 0; i < 32; i++)
        o.opc[i] = (uint8_t)(0x5A ^ (i * 37));
    o.opc_len = 32;
    check_algorithm(&o, 1, 0, 0, 0); /* 16-byte K: TUAK-128 */
    for (size_t i = 16; i < 32; i++)
        o.k[i] = (uint8_t)(0xC3 ^ (i * 11));
    o.k_len = 32;
    check_algorithm(&o, 0, 1, 0, 0); /* 32-byte K: TUAK-256 */
    pb_options_test(&o);
    check_algorithm(&o, 0, 0, 0, 1);
}

/* Each optional element appears only when asked for, at its place, and
 * the header's template list / services follow. */
static void test_optional_elements(void **state)
{
    pb_options o;
    pv_profile p;
    const ProfileHeader_t *h;
    (void)state;

    pb_options_sample(&o);
    o.telecom = o.opt_usim = o.security_domain = false;
    build(&o, &p);
    h = &p.pe[0]->choice.header;
    assert_int_equal(p.count, 7); /* header mf puk pin usim aka end */
    assert_int_equal(pv_find(&p, ProfileElement_PR_telecom, 0), -1);
    assert_int_equal(pv_find(&p, ProfileElement_PR_opt_usim, 0), -1);
    assert_int_equal(pv_find(&p, ProfileElement_PR_securityDomain, 0), -1);
    assert_true(has_template(h, 1) && has_template(h, 4));
    assert_false(has_template(h, 3) || has_template(h, 5) || has_template(h, 8) || has_template(h, 13));
    assert_null(h->eUICC_Mandatory_services.isim);
    pv_free(&p);

    pb_options_sample(&o);
    o.isim = o.df_5gs = o.rfm = true;
    build(&o, &p);
    h = &p.pe[0]->choice.header;
    assert_true(has_template(h, 1) && has_template(h, 3) && has_template(h, 4) &&
                has_template(h, 5) && has_template(h, 8) && has_template(h, 13));
    assert_non_null(h->eUICC_Mandatory_services.isim);
    assert_true(pv_find(&p, ProfileElement_PR_df_5gs, 0) > pv_find(&p, ProfileElement_PR_usim, 0));
    assert_true(pv_find(&p, ProfileElement_PR_isim, 0) > pv_find(&p, ProfileElement_PR_usim, 0));
    /* the ISIM has AKA parameters of its own, after it */
    assert_true(pv_find(&p, ProfileElement_PR_akaParameter, 1) > pv_find(&p, ProfileElement_PR_isim, 0));
    assert_int_equal(pv_find(&p, ProfileElement_PR_rfm, 0), (long)p.count - 2);
    assert_int_equal(p.pe[p.count - 1]->present, ProfileElement_PR_end);
    {
        /* EF.DIR lists both applications, the ISIM at the second record */
        const File_t *dir = &p.pe[1]->choice.mf.ef_dir;
        int contents = 0;
        for (int i = 0; i < dir->list.count; i++)
            contents += dir->list.array[i]->present == File__Member_PR_fillFileContent;
        assert_int_equal(contents, 2);
        assert_int_equal(dir->list.array[0]->present, File__Member_PR_fileDescriptor);
    }
    pv_free(&p);

    /* profile type, version */
    pb_options_sample(&o);
    snprintf(o.profile_type, sizeof(o.profile_type), "%s", "another type");
    o.major_version = 3;
    o.minor_version = 1;
    build(&o, &p);
    h = &p.pe[0]->choice.header;
    assert_int_equal(h->major_version, 3);
    assert_int_equal(h->minor_version, 1);
    assert_non_null(h->profileType);
    assert_int_equal(h->profileType->size, strlen("another type"));
    assert_memory_equal(h->profileType->buf, "another type", h->profileType->size);
    pv_free(&p);
}

/* The security domain: three distinct keys of one key version, AES; the
 * RAM option adds toolkit parameters with a TAR; RFM carries its TAR and
 * minimum security level. */
static void test_sd_rfm(void **state)
{
    pb_options o;
    pv_profile p;
    const PE_SecurityDomain_t *sd;
    const PE_RFM_t *rfm;
    long si, ri;
    (void)state;
    pb_options_sample(&o);
    build(&o, &p);
    si = pv_find(&p, ProfileElement_PR_securityDomain, 0);
    assert_true(si > 0);
    sd = &p.pe[si]->choice.securityDomain;
    assert_non_null(sd->keyList);
    assert_int_equal(sd->keyList->list.count, 3);
    for (int i = 0; i < 3; i++) {
        const KeyObject_t *k = sd->keyList->list.array[i];
        assert_int_equal(k->keyVersionNumber.buf[0], o.sd_kvn);
        assert_int_equal(k->keyIdentifier.buf[0], i + 1);
        assert_memory_equal(k->keyCompontents.list.array[0]->keyData.buf, o.sd_keys[i], 16);
        for (int j = 0; j < i; j++)
            assert_memory_not_equal(o.sd_keys[i], o.sd_keys[j], 16);
    }
    assert_null(sd->instance.applicationParameters);
    assert_int_equal(pv_find(&p, ProfileElement_PR_rfm, 0), -1);
    pv_free(&p);

    pb_options_test(&o);
    build(&o, &p);
    si = pv_find(&p, ProfileElement_PR_securityDomain, 0);
    ri = pv_find(&p, ProfileElement_PR_rfm, 0);
    assert_true(si > 0 && ri > si);
    sd = &p.pe[si]->choice.securityDomain;
    assert_non_null(sd->instance.applicationParameters);
    assert_non_null(sd->instance.applicationParameters->uiccToolkitApplicationSpecificParametersField);
    rfm = &p.pe[ri]->choice.rfm;
    assert_non_null(rfm->tarList);
    assert_int_equal(rfm->tarList->list.count, 1);
    assert_memory_equal(rfm->tarList->list.array[0]->buf, o.rfm_tar, 3);
    assert_int_equal(rfm->minimumSecurityLevel.buf[0], o.rfm_msl);
    pv_free(&p);
}

/* examples/data holds what tools/build_samples writes today (run from the
 * repository root, as make does; skipped elsewhere). */
static void test_committed_samples_current(void **state)
{
    pb_options o;
    uint8_t *want, *have;
    size_t wlen, hlen;
    (void)state;
    have = tu_read_file("examples/data/sample-profile.der", &hlen);
    if (have == NULL) {
        print_message("skipped: not run from the repository root\n");
        skip();
    }
    pb_options_sample(&o);
    assert_int_equal(pb_build(&o, &want, &wlen), 0);
    assert_int_equal(hlen, wlen);
    assert_memory_equal(have, want, wlen);
    free(have);
    free(want);

    have = tu_read_file("examples/data/test-profile-ram.der", &hlen);
    assert_non_null(have);
    pb_options_test(&o);
    assert_int_equal(pb_build(&o, &want, &wlen), 0);
    assert_int_equal(hlen, wlen);
    assert_memory_equal(have, want, wlen);
    free(have);
    free(want);

    have = tu_read_file("examples/data/minimal-profile.der", &hlen);
    assert_non_null(have);
    pb_options_sample(&o);
    assert_int_equal(pb_build_minimal(o.iccid, &want, &wlen), 0);
    assert_int_equal(hlen, wlen);
    assert_memory_equal(have, want, wlen);
    free(have);
    free(want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_luhn),
        cmocka_unit_test(test_sample_order),
        cmocka_unit_test(test_iccid_agrees),
        cmocka_unit_test(test_imsi_acc_ad),
        cmocka_unit_test(test_pin_puk),
        cmocka_unit_test(test_reencode_identical),
        cmocka_unit_test(test_production_verdicts),
        cmocka_unit_test(test_algorithm_option),
        cmocka_unit_test(test_optional_elements),
        cmocka_unit_test(test_sd_rfm),
        cmocka_unit_test(test_committed_samples_current),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
