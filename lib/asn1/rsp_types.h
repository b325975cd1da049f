/*
 * rsp_types.h - the asn1 layer for RSP messages (asn1/RSPDefinitions.asn):
 * decode one message of a given type from a span the strict DER reader has
 * already validated, check its constraints, free it. Same rules as
 * saip.h: only bytes that passed der_walk() reach the generated decoder,
 * and every use of generated code calls esv_asn1_ready() first.
 */
#ifndef ESV_ASN1_RSP_TYPES_H
#define ESV_ASN1_RSP_TYPES_H

#include <stddef.h>
#include <stdint.h>

#include "constraints.h"
/* asn1c runs with -fno-include-deps: the types the checks read. */
#include "AuthenticateClientResponseEs9.h"
#include "AuthenticateClientOk.h"
#include "AuthenticateResponseError.h"
#include "AuthenticateResponseOk.h"
#include "AuthenticateServerResponse.h"
#include "CancelSessionResponse.h"
#include "CancelSessionResponseOk.h"
#include "EUICCInfo1.h"
#include "EUICCInfo2.h"
#include "EUICCSigned2.h"
#include "EuiccCancelSessionSigned.h"
#include "EuiccSigned1.h"
#include "InitiateAuthenticationOkEs9.h"
#include "InitiateAuthenticationRequest.h"
#include "InitiateAuthenticationResponse.h"
#include "NotificationConfigurationInformation.h"
#include "NotificationMetadata.h"
#include "OtherSignedNotification.h"
#include "PrepareDownloadResponse.h"
#include "PrepareDownloadResponseError.h"
#include "PrepareDownloadResponseOk.h"
#include "ProfileInstallationResult.h"
#include "ProfileInstallationResultData.h"
#include "ServerSigned1.h"
#include "SmdpSigned2.h"
#include "StoreMetadataRequest.h"

/* Decodes exactly one value of type td from der[0..len), with the
 * decoder's stack bounded, into an arena of its own (arena.h: the one
 * decode path of the library; profile elements go through it too,
 * esv_saip_load). Returns 0 and the value in *out; -1 (*out NULL,
 * *fail_off the decoder's consumed count, when fail_off is not NULL) when
 * the bytes do not decode or leave bytes over; -2 when memory ran out.
 * Free the value with esv_rsp_free only. */
int esv_rsp_decode(const asn_TYPE_descriptor_t *td, const uint8_t *der, size_t len, void **out,
                   size_t *fail_off);

/* The same decode onto the heap, block by block, for a value that is
 * changed and freed with the runtime's own functions (free_struct,
 * OCTET_STRING_fromBuf, ASN_SEQUENCE_ADD): the tests' variants. */
int esv_asn1_decode_heap(const asn_TYPE_descriptor_t *td, const uint8_t *der, size_t len,
                         void **out, size_t *fail_off);

/* esv_asn_check_constraints under the lock. */
int esv_rsp_check_constraints(const asn_TYPE_descriptor_t *td, const void *value,
                              esv_asn_violation_fn on_violation, void *opaque);

/* Frees a value of esv_rsp_decode (its arena); NULL is allowed. */
void esv_rsp_free(const asn_TYPE_descriptor_t *td, void *value);

#endif
