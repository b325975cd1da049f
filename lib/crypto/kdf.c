/*
 * kdf.c - the ANSI X9.63 key derivation function with SHA-256 (SEC 1 v2
 * 3.6.1), once for both crypto backends: written over the backend's
 * SHA-256 (crypto.h), so the length limits and an empty secret or info
 * behave the same whichever backend is linked.
 */
#include "crypto.h"

#include <string.h>

esv_crypto_rc esv_x963_kdf_sha256(const uint8_t *z, size_t z_len, const uint8_t *info,
                                  size_t info_len, uint8_t *out, size_t out_len)
{
    uint8_t block[ESV_SHA256_LEN];
    uint32_t counter = 1;
    size_t done = 0;

    if (out_len == 0 || out_len / ESV_SHA256_LEN >= 0xFFFFFFFFu)
        return ESV_CRYPTO_BAD_INPUT;
    while (done < out_len) {
        uint8_t c[4] = {(uint8_t)(counter >> 24), (uint8_t)(counter >> 16),
                        (uint8_t)(counter >> 8), (uint8_t)counter};
        size_t n = out_len - done < ESV_SHA256_LEN ? out_len - done : ESV_SHA256_LEN;
        esv_sha256_ctx h;
        esv_crypto_rc rc;
        esv_sha256_init(&h);
        esv_sha256_update(&h, z, z_len);
        esv_sha256_update(&h, c, sizeof(c));
        esv_sha256_update(&h, info, info_len);
        if ((rc = esv_sha256_final(&h, block)) != ESV_CRYPTO_OK) { /* releases the state */
            esv_memzero(block, sizeof(block));
            esv_memzero(out, out_len);
            return rc;
        }
        memcpy(out + done, block, n);
        done += n;
        counter++;
    }
    esv_memzero(block, sizeof(block));
    return ESV_CRYPTO_OK;
}
