/*
 * test_prof_constraints.c - DER-023: every subtype constraint of
 * asn1/PEDefinitions.asn holds on every decoded value, or each value
 * outside one is an error finding on its element, with its field path and
 * the constraint.
 *
 * One test per constrained type family: OCTET STRING SIZE, fixed and
 * ranges (on a member, on a SEQUENCE OF's items, and on a named type,
 * ApplicationIdentifier, whose check asn1c's own checker loses after the
 * first decode), INTEGER ranges (UInt8, UInt15, UInt16), SEQUENCE OF SIZE
 * (on a member, and on the named FileManagement, whose SIZE asn1c never
 * generates a check for), UTF8String SIZE (not PER-visible: asn1c's
 * generated check) and several violations in one package. The schema
 * constrains no BIT STRING size. Each variant is built by the project's
 * profile builder, decoded, changed and re-encoded (asn1c's DER encoder
 * does not check constraints); the verdict is FAIL and the value rules on
 * the same field neither crash (the sanitizer build reads every byte) nor
 * report from a value of the wrong size. The real TS.48 profiles raise no
 * DER-023.
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "profile_builder.h"
#include "profile_variant.h"
#include "testutil.h"

/* The builder's production sample (or its test-style profile), decoded:
 * header 0, mf 1, pukCodes 2, pinCodes 3, telecom 4, usim 5, opt-usim 6,
 * akaParameter 7, securityDomain 8, [rfm,] end. */
static void load_sample(pv_profile *p, int test_style)
{
    pb_options o;
    uint8_t *der;
    size_t len;
    if (test_style)
        pb_options_test(&o);
    else
        pb_options_sample(&o);
    assert_int_equal(pb_build(&o, &der, &len), 0);
    pv_decode(der, len, p);
    free(der);
}

static long find(const pv_profile *p, ProfileElement_PR type)
{
    long i = pv_find(p, type, 0);
    assert_true(i >= 0);
    return i;
}

static void print_all(const esv_report *r)
{
    for (size_t i = 0; i < esv_report_finding_count(r); i++) {
        const esv_finding *f = esv_report_finding(r, i);
        print_message("  %s element %ld %s: %s\n", esv_finding_rule_id(f), esv_finding_element(f),
                      esv_finding_path(f) ? esv_finding_path(f) : "-", esv_finding_message(f));
    }
}

static size_t count_rule(const esv_report *r, const char *id)
{
    size_t n = 0;
    for (size_t i = 0; i < esv_report_finding_count(r); i++)
        n += strcmp(esv_finding_rule_id(esv_report_finding(r, i)), id) == 0;
    return n;
}

/* Asserts a DER-023 error on element `element` at `path` whose message
 * names the path and contains `what`. */
static void assert_der023(const esv_report *r, long element, const char *path, const char *what)
{
    for (size_t i = 0; i < esv_report_finding_count(r); i++) {
        const esv_finding *f = esv_report_finding(r, i);
        const char *fp = esv_finding_path(f), *msg = esv_finding_message(f);
        if (strcmp(esv_finding_rule_id(f), "DER-023") != 0 || esv_finding_element(f) != element ||
            fp == NULL || strcmp(fp, path) != 0)
            continue;
        if (strstr(msg, path) == NULL || strstr(msg, what) == NULL) {
            print_all(r);
            fail_msg("DER-023 at %s says \"%s\"; \"%s\" expected in it", path, msg, what);
        }
        assert_int_equal(esv_finding_severity(f), ESV_SEV_ERROR);
        return;
    }
    print_all(r);
    fail_msg("no DER-023 on element %ld at %s", element, path);
}

/* Verifies p under both policies: the verdict is FAIL with the expected
 * DER-023 each time; the report is returned for the test policy. */
static esv_report *verify_fails(const pv_profile *p, long element, const char *path, const char *what)
{
    esv_report *r = pv_verify(p, ESV_POLICY_PRODUCTION);
    assert_der023(r, element, path, what);
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_FAIL);
    esv_report_free(r);
    r = pv_verify(p, ESV_POLICY_TEST);
    assert_der023(r, element, path, what);
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_FAIL);
    return r;
}

static void expect(const pv_profile *p, long element, const char *path, const char *what)
{
    esv_report_free(verify_fails(p, element, path, what));
}

/* The first Fcp of a file (the test fails when there is none). */
static Fcp_t *fcp_of(File_t *f)
{
    for (int i = 0; i < f->list.count; i++)
        if (f->list.array[i]->present == File__Member_PR_fileDescriptor)
            return &f->list.array[i]->choice.fileDescriptor;
    fail_msg("file has no Fcp");
    return NULL;
}

/* --- real inputs stay quiet --------------------------------------------- */

/* A quiet rule must exist to mean anything: DER-023 is in the catalogue,
 * an error under both policies. */
static void assert_rule_known(void)
{
    const esv_rule *rule = esv_rule_find("DER-023");
    assert_non_null(rule);
    assert_non_null(strstr(esv_rule_title(rule), "constraint of the schema"));
    assert_int_equal(esv_rule_default_severity(rule, ESV_POLICY_PRODUCTION), ESV_SEV_ERROR);
    assert_int_equal(esv_rule_default_severity(rule, ESV_POLICY_TEST), ESV_SEV_ERROR);
}

static void test_quiet_on_builder_samples(void **state)
{
    (void)state;
    assert_rule_known();
    for (int test_style = 0; test_style < 2; test_style++) {
        pv_profile p;
        esv_report *r;
        load_sample(&p, test_style);
        r = pv_verify(&p, ESV_POLICY_TEST);
        pv_assert_quiet(r, "DER-023");
        esv_report_free(r);
        pv_free(&p);
    }
}

static void test_quiet_on_all_ts48(void **state)
{
    (void)state;
    assert_rule_known();
    if (tu_testdata() == NULL) {
        print_message("skipped: ../shared/testdata not present\n");
        skip();
    }
    for (size_t i = 0; i < TU_TS48_COUNT; i++) {
        esv_report *r = pv_verify_ts48(tu_ts48_files[i], ESV_POLICY_TEST);
        if (count_rule(r, "DER-023") != 0) {
            print_all(r);
            fail_msg("%s: DER-023 on a real profile", tu_ts48_files[i]);
        }
        esv_report_free(r);
    }
}

/* --- OCTET STRING (SIZE (n)) --------------------------------------------- */

/* TCA SAIP 8.2.1: iccid OCTET STRING (SIZE (10)). A cut or padded iccid
 * is DER-023 alone: the ICCID rules (BCD, digits, Luhn, 89, EF.ICCID
 * match, TS.48 ICCID) have no 10 octets to read and say nothing more. */
static void test_octets_fixed_iccid(void **state)
{
    static const char *const iccid_rules[] = {"PROF-030", "PROF-031", "PROF-032", "PROF-033",
                                              "PROF-034", "PROF-035", "PROF-101"};
    static const struct {
        const char *hex, *what;
    } cases[] = {
        {"894492010058342355", "SIZE (10) but 9 octets"},
        {"", "SIZE (10) but 0 octets"},
        {"8944920100583423557300", "SIZE (10) but 11 octets"},
        /* the TS.48 test ICCID with a byte cut off: not the test ICCID */
        {"890001234567890123", "SIZE (10) but 9 octets"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        pv_profile p;
        esv_report *r;
        load_sample(&p, 0);
        pv_set_hex(&p.pe[0]->choice.header.iccid, cases[i].hex);
        r = verify_fails(&p, 0, "header/iccid", cases[i].what);
        pv_assert_quiet_all(r, iccid_rules, sizeof(iccid_rules) / sizeof(iccid_rules[0]));
        esv_report_free(r);
        pv_free(&p);
    }
}

/* Fixed sizes deeper in the tree: a fileID (SIZE (2)) in a File's Fcp, a
 * key identifier (SIZE (1)) in a keyList item, a PIN value (SIZE (8)),
 * a PUK value (SIZE (8)). */
static void test_octets_fixed_nested(void **state)
{
    pv_profile p;
    esv_report *r;
    long u, sd, pins, puks;
    (void)state;

    load_sample(&p, 0);
    u = find(&p, ProfileElement_PR_usim);
    pv_set_hex(fcp_of(&p.pe[u]->choice.usim.adf_usim)->fileID, "7FD001");
    expect(&p, u, "usim/adf-usim[0]/fileDescriptor/fileID", "SIZE (2) but 3 octets");
    pv_set_hex(fcp_of(&p.pe[u]->choice.usim.adf_usim)->fileID, "7F");
    expect(&p, u, "usim/adf-usim[0]/fileDescriptor/fileID", "SIZE (2) but 1 octet");
    pv_free(&p);

    load_sample(&p, 0);
    sd = find(&p, ProfileElement_PR_securityDomain);
    pv_set_hex(&p.pe[sd]->choice.securityDomain.keyList->list.array[0]->keyIdentifier, "0101");
    expect(&p, sd, "securityDomain/keyList[0]/keyIdentifier", "SIZE (1) but 2 octets");
    pv_free(&p);

    /* The PIN and PUK coding rules read 8 octets only when there are 8:
     * a short value is reported by them too, never read past. */
    load_sample(&p, 0);
    pins = find(&p, ProfileElement_PR_pinCodes);
    puks = find(&p, ProfileElement_PR_pukCodes);
    pv_set_hex(&p.pe[pins]->choice.pinCodes.pinCodes.choice.pinconfig.list.array[0]->pinValue,
               "31323334FFFFFF");
    pv_set_hex(&p.pe[puks]->choice.pukCodes.pukCodes.list.array[0]->pukValue, "3132333435363738FF");
    r = verify_fails(&p, pins, "pinCodes/pinCodes/pinconfig[0]/pinValue", "SIZE (8) but 7 octets");
    assert_der023(r, puks, "pukCodes/pukCodes[0]/pukValue", "SIZE (8) but 9 octets");
    esv_report_free(r);
    pv_free(&p);
}

/* --- OCTET STRING (SIZE (lb..ub)) ------------------------------------------ */

static void test_octets_size_range(void **state)
{
    pv_profile p;
    esv_report *r;
    long sd, mf;
    OCTET_STRING_t *fd;
    (void)state;

    /* Fcp fileDescriptor SIZE (2..4): the file rules read the descriptor
     * only within it (PROF-046 does not look at one octet) */
    load_sample(&p, 0);
    mf = find(&p, ProfileElement_PR_mf);
    fd = fcp_of(&p.pe[mf]->choice.mf.ef_dir)->fileDescriptor;
    assert_non_null(fd);
    pv_set_hex(fd, "42");
    r = verify_fails(&p, mf, "mf/ef-dir[0]/fileDescriptor/fileDescriptor", "SIZE (2..4) but 1 octet");
    pv_assert_quiet(r, "PROF-046");
    esv_report_free(r);
    pv_set_hex(fd, "4221002000");
    expect(&p, mf, "mf/ef-dir[0]/fileDescriptor/fileDescriptor", "SIZE (2..4) but 5 octets");
    pv_free(&p);

    /* ApplicationIdentifier ::= OCTET STRING (SIZE (5..16)), a named type:
     * its constraint lives on the type, and asn1c's own checker loses it
     * once a value of the type was decoded (the sample, verified first,
     * decodes several). */
    load_sample(&p, 0);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_quiet(r, "DER-023");
    esv_report_free(r);
    sd = find(&p, ProfileElement_PR_securityDomain);
    pv_set_hex(&p.pe[sd]->choice.securityDomain.instance.instanceAID, "A0000001");
    expect(&p, sd, "securityDomain/instance/instanceAID", "SIZE (5..16) but 4 octets");
    pv_set_hex(&p.pe[sd]->choice.securityDomain.instance.instanceAID,
               "A000000151000000000000000000000000");
    expect(&p, sd, "securityDomain/instance/instanceAID", "SIZE (5..16) but 17 octets");
    pv_free(&p);
}

/* SEQUENCE (SIZE (1..MAX)) OF OCTET STRING (SIZE (3)): the constraint on
 * the items. The RFM rule reports the entry itself as well (PROF-110). */
static void test_octets_item_size(void **state)
{
    pv_profile p;
    esv_report *r;
    long rfm;
    (void)state;
    load_sample(&p, 1);
    rfm = find(&p, ProfileElement_PR_rfm);
    assert_non_null(p.pe[rfm]->choice.rfm.tarList);
    pv_set_hex(p.pe[rfm]->choice.rfm.tarList->list.array[0], "B000");
    r = verify_fails(&p, rfm, "rfm/tarList[0]", "SIZE (3) but 2 octets");
    pv_assert_fires(r, "PROF-110", rfm);
    esv_report_free(r);
    pv_free(&p);
}

/* --- INTEGER (lb..ub) -------------------------------------------------------- */

static void test_integer_range(void **state)
{
    pv_profile p;
    long mf;
    (void)state;
    load_sample(&p, 0);
    /* UInt8 ::= INTEGER (0..255) */
    p.pe[0]->choice.header.major_version = 256;
    expect(&p, 0, "header/major-version", "(0..255) but the value is 256");
    p.pe[0]->choice.header.major_version = 2;
    p.pe[0]->choice.header.minor_version = -1;
    expect(&p, 0, "header/minor-version", "(0..255) but the value is -1");
    p.pe[0]->choice.header.minor_version = 3;
    /* UInt15 ::= INTEGER (0..32767): the PE identification */
    mf = find(&p, ProfileElement_PR_mf);
    p.pe[mf]->choice.mf.mf_header.identification = 40000;
    expect(&p, mf, "mf/mf-header/identification", "(0..32767) but the value is 40000");
    pv_free(&p);
}

/* UInt16 ::= INTEGER (0..65535): a fill offset inside a File. */
static void test_integer_range_in_file(void **state)
{
    pv_profile p;
    long mf;
    File_t *f;
    struct File__Member *m;
    char path[64];
    (void)state;
    load_sample(&p, 0);
    mf = find(&p, ProfileElement_PR_mf);
    f = &p.pe[mf]->choice.mf.ef_iccid;
    m = calloc(1, sizeof(*m));
    assert_non_null(m);
    m->present = File__Member_PR_fillFileOffset;
    m->choice.fillFileOffset = 70000;
    snprintf(path, sizeof(path), "mf/ef-iccid[%d]/fillFileOffset", f->list.count);
    assert_int_equal(ASN_SEQUENCE_ADD(&f->list, m), 0);
    expect(&p, mf, path, "(0..65535) but the value is 70000");
    pv_free(&p);
}

/* --- SEQUENCE (SIZE (..)) OF ---------------------------------------------- */

/* keyList SEQUENCE (SIZE (1..MAX)) OF KeyObject: an empty keyList is not
 * "no keys" (that is an absent keyList). The key rules see no key. */
static void test_sequence_of_empty_keylist(void **state)
{
    pv_profile p;
    long sd;
    struct PE_SecurityDomain__keyList *keys;
    (void)state;
    load_sample(&p, 0);
    sd = find(&p, ProfileElement_PR_securityDomain);
    keys = p.pe[sd]->choice.securityDomain.keyList;
    while (keys->list.count > 0) {
        KeyObject_t *k = keys->list.array[keys->list.count - 1];
        asn_sequence_del(&keys->list, keys->list.count - 1, 0);
        ASN_STRUCT_FREE(asn_DEF_KeyObject, k);
    }
    expect(&p, sd, "securityDomain/keyList", "SIZE (1..MAX) but 0 items");
    pv_free(&p);
}

/* pinconfig SEQUENCE (SIZE (1..26)) OF PINConfiguration: none, and 27. */
static void test_sequence_of_bounded(void **state)
{
    pv_profile p;
    long pins;
    struct PE_PINCodes__pinCodes__pinconfig *pc;
    (void)state;
    load_sample(&p, 0);
    pins = find(&p, ProfileElement_PR_pinCodes);
    pc = &p.pe[pins]->choice.pinCodes.pinCodes.choice.pinconfig;
    while (pc->list.count > 0) {
        PINConfiguration_t *c = pc->list.array[pc->list.count - 1];
        asn_sequence_del(&pc->list, pc->list.count - 1, 0);
        ASN_STRUCT_FREE(asn_DEF_PINConfiguration, c);
    }
    expect(&p, pins, "pinCodes/pinCodes/pinconfig", "SIZE (1..26) but 0 items");
    pv_free(&p);

    load_sample(&p, 0);
    pins = find(&p, ProfileElement_PR_pinCodes);
    pc = &p.pe[pins]->choice.pinCodes.pinCodes.choice.pinconfig;
    while (pc->list.count < 27) {
        PINConfiguration_t *c = calloc(1, sizeof(*c));
        assert_non_null(c);
        pv_set_int(&c->keyReference, 0x81 + pc->list.count % 8);
        pv_set_hex(&c->pinValue, "31323334FFFFFFFF");
        assert_int_equal(ASN_SEQUENCE_ADD(&pc->list, c), 0);
    }
    expect(&p, pins, "pinCodes/pinCodes/pinconfig", "SIZE (1..26) but 27 items");
    pv_free(&p);
}

/* FileManagement ::= SEQUENCE (SIZE (1..MAX)) OF CHOICE {...}, a named
 * type asn1c generates no SIZE check for; and fileManagementCMD SEQUENCE
 * (SIZE (1..MAX)) OF FileManagement on the member. A PE-GenericFile-
 * Management is added before PE-End: one valid command list, one empty. */
static void test_sequence_of_named_type(void **state)
{
    pv_profile p;
    ProfileElement_t *gfm, **grown;
    FileManagement_t *fm;
    struct FileManagement__Member *step;
    long end;
    (void)state;

    load_sample(&p, 0);
    end = find(&p, ProfileElement_PR_end);
    gfm = calloc(1, sizeof(*gfm));
    assert_non_null(gfm);
    gfm->present = ProfileElement_PR_genericFileManagement;
    gfm->choice.genericFileManagement.gfm_header.identification = 99;
    fm = calloc(1, sizeof(*fm));
    step = calloc(1, sizeof(*step));
    assert_non_null(fm);
    assert_non_null(step);
    step->present = FileManagement__Member_PR_filePath;
    pv_set_hex(&step->choice.filePath, "7F10");
    assert_int_equal(ASN_SEQUENCE_ADD(&fm->list, step), 0);
    assert_int_equal(ASN_SEQUENCE_ADD(&gfm->choice.genericFileManagement.fileManagementCMD.list, fm), 0);
    fm = calloc(1, sizeof(*fm));
    assert_non_null(fm);
    assert_int_equal(ASN_SEQUENCE_ADD(&gfm->choice.genericFileManagement.fileManagementCMD.list, fm), 0);
    grown = realloc(p.pe, (p.count + 1) * sizeof(*p.pe));
    assert_non_null(grown);
    p.pe = grown;
    memmove(&p.pe[end + 1], &p.pe[end], (p.count - (size_t)end) * sizeof(*p.pe));
    p.pe[end] = gfm;
    p.count++;
    expect(&p, end, "genericFileManagement/fileManagementCMD[1]", "SIZE (1..MAX) but 0 items");

    /* the member's own SIZE: no command list at all */
    {
        struct PE_GenericFileManagement__fileManagementCMD *cmd =
            &p.pe[end]->choice.genericFileManagement.fileManagementCMD;
        while (cmd->list.count > 0) {
            FileManagement_t *x = cmd->list.array[cmd->list.count - 1];
            asn_sequence_del(&cmd->list, cmd->list.count - 1, 0);
            ASN_STRUCT_FREE(asn_DEF_FileManagement, x);
        }
    }
    expect(&p, end, "genericFileManagement/fileManagementCMD", "SIZE (1..MAX) but 0 items");
    pv_free(&p);
}

/* --- UTF8String (SIZE (1..100)) ------------------------------------------------ */

/* X.691 does not make a UTF8String's SIZE PER-visible: asn1c's generated
 * check decides, and the finding counts the characters. */
static void test_utf8_size(void **state)
{
    pv_profile p;
    char long_type[102];
    (void)state;
    load_sample(&p, 0);
    assert_non_null(p.pe[0]->choice.header.profileType);
    pv_set_octets(p.pe[0]->choice.header.profileType, "", 0);
    expect(&p, 0, "header/profileType", "but 0 characters");
    memset(long_type, 'x', 101);
    long_type[101] = '\0';
    pv_set_octets(p.pe[0]->choice.header.profileType, long_type, 101);
    expect(&p, 0, "header/profileType", "but 101 characters");
    /* not UTF-8 at all (0xFF never starts a sequence, RFC 3629 3): the
     * tag is [2], so the DER reader cannot know it is a UTF8String */
    pv_set_octets(p.pe[0]->choice.header.profileType, "GSMA \xFF", 6);
    expect(&p, 0, "header/profileType", "but 6 octets that are not UTF-8");
    /* 100 characters of two octets each: 200 octets, within the SIZE */
    {
        char two[201];
        esv_report *r;
        for (int i = 0; i < 100; i++) {
            two[2 * i] = (char)0xC3;
            two[2 * i + 1] = (char)0xA9; /* U+00E9 */
        }
        pv_set_octets(p.pe[0]->choice.header.profileType, two, 200);
        r = pv_verify(&p, ESV_POLICY_TEST);
        pv_assert_quiet(r, "DER-023");
        esv_report_free(r);
    }
    pv_free(&p);
}

/* --- every violation, each on its element ---------------------------------- */

static void test_every_violation_reported(void **state)
{
    pv_profile p;
    esv_report *r;
    long sd;
    (void)state;
    load_sample(&p, 0);
    sd = find(&p, ProfileElement_PR_securityDomain);
    pv_set_hex(&p.pe[0]->choice.header.iccid, "8944920100583423");
    pv_set_octets(p.pe[0]->choice.header.profileType, "", 0);
    p.pe[0]->choice.header.major_version = 300;
    pv_set_hex(&p.pe[sd]->choice.securityDomain.keyList->list.array[1]->keyVersionNumber, "");
    pv_set_hex(&p.pe[sd]->choice.securityDomain.keyList->list.array[2]->keyVersionNumber, "3030");
    r = pv_verify(&p, ESV_POLICY_TEST);
    assert_der023(r, 0, "header/iccid", "SIZE (10) but 8 octets");
    assert_der023(r, 0, "header/profileType", "0 characters");
    assert_der023(r, 0, "header/major-version", "(0..255) but the value is 300");
    assert_der023(r, sd, "securityDomain/keyList[1]/keyVersionNumber", "SIZE (1) but 0 octets");
    assert_der023(r, sd, "securityDomain/keyList[2]/keyVersionNumber", "SIZE (1) but 2 octets");
    assert_int_equal(count_rule(r, "DER-023"), 5);
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_FAIL);
    esv_report_free(r);
    pv_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quiet_on_builder_samples),
        cmocka_unit_test(test_quiet_on_all_ts48),
        cmocka_unit_test(test_octets_fixed_iccid),
        cmocka_unit_test(test_octets_fixed_nested),
        cmocka_unit_test(test_octets_size_range),
        cmocka_unit_test(test_octets_item_size),
        cmocka_unit_test(test_integer_range),
        cmocka_unit_test(test_integer_range_in_file),
        cmocka_unit_test(test_sequence_of_empty_keylist),
        cmocka_unit_test(test_sequence_of_bounded),
        cmocka_unit_test(test_sequence_of_named_type),
        cmocka_unit_test(test_utf8_size),
        cmocka_unit_test(test_every_violation_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
