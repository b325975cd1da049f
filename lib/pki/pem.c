/*
 * pem.c - what a certificate or CRL input is: one DER value, or PEM text
 * (RFC 7468) carrying them, decided on the whole input.
 *
 * Looking for "-----BEGIN " anywhere would let a DER value that merely
 * carries PEM text (in an OCTET STRING, say) verify as the certificates in
 * that text, and would refuse a DER certificate with "-----BEGIN " in a
 * name. So, in this order:
 *  1. exactly one well-formed DER value is DER, whatever bytes it holds;
 *  2. else PEM text as lib/check/pem_text.h defines it (all of the input)
 *     gives the blocks of the wanted label, decoded; blocks of another
 *     label are skipped; none of the wanted label is ESV_E_PARSE;
 *  3. else the input is handed on as DER, so that the strict DER walk
 *     reports what is wrong with it.
 */
#include <stdlib.h>
#include <string.h>

#include <mbedtls/base64.h>

#include "../check/pem_text.h"
#include "pki.h"

int pki_ders_push(pki_ders *c, uint8_t *der, size_t len)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 4;
        uint8_t **d = realloc(c->ders, cap * sizeof(*d));
        if (d == NULL)
            goto oom;
        c->ders = d;
        size_t *l = realloc(c->lens, cap * sizeof(*l));
        if (l == NULL)
            goto oom;
        c->lens = l;
        c->cap = cap;
    }
    c->ders[c->n] = der;
    c->lens[c->n++] = len;
    return 0;
oom:
    free(der);
    return -1;
}

void pki_ders_free(pki_ders *c)
{
    size_t i;
    for (i = 0; i < c->n; i++)
        free(c->ders[i]);
    free(c->ders);
    free(c->lens);
    memset(c, 0, sizeof(*c)); /* freeing twice is harmless */
}

bool pki_der_one_value(const uint8_t *data, size_t len)
{
    der_limits lim;
    der_result res;
    der_limits_default(&lim);
    return der_walk(data, len, 0, &lim, DER_WALK_CONTENTS, &res) == DER_OK;
}

/* The DER a block carries. mbedTLS 2.28's decoder takes spaces only before
 * a line break, no tab or lone CR, and silently drops a final partial
 * group or nonzero pad bits: so it gets the base64 characters alone, which
 * esv_pem_next has already checked (whole groups, padding, pad bits). */
static esv_status decode_block(const esv_pem_block *b, uint8_t **out, size_t *out_len)
{
    size_t der_len = b->chars / 4 * 3 - b->pad, olen = 0, n = 0, i;
    uint8_t *b64 = malloc(b->chars), *der = malloc(der_len);
    int rc;
    if (b64 == NULL || der == NULL) {
        free(b64);
        free(der);
        return ESV_E_NOMEM;
    }
    for (i = 0; i < b->body_len && n < b->chars; i++) {
        uint8_t ch = b->body[i];
        if (ch != ' ' && ch != '\t' && ch != '\r' && ch != '\n')
            b64[n++] = ch;
    }
    rc = mbedtls_base64_decode(der, der_len, &olen, b64, n);
    free(b64);
    if (rc != 0 || olen != der_len) { /* not expected: the text was checked */
        free(der);
        return ESV_E_PARSE;
    }
    *out = der;
    *out_len = der_len;
    return ESV_OK;
}

/* Rule 2, on text esv_pem_blocks accepted. */
static esv_status split_pem(const uint8_t *text, size_t len, const char *label, pki_ders *out)
{
    esv_pem_cursor c;
    esv_pem_block b;
    size_t label_len = strlen(label);
    esv_status st = ESV_OK;

    esv_pem_init(&c, text, len);
    while (esv_pem_next(&c, &b) == 1) {
        uint8_t *der;
        size_t der_len;
        /* Another kind of object (a key, CRLs beside certificates). */
        if (b.label_len != label_len || memcmp(b.label, label, label_len) != 0)
            continue;
        st = decode_block(&b, &der, &der_len);
        if (st != ESV_OK)
            break;
        if (pki_ders_push(out, der, der_len) != 0) {
            st = ESV_E_NOMEM;
            break;
        }
    }
    if (st == ESV_OK && out->n == 0)
        st = ESV_E_PARSE;
    if (st != ESV_OK)
        pki_ders_free(out);
    return st;
}

esv_status pki_split_input(const uint8_t *data, size_t len, const char *label, pki_ders *out)
{
    uint8_t *copy;
    memset(out, 0, sizeof(*out));
    /* Rules 1 and 2 in the cheaper order, same outcome: binary DER fails
     * the text test within its first octets (a length octet of a value
     * over 127 bytes is 0x81..0x84), so the walk here only runs on PEM
     * text, which is DER only in contrived cases. */
    if (esv_pem_blocks(data, len, NULL) > 0 && !pki_der_one_value(data, len))
        return split_pem(data, len, label, out);
    /* Rules 1 and 3: one value, copied. */
    copy = malloc(len ? len : 1);
    if (copy == NULL)
        return ESV_E_NOMEM;
    if (len)
        memcpy(copy, data, len);
    if (pki_ders_push(out, copy, len) != 0) {
        pki_ders_free(out);
        return ESV_E_NOMEM;
    }
    return ESV_OK;
}
