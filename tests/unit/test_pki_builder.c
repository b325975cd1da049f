/*
 * test_pki_builder.c - the test PKI builder (tests/support/pki_builder.h):
 * default hierarchies on both curves and both policy generations parse with
 * mbedTLS, are signed by their issuer's key and carry the role's profile
 * (key usage, basicConstraints, SKI / AKI, policy OID, EID constraint);
 * the output is deterministic; every defect flag really puts its defect in
 * the certificate; CRLs parse, list their serials and verify (or not, when
 * asked for a bad signature); PEM and file output round-trip.
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <mbedtls/asn1.h>
#include <mbedtls/md.h>
#include <mbedtls/oid.h>
#include <mbedtls/pk.h>
#include <mbedtls/x509_crl.h>
#include <mbedtls/x509_crt.h>

#include "pki_builder.h"
#include "testutil.h"

/* ------------------------------------------------------------ helpers */

/* What the extension callback saw of the extensions mbedTLS leaves to it. */
typedef struct ext_seen {
    const uint8_t *nc;
    size_t nc_len;
    const uint8_t *eins;
    size_t eins_len;
} ext_seen;

static const uint8_t OID_NC[] = {0x55, 0x1d, 0x1e};
static const uint8_t OID_POL[] = {0x55, 0x1d, 0x20};
static const uint8_t OID_EINS[] = {0x67, 0x81, 0x12, 0x01, 0x02, 0x02, 0x00};

static int oid_is(const mbedtls_x509_buf *oid, const uint8_t *o, size_t n)
{
    return oid->len == n && memcmp(oid->p, o, n) == 0;
}

static int ext_cb(void *ctx, mbedtls_x509_crt const *crt, mbedtls_x509_buf const *oid,
                  int critical, const unsigned char *p, const unsigned char *end)
{
    ext_seen *seen = ctx;
    (void)crt;
    (void)critical;
    if (oid_is(oid, OID_NC, sizeof(OID_NC))) {
        if (seen) {
            seen->nc = p;
            seen->nc_len = (size_t)(end - p);
        }
        return 0;
    }
    if (oid_is(oid, OID_EINS, sizeof(OID_EINS))) {
        if (seen) {
            seen->eins = p;
            seen->eins_len = (size_t)(end - p);
        }
        return 0;
    }
    if (oid_is(oid, OID_POL, sizeof(OID_POL)))
        return 0;
    return -1;
}

static int parse(mbedtls_x509_crt *crt, const pb_cert *c, ext_seen *seen)
{
    mbedtls_x509_crt_init(crt);
    if (seen)
        memset(seen, 0, sizeof(*seen));
    return mbedtls_x509_crt_parse_der_with_ext_cb(crt, c->der, c->len, 1, ext_cb, seen);
}

/* The signature of crt checked with pk over its TBS. */
static int sig_ok(const mbedtls_x509_crt *crt, mbedtls_pk_context *pk)
{
    uint8_t hash[64];
    const mbedtls_md_info_t *mi = mbedtls_md_info_from_type(crt->sig_md);
    if (mi == NULL || mbedtls_md(mi, crt->tbs.p, crt->tbs.len, hash) != 0)
        return 0;
    return mbedtls_pk_verify(pk, crt->sig_md, hash, mbedtls_md_get_size(mi), crt->sig.p,
                             crt->sig.len) == 0;
}

static size_t count(const uint8_t *h, size_t hn, const uint8_t *n, size_t nn)
{
    size_t c = 0;
    for (size_t i = 0; nn <= hn && i + nn <= hn; i++)
        if (memcmp(h + i, n, nn) == 0)
            c++;
    return c;
}

/* Occurrences of hex pattern in the certificate's DER. */
static size_t count_hex(const pb_cert *c, const char *hex)
{
    size_t n, r;
    uint8_t *b = tu_hex(hex, &n);
    r = count(c->der, c->len, b, n);
    free(b);
    return r;
}

static size_t count_str(const pb_cert *c, const char *s)
{
    return count(c->der, c->len, (const uint8_t *)s, strlen(s));
}

/* Raw SKI / AKI keyIdentifier from the DER: 1 when found. */
static int raw_ski(const pb_cert *c, uint8_t out[20])
{
    static const uint8_t pat[] = {0x06, 0x03, 0x55, 0x1d, 0x0e, 0x04, 0x16, 0x04, 0x14};
    for (size_t i = 0; i + sizeof(pat) + 20 <= c->len; i++)
        if (memcmp(c->der + i, pat, sizeof(pat)) == 0) {
            memcpy(out, c->der + i + sizeof(pat), 20);
            return 1;
        }
    return 0;
}

static int raw_aki(const pb_cert *c, uint8_t out[20])
{
    static const uint8_t pat[] = {0x06, 0x03, 0x55, 0x1d, 0x23, 0x04, 0x18,
                                  0x30, 0x16, 0x80, 0x14};
    for (size_t i = 0; i + sizeof(pat) + 20 <= c->len; i++)
        if (memcmp(c->der + i, pat, sizeof(pat)) == 0) {
            memcpy(out, c->der + i + sizeof(pat), 20);
            return 1;
        }
    return 0;
}

/* DER TLV of a policy OID per role and generation. */
static const char *policy_hex(pb_role r, pb_gen g)
{
    static const char *const v2[] = {
        "06 07 67 81 12 01 02 01 00", "06 07 67 81 12 01 02 01 02",
        "06 07 67 81 12 01 02 01 01", "06 07 67 81 12 01 02 01 04",
        "06 07 67 81 12 01 02 01 05", "06 07 67 81 12 01 02 01 03",
        "06 07 67 81 12 01 02 01 07", "06 07 67 81 12 01 02 01 06",
    };
    static const char *const v3[] = {
        "06 07 67 81 12 01 02 01 00",          "06 09 67 81 12 01 02 01 00 00 00",
        "06 0b 67 81 12 01 02 01 00 00 00 00 00", "06 0a 67 81 12 01 02 01 00 00 01 01",
        "06 0a 67 81 12 01 02 01 00 00 01 02", "06 0a 67 81 12 01 02 01 00 00 01 00",
        "06 0a 67 81 12 01 02 01 00 00 02 01", "06 0a 67 81 12 01 02 01 00 00 02 00",
    };
    return g == PB_GEN_V3 ? v3[r] : v2[r];
}

#define ALG_SHA256 "30 0a 06 08 2a 86 48 ce 3d 04 03 02"
#define ALG_SHA256_NULL "30 0c 06 08 2a 86 48 ce 3d 04 03 02 05 00"
#define ALG_SHA384 "30 0a 06 08 2a 86 48 ce 3d 04 03 03"

/* ------------------------------------------------------------ fixture */

typedef struct fixture {
    pb_pki *pki[2][2]; /* [curve][gen] */
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    if (f == NULL)
        return -1;
    for (int c = 0; c < 2; c++)
        for (int g = 0; g < 2; g++) {
            f->pki[c][g] = pb_pki_build((pb_curve)c, (pb_gen)g, 1000u + 16u * (uint32_t)c);
            if (f->pki[c][g] == NULL)
                return -1;
        }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    if (f == NULL)
        return 0;
    for (int c = 0; c < 2; c++)
        for (int g = 0; g < 2; g++)
            pb_pki_free(f->pki[c][g]);
    free(f);
    return 0;
}

static const pb_cert *pki_cert(const pb_pki *p, pb_role r)
{
    const pb_cert *c[] = {p->ci, p->eum, p->euicc, p->dpauth, p->dppb, p->dptls, p->dsauth,
                          p->dstls};
    return c[r];
}

static const pb_key *pki_key(const pb_pki *p, pb_role r)
{
    const pb_key *k[] = {p->ci_key, p->eum_key, p->euicc_key, p->dpauth_key,
                         p->dppb_key, p->dptls_key, p->dsauth_key, p->dstls_key};
    return k[r];
}

/* ------------------------------------------------------------ default PKI */

static void check_pki(const pb_pki *p)
{
    mbedtls_x509_crt ci;
    ext_seen seen;
    assert_int_equal(parse(&ci, p->ci, NULL), 0);
    for (int r = PB_CI; r <= PB_DS_TLS; r++) {
        const pb_cert *c = pki_cert(p, (pb_role)r);
        const pb_cert *iss = r == PB_CI ? p->ci : r == PB_EUICC ? p->eum : p->ci;
        mbedtls_x509_crt crt, icrt;
        uint8_t ski[20], aki[20], kid[20];
        unsigned ku = r == PB_CI    ? MBEDTLS_X509_KU_KEY_CERT_SIGN | MBEDTLS_X509_KU_CRL_SIGN
                      : r == PB_EUM ? MBEDTLS_X509_KU_KEY_CERT_SIGN
                                    : MBEDTLS_X509_KU_DIGITAL_SIGNATURE;
        assert_int_equal(c->role, r);
        assert_int_equal(c->gen, p->gen);
        assert_int_equal(parse(&crt, c, &seen), 0);
        assert_int_equal(parse(&icrt, iss, NULL), 0);
        assert_int_equal(crt.version, 3);
        assert_int_equal(crt.sig_md, MBEDTLS_MD_SHA256);
        assert_true(sig_ok(&crt, &icrt.pk));
        /* and not with some other key */
        if (r != PB_CI)
            assert_false(sig_ok(&crt, &crt.pk));
        assert_int_equal(mbedtls_pk_ec(crt.pk)->grp.id, p->curve == PB_BP256
                                                             ? MBEDTLS_ECP_DP_BP256R1
                                                             : MBEDTLS_ECP_DP_SECP256R1);
        assert_int_equal(count_hex(c, ALG_SHA256), 2);
        assert_int_equal(count_hex(c, ALG_SHA256_NULL), 0);
        assert_int_equal(crt.key_usage, ku);
        assert_int_equal(count_hex(c, "06 03 55 1d 0f 01 01 ff"), 1);
        assert_memory_equal(crt.issuer_raw.p, icrt.subject_raw.p, icrt.subject_raw.len);
        if (r == PB_CI || r == PB_EUM) {
            assert_true(crt.ext_types & MBEDTLS_X509_EXT_BASIC_CONSTRAINTS);
            assert_int_equal(crt.ca_istrue, 1);
            /* mbedTLS stores pathLen + 1, 0 when absent; the variant O
             * EUM has pathLen 0, the v3 EUM 1 (an EUM SubCA may follow) */
            assert_int_equal(crt.max_pathlen, r == PB_EUM ? (p->gen == PB_GEN_V3 ? 2 : 1) : 0);
            assert_int_equal(count_hex(c, "06 03 55 1d 13 01 01 ff"), 1);
        } else {
            assert_false(crt.ext_types & MBEDTLS_X509_EXT_BASIC_CONSTRAINTS);
            assert_int_equal(crt.ca_istrue, 0);
        }
        /* SKI = SHA-1 of the point, AKI = issuer's SKI */
        assert_int_equal(pb_key_id(pki_key(p, (pb_role)r), kid), 0);
        assert_true(raw_ski(c, ski));
        assert_memory_equal(ski, kid, 20);
        assert_memory_equal(c->ski, kid, 20);
        if (r == PB_CI) {
            assert_false(raw_aki(c, aki));
        } else {
            assert_true(raw_aki(c, aki));
            assert_memory_equal(aki, iss->ski, 20);
        }
        /* policies: the role's OID, critical except on TLS */
        assert_int_equal(count_hex(c, policy_hex((pb_role)r, p->gen)), 1);
        if (r == PB_DP_TLS || r == PB_DS_TLS) {
            assert_int_equal(count_hex(c, "06 03 55 1d 20 04"), 1);
            assert_int_equal(mbedtls_x509_crt_check_extended_key_usage(
                                 &crt, MBEDTLS_OID_SERVER_AUTH,
                                 MBEDTLS_OID_SIZE(MBEDTLS_OID_SERVER_AUTH)),
                             0);
            assert_int_equal(mbedtls_x509_crt_check_extended_key_usage(
                                 &crt, MBEDTLS_OID_CLIENT_AUTH,
                                 MBEDTLS_OID_SIZE(MBEDTLS_OID_CLIENT_AUTH)),
                             0);
            assert_int_equal(count_hex(c, "06 03 55 1d 25 01 01 ff"), 1);
            assert_int_equal(count_str(c, r == PB_DP_TLS ? "smdp.example.com"
                                                         : "smds.example.com"),
                             2); /* CN and dNSName */
        } else {
            assert_int_equal(count_hex(c, "06 03 55 1d 20 01 01 ff"), 1);
            assert_false(crt.ext_types & MBEDTLS_X509_EXT_EXTENDED_KEY_USAGE);
        }
        if (r == PB_EUICC) {
            assert_false(crt.ext_types & MBEDTLS_X509_EXT_SUBJECT_ALT_NAME);
            assert_int_equal(count_hex(c, "06 03 55 1d 1f"), 0);
            assert_int_equal(count_str(c, "89049032123451234512345678901235"), 1);
            assert_int_equal(count_hex(c, "18 0f 39 39 39 39 31 32 33 31 32 33 35 39 35 39 5a"),
                             1);
        } else {
            const char *rid = r == PB_CI      ? "88 03 88 37 01"
                              : r == PB_EUM   ? "88 03 88 37 05"
                              : r >= PB_DS_AUTH ? "88 03 88 37 0f"
                                                : "88 03 88 37 0a";
            assert_true(crt.ext_types & MBEDTLS_X509_EXT_SUBJECT_ALT_NAME);
            assert_int_equal(count_hex(c, rid), 1);
            assert_int_equal(count_str(c, "http://ci.example.com/crl.crl"), 1);
        }
        if (r == PB_EUM && p->gen == PB_GEN_V2) {
            /* NameConstraints { [0] { GeneralSubtree { [4] Name {
             *   SET { O }, SET { serialNumber } } } } }, critical */
            unsigned char *q = (unsigned char *)(uintptr_t)seen.nc, *end;
            size_t l;
            assert_non_null(q);
            end = q + seen.nc_len;
            assert_int_equal(count_hex(c, "06 03 55 1d 1e 01 01 ff"), 1);
            assert_int_equal(mbedtls_asn1_get_tag(&q, end, &l, 0x30), 0);
            assert_int_equal(mbedtls_asn1_get_tag(&q, end, &l, 0xa0), 0);
            assert_int_equal(mbedtls_asn1_get_tag(&q, end, &l, 0x30), 0);
            assert_int_equal(mbedtls_asn1_get_tag(&q, end, &l, 0xa4), 0);
            assert_int_equal(mbedtls_asn1_get_tag(&q, end, &l, 0x30), 0);
            assert_int_equal(mbedtls_asn1_get_tag(&q, end, &l, 0x31), 0);
            assert_int_equal(mbedtls_asn1_get_tag(&q, end, &l, 0x30), 0);
            assert_memory_equal(q, "\x06\x03\x55\x04\x0a\x0c\x0cRSP Test EUM", 17);
            q += l;
            assert_int_equal(mbedtls_asn1_get_tag(&q, end, &l, 0x31), 0);
            assert_int_equal(mbedtls_asn1_get_tag(&q, end, &l, 0x30), 0);
            assert_int_equal(l, 15);
            assert_memory_equal(q, "\x06\x03\x55\x04\x05\x13\x08" "89049032", 15);
            assert_ptr_equal(q + l, end);
            assert_null(seen.eins);
        } else if (r == PB_EUM) {
            assert_non_null(seen.eins);
            assert_int_equal(seen.eins_len, 12);
            assert_memory_equal(seen.eins, "\x30\x0a\x13\x08" "89049032", 12);
            assert_int_equal(count_hex(c, "06 07 67 81 12 01 02 02 00 01 01 ff"), 1);
            /* v3: nameConstraints (critical) keeps the organisation only:
             * permitted [0] { GeneralSubtree { directoryName [4] { Name {
             * SET { O = "RSP Test EUM" } } } } } */
            assert_non_null(seen.nc);
            assert_int_equal(count_hex(c, "06 03 55 1d 1e 01 01 ff"), 1);
            assert_int_equal(count_hex(c, "a0 1d 30 1b a4 19 30 17 31 15 30 13 06 03 55 04 0a "
                                          "0c 0c 52 53 50 20 54 65 73 74 20 45 55 4d"), 1);
            assert_int_equal(count_hex(c, "06 03 55 04 05"), 0); /* no serialNumber */
        } else {
            assert_null(seen.nc);
            assert_null(seen.eins);
        }
        mbedtls_x509_crt_free(&crt);
        mbedtls_x509_crt_free(&icrt);
    }
    mbedtls_x509_crt_free(&ci);
}

static void test_default_pki(void **state)
{
    fixture *f = *state;
    for (int c = 0; c < 2; c++)
        for (int g = 0; g < 2; g++) {
            assert_int_equal(f->pki[c][g]->curve, c);
            assert_int_equal(f->pki[c][g]->gen, g);
            check_pki(f->pki[c][g]);
        }
}

static void test_subjects(void **state)
{
    fixture *f = *state;
    const pb_pki *p = f->pki[0][0];
    mbedtls_x509_crt crt;
    char dn[256];
    assert_int_equal(parse(&crt, p->ci, NULL), 0);
    assert_true(mbedtls_x509_dn_gets(dn, sizeof(dn), &crt.subject) > 0);
    assert_string_equal(dn, "CN=Test CI, OU=TESTCERT, O=RSPTEST, C=IT");
    mbedtls_x509_crt_free(&crt);
    assert_int_equal(parse(&crt, p->euicc, NULL), 0);
    assert_true(mbedtls_x509_dn_gets(dn, sizeof(dn), &crt.subject) > 0);
    assert_string_equal(dn, "C=DE, O=RSP Test EUM, serialNumber=89049032123451234512345678901235, "
                            "CN=Test eUICC");
    assert_int_equal(crt.valid_to.year, 9999);
    mbedtls_x509_crt_free(&crt);
    assert_int_equal(parse(&crt, p->dpauth, NULL), 0);
    assert_true(mbedtls_x509_dn_gets(dn, sizeof(dn), &crt.subject) > 0);
    assert_string_equal(dn, "CN=TEST SM-DP\\+, O=ACME"); /* mbedTLS escapes + */
    assert_int_equal(crt.valid_from.year, 2020);
    assert_int_equal(crt.valid_to.year, 2049);
    assert_int_equal(crt.serial.len, 2);
    assert_memory_equal(crt.serial.p, "\x01\x00", 2);
    mbedtls_x509_crt_free(&crt);
    assert_string_equal(p->eum->subject, "CN=EUM Test,O=RSP Test EUM,C=DE");
}

static void test_keys(void **state)
{
    uint8_t a[65], b[65], id[20];
    pb_key *k1 = pb_key_new(PB_P256, 7), *k2 = pb_key_new(PB_P256, 7), *k3 = pb_key_new(PB_P256, 8);
    (void)state;
    assert_non_null(k1);
    assert_non_null(k2);
    assert_non_null(k3);
    assert_int_equal(pb_key_curve(k1), PB_P256);
    assert_int_equal(pb_key_public(k1, a), 0);
    assert_int_equal(a[0], 0x04);
    assert_int_equal(pb_key_public(k2, b), 0);
    assert_memory_equal(a, b, 65);
    assert_int_equal(pb_key_public(k3, b), 0);
    assert_memory_not_equal(a, b, 65);
    assert_int_equal(pb_key_id(k1, id), 0);
    pb_key_free(k1);
    pb_key_free(k2);
    pb_key_free(k3);
    pb_key_free(NULL);
}

static void test_deterministic(void **state)
{
    fixture *f = *state;
    for (int c = 0; c < 2; c++) {
        pb_pki *again = pb_pki_build((pb_curve)c, PB_GEN_V3, 1000u + 16u * (uint32_t)c);
        pb_pki *other = pb_pki_build((pb_curve)c, PB_GEN_V3, 5000u);
        assert_non_null(again);
        assert_non_null(other);
        for (int r = PB_CI; r <= PB_DS_TLS; r++) {
            const pb_cert *x = pki_cert(f->pki[c][1], (pb_role)r);
            const pb_cert *y = pki_cert(again, (pb_role)r);
            const pb_cert *z = pki_cert(other, (pb_role)r);
            assert_int_equal(x->len, y->len);
            assert_memory_equal(x->der, y->der, x->len);
            assert_false(x->len == z->len && memcmp(x->der, z->der, x->len) == 0);
        }
        pb_pki_free(again);
        pb_pki_free(other);
    }
}

/* ------------------------------------------------------------ defects */

typedef struct defect_case {
    uint64_t flag;
    pb_role role;
    pb_gen gen;
    const char *name;
} defect_case;

#define DC(f, r, g) {f, r, g, #f "/" #r}

static const defect_case defect_cases[] = {
    DC(PB_D_VERSION_1, PB_DP_AUTH, PB_GEN_V2),
    DC(PB_D_SERIAL_ZERO, PB_DP_AUTH, PB_GEN_V2),
    DC(PB_D_SERIAL_NEGATIVE, PB_DP_AUTH, PB_GEN_V2),
    DC(PB_D_SERIAL_LONG, PB_DP_AUTH, PB_GEN_V2),
    DC(PB_D_SIG_SHA384, PB_EUICC, PB_GEN_V2),
    DC(PB_D_SIGALG_NULL_PARAMS, PB_DP_AUTH, PB_GEN_V2),
    DC(PB_D_SIGALG_MISMATCH, PB_DP_AUTH, PB_GEN_V2),
    DC(PB_D_BAD_SIGNATURE, PB_EUM, PB_GEN_V2),
    DC(PB_D_NO_KEYUSAGE, PB_EUM, PB_GEN_V2),
    DC(PB_D_KEYUSAGE_NONCRIT, PB_DP_AUTH, PB_GEN_V2),
    DC(PB_D_KEYUSAGE_WRONG, PB_CI, PB_GEN_V2),
    DC(PB_D_KEYUSAGE_WRONG, PB_EUICC, PB_GEN_V2),
    DC(PB_D_NO_BASICCONS, PB_EUM, PB_GEN_V2),
    DC(PB_D_BASICCONS_NONCRIT, PB_CI, PB_GEN_V2),
    DC(PB_D_CA_FALSE, PB_EUM, PB_GEN_V2),
    DC(PB_D_LEAF_CA_TRUE, PB_DP_PB, PB_GEN_V2),
    DC(PB_D_PATHLEN, PB_EUM, PB_GEN_V2),
    DC(PB_D_PATHLEN, PB_CI, PB_GEN_V2),
    DC(PB_D_NO_POLICIES, PB_EUICC, PB_GEN_V3),
    DC(PB_D_POLICIES_NONCRIT, PB_EUM, PB_GEN_V2),
    DC(PB_D_POLICY_OTHER_ROLE, PB_EUM, PB_GEN_V3),
    DC(PB_D_POLICY_OTHER_ROLE, PB_CI, PB_GEN_V2),
    DC(PB_D_POLICY_EXTRA, PB_DP_AUTH, PB_GEN_V3),
    DC(PB_D_NO_SKI, PB_DS_AUTH, PB_GEN_V2),
    DC(PB_D_NO_AKI, PB_EUICC, PB_GEN_V2),
    DC(PB_D_AKI_WRONG, PB_DP_TLS, PB_GEN_V2),
    DC(PB_D_NO_SAN, PB_DP_AUTH, PB_GEN_V2),
    DC(PB_D_SAN_NO_RID, PB_DP_TLS, PB_GEN_V2),
    DC(PB_D_SAN_NO_RID, PB_CI, PB_GEN_V2),
    DC(PB_D_NO_EKU, PB_DS_TLS, PB_GEN_V2),
    DC(PB_D_EKU_CLIENT_ONLY, PB_DP_TLS, PB_GEN_V3),
    DC(PB_D_EKU_ON_NON_TLS, PB_DP_AUTH, PB_GEN_V2),
    DC(PB_D_NO_CRLDP, PB_DP_PB, PB_GEN_V2),
    DC(PB_D_UNKNOWN_CRIT_EXT, PB_EUICC, PB_GEN_V2),
    DC(PB_D_DUP_EXT, PB_EUICC, PB_GEN_V2),
    DC(PB_D_NO_EID_CONSTRAINT, PB_EUM, PB_GEN_V2),
    DC(PB_D_NO_EID_CONSTRAINT, PB_EUM, PB_GEN_V3),
    DC(PB_D_NC_NONCRIT, PB_EUM, PB_GEN_V2),
    DC(PB_D_NC_EXCLUDED, PB_EUM, PB_GEN_V2),
    DC(PB_D_NC_NOT_DIRNAME, PB_EUM, PB_GEN_V2),
    DC(PB_D_PREFIX_BAD, PB_EUM, PB_GEN_V2),
    DC(PB_D_PREFIX_BAD, PB_EUM, PB_GEN_V3),
    DC(PB_D_TIME_GENERALIZED, PB_DP_AUTH, PB_GEN_V2),
    DC(PB_D_VALIDITY_INVERTED, PB_DP_AUTH, PB_GEN_V2),
    DC(PB_D_SUBJECT_NO_O, PB_CI, PB_GEN_V2),
    DC(PB_D_ISSUER_NAME_WRONG, PB_EUICC, PB_GEN_V2),
    DC(PB_D_NO_DNS, PB_DS_TLS, PB_GEN_V2),
    DC(PB_D_PUBKEY_OFF_CURVE, PB_DP_AUTH, PB_GEN_V2),
    DC(PB_D_EID_BAD_CHECK, PB_EUICC, PB_GEN_V2),
    DC(PB_D_EID_SHORT, PB_EUICC, PB_GEN_V2),
    DC(PB_D_NO_EID, PB_EUICC, PB_GEN_V3),
    DC(PB_D_PERMITTED_EINS_BAD, PB_EUM, PB_GEN_V3),
    DC(PB_D_NC_ON_LEAF, PB_DP_AUTH, PB_GEN_V2),
};

/* mod 97 of a decimal string (EID check, ISO 7064 MOD 97-10) */
static int mod97(const char *d, size_t n)
{
    int m = 0;
    for (size_t i = 0; i < n; i++)
        m = (m * 10 + (d[i] - '0')) % 97;
    return m;
}

static const mbedtls_x509_name *find_attr(const mbedtls_x509_name *n, const char *oid,
                                          size_t len)
{
    for (; n != NULL; n = n->next)
        if (n->oid.len == len && memcmp(n->oid.p, oid, len) == 0)
            return n;
    return NULL;
}

static void check_defect(const defect_case *dc, const pb_pki *p)
{
    pb_spec s;
    const pb_cert *iss = dc->role == PB_CI ? NULL : dc->role == PB_EUICC ? p->eum : p->ci;
    const pb_key *ik = dc->role == PB_CI ? NULL : dc->role == PB_EUICC ? p->eum_key : p->ci_key;
    const pb_key *key = pki_key(p, dc->role);
    const pb_cert *clean = pki_cert(p, dc->role);
    pb_cert *c;
    mbedtls_x509_crt crt, icrt;
    ext_seen seen;
    int pr;
    uint64_t f = dc->flag;

    print_message("  %s\n", dc->name);
    memset(&s, 0, sizeof(s));
    s.role = dc->role;
    s.gen = dc->gen;
    s.defects = f;
    c = pb_cert_build(&s, key, iss, ik);
    assert_non_null(c);
    assert_false(c->len == clean->len && memcmp(c->der, clean->der, c->len) == 0);
    pr = parse(&crt, c, &seen);
    assert_int_equal(parse(&icrt, iss ? iss : clean, NULL), 0);

    if (f == PB_D_VERSION_1) {
        assert_int_equal(pr, 0);
        assert_int_equal(crt.version, 1);
        assert_int_equal(crt.ext_types, 0);
        assert_int_equal(count_hex(c, "a0 03 02 01 02"), 0);
        assert_true(sig_ok(&crt, &icrt.pk));
    } else if (f == PB_D_SERIAL_ZERO) {
        assert_int_equal(pr, 0);
        assert_int_equal(crt.serial.len, 1);
        assert_int_equal(crt.serial.p[0], 0);
        assert_true(sig_ok(&crt, &icrt.pk));
    } else if (f == PB_D_SERIAL_NEGATIVE) {
        assert_int_equal(pr, 0);
        assert_true(crt.serial.p[0] & 0x80);
        assert_true(sig_ok(&crt, &icrt.pk));
    } else if (f == PB_D_SERIAL_LONG) {
        assert_int_equal(pr, 0);
        assert_int_equal(crt.serial.len, 21);
        assert_true(sig_ok(&crt, &icrt.pk));
    } else if (f == PB_D_SIG_SHA384) {
        assert_int_equal(pr, 0);
        assert_int_equal(crt.sig_md, MBEDTLS_MD_SHA384);
        assert_int_equal(count_hex(c, ALG_SHA384), 2);
        assert_true(sig_ok(&crt, &icrt.pk));
    } else if (f == PB_D_SIGALG_NULL_PARAMS) {
        assert_int_equal(pr, 0);
        assert_int_equal(count_hex(c, ALG_SHA256_NULL), 2);
        assert_true(sig_ok(&crt, &icrt.pk));
    } else if (f == PB_D_SIGALG_MISMATCH) {
        assert_int_equal(pr, MBEDTLS_ERR_X509_SIG_MISMATCH);
        assert_int_equal(count_hex(c, ALG_SHA384), 1);
        assert_int_equal(count_hex(c, ALG_SHA256), 1);
    } else if (f == PB_D_BAD_SIGNATURE) {
        assert_int_equal(pr, 0);
        assert_false(sig_ok(&crt, &icrt.pk));
        assert_int_equal(c->len, clean->len);
    } else if (f == PB_D_NO_KEYUSAGE) {
        assert_int_equal(pr, 0);
        assert_false(crt.ext_types & MBEDTLS_X509_EXT_KEY_USAGE);
        assert_int_equal(count_hex(c, "06 03 55 1d 0f"), 0);
    } else if (f == PB_D_KEYUSAGE_NONCRIT) {
        assert_int_equal(pr, 0);
        assert_int_equal(crt.key_usage, MBEDTLS_X509_KU_DIGITAL_SIGNATURE);
        assert_int_equal(count_hex(c, "06 03 55 1d 0f 04"), 1);
    } else if (f == PB_D_KEYUSAGE_WRONG) {
        assert_int_equal(pr, 0);
        assert_int_equal(crt.key_usage, dc->role == PB_CI ? MBEDTLS_X509_KU_DIGITAL_SIGNATURE
                                                          : MBEDTLS_X509_KU_KEY_CERT_SIGN);
    } else if (f == PB_D_NO_BASICCONS) {
        assert_int_equal(pr, 0);
        assert_false(crt.ext_types & MBEDTLS_X509_EXT_BASIC_CONSTRAINTS);
    } else if (f == PB_D_BASICCONS_NONCRIT) {
        assert_int_equal(pr, 0);
        assert_int_equal(crt.ca_istrue, 1);
        assert_int_equal(count_hex(c, "06 03 55 1d 13 04"), 1);
    } else if (f == PB_D_CA_FALSE) {
        assert_int_equal(pr, 0);
        assert_true(crt.ext_types & MBEDTLS_X509_EXT_BASIC_CONSTRAINTS);
        assert_int_equal(crt.ca_istrue, 0);
    } else if (f == PB_D_LEAF_CA_TRUE) {
        assert_int_equal(pr, 0);
        assert_int_equal(crt.ca_istrue, 1);
        assert_int_equal(count_hex(c, "06 03 55 1d 13 01 01 ff"), 1);
    } else if (f == PB_D_PATHLEN) {
        assert_int_equal(pr, 0);
        assert_int_equal(crt.ca_istrue, 1);
        assert_int_equal(crt.max_pathlen, dc->role == PB_EUM ? 2 : 1);
    } else if (f == PB_D_NO_POLICIES) {
        assert_int_equal(pr, 0);
        assert_int_equal(count_hex(c, "06 03 55 1d 20"), 0);
        assert_int_equal(count_hex(c, policy_hex(dc->role, dc->gen)), 0);
    } else if (f == PB_D_POLICIES_NONCRIT) {
        assert_int_equal(pr, 0);
        assert_int_equal(count_hex(c, "06 03 55 1d 20 04"), 1);
        assert_int_equal(count_hex(c, policy_hex(dc->role, dc->gen)), 1);
    } else if (f == PB_D_POLICY_OTHER_ROLE) {
        pb_role other = dc->role == PB_CI ? PB_EUM : PB_CI;
        assert_int_equal(pr, 0);
        assert_int_equal(count_hex(c, policy_hex(dc->role, dc->gen)), 0);
        assert_int_equal(count_hex(c, policy_hex(other, dc->gen)), 1);
    } else if (f == PB_D_POLICY_EXTRA) {
        assert_int_equal(pr, 0);
        assert_int_equal(count_hex(c, policy_hex(PB_DP_AUTH, dc->gen)), 1);
        assert_int_equal(count_hex(c, policy_hex(PB_DP_PB, dc->gen)), 1);
    } else if (f == PB_D_NO_SKI) {
        uint8_t id[20];
        assert_int_equal(pr, 0);
        assert_false(raw_ski(c, id));
        assert_int_equal(count_hex(c, "06 03 55 1d 0e"), 0);
    } else if (f == PB_D_NO_AKI) {
        uint8_t id[20];
        assert_int_equal(pr, 0);
        assert_false(raw_aki(c, id));
        assert_int_equal(count_hex(c, "06 03 55 1d 23"), 0);
    } else if (f == PB_D_AKI_WRONG) {
        uint8_t id[20];
        assert_int_equal(pr, 0);
        assert_true(raw_aki(c, id));
        assert_memory_not_equal(id, iss->ski, 20);
    } else if (f == PB_D_NO_SAN) {
        assert_int_equal(pr, 0);
        assert_false(crt.ext_types & MBEDTLS_X509_EXT_SUBJECT_ALT_NAME);
        assert_int_equal(count_hex(c, "06 03 55 1d 11"), 0);
    } else if (f == PB_D_SAN_NO_RID) {
        assert_int_equal(pr, 0);
        assert_true(crt.ext_types & MBEDTLS_X509_EXT_SUBJECT_ALT_NAME);
        assert_int_equal(count_hex(c, "88 03 88 37"), 0);
        assert_int_equal(crt.subject_alt_names.buf.tag,
                         MBEDTLS_ASN1_CONTEXT_SPECIFIC | MBEDTLS_X509_SAN_DNS_NAME);
        assert_null(crt.subject_alt_names.next);
    } else if (f == PB_D_NO_EKU) {
        assert_int_equal(pr, 0);
        assert_false(crt.ext_types & MBEDTLS_X509_EXT_EXTENDED_KEY_USAGE);
    } else if (f == PB_D_EKU_CLIENT_ONLY) {
        assert_int_equal(pr, 0);
        assert_int_not_equal(mbedtls_x509_crt_check_extended_key_usage(
                                 &crt, MBEDTLS_OID_SERVER_AUTH,
                                 MBEDTLS_OID_SIZE(MBEDTLS_OID_SERVER_AUTH)),
                             0);
        assert_int_equal(mbedtls_x509_crt_check_extended_key_usage(
                             &crt, MBEDTLS_OID_CLIENT_AUTH, MBEDTLS_OID_SIZE(MBEDTLS_OID_CLIENT_AUTH)),
                         0);
    } else if (f == PB_D_EKU_ON_NON_TLS) {
        assert_int_equal(pr, 0);
        assert_true(crt.ext_types & MBEDTLS_X509_EXT_EXTENDED_KEY_USAGE);
        assert_int_equal(mbedtls_x509_crt_check_extended_key_usage(
                             &crt, MBEDTLS_OID_SERVER_AUTH, MBEDTLS_OID_SIZE(MBEDTLS_OID_SERVER_AUTH)),
                         0);
    } else if (f == PB_D_NO_CRLDP) {
        assert_int_equal(pr, 0);
        assert_int_equal(count_hex(c, "06 03 55 1d 1f"), 0);
    } else if (f == PB_D_UNKNOWN_CRIT_EXT) {
        /* mbedTLS refuses an unknown critical extension */
        assert_int_not_equal(pr, 0);
        assert_int_equal(
            count_hex(c, "06 09 2b 06 01 04 01 86 8d 1f 01 01 01 ff 04 02 05 00"), 1);
    } else if (f == PB_D_DUP_EXT) {
        assert_int_not_equal(pr, 0); /* mbedTLS refuses duplicates */
        assert_int_equal(count_hex(c, "06 03 55 1d 0f 01 01 ff 04 04 03 02 07 80"), 2);
    } else if (f == PB_D_NO_EID_CONSTRAINT) {
        assert_int_equal(pr, 0);
        assert_null(seen.nc);
        assert_null(seen.eins);
        assert_int_equal(count_hex(c, "06 03 55 1d 1e"), 0);
        assert_int_equal(count_hex(c, "06 07 67 81 12 01 02 02 00"), 0);
    } else if (f == PB_D_NC_NONCRIT) {
        assert_int_equal(pr, 0);
        assert_non_null(seen.nc);
        assert_int_equal(count_hex(c, "06 03 55 1d 1e 04"), 1);
    } else if (f == PB_D_NC_EXCLUDED || f == PB_D_NC_NOT_DIRNAME) {
        unsigned char *q, *end;
        size_t l;
        assert_int_equal(pr, 0);
        assert_non_null(seen.nc);
        q = (unsigned char *)(uintptr_t)seen.nc;
        end = q + seen.nc_len;
        assert_int_equal(mbedtls_asn1_get_tag(&q, end, &l, 0x30), 0);
        assert_int_equal(mbedtls_asn1_get_tag(&q, end, &l, 0xa0), 0);
        if (f == PB_D_NC_EXCLUDED) {
            q += l;
            assert_int_equal(mbedtls_asn1_get_tag(&q, end, &l, 0xa1), 0);
            assert_ptr_equal(q + l, end);
        } else {
            assert_int_equal(mbedtls_asn1_get_tag(&q, end, &l, 0x30), 0);
            assert_int_equal(*q, 0x82); /* dNSName, not directoryName */
        }
    } else if (f == PB_D_PREFIX_BAD) {
        assert_int_equal(pr, 0);
        assert_int_equal(count_hex(c, "13 08 38 39 30 34 39 30 33 41"), 1); /* "8904903A" */
        assert_int_equal(count_str(c, "89049032"), 0);
    } else if (f == PB_D_TIME_GENERALIZED) {
        assert_int_equal(pr, 0);
        assert_int_equal(crt.valid_from.year, 2020);
        assert_int_equal(count_hex(c, "30 20 18 0f 32 30 32 30 30 31 30 31 30 30 30 30 30 30 5a 17 0d"), 1);
    } else if (f == PB_D_VALIDITY_INVERTED) {
        assert_int_equal(pr, 0);
        assert_true(crt.valid_from.year > crt.valid_to.year);
    } else if (f == PB_D_SUBJECT_NO_O) {
        assert_int_equal(pr, 0);
        assert_null(find_attr(&crt.subject, MBEDTLS_OID_AT_ORGANIZATION,
                              MBEDTLS_OID_SIZE(MBEDTLS_OID_AT_ORGANIZATION)));
        assert_non_null(find_attr(&crt.subject, MBEDTLS_OID_AT_CN,
                                  MBEDTLS_OID_SIZE(MBEDTLS_OID_AT_CN)));
        assert_null(strstr(c->subject, "O="));
    } else if (f == PB_D_ISSUER_NAME_WRONG) {
        assert_int_equal(pr, 0);
        assert_false(crt.issuer_raw.len == icrt.subject_raw.len &&
                     memcmp(crt.issuer_raw.p, icrt.subject_raw.p, crt.issuer_raw.len) == 0);
        assert_true(sig_ok(&crt, &icrt.pk)); /* only the name is off */
    } else if (f == PB_D_NO_DNS) {
        assert_int_equal(pr, 0);
        assert_int_equal(count_hex(c, "88 03 88 37 0f"), 1);
        assert_int_equal(count_str(c, "smds.example.com"), 1); /* the CN only */
    } else if (f == PB_D_PUBKEY_OFF_CURVE) {
        uint8_t pub[65];
        /* mbedTLS checks the point while parsing */
        assert_int_not_equal(pr, 0);
        assert_int_equal(pb_key_public(key, pub), 0);
        assert_int_equal(count(c->der, c->len, pub, 65), 0);
        assert_int_equal(count(c->der, c->len, pub, 64), 1);
    } else if (f == PB_D_EID_BAD_CHECK || f == PB_D_EID_SHORT || f == PB_D_NO_EID) {
        const mbedtls_x509_name *sn;
        assert_int_equal(pr, 0);
        sn = find_attr(&crt.subject, MBEDTLS_OID_AT_SERIAL_NUMBER,
                       MBEDTLS_OID_SIZE(MBEDTLS_OID_AT_SERIAL_NUMBER));
        if (f == PB_D_NO_EID) {
            assert_null(sn);
        } else {
            assert_non_null(sn);
            if (f == PB_D_EID_SHORT) {
                assert_int_equal(sn->val.len, 31);
            } else {
                assert_int_equal(sn->val.len, 32);
                assert_int_not_equal(mod97((const char *)sn->val.p, 32), 1);
                assert_int_equal(mod97("89049032123451234512345678901235", 32), 1);
            }
        }
    } else if (f == PB_D_PERMITTED_EINS_BAD) {
        assert_int_equal(pr, 0);
        assert_non_null(seen.eins);
        assert_int_equal(seen.eins[0], 0x13);
    } else if (f == PB_D_NC_ON_LEAF) {
        assert_int_equal(pr, 0);
        assert_non_null(seen.nc);
        assert_int_equal(count_hex(c, "06 03 55 1d 1e 01 01 ff"), 1);
    } else {
        fail_msg("no check for %s", dc->name);
    }
    mbedtls_x509_crt_free(&crt);
    mbedtls_x509_crt_free(&icrt);
    pb_cert_free(c);
}

static void test_defects(void **state)
{
    fixture *f = *state;
    uint64_t seen = 0;
    for (size_t i = 0; i < sizeof(defect_cases) / sizeof(defect_cases[0]); i++) {
        check_defect(&defect_cases[i], f->pki[0][defect_cases[i].gen]);
        seen |= defect_cases[i].flag;
    }
    /* every flag of the header has a case */
    assert_int_equal(seen, (UINT64_C(1) << 49) - 1 - (UINT64_C(1) << 37) - (UINT64_C(1) << 39));
}

/* A few defects on brainpool too, and two defects combined. */
static void test_defects_brainpool_combined(void **state)
{
    fixture *f = *state;
    const pb_pki *p = f->pki[1][0];
    pb_spec s;
    pb_cert *c;
    mbedtls_x509_crt crt, icrt;
    memset(&s, 0, sizeof(s));
    s.role = PB_EUICC;
    s.defects = PB_D_BAD_SIGNATURE | PB_D_SIGALG_NULL_PARAMS;
    c = pb_cert_build(&s, p->euicc_key, p->eum, p->eum_key);
    assert_non_null(c);
    assert_int_equal(parse(&crt, c, NULL), 0);
    assert_int_equal(parse(&icrt, p->eum, NULL), 0);
    assert_false(sig_ok(&crt, &icrt.pk));
    assert_int_equal(count_hex(c, ALG_SHA256_NULL), 2);
    mbedtls_x509_crt_free(&crt);
    pb_cert_free(c);

    s.defects = PB_D_SIG_SHA384;
    c = pb_cert_build(&s, p->euicc_key, p->eum, p->eum_key);
    assert_non_null(c);
    assert_int_equal(parse(&crt, c, NULL), 0);
    assert_true(sig_ok(&crt, &icrt.pk));
    mbedtls_x509_crt_free(&crt);
    mbedtls_x509_crt_free(&icrt);
    pb_cert_free(c);
}

static void test_spec_fields(void **state)
{
    fixture *f = *state;
    const pb_pki *p = f->pki[0][1];
    pb_spec s;
    pb_cert *c;
    mbedtls_x509_crt crt;
    ext_seen seen;
    memset(&s, 0, sizeof(s));
    s.role = PB_EUM;
    s.gen = PB_GEN_V3;
    s.serial_hex = "12345678";
    s.not_before = "20170119181030";
    s.not_after = "20510119181030";
    s.eum_org = "Other EUM";
    s.eid_prefix[0] = "89049032";
    s.eid_prefix[1] = "89049033";
    s.rid = "2.999.77";
    c = pb_cert_build(&s, p->eum_key, p->ci, p->ci_key);
    assert_non_null(c);
    assert_int_equal(parse(&crt, c, &seen), 0);
    assert_int_equal(crt.serial.len, 4);
    assert_memory_equal(crt.serial.p, "\x12\x34\x56\x78", 4);
    assert_int_equal(crt.valid_from.year, 2017);
    assert_int_equal(crt.valid_to.year, 2051);
    assert_int_equal(count_hex(c, "18 0f 32 30 35 31"), 1); /* 2051: GeneralizedTime */
    assert_int_equal(count_hex(c, "88 03 88 37 4d"), 1);
    assert_non_null(seen.eins);
    assert_int_equal(seen.eins_len, 22);
    assert_memory_equal(seen.eins, "\x30\x14\x13\x08" "89049032" "\x13\x08" "89049033", 22);
    mbedtls_x509_crt_free(&crt);
    pb_cert_free(c);

    /* an eUICC under that EID and org, and a custom subject */
    memset(&s, 0, sizeof(s));
    s.role = PB_EUICC;
    s.eid = "89049032000000000000000000000000";
    s.eum_org = "Other EUM";
    c = pb_cert_build(&s, p->euicc_key, p->eum, p->eum_key);
    assert_non_null(c);
    assert_string_equal(c->subject,
                        "C=DE,O=Other EUM,serialNumber=89049032000000000000000000000000,CN=Test eUICC");
    pb_cert_free(c);
    s.subject = "CN=Custom,O=X,C=FR";
    c = pb_cert_build(&s, p->euicc_key, p->eum, p->eum_key);
    assert_non_null(c);
    assert_string_equal(c->subject, "CN=Custom,O=X,C=FR");
    assert_int_equal(count_str(c, "Custom"), 1);
    pb_cert_free(c);

    /* a bad subject string and a missing issuer key fail cleanly */
    s.subject = "XX=nope";
    assert_null(pb_cert_build(&s, p->euicc_key, p->eum, p->eum_key));
    s.subject = NULL;
    assert_null(pb_cert_build(&s, p->euicc_key, p->eum, NULL));
    s.not_after = "2049";
    assert_null(pb_cert_build(&s, p->euicc_key, p->eum, p->eum_key));
}

/* ------------------------------------------------------------ CRL */

static void test_crl(void **state)
{
    fixture *f = *state;
    for (int cv = 0; cv < 2; cv++) {
        const pb_pki *p = f->pki[cv][0];
        pb_crl_spec s;
        uint8_t *der;
        size_t len;
        mbedtls_x509_crl crl;
        mbedtls_x509_crt ci;
        uint8_t hash[32];
        memset(&s, 0, sizeof(s));
        s.serials_hex[0] = "7777";
        s.serials_hex[1] = "0100";
        s.serials_hex[2] = "80";
        assert_int_equal(pb_crl_build(&s, p->ci, p->ci_key, &der, &len), 0);
        assert_int_equal(parse(&ci, p->ci, NULL), 0);
        mbedtls_x509_crl_init(&crl);
        assert_int_equal(mbedtls_x509_crl_parse_der(&crl, der, len), 0);
        assert_int_equal(crl.version, 2);
        assert_int_equal(crl.issuer_raw.len, ci.subject_raw.len);
        assert_memory_equal(crl.issuer_raw.p, ci.subject_raw.p, ci.subject_raw.len);
        assert_int_equal(crl.this_update.year, 2025);
        assert_int_equal(crl.next_update.year, 2049);
        assert_int_equal(crl.entry.serial.len, 2);
        assert_memory_equal(crl.entry.serial.p, "\x77\x77", 2);
        assert_non_null(crl.entry.next);
        assert_memory_equal(crl.entry.next->serial.p, "\x01\x00", 2);
        assert_non_null(crl.entry.next->next);
        assert_int_equal(crl.entry.next->next->serial.len, 2);
        assert_memory_equal(crl.entry.next->next->serial.p, "\x00\x80", 2);
        assert_int_equal(mbedtls_x509_crt_is_revoked(&ci, &crl), 0);
        assert_int_equal(mbedtls_md(mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), crl.tbs.p,
                                    crl.tbs.len, hash),
                         0);
        assert_int_equal(mbedtls_pk_verify(&ci.pk, MBEDTLS_MD_SHA256, hash, 32, crl.sig.p,
                                           crl.sig.len),
                         0);
        /* AKI = CI's SKI, cRLNumber 1 */
        assert_int_equal(count(der, len, p->ci->ski, 20), 1);
        assert_int_equal(count(der, len, (const uint8_t *)"\x06\x03\x55\x1d\x14\x04\x03\x02\x01\x01", 10), 1);
        mbedtls_x509_crl_free(&crl);
        free(der);

        /* bad signature: parses, does not verify */
        s.defects = PB_CRL_BAD_SIGNATURE;
        assert_int_equal(pb_crl_build(&s, p->ci, p->ci_key, &der, &len), 0);
        mbedtls_x509_crl_init(&crl);
        assert_int_equal(mbedtls_x509_crl_parse_der(&crl, der, len), 0);
        assert_int_equal(mbedtls_md(mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), crl.tbs.p,
                                    crl.tbs.len, hash),
                         0);
        assert_int_not_equal(mbedtls_pk_verify(&ci.pk, MBEDTLS_MD_SHA256, hash, 32, crl.sig.p,
                                               crl.sig.len),
                             0);
        mbedtls_x509_crl_free(&crl);
        free(der);

        /* empty, v1, no nextUpdate; and a CRL revoking the EUM's serial */
        memset(&s, 0, sizeof(s));
        s.defects = PB_CRL_V1;
        s.next_update = "";
        assert_int_equal(pb_crl_build(&s, p->ci, p->ci_key, &der, &len), 0);
        mbedtls_x509_crl_init(&crl);
        assert_int_equal(mbedtls_x509_crl_parse_der(&crl, der, len), 0);
        assert_int_equal(crl.version, 1);
        assert_int_equal(crl.next_update.year, 0);
        assert_int_equal(crl.entry.serial.len, 0);
        assert_int_equal(count(der, len, p->ci->ski, 20), 0);
        mbedtls_x509_crl_free(&crl);
        free(der);

        memset(&s, 0, sizeof(s));
        s.serials_hex[0] = "0100";
        assert_int_equal(pb_crl_build(&s, p->ci, p->ci_key, &der, &len), 0);
        mbedtls_x509_crl_init(&crl);
        assert_int_equal(mbedtls_x509_crl_parse_der(&crl, der, len), 0);
        {
            mbedtls_x509_crt eum;
            assert_int_equal(parse(&eum, p->eum, NULL), 0);
            assert_int_equal(mbedtls_x509_crt_is_revoked(&eum, &crl), 1);
            mbedtls_x509_crt_free(&eum);
        }
        mbedtls_x509_crl_free(&crl);
        free(der);
        mbedtls_x509_crt_free(&ci);

        s.serials_hex[0] = "zz";
        assert_int_not_equal(pb_crl_build(&s, p->ci, p->ci_key, &der, &len), 0);
    }
}

/* ------------------------------------------------------------ PEM, files */

static void test_pem_and_file(void **state)
{
    fixture *f = *state;
    /* the TLS certificate: no critical extension mbedTLS would refuse */
    const pb_cert *c = f->pki[0][0]->dptls;
    char *pem = pb_pem(c->der, c->len);
    mbedtls_x509_crt crt;
    char path[] = "/tmp/esv-pki-XXXXXX";
    int fd;
    size_t n;
    uint8_t *back;
    assert_non_null(pem);
    assert_memory_equal(pem, "-----BEGIN CERTIFICATE-----\n", 28);
    assert_string_equal(pem + strlen(pem) - 26, "-----END CERTIFICATE-----\n");
    for (const char *l = pem; *l;) {
        const char *nl = strchr(l, '\n');
        assert_non_null(nl);
        assert_true(nl - l <= 64);
        l = nl + 1;
    }
    mbedtls_x509_crt_init(&crt);
    assert_int_equal(mbedtls_x509_crt_parse(&crt, (const unsigned char *)pem, strlen(pem) + 1), 0);
    assert_int_equal(crt.raw.len, c->len);
    assert_memory_equal(crt.raw.p, c->der, c->len);
    mbedtls_x509_crt_free(&crt);
    free(pem);
    pem = pb_pem((const uint8_t *)"ab", 2);
    assert_string_equal(pem, "-----BEGIN CERTIFICATE-----\nYWI=\n-----END CERTIFICATE-----\n");
    free(pem);

    fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(pb_write_file(path, c->der, c->len), 0);
    back = tu_read_file(path, &n);
    assert_non_null(back);
    assert_int_equal(n, c->len);
    assert_memory_equal(back, c->der, n);
    free(back);
    unlink(path);
    assert_int_not_equal(pb_write_file("/nonexistent-dir/x.der", c->der, c->len), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_default_pki),
        cmocka_unit_test(test_subjects),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_defects),
        cmocka_unit_test(test_defects_brainpool_combined),
        cmocka_unit_test(test_spec_fields),
        cmocka_unit_test(test_crl),
        cmocka_unit_test(test_pem_and_file),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
