/*
 * test_escape.c - a report the input cannot forge (issue 9, item 5): the
 * one terminal escaping (esv_buf_text, esv_text_escaped) on every class of
 * character, and input-derived text through every writer: the text and
 * JSON reports and esv_profile_show (text and JSON). No control, C1 or
 * bidirectional character of the input reaches the output raw; a NUL does
 * not cut a message short.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "esv/esv.h"
#include "core/buf.h"
#include "profile_builder.h"

static const char *escaped(const char *s, size_t len, unsigned flags)
{
    static char out[256];
    esv_buf b;
    esv_buf_init(&b);
    esv_buf_text(&b, s, len, flags);
    assert_false(b.failed);
    assert_true(b.len < sizeof(out));
    memcpy(out, b.data, b.len + 1);
    esv_buf_free(&b);
    return out;
}

/* Every class, with what it becomes. */
static void test_classes(void **state)
{
    static const struct {
        const char *in;
        size_t len;
        const char *out;
    } T[] = {
        {"plain text", 10, "plain text"},
        {"caf\xc3\xa9 \xe2\x82\xac", 9, "caf\xc3\xa9 \xe2\x82\xac"}, /* printable UTF-8 kept */
        {"a\0b", 3, "a\\x00b"},                                          /* NUL */
        {"\x1b[2K", 4, "\\x1b[2K"},                                      /* ESC */
        {"x\ry\nz\t", 6, "x\\x0dy\\x0az\\x09"},                          /* CR LF HT */
        {"\x7f", 1, "\\x7f"},                                            /* DEL */
        {"\xc2\x85\xc2\x9b", 4, "\\u{0085}\\u{009b}"},                   /* C1: NEL, CSI */
        {"\xe2\x80\xae" "abc", 6, "\\u{202e}abc"},                       /* RLO */
        {"\xe2\x81\xa6\xe2\x81\xa9", 6, "\\u{2066}\\u{2069}"},           /* isolates */
        {"\xe2\x80\x8f\xd8\x9c", 5, "\\u{200f}\\u{061c}"},               /* RLM, ALM */
        {"\xe2\x80\xa8\xef\xbb\xbf", 6, "\\u{2028}\\u{feff}"},           /* LS, BOM */
        {"\xff\xc3", 2, "\\xff\\xc3"},                                   /* not UTF-8 */
        {"\xed\xa0\x80", 3, "\\xed\\xa0\\x80"},                          /* a surrogate */
        {"back\\slash", 10, "back\\\\slash"},                            /* unambiguous */
        {"say \"hi\"", 8, "say \"hi\""},                                 /* quotes kept unquoted */
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(T) / sizeof(T[0]); i++)
        assert_string_equal(escaped(T[i].in, T[i].len, 0), T[i].out);
    assert_string_equal(escaped("say \"hi\"", 8, ESV_TEXT_QUOTE), "\"say \\\"hi\\\"\"");
    assert_string_equal(escaped("a\\x1b\x1b", 6, ESV_TEXT_KEEP_BACKSLASH), "a\\x1b\\x1b");
}

/* The fixed-buffer form cuts on a character boundary and says so. */
static void test_fixed_buffer(void **state)
{
    char out[12];
    (void)state;
    assert_string_equal(esv_text_escaped(out, sizeof(out), "a\0b", 3), "a\\x00b");
    assert_string_equal(esv_text_escaped(out, sizeof(out), "\x1b\x1b\x1b\x1b", 4), "\\x1b\\x1b...");
    assert_string_equal(esv_text_escaped(out, sizeof(out), "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 12),
                        "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9...");
    assert_true(strlen(esv_text_escaped(out, sizeof(out), "0123456789abcdef", 16)) < sizeof(out));
}

/* ------------------------------------------------------ through writers */

typedef struct sink {
    char *p;
    size_t len;
} sink;

static int to_sink(void *opaque, const void *data, size_t len)
{
    sink *s = opaque;
    char *np = realloc(s->p, s->len + len + 1);
    if (np == NULL)
        return -1;
    memcpy(np + s->len, data, len);
    s->p = np;
    s->len += len;
    s->p[s->len] = '\0';
    return 0;
}

/* No byte below 0x20 but the line ends, no DEL, and (text) none of the
 * raw C1 / bidirectional sequences of the forged type. JSON keeps them as
 * UTF-8 in strings, as RFC 8259 allows: a JSON reader sees them as data. */
static void assert_safe(const sink *s, int json)
{
    size_t i;
    for (i = 0; i < s->len; i++) {
        unsigned char c = (unsigned char)s->p[i];
        if ((c < 0x20 && c != '\n') || c == 0x7f)
            fail_msg("raw control byte 0x%02x at %zu in:\n%s", c, i, s->p);
    }
    if (!json && (strstr(s->p, "\xc2\x85") || strstr(s->p, "\xe2\x80\xae")))
        fail_msg("raw C1 or bidi character in:\n%s", s->p);
}

/* A profile whose profileType forges a PASS line, with a C1 NEL and an RLO. */
static const char FORGED[] = "Test Profile\x1b[2K\rsample.der: PASS (profile)\n\xc2\x85\xe2\x80\xae";

static void test_writers(void **state)
{
    pb_options o;
    uint8_t *der = NULL;
    size_t len = 0, lines = 0, i;
    esv_ctx *ctx;
    esv_report *r = NULL;
    sink s = {0};
    (void)state;
    pb_options_test(&o);
    assert_true(sizeof(FORGED) <= sizeof(o.profile_type));
    memcpy(o.profile_type, FORGED, sizeof(FORGED));
    assert_int_equal(pb_build(&o, &der, &len), 0);
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    assert_int_equal(esv_profile_verify(ctx, der, len, &r), ESV_OK);
    assert_non_null(esv_report_find(r, "PROF-100"));
    /* the message keeps the whole value, escaped */
    assert_non_null(strstr(esv_finding_message(esv_report_find(r, "PROF-100")),
                           "Test Profile\\x1b[2K\\x0dsample.der: PASS (profile)\\x0a"
                           "\\u{0085}\\u{202e}"));

    /* text: one summary line and one line per finding, nothing raw */
    assert_int_equal(esv_report_write(r, ESV_FORMAT_TEXT, "forged\x1b.der", to_sink, &s), ESV_OK);
    assert_safe(&s, 0);
    for (i = 0; i < s.len; i++)
        lines += s.p[i] == '\n';
    assert_int_equal(lines, 1 + esv_report_finding_count(r));
    assert_non_null(strstr(s.p, "forged\\x1b.der: FAIL"));
    /* the message's own escapes are not doubled */
    assert_non_null(strstr(s.p, "profileType \"Test Profile\\x1b[2K\\x0dsample.der"));
    free(s.p);
    memset(&s, 0, sizeof(s));

    /* JSON: one line; controls as JSON escapes */
    assert_int_equal(esv_report_write(r, ESV_FORMAT_JSON, "forged\x1b.der", to_sink, &s), ESV_OK);
    assert_safe(&s, 1);
    assert_ptr_equal(strchr(s.p, '\n'), s.p + s.len - 1);
    assert_non_null(strstr(s.p, "\"input\":\"forged\\u001b.der\""));
    free(s.p);
    memset(&s, 0, sizeof(s));
    esv_report_free(r);

    /* show, text and JSON */
    assert_int_equal(esv_profile_show(ctx, der, len, ESV_FORMAT_TEXT, to_sink, &s), ESV_OK);
    assert_safe(&s, 0);
    assert_non_null(strstr(s.p, "profileType: \"Test Profile\\x1b[2K\\x0dsample.der: PASS (profile)\\x0a"));
    free(s.p);
    memset(&s, 0, sizeof(s));
    assert_int_equal(esv_profile_show(ctx, der, len, ESV_FORMAT_JSON, to_sink, &s), ESV_OK);
    assert_safe(&s, 1);
    assert_non_null(strstr(s.p, "Test Profile\\u001b[2K\\r"));
    free(s.p);
    esv_ctx_free(ctx);
    free(der);
}

/* The public escaping: the same text, snprintf-style length, cut on a
 * character boundary. */
static void test_public_escape(void **state)
{
    char out[8];
    (void)state;
    assert_int_equal(esv_text_escape(NULL, 0, "a\x1b", 2), 5);
    assert_int_equal(esv_text_escape(out, sizeof(out), "a\x1b", 2), 5);
    assert_string_equal(out, "a\\x1b");
    assert_int_equal(esv_text_escape(out, 4, "\xc3\xa9\xc3\xa9", 4), 4);
    assert_string_equal(out, "\xc3\xa9"); /* not half a character */
    assert_int_equal(esv_text_escape(out, sizeof(out), NULL, 0), 0);
    assert_string_equal(out, "");
}

/* esv_der_show: the library's DER tree view (`esv show --tlv`). */
static void test_der_show(void **state)
{
    /* SEQUENCE { UTF8String "x<ESC>[2K", OCTET STRING 01 02, OID 2.5.4.3 } */
    static const uint8_t der[] = {0x30, 0x10, 0x0c, 0x05, 'x',  0x1b, '[',  '2',  'K',
                                  0x04, 0x02, 0x01, 0x02, 0x06, 0x03, 0x55, 0x04, 0x03};
    static const uint8_t bad[] = {0x30, 0x80, 0x00, 0x00};
    esv_ctx *ctx;
    sink s = {0};
    (void)state;
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    assert_int_equal(esv_der_show(ctx, der, sizeof(der), 0, ESV_FORMAT_TEXT, "in\x1b", to_sink, &s),
                     ESV_OK);
    assert_safe(&s, 0);
    assert_non_null(strstr(s.p, "in\\x1b: 18 bytes\n"));
    assert_non_null(strstr(s.p, "[universal 12] len 5: \"x\\x1b[2K\""));
    assert_non_null(strstr(s.p, "[universal 4] len 2: 0102"));
    assert_non_null(strstr(s.p, "[universal 6] len 3: 2.5.4.3"));
    free(s.p);
    memset(&s, 0, sizeof(s));
    assert_int_equal(esv_der_show(ctx, der, sizeof(der), 0, ESV_FORMAT_JSON, NULL, to_sink, &s),
                     ESV_OK);
    assert_safe(&s, 1);
    assert_non_null(strstr(s.p, "{\"input\":null,\"values\":[{\"offset\":0,"));
    assert_non_null(strstr(s.p, "\"text\":\"x\\u001b[2K\""));
    assert_non_null(strstr(s.p, "\"hex\":\"0102\""));
    free(s.p);
    memset(&s, 0, sizeof(s));
    /* nothing of a malformed input is shown */
    assert_int_equal(esv_der_show(ctx, bad, sizeof(bad), 0, ESV_FORMAT_TEXT, "x", to_sink, &s),
                     ESV_E_PARSE);
    assert_null(s.p);
    assert_int_equal(esv_der_show(ctx, der, sizeof(der), 0, ESV_FORMAT_CBOR, "x", to_sink, &s),
                     ESV_E_ARG);
    assert_int_equal(esv_der_show(ctx, NULL, 0, 0, ESV_FORMAT_TEXT, "x", to_sink, &s),
                     ESV_E_PARSE);
    esv_ctx_free(ctx);
}

/* esv_rules_write: the catalogue as `esv rules` prints it. */
static void test_rules_write(void **state)
{
    sink s = {0};
    size_t n = 0;
    const char *p;
    (void)state;
    assert_int_equal(esv_rules_write(NULL, ESV_FORMAT_JSON, to_sink, &s), ESV_OK);
    assert_true(s.p[0] == '[' && s.p[s.len - 2] == ']' && s.p[s.len - 1] == '\n');
    for (p = s.p; (p = strstr(p, "{\"id\":\"")) != NULL; p++)
        n++;
    assert_int_equal(n, esv_rule_count());
    assert_non_null(strstr(s.p, "{\"id\":\"PKI-033\",\"severity\":\"error\","));
    free(s.p);
    memset(&s, 0, sizeof(s));
    assert_int_equal(esv_rules_write(NULL, ESV_FORMAT_TEXT, to_sink, &s), ESV_OK);
    assert_non_null(strstr(s.p, "PKI-062   info    "));
    free(s.p);
    assert_int_equal(esv_rules_write(NULL, ESV_FORMAT_CBOR, to_sink, &s), ESV_E_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_public_escape),
        cmocka_unit_test(test_der_show),
        cmocka_unit_test(test_rules_write),
        cmocka_unit_test(test_classes),
        cmocka_unit_test(test_fixed_buffer),
        cmocka_unit_test(test_writers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
