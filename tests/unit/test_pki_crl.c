/*
 * test_pki_crl.c - the CRL reader (lib/pki/crl.c) and the trust's gate:
 * which CRLs esv refuses (not a CertificateList it can read, or one
 * mbedTLS refuses for a reason other than its extensions), which it keeps
 * but does not apply (RFC 5280 5.2, 5.3, 6.3.3: not a complete CRL of its
 * issuer), and the scope of an issuingDistributionPoint. The findings
 * these lead to are in test_pki_rules.c (PKI-052, 063, 067).
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <mbedtls/x509_crl.h>

#include "esv/esv.h"
#include "pki/crl.h"
#include "pki_builder.h"

static pb_pki *pki;

static int setup(void **state)
{
    (void)state;
    pki = pb_pki_build(PB_P256, PB_GEN_V2, 7100);
    return pki ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    pb_pki_free(pki);
    return 0;
}

/* A CRL of the CI listing 0777 and 0100, with the given builder flags. */
static uint8_t *make_crl(unsigned defects, size_t *len)
{
    pb_crl_spec cs;
    uint8_t *der = NULL;
    memset(&cs, 0, sizeof(cs));
    cs.serials_hex[0] = "0777";
    cs.serials_hex[1] = "0100";
    cs.defects = defects;
    assert_int_equal(pb_crl_build(&cs, pki->ci, pki->ci_key, &der, len), 0);
    return der;
}

/* What esv_trust_add_crl says of it, and that a refusal adds nothing. */
static esv_status add_crl(const uint8_t *der, size_t len)
{
    esv_trust *t = NULL;
    esv_status st;
    assert_int_equal(esv_trust_new(&t), ESV_OK);
    st = esv_trust_add_crl(t, der, len);
    assert_int_equal(esv_trust_crl_count(t), st == ESV_OK ? 1 : 0);
    esv_trust_free(t);
    return st;
}

/* Each builder variant through esv's reader, mbedTLS's and the trust. */
static void test_classification(void **state)
{
    static const struct {
        unsigned defects;
        bool applied;        /* not_applied == NULL */
        pki_crl_scope scope; /* when applied */
        bool mbedtls_refuses; /* over its extensions: esv decides */
    } cases[] = {
        {0, true, PKI_CRL_ALL, false},
        {PB_CRL_V1, true, PKI_CRL_ALL, false},
        {PB_CRL_MORE_EXTS | PB_CRL_UNKNOWN_NONCRIT, true, PKI_CRL_ALL, false},
        {PB_CRL_ENTRY_REASON, true, PKI_CRL_ALL, false},
        {PB_CRL_IDP_USER, true, PKI_CRL_USER, true},
        {PB_CRL_IDP_CA, true, PKI_CRL_CA, true},
        {PB_CRL_DELTA, false, PKI_CRL_ALL, true},
        {PB_CRL_IDP_DP, false, PKI_CRL_ALL, true},
        {PB_CRL_IDP_USER | PB_CRL_IDP_CA, false, PKI_CRL_ALL, true},
        {PB_CRL_UNKNOWN_CRIT, false, PKI_CRL_ALL, true},
        {PB_CRL_ENTRY_UNKNOWN_CRIT, false, PKI_CRL_ALL, false},
        {PB_CRL_ENTRY_CERT_ISSUER, false, PKI_CRL_ALL, false},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        size_t len;
        uint8_t *der = make_crl(cases[i].defects, &len);
        pki_crl crl;
        assert_int_equal(pki_crl_parse(&crl, der, len), 0);
        assert_int_equal(crl.not_applied == NULL, cases[i].applied);
        if (cases[i].applied)
            assert_int_equal(crl.scope, cases[i].scope);
        /* the AKI is read whatever else the CRL carries (a v1 CRL has no
         * extensions) */
        assert_int_equal(crl.aki.len, cases[i].defects & PB_CRL_V1 ? 0 : 20);
        /* mbedTLS 2.28 refuses any critical crlExtension, over its
         * extensions; the gate lets esv's own classification decide */
        {
            mbedtls_x509_crl m;
            int rc;
            mbedtls_x509_crl_init(&m);
            rc = mbedtls_x509_crl_parse_der(&m, der, len);
            mbedtls_x509_crl_free(&m);
            assert_int_equal(rc != 0, cases[i].mbedtls_refuses);
            if (rc != 0)
                assert_int_equal((-rc) & 0x7F80, -MBEDTLS_ERR_X509_INVALID_EXTENSIONS);
        }
        assert_int_equal(pki_x509_crl_gate(der, len), ESV_OK);
        assert_int_equal(add_crl(der, len), ESV_OK);
        free(der);
    }
}

/* RFC 5280 6.3.3 (b)(2): the scope by basicConstraints cA. */
static void test_scope(void **state)
{
    pki_cert eum, dp;
    pki_parse_err err;
    pki_crl crl;
    (void)state;
    assert_int_equal(pki_cert_parse(&eum, pki->eum->der, pki->eum->len, 0, &err), 0);
    assert_int_equal(pki_cert_parse(&dp, pki->dpauth->der, pki->dpauth->len, 1, &err), 0);
    memset(&crl, 0, sizeof(crl));
    crl.scope = PKI_CRL_ALL;
    assert_true(pki_crl_covers(&crl, &eum));
    assert_true(pki_crl_covers(&crl, &dp));
    crl.scope = PKI_CRL_USER;
    assert_false(pki_crl_covers(&crl, &eum));
    assert_true(pki_crl_covers(&crl, &dp));
    crl.scope = PKI_CRL_CA;
    assert_true(pki_crl_covers(&crl, &eum));
    assert_false(pki_crl_covers(&crl, &dp));
}

/* Refused by esv's own reader: trailing bytes in an entry after its
 * extensions, entry extensions in a v1 CRL (mbedTLS takes both of those
 * or refuses them for its own reasons, esv must not depend on it). */
static void test_refused_by_esv(void **state)
{
    static const unsigned variants[] = {
        PB_CRL_ENTRY_TRAILING,
        PB_CRL_V1 | PB_CRL_ENTRY_REASON,
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(variants) / sizeof(variants[0]); i++) {
        size_t len;
        uint8_t *der = make_crl(variants[i], &len);
        pki_crl crl;
        assert_int_equal(pki_crl_parse(&crl, der, len), -1);
        assert_int_equal(add_crl(der, len), ESV_E_PARSE);
        free(der);
    }
    /* mbedTLS 2.28 reads the v1 CRL's entry extensions without a word */
    {
        size_t len;
        uint8_t *der = make_crl(PB_CRL_V1 | PB_CRL_ENTRY_REASON, &len);
        assert_int_equal(pki_x509_crl_gate(der, len), ESV_OK);
        free(der);
    }
}

/* The outer signatureAlgorithm's OID, last octet changed: ecdsa-with-
 * SHA256 becomes ecdsa-with-SHA384, unlike the TBS's. */
static void mismatch_outer_sigalg(uint8_t *der, size_t len)
{
    static const uint8_t sha256[] = {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02};
    size_t i, last = 0;
    for (i = 0; i + sizeof(sha256) <= len; i++)
        if (memcmp(der + i, sha256, sizeof(sha256)) == 0)
            last = i;
    assert_true(last > 0);
    der[last + sizeof(sha256) - 1] = 0x03;
}

/* Refused through mbedTLS: an unknown signature algorithm (esv's reader
 * takes it; the signature would just not verify). And a critical
 * extension that makes mbedTLS stop before it compares the two signature
 * algorithms: esv compares them itself. */
static void test_refused_by_mbedtls(void **state)
{
    size_t len;
    uint8_t *der;
    pki_crl crl;
    (void)state;
    der = make_crl(PB_CRL_SIGALG_UNKNOWN, &len);
    assert_int_equal(pki_crl_parse(&crl, der, len), 0);
    assert_int_equal(pki_x509_crl_gate(der, len), ESV_E_PARSE);
    assert_int_equal(add_crl(der, len), ESV_E_PARSE);
    free(der);

    /* RFC 5280 5.1.2.5: no fractional seconds. esv's reader would not
     * apply it (PKI-063); mbedTLS refuses the time outright, so the trust
     * refuses the CRL */
    der = make_crl(PB_CRL_TIME_FRACTION, &len);
    assert_int_equal(pki_crl_parse(&crl, der, len), 0);
    assert_non_null(crl.not_applied);
    assert_non_null(strstr(crl.not_applied, "fractional seconds"));
    assert_int_equal(pki_x509_crl_gate(der, len), ESV_E_PARSE);
    assert_int_equal(add_crl(der, len), ESV_E_PARSE);
    free(der);

    der = make_crl(0, &len);
    mismatch_outer_sigalg(der, len);
    assert_int_equal(pki_crl_parse(&crl, der, len), -1);
    assert_int_equal(pki_x509_crl_gate(der, len), ESV_E_PARSE);
    free(der);

    der = make_crl(PB_CRL_IDP_USER, &len);
    mismatch_outer_sigalg(der, len);
    assert_int_equal(pki_x509_crl_gate(der, len), ESV_OK); /* stops at the IDP */
    assert_int_equal(pki_crl_parse(&crl, der, len), -1);
    assert_int_equal(add_crl(der, len), ESV_E_PARSE);
    free(der);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classification),
        cmocka_unit_test(test_scope),
        cmocka_unit_test(test_refused_by_esv),
        cmocka_unit_test(test_refused_by_mbedtls),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
