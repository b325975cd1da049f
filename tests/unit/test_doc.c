/*
 * test_doc.c - esv_doc (esv/document.h): the HTML page and the SARIF log
 * over several reports. HTML: escaping of input names, messages and
 * paths; one summary row per input; each finding's link to its element
 * and the element's anchor, highlight and link back; nothing written
 * before the first report. SARIF: parsed back with jansson and compared
 * with the reports and the catalogue. Both: arguments, write failures.
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "esv/esv.h"
#include "report/report_internal.h"
#include "core/buf.h"
#include "testutil.h"

typedef struct sink {
    esv_buf b;
    int fail;   /* every write fails */
    int writes; /* write calls made */
} sink;

static int sink_write(void *opaque, const void *data, size_t len)
{
    sink *s = opaque;
    s->writes++;
    if (s->fail)
        return -1;
    esv_buf_append(&s->b, data, len);
    return 0;
}

/* The output as a NUL-terminated string (owned by the sink). */
static const char *sink_text(sink *s)
{
    esv_buf_putc(&s->b, '\0');
    s->b.len--;
    assert_false(s->b.failed);
    return s->b.data;
}

static size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0;
    const char *p = hay;
    while ((p = strstr(p, needle)) != NULL) {
        n++;
        p += strlen(needle);
    }
    return n;
}

/* A report with input-derived text in its message and path. */
static esv_report *hostile_report(const esv_ctx *ctx)
{
    esv_report *r = esv_report_create(ctx, "profile");
    esv_loc at = {1, -1, 12, "usim/<b>x</b>"};
    assert_non_null(r);
    assert_int_equal(esv_report_add(r, ESV_R_DER_003, &at, "value <script>alert(1)</script> & \"q\" 'a' \x01\x1b"),
                     ESV_OK);
    esv_report_finish(r);
    return r;
}

static esv_report *verify_file(const esv_ctx *ctx, const char *path, uint8_t **data, size_t *len)
{
    esv_report *r = NULL;
    *data = tu_read_file(path, len);
    assert_non_null(*data);
    assert_int_equal(esv_profile_verify(ctx, *data, *len, &r), ESV_OK);
    return r;
}

static void test_arguments(void **state)
{
    esv_ctx *ctx;
    esv_doc *d = (esv_doc *)1;
    esv_report *r;
    sink s = {0};
    (void)state;
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    assert_int_equal(esv_doc_begin(ctx, ESV_FORMAT_JSON, sink_write, &s, &d), ESV_E_ARG);
    assert_null(d);
    assert_int_equal(esv_doc_begin(NULL, ESV_FORMAT_HTML, sink_write, &s, &d), ESV_E_ARG);
    assert_int_equal(esv_doc_begin(ctx, ESV_FORMAT_HTML, NULL, &s, &d), ESV_E_ARG);
    assert_int_equal(esv_doc_begin(ctx, ESV_FORMAT_HTML, sink_write, &s, NULL), ESV_E_ARG);
    assert_int_equal(esv_doc_add(NULL, NULL, "x", NULL, 0), ESV_E_ARG);
    assert_int_equal(esv_doc_finish(NULL), ESV_E_ARG);
    assert_int_equal(esv_doc_count(NULL), 0);
    esv_doc_free(NULL);

    r = hostile_report(ctx);
    /* a document format is not a per-report format */
    assert_int_equal(esv_report_write(r, ESV_FORMAT_HTML, "x", sink_write, &s), ESV_E_ARG);
    assert_int_equal(esv_report_write(r, ESV_FORMAT_SARIF, "x", sink_write, &s), ESV_E_ARG);
    assert_int_equal(s.writes, 0);

    assert_int_equal(esv_doc_begin(ctx, ESV_FORMAT_HTML, sink_write, &s, &d), ESV_OK);
    assert_int_equal(esv_doc_add(d, NULL, "x", NULL, 0), ESV_E_ARG);
    assert_int_equal(esv_doc_add(d, r, "x", NULL, 5), ESV_E_ARG);
    assert_int_equal(s.writes, 0); /* nothing before the first report */
    assert_int_equal(esv_doc_add(d, r, "x", NULL, 0), ESV_OK);
    assert_int_equal(esv_doc_count(d), 1);
    assert_int_equal(esv_doc_finish(d), ESV_OK);
    assert_int_equal(esv_doc_finish(d), ESV_E_ARG);
    assert_int_equal(esv_doc_add(d, r, "y", NULL, 0), ESV_E_ARG);
    assert_int_equal(esv_doc_count(d), 1);
    esv_doc_free(d);

    /* abandoned before any report: nothing written at all */
    s.writes = 0;
    assert_int_equal(esv_doc_begin(ctx, ESV_FORMAT_SARIF, sink_write, &s, &d), ESV_OK);
    esv_doc_free(d);
    assert_int_equal(s.writes, 0);

    esv_report_free(r);
    esv_buf_free(&s.b);
    esv_ctx_free(ctx);
}

static void test_html_escapes_input_text(void **state)
{
    esv_ctx *ctx;
    esv_doc *d;
    esv_report *r;
    sink s = {0};
    const char *html;
    (void)state;
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    r = hostile_report(ctx);
    assert_int_equal(esv_doc_begin(ctx, ESV_FORMAT_HTML, sink_write, &s, &d), ESV_OK);
    assert_int_equal(esv_doc_add(d, r, "dir/<img src=x onerror=alert(1)>\"'\x01\xe2\x80\xae.der", NULL, 0), ESV_OK);
    assert_int_equal(esv_doc_finish(d), ESV_OK);
    esv_doc_free(d);
    html = sink_text(&s);
    /* the name: in the section heading and in the summary row */
    assert_int_equal(count_of(html, "dir/&lt;img src=x onerror=alert(1)&gt;&quot;&#39;\\x01\\u{202e}.der"), 2);
    assert_null(strstr(html, "<img"));
    assert_null(strstr(html, "\x01"));
    assert_null(strstr(html, "\xe2\x80\xae")); /* RIGHT-TO-LEFT OVERRIDE shown, not applied */
    /* the message and the path */
    assert_non_null(strstr(html, "value &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;a&#39; \\x01\\x1b"));
    assert_null(strstr(html, "<script"));
    assert_non_null(strstr(html, "usim/&lt;b&gt;x&lt;/b&gt;"));
    assert_null(strstr(html, "<b>"));
    /* one page: one head, one summary, no script, a CSP */
    assert_int_equal(count_of(html, "<!DOCTYPE html>"), 1);
    assert_int_equal(count_of(html, "</html>"), 1);
    assert_non_null(strstr(html, "content=\"default-src 'none'; style-src 'unsafe-inline'\""));
    esv_report_free(r);
    esv_buf_free(&s.b);
    esv_ctx_free(ctx);
}

/* Every href="#X" in html has an id="X". */
static void assert_links_have_targets(const char *html)
{
    const char *p = html;
    size_t n = 0;
    while ((p = strstr(p, "href=\"#")) != NULL) {
        char want[96];
        const char *e;
        p += 7;
        e = strchr(p, '"');
        assert_non_null(e);
        assert_true((size_t)(e - p) < 80);
        snprintf(want, sizeof(want), "id=\"%.*s\"", (int)(e - p), p);
        if (strstr(html, want) == NULL)
            fail_msg("link #%.*s has no target", (int)(e - p), p);
        n++;
    }
    assert_true(n > 0);
}

static void test_html_summary_findings_and_tree(void **state)
{
    static const char *const files[] = {"examples/data/sample-profile.der", "examples/data/test-profile-ram.der",
                                        "examples/data/broken-profile.der"};
    esv_ctx *ctx;
    esv_doc *d;
    sink s = {0};
    const char *html, *el, *end;
    size_t i;
    (void)state;
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    assert_int_equal(esv_ctx_set_time(ctx, 1798761600), ESV_OK); /* 2027-01-01 */
    assert_int_equal(esv_doc_begin(ctx, ESV_FORMAT_HTML, sink_write, &s, &d), ESV_OK);
    for (i = 0; i < 3; i++) {
        uint8_t *data;
        size_t len;
        esv_report *r = verify_file(ctx, files[i], &data, &len);
        assert_int_equal(esv_doc_add(d, r, files[i], data, len), ESV_OK);
        esv_report_free(r);
        free(data);
    }
    assert_int_equal(esv_doc_finish(d), ESV_OK);
    esv_doc_free(d);
    html = sink_text(&s);

    /* the summary: a row per input, with verdict, counts, policy, time */
    assert_int_equal(count_of(html, "\" id=\"row"), 3);
    assert_non_null(strstr(html, "<tr class=\"pass\" id=\"row0\">"));
    assert_non_null(strstr(html, "<tr class=\"fail\" id=\"row1\">"));
    assert_non_null(strstr(html, "<h2>Summary: 3 inputs, 1 pass, 2 fail</h2>"));
    assert_non_null(strstr(html, "<td class=\"n\">13</td><td class=\"n\">0</td><td class=\"n\">1</td>"
                                 "<td>production</td><td>2027-01-01T00:00:00Z</td>"));
    /* findings grouped by area, with their clause */
    assert_non_null(strstr(html, "<section class=\"area\" id=\"in2-DER\"><h4>DER: encoding (1)</h4>"));
    assert_non_null(strstr(html, "<section class=\"area\" id=\"in1-PROF\"><h4>PROF: profile package (14)</h4>"));
    assert_null(strstr(html, "id=\"in1-DER\""));
    /* finding 0 of input 1 (PROF-079 on element 2) links to the element;
     * the element is highlighted, open, and links back */
    assert_non_null(strstr(html, "<tr class=\"sev-error\" id=\"in1-f0\">"));
    assert_non_null(strstr(html, "<a class=\"el\" href=\"#in1-e2\">element 2</a>"));
    el = strstr(html, "<li class=\"pe hit\" id=\"in1-e2\"><details open><summary>[2] pukCodes");
    assert_non_null(el);
    end = strstr(el, "</summary>");
    assert_non_null(end);
    assert_non_null(strstr(el, "<a class=\"sev-error\" href=\"#in1-f0\">PROF-079</a>"));
    assert_true(strstr(el, "href=\"#in1-f0\"") < end);
    /* the field the finding names is highlighted and links to it */
    assert_non_null(strstr(el, "<li class=\"fhit\"><span class=\"k\">pukValue</span> <span class=\"v\">3131313131313131</span>"
                               " <span class=\"marks\"><a class=\"sev-error\" href=\"#in1-f0\">PROF-079</a></span></li>"));
    assert_non_null(strstr(html, "<li class=\"fhit\"><span class=\"k\">profileType</span>"));
    /* elements without findings: neither highlighted nor open */
    assert_non_null(strstr(html, "<li class=\"pe\" id=\"in0-e1\"><details><summary>[1] mf"));
    /* a field of the tree, its value as esv show prints it */
    assert_non_null(strstr(html, "<span class=\"k\">profileType</span> <span class=\"v\">&quot;esv sample Test Profile&quot;</span>"));
    /* every in-page link has its target: findings, summary, back links */
    assert_links_have_targets(html);
    esv_buf_free(&s.b);
    esv_ctx_free(ctx);
}

/* A finding on an element beyond what the split reached still has an
 * anchor to link to. */
static void test_html_finding_beyond_split(void **state)
{
    static const uint8_t input[] = {0x30, 0x03, 0x02, 0x01, 0x05};
    esv_ctx *ctx;
    esv_doc *d;
    esv_report *r = NULL;
    esv_loc at = {7, -1, -1, NULL};
    sink s = {0};
    const char *html;
    (void)state;
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    r = esv_report_create(ctx, "profile");
    assert_non_null(r);
    assert_int_equal(esv_report_add(r, ESV_R_DER_003, &at, "far"), ESV_OK);
    esv_report_finish(r);
    assert_int_equal(esv_doc_begin(ctx, ESV_FORMAT_HTML, sink_write, &s, &d), ESV_OK);
    assert_int_equal(esv_doc_add(d, r, "short.der", input, sizeof(input)), ESV_OK);
    assert_int_equal(esv_doc_finish(d), ESV_OK);
    esv_doc_free(d);
    html = sink_text(&s);
    assert_non_null(strstr(html, "href=\"#in0-e7\""));
    assert_non_null(strstr(html, "<li class=\"pe hit bad\" id=\"in0-e7\">"));
    assert_links_have_targets(html);
    esv_report_free(r);
    esv_buf_free(&s.b);
    esv_ctx_free(ctx);
}

static void test_sarif_matches_reports(void **state)
{
    static const char *const files[] = {"examples/data/test-profile-ram.der", "examples/data/broken-profile.der"};
    esv_ctx *ctx;
    esv_policy *policy;
    esv_doc *d;
    esv_report *reports[3];
    sink s = {0};
    json_t *log, *run, *rules, *results, *artifacts;
    json_error_t err;
    size_t i, k = 0;
    (void)state;
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    assert_int_equal(esv_policy_new(ESV_POLICY_PRODUCTION, &policy), ESV_OK);
    assert_int_equal(esv_policy_set(policy, "PROF-100", ESV_SEV_WARNING), ESV_OK);
    assert_int_equal(esv_policy_set(policy, "PROF-079", ESV_SEV_OFF), ESV_OK);
    assert_int_equal(esv_ctx_set_policy(ctx, policy), ESV_OK);
    assert_int_equal(esv_doc_begin(ctx, ESV_FORMAT_SARIF, sink_write, &s, &d), ESV_OK);
    for (i = 0; i < 2; i++) {
        uint8_t *data;
        size_t len;
        reports[i] = verify_file(ctx, files[i], &data, &len);
        assert_int_equal(esv_doc_add(d, reports[i], files[i], data, len), ESV_OK);
        free(data);
    }
    /* an input name that is not UTF-8 */
    reports[2] = hostile_report(ctx);
    assert_int_equal(esv_doc_add(d, reports[2], "bad\xff name", NULL, 0), ESV_OK);
    assert_int_equal(esv_doc_finish(d), ESV_OK);
    esv_doc_free(d);

    log = json_loadb(s.b.data, s.b.len, 0, &err);
    if (log == NULL)
        fail_msg("not JSON: %s at %d", err.text, err.position);
    assert_string_equal(json_string_value(json_object_get(log, "version")), "2.1.0");
    assert_int_equal(json_array_size(json_object_get(log, "runs")), 1);
    run = json_array_get(json_object_get(log, "runs"), 0);
    rules = json_object_get(json_object_get(json_object_get(run, "tool"), "driver"), "rules");
    assert_int_equal(json_array_size(rules), esv_rule_count());
    for (i = 0; i < esv_rule_count(); i++) {
        json_t *rule = json_array_get(rules, i);
        const char *id = json_string_value(json_object_get(rule, "id"));
        json_t *cfg = json_object_get(rule, "defaultConfiguration");
        const char *level = json_string_value(json_object_get(cfg, "level"));
        assert_string_equal(id, esv_rule_id(esv_rule_at(i)));
        if (!strcmp(id, "PROF-100"))
            assert_string_equal(level, "warning");
        if (!strcmp(id, "PROF-079")) {
            assert_string_equal(level, "none");
            assert_true(json_is_false(json_object_get(cfg, "enabled")));
        }
        if (!strcmp(id, "DER-003"))
            assert_string_equal(level, "error");
        assert_non_null(strstr(json_string_value(json_object_get(json_object_get(rule, "help"), "text")),
                               esv_rule_reference(esv_rule_at(i))));
    }
    results = json_object_get(run, "results");
    assert_int_equal(json_array_size(results), esv_report_finding_count(reports[0]) +
                                                   esv_report_finding_count(reports[1]) +
                                                   esv_report_finding_count(reports[2]));
    for (i = 0; i < 3; i++) {
        size_t j;
        for (j = 0; j < esv_report_finding_count(reports[i]); j++, k++) {
            const esv_finding *f = esv_report_finding(reports[i], j);
            json_t *res = json_array_get(results, k);
            json_t *phys = json_object_get(json_array_get(json_object_get(res, "locations"), 0), "physicalLocation");
            json_t *region = json_object_get(phys, "region");
            static const char *const levels[] = {"none", "note", "warning", "error"};
            assert_string_equal(json_string_value(json_object_get(res, "ruleId")), esv_finding_rule_id(f));
            assert_string_equal(esv_rule_id(esv_rule_at((size_t)json_integer_value(json_object_get(res, "ruleIndex")))),
                                esv_finding_rule_id(f));
            assert_string_equal(json_string_value(json_object_get(res, "level")), levels[esv_finding_severity(f)]);
            assert_string_equal(json_string_value(json_object_get(json_object_get(res, "message"), "text")),
                                esv_finding_message(f));
            assert_int_equal(json_integer_value(json_object_get(json_object_get(phys, "artifactLocation"), "index")), i);
            if (esv_finding_offset(f) >= 0)
                assert_int_equal(json_integer_value(json_object_get(region, "byteOffset")), esv_finding_offset(f));
            else
                assert_null(region);
            if (esv_finding_element(f) >= 0)
                assert_int_equal(json_integer_value(json_object_get(json_object_get(res, "properties"), "element")),
                                 esv_finding_element(f));
            assert_string_not_equal(esv_finding_rule_id(f), "PROF-079"); /* off */
        }
    }
    artifacts = json_object_get(run, "artifacts");
    assert_int_equal(json_array_size(artifacts), 3);
    assert_string_equal(json_string_value(json_object_get(json_object_get(json_array_get(artifacts, 2), "location"), "uri")),
                        "bad%FF%20name");
    assert_string_equal(json_string_value(json_object_get(json_object_get(json_array_get(artifacts, 0), "properties"),
                                                          "verdict")),
                        "fail");
    assert_true(json_is_true(json_object_get(json_array_get(json_object_get(run, "invocations"), 0),
                                             "executionSuccessful")));
    json_decref(log);
    for (i = 0; i < 3; i++)
        esv_report_free(reports[i]);
    esv_policy_free(policy);
    esv_buf_free(&s.b);
    esv_ctx_free(ctx);
}

static void test_write_failure_is_sticky(void **state)
{
    static const esv_format formats[] = {ESV_FORMAT_HTML, ESV_FORMAT_SARIF};
    esv_ctx *ctx;
    esv_report *r;
    size_t i;
    (void)state;
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    r = hostile_report(ctx);
    for (i = 0; i < 2; i++) {
        sink s = {0};
        esv_doc *d;
        s.fail = 1;
        assert_int_equal(esv_doc_begin(ctx, formats[i], sink_write, &s, &d), ESV_OK);
        assert_int_equal(esv_doc_add(d, r, "a", NULL, 0), ESV_E_IO);
        assert_int_equal(s.writes, 1);
        assert_int_equal(esv_doc_add(d, r, "b", NULL, 0), ESV_E_IO);
        assert_int_equal(esv_doc_finish(d), ESV_E_IO);
        assert_int_equal(s.writes, 1); /* nothing more after the failure */
        esv_doc_free(d);
        esv_buf_free(&s.b);
    }
    esv_report_free(r);
    esv_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arguments),
        cmocka_unit_test(test_html_escapes_input_text),
        cmocka_unit_test(test_html_summary_findings_and_tree),
        cmocka_unit_test(test_html_finding_beyond_split),
        cmocka_unit_test(test_sarif_matches_reports),
        cmocka_unit_test(test_write_failure_is_sticky),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
