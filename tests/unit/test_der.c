/*
 * test_der.c - table-driven tests of the strict DER reader (lib/der).
 *
 * Every expectation below is derived from ITU-T X.690 / X.680 and from the
 * offset conventions documented in der.h and parse_header():
 *   - EMPTY                      at the origin of the missing value;
 *   - TRUNCATED identifier/len   at the position of the missing octet;
 *   - TRUNCATED long-form octets at the length-of-length octet (0x8n);
 *   - TRUNCATED contents         at the first contents position (after the
 *                                header), even if that is past the end;
 *   - INDEFINITE / 0xFF          at the length octet;
 *   - long form for len < 128    at the length-of-length octet;
 *   - leading zero length octet  at that zero octet;
 *   - too many length octets     at the length-of-length octet;
 *   - high tag leading 0x80 and high tag for a number < 31 at the first
 *     subsequent tag octet (identifier + 1); overflow at the octet that
 *     would not fit;
 *   - EOC, FORM, DEPTH, COUNT    at the identifier octet of the TLV;
 *   - TRAILING                   at the first byte after the outermost value;
 *   - content errors             at the first contents octet of the TLV;
 *   - SIZE                       at origin + max_input.
 * Input bytes are copied into an exactly-sized heap block so that ASan
 * catches any read past the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "der/der.h"
#include "testutil.h"

/* ------------------------------------------------------------ helpers */

static const char *err_name(der_err e)
{
    static const char *const names[] = {
        "DER_OK", "DER_E_EMPTY", "DER_E_TRUNCATED", "DER_E_INDEFINITE",
        "DER_E_LEN_NONMINIMAL", "DER_E_LEN_OVERFLOW", "DER_E_TAG",
        "DER_E_TRAILING", "DER_E_FORM", "DER_E_INTEGER", "DER_E_BOOLEAN",
        "DER_E_BITSTRING", "DER_E_OID", "DER_E_UTCTIME", "DER_E_GENTIME",
        "DER_E_STRING", "DER_E_NULL", "DER_E_EOC", "DER_E_SIZE",
        "DER_E_DEPTH", "DER_E_COUNT",
    };
    if ((unsigned)e < sizeof(names) / sizeof(names[0]))
        return names[e];
    return "DER_E_???";
}

/*
 * Converts a test spec to bytes. Syntax: hex byte pairs, whitespace ignored;
 * 'text' is copied as ASCII; "XX*N" (a hex byte followed by *decimal) is
 * that byte N times in all. Returns the byte count, or (size_t)-1 on a
 * malformed spec. out may be NULL to count only.
 */
static size_t spec_bytes(const char *s, uint8_t *out)
{
    size_t n = 0;
    while (*s) {
        if (*s == ' ' || *s == '\t' || *s == '\n') {
            s++;
        } else if (*s == '\'') {
            s++;
            while (*s && *s != '\'') {
                if (out)
                    out[n] = (uint8_t)*s;
                n++;
                s++;
            }
            if (*s != '\'')
                return (size_t)-1;
            s++;
        } else {
            int hi = tu_hexval(s[0]), lo = hi < 0 ? -1 : tu_hexval(s[1]);
            uint8_t b;
            if (hi < 0 || lo < 0)
                return (size_t)-1;
            b = (uint8_t)(hi * 16 + lo);
            s += 2;
            if (*s == '*') {
                size_t k, rep = 0;
                s++;
                if (*s < '0' || *s > '9')
                    return (size_t)-1;
                while (*s >= '0' && *s <= '9')
                    rep = rep * 10 + (size_t)(*s++ - '0');
                for (k = 0; k < rep; k++) {
                    if (out)
                        out[n] = b;
                    n++;
                }
            } else {
                if (out)
                    out[n] = b;
                n++;
            }
        }
    }
    return n;
}

/* Exactly-sized heap copy of a spec (at least 1 byte allocated so that the
 * pointer is never NULL; the length reported is the real one). */
static uint8_t *spec_alloc(const char *spec, size_t *len)
{
    size_t n = spec_bytes(spec, NULL);
    uint8_t *p;
    if (n == (size_t)-1)
        fail_msg("malformed test spec: %s", spec);
    p = malloc(n ? n : 1);
    assert_non_null(p);
    spec_bytes(spec, p);
    *len = n;
    return p;
}

/* Reports one failing row (with its name) and counts it. */
#define ROW_CHECK(failed, cond, ...)                 \
    do {                                             \
        if (!(cond)) {                               \
            print_message("  FAIL " __VA_ARGS__);   \
            (failed)++;                              \
        }                                            \
    } while (0)

static void table_summary(const char *table, size_t rows, int failed)
{
    print_message("  %s: %zu cases, %d failed\n", table, rows, failed);
    if (failed)
        fail_msg("%s: %d of %zu cases failed (see FAIL lines above)", table,
                 failed, rows);
}

/* ------------------------------------------------------- der_walk table */

typedef struct walk_case {
    const char *name;
    const char *hex;
    der_err err;
    size_t off;          /* err != OK: res.off; err == OK: res.elements */
    size_t origin;       /* origin_off passed to der_walk */
    unsigned max_depth;  /* 0: default (64) */
    size_t max_elements; /* 0: default */
    size_t max_input;    /* 0: default */
    unsigned exp_depth;  /* OK rows: expected res.max_depth, 0 = unchecked */
    bool no_contents;    /* walk without DER_WALK_CONTENTS */
} walk_case;

/* A certificate-shaped tree (generated from the structure below, every TLV
 * counted by hand: 34 TLVs, deepest nesting 6):
 * 0   30 81 e5 Certificate                                   (1)
 * 3    30 81 cb tbs                                          (2)
 * 6     a0 03 { 02 01 02 }                                   (3, 4)
 * 11    02 03 00 9a bc                                       (5)
 * 16    30 0a { 06 08 ecdsa-with-SHA256 }                    (6, 7)
 * 28    30 12 { 31 10 { 30 0e { 06 03 2.5.4.3 @34,
 *                               0c 07 "Test CA" } } }        (8..12)
 *       30 20 { 17 0d UTCTime, 18 0f GeneralizedTime }       (13..15)
 *       30 0d { 31 0b { 30 09 { 06 03 2.5.4.6,
 *                               13 02 "FR" } } }             (16..20)
 *       30 59 { 30 13 { 06 07 ecPublicKey, 06 08 P-256 },
 *               03 42 00 04 01..40 }                         (21..25)
 *       a3 13 { 30 11 { 30 0f { 06 03 2.5.29.19, 01 01 ff,
 *                               04 05 30030101ff } } }       (26..31)
 *      30 0a { 06 08 ecdsa-with-SHA256 }                     (32, 33)
 * 221  03 09 00 3006020101020101                             (34)
 */
#define CERT_HEX                                                          \
    "3081e53081cba0030201020203009abc300a06082a8648ce3d04030230123110"    \
    "300e06035504030c07546573742043413020170d323430313031303030303030"    \
    "5a180f32303939313233313233353935395a300d310b30090603550406130246"    \
    "523059301306072a8648ce3d020106082a8648ce3d0301070342000401020304"    \
    "05060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2021222324"    \
    "25262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f40a3133011"    \
    "300f0603551d130101ff040530030101ff300a06082a8648ce3d040302030900"    \
    "3006020101020101"

static const walk_case walk_cases[] = {
    /* --- empty and truncation --- */
    { .name = "empty input", .hex = "", .err = DER_E_EMPTY, .off = 0 },
    { .name = "empty input, origin 10", .hex = "", .err = DER_E_EMPTY,
      .off = 10, .origin = 10 },
    { .name = "identifier only (no length)", .hex = "30",
      .err = DER_E_TRUNCATED, .off = 1 },
    { .name = "high tag: no subsequent octet", .hex = "1f",
      .err = DER_E_TRUNCATED, .off = 1 },
    { .name = "high tag: continuation bit on last octet", .hex = "5f 81",
      .err = DER_E_TRUNCATED, .off = 2 },
    { .name = "high tag complete, length missing", .hex = "5f 20",
      .err = DER_E_TRUNCATED, .off = 2 },
    { .name = "truncated long-form length octets", .hex = "30 82 01",
      .err = DER_E_TRUNCATED, .off = 1 },
    { .name = "truncated contents", .hex = "04 05 01 02",
      .err = DER_E_TRUNCATED, .off = 2 },
    { .name = "truncated contents, origin 100", .hex = "04 05 01 02",
      .err = DER_E_TRUNCATED, .off = 102, .origin = 100 },
    { .name = "child runs past end of input", .hex = "30 03 02 05 00",
      .err = DER_E_TRUNCATED, .off = 4 },
    { .name = "child runs past parent (bytes exist beyond)",
      .hex = "30 06 30 03 02 02 00 01", .err = DER_E_TRUNCATED, .off = 6 },
    { .name = "length 256 exceeds remaining bytes", .hex = "04 82 01 00 aa",
      .err = DER_E_TRUNCATED, .off = 4 },
    { .name = "length 128 with no contents", .hex = "04 81 80",
      .err = DER_E_TRUNCATED, .off = 3 },
    { .name = "8-octet length 2^64-1 (no wrap)",
      .hex = "04 88 ff ff ff ff ff ff ff ff", .err = DER_E_TRUNCATED,
      .off = 10 },

    /* --- length forms (X.690 8.1.3, 10.1) --- */
    { .name = "indefinite length at top", .hex = "30 80 00 00",
      .err = DER_E_INDEFINITE, .off = 1 },
    { .name = "indefinite length nested", .hex = "30 04 30 80 00 00",
      .err = DER_E_INDEFINITE, .off = 3 },
    { .name = "asn1c 0.9.28 infinite-loop input",
      .hex = "a2 80 a0 03 81 01 01 a1 80 81 00 00 01 00 00 00 00",
      .err = DER_E_INDEFINITE, .off = 1 },
    { .name = "long form for length 5", .hex = "04 81 05 01 02 03 04 05",
      .err = DER_E_LEN_NONMINIMAL, .off = 1 },
    { .name = "leading zero length octet (82 00 80)", .hex = "04 82 00 80",
      .err = DER_E_LEN_NONMINIMAL, .off = 2 },
    { .name = "long form 82 00 05 (leading zero first)",
      .hex = "04 82 00 05 01 02 03 04 05", .err = DER_E_LEN_NONMINIMAL,
      .off = 2 },
    { .name = "reserved length octet 0xFF", .hex = "04 ff",
      .err = DER_E_LEN_OVERFLOW, .off = 1 },
    { .name = "9 length octets (> 64 bits)",
      .hex = "04 89 01 00 00 00 00 00 00 00 00", .err = DER_E_LEN_OVERFLOW,
      .off = 1 },
    { .name = "valid long form 81 80", .hex = "04 81 80 aa*128",
      .err = DER_OK, .off = 1 },
    { .name = "valid long form 82 01 00", .hex = "04 82 01 00 55*256",
      .err = DER_OK, .off = 1 },

    /* --- identifier octets (X.690 8.1.2) --- */
    { .name = "high tag with leading 0x80", .hex = "1f 80 01 00",
      .err = DER_E_TAG, .off = 1 },
    { .name = "high tag form for tag 30", .hex = "1f 1e 00",
      .err = DER_E_TAG, .off = 1 },
    { .name = "high tag form for tag 0", .hex = "9f 00 00",
      .err = DER_E_TAG, .off = 1 },
    { .name = "high tag number over 32 bits", .hex = "1f 90 80 80 80 00 00",
      .err = DER_E_TAG, .off = 5 },
    { .name = "high tag 6 octets (over 32 bits)",
      .hex = "9f 8f ff ff ff ff 7f 00", .err = DER_E_TAG, .off = 6 },
    { .name = "high tag 0xFFFFFFFF fits", .hex = "9f 8f ff ff ff 7f 00",
      .err = DER_OK, .off = 1 },
    { .name = "valid high tag [APPLICATION 32] 5f 20", .hex = "5f 20 00",
      .err = DER_OK, .off = 1 },
    { .name = "valid high tag [33] constructed bf 21", .hex = "bf 21 00",
      .err = DER_OK, .off = 1 },
    { .name = "valid high tag [127] 9f 7f", .hex = "9f 7f 01 aa",
      .err = DER_OK, .off = 1 },
    { .name = "valid high tag [128] constructed bf 81 00",
      .hex = "bf 81 00 03 02 01 05", .err = DER_OK, .off = 2 },
    { .name = "universal tag 0 (00 00)", .hex = "00 00", .err = DER_E_EOC,
      .off = 0 },
    { .name = "EOC inside a SEQUENCE", .hex = "30 02 00 00",
      .err = DER_E_EOC, .off = 2 },

    /* --- one outermost value (X.690 8.1.1) --- */
    { .name = "trailing byte after NULL", .hex = "05 00 00",
      .err = DER_E_TRAILING, .off = 2 },
    { .name = "two values, origin 100", .hex = "30 00 30 00",
      .err = DER_E_TRAILING, .off = 102, .origin = 100 },

    /* --- forms (X.690 10.2, 8.9, 8.11) --- */
    { .name = "constructed INTEGER", .hex = "22 03 02 01 00",
      .err = DER_E_FORM, .off = 0 },
    { .name = "constructed OCTET STRING", .hex = "24 02 04 00",
      .err = DER_E_FORM, .off = 0 },
    { .name = "constructed OCTET STRING nested", .hex = "30 02 24 00",
      .err = DER_E_FORM, .off = 2 },
    { .name = "primitive SEQUENCE (10)", .hex = "10 00",
      .err = DER_E_FORM, .off = 0 },
    { .name = "primitive SET (11)", .hex = "11 00", .err = DER_E_FORM,
      .off = 0 },
    { .name = "empty constructed SEQUENCE", .hex = "30 00", .err = DER_OK,
      .off = 1, .exp_depth = 1 },
    { .name = "empty SET", .hex = "31 00", .err = DER_OK, .off = 1 },
    { .name = "constructed UTF8String", .hex = "2c 03 0c 01 'a'",
      .err = DER_E_FORM, .off = 0 },
    { .name = "primitive EXTERNAL (08)", .hex = "08 00", .err = DER_E_FORM,
      .off = 0 },
    /* X.690 8.23: a CHARACTER STRING ([UNIVERSAL 29]) value is always
     * constructed (found by this table; fixed in check_form). */
    { .name = "primitive CHARACTER STRING (1d)", .hex = "1d 00",
      .err = DER_E_FORM, .off = 0 },
    /* ... so a constructed [UNIVERSAL 29] is accepted. */
    { .name = "constructed CHARACTER STRING (3d)", .hex = "3d 00",
      .err = DER_OK, .off = 1 },

    /* --- INTEGER / ENUMERATED (X.690 8.3.2) --- */
    { .name = "INTEGER empty", .hex = "02 00", .err = DER_E_INTEGER,
      .off = 2 },
    { .name = "INTEGER 00 7f non-minimal", .hex = "02 02 00 7f",
      .err = DER_E_INTEGER, .off = 2 },
    { .name = "INTEGER ff 80 non-minimal", .hex = "02 02 ff 80",
      .err = DER_E_INTEGER, .off = 2 },
    { .name = "INTEGER 00 80 valid", .hex = "02 02 00 80", .err = DER_OK,
      .off = 1 },
    { .name = "INTEGER ff 7f valid (-129)", .hex = "02 02 ff 7f",
      .err = DER_OK, .off = 1 },
    { .name = "ENUMERATED 00 01 non-minimal", .hex = "0a 02 00 01",
      .err = DER_E_INTEGER, .off = 2 },
    { .name = "INTEGER empty, not checked without CONTENTS", .hex = "02 00",
      .err = DER_OK, .off = 1, .no_contents = true },

    /* --- BOOLEAN (X.690 11.1) --- */
    { .name = "BOOLEAN 01", .hex = "01 01 01", .err = DER_E_BOOLEAN,
      .off = 2 },
    { .name = "BOOLEAN ff", .hex = "01 01 ff", .err = DER_OK, .off = 1 },
    { .name = "BOOLEAN 00", .hex = "01 01 00", .err = DER_OK, .off = 1 },
    { .name = "BOOLEAN two octets", .hex = "01 02 00 00",
      .err = DER_E_BOOLEAN, .off = 2 },
    { .name = "BOOLEAN bad, nested, origin 50", .hex = "30 03 01 01 01",
      .err = DER_E_BOOLEAN, .off = 54, .origin = 50 },

    /* --- BIT STRING (X.690 8.6.2, 11.2) --- */
    { .name = "BIT STRING unused 8", .hex = "03 02 08 00",
      .err = DER_E_BITSTRING, .off = 2 },
    { .name = "BIT STRING unused bit set", .hex = "03 02 01 01",
      .err = DER_E_BITSTRING, .off = 2 },
    { .name = "BIT STRING empty, unused 0", .hex = "03 01 00",
      .err = DER_OK, .off = 1 },
    { .name = "BIT STRING empty, unused 1", .hex = "03 01 01",
      .err = DER_E_BITSTRING, .off = 2 },
    { .name = "BIT STRING no contents", .hex = "03 00",
      .err = DER_E_BITSTRING, .off = 2 },
    { .name = "BIT STRING 6 unused, padding zero", .hex = "03 02 06 40",
      .err = DER_OK, .off = 1 },

    /* --- NULL, OID (X.690 8.8, 8.19) --- */
    { .name = "NULL with contents", .hex = "05 01 00", .err = DER_E_NULL,
      .off = 2 },
    { .name = "OID empty", .hex = "06 00", .err = DER_E_OID, .off = 2 },
    { .name = "OID leading 0x80 in first subidentifier", .hex = "06 02 80 01",
      .err = DER_E_OID, .off = 2 },
    { .name = "OID leading 0x80 in later subidentifier",
      .hex = "06 03 2a 80 01", .err = DER_E_OID, .off = 2 },
    { .name = "OID truncated (last octet bit 8 set)", .hex = "06 02 2a 86",
      .err = DER_E_OID, .off = 2 },
    { .name = "OID 0x80 inside a subidentifier is fine",
      .hex = "06 04 2a 86 80 01", .err = DER_OK, .off = 1 },

    /* --- UTCTime (X.690 11.8) --- */
    { .name = "UTCTime valid", .hex = "17 0d '230101120000Z'", .err = DER_OK,
      .off = 1 },
    { .name = "UTCTime missing Z", .hex = "17 0c '230101120000'",
      .err = DER_E_UTCTIME, .off = 2 },
    { .name = "UTCTime with offset", .hex = "17 11 '230101120000+0100'",
      .err = DER_E_UTCTIME, .off = 2 },
    { .name = "UTCTime without seconds", .hex = "17 0b '2301011200Z'",
      .err = DER_E_UTCTIME, .off = 2 },
    { .name = "UTCTime month 13", .hex = "17 0d '231301000000Z'",
      .err = DER_E_UTCTIME, .off = 2 },
    { .name = "UTCTime Feb 29 2023", .hex = "17 0d '230229000000Z'",
      .err = DER_E_UTCTIME, .off = 2 },
    { .name = "UTCTime Feb 29 2024", .hex = "17 0d '240229000000Z'",
      .err = DER_OK, .off = 1 },

    /* --- GeneralizedTime (X.690 11.7) --- */
    { .name = "GeneralizedTime 99991231235959Z",
      .hex = "18 0f '99991231235959Z'", .err = DER_OK, .off = 1 },
    { .name = "GeneralizedTime fraction .5", .hex = "18 11 '20240101000000.5Z'",
      .err = DER_OK, .off = 1 },
    { .name = "GeneralizedTime fraction .50", .hex = "18 12 '20240101000000.50Z'",
      .err = DER_E_GENTIME, .off = 2 },
    { .name = "GeneralizedTime '.' alone", .hex = "18 10 '20240101000000.Z'",
      .err = DER_E_GENTIME, .off = 2 },
    { .name = "GeneralizedTime no seconds", .hex = "18 0d '202401010000Z'",
      .err = DER_E_GENTIME, .off = 2 },
    { .name = "GeneralizedTime local (no Z)", .hex = "18 0e '20240101000000'",
      .err = DER_E_GENTIME, .off = 2 },
    { .name = "GeneralizedTime with offset",
      .hex = "18 13 '20240101000000+0100'", .err = DER_E_GENTIME, .off = 2 },

    /* --- restricted strings (X.680 41) and UTF-8 (RFC 3629) --- */
    { .name = "PrintableString '@'", .hex = "13 03 'a@b'", .err = DER_E_STRING,
      .off = 2 },
    { .name = "PrintableString '*'", .hex = "13 01 '*'", .err = DER_E_STRING,
      .off = 2 },
    { .name = "PrintableString valid", .hex = "13 0e 'Ab 09(x)+,-./:'",
      .err = DER_OK, .off = 1 },
    { .name = "IA5String 0x80", .hex = "16 01 80", .err = DER_E_STRING,
      .off = 2 },
    { .name = "IA5String with '@' valid", .hex = "16 03 'a@b'", .err = DER_OK,
      .off = 1 },
    { .name = "NumericString with letter", .hex = "12 03 '12a'",
      .err = DER_E_STRING, .off = 2 },
    { .name = "VisibleString DEL", .hex = "1a 01 7f", .err = DER_E_STRING,
      .off = 2 },
    { .name = "UTF8String overlong c0 80", .hex = "0c 02 c0 80",
      .err = DER_E_STRING, .off = 2 },
    { .name = "UTF8String surrogate ed a0 80", .hex = "0c 03 ed a0 80",
      .err = DER_E_STRING, .off = 2 },
    { .name = "UTF8String 2-byte c3 a9", .hex = "0c 02 c3 a9", .err = DER_OK,
      .off = 1 },
    { .name = "UTF8String 3-byte e2 82 ac", .hex = "0c 03 e2 82 ac",
      .err = DER_OK, .off = 1 },
    { .name = "BMPString odd length", .hex = "1e 03 00 41 00",
      .err = DER_E_STRING, .off = 2 },
    { .name = "UniversalString above U+10FFFF", .hex = "1c 04 'TEST'",
      .err = DER_E_STRING, .off = 2 },
    { .name = "UniversalString 'A' valid", .hex = "1c 04 00 00 00 41",
      .err = DER_OK, .off = 1 },
    /* Content errors point at the first contents octet (here 4), not at the
     * bad octet itself (6). */
    { .name = "UTF8String bad octet mid-string, nested",
      .hex = "30 07 0c 05 'ab' c0 80 'c'", .err = DER_E_STRING, .off = 4 },

    /* --- limits --- */
    { .name = "depth limit exactly reached", .hex = "30 04 30 02 30 00",
      .err = DER_OK, .off = 3, .max_depth = 3, .exp_depth = 3 },
    { .name = "depth limit exceeded by one", .hex = "30 04 30 02 30 00",
      .err = DER_E_DEPTH, .off = 4, .max_depth = 2 },
    { .name = "depth 1: a primitive child is too deep", .hex = "30 03 02 01 00",
      .err = DER_E_DEPTH, .off = 2, .max_depth = 1 },
    { .name = "element limit exactly reached",
      .hex = "30 06 02 01 00 02 01 01", .err = DER_OK, .off = 3,
      .max_elements = 3, .exp_depth = 2 },
    { .name = "element limit exceeded by one",
      .hex = "30 06 02 01 00 02 01 01", .err = DER_E_COUNT, .off = 5,
      .max_elements = 2 },
    { .name = "size limit exactly reached", .hex = "30 03 02 01 00",
      .err = DER_OK, .off = 2, .max_input = 5 },
    { .name = "size limit exceeded", .hex = "30 03 02 01 00",
      .err = DER_E_SIZE, .off = 4, .max_input = 4 },
    { .name = "size limit exceeded, origin 100", .hex = "30 03 02 01 00",
      .err = DER_E_SIZE, .off = 104, .origin = 100, .max_input = 4 },

    /* --- a realistic tree --- */
    { .name = "certificate-like tree", .hex = CERT_HEX, .err = DER_OK,
      .off = 34, .exp_depth = 6 },
    { .name = "certificate-like tree, origin 1000", .hex = CERT_HEX,
      .err = DER_OK, .off = 34, .origin = 1000, .exp_depth = 6 },
    { .name = "certificate-like tree, depth 5", .hex = CERT_HEX,
      .err = DER_E_DEPTH, .off = 34, .max_depth = 5 },
    { .name = "certificate-like tree, 33 elements", .hex = CERT_HEX,
      .err = DER_E_COUNT, .off = 221, .max_elements = 33 },
    { .name = "certificate-like tree + one trailing byte", .hex = CERT_HEX " 00",
      .err = DER_E_TRAILING, .off = 232 },
};

static void test_walk_table(void **state)
{
    size_t i, n = sizeof(walk_cases) / sizeof(walk_cases[0]);
    int failed = 0;
    (void)state;
    for (i = 0; i < n; i++) {
        const walk_case *c = &walk_cases[i];
        der_limits lim;
        der_result res;
        size_t len;
        uint8_t *buf = spec_alloc(c->hex, &len);
        der_err e;

        der_limits_default(&lim);
        if (c->max_depth)
            lim.max_depth = c->max_depth;
        if (c->max_elements)
            lim.max_elements = c->max_elements;
        if (c->max_input)
            lim.max_input = c->max_input;
        e = der_walk(buf, len, c->origin, &lim,
                     c->no_contents ? 0u : DER_WALK_CONTENTS, &res);
        ROW_CHECK(failed, e == c->err && res.err == c->err,
                  "[walk] %s: expected %s, got %s (res.err %s, off %zu)\n",
                  c->name, err_name(c->err), err_name(e), err_name(res.err),
                  res.off);
        if (e == c->err && c->err == DER_OK) {
            ROW_CHECK(failed, res.elements == c->off,
                      "[walk] %s: expected %zu elements, got %zu\n", c->name,
                      c->off, res.elements);
            ROW_CHECK(failed, !c->exp_depth || res.max_depth == c->exp_depth,
                      "[walk] %s: expected max_depth %u, got %u\n", c->name,
                      c->exp_depth, res.max_depth);
        } else if (e == c->err) {
            ROW_CHECK(failed, res.off == c->off,
                      "[walk] %s: %s expected at offset %zu, got %zu\n",
                      c->name, err_name(c->err), c->off, res.off);
        }
        free(buf);
    }
    table_summary("der_walk", n, failed);
}

/* n nested SEQUENCEs, innermost 30 00. Returns the buffer; *inner_off gets
 * the offset of the innermost TLV (the sum of the outer headers). */
static uint8_t *nested_seqs(unsigned n, size_t *len, size_t *inner_off)
{
    size_t cap = (size_t)n * 4 + 2, pos = cap, body = 0, hdrs = 0;
    uint8_t *buf = malloc(cap);
    unsigned k;
    assert_non_null(buf);
    assert_true(n >= 1);
    buf[--pos] = 0x00;
    buf[--pos] = 0x30;
    body = 2;
    for (k = 1; k < n; k++) {
        size_t h;
        if (body < 0x80) {
            buf[--pos] = (uint8_t)body;
            h = 2;
        } else if (body < 0x100) {
            buf[--pos] = (uint8_t)body;
            buf[--pos] = 0x81;
            h = 3;
        } else {
            buf[--pos] = (uint8_t)(body & 0xff);
            buf[--pos] = (uint8_t)(body >> 8);
            buf[--pos] = 0x82;
            h = 4;
        }
        buf[--pos] = 0x30;
        body += h;
        hdrs += h;
    }
    memmove(buf, buf + pos, body);
    *len = body;
    *inner_off = hdrs;
    return buf;
}

static void test_walk_depth_cap(void **state)
{
    der_limits lim;
    der_result res;
    size_t len, inner;
    uint8_t *buf;
    (void)state;

    der_limits_default(&lim);
    assert_int_equal(lim.max_input, (size_t)16 * 1024 * 1024);
    assert_int_equal(lim.max_depth, 64);
    assert_int_equal(lim.max_elements, 1000000);

    /* default depth 64: 64 levels pass, 65 fail at the innermost */
    buf = nested_seqs(64, &len, &inner);
    assert_int_equal(der_walk(buf, len, 0, &lim, DER_WALK_CONTENTS, &res), DER_OK);
    assert_int_equal(res.elements, 64);
    assert_int_equal(res.max_depth, 64);
    free(buf);
    buf = nested_seqs(65, &len, &inner);
    assert_int_equal(der_walk(buf, len, 0, &lim, DER_WALK_CONTENTS, &res),
                     DER_E_DEPTH);
    assert_int_equal(res.off, inner);
    free(buf);

    /* a configured depth above DER_DEPTH_CAP is capped at 256 */
    lim.max_depth = 100000;
    buf = nested_seqs(DER_DEPTH_CAP, &len, &inner);
    assert_int_equal(der_walk(buf, len, 0, &lim, DER_WALK_CONTENTS, &res), DER_OK);
    assert_int_equal(res.elements, DER_DEPTH_CAP);
    assert_int_equal(res.max_depth, DER_DEPTH_CAP);
    free(buf);
    buf = nested_seqs(DER_DEPTH_CAP + 1, &len, &inner);
    assert_int_equal(der_walk(buf, len, 7, &lim, DER_WALK_CONTENTS, &res),
                     DER_E_DEPTH);
    assert_int_equal(res.off, 7 + inner);
    free(buf);
}

/* ------------------------------------------------------- INTEGER readers */

typedef struct int_case {
    const char *name;
    const char *hex;
    der_err err;
    int64_t i;
    uint64_t u;
} int_case;

static const int_case i64_cases[] = {
    { "0", "00", DER_OK, 0, 0 },
    { "127", "7f", DER_OK, 127, 0 },
    { "128 as 00 80", "00 80", DER_OK, 128, 0 },
    { "-1 as ff", "ff", DER_OK, -1, 0 },
    { "-128 as 80", "80", DER_OK, -128, 0 },
    { "-129 as ff 7f", "ff 7f", DER_OK, -129, 0 },
    { "256 as 01 00", "01 00", DER_OK, 256, 0 },
    { "INT64_MIN", "80 00 00 00 00 00 00 00", DER_OK, INT64_MIN, 0 },
    { "INT64_MAX", "7f ff ff ff ff ff ff ff", DER_OK, INT64_MAX, 0 },
    { "2^63 (9 bytes) rejected", "00 80 00 00 00 00 00 00 00", DER_E_INTEGER, 0, 0 },
    { "-2^63-1 (9 bytes) rejected", "ff 7f ff ff ff ff ff ff ff", DER_E_INTEGER, 0, 0 },
    { "empty rejected", "", DER_E_INTEGER, 0, 0 },
    { "00 7f rejected", "00 7f", DER_E_INTEGER, 0, 0 },
    { "ff 80 rejected", "ff 80", DER_E_INTEGER, 0, 0 },
};

static const int_case u64_cases[] = {
    { "0", "00", DER_OK, 0, 0 },
    { "127", "7f", DER_OK, 0, 127 },
    { "128 as 00 80", "00 80", DER_OK, 0, 128 },
    { "INT64_MAX", "7f ff ff ff ff ff ff ff", DER_OK, 0, INT64_MAX },
    { "2^63", "00 80 00 00 00 00 00 00 00", DER_OK, 0, UINT64_C(1) << 63 },
    { "2^64-1 as 00 ff*8", "00 ff ff ff ff ff ff ff ff", DER_OK, 0, UINT64_MAX },
    { "-1 rejected", "ff", DER_E_INTEGER, 0, 0 },
    { "-128 rejected", "80", DER_E_INTEGER, 0, 0 },
    { "2^64 (9 bytes, 01 ...) rejected", "01 00 00 00 00 00 00 00 00", DER_E_INTEGER, 0, 0 },
    { "10 bytes rejected", "00 80 00 00 00 00 00 00 00 00", DER_E_INTEGER, 0, 0 },
    { "empty rejected", "", DER_E_INTEGER, 0, 0 },
    { "00 7f rejected", "00 7f", DER_E_INTEGER, 0, 0 },
};

static void test_int_tables(void **state)
{
    size_t i, n1 = sizeof(i64_cases) / sizeof(i64_cases[0]);
    size_t n2 = sizeof(u64_cases) / sizeof(u64_cases[0]);
    int failed = 0;
    (void)state;
    for (i = 0; i < n1; i++) {
        const int_case *c = &i64_cases[i];
        size_t len;
        uint8_t *v = spec_alloc(c->hex, &len);
        int64_t out = 0x5a5a;
        der_err e = der_int_to_i64(v, len, &out);
        ROW_CHECK(failed, e == c->err, "[i64] %s: expected %s, got %s\n",
                  c->name, err_name(c->err), err_name(e));
        ROW_CHECK(failed, e != DER_OK || c->err != DER_OK || out == c->i,
                  "[i64] %s: expected %lld, got %lld\n", c->name,
                  (long long)c->i, (long long)out);
        free(v);
    }
    for (i = 0; i < n2; i++) {
        const int_case *c = &u64_cases[i];
        size_t len;
        uint8_t *v = spec_alloc(c->hex, &len);
        uint64_t out = 0x5a5a;
        der_err e = der_int_to_u64(v, len, &out);
        ROW_CHECK(failed, e == c->err, "[u64] %s: expected %s, got %s\n",
                  c->name, err_name(c->err), err_name(e));
        ROW_CHECK(failed, e != DER_OK || c->err != DER_OK || out == c->u,
                  "[u64] %s: expected %llu, got %llu\n", c->name,
                  (unsigned long long)c->u, (unsigned long long)out);
        free(v);
    }
    table_summary("der_int_to_i64/u64", n1 + n2, failed);
}

/* ------------------------------------------------- BOOLEAN, BIT STRING */

typedef struct bool_case {
    const char *name;
    const char *hex;
    der_err err;
    bool val;
} bool_case;

static const bool_case bool_cases[] = {
    { "00 is FALSE", "00", DER_OK, false },
    { "ff is TRUE", "ff", DER_OK, true },
    { "01 rejected", "01", DER_E_BOOLEAN, false },
    { "fe rejected", "fe", DER_E_BOOLEAN, false },
    { "empty rejected", "", DER_E_BOOLEAN, false },
    { "00 00 rejected", "00 00", DER_E_BOOLEAN, false },
};

typedef struct bits_case {
    const char *name;
    const char *hex;
    der_err err;
    size_t nbits;
} bits_case;

static const bits_case bits_cases[] = {
    { "empty, unused 0", "00", DER_OK, 0 },
    { "one octet, unused 0", "00 a5", DER_OK, 8 },
    { "two octets", "00 ff ff", DER_OK, 16 },
    { "6 unused, padding zero", "06 40", DER_OK, 2 },
    { "7 unused, 1 bit", "07 80", DER_OK, 1 },
    { "3 unused over two octets", "03 ff f8", DER_OK, 13 },
    { "7 unused, padding bit set", "07 81", DER_E_BITSTRING, 0 },
    { "3 unused, padding bit 2 set", "03 ff f4", DER_E_BITSTRING, 0 },
    { "unused 8", "08 00", DER_E_BITSTRING, 0 },
    { "unused ff", "ff 00", DER_E_BITSTRING, 0 },
    { "empty with unused 1", "01", DER_E_BITSTRING, 0 },
    { "no octets at all", "", DER_E_BITSTRING, 0 },
};

static void test_bool_bits_tables(void **state)
{
    size_t i, n1 = sizeof(bool_cases) / sizeof(bool_cases[0]);
    size_t n2 = sizeof(bits_cases) / sizeof(bits_cases[0]);
    int failed = 0;
    (void)state;
    for (i = 0; i < n1; i++) {
        const bool_case *c = &bool_cases[i];
        size_t len;
        uint8_t *v = spec_alloc(c->hex, &len);
        bool out = !c->val;
        der_err e = der_bool(v, len, &out);
        ROW_CHECK(failed, e == c->err, "[bool] %s: expected %s, got %s\n",
                  c->name, err_name(c->err), err_name(e));
        ROW_CHECK(failed, e != DER_OK || c->err != DER_OK || out == c->val,
                  "[bool] %s: wrong value\n", c->name);
        free(v);
    }
    for (i = 0; i < n2; i++) {
        const bits_case *c = &bits_cases[i];
        size_t len, nbits = 12345;
        uint8_t *v = spec_alloc(c->hex, &len);
        const uint8_t *bits = NULL;
        der_err e = der_bitstring(v, len, &bits, &nbits);
        ROW_CHECK(failed, e == c->err, "[bits] %s: expected %s, got %s\n",
                  c->name, err_name(c->err), err_name(e));
        if (e == DER_OK && c->err == DER_OK) {
            ROW_CHECK(failed, nbits == c->nbits,
                      "[bits] %s: expected %zu bits, got %zu\n", c->name,
                      c->nbits, nbits);
            ROW_CHECK(failed, bits == v + 1,
                      "[bits] %s: bits does not point after the unused octet\n",
                      c->name);
        }
        free(v);
    }
    table_summary("der_bool/der_bitstring", n1 + n2, failed);
}

/* ------------------------------------------------------------- OID text */

typedef struct oid_case {
    const char *name;
    const char *hex;
    der_err err;
    const char *text; /* expected text when OK */
    size_t cap;       /* 0: a 256-byte buffer */
} oid_case;

static const oid_case oid_cases[] = {
    { "ecdsa-with-SHA256", "2a 86 48 ce 3d 04 03 02", DER_OK,
      "1.2.840.10045.4.3.2", 0 },
    { "2.23.146.1.2.1.0 (GSMA)", "67 81 12 01 02 01 00", DER_OK,
      "2.23.146.1.2.1.0", 0 },
    { "0.0", "00", DER_OK, "0.0", 0 },
    { "0.39", "27", DER_OK, "0.39", 0 },
    { "1.0", "28", DER_OK, "1.0", 0 },
    { "1.39", "4f", DER_OK, "1.39", 0 },
    { "2.0", "50", DER_OK, "2.0", 0 },
    { "2.39 (0x77)", "77", DER_OK, "2.39", 0 },
    { "2.47 (0x7f)", "7f", DER_OK, "2.47", 0 },
    { "2.48 (81 00)", "81 00", DER_OK, "2.48", 0 },
    { "1.3.6.1", "2b 06 01", DER_OK, "1.3.6.1", 0 },
    { "2.999", "88 37", DER_OK, "2.999", 0 },
    { "1.2.98305 (0x80 inside an arc)", "2a 86 80 01", DER_OK, "1.2.98305", 0 },
    { "1.2.2^64", "2a 82 80 80 80 80 80 80 80 80 00", DER_OK,
      "1.2.18446744073709551616", 0 },
    { "2.2^64 (first arc over 64 bits)", "82 80 80 80 80 80 80 80 80 50",
      DER_OK, "2.18446744073709551616", 0 },
    { "2.25.<UUID f81d4fae-7dec-11d0-a765-00a0c91e6bf6>",
      "69 83 f0 9d a7 eb cf de e0 c7 a1 a7 b2 c0 94 8c c8 f9 d7 76", DER_OK,
      "2.25.329800735698586629295641978511506172918", 0 },
    { "empty", "", DER_E_OID, NULL, 0 },
    { "leading 0x80 first arc", "80 01", DER_E_OID, NULL, 0 },
    { "leading 0x80 later arc", "2a 80 01", DER_E_OID, NULL, 0 },
    { "truncated last arc", "2a 86", DER_E_OID, NULL, 0 },
    { "truncated single octet", "81", DER_E_OID, NULL, 0 },
    { "cap 4 for 1.3.6.1", "2b 06 01", DER_E_SIZE, NULL, 4 },
    { "cap 1 for 0.0", "00", DER_E_SIZE, NULL, 1 },
    /* der.h: "DER_E_SIZE when the text does not fit in cap": "1.3.6.1"
     * needs exactly 8 bytes with the NUL (an earlier version compared cap
     * with an upper bound and failed here). */
    { "exact-fit cap 8 for 1.3.6.1", "2b 06 01", DER_OK, "1.3.6.1", 8 },
};

static void test_oid_table(void **state)
{
    size_t i, n = sizeof(oid_cases) / sizeof(oid_cases[0]);
    int failed = 0;
    (void)state;
    for (i = 0; i < n; i++) {
        const oid_case *c = &oid_cases[i];
        size_t len, needed = 0, cap = c->cap ? c->cap : 256;
        uint8_t *v = spec_alloc(c->hex, &len);
        char *out = malloc(cap); /* exact size: ASan checks the cap */
        der_err e;
        assert_non_null(out);
        e = der_oid_to_text(v, len, out, cap, &needed);
        ROW_CHECK(failed, e == c->err, "[oid] %s: expected %s, got %s\n",
                  c->name, err_name(c->err), err_name(e));
        if (e == DER_OK && c->err == DER_OK) {
            ROW_CHECK(failed, strcmp(out, c->text) == 0,
                      "[oid] %s: expected \"%s\", got \"%s\"\n", c->name,
                      c->text, out);
            ROW_CHECK(failed, needed == strlen(c->text) + 1,
                      "[oid] %s: needed %zu, expected %zu\n", c->name, needed,
                      strlen(c->text) + 1);
        }
        if (e == DER_E_SIZE && c->err == DER_E_SIZE)
            ROW_CHECK(failed, needed > cap,
                      "[oid] %s: needed %zu should exceed cap %zu\n", c->name,
                      needed, cap);
        free(out);
        free(v);
    }
    table_summary("der_oid_to_text", n, failed);
}

/* The two-call pattern: ask the size with cap 0, then convert. */
static void test_oid_size_query(void **state)
{
    static const uint8_t v[] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02};
    size_t needed = 0, needed2 = 0;
    char *out;
    (void)state;
    assert_int_equal(der_oid_to_text(v, sizeof(v), NULL, 0, &needed), DER_E_SIZE);
    assert_true(needed >= sizeof("1.2.840.10045.4.3.2"));
    out = malloc(needed);
    assert_non_null(out);
    assert_int_equal(der_oid_to_text(v, sizeof(v), out, needed, &needed2), DER_OK);
    assert_string_equal(out, "1.2.840.10045.4.3.2");
    assert_int_equal(needed2, sizeof("1.2.840.10045.4.3.2"));
    assert_int_equal(der_oid_to_text(v, sizeof(v), out, needed, NULL), DER_OK);
    free(out);
}

/* ----------------------------------------------------------------- times */

typedef struct time_case {
    const char *name;
    bool gen;          /* GeneralizedTime, else UTCTime */
    const char *text;
    der_err err;
    der_time t;
    int64_t unix_time;
} time_case;

#define TM(y, mo, d, h, mi, s) { (y), (mo), (d), (h), (mi), (s) }
#define UTC_BAD(n, s) { n, false, s, DER_E_UTCTIME, TM(0, 0, 0, 0, 0, 0), 0 }
#define GEN_BAD(n, s) { n, true, s, DER_E_GENTIME, TM(0, 0, 0, 0, 0, 0), 0 }

static const time_case time_cases[] = {
    { "UTC epoch", false, "700101000000Z", DER_OK, TM(1970, 1, 1, 0, 0, 0), 0 },
    { "UTC 2000-03-01", false, "000301000000Z", DER_OK, TM(2000, 3, 1, 0, 0, 0),
      951868800 },
    { "UTC 50 is 1950", false, "500101000000Z", DER_OK, TM(1950, 1, 1, 0, 0, 0),
      -631152000 },
    { "UTC 49 is 2049", false, "491231235959Z", DER_OK,
      TM(2049, 12, 31, 23, 59, 59), 2524607999 },
    { "UTC 1969-12-31T23:59:59", false, "691231235959Z", DER_OK,
      TM(1969, 12, 31, 23, 59, 59), -1 },
    { "UTC Feb 29 2024", false, "240229000000Z", DER_OK, TM(2024, 2, 29, 0, 0, 0),
      1709164800 },
    { "UTC Feb 29 2000", false, "000229123456Z", DER_OK,
      TM(2000, 2, 29, 12, 34, 56), 951827696 },
    { "UTC 2023-01-01T12:00", false, "230101120000Z", DER_OK,
      TM(2023, 1, 1, 12, 0, 0), 1672574400 },
    UTC_BAD("UTC Feb 29 2023", "230229000000Z"),
    UTC_BAD("UTC month 13", "231301000000Z"),
    UTC_BAD("UTC month 0", "230001000000Z"),
    UTC_BAD("UTC day 0", "230100000000Z"),
    UTC_BAD("UTC April 31", "230431000000Z"),
    UTC_BAD("UTC hour 24", "230101240000Z"),
    UTC_BAD("UTC minute 60", "230101126000Z"),
    UTC_BAD("UTC second 60", "230101120060Z"),
    UTC_BAD("UTC no seconds", "2301011200Z"),
    UTC_BAD("UTC no Z", "230101120000"),
    UTC_BAD("UTC 13 chars, no Z", "2301011200000"),
    UTC_BAD("UTC offset", "230101120000+0100"),
    UTC_BAD("UTC non-digit", "23010112000aZ"),
    UTC_BAD("UTC lower-case z", "230101120000z"),
    { "Gen epoch", true, "19700101000000Z", DER_OK, TM(1970, 1, 1, 0, 0, 0), 0 },
    { "Gen 2000-03-01", true, "20000301000000Z", DER_OK, TM(2000, 3, 1, 0, 0, 0),
      951868800 },
    { "Gen 9999-12-31T23:59:59", true, "99991231235959Z", DER_OK,
      TM(9999, 12, 31, 23, 59, 59), 253402300799 },
    { "Gen fraction .5", true, "20240101000000.5Z", DER_OK,
      TM(2024, 1, 1, 0, 0, 0), 1704067200 },
    { "Gen fraction .123", true, "20240101000000.123Z", DER_OK,
      TM(2024, 1, 1, 0, 0, 0), 1704067200 },
    { "Gen Feb 29 2000", true, "20000229000000Z", DER_OK, TM(2000, 2, 29, 0, 0, 0),
      951782400 },
    { "Gen year 1", true, "00010101000000Z", DER_OK, TM(1, 1, 1, 0, 0, 0),
      -62135596800 },
    GEN_BAD("Gen fraction .50", "20240101000000.50Z"),
    GEN_BAD("Gen fraction .0", "20240101000000.0Z"),
    GEN_BAD("Gen '.' alone", "20240101000000.Z"),
    GEN_BAD("Gen comma", "20240101000000,5Z"),
    GEN_BAD("Gen non-digit fraction", "20240101000000.5aZ"),
    GEN_BAD("Gen no seconds", "202401010000Z"),
    GEN_BAD("Gen 14 chars with Z", "2024010100000Z"),
    GEN_BAD("Gen local time", "20240101000000"),
    GEN_BAD("Gen offset", "20240101000000+0100"),
    GEN_BAD("Gen Feb 29 1900", "19000229000000Z"),
    GEN_BAD("Gen hour 24", "20240101240000Z"),
};

static void test_time_table(void **state)
{
    size_t i, n = sizeof(time_cases) / sizeof(time_cases[0]);
    int failed = 0;
    (void)state;
    for (i = 0; i < n; i++) {
        const time_case *c = &time_cases[i];
        size_t len = strlen(c->text);
        uint8_t *v = malloc(len);
        der_time t;
        der_err e;
        assert_non_null(v);
        memcpy(v, c->text, len);
        memset(&t, 0x55, sizeof(t));
        e = c->gen ? der_gentime(v, len, &t) : der_utctime(v, len, &t);
        ROW_CHECK(failed, e == c->err, "[time] %s: expected %s, got %s\n",
                  c->name, err_name(c->err), err_name(e));
        if (e == DER_OK && c->err == DER_OK) {
            ROW_CHECK(failed,
                      t.year == c->t.year && t.month == c->t.month &&
                          t.day == c->t.day && t.hour == c->t.hour &&
                          t.minute == c->t.minute && t.second == c->t.second,
                      "[time] %s: got %04d-%02d-%02dT%02d:%02d:%02d\n", c->name,
                      t.year, t.month, t.day, t.hour, t.minute, t.second);
            ROW_CHECK(failed, der_time_to_unix(&t) == c->unix_time,
                      "[time] %s: unix %lld, expected %lld\n", c->name,
                      (long long)der_time_to_unix(&t),
                      (long long)c->unix_time);
        }
        free(v);
    }
    table_summary("der_utctime/der_gentime/der_time_to_unix", n, failed);
}

/* ------------------------------------------------------------- alphabets */

enum alpha { A_PRINTABLE, A_IA5, A_UTF8, A_NUMERIC, A_VISIBLE, A_BMP, A_UNIVERSAL };

typedef struct alpha_case {
    const char *name;
    enum alpha kind;
    const char *hex;
    der_err err;
} alpha_case;

static const alpha_case alpha_cases[] = {
    { "Printable empty", A_PRINTABLE, "", DER_OK },
    { "Printable full set", A_PRINTABLE,
      "'AZaz09 ' 27 '()+,-./:=?'", DER_OK },
    { "Printable '@'", A_PRINTABLE, "'a@b'", DER_E_STRING },
    { "Printable '*'", A_PRINTABLE, "'*'", DER_E_STRING },
    { "Printable '&'", A_PRINTABLE, "'&'", DER_E_STRING },
    { "Printable '_'", A_PRINTABLE, "'_'", DER_E_STRING },
    { "Printable NUL", A_PRINTABLE, "'a' 00", DER_E_STRING },
    { "Printable 0xe9", A_PRINTABLE, "e9", DER_E_STRING },
    { "IA5 NUL and DEL", A_IA5, "00 7f 'a@'", DER_OK },
    { "IA5 0x80", A_IA5, "'ab' 80", DER_E_STRING },
    { "IA5 0xff", A_IA5, "ff", DER_E_STRING },
    { "Numeric digits and space", A_NUMERIC, "'0123 456789'", DER_OK },
    { "Numeric letter", A_NUMERIC, "'12a'", DER_E_STRING },
    { "Numeric '+'", A_NUMERIC, "'+1'", DER_E_STRING },
    { "Visible space and tilde", A_VISIBLE, "' ~'", DER_OK },
    { "Visible DEL", A_VISIBLE, "7f", DER_E_STRING },
    { "Visible TAB", A_VISIBLE, "09", DER_E_STRING },
    { "Visible 0x80", A_VISIBLE, "80", DER_E_STRING },
    { "UTF8 ASCII", A_UTF8, "'abc'", DER_OK },
    { "UTF8 2-byte c3 a9", A_UTF8, "c3 a9", DER_OK },
    { "UTF8 3-byte e2 82 ac", A_UTF8, "e2 82 ac", DER_OK },
    { "UTF8 4-byte f0 9f 98 80", A_UTF8, "f0 9f 98 80", DER_OK },
    { "UTF8 U+10FFFF", A_UTF8, "f4 8f bf bf", DER_OK },
    { "UTF8 U+FFFF (ef bf bf)", A_UTF8, "ef bf bf", DER_OK },
    { "UTF8 overlong c0 80", A_UTF8, "c0 80", DER_E_STRING },
    { "UTF8 overlong c1 bf", A_UTF8, "c1 bf", DER_E_STRING },
    { "UTF8 overlong e0 80 80", A_UTF8, "e0 80 80", DER_E_STRING },
    { "UTF8 overlong f0 8f bf bf", A_UTF8, "f0 8f bf bf", DER_E_STRING },
    { "UTF8 surrogate ed a0 80", A_UTF8, "ed a0 80", DER_E_STRING },
    { "UTF8 surrogate ed bf bf", A_UTF8, "ed bf bf", DER_E_STRING },
    { "UTF8 above U+10FFFF", A_UTF8, "f4 90 80 80", DER_E_STRING },
    { "UTF8 f5 lead", A_UTF8, "f5 80 80 80", DER_E_STRING },
    { "UTF8 lone continuation", A_UTF8, "'a' 80", DER_E_STRING },
    { "UTF8 truncated 2-byte", A_UTF8, "'a' c3", DER_E_STRING },
    { "UTF8 truncated 3-byte", A_UTF8, "e2 82", DER_E_STRING },
    { "UTF8 bad continuation", A_UTF8, "c3 28", DER_E_STRING },
    { "BMP empty", A_BMP, "", DER_OK },
    { "BMP 'A' and U+FFFD", A_BMP, "00 41 ff fd", DER_OK },
    { "BMP odd length", A_BMP, "00 41 00", DER_E_STRING },
    { "BMP surrogate d800", A_BMP, "00 41 d8 00", DER_E_STRING },
    { "BMP surrogate dfff", A_BMP, "df ff", DER_E_STRING },
    { "Universal 'A' and U+10FFFF", A_UNIVERSAL, "00 00 00 41 00 10 ff ff", DER_OK },
    { "Universal length 6", A_UNIVERSAL, "00 00 00 41 00 00", DER_E_STRING },
    { "Universal above U+10FFFF", A_UNIVERSAL, "00 11 00 00", DER_E_STRING },
    { "Universal ASCII bytes (not UCS-4)", A_UNIVERSAL, "'TEST'", DER_E_STRING },
    { "Universal surrogate", A_UNIVERSAL, "00 00 dc 00", DER_E_STRING },
};

static void test_alpha_table(void **state)
{
    size_t i, n = sizeof(alpha_cases) / sizeof(alpha_cases[0]);
    int failed = 0;
    (void)state;
    for (i = 0; i < n; i++) {
        const alpha_case *c = &alpha_cases[i];
        size_t len;
        uint8_t *v = spec_alloc(c->hex, &len);
        der_err e = DER_OK;
        switch (c->kind) {
        case A_PRINTABLE: e = der_printable_check(v, len); break;
        case A_IA5: e = der_ia5_check(v, len); break;
        case A_UTF8: e = der_utf8_check(v, len); break;
        case A_NUMERIC: e = der_numeric_check(v, len); break;
        case A_VISIBLE: e = der_visible_check(v, len); break;
        case A_BMP: e = der_bmp_check(v, len); break;
        case A_UNIVERSAL: e = der_universal_check(v, len); break;
        }
        ROW_CHECK(failed, e == c->err, "[alpha] %s: expected %s, got %s\n",
                  c->name, err_name(c->err), err_name(e));
        free(v);
    }
    table_summary("string alphabets", n, failed);
}

/* ---------------------------------------------------------------- cursor */

/* 30 06 { 02 01 05, 04 01 aa } 05 00, read at origin 100. */
static void test_cursor_read_peek(void **state)
{
    static const uint8_t buf[] = {0x30, 0x06, 0x02, 0x01, 0x05, 0x04,
                                  0x01, 0xaa, 0x05, 0x00};
    der_cursor c, in;
    der_tlv t, t2;
    size_t err_off = 999;
    (void)state;

    der_cursor_init(&c, buf, sizeof(buf), 100);
    assert_int_equal(der_cursor_remaining(&c), 10);
    assert_int_equal(der_cursor_offset(&c), 100);

    /* peek: header decoded, cursor unchanged */
    assert_int_equal(der_peek_tlv(&c, &t, &err_off), DER_OK);
    assert_ptr_equal(c.p, buf);
    assert_int_equal(der_cursor_offset(&c), 100);
    assert_int_equal(t.cls, DER_CLASS_UNIVERSAL);
    assert_true(t.constructed);
    assert_int_equal(t.tag, DER_TAG_SEQUENCE);
    assert_int_equal(t.off, 100);
    assert_int_equal(t.hdr_len, 2);
    assert_int_equal(t.len, 6);
    assert_ptr_equal(t.val, buf + 2);
    assert_int_equal(der_tlv_size(&t), 8);
    /* peek again (NULL err_off): same answer */
    assert_int_equal(der_peek_tlv(&c, &t2, NULL), DER_OK);
    assert_int_equal(t2.off, 100);
    assert_ptr_equal(c.p, buf);

    /* read: advances past the whole TLV */
    assert_int_equal(der_read_tlv(&c, &t, &err_off), DER_OK);
    assert_ptr_equal(c.p, buf + 8);
    assert_int_equal(der_cursor_offset(&c), 108);
    assert_int_equal(der_cursor_remaining(&c), 2);
    assert_false(der_cursor_done(&c));

    /* enter: children have absolute offsets */
    der_cursor_enter(&in, &t);
    assert_int_equal(der_cursor_offset(&in), 102);
    assert_int_equal(der_cursor_remaining(&in), 6);
    assert_int_equal(der_read_tlv(&in, &t2, NULL), DER_OK);
    assert_int_equal(t2.tag, DER_TAG_INTEGER);
    assert_false(t2.constructed);
    assert_int_equal(t2.off, 102);
    assert_int_equal(t2.len, 1);
    assert_int_equal(t2.val[0], 0x05);
    assert_int_equal(der_read_tlv(&in, &t2, NULL), DER_OK);
    assert_int_equal(t2.tag, DER_TAG_OCTET_STRING);
    assert_int_equal(t2.off, 105);
    assert_ptr_equal(t2.val, buf + 7);
    assert_true(der_cursor_done(&in));
    assert_int_equal(der_cursor_offset(&in), 108);
    /* reading at the end of a span: EMPTY at the end offset */
    assert_int_equal(der_read_tlv(&in, &t2, &err_off), DER_E_EMPTY);
    assert_int_equal(err_off, 108);

    /* the trailing NULL of the outer span */
    assert_int_equal(der_read_tlv(&c, &t, NULL), DER_OK);
    assert_int_equal(t.tag, DER_TAG_NULL);
    assert_int_equal(t.off, 108);
    assert_int_equal(t.len, 0);
    assert_true(der_cursor_done(&c));
    assert_int_equal(der_cursor_offset(&c), 110);
}

/* Nested, non-zero origin, high tags: 7f 21 81 84 { 5f 20 01 aa,
 * bf 81 00 7c { 04 7a ... } }: offsets of nested TLVs are absolute. */
static void test_cursor_enter_origin(void **state)
{
    uint8_t buf[4 + 4 + 4 + 2 + 122];
    der_cursor c, in, in2;
    der_tlv t, t2, t3;
    size_t i;
    (void)state;

    buf[0] = 0x7f; buf[1] = 0x21; buf[2] = 0x81; buf[3] = 0x84;
    buf[4] = 0x5f; buf[5] = 0x20; buf[6] = 0x01; buf[7] = 0xaa;
    buf[8] = 0xbf; buf[9] = 0x81; buf[10] = 0x00; buf[11] = 0x7c;
    buf[12] = 0x04; buf[13] = 0x7a;
    for (i = 14; i < sizeof(buf); i++)
        buf[i] = (uint8_t)i;
    assert_int_equal(sizeof(buf), 4 + 0x84);

    der_cursor_init(&c, buf, sizeof(buf), 5000);
    assert_int_equal(der_read_tlv(&c, &t, NULL), DER_OK);
    assert_int_equal(t.cls, DER_CLASS_APPLICATION);
    assert_true(t.constructed);
    assert_int_equal(t.tag, 33);
    assert_int_equal(t.off, 5000);
    assert_int_equal(t.hdr_len, 4);
    assert_int_equal(t.len, 0x84);
    assert_true(der_cursor_done(&c));

    der_cursor_enter(&in, &t);
    assert_int_equal(der_cursor_offset(&in), 5004);
    assert_int_equal(der_read_tlv(&in, &t2, NULL), DER_OK);
    assert_int_equal(t2.cls, DER_CLASS_APPLICATION);
    assert_int_equal(t2.tag, 32);
    assert_int_equal(t2.off, 5004);
    assert_int_equal(t2.hdr_len, 3);
    assert_int_equal(der_peek_tlv(&in, &t2, NULL), DER_OK);
    assert_int_equal(t2.cls, DER_CLASS_CONTEXT);
    assert_int_equal(t2.tag, 128);
    assert_int_equal(t2.off, 5008);
    assert_int_equal(t2.hdr_len, 4);
    assert_int_equal(der_read_tlv(&in, &t2, NULL), DER_OK);
    assert_true(der_cursor_done(&in));

    der_cursor_enter(&in2, &t2);
    assert_int_equal(der_cursor_offset(&in2), 5012);
    assert_int_equal(der_read_tlv(&in2, &t3, NULL), DER_OK);
    assert_int_equal(t3.tag, DER_TAG_OCTET_STRING);
    assert_int_equal(t3.off, 5012);
    assert_int_equal(t3.len, 122);
    assert_ptr_equal(t3.val, buf + 14);
    assert_true(der_cursor_done(&in2));
}

/* Errors leave the cursor unchanged and report absolute offsets. */
static void test_cursor_errors(void **state)
{
    /* 30 05 { 02 01 00, 04 05 01 } : the OCTET STRING runs past its parent
     * although the outer buffer has more bytes after it. */
    static const uint8_t buf[] = {0x30, 0x05, 0x02, 0x01, 0x00, 0x04, 0x05,
                                  0x01, 0x02, 0x03, 0x04, 0x05};
    static const uint8_t indef[] = {0x30, 0x80, 0x00, 0x00};
    der_cursor c, in;
    der_tlv t, t2;
    size_t err_off = 0;
    const uint8_t *p0;
    (void)state;

    der_cursor_init(&c, buf, 7, 40);
    assert_int_equal(der_read_tlv(&c, &t, &err_off), DER_OK);
    der_cursor_enter(&in, &t);
    assert_int_equal(der_read_tlv(&in, &t2, &err_off), DER_OK);
    p0 = in.p;
    assert_int_equal(der_read_tlv(&in, &t2, &err_off), DER_E_TRUNCATED);
    assert_int_equal(err_off, 47); /* 40 + 5 (TLV) + 2 (header) */
    assert_ptr_equal(in.p, p0);
    assert_int_equal(der_cursor_offset(&in), 45);
    err_off = 0;
    assert_int_equal(der_peek_tlv(&in, &t2, &err_off), DER_E_TRUNCATED);
    assert_int_equal(err_off, 47);

    der_cursor_init(&c, indef, sizeof(indef), 3);
    assert_int_equal(der_read_tlv(&c, &t, &err_off), DER_E_INDEFINITE);
    assert_int_equal(err_off, 4);
    assert_ptr_equal(c.p, indef);
    assert_int_equal(der_cursor_offset(&c), 3);
    assert_int_equal(der_read_tlv(&c, &t, NULL), DER_E_INDEFINITE);
}

/* der_check_universal reports at the first contents octet and ignores
 * non-universal and constructed values. */
static void test_check_universal(void **state)
{
    static const uint8_t bad_bool[] = {0x01, 0x01, 0x01};
    static const uint8_t ctx_bool[] = {0x81, 0x01, 0x01};
    der_cursor c;
    der_tlv t;
    size_t off = 0;
    (void)state;

    der_cursor_init(&c, bad_bool, sizeof(bad_bool), 20);
    assert_int_equal(der_read_tlv(&c, &t, NULL), DER_OK);
    assert_int_equal(der_check_universal(&t, &off), DER_E_BOOLEAN);
    assert_int_equal(off, 22);

    der_cursor_init(&c, ctx_bool, sizeof(ctx_bool), 0);
    assert_int_equal(der_read_tlv(&c, &t, NULL), DER_OK);
    assert_int_equal(t.cls, DER_CLASS_CONTEXT);
    assert_int_equal(t.tag, 1);
    assert_int_equal(der_check_universal(&t, &off), DER_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_walk_table),
        cmocka_unit_test(test_walk_depth_cap),
        cmocka_unit_test(test_int_tables),
        cmocka_unit_test(test_bool_bits_tables),
        cmocka_unit_test(test_oid_table),
        cmocka_unit_test(test_oid_size_query),
        cmocka_unit_test(test_time_table),
        cmocka_unit_test(test_alpha_table),
        cmocka_unit_test(test_cursor_read_peek),
        cmocka_unit_test(test_cursor_enter_origin),
        cmocka_unit_test(test_cursor_errors),
        cmocka_unit_test(test_check_universal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
