/*
 * pki_builder.h - builds GSMA RSP-shaped test certificates and CRLs with
 * mbedTLS's certificate writer (tests, fuzz seeds, examples/data/pki).
 *
 * A hierarchy is built top-down: a CI (self-signed), then EUM / SM-DP+ /
 * SM-DS certificates signed by the CI, then an eUICC signed by an EUM. Each
 * certificate follows its role's profile (SGP.22 v2.x section 4.5.2 / v3
 * "variant O", SGP.26) unless a defect flag asks for one specific
 * departure. Keys are deterministic: the same seed gives the same key (and
 * ECDSA signatures are deterministic, RFC 6979), so the output of the
 * builder is byte-for-byte reproducible.
 *
 * Everything is allocated; free with the matching *_free. Functions return
 * NULL / non-zero on failure and never abort.
 */
#ifndef ESV_TEST_PKI_BUILDER_H
#define ESV_TEST_PKI_BUILDER_H

#include <stddef.h>
#include <stdint.h>

typedef enum pb_curve { PB_P256 = 0, PB_BP256 } pb_curve;

typedef enum pb_role {
    PB_CI = 0, PB_EUM, PB_EUICC, PB_DP_AUTH, PB_DP_PB, PB_DP_TLS, PB_DS_AUTH, PB_DS_TLS,
    /* SGP.22 v3 sub-CAs (v3 policy OIDs only) */
    PB_CI_SUBCA, PB_EUM_SUBCA, PB_DP_SUBCA, PB_DS_SUBCA,
    PB_ROLE_COUNT
} pb_role;

/* Which generation of certificate policy OIDs (and EUM constraint form). */
typedef enum pb_gen {
    PB_GEN_V2 = 0, /* 2.23.146.1.2.1.{0..7}; EUM: nameConstraints dirName */
    PB_GEN_V3      /* 2.23.146.1.2.1.0.0.x...; EUM: permittedEins 2.23.146.1.2.2.0 */
} pb_gen;

/* A private key (EC, on one curve). */
typedef struct pb_key pb_key;
pb_key *pb_key_new(pb_curve curve, uint32_t seed);
void pb_key_free(pb_key *k);
pb_curve pb_key_curve(const pb_key *k);
/* Uncompressed public point 04||X||Y into out[65]. */
int pb_key_public(const pb_key *k, uint8_t out[65]);
/* SubjectKeyIdentifier the builder puts in certificates of this key:
 * SHA-1 of the public point (RFC 5280 4.2.1.2 method 1), 20 bytes. */
int pb_key_id(const pb_key *k, uint8_t out[20]);

/* The key as PEM text (NUL-terminated, malloc'd; NULL when out of
 * memory): the private key as SEC 1 "EC PRIVATE KEY", the public key as
 * "PUBLIC KEY" (mbedTLS's writers). For signed-verdict tests: keys made
 * at test time, never committed. */
char *pb_key_private_pem(const pb_key *k);
char *pb_key_public_pem(const pb_key *k);

/* Signs data (SHA-256, deterministic ECDSA) and writes the signature as
 * SGP.22 messages carry it: r || s, 32 bytes each (SGP.22 2.6.5). */
int pb_key_sign_raw(const pb_key *k, const uint8_t *data, size_t len, uint8_t out[64]);

/* One departure from the role's profile each; OR them together into
 * pb_spec.defects (64-bit, hence macros rather than an enum). */
#define PB_D_VERSION_1           (UINT64_C(1) << 0)  /* version v1 (no extensions can follow) */
#define PB_D_SERIAL_ZERO         (UINT64_C(1) << 1)  /* serialNumber 0 */
#define PB_D_SERIAL_NEGATIVE     (UINT64_C(1) << 2)  /* serialNumber negative */
#define PB_D_SERIAL_LONG         (UINT64_C(1) << 3)  /* serialNumber of 21 octets */
#define PB_D_SIG_SHA384          (UINT64_C(1) << 4)  /* ecdsa-with-SHA384 (signed with SHA-384) */
#define PB_D_SIGALG_NULL_PARAMS  (UINT64_C(1) << 5)  /* ecdsa-with-SHA256 followed by NULL params (both AlgorithmIdentifiers) */
#define PB_D_SIGALG_MISMATCH     (UINT64_C(1) << 6)  /* tbs signature = SHA-384 OID, outer = SHA-256 OID */
#define PB_D_BAD_SIGNATURE       (UINT64_C(1) << 7)  /* one bit of the signature's r flipped (still DER) */
#define PB_D_NO_KEYUSAGE         (UINT64_C(1) << 8)
#define PB_D_KEYUSAGE_NONCRIT    (UINT64_C(1) << 9)
#define PB_D_KEYUSAGE_WRONG      (UINT64_C(1) << 10) /* CA roles: digitalSignature only; leaves: keyCertSign */
#define PB_D_NO_BASICCONS        (UINT64_C(1) << 11) /* CA roles only */
#define PB_D_BASICCONS_NONCRIT   (UINT64_C(1) << 12) /* CA roles only */
#define PB_D_CA_FALSE            (UINT64_C(1) << 13) /* CA roles: cA FALSE */
#define PB_D_LEAF_CA_TRUE        (UINT64_C(1) << 14) /* leaves: basicConstraints cA TRUE (critical) */
#define PB_D_PATHLEN             (UINT64_C(1) << 15) /* EUM: pathLen 1 (v2) / 2 (v3); CI, CI SubCA: 0;
                                                      * EUM/SM-DP+/SM-DS SubCA: 1 */
#define PB_D_NO_POLICIES         (UINT64_C(1) << 16)
#define PB_D_POLICIES_NONCRIT    (UINT64_C(1) << 17)
#define PB_D_POLICY_OTHER_ROLE   (UINT64_C(1) << 18) /* the policy OID of another role (CI<->EUM, leaves: the CI's) */
#define PB_D_POLICY_EXTRA        (UINT64_C(1) << 19) /* role OID plus a second RSP role OID */
#define PB_D_NO_SKI              (UINT64_C(1) << 20)
#define PB_D_NO_AKI              (UINT64_C(1) << 21)
#define PB_D_AKI_WRONG           (UINT64_C(1) << 22) /* AKI keyIdentifier of some other key */
#define PB_D_NO_SAN              (UINT64_C(1) << 23) /* no subjectAltName at all */
#define PB_D_SAN_NO_RID          (UINT64_C(1) << 24) /* SAN without the registeredID (TLS: dNSName only) */
#define PB_D_NO_EKU              (UINT64_C(1) << 25) /* TLS roles */
#define PB_D_EKU_CLIENT_ONLY     (UINT64_C(1) << 26) /* TLS roles: clientAuth only */
#define PB_D_EKU_ON_NON_TLS      (UINT64_C(1) << 27) /* non-TLS roles: an EKU with serverAuth */
#define PB_D_NO_CRLDP            (UINT64_C(1) << 28)
#define PB_D_UNKNOWN_CRIT_EXT    (UINT64_C(1) << 29) /* extension 1.3.6.1.4.1.99999.1, critical, value NULL */
#define PB_D_DUP_EXT             (UINT64_C(1) << 30) /* keyUsage twice */
#define PB_D_NO_EID_CONSTRAINT   (UINT64_C(1) << 31) /* EUM: neither nameConstraints nor permittedEins */
#define PB_D_NC_NONCRIT          (UINT64_C(1) << 32) /* EUM v2: nameConstraints not critical */
#define PB_D_NC_EXCLUDED         (UINT64_C(1) << 33) /* EUM v2: excludedSubtrees present as well */
#define PB_D_NC_NOT_DIRNAME      (UINT64_C(1) << 34) /* EUM v2: permitted subtree is a dNSName */
#define PB_D_PREFIX_BAD          (UINT64_C(1) << 35) /* EUM: the EID prefix has a non-digit ("8904903A") */
#define PB_D_TIME_GENERALIZED    (UINT64_C(1) << 36) /* notBefore (< 2050) as GeneralizedTime */
#define PB_D_VALIDITY_INVERTED   (UINT64_C(1) << 38) /* notBefore after notAfter */
#define PB_D_SUBJECT_NO_O        (UINT64_C(1) << 40) /* subject without O */
#define PB_D_ISSUER_NAME_WRONG   (UINT64_C(1) << 41) /* issuer DN differs from the issuer's subject DN */
#define PB_D_NO_DNS              (UINT64_C(1) << 42) /* TLS: SAN without dNSName */
#define PB_D_PUBKEY_OFF_CURVE    (UINT64_C(1) << 43) /* the public point's last byte changed (not on the curve) */
#define PB_D_EID_BAD_CHECK       (UINT64_C(1) << 44) /* eUICC: EID with wrong check digits */
#define PB_D_EID_SHORT           (UINT64_C(1) << 45) /* eUICC: EID of 31 digits */
#define PB_D_NO_EID              (UINT64_C(1) << 46) /* eUICC: no serialNumber in the subject */
#define PB_D_PERMITTED_EINS_BAD  (UINT64_C(1) << 47) /* EUM v3: permittedEins not a SEQUENCE OF PrintableString */
#define PB_D_NC_ON_LEAF          (UINT64_C(1) << 48) /* non-EUM: a nameConstraints extension (critical) */
#define PB_D_DNS_ON_NON_TLS      (UINT64_C(1) << 49) /* non-TLS roles: SAN dNSName (with serverAuth EKU: a TLS
                                                      * certificate carrying another role's policy) */
#define PB_D_NOT_CA              (UINT64_C(1) << 50) /* CA roles: no basicConstraints, keyUsage
                                                      * digitalSignature only, policy 1.2.3.4 */
#define PB_D_TIME_FRACTION       (UINT64_C(1) << 51) /* notAfter as GeneralizedTime with fractional seconds */
#define PB_D_DEFECT_BITS         52                  /* bits 0..51 (37, 39 unused) */

/* What to build. Zero-initialise, then set what matters; NULL / 0 fields
 * take the role's default. */
typedef struct pb_spec {
    pb_role role;
    pb_gen gen;
    uint64_t defects;           /* enum pb_defect bits */
    const char *subject;        /* mbedTLS DN string ("CN=..,O=..,C=.."); default per role */
    const char *serial_hex;     /* default "0100" (CI "01") */
    const char *not_before;     /* "YYYYMMDDhhmmss"; default "20200101000000" */
    const char *not_after;      /* default "20491231235959" (CI/EUM "20541231235959",
                                 * eUICC "99991231235959") */
    const char *eid;            /* eUICC subject serialNumber; default "89049032123451234512345678901235" */
    const char *eum_org;        /* EUM constraint O (and eUICC subject O); default "RSP Test EUM" */
    const char *eid_prefix[4];  /* EUM prefixes; default {"89049032"}; an EUM SubCA
                                 * carries permittedEins only when given */
    const char *rid;            /* SAN registeredID (dotted); default CI "2.999.1", EUM "2.999.5",
                                 * SM-DP+ "2.999.10", SM-DS "2.999.15" */
    const char *dns;            /* TLS dNSName; default "smdp.example.com" / "smds.example.com" */
} pb_spec;

/* A built certificate: DER, plus what an issuer needs to sign under it. */
typedef struct pb_cert {
    uint8_t *der;
    size_t len;
    pb_role role;
    pb_gen gen;
    char *subject;      /* the DN string used as subject */
    uint8_t ski[20];    /* its SubjectKeyIdentifier */
} pb_cert;

/* Builds a certificate for key `key` with spec `s`, signed by issuer_key
 * under issuer (issuer NULL: self-signed by key, as for a CI). */
pb_cert *pb_cert_build(const pb_spec *s, const pb_key *key, const pb_cert *issuer,
                       const pb_key *issuer_key);
void pb_cert_free(pb_cert *c);

/* PEM text of a certificate ("-----BEGIN CERTIFICATE-----" ... with a
 * trailing newline), allocated; NULL on failure. */
char *pb_pem(const uint8_t *der, size_t len);

/* A CRL (RFC 5280 5.1, v2) issued by `issuer` and signed with issuer_key,
 * listing the given serial numbers (hex strings). Times "YYYYMMDDhhmmss".
 * next_update NULL: omitted. The CRL carries an AKI equal to the issuer's
 * SKI and a cRLNumber; the flags below add to it (the IDP flags combine
 * into one issuingDistributionPoint; the entry flags touch the first entry
 * only, "every entry" ones excepted). */
enum pb_crl_defect {
    PB_CRL_BAD_SIGNATURE      = 1u << 0,
    PB_CRL_V1                 = 1u << 1,  /* no version field, no extensions */
    PB_CRL_DELTA              = 1u << 2,  /* deltaCRLIndicator (critical, base cRLNumber 1) */
    PB_CRL_IDP_DP             = 1u << 3,  /* issuingDistributionPoint (critical): distributionPoint URI */
    PB_CRL_IDP_USER           = 1u << 4,  /* issuingDistributionPoint (critical): onlyContainsUserCerts */
    PB_CRL_IDP_CA             = 1u << 5,  /* issuingDistributionPoint (critical): onlyContainsCACerts */
    PB_CRL_UNKNOWN_CRIT       = 1u << 6,  /* crlExtension 1.3.6.1.4.1.99999.1, critical, value NULL */
    PB_CRL_UNKNOWN_NONCRIT    = 1u << 7,  /* the same, not critical */
    PB_CRL_MORE_EXTS          = 1u << 8,  /* freshestCRL and authorityInfoAccess (not critical) */
    PB_CRL_ENTRY_REASON       = 1u << 9,  /* every entry: reasonCode keyCompromise, invalidityDate */
    PB_CRL_ENTRY_UNKNOWN_CRIT = 1u << 10, /* entry extension 1.3.6.1.4.1.99999.1, critical, NULL */
    PB_CRL_ENTRY_CERT_ISSUER  = 1u << 11, /* certificateIssuer (critical) naming the issuer */
    PB_CRL_ENTRY_TRAILING     = 1u << 12, /* a NULL after the entry's extensions (reasonCode) */
    PB_CRL_SIGALG_UNKNOWN     = 1u << 13, /* signature algorithm 1.3.6.1.4.1.99999.2 (both places) */
    PB_CRL_TIME_FRACTION      = 1u << 14, /* nextUpdate a GeneralizedTime with fractional seconds */
};
typedef struct pb_crl_spec {
    const char *this_update;   /* default "20250101000000" */
    const char *next_update;   /* default "20491231235959"; "" omits it */
    const char *serials_hex[8];
    unsigned defects;          /* enum pb_crl_defect */
} pb_crl_spec;
int pb_crl_build(const pb_crl_spec *s, const pb_cert *issuer, const pb_key *issuer_key,
                 uint8_t **der, size_t *len);

/* A whole default hierarchy on one curve: CI, EUM, eUICC, SM-DP+ auth, pb,
 * TLS, SM-DS auth, TLS, with their keys (seeds derived from base_seed). */
typedef struct pb_pki {
    pb_curve curve;
    pb_gen gen;
    pb_key *ci_key, *eum_key, *euicc_key, *dpauth_key, *dppb_key, *dptls_key,
        *dsauth_key, *dstls_key;
    pb_cert *ci, *eum, *euicc, *dpauth, *dppb, *dptls, *dsauth, *dstls;
} pb_pki;
pb_pki *pb_pki_build(pb_curve curve, pb_gen gen, uint32_t base_seed);
void pb_pki_free(pb_pki *p);

/* The SGP.22 v3 certificate variants as hierarchies (SGP.26 v3 publishes a
 * test PKI for each). esv's reading of them:
 *   O    v2 policy OIDs: CI -> EUM -> eUICC; CI -> SM-DP+ / SM-DS leaves
 *   Ov3  the same with the v3 OIDs (EUM: permittedEins, O-only nameConstraints)
 *   A    v3: CI -> EUM -> eUICC; CI -> SM-DP+ SubCA -> SM-DP+ leaves;
 *        CI -> SM-DS SubCA -> SM-DS leaves
 *   B    A with an EUM SubCA: CI -> EUM -> EUM SubCA -> eUICC
 *   C    B under a CI SubCA: CI -> CI SubCA -> {EUM, SM-DP+ SubCA, SM-DS SubCA} ... */
typedef enum pb_variant { PB_VAR_O = 0, PB_VAR_OV3, PB_VAR_A, PB_VAR_B, PB_VAR_C, PB_VAR_COUNT } pb_variant;

/* A variant's hierarchy: key and certificate per role (NULL for the roles
 * the variant does not have). */
typedef struct pb_vpki {
    pb_curve curve;
    pb_variant variant;
    pb_key *key[PB_ROLE_COUNT];
    pb_cert *cert[PB_ROLE_COUNT];
} pb_vpki;
pb_vpki *pb_vpki_build(pb_curve curve, pb_variant variant, uint32_t base_seed);
void pb_vpki_free(pb_vpki *p);
const char *pb_variant_name(pb_variant v);
/* The issuer role of `role` in the variant (PB_ROLE_COUNT for the CI or a
 * role the variant lacks). */
pb_role pb_vpki_issuer(pb_variant v, pb_role role);
/* A certificate of role s->role built in p's place for it (key and issuer
 * of the variant), with s->gen taken from the variant. */
pb_cert *pb_vpki_rebuild(const pb_vpki *p, pb_spec *s);
/* The certificates from `leaf` up to, not including, the CI, leaf first.
 * Returns their number (0 when the variant lacks the role). */
size_t pb_vpki_chain(const pb_vpki *p, pb_role leaf, const pb_cert **out, size_t cap);

/* Writes der to path (for the sample and seed generators). 0 on success. */
int pb_write_file(const char *path, const uint8_t *data, size_t len);

#endif
