#include "profile_variant.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "check/der_check.h"
#include "core/context_internal.h"
#include "testutil.h"

void pv_decode(const uint8_t *data, size_t len, pv_profile *out)
{
    der_cursor c;
    der_tlv t;
    memset(out, 0, sizeof(*out));
    der_cursor_init(&c, data, len, 0);
    while (!der_cursor_done(&c)) {
        ProfileElement_t *pe = NULL;
        assert_int_equal(der_read_tlv(&c, &t, NULL), DER_OK);
        assert_int_equal(esv_saip_decode(data + t.off, der_tlv_size(&t), &pe, NULL), 0);
        out->pe = realloc(out->pe, (out->count + 1) * sizeof(*out->pe));
        assert_non_null(out->pe);
        out->pe[out->count++] = pe;
    }
}

int pv_load(const char *rel, pv_profile *out)
{
    size_t len;
    uint8_t *d = tu_read_testdata(rel, &len);
    if (d == NULL)
        return -1;
    pv_decode(d, len, out);
    free(d);
    return 0;
}

void pv_free(pv_profile *p)
{
    for (size_t i = 0; i < p->count; i++)
        esv_saip_free(p->pe[i]);
    free(p->pe);
    memset(p, 0, sizeof(*p));
}

long pv_find(const pv_profile *p, ProfileElement_PR type, size_t nth)
{
    for (size_t i = 0; i < p->count; i++)
        if (p->pe[i]->present == type && nth-- == 0)
            return (long)i;
    return -1;
}

void pv_remove(pv_profile *p, size_t i)
{
    assert_true(i < p->count);
    esv_saip_free(p->pe[i]);
    memmove(&p->pe[i], &p->pe[i + 1], (p->count - i - 1) * sizeof(*p->pe));
    p->count--;
}

void pv_move(pv_profile *p, size_t from, size_t to)
{
    ProfileElement_t *e;
    assert_true(from < p->count && to < p->count);
    e = p->pe[from];
    if (from < to)
        memmove(&p->pe[from], &p->pe[from + 1], (to - from) * sizeof(*p->pe));
    else
        memmove(&p->pe[to + 1], &p->pe[to], (from - to) * sizeof(*p->pe));
    p->pe[to] = e;
}

void pv_duplicate(pv_profile *p, size_t src, size_t to)
{
    uint8_t *der;
    size_t len;
    ProfileElement_t *copy = NULL;
    assert_true(src < p->count && to <= p->count);
    assert_int_equal(esv_saip_encode(p->pe[src], &der, &len), 0);
    assert_int_equal(esv_saip_decode(der, len, &copy, NULL), 0);
    free(der);
    p->pe = realloc(p->pe, (p->count + 1) * sizeof(*p->pe));
    assert_non_null(p->pe);
    memmove(&p->pe[to + 1], &p->pe[to], (p->count - to) * sizeof(*p->pe));
    p->pe[to] = copy;
    p->count++;
}

uint8_t *pv_encode(const pv_profile *p, size_t *len)
{
    uint8_t *all = NULL;
    size_t n = 0;
    for (size_t i = 0; i < p->count; i++) {
        uint8_t *der;
        size_t dl;
        if (esv_saip_encode(p->pe[i], &der, &dl) != 0)
            fail_msg("element %zu does not encode (constraint or type error in the variant)", i);
        all = realloc(all, n + dl);
        assert_non_null(all);
        memcpy(all + n, der, dl);
        n += dl;
        free(der);
    }
    *len = n;
    return all;
}

void pv_set_octets(OCTET_STRING_t *os, const void *bytes, size_t len)
{
    assert_int_equal(OCTET_STRING_fromBuf(os, (const char *)bytes, (int)len), 0);
}

void pv_set_hex(OCTET_STRING_t *os, const char *hex)
{
    size_t n;
    uint8_t *b = tu_hex(hex, &n);
    pv_set_octets(os, b, n);
    free(b);
}

void pv_set_int(INTEGER_t *v, long value)
{
    assert_int_equal(asn_long2INTEGER(v, value), 0);
}

typedef struct pv_text {
    char *p;
    size_t len;
} pv_text;

static int pv_text_write(void *opaque, const void *data, size_t len)
{
    pv_text *t = opaque;
    t->p = realloc(t->p, t->len + len + 1);
    assert_non_null(t->p);
    memcpy(t->p + t->len, data, len);
    t->len += len;
    t->p[t->len] = '\0';
    return 0;
}

static esv_report *pv_verify_ctx(const uint8_t *data, size_t len, esv_policy_base base, int redecode)
{
    esv_ctx *ctx;
    esv_policy *pol;
    esv_report *r = NULL;
    esv_status st;
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    assert_int_equal(esv_policy_new(base, &pol), ESV_OK);
    assert_int_equal(esv_ctx_set_policy(ctx, pol), ESV_OK);
    if (redecode)
        esv_ctx_test_pe_budget(ctx, 0, 1);
    st = esv_profile_verify(ctx, data, len, &r);
    assert_true(st == ESV_OK || st == ESV_E_LIMIT);
    assert_non_null(r);
    esv_policy_free(pol);
    esv_ctx_free(ctx);
    return r;
}

/* Every profile a test verifies is verified twice: with its decoded
 * elements resident (the default for any real package) and with none
 * resident but the header, each decoded again into a single scratch slot
 * whenever a check reads it (the path a hostile package of many tiny
 * elements takes: lib/profile/model.h). The two reports must be the same
 * byte for byte; a check that kept a pointer into an element across a
 * read of another would fail here (and under ASan). */
esv_report *pv_verify_bytes(const uint8_t *data, size_t len, esv_policy_base base)
{
    esv_report *r = pv_verify_ctx(data, len, base, 0);
    esv_report *again = pv_verify_ctx(data, len, base, 1);
    pv_text a = {0}, b = {0};
    assert_int_equal(esv_report_write(r, ESV_FORMAT_JSON, "p", pv_text_write, &a), ESV_OK);
    assert_int_equal(esv_report_write(again, ESV_FORMAT_JSON, "p", pv_text_write, &b), ESV_OK);
    assert_string_equal(a.p, b.p);
    free(a.p);
    free(b.p);
    esv_report_free(again);
    return r;
}

esv_report *pv_verify(const pv_profile *p, esv_policy_base base)
{
    size_t len;
    uint8_t *d = pv_encode(p, &len);
    esv_report *r = pv_verify_bytes(d, len, base);
    free(d);
    return r;
}

esv_report *pv_verify_ts48(const char *name, esv_policy_base base)
{
    char rel[128];
    size_t len;
    uint8_t *d;
    esv_report *r;
    snprintf(rel, sizeof(rel), "profiles/ts48/%s", name);
    d = tu_read_testdata(rel, &len);
    if (d == NULL)
        fail_msg("%s not readable", rel);
    r = pv_verify_bytes(d, len, base);
    free(d);
    return r;
}

static void print_findings(const esv_report *r)
{
    for (size_t i = 0; i < esv_report_finding_count(r); i++) {
        const esv_finding *f = esv_report_finding(r, i);
        print_message("    %s element %ld: %s\n", esv_finding_rule_id(f), esv_finding_element(f),
                      esv_finding_message(f));
    }
}

void pv_assert_fires(const esv_report *r, const char *rule_id, long element)
{
    for (size_t i = 0; i < esv_report_finding_count(r); i++) {
        const esv_finding *f = esv_report_finding(r, i);
        if (strcmp(esv_finding_rule_id(f), rule_id) == 0 &&
            (element < 0 || esv_finding_element(f) == element))
            return;
    }
    print_findings(r);
    fail_msg("%s did not fire%s", rule_id, element >= 0 ? " on the expected element" : "");
}

void pv_assert_quiet(const esv_report *r, const char *rule_id)
{
    const esv_finding *f = esv_report_find(r, rule_id);
    if (f != NULL) {
        print_findings(r);
        fail_msg("%s fired: %s", rule_id, esv_finding_message(f));
    }
}

void pv_assert_quiet_all(const esv_report *r, const char *const *rule_ids, size_t n)
{
    for (size_t i = 0; i < n; i++)
        pv_assert_quiet(r, rule_ids[i]);
}

void pv_assert_quiet_ts48(const char *const *rule_ids, size_t n)
{
    for (size_t i = 0; i < TU_TS48_COUNT; i++) {
        for (int pol = 0; pol < 2; pol++) {
            esv_report *r = pv_verify_ts48(tu_ts48_files[i], pol ? ESV_POLICY_PRODUCTION : ESV_POLICY_TEST);
            pv_assert_quiet_all(r, rule_ids, n);
            esv_report_free(r);
        }
    }
}
