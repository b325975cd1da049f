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
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/ecp.h>
#include <mbedtls/entropy.h>
#include <mbedtls/pk.h>
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

/* --- Signing keys --- */

struct esv_privkey {
    uint8_t d[32];      /* the private scalar, big-endian */
    uint8_t point[65];  /* its public point, uncompressed */
};

/* pem[0..len) as the NUL-terminated copy mbedTLS's PEM reader wants, or
 * NULL (out of memory). Only PEM text is taken (the OpenSSL backend reads
 * nothing else): mbedTLS would also take DER. */
static char *pem_copy(const uint8_t *pem, size_t len, esv_crypto_rc *rc)
{
    char *t;
    if (pem == NULL || len == 0 || memchr(pem, '\0', len) != NULL) {
        *rc = ESV_CRYPTO_BAD_INPUT;
        return NULL;
    }
    t = malloc(len + 1);
    if (t == NULL) {
        *rc = ESV_CRYPTO_NOMEM;
        return NULL;
    }
    memcpy(t, pem, len);
    t[len] = '\0';
    if (strstr(t, "-----BEGIN ") == NULL) {
        esv_memzero(t, len);
        free(t);
        *rc = ESV_CRYPTO_BAD_INPUT;
        return NULL;
    }
    return t;
}

/* The parsed key is EC on P-256? */
static int is_p256(const mbedtls_pk_context *pk)
{
    mbedtls_pk_type_t t = mbedtls_pk_get_type(pk);
    return (t == MBEDTLS_PK_ECKEY || t == MBEDTLS_PK_ECKEY_DH || t == MBEDTLS_PK_ECDSA) &&
           mbedtls_pk_ec(*pk)->grp.id == MBEDTLS_ECP_DP_SECP256R1;
}

static esv_crypto_rc pk_rc(int ret)
{
    return ret == MBEDTLS_ERR_PK_ALLOC_FAILED || ret == MBEDTLS_ERR_MPI_ALLOC_FAILED ||
                   ret == MBEDTLS_ERR_ECP_ALLOC_FAILED
               ? ESV_CRYPTO_NOMEM
               : ESV_CRYPTO_BAD_INPUT;
}

esv_crypto_rc esv_privkey_from_pem(const uint8_t *pem, size_t len, esv_privkey **out)
{
    mbedtls_pk_context pk;
    esv_crypto_rc rc = ESV_CRYPTO_OK;
    char *text;
    size_t olen = 0;
    int ret;

    *out = NULL;
    if ((text = pem_copy(pem, len, &rc)) == NULL)
        return rc;
    mbedtls_pk_init(&pk);
    /* no password: an encrypted key is refused, never prompted for */
    ret = mbedtls_pk_parse_key(&pk, (const unsigned char *)text, len + 1, NULL, 0);
    esv_memzero(text, len);
    free(text);
    if (ret != 0) {
        rc = pk_rc(ret);
    } else if (!is_p256(&pk)) {
        rc = ESV_CRYPTO_UNSUPPORTED;
    } else if ((*out = calloc(1, sizeof(**out))) == NULL) {
        rc = ESV_CRYPTO_NOMEM;
    } else if (mbedtls_mpi_write_binary(&mbedtls_pk_ec(pk)->d, (*out)->d, sizeof((*out)->d)) != 0 ||
               mbedtls_ecp_point_write_binary(&mbedtls_pk_ec(pk)->grp, &mbedtls_pk_ec(pk)->Q,
                                              MBEDTLS_ECP_PF_UNCOMPRESSED, &olen, (*out)->point,
                                              sizeof((*out)->point)) != 0 ||
               olen != sizeof((*out)->point)) {
        rc = ESV_CRYPTO_BAD_INPUT;
    }
    mbedtls_pk_free(&pk); /* zeroes the private scalar */
    if (rc != ESV_CRYPTO_OK) {
        esv_privkey_free(*out);
        *out = NULL;
    }
    return rc;
}

void esv_privkey_free(esv_privkey *key)
{
    if (key == NULL)
        return;
    esv_memzero(key, sizeof(*key));
    free(key);
}

void esv_privkey_public(const esv_privkey *key, uint8_t pub[65])
{
    memcpy(pub, key->point, sizeof(key->point));
}

esv_crypto_rc esv_privkey_sign_raw(const esv_privkey *key, const uint8_t digest[ESV_SHA256_LEN],
                                   uint8_t sig[64])
{
    static const char pers[] = "esv signed verdict blinding";
    mbedtls_ecp_group grp;
    mbedtls_mpi d, r, s;
    mbedtls_entropy_context entropy;
    mbedtls_ctr_drbg_context drbg;
    int ret;

    mbedtls_ecp_group_init(&grp);
    mbedtls_mpi_init(&d);
    mbedtls_mpi_init(&r);
    mbedtls_mpi_init(&s);
    mbedtls_entropy_init(&entropy);
    mbedtls_ctr_drbg_init(&drbg);
    /* RFC 6979 picks the nonce from the key and the digest; the DRBG,
     * seeded for this call only, blinds the scalar multiplication. */
    ret = mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &entropy, (const unsigned char *)pers,
                                sizeof(pers) - 1);
    if (ret == 0)
        ret = mbedtls_ecp_group_load(&grp, MBEDTLS_ECP_DP_SECP256R1);
    if (ret == 0)
        ret = mbedtls_mpi_read_binary(&d, key->d, sizeof(key->d));
    if (ret == 0)
        ret = mbedtls_ecdsa_sign_det_ext(&grp, &r, &s, &d, digest, ESV_SHA256_LEN, MBEDTLS_MD_SHA256,
                                         mbedtls_ctr_drbg_random, &drbg);
    if (ret == 0)
        ret = mbedtls_mpi_write_binary(&r, sig, 32);
    if (ret == 0)
        ret = mbedtls_mpi_write_binary(&s, sig + 32, 32);
    mbedtls_ctr_drbg_free(&drbg);
    mbedtls_entropy_free(&entropy);
    mbedtls_mpi_free(&s);
    mbedtls_mpi_free(&r);
    mbedtls_mpi_free(&d);
    mbedtls_ecp_group_free(&grp);
    if (ret != 0) {
        esv_memzero(sig, 64);
        return ESV_CRYPTO_NOMEM;
    }
    return ESV_CRYPTO_OK;
}

esv_crypto_rc esv_pubkey_from_pem(const uint8_t *pem, size_t len, uint8_t pub[65])
{
    mbedtls_pk_context pk;
    esv_crypto_rc rc = ESV_CRYPTO_OK;
    char *text;
    size_t olen = 0;
    int ret;

    memset(pub, 0, 65);
    if ((text = pem_copy(pem, len, &rc)) == NULL)
        return rc;
    mbedtls_pk_init(&pk);
    ret = mbedtls_pk_parse_public_key(&pk, (const unsigned char *)text, len + 1);
    free(text);
    if (ret != 0)
        rc = pk_rc(ret);
    else if (!is_p256(&pk))
        rc = ESV_CRYPTO_UNSUPPORTED;
    else if (mbedtls_ecp_point_write_binary(&mbedtls_pk_ec(pk)->grp, &mbedtls_pk_ec(pk)->Q,
                                            MBEDTLS_ECP_PF_UNCOMPRESSED, &olen, pub, 65) != 0 ||
             olen != 65)
        rc = ESV_CRYPTO_BAD_INPUT;
    mbedtls_pk_free(&pk);
    if (rc != ESV_CRYPTO_OK)
        memset(pub, 0, 65);
    return rc;
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
