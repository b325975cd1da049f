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

static int rd(der_cursor *c, der_tlv *t, uint8_t cls, uint32_t tag, bool cons)
{
    if (der_read_tlv(c, t, NULL) != DER_OK)
        return -1;
    return (t->cls == cls && t->tag == tag && t->constructed == cons) ? 0 : -1;
}

static pki_span whole(const der_tlv *t)
{
    pki_span s = {t->val - t->hdr_len, der_tlv_size(t), t->off};
    return s;
}

static pki_span contents(const der_tlv *t)
{
    pki_span s = {t->val, t->len, t->off + t->hdr_len};
    return s;
}

static int rd_time(der_cursor *c, der_time *dt, int64_t *out)
{
    der_tlv t;
    if (der_read_tlv(c, &t, NULL) != DER_OK || t.cls != DER_CLASS_UNIVERSAL || t.constructed)
        return -1;
    if (t.tag == DER_TAG_UTC_TIME ? der_utctime(t.val, t.len, dt) != DER_OK
        : t.tag == DER_TAG_GENERALIZED_TIME ? der_gentime(t.val, t.len, dt) != DER_OK
                                            : 1)
        return -1;
    *out = der_time_to_unix(dt);
    return 0;
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
    if (rd(&w, &s, DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, true) || !der_cursor_done(&w))
        return -1;
    der_cursor_enter(&seq, &s);
    while (!der_cursor_done(&seq)) {
        if (rd(&seq, &e, DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, true))
            return -1;
        der_cursor_enter(&ex, &e);
        if (rd(&ex, &oid, DER_CLASS_UNIVERSAL, DER_TAG_OID, false))
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
            if (rd(&v, &as, DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, true))
                return -1;
            der_cursor_enter(&a, &as);
            if (!der_cursor_done(&a) && der_read_tlv(&a, &k, NULL) == DER_OK &&
                k.cls == DER_CLASS_CONTEXT && k.tag == 0 && !k.constructed)
                crl->aki = contents(&k);
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
    if (rd(&top, &c, DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, true) || !der_cursor_done(&top))
        return -1;
    der_cursor_enter(&cl, &c);
    if (rd(&cl, &t, DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, true) ||
        rd(&cl, &sa, DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, true) ||
        rd(&cl, &sv, DER_CLASS_UNIVERSAL, DER_TAG_BIT_STRING, false) || !der_cursor_done(&cl) ||
        sv.len < 1 || sv.val[0] != 0)
        return -1;
    crl->tbs = whole(&t);
    crl->sigalg = whole(&sa);
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
    if (rd(&tbs, &x, DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, true)) /* signature */
        return -1;
    if (rd(&tbs, &x, DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, true))
        return -1;
    crl->issuer.raw = whole(&x);
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
        crl->revoked = contents(&x);
        /* Each entry: SEQUENCE { INTEGER, Time, Extensions OPTIONAL } */
        der_cursor rc;
        der_cursor_init(&rc, crl->revoked.p, crl->revoked.len, crl->revoked.off);
        while (!der_cursor_done(&rc)) {
            der_tlv e, s;
            der_cursor ec;
            der_time dt;
            int64_t when;
            if (rd(&rc, &e, DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, true))
                return -1;
            der_cursor_enter(&ec, &e);
            if (rd(&ec, &s, DER_CLASS_UNIVERSAL, DER_TAG_INTEGER, false) || rd_time(&ec, &dt, &when))
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
