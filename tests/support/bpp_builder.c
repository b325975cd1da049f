/*
 * bpp_builder.c - see bpp_builder.h.
 */
#include "bpp_builder.h"
#include "der/der.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct bbuf {
    uint8_t *p;
    size_t n, cap;
} bbuf;

static void need(bbuf *b, size_t more)
{
    if (b->cap - b->n >= more)
        return;
    while (b->cap - b->n < more)
        b->cap = b->cap ? 2 * b->cap : 256;
    b->p = realloc(b->p, b->cap);
    if (b->p == NULL) {
        fprintf(stderr, "bpp_builder: out of memory\n");
        abort();
    }
}

static void put(bbuf *b, const void *d, size_t n)
{
    need(b, n);
    if (n > 0)
        memcpy(b->p + b->n, d, n);
    b->n += n;
}

/* tag (1 or 2 bytes) || length || value (der_write_header) */
static void put_tlv(bbuf *b, unsigned tag, const void *v, size_t n)
{
    uint8_t h[DER_HEADER_MAX];
    put(b, h, der_write_header(h, tag, n));
    put(b, v, n);
}

/* Appends the protected segments of data, at most chunk bytes each,
 * wrapped in a constructed [n] sequence. */
static void put_segments(bbuf *out, unsigned seq_tag, esv_bsp *st, uint8_t seg_tag, esv_bsp_mode mode,
                         const uint8_t *data, size_t len, size_t chunk)
{
    bbuf seq = {0};
    size_t off = 0;
    do {
        size_t n = len - off < chunk ? len - off : chunk, got = 0;
        need(&seq, n + 64);
        if (esv_bsp_protect(st, seg_tag, mode, data + off, n, seq.p + seq.n, seq.cap - seq.n,
                            &got) != ESV_BSP_OK) {
            fprintf(stderr, "bpp_builder: protect failed\n");
            abort();
        }
        seq.n += got;
        off += n;
    } while (off < len);
    put_tlv(out, seq_tag, seq.p, seq.n);
    free(seq.p);
}

/* The P-256 base point G (SEC 2 2.4.2), uncompressed. */
static const uint8_t p256_g[65] = {
    0x04, 0x6B, 0x17, 0xD1, 0xF2, 0xE1, 0x2C, 0x42, 0x47, 0xF8, 0xBC, 0xE6, 0xE5, 0x63, 0xA4,
    0x40, 0xF2, 0x77, 0x03, 0x7D, 0x81, 0x2D, 0xEB, 0x33, 0xA0, 0xF4, 0xA1, 0x39, 0x45, 0xD8,
    0x98, 0xC2, 0x96, 0x4F, 0xE3, 0x42, 0xE2, 0xFE, 0x1A, 0x7F, 0x9B, 0x8E, 0xE7, 0xEB, 0x4A,
    0x7C, 0x0F, 0x9E, 0x16, 0x2B, 0xCE, 0x33, 0x57, 0x6B, 0x31, 0x5E, 0xCE, 0xCB, 0xB6, 0x40,
    0x68, 0x37, 0xBF, 0x51, 0xF5};

uint8_t *bb_build(const bb_spec *spec, size_t *len)
{
    bbuf body = {0}, isc = {0}, crt = {0}, out = {0};
    uint8_t one = 1, key_type = spec->key_type ? spec->key_type : 0x88;
    uint8_t key_len = spec->key_len ? spec->key_len : 16;
    uint8_t sign[64];
    esv_bsp st;
    size_t chunk = spec->segment_data ? spec->segment_data : 1007;

    memset(sign, 0x5A, sizeof(sign));
    /* InitialiseSecureChannelRequest (5.5.1) */
    put_tlv(&crt, 0x80, &key_type, 1);
    put_tlv(&crt, 0x81, &key_len, 1);
    put_tlv(&crt, 0x84, spec->host_id, spec->host_id_len);
    if (spec->remote_op_id != NULL)
        put_tlv(&isc, 0x82, spec->remote_op_id, spec->remote_op_id_len);
    else
        put_tlv(&isc, 0x82, &one, 1);
    put_tlv(&isc, 0x80, spec->transaction_id, spec->transaction_id_len);
    put_tlv(&isc, 0xA6, crt.p, crt.n);
    if (spec->smdp_otpk != NULL)
        put_tlv(&isc, 0x5F49, spec->smdp_otpk, spec->smdp_otpk_len);
    else
        put_tlv(&isc, 0x5F49, p256_g, sizeof(p256_g));
    if (spec->smdp_sign != NULL)
        put_tlv(&isc, 0x5F37, spec->smdp_sign, spec->smdp_sign_len);
    else
        put_tlv(&isc, 0x5F37, sign, sizeof(sign));
    put_tlv(&body, 0xBF23, isc.p, isc.n);

    esv_bsp_init(&st, spec->keys);
    put_segments(&body, 0xA0, &st, 0x87,
                 spec->configure_isdp_as_is ? ESV_BSP_ENCRYPT_AS_IS : ESV_BSP_ENCRYPT, spec->configure_isdp, spec->configure_isdp_len, chunk);
    put_segments(&body, 0xA1, &st, 0x88, ESV_BSP_MAC_ONLY, spec->store_metadata, spec->store_metadata_len, 1008);
    if (spec->rsk != NULL) {
        /* A2 with the caller's plaintext, whatever it is */
        put_segments(&body, 0xA2, &st, 0x87, ESV_BSP_ENCRYPT, spec->rsk, spec->rsk_len, chunk);
        if (spec->ppk != NULL) {
            esv_bsp_wipe(&st);
            esv_bsp_init(&st, spec->ppk);
        }
    } else if (spec->ppk != NULL) {
        /* ReplaceSessionKeysRequest: initialMacChainingValue, ppkEnc, ppkCmac */
        bbuf rsk = {0}, inner = {0};
        put_tlv(&inner, 0x80, spec->ppk->icv, 16);
        put_tlv(&inner, 0x81, spec->ppk->s_enc, 16);
        put_tlv(&inner, 0x82, spec->ppk->s_mac, 16);
        put_tlv(&rsk, 0xBF26, inner.p, inner.n);
        put_segments(&body, 0xA2, &st, 0x87, ESV_BSP_ENCRYPT, rsk.p, rsk.n, chunk);
        free(rsk.p);
        free(inner.p);
        esv_bsp_wipe(&st);
        esv_bsp_init(&st, spec->ppk);
    }
    put_segments(&body, 0xA3, &st, 0x86, ESV_BSP_ENCRYPT, spec->upp, spec->upp_len, chunk);
    esv_bsp_wipe(&st);
    put_tlv(&out, 0xBF36, body.p, body.n);
    free(body.p);
    free(isc.p);
    free(crt.p);
    *len = out.n;
    return out.p;
}

uint8_t *bb_synthetic_upp(size_t n, size_t *len)
{
    bbuf b = {0};
    size_t i = 0;
    uint8_t v[200];
    while (b.n < n) {
        size_t k;
        for (k = 0; k < sizeof(v); k++)
            v[k] = (uint8_t)(i * 7 + k);
        put_tlv(&b, 0xA0 + (unsigned)(i % 4), v, sizeof(v) - (i % 50));
        i++;
    }
    *len = b.n;
    return b.p;
}

static const uint8_t default_tid[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
/* ConfigureISDPRequest { iccid, dpOid 1.2 }, made up */
static const uint8_t default_cfg[] = {0xBF, 0x24, 0x0F, 0x5A, 0x0A, 0x98, 0x10, 0x32, 0x54, 0x76,
                                      0x98, 0x10, 0x32, 0x54, 0xF6, 0x06, 0x01, 0x2A};
/* StoreMetadataRequest { iccid, serviceProviderName "esv", profileName "synthetic" } */
static const uint8_t default_smd[] = {0xBF, 0x25, 0x1C, 0x5A, 0x0A, 0x98, 0x10, 0x32, 0x54, 0x76,
                                      0x98, 0x10, 0x32, 0x54, 0xF6, 0x91, 0x03, 'e',  's',  'v',
                                      0x92, 0x09, 's',  'y',  'n',  't',  'h',  'e',  't',  'i',
                                      'c'};

void bb_default_spec(bb_spec *spec, esv_bsp_keys *session, esv_bsp_keys *ppk,
                     const uint8_t *upp, size_t upp_len)
{
    memset(spec, 0, sizeof(*spec));
    bb_fixed_keys(session, ppk);
    spec->keys = session;
    spec->transaction_id = default_tid;
    spec->transaction_id_len = sizeof(default_tid);
    spec->host_id = (const uint8_t *)"esv-test";
    spec->host_id_len = 8;
    spec->configure_isdp = default_cfg;
    spec->configure_isdp_len = sizeof(default_cfg);
    spec->store_metadata = default_smd;
    spec->store_metadata_len = sizeof(default_smd);
    spec->upp = upp;
    spec->upp_len = upp_len;
}
