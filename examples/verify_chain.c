/*
 * verify_chain.c - verify a certificate chain the way an SM-DP+ server
 * does for every eUICC that connects: one trust (the CIs, with the
 * verified-intermediate cache on) built at start-up and shared, one
 * context, a report per chain.
 *
 *   cc verify_chain.c $(pkg-config --cflags --libs esv) -o verify-chain
 *   ./verify-chain CI.der CERT... 
 * Prints one line per finding ("PKI-045 error cert 0: ...").
 * Exit status: 0 valid chain, 1 findings make it fail, 2 error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <esv/esv.h>

static unsigned char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    size_t cap = 0;
    *len = 0;
    if (f == NULL)
        return NULL;
    for (;;) {
        if (*len == cap) {
            unsigned char *nb = realloc(buf, cap = cap ? cap * 2 : 16384);
            if (nb == NULL) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        size_t got = fread(buf + *len, 1, cap - *len, f);
        if (got == 0)
            break;
        *len += got;
    }
    fclose(f);
    return buf;
}

int main(int argc, char **argv)
{
    esv_ctx *ctx = NULL;
    esv_trust *trust = NULL;
    esv_report *report = NULL;
    esv_blob blobs[16];
    unsigned char *ci;
    size_t ci_len, n = 0, i;
    int rc = 2;

    if (argc < 3 || argc - 2 > 16) {
        fprintf(stderr, "usage: verify-chain CI.der CERT...\n");
        return 2;
    }
    /* Start-up: the trust, shared by every request afterwards. */
    ci = read_all(argv[1], &ci_len);
    if (ci == NULL || esv_trust_new(&trust) != ESV_OK ||
        esv_trust_add_ci(trust, ci, ci_len) != ESV_OK ||
        esv_trust_set_cache(trust, 1024) != ESV_OK || esv_ctx_new(&ctx) != ESV_OK) {
        fprintf(stderr, "verify-chain: cannot set up the trust from %s\n", argv[1]);
        goto out;
    }
    /* A request: the chain the eUICC sent, in any order, verified at the
     * server's time (esv never reads the clock itself). */
    if (esv_ctx_set_time(ctx, (int64_t)time(NULL)) != ESV_OK)
        goto out;
    for (i = 2; i < (size_t)argc; i++, n++) {
        blobs[n].data = read_all(argv[i], &blobs[n].len);
        if (blobs[n].data == NULL) {
            fprintf(stderr, "verify-chain: cannot read %s\n", argv[i]);
            goto out;
        }
    }
    if (esv_cert_verify(ctx, trust, blobs, n, ESV_ROLE_ANY, &report) != ESV_OK) {
        fprintf(stderr, "verify-chain: verification did not complete\n");
        goto out;
    }
    for (i = 0; i < esv_report_finding_count(report); i++) {
        const esv_finding *f = esv_report_finding(report, i);
        printf("%s %s cert %ld: %s\n", esv_finding_rule_id(f),
               esv_severity_str(esv_finding_severity(f)), esv_finding_cert(f),
               esv_finding_message(f));
    }
    rc = esv_report_verdict(report) == ESV_VERDICT_PASS ? 0 : 1;
out:
    for (i = 0; i < n; i++)
        free((void *)blobs[i].data);
    esv_report_free(report);
    esv_ctx_free(ctx);
    esv_trust_free(trust);
    free(ci);
    return rc;
}
