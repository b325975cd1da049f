/*
 * pki_check.c - see pki_check.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pki_check.h"

esv_trust *pc_trust(const pb_cert *const *cis, size_t n_ci, const uint8_t *const *crls,
                    const size_t *crl_lens, size_t n_crl, size_t cache)
{
    esv_trust *t = NULL;
    size_t i;
    assert_int_equal(esv_trust_new(&t), ESV_OK);
    for (i = 0; i < n_ci; i++)
        assert_int_equal(esv_trust_add_ci(t, cis[i]->der, cis[i]->len), ESV_OK);
    for (i = 0; i < n_crl; i++)
        assert_int_equal(esv_trust_add_crl(t, crls[i], crl_lens[i]), ESV_OK);
    if (cache)
        assert_int_equal(esv_trust_set_cache(t, cache), ESV_OK);
    return t;
}

esv_report *pc_verify_blobs(const esv_trust *trust, int64_t at, esv_cert_role role,
                            const esv_blob *blobs, size_t n)
{
    esv_ctx *ctx = NULL;
    esv_report *r = NULL;
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    assert_int_equal(esv_ctx_set_time(ctx, at), ESV_OK);
    assert_int_equal(esv_cert_verify(ctx, trust, blobs, n, role, &r), ESV_OK);
    esv_ctx_free(ctx);
    assert_non_null(r);
    return r;
}

esv_report *pc_verify(const esv_trust *trust, int64_t at, esv_cert_role role,
                      const pb_cert *const *certs, size_t n)
{
    esv_blob b[16];
    size_t i;
    assert_true(n <= 16);
    for (i = 0; i < n; i++) {
        b[i].data = certs[i]->der;
        b[i].len = certs[i]->len;
    }
    return pc_verify_blobs(trust, at, role, b, n);
}

void pc_print(const esv_report *r)
{
    size_t i;
    for (i = 0; i < esv_report_finding_count(r); i++) {
        const esv_finding *f = esv_report_finding(r, i);
        print_message("  %s cert %ld%s%s: %s\n", esv_finding_rule_id(f), esv_finding_cert(f),
                      esv_finding_path(f) ? " " : "", esv_finding_path(f) ? esv_finding_path(f) : "",
                      esv_finding_message(f));
    }
}

void pc_assert_fires(const esv_report *r, const char *rule_id, long cert)
{
    size_t i;
    for (i = 0; i < esv_report_finding_count(r); i++) {
        const esv_finding *f = esv_report_finding(r, i);
        if (strcmp(esv_finding_rule_id(f), rule_id) == 0 &&
            (cert < 0 || esv_finding_cert(f) == cert))
            return;
    }
    pc_print(r);
    fail_msg("%s did not fire%s", rule_id, cert >= 0 ? " on the expected certificate" : "");
}

void pc_assert_quiet(const esv_report *r, const char *rule_id)
{
    const esv_finding *f = esv_report_find(r, rule_id);
    if (f != NULL) {
        pc_print(r);
        fail_msg("%s fired: %s", rule_id, esv_finding_message(f));
    }
}

/* The "not performed" notices: a check that could not run, said at info
 * severity (PKI-062 no trusted CI, PKI-067 no CRL applied). */
static bool is_notice(const esv_finding *f)
{
    const char *id = esv_finding_rule_id(f);
    return esv_finding_severity(f) == ESV_SEV_INFO &&
           (strcmp(id, "PKI-062") == 0 || strcmp(id, "PKI-067") == 0);
}

void pc_assert_clean(const esv_report *r)
{
    size_t i;
    for (i = 0; i < esv_report_finding_count(r); i++) {
        const esv_finding *f = esv_report_finding(r, i);
        if (!is_notice(f)) {
            pc_print(r);
            fail_msg("%s fired, nothing but the PKI-062/PKI-067 notices expected",
                     esv_finding_rule_id(f));
        }
    }
}

void pc_assert_notice(const esv_report *r, const char *rule_id, long cert)
{
    size_t i;
    for (i = 0; i < esv_report_finding_count(r); i++) {
        const esv_finding *f = esv_report_finding(r, i);
        if (strcmp(esv_finding_rule_id(f), rule_id) == 0 && esv_finding_cert(f) == cert) {
            if (!is_notice(f)) {
                pc_print(r);
                fail_msg("%s on cert %ld is not an info notice", rule_id, cert);
            }
            return;
        }
    }
    pc_print(r);
    fail_msg("notice %s not on cert %ld", rule_id, cert);
}
