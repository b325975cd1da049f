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
 * and one defective example:
 *   eum-nokeyusage-nist.der   the EUM certificate without keyUsage
 *
 * The output is deterministic: running it again rewrites identical files.
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

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: build_pki OUTDIR\n");
        return 2;
    }
    outdir = argv[1];
    if (build_curve(PB_P256, "nist", 100) != 0 || build_curve(PB_BP256, "brp", 200) != 0)
        return 1;
    return 0;
}
