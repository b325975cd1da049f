/*
 * crypto.h - the one internal interface to cryptography.
 *
 * Checks call these functions and nothing else. crypto_mbedtls.c implements
 * them with mbedTLS (the default and the reference), crypto_openssl.c with
 * OpenSSL 3's libcrypto (make CRYPTO=openssl); a build links exactly one.
 * Both give the same result and the same esv_crypto_rc for the same input
 * (make check-backends compares them). Every function is reentrant and
 * keeps no state between calls; what lasts longer than a call (a key made
 * once, esv_crypto_env) is an object the caller owns.
 */
#ifndef ESV_CRYPTO_H
#define ESV_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#define ESV_SHA256_LEN 32

/* The backend's name and version, e.g. "mbedTLS 2.28.3" (for benchmarks
 * and diagnostics; a static string). */
const char *esv_crypto_backend(void);

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
 * storage large enough for any backend; it is not to be copied. A backend
 * may allocate in init (OpenSSL's EVP_MD_CTX): final releases whatever
 * init took, whatever its result, so every init is followed by a final.
 * final returns ESV_CRYPTO_OK, or ESV_CRYPTO_NOMEM when the backend could
 * not allocate its state (out is then zeroed and must not be used). */
typedef struct esv_sha256_ctx {
    _Alignas(16) unsigned char opaque[256];
} esv_sha256_ctx;
void esv_sha256_init(esv_sha256_ctx *c);
void esv_sha256_update(esv_sha256_ctx *c, const uint8_t *data, size_t len);
esv_crypto_rc esv_sha256_final(esv_sha256_ctx *c, uint8_t out[ESV_SHA256_LEN]);

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

/* --- Keys made once, used many times ---
 *
 * Making a key object from an encoded point costs OpenSSL tens of
 * microseconds, as much as a P-256 verification; certificate chains verify
 * with the same key again and again (an issuer's key, a trusted CI's).
 *
 * esv_crypto_env: what a backend precomputes once (OpenSSL: each curve's
 * group and a key template), owned by the caller (the esv_ctx) and only
 * read after esv_crypto_env_new returns, so threads may share it. A NULL
 * env is accepted wherever one is taken (slower, same results); the
 * mbedTLS backend needs none (*out is set to NULL). esv_crypto_env_new
 * fails only out of memory (ESV_CRYPTO_NOMEM); what the library cannot
 * precompute is left out and done the slower way. */
typedef struct esv_crypto_env esv_crypto_env;
esv_crypto_rc esv_crypto_env_new(esv_crypto_env **out);
void esv_crypto_env_free(esv_crypto_env *env);

/* esv_ec_pubkey_check, using env's precomputed curves when env is not
 * NULL: the same results. */
esv_crypto_rc esv_ec_pubkey_check_env(const esv_crypto_env *env, esv_curve curve,
                                      const uint8_t *pub, size_t pub_len);

/* A checked public key. esv_pubkey_new returns what esv_ec_pubkey_check
 * would, and sets *out (NULL unless ESV_CRYPTO_OK); the key keeps no
 * pointer into pub or env. A key is only read after it is made: threads
 * may verify with one key at once. esv_pubkey_verify_der gives what
 * esv_ecdsa_verify_der gives with the key's curve and point. */
typedef struct esv_pubkey esv_pubkey;
esv_crypto_rc esv_pubkey_new(const esv_crypto_env *env, esv_curve curve, const uint8_t *pub,
                             size_t pub_len, esv_pubkey **out);
esv_crypto_rc esv_pubkey_verify_der(const esv_pubkey *key, const uint8_t digest[ESV_SHA256_LEN],
                                    const uint8_t *sig, size_t sig_len);
/* A key is counted: esv_pubkey_ref takes one more reference (returns key;
 * any thread), esv_pubkey_free drops one and frees the key with the last. */
esv_pubkey *esv_pubkey_ref(esv_pubkey *key);
void esv_pubkey_free(esv_pubkey *key);

/* --- Signing keys (signed verdicts: COSE_Sign1 with ES256) ---
 *
 * A private key loaded from PEM text by the backend's own parser
 * (mbedtls_pk_parse_key, PEM_read_bio_PrivateKey): "EC PRIVATE KEY" (SEC 1)
 * or "PRIVATE KEY" (PKCS#8), unencrypted, on P-256 only (COSE ES256,
 * RFC 9053 2.1). Other blocks before it (EC PARAMETERS) are skipped. The
 * key is zeroed when freed. A key is only read after it is made: threads
 * may sign with one key at once.
 *
 * esv_privkey_from_pem: ESV_CRYPTO_OK; ESV_CRYPTO_BAD_INPUT (no PEM
 * private key the backend parses: not PEM, another label, encrypted,
 * malformed); ESV_CRYPTO_UNSUPPORTED (a key that is not EC on P-256);
 * ESV_CRYPTO_NOMEM. *out is NULL unless ESV_CRYPTO_OK. */
typedef struct esv_privkey esv_privkey;
esv_crypto_rc esv_privkey_from_pem(const uint8_t *pem, size_t len, esv_privkey **out);
void esv_privkey_free(esv_privkey *key);
/* The key's public point, uncompressed (04 || X || Y). */
void esv_privkey_public(const esv_privkey *key, uint8_t pub[65]);
/* ECDSA over a SHA-256 digest, the signature as r || s (32 bytes each,
 * RFC 9053 2.1). mbedTLS signs deterministically (RFC 6979, blinded by a
 * DRBG seeded per call), OpenSSL with a random nonce: the signatures
 * differ between backends, each verifies on both. ESV_CRYPTO_OK or
 * ESV_CRYPTO_NOMEM (sig zeroed). */
esv_crypto_rc esv_privkey_sign_raw(const esv_privkey *key, const uint8_t digest[ESV_SHA256_LEN],
                                   uint8_t sig[64]);

/* A public key from PEM text ("PUBLIC KEY", SubjectPublicKeyInfo) by the
 * backend's parser (mbedtls_pk_parse_public_key, PEM_read_bio_PUBKEY):
 * its uncompressed point into pub. ESV_CRYPTO_OK; ESV_CRYPTO_BAD_INPUT
 * (not such PEM, or a compressed point); ESV_CRYPTO_UNSUPPORTED (not EC
 * on P-256); ESV_CRYPTO_NOMEM. */
esv_crypto_rc esv_pubkey_from_pem(const uint8_t *pem, size_t len, uint8_t pub[65]);

/* --- SGP.22 BSP (SCP03t) primitives ---
 * Keys are AES-128 only (the BSP's keyType '88', keyLen 16). Every
 * function wipes the expanded key schedule and any intermediate secret
 * before it returns; the caller wipes its own buffers with esv_memzero. */

#define ESV_AES_BLOCK_LEN 16
#define ESV_AES128_KEY_LEN 16
#define ESV_ECDH_SECRET_LEN 32

/*
 * ECDH (ECKA-DH, BSI TR-03111 4.3.1 / SEC 1 3.3.1) on a 256-bit curve:
 * priv is our private scalar (32 bytes, big-endian, 1 <= d < n), peer the
 * other side's public key as an uncompressed point (65 bytes); out gets the
 * x-coordinate of d * Q (32 bytes, big-endian). ESV_CRYPTO_BAD_KEY when the
 * peer point is not a valid point on the curve (checked before use) or the
 * scalar is out of range; ESV_CRYPTO_UNSUPPORTED for a curve the backend
 * lacks; ESV_CRYPTO_NOMEM. out is zeroed on every failure.
 */
esv_crypto_rc esv_ecdh_shared_secret(esv_curve curve, const uint8_t *priv, size_t priv_len,
                                     const uint8_t *peer, size_t peer_len,
                                     uint8_t out[ESV_ECDH_SECRET_LEN]);

/*
 * The ANSI X9.63 key derivation function with SHA-256 (SEC 1 v2 3.6.1):
 * out = SHA-256(z || 00000001 || info) || SHA-256(z || 00000002 || info)
 * || ..., cut to out_len bytes. ESV_CRYPTO_BAD_INPUT when out_len is 0 or
 * needs more than 2^32 - 1 hash blocks; ESV_CRYPTO_NOMEM (out zeroed) when
 * the backend could not allocate a hash state. Written once, over
 * esv_sha256_* (kdf.c), not per backend.
 */
esv_crypto_rc esv_x963_kdf_sha256(const uint8_t *z, size_t z_len, const uint8_t *info,
                                  size_t info_len, uint8_t *out, size_t out_len);

/*
 * AES-128 in CBC mode over len bytes (a multiple of 16: no padding here,
 * the caller pads), from in to out (they may be the same buffer). iv is not
 * modified. ESV_CRYPTO_BAD_INPUT when len is not a multiple of 16.
 */
esv_crypto_rc esv_aes128_cbc_encrypt(const uint8_t key[ESV_AES128_KEY_LEN],
                                     const uint8_t iv[ESV_AES_BLOCK_LEN], const uint8_t *in,
                                     size_t len, uint8_t *out);
esv_crypto_rc esv_aes128_cbc_decrypt(const uint8_t key[ESV_AES128_KEY_LEN],
                                     const uint8_t iv[ESV_AES_BLOCK_LEN], const uint8_t *in,
                                     size_t len, uint8_t *out);

/* AES-128 encryption of one block (ECB). */
esv_crypto_rc esv_aes128_ecb_encrypt(const uint8_t key[ESV_AES128_KEY_LEN],
                                     const uint8_t in[ESV_AES_BLOCK_LEN],
                                     uint8_t out[ESV_AES_BLOCK_LEN]);

/* One piece of a message given in pieces (gather list). */
typedef struct esv_crypto_part {
    const uint8_t *data;
    size_t len;
} esv_crypto_part;

/*
 * AES-CMAC (NIST SP 800-38B, RFC 4493) with an AES-128 key over the
 * concatenation of nparts pieces, without copying them; out gets the full
 * 16-byte tag (truncate it yourself). ESV_CRYPTO_NOMEM.
 */
esv_crypto_rc esv_aes128_cmac(const uint8_t key[ESV_AES128_KEY_LEN], const esv_crypto_part *parts,
                              size_t nparts, uint8_t out[ESV_AES_BLOCK_LEN]);

/* Constant-time equality of two n-byte buffers (for MACs and hashes):
 * 1 when equal, 0 otherwise; the time depends on n only. */
int esv_ct_equal(const void *a, const void *b, size_t n);

/* Zeroes n bytes in a way the compiler cannot drop (for keys). */
void esv_memzero(void *p, size_t n);

#endif
