/*
 * bpp.h - the strict check of a BoundProfilePackage (SGP.22 v2.5 2.5.4,
 * ES8+ 5.5) over the exact bytes received, and its unwrapping back to the
 * Unprotected Profile Package when the session keys are known (internal).
 *
 * BoundProfilePackage ::= [54] SEQUENCE {                  -- 'BF36'
 *   initialiseSecureChannelRequest InitialiseSecureChannelRequest, -- 'BF23'
 *   firstSequenceOf87  [0] SEQUENCE OF [7] OCTET STRING,   -- 'A0': ConfigureISDP
 *   sequenceOf88       [1] SEQUENCE OF [8] OCTET STRING,   -- 'A1': StoreMetadata
 *   secondSequenceOf87 [2] SEQUENCE OF [7] OCTET STRING OPTIONAL, -- 'A2': ReplaceSessionKeys
 *   sequenceOf86       [3] SEQUENCE OF [6] OCTET STRING }  -- 'A3': profile data
 *
 * Every TLV is read by the strict DER reader; each defect is a finding at
 * the byte offset of the TLV concerned, and the check goes on where the
 * rest still makes sense (every finding up to the report's cap, not just
 * the first).
 *
 * With the session keys the check verifies every segment's MAC along the
 * chain (A0, A1, A2, then A3 under the PPKs of A2 when present), decrypts
 * the '87' and '86' segments and hands back the recovered profile package.
 * Without them, the structure alone is checked and the report says so
 * (RSP-076, INFO): never a silent pass.
 *
 * Important caveats:
 *  - smdpSign is checked for its form only: verifying it needs the
 *    SM-DP+'s DPpb certificate and the eUICC's otPK (info gives the
 *    offsets of the signed data);
 *  - the first MAC that fails stops the MAC checks and decryption (the
 *    chaining makes every later MAC meaningless, and an eUICC stops
 *    there); nothing is handed back then;
 *  - '88' data (StoreMetadataRequest) is plaintext: info carries it even
 *    without keys, but it is authenticated only when the keys were given.
 *  - the recovered UPP holds the profile's secrets (K, OPc, PINs): free it
 *    with esv_rsp_upp_free, which wipes it.
 */
#ifndef ESV_RSP_BPP_H
#define ESV_RSP_BPP_H

#include <stddef.h>
#include <stdint.h>

#include "../report/report_internal.h"
#include "bsp.h"

/* Where a TLV is in the input: offsets from the first byte of the input. */
typedef struct esv_bpp_tlv {
    int present;
    size_t off;     /* first byte of the tag */
    size_t len;     /* whole TLV: tag, length and value */
    size_t val_off; /* first byte of the value */
    size_t val_len;
} esv_bpp_tlv;

typedef struct esv_bpp_info {
    esv_bpp_tlv isc;              /* InitialiseSecureChannelRequest, BF23 */
    esv_bpp_tlv remote_op_id;     /* 82 */
    esv_bpp_tlv transaction_id;   /* 80 */
    esv_bpp_tlv crt;              /* controlRefTemplate, A6 */
    esv_bpp_tlv key_type;         /* A6 / 80 */
    esv_bpp_tlv key_len;          /* A6 / 81 */
    esv_bpp_tlv host_id;          /* A6 / 84 */
    esv_bpp_tlv smdp_otpk;        /* 5F49 */
    esv_bpp_tlv smdp_sign;        /* 5F37 */
    /* The data smdpSign covers, minus the eUICC's otPK the caller appends:
     * remoteOpId || transactionId || controlRefTemplate || smdpOtpk TLVs
     * as received (SGP.22 v2.5 5.5.1); present when these four are
     * contiguous and in order. */
    esv_bpp_tlv signed_part;
    /* Segment counts (well-formed segments of the expected tag). */
    size_t n_first87, n_88, n_second87, n_86;
    int has_replace_session_keys; /* A2 present */
    /* Plaintext of the '88' segments (the StoreMetadataRequest, BF25),
     * concatenated; owned, NULL when there is none. */
    uint8_t *store_metadata;
    size_t store_metadata_len;
    /* Decrypted '87' data of A0 (ConfigureISDPRequest, BF24) when the keys
     * were given and every MAC verified; owned. */
    uint8_t *configure_isdp;
    size_t configure_isdp_len;
    int macs_verified; /* keys given, and every segment's MAC verified */
} esv_bpp_info;

/* Empties an info (cannot fail). */
void esv_bpp_info_init(esv_bpp_info *info);
/* Frees what an info owns and empties it. */
void esv_bpp_info_free(esv_bpp_info *info);

/*
 * Checks bpp[0..len) as one BoundProfilePackage, adding findings to r.
 *
 * keys: the session keys (esv_bsp_session_keys), or NULL: then no MAC is
 * verified and nothing decrypted, which RSP-076 says. ppk: NULL, or the
 * PPKs that protect the '86' segments of a package that carries no
 * ReplaceSessionKeys (A2) (RSP-082 says so); ignored when A2 is present
 * (its keys are used) or keys is NULL.
 *
 * upp / upp_len (both NULL or both set): with keys, when every MAC
 * verified and every segment decrypted, *upp gets the recovered profile
 * package (the '86' data concatenated; at most len bytes; free with
 * esv_rsp_upp_free); otherwise NULL and 0. info (may be NULL): filled as
 * far as the input allows; free it with esv_bpp_info_free, also on error.
 *
 * Returns ESV_OK (read the findings), ESV_E_ARG (r NULL, bpp NULL with len
 * > 0, upp and upp_len not both NULL or both set), ESV_E_NOMEM (nothing
 * handed back; the report is then unusable).
 */
esv_status esv_rsp_bpp_check(esv_report *r, const uint8_t *bpp, size_t len,
                             const esv_bsp_keys *keys, const esv_bsp_keys *ppk, uint8_t **upp,
                             size_t *upp_len, esv_bpp_info *info);

/* Wipes and frees a recovered profile package (NULL is fine). */
void esv_rsp_upp_free(uint8_t *upp, size_t upp_len);

#endif
