/*
 * profile.c - the per-certificate rules: encoding, algorithms, keys,
 * extensions and each role's profile (GSMA SGP.22 v2.5 4.5.2.1.0.x, v3.1
 * for the v3 OIDs and permittedEins; SGP.26 for what the test PKI shows).
 */
#include <string.h>

#include "pki.h"

static const uint8_t OID_ECDSA_SHA256[] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02};
static const uint8_t OID_EC_PUBKEY[] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01};

/* What each role's certificate must carry. */
typedef struct role_profile {
    uint32_t ku_req;   /* keyUsage bits required */
    uint32_t ku_opt;   /* keyUsage bits also allowed */
    bool ca;           /* basicConstraints cA TRUE, critical */
    bool pol_critical; /* certificatePolicies critical */
    bool need_rid;     /* SAN registeredID */
    bool need_dns;     /* SAN dNSName */
    bool tls;          /* EKU serverAuth */
    bool crldp;        /* cRLDistributionPoints expected */
} role_profile;

#define KU_DS PKI_KU_DIGITAL_SIGNATURE
#define KU_KCS PKI_KU_KEY_CERT_SIGN
#define KU_CRL PKI_KU_CRL_SIGN

/* SGP.22 v2.5 4.5.2.1.0.1-4.5.2.1.0.5; the sub-CAs from SGP.22 v3.1
 * 4.5.2.1.0.x as SGP.26 v3 instantiates them: a CA certificate with
 * keyCertSign (cRLSign allowed: each CA of the v3 test PKI publishes a
 * CRL), its role OID in critical certificatePolicies, a CRL distribution
 * point, no SAN requirement. */
static const role_profile PROFILES[] = {
    [ESV_ROLE_CI] = {KU_KCS | KU_CRL, 0, true, true, false, false, false, true},
    /* variant O: keyCertSign only; v3 adds cRLSign as allowed (check_role) */
    [ESV_ROLE_EUM] = {KU_KCS, 0, true, true, false, false, false, true},
    [ESV_ROLE_EUICC] = {KU_DS, 0, false, true, false, false, false, false},
    [ESV_ROLE_DP_AUTH] = {KU_DS, 0, false, true, true, false, false, true},
    [ESV_ROLE_DP_PB] = {KU_DS, 0, false, true, true, false, false, true},
    /* SGP.26 TLS certificates carry their policy non-critical; SGP.22
     * leaves TLS certificates to the TLS profile: not required critical. */
    [ESV_ROLE_DP_TLS] = {KU_DS, 0, false, false, true, true, true, true},
    [ESV_ROLE_DS_AUTH] = {KU_DS, 0, false, true, true, false, false, true},
    [ESV_ROLE_DS_TLS] = {KU_DS, 0, false, false, true, true, true, true},
    [ESV_ROLE_CI_SUBCA] = {KU_KCS, KU_CRL, true, true, false, false, false, true},
    [ESV_ROLE_EUM_SUBCA] = {KU_KCS, KU_CRL, true, true, false, false, false, true},
    [ESV_ROLE_DP_SUBCA] = {KU_KCS, KU_CRL, true, true, false, false, false, true},
    [ESV_ROLE_DS_SUBCA] = {KU_KCS, KU_CRL, true, true, false, false, false, true},
};

static const char *const EXT_NAMES[PKI_EXT_COUNT] = {
    "extension", "subjectKeyIdentifier", "keyUsage", "subjectAltName", "basicConstraints",
    "nameConstraints", "cRLDistributionPoints", "certificatePolicies",
    "authorityKeyIdentifier", "extendedKeyUsage", "permittedEins"};

static void ku_text(uint32_t ku, char *out, size_t cap)
{
    static const char *const NAMES[] = {"digitalSignature", "nonRepudiation", "keyEncipherment",
                                        "dataEncipherment", "keyAgreement", "keyCertSign",
                                        "cRLSign", "encipherOnly", "decipherOnly"};
    size_t i, o = 0;
    out[0] = '\0';
    for (i = 0; i < 9; i++) {
        if (!(ku & (1u << i)))
            continue;
        size_t n = strlen(NAMES[i]);
        if (o + n + 2 >= cap)
            break;
        if (o)
            out[o++] = '+';
        memcpy(out + o, NAMES[i], n);
        o += n;
        out[o] = '\0';
    }
    if (o == 0 && cap > 5)
        memcpy(out, "none", 5);
}

/* The algorithm OID and whether parameters follow, from an
 * AlgorithmIdentifier TLV (already checked by cert.c). */
static void alg_of(const pki_span *alg, pki_span *oid, bool *params)
{
    der_cursor c, in;
    der_tlv s, o;
    der_cursor_init(&c, alg->p, alg->len, alg->off);
    (void)der_read_tlv(&c, &s, NULL);
    der_cursor_enter(&in, &s);
    (void)der_read_tlv(&in, &o, NULL);
    oid->p = o.val;
    oid->len = o.len;
    oid->off = o.off + o.hdr_len;
    *params = !der_cursor_done(&in);
}

/* Is the AlgorithmIdentifier TLV exactly ecdsa-with-SHA256 without
 * parameters (the only signature algorithm verified)? */
static bool sigalg_is_ecdsa_sha256(const pki_span *alg)
{
    /* AlgorithmIdentifier { ecdsa-with-SHA256 }, parameters absent */
    static const uint8_t ALG[] = {0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48,
                                  0xce, 0x3d, 0x04, 0x03, 0x02};
    return alg->len == sizeof(ALG) && memcmp(alg->p, ALG, sizeof(ALG)) == 0;
}

/* Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }, DER, r, s > 0. */
static bool ecdsa_sig_ok(const pki_span *sig)
{
    der_cursor c, in;
    der_tlv s, i;
    int k;
    der_cursor_init(&c, sig->p, sig->len, 0);
    if (der_read_tlv(&c, &s, NULL) != DER_OK || !der_cursor_done(&c) ||
        s.cls != DER_CLASS_UNIVERSAL || s.tag != DER_TAG_SEQUENCE || !s.constructed)
        return false;
    der_cursor_enter(&in, &s);
    for (k = 0; k < 2; k++) {
        if (der_read_tlv(&in, &i, NULL) != DER_OK || i.cls != DER_CLASS_UNIVERSAL ||
            i.tag != DER_TAG_INTEGER || i.constructed || der_int_check(i.val, i.len) != DER_OK ||
            (i.val[0] & 0x80) || (i.len == 1 && i.val[0] == 0) || i.len > 33)
            return false;
    }
    return der_cursor_done(&in);
}

static esv_status check_encoding(const pki_cert *c, const esv_crypto_env *env, esv_report *r,
                                 const char *path)
{
    pki_span oid;
    bool params;
    char buf[96];

    if (c->version != 3)
        PKI_FIND(r, PKI_003, c, NULL, path, "certificate is version %d, SGP.22 requires v3",
                 c->version);
    if (c->serial.p[0] & 0x80)
        PKI_FIND(r, PKI_004, c, &c->serial, path, "serialNumber is negative");
    else if (c->serial.len == 1 && c->serial.p[0] == 0)
        PKI_FIND(r, PKI_061, c, &c->serial, path, "serialNumber is zero");
    else if (c->serial.len > 20 && !(c->serial.len == 21 && c->serial.p[0] == 0))
        PKI_FIND(r, PKI_004, c, &c->serial, path, "serialNumber has %zu octets (at most 20)",
                 c->serial.len);

    alg_of(&c->sigalg, &oid, &params);
    if (oid.len != sizeof(OID_ECDSA_SHA256) || memcmp(oid.p, OID_ECDSA_SHA256, oid.len) != 0)
        PKI_FIND(r, PKI_005, c, &oid, path, "signatureAlgorithm is %s, not ecdsa-with-SHA256 (1.2.840.10045.4.3.2)",
                 pki_oid_text(&oid, buf, sizeof(buf)));
    else if (params)
        PKI_FIND(r, PKI_006, c, &oid, path, "ecdsa-with-SHA256 signatureAlgorithm has parameters");
    if (!pki_span_eq(&c->sigalg, &c->sigalg_tbs))
        PKI_FIND(r, PKI_007, c, &c->sigalg_tbs, path,
                 "TBSCertificate.signature and Certificate.signatureAlgorithm differ");

    if (c->spki_alg.len != sizeof(OID_EC_PUBKEY) ||
        memcmp(c->spki_alg.p, OID_EC_PUBKEY, sizeof(OID_EC_PUBKEY)) != 0 || c->curve_oid.len == 0)
        PKI_FIND(r, PKI_008, c, &c->spki_alg, path,
                 "subjectPublicKeyInfo algorithm %s is not id-ecPublicKey with a namedCurve",
                 pki_oid_text(&c->spki_alg, buf, sizeof(buf)));
    else if (c->curve == ESV_CURVE_NONE)
        PKI_FIND(r, PKI_009, c, &c->curve_oid, path, "curve %s is not allowed",
                 pki_oid_text(&c->curve_oid, buf, sizeof(buf)));
    else if (c->curve == ESV_CURVE_FRP256V1)
        PKI_FIND(r, PKI_010, c, &c->curve_oid, path,
                 "FRP256v1 key: signatures made with it are not verified by this build");
    else if (c->pubkey_unused_bits ||
             esv_ec_pubkey_check_env(env, c->curve, c->pubkey.p, c->pubkey.len) ==
                 ESV_CRYPTO_BAD_KEY)
        PKI_FIND(r, PKI_011, c, &c->pubkey, path,
                 "subjectPublicKey (%zu bytes) is not an uncompressed point on %s", c->pubkey.len,
                 c->curve == ESV_CURVE_P256 ? "NIST P-256" : "brainpoolP256r1");

    if (c->sig_unused_bits || !ecdsa_sig_ok(&c->sig))
        PKI_FIND(r, PKI_013, c, &c->sig, path,
                 "signatureValue is not a DER Ecdsa-Sig-Value with positive r and s");

    if (c->nb_t.year < 2050 ? c->nb_tag != DER_TAG_UTC_TIME : c->nb_tag != DER_TAG_GENERALIZED_TIME)
        PKI_FIND(r, PKI_038, c, NULL, path, "notBefore (year %d) is a %s", c->nb_t.year,
                 c->nb_tag == DER_TAG_UTC_TIME ? "UTCTime" : "GeneralizedTime");
    if (c->na_t.year < 2050 ? c->na_tag != DER_TAG_UTC_TIME : c->na_tag != DER_TAG_GENERALIZED_TIME)
        PKI_FIND(r, PKI_038, c, NULL, path, "notAfter (year %d) is a %s", c->na_t.year,
                 c->na_tag == DER_TAG_UTC_TIME ? "UTCTime" : "GeneralizedTime");
    /* RFC 5280 4.1.2.5.2: GeneralizedTime values MUST NOT include
     * fractional seconds. */
    if (c->nb_t.fraction || c->na_t.fraction)
        PKI_FIND(r, PKI_038, c, NULL, path, "%s is a GeneralizedTime with fractional seconds",
                 c->nb_t.fraction ? "notBefore" : "notAfter");
    if (c->not_before > c->not_after)
        PKI_FIND(r, PKI_039, c, NULL, path, "notBefore %04d-%02d-%02d is after notAfter %04d-%02d-%02d",
                 c->nb_t.year, c->nb_t.month, c->nb_t.day, c->na_t.year, c->na_t.month, c->na_t.day);
    if (c->subject.repeated || c->issuer.repeated || c->nc_repeated)
        PKI_FIND(r, PKI_070, c,
                 c->subject.repeated ? &c->subject.raw
                 : c->issuer.repeated ? &c->issuer.raw
                                      : NULL,
                 path, "%s holds O, CN or serialNumber more than once: only the first is "
                       "used, another reader may take another",
                 c->subject.repeated ? "subject" : c->issuer.repeated ? "issuer" : "a nameConstraints directoryName");
    if (!c->subject.has_o || !c->subject.has_cn)
        PKI_FIND(r, PKI_048, c, &c->subject.raw, path, "subject has no %s",
                 !c->subject.has_o && !c->subject.has_cn ? "O and no CN"
                 : !c->subject.has_o                     ? "O"
                                                         : "CN");
    return ESV_OK;
}

static esv_status check_extensions(const pki_cert *c, esv_report *r, const char *path)
{
    size_t i, j;
    char buf[96];
    for (i = 0; i < c->n_ext; i++) {
        const pki_ext *x = &c->ext[i];
        bool dup = false;
        for (j = 0; j < i && !dup; j++)
            dup = pki_span_eq(&c->ext[j].oid, &x->oid);
        if (dup)
            PKI_FIND(r, PKI_016, c, &x->oid, path, "extension %s (%s) appears more than once",
                     EXT_NAMES[x->id], pki_oid_text(&x->oid, buf, sizeof(buf)));
        if (x->id == PKI_EXT_OTHER && x->critical)
            PKI_FIND(r, PKI_015, c, &x->oid, path, "unknown critical extension %s",
                     pki_oid_text(&x->oid, buf, sizeof(buf)));
        if (x->malformed && x->id == PKI_EXT_EINS)
            PKI_FIND(r, PKI_058, c, &x->value, path,
                     "permittedEins is not a SEQUENCE OF PrintableString (at most %u)",
                     PKI_MAX_PREFIXES);
        else if (x->malformed)
            PKI_FIND(r, PKI_060, c, &x->value, path, "%s value does not decode", EXT_NAMES[x->id]);
    }
    if (c->ext_overflow)
        PKI_FIND(r, PKI_060, c, NULL, path, "more than %u extensions: the rest are not checked",
                 PKI_MAX_EXT);
    return ESV_OK;
}

static bool usable(const pki_cert *c, pki_ext_id id)
{
    return pki_ext_get(c, id) != NULL && !pki_ext_get(c, id)->malformed;
}

static esv_status check_prefixes(const pki_cert *c, const pki_span *list, size_t n,
                                 esv_report *r, const char *path)
{
    size_t i;
    char buf[80];
    for (i = 0; i < n; i++)
        if (!pki_prefix_ok(&list[i]))
            PKI_FIND(r, PKI_042, c, &list[i], path, "EID prefix \"%s\" is not 1 to 32 digits",
                     pki_text(&list[i], buf, sizeof(buf)));
    return ESV_OK;
}

/* The EID constraint of an EUM (required) or an EUM SubCA (optional).
 * Variant O (v2 policy): nameConstraints, critical, permitted directoryName
 * subtrees each with O and serialNumber = EID prefix (SGP.22 v2.5
 * 4.5.2.1.0.3). v3: the prefixes in permittedEins (2.23.146.1.2.2.0), the
 * nameConstraints (if any) with the organisation only (SGP.22 v3.1
 * 4.5.2.1.0.3); a serialNumber there is still honoured. */
static esv_status check_eid_constraint(const pki_cert *c, esv_cert_role role, esv_report *r,
                                       const char *path)
{
    const pki_ext *nc = pki_ext_get(c, PKI_EXT_NC), *eins = pki_ext_get(c, PKI_EXT_EINS);
    bool v3 = c->role_v3 || role == ESV_ROLE_EUM_SUBCA;
    if (nc == NULL && eins == NULL) {
        if (role == ESV_ROLE_EUM)
            PKI_FIND(r, PKI_040, c, NULL, path,
                     "EUM certificate has neither nameConstraints nor permittedEins: it may sign any EID");
        return ESV_OK;
    }
    if (nc && !nc->malformed) {
        if (!nc->critical)
            PKI_FIND(r, PKI_041, c, &nc->value, path, "nameConstraints is not critical");
        else if (!c->nc_gsma_form)
            PKI_FIND(r, PKI_041, c, &nc->value, path,
                     "nameConstraints is not permitted directoryName subtrees of one O%s",
                     v3 ? "" : " and serialNumber");
        else if (!v3 && c->nc_serial_missing)
            PKI_FIND(r, PKI_041, c, &nc->value, path,
                     "variant O nameConstraints: a permitted directoryName without serialNumber "
                     "(the EID prefix)");
    }
    if (role == ESV_ROLE_EUM && c->n_nc_prefixes == 0 && c->n_eins == 0 &&
        !(eins && eins->malformed) && !(nc && nc->malformed))
        PKI_FIND(r, PKI_040, c, NULL, path, "EUM certificate names no EID prefix (%s)",
                 v3 ? "no permittedEins; its nameConstraints holds the organisation only"
                    : "nameConstraints without serialNumber");
    ESV_GUARD(check_prefixes(c, c->nc_prefixes, c->n_nc_prefixes, r, path));
    return check_prefixes(c, c->eins, c->n_eins, r, path);
}

/* pathLenConstraint per role. */
static esv_status check_pathlen(const pki_cert *c, esv_cert_role role, const pki_ext *bc,
                                esv_report *r, const char *path)
{
    switch (role) {
    case ESV_ROLE_EUM:
        /* Variant O: 0 (the EUM signs eUICCs only). v3: 1 in every SGP.26
         * v3 EUM, so that an EUM SubCA may sit below; 0 forbids that and
         * is as safe. */
        if (!c->role_v3 && c->pathlen != 0)
            PKI_FIND(r, PKI_022, c, &bc->value, path, "EUM pathLenConstraint %s, must be 0",
                     c->pathlen < 0 ? "absent" : "not 0");
        else if (c->role_v3 && (c->pathlen < 0 || c->pathlen > 1))
            PKI_FIND(r, PKI_022, c, &bc->value, path,
                     "v3 EUM pathLenConstraint %s, must be 1 (or 0)",
                     c->pathlen < 0 ? "absent" : "above 1");
        break;
    case ESV_ROLE_CI:
        if (c->pathlen == 0)
            PKI_FIND(r, PKI_022, c, &bc->value, path,
                     "CI pathLenConstraint 0: the CI could not sign EUMs that sign eUICCs");
        break;
    case ESV_ROLE_EUM_SUBCA:
    case ESV_ROLE_DP_SUBCA:
    case ESV_ROLE_DS_SUBCA:
        /* These issue end-entity certificates only. */
        if (c->pathlen > 0)
            PKI_FIND(r, PKI_022, c, &bc->value, path,
                     "%s pathLenConstraint %ld: it issues end-entity certificates only (0)",
                     esv_cert_role_name(role), c->pathlen);
        break;
    default:
        break;
    }
    return ESV_OK;
}

static esv_status check_role(const pki_cert *c, esv_cert_role role, esv_report *r,
                             const char *path)
{
    const role_profile *p = &PROFILES[role];
    char have[96], want[96];
    const pki_ext *ku = pki_ext_get(c, PKI_EXT_KU), *bc = pki_ext_get(c, PKI_EXT_BC),
                  *cp = pki_ext_get(c, PKI_EXT_CP);
    uint32_t ku_opt = p->ku_opt;

    if (role == ESV_ROLE_EUM && c->role_v3)
        ku_opt |= KU_CRL; /* SGP.22 v3.1: keyCertSign, cRLSign optional */
    if (ku == NULL)
        PKI_FIND(r, PKI_017, c, NULL, path, "no keyUsage (%s certificate)", esv_cert_role_name(role));
    else if (!ku->malformed) {
        if (!ku->critical)
            PKI_FIND(r, PKI_018, c, &ku->oid, path, "keyUsage is not critical");
        if ((c->ku & p->ku_req) != p->ku_req || (c->ku & ~(p->ku_req | ku_opt)) != 0) {
            ku_text(c->ku, have, sizeof(have));
            ku_text(p->ku_req, want, sizeof(want));
            PKI_FIND(r, PKI_019, c, &ku->value, path, "keyUsage %s, a %s certificate has %s%s", have,
                     esv_cert_role_name(role), want, ku_opt ? " (cRLSign allowed)" : "");
        }
    }

    if (p->ca) {
        if (bc == NULL || !bc->critical)
            PKI_FIND(r, PKI_020, c, bc ? &bc->oid : NULL, path, "%s certificate: basicConstraints %s",
                     esv_cert_role_name(role), bc == NULL ? "missing" : "not critical");
        if (usable(c, PKI_EXT_BC) && !c->ca)
            PKI_FIND(r, PKI_021, c, &bc->value, path, "%s certificate: basicConstraints cA is FALSE",
                     esv_cert_role_name(role));
        if (pki_asserts_ca(c))
            ESV_GUARD(check_pathlen(c, role, bc, r, path));
    } else if (pki_asserts_ca(c)) {
        PKI_FIND(r, PKI_021, c, &bc->value, path, "%s certificate is marked cA TRUE",
                 esv_cert_role_name(role));
    }

    if (cp != NULL && !cp->malformed) {
        if (p->pol_critical && !cp->critical)
            PKI_FIND(r, PKI_024, c, &cp->oid, path, "certificatePolicies is not critical");
        if (c->n_role_oids != 1)
            PKI_FIND(r, PKI_025, c, &cp->value, path, "certificatePolicies hold %zu RSP role OIDs",
                     c->n_role_oids);
    }

    if (role != ESV_ROLE_CI && (!usable(c, PKI_EXT_AKI) || c->aki.len == 0))
        PKI_FIND(r, PKI_028, c, NULL, path, "no authorityKeyIdentifier keyIdentifier");
    if (p->need_rid && !c->has_rid)
        PKI_FIND(r, PKI_030, c, NULL, path, "%s certificate has no subjectAltName registeredID",
                 esv_cert_role_name(role));
    if (role == ESV_ROLE_CI && !c->has_rid)
        PKI_FIND(r, PKI_057, c, NULL, path, "CI certificate has no subjectAltName registeredID");
    if (p->need_dns && !c->has_dns)
        PKI_FIND(r, PKI_035, c, NULL, path, "TLS certificate has no subjectAltName dNSName");
    if (p->tls && (!usable(c, PKI_EXT_EKU) || !c->eku_server))
        PKI_FIND(r, PKI_032, c, NULL, path, "TLS certificate %s",
                 pki_ext_get(c, PKI_EXT_EKU) ? "extendedKeyUsage lacks serverAuth"
                                       : "has no extendedKeyUsage");
    /* The role comes from the policy; an extension that belongs to a TLS
     * certificate contradicts it (a TLS certificate carrying an auth
     * policy is not an auth certificate). */
    if (!p->tls && pki_ext_get(c, PKI_EXT_EKU) != NULL)
        PKI_FIND(r, PKI_033, c, &pki_ext_get(c, PKI_EXT_EKU)->oid, path,
                 "%s certificate carries extendedKeyUsage%s, an extension of TLS certificates",
                 esv_cert_role_name(role), c->eku_server ? " serverAuth" : "");
    if (!p->tls && c->has_dns)
        PKI_FIND(r, PKI_033, c, &pki_ext_get(c, PKI_EXT_SAN)->value, path,
                 "%s certificate carries a subjectAltName dNSName, a name of TLS certificates",
                 esv_cert_role_name(role));
    if (p->crldp && pki_ext_get(c, PKI_EXT_CRLDP) == NULL)
        PKI_FIND(r, PKI_034, c, NULL, path, "%s certificate has no cRLDistributionPoints",
                 esv_cert_role_name(role));

    if (role == ESV_ROLE_EUM || role == ESV_ROLE_EUM_SUBCA)
        ESV_GUARD(check_eid_constraint(c, role, r, path));
    else if (pki_ext_get(c, PKI_EXT_NC) || pki_ext_get(c, PKI_EXT_EINS))
        PKI_FIND(r, PKI_059, c, NULL, path, "%s certificate carries %s", esv_cert_role_name(role),
                 pki_ext_get(c, PKI_EXT_NC) ? "nameConstraints" : "permittedEins");

    if (role == ESV_ROLE_EUICC) {
        if (!c->subject.has_serial || !pki_eid_digits_ok(&c->subject.serial))
            PKI_FIND(r, PKI_043, c, c->subject.has_serial ? &c->subject.serial : &c->subject.raw,
                     path, "subject serialNumber %s", c->subject.has_serial ? "is not 32 digits" : "missing");
        else if (!pki_eid_check_ok(&c->subject.serial))
            PKI_FIND(r, PKI_044, c, &c->subject.serial, path, "EID %.*s: check digits wrong",
                     (int)c->subject.serial.len, (const char *)c->subject.serial.p);
    }
    if (role == ESV_ROLE_CI && !pki_name_eq(&c->issuer, &c->subject))
        PKI_FIND(r, PKI_056, c, &c->issuer.raw, path, "CI certificate's issuer differs from its subject");
    else if (role == ESV_ROLE_CI && c->aki.len && c->ski.len && !pki_span_eq(&c->aki, &c->ski))
        PKI_FIND(r, PKI_056, c, &c->aki, path,
                 "CI certificate's authorityKeyIdentifier names another key than its own");
    return ESV_OK;
}

esv_status pki_check_profile(const pki_cert *c, esv_cert_role role, const esv_crypto_env *env,
                             esv_report *r, const char *path)
{
    ESV_GUARD(check_encoding(c, env, r, path));
    ESV_GUARD(check_extensions(c, r, path));
    if (pki_ext_get(c, PKI_EXT_CP) == NULL)
        PKI_FIND(r, PKI_023, c, NULL, path, "no certificatePolicies: the certificate names no RSP role");
    if (!usable(c, PKI_EXT_SKI))
        PKI_FIND(r, PKI_027, c, NULL, path, "no subjectKeyIdentifier");
    if (role == ESV_ROLE_ANY)
        role = c->role;
    if (role == ESV_ROLE_ANY) {
        PKI_FIND(r, PKI_049, c, NULL, path,
                 "no RSP role recognised from the certificate policies: role rules not applied");
        return ESV_OK;
    }
    return check_role(c, role, r, path);
}

esv_status pki_check_validity(const pki_cert *c, esv_report *r, int64_t t, const char *path)
{
    if (t < c->not_before)
        PKI_FIND(r, PKI_036, c, NULL, path, "not valid before %04d-%02d-%02dT%02d:%02d:%02dZ",
                 c->nb_t.year, c->nb_t.month, c->nb_t.day, c->nb_t.hour, c->nb_t.minute,
                 c->nb_t.second);
    if (t > c->not_after)
        PKI_FIND(r, PKI_037, c, NULL, path, "expired at %04d-%02d-%02dT%02d:%02d:%02dZ",
                 c->na_t.year, c->na_t.month, c->na_t.day, c->na_t.hour, c->na_t.minute,
                 c->na_t.second);
    return ESV_OK;
}

esv_crypto_rc pki_key_of(const pki_cert *c, const esv_crypto_env *env, esv_pubkey **out)
{
    *out = NULL;
    if (c->pubkey_unused_bits || (c->curve != ESV_CURVE_P256 && c->curve != ESV_CURVE_BP256R1))
        return ESV_CRYPTO_OK;
    return esv_pubkey_new(env, c->curve, c->pubkey.p, c->pubkey.len, out) == ESV_CRYPTO_NOMEM
               ? ESV_CRYPTO_NOMEM
               : ESV_CRYPTO_OK;
}

esv_crypto_rc pki_verify_signed(const pki_span *alg, const pki_span *tbs, const pki_span *sig,
                                const pki_cert *issuer, const esv_pubkey *issuer_key)
{
    uint8_t digest[ESV_SHA256_LEN];
    esv_crypto_rc rc;
    if (!sigalg_is_ecdsa_sha256(alg))
        return ESV_CRYPTO_BAD_INPUT;
    rc = esv_sha256(tbs->p, tbs->len, digest);
    if (rc != ESV_CRYPTO_OK)
        return rc;
    if (issuer_key != NULL)
        return esv_pubkey_verify_der(issuer_key, digest, sig->p, sig->len);
    return esv_ecdsa_verify_der(issuer->curve, issuer->pubkey.p, issuer->pubkey.len, digest,
                                sig->p, sig->len);
}

esv_crypto_rc pki_verify_signature(const pki_cert *c, const pki_cert *issuer,
                                   const esv_pubkey *issuer_key)
{
    return pki_verify_signed(&c->sigalg, &c->tbs, &c->sig, issuer, issuer_key);
}
