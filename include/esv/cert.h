/*
 * esv/cert.h - certificates of the GSMA RSP PKI (SGP.22 section 4.5.2,
 * SGP.14, SGP.26): CI, EUM, eUICC, SM-DP+ (auth, profile binding, TLS),
 * SM-DS (auth, TLS).
 *
 * Two objects:
 *  - esv_trust: what the caller trusts and knows: CI certificates, CRLs,
 *    and an optional cache of verified intermediates. Built once, then
 *    shared read-only by any number of threads (the cache locks itself,
 *    and may be replaced while they verify: esv_trust_set_cache).
 *  - esv_cert_verify(): checks a set of certificates (leaf and
 *    intermediates in any order, each input DER or PEM, PEM bundles
 *    allowed) against their roles' profiles and, when a trust is given,
 *    builds and verifies the chain to one of the trusted CIs: signatures,
 *    AKI/SKI, names, validity at the context's time (esv_ctx_set_time;
 *    esv never reads the clock: without a time, validity is not checked
 *    and the report says so, PKI-069), the EUM's EID constraint (the
 *    GSMA prefix rule), revocation by the trust's CRLs.
 *
 * Findings use the PKI- rules (and DER- for malformed input); each names
 * the certificate by its index in input order (esv_finding_cert) and, for
 * trust material, a path "ci[i]" or "crl[i]".
 *
 * DER or PEM is decided on a whole input, never by searching it: one
 * well-formed DER value is DER whatever bytes it holds (PEM text inside
 * an OCTET STRING is not certificates); otherwise PEM text by RFC 7468
 * (text only, matching BEGIN/END labels, only base64 inside a block,
 * explanatory text between blocks, blocks of other labels skipped) gives
 * its blocks; anything else is read as DER and reported as malformed.
 */
#ifndef ESV_CERT_H
#define ESV_CERT_H

#include "esv/common.h"
#include "esv/context.h"
#include "esv/report.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Certificate roles. ESV_ROLE_ANY: recognised from the certificate policy
 * OID (SGP.22 v2 and v3 arcs). The sub-CA roles exist in SGP.22 v3 only
 * (certificate variants A, B and C): CI -> [CI SubCA] -> EUM -> [EUM SubCA]
 * -> eUICC; CI -> [CI SubCA] -> [SM-DP+ SubCA] -> SM-DP+ auth/pb/TLS;
 * CI -> [CI SubCA] -> [SM-DS SubCA] -> SM-DS auth/TLS. New roles are added
 * at the end: the numbers of the others never change. */
typedef enum esv_cert_role {
    ESV_ROLE_ANY = 0,
    ESV_ROLE_CI,
    ESV_ROLE_EUM,
    ESV_ROLE_EUICC,
    ESV_ROLE_DP_AUTH,
    ESV_ROLE_DP_PB,
    ESV_ROLE_DP_TLS,
    ESV_ROLE_DS_AUTH,
    ESV_ROLE_DS_TLS,
    ESV_ROLE_CI_SUBCA,
    ESV_ROLE_EUM_SUBCA,
    ESV_ROLE_DP_SUBCA,
    ESV_ROLE_DS_SUBCA
} esv_cert_role;

/* "ci", "eum", "euicc", "dp-auth", "dp-pb", "dp-tls", "ds-auth", "ds-tls",
 * "ci-subca", "eum-subca", "dp-subca", "ds-subca" ("any" for
 * ESV_ROLE_ANY); "?" for a value outside the enum. */
ESV_API const char *esv_cert_role_name(esv_cert_role role);
/* One line on the role: its certificate, its policy OIDs (SGP.22 v2 and
 * v3 arcs) and its place in the hierarchy ("" for ESV_ROLE_ANY, "?"
 * outside the enum). Static text; for documentation and help output. */
ESV_API const char *esv_cert_role_description(esv_cert_role role);
/* The reverse of esv_cert_role_name. ESV_OK, ESV_E_ARG or ESV_E_NOTFOUND. */
ESV_API ESV_WUR esv_status esv_cert_role_parse(const char *name, esv_cert_role *out);

typedef struct esv_trust esv_trust;

/* A new, empty trust. ESV_OK, ESV_E_ARG, ESV_E_NOMEM. */
ESV_API ESV_WUR esv_status esv_trust_new(esv_trust **out);
ESV_API void esv_trust_free(esv_trust *trust);

/*
 * Adds the CI certificate(s) in data[0..len): one DER certificate or PEM
 * text with one or more certificates. Each is copied. A CI whose DER does
 * not parse is refused (ESV_E_PARSE, nothing added from this call); its
 * profile is checked at verification time, when it anchors a chain.
 * Several CIs may hold the same key (a CI re-issued under another name):
 * each anchors the chains its key signed. Not thread-safe: finish adding
 * before sharing the trust.
 */
ESV_API ESV_WUR esv_status esv_trust_add_ci(esv_trust *trust, const uint8_t *data, size_t len);

/*
 * Adds the CRL(s) in data[0..len): one DER CertificateList or PEM text
 * ("X509 CRL"). Copied. A CRL that does not parse, by esv's reader or by
 * mbedTLS's (save for its extensions, which esv judges itself), is refused
 * (ESV_E_PARSE, nothing added from this call); ESV_E_NOMEM.
 * At verification time a CRL is applied to certificates of its issuer once
 * it is verified (issuer name and AKI, signature with the issuer's key,
 * thisUpdate/nextUpdate against the verification time). Only complete
 * CRLs are applied (RFC 5280 6.3.3): a delta CRL, one whose
 * issuingDistributionPoint names a distribution point, reasons or an
 * indirect CRL, one with a certificateIssuer entry or any critical
 * extension esv does not process is kept but reported (PKI-063) instead
 * of applied. An issuingDistributionPoint with only onlyContainsUserCerts
 * or only onlyContainsCACerts limits the CRL to those certificates. A
 * certificate no applied CRL of its issuer covers gets PKI-067 (info:
 * revocation not checked).
 */
ESV_API ESV_WUR esv_status esv_trust_add_crl(esv_trust *trust, const uint8_t *data, size_t len);

/*
 * Enables the verified-intermediate cache with room for `entries`
 * intermediates (0 disables it; at most 1,000,000). An intermediate (an
 * EUM, say) whose signature verified against a trusted CI is remembered,
 * keyed by the SHA-256 of its DER and of its issuer's DER, and its
 * signature is not checked again; every other rule, its validity and its
 * revocation still are. When full, the oldest entry is replaced. The
 * cache is safe to use from many threads at once.
 *
 * Each call starts a new, empty cache (its counters start at 0) in place
 * of the previous one. Unlike esv_trust_add_ci and esv_trust_add_crl, it
 * may be called while other threads verify with this trust (and
 * concurrently with itself): a verification already running may finish
 * with the cache it started with. The caches replaced are therefore not
 * freed until esv_trust_free, so memory grows with each call that
 * replaces a cache: resize now and then, not per verification.
 * ESV_OK, ESV_E_ARG (trust NULL, entries too large), ESV_E_NOMEM (the
 * previous cache stays in place).
 */
ESV_API ESV_WUR esv_status esv_trust_set_cache(esv_trust *trust, size_t entries);

/* Counters of the current cache, since the esv_trust_set_cache call that
 * made it (0 when disabled). Safe while other threads verify. */
ESV_API void esv_trust_cache_stats(const esv_trust *trust, uint64_t *hits, uint64_t *misses);

/* Number of CIs / CRLs added. */
ESV_API size_t esv_trust_ci_count(const esv_trust *trust);
ESV_API size_t esv_trust_crl_count(const esv_trust *trust);

/* One input: a DER certificate, or PEM text holding one or more (see
 * the top of this header for which is which). */
typedef struct esv_blob {
    const uint8_t *data;
    size_t len;
} esv_blob;

/*
 * Verifies the certificates in inputs[0..n) and returns a new report
 * (kind "cert") in *out. Certificates are numbered in input order, a PEM
 * bundle contributing one number per certificate.
 *
 * role: what the leaf must be (ESV_ROLE_ANY: take the role from the
 * policy OID). The leaf is the certificate no other input certificate
 * was issued by; several leaves are each verified.
 * trust: NULL checks each certificate against its role's profile and
 * its validity only, and the report says that no chain, signature or
 * revocation was checked (PKI-062, info). Otherwise each leaf's chain is
 * built to a trusted CI by key identifier (AKI = SKI; a certificate with
 * an AKI is never linked by name, one without by name) and verified,
 * whatever the policy OIDs say: every issuer is a CA (cA TRUE and
 * keyCertSign, PKI-065), every pathLenConstraint above holds (PKI-066),
 * every issuer and subject has an RSP role and the issuer's may issue the
 * subject's (the SGP.22 v3 hierarchy with its sub-CAs, PKI-051), the EID
 * constraint of every EUM and EUM SubCA above an eUICC applies to it.
 * An issuer that is a trusted CI is identified by its key (the eUICC
 * names CIs by key identifier, SGP.22 euiccCiPKId): a CI re-issued under
 * another name anchors the chains its key signed; a certificate naming
 * an issuer that no trusted CI with that key is called gets PKI-068 (a
 * warning), and the name is compared with issuers among the inputs
 * (PKI-047). With ESV_ROLE_ANY, a leaf whose chain ends in a certificate
 * with no issuer at all (not even by name among the inputs), given beside
 * a chain that reached a trusted CI, is reported unused and not verified
 * (PKI-055, info) rather than failing the set: require the role to have
 * every leaf of that role verified.
 *
 * Returns ESV_OK (read the verdict), ESV_E_ARG (ctx or out NULL, inputs
 * NULL with n > 0, an input NULL with len > 0, role outside the enum),
 * ESV_E_NOMEM, ESV_E_LIMIT (report kept: more certificates or bytes than
 * ctx's limits allow; at most 64 certificates per call).
 */
ESV_API ESV_WUR esv_status esv_cert_verify(const esv_ctx *ctx, const esv_trust *trust,
                                           const esv_blob *inputs, size_t n,
                                           esv_cert_role role, esv_report **out);

#ifdef __cplusplus
}
#endif
#endif
