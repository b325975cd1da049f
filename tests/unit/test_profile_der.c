/*
 * test_profile_der.c - the profile package split over real TS.48 profiles
 * (../shared/testdata, skipped when absent) and variants derived from them
 * at test time: faults in chosen elements, truncation, trailing bytes, and
 * every limit.
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
#include "check/der_check.h"
#include "testutil.h"

static const struct {
    const char *file;
    size_t elements; /* ProfileElements in the package */
} ts48[] = {
    {"TS48v1_A.der", 28}, {"TS48v1_B.der", 29},
    {"TS48v2_SAIP2.1_BERTLV.der", 28}, {"TS48v2_SAIP2.1_NoBERTLV.der", 28},
    {"TS48v2_SAIP2.3_BERTLV.der", 30}, {"TS48v2_SAIP2.3_NoBERTLV.der", 30},
    {"TS48v3_SAIP2.1_BERTLV.der", 28}, {"TS48v3_SAIP2.1_NoBERTLV.der", 28},
    {"TS48v3_SAIP2.3_BERTLV.der", 30}, {"TS48v3_SAIP2.3_NoBERTLV.der", 30},
    {"TS48v5_SAIP2.1A_NoBERTLV.der", 28}, {"TS48v5_SAIP2.1B_NoBERTLV.der", 29},
    {"TS48v5_SAIP2.3_BERTLV_SUCI.der", 30}, {"TS48v5_SAIP2.3_NoBERTLV.der", 30},
    {"TS48v7_SAIP2.3_BERTLV_SUCI.der", 30}, {"TS48v7_SAIP2.3_BERTLV_SUCI_NoRAMRFM.der", 26},
    {"TS48v7_SAIP2.3_NoBERTLV.der", 30}, {"TS48v7_SAIP2.3_NoBERTLV_NoRAMRFM.der", 26},
};

#define V7 "profiles/ts48/TS48v7_SAIP2.3_NoBERTLV.der"

static uint8_t *load(const char *rel, size_t *len)
{
    char path[256];
    uint8_t *buf;
    snprintf(path, sizeof(path), "%s", rel);
    buf = tu_read_testdata(path, len);
    return buf;
}

#define LOAD_OR_SKIP(var, rel, lenp)                                                 \
    uint8_t *var = load(rel, lenp);                                                  \
    if (var == NULL) {                                                               \
        print_message("skipped: ../shared/testdata not present (%s)\n", rel);        \
        skip();                                                                      \
    }

/* The DER- findings of a report, in order (the PROF- rules that also run on
 * these inputs are tested elsewhere). */
static size_t der_findings(const esv_report *r, const esv_finding **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < esv_report_finding_count(r); i++) {
        const esv_finding *f = esv_report_finding(r, i);
        if (strncmp(esv_finding_rule_id(f), "DER-", 4) == 0 && n < max)
            out[n++] = f;
    }
    return n;
}

typedef struct collect {
    size_t n;
    size_t off[64];
    size_t len[64];
} collect;

static int collect_fn(void *opaque, const esv_der_value *v)
{
    collect *c = opaque;
    if (c->n < 64) {
        c->off[c->n] = v->tlv.off;
        c->len[c->n] = der_tlv_size(&v->tlv);
    }
    c->n++;
    return 0;
}

/* Splits a package with the internal splitter; returns the element spans. */
static void split(const esv_ctx *ctx, const uint8_t *d, size_t len, collect *c)
{
    esv_report *r = esv_report_create(ctx, "profile");
    memset(c, 0, sizeof(*c));
    assert_int_equal(esv_der_check_values(r, ctx, d, len, 1, 1, -1, collect_fn, c), ESV_OK);
    assert_int_equal(esv_report_finding_count(r), 0);
    esv_report_free(r);
}

static void test_ts48_profiles_are_well_formed(void **state)
{
    esv_ctx *ctx;
    (void)state;
    if (tu_testdata() == NULL) {
        print_message("skipped: ../shared/testdata not present\n");
        skip();
    }
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    for (size_t i = 0; i < sizeof(ts48) / sizeof(ts48[0]); i++) {
        char rel[256];
        size_t len;
        uint8_t *d;
        esv_report *r = NULL;
        collect c;
        snprintf(rel, sizeof(rel), "profiles/ts48/%s", ts48[i].file);
        d = load(rel, &len);
        assert_non_null(d);
        const esv_finding *df[4];
        assert_int_equal(esv_profile_verify(ctx, d, len, &r), ESV_OK);
        if (der_findings(r, df, 4) != 0)
            fail_msg("%s: unexpected %s", ts48[i].file, esv_finding_message(df[0]));
        split(ctx, d, len, &c);
        if (c.n != ts48[i].elements)
            fail_msg("%s: %zu elements, expected %zu", ts48[i].file, c.n, ts48[i].elements);
        /* the spans tile the package exactly */
        assert_int_equal(c.off[0], 0);
        assert_int_equal(c.off[c.n - 1] + c.len[c.n - 1], len);
        esv_report_free(r);
        free(d);
    }
    esv_ctx_free(ctx);
}

/* Finds the first (or last) primitive TLV inside the element at off whose
 * length is a single short-form octet >= 1; returns that octet's offset. */
static size_t inner_short_length(const uint8_t *d, size_t off, size_t len, int last)
{
    size_t found = 0;
    der_cursor c;
    der_tlv t;
    der_cursor_init(&c, d + off, len, off);
    assert_int_equal(der_read_tlv(&c, &t, NULL), DER_OK);
    der_cursor_enter(&c, &t);
    while (!der_cursor_done(&c)) {
        assert_int_equal(der_read_tlv(&c, &t, NULL), DER_OK);
        if (t.constructed) {
            der_cursor_enter(&c, &t);
            continue;
        }
        if (t.hdr_len == 2 && t.len >= 1) {
            found = t.off + 1;
            if (!last)
                return found;
        }
    }
    if (found == 0)
        fail_msg("no short primitive in element at %zu", off);
    return found;
}

/* Indefinite length injected into two elements: both reported, with their
 * element index and the offset of the bad length octet; the others pass. */
static void test_faults_in_two_elements_both_reported(void **state)
{
    esv_ctx *ctx;
    size_t len, o3, o7;
    LOAD_OR_SKIP(d, V7, &len);
    esv_report *r = NULL;
    collect c;
    (void)state;
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    split(ctx, d, len, &c);
    o3 = inner_short_length(d, c.off[3], c.len[3], 0);
    o7 = inner_short_length(d, c.off[7], c.len[7], 0);
    const esv_finding *df[4];
    d[o3] = 0x80;
    d[o7] = 0x80;
    assert_int_equal(esv_profile_verify(ctx, d, len, &r), ESV_OK);
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_FAIL);
    assert_int_equal(der_findings(r, df, 4), 2);
    assert_string_equal(esv_finding_rule_id(df[0]), "DER-003");
    assert_int_equal(esv_finding_element(df[0]), 3);
    assert_int_equal(esv_finding_offset(df[0]), (int64_t)o3);
    assert_string_equal(esv_finding_rule_id(df[1]), "DER-003");
    assert_int_equal(esv_finding_element(df[1]), 7);
    assert_int_equal(esv_finding_offset(df[1]), (int64_t)o7);
    esv_report_free(r);
    free(d);
    esv_ctx_free(ctx);
}

/* An inner length one too long runs past its element: truncation inside
 * that element, the next elements still checked. */
static void test_inner_overrun_is_truncation_in_its_element(void **state)
{
    esv_ctx *ctx;
    size_t len, lo;
    LOAD_OR_SKIP(d, V7, &len);
    esv_report *r = NULL;
    collect c;
    (void)state;
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    split(ctx, d, len, &c);
    /* the header element's last primitive: grow its length past the
     * element's end (it ends within 127 bytes of it) */
    lo = inner_short_length(d, c.off[0], c.len[0], 1);
    assert_true(c.off[0] + c.len[0] - lo < 0x7f);
    const esv_finding *df[4];
    d[lo] = 0x7f;
    assert_int_equal(esv_profile_verify(ctx, d, len, &r), ESV_OK);
    assert_int_equal(der_findings(r, df, 4), 1);
    assert_string_equal(esv_finding_rule_id(df[0]), "DER-002");
    assert_int_equal(esv_finding_element(df[0]), 0);
    esv_report_free(r);
    free(d);
    esv_ctx_free(ctx);
}

static void test_truncated_and_trailing_packages(void **state)
{
    esv_ctx *ctx;
    size_t len;
    LOAD_OR_SKIP(d, V7, &len);
    uint8_t *longer;
    esv_report *r = NULL;
    collect c;
    (void)state;
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    split(ctx, d, len, &c);
    /* cut inside the last element: DER-002 on that element */
    assert_int_equal(esv_profile_verify(ctx, d, len - 1, &r), ESV_OK);
    assert_int_equal(esv_report_finding_count(r), 1);
    assert_string_equal(esv_finding_rule_id(esv_report_finding(r, 0)), "DER-002");
    assert_int_equal(esv_finding_element(esv_report_finding(r, 0)), (long)c.n - 1);
    esv_report_free(r);
    /* a stray 0x00 after the end element: end-of-contents as a value */
    longer = malloc(len + 2);
    memcpy(longer, d, len);
    longer[len] = 0x00;
    longer[len + 1] = 0x00;
    assert_int_equal(esv_profile_verify(ctx, longer, len + 2, &r), ESV_OK);
    assert_int_equal(esv_report_finding_count(r), 1);
    assert_string_equal(esv_finding_rule_id(esv_report_finding(r, 0)), "DER-017");
    assert_int_equal(esv_finding_element(esv_report_finding(r, 0)), (long)c.n);
    assert_int_equal(esv_finding_offset(esv_report_finding(r, 0)), (int64_t)len);
    esv_report_free(r);
    free(longer);
    free(d);
    esv_ctx_free(ctx);
}

static void test_limits_reported(void **state)
{
    esv_ctx *ctx;
    size_t len;
    LOAD_OR_SKIP(d, V7, &len);
    esv_report *r = NULL;
    (void)state;

    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    assert_int_equal(esv_ctx_set_limit(ctx, ESV_LIMIT_INPUT_BYTES, len - 1), ESV_OK);
    assert_int_equal(esv_profile_verify(ctx, d, len, &r), ESV_E_LIMIT);
    assert_string_equal(esv_finding_rule_id(esv_report_finding(r, 0)), "DER-018");
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_FAIL);
    esv_report_free(r);
    esv_ctx_free(ctx);

    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    assert_int_equal(esv_ctx_set_limit(ctx, ESV_LIMIT_ELEMENTS, 100), ESV_OK);
    assert_int_equal(esv_profile_verify(ctx, d, len, &r), ESV_E_LIMIT);
    assert_int_equal(esv_report_finding_count(r), 1);
    assert_string_equal(esv_finding_rule_id(esv_report_finding(r, 0)), "DER-020");
    esv_report_free(r);
    esv_ctx_free(ctx);

    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    assert_int_equal(esv_ctx_set_limit(ctx, ESV_LIMIT_DEPTH, 2), ESV_OK);
    assert_int_equal(esv_profile_verify(ctx, d, len, &r), ESV_E_LIMIT);
    assert_non_null(esv_report_find(r, "DER-019"));
    /* the depth limit is per element: every deep element is reported */
    assert_true(esv_report_finding_count(r) > 1);
    esv_report_free(r);
    esv_ctx_free(ctx);
    free(d);
}

/* The 17 bytes on which asn1c 0.9.28's BER decoder loops forever: rejected
 * by the DER layer at the first indefinite length. */
static void test_asn1c_loop_input_rejected(void **state)
{
    esv_ctx *ctx;
    size_t len;
    uint8_t *d = tu_hex("a2 80 a0 03 81 01 01 a1 80 81 00 00 01 00 00 00 00", &len);
    esv_report *r = NULL;
    (void)state;
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    assert_int_equal(esv_profile_verify(ctx, d, len, &r), ESV_OK);
    assert_int_equal(esv_report_finding_count(r), 1);
    assert_string_equal(esv_finding_rule_id(esv_report_finding(r, 0)), "DER-003");
    assert_int_equal(esv_finding_offset(esv_report_finding(r, 0)), 1);
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_FAIL);
    esv_report_free(r);
    assert_int_equal(esv_profile_verify(ctx, d, 0, &r), ESV_OK);
    assert_string_equal(esv_finding_rule_id(esv_report_finding(r, 0)), "DER-001");
    esv_report_free(r);
    assert_int_equal(esv_profile_verify(NULL, d, len, &r), ESV_E_ARG);
    assert_null(r);
    assert_int_equal(esv_profile_verify(ctx, NULL, 5, &r), ESV_E_ARG);
    free(d);
    esv_ctx_free(ctx);
}

/* esv_der_verify: one value (trailing bytes rejected) or a sequence. */
static void test_der_verify_single_and_sequence(void **state)
{
    esv_ctx *ctx;
    size_t len;
    uint8_t *d = tu_hex("30 03 02 01 05 04 00", &len);
    esv_report *r = NULL;
    (void)state;
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    assert_int_equal(esv_der_verify(ctx, d, len, 0, &r), ESV_OK);
    assert_int_equal(esv_report_finding_count(r), 1);
    assert_string_equal(esv_finding_rule_id(esv_report_finding(r, 0)), "DER-007");
    assert_int_equal(esv_finding_offset(esv_report_finding(r, 0)), 5);
    esv_report_free(r);
    assert_int_equal(esv_der_verify(ctx, d, len, ESV_DER_SEQUENCE_OF_VALUES, &r), ESV_OK);
    assert_int_equal(esv_report_finding_count(r), 0);
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_PASS);
    assert_string_equal(esv_report_kind(r), "der");
    esv_report_free(r);
    free(d);
    esv_ctx_free(ctx);
}

/* Well-formed DER that is not a ProfileElement: a universal SEQUENCE (say
 * a certificate given by mistake) and a context [0] (header) whose contents
 * do not match ProfileHeader both give DER-021 on their element; an unknown
 * context alternative [40] is PROF-001 (info). */
static void test_not_a_profile_element(void **state)
{
    esv_ctx *ctx;
    size_t len;
    uint8_t *d;
    esv_report *r = NULL;
    const esv_finding *df[4];
    (void)state;
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    d = tu_hex("30 03 02 01 05  a0 03 02 01 05  bf 28 03 80 01 01", &len);
    assert_int_equal(esv_profile_verify(ctx, d, len, &r), ESV_OK);
    assert_int_equal(der_findings(r, df, 4), 2);
    assert_string_equal(esv_finding_rule_id(df[0]), "DER-021");
    assert_int_equal(esv_finding_element(df[0]), 0);
    assert_string_equal(esv_finding_rule_id(df[1]), "DER-021");
    assert_int_equal(esv_finding_element(df[1]), 1);
    assert_int_equal(esv_finding_offset(df[1]), 5);
    assert_non_null(esv_report_find(r, "PROF-001"));
    assert_int_equal(esv_finding_element(esv_report_find(r, "PROF-001")), 2);
    assert_int_equal(esv_finding_severity(esv_report_find(r, "PROF-001")), ESV_SEV_INFO);
    esv_report_free(r);
    free(d);
    esv_ctx_free(ctx);
}

/* Each DER defect reaches the report as its own rule (the mapping from
 * the reader's error codes to the catalogue). */
static void test_der_rule_ids(void **state)
{
    static const struct {
        const char *hex, *rule;
        int64_t offset;
    } cases[] = {
        {"", "DER-001", 0},
        {"30 05 02 01", "DER-002", 2},
        {"30 80 00 00", "DER-003", 1},
        {"04 81 05 01 02 03 04 05", "DER-004", 1},
        {"04 ff", "DER-005", 1},
        {"1f 80 01 00", "DER-006", 1},
        {"02 01 05 00", "DER-007", 3},
        {"24 03 04 01 00", "DER-008", 0},
        {"02 02 00 05", "DER-009", 2},
        {"01 01 01", "DER-010", 2},
        {"03 02 08 00", "DER-011", 2},
        {"06 02 80 01", "DER-012", 2},
        {"17 0d 31 33 31 33 30 31 30 30 30 30 30 30 5a", "DER-013", 2},
        {"18 0e 32 30 32 34 30 31 30 31 30 30 30 30 30 30", "DER-014", 2},
        {"13 01 40", "DER-015", 2},
        {"05 01 00", "DER-016", 2},
        {"00 00", "DER-017", 0},
    };
    esv_ctx *ctx;
    (void)state;
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        size_t len;
        uint8_t *d = tu_hex(cases[i].hex, &len);
        esv_report *r = NULL;
        assert_int_equal(esv_der_verify(ctx, d, len, 0, &r), ESV_OK);
        if (esv_report_finding_count(r) != 1 ||
            strcmp(esv_finding_rule_id(esv_report_finding(r, 0)), cases[i].rule) != 0 ||
            esv_finding_offset(esv_report_finding(r, 0)) != cases[i].offset)
            fail_msg("case %zu (%s): got %s at %lld", i, cases[i].rule,
                     esv_report_finding_count(r) ? esv_finding_rule_id(esv_report_finding(r, 0)) : "nothing",
                     esv_report_finding_count(r) ? (long long)esv_finding_offset(esv_report_finding(r, 0)) : -1LL);
        esv_report_free(r);
        free(d);
    }
    esv_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ts48_profiles_are_well_formed),
        cmocka_unit_test(test_faults_in_two_elements_both_reported),
        cmocka_unit_test(test_inner_overrun_is_truncation_in_its_element),
        cmocka_unit_test(test_truncated_and_trailing_packages),
        cmocka_unit_test(test_limits_reported),
        cmocka_unit_test(test_asn1c_loop_input_rejected),
        cmocka_unit_test(test_der_verify_single_and_sequence),
        cmocka_unit_test(test_not_a_profile_element),
        cmocka_unit_test(test_der_rule_ids),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
