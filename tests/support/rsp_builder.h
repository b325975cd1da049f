/*
 * rsp_builder.h - builds a whole SGP.22 Profile download session, signed
 * with the keys of the project's test PKI (pki_builder.h): the messages an
 * SM-DP+ and an eUICC exchange (SGP.22 3.1.2, 3.1.3), with fixed
 * challenges and transactionId. Deterministic (RFC 6979 signatures): the
 * same curve gives the same bytes. For tests that run without
 * ../shared/testdata, the fuzz seeds and examples/data/rsp.
 */
#ifndef ESV_TEST_RSP_BUILDER_H
#define ESV_TEST_RSP_BUILDER_H

#include <stddef.h>
#include <stdint.h>

#include "pki_builder.h"

enum {
    RB_INITIATE = 0,  /* InitiateAuthenticationOkEs9 */
    RB_AUTH_SERVER,   /* AuthenticateServerResponse */
    RB_AUTH_CLIENT,   /* AuthenticateClientResponseEs9 */
    RB_PREPARE,       /* PrepareDownloadResponse */
    RB_PIR,           /* ProfileInstallationResult */
    RB_COUNT
};

typedef struct rb_session {
    pb_pki *pki;
    uint8_t transaction_id[16], euicc_challenge[16], server_challenge[16];
    const char *address;
    uint8_t *msg[RB_COUNT];
    size_t len[RB_COUNT];
} rb_session;

/* The file name of each message in a session folder (esv rsp --session). */
extern const char *const rb_file_name[RB_COUNT];

/* What a session may carry beyond the defaults. */
typedef struct rb_options {
    /* PprIds bits (SGP.22 2.9: bit 0 pprUpdateControl, 1 ppr1, 2 ppr2) as
     * the first octet of the BIT STRING, 0: absent. */
    uint8_t forbidden_pprs; /* euiccInfo2.forbiddenProfilePolicyRules */
    uint8_t metadata_pprs;  /* the metadata's profilePolicyRules */
} rb_options;

/* Builds the session on a curve; NULL on failure. */
rb_session *rb_session_build(pb_curve curve);
rb_session *rb_session_build_ex(pb_curve curve, const rb_options *o);
void rb_session_free(rb_session *s);

#endif
