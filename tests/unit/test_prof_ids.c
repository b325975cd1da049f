/*
 * test_prof_ids.c - PROF-030..042 (ICCID, EF.ICCID, EF.IMSI, EF.ACC): each
 * fires on a variant of a real TS.48 profile derived at test time, and all
 * stay quiet on every real TS.48 profile (under production too, except the
 * test-network IMSI rule PROF-039, which is a test-profile concern).
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

#define V7 "profiles/ts48/TS48v7_SAIP2.3_BERTLV_SUCI.der"

#define LOAD(p)                                                                   \
    do {                                                                          \
        if (pv_load(V7, (p)) != 0) {                                              \
            print_message("skipped: ../shared/testdata not present\n");           \
            skip();                                                               \
        }                                                                         \
    } while (0)

static const char *const ids_rules[] = {
    "PROF-030", "PROF-031", "PROF-032", "PROF-033", "PROF-034", "PROF-035", "PROF-036",
    "PROF-037", "PROF-038", "PROF-039", "PROF-040", "PROF-041", "PROF-042", "PROF-168",
};


/* --- helpers ------------------------------------------------------------ */

/* The first fillFileContent of a file (the test fails when there is none). */
static OCTET_STRING_t *fill_of(File_t *f)
{
    for (int i = 0; i < f->list.count; i++)
        if (f->list.array[i]->present == File__Member_PR_fillFileContent)
            return &f->list.array[i]->choice.fillFileContent;
    fail_msg("file has no fillFileContent");
    return NULL;
}

/* Removes every fill step of a file. */
static void drop_fills(File_t *f)
{
    for (int i = f->list.count - 1; i >= 0; i--) {
        struct File__Member *m = f->list.array[i];
        if (m->present == File__Member_PR_fillFileContent || m->present == File__Member_PR_fillFileOffset) {
            asn_sequence_del(&f->list, i, 0);
            ASN_STRUCT_FREE(*asn_DEF_File.elements[0].type, m);
        }
    }
}

/* Luhn check digit for the digits in s (ISO/IEC 7812-1 annex B), written
 * independently of the library's. */
static char luhn_digit(const char *s)
{
    size_t n = strlen(s);
    int sum = 0;
    for (size_t i = 0; i < n; i++) {
        int d = s[n - 1 - i] - '0';
        if (i % 2 == 0) { /* doubled: rightmost payload digit */
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
    }
    return (char)('0' + (10 - sum % 10) % 10);
}

/* Sets the header iccid (plain BCD text, 'F' padded to 20) and, when
 * also_ef, EF.ICCID to the nibble-swapped form. */
static void set_iccid(pv_profile *p, const char *digits, int also_ef)
{
    char plain[21], swapped[21];
    size_t n = strlen(digits);
    assert_true(n <= 20);
    memset(plain, 'F', 20);
    memcpy(plain, digits, n);
    plain[20] = '\0';
    for (size_t i = 0; i < 20; i += 2) {
        swapped[i] = plain[i + 1];
        swapped[i + 1] = plain[i];
    }
    swapped[20] = '\0';
    pv_set_hex(&p->pe[0]->choice.header.iccid, plain);
    if (also_ef)
        pv_set_hex(fill_of(&p->pe[pv_find(p, ProfileElement_PR_mf, 0)]->choice.mf.ef_iccid), swapped);
}

static File_t *usim_file(pv_profile *p, int acc)
{
    long u = pv_find(p, ProfileElement_PR_usim, 0);
    assert_true(u > 0);
    return acc ? &p->pe[u]->choice.usim.ef_acc : &p->pe[u]->choice.usim.ef_imsi;
}

/* Verifies under the test policy and checks one rule fires on element. */
static void expect(const pv_profile *p, const char *rule, long element)
{
    esv_report *r = pv_verify(p, ESV_POLICY_TEST);
    pv_assert_fires(r, rule, element);
    esv_report_free(r);
}

static void expect_quiet(const pv_profile *p, esv_policy_base base, const char *rule)
{
    esv_report *r = pv_verify(p, base);
    pv_assert_quiet(r, rule);
    esv_report_free(r);
}

/* --- tests -------------------------------------------------------------- */

static void test_quiet_on_all_ts48(void **state)
{
    (void)state;
    if (tu_testdata() == NULL)
        skip();
    for (size_t i = 0; i < TU_TS48_COUNT; i++) {
        for (int pol = 0; pol < 2; pol++) {
            esv_report *r =
                pv_verify_ts48(tu_ts48_files[i], pol ? ESV_POLICY_PRODUCTION : ESV_POLICY_TEST);
            for (size_t k = 0; k < sizeof(ids_rules) / sizeof(ids_rules[0]); k++)
                if (!(pol && strcmp(ids_rules[k], "PROF-039") == 0))
                    pv_assert_quiet(r, ids_rules[k]);
            /* every TS.48 profile carries the E.212 test MCC 001 */
            if (pol)
                pv_assert_fires(r, "PROF-039", -1);
            esv_report_free(r);
        }
    }
}

static void test_header_iccid_not_bcd(void **state)
{
    pv_profile p;
    (void)state;
    LOAD(&p);
    set_iccid(&p, "8900012345678901A341", 1); /* a nibble 'A' */
    expect(&p, "PROF-030", 0);
    set_iccid(&p, "89000123456789F12341", 1); /* a digit after an 'F' */
    expect(&p, "PROF-030", 0);
    pv_free(&p);
}

static void test_header_iccid_length_and_luhn(void **state)
{
    pv_profile p;
    char id[21];
    esv_report *r;
    (void)state;
    LOAD(&p);
    /* 16 digits, 'F' padded, valid check digit */
    snprintf(id, sizeof(id), "890001234567890%c", luhn_digit("890001234567890"));
    set_iccid(&p, id, 1);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-031", 0);
    pv_assert_quiet(r, "PROF-032");
    pv_assert_quiet(r, "PROF-030");
    pv_assert_quiet(r, "PROF-035");
    esv_report_free(r);
    /* a 19-digit ICCID with a valid check digit and an 'F' filler is fine */
    snprintf(id, sizeof(id), "894412345678901234%c", luhn_digit("894412345678901234"));
    set_iccid(&p, id, 1);
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    for (int k = 30; k <= 35; k++) {
        char rule[16];
        snprintf(rule, sizeof(rule), "PROF-0%d", k);
        pv_assert_quiet(r, rule);
    }
    esv_report_free(r);
    /* wrong check digit */
    id[18] = id[18] == '9' ? '0' : (char)(id[18] + 1);
    set_iccid(&p, id, 1);
    expect(&p, "PROF-032", 0);
    pv_free(&p);
}

static void test_header_iccid_not_89(void **state)
{
    pv_profile p;
    char id[21];
    esv_report *r;
    (void)state;
    LOAD(&p);
    snprintf(id, sizeof(id), "9800012345678901234%c", luhn_digit("9800012345678901234"));
    set_iccid(&p, id, 1);
    r = pv_verify(&p, ESV_POLICY_TEST);
    pv_assert_fires(r, "PROF-033", 0);
    pv_assert_quiet(r, "PROF-032");
    esv_report_free(r);
    pv_free(&p);
}

static void test_ef_iccid(void **state)
{
    pv_profile p;
    long mf;
    OCTET_STRING_t *c;
    (void)state;
    LOAD(&p);
    mf = pv_find(&p, ProfileElement_PR_mf, 0);
    /* EF.ICCID is the header's ICCID nibble-swapped: swapping the header
     * back to EF byte order must be reported as a mismatch */
    c = fill_of(&p.pe[mf]->choice.mf.ef_iccid);
    assert_int_equal(c->size, 10);
    {
        uint8_t h0 = p.pe[0]->choice.header.iccid.buf[0];
        assert_int_equal(c->buf[0], (uint8_t)((h0 << 4) | (h0 >> 4)));
    }
    pv_set_octets(&p.pe[0]->choice.header.iccid, c->buf, 10);
    expect(&p, "PROF-035", mf);
    pv_free(&p);

    LOAD(&p);
    mf = pv_find(&p, ProfileElement_PR_mf, 0);
    c = fill_of(&p.pe[mf]->choice.mf.ef_iccid);
    c->buf[9] ^= 0x10; /* check digit differs */
    expect(&p, "PROF-035", mf);
    /* no content at all */
    drop_fills(&p.pe[mf]->choice.mf.ef_iccid);
    expect(&p, "PROF-034", mf);
    pv_free(&p);
}

static void test_imsi_length(void **state)
{
    pv_profile p;
    long usim;
    (void)state;
    LOAD(&p);
    usim = pv_find(&p, ProfileElement_PR_usim, 0);
    fill_of(usim_file(&p, 0))->buf[0] = 9; /* longer than 8 */
    expect(&p, "PROF-036", usim);
    fill_of(usim_file(&p, 0))->buf[0] = 0;
    expect(&p, "PROF-036", usim);
    /* length 8 but only 4 digit bytes written */
    pv_set_hex(fill_of(usim_file(&p, 0)), "0829430110");
    expect(&p, "PROF-036", usim);
    pv_free(&p);
}

static void test_imsi_parity_and_digits(void **state)
{
    pv_profile p;
    long usim;
    esv_report *r;
    (void)state;
    LOAD(&p);
    usim = pv_find(&p, ProfileElement_PR_usim, 0);
    /* 15 digits (odd) marked even */
    pv_set_hex(fill_of(usim_file(&p, 0)), "082143010123456789");
    expect(&p, "PROF-037", usim);
    /* 14 digits, final 'F' filler, marked even: valid, MCC 234 */
    pv_set_hex(fill_of(usim_file(&p, 0)), "0821430101234567F8");
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    for (int k = 36; k <= 39; k++) {
        char rule[16];
        snprintf(rule, sizeof(rule), "PROF-0%d", k);
        pv_assert_quiet(r, rule);
    }
    esv_report_free(r);
    /* 14 digits marked odd */
    pv_set_hex(fill_of(usim_file(&p, 0)), "0829430101234567F8");
    expect(&p, "PROF-037", usim);
    /* a non-digit nibble */
    pv_set_hex(fill_of(usim_file(&p, 0)), "08294301012345A789");
    expect(&p, "PROF-038", usim);
    /* an 'F' that is not the final filler */
    pv_set_hex(fill_of(usim_file(&p, 0)), "0829430F0123456789");
    expect(&p, "PROF-038", usim);
    /* 5 digits */
    pv_set_hex(fill_of(usim_file(&p, 0)), "03294301");
    expect(&p, "PROF-038", usim);
    pv_free(&p);
}

static void test_imsi_test_mcc(void **state)
{
    pv_profile p;
    long usim;
    OCTET_STRING_t *c;
    (void)state;
    LOAD(&p);
    usim = pv_find(&p, ProfileElement_PR_usim, 0);
    c = fill_of(usim_file(&p, 0));
    /* TS.48's own IMSI: MCC 001 */
    assert_int_equal(c->buf[1] >> 4, 0);
    assert_int_equal(c->buf[2], 0x10);
    expect_quiet(&p, ESV_POLICY_TEST, "PROF-039");
    {
        esv_report *r = pv_verify(&p, ESV_POLICY_PRODUCTION);
        pv_assert_fires(r, "PROF-039", usim);
        esv_report_free(r);
    }
    /* MCC 208 (digits 2, 0, 8): no longer the test network */
    c->buf[1] = (uint8_t)((c->buf[1] & 0x0F) | 0x20);
    c->buf[2] = 0x80;
    expect_quiet(&p, ESV_POLICY_PRODUCTION, "PROF-039");
    pv_free(&p);
}

static void test_acc(void **state)
{
    pv_profile p;
    long usim;
    (void)state;
    LOAD(&p);
    usim = pv_find(&p, ProfileElement_PR_usim, 0);
    assert_int_equal(fill_of(usim_file(&p, 1))->size, 2);
    pv_set_hex(fill_of(usim_file(&p, 1)), "0003"); /* classes 0 and 1 */
    expect(&p, "PROF-040", usim);
    pv_set_hex(fill_of(usim_file(&p, 1)), "0000"); /* none */
    expect(&p, "PROF-040", usim);
    pv_set_hex(fill_of(usim_file(&p, 1)), "0300"); /* classes 8 and 9 */
    expect(&p, "PROF-040", usim);
    pv_set_hex(fill_of(usim_file(&p, 1)), "000100"); /* 3 bytes */
    expect(&p, "PROF-040", usim);
    pv_set_hex(fill_of(usim_file(&p, 1)), "0200"); /* class 9 alone is fine */
    expect_quiet(&p, ESV_POLICY_PRODUCTION, "PROF-040");
    pv_set_hex(fill_of(usim_file(&p, 1)), "0401"); /* b3 of byte 1: class 10 */
    expect(&p, "PROF-041", usim);
    expect_quiet(&p, ESV_POLICY_PRODUCTION, "PROF-040");
    pv_set_hex(fill_of(usim_file(&p, 1)), "8010"); /* class 15 and class 4 */
    expect(&p, "PROF-042", usim);
    expect_quiet(&p, ESV_POLICY_PRODUCTION, "PROF-040");
    expect_quiet(&p, ESV_POLICY_PRODUCTION, "PROF-041");
    pv_free(&p);
}

static void test_no_content_is_skipped(void **state)
{
    pv_profile p;
    esv_report *r;
    (void)state;
    LOAD(&p);
    /* EF.IMSI and EF.ACC from the template's defaults: nothing to check */
    drop_fills(usim_file(&p, 0));
    drop_fills(usim_file(&p, 1));
    r = pv_verify(&p, ESV_POLICY_PRODUCTION);
    for (int k = 36; k <= 42; k++) {
        char rule[16];
        snprintf(rule, sizeof(rule), "PROF-0%d", k);
        pv_assert_quiet(r, rule);
    }
    esv_report_free(r);
    pv_free(&p);
}

/* The Fcp of a file (the test fails when there is none). */
static Fcp_t *fcp_of(File_t *f)
{
    for (int i = 0; i < f->list.count; i++)
        if (f->list.array[i]->present == File__Member_PR_fileDescriptor)
            return &f->list.array[i]->choice.fileDescriptor;
    fail_msg("file has no fileDescriptor");
    return NULL;
}

static void set_size(File_t *f, const char *hex)
{
    Fcp_t *c = fcp_of(f);
    if (c->efFileSize == NULL)
        c->efFileSize = calloc(1, sizeof(*c->efFileSize));
    assert_non_null(c->efFileSize);
    pv_set_hex(c->efFileSize, hex);
}

/* PROF-168 finding on element el whose message holds sub, as a warning. */
static void expect_168(const pv_profile *p, long el, const char *path, const char *sub)
{
    esv_report *r = pv_verify(p, ESV_POLICY_TEST);
    size_t i, hits = 0;
    for (i = 0; i < esv_report_finding_count(r); i++) {
        const esv_finding *f = esv_report_finding(r, i);
        if (strcmp(esv_finding_rule_id(f), "PROF-168") == 0 && esv_finding_element(f) == el &&
            strcmp(esv_finding_path(f), path) == 0 && strstr(esv_finding_message(f), sub) != NULL) {
            assert_int_equal(esv_finding_severity(f), ESV_SEV_WARNING);
            hits++;
        }
    }
    if (hits != 1) {
        pv_assert_fires(r, "PROF-168", el);
        fail_msg("PROF-168 on %s: %zu finding(s) with \"%s\"", path, hits, sub);
    }
    esv_report_free(r);
}

/* PROF-168: TS 31.102 sizes and codings of USIM EFs. */
static void test_usim_ef_sizes(void **state)
{
    pv_profile p;
    long u, g;
    (void)state;

    LOAD(&p);
    u = pv_find(&p, ProfileElement_PR_usim, 0);
    set_size(p.pe[u]->choice.usim.ef_loci, "0C");
    expect_168(&p, u, "usim/ef-loci", "efFileSize 12; TS 31.102 4.2.17 gives this EF 11 bytes");
    pv_free(&p);

    /* Content past the fixed size (EF.LOCI's 11 bytes, one more). */
    LOAD(&p);
    u = pv_find(&p, ProfileElement_PR_usim, 0);
    pv_set_hex(fill_of(p.pe[u]->choice.usim.ef_loci), "ffffffff42f618fffeff01ff");
    expect_168(&p, u, "usim/ef-loci", "content written up to byte 12");
    pv_free(&p);

    LOAD(&p);
    u = pv_find(&p, ProfileElement_PR_usim, 0);
    set_size(p.pe[u]->choice.usim.ef_fplmn, "0D");
    expect_168(&p, u, "usim/ef-fplmn", "efFileSize 13 is not a whole number of 3-byte PLMN entries");
    pv_free(&p);

    /* EF.AD: MNC length 4, then 3 bytes. */
    LOAD(&p);
    u = pv_find(&p, ProfileElement_PR_usim, 0);
    pv_set_hex(fill_of(p.pe[u]->choice.usim.ef_ad), "80000004");
    expect_168(&p, u, "usim/ef-ad", "MNC length of 4");
    pv_free(&p);
    LOAD(&p);
    u = pv_find(&p, ProfileElement_PR_usim, 0);
    set_size(p.pe[u]->choice.usim.ef_ad, "03");
    expect_168(&p, u, "usim/ef-ad", "efFileSize 3; EF.AD has at least 4 bytes");
    pv_free(&p);

    /* DF GSM-ACCESS's EF.Kc. */
    LOAD(&p);
    g = pv_find(&p, ProfileElement_PR_gsm_access, 0);
    assert_true(g > 0);
    assert_non_null(p.pe[g]->choice.gsm_access.ef_kc);
    set_size(p.pe[g]->choice.gsm_access.ef_kc, "08");
    expect_168(&p, g, "gsm-access/ef-kc", "TS 31.102 4.4.3.1 gives this EF 9 bytes");
    pv_free(&p);

    /* A valid EF.AD (MNC length 3) is quiet. */
    LOAD(&p);
    u = pv_find(&p, ProfileElement_PR_usim, 0);
    pv_set_hex(fill_of(p.pe[u]->choice.usim.ef_ad), "80000003");
    {
        esv_report *r = pv_verify(&p, ESV_POLICY_TEST);
        pv_assert_quiet(r, "PROF-168");
        esv_report_free(r);
    }
    pv_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quiet_on_all_ts48),
        cmocka_unit_test(test_header_iccid_not_bcd),
        cmocka_unit_test(test_header_iccid_length_and_luhn),
        cmocka_unit_test(test_header_iccid_not_89),
        cmocka_unit_test(test_ef_iccid),
        cmocka_unit_test(test_imsi_length),
        cmocka_unit_test(test_imsi_parity_and_digits),
        cmocka_unit_test(test_imsi_test_mcc),
        cmocka_unit_test(test_acc),
        cmocka_unit_test(test_no_content_is_skipped),
        cmocka_unit_test(test_usim_ef_sizes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
