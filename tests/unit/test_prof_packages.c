/*
 * test_prof_packages.c - package shapes SAIP allows that esv once judged
 * wrong (issue 11's three false errors), built from the project's profile
 * builder (no third-party data):
 *  - a PE-PHONEBOOK (DF.PHONEBOOK under ADF.USIM, SAIP 8.3) after the usim,
 *    with no PE-TELECOM: it was "phonebook without telecom" (PROF-009);
 *  - an IoT Minimal package (header iotOptions, PE-IoT in place of PE-MF
 *    and PE-USIM, SAIP v3.3): it was "no PE-MF" (PROF-006) and "usim
 *    declared, no usim element" (PROF-013), and its EF.IMSI and EF.ACC were
 *    never checked;
 *  - a Full package whose MF a PE-GenericFileManagement creates (SAIP
 *    8.4): it was PROF-006;
 * and a component of a later version inside a known element, which the
 * decoder skipped without a word (now PROF-127, info).
 * Each asserts the false finding gone, and the rule still firing where the
 * shape is really wrong.
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "asn1/saip.h"
#include "der/der.h"
#include "testutil.h"
#include "IotOptions.h"
#include "KeyObject.h"
#include "esv/esv.h"
#include "profile_builder.h"
#include "profile_variant.h"

/* Elements of the builder's production sample (telecom as asked). */
static void sample(pv_profile *p, bool telecom)
{
    pb_options o;
    ProfileElement_t **pes;
    size_t n;
    pb_options_sample(&o);
    o.telecom = telecom;
    assert_int_equal(pb_build_elements(&o, &pes, &n), 0);
    p->pe = pes;
    p->count = n;
}

static ProfileElement_t *decode(const uint8_t *der, size_t len)
{
    ProfileElement_t *pe = NULL;
    size_t fo = 0;
    assert_int_equal(esv_saip_decode(der, len, &pe, &fo), 0);
    return pe;
}

/* Inserts pe at position at. */
static void insert(pv_profile *p, ProfileElement_t *pe, size_t at)
{
    ProfileElement_t **np = realloc(p->pe, (p->count + 1) * sizeof(*np));
    assert_non_null(np);
    p->pe = np;
    memmove(p->pe + at + 1, p->pe + at, (p->count - at) * sizeof(*np));
    p->pe[at] = pe;
    p->count++;
}

static size_t count(const esv_report *r, const char *id)
{
    size_t n = 0;
    for (size_t i = 0; i < esv_report_finding_count(r); i++)
        n += strcmp(esv_finding_rule_id(esv_report_finding(r, i)), id) == 0;
    return n;
}

/* PE-PHONEBOOK [23] { phonebook-header { identification 40 },
 * templateID 2.23.143.1.2.13, df-phonebook { doNotCreate } } */
static const uint8_t phonebook_der[] = {0xb7, 0x11, 0xa0, 0x03, 0x81, 0x01, 0x28, 0x81, 0x06, 0x67, 0x81,
                                        0x0f, 0x01, 0x02, 0x0d, 0xa2, 0x02, 0x80, 0x00};

static void test_phonebook_under_usim(void **state)
{
    pv_profile p;
    esv_report *r;
    long usim;
    (void)state;
    /* after the usim, no PE-TELECOM: valid (the false PROF-009) */
    sample(&p, false);
    usim = pv_find(&p, ProfileElement_PR_usim, 0);
    assert_true(usim > 0);
    assert_int_equal(pv_find(&p, ProfileElement_PR_telecom, 0), -1);
    insert(&p, decode(phonebook_der, sizeof(phonebook_der)), (size_t)usim + 1);
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    assert_int_equal(count(r, "PROF-009"), 0);
    assert_int_equal(count(r, "PROF-010"), 0);
    assert_int_equal(count(r, "PROF-008"), 0);
    esv_report_free(r);
    /* before the usim: its parent comes after it (PROF-010) */
    pv_move(&p, (size_t)usim + 1, (size_t)usim);
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    pv_assert_fires(r, "PROF-010", usim);
    esv_report_free(r);
    pv_free(&p);
}

/* An IoT Minimal package: the sample's header with iotOptions, and a
 * PE-IoT made of the usim's EF.IMSI and EF.ACC in place of PE-MF,
 * PE-USIM and PE-OPT-USIM. */
static void iot_package(pv_profile *p, int bad_imsi)
{
    ProfileElement_t *iot = calloc(1, sizeof(*iot));
    const ProfileElement_t *u;
    long usim, mf;
    static const uint8_t pix[7] = {0x10, 0x02, 0xff, 0xff, 0xff, 0xff, 0x89};
    static const uint8_t tpl_iot[] = {0x67, 0x81, 0x0f, 0x01, 0x02, 0x20};

    sample(p, false);
    assert_non_null(iot);
    usim = pv_find(p, ProfileElement_PR_usim, 0);
    u = p->pe[usim];
    iot->present = ProfileElement_PR_iot;
    iot->choice.iot.iot_header.identification = 2;
    pv_set_octets((OCTET_STRING_t *)(void *)&iot->choice.iot.templateID, tpl_iot, sizeof(tpl_iot));
    /* copy the two Files through their encoding */
    {
        const File_t *src[2] = {&u->choice.usim.ef_imsi, &u->choice.usim.ef_acc};
        File_t *dst[2] = {&iot->choice.iot.ef_imsi, &iot->choice.iot.ef_acc};
        for (int k = 0; k < 2; k++) {
            asn_enc_rval_t er;
            asn_dec_rval_t dr;
            void *d = dst[k];
            uint8_t buf[512];
            er = der_encode_to_buffer(&asn_DEF_File, (void *)(uintptr_t)src[k], buf, sizeof(buf));
            assert_true(er.encoded > 0);
            if (k == 0 && bad_imsi) {
                /* fillFileContent of EF.IMSI: make the parity nibble wrong */
                for (ssize_t i = 0; i + 3 < er.encoded; i++)
                    if (buf[i] == 0x83 && buf[i + 1] == 9 && buf[i + 2] == 0x08) {
                        buf[i + 3] ^= 0x08;
                        break;
                    }
            }
            dr = ber_decode(NULL, &asn_DEF_File, &d, buf, (size_t)er.encoded);
            assert_int_equal(dr.code, RC_OK);
        }
    }
    /* the header: iotOptions */
    {
        ProfileHeader_t *h = &p->pe[0]->choice.header;
        h->iotOptions = calloc(1, sizeof(*h->iotOptions));
        assert_non_null(h->iotOptions);
        pv_set_octets(&h->iotOptions->pix, pix, sizeof(pix));
    }
    /* PE-IoT in place of PE-MF, after the PUK codes (SAIP v3.4.1 8.5.2:
     * right after the header in an IoT Minimal package); the usim
     * elements go */
    mf = pv_find(p, ProfileElement_PR_mf, 0);
    assert_int_equal(mf, 1);
    pv_remove(p, (size_t)mf);
    assert_int_equal(pv_find(p, ProfileElement_PR_pukCodes, 0), 1);
    insert(p, iot, 2);
    while ((usim = pv_find(p, ProfileElement_PR_usim, 0)) >= 0)
        pv_remove(p, (size_t)usim);
    while ((usim = pv_find(p, ProfileElement_PR_opt_usim, 0)) >= 0)
        pv_remove(p, (size_t)usim);
}

static void test_iot_minimal(void **state)
{
    pv_profile p;
    esv_report *r;
    (void)state;
    iot_package(&p, 0);
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    assert_int_equal(count(r, "PROF-006"), 0);
    assert_int_equal(count(r, "PROF-007"), 0);
    assert_int_equal(count(r, "PROF-013"), 0);
    assert_int_equal(count(r, "PROF-128"), 0);
    assert_int_equal(count(r, "PROF-129"), 0);
    /* its EF.IMSI and EF.ACC are checked, and pass */
    assert_int_equal(count(r, "PROF-036") + count(r, "PROF-037") + count(r, "PROF-038"), 0);
    assert_int_equal(count(r, "PROF-040"), 0);
    /* PE-IoT creates the MF: the PE-PINCodes after it (PIN1, ADM1) is
     * the MF's (pins.c), and its AKA parameters are there */
    assert_int_equal(count(r, "PROF-077"), 0);
    assert_int_equal(count(r, "PROF-151") + count(r, "PROF-152") + count(r, "PROF-153"), 0);
    assert_int_equal(count(r, "PROF-154") + count(r, "PROF-155") + count(r, "PROF-156"), 0);
    assert_int_equal(count(r, "PROF-008") + count(r, "PROF-150"), 0);
    esv_report_free(r);
    pv_free(&p);
    /* a wrong EF.IMSI in PE-IoT is found there */
    iot_package(&p, 1);
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    pv_assert_fires(r, "PROF-037", 2);
    assert_string_equal(esv_finding_path(esv_report_find(r, "PROF-037")), "iot/ef-imsi");
    esv_report_free(r);
    pv_free(&p);
}

/* PE-GenericFileManagement [1] { gfm-header { identification 1 },
 * fileManagementCMD { { createFCP { fileDescriptor '7821' (DF),
 * fileID '3F00' } } } } */
static const uint8_t gfm_mf_der[] = {0xa1, 0x13, 0xa0, 0x03, 0x81, 0x01, 0x01, 0xa1, 0x0c, 0x30, 0x0a,
                                     0x62, 0x08, 0x82, 0x02, 0x78, 0x21, 0x83, 0x02, 0x3f, 0x00};

static void test_mf_by_generic_file_management(void **state)
{
    pv_profile p;
    esv_report *r;
    long mf;
    (void)state;
    sample(&p, true);
    mf = pv_find(&p, ProfileElement_PR_mf, 0);
    assert_int_equal(mf, 1);
    pv_remove(&p, (size_t)mf);
    insert(&p, decode(gfm_mf_der, sizeof(gfm_mf_der)), 1);
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    assert_int_equal(count(r, "PROF-006"), 0);
    assert_int_equal(count(r, "PROF-007"), 0);
    esv_report_free(r);
    /* not right after the header: PROF-007 on it */
    pv_move(&p, 1, 3);
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    pv_assert_fires(r, "PROF-007", 3);
    assert_int_equal(count(r, "PROF-006"), 0);
    esv_report_free(r);
    /* and without it: no MF at all */
    pv_remove(&p, 3);
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    pv_assert_fires(r, "PROF-006", 0);
    esv_report_free(r);
    pv_free(&p);
}

/* A component a later SAIP version added, inside a known element: the
 * decoder skips it (the schema's extension marker), and the report says
 * it was not checked (PROF-127, info) instead of passing it silently. */
static void test_unknown_component_said(void **state)
{
    pb_options o;
    uint8_t *d, *m;
    size_t len, last = 0;
    esv_report *r;
    (void)state;
    pb_options_sample(&o);
    assert_int_equal(pb_build(&o, &d, &len), 0);
    r = pv_verify_bytes(d, len, ESV_POLICY_PRODUCTION);
    assert_int_equal(count(r, "PROF-127"), 0);
    esv_report_free(r);
    /* the last element (PE-End, short form): append [5] NULL inside */
    {
        der_cursor c;
        der_tlv t;
        der_cursor_init(&c, d, len, 0);
        while (!der_cursor_done(&c)) {
            assert_int_equal(der_read_tlv(&c, &t, NULL), DER_OK);
            last = t.off;
        }
    }
    assert_int_equal(d[last], 0xaa);
    assert_true(d[last + 1] < 0x7e);
    m = malloc(len + 2);
    assert_non_null(m);
    memcpy(m, d, len);
    m[last + 1] = (uint8_t)(m[last + 1] + 2);
    m[len] = 0x85;
    m[len + 1] = 0x00;
    r = pv_verify_bytes(m, len + 2, ESV_POLICY_PRODUCTION);
    pv_assert_fires(r, "PROF-127", -1);
    assert_int_equal(esv_finding_severity(esv_report_find(r, "PROF-127")), ESV_SEV_INFO);
    assert_non_null(strstr(esv_finding_message(esv_report_find(r, "PROF-127")), "2 of its"));
    esv_report_free(r);
    free(m);
    free(d);
}

/* An alternative a later SAIP version might add to the CHOICE inside a
 * File ([APPLICATION 0] here, in the MF's File): the decoder keeps no
 * alternative for it and the encoder refuses the value; the report says
 * the element was not checked (PROF-127) instead of passing it silently
 * (fuzz_profile_roundtrip found it). */
/* X.690 8.1.2.5: a component the schema makes constructed (a SEQUENCE,
 * SET OF or CHOICE under an IMPLICIT tag) sent in primitive form. The
 * strict walk takes its contents as opaque bytes; asn1c's decoder ignores
 * the constructed bit and reads them as the components
 * (fuzz_profile_roundtrip's R7, whose regression input this is: element 6
 * of a mutated builder package). The value then holds more TLVs than the
 * DER: DER-021 on the element, which is not decoded, so no rule reads
 * it. The builder's package has no such finding. */
static void test_primitive_form_of_constructed(void **state)
{
    pb_options o;
    uint8_t *d;
    size_t len, i, hits = 0;
    esv_report *r;
    (void)state;
    pb_options_sample(&o);
    assert_int_equal(pb_build(&o, &d, &len), 0);
    r = pv_verify_bytes(d, len, ESV_POLICY_PRODUCTION);
    assert_int_equal(count(r, "DER-021"), 0);
    esv_report_free(r);
    free(d);
    d = tu_read_file("fuzz/regressions/fuzz_profile_roundtrip/r7-primitive-tag-decoded-as-sequence.der", &len);
    assert_non_null(d);
    r = pv_verify_bytes(d, len, ESV_POLICY_PRODUCTION);
    for (i = 0; i < esv_report_finding_count(r); i++) {
        const esv_finding *f = esv_report_finding(r, i);
        if (strcmp(esv_finding_rule_id(f), "DER-021") == 0 &&
            strstr(esv_finding_message(f), "is in primitive form") != NULL) {
            assert_int_equal(esv_finding_element(f), 6);
            assert_int_equal(esv_finding_severity(f), ESV_SEV_ERROR);
            hits++;
        }
    }
    assert_int_equal(hits, 1);
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_FAIL);
    esv_report_free(r);
    free(d);
}

static void test_unknown_choice_alternative_said(void **state)
{
    pb_options o;
    uint8_t *d, *m, *w;
    size_t len;
    der_cursor c, in;
    der_tlv t, mf = {0}, file = {0};
    uint8_t hdr[DER_HEADER_MAX];
    esv_report *r;
    const esv_finding *f;
    (void)state;
    pb_options_sample(&o);
    assert_int_equal(pb_build(&o, &d, &len), 0);
    der_cursor_init(&c, d, len, 0);
    while (!der_cursor_done(&c)) {
        assert_int_equal(der_read_tlv(&c, &t, NULL), DER_OK);
        if (t.cls == DER_CLASS_CONTEXT && t.tag == 16 && mf.hdr_len == 0)
            mf = t; /* mf [16] */
    }
    assert_true(mf.hdr_len > 0);
    der_cursor_enter(&in, &mf);
    while (!der_cursor_done(&in)) {
        assert_int_equal(der_read_tlv(&in, &t, NULL), DER_OK);
        if (t.cls == DER_CLASS_CONTEXT && t.tag == 2 && file.hdr_len == 0)
            file = t; /* PE-MF's mf [2] File */
    }
    assert_true(file.hdr_len > 0);
    m = malloc(len + 2 * DER_HEADER_MAX + 2);
    assert_non_null(m);
    w = m;
    memcpy(w, d, mf.off);
    w += mf.off;
    {
        /* the File's new header and two more bytes grow the element */
        size_t fh = der_write_header(hdr, 0xa2, file.len + 2);
        size_t before = file.off - (mf.off + mf.hdr_len), after = mf.len - before - file.hdr_len - file.len;
        w += der_write_header(w, 0xb0, mf.len + 2 + fh - file.hdr_len);
        memcpy(w, mf.val, before);
        w += before;
        memcpy(w, hdr, fh);
        w += fh;
        memcpy(w, file.val, file.len);
        w += file.len;
        *w++ = 0x40; /* [APPLICATION 0], empty */
        *w++ = 0x00;
        memcpy(w, file.val + file.len, after);
        w += after;
        memcpy(w, mf.val + mf.len, len - (mf.off + mf.hdr_len + mf.len));
        w += len - (mf.off + mf.hdr_len + mf.len);
    }
    r = pv_verify_bytes(m, (size_t)(w - m), ESV_POLICY_PRODUCTION);
    f = esv_report_find(r, "PROF-127");
    assert_non_null(f);
    assert_non_null(strstr(esv_finding_message(f), "CHOICE alternative"));
    esv_report_free(r);
    free(m);
    free(d);
}

/* The package type (SAIP v3.4.1 7.4, 7.5, 8.1.3), the PUK codes' place
 * (8.5.2) and count (8.1), the MF made once, a newer header version. */
static void test_package_type_and_puk(void **state)
{
    pv_profile p;
    esv_report *r;
    long puk, pin;
    (void)state;
    /* the builder's sample: none of these fire */
    sample(&p, true);
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    assert_int_equal(count(r, "PROF-128") + count(r, "PROF-129") + count(r, "PROF-130") + count(r, "PROF-008"), 0);
    esv_report_free(r);
    /* PUK codes after the PIN codes */
    puk = pv_find(&p, ProfileElement_PR_pukCodes, 0);
    pin = pv_find(&p, ProfileElement_PR_pinCodes, 0);
    assert_true(puk == 2 && pin == 3);
    pv_move(&p, (size_t)puk, (size_t)pin);
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    pv_assert_fires(r, "PROF-129", 3);
    esv_report_free(r);
    pv_move(&p, (size_t)pin, (size_t)puk);
    /* two PE-PUKCodes */
    pv_duplicate(&p, (size_t)puk, (size_t)puk + 1);
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    pv_assert_fires(r, "PROF-008", puk + 1);
    esv_report_free(r);
    pv_remove(&p, (size_t)puk + 1);
    /* the MF made twice: PE-MF and a generic file management '3F00' */
    insert(&p, decode(gfm_mf_der, sizeof(gfm_mf_der)), 3);
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    pv_assert_fires(r, "PROF-008", 3);
    assert_non_null(strstr(esv_finding_message(esv_report_find(r, "PROF-008")), "created twice"));
    esv_report_free(r);
    pv_remove(&p, 3);
    /* SAIP 3.4 header: said to be newer than the schema (info) */
    p.pe[0]->choice.header.major_version = 3;
    p.pe[0]->choice.header.minor_version = 4;
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    pv_assert_fires(r, "PROF-130", 0);
    assert_int_equal(esv_finding_severity(esv_report_find(r, "PROF-130")), ESV_SEV_INFO);
    esv_report_free(r);
    pv_free(&p);

    /* an IoT Minimal package (iotOptions) with a PE-MF too */
    iot_package(&p, 0);
    {
        pv_profile full;
        sample(&full, false);
        insert(&p, full.pe[1], 3); /* its PE-MF */
        full.pe[1] = NULL;
        pv_free(&full);
    }
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    pv_assert_fires(r, "PROF-128", 3);
    esv_report_free(r);
    /* and a PE-IoT in a Full package (no iotOptions) */
    ASN_STRUCT_FREE(asn_DEF_IotOptions, p.pe[0]->choice.header.iotOptions);
    p.pe[0]->choice.header.iotOptions = NULL;
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    pv_assert_fires(r, "PROF-128", 2);
    esv_report_free(r);
    pv_free(&p);
}

/* Instance AIDs used once in the package (SAIP v3.4.1 8.6, 8.7; GP CS
 * 9.3.3): a second security domain with the same instance AID. */
static void test_unique_instance_aids(void **state)
{
    pv_profile p;
    esv_report *r;
    long sd;
    (void)state;
    sample(&p, true);
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    assert_int_equal(count(r, "PROF-131"), 0);
    esv_report_free(r);
    sd = pv_find(&p, ProfileElement_PR_securityDomain, 0);
    assert_true(sd > 0);
    pv_duplicate(&p, (size_t)sd, (size_t)sd + 1);
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    pv_assert_fires(r, "PROF-131", sd + 1);
    assert_int_equal(count(r, "PROF-131"), 1);
    assert_non_null(strstr(esv_finding_message(esv_report_find(r, "PROF-131")), "instance AID"));
    esv_report_free(r);
    pv_free(&p);
}

/* The MNO-SD (SAIP v3.4.1 8.6.2, 8.6.6, 8.6.7, 8.7.3) and an RFM instance
 * with no tarList and no TAR in its AID (8.8). */
static void test_mno_sd_and_rfm_tar(void **state)
{
    pv_profile p;
    esv_report *r;
    pb_options o;
    ProfileElement_t **pes;
    size_t n;
    long sd, rfm;
    (void)state;
    sample(&p, true);
    sd = pv_find(&p, ProfileElement_PR_securityDomain, 0);
    assert_true(sd > 0);
    /* a second SD (its own AID) carrying catTpParameters */
    pv_duplicate(&p, (size_t)sd, (size_t)sd + 1);
    pv_set_hex(&p.pe[sd + 1]->choice.securityDomain.instance.instanceAID, "A000000151000001");
    p.pe[sd + 1]->choice.securityDomain.sd_Header.identification = 99;
    p.pe[sd + 1]->choice.securityDomain.catTpParameters =
        calloc(1, sizeof(*p.pe[sd + 1]->choice.securityDomain.catTpParameters));
    assert_non_null(p.pe[sd + 1]->choice.securityDomain.catTpParameters);
    p.pe[sd + 1]->choice.securityDomain.catTpParameters->catTpMaxSduSize = 1000;
    p.pe[sd + 1]->choice.securityDomain.catTpParameters->catTpMaxPduSize = 1100;
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    pv_assert_fires(r, "PROF-132", sd + 1);
    assert_int_equal(count(r, "PROF-132"), 1);
    esv_report_free(r);
    /* ... the same on the MNO-SD is its right */
    pv_move(&p, (size_t)sd + 1, (size_t)sd);
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    assert_int_equal(count(r, "PROF-132"), 0);
    esv_report_free(r);
    /* the MNO-SD extradited */
    p.pe[sd]->choice.securityDomain.instance.extraditeSecurityDomainAID =
        calloc(1, sizeof(*p.pe[sd]->choice.securityDomain.instance.extraditeSecurityDomainAID));
    assert_non_null(p.pe[sd]->choice.securityDomain.instance.extraditeSecurityDomainAID);
    pv_set_hex(p.pe[sd]->choice.securityDomain.instance.extraditeSecurityDomainAID, "A000000151000000");
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    pv_assert_fires(r, "PROF-132", sd);
    esv_report_free(r);
    pv_free(&p);

    /* RFM: the test sample's instance (9-byte AID) without its tarList */
    pb_options_test(&o);
    assert_int_equal(pb_build_elements(&o, &pes, &n), 0);
    p.pe = pes;
    p.count = n;
    rfm = pv_find(&p, ProfileElement_PR_rfm, 0);
    assert_true(rfm > 0);
    r = pv_verify(&p, ESV_POLICY_TEST);
    assert_int_equal(count(r, "PROF-133"), 0);
    esv_report_free(r);
    {
        PE_RFM_t *f = &p.pe[rfm]->choice.rfm;
        for (int k = 0; k < f->tarList->list.count; k++)
            ASN_STRUCT_FREE(asn_DEF_OCTET_STRING, f->tarList->list.array[k]);
        free(f->tarList->list.array);
        free(f->tarList);
        f->tarList = NULL;
    }
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-133", rfm);
    esv_report_free(r);
    /* a 16-byte AID carries its TAR in bytes 13 to 15 */
    pv_set_hex(&p.pe[rfm]->choice.rfm.instanceAID, "A0000005591010FFFFFFFF8900000100");
    r = pv_verify(&p, ESV_POLICY_TEST);
    assert_int_equal(count(r, "PROF-133"), 0);
    esv_report_free(r);
    pv_free(&p);
}

/* Elements after what they configure (SAIP v3.4.1 8.4.1, 8.6.2, 8.8):
 * PE-AKAParameter before any NAA, PE-RFM before the MNO-SD. */
static void test_dependencies_on_earlier_elements(void **state)
{
    pv_profile p;
    esv_report *r;
    pb_options o;
    ProfileElement_t **pes;
    size_t n;
    long usim, aka, sd, rfm;
    (void)state;
    pb_options_test(&o);
    assert_int_equal(pb_build_elements(&o, &pes, &n), 0);
    p.pe = pes;
    p.count = n;
    r = pv_verify(&p, ESV_POLICY_TEST);
    assert_int_equal(count(r, "PROF-134"), 0);
    esv_report_free(r);
    usim = pv_find(&p, ProfileElement_PR_usim, 0);
    aka = pv_find(&p, ProfileElement_PR_akaParameter, 0);
    assert_true(usim > 0 && aka > usim);
    pv_move(&p, (size_t)aka, (size_t)usim);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-134", usim);
    assert_int_equal(count(r, "PROF-134"), 1);
    esv_report_free(r);
    pv_move(&p, (size_t)usim, (size_t)aka);
    sd = pv_find(&p, ProfileElement_PR_securityDomain, 0);
    rfm = pv_find(&p, ProfileElement_PR_rfm, 0);
    assert_true(sd > 0 && rfm > sd);
    pv_move(&p, (size_t)rfm, (size_t)sd);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-134", sd);
    assert_non_null(strstr(esv_finding_message(esv_report_find(r, "PROF-134")), "first security domain"));
    esv_report_free(r);
    pv_free(&p);
}

/* A key object with two components of one keyType (SAIP 8.6.3, GP CS
 * 11.1.8); a PE-Application that does nothing (8.7.1). */
static void test_key_types_and_empty_application(void **state)
{
    pv_profile p;
    esv_report *r;
    long sd;
    KeyObject_t *ko;
    struct KeyObject__keyCompontents__Member *m;
    /* PE-Application [8] { app-Header { identification 99 } } */
    static const uint8_t empty_app[] = {0xa8, 0x05, 0xa0, 0x03, 0x81, 0x01, 0x63};
    static const uint8_t key[16] = {0x3c, 0x1f, 0x77, 0x02, 0x9a, 0x4e, 0xd1, 0x58,
                                    0x66, 0x0b, 0xe3, 0x27, 0x91, 0xaf, 0x40, 0x5d};
    (void)state;
    sample(&p, true);
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    assert_int_equal(count(r, "PROF-135") + count(r, "PROF-136"), 0);
    esv_report_free(r);
    sd = pv_find(&p, ProfileElement_PR_securityDomain, 0);
    assert_true(sd > 0);
    ko = p.pe[sd]->choice.securityDomain.keyList->list.array[0];
    m = calloc(1, sizeof(*m));
    assert_non_null(m);
    pv_set_octets(&m->keyType, ko->keyCompontents.list.array[0]->keyType.buf,
                  (size_t)ko->keyCompontents.list.array[0]->keyType.size);
    pv_set_octets(&m->keyData, key, sizeof(key));
    assert_int_equal(ASN_SEQUENCE_ADD(&ko->keyCompontents.list, m), 0);
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    pv_assert_fires(r, "PROF-135", sd);
    assert_string_equal(esv_finding_path(esv_report_find(r, "PROF-135")),
                        "securityDomain/keyList[0]/keyCompontents[1]/keyType");
    esv_report_free(r);
    insert(&p, decode(empty_app, sizeof(empty_app)), (size_t)sd + 1);
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    pv_assert_fires(r, "PROF-136", sd + 1);
    assert_int_equal(esv_finding_severity(esv_report_find(r, "PROF-136")), ESV_SEV_WARNING);
    esv_report_free(r);
    pv_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_phonebook_under_usim),
        cmocka_unit_test(test_iot_minimal),
        cmocka_unit_test(test_mf_by_generic_file_management),
        cmocka_unit_test(test_unknown_component_said),
        cmocka_unit_test(test_unknown_choice_alternative_said),
        cmocka_unit_test(test_primitive_form_of_constructed),
        cmocka_unit_test(test_package_type_and_puk), cmocka_unit_test(test_unique_instance_aids),
        cmocka_unit_test(test_mno_sd_and_rfm_tar),
        cmocka_unit_test(test_dependencies_on_earlier_elements),
        cmocka_unit_test(test_key_types_and_empty_application),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
