/*
 * bench_rsp.c - how fast RSP messages are verified, against the bound set
 * by the signature checks they need.
 *
 * 1. AuthenticateServerResponse (the message an SM-DP+ verifies for every
 *    download): esv_rsp_verify with a trust holding the CI, on a session
 *    built by the project's builder (tests/support/rsp_builder.h), on
 *    P-256 and brainpoolP256r1. It checks three ECDSA signatures
 *    (euiccSignature1, the eUICC certificate, the EUM certificate); with
 *    the trust's intermediate cache (esv_trust_set_cache) the EUM's, once
 *    verified, is not checked again: two. The bound is that many raw
 *    verifications (esv_ecdsa_verify_raw of the message's own signature).
 *    Raw and message are timed alternately, round by round (block after
 *    block gave ratios above 150% on a busy machine); the figure is
 *    bound time / message time (100% = nothing but the signatures).
 * 2. BoundProfilePackage structure plus MAC checks and decryption
 *    (esv_rsp_bpp_check with the session keys) on a 256 KiB package built
 *    by the BPP builder: MB/s of package.
 *
 *   build/bench/bench_rsp [ROUNDS]   (default 15)
 */
#include <string.h>

#include "bench.h"
#include "bpp_builder.h"
#include "crypto/crypto.h"
#include "esv/esv.h"
#include "rsp/bpp.h"
#include "rsp_builder.h"

#define PER_ROUND 40

typedef struct fixture {
    rb_session *b;
    esv_ctx *ctx;
    esv_trust *trust;
    esv_curve curve;
    uint8_t pub[65];
    uint8_t digest[ESV_SHA256_LEN];
    const uint8_t *sig;
} fixture;

/* The euiccSigned1 span and euiccSignature1 of the builder's message:
 * BF38 len A0 len 30 ... ; found with the tags. */
static int locate(fixture *f)
{
    const uint8_t *m = f->b->msg[RB_AUTH_SERVER];
    size_t n = f->b->len[RB_AUTH_SERVER], i = 0, s1, s1_len;
    /* BF38 82 xx xx A0 82 xx xx 30 81 xx */
    i = 2 + (m[2] == 0x82 ? 3 : m[2] == 0x81 ? 2 : 1);
    i += 1 + (m[i + 1] == 0x82 ? 3 : m[i + 1] == 0x81 ? 2 : 1);
    if (m[i] != 0x30)
        return -1;
    s1 = i;
    s1_len = 2 + (m[i + 1] == 0x81 ? 1 + m[i + 2] : m[i + 1] == 0x82 ? 2 + (m[i + 2] << 8 | m[i + 3]) : m[i + 1]);
    if (s1 + s1_len + 3 + 64 > n || m[s1 + s1_len] != 0x5f || m[s1 + s1_len + 1] != 0x37)
        return -1;
    f->sig = m + s1 + s1_len + 3;
    return esv_sha256(m + s1, s1_len, f->digest) == ESV_CRYPTO_OK ? 0 : -1;
}

static int fixture_open(fixture *f, pb_curve curve, size_t cache)
{
    memset(f, 0, sizeof(*f));
    if ((f->b = rb_session_build(curve)) == NULL || esv_ctx_new(&f->ctx) != ESV_OK ||
        esv_ctx_set_time(f->ctx, 1830297600) != ESV_OK || esv_trust_new(&f->trust) != ESV_OK ||
        esv_trust_add_ci(f->trust, f->b->pki->ci->der, f->b->pki->ci->len) != ESV_OK ||
        (cache && esv_trust_set_cache(f->trust, cache) != ESV_OK) || pb_key_public(f->b->pki->euicc_key, f->pub) != 0)
        return -1;
    f->curve = curve == PB_P256 ? ESV_CURVE_P256 : ESV_CURVE_BP256R1;
    return locate(f);
}

static void fixture_close(fixture *f)
{
    esv_trust_free(f->trust);
    esv_ctx_free(f->ctx);
    rb_session_free(f->b);
}

static double time_raw(const fixture *f)
{
    double t0 = bench_now();
    for (int i = 0; i < PER_ROUND; i++)
        bench_sink += (uint64_t)esv_ecdsa_verify_raw(f->curve, f->pub, 65, f->digest, f->sig, 64);
    return (bench_now() - t0) / PER_ROUND;
}

static double time_msg(const fixture *f, int *bad)
{
    double t0 = bench_now();
    for (int i = 0; i < PER_ROUND; i++) {
        esv_report *r = NULL;
        if (esv_rsp_verify(f->ctx, f->trust, NULL, f->b->msg[RB_AUTH_SERVER], f->b->len[RB_AUTH_SERVER], &r) !=
                ESV_OK ||
            esv_report_verdict(r) != ESV_VERDICT_PASS)
            *bad = 1;
        esv_report_free(r);
    }
    return (bench_now() - t0) / PER_ROUND;
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 15, bad = 0;
    static const struct {
        pb_curve curve;
        const char *name;
    } curves[] = {{PB_P256, "P-256"}, {PB_BP256, "brainpoolP256r1"}};
    double raw[64], msg[64];

    if (rounds < 3 || rounds > 64)
        rounds = 15;
    printf("bench_rsp: AuthenticateServerResponse, %d rounds of %d, raw ECDSA and message interleaved\n", rounds,
           PER_ROUND);
    printf("  %-16s %-8s %12s %12s %9s %9s\n", "curve", "cache", "raw us", "message us", "msgs/s",
           "of bound, per round: median [lowest-highest]");
    for (size_t c = 0; c < 2; c++) {
        for (int cached = 0; cached < 2; cached++) {
            fixture f;
            double r_med, m_med, bound;
            int nsig = cached ? 2 : 3;
            if (fixture_open(&f, curves[c].curve, cached ? 64 : 0) != 0) {
                fprintf(stderr, "bench_rsp: fixture failed\n");
                return 1;
            }
            (void)time_msg(&f, &bad); /* warm the cache */
            for (int i = 0; i < rounds; i++) {
                raw[i] = time_raw(&f);
                msg[i] = time_msg(&f, &bad);
            }
            {
                double share[64];
                bench_spread sp;
                char fig[80];
                for (int i = 0; i < rounds; i++)
                    share[i] = nsig * raw[i] / msg[i]; /* within the round */
                sp = bench_spread_of(share, (size_t)rounds);
                r_med = bench_median(raw, (size_t)rounds);
                m_med = bench_median(msg, (size_t)rounds);
                bound = nsig * r_med;
                printf("  %-16s %-8s %12.1f %12.1f %9.0f %8.1f%% [%.1f-%.1f]\n", curves[c].name,
                       cached ? "on" : "off", r_med * 1e6, m_med * 1e6, 1.0 / m_med, 100.0 * sp.med,
                       100.0 * sp.lo, 100.0 * sp.hi);
                snprintf(fig, sizeof(fig), "%s AuthenticateServerResponse cache %s share of raw verify",
                         curves[c].name, cached ? "on" : "off");
                bench_json("bench_rsp", fig, "ratio", sp);
                (void)bound;
            }
            fixture_close(&f);
        }
    }

    /* BPP: structure + MACs + decryption */
    {
        size_t ul, bl;
        uint8_t *upp = bb_synthetic_upp(256 * 1024, &ul), *bpp;
        esv_bsp_keys keys, ppk;
        bb_spec spec;
        double t[64];
        esv_ctx *ctx;
        bb_default_spec(&spec, &keys, &ppk, upp, ul);
        spec.ppk = NULL;
        bpp = bb_build(&spec, &bl);
        if (esv_ctx_new(&ctx) != ESV_OK)
            return 1;
        for (int i = 0; i < rounds; i++) {
            double t0 = bench_now();
            for (int k = 0; k < 4; k++) {
                esv_report *r = esv_report_create(ctx, "rsp");
                uint8_t *out = NULL;
                size_t out_len = 0;
                esv_bpp_info info;
                esv_bpp_info_init(&info);
                if (r == NULL || esv_rsp_bpp_check(r, bpp, bl, &keys, NULL, &out, &out_len, &info) != ESV_OK ||
                    out_len != ul)
                    bad = 1;
                esv_rsp_upp_free(out, out_len);
                esv_bpp_info_free(&info);
                esv_report_free(r);
            }
            t[i] = (bench_now() - t0) / 4;
        }
        printf("  BoundProfilePackage %zu bytes: structure + MACs + decryption %.1f MB/s\n", bl,
               (double)bl / bench_median(t, (size_t)rounds) / 1e6);
        esv_ctx_free(ctx);
        free(bpp);
        free(upp);
    }
    if (bad)
        fprintf(stderr, "bench_rsp: a verification did not pass\n");
    return bad;
}
