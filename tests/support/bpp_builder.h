/*
 * bpp_builder.h - wraps a profile package into a BoundProfilePackage
 * (SGP.22 v2.5 2.5.4) with given session keys, through the library's own
 * BSP (lib/rsp/bsp.h), for the tests and the fuzz seeds. Nothing comes
 * from third-party data: the keys, identifiers and the synthetic UPP are
 * made up here.
 *
 * Not library code: on out of memory it aborts.
 */
#ifndef ESV_BPP_BUILDER_H
#define ESV_BPP_BUILDER_H

#include <stddef.h>
#include <stdint.h>

#include "rsp/bsp.h"

typedef struct bb_spec {
    const esv_bsp_keys *keys;   /* session keys (S-ENC, S-MAC, initial MCV) */
    const esv_bsp_keys *ppk;    /* non-NULL: an A2 ReplaceSessionKeys with these, then A3 under them */
    const uint8_t *transaction_id;
    size_t transaction_id_len;
    const uint8_t *host_id;
    size_t host_id_len;
    uint8_t key_type;           /* 0: '88' */
    const uint8_t *configure_isdp; /* the ConfigureISDPRequest TLV (BF24 ...) */
    size_t configure_isdp_len;
    int configure_isdp_as_is;   /* encrypt it without padding (whole blocks) */
    const uint8_t *store_metadata; /* the StoreMetadataRequest TLV (BF25 ...) */
    size_t store_metadata_len;
    const uint8_t *upp;
    size_t upp_len;
    size_t segment_data;        /* UPP bytes per '86' segment; 0: 1007 (2.5.3) */
    /* Variants for the tests; zero (as bb_default_spec leaves them): the
     * well-formed defaults. */
    const uint8_t *remote_op_id; /* NULL: '01' */
    size_t remote_op_id_len;
    uint8_t key_len;            /* 0: '10' */
    const uint8_t *smdp_otpk;   /* NULL: the P-256 base point */
    size_t smdp_otpk_len;
    const uint8_t *smdp_sign;   /* NULL: 64 bytes of '5A' */
    size_t smdp_sign_len;
    const uint8_t *rsk;         /* non-NULL: A2 encrypts these bytes instead of the BF26
                                 * made from ppk; A3 then stays under ppk when given, else
                                 * continues the session-key chain */
    size_t rsk_len;
} bb_spec;

/* The fixed keys of the fuzz target and its seeds (fuzz/fuzz_bpp.c):
 * S-ENC 00..0F, S-MAC 10..1F, initial MCV 20..2F; PPKs 30..5F. */
static inline void bb_fixed_keys(esv_bsp_keys *session, esv_bsp_keys *ppk)
{
    unsigned i;
    for (i = 0; i < ESV_BSP_KEY_LEN; i++) {
        session->s_enc[i] = (uint8_t)i;
        session->s_mac[i] = (uint8_t)(0x10 + i);
        session->icv[i] = (uint8_t)(0x20 + i);
        ppk->s_enc[i] = (uint8_t)(0x30 + i);
        ppk->s_mac[i] = (uint8_t)(0x40 + i);
        ppk->icv[i] = (uint8_t)(0x50 + i);
    }
}

/* The BoundProfilePackage for spec (malloc'd, *len its size). The smdpOtpk
 * is the P-256 base point (a valid point), smdpSign 64 bytes of '5A'. */
uint8_t *bb_build(const bb_spec *spec, size_t *len);

/* A synthetic profile package of about n bytes: DER TLVs of made-up
 * content (not a valid SAIP package; the BPP layer does not read it). */
uint8_t *bb_synthetic_upp(size_t n, size_t *len);

/* Fills spec with the defaults: fixed keys (bb_fixed_keys into the
 * caller's storage), transactionId 01..10, hostId "esv-test", BF24 with
 * an ISD-P AID, a small BF25, upp as given. */
void bb_default_spec(bb_spec *spec, esv_bsp_keys *session, esv_bsp_keys *ppk,
                     const uint8_t *upp, size_t upp_len);

#endif
