/*
 * test_show.c - esv_profile_show and the generic asn1c walker behind it.
 *
 * The real-profile expectations are read at test time from GSMA's own value
 * notation beside the package (.asn1-value.txt): the element types in
 * order, each element's identification, the ICCID, the profile type and
 * the first akaParameter key must appear in the JSON exactly as GSMA's tool
 * printed them. The JSON output is checked by a small strict parser below.
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <cmocka.h>

#include "esv/esv.h"
#include "asn1/walk.h"
#include "der/der.h"
#include "profile_variant.h"
#include "profile_builder.h"
#include "cap_builder.h"
#include "testutil.h"

#include "UICCCapability.h"
#include "ApplicationIdentifier.h"
#include "PINKeyReferenceValue.h"
#include "UInt8.h"

#define V7 "profiles/ts48/TS48v7_SAIP2.3_NoBERTLV"


/* ------------------------------------------------------------ output */

typedef struct sink {
    char *p;
    size_t len;
    int calls;
    int fail;
} sink;

static int sink_write(void *opaque, const void *data, size_t len)
{
    sink *s = opaque;
    s->calls++;
    if (s->fail)
        return -1;
    s->p = realloc(s->p, s->len + len + 1);
    assert_non_null(s->p);
    memcpy(s->p + s->len, data, len);
    s->len += len;
    s->p[s->len] = '\0';
    return 0;
}

/* Shows data; returns the output (NUL-terminated, free()) and the status. */
static char *show(const uint8_t *data, size_t len, esv_format fmt, esv_status *st)
{
    esv_ctx *ctx;
    sink s = {0};
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    *st = esv_profile_show(ctx, data, len, fmt, sink_write, &s);
    esv_ctx_free(ctx);
    if (*st == ESV_OK || *st == ESV_E_PARSE || *st == ESV_E_LIMIT)
        /* written in pieces of at least 64 KiB, the last one whatever
         * is left */
        assert_true(s.calls >= 1 && (size_t)s.calls <= 1 + s.len / (64 * 1024));
    if (s.p == NULL) {
        s.p = calloc(1, 1);
        assert_non_null(s.p);
    }
    return s.p;
}

/* ------------------------------------------------------------ JSON */

/* A strict RFC 8259 parser that only validates and skips; returns the end
 * of the value at s, or NULL. */
static const char *j_ws(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    return s;
}

static const char *j_string(const char *s)
{
    if (*s++ != '"')
        return NULL;
    while (*s != '"') {
        unsigned char c = (unsigned char)*s;
        if (c == '\0' || c < 0x20)
            return NULL;
        if (c == '\\') {
            s++;
            if (*s == 'u') {
                for (int i = 1; i <= 4; i++)
                    if (!isxdigit((unsigned char)s[i]))
                        return NULL;
                s += 5;
                continue;
            }
            if (!strchr("\"\\/bfnrt", *s) || *s == '\0')
                return NULL;
        }
        s++;
    }
    return s + 1;
}

static const char *j_number(const char *s)
{
    if (*s == '-')
        s++;
    if (*s == '0')
        s++;
    else if (*s >= '1' && *s <= '9')
        while (isdigit((unsigned char)*s))
            s++;
    else
        return NULL;
    if (*s == '.') {
        s++;
        if (!isdigit((unsigned char)*s))
            return NULL;
        while (isdigit((unsigned char)*s))
            s++;
    }
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-')
            s++;
        if (!isdigit((unsigned char)*s))
            return NULL;
        while (isdigit((unsigned char)*s))
            s++;
    }
    return s;
}

static const char *j_value(const char *s, int depth)
{
    s = j_ws(s);
    if (depth > 100)
        return NULL;
    switch (*s) {
    case '{':
        s = j_ws(s + 1);
        if (*s == '}')
            return s + 1;
        for (;;) {
            s = j_string(j_ws(s));
            if (s == NULL || *(s = j_ws(s)) != ':')
                return NULL;
            s = j_value(s + 1, depth + 1);
            if (s == NULL)
                return NULL;
            s = j_ws(s);
            if (*s == '}')
                return s + 1;
            if (*s++ != ',')
                return NULL;
        }
    case '[':
        s = j_ws(s + 1);
        if (*s == ']')
            return s + 1;
        for (;;) {
            s = j_value(s, depth + 1);
            if (s == NULL)
                return NULL;
            s = j_ws(s);
            if (*s == ']')
                return s + 1;
            if (*s++ != ',')
                return NULL;
        }
    case '"':
        return j_string(s);
    case 't':
        return strncmp(s, "true", 4) ? NULL : s + 4;
    case 'f':
        return strncmp(s, "false", 5) ? NULL : s + 5;
    case 'n':
        return strncmp(s, "null", 4) ? NULL : s + 4;
    default:
        return j_number(s);
    }
}

/* The whole text is one JSON value followed by a newline. */
static void assert_json_line(const char *text)
{
    const char *e = j_value(text, 0);
    if (e == NULL || strcmp(e, "\n") != 0)
        fail_msg("not one JSON value and a newline: %.300s", text);
}

/* The value at path ("elements/3/value/iccid": object keys and array
 * indices), or NULL. Keys are compared as written (ours need no escapes). */
static const char *j_get(const char *json, const char *path)
{
    const char *s = j_ws(json);
    while (*path) {
        char comp[64];
        size_t n = strcspn(path, "/");
        assert_true(n < sizeof(comp));
        memcpy(comp, path, n);
        comp[n] = '\0';
        path += n + (path[n] == '/');
        if (*s == '{') {
            s = j_ws(s + 1);
            for (;;) {
                const char *k = s, *ke;
                if (*s != '"')
                    return NULL;
                ke = j_string(s);
                if (ke == NULL)
                    return NULL;
                s = j_ws(j_ws(ke) + 1); /* past ':' */
                if ((size_t)(ke - k - 2) == strlen(comp) && !strncmp(k + 1, comp, strlen(comp)))
                    break;
                s = j_ws(j_value(s, 0));
                if (*s != ',')
                    return NULL;
                s = j_ws(s + 1);
            }
        } else if (*s == '[') {
            long idx = strtol(comp, NULL, 10);
            s = j_ws(s + 1);
            if (*s == ']')
                return NULL;
            for (long i = 0; i < idx; i++) {
                s = j_ws(j_value(s, 0));
                if (*s != ',')
                    return NULL;
                s = j_ws(s + 1);
            }
        } else {
            return NULL;
        }
    }
    return s;
}

static size_t j_count(const char *v)
{
    size_t n = 0;
    assert_non_null(v);
    assert_int_equal(*v, '[');
    v = j_ws(v + 1);
    if (*v == ']')
        return 0;
    for (;;) {
        v = j_ws(j_value(v, 0));
        n++;
        if (*v != ',')
            return n;
        v++;
    }
}

/* Asserts the value at path is the string want. */
static void assert_jstr(const char *json, const char *path, const char *want)
{
    const char *v = j_get(json, path);
    size_t n = strlen(want);
    if (v == NULL || v[0] != '"' || strncmp(v + 1, want, n) != 0 || v[n + 1] != '"')
        fail_msg("%s: expected \"%s\", got %.80s", path, want, v ? v : "(absent)");
}

static long jlong(const char *json, const char *path)
{
    const char *v = j_get(json, path);
    if (v == NULL || j_number(v) == NULL)
        fail_msg("%s: not a number", path);
    return strtol(v, NULL, 10);
}

/* ------------------------------------------------------------ GSMA notation */

/* The text between the first occurrence of open (after from) and close,
 * lowercased when lower; "" when absent. */
static void between(const char *from, const char *open, const char *close, int lower,
                    char *out, size_t cap)
{
    const char *a = strstr(from, open), *b;
    size_t n;
    out[0] = '\0';
    if (a == NULL)
        return;
    a += strlen(open);
    b = strstr(a, close);
    if (b == NULL)
        return;
    n = (size_t)(b - a) < cap - 1 ? (size_t)(b - a) : cap - 1;
    memcpy(out, a, n);
    out[n] = '\0';
    for (size_t i = 0; lower && i < n; i++)
        out[i] = (char)tolower((unsigned char)out[i]);
}

typedef struct notation {
    char *text;
    size_t count;
    const char *block[64]; /* start of each "valueN ProfileElement ::=" */
    char type[64][32];
} notation;

static int notation_load(const char *rel, notation *nt)
{
    size_t len;
    uint8_t *d = tu_read_testdata(rel, &len);
    char *p;
    memset(nt, 0, sizeof(*nt));
    if (d == NULL)
        return -1;
    nt->text = realloc(d, len + 1);
    assert_non_null(nt->text);
    nt->text[len] = '\0';
    for (p = nt->text; (p = strstr(p, " ProfileElement ::= ")) != NULL; p++) {
        const char *t = p + strlen(" ProfileElement ::= ");
        size_t n = strcspn(t, " ");
        assert_true(nt->count < 64 && n < 32);
        nt->block[nt->count] = p;
        memcpy(nt->type[nt->count], t, n);
        nt->type[nt->count][n] = '\0';
        nt->count++;
    }
    return 0;
}

/* ------------------------------------------------------------ tests */

static void test_json_matches_gsma_notation(void **state)
{
    notation nt;
    uint8_t *der;
    size_t len;
    esv_status st;
    char *json, want[256], path[128];
    long aka = -1;
    (void)state;
    der = tu_read_testdata(V7 ".der", &len);
    if (der == NULL || notation_load(V7 ".asn1-value.txt", &nt) != 0) {
        free(der);
        skip();
    }
    json = show(der, len, ESV_FORMAT_JSON, &st);
    assert_int_equal(st, ESV_OK);
    assert_json_line(json);
    assert_string_equal(j_get(json, "complete"), "true}\n");

    assert_true(nt.count > 0);
    assert_int_equal(j_count(j_get(json, "elements")), nt.count);
    for (size_t i = 0; i < nt.count; i++) {
        const char *end = i + 1 < nt.count ? nt.block[i + 1] : nt.text + strlen(nt.text);
        char idtext[32];
        snprintf(path, sizeof(path), "elements/%zu/type", i);
        assert_jstr(json, path, nt.type[i]);
        snprintf(path, sizeof(path), "elements/%zu/index", i);
        assert_int_equal(jlong(json, path), (long)i);
        /* The element's own header comes first in its block. */
        between(nt.block[i], "identification ", "\n", 0, idtext, sizeof(idtext));
        snprintf(path, sizeof(path), "elements/%zu/identification", i);
        if (strcmp(nt.type[i], "header") == 0 || strstr(nt.block[i], "identification ") == NULL ||
            strstr(nt.block[i], "identification ") > end) {
            assert_null(j_get(json, path));
        } else {
            assert_int_equal(jlong(json, path), strtol(idtext, NULL, 10));
        }
        if (aka < 0 && strcmp(nt.type[i], "akaParameter") == 0)
            aka = (long)i;
    }
    assert_string_equal(nt.type[0], "header");
    between(nt.block[0], "iccid '", "'H", 1, want, sizeof(want));
    assert_true(strlen(want) == 20);
    assert_jstr(json, "elements/0/value/iccid", want);
    between(nt.block[0], "profileType \"", "\"", 0, want, sizeof(want));
    assert_true(strlen(want) > 0);
    assert_jstr(json, "elements/0/value/profileType", want);
    assert_true(aka > 0);
    between(nt.block[aka], " key '", "'H", 1, want, sizeof(want));
    assert_true(strlen(want) == 32);
    snprintf(path, sizeof(path), "elements/%ld/value/algoConfiguration/algoParameter/key", aka);
    assert_jstr(json, path, want);
    /* NULL is null, OIDs dotted: the header's mandatory services and GFSTE
     * list as in the notation ("usim NULL", "{ 2 23 143 1 2 1 }"). */
    assert_string_equal(strncmp(j_get(json, "elements/0/value/eUICC-Mandatory-services/usim"),
                                "null", 4) == 0 ? "null" : "other", "null");
    assert_jstr(json, "elements/0/value/eUICC-Mandatory-GFSTEList/0", "2.23.143.1.2.1");
    free(json);
    free(nt.text);
    free(der);
}

static void test_text_view(void **state)
{
    notation nt;
    uint8_t *der;
    size_t len;
    esv_status st;
    char *text, iccid[64], line[96];
    (void)state;
    der = tu_read_testdata(V7 ".der", &len);
    if (der == NULL || notation_load(V7 ".asn1-value.txt", &nt) != 0) {
        free(der);
        skip();
    }
    text = show(der, len, ESV_FORMAT_TEXT, &st);
    assert_int_equal(st, ESV_OK);
    between(nt.block[0], "iccid '", "'H", 1, iccid, sizeof(iccid));
    snprintf(line, sizeof(line), "\n  iccid: %s\n", iccid);
    assert_non_null(strstr(text, line));
    snprintf(line, sizeof(line), "profile package, %zu elements, %zu bytes\n", nt.count, len);
    assert_true(strncmp(text, line, strlen(line)) == 0);
    for (size_t i = 0; i < nt.count; i++) {
        snprintf(line, sizeof(line), "\n[%zu] %s (", i, nt.type[i]);
        assert_non_null(strstr(text, line));
    }
    assert_non_null(strstr(text, "] usim (id "));
    assert_non_null(strstr(text, "\n  profileType: \"GSMA"));
    assert_non_null(strstr(text, "\n    mandated: present\n"));
    assert_non_null(strstr(text, "  algoConfiguration algoParameter:\n"));
    assert_null(strstr(text, "not shown"));
    free(text);
    free(nt.text);
    free(der);
}

/* Every real TS.48 profile: shown whole, valid JSON, every value of a kind
 * the walker knows, no text line overlong. */
static void test_all_ts48(void **state)
{
    (void)state;
    if (tu_testdata() == NULL)
        skip();
    for (size_t i = 0; i < TU_TS48_COUNT; i++) {
        char rel[128];
        size_t len;
        uint8_t *d;
        esv_status st;
        char *json, *text, *line;
        snprintf(rel, sizeof(rel), "profiles/ts48/%s", tu_ts48_files[i]);
        d = tu_read_testdata(rel, &len);
        assert_non_null(d);
        json = show(d, len, ESV_FORMAT_JSON, &st);
        assert_int_equal(st, ESV_OK);
        assert_json_line(json);
        assert_null(strstr(json, "\"type\":\"unknown\""));
        assert_null(strstr(json, ":null,\"error\""));
        text = show(d, len, ESV_FORMAT_TEXT, &st);
        assert_int_equal(st, ESV_OK);
        assert_null(strstr(text, "not shown"));
        assert_null(strstr(text, "too deeply"));
        for (line = text; *line; ) {
            size_t n = strcspn(line, "\n");
            if (n > 220)
                fail_msg("%s: line of %zu characters: %.100s", tu_ts48_files[i], n, line);
            line += n + (line[n] == '\n');
        }
        free(json);
        free(text);
        free(d);
    }
}

/* A PE-Application's load block: the CAP reader's summary beside the
 * decoded element, in text and JSON (a "cap" member); a broken load file
 * is said to be broken, in both. */
static void test_application_load_file(void **state)
{
    pb_options o;
    cb_options co;
    uint8_t *cap, *d;
    size_t cap_len, len;
    esv_status st;
    char *json, *text, path[64];
    const char *v;
    long app = -1;
    pv_profile p;
    (void)state;

    cb_options_sample(&co);
    co.wrap_c4 = true;
    assert_int_equal(cb_build(&co, &cap, &cap_len), 0);
    pb_options_sample(&o);
    o.application = true;
    o.app_cap = cap;
    o.app_cap_len = cap_len;
    snprintf(o.app_package, sizeof(o.app_package), "F045535601");
    snprintf(o.app_class, sizeof(o.app_class), "F04553560101");
    snprintf(o.app_instance, sizeof(o.app_instance), "F04553560101");
    char flags_at[128], flags_text[160];
    size_t off = (size_t)cb_find_component(cap, cap_len, 1) + 3 + 6;
    snprintf(flags_at, sizeof(flags_at),
             "{\"error\":\"Header component: flags '14' set undefined bits\",\"offset\":%zu,\"supported\":true}", off);
    snprintf(flags_text, sizeof(flags_text),
             "\n  load file (CAP): not well-formed: Header component: flags '14' set undefined bits (byte %zu): "
             "see esv profile\n", off);
    for (int broken = 0; broken < 2; broken++) {
        if (broken)
            cap[cb_find_component(cap, cap_len, 1) + 3 + 6] ^= 0x10; /* Header flags: undefined */
        assert_int_equal(pb_build(&o, &d, &len), 0);
        pv_decode(d, len, &p);
        app = pv_find(&p, ProfileElement_PR_application, 0);
        assert_true(app > 0);
        pv_free(&p);

        json = show(d, len, ESV_FORMAT_JSON, &st);
        assert_int_equal(st, ESV_OK);
        assert_json_line(json);
        snprintf(path, sizeof(path), "elements/%ld/type", app);
        v = j_get(json, path);
        assert_non_null(v);
        assert_true(strncmp(v, "\"application\"", 13) == 0);
        snprintf(path, sizeof(path), "elements/%ld/cap", app);
        v = j_get(json, path);
        assert_non_null(v);
        if (broken) {
            assert_non_null(flags_at);
            assert_true(strncmp(v, flags_at, strlen(flags_at)) == 0);
        } else {
            snprintf(path, sizeof(path), "elements/%ld/cap/imports", app);
            assert_int_equal(j_count(j_get(json, path)), 5);
            snprintf(path, sizeof(path), "elements/%ld/cap/imports/3/class", app);
            assert_true(strncmp(j_get(json, path), "\"UICC/SIM toolkit\"", 18) == 0);
            snprintf(path, sizeof(path), "elements/%ld/cap/imports/1/name", app);
            assert_true(strncmp(j_get(json, path), "\"javacard.framework\"", 20) == 0);
            snprintf(path, sizeof(path), "elements/%ld/cap/applets/0", app);
            assert_true(strncmp(j_get(json, path), "\"F04553560101\"", 14) == 0);
            assert_non_null(strstr(v, "\"package\":\"F045535601\",\"version\":\"1.0\",\"name\":\"org/esv/sample\","
                                      "\"capFormat\":\"2.2\",\"wrapped\":true"));
        }
        /* every other element without one */
        snprintf(path, sizeof(path), "elements/%ld/cap", app - 1);
        assert_null(j_get(json, path));

        text = show(d, len, ESV_FORMAT_TEXT, &st);
        assert_int_equal(st, ESV_OK);
        if (broken)
            assert_non_null(strstr(text, flags_text));
        else
            assert_non_null(strstr(text, "\n  load file (CAP): package F045535601 version 1.0 (org/esv/sample), "
                                         "CAP format 2.2 in 'C4'; applet(s) F04553560101; imports A0000000620001 1.0 "
                                         "(java.lang: Java Card framework/lang), "));
        free(json);
        free(text);
        free(d);
    }
    free(cap);
}

/* A package cut short anywhere: an error status and a marked, valid
 * output, never a crash (the sanitizer build runs this too). */
static void test_truncated(void **state)
{
    size_t len;
    uint8_t *d;
    (void)state;
    d = tu_read_testdata(V7 ".der", &len);
    if (d == NULL)
        skip();
    for (size_t cut = 1; cut < len; cut += 89) {
        esv_status st;
        char *json = show(d, cut, ESV_FORMAT_JSON, &st);
        char *text;
        assert_int_equal(st, ESV_E_PARSE);
        assert_json_line(json);
        assert_non_null(strstr(json, "\"complete\":false}"));
        text = show(d, cut, ESV_FORMAT_TEXT, &st);
        assert_int_equal(st, ESV_E_PARSE);
        assert_non_null(strstr(text, "see esv profile"));
        free(json);
        free(text);
    }
    free(d);
}

/* The header element of the real package, then the given element bytes. */
static uint8_t *header_plus(const uint8_t *elem, size_t elen, size_t *out_len, size_t *hlen)
{
    size_t len;
    uint8_t *d = tu_read_testdata(V7 ".der", &len), *out;
    der_cursor c;
    der_tlv t;
    if (d == NULL)
        return NULL;
    der_cursor_init(&c, d, len, 0);
    assert_int_equal(der_read_tlv(&c, &t, NULL), DER_OK);
    *hlen = der_tlv_size(&t);
    out = malloc(*hlen + elen);
    assert_non_null(out);
    memcpy(out, d, *hlen);
    memcpy(out + *hlen, elem, elen);
    *out_len = *hlen + elen;
    free(d);
    return out;
}

static void test_unknown_alternative(void **state)
{
    /* [40] constructed: an alternative after the schema esv knows, with a
     * PEHeader-like body {[0] NULL, [1] 7}. */
    static const uint8_t elem[] = {0xbf, 0x28, 0x07, 0xa0, 0x05, 0x80, 0x00, 0x81, 0x01, 0x07};
    size_t len, hlen;
    esv_status st;
    char *out, want[96];
    uint8_t *d = header_plus(elem, sizeof(elem), &len, &hlen);
    (void)state;
    if (d == NULL)
        skip();
    out = show(d, len, ESV_FORMAT_TEXT, &st);
    assert_int_equal(st, ESV_OK); /* an extension is not a defect */
    snprintf(want, sizeof(want), "\n[1] unknown (tag [40], offset %zu, 10 bytes)", hlen);
    assert_non_null(strstr(out, want));
    assert_non_null(strstr(out, "[0] header ("));
    free(out);
    out = show(d, len, ESV_FORMAT_JSON, &st);
    assert_int_equal(st, ESV_OK);
    assert_json_line(out);
    assert_jstr(out, "elements/1/type", "unknown");
    assert_int_equal(jlong(out, "elements/1/tag"), 40);
    assert_int_equal(jlong(out, "elements/1/offset"), (long)hlen);
    assert_string_equal(strncmp(j_get(out, "elements/1/value"), "null", 4) == 0 ? "null" : "x",
                        "null");
    assert_jstr(out, "elements/0/type", "header");
    free(out);
    free(d);
}

static void test_undecodable_and_foreign(void **state)
{
    /* [2] (pinCodes) whose PEHeader is primitive: well-formed DER that
     * does not decode; then a universal SEQUENCE, which is no profile
     * element at all. */
    static const uint8_t elem[] = {0xa2, 0x03, 0x80, 0x01, 0x05, 0x30, 0x03, 0x02, 0x01, 0x05};
    size_t len, hlen;
    esv_status st;
    char *out, want[128];
    uint8_t *d = header_plus(elem, sizeof(elem), &len, &hlen);
    (void)state;
    if (d == NULL)
        skip();
    out = show(d, len, ESV_FORMAT_TEXT, &st);
    assert_int_equal(st, ESV_E_PARSE);
    snprintf(want, sizeof(want), "\n[1] tag [2] at offset %zu, 5 bytes (does not decode: see esv profile)", hlen);
    assert_non_null(strstr(out, want));
    snprintf(want, sizeof(want), "\n[2] tag [universal 16] at offset %zu, 5 bytes (does not decode", hlen + 5);
    assert_non_null(strstr(out, want));
    assert_non_null(strstr(out, "  iccid: ")); /* the rest is still shown */
    free(out);
    out = show(d, len, ESV_FORMAT_JSON, &st);
    assert_int_equal(st, ESV_E_PARSE);
    assert_json_line(out);
    assert_string_equal(strncmp(j_get(out, "elements/1/type"), "null", 4) == 0 ? "null" : "x",
                        "null");
    assert_non_null(j_get(out, "elements/1/error"));
    assert_non_null(j_get(out, "elements/2/error"));
    assert_jstr(out, "elements/0/type", "header");
    assert_non_null(strstr(out, "\"complete\":false}"));
    free(out);
    free(d);
}

static void test_arguments(void **state)
{
    static const uint8_t one[] = {0x30, 0x00};
    esv_ctx *ctx;
    sink s = {0};
    esv_status st;
    char *out;
    (void)state;
    assert_int_equal(esv_ctx_new(&ctx), ESV_OK);
    assert_int_equal(esv_profile_show(NULL, one, 2, ESV_FORMAT_TEXT, sink_write, &s), ESV_E_ARG);
    assert_int_equal(esv_profile_show(ctx, one, 2, ESV_FORMAT_TEXT, NULL, &s), ESV_E_ARG);
    assert_int_equal(esv_profile_show(ctx, NULL, 2, ESV_FORMAT_TEXT, sink_write, &s), ESV_E_ARG);
    assert_int_equal(esv_profile_show(ctx, one, 2, ESV_FORMAT_CBOR, sink_write, &s), ESV_E_ARG);
    assert_int_equal(esv_profile_show(ctx, one, 2, (esv_format)7, sink_write, &s), ESV_E_ARG);
    assert_int_equal(s.calls, 0);
    s.fail = 1;
    assert_int_equal(esv_profile_show(ctx, one, 2, ESV_FORMAT_TEXT, sink_write, &s), ESV_E_IO);
    assert_int_equal(s.calls, 1);
    esv_ctx_free(ctx);
    /* Nothing is no profile package. */
    out = show(NULL, 0, ESV_FORMAT_JSON, &st);
    assert_int_equal(st, ESV_E_PARSE);
    assert_string_equal(out, "{\"elements\":[],\"complete\":false}\n");
    free(out);
}

/* Values changed with the generated types, encoded, then shown: a long
 * octet string is cut in text and whole in JSON; a string with control
 * characters, quotes and invalid UTF-8 is escaped; an INTEGER beyond 64
 * bits is a hex string. */
static void test_values_round_trip(void **state)
{
    pv_profile p;
    uint8_t long_iccid[100], *der;
    size_t len;
    long pin;
    esv_status st;
    char *out, hex[201];
    PINConfiguration_t *pc;
    static const uint8_t big[9] = {0x01, 0, 0, 0, 0, 0, 0, 0, 0x2a};
    (void)state;
    if (pv_load(V7 ".der", &p) != 0)
        skip();
    for (size_t i = 0; i < sizeof(long_iccid); i++)
        long_iccid[i] = (uint8_t)(i * 7);
    pv_set_octets(&p.pe[0]->choice.header.iccid, long_iccid, sizeof(long_iccid));
    pv_set_octets(p.pe[0]->choice.header.profileType, "a\x01" "b\"c\\\xff\xe2\x80\xae" "d", 11);
    pin = pv_find(&p, ProfileElement_PR_pinCodes, 0);
    assert_true(pin > 0);
    assert_int_equal(p.pe[pin]->choice.pinCodes.pinCodes.present,
                     PE_PINCodes__pinCodes_PR_pinconfig);
    pc = p.pe[pin]->choice.pinCodes.pinCodes.choice.pinconfig.list.array[0];
    free(pc->keyReference.buf);
    pc->keyReference.buf = malloc(sizeof(big));
    assert_non_null(pc->keyReference.buf);
    memcpy(pc->keyReference.buf, big, sizeof(big));
    pc->keyReference.size = (int)sizeof(big);
    der = pv_encode(&p, &len);

    out = show(der, len, ESV_FORMAT_TEXT, &st);
    assert_int_equal(st, ESV_OK);
    for (size_t i = 0; i < 64; i++)
        snprintf(hex + 2 * i, 3, "%02x", long_iccid[i]);
    assert_non_null(strstr(out, hex));
    assert_non_null(strstr(out, "... (100 bytes)\n"));
    assert_non_null(strstr(out, "  profileType: \"a\\x01b\\\"c\\\\\\xff\\u{202e}d\"\n"));
    assert_non_null(strstr(out, "keyReference: 0x01000000000000002a\n"));
    free(out);

    out = show(der, len, ESV_FORMAT_JSON, &st);
    assert_int_equal(st, ESV_OK);
    assert_json_line(out);
    for (size_t i = 0; i < 100; i++)
        snprintf(hex + 2 * i, 3, "%02x", long_iccid[i]);
    assert_jstr(out, "elements/0/value/iccid", hex);
    assert_non_null(strstr(out, "\"profileType\":\"a\\u0001b\\\"c\\\\\xef\xbf\xbd\xe2\x80\xae" "d\""));
    {
        char path[96];
        snprintf(path, sizeof(path), "elements/%ld/value/pinCodes/pinconfig/0/keyReference", pin);
        assert_jstr(out, path, "01000000000000002a");
        snprintf(path, sizeof(path), "elements/%ld/value/pinCodes/pinconfig/1/keyReference", pin);
        assert_true(jlong(out, path) > 0);
    }
    free(out);
    free(der);
    pv_free(&p);
}

/* The walker's classification: base descriptors, derived primitives by
 * their universal tag (BIT STRING without any decode), derived integers
 * after a decode (the native / INTEGER_t split), constructed types. */
typedef struct collect {
    esv_asn_node nodes[16];
    int n;
} collect;

static int c_node(void *opaque, const esv_asn_node *n)
{
    collect *c = opaque;
    if (c->n < 16)
        c->nodes[c->n++] = *n;
    return 0;
}

static void test_walker_kinds(void **state)
{
    pv_profile p;
    BIT_STRING_t bs;
    uint8_t bits[2] = {0xa5, 0x80};
    collect c = {0};
    esv_asn_visitor v = {c_node, c_node, c_node};
    (void)state;

    assert_int_equal(esv_asn_kind_of(&asn_DEF_OCTET_STRING), ESV_ASN_OCTETS);
    assert_int_equal(esv_asn_kind_of(&asn_DEF_UTF8String), ESV_ASN_STRING);
    assert_int_equal(esv_asn_kind_of(&asn_DEF_NULL), ESV_ASN_NULL);
    assert_int_equal(esv_asn_kind_of(&asn_DEF_OBJECT_IDENTIFIER), ESV_ASN_OID);
    assert_int_equal(esv_asn_kind_of(&asn_DEF_INTEGER), ESV_ASN_INTEGER);
    assert_int_equal(esv_asn_kind_of(&asn_DEF_UICCCapability), ESV_ASN_BITS);
    assert_int_equal(esv_asn_kind_of(&asn_DEF_ApplicationIdentifier), ESV_ASN_OCTETS);
    assert_int_equal(esv_asn_kind_of(&asn_DEF_ProfileElement), ESV_ASN_CHOICE);
    assert_int_equal(esv_asn_kind_of(&asn_DEF_PEHeader), ESV_ASN_SEQUENCE);
    assert_int_equal(esv_asn_kind_of(&asn_DEF_File), ESV_ASN_SEQUENCE_OF);

    /* BIT STRING: 9 bits 101001011 (7 unused). */
    memset(&bs, 0, sizeof(bs));
    bs.buf = bits;
    bs.size = 2;
    bs.bits_unused = 7;
    assert_int_equal(esv_asn_walk(&asn_DEF_UICCCapability, &bs, "cap", &v, &c), 0);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.nodes[0].kind, ESV_ASN_BITS);
    assert_string_equal(c.nodes[0].name, "cap");
    assert_int_equal(c.nodes[0].len, 2);
    assert_int_equal(c.nodes[0].bits_unused, 7);

    if (pv_load(V7 ".der", &p) != 0)
        skip();
    /* Decoding ran the derived descriptors' inherit: their representation
     * is now known (UInt8: long; PINKeyReferenceValue: INTEGER_t). */
    assert_int_equal(esv_asn_kind_of(&asn_DEF_UInt8), ESV_ASN_INTEGER);
    assert_int_equal(esv_asn_kind_of(&asn_DEF_PINKeyReferenceValue), ESV_ASN_INTEGER);
    /* A PEHeader: SEQUENCE, mandated NULL, identification (UInt15). */
    c.n = 0;
    assert_int_equal(esv_asn_walk(&asn_DEF_PEHeader, &p.pe[1]->choice.mf.mf_header, NULL, &v,
                                  &c), 0);
    assert_int_equal(c.n, 4); /* enter, NULL, integer, leave */
    assert_int_equal(c.nodes[0].kind, ESV_ASN_SEQUENCE);
    assert_int_equal(c.nodes[1].kind, ESV_ASN_NULL);
    assert_string_equal(c.nodes[1].name, "mandated");
    assert_int_equal(c.nodes[1].depth, 1);
    assert_int_equal(c.nodes[2].kind, ESV_ASN_INTEGER);
    assert_true(c.nodes[2].fits);
    assert_int_equal(c.nodes[2].ival, p.pe[1]->choice.mf.mf_header.identification);
    assert_int_equal(c.nodes[3].kind, ESV_ASN_SEQUENCE);
    pv_free(&p);
}

/* A visitor's non-zero result stops the walk and is returned. */
static int stop_at_second(void *opaque, const esv_asn_node *n)
{
    int *calls = opaque;
    (void)n;
    return ++*calls == 2 ? 42 : 0;
}

static void test_walker_stops(void **state)
{
    pv_profile p;
    int calls = 0;
    esv_asn_visitor v = {stop_at_second, stop_at_second, stop_at_second};
    (void)state;
    if (pv_load(V7 ".der", &p) != 0)
        skip();
    assert_int_equal(esv_asn_walk(&asn_DEF_ProfileElement, p.pe[0], NULL, &v, &calls), 42);
    assert_int_equal(calls, 2);
    assert_int_equal(esv_asn_walk(NULL, p.pe[0], NULL, &v, &calls), -1);
    pv_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_matches_gsma_notation),
        cmocka_unit_test(test_text_view),
        cmocka_unit_test(test_all_ts48),
        cmocka_unit_test(test_application_load_file),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_unknown_alternative),
        cmocka_unit_test(test_undecodable_and_foreign),
        cmocka_unit_test(test_arguments),
        cmocka_unit_test(test_values_round_trip),
        cmocka_unit_test(test_walker_kinds),
        cmocka_unit_test(test_walker_stops),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
