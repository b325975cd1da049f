/*
 * cert.c - X.509 certificate structure (RFC 5280 4.1) into pki_cert.
 *
 * The input has passed the strict DER walk (every length and primitive
 * content is sound), so this code only checks the *schema*: which tags
 * come in which order. Extension values are decoded here too; an
 * extension that does not decode is marked malformed (PKI-060) rather
 * than failing the certificate.
 */
#include <string.h>

#include "pki.h"

/* Encoded OIDs (contents octets). */
static const uint8_t OID_EC_PUBKEY[] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01};
static const uint8_t OID_P256[] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
static const uint8_t OID_BP256[] = {0x2b, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x07};
static const uint8_t OID_FRP256[] = {0x2a, 0x81, 0x7a, 0x01, 0x81, 0x5f, 0x65, 0x82, 0x00, 0x01};
static const uint8_t OID_AT_CN[] = {0x55, 0x04, 0x03};
static const uint8_t OID_AT_SERIAL[] = {0x55, 0x04, 0x05};
static const uint8_t OID_AT_O[] = {0x55, 0x04, 0x0a};
static const uint8_t OID_KP_SERVER[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01};
static const uint8_t OID_KP_CLIENT[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02};
static const uint8_t OID_PERMITTED_EINS[] = {0x67, 0x81, 0x12, 0x01, 0x02, 0x02, 0x00};

#define OID_IS(span, arr) ((span).len == sizeof(arr) && memcmp((span).p, (arr), sizeof(arr)) == 0)

pki_span pki_span_of(const der_tlv *t, bool contents)
{
    pki_span s;
    if (contents) {
        s.p = t->val;
        s.len = t->len;
        s.off = t->off + t->hdr_len;
    } else {
        s.p = t->val - t->hdr_len;
        s.len = der_tlv_size(t);
        s.off = t->off;
    }
    return s;
}

static int fail(pki_parse_err *err, const char *what, size_t off)
{
    err->what = what;
    err->off = off;
    return -1;
}

int pki_expect(der_cursor *cur, der_tlv *t, uint8_t cls, uint32_t tag, bool constructed)
{
    if (der_read_tlv(cur, t, NULL) != DER_OK)
        return -1;
    return (t->cls == cls && t->tag == tag && t->constructed == constructed) ? 0 : -1;
}

static bool peek_is(const der_cursor *cur, uint8_t cls, uint32_t tag)
{
    der_tlv t;
    if (der_cursor_done(cur) || der_peek_tlv(cur, &t, NULL) != DER_OK)
        return false;
    return t.cls == cls && t.tag == tag;
}

static int parse_name(const der_tlv *nt, pki_name *n)
{
    der_cursor rdns, set, atv;
    der_tlv rdn, a, oid, val;

    memset(n, 0, sizeof(*n));
    n->raw = pki_span_of(nt, false);
    der_cursor_enter(&rdns, nt);
    while (!der_cursor_done(&rdns)) {
        if (pki_expect(&rdns, &rdn, DER_CLASS_UNIVERSAL, DER_TAG_SET, true))
            return -1;
        der_cursor_enter(&set, &rdn);
        if (der_cursor_done(&set))
            return -1; /* RelativeDistinguishedName ::= SET SIZE (1..MAX) */
        while (!der_cursor_done(&set)) {
            if (pki_expect(&set, &a, DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, true))
                return -1;
            der_cursor_enter(&atv, &a);
            if (pki_expect(&atv, &oid, DER_CLASS_UNIVERSAL, DER_TAG_OID, false))
                return -1;
            if (der_read_tlv(&atv, &val, NULL) != DER_OK || !der_cursor_done(&atv))
                return -1;
            pki_span os = pki_span_of(&oid, true);
            pki_span vs = pki_span_of(&val, true);
            /* The first of each is kept; a second is recorded (PKI-070):
             * nothing is dropped silently. */
            if (OID_IS(os, OID_AT_O)) {
                n->repeated |= n->has_o;
                if (!n->has_o)
                    n->o = vs;
                n->has_o = true;
            } else if (OID_IS(os, OID_AT_CN)) {
                n->repeated |= n->has_cn;
                if (!n->has_cn)
                    n->cn = vs;
                n->has_cn = true;
            } else if (OID_IS(os, OID_AT_SERIAL)) {
                n->repeated |= n->has_serial;
                if (!n->has_serial)
                    n->serial = vs;
                n->has_serial = true;
            }
        }
    }
    return 0;
}

int pki_parse_time(const der_tlv *t, der_time *dt, int64_t *unix_t, uint32_t *tag)
{
    der_err e;
    if (t->cls != DER_CLASS_UNIVERSAL || t->constructed)
        return -1;
    if (t->tag == DER_TAG_UTC_TIME)
        e = der_utctime(t->val, t->len, dt);
    else if (t->tag == DER_TAG_GENERALIZED_TIME)
        e = der_gentime(t->val, t->len, dt);
    else
        return -1;
    if (e != DER_OK)
        return -1;
    if (tag)
        *tag = t->tag;
    *unix_t = der_time_to_unix(dt);
    return 0;
}

/* The extension value must be exactly one SEQUENCE; *in gets a cursor over
 * its contents, which must not be empty when nonempty is set (the SIZE
 * (1..MAX) of most extension types). */
static bool open_seq(der_cursor *v, der_cursor *in, bool nonempty)
{
    der_tlv s;
    if (pki_expect(v, &s, DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, true) || !der_cursor_done(v))
        return false;
    der_cursor_enter(in, &s);
    return !nonempty || !der_cursor_done(in);
}

/* --- extension values --- */

/* KeyUsage ::= BIT STRING */
static bool ext_ku(pki_cert *c, der_cursor *v)
{
    der_tlv t;
    const uint8_t *bits;
    size_t nbits, i;
    if (pki_expect(v, &t, DER_CLASS_UNIVERSAL, DER_TAG_BIT_STRING, false) || !der_cursor_done(v))
        return false;
    if (der_bitstring(t.val, t.len, &bits, &nbits) != DER_OK)
        return false;
    c->ku = 0;
    for (i = 0; i < nbits && i < 16; i++)
        if (bits[i / 8] & (0x80u >> (i % 8)))
            c->ku |= 1u << i;
    return true;
}

/* BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE,
 *                                 pathLenConstraint INTEGER (0..MAX) OPTIONAL } */
static bool ext_bc(pki_cert *c, der_cursor *v)
{
    der_tlv t;
    der_cursor in;
    c->ca = false;
    c->pathlen = -1;
    if (!open_seq(v, &in, false))
        return false;
    if (peek_is(&in, DER_CLASS_UNIVERSAL, DER_TAG_BOOLEAN)) {
        (void)der_read_tlv(&in, &t, NULL);
        if (der_bool(t.val, t.len, &c->ca) != DER_OK || !c->ca)
            return false; /* DER: a DEFAULT value is not encoded */
    }
    if (peek_is(&in, DER_CLASS_UNIVERSAL, DER_TAG_INTEGER)) {
        int64_t n;
        (void)der_read_tlv(&in, &t, NULL);
        if (der_int_to_i64(t.val, t.len, &n) != DER_OK || n < 0 || n > 1000000)
            return false;
        c->pathlen = (long)n;
    }
    return der_cursor_done(&in);
}

/* SubjectKeyIdentifier ::= OCTET STRING */
static bool ext_ski(pki_cert *c, der_cursor *v)
{
    der_tlv t;
    if (pki_expect(v, &t, DER_CLASS_UNIVERSAL, DER_TAG_OCTET_STRING, false) || !der_cursor_done(v))
        return false;
    if (t.len == 0)
        return false;
    c->ski = pki_span_of(&t, true);
    return true;
}

/* AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] IMPLICIT OCTET STRING OPTIONAL,
 *   authorityCertIssuer [1] GeneralNames OPTIONAL, authorityCertSerialNumber [2] OPTIONAL } */
static bool ext_aki(pki_cert *c, der_cursor *v)
{
    der_tlv t;
    der_cursor in;
    if (!open_seq(v, &in, false))
        return false;
    uint32_t last = 0;
    bool first = true;
    while (!der_cursor_done(&in)) {
        if (der_read_tlv(&in, &t, NULL) != DER_OK || t.cls != DER_CLASS_CONTEXT || t.tag > 2)
            return false;
        if (!first && t.tag <= last)
            return false;
        if (t.tag == 0) {
            if (t.constructed || t.len == 0)
                return false;
            c->aki = pki_span_of(&t, true);
        }
        last = t.tag;
        first = false;
    }
    return true;
}

/* Reads one GeneralName (RFC 5280 4.2.1.6) at in: a context tag 0 to 8,
 * constructed exactly for the alternatives that are: otherName [0],
 * x400Address [3] and ediPartyName [5] (IMPLICIT SEQUENCEs) and
 * directoryName [4] (EXPLICIT: Name is a CHOICE); the IA5String, OCTET
 * STRING and OBJECT IDENTIFIER ones are primitive. */
static bool general_name(der_cursor *in, der_tlv *t)
{
    bool constructed;
    if (der_read_tlv(in, t, NULL) != DER_OK || t->cls != DER_CLASS_CONTEXT || t->tag > 8)
        return false;
    constructed = t->tag == 0 || t->tag == 3 || t->tag == 4 || t->tag == 5;
    return t->constructed == constructed;
}

/* SubjectAltName ::= GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName */
static bool ext_san(pki_cert *c, der_cursor *v)
{
    der_tlv t;
    der_cursor in;
    if (!open_seq(v, &in, true))
        return false;
    while (!der_cursor_done(&in)) {
        if (!general_name(&in, &t))
            return false;
        if (t.tag == 8) { /* registeredID [8] IMPLICIT OBJECT IDENTIFIER */
            if (t.len == 0)
                return false;
            char tmp[8];
            if (der_oid_to_text(t.val, t.len, tmp, sizeof(tmp), NULL) == DER_E_OID)
                return false;
            if (!c->has_rid) {
                c->rid = pki_span_of(&t, true);
                c->has_rid = true;
            }
        } else if (t.tag == 2) { /* dNSName [2] IMPLICIT IA5String */
            if (t.len == 0 || der_ia5_check(t.val, t.len) != DER_OK)
                return false;
            c->has_dns = true;
        }
    }
    return true;
}

/* ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId */
static bool ext_eku(pki_cert *c, der_cursor *v)
{
    der_tlv t;
    der_cursor in;
    if (!open_seq(v, &in, true))
        return false;
    while (!der_cursor_done(&in)) {
        if (pki_expect(&in, &t, DER_CLASS_UNIVERSAL, DER_TAG_OID, false))
            return false;
        pki_span o = pki_span_of(&t, true);
        if (OID_IS(o, OID_KP_SERVER))
            c->eku_server = true;
        else if (OID_IS(o, OID_KP_CLIENT))
            c->eku_client = true;
    }
    return true;
}

/* certificatePolicies ::= SEQUENCE SIZE (1..MAX) OF PolicyInformation
 * PolicyInformation ::= SEQUENCE { policyIdentifier OID, policyQualifiers
 * SEQUENCE SIZE (1..MAX) OF PolicyQualifierInfo OPTIONAL } */
static bool ext_cp(pki_cert *c, der_cursor *v)
{
    der_tlv pi, t;
    der_cursor in, pin;
    if (!open_seq(v, &in, true))
        return false;
    c->n_policies = 0;
    while (!der_cursor_done(&in)) {
        if (pki_expect(&in, &pi, DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, true))
            return false;
        der_cursor_enter(&pin, &pi);
        if (pki_expect(&pin, &t, DER_CLASS_UNIVERSAL, DER_TAG_OID, false))
            return false;
        if (c->n_policies < PKI_MAX_POLICIES)
            c->policies[c->n_policies++] = pki_span_of(&t, true);
        else
            return false; /* more policies than any RSP certificate has: cap */
        if (!der_cursor_done(&pin)) {
            der_tlv q;
            if (pki_expect(&pin, &q, DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, true) || q.len == 0 ||
                !der_cursor_done(&pin))
                return false;
        }
    }
    return true;
}

/* cRLDistributionPoints ::= SEQUENCE SIZE (1..MAX) OF DistributionPoint */
static bool ext_crldp(pki_cert *c, der_cursor *v)
{
    der_tlv t;
    der_cursor in;
    (void)c;
    if (!open_seq(v, &in, true))
        return false;
    while (!der_cursor_done(&in))
        if (pki_expect(&in, &t, DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, true))
            return false;
    return true;
}

static bool add_prefix(pki_span *list, size_t *n, const pki_span *prefix)
{
    if (*n >= PKI_MAX_PREFIXES)
        return false;
    list[(*n)++] = *prefix;
    return true;
}

/*
 * NameConstraints ::= SEQUENCE { permittedSubtrees [0] GeneralSubtrees OPTIONAL,
 *                                excludedSubtrees  [1] GeneralSubtrees OPTIONAL }
 * GeneralSubtree ::= SEQUENCE { base GeneralName, minimum [0] DEFAULT 0,
 *                               maximum [1] OPTIONAL }
 * Decodes the RFC 5280 shape; records whether it is the GSMA form
 * (permitted subtrees only, each a directoryName holding O and, in
 * variant O, serialNumber = EID prefix: SGP.22 v2.5 4.5.2.1.0.3; the v3
 * EUM keeps only O there and moves the prefixes to permittedEins) and
 * collects O and the prefixes.
 */
static bool ext_nc(pki_cert *c, der_cursor *v)
{
    der_tlv subtrees, gs, base, nm;
    der_cursor in, st, gsc;
    bool gsma = true, any_dir = false;
    if (!open_seq(v, &in, true))
        return false;
    while (!der_cursor_done(&in)) {
        if (der_read_tlv(&in, &subtrees, NULL) != DER_OK || subtrees.cls != DER_CLASS_CONTEXT ||
            subtrees.tag > 1 || !subtrees.constructed || subtrees.len == 0)
            return false;
        if (subtrees.tag == 1)
            gsma = false;
        der_cursor_enter(&st, &subtrees);
        while (!der_cursor_done(&st)) {
            if (pki_expect(&st, &gs, DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, true))
                return false;
            der_cursor_enter(&gsc, &gs);
            if (!general_name(&gsc, &base))
                return false;
            if (!der_cursor_done(&gsc))
                gsma = false; /* minimum/maximum: not in the GSMA form */
            if (subtrees.tag != 0)
                continue;
            if (base.tag != 4 || !base.constructed) { /* directoryName [4] EXPLICIT Name */
                gsma = false;
                continue;
            }
            der_cursor nc;
            der_cursor_enter(&nc, &base);
            if (pki_expect(&nc, &nm, DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, true) || !der_cursor_done(&nc))
                return false;
            pki_name n;
            if (parse_name(&nm, &n))
                return false;
            if (n.repeated)
                c->nc_repeated = true;
            if (!n.has_o) {
                gsma = false;
                continue;
            }
            any_dir = true;
            if (c->nc_o.len == 0)
                c->nc_o = n.o;
            else if (!pki_span_eq(&c->nc_o, &n.o))
                gsma = false; /* one EUM, one organisation */
            if (!n.has_serial)
                c->nc_serial_missing = true;
            else if (!add_prefix(c->nc_prefixes, &c->n_nc_prefixes, &n.serial))
                return false;
        }
    }
    c->nc_gsma_form = gsma && any_dir;
    return true;
}

/* PermittedEins ::= SEQUENCE OF PrintableString (SGP.22 v3.1) */
static bool ext_eins(pki_cert *c, der_cursor *v)
{
    der_tlv t;
    der_cursor in;
    if (!open_seq(v, &in, true))
        return false;
    while (!der_cursor_done(&in)) {
        if (pki_expect(&in, &t, DER_CLASS_UNIVERSAL, DER_TAG_PRINTABLE_STRING, false))
            return false;
        pki_span p = pki_span_of(&t, true);
        if (!add_prefix(c->eins, &c->n_eins, &p))
            return false;
    }
    return true;
}

static pki_ext_id ext_id_of(const pki_span *oid)
{
    if (oid->len == 3 && oid->p[0] == 0x55 && oid->p[1] == 0x1d) {
        switch (oid->p[2]) {
        case 14: return PKI_EXT_SKI;
        case 15: return PKI_EXT_KU;
        case 17: return PKI_EXT_SAN;
        case 19: return PKI_EXT_BC;
        case 30: return PKI_EXT_NC;
        case 31: return PKI_EXT_CRLDP;
        case 32: return PKI_EXT_CP;
        case 35: return PKI_EXT_AKI;
        case 37: return PKI_EXT_EKU;
        default: return PKI_EXT_OTHER;
        }
    }
    if (OID_IS(*oid, OID_PERMITTED_EINS))
        return PKI_EXT_EINS;
    return PKI_EXT_OTHER;
}

static void decode_ext(pki_cert *c, pki_ext *e)
{
    der_cursor v;
    bool ok = true;
    der_cursor_init(&v, e->value.p, e->value.len, e->value.off);
    if (der_cursor_done(&v) && e->id != PKI_EXT_OTHER) {
        e->malformed = true;
        return;
    }
    switch (e->id) {
    case PKI_EXT_SKI: ok = ext_ski(c, &v); break;
    case PKI_EXT_KU: ok = ext_ku(c, &v); break;
    case PKI_EXT_SAN: ok = ext_san(c, &v); break;
    case PKI_EXT_BC: ok = ext_bc(c, &v); break;
    case PKI_EXT_NC: ok = ext_nc(c, &v); break;
    case PKI_EXT_CRLDP: ok = ext_crldp(c, &v); break;
    case PKI_EXT_CP: ok = ext_cp(c, &v); break;
    case PKI_EXT_AKI: ok = ext_aki(c, &v); break;
    case PKI_EXT_EKU: ok = ext_eku(c, &v); break;
    case PKI_EXT_EINS: ok = ext_eins(c, &v); break;
    default: break;
    }
    e->malformed = !ok;
}

int pki_read_extension(der_cursor *seq, der_tlv *oid, bool *critical, der_tlv *value,
                       pki_parse_err *err)
{
    der_cursor ex;
    der_tlv e;
    size_t at = der_cursor_offset(seq);
    *critical = false;
    if (pki_expect(seq, &e, DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, true))
        return fail(err, "Extension is not a SEQUENCE", at);
    der_cursor_enter(&ex, &e);
    if (pki_expect(&ex, oid, DER_CLASS_UNIVERSAL, DER_TAG_OID, false))
        return fail(err, "Extension without extnID", e.off);
    if (peek_is(&ex, DER_CLASS_UNIVERSAL, DER_TAG_BOOLEAN)) {
        der_tlv t;
        (void)der_read_tlv(&ex, &t, NULL);
        if (der_bool(t.val, t.len, critical) != DER_OK || !*critical)
            return fail(err, "Extension critical FALSE encoded (DER omits a DEFAULT value)", t.off);
    }
    if (pki_expect(&ex, value, DER_CLASS_UNIVERSAL, DER_TAG_OCTET_STRING, false) ||
        !der_cursor_done(&ex))
        return fail(err, "Extension extnValue is not the last field, an OCTET STRING", e.off);
    return 0;
}

/* Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension */
static int parse_extensions(pki_cert *c, const der_tlv *wrap, pki_parse_err *err)
{
    der_cursor w, seq;
    der_tlv s, oid, t;
    size_t i;

    der_cursor_enter(&w, wrap);
    if (pki_expect(&w, &s, DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, true) || !der_cursor_done(&w))
        return fail(err, "extensions [3] does not hold one SEQUENCE", wrap->off);
    der_cursor_enter(&seq, &s);
    if (der_cursor_done(&seq))
        return fail(err, "empty Extensions (SIZE (1..MAX))", s.off);
    while (!der_cursor_done(&seq)) {
        pki_ext x;
        memset(&x, 0, sizeof(x));
        if (pki_read_extension(&seq, &oid, &x.critical, &t, err))
            return -1;
        x.oid = pki_span_of(&oid, true);
        x.value = pki_span_of(&t, true);
        x.id = ext_id_of(&x.oid);
        if (c->n_ext >= PKI_MAX_EXT) {
            c->ext_overflow = true;
            continue;
        }
        c->ext[c->n_ext++] = x;
    }
    for (i = 0; i < c->n_ext; i++) {
        pki_ext *x = &c->ext[i];
        c->ext_count[x->id]++;
        if (c->first[x->id] >= 0 && x->id != PKI_EXT_OTHER)
            continue; /* a duplicate is PKI-016; the first occurrence is the one used */
        if (c->first[x->id] < 0)
            c->first[x->id] = (int8_t)i;
        decode_ext(c, x);
    }
    return 0;
}

/* AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL } */
static int check_alg(const der_tlv *t)
{
    der_cursor in;
    der_tlv o;
    if (t->cls != DER_CLASS_UNIVERSAL || t->tag != DER_TAG_SEQUENCE || !t->constructed)
        return -1;
    der_cursor_enter(&in, t);
    if (pki_expect(&in, &o, DER_CLASS_UNIVERSAL, DER_TAG_OID, false))
        return -1;
    return 0;
}

static void parse_spki(pki_cert *c, const der_tlv *spki, pki_parse_err *err, int *rc)
{
    der_cursor in, alg;
    der_tlv a, o, p, bits;
    der_cursor_enter(&in, spki);
    if (pki_expect(&in, &a, DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, true) ||
        pki_expect(&in, &bits, DER_CLASS_UNIVERSAL, DER_TAG_BIT_STRING, false) || !der_cursor_done(&in)) {
        *rc = fail(err, "SubjectPublicKeyInfo is not { algorithm, subjectPublicKey BIT STRING }",
                   spki->off);
        return;
    }
    der_cursor_enter(&alg, &a);
    if (pki_expect(&alg, &o, DER_CLASS_UNIVERSAL, DER_TAG_OID, false)) {
        *rc = fail(err, "SubjectPublicKeyInfo algorithm without an OID", a.off);
        return;
    }
    c->spki_alg = pki_span_of(&o, true);
    if (OID_IS(c->spki_alg, OID_EC_PUBKEY) && !der_cursor_done(&alg) &&
        der_read_tlv(&alg, &p, NULL) == DER_OK && p.cls == DER_CLASS_UNIVERSAL &&
        p.tag == DER_TAG_OID && der_cursor_done(&alg)) {
        c->curve_oid = pki_span_of(&p, true);
        if (OID_IS(c->curve_oid, OID_P256))
            c->curve = ESV_CURVE_P256;
        else if (OID_IS(c->curve_oid, OID_BP256))
            c->curve = ESV_CURVE_BP256R1;
        else if (OID_IS(c->curve_oid, OID_FRP256))
            c->curve = ESV_CURVE_FRP256V1;
    }
    /* BIT STRING: first octet = unused bits (checked by the DER walk). */
    c->pubkey_unused_bits = bits.val[0] != 0;
    c->pubkey.p = bits.val + 1;
    c->pubkey.len = bits.len - 1;
    c->pubkey.off = bits.off + bits.hdr_len + 1;
}

int pki_cert_parse(pki_cert *c, const uint8_t *der, size_t len, long index, pki_parse_err *err)
{
    der_cursor top, cert, tbs;
    der_tlv ct, tt, t, sa, sv;
    int rc = 0;

    memset(c, 0, sizeof(*c));
    c->der = der;
    c->len = len;
    c->index = index;
    c->pathlen = -1;
    c->role = ESV_ROLE_ANY;
    memset(c->first, -1, sizeof(c->first));

    der_cursor_init(&top, der, len, 0);
    if (pki_expect(&top, &ct, DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, true) || !der_cursor_done(&top))
        return fail(err, "not a single SEQUENCE (Certificate)", 0);
    der_cursor_enter(&cert, &ct);
    if (pki_expect(&cert, &tt, DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, true))
        return fail(err, "Certificate does not start with a TBSCertificate SEQUENCE", ct.off + ct.hdr_len);
    if (der_read_tlv(&cert, &sa, NULL) != DER_OK || check_alg(&sa))
        return fail(err, "signatureAlgorithm is not an AlgorithmIdentifier", tt.off + der_tlv_size(&tt));
    if (pki_expect(&cert, &sv, DER_CLASS_UNIVERSAL, DER_TAG_BIT_STRING, false) || !der_cursor_done(&cert))
        return fail(err, "signatureValue is not a BIT STRING ending the Certificate", sa.off + der_tlv_size(&sa));
    c->tbs = pki_span_of(&tt, false);
    c->sigalg = pki_span_of(&sa, false);
    c->sig_unused_bits = sv.val[0] != 0;
    c->sig.p = sv.val + 1;
    c->sig.len = sv.len - 1;
    c->sig.off = sv.off + sv.hdr_len + 1;

    der_cursor_enter(&tbs, &tt);
    /* version [0] EXPLICIT Version DEFAULT v1 */
    c->version = 1;
    if (peek_is(&tbs, DER_CLASS_CONTEXT, 0)) {
        der_tlv w, vi;
        der_cursor vc;
        int64_t v;
        (void)der_read_tlv(&tbs, &w, NULL);
        if (!w.constructed)
            return fail(err, "version [0] is not constructed (EXPLICIT)", w.off);
        der_cursor_enter(&vc, &w);
        if (pki_expect(&vc, &vi, DER_CLASS_UNIVERSAL, DER_TAG_INTEGER, false) || !der_cursor_done(&vc) ||
            der_int_to_i64(vi.val, vi.len, &v) != DER_OK || v < 0 || v > 2)
            return fail(err, "version is not v1, v2 or v3", w.off);
        if (v == 0)
            return fail(err, "version v1 encoded explicitly (DER omits a DEFAULT value)", w.off);
        c->version = (int)v + 1;
    }
    if (pki_expect(&tbs, &t, DER_CLASS_UNIVERSAL, DER_TAG_INTEGER, false))
        return fail(err, "serialNumber is not an INTEGER", tt.off + tt.hdr_len);
    c->serial = pki_span_of(&t, true);
    if (der_read_tlv(&tbs, &t, NULL) != DER_OK || check_alg(&t))
        return fail(err, "TBSCertificate signature is not an AlgorithmIdentifier", c->serial.off + c->serial.len);
    c->sigalg_tbs = pki_span_of(&t, false);
    if (pki_expect(&tbs, &t, DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, true) || parse_name(&t, &c->issuer))
        return fail(err, "issuer is not a Name", c->sigalg_tbs.off + c->sigalg_tbs.len);
    {
        der_tlv val, nb, na;
        der_cursor vc;
        if (pki_expect(&tbs, &val, DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, true))
            return fail(err, "validity is not a SEQUENCE", c->issuer.raw.off + c->issuer.raw.len);
        der_cursor_enter(&vc, &val);
        if (der_read_tlv(&vc, &nb, NULL) != DER_OK ||
            pki_parse_time(&nb, &c->nb_t, &c->not_before, &c->nb_tag))
            return fail(err, "notBefore is not a UTCTime or GeneralizedTime", val.off);
        if (der_read_tlv(&vc, &na, NULL) != DER_OK ||
            pki_parse_time(&na, &c->na_t, &c->not_after, &c->na_tag) || !der_cursor_done(&vc))
            return fail(err, "notAfter is not a UTCTime or GeneralizedTime ending Validity", nb.off);
    }
    if (pki_expect(&tbs, &t, DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, true) || parse_name(&t, &c->subject))
        return fail(err, "subject is not a Name", c->issuer.raw.off);
    if (pki_expect(&tbs, &t, DER_CLASS_UNIVERSAL, DER_TAG_SEQUENCE, true))
        return fail(err, "subjectPublicKeyInfo is not a SEQUENCE", c->subject.raw.off + c->subject.raw.len);
    parse_spki(c, &t, err, &rc);
    if (rc)
        return rc;
    /* issuerUniqueID [1], subjectUniqueID [2] (v2/v3), extensions [3] (v3),
     * each optional, in this order. UniqueIdentifier ::= BIT STRING
     * (IMPLICIT: the DER walk cannot know, so its form is checked here). */
    uint32_t last_tag = 0;
    while (!der_cursor_done(&tbs)) {
        size_t at = der_cursor_offset(&tbs);
        if (der_read_tlv(&tbs, &t, NULL) != DER_OK || t.cls != DER_CLASS_CONTEXT || t.tag < 1 || t.tag > 3 ||
            t.tag <= last_tag)
            return fail(err, "unexpected field after subjectPublicKeyInfo", at);
        last_tag = t.tag;
        if (t.tag != 3) {
            const uint8_t *bits;
            size_t nbits;
            if (t.constructed || der_bitstring(t.val, t.len, &bits, &nbits) != DER_OK)
                return fail(err, "issuerUniqueID or subjectUniqueID is not a BIT STRING", t.off);
        }
        if (t.tag == 3) {
            if (c->version != 3)
                return fail(err, "extensions in a certificate that is not v3", t.off);
            if (!t.constructed)
                return fail(err, "extensions [3] is not constructed", t.off);
            if (parse_extensions(c, &t, err))
                return -1;
            if (!der_cursor_done(&tbs))
                return fail(err, "fields after extensions", der_cursor_offset(&tbs));
        } else if (c->version < 2) {
            return fail(err, "unique identifier in a v1 certificate", t.off);
        }
    }
    if (pki_ext_get(c, PKI_EXT_CP) && !pki_ext_get(c, PKI_EXT_CP)->malformed) {
        size_t i;
        for (i = 0; i < c->n_policies; i++) {
            bool v3;
            esv_cert_role r = pki_role_of_policy(&c->policies[i], &v3);
            if (r != ESV_ROLE_ANY) {
                if (c->n_role_oids == 0) {
                    c->role = r;
                    c->role_v3 = v3;
                }
                c->n_role_oids++;
            }
        }
    }
    return 0;
}
