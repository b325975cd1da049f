/*
 * test_crypto_vectors.c - what the crypto backend decides, written down so
 * that two builds can be compared (make check-backends).
 *
 * Runs, through the backend of this build:
 *   - every primitive of crypto.h on edge cases: ECDSA (raw and DER) over
 *     the cross product of key encodings and signature encodings on each
 *     curve, the public key check, ECDH with scalars and peers in and out
 *     of range, the X9.63 KDF, AES-CBC/ECB, AES-CMAC over gather lists,
 *     SHA-256 in one go and in pieces;
 *   - certificate verification of builder chains with every defect the
 *     PKI builder makes, and of every certificate and chain in
 *     examples/data/pki and ../shared/testdata/pki (SGP.26, production CIs);
 *   - the RSP session folders in examples/data/rsp and
 *     ../shared/testdata/rsp/session, as recorded and with one byte flipped
 *     in each message in turn.
 * and writes one line per result (return codes, outputs, every finding's
 * rule id, severity, location and message, each report's verdict) to
 * crypto-verdicts.txt in the build folder ($(B), the folder above this
 * binary's). The mbedTLS and OpenSSL builds must write the same file.
 * The few results that do not depend on the backend are also asserted
 * here, so that the test means something in one build too.
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <cbor.h>
#include <dirent.h>

#include "crypto/crypto.h"
#include "der/der.h"
#include "esv/esv.h"
#include "pki_builder.h"
#include "testutil.h"

static FILE *out;
static char out_path[4096];
static unsigned long lines;

static void line(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(out, fmt, ap);
    va_end(ap);
    fputc('\n', out);
    lines++;
}

static void hex(char *dst, const uint8_t *p, size_t n)
{
    static const char d[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        dst[2 * i] = d[p[i] >> 4];
        dst[2 * i + 1] = d[p[i] & 15];
    }
    dst[2 * n] = 0;
}

/* ------------------------------------------------------------ ECDSA */

/* Group orders, big-endian (SEC 2 2.4.2, RFC 5639 3.4), to make r, s and
 * scalars at and around n. */
static const uint8_t N_P256[32] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17, 0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51};
static const uint8_t N_BP256[32] = {
    0xA9, 0xFB, 0x57, 0xDB, 0xA1, 0xEE, 0xA9, 0xBC, 0x3E, 0x66, 0x0A, 0x90, 0x9D, 0x83, 0x8D, 0x71,
    0x8C, 0x39, 0x7A, 0xA3, 0xB5, 0x61, 0xA6, 0xF7, 0x90, 0x1E, 0x0E, 0x82, 0x97, 0x48, 0x56, 0xA7};
/* The field primes (the same sources), for coordinates at p. */
static const uint8_t P_P256[32] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
static const uint8_t P_BP256[32] = {
    0xA9, 0xFB, 0x57, 0xDB, 0xA1, 0xEE, 0xA9, 0xBC, 0x3E, 0x66, 0x0A, 0x90, 0x9D, 0x83, 0x8D, 0x72,
    0x6E, 0x3B, 0xF6, 0x23, 0xD5, 0x26, 0x20, 0x28, 0x20, 0x13, 0x48, 0x1D, 0x1F, 0x6E, 0x53, 0x77};

/* a = b + k (k small, may be negative), 32-byte big-endian, mod 2^256 */
static void add_small(uint8_t a[32], const uint8_t b[32], int k)
{
    int carry = k;
    for (int i = 31; i >= 0; i--) {
        int v = b[i] + carry;
        a[i] = (uint8_t)(v & 0xff);
        carry = v >> 8; /* arithmetic shift: -1 for a borrow */
    }
}

/* a = n - b (b < n) */
static void sub_from(uint8_t a[32], const uint8_t n[32], const uint8_t b[32])
{
    int borrow = 0;
    for (int i = 31; i >= 0; i--) {
        int v = n[i] - b[i] - borrow;
        borrow = v < 0;
        a[i] = (uint8_t)(v + (borrow ? 256 : 0));
    }
}

typedef struct blob {
    uint8_t b[80];
    size_t n;
    char name[40];
} blob;

static void der_sig(blob *b, const uint8_t r[32], const uint8_t s[32])
{
    b->n = der_write_ecdsa_sig(b->b, r, s);
}

/* The raw signature variants of (r, s); *nv gets their count. */
static void raw_variants(blob *v, size_t *nv, const uint8_t sig[64], const uint8_t *n)
{
    size_t k = 0;
#define RAW(nm) (snprintf(v[k].name, sizeof(v[k].name), "%s", nm), v[k].n = 64, v[k].b)
    memcpy(RAW("valid"), sig, 64), k++;
    memcpy(RAW("s=n-s"), sig, 64), sub_from(v[k].b + 32, n, sig + 32), k++;
    memcpy(RAW("r=0"), sig, 64), memset(v[k].b, 0, 32), k++;
    memcpy(RAW("s=0"), sig, 64), memset(v[k].b + 32, 0, 32), k++;
    memcpy(RAW("r=n"), sig, 64), memcpy(v[k].b, n, 32), k++;
    memcpy(RAW("s=n"), sig, 64), memcpy(v[k].b + 32, n, 32), k++;
    memcpy(RAW("r=n-1"), sig, 64), add_small(v[k].b, n, -1), k++;
    memcpy(RAW("s=n+1"), sig, 64), add_small(v[k].b + 32, n, 1), k++;
    memcpy(RAW("r=1"), sig, 64), memset(v[k].b, 0, 31), v[k].b[31] = 1, k++;
    memcpy(RAW("r=ff..ff"), sig, 64), memset(v[k].b, 0xff, 32), k++;
    memcpy(RAW("bit flipped"), sig, 64), v[k].b[63] ^= 1, k++;
    memcpy(RAW("r and s swapped"), sig + 32, 32), memcpy(v[k].b + 32, sig, 32), k++;
#undef RAW
    *nv = k;
}

/* The DER signature variants of the valid (r, s). */
static void der_variants(blob *v, size_t *nv, const uint8_t sig[64], const uint8_t *n)
{
    size_t k = 0, i;
    uint8_t zero[32] = {0}, rr[32];
#define DER(nm) (snprintf(v[k].name, sizeof(v[k].name), "%s", nm), &v[k])
    der_sig(DER("valid"), sig, sig + 32), k++;
    {
        uint8_t s2[32];
        sub_from(s2, n, sig + 32);
        der_sig(DER("s=n-s"), sig, s2), k++;
    }
    der_sig(DER("r=0"), zero, sig + 32), k++;
    der_sig(DER("s=n"), sig, n), k++;
    add_small(rr, n, -1);
    der_sig(DER("r=n-1"), rr, sig + 32), k++;
    memset(rr, 0, 32), rr[31] = 1;
    der_sig(DER("r=1"), rr, sig + 32), k++;
    memset(rr, 0xff, 32);
    der_sig(DER("r=ff..ff"), rr, sig + 32), k++;
    /* r with its top byte 0x80: needs the 00 pad (33 bytes) */
    memcpy(rr, sig, 32), rr[0] |= 0x80;
    der_sig(DER("r 33 bytes"), rr, sig + 32), k++;
    /* 33 bytes whose first is 01, not the pad: r >= 2^256 (well-formed
     * DER, r out of range; found by this test: see crypto_openssl.c) */
    der_sig(DER("r 33 bytes, first 01"), rr, sig + 32), v[k].b[4] = 0x01, k++;
    der_sig(DER("s 33 bytes, first 01"), sig, rr), v[k].b[v[k].n - 33] = 0x01, k++;
    /* the same without the pad: a negative INTEGER */
    der_sig(DER("r negative"), rr, sig + 32);
    memmove(v[k].b + 4, v[k].b + 5, v[k].n - 5), v[k].b[3] = 32, v[k].n--, v[k].b[1]--, k++;
    /* a non-minimal r: a 00 before a byte under 0x80 */
    memcpy(rr, sig, 32), rr[0] &= 0x7f;
    der_sig(DER("r not minimal"), rr, sig + 32);
    memmove(v[k].b + 5, v[k].b + 4, v[k].n - 4), v[k].b[4] = 0, v[k].b[3]++, v[k].b[1]++, v[k].n++, k++;
    /* r = 0 as 02 01 00 and as 02 02 00 00 */
    der_sig(DER("r zero, two bytes"), zero, sig + 32);
    memmove(v[k].b + 5, v[k].b + 4, v[k].n - 4), v[k].b[4] = 0, v[k].b[3]++, v[k].b[1]++, v[k].n++, k++;
    der_sig(DER("trailing byte"), sig, sig + 32), v[k].b[v[k].n++] = 0, k++;
    der_sig(DER("trailing byte in seq"), sig, sig + 32), v[k].b[v[k].n++] = 0, v[k].b[1]++, k++;
    der_sig(DER("outer length short"), sig, sig + 32), v[k].b[1]--, k++;
    der_sig(DER("truncated"), sig, sig + 32), v[k].n--, v[k].b[1]--, k++;
    der_sig(DER("long form length"), sig, sig + 32);
    memmove(v[k].b + 3, v[k].b + 2, v[k].n - 2), v[k].b[2] = v[k].b[1], v[k].b[1] = 0x81, v[k].n++, k++;
    der_sig(DER("SET not SEQUENCE"), sig, sig + 32), v[k].b[0] = 0x31, k++;
    der_sig(DER("BIT STRING for r"), sig, sig + 32), v[k].b[2] = 0x03, k++;
    der_sig(DER("s missing"), sig, sig + 32), v[k].n = 2 + 2 + v[k].b[3], v[k].b[1] = (uint8_t)(v[k].n - 2), k++;
    (void)DER("empty sequence"), v[k].b[0] = 0x30, v[k].b[1] = 0, v[k].n = 2, k++;
    (void)DER("r length 0"), memcpy(v[k].b, "\x30\x06\x02\x00\x02\x02\x01\x01", 8), v[k].n = 8, k++;
    (void)DER("raw given as DER"), memcpy(v[k].b, sig, 64), v[k].n = 64, k++;
    der_sig(DER("bit flipped"), sig, sig + 32), v[k].b[v[k].n - 1] ^= 1, k++;
    for (i = 0; i < k; i++)
        assert_true(v[i].n <= sizeof(v[i].b));
#undef DER
    *nv = k;
}

/* Public key encodings around pub (uncompressed). */
static void key_variants(blob *v, size_t *nv, const uint8_t pub[65], const uint8_t *p,
                         const uint8_t other_curve_pub[65])
{
    size_t k = 0;
#define KEY(nm, len) (snprintf(v[k].name, sizeof(v[k].name), "%s", nm), v[k].n = (len), v[k].b)
    memcpy(KEY("valid", 65), pub, 65), k++;
    memcpy(KEY("compressed", 33), pub, 33), v[k].b[0] = (uint8_t)(2 + (pub[64] & 1)), k++;
    memcpy(KEY("compressed, wrong parity", 33), pub, 33), v[k].b[0] = (uint8_t)(3 - (pub[64] & 1)), k++;
    memcpy(KEY("hybrid", 65), pub, 65), v[k].b[0] = (uint8_t)(6 + (pub[64] & 1)), k++;
    KEY("infinity", 1)[0] = 0, k++;
    memcpy(KEY("64 bytes", 64), pub, 64), k++;
    memcpy(KEY("66 bytes", 66), pub, 65), v[k].b[65] = 0, k++;
    memcpy(KEY("y flipped (off the curve)", 65), pub, 65), v[k].b[64] ^= 1, k++;
    memcpy(KEY("x = p", 65), pub, 65), memcpy(v[k].b + 1, p, 32), k++;
    memcpy(KEY("y = p", 65), pub, 65), memcpy(v[k].b + 33, p, 32), k++;
    memset(KEY("04 then zeros", 65), 0, 65), v[k].b[0] = 4, k++;
    memcpy(KEY("a point of the other curve", 65), other_curve_pub, 65), k++;
    KEY("empty", 0), k++;
#undef KEY
    *nv = k;
}

static const char *curve_name(esv_curve c)
{
    switch (c) {
    case ESV_CURVE_P256: return "P-256";
    case ESV_CURVE_BP256R1: return "brainpoolP256r1";
    case ESV_CURVE_FRP256V1: return "FRP256v1";
    default: return "none";
    }
}

static void ecdsa_curve(esv_curve curve, pb_curve pc, uint32_t seed)
{
    pb_key *k = pb_key_new(pc, seed), *o = pb_key_new(pc == PB_P256 ? PB_BP256 : PB_P256, seed + 1);
    const uint8_t *n = pc == PB_P256 ? N_P256 : N_BP256, *p = pc == PB_P256 ? P_P256 : P_BP256;
    static const char msg[] = "esv: both crypto backends decide alike";
    uint8_t pub[65], opub[65], digest[32], sig[64];
    blob keys[16], raws[16], ders[32];
    size_t nk, nr, nd, i, j;
    esv_curve curves[] = {curve, ESV_CURVE_FRP256V1, ESV_CURVE_NONE};
    esv_crypto_rc rc;
    esv_crypto_env *env = NULL;

    assert_non_null(k);
    assert_non_null(o);
    assert_int_equal(pb_key_public(k, pub), 0);
    assert_int_equal(pb_key_public(o, opub), 0);
    assert_int_equal(pb_key_sign_raw(k, (const uint8_t *)msg, sizeof(msg) - 1, sig), 0);
    assert_int_equal(esv_sha256((const uint8_t *)msg, sizeof(msg) - 1, digest), ESV_CRYPTO_OK);
    key_variants(keys, &nk, pub, p, opub);
    raw_variants(raws, &nr, sig, n);
    der_variants(ders, &nd, sig, n);
    /* What any backend must say, whatever else it says. */
    assert_int_equal(esv_ecdsa_verify_raw(curve, pub, 65, digest, raws[0].b, 64), ESV_CRYPTO_OK);
    assert_int_equal(esv_ecdsa_verify_raw(curve, pub, 65, digest, raws[1].b, 64), ESV_CRYPTO_OK);
    assert_int_equal(esv_ecdsa_verify_der(curve, pub, 65, digest, ders[0].b, ders[0].n), ESV_CRYPTO_OK);
    assert_int_equal(esv_ecdsa_verify_der(curve, pub, 65, digest, ders[1].b, ders[1].n), ESV_CRYPTO_OK);

    assert_int_equal(esv_crypto_env_new(&env), ESV_CRYPTO_OK);
    for (size_t c = 0; c < sizeof(curves) / sizeof(curves[0]); c++) {
        for (i = 0; i < nk; i++) {
            rc = esv_ec_pubkey_check(curves[c], keys[i].b, keys[i].n);
            line("pubkey_check %s key=%s: %d", curve_name(curves[c]), keys[i].name, (int)rc);
            if (c == 0 && i == 0)
                assert_int_equal(rc, ESV_CRYPTO_OK);
            /* Keys made once (with the backend's precomputed curves or
             * without) decide as the one-shot calls, in every build. */
            assert_int_equal(esv_ec_pubkey_check_env(env, curves[c], keys[i].b, keys[i].n), rc);
            assert_int_equal(esv_ec_pubkey_check_env(NULL, curves[c], keys[i].b, keys[i].n), rc);
            for (int with_env = 0; with_env < 2; with_env++) {
                esv_pubkey *key = NULL;
                assert_int_equal(esv_pubkey_new(with_env ? env : NULL, curves[c], keys[i].b,
                                                keys[i].n, &key),
                                 rc);
                assert_true((rc == ESV_CRYPTO_OK) == (key != NULL));
                for (j = 0; key != NULL && j < nd; j++)
                    assert_int_equal(esv_pubkey_verify_der(key, digest, ders[j].b, ders[j].n),
                                     esv_ecdsa_verify_der(curves[c], keys[i].b, keys[i].n, digest,
                                                          ders[j].b, ders[j].n));
                esv_pubkey_free(key);
            }
            for (j = 0; j < nr; j++)
                line("ecdsa_raw %s key=%s sig=%s: %d", curve_name(curves[c]), keys[i].name, raws[j].name,
                     (int)esv_ecdsa_verify_raw(curves[c], keys[i].b, keys[i].n, digest, raws[j].b, raws[j].n));
            line("ecdsa_raw %s key=%s sig=63 bytes: %d", curve_name(curves[c]), keys[i].name,
                 (int)esv_ecdsa_verify_raw(curves[c], keys[i].b, keys[i].n, digest, raws[0].b, 63));
            for (j = 0; j < nd; j++)
                line("ecdsa_der %s key=%s sig=%s: %d", curve_name(curves[c]), keys[i].name, ders[j].name,
                     (int)esv_ecdsa_verify_der(curves[c], keys[i].b, keys[i].n, digest, ders[j].b, ders[j].n));
        }
    }
    esv_crypto_env_free(env);
    pb_key_free(k);
    pb_key_free(o);
}

static void test_ecdsa(void **state)
{
    (void)state;
    ecdsa_curve(ESV_CURVE_P256, PB_P256, 12001);
    ecdsa_curve(ESV_CURVE_BP256R1, PB_BP256, 12101);
}

/* ------------------------------------------------------------- ECDH */

static void ecdh_curve(esv_curve curve, pb_curve pc, uint32_t seed)
{
    pb_key *k = pb_key_new(pc, seed), *o = pb_key_new(pc == PB_P256 ? PB_BP256 : PB_P256, seed + 1);
    const uint8_t *n = pc == PB_P256 ? N_P256 : N_BP256, *p = pc == PB_P256 ? P_P256 : P_BP256;
    uint8_t pub[65], opub[65], sec[32];
    char h[65];
    blob keys[16];
    size_t nk, i, j;
    struct {
        const char *name;
        uint8_t d[33];
        size_t len;
    } d[10];
    size_t nd = 0;

    assert_int_equal(pb_key_public(k, pub), 0);
    assert_int_equal(pb_key_public(o, opub), 0);
    key_variants(keys, &nk, pub, p, opub);
    assert_int_equal(esv_sha256((const uint8_t *)"ecdh scalar", 11, d[nd].d), ESV_CRYPTO_OK);
    d[nd].d[0] &= 0x7f, d[nd].len = 32, d[nd++].name = "valid";
    memset(d[nd].d, 0, 32), d[nd].len = 32, d[nd++].name = "0";
    memset(d[nd].d, 0, 32), d[nd].d[31] = 1, d[nd].len = 32, d[nd++].name = "1";
    add_small(d[nd].d, n, -1), d[nd].len = 32, d[nd++].name = "n-1";
    memcpy(d[nd].d, n, 32), d[nd].len = 32, d[nd++].name = "n";
    add_small(d[nd].d, n, 1), d[nd].len = 32, d[nd++].name = "n+1";
    memset(d[nd].d, 0xff, 32), d[nd].len = 32, d[nd++].name = "ff..ff";
    memcpy(d[nd].d, d[0].d, 31), d[nd].len = 31, d[nd++].name = "31 bytes";
    memset(d[nd].d, 0, 1), memcpy(d[nd].d + 1, d[0].d, 32), d[nd].len = 33, d[nd++].name = "33 bytes";

    for (i = 0; i < nd; i++) {
        for (j = 0; j < nk; j++) {
            esv_crypto_rc rc;
            memset(sec, 0xa5, sizeof(sec));
            rc = esv_ecdh_shared_secret(curve, d[i].d, d[i].len, keys[j].b, keys[j].n, sec);
            hex(h, sec, 32);
            line("ecdh %s d=%s peer=%s: %d %s", curve_name(curve), d[i].name, keys[j].name, (int)rc, h);
            if (i == 0 && j == 0)
                assert_int_equal(rc, ESV_CRYPTO_OK);
            if (rc != ESV_CRYPTO_OK)
                for (size_t b = 0; b < 32; b++)
                    assert_int_equal(sec[b], 0); /* zeroed on failure */
        }
    }
    line("ecdh %s NULL scalar: %d", curve_name(curve), (int)esv_ecdh_shared_secret(curve, NULL, 32, pub, 65, sec));
    line("ecdh FRP256v1: %d", (int)esv_ecdh_shared_secret(ESV_CURVE_FRP256V1, d[0].d, 32, pub, 65, sec));
    pb_key_free(k);
    pb_key_free(o);
}

static void test_ecdh(void **state)
{
    (void)state;
    ecdh_curve(ESV_CURVE_P256, PB_P256, 13001);
    ecdh_curve(ESV_CURVE_BP256R1, PB_BP256, 13101);
}

/* ------------------------------------------ KDF, AES, CMAC, SHA-256 */

static void test_symmetric(void **state)
{
    uint8_t z[40], info[70], buf[200], o2[200], key[16], iv[16];
    char h[401];
    size_t zl[] = {0, 1, 32, 40}, il[] = {0, 1, 37, 70}, ol[] = {0, 1, 16, 31, 32, 33, 64, 100, 200};
    (void)state;
    for (size_t i = 0; i < sizeof(z); i++)
        z[i] = (uint8_t)(i * 7 + 1);
    for (size_t i = 0; i < sizeof(info); i++)
        info[i] = (uint8_t)(i * 13 + 5);
    for (size_t i = 0; i < 16; i++)
        key[i] = (uint8_t)(0x40 + i), iv[i] = (uint8_t)(0xf0 - i);
    for (size_t a = 0; a < 4; a++)
        for (size_t b = 0; b < 4; b++)
            for (size_t c = 0; c < sizeof(ol) / sizeof(ol[0]); c++) {
                esv_crypto_rc rc;
                memset(buf, 0, sizeof(buf));
                rc = esv_x963_kdf_sha256(z, zl[a], info, il[b], buf, ol[c]);
                hex(h, buf, ol[c]);
                line("x963 z=%zu info=%zu out=%zu: %d %s", zl[a], il[b], ol[c], (int)rc, h);
            }
    for (size_t len = 0; len <= 64; len += 8) {
        esv_crypto_rc rc;
        for (size_t i = 0; i < len; i++)
            buf[i] = (uint8_t)(i ^ 0x3c);
        rc = esv_aes128_cbc_encrypt(key, iv, buf, len, o2);
        hex(h, o2, rc == ESV_CRYPTO_OK ? len : 0);
        line("cbc encrypt %zu: %d %s", len, (int)rc, h);
        if (rc == ESV_CRYPTO_OK) {
            uint8_t back[64];
            assert_int_equal(esv_aes128_cbc_decrypt(key, iv, o2, len, back), ESV_CRYPTO_OK);
            assert_memory_equal(back, buf, len);
            /* in place */
            assert_int_equal(esv_aes128_cbc_encrypt(key, iv, buf, len, buf), ESV_CRYPTO_OK);
            assert_memory_equal(buf, o2, len);
        }
        line("cbc decrypt %zu: %d", len, (int)esv_aes128_cbc_decrypt(key, iv, o2, len, buf));
    }
    assert_int_equal(esv_aes128_ecb_encrypt(key, iv, buf), ESV_CRYPTO_OK);
    hex(h, buf, 16);
    line("ecb: %s", h);
    {
        /* RFC 4493 example 2: the key 2b7e1516..., 16 bytes of message */
        size_t kl, ml, tl;
        uint8_t *k2 = tu_hex("2b7e151628aed2a6abf7158809cf4f3c", &kl);
        uint8_t *m2 = tu_hex("6bc1bee22e409f96e93d7e117393172a", &ml);
        uint8_t *t2 = tu_hex("070a16b46b4d4144f79bdd9dd04a287c", &tl);
        esv_crypto_part one = {m2, ml};
        uint8_t tag[16];
        assert_int_equal(esv_aes128_cmac(k2, &one, 1, tag), ESV_CRYPTO_OK);
        assert_memory_equal(tag, t2, 16);
        free(k2), free(m2), free(t2);
    }
    for (size_t len = 0; len <= 70; len += 5) {
        esv_crypto_part parts[4] = {{info, len / 3}, {NULL, 0}, {info + len / 3, len - len / 3}, {info, 0}};
        uint8_t tag[16], whole[16];
        esv_crypto_part all = {info, len};
        assert_int_equal(esv_aes128_cmac(key, parts, 4, tag), ESV_CRYPTO_OK);
        assert_int_equal(esv_aes128_cmac(key, &all, 1, whole), ESV_CRYPTO_OK);
        assert_memory_equal(tag, whole, 16);
        hex(h, tag, 16);
        line("cmac %zu: %s", len, h);
    }
    {
        uint8_t tag[16];
        assert_int_equal(esv_aes128_cmac(key, NULL, 0, tag), ESV_CRYPTO_OK);
        hex(h, tag, 16);
        line("cmac no parts: %s", h);
    }
    for (size_t len = 0; len <= 200; len += 25) {
        uint8_t d1[32], d2[32];
        esv_sha256_ctx c;
        memset(buf, 0x61, sizeof(buf));
        assert_int_equal(esv_sha256(buf, len, d1), ESV_CRYPTO_OK);
        esv_sha256_init(&c);
        esv_sha256_update(&c, buf, len / 2);
        esv_sha256_update(&c, NULL, 0);
        esv_sha256_update(&c, buf + len / 2, len - len / 2);
        assert_int_equal(esv_sha256_final(&c, d2), ESV_CRYPTO_OK);
        assert_memory_equal(d1, d2, 32);
        hex(h, d1, 32);
        line("sha256 %zu: %s", len, h);
    }
    line("ct_equal: %d %d", esv_ct_equal(key, key, 16), esv_ct_equal(key, iv, 16));
}

/* --------------------------------------------------- reports */

static void report_lines(const char *what, const esv_report *r)
{
    size_t n = esv_report_finding_count(r);
    line("%s: %s %s, %zu findings", what, esv_report_kind(r), esv_verdict_str(esv_report_verdict(r)), n);
    for (size_t i = 0; i < n; i++) {
        const esv_finding *f = esv_report_finding(r, i);
        const char *path = esv_finding_path(f);
        line("  %s sev=%d cert=%ld element=%ld offset=%lld path=%s: %s", esv_finding_rule_id(f),
             (int)esv_finding_severity(f), esv_finding_cert(f), esv_finding_element(f),
             (long long)esv_finding_offset(f), path ? path : "-", esv_finding_message(f));
    }
}

static esv_ctx *ctx_at(int64_t t)
{
    esv_ctx *c = NULL;
    assert_int_equal(esv_ctx_new(&c), ESV_OK);
    assert_int_equal(esv_ctx_set_time(c, t), ESV_OK);
    return c;
}

static void verify_blobs(const char *what, const esv_ctx *ctx, const esv_trust *t, const esv_blob *b,
                         size_t n)
{
    esv_report *r = NULL;
    esv_status st = esv_cert_verify(ctx, t, b, n, ESV_ROLE_ANY, &r);
    if (r == NULL) {
        line("%s: status %d", what, (int)st);
        return;
    }
    report_lines(what, r);
    esv_report_free(r);
}

/* Builder chains: eUICC -> EUM -> CI with each defect on the eUICC, then
 * on the EUM; SM-DP+ auth -> CI with each defect on the leaf. */
static void builder_chains(pb_curve pc, uint32_t seed)
{
    pb_key *ci_k = pb_key_new(pc, seed), *eum_k = pb_key_new(pc, seed + 1),
           *eu_k = pb_key_new(pc, seed + 2), *dp_k = pb_key_new(pc, seed + 3);
    pb_spec ci_s = {.role = PB_CI, .gen = PB_GEN_V2};
    pb_cert *ci = pb_cert_build(&ci_s, ci_k, NULL, ci_k);
    esv_trust *t = NULL;
    esv_ctx *ctx = ctx_at(INT64_C(1893456000));
    assert_non_null(ci);
    assert_int_equal(esv_trust_new(&t), ESV_OK);
    assert_int_equal(esv_trust_add_ci(t, ci->der, ci->len), ESV_OK);
    for (int bit = -1; bit < PB_D_DEFECT_BITS; bit++) {
        uint64_t d = bit < 0 ? 0 : UINT64_C(1) << bit;
        for (int on = 0; on < 3; on++) {
            pb_spec eum_s = {.role = PB_EUM, .gen = PB_GEN_V2, .defects = on == 1 ? d : 0};
            pb_spec eu_s = {.role = PB_EUICC, .gen = PB_GEN_V2, .defects = on == 0 ? d : 0};
            pb_spec dp_s = {.role = PB_DP_AUTH, .gen = PB_GEN_V2, .defects = d};
            pb_cert *eum = NULL, *eu = NULL, *dp = NULL;
            char what[96];
            if (bit < 0 && on > 0)
                break;
            snprintf(what, sizeof(what), "builder %s defect %d on %s", pc == PB_P256 ? "P-256" : "BP256",
                     bit, on == 0 ? "eUICC" : on == 1 ? "EUM" : "DPauth");
            if (on < 2) {
                eum = pb_cert_build(&eum_s, eum_k, ci, ci_k);
                eu = eum ? pb_cert_build(&eu_s, eu_k, eum, eum_k) : NULL;
                if (eu == NULL) {
                    line("%s: not built", what);
                } else {
                    esv_blob b[2] = {{eu->der, eu->len}, {eum->der, eum->len}};
                    verify_blobs(what, ctx, t, b, 2);
                }
            } else {
                dp = pb_cert_build(&dp_s, dp_k, ci, ci_k);
                if (dp == NULL) {
                    line("%s: not built", what);
                } else {
                    esv_blob b[1] = {{dp->der, dp->len}};
                    verify_blobs(what, ctx, t, b, 1);
                }
            }
            pb_cert_free(eum);
            pb_cert_free(eu);
            pb_cert_free(dp);
        }
    }
    esv_trust_free(t);
    esv_ctx_free(ctx);
    pb_cert_free(ci);
    pb_key_free(ci_k), pb_key_free(eum_k), pb_key_free(eu_k), pb_key_free(dp_k);
}

static void test_builder_chains(void **state)
{
    (void)state;
    builder_chains(PB_P256, 14001);
    builder_chains(PB_BP256, 14101);
}

/* The files of dir ending in .der or .pem, sorted; NULL-terminated. */
static char **list_files(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **v = NULL;
    size_t n = 0;
    if (d == NULL)
        return NULL;
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l < 5 || (strcmp(e->d_name + l - 4, ".der") && strcmp(e->d_name + l - 4, ".pem")))
            continue;
        v = realloc(v, (n + 2) * sizeof(*v));
        assert_non_null(v);
        v[n] = malloc(strlen(dir) + l + 2);
        assert_non_null(v[n]);
        sprintf(v[n], "%s/%s", dir, e->d_name);
        n++;
    }
    closedir(d);
    if (v == NULL)
        return NULL;
    v[n] = NULL;
    for (size_t i = 1; i < n; i++) /* insertion sort: a few dozen names */
        for (size_t j = i; j > 0 && strcmp(v[j - 1], v[j]) > 0; j--) {
            char *x = v[j];
            v[j] = v[j - 1], v[j - 1] = x;
        }
    return v;
}

static void free_list(char **v)
{
    for (size_t i = 0; v && v[i]; i++)
        free(v[i]);
    free(v);
}

static int is_ci_name(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    return !strncmp(b, "ci-", 3) || !strncmp(b, "CERT_CI_", 8);
}

/* Every certificate file of the folders, alone and (PEM: as the chain it
 * holds) against a trust of every CI among them and the production CIs,
 * at each of the times. */
static void cert_files(const char *label, const char *const *dirs, size_t ndirs, const int64_t *times,
                       size_t ntimes, const char *extra_ci, size_t strip)
{
    esv_trust *t = NULL;
    assert_int_equal(esv_trust_new(&t), ESV_OK);
    for (size_t k = 0; k < ndirs; k++) {
        char **v = list_files(dirs[k]);
        for (size_t i = 0; v && v[i]; i++) {
            if (!is_ci_name(v[i]))
                continue;
            size_t len;
            uint8_t *b = tu_read_file(v[i], &len);
            assert_non_null(b);
            line("%s: CI %s: %d", label, strrchr(v[i], '/') + 1, (int)esv_trust_add_ci(t, b, len));
            free(b);
        }
        free_list(v);
    }
    if (extra_ci) {
        size_t len;
        uint8_t *b = tu_read_file(extra_ci, &len);
        if (b) {
            line("%s: CI bundle %s: %d", label, strrchr(extra_ci, '/') + 1, (int)esv_trust_add_ci(t, b, len));
            free(b);
        }
    }
    for (size_t tt = 0; tt < ntimes; tt++) {
        esv_ctx *ctx = ctx_at(times[tt]);
        for (size_t k = 0; k < ndirs; k++) {
            char **v = list_files(dirs[k]);
            for (size_t i = 0; v && v[i]; i++) {
                size_t len;
                uint8_t *b = tu_read_file(v[i], &len);
                char what[512];
                esv_blob one = {b, len};
                assert_non_null(b);
                /* the path below the test data folder: the same in any clone */
                snprintf(what, sizeof(what), "%s t=%lld %s", label, (long long)times[tt], v[i] + strip);
                verify_blobs(what, ctx, t, &one, 1);
                free(b);
            }
            free_list(v);
        }
        esv_ctx_free(ctx);
    }
    esv_trust_free(t);
}

static void test_cert_files(void **state)
{
    static const int64_t times[] = {INT64_C(1893456000) /* 2030 */, INT64_C(1752537600) /* 2025-07-15 */};
    const char *ex[] = {"examples/data/pki"};
    const char *td = tu_testdata();
    (void)state;
    cert_files("examples", ex, 1, times, 1, NULL, 0);
    if (td == NULL) {
        print_message("test_cert_files: ../shared/testdata absent: only examples/data/pki\n");
        line("testdata: absent");
        return;
    }
    {
        char d1[4096], d2[4096], bundle[4096];
        static const char *years[] = {"2021", "2022", "2023", "2024"};
        const char *dirs[6];
        size_t nd = 0;
        snprintf(d1, sizeof(d1), "%s/pki/sgp26", td);
        dirs[nd++] = d1;
        char yd[4][4096];
        for (size_t y = 0; y < 4; y++) {
            snprintf(yd[y], sizeof(yd[y]), "%s/pki/sgp26/expired-tls/%s", td, years[y]);
            dirs[nd++] = yd[y];
        }
        snprintf(d2, sizeof(d2), "%s/pki/production-ci", td);
        dirs[nd++] = d2;
        snprintf(bundle, sizeof(bundle), "%s/pki/production-ci/ci-roots.pem", td);
        cert_files("sgp26", dirs, nd, times, 2, bundle, strlen(td) + 1);
        /* the SGP.26 eUICC chain: eUICC, EUM under ci-2017 */
        {
            size_t l1, l2;
            uint8_t *eu = tu_read_testdata("pki/sgp26/euicc.der", &l1), *eum = tu_read_testdata("pki/sgp26/eum.der", &l2);
            size_t lc;
            uint8_t *ci = tu_read_testdata("pki/sgp26/ci-2017.der", &lc);
            if (eu && eum && ci) {
                esv_trust *t = NULL;
                esv_ctx *ctx = ctx_at(times[1]);
                esv_blob b[2] = {{eu, l1}, {eum, l2}};
                assert_int_equal(esv_trust_new(&t), ESV_OK);
                assert_int_equal(esv_trust_add_ci(t, ci, lc), ESV_OK);
                verify_blobs("sgp26 eUICC chain", ctx, t, b, 2);
                /* the eUICC's signature byte flipped */
                eu[l1 - 1] ^= 1;
                verify_blobs("sgp26 eUICC chain, signature flipped", ctx, t, b, 2);
                esv_trust_free(t);
                esv_ctx_free(ctx);
            }
            free(eu), free(eum), free(ci);
        }
    }
}

/* ----------------------------------------------------------- RSP */

static const char *const session_messages[] = {
    "initiate-request.der",      "initiate-response.der",         "auth-server-response.der",
    "authenticate-response.der", "prepare-download-response.der", "bound-profile-package.der",
    "pending-notification.der",
};
static const struct {
    const char *file;
    esv_rsp_value value;
} session_values[] = {
    {"euicc-challenge.bin", ESV_RSP_EUICC_CHALLENGE},
    {"transaction-id.bin", ESV_RSP_TRANSACTION_ID},
    {"server-challenge.bin", ESV_RSP_SERVER_CHALLENGE},
    {"otsk-dp.bin", ESV_RSP_OTSK_DP},
};
#define NMSG (sizeof(session_messages) / sizeof(session_messages[0]))

/* A session folder as `esv rsp --session DIR` runs it; message `flip`
 * (or none when flip >= NMSG) with its byte at `at` (from the end when
 * negative) flipped. */
static void run_session(const char *label, const char *dir, const uint8_t *const *cis, const size_t *ci_lens,
                        size_t nci, int64_t at, const char *address, size_t flip, long off)
{
    esv_ctx *ctx = ctx_at(at);
    esv_trust *t = NULL;
    esv_rsp_session *s = NULL;
    char path[4096];
    assert_int_equal(esv_trust_new(&t), ESV_OK);
    for (size_t i = 0; i < nci; i++)
        assert_int_equal(esv_trust_add_ci(t, cis[i], ci_lens[i]), ESV_OK);
    assert_int_equal(esv_rsp_session_new(&s), ESV_OK);
    assert_int_equal(esv_rsp_session_set(s, ESV_RSP_SERVER_ADDRESS, (const uint8_t *)address, strlen(address)),
                     ESV_OK);
    for (size_t i = 0; i < sizeof(session_values) / sizeof(session_values[0]); i++) {
        size_t len;
        uint8_t *b;
        snprintf(path, sizeof(path), "%s/%s", dir, session_values[i].file);
        b = tu_read_file(path, &len);
        if (b)
            assert_int_equal(esv_rsp_session_set(s, session_values[i].value, b, len), ESV_OK);
        free(b);
    }
    for (size_t m = 0; m < NMSG; m++) {
        size_t len;
        uint8_t *b;
        esv_report *r = NULL;
        char what[256];
        snprintf(path, sizeof(path), "%s/%s", dir, session_messages[m]);
        b = tu_read_file(path, &len);
        if (b == NULL)
            continue;
        if (m == flip) {
            size_t o = off < 0 ? len - (size_t)-off : (size_t)off;
            if (o < len)
                b[o] ^= 0x01;
        }
        snprintf(what, sizeof(what), "%s flip=%zu@%ld %s", label, flip, off, session_messages[m]);
        esv_status st = esv_rsp_verify(ctx, t, s, b, len, &r);
        if (r == NULL)
            line("%s: status %d", what, (int)st);
        else
            report_lines(what, r);
        esv_report_free(r);
        free(b);
    }
    esv_rsp_session_free(s);
    esv_trust_free(t);
    esv_ctx_free(ctx);
}

static void sessions(const char *label, const char *dir, const uint8_t *const *cis, const size_t *ci_lens,
                     size_t nci, int64_t at, const char *address)
{
    static const long offs[] = {-1, -20, -40, -64, -67, 100, 400};
    run_session(label, dir, cis, ci_lens, nci, at, address, NMSG, 0);
    for (size_t m = 0; m < NMSG; m++) {
        char path[4096];
        size_t len;
        uint8_t *b;
        snprintf(path, sizeof(path), "%s/%s", dir, session_messages[m]);
        b = tu_read_file(path, &len);
        if (b == NULL)
            continue;
        free(b);
        for (size_t i = 0; i < sizeof(offs) / sizeof(offs[0]); i++)
            run_session(label, dir, cis, ci_lens, nci, at, address, m, offs[i]);
    }
}

static void test_rsp_sessions(void **state)
{
    const char *td = tu_testdata();
    static const char *const curves[] = {"nist", "brp"};
    (void)state;
    for (size_t c = 0; c < 2; c++) {
        char dir[256], cip[300];
        size_t len;
        uint8_t *ci;
        snprintf(dir, sizeof(dir), "examples/data/rsp/%s", curves[c]);
        snprintf(cip, sizeof(cip), "%s/ci.der", dir);
        ci = tu_read_file(cip, &len);
        assert_non_null(ci);
        {
            const uint8_t *cis[1] = {ci};
            sessions(dir, dir, cis, &len, 1, INT64_C(1798761600) /* 2027-01-01 */, "smdp.esv.example");
        }
        free(ci);
    }
    if (td == NULL) {
        print_message("test_rsp_sessions: ../shared/testdata absent: only examples/data/rsp\n");
        line("testdata rsp: absent");
        return;
    }
    {
        char dir[4096];
        size_t l1, l2;
        uint8_t *c1 = tu_read_testdata("pki/sgp26/CERT_CI_ECDSA_NIST.der", &l1);
        uint8_t *c2 = tu_read_testdata("pki/sgp26/ci-2017.der", &l2);
        const uint8_t *cis[2] = {c1, c2};
        size_t lens[2] = {l1, l2};
        assert_non_null(c1);
        assert_non_null(c2);
        snprintf(dir, sizeof(dir), "%s/rsp/session", td);
        sessions("testdata/rsp/session", dir, cis, lens, 2, INT64_C(1793491200) /* 2026-11-01 */,
                 "smdp.example.com");
        free(c1), free(c2);
    }
}

/* ------------------------------------------------------------ signing */

typedef struct gbuf {
    uint8_t *p;
    size_t n;
} gbuf;

static int collect(void *opaque, const void *data, size_t len)
{
    gbuf *b = opaque;
    uint8_t *n = realloc(b->p, b->n + len);
    if (n == NULL)
        return -1;
    memcpy(n + b->n, data, len);
    b->p = n;
    b->n += len;
    return 0;
}

/* PEM key loading (esv_privkey_from_pem, esv_pubkey_from_pem), signing
 * (each backend signs differently: only that its signature verifies is
 * written), and esv_verdict_verify over a COSE_Sign1 whose signature the
 * PKI builder made (deterministic, the same bytes in both builds), as
 * made and with each byte flipped in turn. */
static void test_signing(void **state)
{
    static const char *const bad_pems[] = {
        "",
        "not pem at all",
        "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n",
        "-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n",
        "-----BEGIN PUBLIC KEY-----\nMAA=\n-----END PUBLIC KEY-----\n",
        "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n",
    };
    char hx[2 * 65 + 1];
    pb_key *keys[5];
    (void)state;
    for (size_t i = 0; i < 5; i++) {
        uint8_t pub[65], want[65], sig[64], digest[ESV_SHA256_LEN];
        char *priv_pem, *pub_pem;
        esv_privkey *pk = NULL;
        esv_crypto_rc rc;
        keys[i] = pb_key_new(i == 4 ? PB_BP256 : PB_P256, 2600 + (uint32_t)i);
        assert_non_null(keys[i]);
        assert_int_equal(pb_key_public(keys[i], want), 0);
        priv_pem = pb_key_private_pem(keys[i]);
        pub_pem = pb_key_public_pem(keys[i]);
        assert_non_null(priv_pem);
        assert_non_null(pub_pem);
        rc = esv_pubkey_from_pem((const uint8_t *)pub_pem, strlen(pub_pem), pub);
        hex(hx, pub, 65);
        line("pubkey pem %zu: rc %d point %s", i, rc, hx);
        if (i < 4) {
            assert_int_equal(rc, ESV_CRYPTO_OK);
            assert_memory_equal(pub, want, 65);
        } else {
            assert_int_equal(rc, ESV_CRYPTO_UNSUPPORTED);
        }
        rc = esv_privkey_from_pem((const uint8_t *)priv_pem, strlen(priv_pem), &pk);
        line("privkey pem %zu: rc %d", i, rc);
        if (rc == ESV_CRYPTO_OK) {
            esv_privkey_public(pk, pub);
            hex(hx, pub, 65);
            line("privkey pem %zu: point %s", i, hx);
            assert_memory_equal(pub, want, 65);
            for (int m = 0; m < 3; m++) {
                uint8_t msg[2] = {(uint8_t)i, (uint8_t)m};
                assert_int_equal(esv_sha256(msg, sizeof(msg), digest), ESV_CRYPTO_OK);
                rc = esv_privkey_sign_raw(pk, digest, sig);
                line("sign %zu/%d: rc %d, verifies: %d", i, m, rc,
                     esv_ecdsa_verify_raw(ESV_CURVE_P256, want, 65, digest, sig, 64));
                assert_int_equal(esv_ecdsa_verify_raw(ESV_CURVE_P256, want, 65, digest, sig, 64), ESV_CRYPTO_OK);
                digest[0] ^= 1;
                line("sign %zu/%d: other digest: %d", i, m,
                     esv_ecdsa_verify_raw(ESV_CURVE_P256, want, 65, digest, sig, 64));
            }
            esv_privkey_free(pk);
        } else {
            assert_null(pk);
        }
        /* cut in half: refused the same way */
        rc = esv_privkey_from_pem((const uint8_t *)priv_pem, strlen(priv_pem) / 2, &pk);
        line("privkey pem %zu cut: rc %d", i, rc);
        assert_null(pk);
        free(priv_pem);
        free(pub_pem);
    }
    for (size_t i = 0; i < sizeof(bad_pems) / sizeof(bad_pems[0]); i++) {
        uint8_t pub[65];
        esv_privkey *pk = NULL;
        line("bad pem %zu: privkey rc %d, pubkey rc %d", i,
             esv_privkey_from_pem((const uint8_t *)bad_pems[i], strlen(bad_pems[i]), &pk),
             esv_pubkey_from_pem((const uint8_t *)bad_pems[i], strlen(bad_pems[i]), pub));
        assert_null(pk);
    }
    /* a COSE_Sign1 with a signature made by the builder */
    {
        esv_ctx *ctx;
        esv_report *r = NULL;
        esv_signer *signer;
        esv_verifier *verifier, *other;
        gbuf item = {NULL, 0}, payload = {NULL, 0}, tbs = {NULL, 0};
        char *priv_pem = pb_key_private_pem(keys[0]);
        char *pub_pem = pb_key_public_pem(keys[0]), *other_pem = pb_key_public_pem(keys[1]);
        size_t len;
        /* the passing sample: a small report, every byte flipped */
        uint8_t *profile = tu_read_file("examples/data/sample-profile.der", &len);
        unsigned char h[9];
        size_t hn;
        static const uint8_t tbs_head[] = {0x84, 0x6a, 'S', 'i', 'g', 'n', 'a', 't', 'u', 'r', 'e', '1',
                                           0x43, 0xa1, 0x01, 0x26, 0x40};
        assert_non_null(profile);
        assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
        assert_int_equal(esv_ctx_set_time(ctx, INT64_C(1798761600)), ESV_OK);
        assert_int_equal(esv_profile_verify(ctx, profile, len, &r), ESV_OK);
        assert_int_equal(esv_signer_new((const uint8_t *)priv_pem, strlen(priv_pem), &signer), ESV_OK);
        assert_int_equal(esv_verifier_new((const uint8_t *)pub_pem, strlen(pub_pem), &verifier), ESV_OK);
        assert_int_equal(esv_verifier_new((const uint8_t *)other_pem, strlen(other_pem), &other), ESV_OK);
        assert_int_equal(esv_report_write_signed(r, signer, "sample.der", collect, &item), ESV_OK);
        assert_int_equal(esv_report_write(r, ESV_FORMAT_CBOR, "sample.der", collect, &payload), ESV_OK);
        /* Sig_structure (RFC 9052 4.4), then the builder's r || s in place
         * of this backend's */
        assert_int_equal(collect(&tbs, tbs_head, sizeof(tbs_head)), 0);
        hn = cbor_encode_bytestring_start(payload.n, h, sizeof(h));
        assert_true(hn > 0);
        assert_int_equal(collect(&tbs, h, hn), 0);
        assert_int_equal(collect(&tbs, payload.p, payload.n), 0);
        assert_true(item.n > 64);
        assert_int_equal(pb_key_sign_raw(keys[0], tbs.p, tbs.n, item.p + item.n - 64), 0);
        for (size_t i = 0; i <= item.n; i++) {
            esv_signed_verdict *sv = NULL;
            size_t used = 0;
            if (i < item.n)
                item.p[i] ^= 0x01;
            assert_int_equal(esv_verdict_verify(verifier, item.p, item.n, &used, &sv), ESV_OK);
            if (i == item.n) {
                line("cose as made: %s, verdict %s, errors %zu, used %zu",
                     esv_signature_check_str(esv_signed_verdict_check(sv)),
                     esv_verdict_str(esv_signed_verdict_verdict(sv)), esv_signed_verdict_count(sv, ESV_SEV_ERROR),
                     used);
                assert_int_equal(esv_signed_verdict_check(sv), ESV_SIGNATURE_VALID);
            } else {
                line("cose flip %zu: %d", i, esv_signed_verdict_check(sv));
                item.p[i] ^= 0x01;
            }
            esv_signed_verdict_free(sv);
        }
        {
            esv_signed_verdict *sv = NULL;
            size_t used = 0;
            assert_int_equal(esv_verdict_verify(other, item.p, item.n, &used, &sv), ESV_OK);
            line("cose other key: %d", esv_signed_verdict_check(sv));
            assert_int_equal(esv_signed_verdict_check(sv), ESV_SIGNATURE_BAD);
            esv_signed_verdict_free(sv);
        }
        esv_signer_free(signer);
        esv_verifier_free(verifier);
        esv_verifier_free(other);
        esv_report_free(r);
        esv_ctx_free(ctx);
        free(item.p), free(payload.p), free(tbs.p), free(profile);
        free(priv_pem), free(pub_pem), free(other_pem);
    }
    for (size_t i = 0; i < 5; i++)
        pb_key_free(keys[i]);
}

/* ------------------------------------------------------------ main */

static int setup(void **state)
{
    (void)state;
    out = fopen(out_path, "w");
    if (out == NULL) {
        fprintf(stderr, "test_crypto_vectors: cannot write %s\n", out_path);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    if (fclose(out) != 0)
        return -1;
    printf("test_crypto_vectors: %lu lines in %s\n", lines, out_path);
    return 0;
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ecdsa),         cmocka_unit_test(test_ecdh),
        cmocka_unit_test(test_symmetric),     cmocka_unit_test(test_builder_chains),
        cmocka_unit_test(test_cert_files),    cmocka_unit_test(test_rsp_sessions),
        cmocka_unit_test(test_signing),
    };
    /* $(B)/tests/test_crypto_vectors writes $(B)/crypto-verdicts.txt */
    const char *self = argc > 0 ? argv[0] : "test_crypto_vectors";
    const char *slash = strrchr(self, '/');
    size_t dl = slash ? (size_t)(slash - self) : 0;
    snprintf(out_path, sizeof(out_path), "%.*s%scrypto-verdicts.txt", (int)dl, self, dl ? "/../" : "../");
    return cmocka_run_group_tests(tests, setup, teardown);
}
