/*
 * check_profile.c - verify a profile package and print the findings, the
 * way a server integrating libesv would: one context configured once, a
 * report per input, every status checked.
 *
 *   cc check_profile.c $(pkg-config --cflags --libs esv) -o check-profile
 *   ./check-profile profile.der [test]
 * Exit status: 0 pass, 1 fail, 2 error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
            unsigned char *nb = realloc(buf, cap = cap ? cap * 2 : 65536);
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
    esv_policy *policy = NULL;
    esv_report *report = NULL;
    unsigned char *data;
    size_t len, i;
    esv_status st;
    int rc = 2;

    if (argc < 2) {
        fprintf(stderr, "usage: %s PROFILE.der [test]\n", argv[0]);
        return 2;
    }
    data = read_all(argv[1], &len);
    if (data == NULL) {
        perror(argv[1]);
        return 2;
    }
    if (esv_ctx_new(&ctx) != ESV_OK ||
        esv_policy_new(argc > 2 && !strcmp(argv[2], "test") ? ESV_POLICY_TEST
                                                            : ESV_POLICY_PRODUCTION,
                       &policy) != ESV_OK ||
        esv_ctx_set_policy(ctx, policy) != ESV_OK)
        goto out;
    st = esv_profile_verify(ctx, data, len, &report);
    if (report == NULL) {
        fprintf(stderr, "verification could not run: %s\n", esv_status_str(st));
        goto out;
    }
    for (i = 0; i < esv_report_finding_count(report); i++) {
        const esv_finding *f = esv_report_finding(report, i);
        printf("%s %s element %ld offset %lld: %s\n", esv_finding_rule_id(f),
               esv_severity_str(esv_finding_severity(f)), esv_finding_element(f),
               (long long)esv_finding_offset(f), esv_finding_message(f));
    }
    printf("%s: %s\n", argv[1], esv_verdict_str(esv_report_verdict(report)));
    rc = esv_report_verdict(report) == ESV_VERDICT_PASS ? 0 : 1;
out:
    esv_report_free(report);
    esv_policy_free(policy);
    esv_ctx_free(ctx);
    free(data);
    return rc;
}
