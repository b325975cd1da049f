/*
 * test_pki_sgp26.c - the certificate verifier on real material: the GSMA
 * SGP.26 test PKI and the production CI roots (../shared/testdata/pki,
 * read in place; skipped without it).
 *
 * Expected outcomes are derived from the certificates by an independent
 * reader (mbedTLS's X.509 parser, with a callback for the GSMA
 * extensions), not copied from esv's output: validity dates decide
 * expiry, the presence of extension OIDs decides the profile findings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <mbedtls/pem.h>
#include <mbedtls/x509_crt.h>

#include "pki_check.h"
#include "testutil.h"

#define SGP26 "pki/sgp26/"
/* 2026-01-01T00:00:00Z: the SGP.26 TLS certificates (2025-06-30 to
 * 2026-08-02) are valid; the eUICC (from 2026-08-08) is not yet. */
#define T_2026_01 INT64_C(1767225600)
/* 2027-01-01T00:00:00Z: the eUICC chain is valid. */
#define T_2027_01 INT64_C(1798761600)

typedef struct file {
    uint8_t *data;
    size_t len;
} file;

static file rd(const char *rel)
{
    file f;
    f.data = tu_read_testdata(rel, &f.len);
    assert_non_null(f.data);
    return f;
}

static esv_trust *trust_of_files(const char *const *rels, size_t n, size_t cache)
{
    esv_trust *t = NULL;
    size_t i;
    assert_int_equal(esv_trust_new(&t), ESV_OK);
    for (i = 0; i < n; i++) {
        file f = rd(rels[i]);
        assert_int_equal(esv_trust_add_ci(t, f.data, f.len), ESV_OK);
        free(f.data);
    }
    if (cache)
        assert_int_equal(esv_trust_set_cache(t, cache), ESV_OK);
    return t;
}

static esv_report *verify_files(const esv_trust *t, int64_t at, esv_cert_role role,
                                const char *const *rels, size_t n)
{
    esv_blob b[8];
    file f[8];
    size_t i;
    esv_report *r;
    assert_true(n <= 8);
    for (i = 0; i < n; i++) {
        f[i] = rd(rels[i]);
        b[i].data = f[i].data;
        b[i].len = f[i].len;
    }
    r = pc_verify_blobs(t, at, role, b, n);
    for (i = 0; i < n; i++)
        free(f[i].data);
    return r;
}

static int ext_cb(void *ctx, mbedtls_x509_crt const *crt, mbedtls_x509_buf const *oid,
                  int critical, const unsigned char *p, const unsigned char *end)
{
    (void)ctx, (void)crt, (void)oid, (void)critical, (void)p, (void)end;
    return 0;
}

static int64_t unix_of(const mbedtls_x509_time *t)
{
    int64_t y = t->year, m = t->mon, d = t->day;
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400, yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t days = era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
    return days * 86400 + t->hour * 3600 + t->min * 60 + t->sec;
}

/* notAfter of a DER certificate, read by mbedTLS. */
static int64_t not_after(const uint8_t *der, size_t len)
{
    mbedtls_x509_crt c;
    int64_t t;
    mbedtls_x509_crt_init(&c);
    assert_int_equal(mbedtls_x509_crt_parse_der_with_ext_cb(&c, der, len, 1, ext_cb, NULL), 0);
    t = unix_of(&c.valid_to);
    mbedtls_x509_crt_free(&c);
    return t;
}

static bool has_bytes(const uint8_t *d, size_t len, const uint8_t *pat, size_t n)
{
    size_t i;
    for (i = 0; i + n <= len; i++)
        if (memcmp(d + i, pat, n) == 0)
            return true;
    return false;
}

#define SKIP_WITHOUT_DATA()                                                    \
    do {                                                                       \
        if (tu_testdata() == NULL)                                             \
            skip();                                                            \
    } while (0)

/* Every SM-DP+ auth and pb certificate verifies against its CI, on both
 * curves, with no finding at all (they conform to their profiles). */
static void test_dp_auth_pb_verify(void **state)
{
    static const char *const NIST[] = {"CERT_S_SM_DPauth_ECDSA_NIST.der", "CERT_S_SM_DPpb_ECDSA_NIST.der",
                                       "CERT_S_SM_DP2auth_ECDSA_NIST.der", "CERT_S_SM_DP2pb_ECDSA_NIST.der"};
    static const char *const BRP[] = {"CERT_S_SM_DPauth_ECDSA_BRP.der", "CERT_S_SM_DPpb_ECDSA_BRP.der",
                                      "CERT_S_SM_DP2auth_ECDSA_BRP.der", "CERT_S_SM_DP2pb_ECDSA_BRP.der"};
    const char *ci_nist = SGP26 "CERT_CI_ECDSA_NIST.der", *ci_brp = SGP26 "CERT_CI_ECDSA_BRP.der";
    char path[128];
    size_t i;
    (void)state;
    SKIP_WITHOUT_DATA();
    esv_trust *tn = trust_of_files(&ci_nist, 1, 0), *tb = trust_of_files(&ci_brp, 1, 0);
    for (i = 0; i < 4; i++) {
        const char *p = path;
        snprintf(path, sizeof(path), SGP26 "%s", NIST[i]);
        esv_report *r = verify_files(tn, T_2026_01, ESV_ROLE_ANY, &p, 1);
        pc_assert_clean(r);
        esv_report_free(r);
        /* The role the caller requires is the one the policy OID names. */
        r = verify_files(tn, T_2026_01, (i % 2) ? ESV_ROLE_DP_PB : ESV_ROLE_DP_AUTH, &p, 1);
        pc_assert_clean(r);
        esv_report_free(r);
        /* Against the other curve's CI (same name "Test CI", other key):
         * the AKI matches no key, so there is no chain; the name does not
         * link it to a CI whose key never signed it (no misleading "bad
         * signature" or "curves differ"), PKI-029 says what was found. */
        r = verify_files(tb, T_2026_01, ESV_ROLE_ANY, &p, 1);
        pc_assert_fires(r, "PKI-050", 0);
        pc_assert_fires(r, "PKI-029", 0);
        pc_assert_quiet(r, "PKI-012");
        pc_assert_quiet(r, "PKI-014");
        assert_non_null(strstr(esv_finding_message(esv_report_find(r, "PKI-050")),
                               "with key identifier"));
        assert_int_equal(esv_report_verdict(r), ESV_VERDICT_FAIL);
        esv_report_free(r);

        snprintf(path, sizeof(path), SGP26 "%s", BRP[i]);
        r = verify_files(tb, T_2026_01, ESV_ROLE_ANY, &p, 1);
        pc_assert_clean(r);
        esv_report_free(r);
    }
    /* The auth and pb certificates of one SM-DP+ name the same OID. */
    const char *pair[] = {SGP26 "CERT_S_SM_DPauth_ECDSA_NIST.der", SGP26 "CERT_S_SM_DPpb_ECDSA_NIST.der"};
    esv_report *r = verify_files(tn, T_2026_01, ESV_ROLE_ANY, pair, 2);
    pc_assert_clean(r);
    esv_report_free(r);
    esv_trust_free(tn);
    esv_trust_free(tb);
}

/* A real signature with one bit changed is refused (the chain really is
 * verified, not just matched by key identifier). */
static void test_dp_auth_tampered(void **state)
{
    const char *ci = SGP26 "CERT_CI_ECDSA_NIST.der";
    (void)state;
    SKIP_WITHOUT_DATA();
    esv_trust *t = trust_of_files(&ci, 1, 0);
    file f = rd(SGP26 "CERT_S_SM_DPauth_ECDSA_NIST.der");
    /* The subject CN "TEST SM-DP+" sits in the TBS: change one letter. */
    static const uint8_t CN[] = {'T', 'E', 'S', 'T', ' ', 'S', 'M', '-', 'D', 'P', '+'};
    size_t i;
    for (i = 0; i + sizeof(CN) <= f.len; i++)
        if (memcmp(f.data + i, CN, sizeof(CN)) == 0)
            break;
    assert_true(i + sizeof(CN) <= f.len);
    f.data[i] = 'B';
    esv_blob b = {f.data, f.len};
    esv_report *r = pc_verify_blobs(t, T_2026_01, ESV_ROLE_ANY, &b, 1);
    pc_assert_fires(r, "PKI-014", 0);
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_FAIL);
    esv_report_free(r);
    free(f.data);
    esv_trust_free(t);
}

/* TLS certificates: valid at 2026-01-01, expired now. */
static void test_tls(void **state)
{
    static const char *const TLS[] = {"CERT_S_SM_DP_TLS_NIST.der", "CERT_S_SM_DP_TLS_BRP.der",
                                      "CERT_S_SM_DP2_TLS.der", "CERT_S_SM_DP4_TLS.der",
                                      "CERT_S_SM_DP8_TLS.der"};
    const char *cis[] = {SGP26 "CERT_CI_ECDSA_NIST.der", SGP26 "CERT_CI_ECDSA_BRP.der"};
    char path[128];
    size_t i;
    (void)state;
    SKIP_WITHOUT_DATA();
    esv_trust *t = trust_of_files(cis, 2, 0);
    for (i = 0; i < sizeof(TLS) / sizeof(TLS[0]); i++) {
        const char *p = path;
        snprintf(path, sizeof(path), SGP26 "%s", TLS[i]);
        esv_report *r = verify_files(t, T_2026_01, ESV_ROLE_DP_TLS, &p, 1);
        pc_assert_clean(r);
        esv_report_free(r);

        file f = rd(path);
        int64_t end = not_after(f.data, f.len);
        free(f.data);
        int64_t now = (int64_t)time(NULL);
        r = verify_files(t, now, ESV_ROLE_DP_TLS, &p, 1);
        if (now > end) {
            pc_assert_fires(r, "PKI-037", 0);
            assert_int_equal(esv_report_verdict(r), ESV_VERDICT_FAIL);
        } else {
            pc_assert_clean(r);
        }
        esv_report_free(r);
    }
    esv_trust_free(t);
}

/* The older TLS certificates: expired exactly when mbedTLS's reading of
 * their notAfter is before the verification time. */
static void test_expired_tls(void **state)
{
    static const char *const YEARS[] = {"2021", "2022", "2023", "2024"};
    static const char *const NAMES[] = {"CERT_S_SM_DP_TLS_NIST.der", "CERT_S_SM_DP_TLS_BRP.der",
                                        "CERT_S_SM_DP2_TLS.der", "CERT_S_SM_DP4_TLS.der",
                                        "CERT_S_SM_DP8_TLS.der"};
    const char *cis[] = {SGP26 "CERT_CI_ECDSA_NIST.der", SGP26 "CERT_CI_ECDSA_BRP.der"};
    char path[160];
    size_t y, k, expired = 0, valid = 0;
    (void)state;
    SKIP_WITHOUT_DATA();
    esv_trust *t = trust_of_files(cis, 2, 0);
    for (y = 0; y < 4; y++) {
        for (k = 0; k < 5; k++) {
            const char *p = path;
            snprintf(path, sizeof(path), SGP26 "expired-tls/%s/%s", YEARS[y], NAMES[k]);
            file f = rd(path);
            int64_t end = not_after(f.data, f.len);
            free(f.data);
            esv_report *r = verify_files(t, T_2026_01, ESV_ROLE_DP_TLS, &p, 1);
            if (end < T_2026_01) {
                pc_assert_fires(r, "PKI-037", 0);
                expired++;
            } else {
                pc_assert_quiet(r, "PKI-037");
                valid++;
            }
            pc_assert_quiet(r, "PKI-014");
            pc_assert_quiet(r, "PKI-050");
            esv_report_free(r);
        }
    }
    /* The folder is named for it: most are expired. */
    assert_true(expired >= 15);
    print_message("expired-tls: %zu expired, %zu still valid at 2026-01-01\n", expired, valid);
    esv_trust_free(t);
}

/* eUICC + EUM against the 2017 CI, the EID constraint checked and met;
 * and against the 2020 CI (same key, other name): still anchored. */
static void test_euicc_chain(void **state)
{
    const char *ci17 = SGP26 "ci-2017.der", *ci20 = SGP26 "CERT_CI_ECDSA_NIST.der";
    const char *chain[] = {SGP26 "euicc.der", SGP26 "eum.der"};
    const char *rev[] = {SGP26 "eum.der", SGP26 "euicc.der"};
    (void)state;
    SKIP_WITHOUT_DATA();
    esv_trust *t17 = trust_of_files(&ci17, 1, 0), *t20 = trust_of_files(&ci20, 1, 0);
    esv_report *r = verify_files(t17, T_2027_01, ESV_ROLE_EUICC, chain, 2);
    pc_assert_clean(r);
    esv_report_free(r);
    r = verify_files(t17, T_2027_01, ESV_ROLE_ANY, rev, 2); /* any order */
    pc_assert_clean(r);
    esv_report_free(r);
    /* eum.der names "GSMA Test CI" as its issuer, the 2020 CI is "Test
     * CI": anchored by the key (PASS), the name reported (PKI-068) */
    r = verify_files(t20, T_2027_01, ESV_ROLE_EUICC, chain, 2);
    pc_assert_fires(r, "PKI-068", 1);
    assert_int_equal(esv_finding_severity(esv_report_find(r, "PKI-068")), ESV_SEV_WARNING);
    pc_assert_quiet(r, "PKI-047");
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_PASS);
    esv_report_free(r);
    /* Before the eUICC's notBefore (2026-08-08). */
    r = verify_files(t17, T_2026_01, ESV_ROLE_EUICC, chain, 2);
    pc_assert_fires(r, "PKI-036", 0);
    pc_assert_quiet(r, "PKI-037");
    esv_report_free(r);
    /* The eUICC alone: no issuer among the inputs or the trust. */
    r = verify_files(t17, T_2027_01, ESV_ROLE_EUICC, chain, 1);
    pc_assert_fires(r, "PKI-050", 0);
    esv_report_free(r);
    esv_trust_free(t17);
    esv_trust_free(t20);
}

/* The EID prefix rule is applied to the real chain: an eUICC whose EID
 * leaves the EUM's prefix 89049032 is refused (and its signature breaks,
 * which is reported too). */
static void test_euicc_eid_outside(void **state)
{
    const char *ci17 = SGP26 "ci-2017.der";
    (void)state;
    SKIP_WITHOUT_DATA();
    esv_trust *t = trust_of_files(&ci17, 1, 0);
    file e = rd(SGP26 "euicc.der"), m = rd(SGP26 "eum.der");
    static const char EID[] = "89049032123451234512345678901235";
    size_t i;
    for (i = 0; i + 32 <= e.len; i++)
        if (memcmp(e.data + i, EID, 32) == 0)
            break;
    assert_true(i + 32 <= e.len);
    e.data[i + 7] = '3'; /* 89049033...: outside the prefix */
    esv_blob b[2] = {{e.data, e.len}, {m.data, m.len}};
    esv_report *r = pc_verify_blobs(t, T_2027_01, ESV_ROLE_EUICC, b, 2);
    pc_assert_fires(r, "PKI-045", 0);
    pc_assert_fires(r, "PKI-014", 0);
    pc_assert_quiet(r, "PKI-046");
    esv_report_free(r);
    free(e.data);
    free(m.data);
    esv_trust_free(t);
}

/* The production CI roots: each is parsed and checked as a CI. What each
 * one reports follows from its own extensions and dates. */
static void test_production_cis(void **state)
{
    static const uint8_t CRLDP_OID[] = {0x06, 0x03, 0x55, 0x1d, 0x1f};
    (void)state;
    SKIP_WITHOUT_DATA();
    file f = rd("pki/production-ci/ci-roots.pem");
    esv_blob b = {f.data, f.len};
    int64_t now = (int64_t)time(NULL);
    esv_report *r = pc_verify_blobs(NULL, now, ESV_ROLE_CI, &b, 1);

    /* Walk the PEM with mbedTLS, certificate by certificate. */
    char *text = malloc(f.len + 1);
    assert_non_null(text);
    memcpy(text, f.data, f.len);
    text[f.len] = '\0';
    const char *p = text;
    long idx = 0;
    for (;;) {
        mbedtls_pem_context pem;
        size_t used = 0;
        mbedtls_pem_init(&pem);
        int rc = mbedtls_pem_read_buffer(&pem, "-----BEGIN CERTIFICATE-----",
                                         "-----END CERTIFICATE-----", (const unsigned char *)p,
                                         NULL, 0, &used);
        if (rc != 0) {
            mbedtls_pem_free(&pem);
            break;
        }
        size_t dlen = pem.buflen;
        const unsigned char *der = pem.buf;
        bool has_crldp = has_bytes(der, dlen, CRLDP_OID, sizeof(CRLDP_OID));
        bool expired = not_after(der, dlen) < now;
        size_t k;
        bool saw_crldp = false, saw_expired = false;
        for (k = 0; k < esv_report_finding_count(r); k++) {
            const esv_finding *fi = esv_report_finding(r, k);
            if (esv_finding_cert(fi) != idx)
                continue;
            const char *id = esv_finding_rule_id(fi);
            saw_crldp |= strcmp(id, "PKI-034") == 0;
            saw_expired |= strcmp(id, "PKI-037") == 0;
            /* A CI by its policy, structurally sound for both parsers. */
            assert_string_not_equal(id, "PKI-001");
            assert_string_not_equal(id, "PKI-002");
            assert_string_not_equal(id, "PKI-049");
            assert_string_not_equal(id, "PKI-026");
            print_message("production CI %ld: %s %s\n", idx, id, esv_finding_message(fi));
        }
        assert_int_equal(saw_crldp, !has_crldp);
        assert_int_equal(saw_expired, expired);
        mbedtls_pem_free(&pem);
        p += used;
        idx++;
    }
    assert_int_equal(idx, 8);
    free(text);

    /* As trust anchors: each one anchors itself. */
    esv_trust *t = NULL;
    assert_int_equal(esv_trust_new(&t), ESV_OK);
    assert_int_equal(esv_trust_add_ci(t, f.data, f.len), ESV_OK);
    assert_int_equal(esv_trust_ci_count(t), 8);
    esv_report_free(r);
    r = pc_verify_blobs(t, now, ESV_ROLE_CI, &b, 1);
    pc_assert_quiet(r, "PKI-050");
    pc_assert_quiet(r, "PKI-014");
    pc_assert_quiet(r, "PKI-056");
    esv_report_free(r);
    esv_trust_free(t);
    free(f.data);
}

/* The 2017 CI given as input, with only the 2020 CI trusted (same key):
 * accepted as a re-issued CI once its self-signature verifies; a copy
 * with one changed byte in its name is refused. */
static void test_reissued_ci_as_input(void **state)
{
    const char *ci20 = SGP26 "CERT_CI_ECDSA_NIST.der";
    (void)state;
    SKIP_WITHOUT_DATA();
    esv_trust *t = trust_of_files(&ci20, 1, 0);
    file c = rd(SGP26 "ci-2017.der"), e = rd(SGP26 "euicc.der"), m = rd(SGP26 "eum.der");
    esv_blob b[3] = {{e.data, e.len}, {m.data, m.len}, {c.data, c.len}};
    esv_report *r = pc_verify_blobs(t, T_2027_01, ESV_ROLE_ANY, b, 3);
    pc_assert_clean(r);
    esv_report_free(r);
    b[0] = b[2];
    r = pc_verify_blobs(t, T_2027_01, ESV_ROLE_CI, b, 1);
    pc_assert_clean(r);
    esv_report_free(r);
    /* Names intact (still self-issued), a CRL URL changed: the key is the
     * trusted one but this certificate was not signed with it. */
    static const char URL[] = "ci.test.gsma.com";
    size_t i;
    for (i = 0; i + 16 <= c.len; i++)
        if (memcmp(c.data + i, URL, 16) == 0)
            break;
    assert_true(i + 16 <= c.len);
    c.data[i + 12] = 'b';
    r = pc_verify_blobs(t, T_2027_01, ESV_ROLE_CI, b, 1);
    pc_assert_fires(r, "PKI-056", 0);
    pc_assert_quiet(r, "PKI-047");
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_FAIL);
    esv_report_free(r);
    free(c.data);
    free(e.data);
    free(m.data);
    esv_trust_free(t);
}

/* The cache: the EUM's signature is verified once, then served. */
static void test_cache_real_chain(void **state)
{
    const char *ci17 = SGP26 "ci-2017.der";
    const char *chain[] = {SGP26 "euicc.der", SGP26 "eum.der"};
    uint64_t hits, misses;
    int i;
    (void)state;
    SKIP_WITHOUT_DATA();
    esv_trust *t = trust_of_files(&ci17, 1, 16);
    for (i = 0; i < 3; i++) {
        esv_report *r = verify_files(t, T_2027_01, ESV_ROLE_EUICC, chain, 2);
        pc_assert_clean(r);
        esv_report_free(r);
    }
    esv_trust_cache_stats(t, &hits, &misses);
    assert_int_equal(misses, 1);
    assert_int_equal(hits, 2);
    esv_trust_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dp_auth_pb_verify), cmocka_unit_test(test_dp_auth_tampered),
        cmocka_unit_test(test_tls),               cmocka_unit_test(test_expired_tls),
        cmocka_unit_test(test_euicc_chain),       cmocka_unit_test(test_euicc_eid_outside),
        cmocka_unit_test(test_production_cis),    cmocka_unit_test(test_cache_real_chain),
        cmocka_unit_test(test_reissued_ci_as_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
