/*
 * crypto_openssl.c - crypto.h implemented with OpenSSL 3's libcrypto (EVP
 * APIs only; nothing deprecated in 3.0 is used), built by `make
 * CRYPTO=openssl` instead of crypto_mbedtls.c.
 *
 * The mbedTLS backend is the reference: the same input gives the same
 * esv_crypto_rc here. Where OpenSSL would decide differently or less
 * strictly (DER signature encodings, the range of r and s, point
 * encodings, the private scalar's range), the input is checked here first
 * with the mbedTLS backend's rules, and OpenSSL only sees what passed them.
 *
 * No state is kept between calls: every key, context and fetched
 * algorithm is made and freed within the call (OpenSSL 3's default
 * library context is thread-safe for this), save in the objects the
 * caller owns: esv_crypto_env (each curve's EC_GROUP and a key template)
 * and esv_pubkey (a key and a verify context made once).
 */
#define OPENSSL_API_COMPAT 30000
#define OPENSSL_NO_DEPRECATED

/* A fuzzing build takes the public-key operations from fuzz_fast.c:
 * fuzz_fast.h renames this file's out of the way (esv_real_*). */
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
#include "fuzz_fast.h"
#endif
#include "crypto.h"
#include "../der/der.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/params.h>
#include <openssl/pem.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* esv_sha256_ctx holds a pointer to OpenSSL's digest context. */
typedef struct sha_state {
    EVP_MD_CTX *md; /* NULL when esv_sha256_init could not allocate it */
} sha_state;
_Static_assert(sizeof(sha_state) <= sizeof(((esv_sha256_ctx *)0)->opaque),
               "esv_sha256_ctx too small for the OpenSSL state");
_Static_assert(_Alignof(sha_state) <= 16, "esv_sha256_ctx alignment too small");

/* The order n of each curve's base point, big-endian (SEC 2 2.4.2;
 * RFC 5639 3.4). */
static const uint8_t order_p256[32] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17, 0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51,
};
static const uint8_t order_bp256[32] = {
    0xA9, 0xFB, 0x57, 0xDB, 0xA1, 0xEE, 0xA9, 0xBC, 0x3E, 0x66, 0x0A, 0x90, 0x9D, 0x83, 0x8D, 0x71,
    0x8C, 0x39, 0x7A, 0xA3, 0xB5, 0x61, 0xA6, 0xF7, 0x90, 0x1E, 0x0E, 0x82, 0x97, 0x48, 0x56, 0xA7,
};

typedef struct curve_info {
    const char *group;   /* OpenSSL's group name */
    const uint8_t *order; /* 32 bytes */
    int slot;            /* index in esv_crypto_env's curves */
} curve_info;

static const curve_info *curve_of(esv_curve curve)
{
    static const curve_info p256 = {"prime256v1", order_p256, 0};
    static const curve_info bp256 = {"brainpoolP256r1", order_bp256, 1};
    switch (curve) {
    case ESV_CURVE_P256: return &p256;
    case ESV_CURVE_BP256R1: return &bp256;
    default: return NULL; /* FRP256v1 among them: OpenSSL has no such group */
    }
}

const char *esv_crypto_backend(void)
{
    return OpenSSL_version(OPENSSL_VERSION); /* "OpenSSL 3.0.x ..." of the library run */
}

/* --- SHA-256 --- */

esv_crypto_rc esv_sha256(const uint8_t *data, size_t len, uint8_t out[ESV_SHA256_LEN])
{
    /* EVP_Digest fails only when it cannot allocate its context. */
    if (EVP_Digest(data, len, out, NULL, EVP_sha256(), NULL) == 1)
        return ESV_CRYPTO_OK;
    memset(out, 0, ESV_SHA256_LEN);
    return ESV_CRYPTO_NOMEM;
}

void esv_sha256_init(esv_sha256_ctx *c)
{
    sha_state *s = (sha_state *)(void *)c->opaque;
    s->md = EVP_MD_CTX_new();
    if (s->md != NULL && EVP_DigestInit_ex(s->md, EVP_sha256(), NULL) != 1) {
        EVP_MD_CTX_free(s->md);
        s->md = NULL;
    }
}

void esv_sha256_update(esv_sha256_ctx *c, const uint8_t *data, size_t len)
{
    sha_state *s = (sha_state *)(void *)c->opaque;
    if (s->md != NULL && len > 0 && EVP_DigestUpdate(s->md, data, len) != 1) {
        EVP_MD_CTX_free(s->md);
        s->md = NULL; /* final reports the failure */
    }
}

/* Frees the EVP_MD_CTX that esv_sha256_init allocated (EVP_MD_CTX_free
 * cleanses the hash state); c is then unusable until the next init. */
esv_crypto_rc esv_sha256_final(esv_sha256_ctx *c, uint8_t out[ESV_SHA256_LEN])
{
    sha_state *s = (sha_state *)(void *)c->opaque;
    int ok = s->md != NULL && EVP_DigestFinal_ex(s->md, out, NULL) == 1;
    EVP_MD_CTX_free(s->md);
    s->md = NULL;
    if (!ok) {
        memset(out, 0, ESV_SHA256_LEN);
        return ESV_CRYPTO_NOMEM;
    }
    return ESV_CRYPTO_OK;
}

/* --- EC keys --- */

static int is_zero32(const uint8_t v[32])
{
    uint8_t acc = 0;
    for (int i = 0; i < 32; i++)
        acc |= v[i];
    return acc == 0;
}

/* 1 <= v < n, in time independent of v (it may be a private scalar). */
static int in_range32(const uint8_t v[32], const uint8_t n[32])
{
    unsigned borrow = 0;
    for (int i = 31; i >= 0; i--) {
        unsigned d = (unsigned)v[i] - (unsigned)n[i] - borrow;
        borrow = (d >> 8) & 1u;
    }
    /* borrow set <=> v < n */
    return (int)(borrow & (unsigned)!is_zero32(v));
}

/* A key from OSSL_PARAMs: the group, then "pub" and/or "priv". */
static esv_crypto_rc key_from_params(OSSL_PARAM *params, int selection, EVP_PKEY **out)
{
    EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
    esv_crypto_rc rc = ESV_CRYPTO_BAD_KEY;
    *out = NULL;
    if (pc == NULL)
        return ESV_CRYPTO_NOMEM;
    if (EVP_PKEY_fromdata_init(pc) != 1)
        rc = ESV_CRYPTO_NOMEM;
    else if (EVP_PKEY_fromdata(pc, out, selection, params) == 1)
        rc = ESV_CRYPTO_OK;
    EVP_PKEY_CTX_free(pc);
    return rc;
}

/*
 * The public key pub (04 || X || Y, 65 bytes) on the curve, checked as the
 * mbedTLS backend does (mbedtls_ecp_point_read_binary then
 * mbedtls_ecp_check_pubkey): uncompressed form only, both coordinates
 * below p, the point on the curve and not at infinity; anything else is
 * ESV_CRYPTO_BAD_KEY. OpenSSL's import (EC_POINT_oct2point) already checks
 * the coordinates and the curve equation; EVP_PKEY_public_check_quick
 * checks them again with the infinity, without the costly n * Q (both
 * curves have cofactor 1). *out is NULL unless ESV_CRYPTO_OK.
 */
static esv_crypto_rc load_pub(const curve_info *ci, const uint8_t *pub, size_t pub_len,
                              EVP_PKEY **out)
{
    uint8_t point[65];
    char group[24];
    OSSL_PARAM params[3];
    EVP_PKEY_CTX *cc;
    esv_crypto_rc rc;

    *out = NULL;
    if (pub == NULL || pub_len != sizeof(point) || pub[0] != 0x04)
        return ESV_CRYPTO_BAD_KEY;
    memcpy(point, pub, sizeof(point)); /* OSSL_PARAM wants writable buffers */
    strcpy(group, ci->group);
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group, 0);
    params[1] = OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, point, sizeof(point));
    params[2] = OSSL_PARAM_construct_end();
    rc = key_from_params(params, EVP_PKEY_PUBLIC_KEY, out);
    if (rc != ESV_CRYPTO_OK)
        return rc;
    cc = EVP_PKEY_CTX_new_from_pkey(NULL, *out, NULL);
    if (cc == NULL)
        rc = ESV_CRYPTO_NOMEM;
    else if (EVP_PKEY_public_check_quick(cc) != 1)
        rc = ESV_CRYPTO_BAD_KEY;
    EVP_PKEY_CTX_free(cc);
    if (rc != ESV_CRYPTO_OK) {
        EVP_PKEY_free(*out);
        *out = NULL;
    }
    return rc;
}

esv_crypto_rc esv_ec_pubkey_check(esv_curve curve, const uint8_t *pub, size_t pub_len)
{
    const curve_info *ci = curve_of(curve);
    EVP_PKEY *k;
    esv_crypto_rc rc;
    if (ci == NULL)
        return ESV_CRYPTO_UNSUPPORTED;
    rc = load_pub(ci, pub, pub_len, &k);
    EVP_PKEY_free(k);
    return rc;
}

/* --- ECDSA --- */

/*
 * Verifies (r, s), each 32 bytes big-endian, over the digest with the key
 * k (already checked): r and s in [1, n-1] and the verification itself
 * (BAD_SIGNATURE). OpenSSL is given the canonical DER encoding of (r, s),
 * so its own encoding checks never decide. base, when not NULL, is a
 * context for k that EVP_PKEY_verify_init has prepared: it is only read
 * (duplicated), which is much cheaper than a new context and init.
 */
static esv_crypto_rc verify_rs_key(const curve_info *ci, EVP_PKEY *k, const EVP_PKEY_CTX *base,
                                   const uint8_t digest[ESV_SHA256_LEN], const uint8_t r[32],
                                   const uint8_t s[32])
{
    uint8_t der[DER_ECDSA_SIG_MAX];
    size_t n;
    EVP_PKEY_CTX *vc;
    esv_crypto_rc rc;
    int ret;

    if (!in_range32(r, ci->order) || !in_range32(s, ci->order))
        return ESV_CRYPTO_BAD_SIGNATURE;
    n = der_write_ecdsa_sig(der, r, s);
    vc = base != NULL ? EVP_PKEY_CTX_dup(base) : NULL;
    if (vc == NULL) {
        vc = EVP_PKEY_CTX_new_from_pkey(NULL, k, NULL);
        if (vc != NULL && EVP_PKEY_verify_init(vc) != 1) {
            EVP_PKEY_CTX_free(vc);
            return ESV_CRYPTO_NOMEM;
        }
    }
    if (vc == NULL)
        return ESV_CRYPTO_NOMEM;
    /* No signature digest set: the 32 bytes are the hash as given, as
     * mbedtls_ecdsa_verify takes them. 1 verifies, 0 does not, < 0 is an
     * error, which the mbedTLS backend also reports as a signature that
     * does not verify. */
    ret = EVP_PKEY_verify(vc, der, n, digest, ESV_SHA256_LEN);
    rc = ret == 1 ? ESV_CRYPTO_OK : ESV_CRYPTO_BAD_SIGNATURE;
    EVP_PKEY_CTX_free(vc);
    return rc;
}

/* The common part of both signature forms, in the mbedTLS backend's
 * order: the curve (UNSUPPORTED), the key (BAD_KEY), then verify_rs_key. */
static esv_crypto_rc verify_rs(esv_curve curve, const uint8_t *pub, size_t pub_len,
                               const uint8_t digest[ESV_SHA256_LEN], const uint8_t r[32],
                               const uint8_t s[32])
{
    const curve_info *ci = curve_of(curve);
    EVP_PKEY *k;
    esv_crypto_rc rc;

    if (ci == NULL)
        return ESV_CRYPTO_UNSUPPORTED;
    rc = load_pub(ci, pub, pub_len, &k);
    if (rc != ESV_CRYPTO_OK)
        return rc;
    rc = verify_rs_key(ci, k, NULL, digest, r, s);
    EVP_PKEY_free(k);
    return rc;
}

/* Reads one DER INTEGER (short length, at most 33 bytes, minimal,
 * positive) at *p into v (32 bytes, big-endian): the mbedTLS backend's
 * rule. A value of 2^256 or more reads as all-ones (out of range). */
static int read_der_uint(const uint8_t **p, const uint8_t *end, uint8_t v[32])
{
    size_t len;
    const uint8_t *c;
    if (end - *p < 2 || (*p)[0] != 0x02 || (*p)[1] > 0x21 || (*p)[1] == 0)
        return -1;
    len = (*p)[1];
    c = *p + 2;
    if ((size_t)(end - c) < len)
        return -1;
    if ((c[0] & 0x80) || (len > 1 && c[0] == 0 && !(c[1] & 0x80)))
        return -1; /* negative or not minimal */
    *p = c + len;
    if (len == 33) {
        if (c[0] != 0) {
            /* 2^256 or more: well-formed, but no r or s can be that large.
             * mbedTLS reads it and its verification fails; all-ones is
             * above both orders, so verify_rs does the same. */
            memset(v, 0xff, 32);
            return 0;
        }
        c++; /* 00 then 32 bytes with the high bit set */
        len--;
    }
    memset(v, 0, 32);
    memcpy(v + 32 - len, c, len);
    return 0;
}

/* Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 5480, RFC
 * 3279 2.2.3), strict DER, short lengths (256-bit curves only), into r
 * and s: 0, or -1 when malformed (BAD_INPUT). */
static int read_der_sig(const uint8_t *sig, size_t sig_len, uint8_t r[32], uint8_t s[32])
{
    const uint8_t *p = sig, *end = sig + sig_len;
    if (sig_len < 8 || sig[0] != 0x30 || sig[1] != sig_len - 2 || sig[1] >= 0x80)
        return -1;
    p += 2;
    if (read_der_uint(&p, end, r) != 0 || read_der_uint(&p, end, s) != 0 || p != end)
        return -1;
    return 0;
}

esv_crypto_rc esv_ecdsa_verify_der(esv_curve curve, const uint8_t *pub, size_t pub_len,
                                   const uint8_t digest[ESV_SHA256_LEN],
                                   const uint8_t *sig, size_t sig_len)
{
    uint8_t r[32], s[32];
    if (read_der_sig(sig, sig_len, r, s) != 0)
        return ESV_CRYPTO_BAD_INPUT;
    return verify_rs(curve, pub, pub_len, digest, r, s);
}

esv_crypto_rc esv_ecdsa_verify_raw(esv_curve curve, const uint8_t *pub, size_t pub_len,
                                   const uint8_t digest[ESV_SHA256_LEN],
                                   const uint8_t *sig, size_t sig_len)
{
    if (sig_len != 64)
        return ESV_CRYPTO_BAD_INPUT;
    return verify_rs(curve, pub, pub_len, digest, sig, sig + 32);
}

/* --- Keys made once ---
 *
 * EVP_PKEY_fromdata builds the curve's group anew for every key (about
 * 35 us for P-256, more than a verification). The env keeps, per curve,
 * the group (EC_GROUP) and a key holding only the domain parameters: a
 * point is checked with EC_POINT_oct2point on the group, and a key is the
 * template duplicated with the point set (EVP_PKEY_dup,
 * EVP_PKEY_set1_encoded_public_key), a fifth of fromdata's cost. Both only
 * read the env. EC_POINT_oct2point, which both go through, rejects
 * coordinates not below p and a point off the curve
 * (EC_POINT_set_affine_coordinates checks it), and 04 || X || Y cannot
 * encode the point at infinity: the checks load_pub makes. */
struct esv_crypto_env {
    struct {
        EC_GROUP *group;
        EVP_PKEY *tmpl;
    } curve[2];
};

void esv_crypto_env_free(esv_crypto_env *env)
{
    if (env == NULL)
        return;
    for (int i = 0; i < 2; i++) {
        EC_GROUP_free(env->curve[i].group);
        EVP_PKEY_free(env->curve[i].tmpl);
    }
    free(env);
}

esv_crypto_rc esv_crypto_env_new(esv_crypto_env **out)
{
    static const esv_curve curves[2] = {ESV_CURVE_P256, ESV_CURVE_BP256R1};
    esv_crypto_env *env = calloc(1, sizeof(*env));
    *out = NULL;
    if (env == NULL)
        return ESV_CRYPTO_NOMEM;
    for (int i = 0; i < 2; i++) {
        const curve_info *ci = curve_of(curves[i]);
        char group[24];
        OSSL_PARAM params[2];
        strcpy(group, ci->group);
        params[0] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group, 0);
        params[1] = OSSL_PARAM_construct_end();
        /* A curve the library cannot make here (a provider without
         * brainpool, say) stays NULL: its keys take the slower way, which
         * then reports what it reports without an env. */
        env->curve[ci->slot].group =
            EC_GROUP_new_by_curve_name_ex(NULL, NULL, OBJ_txt2nid(ci->group));
        if (env->curve[ci->slot].group == NULL ||
            key_from_params(params, EVP_PKEY_KEY_PARAMETERS, &env->curve[ci->slot].tmpl) !=
                ESV_CRYPTO_OK) {
            EC_GROUP_free(env->curve[ci->slot].group);
            env->curve[ci->slot].group = NULL;
            EVP_PKEY_free(env->curve[ci->slot].tmpl);
            env->curve[ci->slot].tmpl = NULL;
        }
    }
    *out = env;
    return ESV_CRYPTO_OK;
}

esv_crypto_rc esv_ec_pubkey_check_env(const esv_crypto_env *env, esv_curve curve,
                                      const uint8_t *pub, size_t pub_len)
{
    const curve_info *ci = curve_of(curve);
    const EC_GROUP *g;
    EC_POINT *q;
    esv_crypto_rc rc;
    if (env == NULL || ci == NULL || env->curve[ci->slot].group == NULL)
        return esv_ec_pubkey_check(curve, pub, pub_len);
    if (pub == NULL || pub_len != 65 || pub[0] != 0x04)
        return ESV_CRYPTO_BAD_KEY;
    g = env->curve[ci->slot].group;
    q = EC_POINT_new(g);
    if (q == NULL)
        return ESV_CRYPTO_NOMEM;
    rc = EC_POINT_oct2point(g, q, pub, pub_len, NULL) == 1 ? ESV_CRYPTO_OK : ESV_CRYPTO_BAD_KEY;
    EC_POINT_free(q);
    return rc;
}

struct esv_pubkey {
    atomic_uint refs;
    const curve_info *ci;
    EVP_PKEY *k;
    EVP_PKEY_CTX *vc; /* verify-initialised; duplicated for each verification */
};

esv_pubkey *esv_pubkey_ref(esv_pubkey *key)
{
    atomic_fetch_add(&key->refs, 1);
    return key;
}

void esv_pubkey_free(esv_pubkey *key)
{
    if (key == NULL || atomic_fetch_sub(&key->refs, 1) != 1)
        return;
    EVP_PKEY_CTX_free(key->vc);
    EVP_PKEY_free(key->k);
    free(key);
}

esv_crypto_rc esv_pubkey_new(const esv_crypto_env *env, esv_curve curve, const uint8_t *pub,
                             size_t pub_len, esv_pubkey **out)
{
    const curve_info *ci = curve_of(curve);
    esv_pubkey *key;
    esv_crypto_rc rc;

    *out = NULL;
    if (ci == NULL)
        return ESV_CRYPTO_UNSUPPORTED;
    key = calloc(1, sizeof(*key));
    if (key == NULL)
        return ESV_CRYPTO_NOMEM;
    atomic_init(&key->refs, 1);
    key->ci = ci;
    if (env == NULL || env->curve[ci->slot].tmpl == NULL) {
        rc = load_pub(ci, pub, pub_len, &key->k);
    } else if (pub == NULL || pub_len != 65 || pub[0] != 0x04) {
        rc = ESV_CRYPTO_BAD_KEY;
    } else {
        key->k = EVP_PKEY_dup(env->curve[ci->slot].tmpl);
        if (key->k == NULL)
            rc = ESV_CRYPTO_NOMEM;
        else
            rc = EVP_PKEY_set1_encoded_public_key(key->k, pub, pub_len) == 1 ? ESV_CRYPTO_OK
                                                                            : ESV_CRYPTO_BAD_KEY;
    }
    if (rc == ESV_CRYPTO_OK) {
        key->vc = EVP_PKEY_CTX_new_from_pkey(NULL, key->k, NULL);
        if (key->vc == NULL || EVP_PKEY_verify_init(key->vc) != 1)
            rc = ESV_CRYPTO_NOMEM;
    }
    if (rc != ESV_CRYPTO_OK) {
        esv_pubkey_free(key);
        return rc;
    }
    *out = key;
    return ESV_CRYPTO_OK;
}

esv_crypto_rc esv_pubkey_verify_der(const esv_pubkey *key, const uint8_t digest[ESV_SHA256_LEN],
                                    const uint8_t *sig, size_t sig_len)
{
    uint8_t r[32], s[32];
    if (read_der_sig(sig, sig_len, r, s) != 0)
        return ESV_CRYPTO_BAD_INPUT;
    return verify_rs_key(key->ci, key->k, key->vc, digest, r, s);
}

/* --- Signing keys --- */

struct esv_privkey {
    EVP_PKEY *pkey;
    uint8_t point[65];
};

/* The PEM password callback: no password. An encrypted key is refused,
 * never prompted for on the terminal (OpenSSL's default callback would). */
static int no_password(char *buf, int size, int rwflag, void *u)
{
    (void)buf;
    (void)size;
    (void)rwflag;
    (void)u;
    return -1;
}

/* A memory BIO over PEM text, or NULL with *rc set: only text without a
 * NUL is taken, as the mbedTLS backend takes it. */
static BIO *pem_bio(const uint8_t *pem, size_t len, esv_crypto_rc *rc)
{
    BIO *b;
    if (pem == NULL || len == 0 || len > INT_MAX || memchr(pem, '\0', len) != NULL) {
        *rc = ESV_CRYPTO_BAD_INPUT;
        return NULL;
    }
    b = BIO_new_mem_buf(pem, (int)len);
    if (b == NULL)
        *rc = ESV_CRYPTO_NOMEM;
    return b;
}

/* Is k an EC key on P-256? */
static int is_p256(const EVP_PKEY *k)
{
    char name[32];
    size_t n = 0;
    return EVP_PKEY_is_a(k, "EC") &&
           EVP_PKEY_get_group_name(k, name, sizeof(name), &n) == 1 &&
           strcmp(name, "prime256v1") == 0;
}

/* The key's point, uncompressed, into pub: 0 or -1. */
static int encoded_point(EVP_PKEY *k, uint8_t pub[65])
{
    size_t n = 0;
    char form[] = "uncompressed";
    OSSL_PARAM set[2];
    set[0] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT, form, 0);
    set[1] = OSSL_PARAM_construct_end();
    if (EVP_PKEY_set_params(k, set) != 1)
        return -1;
    if (EVP_PKEY_get_octet_string_param(k, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, pub, 65, &n) != 1 ||
        n != 65 || pub[0] != 0x04)
        return -1;
    return 0;
}

esv_crypto_rc esv_privkey_from_pem(const uint8_t *pem, size_t len, esv_privkey **out)
{
    esv_crypto_rc rc = ESV_CRYPTO_OK;
    BIO *b;
    EVP_PKEY *k;

    *out = NULL;
    if ((b = pem_bio(pem, len, &rc)) == NULL)
        return rc;
    k = PEM_read_bio_PrivateKey(b, NULL, no_password, NULL);
    BIO_free(b);
    if (k == NULL) {
        rc = ESV_CRYPTO_BAD_INPUT;
    } else if (!is_p256(k)) {
        rc = ESV_CRYPTO_UNSUPPORTED;
    } else if ((*out = calloc(1, sizeof(**out))) == NULL) {
        rc = ESV_CRYPTO_NOMEM;
    } else if (encoded_point(k, (*out)->point) != 0) {
        rc = ESV_CRYPTO_BAD_INPUT;
    } else {
        (*out)->pkey = k;
        k = NULL;
    }
    EVP_PKEY_free(k); /* frees (and cleanses) the key when not kept */
    ERR_clear_error(); /* what the PEM decoders left on this thread's queue */
    if (rc != ESV_CRYPTO_OK) {
        free(*out);
        *out = NULL;
    }
    return rc;
}

void esv_privkey_free(esv_privkey *key)
{
    if (key == NULL)
        return;
    EVP_PKEY_free(key->pkey);
    free(key);
}

void esv_privkey_public(const esv_privkey *key, uint8_t pub[65])
{
    memcpy(pub, key->point, sizeof(key->point));
}

esv_crypto_rc esv_privkey_sign_raw(const esv_privkey *key, const uint8_t digest[ESV_SHA256_LEN],
                                   uint8_t sig[64])
{
    uint8_t der[80];
    size_t n = sizeof(der);
    const unsigned char *p = der;
    EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, key->pkey, NULL);
    ECDSA_SIG *es = NULL;
    const BIGNUM *r, *s;
    int ok = c != NULL && EVP_PKEY_sign_init(c) == 1 &&
             EVP_PKEY_sign(c, der, &n, digest, ESV_SHA256_LEN) == 1 &&
             (es = d2i_ECDSA_SIG(NULL, &p, (long)n)) != NULL;
    if (ok) {
        ECDSA_SIG_get0(es, &r, &s);
        ok = BN_bn2binpad(r, sig, 32) == 32 && BN_bn2binpad(s, sig + 32, 32) == 32;
    }
    ECDSA_SIG_free(es);
    EVP_PKEY_CTX_free(c);
    if (!ok) {
        esv_memzero(sig, 64);
        ERR_clear_error();
        return ESV_CRYPTO_NOMEM;
    }
    return ESV_CRYPTO_OK;
}

esv_crypto_rc esv_pubkey_from_pem(const uint8_t *pem, size_t len, uint8_t pub[65])
{
    esv_crypto_rc rc = ESV_CRYPTO_OK;
    BIO *b;
    EVP_PKEY *k;
    size_t n = 0;

    memset(pub, 0, 65);
    if ((b = pem_bio(pem, len, &rc)) == NULL)
        return rc;
    k = PEM_read_bio_PUBKEY(b, NULL, no_password, NULL);
    BIO_free(b);
    if (k == NULL)
        rc = ESV_CRYPTO_BAD_INPUT;
    else if (!is_p256(k))
        rc = ESV_CRYPTO_UNSUPPORTED;
    /* the point as the key holds it: a compressed one is refused, as the
     * mbedTLS backend refuses it */
    else if (EVP_PKEY_get_octet_string_param(k, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, pub, 65, &n) != 1 ||
             n != 65 || pub[0] != 0x04)
        rc = ESV_CRYPTO_BAD_INPUT;
    EVP_PKEY_free(k);
    ERR_clear_error();
    if (rc != ESV_CRYPTO_OK)
        memset(pub, 0, 65);
    return rc;
}

/* --- BSP primitives --- */

esv_crypto_rc esv_ecdh_shared_secret(esv_curve curve, const uint8_t *priv, size_t priv_len,
                                     const uint8_t *peer, size_t peer_len,
                                     uint8_t out[ESV_ECDH_SECRET_LEN])
{
    const curve_info *ci = curve_of(curve);
    EVP_PKEY *q = NULL, *d = NULL;
    EVP_PKEY_CTX *dc = NULL;
    uint8_t scalar[32]; /* d in the native byte order OSSL_PARAM BNs use */
    char group[24];
    OSSL_PARAM params[3];
    size_t outlen = ESV_ECDH_SECRET_LEN;
    esv_crypto_rc rc;

    memset(out, 0, ESV_ECDH_SECRET_LEN);
    if (ci == NULL)
        return ESV_CRYPTO_UNSUPPORTED;
    if (priv == NULL || peer == NULL || priv_len != 32 || peer_len != 65 || peer[0] != 0x04)
        return ESV_CRYPTO_BAD_KEY;
    /* The peer's point is validated before any use (SEC 1 3.2.2.1: an
     * invalid-curve point would leak the scalar). */
    rc = load_pub(ci, peer, peer_len, &q);
    if (rc != ESV_CRYPTO_OK)
        return rc;
    if (!in_range32(priv, ci->order)) {
        rc = ESV_CRYPTO_BAD_KEY;
        goto out;
    }
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    for (int i = 0; i < 32; i++)
        scalar[i] = priv[31 - i];
#elif defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    memcpy(scalar, priv, 32);
#else
#error "unknown byte order: OSSL_PARAM_construct_BN takes native-endian integers"
#endif
    strcpy(group, ci->group);
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group, 0);
    params[1] = OSSL_PARAM_construct_BN(OSSL_PKEY_PARAM_PRIV_KEY, scalar, sizeof(scalar));
    params[2] = OSSL_PARAM_construct_end();
    /* OpenSSL copies the scalar into its key (freed with BN_clear_free). */
    rc = key_from_params(params, EVP_PKEY_KEYPAIR, &d);
    esv_memzero(scalar, sizeof(scalar));
    if (rc != ESV_CRYPTO_OK)
        goto out;
    dc = EVP_PKEY_CTX_new_from_pkey(NULL, d, NULL);
    if (dc == NULL || EVP_PKEY_derive_init(dc) != 1 || EVP_PKEY_derive_set_peer(dc, q) != 1) {
        rc = dc == NULL ? ESV_CRYPTO_NOMEM : ESV_CRYPTO_BAD_KEY;
        goto out;
    }
    /* The x-coordinate of d * Q, left-padded to the field size (32). A
     * point at infinity fails the derivation: BAD_KEY, as in mbedTLS. */
    if (EVP_PKEY_derive(dc, out, &outlen) != 1 || outlen != ESV_ECDH_SECRET_LEN)
        rc = ESV_CRYPTO_BAD_KEY;
out:
    if (rc != ESV_CRYPTO_OK)
        esv_memzero(out, ESV_ECDH_SECRET_LEN);
    EVP_PKEY_CTX_free(dc);
    EVP_PKEY_free(d); /* clears the private scalar */
    EVP_PKEY_free(q);
    return rc;
}

/* AES-128 (CBC or ECB) over len bytes, a multiple of 16, no padding. The
 * cipher context is freed with EVP_CIPHER_CTX_free, which cleanses the
 * key schedule. */
static esv_crypto_rc aes(const EVP_CIPHER *cipher, int enc, const uint8_t key[ESV_AES128_KEY_LEN],
                         const uint8_t *iv, const uint8_t *in, size_t len, uint8_t *out)
{
    EVP_CIPHER_CTX *c;
    int outl = 0, fin = 0, ok;
    if (len % ESV_AES_BLOCK_LEN != 0 || len > (size_t)(INT32_MAX - ESV_AES_BLOCK_LEN))
        return ESV_CRYPTO_BAD_INPUT;
    if (len == 0)
        return ESV_CRYPTO_OK;
    c = EVP_CIPHER_CTX_new();
    if (c == NULL)
        return ESV_CRYPTO_NOMEM;
    /* in == out is allowed by EVP (exact overlap); iv is copied. */
    ok = EVP_CipherInit_ex(c, cipher, NULL, key, iv, enc) == 1 &&
         EVP_CIPHER_CTX_set_padding(c, 0) == 1 &&
         EVP_CipherUpdate(c, out, &outl, in, (int)len) == 1 &&
         EVP_CipherFinal_ex(c, out + outl, &fin) == 1 && (size_t)outl + (size_t)fin == len;
    EVP_CIPHER_CTX_free(c);
    return ok ? ESV_CRYPTO_OK : ESV_CRYPTO_BAD_INPUT;
}

esv_crypto_rc esv_aes128_cbc_encrypt(const uint8_t key[ESV_AES128_KEY_LEN],
                                     const uint8_t iv[ESV_AES_BLOCK_LEN], const uint8_t *in,
                                     size_t len, uint8_t *out)
{
    return aes(EVP_aes_128_cbc(), 1, key, iv, in, len, out);
}

esv_crypto_rc esv_aes128_cbc_decrypt(const uint8_t key[ESV_AES128_KEY_LEN],
                                     const uint8_t iv[ESV_AES_BLOCK_LEN], const uint8_t *in,
                                     size_t len, uint8_t *out)
{
    return aes(EVP_aes_128_cbc(), 0, key, iv, in, len, out);
}

esv_crypto_rc esv_aes128_ecb_encrypt(const uint8_t key[ESV_AES128_KEY_LEN],
                                     const uint8_t in[ESV_AES_BLOCK_LEN],
                                     uint8_t out[ESV_AES_BLOCK_LEN])
{
    return aes(EVP_aes_128_ecb(), 1, key, NULL, in, ESV_AES_BLOCK_LEN, out);
}

esv_crypto_rc esv_aes128_cmac(const uint8_t key[ESV_AES128_KEY_LEN], const esv_crypto_part *parts,
                              size_t nparts, uint8_t out[ESV_AES_BLOCK_LEN])
{
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "CMAC", NULL);
    EVP_MAC_CTX *c = NULL;
    char cipher[] = "AES-128-CBC";
    OSSL_PARAM params[2];
    size_t outl = 0, i;
    esv_crypto_rc rc = ESV_CRYPTO_BAD_INPUT;
    int ok;

    if (mac == NULL)
        return ESV_CRYPTO_UNSUPPORTED;
    c = EVP_MAC_CTX_new(mac);
    if (c == NULL) {
        rc = ESV_CRYPTO_NOMEM;
        goto out;
    }
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, cipher, 0);
    params[1] = OSSL_PARAM_construct_end();
    ok = EVP_MAC_init(c, key, ESV_AES128_KEY_LEN, params) == 1;
    for (i = 0; ok && i < nparts; i++)
        if (parts[i].len > 0)
            ok = EVP_MAC_update(c, parts[i].data, parts[i].len) == 1;
    if (ok && EVP_MAC_final(c, out, &outl, ESV_AES_BLOCK_LEN) == 1 && outl == ESV_AES_BLOCK_LEN)
        rc = ESV_CRYPTO_OK;
out:
    EVP_MAC_CTX_free(c); /* cleanses the key schedule and the CMAC state */
    EVP_MAC_free(mac);
    if (rc != ESV_CRYPTO_OK)
        esv_memzero(out, ESV_AES_BLOCK_LEN);
    return rc;
}

int esv_ct_equal(const void *a, const void *b, size_t n)
{
    return CRYPTO_memcmp(a, b, n) == 0;
}

void esv_memzero(void *p, size_t n)
{
    OPENSSL_cleanse(p, n);
}
