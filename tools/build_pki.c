/*
 * build_pki.c - writes a sample GSMA RSP test PKI made by the project's
 * PKI builder (tests/support/pki_builder.h); nothing is taken from
 * third-party data.
 *
 *   build_pki OUTDIR
 *
 * For each curve (nist = P-256, brp = brainpoolP256r1), v2 policy OIDs:
 *   ci-<curve>.der, eum-<curve>.der, euicc-<curve>.der,
 *   dpauth-<curve>.der, dppb-<curve>.der, dptls-<curve>.der
 *   chain-<curve>.pem     eUICC then EUM certificate, PEM
 *   crl-<curve>.der       CRL of the CI revoking serial 7777
 * defective examples (P-256):
 *   eum-nokeyusage-nist.der   the EUM certificate without keyUsage
 *   euicc-nonca-issuer-nist.pem  an eUICC and its issuer, a certificate that
 *                             is no CA (no basicConstraints, keyUsage
 *                             digitalSignature, policy 1.2.3.4)
 *   dpauth-tls-ext-nist.der   an SM-DP+ auth policy on a certificate with
 *                             TLS extensions (serverAuth, dNSName)
 * and the SGP.22 v3 variant C hierarchy (P-256, its own CI):
 *   ci-v3c-nist.der           its CI
 *   chain-v3c-nist.pem        eUICC, EUM SubCA, EUM, CI SubCA
 *   dpchain-v3c-nist.pem      SM-DP+ auth, SM-DP+ SubCA, CI SubCA
 *
 * The output is deterministic: running it again rewrites identical files.
 *
 *   build_pki --seeds CORPUSDIR
 *
 * writes the fuzz seeds instead: CORPUSDIR/fuzz_cert/ (certificates of every
 * role, both curves, both policy generations, the v3 sub-CAs, a PEM bundle
 * and defect variants) and CORPUSDIR/fuzz_chain/ (framed CI, CRL and chain inputs, see
 * fuzz/fuzz_chain.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pki_builder.h"

static const char *outdir;

static int put(const char *name, const uint8_t *data, size_t len)
{
    char path[4096];
    if (snprintf(path, sizeof(path), "%s/%s", outdir, name) >= (int)sizeof(path) ||
        pb_write_file(path, data, len) != 0) {
        fprintf(stderr, "build_pki: cannot write %s\n", path);
        return -1;
    }
    printf("%s\n", path);
    return 0;
}

static int put_cert(const char *role, const char *curve, const pb_cert *c)
{
    char name[64];
    snprintf(name, sizeof(name), "%s-%s.der", role, curve);
    return put(name, c->der, c->len);
}

/* PEM text of certs[0..n) concatenated into `name`. */
static int put_pem_bundle(const char *name, const pb_cert *const *certs, size_t n)
{
    size_t i, len = 0;
    char *all = NULL;
    int rc = -1;
    for (i = 0; i < n; i++) {
        char *one = pb_pem(certs[i]->der, certs[i]->len), *grown;
        if (one == NULL)
            goto out;
        grown = realloc(all, len + strlen(one) + 1);
        if (grown == NULL) {
            free(one);
            goto out;
        }
        all = grown;
        memcpy(all + len, one, strlen(one) + 1);
        len += strlen(one);
        free(one);
    }
    rc = put(name, (const uint8_t *)all, len);
out:
    free(all);
    return rc;
}

static int write_nonca(const pb_pki *p)
{
    pb_spec s;
    pb_cert *x, *e = NULL;
    int rc = -1;
    memset(&s, 0, sizeof(s));
    s.role = PB_EUM;
    s.defects = PB_D_NOT_CA;
    x = pb_cert_build(&s, p->eum_key, p->ci, p->ci_key);
    memset(&s, 0, sizeof(s));
    s.role = PB_EUICC;
    if (x != NULL)
        e = pb_cert_build(&s, p->euicc_key, x, p->eum_key);
    if (e != NULL) {
        const pb_cert *both[2] = {e, x};
        rc = put_pem_bundle("euicc-nonca-issuer-nist.pem", both, 2);
    }
    pb_cert_free(e);
    pb_cert_free(x);
    return rc;
}

static int write_tls_ext(const pb_pki *p)
{
    pb_spec s;
    pb_cert *c;
    int rc = -1;
    memset(&s, 0, sizeof(s));
    s.role = PB_DP_AUTH;
    s.defects = PB_D_EKU_ON_NON_TLS | PB_D_DNS_ON_NON_TLS;
    c = pb_cert_build(&s, p->dpauth_key, p->ci, p->ci_key);
    if (c != NULL)
        rc = put("dpauth-tls-ext-nist.der", c->der, c->len);
    pb_cert_free(c);
    return rc;
}

static int write_v3c(void)
{
    pb_vpki *v = pb_vpki_build(PB_P256, PB_VAR_C, 700);
    const pb_cert *chain[8];
    size_t n;
    int rc = -1;
    if (v == NULL)
        return -1;
    if (put("ci-v3c-nist.der", v->cert[PB_CI]->der, v->cert[PB_CI]->len))
        goto out;
    n = pb_vpki_chain(v, PB_EUICC, chain, 8);
    if (put_pem_bundle("chain-v3c-nist.pem", chain, n))
        goto out;
    n = pb_vpki_chain(v, PB_DP_AUTH, chain, 8);
    if (put_pem_bundle("dpchain-v3c-nist.pem", chain, n))
        goto out;
    rc = 0;
out:
    pb_vpki_free(v);
    return rc;
}

static int build_curve(pb_curve curve, const char *cname, uint32_t seed)
{
    pb_pki *p = pb_pki_build(curve, PB_GEN_V2, seed);
    char name[64];
    char *a = NULL, *b = NULL, *both = NULL;
    uint8_t *crl = NULL;
    size_t crl_len = 0;
    pb_crl_spec cs;
    int rc = -1;

    if (p == NULL) {
        fprintf(stderr, "build_pki: building the %s PKI failed\n", cname);
        return -1;
    }
    if (put_cert("ci", cname, p->ci) || put_cert("eum", cname, p->eum) ||
        put_cert("euicc", cname, p->euicc) || put_cert("dpauth", cname, p->dpauth) ||
        put_cert("dppb", cname, p->dppb) || put_cert("dptls", cname, p->dptls))
        goto out;

    a = pb_pem(p->euicc->der, p->euicc->len);
    b = pb_pem(p->eum->der, p->eum->len);
    if (a == NULL || b == NULL)
        goto out;
    both = malloc(strlen(a) + strlen(b) + 1);
    if (both == NULL)
        goto out;
    strcpy(both, a);
    strcat(both, b);
    snprintf(name, sizeof(name), "chain-%s.pem", cname);
    if (put(name, (const uint8_t *)both, strlen(both)))
        goto out;

    memset(&cs, 0, sizeof(cs));
    cs.serials_hex[0] = "7777";
    if (pb_crl_build(&cs, p->ci, p->ci_key, &crl, &crl_len) != 0) {
        fprintf(stderr, "build_pki: building the %s CRL failed\n", cname);
        goto out;
    }
    snprintf(name, sizeof(name), "crl-%s.der", cname);
    if (put(name, crl, crl_len))
        goto out;

    if (curve == PB_P256) {
        pb_spec s;
        pb_cert *bad;
        memset(&s, 0, sizeof(s));
        s.role = PB_EUM;
        s.gen = PB_GEN_V2;
        s.defects = PB_D_NO_KEYUSAGE;
        bad = pb_cert_build(&s, p->eum_key, p->ci, p->ci_key);
        if (bad == NULL || put("eum-nokeyusage-nist.der", bad->der, bad->len)) {
            pb_cert_free(bad);
            goto out;
        }
        pb_cert_free(bad);
        if (write_nonca(p) || write_tls_ext(p) || write_v3c())
            goto out;
    }
    rc = 0;
out:
    free(a);
    free(b);
    free(both);
    free(crl);
    pb_pki_free(p);
    return rc;
}

/* --- fuzz seeds --- */

static int put_in(const char *sub, const char *name, const uint8_t *data, size_t len)
{
    char n[128];
    snprintf(n, sizeof(n), "%s/%s", sub, name);
    return put(n, data, len);
}

/* A fuzz_chain frame: 2-byte length before each part. */
static int put_frame(const char *name, const uint8_t *const *parts, const size_t *lens, size_t n)
{
    size_t i, total = 0, o = 0;
    uint8_t *buf;
    int rc;
    for (i = 0; i < n; i++)
        total += 2 + lens[i];
    buf = malloc(total);
    if (buf == NULL)
        return -1;
    for (i = 0; i < n; i++) {
        buf[o++] = (uint8_t)(lens[i] >> 8);
        buf[o++] = (uint8_t)lens[i];
        if (lens[i])
            memcpy(buf + o, parts[i], lens[i]);
        o += lens[i];
    }
    rc = put_in("fuzz_chain", name, buf, total);
    free(buf);
    return rc;
}

static int seeds_for(pb_curve curve, pb_gen gen, const char *tag, uint32_t seed)
{
    pb_pki *p = pb_pki_build(curve, gen, seed);
    const pb_cert *certs[8];
    static const char *const names[8] = {"ci", "eum", "euicc", "dpauth", "dppb", "dptls", "dsauth", "dstls"};
    char name[96];
    uint8_t *crl = NULL;
    size_t crl_len = 0, i;
    pb_crl_spec cs;
    int rc = -1;
    if (p == NULL)
        return -1;
    certs[0] = p->ci; certs[1] = p->eum; certs[2] = p->euicc; certs[3] = p->dpauth;
    certs[4] = p->dppb; certs[5] = p->dptls; certs[6] = p->dsauth; certs[7] = p->dstls;
    for (i = 0; i < 8; i++) {
        snprintf(name, sizeof(name), "%s-%s.der", names[i], tag);
        if (put_in("fuzz_cert", name, certs[i]->der, certs[i]->len))
            goto out;
    }
    memset(&cs, 0, sizeof(cs));
    cs.serials_hex[0] = "0100";
    if (pb_crl_build(&cs, p->ci, p->ci_key, &crl, &crl_len))
        goto out;
    {
        const uint8_t *parts[4] = {p->ci->der, crl, p->euicc->der, p->eum->der};
        size_t lens[4] = {p->ci->len, crl_len, p->euicc->len, p->eum->len};
        snprintf(name, sizeof(name), "euicc-%s.bin", tag);
        if (put_frame(name, parts, lens, 4))
            goto out;
        const uint8_t *dp[4] = {p->ci->der, NULL, p->dpauth->der, p->dppb->der};
        size_t dl[4] = {p->ci->len, 0, p->dpauth->len, p->dppb->len};
        snprintf(name, sizeof(name), "dp-%s.bin", tag);
        if (put_frame(name, dp, dl, 4))
            goto out;
    }
    if (curve == PB_P256 && gen == PB_GEN_V2) {
        /* Defect variants, one departure each. */
        static const struct { const char *name; int role; uint64_t d; } V[] = {
            {"eum-nc-excluded", PB_EUM, PB_D_NC_EXCLUDED},
            {"eum-nc-dns", PB_EUM, PB_D_NC_NOT_DIRNAME},
            {"euicc-badsig", PB_EUICC, PB_D_BAD_SIGNATURE},
            {"euicc-nullparams", PB_EUICC, PB_D_SIGALG_NULL_PARAMS},
            {"euicc-serial-long", PB_EUICC, PB_D_SERIAL_LONG},
            {"euicc-gentime", PB_EUICC, PB_D_TIME_GENERALIZED},
            {"dpauth-dupext", PB_DP_AUTH, PB_D_DUP_EXT},
            {"dpauth-critext", PB_DP_AUTH, PB_D_UNKNOWN_CRIT_EXT},
            {"dptls-client-only", PB_DP_TLS, PB_D_EKU_CLIENT_ONLY},
            {"ci-v1", PB_CI, PB_D_VERSION_1},
        };
        for (i = 0; i < sizeof(V) / sizeof(V[0]); i++) {
            pb_spec s;
            const pb_key *k = V[i].role == PB_CI ? p->ci_key : V[i].role == PB_EUM ? p->eum_key
                              : V[i].role == PB_EUICC ? p->euicc_key : V[i].role == PB_DP_AUTH ? p->dpauth_key
                                                                                               : p->dptls_key;
            const pb_cert *iss = V[i].role == PB_CI ? NULL : V[i].role == PB_EUICC ? p->eum : p->ci;
            const pb_key *ik = V[i].role == PB_CI ? NULL : V[i].role == PB_EUICC ? p->eum_key : p->ci_key;
            pb_cert *c;
            memset(&s, 0, sizeof(s));
            s.role = (pb_role)V[i].role;
            s.defects = V[i].d;
            c = pb_cert_build(&s, k, iss, ik);
            snprintf(name, sizeof(name), "%s.der", V[i].name);
            if (c == NULL || put_in("fuzz_cert", name, c->der, c->len)) {
                pb_cert_free(c);
                goto out;
            }
            pb_cert_free(c);
        }
        char *a = pb_pem(p->euicc->der, p->euicc->len), *b = pb_pem(p->eum->der, p->eum->len);
        if (a && b) {
            size_t la = strlen(a), lb = strlen(b);
            char *both = malloc(la + lb + 1);
            if (both) {
                memcpy(both, a, la);
                memcpy(both + la, b, lb + 1);
                rc = put_in("fuzz_cert", "bundle.pem", (const uint8_t *)both, la + lb);
                free(both);
            }
        }
        free(a);
        free(b);
        if (rc)
            goto out;
        rc = -1;
    }
    rc = 0;
out:
    free(crl);
    pb_pki_free(p);
    return rc;
}

/* The SGP.22 v3 variants with sub-CAs (P-256): each sub-CA certificate
 * for fuzz_cert, the eUICC and SM-DP+ chains as fuzz_chain frames. */
static int variant_seeds(void)
{
    static const struct { pb_role role; const char *name; } SUB[] = {
        {PB_CI_SUBCA, "cisubca"}, {PB_EUM_SUBCA, "eumsubca"},
        {PB_DP_SUBCA, "dpsubca"}, {PB_DS_SUBCA, "dssubca"}};
    int v;
    for (v = PB_VAR_A; v <= PB_VAR_C; v++) {
        pb_vpki *p = pb_vpki_build(PB_P256, (pb_variant)v, 800u + 20u * (uint32_t)v);
        const pb_cert *chain[8];
        const uint8_t *parts[8];
        size_t lens[8], n, i;
        char name[96];
        int rc = -1;
        if (p == NULL)
            return -1;
        for (i = 0; i < 4; i++) {
            if (p->cert[SUB[i].role] == NULL)
                continue;
            snprintf(name, sizeof(name), "%s-nist-v3%s.der", SUB[i].name, pb_variant_name((pb_variant)v));
            if (put_in("fuzz_cert", name, p->cert[SUB[i].role]->der, p->cert[SUB[i].role]->len))
                goto next;
        }
        for (i = 0; i < 2; i++) {
            size_t k;
            n = pb_vpki_chain(p, i == 0 ? PB_EUICC : PB_DP_AUTH, chain, 6);
            parts[0] = p->cert[PB_CI]->der;
            lens[0] = p->cert[PB_CI]->len;
            parts[1] = NULL;
            lens[1] = 0;
            for (k = 0; k < n; k++) {
                parts[2 + k] = chain[k]->der;
                lens[2 + k] = chain[k]->len;
            }
            snprintf(name, sizeof(name), "%s-nist-v3%s.bin", i == 0 ? "euicc" : "dp",
                     pb_variant_name((pb_variant)v));
            if (put_frame(name, parts, lens, n + 2))
                goto next;
        }
        rc = 0;
    next:
        pb_vpki_free(p);
        if (rc)
            return rc;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--seeds") == 0) {
        outdir = argv[2];
        if (seeds_for(PB_P256, PB_GEN_V2, "nist-v2", 300) || seeds_for(PB_P256, PB_GEN_V3, "nist-v3", 400) ||
            seeds_for(PB_BP256, PB_GEN_V2, "brp-v2", 500) || variant_seeds())
            return 1;
        return 0;
    }
    if (argc != 2) {
        fprintf(stderr, "usage: build_pki OUTDIR | build_pki --seeds CORPUSDIR\n");
        return 2;
    }
    outdir = argv[1];
    if (build_curve(PB_P256, "nist", 100) != 0 || build_curve(PB_BP256, "brp", 200) != 0)
        return 1;
    return 0;
}
