/*
 * test_pki_pem.c - what a certificate or CRL input is (lib/pki/pem.c over
 * lib/check/pem_text.c): one DER value whatever bytes it holds, else PEM
 * text (RFC 7468) as a whole, else DER again for the DER walk to judge.
 * PEM text inside a DER value is not certificates (esv_cert_verify, the
 * trust); a DER certificate with "-----BEGIN " in a name is a
 * certificate; a table of PEM texts accepted and refused, with mbedTLS's
 * base64 behind the accepted ones; and DER-022 where DER was expected.
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

#include <mbedtls/base64.h>
#include <mbedtls/pem.h>

#include "esv/esv.h"
#include "check/pem_text.h"
#include "pki/pki.h"
#include "pki_builder.h"
#include "pki_check.h"

/* ------------------------------------------------------------ fixture */

typedef struct fixture {
    pb_pki *pki;       /* P-256, v2 */
    esv_trust *trust;  /* its CI */
    uint8_t *crl;      /* a CRL of its CI (DER) */
    size_t crl_len;
} fixture;

static fixture F;

static int setup(void **state)
{
    pb_crl_spec cs;
    const pb_cert *ci;
    (void)state;
    F.pki = pb_pki_build(PB_P256, PB_GEN_V2, 7100u);
    if (F.pki == NULL)
        return -1;
    ci = F.pki->ci;
    F.trust = pc_trust(&ci, 1, NULL, NULL, 0, 0);
    memset(&cs, 0, sizeof(cs));
    return pb_crl_build(&cs, F.pki->ci, F.pki->ci_key, &F.crl, &F.crl_len) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    esv_trust_free(F.trust);
    pb_pki_free(F.pki);
    free(F.crl);
    memset(&F, 0, sizeof(F));
    return 0;
}

/* ------------------------------------------------------------ helpers */

/* A growing byte string. */
typedef struct bytes {
    uint8_t *p;
    size_t len;
} bytes;

static void put(bytes *b, const void *data, size_t len)
{
    uint8_t *p = realloc(b->p, b->len + len + 1);
    assert_non_null(p);
    memcpy(p + b->len, data, len);
    b->p = p;
    b->len += len;
    b->p[b->len] = 0; /* text stays a C string */
}

static void puts_(bytes *b, const char *s)
{
    put(b, s, strlen(s));
}

/* A DER header: tag, then the length in its minimal form. */
static void put_header(bytes *b, uint8_t tag, size_t len)
{
    uint8_t h[6] = {tag};
    size_t n = 1, k;
    if (len < 0x80) {
        h[n++] = (uint8_t)len;
    } else {
        size_t octets = len > 0xffffff ? 4 : len > 0xffff ? 3 : len > 0xff ? 2 : 1;
        h[n++] = (uint8_t)(0x80 | octets);
        for (k = octets; k > 0; k--)
            h[n++] = (uint8_t)(len >> (8 * (k - 1)));
    }
    put(b, h, n);
}

/* SEQUENCE { INTEGER 1, OCTET STRING text }: one well-formed DER value
 * that only carries the text. */
static bytes wrap_in_der(const bytes *text)
{
    bytes seq = {0}, os = {0};
    put_header(&os, 0x04, text->len);
    put(&os, text->p, text->len);
    put_header(&seq, 0x30, 3 + os.len);
    put(&seq, "\x02\x01\x01", 3);
    put(&seq, os.p, os.len);
    free(os.p);
    return seq;
}

/* PEM text of der under `label` (mbedTLS's writer: 64-character lines). */
static void put_pem(bytes *b, const char *label, const uint8_t *der, size_t len)
{
    char head[64], tail[64];
    size_t need = 0;
    unsigned char *buf;
    snprintf(head, sizeof(head), "-----BEGIN %s-----\n", label);
    snprintf(tail, sizeof(tail), "-----END %s-----\n", label);
    assert_int_equal(mbedtls_pem_write_buffer(head, tail, der, len, NULL, 0, &need),
                     MBEDTLS_ERR_BASE64_BUFFER_TOO_SMALL);
    buf = malloc(need);
    assert_non_null(buf);
    assert_int_equal(mbedtls_pem_write_buffer(head, tail, der, len, buf, need, &need), 0);
    put(b, buf, need - 1); /* need counts the NUL */
    free(buf);
}

static esv_report *verify_bytes(const esv_trust *t, const bytes *in)
{
    esv_blob b = {in->p, in->len};
    return pc_verify_blobs(t, PC_T_2030, ESV_ROLE_ANY, &b, 1);
}

static size_t count_rule(const esv_report *r, const char *id)
{
    size_t i, n = 0;
    for (i = 0; i < esv_report_finding_count(r); i++)
        n += strcmp(esv_finding_rule_id(esv_report_finding(r, i)), id) == 0;
    return n;
}

/* Every finding is on certificate 0 (the input was read as one value),
 * but the report-wide notice that no chain was verified (PKI-062). */
static void assert_all_on_cert0(const esv_report *r)
{
    size_t i;
    for (i = 0; i < esv_report_finding_count(r); i++)
        if (esv_finding_cert(esv_report_finding(r, i)) != 0 &&
            strcmp(esv_finding_rule_id(esv_report_finding(r, i)), "PKI-062") != 0) {
            pc_print(r);
            fail_msg("finding %zu is on cert %ld, not 0", i,
                     esv_finding_cert(esv_report_finding(r, i)));
        }
}

/* Does der hold the bytes of s? */
static bool holds(const uint8_t *der, size_t len, const char *s)
{
    size_t n = strlen(s), i;
    for (i = 0; i + n <= len; i++)
        if (memcmp(der + i, s, n) == 0)
            return true;
    return false;
}

/* The eUICC and EUM certificates as a PEM bundle. */
static bytes chain_pem(void)
{
    bytes b = {0};
    put_pem(&b, "CERTIFICATE", F.pki->euicc->der, F.pki->euicc->len);
    put_pem(&b, "CERTIFICATE", F.pki->eum->der, F.pki->eum->len);
    return b;
}

/* ------------------------------------------------------ PEM inside DER */

/* The issue: SEQUENCE { INTEGER 1, OCTET STRING <PEM of a valid eUICC and
 * EUM> } verified as those two certificates. It is one DER value that is
 * not a certificate: PKI-001 on it, FAIL, nothing else read. */
static void test_pem_inside_der_is_one_value(void **state)
{
    bytes pem = chain_pem(), wrapped = wrap_in_der(&pem), os = {0};
    esv_report *r;
    pki_ders d;
    (void)state;

    /* the text itself is a valid chain */
    r = verify_bytes(F.trust, &pem);
    pc_assert_clean(r);
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_PASS);
    esv_report_free(r);

    r = verify_bytes(F.trust, &wrapped);
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_FAIL);
    assert_int_equal(count_rule(r, "PKI-001"), 1);
    pc_assert_fires(r, "PKI-001", 0);
    assert_all_on_cert0(r);
    esv_report_free(r);

    /* without a trust: the same */
    r = verify_bytes(NULL, &wrapped);
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_FAIL);
    assert_int_equal(count_rule(r, "PKI-001"), 1);
    assert_all_on_cert0(r);
    esv_report_free(r);

    /* a bare OCTET STRING around the text */
    put_header(&os, 0x04, pem.len);
    put(&os, pem.p, pem.len);
    r = verify_bytes(F.trust, &os);
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_FAIL);
    assert_int_equal(count_rule(r, "PKI-001"), 1);
    assert_all_on_cert0(r);
    esv_report_free(r);

    /* the split hands the wrapped value on, as it is */
    assert_int_equal(pki_split_input(wrapped.p, wrapped.len, "CERTIFICATE", &d), ESV_OK);
    assert_int_equal(d.n, 1);
    assert_int_equal(d.lens[0], wrapped.len);
    assert_memory_equal(d.ders[0], wrapped.p, wrapped.len);
    pki_ders_free(&d);

    free(pem.p);
    free(wrapped.p);
    free(os.p);
}

/* The same for trust material: a CI or CRL wrapped in DER is refused, while
 * its plain PEM is accepted. */
static void test_pem_inside_der_is_not_trust(void **state)
{
    bytes ci = {0}, crl = {0}, ci_wrapped, crl_wrapped;
    esv_trust *t;
    (void)state;
    put_pem(&ci, "CERTIFICATE", F.pki->ci->der, F.pki->ci->len);
    put_pem(&crl, "X509 CRL", F.crl, F.crl_len);
    ci_wrapped = wrap_in_der(&ci);
    crl_wrapped = wrap_in_der(&crl);

    assert_int_equal(esv_trust_new(&t), ESV_OK);
    assert_int_equal(esv_trust_add_ci(t, ci_wrapped.p, ci_wrapped.len), ESV_E_PARSE);
    assert_int_equal(esv_trust_add_crl(t, crl_wrapped.p, crl_wrapped.len), ESV_E_PARSE);
    /* the texts themselves are a CI and its CRL */
    assert_int_equal(esv_trust_add_ci(t, ci.p, ci.len), ESV_OK);
    assert_int_equal(esv_trust_add_crl(t, crl.p, crl.len), ESV_OK);
    /* a certificate bundle is not a CRL, a CRL is not a CI */
    assert_int_equal(esv_trust_add_crl(t, ci.p, ci.len), ESV_E_PARSE);
    assert_int_equal(esv_trust_add_ci(t, crl.p, crl.len), ESV_E_PARSE);
    esv_trust_free(t);

    free(ci.p);
    free(crl.p);
    free(ci_wrapped.p);
    free(crl_wrapped.p);
}

/* A DER certificate whose subject holds "-----BEGIN " is a certificate:
 * an SM-DP+ auth verifies clean under its CI, and a CI with "-----BEGIN
 * CERTIFICATE-----" as its CN is taken into a trust. */
static void test_der_with_begin_in_a_name(void **state)
{
    pb_spec s;
    pb_cert *dp, *ci;
    pb_key *k;
    esv_trust *t;
    esv_report *r;
    (void)state;

    memset(&s, 0, sizeof(s));
    s.role = PB_DP_AUTH;
    s.gen = PB_GEN_V2;
    s.subject = "CN=-----BEGIN x,O=ACME";
    dp = pb_cert_build(&s, F.pki->dpauth_key, F.pki->ci, F.pki->ci_key);
    assert_non_null(dp);
    assert_true(holds(dp->der, dp->len, "-----BEGIN x"));
    r = pc_verify(F.trust, PC_T_2030, ESV_ROLE_ANY, (const pb_cert *const *)&dp, 1);
    pc_assert_clean(r);
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_PASS);
    esv_report_free(r);
    pb_cert_free(dp);

    k = pb_key_new(PB_P256, 7199u);
    assert_non_null(k);
    memset(&s, 0, sizeof(s));
    s.role = PB_CI;
    s.subject = "CN=-----BEGIN CERTIFICATE-----,O=RSPTEST,C=IT";
    ci = pb_cert_build(&s, k, NULL, NULL);
    assert_non_null(ci);
    assert_int_equal(esv_trust_new(&t), ESV_OK);
    assert_int_equal(esv_trust_add_ci(t, ci->der, ci->len), ESV_OK);
    esv_trust_free(t);
    pb_cert_free(ci);
    pb_key_free(k);
}

/* ------------------------------------------------------ the PEM table */

/* 30 03 02 01 01 in base64: every accepted block below carries it. */
static const uint8_t V[] = {0x30, 0x03, 0x02, 0x01, 0x01};

#define T(s) (const uint8_t *)(s), sizeof(s) - 1
#define BLOCK(lab) "-----BEGIN " lab "-----\nMAMCAQE=\n-----END " lab "-----\n"

static const struct {
    const char *name;
    const uint8_t *text;
    size_t len;
    size_t blocks; /* esv_pem_blocks: 0 = not PEM text */
    int t_values;  /* pki_split_input(label "T"): -1 the input as one value
                    * (DER), 0 ESV_E_PARSE, n: n values, each V */
} CASES[] = {
    /* accepted */
    {"one block", T(BLOCK("T")), 1, 1},
    {"no final line break", T("-----BEGIN T-----\nMAMCAQE=\n-----END T-----"), 1, 1},
    {"CRLF", T("-----BEGIN T-----\r\nMAMCAQE=\r\n-----END T-----\r\n"), 1, 1},
    {"lone CR", T("-----BEGIN T-----\rMAMCAQE=\r-----END T-----\r"), 1, 1},
    {"white space in the block", T("-----BEGIN T-----\n\n  MAMC\tAQE=  \n\n-----END T-----\n"), 1, 1},
    {"padding on its own line", T("-----BEGIN T-----\nMAMCAQE\n=\n-----END T-----\n"), 1, 1},
    {"spaces after the boundaries", T("-----BEGIN T----- \t\nMAMCAQE=\n-----END T-----  \n"), 1, 1},
    {"label with space and hyphen", T(BLOCK("T") BLOCK("A-B C")), 2, 1},
    {"text between blocks, another label",
     T("subject=CN=x\nissuer=CN=y\n" BLOCK("T") "\nnote: a key\n" BLOCK("PRIVATE KEY")
           "------------\n" BLOCK("T") "trailing text"),
     3, 2},
    {"only another label", T(BLOCK("PRIVATE KEY")), 1, 0},
    /* text that is also one clean DER value: SEQUENCE (30 2e) { [APPLICATION
     * 1] (41 2c) <the rest> }: DER first */
    {"PEM text that is DER", T("0.A,\n" BLOCK("T")), 1, -1},
    /* refused: handed on as DER */
    {"empty input", T(""), 0, -1},
    {"no block", T("just text\n"), 0, -1},
    {"NUL in the text", T("a\0b\n" BLOCK("T")), 0, -1},
    {"8-bit byte in the text", T("caf\xc3\xa9\n" BLOCK("T")), 0, -1},
    {"control byte in the text", T("\x1b[0m\n" BLOCK("T")), 0, -1},
    {"8-bit byte in the block", T("-----BEGIN T-----\nMAMCAQE=\xff\n-----END T-----\n"), 0, -1},
    {"END label differs", T("-----BEGIN T-----\nMAMCAQE=\n-----END U-----\n"), 0, -1},
    {"base64 junk", T("-----BEGIN T-----\nMAMC!QE=\n-----END T-----\n"), 0, -1},
    {"text inside the block", T("-----BEGIN T-----\nsubject=x\nMAMCAQE=\n-----END T-----\n"), 0, -1},
    {"RFC 1421 header", T("-----BEGIN T-----\nProc-Type: 4,ENCRYPTED\n\nMAMCAQE=\n-----END T-----\n"), 0, -1},
    {"padding in the middle", T("-----BEGIN T-----\nMA==\nMAMCAQE=\n-----END T-----\n"), 0, -1},
    {"three pad characters", T("-----BEGIN T-----\nMAMCA===\n-----END T-----\n"), 0, -1},
    {"partial group", T("-----BEGIN T-----\nMAMCAQ\n-----END T-----\n"), 0, -1},
    {"nonzero pad bits", T("-----BEGIN T-----\nMAMCAQF=\n-----END T-----\n"), 0, -1},
    {"empty block", T("-----BEGIN T-----\n-----END T-----\n"), 0, -1},
    {"no END", T("-----BEGIN T-----\nMAMCAQE=\n"), 0, -1},
    {"BEGIN inside a block", T("-----BEGIN T-----\nMAMCAQE=\n" BLOCK("T")), 0, -1},
    {"stray END", T("-----END T-----\n" BLOCK("T")), 0, -1},
    {"malformed BEGIN line", T("-----BEGIN T----\nMAMCAQE=\n-----END T-----\n"), 0, -1},
    {"BEGIN not at the start of its line", T(" -----BEGIN T-----\nMAMCAQE=\n-----END T-----\n"), 0, -1},
    {"text after END", T("-----BEGIN T-----\nMAMCAQE=\n-----END T----- x\n"), 0, -1},
    {"label with two spaces", T(BLOCK("A  B")), 0, -1},
    {"good block, then a bad one", T(BLOCK("T") "-----BEGIN T-----\nMAMC\n-----END U-----\n"), 0, -1},
};

static void test_pem_table(void **state)
{
    size_t i, j;
    (void)state;
    for (i = 0; i < sizeof(CASES) / sizeof(CASES[0]); i++) {
        pki_ders d;
        esv_status st;
        size_t blocks = esv_pem_blocks(CASES[i].text, CASES[i].len, NULL);
        if (blocks != CASES[i].blocks)
            fail_msg("%s: %zu blocks, expected %zu", CASES[i].name, blocks, CASES[i].blocks);
        st = pki_split_input(CASES[i].text, CASES[i].len, "T", &d);
        if (CASES[i].t_values == 0) {
            if (st != ESV_E_PARSE || d.n != 0)
                fail_msg("%s: status %d with %zu values, expected ESV_E_PARSE", CASES[i].name,
                         (int)st, d.n);
            continue;
        }
        assert_int_equal(st, ESV_OK);
        if (CASES[i].t_values < 0) {
            if (d.n != 1 || d.lens[0] != CASES[i].len ||
                (CASES[i].len && memcmp(d.ders[0], CASES[i].text, CASES[i].len) != 0))
                fail_msg("%s: not handed on as one value", CASES[i].name);
        } else {
            if (d.n != (size_t)CASES[i].t_values)
                fail_msg("%s: %zu values, expected %d", CASES[i].name, d.n, CASES[i].t_values);
            for (j = 0; j < d.n; j++)
                if (d.lens[j] != sizeof(V) || memcmp(d.ders[j], V, sizeof(V)) != 0)
                    fail_msg("%s: value %zu is not 30 03 02 01 01", CASES[i].name, j);
        }
        pki_ders_free(&d);
    }
}

/* Malformed PEM of a real certificate is not PEM: the certificate verifier
 * gets the bytes as one DER value and reports DER- findings on it (no
 * PKI-001, which would mean a value was read; no certificate parsed). */
static void test_malformed_pem_certificates(void **state)
{
    static const struct {
        const char *name;
        const char *from, *to; /* the first `from` in the PEM is replaced */
    } edits[] = {
        {"binary byte before the block", "-----BEGIN", "\x01\n-----BEGIN"},
        {"8-bit byte in the block", "\n-----END", "\x80\n-----END"},
        {"END label differs", "-----END CERTIFICATE-----", "-----END X509 CRL-----"},
        {"base64 junk", "\n-----END", "*\n-----END"},
        {"text inside the block", "-----\n", "-----\nsubject=CN=Test eUICC\n"},
        {"padding in the middle", "-----\n", "-----\nMA==\n"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(edits) / sizeof(edits[0]); i++) {
        bytes pem = chain_pem(), bad = {0};
        const char *at = strstr((const char *)pem.p, edits[i].from);
        esv_report *r;
        size_t der = 0, j;
        assert_non_null(at);
        put(&bad, pem.p, (size_t)((const uint8_t *)at - pem.p));
        puts_(&bad, edits[i].to);
        puts_(&bad, at + strlen(edits[i].from));
        assert_int_equal(esv_pem_blocks(bad.p, bad.len, NULL), 0);
        r = verify_bytes(F.trust, &bad);
        for (j = 0; j < esv_report_finding_count(r); j++)
            der += strncmp(esv_finding_rule_id(esv_report_finding(r, j)), "DER-", 4) == 0;
        if (esv_report_verdict(r) != ESV_VERDICT_FAIL || der == 0 ||
            count_rule(r, "PKI-001") != 0) {
            pc_print(r);
            fail_msg("%s: expected DER- findings on the input as one value", edits[i].name);
        }
        assert_all_on_cert0(r);
        esv_report_free(r);
        free(pem.p);
        free(bad.p);
    }
}

/* A bundle as tools write it: explanatory text around and between the
 * blocks, a key block among the certificates. Exactly the two
 * certificates come out, in order, and the chain verifies. */
static void test_bundle_with_text_and_a_key(void **state)
{
    bytes b = {0};
    pki_ders d;
    esv_report *r;
    static const uint8_t key[] = {0x30, 0x03, 0x02, 0x01, 0x00};
    (void)state;
    puts_(&b, "subject=C = DE, O = RSP Test EUM, CN = Test eUICC\nissuer=CN = EUM Test\n");
    put_pem(&b, "CERTIFICATE", F.pki->euicc->der, F.pki->euicc->len);
    puts_(&b, "\r\n");
    put_pem(&b, "PRIVATE KEY", key, sizeof(key));
    puts_(&b, "subject=CN = EUM Test, O = RSP Test EUM, C = DE\n");
    put_pem(&b, "CERTIFICATE", F.pki->eum->der, F.pki->eum->len);
    puts_(&b, "-- end of bundle --\n");

    assert_int_equal(esv_pem_blocks(b.p, b.len, NULL), 3);
    assert_int_equal(pki_split_input(b.p, b.len, "CERTIFICATE", &d), ESV_OK);
    assert_int_equal(d.n, 2);
    assert_int_equal(d.lens[0], F.pki->euicc->len);
    assert_memory_equal(d.ders[0], F.pki->euicc->der, d.lens[0]);
    assert_int_equal(d.lens[1], F.pki->eum->len);
    assert_memory_equal(d.ders[1], F.pki->eum->der, d.lens[1]);
    pki_ders_free(&d);

    r = verify_bytes(F.trust, &b);
    pc_assert_clean(r);
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_PASS);
    esv_report_free(r);
    free(b.p);
}

/* ------------------------------------------------------------ DER-022 */

/* Exactly one finding, DER-022 at byte 0, and a FAIL verdict. */
static void assert_der022_only(const esv_report *r)
{
    if (esv_report_finding_count(r) != 1 ||
        strcmp(esv_finding_rule_id(esv_report_finding(r, 0)), "DER-022") != 0) {
        pc_print(r);
        fail_msg("expected DER-022 alone");
    }
    assert_int_equal(esv_finding_offset(esv_report_finding(r, 0)), 0);
    assert_int_equal(esv_finding_severity(esv_report_finding(r, 0)), ESV_SEV_ERROR);
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_FAIL);
}

/* PEM text where DER is expected: the DER verifier (one value or a
 * sequence) and the profile verifier say so, instead of reporting the
 * base64 read as TLVs. Not for text that is not PEM, nor for DER that
 * carries PEM text, nor for PEM text that is clean DER. */
static void test_der022_pem_where_der_expected(void **state)
{
    bytes pem = chain_pem(), wrapped = wrap_in_der(&pem);
    esv_ctx *ctx;
    esv_policy *pol;
    esv_report *r;
    size_t i;
    (void)state;
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);

    assert_int_equal(esv_der_verify(ctx, pem.p, pem.len, 0, &r), ESV_OK);
    assert_der022_only(r);
    assert_non_null(strstr(esv_finding_message(esv_report_finding(r, 0)), "\"CERTIFICATE\""));
    esv_report_free(r);
    assert_int_equal(esv_der_verify(ctx, pem.p, pem.len, ESV_DER_SEQUENCE_OF_VALUES, &r), ESV_OK);
    assert_der022_only(r);
    esv_report_free(r);
    assert_int_equal(esv_profile_verify(ctx, pem.p, pem.len, &r), ESV_OK);
    assert_der022_only(r);
    esv_report_free(r);

    /* DER carrying PEM text is DER, and clean */
    assert_int_equal(esv_der_verify(ctx, wrapped.p, wrapped.len, 0, &r), ESV_OK);
    assert_int_equal(esv_report_finding_count(r), 0);
    esv_report_free(r);

    /* the table: DER-022 exactly for PEM text that is not clean DER */
    for (i = 0; i < sizeof(CASES) / sizeof(CASES[0]); i++) {
        bool pem_not_der = CASES[i].blocks > 0 && CASES[i].t_values >= 0;
        assert_int_equal(esv_der_verify(ctx, CASES[i].text, CASES[i].len, 0, &r), ESV_OK);
        if (pem_not_der != (count_rule(r, "DER-022") == 1) ||
            (pem_not_der && esv_report_finding_count(r) != 1)) {
            pc_print(r);
            fail_msg("%s: DER-022 %s expected", CASES[i].name, pem_not_der ? "alone" : "not");
        }
        if (!pem_not_der && CASES[i].blocks > 0)
            assert_int_equal(esv_report_finding_count(r), 0); /* the text that is DER */
        esv_report_free(r);
    }

    /* the rule follows the policy like any other */
    assert_int_equal(esv_policy_new(ESV_POLICY_PRODUCTION, &pol), ESV_OK);
    assert_int_equal(esv_policy_set(pol, "DER-022", ESV_SEV_WARNING), ESV_OK);
    assert_int_equal(esv_ctx_set_policy(ctx, pol), ESV_OK);
    esv_policy_free(pol);
    assert_int_equal(esv_der_verify(ctx, pem.p, pem.len, 0, &r), ESV_OK);
    assert_int_equal(esv_finding_severity(esv_report_finding(r, 0)), ESV_SEV_WARNING);
    esv_report_free(r);

    esv_ctx_free(ctx);
    free(pem.p);
    free(wrapped.p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pem_inside_der_is_one_value),
        cmocka_unit_test(test_pem_inside_der_is_not_trust),
        cmocka_unit_test(test_der_with_begin_in_a_name),
        cmocka_unit_test(test_pem_table),
        cmocka_unit_test(test_malformed_pem_certificates),
        cmocka_unit_test(test_bundle_with_text_and_a_key),
        cmocka_unit_test(test_der022_pem_where_der_expected),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
