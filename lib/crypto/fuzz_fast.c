/*
 * fuzz_fast.c - cheap stand-ins for the public-key operations of
 * crypto.h, for fuzzing builds only (fuzz_fast.h says how they replace
 * the backend's). THIS DOES NOT VERIFY SIGNATURES: it is never compiled
 * into the library or the tool (the #error below, the Makefile's
 * LIB_SRCS, and test-abi's marker check see to it).
 *
 * Why: a P-256 verification costs mbedTLS about a millisecond and
 * hundreds of allocations, which ASan and libFuzzer's malloc hooks make
 * dearer still; the chain and message targets spent nearly all their time
 * there, and a mutated certificate or message could never get past its
 * signature to the rules behind it. What replaces it is a check of the
 * same *form* (what the backends refuse as BAD_INPUT or BAD_KEY is refused
 * here too, bar the on-curve test) and, for the verdict, a cheap function
 * of the inputs that a real signature meets 255 times in 256, so that:
 *   - the builder-made seeds, which carry real signatures, mostly verify;
 *   - a mutated TBSCertificate or message still verifies, so the fuzzer
 *     reaches the checks behind the signature;
 *   - BAD_SIGNATURE stays reachable (one byte of r, s, the digest or the
 *     key decides it), and so does every other result.
 *
 * The rules, per function (same order of checks as crypto_mbedtls.c):
 *   key: curve P-256 or brainpoolP256r1 (else UNSUPPORTED); 65 bytes,
 *        04 || X || Y, X < p and Y < p (else BAD_KEY); not checked: on the
 *        curve.
 *   ECDSA: DER Ecdsa-Sig-Value as strict as the backends' (else
 *        BAD_INPUT), raw: 64 bytes (else BAD_INPUT); the key as above;
 *        1 <= r, s < n (else BAD_SIGNATURE, as the backends); then
 *        OK iff (digest[31] ^ r[31] ^ s[31] ^ Y[31]) != 0 (the last byte of
 *        each, r and s as 32-byte big-endian), else BAD_SIGNATURE.
 *   ECDH: the key and 1 <= d < n as the backends (else BAD_KEY); the
 *        "shared secret" is SHA-256(d || Q) (deterministic, not symmetric:
 *        no target derives keys by ECDH today; fuzz_bpp passes session
 *        keys).
 */
#ifndef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
#error "fuzz_fast.c does not verify signatures: fuzzing builds only"
#endif

#define ESV_FUZZ_FAST_DEFINES
#include "fuzz_fast.h"
#include "crypto.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* A fuzzing build's backend name is the marker (fuzz_fast.h). */

/* SEC 2 2.4.2 (secp256r1) and RFC 5639 3.4 (brainpoolP256r1): the field
 * prime p and the order n, big-endian. */
typedef struct fast_curve {
    uint8_t p[32], n[32];
} fast_curve;

static const fast_curve P256 = {
    {0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
     0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF},
    {0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
     0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17, 0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51},
};
static const fast_curve BP256 = {
    {0xA9, 0xFB, 0x57, 0xDB, 0xA1, 0xEE, 0xA9, 0xBC, 0x3E, 0x66, 0x0A, 0x90, 0x9D, 0x83, 0x8D, 0x72,
     0x6E, 0x3B, 0xF6, 0x23, 0xD5, 0x26, 0x20, 0x28, 0x20, 0x13, 0x48, 0x1D, 0x1F, 0x6E, 0x53, 0x77},
    {0xA9, 0xFB, 0x57, 0xDB, 0xA1, 0xEE, 0xA9, 0xBC, 0x3E, 0x66, 0x0A, 0x90, 0x9D, 0x83, 0x8D, 0x71,
     0x8C, 0x39, 0x7A, 0xA3, 0xB5, 0x61, 0xA6, 0xF7, 0x90, 0x1E, 0x0E, 0x82, 0x97, 0x48, 0x56, 0xA7},
};

static const fast_curve *curve_of(esv_curve curve)
{
    switch (curve) {
    case ESV_CURVE_P256: return &P256;
    case ESV_CURVE_BP256R1: return &BP256;
    default: return NULL;
    }
}

const char *esv_crypto_backend(void)
{
    return ESV_FUZZ_FAST_MARKER;
}

/* v < m, both 32 bytes big-endian. */
static int below(const uint8_t v[32], const uint8_t m[32])
{
    return memcmp(v, m, 32) < 0;
}

static int is_zero(const uint8_t v[32])
{
    static const uint8_t zero[32];
    return memcmp(v, zero, 32) == 0;
}

static esv_crypto_rc point_ok(esv_curve curve, const uint8_t *pub, size_t pub_len)
{
    const fast_curve *c = curve_of(curve);
    if (c == NULL)
        return ESV_CRYPTO_UNSUPPORTED;
    if (pub == NULL || pub_len != 65 || pub[0] != 0x04 || !below(pub + 1, c->p) ||
        !below(pub + 33, c->p))
        return ESV_CRYPTO_BAD_KEY;
    return ESV_CRYPTO_OK;
}

/* The verdict on (r, s) once the forms are sound. */
static esv_crypto_rc verdict(esv_curve curve, const uint8_t *pub, size_t pub_len,
                             const uint8_t digest[ESV_SHA256_LEN], const uint8_t r[32],
                             const uint8_t s[32])
{
    const fast_curve *c;
    esv_crypto_rc rc = point_ok(curve, pub, pub_len);
    if (rc != ESV_CRYPTO_OK)
        return rc;
    c = curve_of(curve);
    if (is_zero(r) || is_zero(s) || !below(r, c->n) || !below(s, c->n))
        return ESV_CRYPTO_BAD_SIGNATURE;
    return (digest[31] ^ r[31] ^ s[31] ^ pub[64]) != 0 ? ESV_CRYPTO_OK : ESV_CRYPTO_BAD_SIGNATURE;
}

esv_crypto_rc esv_ec_pubkey_check(esv_curve curve, const uint8_t *pub, size_t pub_len)
{
    return point_ok(curve, pub, pub_len);
}

esv_crypto_rc esv_ec_pubkey_check_env(const esv_crypto_env *env, esv_curve curve,
                                      const uint8_t *pub, size_t pub_len)
{
    (void)env;
    return point_ok(curve, pub, pub_len);
}

/* One DER INTEGER, minimal and positive, of at most 32 value bytes (a
 * leading 00 aside), into v left-padded; as strict as the backends. */
static int read_uint(const uint8_t **p, const uint8_t *end, uint8_t v[32])
{
    size_t len;
    const uint8_t *b;
    if (end - *p < 2 || (*p)[0] != 0x02 || (*p)[1] > 0x21 || (*p)[1] == 0)
        return -1;
    len = (*p)[1];
    b = *p + 2;
    if ((size_t)(end - b) < len)
        return -1;
    if ((b[0] & 0x80) || (len > 1 && b[0] == 0 && !(b[1] & 0x80)))
        return -1;
    *p = b + len;
    if (len == 33) {
        b++; /* the 00 before a high bit */
        len--;
    }
    memset(v, 0, 32);
    memcpy(v + 32 - len, b, len);
    return 0;
}

esv_crypto_rc esv_ecdsa_verify_der(esv_curve curve, const uint8_t *pub, size_t pub_len,
                                   const uint8_t digest[ESV_SHA256_LEN],
                                   const uint8_t *sig, size_t sig_len)
{
    uint8_t r[32], s[32];
    const uint8_t *p, *end;
    if (sig == NULL || sig_len < 8 || sig[0] != 0x30 || sig[1] != sig_len - 2 || sig[1] >= 0x80)
        return ESV_CRYPTO_BAD_INPUT;
    p = sig + 2;
    end = sig + sig_len;
    if (read_uint(&p, end, r) != 0 || read_uint(&p, end, s) != 0 || p != end)
        return ESV_CRYPTO_BAD_INPUT;
    return verdict(curve, pub, pub_len, digest, r, s);
}

esv_crypto_rc esv_ecdsa_verify_raw(esv_curve curve, const uint8_t *pub, size_t pub_len,
                                   const uint8_t digest[ESV_SHA256_LEN],
                                   const uint8_t *sig, size_t sig_len)
{
    if (sig == NULL || sig_len != 64)
        return ESV_CRYPTO_BAD_INPUT;
    return verdict(curve, pub, pub_len, digest, sig, sig + 32);
}

/* A key: its curve and point, as the mbedTLS backend keeps it. */
struct esv_pubkey {
    atomic_uint refs;
    esv_curve curve;
    uint8_t point[65];
};

esv_crypto_rc esv_pubkey_new(const esv_crypto_env *env, esv_curve curve, const uint8_t *pub,
                             size_t pub_len, esv_pubkey **out)
{
    esv_crypto_rc rc = point_ok(curve, pub, pub_len);
    (void)env;
    *out = NULL;
    if (rc != ESV_CRYPTO_OK)
        return rc;
    *out = malloc(sizeof(**out));
    if (*out == NULL)
        return ESV_CRYPTO_NOMEM;
    atomic_init(&(*out)->refs, 1);
    (*out)->curve = curve;
    memcpy((*out)->point, pub, sizeof((*out)->point));
    return ESV_CRYPTO_OK;
}

esv_crypto_rc esv_pubkey_verify_der(const esv_pubkey *key, const uint8_t digest[ESV_SHA256_LEN],
                                    const uint8_t *sig, size_t sig_len)
{
    return esv_ecdsa_verify_der(key->curve, key->point, sizeof(key->point), digest, sig, sig_len);
}

esv_pubkey *esv_pubkey_ref(esv_pubkey *key)
{
    atomic_fetch_add(&key->refs, 1);
    return key;
}

void esv_pubkey_free(esv_pubkey *key)
{
    if (key != NULL && atomic_fetch_sub(&key->refs, 1) == 1)
        free(key);
}

esv_crypto_rc esv_ecdh_shared_secret(esv_curve curve, const uint8_t *priv, size_t priv_len,
                                     const uint8_t *peer, size_t peer_len,
                                     uint8_t out[ESV_ECDH_SECRET_LEN])
{
    const fast_curve *c = curve_of(curve);
    esv_sha256_ctx h;
    esv_crypto_rc rc;

    memset(out, 0, ESV_ECDH_SECRET_LEN);
    if (c == NULL)
        return ESV_CRYPTO_UNSUPPORTED;
    if (priv == NULL || priv_len != 32 || point_ok(curve, peer, peer_len) != ESV_CRYPTO_OK ||
        is_zero(priv) || !below(priv, c->n))
        return ESV_CRYPTO_BAD_KEY;
    esv_sha256_init(&h);
    esv_sha256_update(&h, priv, priv_len);
    esv_sha256_update(&h, peer, peer_len);
    rc = esv_sha256_final(&h, out);
    if (rc != ESV_CRYPTO_OK)
        esv_memzero(out, ESV_ECDH_SECRET_LEN);
    return rc;
}
