/*
 * test_prof_scale.c - large packages (issue 9): the checks that once
 * compared every value with every earlier one give the same findings on a
 * package of 100,000 elements as on a small one, and nothing past one of
 * esv's caps is dropped without a finding (PROF-126).
 *
 * Packages are built at run time with the project's profile builder. No
 * test is timed: the time per element is bench/bench_scale.c's business,
 * and fuzz-smoke's -timeout catches a check that turns quadratic on the
 * large seed in fuzz/corpus/fuzz_profile.
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "esv/esv.h"
#include "asn1/saip.h"
#include "profile_builder.h"

#define FILLERS 100000

/* ------------------------------------------------------------ helpers */

typedef struct pkg {
    uint8_t *p;
    size_t len, cap;
} pkg;

static void put_element(pkg *b, const ProfileElement_t *pe)
{
    uint8_t *der;
    size_t n;
    assert_int_equal(esv_saip_encode(pe, &der, &n), 0);
    if (b->len + n > b->cap) {
        size_t nc = (b->len + n) * 2;
        uint8_t *np = realloc(b->p, nc);
        assert_non_null(np);
        b->p = np;
        b->cap = nc;
    }
    memcpy(b->p + b->len, der, n);
    b->len += n;
    free(der);
}

static void set_os(OCTET_STRING_t *os, const void *bytes, size_t len)
{
    assert_int_equal(OCTET_STRING_fromBuf(os, (const char *)bytes, (int)len), 0);
}

/* A PE-NonStandard (TCA SAIP 8.10): it has a PEHeader and no rule looks
 * inside it, so it adds an identification and nothing else. */
static ProfileElement_t *non_standard(long identification)
{
    static const uint8_t issuer[] = {0x88, 0x37, 0x01}; /* 2.999.1 */
    ProfileElement_t *pe = calloc(1, sizeof(*pe));
    assert_non_null(pe);
    pe->present = ProfileElement_PR_nonStandard;
    pe->choice.nonStandard.nonStandard_header.identification = identification;
    set_os((OCTET_STRING_t *)&pe->choice.nonStandard.issuerID, issuer, sizeof(issuer));
    set_os(&pe->choice.nonStandard.content, "\x00", 1);
    return pe;
}

static long find(ProfileElement_t **pes, size_t count, ProfileElement_PR type)
{
    for (size_t i = 0; i < count; i++)
        if (pes[i]->present == type)
            return (long)i;
    fail_msg("no element of type %d", (int)type);
    return -1;
}

/* Verifies under the production policy, keeping every finding. */
static esv_report *verify(const pkg *b)
{
    esv_ctx *ctx;
    esv_report *r = NULL;
    esv_status st;
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    assert_int_equal(esv_ctx_set_limit(ctx, ESV_LIMIT_FINDINGS, 1000000), ESV_OK);
    st = esv_profile_verify(ctx, b->p, b->len, &r);
    assert_non_null(r);
    assert_true(st == ESV_OK || st == ESV_E_LIMIT);
    assert_int_equal(esv_report_status(r), ESV_OK);
    assert_int_equal(esv_report_dropped(r), 0);
    esv_ctx_free(ctx);
    return r;
}

static size_t count_rule(const esv_report *r, const char *id)
{
    size_t n = 0;
    for (size_t i = 0; i < esv_report_finding_count(r); i++)
        n += strcmp(esv_finding_rule_id(esv_report_finding(r, i)), id) == 0;
    return n;
}

/* The i-th finding of rule id (0-based), or fails. */
static const esv_finding *nth(const esv_report *r, const char *id, size_t i)
{
    for (size_t k = 0; k < esv_report_finding_count(r); k++) {
        const esv_finding *f = esv_report_finding(r, k);
        if (strcmp(esv_finding_rule_id(f), id) == 0 && i-- == 0)
            return f;
    }
    fail_msg("fewer %s findings than expected", id);
    return NULL;
}

static void print_findings(const esv_report *r, const char *id)
{
    for (size_t k = 0; k < esv_report_finding_count(r); k++) {
        const esv_finding *f = esv_report_finding(r, k);
        if (id == NULL || strcmp(esv_finding_rule_id(f), id) == 0)
            print_message("  %s element %ld: %s\n", esv_finding_rule_id(f), esv_finding_element(f),
                          esv_finding_message(f));
    }
}

static void assert_finding(const esv_report *r, const char *id, size_t i, long element,
                           const char *message)
{
    const esv_finding *f = nth(r, id, i);
    if (esv_finding_element(f) != element || strcmp(esv_finding_message(f), message) != 0) {
        print_findings(r, id);
        fail_msg("%s #%zu: expected element %ld \"%s\"", id, i, element, message);
    }
}

/* ------------------------------------- identifications, 100,000 elements */

/* The sample profile with three PE-NonStandard after the MF and before
 * the end: X (identification 7777), then `fillers` elements with
 * identifications 100000, 100001, ... (the last repeating the first), then
 * Y repeating X's identification and Z repeating the MF's. */
static void build_ids(pkg *b, size_t fillers)
{
    pb_options o;
    ProfileElement_t **pes, *x;
    size_t count, i;
    long mf_id;
    pb_options_sample(&o);
    assert_int_equal(pb_build_elements(&o, &pes, &count), 0);
    mf_id = pes[1]->choice.mf.mf_header.identification;
    put_element(b, pes[0]);
    put_element(b, pes[1]);
    x = non_standard(7777);
    put_element(b, x);
    for (i = 0; i < fillers; i++) {
        x->choice.nonStandard.nonStandard_header.identification =
            i + 1 == fillers ? 100000 : 100000 + (long)i;
        put_element(b, x);
    }
    for (i = 2; i + 1 < count; i++)
        put_element(b, pes[i]);
    x->choice.nonStandard.nonStandard_header.identification = 7777;
    put_element(b, x);
    x->choice.nonStandard.nonStandard_header.identification = mf_id;
    put_element(b, x);
    put_element(b, pes[count - 1]);
    esv_saip_free(x);
    pb_free_elements(pes, count);
}

static void test_identifications_large_as_small(void **state)
{
    pkg small = {0}, large = {0};
    esv_report *rs, *rl;
    size_t tail, k, j;
    char msg[160];
    (void)state;
    build_ids(&small, 0);
    build_ids(&large, FILLERS);
    rs = verify(&small);
    rl = verify(&large);

    /* small: Y (element tail) repeats X (2), Z (tail + 1) the MF (1) */
    tail = (size_t)esv_finding_element(nth(rs, "PROF-011", 0));
    assert_int_equal(count_rule(rs, "PROF-011"), 2);
    snprintf(msg, sizeof(msg),
             "identification 7777 of nonStandard (element %zu) is already used by nonStandard (element 2)", tail);
    assert_finding(rs, "PROF-011", 0, (long)tail, msg);
    snprintf(msg, sizeof(msg), "identification 1 of nonStandard (element %zu) is already used by mf (element 1)",
             tail + 1);
    assert_finding(rs, "PROF-011", 1, (long)tail + 1, msg);

    /* large: the same two, FILLERS elements later, after the filler that
     * repeats the first filler */
    assert_int_equal(count_rule(rl, "PROF-011"), 3);
    snprintf(msg, sizeof(msg),
             "identification 100000 of nonStandard (element %d) is already used by nonStandard (element 3)",
             FILLERS + 2);
    assert_finding(rl, "PROF-011", 0, FILLERS + 2, msg);
    snprintf(msg, sizeof(msg),
             "identification 7777 of nonStandard (element %zu) is already used by nonStandard (element 2)",
             tail + FILLERS);
    assert_finding(rl, "PROF-011", 1, (long)(tail + FILLERS), msg);
    snprintf(msg, sizeof(msg), "identification 1 of nonStandard (element %zu) is already used by mf (element 1)",
             tail + 1 + FILLERS);
    assert_finding(rl, "PROF-011", 2, (long)(tail + 1 + FILLERS), msg);

    /* every finding is the same, on the same element (shifted past the
     * fillers), in the same order, but for the fillers' own repeat and
     * their identifications: 100000.. is outside UInt15 (0..32767), which
     * the schema check reports on each filler (DER-023) */
    assert_int_equal(count_rule(rl, "DER-023"), FILLERS);
    assert_int_equal(count_rule(rs, "DER-023"), 0);
    assert_int_equal(esv_report_finding_count(rl), esv_report_finding_count(rs) + 1 + FILLERS);
    for (k = 0, j = 0; k < esv_report_finding_count(rs); k++, j++) {
        const esv_finding *a = esv_report_finding(rs, k), *b = esv_report_finding(rl, j);
        long ea = esv_finding_element(a);
        while (strcmp(esv_finding_rule_id(b), "DER-023") == 0) {
            long eb = esv_finding_element(b);
            assert_true(eb >= 3 && eb < 3 + FILLERS); /* on a filler */
            b = esv_report_finding(rl, ++j);
        }
        if (esv_finding_element(b) == FILLERS + 2)
            b = esv_report_finding(rl, ++j);
        assert_string_equal(esv_finding_rule_id(a), esv_finding_rule_id(b));
        assert_int_equal(ea <= 2 ? ea : ea + FILLERS, esv_finding_element(b));
    }
    esv_report_free(rs);
    esv_report_free(rl);
    free(small.p);
    free(large.p);
}

/* ------------------------------------------ caps: TARs, RFM, SD keys */

/* The sample profile with a RAM-reachable security domain (toolkit TAR
 * 'B20100') and one PE-RFM (after it) listing n_rfm TARs 'B00000',
 * 'B00001', ... then the extra TARs given. */
static void build_tars(pkg *b, size_t n_rfm, const char *const *extra, size_t n_extra, size_t *sd, size_t *rfm)
{
    pb_options o;
    ProfileElement_t **pes;
    size_t count, i;
    PE_RFM_t *f;
    pb_options_sample(&o);
    o.sd_ram = true;
    o.rfm = true;
    o.rfm_msl = 0x16;
    o.rfm_tar[0] = 0xB0;
    assert_int_equal(pb_build_elements(&o, &pes, &count), 0);
    *sd = (size_t)find(pes, count, ProfileElement_PR_securityDomain);
    *rfm = (size_t)find(pes, count, ProfileElement_PR_rfm);
    assert_true(*sd < *rfm);
    f = &pes[*rfm]->choice.rfm;
    for (i = 1; i < n_rfm + n_extra; i++) {
        OCTET_STRING_t *t = calloc(1, sizeof(*t));
        uint8_t tar[3] = {0xB0, (uint8_t)(i >> 8), (uint8_t)i};
        assert_non_null(t);
        if (i < n_rfm)
            set_os(t, tar, 3);
        else
            set_os(t, extra[i - n_rfm], 3);
        assert_int_equal(ASN_SEQUENCE_ADD(&f->tarList->list, t), 0);
    }
    for (i = 0; i < count; i++)
        put_element(b, pes[i]);
    pb_free_elements(pes, count);
}

/* PE-RFM tarList entries past 16 were once dropped unchecked: the 17th
 * and later entries are now checked like the first ones. */
static void test_rfm_tar_list_has_no_cap(void **state)
{
    static const char *const dup_and_range[] = {"\xB0\x00\x00", "\xC0\x00\x01"};
    pkg b = {0};
    esv_report *r;
    size_t sd, rfm;
    char msg[120];
    (void)state;
    /* 16 distinct RFM TARs: quiet */
    build_tars(&b, 16, NULL, 0, &sd, &rfm);
    r = verify(&b);
    assert_int_equal(count_rule(r, "PROF-110"), 0);
    assert_int_equal(count_rule(r, "PROF-112"), 0);
    assert_int_equal(count_rule(r, "PROF-126"), 0);
    esv_report_free(r);
    free(b.p);

    /* a 17th repeating the first, an 18th outside the RFM range */
    memset(&b, 0, sizeof(b));
    build_tars(&b, 16, dup_and_range, 2, &sd, &rfm);
    r = verify(&b);
    assert_finding(r, "PROF-110", 0, (long)rfm, "PE-RFM lists TAR 'B00000' twice (entries 0 and 16)");
    snprintf(msg, sizeof(msg), "PE-RFM: TAR 'C00001' is outside the RFM range 'B00000'-'B0FFFF'");
    assert_finding(r, "PROF-112", 0, (long)rfm, msg);
    assert_int_equal(count_rule(r, "PROF-126"), 0);
    esv_report_free(r);
    free(b.p);

    /* the TAR overlap check sees the 81st entry of the list too */
    {
        static const char *const sd_tar_late[] = {"\xB2\x01\x00"};
        memset(&b, 0, sizeof(b));
        build_tars(&b, 80, sd_tar_late, 1, &sd, &rfm);
        r = verify(&b);
        snprintf(msg, sizeof(msg), "TAR 'B20100' of rfm (element %zu) is already the TAR of securityDomain (element %zu)",
                 rfm, sd);
        assert_finding(r, "PROF-111", 0, (long)rfm, msg);
        esv_report_free(r);
        free(b.p);
    }
}

/* The package's TARs are kept for the overlap check up to esv's cap of
 * 65,536: at the cap nothing is said; one past it, PROF-126 names the cap,
 * the first TAR left out and its element. */
static void test_tar_cap(void **state)
{
    pkg b = {0};
    esv_report *r;
    size_t sd, rfm;
    char msg[200];
    (void)state;
    /* 65,535 RFM TARs and the SD's: 65,536 */
    build_tars(&b, 65535, NULL, 0, &sd, &rfm);
    r = verify(&b);
    assert_int_equal(count_rule(r, "PROF-126"), 0);
    assert_int_equal(count_rule(r, "PROF-111"), 0);
    assert_int_equal(count_rule(r, "PROF-110"), 0);
    esv_report_free(r);
    free(b.p);

    /* every RFM TAR 'B00000'-'B0FFFF' and the SD's: 65,537. RFM elements
     * are gathered first, so the SD's TAR is the one past the cap. */
    memset(&b, 0, sizeof(b));
    build_tars(&b, 65536, NULL, 0, &sd, &rfm);
    r = verify(&b);
    snprintf(msg, sizeof(msg),
             "the package has more TARs than esv's cap of 65536: 1 TAR(s), from TAR 'B20100' of securityDomain "
             "(element %zu) on, are not checked against the other elements' TARs (PROF-111)",
             sd);
    assert_finding(r, "PROF-126", 0, (long)sd, msg);
    assert_int_equal(count_rule(r, "PROF-126"), 1);
    assert_int_equal(esv_finding_severity(nth(r, "PROF-126", 0)), ESV_SEV_ERROR);
    esv_report_free(r);
    free(b.p);
}

/* The sample profile whose security domain holds n keys: KVN '20' + the
 * key's number / 256, KID the number % 256, distinct AES values except
 * that keys listed in same[] take key same[0]'s value. */
static void build_keys(pkg *b, size_t n, const size_t *same, size_t n_same, size_t *sd)
{
    pb_options o;
    ProfileElement_t **pes;
    size_t count, i;
    PE_SecurityDomain_t *s;
    pb_options_sample(&o);
    assert_int_equal(pb_build_elements(&o, &pes, &count), 0);
    *sd = (size_t)find(pes, count, ProfileElement_PR_securityDomain);
    s = &pes[*sd]->choice.securityDomain;
    for (i = s->keyList->list.count; i < n; i++) {
        KeyObject_t *key = calloc(1, sizeof(*key));
        struct KeyObject__keyCompontents__Member *kc = calloc(1, sizeof(*kc));
        uint8_t kvn = (uint8_t)(0x20 + (i >> 8)), kid = (uint8_t)i, usage = 0x18, type = 0x88, v[16];
        size_t value = i;
        assert_non_null(key);
        assert_non_null(kc);
        for (size_t k = 1; k < n_same; k++)
            if (same[k] == i)
                value = same[0];
        /* an invented value per key number (splitmix64 of it) */
        for (size_t k = 0; k < 16; k += 8) {
            uint64_t z = (uint64_t)value * 2 + k / 8 + 0x9e3779b97f4a7c15u;
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
            z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
            z ^= z >> 31;
            memcpy(v + k, &z, 8);
        }
        set_os(&key->keyUsageQualifier, &usage, 1);
        set_os(&key->keyIdentifier, &kid, 1);
        set_os(&key->keyVersionNumber, &kvn, 1);
        set_os(&kc->keyType, &type, 1);
        set_os(&kc->keyData, v, 16);
        assert_int_equal(ASN_SEQUENCE_ADD(&key->keyCompontents.list, kc), 0);
        assert_int_equal(ASN_SEQUENCE_ADD(&s->keyList->list, key), 0);
    }
    for (i = 0; i < count; i++)
        put_element(b, pes[i]);
    pb_free_elements(pes, count);
}

/* Security domain keys were compared for equal values only among the
 * package's first 64: two equal keys past them were never compared. Now
 * every key is. */
static void test_sd_keys_have_no_cap(void **state)
{
    pkg b = {0};
    esv_report *r;
    size_t sd;
    (void)state;
    /* 64 distinct keys: quiet */
    build_keys(&b, 64, NULL, 0, &sd);
    r = verify(&b);
    assert_int_equal(count_rule(r, "PROF-116"), 0);
    assert_int_equal(count_rule(r, "PROF-117"), 0);
    assert_int_equal(count_rule(r, "PROF-125"), 0);
    assert_int_equal(count_rule(r, "PROF-126"), 0);
    esv_report_free(r);
    free(b.p);

    /* keys 65 and 66 (numbers 64, 65) share a value */
    {
        static const size_t same[] = {64, 65};
        memset(&b, 0, sizeof(b));
        build_keys(&b, 66, same, 2, &sd);
        r = verify(&b);
        assert_int_equal(count_rule(r, "PROF-116"), 1);
        assert_finding(r, "PROF-116", 0, (long)sd,
                       "security domain A000000151000000: key KVN '20' KID '41' has the same value as key KVN '20' KID '40'");
        assert_int_equal(count_rule(r, "PROF-126"), 0);
        esv_report_free(r);
        free(b.p);
    }

    /* 20,000 keys (KVN/KID pairs all distinct): the last repeats the
     * value of the fourth, the first one added here */
    {
        static const size_t same[] = {3, 19999};
        memset(&b, 0, sizeof(b));
        build_keys(&b, 20000, same, 2, &sd);
        r = verify(&b);
        assert_int_equal(count_rule(r, "PROF-117"), 0);
        assert_int_equal(count_rule(r, "PROF-116"), 1);
        assert_finding(r, "PROF-116", 0, (long)sd,
                       "security domain A000000151000000: key KVN '6E' KID '1F' has the same value as key KVN '20' KID '03'");
        esv_report_free(r);
        free(b.p);
    }
}


/* The sample profile (one security domain) with n PE-Applications before
 * PE-End, each loading package A0000005 59 + its 4-byte number (with a
 * hash); the last one also installs an instance of package A000000559FFFFFFFF,
 * which no element loads. *last: that element's index. */
static void build_load_blocks(pkg *b, size_t n, size_t *last)
{
    pb_options o;
    ProfileElement_t **pes;
    size_t count, i, end;
    static const uint8_t hash[20] = {1};
    pb_options_sample(&o);
    assert_int_equal(pb_build_elements(&o, &pes, &count), 0);
    end = (size_t)find(pes, count, ProfileElement_PR_end);
    for (i = 0; i < end; i++)
        put_element(b, pes[i]);
    for (i = 0; i < n; i++) {
        ProfileElement_t *pe = calloc(1, sizeof(*pe));
        PE_Application_t *a;
        uint8_t aid[9] = {0xA0, 0x00, 0x00, 0x05, 0x59, (uint8_t)(i >> 24), (uint8_t)(i >> 16), (uint8_t)(i >> 8),
                          (uint8_t)i};
        assert_non_null(pe);
        pe->present = ProfileElement_PR_application;
        a = &pe->choice.application;
        a->app_Header.identification = (long)(1000 + i);
        a->loadBlock = calloc(1, sizeof(*a->loadBlock));
        a->loadBlock->hashValue = calloc(1, sizeof(OCTET_STRING_t));
        assert_non_null(a->loadBlock);
        assert_non_null(a->loadBlock->hashValue);
        set_os(&a->loadBlock->loadPackageAID, aid, sizeof(aid));
        set_os(a->loadBlock->hashValue, hash, sizeof(hash));
        set_os(&a->loadBlock->loadBlockObject, "\x01", 1);
        if (i + 1 == n) {
            ApplicationInstance_t *in = calloc(1, sizeof(*in));
            static const uint8_t pkg_aid[9] = {0xA0, 0x00, 0x00, 0x05, 0x59, 0xFF, 0xFF, 0xFF, 0xFF};
            assert_non_null(in);
            set_os(&in->applicationLoadPackageAID, pkg_aid, sizeof(pkg_aid));
            set_os(&in->classAID, pkg_aid, sizeof(pkg_aid));
            set_os(&in->instanceAID, "\xA0\x00\x00\x05\x59\xEE\xEE\xEE\xEE", 9);
            set_os(&in->applicationPrivileges, "\x00", 1);
            set_os(&in->applicationSpecificParametersC9, "", 0);
            a->instanceList = calloc(1, sizeof(*a->instanceList));
            assert_non_null(a->instanceList);
            assert_int_equal(ASN_SEQUENCE_ADD(&a->instanceList->list, in), 0);
            *last = end + i;
        }
        put_element(b, pe);
        ASN_STRUCT_FREE(asn_DEF_ProfileElement, pe);
    }
    for (i = end; i < count; i++)
        put_element(b, pes[i]);
    pb_free_elements(pes, count);
}

/* Security domain and load package AIDs are sorted for the extradition
 * and load package look-ups up to esv's cap of 65,536: at the cap an
 * instance of a package no element loads is reported (PROF-148); one past
 * it, PROF-126 names the cap and the first element left out, and nothing
 * is reported as absent. */
static void test_link_cap(void **state)
{
    pkg b = {0};
    esv_report *r;
    size_t last;
    char msg[300];
    (void)state;
    /* the MNO-SD and 65,535 load blocks */
    build_load_blocks(&b, 65535, &last);
    r = verify(&b);
    assert_int_equal(count_rule(r, "PROF-126"), 0);
    assert_int_equal(count_rule(r, "PROF-148"), 1);
    assert_int_equal(esv_finding_element(nth(r, "PROF-148", 0)), (long)last);
    esv_report_free(r);
    free(b.p);

    memset(&b, 0, sizeof(b));
    build_load_blocks(&b, 65536, &last);
    r = verify(&b);
    snprintf(msg, sizeof(msg),
             "the package has more security domain and load package AIDs than esv's cap of 65536: 1, from element %zu "
             "on, are not looked up, and no extradition target or load package is reported as absent (PROF-141, "
             "PROF-148)",
             last);
    assert_int_equal(count_rule(r, "PROF-126"), 1);
    assert_string_equal(esv_finding_message(nth(r, "PROF-126", 0)), msg);
    assert_int_equal(esv_finding_element(nth(r, "PROF-126", 0)), (long)last);
    assert_int_equal(count_rule(r, "PROF-148"), 0);
    esv_report_free(r);
    free(b.p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identifications_large_as_small),
        cmocka_unit_test(test_rfm_tar_list_has_no_cap),
        cmocka_unit_test(test_tar_cap),
        cmocka_unit_test(test_link_cap),
        cmocka_unit_test(test_sd_keys_have_no_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
