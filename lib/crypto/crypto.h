/*
 * crypto.h - the one internal interface to cryptography.
 *
 * Checks call these functions and nothing else; crypto_mbedtls.c implements
 * them with mbedTLS. Another backend is one more file implementing this
 * header. Every function is reentrant and keeps no state between calls.
 */
#ifndef ESV_CRYPTO_H
#define ESV_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#define ESV_SHA256_LEN 32

typedef enum esv_curve {
    ESV_CURVE_NONE = 0,
    ESV_CURVE_P256,        /* NIST P-256, secp256r1 (1.2.840.10045.3.1.7) */
    ESV_CURVE_BP256R1,     /* brainpoolP256r1 (1.3.36.3.3.2.8.1.1.7) */
    ESV_CURVE_FRP256V1     /* ANSSI FRP256v1 (1.2.250.1.223.101.256.1):
                            * recognised, not supported by the backend */
} esv_curve;

typedef enum esv_crypto_rc {
    ESV_CRYPTO_OK = 0,
    ESV_CRYPTO_BAD_SIGNATURE,   /* well-formed input, signature does not verify */
    ESV_CRYPTO_BAD_KEY,         /* public key not a valid point on the curve */
    ESV_CRYPTO_BAD_INPUT,       /* malformed signature encoding or lengths */
    ESV_CRYPTO_UNSUPPORTED,     /* curve or algorithm the backend lacks */
    ESV_CRYPTO_NOMEM
} esv_crypto_rc;

/* SHA-256 of data[0..len) into out. */
esv_crypto_rc esv_sha256(const uint8_t *data, size_t len, uint8_t out[ESV_SHA256_LEN]);

/* Incremental SHA-256 for data that arrives in pieces. The state is opaque
 * storage large enough for any backend. */
typedef struct esv_sha256_ctx {
    _Alignas(16) unsigned char opaque[256];
} esv_sha256_ctx;
void esv_sha256_init(esv_sha256_ctx *c);
void esv_sha256_update(esv_sha256_ctx *c, const uint8_t *data, size_t len);
void esv_sha256_final(esv_sha256_ctx *c, uint8_t out[ESV_SHA256_LEN]);

/*
 * Verifies an ECDSA signature over a SHA-256 digest. pub is the public key
 * as an uncompressed point (04 || X || Y, 65 bytes for 256-bit curves).
 * sig is either DER (Ecdsa-Sig-Value, as in X.509) or raw r || s (64 bytes,
 * as in the '5F37' objects of SGP.22 messages).
 */
esv_crypto_rc esv_ecdsa_verify_der(esv_curve curve, const uint8_t *pub, size_t pub_len,
                                   const uint8_t digest[ESV_SHA256_LEN],
                                   const uint8_t *sig, size_t sig_len);
esv_crypto_rc esv_ecdsa_verify_raw(esv_curve curve, const uint8_t *pub, size_t pub_len,
                                   const uint8_t digest[ESV_SHA256_LEN],
                                   const uint8_t *sig, size_t sig_len);

/* Is pub a valid uncompressed point (04 || X || Y) on the curve?
 * ESV_CRYPTO_OK, ESV_CRYPTO_BAD_KEY, ESV_CRYPTO_UNSUPPORTED, ESV_CRYPTO_NOMEM. */
esv_crypto_rc esv_ec_pubkey_check(esv_curve curve, const uint8_t *pub, size_t pub_len);

/* Constant-time equality of two n-byte buffers (for MACs and hashes):
 * 1 when equal, 0 otherwise; the time depends on n only. */
int esv_ct_equal(const void *a, const void *b, size_t n);

/* Zeroes n bytes in a way the compiler cannot drop (for keys). */
void esv_memzero(void *p, size_t n);

#endif
