/*
 * test_rsp.c - esv_rsp_verify on the recorded SGP.22 session
 * (../shared/testdata/rsp/session, signed with the SGP.26 test keys) and
 * on variants of it made here: every signed part tampered, the session
 * values wrong, a foreign CI, wrong certificates, metadata defects. Each
 * variant gives its rule and none passes. Skipped without ../shared.
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <jansson.h>
#include <mbedtls/base64.h>

#include "der/der.h"
#include "esv/esv.h"
#include "bpp_builder.h"
#include "rsp_builder.h"
#include "testutil.h"

#define TIME_2026_11_01 1793491200 /* the SGP.26 chains are valid then */

typedef struct msgs {
    uint8_t *init, *asr, *acr, *pdr, *pir, *smr;
    size_t init_len, asr_len, acr_len, pdr_len, pir_len, smr_len;
    uint8_t *ci_nist, *ci_2017, *ci_brp, *dppb;
    size_t ci_nist_len, ci_2017_len, ci_brp_len, dppb_len;
    uint8_t *euicc_ch, *tid, *server_ch;
    size_t euicc_ch_len, tid_len, server_ch_len;
} msgs;

static msgs M;
static int have_data;

static uint8_t *rd(const char *rel, size_t *len)
{
    return tu_read_testdata(rel, len);
}

static int setup(void **state)
{
    (void)state;
    memset(&M, 0, sizeof(M));
    M.init = rd("rsp/session/initiate-response.der", &M.init_len);
    M.asr = rd("rsp/session/auth-server-response.der", &M.asr_len);
    M.acr = rd("rsp/session/authenticate-response.der", &M.acr_len);
    M.pdr = rd("rsp/session/prepare-download-response.der", &M.pdr_len);
    M.pir = rd("rsp/session/pending-notification.der", &M.pir_len);
    M.smr = rd("rsp/session/store-metadata.der", &M.smr_len);
    M.euicc_ch = rd("rsp/session/euicc-challenge.bin", &M.euicc_ch_len);
    M.tid = rd("rsp/session/transaction-id.bin", &M.tid_len);
    M.server_ch = rd("rsp/session/server-challenge.bin", &M.server_ch_len);
    M.ci_nist = rd("pki/sgp26/CERT_CI_ECDSA_NIST.der", &M.ci_nist_len);
    M.ci_2017 = rd("pki/sgp26/ci-2017.der", &M.ci_2017_len);
    M.ci_brp = rd("pki/sgp26/CERT_CI_ECDSA_BRP.der", &M.ci_brp_len);
    M.dppb = rd("pki/sgp26/CERT_S_SM_DPpb_ECDSA_NIST.der", &M.dppb_len);
    have_data = M.init && M.asr && M.acr && M.pdr && M.pir && M.smr && M.euicc_ch && M.tid && M.server_ch &&
                M.ci_nist && M.ci_2017 && M.ci_brp && M.dppb;
    if (!have_data)
        print_message("rsp session tests: skipped (no ../shared/testdata)\n");
    return 0;
}

static int teardown(void **state)
{
    uint8_t *all[] = {M.init, M.asr, M.acr, M.pdr, M.pir, M.smr, M.euicc_ch, M.tid, M.server_ch,
                      M.ci_nist, M.ci_2017, M.ci_brp, M.dppb};
    (void)state;
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
        free(all[i]);
    return 0;
}

/* ----------------------------------------------------------- helpers */

typedef struct env {
    esv_ctx *ctx;
    esv_trust *trust;
    esv_rsp_session *s;
} env;

/* A context at a time the SGP.26 chains are valid, a trust with the given
 * CIs (foreign: only the brainpool CI, which issued none of the session's
 * certificates), and a session holding what the eUICC and the SM-DP+ were
 * told beforehand. */
static void env_open(env *e, int foreign, int session_values)
{
    assert_int_equal(esv_ctx_new(&e->ctx), ESV_OK);
    assert_int_equal(esv_ctx_set_time(e->ctx, TIME_2026_11_01), ESV_OK);
    assert_int_equal(esv_trust_new(&e->trust), ESV_OK);
    if (foreign) {
        assert_int_equal(esv_trust_add_ci(e->trust, M.ci_brp, M.ci_brp_len), ESV_OK);
    } else {
        assert_int_equal(esv_trust_add_ci(e->trust, M.ci_nist, M.ci_nist_len), ESV_OK);
        assert_int_equal(esv_trust_add_ci(e->trust, M.ci_2017, M.ci_2017_len), ESV_OK);
    }
    assert_int_equal(esv_rsp_session_new(&e->s), ESV_OK);
    if (session_values) {
        assert_int_equal(esv_rsp_session_set(e->s, ESV_RSP_EUICC_CHALLENGE, M.euicc_ch, M.euicc_ch_len), ESV_OK);
        assert_int_equal(esv_rsp_session_set(e->s, ESV_RSP_TRANSACTION_ID, M.tid, M.tid_len), ESV_OK);
        assert_int_equal(esv_rsp_session_set(e->s, ESV_RSP_SERVER_ADDRESS, (const uint8_t *)"smdp.example.com", 16),
                         ESV_OK);
    }
}

static void env_close(env *e)
{
    esv_rsp_session_free(e->s);
    esv_trust_free(e->trust);
    esv_ctx_free(e->ctx);
}

static esv_report *verify(env *e, const uint8_t *m, size_t len)
{
    esv_report *r = NULL;
    esv_status st = esv_rsp_verify(e->ctx, e->trust, e->s, m, len, &r);
    assert_int_equal(st, ESV_OK);
    assert_non_null(r);
    return r;
}

static size_t count(const esv_report *r, const char *id)
{
    size_t n = 0;
    for (size_t i = 0; i < esv_report_finding_count(r); i++)
        n += strcmp(esv_finding_rule_id(esv_report_finding(r, i)), id) == 0;
    return n;
}

static void dump(const esv_report *r)
{
    for (size_t i = 0; i < esv_report_finding_count(r); i++) {
        const esv_finding *f = esv_report_finding(r, i);
        print_message("    %s %s: %s\n", esv_finding_rule_id(f), esv_finding_path(f) ? esv_finding_path(f) : "",
                      esv_finding_message(f));
    }
}

/* r fails with rule among its findings. */
static void expect_fail(esv_report *r, const char *rule)
{
    if (esv_report_verdict(r) != ESV_VERDICT_FAIL || count(r, rule) == 0) {
        dump(r);
        fail_msg("expected a FAIL with %s", rule);
    }
}

/* r passes with no warning or error. */
static void expect_pass(esv_report *r)
{
    for (size_t i = 0; i < esv_report_finding_count(r); i++)
        if (esv_finding_severity(esv_report_finding(r, i)) != ESV_SEV_INFO) {
            dump(r);
            fail_msg("expected no warning or error");
        }
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_PASS);
}

/* Runs the session's messages before `upto` (0..4: init, asr, acr, pdr)
 * so that the session holds what they establish. */
static void run_before(env *e, int upto)
{
    const uint8_t *m[] = {M.init, M.asr, M.acr, M.pdr};
    size_t l[] = {M.init_len, M.asr_len, M.acr_len, M.pdr_len};
    for (int i = 0; i < upto; i++)
        esv_report_free(verify(e, m[i], l[i]));
}

/* A copy of m with byte at off xor'ed. */
static uint8_t *flipped(const uint8_t *m, size_t len, size_t off)
{
    uint8_t *c = malloc(len);
    assert_non_null(c);
    memcpy(c, m, len);
    assert_true(off < len);
    c[off] ^= 0x01;
    return c;
}

/* The offset of the first occurrence of needle in m (must exist). */
static size_t find_bytes(const uint8_t *m, size_t len, const void *needle, size_t n)
{
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(m + i, needle, n) == 0)
            return i;
    fail_msg("pattern not found");
    return 0;
}

/* ------------------------------------------------------------- tests */

/* The whole session verifies end to end against the SGP.26 CIs: every
 * signature, chain and session value. The installation result's smdpOid
 * (2.999) is not the DPpb certificate's OID (2.999.10): SGP.22 5.6.4 asks
 * for the SM-DP+'s OID, so that one finding is right (the fixture's
 * generator writes a placeholder). */
static void test_session_end_to_end(void **state)
{
    env e;
    esv_report *r;
    const uint8_t *v;
    size_t n;
    (void)state;
    if (!have_data)
        skip();
    env_open(&e, 0, 1);
    r = verify(&e, M.init, M.init_len);
    expect_pass(r);
    assert_int_equal(count(r, "RSP-003"), 0); /* everything compared */
    esv_report_free(r);
    /* the recorded eUICC lists no CI at all in euiccInfo2 (A9 and AA are
     * empty): SGP.22 4.3 asks for the CIs it verifies and signs with, and
     * an SM-DP+ answers 8.8.2 / 3.1; everything else verifies */
    r = verify(&e, M.asr, M.asr_len);
    assert_int_equal(count(r, "RSP-031"), 1);
    assert_int_equal(esv_report_count_severity(r, ESV_SEV_ERROR), 1);
    assert_int_equal(esv_report_count_severity(r, ESV_SEV_WARNING), 0);
    assert_int_equal(count(r, "RSP-003"), 0);
    esv_report_free(r);
    /* what the server needs next: the EID from the eUICC certificate */
    assert_int_equal(esv_rsp_session_get(e.s, ESV_RSP_EID, &v, &n), ESV_OK);
    assert_int_equal(n, 32);
    assert_memory_equal(v, "89049032123451234512345678901235", 32);
    assert_int_equal(esv_rsp_session_get(e.s, ESV_RSP_SERVER_CHALLENGE, &v, &n), ESV_OK);
    assert_int_equal(n, 16);
    assert_memory_equal(v, M.server_ch, 16);
    r = verify(&e, M.acr, M.acr_len);
    expect_pass(r);
    assert_int_equal(count(r, "RSP-003"), 0);
    esv_report_free(r);
    r = verify(&e, M.pdr, M.pdr_len);
    expect_pass(r);
    assert_int_equal(count(r, "RSP-003"), 0);
    esv_report_free(r);
    assert_int_equal(esv_rsp_session_get(e.s, ESV_RSP_EUICC_OTPK, &v, &n), ESV_OK);
    assert_int_equal(n, 65);
    assert_int_equal(v[0], 0x04);
    r = verify(&e, M.pir, M.pir_len);
    assert_int_equal(count(r, "RSP-015"), 0); /* euiccSignPIR verifies */
    assert_int_equal(count(r, "RSP-025"), 1);
    assert_int_equal(esv_report_finding_count(r), 1);
    esv_report_free(r);
    env_close(&e);
}

/* Without a session or a trust nothing is passed silently: each check
 * that needs them says it was not performed. */
static void test_not_performed(void **state)
{
    esv_ctx *ctx;
    esv_report *r = NULL;
    (void)state;
    if (!have_data)
        skip();
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    assert_int_equal(esv_rsp_verify(ctx, NULL, NULL, M.asr, M.asr_len, &r), ESV_OK);
    assert_true(count(r, "RSP-003") >= 4); /* transactionId, address, challenge, EUM AKI */
    assert_int_equal(count(r, "PKI-062"), 1); /* no chain checked */
    assert_int_equal(count(r, "RSP-012"), 0); /* the signature itself verifies */
    esv_report_free(r);
    assert_int_equal(esv_rsp_verify(ctx, NULL, NULL, M.pdr, M.pdr_len, &r), ESV_OK);
    assert_true(count(r, "RSP-003") >= 2); /* euiccSignature2, euiccOtpk */
    assert_int_equal(count(r, "RSP-014"), 0);
    esv_report_free(r);
    esv_ctx_free(ctx);
}

/* A byte flipped in each signed part: the signature that covers it. */
static void test_signed_parts_tampered(void **state)
{
    static const struct {
        int which;   /* 0 init, 1 asr, 2 acr, 3 pdr, 4 pir */
        size_t off;  /* a byte inside the signed data or the signature */
        const char *rule;
    } cases[] = {
        {0, 80, "RSP-011"},  /* serverSigned1/serverChallenge */
        {0, 120, "RSP-011"}, /* serverSignature1 */
        {1, 50, "RSP-012"},  /* euiccSigned1/serverChallenge */
        {1, 130, "RSP-012"}, /* euiccSignature1 */
        {1, 70, "RSP-012"},  /* euiccSigned1/euiccInfo2 */
        {2, 96, "RSP-013"},  /* smdpSigned2/ccRequiredFlag */
        {2, 120, "RSP-013"}, /* smdpSignature2 */
        {3, 60, "RSP-014"},  /* euiccSigned2/euiccOtpk */
        {3, 120, "RSP-014"}, /* euiccSignature2 */
        {4, 40, "RSP-015"},  /* profileInstallationResultData */
        {4, 130, "RSP-015"}, /* euiccSignPIR */
    };
    (void)state;
    if (!have_data)
        skip();
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const uint8_t *m[] = {M.init, M.asr, M.acr, M.pdr, M.pir};
        size_t l[] = {M.init_len, M.asr_len, M.acr_len, M.pdr_len, M.pir_len};
        int w = cases[i].which;
        env e;
        uint8_t *bad = flipped(m[w], l[w], cases[i].off);
        esv_report *r;
        env_open(&e, 0, 1);
        run_before(&e, w > 3 ? 4 : w);
        r = verify(&e, bad, l[w]);
        expect_fail(r, cases[i].rule);
        esv_report_free(r);
        free(bad);
        env_close(&e);
    }
}

/* Session values that differ from the messages'. */
static void test_session_mismatch(void **state)
{
    env e;
    esv_report *r;
    uint8_t other[16];
    (void)state;
    if (!have_data)
        skip();
    memset(other, 0x5a, sizeof(other));

    env_open(&e, 0, 1); /* another euiccChallenge than the one the SM-DP+ signed */
    assert_int_equal(esv_rsp_session_set(e.s, ESV_RSP_EUICC_CHALLENGE, other, 16), ESV_OK);
    r = verify(&e, M.init, M.init_len);
    expect_fail(r, "RSP-009");
    esv_report_free(r);
    env_close(&e);

    env_open(&e, 0, 1); /* another transactionId */
    assert_int_equal(esv_rsp_session_set(e.s, ESV_RSP_TRANSACTION_ID, other, 16), ESV_OK);
    r = verify(&e, M.init, M.init_len);
    expect_fail(r, "RSP-005");
    esv_report_free(r);
    env_close(&e);

    env_open(&e, 0, 1); /* another server address (case does not matter) */
    assert_int_equal(esv_rsp_session_set(e.s, ESV_RSP_SERVER_ADDRESS, (const uint8_t *)"SMDP.EXAMPLE.COM", 16),
                     ESV_OK);
    r = verify(&e, M.init, M.init_len);
    expect_pass(r);
    esv_report_free(r);
    assert_int_equal(esv_rsp_session_set(e.s, ESV_RSP_SERVER_ADDRESS, (const uint8_t *)"smdp.example.org", 16),
                     ESV_OK);
    r = verify(&e, M.asr, M.asr_len);
    expect_fail(r, "RSP-008");
    esv_report_free(r);
    env_close(&e);

    env_open(&e, 0, 1); /* the SM-DP+ issued another serverChallenge */
    run_before(&e, 1);
    assert_int_equal(esv_rsp_session_set(e.s, ESV_RSP_SERVER_CHALLENGE, other, 16), ESV_OK);
    r = verify(&e, M.asr, M.asr_len);
    expect_fail(r, "RSP-007");
    assert_int_equal(count(r, "RSP-012"), 0); /* the signature itself holds */
    esv_report_free(r);
    /* and another CI than the EUM's */
    assert_int_equal(esv_rsp_session_set(e.s, ESV_RSP_CI_PKID, other, 16), ESV_OK);
    r = verify(&e, M.asr, M.asr_len);
    expect_fail(r, "RSP-018");
    esv_report_free(r);
    env_close(&e);
}

/* A trust without the session's CI: the chains do not verify. */
static void test_foreign_ci(void **state)
{
    env e;
    esv_report *r;
    (void)state;
    if (!have_data)
        skip();
    env_open(&e, 1, 1);
    r = verify(&e, M.init, M.init_len);
    expect_fail(r, "RSP-016");
    esv_report_free(r);
    r = verify(&e, M.asr, M.asr_len);
    expect_fail(r, "RSP-016");
    assert_int_equal(count(r, "RSP-012"), 0);
    esv_report_free(r);
    env_close(&e);
}

/* Fields outside the signatures: the outer transactionId and
 * euiccCiPKIdToBeUsed of the InitiateAuthentication response. */
static void test_unsigned_fields(void **state)
{
    env e;
    esv_report *r;
    uint8_t *bad;
    size_t off;
    static const uint8_t ski_hdr[] = {0x04, 0x14};
    (void)state;
    if (!have_data)
        skip();
    env_open(&e, 0, 0);
    bad = flipped(M.init, M.init_len, 10); /* the outer transactionId */
    r = verify(&e, bad, M.init_len);
    expect_fail(r, "RSP-006");
    esv_report_free(r);
    free(bad);
    off = find_bytes(M.init, M.init_len, ski_hdr, 2);
    bad = flipped(M.init, M.init_len, off + 5);
    r = verify(&e, bad, M.init_len);
    expect_fail(r, "RSP-019");
    assert_int_equal(count(r, "RSP-011"), 0);
    esv_report_free(r);
    free(bad);
    env_close(&e);
}

/* tag (1 or 2 bytes) + length + content into a new buffer. */
static uint8_t *tlv(const uint8_t *tag, size_t tag_len, const uint8_t *c, size_t n, size_t *out_len)
{
    uint8_t h[DER_HEADER_MAX];
    unsigned t = tag_len == 2 ? (unsigned)tag[0] << 8 | tag[1] : tag[0];
    size_t k = der_write_header(h, t, n);
    uint8_t *o = malloc(k + n);
    assert_non_null(o);
    memcpy(o, h, k);
    memcpy(o + k, c, n);
    *out_len = k + n;
    return o;
}

/* The DPpb certificate where DPauth belongs: the wrong role, and
 * serverSignature1 no longer verifies with its key. */
static void test_wrong_certificate_role(void **state)
{
    env e;
    esv_report *r;
    uint8_t *content, *msg;
    size_t cert_off = 185, n, msg_len;
    static const uint8_t seq[] = {0x30};
    (void)state;
    if (!have_data)
        skip();
    /* InitiateAuthenticationOkEs9: header 4 bytes, the certificate last */
    n = (cert_off - 4) + M.dppb_len;
    content = malloc(n);
    assert_non_null(content);
    memcpy(content, M.init + 4, cert_off - 4);
    memcpy(content + cert_off - 4, M.dppb, M.dppb_len);
    msg = tlv(seq, 1, content, n, &msg_len);
    env_open(&e, 0, 1);
    r = verify(&e, msg, msg_len);
    expect_fail(r, "RSP-017");
    assert_true(count(r, "RSP-011") == 1);
    esv_report_free(r);
    env_close(&e);
    free(content);
    free(msg);
}

/* Profile metadata defects (SGP.22 5.4.1), each in a StoreMetadataRequest
 * built here from the session's. */
static void test_metadata(void **state)
{
    static const uint8_t bf25[] = {0xbf, 0x25};
    env e;
    esv_report *r;
    uint8_t *c, *m;
    size_t n, ml;
    (void)state;
    if (!have_data)
        skip();
    env_open(&e, 0, 0);
    r = verify(&e, M.smr, M.smr_len);
    expect_pass(r);
    esv_report_free(r);

    /* a wrong check digit: the last digit of the ICCID (byte 12, high nibble) */
    c = flipped(M.smr, M.smr_len, 12);
    r = verify(&e, c, M.smr_len);
    expect_fail(r, "RSP-022");
    esv_report_free(r);
    free(c);

    /* a notification configuration without an address:
     * B6 { 30 { 80 02 07 80 (install), 81 00 } } */
    {
        static const uint8_t nci[] = {0xb6, 0x08, 0x30, 0x06, 0x80, 0x02, 0x07, 0x80, 0x81, 0x00};
        n = (M.smr_len - 3) + sizeof(nci);
        c = malloc(n);
        assert_non_null(c);
        memcpy(c, M.smr + 3, M.smr_len - 3);
        memcpy(c + M.smr_len - 3, nci, sizeof(nci));
        m = tlv(bf25, 2, c, n, &ml);
        r = verify(&e, m, ml);
        expect_fail(r, "RSP-045");
        assert_string_equal(esv_finding_path(esv_report_find(r, "RSP-045")),
                            "profileMetadata/notificationConfigurationInfo[0]");
        esv_report_free(r);
        free(c);
        free(m);
    }
    /* icon without iconType, then profileClass test */
    {
        static const uint8_t icon[] = {0x94, 0x02, 0xff, 0xd8};
        static const uint8_t cls_test[] = {0x95, 0x01, 0x00};
        const uint8_t *extra[] = {icon, cls_test};
        size_t extra_len[] = {sizeof(icon), sizeof(cls_test)};
        const char *rule[] = {"RSP-023", "RSP-024"};
        for (int k = 0; k < 2; k++) {
            n = (M.smr_len - 3) + extra_len[k];
            c = malloc(n);
            assert_non_null(c);
            memcpy(c, M.smr + 3, M.smr_len - 3);
            memcpy(c + M.smr_len - 3, extra[k], extra_len[k]);
            m = tlv(bf25, 2, c, n, &ml);
            r = verify(&e, m, ml);
            expect_fail(r, rule[k]);
            esv_report_free(r);
            free(c);
            free(m);
        }
    }
    env_close(&e);
}

/* Error responses are reported as what they are; unknown and malformed
 * messages are not passed. */
static void test_errors_and_unknown(void **state)
{
    /* AuthenticateServerResponse, authenticateResponseError: transactionId,
     * authenticateErrorCode invalidSignature(2) */
    static const uint8_t asr_err[] = {0xbf, 0x38, 0x08, 0xa1, 0x06, 0x80, 0x01, 0x01, 0x02, 0x01, 0x02};
    /* PrepareDownloadResponse, downloadResponseError */
    static const uint8_t pdr_err[] = {0xbf, 0x21, 0x08, 0xa1, 0x06, 0x80, 0x01, 0x01, 0x81, 0x01, 0x05};
    static const uint8_t unknown[] = {0xbf, 0x7f, 0x00};
    /* BF38 whose alternative is a primitive: does not decode */
    static const uint8_t bad[] = {0xbf, 0x38, 0x03, 0x80, 0x01, 0x00};
    /* a 16-byte transactionId limit: 17 bytes in an error response */
    uint8_t long_tid[4 + 2 + 17 + 3 + 3];
    esv_ctx *ctx;
    esv_report *r = NULL;
    (void)state;
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    assert_int_equal(esv_rsp_verify(ctx, NULL, NULL, asr_err, sizeof(asr_err), &r), ESV_OK);
    assert_int_equal(count(r, "RSP-004"), 1);
    assert_non_null(strstr(esv_finding_message(esv_report_find(r, "RSP-004")), "authenticateErrorCode 2"));
    esv_report_free(r);
    assert_int_equal(esv_rsp_verify(ctx, NULL, NULL, pdr_err, sizeof(pdr_err), &r), ESV_OK);
    assert_int_equal(count(r, "RSP-004"), 1);
    esv_report_free(r);
    assert_int_equal(esv_rsp_verify(ctx, NULL, NULL, unknown, sizeof(unknown), &r), ESV_OK);
    assert_int_equal(count(r, "RSP-001"), 1);
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_FAIL);
    esv_report_free(r);
    assert_int_equal(esv_rsp_verify(ctx, NULL, NULL, bad, sizeof(bad), &r), ESV_OK);
    assert_int_equal(count(r, "RSP-002"), 1);
    esv_report_free(r);
    /* bf 38 / len / a1 / len / 80 11 (17 bytes) / 02 01 02 */
    long_tid[0] = 0xbf;
    long_tid[1] = 0x38;
    long_tid[2] = 2 + 2 + 17 + 3;
    long_tid[3] = 0xa1;
    long_tid[4] = 2 + 17 + 3;
    long_tid[5] = 0x80;
    long_tid[6] = 17;
    memset(long_tid + 7, 0x11, 17);
    long_tid[24] = 0x02;
    long_tid[25] = 0x01;
    long_tid[26] = 0x02;
    assert_int_equal(esv_rsp_verify(ctx, NULL, NULL, long_tid, 27, &r), ESV_OK);
    assert_int_equal(count(r, "DER-023"), 1);
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_FAIL);
    esv_report_free(r);
    /* not DER at all */
    assert_int_equal(esv_rsp_verify(ctx, NULL, NULL, (const uint8_t *)"\x30\x80\x00\x00", 4, &r), ESV_OK);
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_FAIL);
    assert_int_equal(count(r, "RSP-001") + count(r, "RSP-002"), 0); /* the DER finding says it */
    esv_report_free(r);
    esv_ctx_free(ctx);
}

/* A signature of another length than 64 bytes. */
static void test_signature_length(void **state)
{
    static const uint8_t bf21[] = {0xbf, 0x21}, a0[] = {0xa0};
    env e;
    esv_report *r;
    uint8_t *ok, *msg, body[200];
    size_t ok_len, msg_len, s2_len = 2 + 86; /* euiccSigned2 TLV in the session's message */
    (void)state;
    if (!have_data)
        skip();
    /* downloadResponseOk: euiccSigned2 as received, then a 63-byte 5F37 */
    memcpy(body, M.pdr + 7, s2_len);
    body[s2_len] = 0x5f;
    body[s2_len + 1] = 0x37;
    body[s2_len + 2] = 63;
    memcpy(body + s2_len + 3, M.pdr + 7 + s2_len + 3, 63);
    ok = tlv(a0, 1, body, s2_len + 3 + 63, &ok_len);
    msg = tlv(bf21, 2, ok, ok_len, &msg_len);
    env_open(&e, 0, 1);
    run_before(&e, 3);
    r = verify(&e, msg, msg_len);
    expect_fail(r, "RSP-010");
    esv_report_free(r);
    env_close(&e);
    free(ok);
    free(msg);
}

/* A confirmation code the session requires: hashCc must be there. */
static void test_confirmation_code(void **state)
{
    env e;
    esv_report *r;
    (void)state;
    if (!have_data)
        skip();
    env_open(&e, 0, 1);
    run_before(&e, 3);
    assert_int_equal(esv_rsp_session_set(e.s, ESV_RSP_CONFIRMATION_CODE, (const uint8_t *)"1234", 4), ESV_OK);
    r = verify(&e, M.pdr, M.pdr_len);
    expect_fail(r, "RSP-033");
    esv_report_free(r);
    env_close(&e);
}

/* An euiccOtpk that is not on the curve (also breaks euiccSignature2,
 * which covers it). */
static void test_bad_otpk(void **state)
{
    env e;
    esv_report *r;
    uint8_t *bad;
    (void)state;
    if (!have_data)
        skip();
    env_open(&e, 0, 1);
    run_before(&e, 3);
    bad = flipped(M.pdr, M.pdr_len, 27 + 3 + 40); /* inside the point's X */
    r = verify(&e, bad, M.pdr_len);
    expect_fail(r, "RSP-020");
    esv_report_free(r);
    free(bad);
    env_close(&e);
}

/* A session built here with the project's test PKI (both curves, no
 * third-party data): every message verifies against its CI, with every
 * check performed, and a byte flipped in each message fails it. */
static void synthetic(pb_curve curve)
{
    rb_session *b = rb_session_build(curve);
    esv_ctx *ctx;
    esv_trust *trust;
    esv_rsp_session *s;
    int i;
    assert_non_null(b);
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    assert_int_equal(esv_ctx_set_time(ctx, 1830297600 /* 2028-01-01 */), ESV_OK);
    assert_int_equal(esv_trust_new(&trust), ESV_OK);
    assert_int_equal(esv_trust_add_ci(trust, b->pki->ci->der, b->pki->ci->len), ESV_OK);
    assert_int_equal(esv_rsp_session_new(&s), ESV_OK);
    assert_int_equal(esv_rsp_session_set(s, ESV_RSP_EUICC_CHALLENGE, b->euicc_challenge, 16), ESV_OK);
    assert_int_equal(esv_rsp_session_set(s, ESV_RSP_TRANSACTION_ID, b->transaction_id, 16), ESV_OK);
    assert_int_equal(esv_rsp_session_set(s, ESV_RSP_SERVER_ADDRESS, (const uint8_t *)b->address,
                                         strlen(b->address)), ESV_OK);
    for (i = 0; i < RB_COUNT; i++) {
        esv_report *r = NULL;
        assert_int_equal(esv_rsp_verify(ctx, trust, s, b->msg[i], b->len[i], &r), ESV_OK);
        if (esv_report_verdict(r) != ESV_VERDICT_PASS || count(r, "RSP-003") != 0) {
            dump(r);
            fail_msg("%s: expected a pass with every check performed", rb_file_name[i]);
        }
        esv_report_free(r);
    }
    /* each message with its last signature byte flipped, in a fresh
     * session that has seen the messages before it */
    for (i = 0; i < RB_COUNT; i++) {
        static const char *const rule[RB_COUNT] = {"RSP-011", "RSP-012", "RSP-013", "RSP-014", "RSP-015"};
        esv_rsp_session *s2;
        esv_report *r = NULL;
        uint8_t *bad;
        size_t off;
        int j;
        static const uint8_t tag[] = {0x5f, 0x37, 0x40};
        assert_int_equal(esv_rsp_session_new(&s2), ESV_OK);
        for (j = 0; j < i; j++) {
            assert_int_equal(esv_rsp_verify(ctx, trust, s2, b->msg[j], b->len[j], &r), ESV_OK);
            esv_report_free(r);
        }
        off = find_bytes(b->msg[i], b->len[i], tag, 3);
        bad = flipped(b->msg[i], b->len[i], off + 3 + 63);
        assert_int_equal(esv_rsp_verify(ctx, trust, s2, bad, b->len[i], &r), ESV_OK);
        expect_fail(r, rule[i]);
        esv_report_free(r);
        free(bad);
        esv_rsp_session_free(s2);
    }
    esv_rsp_session_free(s);
    esv_trust_free(trust);
    esv_ctx_free(ctx);
    rb_session_free(b);
}

static void test_synthetic_session_nist(void **state)
{
    (void)state;
    synthetic(PB_P256);
}

static void test_synthetic_session_brainpool(void **state)
{
    (void)state;
    synthetic(PB_BP256);
}

/* BIT STRING encodings DER forbids, under an implicit tag the DER reader
 * cannot type (profileManagementOperation [1] NotificationEvent): an
 * initial octet above 7 (asn1c's runtime would shift by it: undefined
 * behaviour, lib/asn1/bitstring_guard.c), none, a constructed form. Each
 * is a message that does not decode. */
static void test_bit_string_encodings(void **state)
{
    rb_session *b = rb_session_build(PB_P256);
    static const uint8_t op[] = {0x81, 0x02, 0x07, 0x80};
    esv_ctx *ctx;
    size_t off;
    (void)state;
    assert_non_null(b);
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    off = find_bytes(b->msg[RB_PIR], b->len[RB_PIR], op, sizeof(op));
    for (int k = 0; k < 3; k++) {
        uint8_t *m = malloc(b->len[RB_PIR]);
        esv_report *r = NULL;
        assert_non_null(m);
        memcpy(m, b->msg[RB_PIR], b->len[RB_PIR]);
        if (k == 0)
            m[off + 2] = 0x27; /* initial octet 39 */
        else if (k == 1)
            m[off + 2] = 0x08; /* 8 unused bits */
        else
            m[off] = 0xa1;     /* constructed [1] holding 07 80: not DER for a BIT STRING */
        assert_int_equal(esv_rsp_verify(ctx, NULL, NULL, m, b->len[RB_PIR], &r), ESV_OK);
        if (k < 2)
            assert_int_equal(count(r, "RSP-002"), 1);
        assert_int_equal(esv_report_verdict(r), ESV_VERDICT_FAIL);
        esv_report_free(r);
        free(m);
    }
    esv_ctx_free(ctx);
    rb_session_free(b);
}

/* The recorded BoundProfilePackage after the session's messages, with
 * otsk-dp.bin: the keys are agreed, every MAC and smdpSign verify, and
 * the recovered package goes to the profile rules. The fixture's UPP is
 * the text "the-uicc-profile-fixture", not a profile package: the one
 * error is the profile verifier's, on the recovered bytes. A byte of
 * smdpSign flipped: RSP-027. */
static void test_recorded_bpp(void **state)
{
    env e;
    esv_report *r;
    uint8_t *bpp, *otsk, *bad;
    size_t bl, ol;
    (void)state;
    if (!have_data)
        skip();
    bpp = rd("rsp/session/bound-profile-package.der", &bl);
    otsk = rd("rsp/session/otsk-dp.bin", &ol);
    assert_non_null(bpp);
    assert_non_null(otsk);
    env_open(&e, 0, 1);
    run_before(&e, 4);
    assert_int_equal(esv_rsp_session_set(e.s, ESV_RSP_OTSK_DP, otsk, ol), ESV_OK);
    r = verify(&e, bpp, bl);
    assert_int_equal(count(r, "RSP-003"), 0);
    assert_int_equal(count(r, "RSP-076"), 0); /* keys given */
    assert_int_equal(count(r, "RSP-077"), 0);
    assert_int_equal(count(r, "RSP-027"), 0);
    assert_int_equal(esv_report_finding_count(r), 1);
    assert_string_equal(esv_finding_rule_id(esv_report_finding(r, 0)), "DER-002");
    assert_string_equal(esv_finding_path(esv_report_finding(r, 0)), "upp");
    esv_report_free(r);
    {
        static const uint8_t tag[] = {0x5f, 0x37, 0x40};
        size_t off = find_bytes(bpp, bl, tag, 3);
        bad = flipped(bpp, bl, off + 3 + 10);
        r = verify(&e, bad, bl);
        expect_fail(r, "RSP-027");
        esv_report_free(r);
        free(bad);
    }
    env_close(&e);
    /* without otSK.DP nothing is decrypted, and the report says so */
    env_open(&e, 0, 1);
    run_before(&e, 4);
    r = verify(&e, bpp, bl);
    assert_int_equal(count(r, "RSP-076"), 1);
    assert_int_equal(count(r, "RSP-003"), 1);
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_PASS);
    esv_report_free(r);
    env_close(&e);
    free(bpp);
    free(otsk);
}

/* A package built here around the project's sample test profile
 * (examples/data/test-profile-ram.der, profileType "... Test Profile"),
 * with the session keys given directly: its profile findings come
 * through; metadata that names another ICCID, or profileClass operational
 * for a test profile, are reported. */
static void test_bpp_profile_and_metadata(void **state)
{
    size_t ul, bl;
    uint8_t *upp = tu_read_file("examples/data/test-profile-ram.der", &ul), *bpp;
    esv_bsp_keys keys, ppk;
    bb_spec spec;
    esv_ctx *ctx;
    esv_rsp_session *s;
    esv_report *r = NULL;
    uint8_t k48[48], iccid_sw[10];
    /* BF25 { 5A iccid, 91 name, 92 name [, 95 class] } */
    uint8_t md[64];
    size_t ml;
    (void)state;
    assert_non_null(upp);
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    /* the sample's header ICCID (plain BCD, at a fixed place in its
     * header: 5A is not used there, read it through show) */
    {
        /* header: a0 len, 80 01 major, 81 01 minor, 82 len profileType, 83 0a iccid */
        size_t i = 2;
        while (i + 2 < ul && upp[i] != 0x83)
            i += 2 + upp[i + 1];
        assert_true(i + 12 <= ul && upp[i + 1] == 10);
        for (int k = 0; k < 10; k++)
            iccid_sw[k] = (uint8_t)(upp[i + 2 + k] << 4 | upp[i + 2 + k] >> 4);
    }
    for (int variant = 0; variant < 3; variant++) {
        ml = 0;
        md[ml++] = 0xbf;
        md[ml++] = 0x25;
        md[ml++] = 0; /* length below */
        md[ml++] = 0x5a;
        md[ml++] = 10;
        memcpy(md + ml, iccid_sw, 10);
        if (variant == 1)
            md[ml + 9] ^= 0x10; /* another ICCID */
        ml += 10;
        md[ml++] = 0x91;
        md[ml++] = 1;
        md[ml++] = 'x';
        md[ml++] = 0x92;
        md[ml++] = 1;
        md[ml++] = 'y';
        if (variant != 2) {
            md[ml++] = 0x95; /* profileClass test */
            md[ml++] = 1;
            md[ml++] = 0;
        }
        md[2] = (uint8_t)(ml - 3);
        bb_default_spec(&spec, &keys, &ppk, upp, ul);
        spec.ppk = NULL;
        spec.store_metadata = md;
        spec.store_metadata_len = ml;
        bpp = bb_build(&spec, &bl);
        memcpy(k48, keys.s_enc, 16);
        memcpy(k48 + 16, keys.s_mac, 16);
        memcpy(k48 + 32, keys.icv, 16);
        assert_int_equal(esv_rsp_session_new(&s), ESV_OK);
        assert_int_equal(esv_rsp_session_set(s, ESV_RSP_SESSION_KEYS, k48, 48), ESV_OK);
        assert_int_equal(esv_rsp_verify(ctx, NULL, s, bpp, bl, &r), ESV_OK);
        assert_int_equal(count(r, "RSP-077"), 0);
        /* the sample is a test profile: the production policy says so,
         * through the recovered package */
        assert_true(count(r, "PROF-100") == 1);
        assert_int_equal(count(r, "RSP-028"), variant == 1);
        assert_int_equal(count(r, "RSP-029"), variant == 2);
        esv_report_free(r);
        esv_rsp_session_free(s);
        free(bpp);
    }
    /* the metadata in A1 against the AuthenticateClient response's: the
     * session learns it from the builder's response; a package binding
     * those same bytes agrees, one binding other metadata does not */
    {
        rb_session *rb = rb_session_build(PB_P256);
        static const uint8_t bf25[] = {0xbf, 0x25};
        size_t off, mlen;
        assert_non_null(rb);
        off = find_bytes(rb->msg[RB_AUTH_CLIENT], rb->len[RB_AUTH_CLIENT], bf25, 2);
        mlen = 3 + rb->msg[RB_AUTH_CLIENT][off + 2];
        for (int same = 0; same < 2; same++) {
            bb_default_spec(&spec, &keys, &ppk, upp, ul);
            spec.ppk = NULL;
            if (same) {
                spec.store_metadata = rb->msg[RB_AUTH_CLIENT] + off;
                spec.store_metadata_len = mlen;
            }
            bpp = bb_build(&spec, &bl);
            memcpy(k48, keys.s_enc, 16);
            memcpy(k48 + 16, keys.s_mac, 16);
            memcpy(k48 + 32, keys.icv, 16);
            assert_int_equal(esv_rsp_session_new(&s), ESV_OK);
            for (int i = 0; i <= RB_AUTH_CLIENT; i++) {
                assert_int_equal(esv_rsp_verify(ctx, NULL, s, rb->msg[i], rb->len[i], &r), ESV_OK);
                esv_report_free(r);
            }
            assert_int_equal(esv_rsp_session_set(s, ESV_RSP_SESSION_KEYS, k48, 48), ESV_OK);
            assert_int_equal(esv_rsp_verify(ctx, NULL, s, bpp, bl, &r), ESV_OK);
            if (count(r, "RSP-044") != (same ? 0u : 1u)) {
                dump(r);
                fail_msg("RSP-044 with %s metadata", same ? "the same" : "other");
            }
            esv_report_free(r);
            esv_rsp_session_free(s);
            free(bpp);
        }
        rb_session_free(rb);
    }
    esv_ctx_free(ctx);
    free(upp);
}

/* The status code the server answers with: that of the first error with
 * one (SGP.22 5.6.3), in the report and its JSON. */
static void test_status_codes(void **state)
{
    env e;
    esv_report *r;
    uint8_t *bad, other[16];
    const char *subject, *reason;
    (void)state;
    if (!have_data)
        skip();
    env_open(&e, 0, 1);
    run_before(&e, 1);
    bad = flipped(M.asr, M.asr_len, 130); /* euiccSignature1 */
    r = verify(&e, bad, M.asr_len);
    assert_int_equal(esv_rsp_status_code(r, &subject, &reason), 1);
    assert_string_equal(subject, "8.1");
    assert_string_equal(reason, "6.1");
    esv_report_free(r);
    free(bad);
    memset(other, 0x33, sizeof(other));
    assert_int_equal(esv_rsp_session_set(e.s, ESV_RSP_TRANSACTION_ID, other, 16), ESV_OK);
    r = verify(&e, M.asr, M.asr_len);
    assert_int_equal(esv_rsp_status_code(r, &subject, &reason), 1);
    assert_string_equal(subject, "8.10.1");
    assert_string_equal(reason, "3.9");
    esv_report_free(r);
    env_close(&e);
    /* a passing report has none */
    env_open(&e, 0, 1);
    r = verify(&e, M.init, M.init_len);
    assert_int_equal(esv_rsp_status_code(r, &subject, &reason), 0);
    assert_null(subject);
    esv_report_free(r);
    env_close(&e);
    /* the catalogue */
    assert_int_equal(esv_rule_status_code(esv_rule_find("RSP-018"), &subject, &reason), 1);
    assert_string_equal(subject, "8.11.1");
    assert_int_equal(esv_rule_status_code(esv_rule_find("RSP-001"), NULL, NULL), 0);
}

/* A DER TLV of a 1- or 2-byte tag around content, appended to a buffer. */
typedef struct tb {
    uint8_t p[4096];
    size_t n;
} tb;

static void tb_put(tb *b, const void *d, size_t n)
{
    assert_true(b->n + n <= sizeof(b->p));
    memcpy(b->p + b->n, d, n);
    b->n += n;
}

static void tb_tlv(tb *b, unsigned tag, const void *c, size_t n)
{
    uint8_t h[DER_HEADER_MAX];
    tb_put(b, h, der_write_header(h, tag, n));
    tb_put(b, c, n);
}

/* EUICCInfo1 with the given CI key id (or empty lists) and svn major. */
static void euicc_info1(tb *out, const uint8_t *ski, unsigned major)
{
    tb l = {0}, in = {0};
    const uint8_t svn[] = {(uint8_t)major, 2, 0};
    if (ski != NULL)
        tb_tlv(&l, 0x04, ski, 20);
    tb_tlv(&in, 0x82, svn, 3);
    tb_tlv(&in, 0xa9, l.p, l.n);
    tb_tlv(&in, 0xaa, l.p, l.n);
    out->n = 0;
    tb_tlv(out, 0xbf20, in.p, in.n);
}

/* The eUICC's CI lists and versions (RSP-030, -031, -040), the CI chosen
 * against them (RSP-032), the two SM-DP+ certificates' OIDs (RSP-035). */
static void test_euicc_info_and_cis(void **state)
{
    rb_session *b = rb_session_build(PB_P256);
    esv_ctx *ctx;
    esv_trust *trust;
    esv_rsp_session *s;
    esv_report *r = NULL;
    uint8_t ci_id[20], other[20];
    tb m;
    (void)state;
    assert_non_null(b);
    assert_int_equal(pb_key_id(b->pki->ci_key, ci_id), 0);
    memset(other, 0x42, sizeof(other));
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    assert_int_equal(esv_ctx_set_time(ctx, 1830297600), ESV_OK);
    assert_int_equal(esv_trust_new(&trust), ESV_OK);
    assert_int_equal(esv_trust_add_ci(trust, b->pki->ci->der, b->pki->ci->len), ESV_OK);

    euicc_info1(&m, ci_id, 2);
    assert_int_equal(esv_rsp_verify(ctx, trust, NULL, m.p, m.n, &r), ESV_OK);
    expect_pass(r);
    esv_report_free(r);
    euicc_info1(&m, other, 2);
    assert_int_equal(esv_rsp_verify(ctx, trust, NULL, m.p, m.n, &r), ESV_OK);
    expect_fail(r, "RSP-030");
    esv_report_free(r);
    euicc_info1(&m, NULL, 2);
    assert_int_equal(esv_rsp_verify(ctx, trust, NULL, m.p, m.n, &r), ESV_OK);
    expect_fail(r, "RSP-031");
    esv_report_free(r);
    euicc_info1(&m, ci_id, 1);
    assert_int_equal(esv_rsp_verify(ctx, trust, NULL, m.p, m.n, &r), ESV_OK);
    assert_int_equal(count(r, "RSP-040"), 1);
    assert_int_equal(esv_finding_severity(esv_report_find(r, "RSP-040")), ESV_SEV_WARNING);
    esv_report_free(r);

    /* the CI the SM-DP+ chose is not one the eUICC signs with */
    assert_int_equal(esv_rsp_session_new(&s), ESV_OK);
    assert_int_equal(esv_rsp_session_set(s, ESV_RSP_CI_PKID, other, 20), ESV_OK);
    assert_int_equal(esv_rsp_verify(ctx, trust, s, b->msg[RB_AUTH_SERVER], b->len[RB_AUTH_SERVER], &r), ESV_OK);
    expect_fail(r, "RSP-032");
    esv_report_free(r);
    esv_rsp_session_free(s);
    esv_trust_free(trust);
    esv_ctx_free(ctx);
    rb_session_free(b);
}

static void test_two_smdp_oids(void **state)
{
    env e;
    esv_report *r;
    uint8_t *dp2;
    size_t n;
    (void)state;
    if (!have_data)
        skip();
    dp2 = rd("pki/sgp26/CERT_S_SM_DP2auth_ECDSA_NIST.der", &n); /* SM-DP+ 2.999.12 */
    assert_non_null(dp2);
    env_open(&e, 0, 1);
    run_before(&e, 2);
    assert_int_equal(esv_rsp_session_set(e.s, ESV_RSP_DPAUTH_CERTIFICATE, dp2, n), ESV_OK);
    r = verify(&e, M.acr, M.acr_len); /* DPpb of SM-DP+ 2.999.10 */
    expect_fail(r, "RSP-035");
    esv_report_free(r);
    env_close(&e);
    free(dp2);
}

/* ccRequiredFlag TRUE, then no hashCc (RSP-033); a bppEuiccOtpk the
 * eUICC does not answer with (RSP-034). The SM-DP+'s message is changed
 * here, so its signature fails too; the session learns from it anyway. */
static void test_cc_and_bpp_otpk(void **state)
{
    rb_session *b = rb_session_build(PB_P256);
    esv_ctx *ctx;
    esv_rsp_session *s;
    esv_report *r = NULL;
    uint8_t *acr;
    size_t off;
    static const uint8_t flag[] = {0x01, 0x01, 0x00};
    (void)state;
    assert_non_null(b);
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    acr = malloc(b->len[RB_AUTH_CLIENT]);
    assert_non_null(acr);
    memcpy(acr, b->msg[RB_AUTH_CLIENT], b->len[RB_AUTH_CLIENT]);
    off = find_bytes(acr, b->len[RB_AUTH_CLIENT], flag, 3);
    acr[off + 2] = 0xff; /* ccRequiredFlag TRUE */
    assert_int_equal(esv_rsp_session_new(&s), ESV_OK);
    for (int i = 0; i < RB_AUTH_CLIENT; i++) {
        assert_int_equal(esv_rsp_verify(ctx, NULL, s, b->msg[i], b->len[i], &r), ESV_OK);
        esv_report_free(r);
    }
    assert_int_equal(esv_rsp_verify(ctx, NULL, s, acr, b->len[RB_AUTH_CLIENT], &r), ESV_OK);
    expect_fail(r, "RSP-013");
    esv_report_free(r);
    assert_int_equal(esv_rsp_verify(ctx, NULL, s, b->msg[RB_PREPARE], b->len[RB_PREPARE], &r), ESV_OK);
    expect_fail(r, "RSP-033");
    assert_non_null(strstr(esv_finding_message(esv_report_find(r, "RSP-033")), "ccRequiredFlag"));
    esv_report_free(r);
    esv_rsp_session_free(s);

    /* smdpSigned2 with a bppEuiccOtpk: 30 len {80 10 txid, 01 01 00, 5F49 41 point} */
    {
        tb sm = {0}, in = {0}, ok = {0}, msg = {0};
        uint8_t pt[65];
        static const uint8_t no[] = {0x00};
        pb_key *k = pb_key_new(PB_P256, 4242);
        assert_non_null(k);
        assert_int_equal(pb_key_public(k, pt), 0);
        pb_key_free(k);
        tb_tlv(&in, 0x80, b->transaction_id, 16);
        tb_tlv(&in, 0x01, no, 1);
        tb_tlv(&in, 0x5f49, pt, 65);
        tb_tlv(&sm, 0x30, in.p, in.n);
        /* authenticateClientOk: transactionId, metadata (as built),
         * smdpSigned2 (this one), the signature and certificate as built */
        {
            const uint8_t *m = b->msg[RB_AUTH_CLIENT];
            size_t ml = b->len[RB_AUTH_CLIENT];
            static const uint8_t bf25[] = {0xbf, 0x25};
            static const uint8_t sig[] = {0x5f, 0x37, 0x40};
            size_t md = find_bytes(m, ml, bf25, 2), sg = find_bytes(m, ml, sig, 3);
            size_t md_len = 3 + m[md + 2];
            tb_tlv(&ok, 0x80, b->transaction_id, 16);
            tb_put(&ok, m + md, md_len);
            tb_put(&ok, sm.p, sm.n);
            tb_put(&ok, m + sg, ml - sg); /* signature, certificate */
        }
        {
            tb a0 = {0};
            tb_tlv(&a0, 0xa0, ok.p, ok.n);
            tb_tlv(&msg, 0xbf3b, a0.p, a0.n);
        }
        assert_int_equal(esv_rsp_session_new(&s), ESV_OK);
        for (int i = 0; i < RB_AUTH_CLIENT; i++) {
            assert_int_equal(esv_rsp_verify(ctx, NULL, s, b->msg[i], b->len[i], &r), ESV_OK);
            esv_report_free(r);
        }
        assert_int_equal(esv_rsp_verify(ctx, NULL, s, msg.p, msg.n, &r), ESV_OK);
        assert_int_equal(count(r, "RSP-002"), 0);
        esv_report_free(r);
        assert_int_equal(esv_rsp_verify(ctx, NULL, s, b->msg[RB_PREPARE], b->len[RB_PREPARE], &r), ESV_OK);
        expect_fail(r, "RSP-034");
        esv_report_free(r);
        esv_rsp_session_free(s);
    }
    free(acr);
    esv_ctx_free(ctx);
    rb_session_free(b);
}

/* The installation result against the metadata and the address
 * (RSP-036, -037); CancelSessionResponse (RSP-038) and an
 * OtherSignedNotification (RSP-039), signed here with the test PKI's
 * eUICC key: each verifies, and fails with a byte flipped. */
static void test_notifications_and_cancel(void **state)
{
    rb_session *b = rb_session_build(PB_P256);
    esv_ctx *ctx;
    esv_trust *trust;
    esv_rsp_session *s;
    esv_report *r = NULL;
    uint8_t *pir, sig[64];
    size_t off;
    static const uint8_t iccid_tag[] = {0x5a, 0x0a};
    (void)state;
    assert_non_null(b);
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    assert_int_equal(esv_ctx_set_time(ctx, 1830297600), ESV_OK);
    assert_int_equal(esv_trust_new(&trust), ESV_OK);
    assert_int_equal(esv_trust_add_ci(trust, b->pki->ci->der, b->pki->ci->len), ESV_OK);
    assert_int_equal(esv_rsp_session_new(&s), ESV_OK);
    assert_int_equal(esv_rsp_session_set(s, ESV_RSP_SERVER_ADDRESS, (const uint8_t *)"smdp.other.example", 18),
                     ESV_OK);
    for (int i = 0; i < RB_PIR; i++) {
        assert_int_equal(esv_rsp_verify(ctx, trust, s, b->msg[i], b->len[i], &r), ESV_OK);
        esv_report_free(r);
    }
    /* another ICCID in the notification (its signature fails too) */
    pir = malloc(b->len[RB_PIR]);
    assert_non_null(pir);
    memcpy(pir, b->msg[RB_PIR], b->len[RB_PIR]);
    off = find_bytes(pir, b->len[RB_PIR], iccid_tag, 2);
    pir[off + 2 + 5] ^= 0x11;
    assert_int_equal(esv_rsp_verify(ctx, trust, s, pir, b->len[RB_PIR], &r), ESV_OK);
    expect_fail(r, "RSP-036");
    assert_int_equal(count(r, "RSP-037"), 1); /* and the address the session set */
    esv_report_free(r);
    free(pir);

    /* CancelSessionResponse: BF41 { A0 { 30 {80 txid, 06 oid, 02 reason},
     * 5F37 sig } } */
    {
        tb signed_ = {0}, in = {0}, ok = {0}, a0 = {0}, msg = {0};
        static const uint8_t oid[] = {0x88, 0x37, 0x0a}, reason[] = {0x01};
        tb_tlv(&in, 0x80, b->transaction_id, 16);
        tb_tlv(&in, 0x81, oid, 3);
        tb_tlv(&in, 0x82, reason, 1);
        tb_tlv(&signed_, 0x30, in.p, in.n);
        assert_int_equal(pb_key_sign_raw(b->pki->euicc_key, signed_.p, signed_.n, sig), 0);
        tb_put(&ok, signed_.p, signed_.n);
        tb_tlv(&ok, 0x5f37, sig, 64);
        tb_tlv(&a0, 0xa0, ok.p, ok.n);
        tb_tlv(&msg, 0xbf41, a0.p, a0.n);
        assert_int_equal(esv_rsp_verify(ctx, trust, s, msg.p, msg.n, &r), ESV_OK);
        assert_int_equal(count(r, "RSP-038"), 0);
        assert_int_equal(count(r, "RSP-002"), 0);
        assert_int_equal(count(r, "RSP-004"), 1); /* the reason, reported */
        esv_report_free(r);
        msg.p[msg.n - 1] ^= 1;
        assert_int_equal(esv_rsp_verify(ctx, trust, s, msg.p, msg.n, &r), ESV_OK);
        expect_fail(r, "RSP-038");
        esv_report_free(r);
    }
    /* OtherSignedNotification: 30 { BF2F {...}, 5F37 sig, eUICC, EUM } */
    {
        tb nm = {0}, tbs = {0}, body = {0}, msg = {0};
        static const uint8_t seqno[] = {0x02}, enable[] = {0x06, 0x40};
        static const uint8_t iccid[10] = {0x98, 0x94, 0, 0, 0, 0, 0, 0, 0x10, 0xf8};
        tb_tlv(&nm, 0x80, seqno, 1);
        tb_tlv(&nm, 0x81, enable, 2);
        tb_tlv(&nm, 0x0c, b->address, strlen(b->address));
        tb_tlv(&nm, 0x5a, iccid, 10);
        tb_tlv(&tbs, 0xbf2f, nm.p, nm.n);
        assert_int_equal(pb_key_sign_raw(b->pki->euicc_key, tbs.p, tbs.n, sig), 0);
        tb_put(&body, tbs.p, tbs.n);
        tb_tlv(&body, 0x5f37, sig, 64);
        tb_put(&body, b->pki->euicc->der, b->pki->euicc->len);
        tb_put(&body, b->pki->eum->der, b->pki->eum->len);
        tb_tlv(&msg, 0x30, body.p, body.n);
        assert_int_equal(esv_rsp_verify(ctx, trust, NULL, msg.p, msg.n, &r), ESV_OK);
        expect_pass(r);
        esv_report_free(r);
        msg.p[12] ^= 1; /* inside tbsOtherNotification's address */
        assert_int_equal(esv_rsp_verify(ctx, trust, NULL, msg.p, msg.n, &r), ESV_OK);
        expect_fail(r, "RSP-039");
        esv_report_free(r);
    }
    esv_rsp_session_free(s);
    esv_trust_free(trust);
    esv_ctx_free(ctx);
    rb_session_free(b);
}

/* A hashCc that is not SHA-256(SHA-256(CC) || transactionId) (RSP-021),
 * and a response with a component the schema's extension marker lets
 * through after the four it has (as SGP.22 v3 adds): the four are checked,
 * the fifth is said not to be (RSP-003), and nothing fails for it. */
static void test_hashcc_and_shape(void **state)
{
    rb_session *b = rb_session_build(PB_P256);
    esv_ctx *ctx;
    esv_rsp_session *s;
    esv_report *r = NULL;
    uint8_t pt[65], h[32];
    tb in = {0}, s2 = {0}, ok = {0}, a0 = {0}, msg = {0};
    (void)state;
    assert_non_null(b);
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    assert_int_equal(pb_key_public(b->pki->euicc_key, pt), 0);
    memset(h, 0x77, sizeof(h));
    tb_tlv(&in, 0x80, b->transaction_id, 16);
    tb_tlv(&in, 0x5f49, pt, 65);
    tb_tlv(&in, 0x04, h, 32);
    tb_tlv(&s2, 0x30, in.p, in.n);
    tb_put(&ok, s2.p, s2.n);
    {
        uint8_t sig[64];
        memset(sig, 0x11, sizeof(sig));
        tb_tlv(&ok, 0x5f37, sig, 64);
    }
    tb_tlv(&a0, 0xa0, ok.p, ok.n);
    tb_tlv(&msg, 0xbf21, a0.p, a0.n);
    assert_int_equal(esv_rsp_session_new(&s), ESV_OK);
    assert_int_equal(esv_rsp_session_set(s, ESV_RSP_CONFIRMATION_CODE, (const uint8_t *)"1234", 4), ESV_OK);
    assert_int_equal(esv_rsp_verify(ctx, NULL, s, msg.p, msg.n, &r), ESV_OK);
    expect_fail(r, "RSP-021");
    esv_report_free(r);
    esv_rsp_session_free(s);

    /* AuthenticateServerResponse with a fifth component [5] */
    {
        const uint8_t *m = b->msg[RB_AUTH_SERVER];
        size_t hdr = 2 + (m[2] == 0x82 ? 3 : m[2] == 0x81 ? 2 : 1), ihdr, n;
        tb body = {0}, a = {0}, out = {0};
        static const uint8_t extra[] = {0x85, 0x00};
        assert_int_equal(m[hdr], 0xa0);
        ihdr = 1 + (m[hdr + 1] == 0x82 ? 3 : m[hdr + 1] == 0x81 ? 2 : 1);
        n = b->len[RB_AUTH_SERVER] - hdr - ihdr;
        tb_put(&body, m + hdr + ihdr, n);
        tb_put(&body, extra, 2);
        tb_tlv(&a, 0xa0, body.p, body.n);
        tb_tlv(&out, 0xbf38, a.p, a.n);
        assert_int_equal(esv_rsp_verify(ctx, NULL, NULL, out.p, out.n, &r), ESV_OK);
        /* the extension marker lets it through; the known components are
         * checked (the signature verifies) and the rest said not to be */
        assert_int_equal(count(r, "RSP-002"), 0);
        assert_int_equal(count(r, "RSP-012"), 0);
        assert_int_equal(esv_report_verdict(r), ESV_VERDICT_PASS);
        {
            int said = 0;
            for (size_t i = 0; i < esv_report_finding_count(r); i++)
                said += strstr(esv_finding_message(esv_report_finding(r, i)), "later version's extension") != NULL;
            assert_int_equal(said, 1);
        }
        esv_report_free(r);
    }
    esv_ctx_free(ctx);
    rb_session_free(b);
}

/* ---------------------------------------------------- ES9+ JSON binding */

/* Appends "name":"<base64 of d>" (mbedTLS's encoder) to a JSON text. */
static void jb64(char *out, size_t cap, const char *name, const uint8_t *d, size_t n)
{
    unsigned char *b = malloc(4 * n / 3 + 8);
    size_t ol = 0;
    assert_non_null(b);
    assert_int_equal(mbedtls_base64_encode(b, 4 * n / 3 + 8, &ol, d, n), 0);
    snprintf(out + strlen(out), cap - strlen(out), "%s\"%s\":\"%.*s\"", out[strlen(out) - 1] == '{' ? "" : ",",
             name, (int)ol, b);
    free(b);
}

static void jhex(char *out, size_t cap, const char *name, const uint8_t *d, size_t n)
{
    snprintf(out + strlen(out), cap - strlen(out), "%s\"%s\":\"", out[strlen(out) - 1] == '{' ? "" : ",", name);
    for (size_t i = 0; i < n; i++)
        snprintf(out + strlen(out), cap - strlen(out), "%02X", d[i]);
    snprintf(out + strlen(out), cap - strlen(out), "\"");
}

/* The components of the constructed TLV at m (up to max). */
static size_t parts_of(const uint8_t *m, size_t len, const uint8_t **p, size_t *pl, size_t max)
{
    der_cursor c, in;
    der_tlv t;
    size_t n = 0;
    der_cursor_init(&c, m, len, 0);
    assert_int_equal(der_read_tlv(&c, &t, NULL), DER_OK);
    der_cursor_enter(&in, &t);
    while (n < max && !der_cursor_done(&in) && der_read_tlv(&in, &t, NULL) == DER_OK) {
        p[n] = m + t.off;
        pl[n] = der_tlv_size(&t);
        n++;
    }
    return n;
}

static esv_report *vjson(esv_ctx *ctx, const esv_trust *t, esv_rsp_session *s, const char *body)
{
    esv_report *r = NULL;
    assert_int_equal(esv_rsp_verify_json(ctx, t, s, (const uint8_t *)body, strlen(body), &r), ESV_OK);
    assert_non_null(r);
    return r;
}

/* A whole download as ES9+ JSON bodies, made from the builder's session:
 * each verifies with every check performed; then the JSON-level defects. */
static void test_json_binding(void **state)
{
    rb_session *b = rb_session_build(PB_P256);
    esv_ctx *ctx;
    esv_trust *trust;
    esv_rsp_session *s;
    esv_report *r;
    char *body = malloc(65536);
    const uint8_t *p[6];
    size_t pl[6];
    uint8_t *bad;
    (void)state;
    assert_non_null(b);
    assert_non_null(body);
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    assert_int_equal(esv_ctx_set_time(ctx, 1830297600), ESV_OK);
    assert_int_equal(esv_trust_new(&trust), ESV_OK);
    assert_int_equal(esv_trust_add_ci(trust, b->pki->ci->der, b->pki->ci->len), ESV_OK);
    assert_int_equal(esv_rsp_session_new(&s), ESV_OK);
    assert_int_equal(esv_rsp_session_set(s, ESV_RSP_EUICC_CHALLENGE, b->euicc_challenge, 16), ESV_OK);
    assert_int_equal(esv_rsp_session_set(s, ESV_RSP_SERVER_ADDRESS, (const uint8_t *)b->address,
                                         strlen(b->address)), ESV_OK);

    /* InitiateAuthentication response: members of InitiateAuthenticationOkEs9 */
    assert_int_equal(parts_of(b->msg[RB_INITIATE], b->len[RB_INITIATE], p, pl, 6), 5);
    strcpy(body, "{\"header\":{\"functionExecutionStatus\":{\"status\":\"Executed-Success\"}}");
    jhex(body, 65536, "transactionId", b->transaction_id, 16);
    jb64(body, 65536, "serverSigned1", p[1], pl[1]);
    jb64(body, 65536, "serverSignature1", p[2], pl[2]);
    jb64(body, 65536, "euiccCiPKIdToBeUsed", p[3], pl[3]);
    jb64(body, 65536, "serverCertificate", p[4], pl[4]);
    strcat(body, "}");
    r = vjson(ctx, trust, s, body);
    /* the transactionId is first seen here: learned, said so */
    if (esv_report_verdict(r) != ESV_VERDICT_PASS || count(r, "RSP-003") != 1 ||
        strcmp(esv_finding_path(esv_report_find(r, "RSP-003")), "initiateAuthenticationResponse/transactionId") != 0) {
        dump(r);
        fail_msg("the InitiateAuthentication response body");
    }
    esv_report_free(r);

    /* AuthenticateClient request */
    strcpy(body, "{");
    jhex(body, 65536, "transactionId", b->transaction_id, 16);
    jb64(body, 65536, "authenticateServerResponse", b->msg[RB_AUTH_SERVER], b->len[RB_AUTH_SERVER]);
    strcat(body, "}");
    r = vjson(ctx, trust, s, body);
    expect_pass(r);
    assert_int_equal(count(r, "RSP-003"), 0);
    esv_report_free(r);

    /* AuthenticateClient response: members of authenticateClientOk */
    {
        const uint8_t *q[6];
        size_t ql[6];
        assert_int_equal(parts_of(b->msg[RB_AUTH_CLIENT], b->len[RB_AUTH_CLIENT], p, pl, 1), 1);
        assert_int_equal(parts_of(p[0], pl[0], q, ql, 6), 5);
        strcpy(body, "{");
        jhex(body, 65536, "transactionId", b->transaction_id, 16);
        jb64(body, 65536, "profileMetadata", q[1], ql[1]);
        jb64(body, 65536, "smdpSigned2", q[2], ql[2]);
        jb64(body, 65536, "smdpSignature2", q[3], ql[3]);
        jb64(body, 65536, "smdpCertificate", q[4], ql[4]);
        strcat(body, "}");
        r = vjson(ctx, trust, s, body);
        expect_pass(r);
        assert_int_equal(count(r, "RSP-003"), 0);
        esv_report_free(r);
    }

    /* GetBoundProfilePackage request, HandleNotification */
    strcpy(body, "{");
    jhex(body, 65536, "transactionId", b->transaction_id, 16);
    jb64(body, 65536, "prepareDownloadResponse", b->msg[RB_PREPARE], b->len[RB_PREPARE]);
    strcat(body, "}");
    r = vjson(ctx, trust, s, body);
    expect_pass(r);
    esv_report_free(r);
    strcpy(body, "{");
    jb64(body, 65536, "pendingNotification", b->msg[RB_PIR], b->len[RB_PIR]);
    strcat(body, "}");
    r = vjson(ctx, trust, s, body);
    expect_pass(r);
    esv_report_free(r);

    /* a signed part tampered: the finding names the member */
    bad = flipped(b->msg[RB_AUTH_SERVER], b->len[RB_AUTH_SERVER], 40);
    strcpy(body, "{");
    jb64(body, 65536, "authenticateServerResponse", bad, b->len[RB_AUTH_SERVER]);
    strcat(body, "}");
    r = vjson(ctx, trust, s, body);
    expect_fail(r, "RSP-012");
    assert_string_equal(esv_finding_path(esv_report_find(r, "RSP-012")),
                        "authenticateServerResponse/euiccSignature1");
    esv_report_free(r);
    free(bad);
    /* another transactionId in the request */
    strcpy(body, "{\"transactionId\":\"00FF\"");
    jb64(body, 65536, "prepareDownloadResponse", b->msg[RB_PREPARE], b->len[RB_PREPARE]);
    strcat(body, "}");
    r = vjson(ctx, trust, s, body);
    expect_fail(r, "RSP-005");
    esv_report_free(r);

    /* the JSON itself */
    r = vjson(ctx, trust, NULL, "{\"pendingNotification\": ");
    expect_fail(r, "RSP-042");
    esv_report_free(r);
    r = vjson(ctx, trust, NULL, "{\"pendingNotification\":\"AAAA\",\"pendingNotification\":\"AAAA\"}");
    expect_fail(r, "RSP-042"); /* duplicate member */
    esv_report_free(r);
    r = vjson(ctx, trust, NULL, "{\"pendingNotification\":\"*not base64*\"}");
    expect_fail(r, "RSP-042");
    esv_report_free(r);
    r = vjson(ctx, trust, NULL, "{\"pendingNotification\":17}");
    expect_fail(r, "RSP-042");
    esv_report_free(r);
    r = vjson(ctx, trust, NULL, "[1,2]");
    expect_fail(r, "RSP-042");
    esv_report_free(r);
    r = vjson(ctx, trust, NULL, "{\"somethingElse\":1}");
    expect_fail(r, "RSP-043");
    esv_report_free(r);
    r = vjson(ctx, trust, NULL,
              "{\"header\":{\"functionExecutionStatus\":{\"status\":\"Failed\",\"statusCodeData\":"
              "{\"subjectCode\":\"8.1.1\",\"reasonCode\":\"3.8\",\"message\":\"EID doesn't match\"}}}}");
    assert_int_equal(count(r, "RSP-041"), 1);
    assert_non_null(strstr(esv_finding_message(esv_report_find(r, "RSP-041")), "subjectCode 8.1.1, reasonCode 3.8"));
    assert_int_equal(count(r, "RSP-043"), 0);
    esv_report_free(r);

    esv_rsp_session_free(s);
    esv_trust_free(trust);
    esv_ctx_free(ctx);
    rb_session_free(b);
    free(body);
}

/* ------------------------------------------------------------------ HAR */

static json_t *b64_json(const uint8_t *d, size_t n)
{
    unsigned char *b = malloc(4 * n / 3 + 8);
    size_t ol = 0;
    json_t *v;
    assert_non_null(b);
    assert_int_equal(mbedtls_base64_encode(b, 4 * n / 3 + 8, &ol, d, n), 0);
    v = json_stringn((const char *)b, ol);
    free(b);
    return v;
}

static json_t *hex_json(const uint8_t *d, size_t n)
{
    char h[65];
    assert_true(n <= 32);
    for (size_t i = 0; i < n; i++)
        snprintf(h + 2 * i, 3, "%02X", d[i]);
    return json_stringn(h, 2 * n);
}

/* One HAR entry: POST url with the request body; the response body as
 * text, or base64 content when b64 is set. */
static json_t *har_entry(const char *function, json_t *req, json_t *resp, int b64)
{
    char url[128], *rq = json_dumps(req, JSON_COMPACT), *rs = resp ? json_dumps(resp, JSON_COMPACT) : NULL;
    json_t *content;
    snprintf(url, sizeof(url), "https://smdp.example.com/gsma/rsp2/es9plus/%s", function);
    if (rs == NULL)
        content = json_pack("{s:i,s:s}", "size", 0, "mimeType", "application/json");
    else if (b64)
        content = json_pack("{s:o,s:s,s:s}", "text", b64_json((const uint8_t *)rs, strlen(rs)), "encoding", "base64",
                            "mimeType", "application/json");
    else
        content = json_pack("{s:s,s:s}", "text", rs, "mimeType", "application/json");
    json_t *e = json_pack("{s:{s:s,s:s,s:{s:s,s:s}},s:{s:i,s:o}}", "request", "method", "POST", "url", url,
                          "postData", "mimeType", "application/json", "text", rq, "response", "status",
                          rs ? 200 : 204, "content", content);
    assert_non_null(e);
    free(rq);
    free(rs);
    json_decref(req);
    json_decref(resp);
    return e;
}

typedef struct har_seen {
    char names[16][96];
    esv_verdict verdict[16];
    char ids[16][160];
    int n;
} har_seen;

static int har_collect(void *opaque, const char *name, const esv_report *r)
{
    har_seen *h = opaque;
    if (h->n >= 16)
        return 1;
    snprintf(h->names[h->n], sizeof(h->names[0]), "%s", name);
    h->verdict[h->n] = esv_report_verdict(r);
    h->ids[h->n][0] = '\0';
    for (size_t i = 0; i < esv_report_finding_count(r); i++) {
        const esv_finding *f = esv_report_finding(r, i);
        if (esv_finding_severity(f) == ESV_SEV_INFO)
            continue;
        snprintf(h->ids[h->n] + strlen(h->ids[h->n]), sizeof(h->ids[0]) - strlen(h->ids[h->n]), "%s%s",
                 h->ids[h->n][0] ? " " : "", esv_finding_rule_id(f));
    }
    h->n++;
    return 0;
}

/* The recorded session as a HAR made here (the evidence): every
 * ES9+ exchange through the JSON binding, in order, one session; an
 * entry of another URL skipped. Per body, the same verdicts as the DER
 * files give (RSP-031: the recorded eUICC lists no CI; DER-002: its UPP
 * is not a profile package; RSP-025: the notification's smdpOid). */
static void test_recorded_session_as_har(void **state)
{
    env e;
    json_t *har, *entries;
    char *text;
    uint8_t *info1, *bpp, *otsk;
    size_t il, bl, ol;
    const uint8_t *p[6], *q[6];
    size_t pl[6], ql[6];
    har_seen seen;
    static const char *const want_names[] = {
        "entry 1 request initiateAuthentication", "entry 1 response initiateAuthentication",
        "entry 2 request authenticateClient",     "entry 2 response authenticateClient",
        "entry 3 request getBoundProfilePackage", "entry 3 response getBoundProfilePackage",
        "entry 4 request handleNotification"};
    static const char *const want_ids[] = {"RSP-031", "", "RSP-031", "", "", "DER-002", "RSP-025"};
    (void)state;
    if (!have_data)
        skip();
    info1 = rd("rsp/session/euicc-info1.der", &il);
    bpp = rd("rsp/session/bound-profile-package.der", &bl);
    otsk = rd("rsp/session/otsk-dp.bin", &ol);
    assert_non_null(info1);
    assert_non_null(bpp);
    assert_non_null(otsk);
    entries = json_array();
    json_array_append_new(entries, json_pack("{s:{s:s,s:s},s:{s:i}}", "request", "method", "GET", "url",
                                             "https://smdp.example.com/favicon.ico", "response", "status", 404));
    assert_int_equal(parts_of(M.init, M.init_len, p, pl, 6), 5);
    json_array_append_new(
        entries,
        har_entry("initiateAuthentication",
                  json_pack("{s:s,s:o,s:o}", "smdpAddress", "smdp.example.com", "euiccChallenge",
                            b64_json(M.euicc_ch, M.euicc_ch_len), "euiccInfo1", b64_json(info1, il)),
                  json_pack("{s:{s:{s:s}},s:o,s:o,s:o,s:o,s:o}", "header", "functionExecutionStatus", "status",
                            "Executed-Success", "transactionId", hex_json(M.tid, M.tid_len), "serverSigned1",
                            b64_json(p[1], pl[1]), "serverSignature1", b64_json(p[2], pl[2]), "euiccCiPKIdToBeUsed",
                            b64_json(p[3], pl[3]), "serverCertificate", b64_json(p[4], pl[4])),
                  0));
    assert_int_equal(parts_of(M.acr, M.acr_len, p, pl, 1), 1);
    assert_int_equal(parts_of(p[0], pl[0], q, ql, 6), 5);
    json_array_append_new(
        entries, har_entry("authenticateClient",
                           json_pack("{s:o,s:o}", "transactionId", hex_json(M.tid, M.tid_len),
                                     "authenticateServerResponse", b64_json(M.asr, M.asr_len)),
                           json_pack("{s:o,s:o,s:o,s:o,s:o}", "transactionId", hex_json(M.tid, M.tid_len),
                                     "profileMetadata", b64_json(q[1], ql[1]), "smdpSigned2", b64_json(q[2], ql[2]),
                                     "smdpSignature2", b64_json(q[3], ql[3]), "smdpCertificate",
                                     b64_json(q[4], ql[4])),
                           1));
    json_array_append_new(
        entries, har_entry("getBoundProfilePackage",
                           json_pack("{s:o,s:o}", "transactionId", hex_json(M.tid, M.tid_len),
                                     "prepareDownloadResponse", b64_json(M.pdr, M.pdr_len)),
                           json_pack("{s:o,s:o}", "transactionId", hex_json(M.tid, M.tid_len),
                                     "boundProfilePackage", b64_json(bpp, bl)),
                           0));
    json_array_append_new(entries, har_entry("handleNotification",
                                             json_pack("{s:o}", "pendingNotification", b64_json(M.pir, M.pir_len)),
                                             NULL, 0));
    har = json_pack("{s:{s:s,s:o}}", "log", "version", "1.2", "entries", entries);
    text = json_dumps(har, JSON_COMPACT);
    assert_non_null(text);

    env_open(&e, 0, 0);
    assert_int_equal(esv_rsp_session_set(e.s, ESV_RSP_OTSK_DP, otsk, ol), ESV_OK);
    memset(&seen, 0, sizeof(seen));
    assert_int_equal(esv_rsp_verify_har(e.ctx, e.trust, e.s, (const uint8_t *)text, strlen(text), har_collect, &seen),
                     ESV_OK);
    assert_int_equal(seen.n, 7);
    for (int i = 0; i < 7; i++) {
        if (strcmp(seen.names[i], want_names[i]) != 0 || strcmp(seen.ids[i], want_ids[i]) != 0)
            fail_msg("report %d: '%s' with '%s'; expected '%s' with '%s'", i, seen.names[i], seen.ids[i],
                     want_names[i], want_ids[i]);
    }
    env_close(&e);

    /* not a HAR; no ES9+ exchange */
    env_open(&e, 0, 0);
    memset(&seen, 0, sizeof(seen));
    assert_int_equal(esv_rsp_verify_har(e.ctx, e.trust, NULL, (const uint8_t *)"[]", 2, har_collect, &seen), ESV_OK);
    assert_int_equal(seen.n, 1);
    assert_string_equal(seen.ids[0], "RSP-042");
    memset(&seen, 0, sizeof(seen));
    {
        static const char empty[] = "{\"log\":{\"entries\":[]}}";
        assert_int_equal(esv_rsp_verify_har(e.ctx, e.trust, NULL, (const uint8_t *)empty, strlen(empty), har_collect,
                                            &seen),
                         ESV_OK);
    }
    assert_string_equal(seen.ids[0], "RSP-043");
    env_close(&e);
    free(text);
    json_decref(har);
    free(info1);
    free(bpp);
    free(otsk);
}

/* Profile Policy Rules the eUICC forbids (RSP-046): built with the
 * eUICC forbidding ppr1 (0x40) and the metadata setting ppr1, or ppr2
 * (0x20), which it allows. Both sessions are signed whole. */
static void test_forbidden_pprs(void **state)
{
    for (int allowed = 0; allowed < 2; allowed++) {
        rb_options o = {0x40, allowed ? 0x20 : 0x40};
        rb_session *b = rb_session_build_ex(PB_P256, &o);
        esv_ctx *ctx;
        esv_rsp_session *s;
        esv_report *r = NULL;
        (void)state;
        assert_non_null(b);
        assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
        assert_int_equal(esv_rsp_session_new(&s), ESV_OK);
        for (int i = 0; i < RB_AUTH_CLIENT; i++) {
            assert_int_equal(esv_rsp_verify(ctx, NULL, s, b->msg[i], b->len[i], &r), ESV_OK);
            assert_int_equal(esv_report_count_severity(r, ESV_SEV_ERROR), 0);
            esv_report_free(r);
        }
        assert_int_equal(esv_rsp_verify(ctx, NULL, s, b->msg[RB_AUTH_CLIENT], b->len[RB_AUTH_CLIENT], &r), ESV_OK);
        if (allowed) {
            assert_int_equal(count(r, "RSP-046"), 0);
            assert_int_equal(esv_report_count_severity(r, ESV_SEV_ERROR), 0);
        } else {
            expect_fail(r, "RSP-046");
            assert_non_null(strstr(esv_finding_message(esv_report_find(r, "RSP-046")), "ppr1"));
        }
        esv_report_free(r);
        esv_rsp_session_free(s);
        esv_ctx_free(ctx);
        rb_session_free(b);
    }
}

static void test_session_api(void **state)
{
    esv_rsp_session *s;
    const uint8_t *v;
    size_t n;
    uint8_t b[17] = {0};
    (void)state;
    assert_int_equal(esv_rsp_session_new(NULL), ESV_E_ARG);
    assert_int_equal(esv_rsp_session_new(&s), ESV_OK);
    assert_int_equal(esv_rsp_session_set(s, ESV_RSP_TRANSACTION_ID, b, 17), ESV_E_ARG);
    assert_int_equal(esv_rsp_session_set(s, ESV_RSP_EUICC_CHALLENGE, b, 15), ESV_E_ARG);
    assert_int_equal(esv_rsp_session_set(s, (esv_rsp_value)99, b, 1), ESV_E_ARG);
    assert_int_equal(esv_rsp_session_set(s, ESV_RSP_TRANSACTION_ID, b, 16), ESV_OK);
    assert_int_equal(esv_rsp_session_get(s, ESV_RSP_TRANSACTION_ID, &v, &n), ESV_OK);
    assert_int_equal(n, 16);
    assert_int_equal(esv_rsp_session_set(s, ESV_RSP_TRANSACTION_ID, NULL, 0), ESV_OK);
    assert_int_equal(esv_rsp_session_get(s, ESV_RSP_TRANSACTION_ID, &v, &n), ESV_OK);
    assert_null(v);
    assert_int_equal(n, 0);
    esv_rsp_session_free(s);
    esv_rsp_session_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_session_end_to_end), cmocka_unit_test(test_not_performed),
        cmocka_unit_test(test_signed_parts_tampered), cmocka_unit_test(test_session_mismatch),
        cmocka_unit_test(test_foreign_ci),        cmocka_unit_test(test_unsigned_fields),
        cmocka_unit_test(test_wrong_certificate_role), cmocka_unit_test(test_metadata),
        cmocka_unit_test(test_errors_and_unknown), cmocka_unit_test(test_signature_length),
        cmocka_unit_test(test_confirmation_code), cmocka_unit_test(test_bad_otpk),
        cmocka_unit_test(test_synthetic_session_nist), cmocka_unit_test(test_synthetic_session_brainpool),
        cmocka_unit_test(test_bit_string_encodings), cmocka_unit_test(test_recorded_bpp),
        cmocka_unit_test(test_bpp_profile_and_metadata), cmocka_unit_test(test_status_codes),
        cmocka_unit_test(test_euicc_info_and_cis), cmocka_unit_test(test_two_smdp_oids),
        cmocka_unit_test(test_cc_and_bpp_otpk), cmocka_unit_test(test_notifications_and_cancel),
        cmocka_unit_test(test_hashcc_and_shape), cmocka_unit_test(test_json_binding),
        cmocka_unit_test(test_recorded_session_as_har), cmocka_unit_test(test_forbidden_pprs),
        cmocka_unit_test(test_session_api),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
