/*
 * test_crypto.c - the crypto interface: SHA-256 vectors (FIPS 180-2
 * examples), ECDSA verification on both curves in DER and raw r||s form
 * with keys generated at test time, and the constant-time compare.
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/entropy.h>

#include "crypto/crypto.h"
#include "testutil.h"

static void test_sha256_vectors(void **state)
{
    uint8_t out[32];
    size_t n;
    uint8_t *abc = tu_hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", &n);
    uint8_t *two = tu_hex("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", &n);
    esv_sha256_ctx c;
    static const char msg2[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    (void)state;
    assert_int_equal(esv_sha256((const uint8_t *)"abc", 3, out), ESV_CRYPTO_OK);
    assert_memory_equal(out, abc, 32);
    /* incremental, split at an odd place */
    esv_sha256_init(&c);
    esv_sha256_update(&c, (const uint8_t *)msg2, 7);
    esv_sha256_update(&c, (const uint8_t *)msg2 + 7, strlen(msg2) - 7);
    esv_sha256_final(&c, out);
    assert_memory_equal(out, two, 32);
    free(abc);
    free(two);
}

typedef struct keypair {
    mbedtls_ecdsa_context key;
    uint8_t pub[65];
    size_t pub_len;
} keypair;

static mbedtls_ctr_drbg_context drbg;
static mbedtls_entropy_context entropy;

static int setup(void **state)
{
    (void)state;
    mbedtls_entropy_init(&entropy);
    mbedtls_ctr_drbg_init(&drbg);
    return mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &entropy,
                                 (const unsigned char *)"esv-test", 8);
}

static int teardown(void **state)
{
    (void)state;
    mbedtls_ctr_drbg_free(&drbg);
    mbedtls_entropy_free(&entropy);
    return 0;
}

static void make_key(keypair *kp, mbedtls_ecp_group_id gid)
{
    mbedtls_ecdsa_init(&kp->key);
    assert_int_equal(mbedtls_ecdsa_genkey(&kp->key, gid, mbedtls_ctr_drbg_random, &drbg), 0);
    assert_int_equal(mbedtls_ecp_point_write_binary(&kp->key.grp, &kp->key.Q,
                                                    MBEDTLS_ECP_PF_UNCOMPRESSED, &kp->pub_len,
                                                    kp->pub, sizeof(kp->pub)),
                     0);
}

static void check_curve(esv_curve curve, mbedtls_ecp_group_id gid)
{
    keypair kp, other;
    uint8_t digest[32], sig[80], raw[64];
    size_t sig_len;
    mbedtls_mpi r, s;
    make_key(&kp, gid);
    make_key(&other, gid);
    assert_int_equal(esv_sha256((const uint8_t *)"signed data", 11, digest), ESV_CRYPTO_OK);
    assert_int_equal(mbedtls_ecdsa_write_signature(&kp.key, MBEDTLS_MD_SHA256, digest, 32, sig,
                                                   &sig_len, mbedtls_ctr_drbg_random, &drbg),
                     0);
    assert_int_equal(esv_ecdsa_verify_der(curve, kp.pub, kp.pub_len, digest, sig, sig_len),
                     ESV_CRYPTO_OK);
    /* wrong key, altered digest */
    assert_int_equal(esv_ecdsa_verify_der(curve, other.pub, other.pub_len, digest, sig, sig_len),
                     ESV_CRYPTO_BAD_SIGNATURE);
    digest[0] ^= 1;
    assert_int_equal(esv_ecdsa_verify_der(curve, kp.pub, kp.pub_len, digest, sig, sig_len),
                     ESV_CRYPTO_BAD_SIGNATURE);
    digest[0] ^= 1;
    /* malformed DER signature: wrong outer length, trailing byte */
    sig[1]++;
    assert_int_equal(esv_ecdsa_verify_der(curve, kp.pub, kp.pub_len, digest, sig, sig_len),
                     ESV_CRYPTO_BAD_INPUT);
    sig[1]--;
    /* raw r||s form of the same signature */
    mbedtls_mpi_init(&r);
    mbedtls_mpi_init(&s);
    assert_int_equal(mbedtls_ecdsa_sign(&kp.key.grp, &r, &s, &kp.key.d, digest, 32,
                                        mbedtls_ctr_drbg_random, &drbg), 0);
    assert_int_equal(mbedtls_mpi_write_binary(&r, raw, 32), 0);
    assert_int_equal(mbedtls_mpi_write_binary(&s, raw + 32, 32), 0);
    assert_int_equal(esv_ecdsa_verify_raw(curve, kp.pub, kp.pub_len, digest, raw, 64),
                     ESV_CRYPTO_OK);
    raw[63] ^= 0x01;
    assert_int_equal(esv_ecdsa_verify_raw(curve, kp.pub, kp.pub_len, digest, raw, 64),
                     ESV_CRYPTO_BAD_SIGNATURE);
    assert_int_equal(esv_ecdsa_verify_raw(curve, kp.pub, kp.pub_len, digest, raw, 63),
                     ESV_CRYPTO_BAD_INPUT);
    /* a point not on the curve */
    kp.pub[64] ^= 0x01;
    assert_int_equal(esv_ecdsa_verify_der(curve, kp.pub, kp.pub_len, digest, sig, sig_len),
                     ESV_CRYPTO_BAD_KEY);
    mbedtls_mpi_free(&r);
    mbedtls_mpi_free(&s);
    mbedtls_ecdsa_free(&kp.key);
    mbedtls_ecdsa_free(&other.key);
}

static void test_ecdsa_p256(void **state)
{
    (void)state;
    check_curve(ESV_CURVE_P256, MBEDTLS_ECP_DP_SECP256R1);
}

static void test_ecdsa_brainpool(void **state)
{
    (void)state;
    check_curve(ESV_CURVE_BP256R1, MBEDTLS_ECP_DP_BP256R1);
}

static void test_unsupported_curve(void **state)
{
    uint8_t digest[32] = {0}, raw[64] = {1}, pub[65] = {4};
    (void)state;
    assert_int_equal(esv_ecdsa_verify_raw(ESV_CURVE_FRP256V1, pub, 65, digest, raw, 64),
                     ESV_CRYPTO_UNSUPPORTED);
}

static void test_ct_equal_and_zero(void **state)
{
    uint8_t a[16], b[16];
    (void)state;
    memset(a, 0x5a, sizeof(a));
    memcpy(b, a, sizeof(b));
    assert_int_equal(esv_ct_equal(a, b, 16), 1);
    b[15] ^= 0x80;
    assert_int_equal(esv_ct_equal(a, b, 16), 0);
    assert_int_equal(esv_ct_equal(a, b, 15), 1);
    esv_memzero(a, sizeof(a));
    for (size_t i = 0; i < sizeof(a); i++)
        assert_int_equal(a[i], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_vectors),
        cmocka_unit_test(test_ecdsa_p256),
        cmocka_unit_test(test_ecdsa_brainpool),
        cmocka_unit_test(test_unsupported_curve),
        cmocka_unit_test(test_ct_equal_and_zero),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
