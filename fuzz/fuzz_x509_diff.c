/*
 * fuzz_x509_diff.c - one certificate (DER) through three X.509 parsers:
 * esv's own model (the strict DER walk, then pki_cert_parse: what every
 * PKI- rule reads), mbedTLS's (mbedtls_x509_crt_parse_der) and OpenSSL's
 * (d2i_X509, the whole input consumed). Linked with -lcrypto (this target
 * only: FUZZ_LIBS_fuzz_x509_diff in the Makefile).
 * Target functions: der_walk, pki_cert_parse (every field and extension
 * decoder), against the two parsers esv does not own.
 * Checks beyond "no crash": the three agree on acceptance, and where two
 * accept, on the serial number, issuer and subject (DER), validity
 * (calendar fields), the subjectPublicKey bytes, and the extensions
 * present (OID, critical flag, order; with mbedTLS: which of the types it
 * decodes are there, and basicConstraints and keyUsage values); abort()
 * on any disagreement that no class of the table below explains.
 *
 * Known differences, each filtered by an explicit predicate (diff_class
 * below) over what the parsers returned; fuzz/README.md ("Differential
 * targets") has the table with the reasons, fuzz/regressions/
 * fuzz_x509_diff/ an input of each class:
 *
 *  D1  esv refuses non-DER (BER) encodings that mbedTLS or OpenSSL accept:
 *      non-minimal lengths, indefinite lengths, BOOLEAN other than 00/FF,
 *      non-minimal INTEGERs or OIDs, BIT STRING padding, time and string
 *      forms, NULL with contents, constructed forms of primitive types,
 *      high tag numbers in more octets than needed, an end-of-contents
 *      pair as a value (OpenSSL takes one inside an ANY), a DEFAULT value
 *      written out (X.690 11.5: an Extension's critical FALSE). Predicate:
 *      the strict DER walk fails with one of those error codes, or esv's
 *      model refuses the DEFAULT value.
 *  D2  esv's model leaves the key to the rules (PKI-008, 009, 011):
 *      mbedTLS parses it and refuses an algorithm, a curve or a point it
 *      does not support. Predicate: mbedTLS's code is a PK- or ECP- error and
 *      the key is not an uncompressed valid point on P-256 or
 *      brainpoolP256r1 (checked here with mbedTLS's ECP module).
 *  D3  mbedTLS refuses a critical extension it does not handle (or a
 *      critical certificatePolicies with a policy other than anyPolicy);
 *      esv's gate (pki_x509_gate) passes a callback for those, and esv
 *      reports unknown critical ones itself (PKI-015). Predicate: the same
 *      parse with an accepting callback succeeds. The classes D2, D4 and
 *      D5 read the refusal of that parse, so a certificate refused for
 *      both reasons is explained by both.
 *  D4  esv keeps a certificate whose extension does not decode (PKI-060)
 *      or repeats (PKI-016), or has more than esv's cap; mbedTLS refuses
 *      it. Predicate: mbedTLS says INVALID_EXTENSIONS and esv's model
 *      marks an extension malformed or repeated, or overflowed.
 *  D5  esv's model takes any AlgorithmIdentifier (PKI-005, 006, 007 judge
 *      it); mbedTLS refuses unknown signature algorithms and two that
 *      differ. Predicate: UNKNOWN_SIG_ALG, SIG_MISMATCH, or INVALID_ALG.
 *  D6  OpenSSL's d2i_X509 checks less than esv's schema: the version
 *      against the fields present (extensions in v1/v2, unique
 *      identifiers in v1), the version's value, an empty extension list,
 *      empty RDNs, an explicit critical FALSE. Predicate: esv's own parse
 *      refuses for one of those reasons (pki_parse_err.what) and mbedTLS
 *      refuses too or also accepts-but-differs in the same way.
 *  D7  mbedTLS reads the certificate at the start of its input and
 *      ignores what follows; esv (and this harness's use of d2i_X509)
 *      take exactly one value. Predicate: the walk says DER_E_TRAILING.
 *  D8  esv's model reads an AttributeValue as X.501 has it (ANY DEFINED
 *      BY its type, kept for O, CN and serialNumber only); mbedTLS and
 *      OpenSSL take only string types in a Name. In esv's pipeline the
 *      mbedTLS gate reports such a certificate (PKI-002). Predicate: an
 *      AttributeValue of issuer or subject is not one of mbedTLS's
 *      string types.
 *  D9  mbedTLS keeps issuerUniqueID and subjectUniqueID as bytes (in a
 *      constructed [1] or [2]); esv (since this target found it accepting
 *      anything there) and OpenSSL require a BIT STRING. Predicate: esv's
 *      parse refuses for that reason, or the walk failed inside a [1] or
 *      [2] after subjectPublicKeyInfo and mbedTLS accepts.
 *  D10 OpenSSL keeps an ANY (an AlgorithmIdentifier's parameters, an
 *      AttributeValue) as bytes, without reading inside a constructed
 *      one; esv's walk requires every constructed value, wherever it is,
 *      to hold well-formed TLVs (X.690 8.1.1, 10.1). Predicate: OpenSSL
 *      accepts, and the walk failed inside one of those fields (located
 *      here from the TLV headers alone).
 *  D11 mbedTLS takes a serialNumber tagged [2] (primitive) as well as an
 *      INTEGER, a workaround for an old broken encoder; esv and OpenSSL
 *      do not. Predicate: esv refuses the serialNumber and it is [2].
 *  D12 esv's model keeps a signatureValue with unused bits and PKI-013
 *      reports it; mbedTLS refuses the certificate. Predicate: esv saw
 *      unused bits and mbedTLS says INVALID_SIGNATURE.
 */
#define OPENSSL_API_COMPAT 30000
#define OPENSSL_NO_DEPRECATED

#include <mbedtls/ecp.h>
#include <mbedtls/oid.h>
#include <mbedtls/pk.h>
#include <mbedtls/x509_crt.h>
#include <openssl/asn1.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "der/der.h"
#include "pki/pki.h"

typedef struct diff_state {
    const uint8_t *data;
    size_t size;
    der_err walk;            /* the strict DER walk */
    size_t walk_off;         /* where it failed */
    int esv_rc;              /* pki_cert_parse: 0 or -1 */
    pki_parse_err esv_err;
    pki_cert c;
    int mbed_rc;             /* mbedtls_x509_crt_parse_der */
    int mbed_cb_rc;          /* the same with an accepting extension callback */
    mbedtls_x509_crt crt;
    X509 *x;                 /* d2i_X509, NULL when refused */
} diff_state;

/* --- the classes of known differences --- */

static int d1_ber(const diff_state *s)
{
    /* X.690 11.5 in esv's model: a DEFAULT value written out (an
     * Extension's critical FALSE), which BER allows and the others take */
    if (s->walk == DER_OK && s->esv_rc != 0 && s->esv_err.what != NULL &&
        strstr(s->esv_err.what, "DER omits a DEFAULT value") != NULL)
        return 1;
    switch (s->walk) {
    case DER_E_INDEFINITE:
    case DER_E_LEN_NONMINIMAL:
    case DER_E_BOOLEAN:
    case DER_E_INTEGER:
    case DER_E_OID:
    case DER_E_BITSTRING:
    case DER_E_UTCTIME:
    case DER_E_GENTIME:
    case DER_E_STRING:
    case DER_E_NULL:
    case DER_E_FORM:
    case DER_E_TAG:
    case DER_E_EOC:
        return 1;
    default:
        return 0;
    }
}

static int mbed_high(int rc)
{
    return -((-rc) & 0xFF80);
}

/* A refusal by mbedTLS's key parser: a PK- code, or an ECP- one it
 * passes on (mbedtls/error.h: PK 0x3880..0x3F80, ECP 0x4B00..0x4F80). */
static int is_pk_error(int rc)
{
    int h = -mbed_high(rc);
    return (h >= 0x3880 && h <= 0x3F80) || (h >= 0x4B00 && h <= 0x4F80);
}

/* Is the subjectPublicKey an uncompressed valid point on one of esv's two
 * curves (what PKI-008/009/011 require)? mbedTLS's ECP module decides. */
static int key_usable(const pki_cert *c)
{
    mbedtls_ecp_group grp;
    mbedtls_ecp_point q;
    mbedtls_ecp_group_id id;
    int ok;
    if (c->curve == ESV_CURVE_P256)
        id = MBEDTLS_ECP_DP_SECP256R1;
    else if (c->curve == ESV_CURVE_BP256R1)
        id = MBEDTLS_ECP_DP_BP256R1;
    else
        return 0;
    if (c->pubkey_unused_bits || c->pubkey.len != 65 || c->pubkey.p[0] != 0x04)
        return 0;
    mbedtls_ecp_group_init(&grp);
    mbedtls_ecp_point_init(&q);
    ok = mbedtls_ecp_group_load(&grp, id) == 0 &&
         mbedtls_ecp_point_read_binary(&grp, &q, c->pubkey.p, c->pubkey.len) == 0 &&
         mbedtls_ecp_check_pubkey(&grp, &q) == 0;
    mbedtls_ecp_point_free(&q);
    mbedtls_ecp_group_free(&grp);
    return ok;
}

static int d2_key(const diff_state *s)
{
    return s->esv_rc == 0 && is_pk_error(s->mbed_cb_rc) && !key_usable(&s->c);
}

static int accept_ext(void *ctx, mbedtls_x509_crt const *crt, mbedtls_x509_buf const *oid,
                      int critical, const unsigned char *p, const unsigned char *end)
{
    (void)ctx;
    (void)crt;
    (void)oid;
    (void)critical;
    (void)p;
    (void)end;
    return 0;
}

static int d3_critical(const diff_state *s)
{
    return s->mbed_rc != 0 && s->mbed_cb_rc == 0;
}

static int d4_ext(const diff_state *s)
{
    size_t i;
    if (s->esv_rc != 0 || mbed_high(s->mbed_cb_rc) != MBEDTLS_ERR_X509_INVALID_EXTENSIONS)
        return 0;
    if (s->c.ext_overflow)
        return 1;
    for (i = 0; i < s->c.n_ext; i++)
        if (s->c.ext[i].malformed)
            return 1;
    for (i = 1; i < PKI_EXT_COUNT; i++)
        if (s->c.ext_count[i] > 1)
            return 1;
    return 0;
}

static int d5_alg(const diff_state *s)
{
    int h = mbed_high(s->mbed_cb_rc);
    return s->mbed_cb_rc != 0 && (h == MBEDTLS_ERR_X509_UNKNOWN_SIG_ALG || h == MBEDTLS_ERR_X509_SIG_MISMATCH ||
                               h == MBEDTLS_ERR_X509_INVALID_ALG);
}

static int d6_schema(const diff_state *s)
{
    static const char *const reasons[] = {
        "extensions in a certificate that is not v3",
        "unique identifier in a v1 certificate",
        "version is not v1, v2 or v3",
        "version v1 encoded explicitly (DER omits a DEFAULT value)",
        "empty Extensions (SIZE (1..MAX))",
        "Extension critical FALSE encoded (DER omits a DEFAULT value)",
        "issuer is not a Name",
        "subject is not a Name",
    };
    size_t i;
    if (s->walk != DER_OK || s->esv_rc == 0 || s->esv_err.what == NULL)
        return 0;
    for (i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
        if (strcmp(s->esv_err.what, reasons[i]) == 0)
            return 1;
    return 0;
}

static int d7_trailing(const diff_state *s)
{
    return s->walk == DER_E_TRAILING;
}

/* Does the Name hold an AttributeValue that is not one of the string
 * types mbedTLS's name parser takes (x509.c, x509_get_attr_type_value)? */
static int name_has_nonstring(const pki_name *n)
{
    der_cursor rdns, set, atv;
    der_tlv rdn, a, oid, val;
    der_cursor_init(&rdns, n->raw.p, n->raw.len, 0);
    if (der_read_tlv(&rdns, &rdn, NULL) != DER_OK)
        return 0;
    der_cursor_enter(&rdns, &rdn);
    while (der_read_tlv(&rdns, &rdn, NULL) == DER_OK) {
        der_cursor_enter(&set, &rdn);
        while (der_read_tlv(&set, &a, NULL) == DER_OK) {
            der_cursor_enter(&atv, &a);
            if (der_read_tlv(&atv, &oid, NULL) != DER_OK || der_read_tlv(&atv, &val, NULL) != DER_OK)
                continue;
            if (val.cls != DER_CLASS_UNIVERSAL || val.constructed)
                return 1;
            switch (val.tag) {
            case 3: case 12: case 19: case 20: case 22: case 28: case 30:
                break; /* BIT, UTF8, Printable, T61, IA5, Universal, BMP */
            default:
                return 1;
            }
        }
    }
    return 0;
}

static int d8_attr(const diff_state *s)
{
    return s->esv_rc == 0 && (name_has_nonstring(&s->c.issuer) || name_has_nonstring(&s->c.subject));
}



/* The k-th child TLV of t (headers read, contents not looked into). */
static int child(const der_tlv *t, size_t k, der_tlv *out)
{
    der_cursor c;
    der_cursor_enter(&c, t);
    do {
        if (der_read_tlv(&c, out, NULL) != DER_OK)
            return -1;
    } while (k-- > 0);
    return 0;
}

/* Inside t or just at its end: where the walk reports contents that a
 * header inside t promises and t does not hold. */
static int inside_or_end(const der_tlv *t, size_t off)
{
    return off >= t->off && off <= t->off + der_tlv_size(t);
}

/* Is off inside the parameters of AlgorithmIdentifier alg (after its OID)? */
static int in_params(const der_tlv *alg, size_t off)
{
    der_tlv oid;
    return inside_or_end(alg, off) && child(alg, 0, &oid) == 0 && off > oid.off + der_tlv_size(&oid);
}

/* Is off inside an AttributeValue of the Name name? */
static int in_attr_value(const der_tlv *name, size_t off)
{
    der_tlv rdn, atv, oid;
    size_t i, j;
    for (i = 0; child(name, i, &rdn) == 0; i++) {
        if (!inside_or_end(&rdn, off))
            continue;
        for (j = 0; child(&rdn, j, &atv) == 0; j++)
            if (inside_or_end(&atv, off))
                return child(&atv, 0, &oid) == 0 && off > oid.off + der_tlv_size(&oid);
        return 0;
    }
    return 0;
}

/* Where the walk failed: inside an ANY of the certificate (an
 * AlgorithmIdentifier's parameters, an AttributeValue)? Located with
 * headers only, leniently. */
static int in_any(const uint8_t *data, size_t size, size_t off)
{
    der_cursor top;
    der_tlv cert, tbs, first, t;
    size_t sig;
    der_cursor_init(&top, data, size, 0);
    if (der_read_tlv(&top, &cert, NULL) != DER_OK || child(&cert, 0, &tbs) != 0)
        return 0;
    if (child(&cert, 1, &t) == 0 && in_params(&t, off))
        return 1;
    if (child(&tbs, 0, &first) != 0)
        return 0;
    sig = first.cls == DER_CLASS_CONTEXT && first.tag == 0 ? 2 : 1;
    if (child(&tbs, sig, &t) == 0 && in_params(&t, off))
        return 1;
    if ((child(&tbs, sig + 1, &t) == 0 && in_attr_value(&t, off)) ||
        (child(&tbs, sig + 3, &t) == 0 && in_attr_value(&t, off)))
        return 1;
    if (child(&tbs, sig + 4, &t) == 0 && child(&t, 0, &t) == 0 && in_params(&t, off))
        return 1;
    return 0;
}

static int d10_any(const diff_state *s)
{
    return s->walk != DER_OK && s->x != NULL && in_any(s->data, s->size, s->walk_off);
}

/* mbedTLS (x509_get_serial) also takes a serialNumber tagged [2]
 * primitive, a workaround for a broken encoder of old. */
static int d11_serial(const diff_state *s)
{
    der_cursor top;
    der_tlv cert, tbs, first, serial;
    if (s->walk != DER_OK || s->esv_rc == 0 || s->esv_err.what == NULL ||
        strcmp(s->esv_err.what, "serialNumber is not an INTEGER") != 0)
        return 0;
    der_cursor_init(&top, s->data, s->size, 0);
    if (der_read_tlv(&top, &cert, NULL) != DER_OK || child(&cert, 0, &tbs) != 0 ||
        child(&tbs, 0, &first) != 0)
        return 0;
    if (child(&tbs, first.cls == DER_CLASS_CONTEXT && first.tag == 0 ? 1 : 0, &serial) != 0)
        return 0;
    return serial.cls == DER_CLASS_CONTEXT && serial.tag == 2 && !serial.constructed;
}

/* esv's model keeps the signatureValue's unused-bits octet for PKI-013;
 * mbedTLS (mbedtls_asn1_get_bitstring_null) refuses any but 0. */
static int d12_sig_bits(const diff_state *s)
{
    return s->esv_rc == 0 && s->c.sig_unused_bits &&
           mbed_high(s->mbed_cb_rc) == MBEDTLS_ERR_X509_INVALID_SIGNATURE;
}

/* Is off inside issuerUniqueID [1] or subjectUniqueID [2] of the
 * TBSCertificate (located from the headers alone)? */
static int in_unique_id(const uint8_t *data, size_t size, size_t off)
{
    der_cursor top;
    der_tlv cert, tbs, t;
    size_t i;
    der_cursor_init(&top, data, size, 0);
    if (der_read_tlv(&top, &cert, NULL) != DER_OK || child(&cert, 0, &tbs) != 0)
        return 0;
    for (i = 0; child(&tbs, i, &t) == 0; i++)
        if (t.cls == DER_CLASS_CONTEXT && (t.tag == 1 || t.tag == 2) && i >= 6 && inside_or_end(&t, off) &&
            off > t.off)
            return 1;
    return 0;
}

static int d9_uid(const diff_state *s)
{
    if (s->walk != DER_OK)
        return s->mbed_rc == 0 && in_unique_id(s->data, s->size, s->walk_off);
    return s->esv_rc != 0 && s->esv_err.what != NULL &&
           strcmp(s->esv_err.what, "issuerUniqueID or subjectUniqueID is not a BIT STRING") == 0;
}

/* Which disagreement a class may explain: esv and mbedTLS, esv and
 * OpenSSL. */
#define WITH_MBEDTLS 1u
#define WITH_OPENSSL 2u

typedef struct diff_class {
    const char *id;
    unsigned with;
    int (*applies)(const diff_state *s);
} diff_class;

static const diff_class CLASSES[] = {
    {"D1", WITH_MBEDTLS | WITH_OPENSSL, d1_ber},
    {"D2", WITH_MBEDTLS, d2_key},
    {"D3", WITH_MBEDTLS, d3_critical},
    {"D4", WITH_MBEDTLS, d4_ext},
    {"D5", WITH_MBEDTLS, d5_alg},
    {"D6", WITH_OPENSSL, d6_schema},
    {"D7", WITH_MBEDTLS, d7_trailing},
    {"D8", WITH_MBEDTLS | WITH_OPENSSL, d8_attr},
    {"D9", WITH_MBEDTLS, d9_uid},
    {"D10", WITH_OPENSSL, d10_any},
    {"D11", WITH_MBEDTLS, d11_serial},
    {"D12", WITH_MBEDTLS, d12_sig_bits},
};

/* With ESV_DIFF_TRACE set in the environment, the class that explains
 * each disagreement is printed (to sort inputs by class). */
static int explained(const diff_state *s, unsigned with)
{
    size_t i;
    for (i = 0; i < sizeof(CLASSES) / sizeof(CLASSES[0]); i++)
        if ((CLASSES[i].with & with) && CLASSES[i].applies(s)) {
            if (getenv("ESV_DIFF_TRACE") != NULL)
                fprintf(stderr, "fuzz_x509_diff: %s (%s)\n", CLASSES[i].id,
                        with == WITH_MBEDTLS ? "mbedTLS" : "OpenSSL");
            return 1;
        }
    return 0;
}

static void disagree(const diff_state *s, const char *what)
{
    fprintf(stderr, "fuzz_x509_diff: %s (walk %d, esv %d%s%s, mbedTLS -0x%04X / -0x%04X with the callback, OpenSSL %s)\n",
            what, (int)s->walk, s->esv_rc, s->esv_rc ? ": " : "", s->esv_rc ? s->esv_err.what : "",
            (unsigned)-s->mbed_rc, (unsigned)-s->mbed_cb_rc, s->x != NULL ? "accepts" : "refuses");
    abort();
}

/* --- field comparisons --- */

static int span_is(const pki_span *sp, const uint8_t *p, size_t len)
{
    return sp->len == len && (len == 0 || memcmp(sp->p, p, len) == 0);
}

static int time_is(const der_time *t, const mbedtls_x509_time *m)
{
    return t->year == m->year && t->month == m->mon && t->day == m->day && t->hour == m->hour &&
           t->minute == m->min && t->second == m->sec;
}

static void compare_mbedtls(const diff_state *s)
{
    const pki_cert *c = &s->c;
    const mbedtls_x509_crt *m = &s->crt;
    int types = 0;
    const pki_ext *bc, *ku;

    if (!span_is(&c->serial, m->serial.p, m->serial.len))
        disagree(s, "serialNumber differs from mbedTLS's");
    if (!span_is(&c->issuer.raw, m->issuer_raw.p, m->issuer_raw.len) ||
        !span_is(&c->subject.raw, m->subject_raw.p, m->subject_raw.len))
        disagree(s, "issuer or subject differs from mbedTLS's");
    if (!time_is(&c->nb_t, &m->valid_from) || !time_is(&c->na_t, &m->valid_to))
        disagree(s, "validity differs from mbedTLS's");
    if (m->pk_raw.len < c->pubkey.len ||
        memcmp(m->pk_raw.p + m->pk_raw.len - c->pubkey.len, c->pubkey.p, c->pubkey.len) != 0)
        disagree(s, "subjectPublicKey differs from mbedTLS's");
    /* the extension types mbedTLS decodes */
    if (pki_ext_get(c, PKI_EXT_BC))
        types |= MBEDTLS_X509_EXT_BASIC_CONSTRAINTS;
    if (pki_ext_get(c, PKI_EXT_KU))
        types |= MBEDTLS_X509_EXT_KEY_USAGE;
    if (pki_ext_get(c, PKI_EXT_EKU))
        types |= MBEDTLS_X509_EXT_EXTENDED_KEY_USAGE;
    if (pki_ext_get(c, PKI_EXT_SAN))
        types |= MBEDTLS_X509_EXT_SUBJECT_ALT_NAME;
    if (pki_ext_get(c, PKI_EXT_CP))
        types |= MBEDTLS_X509_EXT_CERTIFICATE_POLICIES;
    if ((m->ext_types & (MBEDTLS_X509_EXT_BASIC_CONSTRAINTS | MBEDTLS_X509_EXT_KEY_USAGE |
                         MBEDTLS_X509_EXT_EXTENDED_KEY_USAGE | MBEDTLS_X509_EXT_SUBJECT_ALT_NAME |
                         MBEDTLS_X509_EXT_CERTIFICATE_POLICIES)) != types)
        disagree(s, "the extensions mbedTLS decodes are not the ones esv found");
    bc = pki_ext_get(c, PKI_EXT_BC);
    if (bc != NULL && !bc->malformed &&
        (m->ca_istrue != (int)c->ca || (c->pathlen >= 0 ? m->max_pathlen != c->pathlen + 1 : m->max_pathlen != 0)))
        disagree(s, "basicConstraints differs from mbedTLS's");
    ku = pki_ext_get(c, PKI_EXT_KU);
    if (ku != NULL && !ku->malformed &&
        (!!(m->key_usage & MBEDTLS_X509_KU_DIGITAL_SIGNATURE) != !!(c->ku & PKI_KU_DIGITAL_SIGNATURE) ||
         !!(m->key_usage & MBEDTLS_X509_KU_KEY_CERT_SIGN) != !!(c->ku & PKI_KU_KEY_CERT_SIGN) ||
         !!(m->key_usage & MBEDTLS_X509_KU_CRL_SIGN) != !!(c->ku & PKI_KU_CRL_SIGN)))
        disagree(s, "keyUsage differs from mbedTLS's");
}

/* DER of an OpenSSL value into buf (NULL on failure or when too big). */
#define I2D_INTO(fn, v, buf, len)                                             \
    do {                                                                      \
        unsigned char *w_ = (buf);                                            \
        int n_ = fn((v), NULL);                                               \
        (len) = 0;                                                            \
        if (n_ > 0 && (size_t)n_ <= sizeof(buf) && fn((v), &w_) == n_)        \
            (len) = (size_t)n_;                                               \
    } while (0)

/* Does the DER TLV buf[0..len) hold exactly the contents sp? */
static int tlv_holds(const uint8_t *buf, size_t len, const pki_span *sp)
{
    der_cursor cur;
    der_tlv t;
    der_cursor_init(&cur, buf, len, 0);
    if (der_read_tlv(&cur, &t, NULL) != DER_OK || !der_cursor_done(&cur))
        return 0;
    return t.len == sp->len && (t.len == 0 || memcmp(t.val, sp->p, t.len) == 0);
}

static int ossl_time_is(const der_time *t, const ASN1_TIME *a)
{
    struct tm tm;
    if (a == NULL || ASN1_TIME_to_tm(a, &tm) != 1)
        return 0;
    return t->year == tm.tm_year + 1900 && t->month == tm.tm_mon + 1 && t->day == tm.tm_mday &&
           t->hour == tm.tm_hour && t->minute == tm.tm_min && t->second == tm.tm_sec;
}

static void compare_openssl(const diff_state *s)
{
    const pki_cert *c = &s->c;
    X509 *x = s->x;
    unsigned char buf[4096];
    size_t len, i;
    const ASN1_INTEGER *serial = X509_get0_serialNumber(x);
    const ASN1_BIT_STRING *key;
    int n;

    if (serial == NULL)
        disagree(s, "OpenSSL has no serialNumber");
    I2D_INTO(i2d_ASN1_INTEGER, serial, buf, len);
    if (!tlv_holds(buf, len, &c->serial))
        disagree(s, "serialNumber differs from OpenSSL's");
    I2D_INTO(i2d_X509_NAME, X509_get_issuer_name(x), buf, len);
    if (!span_is(&c->issuer.raw, buf, len))
        disagree(s, "issuer differs from OpenSSL's");
    I2D_INTO(i2d_X509_NAME, X509_get_subject_name(x), buf, len);
    if (!span_is(&c->subject.raw, buf, len))
        disagree(s, "subject differs from OpenSSL's");
    if (!ossl_time_is(&c->nb_t, X509_get0_notBefore(x)) || !ossl_time_is(&c->na_t, X509_get0_notAfter(x)))
        disagree(s, "validity differs from OpenSSL's");
    key = X509_get0_pubkey_bitstr(x);
    if (key == NULL || !span_is(&c->pubkey, key->data, (size_t)key->length))
        disagree(s, "subjectPublicKey differs from OpenSSL's");
    /* the extensions, as d2i read them (nothing lazy: OID, flag, order) */
    n = X509_get_ext_count(x);
    if (!c->ext_overflow && (size_t)n != c->n_ext)
        disagree(s, "OpenSSL counts another number of extensions");
    for (i = 0; i < c->n_ext && (int)i < n; i++) {
        X509_EXTENSION *e = X509_get_ext(x, (int)i);
        const ASN1_OBJECT *o = X509_EXTENSION_get_object(e);
        I2D_INTO(i2d_ASN1_OBJECT, o, buf, len);
        if (!tlv_holds(buf, len, &c->ext[i].oid) || (X509_EXTENSION_get_critical(e) != 0) != c->ext[i].critical)
            disagree(s, "an extension's OID or critical flag differs from OpenSSL's");
        if (!span_is(&c->ext[i].value, X509_EXTENSION_get_data(e)->data,
                     (size_t)X509_EXTENSION_get_data(e)->length))
            disagree(s, "an extension's value differs from OpenSSL's");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    diff_state s;
    der_limits lim;
    der_result res;
    const unsigned char *p = data;
    int esv_ok, mbed_ok, ossl_ok;

    memset(&s, 0, sizeof(s));
    s.data = data;
    s.size = size;
    der_limits_default(&lim);
    s.walk = der_walk(data, size, 0, &lim, DER_WALK_CONTENTS, &res);
    s.walk_off = res.off;
    s.esv_rc = -1;
    if (s.walk == DER_OK)
        s.esv_rc = pki_cert_parse(&s.c, data, size, 0, &s.esv_err);
    mbedtls_x509_crt_init(&s.crt);
    s.mbed_rc = mbedtls_x509_crt_parse_der(&s.crt, data, size);
    s.mbed_cb_rc = s.mbed_rc;
    if (s.mbed_rc != 0) {
        mbedtls_x509_crt crt;
        mbedtls_x509_crt_init(&crt);
        s.mbed_cb_rc = mbedtls_x509_crt_parse_der_with_ext_cb(&crt, data, size, 0, accept_ext, NULL);
        mbedtls_x509_crt_free(&crt);
    }
    s.x = d2i_X509(NULL, &p, (long)size);
    if (s.x != NULL && p != data + size) {
        X509_free(s.x); /* bytes after the certificate: not one certificate */
        s.x = NULL;
    }
    esv_ok = s.esv_rc == 0;
    mbed_ok = s.mbed_rc == 0;
    ossl_ok = s.x != NULL;

    if (esv_ok != mbed_ok && !explained(&s, WITH_MBEDTLS))
        disagree(&s, esv_ok ? "esv accepts, mbedTLS refuses" : "mbedTLS accepts, esv refuses");
    if (esv_ok != ossl_ok && !explained(&s, WITH_OPENSSL))
        disagree(&s, esv_ok ? "esv accepts, OpenSSL refuses" : "OpenSSL accepts, esv refuses");
    if (esv_ok && mbed_ok)
        compare_mbedtls(&s);
    if (esv_ok && ossl_ok)
        compare_openssl(&s);

    X509_free(s.x);
    mbedtls_x509_crt_free(&s.crt);
    return 0;
}
