/*
 * bsp.h - the BSP (BPP protection protocol, "SCP03t" in SGP.22 v2) that
 * protects a Bound Profile Package: session key derivation and the
 * segment operations (internal).
 *
 * GSMA SGP.22 v2.5 2.6.4: the SM-DP+ and the eUICC agree a shared secret
 * with ECKA-DH on one-time keys (otSK.DP.ECKA x otPK.EUICC.ECKA), derive
 * three AES-128 values from it with the X9.63 KDF (SHA-256) - the initial
 * MAC chaining value, S-ENC and S-MAC, in that order - and then protect
 * each segment of the package:
 *  - '87' and '86' segments: data padded ('80' then '00's), AES-CBC under
 *    S-ENC with an ICV that is the block counter (16 bytes, big-endian,
 *    from 1) encrypted with S-ENC, then a C-MAC;
 *  - '88' segments: C-MAC only (the block counter still counts them);
 *  - C-MAC: AES-CMAC under S-MAC over MAC chaining value || tag || length
 *    || data, the length being the segment's final length (data + 8);
 *    the MAC is the first 8 bytes, and the full 16 bytes become the next
 *    chaining value.
 * ReplaceSessionKeys (5.5.4) starts a new state from the PPKs: a new
 * S-ENC, S-MAC and initial chaining value, block counter back at 1.
 *
 * Important caveats:
 *  - only keyType '88' (AES) with keyLen '10' (16 bytes) is implemented:
 *    the only BSP algorithm SGP.22 v2 defines;
 *  - esv_bsp_verify compares MACs in constant time; the state holds key
 *    material: wipe it with esv_bsp_wipe when done.
 */
#ifndef ESV_RSP_BSP_H
#define ESV_RSP_BSP_H

#include <stddef.h>
#include <stdint.h>

#include "../crypto/crypto.h"

#define ESV_BSP_KEY_LEN 16
#define ESV_BSP_MAC_LEN 8
/* SGP.22 v2.5 2.5.3: a segment is at most 1020 bytes including the tag,
 * the length field and the MAC. */
#define ESV_BSP_SEGMENT_MAX 1020
#define ESV_BSP_KEY_TYPE_AES 0x88
#define ESV_BSP_TAG_PROFILE 0x86     /* sequenceOf86: profile data, encrypted */
#define ESV_BSP_TAG_ENCRYPTED 0x87   /* ConfigureISDP, ReplaceSessionKeys */
#define ESV_BSP_TAG_MAC_ONLY 0x88    /* StoreMetadata */

/* One key set: the session keys from the key agreement, or the PPKs of a
 * ReplaceSessionKeysRequest. icv is the initial MAC chaining value. */
typedef struct esv_bsp_keys {
    uint8_t s_enc[ESV_BSP_KEY_LEN];
    uint8_t s_mac[ESV_BSP_KEY_LEN];
    uint8_t icv[ESV_BSP_KEY_LEN];
} esv_bsp_keys;

typedef enum esv_bsp_rc {
    ESV_BSP_OK = 0,
    ESV_BSP_BAD_MAC,     /* the C-MAC does not verify */
    ESV_BSP_BAD_LENGTH,  /* ciphertext empty or not whole AES blocks; output too small */
    ESV_BSP_BAD_PADDING, /* decrypted data not padded as 2.6.4.4 says */
    ESV_BSP_BAD_INPUT,   /* unsupported keyType/keyLen, lengths out of range, invalid point */
    ESV_BSP_NOMEM
} esv_bsp_rc;

/*
 * SGP.22 v2.5 2.6.4.2 (and annex G): the X9.63 KDF with SHA-256 over the
 * shared secret with sharedInfo = keyType || keyLen || L(hostId) || hostId
 * || L(EID) || EID (L a one-byte length), 48 bytes out: initial MAC
 * chaining value, S-ENC, S-MAC. key_type must be '88' and key_len 16;
 * host_id 1..16 bytes; eid 1..127 bytes (16 in practice). ESV_BSP_OK or
 * ESV_BSP_BAD_INPUT. out is zeroed on failure.
 */
esv_bsp_rc esv_bsp_derive_keys(const uint8_t *shared_secret, size_t shared_secret_len,
                               uint8_t key_type, uint8_t key_len, const uint8_t *host_id,
                               size_t host_id_len, const uint8_t *eid, size_t eid_len,
                               esv_bsp_keys *out);

/*
 * ECKA-DH then esv_bsp_derive_keys: our one-time private key (32 bytes)
 * and the other side's one-time public key (uncompressed, 65 bytes) on
 * curve. Either side can call it: the SM-DP+ with otSK.DP and otPK.EUICC,
 * a lab holding the eUICC's otSK with otPK.DP. ESV_BSP_BAD_INPUT for an
 * invalid point or scalar or an unsupported curve; ESV_BSP_NOMEM.
 */
esv_bsp_rc esv_bsp_session_keys(esv_curve curve, const uint8_t *otsk, size_t otsk_len,
                                const uint8_t *peer_otpk, size_t peer_otpk_len,
                                uint8_t key_type, uint8_t key_len, const uint8_t *host_id,
                                size_t host_id_len, const uint8_t *eid, size_t eid_len,
                                esv_bsp_keys *out);

/* The running state of one key set: chaining value and block counter. */
typedef struct esv_bsp {
    esv_bsp_keys keys;
    uint8_t mcv[ESV_BSP_KEY_LEN]; /* MAC chaining value */
    uint32_t block;               /* ICV block counter, from 1 */
} esv_bsp;

/* A fresh state for a key set (chaining value = keys->icv, counter 1). */
void esv_bsp_init(esv_bsp *s, const esv_bsp_keys *keys);
/* Zeroes the state (keys included). */
void esv_bsp_wipe(esv_bsp *s);

/*
 * SGP.22 v2.5 2.6.4.3: checks the MAC of one received segment. hdr is the
 * segment's tag and length octets exactly as received, data its value
 * without the MAC, mac the 8 bytes that follow. On ESV_BSP_OK the chaining
 * value becomes the full CMAC; on ESV_BSP_BAD_MAC the state is unchanged.
 * ESV_BSP_NOMEM.
 */
esv_bsp_rc esv_bsp_verify(esv_bsp *s, const uint8_t *hdr, size_t hdr_len, const uint8_t *data,
                          size_t data_len, const uint8_t mac[ESV_BSP_MAC_LEN]);

/*
 * SGP.22 v2.5 2.6.4.4: decrypts the ciphertext of one '86'/'87' segment
 * (its value without the MAC) into out (capacity >= ct_len; out may equal
 * ct), with the ICV of the current block counter, which it then
 * increments, and removes the padding: *out_len gets the data length.
 * ESV_BSP_BAD_LENGTH (ct_len 0 or not a multiple of 16),
 * ESV_BSP_BAD_PADDING (out then holds no plaintext: it is zeroed).
 */
esv_bsp_rc esv_bsp_decrypt(esv_bsp *s, const uint8_t *ct, size_t ct_len, uint8_t *out,
                           size_t *out_len);

/* A MAC-only ('88') segment also takes a block counter value (2.6.4.4). */
void esv_bsp_count_mac_only(esv_bsp *s);

/* How esv_bsp_protect treats the data. */
typedef enum esv_bsp_mode {
    ESV_BSP_MAC_ONLY = 0,      /* '88': data || MAC */
    ESV_BSP_ENCRYPT = 1,       /* '86'/'87': pad (2.6.4.4), encrypt, MAC */
    ESV_BSP_ENCRYPT_AS_IS = 2  /* encrypt without padding (whole blocks): only
                                * for testing a receiver's padding check */
} esv_bsp_mode;

/*
 * The sending side, for builders and tests: writes one protected segment
 * tag || length || (encrypted or plain data) || MAC into out[0..cap) and
 * advances the state as the receiver will. *out_len gets its size;
 * ESV_BSP_BAD_LENGTH when cap is too small, or for ESV_BSP_ENCRYPT_AS_IS
 * when len is not whole blocks (nothing advanced then).
 */
esv_bsp_rc esv_bsp_protect(esv_bsp *s, uint8_t tag, esv_bsp_mode mode, const uint8_t *data,
                           size_t len, uint8_t *out, size_t cap, size_t *out_len);

#endif
