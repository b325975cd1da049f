/*
 * test_report.c - findings, verdict, the finding cap, and the three
 * writers (text, JSON Lines golden output, CBOR decoded back with libcbor
 * and compared field by field).
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <cbor.h>

#include "esv/esv.h"
#include "report/report_internal.h"
#include "core/buf.h"

typedef struct sink {
    esv_buf b;
    int fail;
} sink;

static int sink_write(void *opaque, const void *data, size_t len)
{
    sink *s = opaque;
    if (s->fail)
        return -1;
    esv_buf_append(&s->b, data, len);
    return 0;
}

/* A report with three findings of different shapes under ctx. */
static esv_report *sample_report(const esv_ctx *ctx)
{
    esv_report *r = esv_report_create(ctx, "profile");
    esv_loc a = ESV_LOC_AT(17);
    esv_loc b = ESV_LOC_NONE;
    esv_loc c = {3, 1, 4096, "usim/ef-imsi"};
    assert_non_null(r);
    a.element = 0;
    assert_int_equal(esv_report_add(r, ESV_R_DER_003, &a, "indefinite length"), ESV_OK);
    assert_int_equal(esv_report_add(r, ESV_R_DER_007, &b, "quote \" backslash \\ tab\t"), ESV_OK);
    assert_int_equal(esv_report_add(r, ESV_R_DER_015, &c, "bad byte \xff here"), ESV_OK);
    esv_report_finish(r);
    return r;
}

static void test_findings_and_verdict(void **state)
{
    esv_ctx *ctx;
    esv_report *r;
    const esv_finding *f;
    (void)state;
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    r = sample_report(ctx);
    assert_int_equal(esv_report_finding_count(r), 3);
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_FAIL);
    assert_string_equal(esv_report_kind(r), "profile");
    f = esv_report_finding(r, 0);
    assert_string_equal(esv_finding_rule_id(f), "DER-003");
    assert_int_equal(esv_finding_severity(f), ESV_SEV_ERROR);
    assert_int_equal(esv_finding_offset(f), 17);
    assert_int_equal(esv_finding_element(f), 0);
    assert_int_equal(esv_finding_cert(f), -1);
    assert_null(esv_finding_path(f));
    f = esv_report_find(r, "DER-015");
    assert_non_null(f);
    assert_string_equal(esv_finding_path(f), "usim/ef-imsi");
    assert_int_equal(esv_finding_cert(f), 1);
    assert_null(esv_report_find(r, "DER-001"));
    assert_null(esv_report_finding(r, 3));
    esv_report_free(r);
    esv_ctx_free(ctx);
}

/* Severity overrides reach the findings; off rules add nothing; a report
 * with warnings only passes. */
static void test_policy_applies_to_findings(void **state)
{
    esv_ctx *ctx;
    esv_policy *p;
    esv_report *r;
    (void)state;
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    assert_int_equal(esv_policy_new(ESV_POLICY_PRODUCTION, &p), ESV_OK);
    assert_int_equal(esv_policy_set(p, "DER-003", ESV_SEV_WARNING), ESV_OK);
    assert_int_equal(esv_policy_set(p, "DER-007", ESV_SEV_OFF), ESV_OK);
    assert_int_equal(esv_policy_set(p, "DER-015", ESV_SEV_INFO), ESV_OK);
    assert_int_equal(esv_ctx_set_policy(ctx, p), ESV_OK);
    esv_policy_free(p); /* the context holds a copy */
    r = sample_report(ctx);
    assert_int_equal(esv_report_finding_count(r), 2);
    assert_int_equal(esv_finding_severity(esv_report_finding(r, 0)), ESV_SEV_WARNING);
    assert_int_equal(esv_finding_severity(esv_report_finding(r, 1)), ESV_SEV_INFO);
    assert_null(esv_report_find(r, "DER-007"));
    assert_int_equal(esv_report_count_severity(r, ESV_SEV_WARNING), 1);
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_PASS);
    esv_report_free(r);
    esv_ctx_free(ctx);
}

/* Beyond the cap findings are counted, not kept, and still fail. */
static void test_finding_cap(void **state)
{
    esv_ctx *ctx;
    esv_report *r;
    esv_policy *p;
    (void)state;
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    assert_int_equal(esv_ctx_set_limit(ctx, ESV_LIMIT_FINDINGS, 2), ESV_OK);
    assert_int_equal(esv_policy_new(ESV_POLICY_PRODUCTION, &p), ESV_OK);
    assert_int_equal(esv_policy_set(p, "DER-003", ESV_SEV_INFO), ESV_OK);
    assert_int_equal(esv_ctx_set_policy(ctx, p), ESV_OK);
    esv_policy_free(p);
    r = esv_report_create(ctx, "der");
    for (int i = 0; i < 2; i++)
        assert_int_equal(esv_report_add(r, ESV_R_DER_003, NULL, "info %d", i), ESV_OK);
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_PASS);
    assert_int_equal(esv_report_add(r, ESV_R_DER_002, NULL, "error beyond cap"), ESV_OK);
    assert_int_equal(esv_report_add(r, ESV_R_DER_002, NULL, "again"), ESV_OK);
    assert_int_equal(esv_report_finding_count(r), 2);
    assert_int_equal(esv_report_dropped(r), 2);
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_FAIL);
    esv_report_free(r);
    esv_ctx_free(ctx);
}

static void test_status_fails_verdict(void **state)
{
    esv_ctx *ctx;
    esv_report *r;
    (void)state;
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    r = esv_report_create(ctx, "der");
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_PASS);
    esv_report_set_status(r, ESV_E_LIMIT);
    esv_report_set_status(r, ESV_E_NOMEM); /* first status wins */
    assert_int_equal(esv_report_status(r), ESV_E_LIMIT);
    assert_int_equal(esv_report_verdict(r), ESV_VERDICT_FAIL);
    esv_report_free(r);
    esv_ctx_free(ctx);
}

static void test_json_golden(void **state)
{
    esv_ctx *ctx;
    esv_report *r;
    sink s = {0};
    static const char expected[] =
        "{\"input\":\"dir/in\\\"put.der\",\"kind\":\"profile\",\"policy\":\"production\","
        "\"status\":\"ok\",\"verdict\":\"fail\",\"time\":null,\"findings\":["
        "{\"id\":\"DER-003\",\"severity\":\"error\",\"message\":\"indefinite length\","
        "\"reference\":\"ITU-T X.690 (02/2021) 10.1\",\"location\":{\"element\":0,\"offset\":17}},"
        "{\"id\":\"DER-007\",\"severity\":\"error\",\"message\":\"quote \\\" backslash \\\\ tab\\t\","
        "\"reference\":\"ITU-T X.690 (02/2021) 8.1.1\",\"location\":{}},"
        "{\"id\":\"DER-015\",\"severity\":\"error\",\"message\":\"bad byte \xef\xbf\xbd here\","
        "\"reference\":\"ITU-T X.680 (02/2021) 41.4 table 10; RFC 3629 3\","
        "\"location\":{\"element\":3,\"cert\":1,\"path\":\"usim/ef-imsi\",\"offset\":4096}}"
        "],\"dropped\":0}\n";
    (void)state;
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    r = sample_report(ctx);
    esv_buf_init(&s.b);
    assert_int_equal(esv_report_write(r, ESV_FORMAT_JSON, "dir/in\"put.der", sink_write, &s),
                     ESV_OK);
    assert_string_equal(s.b.data, expected);
    esv_buf_free(&s.b);
    /* a failing sink is ESV_E_IO */
    s.fail = 1;
    assert_int_equal(esv_report_write(r, ESV_FORMAT_JSON, "x", sink_write, &s), ESV_E_IO);
    assert_int_equal(esv_report_write(r, (esv_format)9, "x", sink_write, &s), ESV_E_ARG);
    esv_report_free(r);
    /* with a time set, the verdict says which */
    assert_int_equal(esv_ctx_set_time(ctx, INT64_C(1893456000)), ESV_OK);
    r = sample_report(ctx);
    s.fail = 0;
    esv_buf_init(&s.b);
    assert_int_equal(esv_report_write(r, ESV_FORMAT_JSON, "x", sink_write, &s), ESV_OK);
    assert_non_null(strstr(s.b.data, ",\"verdict\":\"fail\",\"time\":\"2030-01-01T00:00:00Z\","));
    esv_buf_free(&s.b);
    esv_report_free(r);
    esv_ctx_free(ctx);
}

/* RFC 3339 UTC for the report's time field. */
static void test_time_text(void **state)
{
    char t[32];
    (void)state;
    assert_string_equal(esv_time_rfc3339(t, 0), "1970-01-01T00:00:00Z");
    assert_string_equal(esv_time_rfc3339(t, INT64_C(1893456000)), "2030-01-01T00:00:00Z");
    assert_string_equal(esv_time_rfc3339(t, INT64_C(951782400)), "2000-02-29T00:00:00Z");
    assert_string_equal(esv_time_rfc3339(t, INT64_C(253402300799)), "9999-12-31T23:59:59Z");
    assert_string_equal(esv_time_rfc3339(t, -1), "1969-12-31T23:59:59Z");
    assert_string_equal(esv_time_rfc3339(t, INT64_C(253402300800)), "@253402300800");
    assert_string_equal(esv_time_rfc3339(t, INT64_MIN), "@-9223372036854775808");
    assert_string_equal(esv_time_rfc3339(t, INT64_MAX), "@9223372036854775807");
}

static void test_text_output(void **state)
{
    esv_ctx *ctx;
    esv_report *r;
    sink s = {0};
    (void)state;
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    r = sample_report(ctx);
    esv_buf_init(&s.b);
    assert_int_equal(esv_report_write(r, ESV_FORMAT_TEXT, "p.der", sink_write, &s), ESV_OK);
    assert_non_null(strstr(s.b.data, "p.der: FAIL (profile, policy production, time not set; 3 errors"));
    assert_non_null(strstr(s.b.data, "DER-003   element 0, byte 17: indefinite length [ITU-T X.690 (02/2021) 10.1]"));
    assert_non_null(strstr(s.b.data, "element 3, cert 1, usim/ef-imsi, byte 4096: bad byte"));
    esv_buf_free(&s.b);
    esv_report_free(r);
    esv_ctx_free(ctx);
}

/* Looks up a text key in a CBOR map. */
static cbor_item_t *map_get(cbor_item_t *map, const char *key)
{
    struct cbor_pair *pairs = cbor_map_handle(map);
    for (size_t i = 0; i < cbor_map_size(map); i++) {
        cbor_item_t *k = pairs[i].key;
        if (cbor_isa_string(k) && cbor_string_length(k) == strlen(key) &&
            memcmp(cbor_string_handle(k), key, strlen(key)) == 0)
            return pairs[i].value;
    }
    return NULL;
}

static void assert_cbor_text(cbor_item_t *item, const char *text)
{
    assert_non_null(item);
    assert_true(cbor_isa_string(item));
    assert_int_equal(cbor_string_length(item), strlen(text));
    assert_memory_equal(cbor_string_handle(item), text, strlen(text));
}

/* The CBOR form decodes back to the same content as the report. */
static void test_cbor_roundtrip(void **state)
{
    esv_ctx *ctx;
    esv_report *r;
    sink s = {0};
    struct cbor_load_result res;
    cbor_item_t *root, *findings, *loc;
    (void)state;
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    r = sample_report(ctx);
    esv_buf_init(&s.b);
    assert_int_equal(esv_report_write(r, ESV_FORMAT_CBOR, "in.der", sink_write, &s), ESV_OK);
    root = cbor_load((const unsigned char *)s.b.data, s.b.len, &res);
    assert_non_null(root);
    assert_int_equal(res.error.code, CBOR_ERR_NONE);
    assert_int_equal(res.read, s.b.len); /* one item, nothing trailing */
    assert_true(cbor_isa_map(root));
    assert_cbor_text(map_get(root, "input"), "in.der");
    assert_cbor_text(map_get(root, "kind"), "profile");
    assert_cbor_text(map_get(root, "policy"), "production");
    assert_cbor_text(map_get(root, "status"), "ok");
    assert_cbor_text(map_get(root, "verdict"), "fail");
    assert_non_null(map_get(root, "time"));
    assert_true(cbor_is_null(map_get(root, "time"))); /* the context had no time */
    assert_int_equal(cbor_get_int(map_get(root, "dropped")), 0);
    findings = map_get(root, "findings");
    assert_true(cbor_isa_array(findings));
    assert_int_equal(cbor_array_size(findings), esv_report_finding_count(r));
    for (size_t i = 0; i < cbor_array_size(findings); i++) {
        cbor_item_t *f = cbor_array_handle(findings)[i];
        const esv_finding *ef = esv_report_finding(r, i);
        char msg[128];
        esv_buf clean;
        assert_cbor_text(map_get(f, "id"), esv_finding_rule_id(ef));
        assert_cbor_text(map_get(f, "severity"), esv_severity_str(esv_finding_severity(ef)));
        assert_cbor_text(map_get(f, "reference"), esv_rule_reference(esv_finding_rule(ef)));
        esv_buf_init(&clean);
        esv_buf_utf8_sanitized(&clean, esv_finding_message(ef), strlen(esv_finding_message(ef)));
        snprintf(msg, sizeof(msg), "%s", clean.data);
        esv_buf_free(&clean);
        assert_cbor_text(map_get(f, "message"), msg);
        loc = map_get(f, "location");
        assert_true(cbor_isa_map(loc));
        if (esv_finding_offset(ef) >= 0)
            assert_int_equal(cbor_get_int(map_get(loc, "offset")), esv_finding_offset(ef));
        else
            assert_null(map_get(loc, "offset"));
        if (esv_finding_element(ef) >= 0)
            assert_int_equal(cbor_get_int(map_get(loc, "element")), esv_finding_element(ef));
        else
            assert_null(map_get(loc, "element"));
        if (esv_finding_path(ef))
            assert_cbor_text(map_get(loc, "path"), esv_finding_path(ef));
    }
    cbor_decref(&root);
    esv_buf_free(&s.b);
    esv_report_free(r);
    esv_ctx_free(ctx);
}

static void test_json_escapes_control_and_invalid_utf8(void **state)
{
    esv_buf b;
    static const char in[] = "a\x01\x7f\xc0\x80\xe2\x82\xac";
    (void)state;
    esv_buf_init(&b);
    esv_buf_json_string(&b, in, sizeof(in) - 1);
    /* U+0001 and DEL escaped, the overlong C0 80 replaced twice, EURO kept */
    assert_string_equal(b.data, "\"a\\u0001\\u007f\xef\xbf\xbd\xef\xbf\xbd\xe2\x82\xac\"");
    esv_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_findings_and_verdict),
        cmocka_unit_test(test_policy_applies_to_findings),
        cmocka_unit_test(test_finding_cap),
        cmocka_unit_test(test_status_fails_verdict),
        cmocka_unit_test(test_json_golden),
        cmocka_unit_test(test_text_output),
        cmocka_unit_test(test_time_text),
        cmocka_unit_test(test_cbor_roundtrip),
        cmocka_unit_test(test_json_escapes_control_and_invalid_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
