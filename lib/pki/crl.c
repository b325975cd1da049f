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
 */
#include <string.h>

#include "crl.h"

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

/* The AKI keyIdentifier among the crlExtensions, if any. */
static int crl_exts(pki_crl *crl, const der_tlv *wrap)
{
    der_cursor w, seq, ex, v, a;
    der_tlv s, e, oid, t, as, k;
    der_cursor_enter(&w, wrap);
    if (pki_expect(&w, &s, DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, true) || !der_cursor_done(&w))
        return -1;
    der_cursor_enter(&seq, &s);
    while (!der_cursor_done(&seq)) {
        if (pki_expect(&seq, &e, DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, true))
            return -1;
        der_cursor_enter(&ex, &e);
        if (pki_expect(&ex, &oid, DER_CLASS_UNIVERSAL, DER_TAG_OID, false))
            return -1;
        if (der_read_tlv(&ex, &t, NULL) != DER_OK)
            return -1;
        if (t.cls == DER_CLASS_UNIVERSAL && t.tag == DER_TAG_BOOLEAN &&
            der_read_tlv(&ex, &t, NULL) != DER_OK)
            return -1;
        if (t.cls != DER_CLASS_UNIVERSAL || t.tag != DER_TAG_OCTET_STRING || !der_cursor_done(&ex))
            return -1;
        if (oid.len == 3 && memcmp(oid.val, "\x55\x1d\x23", 3) == 0) {
            der_cursor_enter(&v, &t);
            if (pki_expect(&v, &as, DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, true))
                return -1;
            der_cursor_enter(&a, &as);
            if (!der_cursor_done(&a) && der_read_tlv(&a, &k, NULL) == DER_OK &&
                k.cls == DER_CLASS_CONTEXT && k.tag == 0 && !k.constructed)
                crl->aki = pki_span_of(&k, true);
        }
    }
    return 0;
}

int pki_crl_parse(pki_crl *crl, uint8_t *der, size_t len)
{
    der_cursor top, cl, tbs;
    der_tlv c, t, sa, sv, x;

    memset(crl, 0, sizeof(*crl));
    atomic_init(&crl->verdict, 0);
    crl->der = der;
    crl->len = len;
    crl->next_update = INT64_MAX;
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
    }
    if (pki_expect(&tbs, &x, DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, true)) /* signature */
        return -1;
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
    if (!der_cursor_done(&tbs) && der_peek_tlv(&tbs, &x, NULL) == DER_OK &&
        x.cls == DER_CLASS_UNIVERSAL && x.tag == DER_TAG_SEQUENCE) {
        (void)der_read_tlv(&tbs, &x, NULL);
        crl->revoked = pki_span_of(&x, true);
        /* Each entry: SEQUENCE { INTEGER, Time, Extensions OPTIONAL } */
        der_cursor rc;
        der_cursor_init(&rc, crl->revoked.p, crl->revoked.len, crl->revoked.off);
        while (!der_cursor_done(&rc)) {
            der_tlv e, s;
            der_cursor ec;
            der_time dt;
            int64_t when;
            if (pki_expect(&rc, &e, DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, true))
                return -1;
            der_cursor_enter(&ec, &e);
            if (pki_expect(&ec, &s, DER_CLASS_UNIVERSAL, DER_TAG_INTEGER, false) || rd_time(&ec, &dt, &when))
                return -1;
        }
    }
    if (!der_cursor_done(&tbs)) {
        if (der_read_tlv(&tbs, &x, NULL) != DER_OK || x.cls != DER_CLASS_CONTEXT || x.tag != 0 ||
            !x.constructed || crl_exts(crl, &x) || !der_cursor_done(&tbs))
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
