/*
 * test_nomem.c - allocation-failure injection. Linked with
 * -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc so every allocation made
 * by libesv's own code can be made to fail: the scenario is run with the
 * first, second, ... allocation failing until it runs clean, and each run
 * must return ESV_E_NOMEM (or cope) without crashing or leaking (leaks are
 * caught under `make SANITIZE=1 check`).
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "esv/esv.h"
#include "core/context_internal.h"
#include "testutil.h"
#include "bpp_builder.h"
#include "report/report_internal.h"
#include "rsp/bpp.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);

static long countdown = -1; /* allocations left before one fails; -1 = never */
static int injected;

static int should_fail(void)
{
    if (countdown < 0)
        return 0;
    if (countdown == 0) {
        injected = 1;
        countdown = -1;
        return 1;
    }
    countdown--;
    return 0;
}

void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t m);
void *__wrap_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n) { return should_fail() ? NULL : __real_malloc(n); }
void *__wrap_calloc(size_t n, size_t m) { return should_fail() ? NULL : __real_calloc(n, m); }
void *__wrap_realloc(void *p, size_t n) { return should_fail() ? NULL : __real_realloc(p, n); }

static int discard(void *opaque, const void *data, size_t len)
{
    (void)opaque;
    (void)data;
    (void)len;
    return 0;
}

/* One full use of the API on an input with many findings, want of them
 * of rule, one per element. *undecoded: elements reported as not decoding
 * (DER-021) instead. Returns the first non-OK status, or ESV_OK. */
static esv_status scenario(const uint8_t *input, size_t len, const char *rule, size_t want,
                           size_t *undecoded)
{
    esv_ctx *ctx = NULL;
    esv_policy *policy = NULL;
    esv_report *r = NULL;
    esv_status st;
    static const char ptext[] = "base = test\nDER-016 = warning\n";

    if ((st = esv_ctx_new(&ctx)) != ESV_OK)
        return st;
    if ((st = esv_policy_new(ESV_POLICY_PRODUCTION, &policy)) != ESV_OK)
        goto out;
    if ((st = esv_policy_parse(policy, ptext, sizeof(ptext) - 1, NULL)) != ESV_OK)
        goto out;
    if ((st = esv_ctx_set_policy(ctx, policy)) != ESV_OK)
        goto out;
    if ((st = esv_profile_verify(ctx, input, len, &r)) != ESV_OK)
        goto out;
    {
        size_t n = 0;
        *undecoded = 0;
        for (size_t i = 0; i < esv_report_finding_count(r); i++) {
            const char *id = esv_finding_rule_id(esv_report_finding(r, i));
            n += strcmp(id, rule) == 0;
            *undecoded += strcmp(id, "DER-021") == 0;
        }
        /* one per element, whatever the structure rules add */
        if (n + *undecoded != want)
            fail_msg("expected %zu %s findings, got %zu (and %zu DER-021)", want, rule, n,
                     *undecoded);
    }
    if ((st = esv_report_write(r, ESV_FORMAT_TEXT, "in", discard, NULL)) != ESV_OK)
        goto out;
    if ((st = esv_report_write(r, ESV_FORMAT_JSON, "in", discard, NULL)) != ESV_OK)
        goto out;
    st = esv_report_write(r, ESV_FORMAT_CBOR, "in", discard, NULL);
out:
    esv_report_free(r);
    esv_policy_free(policy);
    esv_ctx_free(ctx);
    return st;
}

/* The scenario with the first, second, ... allocation failing until it
 * runs clean. */
static void fail_each_allocation(const uint8_t *input, size_t len, const char *rule, size_t want)
{
    long n;
    int clean = 0;
    for (n = 0; n < 10000 && !clean; n++) {
        esv_status st;
        size_t undecoded = 0;
        injected = 0;
        countdown = n;
        st = scenario(input, len, rule, want, &undecoded);
        countdown = -1;
        if (!injected) {
            assert_int_equal(st, ESV_OK);
            assert_int_equal(undecoded, 0);
            clean = 1;
        } else if (st == ESV_OK && undecoded == 1) {
            /* The failure hit asn1c's decoder, which returns the same
             * RC_FAIL for an allocation failure as for bytes that do not
             * decode: that element is reported as not decoding (DER-021),
             * a known limit of the generated runtime. */
        } else {
            /* a failure somewhere: reported as NOMEM, never anything else
             * (libcbor's own allocations are not wrapped, so a failure there
             * is seen only through our wrapper's effects) */
            if (st != ESV_E_NOMEM)
                fail_msg("allocation %ld failed but status is %s", n, esv_status_str(st));
        }
    }
    assert_true(clean);
    print_message("clean after %ld injected failure points\n", n - 1);
    assert_true(n > 20); /* the scenario really allocates */
}

static void test_every_allocation_failure_is_clean(void **state)
{
    /* twelve elements, each "05 01 00": NULL with contents (DER-016) */
    uint8_t input[36];
    (void)state;
    for (size_t i = 0; i < 12; i++) {
        input[3 * i] = 0x05;
        input[3 * i + 1] = 0x01;
        input[3 * i + 2] = 0x00;
    }
    fail_each_allocation(input, sizeof(input), "DER-016", 12);
}

/* Findings added from inside the constraint pass (under asn1c's lock):
 * eight ProfileHeader elements that decode, each with a 9-octet iccid
 * (DER-023). */
static void test_constraint_finding_allocation_failures(void **state)
{
    static const uint8_t header[] = {
        0xA0, 0x15, 0x80, 0x01, 0x02, 0x81, 0x01, 0x03,                   /* versions 2.3 */
        0x83, 0x09, 0x89, 0x44, 0x92, 0x01, 0x00, 0x58, 0x34, 0x23, 0x55, /* iccid, 9 octets */
        0xA5, 0x00, 0xA6, 0x00};                                          /* services, GFSTE list */
    uint8_t input[8 * sizeof(header)];
    (void)state;
    for (size_t i = 0; i < 8; i++)
        memcpy(input + i * sizeof(header), header, sizeof(header));
    fail_each_allocation(input, sizeof(input), "DER-023", 8);
}

/* A real profile package (the sample test profile: security domain keys,
 * an RFM TAR list, a RAM TAR, templates), so that the rule groups' own
 * allocations (sorted copies for the repeat checks, the TAR and key sets)
 * fail too. *decoder_failed: the generated decoder's allocation failed,
 * which it reports as an element that does not decode (DER-021): it copes,
 * and the rules still run on the other elements. */
static esv_status profile_scenario(const uint8_t *input, size_t len, int redecode,
                                   int *decoder_failed)
{
    esv_ctx *ctx = NULL;
    esv_report *r = NULL;
    esv_status st;

    *decoder_failed = 0;
    if ((st = esv_ctx_new(&ctx)) != ESV_OK)
        return st;
    /* Nothing resident but the header: every read decodes the element
     * again (lib/profile/model.h), and each of those decodes can fail. */
    if (redecode)
        esv_ctx_test_pe_budget(ctx, 0, 1);
    if ((st = esv_profile_verify(ctx, input, len, &r)) != ESV_OK && st != ESV_E_LIMIT)
        goto out;
    *decoder_failed = esv_report_find(r, "DER-021") != NULL;
    st = esv_report_write(r, ESV_FORMAT_JSON, "in", discard, NULL);
out:
    esv_report_free(r);
    esv_ctx_free(ctx);
    return st;
}

static void profile_rules_allocation_failures(int redecode)
{
    size_t len;
    uint8_t *input = tu_read_file("examples/data/test-profile-ram.der", &len);
    long n;
    int clean = 0, decoder_failed, rules_failed = 0;
    assert_non_null(input);
    for (n = 0; n < 100000 && !clean; n++) {
        esv_status st;
        injected = 0;
        countdown = n;
        st = profile_scenario(input, len, redecode, &decoder_failed);
        countdown = -1;
        if (!injected) {
            assert_int_equal(st, ESV_OK);
            assert_false(decoder_failed);
            clean = 1;
        } else if (st == ESV_E_NOMEM) {
            rules_failed++;
        } else if (st != ESV_OK || !decoder_failed) {
            fail_msg("allocation %ld failed but status is %s%s", n, esv_status_str(st),
                     st == ESV_OK ? " and no element failed to decode" : "");
        }
    }
    assert_true(clean);
    print_message("profile%s: clean after %ld injected failure points (%d reported as no memory)\n",
                  redecode ? " (decoded again on each read)" : "", n - 1, rules_failed);
    assert_true(rules_failed > 20);
    free(input);
}

static void test_profile_rules_allocation_failures(void **state)
{
    (void)state;
    profile_rules_allocation_failures(0);
}

/* A value decoded again that runs out of memory ends the verification in
 * ESV_E_NOMEM: the check that read it did not run, so there is no
 * verdict. Decoded again on every read, the package fails that way at far
 * more points than when resident. */
static void test_profile_redecode_allocation_failures(void **state)
{
    (void)state;
    profile_rules_allocation_failures(1);
}

/* The certificate API: a trust (CI, CRL, cache), then a PEM chain and a
 * DER certificate verified against it, the report written. */
typedef struct cert_files {
    uint8_t *ci, *crl, *chain, *dp;
    size_t ci_len, crl_len, chain_len, dp_len;
} cert_files;

static esv_status cert_scenario(const cert_files *f)
{
    esv_ctx *ctx = NULL;
    esv_trust *t = NULL;
    esv_report *r = NULL;
    esv_blob b[2] = {{f->chain, f->chain_len}, {f->dp, f->dp_len}};
    esv_status st;
    if ((st = esv_ctx_new(&ctx)) != ESV_OK)
        return st;
    if ((st = esv_ctx_set_time(ctx, 1893456000)) != ESV_OK || (st = esv_trust_new(&t)) != ESV_OK ||
        (st = esv_trust_add_ci(t, f->ci, f->ci_len)) != ESV_OK ||
        (st = esv_trust_add_crl(t, f->crl, f->crl_len)) != ESV_OK ||
        (st = esv_trust_set_cache(t, 8)) != ESV_OK)
        goto out;
    if ((st = esv_cert_verify(ctx, t, b, 2, ESV_ROLE_ANY, &r)) != ESV_OK)
        goto out;
    /* the trust holds the CI's CRL, none of the EUM: the eUICC's
     * revocation is not checked, and only that is said */
    if (esv_report_finding_count(r) != 1 ||
        strcmp(esv_finding_rule_id(esv_report_finding(r, 0)), "PKI-067") != 0 ||
        esv_finding_severity(esv_report_finding(r, 0)) != ESV_SEV_INFO)
        fail_msg("the sample chains verify with the PKI-067 notice alone, got %zu findings",
                 esv_report_finding_count(r));
    st = esv_report_write(r, ESV_FORMAT_JSON, "in", discard, NULL);
out:
    esv_report_free(r);
    esv_trust_free(t);
    esv_ctx_free(ctx);
    return st;
}

static void test_cert_allocation_failures(void **state)
{
    cert_files f;
    long n;
    int clean = 0;
    (void)state;
    f.ci = tu_read_file("examples/data/pki/ci-nist.der", &f.ci_len);
    f.crl = tu_read_file("examples/data/pki/crl-nist.der", &f.crl_len);
    f.chain = tu_read_file("examples/data/pki/chain-nist.pem", &f.chain_len);
    f.dp = tu_read_file("examples/data/pki/dpauth-nist.der", &f.dp_len);
    assert_non_null(f.ci);
    assert_non_null(f.crl);
    assert_non_null(f.chain);
    assert_non_null(f.dp);
    for (n = 0; n < 10000 && !clean; n++) {
        esv_status st;
        injected = 0;
        countdown = n;
        st = cert_scenario(&f);
        countdown = -1;
        if (!injected) {
            assert_int_equal(st, ESV_OK);
            clean = 1;
        } else if (st != ESV_E_NOMEM) {
            fail_msg("allocation %ld failed but status is %s", n, esv_status_str(st));
        }
    }
    assert_true(clean);
    print_message("certificates: clean after %ld injected failure points\n", n - 1);
    assert_true(n > 10);
    free(f.ci);
    free(f.crl);
    free(f.chain);
    free(f.dp);
}

/* The BPP check with keys and ReplaceSessionKeys (segment tables, the
 * StoreMetadata copy, the plaintext buffers, findings): every allocation
 * failure is ESV_E_NOMEM with nothing handed back and nothing leaked. */
static esv_status bpp_scenario(const uint8_t *bpp, size_t len, const esv_bsp_keys *keys,
                               const uint8_t *want_upp, size_t want_len)
{
    esv_ctx *ctx = NULL;
    esv_report *r;
    esv_bpp_info info;
    uint8_t *upp = NULL;
    size_t upp_len = 0;
    esv_status st = esv_ctx_new(&ctx);
    if (st != ESV_OK)
        return st;
    r = esv_report_create(ctx, "rsp");
    if (r == NULL) {
        esv_ctx_free(ctx);
        return ESV_E_NOMEM;
    }
    /* an extra finding on the way: a trailing byte (RSP-061) */
    st = esv_rsp_bpp_check(r, bpp, len, keys, NULL, &upp, &upp_len, &info);
    if (st == ESV_OK) {
        assert_non_null(upp);
        assert_int_equal(upp_len, want_len);
        assert_memory_equal(upp, want_upp, want_len);
        assert_non_null(esv_report_find(r, "RSP-061"));
    } else {
        assert_null(upp);
        assert_null(info.store_metadata);
        assert_null(info.configure_isdp);
    }
    esv_rsp_upp_free(upp, upp_len);
    esv_bpp_info_free(&info);
    esv_report_free(r);
    esv_ctx_free(ctx);
    return st;
}

static void test_bpp_allocation_failures(void **state)
{
    esv_bsp_keys keys, ppk;
    bb_spec spec;
    uint8_t *upp, *bpp;
    size_t upp_len, len;
    long n;
    int clean = 0;
    (void)state;
    upp = bb_synthetic_upp(1500, &upp_len);
    bb_default_spec(&spec, &keys, &ppk, upp, upp_len);
    spec.ppk = &ppk;
    bpp = bb_build(&spec, &len);
    bpp = realloc(bpp, len + 1);
    assert_non_null(bpp);
    bpp[len++] = 0x00;
    for (n = 0; n < 10000 && !clean; n++) {
        esv_status st;
        injected = 0;
        countdown = n;
        st = bpp_scenario(bpp, len, &keys, upp, upp_len);
        countdown = -1;
        if (!injected) {
            assert_int_equal(st, ESV_OK);
            clean = 1;
        } else if (st != ESV_E_NOMEM) {
            fail_msg("allocation %ld failed but status is %s", n, esv_status_str(st));
        }
    }
    assert_true(clean);
    print_message("bpp: clean after %ld injected failure points\n", n - 1);
    assert_true(n > 5);
    free(bpp);
    free(upp);
}

/* The HTML page (with the element tree) and the SARIF log of one report,
 * each allocation of the document's own failing in turn: ESV_E_NOMEM, or
 * ESV_OK when the failure hit a re-decode of the tree (asn1c's decoder
 * reports it as an element that does not decode), never a crash or a
 * leak. */
static esv_status doc_scenario(const esv_ctx *ctx, const esv_report *r, const uint8_t *input, size_t len,
                               esv_format format)
{
    esv_doc *d = NULL;
    esv_status st = esv_doc_begin(ctx, format, discard, NULL, &d);
    if (st == ESV_OK)
        st = esv_doc_add(d, r, "in<put>", input, len);
    if (st == ESV_OK)
        st = esv_doc_add(d, r, "second", input, len);
    if (st == ESV_OK)
        st = esv_doc_finish(d);
    esv_doc_free(d);
    return st;
}

static void test_document_allocation_failures(void **state)
{
    static const esv_format formats[] = {ESV_FORMAT_HTML, ESV_FORMAT_SARIF};
    esv_ctx *ctx;
    esv_report *r = NULL;
    size_t len, f;
    uint8_t *input = tu_read_file("examples/data/test-profile-ram.der", &len);
    (void)state;
    assert_non_null(input);
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    assert_int_equal(esv_profile_verify(ctx, input, len, &r), ESV_OK);
    for (f = 0; f < 2; f++) {
        long n;
        int clean = 0;
        for (n = 0; n < 20000 && !clean; n++) {
            esv_status st;
            injected = 0;
            countdown = n;
            st = doc_scenario(ctx, r, input, len, formats[f]);
            countdown = -1;
            if (!injected) {
                assert_int_equal(st, ESV_OK);
                clean = 1;
            } else if (st != ESV_E_NOMEM && st != ESV_OK) {
                fail_msg("allocation %ld failed but status is %s", n, esv_status_str(st));
            }
        }
        assert_true(clean);
        print_message("%s: clean after %ld injected failure points\n", f ? "SARIF" : "HTML", n - 1);
        assert_true(n > 5);
    }
    esv_report_free(r);
    esv_ctx_free(ctx);
    free(input);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_allocation_failure_is_clean),
        cmocka_unit_test(test_constraint_finding_allocation_failures),
        cmocka_unit_test(test_profile_rules_allocation_failures),
        cmocka_unit_test(test_profile_redecode_allocation_failures),
        cmocka_unit_test(test_cert_allocation_failures),
        cmocka_unit_test(test_bpp_allocation_failures),
        cmocka_unit_test(test_document_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
