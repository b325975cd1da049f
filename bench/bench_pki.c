/*
 * bench_pki.c - certificate chain verification against the ECDSA bound.
 *
 * In one run, on each curve (P-256, brainpoolP256r1), with a hierarchy
 * made by the project's PKI builder:
 *   1. raw mbedTLS ECDSA verifications per second (mbedtls_pk_verify with
 *      the key already parsed: the floor no verifier can beat);
 *   2. the same through esv's crypto layer (esv_ecdsa_verify_der), i.e.
 *      through the build's backend (mbedTLS, or OpenSSL with make
 *      CRYPTO=openssl: the raw line stays mbedTLS's, the reference);
 *   3. chains per second through esv_cert_verify: eUICC -> EUM -> CI
 *      without the cache (2 signatures per chain) and with it (1: the EUM
 *      is served from the cache), and SM-DP+ auth -> CI (1).
 * and the eUICC + EUM pair without a trust (no signature: what esv adds
 * around the ECDSA verifications). The ratio printed for each chain is (chains/s x signatures per chain) /
 * raw ECDSA/s: the share of the ECDSA bound the whole verification
 * reaches (parsing, DER walk, 60 rules, chain building, report).
 */
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

/* Median seconds per operation of fn over `iters` calls, RUNS runs. */
typedef int (*op_fn)(void *arg);
static double per_op(op_fn fn, void *arg, int iters)
{
    double t[RUNS];
    int r, i;
    for (r = 0; r < RUNS; r++) {
        double t0 = bench_now();
        for (i = 0; i < iters; i++)
            bench_sink += (uint64_t)fn(arg);
        t[r] = (bench_now() - t0) / iters;
    }
    return bench_median(t, RUNS);
}

typedef struct raw_arg {
    mbedtls_x509_crt issuer, subject;
    uint8_t digest[32];
} raw_arg;

static int op_raw(void *a)
{
    raw_arg *x = a;
    return mbedtls_pk_verify(&x->issuer.pk, MBEDTLS_MD_SHA256, x->digest, 32, x->subject.sig.p,
                             x->subject.sig.len) == 0;
}

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

    double t_raw = per_op(op_raw, &raw, iters);
    double t_layer = per_op(op_layer, &lay, iters);
    double t_euicc = per_op(op_chain, &euicc, iters / 2);
    double t_euicc_c = per_op(op_chain, &euicc_c, iters);
    double t_dp = per_op(op_chain, &dp, iters);
    double t_alone = per_op(op_chain, &alone, iters * 10);
    double bound = 1.0 / t_raw;

    printf("bench_pki %-15s raw mbedTLS ECDSA verify   %8.1f /s  (%.0f us)\n", name, bound, t_raw * 1e6);
    printf("bench_pki %-15s esv crypto layer verify    %8.1f /s  (%.0f us)  %.1f%% of raw\n", name,
           1.0 / t_layer, t_layer * 1e6, 100.0 * t_raw / t_layer);
    printf("bench_pki %-15s eUICC->EUM->CI, no cache   %8.1f chains/s  2 sigs  %.1f%% of the bound\n",
           name, 1.0 / t_euicc, 100.0 * 2 * t_raw / t_euicc);
    printf("bench_pki %-15s eUICC->EUM->CI, EUM cached %8.1f chains/s  1 sig   %.1f%% of the bound\n",
           name, 1.0 / t_euicc_c, 100.0 * t_raw / t_euicc_c);
    printf("bench_pki %-15s DPauth->CI                 %8.1f chains/s  1 sig   %.1f%% of the bound\n",
           name, 1.0 / t_dp, 100.0 * t_raw / t_dp);
    printf("bench_pki %-15s eUICC+EUM without a trust  %8.1f /s  (%.0f us: everything but the signatures)\n",
           name, 1.0 / t_alone, t_alone * 1e6);

    mbedtls_x509_crt_free(&raw.issuer);
    mbedtls_x509_crt_free(&raw.subject);
    esv_trust_free(plain);
    esv_trust_free(cached);
    esv_ctx_free(ctx);
    pb_pki_free(p);
}

int main(void)
{
    printf("bench_pki: medians of %d runs; ratios are within this run; crypto backend %s\n", RUNS,
           esv_crypto_backend());
    bench_curve(PB_P256, "P-256", 7000);
    bench_curve(PB_BP256, "brainpoolP256r1", 7100);
    return 0;
}
