/*
 * crypto_mbedtls.c - crypto.h implemented with mbedTLS 2.28.
 */
/* A fuzzing build takes the public-key operations from fuzz_fast.c:
 * fuzz_fast.h renames this file's out of the way (esv_real_*). */
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
#include "fuzz_fast.h"
#endif
#include "crypto.h"

#include <mbedtls/aes.h>
#include <mbedtls/bignum.h>
#include <mbedtls/cipher.h>
#include <mbedtls/cmac.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/ecp.h>
#include <mbedtls/platform_util.h>
#include <mbedtls/sha256.h>
#include <mbedtls/version.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(sizeof(mbedtls_sha256_context) <= sizeof(((esv_sha256_ctx *)0)->opaque),
               "esv_sha256_ctx too small for mbedtls_sha256_context");

const char *esv_crypto_backend(void)
{
    return "mbedTLS " MBEDTLS_VERSION_STRING;
}

esv_crypto_rc esv_sha256(const uint8_t *data, size_t len, uint8_t out[ESV_SHA256_LEN])
{
    return mbedtls_sha256_ret(data, len, out, 0) == 0 ? ESV_CRYPTO_OK : ESV_CRYPTO_BAD_INPUT;
}

void esv_sha256_init(esv_sha256_ctx *c)
{
    mbedtls_sha256_context *m = (mbedtls_sha256_context *)(void *)c->opaque;
    mbedtls_sha256_init(m);
    (void)mbedtls_sha256_starts_ret(m, 0);
}

void esv_sha256_update(esv_sha256_ctx *c, const uint8_t *data, size_t len)
{
    (void)mbedtls_sha256_update_ret((mbedtls_sha256_context *)(void *)c->opaque, data, len);
}

esv_crypto_rc esv_sha256_final(esv_sha256_ctx *c, uint8_t out[ESV_SHA256_LEN])
{
    mbedtls_sha256_context *m = (mbedtls_sha256_context *)(void *)c->opaque;
    (void)mbedtls_sha256_finish_ret(m, out);
    mbedtls_sha256_free(m); /* zeroes the state; nothing was allocated */
    return ESV_CRYPTO_OK;
}

static int group_id(esv_curve curve, mbedtls_ecp_group_id *id)
{
    switch (curve) {
    case ESV_CURVE_P256: *id = MBEDTLS_ECP_DP_SECP256R1; return 0;
    case ESV_CURVE_BP256R1: *id = MBEDTLS_ECP_DP_BP256R1; return 0;
    default: return -1;
    }
}

/* Verifies (r, s) with the key; the common part of both signature forms. */
static esv_crypto_rc verify_rs(esv_curve curve, const uint8_t *pub, size_t pub_len,
                               const uint8_t digest[ESV_SHA256_LEN],
                               const mbedtls_mpi *r, const mbedtls_mpi *s)
{
    mbedtls_ecp_group grp;
    mbedtls_ecp_point q;
    mbedtls_ecp_group_id id;
    esv_crypto_rc rc;
    int ret;

    if (group_id(curve, &id))
        return ESV_CRYPTO_UNSUPPORTED;
    mbedtls_ecp_group_init(&grp);
    mbedtls_ecp_point_init(&q);
    ret = mbedtls_ecp_group_load(&grp, id);
    if (ret != 0) {
        rc = ret == MBEDTLS_ERR_MPI_ALLOC_FAILED ? ESV_CRYPTO_NOMEM : ESV_CRYPTO_UNSUPPORTED;
        goto out;
    }
    if (mbedtls_ecp_point_read_binary(&grp, &q, pub, pub_len) != 0 ||
        mbedtls_ecp_check_pubkey(&grp, &q) != 0) {
        rc = ESV_CRYPTO_BAD_KEY;
        goto out;
    }
    ret = mbedtls_ecdsa_verify(&grp, digest, ESV_SHA256_LEN, &q, r, s);
    rc = ret == 0 ? ESV_CRYPTO_OK
         : ret == MBEDTLS_ERR_MPI_ALLOC_FAILED ? ESV_CRYPTO_NOMEM
                                               : ESV_CRYPTO_BAD_SIGNATURE;
out:
    mbedtls_ecp_point_free(&q);
    mbedtls_ecp_group_free(&grp);
    return rc;
}

esv_crypto_rc esv_ec_pubkey_check(esv_curve curve, const uint8_t *pub, size_t pub_len)
{
    mbedtls_ecp_group grp;
    mbedtls_ecp_point q;
    mbedtls_ecp_group_id id;
    esv_crypto_rc rc = ESV_CRYPTO_OK;
    int ret;

    if (group_id(curve, &id))
        return ESV_CRYPTO_UNSUPPORTED;
    /* Uncompressed form only (RFC 5480 2.2: compressed is not used here). */
    if (pub_len != 65 || pub[0] != 0x04)
        return ESV_CRYPTO_BAD_KEY;
    mbedtls_ecp_group_init(&grp);
    mbedtls_ecp_point_init(&q);
    ret = mbedtls_ecp_group_load(&grp, id);
    if (ret != 0)
        rc = ret == MBEDTLS_ERR_MPI_ALLOC_FAILED ? ESV_CRYPTO_NOMEM : ESV_CRYPTO_UNSUPPORTED;
    else if (mbedtls_ecp_point_read_binary(&grp, &q, pub, pub_len) != 0 ||
             mbedtls_ecp_check_pubkey(&grp, &q) != 0)
        rc = ESV_CRYPTO_BAD_KEY;
    mbedtls_ecp_point_free(&q);
    mbedtls_ecp_group_free(&grp);
    return rc;
}

/* Reads one DER INTEGER (minimal, positive) at *p into x. */
static int read_der_uint(const uint8_t **p, const uint8_t *end, mbedtls_mpi *x)
{
    size_t len;
    const uint8_t *v;
    if (end - *p < 2 || (*p)[0] != 0x02 || (*p)[1] > 0x21 || (*p)[1] == 0)
        return -1;
    len = (*p)[1];
    v = *p + 2;
    if ((size_t)(end - v) < len)
        return -1;
    if ((v[0] & 0x80) || (len > 1 && v[0] == 0 && !(v[1] & 0x80)))
        return -1; /* negative or not minimal */
    if (mbedtls_mpi_read_binary(x, v, len) != 0)
        return -1;
    *p = v + len;
    return 0;
}

esv_crypto_rc esv_ecdsa_verify_der(esv_curve curve, const uint8_t *pub, size_t pub_len,
                                   const uint8_t digest[ESV_SHA256_LEN],
                                   const uint8_t *sig, size_t sig_len)
{
    /* Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 5480,
     * RFC 3279 2.2.3), strict DER, short lengths (256-bit curves only). */
    mbedtls_mpi r, s;
    const uint8_t *p = sig, *end = sig + sig_len;
    esv_crypto_rc rc = ESV_CRYPTO_BAD_INPUT;
    if (sig_len < 8 || sig[0] != 0x30 || sig[1] != sig_len - 2 || sig[1] >= 0x80)
        return ESV_CRYPTO_BAD_INPUT;
    mbedtls_mpi_init(&r);
    mbedtls_mpi_init(&s);
    p += 2;
    if (read_der_uint(&p, end, &r) == 0 && read_der_uint(&p, end, &s) == 0 && p == end)
        rc = verify_rs(curve, pub, pub_len, digest, &r, &s);
    mbedtls_mpi_free(&r);
    mbedtls_mpi_free(&s);
    return rc;
}

esv_crypto_rc esv_ecdsa_verify_raw(esv_curve curve, const uint8_t *pub, size_t pub_len,
                                   const uint8_t digest[ESV_SHA256_LEN],
                                   const uint8_t *sig, size_t sig_len)
{
    mbedtls_mpi r, s;
    esv_crypto_rc rc = ESV_CRYPTO_BAD_INPUT;
    if (sig_len != 64)
        return ESV_CRYPTO_BAD_INPUT;
    mbedtls_mpi_init(&r);
    mbedtls_mpi_init(&s);
    if (mbedtls_mpi_read_binary(&r, sig, 32) == 0 && mbedtls_mpi_read_binary(&s, sig + 32, 32) == 0)
        rc = verify_rs(curve, pub, pub_len, digest, &r, &s);
    else
        rc = ESV_CRYPTO_NOMEM;
    mbedtls_mpi_free(&r);
    mbedtls_mpi_free(&s);
    return rc;
}

/* --- Keys made once ---
 * mbedTLS needs no precomputation (env is always NULL), and its verify
 * works on a group it loads itself (mbedtls_ecp_mul may keep a table in the
 * group it is given, so a group shared between threads is not safe): a key
 * is its curve and its checked point, and verifies as esv_ecdsa_verify_der
 * does. */
struct esv_pubkey {
    atomic_uint refs;
    esv_curve curve;
    uint8_t point[65];
};

esv_crypto_rc esv_crypto_env_new(esv_crypto_env **out)
{
    *out = NULL;
    return ESV_CRYPTO_OK;
}

void esv_crypto_env_free(esv_crypto_env *env)
{
    (void)env;
}

esv_crypto_rc esv_ec_pubkey_check_env(const esv_crypto_env *env, esv_curve curve,
                                      const uint8_t *pub, size_t pub_len)
{
    (void)env;
    return esv_ec_pubkey_check(curve, pub, pub_len);
}

esv_crypto_rc esv_pubkey_new(const esv_crypto_env *env, esv_curve curve, const uint8_t *pub,
                             size_t pub_len, esv_pubkey **out)
{
    esv_crypto_rc rc = esv_ec_pubkey_check_env(env, curve, pub, pub_len);
    *out = NULL;
    if (rc != ESV_CRYPTO_OK)
        return rc;
    *out = malloc(sizeof(**out));
    if (*out == NULL)
        return ESV_CRYPTO_NOMEM;
    atomic_init(&(*out)->refs, 1);
    (*out)->curve = curve;
    memcpy((*out)->point, pub, sizeof((*out)->point)); /* pub_len is 65: checked */
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

/* --- BSP primitives --- */

esv_crypto_rc esv_ecdh_shared_secret(esv_curve curve, const uint8_t *priv, size_t priv_len,
                                     const uint8_t *peer, size_t peer_len,
                                     uint8_t out[ESV_ECDH_SECRET_LEN])
{
    mbedtls_ecp_group grp;
    mbedtls_ecp_point q, p;
    mbedtls_mpi d;
    mbedtls_ecp_group_id id;
    esv_crypto_rc rc = ESV_CRYPTO_OK;
    int ret;

    memset(out, 0, ESV_ECDH_SECRET_LEN);
    if (group_id(curve, &id))
        return ESV_CRYPTO_UNSUPPORTED;
    if (priv == NULL || peer == NULL || priv_len != 32 || peer_len != 65 || peer[0] != 0x04)
        return ESV_CRYPTO_BAD_KEY;
    mbedtls_ecp_group_init(&grp);
    mbedtls_ecp_point_init(&q);
    mbedtls_ecp_point_init(&p);
    mbedtls_mpi_init(&d);
    ret = mbedtls_ecp_group_load(&grp, id);
    if (ret != 0) {
        rc = ret == MBEDTLS_ERR_MPI_ALLOC_FAILED ? ESV_CRYPTO_NOMEM : ESV_CRYPTO_UNSUPPORTED;
        goto out;
    }
    /* The peer's point is validated before any use (SEC 1 3.2.2.1: an
     * invalid-curve point would leak the scalar). */
    if (mbedtls_ecp_point_read_binary(&grp, &q, peer, peer_len) != 0 ||
        mbedtls_ecp_check_pubkey(&grp, &q) != 0) {
        rc = ESV_CRYPTO_BAD_KEY;
        goto out;
    }
    if (mbedtls_mpi_read_binary(&d, priv, priv_len) != 0) {
        rc = ESV_CRYPTO_NOMEM;
        goto out;
    }
    if (mbedtls_ecp_check_privkey(&grp, &d) != 0) {
        rc = ESV_CRYPTO_BAD_KEY;
        goto out;
    }
    /* No RNG given: mbedTLS blinds with its internal DRBG seeded from d. */
    ret = mbedtls_ecp_mul(&grp, &p, &d, &q, NULL, NULL);
    if (ret != 0) {
        rc = ret == MBEDTLS_ERR_MPI_ALLOC_FAILED ? ESV_CRYPTO_NOMEM : ESV_CRYPTO_BAD_KEY;
        goto out;
    }
    if (mbedtls_ecp_is_zero(&p) || mbedtls_mpi_write_binary(&p.X, out, ESV_ECDH_SECRET_LEN) != 0)
        rc = ESV_CRYPTO_BAD_KEY;
out:
    if (rc != ESV_CRYPTO_OK)
        esv_memzero(out, ESV_ECDH_SECRET_LEN);
    mbedtls_mpi_free(&d); /* mbedtls_mpi_free zeroes the limbs */
    mbedtls_ecp_point_free(&p);
    mbedtls_ecp_point_free(&q);
    mbedtls_ecp_group_free(&grp);
    return rc;
}

esv_crypto_rc esv_x963_kdf_sha256(const uint8_t *z, size_t z_len, const uint8_t *info,
                                  size_t info_len, uint8_t *out, size_t out_len)
{
    uint8_t block[ESV_SHA256_LEN];
    uint32_t counter = 1;
    size_t done = 0;
    mbedtls_sha256_context h;

    if (out_len == 0 || out_len / ESV_SHA256_LEN >= 0xFFFFFFFFu)
        return ESV_CRYPTO_BAD_INPUT;
    mbedtls_sha256_init(&h);
    while (done < out_len) {
        uint8_t c[4] = {(uint8_t)(counter >> 24), (uint8_t)(counter >> 16),
                        (uint8_t)(counter >> 8), (uint8_t)counter};
        size_t n = out_len - done < ESV_SHA256_LEN ? out_len - done : ESV_SHA256_LEN;
        if (mbedtls_sha256_starts_ret(&h, 0) != 0 || mbedtls_sha256_update_ret(&h, z, z_len) != 0 ||
            mbedtls_sha256_update_ret(&h, c, 4) != 0 ||
            (info_len > 0 && mbedtls_sha256_update_ret(&h, info, info_len) != 0) ||
            mbedtls_sha256_finish_ret(&h, block) != 0) {
            mbedtls_sha256_free(&h);
            esv_memzero(block, sizeof(block));
            esv_memzero(out, out_len);
            return ESV_CRYPTO_BAD_INPUT;
        }
        memcpy(out + done, block, n);
        done += n;
        counter++;
    }
    mbedtls_sha256_free(&h); /* zeroes the state */
    esv_memzero(block, sizeof(block));
    return ESV_CRYPTO_OK;
}

static esv_crypto_rc aes_cbc(int mode, const uint8_t key[ESV_AES128_KEY_LEN],
                             const uint8_t iv[ESV_AES_BLOCK_LEN], const uint8_t *in, size_t len,
                             uint8_t *out)
{
    mbedtls_aes_context aes;
    uint8_t chain[ESV_AES_BLOCK_LEN];
    int ret;
    if (len % ESV_AES_BLOCK_LEN != 0)
        return ESV_CRYPTO_BAD_INPUT;
    if (len == 0)
        return ESV_CRYPTO_OK;
    memcpy(chain, iv, sizeof(chain)); /* mbedTLS updates the IV in place */
    mbedtls_aes_init(&aes);
    ret = mode == MBEDTLS_AES_ENCRYPT ? mbedtls_aes_setkey_enc(&aes, key, 128)
                                      : mbedtls_aes_setkey_dec(&aes, key, 128);
    if (ret == 0)
        ret = mbedtls_aes_crypt_cbc(&aes, mode, len, chain, in, out);
    mbedtls_aes_free(&aes); /* zeroes the key schedule */
    esv_memzero(chain, sizeof(chain));
    return ret == 0 ? ESV_CRYPTO_OK : ESV_CRYPTO_BAD_INPUT;
}

esv_crypto_rc esv_aes128_cbc_encrypt(const uint8_t key[ESV_AES128_KEY_LEN],
                                     const uint8_t iv[ESV_AES_BLOCK_LEN], const uint8_t *in,
                                     size_t len, uint8_t *out)
{
    return aes_cbc(MBEDTLS_AES_ENCRYPT, key, iv, in, len, out);
}

esv_crypto_rc esv_aes128_cbc_decrypt(const uint8_t key[ESV_AES128_KEY_LEN],
                                     const uint8_t iv[ESV_AES_BLOCK_LEN], const uint8_t *in,
                                     size_t len, uint8_t *out)
{
    return aes_cbc(MBEDTLS_AES_DECRYPT, key, iv, in, len, out);
}

esv_crypto_rc esv_aes128_ecb_encrypt(const uint8_t key[ESV_AES128_KEY_LEN],
                                     const uint8_t in[ESV_AES_BLOCK_LEN],
                                     uint8_t out[ESV_AES_BLOCK_LEN])
{
    mbedtls_aes_context aes;
    int ret;
    mbedtls_aes_init(&aes);
    ret = mbedtls_aes_setkey_enc(&aes, key, 128);
    if (ret == 0)
        ret = mbedtls_aes_crypt_ecb(&aes, MBEDTLS_AES_ENCRYPT, in, out);
    mbedtls_aes_free(&aes);
    return ret == 0 ? ESV_CRYPTO_OK : ESV_CRYPTO_BAD_INPUT;
}

esv_crypto_rc esv_aes128_cmac(const uint8_t key[ESV_AES128_KEY_LEN], const esv_crypto_part *parts,
                              size_t nparts, uint8_t out[ESV_AES_BLOCK_LEN])
{
    mbedtls_cipher_context_t c;
    const mbedtls_cipher_info_t *info = mbedtls_cipher_info_from_type(MBEDTLS_CIPHER_AES_128_ECB);
    int ret;
    size_t i;
    if (info == NULL)
        return ESV_CRYPTO_UNSUPPORTED;
    mbedtls_cipher_init(&c);
    ret = mbedtls_cipher_setup(&c, info);
    if (ret == 0)
        ret = mbedtls_cipher_cmac_starts(&c, key, 128);
    for (i = 0; ret == 0 && i < nparts; i++)
        if (parts[i].len > 0)
            ret = mbedtls_cipher_cmac_update(&c, parts[i].data, parts[i].len);
    if (ret == 0)
        ret = mbedtls_cipher_cmac_finish(&c, out);
    mbedtls_cipher_free(&c); /* zeroes the key schedule and the CMAC state */
    if (ret != 0) {
        esv_memzero(out, ESV_AES_BLOCK_LEN);
        return ret == MBEDTLS_ERR_CIPHER_ALLOC_FAILED ? ESV_CRYPTO_NOMEM : ESV_CRYPTO_BAD_INPUT;
    }
    return ESV_CRYPTO_OK;
}

int esv_ct_equal(const void *a, const void *b, size_t n)
{
    const volatile uint8_t *x = a, *y = b;
    uint8_t acc = 0;
    size_t i;
    for (i = 0; i < n; i++)
        acc |= (uint8_t)(x[i] ^ y[i]);
    return acc == 0;
}

void esv_memzero(void *p, size_t n)
{
    mbedtls_platform_zeroize(p, n);
}
