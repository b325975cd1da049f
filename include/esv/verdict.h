/*
 * esv/verdict.h - signed verdicts: a report as a COSE_Sign1 (RFC 9052).
 *
 * A lab that hands a verdict on (to a customer, an audit trail, a later
 * stage of a pipeline) can sign it, so that whoever holds its public key
 * can tell the report is the one esv wrote and nobody changed it since.
 *
 * The signed form is one COSE_Sign1_Tagged item (RFC 9052 4.2, CBOR tag
 * 18): [protected, unprotected, payload, signature] with
 *  - protected: the encoded map {1 (alg): -7 (ES256)};
 *  - unprotected: {4 (kid): the first 8 bytes of SHA-256 over the signing
 *    key's public point, uncompressed}: a hint, never used to decide;
 *  - payload: the report's CBOR map, byte for byte what esv_report_write
 *    writes with ESV_FORMAT_CBOR;
 *  - signature: ECDSA P-256 with SHA-256 (RFC 9053 2.1) as r || s, 64
 *    bytes, over the Sig_structure ["Signature1", protected, h'' (no
 *    external AAD), payload] (RFC 9052 4.4).
 * Items written one after another make a file of several verdicts; the
 * verifier takes them one at a time.
 *
 * Keys come as PEM text and are parsed by the crypto backend (mbedTLS or
 * OpenSSL): the signer an unencrypted "EC PRIVATE KEY" or "PRIVATE KEY"
 * on P-256, the verifier a "PUBLIC KEY" on P-256.
 *
 * Important caveats:
 *  - A valid signature says who signed and that the bytes are unchanged;
 *    it says nothing about the verdict's worth: the signer is trusted or
 *    not by the holder of the public key, and esv has no PKI for it.
 *  - The verifier takes ES256 only, in the protected header; a COSE_Sign1
 *    with any other algorithm, with critical headers (label 2) or with a
 *    detached payload is refused, as is CBOR with indefinite lengths.
 *  - The signature covers the report's time (the time its verdict is
 *    for), not the time of signing.
 */
#ifndef ESV_VERDICT_H
#define ESV_VERDICT_H

#include "esv/common.h"
#include "esv/report.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct esv_signer esv_signer;

/*
 * A signer from the PEM text pem[0..len) of an unencrypted P-256 private
 * key (need not be NUL-terminated). The key is copied and zeroed when the
 * signer is freed. A signer is only read once made: threads may sign with
 * it at once. Returns ESV_OK, ESV_E_ARG (out NULL, pem NULL),
 * ESV_E_PARSE (no PEM private key the backend parses: not PEM, encrypted,
 * malformed), ESV_E_UNSUPPORTED (a key that is not EC on P-256) or
 * ESV_E_NOMEM; *out is NULL unless ESV_OK.
 */
ESV_API ESV_WUR esv_status esv_signer_new(const uint8_t *pem, size_t len, esv_signer **out);
/* Frees a signer; NULL is allowed. */
ESV_API void esv_signer_free(esv_signer *signer);

/*
 * Writes the report for input_name (may be NULL) as one COSE_Sign1 (see
 * above) through write(opaque, ...), in one call: the payload is what
 * esv_report_write(report, ESV_FORMAT_CBOR, input_name, ...) writes.
 * Returns ESV_OK, ESV_E_ARG, ESV_E_NOMEM or ESV_E_IO (write failed).
 */
ESV_API ESV_WUR esv_status esv_report_write_signed(const esv_report *report, const esv_signer *signer,
                                                   const char *input_name, esv_write_fn write,
                                                   void *opaque);

typedef struct esv_verifier esv_verifier;

/* A verifier from the PEM text of a P-256 public key ("PUBLIC KEY",
 * SubjectPublicKeyInfo). Returns ESV_OK, ESV_E_ARG, ESV_E_PARSE,
 * ESV_E_UNSUPPORTED (not EC on P-256) or ESV_E_NOMEM. */
ESV_API ESV_WUR esv_status esv_verifier_new(const uint8_t *pem, size_t len, esv_verifier **out);
ESV_API void esv_verifier_free(esv_verifier *verifier);

/* What checking one COSE_Sign1 found. */
typedef enum esv_signature_check {
    ESV_SIGNATURE_VALID = 0,      /* verifies with the key; the payload is an
                                   * esv report, its verdict readable */
    ESV_SIGNATURE_BAD = 1,        /* well-formed, but does not verify with this
                                   * key: changed bytes, or another key */
    ESV_SIGNATURE_MALFORMED = 2,  /* not a COSE_Sign1 of well-formed CBOR */
    ESV_SIGNATURE_TRUNCATED = 3,  /* the input ends inside the item */
    ESV_SIGNATURE_BAD_ALG = 4,    /* no alg ES256 in the protected header, or
                                   * critical headers esv does not process */
    ESV_SIGNATURE_BAD_PAYLOAD = 5 /* the signature verifies, but the payload is
                                   * not an esv report (no verdict) */
} esv_signature_check;

/* A short English text for a check result ("valid", "signature does not
 * verify", ...). Never NULL. */
ESV_API const char *esv_signature_check_str(esv_signature_check check);

/* One checked COSE_Sign1 and, when valid, what its report says. */
typedef struct esv_signed_verdict esv_signed_verdict;

/*
 * Checks the COSE_Sign1 at the start of data[0..len) with the verifier's
 * key and returns what was found in *out (free with
 * esv_signed_verdict_free), and in *used the bytes the item takes, so a
 * caller steps through concatenated items (len, the rest, when the item
 * is malformed or truncated: its end is not known). The structure is read
 * with libcbor's streaming decoder (nothing is allocated from a declared
 * length), at most 32 levels deep. Returns ESV_OK (read
 * esv_signed_verdict_check), ESV_E_ARG (verifier, used or out NULL, data
 * NULL with len > 0, len 0) or ESV_E_NOMEM.
 */
ESV_API ESV_WUR esv_status esv_verdict_verify(const esv_verifier *verifier, const uint8_t *data,
                                              size_t len, size_t *used, esv_signed_verdict **out);
ESV_API void esv_signed_verdict_free(esv_signed_verdict *v);

ESV_API esv_signature_check esv_signed_verdict_check(const esv_signed_verdict *v);
/* The report's verdict (ESV_VERDICT_FAIL unless the check is VALID). */
ESV_API esv_verdict esv_signed_verdict_verdict(const esv_signed_verdict *v);
/* The report's members "input", "kind", "policy", "status", "time" as
 * text (NULL when absent, null, or the check is not VALID). Valid as
 * long as v. */
ESV_API const char *esv_signed_verdict_field(const esv_signed_verdict *v, const char *name);
/* Findings in the report with this severity, and its "dropped" count
 * (0 unless VALID). */
ESV_API size_t esv_signed_verdict_count(const esv_signed_verdict *v, esv_severity sev);
ESV_API size_t esv_signed_verdict_dropped(const esv_signed_verdict *v);
/* The payload (the report's CBOR) when the signature verified, else NULL
 * and *len 0. */
ESV_API const uint8_t *esv_signed_verdict_payload(const esv_signed_verdict *v, size_t *len);

#ifdef __cplusplus
}
#endif
#endif
