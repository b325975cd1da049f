/*
 * crl.c - CertificateList (RFC 5280 5.1) into pki_crl.
 *
 * CertificateList ::= SEQUENCE { tbsCertList TBSCertList,
 *     signatureAlgorithm AlgorithmIdentifier, signatureValue BIT STRING }
 * TBSCertList ::= SEQUENCE { version Version OPTIONAL (v2), signature,
 *     issuer Name, thisUpdate Time, nextUpdate Time OPTIONAL,
 *     revokedCertificates SEQUENCE OF SEQUENCE { userCertificate
 *     CertificateSerialNumber, revocationDate Time, crlEntryExtensions
 *     Extensions OPTIONAL } OPTIONAL, crlExtensions [0] EXPLICIT Extensions
 *     OPTIONAL }
 *
 * esv applies complete CRLs only (RFC 5280 6.3.3): a CRL that is a delta,
 * covers part of its issuer's certificates by distribution point or
 * reason, lists certificates of other issuers, or carries a critical
 * extension esv does not process still parses, but is marked not applied
 * with the reason (PKI-063 at verification). A CRL whose structure is
 * wrong does not parse at all.
 */
#include <string.h>

#include "crl.h"

/* OID contents of the extensions esv knows (RFC 5280 5.2, 5.3). */
#define OID_AKI "\x55\x1d\x23"               /* 2.5.29.35 */
#define OID_CRL_NUMBER "\x55\x1d\x14"        /* 2.5.29.20 */
#define OID_DELTA "\x55\x1d\x1b"             /* 2.5.29.27 deltaCRLIndicator */
#define OID_IDP "\x55\x1d\x1c"               /* 2.5.29.28 issuingDistributionPoint */
#define OID_FRESHEST "\x55\x1d\x2e"          /* 2.5.29.46 freshestCRL */
#define OID_AIA "\x2b\x06\x01\x05\x05\x07\x01\x01" /* 1.3.6.1.5.5.7.1.1 */
#define OID_REASON "\x55\x1d\x15"            /* 2.5.29.21 reasonCode */
#define OID_INVALIDITY "\x55\x1d\x18"        /* 2.5.29.24 invalidityDate */
#define OID_CERT_ISSUER "\x55\x1d\x1d"       /* 2.5.29.29 certificateIssuer */

#define OID_IS(t, lit) ((t)->len == sizeof(lit) - 1 && memcmp((t)->val, lit, sizeof(lit) - 1) == 0)

static int rd_time(der_cursor *c, der_time *dt, int64_t *out)
{
    der_tlv t;
    if (der_read_tlv(c, &t, NULL) != DER_OK)
        return -1;
    return pki_parse_time(&t, dt, out, NULL);
}

static bool is_time(const der_cursor *c)
{
    der_tlv t;
    if (der_cursor_done(c) || der_peek_tlv(c, &t, NULL) != DER_OK)
        return false;
    return t.cls == DER_CLASS_UNIVERSAL &&
           (t.tag == DER_TAG_UTC_TIME || t.tag == DER_TAG_GENERALIZED_TIME);
}

/* The first reason found is the one reported. */
static void not_applied(pki_crl *crl, const char *why)
{
    if (crl->not_applied == NULL)
        crl->not_applied = why;
}

/* The next Extension of *seq (pki_read_extension, without the reason). */
static int read_ext(der_cursor *seq, der_tlv *oid, bool *critical, der_tlv *value)
{
    pki_parse_err err;
    return pki_read_extension(seq, oid, critical, value, &err);
}

/* RFC 5280 5.2.5 IssuingDistributionPoint ::= SEQUENCE {
 *     distributionPoint [0] DistributionPointName OPTIONAL,
 *     onlyContainsUserCerts [1] BOOLEAN DEFAULT FALSE,
 *     onlyContainsCACerts [2] BOOLEAN DEFAULT FALSE,
 *     onlySomeReasons [3] ReasonFlags OPTIONAL,
 *     indirectCRL [4] BOOLEAN DEFAULT FALSE,
 *     onlyContainsAttributeCerts [5] BOOLEAN DEFAULT FALSE }
 * esv applies an IDP that only narrows the CRL to user or to CA
 * certificates; any other says the CRL is not a complete CRL of its
 * issuer's certificates, and it is not applied. */
static void crl_idp(pki_crl *crl, const der_tlv *value)
{
    static const char *const field_why[6] = {
        "its issuingDistributionPoint names a distributionPoint (a CRL for part of its "
        "issuer's certificates)",
        NULL,
        NULL,
        "its issuingDistributionPoint has onlySomeReasons (a CRL for some revocation "
        "reasons only)",
        "its issuingDistributionPoint has indirectCRL (it may list other issuers' "
        "certificates)",
        "its issuingDistributionPoint has onlyContainsAttributeCerts",
    };
    static const char malformed[] =
        "its issuingDistributionPoint does not decode (or encodes a DEFAULT FALSE)";
    der_cursor v, in;
    der_tlv s, f;
    bool user = false, ca = false, any = false, flag;
    uint32_t last = 0;

    der_cursor_enter(&v, value);
    if (pki_expect(&v, &s, DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, true) || !der_cursor_done(&v)) {
        not_applied(crl, malformed);
        return;
    }
    der_cursor_enter(&in, &s);
    while (!der_cursor_done(&in)) {
        /* fields in tag order, each at most once */
        if (der_read_tlv(&in, &f, NULL) != DER_OK || f.cls != DER_CLASS_CONTEXT || f.tag > 5 ||
            (any && f.tag <= last)) {
            not_applied(crl, malformed);
            return;
        }
        any = true;
        last = f.tag;
        if (f.tag == 0 || f.tag == 3) {
            not_applied(crl, field_why[f.tag]);
            return;
        }
        /* the BOOLEANs: [n] IMPLICIT, so primitive, and only TRUE in DER */
        if (f.constructed || der_bool(f.val, f.len, &flag) != DER_OK || !flag) {
            not_applied(crl, malformed);
            return;
        }
        if (f.tag == 4 || f.tag == 5) {
            not_applied(crl, field_why[f.tag]);
            return;
        }
        if (f.tag == 1)
            user = true;
        else
            ca = true;
    }
    /* RFC 5280 5.2.5: at most one of the only... booleans is TRUE, and the
     * extension is never an empty SEQUENCE */
    if (user && ca)
        not_applied(crl, "its issuingDistributionPoint sets both onlyContainsUserCerts and "
                         "onlyContainsCACerts");
    else if (!user && !ca)
        not_applied(crl, "its issuingDistributionPoint is an empty SEQUENCE");
    else
        crl->scope = user ? PKI_CRL_USER : PKI_CRL_CA;
}

/* The AKI keyIdentifier, if any. A malformed AKI is not used to match
 * (the issuer name still is). */
static void crl_aki(pki_crl *crl, const der_tlv *value)
{
    der_cursor v, a;
    der_tlv as, k;
    der_cursor_enter(&v, value);
    if (pki_expect(&v, &as, DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, true))
        return;
    der_cursor_enter(&a, &as);
    if (!der_cursor_done(&a) && der_read_tlv(&a, &k, NULL) == DER_OK &&
        k.cls == DER_CLASS_CONTEXT && k.tag == 0 && !k.constructed)
        crl->aki = pki_span_of(&k, true);
}

/* The crlExtensions esv knows, one bit each, to see one twice. */
enum { X_AKI, X_CRL_NUMBER, X_DELTA, X_IDP, X_FRESHEST, X_AIA };

/* crlExtensions [0] EXPLICIT Extensions (RFC 5280 5.2). */
static int crl_exts(pki_crl *crl, const der_tlv *wrap)
{
    der_cursor w, seq;
    der_tlv s, oid, value;
    unsigned seen = 0;
    der_cursor_enter(&w, wrap);
    if (pki_expect(&w, &s, DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, true) || !der_cursor_done(&w))
        return -1;
    der_cursor_enter(&seq, &s);
    if (der_cursor_done(&seq))
        return -1; /* Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension */
    while (!der_cursor_done(&seq)) {
        bool critical;
        int id;
        if (read_ext(&seq, &oid, &critical, &value))
            return -1;
        id = OID_IS(&oid, OID_AKI)          ? X_AKI
             : OID_IS(&oid, OID_CRL_NUMBER) ? X_CRL_NUMBER
             : OID_IS(&oid, OID_DELTA)      ? X_DELTA
             : OID_IS(&oid, OID_IDP)        ? X_IDP
             : OID_IS(&oid, OID_FRESHEST)   ? X_FRESHEST
             : OID_IS(&oid, OID_AIA)        ? X_AIA
                                            : -1;
        if (id < 0) {
            /* RFC 5280 5.2: "If a CRL contains a critical extension that
             * the application cannot process, then the application MUST
             * NOT use that CRL to determine the status of certificates."
             * A non-critical one may be ignored. */
            if (critical)
                not_applied(crl, "it carries a critical extension esv does not process");
            continue;
        }
        /* X.509: each extension at most once; two IDPs could say two
         * scopes, two AKIs two issuers */
        if (seen & (1u << id)) {
            not_applied(crl, "it carries an extension twice");
            continue;
        }
        seen |= 1u << id;
        switch (id) {
        case X_AKI:
            crl_aki(crl, &value);
            break;
        case X_DELTA:
            /* RFC 5280 5.2.4, 6.3.3: a delta CRL lists only the changes
             * since a base CRL: a serial it does not list may still be
             * revoked */
            not_applied(crl, "it is a delta CRL (deltaCRLIndicator)");
            break;
        case X_IDP:
            crl_idp(crl, &value);
            break;
        default:
            /* cRLNumber, freshestCRL, authorityInfoAccess: nothing they
             * say changes what a complete CRL revokes */
            break;
        }
    }
    return 0;
}

/* crlEntryExtensions (RFC 5280 5.3) of one entry. */
static int entry_exts(pki_crl *crl, const der_tlv *exts)
{
    der_cursor seq;
    der_tlv oid, value;
    der_cursor_enter(&seq, exts);
    if (der_cursor_done(&seq))
        return -1; /* SIZE (1..MAX) */
    while (!der_cursor_done(&seq)) {
        bool critical;
        if (read_ext(&seq, &oid, &critical, &value))
            return -1;
        /* reasonCode, invalidityDate: the entry still revokes */
        if (OID_IS(&oid, OID_REASON) || OID_IS(&oid, OID_INVALIDITY))
            continue;
        /* RFC 5280 5.3.3: certificateIssuer says this entry and the ones
         * after it are another CA's certificates (an indirect CRL) */
        if (OID_IS(&oid, OID_CERT_ISSUER))
            not_applied(crl, "an entry names another certificate issuer (certificateIssuer: an "
                             "indirect CRL)");
        /* RFC 5280 5.3: "If a CRL contains a critical CRL entry extension
         * that the application cannot process, then the application MUST
         * NOT use that CRL to determine the status of any certificates." */
        else if (critical)
            not_applied(crl, "an entry carries a critical extension esv does not process");
    }
    return 0;
}

/* revokedCertificates: each entry SEQUENCE { userCertificate INTEGER,
 * revocationDate Time, crlEntryExtensions Extensions OPTIONAL } and
 * nothing after. */
static int crl_entries(pki_crl *crl, bool v2)
{
    der_cursor rc;
    der_cursor_init(&rc, crl->revoked.p, crl->revoked.len, crl->revoked.off);
    while (!der_cursor_done(&rc)) {
        der_tlv e, serial, x;
        der_cursor ec;
        der_time dt;
        int64_t when;
        if (pki_expect(&rc, &e, DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, true))
            return -1;
        der_cursor_enter(&ec, &e);
        if (pki_expect(&ec, &serial, DER_CLASS_UNIVERSAL, DER_TAG_INTEGER, false) ||
            rd_time(&ec, &dt, &when))
            return -1;
        if (der_cursor_done(&ec))
            continue;
        /* RFC 5280 5.1.2.6: entry extensions only in a v2 CRL */
        if (!v2 || pki_expect(&ec, &x, DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, true) ||
            !der_cursor_done(&ec) || entry_exts(crl, &x))
            return -1;
    }
    return 0;
}

int pki_crl_parse(pki_crl *crl, uint8_t *der, size_t len)
{
    der_cursor top, cl, tbs;
    der_tlv c, t, sa, sv, x;
    bool v2 = false;

    memset(crl, 0, sizeof(*crl));
    atomic_init(&crl->verdict, 0);
    crl->der = der;
    crl->len = len;
    crl->next_update = INT64_MAX;
    crl->scope = PKI_CRL_ALL;
    der_cursor_init(&top, der, len, 0);
    if (pki_expect(&top, &c, DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, true) || !der_cursor_done(&top))
        return -1;
    der_cursor_enter(&cl, &c);
    if (pki_expect(&cl, &t, DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, true) ||
        pki_expect(&cl, &sa, DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, true) ||
        pki_expect(&cl, &sv, DER_CLASS_UNIVERSAL, DER_TAG_BIT_STRING, false) || !der_cursor_done(&cl) ||
        sv.len < 1 || sv.val[0] != 0)
        return -1;
    crl->tbs = pki_span_of(&t, false);
    crl->sigalg = pki_span_of(&sa, false);
    crl->sig.p = sv.val + 1;
    crl->sig.len = sv.len - 1;
    crl->sig.off = sv.off + sv.hdr_len + 1;

    der_cursor_enter(&tbs, &t);
    if (der_peek_tlv(&tbs, &x, NULL) == DER_OK && x.cls == DER_CLASS_UNIVERSAL &&
        x.tag == DER_TAG_INTEGER) {
        int64_t v;
        (void)der_read_tlv(&tbs, &x, NULL);
        if (der_int_to_i64(x.val, x.len, &v) != DER_OK || v != 1)
            return -1; /* only v2 is ever encoded */
        v2 = true;
    }
    /* RFC 5280 5.1.2.2: signature MUST equal signatureAlgorithm. mbedTLS
     * checks this too, but only after the extensions, so a CRL it refuses
     * over a critical extension was not checked for it. */
    if (pki_expect(&tbs, &x, DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, true))
        return -1;
    {
        pki_span inner = pki_span_of(&x, false);
        if (!pki_span_eq(&inner, &crl->sigalg))
            return -1;
    }
    if (pki_expect(&tbs, &x, DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, true))
        return -1;
    crl->issuer.raw = pki_span_of(&x, false);
    if (rd_time(&tbs, &crl->this_t, &crl->this_update))
        return -1;
    if (is_time(&tbs)) {
        if (rd_time(&tbs, &crl->next_t, &crl->next_update))
            return -1;
        crl->has_next = true;
    }
    /* RFC 5280 5.1.2.4, 5.1.2.5: GeneralizedTime values MUST NOT include
     * fractional seconds; such a CRL's times are not trusted to bound it. */
    if (crl->this_t.fraction || (crl->has_next && crl->next_t.fraction))
        not_applied(crl, "thisUpdate or nextUpdate is a GeneralizedTime with fractional seconds");
    if (!der_cursor_done(&tbs) && der_peek_tlv(&tbs, &x, NULL) == DER_OK &&
        x.cls == DER_CLASS_UNIVERSAL && x.tag == DER_TAG_SEQUENCE) {
        (void)der_read_tlv(&tbs, &x, NULL);
        crl->revoked = pki_span_of(&x, true);
        if (crl_entries(crl, v2))
            return -1;
    }
    if (!der_cursor_done(&tbs)) {
        /* RFC 5280 5.1.2.7: crlExtensions only in a v2 CRL */
        if (!v2 || der_read_tlv(&tbs, &x, NULL) != DER_OK || x.cls != DER_CLASS_CONTEXT ||
            x.tag != 0 || !x.constructed || crl_exts(crl, &x) || !der_cursor_done(&tbs))
            return -1;
    }
    return 0;
}

bool pki_crl_lists(const pki_crl *crl, const pki_span *serial)
{
    der_cursor rc;
    der_cursor_init(&rc, crl->revoked.p, crl->revoked.len, crl->revoked.off);
    while (!der_cursor_done(&rc)) {
        der_tlv e, s;
        der_cursor ec;
        if (der_read_tlv(&rc, &e, NULL) != DER_OK)
            return false;
        der_cursor_enter(&ec, &e);
        if (der_read_tlv(&ec, &s, NULL) != DER_OK)
            return false;
        if (s.len == serial->len && memcmp(s.val, serial->p, s.len) == 0)
            return true;
    }
    return false;
}

bool pki_crl_covers(const pki_crl *crl, const pki_cert *c)
{
    bool ca = pki_asserts_ca(c);
    switch (crl->scope) {
    case PKI_CRL_USER:
        /* RFC 5280 6.3.3 (b)(2)(ii): onlyContainsUserCerts: the
         * certificate must not have basicConstraints with cA asserted */
        return !ca;
    case PKI_CRL_CA:
        /* 6.3.3 (b)(2)(iii): onlyContainsCACerts: it must have it */
        return ca;
    default:
        return true;
    }
}
