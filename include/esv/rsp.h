/*
 * esv/rsp.h - remote provisioning messages of the GSMA SGP.22 Profile
 * download (ES9+ ASN.1 binding and ES10b), verified over the exact bytes
 * received, in both directions:
 *  - from the eUICC (through the LPA), as an SM-DP+ receives them:
 *    InitiateAuthenticationRequest, AuthenticateServerResponse,
 *    PrepareDownloadResponse, ProfileInstallationResult,
 *    CancelSessionResponse, OtherSignedNotification, and the error
 *    variants of each response;
 *  - from the SM-DP+, as a device test lab captures them:
 *    InitiateAuthenticationResponse (or InitiateAuthenticationOkEs9),
 *    AuthenticateClientResponseEs9, BoundProfilePackage (structure,
 *    smdpSign; with the session keys, or otSK.DP to derive them, every
 *    segment's MAC, the decryption, and the recovered profile package
 *    through every profile rule, cross-checked with the metadata).
 *
 * A session object carries what one download has established
 * (transactionId, challenges, server address, the eUICC's and the
 * SM-DP+'s certificates and signatures, the eUICC's one-time key). The
 * caller sets what it knows (an SM-DP+ sets its own transactionId and
 * serverChallenge); each verified message adds what it establishes, and
 * the next message is checked against it. A check whose input is neither
 * set nor learned is reported as not performed (RSP-003, info), never
 * passed.
 *
 * One session belongs to one download and is used by one thread at a
 * time; any number of sessions are verified at once on many threads
 * through one shared trust (esv/cert.h).
 */
#ifndef ESV_RSP_H
#define ESV_RSP_H

#include "esv/cert.h"
#include "esv/common.h"
#include "esv/context.h"
#include "esv/report.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct esv_rsp_session esv_rsp_session;

/* The values a session holds. New values are added at the end. */
typedef enum esv_rsp_value {
    ESV_RSP_TRANSACTION_ID = 0,  /* 1..16 bytes */
    ESV_RSP_EUICC_CHALLENGE,     /* 16 bytes */
    ESV_RSP_SERVER_CHALLENGE,    /* 16 bytes */
    ESV_RSP_SERVER_ADDRESS,      /* the SM-DP+ address (FQDN), text */
    ESV_RSP_CI_PKID,             /* euiccCiPKIdToBeUsed: the CI's key id */
    ESV_RSP_EUICC_CERTIFICATE,   /* DER */
    ESV_RSP_EUM_CERTIFICATE,     /* DER */
    ESV_RSP_DPPB_CERTIFICATE,    /* DER */
    ESV_RSP_EUICC_SIGNATURE1,    /* 64 bytes, r||s */
    ESV_RSP_SMDP_SIGNATURE2,     /* 64 bytes, r||s */
    ESV_RSP_EUICC_OTPK,          /* 65 bytes, uncompressed point */
    ESV_RSP_CONFIRMATION_CODE,   /* text: the code the end user enters */
    ESV_RSP_EID,                 /* 32 decimal digits, text */
    ESV_RSP_OTSK_DP,             /* 32 bytes: the SM-DP+'s one-time private key
                                  * (otSK.DP.ECKA), to derive the session keys */
    ESV_RSP_SESSION_KEYS,        /* 48 bytes: S-ENC || S-MAC || initial MAC
                                  * chaining value, when known directly */
    ESV_RSP_DPAUTH_CERTIFICATE   /* DER */
} esv_rsp_value;

ESV_API ESV_WUR esv_status esv_rsp_session_new(esv_rsp_session **out);
ESV_API void esv_rsp_session_free(esv_rsp_session *session);

/* Sets a value (copied; len 0 clears it). Returns ESV_OK, ESV_E_ARG (NULL
 * session, unknown value, NULL data with len > 0, a length the value
 * cannot have) or ESV_E_NOMEM. */
ESV_API ESV_WUR esv_status esv_rsp_session_set(esv_rsp_session *session, esv_rsp_value which,
                                               const uint8_t *data, size_t len);

/* The value, or *data NULL and *len 0 when it is not known. The pointer is
 * valid until the value changes. Returns ESV_OK or ESV_E_ARG. */
ESV_API ESV_WUR esv_status esv_rsp_session_get(const esv_rsp_session *session,
                                               esv_rsp_value which, const uint8_t **data,
                                               size_t *len);

/*
 * Verifies one message, DER, as received: recognised by its outer tag
 * (the SEQUENCE InitiateAuthenticationOkEs9 by its shape), then strict DER
 * (DER- rules), the SGP.22 schema and its constraints (RSP-002, DER-023),
 * the message's own rules (RSP-) and the certificates it carries (PKI-
 * rules, through esv_cert_verify with trust; NULL trust: no chain is
 * checked and the report says so). session may be NULL (nothing to compare
 * with: every session check is reported as not performed); otherwise it
 * is checked against and then updated with what the message establishes,
 * whatever the verdict. Returns ESV_OK (read the verdict), ESV_E_ARG,
 * ESV_E_NOMEM or ESV_E_LIMIT (report kept).
 */
ESV_API ESV_WUR esv_status esv_rsp_verify(const esv_ctx *ctx, const esv_trust *trust,
                                          esv_rsp_session *session, const uint8_t *msg,
                                          size_t len, esv_report **out);

/*
 * Verifies one ES9+ HTTP body of the JSON binding (SGP.22 6.5, 6.6), as
 * received: parsed with jansson (duplicate members refused), the base64
 * members decoded, and the ASN.1 objects they carry verified as
 * esv_rsp_verify does (a request's authenticateServerResponse,
 * prepareDownloadResponse, pendingNotification, cancelSessionResponse; a
 * response's boundProfilePackage; the members of an InitiateAuthentication
 * or AuthenticateClient response, or of an InitiateAuthentication request,
 * put together as their ASN.1 binding, every signed member keeping its
 * bytes). A response header whose functionExecutionStatus is not a success
 * is RSP-041 with its subject and reason codes. Findings name the member;
 * offsets are into its decoded bytes (none for a message put together).
 * Returns as esv_rsp_verify.
 */
ESV_API ESV_WUR esv_status esv_rsp_verify_json(const esv_ctx *ctx, const esv_trust *trust,
                                               esv_rsp_session *session, const uint8_t *body,
                                               size_t len, esv_report **out);

/* Called with each message's report (name: "entry 3 request
 * authenticateClient", ...); the report is freed after the call. Return
 * non-zero to stop. */
typedef int (*esv_rsp_report_fn)(void *opaque, const char *name, const esv_report *report);

/*
 * Verifies a whole captured session: a HAR file (HTTP Archive 1.2, the
 * JSON that browsers and intercepting proxies export) of an ES9+
 * exchange. Its entries whose URL path ends in an ES9+ function
 * (/gsma/rsp2/es9plus/initiateAuthentication, authenticateClient,
 * getBoundProfilePackage, handleNotification, cancelSession) are taken in
 * order, the request body then the response body (base64 content
 * decoded), each verified by esv_rsp_verify_json with session carrying the
 * state from one to the next (session may be NULL: a fresh one is used).
 * Each gets its own report through fn. A HAR that is not one (not JSON,
 * no log.entries) or holds no ES9+ exchange gets one report, named "har",
 * saying so (RSP-042, RSP-043). Returns ESV_OK, ESV_E_ARG, ESV_E_NOMEM,
 * or ESV_E_IO (fn stopped it).
 */
ESV_API ESV_WUR esv_status esv_rsp_verify_har(const esv_ctx *ctx, const esv_trust *trust,
                                              esv_rsp_session *session, const uint8_t *har,
                                              size_t len, esv_rsp_report_fn fn, void *opaque);

/* The SGP.22 status code an SM-DP+ answers with for this report: that of
 * the first error finding whose rule has one (esv_rule_status_code), e.g.
 * "8.1" / "6.1" for an euiccSignature1 that does not verify. Returns 1 and
 * sets *subject and *reason, or 0 and NULLs (no error with a code). */
ESV_API int esv_rsp_status_code(const esv_report *report, const char **subject,
                                const char **reason);

#ifdef __cplusplus
}
#endif
#endif
