/*
 * test_fuzz_dict.c - the fuzz dictionaries tools/make_dict.c generates at
 * build time (ESV_DICT_DIR, set by the Makefile): every line in the
 * libFuzzer / AFL format, and specific entries from each source present
 * in the targets they belong to, and absent where they do not.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#ifndef ESV_DICT_DIR
#define ESV_DICT_DIR "build/dict"
#endif

#define MAX_ENTRIES 4096

typedef struct dict {
    struct {
        uint8_t b[64];
        size_t len;
    } e[MAX_ENTRIES];
    size_t n;
} dict;

static int hexval(int c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Reads ESV_DICT_DIR/<target>.dict; fails the test on any line that is
 * not a comment or name="\xHH..." with a name of [A-Za-z0-9_]. */
static void load(dict *d, const char *target)
{
    char path[512], line[1024];
    FILE *f;
    snprintf(path, sizeof(path), "%s/%s.dict", ESV_DICT_DIR, target);
    f = fopen(path, "r");
    if (f == NULL) {
        fprintf(stderr, "cannot open %s\n", path);
        fail();
    }
    d->n = 0;
    while (fgets(line, sizeof(line), f) != NULL) {
        char *p = line;
        size_t k = 0;
        if (line[0] == '#')
            continue;
        while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_')
            p++;
        assert_true(p > line);
        assert_int_equal(p[0], '=');
        assert_int_equal(p[1], '"');
        p += 2;
        while (p[0] == '\\' && p[1] == 'x') {
            int hi = hexval(p[2]), lo = hexval(p[3]);
            assert_true(hi >= 0 && lo >= 0 && k < sizeof(d->e[0].b));
            d->e[d->n].b[k++] = (uint8_t)(hi * 16 + lo);
            p += 4;
        }
        assert_int_equal(p[0], '"');
        assert_int_equal(p[1], '\n');
        assert_true(k > 0);
        assert_true(d->n < MAX_ENTRIES);
        d->e[d->n++].len = k;
    }
    fclose(f);
    assert_true(d->n > 0);
}

static int has(const dict *d, const char *bytes, size_t len)
{
    size_t i;
    for (i = 0; i < d->n; i++)
        if (d->e[i].len == len && memcmp(d->e[i].b, bytes, len) == 0)
            return 1;
    return 0;
}

#define HAS(d, lit) has((d), (lit), sizeof(lit) - 1)

static dict dc;

/* prime256v1 1.2.840.10045.3.1.7 and the rest of what lib/pki compares */
static const char P256[] = "\x06\x08\x2a\x86\x48\xce\x3d\x03\x01\x07";
static const char TEMPLATE_USIM[] = "\x06\x06\x67\x81\x0f\x01\x02\x04"; /* 2.23.143.1.2.4 */

static void test_cert(void **state)
{
    (void)state;
    load(&dc, "fuzz_cert");
    assert_true(has(&dc, P256, sizeof(P256) - 1));
    assert_true(HAS(&dc, "\x06\x09\x2b\x24\x03\x03\x02\x08\x01\x01\x07"));     /* brainpoolP256r1 */
    assert_true(HAS(&dc, "\x06\x0a\x2a\x81\x7a\x01\x81\x5f\x65\x82\x00\x01")); /* FRP256v1 */
    assert_true(HAS(&dc, "\x06\x08\x2a\x86\x48\xce\x3d\x04\x03\x02"));         /* ecdsa-with-SHA256 */
    assert_true(HAS(&dc, "\x06\x07\x2a\x86\x48\xce\x3d\x02\x01"));             /* id-ecPublicKey */
    assert_true(HAS(&dc, "\x06\x03\x55\x1d\x0f"));                             /* keyUsage */
    assert_true(HAS(&dc, "\x06\x03\x55\x1d\x1e"));                             /* nameConstraints */
    assert_true(HAS(&dc, "\x06\x03\x55\x1d\x23"));                             /* authorityKeyIdentifier (crl.c) */
    assert_true(HAS(&dc, "\x06\x07\x67\x81\x12\x01\x02\x01\x01"));             /* id-rspRole-euicc (v2) */
    assert_true(HAS(&dc, "\x06\x09\x67\x81\x12\x01\x02\x01\x00\x00\x00"));     /* id-rspRole-eum-v2 (v3) */
    assert_true(HAS(&dc, "\x06\x07\x67\x81\x12\x01\x02\x02\x00"));             /* permittedEins */
    /* the certificate module's tags: [0] EXPLICIT version, [1] IMPLICIT
     * BIT STRING, [3] EXPLICIT extensions, SEQUENCE, BIT STRING */
    assert_true(HAS(&dc, "\xa0"));
    assert_true(HAS(&dc, "\x81"));
    assert_true(HAS(&dc, "\xa3"));
    assert_true(HAS(&dc, "\x30"));
    assert_true(HAS(&dc, "\x03"));
    /* the X.690 lengths */
    assert_true(HAS(&dc, "\x81\x80"));
    assert_true(HAS(&dc, "\x82\x01\x00"));
    assert_true(HAS(&dc, "\x80"));
    /* not a profile target's */
    assert_false(has(&dc, TEMPLATE_USIM, sizeof(TEMPLATE_USIM) - 1));
    assert_false(HAS(&dc, "\xbf\x20"));
}

static void test_profile(void **state)
{
    (void)state;
    load(&dc, "fuzz_profile");
    /* ProfileElement alternatives (AUTOMATIC tags, constructed): header
     * [0], genericFileManagement [1], df-5gprose [31], iot [32] */
    assert_true(HAS(&dc, "\xa0"));
    assert_true(HAS(&dc, "\xa1"));
    assert_true(HAS(&dc, "\xbf\x1f"));
    assert_true(HAS(&dc, "\xbf\x20"));
    /* a primitive context tag: ServicesList tuak128 [5] NULL */
    assert_true(HAS(&dc, "\x85"));
    /* the Annex B template OIDs of lib/profile/templates.c: USIM, and a
     * two-arc one: 2.23.143.1.2.13.4 (DF 5GS v4) */
    assert_true(has(&dc, TEMPLATE_USIM, sizeof(TEMPLATE_USIM) - 1));
    assert_true(HAS(&dc, "\x06\x07\x67\x81\x0f\x01\x02\x0d\x04"));
    /* not the PKI's */
    assert_false(has(&dc, P256, sizeof(P256) - 1));
}

static void test_rsp(void **state)
{
    (void)state;
    load(&dc, "fuzz_rsp");
    assert_true(HAS(&dc, "\xbf\x37")); /* ProfileInstallationResult [55] SEQUENCE */
    assert_true(HAS(&dc, "\xbf\x21")); /* PrepareDownloadResponse [33] CHOICE */
    assert_true(HAS(&dc, "\xbf\x39")); /* InitiateAuthentication [57] */
    assert_true(HAS(&dc, "\x5f\x37")); /* EuiccSignPIR [APPLICATION 55] OCTET STRING */
    assert_true(HAS(&dc, "\x5a"));     /* Iccid [APPLICATION 26] OCTET STRING */
    assert_true(HAS(&dc, "\xa3"));     /* a certificate's extensions, reached from the messages */
    assert_true(has(&dc, P256, sizeof(P256) - 1));
    assert_false(has(&dc, TEMPLATE_USIM, sizeof(TEMPLATE_USIM) - 1));
}

static void test_bpp_der_policy(void **state)
{
    (void)state;
    load(&dc, "fuzz_bpp");
    assert_true(HAS(&dc, "\xbf\x36")); /* BoundProfilePackage [54] */
    assert_true(HAS(&dc, "\xbf\x23")); /* InitialiseSecureChannelRequest [35] */
    assert_true(HAS(&dc, "\xa3"));     /* sequenceOf86 [3] */
    assert_true(HAS(&dc, "\x86"));     /* a profile data segment */
    assert_true(HAS(&dc, "\x88"));     /* a StoreMetadata segment */
    assert_true(HAS(&dc, "\xbf\x25")); /* StoreMetadataRequest, from the module */
    load(&dc, "fuzz_der");
    assert_true(HAS(&dc, "\x30"));
    assert_true(HAS(&dc, "\x31"));
    assert_true(HAS(&dc, "\x02"));
    assert_true(HAS(&dc, "\x1e")); /* BMPString, primitive */
    assert_true(HAS(&dc, "\x28")); /* EXTERNAL, constructed */
    assert_true(HAS(&dc, "\x82\x00\x80"));
    assert_true(has(&dc, P256, sizeof(P256) - 1));
    assert_true(has(&dc, TEMPLATE_USIM, sizeof(TEMPLATE_USIM) - 1));
    load(&dc, "fuzz_policy");
    assert_true(HAS(&dc, "PROF-001"));
    assert_true(HAS(&dc, "DER-003"));
    assert_true(HAS(&dc, "RSP-076"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cert),
        cmocka_unit_test(test_profile),
        cmocka_unit_test(test_rsp),
        cmocka_unit_test(test_bpp_der_policy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
