/*
 * test_fast_mode.c - what the fuzzing build's fast public-key operations
 * (lib/crypto/fuzz_fast.c) promise, checked on the fuzzing objects
 * themselves (build/fuzz/obj, FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION):
 *   - the backend name is the marker test-abi looks for;
 *   - every result stays reachable: UNSUPPORTED, BAD_KEY, BAD_INPUT,
 *     BAD_SIGNATURE and OK, by the documented rules;
 *   - the builder-made chains of fuzz/corpus/fuzz_chain (real signatures)
 *     verify with no signature finding, a changed TBSCertificate still
 *     verifies (the fuzzer gets past the signature), and a signature made
 *     to fail the cheap check gives PKI-014.
 * Run by `make fuzz-smoke` (and so by .ci/run): build/fuzz/test_fast_mode
 * fuzz/corpus/fuzz_chain.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/crypto.h"
#include "esv/esv.h"
#include "pki/pki.h"

static int failures;

#define EXPECT(cond)                                                            \
    do {                                                                        \
        if (!(cond)) {                                                          \
            fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__, __LINE__, #cond);  \
            failures++;                                                         \
        }                                                                       \
    } while (0)

/* SEC 2 2.4.2: the base point G of secp256r1, uncompressed: a valid key. */
static const uint8_t G[65] = {
    0x04, 0x6B, 0x17, 0xD1, 0xF2, 0xE1, 0x2C, 0x42, 0x47, 0xF8, 0xBC, 0xE6, 0xE5, 0x63, 0xA4, 0x40,
    0xF2, 0x77, 0x03, 0x7D, 0x81, 0x2D, 0xEB, 0x33, 0xA0, 0xF4, 0xA1, 0x39, 0x45, 0xD8, 0x98, 0xC2,
    0x96, 0x4F, 0xE3, 0x42, 0xE2, 0xFE, 0x1A, 0x7F, 0x9B, 0x8E, 0xE7, 0xEB, 0x4A, 0x7C, 0x0F, 0x9E,
    0x16, 0x2B, 0xCE, 0x33, 0x57, 0x6B, 0x31, 0x5E, 0xCE, 0xCB, 0xB6, 0x40, 0x68, 0x37, 0xBF, 0x51,
    0xF5,
};

static void test_rules(void)
{
    uint8_t digest[32] = {0}, key[65], raw[64] = {0}, z1[32], z2[32], d[32] = {0};
    /* SEQUENCE { INTEGER 1, INTEGER 1 } */
    static const uint8_t sig11[] = {0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01};
    static const uint8_t sig01[] = {0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x01};
    static const uint8_t nonminimal[] = {0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x01};
    static const uint8_t trailing[] = {0x30, 0x08, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0x00, 0x00};
    esv_pubkey *pk = NULL;

    EXPECT(strcmp(esv_crypto_backend(), "esv-FUZZING-BUILD-MODE-UNSAFE-signatures-not-verified") == 0);
    /* keys */
    EXPECT(esv_ec_pubkey_check(ESV_CURVE_P256, G, 65) == ESV_CRYPTO_OK);
    EXPECT(esv_ec_pubkey_check(ESV_CURVE_FRP256V1, G, 65) == ESV_CRYPTO_UNSUPPORTED);
    EXPECT(esv_ec_pubkey_check(ESV_CURVE_P256, G, 64) == ESV_CRYPTO_BAD_KEY);
    memcpy(key, G, 65);
    key[0] = 0x02;
    EXPECT(esv_ec_pubkey_check(ESV_CURVE_P256, key, 65) == ESV_CRYPTO_BAD_KEY);
    memcpy(key, G, 65);
    memset(key + 1, 0xFF, 32); /* X >= p */
    EXPECT(esv_ec_pubkey_check_env(NULL, ESV_CURVE_P256, key, 65) == ESV_CRYPTO_BAD_KEY);
    /* signature forms */
    EXPECT(esv_ecdsa_verify_der(ESV_CURVE_P256, G, 65, digest, sig11, 7) == ESV_CRYPTO_BAD_INPUT);
    EXPECT(esv_ecdsa_verify_der(ESV_CURVE_P256, G, 65, digest, nonminimal, sizeof(nonminimal)) ==
           ESV_CRYPTO_BAD_INPUT);
    EXPECT(esv_ecdsa_verify_der(ESV_CURVE_P256, G, 65, digest, trailing, sizeof(trailing)) ==
           ESV_CRYPTO_BAD_INPUT);
    EXPECT(esv_ecdsa_verify_raw(ESV_CURVE_P256, G, 65, digest, raw, 63) == ESV_CRYPTO_BAD_INPUT);
    /* the range of r and s */
    EXPECT(esv_ecdsa_verify_der(ESV_CURVE_P256, G, 65, digest, sig01, sizeof(sig01)) ==
           ESV_CRYPTO_BAD_SIGNATURE);
    EXPECT(esv_ecdsa_verify_raw(ESV_CURVE_P256, G, 65, digest, raw, 64) == ESV_CRYPTO_BAD_SIGNATURE);
    /* the verdict: digest[31] ^ r[31] ^ s[31] ^ Y[31] != 0; Y[31] of G is F5 */
    EXPECT(esv_ecdsa_verify_der(ESV_CURVE_P256, G, 65, digest, sig11, sizeof(sig11)) == ESV_CRYPTO_OK);
    digest[31] = 0xF5;
    EXPECT(esv_ecdsa_verify_der(ESV_CURVE_P256, G, 65, digest, sig11, sizeof(sig11)) ==
           ESV_CRYPTO_BAD_SIGNATURE);
    EXPECT(esv_ecdsa_verify_der(ESV_CURVE_FRP256V1, G, 65, digest, sig11, sizeof(sig11)) ==
           ESV_CRYPTO_UNSUPPORTED);
    raw[31] = 1;
    raw[63] = 1;
    EXPECT(esv_ecdsa_verify_raw(ESV_CURVE_P256, G, 65, digest, raw, 64) == ESV_CRYPTO_BAD_SIGNATURE);
    digest[31] = 0;
    EXPECT(esv_ecdsa_verify_raw(ESV_CURVE_P256, G, 65, digest, raw, 64) == ESV_CRYPTO_OK);
    /* a key made once gives the same */
    EXPECT(esv_pubkey_new(NULL, ESV_CURVE_P256, G, 65, &pk) == ESV_CRYPTO_OK && pk != NULL);
    if (pk != NULL) {
        EXPECT(esv_pubkey_verify_der(pk, digest, sig11, sizeof(sig11)) == ESV_CRYPTO_OK);
        digest[31] = 0xF5;
        EXPECT(esv_pubkey_verify_der(pk, digest, sig11, sizeof(sig11)) == ESV_CRYPTO_BAD_SIGNATURE);
        esv_pubkey_free(esv_pubkey_ref(pk));
        esv_pubkey_free(pk);
    }
    EXPECT(esv_pubkey_new(NULL, ESV_CURVE_P256, key, 65, &pk) == ESV_CRYPTO_BAD_KEY && pk == NULL);
    /* ECDH: deterministic, the scalar's range checked */
    EXPECT(esv_ecdh_shared_secret(ESV_CURVE_P256, d, 32, G, 65, z1) == ESV_CRYPTO_BAD_KEY);
    d[31] = 7;
    EXPECT(esv_ecdh_shared_secret(ESV_CURVE_P256, d, 32, G, 65, z1) == ESV_CRYPTO_OK);
    EXPECT(esv_ecdh_shared_secret(ESV_CURVE_P256, d, 32, G, 65, z2) == ESV_CRYPTO_OK);
    EXPECT(memcmp(z1, z2, 32) == 0);
    EXPECT(esv_ecdh_shared_secret(ESV_CURVE_BP256R1, d, 32, key, 65, z1) == ESV_CRYPTO_BAD_KEY);
}

/* --- the builder-made chains --- */

#define MAX_PARTS 10

typedef struct chain {
    uint8_t *buf;
    esv_blob parts[MAX_PARTS];
    size_t n;
} chain;

/* fuzz_chain's framing: 2-byte big-endian lengths; part 0 the CI, part 1 a
 * CRL, parts 2.. the certificates. */
static int read_chain(const char *path, chain *c)
{
    FILE *f = fopen(path, "rb");
    long len;
    size_t off = 0;
    memset(c, 0, sizeof(*c));
    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET) != 0 ||
        (c->buf = malloc((size_t)len)) == NULL || fread(c->buf, 1, (size_t)len, f) != (size_t)len) {
        if (f != NULL)
            fclose(f);
        return -1;
    }
    fclose(f);
    while (off + 2 <= (size_t)len && c->n < MAX_PARTS) {
        size_t n = ((size_t)c->buf[off] << 8) | c->buf[off + 1];
        off += 2;
        if (n > (size_t)len - off)
            return -1;
        c->parts[c->n].data = c->buf + off;
        c->parts[c->n].len = n;
        c->n++;
        off += n;
    }
    return c->n >= 3 ? 0 : -1;
}

static int verify(const chain *c, const char *rule)
{
    esv_ctx *ctx = NULL;
    esv_trust *t = NULL;
    esv_report *r = NULL;
    int found = -1;
    if (esv_ctx_new(&ctx) == ESV_OK && esv_ctx_set_time(ctx, 1893456000) == ESV_OK &&
        esv_trust_new(&t) == ESV_OK && esv_trust_add_ci(t, c->parts[0].data, c->parts[0].len) == ESV_OK &&
        esv_cert_verify(ctx, t, c->parts + 2, c->n - 2, ESV_ROLE_ANY, &r) == ESV_OK)
        found = esv_report_find(r, rule) != NULL;
    esv_report_free(r);
    esv_trust_free(t);
    esv_ctx_free(ctx);
    return found;
}

/* The certificate among parts 2.. whose subject is c's issuer. */
static int issuer_of(const chain *ch, const pki_cert *c, pki_cert *iss)
{
    pki_parse_err err;
    for (size_t i = 0; i < ch->n; i++) {
        if (i == 1 || ch->parts[i].len == 0)
            continue;
        if (pki_cert_parse(iss, ch->parts[i].data, ch->parts[i].len, 0, &err) == 0 &&
            pki_name_eq(&iss->subject, &c->issuer) && iss->pubkey.len == 65)
            return 0;
    }
    return -1;
}

static void test_chain(const char *path)
{
    chain ch;
    pki_cert leaf, iss;
    pki_parse_err err;
    uint8_t digest[32], *sig, mix;
    size_t last;

    if (read_chain(path, &ch) != 0) {
        fprintf(stderr, "%s: not a fuzz_chain input\n", path);
        failures++;
        free(ch.buf);
        return;
    }
    /* real signatures pass */
    EXPECT(verify(&ch, "PKI-014") == 0);
    EXPECT(verify(&ch, "PKI-056") == 0);
    last = ch.n - 1;
    if (pki_cert_parse(&leaf, ch.parts[last].data, ch.parts[last].len, 0, &err) != 0 ||
        issuer_of(&ch, &leaf, &iss) != 0 || leaf.sig.len < 8) {
        fprintf(stderr, "%s: last certificate or its issuer does not parse\n", path);
        failures++;
        free(ch.buf);
        return;
    }
    sig = (uint8_t *)(uintptr_t)leaf.sig.p;
    /* a changed serial number: a new digest; the fast check still passes
     * unless the new digest meets the 1-in-256 case, which is then undone
     * by changing the serial once more */
    {
        uint8_t *serial_last = (uint8_t *)(uintptr_t)(leaf.serial.p + leaf.serial.len - 1);
        int tries = 0;
        do {
            (*serial_last)++;
            esv_sha256(leaf.tbs.p, leaf.tbs.len, digest);
            mix = digest[31] ^ sig[3 + sig[3]] ^ sig[leaf.sig.len - 1] ^ iss.pubkey.p[64];
        } while (mix == 0 && ++tries < 4);
        EXPECT(verify(&ch, "PKI-014") == 0);
    }
    /* s changed so that the cheap check fails: PKI-014 */
    sig[leaf.sig.len - 1] ^= mix;
    EXPECT(verify(&ch, "PKI-014") == 1);
    free(ch.buf);
}

int main(int argc, char **argv)
{
    size_t chains = 0;
    test_rules();
    for (int i = 1; i < argc; i++) {
        DIR *d = opendir(argv[i]);
        struct dirent *e;
        char path[4096];
        if (d == NULL) {
            fprintf(stderr, "test_fast_mode: cannot open %s\n", argv[i]);
            return 1;
        }
        while ((e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.')
                continue;
            snprintf(path, sizeof(path), "%s/%s", argv[i], e->d_name);
            test_chain(path);
            chains++;
        }
        closedir(d);
    }
    EXPECT(chains > 0);
    if (failures) {
        fprintf(stderr, "test_fast_mode: %d failures\n", failures);
        return 1;
    }
    printf("test_fast_mode: the fast rules hold; %zu builder-made chains verify, and fail when made to\n",
           chains);
    return 0;
}
