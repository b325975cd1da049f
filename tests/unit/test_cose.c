/*
 * test_cose.c - signed verdicts (esv/verdict.h): a report written as a
 * COSE_Sign1 (RFC 9052) verifies with the signer's public key and gives
 * back the report's verdict and counts; every changed byte, every cut,
 * another key, another algorithm, critical headers, a wrong signature
 * length and hostile CBOR (deep nesting, huge counts) are refused with
 * the reason. Keys are made at run time by the PKI builder.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "esv/esv.h"
#include "pki_builder.h"
#include "testutil.h"

typedef struct sink {
    uint8_t *data;
    size_t len;
} sink;

static int to_sink(void *opaque, const void *data, size_t len)
{
    sink *s = opaque;
    uint8_t *n = realloc(s->data, s->len + len + 1);
    if (n == NULL)
        return -1;
    memcpy(n + s->len, data, len);
    s->data = n;
    s->len += len;
    return 0;
}

/* A sample profile's report (production, a fixed time). */
static esv_report *profile_report(const char *path)
{
    esv_ctx *ctx;
    esv_report *r = NULL;
    size_t len;
    uint8_t *data = tu_read_file(path, &len);
    assert_non_null(data);
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    assert_int_equal(esv_ctx_set_time(ctx, INT64_C(1798761600)), ESV_OK);
    assert_int_equal(esv_profile_verify(ctx, data, len, &r), ESV_OK);
    esv_ctx_free(ctx);
    free(data);
    return r;
}

/* The failing one: 14 findings. */
static esv_report *ram_report(void)
{
    return profile_report("examples/data/test-profile-ram.der");
}

typedef struct keys {
    pb_key *key, *other;
    esv_signer *signer;
    esv_verifier *verifier, *wrong;
} keys;

static void keys_make(keys *k)
{
    char *priv, *pub, *opub;
    memset(k, 0, sizeof(*k));
    k->key = pb_key_new(PB_P256, 1301);
    k->other = pb_key_new(PB_P256, 1302);
    assert_non_null(k->key);
    assert_non_null(k->other);
    priv = pb_key_private_pem(k->key);
    pub = pb_key_public_pem(k->key);
    opub = pb_key_public_pem(k->other);
    assert_non_null(priv);
    assert_non_null(pub);
    assert_non_null(opub);
    assert_non_null(strstr(priv, "BEGIN EC PRIVATE KEY"));
    /* not NUL-terminated as given: the length is the text's */
    assert_int_equal(esv_signer_new((const uint8_t *)priv, strlen(priv), &k->signer), ESV_OK);
    assert_int_equal(esv_verifier_new((const uint8_t *)pub, strlen(pub), &k->verifier), ESV_OK);
    assert_int_equal(esv_verifier_new((const uint8_t *)opub, strlen(opub), &k->wrong), ESV_OK);
    free(priv);
    free(pub);
    free(opub);
}

static void keys_free(keys *k)
{
    esv_signer_free(k->signer);
    esv_verifier_free(k->verifier);
    esv_verifier_free(k->wrong);
    pb_key_free(k->key);
    pb_key_free(k->other);
}

/* What esv_verdict_verify says of data[0..len) with v. */
static esv_signature_check check_of(const esv_verifier *v, const uint8_t *data, size_t len, size_t *used)
{
    esv_signed_verdict *sv = NULL;
    size_t u = 0;
    esv_signature_check c;
    assert_int_equal(esv_verdict_verify(v, data, len, &u, &sv), ESV_OK);
    assert_non_null(sv);
    assert_true(u > 0 && u <= len);
    c = esv_signed_verdict_check(sv);
    if (c != ESV_SIGNATURE_VALID) {
        /* nothing of an unverified payload is handed out */
        size_t plen = 1;
        assert_null(esv_signed_verdict_payload(sv, &plen));
        assert_int_equal(plen, 0);
        assert_null(esv_signed_verdict_field(sv, "kind"));
        assert_int_equal(esv_signed_verdict_verdict(sv), ESV_VERDICT_FAIL);
        assert_int_equal(esv_signed_verdict_count(sv, ESV_SEV_ERROR), 0);
    }
    esv_signed_verdict_free(sv);
    if (used)
        *used = u;
    return c;
}

static void test_sign_and_verify(void **state)
{
    keys k;
    esv_report *r = ram_report();
    sink signed_out = {NULL, 0}, plain = {NULL, 0};
    esv_signed_verdict *sv = NULL;
    size_t used = 0, plen = 0;
    const uint8_t *payload;
    static const uint8_t head[] = {0xd2, 0x84, 0x43, 0xa1, 0x01, 0x26, 0xa1, 0x04, 0x48};
    (void)state;
    keys_make(&k);
    assert_int_equal(esv_report_write_signed(r, k.signer, "ram.der", to_sink, &signed_out), ESV_OK);
    assert_int_equal(esv_report_write(r, ESV_FORMAT_CBOR, "ram.der", to_sink, &plain), ESV_OK);
    /* #6.18([h'A10126', {4: h'<8 bytes>'}, payload, signature]) */
    assert_true(signed_out.len > sizeof(head) + 8 + plain.len + 64);
    assert_memory_equal(signed_out.data, head, sizeof(head));
    /* the signature is the last 64 bytes, after its head 58 40 */
    assert_int_equal(signed_out.data[signed_out.len - 66], 0x58);
    assert_int_equal(signed_out.data[signed_out.len - 65], 0x40);

    assert_int_equal(esv_verdict_verify(k.verifier, signed_out.data, signed_out.len, &used, &sv), ESV_OK);
    assert_int_equal(used, signed_out.len);
    assert_int_equal(esv_signed_verdict_check(sv), ESV_SIGNATURE_VALID);
    assert_string_equal(esv_signature_check_str(ESV_SIGNATURE_VALID), "valid");
    assert_int_equal(esv_signed_verdict_verdict(sv), ESV_VERDICT_FAIL);
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_FAIL);
    assert_string_equal(esv_signed_verdict_field(sv, "input"), "ram.der");
    assert_string_equal(esv_signed_verdict_field(sv, "kind"), "profile");
    assert_string_equal(esv_signed_verdict_field(sv, "policy"), "production");
    assert_string_equal(esv_signed_verdict_field(sv, "status"), "ok");
    assert_string_equal(esv_signed_verdict_field(sv, "time"), "2027-01-01T00:00:00Z");
    assert_null(esv_signed_verdict_field(sv, "nonsense"));
    for (int sev = ESV_SEV_INFO; sev <= ESV_SEV_ERROR; sev++)
        assert_int_equal(esv_signed_verdict_count(sv, (esv_severity)sev),
                         esv_report_count_severity(r, (esv_severity)sev));
    assert_true(esv_signed_verdict_count(sv, ESV_SEV_ERROR) >= 10);
    assert_int_equal(esv_signed_verdict_dropped(sv), 0);
    /* the payload is the report's CBOR, byte for byte */
    payload = esv_signed_verdict_payload(sv, &plen);
    assert_int_equal(plen, plain.len);
    assert_memory_equal(payload, plain.data, plain.len);
    esv_signed_verdict_free(sv);

    /* another key: well-formed, does not verify */
    assert_int_equal(check_of(k.wrong, signed_out.data, signed_out.len, NULL), ESV_SIGNATURE_BAD);
    /* untagged COSE_Sign1 (RFC 9052 2: the application knows the type) */
    assert_int_equal(check_of(k.verifier, signed_out.data + 1, signed_out.len - 1, NULL), ESV_SIGNATURE_VALID);

    free(signed_out.data);
    free(plain.data);
    esv_report_free(r);
    keys_free(&k);
}

/* Every single changed byte is refused, and every cut is "truncated"
 * (the passing sample's report: a few hundred bytes, each a signature
 * verification). */
static void test_every_byte_and_cut(void **state)
{
    keys k;
    esv_report *r = profile_report("examples/data/sample-profile.der");
    sink s = {NULL, 0};
    size_t i, counts[6] = {0};
    (void)state;
    keys_make(&k);
    assert_int_equal(esv_report_write_signed(r, k.signer, NULL, to_sink, &s), ESV_OK);
    for (i = 0; i < s.len; i++) {
        esv_signature_check c;
        /* bytes 6..16, the unprotected header {4: kid}, are not signed
         * (RFC 9052 3): a hint that may change without the signature */
        if (i >= 6 && i < 17) {
            s.data[i] ^= 0x01;
            c = check_of(k.verifier, s.data, s.len, NULL);
            s.data[i] ^= 0x01;
            assert_true(c == ESV_SIGNATURE_VALID || c == ESV_SIGNATURE_MALFORMED ||
                        c == ESV_SIGNATURE_TRUNCATED);
            continue;
        }
        s.data[i] ^= 0x01;
        c = check_of(k.verifier, s.data, s.len, NULL);
        s.data[i] ^= 0x01;
        if (c == ESV_SIGNATURE_VALID)
            fail_msg("byte %zu changed, still valid", i);
        counts[c]++;
    }
    /* payload and signature bytes: the signature does not verify */
    assert_true(counts[ESV_SIGNATURE_BAD] > s.len / 2);
    /* the alg value -7 (0x26) changed to -8 (0x27): another algorithm */
    assert_true(counts[ESV_SIGNATURE_BAD_ALG] >= 1);
    for (i = 1; i < s.len; i++)
        if (check_of(k.verifier, s.data, i, NULL) != ESV_SIGNATURE_TRUNCATED)
            fail_msg("cut at %zu: not reported truncated", i);
    free(s.data);
    esv_report_free(r);
    keys_free(&k);
}

/* Items one after another: each found, each with its own verdict. */
static void test_concatenated(void **state)
{
    keys k;
    esv_report *r = ram_report();
    sink s = {NULL, 0};
    size_t first, used;
    (void)state;
    keys_make(&k);
    assert_int_equal(esv_report_write_signed(r, k.signer, "a", to_sink, &s), ESV_OK);
    first = s.len;
    assert_int_equal(esv_report_write_signed(r, k.signer, "b", to_sink, &s), ESV_OK);
    assert_int_equal(check_of(k.verifier, s.data, s.len, &used), ESV_SIGNATURE_VALID);
    assert_int_equal(used, first);
    assert_int_equal(check_of(k.verifier, s.data + first, s.len - first, &used), ESV_SIGNATURE_VALID);
    assert_int_equal(used, s.len - first);
    free(s.data);
    esv_report_free(r);
    keys_free(&k);
}

/* arr, then siglen bytes of junk as the signature: checked as want. */
static void with_sig(const esv_verifier *v, const uint8_t *arr, size_t n, size_t siglen, const uint8_t *junk,
                     esv_signature_check want)
{
    uint8_t *b = malloc(n + siglen);
    assert_non_null(b);
    memcpy(b, arr, n);
    memcpy(b + n, junk, siglen);
    assert_int_equal(check_of(v, b, n + siglen, NULL), want);
    free(b);
}

/* Hand-made items around a valid signature's parts. */
static void test_structure(void **state)
{
    keys k;
    uint8_t junk[64];
    size_t n;
    /* protected {1: -8} (EdDSA), empty unprotected, payload h'A0', sig 64 */
    static const uint8_t eddsa[] = {0xd2, 0x84, 0x43, 0xa1, 0x01, 0x27, 0xa0, 0x41, 0xa0, 0x58, 0x40};
    /* protected {1: -7, 2: [1]}: a critical header */
    static const uint8_t crit[] = {0xd2, 0x84, 0x46, 0xa2, 0x01, 0x26, 0x02, 0x81, 0x01, 0xa0, 0x41, 0xa0, 0x58, 0x40};
    /* protected h'' (no alg) */
    static const uint8_t noalg[] = {0xd2, 0x84, 0x40, 0xa0, 0x41, 0xa0, 0x58, 0x40};
    /* protected with the alg label twice */
    static const uint8_t twice[] = {0xd2, 0x84, 0x45, 0xa2, 0x01, 0x26, 0x01, 0x26, 0xa0, 0x41, 0xa0, 0x58, 0x40};
    /* a 63-byte signature */
    static const uint8_t short_sig[] = {0xd2, 0x84, 0x43, 0xa1, 0x01, 0x26, 0xa0, 0x41, 0xa0, 0x58, 0x3f};
    /* tag 98 (COSE_Sign), an array of 3, a map, a detached (nil) payload */
    static const uint8_t sign_tag[] = {0xd8, 0x62, 0x84, 0x40, 0xa0, 0x41, 0xa0, 0x41, 0x00};
    static const uint8_t three[] = {0xd2, 0x83, 0x43, 0xa1, 0x01, 0x26, 0xa0, 0x41, 0xa0};
    static const uint8_t amap[] = {0xa1, 0x01, 0x02};
    static const uint8_t detached[] = {0xd2, 0x84, 0x43, 0xa1, 0x01, 0x26, 0xa0, 0xf6, 0x58, 0x40};
    /* an unprotected map claiming 2^32 pairs in a few bytes */
    static const uint8_t huge[] = {0xd2, 0x84, 0x43, 0xa1, 0x01, 0x26, 0xbb, 0, 0, 0, 1, 0, 0, 0, 0, 0x01};
    /* indefinite-length array */
    static const uint8_t indef[] = {0xd2, 0x9f, 0xff};
    (void)state;
    keys_make(&k);
    memset(junk, 0x11, sizeof(junk));
#define WITH_SIG(arr, want) with_sig(k.verifier, arr, sizeof(arr), arr[sizeof(arr) - 1] & 0x7f, junk, want)
    WITH_SIG(eddsa, ESV_SIGNATURE_BAD_ALG);
    WITH_SIG(crit, ESV_SIGNATURE_BAD_ALG);
    WITH_SIG(noalg, ESV_SIGNATURE_BAD_ALG);
    WITH_SIG(twice, ESV_SIGNATURE_MALFORMED);
    WITH_SIG(short_sig, ESV_SIGNATURE_MALFORMED);
    /* well-formed ES256 item whose signature is junk */
    {
        static const uint8_t es256[] = {0xd2, 0x84, 0x43, 0xa1, 0x01, 0x26, 0xa0, 0x41, 0xa0, 0x58, 0x40};
        WITH_SIG(es256, ESV_SIGNATURE_BAD);
    }
    WITH_SIG(detached, ESV_SIGNATURE_MALFORMED);
#undef WITH_SIG
    assert_int_equal(check_of(k.verifier, sign_tag, sizeof(sign_tag), NULL), ESV_SIGNATURE_MALFORMED);
    assert_int_equal(check_of(k.verifier, three, sizeof(three), NULL), ESV_SIGNATURE_MALFORMED);
    assert_int_equal(check_of(k.verifier, amap, sizeof(amap), NULL), ESV_SIGNATURE_MALFORMED);
    assert_int_equal(check_of(k.verifier, huge, sizeof(huge), NULL), ESV_SIGNATURE_TRUNCATED);
    assert_int_equal(check_of(k.verifier, indef, sizeof(indef), NULL), ESV_SIGNATURE_MALFORMED);
    /* 40 nested arrays in the unprotected header: deeper than esv reads */
    {
        uint8_t deep[6 + 41 + 8];
        size_t d = 0, i;
        static const uint8_t pre[] = {0xd2, 0x84, 0x43, 0xa1, 0x01, 0x26};
        memcpy(deep, pre, sizeof(pre));
        d = sizeof(pre);
        deep[d++] = 0xa1; /* {0: [[[...]]]} */
        deep[d++] = 0x00;
        for (i = 0; i < 40; i++)
            deep[d++] = 0x81;
        deep[d++] = 0x00;
        deep[d++] = 0x41;
        deep[d++] = 0xa0;
        assert_int_equal(check_of(k.verifier, deep, d, NULL), ESV_SIGNATURE_MALFORMED);
    }
    assert_int_equal(esv_verdict_verify(k.verifier, junk, 0, &n, NULL), ESV_E_ARG);
    {
        esv_signed_verdict *sv = (esv_signed_verdict *)junk;
        assert_int_equal(esv_verdict_verify(k.verifier, junk, 0, &n, &sv), ESV_E_ARG);
        assert_null(sv);
        assert_int_equal(esv_verdict_verify(NULL, junk, 1, &n, &sv), ESV_E_ARG);
    }
    keys_free(&k);
}

static void test_keys(void **state)
{
    pb_key *bp = pb_key_new(PB_BP256, 1303), *p = pb_key_new(PB_P256, 1304);
    char *bp_priv = pb_key_private_pem(bp), *bp_pub = pb_key_public_pem(bp);
    char *priv = pb_key_private_pem(p), *pub = pb_key_public_pem(p);
    esv_signer *s = (esv_signer *)bp;
    esv_verifier *v = (esv_verifier *)bp;
    static const char garbage[] = "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n";
    (void)state;
    assert_non_null(bp_priv);
    assert_non_null(pub);
    /* brainpoolP256r1 is not ES256 */
    assert_int_equal(esv_signer_new((const uint8_t *)bp_priv, strlen(bp_priv), &s), ESV_E_UNSUPPORTED);
    assert_null(s);
    assert_int_equal(esv_verifier_new((const uint8_t *)bp_pub, strlen(bp_pub), &v), ESV_E_UNSUPPORTED);
    assert_null(v);
    /* a public key is no signer, a private key no verifier */
    assert_int_equal(esv_signer_new((const uint8_t *)pub, strlen(pub), &s), ESV_E_PARSE);
    assert_int_equal(esv_verifier_new((const uint8_t *)priv, strlen(priv), &v), ESV_E_PARSE);
    /* not PEM, bad base64, a NUL inside, a cut key */
    assert_int_equal(esv_signer_new((const uint8_t *)"hello", 5, &s), ESV_E_PARSE);
    assert_int_equal(esv_signer_new((const uint8_t *)garbage, sizeof(garbage) - 1, &s), ESV_E_PARSE);
    assert_int_equal(esv_signer_new((const uint8_t *)priv, strlen(priv) + 1, &s), ESV_E_PARSE);
    assert_int_equal(esv_signer_new((const uint8_t *)priv, strlen(priv) / 2, &s), ESV_E_PARSE);
    assert_int_equal(esv_signer_new(NULL, 0, &s), ESV_E_ARG);
    assert_int_equal(esv_signer_new((const uint8_t *)priv, strlen(priv), NULL), ESV_E_ARG);
    assert_string_equal(esv_status_str(ESV_E_UNSUPPORTED), "unsupported");
    /* text around the key (EC PARAMETERS, comments) is skipped */
    {
        const char *pre = "comment line\n-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n";
        size_t n = strlen(pre) + strlen(priv);
        char *both = malloc(n + 1);
        assert_non_null(both);
        strcpy(both, pre);
        strcat(both, priv);
        assert_int_equal(esv_signer_new((const uint8_t *)both, n, &s), ESV_OK);
        esv_signer_free(s);
        free(both);
    }
    free(bp_priv), free(bp_pub), free(priv), free(pub);
    pb_key_free(bp);
    pb_key_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sign_and_verify), cmocka_unit_test(test_every_byte_and_cut),
        cmocka_unit_test(test_concatenated),    cmocka_unit_test(test_structure),
        cmocka_unit_test(test_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
