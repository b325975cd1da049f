/*
 * crypto_mbedtls.c - crypto.h implemented with mbedTLS 2.28.
 */
#include "crypto.h"

#include <mbedtls/bignum.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/ecp.h>
#include <mbedtls/platform_util.h>
#include <mbedtls/sha256.h>
#include <string.h>

_Static_assert(sizeof(mbedtls_sha256_context) <= sizeof(((esv_sha256_ctx *)0)->opaque),
               "esv_sha256_ctx too small for mbedtls_sha256_context");

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

void esv_sha256_final(esv_sha256_ctx *c, uint8_t out[ESV_SHA256_LEN])
{
    mbedtls_sha256_context *m = (mbedtls_sha256_context *)(void *)c->opaque;
    (void)mbedtls_sha256_finish_ret(m, out);
    mbedtls_sha256_free(m);
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
