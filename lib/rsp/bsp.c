/*
 * bsp.c - SGP.22 BSP (SCP03t) key derivation and segment operations over
 * the crypto interface (see bsp.h for the protocol).
 */
#include "bsp.h"

#include <string.h>

esv_bsp_rc esv_bsp_derive_keys(const uint8_t *shared_secret, size_t shared_secret_len,
                               uint8_t key_type, uint8_t key_len, const uint8_t *host_id,
                               size_t host_id_len, const uint8_t *eid, size_t eid_len,
                               esv_bsp_keys *out)
{
    /* sharedInfo: keyType (1) || keyLen (1) || L || hostId (<= 16) || L || EID (< 128) */
    uint8_t info[2 + 1 + 16 + 1 + 127];
    uint8_t kdf_out[3 * ESV_BSP_KEY_LEN];
    size_t n = 0;
    esv_crypto_rc rc;

    memset(out, 0, sizeof(*out));
    /* SGP.22 v2.5 5.5.1: keyType '88' (AES), keyLen '10'. */
    if (key_type != ESV_BSP_KEY_TYPE_AES || key_len != ESV_BSP_KEY_LEN || shared_secret == NULL ||
        shared_secret_len == 0 || host_id == NULL || host_id_len == 0 || host_id_len > 16 ||
        eid == NULL || eid_len == 0 || eid_len > 127)
        return ESV_BSP_BAD_INPUT;
    info[n++] = key_type;
    info[n++] = key_len;
    info[n++] = (uint8_t)host_id_len;
    memcpy(info + n, host_id, host_id_len);
    n += host_id_len;
    info[n++] = (uint8_t)eid_len;
    memcpy(info + n, eid, eid_len);
    n += eid_len;
    rc = esv_x963_kdf_sha256(shared_secret, shared_secret_len, info, n, kdf_out, sizeof(kdf_out));
    if (rc == ESV_CRYPTO_OK) {
        /* SGP.22 v2.5 2.6.4.2: the KDF output is, in order, the initial MAC
         * chaining value, S-ENC and S-MAC. */
        memcpy(out->icv, kdf_out, ESV_BSP_KEY_LEN);
        memcpy(out->s_enc, kdf_out + ESV_BSP_KEY_LEN, ESV_BSP_KEY_LEN);
        memcpy(out->s_mac, kdf_out + 2 * ESV_BSP_KEY_LEN, ESV_BSP_KEY_LEN);
    }
    esv_memzero(kdf_out, sizeof(kdf_out));
    esv_memzero(info, sizeof(info));
    return rc == ESV_CRYPTO_OK ? ESV_BSP_OK : ESV_BSP_BAD_INPUT;
}

esv_bsp_rc esv_bsp_session_keys(esv_curve curve, const uint8_t *otsk, size_t otsk_len,
                                const uint8_t *peer_otpk, size_t peer_otpk_len,
                                uint8_t key_type, uint8_t key_len, const uint8_t *host_id,
                                size_t host_id_len, const uint8_t *eid, size_t eid_len,
                                esv_bsp_keys *out)
{
    uint8_t z[ESV_ECDH_SECRET_LEN];
    esv_crypto_rc rc;
    esv_bsp_rc brc;

    memset(out, 0, sizeof(*out));
    /* SGP.22 v2.5 2.6.4.1 / annex G: ECKA-DH shared secret ShS = x(d * Q). */
    rc = esv_ecdh_shared_secret(curve, otsk, otsk_len, peer_otpk, peer_otpk_len, z);
    if (rc != ESV_CRYPTO_OK)
        return rc == ESV_CRYPTO_NOMEM ? ESV_BSP_NOMEM : ESV_BSP_BAD_INPUT;
    brc = esv_bsp_derive_keys(z, sizeof(z), key_type, key_len, host_id, host_id_len, eid, eid_len,
                              out);
    esv_memzero(z, sizeof(z));
    return brc;
}

void esv_bsp_init(esv_bsp *s, const esv_bsp_keys *keys)
{
    s->keys = *keys;
    memcpy(s->mcv, keys->icv, ESV_BSP_KEY_LEN);
    s->block = 1;
}

void esv_bsp_wipe(esv_bsp *s)
{
    esv_memzero(s, sizeof(*s));
}

/* The full CMAC over chaining value || header || data (2.6.4.3). */
static esv_bsp_rc full_cmac(const esv_bsp *s, const uint8_t *hdr, size_t hdr_len,
                            const uint8_t *data, size_t data_len, uint8_t out[ESV_AES_BLOCK_LEN])
{
    esv_crypto_part parts[3] = {{s->mcv, ESV_BSP_KEY_LEN}, {hdr, hdr_len}, {data, data_len}};
    esv_crypto_rc rc = esv_aes128_cmac(s->keys.s_mac, parts, 3, out);
    if (rc == ESV_CRYPTO_OK)
        return ESV_BSP_OK;
    return rc == ESV_CRYPTO_NOMEM ? ESV_BSP_NOMEM : ESV_BSP_BAD_INPUT;
}

esv_bsp_rc esv_bsp_verify(esv_bsp *s, const uint8_t *hdr, size_t hdr_len, const uint8_t *data,
                          size_t data_len, const uint8_t mac[ESV_BSP_MAC_LEN])
{
    uint8_t full[ESV_AES_BLOCK_LEN];
    esv_bsp_rc rc = full_cmac(s, hdr, hdr_len, data, data_len, full);
    if (rc != ESV_BSP_OK)
        return rc;
    /* The MAC is the 8 most significant bytes; the full value chains on. */
    if (!esv_ct_equal(full, mac, ESV_BSP_MAC_LEN)) {
        esv_memzero(full, sizeof(full));
        return ESV_BSP_BAD_MAC;
    }
    memcpy(s->mcv, full, ESV_BSP_KEY_LEN);
    esv_memzero(full, sizeof(full));
    return ESV_BSP_OK;
}

/* SGP.22 v2.5 2.6.4.4: the ICV is the block counter, left-padded with
 * zeros to 16 bytes, encrypted with S-ENC; the counter then advances. */
static esv_bsp_rc next_icv(esv_bsp *s, uint8_t icv[ESV_AES_BLOCK_LEN])
{
    uint8_t counter[ESV_AES_BLOCK_LEN] = {0};
    counter[12] = (uint8_t)(s->block >> 24);
    counter[13] = (uint8_t)(s->block >> 16);
    counter[14] = (uint8_t)(s->block >> 8);
    counter[15] = (uint8_t)s->block;
    s->block++;
    return esv_aes128_ecb_encrypt(s->keys.s_enc, counter, icv) == ESV_CRYPTO_OK ? ESV_BSP_OK
                                                                               : ESV_BSP_BAD_INPUT;
}

void esv_bsp_count_mac_only(esv_bsp *s)
{
    s->block++;
}

esv_bsp_rc esv_bsp_decrypt(esv_bsp *s, const uint8_t *ct, size_t ct_len, uint8_t *out,
                           size_t *out_len)
{
    uint8_t icv[ESV_AES_BLOCK_LEN];
    size_t i;
    esv_bsp_rc rc;

    *out_len = 0;
    if (ct_len == 0 || ct_len % ESV_AES_BLOCK_LEN != 0)
        return ESV_BSP_BAD_LENGTH;
    rc = next_icv(s, icv);
    if (rc == ESV_BSP_OK && esv_aes128_cbc_decrypt(s->keys.s_enc, icv, ct, ct_len, out) != ESV_CRYPTO_OK)
        rc = ESV_BSP_BAD_INPUT;
    esv_memzero(icv, sizeof(icv));
    if (rc != ESV_BSP_OK)
        return rc;
    /* Padding (2.6.4.4): one '80', then 0 to 15 '00' to a whole block. So
     * the '80' is in the last block and only zeros follow it. */
    i = ct_len;
    while (i > ct_len - ESV_AES_BLOCK_LEN && out[i - 1] == 0x00)
        i--;
    if (i == ct_len - ESV_AES_BLOCK_LEN || out[i - 1] != 0x80) {
        esv_memzero(out, ct_len);
        return ESV_BSP_BAD_PADDING;
    }
    *out_len = i - 1;
    return ESV_BSP_OK;
}

/* Minimal definite length octets (X.690 8.1.3) for n; returns their count. */
static size_t put_length(uint8_t *p, size_t n)
{
    if (n < 0x80) {
        p[0] = (uint8_t)n;
        return 1;
    }
    if (n <= 0xFF) {
        p[0] = 0x81;
        p[1] = (uint8_t)n;
        return 2;
    }
    if (n <= 0xFFFF) {
        p[0] = 0x82;
        p[1] = (uint8_t)(n >> 8);
        p[2] = (uint8_t)n;
        return 3;
    }
    p[0] = 0x83;
    p[1] = (uint8_t)(n >> 16);
    p[2] = (uint8_t)(n >> 8);
    p[3] = (uint8_t)n;
    return 4;
}

esv_bsp_rc esv_bsp_protect(esv_bsp *s, uint8_t tag, esv_bsp_mode mode, const uint8_t *data,
                           size_t len, uint8_t *out, size_t cap, size_t *out_len)
{
    int encrypt = mode != ESV_BSP_MAC_ONLY;
    size_t body = mode == ESV_BSP_ENCRYPT ? (len / ESV_AES_BLOCK_LEN + 1) * ESV_AES_BLOCK_LEN : len;
    size_t final_len, hdr_len, total;
    uint8_t hdr[5], full[ESV_AES_BLOCK_LEN], icv[ESV_AES_BLOCK_LEN];
    esv_bsp_rc rc;

    *out_len = 0;
    if (len > 0xFFFFFF - ESV_AES_BLOCK_LEN - ESV_BSP_MAC_LEN ||
        (mode == ESV_BSP_ENCRYPT_AS_IS && (len == 0 || len % ESV_AES_BLOCK_LEN != 0)))
        return ESV_BSP_BAD_LENGTH;
    final_len = body + ESV_BSP_MAC_LEN;
    hdr[0] = tag;
    hdr_len = 1 + put_length(hdr + 1, final_len);
    total = hdr_len + final_len;
    if (cap < total)
        return ESV_BSP_BAD_LENGTH;
    memcpy(out, hdr, hdr_len);
    if (len > 0)
        memmove(out + hdr_len, data, len);
    if (encrypt) {
        if (mode == ESV_BSP_ENCRYPT) {
            out[hdr_len + len] = 0x80;
            memset(out + hdr_len + len + 1, 0, body - len - 1);
        }
        rc = next_icv(s, icv);
        if (rc == ESV_BSP_OK &&
            esv_aes128_cbc_encrypt(s->keys.s_enc, icv, out + hdr_len, body, out + hdr_len) !=
                ESV_CRYPTO_OK)
            rc = ESV_BSP_BAD_INPUT;
        esv_memzero(icv, sizeof(icv));
        if (rc != ESV_BSP_OK)
            return rc;
    } else {
        esv_bsp_count_mac_only(s);
    }
    rc = full_cmac(s, hdr, hdr_len, out + hdr_len, body, full);
    if (rc != ESV_BSP_OK)
        return rc;
    memcpy(out + hdr_len + body, full, ESV_BSP_MAC_LEN);
    memcpy(s->mcv, full, ESV_BSP_KEY_LEN);
    esv_memzero(full, sizeof(full));
    *out_len = total;
    return ESV_BSP_OK;
}
