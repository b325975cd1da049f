/*
 * bench_pki.c - certificate chain verification against the ECDSA bound.
 *
 * In one run, on each curve (P-256, brainpoolP256r1), with a hierarchy
 * made by the project's PKI builder:
 *   1. raw ECDSA verifications per second by the crypto library of the
 *      build, the key already made (mbedTLS: mbedtls_pk_verify; OpenSSL:
 *      EVP_PKEY_verify): the floor no verifier on it can beat;
 *   2. the same through esv's crypto layer (esv_ecdsa_verify_der), i.e.
 *      through the build's backend (mbedTLS, or OpenSSL with make
 *      CRYPTO=openssl: the raw line stays mbedTLS's, the reference);
 *   3. chains per second through esv_cert_verify: eUICC -> EUM -> CI
 *      without the cache (2 signatures per chain) and with it (1: the EUM
 *      is served from the cache), and SM-DP+ auth -> CI (1).
 * and the eUICC + EUM pair without a trust (no signature: what esv adds
 * around the ECDSA verifications). The ratio printed for each chain is (chains/s x signatures per chain) /
 * raw ECDSA/s: the share of the ECDSA bound the whole verification
 * reaches (parsing, DER walk, 60 rules, chain building, report). The
 * operations are timed in turn, round after round, and each share is
 * taken within a round: timed block after block, a busy machine gave
 * 150-320% "of the bound"; interleaved, 91-106%.
 */
#ifdef ESV_BENCH_OPENSSL
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#endif
#include <mbedtls/ecdsa.h>
#include <mbedtls/pk.h>
#include <mbedtls/x509_crt.h>
#include <string.h>

#include "bench.h"
#include "crypto/crypto.h"
#include "esv/esv.h"
#include "pki_builder.h"

#define RUNS 9
#define T_2030 INT64_C(1893456000)

static int ext_cb(void *ctx, mbedtls_x509_crt const *crt, mbedtls_x509_buf const *oid,
                  int critical, const unsigned char *p, const unsigned char *end)
{
    (void)ctx, (void)crt, (void)oid, (void)critical, (void)p, (void)end;
    return 0;
}

/* Seconds per operation of fn over `iters` calls (one timed block). */
typedef int (*op_fn)(void *arg);
static double block(op_fn fn, void *arg, int iters)
{
    double t0 = bench_now();
    int i;
    for (i = 0; i < iters; i++)
        bench_sink += (uint64_t)fn(arg);
    return (bench_now() - t0) / iters;
}

/* The raw verification: the backend library's own call, its key built
 * once (mbedTLS: the parsed certificate's pk; OpenSSL: an EVP_PKEY from
 * the EUM's point and a verify context made once), so that the bound is
 * what the library the build links can do at best. */
typedef struct raw_arg {
    mbedtls_x509_crt issuer, subject;
    uint8_t digest[32];
#ifdef ESV_BENCH_OPENSSL
    EVP_PKEY *pkey;
    EVP_PKEY_CTX *vctx;
#endif
} raw_arg;

static int op_raw(void *a)
{
    raw_arg *x = a;
#ifdef ESV_BENCH_OPENSSL
    return EVP_PKEY_verify(x->vctx, x->subject.sig.p, x->subject.sig.len, x->digest, 32) == 1;
#else
    return mbedtls_pk_verify(&x->issuer.pk, MBEDTLS_MD_SHA256, x->digest, 32, x->subject.sig.p,
                             x->subject.sig.len) == 0;
#endif
}

#ifdef ESV_BENCH_OPENSSL
static void raw_openssl(raw_arg *x, const char *group, const uint8_t pub[65])
{
    OSSL_PARAM params[3];
    EVP_PKEY_CTX *kctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
    params[0] = OSSL_PARAM_construct_utf8_string("group", (char *)(uintptr_t)group, 0);
    params[1] = OSSL_PARAM_construct_octet_string("pub", (void *)(uintptr_t)pub, 65);
    params[2] = OSSL_PARAM_construct_end();
    x->pkey = NULL;
    if (kctx == NULL || EVP_PKEY_fromdata_init(kctx) != 1 ||
        EVP_PKEY_fromdata(kctx, &x->pkey, EVP_PKEY_PUBLIC_KEY, params) != 1)
        abort();
    EVP_PKEY_CTX_free(kctx);
    if ((x->vctx = EVP_PKEY_CTX_new_from_pkey(NULL, x->pkey, NULL)) == NULL || EVP_PKEY_verify_init(x->vctx) != 1)
        abort();
}
#endif

typedef struct layer_arg {
    esv_curve curve;
    const uint8_t *pub;
    size_t pub_len;
    uint8_t digest[32];
    const uint8_t *sig;
    size_t sig_len;
} layer_arg;

static int op_layer(void *a)
{
    layer_arg *x = a;
    return esv_ecdsa_verify_der(x->curve, x->pub, x->pub_len, x->digest, x->sig, x->sig_len) ==
           ESV_CRYPTO_OK;
}

typedef struct chain_arg {
    const esv_ctx *ctx;
    const esv_trust *trust;
    esv_blob blobs[2];
    size_t n;
} chain_arg;

static int op_chain(void *a)
{
    chain_arg *x = a;
    esv_report *r = NULL;
    int ok;
    if (esv_cert_verify(x->ctx, x->trust, x->blobs, x->n, ESV_ROLE_ANY, &r) != ESV_OK)
        abort();
    /* The benchmark measures valid chains: no error, no warning (the
     * notices, e.g. PKI-067 for a trust without CRLs, are expected). */
    ok = esv_report_count_severity(r, ESV_SEV_ERROR) + esv_report_count_severity(r, ESV_SEV_WARNING) == 0;
    if (!ok)
        abort();
    esv_report_free(r);
    return ok;
}

static void bench_curve(pb_curve curve, const char *name, uint32_t seed)
{
    pb_pki *p = pb_pki_build(curve, PB_GEN_V2, seed);
    raw_arg raw;
    layer_arg lay;
    esv_ctx *ctx = NULL;
    esv_trust *plain = NULL, *cached = NULL;
    int iters = curve == PB_P256 ? 60 : 30;

    if (p == NULL)
        abort();
    /* The signature of the eUICC certificate under the EUM's key. */
    mbedtls_x509_crt_init(&raw.issuer);
    mbedtls_x509_crt_init(&raw.subject);
    if (mbedtls_x509_crt_parse_der_with_ext_cb(&raw.issuer, p->eum->der, p->eum->len, 1, ext_cb, NULL) ||
        mbedtls_x509_crt_parse_der_with_ext_cb(&raw.subject, p->euicc->der, p->euicc->len, 1, ext_cb, NULL))
        abort();
    if (esv_sha256(raw.subject.tbs.p, raw.subject.tbs.len, raw.digest) != ESV_CRYPTO_OK)
        abort();
    memcpy(lay.digest, raw.digest, 32);
    lay.curve = curve == PB_P256 ? ESV_CURVE_P256 : ESV_CURVE_BP256R1;
    {
        static uint8_t pub[65];
        if (pb_key_public(p->eum_key, pub))
            abort();
        lay.pub = pub;
        lay.pub_len = 65;
    }
    lay.sig = raw.subject.sig.p;
    lay.sig_len = raw.subject.sig.len;
#ifdef ESV_BENCH_OPENSSL
    raw_openssl(&raw, curve == PB_P256 ? "prime256v1" : "brainpoolP256r1", lay.pub);
#endif

    if (esv_ctx_new(&ctx) || esv_ctx_set_time(ctx, T_2030) || esv_trust_new(&plain) ||
        esv_trust_add_ci(plain, p->ci->der, p->ci->len) || esv_trust_new(&cached) ||
        esv_trust_add_ci(cached, p->ci->der, p->ci->len) || esv_trust_set_cache(cached, 1024))
        abort();

    chain_arg euicc = {ctx, plain, {{p->euicc->der, p->euicc->len}, {p->eum->der, p->eum->len}}, 2};
    chain_arg euicc_c = euicc;
    euicc_c.trust = cached;
    chain_arg dp = {ctx, plain, {{p->dpauth->der, p->dpauth->len}, {NULL, 0}}, 1};
    chain_arg alone = euicc;
    alone.trust = NULL; /* no chain: parse, DER walk, profile rules, validity */

    /* Every operation is timed once per round, in turn (raw, layer,
     * chains, raw, layer, chains, ...): the ratios are taken within each
     * round, where a busy machine slowed the raw verifications and the
     * chains alike, and are printed as the median with the lowest and
     * highest round. */
    enum { RAW, LAYER, EUICC, EUICC_C, DP, ALONE, NOPS };
    static const char *const what[NOPS] = {"raw", "layer", "euicc", "euicc_cached", "dpauth", "no_trust"};
    double t[NOPS][RUNS], q[NOPS][RUNS], med[NOPS];
    bench_spread sp[NOPS];
    char fig[64];
    int r, k;
    for (r = 0; r < RUNS; r++) {
        t[RAW][r] = block(op_raw, &raw, iters);
        t[LAYER][r] = block(op_layer, &lay, iters);
        t[EUICC][r] = block(op_chain, &euicc, iters / 2);
        t[EUICC_C][r] = block(op_chain, &euicc_c, iters);
        t[DP][r] = block(op_chain, &dp, iters);
        t[ALONE][r] = block(op_chain, &alone, iters * 10);
        /* per-round shares of the bound: raw time x signatures / time */
        q[RAW][r] = 1.0;
        q[LAYER][r] = t[RAW][r] / t[LAYER][r];
        q[EUICC][r] = 2 * t[RAW][r] / t[EUICC][r];
        q[EUICC_C][r] = t[RAW][r] / t[EUICC_C][r];
        q[DP][r] = t[RAW][r] / t[DP][r];
        q[ALONE][r] = t[ALONE][r];
    }
    for (k = 0; k < NOPS; k++) {
        med[k] = bench_median(t[k], RUNS);
        sp[k] = bench_spread_of(q[k], RUNS);
    }

    printf("bench_pki %-15s raw %-7s ECDSA verify   %8.1f /s  (%.0f us)\n", name, esv_crypto_backend(),
           1.0 / med[RAW], med[RAW] * 1e6);
    printf("bench_pki %-15s esv crypto layer verify    %8.1f /s  (%.0f us)  %.1f%% of raw [%.1f-%.1f]\n", name,
           1.0 / med[LAYER], med[LAYER] * 1e6, 100 * sp[LAYER].med, 100 * sp[LAYER].lo, 100 * sp[LAYER].hi);
    printf("bench_pki %-15s eUICC->EUM->CI, no cache   %8.1f chains/s  2 sigs  %.1f%% of the bound [%.1f-%.1f]\n",
           name, 1.0 / med[EUICC], 100 * sp[EUICC].med, 100 * sp[EUICC].lo, 100 * sp[EUICC].hi);
    printf("bench_pki %-15s eUICC->EUM->CI, EUM cached %8.1f chains/s  1 sig   %.1f%% of the bound [%.1f-%.1f]\n",
           name, 1.0 / med[EUICC_C], 100 * sp[EUICC_C].med, 100 * sp[EUICC_C].lo, 100 * sp[EUICC_C].hi);
    printf("bench_pki %-15s DPauth->CI                 %8.1f chains/s  1 sig   %.1f%% of the bound [%.1f-%.1f]\n",
           name, 1.0 / med[DP], 100 * sp[DP].med, 100 * sp[DP].lo, 100 * sp[DP].hi);
    printf("bench_pki %-15s eUICC+EUM without a trust  %8.1f /s  (%.0f us: everything but the signatures)\n",
           name, 1.0 / med[ALONE], med[ALONE] * 1e6);
    for (k = LAYER; k < ALONE; k++) {
        snprintf(fig, sizeof(fig), "%s %s share of raw verify", name, what[k]);
        bench_json("bench_pki", fig, "ratio", sp[k]);
    }
    snprintf(fig, sizeof(fig), "%s raw verify", name);
    bench_json("bench_pki", fig, "us", (bench_spread){med[RAW] * 1e6, 0, 0});
    snprintf(fig, sizeof(fig), "%s %s", name, what[ALONE]);
    bench_json("bench_pki", fig, "us", (bench_spread){sp[ALONE].med * 1e6, sp[ALONE].lo * 1e6, sp[ALONE].hi * 1e6});

    mbedtls_x509_crt_free(&raw.issuer);
    mbedtls_x509_crt_free(&raw.subject);
#ifdef ESV_BENCH_OPENSSL
    EVP_PKEY_CTX_free(raw.vctx);
    EVP_PKEY_free(raw.pkey);
#endif
    esv_trust_free(plain);
    esv_trust_free(cached);
    esv_ctx_free(ctx);
    pb_pki_free(p);
}

int main(void)
{
    printf("bench_pki: %d rounds, every operation timed once per round in turn; shares of the bound are\n"
           "           taken round by round: median [lowest-highest round]; crypto backend %s\n",
           RUNS, esv_crypto_backend());
    bench_curve(PB_P256, "P-256", 7000);
    bench_curve(PB_BP256, "brainpoolP256r1", 7100);
    return 0;
}
