/*
 * pki.h - the certificate model and the pieces of the PKI verifier.
 *
 * bytes (one DER value, or PEM text decoded: pem.c) -> strict DER
 * (esv_der_check_values) -> pki_cert_parse (the X.509 structure into
 * pki_cert: spans into the caller's bytes, extensions decoded) ->
 * pki_x509_gate (mbedTLS must accept it too) -> per-role
 * profile rules (profile.c) -> chain building, signatures, validity, EID
 * constraint, revocation (chain.c) -> findings.
 *
 * A pki_cert never owns the bytes it points into; it is plain data and
 * can be copied.
 */
#ifndef ESV_PKI_H
#define ESV_PKI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "esv/cert.h"
#include "../crypto/crypto.h"
#include "../der/der.h"
#include "../check/sink.h"

/* Caps (explicit and tested): certificates per verification, extensions
 * per certificate, policies, EID prefixes per EUM, chain length. */
#define PKI_MAX_CERTS 64u
#define PKI_MAX_EXT 32u
#define PKI_MAX_POLICIES 8u
#define PKI_MAX_PREFIXES 16u
#define PKI_MAX_DEPTH 6u

/* A piece of a certificate: bytes and their offset in the certificate. */
typedef struct pki_span {
    const uint8_t *p;
    size_t len;
    size_t off;
} pki_span;

typedef struct pki_name {
    pki_span raw; /* the whole Name TLV (compared byte for byte) */
    pki_span o, cn, serial; /* first value of each attribute (contents) */
    bool has_o, has_cn, has_serial;
    bool repeated; /* O, CN or serialNumber appears more than once */
} pki_name;

/* Extension ids the model knows. */
typedef enum pki_ext_id {
    PKI_EXT_OTHER = 0, PKI_EXT_SKI, PKI_EXT_KU, PKI_EXT_SAN, PKI_EXT_BC, PKI_EXT_NC,
    PKI_EXT_CRLDP, PKI_EXT_CP, PKI_EXT_AKI, PKI_EXT_EKU, PKI_EXT_EINS, PKI_EXT_COUNT
} pki_ext_id;

typedef struct pki_ext {
    pki_ext_id id;
    pki_span oid;   /* OID contents */
    bool critical;
    pki_span value; /* extnValue contents */
    bool malformed; /* value does not decode as its type (PKI-060) */
} pki_ext;

/* Key usage bits as in the DER BIT STRING (X.509 KeyUsage), bit 0 first. */
#define PKI_KU_DIGITAL_SIGNATURE 0x001u
#define PKI_KU_KEY_CERT_SIGN 0x020u
#define PKI_KU_CRL_SIGN 0x040u

typedef struct pki_cert {
    const uint8_t *der;
    size_t len;
    long index;          /* input position (-1 for trust material) */

    pki_span tbs;        /* the whole TBSCertificate TLV (what is signed) */
    int version;         /* 1, 2, 3 */
    pki_span serial;     /* INTEGER contents */
    pki_span sigalg_tbs; /* AlgorithmIdentifier TLVs */
    pki_span sigalg;
    pki_name issuer, subject;
    der_time nb_t, na_t;
    int64_t not_before, not_after;
    uint32_t nb_tag, na_tag; /* DER_TAG_UTC_TIME or DER_TAG_GENERALIZED_TIME */
    pki_span spki_alg;   /* algorithm OID contents */
    pki_span curve_oid;  /* namedCurve OID contents (len 0 when absent) */
    esv_curve curve;     /* ESV_CURVE_NONE when not one of the three */
    pki_span pubkey;     /* subjectPublicKey bits (after the unused-bits octet) */
    bool pubkey_unused_bits;
    pki_span sig;        /* signatureValue bits (after the unused-bits octet) */
    bool sig_unused_bits;

    pki_ext ext[PKI_MAX_EXT];
    size_t n_ext;
    bool ext_overflow;
    int ext_count[PKI_EXT_COUNT];
    /* Index in ext[] of the first extension of each id, -1 when absent: an
     * index, not a pointer, so that a pki_cert stays plain data that can
     * be copied or moved (the trust's array of CIs grows by realloc). */
    int8_t first[PKI_EXT_COUNT];

    /* Decoded extensions (valid when pki_ext_get finds the extension and it
     * is not malformed). */
    uint32_t ku;
    bool ca;
    long pathlen;                  /* -1: absent */
    pki_span policies[PKI_MAX_POLICIES];
    size_t n_policies;
    pki_span ski, aki;             /* aki.len 0: no keyIdentifier */
    bool has_rid, has_dns;
    pki_span rid;                  /* first registeredID (OID contents) */
    bool eku_server, eku_client;
    /* EID constraint of an EUM (or EUM SubCA): O and prefixes from the
     * nameConstraints dirName (variant O: O and serialNumber; v3: O
     * alone), prefixes from permittedEins (v3). Kept apart: when both are
     * present an EID must satisfy each. */
    bool nc_gsma_form;             /* nameConstraints has the GSMA shape */
    bool nc_serial_missing;        /* a permitted dirName without serialNumber */
    bool nc_repeated;              /* a permitted dirName repeats O or serialNumber */
    pki_span nc_o;
    pki_span nc_prefixes[PKI_MAX_PREFIXES];
    size_t n_nc_prefixes;
    pki_span eins[PKI_MAX_PREFIXES];
    size_t n_eins;

    /* From the policies. */
    esv_cert_role role;            /* ESV_ROLE_ANY: none recognised */
    bool role_v3;                  /* the role OID is an SGP.22 v3 arc */
    size_t n_role_oids;
} pki_cert;

/* Does c carry an EID constraint (prefixes or an O to match)? */
static inline bool pki_has_eid_constraint(const pki_cert *c)
{
    return c->n_nc_prefixes > 0 || c->n_eins > 0 || c->nc_o.len > 0;
}

/* The first extension of this id, or NULL. */
static inline const pki_ext *pki_ext_get(const pki_cert *c, pki_ext_id id)
{
    return c->first[id] < 0 ? NULL : &c->ext[c->first[id]];
}

/* Does c assert cA TRUE in a basicConstraints that decodes? (RFC 5280
 * 4.2.1.9: what makes a certificate a CA certificate.) */
static inline bool pki_asserts_ca(const pki_cert *c)
{
    const pki_ext *bc = pki_ext_get(c, PKI_EXT_BC);
    return bc != NULL && !bc->malformed && c->ca;
}

/* Small readers shared by cert.c and crl.c. */
/* Reads the next TLV and checks its class, tag and form: 0 or -1. */
int pki_expect(der_cursor *cur, der_tlv *t, uint8_t cls, uint32_t tag, bool constructed);
/* A TLV as a span: the whole TLV, or its contents. */
pki_span pki_span_of(const der_tlv *t, bool contents);
/* A UTCTime or GeneralizedTime TLV into calendar and Unix time; *tag (if
 * not NULL) gets which of the two it was. 0 or -1. */
int pki_parse_time(const der_tlv *t, der_time *dt, int64_t *unix_t, uint32_t *tag);

/* Why pki_cert_parse failed. */
typedef struct pki_parse_err {
    const char *what;
    size_t off;
} pki_parse_err;

/* Extension ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE,
 * extnValue OCTET STRING }, as certificates and CRLs carry them (RFC 5280
 * 4.1, 5.1; DER: critical is encoded only when TRUE): the next one of
 * *seq. Returns 0, or -1 with *err set. */
int pki_read_extension(der_cursor *seq, der_tlv *oid, bool *critical, der_tlv *value,
                       pki_parse_err *err);

/* Parses der[0..len) (already through the strict DER walk) into *c.
 * Returns 0, or -1 with *err set (PKI-001). */
int pki_cert_parse(pki_cert *c, const uint8_t *der, size_t len, long index,
                   pki_parse_err *err);

/* mbedTLS's X.509 parser must accept the certificate too (PKI-002).
 * Returns 0, or an mbedTLS error code with its text in msg. */
int pki_x509_gate(const uint8_t *der, size_t len, char *msg, size_t cap);

/* Role from policy OID contents: the role, or ESV_ROLE_ANY. *v3 set when
 * the OID is one of the SGP.22 v3 arcs. */
esv_cert_role pki_role_of_policy(const pki_span *oid, bool *v3);
bool pki_role_is_ca(esv_cert_role role);
/* A sub-CA role (SGP.22 v3: CI, EUM, SM-DP+ or SM-DS SubCA)? */
bool pki_role_is_subca(esv_cert_role role);
bool pki_role_is_tls(esv_cert_role role);
/* Can a certificate of role `issuer` issue one of role `subject`? (The
 * SGP.22 v3 hierarchy, which contains v2's: CI -> [CI SubCA] -> EUM ->
 * [EUM SubCA] -> eUICC; CI -> [CI SubCA] -> [SM-DP+ SubCA] -> SM-DP+
 * auth/pb/TLS; CI -> [CI SubCA] -> [SM-DS SubCA] -> SM-DS auth/TLS.) */
bool pki_role_can_issue(esv_cert_role issuer, esv_cert_role subject);

/* Location of a finding about certificate c (path NULL or e.g. "ci[0]"). */
esv_loc pki_loc(const pki_cert *c, const pki_span *at, const char *path);

/* Adds a finding about certificate c (at: span or NULL): ESV_FIND at the
 * certificate's location. */
#define PKI_FIND(r, rule, c, at, path, ...)                                    \
    do {                                                                       \
        esv_loc loc_ = pki_loc((c), (at), (path));                             \
        ESV_FIND((r), ESV_R_##rule, &loc_, __VA_ARGS__);                       \
    } while (0)

/* The per-certificate profile rules. role: the role to check against
 * (ESV_ROLE_ANY: the certificate's own, when recognised); env: the
 * backend's precomputed curves for the key check (may be NULL). */
esv_status pki_check_profile(const pki_cert *c, esv_cert_role role, const esv_crypto_env *env,
                             esv_report *r, const char *path);

/* Validity at time t (PKI-036, PKI-037). */
esv_status pki_check_validity(const pki_cert *c, esv_report *r, int64_t t, const char *path);

/* Verifies c's signature with issuer's key (pki_verify_signed over its
 * TBSCertificate). Returns the crypto result. */
esv_crypto_rc pki_verify_signature(const pki_cert *c, const pki_cert *issuer,
                                   const esv_pubkey *issuer_key);
/* Verifies a signature over tbs (a certificate's or a CRL's) made with
 * alg, with issuer's key. ESV_CRYPTO_BAD_INPUT when alg is not
 * ecdsa-with-SHA256 without parameters. issuer_key: issuer's key made
 * once (pki_key_of), or NULL to take it from issuer's certificate: the
 * same result. */
esv_crypto_rc pki_verify_signed(const pki_span *alg, const pki_span *tbs, const pki_span *sig,
                                const pki_cert *issuer, const esv_pubkey *issuer_key);
/* c's public key as an esv_pubkey: ESV_CRYPTO_NOMEM, else ESV_CRYPTO_OK
 * with *out NULL when it is not a valid key on P-256 or brainpoolP256r1
 * (pki_verify_signed then says why). */
esv_crypto_rc pki_key_of(const pki_cert *c, const esv_crypto_env *env, esv_pubkey **out);

/* EID helpers. */
bool pki_eid_digits_ok(const pki_span *eid);  /* 32 decimal digits */
bool pki_eid_check_ok(const pki_span *eid);   /* MOD 97-10 == 1 */
bool pki_prefix_ok(const pki_span *prefix);   /* 1..32 decimal digits */

/* Name equality (DER bytes). */
bool pki_name_eq(const pki_name *a, const pki_name *b);
bool pki_span_eq(const pki_span *a, const pki_span *b);

/* Formats bytes as hex into out (cut to fit), for messages. */
const char *pki_hex(const pki_span *s, char *out, size_t cap);
/* Printable ASCII of s into out ('?' for other bytes, cut to fit). */
const char *pki_text(const pki_span *s, char *out, size_t cap);
/* Dotted text of OID contents into out ("?" on failure). */
const char *pki_oid_text(const pki_span *s, char *out, size_t cap);

/* The DER values of one input (pem.c): the input itself (copied) when it is
 * one well-formed DER value or not PEM text, else each PEM block with the
 * label (RFC 7468, the whole input; lib/check/pem_text.h). */
typedef struct pki_ders {
    uint8_t **ders;
    size_t *lens;
    size_t n, cap;
} pki_ders;
/* ESV_OK, ESV_E_PARSE (PEM text without a block of that label),
 * ESV_E_NOMEM. out is empty on failure. */
esv_status pki_split_input(const uint8_t *data, size_t len, const char *label, pki_ders *out);
/* Is data exactly one strict DER value (default limits)? Decides "DER"
 * for pki_split_input, and every CI and CRL the trust takes passes it. */
bool pki_der_one_value(const uint8_t *data, size_t len);
/* Appends der (taken over: freed on failure too). 0, or -1 on ENOMEM. */
int pki_ders_push(pki_ders *d, uint8_t *der, size_t len);
void pki_ders_free(pki_ders *d);

/* The cache (cache.c). */
typedef struct pki_cache pki_cache;
pki_cache *pki_cache_new(size_t entries);
void pki_cache_free(pki_cache *c);
/* Key: SHA-256(cert DER) and SHA-256(issuer DER). */
bool pki_cache_lookup(pki_cache *c, const uint8_t key[64]);
/* pk: the certificate's key (the cache takes a reference), or NULL. */
void pki_cache_insert(pki_cache *c, const uint8_t key[64], esv_pubkey *pk);
/* The key of a cached certificate of DER hash cert_hash (a new reference,
 * for esv_pubkey_free), or NULL. Counts neither hit nor miss. */
esv_pubkey *pki_cache_key(pki_cache *c, const uint8_t cert_hash[32]);
void pki_cache_stats(const pki_cache *c, uint64_t *hits, uint64_t *misses);

#endif
