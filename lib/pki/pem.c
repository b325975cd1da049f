/*
 * pem.c - PEM text (RFC 7468) to DER: "-----BEGIN LABEL-----", base64
 * lines, "-----END LABEL-----". Text outside blocks is ignored (bundles
 * often carry "subject=" comments); inside a block only base64 and white
 * space are allowed, and the END label must match.
 */
#include <stdlib.h>
#include <string.h>

#include "pki.h"

static int b64_value(uint8_t ch)
{
    if (ch >= 'A' && ch <= 'Z') return ch - 'A';
    if (ch >= 'a' && ch <= 'z') return ch - 'a' + 26;
    if (ch >= '0' && ch <= '9') return ch - '0' + 52;
    if (ch == '+') return 62;
    if (ch == '/') return 63;
    return -1;
}

/* Strict base64 of text[0..len) (white space skipped, padding only at the
 * end) into a new buffer. Returns 0, -1 malformed, -2 ENOMEM. */
static int b64_decode(const uint8_t *text, size_t len, uint8_t **out, size_t *out_len)
{
    uint8_t *buf = malloc(len / 4 * 3 + 3);
    uint32_t acc = 0;
    size_t n = 0, o = 0, pad = 0, i;
    if (buf == NULL)
        return -2;
    for (i = 0; i < len; i++) {
        uint8_t ch = text[i];
        int v;
        if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n')
            continue;
        if (ch == '=') {
            pad++;
            n++;
            acc <<= 6;
            if (pad > 2)
                goto bad;
        } else {
            if (pad > 0 || (v = b64_value(ch)) < 0)
                goto bad;
            acc = (acc << 6) | (uint32_t)v;
            n++;
        }
        if (n == 4) {
            buf[o++] = (uint8_t)(acc >> 16);
            if (pad < 2)
                buf[o++] = (uint8_t)(acc >> 8);
            if (pad < 1)
                buf[o++] = (uint8_t)acc;
            n = 0;
            acc = 0;
            if (pad)
                break;
        }
    }
    for (i++; i < len; i++) /* only white space after the padding */
        if (!(text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n'))
            goto bad;
    if (n != 0 || o == 0)
        goto bad;
    *out = buf;
    *out_len = o;
    return 0;
bad:
    free(buf);
    return -1;
}

static const uint8_t *find(const uint8_t *p, const uint8_t *end, const char *s)
{
    size_t n = strlen(s);
    while ((size_t)(end - p) >= n) {
        const uint8_t *q = memchr(p, s[0], (size_t)(end - p) - n + 1);
        if (q == NULL)
            return NULL;
        if (memcmp(q, s, n) == 0)
            return q;
        p = q + 1;
    }
    return NULL;
}

bool pki_is_pem(const uint8_t *data, size_t len)
{
    return data != NULL && find(data, data + len, "-----BEGIN ") != NULL;
}

long pki_pem_each(const uint8_t *text, size_t len, const char *label, pki_pem_fn fn,
                  void *opaque, bool *nomem)
{
    const uint8_t *p = text, *end = text + len;
    char begin[64], endm[64];
    long count = 0;
    size_t ll = strlen(label);

    *nomem = false;
    if (ll > 40)
        return -1;
    memcpy(begin, "-----BEGIN ", 11);
    memcpy(begin + 11, label, ll);
    memcpy(begin + 11 + ll, "-----", 6);
    memcpy(endm, "-----END ", 9);
    memcpy(endm + 9, label, ll);
    memcpy(endm + 9 + ll, "-----", 6);

    for (;;) {
        const uint8_t *b = find(p, end, begin), *body, *e;
        uint8_t *der;
        size_t der_len;
        int rc;
        if (b == NULL)
            break;
        body = b + strlen(begin);
        e = find(body, end, endm);
        if (e == NULL)
            return -1;
        /* A BEGIN of another block inside this one: malformed. */
        if (find(body, e, "-----") != NULL)
            return -1;
        rc = b64_decode(body, (size_t)(e - body), &der, &der_len);
        if (rc == -2) {
            *nomem = true;
            return -1;
        }
        if (rc != 0)
            return -1;
        count++;
        if (fn(opaque, der, der_len) != 0)
            return -1;
        p = e + strlen(endm);
    }
    return count;
}

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
    c->oom = true;
    return -1;
}

/* pki_pem_fn adapter: each decoded block joins the list. */
static int collect_one(void *opaque, uint8_t *der, size_t len)
{
    return pki_ders_push(opaque, der, len);
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

esv_status pki_split_input(const uint8_t *data, size_t len, const char *label, pki_ders *out)
{
    memset(out, 0, sizeof(*out));
    if (pki_is_pem(data, len)) {
        bool nomem = false;
        long n = pki_pem_each(data, len, label, collect_one, out, &nomem);
        if (n <= 0) {
            bool oom = nomem || out->oom;
            pki_ders_free(out);
            memset(out, 0, sizeof(*out));
            return oom ? ESV_E_NOMEM : ESV_E_PARSE;
        }
        return ESV_OK;
    }
    uint8_t *copy = malloc(len ? len : 1);
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

