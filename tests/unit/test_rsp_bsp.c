/*
 * test_rsp_bsp.c - the SGP.22 BSP (SCP03t) layer and the BoundProfilePackage
 * check: the vectors of ../shared/testdata/rsp/bpp/bsp_vectors.json (KDF,
 * ECKA, segment protection with session keys and PPKs, a full BPP decode),
 * the recorded session (key agreement from otsk-dp.bin and the eUICC's
 * otPK in the PrepareDownloadResponse, then the BPP back to upp.der), two
 * real encrypted captures without keys, and packages made by the project's
 * own builder, clean and tampered, each defect with its rule id. Shared
 * data is read in place; without it those tests are skipped.
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <jansson.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecdh.h>
#include <mbedtls/entropy.h>

#include "bpp_builder.h"
#include "crypto/crypto.h"
#include "der/der.h"
#include "esv/esv.h"
#include "report/report_internal.h"
#include "rsp/bpp.h"
#include "rsp/bsp.h"
#include "testutil.h"

#define SKIP_WITHOUT_DATA()                                                    \
    do {                                                                       \
        if (tu_testdata() == NULL)                                             \
            skip();                                                            \
    } while (0)

/* ---------------------------------------------------------------- helpers */

static json_t *vectors(void)
{
    size_t n;
    uint8_t *raw = tu_read_testdata("rsp/bpp/bsp_vectors.json", &n);
    json_error_t err;
    json_t *root;
    assert_non_null(raw);
    root = json_loadb((const char *)raw, n, 0, &err);
    free(raw);
    if (root == NULL)
        fail_msg("bsp_vectors.json: %s (line %d)", err.text, err.line);
    return root;
}

static const char *jstr(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    if (s == NULL)
        fail_msg("vector without string '%s'", key);
    return s;
}

static uint8_t *jhex(const json_t *o, const char *key, size_t *len)
{
    return tu_hex(jstr(o, key), len);
}

/* "0x88" */
static uint8_t jbyte(const json_t *o, const char *key)
{
    unsigned long v = strtoul(jstr(o, key), NULL, 16);
    assert_true(v <= 0xFF);
    return (uint8_t)v;
}

static void jkeys(const json_t *o, const char *enc, const char *mac, const char *icv,
                  esv_bsp_keys *k)
{
    size_t n;
    uint8_t *e = jhex(o, enc, &n), *m, *i;
    assert_int_equal(n, 16);
    m = jhex(o, mac, &n);
    assert_int_equal(n, 16);
    i = jhex(o, icv, &n);
    assert_int_equal(n, 16);
    memcpy(k->s_enc, e, 16);
    memcpy(k->s_mac, m, 16);
    memcpy(k->icv, i, 16);
    free(e);
    free(m);
    free(i);
}

typedef struct checked {
    esv_ctx *ctx;
    esv_report *r;
    esv_bpp_info info;
    uint8_t *upp;
    size_t upp_len;
    esv_status st;
} checked;

static void check_bpp(checked *c, const uint8_t *bpp, size_t len, const esv_bsp_keys *keys,
                      const esv_bsp_keys *ppk)
{
    memset(c, 0, sizeof(*c));
    assert_int_equal(esv_ctx_new(&c->ctx), ESV_OK);
    c->r = esv_report_create(c->ctx, "rsp");
    assert_non_null(c->r);
    c->st = esv_rsp_bpp_check(c->r, bpp, len, keys, ppk, &c->upp, &c->upp_len, &c->info);
    assert_int_equal(c->st, ESV_OK);
    esv_report_finish(c->r);
}

static void checked_free(checked *c)
{
    esv_rsp_upp_free(c->upp, c->upp_len);
    esv_bpp_info_free(&c->info);
    esv_report_free(c->r);
    esv_ctx_free(c->ctx);
}

static size_t count_sev(const esv_report *r, esv_severity sev)
{
    return esv_report_count_severity(r, sev);
}

static void print_findings(const esv_report *r)
{
    size_t i;
    for (i = 0; i < esv_report_finding_count(r); i++) {
        const esv_finding *f = esv_report_finding(r, i);
        fprintf(stderr, "  %s @%lld: %s\n", esv_finding_rule_id(f),
                (long long)esv_finding_offset(f), esv_finding_message(f));
    }
}

/* The report has a finding of id (at offset, unless offset < 0). */
static void assert_finding(const esv_report *r, const char *id, int64_t offset)
{
    size_t i;
    for (i = 0; i < esv_report_finding_count(r); i++) {
        const esv_finding *f = esv_report_finding(r, i);
        if (strcmp(esv_finding_rule_id(f), id) == 0 &&
            (offset < 0 || esv_finding_offset(f) == offset))
            return;
    }
    print_findings(r);
    fail_msg("no %s finding at offset %lld", id, (long long)offset);
}

/* Only the given rule ids, nothing else. */
static void assert_only(const esv_report *r, const char *const *ids, size_t n)
{
    size_t i, k;
    for (i = 0; i < esv_report_finding_count(r); i++) {
        const char *id = esv_finding_rule_id(esv_report_finding(r, i));
        for (k = 0; k < n && strcmp(ids[k], id) != 0; k++)
            ;
        if (k == n) {
            print_findings(r);
            fail_msg("unexpected finding %s", id);
        }
    }
}

static bool eq_span(const uint8_t *in, const esv_bpp_tlv *t, const char *hex)
{
    size_t n;
    uint8_t *want = tu_hex(hex, &n);
    bool ok = t->present && t->val_len == n && memcmp(in + t->val_off, want, n) == 0;
    free(want);
    return ok;
}

/* The k-th child of a constructed TLV of buf (offsets from buf). */
static der_tlv child(const uint8_t *buf, const der_tlv *parent, size_t k)
{
    der_cursor c;
    der_tlv t;
    size_t i;
    (void)buf;
    der_cursor_init(&c, parent->val, parent->len, parent->off + parent->hdr_len);
    for (i = 0; i <= k; i++)
        assert_int_equal(der_read_tlv(&c, &t, NULL), DER_OK);
    return t;
}

static der_tlv outer_of(const uint8_t *buf, size_t len)
{
    der_cursor c;
    der_tlv t;
    der_cursor_init(&c, buf, len, 0);
    assert_int_equal(der_read_tlv(&c, &t, NULL), DER_OK);
    return t;
}

/* Depth-first search for a TLV of class/tag anywhere in a DER value. */
static bool find_tag(const uint8_t *buf, size_t len, size_t origin, uint8_t cls, uint32_t tag,
                     der_tlv *out)
{
    der_cursor c;
    der_tlv t;
    der_cursor_init(&c, buf, len, origin);
    while (!der_cursor_done(&c)) {
        if (der_read_tlv(&c, &t, NULL) != DER_OK)
            return false;
        if (t.cls == cls && t.tag == tag) {
            *out = t;
            return true;
        }
        if (t.constructed && find_tag(t.val, t.len, t.off + t.hdr_len, cls, tag, out))
            return true;
    }
    return false;
}

/* ---------------------------------------------------------------- vectors */

/* kdf: shared secret + keyType + keyLen + hostId + EID -> ICV, S-ENC, S-MAC */
static void test_kdf_vectors(void **state)
{
    json_t *root, *kdf, *v;
    size_t i;
    (void)state;
    SKIP_WITHOUT_DATA();
    root = vectors();
    kdf = json_object_get(root, "kdf");
    assert_true(json_is_array(kdf));
    assert_true(json_array_size(kdf) >= 2);
    json_array_foreach(kdf, i, v)
    {
        size_t zl, hl, el;
        uint8_t *z = jhex(v, "shared_secret", &zl), *host = jhex(v, "host_id", &hl),
                *eid = jhex(v, "eid", &el);
        esv_bsp_keys want, got;
        json_int_t key_len = json_integer_value(json_object_get(v, "key_len"));
        jkeys(v, "s_enc", "s_mac", "icv", &want);
        assert_int_equal(esv_bsp_derive_keys(z, zl, jbyte(v, "key_type"), (uint8_t)key_len, host,
                                             hl, eid, el, &got),
                         ESV_BSP_OK);
        assert_memory_equal(got.s_enc, want.s_enc, 16);
        assert_memory_equal(got.s_mac, want.s_mac, 16);
        assert_memory_equal(got.icv, want.icv, 16);
        /* keyType other than '88' or keyLen other than 16: refused, zeroed */
        assert_int_equal(esv_bsp_derive_keys(z, zl, 0x80, 16, host, hl, eid, el, &got),
                         ESV_BSP_BAD_INPUT);
        assert_int_equal(esv_bsp_derive_keys(z, zl, 0x88, 24, host, hl, eid, el, &got),
                         ESV_BSP_BAD_INPUT);
        assert_int_equal(got.s_enc[0] | got.s_mac[0] | got.icv[0], 0);
        free(z);
        free(host);
        free(eid);
    }
    json_decref(root);
}

/* ecka_mode51: otSK.DP x otPK.EUICC on P-256 gives the shared secret; an
 * invalid point is refused. */
static void test_ecka_vector(void **state)
{
    json_t *root, *v;
    size_t kl, pl, sl;
    uint8_t *otsk, *otpk, *want, z[32];
    (void)state;
    SKIP_WITHOUT_DATA();
    root = vectors();
    v = json_object_get(root, "ecka_mode51");
    assert_string_equal(jstr(v, "curve"), "secp256r1");
    otsk = jhex(v, "smdp_otsk", &kl);
    otpk = jhex(v, "euicc_otpk", &pl);
    want = jhex(v, "shared_secret", &sl);
    assert_int_equal(sl, 32);
    assert_int_equal(esv_ecdh_shared_secret(ESV_CURVE_P256, otsk, kl, otpk, pl, z), ESV_CRYPTO_OK);
    assert_memory_equal(z, want, 32);
    /* the same point is not on brainpoolP256r1 */
    assert_int_equal(esv_ecdh_shared_secret(ESV_CURVE_BP256R1, otsk, kl, otpk, pl, z),
                     ESV_CRYPTO_BAD_KEY);
    /* one bit off in Y: not on the curve, refused before use; out zeroed */
    otpk[64] ^= 1;
    memset(z, 0xAA, sizeof(z));
    assert_int_equal(esv_ecdh_shared_secret(ESV_CURVE_P256, otsk, kl, otpk, pl, z),
                     ESV_CRYPTO_BAD_KEY);
    assert_int_equal(z[0] | z[31], 0);
    otpk[64] ^= 1;
    /* compressed prefix, short key, zero scalar */
    otpk[0] = 0x02;
    assert_int_equal(esv_ecdh_shared_secret(ESV_CURVE_P256, otsk, kl, otpk, pl, z),
                     ESV_CRYPTO_BAD_KEY);
    otpk[0] = 0x04;
    assert_int_equal(esv_ecdh_shared_secret(ESV_CURVE_P256, otsk, kl, otpk, 64, z),
                     ESV_CRYPTO_BAD_KEY);
    memset(otsk, 0, kl);
    assert_int_equal(esv_ecdh_shared_secret(ESV_CURVE_P256, otsk, kl, otpk, pl, z),
                     ESV_CRYPTO_BAD_KEY);
    free(otsk);
    free(otpk);
    free(want);
    json_decref(root);
}

/* Both sides agree on both curves (keys made at test time). */
static void test_ecdh_both_curves(void **state)
{
    static const mbedtls_ecp_group_id gids[2] = {MBEDTLS_ECP_DP_SECP256R1, MBEDTLS_ECP_DP_BP256R1};
    static const esv_curve curves[2] = {ESV_CURVE_P256, ESV_CURVE_BP256R1};
    mbedtls_entropy_context ent;
    mbedtls_ctr_drbg_context drbg;
    int i;
    (void)state;
    mbedtls_entropy_init(&ent);
    mbedtls_ctr_drbg_init(&drbg);
    assert_int_equal(mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &ent,
                                           (const unsigned char *)"esv-bsp", 7),
                     0);
    for (i = 0; i < 2; i++) {
        mbedtls_ecp_keypair a, b;
        uint8_t da[32], db[32], qa[65], qb[65], za[32], zb[32];
        size_t n;
        mbedtls_ecp_keypair_init(&a);
        mbedtls_ecp_keypair_init(&b);
        assert_int_equal(mbedtls_ecp_gen_key(gids[i], &a, mbedtls_ctr_drbg_random, &drbg), 0);
        assert_int_equal(mbedtls_ecp_gen_key(gids[i], &b, mbedtls_ctr_drbg_random, &drbg), 0);
        assert_int_equal(mbedtls_mpi_write_binary(&a.d, da, 32), 0);
        assert_int_equal(mbedtls_mpi_write_binary(&b.d, db, 32), 0);
        assert_int_equal(mbedtls_ecp_point_write_binary(&a.grp, &a.Q, MBEDTLS_ECP_PF_UNCOMPRESSED,
                                                        &n, qa, 65),
                         0);
        assert_int_equal(mbedtls_ecp_point_write_binary(&b.grp, &b.Q, MBEDTLS_ECP_PF_UNCOMPRESSED,
                                                        &n, qb, 65),
                         0);
        assert_int_equal(esv_ecdh_shared_secret(curves[i], da, 32, qb, 65, za), ESV_CRYPTO_OK);
        assert_int_equal(esv_ecdh_shared_secret(curves[i], db, 32, qa, 65, zb), ESV_CRYPTO_OK);
        assert_memory_equal(za, zb, 32);
        mbedtls_ecp_keypair_free(&a);
        mbedtls_ecp_keypair_free(&b);
    }
    mbedtls_ctr_drbg_free(&drbg);
    mbedtls_entropy_free(&ent);
}

/* AES-CMAC: RFC 4493 section 4 examples (empty and 16-byte messages), and
 * the gather list split anywhere gives the same tag. */
static void test_cmac_rfc4493(void **state)
{
    size_t n;
    uint8_t *key = tu_hex("2b7e151628aed2a6abf7158809cf4f3c", &n);
    uint8_t *m = tu_hex("6bc1bee22e409f96e93d7e117393172a", &n);
    uint8_t *t0 = tu_hex("bb1d6929e95937287fa37d129b756746", &n);
    uint8_t *t16 = tu_hex("070a16b46b4d4144f79bdd9dd04a287c", &n);
    uint8_t out[16];
    esv_crypto_part one = {m, 16}, split[3] = {{m, 5}, {NULL, 0}, {m + 5, 11}};
    (void)state;
    assert_int_equal(esv_aes128_cmac(key, NULL, 0, out), ESV_CRYPTO_OK);
    assert_memory_equal(out, t0, 16);
    assert_int_equal(esv_aes128_cmac(key, &one, 1, out), ESV_CRYPTO_OK);
    assert_memory_equal(out, t16, 16);
    assert_int_equal(esv_aes128_cmac(key, split, 3, out), ESV_CRYPTO_OK);
    assert_memory_equal(out, t16, 16);
    free(key);
    free(m);
    free(t0);
    free(t16);
}

/* AES-128 CBC / ECB: NIST SP 800-38A F.2.1 and F.1.1 (first blocks). */
static void test_aes_sp800_38a(void **state)
{
    size_t n;
    uint8_t *key = tu_hex("2b7e151628aed2a6abf7158809cf4f3c", &n);
    uint8_t *iv = tu_hex("000102030405060708090a0b0c0d0e0f", &n);
    uint8_t *pt = tu_hex("6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51", &n);
    uint8_t *cbc = tu_hex("7649abac8119b246cee98e9b12e9197d 5086cb9b507219ee95db113a917678b2", &n);
    uint8_t *ecb = tu_hex("3ad77bb40d7a3660a89ecaf32466ef97", &n);
    uint8_t out[32];
    (void)state;
    assert_int_equal(esv_aes128_cbc_encrypt(key, iv, pt, 32, out), ESV_CRYPTO_OK);
    assert_memory_equal(out, cbc, 32);
    assert_int_equal(esv_aes128_cbc_decrypt(key, iv, out, 32, out), ESV_CRYPTO_OK);
    assert_memory_equal(out, pt, 32);
    assert_int_equal(esv_aes128_cbc_encrypt(key, iv, pt, 31, out), ESV_CRYPTO_BAD_INPUT);
    assert_int_equal(esv_aes128_ecb_encrypt(key, pt, out), ESV_CRYPTO_OK);
    assert_memory_equal(out, ecb, 16);
    free(key);
    free(iv);
    free(pt);
    free(cbc);
    free(ecb);
}

/* X9.63 KDF: more than one hash block, and a prefix of a longer output. */
static void test_x963_prefix(void **state)
{
    uint8_t z[32] = {1}, info[3] = {9, 8, 7}, a[48], b[80];
    (void)state;
    assert_int_equal(esv_x963_kdf_sha256(z, 32, info, 3, a, 48), ESV_CRYPTO_OK);
    assert_int_equal(esv_x963_kdf_sha256(z, 32, info, 3, b, 80), ESV_CRYPTO_OK);
    assert_memory_equal(a, b, 48);
    assert_int_equal(esv_x963_kdf_sha256(z, 32, info, 3, a, 0), ESV_CRYPTO_BAD_INPUT);
}

/* Runs a cases array through one state: protect gives "out"; a fresh
 * receiving state verifies and decrypts "out" back to "in". */
static void run_cases(const json_t *cases, const esv_bsp_keys *keys)
{
    esv_bsp tx, rx;
    size_t i;
    json_t *c;
    esv_bsp_init(&tx, keys);
    esv_bsp_init(&rx, keys);
    assert_true(json_array_size(cases) >= 2);
    json_array_foreach(cases, i, c)
    {
        size_t in_len, want_len, got_len, plain_len;
        uint8_t *in = jhex(c, "in", &in_len), *want = jhex(c, "out", &want_len);
        uint8_t *got = malloc(want_len + 64), *plain = malloc(want_len);
        const char *op = jstr(c, "op");
        esv_bsp_mode mode = strcmp(op, "mac_only") == 0 ? ESV_BSP_MAC_ONLY : ESV_BSP_ENCRYPT;
        uint8_t tag = jbyte(c, "tag");
        der_cursor cur;
        der_tlv t;
        assert_true(mode == ESV_BSP_MAC_ONLY || strncmp(op, "encrypt_and_mac", 15) == 0);
        assert_int_equal(esv_bsp_protect(&tx, tag, mode, in, in_len, got, want_len + 64, &got_len),
                         ESV_BSP_OK);
        assert_int_equal(got_len, want_len);
        assert_memory_equal(got, want, want_len);
        /* the receiving side, over the expected bytes */
        der_cursor_init(&cur, want, want_len, 0);
        assert_int_equal(der_read_tlv(&cur, &t, NULL), DER_OK);
        assert_int_equal(esv_bsp_verify(&rx, want, t.hdr_len, t.val, t.len - 8, t.val + t.len - 8),
                         ESV_BSP_OK);
        if (mode == ESV_BSP_MAC_ONLY) {
            esv_bsp_count_mac_only(&rx);
            assert_memory_equal(t.val, in, in_len);
        } else {
            assert_int_equal(esv_bsp_decrypt(&rx, t.val, t.len - 8, plain, &plain_len), ESV_BSP_OK);
            assert_int_equal(plain_len, in_len);
            assert_memory_equal(plain, in, in_len);
        }
        assert_memory_equal(rx.mcv, tx.mcv, 16);
        assert_int_equal(rx.block, tx.block);
        free(in);
        free(want);
        free(got);
        free(plain);
    }
    esv_bsp_wipe(&tx);
    esv_bsp_wipe(&rx);
}

/* A vector set of keys and segment cases, run along one chain. */
static void run_vector_set(const char *name)
{
    json_t *root, *v;
    esv_bsp_keys k;
    root = vectors();
    v = json_object_get(root, name);
    jkeys(v, "s_enc", "s_mac", "icv", &k);
    run_cases(json_object_get(v, "cases"), &k);
    json_decref(root);
}

/* bsp_mode51_keys: '87', '88', '87' along one chain with session keys. */
static void test_bsp_session_segments(void **state)
{
    (void)state;
    SKIP_WITHOUT_DATA();
    run_vector_set("bsp_mode51_keys");
}

/* bsp_segments: two '86' segments under PPK-style keys. */
static void test_bsp_profile_segments(void **state)
{
    (void)state;
    SKIP_WITHOUT_DATA();
    run_vector_set("bsp_segments");
}

/* A MAC off by one bit, a chaining value off, bad padding, bad lengths. */
static void test_bsp_rejects(void **state)
{
    esv_bsp_keys k, ppk;
    esv_bsp tx, rx;
    uint8_t seg[64], plain[48], blocks[16], icv[16], counter[16] = {0};
    size_t n, pl;
    der_cursor c;
    der_tlv t;
    (void)state;
    bb_fixed_keys(&k, &ppk);
    esv_bsp_init(&tx, &k);
    assert_int_equal(esv_bsp_protect(&tx, 0x87, ESV_BSP_ENCRYPT, (const uint8_t *)"\xBF\x24\x00", 3,
                                     seg, sizeof(seg), &n),
                     ESV_BSP_OK);
    assert_int_equal(n, 2 + 16 + 8);
    der_cursor_init(&c, seg, n, 0);
    assert_int_equal(der_read_tlv(&c, &t, NULL), DER_OK);
    /* wrong MAC: refused, state unchanged */
    esv_bsp_init(&rx, &k);
    seg[n - 1] ^= 0x01;
    assert_int_equal(esv_bsp_verify(&rx, seg, 2, t.val, 16, t.val + 16), ESV_BSP_BAD_MAC);
    assert_memory_equal(rx.mcv, k.icv, 16);
    seg[n - 1] ^= 0x01;
    /* wrong chaining value (the PPK ICV) */
    esv_bsp_init(&rx, &ppk);
    memcpy(rx.keys.s_mac, k.s_mac, 16);
    assert_int_equal(esv_bsp_verify(&rx, seg, 2, t.val, 16, t.val + 16), ESV_BSP_BAD_MAC);
    /* correct */
    esv_bsp_init(&rx, &k);
    assert_int_equal(esv_bsp_verify(&rx, seg, 2, t.val, 16, t.val + 16), ESV_BSP_OK);
    assert_int_equal(esv_bsp_decrypt(&rx, t.val, 16, plain, &pl), ESV_BSP_OK);
    assert_int_equal(pl, 3);
    assert_memory_equal(plain, "\xBF\x24\x00", 3);
    /* ciphertext not whole blocks */
    assert_int_equal(esv_bsp_decrypt(&rx, t.val, 15, plain, &pl), ESV_BSP_BAD_LENGTH);
    assert_int_equal(esv_bsp_decrypt(&rx, t.val, 0, plain, &pl), ESV_BSP_BAD_LENGTH);
    /* a block that ends in '41': no '80' -> padding error, output wiped */
    esv_bsp_init(&rx, &k);
    memset(blocks, 0x41, sizeof(blocks));
    counter[15] = 1;
    assert_int_equal(esv_aes128_ecb_encrypt(k.s_enc, counter, icv), ESV_CRYPTO_OK);
    assert_int_equal(esv_aes128_cbc_encrypt(k.s_enc, icv, blocks, 16, blocks), ESV_CRYPTO_OK);
    assert_int_equal(esv_bsp_decrypt(&rx, blocks, 16, plain, &pl), ESV_BSP_BAD_PADDING);
    assert_int_equal(pl, 0);
    assert_int_equal(plain[0] | plain[15], 0);
    /* sixteen zero bytes (the '80' would be in the block before): refused */
    esv_bsp_init(&rx, &k);
    memset(blocks, 0, sizeof(blocks));
    assert_int_equal(esv_aes128_cbc_encrypt(k.s_enc, icv, blocks, 16, blocks), ESV_CRYPTO_OK);
    assert_int_equal(esv_bsp_decrypt(&rx, blocks, 16, plain, &pl), ESV_BSP_BAD_PADDING);
    /* a too small output buffer for protect: nothing advanced */
    esv_bsp_init(&tx, &k);
    assert_int_equal(esv_bsp_protect(&tx, 0x86, ESV_BSP_ENCRYPT, plain, 20, seg, 30, &n),
                     ESV_BSP_BAD_LENGTH);
    assert_int_equal(tx.block, 1);
    esv_bsp_wipe(&tx);
    esv_bsp_wipe(&rx);
}

/* bpp_decode: the pySim-made package, session keys for A0/A1, the PPKs
 * (not carried in the package) for A3: exactly the plain UPP; its
 * double-wrapped segments and the caller-given PPKs are findings. */
static void test_bpp_mode51(void **state)
{
    json_t *root, *v;
    esv_bsp_keys keys, ppk;
    uint8_t *bpp, *plain;
    size_t len, plain_len;
    checked c;
    char path[96];
    static const char *const expected[] = {"RSP-074", "RSP-075", "RSP-082"};
    (void)state;
    SKIP_WITHOUT_DATA();
    root = vectors();
    v = json_object_get(root, "bpp_decode");
    jkeys(v, "session_s_enc", "session_s_mac", "session_icv", &keys);
    jkeys(v, "ppk_enc", "ppk_mac", "ppk_icv", &ppk);
    snprintf(path, sizeof(path), "rsp/bpp/%s", jstr(v, "file"));
    bpp = tu_read_testdata(path, &len);
    snprintf(path, sizeof(path), "rsp/bpp/%s", jstr(v, "sequenceOf86_plain_file"));
    plain = tu_read_testdata(path, &plain_len);
    assert_non_null(bpp);
    assert_non_null(plain);

    check_bpp(&c, bpp, len, &keys, &ppk);
    assert_non_null(c.upp);
    assert_int_equal(c.upp_len, plain_len);
    assert_memory_equal(c.upp, plain, plain_len);
    assert_true(c.info.macs_verified);
    assert_true(eq_span(bpp, &c.info.key_type, "88"));
    assert_true(eq_span(bpp, &c.info.host_id, "6d61686c7a656974")); /* "mahlzeit" */
    {
        size_t n;
        uint8_t *cfg = jhex(v, "firstSequenceOf87_plain", &n);
        assert_int_equal(c.info.configure_isdp_len, n);
        assert_memory_equal(c.info.configure_isdp, cfg, n);
        free(cfg);
        cfg = jhex(v, "sequenceOf88_plain", &n);
        assert_int_equal(c.info.store_metadata_len, n);
        assert_memory_equal(c.info.store_metadata, cfg, n);
        free(cfg);
    }
    assert_int_equal(c.info.n_first87, 1);
    assert_int_equal(c.info.n_88, 1);
    assert_int_equal(c.info.n_86, 13);
    /* every segment double-wrapped (first one at offset 185), 86 segments
     * over 1020 bytes, the PPKs not in the package; no MAC failure */
    assert_finding(c.r, "RSP-074", 185);
    assert_finding(c.r, "RSP-082", 270);
    assert_only(c.r, expected, 3);
    checked_free(&c);

    /* Without the PPKs, the first '86' MAC fails (session keys). */
    check_bpp(&c, bpp, len, &keys, NULL);
    assert_null(c.upp);
    assert_finding(c.r, "RSP-077", 274);
    assert_false(c.info.macs_verified);
    checked_free(&c);
    free(bpp);
    free(plain);
    json_decref(root);
}

/* Real encrypted captures, no keys: structure clean, only RSP-076. */
static void test_bpp_production(void **state)
{
    static const char *const files[2] = {"rsp/bpp/production-bpp-1.der",
                                         "rsp/bpp/production-bpp-2.der"};
    static const size_t n86[2] = {3, 2};
    static const char *const host[2] = {"7273702e696e66696e656f6e2e636f6d",
                                        "7265647465616d6f62696c65"};
    int i;
    (void)state;
    SKIP_WITHOUT_DATA();
    for (i = 0; i < 2; i++) {
        size_t len;
        uint8_t *bpp = tu_read_testdata(files[i], &len);
        checked c;
        der_tlv t;
        assert_non_null(bpp);
        check_bpp(&c, bpp, len, NULL, NULL);
        assert_int_equal(esv_report_finding_count(c.r), 1);
        assert_finding(c.r, "RSP-076", 0);
        assert_int_equal(esv_finding_severity(esv_report_finding(c.r, 0)), ESV_SEV_INFO);
        assert_int_equal(count_sev(c.r, ESV_SEV_ERROR) + count_sev(c.r, ESV_SEV_WARNING), 0);
        assert_null(c.upp);
        assert_false(c.info.macs_verified);
        assert_int_equal(c.info.n_first87, 1);
        assert_int_equal(c.info.n_88, 1);
        assert_int_equal(c.info.n_86, n86[i]);
        assert_false(c.info.has_replace_session_keys);
        assert_true(eq_span(bpp, &c.info.host_id, host[i]));
        assert_true(eq_span(bpp, &c.info.remote_op_id, "01"));
        assert_int_equal(c.info.smdp_otpk.val_len, 65);
        assert_int_equal(c.info.smdp_sign.val_len, 64);
        /* the signed part runs from remoteOpId to the end of smdpOtpk */
        assert_true(c.info.signed_part.present);
        assert_int_equal(c.info.signed_part.off, c.info.remote_op_id.off);
        assert_int_equal(c.info.signed_part.off + c.info.signed_part.len,
                         c.info.smdp_otpk.off + c.info.smdp_otpk.len);
        /* the '88' data is the StoreMetadataRequest */
        assert_non_null(c.info.store_metadata);
        der_cursor cur;
        der_cursor_init(&cur, c.info.store_metadata, c.info.store_metadata_len, 0);
        assert_int_equal(der_read_tlv(&cur, &t, NULL), DER_OK);
        assert_int_equal(t.tag, 37);
        assert_true(der_cursor_done(&cur));
        checked_free(&c);
        free(bpp);
    }
}

/* The recorded session: keys from otsk-dp.bin and the eUICC's otPK
 * (5F49 inside the PrepareDownloadResponse), the EID and the BF23 hostId;
 * the package decrypts to exactly upp.der, without a finding. */
static void test_bpp_session(void **state)
{
    size_t bl, kl, pl, ul, el;
    uint8_t *bpp, *otsk, *pdr, *upp, *eid;
    der_tlv otpk;
    esv_bsp_keys keys;
    checked c;
    esv_bsp_rc rc;
    (void)state;
    SKIP_WITHOUT_DATA();
    bpp = tu_read_testdata("rsp/session/bound-profile-package.der", &bl);
    otsk = tu_read_testdata("rsp/session/otsk-dp.bin", &kl);
    pdr = tu_read_testdata("rsp/session/prepare-download-response.der", &pl);
    upp = tu_read_testdata("rsp/session/upp.der", &ul);
    assert_non_null(bpp);
    assert_non_null(otsk);
    assert_non_null(pdr);
    assert_non_null(upp);
    eid = tu_hex("89049032123451234512345678901235", &el);
    assert_true(find_tag(pdr, pl, 0, DER_CLASS_APPLICATION, 73, &otpk));
    assert_int_equal(otpk.len, 65);

    /* structure first, for the CRT */
    check_bpp(&c, bpp, bl, NULL, NULL);
    assert_true(c.info.host_id.present && c.info.key_type.present && c.info.key_len.present);
    rc = esv_bsp_session_keys(ESV_CURVE_P256, otsk, kl, otpk.val, otpk.len,
                              bpp[c.info.key_type.val_off], bpp[c.info.key_len.val_off],
                              bpp + c.info.host_id.val_off, c.info.host_id.val_len, eid, el, &keys);
    if (rc == ESV_BSP_BAD_INPUT)
        rc = esv_bsp_session_keys(ESV_CURVE_BP256R1, otsk, kl, otpk.val, otpk.len,
                                  bpp[c.info.key_type.val_off], bpp[c.info.key_len.val_off],
                                  bpp + c.info.host_id.val_off, c.info.host_id.val_len, eid, el,
                                  &keys);
    assert_int_equal(rc, ESV_BSP_OK);
    checked_free(&c);

    check_bpp(&c, bpp, bl, &keys, NULL);
    if (esv_report_finding_count(c.r) != 0)
        print_findings(c.r);
    assert_int_equal(esv_report_finding_count(c.r), 0);
    assert_non_null(c.upp);
    assert_int_equal(c.upp_len, ul);
    assert_memory_equal(c.upp, upp, ul);
    assert_true(c.info.macs_verified);
    assert_int_equal(c.info.configure_isdp[0], 0xBF);
    assert_int_equal(c.info.configure_isdp[1], 0x24);
    checked_free(&c);

    /* the wrong EID gives other keys: the first MAC (A0) fails */
    eid[15] ^= 1;
    assert_int_equal(esv_bsp_session_keys(ESV_CURVE_P256, otsk, kl, otpk.val, otpk.len, 0x88, 16,
                                          (const uint8_t *)"euicc-rsp", 9, eid, el, &keys),
                     ESV_BSP_OK);
    check_bpp(&c, bpp, bl, &keys, NULL);
    assert_finding(c.r, "RSP-077", 186);
    assert_null(c.upp);
    checked_free(&c);
    esv_memzero(&keys, sizeof(keys));
    free(bpp);
    free(otsk);
    free(pdr);
    free(upp);
    free(eid);
}

/* ---------------------------------------------------------------- built packages */

typedef struct built {
    esv_bsp_keys keys, ppk;
    uint8_t *upp;
    size_t upp_len;
    uint8_t *bpp;
    size_t len;
} built;

static void build(built *b, size_t upp_size, bool with_ppk)
{
    bb_spec spec;
    b->upp = bb_synthetic_upp(upp_size, &b->upp_len);
    bb_default_spec(&spec, &b->keys, &b->ppk, b->upp, b->upp_len);
    if (with_ppk)
        spec.ppk = &b->ppk;
    b->bpp = bb_build(&spec, &b->len);
}

static void built_free(built *b)
{
    free(b->upp);
    free(b->bpp);
}

/* Clean packages (with and without ReplaceSessionKeys) give back the UPP
 * and no finding at all; without keys only RSP-076. */
static void test_built_clean(void **state)
{
    int with_ppk;
    (void)state;
    for (with_ppk = 0; with_ppk < 2; with_ppk++) {
        built b;
        checked c;
        der_tlv outer, a3;
        build(&b, 2500, with_ppk);
        outer = outer_of(b.bpp, b.len);
        a3 = child(b.bpp, &outer, with_ppk ? 4 : 3);
        assert_int_equal(a3.tag, 3);
        check_bpp(&c, b.bpp, b.len, &b.keys, NULL);
        if (esv_report_finding_count(c.r) != 0)
            print_findings(c.r);
        assert_int_equal(esv_report_finding_count(c.r), 0);
        assert_int_equal(c.upp_len, b.upp_len);
        assert_memory_equal(c.upp, b.upp, b.upp_len);
        assert_int_equal(c.info.n_86, 3);
        assert_int_equal(c.info.has_replace_session_keys, with_ppk);
        assert_true(eq_span(b.bpp, &c.info.host_id, "6573762d74657374")); /* esv-test */
        assert_true(eq_span(b.bpp, &c.info.transaction_id, "0102030405060708090a0b0c0d0e0f10"));
        checked_free(&c);
        /* without keys: structure only */
        check_bpp(&c, b.bpp, b.len, NULL, NULL);
        assert_int_equal(esv_report_finding_count(c.r), 1);
        assert_finding(c.r, "RSP-076", 0);
        assert_null(c.upp);
        checked_free(&c);
        built_free(&b);
    }
}

/* Checks a tampered copy: the rule fires (at offset, when >= 0), the
 * verdict is not clean, nothing is handed back when expect_upp is false. */
static void expect_rule(const uint8_t *bpp, size_t len, const esv_bsp_keys *keys, const char *id,
                        int64_t offset, bool expect_upp)
{
    checked c;
    check_bpp(&c, bpp, len, keys, NULL);
    assert_finding(c.r, id, offset);
    assert_true(count_sev(c.r, ESV_SEV_ERROR) > 0);
    assert_int_equal(esv_report_verdict(c.r), ESV_VERDICT_FAIL);
    if (!expect_upp)
        assert_null(c.upp);
    checked_free(&c);
}

static void test_built_tampered(void **state)
{
    built b;
    der_tlv outer, isc, crt, a3, s0, s1;
    uint8_t *copy;
    size_t i;
    (void)state;
    build(&b, 2500, false);
    outer = outer_of(b.bpp, b.len);
    isc = child(b.bpp, &outer, 0);
    crt = child(b.bpp, &isc, 2);
    a3 = child(b.bpp, &outer, 3);
    s0 = child(b.bpp, &a3, 0);
    s1 = child(b.bpp, &a3, 1);
    assert_int_equal(der_tlv_size(&s0), 1020);
    assert_int_equal(der_tlv_size(&s1), 1020);
    copy = malloc(b.len + 1);

    /* a flipped byte in the MAC of the second '86' segment */
    memcpy(copy, b.bpp, b.len);
    copy[s1.off + der_tlv_size(&s1) - 3] ^= 0x40;
    expect_rule(copy, b.len, &b.keys, "RSP-077", (int64_t)s1.off, false);
    /* a flipped byte in the ciphertext of the first */
    memcpy(copy, b.bpp, b.len);
    copy[s0.off + 100] ^= 0x01;
    expect_rule(copy, b.len, &b.keys, "RSP-077", (int64_t)s0.off, false);
    /* the two segments swapped (same size): the chain breaks at the first */
    memcpy(copy, b.bpp, b.len);
    memcpy(copy + s0.off, b.bpp + s1.off, 1020);
    memcpy(copy + s1.off, b.bpp + s0.off, 1020);
    expect_rule(copy, b.len, &b.keys, "RSP-077", (int64_t)s0.off, false);
    /* a trailing byte: RSP-061 (the package itself still decrypts) */
    memcpy(copy, b.bpp, b.len);
    copy[b.len] = 0x00;
    expect_rule(copy, b.len + 1, &b.keys, "RSP-061", (int64_t)b.len, true);
    /* the wrong outer tag (BF37) */
    memcpy(copy, b.bpp, b.len);
    copy[1] = 0x37;
    expect_rule(copy, b.len, &b.keys, "RSP-060", 0, false);
    /* keyType '89' */
    memcpy(copy, b.bpp, b.len);
    for (i = crt.off; i + 2 < crt.off + der_tlv_size(&crt); i++)
        if (copy[i] == 0x80 && copy[i + 1] == 0x01 && copy[i + 2] == 0x88)
            break;
    assert_true(i + 2 < crt.off + der_tlv_size(&crt));
    copy[i + 2] = 0x89;
    expect_rule(copy, b.len, &b.keys, "RSP-068", (int64_t)i, true);
    /* A3 missing: the outer value without it, length re-encoded */
    {
        size_t body = a3.off - (outer.off + outer.hdr_len), n = 0;
        uint8_t *cut = malloc(body + 8);
        cut[n++] = 0xBF;
        cut[n++] = 0x36;
        assert_true(body > 255 && body <= 0xFFFF);
        cut[n++] = 0x82;
        cut[n++] = (uint8_t)(body >> 8);
        cut[n++] = (uint8_t)body;
        memcpy(cut + n, b.bpp + outer.off + outer.hdr_len, body);
        expect_rule(cut, n + body, &b.keys, "RSP-062", 0, false);
        expect_rule(cut, n + body, NULL, "RSP-062", 0, false);
        free(cut);
    }
    /* an '86' segment in A0 */
    memcpy(copy, b.bpp, b.len);
    {
        der_tlv a0 = child(b.bpp, &outer, 1), seg = child(b.bpp, &a0, 0);
        copy[seg.off] = 0x86;
        expect_rule(copy, b.len, &b.keys, "RSP-063", (int64_t)seg.off, false);
    }
    free(copy);
    built_free(&b);
}

/* Field checks of BF23 and the segment forms, each with its rule. */
static void test_built_fields(void **state)
{
    esv_bsp_keys keys, ppk;
    bb_spec spec;
    uint8_t *bpp, *upp;
    size_t len, upp_len;
    static const uint8_t long_tid[17] = {0};
    static const uint8_t cfg_blocks[16] = {0xBF, 0x24, 0x00, 0x41};
    (void)state;
    upp = bb_synthetic_upp(300, &upp_len);

    /* transactionId of 17 bytes, hostId of 17 bytes */
    bb_default_spec(&spec, &keys, &ppk, upp, upp_len);
    spec.transaction_id = long_tid;
    spec.transaction_id_len = 17;
    bpp = bb_build(&spec, &len);
    expect_rule(bpp, len, &keys, "RSP-066", 12, true);
    free(bpp);
    bb_default_spec(&spec, &keys, &ppk, upp, upp_len);
    spec.host_id = long_tid;
    spec.host_id_len = 17;
    bpp = bb_build(&spec, &len);
    expect_rule(bpp, len, &keys, "RSP-070", -1, true);
    free(bpp);
    /* ConfigureISDP encrypted without padding: RSP-078 at the '87' */
    bb_default_spec(&spec, &keys, &ppk, upp, upp_len);
    spec.configure_isdp = cfg_blocks;
    spec.configure_isdp_len = sizeof(cfg_blocks);
    spec.configure_isdp_as_is = 1;
    bpp = bb_build(&spec, &len);
    {
        der_tlv outer = outer_of(bpp, len), a0 = child(bpp, &outer, 1);
        der_tlv seg = child(bpp, &a0, 0);
        expect_rule(bpp, len, &keys, "RSP-078", (int64_t)seg.off, false);
    }
    free(bpp);
    /* A decrypted A0 that is not BF24, and '88' data that is not BF25 */
    bb_default_spec(&spec, &keys, &ppk, upp, upp_len);
    spec.configure_isdp = (const uint8_t *)"\xBF\x25\x00";
    spec.configure_isdp_len = 3;
    spec.store_metadata = (const uint8_t *)"\x30\x00";
    spec.store_metadata_len = 2;
    bpp = bb_build(&spec, &len);
    expect_rule(bpp, len, &keys, "RSP-079", -1, true);
    expect_rule(bpp, len, NULL, "RSP-080", -1, false);
    free(bpp);
    free(upp);
}

/* ------------------------------------------- BF23, segment and A2/A3 rules */

/* The finding of id at offset whose message contains msg, or a failure
 * that prints every finding. */
static const esv_finding *finding_with(const esv_report *r, const char *id, int64_t offset,
                                       const char *msg)
{
    size_t i;
    for (i = 0; i < esv_report_finding_count(r); i++) {
        const esv_finding *f = esv_report_finding(r, i);
        if (strcmp(esv_finding_rule_id(f), id) == 0 && esv_finding_offset(f) == offset &&
            strstr(esv_finding_message(f), msg) != NULL)
            return f;
    }
    print_findings(r);
    fail_msg("no %s finding at offset %lld saying \"%s\"", id, (long long)offset, msg);
    return NULL;
}

/* One expected finding: rule id, byte offset, a part of its message. */
typedef struct want {
    const char *id;
    int64_t offset;
    const char *msg;
} want;

/*
 * Checks bpp (with keys, or without: then RSP-076 too) and asserts that
 * each of w[0..n) is there as an error, that no finding other than those
 * (and RSP-076 without keys) is, and the verdict FAIL. upp non-NULL: the
 * package must still unwrap to exactly it (the defect is in a field the
 * BSP does not use); NULL: nothing is handed back.
 */
static void expect_errors(const uint8_t *bpp, size_t len, const esv_bsp_keys *keys,
                          const want *w, size_t n, const uint8_t *upp, size_t upp_len)
{
    checked c;
    const char *ids[8];
    size_t i, nids = 0;
    assert_true(n + 1 <= sizeof(ids) / sizeof(ids[0]));
    check_bpp(&c, bpp, len, keys, NULL);
    for (i = 0; i < n; i++) {
        const esv_finding *f = finding_with(c.r, w[i].id, w[i].offset, w[i].msg);
        assert_int_equal(esv_finding_severity(f), ESV_SEV_ERROR);
        ids[nids++] = w[i].id;
    }
    if (keys == NULL) {
        assert_finding(c.r, "RSP-076", 0);
        ids[nids++] = "RSP-076";
    }
    assert_only(c.r, ids, nids);
    assert_int_equal(esv_report_finding_count(c.r), n + (keys == NULL));
    assert_int_equal(esv_report_verdict(c.r), ESV_VERDICT_FAIL);
    if (upp != NULL) {
        assert_true(c.info.macs_verified);
        assert_int_equal(c.upp_len, upp_len);
        assert_memory_equal(c.upp, upp, upp_len);
    } else {
        assert_null(c.upp);
    }
    checked_free(&c);
}

/* The members of the default BF23 of a built package, with their offsets
 * checked against the builder's fixed layout (outer 'BF36 82 LL LL',
 * 'BF23 81 B0', then 82, 80, A6 {80, 81, 84}, 5F49, 5F37). */
typedef struct isc_layout {
    der_tlv outer, isc, opid, tid, crt, key_type, key_len, host, otpk, sign;
} isc_layout;

static isc_layout isc_of(const uint8_t *bpp, size_t len)
{
    isc_layout l;
    l.outer = outer_of(bpp, len);
    l.isc = child(bpp, &l.outer, 0);
    l.opid = child(bpp, &l.isc, 0);
    l.tid = child(bpp, &l.isc, 1);
    l.crt = child(bpp, &l.isc, 2);
    l.key_type = child(bpp, &l.crt, 0);
    l.key_len = child(bpp, &l.crt, 1);
    l.host = child(bpp, &l.crt, 2);
    l.otpk = child(bpp, &l.isc, 3);
    l.sign = child(bpp, &l.isc, 4);
    assert_int_equal(l.isc.off, 5);
    assert_int_equal(l.opid.off, 9);
    assert_int_equal(l.tid.off, 12);
    assert_int_equal(l.crt.off, 30);
    assert_int_equal(l.key_type.off, 32);
    assert_int_equal(l.key_len.off, 35);
    assert_int_equal(l.host.off, 38);
    assert_int_equal(l.otpk.off, 48);
    assert_int_equal(l.sign.off, 116);
    return l;
}

/* RSP-064: BF23 with an unknown member (smdpSign's tag made 5F38: also
 * "smdpSign missing", at BF23), and with remoteOpId after transactionId. */
static void test_built_rsp064_isc_members(void **state)
{
    built b;
    isc_layout l;
    uint8_t *copy;
    (void)state;
    build(&b, 300, false);
    l = isc_of(b.bpp, b.len);
    copy = malloc(b.len);

    memcpy(copy, b.bpp, b.len);
    assert_int_equal(copy[l.sign.off + 1], 0x37);
    copy[l.sign.off + 1] = 0x38;
    {
        const want w[] = {
            {"RSP-064", 116, "unexpected member with tag 5F38"},
            {"RSP-064", 5, "smdpSign (5F37) missing"},
        };
        expect_errors(copy, b.len, &b.keys, w, 2, b.upp, b.upp_len);
        expect_errors(copy, b.len, NULL, w, 2, NULL, 0);
    }

    /* '80 10 <tid> 82 01 01' in place of '82 01 01 80 10 <tid>' */
    memcpy(copy, b.bpp, b.len);
    memcpy(copy + l.opid.off, b.bpp + l.tid.off, der_tlv_size(&l.tid));
    memcpy(copy + l.opid.off + der_tlv_size(&l.tid), b.bpp + l.opid.off, der_tlv_size(&l.opid));
    {
        const want w[] = {
            {"RSP-064", 9 + 18, "remoteOpId (82) out of order (after transactionId (80))"},
        };
        expect_errors(copy, b.len, &b.keys, w, 1, b.upp, b.upp_len);
    }
    free(copy);
    built_free(&b);
}

/* RSP-065: remoteOpId 2 (a byte edited), and '00 01' (not a minimal
 * INTEGER, built). */
static void test_built_rsp065_remote_op_id(void **state)
{
    built b;
    isc_layout l;
    bb_spec spec;
    esv_bsp_keys keys, ppk;
    uint8_t *copy, *bpp;
    size_t len;
    static const uint8_t not_minimal[2] = {0x00, 0x01};
    (void)state;
    build(&b, 300, false);
    l = isc_of(b.bpp, b.len);
    copy = malloc(b.len);
    memcpy(copy, b.bpp, b.len);
    assert_int_equal(copy[l.opid.off + 2], 0x01);
    copy[l.opid.off + 2] = 0x02;
    {
        const want w[] = {{"RSP-065", 9, "remoteOpId is 2, not 1"}};
        expect_errors(copy, b.len, &b.keys, w, 1, b.upp, b.upp_len);
        expect_errors(copy, b.len, NULL, w, 1, NULL, 0);
    }
    free(copy);

    bb_default_spec(&spec, &keys, &ppk, b.upp, b.upp_len);
    spec.remote_op_id = not_minimal;
    spec.remote_op_id_len = sizeof(not_minimal);
    bpp = bb_build(&spec, &len);
    assert_memory_equal(bpp + 9, "\x82\x02\x00\x01", 4);
    {
        const want w[] = {{"RSP-065", 9, "remoteOpId is not a minimal INTEGER (2 bytes)"}};
        expect_errors(bpp, len, &keys, w, 1, b.upp, b.upp_len);
    }
    free(bpp);
    built_free(&b);
}

/* RSP-067: controlRefTemplate with hostId's tag made 85 (unknown, and
 * hostId then missing, at A6), and with keyLen before keyType. */
static void test_built_rsp067_crt_members(void **state)
{
    built b;
    isc_layout l;
    uint8_t *copy;
    (void)state;
    build(&b, 300, false);
    l = isc_of(b.bpp, b.len);
    copy = malloc(b.len);

    memcpy(copy, b.bpp, b.len);
    assert_int_equal(copy[l.host.off], 0x84);
    copy[l.host.off] = 0x85;
    {
        const want w[] = {
            {"RSP-067", 38, "controlRefTemplate: unexpected member with tag 85"},
            {"RSP-067", 30, "controlRefTemplate: hostId (84) missing"},
        };
        expect_errors(copy, b.len, &b.keys, w, 2, b.upp, b.upp_len);
    }

    /* '81 01 10 80 01 88' in place of '80 01 88 81 01 10' */
    memcpy(copy, b.bpp, b.len);
    assert_memory_equal(copy + l.key_type.off, "\x80\x01\x88\x81\x01\x10", 6);
    memcpy(copy + l.key_type.off, "\x81\x01\x10\x80\x01\x88", 6);
    {
        const want w[] = {
            {"RSP-067", 35, "keyType (80) out of order (after keyLen (81))"},
        };
        expect_errors(copy, b.len, &b.keys, w, 1, b.upp, b.upp_len);
    }
    free(copy);
    built_free(&b);
}

/* RSP-069: keyLen '20' (built); the session keys are given, so the
 * package still unwraps. */
static void test_built_rsp069_key_len(void **state)
{
    bb_spec spec;
    esv_bsp_keys keys, ppk;
    uint8_t *bpp, *upp;
    size_t len, upp_len;
    isc_layout l;
    (void)state;
    upp = bb_synthetic_upp(300, &upp_len);
    bb_default_spec(&spec, &keys, &ppk, upp, upp_len);
    spec.key_len = 0x20;
    bpp = bb_build(&spec, &len);
    l = isc_of(bpp, len);
    assert_memory_equal(bpp + l.key_len.off, "\x81\x01\x20", 3);
    {
        const want w[] = {{"RSP-069", 35, "keyLen is 1 bytes starting 20, not one byte '10'"}};
        expect_errors(bpp, len, &keys, w, 1, upp, upp_len);
        expect_errors(bpp, len, NULL, w, 1, NULL, 0);
    }
    free(bpp);
    free(upp);
}

/* RSP-071: smdpOtpk off the curve (last byte of Y flipped), with a '02'
 * prefix, and cut to 64 bytes (built); the brainpoolP256r1 base point is
 * accepted (no finding at all). */
static void test_built_rsp071_smdp_otpk(void **state)
{
    built b;
    isc_layout l;
    bb_spec spec;
    esv_bsp_keys keys, ppk;
    uint8_t *copy, *bpp, bp_g[65];
    size_t len, n;
    mbedtls_ecp_group grp;
    checked c;
    (void)state;
    build(&b, 300, false);
    l = isc_of(b.bpp, b.len);
    assert_int_equal(l.otpk.len, 65);
    copy = malloc(b.len);

    memcpy(copy, b.bpp, b.len);
    copy[l.otpk.off + der_tlv_size(&l.otpk) - 1] ^= 0x01;
    {
        const want w[] = {{"RSP-071", 48, "not a point on NIST P-256 or brainpoolP256r1"}};
        expect_errors(copy, b.len, &b.keys, w, 1, b.upp, b.upp_len);
    }
    memcpy(copy, b.bpp, b.len);
    assert_int_equal(copy[l.otpk.off + l.otpk.hdr_len], 0x04);
    copy[l.otpk.off + l.otpk.hdr_len] = 0x02;
    {
        const want w[] = {{"RSP-071", 48, "smdpOtpk is 65 bytes without the '04' prefix"}};
        expect_errors(copy, b.len, &b.keys, w, 1, b.upp, b.upp_len);
    }
    free(copy);

    /* the point cut to 64 bytes ('04' || X || 31 bytes of Y) */
    bb_default_spec(&spec, &keys, &ppk, b.upp, b.upp_len);
    spec.smdp_otpk = b.bpp + l.otpk.off + l.otpk.hdr_len;
    spec.smdp_otpk_len = 64;
    bpp = bb_build(&spec, &len);
    {
        const want w[] = {
            {"RSP-071", 48, "smdpOtpk is 64 bytes, not an uncompressed point of 65 bytes"}};
        expect_errors(bpp, len, &keys, w, 1, b.upp, b.upp_len);
    }
    free(bpp);

    /* control: the brainpoolP256r1 generator is a valid smdpOtpk */
    mbedtls_ecp_group_init(&grp);
    assert_int_equal(mbedtls_ecp_group_load(&grp, MBEDTLS_ECP_DP_BP256R1), 0);
    assert_int_equal(mbedtls_ecp_point_write_binary(&grp, &grp.G, MBEDTLS_ECP_PF_UNCOMPRESSED, &n,
                                                    bp_g, sizeof(bp_g)),
                     0);
    assert_int_equal(n, 65);
    mbedtls_ecp_group_free(&grp);
    spec.smdp_otpk = bp_g;
    spec.smdp_otpk_len = 65;
    bpp = bb_build(&spec, &len);
    check_bpp(&c, bpp, len, &keys, NULL);
    if (esv_report_finding_count(c.r) != 0)
        print_findings(c.r);
    assert_int_equal(esv_report_finding_count(c.r), 0);
    assert_int_equal(esv_report_verdict(c.r), ESV_VERDICT_PASS);
    checked_free(&c);
    free(bpp);
    built_free(&b);
}

/* RSP-072: smdpSign of 63 and of 72 bytes (built). */
static void test_built_rsp072_smdp_sign(void **state)
{
    bb_spec spec;
    esv_bsp_keys keys, ppk;
    uint8_t *bpp, *upp, sig[72];
    size_t len, upp_len;
    (void)state;
    memset(sig, 0x5A, sizeof(sig));
    upp = bb_synthetic_upp(300, &upp_len);
    bb_default_spec(&spec, &keys, &ppk, upp, upp_len);
    spec.smdp_sign = sig;
    spec.smdp_sign_len = 63;
    bpp = bb_build(&spec, &len);
    assert_memory_equal(bpp + 116, "\x5F\x37\x3F", 3);
    {
        const want w[] = {{"RSP-072", 116, "smdpSign is 63 bytes, not 64"}};
        expect_errors(bpp, len, &keys, w, 1, upp, upp_len);
        expect_errors(bpp, len, NULL, w, 1, NULL, 0);
    }
    free(bpp);
    spec.smdp_sign_len = 72;
    bpp = bb_build(&spec, &len);
    {
        const want w[] = {{"RSP-072", 116, "smdpSign is 72 bytes, not 64"}};
        expect_errors(bpp, len, &keys, w, 1, upp, upp_len);
    }
    free(bpp);
    free(upp);
}

/* RSP-073: a segment split in two in place (same total size, so no outer
 * length changes): the '87' of A0 ('87 28 <40>') as '87 10 <16> 87 16
 * <22>', neither 16k + 8; the '88' of A1 ('88 27 <39>') as '88 05 <5> 88
 * 20 <32>', the first shorter than its MAC (the second's data is then not
 * a BF25: RSP-080). Nothing is decrypted. */
static void test_built_rsp073_segment_length(void **state)
{
    built b;
    der_tlv outer, a0, a1, seg;
    uint8_t *copy;
    size_t s;
    (void)state;
    build(&b, 300, false);
    outer = outer_of(b.bpp, b.len);
    copy = malloc(b.len);

    a0 = child(b.bpp, &outer, 1);
    seg = child(b.bpp, &a0, 0);
    assert_int_equal(seg.hdr_len, 2);
    assert_int_equal(seg.len, 40);
    s = seg.off;
    memcpy(copy, b.bpp, b.len);
    copy[s + 1] = 0x10;
    copy[s + 2 + 16] = 0x87;
    copy[s + 2 + 16 + 1] = 0x16;
    memcpy(copy + s + 2 + 16 + 2, b.bpp + s + 2 + 16, 22);
    {
        const want w[] = {
            {"RSP-073", (int64_t)s, "'87' segment 0 of firstSequenceOf87 (A0) has 16 bytes of "
                                    "ciphertext and MAC (needs 16k + 8, k >= 1)"},
            {"RSP-073", (int64_t)s + 18, "has 22 bytes of ciphertext and MAC"},
        };
        expect_errors(copy, b.len, &b.keys, w, 2, NULL, 0);
        expect_errors(copy, b.len, NULL, w, 2, NULL, 0);
    }

    a1 = child(b.bpp, &outer, 2);
    seg = child(b.bpp, &a1, 0);
    assert_int_equal(seg.hdr_len, 2);
    assert_int_equal(seg.len, 39);
    s = seg.off;
    memcpy(copy, b.bpp, b.len);
    copy[s + 1] = 0x05;
    copy[s + 2 + 5] = 0x88;
    copy[s + 2 + 5 + 1] = 0x20;
    memcpy(copy + s + 2 + 5 + 2, b.bpp + s + 2 + 5, 32);
    {
        const want w[] = {
            {"RSP-073", (int64_t)s, "'88' segment 0 of sequenceOf88 (A1) has 5 bytes of data and "
                                    "MAC (needs at least 8)"},
            {"RSP-080", (int64_t)a1.off, "24 bytes of '88' data are not one 'BF25' TLV"},
        };
        expect_errors(copy, b.len, &b.keys, w, 2, NULL, 0);
    }
    free(copy);
    built_free(&b);
}

/* RSP-081: A2 decrypting to a BF26 whose ppkCmac is 15 bytes, and to a
 * BF25; the '86' segments are then not checked. A2 with the well-formed
 * BF26 given the same way is clean (the builder option itself is sound). */
static void test_built_rsp081_replace_session_keys(void **state)
{
    bb_spec spec;
    esv_bsp_keys keys, ppk;
    uint8_t *bpp, *upp, rsk[3 + 3 * 18];
    size_t len, upp_len, n = 0, i;
    der_tlv outer, a2;
    checked c;
    (void)state;
    upp = bb_synthetic_upp(300, &upp_len);
    bb_default_spec(&spec, &keys, &ppk, upp, upp_len);
    /* BF26 { 80 10 icv, 81 10 enc, 82 10 mac } */
    rsk[n++] = 0xBF;
    rsk[n++] = 0x26;
    rsk[n++] = 54;
    for (i = 0; i < 3; i++) {
        rsk[n++] = (uint8_t)(0x80 + i);
        rsk[n++] = 16;
        memcpy(rsk + n, i == 0 ? ppk.icv : i == 1 ? ppk.s_enc : ppk.s_mac, 16);
        n += 16;
    }
    assert_int_equal(n, sizeof(rsk));
    spec.ppk = &ppk;
    spec.rsk = rsk;
    spec.rsk_len = n;
    bpp = bb_build(&spec, &len);
    check_bpp(&c, bpp, len, &keys, NULL);
    if (esv_report_finding_count(c.r) != 0)
        print_findings(c.r);
    assert_int_equal(esv_report_finding_count(c.r), 0);
    assert_true(c.info.has_replace_session_keys);
    assert_int_equal(c.upp_len, upp_len);
    assert_memory_equal(c.upp, upp, upp_len);
    checked_free(&c);
    free(bpp);

    /* ppkCmac of 15 bytes: BF26 length 53, 82 length 15 */
    rsk[2] = 53;
    rsk[3 + 2 * 18 + 1] = 15;
    spec.rsk_len = n - 1;
    bpp = bb_build(&spec, &len);
    outer = outer_of(bpp, len);
    a2 = child(bpp, &outer, 3);
    assert_int_equal(a2.tag, 2);
    {
        const want w[] = {{"RSP-081", (int64_t)a2.off,
                           "56 bytes of decrypted data; the '86' segments were not checked"}};
        expect_errors(bpp, len, &keys, w, 1, NULL, 0);
    }
    free(bpp);

    /* a StoreMetadataRequest-shaped BF25 where the BF26 belongs */
    rsk[1] = 0x25;
    rsk[2] = 54;
    rsk[3 + 2 * 18 + 1] = 16;
    spec.rsk_len = n;
    bpp = bb_build(&spec, &len);
    outer = outer_of(bpp, len);
    a2 = child(bpp, &outer, 3);
    {
        const want w[] = {{"RSP-081", (int64_t)a2.off, "57 bytes of decrypted data"}};
        expect_errors(bpp, len, &keys, w, 1, NULL, 0);
    }
    free(bpp);
    esv_memzero(rsk, sizeof(rsk));
    free(upp);
}

/* RSP-083: an empty UPP (one '86' segment of padding only), with the
 * session keys and with ReplaceSessionKeys; the MACs verify. */
static void test_built_rsp083_empty_upp(void **state)
{
    int with_ppk;
    static const uint8_t none[1] = {0};
    (void)state;
    for (with_ppk = 0; with_ppk < 2; with_ppk++) {
        bb_spec spec;
        esv_bsp_keys keys, ppk;
        uint8_t *bpp;
        size_t len;
        der_tlv outer, a3, seg;
        checked c;
        const esv_finding *f;
        bb_default_spec(&spec, &keys, &ppk, none, 0);
        if (with_ppk)
            spec.ppk = &ppk;
        bpp = bb_build(&spec, &len);
        outer = outer_of(bpp, len);
        a3 = child(bpp, &outer, with_ppk ? 4 : 3);
        assert_int_equal(a3.tag, 3);
        seg = child(bpp, &a3, 0);
        assert_int_equal(seg.len, 16 + 8);
        assert_int_equal(a3.len, der_tlv_size(&seg));
        check_bpp(&c, bpp, len, &keys, NULL);
        f = finding_with(c.r, "RSP-083", (int64_t)a3.off, "the '86' segments decrypt to no data");
        assert_int_equal(esv_finding_severity(f), ESV_SEV_ERROR);
        assert_int_equal(esv_report_finding_count(c.r), 1);
        assert_int_equal(esv_report_verdict(c.r), ESV_VERDICT_FAIL);
        assert_true(c.info.macs_verified);
        assert_int_equal(c.upp_len, 0);
        checked_free(&c);
        free(bpp);
    }
}

/* Fixed-length, structural edge inputs: no crash, the right rule. */
static void test_small_inputs(void **state)
{
    checked c;
    (void)state;
    check_bpp(&c, NULL, 0, NULL, NULL);
    assert_finding(c.r, "DER-001", 0);
    assert_finding(c.r, "RSP-076", 0);
    checked_free(&c);
    check_bpp(&c, (const uint8_t *)"\xBF\x36\x00", 3, NULL, NULL);
    assert_finding(c.r, "RSP-062", 0);
    checked_free(&c);
    check_bpp(&c, (const uint8_t *)"\x30\x00", 2, NULL, NULL);
    assert_finding(c.r, "RSP-060", 0);
    checked_free(&c);
    check_bpp(&c, (const uint8_t *)"\xBF\x36\x05\xA0\x03", 5, NULL, NULL);
    assert_finding(c.r, "DER-002", -1);
    checked_free(&c);
    /* arguments */
    {
        esv_ctx *ctx;
        esv_report *r;
        uint8_t *u;
        assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
        r = esv_report_create(ctx, "rsp");
        assert_int_equal(esv_rsp_bpp_check(NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL), ESV_E_ARG);
        assert_int_equal(esv_rsp_bpp_check(r, NULL, 3, NULL, NULL, NULL, NULL, NULL), ESV_E_ARG);
        assert_int_equal(esv_rsp_bpp_check(r, (const uint8_t *)"", 0, NULL, NULL, &u, NULL, NULL),
                         ESV_E_ARG);
        esv_report_free(r);
        esv_ctx_free(ctx);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kdf_vectors),          cmocka_unit_test(test_ecka_vector),
        cmocka_unit_test(test_ecdh_both_curves),     cmocka_unit_test(test_cmac_rfc4493),
        cmocka_unit_test(test_aes_sp800_38a),        cmocka_unit_test(test_x963_prefix),
        cmocka_unit_test(test_bsp_session_segments), cmocka_unit_test(test_bsp_profile_segments),
        cmocka_unit_test(test_bsp_rejects),          cmocka_unit_test(test_bpp_mode51),
        cmocka_unit_test(test_bpp_production),       cmocka_unit_test(test_bpp_session),
        cmocka_unit_test(test_built_clean),          cmocka_unit_test(test_built_tampered),
        cmocka_unit_test(test_built_fields),         cmocka_unit_test(test_small_inputs),
        cmocka_unit_test(test_built_rsp064_isc_members),
        cmocka_unit_test(test_built_rsp065_remote_op_id),
        cmocka_unit_test(test_built_rsp067_crt_members),
        cmocka_unit_test(test_built_rsp069_key_len),
        cmocka_unit_test(test_built_rsp071_smdp_otpk),
        cmocka_unit_test(test_built_rsp072_smdp_sign),
        cmocka_unit_test(test_built_rsp073_segment_length),
        cmocka_unit_test(test_built_rsp081_replace_session_keys),
        cmocka_unit_test(test_built_rsp083_empty_upp),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
