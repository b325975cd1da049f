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

/* Builds the session on a curve; NULL on failure. */
rb_session *rb_session_build(pb_curve curve);
void rb_session_free(rb_session *s);

#endif
